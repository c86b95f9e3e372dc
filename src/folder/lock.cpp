// Folder locks (lock.hpp).
#include "folder/lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/error.hpp"
#include "common/file_util.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {
namespace {

// The process holding a FLOCK on the inode (device, inode), from
// /proc/locks ("1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF"); 0 when
// it cannot be told.
long lock_holder(dev_t dev, ino_t ino) {
    std::ifstream locks("/proc/locks");
    std::string line;
    while (std::getline(locks, line)) {
        std::istringstream in(line);
        std::string id, kind, mode, access, where;
        long pid = 0;
        if (!(in >> id >> kind)) continue;
        if (kind == "->") continue;  // a waiter
        if (!(in >> mode >> access >> pid >> where) || kind != "FLOCK") {
            continue;
        }
        unsigned major = 0, minor = 0;
        unsigned long long inode = 0;
        if (std::sscanf(where.c_str(), "%x:%x:%llu", &major, &minor, &inode) ==
                3 &&
            inode == static_cast<unsigned long long>(ino) &&
            makedev(major, minor) == dev) {
            return pid;
        }
    }
    return 0;
}

}  // namespace

DirLock::DirLock(const std::string &dir) {
    fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_ < 0) {
        throw Error(MSEQ_EIO, dir + ": " + errno_text(errno));
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) return;
    const int err = errno;
    struct stat st;
    long pid = 0;
    if (err == EWOULDBLOCK && ::fstat(fd_, &st) == 0) {
        pid = lock_holder(st.st_dev, st.st_ino);
    }
    ::close(fd_);
    fd_ = -1;
    if (err != EWOULDBLOCK) {
        throw Error(MSEQ_EIO, dir + ": cannot lock: " + errno_text(err));
    }
    throw Error(MSEQ_EEXIST,
                dir + ": in use by " +
                    (pid > 0 ? "process " + std::to_string(pid)
                             : std::string("another process")) +
                    " (another job is writing this dataset; wait for it to "
                    "end)");
}

DirLock::~DirLock() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace mseq
