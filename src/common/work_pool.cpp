// The work-sharing thread pool (work_pool.hpp).
#include "common/work_pool.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "common/helper_threads.hpp"

namespace mseq {
namespace {

// The lowest failing index of a run and its exception. The atomic is what
// workers read before each job; the mutex is taken only on a failure.
class Failures {
public:
    // The lowest failing index so far; SIZE_MAX when none has failed.
    size_t lowest() const { return lowest_.load(std::memory_order_acquire); }

    // Records the current exception as that of index i (kept when i is the
    // lowest failing index so far).
    void record(size_t i) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (i < lowest_.load(std::memory_order_relaxed)) {
            error_ = std::current_exception();
            lowest_.store(i, std::memory_order_release);
        }
    }

    // Rethrows the lowest failure, if any. Call once every worker stopped.
    void rethrow() const {
        if (error_) std::rethrow_exception(error_);
    }

private:
    std::atomic<size_t> lowest_{SIZE_MAX};
    std::mutex mutex_;
    std::exception_ptr error_;
};

}  // namespace

size_t resolve_threads(int64_t threads) {
    if (threads > 0) return static_cast<size_t>(threads);
    // Asked once: the count is read from a file on Linux.
    static const size_t cores =
        std::max(1u, std::thread::hardware_concurrency());
    return cores;
}

size_t worker_count(int64_t threads, size_t jobs) {
    return std::max<size_t>(1, std::min(resolve_threads(threads), jobs));
}

void run_indexed(size_t count, size_t workers, size_t grain,
                 const IndexJob &job, const WorkerDone &done) {
    grain = std::max<size_t>(grain, 1);
    workers =
        std::max<size_t>(1, std::min(workers, (count + grain - 1) / grain));
    std::atomic<size_t> next{0};
    Failures failures;
    // Claims runs of `grain` indexes in order until none is left or a lower
    // index has failed. Every index below the lowest failure is run by
    // someone: runs are claimed in order, and a worker only stops above a
    // failure.
    const auto work = [&](size_t worker) noexcept {
        for (;;) {
            const size_t first =
                next.fetch_add(grain, std::memory_order_relaxed);
            if (first >= count) break;
            const size_t end = std::min(count, first + grain);
            bool stop = false;
            for (size_t i = first; i < end && !stop; ++i) {
                stop = i > failures.lowest();
                if (stop) break;
                try {
                    job(worker, i);
                } catch (...) {
                    failures.record(i);
                    stop = true;
                }
            }
            if (stop) break;
        }
        if (done) done(worker);
    };
    run_workers(workers, work);
    failures.rethrow();
}

bool run_ordered(size_t count, size_t workers, size_t window,
                 const std::function<void(size_t index)> &make,
                 const std::function<bool(size_t index)> &consume) {
    window = std::max<size_t>(window, 1);
    workers = std::max<size_t>(1, std::min(workers, count));
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<unsigned char> ready(window);  // slot i % window made
    size_t next = 0;                           // next index to claim
    size_t consumed = 0;                       // indexes consumed
    bool stop = false;  // a failure or a cancel: claim nothing more
    Failures failures;

    // Claims the next index if one may be made now (the mutex held).
    const auto claim = [&](size_t &i) {
        if (stop || next >= count || next >= consumed + window) return false;
        i = next++;
        return true;
    };
    // Makes a claimed index and says so (the mutex not held).
    const auto run = [&](size_t i) {
        try {
            make(i);
        } catch (...) {
            failures.record(i);
            std::lock_guard<std::mutex> lock(mutex);
            stop = true;
            changed.notify_all();
            return;
        }
        std::lock_guard<std::mutex> lock(mutex);
        ready[i % window] = 1;
        changed.notify_all();
    };
    const auto helper = [&]() noexcept {
        for (;;) {
            size_t i = 0;
            {
                std::unique_lock<std::mutex> lock(mutex);
                changed.wait(lock, [&] {
                    return stop || next >= count || next < consumed + window;
                });
                if (!claim(i)) return;
            }
            run(i);
        }
    };
    bool canceled = false;
    const auto consumer = [&]() noexcept {
        for (size_t c = 0; c < count; ++c) {
            {
                std::unique_lock<std::mutex> lock(mutex);
                for (;;) {
                    if (ready[c % window] || stop) break;
                    size_t mine = 0;
                    if (claim(mine)) {
                        lock.unlock();
                        run(mine);  // help while waiting
                        lock.lock();
                        continue;
                    }
                    changed.wait(lock);
                }
                if (stop) break;
            }
            bool more = false;
            try {
                more = consume(c);
            } catch (...) {
                failures.record(c);
            }
            std::lock_guard<std::mutex> lock(mutex);
            ready[c % window] = 0;
            ++consumed;
            changed.notify_all();
            if (!more) {
                // A cancel, or consume failed (rethrown over the cancel).
                canceled = true;
                stop = true;
                break;
            }
        }
    };
    run_workers(workers, [&](size_t worker) {
        if (worker == 0) {
            consumer();
        } else {
            helper();
        }
    });
    failures.rethrow();
    return !canceled;
}

}  // namespace mseq
