// Helper threads kept between calls (helper_threads.hpp).
#include "common/helper_threads.hpp"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

namespace mseq {
namespace {

// How long a caller whose own share is done watches for its helpers to end,
// and an idle helper for the next body, before sleeping.
constexpr std::chrono::microseconds kWatch{100};

// Spins until done() or kWatch has passed: waking a sleeping thread takes
// tens of microseconds on a virtual machine, as much as a small batch.
template <typename Done>
void watch(Done done) {
    const auto until = std::chrono::steady_clock::now() + kWatch;
    while (!done() && std::chrono::steady_clock::now() < until) {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#elif defined(__aarch64__)
        __asm__ volatile("yield");
#endif
    }
}

// While it lives, the calling thread blocks every signal but those of its
// own faults (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS, SIGABRT),
// so that the threads it starts meanwhile inherit that mask: the process's
// signals (SIGINT, SIGTERM, SIGHUP, timers) then go to the program's own
// threads. A helper outlives the call that started it; a program that
// blocks SIGINT while it writes a file (as mnistseq-cli does, so that
// Ctrl-C cannot leave its temporary file) would otherwise be killed
// through a helper that does not block it.
class OwnSignalsOnly {
public:
    OwnSignalsOnly() {
        sigset_t set;
        sigfillset(&set);
        for (int sig :
             {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS, SIGABRT}) {
            sigdelset(&set, sig);
        }
        pthread_sigmask(SIG_BLOCK, &set, &saved_);
    }
    ~OwnSignalsOnly() { pthread_sigmask(SIG_SETMASK, &saved_, nullptr); }
    OwnSignalsOnly(const OwnSignalsOnly &) = delete;
    OwnSignalsOnly &operator=(const OwnSignalsOnly &) = delete;

private:
    sigset_t saved_;
};

// One run_workers call's bodies given to the kept helpers.
struct Call {
    const std::function<void(size_t)> *body;
    // Bodies given and neither finished nor taken back. A helper touches
    // the call only until it counts its body out here.
    std::atomic<size_t> pending{0};
};

struct Task {
    Call *call;
    size_t worker;
};

class Helpers {
public:
    // The process's helpers. Never destroyed (helper_threads.hpp): a
    // helper may still be waiting on its members when the process exits.
    static Helpers &get() {
        static Helpers *const helpers = new Helpers;
        return *helpers;
    }

    // Queues bodies 1 .. n of `call` and wakes (or starts) helpers for
    // them; returns how many were queued (fewer when no helper could be
    // had: the call starts threads of its own for the rest).
    size_t give(Call &call, size_t n) {
        std::lock_guard<std::mutex> lock(mutex_);
        for (size_t w = 1; w <= n; ++w) {
            if (idle_ + starting_ < queue_.size() + 1 && !start_one_locked()) {
                n = w - 1;
                break;
            }
            try {
                queue_.push_back(Task{&call, w});
            } catch (const std::bad_alloc &) {
                n = w - 1;
                break;
            }
            call.pending.fetch_add(1, std::memory_order_relaxed);
        }
        queued_.store(queue_.size(), std::memory_order_relaxed);
        if (n > 0) wake_.notify_all();
        return n;
    }

    // Takes back the bodies of `call` no helper has started, then waits
    // until the started ones have returned: first by watching the count
    // (a helper is usually within a job of its end), then asleep.
    void finish(Call &call) {
        std::unique_lock<std::mutex> lock(mutex_);
        const auto mine = [&](const Task &t) { return t.call == &call; };
        const auto taken = std::remove_if(queue_.begin(), queue_.end(), mine);
        call.pending.fetch_sub(size_t(queue_.end() - taken),
                               std::memory_order_relaxed);
        queue_.erase(taken, queue_.end());
        queued_.store(queue_.size(), std::memory_order_relaxed);
        lock.unlock();
        watch(
            [&] { return call.pending.load(std::memory_order_acquire) == 0; });
        lock.lock();
        finished_.wait(lock, [&] {
            return call.pending.load(std::memory_order_acquire) == 0;
        });
    }

    size_t kept() {
        std::lock_guard<std::mutex> lock(mutex_);
        return threads_;
    }

private:
    Helpers() {
        pthread_atfork([] { get().mutex_.lock(); },
                       [] { get().mutex_.unlock(); },
                       [] { get().forget_threads(); });
    }

    // In a fork()ed child: the helpers stayed in the parent, and the mutex
    // and condition variables may hold the parent's state (the mutex is
    // held by the prepare handler): they are made anew.
    void forget_threads() {
        new (&mutex_) std::mutex;
        new (&wake_) std::condition_variable;
        new (&finished_) std::condition_variable;
        queue_.clear();
        queued_.store(0, std::memory_order_relaxed);
        threads_ = 0;
        idle_ = 0;
        starting_ = 0;
    }

    // Starts a helper (the mutex held); false when none can be had.
    // A detached POSIX thread, not a std::thread: std::thread allocates
    // its state on the heap and the thread frees it when it ends, which a
    // helper never does (leak checkers would report it).
    bool start_one_locked() {
        if (threads_ >= kept_helpers_max()) return false;
        pthread_attr_t attr;
        if (pthread_attr_init(&attr) != 0) return false;
        pthread_t thread;
        const OwnSignalsOnly mask;
        const bool started =
            pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) == 0 &&
            pthread_create(&thread, &attr, &Helpers::serve_thread, this) == 0;
        pthread_attr_destroy(&attr);
        if (!started)
            return false;  // process or memory limits: the caller copes
        ++threads_;
        ++starting_;
        return true;
    }

    static void *serve_thread(void *helpers) {
        static_cast<Helpers *>(helpers)->serve();
        return nullptr;
    }

    // A helper's life: take a queued body, run it, say so; sleep when
    // none is queued.
    void serve() noexcept {
        std::unique_lock<std::mutex> lock(mutex_);
        --starting_;
        for (;;) {
            ++idle_;
            if (queue_.empty()) {
                // Batches often come one after another (a stream, a
                // training loop): watch for the next before sleeping.
                lock.unlock();
                watch([&] {
                    return queued_.load(std::memory_order_relaxed) != 0;
                });
                lock.lock();
            }
            wake_.wait(lock, [&] { return !queue_.empty(); });
            --idle_;
            const Task task = queue_.front();
            queue_.erase(queue_.begin());
            queued_.store(queue_.size(), std::memory_order_relaxed);
            lock.unlock();
            (*task.call->body)(task.worker);
            // The caller may return (and its call end) once this is 0; it
            // sleeps only with the mutex held and the count not 0, so the
            // notify under the mutex reaches it.
            const bool last =
                task.call->pending.fetch_sub(1, std::memory_order_acq_rel) == 1;
            lock.lock();
            if (last) finished_.notify_all();
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_;      // a body was queued
    std::condition_variable finished_;  // a call's last given body ended
    std::vector<Task> queue_;           // bodies waiting for a helper
    std::atomic<size_t> queued_{0};     // queue_.size(), read unlocked
    size_t threads_ = 0;                // helpers started
    size_t idle_ = 0;                   // helpers waiting for a body
    size_t starting_ = 0;  // helpers started that have not yet waited
};

}  // namespace

size_t kept_helpers_max() {
    static const size_t most =
        std::max(2u, std::thread::hardware_concurrency());
    return most;
}

size_t kept_helpers() { return Helpers::get().kept(); }

void run_workers(size_t workers, const std::function<void(size_t)> &body) {
    if (workers <= 1) {
        body(0);
        return;
    }
    Helpers &helpers = Helpers::get();
    Call call{&body};
    const size_t kept = helpers.give(call, workers - 1);
    // Past the kept helpers: threads for this call alone.
    std::vector<std::thread> threads;
    if (kept + 1 < workers) {
        const OwnSignalsOnly mask;
        for (size_t w = kept + 1; w < workers; ++w) {
            try {
                threads.emplace_back([&body, w] { body(w); });
            } catch (const std::exception &) {
                // std::system_error or std::bad_alloc: no more threads to
                // be had, the others do the work.
                break;
            }
        }
    }
    body(0);
    for (std::thread &t : threads) t.join();
    if (kept > 0) helpers.finish(call);
}

}  // namespace mseq
