// The AVX2 shrink kernel (shrink.hpp).
#include <algorithm>
#include <cstdint>

#include "generate/shrink.hpp"

#if MSEQ_HAS_AVX2_PATH
namespace mseq {
namespace shrink {
namespace {

// The AVX2 renderer (with FMA: has_avx2_fma()), for layouts within
// scaled_avx2_fits(), 16 output rows (a group) at a time:
//  1. vertical pass: V of the group's rows, as int16 (<= 255 * R < 2^15),
//     from each box 32 strip columns at a time, two glyph rows per multiply
//     (pmaddubsw: weights wy <= h <= R <= 127 fit int8, and a pair's sum
//     255 * (wy + wy') <= 255 * R does not saturate); each block is
//     transposed (16 x 16) into VT, one vector of the 16 rows per strip
//     column; strip columns without ink are zero;
//  2. horizontal pass, 8 output columns at a time: per column its taps two
//     at a time (pmaddwd: weights wx <= W < 2^15, sums <= 255 * S * R
//     < 2^31), the 16 rows in the lanes; transposed back (8 x 8), each row's
//     8 pixels converted (ScaledValue's test) and stored.

// The AVX2 kernel's plan: its horizontal taps and the vertical ones.
struct ScaledPlan {
    size_t width8;         // W rounded up to 8
    size_t taps;           // pairs of horizontal taps per output column
    size_t v_width;        // V row length (a multiple of 16)
    size_t t_begin;        // V columns read by the horizontal pass:
    size_t t_end;          //   [t_begin, t_end), multiples of 16
    const int32_t *first;  // per x: V column of its tap 0
    const int32_t *pairs;  // [t * width8 + x]: x's taps 2t, 2t + 1
    RowTaps rows;
};

// The tap tables of layout l for the AVX2 renderer.
MSEQ_AVX2_FMA ScaledPlan plan_scaled(const Layout &l, ScaledScratch &s) {
    const int64_t W = l.width, S = l.strip;
    ScaledPlan p;
    p.width8 = (size_t(W) + 7) & ~size_t(7);
    p.taps = column_tap_pairs(l);
    int32_t *first = sized(s.first, p.width8);
    int32_t *pairs = sized(s.pairs, p.width8 * p.taps);
    const int64_t c = S - W;
    const __m256i width = _mm256_set1_epi32(int32_t(W));
    const __m256i m0 = _mm256_set1_epi32(int32_t(c / W));
    const __m256i c_rem = _mm256_set1_epi32(int32_t(c % W));
    const __m256i wraps = _mm256_set1_epi32(int32_t(W - c % W - 1));
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i front = _mm256_set1_epi32(int32_t(kFront));
    const __m256i step_r = _mm256_set1_epi32(int32_t(8 * S % W));
    const __m256i step_q = _mm256_set1_epi32(int32_t(8 * S / W));
    const __m256i top_r = _mm256_set1_epi32(int32_t(W - 1));
    alignas(32) int32_t r0[8], q0[8];
    first_taps(l, 8, q0, r0);
    __m256i r = _mm256_load_si256(reinterpret_cast<const __m256i *>(r0));
    __m256i q = _mm256_load_si256(reinterpret_cast<const __m256i *>(q0));
    for (size_t x = 0; x < p.width8; x += 8) {
        const __m256i valid = _mm256_cmpgt_epi32(
            _mm256_set1_epi32(int32_t(W - int64_t(x))), lane);
        const __m256i big = _mm256_cmpgt_epi32(r, wraps);  // -1: m = c/W + 1
        const __m256i m1 = _mm256_sub_epi32(
            _mm256_add_epi32(m0, _mm256_set1_epi32(1)), big);  // m + 1
        const __m256i last = _mm256_sub_epi32(_mm256_add_epi32(c_rem, r),
                                              _mm256_and_si256(big, width));
        const __m256i w0 = _mm256_sub_epi32(width, r);
        for (size_t t = 0; t < p.taps; ++t) {
            __m256i tap[2];
            for (int e = 0; e < 2; ++e) {
                const int32_t k = int32_t(2 * t) + e;
                if (k == 0) {
                    tap[e] = w0;
                    continue;
                }
                const __m256i kv = _mm256_set1_epi32(k);
                tap[e] = _mm256_or_si256(
                    _mm256_and_si256(_mm256_cmpgt_epi32(m1, kv), width),
                    _mm256_and_si256(_mm256_cmpeq_epi32(m1, kv), last));
            }
            const __m256i word =
                _mm256_or_si256(tap[0], _mm256_slli_epi32(tap[1], 16));
            _mm256_storeu_si256(
                reinterpret_cast<__m256i *>(pairs + t * p.width8 + x),
                _mm256_and_si256(word, valid));
        }
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(first + x),
                            _mm256_blendv_epi8(front, q, valid));
        r = _mm256_add_epi32(r, step_r);
        q = _mm256_add_epi32(q, step_q);
        const __m256i wrap = _mm256_cmpgt_epi32(r, top_r);
        r = _mm256_sub_epi32(r, _mm256_and_si256(wrap, width));
        q = _mm256_sub_epi32(q, wrap);
    }
    p.rows = plan_rows(l, s, true);
    const size_t reach = size_t(S) + 2 * p.taps;  // past the last tap
    p.v_width = (size_t(kFront) + reach + 32 + 15) & ~size_t(15);
    p.t_begin = size_t(kFront);
    p.t_end = (size_t(kFront) + reach + 15) & ~size_t(15);
    p.first = first;
    p.pairs = pairs;
    return p;
}

// r[i] lane k -> o[k] lane i, for 16 vectors of 16 lanes of 16 bits.
MSEQ_AVX2_FMA MSEQ_ALWAYS_INLINE void transpose16(const __m256i *r,
                                                  __m256i *o) {
    __m256i a[16], b[16], d[16];
    // a[2i]: pairs of rows 2i, 2i+1 for lanes 0-3 | 8-11; a[2i+1]: 4-7 |
    // 12-15.
    for (size_t i = 0; i < 8; ++i) {
        a[2 * i] = _mm256_unpacklo_epi16(r[2 * i], r[2 * i + 1]);
        a[2 * i + 1] = _mm256_unpackhi_epi16(r[2 * i], r[2 * i + 1]);
    }
    // b[4g + 2h + q]: rows 4g..4g+3, lanes 4h + 2q + {0, 1} (| +8).
    for (size_t g = 0; g < 4; ++g) {
        for (size_t half = 0; half < 2; ++half) {
            const __m256i x = a[4 * g + half], y = a[4 * g + 2 + half];
            b[4 * g + 2 * half] = _mm256_unpacklo_epi32(x, y);
            b[4 * g + 2 * half + 1] = _mm256_unpackhi_epi32(x, y);
        }
    }
    // d[8G + m]: rows 8G..8G+7 of lane m | m + 8.
    for (size_t G = 0; G < 2; ++G) {
        for (size_t hq = 0; hq < 4; ++hq) {
            const __m256i x = b[8 * G + hq], y = b[8 * G + 4 + hq];
            d[8 * G + 2 * hq] = _mm256_unpacklo_epi64(x, y);
            d[8 * G + 2 * hq + 1] = _mm256_unpackhi_epi64(x, y);
        }
    }
    for (size_t m = 0; m < 8; ++m) {
        o[m] = _mm256_permute2x128_si256(d[m], d[8 + m], 0x20);
        o[8 + m] = _mm256_permute2x128_si256(d[m], d[8 + m], 0x31);
    }
}

// r[i] lane k -> o[k] lane i, for 8 vectors of 8 lanes of 32 bits.
MSEQ_AVX2_FMA MSEQ_ALWAYS_INLINE void transpose8(const __m256i *v, __m256i *o) {
    __m256i t[8], u[8];
    for (size_t i = 0; i < 8; i += 2) {
        t[i] = _mm256_unpacklo_epi32(v[i], v[i + 1]);
        t[i + 1] = _mm256_unpackhi_epi32(v[i], v[i + 1]);
    }
    for (size_t i = 0; i < 8; i += 4) {
        u[i] = _mm256_unpacklo_epi64(t[i], t[i + 2]);
        u[i + 1] = _mm256_unpackhi_epi64(t[i], t[i + 2]);
        u[i + 2] = _mm256_unpacklo_epi64(t[i + 1], t[i + 3]);
        u[i + 3] = _mm256_unpackhi_epi64(t[i + 1], t[i + 3]);
    }
    for (size_t k = 0; k < 4; ++k) {
        o[k] = _mm256_permute2x128_si256(u[k], u[k + 4], 0x20);
        o[k + 4] = _mm256_permute2x128_si256(u[k], u[k + 4], 0x31);
    }
}

// Step 1 for output rows [g0, g1): vt[c * 16 + i] = V(g0 + i, c - kFront)
// for the V columns c in [t_begin, t_end) (0 for rows >= g1). For each box,
// 32 columns at a time: the glyph rows the group reads are staged (box rows
// masked to the box's columns, zero rows around them), each row of the
// group meeting the box computed, and the block transposed into vt. Boxes
// go left to right and do not overlap, so a later block overwrites the
// zeros an earlier one wrote past its box; columns no block reaches are
// zeroed. RT: p.rows.taps, or 0 when not one of the unrolled counts. Returns
// the number n of boxes the group reads, whose V columns [lo, hi) it puts
// in spans[2k], spans[2k + 1] (k < n, left to right).
template <size_t RT>
MSEQ_AVX2_FMA size_t vertical_pass(const SourceData &ds, const Layout &l,
                                   bool store, const ScaledPlan &p, int64_t g0,
                                   int64_t g1, uint16_t *vt, int32_t *spans) {
    const size_t taps = RT != 0 ? RT : p.rows.taps;
    const __m256i iota = _mm256_setr_epi8(
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
        20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
    const __m256i zero = _mm256_setzero_si256();
    const int64_t reach = 2 * int64_t(taps);
    // The taps of rows [g0, g1) are in glyph rows [lo, lo + 255): in
    // [0, R + reach), R + reach <= 127 + 128.
    const int64_t lo = p.rows.first[g0];
    __m256i staged[256];  // staged[sy - lo]: glyph row sy
    __m256i *columns = reinterpret_cast<__m256i *>(vt);
    size_t done = p.t_begin;  // columns [t_begin, done) are written
    size_t boxes = 0;
    for (size_t j = 0; j < l.count; ++j) {
        const BoxInk b = box_ink(ds, l, j, store);
        // The group's rows [o0, o1) read the box's rows.
        if (b.height == 0) continue;
        const int64_t o0 = std::max<int64_t>(g0, p.rows.begin[b.top]);
        const int64_t o1 = std::min<int64_t>(g1, p.rows.end[b.top + b.height]);
        if (o0 >= o1) continue;
        spans[2 * boxes] = int32_t(kFront + b.x);
        spans[2 * boxes + 1] = int32_t(kFront + b.x + b.width);
        ++boxes;
        // Glyph rows [r0, r1) hold their taps, rows [first, last) of them
        // the box's.
        const int64_t r0 = p.rows.first[o0];
        const int64_t r1 = p.rows.first[o1 - 1] + reach;
        const int64_t first = std::max(r0, b.top);
        const int64_t last = std::min(r1, b.top + b.height);
        for (int64_t c = 0; c < b.width; c += 32) {
            const int64_t n = std::min<int64_t>(32, b.width - c);
            const __m256i keep =
                _mm256_cmpgt_epi8(_mm256_set1_epi8(char(n)), iota);
            for (int64_t sy = r0; sy < first; ++sy) staged[sy - lo] = zero;
            const uint8_t *ink = b.ink + (first - b.top) * b.stride + c;
            for (int64_t sy = first; sy < last; ++sy, ink += b.stride) {
                __m256i bytes;
                if (ink + 32 <= b.end) {
                    bytes = _mm256_loadu_si256(
                        reinterpret_cast<const __m256i *>(ink));
                } else {
                    alignas(32) uint8_t tail[32] = {};
                    std::memcpy(tail, ink, size_t(n));
                    bytes = _mm256_load_si256(
                        reinterpret_cast<const __m256i *>(tail));
                }
                staged[sy - lo] = _mm256_and_si256(bytes, keep);
            }
            for (int64_t sy = last; sy < r1; ++sy) staged[sy - lo] = zero;
            // v_lo[i]: row g0 + i, columns 0-7 | 16-23; v_hi[i]: 8-15 |
            // 24-31.
            __m256i v_lo[16], v_hi[16];
            for (size_t i = 0; i < 16; ++i) v_lo[i] = v_hi[i] = zero;
            for (int64_t oy = o0; oy < o1; ++oy) {
                const __m256i *r = staged + (p.rows.first[oy] - lo);
                const int16_t *w = p.rows.pairs + size_t(oy) * taps;
                __m256i a = r[0], e = r[1];
                __m256i wt = _mm256_set1_epi16(w[0]);
                __m256i vl =
                    _mm256_maddubs_epi16(_mm256_unpacklo_epi8(a, e), wt);
                __m256i vh =
                    _mm256_maddubs_epi16(_mm256_unpackhi_epi8(a, e), wt);
                for (size_t t = 1; t < taps; ++t) {
                    a = r[2 * t];
                    e = r[2 * t + 1];
                    wt = _mm256_set1_epi16(w[t]);
                    vl = _mm256_add_epi16(
                        vl,
                        _mm256_maddubs_epi16(_mm256_unpacklo_epi8(a, e), wt));
                    vh = _mm256_add_epi16(
                        vh,
                        _mm256_maddubs_epi16(_mm256_unpackhi_epi8(a, e), wt));
                }
                v_lo[oy - g0] = vl;
                v_hi[oy - g0] = vh;
            }
            const size_t col = size_t(kFront + b.x + c);
            for (; done < col; ++done) columns[done] = zero;
            __m256i t_lo[16], t_hi[16];
            transpose16(v_lo, t_lo);
            transpose16(v_hi, t_hi);
            for (size_t k = 0; k < 8; ++k) {
                columns[col + k] = t_lo[k];
                columns[col + k + 8] = t_hi[k];
                columns[col + k + 16] = t_lo[k + 8];
                columns[col + k + 24] = t_hi[k + 8];
            }
            done = std::max(done, col + 32);
        }
    }
    for (; done < p.t_end; ++done) columns[done] = zero;
    return boxes;
}

// ScaledValue::f32 of 8 sums (each < 2^31): as n / M when the area allows
// (kF32RationalArea), else by the double bounds.
template <bool Invert>
MSEQ_AVX2_FMA inline __m256 scaled_f32x8(__m256i acc,
                                         const ScaledValue &value) {
    if (value.f32_rational) {
        const __m256 m = _mm256_set1_ps(value.f32_m_float);
        const __m256 n = _mm256_cvtepi32_ps(
            Invert ? acc
                   : _mm256_sub_epi32(_mm256_set1_epi32(value.f32_m), acc));
        const __m256 q = _mm256_div_ps(n, m);
        if (Invert || !value.f32_tested) return q;
        if (_mm256_movemask_ps(plain_near8(q, n, value)) == 0) return q;
    }
    __m128 lo[2], hi[2];
    for (int k = 0; k < 2; ++k) {
        const __m256d a =
            _mm256_cvtepi32_pd(k == 0 ? _mm256_castsi256_si128(acc)
                                      : _mm256_extracti128_si256(acc, 1));
        if (Invert) {
            lo[k] =
                _mm256_cvtpd_ps(_mm256_mul_pd(a, _mm256_set1_pd(value.inv_lo)));
            hi[k] =
                _mm256_cvtpd_ps(_mm256_mul_pd(a, _mm256_set1_pd(value.inv_hi)));
        } else {
            const __m256d p = _mm256_mul_pd(a, _mm256_set1_pd(value.inv));
            lo[k] = _mm256_cvtpd_ps(
                _mm256_sub_pd(_mm256_set1_pd(1.0 - 0x1p-48), p));
            hi[k] = _mm256_cvtpd_ps(
                _mm256_sub_pd(_mm256_set1_pd(1.0 + 0x1p-48), p));
        }
    }
    const __m256 l = _mm256_set_m128(lo[1], lo[0]);
    const __m256 h = _mm256_set_m128(hi[1], hi[0]);
    const __m256i same =
        _mm256_cmpeq_epi32(_mm256_castps_si256(l), _mm256_castps_si256(h));
    if (_mm256_movemask_ps(_mm256_castsi256_ps(same)) == 0xff) return l;
    alignas(32) uint32_t sums[8];
    alignas(32) float px[8];
    _mm256_store_si256(reinterpret_cast<__m256i *>(sums), acc);
    for (size_t i = 0; i < 8; ++i) px[i] = value.f32(sums[i]);
    return _mm256_load_ps(px);
}

MSEQ_AVX2_FMA inline void store8(__m256 v, float *row) {
    _mm256_storeu_ps(row, v);
}

// f32_to_u8 per lane: the same double operations.
MSEQ_AVX2_FMA inline void store8(__m256 v, uint8_t *row) {
    const __m256d k = _mm256_set1_pd(255.0);
    const __m256d half = _mm256_set1_pd(0.5);
    const __m128i a = _mm256_cvttpd_epi32(_mm256_add_pd(
        _mm256_mul_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(v)), k), half));
    const __m128i b = _mm256_cvttpd_epi32(_mm256_add_pd(
        _mm256_mul_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)), k), half));
    const __m128i words = _mm_packus_epi32(a, b);
    _mm_storel_epi64(reinterpret_cast<__m128i *>(row),
                     _mm_packus_epi16(words, words));
}

// The pixels of 8 sums into row[0..8). A sum of 0 gives the background
// like any other (both kernels), so there is no branch for blank runs:
// whether 8 sums are all 0 is as random as the ink, and a mispredicted
// branch costs more than converting them.
template <bool Invert>
MSEQ_AVX2_FMA inline void pixels8(__m256i acc, const ScaledValue &value,
                                  float *row) {
    store8(scaled_f32x8<Invert>(acc, value), row);
}

// uint8: as N / D when the area allows (ScaledValue), else through float.
template <bool Invert>
MSEQ_AVX2_FMA inline void pixels8(__m256i acc, const ScaledValue &value,
                                  uint8_t *row) {
    if (value.u8_rational) {
        const __m256i twice = _mm256_add_epi32(acc, acc);
        const __m256i base = _mm256_set1_epi32(value.u8_base);
        const __m256i n = Invert ? _mm256_add_epi32(base, twice)
                                 : _mm256_sub_epi32(base, twice);
        const __m256 q = _mm256_div_ps(_mm256_cvtepi32_ps(n),
                                       _mm256_set1_ps(value.u8_divisor));
        const __m256 k = _mm256_floor_ps(q);
        if (_mm256_movemask_ps(_mm256_cmp_ps(q, k, _CMP_EQ_OQ)) == 0) {
            const __m256i ki = _mm256_cvttps_epi32(k);
            const __m128i words = _mm_packus_epi32(
                _mm256_castsi256_si128(ki), _mm256_extracti128_si256(ki, 1));
            _mm_storel_epi64(reinterpret_cast<__m128i *>(row),
                             _mm_packus_epi16(words, words));
            return;
        }
    }
    store8(scaled_f32x8<Invert>(acc, value), row);
}

template <bool Invert, typename Pixel>
MSEQ_AVX2_FMA void row_avx2(const uint32_t *acc, size_t n,
                            const ScaledValue &value, Pixel *row) {
    size_t x = 0;
    for (; x + 8 <= n; x += 8) {
        pixels8<Invert>(
            _mm256_loadu_si256(reinterpret_cast<const __m256i *>(acc + x)),
            value, row + x);
    }
    scaled_row(acc + x, n - x, value, row + x);
}

// The sums of output columns x0..x0+7 (x0 a multiple of 8), rows [g0, g1):
// sums[k] is group row row_of[k]'s.
template <size_t T>
MSEQ_AVX2_FMA MSEQ_ALWAYS_INLINE void column_sums(const ScaledPlan &p,
                                                  const uint16_t *vt, size_t x0,
                                                  __m256i *sums) {
    const size_t taps = T != 0 ? T : p.taps;
    __m256i lo[8], hi[8];
    for (size_t i = 0; i < 8; ++i) {
        const size_t x = x0 + i;
        const __m256i *col =
            reinterpret_cast<const __m256i *>(vt + size_t(p.first[x]) * 16);
        const int32_t *w = p.pairs + x;
        __m256i a = _mm256_load_si256(col), b = _mm256_load_si256(col + 1);
        __m256i wt = _mm256_set1_epi32(w[0]);
        __m256i l = _mm256_madd_epi16(_mm256_unpacklo_epi16(a, b), wt);
        __m256i h = _mm256_madd_epi16(_mm256_unpackhi_epi16(a, b), wt);
        for (size_t t = 1; t < taps; ++t) {
            a = _mm256_load_si256(col + 2 * t);
            b = _mm256_load_si256(col + 2 * t + 1);
            wt = _mm256_set1_epi32(w[t * p.width8]);
            l = _mm256_add_epi32(
                l, _mm256_madd_epi16(_mm256_unpacklo_epi16(a, b), wt));
            h = _mm256_add_epi32(
                h, _mm256_madd_epi16(_mm256_unpackhi_epi16(a, b), wt));
        }
        lo[i] = l;
        hi[i] = h;
    }
    // Lane k of lo holds group row k < 4 ? k : k + 4, of hi k < 4 ? k + 4 :
    // k + 8 (unpacklo/unpackhi take lanes 0-3 and 4-7 of each 128 bits).
    __m256i t[8];
    transpose8(lo, t);
    for (size_t k = 0; k < 4; ++k) {
        sums[k] = t[k];
        sums[k + 8] = t[k + 4];
    }
    transpose8(hi, t);
    for (size_t k = 0; k < 4; ++k) {
        sums[k + 4] = t[k];
        sums[k + 12] = t[k + 4];
    }
}

MSEQ_AVX2_FMA inline void background8(float *row, float bg) {
    _mm256_storeu_ps(row, _mm256_set1_ps(bg));
}

MSEQ_AVX2_FMA inline void background8(uint8_t *row, uint8_t bg) {
    std::memset(row, bg, 8);
}

// Step 2 for output rows [g0, g1) from vt (step 1), into out. T: p.taps,
// or 0 when not one of the unrolled counts. spans[2k], spans[2k + 1]: the V
// columns [lo, hi) of the k-th box (left to right, disjoint) that the
// group's rows read; a block of 8 columns whose taps meet none of them is
// background (every sum 0), written without its sums.
template <bool Invert, size_t T, typename Pixel>
MSEQ_AVX2_FMA void horizontal_pass(const Layout &l, const ScaledPlan &p,
                                   const uint16_t *vt, const ScaledValue &value,
                                   int64_t g0, int64_t g1, const int32_t *spans,
                                   size_t nspans, Pixel *out) {
    // Float pixels: a copy that the stores into out cannot alias, whose
    // constants stay in registers (uint8 ones are slower with it).
    const ScaledValue copy = value;
    const ScaledValue &v = std::is_same<Pixel, float>::value ? copy : value;
    const size_t W = size_t(l.width);
    const size_t rows = size_t(g1 - g0);
    Pixel *row0 = out + size_t(l.y0 + g0) * W;
    const int32_t reach = int32_t(2 * (T != 0 ? T : p.taps));
    const Pixel bg = background<Pixel>(Invert);
    size_t k = 0;  // the first span not left of the block
    __m256i sums[16];
    size_t x0 = 0;
    for (; x0 + 8 <= W; x0 += 8) {
        // The pass writes 8 pixels of every row in turn, too many streams
        // for the hardware prefetchers: when a block starts a cache line,
        // ask for each row's line two lines ahead. In a batch whose output
        // is beyond the caches, a tenth faster; in cache, 3% slower.
        if (x0 % (64 / sizeof(Pixel)) == 0) {
            const size_t ahead = x0 + 2 * 64 / sizeof(Pixel);
            if (ahead < W) {
                for (size_t i = 0; i < rows; ++i) {
                    __builtin_prefetch(row0 + i * W + ahead, 1, 3);
                }
            }
        }
        Pixel *dst = row0 + x0;
        const int32_t lo = p.first[x0], hi = p.first[x0 + 7] + reach;
        while (k < nspans && spans[2 * k + 1] <= lo) ++k;
        if (k == nspans || spans[2 * k] >= hi) {
            for (size_t i = 0; i < rows; ++i, dst += W) background8(dst, bg);
            continue;
        }
        column_sums<T>(p, vt, x0, sums);
        for (size_t i = 0; i < rows; ++i, dst += W) {
            pixels8<Invert>(sums[i], v, dst);
        }
    }
    if (x0 < W) {
        column_sums<T>(p, vt, x0, sums);
        Pixel *dst = row0 + x0;
        for (size_t i = 0; i < rows; ++i, dst += W) {
            Pixel px[8];
            pixels8<Invert>(sums[i], v, px);
            std::memcpy(dst, px, (W - x0) * sizeof(Pixel));
        }
    }
}

template <bool Invert, typename Pixel>
MSEQ_AVX2_FMA void scaled_group(const SourceData &ds, const Layout &l,
                                bool store, const ScaledPlan &p,
                                const ScaledValue &value, int64_t g0,
                                int64_t g1, uint16_t *vt, int32_t *spans,
                                Pixel *out) {
    size_t n = 0;  // boxes the group reads, in spans
    switch (p.rows.taps) {
        case 1:
            n = vertical_pass<1>(ds, l, store, p, g0, g1, vt, spans);
            break;
        case 2:
            n = vertical_pass<2>(ds, l, store, p, g0, g1, vt, spans);
            break;
        case 3:
            n = vertical_pass<3>(ds, l, store, p, g0, g1, vt, spans);
            break;
        default:
            n = vertical_pass<0>(ds, l, store, p, g0, g1, vt, spans);
            break;
    }
    switch (p.taps) {
        case 1:
            horizontal_pass<Invert, 1>(l, p, vt, value, g0, g1, spans, n, out);
            break;
        case 2:
            horizontal_pass<Invert, 2>(l, p, vt, value, g0, g1, spans, n, out);
            break;
        case 3:
            horizontal_pass<Invert, 3>(l, p, vt, value, g0, g1, spans, n, out);
            break;
        default:
            horizontal_pass<Invert, 0>(l, p, vt, value, g0, g1, spans, n, out);
            break;
    }
}

template <typename Pixel>
MSEQ_AVX2_FMA void draw_avx2(const SourceData &ds, const Layout &l, bool store,
                             const ScaledValue &value, Pixel *out) {
    ScaledScratch &s = scaled_scratch();
    const ScaledPlan p = plan_scaled(l, s);
    touch_ink(ds, l, store);
    // 32-byte aligned columns.
    uint16_t *vt = sized(s.vt, p.v_width * 16 + 16);
    vt += (32 - reinterpret_cast<uintptr_t>(vt) % 32) % 32 / sizeof(uint16_t);
    int32_t *spans = sized(s.spans, 2 * l.count);
    for (int64_t g0 = 0; g0 < l.height; g0 += 16) {
        const int64_t g1 = std::min(l.height, g0 + 16);
        if (value.invert) {
            scaled_group<true>(ds, l, store, p, value, g0, g1, vt, spans, out);
        } else {
            scaled_group<false>(ds, l, store, p, value, g0, g1, vt, spans, out);
        }
    }
}

}  // namespace

template <typename Pixel>
void scaled_avx2(const SourceData &ds, const Layout &l, bool store,
                 const ScaledValue &value, Pixel *out) {
    draw_avx2(ds, l, store, value, out);
}

template <typename Pixel>
void scaled_row_avx2(const uint32_t *acc, size_t n, const ScaledValue &value,
                     Pixel *row) {
    if (value.invert) {
        row_avx2<true>(acc, n, value, row);
    } else {
        row_avx2<false>(acc, n, value, row);
    }
}

template void scaled_avx2(const SourceData &, const Layout &, bool,
                          const ScaledValue &, float *);
template void scaled_avx2(const SourceData &, const Layout &, bool,
                          const ScaledValue &, uint8_t *);
template void scaled_row_avx2(const uint32_t *, size_t, const ScaledValue &,
                              float *);
template void scaled_row_avx2(const uint32_t *, size_t, const ScaledValue &,
                              uint8_t *);

}  // namespace shrink
}  // namespace mseq
#endif
