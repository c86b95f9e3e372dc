// Reads the content of data files: a file's bytes, or the decompressed bytes
// of all its gzip members when it starts with the gzip magic (1f 8b).
//
// A file is opened once, and only a regular file is read: a FIFO, a device,
// a directory or a socket is refused when it is opened, before any read,
// so that a data folder cannot make the library wait for ever (a FIFO
// without a writer) or read without end (/dev/zero). The open itself cannot
// block: it is made with O_NONBLOCK, which is cleared once the file is known
// to be regular. Every read is bounded by its caller, who derives the bound
// from what the file must hold, so that a small compressed file cannot make
// the library decompress, or allocate, more than that (decompression bomb);
// memory grows with the content actually read, never ahead of it by more
// than a factor of two.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mseq {

// True when `size` bytes at `data` start with the gzip magic.
bool is_gzip(const uint8_t *data, size_t size);

// The content of one data file, read front to back through the one
// descriptor opened for it.
//
// Errors throw mseq::Error, with messages that start with the path:
//  - MSEQ_EIO when the file cannot be opened or read (the message carries
//    the system's reason, e.g. "cannot open: No such file or directory") or
//    is not a regular file ("not a regular file (a FIFO)");
//  - MSEQ_EFORMAT when gzip data is corrupt, truncated, or followed by bytes
//    that are not another gzip member;
//  - MSEQ_ENOMEM when memory runs out.
class ContentReader {
public:
    // Opens the file at path.
    explicit ContentReader(const std::string &path);
    ~ContentReader();
    ContentReader(const ContentReader &) = delete;
    ContentReader &operator=(const ContentReader &) = delete;

    // Opens the file at path, or returns nullptr when there is none (no
    // such file, a dangling symbolic link, a missing folder on the way).
    static std::unique_ptr<ContentReader> open_if_present(
        const std::string &path);

    const std::string &path() const { return path_; }
    // The file is gzip-compressed (known once anything was read).
    bool gzip() const { return gzip_; }

    // Reads up to n bytes of content into buf and returns how many were
    // read: fewer than n only when the content ends.
    size_t read(uint8_t *buf, size_t n);

    // Appends up to n bytes of content to out and returns how many were
    // appended: fewer than n only when the content ends. out grows as the
    // content arrives (its capacity at most twice its size or 4 KiB, or
    // exactly the file's size for a raw file that holds them all), so a
    // short content never allocates what it only announced.
    size_t read_append(std::vector<uint8_t> &out, size_t n);

private:
    struct Gzip;

    // Takes fd (or minus an errno value) from an open of path.
    ContentReader(const std::string &path, int fd);
    void detect();
    size_t read_file(uint8_t *buf, size_t n);
    size_t read_gzip(uint8_t *buf, size_t n);
    void refill();

    std::string path_;
    int fd_ = -1;
    uint64_t file_size_ = 0;  // from fstat at open: a hint only
    uint64_t file_read_ = 0;  // bytes read from the file so far
    bool detected_ = false;   // the first bytes were looked at
    bool gzip_ = false;
    bool file_eof_ = false;
    // Raw files: bytes read ahead to detect gzip (as many as an IDX images
    // header, so that reading it takes no second read), given back first.
    uint8_t ahead_[16] = {};
    size_t ahead_size_ = 0;
    size_t ahead_pos_ = 0;
    std::unique_ptr<Gzip> z_;  // gzip files: the inflate state
};

// The first bytes of a file's (decompressed) content.
struct FileBytes {
    std::vector<uint8_t> data;  // min(content size, limit) bytes
    bool more = false;          // the content goes on beyond `limit` bytes
    bool gzip = false;          // the file was gzip-compressed
};

// Reads at most `limit` bytes of the content of the file at `path` through
// a ContentReader. Sets `more` when the content continues past `limit`
// (found by reading one byte further, never the whole rest). Throws as
// ContentReader does.
FileBytes read_file_bytes(const std::string &path, size_t limit);

}  // namespace mseq
