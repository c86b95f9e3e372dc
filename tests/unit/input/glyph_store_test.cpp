// The glyph store (glyph_store.hpp) and the unscaled renderer that reads it:
// boxes are the exact ink bounding boxes, and rendering from the boxes gives
// the same bits as a direct per-pixel reference and as rendering the full
// glyphs, in both formats and polarities, every alignment and fit, on
// hand-made glyphs (ink on the borders, no ink at all, boxes narrower and
// wider than a vector block) and on the real MNIST.
#include "input/glyph_store.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "generate/layout.hpp"
#include "generate/params.hpp"
#include "generate/render.hpp"
#include "input/source_data.hpp"

namespace {

// 32-bit random numbers for choosing test cases.
class Rng {
public:
    explicit Rng(uint32_t seed) : engine_(seed) {}
    uint32_t operator()() { return static_cast<uint32_t>(engine_()); }

private:
    std::mt19937 engine_;
};

// The glyph rebuilt from its box in the store: zero outside the box.
std::vector<uint8_t> unbox(const mseq::GlyphStore &store, uint32_t index,
                           uint32_t rows, uint32_t cols) {
    std::vector<uint8_t> glyph(size_t(rows) * cols, 0);
    const mseq::InkBox &b = store.boxes[index];
    const uint8_t *ink = store.box_ink(index);
    for (size_t y = 0; y < b.height; ++y) {
        for (size_t x = 0; x < b.width; ++x) {
            glyph[(b.top + y) * cols + b.left + x] = ink[y * b.width + x];
        }
    }
    return glyph;
}

// Checks that every glyph's box is exactly its ink bounding box and holds
// exactly its ink, and that the boxes are stored back to back.
void expect_exact_boxes(const mseq::SourceData &ds) {
    ASSERT_EQ(ds.store.size(), ds.size());
    const size_t per = size_t(ds.rows) * ds.cols;
    size_t offset = 0;
    for (uint32_t i = 0; i < ds.size(); ++i) {
        const uint8_t *g = ds.glyph(i);
        uint32_t top = ds.rows, bottom = 0, left = ds.cols, right = 0;
        for (uint32_t y = 0; y < ds.rows; ++y) {
            for (uint32_t x = 0; x < ds.cols; ++x) {
                if (g[y * ds.cols + x] == 0) continue;
                top = std::min(top, y);
                bottom = std::max(bottom, y + 1);
                left = std::min(left, x);
                right = std::max(right, x + 1);
            }
        }
        const mseq::InkBox &b = ds.store.boxes[i];
        ASSERT_EQ(b.offset, offset) << "glyph " << i;
        if (top == ds.rows) {
            ASSERT_EQ(b.height, 0u) << "glyph " << i;
            ASSERT_EQ(b.width, 0u) << "glyph " << i;
            continue;
        }
        ASSERT_EQ(b.top, top) << "glyph " << i;
        ASSERT_EQ(b.left, left) << "glyph " << i;
        ASSERT_EQ(b.height, bottom - top) << "glyph " << i;
        ASSERT_EQ(b.width, right - left) << "glyph " << i;
        ASSERT_EQ(unbox(ds.store, i, ds.rows, ds.cols),
                  std::vector<uint8_t>(g, g + per))
            << "glyph " << i;
        offset += size_t(b.height) * b.width;
    }
    EXPECT_EQ(ds.store.ink.size(), offset);
}

// A hand-made data set of rows x cols glyphs, `per_class` of each digit:
// random ink inside a random box (which often touches the borders), some
// glyphs without ink, some full of ink 255, some with one pixel.
mseq::SourceData hand_made(uint32_t rows, uint32_t cols, int per_class,
                           uint32_t seed) {
    Rng rng(seed);
    mseq::SourceData ds;
    ds.rows = rows;
    ds.cols = cols;
    for (int k = 0; k < per_class; ++k) {
        for (uint8_t d = 0; d < 10; ++d) ds.labels.push_back(d);
    }
    for (uint32_t i = 0; i < ds.labels.size(); ++i) {
        ds.by_class[ds.labels[i]].push_back(i);
        std::vector<uint8_t> g(size_t(rows) * cols, 0);
        const uint32_t kind = i % 6;
        if (kind == 1) {
            std::fill(g.begin(), g.end(), uint8_t(255));
        } else if (kind == 2) {
            g[rng() % g.size()] = uint8_t(1 + rng() % 255);
        } else if (kind >= 3) {
            // A random box, clamped to the borders half of the time.
            uint32_t y0 = rng() % rows, y1 = y0 + 1 + rng() % (rows - y0);
            uint32_t x0 = rng() % cols, x1 = x0 + 1 + rng() % (cols - x0);
            if (rng() % 2 == 0) y0 = 0;
            if (rng() % 2 == 0) x1 = cols;
            for (uint32_t y = y0; y < y1; ++y) {
                for (uint32_t x = x0; x < x1; ++x) {
                    const uint32_t r = rng() % 4;
                    g[y * cols + x] = r == 0   ? 0
                                      : r == 1 ? 255
                                               : uint8_t(rng() % 256);
                }
            }
        }  // kind 0: no ink at all
        ds.pixels.insert(ds.pixels.end(), g.begin(), g.end());
    }
    ds.store =
        mseq::build_glyph_store(ds.pixels.data(), ds.size(), ds.rows, ds.cols);
    return ds;
}

// The image of an unscaled layout computed directly, pixel by pixel, from
// the full glyphs and the formulas of render.hpp.
std::vector<uint8_t> reference(const mseq::SourceData &ds,
                               const mseq::Layout &l, mseq_format format,
                               bool invert) {
    const size_t n = size_t(l.rows) * size_t(l.width);
    std::vector<uint8_t> ink(n, 0);
    for (size_t j = 0; j < l.count; ++j) {
        const uint8_t *g = ds.glyph(l.glyph[j]);
        for (int64_t y = 0; y < l.rows; ++y) {
            for (int64_t x = 0; x < l.cols; ++x) {
                ink[size_t(y * l.width + l.offset + l.cell_x[j] + x)] =
                    g[y * l.cols + x];
            }
        }
    }
    std::vector<uint8_t> out(n * mseq::pixel_bytes(format));
    for (size_t i = 0; i < n; ++i) {
        if (format == MSEQ_FORMAT_U8) {
            out[i] = invert ? ink[i] : uint8_t(255 - ink[i]);
        } else {
            const float v = mseq::ink_to_f32(ink[i], invert);
            std::memcpy(&out[i * sizeof(float)], &v, sizeof v);
        }
    }
    return out;
}

enum class Draw { best, portable, full_glyphs };

// render() (or a variant) into a buffer starting `shift` floats past a
// 32-byte boundary, returned as bytes.
std::vector<uint8_t> draw(const mseq::SourceData &ds, const mseq::Layout &l,
                          mseq_format format, bool invert, Draw how,
                          size_t shift) {
    const size_t bytes =
        size_t(l.rows) * size_t(l.width) * mseq::pixel_bytes(format);
    std::vector<float> buf(bytes / sizeof(float) + 16, -7.0f);
    unsigned char *base = reinterpret_cast<unsigned char *>(buf.data());
    base += (32 - reinterpret_cast<uintptr_t>(base) % 32) % 32;
    base += shift * sizeof(float);
    switch (how) {
        case Draw::best:
            mseq::render(ds, l, format, invert, base);
            break;
        case Draw::portable:
            mseq::render_portable(ds, l, format, invert, base);
            break;
        case Draw::full_glyphs:
            mseq::render_full_glyphs(ds, l, format, invert, base);
            break;
    }
    return std::vector<uint8_t>(base, base + bytes);
}

// Renders `samples` random unscaled layouts of ds every way and compares
// them with the reference; returns the number of layouts compared.
int compare_many(const mseq::SourceData &ds, int samples, uint32_t seed) {
    Rng rng(seed);
    const mseq_align aligns[] = {MSEQ_ALIGN_CENTER, MSEQ_ALIGN_LEFT,
                                 MSEQ_ALIGN_RIGHT, MSEQ_ALIGN_RANDOM};
    const mseq_fit fits[] = {MSEQ_FIT_PAD, MSEQ_FIT_EXACT, MSEQ_FIT_STRICT};
    int compared = 0;
    for (int s = 0; s < samples; ++s) {
        std::vector<int> digits(1 + rng() % 7);
        for (int &d : digits) d = int(rng() % 10);
        mseq::Params p;
        p.min_spacing = rng() % 4;
        p.max_spacing = p.min_spacing + rng() % 6;
        p.fit = fits[rng() % 3];
        p.align = aligns[rng() % 4];
        p.seed = rng();
        const int64_t n = int64_t(digits.size());
        const int64_t strip_lo = n * ds.cols + (n - 1) * p.min_spacing;
        const int64_t strip_hi = n * ds.cols + (n - 1) * p.max_spacing;
        p.width =
            p.fit == MSEQ_FIT_EXACT
                ? strip_lo + int64_t(rng() % uint32_t(strip_hi - strip_lo + 1))
                : strip_hi + int64_t(rng() % 40);
        mseq::Layout l;
        try {
            l = mseq::plan_layout(ds, p, digits.data(), digits.size(),
                                  rng() % 1000);
        } catch (const mseq::Error &e) {
            ADD_FAILURE() << e.what();
            return compared;
        }
        if (l.scaled) {
            ADD_FAILURE() << "scaled layout";
            return compared;
        }
        for (mseq_format format : {MSEQ_FORMAT_F32, MSEQ_FORMAT_U8}) {
            for (bool invert : {false, true}) {
                const std::vector<uint8_t> want =
                    reference(ds, l, format, invert);
                const size_t shift = rng() % 8;
                for (Draw how :
                     {Draw::best, Draw::portable, Draw::full_glyphs}) {
                    if (draw(ds, l, format, invert, how, shift) != want) {
                        ADD_FAILURE()
                            << "sample " << s << ": format " << int(format)
                            << ", invert " << invert << ", way " << int(how)
                            << ", shift " << shift << ", width " << p.width
                            << ", fit " << int(p.fit) << ", align "
                            << int(p.align);
                        return compared;
                    }
                }
            }
        }
        ++compared;
    }
    return compared;
}

TEST(GlyphStore, BoxesAreExactOnHandMadeGlyphs) {
    for (uint32_t seed = 1; seed <= 5; ++seed) {
        expect_exact_boxes(hand_made(28, 28, 6, seed));
        expect_exact_boxes(hand_made(5, 7, 6, seed));
        expect_exact_boxes(hand_made(1, 1, 3, seed));
        expect_exact_boxes(hand_made(3, 40, 6, seed));
    }
}

TEST(GlyphStore, BoxesByHand) {
    // Glyph 0: no ink. Glyph 1: one pixel at (2, 0). Glyph 2: ink at two
    // opposite corners, so the box is the whole glyph.
    const uint8_t px[3 * 3 * 4] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   //
                                   0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0,   //
                                   0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0};  //
    const mseq::GlyphStore s = mseq::build_glyph_store(px, 3, 3, 4);
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s.boxes[0].height, 0u);
    EXPECT_EQ(s.boxes[0].width, 0u);
    EXPECT_EQ(s.boxes[1].top, 2u);
    EXPECT_EQ(s.boxes[1].left, 0u);
    EXPECT_EQ(s.boxes[1].height, 1u);
    EXPECT_EQ(s.boxes[1].width, 1u);
    EXPECT_EQ(s.box_ink(1)[0], 9);
    EXPECT_EQ(s.boxes[2].top, 0u);
    EXPECT_EQ(s.boxes[2].left, 0u);
    EXPECT_EQ(s.boxes[2].height, 3u);
    EXPECT_EQ(s.boxes[2].width, 4u);
    EXPECT_EQ(s.boxes[2].offset, 1u);
    EXPECT_EQ(std::vector<uint8_t>(s.box_ink(2), s.box_ink(2) + 12),
              std::vector<uint8_t>(px + 24, px + 36));
    EXPECT_EQ(s.ink.size(), 13u);
}

TEST(GlyphStore, BoxRenderingMatchesTheReferenceOnHandMadeGlyphs) {
    // Boxes up to 28 and 40 wide (vector blocks plus an overlapping last
    // block), and 5 or 7 wide (shorter than a block).
    EXPECT_EQ(compare_many(hand_made(28, 28, 8, 11), 300, 1), 300);
    EXPECT_EQ(compare_many(hand_made(3, 40, 8, 12), 200, 2), 200);
    EXPECT_EQ(compare_many(hand_made(5, 7, 8, 13), 200, 3), 200);
}

TEST(GlyphStore, WithoutAStoreTheFullGlyphsAreRead) {
    mseq::SourceData ds = hand_made(28, 28, 4, 21);
    ds.store = mseq::GlyphStore{};
    EXPECT_EQ(compare_many(ds, 50, 4), 50);
}

#ifdef MNISTSEQ_TEST_DATA_DIR
TEST(GlyphStore, RealMnistBoxesAndRendering) {
    const mseq::SourceData ds =
        mseq::load_source_data(MNISTSEQ_TEST_DATA_DIR, mseq::Split::train);
    expect_exact_boxes(ds);
    // The point of the store: MNIST's ink boxes are much smaller.
    EXPECT_LT(ds.store.ink.size(), ds.pixels.size() * 6 / 10);
    EXPECT_EQ(compare_many(ds, 2000, 5), 2000);
}
#endif

}  // namespace
