// Separators drawn as handwritten strokes (a dash, slash, dot, comma,
// colon, parentheses, plus) in a glyph cell, so that a text's separators
// look written by the same pen as its digits.
//
// Every separator is a set of strokes: line segments (a curve is a run of
// short segments along a quadratic Bezier), drawn with round ends at the
// radius r: a pixel of centre p gets ink 255 * clamp(r + 1/2 - d, 0, 1),
// d the distance from p to the nearest stroke, so edges are anti-aliased
// over one pixel as MNIST's are. Only + - * / and sqrt are used: the same
// bytes on every platform.
//
// The pen matches the image's digits (pen_of(), from the text's first
// kPenDigits digits): r is half their stroke width (their ink area over half
// their boundary length, the measure of style_clusters.hpp), and the strokes
// sit between their mean top and bottom ink rows. Per
// separator the shape varies: its length, angle, position and the pen's
// radius (x [0.85, 1.15]) are drawn from the stream given, in a fixed
// order per shape, so the same (seed, index) draws the same strokes. The
// strokes stay inside the separator's advance (text.hpp) and the cell.
#pragma once

#include <cstddef>
#include <cstdint>

#include "generate/rng.hpp"

namespace mseq {

// Digits the pen is measured on: enough for a steady mean, few enough that
// a long text does not pay for all of them.
constexpr size_t kPenDigits = 3;

// The pen of one image: stroke width and the band the digits' ink holds.
struct Pen {
    double width = 0;   // stroke width, pixels
    double top = 0;     // mean first ink row of the digits
    double bottom = 0;  // mean row one past their last ink row
};

// The pen of the first kPenDigits glyphs at glyphs[0..n) (rows x cols
// each; with none, or no ink, a pen scaled from MNIST's typical digit:
// width 2.4, rows 4..24 of 28).
Pen pen_of(const uint8_t *const *glyphs, size_t n, uint32_t rows,
           uint32_t cols);

// Draws the separator of character code `code` (text.hpp; a space draws
// nothing) into out (rows x cols, overwritten), inside columns
// [0, advance), with `pen` and draws from `stream`.
void draw_separator(int32_t code, const Pen &pen, Stream &stream, uint32_t rows,
                    uint32_t cols, int64_t advance, uint8_t *out);

}  // namespace mseq
