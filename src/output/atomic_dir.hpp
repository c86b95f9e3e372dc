// Many small files written atomically into one folder, as AtomicFile with a
// temp_dir writes one (atomic_file.hpp), through directory descriptors held
// for the folder's life: each file is created as "tmp.<name>.XXXXXX" in
// temp_dir (a folder on the same file system that the caller owns), written
// and renamed to <dir>/<name>. A final name only ever holds a complete
// file; an entry there that is not a regular file (a link, a folder, a
// device) is refused with MSEQ_EIO and left as it is.
//
// Per file: openat, write, close and one renameat2(RENAME_NOREPLACE) when
// the name is free (a new dataset), with no path looked up from the root;
// only a name already taken costs an fstatat (and then a plain renameat
// over the caller's old regular file).
#pragma once

#include <cstddef>
#include <string>

namespace mseq {

class AtomicDir {
public:
    // Opens both folders. Throws mseq::Error(MSEQ_EIO) naming the folder.
    AtomicDir(const std::string &dir, const std::string &temp_dir);
    ~AtomicDir();
    AtomicDir(const AtomicDir &) = delete;
    AtomicDir &operator=(const AtomicDir &) = delete;

    // Writes size bytes to <dir>/<name> atomically (name: one path
    // component). May be called from several threads at once. Throws
    // mseq::Error(MSEQ_EIO, "<dir>/<name>: <reason>"); the temporary file is
    // then gone and the target untouched.
    void write_file(const std::string &name, const void *data,
                    size_t size) const;

private:
    std::string dir_;
    std::string temp_dir_;
    int dir_fd_ = -1;
    int temp_fd_ = -1;
};

}  // namespace mseq
