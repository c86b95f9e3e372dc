// The per-pixel steps in one pass (point_steps.hpp): the fast kernel gives
// the bits of the portable one, and both those of the steps one at a time
// (apply_levels(), apply_contrast_brightness()), on every float a pixel
// can hold near the clamps and on random ones; the store likewise.
#include "generate/point_steps.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "generate/photometric.hpp"
#include "generate/render.hpp"

namespace {

// Pixels of every kind: 0, 1, -0, the 256 unscaled values, values just
// inside and outside [0, 1], runs of 1.0, and random floats; 1003 of them,
// so that the kernels' tails run too.
std::vector<float> pixels(uint32_t seed) {
    std::vector<float> px = {0.0f,        1.0f, -0.0f,      1e-30f,
                             0.99999994f, 0.5f, 0.49999997f};
    for (int g = 0; g < 256; ++g)
        px.push_back(mseq::ink_to_f32(uint8_t(g), false));
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    // Runs of blank paper (1.0), of every length up to 20, between others.
    for (size_t run = 1; run <= 20; ++run) {
        px.insert(px.end(), run, 1.0f);
        px.push_back(u(rng));
    }
    while (px.size() < 1003) px.push_back(u(rng));
    return px;
}

uint32_t bits(float v) {
    uint32_t b = 0;
    std::memcpy(&b, &v, sizeof b);
    return b;
}

void expect_same_bits(const std::vector<float> &a, const std::vector<float> &b,
                      const char *what) {
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        ASSERT_EQ(bits(a[i]), bits(b[i])) << what << " pixel " << i;
    }
}

TEST(PointSteps, FastKernelGivesTheBitsOfTheStepsOneAtATime) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int trial = 0; trial < 300; ++trial) {
        mseq::PointSteps s;
        s.levels = trial % 3 != 1;
        s.contrast = trial % 3 != 0;
        s.ink = trial % 5 == 0 ? 0.0 : 0.3 * u(rng);
        s.paper = trial % 7 == 0 ? 1.0 : 1.0 - 0.3 * u(rng);
        s.factor = trial % 4 == 0 ? 1.0 : 0.4 + 1.2 * u(rng);
        s.offset = trial % 6 == 0 ? 0.0 : 0.4 * u(rng) - 0.2;
        const std::vector<float> in = pixels(uint32_t(trial));
        std::vector<float> fast = in, portable = in, steps = in;
        mseq::apply_point_steps(fast.data(), fast.size(), s);
        mseq::apply_point_steps(portable.data(), portable.size(), s, true);
        if (s.levels) {
            mseq::apply_levels(steps.data(), steps.size(), s.ink, s.paper, 0.0,
                               nullptr);
        }
        if (s.contrast) {
            // The formula of mnistseq.h, written out here.
            for (float &v : steps) {
                const double c = (double(v) - 0.5) * s.factor + 0.5 + s.offset;
                v = float(c < 0.0 ? 0.0 : c > 1.0 ? 1.0 : c);
            }
        }
        expect_same_bits(fast, portable, "fast vs portable");
        expect_same_bits(portable, steps, "one pass vs steps");
    }
}

TEST(PointSteps, StoreGivesTheBitsOfThePortableLoop) {
    const std::vector<float> px = pixels(3);
    for (bool invert : {false, true}) {
        std::vector<uint8_t> fast(px.size()), portable(px.size());
        mseq::store_pixels(px.data(), px.size(), MSEQ_FORMAT_U8, invert,
                           fast.data());
        mseq::store_pixels(px.data(), px.size(), MSEQ_FORMAT_U8, invert,
                           portable.data(), true);
        EXPECT_EQ(fast, portable) << invert;
        for (size_t i = 0; i < px.size(); ++i) {
            const float v = invert ? 1.0f - px[i] : px[i];
            ASSERT_EQ(portable[i], mseq::f32_to_u8(v)) << i;
        }
        std::vector<float> f32(px.size());
        mseq::store_pixels(px.data(), px.size(), MSEQ_FORMAT_F32, invert,
                           f32.data());
        for (size_t i = 0; i < px.size(); ++i) {
            ASSERT_EQ(bits(f32[i]), bits(invert ? 1.0f - px[i] : px[i])) << i;
        }
    }
}

}  // namespace
