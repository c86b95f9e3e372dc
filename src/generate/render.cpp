// Drawing a layout (render.hpp): glyphs composited into the canvas
// unscaled, or the area-averaging shrink by the fastest of its kernels
// (shrink.hpp).
#include "generate/render.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

#include "generate/composite.hpp"
#include "generate/shrink.hpp"

// On x86-64 with GCC or Clang the kernels also exist for AVX2 (the shrink
// kernels for AVX2 with FMA, and the shrink for AVX-512 too), picked at run
// time when the processor has it (common/simd.hpp). Their results are
// bit-identical to the portable ones: the same arithmetic per pixel, or
// another one proven to give the same bits (ScaledValue).
#include "common/simd.hpp"

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
// The same with 8 pixels per step: the fill by fill_avx2(), each box row
// in blocks of 8 plus the block ending at the row's end (overlapping
// blocks write the same values twice).
template <bool Invert>
MSEQ_AVX2 void boxes_f32_avx2(const SourceData &ds, const Layout &l,
                              float *out) {
    const size_t width = size_t(l.width);
    shrink::fill_avx2(out, size_t(l.rows) * width, ink_to_f32(0, Invert));
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
    const Pixel bg = shrink::background<Pixel>(invert);
    const shrink::ScaledValue value(double(l.strip) * double(l.rows), invert);
#if MSEQ_HAS_AVX2_PATH
    if (kernel >= Kernel::avx2 && has_avx2_fma() &&
        shrink::scaled_avx2_fits(l)) {
        shrink::fill_avx2(out, above, bg);
        shrink::fill_avx2(out + below, all - below, bg);
        if (store) prefetch_boxes(ds, l);
        if (kernel >= Kernel::avx512 && has_avx512() &&
            shrink::scaled_avx512(ds, l, store, value, out)) {
            return;
        }
        shrink::scaled_avx2(ds, l, store, value, out);
        return;
    }
#else
    static_cast<void>(kernel);
#endif
    std::fill(out, out + above, bg);
    std::fill(out + below, out + all, bg);
    if (store) prefetch_boxes(ds, l);
    shrink::scaled_portable(ds, l, store, value, out);
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
void scaled_pixels_of(const uint32_t *acc, size_t n,
                      const shrink::ScaledValue &value, Kernel kernel,
                      Pixel *out) {
#if MSEQ_HAS_AVX2_PATH
    if (kernel >= Kernel::avx512 && has_avx512() &&
        (std::is_same<Pixel, float>::value ? value.f32_rational
                                           : value.u8_rational)) {
        shrink::scaled_row_avx512(acc, n, value, out);
        return;
    }
    if (kernel >= Kernel::avx2 && has_avx2_fma()) {
        shrink::scaled_row_avx2(acc, n, value, out);
        return;
    }
#else
    static_cast<void>(kernel);
#endif
    shrink::scaled_row(acc, n, value, out);
}

}  // namespace

void scaled_pixels(const uint32_t *acc, size_t n, int64_t area, bool invert,
                   mseq_format format, Kernel kernel, void *out) {
    const shrink::ScaledValue value(double(area), invert);
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
