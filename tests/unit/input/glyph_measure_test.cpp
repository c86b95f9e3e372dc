// A glyph's integer measures (input/glyph_measure.hpp) against the pixel
// by pixel definition they replaced (kept here as the reference), on
// random glyphs of every small shape (1 x 1 up to 40 x 40, rows and columns
// of one pixel among them) with weights on both sides of 128, and on
// glyphs all dark and all blank.
#include "input/glyph_measure.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace {

using mseq::GlyphMeasure;

GlyphMeasure reference(const std::vector<uint8_t> &g, uint32_t rows,
                       uint32_t cols) {
    GlyphMeasure m;
    auto dark = [&](int64_t x, int64_t y) {
        return x >= 0 && y >= 0 && x < int64_t{cols} && y < int64_t{rows} &&
               g[size_t(y) * cols + size_t(x)] >= 128;
    };
    for (uint32_t y = 0; y < rows; ++y) {
        for (uint32_t x = 0; x < cols; ++x) {
            m.ink += g[size_t(y) * cols + x];
            if (!dark(x, y)) continue;
            if (m.first < 0) m.first = y;
            m.last = y;
            m.boundary += !dark(int64_t{x} - 1, y) ||
                          !dark(int64_t{x} + 1, y) ||
                          !dark(x, int64_t{y} - 1) || !dark(x, int64_t{y} + 1);
        }
    }
    return m;
}

void expect_same(const std::vector<uint8_t> &g, uint32_t rows, uint32_t cols) {
    const GlyphMeasure want = reference(g, rows, cols);
    const GlyphMeasure got = mseq::measure_glyph(g.data(), rows, cols);
    EXPECT_EQ(got.ink, want.ink) << rows << " x " << cols;
    EXPECT_EQ(got.boundary, want.boundary) << rows << " x " << cols;
    EXPECT_EQ(got.first, want.first) << rows << " x " << cols;
    EXPECT_EQ(got.last, want.last) << rows << " x " << cols;
}

TEST(GlyphMeasure, MatchesThePixelByPixelDefinition) {
    std::mt19937 rng(7);
    for (uint32_t rows = 1; rows <= 40; ++rows) {
        for (uint32_t cols = 1; cols <= 40; ++cols) {
            for (int density : {10, 50, 90}) {
                std::vector<uint8_t> g(size_t(rows) * cols);
                for (uint8_t &p : g) {
                    // Dark with the given chance; weights near 128 too.
                    const bool on = int(rng() % 100) < density;
                    const uint32_t r = rng() % 128;
                    p = uint8_t(on ? 128 + r : r);
                }
                expect_same(g, rows, cols);
                if (HasFailure()) return;
            }
        }
    }
}

TEST(GlyphMeasure, AllDarkAndAllBlank) {
    for (uint32_t side : {1u, 2u, 3u, 28u}) {
        const std::vector<uint8_t> dark(size_t(side) * side, 200);
        const GlyphMeasure m = mseq::measure_glyph(dark.data(), side, side);
        // Only the edge is boundary.
        const uint64_t inner = side > 2 ? uint64_t(side - 2) * (side - 2) : 0;
        EXPECT_EQ(m.boundary, uint64_t(side) * side - inner) << side;
        EXPECT_EQ(m.ink, 200u * side * side);
        EXPECT_EQ(m.first, 0);
        EXPECT_EQ(m.last, int64_t(side) - 1);
        const std::vector<uint8_t> blank(size_t(side) * side, 127);
        const GlyphMeasure b = mseq::measure_glyph(blank.data(), side, side);
        EXPECT_EQ(b.boundary, 0u);
        EXPECT_EQ(b.first, -1);
        EXPECT_EQ(b.last, -1);
        EXPECT_EQ(b.ink, 127u * side * side);
    }
}

}  // namespace
