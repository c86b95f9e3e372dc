// One digit's distortion: stroke thickness, then an affine map about the
// centre of its cell and an elastic displacement field, resampled together
// bilinearly (mnistseq.h, the augmentation keys, gives the user's view).
// Pure functions of their arguments.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mseq {

// The drawn transform of one digit. The default is the identity.
struct DigitWarp {
    double angle = 0.0;      // degrees, positive anticlockwise
    double shear = 0.0;      // degrees, positive leaning right
    double scale_x = 1.0;    // width factor
    double scale_y = 1.0;    // height factor
    double shift_y = 0.0;    // pixels, positive down
    double thickness = 0.0;  // pixels: > 0 dilates, < 0 erodes
    // The elastic displacement (elastic.hpp), or nullptr for none: rows x
    // cols dx values (pixels, row-major), then as many dy values. Not
    // owned: it must live while the warp is applied.
    const float *elastic = nullptr;
};

// True when the warp changes nothing (every field at its default).
bool is_identity(const DigitWarp &warp);

// Grey-level dilation (t > 0) or erosion (t < 0) of a rows x cols glyph
// into out (rows x cols): out(p) = max over offsets o of w(|o|) * in(p + o)
// for a dilation, 255 - max of w(|o|) * (255 - in(p + o)) for an erosion,
// with w(d) = clamp(|t| + 1 - d, 0, 1) and ink 0 outside the glyph. Each
// weight is taken in 16-bit fixed point, a = floor(w 2^16 + 0.5) (d from
// the correctly rounded sqrt, w in double), and each product rounded half
// up: (a g + 2^15) >> 16, exact integer arithmetic. An erosion that keeps less
// than a quarter of the glyph's total ink is retried with t / 2, at most 4
// times, then the glyph is copied.
void change_thickness(const uint8_t *in, size_t rows, size_t cols, double t,
                      uint8_t *out);

// The affine and elastic parts of warp (everything but thickness) applied
// to a rows x cols glyph into out (rows x cols). Output pixel (x, y) takes
// the bilinear sample of `in` (glyph pixel (i, j) at the point (i, j), ink
// 0 outside the glyph) at
//     q(x, y) = Q + x A + y B + E(x, y)
// in fixed point, every term a multiple of 2^-16: M^-1 = [A B] is the
// inverse of M = rotation * shear * scale, Q = M^-1 (0.5 - cx, 0.5 - cy -
// shift_y) + (cx, cy) - 0.5 with (cx, cy) = (cols / 2, rows / 2) the cell
// centre, E(x, y) = M^-1 d(x, y) for the elastic displacement d at pixel
// (x, y) (0 without one); A, B, Q and E are each computed in double and
// rounded to the nearest multiple of 2^-16 (ties up), the sums are exact.
// That is q = M^-1 (p + d(p) - c - (0, shift_y)) + c - 0.5 for the pixel
// centre p = (x + 0.5, y + 0.5), up to those roundings: the elastic field
// acts last, on the affine map's result, without a second resampling. The
// sample at q with i = floor(qx), j = floor(qy) and the bilinear weights
// fx, fy = the fractional parts of q truncated to multiples of 1/256, as
// integers 0..255, is
//     ((g(i, j) (256 - fx) + g(i + 1, j) fx) (256 - fy)
//      + (g(i, j + 1) (256 - fx) + g(i + 1, j + 1) fx) fy) / 65536
// rounded half up to a whole ink level (exact integer arithmetic).
void affine_glyph(const uint8_t *in, size_t rows, size_t cols,
                  const DigitWarp &warp, uint8_t *out);

// Whether affine_glyph() and change_thickness() may use their AVX2
// kernels on processors that have them (default true; for tests). Both
// kernels give the same bytes.
void allow_avx2_resampling(bool allow);

// Both, in order (thickness first) into out; scratch is reused memory. A
// warp never erases a glyph: when the affine and elastic parts move all of
// a glyph's ink out of its cell, out is the glyph with the thickness change
// alone.
void warp_glyph(const uint8_t *in, size_t rows, size_t cols,
                const DigitWarp &warp, std::vector<uint8_t> &scratch,
                uint8_t *out);

// A glyph given by a box holding all of its ink (the glyph store's cropped
// ink, glyph_store.hpp): the box's `height` rows of `width` bytes, back to
// back at `ink`, its first pixel at (left, top) of the rows x cols cell;
// ink 0 elsewhere. width or height 0: a glyph without ink.
struct GlyphBox {
    const uint8_t *ink = nullptr;
    size_t left = 0, top = 0, width = 0, height = 0;
};

// warp_glyph() of the glyph of a box: the same bytes as of the whole glyph.
void warp_glyph_box(const GlyphBox &glyph, size_t rows, size_t cols,
                    const DigitWarp &warp, std::vector<uint8_t> &scratch,
                    uint8_t *out);

}  // namespace mseq
