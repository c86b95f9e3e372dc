// The seeded permutation of [0, N) (permutation.hpp).
#include "generate/permutation.hpp"

#include <utility>

#include "generate/rng.hpp"

namespace mseq {
namespace {

// The Fisher-Yates shuffle of [0, n) for seed, n <= kShuffleLimit.
std::shared_ptr<const std::vector<uint16_t>> build_shuffle(uint64_t seed,
                                                           uint64_t n) {
    auto table = std::make_shared<std::vector<uint16_t>>(n);
    for (uint64_t i = 0; i < n; ++i) (*table)[i] = static_cast<uint16_t>(i);
    Stream stream(seed, 0, Purpose::permutation);
    // Entry i - 1 swaps with one of entries 0..i - 1, for i = n down to 2.
    for (uint64_t i = n; i > 1; --i) {
        std::swap((*table)[i - 1], (*table)[stream.uniform(i)]);
    }
    return table;
}

// The shuffle of (seed, n): this thread's last one when it is the same.
std::shared_ptr<const std::vector<uint16_t>> shuffle_of(uint64_t seed,
                                                        uint64_t n) {
    struct Last {
        uint64_t seed = 0;
        uint64_t n = 0;
        std::shared_ptr<const std::vector<uint16_t>> table;
    };
    thread_local Last last;
    if (last.table == nullptr || last.seed != seed || last.n != n) {
        last.table = build_shuffle(seed, n);
        last.seed = seed;
        last.n = n;
    }
    return last.table;
}

}  // namespace

IndexPermutation::IndexPermutation(uint64_t seed, uint64_t n,
                                   mseq_permutation method)
    : n_(n) {
    const bool legacy = method == MSEQ_PERMUTATION_FEISTEL_1_0;
    if (!legacy && n <= kShuffleLimit) {
        table_ = shuffle_of(seed, n);
        return;
    }
    // Smallest power of 4 (two equal halves) that holds [0, n).
    while (half_bits_ < 32 && (uint64_t{1} << (2 * half_bits_)) < n) {
        ++half_bits_;
    }
    // 1.0's keys: draws of the sequence stream at index 2^64 - 1, which a
    // unique run never reaches as a sample index (N <= 2^63).
    const Stream keys = legacy ? Stream(seed, UINT64_MAX, Purpose::sequence)
                               : Stream(seed, 0, Purpose::permutation);
    rounds_ = legacy ? kRounds1_0 : kRounds;
    for (int r = 0; r < rounds_; ++r) {
        round_keys_[r] = keys.at(static_cast<uint64_t>(r));
    }
}

uint64_t IndexPermutation::operator()(uint64_t index) const {
    return table_ != nullptr ? uint64_t{(*table_)[index]} : feistel(index);
}

uint64_t IndexPermutation::feistel(uint64_t index) const {
    const unsigned h = half_bits_;
    const uint64_t mask = (uint64_t{1} << h) - 1;
    uint64_t x = index;
    // Cycle walking: a permutation of the larger domain, applied until the
    // value falls back inside [0, N), is a permutation of [0, N). The
    // domain is below 4N, so this takes fewer than 4 steps on average.
    do {
        uint64_t left = x >> h;
        uint64_t right = x & mask;
        for (int r = 0; r < rounds_; ++r) {
            const uint64_t f = mix64(right + round_keys_[r]) & mask;
            const uint64_t next_right = left ^ f;
            left = right;
            right = next_right;
        }
        x = (left << h) | right;
    } while (x >= n_);
    return x;
}

}  // namespace mseq
