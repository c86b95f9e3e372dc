// Augmentation of one image's digits: each digit's warp drawn from its own
// streams, then every glyph of the layout warped into its cell
// (digit_warp.hpp). The layout itself (picks, gaps, fit) is never changed,
// so the images of 1.0 are those with augmentation off.
//
// Draws. Module m of digit j draws from Stream(seed, index,
// augment_purpose(m, j)) (rng.hpp): one uniform_double() u, giving
// v * (2u - 1) over [-v, v] for the module's half-width v (a factor
// 1 + v * (2u - 1) for digit_scale and aspect). A module at 0 draws
// nothing and leaves its field at the identity. The elastic module draws
// rows * cols 64-bit words, each giving two noise values 2u - 1 for
// 24-bit uniforms u (elastic.hpp's unit_noise()): draw k the values 2k
// (its top 24 bits) and 2k + 1 (bits 8 to 31), values 0 .. rows * cols - 1
// the dx noise row by row, the next rows * cols the dy noise; smoothed and
// scaled by elastic.hpp's smooth_field() with the kernel of elastic_sigma.
//
// The baseline (mnistseq.h, MSEQ_PARAM_BASELINE_SLOPE): drawn per image
// from the stream of digit slot 0, Stream(seed, index,
// augment_purpose(m, 0)). baseline_slope: draw 0 u gives theta =
// v * (2u - 1) degrees. wave: draw 0 u gives the amplitude v * u, draw 1
// u' the phase 360 * u' degrees. Digit j's offset (baseline_offset()) is
// added to its warp's shift_y, so the digit moves whole in its cell's one
// resampling, and the boxes and masks, made from the placed ink, follow.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "generate/digit_warp.hpp"
#include "generate/layout.hpp"
#include "generate/params.hpp"
#include "input/source_data.hpp"

namespace mseq {

// The augmentation modules, numbered for their streams. Values never change.
enum class AugmentModule : uint64_t {
    rotate = 0,
    shear = 1,
    digit_scale = 2,
    aspect = 3,
    shift_y = 4,
    thickness = 5,
    elastic = 6,
    // The baseline, per image (digit slot 0).
    baseline_slope = 7,
    wave = 8,
    // The whole image's modules (photometric.hpp): stream digit slot 0 for
    // the image's own values, slot 1 for per-pixel (or per-node) draws.
    noise = 16,
    salt_pepper = 17,
    blur = 18,
    contrast = 19,
    brightness = 20,
    gamma = 21,
    ink_level = 22,
    paper_level = 23,
    background = 24,
};

// The half-width of each per-digit module's law: its own value, or the
// preset's when its own is 0, times the strength (mnistseq.h, mseq_preset).
struct AugmentRanges {
    double rotate = 0.0, shear = 0.0, digit_scale = 0.0, aspect = 0.0,
           shift_y = 0.0, thickness = 0.0, elastic_alpha = 0.0;
    // The baseline's (no preset sets them): slope in degrees, the wave's
    // largest amplitude in pixels.
    double baseline_slope = 0.0, wave_amplitude = 0.0;
};
AugmentRanges augment_ranges(const Params &params);

// The ranges of a preset (all 0 for MSEQ_PRESET_NONE).
AugmentRanges preset_ranges(mseq_preset preset);

// True when some per-digit module is on (a range above 0), the baseline's
// included.
bool augmentation_on(const Params &params);

// True when the baseline's slope or wave is on (a range above 0).
bool baseline_on(const Params &params);

// Whether a key is one of the baseline's (MSEQ_PARAM_BASELINE_SLOPE to
// MSEQ_PARAM_WAVE_PERIOD, 212-215): the manifest records them only when
// the baseline is on, so that the folders made before them still resume.
inline bool is_baseline_key(int key) { return key >= 212 && key <= 215; }

// The baseline of one image, as drawn.
struct Baseline {
    double slope = 0.0;      // theta, degrees
    double tan_slope = 0.0;  // tan(theta) (exact_math's sine and cosine)
    double amplitude = 0.0;  // a, pixels
    double phase = 0.0;      // phi, degrees in [0, 360)
    double period = 0.0;     // P, pixels (params.wave_period)
};

// The baseline of sample `index` (all 0 but the period for modules off).
// MSEQ_EINVAL when the wave is on and its period is not in 8..MSEQ_MAX_WIDTH
// (a Params that did not come through set_param()).
Baseline draw_baseline(const Params &params, uint64_t index);

// The offset of digit j of `layout` (pixels, positive down):
// -tan(theta) (x - S / 2) + a sin(360 x / P + phi), x = cell_x[j] + cols / 2,
// S = layout.strip. The sine's argument is reduced to [0, 360) exactly
// (fmod of x by P) and computed by sin_cos_degrees(), so the offset is
// the same double on every platform. 0 when the baseline is level.
double baseline_offset(const Baseline &baseline, const Layout &layout,
                       size_t j);

// The warp of digit j of sample `index`, elastic field aside (elastic is
// nullptr; draw_elastic() gives the field) and the baseline's offset aside
// (warp_digits() adds baseline_offset() to shift_y).
DigitWarp draw_warp(const Params &params, uint64_t index, size_t j);

// Memory for elastic fields, reused from digit to digit: the kernel (set
// once per image from elastic_sigma, gaussian_kernel()), the noise, the
// smoothing's scratch and the field (2 x rows x cols: dx, then dy).
struct ElasticBuffers {
    std::vector<double> kernel;
    std::vector<float> noise, scratch, field;
};

// The elastic field of digit j of sample `index` for rows x cols cells,
// with params.elastic_alpha and buffers.kernel, into buffers.field; returns
// buffers.field.data() (for DigitWarp::elastic). Throws std::bad_alloc.
const float *draw_elastic(const Params &params, uint64_t index, size_t j,
                          size_t rows, size_t cols, ElasticBuffers &buffers);

// The digits of a layout, warped: ds holds one glyph per digit (glyph j is
// digit j's, warped in its cell), layout is the original with glyph[j] = j.
// Rendering them gives the augmented image. Reused from call to call (one
// per thread) so that its memory is not allocated for every image.
struct WarpedDigits {
    SourceData ds;
    Layout layout;
    std::vector<uint8_t> scratch;
    ElasticBuffers elastic;
};

// Warps every digit of `layout` (planned from `ds` and `params` for sample
// `index`) into `out`. Throws std::bad_alloc.
void warp_digits(const SourceData &ds, const Params &params, uint64_t index,
                 const Layout &layout, WarpedDigits &out);

}  // namespace mseq
