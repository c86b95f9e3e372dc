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
// 2 * rows * cols values u, each giving the noise 2u - 1: draws 0 ..
// rows * cols - 1 the dx noise row by row, the next rows * cols the dy
// noise; smoothed and scaled by elastic.hpp's smooth_field() with the
// kernel of elastic_sigma.
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
};
AugmentRanges augment_ranges(const Params &params);

// The ranges of a preset (all 0 for MSEQ_PRESET_NONE).
AugmentRanges preset_ranges(mseq_preset preset);

// True when some per-digit module is on (a range above 0).
bool augmentation_on(const Params &params);

// The warp of digit j of sample `index`, elastic field aside (elastic is
// nullptr; draw_elastic() gives the field).
DigitWarp draw_warp(const Params &params, uint64_t index, size_t j);

// Memory for elastic fields, reused from digit to digit: the kernel (set
// once per image from elastic_sigma, gaussian_kernel()), the noise, the
// smoothing's scratch and the field (2 x rows x cols: dx, then dy).
struct ElasticBuffers {
    std::vector<double> kernel, noise, scratch, field;
};

// The elastic field of digit j of sample `index` for rows x cols cells,
// with params.elastic_alpha and buffers.kernel, into buffers.field; returns
// buffers.field.data() (for DigitWarp::elastic). Throws std::bad_alloc.
const double *draw_elastic(const Params &params, uint64_t index, size_t j,
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
