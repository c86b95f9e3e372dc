// The pixel of a weighted sum of a shrunk strip (render.hpp: scaled
// layouts) as the reference computes it (ScaledValue), with the proofs that
// let the shrink kernels compute it with one float division, and the
// background pixel.
#pragma once

#include <cstdint>
#include <cstring>

#include "common/simd.hpp"
#include "generate/render.hpp"

namespace mseq {
namespace shrink {

// The background pixel of a format.
template <typename Pixel>
Pixel background(bool invert);

template <>
inline float background<float>(bool invert) {
    return ink_to_f32(0, invert);
}

template <>
inline uint8_t background<uint8_t>(bool invert) {
    return invert ? 0 : 255;
}

// The pixel of weighted sum acc, as the reference computes it.
inline float scaled_f32_exact(uint64_t acc, double area, bool invert) {
    return area_to_f32(double(acc) / area, invert);
}

// The pixel of a weighted sum acc < 2^32 without a division when the
// result can be proven to be the reference's, else by the reference's
// formula.
//
// With u = 2^-53 (the unit roundoff) and tau = acc / (255 * area) in
// [0, 1]: the reference's double before the rounding to float is d = a2
// (invert) or fl(1 - a2), where a2 = fl(fl(acc / area) / 255) =
// tau (1 + e1)(1 + e2), |ei| <= u; so |d - tau| < 2.0001 u tau (invert),
// and |d - (1 - tau)| < 2.0001 u + u / 2 (plain; 1 - a2 <= 1 rounds by at
// most u / 2). The bounds lo and hi below are computed with inv =
// fl(1 / (255 * area)) (255 * area < 2^53 and acc are exact doubles):
//  - plain: p = fl(acc * inv) = tau (1 + e3)(1 + e4), so |p - tau| <
//    2.0001 u; lo = fl(1 - 2^-48 - p) and hi = fl(1 + 2^-48 - p) (1 -/+
//    2^-48 exact, each subtraction off by at most u as |result| < 2) are
//    at least 32 u - 3.0001 u below and above 1 - tau, beyond d;
//  - invert: lo = fl(acc * fl(inv * (1 - 2^-47))) <= tau (1 - 64 u)
//    (1 + u)^3 < tau (1 - 60 u) <= d, and likewise hi >= d.
// So lo <= d <= hi. Rounding to float is monotonic: when float(lo) and
// float(hi) are equal, float(d) is that value too.
//
// The uint8 pixel f32_to_u8(v) of the float v above is floor(255 v + 1/2)
// (255 v and the sum are exact in double). v is within 2^-25 of d (half a
// float ulp below 1), so |255 v - x| < 7.7e-6 where x = 255 tau is
// acc / area (invert) or 255 - acc / area (plain). x + 1/2 = N / D with
// D = 2 area and N = 2 acc + area (invert) or 511 area - 2 acc (plain),
// integers; unless D divides N (a tie), N / D is at least 1 / D from the
// nearest integer, and when area <= kU8RationalArea that is more than
// 7.7e-6: the pixel is floor(N / D). N < 2^24 and D <= 2^16 are exact
// floats, and the float quotient cannot round across an integer (half an
// ulp below 256 is at most 2^-17 < 1 / D), so floor(fl(N / D)) is the
// pixel, and fl(N / D) is an integer only for a tie, which takes the
// f32 path.
constexpr int64_t kU8RationalArea = 32768;

// The float pixel as a float division (the AVX2 kernel), when M = 255 *
// area < 2^24 (area <= kF32RationalArea): the sums n = acc (invert) or
// M - acc (plain) and M are exact floats, and q = fl(n / M), one division,
// is the rounding of the pixel's exact value w = n / M. The reference's
// float(d) is q unless a float midpoint lies between d and w:
//  - invert: a midpoint m in [2^E, 2^(E+1)), E <= -1, is an odd multiple of
//    2^(E-24), and n 2^(24-E) - M m 2^(24-E) is a non-zero integer (M <
//    2^24 has fewer than 25 factors 2), so |w - m| >= 2^(E-24) / M >
//    2^-49 w, while |d - w| <= (2u + u^2) w < 2^-51.9 w: q is the pixel;
//  - plain: |d - w| <= (2u + u^2) + u / 2 < 2^-51 (an absolute bound,
//    and near 0 the midpoints are closer than that). The residual r = q M -
//    n is exact under fused multiply-add (a multiple of ulp(q) below 2^E,
//    E = exponent of q), and the midpoints around q are M ulp(q) / 2 - |r|
//    / M (the one below q: M ulp(q) / 4 when q is a power of 2) or more
//    away from w, in units of 1 / M. With H = that half ulp times M, taken
//    from the exponent of the float below q (the power-of-2 case halves it;
//    q = 0 gives infinity), H - |r| is exact, and when it is at least M
//    2^-51 no midpoint is within 2^-51 of w: q is the pixel. Else the
//    double path decides.
constexpr int64_t kF32RationalArea = 65793;  // 255 * 65793 < 2^24

struct ScaledValue {
    double area;    // S * R, exact
    double inv;     // fl(1 / (255 * area))
    double inv_lo;  // fl(inv * (1 - 2^-47))
    double inv_hi;  // fl(inv * (1 + 2^-47))
    bool invert;
    bool u8_rational;     // area <= kU8RationalArea: uint8 pixels as N / D
    int32_t u8_base;      // N for acc 0: area (invert) or 511 area
    float u8_divisor;     // D = 2 area
    bool f32_rational;    // area <= kF32RationalArea: float pixels as n / M
    int32_t f32_m;        // M = 255 area
    float f32_m_float;    // M
    float f32_half_ulp;   // M 2^-24: H for q in [1, 2)
    float f32_tolerance;  // M 2^-51
    // Plain float pixels as n / M need the test above: some sum of this
    // area may fail it (plain_quotients_exact); else q is every pixel.
    bool f32_tested;

    ScaledValue(double area_, bool invert_)
        : area(area_),
          inv(1.0 / (255.0 * area_)),
          inv_lo(inv * (1.0 - 0x1p-47)),
          inv_hi(inv * (1.0 + 0x1p-47)),
          invert(invert_),
          u8_rational(area_ <= double(kU8RationalArea)),
          u8_base(u8_rational ? int32_t(area_) * (invert_ ? 1 : 511) : 0),
          u8_divisor(float(2.0 * area_)),
          f32_rational(area_ <= double(kF32RationalArea)),
          f32_m(f32_rational ? int32_t(255.0 * area_) : 0),
          f32_m_float(float(f32_m)),
          f32_half_ulp(float(double(f32_m) * 0x1p-24)),
          f32_tolerance(float(double(f32_m) * 0x1p-51)),
          f32_tested(f32_rational && !invert_ &&
                     !plain_quotients_exact(int64_t(area_))) {}

    float f32(uint32_t acc) const {
        const double a = double(acc);
        double lo, hi;
        if (invert) {
            lo = a * inv_lo;
            hi = a * inv_hi;
        } else {
            const double p = a * inv;
            lo = (1.0 - 0x1p-48) - p;
            hi = (1.0 + 0x1p-48) - p;
        }
        const float flo = static_cast<float>(lo);
        const float fhi = static_cast<float>(hi);
        uint32_t lo_bits, hi_bits;
        std::memcpy(&lo_bits, &flo, sizeof flo);
        std::memcpy(&hi_bits, &fhi, sizeof fhi);
        if (lo_bits == hi_bits) return flo;
        return scaled_f32_exact(acc, area, invert);
    }

    float f32(uint64_t acc) const {
        return scaled_f32_exact(acc, area, invert);
    }
};

inline void put(float v, float *px) { *px = v; }
inline void put(float v, uint8_t *px) { *px = f32_to_u8(v); }

// row[0..n) from the weighted sums acc[0..n) (Acc: uint32_t or uint64_t).
template <typename Acc, typename Pixel>
void scaled_row(const Acc *acc, size_t n, const ScaledValue &value,
                Pixel *row) {
    const Pixel bg = background<Pixel>(value.invert);
    for (size_t x = 0; x < n; ++x) {
        if (acc[x] == 0) {
            row[x] = bg;
        } else {
            put(value.f32(acc[x]), row + x);
        }
    }
}

#if MSEQ_HAS_AVX2_PATH
// The lanes of plain quotients q = fl(n / M) (ScaledValue's rational case)
// that fail the test of kF32RationalArea's proof: the double path decides.
MSEQ_AVX2_FMA inline __m256 plain_near8(__m256 q, __m256 n,
                                        const ScaledValue &value) {
    const __m256 abs_r = _mm256_andnot_ps(
        _mm256_set1_ps(-0.0f),
        _mm256_fmsub_ps(q, _mm256_set1_ps(value.f32_m_float), n));
    const __m256i below =
        _mm256_sub_epi32(_mm256_castps_si256(q), _mm256_set1_epi32(1));
    const __m256 scale = _mm256_castsi256_ps(
        _mm256_and_si256(below, _mm256_set1_epi32(0x7f800000)));
    const __m256 gap = _mm256_sub_ps(
        _mm256_mul_ps(scale, _mm256_set1_ps(value.f32_half_ulp)), abs_r);
    return _mm256_cmp_ps(gap, _mm256_set1_ps(value.f32_tolerance), _CMP_LT_OQ);
}
#endif

}  // namespace shrink
}  // namespace mseq
