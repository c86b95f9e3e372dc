// Counter-based random numbers: every draw is a pure function of
// (seed, index, purpose, k), so a sample depends only on the seed and its
// index, never on thread count, call order or platform. No std::
// distributions are used: their results differ between standard libraries.
//
// Construction. A stream's key is a chain of SplitMix64 finalizers (a
// bijection of 64-bit words) over the seed, the sample index and the purpose:
//
//     key = mix(mix(mix(seed + G) ^ index) + purpose * G)
//
// and draw k (k = 0, 1, 2, ...) is the SplitMix64 output for that key:
//
//     draw(k) = mix(key + (k + 1) * G)
//
// where G = 0x9e3779b97f4a7c15 and mix(z) is SplitMix64's finalizer
//     z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
//     z = (z ^ (z >> 27)) * 0x94d049bb133111eb
//     z ^ (z >> 31)
// all arithmetic modulo 2^64.
//
// Purposes are fixed, so changing one option never changes the draws made for
// another: the gaps may change without changing which glyphs are picked.
//
// Derived values:
//  - uniform(n), an integer in [0, n): Lemire's multiply-and-reject
//    ("Fast random integer generation in an interval", 2019): the high
//    64 bits of draw * n, rejecting draws whose low 64 bits are below
//    2^64 mod n. Unbiased; a rejected draw consumes the next k.
//  - uniform_double(), a double in [0, 1): the top 53 bits of a draw
//    times 2^-53.
#pragma once

#include <cstdint>

namespace mseq {

// The fixed purposes of the streams of one sample. Values never change.
enum class Purpose : uint64_t {
    sequence = 0,  // random digit strings (mseq_random_sequence)
    glyph = 1,     // which image of each digit's class is drawn
    gap = 2,       // the gaps between digits
    align = 3,     // the offset of a padded strip with MSEQ_ALIGN_RANDOM
    writer = 4,    // the writer (or style cluster) of an image
    // One stream a run, at index 0: the shuffle or the round keys of the
    // permutation behind unique sequences (permutation.hpp).
    permutation = 5,
    separator = 6,  // the strokes of a text's separators (separator_glyph)
    // 0x100 and above: augmentation, one stream per (module, digit), see
    // augment_purpose().
    augment = 0x100,
};

// The purpose of augmentation module `module`'s stream for digit `digit`
// (digit < 2^16): 0x100 + module * 2^16 + digit.
inline Purpose augment_purpose(uint64_t module, uint64_t digit) {
    return static_cast<Purpose>(static_cast<uint64_t>(Purpose::augment) +
                                (module << 16) + digit);
}

// SplitMix64's finalizer: a bijection of 64-bit words with good avalanche.
inline uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// One stream of 64-bit draws keyed by (seed, index, purpose). Copyable and
// cheap (two words); each copy continues from its own counter.
class Stream {
public:
    static constexpr uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

    Stream(uint64_t seed, uint64_t index, Purpose purpose)
        : key_(mix64(mix64(mix64(seed + kGolden) ^ index) +
                     static_cast<uint64_t>(purpose) * kGolden)) {}

    // The stream's key (draw k is mix64(key + (k + 1) * kGolden)), for
    // kernels that compute several draws at once.
    uint64_t key() const { return key_; }

    // Draw number k of this stream, without moving the counter.
    uint64_t at(uint64_t k) const { return mix64(key_ + (k + 1) * kGolden); }

    // The next draw: draw number counter(), then the counter advances.
    uint64_t next() { return at(counter_++); }

    // How many draws next() has consumed so far.
    uint64_t counter() const { return counter_; }

    // An unbiased integer in [0, n), n >= 1, by Lemire's method. n == 0 is a
    // caller bug; it returns 0 without drawing.
    uint64_t uniform(uint64_t n) {
        if (n == 0) return 0;
        U128 m = static_cast<U128>(next()) * n;
        uint64_t low = static_cast<uint64_t>(m);
        if (low < n) {
            const uint64_t threshold = (0 - n) % n;  // 2^64 mod n
            while (low < threshold) {
                m = static_cast<U128>(next()) * n;
                low = static_cast<uint64_t>(m);
            }
        }
        return static_cast<uint64_t>(m >> 64);
    }

    // An unbiased integer in [lo, hi], inclusive; requires lo <= hi.
    int64_t uniform_range(int64_t lo, int64_t hi) {
        const uint64_t span =
            static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
        if (span == UINT64_MAX) return static_cast<int64_t>(next());
        return static_cast<int64_t>(static_cast<uint64_t>(lo) +
                                    uniform(span + 1));
    }

    // A double in [0, 1): the top 53 bits of the next draw times 2^-53.
    double uniform_double() {
        return static_cast<double>(next() >> 11) * 0x1.0p-53;
    }

private:
    __extension__ typedef unsigned __int128 U128;

    uint64_t key_;
    uint64_t counter_ = 0;
};

}  // namespace mseq
