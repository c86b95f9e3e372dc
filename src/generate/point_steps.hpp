// The whole-image pipeline's per-pixel steps (photometric.hpp) that depend
// on a pixel's value alone, in one pass, and the store of the result: the
// hot loops of the `light`, `medium` and `heavy` presets, with an AVX2
// version (common/simd.hpp) that gives the bits of the portable one.
#pragma once

#include <algorithm>
#include <cstddef>

#include "common/simd.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {

// v clamped to [0, 1] and rounded to float: std::max then std::min, whose
// choice for -0.0 (0.0) is also maxpd's and minpd's with v first. Every
// step of the whole image ends with it.
inline float unit_clamp(double v) {
    return static_cast<float>(std::min(1.0, std::max(0.0, v)));
}

// v clamped to [0, 1], in float, as unit_clamp().
inline float unit_clamp_f(float v) { return std::min(1.0f, std::max(0.0f, v)); }

// Steps 1 (levels, the paper flat) and 2 (contrast and brightness) of one
// image, each on or off. In single precision: the constants below are the
// drawn doubles' combinations rounded to float once, then each pixel takes
// float operations in the order written (no fused multiply-add).
struct PointSteps {
    bool levels = false;    // v = clamp(I + v S, 0, 1)
    float ink = 0.0f;       // I = float(ink)
    float span = 1.0f;      // S = float(paper - ink)
    bool contrast = false;  // v = clamp((v - 0.5) C + B, 0, 1)
    float factor = 1.0f;    // C = float(contrast)
    float base = 0.5f;      // B = float(0.5 + brightness)

    // The levels of ink `ink` on paper `paper` (flat), on.
    void set_levels(double ink, double paper);
    // Contrast `factor` and brightness `offset`, on.
    void set_contrast(double factor, double offset);
};

// The steps that are on, in order, on px[0..n) (the bits of apply_levels()
// with no pattern, then apply_contrast_brightness()). `portable`: the
// plain loop (for tests).
void apply_point_steps(float *px, size_t n, const PointSteps &steps,
                       bool portable = false);

// Writes n values into out as `format`, each v = px[i] after `steps` (the
// bits of apply_point_steps(), without writing px): F32 v (1.0f - v with
// invert), U8 f32_to_u8() of that. `portable`: the plain loop (for tests).
void store_pixels(const float *px, size_t n, const PointSteps &steps,
                  mseq_format format, bool invert, void *out,
                  bool portable = false);

// The table of an unscaled U8 image's pixels through the steps: entry b
// is the U8 value that store_pixels() writes for the pixel that renders as
// b without invert (ink 255 - b, F32 value ink_to_f32(255 - b, false)),
// so that table[b] of every byte is the image with the steps.
void ink_table(const PointSteps &steps, bool invert, uint8_t table[256]);

// px[i] = table[px[i]] for i < n: 64 bytes a step with AVX-512 byte
// permutes, else (AVX2) blank paper, 255, 32 bytes at a time where it runs
// on. `kernel`: the fastest kernel up to this one (tests name each).
void apply_table(uint8_t *px, size_t n, const uint8_t table[256],
                 Kernel kernel = Kernel::avx512);

}  // namespace mseq
