// Portable sine, cosine, exponential and logarithm (exact_math.hpp).
#include "common/exact_math.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace mseq {
namespace {

// Taylor series of sin and cos on |x| <= pi/4, evaluated by Horner's rule:
// terms up to x^17 and x^18, whose remainders are below 2^-60 there.
double sin_poly(double x) {
    const double x2 = x * x;
    double s = 1.0 / 355687428096000.0;  // 1/17!
    s = s * x2 - 1.0 / 1307674368000.0;  // 1/15!
    s = s * x2 + 1.0 / 6227020800.0;     // 1/13!
    s = s * x2 - 1.0 / 39916800.0;       // 1/11!
    s = s * x2 + 1.0 / 362880.0;         // 1/9!
    s = s * x2 - 1.0 / 5040.0;           // 1/7!
    s = s * x2 + 1.0 / 120.0;            // 1/5!
    s = s * x2 - 1.0 / 6.0;              // 1/3!
    return x + x * (s * x2);
}

double cos_poly(double x) {
    const double x2 = x * x;
    double c = 1.0 / 6402373705728000.0;  // 1/18!
    c = c * x2 - 1.0 / 20922789888000.0;  // 1/16!
    c = c * x2 + 1.0 / 87178291200.0;     // 1/14!
    c = c * x2 - 1.0 / 479001600.0;       // 1/12!
    c = c * x2 + 1.0 / 3628800.0;         // 1/10!
    c = c * x2 - 1.0 / 40320.0;           // 1/8!
    c = c * x2 + 1.0 / 720.0;             // 1/6!
    c = c * x2 - 1.0 / 24.0;              // 1/4!
    c = c * x2 + 0.5;                     // 1/2!
    return 1.0 - c * x2;
}

// e^r - 1 on |r| <= ln 2 / 2 by its Taylor series, by Horner's rule: terms
// up to r^13, whose remainder is below 2^-57 of e^r there. The leading 1 is
// kept apart so that it is added once, at the end, without cancellation.
double expm1_poly(double r) {
    double q = 1.0 / 6227020800.0;  // 1/13!
    q = q * r + 1.0 / 479001600.0;  // 1/12!
    q = q * r + 1.0 / 39916800.0;   // 1/11!
    q = q * r + 1.0 / 3628800.0;    // 1/10!
    q = q * r + 1.0 / 362880.0;     // 1/9!
    q = q * r + 1.0 / 40320.0;      // 1/8!
    q = q * r + 1.0 / 5040.0;       // 1/7!
    q = q * r + 1.0 / 720.0;        // 1/6!
    q = q * r + 1.0 / 120.0;        // 1/5!
    q = q * r + 1.0 / 24.0;         // 1/4!
    q = q * r + 1.0 / 6.0;          // 1/3!
    q = q * r + 0.5;                // 1/2!
    return r + (r * r) * q;
}

// 2^n for a normal exponent, -1022 <= n <= 1023: built from its bits.
double pow2(int n) {
    const uint64_t bits = static_cast<uint64_t>(n + 1023) << 52;
    double d = 0.0;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

}  // namespace

double exp_portable(double x) {
    if (x != x) return x;  // NaN
    // Beyond these e^x rounds to infinity or to 0 (below half the least
    // subnormal, 2^-1075 = e^-745.13...).
    if (x > 709.79) return std::numeric_limits<double>::infinity();
    if (x < -745.2) return 0.0;
    // Cody and Waite's reduction: ln 2 = kLn2Hi + kLn2Lo, kLn2Hi with 32
    // significant bits (fdlibm's split), so n * kLn2Hi is exact for
    // |n| < 2^11 and x - n * kLn2Hi too (the two are within a factor of 2).
    constexpr double kLn2Hi = 6.93147180369123816490e-01;
    constexpr double kLn2Lo = 1.90821492927058770002e-10;
    constexpr double kInvLn2 = 1.44269504088896338700e+00;
    // floor is exact in IEEE arithmetic (no rounding involved).
    const double n = std::floor(x * kInvLn2 + 0.5);
    const double r = (x - n * kLn2Hi) - n * kLn2Lo;
    const double e = 1.0 + expm1_poly(r);
    const int k = static_cast<int>(n);
    if (k >= -1022 && k <= 1023) return e * pow2(k);  // exact
    // Out of the normal exponents: two steps, the first exact, the second
    // rounding once into the subnormals (or to infinity near the top).
    const int half = k / 2;
    return (e * pow2(half)) * pow2(k - half);
}

double log_portable(double x) {
    if (x != x || x < 0.0) return std::numeric_limits<double>::quiet_NaN();
    if (x == 0.0) return -std::numeric_limits<double>::infinity();
    if (x == std::numeric_limits<double>::infinity()) return x;
    int e = 0;
    if (x < 0x1.0p-1022) {  // subnormal: scale into the normals (exact)
        x *= 0x1.0p54;
        e = -54;
    }
    uint64_t bits = 0;
    std::memcpy(&bits, &x, sizeof bits);
    e += static_cast<int>(bits >> 52) - 1023;
    // m in [1, 2) from the fraction bits, then in [sqrt(1/2), sqrt(2)).
    bits = (bits & ((uint64_t{1} << 52) - 1)) | (uint64_t{1023} << 52);
    double m = 0.0;
    std::memcpy(&m, &bits, sizeof m);
    if (m > 1.4142135623730951) {
        m *= 0.5;  // exact
        ++e;
    }
    // m - 1 is exact (Sterbenz); s^2 <= 0.0295, so the series' terms after
    // s^23 / 23 are below 2^-60 of the sum.
    const double f = m - 1.0;
    const double s = f / (m + 1.0);
    const double s2 = s * s;
    double q = 1.0 / 23.0;
    q = q * s2 + 1.0 / 21.0;
    q = q * s2 + 1.0 / 19.0;
    q = q * s2 + 1.0 / 17.0;
    q = q * s2 + 1.0 / 15.0;
    q = q * s2 + 1.0 / 13.0;
    q = q * s2 + 1.0 / 11.0;
    q = q * s2 + 1.0 / 9.0;
    q = q * s2 + 1.0 / 7.0;
    q = q * s2 + 1.0 / 5.0;
    q = q * s2 + 1.0 / 3.0;
    // ln m = 2 s + 2 s^3 q, written as f - s f + 2 s^3 q (2 s = f - s f,
    // since s (m + 1) = f), which keeps the leading term f exact.
    const double ln_m = f - (s * f - 2.0 * s * (s2 * q));
    constexpr double kLn2Hi = 6.93147180369123816490e-01;
    constexpr double kLn2Lo = 1.90821492927058770002e-10;
    const double de = static_cast<double>(e);
    return de * kLn2Hi + (ln_m + de * kLn2Lo);
}

void sin_cos_degrees(double degrees, double &sin_out, double &cos_out) {
    // Reduce to [-45, 45] degrees around the nearest multiple of 90 (exact
    // in degrees: no pi is involved until the small remainder).
    double quadrant = 0.0;
    double r = degrees;
    while (r > 45.0) {
        r -= 90.0;
        quadrant += 1.0;
    }
    while (r < -45.0) {
        r += 90.0;
        quadrant -= 1.0;
    }
    const double x = r * (3.14159265358979323846 / 180.0);
    const double s = sin_poly(x), c = cos_poly(x);
    int q = static_cast<int>(quadrant) % 4;
    if (q < 0) q += 4;
    switch (q) {
        case 0:
            sin_out = s;
            cos_out = c;
            break;
        case 1:
            sin_out = c;
            cos_out = -s;
            break;
        case 2:
            sin_out = -s;
            cos_out = -c;
            break;
        default:
            sin_out = -c;
            cos_out = s;
            break;
    }
}

}  // namespace mseq
