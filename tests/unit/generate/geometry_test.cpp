// Output geometry (layout.hpp, generator.hpp): the image's height and
// margins. A taller image holds the default image's strip, moved by the
// frame, and background elsewhere; a shorter one holds the strip shrunk to
// its height, checked against an exact area average computed here; the
// margins stay background; placements move with the frame; bad values name
// their option. Over many random jobs, both formats, plain and inverted,
// with and without augmentation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "generate/generator.hpp"
#include "generate/layout.hpp"
#include "generate/params.hpp"
#include "generate/render.hpp"
#include "generate/rng.hpp"
#include "input/source_data.hpp"
#include "mnist_split.hpp"

namespace {

constexpr auto mnist = &mseq_test::mnist_train;

struct Job {
    mseq::Params params;
    std::vector<int> digits;
    uint64_t index = 0;
};

// A random job without geometry: 1-7 digits, gaps -6..10, widths that
// scale or not, augmentation sometimes.
Job random_job(uint64_t k) {
    mseq::Stream s(77, k, mseq::Purpose::glyph);
    Job out;
    mseq::Params &p = out.params;
    const size_t n = size_t(s.uniform_range(1, 7));
    for (size_t j = 0; j < n; ++j) out.digits.push_back(int(s.uniform(10)));
    p.min_spacing = s.uniform_range(-6, 4);
    p.max_spacing = p.min_spacing + s.uniform_range(0, 6);
    p.width = s.uniform_range(24, 240);
    p.seed = s.next();
    p.format = s.uniform(2) ? MSEQ_FORMAT_U8 : MSEQ_FORMAT_F32;
    p.invert = s.uniform(4) == 0;
    p.align = s.uniform(2) ? MSEQ_ALIGN_RANDOM : MSEQ_ALIGN_CENTER;
    if (s.uniform(3) == 0) {
        p.rotate = 15 * s.uniform_double();
        p.thickness = s.uniform_double();
    }
    out.index = s.next();
    return out;
}

struct Image {
    std::vector<uint8_t> bytes;
    std::vector<mseq_placement> cells;
    float scale = 0;
    uint32_t rows = 0, cols = 0;
};

Image make(const Job &job, const mseq::Params &p) {
    Image im;
    mseq::image_shape(mnist(), p, im.rows, im.cols);
    im.bytes.resize(mseq::image_bytes(mnist(), p));
    im.cells.resize(job.digits.size());
    mseq::generate_one(mnist(), p, job.digits.data(), job.digits.size(),
                       job.index, im.bytes.data(), im.bytes.size(),
                       im.cells.data(), &im.scale);
    return im;
}

// Pixel (x, y) of an image as bytes (4 for F32, 1 for U8).
std::string pixel(const Image &im, const mseq::Params &p, size_t x, size_t y) {
    const size_t px = p.format == MSEQ_FORMAT_U8 ? 1 : 4;
    const size_t at = (y * im.cols + x) * px;
    return std::string(reinterpret_cast<const char *>(im.bytes.data()) + at,
                       px);
}

std::string background(const mseq::Params &p) {
    if (p.format == MSEQ_FORMAT_U8) {
        return std::string(1, char(p.invert ? 0 : 255));
    }
    const float v = p.invert ? 0.0f : 1.0f;
    return std::string(reinterpret_cast<const char *>(&v), 4);
}

TEST(Geometry, HeightZeroAndTheGlyphRowsAreTheDefaultImage) {
    for (uint64_t k = 0; k < 300; ++k) {
        const Job job = random_job(k);
        mseq::Params p = job.params;
        const Image def = make(job, p);
        ASSERT_EQ(def.rows, mnist().rows);
        p.height = int64_t(mnist().rows);
        const Image same = make(job, p);
        ASSERT_EQ(same.bytes, def.bytes) << k;
        ASSERT_EQ(same.scale, def.scale) << k;
        for (size_t j = 0; j < job.digits.size(); ++j) {
            ASSERT_EQ(0, std::memcmp(&same.cells[j], &def.cells[j],
                                     sizeof(mseq_placement)));
        }
    }
}

// A taller image (and margins) whose inner width the strip fits, or is
// shrunk to by the width: the default image of the inner width, its strip
// rows moved to the frame, and background everywhere else.
TEST(Geometry, TallerImagesAndMarginsHoldTheDefaultStrip) {
    size_t scaled = 0, unscaled = 0;
    for (uint64_t k = 0; k < 1500; ++k) {
        const Job job = random_job(k);
        mseq::Stream g(78, k, mseq::Purpose::gap);
        mseq::Params p = job.params;
        p.margin_x = g.uniform(3) == 0 ? 0 : g.uniform_range(0, p.width / 3);
        p.margin_y = g.uniform(3) == 0 ? 0 : g.uniform_range(0, 12);
        p.height = g.uniform_range(28 + 2 * p.margin_y, 100);
        if (g.uniform(5) == 0 && p.margin_y == 0) p.height = 0;
        mseq::Params inner = job.params;
        inner.width = p.width - 2 * p.margin_x;
        const Image ref = make(job, inner);
        const Image im = make(job, p);
        const int64_t H = p.height != 0 ? p.height : 28;
        ASSERT_EQ(im.rows, uint32_t(H));
        ASSERT_EQ(im.cols, uint32_t(p.width));
        ASSERT_EQ(im.scale, ref.scale) << k;
        // The strip's rows in the reference: [top, bottom).
        const int64_t top = ref.cells[0].y_begin, bottom = ref.cells[0].y_end;
        const int64_t inner_rows = H - 2 * p.margin_y;
        const int64_t dy = p.margin_y + (inner_rows - (bottom - top)) / 2 - top;
        (ref.scale < 1.0f ? scaled : unscaled)++;
        for (size_t j = 0; j < job.digits.size(); ++j) {
            const mseq_placement &a = im.cells[j], &b = ref.cells[j];
            ASSERT_EQ(a.x_begin, b.x_begin + p.margin_x) << k;
            ASSERT_EQ(a.x_end, b.x_end + p.margin_x) << k;
            ASSERT_EQ(a.y_begin, b.y_begin + dy) << k;
            ASSERT_EQ(a.y_end, b.y_end + dy) << k;
            ASSERT_EQ(a.source_index, b.source_index);
            ASSERT_EQ(a.label, b.label);
        }
        const std::string bg = background(p);
        for (size_t y = 0; y < size_t(H); ++y) {
            for (size_t x = 0; x < size_t(p.width); ++x) {
                const int64_t ry = int64_t(y) - dy;
                const int64_t rx = int64_t(x) - p.margin_x;
                const bool inside =
                    ry >= top && ry < bottom && rx >= 0 && rx < inner.width;
                const std::string want =
                    inside ? pixel(ref, inner, size_t(rx), size_t(ry)) : bg;
                ASSERT_EQ(pixel(im, p, x, y), want)
                    << k << " at " << x << "," << y;
            }
        }
    }
    EXPECT_GT(scaled, 200u);
    EXPECT_GT(unscaled, 200u);
}

// A height below the glyph rows shrinks the strip to the inner rows: each
// pixel is the exact area average of the unscaled strip (the default image
// of a width equal to the strip, left-aligned) over its source rectangle.
TEST(Geometry, ShorterImagesShrinkTheStripByTheExactAreaAverage) {
    size_t checked = 0;
    for (uint64_t k = 0; k < 600; ++k) {
        Job job = random_job(k);
        mseq::Stream g(79, k, mseq::Purpose::gap);
        mseq::Params p = job.params;
        p.width = g.uniform_range(200, 400);  // wide: the height binds
        p.margin_y = g.uniform(2) ? 0 : g.uniform_range(0, 3);
        p.height = g.uniform_range(2 * p.margin_y + 1, 27);
        p.margin_x = g.uniform(2) ? 0 : g.uniform_range(0, 10);
        const mseq::Layout l = mseq::plan_layout(mnist(), p, job.digits.data(),
                                                 job.digits.size(), job.index);
        if (!l.height_bound) continue;
        ++checked;
        // The unscaled strip, as ink (0 none .. 255 full), from a U8
        // image exactly as wide, left-aligned.
        mseq::Params whole = job.params;
        whole.format = MSEQ_FORMAT_U8;
        whole.align = MSEQ_ALIGN_LEFT;
        whole.width = l.strip;
        const Image strip = make(job, whole);
        const int64_t S = l.strip, R = 28, h = l.height, w = l.width;
        ASSERT_EQ(h, p.height - 2 * p.margin_y);
        ASSERT_GE(w, 1);
        ASSERT_LE(w, S);
        const Image im = make(job, p);
        ASSERT_EQ(im.scale, float(double(h) / double(R))) << k;
        const std::string bg = background(p);
        const int64_t fx = im.cells[0].x_begin - 0;  // cell 0 starts the strip
        const int64_t fy = p.margin_y;
        for (int64_t y = 0; y < p.height; ++y) {
            for (int64_t x = 0; x < p.width; ++x) {
                const int64_t oy = y - fy, ox = x - fx;
                std::string want = bg;
                if (oy >= 0 && oy < h && ox >= 0 && ox < w) {
                    // Output (ox, oy) covers [ox S, (ox + 1) S) in units of
                    // 1/w of a strip column and [oy R, (oy + 1) R) in units
                    // of 1/h of a glyph row.
                    uint64_t acc = 0;
                    for (int64_t sy = 0; sy < R; ++sy) {
                        const int64_t wy =
                            std::min((sy + 1) * h, (oy + 1) * R) -
                            std::max(sy * h, oy * R);
                        if (wy <= 0) continue;
                        for (int64_t sx = 0; sx < S; ++sx) {
                            const int64_t wx =
                                std::min((sx + 1) * w, (ox + 1) * S) -
                                std::max(sx * w, ox * S);
                            if (wx <= 0) continue;
                            const uint8_t v = strip.bytes[size_t(sy * S + sx)];
                            const uint8_t ink = whole.invert ? v : 255 - v;
                            acc += uint64_t(wx * wy) * ink;
                        }
                    }
                    if (acc != 0) {
                        const float f = mseq::area_to_f32(
                            double(acc) / double(S * R), p.invert);
                        if (p.format == MSEQ_FORMAT_U8) {
                            want = std::string(1, char(mseq::f32_to_u8(f)));
                        } else {
                            want = std::string(
                                reinterpret_cast<const char *>(&f), 4);
                        }
                    }
                }
                ASSERT_EQ(pixel(im, p, size_t(x), size_t(y)), want)
                    << k << " at " << x << "," << y;
            }
        }
        // The strip sits in the inner width by the alignment.
        const int64_t room = p.width - 2 * p.margin_x - w;
        ASSERT_GE(fx, p.margin_x);
        ASSERT_LE(fx, p.margin_x + room);
        if (p.align == MSEQ_ALIGN_CENTER) {
            ASSERT_EQ(fx, p.margin_x + room / 2);
        }
    }
    EXPECT_GT(checked, 300u);
}

template <typename F>
std::string message_of(int code, F f) {
    try {
        f();
    } catch (const mseq::Error &e) {
        EXPECT_EQ(e.code(), code) << e.what();
        return e.what();
    }
    ADD_FAILURE() << "no error";
    return "";
}

TEST(Geometry, BadValuesNameTheirOption) {
    const int digits[] = {3, 5};
    mseq::Params p;
    p.width = 60;
    uint32_t r = 0, c = 0;
    p.margin_x = 30;
    std::string m =
        message_of(MSEQ_EINVAL, [&] { mseq::image_shape(mnist(), p, r, c); });
    EXPECT_NE(m.find("margin_x"), std::string::npos) << m;
    p.margin_x = 29;
    mseq::image_shape(mnist(), p, r, c);
    EXPECT_EQ(r, 28u);
    EXPECT_EQ(c, 60u);
    p.margin_y = 14;
    m = message_of(MSEQ_EINVAL, [&] { mseq::image_bytes(mnist(), p); });
    EXPECT_NE(m.find("margin_y"), std::string::npos) << m;
    p.height = 29;
    mseq::image_shape(mnist(), p, r, c);
    EXPECT_EQ(r, 29u);
    // Strict and exact fits never shrink: a strip taller than the inner
    // rows is MSEQ_ENOFIT naming the height.
    p.margin_x = 0;
    p.margin_y = 0;
    p.height = 20;
    p.fit = MSEQ_FIT_STRICT;
    std::vector<uint8_t> out(mseq::image_bytes(mnist(), p));
    m = message_of(MSEQ_ENOFIT, [&] {
        mseq::generate_one(mnist(), p, digits, 2, 0, out.data(), out.size(),
                           nullptr, nullptr);
    });
    EXPECT_NE(m.find("height"), std::string::npos) << m;
    p.fit = MSEQ_FIT_EXACT;
    p.width = 56;
    m = message_of(MSEQ_ENOFIT, [&] {
        mseq::generate_one(mnist(), p, digits, 2, 0, out.data(), out.size(),
                           nullptr, nullptr);
    });
    EXPECT_NE(m.find("height"), std::string::npos) << m;
    // The table refuses values beyond the limits, naming the key.
    mseq::Params q;
    m = message_of(MSEQ_ERANGE,
                   [&] { mseq::set_param(q, MSEQ_PARAM_HEIGHT, 1025); });
    EXPECT_NE(m.find("MSEQ_PARAM_HEIGHT"), std::string::npos) << m;
    m = message_of(MSEQ_EINVAL,
                   [&] { mseq::set_param(q, MSEQ_PARAM_MARGIN_X, -1); });
    EXPECT_NE(m.find("MSEQ_PARAM_MARGIN_X"), std::string::npos) << m;
}

// Strict and exact fits keep working with room to spare: taller images
// pad them as the pad fit does.
TEST(Geometry, StrictAndExactFitsPadTallerImages) {
    const int digits[] = {1, 2, 3};
    for (mseq_fit fit : {MSEQ_FIT_STRICT, MSEQ_FIT_EXACT}) {
        mseq::Params p;
        p.fit = fit;
        p.width = 100;
        p.min_spacing = 0;
        p.max_spacing = 5;
        p.margin_x = 3;
        p.height = 40;
        p.margin_y = 2;
        Job job;
        job.params = p;
        job.digits.assign(digits, digits + 3);
        const Image im = make(job, p);
        EXPECT_EQ(im.rows, 40u);
        EXPECT_EQ(im.cells[0].y_begin, 2 + (36 - 28) / 2);
        EXPECT_EQ(im.cells[0].y_end, im.cells[0].y_begin + 28);
        if (fit == MSEQ_FIT_EXACT) {
            EXPECT_EQ(im.cells[0].x_begin, 3);
            EXPECT_EQ(im.cells[2].x_end, 97);
        }
    }
}

}  // namespace
