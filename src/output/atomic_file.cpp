// Atomic file output: temporary file beside the target, then rename(2).
#include "output/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <utility>

#include "common/error.hpp"
#include "common/file_util.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {
namespace {

// Longest part of the target's name kept in the temporary name, so that
// ".<name>.XXXXXX" stays under NAME_MAX (255) whenever the name does.
constexpr size_t kMaxTempBase = 240;
constexpr int kCreateAttempts = 100;

uint64_t mix64(uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

}  // namespace

std::string temp_name_suffix() {
    static std::atomic<uint64_t> counter{0};
    static const char alphabet[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    const auto now = static_cast<uint64_t>(
        std::chrono::steady_clock::now().time_since_epoch().count());
    uint64_t bits = mix64(now ^ mix64(counter.fetch_add(1)) ^
                          (static_cast<uint64_t>(getpid()) << 32));
    std::string suffix(6, 'x');
    for (char &c : suffix) {
        c = alphabet[bits % 62];
        bits /= 62;
    }
    return suffix;
}

namespace {

// The file a chain of symbolic links leads to (existing or not).
std::string link_target(const std::string &path) {
    std::string current = path;
    for (int hop = 0; hop < 40; ++hop) {
        struct stat st;
        if (::lstat(current.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) {
            return current;
        }
        std::string next(static_cast<size_t>(st.st_size) + 256, '\0');
        const ssize_t n = ::readlink(current.c_str(), &next[0], next.size());
        if (n < 0 || static_cast<size_t>(n) >= next.size()) {
            throw Error(MSEQ_EIO, path + ": cannot read the symbolic link " +
                                      current + ": " +
                                      errno_text(n < 0 ? errno : ENAMETOOLONG));
        }
        next.resize(static_cast<size_t>(n));
        const size_t slash = current.rfind('/');
        if (next[0] != '/' && slash != std::string::npos) {
            next = current.substr(0, slash + 1) + next;
        }
        current = next;
    }
    throw Error(MSEQ_EIO, path + ": " + errno_text(ELOOP));
}

}  // namespace

AtomicFile::AtomicFile(const std::string &path, const std::string &temp_dir)
    : path_(path), target_(path) {
    if (path.empty() || path.back() == '/') {
        throw Error(MSEQ_EINVAL, "'" + path + "': not a file name");
    }
    struct stat st;
    const bool exists = ::lstat(path.c_str(), &st) == 0;
    // In a folder the caller owns (temp_dir given), the target is the
    // caller's own file or nothing: anything else there is not replaced.
    if (!temp_dir.empty() && exists && !S_ISREG(st.st_mode)) {
        throw Error(MSEQ_EIO,
                    path +
                        ": exists and is not a regular file (a link, "
                        "folder or device that was not written here); "
                        "remove it or choose another folder");
    }
    // A symbolic link is written through: its target (created when
    // missing, as a shell redirection would) is replaced atomically and the
    // link is kept. A link to a directory is refused.
    if (exists && S_ISLNK(st.st_mode)) {
        target_ = link_target(path);
        if (::stat(target_.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
            throw Error(MSEQ_EINVAL, path +
                                         ": a symbolic link to the directory " +
                                         target_ + ", not a file name");
        }
    }
    // A device or FIFO (/dev/null, /dev/stdout) is written directly: a
    // rename over it would replace it with a regular file (as root, even
    // /dev/null itself), and no partial file can be left in its place.
    if (::stat(target_.c_str(), &st) == 0 && !S_ISREG(st.st_mode) &&
        !S_ISDIR(st.st_mode)) {
        const int fd = ::open(target_.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
        if (fd < 0) {
            throw Error(MSEQ_EIO, path + ": " + errno_text(errno));
        }
        fd_ = fd;
        direct_ = true;
        return;
    }
    const size_t slash = target_.rfind('/');
    const std::string dir = slash == std::string::npos
                                ? std::string()
                                : target_.substr(0, slash + 1);
    const std::string base =
        slash == std::string::npos ? target_ : target_.substr(slash + 1);
    const std::string prefix =
        temp_dir.empty()
            ? dir + "." + base.substr(0, kMaxTempBase) + "."
            : temp_dir + "/" + kTempPrefix + base.substr(0, kMaxTempBase) + ".";

    int err = EEXIST;
    for (int attempt = 0; attempt < kCreateAttempts && err == EEXIST;
         ++attempt) {
        std::string candidate = prefix + temp_name_suffix();
        const int fd = ::open(candidate.c_str(),
                              O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            fd_ = fd;
            temp_path_ = std::move(candidate);
            return;
        }
        err = errno;
    }
    throw Error(
        MSEQ_EIO,
        path + ": " + errno_text(err) + " (creating a temporary file " +
            (temp_dir.empty() ? std::string("beside it") : "in " + temp_dir) +
            ")");
}

AtomicFile::~AtomicFile() { discard(); }

AtomicFile::AtomicFile(AtomicFile &&other) noexcept
    : path_(std::move(other.path_)),
      target_(std::move(other.target_)),
      temp_path_(std::move(other.temp_path_)),
      fd_(std::exchange(other.fd_, -1)),
      direct_(other.direct_) {
    other.temp_path_.clear();
}

AtomicFile &AtomicFile::operator=(AtomicFile &&other) noexcept {
    if (this != &other) {
        discard();
        path_ = std::move(other.path_);
        target_ = std::move(other.target_);
        temp_path_ = std::move(other.temp_path_);
        fd_ = std::exchange(other.fd_, -1);
        direct_ = other.direct_;
        other.temp_path_.clear();
    }
    return *this;
}

void AtomicFile::discard() noexcept {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    if (!temp_path_.empty()) {
        ::unlink(temp_path_.c_str());
        temp_path_.clear();
    }
}

void AtomicFile::fail(int err) {
    discard();
    throw Error(MSEQ_EIO, path_ + ": " + errno_text(err));
}

void AtomicFile::write(const void *data, size_t size) {
    if (fd_ < 0) {
        throw Error(MSEQ_EINVAL,
                    path_ + ": write after commit or discard (a bug)");
    }
    const int err = write_all(fd_, data, size);
    if (err != 0) fail(err);
}

void AtomicFile::commit(bool sync) {
    if (fd_ < 0) {
        throw Error(MSEQ_EINVAL,
                    path_ + ": commit after commit or discard (a bug)");
    }
    if (sync && !direct_ && ::fsync(fd_) != 0) {
        fail(errno);
    }
    if (direct_) {
        // A device: no rename; fsync may not apply to it (EINVAL).
        const int err = close_fd(std::exchange(fd_, -1));
        if (err != 0) fail(err);
        return;
    }
    const int err = close_fd(std::exchange(fd_, -1));
    if (err != 0) fail(err);
    if (::rename(temp_path_.c_str(), target_.c_str()) != 0) {
        fail(errno);
    }
    temp_path_.clear();
    if (sync) {
        // Best effort: make the rename itself durable. The file is in place
        // either way, so a failure here is not reported.
        const size_t slash = target_.rfind('/');
        const std::string dir = slash == std::string::npos ? std::string(".")
                                : slash == 0               ? std::string("/")
                                             : target_.substr(0, slash);
        const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            static_cast<void>(::fsync(dfd));
            ::close(dfd);
        }
    }
}

void write_file_atomic(const std::string &path, const void *data, size_t size,
                       bool sync, const std::string &temp_dir) {
    AtomicFile file(path, temp_dir);
    file.write(data, size);
    file.commit(sync);
}

}  // namespace mseq
