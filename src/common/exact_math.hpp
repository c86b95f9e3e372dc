// Rounding, sine, cosine, the exponential and the logarithm computed the same
// way everywhere: with +, -, * and / on IEEE doubles only, and exact scaling by
// powers of two (the library is built without FMA contraction), never libm,
// whose last bits differ between versions and platforms. Used where a drawn
// angle, a Gaussian weight, a noise deviate or a gamma becomes pixels, so
// that an augmented image is the same bytes on every platform.
#pragma once

#include <cstdint>

namespace mseq {

// std::lround(x) for 0 <= x < 2^31 (the nearest integer, halves up),
// without a call: the integer part by truncation, then the fraction
// x - t, which is exact (t <= x < t + 1 and t >= x / 2 or t = 0), against
// one half.
inline int32_t round_half_up(double x) {
    const int32_t t = static_cast<int32_t>(x);
    return t + static_cast<int32_t>(x - static_cast<double>(t) >= 0.5);
}

// sin and cos of an angle in degrees, |degrees| <= 360, within 2 ulp of
// the true values (a test compares them with libm's).
void sin_cos_degrees(double degrees, double &sin_out, double &cos_out);

// e^x within 2 ulp of the true value for every x whose result is a normal
// double (about -708.39 <= x <= 709.78; a test compares it with libm's over
// [-750, 710]): x = n ln 2 + r with |r| <= ln 2 / 2 (ln 2 split in two parts
// so that n ln 2 is exact), a degree-13 Taylor polynomial of e^r, then an
// exact scaling by 2^n. Below the normal range the result is e^x rounded
// once more into the subnormals, then 0 (x < -745.2); above, +infinity.
// NaN gives NaN.
double exp_portable(double x);

// ln x within 2 ulp of the true value for every positive finite x (a test
// compares it with libm's): x = m 2^e with sqrt(1/2) <= m < sqrt(2) (exact,
// from the bits; subnormals scaled by 2^54 first), ln m = 2 atanh(s) with
// s = (m - 1) / (m + 1), |s| <= 0.1716, by its series up to s^23, then
// e ln 2 added in two parts (ln 2 split as for exp_portable()). 0 gives
// -infinity, +infinity gives +infinity, negative x and NaN give NaN.
double log_portable(double x);

}  // namespace mseq
