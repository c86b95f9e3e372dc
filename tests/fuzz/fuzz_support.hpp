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
#include <map>
#include <string>

// For a harness's own checks, which need no coverage feedback: without it
// their loops over every pixel do not call the fuzzer's comparison hooks,
// the bulk of a harness's time otherwise. Clang only (libFuzzer builds);
// the replay build has no coverage instrumentation anyway.
#if defined(__clang__)
#define FUZZ_NO_COVERAGE __attribute__((no_sanitize("coverage")))
#else
#define FUZZ_NO_COVERAGE
#endif

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

// Where harnesses write their files: $MNISTSEQ_FUZZ_TMPDIR if set, else
// /dev/shm when it is a writable folder (memory: a file written per input
// costs microseconds there, where ext4 flushes a file replaced by a
// truncating open to the disk when it is closed, at milliseconds a time),
// else $TMPDIR, else /tmp.
inline std::string temp_base() {
    const char *chosen = std::getenv("MNISTSEQ_FUZZ_TMPDIR");
    if (chosen != nullptr && chosen[0] != '\0') return chosen;
    if (access("/dev/shm", W_OK | X_OK) == 0) return "/dev/shm";
    const char *tmp = std::getenv("TMPDIR");
    return tmp != nullptr && tmp[0] != '\0' ? tmp : "/tmp";
}

// A folder made with mkdtemp() under temp_base(), emptied and removed at
// exit. Files written into it replace any earlier file of that name.
class TempDir {
public:
    TempDir() {
        std::string pattern = temp_base() + "/mnistseq-fuzz-XXXXXX";
        check(mkdtemp(&pattern[0]) != nullptr, "mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        for (const auto &open_file : fds_) close(open_file.second);
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
    // The file stays open here between writes (each rewrites and cuts it):
    // two system calls per write rather than an open, a write and a close,
    // for harnesses that write a file per input.
    std::string write(const std::string &name, const uint8_t *data,
                      size_t size) {
        const std::string file = path_ + "/" + name;
        auto open_file = fds_.find(name);
        if (open_file == fds_.end()) {
            const int fd = open(file.c_str(),
                                O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
            check(fd >= 0, "cannot create a temporary file");
            open_file = fds_.emplace(name, fd).first;
        }
        const int fd = open_file->second;
        size_t done = 0;
        while (done < size) {
            const ssize_t n = pwrite(fd, data + done, size - done, off_t(done));
            check(n > 0, "cannot write a temporary file");
            done += static_cast<size_t>(n);
        }
        // Cut what an earlier, longer content left (overwriting first keeps
        // the file's memory pages, where truncating to 0 frees them).
        check(ftruncate(fd, off_t(size)) == 0,
              "cannot truncate a temporary file");
        return file;
    }

    // Removes the file `name` from the folder, if it is there.
    void remove(const std::string &name) {
        const auto open_file = fds_.find(name);
        if (open_file != fds_.end()) {
            close(open_file->second);
            fds_.erase(open_file);
        }
        unlink((path_ + "/" + name).c_str());
    }

private:
    std::string path_;
    std::map<std::string, int> fds_;  // files kept open for writing
};

// The process's temporary folder, made on first use.
inline TempDir &temp_dir() {
    static TempDir dir;
    return dir;
}

}  // namespace fuzz
