// The shrink of the pad fit (render.hpp: scaled layouts), in stages: what
// every kernel shares (here; shrink.cpp), the pixel of a weighted sum
// (scaled_value.hpp), and the kernels: portable (shrink_portable.cpp), AVX2
// with FMA (shrink_avx2.cpp) and AVX-512 (shrink_avx512.cpp), which
// render.cpp picks by processor and layout.
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
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "common/simd.hpp"
#include "generate/layout.hpp"
#include "generate/scaled_value.hpp"
#include "input/source_data.hpp"

namespace mseq {
namespace shrink {

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

// Glyph j's ink: its box from the store when `store`, else the glyph.
inline BoxInk box_ink(const SourceData &ds, const Layout &l, size_t j,
                      bool store) {
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

// This thread's scratch memory.
ScaledScratch &scaled_scratch();

// v's memory, grown to n elements at least.
template <typename T>
T *sized(std::vector<T> &v, size_t n) {
    if (v.size() < n) v.resize(n);
    return v.data();
}

// V columns before strip column 0.
constexpr int64_t kFront = 16;

// Whether the AVX2 kernel (and so the AVX-512 one) may take the layout:
// the tap tables need S > W (a strip shrunk to the image's height may keep
// its width, S = W, which the portable kernel draws), and V and the sums
// must fit their int16 and int32 lanes.
inline bool scaled_avx2_fits(const Layout &l) {
    return l.strip > l.width && l.rows <= 127 && l.width <= 32767 &&
           l.strip <= 65536 && 255 * l.rows * l.strip < (int64_t(1) << 31);
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

// The vertical tap tables of layout l, with begin and end when `ranges`.
RowTaps plan_rows(const Layout &l, ScaledScratch &s, bool ranges);

// Pairs of horizontal taps per output column. Column x starts at r = x*S
// mod W in strip column q = x*S / W; it meets ceil((r + S) / W) columns,
// at most (S + 2W - 2) / W. Its taps: W - r, then W for each whole column,
// then the rest: with c = S - W (> 0), c + r = m W + last, where m = c / W,
// or c / W + 1 when c % W + r >= W.
inline size_t column_tap_pairs(const Layout &l) {
    return size_t((l.strip + 2 * l.width - 2) / l.width + 1) / 2;
}

// The V column q (kFront + x S / W) and the remainder r (x S mod W) of
// the first tap of output columns x = 0 .. n - 1, into q0 and r0.
void first_taps(const Layout &l, size_t n, int32_t *q0, int32_t *r0);

// The kernels below draw the strip's rows [y0, y0 + height) of a scaled
// layout into out (Pixel: float or uint8_t, instantiated with each kernel).

// The portable kernel (shrink_portable.cpp): any layout, in 32- or 64-bit
// sums as its area needs.
template <typename Pixel>
void scaled_portable(const SourceData &ds, const Layout &l, bool store,
                     const ScaledValue &value, Pixel *out);

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

// Reads a byte of every cache line of the glyphs' ink, all at once: on
// some systems (virtual machines, small pages) prefetches of memory missing
// the TLB are dropped, and the passes would then wait for each line in
// turn.
MSEQ_AVX2_FMA void touch_ink(const SourceData &ds, const Layout &l, bool store);

// The AVX2 kernel (shrink_avx2.cpp; has_avx2_fma()): layouts within
// scaled_avx2_fits().
template <typename Pixel>
void scaled_avx2(const SourceData &ds, const Layout &l, bool store,
                 const ScaledValue &value, Pixel *out);

// The AVX-512 kernel (shrink_avx512.cpp; has_avx512()): draws and returns
// true, or returns false for a layout beyond its limits.
template <typename Pixel>
bool scaled_avx512(const SourceData &ds, const Layout &l, bool store,
                   const ScaledValue &value, Pixel *out);

// The pixels row[0..n) of the sums acc[0..n) with each kernel's conversion
// (for scaled_pixels(); AVX-512: ScaledValue's rational case for the
// format only).
template <typename Pixel>
void scaled_row_avx2(const uint32_t *acc, size_t n, const ScaledValue &value,
                     Pixel *row);
template <typename Pixel>
void scaled_row_avx512(const uint32_t *acc, size_t n, const ScaledValue &value,
                       Pixel *row);
#endif

}  // namespace shrink
}  // namespace mseq
