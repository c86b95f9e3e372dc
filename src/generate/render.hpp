// Rendering a Layout into a caller's float32 or uint8 canvas.
//
// Pixel values (the README quotes them). g in 0..255 is a glyph's ink
// (0 none, 255 full, as stored in MNIST).
//
//  - F32, unscaled: value = (float)(255 - g) * (1.0f / 255.0f), one single
//    precision multiply (the library is built without FMA contraction): 1.0
//    exactly for g = 0 and 0.0 exactly for g = 255, identical on every IEEE
//    platform. Inverted (MSEQ_PARAM_INVERT): (float)g * (1.0f / 255.0f).
//    Background: 1.0 (inverted 0.0).
//  - F32, scaled (pad with S > W): each output pixel in the strip's rows
//    [y0, y0 + h) is the exact area average a (a double) of the strip's ink
//    over its source rectangle [x * S / W, (x + 1) * S / W) x
//    [(y - y0) * rows / h, (y - y0 + 1) * rows / h): a box filter with
//    fractional coverage, gaps counting as ink 0. The weighted sum is
//    formed exactly in 64-bit integers and divided once, so a is the same
//    everywhere. value = (float)(1.0 - a / 255.0), inverted
//    (float)(a / 255.0). Rows outside [y0, y0 + h) are background.
//  - U8: floor(value * 255 + 0.5) computed in double from the float value
//    above. Unscaled this is exactly 255 - g (inverted g), background 255
//    (inverted 0), which is how it is computed.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/simd.hpp"
#include "generate/layout.hpp"
#include "input/source_data.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {

// Bytes of one pixel of a format: 4 (F32) or 1 (U8); 0 for an unknown one.
size_t pixel_bytes(mseq_format format);

// The F32 value of unscaled ink g.
inline float ink_to_f32(uint8_t g, bool invert) {
    const float v = static_cast<float>(invert ? g : 255 - g);
    return v * (1.0f / 255.0f);
}

// The F32 value of area-averaged ink a in [0, 255].
inline float area_to_f32(double a, bool invert) {
    return static_cast<float>(invert ? a / 255.0 : 1.0 - a / 255.0);
}

// The U8 value of an F32 value v in [0, 1].
inline uint8_t f32_to_u8(float v) {
    return static_cast<uint8_t>(static_cast<double>(v) * 255.0 + 0.5);
}

// out[i] = ink_to_f32(ink[i], invert) for i < n: the hot row kernel, in its
// fastest version for this processor (AVX2 on x86-64 when available).
void ink_row_f32(const uint8_t *ink, size_t n, bool invert, float *out);

// The same with the portable version of the kernel (for tests: every
// version must give the same bits).
void ink_row_f32_portable(const uint8_t *ink, size_t n, bool invert,
                          float *out);

// The pixels out[0..n) of weighted sums acc[0..n) of a scaled layout whose
// S * R is `area` (255 * area < 2^31): convert(acc / area) as above, by the
// fastest kernel up to `kernel` that the processor runs (for tests: every
// kernel must give the bits of the division in double).
void scaled_pixels(const uint32_t *acc, size_t n, int64_t area, bool invert,
                   mseq_format format, Kernel kernel, void *out);

// Whether the plain (not inverted) float pixel of every weighted sum of a
// scaled layout of this area (S * R) is the single float division of the
// scaled kernels, so that they skip their test for sums near a float
// midpoint (scaled_value.cpp: plain_quotients_scan). False is always safe; a
// first call per area scans the sums that could fail the test (at most
// 2^19), later ones look the verdict up.
bool plain_quotients_exact(int64_t area);

// Draws `layout` into out: layout.rows rows of layout.width pixels of
// `format`, row-major. Cells that overlap (negative gaps) are composited
// by maximum ink first (composite.hpp). out must hold that many pixels and be
// aligned for float when the format is F32. Never fails for a layout from
// plan_layout() except for memory (std::bad_alloc, scaled strips only).
void render(const SourceData &ds, const Layout &layout, mseq_format format,
            bool invert, void *out);

// The same as render(), with the portable kernels (for tests: every version
// must give the same bits).
void render_portable(const SourceData &ds, const Layout &layout,
                     mseq_format format, bool invert, void *out);

// The same as render(), with the fastest kernels up to `kernel` that the
// processor runs (for tests: render() is Kernel::avx512, render_portable()
// Kernel::portable).
void render_with(const SourceData &ds, const Layout &layout, mseq_format format,
                 bool invert, Kernel kernel, void *out);

// The same as render(), always from the full glyphs in ds.pixels, even for
// an unscaled layout when ds.store holds the glyphs cropped to their ink
// (render() then converts only the ink boxes and fills the rest with the
// background; for tests: both must give the same bits).
void render_full_glyphs(const SourceData &ds, const Layout &layout,
                        mseq_format format, bool invert, void *out);

}  // namespace mseq
