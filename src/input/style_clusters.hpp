// Style clusters of a split's glyphs, for MSEQ_STYLE_CONSISTENT: groups of
// glyphs that look written alike, made from the glyphs' own pixels when the
// data has no writers (Fashion-MNIST, KMNIST, a plain MNIST folder).
//
// Two statistics of each glyph, from its grey levels v / 255 as weights:
//  - slant: the horizontal shift of the ink per row down, mu11 / mu02 of
//    the image moments about the ink's centroid (x right, y down), so a
//    digit leaning right has a negative slant;
//  - stroke width: the ink's area (the sum of the weights) over half its
//    boundary length (the pixels of weight >= 0.5 with a 4-neighbour below
//    0.5), the width of a band of that area and perimeter.
// Within each class the glyphs are ranked by slant into kSlantBins bins of
// equal size, and within each slant bin ranked by width into kWidthBins
// bins: cluster = slant bin * kWidthBins + width bin. So every cluster
// holds about 1 / (kSlantBins * kWidthBins) of every class, and a
// sequence's digits drawn from one cluster share slant and stroke width
// within the cluster's ranges. Ties keep the glyphs' file order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "input/qmnist_writers.hpp"

namespace mseq {

constexpr int kSlantBins = 5;
constexpr int kWidthBins = 4;

struct GlyphStyle {
    double slant = 0;  // columns per row
    double width = 0;  // pixels
};

// The statistics of one glyph of rows x cols pixels (0 for an empty one).
GlyphStyle glyph_style(const uint8_t *pixels, uint32_t rows, uint32_t cols);

// The clusters of `count` glyphs (pixels row-major, one after the other)
// with their labels, as Writers: of[i] the cluster of glyph i, ids the
// cluster numbers 0..kSlantBins * kWidthBins - 1, path "style clusters".
Writers style_clusters(const uint8_t *pixels,
                       const std::vector<uint8_t> &labels, uint32_t rows,
                       uint32_t cols);

}  // namespace mseq
