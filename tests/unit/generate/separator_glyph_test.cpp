// Separators drawn as strokes (separator_glyph.hpp): inside their advance,
// in the digits' band, as thick as the pen, varying with the stream only;
// and the pen read from digit glyphs.
#include "generate/separator_glyph.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "generate/rng.hpp"
#include "generate/text.hpp"

namespace {

constexpr uint32_t kRows = 28, kCols = 28;

struct Ink {
    int64_t x0 = kCols, x1 = -1, y0 = kRows, y1 = -1;  // inclusive
    double sum = 0;                                    // ink / 255
};

Ink ink_of(const std::vector<uint8_t> &g) {
    Ink k;
    for (uint32_t y = 0; y < kRows; ++y) {
        for (uint32_t x = 0; x < kCols; ++x) {
            const uint8_t v = g[y * kCols + x];
            if (v == 0) continue;
            k.x0 = std::min<int64_t>(k.x0, x);
            k.x1 = std::max<int64_t>(k.x1, x);
            k.y0 = std::min<int64_t>(k.y0, y);
            k.y1 = std::max<int64_t>(k.y1, y);
            k.sum += v / 255.0;
        }
    }
    return k;
}

std::vector<uint8_t> draw(char c, const mseq::Pen &pen, uint64_t index) {
    std::vector<uint8_t> g(kRows * kCols, 77);
    mseq::Stream s(1, index, mseq::Purpose::separator);
    const int32_t code = mseq::char_code(c);
    mseq::draw_separator(code, pen, s, kRows, kCols,
                         mseq::char_advance(code, kCols), g.data());
    return g;
}

TEST(SeparatorGlyph, StaysInsideItsAdvanceAndTheDigitsBand) {
    const mseq::Pen pen{2.5, 5.0, 23.0};
    for (char c : std::string("-/.,:()+")) {
        const int64_t advance = mseq::char_advance(mseq::char_code(c), kCols);
        for (uint64_t i = 0; i < 200; ++i) {
            SCOPED_TRACE(std::string(1, c) + " sample " + std::to_string(i));
            const Ink k = ink_of(draw(c, pen, i));
            ASSERT_GE(k.x1, k.x0) << "nothing drawn";
            EXPECT_GE(k.x0, 0);
            EXPECT_LT(k.x1, advance);
            // Within the band, give or take the pen and the comma's tail.
            EXPECT_GE(double(k.y0), pen.top - 0.1 * 18 - pen.width);
            const double below = c == ',' ? 0.22 * 18 + 1 : 0.1 * 18;
            EXPECT_LE(double(k.y1), pen.bottom + below);
        }
    }
}

TEST(SeparatorGlyph, ShapesSitWhereWritersPutThem) {
    const mseq::Pen pen{2.0, 4.0, 24.0};
    for (uint64_t i = 0; i < 100; ++i) {
        const Ink dash = ink_of(draw('-', pen, i));
        const double dash_mid = 0.5 * double(dash.y0 + dash.y1 + 1);
        EXPECT_NEAR(dash_mid, 14.0, 3.0);     // mid band
        EXPECT_LE(dash.y1 - dash.y0 + 1, 6);  // flat
        EXPECT_GE(dash.x1 - dash.x0 + 1, 8);  // long
        const Ink dot = ink_of(draw('.', pen, i));
        EXPECT_GE(dot.y0, 19);  // at the bottom
        EXPECT_LE(dot.x1 - dot.x0 + 1, 5);
        const Ink slash = ink_of(draw('/', pen, i));
        EXPECT_GE(slash.y1 - slash.y0 + 1, 16);  // the band's height
        const Ink paren = ink_of(draw('(', pen, i));
        EXPECT_GE(paren.y1 - paren.y0 + 1, 16);
        const Ink colon = ink_of(draw(':', pen, i));
        EXPECT_GE(colon.y1 - colon.y0 + 1, 6);  // two dots apart
    }
}

TEST(SeparatorGlyph, ThicknessFollowsThePen) {
    // The dash's ink per column of length grows with the pen's width.
    double thin = 0, thick = 0;
    for (uint64_t i = 0; i < 100; ++i) {
        const Ink a = ink_of(draw('-', {1.5, 4, 24}, i));
        const Ink b = ink_of(draw('-', {3.5, 4, 24}, i));
        thin += a.sum / double(a.x1 - a.x0 + 1);
        thick += b.sum / double(b.x1 - b.x0 + 1);
    }
    thin /= 100;
    thick /= 100;
    EXPECT_NEAR(thin, 1.5, 0.45);
    EXPECT_NEAR(thick, 3.5, 0.6);
}

TEST(SeparatorGlyph, VariesWithTheStreamOnly) {
    const mseq::Pen pen{2.0, 4.0, 24.0};
    EXPECT_EQ(draw('/', pen, 3), draw('/', pen, 3));
    int differ = 0;
    for (uint64_t i = 0; i < 20; ++i)
        differ += draw('/', pen, i) != draw('/', pen, i + 20);
    EXPECT_GE(differ, 19);
    // A space draws nothing, and clears the cell.
    const std::vector<uint8_t> space = draw(' ', pen, 0);
    EXPECT_EQ(space, std::vector<uint8_t>(kRows * kCols, 0));
}

TEST(SeparatorGlyph, PenComesFromTheDigits) {
    // Two bars 3 and 5 pixels wide, rows 6..21 and 8..23.
    std::vector<uint8_t> a(kRows * kCols, 0), b(kRows * kCols, 0);
    for (uint32_t y = 6; y < 22; ++y) {
        for (uint32_t x = 10; x < 13; ++x) a[y * kCols + x] = 255;
    }
    for (uint32_t y = 8; y < 24; ++y) {
        for (uint32_t x = 10; x < 15; ++x) b[y * kCols + x] = 255;
    }
    const uint8_t *both[] = {a.data(), b.data()};
    const mseq::Pen pen = mseq::pen_of(both, 2, kRows, kCols);
    EXPECT_DOUBLE_EQ(pen.top, 7.0);
    EXPECT_DOUBLE_EQ(pen.bottom, 23.0);
    EXPECT_GT(pen.width, 3.0);
    EXPECT_LT(pen.width, 5.5);
    const mseq::Pen none = mseq::pen_of(nullptr, 0, kRows, kCols);
    EXPECT_DOUBLE_EQ(none.top, 4.0);
    EXPECT_DOUBLE_EQ(none.bottom, 24.0);
}

}  // namespace
