// Atomic files in a held folder (atomic_dir.hpp).
#include "output/atomic_dir.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "common/error.hpp"
#include "common/file_util.hpp"
#include "mnistseq/mnistseq.h"
#include "output/atomic_file.hpp"

namespace mseq {
namespace {

constexpr int kCreateAttempts = 100;

int open_dir(const std::string &path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throw Error(MSEQ_EIO, path + ": " + errno_text(errno));
    return fd;
}

}  // namespace

AtomicDir::AtomicDir(const std::string &dir, const std::string &temp_dir)
    : dir_(dir), temp_dir_(temp_dir) {
    dir_fd_ = open_dir(dir_);
    try {
        temp_fd_ = open_dir(temp_dir_);
    } catch (...) {
        ::close(dir_fd_);
        throw;
    }
}

AtomicDir::~AtomicDir() {
    ::close(temp_fd_);
    ::close(dir_fd_);
}

void AtomicDir::write_file(const std::string &name, const void *data,
                           size_t size) const {
    // The target's path is built for error messages only.
    const auto path = [&] { return dir_ + "/" + name; };
    std::string temp;
    temp.reserve(name.size() + 16);
    int fd = -1;
    int err = EEXIST;
    for (int attempt = 0; attempt < kCreateAttempts && err == EEXIST;
         ++attempt) {
        temp.assign(kTempPrefix)
            .append(name)
            .append(".")
            .append(temp_name_suffix());
        fd = ::openat(temp_fd_, temp.c_str(),
                      O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        err = fd < 0 ? errno : 0;
    }
    if (fd < 0) {
        throw Error(MSEQ_EIO, path() + ": " + errno_text(err) +
                                  " (creating a temporary file in " +
                                  temp_dir_ + ")");
    }
    const auto fail = [&](int e, const std::string &detail) {
        if (fd >= 0) ::close(fd);
        ::unlinkat(temp_fd_, temp.c_str(), 0);
        throw Error(MSEQ_EIO,
                    path() + ": " + (detail.empty() ? errno_text(e) : detail));
    };
    err = write_all(fd, data, size);
    if (err != 0) fail(err, "");
    err = close_fd(fd);
    fd = -1;
    if (err != 0) fail(err, "");
    // A free name (the usual case): renamed without looking at it first.
    if (::renameat2(temp_fd_, temp.c_str(), dir_fd_, name.c_str(),
                    RENAME_NOREPLACE) == 0) {
        return;
    }
    err = errno;
    if (err != EEXIST && err != EINVAL && err != ENOSYS) fail(err, "");
    // Taken (or a file system without RENAME_NOREPLACE): only the caller's
    // own regular file is replaced.
    struct stat st;
    if (::fstatat(dir_fd_, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        !S_ISREG(st.st_mode)) {
        fail(0,
             "exists and is not a regular file (a link, folder or device "
             "that was not written here); remove it or choose another "
             "folder");
    }
    if (::renameat(temp_fd_, temp.c_str(), dir_fd_, name.c_str()) != 0) {
        fail(errno, "");
    }
}

}  // namespace mseq
