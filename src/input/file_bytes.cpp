// Reading data files once, regular files only, with transparent gunzip
// (file_bytes.hpp).
#include "input/file_bytes.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <new>

#include "common/error.hpp"
#include "common/file_util.hpp"

namespace mseq {
namespace {

// Largest input buffer of a gzip file, and smallest (a file's size decides
// in between, so that a small file gets a small buffer).
constexpr size_t kMaxInput = size_t{1} << 16;
constexpr size_t kMinInput = 256;
// First block of a content of unknown size; later blocks double it.
constexpr size_t kFirstBlock = size_t{1} << 12;
// Largest single read into a caller's vector (the bytes are zeroed first).
constexpr size_t kStep = size_t{1} << 20;
// Largest single read(2): Linux transfers at most about 2 GiB at once.
constexpr size_t kMaxRead = size_t{1} << 30;

// What a file that is not a regular file is, for messages.
const char *file_kind(mode_t mode) {
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISLNK(mode)) return "a symbolic link";
    return "of an unknown type";
}

[[noreturn]] void not_regular(const std::string &path, mode_t mode) {
    throw Error(MSEQ_EIO, path + ": not a regular file (" +
                              std::string(file_kind(mode)) +
                              "); data files must be regular files");
}

// Opens path for reading without blocking (a FIFO without a writer would
// block an ordinary open for ever); returns the descriptor, or minus the
// errno value on failure.
int open_nonblocking(const std::string &path) {
    for (;;) {
        const int fd =
            ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (fd >= 0) return fd;
        if (errno != EINTR) return -errno;
    }
}

// Throws the error of a failed open: a path that exists but cannot be
// opened because of its type (a socket: ENXIO) is named as not regular.
[[noreturn]] void open_failed(const std::string &path, int err) {
    struct stat st;
    if (err != EACCES && ::stat(path.c_str(), &st) == 0 &&
        !S_ISREG(st.st_mode)) {
        not_regular(path, st.st_mode);
    }
    throw Error(MSEQ_EIO, path + ": cannot open: " + errno_text(err));
}

[[noreturn]] void throw_inflate_error(const std::string &path, int ret,
                                      const z_stream &zs) {
    const std::string detail = zs.msg != nullptr ? zs.msg : "unknown fault";
    if (ret == Z_MEM_ERROR) {
        throw Error(MSEQ_ENOMEM, path + ": out of memory while decompressing");
    }
    if (ret == Z_DATA_ERROR || ret == Z_NEED_DICT) {
        throw Error(MSEQ_EFORMAT, path + ": corrupt gzip data: " + detail);
    }
    throw Error(MSEQ_EINTERNAL, path + ": zlib inflate failed (" +
                                    std::to_string(ret) + "): " + detail);
}

}  // namespace

bool is_gzip(const uint8_t *data, size_t size) {
    return size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
}

// The inflate state of a gzip file and its compressed input.
struct ContentReader::Gzip {
    z_stream zs{};
    bool started = false;     // inflateInit2 succeeded
    bool done = false;        // the last member ended with the file
    std::vector<uint8_t> in;  // compressed input; zs.next_in points in it
    ~Gzip() {
        if (started) inflateEnd(&zs);
    }
};

ContentReader::ContentReader(const std::string &path)
    : ContentReader(path, open_nonblocking(path)) {}

ContentReader::ContentReader(const std::string &path, int fd)
    : path_(path), fd_(fd) {
    if (fd_ < 0) open_failed(path, -fd_);
    struct stat st;
    if (::fstat(fd_, &st) != 0) {
        const int err = errno;
        ::close(fd_);
        throw Error(MSEQ_EIO, path + ": cannot open: " + errno_text(err));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd_);
        not_regular(path, st.st_mode);
    }
    // Regular: reads from here may block as usual. O_NONBLOCK is the only
    // file status flag the open set (F_SETFL leaves the access mode).
    if (::fcntl(fd_, F_SETFL, 0) == -1) {
        const int err = errno;
        ::close(fd_);
        throw Error(MSEQ_EIO, path + ": cannot open: " + errno_text(err));
    }
    file_size_ = st.st_size > 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

ContentReader::~ContentReader() {
    if (fd_ >= 0) ::close(fd_);
}

std::unique_ptr<ContentReader> ContentReader::open_if_present(
    const std::string &path) {
    // The open tells "nothing there" apart itself: a stat before it could
    // be stale by the time of the open.
    const int fd = open_nonblocking(path);
    if (fd == -ENOENT || fd == -ENOTDIR) return nullptr;
    return std::unique_ptr<ContentReader>(new ContentReader(path, fd));
}

size_t ContentReader::read_file(uint8_t *buf, size_t n) {
    size_t done = 0;
    while (done < n && !file_eof_) {
        const ssize_t got =
            read_some(fd_, buf + done, std::min(n - done, kMaxRead));
        if (got < 0) {
            throw Error(MSEQ_EIO,
                        path_ + ": cannot read: " + errno_text(errno));
        }
        if (got == 0) {
            file_eof_ = true;
            break;
        }
        done += static_cast<size_t>(got);
        file_read_ += static_cast<uint64_t>(got);
    }
    return done;
}

void ContentReader::detect() {
    detected_ = true;
    ahead_size_ = read_file(ahead_, sizeof ahead_);
    if (!is_gzip(ahead_, ahead_size_)) return;
    gzip_ = true;
    z_ = std::make_unique<Gzip>();
    const uint64_t hint = std::max<uint64_t>(file_size_, kMinInput);
    z_->in.resize(static_cast<size_t>(std::min<uint64_t>(hint, kMaxInput)));
    std::memcpy(z_->in.data(), ahead_, ahead_size_);
    z_->zs.next_in = z_->in.data();
    z_->zs.avail_in = static_cast<uInt>(ahead_size_);
    ahead_size_ = 0;
    const int init = inflateInit2(&z_->zs, 16 + MAX_WBITS);  // gzip only
    if (init != Z_OK) throw_inflate_error(path_, init, z_->zs);
    z_->started = true;
}

void ContentReader::refill() {
    z_stream &zs = z_->zs;
    if (file_eof_) return;
    const size_t keep = zs.avail_in;
    std::memmove(z_->in.data(), zs.next_in, keep);
    const size_t got = read_file(z_->in.data() + keep, z_->in.size() - keep);
    zs.next_in = z_->in.data();
    zs.avail_in = static_cast<uInt>(keep + got);
}

size_t ContentReader::read_gzip(uint8_t *buf, size_t n) {
    z_stream &zs = z_->zs;
    size_t produced = 0;
    while (produced < n && !z_->done) {
        if (zs.avail_in == 0) refill();
        const size_t room = std::min<size_t>(n - produced, UINT_MAX);
        zs.next_out = buf + produced;
        zs.avail_out = static_cast<uInt>(room);
        const int ret = inflate(&zs, Z_NO_FLUSH);
        produced += room - zs.avail_out;
        if (ret == Z_STREAM_END) {
            // Another gzip member may follow (as `cat a.gz b.gz` makes).
            if (zs.avail_in < 2) refill();
            if (zs.avail_in == 0) {
                z_->done = true;
                break;
            }
            if (!is_gzip(zs.next_in, zs.avail_in)) {
                throw Error(MSEQ_EFORMAT,
                            path_ + ": unexpected bytes after the gzip data");
            }
            inflateReset(&zs);
        } else if (ret == Z_BUF_ERROR) {
            // No progress was possible: only when the input has run out.
            if (zs.avail_in == 0 && file_eof_) {
                throw Error(MSEQ_EFORMAT,
                            path_ +
                                ": truncated gzip data (the compressed "
                                "stream ends early)");
            }
        } else if (ret != Z_OK) {
            throw_inflate_error(path_, ret, zs);
        }
    }
    return produced;
}

size_t ContentReader::read(uint8_t *buf, size_t n) {
    try {
        if (!detected_) detect();
        if (gzip_) return read_gzip(buf, n);
        const size_t given = std::min(n, ahead_size_ - ahead_pos_);
        if (given != 0) std::memcpy(buf, ahead_ + ahead_pos_, given);
        ahead_pos_ += given;
        return given + read_file(buf + given, n - given);
    } catch (const std::bad_alloc &) {
        throw Error(MSEQ_ENOMEM, path_ + ": out of memory reading the file");
    }
}

size_t ContentReader::read_append(std::vector<uint8_t> &out, size_t n) {
    try {
        if (!detected_) detect();
        size_t appended = 0;
        while (appended < n) {
            if (out.size() == out.capacity() && !gzip_ && file_size_ > 0 &&
                file_read_ >= file_size_ && ahead_pos_ == ahead_size_) {
                // A raw file read up to its size: grow only if it goes on.
                uint8_t byte = 0;
                if (read_file(&byte, 1) == 0) break;
                out.push_back(byte);
                ++appended;
                continue;
            }
            if (out.size() == out.capacity()) {
                // A raw file's remaining bytes at once: they are there (the
                // file's size says so). Else as much again as is held.
                size_t grow = std::max(out.size(), kFirstBlock);
                if (!gzip_ && file_size_ > file_read_) {
                    const uint64_t left =
                        file_size_ - file_read_ + (ahead_size_ - ahead_pos_);
                    grow = static_cast<size_t>(
                        std::min<uint64_t>(left, SIZE_MAX / 2));
                }
                grow = std::min(grow, n - appended);
                if (grow > SIZE_MAX - out.size()) throw std::bad_alloc();
                out.reserve(out.size() + grow);
            }
            const size_t step =
                std::min({n - appended, out.capacity() - out.size(), kStep});
            const size_t old = out.size();
            out.resize(old + step);
            const size_t got = read(out.data() + old, step);
            out.resize(old + got);
            appended += got;
            if (got < step) break;
        }
        return appended;
    } catch (const std::bad_alloc &) {
        throw Error(MSEQ_ENOMEM, path_ + ": out of memory reading the file");
    }
}

FileBytes read_file_bytes(const std::string &path, size_t limit) {
    ContentReader reader(path);
    FileBytes result;
    reader.read_append(result.data, limit);
    if (result.data.size() == limit) {
        uint8_t probe = 0;
        result.more = reader.read(&probe, 1) == 1;
    }
    result.gzip = reader.gzip();
    return result;
}

}  // namespace mseq
