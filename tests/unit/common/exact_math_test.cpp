// Portable sine and cosine (exact_math.hpp): close to libm's everywhere in
// range, exact at the quarter turns.
#include "common/exact_math.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

TEST(ExactMath, SinCosAgreeWithLibmWithinTwoUlp) {
    // The reference in long double (64-bit significands on x86-64; where
    // long double is double, the bound still holds within 2 ulp of 1).
    const long double pi = 3.141592653589793238462643383279502884L;
    for (double deg = -360.0; deg <= 360.0; deg += 0.173) {
        double s = 0, c = 0;
        mseq::sin_cos_degrees(deg, s, c);
        const long double rad = static_cast<long double>(deg) * (pi / 180.0L);
        // 2 ulp of 1.0, and near 0 an absolute bound of the same size.
        EXPECT_NEAR(s, double(std::sin(rad)), 4.5e-16) << deg;
        EXPECT_NEAR(c, double(std::cos(rad)), 4.5e-16) << deg;
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

}  // namespace
