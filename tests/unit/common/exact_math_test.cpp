// Portable sine, cosine, exponential and logarithm (exact_math.hpp): close
// to libm's everywhere in range, exact at the quarter turns, at the powers of
// two and at 1.
#include "common/exact_math.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace {

// sin and cos of deg from the reference in long double, after the exact
// symmetries that bring the angle into [-90, 90] (a subtraction of two
// doubles within a factor of two is exact): the reference's own rounding of
// a large angle in radians would otherwise exceed the bound, and under
// valgrind long double is only a double.
void reference(double deg, double &s, double &c) {
    const long double pi = 3.141592653589793238462643383279502884L;
    double sign_s = 1.0, sign_c = 1.0, r = deg;
    if (r > 270.0) {
        r -= 360.0;
    } else if (r < -270.0) {
        r += 360.0;
    } else if (r > 90.0) {
        r = 180.0 - r;  // sin(180 - r) = sin r, cos(180 - r) = -cos r
        sign_c = -1.0;
    } else if (r < -90.0) {
        r = -180.0 - r;
        sign_c = -1.0;
    }
    const long double rad = static_cast<long double>(r) * (pi / 180.0L);
    s = sign_s * double(std::sin(rad));
    c = sign_c * double(std::cos(rad));
}

TEST(ExactMath, SinCosAgreeWithLibmWithinTwoUlp) {
    for (double deg = -360.0; deg <= 360.0; deg += 0.173) {
        double s = 0, c = 0, want_s = 0, want_c = 0;
        mseq::sin_cos_degrees(deg, s, c);
        reference(deg, want_s, want_c);
        // 2 ulp of 1.0, and near 0 an absolute bound of the same size.
        EXPECT_NEAR(s, want_s, 4.5e-16) << deg;
        EXPECT_NEAR(c, want_c, 4.5e-16) << deg;
        EXPECT_LE(std::fabs(s), 1.0);
        EXPECT_LE(std::fabs(c), 1.0);
    }
}

TEST(ExactMath, QuarterTurnsAreExact) {
    const struct {
        double deg, sin, cos;
    } cases[] = {{0, 0, 1},    {90, 1, 0},    {180, 0, -1}, {270, -1, 0},
                 {-90, -1, 0}, {-180, 0, -1}, {360, 0, 1},  {-270, 1, 0}};
    for (const auto &k : cases) {
        double s = 7, c = 7;
        mseq::sin_cos_degrees(k.deg, s, c);
        EXPECT_EQ(s, k.sin) << k.deg;
        EXPECT_EQ(c, k.cos) << k.deg;
    }
    double s = 0, c = 0;
    mseq::sin_cos_degrees(30.0, s, c);
    EXPECT_NEAR(s, 0.5, 1.2e-16);
    mseq::sin_cos_degrees(45.0, s, c);
    EXPECT_NEAR(s, c, 2.3e-16);
}

// The distance from got to the true value, in units in the last place of
// the double nearest the true value (long double reference: 64-bit
// significands on x86-64, 113 on AArch64).
long double ulps(double got, long double truth) {
    const double near = static_cast<double>(truth);
    const double up = std::nextafter(std::fabs(near),
                                     std::numeric_limits<double>::infinity());
    const long double ulp = static_cast<long double>(up) - std::fabs(near);
    return std::fabs(static_cast<long double>(got) - truth) / ulp;
}

// Whether long double arithmetic is finer than double at run time.
bool extended_precision() {
    volatile long double one = 1.0L, tiny = 0x1p-60L;
    return one + tiny != one;
}

// libm's e^x in long double.
long double exp_ref(double x) { return std::exp(static_cast<long double>(x)); }

TEST(ExactMath, ExpAgreesWithLibmWithinTwoUlp) {
    long double worst = 0;
    // The Gaussian weights' range, densely, then every normal result.
    for (double x = -12.0; x <= 0.0; x += 1.0 / 1024.0 + 1e-9) {
        const long double e = ulps(mseq::exp_portable(x), exp_ref(x));
        worst = std::max(worst, e);
        ASSERT_LE(e, 2.0L) << x;
    }
    for (double x = -708.3; x <= 709.7; x += 0.0123) {
        const long double e = ulps(mseq::exp_portable(x), exp_ref(x));
        worst = std::max(worst, e);
        ASSERT_LE(e, 2.0L) << x;
    }
    // Most results are correctly rounded or nearly: the bound is not loose
    // by accident of a wrong reference. Only where the reference is finer
    // than a double (not under valgrind, whose x87 long doubles are
    // doubles: there the distance to a double reference is whole ulps).
    if (extended_precision()) {
        EXPECT_LT(worst, 1.0L);
    }
    EXPECT_GT(worst, 0.0L);
}

TEST(ExactMath, ExpIsExactAtPowersOfTwoAndSaturatesAtTheEnds) {
    EXPECT_EQ(mseq::exp_portable(0.0), 1.0);
    EXPECT_EQ(mseq::exp_portable(-0.0), 1.0);
    const long double ln2 = 0.693147180559945309417232121458176568L;
    for (int k = -1020; k <= 1020; k += 17) {
        // x, the double nearest k ln 2: e^x = 2^k (1 + tiny), within 1 ulp.
        const double x = static_cast<double>(k * ln2);
        const double want = std::ldexp(1.0, k);
        EXPECT_LE(ulps(mseq::exp_portable(x), exp_ref(x)), 2.0L);
        EXPECT_NEAR(mseq::exp_portable(x) / want, 1.0, 1e-13) << k;
    }
    const double inf = std::numeric_limits<double>::infinity();
    EXPECT_EQ(mseq::exp_portable(709.79), inf);
    EXPECT_EQ(mseq::exp_portable(1e300), inf);
    EXPECT_EQ(mseq::exp_portable(inf), inf);
    EXPECT_EQ(mseq::exp_portable(-745.3), 0.0);
    EXPECT_EQ(mseq::exp_portable(-inf), 0.0);
    EXPECT_EQ(mseq::exp_portable(-1e300), 0.0);
    EXPECT_TRUE(std::isnan(mseq::exp_portable(std::nan(""))));
    // Near the top and in the subnormals: the result rounded at most once
    // more than libm's.
    for (double x : {709.5, 709.78, -708.5, -720.0, -740.0, -745.0}) {
        const long double truth = exp_ref(x);
        const double got = mseq::exp_portable(x);
        if (std::fabs(truth) >= std::numeric_limits<double>::min()) {
            EXPECT_LE(ulps(got, truth), 2.0L) << x;
        } else {
            const long double least = std::numeric_limits<double>::denorm_min();
            EXPECT_LE(std::fabs(static_cast<long double>(got) - truth), least)
                << x;
            EXPECT_GT(got, 0.0) << x;
        }
    }
}

}  // namespace

// libm's ln x in long double.
long double log_ref(double x) { return std::log(static_cast<long double>(x)); }

TEST(ExactMath, LogAgreesWithLibmWithinTwoUlp) {
    long double worst = 0;
    // The pixel values of gamma and the polar method's radii, densely,
    // then every binade (the reduction's exponent part), subnormals too.
    for (double x = 1e-6; x <= 2.0; x += 1.0 / 4096.0 + 1e-9) {
        const long double e = ulps(mseq::log_portable(x), log_ref(x));
        worst = std::max(worst, e);
        ASSERT_LE(e, 2.0L) << x;
    }
    for (double x = 1e-320; x < 1e308; x *= 1.37) {
        const long double e = ulps(mseq::log_portable(x), log_ref(x));
        worst = std::max(worst, e);
        ASSERT_LE(e, 2.0L) << x;
    }
    // Nearly correctly rounded: the bound is not loose by accident of a
    // wrong reference (measured worst: 1.1 ulp).
    if (extended_precision()) {
        EXPECT_LT(worst, 1.5L);
    }
    EXPECT_GT(worst, 0.0L);
}

TEST(ExactMath, LogIsExactAtOneAndAtTheEnds) {
    EXPECT_EQ(mseq::log_portable(1.0), 0.0);
    const double inf = std::numeric_limits<double>::infinity();
    EXPECT_EQ(mseq::log_portable(0.0), -inf);
    EXPECT_EQ(mseq::log_portable(inf), inf);
    EXPECT_TRUE(std::isnan(mseq::log_portable(-1.0)));
    EXPECT_TRUE(std::isnan(mseq::log_portable(std::nan(""))));
    // e ln 2 for the powers of two, to the rounding of the sum.
    for (int k = -1074; k <= 1023; k += 7) {
        const double x = std::ldexp(1.0, k);
        EXPECT_LE(ulps(mseq::log_portable(x), log_ref(x)), 1.0L) << k;
    }
}

TEST(ExactMath, RoundHalfUpIsLround) {
    // Halves and their neighbours, the largest double below one half,
    // and random values over the range the pixels use.
    std::vector<double> xs = {0.0,   0.49999999999999994, 0.5, 1.0, 254.5,
                              255.0, 2147483647.0};
    for (int k = 0; k < 300; ++k) {
        const double half = k + 0.5;
        xs.push_back(half);
        xs.push_back(std::nextafter(half, 0.0));
        xs.push_back(std::nextafter(half, 1e9));
        xs.push_back(double(k));
        xs.push_back(std::nextafter(double(k), 1e9));
    }
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> pixel(0.0, 255.0);
    for (int i = 0; i < 100000; ++i) xs.push_back(pixel(rng));
    for (const double x : xs) {
        ASSERT_EQ(mseq::round_half_up(x), std::lround(x)) << x;
    }
}
