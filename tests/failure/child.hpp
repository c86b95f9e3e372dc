// Test helpers for failure injection: run code or a program in a child
// process under resource limits (file size, address space), so that disk
// and memory failures happen for real without root, and the test process
// itself is never limited.
#pragma once

#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <malloc.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace failure_test {

// Built with a sanitizer (they reserve terabytes of address space, so an
// address-space limit cannot work under them).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

// Limits applied in the child; 0 means unlimited.
struct Limits {
    rlim_t file_size = 0;      // RLIMIT_FSIZE, bytes (see apply_limits)
    rlim_t address_space = 0;  // RLIMIT_AS, bytes
};

// How a child ended, and what it reported.
struct Outcome {
    bool exited = false;  // false: killed by a signal (or timed out)
    int code = -1;        // exit status when exited, else the signal
    std::string text;     // what the child wrote to its report pipe
    std::string out;      // a program's stdout
    std::string err;      // a program's stderr
};

// Virtual memory size of this process, in bytes (from /proc/self/statm).
inline size_t vm_size() {
    std::ifstream in("/proc/self/statm");
    size_t pages = 0;
    in >> pages;
    return pages * size_t(sysconf(_SC_PAGESIZE));
}

// A library call in a forked child sees EFBIG with SIGXFSZ ignored (what a
// program embedding the library decides); a program (run_program) keeps
// the default action, as a user's shell gives it, and must cope itself.
inline void apply_limits(const Limits &limits, bool ignore_sigxfsz = true) {
    if (limits.file_size != 0) {
        if (ignore_sigxfsz) signal(SIGXFSZ, SIG_IGN);
        const rlimit r{limits.file_size, limits.file_size};
        if (setrlimit(RLIMIT_FSIZE, &r) != 0) _exit(120);
    }
    if (limits.address_space != 0) {
        // Large blocks from fresh mappings, never from free heap space left
        // by earlier tests: the limit then decides, not the heap's history.
        mallopt(M_MMAP_THRESHOLD, 128 * 1024);
        const rlimit r{limits.address_space, limits.address_space};
        if (setrlimit(RLIMIT_AS, &r) != 0) _exit(121);
    }
}

inline std::string read_fd(int fd) {
    std::string text;
    char buf[4096];
    for (;;) {
        const ssize_t n = read(fd, buf, sizeof buf);
        if (n > 0) {
            text.append(buf, size_t(n));
        } else if (n == 0 || errno != EINTR) {
            break;
        }
    }
    return text;
}

// Waits for pid up to `seconds`, killing it after that.
inline void wait_child(pid_t pid, Outcome &outcome, int seconds = 120) {
    int status = 0;
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    for (;;) {
        const pid_t got = waitpid(pid, &status, WNOHANG);
        if (got == pid) break;
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            outcome.exited = false;
            outcome.code = SIGKILL;
            outcome.text += "[timed out]";
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    outcome.exited = WIFEXITED(status);
    outcome.code = outcome.exited ? WEXITSTATUS(status) : WTERMSIG(status);
}

// Peak resident memory of this process so far, in bytes (getrusage).
inline size_t peak_rss() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return size_t(usage.ru_maxrss) * 1024;
}

// Resident memory of this process now, in bytes (from /proc/self/statm).
inline size_t current_rss() {
    std::ifstream in("/proc/self/statm");
    size_t pages = 0, resident = 0;
    in >> pages >> resident;
    return resident * size_t(sysconf(_SC_PAGESIZE));
}

// Runs body() in a forked child under `limits`, killed after `seconds`
// (the outcome then says "[timed out]"). body writes what the parent
// should check into its string; its return value (0..255) is the child's
// exit status.
inline Outcome run_forked(const Limits &limits,
                          const std::function<int(std::string &)> &body,
                          int seconds = 120) {
    int fds[2];
    Outcome outcome;
    if (pipe(fds) != 0) {
        outcome.text = "pipe failed";
        return outcome;
    }
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        apply_limits(limits);
        std::string text;
        const int code = body(text);
        size_t done = 0;
        while (done < text.size()) {
            const ssize_t n =
                write(fds[1], text.data() + done, text.size() - done);
            if (n <= 0) break;
            done += size_t(n);
        }
        _exit(code & 0xff);
    }
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        outcome.text = "fork failed";
        return outcome;
    }
    // The report pipe closes when the child ends (or is killed): read it
    // on a thread, so that a child that hangs is killed in time.
    std::string text;
    std::thread reader([&] { text = read_fd(fds[0]); });
    wait_child(pid, outcome, seconds);  // on a timeout: "[timed out]"
    reader.join();
    close(fds[0]);
    outcome.text = text + outcome.text;
    return outcome;
}

// Runs the program argv[0] in `dir` under `limits` and extra environment
// `env` ("NAME=value"), stdin from /dev/null, capturing stdout and stderr
// through pipes (which RLIMIT_FSIZE does not limit).
inline Outcome run_program(const std::vector<std::string> &argv,
                           const std::string &dir, const Limits &limits,
                           const std::vector<std::string> &env = {},
                           int seconds = 120) {
    Outcome outcome;
    int out_pipe[2], err_pipe[2];
    if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) {
        outcome.text = "pipe failed";
        return outcome;
    }
    std::vector<char *> args;
    for (const std::string &a : argv)
        args.push_back(const_cast<char *>(a.c_str()));
    args.push_back(nullptr);
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(out_pipe[1], 1);
        dup2(err_pipe[1], 2);
        close(out_pipe[0]);
        close(err_pipe[0]);
        close(out_pipe[1]);
        close(err_pipe[1]);
        const int null_fd = open("/dev/null", O_RDONLY);
        if (null_fd >= 0) dup2(null_fd, 0);
        if (!dir.empty() && chdir(dir.c_str()) != 0) _exit(122);
        for (const std::string &e : env) putenv(const_cast<char *>(e.c_str()));
        apply_limits(limits, false);
        execv(args[0], args.data());
        _exit(123);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (pid < 0) {
        close(out_pipe[0]);
        close(err_pipe[0]);
        outcome.text = "fork failed";
        return outcome;
    }
    // Outputs are read on threads while the program is waited for here, so
    // that a program that hangs is killed in time (its pipes close then).
    std::thread out_reader([&] { outcome.out = read_fd(out_pipe[0]); });
    std::thread err_reader([&] { outcome.err = read_fd(err_pipe[0]); });
    wait_child(pid, outcome, seconds);
    out_reader.join();
    err_reader.join();
    close(out_pipe[0]);
    close(err_pipe[0]);
    return outcome;
}

// True in the fresh copy of the test binary that run_limited() starts.
inline bool isolated_child() {
    return std::getenv("MNISTSEQ_FAILURE_ISOLATED") != nullptr;
}

// Runs body() with the address space limited to what the process uses plus
// `room` bytes, in a fresh process: this test binary run again with only
// the current test selected (a forked child would inherit the allocator's
// arenas, whose reserved space serves allocations past the limit). The
// current test runs from its start in that process up to this call, which
// there runs body and exits; here it returns body's code and text. room 0:
// no limit (see run_isolated()).
inline Outcome run_limited(size_t room,
                           const std::function<int(std::string &)> &body) {
    if (isolated_child()) {
        if (room != 0) apply_limits({0, vm_size() + room});
        std::string text;
        const int code = body(text);
        std::printf("\nRESULT %d %s\n", code, text.c_str());
        std::fflush(stdout);
        _exit(0);
    }
    const ::testing::TestInfo *info =
        ::testing::UnitTest::GetInstance()->current_test_info();
    char self[4096];
    const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    Outcome outcome;
    if (info == nullptr || n <= 0) {
        outcome.text = "cannot run the test binary again";
        return outcome;
    }
    self[n] = '\0';
    const std::string filter = std::string("--gtest_filter=") +
                               info->test_suite_name() + "." + info->name();
    const Outcome run =
        run_program({self, filter}, "", {}, {"MNISTSEQ_FAILURE_ISOLATED=1"});
    const size_t at = run.out.find("\nRESULT ");
    if (!run.exited || at == std::string::npos) {
        outcome.text = "the isolated run ended without a result (status " +
                       std::to_string(run.code) + "): " + run.out + run.err;
        return outcome;
    }
    const size_t start = at + 8;
    const size_t space = run.out.find(' ', start);
    const size_t end = run.out.find('\n', start);
    outcome.exited = true;
    outcome.code = std::atoi(run.out.substr(start, space - start).c_str());
    outcome.text = run.out.substr(space + 1, end - space - 1);
    return outcome;
}

// Runs body() as run_limited() does, in a fresh process (this test binary
// run again), without a limit: for measures of the process itself, such as
// its peak memory, that a forked child would share with its parent.
inline Outcome run_isolated(const std::function<int(std::string &)> &body) {
    return run_limited(0, body);
}

// Names in dir (not "." and ".."), hidden ones included; recursive when
// `deep` (as "sub/name").
inline std::vector<std::string> list_dir(const std::string &dir,
                                         bool deep = true,
                                         const std::string &prefix = "") {
    std::vector<std::string> names;
    if (DIR *d = opendir(dir.c_str())) {
        while (const dirent *e = readdir(d)) {
            const std::string name = e->d_name;
            if (name == "." || name == "..") continue;
            names.push_back(prefix + name);
            struct stat st;
            const std::string path = dir + "/" + name;
            if (deep && lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
                const std::vector<std::string> sub =
                    list_dir(path, true, prefix + name + "/");
                names.insert(names.end(), sub.begin(), sub.end());
            }
        }
        closedir(d);
    }
    return names;
}

// Names under dir that look like temporary files (".<name>.XXXXXX").
inline std::vector<std::string> temp_files(const std::string &dir) {
    std::vector<std::string> found;
    for (const std::string &name : list_dir(dir)) {
        const size_t slash = name.rfind('/');
        const std::string base =
            slash == std::string::npos ? name : name.substr(slash + 1);
        if (base.size() > 8 && base[0] == '.' && base[base.size() - 7] == '.') {
            found.push_back(name);
        }
    }
    return found;
}

}  // namespace failure_test
