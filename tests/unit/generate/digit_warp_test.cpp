// One digit's distortion (digit_warp.hpp): where the affine map sends ink,
// what thickness does to strokes, and that the identity changes nothing.
#include "generate/digit_warp.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "common/exact_math.hpp"
#include "generate/rng.hpp"

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
std::vector<float> constant_field(float dx, float dy) {
    std::vector<float> f(2 * kSide * kSide, dx);
    std::fill(f.begin() + kSide * kSide, f.end(), dy);
    return f;
}

TEST(DigitWarp, ElasticFieldOfZeroIsTheIdentity) {
    const Glyph in = ring();
    const std::vector<float> zero = constant_field(0, 0);
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
    const std::vector<float> f = constant_field(2, -3);
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
    const std::vector<float> half = constant_field(0.5, 0);
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
    const std::vector<float> f = constant_field(1, 0);
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
    std::vector<float> g = constant_field(0, 0);
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

// Straightforward implementations of the documented formulas
// (digit_warp.hpp), pixel by pixel, for any glyph shape.

// v rounded to the nearest multiple of 2^-16, ties up, in units of 2^-16.
int64_t fixed16(double v) { return int64_t(std::floor(v * 65536.0 + 0.5)); }

std::vector<uint8_t> reference_affine(const std::vector<uint8_t> &in,
                                      size_t rows, size_t cols,
                                      const mseq::DigitWarp &w) {
    double s = 0, c = 1, ss = 0, sc = 1;
    mseq::sin_cos_degrees(w.angle, s, c);
    mseq::sin_cos_degrees(w.shear, ss, sc);
    const double t = ss / sc;
    // M^-1 = S^-1 Sh^-1 R^-1, R^-1 = [[c, -s], [s, c]], Sh^-1 = [[1, t],
    // [0, 1]], S^-1 = diag(1 / sx, 1 / sy).
    const double m00 = (c + t * s) / w.scale_x, m01 = (-s + t * c) / w.scale_x;
    const double m10 = s / w.scale_y, m11 = c / w.scale_y;
    const double cx = double(cols) / 2, cy = double(rows) / 2;
    const double px0 = 0.5 - cx, py0 = 0.5 - cy - w.shift_y;
    const int64_t qx0 = fixed16(m00 * px0 + m01 * py0 + (cx - 0.5));
    const int64_t qy0 = fixed16(m10 * px0 + m11 * py0 + (cy - 0.5));
    auto g = [&](int64_t i, int64_t j) -> int64_t {
        if (i < 0 || j < 0 || i >= int64_t(cols) || j >= int64_t(rows)) {
            return 0;
        }
        return in[size_t(j) * cols + size_t(i)];
    };
    std::vector<uint8_t> out(rows * cols);
    for (size_t y = 0; y < rows; ++y) {
        for (size_t x = 0; x < cols; ++x) {
            int64_t qx =
                qx0 + int64_t(x) * fixed16(m00) + int64_t(y) * fixed16(m01);
            int64_t qy =
                qy0 + int64_t(x) * fixed16(m10) + int64_t(y) * fixed16(m11);
            if (w.elastic != nullptr) {
                const double dx = w.elastic[y * cols + x];
                const double dy = w.elastic[rows * cols + y * cols + x];
                qx += fixed16(m00 * dx + m01 * dy);
                qy += fixed16(m10 * dx + m11 * dy);
            }
            // floor and the fractional part, for negative q too.
            const int64_t i = (qx - ((qx % 65536 + 65536) % 65536)) / 65536;
            const int64_t j = (qy - ((qy % 65536 + 65536) % 65536)) / 65536;
            const int64_t fx = (qx - i * 65536) / 256;
            const int64_t fy = (qy - j * 65536) / 256;
            const int64_t top = g(i, j) * (256 - fx) + g(i + 1, j) * fx;
            const int64_t bottom =
                g(i, j + 1) * (256 - fx) + g(i + 1, j + 1) * fx;
            const int64_t sum = top * (256 - fy) + bottom * fy;
            out[y * cols + x] = uint8_t((sum + 32768) / 65536);
        }
    }
    return out;
}

// One dilation (erode false) or erosion of radius r by the formula.
std::vector<uint8_t> reference_morph(const std::vector<uint8_t> &in,
                                     size_t rows, size_t cols, double r,
                                     bool erode) {
    const long reach = long(std::ceil(r));
    std::vector<uint8_t> out(rows * cols);
    for (long y = 0; y < long(rows); ++y) {
        for (long x = 0; x < long(cols); ++x) {
            uint64_t best = 0;  // of a * g, a the weight times 2^16
            for (long dy = -reach; dy <= reach; ++dy) {
                for (long dx = -reach; dx <= reach; ++dx) {
                    const double d = std::sqrt(double(dx * dx + dy * dy));
                    const double wt = std::min(1.0, std::max(0.0, r + 1 - d));
                    const auto a = uint64_t(std::floor(wt * 65536 + 0.5));
                    const long sx = x + dx, sy = y + dy;
                    const bool inside = sx >= 0 && sy >= 0 && sx < long(cols) &&
                                        sy < long(rows);
                    const int g =
                        inside ? in[size_t(sy) * cols + size_t(sx)] : 0;
                    best = std::max(best, a * uint64_t(erode ? 255 - g : g));
                }
            }
            const auto m = uint8_t((best + 32768) >> 16);
            out[size_t(y) * cols + size_t(x)] = erode ? uint8_t(255 - m) : m;
        }
    }
    return out;
}

std::vector<uint8_t> reference_thickness(const std::vector<uint8_t> &in,
                                         size_t rows, size_t cols, double t) {
    if (t > 0) return reference_morph(in, rows, cols, t, false);
    const uint64_t before = std::accumulate(in.begin(), in.end(), uint64_t{0});
    double r = -t;
    for (int attempt = 0; attempt <= 4 && r > 0; ++attempt, r /= 2) {
        std::vector<uint8_t> out = reference_morph(in, rows, cols, r, true);
        if (std::accumulate(out.begin(), out.end(), uint64_t{0}) * 4 >=
            before) {
            return out;
        }
    }
    return in;
}

// Random glyphs: strokes of random ink in a random part of the cell, or
// scattered pixels, or nothing.
std::vector<uint8_t> random_glyph(mseq::Stream &rng, size_t rows, size_t cols) {
    std::vector<uint8_t> g(rows * cols, 0);
    const uint64_t kind = rng.uniform(8);
    if (kind == 0) return g;
    if (kind == 1) {
        for (uint8_t &v : g) v = rng.uniform(4) == 0 ? uint8_t(rng.next()) : 0;
        return g;
    }
    const size_t x0 = rng.uniform(cols), y0 = rng.uniform(rows);
    const size_t x1 = x0 + 1 + rng.uniform(cols - x0);
    const size_t y1 = y0 + 1 + rng.uniform(rows - y0);
    for (uint64_t k = rng.uniform(40); k > 0; --k) {
        const size_t x = x0 + rng.uniform(x1 - x0),
                     y = y0 + rng.uniform(y1 - y0);
        g[y * cols + x] = kind == 2 ? 255 : uint8_t(1 + rng.uniform(255));
    }
    return g;
}

double symmetric(mseq::Stream &rng, double v) {
    return v * (2 * rng.uniform_double() - 1);
}

// An affine warp drawn uniformly within the half-widths given (degrees,
// a scale factor's, pixels), each axis scaled on its own.
mseq::DigitWarp random_warp(mseq::Stream &rng, double angle, double shear,
                            double scale, double shift) {
    mseq::DigitWarp w;
    w.angle = symmetric(rng, angle);
    w.shear = symmetric(rng, shear);
    w.scale_x = 1 + symmetric(rng, scale);
    w.scale_y = 1 + symmetric(rng, scale);
    w.shift_y = symmetric(rng, shift);
    return w;
}

TEST(DigitWarp, AffineMatchesTheDocumentedFormula) {
    // Thousands of random warps, glyphs and shapes (square, odd, wide and
    // tall cells), with and without an elastic field, through both kernels.
    mseq::Stream rng(11, 0, mseq::Purpose::sequence);
    const size_t shapes[][2] = {{28, 28}, {20, 33}, {31, 9}, {1, 40}, {45, 2}};
    size_t differing = 0, compared = 0;
    for (int n = 0; n < 4000; ++n) {
        const size_t rows = shapes[n % 5][0], cols = shapes[n % 5][1];
        const std::vector<uint8_t> in = random_glyph(rng, rows, cols);
        mseq::DigitWarp w;
        const double big = n % 3 == 0 ? 1.0 : 0.2;
        w.angle = symmetric(rng, 180 * big);
        w.shear = symmetric(rng, 60 * big);
        w.scale_x = 1 + symmetric(rng, 0.9 * big);
        w.scale_y = 1 + symmetric(rng, 0.9 * big);
        w.shift_y = symmetric(rng, n % 2 == 0 ? 3.0 : double(rows));
        if (n % 7 == 0) w.angle = double(int(w.angle));  // whole degrees
        std::vector<float> field;
        if (n % 4 == 0) {
            field.resize(2 * rows * cols);
            const double alpha = n % 8 == 0 ? 0.5 : 6.0;
            for (float &v : field) v = float(symmetric(rng, alpha));
            w.elastic = field.data();
        }
        const std::vector<uint8_t> want = reference_affine(in, rows, cols, w);
        for (bool avx2 : {true, false}) {
            mseq::allow_avx2_resampling(avx2);
            std::vector<uint8_t> got(rows * cols, 77);
            mseq::affine_glyph(in.data(), rows, cols, w, got.data());
            ++compared;
            if (got != want) ++differing;
        }
    }
    mseq::allow_avx2_resampling(true);
    EXPECT_EQ(differing, 0u) << "of " << compared;
}

TEST(DigitWarp, ThicknessMatchesTheDocumentedFormula) {
    mseq::Stream rng(12, 0, mseq::Purpose::sequence);
    const size_t shapes[][2] = {{28, 28}, {20, 33}, {31, 9}, {1, 12}, {9, 1}};
    for (int n = 0; n < 1500; ++n) {
        const size_t rows = shapes[n % 5][0], cols = shapes[n % 5][1];
        const std::vector<uint8_t> in = random_glyph(rng, rows, cols);
        const double t = symmetric(rng, n % 3 == 0 ? 4.0 : 1.0);
        const std::vector<uint8_t> want =
            reference_thickness(in, rows, cols, t);
        for (bool avx2 : {true, false}) {
            mseq::allow_avx2_resampling(avx2);
            std::vector<uint8_t> got(rows * cols, 77);
            mseq::change_thickness(in.data(), rows, cols, t, got.data());
            ASSERT_EQ(got, want)
                << "glyph " << n << ", t " << t << ", avx2 " << avx2;
        }
    }
    mseq::allow_avx2_resampling(true);
}

TEST(DigitWarp, WarpIsThicknessThenTheAffineMap) {
    // warp_glyph() carries the ink box from one step to the next: the same
    // bytes as the two steps apart.
    mseq::Stream rng(13, 0, mseq::Purpose::sequence);
    std::vector<uint8_t> scratch;
    for (int n = 0; n < 1000; ++n) {
        const std::vector<uint8_t> in = random_glyph(rng, kSide, kSide);
        mseq::DigitWarp w = random_warp(rng, 20, 20, 0.2, 3);
        w.thickness = symmetric(rng, n % 2 == 0 ? 1.0 : 3.0);
        Glyph thick = blank(), want = blank(), got = blank();
        mseq::change_thickness(in.data(), kSide, kSide, w.thickness,
                               thick.data());
        mseq::DigitWarp affine = w;
        affine.thickness = 0;
        mseq::affine_glyph(thick.data(), kSide, kSide, affine, want.data());
        // A map that moves all the ink out leaves the thickened glyph.
        if (total(want) == 0) want = thick;
        mseq::warp_glyph(in.data(), kSide, kSide, w, scratch, got.data());
        ASSERT_EQ(got, want) << n;
    }
}

TEST(DigitWarp, AGlyphByItsBoxWarpsAsTheWholeGlyph) {
    // Tight boxes (as the glyph store's), boxes with blank margins, blank
    // glyphs; every module, thickness both ways, elastic fields.
    mseq::Stream rng(14, 0, mseq::Purpose::sequence);
    std::vector<uint8_t> scratch;
    for (int n = 0; n < 1500; ++n) {
        const std::vector<uint8_t> in = random_glyph(rng, kSide, kSide);
        size_t x0 = kSide, x1 = 0, y0 = kSide, y1 = 0;
        for (size_t y = 0; y < kSide; ++y) {
            for (size_t x = 0; x < kSide; ++x) {
                if (in[y * kSide + x] == 0) continue;
                x0 = std::min(x0, x), x1 = std::max(x1, x + 1);
                y0 = std::min(y0, y), y1 = std::max(y1, y + 1);
            }
        }
        if (x1 == 0) x0 = x1 = y0 = y1 = 0;  // blank: an empty box
        if (n % 3 == 1 && x1 != 0) {         // a margin of blank pixels
            x0 = x0 > 0 ? x0 - 1 : x0, y1 = std::min<size_t>(kSide, y1 + 2);
        }
        std::vector<uint8_t> box;
        for (size_t y = y0; y < y1; ++y) {
            box.insert(box.end(), in.begin() + long(y * kSide + x0),
                       in.begin() + long(y * kSide + x1));
        }
        mseq::GlyphBox g;
        g.ink = box.data();
        g.left = x0, g.top = y0, g.width = x1 - x0, g.height = y1 - y0;
        mseq::DigitWarp w = random_warp(rng, 30, 20, 0.3, 4);
        w.thickness = n % 4 == 3 ? 0.0 : symmetric(rng, 2.0);
        std::vector<float> field;
        if (n % 5 == 0) {
            field.resize(2 * kSide * kSide);
            for (float &v : field) v = float(symmetric(rng, 3));
            w.elastic = field.data();
        }
        if (n % 7 == 0) w = mseq::DigitWarp{};  // the identity
        Glyph want = blank(), got(kSide * kSide, 77);
        mseq::warp_glyph(in.data(), kSide, kSide, w, scratch, want.data());
        mseq::warp_glyph_box(g, kSide, kSide, w, scratch, got.data());
        ASSERT_EQ(got, want) << n;
    }
}

TEST(DigitWarp, AWarpThatMovesAllTheInkOutLeavesTheThickenedGlyph) {
    // A dot near the bottom, moved down out of the cell, by a shift alone,
    // with a turn, with an elastic field: the glyph is drawn with its
    // thickness change alone, never erased. A shift that keeps part of the
    // ink in the cell keeps that part only.
    Glyph dot = blank();
    at(dot, 12, 25) = 200;
    at(dot, 13, 25) = 255;
    at(dot, 13, 26) = 120;
    const std::vector<float> down = constant_field(0, -6);
    std::vector<uint8_t> scratch;
    for (int kind = 0; kind < 3; ++kind) {
        for (double t : {0.0, 1.0, -0.5}) {
            SCOPED_TRACE(std::to_string(kind) + " " + std::to_string(t));
            mseq::DigitWarp w;
            w.shift_y = 6;
            w.thickness = t;
            if (kind == 1) w.angle = 5;
            if (kind == 2) w.elastic = down.data();
            mseq::DigitWarp map = w;
            map.thickness = 0;
            const Glyph thick = thickness(dot, t);
            ASSERT_GT(total(thick), 0u);
            EXPECT_EQ(total(affine(thick, map)), 0u);
            Glyph got = blank();
            mseq::warp_glyph(dot.data(), kSide, kSide, w, scratch, got.data());
            EXPECT_EQ(got, thick);
        }
    }
    mseq::DigitWarp half;
    half.shift_y = 2;  // row 26 moves out, row 25 stays
    Glyph got = blank();
    mseq::warp_glyph(dot.data(), kSide, kSide, half, scratch, got.data());
    EXPECT_EQ(got, affine(dot, half));
    EXPECT_EQ(total(got), 455u);
}

}  // namespace
