// The work-sharing thread pool (common/work_pool.hpp): every index once,
// the thread count resolved in one place, the lowest failure rethrown and
// the rest stopped early, one worker inline and in order, and the ordered
// pipeline's order, window and cancel.
#include "common/work_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using mseq::run_indexed;
using mseq::run_ordered;

// Runs fn, expecting a std::runtime_error; returns its message.
template <class Fn>
std::string failure_of(Fn fn) {
    try {
        fn();
    } catch (const std::runtime_error &e) {
        return e.what();
    }
    ADD_FAILURE() << "no exception";
    return "";
}

std::runtime_error failure_at(size_t i) {
    return std::runtime_error("index " + std::to_string(i));
}

TEST(WorkPool, ResolvesTheThreadCountOnce) {
    const size_t cores = std::max(1u, std::thread::hardware_concurrency());
    EXPECT_EQ(mseq::resolve_threads(0), cores);
    EXPECT_EQ(mseq::resolve_threads(1), 1u);
    EXPECT_EQ(mseq::resolve_threads(7), 7u);
    // Never more workers than jobs, never none.
    EXPECT_EQ(mseq::worker_count(8, 3), 3u);
    EXPECT_EQ(mseq::worker_count(2, 100), 2u);
    EXPECT_EQ(mseq::worker_count(0, 1), 1u);
    EXPECT_EQ(mseq::worker_count(0, 1000), std::min<size_t>(cores, 1000));
    EXPECT_EQ(mseq::worker_count(4, 0), 1u);
}

TEST(WorkPool, RunsEveryIndexExactlyOnce) {
    for (size_t workers : {1, 2, 3, 8}) {
        for (size_t grain : {1, 8, 1000}) {
            const size_t count = 10007;
            std::vector<std::atomic<int>> runs(count);
            std::atomic<size_t> bad_worker{0};
            run_indexed(count, workers, grain, [&](size_t worker, size_t i) {
                if (worker >= workers) ++bad_worker;
                ++runs[i];
            });
            EXPECT_EQ(bad_worker.load(), 0u);
            for (size_t i = 0; i < count; ++i) {
                ASSERT_EQ(runs[i].load(), 1) << "index " << i << ", " << workers
                                             << " workers, grain " << grain;
            }
        }
    }
}

TEST(WorkPool, NoIndexesRunNothing) {
    std::atomic<int> runs{0};
    run_indexed(0, 4, 8, [&](size_t, size_t) { ++runs; });
    EXPECT_EQ(runs.load(), 0);
    EXPECT_TRUE(run_ordered(
        0, 4, 3, [&](size_t) { ++runs; },
        [&](size_t) {
            ++runs;
            return true;
        }));
    EXPECT_EQ(runs.load(), 0);
}

TEST(WorkPool, OneWorkerRunsInlineInOrder) {
    const std::thread::id caller = std::this_thread::get_id();
    std::vector<size_t> order;
    bool elsewhere = false;
    std::vector<size_t> done;
    run_indexed(
        100, 1, 8,
        [&](size_t worker, size_t i) {
            elsewhere = elsewhere || std::this_thread::get_id() != caller ||
                        worker != 0;
            order.push_back(i);
        },
        [&](size_t worker) {
            elsewhere = elsewhere || std::this_thread::get_id() != caller;
            done.push_back(worker);
        });
    EXPECT_FALSE(elsewhere);
    ASSERT_EQ(order.size(), 100u);
    for (size_t i = 0; i < order.size(); ++i) EXPECT_EQ(order[i], i);
    EXPECT_EQ(done, std::vector<size_t>{0});
}

TEST(WorkPool, DoneRunsOnEachWorkersThread) {
    std::mutex mutex;
    std::vector<std::thread::id> job_threads(2), done_threads(2);
    std::vector<int> done_calls(2);
    run_indexed(
        1000, 2, 1,
        [&](size_t worker, size_t) {
            std::lock_guard<std::mutex> lock(mutex);
            job_threads[worker] = std::this_thread::get_id();
            // Each worker takes a share: the other one gets its chance.
            std::this_thread::yield();
        },
        [&](size_t worker) {
            std::lock_guard<std::mutex> lock(mutex);
            done_threads[worker] = std::this_thread::get_id();
            ++done_calls[worker];
        });
    EXPECT_EQ(done_calls[0], 1);
    EXPECT_LE(done_calls[1], 1);
    EXPECT_EQ(done_threads[0], std::this_thread::get_id());
    for (size_t w = 0; w < 2; ++w) {
        if (job_threads[w] != std::thread::id()) {
            EXPECT_EQ(job_threads[w], done_threads[w]) << "worker " << w;
        }
    }
}

TEST(WorkPool, AFailurePropagatesAndStopsTheRest) {
    for (size_t workers : {1, 2, 4}) {
        const size_t count = 1000000;
        std::vector<std::atomic<int>> runs(count);
        std::atomic<size_t> total{0};
        const std::string message = failure_of([&] {
            run_indexed(count, workers, 8, [&](size_t, size_t i) {
                ++runs[i];
                ++total;
                if (i == 100) throw failure_at(i);
            });
        });
        EXPECT_EQ(message, "index 100");
        // The others stopped early: far from the million.
        EXPECT_LT(total.load(), count / 2) << workers << " workers";
        // Every index below the failure ran, once.
        for (size_t i = 0; i <= 100; ++i) ASSERT_EQ(runs[i].load(), 1);
    }
}

TEST(WorkPool, TheLowestFailureWinsWhateverFailsFirst) {
    for (size_t workers : {1, 2, 4}) {
        const std::string message = failure_of([&] {
            run_indexed(20000, workers, 8, [&](size_t, size_t i) {
                if (i == 300) {
                    // Fails last in time: the other workers meet the
                    // higher failures first.
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));
                    throw failure_at(i);
                }
                if (i == 5000 || i == 9000) throw failure_at(i);
            });
        });
        EXPECT_EQ(message, "index 300") << workers << " workers";
    }
}

TEST(WorkPool, OrderedConsumesInOrderWithinTheWindow) {
    for (size_t workers : {1, 2, 4}) {
        for (size_t window : {1, 3, 9}) {
            const size_t count = 500;
            const std::thread::id caller = std::this_thread::get_id();
            std::vector<std::atomic<int>> made(count);
            std::atomic<size_t> consumed{0};
            std::atomic<int> early{0};
            std::vector<size_t> order;
            bool elsewhere = false;
            const bool all = run_ordered(
                count, workers, window,
                [&](size_t i) {
                    if (i >= consumed.load() + window) ++early;
                    ++made[i];
                },
                [&](size_t i) {
                    elsewhere =
                        elsewhere || std::this_thread::get_id() != caller;
                    if (made[i].load() != 1) ++early;
                    order.push_back(i);
                    ++consumed;
                    return true;
                });
            EXPECT_TRUE(all);
            EXPECT_FALSE(elsewhere);
            EXPECT_EQ(early.load(), 0)
                << workers << " workers, window " << window;
            ASSERT_EQ(order.size(), count);
            for (size_t i = 0; i < count; ++i) {
                EXPECT_EQ(order[i], i);
                EXPECT_EQ(made[i].load(), 1);
            }
        }
    }
}

TEST(WorkPool, OrderedCancelStopsTheWork) {
    std::atomic<size_t> made{0};
    size_t consumed = 0;
    const bool all = run_ordered(
        100000, 2, 5, [&](size_t) { ++made; },
        [&](size_t i) {
            ++consumed;
            return i < 10;
        });
    EXPECT_FALSE(all);
    EXPECT_EQ(consumed, 11u);
    EXPECT_LE(made.load(), 11u + 5u);
}

TEST(WorkPool, OrderedMakeFailurePropagates) {
    for (size_t workers : {1, 2, 4}) {
        std::vector<size_t> consumed;
        std::atomic<size_t> made{0};
        const std::string message = failure_of([&] {
            run_ordered(
                100000, workers, 7,
                [&](size_t i) {
                    ++made;
                    if (i == 50) throw failure_at(i);
                },
                [&](size_t i) {
                    consumed.push_back(i);
                    return true;
                });
        });
        EXPECT_EQ(message, "index 50");
        EXPECT_LE(consumed.size(), 50u);
        EXPECT_LE(made.load(), 50u + 7u);
    }
}

TEST(WorkPool, OrderedConsumeFailurePropagates) {
    for (size_t workers : {1, 2, 4}) {
        std::atomic<size_t> made{0};
        const std::string message = failure_of([&] {
            run_ordered(
                100000, workers, 4, [&](size_t) { ++made; },
                [&](size_t i) -> bool {
                    if (i == 20) throw failure_at(i);
                    return true;
                });
        });
        EXPECT_EQ(message, "index 20");
        EXPECT_LE(made.load(), 21u + 4u);
    }
}

}  // namespace
