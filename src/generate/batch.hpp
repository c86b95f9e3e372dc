// Batches: count images into one buffer, on a pool of threads, each image
// exactly what generate_one() gives for its index (mseq_generate_batch).
#pragma once

#include <cstddef>
#include <cstdint>

#include "generate/params.hpp"
#include "input/source_data.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {

// Where a batch writes. Null pointers (other than out) mean "not wanted".
struct BatchOutput {
    void *out = nullptr;                   // count images of image_bytes() each
    size_t out_size = 0;                   // bytes at out
    mseq_placement *placements = nullptr;  // count * S entries
    size_t placements_len = 0;             // entries at placements
    uint32_t *lengths = nullptr;           // count entries
    float *scales = nullptr;               // count entries
    uint16_t *masks = nullptr;             // count * pixels entries
    size_t masks_len = 0;                  // entries at masks
    mseq_ink_box *boxes = nullptr;         // count * S entries
    size_t boxes_len = 0;                  // entries at boxes
};

// Generates samples first_index .. first_index + count - 1 of the given
// sequence (digits[0..ndigits)), or of random sequences (digits null and
// ndigits 0; see random_sequence.hpp), on params.threads threads (0: all
// cores; never more than count). S = ndigits, or params.max_length for
// random sequences: sample i's placements are at [i * S, i * S + length),
// the rest of its S entries zeroed. With masks or boxes, sample i's
// instance mask is at [i * P, (i + 1) * P), P = rows * width, and its ink
// boxes at [i * S, i * S + length) (the rest zeroed), exactly what
// generate_one() gives with an Annotation (annotate.hpp).
//
// Throws mseq::Error: MSEQ_EINVAL (count 0, digits null with ndigits != 0
// or the reverse, width not set, min_length > max_length), MSEQ_ERANGE
// (count above MSEQ_MAX_BATCH, first_index + count beyond 2^64, sizes that
// overflow), MSEQ_EBUFSIZE (out_size below count * image bytes,
// placements_len or boxes_len below count * S, masks_len below count * P),
// before anything is written. Error messages name `fn`, the C function
// called. When
// samples fail, the error is that of the lowest failing sample, named in
// the message, whatever the thread count; the outputs are then
// unspecified.
void generate_batch(const SourceData &ds, const Params &params,
                    const int *digits, size_t ndigits, uint64_t first_index,
                    size_t count, const BatchOutput &output,
                    const char *fn = "mseq_generate_batch");

// The same, writing each image with streaming (non-temporal) stores, from
// a copy drawn in a per-worker buffer that stays in the cache, when the
// output holds at least stream_from bytes (images above 256 KiB are always
// drawn in place). The overload above passes stream_threshold().
void generate_batch(const SourceData &ds, const Params &params,
                    const int *digits, size_t ndigits, uint64_t first_index,
                    size_t count, const BatchOutput &output, size_t stream_from,
                    const char *fn = "mseq_generate_batch");

// Output size from which a batch streams, for a last-level cache of `llc`
// bytes (0: unknown): half of it, and never below 4 MiB. Above it the
// output does not stay in the cache it shares with the glyphs the workers
// read, and its lines would be read from memory before being written. On
// a 32 MiB cache, streaming 1,000 images of 28 x 160 (18 MB) made a mixed
// batch 20-30% faster on 1 thread and up to 20% on 2, an unscaled one
// 5-15% faster on 1 thread and up to 10% slower on 2 (in-process A/B).
// Below it, the output stays in the cache for the caller.
size_t stream_threshold_for(size_t llc);

// stream_threshold_for(last_level_cache_bytes()), computed once.
size_t stream_threshold();

}  // namespace mseq
