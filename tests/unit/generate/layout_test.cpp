// Layout (layout.hpp): glyph picks, gaps, exact-fit sampling, fit policies,
// alignment and placements, on small hand-made data sets.
#include "generate/layout.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "generate/params.hpp"
#include "generate/rng.hpp"
#include "input/source_data.hpp"

namespace {

using mseq::Layout;
using mseq::Params;
using mseq::Purpose;
using mseq::Stream;

// A data set of glyphs of rows x cols whose labels are given; pixel values
// do not matter for layout.
mseq::SourceData make_dataset(uint32_t rows, uint32_t cols,
                              const std::vector<uint8_t> &labels) {
    mseq::SourceData ds;
    ds.rows = rows;
    ds.cols = cols;
    ds.labels = labels;
    ds.pixels.assign(labels.size() * rows * cols, 0);
    for (uint32_t i = 0; i < labels.size(); ++i) {
        ds.by_class[labels[i]].push_back(i);
    }
    ds.images_path = "hand-images-idx3-ubyte";
    ds.labels_path = "hand-labels-idx1-ubyte";
    return ds;
}

// Ten classes, `per_class` glyphs each, interleaved.
mseq::SourceData every_digit(uint32_t rows, uint32_t cols, int per_class = 3) {
    std::vector<uint8_t> labels;
    for (int k = 0; k < per_class; ++k) {
        for (uint8_t d = 0; d < 10; ++d) labels.push_back(d);
    }
    return make_dataset(rows, cols, labels);
}

Params params(int64_t width, int64_t lo, int64_t hi,
              mseq_fit fit = MSEQ_FIT_PAD,
              mseq_align align = MSEQ_ALIGN_CENTER) {
    Params p;
    p.width = width;
    p.min_spacing = lo;
    p.max_spacing = hi;
    p.fit = fit;
    p.align = align;
    p.seed = 99;
    return p;
}

double chi_square(const std::vector<uint64_t> &counts) {
    uint64_t total = 0;
    for (uint64_t c : counts) total += c;
    const double expected = double(total) / double(counts.size());
    double x2 = 0.0;
    for (uint64_t c : counts) {
        const double d = double(c) - expected;
        x2 += d * d / expected;
    }
    return x2;
}

// The error a call throws.
template <typename F>
mseq::Error error_of(F f) {
    try {
        f();
    } catch (const mseq::Error &e) {
        return e;
    }
    ADD_FAILURE() << "no error thrown";
    return mseq::Error(0, "");
}

bool contains(const std::string &text, const std::string &part) {
    return text.find(part) != std::string::npos;
}

std::vector<int64_t> gaps_of(const Layout &l) {
    std::vector<int64_t> gaps;
    for (size_t j = 0; j + 1 < l.count; ++j) {
        gaps.push_back(l.cell_x[j + 1] - l.cell_x[j] - l.cols);
    }
    return gaps;
}

// ---------------------------------------------------------------------------
// Glyph picks

TEST(Layout, GlyphPicksAreUniformWithinTheClass) {
    // Class 3 holds 7 images at scattered indexes, among other classes.
    std::vector<uint8_t> labels(40, 5);
    const std::vector<uint32_t> threes = {1, 4, 9, 16, 25, 33, 39};
    for (uint32_t i : threes) labels[i] = 3;
    const mseq::SourceData ds = make_dataset(2, 2, labels);
    std::map<uint32_t, uint64_t> seen;
    const int digits[] = {3};
    for (uint64_t index = 0; index < 14000; ++index) {
        Stream s(1, index, Purpose::glyph);
        uint32_t pick = 0;
        mseq::pick_glyphs(ds, digits, 1, s, &pick);
        ASSERT_EQ(ds.labels[pick], 3);
        ++seen[pick];
    }
    ASSERT_EQ(seen.size(), threes.size());
    std::vector<uint64_t> counts;
    for (const auto &kv : seen) counts.push_back(kv.second);
    EXPECT_LT(chi_square(counts), 22.46);  // 6 dof, P = 0.001
}

TEST(Layout, EachPositionDrawsItsOwnGlyph) {
    const mseq::SourceData ds = every_digit(2, 2, 50);
    const int digits[] = {7, 7, 7, 7, 7, 7};
    Stream s(3, 0, Purpose::glyph);
    std::array<uint32_t, 6> picks{};
    mseq::pick_glyphs(ds, digits, 6, s, picks.data());
    std::set<uint32_t> distinct(picks.begin(), picks.end());
    EXPECT_GT(distinct.size(), 3u);  // 6 draws among 50: repeats are rare
    for (uint32_t p : picks) EXPECT_EQ(ds.labels[p], 7);
}

TEST(Layout, EmptyClassIsAnErrorNamingDigitAndFiles) {
    const mseq::SourceData ds = make_dataset(2, 2, {0, 1, 2, 4, 5, 6, 7, 8, 9});
    const int digits[] = {1, 3};
    const mseq::Error e = error_of(
        [&] { mseq::plan_layout(ds, params(20, 0, 0), digits, 2, 0); });
    EXPECT_EQ(e.code(), MSEQ_EINVAL);
    EXPECT_TRUE(contains(e.what(), "digit 3")) << e.what();
    EXPECT_TRUE(contains(e.what(), "hand-images-idx3-ubyte")) << e.what();
    EXPECT_TRUE(contains(e.what(), "hand-labels-idx1-ubyte")) << e.what();
}

TEST(Layout, SpacingDoesNotChangeTheGlyphs) {
    const mseq::SourceData ds = every_digit(4, 4, 20);
    const int digits[] = {1, 2, 3, 4, 5};
    for (uint64_t index = 0; index < 50; ++index) {
        const Layout a =
            mseq::plan_layout(ds, params(200, 0, 0), digits, 5, index);
        const Layout b =
            mseq::plan_layout(ds, params(40, 3, 9), digits, 5, index);
        for (size_t j = 0; j < 5; ++j) ASSERT_EQ(a.glyph[j], b.glyph[j]);
    }
}

// ---------------------------------------------------------------------------
// Gaps

TEST(Layout, GapsAreUniformOverTheInclusiveRange) {
    std::vector<uint64_t> counts(5, 0);  // gaps 2..6
    for (uint64_t index = 0; index < 5000; ++index) {
        Stream s(11, index, Purpose::gap);
        std::array<int64_t, 4> gaps{};
        mseq::draw_gaps(4, 2, 6, s, gaps.data());
        for (int64_t g : gaps) {
            ASSERT_GE(g, 2);
            ASSERT_LE(g, 6);
            ++counts[size_t(g - 2)];
        }
    }
    EXPECT_LT(chi_square(counts), 18.47);  // 4 dof, P = 0.001
}

TEST(Layout, GapsAreIndependent) {
    // Joint distribution of consecutive gaps: 3 x 3 cells, uniform.
    std::vector<uint64_t> counts(9, 0);
    for (uint64_t index = 0; index < 9000; ++index) {
        Stream s(12, index, Purpose::gap);
        std::array<int64_t, 2> gaps{};
        mseq::draw_gaps(2, 0, 2, s, gaps.data());
        ++counts[size_t(gaps[0] * 3 + gaps[1])];
    }
    EXPECT_LT(chi_square(counts), 26.12);  // 8 dof, P = 0.001
}

TEST(Layout, LayoutGapsComeFromTheGapStream) {
    const mseq::SourceData ds = every_digit(3, 5);
    const int digits[] = {0, 1, 2, 3};
    const Layout l = mseq::plan_layout(ds, params(100, 1, 9), digits, 4, 77);
    Stream s(99, 77, Purpose::gap);
    std::array<int64_t, 3> want{};
    mseq::draw_gaps(3, 1, 9, s, want.data());
    EXPECT_EQ(gaps_of(l), std::vector<int64_t>(want.begin(), want.end()));
    EXPECT_EQ(l.strip, 4 * 5 + want[0] + want[1] + want[2]);
}

// ---------------------------------------------------------------------------
// Pad and alignment

TEST(Layout, PadCenterLeftRightOffsetsAndPlacements) {
    const mseq::SourceData ds = every_digit(2, 3);
    const int digits[] = {1, 2};
    // S = 3 + 4 + 3 = 10 in W = 21.
    const struct {
        mseq_align align;
        int64_t offset;
    } cases[] = {
        {MSEQ_ALIGN_CENTER, 5}, {MSEQ_ALIGN_LEFT, 0}, {MSEQ_ALIGN_RIGHT, 11}};
    for (const auto &c : cases) {
        const Layout l = mseq::plan_layout(
            ds, params(21, 4, 4, MSEQ_FIT_PAD, c.align), digits, 2, 3);
        EXPECT_EQ(l.strip, 10);
        EXPECT_FALSE(l.scaled);
        EXPECT_EQ(l.offset, c.offset);
        std::array<mseq_placement, 2> p{};
        mseq::fill_placements(l, p.data());
        EXPECT_EQ(p[0].x_begin, c.offset);
        EXPECT_EQ(p[0].x_end, c.offset + 3);
        EXPECT_EQ(p[1].x_begin, c.offset + 7);
        EXPECT_EQ(p[1].x_end, c.offset + 10);
        for (size_t j = 0; j < 2; ++j) {
            EXPECT_EQ(p[j].y_begin, 0);
            EXPECT_EQ(p[j].y_end, 2);
            EXPECT_EQ(p[j].label, digits[j]);
            EXPECT_EQ(uint32_t(p[j].source_index), l.glyph[j]);
            EXPECT_EQ(ds.labels[size_t(p[j].source_index)], digits[j]);
        }
        EXPECT_EQ(mseq::layout_scale(l), 1.0f);
    }
}

TEST(Layout, RandomAlignmentIsUniformOverAllOffsets) {
    const mseq::SourceData ds = every_digit(2, 3);
    const int digits[] = {4, 2};
    // S = 3 + 3 + 3 = 9 in W = 21: offsets 0..12.
    std::vector<uint64_t> counts(13, 0);
    for (uint64_t index = 0; index < 13000; ++index) {
        const Layout l = mseq::plan_layout(
            ds, params(21, 3, 3, MSEQ_FIT_PAD, MSEQ_ALIGN_RANDOM), digits, 2,
            index);
        ASSERT_EQ(l.strip, 9);
        ASSERT_GE(l.offset, 0);
        ASSERT_LE(l.offset, 12);
        ++counts[size_t(l.offset)];
    }
    EXPECT_LT(chi_square(counts), 32.91);  // 12 dof, P = 0.001
}

TEST(Layout, StripExactlyTheWidthSitsAtZero) {
    const mseq::SourceData ds = every_digit(2, 3);
    const int digits[] = {4, 2};
    for (mseq_align a :
         {MSEQ_ALIGN_CENTER, MSEQ_ALIGN_RIGHT, MSEQ_ALIGN_RANDOM}) {
        const Layout l = mseq::plan_layout(ds, params(8, 2, 2, MSEQ_FIT_PAD, a),
                                           digits, 2, 5);
        EXPECT_EQ(l.strip, 8);
        EXPECT_EQ(l.offset, 0);
        EXPECT_FALSE(l.scaled);
    }
}

TEST(Layout, SingleDigitHasNoGaps) {
    const mseq::SourceData ds = every_digit(2, 3);
    const int digits[] = {9};
    const Layout l = mseq::plan_layout(ds, params(10, 5, 50), digits, 1, 0);
    EXPECT_EQ(l.strip, 3);
    EXPECT_EQ(l.offset, 3);
}

// ---------------------------------------------------------------------------
// Strict

TEST(Layout, StrictRejectsAWideStripGivingBothWidths) {
    const mseq::SourceData ds = every_digit(2, 3);
    const int digits[] = {1, 2, 3};
    // S = 9 + 2 * 5 = 19 > 18.
    const mseq::Error e = error_of([&] {
        mseq::plan_layout(ds, params(18, 5, 5, MSEQ_FIT_STRICT), digits, 3, 0);
    });
    EXPECT_EQ(e.code(), MSEQ_ENOFIT);
    EXPECT_TRUE(contains(e.what(), "19")) << e.what();
    EXPECT_TRUE(contains(e.what(), "18")) << e.what();
}

TEST(Layout, StrictPadsAStripThatFits) {
    const mseq::SourceData ds = every_digit(2, 3);
    const int digits[] = {1, 2, 3};
    for (mseq_align a : {MSEQ_ALIGN_CENTER, MSEQ_ALIGN_RIGHT}) {
        const Layout strict = mseq::plan_layout(
            ds, params(30, 0, 5, MSEQ_FIT_STRICT, a), digits, 3, 8);
        const Layout pad = mseq::plan_layout(
            ds, params(30, 0, 5, MSEQ_FIT_PAD, a), digits, 3, 8);
        EXPECT_EQ(strict.offset, pad.offset);
        EXPECT_EQ(strict.strip, pad.strip);
        for (size_t j = 0; j < 3; ++j) {
            EXPECT_EQ(strict.cell_x[j], pad.cell_x[j]);
            EXPECT_EQ(strict.glyph[j], pad.glyph[j]);
        }
    }
}

// ---------------------------------------------------------------------------
// Exact

// All vectors of `count` gaps in [lo, hi] summing to total.
std::vector<std::vector<int64_t>> all_vectors(size_t count, int64_t lo,
                                              int64_t hi, int64_t total) {
    std::vector<std::vector<int64_t>> out;
    std::vector<int64_t> v(count, lo);
    while (true) {
        if (std::accumulate(v.begin(), v.end(), int64_t(0)) == total) {
            out.push_back(v);
        }
        size_t i = 0;
        while (i < count && v[i] == hi) v[i++] = lo;
        if (i == count) break;
        ++v[i];
    }
    return out;
}

void expect_uniform_exact(size_t count, int64_t lo, int64_t hi, int64_t total) {
    const auto vectors = all_vectors(count, lo, hi, total);
    ASSERT_GT(vectors.size(), 5u);
    std::map<std::vector<int64_t>, uint64_t> seen;
    const uint64_t draws = 600 * vectors.size();
    for (uint64_t index = 0; index < draws; ++index) {
        Stream s(21, index, Purpose::gap);
        std::vector<int64_t> gaps(count);
        mseq::draw_exact_gaps(count, lo, hi, total, s, gaps.data());
        ++seen[gaps];
    }
    ASSERT_EQ(seen.size(), vectors.size()) << "a vector is never drawn, or "
                                              "an invalid one is";
    std::vector<uint64_t> counts;
    for (const auto &v : vectors) counts.push_back(seen[v]);
    // Chi-square with k - 1 dof; bound: mean + 5 standard deviations.
    const double dof = double(vectors.size() - 1);
    EXPECT_LT(chi_square(counts), dof + 5.0 * std::sqrt(2.0 * dof))
        << vectors.size() << " vectors";
}

TEST(Layout, ExactIsUniformOverAllValidVectors) {
    // 3 gaps in [1, 4] summing to 7: 12 vectors (slack 4 of 9, not mirrored).
    expect_uniform_exact(3, 1, 4, 7);
}

TEST(Layout, ExactIsUniformWhenSlackIsMirrored) {
    // 3 gaps in [0, 3] summing to 6 (slack 6 of 9, sampled mirrored).
    expect_uniform_exact(3, 0, 3, 6);
    // 4 gaps in [2, 5] summing to 16 (slack 8 of 12).
    expect_uniform_exact(4, 2, 5, 16);
}

TEST(Layout, ExactSinglePossibilityAndExtremes) {
    std::array<int64_t, 5> gaps{};
    Stream s(1, 1, Purpose::gap);
    mseq::draw_exact_gaps(5, 2, 9, 10, s, gaps.data());  // all at min
    for (int64_t g : gaps) EXPECT_EQ(g, 2);
    mseq::draw_exact_gaps(5, 2, 9, 45, s, gaps.data());  // all at max
    for (int64_t g : gaps) EXPECT_EQ(g, 9);
    mseq::draw_exact_gaps(5, 4, 4, 20, s, gaps.data());  // fixed spacing
    for (int64_t g : gaps) EXPECT_EQ(g, 4);
}

TEST(Layout, ExactLargeTablesStayValid) {
    // Many gaps, wide ranges, slack near both ends: row normalisation and
    // mirroring keep every draw valid (no overflow, no empty window).
    const struct {
        size_t count;
        int64_t lo, hi, total;
    } cases[] = {{1000, 0, 16, 1},
                 {1000, 0, 16, 15999},
                 {1000, 0, 16, 8000},
                 {300, 0, 1000, 5},
                 {300, 0, 1000, 299990},
                 {50, 3, 300, 7000},
                 {2, 0, 65536, 65537},
                 // counts up to ~1e830: only row normalisation keeps them
                 {500, 0, 65536, 8000}};
    for (const auto &c : cases) {
        std::vector<int64_t> gaps(c.count);
        for (uint64_t index = 0; index < 3; ++index) {
            Stream s(5, index, Purpose::gap);
            mseq::draw_exact_gaps(c.count, c.lo, c.hi, c.total, s, gaps.data());
            int64_t sum = 0;
            for (int64_t g : gaps) {
                ASSERT_GE(g, c.lo);
                ASSERT_LE(g, c.hi);
                sum += g;
            }
            ASSERT_EQ(sum, c.total) << c.count << " gaps";
        }
    }
}

TEST(Layout, ExactFillsTheWidth) {
    const mseq::SourceData ds = every_digit(4, 5);
    const int digits[] = {3, 1, 4, 1, 5};
    for (uint64_t index = 0; index < 200; ++index) {
        const Layout l = mseq::plan_layout(
            ds, params(47, 2, 8, MSEQ_FIT_EXACT, MSEQ_ALIGN_RIGHT), digits, 5,
            index);
        ASSERT_EQ(l.strip, 47);
        ASSERT_EQ(l.offset, 0);
        ASSERT_FALSE(l.scaled);
        for (int64_t g : gaps_of(l)) {
            ASSERT_GE(g, 2);
            ASSERT_LE(g, 8);
        }
    }
}

TEST(Layout, ExactWithoutSolutionGivesTheReachableRange) {
    const mseq::SourceData ds = every_digit(4, 5);
    const int digits[] = {3, 1, 4};
    // Reachable: 15 + 2 * [2, 8] = 19 .. 31.
    for (int64_t width : {18, 32}) {
        const mseq::Error e = error_of([&] {
            mseq::plan_layout(ds, params(width, 2, 8, MSEQ_FIT_EXACT), digits,
                              3, 0);
        });
        EXPECT_EQ(e.code(), MSEQ_ENOFIT);
        EXPECT_TRUE(contains(e.what(), "19 to 31")) << e.what();
        EXPECT_TRUE(contains(e.what(), std::to_string(width))) << e.what();
    }
    // Both ends are reachable.
    for (int64_t width : {19, 31}) {
        const Layout l = mseq::plan_layout(
            ds, params(width, 2, 8, MSEQ_FIT_EXACT), digits, 3, 0);
        EXPECT_EQ(l.strip, width);
    }
}

TEST(Layout, ExactSingleDigitNeedsTheGlyphWidth) {
    const mseq::SourceData ds = every_digit(4, 5);
    const int digits[] = {6};
    EXPECT_EQ(
        mseq::plan_layout(ds, params(5, 0, 3, MSEQ_FIT_EXACT), digits, 1, 0)
            .strip,
        5);
    const mseq::Error e = error_of([&] {
        mseq::plan_layout(ds, params(6, 0, 3, MSEQ_FIT_EXACT), digits, 1, 0);
    });
    EXPECT_EQ(e.code(), MSEQ_ENOFIT);
    EXPECT_TRUE(contains(e.what(), "5 to 5")) << e.what();
}

TEST(Layout, ExactTableBeyondItsLimitIsERange) {
    const mseq::Error e = error_of([] {
        std::vector<int64_t> gaps(1000);
        Stream s(1, 1, Purpose::gap);
        // slack 30000 (not mirrored: max 65,536,000): 1000 * 30001 cells.
        mseq::draw_exact_gaps(1000, 0, 65536, 30000, s, gaps.data());
    });
    EXPECT_EQ(e.code(), MSEQ_ERANGE);
    EXPECT_TRUE(contains(e.what(), "exact fit")) << e.what();
    EXPECT_TRUE(contains(e.what(), "30001000")) << e.what();
}

TEST(Layout, ExactGapsComeFromTheGapStreamOnly) {
    // Changing the alignment or the glyph picks never changes exact gaps.
    const mseq::SourceData ds = every_digit(4, 5);
    const int a[] = {3, 1, 4, 1, 5};
    const int b[] = {9, 9, 9, 9, 9};
    const Layout la =
        mseq::plan_layout(ds, params(47, 2, 8, MSEQ_FIT_EXACT), a, 5, 4);
    const Layout lb = mseq::plan_layout(
        ds, params(47, 2, 8, MSEQ_FIT_EXACT, MSEQ_ALIGN_RANDOM), b, 5, 4);
    EXPECT_EQ(gaps_of(la), gaps_of(lb));
}

// ---------------------------------------------------------------------------
// Scaling

TEST(Layout, WideStripIsScaledAndCentredVertically) {
    const mseq::SourceData ds = every_digit(4, 4);
    const int digits[] = {1, 2};
    // S = 8, W = 4: s = 1/2, h = round(4 * 4 / 8) = 2, y0 = 1.
    const Layout l = mseq::plan_layout(ds, params(4, 0, 0), digits, 2, 0);
    EXPECT_TRUE(l.scaled);
    EXPECT_EQ(l.strip, 8);
    EXPECT_EQ(l.height, 2);
    EXPECT_EQ(l.y0, 1);
    EXPECT_EQ(mseq::layout_scale(l), 0.5f);
    std::array<mseq_placement, 2> p{};
    mseq::fill_placements(l, p.data());
    EXPECT_EQ(p[0].x_begin, 0);
    EXPECT_EQ(p[0].x_end, 2);
    EXPECT_EQ(p[1].x_begin, 2);
    EXPECT_EQ(p[1].x_end, 4);
    for (const auto &q : p) {
        EXPECT_EQ(q.y_begin, 1);
        EXPECT_EQ(q.y_end, 3);
    }
}

TEST(Layout, ScaledHeightAndPlacementsRoundHalfUp) {
    const mseq::SourceData ds = every_digit(28, 28);
    const int digits[] = {1, 2, 3, 4, 5, 6};
    // S = 6 * 28 + 5 * 2 = 178, W = 100: h = round(28 * 100 / 178) =
    // round(15.73) = 16, y0 = 6; s = 0.5618.
    const Layout l = mseq::plan_layout(ds, params(100, 2, 2), digits, 6, 0);
    ASSERT_TRUE(l.scaled);
    EXPECT_EQ(l.height, 16);
    EXPECT_EQ(l.y0, 6);
    EXPECT_EQ(mseq::layout_scale(l), float(100.0 / 178.0));
    std::array<mseq_placement, 6> p{};
    mseq::fill_placements(l, p.data());
    for (size_t j = 0; j < 6; ++j) {
        const double begin = double(30 * j) * 100.0 / 178.0;
        const double end = double(30 * j + 28) * 100.0 / 178.0;
        EXPECT_EQ(p[j].x_begin, int32_t(std::floor(begin + 0.5))) << j;
        EXPECT_EQ(p[j].x_end, int32_t(std::floor(end + 0.5))) << j;
        EXPECT_EQ(p[j].y_begin, 6);
        EXPECT_EQ(p[j].y_end, 22);
    }
    EXPECT_EQ(p[5].x_end, 100);
}

TEST(Layout, ExtremeShrinkKeepsOneRow) {
    const mseq::SourceData ds = every_digit(4, 4);
    std::vector<int> digits(100, 8);
    // S = 400 + 99 * 1000, W = 3: h = max(1, round(4 * 3 / S)) = 1.
    const Layout l =
        mseq::plan_layout(ds, params(3, 1000, 1000), digits.data(), 100, 0);
    EXPECT_TRUE(l.scaled);
    EXPECT_EQ(l.height, 1);
    EXPECT_EQ(l.y0, 1);
}

}  // namespace
