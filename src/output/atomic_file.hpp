// Atomic file output: bytes go to a temporary file in the target's directory
// (".<name>.XXXXXX"), which is renamed over the target only once everything
// is written. Readers see the old file or the complete new one, never a
// partial file; on any failure the temporary file is removed and the target
// is untouched. A target that exists and is neither a regular file nor a
// directory (a device such as /dev/null or /dev/full, a FIFO) is written
// directly instead, since renaming over it would replace it. A symbolic
// link is written through (its target is replaced atomically, the link
// kept); a link to a directory or one that resolves to nothing is refused.
//
// With a temp_dir (a folder on the same file system that the caller owns,
// such as a dataset's .mnistseq-parts), the temporary file is
// "<temp_dir>/tmp.<name>.XXXXXX" instead: a name no user chooses, which the
// owner of temp_dir may remove after a crash (kTempPrefix). The target is
// then in a folder the caller owns: an entry there that is not a regular
// file (a link, a folder, a device) is refused with MSEQ_EIO rather than
// written through or replaced.
#pragma once

#include <cstddef>
#include <string>

namespace mseq {

// First characters of a temporary file's name in a caller's temp_dir.
constexpr const char *kTempPrefix = "tmp.";

// Six characters that make a temporary name unlikely to exist already;
// O_EXCL makes a clash harmless (another name is tried).
std::string temp_name_suffix();

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
    explicit AtomicFile(const std::string &path,
                        const std::string &temp_dir = std::string());
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

    std::string path_;       // as the caller named it (messages)
    std::string target_;     // what is replaced: path_, or a link's target
    std::string temp_path_;  // "" when writing directly
    int fd_ = -1;
    bool direct_ = false;  // writing straight to a device or FIFO
};

// Writes size bytes to path atomically (AtomicFile + commit). Throws
// mseq::Error (MSEQ_EIO, or MSEQ_EINVAL for a directory path).
void write_file_atomic(const std::string &path, const void *data, size_t size,
                       bool sync = false,
                       const std::string &temp_dir = std::string());

}  // namespace mseq
