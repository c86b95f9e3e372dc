// Whole-file reading with transparent gunzip (file_bytes.hpp).
#include "file_bytes.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <new>
#include <system_error>

#include "error.hpp"

namespace mseq {
namespace {

// Size of one read of compressed input, and of the first read of any file.
constexpr size_t kChunk = size_t{1} << 18;

// The system's description of errno value `err` (thread-safe, unlike
// std::strerror).
std::string reason(int err) { return std::generic_category().message(err); }

// A file open for reading; closed when destroyed.
class InputFile {
public:
    explicit InputFile(const std::string &path) : path_(path) {
        errno = 0;
        file_ = std::fopen(path.c_str(), "rb");
        if (file_ == nullptr) {
            throw Error(MSEQ_EIO, path + ": cannot open: " + reason(errno));
        }
    }
    ~InputFile() { std::fclose(file_); }
    InputFile(const InputFile &) = delete;
    InputFile &operator=(const InputFile &) = delete;

    // Reads up to n bytes into buf and returns how many were read: fewer
    // than n only at the end of the file. Throws MSEQ_EIO on a read error.
    size_t read(uint8_t *buf, size_t n) {
        errno = 0;
        const size_t got = std::fread(buf, 1, n, file_);
        if (got < n && std::ferror(file_)) {
            throw Error(MSEQ_EIO, path_ + ": cannot read: " + reason(errno));
        }
        return got;
    }

private:
    std::string path_;
    std::FILE *file_;
};

// Size of the file at path, or 0 when unknown; only a hint for reserving
// memory, since the file may change while it is read.
size_t size_hint(const std::string &path) {
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec || size > SIZE_MAX - 1) return 0;
    return static_cast<size_t>(size);
}

// Raw content: `first` holds the first `nfirst` bytes, already read; a
// short first read means the file ended there.
FileBytes read_raw(InputFile &file, const std::string &path,
                   const uint8_t *first, size_t nfirst, size_t limit) {
    FileBytes result;
    std::vector<uint8_t> &out = result.data;
    if (nfirst > limit) {
        out.assign(first, first + limit);
        result.more = true;
        return result;
    }
    // One byte beyond the expected size, so that the read which finds the
    // end of the file needs no reallocation.
    out.reserve(std::min(limit, size_hint(path)) + 1);
    out.assign(first, first + nfirst);
    if (nfirst < kChunk) return result;
    while (out.size() < limit) {
        const size_t room = out.capacity() - out.size();
        const size_t step = std::min(limit - out.size(), room ? room : kChunk);
        const size_t old = out.size();
        out.resize(old + step);
        const size_t got = file.read(out.data() + old, step);
        out.resize(old + got);
        if (got < step) return result;
    }
    uint8_t probe = 0;
    result.more = file.read(&probe, 1) == 1;
    return result;
}

// Ends a zlib inflate stream when destroyed.
struct InflateGuard {
    z_stream *stream;
    ~InflateGuard() { inflateEnd(stream); }
};

// Compressed input, refilled from the file as inflate consumes it.
class GzipInput {
public:
    GzipInput(InputFile &file, z_stream &zs, std::vector<uint8_t> &buffer,
              size_t nfirst)
        : file_(file), zs_(zs), buffer_(buffer), eof_(nfirst < kChunk) {
        zs_.next_in = buffer_.data();
        zs_.avail_in = static_cast<uInt>(nfirst);
    }

    bool exhausted() const { return zs_.avail_in == 0 && eof_; }

    // Moves the unread bytes to the front and fills the rest of the buffer
    // from the file, unless the file has ended.
    void refill() {
        if (eof_) return;
        const size_t keep = zs_.avail_in;
        std::memmove(buffer_.data(), zs_.next_in, keep);
        const size_t got =
            file_.read(buffer_.data() + keep, buffer_.size() - keep);
        eof_ = got < buffer_.size() - keep;
        zs_.next_in = buffer_.data();
        zs_.avail_in = static_cast<uInt>(keep + got);
    }

private:
    InputFile &file_;
    z_stream &zs_;
    std::vector<uint8_t> &buffer_;
    bool eof_;
};

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

// Gzip content: `buffer` holds the first `nfirst` bytes of the file (the
// gzip magic), already read; its size is the input chunk size.
FileBytes read_gzip(InputFile &file, const std::string &path,
                    std::vector<uint8_t> &buffer, size_t nfirst, size_t limit) {
    FileBytes result;
    result.gzip = true;
    std::vector<uint8_t> &out = result.data;

    z_stream zs{};
    const int init = inflateInit2(&zs, 16 + MAX_WBITS);  // gzip wrapper only
    if (init != Z_OK) throw_inflate_error(path, init, zs);
    InflateGuard guard{&zs};
    GzipInput input(file, zs, buffer, nfirst);

    size_t produced = 0;
    uint8_t probe = 0;
    for (;;) {
        if (zs.avail_in == 0) input.refill();
        const bool probing = produced == limit;
        if (!probing && produced == out.size()) {
            // Doubling, but never beyond the limit.
            const size_t grown = std::max(produced, kChunk / 4);
            const size_t size =
                limit - produced < grown ? limit : produced + grown;
            out.reserve(size);
            out.resize(size);
        }
        uint8_t *dst = probing ? &probe : out.data() + produced;
        const size_t room =
            probing ? 1 : std::min<size_t>(out.size() - produced, UINT_MAX);
        zs.next_out = dst;
        zs.avail_out = static_cast<uInt>(room);
        const int ret = inflate(&zs, Z_NO_FLUSH);
        const size_t made = room - zs.avail_out;
        if (probing && made > 0) {
            result.more = true;
            break;
        }
        produced += made;
        if (ret == Z_STREAM_END) {
            // Another gzip member may follow (as `cat a.gz b.gz` makes).
            if (zs.avail_in < 2) input.refill();
            if (zs.avail_in == 0) break;
            if (!is_gzip(zs.next_in, zs.avail_in)) {
                throw Error(MSEQ_EFORMAT,
                            path + ": unexpected bytes after the gzip data");
            }
            inflateReset(&zs);
        } else if (ret == Z_BUF_ERROR) {
            // No progress was possible: only when the input has run out.
            if (input.exhausted()) {
                throw Error(MSEQ_EFORMAT,
                            path +
                                ": truncated gzip data (the compressed "
                                "stream ends early)");
            }
        } else if (ret != Z_OK) {
            throw_inflate_error(path, ret, zs);
        }
    }
    out.resize(produced);
    return result;
}

}  // namespace

bool is_gzip(const uint8_t *data, size_t size) {
    return size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
}

FileBytes read_file_bytes(const std::string &path, size_t limit) {
    try {
        InputFile file(path);
        std::vector<uint8_t> first(kChunk);
        const size_t nfirst = file.read(first.data(), first.size());
        if (is_gzip(first.data(), nfirst)) {
            return read_gzip(file, path, first, nfirst, limit);
        }
        return read_raw(file, path, first.data(), nfirst, limit);
    } catch (const std::bad_alloc &) {
        throw Error(MSEQ_ENOMEM, path + ": out of memory reading the file");
    }
}

}  // namespace mseq
