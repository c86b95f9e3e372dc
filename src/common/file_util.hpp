// File helpers shared by every stage: reading a file the library did
// not write (bounded, regular files only), listing and removing entries,
// errno as text. Every failure throws mseq::Error naming the path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mseq {

// strerror(err), thread-safe.
std::string errno_text(int err);

// Reads a whole regular file into text; false when it does not exist.
// Anything else that is not a regular file (a FIFO, a device, a directory,
// a link to one) is MSEQ_EIO "not a regular file", checked on the open
// descriptor, which is opened without blocking; a file larger than max
// bytes is MSEQ_ERANGE. So a hostile name never hangs or exhausts memory.
bool read_regular_file(const std::string &path, size_t max, std::string &text);

// Size of a regular file (links followed), or -1 when there is none.
int64_t regular_file_size(const std::string &path);

// True when path is a regular file itself (not a link to one).
bool is_plain_regular_file(const std::string &path);

bool is_directory(const std::string &path);

// Names in a directory, without "." and "..". MSEQ_EIO on failure.
std::vector<std::string> list_dir(const std::string &dir);

// unlink(2), ENOENT ignored. MSEQ_EIO otherwise.
void unlink_if_present(const std::string &path);

}  // namespace mseq
