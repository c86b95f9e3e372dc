// An exclusive, advisory lock on a folder (flock(2) on the folder itself),
// held by one dataset job at a time so that two runs of the same job never
// write the same files. The kernel drops it when its holder dies: a killed
// job never leaves a stale lock, and no lock file is ever written.
#pragma once

#include <string>

namespace mseq {

class DirLock {
public:
    // Locks dir (which must exist) without waiting. MSEQ_EEXIST "<dir>: in
    // use by process N (another job is writing this dataset ...)" when
    // another open of it holds the lock; MSEQ_EIO when it cannot be opened.
    explicit DirLock(const std::string &dir);
    ~DirLock();
    DirLock(const DirLock &) = delete;
    DirLock &operator=(const DirLock &) = delete;

private:
    int fd_ = -1;
};

}  // namespace mseq
