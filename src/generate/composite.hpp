// Overlapping digits: a layout with a negative gap, redrawn as one glyph.
//
// A gap below 0 makes a digit's cell start inside the previous one's, so
// the digits touch or overlap. Where cells overlap, the ink is the maximum
// of the glyphs' inks (the darker stroke wins: inks are composited, never
// overwritten). The renderers draw cells that do not overlap, so a layout
// whose cells do is first composited into a single glyph as wide as its
// strip, and that glyph is drawn by the same renderers, with the same
// pixel values and the same area-averaging shrink (render.hpp). Layouts
// without overlap never come here: their output is unchanged.
#pragma once

#include <cstdint>
#include <vector>

#include "generate/layout.hpp"
#include "input/source_data.hpp"

namespace mseq {

// True when some cell of the layout starts before the previous one ends.
bool cells_overlap(const Layout &layout);

// The strip of an overlapping layout as one glyph: `ds` holds that glyph
// (rows x strip ink, the maximum of the digits' inks), `layout` a copy of
// the original with one digit, cols = strip, glyph 0 at strip column 0.
// Reused from call to call (one per thread), so that its memory is not
// allocated for every image.
struct CompositeStrip {
    SourceData ds;
    Layout layout;
};

// Composites `layout` (cells_overlap(layout)) over the glyphs of `ds` into
// `out`. Throws std::bad_alloc.
void composite_strip(const SourceData &ds, const Layout &layout,
                     CompositeStrip &out);

}  // namespace mseq
