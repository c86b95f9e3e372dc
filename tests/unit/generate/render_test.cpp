// Rendering (render.hpp): pixel values in both formats and polarities,
// unscaled compositing checked pixel by pixel against a direct reference,
// and the area-averaging downscale against a brute-force reference.
#include "generate/render.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "generate/layout.hpp"
#include "generate/params.hpp"
#include "input/source_data.hpp"

namespace {

using mseq::Layout;

// Ink of glyph i at (y, x): varied, and covering 0 and 255.
uint8_t pattern(uint32_t i, uint32_t y, uint32_t x) {
    return uint8_t((i * 37 + y * 11 + x * 5 + 3) % 256);
}

// A data set with `per_class` glyphs of every digit, rows x cols, whose ink
// is pattern() or, when constant >= 0, that constant.
mseq::SourceData make_dataset(uint32_t rows, uint32_t cols, int per_class = 2,
                              int constant = -1) {
    mseq::SourceData ds;
    ds.rows = rows;
    ds.cols = cols;
    for (int k = 0; k < per_class; ++k) {
        for (uint8_t d = 0; d < 10; ++d) ds.labels.push_back(d);
    }
    for (uint32_t i = 0; i < ds.labels.size(); ++i) {
        ds.by_class[ds.labels[i]].push_back(i);
        for (uint32_t y = 0; y < rows; ++y) {
            for (uint32_t x = 0; x < cols; ++x) {
                ds.pixels.push_back(constant >= 0 ? uint8_t(constant)
                                                  : pattern(i, y, x));
            }
        }
    }
    return ds;
}

mseq::Params params(int64_t width, int64_t lo, int64_t hi,
                    mseq_align align = MSEQ_ALIGN_CENTER) {
    mseq::Params p;
    p.width = width;
    p.min_spacing = lo;
    p.max_spacing = hi;
    p.align = align;
    p.seed = 5;
    return p;
}

// The specified float value of unscaled ink g (render.hpp).
float spec_f32(uint8_t g, bool invert) {
    return float(invert ? g : 255 - g) * (1.0f / 255.0f);
}

// The ink of the strip (glyph cells and gaps) at strip column sx, row sy:
// the largest ink of the cells covering it (cells overlap when gaps are
// negative), 0 in a gap.
uint8_t strip_ink(const mseq::SourceData &ds, const Layout &l, int64_t sx,
                  int64_t sy) {
    uint8_t ink = 0;
    for (size_t j = 0; j < l.count; ++j) {
        if (sx >= l.cell_x[j] && sx < l.cell_x[j] + l.cols) {
            ink = std::max(
                ink, ds.glyph(l.glyph[j])[sy * l.cols + (sx - l.cell_x[j])]);
        }
    }
    return ink;
}

// Reference: the float image of an unscaled layout, pixel by pixel.
std::vector<float> reference_unscaled(const mseq::SourceData &ds,
                                      const Layout &l, bool invert) {
    std::vector<float> img(size_t(l.rows * l.width), invert ? 0.0f : 1.0f);
    for (int64_t y = 0; y < l.rows; ++y) {
        for (int64_t x = l.offset; x < l.offset + l.strip; ++x) {
            img[size_t(y * l.width + x)] =
                spec_f32(strip_ink(ds, l, x - l.offset, y), invert);
        }
    }
    return img;
}

// Reference: the area average of the strip over each output pixel's source
// rectangle, by summing the exact overlap of every source pixel.
std::vector<double> reference_area(const mseq::SourceData &ds,
                                   const Layout &l) {
    const int64_t W = l.width, S = l.strip, R = l.rows, h = l.height;
    std::vector<double> avg(size_t(R * W), -1.0);
    for (int64_t oy = 0; oy < h; ++oy) {
        for (int64_t x = 0; x < W; ++x) {
            int64_t sum = 0;
            for (int64_t sy = 0; sy < R; ++sy) {
                // Overlap in units of 1/h: [sy*h, sy*h+h) with [oy*R, oy*R+R).
                const int64_t wy =
                    std::max<int64_t>(0, std::min(sy * h + h, oy * R + R) -
                                             std::max(sy * h, oy * R));
                if (wy == 0) continue;
                for (int64_t sx = 0; sx < S; ++sx) {
                    const int64_t wx =
                        std::max<int64_t>(0, std::min(sx * W + W, x * S + S) -
                                                 std::max(sx * W, x * S));
                    sum += wx * wy * strip_ink(ds, l, sx, sy);
                }
            }
            avg[size_t((l.y0 + oy) * W + x)] = double(sum) / double(S * R);
        }
    }
    return avg;
}

std::vector<float> render_f32(const mseq::SourceData &ds, const Layout &l,
                              bool invert) {
    std::vector<float> img(size_t(l.rows * l.width), -7.0f);
    mseq::render(ds, l, MSEQ_FORMAT_F32, invert, img.data());
    return img;
}

std::vector<uint8_t> render_u8(const mseq::SourceData &ds, const Layout &l,
                               bool invert) {
    std::vector<uint8_t> img(size_t(l.rows * l.width), 77);
    mseq::render(ds, l, MSEQ_FORMAT_U8, invert, img.data());
    return img;
}

// ---------------------------------------------------------------------------
// Pixel values

TEST(Render, FloatValuesOfInkEnds) {
    EXPECT_EQ(mseq::ink_to_f32(0, false), 1.0f);
    EXPECT_EQ(mseq::ink_to_f32(255, false), 0.0f);
    EXPECT_EQ(mseq::ink_to_f32(0, true), 0.0f);
    EXPECT_EQ(mseq::ink_to_f32(255, true), 1.0f);
    for (int g = 0; g < 256; ++g) {
        const float v = mseq::ink_to_f32(uint8_t(g), false);
        EXPECT_NEAR(v, (255.0 - g) / 255.0, 1e-7) << g;
        EXPECT_EQ(mseq::ink_to_f32(uint8_t(g), true),
                  mseq::ink_to_f32(uint8_t(255 - g), false));
    }
}

TEST(Render, ByteValueOfUnscaledInkIsExact) {
    // floor(value * 255 + 0.5) of the float value gives back 255 - g (g).
    for (int g = 0; g < 256; ++g) {
        EXPECT_EQ(mseq::f32_to_u8(mseq::ink_to_f32(uint8_t(g), false)),
                  255 - g);
        EXPECT_EQ(mseq::f32_to_u8(mseq::ink_to_f32(uint8_t(g), true)), g);
    }
    EXPECT_EQ(mseq::f32_to_u8(0.5f), 128);    // 127.5 rounds up
    EXPECT_EQ(mseq::f32_to_u8(0.498f), 127);  // 126.99
}

TEST(Render, RowKernelsMatchTheFormulaAtEveryLengthAndAlignment) {
    std::vector<uint8_t> ink(300);
    for (size_t i = 0; i < ink.size(); ++i) ink[i] = uint8_t(i * 7 + 1);
    for (bool invert : {false, true}) {
        for (size_t n : {0, 1, 7, 8, 9, 15, 16, 17, 28, 31, 33, 160, 257}) {
            for (size_t shift = 0; shift < 8; ++shift) {
                std::vector<float> fast(n + 16, -1.0f), portable(n + 16, -1.0f);
                mseq::ink_row_f32(ink.data() + shift, n, invert,
                                  fast.data() + shift);
                mseq::ink_row_f32_portable(ink.data() + shift, n, invert,
                                           portable.data() + shift);
                for (size_t i = 0; i < n + 16; ++i) {
                    const bool in = i >= shift && i < shift + n;
                    const float want = in ? spec_f32(ink[i], invert) : -1.0f;
                    ASSERT_EQ(std::memcmp(&fast[i], &want, 4), 0)
                        << "n " << n << " shift " << shift << " i " << i;
                    ASSERT_EQ(std::memcmp(&portable[i], &want, 4), 0)
                        << "n " << n << " shift " << shift << " i " << i;
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Unscaled

void expect_unscaled_matches(const mseq::SourceData &ds, const mseq::Params &p,
                             const std::vector<int> &digits, uint64_t index) {
    const Layout l =
        mseq::plan_layout(ds, p, digits.data(), digits.size(), index);
    ASSERT_FALSE(l.scaled);
    for (bool invert : {false, true}) {
        const std::vector<float> want = reference_unscaled(ds, l, invert);
        const std::vector<float> f32 = render_f32(ds, l, invert);
        const std::vector<uint8_t> u8 = render_u8(ds, l, invert);
        for (size_t i = 0; i < want.size(); ++i) {
            ASSERT_EQ(f32[i], want[i])
                << "pixel " << i << " (row " << i / size_t(l.width)
                << ", column " << i % size_t(l.width) << "), invert " << invert
                << ", width " << l.width;
            ASSERT_EQ(u8[i], mseq::f32_to_u8(want[i])) << "pixel " << i;
        }
    }
}

TEST(Render, UnscaledSmallGlyphsEveryAlignment) {
    const mseq::SourceData ds = make_dataset(3, 5);
    for (mseq_align a : {MSEQ_ALIGN_CENTER, MSEQ_ALIGN_LEFT, MSEQ_ALIGN_RIGHT,
                         MSEQ_ALIGN_RANDOM}) {
        for (uint64_t index = 0; index < 4; ++index) {
            expect_unscaled_matches(ds, params(41, 0, 4, a), {3, 1, 4, 1, 5},
                                    index);
        }
    }
}

TEST(Render, UnscaledMnistSizedGlyphs) {
    const mseq::SourceData ds = make_dataset(28, 28);
    expect_unscaled_matches(ds, params(160, 0, 5), {3, 1, 4, 1, 5}, 0);
    expect_unscaled_matches(ds, params(200, 2, 8), {3, 5, 0}, 1);
    expect_unscaled_matches(ds, params(28, 0, 0), {7}, 2);
    expect_unscaled_matches(ds, params(201, 0, 0, MSEQ_ALIGN_RIGHT),
                            {8, 6, 7, 5, 3, 0, 9}, 3);
}

TEST(Render, UnscaledTinyAndOddSizes) {
    expect_unscaled_matches(make_dataset(1, 1), params(3, 0, 0), {2}, 0);
    expect_unscaled_matches(make_dataset(2, 1), params(9, 1, 1), {2, 3, 4}, 0);
    expect_unscaled_matches(make_dataset(5, 9), params(45, 0, 9), {0, 0, 0}, 6);
}

TEST(Render, UnscaledWideImageBeyondTheStackCanvas) {
    const mseq::SourceData ds = make_dataset(4, 6);
    expect_unscaled_matches(ds, params(9001, 100, 2900), {1, 2, 3, 4}, 0);
    expect_unscaled_matches(ds, params(65536, 0, 0, MSEQ_ALIGN_RIGHT), {9}, 0);
}

// ---------------------------------------------------------------------------
// Scaled

TEST(Render, ScaledConstantGlyphsWithoutGapsAverageToTheConstant) {
    // Every strip pixel has ink 204: every average is 204, whatever the
    // coverage. S = 4 * 6 = 24, W = 10: h = round(6 * 10 / 24) = 3, y0 = 1.
    const mseq::SourceData ds = make_dataset(6, 6, 1, 204);
    const int digits[] = {1, 2, 3, 4};
    const Layout l = mseq::plan_layout(ds, params(10, 0, 0), digits, 4, 0);
    ASSERT_TRUE(l.scaled);
    ASSERT_EQ(l.height, 3);
    ASSERT_EQ(l.y0, 1);
    const std::vector<float> f32 = render_f32(ds, l, false);
    const std::vector<float> inv = render_f32(ds, l, true);
    const std::vector<uint8_t> u8 = render_u8(ds, l, false);
    for (int64_t y = 0; y < 6; ++y) {
        const bool strip = y >= 1 && y < 4;
        for (int64_t x = 0; x < 10; ++x) {
            const size_t i = size_t(y * 10 + x);
            EXPECT_EQ(f32[i], strip ? float(1.0 - 204.0 / 255.0) : 1.0f);
            EXPECT_EQ(inv[i], strip ? float(204.0 / 255.0) : 0.0f);
            EXPECT_EQ(u8[i], strip ? 51 : 255);
        }
    }
}

TEST(Render, ScaledFractionalCoverageByHand) {
    // Glyphs 2 x 2 of constant ink a = 150 and b = 90, gap 2: S = 6, W = 4,
    // h = round(2 * 4 / 6) = 1, y0 = 0. Column x covers [1.5x, 1.5x + 1.5)
    // of the strip a a 0 0 b b: averages a, a/3, b/3, b.
    mseq::SourceData ds;
    ds.rows = 2;
    ds.cols = 2;
    ds.labels = {0, 1};
    ds.by_class[0] = {0};
    ds.by_class[1] = {1};
    ds.pixels = {150, 150, 150, 150, 90, 90, 90, 90};
    const int digits[] = {0, 1};
    const Layout l = mseq::plan_layout(ds, params(4, 2, 2), digits, 2, 0);
    ASSERT_TRUE(l.scaled);
    ASSERT_EQ(l.height, 1);
    ASSERT_EQ(l.y0, 0);
    const std::vector<float> f32 = render_f32(ds, l, false);
    const double avg[] = {150.0, 50.0, 30.0, 90.0};
    for (size_t x = 0; x < 4; ++x) {
        EXPECT_EQ(f32[x], float(1.0 - avg[x] / 255.0)) << x;
        EXPECT_EQ(f32[4 + x], 1.0f) << x;
    }
    const std::vector<uint8_t> u8 = render_u8(ds, l, true);
    const uint8_t want_u8[] = {150, 50, 30, 90};
    for (size_t x = 0; x < 4; ++x) EXPECT_EQ(u8[x], want_u8[x]) << x;
}

void expect_scaled_matches(const mseq::SourceData &ds, const mseq::Params &p,
                           const std::vector<int> &digits, uint64_t index) {
    const Layout l =
        mseq::plan_layout(ds, p, digits.data(), digits.size(), index);
    ASSERT_TRUE(l.scaled);
    const std::vector<double> avg = reference_area(ds, l);
    for (bool invert : {false, true}) {
        const std::vector<float> f32 = render_f32(ds, l, invert);
        const std::vector<uint8_t> u8 = render_u8(ds, l, invert);
        for (size_t i = 0; i < avg.size(); ++i) {
            const float bg = invert ? 0.0f : 1.0f;
            const float want =
                avg[i] < 0.0
                    ? bg
                    : float(invert ? avg[i] / 255.0 : 1.0 - avg[i] / 255.0);
            ASSERT_EQ(f32[i], want) << "pixel " << i << " invert " << invert;
            ASSERT_EQ(u8[i], uint8_t(std::floor(double(want) * 255.0 + 0.5)))
                << "pixel " << i;
        }
    }
}

TEST(Render, ScaledMatchesBruteForceAreaAverage) {
    const mseq::SourceData small = make_dataset(5, 7);
    expect_scaled_matches(small, params(13, 0, 6), {3, 1, 4, 1, 5}, 0);
    expect_scaled_matches(small, params(30, 1, 3), {9, 8, 7, 6, 5}, 1);
    expect_scaled_matches(small, params(1, 0, 0), {2, 2}, 2);
    const mseq::SourceData mnist_sized = make_dataset(28, 28);
    expect_scaled_matches(mnist_sized, params(100, 2, 8), {0, 1, 2, 3, 4, 5},
                          3);
}

// ---------------------------------------------------------------------------
// Overlapping digits (negative gaps): inks composited by maximum

// True when some cell of the layout starts inside the previous one.
bool overlaps(const Layout &l) {
    for (size_t j = 1; j < l.count; ++j) {
        if (l.cell_x[j] < l.cell_x[j - 1] + l.cols) return true;
    }
    return false;
}

// render() and render_portable() give the same bits, in both formats and
// polarities.
void expect_portable_agrees(const mseq::SourceData &ds, const Layout &l) {
    for (bool invert : {false, true}) {
        for (mseq_format f : {MSEQ_FORMAT_F32, MSEQ_FORMAT_U8}) {
            const size_t bytes =
                size_t(l.rows * l.width) * mseq::pixel_bytes(f);
            std::vector<float> fast(bytes / 4 + 1, -5.0f),
                portable(bytes / 4 + 1, -6.0f);
            mseq::render(ds, l, f, invert, fast.data());
            mseq::render_portable(ds, l, f, invert, portable.data());
            ASSERT_EQ(std::memcmp(fast.data(), portable.data(), bytes), 0)
                << "format " << f << " invert " << invert;
        }
    }
}

TEST(Render, OverlappingDigitsUnscaledTakeTheLargestInk) {
    const mseq::SourceData small = make_dataset(5, 7);
    const mseq::SourceData mnist_sized = make_dataset(28, 28);
    int overlapping = 0;
    for (uint64_t index = 0; index < 20; ++index) {
        for (mseq_align a : {MSEQ_ALIGN_CENTER, MSEQ_ALIGN_LEFT,
                             MSEQ_ALIGN_RIGHT, MSEQ_ALIGN_RANDOM}) {
            const std::vector<int> digits = {3, 1, 4, 1, 5};
            const mseq::Params p = params(40, -6, 1, a);
            expect_unscaled_matches(small, p, digits, index);
            const Layout l =
                mseq::plan_layout(small, p, digits.data(), 5, index);
            overlapping += overlaps(l);
            expect_portable_agrees(small, l);
        }
        const std::vector<int> digits = {0, 8, 8, 0};
        const mseq::Params p = params(120, -27, -10);
        expect_unscaled_matches(mnist_sized, p, digits, index);
        const Layout l =
            mseq::plan_layout(mnist_sized, p, digits.data(), 4, index);
        EXPECT_TRUE(overlaps(l));
        expect_portable_agrees(mnist_sized, l);
        if (HasFatalFailure()) return;
    }
    EXPECT_GT(overlapping, 40);  // most of the small layouts overlap
}

TEST(Render, OverlappingDigitsScaledAverageTheLargestInk) {
    const mseq::SourceData small = make_dataset(5, 7);
    const mseq::SourceData mnist_sized = make_dataset(28, 28);
    for (uint64_t index = 0; index < 10; ++index) {
        const std::vector<int> digits = {9, 8, 7, 6, 5};
        expect_scaled_matches(small, params(8, -6, -1), digits, index);
        expect_portable_agrees(
            small, mseq::plan_layout(small, params(8, -6, -1), digits.data(), 5,
                                     index));
        const std::vector<int> six = {0, 1, 2, 3, 4, 5};
        expect_scaled_matches(mnist_sized, params(50, -20, -4), six, index);
        expect_portable_agrees(
            mnist_sized, mseq::plan_layout(mnist_sized, params(50, -20, -4),
                                           six.data(), 6, index));
        if (HasFatalFailure()) return;
    }
}

TEST(Render, GapOfOneColumnLessThanAGlyphStacksTheDigits) {
    // Gaps of 1 - cols: every cell starts one column right of the previous.
    const mseq::SourceData ds = make_dataset(5, 7);
    const std::vector<int> digits = {1, 2, 3};
    const mseq::Params p = params(20, -6, -6);
    const Layout l = mseq::plan_layout(ds, p, digits.data(), 3, 0);
    EXPECT_EQ(l.strip, 7 + 2);
    EXPECT_EQ(l.cell_x[1], 1);
    EXPECT_EQ(l.cell_x[2], 2);
    expect_unscaled_matches(ds, p, digits, 0);
}

}  // namespace
