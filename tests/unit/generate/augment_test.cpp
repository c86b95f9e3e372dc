// Per-digit augmentation (augment.hpp) through one image (generator.hpp):
// off changes nothing, modules draw from their own streams, the drawn
// values follow their documented laws, and every image is a pure function
// of (params, digits, index), whatever the thread count.
#include "generate/augment.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "generate/batch.hpp"
#include "generate/elastic.hpp"
#include "generate/generator.hpp"
#include "generate/params.hpp"
#include "generate/photometric.hpp"
#include "input/source_data.hpp"
#include "mnist_split.hpp"

namespace {

constexpr auto mnist = &mseq_test::mnist_test;

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
    p.elastic_alpha = 34;
    p.elastic_sigma = 4;
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
    const struct {
        double mseq::Params::*field;
        double value;
    } fields[] = {
        {&mseq::Params::rotate, 0.5},      {&mseq::Params::shear, 0.5},
        {&mseq::Params::digit_scale, 0.5}, {&mseq::Params::aspect, 0.5},
        {&mseq::Params::shift_y, 0.5},     {&mseq::Params::thickness, 0.5},
        {&mseq::Params::elastic_alpha, 8}};
    for (const auto &f : fields) {
        mseq::Params p = base();
        p.*f.field = f.value;
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

TEST(Augment, PresetsFillTheModulesLeftAtZeroAndStrengthScalesAll) {
    mseq::Params p = base();
    p.preset = MSEQ_PRESET_MEDIUM;
    EXPECT_TRUE(mseq::augmentation_on(p));
    const mseq::AugmentRanges medium = mseq::preset_ranges(MSEQ_PRESET_MEDIUM);
    mseq::AugmentRanges r = mseq::augment_ranges(p);
    EXPECT_EQ(r.rotate, medium.rotate);
    EXPECT_EQ(r.thickness, medium.thickness);
    EXPECT_EQ(r.rotate, 10.0);  // the header's table
    EXPECT_EQ(mseq::preset_ranges(MSEQ_PRESET_HEAVY).shear, 20.0);
    EXPECT_EQ(mseq::preset_ranges(MSEQ_PRESET_LIGHT).digit_scale, 0.05);
    // A module's own value wins over the preset's.
    p.rotate = 3;
    r = mseq::augment_ranges(p);
    EXPECT_EQ(r.rotate, 3.0);
    EXPECT_EQ(r.shear, medium.shear);
    // Strength scales every range, own or preset.
    p.strength = 0.5;
    r = mseq::augment_ranges(p);
    EXPECT_EQ(r.rotate, 1.5);
    EXPECT_EQ(r.shear, medium.shear * 0.5);
    // Strength 0 is off: the plain image, bit for bit.
    p.strength = 0;
    EXPECT_FALSE(mseq::augmentation_on(p));
    for (uint64_t i = 0; i < 5; ++i) {
        EXPECT_EQ(make(p, i).pixels, make(base(), i).pixels);
    }
    // And the preset's draws are those of the same ranges set by hand.
    mseq::Params preset = base(), own = base();
    preset.preset = MSEQ_PRESET_HEAVY;
    const mseq::AugmentRanges heavy = mseq::preset_ranges(MSEQ_PRESET_HEAVY);
    own.rotate = heavy.rotate;
    own.shear = heavy.shear;
    own.digit_scale = heavy.digit_scale;
    own.aspect = heavy.aspect;
    own.shift_y = heavy.shift_y;
    own.thickness = heavy.thickness;
    // The preset fills the whole image's modules too (photometric.hpp).
    const mseq::PhotometricRanges whole =
        mseq::photometric_preset(MSEQ_PRESET_HEAVY);
    own.noise_std = whole.noise_std;
    own.salt_pepper = whole.salt_pepper;
    own.blur_sigma = whole.blur_sigma;
    own.contrast = whole.contrast;
    own.brightness = whole.brightness;
    own.gamma = whole.gamma;
    own.ink_level = whole.ink_level;
    own.paper_level = whole.paper_level;
    own.background_strength = whole.background_strength;
    EXPECT_EQ(make(preset, 4).pixels, make(own, 4).pixels);
    EXPECT_NE(make(preset, 4).pixels, make(base(), 4).pixels);
}

TEST(Augment, DigitsWarpTheSameFromTheStoreAndFromWholeGlyphs) {
    // The split's glyph store gives each glyph's cropped ink and box; a
    // copy without the store warps the whole glyphs.
    ASSERT_TRUE(mnist().has_store());
    mseq::SourceData whole = mnist();
    whole.store = mseq::GlyphStore{};
    ASSERT_FALSE(whole.has_store());
    mseq::Params p = medium();
    p.wave_amplitude = 2;
    for (uint64_t i = 0; i < 200; ++i) {
        const mseq::Layout layout =
            mseq::plan_layout(mnist(), p, kDigits, 5, i);
        mseq::WarpedDigits a, b;
        mseq::warp_digits(mnist(), p, i, layout, a);
        mseq::warp_digits(whole, p, i, layout, b);
        ASSERT_EQ(a.ds.pixels, b.ds.pixels) << i;
    }
}

TEST(Augment, ElasticSigmaAloneChangesNothing) {
    for (double sigma : {1.0, 4.0, 9.5, 16.0}) {
        mseq::Params p = base();
        p.elastic_sigma = sigma;
        EXPECT_FALSE(mseq::augmentation_on(p));
        for (uint64_t i = 0; i < 5; ++i) {
            EXPECT_EQ(make(p, i).pixels, make(base(), i).pixels);
        }
    }
}

// The elastic field of digit j of sample i under p (dx, then dy).
std::vector<double> field(const mseq::Params &p, uint64_t i, size_t j) {
    mseq::ElasticBuffers b;
    b.kernel = mseq::gaussian_kernel(p.elastic_sigma);
    const float *f = mseq::draw_elastic(p, i, j, 28, 28, b);
    return std::vector<double>(f, f + 2 * 28 * 28);
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
    // The elastic module: switching it on or off changes no other draw,
    // and the other modules change none of its draws.
    mseq::Params no_elastic = all;
    no_elastic.elastic_alpha = 0;
    mseq::Params only_elastic = base();
    only_elastic.elastic_alpha = all.elastic_alpha;
    for (uint64_t i = 0; i < 20; ++i) {
        for (size_t j = 0; j < 5; ++j) {
            const mseq::DigitWarp a = mseq::draw_warp(all, i, j);
            const mseq::DigitWarp b = mseq::draw_warp(no_elastic, i, j);
            EXPECT_EQ(a.angle, b.angle);
            EXPECT_EQ(a.shear, b.shear);
            EXPECT_EQ(a.scale_x, b.scale_x);
            EXPECT_EQ(a.scale_y, b.scale_y);
            EXPECT_EQ(a.shift_y, b.shift_y);
            EXPECT_EQ(a.thickness, b.thickness);
            EXPECT_EQ(a.elastic, nullptr);
            EXPECT_EQ(field(all, i, j), field(only_elastic, i, j));
        }
    }
    // Deterministic, and its own per digit and sample.
    EXPECT_EQ(field(all, 3, 2), field(all, 3, 2));
    EXPECT_NE(field(all, 3, 2), field(all, 3, 1));
    EXPECT_NE(field(all, 3, 2), field(all, 4, 2));
    mseq::Params reseeded = all;
    reseeded.seed += 1;
    EXPECT_NE(field(all, 3, 2), field(reseeded, 3, 2));
}

// Pearson's correlation of the pairs (a[i], b[i]).
double correlation(const std::vector<double> &a, const std::vector<double> &b) {
    double ma = 0, mb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        ma += a[i];
        mb += b[i];
    }
    ma /= double(a.size());
    mb /= double(b.size());
    double ab = 0, aa = 0, bb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        ab += (a[i] - ma) * (b[i] - mb);
        aa += (a[i] - ma) * (a[i] - ma);
        bb += (b[i] - mb) * (b[i] - mb);
    }
    return ab / std::sqrt(aa * bb);
}

struct FieldStats {
    double mean = 0;             // of every displacement
    double interior_rms = 0;     // where the kernel lies inside the cell
    double right = 0, down = 0;  // lag-1 correlations along x and along y
    double dx_dy = 0;            // of dx and dy at the same pixel
};

FieldStats field_stats(const mseq::Params &p, size_t digits) {
    const size_t side = 28, n = side * side;
    const size_t r = mseq::gaussian_kernel(p.elastic_sigma).size() - 1;
    FieldStats s;
    std::vector<double> a, right, b, down, dx, dy;
    double sum = 0, interior = 0;
    size_t count = 0, interior_count = 0;
    for (size_t d = 0; d < digits; ++d) {
        const std::vector<double> f = field(p, d / 5, d % 5);
        for (size_t y = 0; y < side; ++y) {
            for (size_t x = 0; x < side; ++x) {
                for (size_t axis = 0; axis < 2; ++axis) {
                    const double v = f[axis * n + y * side + x];
                    sum += v;
                    ++count;
                    if (std::min({x, y, side - 1 - x, side - 1 - y}) >= r) {
                        interior += v * v;
                        ++interior_count;
                    }
                    if (x + 1 < side) {
                        a.push_back(v);
                        right.push_back(f[axis * n + y * side + x + 1]);
                    }
                    if (y + 1 < side) {
                        b.push_back(v);
                        down.push_back(f[axis * n + (y + 1) * side + x]);
                    }
                }
                dx.push_back(f[y * side + x]);
                dy.push_back(f[n + y * side + x]);
            }
        }
    }
    s.mean = sum / double(count);
    s.interior_rms = std::sqrt(interior / double(interior_count));
    s.right = correlation(a, right);
    s.down = correlation(b, down);
    s.dx_dy = correlation(dx, dy);
    return s;
}

// The root mean square of a displacement away from the cell's edges:
// alpha sqrt(Var(noise) sum over (i, j) of (w_i w_j)^2), Var(noise) = 1/3.
double expected_rms(double alpha, double sigma) {
    const std::vector<double> w = mseq::gaussian_kernel(sigma);
    double sq = w[0] * w[0];
    for (size_t k = 1; k < w.size(); ++k) sq += 2 * w[k] * w[k];
    return alpha * std::sqrt(1.0 / 3.0) * sq;
}

TEST(Augment, ElasticFieldIsSmoothCentredAndScaledByAlpha) {
    mseq::Params p = base();
    p.elastic_alpha = 34;
    p.elastic_sigma = 4;
    const FieldStats s = field_stats(p, 2000);
    const double rms = expected_rms(34, 4);
    // Simard's values move ink by about 1.4 pixels along each axis.
    EXPECT_GT(rms, 1.3);
    EXPECT_LT(rms, 1.5);
    EXPECT_NEAR(s.interior_rms, rms, 0.04 * rms);
    EXPECT_LT(std::fabs(s.mean), 0.03 * rms);
    // Neighbours move together: Gaussian-smoothed white noise has the
    // correlation e^(-1 / (4 sigma^2)) = 0.98 at lag 1.
    EXPECT_GT(s.right, 0.95);
    EXPECT_GT(s.down, 0.95);
    EXPECT_LT(std::fabs(s.dx_dy), 0.05);
    // A smaller sigma: rougher (e^(-1/4) = 0.78) and larger.
    p.elastic_sigma = 1;
    const FieldStats rough = field_stats(p, 2000);
    EXPECT_GT(rough.right, 0.65);
    EXPECT_LT(rough.right, 0.88);
    EXPECT_LT(rough.down, 0.88);
    EXPECT_NEAR(rough.interior_rms, expected_rms(34, 1),
                0.04 * rough.interior_rms);
    EXPECT_GT(rough.interior_rms, 3 * s.interior_rms);
    // The size grows linearly with alpha: the same noise, scaled.
    for (double alpha : {1.0, 8.5, 100.0}) {
        mseq::Params q = base();
        q.elastic_alpha = alpha;
        mseq::Params unit = q;
        unit.elastic_alpha = 1;
        const std::vector<double> f = field(q, 7, 3), g = field(unit, 7, 3);
        // The sums times float(alpha) (alpha 1 leaves them as they are).
        for (size_t i = 0; i < f.size(); ++i) {
            ASSERT_EQ(f[i], double(float(alpha) * float(g[i]))) << alpha;
        }
    }
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
    p.baseline_slope = 4;
    p.wave_amplitude = 2.5;
    p.wave_period = 90;
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

// The baseline along the sequence: slope and wave.

mseq::Params waved() {
    mseq::Params p = base();
    p.baseline_slope = 3;
    p.wave_amplitude = 2;
    p.wave_period = 100;
    return p;
}

TEST(Baseline, OffByDefaultAndThePeriodAloneChangesNothing) {
    EXPECT_FALSE(mseq::baseline_on(mseq::Params{}));
    EXPECT_EQ(mseq::Params{}.wave_period, 160.0);  // the header's default
    mseq::Params p = base();
    for (double period : {8.0, 33.5, 160.0, 65536.0}) {
        p.wave_period = period;
        EXPECT_FALSE(mseq::augmentation_on(p));
        for (uint64_t i = 0; i < 5; ++i) {
            EXPECT_EQ(make(p, i).pixels, make(base(), i).pixels) << period;
        }
    }
    // No preset sets it; the strength scales both ranges.
    for (mseq_preset preset :
         {MSEQ_PRESET_LIGHT, MSEQ_PRESET_MEDIUM, MSEQ_PRESET_HEAVY}) {
        p.preset = preset;
        EXPECT_FALSE(mseq::baseline_on(p));
        EXPECT_EQ(mseq::preset_ranges(preset).baseline_slope, 0.0);
        EXPECT_EQ(mseq::preset_ranges(preset).wave_amplitude, 0.0);
    }
    p = waved();
    p.strength = 0;
    EXPECT_FALSE(mseq::baseline_on(p));
    EXPECT_FALSE(mseq::augmentation_on(p));
    EXPECT_EQ(make(p, 3).pixels, make(base(), 3).pixels);
    p.strength = 0.5;
    mseq::Params half = waved();
    half.baseline_slope = 1.5;
    half.wave_amplitude = 1;
    for (uint64_t i = 0; i < 20; ++i) {
        const mseq::Baseline a = mseq::draw_baseline(p, i);
        const mseq::Baseline b = mseq::draw_baseline(half, i);
        EXPECT_EQ(a.slope, b.slope);
        EXPECT_EQ(a.amplitude, b.amplitude);
        EXPECT_EQ(a.phase, b.phase);
    }
    // Either module turns it on, moves the digits and keeps the picks and
    // the gaps.
    for (int which = 0; which < 2; ++which) {
        mseq::Params q = base();
        (which == 0 ? q.baseline_slope : q.wave_amplitude) = 3;
        EXPECT_TRUE(mseq::baseline_on(q));
        EXPECT_TRUE(mseq::augmentation_on(q));
        int changed = 0;
        for (uint64_t i = 0; i < 20; ++i) {
            const Image plain = make(base(), i), moved = make(q, i);
            EXPECT_TRUE(same_placements(plain, moved)) << i;
            changed += plain.pixels != moved.pixels;
        }
        EXPECT_GE(changed, 15) << which;
    }
}

TEST(Baseline, DrawsFromItsOwnStreamsAndChangesNoOtherDraw) {
    mseq::Params slope = base(), wave = base();
    slope.baseline_slope = 3;
    wave.wave_amplitude = 2;
    mseq::Params all = medium();
    all.baseline_slope = 3;
    all.wave_amplitude = 2;
    all.noise_std = 0.1;
    for (uint64_t i = 0; i < 50; ++i) {
        const mseq::Baseline s = mseq::draw_baseline(slope, i);
        const mseq::Baseline w = mseq::draw_baseline(wave, i);
        const mseq::Baseline a = mseq::draw_baseline(all, i);
        EXPECT_EQ(s.slope, a.slope);
        EXPECT_EQ(s.tan_slope, a.tan_slope);
        EXPECT_EQ(w.amplitude, a.amplitude);
        EXPECT_EQ(w.phase, a.phase);
        EXPECT_EQ(s.amplitude, 0.0);  // off: nothing drawn
        EXPECT_EQ(w.slope, 0.0);
        EXPECT_EQ(w.tan_slope, 0.0);
        for (size_t j = 0; j < 5; ++j) {
            const mseq::DigitWarp x = mseq::draw_warp(medium(), i, j);
            const mseq::DigitWarp y = mseq::draw_warp(all, i, j);
            EXPECT_EQ(x.angle, y.angle);
            EXPECT_EQ(x.shift_y, y.shift_y);
            EXPECT_EQ(x.thickness, y.thickness);
        }
    }
    EXPECT_NE(mseq::draw_baseline(slope, 0).slope,
              mseq::draw_baseline(slope, 1).slope);
    mseq::Params reseeded = wave;
    reseeded.seed += 1;
    EXPECT_NE(mseq::draw_baseline(wave, 0).phase,
              mseq::draw_baseline(reseeded, 0).phase);
    // In the image: every digit is its own warp with the baseline's offset
    // added to its shift, the elastic field and the other modules as drawn
    // without the baseline.
    const mseq::Params no_baseline = medium();
    for (uint64_t i = 0; i < 10; ++i) {
        const mseq::Layout layout =
            mseq::plan_layout(mnist(), all, kDigits, 5, i);
        mseq::WarpedDigits got;
        mseq::warp_digits(mnist(), all, i, layout, got);
        const mseq::Baseline b = mseq::draw_baseline(all, i);
        mseq::ElasticBuffers eb;
        eb.kernel = mseq::gaussian_kernel(no_baseline.elastic_sigma);
        std::vector<uint8_t> scratch, want(28 * 28);
        for (size_t j = 0; j < 5; ++j) {
            mseq::DigitWarp w = mseq::draw_warp(no_baseline, i, j);
            w.elastic = mseq::draw_elastic(no_baseline, i, j, 28, 28, eb);
            const double dy = mseq::baseline_offset(b, layout, j);
            EXPECT_NE(dy, 0.0);
            w.shift_y += dy;
            mseq::warp_glyph(mnist().glyph(layout.glyph[j]), 28, 28, w, scratch,
                             want.data());
            const uint8_t *g = got.ds.glyph(uint32_t(j));
            EXPECT_TRUE(std::equal(want.begin(), want.end(), g)) << i << j;
        }
    }
}

TEST(Baseline, OffsetIsTheSlopeAndTheSineAtEachCellCentre) {
    mseq::Layout l;
    l.count = 4;
    l.rows = 28;
    l.cols = 28;
    l.cell_x[0] = 0;
    l.cell_x[1] = 31;
    l.cell_x[2] = 57;
    l.cell_x[3] = 90;
    l.strip = 118;
    const double pi = std::acos(-1.0);
    for (double theta : {-45.0, -7.25, 0.0, 3.0, 45.0}) {
        for (double a : {0.0, 2.5, 1024.0}) {
            for (double period : {8.0, 100.0, 65536.0}) {
                mseq::Baseline b;
                b.slope = theta;
                b.tan_slope = std::tan(theta * pi / 180);
                b.amplitude = a;
                b.phase = 359.5;
                b.period = period;
                for (size_t j = 0; j < 4; ++j) {
                    const double x = double(l.cell_x[j]) + 14;
                    const double want =
                        -b.tan_slope * (x - 59) +
                        a * std::sin(2 * pi * x / period + b.phase * pi / 180);
                    EXPECT_NEAR(mseq::baseline_offset(b, l, j), want,
                                1e-9 * (1 + a + std::fabs(x)))
                        << theta << " " << a << " " << period << " " << j;
                }
            }
        }
    }
    // Positive: rising to the right, about the strip's middle.
    mseq::Params p = base();
    p.baseline_slope = 10;
    for (uint64_t i = 0; i < 40; ++i) {
        const mseq::Baseline b = mseq::draw_baseline(p, i);
        EXPECT_NEAR(b.tan_slope, std::tan(b.slope * pi / 180), 1e-15);
        const double first = mseq::baseline_offset(b, l, 0);
        const double last = mseq::baseline_offset(b, l, 3);
        EXPECT_EQ(first > 0, b.slope > 0) << i;
        EXPECT_EQ(last<0, b.slope> 0) << i;
        EXPECT_NEAR(first, -last, 1e-9);  // 14 and 104 straddle 59
    }
}

// The ink's vertical centre of mass of a rows x cols glyph, and its rows.
double centre_y(const uint8_t *g, size_t rows, size_t cols, size_t &top,
                size_t &bottom) {
    double mass = 0, moment = 0;
    top = rows;
    bottom = 0;
    for (size_t y = 0; y < rows; ++y) {
        for (size_t x = 0; x < cols; ++x) {
            const double v = g[y * cols + x];
            if (v == 0) continue;
            mass += v;
            moment += v * double(y);
            top = std::min(top, y);
            bottom = std::max(bottom, y);
        }
    }
    return moment / mass;
}

TEST(Baseline, EachDigitMovesWholeByItsOffset) {
    mseq::Params p = base(400);
    p.baseline_slope = 1;
    p.wave_amplitude = 2;
    p.wave_period = 60;
    size_t checked = 0;
    for (uint64_t i = 0; i < 60; ++i) {
        const int digits[] = {3, 1, 4, 1, 5, 9, 2, 6};
        const mseq::Layout layout = mseq::plan_layout(mnist(), p, digits, 8, i);
        mseq::WarpedDigits w;
        mseq::warp_digits(mnist(), p, i, layout, w);
        const mseq::Baseline b = mseq::draw_baseline(p, i);
        for (size_t j = 0; j < 8; ++j) {
            const double dy = mseq::baseline_offset(b, layout, j);
            size_t top = 0, bottom = 0, t2 = 0, b2 = 0;
            const double before =
                centre_y(mnist().glyph(layout.glyph[j]), 28, 28, top, bottom);
            // Only digits that stay inside their cell (none is cut off).
            if (double(top) + dy < 1 || double(bottom) + dy > 26) continue;
            const double after =
                centre_y(w.ds.glyph(uint32_t(j)), 28, 28, t2, b2);
            EXPECT_NEAR(after - before, dy, 0.02) << i << " " << j;
            ++checked;
        }
    }
    EXPECT_GT(checked, 250u);
}

TEST(Baseline, DrawsFollowTheirDocumentedLaws) {
    mseq::Params p = base();
    p.baseline_slope = 6;
    p.wave_amplitude = 3;
    std::vector<double> slope, amplitude, phase;
    for (uint64_t i = 0; i < 4000; ++i) {
        const mseq::Baseline b = mseq::draw_baseline(p, i);
        slope.push_back(b.slope);
        amplitude.push_back(b.amplitude);
        phase.push_back(b.phase);
        EXPECT_EQ(b.period, 160.0);
    }
    const double critical = 1.63 / std::sqrt(4000.0);
    EXPECT_LT(ks_uniform(slope, -6, 6), critical);
    EXPECT_LT(ks_uniform(amplitude, 0, 3), critical);
    EXPECT_LT(ks_uniform(phase, 0, 360), critical);
    // And not some other law.
    EXPECT_GT(ks_uniform(slope, 0, 6), critical);
    EXPECT_GT(ks_uniform(amplitude, -3, 3), critical);
    EXPECT_GT(ks_uniform(phase, 0, 180), critical);
    // The slope and the wave of one image are independent draws.
    EXPECT_LT(std::fabs(correlation(slope, amplitude)), 0.05);
    EXPECT_LT(std::fabs(correlation(amplitude, phase)), 0.05);
}

TEST(Baseline, APeriodOutsideItsBoundsIsRefusedNamingTheOption) {
    // A Params that did not come through set_param().
    mseq::Params p = waved();
    for (double bad : {0.0, 7.5, std::nan(""), 1e300}) {
        p.wave_period = bad;
        try {
            mseq::draw_baseline(p, 0);
            ADD_FAILURE() << bad;
        } catch (const mseq::Error &e) {
            EXPECT_EQ(e.code(), MSEQ_EINVAL);
            EXPECT_NE(std::string(e.what()).find("MSEQ_PARAM_WAVE_PERIOD"),
                      std::string::npos);
        }
    }
}

}  // namespace
