// mseq_random_sequence: distributions, leading zeros, unique sequences and
// error paths.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "capi_test.hpp"
#include "mnistseq/mnistseq.h"

namespace {

using capi_test::expect_error;

struct Sequence {
    std::vector<int> digits;
    std::string text() const {
        std::string s;
        for (int d : digits) s += static_cast<char>('0' + d);
        return s;
    }
};

Sequence draw(const mseq_params *p, uint64_t index) {
    int64_t max_length = 0;
    EXPECT_EQ(mseq_params_get(&max_length, p, MSEQ_PARAM_MAX_LENGTH), 0);
    std::vector<int> buf(static_cast<size_t>(max_length), -1);
    size_t length = 0;
    EXPECT_EQ(mseq_random_sequence(buf.data(), buf.size(), &length, p, index),
              MSEQ_OK)
        << mseq_last_error();
    EXPECT_GE(length, 1u);
    EXPECT_LE(length, buf.size());
    buf.resize(length);
    return Sequence{buf};
}

// Pearson's chi-square statistic of observed counts against equal expected
// counts.
double chi_square(const std::vector<double> &observed) {
    double total = 0;
    for (double o : observed) total += o;
    const double expected = total / static_cast<double>(observed.size());
    double chi = 0;
    for (double o : observed) chi += (o - expected) * (o - expected) / expected;
    return chi;
}

// Critical values at p = 0.001 (fixed seed: the test is deterministic; a
// fair generator passes with a wide margin, a biased one fails).
constexpr double kChi2_4 = 18.47;  // 4 degrees of freedom
constexpr double kChi2_8 = 26.12;
constexpr double kChi2_9 = 27.88;
constexpr double kChi2_89 = 136.0;

TEST(RandomSequence, LengthsAreUniform) {
    capi_test::Params p;
    p.set(MSEQ_PARAM_MIN_LENGTH, 3)
        .set(MSEQ_PARAM_MAX_LENGTH, 7)
        .set(MSEQ_PARAM_SEED, 5);
    std::vector<double> counts(5, 0);
    for (uint64_t i = 0; i < 10000; ++i) {
        const size_t n = draw(p, i).digits.size();
        ASSERT_GE(n, 3u);
        ASSERT_LE(n, 7u);
        counts[n - 3] += 1;
    }
    EXPECT_LT(chi_square(counts), kChi2_4);
}

TEST(RandomSequence, DigitsAreUniform) {
    capi_test::Params p;
    p.set(MSEQ_PARAM_MIN_LENGTH, 4).set(MSEQ_PARAM_MAX_LENGTH, 4);
    std::vector<double> first(10, 0), rest(10, 0);
    for (uint64_t i = 0; i < 5000; ++i) {
        const Sequence s = draw(p, i);
        ASSERT_EQ(s.digits.size(), 4u);
        for (size_t j = 0; j < 4; ++j) {
            ASSERT_GE(s.digits[j], 0);
            ASSERT_LE(s.digits[j], 9);
            (j == 0 ? first : rest)[static_cast<size_t>(s.digits[j])] += 1;
        }
    }
    EXPECT_GT(first[0], 0) << "leading zeros are allowed by default";
    EXPECT_LT(chi_square(first), kChi2_9);
    EXPECT_LT(chi_square(rest), kChi2_9);
}

TEST(RandomSequence, NoLeadingZero) {
    capi_test::Params p;
    p.set(MSEQ_PARAM_MIN_LENGTH, 1)
        .set(MSEQ_PARAM_MAX_LENGTH, 3)
        .set(MSEQ_PARAM_NO_LEADING_ZERO, 1)
        .set(MSEQ_PARAM_SEED, -9);
    std::vector<double> first(9, 0);
    size_t single_zero = 0;
    for (uint64_t i = 0; i < 9000; ++i) {
        const Sequence s = draw(p, i);
        if (s.digits.size() == 1) {
            single_zero += s.digits[0] == 0 ? 1 : 0;
            continue;
        }
        ASSERT_NE(s.digits[0], 0) << "index " << i << ": " << s.text();
        ASSERT_GE(s.digits[0], 1);
        first[static_cast<size_t>(s.digits[0] - 1)] += 1;
    }
    EXPECT_GT(single_zero, 0u) << "\"0\" alone is still a sequence";
    EXPECT_LT(chi_square(first), kChi2_8);
}

TEST(RandomSequence, PureFunctionOfSeedAndIndex) {
    capi_test::Params a, b, c;
    a.set(MSEQ_PARAM_SEED, 42).set(MSEQ_PARAM_MAX_LENGTH, 9);
    // Image parameters do not change the sequence.
    b.set(MSEQ_PARAM_SEED, 42)
        .set(MSEQ_PARAM_MAX_LENGTH, 9)
        .set(MSEQ_PARAM_WIDTH, 300)
        .set(MSEQ_PARAM_MAX_SPACING, 20)
        .set(MSEQ_PARAM_FIT, MSEQ_FIT_EXACT)
        .set(MSEQ_PARAM_THREADS, 3);
    c.set(MSEQ_PARAM_SEED, 43).set(MSEQ_PARAM_MAX_LENGTH, 9);
    size_t same_as_next = 0, same_as_other_seed = 0;
    for (uint64_t i = 0; i < 200; ++i) {
        const std::string s = draw(a, i).text();
        EXPECT_EQ(s, draw(a, i).text());
        EXPECT_EQ(s, draw(b, i).text());
        same_as_next += s == draw(a, i + 1).text() ? 1 : 0;
        same_as_other_seed += s == draw(c, i).text() ? 1 : 0;
    }
    EXPECT_LT(same_as_next, 5u);
    EXPECT_LT(same_as_other_seed, 5u);
}

// All N sequences of lengths lo..hi, each once, for indexes 0..N-1.
void expect_unique_space(int64_t lo, int64_t hi, bool no_leading_zero,
                         int64_t seed, size_t n,
                         mseq_permutation method = MSEQ_PERMUTATION_UNIFORM) {
    SCOPED_TRACE("lengths " + std::to_string(lo) + ".." + std::to_string(hi) +
                 (no_leading_zero ? " no leading zero" : "") + " permutation " +
                 std::to_string(method));
    capi_test::Params p;
    p.set(MSEQ_PARAM_MIN_LENGTH, lo)
        .set(MSEQ_PARAM_MAX_LENGTH, hi)
        .set(MSEQ_PARAM_NO_LEADING_ZERO, no_leading_zero ? 1 : 0)
        .set(MSEQ_PARAM_UNIQUE, 1)
        .set(MSEQ_PARAM_UNIQUE_PERMUTATION, method)
        .set(MSEQ_PARAM_SEED, seed);
    std::set<std::string> seen;
    std::vector<std::string> order;
    for (uint64_t i = 0; i < n; ++i) {
        const Sequence s = draw(p, i);
        ASSERT_GE(s.digits.size(), static_cast<size_t>(lo));
        ASSERT_LE(s.digits.size(), static_cast<size_t>(hi));
        if (no_leading_zero && s.digits.size() > 1) {
            ASSERT_NE(s.digits[0], 0) << s.text();
        }
        EXPECT_TRUE(seen.insert(s.text()).second)
            << "index " << i << " repeats " << s.text();
        order.push_back(s.text());
    }
    EXPECT_EQ(seen.size(), n);
    std::vector<int> buf(static_cast<size_t>(hi), -5);
    size_t length = 99;
    expect_error(
        [&] {
            return mseq_random_sequence(buf.data(), buf.size(), &length, p, n);
        },
        MSEQ_ERANGE,
        {"index " + std::to_string(n), std::to_string(n) + " distinct"});
    EXPECT_EQ(length, 99u) << "length written on failure";
    for (int d : buf) EXPECT_EQ(d, -5) << "digits written on failure";
    // The order is a permutation, not the numbering itself.
    std::vector<std::string> sorted(seen.begin(), seen.end());
    EXPECT_NE(order, sorted);
}

TEST(RandomSequence, UniqueCoversTheWholeSpace) {
    for (mseq_permutation order :
         {MSEQ_PERMUTATION_UNIFORM, MSEQ_PERMUTATION_FEISTEL_1_0}) {
        expect_unique_space(1, 2, false, 0, 110, order);
        expect_unique_space(1, 2, true, 0, 100, order);
        expect_unique_space(2, 3, true, 7, 90 + 900, order);
        expect_unique_space(1, 1, false, 3, 10, order);
        expect_unique_space(3, 3, false, -1, 1000, order);
        expect_unique_space(1, 4, false, 5, 11110, order);
        // Beyond the exact shuffle (2^16 sequences): the Feistel network.
        expect_unique_space(5, 5, false, 9, 100000, order);
    }
}

TEST(RandomSequence, UniqueOrderIsUniformForTenSequences) {
    // Lengths 1..1: the ten digits. Over many seeds, the digits of indexes
    // 0 and 1 are uniform over the 90 ordered pairs of distinct digits,
    // and index 5's digit over the ten (1.0's permutation fails both).
    capi_test::Params p;
    p.set(MSEQ_PARAM_MIN_LENGTH, 1)
        .set(MSEQ_PARAM_MAX_LENGTH, 1)
        .set(MSEQ_PARAM_UNIQUE, 1);
    std::vector<double> pairs(100, 0), digit(10, 0);
    for (int64_t seed = 0; seed < 60000; ++seed) {
        p.set(MSEQ_PARAM_SEED, seed);
        const int a = draw(p, 0).digits.at(0), b = draw(p, 1).digits.at(0);
        ASSERT_NE(a, b);
        pairs[static_cast<size_t>(a * 10 + b)] += 1;
        digit[static_cast<size_t>(draw(p, 5).digits.at(0))] += 1;
    }
    std::vector<double> distinct;
    for (size_t c = 0; c < 100; ++c) {
        if (c / 10 != c % 10) distinct.push_back(pairs[c]);
    }
    EXPECT_LT(chi_square(distinct), kChi2_89);
    EXPECT_LT(chi_square(digit), kChi2_9);
}

TEST(RandomSequence, UniquePermutationOnlyMattersWithUnique) {
    capi_test::Params uniform, old;
    old.set(MSEQ_PARAM_UNIQUE_PERMUTATION, MSEQ_PERMUTATION_FEISTEL_1_0);
    int64_t v = -1;
    ASSERT_EQ(mseq_params_get(&v, uniform, MSEQ_PARAM_UNIQUE_PERMUTATION),
              MSEQ_OK);
    EXPECT_EQ(v, MSEQ_PERMUTATION_UNIFORM) << "the default";
    // Without unique: the same sequences either way.
    for (uint64_t i = 0; i < 50; ++i) {
        EXPECT_EQ(draw(uniform, i).text(), draw(old, i).text());
    }
    // With unique: two orders of the same sequences.
    uniform.set(MSEQ_PARAM_UNIQUE, 1).set(MSEQ_PARAM_MAX_LENGTH, 3);
    old.set(MSEQ_PARAM_UNIQUE, 1).set(MSEQ_PARAM_MAX_LENGTH, 3);
    size_t same = 0;
    for (uint64_t i = 0; i < 100; ++i) {
        same += draw(uniform, i).text() == draw(old, i).text() ? 1 : 0;
    }
    EXPECT_LT(same, 5u);
    expect_error(
        [&] {
            return mseq_params_set(uniform, MSEQ_PARAM_UNIQUE_PERMUTATION, 2);
        },
        MSEQ_EINVAL, {"MSEQ_PARAM_UNIQUE_PERMUTATION"});
}

TEST(RandomSequence, UniqueOrderDependsOnTheSeed) {
    capi_test::Params a, b;
    for (capi_test::Params *p : {&a, &b}) {
        p->set(MSEQ_PARAM_MIN_LENGTH, 3)
            .set(MSEQ_PARAM_MAX_LENGTH, 3)
            .set(MSEQ_PARAM_UNIQUE, 1);
    }
    b.set(MSEQ_PARAM_SEED, 1);
    size_t same = 0;
    for (uint64_t i = 0; i < 100; ++i) {
        same += draw(a, i).text() == draw(b, i).text() ? 1 : 0;
    }
    EXPECT_LT(same, 5u);
}

TEST(RandomSequence, UniqueFavoursLongerLengthsByTheirCount) {
    // Lengths 1..3: 10 + 100 + 1000 sequences; the first 1110 indexes hold
    // each once, so any prefix of them has lengths in about that ratio.
    capi_test::Params p;
    p.set(MSEQ_PARAM_MIN_LENGTH, 1)
        .set(MSEQ_PARAM_MAX_LENGTH, 3)
        .set(MSEQ_PARAM_UNIQUE, 1)
        .set(MSEQ_PARAM_SEED, 8);
    std::array<size_t, 4> counts{};
    for (uint64_t i = 0; i < 555; ++i) ++counts[draw(p, i).digits.size()];
    EXPECT_LT(counts[1], 20u);
    EXPECT_GT(counts[2], 25u);
    EXPECT_LT(counts[2], 80u);
    EXPECT_GT(counts[3], 450u);
}

TEST(RandomSequence, UniqueLimits) {
    capi_test::Params p;
    p.set(MSEQ_PARAM_UNIQUE, 1).set(MSEQ_PARAM_MAX_LENGTH, 18);
    // 10 + 100 + ... + 10^18 sequences: the last index is fine.
    const uint64_t n = 1111111111111111110ull;
    EXPECT_EQ(draw(p, n - 1).digits.empty(), false);
    std::vector<int> buf(19);
    size_t length = 0;
    expect_error(
        [&] {
            return mseq_random_sequence(buf.data(), buf.size(), &length, p, n);
        },
        MSEQ_ERANGE, {std::to_string(n) + " distinct"});
    p.set(MSEQ_PARAM_MAX_LENGTH, 19);
    expect_error(
        [&] {
            return mseq_random_sequence(buf.data(), buf.size(), &length, p, 0);
        },
        MSEQ_EINVAL, {"MSEQ_PARAM_UNIQUE", "2^63", "<= 18"});
    // Without unique, long sequences are fine.
    p.set(MSEQ_PARAM_UNIQUE, 0).set(MSEQ_PARAM_MAX_LENGTH, MSEQ_MAX_DIGITS);
    EXPECT_LE(draw(p, 12).digits.size(), size_t{MSEQ_MAX_DIGITS});
}

TEST(RandomSequence, Errors) {
    capi_test::Params p;
    std::vector<int> buf(5, -5);
    size_t length = 99;
    p.set(MSEQ_PARAM_MIN_LENGTH, 4).set(MSEQ_PARAM_MAX_LENGTH, 3);
    expect_error(
        [&] { return mseq_random_sequence(buf.data(), 5, &length, p, 0); },
        MSEQ_EINVAL,
        {"MSEQ_PARAM_MIN_LENGTH (4)", "MSEQ_PARAM_MAX_LENGTH (3)"});
    p.set(MSEQ_PARAM_MIN_LENGTH, 1).set(MSEQ_PARAM_MAX_LENGTH, 5);
    expect_error(
        [&] { return mseq_random_sequence(buf.data(), 4, &length, p, 0); },
        MSEQ_EBUFSIZE, {"cap 4", "MSEQ_PARAM_MAX_LENGTH (5)"});
    expect_error(
        [&] { return mseq_random_sequence(nullptr, 5, &length, p, 0); },
        MSEQ_EINVAL, {"mseq_random_sequence", "digits is NULL"});
    expect_error(
        [&] { return mseq_random_sequence(buf.data(), 5, nullptr, p, 0); },
        MSEQ_EINVAL, {"mseq_random_sequence", "length is NULL"});
    expect_error(
        [&] {
            return mseq_random_sequence(buf.data(), 5, &length, nullptr, 0);
        },
        MSEQ_EINVAL, {"mseq_random_sequence", "params is NULL"});
    EXPECT_EQ(length, 99u);
    for (int d : buf) EXPECT_EQ(d, -5);
}

}  // namespace
