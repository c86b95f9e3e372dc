// Compositing glyphs into the canvas and the area-averaging downscale
// (render.hpp).
#include "generate/render.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

#include "generate/composite.hpp"

// On x86-64 with GCC or Clang the kernels also exist for AVX2 (the shrink
// kernels for AVX2 with FMA, and the shrink for AVX-512 too), picked at run
// time when the processor has it (common/simd.hpp). Their results are
// bit-identical to the portable ones: the same arithmetic per pixel, or
// another one proven to give the same bits (ScaledValue).
#include "common/simd.hpp"

// Always inlined (helpers taking kernels as lambdas), and a prefetch hint.
#if defined(__GNUC__)
#define MSEQ_ALWAYS_INLINE inline __attribute__((always_inline))
#define MSEQ_PREFETCH(address) __builtin_prefetch(address)
#else
#define MSEQ_ALWAYS_INLINE inline
#define MSEQ_PREFETCH(address) static_cast<void>(address)
#endif

namespace mseq {

size_t pixel_bytes(mseq_format format) {
    switch (format) {
        case MSEQ_FORMAT_F32:
            return sizeof(float);
        case MSEQ_FORMAT_U8:
            return 1;
    }
    return 0;
}

namespace {

// ---------------------------------------------------------------------------
// Converting ink to pixels: out[0..n) = the pixels of ink[0..n)

// Plain loops the compiler vectorises for the baseline instruction set.
template <bool Invert>
void convert_f32_plain(const uint8_t *ink, size_t n, float *out) {
    for (size_t i = 0; i < n; ++i) out[i] = ink_to_f32(ink[i], Invert);
}

template <bool Invert>
void convert_u8(const uint8_t *ink, size_t n, uint8_t *out) {
    for (size_t i = 0; i < n; ++i) {
        out[i] = Invert ? ink[i] : static_cast<uint8_t>(255 - ink[i]);
    }
}

#if MSEQ_HAS_AVX2_PATH
// Blocks of 8 pixels: a first block, then blocks on 32-byte boundaries of
// out, then the block [n - 8, n); overlapping blocks write the same values
// twice. Per pixel: (float)(255 - g) (or g), times (float)(1/255).
template <bool Invert>
MSEQ_AVX2 void convert_f32_avx2(const uint8_t *ink, size_t n, float *out) {
    if (n < 8) {
        for (size_t i = 0; i < n; ++i) out[i] = ink_to_f32(ink[i], Invert);
        return;
    }
    const __m256i full = _mm256_set1_epi32(255);
    const __m256 k = _mm256_set1_ps(1.0f / 255.0f);
    const auto block = [&](size_t i) MSEQ_AVX2 {
        __m256i g = _mm256_cvtepu8_epi32(
            _mm_loadl_epi64(reinterpret_cast<const __m128i *>(ink + i)));
        if (!Invert) g = _mm256_sub_epi32(full, g);
        _mm256_storeu_ps(out + i, _mm256_mul_ps(_mm256_cvtepi32_ps(g), k));
    };
    const size_t misalign = reinterpret_cast<uintptr_t>(out) % 32;
    size_t i = misalign % sizeof(float) == 0 ? (32 - misalign) % 32 / 4 : 0;
    if (i != 0) block(0);
    for (; i + 8 <= n; i += 8) block(i);
    if (i < n) block(n - 8);
}
#endif

using ConvertF32 = void (*)(const uint8_t *, size_t, float *);

// The float conversion for this processor.
ConvertF32 pick_convert_f32(bool invert) {
#if MSEQ_HAS_AVX2_PATH
    if (has_avx2()) {
        return invert ? convert_f32_avx2<true> : convert_f32_avx2<false>;
    }
#endif
    return invert ? convert_f32_plain<true> : convert_f32_plain<false>;
}

// ---------------------------------------------------------------------------
// Unscaled layouts

// Bytes for at least one row of ink.
struct Canvas {
    uint8_t *bytes;
    size_t size;
};

// Every row of an unscaled layout, a band of rows at a time: the band's ink
// is assembled in the canvas, then converted into the output as one span
// (the band's output rows are contiguous, and so are its canvas rows), so
// each output row is written once, by long vector stores. Margins and gaps
// hold ink 0, which converts to exactly the background value. The canvas is
// cleared once: the glyph cells are at the same columns in every row, so
// later bands overwrite exactly the cells. Assembling a whole band before
// reading it keeps the reads away from the pending writes of the copies.
// Cols is the glyph width when known at compile time (28 for MNIST and its
// relatives, so that copying a glyph row is a few fixed moves), else 0.
template <size_t Cols, typename Pixel, typename Convert>
void render_rows(const SourceData &ds, const Layout &l, Canvas canvas,
                 Convert convert, Pixel *out) {
    const size_t width = size_t(l.width);
    const size_t rows = size_t(l.rows);
    const size_t cols = Cols != 0 ? Cols : size_t(l.cols);
    const size_t band = std::min(rows, canvas.size / width);
    std::memset(canvas.bytes, 0, band * width);
    for (size_t y0 = 0; y0 < rows; y0 += band) {
        const size_t n = std::min(band, rows - y0);
        for (size_t j = 0; j < l.count; ++j) {
            const uint8_t *g = ds.glyph(l.glyph[j]) + y0 * cols;
            uint8_t *c = canvas.bytes + size_t(l.offset + l.cell_x[j]);
            for (size_t y = 0; y < n; ++y, g += cols, c += width) {
                std::memcpy(c, g, cols);
            }
        }
        convert(canvas.bytes, n * width, out + y0 * width);
    }
}

template <typename Pixel, typename Convert>
void render_unscaled(const SourceData &ds, const Layout &l, Canvas canvas,
                     Convert convert, Pixel *out) {
    if (l.cols == 28) {
        render_rows<28>(ds, l, canvas, convert, out);
    } else {
        render_rows<0>(ds, l, canvas, convert, out);
    }
}

// Asks for every cache line of the layout's glyphs at once: glyphs sit at
// random places in source data larger than the caches, and the renderer reads
// them a row at a time, which hardware prefetchers do not foresee. Inlined:
// as a separate function without side effects, the compiler would drop the
// call.
#if defined(__GNUC__)
inline __attribute__((always_inline)) void prefetch_glyphs(const SourceData &ds,
                                                           const Layout &l) {
    const size_t bytes = size_t(l.rows) * size_t(l.cols);
    for (size_t j = 0; j < l.count; ++j) {
        const uint8_t *g = ds.glyph(l.glyph[j]);
        for (size_t i = 0; i < bytes; i += 64) __builtin_prefetch(g + i);
        __builtin_prefetch(g + bytes - 1);
    }
}
#else
inline void prefetch_glyphs(const SourceData &, const Layout &) {}
#endif

// Draws an unscaled layout with a canvas on the stack for the usual sizes,
// else one row on the heap.
template <typename Draw>
void with_canvas(const SourceData &ds, const Layout &l, Draw draw) {
    prefetch_glyphs(ds, l);
    constexpr size_t kStackCanvas = 8192;
    if (size_t(l.width) <= kStackCanvas) {
        uint8_t canvas[kStackCanvas];
        draw(Canvas{canvas, kStackCanvas});
    } else {
        std::vector<uint8_t> canvas(size_t(l.width));
        draw(Canvas{canvas.data(), canvas.size()});
    }
}

// ---------------------------------------------------------------------------
// Unscaled layouts from the glyph store (glyph_store.hpp)
//
// The image is filled with the background, then each glyph's ink box is
// converted into its place. Cells outside a box hold ink 0, whose pixel is
// exactly the background (ink_to_f32(0, invert) is the fill value), so the
// result is the same, bit for bit, as drawing the full glyphs. Cells never
// overlap here (render() composites overlapping layouts into one glyph
// first, composite.hpp), so the order of the boxes does not matter.

// Calls box(ink, height, width, first output pixel) for each glyph with ink.
template <typename Pixel, typename Box>
MSEQ_ALWAYS_INLINE void for_each_box(const SourceData &ds, const Layout &l,
                                     Pixel *out, Box box) {
    const size_t width = size_t(l.width);
    for (size_t j = 0; j < l.count; ++j) {
        const InkBox &b = ds.store.boxes[l.glyph[j]];
        if (b.height == 0) continue;
        box(ds.store.ink.data() + b.offset, size_t(b.height), size_t(b.width),
            out + size_t(b.top) * width + size_t(l.offset + l.cell_x[j]) +
                b.left);
    }
}

// Asks for every cache line of the layout's ink boxes at once (they sit at
// random places in the store); the fill of the background runs meanwhile.
// Inlined: as a separate function without side effects, the compiler would
// drop the call.
MSEQ_ALWAYS_INLINE void prefetch_boxes(const SourceData &ds, const Layout &l) {
    for (size_t j = 0; j < l.count; ++j) {
        const InkBox &b = ds.store.boxes[l.glyph[j]];
        const size_t bytes = size_t(b.height) * b.width;
        if (bytes == 0) continue;
        const uint8_t *ink = ds.store.ink.data() + b.offset;
        for (size_t i = 0; i < bytes; i += 64) MSEQ_PREFETCH(ink + i);
        MSEQ_PREFETCH(ink + bytes - 1);
    }
}

template <bool Invert>
void boxes_u8(const SourceData &ds, const Layout &l, uint8_t *out) {
    const size_t width = size_t(l.width);
    std::memset(out, Invert ? 0 : 255, size_t(l.rows) * width);
    for_each_box(ds, l, out,
                 [width](const uint8_t *ink, size_t h, size_t w, uint8_t *o) {
                     for (size_t y = 0; y < h; ++y, ink += w, o += width) {
                         convert_u8<Invert>(ink, w, o);
                     }
                 });
}

template <bool Invert>
void boxes_f32_plain(const SourceData &ds, const Layout &l, float *out) {
    const size_t width = size_t(l.width);
    std::fill(out, out + size_t(l.rows) * width, ink_to_f32(0, Invert));
    for_each_box(ds, l, out,
                 [width](const uint8_t *ink, size_t h, size_t w, float *o) {
                     for (size_t y = 0; y < h; ++y, ink += w, o += width) {
                         convert_f32_plain<Invert>(ink, w, o);
                     }
                 });
}

#if MSEQ_HAS_AVX2_PATH
// out[0..n) = v.
MSEQ_AVX2 inline void fill_avx2(uint8_t *out, size_t n, uint8_t v) {
    std::memset(out, v, n);
}

// The same for floats: 32-byte stores on 32-byte boundaries, four a step
// (a loop of one store ran a third slower when the compiler happened to
// place it across a 64-byte boundary).
MSEQ_AVX2 inline void fill_avx2(float *out, size_t n, float v) {
    size_t i = 0;
    for (; i < n && reinterpret_cast<uintptr_t>(out + i) % 32 != 0; ++i) {
        out[i] = v;
    }
    const __m256 v8 = _mm256_set1_ps(v);
    for (; i + 32 <= n; i += 32) {
        _mm256_store_ps(out + i, v8);
        _mm256_store_ps(out + i + 8, v8);
        _mm256_store_ps(out + i + 16, v8);
        _mm256_store_ps(out + i + 24, v8);
    }
    for (; i + 8 <= n; i += 8) _mm256_store_ps(out + i, v8);
    for (; i < n; ++i) out[i] = v;
}

// The same with 8 pixels per step: the fill by fill_avx2(), each box row
// in blocks of 8 plus the block ending at the row's end (overlapping
// blocks write the same values twice).
template <bool Invert>
MSEQ_AVX2 void boxes_f32_avx2(const SourceData &ds, const Layout &l,
                              float *out) {
    const size_t width = size_t(l.width);
    fill_avx2(out, size_t(l.rows) * width, ink_to_f32(0, Invert));
    const __m256i full = _mm256_set1_epi32(255);
    const __m256 k = _mm256_set1_ps(1.0f / 255.0f);
    for_each_box(
        ds, l, out,
        [&](const uint8_t *ink, size_t h, size_t w, float *o) MSEQ_AVX2 {
            const auto block = [&](const uint8_t *src, float *dst) MSEQ_AVX2 {
                __m256i g = _mm256_cvtepu8_epi32(
                    _mm_loadl_epi64(reinterpret_cast<const __m128i *>(src)));
                if (!Invert) g = _mm256_sub_epi32(full, g);
                _mm256_storeu_ps(dst, _mm256_mul_ps(_mm256_cvtepi32_ps(g), k));
            };
            for (size_t y = 0; y < h; ++y, ink += w, o += width) {
                if (w < 8) {
                    convert_f32_plain<Invert>(ink, w, o);
                    continue;
                }
                size_t x = 0;
                for (; x + 8 <= w; x += 8) block(ink + x, o + x);
                if (x < w) block(ink + w - 8, o + w - 8);
            }
        });
}
#endif

using BoxesF32 = void (*)(const SourceData &, const Layout &, float *);

// The float box renderer for this processor.
BoxesF32 pick_boxes_f32(bool invert) {
#if MSEQ_HAS_AVX2_PATH
    if (has_avx2()) {
        return invert ? boxes_f32_avx2<true> : boxes_f32_avx2<false>;
    }
#endif
    return invert ? boxes_f32_plain<true> : boxes_f32_plain<false>;
}

// Draws an unscaled layout from the store (ds.has_store()).
void render_boxes(const SourceData &ds, const Layout &l, mseq_format format,
                  bool invert, bool portable, void *out) {
    prefetch_boxes(ds, l);
    if (format == MSEQ_FORMAT_U8) {
        uint8_t *px = static_cast<uint8_t *>(out);
        invert ? boxes_u8<true>(ds, l, px) : boxes_u8<false>(ds, l, px);
        return;
    }
    static const BoxesF32 best_plain = pick_boxes_f32(false);
    static const BoxesF32 best_invert = pick_boxes_f32(true);
    BoxesF32 draw = invert ? best_invert : best_plain;
    if (portable) {
        draw = invert ? boxes_f32_plain<true> : boxes_f32_plain<false>;
    }
    draw(ds, l, static_cast<float *>(out));
}

// ---------------------------------------------------------------------------
// Scaled layouts
//
// The weighted sum of output pixel (oy, x), oy = y - y0 (render.hpp): in
// units of 1/W of a strip column, x covers [x*S, (x+1)*S) and strip column
// sx covers [sx*W, (sx+1)*W); in units of 1/h of a glyph row, oy covers
// [oy*R, (oy+1)*R) and glyph row sy covers [sy*h, (sy+1)*h). With wx and wy
// the overlaps in those units,
//   acc = sum over sx, sy of wx(sx, x) * wy(sy, oy) * ink(sx, sy),
// an integer of at most 255 * S * R (one pixel's weights sum to S and to
// R), and the pixel is a function of acc alone: convert(acc / (S * R)),
// divided in double. Any exact evaluation of acc gives the same bits, so
// the renderers below evaluate it separably, in integers: the vertical pass
// V(oy, sx) = sum over sy of wy(sy, oy) * ink(sx, sy) (at most 255 * R),
// then the horizontal pass acc = sum over sx of wx(sx, x) * V(oy, sx).
// Only the glyphs' ink boxes are read: the rest of the strip has ink 0.

// One glyph's ink as the scaled renderers read it: its ink box from the
// store, or the whole glyph.
struct BoxInk {
    const uint8_t *ink;  // row 0 of the box
    int64_t top;         // glyph row of the box's row 0
    int64_t height;      // rows (0: no ink)
    int64_t width;       // columns
    int64_t stride;      // bytes from one row to the next
    int64_t x;           // strip column of the box's column 0
    const uint8_t *end;  // end of the memory holding the box (readable)
};

BoxInk box_ink(const SourceData &ds, const Layout &l, size_t j, bool store) {
    if (store) {
        const InkBox &b = ds.store.boxes[l.glyph[j]];
        return BoxInk{ds.store.ink.data() + b.offset,
                      b.top,
                      b.height,
                      b.width,
                      b.width,
                      l.cell_x[j] + b.left,
                      ds.store.ink.data() + ds.store.ink.size()};
    }
    return BoxInk{ds.glyph(l.glyph[j]),
                  0,
                  l.rows,
                  l.cols,
                  l.cols,
                  l.cell_x[j],
                  ds.pixels.data() + ds.pixels.size()};
}

template <typename Pixel>
Pixel background(bool invert);

template <>
float background<float>(bool invert) {
    return ink_to_f32(0, invert);
}

template <>
uint8_t background<uint8_t>(bool invert) {
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

// Scratch memory of the scaled renderers, one per thread, grown as needed.
struct ScaledScratch {
    std::vector<uint32_t> column;       // portable: V of one box's columns
    std::vector<uint32_t> acc32;        // portable: one output row's sums
    std::vector<uint64_t> acc64;        //   (the same, wide)
    std::vector<int64_t> start;         // portable: per glyph, x0 and rem
    std::vector<uint16_t> vt;           // AVX2: V transposed (VT)
    std::vector<int32_t> first;         // AVX2: per x, V column of tap 0
    std::vector<int32_t> pairs;         // AVX2: per x, tap weight pairs
    std::vector<int32_t> row_first;     // AVX2: per oy, glyph row of tap 0
    std::vector<int16_t> row_pairs;     // AVX2: per oy, tap weight pairs
    std::vector<int32_t> row_begin;     // AVX2: per glyph row, first oy
    std::vector<int32_t> row_end;       //   reading it, first oy past it
    std::vector<int32_t> spans;         // AVX2: V columns of a group's boxes
    std::vector<int32_t> block_base;    // AVX-512: per block, its window
    std::vector<int32_t> block_tables;  // AVX-512: gathers and weights
    std::vector<int32_t> block_rows;    // AVX-512: rows meeting their ink
    std::vector<BoxInk> boxes;          // AVX-512: the boxes with ink
    std::vector<uint8_t> canvas;        // AVX-512: the strip's glyph rows
    std::vector<uint16_t> rows_v;       // AVX-512: V of a group's rows
};

ScaledScratch &scaled_scratch() {
    static thread_local ScaledScratch scratch;
    return scratch;
}

template <typename T>
T *sized(std::vector<T> &v, size_t n) {
    if (v.size() < n) v.resize(n);
    return v.data();
}

// The portable renderer: for each output row, the vertical pass over the
// rows of each box that meet it, then the box's columns spread over the
// output columns each meets (at most two, as S > W), into acc[0..W) of
// Acc (uint32_t when 255 * S * R < 2^32, else uint64_t). Memory: a row of
// W sums and one of the widest box, whatever S.
template <typename Acc, typename Pixel>
void scaled_portable(const SourceData &ds, const Layout &l, bool store,
                     const ScaledValue &value, std::vector<Acc> &sums,
                     Pixel *out) {
    ScaledScratch &scratch = scaled_scratch();
    const int64_t W = l.width, S = l.strip, R = l.rows, h = l.height;
    Acc *acc = sized(sums, size_t(W));
    int64_t widest = 0;
    int64_t *start = sized(scratch.start, 2 * l.count);
    for (size_t j = 0; j < l.count; ++j) {
        // Output column x0 of the box's column 0, and where that column
        // starts in x0's span: sx * W = x0 * S + rem.
        const BoxInk b = box_ink(ds, l, j, store);
        widest = std::max(widest, b.width);
        start[2 * j] = b.x * W / S;
        start[2 * j + 1] = b.x * W % S;
    }
    uint32_t *column = sized(scratch.column, size_t(widest));
    for (int64_t oy = 0; oy < h; ++oy) {
        const int64_t top = oy * R;  // oy's rows: [top, bottom), units 1/h
        const int64_t bottom = top + R;
        std::fill(acc, acc + W, Acc(0));
        for (size_t j = 0; j < l.count; ++j) {
            const BoxInk b = box_ink(ds, l, j, store);
            const int64_t first = std::max(top / h, b.top);
            const int64_t last =
                std::min((bottom - 1) / h, b.top + b.height - 1);
            if (first > last) continue;
            std::fill(column, column + b.width, 0u);
            for (int64_t sy = first; sy <= last; ++sy) {
                const uint32_t wy = uint32_t(std::min((sy + 1) * h, bottom) -
                                             std::max(sy * h, top));
                const uint8_t *ink = b.ink + (sy - b.top) * b.stride;
                for (int64_t c = 0; c < b.width; ++c) {
                    column[c] += wy * ink[c];
                }
            }
            int64_t x0 = start[2 * j], rem = start[2 * j + 1];
            for (int64_t c = 0; c < b.width; ++c) {
                const Acc v = Acc(column[c]);
                if (rem + W <= S) {
                    acc[x0] += Acc(W) * v;
                } else {
                    acc[x0] += Acc(S - rem) * v;
                    acc[x0 + 1] += Acc(rem + W - S) * v;
                }
                rem += W;
                if (rem >= S) {
                    rem -= S;
                    ++x0;
                }
            }
        }
        scaled_row(acc, size_t(W), value, out + size_t(l.y0 + oy) * size_t(W));
    }
}

#if MSEQ_HAS_AVX2_PATH
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

// V columns before strip column 0.
constexpr int64_t kFront = 16;

// (The tap tables need S > W: a strip shrunk to the image's height may
// keep its width, S = W, which the portable renderer draws.)
bool scaled_avx2_fits(const Layout &l) {
    return l.strip > l.width && l.rows <= 127 && l.width <= 32767 &&
           l.strip <= 65536 && 255 * l.rows * l.strip < (int64_t(1) << 31);
}

// Reads a byte of every cache line of the glyphs' ink, all at once: on
// some systems (virtual machines, small pages) prefetches of memory missing
// the TLB are dropped, and the passes would then wait for each line in
// turn.
MSEQ_AVX2_FMA void touch_ink(const SourceData &ds, const Layout &l,
                             bool store) {
    unsigned sink = 0;
    for (size_t j = 0; j < l.count; ++j) {
        const BoxInk b = box_ink(ds, l, j, store);
        if (b.height == 0) continue;
        const int64_t bytes = (b.height - 1) * b.stride + b.width;
        for (int64_t i = 0; i < bytes; i += 64) sink += b.ink[i];
        sink += b.ink[bytes - 1];
    }
    __asm__ volatile("" : : "r"(sink));
}

// The vertical taps of a scaled layout (plan_rows), both kernels'.
struct RowTaps {
    size_t taps;           // pairs of vertical taps per output row
    const int32_t *first;  // per oy: glyph row of its tap 0
    const int16_t *pairs;  // [oy * taps + t]: oy's taps 2t, 2t + 1
    // Per glyph row sy (0..R), when asked for (else null): the first output
    // row whose taps reach past sy (begin) or start at sy or later (end):
    // the rows reading glyph rows [a, b) are [begin[a], end[b]).
    const int32_t *begin;
    const int32_t *end;
};

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

// Pairs of horizontal taps per output column. Column x starts at r = x*S
// mod W in strip column q = x*S / W; it meets ceil((r + S) / W) columns,
// at most (S + 2W - 2) / W. Its taps: W - r, then W for each whole column,
// then the rest: with c = S - W (> 0), c + r = m W + last, where m = c / W,
// or c / W + 1 when c % W + r >= W.
size_t column_tap_pairs(const Layout &l) {
    return size_t((l.strip + 2 * l.width - 2) / l.width + 1) / 2;
}

// The vertical tap tables of layout l, with begin and end when `ranges`.
RowTaps plan_rows(const Layout &l, ScaledScratch &s, bool ranges) {
    RowTaps rt;
    const int64_t R = l.rows, h = l.height;
    // Output row oy starts in glyph row s = oy*R / h, at f = oy*R mod h
    // (units of 1/h), and meets at most (R + 2h - 2) / h glyph rows.
    rt.taps = size_t((R + 2 * h - 2) / h + 1) / 2;
    int32_t *row_first = sized(s.row_first, size_t(h));
    int16_t *row_pairs = sized(s.row_pairs, size_t(h) * rt.taps);
    // Tap k of row oy is byte k of its pairs (the even tap in the low byte
    // of a little-endian pair): its glyph row covers [k h, (k + 1) h) of
    // the row's [f, f + R).
    uint8_t *taps = reinterpret_cast<uint8_t *>(row_pairs);
    const int64_t count = 2 * int64_t(rt.taps);
    int64_t sy = 0, f = 0;
    for (int64_t oy = 0; oy < h; ++oy) {
        row_first[oy] = int32_t(sy);
        for (int64_t k = 0; k < count; ++k) {
            const int64_t w = std::min((k + 1) * h, f + R) - std::max(k * h, f);
            taps[oy * count + k] = uint8_t(std::max<int64_t>(w, 0));
        }
        sy += R / h;
        f += R % h;
        if (f >= h) {
            f -= h;
            ++sy;
        }
    }
    rt.first = row_first;
    rt.pairs = row_pairs;
    rt.begin = nullptr;
    rt.end = nullptr;
    if (ranges) {
        int32_t *row_begin = sized(s.row_begin, size_t(R) + 1);
        int32_t *row_end = sized(s.row_end, size_t(R) + 1);
        const int64_t row_reach = 2 * int64_t(rt.taps);
        for (int64_t g = 0, b = 0, e = 0; g <= R; ++g) {
            while (b < h && row_first[b] + row_reach <= g) ++b;
            while (e < h && row_first[e] < g) ++e;
            row_begin[g] = int32_t(b);
            row_end[g] = int32_t(e);
        }
        rt.begin = row_begin;
        rt.end = row_end;
    }
    return rt;
}

// The V column q (kFront + x S / W) and the remainder r (x S mod W) of
// the first tap of output columns x = 0 .. n - 1, into q0 and r0.
void first_taps(const Layout &l, size_t n, int32_t *q0, int32_t *r0) {
    const int64_t W = l.width, S = l.strip;
    for (int64_t i = 0, q = kFront, r = 0; i < int64_t(n); ++i) {
        q0[i] = int32_t(q);
        r0[i] = int32_t(r);
        q += S / W;
        r += S % W;
        if (r >= W) {
            r -= W;
            ++q;
        }
    }
}

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
MSEQ_AVX2_FMA void scaled_row_avx2(const uint32_t *acc, size_t n,
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
MSEQ_AVX2_FMA void scaled_avx2(const SourceData &ds, const Layout &l,
                               bool store, const ScaledValue &value,
                               Pixel *out) {
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
MSEQ_AVX512 void scaled_row_avx512(const uint32_t *acc, size_t n,
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
MSEQ_AVX512 bool scaled_avx512(const SourceData &ds, const Layout &l,
                               bool store, const ScaledValue &value,
                               Pixel *out) {
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
#endif

// Draws a scaled layout: from the store's boxes when `store`, with the
// fastest kernel up to `kernel` that the processor runs and the layout fits.
template <typename Pixel>
void render_scaled(const SourceData &ds, const Layout &l, bool store,
                   Kernel kernel, bool invert, Pixel *out) {
    // The glyphs' ink sits at random places in memory, and so do the
    // store's descriptions of its boxes: ask for the descriptions, fill the
    // background meanwhile, then ask for the ink before the tables take
    // their time.
    if (store) {
        for (size_t j = 0; j < l.count; ++j) {
            MSEQ_PREFETCH(&ds.store.boxes[l.glyph[j]]);
        }
    } else {
        prefetch_glyphs(ds, l);
    }
    const size_t width = size_t(l.width);
    const size_t above = size_t(l.y0) * width;
    const size_t below = size_t(l.y0 + l.height) * width;
    const size_t all = size_t(l.rows) * width;
    const Pixel bg = background<Pixel>(invert);
    const ScaledValue value(double(l.strip) * double(l.rows), invert);
#if MSEQ_HAS_AVX2_PATH
    if (kernel >= Kernel::avx2 && has_avx2_fma() && scaled_avx2_fits(l)) {
        fill_avx2(out, above, bg);
        fill_avx2(out + below, all - below, bg);
        if (store) prefetch_boxes(ds, l);
        if (kernel >= Kernel::avx512 && has_avx512() &&
            scaled_avx512(ds, l, store, value, out)) {
            return;
        }
        scaled_avx2(ds, l, store, value, out);
        return;
    }
#else
    static_cast<void>(kernel);
#endif
    std::fill(out, out + above, bg);
    std::fill(out + below, out + all, bg);
    if (store) prefetch_boxes(ds, l);
    ScaledScratch &s = scaled_scratch();
    if (255 * l.rows * l.strip < (int64_t(1) << 32)) {
        scaled_portable(ds, l, store, value, s.acc32, out);
    } else {
        scaled_portable(ds, l, store, value, s.acc64, out);
    }
}

void draw_scaled(const SourceData &ds, const Layout &l, mseq_format format,
                 bool invert, bool store, Kernel kernel, void *out) {
    if (format == MSEQ_FORMAT_U8) {
        render_scaled(ds, l, store, kernel, invert,
                      static_cast<uint8_t *>(out));
    } else {
        render_scaled(ds, l, store, kernel, invert, static_cast<float *>(out));
    }
}

}  // namespace

void ink_row_f32(const uint8_t *ink, size_t n, bool invert, float *out) {
    static const ConvertF32 convert_plain = pick_convert_f32(false);
    static const ConvertF32 convert_invert = pick_convert_f32(true);
    (invert ? convert_invert : convert_plain)(ink, n, out);
}

void ink_row_f32_portable(const uint8_t *ink, size_t n, bool invert,
                          float *out) {
    if (invert) {
        convert_f32_plain<true>(ink, n, out);
    } else {
        convert_f32_plain<false>(ink, n, out);
    }
}

namespace {

template <typename Pixel>
void scaled_pixels_of(const uint32_t *acc, size_t n, const ScaledValue &value,
                      Kernel kernel, Pixel *out) {
#if MSEQ_HAS_AVX2_PATH
    if (kernel >= Kernel::avx512 && has_avx512() &&
        (std::is_same<Pixel, float>::value ? value.f32_rational
                                           : value.u8_rational)) {
        if (value.invert) {
            scaled_row_avx512<true>(acc, n, value, out);
        } else {
            scaled_row_avx512<false>(acc, n, value, out);
        }
        return;
    }
    if (kernel >= Kernel::avx2 && has_avx2_fma()) {
        if (value.invert) {
            scaled_row_avx2<true>(acc, n, value, out);
        } else {
            scaled_row_avx2<false>(acc, n, value, out);
        }
        return;
    }
#else
    static_cast<void>(kernel);
#endif
    scaled_row(acc, n, value, out);
}

}  // namespace

namespace {

// plain_quotients_exact's verdicts by M, shared by the threads: M << 2 | 2
// (exact) or M << 2 | 1 (not); 0 for none (M >= 255).
std::array<std::atomic<uint32_t>, 1024> quotient_verdicts;

}  // namespace

bool plain_quotients_exact(int64_t area) {
#if MSEQ_HAS_AVX2_PATH
    if (area > kF32RationalArea || !has_avx2_fma()) return false;
    const uint32_t m = uint32_t(255 * area);
    std::atomic<uint32_t> &entry = quotient_verdicts[m % 1024];
    const uint32_t seen = entry.load(std::memory_order_relaxed);
    if (seen >> 2 == m) return (seen & 2) != 0;
    // Inverted: the value's own test flag is not asked for.
    const bool exact = plain_quotients_scan(ScaledValue(double(area), true));
    entry.store(m << 2 | (exact ? 2 : 1), std::memory_order_relaxed);
    return exact;
#else
    static_cast<void>(area);
    return false;
#endif
}

void scaled_pixels(const uint32_t *acc, size_t n, int64_t area, bool invert,
                   mseq_format format, Kernel kernel, void *out) {
    const ScaledValue value(double(area), invert);
    if (format == MSEQ_FORMAT_U8) {
        scaled_pixels_of(acc, n, value, kernel, static_cast<uint8_t *>(out));
    } else {
        scaled_pixels_of(acc, n, value, kernel, static_cast<float *>(out));
    }
}

namespace {

// The composite of an overlapping layout, one per thread (composite.hpp).
CompositeStrip &composite_of(const SourceData &ds, const Layout &layout) {
    static thread_local CompositeStrip composite;
    composite_strip(ds, layout, composite);
    return composite;
}

void render_separate(const SourceData &ds, const Layout &layout,
                     mseq_format format, bool invert, Kernel kernel,
                     void *out) {
    if (layout.scaled) {
        draw_scaled(ds, layout, format, invert, ds.has_store(), kernel, out);
    } else if (ds.has_store()) {
        render_boxes(ds, layout, format, invert, kernel == Kernel::portable,
                     out);
    } else {
        render_full_glyphs(ds, layout, format, invert, out);
    }
}

}  // namespace

void render_with(const SourceData &ds, const Layout &layout, mseq_format format,
                 bool invert, Kernel kernel, void *out) {
    if (cells_overlap(layout)) {
        const CompositeStrip &c = composite_of(ds, layout);
        render_separate(c.ds, c.layout, format, invert, kernel, out);
    } else {
        render_separate(ds, layout, format, invert, kernel, out);
    }
}

void render(const SourceData &ds, const Layout &layout, mseq_format format,
            bool invert, void *out) {
    render_with(ds, layout, format, invert, Kernel::avx512, out);
}

void render_portable(const SourceData &ds, const Layout &layout,
                     mseq_format format, bool invert, void *out) {
    render_with(ds, layout, format, invert, Kernel::portable, out);
}

void render_full_glyphs(const SourceData &ds, const Layout &layout,
                        mseq_format format, bool invert, void *out) {
    if (cells_overlap(layout)) {
        const CompositeStrip &c = composite_of(ds, layout);
        render_full_glyphs(c.ds, c.layout, format, invert, out);
        return;
    }
    if (layout.scaled) {
        draw_scaled(ds, layout, format, invert, false, Kernel::avx512, out);
        return;
    }
    if (format == MSEQ_FORMAT_U8) {
        uint8_t *px = static_cast<uint8_t *>(out);
        with_canvas(ds, layout, [&](Canvas canvas) {
            render_unscaled(ds, layout, canvas,
                            invert ? convert_u8<true> : convert_u8<false>, px);
        });
        return;
    }
    float *px = static_cast<float *>(out);
    static const ConvertF32 convert_plain = pick_convert_f32(false);
    static const ConvertF32 convert_invert = pick_convert_f32(true);
    with_canvas(ds, layout, [&](Canvas canvas) {
        render_unscaled(ds, layout, canvas,
                        invert ? convert_invert : convert_plain, px);
    });
}

}  // namespace mseq
