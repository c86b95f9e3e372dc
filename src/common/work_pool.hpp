// The library's one work-sharing thread pool: the jobs of an index range
// [0, count) shared by a set of workers, the calling thread one of them
// (worker 0) and the others helper threads kept between calls
// (helper_threads.hpp), all done before it returns. Batches (generate/batch)
// and the dataset folder's shards (folder/shard_writer) run on it; the thread
// count parameter is resolved here once ("0 = all cores").
//
// Workers take the indexes in increasing order through one atomic counter
// (run_indexed) or one mutex per job (run_ordered, whose jobs are large);
// nothing is allocated per job. A worker whose thread cannot be started
// (process or memory limits), or has not started by the time worker 0 is
// done, leaves its share to the others: the results never depend on how
// many workers ran.
//
// Failures: when jobs throw, no job above the lowest failing index is
// started afterwards, every job below it still runs (they were claimed
// before it), and once every worker has stopped the exception of the
// lowest failing index is rethrown as it was thrown. So a range whose jobs
// fail deterministically fails the same way for every worker count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

namespace mseq {

// The threads a `threads` parameter asks for: itself when positive, every
// core of the machine (at least 1) when 0.
size_t resolve_threads(int64_t threads);

// The workers for `jobs` jobs: resolve_threads(threads), never more than
// jobs, at least 1.
size_t worker_count(int64_t threads, size_t jobs);

// One job: index i of the range, run by worker `worker` (0 .. workers-1,
// each on one thread, so a worker may own scratch memory).
using IndexJob = std::function<void(size_t worker, size_t index)>;
// Called on a worker's thread after its last job; must not throw.
using WorkerDone = std::function<void(size_t worker)>;

// Runs job(worker, i) exactly once for every i in [0, count) (fewer when a
// job throws: see Failures above) on at most `workers` workers. Workers
// claim `grain` indexes at a time and run each run of indexes in
// increasing order; with one worker (or count <= grain) every job runs on
// the calling thread, in order. done (may be empty) is called on every
// worker that ran.
void run_indexed(size_t count, size_t workers, size_t grain,
                 const IndexJob &job, const WorkerDone &done = {});

// A pipeline: make(i) runs on any worker, consume(i) on the calling thread
// in index order (0, 1, ...), each once make(i) has returned. make(i)
// starts only after consume(i - window) has returned, so at most `window`
// results wait to be consumed (a caller may keep them in window slots,
// slot i % window). While it waits for the next result the calling thread
// makes results itself. consume returns false to stop (a cancel): no job
// is started after it, and run_ordered returns false once the workers have
// stopped. A failure of make or consume (consume(i) counts as index i)
// stops the pipeline and is rethrown as described above, also over a
// cancel. Returns true when every result was consumed.
bool run_ordered(size_t count, size_t workers, size_t window,
                 const std::function<void(size_t index)> &make,
                 const std::function<bool(size_t index)> &consume);

}  // namespace mseq
