// Style clusters (style_clusters.hpp).
#include "input/style_clusters.hpp"

#include <algorithm>
#include <array>
#include <numeric>

#include "input/glyph_measure.hpp"

namespace mseq {

GlyphStyle glyph_style(const uint8_t *pixels, uint32_t rows, uint32_t cols) {
    double m = 0, mx = 0, my = 0;
    for (uint32_t y = 0; y < rows; ++y) {
        for (uint32_t x = 0; x < cols; ++x) {
            const double w = pixels[size_t{y} * cols + x] / 255.0;
            m += w;
            mx += w * x;
            my += w * y;
        }
    }
    GlyphStyle s;
    if (m == 0) return s;
    const double cx = mx / m, cy = my / m;
    double mu11 = 0, mu02 = 0;
    for (uint32_t y = 0; y < rows; ++y) {
        for (uint32_t x = 0; x < cols; ++x) {
            const double w = pixels[size_t{y} * cols + x] / 255.0;
            mu11 += w * (x - cx) * (y - cy);
            mu02 += w * (y - cy) * (y - cy);
        }
    }
    const uint64_t boundary = measure_glyph(pixels, rows, cols).boundary;
    s.slant = mu02 > 0 ? mu11 / mu02 : 0;
    s.width = boundary > 0 ? m / (0.5 * double(boundary)) : 0;
    return s;
}

Writers style_clusters(const uint8_t *pixels,
                       const std::vector<uint8_t> &labels, uint32_t rows,
                       uint32_t cols) {
    const size_t count = labels.size();
    const size_t glyph = size_t{rows} * cols;
    std::vector<GlyphStyle> styles(count);
    for (size_t i = 0; i < count; ++i) {
        styles[i] = glyph_style(pixels + i * glyph, rows, cols);
    }
    Writers out;
    out.path = "style clusters";
    out.of.assign(count, 0);
    for (uint32_t c = 0; c < uint32_t{kSlantBins} * kWidthBins; ++c) {
        out.ids.push_back(c);
    }
    // Bin `members` (glyph indexes) by rank of key into `bins` equal parts:
    // calls put(glyph, bin) for each.
    auto bin_by = [&](std::vector<uint32_t> &members, int bins, auto key,
                      auto put) {
        std::stable_sort(
            members.begin(), members.end(),
            [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
        const size_t n = members.size();
        for (size_t r = 0; r < n; ++r) {
            put(members[r], uint32_t(r * size_t(bins) / n));
        }
    };
    std::array<std::vector<uint32_t>, 10> by_class;
    for (size_t i = 0; i < count; ++i) {
        by_class[labels[i]].push_back(static_cast<uint32_t>(i));
    }
    for (std::vector<uint32_t> &cls : by_class) {
        std::array<std::vector<uint32_t>, kSlantBins> slant_bins;
        bin_by(
            cls, kSlantBins, [&](uint32_t g) { return styles[g].slant; },
            [&](uint32_t g, uint32_t b) { slant_bins[b].push_back(g); });
        for (uint32_t s = 0; s < uint32_t{kSlantBins}; ++s) {
            bin_by(
                slant_bins[s], kWidthBins,
                [&](uint32_t g) { return styles[g].width; },
                [&](uint32_t g, uint32_t b) {
                    out.of[g] = s * kWidthBins + b;
                });
        }
    }
    return out;
}

}  // namespace mseq
