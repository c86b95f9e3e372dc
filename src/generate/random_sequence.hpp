// Random digit strings per sample index (mseq_random_sequence and batches
// without given digits), drawn from the "sequence" stream of rng.hpp.
//
// Without MSEQ_PARAM_UNIQUE, the length is uniform in [min_length,
// max_length], each digit uniform in 0-9, the first uniform in 1-9 when
// no_leading_zero is set and the length exceeds 1.
//
// With MSEQ_PARAM_UNIQUE, the N distinct sequences allowed (all lengths in
// range, under the leading-zero rule) are numbered: by length, then as the
// decimal number they spell. Index i maps through a seeded permutation of
// [0, N) (permutation.hpp, chosen by MSEQ_PARAM_UNIQUE_PERMUTATION: by
// default an exact Fisher-Yates shuffle up to N = 2^16, a 24-round Feistel
// network above; or 1.0's 6-round network) to a number, decoded to its
// sequence. Indexes 0..N-1 therefore give N distinct sequences, each as
// likely as any other, so longer lengths are proportionally more frequent.
// N must not exceed 2^63.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "generate/params.hpp"
#include "generate/permutation.hpp"

namespace mseq {

class SequenceSource {
public:
    // Checks the random-sequence parameters: MSEQ_EINVAL when min_length >
    // max_length, or, with unique, when more than 2^63 sequences exist.
    explicit SequenceSource(const Params &params);

    // The longest sequence draw() may write.
    size_t max_length() const { return max_length_; }

    // The number of distinct sequences in range (at most 2^63; saturates at
    // UINT64_MAX when not unique and larger).
    uint64_t distinct() const { return distinct_; }

    // Writes the sequence of sample `index` to digits (room for max_length()
    // entries) and returns its length. With unique, an index >= distinct()
    // is MSEQ_ERANGE and nothing is written.
    size_t draw(uint64_t index, int *digits) const;

private:
    // Count of sequences of one length under the leading-zero rule,
    // saturating at UINT64_MAX.
    uint64_t count_of_length(size_t length) const;
    // Writes sequence number `rank` (in the numbering above); returns its
    // length.
    size_t decode(uint64_t rank, int *digits) const;

    uint64_t seed_;
    size_t min_length_;
    size_t max_length_;
    bool no_leading_zero_;
    bool unique_;
    uint64_t distinct_ = 0;
    // The permutation of [0, distinct_) used by unique draws.
    std::optional<IndexPermutation> permutation_;
};

}  // namespace mseq
