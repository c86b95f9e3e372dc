// Batches over a pool of threads (batch.hpp).
#include "batch.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "error.hpp"
#include "generator.hpp"
#include "random_sequence.hpp"

namespace mseq {
namespace {

std::string str(uint64_t v) { return std::to_string(v); }

// a * b, or MSEQ_ERANGE naming what overflowed.
size_t checked_mul(size_t a, size_t b, const char *what) {
    if (a != 0 && b > SIZE_MAX / a) {
        throw Error(MSEQ_ERANGE, std::string("mseq_generate_batch: ") + what +
                                     " (" + str(a) + " * " + str(b) +
                                     ") overflows size_t");
    }
    return a * b;
}

// The first failure one worker met: its samples are taken in increasing
// order, so this is also the lowest failing sample that worker saw.
struct Failure {
    size_t sample = SIZE_MAX;
    std::exception_ptr error;
};

// Everything the workers share; read-only except for the two atomics.
struct Job {
    const Dataset &ds;
    const Params &params;
    const int *digits;  // null: random sequences from `sequences`
    size_t ndigits;
    const SequenceSource *sequences;
    size_t stride;  // S: placement entries per sample
    uint64_t first_index;
    size_t count;
    size_t image_bytes;
    const BatchOutput &output;
    std::atomic<size_t> next{0};           // next sample to claim
    std::atomic<size_t> lowest{SIZE_MAX};  // lowest failing sample so far
};

void generate_sample(const Job &job, size_t i, int *scratch) {
    const uint64_t index = job.first_index + i;
    const int *digits = job.digits;
    size_t length = job.ndigits;
    if (digits == nullptr) {
        length = job.sequences->draw(index, scratch);
        digits = scratch;
    }
    const BatchOutput &o = job.output;
    mseq_placement *placements =
        o.placements == nullptr ? nullptr : o.placements + i * job.stride;
    generate_one(job.ds, job.params, digits, length, index,
                 static_cast<unsigned char *>(o.out) + i * job.image_bytes,
                 job.image_bytes, placements,
                 o.scales == nullptr ? nullptr : o.scales + i);
    if (placements != nullptr) {
        std::fill(placements + length, placements + job.stride,
                  mseq_placement{});
    }
    if (o.lengths != nullptr) o.lengths[i] = static_cast<uint32_t>(length);
}

// Claims samples in increasing order until none is left or a lower sample
// has failed; records this worker's first failure. Never throws.
void work(Job &job, int *scratch, Failure &failure) noexcept {
    for (;;) {
        const size_t i = job.next.fetch_add(1, std::memory_order_relaxed);
        if (i >= job.count || i > job.lowest.load(std::memory_order_relaxed)) {
            return;
        }
        try {
            generate_sample(job, i, scratch);
        } catch (...) {
            failure.sample = i;
            failure.error = std::current_exception();
            size_t seen = job.lowest.load(std::memory_order_relaxed);
            while (i < seen && !job.lowest.compare_exchange_weak(
                                   seen, i, std::memory_order_relaxed)) {
            }
            return;
        }
    }
}

size_t thread_count(const Params &params, size_t count) {
    size_t n = static_cast<size_t>(params.threads);
    if (n == 0) n = std::max(1u, std::thread::hardware_concurrency());
    return std::min(n, count);
}

// Rethrows the failure of the lowest sample, its message prefixed with the
// sample and its index.
[[noreturn]] void rethrow_lowest(const std::vector<Failure> &failures,
                                 uint64_t first_index) {
    const Failure *lowest = &failures[0];
    for (const Failure &f : failures) {
        if (f.error && (!lowest->error || f.sample < lowest->sample)) {
            lowest = &f;
        }
    }
    try {
        std::rethrow_exception(lowest->error);
    } catch (const Error &e) {
        throw Error(e.code(), "mseq_generate_batch: sample " +
                                  str(lowest->sample) + " (index " +
                                  str(first_index + lowest->sample) +
                                  "): " + e.what());
    }
}

}  // namespace

void generate_batch(const Dataset &ds, const Params &params, const int *digits,
                    size_t ndigits, uint64_t first_index, size_t count,
                    const BatchOutput &output) {
    if (count == 0) {
        throw Error(MSEQ_EINVAL, "mseq_generate_batch: count is 0");
    }
    if (count > MSEQ_MAX_BATCH) {
        throw Error(MSEQ_ERANGE, "mseq_generate_batch: count " + str(count) +
                                     " is above MSEQ_MAX_BATCH (" +
                                     str(MSEQ_MAX_BATCH) + ")");
    }
    if ((digits == nullptr) != (ndigits == 0)) {
        throw Error(
            MSEQ_EINVAL,
            digits == nullptr
                ? "mseq_generate_batch: digits is NULL but ndigits is " +
                      str(ndigits) + " (pass ndigits 0 for random sequences)"
                : std::string("mseq_generate_batch: ndigits is 0 but "
                              "digits is not NULL (pass NULL for "
                              "random sequences)"));
    }
    if (ndigits > MSEQ_MAX_DIGITS) {
        throw Error(MSEQ_ERANGE, "mseq_generate_batch: ndigits " +
                                     str(ndigits) +
                                     " is above MSEQ_MAX_DIGITS (" +
                                     str(MSEQ_MAX_DIGITS) + ")");
    }
    if (output.out == nullptr) {
        throw Error(MSEQ_EINVAL, "mseq_generate_batch: out is NULL");
    }
    if (count - 1 > UINT64_MAX - first_index) {
        throw Error(MSEQ_ERANGE, "mseq_generate_batch: first_index " +
                                     str(first_index) + " + count " +
                                     str(count) + " goes beyond 2^64");
    }
    const size_t image = image_bytes(ds, params);
    const size_t need = checked_mul(count, image, "count * image bytes");
    if (output.out_size < need) {
        throw Error(MSEQ_EBUFSIZE,
                    "mseq_generate_batch: out_size " + str(output.out_size) +
                        " is below count * image bytes = " + str(count) +
                        " * " + str(image) + " = " + str(need));
    }
    // Random sequences: their parameters are checked once, here.
    std::optional<SequenceSource> sequences;
    if (digits == nullptr) sequences.emplace(params);
    const size_t stride = sequences ? sequences->max_length() : ndigits;
    if (output.placements != nullptr) {
        const size_t entries =
            checked_mul(count, stride, "count * placements per sample");
        if (output.placements_len < entries) {
            throw Error(MSEQ_EBUFSIZE,
                        "mseq_generate_batch: placements_len " +
                            str(output.placements_len) +
                            " is below count * S = " + str(count) + " * " +
                            str(stride) + " = " + str(entries));
        }
    }

    const SequenceSource *source = sequences ? &*sequences : nullptr;
    Job job{ds,     params,      digits, ndigits, source,
            stride, first_index, count,  image,   output};
    const size_t threads = thread_count(params, count);
    std::vector<Failure> failures(threads);
    std::vector<int> scratch(digits == nullptr ? threads * stride : 0);
    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    for (size_t t = 1; t < threads; ++t) {
        try {
            pool.emplace_back(
                work, std::ref(job),
                scratch.empty() ? nullptr : scratch.data() + t * stride,
                std::ref(failures[t]));
        } catch (const std::system_error &) {
            // No more threads to be had: the ones running (and this one)
            // take all the samples; the result does not depend on it.
            break;
        }
    }
    work(job, scratch.empty() ? nullptr : scratch.data(), failures[0]);
    for (std::thread &t : pool) t.join();
    if (job.lowest.load() != SIZE_MAX) rethrow_lowest(failures, first_index);
}

}  // namespace mseq
