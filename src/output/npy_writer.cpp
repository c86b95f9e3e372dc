// NPY 1.0 headers and region-written files (npy_writer.hpp).
#include "output/npy_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "common/error.hpp"
#include "common/file_util.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {
namespace {

// "\x93NUMPY", major, minor, then a little-endian uint16 header length.
constexpr size_t kPreambleSize = 10;
constexpr size_t kAlignment = 64;

bool host_is_little_endian() {
    const uint16_t probe = 1;
    unsigned char first = 0;
    std::memcpy(&first, &probe, 1);
    return first == 1;
}

[[noreturn]] void io_failure(const std::string &path, int err) {
    throw Error(MSEQ_EIO, path + ": " + errno_text(err));
}

}  // namespace

size_t npy_dtype_size(NpyDtype dtype) {
    return dtype == NpyDtype::f32 ? 4 : dtype == NpyDtype::u16 ? 2 : 1;
}

std::string npy_header(NpyDtype dtype, const std::vector<uint64_t> &shape) {
    if (shape.empty()) {
        throw Error(MSEQ_EINVAL, "npy header: empty shape");
    }
    std::string dict = "{'descr': '";
    if (dtype == NpyDtype::u8) {
        dict += "|u1";
    } else if (dtype == NpyDtype::u16) {
        dict += host_is_little_endian() ? "<u2" : ">u2";
    } else {
        dict += host_is_little_endian() ? "<f4" : ">f4";
    }
    dict += "', 'fortran_order': False, 'shape': (";
    for (size_t i = 0; i < shape.size(); ++i) {
        dict += std::to_string(shape[i]);
        dict += i + 1 < shape.size() || shape.size() == 1 ? ", " : "";
    }
    // numpy writes a one-element tuple as "(n,)".
    if (shape.size() == 1) {
        dict.pop_back();
    }
    dict += "), }";
    // Pad with spaces so that preamble + dict + '\n' is 64-byte aligned.
    const size_t unpadded = kPreambleSize + dict.size() + 1;
    const size_t total = (unpadded + kAlignment - 1) / kAlignment * kAlignment;
    const size_t header_len = total - kPreambleSize;
    if (header_len > 0xffff) {
        throw Error(MSEQ_ERANGE, "npy header: shape too long for NPY 1.0");
    }
    dict.append(total - unpadded, ' ');
    dict += '\n';
    std::string out("\x93NUMPY\x01\x00", 8);
    out += static_cast<char>(header_len & 0xff);
    out += static_cast<char>(header_len >> 8);
    return out + dict;
}

NpyRegionFile NpyRegionFile::create(const std::string &path,
                                    const std::string &header,
                                    uint64_t data_bytes) {
    const int fd =
        ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        io_failure(path, errno);
    }
    NpyRegionFile file(path, fd);
    file.write_at(0, header.data(), header.size());
    const uint64_t total = header.size() + data_bytes;
    if (total > static_cast<uint64_t>(INT64_MAX) ||
        ::ftruncate(fd, static_cast<off_t>(total)) != 0) {
        const int err =
            total > static_cast<uint64_t>(INT64_MAX) ? EFBIG : errno;
        file.close();
        ::unlink(path.c_str());
        io_failure(path, err);
    }
    return file;
}

NpyRegionFile NpyRegionFile::open(const std::string &path,
                                  uint64_t expected_size) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        io_failure(path, errno);
    }
    NpyRegionFile file(path, fd);
    struct stat st;
    if (::fstat(fd, &st) != 0) {
        io_failure(path, errno);
    }
    if (static_cast<uint64_t>(st.st_size) != expected_size) {
        throw Error(MSEQ_EIO, path + ": holds " + std::to_string(st.st_size) +
                                  " bytes, expected " +
                                  std::to_string(expected_size));
    }
    return file;
}

NpyRegionFile::NpyRegionFile(NpyRegionFile &&other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)) {}

NpyRegionFile &NpyRegionFile::operator=(NpyRegionFile &&other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        path_ = std::move(other.path_);
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

NpyRegionFile::~NpyRegionFile() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

void NpyRegionFile::write_at(uint64_t offset, const void *data,
                             size_t size) const {
    if (fd_ < 0) {
        throw Error(MSEQ_EINVAL, path_ + ": write after close (a bug)");
    }
    const int err = pwrite_all(fd_, data, size, offset);
    if (err != 0) io_failure(path_, err);
}

void NpyRegionFile::close() {
    if (fd_ >= 0) {
        const int err = close_fd(std::exchange(fd_, -1));
        if (err != 0) io_failure(path_, err);
    }
}

}  // namespace mseq
