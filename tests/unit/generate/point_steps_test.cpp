// The per-pixel steps in one pass (point_steps.hpp): the fast kernel gives
// the bits of the portable one, and both those of the steps one at a time
// (apply_levels(), apply_contrast_brightness()), on every float a pixel
// can hold near the clamps and on random ones; the store likewise.
#include "generate/point_steps.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "generate/photometric.hpp"
#include "generate/render.hpp"

namespace {

// Pixels of every kind: 0, 1, -0, the 256 unscaled values, the u8 store's
// rounding edges, values just inside and outside [0, 1], runs of 1.0, and
// random floats; 1803 of them, so that the kernels' tails run too.
std::vector<float> pixels(uint32_t seed) {
    std::vector<float> px = {0.0f,        1.0f, -0.0f,      1e-30f,
                             0.99999994f, 0.5f, 0.49999997f};
    for (int g = 0; g < 256; ++g)
        px.push_back(mseq::ink_to_f32(uint8_t(g), false));
    // Where 255 v + 0.5 is nearly whole (the u8 store's rounding edges),
    // and the floats around them.
    for (int k = 1; k < 256; ++k) {
        const float edge = float((k - 0.5) / 255.0);
        px.push_back(std::nextafter(edge, 0.0f));
        px.push_back(edge);
        px.push_back(std::nextafter(edge, 1.0f));
    }
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    // Runs of blank paper (1.0), of every length up to 20, between others.
    for (size_t run = 1; run <= 20; ++run) {
        px.insert(px.end(), run, 1.0f);
        px.push_back(u(rng));
    }
    while (px.size() < 1803) px.push_back(u(rng));
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
        const bool levels = trial % 3 != 1, contrast = trial % 3 != 0;
        const double ink = trial % 5 == 0 ? 0.0 : 0.3 * u(rng);
        const double paper = trial % 7 == 0 ? 1.0 : 1.0 - 0.3 * u(rng);
        const double factor = trial % 4 == 0 ? 1.0 : 0.4 + 1.2 * u(rng);
        const double offset = trial % 6 == 0 ? 0.0 : 0.4 * u(rng) - 0.2;
        mseq::PointSteps s;
        if (levels) s.set_levels(ink, paper);
        if (contrast) s.set_contrast(factor, offset);
        const std::vector<float> in = pixels(uint32_t(trial));
        std::vector<float> fast = in, portable = in, steps = in;
        mseq::apply_point_steps(fast.data(), fast.size(), s);
        mseq::apply_point_steps(portable.data(), portable.size(), s, true);
        if (levels) {
            mseq::apply_levels(steps.data(), steps.size(), ink, paper, 0.0,
                               nullptr);
        }
        if (contrast) {
            // The formula of mnistseq.h, written out here in float.
            const auto c = float(factor), b = float(0.5 + offset);
            for (float &v : steps) {
                const float w = (v - 0.5f) * c + b;
                v = w < 0.0f ? 0.0f : w > 1.0f ? 1.0f : w;
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
        mseq::store_pixels(px.data(), px.size(), {}, MSEQ_FORMAT_U8, invert,
                           fast.data());
        mseq::store_pixels(px.data(), px.size(), {}, MSEQ_FORMAT_U8, invert,
                           portable.data(), true);
        EXPECT_EQ(fast, portable) << invert;
        for (size_t i = 0; i < px.size(); ++i) {
            const float v = invert ? 1.0f - px[i] : px[i];
            ASSERT_EQ(portable[i], mseq::f32_to_u8(v)) << i;
        }
        std::vector<float> f32(px.size());
        mseq::store_pixels(px.data(), px.size(), {}, MSEQ_FORMAT_F32, invert,
                           f32.data());
        for (size_t i = 0; i < px.size(); ++i) {
            ASSERT_EQ(bits(f32[i]), bits(invert ? 1.0f - px[i] : px[i])) << i;
        }
    }
}

TEST(PointSteps, StoreWithStepsIsTheStepsThenTheStore) {
    std::mt19937 rng(9);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int trial = 0; trial < 60; ++trial) {
        mseq::PointSteps s;
        if (trial % 3 != 1) s.set_levels(0.3 * u(rng), 1.0 - 0.3 * u(rng));
        if (trial % 3 != 0)
            s.set_contrast(0.4 + 1.2 * u(rng), 0.4 * u(rng) - 0.2);
        const std::vector<float> px = pixels(uint32_t(trial));
        std::vector<float> stepped = px;
        mseq::apply_point_steps(stepped.data(), stepped.size(), s, true);
        for (bool invert : {false, true}) {
            for (bool portable : {false, true}) {
                SCOPED_TRACE(std::to_string(trial) + " " +
                             std::to_string(invert) + " " +
                             std::to_string(portable));
                std::vector<uint8_t> u8(px.size()), want_u8(px.size());
                mseq::store_pixels(px.data(), px.size(), s, MSEQ_FORMAT_U8,
                                   invert, u8.data(), portable);
                mseq::store_pixels(stepped.data(), stepped.size(), {},
                                   MSEQ_FORMAT_U8, invert, want_u8.data(),
                                   true);
                EXPECT_EQ(u8, want_u8);
                std::vector<float> f32(px.size()), want_f32(px.size());
                mseq::store_pixels(px.data(), px.size(), s, MSEQ_FORMAT_F32,
                                   invert, f32.data(), portable);
                mseq::store_pixels(stepped.data(), stepped.size(), {},
                                   MSEQ_FORMAT_F32, invert, want_f32.data(),
                                   true);
                expect_same_bits(f32, want_f32, "f32");
            }
        }
    }
}

TEST(PointSteps, TableGivesEveryByteItsEntry) {
    // Runs of blank paper (255) of every length around the kernels' blocks
    // of 32 and 64, between other bytes, every byte value among them; every
    // kernel, on every length of image up to a few blocks.
    uint8_t table[256];
    for (int b = 0; b < 256; ++b) table[b] = uint8_t(b * 7 + 3);
    std::mt19937 rng(11);
    std::vector<uint8_t> px;
    for (size_t run = 0; run <= 140; ++run) {
        px.insert(px.end(), run, 255);
        px.push_back(uint8_t(rng()));
    }
    for (int b = 0; b < 256; ++b) px.push_back(uint8_t(b));
    using mseq::Kernel;
    for (Kernel kernel : {Kernel::avx512, Kernel::avx2, Kernel::portable}) {
        std::vector<uint8_t> got = px;
        mseq::apply_table(got.data(), got.size(), table, kernel);
        for (size_t i = 0; i < px.size(); ++i) {
            ASSERT_EQ(got[i], table[px[i]]) << i << " " << int(kernel);
        }
        // Short images (the masked tail alone, or one block and a tail);
        // the bytes after n stay.
        for (size_t n = 0; n <= 130; ++n) {
            std::vector<uint8_t> part(px.end() - 256 - 131, px.end() - 256);
            const std::vector<uint8_t> before = part;
            mseq::apply_table(part.data(), n, table, kernel);
            for (size_t i = 0; i < part.size(); ++i) {
                ASSERT_EQ(part[i], i < n ? table[before[i]] : before[i])
                    << n << " " << i << " " << int(kernel);
            }
        }
    }
}

}  // namespace
