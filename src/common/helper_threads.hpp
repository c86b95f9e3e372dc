// The threads that run the work pool's workers (work_pool.hpp), kept from
// one call to the next. Starting a thread, faulting in its stack and
// growing its thread-local scratch memory cost tens of microseconds, as
// much as the work of a small batch (64 images), which then ran slower on
// two threads than on one. Kept helpers wait for bodies to run instead.
//
// The helpers are never stopped: they sleep between calls, and the process
// ends them when it exits (joining them at exit would race with a caller
// still running, e.g. a Python daemon thread), and the shared library is
// linked with -z nodelete, so that dlclose() leaves their code mapped. A
// helper watches for the next body for 100 us before it sleeps (batches
// often come one after another). After fork() the child has none, and
// starts its own when it needs them. Every thread started here blocks the
// process's asynchronous signals (SIGINT, SIGTERM, ...), which go to the
// program's own threads.
#pragma once

#include <cstddef>
#include <functional>

namespace mseq {

// Runs body(w) for w in [0, workers): body(0) on the calling thread, the
// others on helper threads: kept helpers (an idle one, or one started now,
// up to kept_helpers_max()), then threads started for this call. A body
// that no thread has started by the time body(0) returns is left out, as
// is the body of a thread that cannot be started (process or memory
// limits): the bodies must share their work through counters, so that
// worker 0 alone does whatever the others did not. A call never waits for
// a helper busy with another call, so calls may run concurrently and nest.
// body must not throw. Returns when every body that started has returned.
void run_workers(size_t workers, const std::function<void(size_t)> &body);

// The most helpers kept: the machine's cores (at least 2), enough for a
// batch on every core and one more caller.
size_t kept_helpers_max();

// Helpers kept now (started and not lost to a fork).
size_t kept_helpers();

}  // namespace mseq
