// Augmentation of one image's digits: each digit's warp drawn from its own
// streams, then every glyph of the layout warped into its cell
// (digit_warp.hpp). The layout itself (picks, gaps, fit) is never changed,
// so the images of 1.0 are those with augmentation off.
//
// Draws. Module m of digit j draws from Stream(seed, index,
// augment_purpose(m, j)) (rng.hpp): one uniform_double() u, giving
// v * (2u - 1) over [-v, v] for the module's half-width v (a factor
// 1 + v * (2u - 1) for digit_scale and aspect). A module at 0 draws
// nothing and leaves its field at the identity.
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
};

// True when some per-digit module is on (params differ from the identity).
bool augmentation_on(const Params &params);

// The warp of digit j of sample `index`.
DigitWarp draw_warp(const Params &params, uint64_t index, size_t j);

// The digits of a layout, warped: ds holds one glyph per digit (glyph j is
// digit j's, warped in its cell), layout is the original with glyph[j] = j.
// Rendering them gives the augmented image. Reused from call to call (one
// per thread) so that its memory is not allocated for every image.
struct WarpedDigits {
    SourceData ds;
    Layout layout;
    std::vector<uint8_t> scratch;
};

// Warps every digit of `layout` (planned from `ds` and `params` for sample
// `index`) into `out`. Throws std::bad_alloc.
void warp_digits(const SourceData &ds, const Params &params, uint64_t index,
                 const Layout &layout, WarpedDigits &out);

}  // namespace mseq
