// Atomic file output: bytes go to a temporary file in the target's directory
// (".<name>.XXXXXX"), which is renamed over the target only once everything
// is written. Readers see the old file or the complete new one, never a
// partial file; on any failure the temporary file is removed and the target
// is untouched. A target that exists and is neither a regular file nor a
// directory (a device such as /dev/null or /dev/full, a FIFO) is written
// directly instead, since renaming over it would replace it.
#pragma once

#include <cstddef>
#include <string>

namespace mseq {

// A file being written atomically. Not copyable; movable.
//
//   AtomicFile file(path);     // creates the temporary file
//   file.write(data, size);    // as often as needed
//   file.commit();             // renames it over path
//
// Destroying it without commit() (an error, an exception) removes the
// temporary file. Every failure throws mseq::Error(MSEQ_EIO,
// "<path>: <reason>") naming the target path.
class AtomicFile {
public:
    // Creates the temporary file beside path, with mode 0666 minus the
    // umask, as a new file would get. A path that names a directory ("" or
    // ending in '/') is MSEQ_EINVAL.
    explicit AtomicFile(const std::string &path);
    ~AtomicFile();
    AtomicFile(AtomicFile &&other) noexcept;
    AtomicFile &operator=(AtomicFile &&other) noexcept;
    AtomicFile(const AtomicFile &) = delete;
    AtomicFile &operator=(const AtomicFile &) = delete;

    // Appends size bytes (all of them: short writes and EINTR are retried).
    void write(const void *data, size_t size);

    // Closes the temporary file (after fsync when sync is true) and renames
    // it over the target (then fsyncs the directory when sync is true).
    // After a failure the temporary file is gone and the target untouched.
    void commit(bool sync = false);

    // Removes the temporary file now, leaving the target untouched. No-op
    // after commit() or a previous discard(). Never throws.
    void discard() noexcept;

    const std::string &path() const { return path_; }
    const std::string &temp_path() const { return temp_path_; }

private:
    [[noreturn]] void fail(int err);

    std::string path_;
    std::string temp_path_;  // "" when writing directly
    int fd_ = -1;
    bool direct_ = false;  // writing straight to a device or FIFO
};

// Writes size bytes to path atomically (AtomicFile + commit). Throws
// mseq::Error (MSEQ_EIO, or MSEQ_EINVAL for a directory path).
void write_file_atomic(const std::string &path, const void *data, size_t size,
                       bool sync = false);

}  // namespace mseq
