// The counter-based random numbers (rng.hpp): the documented construction,
// determinism, independence of streams, and unbiased uniform draws.
#include "generate/rng.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <set>
#include <vector>

namespace {

using mseq::Purpose;
using mseq::Stream;

constexpr uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

// SplitMix64 as published (Steele, Lea, Flood 2014; Vigna's reference
// code): the state advances by the golden gamma, the output is the mixed
// state.
struct ReferenceSplitMix64 {
    uint64_t state;
    uint64_t next() {
        uint64_t z = (state += kGolden);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
};

// Pearson's chi-square statistic of observed counts against equal expected
// counts.
double chi_square(const std::vector<uint64_t> &counts) {
    uint64_t total = 0;
    for (uint64_t c : counts) total += c;
    const double expected = double(total) / double(counts.size());
    double x2 = 0.0;
    for (uint64_t c : counts) {
        const double d = double(c) - expected;
        x2 += d * d / expected;
    }
    return x2;
}

TEST(Rng, MixIsSplitMix64Finalizer) {
    // First output of SplitMix64 seeded with 0, a published test value.
    EXPECT_EQ(mseq::mix64(kGolden), 0xe220a8397b1dcdafULL);
    ReferenceSplitMix64 ref{12345};
    for (uint64_t k = 1; k <= 4; ++k) {
        EXPECT_EQ(ref.next(), mseq::mix64(12345 + k * kGolden));
    }
}

TEST(Rng, StreamFollowsDocumentedConstruction) {
    const uint64_t seed = 0x0123456789abcdefULL;
    const uint64_t index = 987654321;
    for (uint64_t purpose = 0; purpose < 4; ++purpose) {
        const uint64_t key =
            mseq::mix64(mseq::mix64(mseq::mix64(seed + kGolden) ^ index) +
                        purpose * kGolden);
        ReferenceSplitMix64 ref{key};
        Stream s(seed, index, static_cast<Purpose>(purpose));
        for (uint64_t k = 0; k < 16; ++k) {
            const uint64_t want = ref.next();
            EXPECT_EQ(s.at(k), want) << "purpose " << purpose << " k " << k;
            EXPECT_EQ(s.next(), want);
        }
        EXPECT_EQ(s.counter(), 16u);
    }
}

TEST(Rng, SameKeyGivesSameDrawsAnyOrder) {
    Stream a(42, 7, Purpose::gap);
    Stream b(42, 7, Purpose::gap);
    std::vector<uint64_t> forward;
    for (int i = 0; i < 100; ++i) forward.push_back(a.next());
    // Random access in reverse order gives the same values.
    for (int i = 99; i >= 0; --i)
        EXPECT_EQ(b.at(uint64_t(i)), forward[size_t(i)]);
}

TEST(Rng, DifferentSeedsIndexesAndPurposesDiffer) {
    std::set<uint64_t> seen;
    size_t draws = 0;
    for (uint64_t seed : {0ULL, 1ULL, 2ULL, ~0ULL}) {
        for (uint64_t index : {0ULL, 1ULL, 2ULL, 1ULL << 40}) {
            for (uint64_t p = 0; p < 4; ++p) {
                Stream s(seed, index, static_cast<Purpose>(p));
                for (int k = 0; k < 8; ++k, ++draws) seen.insert(s.next());
            }
        }
    }
    // 512 draws from 64 streams: any overlap between streams, or a stream
    // that ignores one of its keys, would repeat values.
    EXPECT_EQ(seen.size(), draws);
}

TEST(Rng, SwappedSeedAndIndexDiffer) {
    EXPECT_NE(Stream(1, 2, Purpose::glyph).at(0),
              Stream(2, 1, Purpose::glyph).at(0));
}

TEST(Rng, UniformIsUniformSmallRange) {
    // 7 is not a power of two; 70,000 draws, 6 degrees of freedom.
    std::vector<uint64_t> counts(7, 0);
    Stream s(2024, 0, Purpose::glyph);
    for (int i = 0; i < 70000; ++i) {
        const uint64_t v = s.uniform(7);
        ASSERT_LT(v, 7u);
        ++counts[size_t(v)];
    }
    // P(chi2(6) > 22.46) = 0.001.
    EXPECT_LT(chi_square(counts), 22.46);
}

TEST(Rng, UniformRejectsToStayUnbiased) {
    // n = 3 * 2^62: without rejection, the high half of draw * n hits the
    // values r with r % 3 == 0 twice as often as the others (P = 1/2, 1/4,
    // 1/4). Unbiased: 1/3 each.
    const uint64_t n = 3ULL << 62;
    std::vector<uint64_t> counts(3, 0);
    Stream s(7, 3, Purpose::gap);
    const int calls = 30000;
    for (int i = 0; i < calls; ++i) {
        const uint64_t v = s.uniform(n);
        ASSERT_LT(v, n);
        ++counts[size_t(v % 3)];
    }
    EXPECT_LT(chi_square(counts), 13.82);  // 2 dof, P = 0.001
    // A quarter of the draws is rejected (2^64 mod n = 2^62).
    EXPECT_GT(s.counter(), uint64_t(calls) + uint64_t(calls) / 5);
}

TEST(Rng, UniformOfOneAndHugeBounds) {
    Stream s(1, 1, Purpose::align);
    for (int i = 0; i < 10; ++i) EXPECT_EQ(s.uniform(1), 0u);
    EXPECT_EQ(s.counter(), 10u);
    const uint64_t big = (1ULL << 63) + 1;
    bool high = false;
    for (int i = 0; i < 200; ++i) {
        const uint64_t v = s.uniform(big);
        ASSERT_LT(v, big);
        high = high || v >= (1ULL << 62);
    }
    EXPECT_TRUE(high);
}

TEST(Rng, UniformRangeIsInclusive) {
    Stream s(5, 5, Purpose::gap);
    std::array<uint64_t, 4> counts{};
    for (int i = 0; i < 4000; ++i) {
        const int64_t v = s.uniform_range(5, 8);
        ASSERT_GE(v, 5);
        ASSERT_LE(v, 8);
        ++counts[size_t(v - 5)];
    }
    for (uint64_t c : counts) EXPECT_GT(c, 800u);
    EXPECT_EQ(s.uniform_range(3, 3), 3);
}

TEST(Rng, UniformDoubleUsesTop53Bits) {
    Stream a(9, 9, Purpose::sequence);
    Stream b(9, 9, Purpose::sequence);
    double sum = 0.0;
    for (int i = 0; i < 10000; ++i) {
        const double u = a.uniform_double();
        const uint64_t raw = b.next();
        ASSERT_EQ(u, double(raw >> 11) / 9007199254740992.0);
        ASSERT_GE(u, 0.0);
        ASSERT_LT(u, 1.0);
        sum += u;
    }
    // Mean of 10,000 uniforms: standard deviation 0.0029.
    EXPECT_NEAR(sum / 10000.0, 0.5, 0.015);
}

}  // namespace
