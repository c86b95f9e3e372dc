// One digit's distortion (digit_warp.hpp): where the affine map sends ink,
// what thickness does to strokes, and that the identity changes nothing.
#include "generate/digit_warp.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

namespace {

constexpr size_t kSide = 28;

using Glyph = std::vector<uint8_t>;

Glyph blank() { return Glyph(kSide * kSide, 0); }

uint8_t &at(Glyph &g, size_t x, size_t y) { return g[y * kSide + x]; }

uint64_t total(const Glyph &g) {
    return std::accumulate(g.begin(), g.end(), uint64_t{0});
}

Glyph affine(const Glyph &in, const mseq::DigitWarp &w) {
    Glyph out = blank();
    mseq::affine_glyph(in.data(), kSide, kSide, w, out.data());
    return out;
}

Glyph thickness(const Glyph &in, double t) {
    Glyph out = blank();
    mseq::change_thickness(in.data(), kSide, kSide, t, out.data());
    return out;
}

// A ring of full ink, 2 pixels thick, around the centre: digit-like.
Glyph ring() {
    Glyph g = blank();
    for (size_t y = 0; y < kSide; ++y) {
        for (size_t x = 0; x < kSide; ++x) {
            const double dx = double(x) + 0.5 - 14, dy = double(y) + 0.5 - 14;
            const double r2 = dx * dx + dy * dy;
            if (r2 >= 36 && r2 <= 64) at(g, x, y) = 255;
        }
    }
    return g;
}

TEST(DigitWarp, IdentityCopiesTheGlyph) {
    const Glyph in = ring();
    Glyph out = blank();
    std::vector<uint8_t> scratch;
    const mseq::DigitWarp identity;
    EXPECT_TRUE(mseq::is_identity(identity));
    mseq::warp_glyph(in.data(), kSide, kSide, identity, scratch, out.data());
    EXPECT_EQ(out, in);
    // The affine map at the identity samples pixel centres exactly.
    EXPECT_EQ(affine(in, identity), in);
}

TEST(DigitWarp, QuarterTurnIsAnticlockwiseAndExact) {
    Glyph in = blank();
    at(in, 20, 13) = 200;  // right of the centre (14, 14)
    mseq::DigitWarp w;
    w.angle = 90;
    const Glyph out = affine(in, w);
    // (20.5, 13.5) - c = (6.5, -0.5) turns to (-0.5, -6.5): pixel (13, 7).
    Glyph want = blank();
    at(want, 13, 7) = 200;
    EXPECT_EQ(out, want);
    w.angle = -90;
    Glyph down = blank();
    at(down, 14, 20) = 200;
    EXPECT_EQ(affine(in, w), down);
}

TEST(DigitWarp, PositiveShearLeansTheTopRight) {
    Glyph in = blank();
    for (size_t y = 4; y < 24; ++y) at(in, 14, y) = 255;  // a vertical bar
    mseq::DigitWarp w;
    w.shear = 30;
    const Glyph out = affine(in, w);
    // Mean column of the top rows right of that of the bottom rows.
    auto mean_x = [&](size_t y0, size_t y1) {
        double sum = 0, mass = 0;
        for (size_t y = y0; y < y1; ++y) {
            for (size_t x = 0; x < kSide; ++x) {
                sum += double(x) * at(const_cast<Glyph &>(out), x, y);
                mass += at(const_cast<Glyph &>(out), x, y);
            }
        }
        return sum / mass;
    };
    EXPECT_GT(mean_x(4, 8), mean_x(20, 24) + 5.0);
}

TEST(DigitWarp, WholePixelShiftMovesRowsExactly) {
    const Glyph in = ring();
    mseq::DigitWarp w;
    w.shift_y = 3;
    const Glyph out = affine(in, w);
    for (size_t y = 0; y < kSide; ++y) {
        for (size_t x = 0; x < kSide; ++x) {
            const uint8_t want = y >= 3 ? in[(y - 3) * kSide + x] : uint8_t{0};
            ASSERT_EQ(out[y * kSide + x], want) << x << "," << y;
        }
    }
}

TEST(DigitWarp, ScaleChangesTheInkArea) {
    const Glyph in = ring();
    mseq::DigitWarp w;
    w.scale_x = w.scale_y = 1.5;
    const double grown = double(total(affine(in, w))) / double(total(in));
    EXPECT_GT(grown, 1.8);  // about 1.5^2 = 2.25
    EXPECT_LT(grown, 2.7);
    w.scale_x = 0.5;
    w.scale_y = 1.0;  // aspect: half as wide
    const double narrow = double(total(affine(in, w))) / double(total(in));
    EXPECT_GT(narrow, 0.35);
    EXPECT_LT(narrow, 0.65);
}

TEST(DigitWarp, DilationThickensAndErosionThins) {
    const Glyph in = ring();
    const Glyph thick = thickness(in, 1.0);
    const Glyph thin = thickness(in, -0.5);
    for (size_t i = 0; i < in.size(); ++i) {
        ASSERT_GE(thick[i], in[i]) << i;
        ASSERT_LE(thin[i], in[i]) << i;
    }
    EXPECT_GT(total(thick), total(in) * 3 / 2);
    EXPECT_LT(total(thin), total(in));
    // Fractional amounts are continuous: half a pixel does less than one.
    EXPECT_LT(total(thickness(in, 0.5)), total(thick));
    EXPECT_GT(total(thickness(in, 0.5)), total(in));
    // t = 1 reaches the four neighbours fully.
    Glyph dot = blank();
    at(dot, 10, 10) = 255;
    const Glyph plus = thickness(dot, 1.0);
    EXPECT_EQ(at(const_cast<Glyph &>(plus), 11, 10), 255);
    EXPECT_EQ(at(const_cast<Glyph &>(plus), 10, 9), 255);
    EXPECT_EQ(at(const_cast<Glyph &>(plus), 11, 11),
              uint8_t(255 * (2 - 1.4142135623730951) + 0.5));
}

TEST(DigitWarp, ErosionNeverErasesAThinDigit) {
    Glyph line = blank();
    for (size_t y = 4; y < 24; ++y) at(line, 14, y) = 255;  // 1 pixel wide
    for (double t : {-0.5, -1.0, -2.0, -4.0}) {
        const Glyph out = thickness(line, t);
        EXPECT_GE(total(out) * 4, total(line)) << t;
    }
}

}  // namespace
