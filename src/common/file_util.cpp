// File helpers shared by every stage (file_util.hpp).
#include "common/file_util.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "common/error.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {

std::string errno_text(int err) {
    std::string text = std::generic_category().message(err);
    if (err == EFBIG) {
        text += " (the file size limit, ulimit -f, was reached)";
    }
    return text;
}

ssize_t read_some(int fd, void *data, size_t size) {
    for (;;) {
        const ssize_t n = ::read(fd, data, size);
        if (n >= 0 || errno != EINTR) return n;
    }
}

int write_all(int fd, const void *data, size_t size) {
    const auto *p = static_cast<const unsigned char *>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno;
        if (n == 0) return EIO;  // never for size > 0 on files
        p += n;
        size -= static_cast<size_t>(n);
    }
    return 0;
}

int pwrite_all(int fd, const void *data, size_t size, uint64_t offset) {
    const auto *p = static_cast<const unsigned char *>(data);
    while (size > 0) {
        const ssize_t n = ::pwrite(fd, p, size, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno;
        if (n == 0) return EIO;
        p += n;
        size -= static_cast<size_t>(n);
        offset += static_cast<uint64_t>(n);
    }
    return 0;
}

int close_fd(int fd) {
    if (::close(fd) != 0 && errno != EINTR) return errno;
    return 0;
}

bool read_regular_file(const std::string &path, size_t max, std::string &text) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return false;
        throw Error(MSEQ_EIO, path + ": " + errno_text(errno));
    }
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(MSEQ_EIO, path + ": not a regular file");
    }
    if (static_cast<uint64_t>(st.st_size) > max) {
        ::close(fd);
        throw Error(MSEQ_ERANGE, path + ": " + std::to_string(st.st_size) +
                                     " bytes, more than the " +
                                     std::to_string(max) +
                                     " such a file can hold");
    }
    text.clear();
    char buf[65536];
    for (;;) {
        const ssize_t n = read_some(fd, buf, sizeof buf);
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            throw Error(MSEQ_EIO, path + ": " + errno_text(err));
        }
        if (n == 0) break;
        if (text.size() + static_cast<size_t>(n) > max) {
            ::close(fd);
            throw Error(MSEQ_ERANGE, path + ": grew past the " +
                                         std::to_string(max) +
                                         " bytes such a file can hold");
        }
        text.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return true;
}

int64_t regular_file_size(const std::string &path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return -1;
    return static_cast<int64_t>(st.st_size);
}

bool is_plain_regular_file(const std::string &path) {
    struct stat st;
    return ::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool is_directory(const std::string &path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::vector<std::string> list_dir(const std::string &dir) {
    std::vector<std::string> names;
    DIR *d = ::opendir(dir.c_str());
    if (d == nullptr) {
        throw Error(MSEQ_EIO, dir + ": " + errno_text(errno));
    }
    for (;;) {
        errno = 0;
        const dirent *entry = ::readdir(d);
        if (entry == nullptr) {
            const int err = errno;
            ::closedir(d);
            if (err != 0) {
                throw Error(MSEQ_EIO, dir + ": " + errno_text(err));
            }
            return names;
        }
        const std::string name = entry->d_name;
        if (name != "." && name != "..") {
            names.push_back(name);
        }
    }
}

void unlink_if_present(const std::string &path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        throw Error(MSEQ_EIO, path + ": " + errno_text(errno));
    }
}

void remove_if_regular(const std::string &path) {
    if (is_plain_regular_file(path)) unlink_if_present(path);
}

}  // namespace mseq
