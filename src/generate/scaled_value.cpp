// Which areas' plain float pixels the shrink kernels convert without their
// exactness test (render.hpp: plain_quotients_exact).
#include "generate/scaled_value.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>

namespace mseq {
namespace shrink {
namespace {

#if MSEQ_HAS_AVX2_PATH
// Whether plain_near8 passes every plain sum of M = value.f32_m (not
// inverted), scanning only the sums that can fail it:
//  - when q = fl(n / M) is not a power of 2, or n / M <= q, the test
//    computes (exactly: M 2^-24, M 2^-51 and the residual are exact) M
//    times the distance from w = n / M to the float midpoint m between q
//    and its neighbour on w's side, and fails only when that distance is
//    below 2^-51. The midpoints of the binade of exponent E are odd
//    multiples of 2^(E-24), so |w - m| is a non-zero integer (M has fewer
//    than 24 factors 2) over M 2^(24-E), and failing needs 2^E < M
//    2^-27: with q < 2^(E+2), q < M 2^-25 and n < M^2 2^-25 (1 + 2^-23);
//  - when q = 2^E and n / M > q, the test takes the half ulp below q, a
//    quarter of q's ulp, and fails when n - M 2^E is above M 2^(E-25) -
//    M 2^-51; with n - M 2^E <= M 2^(E-24) < 1, that is at most n =
//    floor(M 2^E) + 1.
// Above kQuotientScan the scan would cost more than it saves: not proven.
// So only areas up to 16,448 (M <= 2^22) are ever proven; the unit test
// RenderScaled.DISABLED_EveryProvenAreaMatchesTheDivision (about three
// minutes) checks every sum of each of them through both kernels.
constexpr double kQuotientScan = 0x1p19;

// Whether plain_near8 passes the plain sums n = min(sums, M).
MSEQ_AVX2_FMA inline bool plain_sums_pass(__m256i sums,
                                          const ScaledValue &value) {
    const __m256 n = _mm256_cvtepi32_ps(
        _mm256_min_epi32(sums, _mm256_set1_epi32(value.f32_m)));
    const __m256 q = _mm256_div_ps(n, _mm256_set1_ps(value.f32_m_float));
    return _mm256_movemask_ps(plain_near8(q, n, value)) == 0;
}

MSEQ_AVX2_FMA bool plain_quotients_scan(const ScaledValue &value) {
    const int32_t m = value.f32_m;
    const double reach = double(m) * double(m) * 0x1p-25 + 2.0;
    if (reach > kQuotientScan) return false;
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const int32_t last = std::min(m, int32_t(reach));
    for (int32_t n0 = 0; n0 <= last; n0 += 8) {
        if (!plain_sums_pass(_mm256_add_epi32(_mm256_set1_epi32(n0), lane),
                             value)) {
            return false;
        }
    }
    // floor(M 2^E) + 0..3 for every power of 2 above the range scanned.
    const __m256i four = _mm256_and_si256(lane, _mm256_set1_epi32(3));
    for (int32_t k = 0; (m >> k) > last; ++k) {
        if (!plain_sums_pass(_mm256_add_epi32(_mm256_set1_epi32(m >> k), four),
                             value)) {
            return false;
        }
    }
    return true;
}

// plain_quotients_exact's verdicts by M, shared by the threads: M << 2 | 2
// (exact) or M << 2 | 1 (not); 0 for none (M >= 255).
std::array<std::atomic<uint32_t>, 1024> quotient_verdicts;
#endif

}  // namespace
}  // namespace shrink

bool plain_quotients_exact(int64_t area) {
#if MSEQ_HAS_AVX2_PATH
    if (area > shrink::kF32RationalArea || !has_avx2_fma()) return false;
    const uint32_t m = uint32_t(255 * area);
    std::atomic<uint32_t> &entry = shrink::quotient_verdicts[m % 1024];
    const uint32_t seen = entry.load(std::memory_order_relaxed);
    if (seen >> 2 == m) return (seen & 2) != 0;
    // Inverted: the value's own test flag is not asked for.
    const bool exact =
        shrink::plain_quotients_scan(shrink::ScaledValue(double(area), true));
    entry.store(m << 2 | (exact ? 2 : 1), std::memory_order_relaxed);
    return exact;
#else
    static_cast<void>(area);
    return false;
#endif
}

}  // namespace mseq
