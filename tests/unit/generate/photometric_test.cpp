// Augmentation of the whole image (photometric.hpp, background.hpp): off
// changes nothing, each step follows its documented formula or law, each
// module draws from its own stream, the labels never see these steps, and
// every image is a pure function of (params, digits, index), whatever the
// thread count.
#include "generate/photometric.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "generate/annotate.hpp"
#include "generate/augment.hpp"
#include "generate/background.hpp"
#include "generate/batch.hpp"
#include "generate/elastic.hpp"
#include "generate/generator.hpp"
#include "generate/params.hpp"
#include "generate/render.hpp"
#include "generate/rng.hpp"
#include "input/source_data.hpp"
#include "mnist_split.hpp"

namespace {

constexpr auto mnist = &mseq_test::mnist_test;

mseq::Params base(mseq_format format = MSEQ_FORMAT_F32) {
    mseq::Params p;
    p.width = 160;
    p.min_spacing = 0;
    p.max_spacing = 10;
    p.seed = 77;
    p.format = format;
    return p;
}

// Every whole-image module on.
mseq::Params all_on(mseq_format format = MSEQ_FORMAT_F32) {
    mseq::Params p = base(format);
    p.noise_std = 0.1;
    p.salt_pepper = 0.02;
    p.blur_sigma = 1.5;
    p.contrast = 0.3;
    p.brightness = 0.1;
    p.gamma = 0.3;
    p.ink_level = 0.2;
    p.paper_level = 0.2;
    p.background = MSEQ_BACKGROUND_TEXTURE;
    p.background_strength = 0.3;
    return p;
}

const int kDigits[] = {3, 1, 4, 1, 5};

std::vector<uint8_t> make(const mseq::Params &p, uint64_t index,
                          std::vector<mseq_placement> *cells = nullptr) {
    std::vector<uint8_t> out(mseq::image_bytes(mnist(), p));
    std::vector<mseq_placement> pl(5);
    mseq::generate_one(mnist(), p, kDigits, 5, index, out.data(), out.size(),
                       pl.data(), nullptr);
    if (cells != nullptr) *cells = pl;
    return out;
}

std::vector<float> as_floats(const std::vector<uint8_t> &bytes) {
    std::vector<float> v(bytes.size() / 4);
    std::memcpy(v.data(), bytes.data(), bytes.size());
    return v;
}

// The image of `p` with every whole-image module off, dark ink on white
// paper, in F32: what the steps start from.
std::vector<float> clean(const mseq::Params &p, uint64_t index) {
    mseq::Params q = base(MSEQ_FORMAT_F32);
    q.seed = p.seed;
    q.width = p.width;
    return as_floats(make(q, index));
}

void set_module(mseq::Params &p, int m, double v) {
    switch (m) {
        case 0:
            p.noise_std = v;
            break;
        case 1:
            p.salt_pepper = v;
            break;
        case 2:
            p.blur_sigma = v;
            break;
        case 3:
            p.contrast = v;
            break;
        case 4:
            p.brightness = v;
            break;
        case 5:
            p.gamma = v;
            break;
        case 6:
            p.ink_level = v;
            break;
        case 7:
            p.paper_level = v;
            break;
        default:
            p.background = MSEQ_BACKGROUND_GRADIENT;
            p.background_strength = v;
            break;
    }
}
constexpr int kModules = 9;

TEST(Photometric, OffByDefaultAndEachModuleTurnsItOn) {
    EXPECT_FALSE(mseq::photometric_on(mseq::Params{}));
    mseq::Params p = base();
    // A pattern without depth, or the texture's scale, does nothing.
    p.background = MSEQ_BACKGROUND_TEXTURE;
    p.texture_scale = 3;
    EXPECT_FALSE(mseq::photometric_on(p));
    p.background = MSEQ_BACKGROUND_FLAT;
    p.background_strength = 0.5;
    EXPECT_FALSE(mseq::photometric_on(p));
    EXPECT_EQ(make(p, 3), make(base(), 3));
    for (int m = 0; m < kModules; ++m) {
        mseq::Params q = base(MSEQ_FORMAT_U8);
        set_module(q, m, 0.4);
        EXPECT_TRUE(mseq::photometric_on(q)) << m;
        q.strength = 0;
        EXPECT_FALSE(mseq::photometric_on(q)) << m;
    }
}

TEST(Photometric, EachModuleChangesTheImageButNotTheLayout) {
    for (mseq_format f : {MSEQ_FORMAT_F32, MSEQ_FORMAT_U8}) {
        std::vector<mseq_placement> want;
        const std::vector<uint8_t> plain = make(base(f), 11, &want);
        for (int m = 0; m < kModules; ++m) {
            mseq::Params p = base(f);
            set_module(p, m, 0.5);
            std::vector<mseq_placement> got;
            EXPECT_NE(make(p, 11, &got), plain) << m;
            for (size_t j = 0; j < 5; ++j) {
                EXPECT_EQ(got[j].x_begin, want[j].x_begin) << m;
                EXPECT_EQ(got[j].source_index, want[j].source_index) << m;
            }
        }
    }
}

// The generated image is the documented pipeline applied to the clean
// image, with the documented draws, then stored (U8 from F32, invert).
TEST(Photometric, ImageIsThePipelineOnTheCleanImage) {
    for (uint64_t index : {0u, 5u, 123456u}) {
        mseq::Params p = all_on();
        std::vector<float> px = clean(p, index);
        const mseq::PhotometricDraw d = mseq::draw_photometric(p, index);
        std::vector<float> t;
        mseq::texture_pattern(
            mseq::Stream(p.seed, index, mseq::augment_purpose(24, 1)),
            p.texture_scale, 28, 160, t);
        const size_t n = px.size();
        mseq::apply_levels(px.data(), n, d.ink, d.paper, d.depth, t.data());
        mseq::apply_contrast_brightness(px.data(), n, d.contrast, d.brightness);
        mseq::apply_gamma(px.data(), n, d.gamma);
        std::vector<double> scratch;
        ASSERT_GE(d.blur_sigma, 0.05);  // below, no blur
        mseq::apply_blur(px.data(), 28, 160,
                         mseq::gaussian_kernel(d.blur_sigma), scratch);
        mseq::PolarNormal normal(
            mseq::Stream(p.seed, index, mseq::augment_purpose(16, 1)));
        mseq::apply_noise(px.data(), n, d.noise_std, normal);
        mseq::Stream sp(p.seed, index, mseq::augment_purpose(17, 1));
        mseq::apply_salt_pepper(px.data(), n, d.salt_pepper, sp);
        EXPECT_EQ(as_floats(make(p, index)), px) << index;
        // U8: round(v * 255) of the same values.
        p.format = MSEQ_FORMAT_U8;
        const std::vector<uint8_t> u8 = make(p, index);
        for (size_t i = 0; i < n; ++i) {
            ASSERT_EQ(u8[i], mseq::f32_to_u8(px[i])) << i;
        }
        // Invert flips the result: F32 1 - v, U8 from that.
        p.invert = true;
        const std::vector<uint8_t> inv_u8 = make(p, index);
        p.format = MSEQ_FORMAT_F32;
        const std::vector<float> inv = as_floats(make(p, index));
        for (size_t i = 0; i < n; ++i) {
            ASSERT_EQ(inv[i], 1.0f - px[i]) << i;
            ASSERT_EQ(inv_u8[i], mseq::f32_to_u8(1.0f - px[i])) << i;
        }
    }
}

// The image's own values: each over its documented range, uniform (mean
// and Kolmogorov-Smirnov against the uniform law), from its own stream.
double ks_uniform(std::vector<double> v, double lo, double hi) {
    std::sort(v.begin(), v.end());
    double d = 0;
    const double n = double(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
        const double f = (v[i] - lo) / (hi - lo);
        d = std::max({d, f - double(i) / n, double(i + 1) / n - f});
    }
    return d;
}

TEST(Photometric, U8OfValueStepsAloneIsTheF32ImageRounded) {
    // Levels, contrast and brightness alone: unscaled U8 images go through
    // a table of the 256 ink levels, scaled ones and every F32 image
    // through the pixel pass; U8 is f32_to_u8 of F32 either way, inverted
    // or not, on every sample. Overlapping cells (negative spacing) too.
    for (const int64_t width : {200, 110}) {
        for (const bool invert : {false, true}) {
            mseq::Params p = base();
            p.width = width;
            p.min_spacing = width == 200 ? -3 : 0;
            p.max_spacing = 4;
            p.contrast = 0.4;
            p.brightness = 0.2;
            p.ink_level = 0.3;
            p.paper_level = 0.3;
            p.invert = invert;
            for (uint64_t index = 0; index < 60; ++index) {
                SCOPED_TRACE(std::to_string(width) + " " +
                             std::to_string(invert) + " " +
                             std::to_string(index));
                ASSERT_TRUE(
                    mseq::value_steps_only(mseq::draw_photometric(p, index))
                        .has_value());
                p.format = MSEQ_FORMAT_F32;
                const std::vector<float> f32 = as_floats(make(p, index));
                p.format = MSEQ_FORMAT_U8;
                const std::vector<uint8_t> u8 = make(p, index);
                ASSERT_EQ(u8.size(), f32.size());
                for (size_t i = 0; i < u8.size(); ++i) {
                    ASSERT_EQ(u8[i], mseq::f32_to_u8(f32[i])) << i;
                }
            }
        }
    }
    // A pattern, or a step after them, leaves the pixel pass.
    mseq::Params p = base();
    p.contrast = 0.4;
    EXPECT_TRUE(
        mseq::value_steps_only(mseq::draw_photometric(p, 0)).has_value());
    p.gamma = 0.2;
    EXPECT_FALSE(
        mseq::value_steps_only(mseq::draw_photometric(p, 0)).has_value());
    p = all_on();
    EXPECT_FALSE(
        mseq::value_steps_only(mseq::draw_photometric(p, 0)).has_value());
}

TEST(Photometric, DrawnValuesFollowTheirLaws) {
    mseq::Params p = all_on();
    p.background = MSEQ_BACKGROUND_GRADIENT;
    const size_t n = 4000;
    std::vector<double> v[10];
    for (uint64_t i = 0; i < n; ++i) {
        const mseq::PhotometricDraw d = mseq::draw_photometric(p, i);
        v[0].push_back(d.noise_std);
        v[1].push_back(d.salt_pepper);
        v[2].push_back(d.blur_sigma);
        v[3].push_back(d.contrast);
        v[4].push_back(d.brightness);
        v[5].push_back(d.gamma);
        v[6].push_back(d.ink);
        v[7].push_back(d.paper);
        v[8].push_back(d.depth);
        v[9].push_back(d.direction);
    }
    const double lo[10] = {0, 0, 0, 0.7, -0.1, 0.7, 0, 0.8, 0, 0};
    const double hi[10] = {0.1, 0.02, 1.5, 1.3, 0.1, 1.3, 0.2, 1.0, 0.3, 360};
    // The 0.1% critical value of the KS statistic: 1.95 / sqrt(n).
    const double critical = 1.95 / std::sqrt(double(n));
    for (int k = 0; k < 10; ++k) {
        for (double x : v[k]) {
            ASSERT_GE(x, lo[k]) << k;
            ASSERT_LE(x, hi[k]) << k;
        }
        EXPECT_LT(ks_uniform(v[k], lo[k], hi[k]), critical) << k;
        // Not another law: half the range fails.
        EXPECT_GT(ks_uniform(v[k], lo[k], (lo[k] + hi[k]) / 2), critical) << k;
    }
    // The exact draw: v u, u from draw 0 of stream (module, 0).
    const mseq::Stream s(p.seed, 9, mseq::augment_purpose(16, 0));
    const double u = double(s.at(0) >> 11) * 0x1.0p-53;
    EXPECT_EQ(mseq::draw_photometric(p, 9).noise_std, 0.1 * u);
}

// Switching one module on never changes another's draws or pixels' draws.
TEST(Photometric, ModulesDrawFromTheirOwnStreams) {
    mseq::Params one = base();
    one.noise_std = 0.2;
    mseq::Params both = one;
    both.salt_pepper = 0.1;
    both.contrast = 0.4;
    both.rotate = 10;  // a per-digit module too
    for (uint64_t i = 0; i < 50; ++i) {
        EXPECT_EQ(mseq::draw_photometric(one, i).noise_std,
                  mseq::draw_photometric(both, i).noise_std);
    }
    // Noise, then salt and pepper: the pixels the latter leaves keep the
    // noise of the image without it.
    mseq::Params sp = one;
    sp.salt_pepper = 0.1;
    const std::vector<float> a = as_floats(make(one, 4));
    const std::vector<float> b = as_floats(make(sp, 4));
    size_t kept = 0, hit = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        if (b[i] == 0.0f || b[i] == 1.0f) {
            ++hit;
        } else {
            ASSERT_EQ(a[i], b[i]) << i;
            ++kept;
        }
    }
    EXPECT_GT(kept, a.size() / 4);
    EXPECT_GT(hit, a.size() / 4);
    // The per-digit warps are unchanged by the whole-image modules.
    mseq::Params warp = base();
    warp.rotate = 10;
    for (size_t j = 0; j < 5; ++j) {
        EXPECT_EQ(mseq::draw_warp(warp, 3, j).angle,
                  mseq::draw_warp(both, 3, j).angle);
    }
}

TEST(Photometric, PolarNormalDeviatesAreStandardNormal) {
    mseq::PolarNormal normal(mseq::Stream(1, 2, mseq::augment_purpose(16, 1)));
    const size_t n = 200000;
    std::vector<double> z(n);
    double sum = 0, sq = 0, quart = 0;
    for (double &x : z) {
        x = normal.next();
        sum += x;
        sq += x * x;
        quart += x * x * x * x;
    }
    const double mean = sum / n, var = sq / n - mean * mean;
    // Standard errors: 1 / sqrt(n) = 0.0022 for the mean, sqrt(2 / n) =
    // 0.0032 for the variance; 5 of them.
    EXPECT_NEAR(mean, 0.0, 0.011);
    EXPECT_NEAR(var, 1.0, 0.016);
    EXPECT_NEAR(quart / n, 3.0, 0.1);  // the normal's fourth moment
    std::sort(z.begin(), z.end());
    double d = 0;
    for (size_t i = 0; i < n; ++i) {
        const double f = 0.5 * std::erfc(-z[i] / std::sqrt(2.0));
        d = std::max({d, f - double(i) / n, double(i + 1) / n - f});
    }
    EXPECT_LT(d, 1.95 / std::sqrt(double(n)));
    // The first pair by hand: the first accepted (u1, u2).
    mseq::Stream s(1, 2, mseq::augment_purpose(16, 1));
    mseq::PolarNormal again(s);
    for (;;) {
        const double u1 = 2.0 * s.uniform_double() - 1.0;
        const double u2 = 2.0 * s.uniform_double() - 1.0;
        const double r = u1 * u1 + u2 * u2;
        if (r == 0.0 || r >= 1.0) continue;
        const double f = std::sqrt(-2.0 * std::log(r) / r);
        EXPECT_NEAR(again.next(), u1 * f, 1e-14);
        EXPECT_NEAR(again.next(), u2 * f, 1e-14);
        break;
    }
}

TEST(Photometric, NoiseOnGreyHasTheDrawnStd) {
    const size_t n = 100000;
    std::vector<float> px(n, 0.5f);
    mseq::PolarNormal normal(mseq::Stream(5, 6, mseq::augment_purpose(16, 1)));
    mseq::apply_noise(px.data(), n, 0.05, normal);
    double sum = 0, sq = 0;
    for (float v : px) {
        sum += v - 0.5;
        sq += (v - 0.5) * (v - 0.5);
    }
    const double mean = sum / n, sd = std::sqrt(sq / n - mean * mean);
    EXPECT_NEAR(mean, 0.0, 5 * 0.05 / std::sqrt(double(n)));
    EXPECT_NEAR(sd, 0.05, 5 * 0.05 / std::sqrt(2.0 * n));
    // Clamped to [0, 1].
    std::vector<float> edge(1000, 1.0f);
    mseq::apply_noise(edge.data(), edge.size(), 0.5, normal);
    size_t below = 0;
    for (float v : edge) {
        ASSERT_GE(v, 0.0f);
        ASSERT_LE(v, 1.0f);
        below += v < 1.0f;
    }
    EXPECT_GT(below, 400u);
    EXPECT_LT(below, 600u);
}

TEST(Photometric, SaltAndPepperFractionsAreBinomial) {
    const size_t n = 200000;
    const double p = 0.1;
    std::vector<float> px(n, 0.5f);
    mseq::Stream s(8, 9, mseq::augment_purpose(17, 1));
    mseq::apply_salt_pepper(px.data(), n, p, s);
    size_t black = 0, white = 0, kept = 0;
    for (float v : px) {
        black += v == 0.0f;
        white += v == 1.0f;
        kept += v == 0.5f;
    }
    EXPECT_EQ(black + white + kept, n);
    // Each colour ~ Binomial(n, p / 2): mean 10000, sd 97; 5 sd.
    const double mean = n * p / 2, sd = std::sqrt(n * p / 2 * (1 - p / 2));
    EXPECT_NEAR(double(black), mean, 5 * sd);
    EXPECT_NEAR(double(white), mean, 5 * sd);
}

TEST(Photometric, BlurOfAnImpulseIsTheKernel) {
    const size_t side = 41, c = 20;
    for (double sigma : {0.6, 1.5, 3.0}) {
        std::vector<float> px(side * side, 0.0f);
        px[c * side + c] = 1.0f;
        const std::vector<double> w = mseq::gaussian_kernel(sigma);
        std::vector<double> scratch;
        mseq::apply_blur(px.data(), side, side, w, scratch);
        const size_t r = w.size() - 1;
        double total = 0;
        for (size_t y = 0; y < side; ++y) {
            for (size_t x = 0; x < side; ++x) {
                const size_t dy = y > c ? y - c : c - y;
                const size_t dx = x > c ? x - c : c - x;
                float want = 0.0f;
                if (dx <= r && dy <= r) {
                    want = float(w[dy] * double(float(w[dx])));
                }
                ASSERT_EQ(px[y * side + x], want)
                    << sigma << " " << x << "," << y;
                total += px[y * side + x];
            }
        }
        EXPECT_NEAR(total, 1.0, 1e-6);
    }
    // The edges repeat: a constant image stays constant, and a column
    // of ink at the border blurs as if mirrored by repetition.
    std::vector<float> flat(30 * 20, 0.625f);
    std::vector<double> scratch;
    mseq::apply_blur(flat.data(), 30, 20, mseq::gaussian_kernel(2.0), scratch);
    for (float v : flat) ASSERT_NEAR(v, 0.625f, 1e-6f);
    std::vector<float> col(10 * 10, 0.0f);
    for (size_t y = 0; y < 10; ++y) col[y * 10] = 1.0f;
    const std::vector<double> w = mseq::gaussian_kernel(1.0);
    mseq::apply_blur(col.data(), 10, 10, w, scratch);
    // Column 0 sees itself and the r copies of itself left of it; column 1
    // sees column 0 and those copies.
    double tail = 0;
    for (size_t k = 1; k < w.size(); ++k) tail += w[k];
    EXPECT_NEAR(col[5 * 10], w[0] + tail, 1e-6);
    EXPECT_NEAR(col[5 * 10 + 1], tail, 1e-6);
    EXPECT_NEAR(col[5 * 10 + 2], tail - w[1], 1e-6);
}

TEST(Photometric, LevelsContrastBrightnessAndGammaFormulas) {
    const std::vector<float> values = {0.0f, 0.25f, 0.5f, 0.75f, 1.0f};
    std::vector<float> px = values;
    mseq::apply_levels(px.data(), px.size(), 0.2, 0.9, 0.0, nullptr);
    // In float: I + v S, I = float(ink), S = float(paper - ink).
    for (size_t i = 0; i < px.size(); ++i) {
        EXPECT_EQ(px[i], 0.2f + values[i] * float(0.9 - 0.2)) << i;
    }
    EXPECT_EQ(px[0], 0.2f);
    EXPECT_NEAR(px[4], 0.9f, 1e-7);
    // The pattern darkens the paper: P = max(0, paper - depth t).
    const std::vector<float> t = {0.0f, 0.5f, 1.0f, 1.0f, 1.0f};
    px = values;
    mseq::apply_levels(px.data(), px.size(), 0.0, 0.9, 0.4, t.data());
    EXPECT_EQ(px[4], float(0.9 - 0.4));
    EXPECT_EQ(px[1], 0.25f * float(0.9 - 0.4 * 0.5));
    px = values;
    mseq::apply_levels(px.data(), px.size(), 0.0, 0.3, 1.0, t.data());
    EXPECT_EQ(px[4], 0.0f);
    // Identity: ink 0, paper 1.
    px = values;
    mseq::apply_levels(px.data(), px.size(), 0.0, 1.0, 0.0, nullptr);
    EXPECT_EQ(px, values);
    px = values;
    mseq::apply_contrast_brightness(px.data(), px.size(), 1.5, 0.1);
    for (size_t i = 0; i < px.size(); ++i) {
        const float want = (values[i] - 0.5f) * 1.5f + float(0.5 + 0.1);
        EXPECT_EQ(px[i], std::min(1.0f, std::max(0.0f, want))) << i;
    }
    EXPECT_EQ(px[0], 0.0f);  // clamped
    EXPECT_EQ(px[4], 1.0f);
    px = values;
    mseq::apply_gamma(px.data(), px.size(), 2.0);
    EXPECT_EQ(px[0], 0.0f);
    EXPECT_EQ(px[4], 1.0f);
    EXPECT_FLOAT_EQ(px[1], 0.0625f);
    EXPECT_FLOAT_EQ(px[2], 0.25f);
    px = values;
    mseq::apply_gamma(px.data(), px.size(), 0.7);
    for (size_t i = 1; i < px.size(); ++i) {
        EXPECT_FLOAT_EQ(px[i], float(std::pow(double(values[i]), 0.7))) << i;
    }
}

TEST(Photometric, GradientRampsAlongItsDirection) {
    std::vector<float> t;
    mseq::gradient_pattern(0.0, 4, 11, t);  // along +x
    for (size_t y = 0; y < 4; ++y) {
        EXPECT_EQ(t[y * 11], 0.0f);
        EXPECT_EQ(t[y * 11 + 10], 1.0f);
        EXPECT_EQ(t[y * 11 + 5], 0.5f);
    }
    mseq::gradient_pattern(90.0, 5, 3, t);  // upwards: the top row is 1
    for (size_t x = 0; x < 3; ++x) {
        EXPECT_EQ(t[x], 1.0f);
        EXPECT_EQ(t[4 * 3 + x], 0.0f);
    }
    mseq::gradient_pattern(37.0, 9, 13, t);
    const auto [lo, hi] = std::minmax_element(t.begin(), t.end());
    EXPECT_EQ(*lo, 0.0f);
    EXPECT_EQ(*hi, 1.0f);
    mseq::gradient_pattern(37.0, 1, 1, t);
    EXPECT_EQ(t[0], 0.0f);
}

TEST(Photometric, TextureIsSmoothValueNoiseFromItsStream) {
    const mseq::Stream s(3, 4, mseq::augment_purpose(24, 1));
    std::vector<float> t;
    mseq::texture_pattern(s, 8.0, 28, 160, t);
    auto node = [&](uint64_t k) { return double(s.at(k) >> 11) * 0x1.0p-53; };
    // Pixel (0, 0) is node 0 of each octave: bases 0, (28/8 + 2)(160/8 + 2)
    // and that plus (28/4 + 2)(160/4 + 2).
    const uint64_t b1 = (28 / 8 + 2) * (160 / 8 + 2);
    const uint64_t b2 = b1 + (28 / 4 + 2) * (160 / 4 + 2);
    double want = 0;
    want += 4.0 / 7.0 * node(0);
    want += 2.0 / 7.0 * node(b1);
    want += 1.0 / 7.0 * node(b2);
    EXPECT_EQ(t[0], float(want));
    double mean = 0, jump = 0;
    for (size_t y = 0; y < 28; ++y) {
        for (size_t x = 0; x < 160; ++x) {
            const float v = t[y * 160 + x];
            ASSERT_GE(v, 0.0f);
            ASSERT_LT(v, 1.0f);
            mean += v;
            if (x > 0) jump += std::fabs(v - t[y * 160 + x - 1]);
        }
    }
    mean /= 28 * 160;
    jump /= 28 * 159;
    EXPECT_NEAR(mean, 0.5, 0.15);
    // Smooth: neighbours differ far less than independent values would
    // (whose mean difference is 1/3 of the range).
    EXPECT_LT(jump, 0.08);
    // Another stream, another texture; a larger scale, smoother.
    std::vector<float> other;
    mseq::texture_pattern(mseq::Stream(3, 5, mseq::augment_purpose(24, 1)), 8.0,
                          28, 160, other);
    EXPECT_NE(other, t);
}

// Labels describe the digits' ink before these steps.
TEST(Photometric, LabelsAreThoseWithoutTheWholeImageModules) {
    for (mseq_format f : {MSEQ_FORMAT_F32, MSEQ_FORMAT_U8}) {
        for (bool invert : {false, true}) {
            for (uint64_t index : {1u, 2u, 3u}) {
                mseq::Params on = all_on(f);
                on.invert = invert;
                on.rotate = 10;
                on.min_spacing = -6;
                on.width = index == 3 ? 90 : 160;  // scaled too
                mseq::Params off = base(f);
                off.invert = invert;
                off.rotate = 10;
                off.min_spacing = -6;
                off.width = on.width;
                const size_t n = 28 * size_t(on.width);
                std::vector<uint16_t> mask[2] = {std::vector<uint16_t>(n),
                                                 std::vector<uint16_t>(n)};
                std::vector<mseq_ink_box> boxes[2] = {
                    std::vector<mseq_ink_box>(5), std::vector<mseq_ink_box>(5)};
                std::vector<uint8_t> image[2];
                int k = 0;
                for (const mseq::Params *p : {&off, &on}) {
                    image[k].resize(mseq::image_bytes(mnist(), *p));
                    mseq::Annotation ann;
                    ann.mask = mask[k].data();
                    ann.boxes = boxes[k].data();
                    mseq::generate_one(mnist(), *p, kDigits, 5, index,
                                       image[k].data(), image[k].size(),
                                       nullptr, nullptr, &ann);
                    EXPECT_EQ(image[k], make(*p, index));
                    ++k;
                }
                EXPECT_NE(image[0], image[1]);
                EXPECT_EQ(mask[0], mask[1]) << f << invert << index;
                for (size_t j = 0; j < 5; ++j) {
                    EXPECT_EQ(boxes[0][j].x_begin, boxes[1][j].x_begin);
                    EXPECT_EQ(boxes[0][j].x_end, boxes[1][j].x_end);
                    EXPECT_EQ(boxes[0][j].y_begin, boxes[1][j].y_begin);
                    EXPECT_EQ(boxes[0][j].y_end, boxes[1][j].y_end);
                }
            }
        }
    }
}

TEST(Photometric, PresetsFillTheModulesLeftAtZeroAndStrengthScales) {
    mseq::Params p = base();
    p.preset = MSEQ_PRESET_MEDIUM;
    EXPECT_TRUE(mseq::photometric_on(p));
    const mseq::PhotometricRanges medium =
        mseq::photometric_preset(MSEQ_PRESET_MEDIUM);
    EXPECT_EQ(medium.contrast, 0.2);
    EXPECT_EQ(medium.paper_level, 0.1);
    EXPECT_EQ(mseq::photometric_preset(MSEQ_PRESET_HEAVY).ink_level, 0.3);
    // No preset adds the per-pixel noise, the blur or gamma.
    for (mseq_preset k :
         {MSEQ_PRESET_LIGHT, MSEQ_PRESET_MEDIUM, MSEQ_PRESET_HEAVY}) {
        const mseq::PhotometricRanges q = mseq::photometric_preset(k);
        EXPECT_EQ(q.noise_std + q.salt_pepper + q.blur_sigma + q.gamma, 0.0)
            << k;
    }
    p.noise_std = 0.3;
    p.strength = 0.5;
    const mseq::PhotometricRanges r = mseq::photometric_ranges(p);
    EXPECT_EQ(r.noise_std, 0.15);  // own value, scaled
    EXPECT_EQ(r.contrast, medium.contrast * 0.5);
    EXPECT_EQ(r.background_strength, medium.background_strength * 0.5);
    const mseq::PhotometricRanges none =
        mseq::photometric_preset(MSEQ_PRESET_NONE);
    EXPECT_EQ(none.noise_std + none.salt_pepper + none.blur_sigma +
                  none.contrast + none.brightness + none.gamma +
                  none.ink_level + none.paper_level + none.background_strength,
              0.0);
    // Heavier presets are wider everywhere.
    const mseq::PhotometricRanges l =
        mseq::photometric_preset(MSEQ_PRESET_LIGHT);
    const mseq::PhotometricRanges h =
        mseq::photometric_preset(MSEQ_PRESET_HEAVY);
    EXPECT_LT(l.contrast, medium.contrast);
    EXPECT_LT(medium.contrast, h.contrast);
    EXPECT_LT(l.ink_level, medium.ink_level);
    EXPECT_LT(medium.ink_level, h.ink_level);
}

TEST(Photometric, SameBytesInBatchesOnAnyThreadCount) {
    mseq::Params p = all_on(MSEQ_FORMAT_U8);
    p.rotate = 8;
    p.max_length = 7;
    const size_t count = 40;
    const size_t bytes = mseq::image_bytes(mnist(), p);
    std::vector<uint8_t> want;
    for (int threads : {1, 2, 7}) {
        p.threads = threads;
        std::vector<uint8_t> out(bytes * count);
        mseq::BatchOutput o;
        o.out = out.data();
        o.out_size = out.size();
        mseq::generate_batch(mnist(), p, nullptr, 0, 300, count, o);
        if (want.empty()) {
            want = out;
        } else {
            EXPECT_EQ(out, want) << threads;
        }
    }
    // A batch image is the single image of its index.
    mseq::BatchOutput o;
    std::vector<uint8_t> first(bytes);
    o.out = first.data();
    o.out_size = bytes;
    std::vector<uint32_t> length(1);
    o.lengths = length.data();
    std::vector<mseq_placement> pl(7);
    o.placements = pl.data();
    o.placements_len = pl.size();
    mseq::generate_batch(mnist(), p, nullptr, 0, 303, 1, o);
    std::vector<int> seq(7);
    for (uint32_t j = 0; j < length[0]; ++j) seq[j] = pl[j].label;
    std::vector<uint8_t> one(bytes);
    mseq::generate_one(mnist(), p, seq.data(), length[0], 303, one.data(),
                       one.size(), nullptr, nullptr);
    EXPECT_EQ(one, first);
    EXPECT_TRUE(std::equal(one.begin(), one.end(), want.begin() + 3 * bytes));
}

}  // namespace
