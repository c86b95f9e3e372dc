// Ink boxes and instance masks (annotate.hpp) over thousands of random
// images: every module on or off, overlapping digits, scaled and unscaled
// strips, both pixel formats, plain and inverted, a level, sloping or
// waving baseline. Boxes are checked against the warped glyphs themselves
// where the strip is not scaled, and against the image and the mask
// everywhere.
#include "generate/annotate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "generate/augment.hpp"
#include "generate/generator.hpp"
#include "generate/layout.hpp"
#include "generate/params.hpp"
#include "generate/rng.hpp"
#include "input/source_data.hpp"
#include "mnist_split.hpp"

namespace {

constexpr auto mnist = &mseq_test::mnist_train;

struct Sample {
    mseq::Params params;
    std::vector<int> digits;
    uint64_t index = 0;
};

// A random job: 1-8 digits, gaps from -12 to 12, widths that scale or
// not, each module on or off, either format, sometimes inverted.
Sample random_sample(uint64_t k) {
    mseq::Stream s(2024, k, mseq::Purpose::glyph);
    Sample out;
    mseq::Params &p = out.params;
    const size_t n = size_t(s.uniform_range(1, 8));
    for (size_t j = 0; j < n; ++j) out.digits.push_back(int(s.uniform(10)));
    p.min_spacing = s.uniform_range(-12, 4);
    p.max_spacing = p.min_spacing + s.uniform_range(0, 8);
    p.width = s.uniform_range(20, 260);
    p.seed = s.next();
    p.format = s.uniform(2) ? MSEQ_FORMAT_U8 : MSEQ_FORMAT_F32;
    p.invert = s.uniform(4) == 0;
    p.align = s.uniform(2) ? MSEQ_ALIGN_RANDOM : MSEQ_ALIGN_CENTER;
    auto maybe = [&](double v) { return s.uniform(3) ? v : 0.0; };
    p.rotate = maybe(30 * s.uniform_double());
    p.shear = maybe(30 * s.uniform_double());
    p.digit_scale = maybe(0.3 * s.uniform_double());
    p.aspect = maybe(0.3 * s.uniform_double());
    p.shift_y = maybe(4 * s.uniform_double());
    p.thickness = maybe(2 * s.uniform_double());
    p.elastic_alpha = maybe(40 * s.uniform_double());
    p.elastic_sigma = 2 + 8 * s.uniform_double();
    out.index = s.next();
    // From k = 3000 on, the output geometry too (from its own stream, so
    // the jobs below 3000 stay those of earlier versions): a height that
    // pads or shrinks, margins, sometimes none.
    if (k >= 3000) {
        mseq::Stream g(2025, k, mseq::Purpose::gap);
        p.height = g.uniform(4) == 0 ? 0 : g.uniform_range(6, 72);
        const int64_t h = p.height != 0 ? p.height : 28;
        p.margin_x = g.uniform(3) == 0 ? 0 : g.uniform_range(0, p.width / 4);
        p.margin_y = g.uniform(3) == 0 ? 0 : g.uniform_range(0, h / 4);
    }
    // The baseline too, from its own stream (the jobs' other values stay
    // those of earlier versions): slope, wave, both or neither.
    mseq::Stream b(2026, k, mseq::Purpose::align);
    const uint64_t baseline = b.uniform(4);
    if (baseline & 1) p.baseline_slope = 8 * b.uniform_double();
    if (baseline & 2) {
        p.wave_amplitude = 6 * b.uniform_double();
        p.wave_period = 8 + 200 * b.uniform_double();
    }
    return out;
}

bool is_ink(const std::vector<uint8_t> &image, size_t i,
            const mseq::Params &p) {
    if (p.format == MSEQ_FORMAT_U8) {
        return image[i] != (p.invert ? 0 : 255);
    }
    float v = 0;
    std::memcpy(&v, image.data() + i * 4, 4);
    return v != (p.invert ? 0.0f : 1.0f);
}

TEST(Annotate, BoxesContainTheirInkTightlyAndMasksAgree) {
    size_t scaled = 0, overlapping = 0, augmented = 0, framed = 0, baseline = 0;
    for (uint64_t k = 0; k < 5000; ++k) {
        const Sample sm = random_sample(k);
        const mseq::Params &p = sm.params;
        const size_t n = sm.digits.size();
        uint32_t image_rows = 0, image_cols = 0;
        mseq::image_shape(mnist(), p, image_rows, image_cols);
        const size_t w = size_t(p.width), rows = image_rows;
        ASSERT_EQ(image_cols, w);
        ASSERT_EQ(rows, p.height != 0 ? size_t(p.height) : mnist().rows);
        std::vector<uint8_t> image(mseq::image_bytes(mnist(), p));
        std::vector<uint16_t> mask(rows * w, 0xffff);
        std::vector<mseq_ink_box> boxes(n);
        std::vector<mseq_placement> cells(n);
        mseq::Annotation ann;
        ann.mask = mask.data();
        ann.boxes = boxes.data();
        mseq::generate_one(mnist(), p, sm.digits.data(), n, sm.index,
                           image.data(), image.size(), cells.data(), nullptr,
                           &ann);
        // The same bytes as without labels.
        std::vector<uint8_t> plain(image.size());
        mseq::generate_one(mnist(), p, sm.digits.data(), n, sm.index,
                           plain.data(), plain.size(), nullptr, nullptr);
        ASSERT_EQ(image, plain) << k;
        // Mask: ink pixels only, each inside its digit's box; every ink
        // pixel belongs to some digit.
        for (size_t y = 0; y < rows; ++y) {
            for (size_t x = 0; x < w; ++x) {
                const size_t i = y * w + x;
                const uint16_t m = mask[i];
                ASSERT_LE(m, n) << k;
                ASSERT_EQ(m != 0, is_ink(image, i, p))
                    << k << " " << x << "," << y;
                if (m == 0) continue;
                const mseq_ink_box &b = boxes[m - 1];
                ASSERT_TRUE(int32_t(x) >= b.x_begin && int32_t(x) < b.x_end &&
                            int32_t(y) >= b.y_begin && int32_t(y) < b.y_end)
                    << k;
            }
        }
        // Boxes: each edge touches an ink pixel, and lies within reach of
        // the digit's cell (one pixel of rounding when scaled).
        for (size_t j = 0; j < n; ++j) {
            const mseq_ink_box &b = boxes[j];
            if (b.x_end == 0) continue;
            ASSERT_LT(b.x_begin, b.x_end);
            ASSERT_LT(b.y_begin, b.y_end);
            bool left = false, right = false, top = false, bottom = false;
            for (int32_t y = b.y_begin; y < b.y_end; ++y) {
                for (int32_t x = b.x_begin; x < b.x_end; ++x) {
                    if (!is_ink(image, size_t(y) * w + size_t(x), p)) continue;
                    left |= x == b.x_begin;
                    right |= x == b.x_end - 1;
                    top |= y == b.y_begin;
                    bottom |= y == b.y_end - 1;
                }
            }
            ASSERT_TRUE(left && right && top && bottom) << k << " digit " << j;
            ASSERT_GE(b.x_begin, cells[j].x_begin - 1) << k;
            ASSERT_LE(b.x_end, cells[j].x_end + 1) << k;
            ASSERT_GE(b.y_begin, cells[j].y_begin) << k;
            ASSERT_LE(b.y_end, cells[j].y_end) << k;
        }
        // Unscaled: the box is exactly that of the digit's own (warped)
        // ink in its cell, computed here from the glyph.
        const mseq::Layout layout =
            mseq::plan_layout(mnist(), p, sm.digits.data(), n, sm.index);
        overlapping += layout.count > 1 && p.min_spacing < 0;
        framed += !mseq::frame_is_image(layout);
        // The margins stay background.
        for (size_t y = 0; y < rows; ++y) {
            for (size_t x = 0; x < w; ++x) {
                if (int64_t(y) >= p.margin_y &&
                    int64_t(y) < int64_t(rows) - p.margin_y &&
                    int64_t(x) >= p.margin_x &&
                    int64_t(x) < int64_t(w) - p.margin_x) {
                    continue;
                }
                ASSERT_FALSE(is_ink(image, y * w + x, p)) << k;
            }
        }
        augmented += mseq::augmentation_on(p);
        baseline += mseq::baseline_on(p);
        if (layout.scaled) {
            ++scaled;
            continue;
        }
        mseq::WarpedDigits warped;
        mseq::warp_digits(mnist(), p, sm.index, layout, warped);
        const size_t side = mnist().cols;
        const int32_t dy = int32_t(layout.frame_y);
        for (size_t j = 0; j < n; ++j) {
            const uint8_t *g = warped.ds.glyph(uint32_t(j));
            int32_t x0 = 1 << 30, x1 = -1, y0 = 1 << 30, y1 = -1;
            for (size_t y = 0; y < mnist().rows; ++y) {
                for (size_t x = 0; x < side; ++x) {
                    if (g[y * side + x] == 0) continue;
                    x0 = std::min(x0, int32_t(x));
                    x1 = std::max(x1, int32_t(x));
                    y0 = std::min(y0, int32_t(y));
                    y1 = std::max(y1, int32_t(y));
                }
            }
            const int32_t dx =
                int32_t(layout.frame_x + layout.offset + layout.cell_x[j]);
            if (x1 < 0) {
                EXPECT_EQ(boxes[j].x_end, 0) << k;
                continue;
            }
            EXPECT_EQ(boxes[j].x_begin, x0 + dx) << k << " digit " << j;
            EXPECT_EQ(boxes[j].x_end, x1 + 1 + dx) << k;
            EXPECT_EQ(boxes[j].y_begin, y0 + dy) << k;
            EXPECT_EQ(boxes[j].y_end, y1 + 1 + dy) << k;
        }
    }
    // The random jobs covered every case.
    EXPECT_GT(scaled, 300u);
    EXPECT_GT(overlapping, 300u);
    EXPECT_GT(augmented, 2000u);
    EXPECT_GT(framed, 1000u);
    EXPECT_GT(baseline, 3000u);
}

}  // namespace
