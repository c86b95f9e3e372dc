// One digit's distortion (digit_warp.hpp): where the affine map sends ink,
// what thickness does to strokes, and that the identity changes nothing.
#include "generate/digit_warp.hpp"

#include <gtest/gtest.h>

#include <algorithm>
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

// A constant elastic field (dx, dy) over the cell.
std::vector<double> constant_field(double dx, double dy) {
    std::vector<double> f(2 * kSide * kSide, dx);
    std::fill(f.begin() + kSide * kSide, f.end(), dy);
    return f;
}

TEST(DigitWarp, ElasticFieldOfZeroIsTheIdentity) {
    const Glyph in = ring();
    const std::vector<double> zero = constant_field(0, 0);
    mseq::DigitWarp w;
    w.elastic = zero.data();
    EXPECT_FALSE(mseq::is_identity(w));  // a field is applied...
    EXPECT_EQ(affine(in, w), in);        // ...and moves nothing
    Glyph out = blank();
    std::vector<uint8_t> scratch;
    mseq::warp_glyph(in.data(), kSide, kSide, w, scratch, out.data());
    EXPECT_EQ(out, in);
}

TEST(DigitWarp, ElasticPixelTakesTheInkAtItsDisplacedPoint) {
    // Output pixel p takes the ink at p + d(p): a constant field of whole
    // pixels moves the glyph by -d exactly.
    const Glyph in = ring();
    const std::vector<double> f = constant_field(2, -3);
    mseq::DigitWarp w;
    w.elastic = f.data();
    const Glyph out = affine(in, w);
    for (size_t y = 0; y < kSide; ++y) {
        for (size_t x = 0; x < kSide; ++x) {
            const size_t sx = x + 2;
            const bool inside = sx < kSide && y >= 3;
            const uint8_t want = inside ? in[(y - 3) * kSide + sx] : uint8_t{0};
            ASSERT_EQ(out[y * kSide + x], want) << x << "," << y;
        }
    }
    // Half a pixel: the bilinear mean of two neighbours, rounded half up.
    Glyph dot = blank();
    at(dot, 10, 10) = 101;
    const std::vector<double> half = constant_field(0.5, 0);
    w.elastic = half.data();
    const Glyph spread = affine(dot, w);
    EXPECT_EQ(spread[10 * kSide + 9], 51);  // 50.5 rounded up
    EXPECT_EQ(spread[10 * kSide + 10], 51);
    EXPECT_EQ(total(spread), 102u);
}

TEST(DigitWarp, ElasticActsAfterTheAffineMapInOutputPixels) {
    // A quarter turn, then d = (1, 0): the turned glyph, sampled one pixel
    // to the right (not the glyph moved along x before turning, which would
    // move the result vertically).
    Glyph in = blank();
    for (size_t y = 5; y < 20; ++y) at(in, 9, y) = 255;  // vertical bar
    at(in, 17, 8) = 180;
    mseq::DigitWarp turn;
    turn.angle = 90;
    turn.shift_y = 1;
    const Glyph turned = affine(in, turn);
    const std::vector<double> f = constant_field(1, 0);
    mseq::DigitWarp both = turn;
    both.elastic = f.data();
    const Glyph out = affine(in, both);
    for (size_t y = 0; y < kSide; ++y) {
        for (size_t x = 0; x + 1 < kSide; ++x) {
            ASSERT_EQ(out[y * kSide + x], turned[y * kSide + x + 1])
                << x << "," << y;
        }
        ASSERT_EQ(out[y * kSide + kSide - 1], 0);
    }
    EXPECT_GT(total(out), 0u);
    // A field varying by pixel: each output pixel uses its own d.
    std::vector<double> g = constant_field(0, 0);
    g[12 * kSide + 4] = 5;  // pixel (4, 12) reads (9, 12) of the glyph
    mseq::DigitWarp local;
    local.elastic = g.data();
    const Glyph moved = affine(in, local);
    for (size_t i = 0; i < in.size(); ++i) {
        const uint8_t want = i == 12 * kSide + 4 ? 255 : in[i];
        ASSERT_EQ(moved[i], want) << i;
    }
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
