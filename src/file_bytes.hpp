// Reads a file's content into memory, gunzipping it transparently when it
// starts with the gzip magic (1f 8b). Reading stops at a caller-chosen limit,
// so a small compressed file cannot make the library allocate gigabytes
// (decompression bomb): the caller derives the limit from what the file must
// hold and learns whether the content goes on beyond it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mseq {

// The first bytes of a file's (decompressed) content.
struct FileBytes {
    std::vector<uint8_t> data;  // min(content size, limit) bytes
    bool more = false;          // the content goes on beyond `limit` bytes
    bool gzip = false;          // the file was gzip-compressed
};

// True when `size` bytes at `data` start with the gzip magic.
bool is_gzip(const uint8_t *data, size_t size);

// Reads at most `limit` bytes of the content of the file at `path`: its
// bytes, or the decompressed bytes of all its gzip members when it starts
// with the gzip magic. Sets `more` when the content continues past `limit`
// (found by reading one byte further, never the whole rest).
//
// Throws mseq::Error, with messages that start with `path`:
//  - MSEQ_EIO when the file cannot be opened or read (the message carries
//    the system's reason, e.g. "No such file or directory");
//  - MSEQ_EFORMAT when gzip data is corrupt, truncated, or followed by bytes
//    that are not another gzip member;
//  - MSEQ_ENOMEM when memory runs out.
FileBytes read_file_bytes(const std::string &path, size_t limit);

}  // namespace mseq
