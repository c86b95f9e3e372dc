// A glyph's integer measures, shared by the style clusters (its stroke
// width, style_clusters.hpp) and the separators' pen (separator_glyph.hpp):
// its ink, its boundary pixels and the rows its dark pixels span. A pixel
// is dark at weight >= 128; a dark pixel is on the boundary at the glyph's
// edge or when one of its 4-neighbours is not dark.
#pragma once

#include <cstdint>

namespace mseq {

struct GlyphMeasure {
    uint64_t ink = 0;       // the sum of the weights
    uint64_t boundary = 0;  // dark pixels on the boundary
    int64_t first = -1;     // first row holding a dark pixel (-1: none)
    int64_t last = -1;      // last such row (-1: none)
};

// The measures of the rows x cols glyph at pixels.
GlyphMeasure measure_glyph(const uint8_t *pixels, uint32_t rows, uint32_t cols);

}  // namespace mseq
