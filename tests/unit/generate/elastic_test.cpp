// The elastic field's pieces (elastic.hpp): the kernel is the normalised,
// truncated Gaussian, and the separable smoothing is the direct 2-D
// convolution with zeros outside the field, scaled by alpha.
#include "generate/elastic.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "generate/rng.hpp"

namespace {

TEST(Elastic, KernelIsTheNormalisedTruncatedGaussian) {
    for (double sigma : {1.0, 2.5, 4.0, 7.3, 16.0}) {
        SCOPED_TRACE(sigma);
        const std::vector<double> w = mseq::gaussian_kernel(sigma);
        ASSERT_EQ(w.size(), size_t(std::ceil(3 * sigma)) + 1);
        double sum = w[0];
        for (size_t k = 1; k < w.size(); ++k) {
            sum += 2 * w[k];
            EXPECT_LT(w[k], w[k - 1]);
            // The shape: e^(-k^2 / (2 sigma^2)) relative to the centre.
            const double kk = double(k * k);
            EXPECT_NEAR(w[k] / w[0], std::exp(-kk / (2 * sigma * sigma)),
                        1e-15);
        }
        EXPECT_NEAR(sum, 1.0, 4e-16);
        // The last tap is about e^-4.5 of the centre (3 sigma, rounded up).
        EXPECT_LE(w.back() / w[0], std::exp(-4.5) * 1.0000001);
    }
    EXPECT_EQ(mseq::gaussian_kernel(4.0).size(), 13u);
    EXPECT_EQ(mseq::gaussian_kernel(4.1).size(), 14u);
}

std::vector<float> noise(size_t n, uint64_t seed) {
    mseq::Stream s(seed, 0, mseq::Purpose::glyph);
    std::vector<float> v(n);
    for (float &x : v) x = mseq::unit_noise(uint32_t(s.next() >> 40));
    return v;
}

TEST(Elastic, NoiseIsUniformOverMinusOneToOneExactly) {
    EXPECT_EQ(mseq::unit_noise(0), -1.0f);
    EXPECT_EQ(mseq::unit_noise(1u << 23), 0.0f);
    EXPECT_EQ(mseq::unit_noise((1u << 24) - 1), 1.0f - 0x1.0p-23f);
    // Every 24-bit value is a distinct step of 2^-23: exact in float.
    for (uint32_t b = 0; b < (1u << 24); b += 4099) {
        ASSERT_EQ(double(mseq::unit_noise(b)), double(b) / 8388608.0 - 1.0);
    }
}

TEST(Elastic, NoiseComesFromTheDrawsTwoAValue) {
    // Counts around the fast kernel's 8 values (4 draws), from streams of
    // every kind of key.
    for (uint64_t seed : {0ull, 1ull, 42ull, ~0ull}) {
        const mseq::Stream stream(seed, seed * 7, mseq::Purpose::glyph);
        for (size_t count : {0u, 2u, 6u, 8u, 10u, 16u, 18u, 1568u}) {
            std::vector<float> fast(count + 1, 9.0f), plain(count + 1, 9.0f);
            mseq::elastic_noise(stream, count, fast.data());
            mseq::elastic_noise(stream, count, plain.data(), true);
            for (size_t i = 0; i < count; i += 2) {
                const uint64_t d = stream.at(i / 2);
                const float hi = mseq::unit_noise(uint32_t(d >> 40));
                const float lo = mseq::unit_noise(uint32_t(d >> 8) & 0xffffffu);
                ASSERT_EQ(plain[i], hi) << seed << " " << i;
                ASSERT_EQ(plain[i + 1], lo) << seed << " " << i;
                ASSERT_EQ(fast[i], hi) << seed << " " << i;
                ASSERT_EQ(fast[i + 1], lo) << seed << " " << i;
            }
            EXPECT_EQ(fast[count], 9.0f);  // nothing written past the end
            EXPECT_EQ(plain[count], 9.0f);
        }
    }
}

TEST(Elastic, SmoothingIsTheDirectConvolutionWithZerosOutside) {
    // Not square, so that rows and columns cannot be mixed up; sigma 12
    // reaches further than the field on both axes.
    const size_t rows = 28, cols = 19;
    for (double sigma : {1.0, 2.5, 4.0, 12.0}) {
        SCOPED_TRACE(sigma);
        const std::vector<double> w = mseq::gaussian_kernel(sigma);
        const long r = long(w.size()) - 1;
        const std::vector<float> in = noise(rows * cols, uint64_t(sigma * 8));
        std::vector<float> out(rows * cols), scratch;
        const double alpha = 3.5;
        mseq::smooth_field(in.data(), rows, cols, w, alpha, scratch,
                           out.data());
        for (long y = 0; y < long(rows); ++y) {
            for (long x = 0; x < long(cols); ++x) {
                double want = 0;
                for (long i = -r; i <= r; ++i) {
                    for (long j = -r; j <= r; ++j) {
                        const long sy = y + i, sx = x + j;
                        if (sy < 0 || sy >= long(rows) || sx < 0 ||
                            sx >= long(cols)) {
                            continue;
                        }
                        want += w[size_t(std::labs(i))] *
                                w[size_t(std::labs(j))] *
                                in[size_t(sy) * cols + size_t(sx)];
                    }
                }
                // Single precision: a few float roundings of sums below 1.
                ASSERT_NEAR(out[size_t(y) * cols + size_t(x)], alpha * want,
                            1e-5)
                    << x << "," << y;
            }
        }
    }
}

TEST(Elastic, AnImpulseSpreadsAsTheKernelTimesAlpha) {
    const size_t side = 28;
    std::vector<float> in(side * side, 0.0f), out(side * side), scratch;
    in[14 * side + 10] = 1.0f;
    const std::vector<double> w = mseq::gaussian_kernel(4.0);
    mseq::smooth_field(in.data(), side, side, w, 2.0, scratch, out.data());
    for (size_t y = 0; y < side; ++y) {
        for (size_t x = 0; x < side; ++x) {
            const size_t dy = y > 14 ? y - 14 : 14 - y;
            const size_t dx = x > 10 ? x - 10 : 10 - x;
            // The weights rounded to float, each product rounded once
            // (every other term of the sums is 0).
            const float want = dy <= 12 && dx <= 12
                                   ? 2.0f * (float(w[dy]) * float(w[dx]))
                                   : 0.0f;
            ASSERT_EQ(out[y * side + x], want) << x << "," << y;
        }
    }
}

TEST(Elastic, FieldIsLinearInAlpha) {
    const size_t side = 28;
    const std::vector<float> in = noise(side * side, 5);
    const std::vector<double> w = mseq::gaussian_kernel(4.0);
    std::vector<float> one(side * side), two(side * side), many(side * side);
    std::vector<float> scratch;
    mseq::smooth_field(in.data(), side, side, w, 1.0, scratch, one.data());
    mseq::smooth_field(in.data(), side, side, w, 2.0, scratch, two.data());
    mseq::smooth_field(in.data(), side, side, w, 34.0, scratch, many.data());
    float largest = 0;
    for (size_t i = 0; i < one.size(); ++i) {
        EXPECT_EQ(two[i], 2.0f * one[i]);    // a power of two: exact
        EXPECT_EQ(many[i], 34.0f * one[i]);  // alpha 1 leaves the sums
        largest = std::max(largest, std::fabs(one[i]));
    }
    EXPECT_GT(largest, 0.01);
    // alpha 0: no displacement at all.
    mseq::smooth_field(in.data(), side, side, w, 0.0, scratch, many.data());
    for (float v : many) EXPECT_EQ(v, 0.0f);
}

}  // namespace

namespace {

// The documented sum for one output, written out: w_0 v_0, then
// fma(w_k, v_-k + v_k, acc) for k = 1..r with the values outside the field
// 0, the weights rounded to float.
float documented_sum(const std::vector<float> &v, long n, long at, long step,
                     const std::vector<double> &w) {
    const auto value = [&](long i) {
        return i < 0 || i >= n ? 0.0f : v[size_t(i * step)];
    };
    float acc = float(w[0]) * value(at);
    const long r = std::min(long(w.size()) - 1, n - 1);
    for (long k = 1; k <= r; ++k)
        acc = std::fma(float(w[size_t(k)]), value(at - k) + value(at + k), acc);
    return acc;
}

}  // namespace

TEST(Elastic, EveryKernelGivesTheBitsOfTheDocumentedOrder) {
    // Widths around the fast kernel's blocks of 8 (taken four at a
    // time), and MNIST's 28.
    for (size_t cols : {1u, 7u, 8u, 9u, 16u, 17u, 28u, 33u, 40u, 64u}) {
        for (double sigma : {1.0, 4.0, 12.0}) {
            const size_t rows = 28;
            const std::vector<double> w = mseq::gaussian_kernel(sigma);
            const std::vector<float> in = noise(rows * cols, cols * 100 + 7);
            std::vector<float> fast(rows * cols), portable(rows * cols), s;
            mseq::smooth_field(in.data(), rows, cols, w, 2.5, s, fast.data());
            mseq::smooth_field(in.data(), rows, cols, w, 2.5, s,
                               portable.data(), true);
            // The rows pass, then the columns pass, each in its order.
            std::vector<float> mid(rows * cols), want(rows * cols);
            for (size_t y = 0; y < rows; ++y) {
                const std::vector<float> row(in.begin() + long(y * cols),
                                             in.begin() + long((y + 1) * cols));
                for (size_t x = 0; x < cols; ++x) {
                    mid[y * cols + x] =
                        documented_sum(row, long(cols), long(x), 1, w);
                }
            }
            for (size_t x = 0; x < cols; ++x) {
                const std::vector<float> col(mid.begin() + long(x), mid.end());
                for (size_t y = 0; y < rows; ++y) {
                    want[y * cols + x] =
                        documented_sum(col, long(rows), long(y), long(cols),
                                       w) *
                        2.5f;
                }
            }
            for (size_t i = 0; i < want.size(); ++i) {
                ASSERT_EQ(portable[i], want[i])
                    << cols << " " << sigma << " " << i;
                ASSERT_EQ(fast[i], want[i]) << cols << " " << sigma << " " << i;
            }
        }
    }
}
