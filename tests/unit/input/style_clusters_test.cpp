// Style clusters (style_clusters.hpp): the statistics of drawn glyphs, the
// bins (every cluster holds its share of every class), and on MNIST, that
// the digits of an image drawn with MSEQ_STYLE_CONSISTENT vary in slant and
// stroke width much less than the digits of different images.
#include "input/style_clusters.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "generate/layout.hpp"
#include "generate/rng.hpp"
#include "mnist_split.hpp"

namespace {

// A bar of `width` columns from top to bottom, shifted `lean` columns to
// the right per row up (x = x0 - lean * y), in a 28 x 28 glyph.
std::vector<uint8_t> bar(double lean, int width) {
    std::vector<uint8_t> g(28 * 28, 0);
    for (int y = 2; y < 26; ++y) {
        const int x0 = int(std::lround(14 - lean * (y - 14)));
        for (int x = x0; x < x0 + width; ++x) g[size_t(y * 28 + x)] = 255;
    }
    return g;
}

TEST(StyleClusters, SlantAndWidthOfDrawnBars) {
    const mseq::GlyphStyle upright =
        mseq::glyph_style(bar(0, 3).data(), 28, 28);
    EXPECT_NEAR(upright.slant, 0, 1e-9);
    const mseq::GlyphStyle right =
        mseq::glyph_style(bar(0.3, 3).data(), 28, 28);
    EXPECT_NEAR(right.slant, -0.3, 0.03) << "leaning right: x falls as y grows";
    const mseq::GlyphStyle left =
        mseq::glyph_style(bar(-0.3, 3).data(), 28, 28);
    EXPECT_NEAR(left.slant, 0.3, 0.03);
    // Width: area over half the boundary; a 24 x w bar has area 24 w and
    // a boundary of every pixel when w <= 2, else 2 * 24 + 2 * (w - 2).
    EXPECT_NEAR(mseq::glyph_style(bar(0, 2).data(), 28, 28).width, 48.0 / 24.0,
                1e-9);
    EXPECT_NEAR(mseq::glyph_style(bar(0, 5).data(), 28, 28).width, 120.0 / 27.0,
                1e-9);
    const std::vector<uint8_t> empty(28 * 28, 0);
    EXPECT_EQ(mseq::glyph_style(empty.data(), 28, 28).width, 0);
}

TEST(StyleClusters, EveryClusterHoldsItsShareOfEveryClass) {
    const mseq::SourceData &ds = mseq_test::mnist_test();
    const mseq::Writers w =
        mseq::style_clusters(ds.pixels.data(), ds.labels, ds.rows, ds.cols);
    const size_t clusters = size_t(mseq::kSlantBins) * mseq::kWidthBins;
    ASSERT_EQ(w.ids.size(), clusters);
    std::vector<size_t> count(clusters * 10, 0);
    for (size_t i = 0; i < ds.size(); ++i) ++count[w.of[i] * 10 + ds.labels[i]];
    for (int d = 0; d < 10; ++d) {
        const double share =
            double(ds.by_class[size_t(d)].size()) / double(clusters);
        for (size_t c = 0; c < clusters; ++c) {
            EXPECT_NEAR(double(count[c * 10 + size_t(d)]), share, 1.5)
                << "cluster " << c << " digit " << d;
        }
    }
}

// The spread (standard deviation) of the digits' statistics within each of
// 300 images of 6 digits, and across the images, for a pick function.
struct Spread {
    double slant_within = 0, slant_across = 0;
    double width_within = 0, width_across = 0;
};

template <class Pick>
Spread spread(const mseq::SourceData &ds, Pick pick) {
    const int digits[6] = {0, 3, 4, 5, 7, 9};
    Spread out;
    std::vector<double> all_slant, all_width;
    double ws = 0, ww = 0;
    for (uint64_t i = 0; i < 300; ++i) {
        mseq::Stream hand(5, i, mseq::Purpose::writer);
        mseq::Stream glyphs(5, i, mseq::Purpose::glyph);
        uint32_t picked[6];
        pick(ds, digits, 6, hand, glyphs, picked);
        // Each statistic relative to its class's mean, so that the
        // classes' own shapes do not count as style.
        double ms = 0, mw = 0, s[6], w[6];
        for (int j = 0; j < 6; ++j) {
            const mseq::GlyphStyle g =
                mseq::glyph_style(ds.glyph(picked[j]), ds.rows, ds.cols);
            s[j] = g.slant;
            w[j] = g.width;
        }
        for (int j = 0; j < 6; ++j) {
            ms += s[j] / 6;
            mw += w[j] / 6;
        }
        for (int j = 0; j < 6; ++j) {
            ws += (s[j] - ms) * (s[j] - ms) / (300 * 5);
            ww += (w[j] - mw) * (w[j] - mw) / (300 * 5);
        }
        all_slant.push_back(ms);
        all_width.push_back(mw);
    }
    auto sd = [](const std::vector<double> &v) {
        double m = 0, q = 0;
        for (double x : v) m += x / double(v.size());
        for (double x : v) q += (x - m) * (x - m) / double(v.size() - 1);
        return std::sqrt(q);
    };
    out.slant_within = std::sqrt(ws);
    out.width_within = std::sqrt(ww);
    out.slant_across = sd(all_slant);
    out.width_across = sd(all_width);
    return out;
}

TEST(StyleClusters, DigitsOfAnImageLookAlike) {
    const mseq::SourceData &ds = mseq_test::mnist_train();
    const Spread same = spread(ds, mseq::pick_same_style);
    const Spread any =
        spread(ds, [](const mseq::SourceData &d, const int *digits, size_t n,
                      mseq::Stream &, mseq::Stream &glyphs, uint32_t *out) {
            mseq::pick_glyphs(d, digits, n, glyphs, out);
        });
    // Within an image, consistent digits vary much less than random ones
    // do, and much less than the images' averages vary between images.
    EXPECT_LT(same.slant_within, 0.6 * any.slant_within);
    EXPECT_LT(same.width_within, 0.6 * any.width_within);
    EXPECT_LT(same.slant_within, same.slant_across * std::sqrt(6.0) * 0.6);
    EXPECT_LT(same.width_within, same.width_across * std::sqrt(6.0) * 0.6);
    // Style picks are glyphs of the asked classes.
    mseq::Stream hand(1, 1, mseq::Purpose::writer),
        glyphs(1, 1, mseq::Purpose::glyph);
    const int digits[3] = {8, 1, 2};
    uint32_t out[3];
    mseq::pick_same_style(ds, digits, 3, hand, glyphs, out);
    for (int j = 0; j < 3; ++j) EXPECT_EQ(ds.labels[out[j]], digits[j]);
}

}  // namespace
