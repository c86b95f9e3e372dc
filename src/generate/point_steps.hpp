// The whole-image pipeline's per-pixel steps (photometric.hpp) that depend
// on a pixel's value alone, in one pass, and the store of the result: the
// hot loops of the `light`, `medium` and `heavy` presets, with an AVX2
// version (common/simd.hpp) that gives the bits of the portable one.
#pragma once

#include <algorithm>
#include <cstddef>

#include "mnistseq/mnistseq.h"

namespace mseq {

// v clamped to [0, 1] and rounded to float: std::max then std::min, whose
// choice for -0.0 (0.0) is also maxpd's and minpd's with v first. Every
// step of the whole image ends with it.
inline float unit_clamp(double v) {
    return static_cast<float>(std::min(1.0, std::max(0.0, v)));
}

// Steps 1 (levels, the paper flat) and 2 (contrast and brightness) of one
// image, each on or off.
struct PointSteps {
    bool levels = false;  // v = clamp(ink + v (paper - ink), 0, 1)
    double ink = 0.0, paper = 1.0;
    bool contrast = false;  // v = clamp((v - 0.5) factor + 0.5 + offset, 0, 1)
    double factor = 1.0, offset = 0.0;
};

// The steps that are on, in order, on px[0..n): each computed in double
// and rounded to float (the bits of apply_levels() with no pattern, then
// apply_contrast_brightness()). `portable`: the plain loop (for tests).
void apply_point_steps(float *px, size_t n, const PointSteps &steps,
                       bool portable = false);

// Writes n values v into out as `format`: F32 v (1.0f - v with invert), U8
// f32_to_u8() of that. `portable`: the plain loop (for tests).
void store_pixels(const float *px, size_t n, mseq_format format, bool invert,
                  void *out, bool portable = false);

}  // namespace mseq
