// Layout of one generated image: which glyph each digit uses, the gaps
// between glyphs, and how the resulting strip fits the image width. Pure
// functions of their arguments; they throw mseq::Error.
//
// Semantics (the README quotes them):
//
//  - Glyphs. Digit j (0-based) of value d uses the glyph
//    ds.by_class[d][uniform(count of class d)], drawn in sequence order from
//    the sample's glyph stream (rng.hpp, Purpose::glyph). A class without
//    images is MSEQ_EINVAL naming the digit and the data files.
//  - Gaps. A sequence of n digits has n - 1 gaps. Under MSEQ_FIT_PAD and
//    MSEQ_FIT_STRICT, gap i is uniform over the integers
//    [min_spacing, max_spacing], inclusive, each drawn independently and in
//    order from the gap stream (Purpose::gap). A gap may be negative, down
//    to 1 - cols: the next cell then starts inside the previous one and
//    the digits overlap (their inks composited by maximum, composite.hpp).
//  - Strip. Glyph cells (cols wide) and gaps, left to right:
//    S = n * cols + sum(gaps) pixels wide (at least cols), glyph rows high.
//  - MSEQ_FIT_PAD. S <= W: the strip is placed at a left offset given by the
//    alignment (center floor((W - S) / 2), left 0, right W - S, random
//    uniform over [0, W - S] from the alignment stream, Purpose::align);
//    background elsewhere. S > W: the strip is scaled by s = W / S (aspect
//    kept) to W columns and h = max(1, floor(rows * W / S + 1/2)) rows
//    (computed exactly in integers), vertically centred from row
//    y0 = floor((rows - h) / 2); see render.hpp for the filter.
//  - MSEQ_FIT_STRICT. S > W is MSEQ_ENOFIT giving S and W; otherwise as pad.
//  - MSEQ_FIT_EXACT. The gaps are drawn uniformly among all gap vectors in
//    [min_spacing, max_spacing]^(n-1) whose sum is exactly W - n * cols, so
//    the strip fills the width at offset 0. No such vector: MSEQ_ENOFIT
//    giving the reachable width range. Sampling is sequential with a table
//    of counts of bounded compositions (draw_exact_gaps); its size is
//    bounded by kMaxExactCells, beyond which the call is MSEQ_ERANGE.
//    With n = 1 there are no gaps and the width must equal cols.
//  - Placements. Per digit, its glyph cell in output pixels, half-open:
//    unscaled [offset + x, offset + x + cols) x [0, rows); scaled, the cell's
//    strip columns mapped by W / S and rounded half up,
//    [round(x * W / S), round((x + cols) * W / S)) x [y0, y0 + h).
//    scale is 1.0f unless pad had to shrink, then (float)(W / S).
//  - Output geometry (MSEQ_PARAM_HEIGHT, MARGIN_X, MARGIN_Y; mnistseq.h).
//    The image is H x IW (H = height, or rows when 0; IW = the width); the
//    strip is fitted as above into the inner area IW - 2 mx by H - 2 my,
//    which plays the part of W in every rule above (the exact fit fills
//    it). The renderer draws a canvas of rows x width pixels (width = the
//    inner width, or the scaled strip's width when the height binds), and
//    the canvas's pixel (0, 0) sits at image pixel (frame_x, frame_y);
//    the rest of the image is background. A strip taller than the inner
//    rows is scaled (pad) by min(W / S, H' / rows): the width binds when
//    S * H' >= rows * W (the rules above, then centred in the inner rows);
//    otherwise h = H' and the canvas width is w = clamp(round(S * H' /
//    rows), 1, S), placed in the inner width by the alignment. Unscaled
//    strips sit at inner row floor((H' - rows) / 2). Placements add the
//    frame's offset. With the defaults the canvas is the image (frame at
//    0, 0): the layouts of 1.0. scale is then (float)(H' / rows) when the
//    height binds.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "generate/params.hpp"
#include "generate/rng.hpp"
#include "input/source_data.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {

// Largest table draw_exact_gaps() builds: gaps * (slack + 1) doubles
// (128 MiB).
constexpr uint64_t kMaxExactCells = uint64_t(1) << 24;

// Where everything goes in one image.
struct Layout {
    size_t count = 0;     // number of digits, 1..MSEQ_MAX_DIGITS
    int64_t rows = 0;     // glyph height
    int64_t cols = 0;     // glyph width
    int64_t width = 0;    // W, the image width
    int64_t strip = 0;    // S, the strip width
    bool scaled = false;  // S > W under MSEQ_FIT_PAD
    int64_t offset = 0;   // unscaled: image column of strip column 0
    int64_t height = 0;   // rows the strip occupies (h when scaled)
    int64_t y0 = 0;       // first of those rows
    // Output geometry: the image's shape and where the canvas (rows x
    // width, the renderer's output) sits in it.
    int64_t image_rows = 0;     // H
    int64_t image_width = 0;    // the image's width (width is the canvas's)
    int64_t frame_x = 0;        // image column of canvas column 0
    int64_t frame_y = 0;        // image row of canvas row 0 (may be < 0)
    bool height_bound = false;  // scaled to the inner rows, not the width
    std::array<uint32_t, MSEQ_MAX_DIGITS> glyph;  // source index per digit
    std::array<int32_t, MSEQ_MAX_DIGITS> label;   // the digit values
    std::array<int64_t, MSEQ_MAX_DIGITS> cell_x;  // strip column of each cell
};

// Picks the glyph of each of digits[0..n) (values 0-9) from `stream`, in
// order, into out[0..n). MSEQ_EINVAL when a digit's class has no images.
void pick_glyphs(const SourceData &ds, const int *digits, size_t n,
                 Stream &stream, uint32_t *out);

// The picks of MSEQ_WRITER_SAME: a writer uniform among those of ds.writers
// who wrote every digit needed (from writer_stream), then each digit
// uniform among that writer's images of its class (from stream). Throws
// MSEQ_EINVAL when ds has no writers or no writer wrote them all.
void pick_same_writer(const SourceData &ds, const int *digits, size_t n,
                      Stream &writer_stream, Stream &stream, uint32_t *out);

// The picks of MSEQ_STYLE_CONSISTENT: pick_same_writer() over the style
// clusters of ds (style_clusters.hpp) instead of its writers; the cluster
// draws from style_stream.
void pick_same_style(const SourceData &ds, const int *digits, size_t n,
                     Stream &style_stream, Stream &stream, uint32_t *out);

// Draws `count` gaps, each uniform over [lo, hi] (lo <= hi), in order
// from `stream` into out[0..count).
void draw_gaps(size_t count, int64_t lo, int64_t hi, Stream &stream,
               int64_t *out);

// Draws `count` gaps in [lo, hi] (lo <= hi) summing to exactly `total`,
// uniformly among all such vectors, into out[0..count). MSEQ_ENOFIT when no
// vector exists, MSEQ_ERANGE when the count table would exceed
// kMaxExactCells. The excess e_i = gap_i - lo is sampled in order: e_i = e
// with probability N(k - 1, r - e) / N(k, r), where r is the excess still to
// place, k the gaps left including this one and N(k, r) the number of ways
// k integers in [0, hi - lo] sum to r. Each table row is normalised by its
// own maximum (only ratios within a row are used), sums are formed without
// subtraction, and slack above half the maximum is sampled mirrored
// (e -> hi - lo - e), so nothing overflows or cancels.
void draw_exact_gaps(size_t count, int64_t lo, int64_t hi, int64_t total,
                     Stream &stream, int64_t *out);

// The full layout of digits[0..n) for sample `index`. Preconditions (checked
// by generate_one): 1 <= n <= MSEQ_MAX_DIGITS, digits in 0-9, 1 <= width <=
// MSEQ_MAX_WIDTH, 1 - ds.cols <= min_spacing <= max_spacing <=
// MSEQ_MAX_SPACING,
// 1 <= ds.rows, ds.cols <= MSEQ_MAX_GLYPH_SIDE. Throws MSEQ_EINVAL (empty
// class), MSEQ_ENOFIT, MSEQ_ERANGE.
Layout plan_layout(const SourceData &ds, const Params &params,
                   const int *digits, size_t n, uint64_t index);

// The glyph of a text's separators and spaces (they have none in the data).
constexpr uint32_t kNoGlyph = UINT32_MAX;

// The layout of a text, codes[0..n) (text.hpp: digits 0-9, separators and
// spaces), as plan_layout() with three differences. Only the digits pick
// glyphs, in order, as the text's digits alone would (the others get
// kNoGlyph). Cell j advances by its character's advance a_j (text.hpp;
// cols for a digit): cell_x[j + 1] = cell_x[j] + a_j + gap j, and the strip
// is S = cell_x[n - 1] + cols (the exact fit fills the width with that S).
// min_spacing below 1 - a_j for a cell with a successor is MSEQ_EINVAL
// naming the character, as the next cell would not start after it. For a
// text of digits only this is plan_layout().
Layout plan_text_layout(const SourceData &ds, const Params &params,
                        const int32_t *codes, size_t n, uint64_t index);

// Copies `from` into `to`: its fields and the first from.count entries of
// its per-digit arrays (the rest of `to`'s arrays are left as they are;
// nothing reads past count).
void copy_layout(const Layout &from, Layout &to);

// True when the canvas is the whole image (frame at 0, 0, same shape).
bool frame_is_image(const Layout &layout);

// Writes the placement of each digit of `layout` to out[0..layout.count),
// in image pixels. A text's cell is its character's advance wide (text.hpp),
// its source index -1 for a separator or space, its label the character's
// code.
void fill_placements(const Layout &layout, mseq_placement *out);

// The scale applied to the strip: 1.0f, or (float)(W / S) when scaled to
// the width, (float)(H' / rows) when scaled to the inner rows.
float layout_scale(const Layout &layout);

}  // namespace mseq
