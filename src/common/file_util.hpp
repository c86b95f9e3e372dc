// File helpers shared by every stage, written once here: errno as text,
// read/write/close loops that retry EINTR and short transfers, reading a
// file the library did not write (bounded, regular files only), listing
// and removing entries. The path-taking helpers throw mseq::Error naming
// the path; the descriptor loops return an errno value for the caller to
// name its file.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mseq {

// strerror(err), thread-safe; EFBIG also names the file size limit
// (ulimit -f) that is its usual cause.
std::string errno_text(int err);

// read(2) of at most size bytes, retried on EINTR: the bytes read (0 at
// the end of the file), or -1 with errno set.
ssize_t read_some(int fd, void *data, size_t size);

// Writes all size bytes to fd, retrying short writes and EINTR. Returns 0,
// or the errno value of the failure (EIO for a write that wrote nothing).
int write_all(int fd, const void *data, size_t size);

// The same at byte `offset` of the file (pwrite(2)), which is safe from
// several threads for disjoint ranges.
int pwrite_all(int fd, const void *data, size_t size, uint64_t offset);

// close(2): 0, or the errno value of a failure. EINTR counts as closed
// (Linux releases the descriptor whatever close returns).
int close_fd(int fd);

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

// Removes path when it is a regular file itself (not a link, not a
// directory); anything else there is left alone. MSEQ_EIO on failure.
void remove_if_regular(const std::string &path);

}  // namespace mseq
