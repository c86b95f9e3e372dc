// The AVX-512 shrink kernel (shrink.hpp).
#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "generate/shrink.hpp"

#if MSEQ_HAS_AVX2_PATH
namespace mseq {
namespace shrink {
namespace {

// The AVX-512 renderer (AVX512BW, AVX512VL and AVX512_VBMI: has_avx512()),
// for layouts within scaled_avx2_fits() and kAvx512Strip whose pixels
// convert as a division (ScaledValue's rational cases) and whose blocks of
// 16 output columns read at most 64 V columns (ratios S / W up to about
// 3.8). It draws the output rows in the image's own order, without
// transposes, 16 rows (a group) at a time:
//  1. the boxes' glyph rows are copied once into a canvas (ink_canvas);
//  2. vertical pass: each row's V (int16, as in the AVX2 renderer) over the
//     boxes' columns, 32 at a time, two glyph rows per byte permute and
//     pmaddubsw (vertical_row);
//  3. horizontal pass, 16 output columns (a block) at a time for the
//     group's rows: the V columns of their taps, two per 32-bit lane,
//     gathered from a window of 32 or 64 V columns by one word permute per
//     pair of taps (vpermw, vpermt2w), multiplied and added by pmaddwd; the
//     16 sums converted as ScaledValue does and stored (block_rows).
// Rows and blocks whose taps meet no box's rows are written as background
// without their sums. The tables (plan_blocks, plan_rows) are built once
// per layout.

// Every lane (the masked forms of some operations: the unmasked ones leave
// their source undefined, which GCC 12 reports).
constexpr __mmask16 kAllLanes = 0xffff;

// The widest strip the AVX-512 renderer draws: its canvas holds the
// strip's glyph rows (at most 255 rows of 4,224 bytes, about 1 MB).
constexpr int64_t kAvx512Strip = 4096;

// Per block of 16 output columns: the window's first V column, its tap
// gathers and weights, and the output rows that may read ink.
struct BlockPlan {
    size_t blocks;          // ceil(W / 16)
    size_t taps;            // pairs of taps per output column (p.taps)
    bool narrow;            // every block's taps are within 32 V columns
    const int32_t *base;    // per block: the window's first V column
    const int32_t *tables;  // [(b * taps + t) * 32]: 16 gathers, 16 weights
    // Per block: the output rows [rows[2b], rows[2b + 1]) whose taps may
    // meet the ink of a box that the block's taps meet (empty: none); its
    // other rows are background.
    const int32_t *rows;
    // The strip's output rows that read ink, [first, second): the blocks'
    // rows together (every box column is some output column's tap of
    // weight above 0, so every box is met by a block).
    std::pair<int64_t, int64_t> ink;
};

// The output rows that read glyph rows [top, bottom) with a weight above 0
// (empty when top >= bottom). Output row oy reads [oy R / h, ((oy + 1) R -
// 1) / h]: the first is the least oy with (oy + 1) R >= top h + 1, the end
// the least oy with oy R >= bottom h.
std::pair<int64_t, int64_t> output_rows(const Layout &l, int64_t top,
                                        int64_t bottom) {
    if (top >= bottom) return {0, 0};
    const int64_t R = l.rows, h = l.height;
    return {(top * h + 1 + R - 1) / R - 1,
            std::min(h, (bottom * h + R - 1) / R)};
}

// The block tables of a layout (plan_scaled's column tables, computed 16
// columns at a time), or false when a block's taps reach beyond a window
// of 64 V columns.
MSEQ_AVX512 bool plan_blocks(const Layout &l, const BoxInk *boxes, size_t count,
                             ScaledScratch &s, BlockPlan &bp) {
    const int64_t W = l.width, S = l.strip;
    bp.blocks = size_t(W + 15) / 16;
    bp.taps = column_tap_pairs(l);
    const int32_t reach = int32_t(2 * bp.taps);
    bp.narrow = true;
    int32_t *base = sized(s.block_base, bp.blocks);
    int32_t *tables = sized(s.block_tables, bp.blocks * bp.taps * 32 + 16);
    tables +=
        (64 - reinterpret_cast<uintptr_t>(tables) % 64) % 64 / sizeof(int32_t);
    int32_t *rows = sized(s.block_rows, 2 * bp.blocks);
    const int64_t c = S - W;
    const __m512i width = _mm512_set1_epi32(int32_t(W));
    const __m512i m0 = _mm512_set1_epi32(int32_t(c / W));
    const __m512i c_rem = _mm512_set1_epi32(int32_t(c % W));
    const __m512i wraps = _mm512_set1_epi32(int32_t(W - c % W - 1));
    const __m512i step_r = _mm512_set1_epi32(int32_t(16 * S % W));
    const __m512i step_q = _mm512_set1_epi32(int32_t(16 * S / W));
    alignas(64) int32_t r0[16], q0[16];
    first_taps(l, 16, q0, r0);
    __m512i r = _mm512_load_si512(r0);
    __m512i q = _mm512_load_si512(q0);
    size_t j = 0;  // the first box not left of the block
    bp.ink = {l.height, 0};
    for (size_t b = 0; b < bp.blocks; ++b) {
        const int64_t n = std::min<int64_t>(16, W - int64_t(16 * b));
        const __mmask16 keep = __mmask16((1u << n) - 1);
        alignas(64) int32_t qs[16];
        _mm512_store_si512(qs, q);
        const int32_t lo = qs[0], hi = qs[n - 1] + reach;
        if (hi - lo > 64) return false;
        bp.narrow = bp.narrow && hi - lo <= 32;
        base[b] = lo;
        const __m512i d = _mm512_sub_epi32(q, _mm512_set1_epi32(lo));
        const __mmask16 big = _mm512_cmpgt_epi32_mask(r, wraps);  // m + 1
        const __m512i m1 = _mm512_mask_add_epi32(
            _mm512_add_epi32(m0, _mm512_set1_epi32(1)), big,
            _mm512_add_epi32(m0, _mm512_set1_epi32(1)), _mm512_set1_epi32(1));
        const __m512i last = _mm512_mask_sub_epi32(
            _mm512_add_epi32(c_rem, r), big, _mm512_add_epi32(c_rem, r), width);
        for (size_t t = 0; t < bp.taps; ++t) {
            __m512i tap[2];
            for (int e = 0; e < 2; ++e) {
                const int32_t k = int32_t(2 * t) + e;
                if (k == 0) {
                    tap[e] = _mm512_sub_epi32(width, r);
                    continue;
                }
                const __m512i kv = _mm512_set1_epi32(k);
                tap[e] = _mm512_mask_mov_epi32(
                    _mm512_maskz_mov_epi32(_mm512_cmpgt_epi32_mask(m1, kv),
                                           width),
                    _mm512_cmpeq_epi32_mask(m1, kv), last);
            }
            // Words 2i, 2i + 1: V columns d_i + 2t, d_i + 2t + 1, and their
            // weights.
            const __m512i even =
                _mm512_add_epi32(d, _mm512_set1_epi32(int32_t(2 * t)));
            int32_t *table = tables + (b * bp.taps + t) * 32;
            _mm512_store_si512(
                table,
                _mm512_maskz_or_epi32(
                    keep, even,
                    _mm512_maskz_slli_epi32(
                        kAllLanes, _mm512_add_epi32(even, _mm512_set1_epi32(1)),
                        16)));
            _mm512_store_si512(
                table + 16, _mm512_maskz_or_epi32(keep, tap[0],
                                                  _mm512_maskz_slli_epi32(
                                                      kAllLanes, tap[1], 16)));
        }
        for (; j < count; ++j) {
            if (kFront + boxes[j].x + boxes[j].width > lo) break;
        }
        int64_t top = l.rows, bottom = 0;  // glyph rows of the boxes met
        for (size_t k = j; k < count && kFront + boxes[k].x < hi; ++k) {
            top = std::min(top, boxes[k].top);
            bottom = std::max(bottom, boxes[k].top + boxes[k].height);
        }
        const std::pair<int64_t, int64_t> ink = output_rows(l, top, bottom);
        rows[2 * b] = int32_t(ink.first);
        rows[2 * b + 1] = int32_t(ink.second);
        if (ink.first < ink.second) {
            bp.ink = {std::min(bp.ink.first, ink.first),
                      std::max(bp.ink.second, ink.second)};
        }
        r = _mm512_add_epi32(r, step_r);
        q = _mm512_add_epi32(q, step_q);
        const __mmask16 wrap =
            _mm512_cmpgt_epi32_mask(r, _mm512_set1_epi32(int32_t(W - 1)));
        r = _mm512_mask_sub_epi32(r, wrap, r, width);
        q = _mm512_mask_add_epi32(q, wrap, q, _mm512_set1_epi32(1));
    }
    bp.base = base;
    bp.tables = tables;
    bp.rows = rows;
    if (bp.ink.first >= bp.ink.second) bp.ink = {0, 0};
    return true;
}

// row[i] = lane i of v where `keep`: a plain store for a whole block (a
// masked store is several times slower on some processors).
MSEQ_AVX512 inline void store16(__m512 v, __mmask16 keep, float *row) {
    if (keep == kAllLanes) {
        _mm512_storeu_ps(row, v);
    } else {
        _mm512_mask_storeu_ps(row, keep, v);
    }
}

MSEQ_AVX512 inline void store16(__m128i v, __mmask16 keep, uint8_t *row) {
    if (keep == kAllLanes) {
        _mm_storeu_si128(reinterpret_cast<__m128i *>(row), v);
    } else {
        _mm_mask_storeu_epi8(row, keep, v);
    }
}

// The float pixels of 16 sums (ScaledValue::f32 as n / M, its rational
// case), and in `near` the lanes where `keep` that need the double path.
template <bool Invert>
MSEQ_AVX512 inline __m512 f32_pixels16(__m512i acc, const ScaledValue &value,
                                       __mmask16 keep, __mmask16 &near) {
    const __m512 m = _mm512_set1_ps(value.f32_m_float);
    const __m512 n = _mm512_maskz_cvtepi32_ps(
        kAllLanes,
        Invert ? acc : _mm512_sub_epi32(_mm512_set1_epi32(value.f32_m), acc));
    const __m512 q = _mm512_div_ps(n, m);
    near = 0;
    if (!Invert && value.f32_tested) {
        // scaled_f32x8's test; scale * H is exact (a power of 2 times H), so
        // one fused rounding gives the same gap.
        const __m512 abs_r = _mm512_abs_ps(_mm512_fmsub_ps(q, m, n));
        const __m512i below =
            _mm512_sub_epi32(_mm512_castps_si512(q), _mm512_set1_epi32(1));
        const __m512 scale = _mm512_castsi512_ps(
            _mm512_and_si512(below, _mm512_set1_epi32(0x7f800000)));
        const __m512 gap =
            _mm512_fmsub_ps(scale, _mm512_set1_ps(value.f32_half_ulp), abs_r);
        near = _mm512_mask_cmp_ps_mask(
            keep, gap, _mm512_set1_ps(value.f32_tolerance), _CMP_LT_OQ);
    }
    return q;
}

// The pixels of 16 sums where `keep`, one by one (the double path).
template <typename Pixel>
MSEQ_AVX512 inline void pixels16_one_by_one(__m512i acc,
                                            const ScaledValue &value,
                                            __mmask16 keep, Pixel *row) {
    alignas(64) uint32_t sums[16];
    _mm512_store_si512(sums, acc);
    for (size_t i = 0; i < 16; ++i) {
        if ((keep >> i) & 1) put(value.f32(sums[i]), row + i);
    }
}

// The pixels of 16 sums into row[0..16) where `keep` (ScaledValue::f32 as
// n / M, its rational case).
template <bool Invert>
MSEQ_AVX512 inline void pixels16(__m512i acc, const ScaledValue &value,
                                 __mmask16 keep, float *row) {
    __mmask16 near;
    const __m512 q = f32_pixels16<Invert>(acc, value, keep, near);
    if (near != 0) {
        pixels16_one_by_one(acc, value, keep, row);
        return;
    }
    store16(q, keep, row);
}

// f32_to_u8 of 8 floats, floor(255 v + 1/2) in double, in bytes 0-7.
MSEQ_AVX512 inline __m128i u8_of_f32x8(__m256 v) {
    const __mmask8 all = 0xff;
    return _mm256_maskz_cvtepi32_epi8(
        all, _mm512_maskz_cvttpd_epi32(
                 all, _mm512_add_pd(_mm512_mul_pd(_mm512_maskz_cvtps_pd(all, v),
                                                  _mm512_set1_pd(255.0)),
                                    _mm512_set1_pd(0.5))));
}

// uint8: as N / D (ScaledValue's rational case), ties through float.
template <bool Invert>
MSEQ_AVX512 inline void pixels16(__m512i acc, const ScaledValue &value,
                                 __mmask16 keep, uint8_t *row) {
    const __m512i twice = _mm512_add_epi32(acc, acc);
    const __m512i base = _mm512_set1_epi32(value.u8_base);
    const __m512i n =
        Invert ? _mm512_add_epi32(base, twice) : _mm512_sub_epi32(base, twice);
    const __m512 q = _mm512_div_ps(_mm512_maskz_cvtepi32_ps(kAllLanes, n),
                                   _mm512_set1_ps(value.u8_divisor));
    const __m512 k = _mm512_maskz_roundscale_ps(
        kAllLanes, q, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
    if (_mm512_mask_cmp_ps_mask(keep, q, k, _CMP_EQ_OQ) != 0) {
        // A tie: every lane through its float pixel (ScaledValue; as
        // rational as the uint8 one, area <= kU8RationalArea).
        __mmask16 near;
        const __m512 v = f32_pixels16<Invert>(acc, value, keep, near);
        if (near != 0) {
            pixels16_one_by_one(acc, value, keep, row);
            return;
        }
        alignas(64) float px[16];
        _mm512_store_ps(px, v);
        store16(_mm_unpacklo_epi64(u8_of_f32x8(_mm256_load_ps(px)),
                                   u8_of_f32x8(_mm256_load_ps(px + 8))),
                keep, row);
        return;
    }
    store16(_mm512_maskz_cvtepi32_epi8(kAllLanes,
                                       _mm512_maskz_cvttps_epi32(kAllLanes, k)),
            keep, row);
}

MSEQ_AVX512 inline void background16(float *row, float bg, __mmask16 keep) {
    store16(_mm512_set1_ps(bg), keep, row);
}

MSEQ_AVX512 inline void background16(uint8_t *row, uint8_t bg, __mmask16 keep) {
    store16(_mm_set1_epi8(char(bg)), keep, row);
}

// row[0..n) from the sums acc[0..n), 16 at a time (ScaledValue's rational
// case for Pixel).
template <bool Invert, typename Pixel>
MSEQ_AVX512 void row_avx512(const uint32_t *acc, size_t n,
                            const ScaledValue &value, Pixel *row) {
    for (size_t x = 0; x < n; x += 16) {
        const __mmask16 keep =
            x + 16 <= n ? kAllLanes : __mmask16((1u << (n - x)) - 1);
        pixels16<Invert>(_mm512_maskz_loadu_epi32(keep, acc + x), value, keep,
                         row + x);
    }
}

// The glyph rows of the strip over the V columns [lo, hi) that hold every
// box, ink of every box copied in and 0 elsewhere: glyph row sy (0 <= sy <
// rows), V column col (strip column col - kFront) at canvas[sy * width +
// col - lo].
struct InkCanvas {
    const uint8_t *canvas;
    size_t width;  // bytes per row: hi - lo + 32 rounded up to 64
    size_t rows;   // R plus the rows that taps reach past it (all 0)
    size_t lo;     // multiples of 32
    size_t hi;
};

// Builds the canvas of the layout's boxes for the output rows [ink.first,
// ink.second): the glyph rows their taps read are zeroed, then each box
// row copied in by a masked load and a plain 32-byte store (the canvas has
// room past the last box; bytes a store writes past its box are 0, and
// the boxes to the right are copied later).
MSEQ_AVX512 InkCanvas ink_canvas(const BoxInk *boxes, size_t count,
                                 const Layout &l, const RowTaps &rt,
                                 std::pair<int64_t, int64_t> ink,
                                 ScaledScratch &s) {
    InkCanvas c;
    c.lo = count == 0 ? 0 : size_t(kFront + boxes[0].x) & ~size_t(31);
    c.hi = c.lo;
    for (size_t j = 0; j < count; ++j) {
        c.hi =
            std::max(c.hi, (size_t(kFront + boxes[j].x + boxes[j].width) + 31) &
                               ~size_t(31));
    }
    c.width = (c.hi - c.lo + 32 + 63) & ~size_t(63);
    c.rows = size_t(l.rows) + 2 * rt.taps;
    uint8_t *canvas = sized(s.canvas, c.width * c.rows + 64);
    canvas += (64 - reinterpret_cast<uintptr_t>(canvas) % 64) % 64;
    c.canvas = canvas;
    if (ink.first >= ink.second) return c;
    const size_t z0 = size_t(rt.first[ink.first]);
    const size_t z1 = size_t(rt.first[ink.second - 1]) + 2 * rt.taps;
    const __m512i zero = _mm512_setzero_si512();
    for (size_t i = z0 * c.width; i < z1 * c.width; i += 64) {
        _mm512_store_si512(canvas + i, zero);
    }
    for (size_t j = 0; j < count; ++j) {
        const BoxInk &b = boxes[j];
        uint8_t *dst =
            canvas + size_t(b.top) * c.width + (size_t(kFront + b.x) - c.lo);
        const uint8_t *src = b.ink;
        for (int64_t col = 0; col < b.width; col += 32) {
            const int64_t n = std::min<int64_t>(32, b.width - col);
            const __mmask32 cols =
                n == 32 ? ~__mmask32(0) : (__mmask32(1) << n) - 1;
            for (int64_t y = 0; y < b.height; ++y) {
                _mm256_storeu_si256(
                    reinterpret_cast<__m256i *>(dst + size_t(y) * c.width +
                                                size_t(col)),
                    _mm256_maskz_loadu_epi8(cols, src + y * b.stride + col));
            }
        }
    }
    return c;
}

// Step 1 for output row oy into v (V column kFront + strip column): columns
// [lo, hi), 32 at a time, two glyph rows at a time: their bytes
// interleaved by one permute, then multiplied by the pair of weights and
// added (pmaddubsw, as in vertical_pass). RT: rt.taps, or 0.
template <size_t RT>
MSEQ_AVX512 inline void vertical_row(const InkCanvas &c, const RowTaps &rt,
                                     int64_t oy, uint16_t *v) {
    const size_t taps = RT != 0 ? RT : rt.taps;
    const uint8_t *rows = c.canvas + size_t(rt.first[oy]) * c.width - c.lo;
    const int16_t *pairs = rt.pairs + size_t(oy) * rt.taps;
    // Byte 2c: column c of the first row, byte 2c + 1: of the second.
    const __m512i interleave = _mm512_set_epi8(
        95, 31, 94, 30, 93, 29, 92, 28, 91, 27, 90, 26, 89, 25, 88, 24, 87, 23,
        86, 22, 85, 21, 84, 20, 83, 19, 82, 18, 81, 17, 80, 16, 79, 15, 78, 14,
        77, 13, 76, 12, 75, 11, 74, 10, 73, 9, 72, 8, 71, 7, 70, 6, 69, 5, 68,
        4, 67, 3, 66, 2, 65, 1, 64, 0);
    for (size_t col = c.lo; col < c.hi; col += 32) {
        __m512i sum = _mm512_setzero_si512();
        for (size_t t = 0; t < taps; ++t) {
            const uint8_t *r = rows + 2 * t * c.width + col;
            const __m512i bytes = _mm512_permutex2var_epi8(
                _mm512_castsi256_si512(
                    _mm256_load_si256(reinterpret_cast<const __m256i *>(r))),
                interleave,
                _mm512_castsi256_si512(_mm256_load_si256(
                    reinterpret_cast<const __m256i *>(r + c.width))));
            sum = _mm512_add_epi16(
                sum, _mm512_maddubs_epi16(bytes, _mm512_set1_epi16(pairs[t])));
        }
        _mm512_store_si512(v + col, sum);
    }
}

// Words g[i] of lo, hi (64 words); Narrow: all g[i] < 32.
template <bool Narrow>
MSEQ_AVX512 inline __m512i gather32(__m512i lo, __m512i g, __m512i hi) {
    return Narrow ? _mm512_permutexvar_epi16(g, lo)
                  : _mm512_permutex2var_epi16(lo, g, hi);
}

// The pixels of a block of 16 columns in `rows` rows from their V rows
// (window: the first row's window, then one row every `stride`), into dst
// (then every W). T: the pairs of taps (`taps` when T is 0); the first two
// are kept in registers (the stores into the image could alias the
// tables).
template <bool Invert, size_t T, bool Narrow, typename Pixel>
MSEQ_AVX512 inline void block_rows(const int32_t *table, const uint16_t *window,
                                   size_t stride, size_t rows,
                                   const ScaledValue &value, __mmask16 keep,
                                   Pixel *dst, size_t W, size_t taps = T) {
    const __m512i gather0 = _mm512_load_si512(table);
    const __m512i weight0 = _mm512_load_si512(table + 16);
    const __m512i gather1 = taps > 1 ? _mm512_load_si512(table + 32) : gather0;
    const __m512i weight1 = taps > 1 ? _mm512_load_si512(table + 48) : weight0;
    for (size_t i = 0; i < rows; ++i, dst += W, window += stride) {
        // Narrow: the taps are in the first 32 columns, one load and a
        // one-source permute.
        const __m512i lo = _mm512_loadu_si512(window);
        const __m512i hi = Narrow ? lo : _mm512_loadu_si512(window + 32);
        __m512i acc =
            _mm512_madd_epi16(gather32<Narrow>(lo, gather0, hi), weight0);
        if (taps > 1) {
            acc = _mm512_add_epi32(
                acc,
                _mm512_madd_epi16(gather32<Narrow>(lo, gather1, hi), weight1));
        }
        for (size_t t = 2; t < taps; ++t) {
            const int32_t *tt = table + t * 32;
            acc = _mm512_add_epi32(
                acc, _mm512_madd_epi16(_mm512_permutex2var_epi16(
                                           lo, _mm512_load_si512(tt), hi),
                                       _mm512_load_si512(tt + 16)));
        }
        pixels16<Invert>(acc, value, keep, dst);
    }
}

// Output rows kGroupRows at a time: the V rows of the group, then their
// pixels, a block of 16 columns at a time for all the group's rows (its
// tables stay in registers). v: kGroupRows rows of `stride` V columns,
// zero where the windows reach outside [c.lo, c.hi), which every row
// writes.
constexpr int64_t kGroupRows = 16;

// Output rows [ink.first, ink.second) of the layout: the rows of the
// image around them read no ink and are background.
template <bool Invert, size_t T, size_t RT, typename Pixel>
MSEQ_AVX512 void scaled_rows_avx512(const InkCanvas &c, const Layout &l,
                                    const RowTaps &rt, const BlockPlan &bp,
                                    const ScaledValue &value,
                                    std::pair<int64_t, int64_t> ink,
                                    uint16_t *v, size_t stride, Pixel *out) {
    const size_t taps = T != 0 ? T : bp.taps;
    // Float pixels: a copy that the stores cannot alias (horizontal_pass).
    const ScaledValue copy = value;
    const size_t W = size_t(l.width);
    const Pixel bg = background<Pixel>(Invert);
    Pixel *strip = out + size_t(l.y0) * W;
    fill_avx2(strip, size_t(ink.first) * W, bg);
    fill_avx2(strip + size_t(ink.second) * W, size_t(l.height - ink.second) * W,
              bg);
    for (int64_t g0 = ink.first; g0 < ink.second; g0 += kGroupRows) {
        const int64_t g1 = std::min(ink.second, g0 + kGroupRows);
        const size_t rows = size_t(g1 - g0);
        for (int64_t oy = g0; oy < g1; ++oy) {
            vertical_row<RT>(c, rt, oy, v + size_t(oy - g0) * stride);
        }
        Pixel *row0 = out + size_t(l.y0 + g0) * W;
        for (size_t b = 0; b < bp.blocks; ++b) {
            const size_t x0 = 16 * b;
            const __mmask16 keep =
                x0 + 16 <= W ? kAllLanes : __mmask16((1u << (W - x0)) - 1);
            Pixel *dst = row0 + x0;
            // The group's rows [a, e) that may meet ink here; the others
            // are background.
            const size_t a = size_t(
                std::min<int64_t>(std::max<int64_t>(bp.rows[2 * b], g0), g1) -
                g0);
            const size_t e = std::max(
                a, size_t(std::min<int64_t>(
                              std::max<int64_t>(bp.rows[2 * b + 1], g0), g1) -
                          g0));
            size_t i = 0;
            for (; i < a; ++i, dst += W) background16(dst, bg, keep);
            if (a < e) {
                const int32_t *table = bp.tables + b * taps * 32;
                const uint16_t *window = v + a * stride + size_t(bp.base[b]);
                if (bp.narrow) {
                    block_rows<Invert, T, true>(table, window, stride, e - a,
                                                copy, keep, dst, W, taps);
                } else {
                    block_rows<Invert, T, false>(table, window, stride, e - a,
                                                 copy, keep, dst, W, taps);
                }
                i = e;
                dst += (e - a) * W;
            }
            for (; i < rows; ++i, dst += W) background16(dst, bg, keep);
        }
    }
}

// Draws the layout and returns true, or returns false when it is not
// within this renderer's limits (above).
template <typename Pixel>
MSEQ_AVX512 bool draw_avx512(const SourceData &ds, const Layout &l, bool store,
                             const ScaledValue &value, Pixel *out) {
    if (std::is_same<Pixel, float>::value ? !value.f32_rational
                                          : !value.u8_rational) {
        return false;
    }
    if (l.strip > kAvx512Strip) return false;
    ScaledScratch &s = scaled_scratch();
    // The row tables first: the boxes' descriptions may still be on their
    // way (render_scaled asked for them).
    const RowTaps rt = plan_rows(l, s, false);
    BoxInk *boxes = sized(s.boxes, l.count);
    size_t count = 0;
    for (size_t j = 0; j < l.count; ++j) {
        const BoxInk b = box_ink(ds, l, j, store);
        if (b.height != 0) boxes[count++] = b;
    }
    BlockPlan bp;
    if (!plan_blocks(l, boxes, count, s, bp)) return false;
    const std::pair<int64_t, int64_t> ink = bp.ink;
    // The ink was asked for (render_scaled); wait for it only now, after
    // the tables.
    touch_ink(ds, l, store);
    const InkCanvas c = ink_canvas(boxes, count, l, rt, ink, s);
    // Every V column a window reaches (a window starts at most at the last
    // strip column): the vertical pass writes [c.lo, c.hi) of each row, and
    // the windows' columns outside it are zeroed here.
    const size_t stride = (size_t(kFront + l.strip) + 64 + 31) & ~size_t(31);
    uint16_t *v = sized(s.rows_v, stride * size_t(kGroupRows) + 32);
    v += (64 - reinterpret_cast<uintptr_t>(v) % 64) % 64 / sizeof(uint16_t);
    const size_t used = size_t(std::min(ink.second - ink.first, kGroupRows));
    const size_t reach_lo = size_t(bp.base[0]) & ~size_t(31);
    const size_t reach_hi = size_t(bp.base[bp.blocks - 1]) + 64;
    for (size_t i = 0; i < used; ++i) {
        uint16_t *row = v + i * stride;
        for (size_t col = reach_lo; col < c.lo; col += 32) {
            _mm512_store_si512(row + col, _mm512_setzero_si512());
        }
        for (size_t col = c.hi; col < reach_hi; col += 32) {
            _mm512_store_si512(row + col, _mm512_setzero_si512());
        }
    }
    const auto rows = [&](auto invert, auto taps, auto row_taps) {
        scaled_rows_avx512<decltype(invert)::value, decltype(taps)::value,
                           decltype(row_taps)::value>(c, l, rt, bp, value, ink,
                                                      v, stride, out);
    };
    const auto by_row_taps = [&](auto invert, auto taps) {
        switch (rt.taps) {
            case 1:
                rows(invert, taps, std::integral_constant<size_t, 1>());
                break;
            case 2:
                rows(invert, taps, std::integral_constant<size_t, 2>());
                break;
            default:
                rows(invert, taps, std::integral_constant<size_t, 0>());
                break;
        }
    };
    const auto by_taps = [&](auto invert) {
        switch (bp.taps) {
            case 1:
                by_row_taps(invert, std::integral_constant<size_t, 1>());
                break;
            case 2:
                by_row_taps(invert, std::integral_constant<size_t, 2>());
                break;
            default:
                by_row_taps(invert, std::integral_constant<size_t, 0>());
                break;
        }
    };
    if (value.invert) {
        by_taps(std::true_type());
    } else {
        by_taps(std::false_type());
    }
    return true;
}

}  // namespace

template <typename Pixel>
bool scaled_avx512(const SourceData &ds, const Layout &l, bool store,
                   const ScaledValue &value, Pixel *out) {
    return draw_avx512(ds, l, store, value, out);
}

template <typename Pixel>
void scaled_row_avx512(const uint32_t *acc, size_t n, const ScaledValue &value,
                       Pixel *row) {
    if (value.invert) {
        row_avx512<true>(acc, n, value, row);
    } else {
        row_avx512<false>(acc, n, value, row);
    }
}

template bool scaled_avx512(const SourceData &, const Layout &, bool,
                            const ScaledValue &, float *);
template bool scaled_avx512(const SourceData &, const Layout &, bool,
                            const ScaledValue &, uint8_t *);
template void scaled_row_avx512(const uint32_t *, size_t, const ScaledValue &,
                                float *);
template void scaled_row_avx512(const uint32_t *, size_t, const ScaledValue &,
                                uint8_t *);

}  // namespace shrink
}  // namespace mseq
#endif
