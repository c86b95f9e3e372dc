// Helpers shared by the fuzz harnesses: a check that aborts (so that the
// fuzzer, or the replay driver under ctest, reports the input as a finding)
// and a private temporary folder for harnesses that need files.
#pragma once

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace fuzz {

// Aborts with `what` on stderr when ok is false.
inline void check(bool ok, const char *what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz check failed: %s\n", what);
        std::fflush(stderr);
        std::abort();
    }
}

// True when MNISTSEQ_FUZZ_VERBOSE is set: harnesses then tell what each
// input did, to check that a corpus reaches the paths it is meant to.
inline bool verbose() {
    static const bool on = std::getenv("MNISTSEQ_FUZZ_VERBOSE") != nullptr;
    return on;
}

// A folder made with mkdtemp() under $TMPDIR (or /tmp), emptied and removed
// at exit. Files written into it replace any earlier file of that name.
class TempDir {
public:
    TempDir() {
        const char *base = std::getenv("TMPDIR");
        std::string pattern =
            std::string(base != nullptr && base[0] != '\0' ? base : "/tmp") +
            "/mnistseq-fuzz-XXXXXX";
        check(mkdtemp(&pattern[0]) != nullptr, "mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        if (DIR *dir = opendir(path_.c_str())) {
            while (const dirent *entry = readdir(dir)) {
                const std::string name = entry->d_name;
                if (name != "." && name != "..") {
                    unlink((path_ + "/" + name).c_str());
                }
            }
            closedir(dir);
        }
        rmdir(path_.c_str());
    }
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;

    const std::string &path() const { return path_; }

    // Writes size bytes as the file `name` in the folder; returns its path.
    std::string write(const std::string &name, const uint8_t *data,
                      size_t size) const {
        const std::string file = path_ + "/" + name;
        const int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        check(fd >= 0, "cannot create a temporary file");
        size_t done = 0;
        while (done < size) {
            const ssize_t n = ::write(fd, data + done, size - done);
            check(n > 0, "cannot write a temporary file");
            done += static_cast<size_t>(n);
        }
        check(close(fd) == 0, "cannot close a temporary file");
        return file;
    }

    // Removes the file `name` from the folder, if it is there.
    void remove(const std::string &name) const {
        unlink((path_ + "/" + name).c_str());
    }

private:
    std::string path_;
};

// The process's temporary folder, made on first use.
inline TempDir &temp_dir() {
    static TempDir dir;
    return dir;
}

}  // namespace fuzz
