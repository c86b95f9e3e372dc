// Augmentation of the whole image (mnistseq.h, MSEQ_PARAM_NOISE_STD to
// MSEQ_PARAM_TEXTURE_SCALE, gives the user's view): levels and background,
// contrast and brightness, gamma, blur, Gaussian noise, salt and pepper, in
// that order, on the rendered image with dark ink on white paper in single
// precision, before MSEQ_PARAM_INVERT; each step reads the previous step's
// float values, computes in double and rounds its result to float.
//
// Draws. Module m (AugmentModule, augment.hpp) draws the image's own value
// from Stream(seed, index, augment_purpose(m, 0)): draw 0 is u uniform in
// [0, 1), giving v u over [0, v] (noise_std, salt_pepper, blur_sigma,
// ink_level, the background's depth), 1 - v u (paper_level), 1 + v (2u - 1)
// (contrast, gamma) or v (2u - 1) (brightness); the gradient's direction is
// 360 u' from draw 1 of the background's stream. Per-pixel draws (noise,
// salt and pepper) and the texture's nodes come from the module's stream
// of slot 1, augment_purpose(m, 1). A module whose range is 0 draws
// nothing and leaves the image as it is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "generate/params.hpp"
#include "generate/point_steps.hpp"
#include "generate/rng.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {

// The range of each whole-image module: its own value, or the preset's
// when its own is 0, times the strength (mnistseq.h, mseq_preset).
struct PhotometricRanges {
    double noise_std = 0.0, salt_pepper = 0.0, blur_sigma = 0.0, contrast = 0.0,
           brightness = 0.0, gamma = 0.0, ink_level = 0.0, paper_level = 0.0,
           background_strength = 0.0;
};
PhotometricRanges photometric_ranges(const Params &params);

// The ranges of a preset (all 0 for MSEQ_PRESET_NONE).
PhotometricRanges photometric_preset(mseq_preset preset);

// True when some whole-image module changes the image: a range above 0
// (background_strength only with a background other than flat).
bool photometric_on(const Params &params);

// Whether a key is one of the whole image's (MSEQ_PARAM_NOISE_STD to
// MSEQ_PARAM_TEXTURE_SCALE, 220-239).
inline bool is_photometric_key(int key) { return key >= 220 && key <= 239; }

// The values image `index` draws (the identity for modules that are off).
struct PhotometricDraw {
    double noise_std = 0.0;    // Gaussian noise's standard deviation
    double salt_pepper = 0.0;  // fraction of pixels set to 0 or 1
    double blur_sigma = 0.0;   // 0: no blur
    double contrast = 1.0;     // factor about 0.5
    double brightness = 0.0;   // offset
    double gamma = 1.0;        // exponent
    double ink = 0.0;          // the ink's grey
    double paper = 1.0;        // the paper's grey before the pattern
    double depth = 0.0;        // the pattern's darkening
    double direction = 0.0;    // the gradient's, degrees
};
PhotometricDraw draw_photometric(const Params &params, uint64_t index);

// Standard normal deviates by Marsaglia's polar method from one stream
// (mnistseq.h, MSEQ_PARAM_NOISE_STD): pairs u1, u2 = 2u - 1 of uniform
// draws u, rejected while r = u1^2 + u2^2 is 0 or >= 1, then u1 f and
// u2 f, f = sqrt(-2 ln r / r) (log_portable; sqrt is correctly rounded in
// IEEE arithmetic), returned in that order.
class PolarNormal {
public:
    explicit PolarNormal(const Stream &stream) : stream_(stream) {}
    double next();

private:
    Stream stream_;
    double spare_ = 0.0;
    bool has_spare_ = false;
};

// The steps, each on n = rows x width pixels px (row-major), each value
// kept in [0, 1].
// 1. v = I + v S in float, clamped to [0, 1]: I = float(ink),
//    S = float(P - ink), P = max(0, paper - depth t[i]) in double (t null:
//    P = paper).
void apply_levels(float *px, size_t n, double ink, double paper, double depth,
                  const float *t);
// 2. v = (v - 0.5) C + B in float, clamped to [0, 1]: C = float(contrast),
//    B = float(0.5 + brightness).
void apply_contrast_brightness(float *px, size_t n, double contrast,
                               double brightness);
// 3. v = v^gamma = exp_portable(gamma * log_portable(v)) (0 stays 0),
// clamped to [0, 1].
void apply_gamma(float *px, size_t n, double gamma);
// 4. The separable Gaussian blur of kernel (gaussian_kernel(), elastic.hpp):
// along each row, then along each column, the edge pixels repeated outside
// the image; each sum is w_0 v_0 + sum over k = 1..r of w_k (v_-k + v_k),
// k increasing, rounded to float after each pass and clamped to [0, 1].
// scratch is reused memory.
void apply_blur(float *px, size_t rows, size_t width,
                const std::vector<double> &kernel,
                std::vector<double> &scratch);
// 5. v = clamp(v + std z, 0, 1), z the deviates of `normal` in pixel order.
void apply_noise(float *px, size_t n, double std, PolarNormal &normal);
// 6. For each pixel in order, u = stream.uniform_double(): u < p / 2 sets
// it to 0, p / 2 <= u < p to 1.
void apply_salt_pepper(float *px, size_t n, double p, Stream &stream);

// Memory reused from image to image (one per thread).
struct PhotometricBuffers {
    std::vector<float> image, pattern;
    std::vector<double> kernel, scratch;
};

// Steps 1 and 2 of draw d when they are all its whole-image steps and the
// paper is flat: then each pixel's result is a function of its value
// alone. Else nothing.
std::optional<PointSteps> value_steps_only(const PhotometricDraw &d);

// Runs steps 1-6 with image `index`'s draw d (draw_photometric(params,
// index)) on px (rows x width, dark ink on white paper), but for steps 1
// and 2 without a pattern when nothing follows them: those are returned,
// for store_pixels() to apply as it writes the image (one pass less).
// Throws std::bad_alloc.
PointSteps apply_photometric(const Params &params, uint64_t index,
                             const PhotometricDraw &d, float *px, size_t rows,
                             size_t width, PhotometricBuffers &buffers);

}  // namespace mseq
