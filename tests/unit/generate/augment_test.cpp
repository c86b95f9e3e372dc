// Per-digit augmentation (augment.hpp) through one image (generator.hpp):
// off changes nothing, modules draw from their own streams, the drawn
// values follow their documented laws, and every image is a pure function
// of (params, digits, index), whatever the thread count.
#include "generate/augment.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "generate/batch.hpp"
#include "generate/generator.hpp"
#include "generate/params.hpp"
#include "input/source_data.hpp"

namespace {

const mseq::SourceData &mnist() {
    static const mseq::SourceData ds =
        mseq::load_source_data(MNISTSEQ_TEST_DATA_DIR, mseq::Split::test);
    return ds;
}

mseq::Params base(int64_t width = 160) {
    mseq::Params p;
    p.width = width;
    p.min_spacing = 0;
    p.max_spacing = 10;
    p.seed = 77;
    p.format = MSEQ_FORMAT_U8;
    return p;
}

mseq::Params medium() {
    mseq::Params p = base();
    p.rotate = 12;
    p.shear = 15;
    p.digit_scale = 0.15;
    p.aspect = 0.1;
    p.shift_y = 2;
    p.thickness = 0.8;
    return p;
}

const int kDigits[] = {3, 1, 4, 1, 5};

struct Image {
    std::vector<uint8_t> pixels;
    std::vector<mseq_placement> placements;
};

Image make(const mseq::Params &p, uint64_t index) {
    Image im;
    im.pixels.resize(mseq::image_bytes(mnist(), p));
    im.placements.resize(5);
    mseq::generate_one(mnist(), p, kDigits, 5, index, im.pixels.data(),
                       im.pixels.size(), im.placements.data(), nullptr);
    return im;
}

bool same_placements(const Image &a, const Image &b) {
    return std::equal(a.placements.begin(), a.placements.end(),
                      b.placements.begin(), [](const auto &x, const auto &y) {
                          return x.x_begin == y.x_begin && x.x_end == y.x_end &&
                                 x.source_index == y.source_index;
                      });
}

TEST(Augment, OffByDefaultAndEachModuleTurnsItOn) {
    EXPECT_FALSE(mseq::augmentation_on(mseq::Params{}));
    double mseq::Params::*fields[] = {
        &mseq::Params::rotate,      &mseq::Params::shear,
        &mseq::Params::digit_scale, &mseq::Params::aspect,
        &mseq::Params::shift_y,     &mseq::Params::thickness};
    for (auto field : fields) {
        mseq::Params p = base();
        p.*field = 0.5;
        EXPECT_TRUE(mseq::augmentation_on(p));
        // The image changes; the picks and the gaps do not.
        int changed = 0;
        for (uint64_t i = 0; i < 20; ++i) {
            const Image plain = make(base(), i), augmented = make(p, i);
            EXPECT_TRUE(same_placements(plain, augmented)) << i;
            changed += plain.pixels != augmented.pixels;
        }
        EXPECT_GE(changed, 15);
    }
}

TEST(Augment, EachModuleDrawsFromItsOwnStream) {
    mseq::Params one = base();
    one.rotate = 20;
    const mseq::Params all = medium();
    mseq::Params all_rotate = all;
    all_rotate.rotate = 20;
    for (uint64_t i = 0; i < 50; ++i) {
        for (size_t j = 0; j < 5; ++j) {
            const mseq::DigitWarp a = mseq::draw_warp(one, i, j);
            const mseq::DigitWarp b = mseq::draw_warp(all_rotate, i, j);
            const mseq::DigitWarp c = mseq::draw_warp(all, i, j);
            EXPECT_EQ(a.angle, b.angle);  // others on: same angle
            EXPECT_EQ(b.shear, c.shear);  // rotate changed: same shear
            EXPECT_EQ(b.thickness, c.thickness);
            EXPECT_EQ(a.shear, 0.0);  // off modules leave the identity
            EXPECT_EQ(a.scale_x, 1.0);
        }
    }
    // Digits and samples draw differently.
    EXPECT_NE(mseq::draw_warp(one, 0, 0).angle,
              mseq::draw_warp(one, 0, 1).angle);
    EXPECT_NE(mseq::draw_warp(one, 0, 0).angle,
              mseq::draw_warp(one, 1, 0).angle);
}

// Kolmogorov-Smirnov distance of samples from the uniform law on [lo, hi].
double ks_uniform(std::vector<double> v, double lo, double hi) {
    std::sort(v.begin(), v.end());
    double d = 0;
    const double n = double(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
        const double f = (v[i] - lo) / (hi - lo);
        d = std::max({d, std::fabs(f - double(i) / n),
                      std::fabs(double(i + 1) / n - f)});
    }
    return d;
}

TEST(Augment, DrawsFollowTheirDocumentedUniformLaws) {
    const mseq::Params p = medium();
    std::vector<double> angle, shear, scale, aspect, shift, thick;
    for (uint64_t i = 0; i < 4000; ++i) {
        const mseq::DigitWarp w = mseq::draw_warp(p, i, i % 7);
        angle.push_back(w.angle);
        shear.push_back(w.shear);
        scale.push_back(w.scale_y);
        aspect.push_back(w.scale_x / w.scale_y);
        shift.push_back(w.shift_y);
        thick.push_back(w.thickness);
    }
    // 1.63 / sqrt(n): the 1% critical value of the KS statistic.
    const double critical = 1.63 / std::sqrt(4000.0);
    EXPECT_LT(ks_uniform(angle, -12, 12), critical);
    EXPECT_LT(ks_uniform(shear, -15, 15), critical);
    EXPECT_LT(ks_uniform(scale, 0.85, 1.15), critical);
    EXPECT_LT(ks_uniform(aspect, 0.9, 1.1), critical);
    EXPECT_LT(ks_uniform(shift, -2, 2), critical);
    EXPECT_LT(ks_uniform(thick, -0.8, 0.8), critical);
    // And not some other law: against a narrower range the test fails.
    EXPECT_GT(ks_uniform(angle, -10, 10), critical);
}

TEST(Augment, SameBytesInBatchesOnAnyThreadCount) {
    mseq::Params p = medium();
    p.max_length = 7;
    const size_t count = 64;
    const size_t bytes = mseq::image_bytes(mnist(), p);
    std::vector<uint8_t> want;
    for (int threads : {1, 2, 7}) {
        p.threads = threads;
        std::vector<uint8_t> out(bytes * count);
        mseq::BatchOutput o;
        o.out = out.data();
        o.out_size = out.size();
        mseq::generate_batch(mnist(), p, nullptr, 0, 1000, count, o);
        if (want.empty()) {
            want = out;
        } else {
            EXPECT_EQ(out, want) << threads;
        }
    }
    // A batch image is the single image of its index.
    std::vector<uint8_t> one(bytes);
    mseq::Params single = p;
    std::vector<int> seq(16);
    mseq::BatchOutput o;
    std::vector<uint8_t> first(bytes);
    o.out = first.data();
    o.out_size = bytes;
    std::vector<uint32_t> length(1);
    o.lengths = length.data();
    std::vector<mseq_placement> pl(7);
    o.placements = pl.data();
    o.placements_len = pl.size();
    mseq::generate_batch(mnist(), p, nullptr, 0, 1005, 1, o);
    for (uint32_t j = 0; j < length[0]; ++j) seq[j] = pl[j].label;
    mseq::generate_one(mnist(), single, seq.data(), length[0], 1005, one.data(),
                       one.size(), nullptr, nullptr);
    EXPECT_EQ(one, first);
    EXPECT_TRUE(std::equal(one.begin(), one.end(), want.begin() + 5 * bytes));
}

}  // namespace
