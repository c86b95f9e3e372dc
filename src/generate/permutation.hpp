// The seeded permutation of [0, N) behind unique random sequences
// (random_sequence.hpp, MSEQ_PARAM_UNIQUE and MSEQ_PARAM_UNIQUE_PERMUTATION).
//
// MSEQ_PERMUTATION_UNIFORM (the default since 1.1):
//  - N <= kShuffleLimit (2^16): an exact Fisher-Yates shuffle of [0, N),
//    drawn from the stream (seed, 0, Purpose::permutation) of rng.hpp: for
//    i = N-1 down to 1, swap entries i and uniform(i + 1) (Lemire's unbiased
//    bounded draw). Every one of the N! orders is equally likely (up to the
//    generator), so which index gets which value, and every pair, triple...
//    of indexes, is exactly uniform. The table (2 bytes an entry, 128 KiB at
//    most, 2^16 draws: well under a millisecond) is built once per (seed,
//    N) and thread: each thread keeps its last one, so that drawing one
//    sequence at a time stays O(1). 2^16 bounds that memory and time; it
//    also holds every space of up to 4 digits (N <= 11110).
//  - N > 2^16: a balanced Feistel network of kRounds = 24 rounds on the
//    smallest power-of-4 domain >= N (halves of at least 9 bits), cycle
//    walked into [0, N); round r's function is mix64(right + key_r) masked
//    to the half, key_r the stream's draw r. O(1) memory, fewer than 4
//    walks an index on average. Why 24 rounds: a random Feistel scheme of
//    6 or more rounds cannot be told from a random permutation with
//    q << 2^n queries (n the half width; Patarin, "Security of random
//    Feistel schemes with 5 or more rounds", CRYPTO 2004), and the
//    distinguishing advantage falls geometrically as rounds are added
//    (Maurer and Pietrzak, "The security of many-round Luby-Rackoff
//    pseudo-random permutations", EUROCRYPT 2003). The statistics of a run
//    are low-order (q = 1, 2: which value an index gets, pairs of them).
//    Measured on the smallest domains, where it is worst: with halves of 2
//    bits (N = 10), the 6-round network's pairs (pi(0), pi(1)) over 400000
//    seeds give a chi-square of about 1180 on 89 degrees of freedom (p far
//    below 1e-100), 12 rounds about 94, 24 rounds about 98 (both
//    unremarkable); the halves used here are 9 bits or more, and 24 rounds
//    are twice the rounds that already pass there (NIST's FF1 uses 10).
//
// MSEQ_PERMUTATION_FEISTEL_1_0: the permutation of 1.0, kept bit for bit so
// that its dataset folders resume: the same network with 6 rounds
// and keys drawn from (seed, 2^64 - 1, Purpose::sequence), for every N.
// Measurably non-uniform when N is small: for N from 3 to 16, pairs
// (pi(i), pi(i + 1)) over 100000 seeds fail a chi-square test at p = 0.001
// (N = 10: 354 on 89 degrees of freedom), where the uniform method passes
// (permutation_test.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "mnistseq/mnistseq.h"

namespace mseq {

class IndexPermutation {
public:
    // Largest N shuffled exactly (uniform method).
    static constexpr uint64_t kShuffleLimit = uint64_t{1} << 16;
    // Rounds of the uniform method's Feistel network, and of 1.0's.
    static constexpr int kRounds = 24;
    static constexpr int kRounds1_0 = 6;

    // A permutation of [0, n), 1 <= n <= 2^63 (the caller checks).
    IndexPermutation(uint64_t seed, uint64_t n, mseq_permutation method);

    uint64_t size() const { return n_; }

    // The image of index (index < size(); the caller checks).
    uint64_t operator()(uint64_t index) const;

private:
    uint64_t feistel(uint64_t index) const;

    uint64_t n_;
    std::shared_ptr<const std::vector<uint16_t>> table_;  // null: Feistel
    int rounds_ = 0;
    unsigned half_bits_ = 1;  // Feistel half width, 1..32
    uint64_t round_keys_[kRounds] = {};
};

}  // namespace mseq
