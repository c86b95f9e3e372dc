// The helper threads kept between calls (common/helper_threads.hpp): the
// same few threads serve call after call, calls nest and run at once
// without waiting for each other's helpers, and a fork()ed child starts
// its own; the process's signals go to the program's threads, not to them.
#include "common/helper_threads.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

#include "common/work_pool.hpp"

namespace {

using mseq::kept_helpers;
using mseq::kept_helpers_max;
using mseq::run_workers;

long thread_id() { return static_cast<long>(syscall(SYS_gettid)); }

// Waits (up to a minute) until flag is set; false on time out.
bool wait_for(const std::atomic<bool> &flag) {
    const auto until =
        std::chrono::steady_clock::now() + std::chrono::minutes(1);
    while (!flag.load()) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::yield();
    }
    return true;
}

// Runs a call on two workers in which worker 0 waits for worker 1 to have
// run (so that it is not left out); returns worker 1's thread id.
long two_worker_call() {
    std::atomic<bool> ran{false};
    std::atomic<long> helper{0};
    std::atomic<bool> waited{true};
    run_workers(2, [&](size_t w) {
        if (w == 1) {
            helper = thread_id();
            ran = true;
        } else {
            waited = wait_for(ran);
        }
    });
    EXPECT_TRUE(waited.load()) << "worker 1 never ran";
    return helper.load();
}

TEST(HelperThreads, HelpersLeaveTheProcesssSignalsToTheProgram) {
    // Kept helpers and threads started for one call (the call has more
    // workers than helpers are kept) block SIGINT, SIGTERM and SIGHUP but
    // not the signals of their own faults; the caller's mask is kept. A
    // helper that took SIGINT would end mnistseq-cli while it blocks
    // SIGINT to write a file, leaving its temporary file behind.
    sigset_t before;
    ASSERT_EQ(pthread_sigmask(SIG_BLOCK, nullptr, &before), 0);
    const size_t workers = kept_helpers_max() + 2;
    std::atomic<size_t> ran{0}, masked{0};
    std::atomic<bool> all{false}, waited{true};
    run_workers(workers, [&](size_t w) {
        if (w == 0) {
            waited = wait_for(all);
            return;
        }
        sigset_t mask;
        pthread_sigmask(SIG_BLOCK, nullptr, &mask);
        if (sigismember(&mask, SIGINT) == 1 &&
            sigismember(&mask, SIGTERM) == 1 &&
            sigismember(&mask, SIGHUP) == 1 &&
            sigismember(&mask, SIGSEGV) == 0) {
            ++masked;
        }
        if (++ran == workers - 1) all = true;
    });
    EXPECT_TRUE(waited.load())
        << ran.load() << " of " << workers - 1 << " helper bodies ran";
    EXPECT_EQ(masked.load(), ran.load());
    sigset_t after;
    ASSERT_EQ(pthread_sigmask(SIG_BLOCK, nullptr, &after), 0);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGSEGV}) {
        EXPECT_EQ(sigismember(&after, sig), sigismember(&before, sig)) << sig;
    }
}

TEST(HelperThreads, TheSameFewThreadsServeCallAfterCall) {
    two_worker_call();
    const size_t kept = kept_helpers();
    EXPECT_GE(kept, 1u);
    EXPECT_LE(kept, kept_helpers_max());
    EXPECT_GE(kept_helpers_max(), 2u);
    std::set<long> ids;
    for (int i = 0; i < 40; ++i) {
        const long id = two_worker_call();
        EXPECT_NE(id, thread_id());
        ids.insert(id);
    }
    // Threads started per call would have 40 ids.
    EXPECT_LE(ids.size(), kept_helpers_max());
    EXPECT_LE(kept_helpers(), kept_helpers_max());
}

TEST(HelperThreads, CallsNestAndRunConcurrently) {
    constexpr size_t kOuter = 300, kInner = 40, kCallers = 4;
    std::vector<std::atomic<int>> runs(kCallers * kOuter * kInner);
    std::vector<std::thread> callers;
    for (size_t c = 0; c < kCallers; ++c) {
        callers.emplace_back([&, c] {
            mseq::run_indexed(kOuter, 3, 1, [&](size_t, size_t i) {
                mseq::run_indexed(kInner, 2, 1, [&](size_t, size_t j) {
                    ++runs[(c * kOuter + i) * kInner + j];
                });
            });
        });
    }
    for (std::thread &t : callers) t.join();
    for (size_t k = 0; k < runs.size(); ++k) {
        ASSERT_EQ(runs[k].load(), 1) << "job " << k;
    }
}

TEST(HelperThreads, ACallDoesNotWaitForBusyHelpers) {
    // Every kept helper (and this call's extra threads) held by one call.
    const size_t held = kept_helpers_max() + 1;
    std::atomic<size_t> holding{0};
    std::atomic<bool> release{false};
    std::atomic<bool> all_held{true};
    std::atomic<size_t> let_go{0};  // holders done waiting (or timed out)
    std::thread holder([&] {
        run_workers(held + 1, [&](size_t w) {
            if (w == 0) {
                const auto until =
                    std::chrono::steady_clock::now() + std::chrono::minutes(1);
                while (holding.load() < held &&
                       std::chrono::steady_clock::now() < until) {
                    std::this_thread::yield();
                }
                all_held = holding.load() == held;
            } else {
                ++holding;
            }
            wait_for(release);
            ++let_go;
        });
    });
    const auto until =
        std::chrono::steady_clock::now() + std::chrono::minutes(1);
    while (holding.load() < held && std::chrono::steady_clock::now() < until) {
        std::this_thread::yield();
    }
    // Another call finishes while they are held: had it waited for them,
    // it would have returned only once they timed out and let go.
    std::atomic<int> runs{0};
    mseq::run_indexed(500, 2, 1, [&](size_t, size_t) { ++runs; });
    EXPECT_EQ(runs.load(), 500);
    EXPECT_EQ(let_go.load(), 0u);
    release = true;
    holder.join();
    EXPECT_TRUE(all_held.load());
}

#if defined(__SANITIZE_THREAD__)
constexpr bool kTsan = true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
constexpr bool kTsan = true;
#else
constexpr bool kTsan = false;
#endif
#else
constexpr bool kTsan = false;
#endif

TEST(HelperThreads, AForkedChildStartsItsOwn) {
    if (kTsan) {
        GTEST_SKIP() << "ThreadSanitizer does not support threads started "
                        "after a fork of a threaded process";
    }
    two_worker_call();
    ASSERT_GE(kept_helpers(), 1u);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        // The child: no helper came along; a call starts one and uses it.
        int status = kept_helpers() == 0 ? 0 : 10;
        std::atomic<bool> ran{false};
        bool waited = true;
        run_workers(2, [&](size_t w) {
            if (w == 1) {
                ran = true;
            } else {
                waited = wait_for(ran);
            }
        });
        if (!waited) status = 11;
        if (status == 0 && kept_helpers() != 1) status = 12;
        _exit(status);
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status)) << "the child was killed";
    EXPECT_EQ(WEXITSTATUS(status), 0)
        << "10: helpers counted in the child, 11: its helper never ran, "
           "12: it did not keep the one it started";
}

}  // namespace
