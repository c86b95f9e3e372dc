// Compositing glyphs into the canvas and the area-averaging downscale
// (render.hpp).
#include "render.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

// On x86-64 with GCC or Clang the float conversion also exists for AVX2,
// picked at run time when the processor has it. It performs the same
// single-precision multiply per pixel, so its results are bit-identical.
#if defined(__x86_64__) && defined(__GNUC__)
#define MSEQ_AVX2_PATH 1
#include <immintrin.h>
#else
#define MSEQ_AVX2_PATH 0
#endif

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

#if MSEQ_AVX2_PATH
// Blocks of 8 pixels: a first block, then blocks on 32-byte boundaries of
// out, then the block [n - 8, n); overlapping blocks write the same values
// twice. Per pixel: (float)(255 - g) (or g), times (float)(1/255).
template <bool Invert>
__attribute__((target("avx2"))) void convert_f32_avx2(const uint8_t *ink,
                                                      size_t n, float *out) {
    if (n < 8) {
        for (size_t i = 0; i < n; ++i) out[i] = ink_to_f32(ink[i], Invert);
        return;
    }
    const __m256i full = _mm256_set1_epi32(255);
    const __m256 k = _mm256_set1_ps(1.0f / 255.0f);
    const auto block = [&](size_t i) __attribute__((target("avx2"))) {
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
#if MSEQ_AVX2_PATH
    if (__builtin_cpu_supports("avx2")) {
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
void render_rows(const Dataset &ds, const Layout &l, Canvas canvas,
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
void render_unscaled(const Dataset &ds, const Layout &l, Canvas canvas,
                     Convert convert, Pixel *out) {
    if (l.cols == 28) {
        render_rows<28>(ds, l, canvas, convert, out);
    } else {
        render_rows<0>(ds, l, canvas, convert, out);
    }
}

// Asks for every cache line of the layout's glyphs at once: glyphs sit at
// random places in a data set larger than the caches, and the renderer reads
// them a row at a time, which hardware prefetchers do not foresee. Inlined:
// as a separate function without side effects, the compiler would drop the
// call.
#if defined(__GNUC__)
inline __attribute__((always_inline)) void prefetch_glyphs(const Dataset &ds,
                                                           const Layout &l) {
    const size_t bytes = size_t(l.rows) * size_t(l.cols);
    for (size_t j = 0; j < l.count; ++j) {
        const uint8_t *g = ds.glyph(l.glyph[j]);
        for (size_t i = 0; i < bytes; i += 64) __builtin_prefetch(g + i);
        __builtin_prefetch(g + bytes - 1);
    }
}
#else
inline void prefetch_glyphs(const Dataset &, const Layout &) {}
#endif

// Draws an unscaled layout with a canvas on the stack for the usual sizes,
// else one row on the heap.
template <typename Draw>
void with_canvas(const Dataset &ds, const Layout &l, Draw draw) {
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
// overlap (gaps are >= 0), so the order of the boxes does not matter.

// True when the store describes every glyph of ds.
bool store_usable(const Dataset &ds) {
    return ds.size() != 0 && ds.store.size() == ds.size();
}

// Calls box(ink, height, width, first output pixel) for each glyph with ink.
template <typename Pixel, typename Box>
MSEQ_ALWAYS_INLINE void for_each_box(const Dataset &ds, const Layout &l,
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
MSEQ_ALWAYS_INLINE void prefetch_boxes(const Dataset &ds, const Layout &l) {
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
void boxes_u8(const Dataset &ds, const Layout &l, uint8_t *out) {
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
void boxes_f32_plain(const Dataset &ds, const Layout &l, float *out) {
    const size_t width = size_t(l.width);
    std::fill(out, out + size_t(l.rows) * width, ink_to_f32(0, Invert));
    for_each_box(ds, l, out,
                 [width](const uint8_t *ink, size_t h, size_t w, float *o) {
                     for (size_t y = 0; y < h; ++y, ink += w, o += width) {
                         convert_f32_plain<Invert>(ink, w, o);
                     }
                 });
}

#if MSEQ_AVX2_PATH
// The same with 8 pixels per step: the fill by 32-byte stores on 32-byte
// boundaries, each box row in blocks of 8 plus the block ending at the
// row's end (overlapping blocks write the same values twice).
template <bool Invert>
__attribute__((target("avx2"))) void boxes_f32_avx2(const Dataset &ds,
                                                    const Layout &l,
                                                    float *out) {
    const size_t width = size_t(l.width);
    const size_t n = size_t(l.rows) * width;
    const float bg = ink_to_f32(0, Invert);
    size_t i = 0;
    for (; i < n && reinterpret_cast<uintptr_t>(out + i) % 32 != 0; ++i) {
        out[i] = bg;
    }
    const __m256 fill = _mm256_set1_ps(bg);
    for (; i + 8 <= n; i += 8) _mm256_store_ps(out + i, fill);
    for (; i < n; ++i) out[i] = bg;
    const __m256i full = _mm256_set1_epi32(255);
    const __m256 k = _mm256_set1_ps(1.0f / 255.0f);
    for_each_box(
        ds, l, out,
        [&](const uint8_t *ink, size_t h, size_t w,
            float *o) __attribute__((target("avx2"))) {
            const auto block = [&](const uint8_t *src, float *dst)
                __attribute__((target("avx2"))) {
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

using BoxesF32 = void (*)(const Dataset &, const Layout &, float *);

// The float box renderer for this processor.
BoxesF32 pick_boxes_f32(bool invert) {
#if MSEQ_AVX2_PATH
    if (__builtin_cpu_supports("avx2")) {
        return invert ? boxes_f32_avx2<true> : boxes_f32_avx2<false>;
    }
#endif
    return invert ? boxes_f32_plain<true> : boxes_f32_plain<false>;
}

// Draws an unscaled layout from the store (store_usable(ds)).
void render_boxes(const Dataset &ds, const Layout &l, mseq_format format,
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

// Adds the weighted ink of strip row `sy` (weight wy) into acc[0..W). In
// units of 1/W of a source pixel, output column x covers [x*S, (x+1)*S) and
// source column sx covers [sx*W, (sx+1)*W); as S > W a source column meets at
// most two output columns.
void accumulate_row(const Dataset &ds, const Layout &l, int64_t sy, int64_t wy,
                    int64_t *acc) {
    const int64_t W = l.width;
    const int64_t S = l.strip;
    for (size_t j = 0; j < l.count; ++j) {
        const uint8_t *ink = ds.glyph(l.glyph[j]) + sy * l.cols;
        for (int64_t c = 0; c < l.cols; ++c) {
            if (ink[c] == 0) continue;
            const int64_t v = wy * int64_t(ink[c]);
            const int64_t begin = (l.cell_x[j] + c) * W;
            const int64_t x0 = begin / S;
            const int64_t boundary = (x0 + 1) * S;
            if (begin + W <= boundary) {
                acc[x0] += W * v;
            } else {
                acc[x0] += (boundary - begin) * v;
                acc[x0 + 1] += (begin + W - boundary) * v;
            }
        }
    }
}

template <typename Pixel, typename Convert>
void render_scaled(const Dataset &ds, const Layout &l, Pixel bg,
                   Convert convert, Pixel *out) {
    const size_t width = size_t(l.width);
    const int64_t rows = l.rows;
    const int64_t h = l.height;
    // Every output pixel's weights sum to S * rows (S/W source columns times
    // rows/h source rows, in units of 1/W and 1/h).
    const double area = double(l.strip) * double(rows);
    std::vector<int64_t> acc(width);
    for (int64_t y = 0; y < rows; ++y) {
        Pixel *row = out + size_t(y) * width;
        if (y < l.y0 || y >= l.y0 + h) {
            std::fill(row, row + width, bg);
            continue;
        }
        // In units of 1/h of a source row, output row oy covers
        // [oy*rows, (oy+1)*rows) and source row sy covers [sy*h, (sy+1)*h).
        const int64_t oy = y - l.y0;
        const int64_t top = oy * rows;
        const int64_t bottom = top + rows;
        std::fill(acc.begin(), acc.end(), 0);
        for (int64_t sy = top / h; sy * h < bottom; ++sy) {
            const int64_t wy =
                std::min((sy + 1) * h, bottom) - std::max(sy * h, top);
            accumulate_row(ds, l, sy, wy, acc.data());
        }
        for (size_t x = 0; x < width; ++x) {
            row[x] = convert(double(acc[x]) / area);
        }
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

void render(const Dataset &ds, const Layout &layout, mseq_format format,
            bool invert, void *out) {
    if (!layout.scaled && store_usable(ds)) {
        render_boxes(ds, layout, format, invert, false, out);
        return;
    }
    render_full_glyphs(ds, layout, format, invert, out);
}

void render_portable(const Dataset &ds, const Layout &layout,
                     mseq_format format, bool invert, void *out) {
    if (!layout.scaled && store_usable(ds)) {
        render_boxes(ds, layout, format, invert, true, out);
        return;
    }
    render_full_glyphs(ds, layout, format, invert, out);
}

void render_full_glyphs(const Dataset &ds, const Layout &layout,
                        mseq_format format, bool invert, void *out) {
    if (format == MSEQ_FORMAT_U8) {
        uint8_t *px = static_cast<uint8_t *>(out);
        if (!layout.scaled) {
            with_canvas(ds, layout, [&](Canvas canvas) {
                render_unscaled(ds, layout, canvas,
                                invert ? convert_u8<true> : convert_u8<false>,
                                px);
            });
            return;
        }
        const uint8_t bg = invert ? 0 : 255;
        render_scaled(
            ds, layout, bg,
            [invert](double a) { return f32_to_u8(area_to_f32(a, invert)); },
            px);
        return;
    }
    float *px = static_cast<float *>(out);
    if (!layout.scaled) {
        static const ConvertF32 convert_plain = pick_convert_f32(false);
        static const ConvertF32 convert_invert = pick_convert_f32(true);
        with_canvas(ds, layout, [&](Canvas canvas) {
            render_unscaled(ds, layout, canvas,
                            invert ? convert_invert : convert_plain, px);
        });
        return;
    }
    const float bg = invert ? 0.0f : 1.0f;
    render_scaled(
        ds, layout, bg, [invert](double a) { return area_to_f32(a, invert); },
        px);
}

}  // namespace mseq
