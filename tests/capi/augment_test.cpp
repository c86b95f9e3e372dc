// Augmentation keys and mseq_generate_annotated through the C API: the
// keys are off by default and change the image when set, the annotated
// image is the plain one, its labels agree with it, and bad calls fail
// before anything is written.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "capi_test.hpp"
#include "mnistseq/mnistseq.h"

namespace {

using capi_test::expect_error;

const int kDigits[] = {3, 5, 0, 7};

std::vector<uint8_t> generate(const mseq_params *p, uint64_t index) {
    std::vector<uint8_t> out(28 * 160);
    EXPECT_EQ(mseq_generate(out.data(), out.size(), nullptr, nullptr,
                            capi_test::train(), p, kDigits, 4, index),
              MSEQ_OK)
        << mseq_last_error();
    return out;
}

void u8_params(capi_test::Params &p) {
    p.set(MSEQ_PARAM_WIDTH, 160)
        .set(MSEQ_PARAM_MIN_SPACING, -4)
        .set(MSEQ_PARAM_MAX_SPACING, 6)
        .set(MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8)
        .set(MSEQ_PARAM_SEED, 99);
}

TEST(Augmentation, ZeroKeysGiveTheUnaugmentedImage) {
    capi_test::Params plain, zero, on;
    u8_params(plain);
    u8_params(zero);
    u8_params(on);
    for (mseq_param key :
         {MSEQ_PARAM_ROTATE, MSEQ_PARAM_SHEAR, MSEQ_PARAM_DIGIT_SCALE,
          MSEQ_PARAM_ASPECT, MSEQ_PARAM_SHIFT_Y, MSEQ_PARAM_THICKNESS,
          MSEQ_PARAM_ELASTIC_ALPHA, MSEQ_PARAM_BASELINE_SLOPE,
          MSEQ_PARAM_WAVE_AMPLITUDE}) {
        ASSERT_EQ(mseq_params_set_f64(zero, key, 0.0), MSEQ_OK);
    }
    // The elastic field's smoothness and the wave's period alone change
    // nothing.
    ASSERT_EQ(mseq_params_set_f64(zero, MSEQ_PARAM_ELASTIC_SIGMA, 9.5),
              MSEQ_OK);
    ASSERT_EQ(mseq_params_set_f64(zero, MSEQ_PARAM_WAVE_PERIOD, 37.5), MSEQ_OK);
    ASSERT_EQ(mseq_params_set_f64(on, MSEQ_PARAM_ROTATE, 25.0), MSEQ_OK);
    capi_test::Params elastic;
    u8_params(elastic);
    ASSERT_EQ(mseq_params_set_f64(elastic, MSEQ_PARAM_ELASTIC_ALPHA, 34.0),
              MSEQ_OK);
    capi_test::Params wave;
    u8_params(wave);
    ASSERT_EQ(mseq_params_set_f64(wave, MSEQ_PARAM_WAVE_AMPLITUDE, 2.0),
              MSEQ_OK);
    int changed = 0, elastic_changed = 0, wave_changed = 0;
    for (uint64_t i = 0; i < 10; ++i) {
        EXPECT_EQ(generate(zero, i), generate(plain, i));
        changed += generate(on, i) != generate(plain, i);
        elastic_changed += generate(elastic, i) != generate(plain, i);
        wave_changed += generate(wave, i) != generate(plain, i);
    }
    EXPECT_EQ(changed, 10);
    EXPECT_EQ(elastic_changed, 10);
    EXPECT_EQ(wave_changed, 10);
}

TEST(Augmentation, AnnotatedImageIsThePlainImageWithItsLabels) {
    capi_test::Params p;
    u8_params(p);
    ASSERT_EQ(mseq_params_set_f64(p, MSEQ_PARAM_SHEAR, 20.0), MSEQ_OK);
    ASSERT_EQ(mseq_params_set_f64(p, MSEQ_PARAM_THICKNESS, 1.0), MSEQ_OK);
    std::vector<uint8_t> out(28 * 160);
    std::vector<uint16_t> mask(28 * 160, 999);
    mseq_ink_box boxes[4];
    mseq_placement cells[4];
    float scale = 0;
    ASSERT_EQ(mseq_generate_annotated(out.data(), out.size(), mask.data(),
                                      mask.size(), boxes, cells, &scale,
                                      capi_test::train(), p, kDigits, 4, 5),
              MSEQ_OK)
        << mseq_last_error();
    EXPECT_EQ(out, generate(p, 5));
    size_t marked[5] = {};
    for (size_t i = 0; i < mask.size(); ++i) {
        ASSERT_LE(mask[i], 4);
        EXPECT_EQ(mask[i] != 0, out[i] != 255) << i;
        ++marked[mask[i]];
    }
    for (int j = 0; j < 4; ++j) {
        EXPECT_GT(marked[j + 1], 30u) << "digit " << j << " owns its ink";
        EXPECT_LT(boxes[j].x_begin, boxes[j].x_end);
        EXPECT_EQ(cells[j].label, kDigits[j]);
    }
    // Labels are optional, one by one.
    std::vector<uint8_t> again(out.size());
    ASSERT_EQ(mseq_generate_annotated(again.data(), again.size(), nullptr, 0,
                                      boxes, nullptr, nullptr,
                                      capi_test::train(), p, kDigits, 4, 5),
              MSEQ_OK);
    EXPECT_EQ(again, out);
}

TEST(Augmentation, AnnotatedRefusesASmallMaskBeforeWriting) {
    capi_test::Params p;
    u8_params(p);
    std::vector<uint8_t> out(28 * 160, 7);
    std::vector<uint16_t> mask(28 * 160 - 1, 9);
    mseq_ink_box boxes[4] = {};
    expect_error(
        [&] {
            return mseq_generate_annotated(
                out.data(), out.size(), mask.data(), mask.size(), boxes,
                nullptr, nullptr, capi_test::train(), p, kDigits, 4, 0);
        },
        MSEQ_EBUFSIZE, {"mask_len 4479", "4480 pixels"});
    for (uint8_t v : out) ASSERT_EQ(v, 7);
    for (uint16_t v : mask) ASSERT_EQ(v, 9);
    EXPECT_EQ(boxes[0].x_end, 0);
    expect_error(
        [&] {
            return mseq_generate_annotated(nullptr, 0, nullptr, 0, nullptr,
                                           nullptr, nullptr, capi_test::train(),
                                           p, kDigits, 4, 0);
        },
        MSEQ_EINVAL, {"mseq_generate_annotated", "out"});
}

TEST(Augmentation, BadValuesNameTheKey) {
    capi_test::Params p;
    const double inf = std::numeric_limits<double>::infinity();
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_ROTATE, 181.0); },
        MSEQ_ERANGE, {"MSEQ_PARAM_ROTATE = 181", "0..180"});
    expect_error([&] { return mseq_params_set_f64(p, MSEQ_PARAM_SHEAR, -1.0); },
                 MSEQ_EINVAL, {"MSEQ_PARAM_SHEAR = -1"});
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_THICKNESS, inf); },
        MSEQ_EINVAL, {"MSEQ_PARAM_THICKNESS", "finite"});
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_ELASTIC_ALPHA, 101.0); },
        MSEQ_ERANGE, {"MSEQ_PARAM_ELASTIC_ALPHA = 101", "0..100"});
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_ELASTIC_SIGMA, 0.5); },
        MSEQ_EINVAL, {"MSEQ_PARAM_ELASTIC_SIGMA = 0.5", "1..16"});
    double v = -1;
    ASSERT_EQ(mseq_params_get_f64(&v, p, MSEQ_PARAM_THICKNESS), MSEQ_OK);
    EXPECT_EQ(v, 0.0);
    ASSERT_EQ(mseq_params_get_f64(&v, p, MSEQ_PARAM_ELASTIC_SIGMA), MSEQ_OK);
    EXPECT_EQ(v, 4.0);
}

// The whole image's keys: off at 0 (and a pattern without depth, or a
// texture scale alone, changes nothing), each module on changes every
// image.
TEST(Augmentation, WholeImageKeysAreOffAtZeroAndChangeTheImageWhenSet) {
    capi_test::Params plain, zero;
    u8_params(plain);
    u8_params(zero);
    const mseq_param modules[] = {
        MSEQ_PARAM_NOISE_STD,          MSEQ_PARAM_SALT_PEPPER,
        MSEQ_PARAM_BLUR_SIGMA,         MSEQ_PARAM_CONTRAST,
        MSEQ_PARAM_BRIGHTNESS,         MSEQ_PARAM_GAMMA,
        MSEQ_PARAM_INK_LEVEL,          MSEQ_PARAM_PAPER_LEVEL,
        MSEQ_PARAM_BACKGROUND_STRENGTH};
    for (mseq_param key : modules) {
        ASSERT_EQ(mseq_params_set_f64(zero, key, 0.0), MSEQ_OK);
    }
    zero.set(MSEQ_PARAM_BACKGROUND, MSEQ_BACKGROUND_TEXTURE);
    ASSERT_EQ(mseq_params_set_f64(zero, MSEQ_PARAM_TEXTURE_SCALE, 3.0),
              MSEQ_OK);
    for (uint64_t i = 0; i < 5; ++i) {
        EXPECT_EQ(generate(zero, i), generate(plain, i));
    }
    for (mseq_param key : modules) {
        capi_test::Params on;
        u8_params(on);
        // Blur: a sigma that changes uint8 pixels (uniform over [0, 8]).
        const double v = key == MSEQ_PARAM_BLUR_SIGMA ? 8.0 : 0.5;
        ASSERT_EQ(mseq_params_set_f64(on, key, v), MSEQ_OK);
        on.set(MSEQ_PARAM_BACKGROUND, MSEQ_BACKGROUND_GRADIENT);
        for (uint64_t i = 0; i < 5; ++i) {
            EXPECT_NE(generate(on, i), generate(plain, i)) << key << " " << i;
        }
    }
}

// Labels describe the digits' ink: the same with every whole-image module
// on, while the image is the plain call's.
TEST(Augmentation, WholeImageModulesLeaveTheLabelsAsTheyAre) {
    capi_test::Params off, on;
    u8_params(off);
    u8_params(on);
    for (capi_test::Params *p : {&off, &on}) {
        ASSERT_EQ(mseq_params_set_f64(*p, MSEQ_PARAM_SHEAR, 20.0), MSEQ_OK);
    }
    for (mseq_param key :
         {MSEQ_PARAM_NOISE_STD, MSEQ_PARAM_SALT_PEPPER, MSEQ_PARAM_BLUR_SIGMA,
          MSEQ_PARAM_CONTRAST, MSEQ_PARAM_BRIGHTNESS, MSEQ_PARAM_GAMMA,
          MSEQ_PARAM_INK_LEVEL, MSEQ_PARAM_PAPER_LEVEL,
          MSEQ_PARAM_BACKGROUND_STRENGTH}) {
        ASSERT_EQ(mseq_params_set_f64(on, key, 0.3), MSEQ_OK);
    }
    on.set(MSEQ_PARAM_BACKGROUND, MSEQ_BACKGROUND_TEXTURE);
    for (uint64_t index : {0u, 7u}) {
        std::vector<uint8_t> image[2];
        std::vector<uint16_t> mask[2];
        mseq_ink_box boxes[2][4];
        int k = 0;
        for (const capi_test::Params *p : {&off, &on}) {
            image[k].resize(28 * 160);
            mask[k].resize(28 * 160);
            ASSERT_EQ(mseq_generate_annotated(
                          image[k].data(), image[k].size(), mask[k].data(),
                          mask[k].size(), boxes[k], nullptr, nullptr,
                          capi_test::train(), *p, kDigits, 4, index),
                      MSEQ_OK)
                << mseq_last_error();
            EXPECT_EQ(image[k], generate(*p, index));
            ++k;
        }
        EXPECT_NE(image[0], image[1]);
        EXPECT_EQ(mask[0], mask[1]);
        for (int j = 0; j < 4; ++j) {
            EXPECT_EQ(boxes[0][j].x_begin, boxes[1][j].x_begin);
            EXPECT_EQ(boxes[0][j].x_end, boxes[1][j].x_end);
            EXPECT_EQ(boxes[0][j].y_begin, boxes[1][j].y_begin);
            EXPECT_EQ(boxes[0][j].y_end, boxes[1][j].y_end);
        }
    }
}

TEST(Augmentation, BadWholeImageValuesNameTheKey) {
    capi_test::Params p;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_NOISE_STD, nan); },
        MSEQ_EINVAL, {"MSEQ_PARAM_NOISE_STD", "finite"});
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_SALT_PEPPER, -inf); },
        MSEQ_EINVAL, {"MSEQ_PARAM_SALT_PEPPER", "finite"});
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_BLUR_SIGMA, 8.5); },
        MSEQ_ERANGE, {"MSEQ_PARAM_BLUR_SIGMA = 8.5", "0..8"});
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_CONTRAST, -0.1); },
        MSEQ_EINVAL, {"MSEQ_PARAM_CONTRAST = -0.1", "0..1"});
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_BRIGHTNESS, 1.5); },
        MSEQ_ERANGE, {"MSEQ_PARAM_BRIGHTNESS = 1.5", "0..1"});
    expect_error([&] { return mseq_params_set_f64(p, MSEQ_PARAM_GAMMA, 0.95); },
                 MSEQ_ERANGE, {"MSEQ_PARAM_GAMMA = 0.9499", "0..0.9"});
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_INK_LEVEL, 2.0); },
        MSEQ_ERANGE, {"MSEQ_PARAM_INK_LEVEL = 2", "0..1"});
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_PAPER_LEVEL, inf); },
        MSEQ_EINVAL, {"MSEQ_PARAM_PAPER_LEVEL", "finite"});
    expect_error(
        [&] {
            return mseq_params_set_f64(p, MSEQ_PARAM_BACKGROUND_STRENGTH, 1.01);
        },
        MSEQ_ERANGE, {"MSEQ_PARAM_BACKGROUND_STRENGTH = 1.01", "0..1"});
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_TEXTURE_SCALE, 0.5); },
        MSEQ_EINVAL, {"MSEQ_PARAM_TEXTURE_SCALE = 0.5", "1..64"});
    expect_error([&] { return mseq_params_set(p, MSEQ_PARAM_BACKGROUND, 4); },
                 MSEQ_EINVAL,
                 {"MSEQ_PARAM_BACKGROUND = 4", "MSEQ_BACKGROUND_IMAGE (3)"});
    // Nothing was set.
    double v = -1;
    ASSERT_EQ(mseq_params_get_f64(&v, p, MSEQ_PARAM_NOISE_STD), MSEQ_OK);
    EXPECT_EQ(v, 0.0);
    ASSERT_EQ(mseq_params_get_f64(&v, p, MSEQ_PARAM_TEXTURE_SCALE), MSEQ_OK);
    EXPECT_EQ(v, 8.0);
    int64_t b = -1;
    ASSERT_EQ(mseq_params_get(&b, p, MSEQ_PARAM_BACKGROUND), MSEQ_OK);
    EXPECT_EQ(b, MSEQ_BACKGROUND_FLAT);
}

TEST(Augmentation, BadBaselineValuesNameTheKey) {
    capi_test::Params p;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_BASELINE_SLOPE, 46.0); },
        MSEQ_ERANGE, {"MSEQ_PARAM_BASELINE_SLOPE = 46", "0..45"});
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_BASELINE_SLOPE, -1.0); },
        MSEQ_EINVAL, {"MSEQ_PARAM_BASELINE_SLOPE = -1", "0..45"});
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_BASELINE_SLOPE, nan); },
        MSEQ_EINVAL, {"MSEQ_PARAM_BASELINE_SLOPE", "finite"});
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_WAVE_AMPLITUDE, inf); },
        MSEQ_EINVAL, {"MSEQ_PARAM_WAVE_AMPLITUDE", "finite"});
    expect_error(
        [&] {
            return mseq_params_set_f64(p, MSEQ_PARAM_WAVE_AMPLITUDE, 1024.5);
        },
        MSEQ_ERANGE,
        {"MSEQ_PARAM_WAVE_AMPLITUDE = 1024.5", "MSEQ_MAX_GLYPH_SIDE"});
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_WAVE_PERIOD, 4.0); },
        MSEQ_EINVAL, {"MSEQ_PARAM_WAVE_PERIOD = 4", "8..65536"});
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_WAVE_PERIOD, -inf); },
        MSEQ_EINVAL, {"MSEQ_PARAM_WAVE_PERIOD", "finite"});
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_WAVE_PERIOD, 1e6); },
        MSEQ_ERANGE, {"MSEQ_PARAM_WAVE_PERIOD = 1000000", "MSEQ_MAX_WIDTH"});
    // Nothing was set.
    double v = -1;
    ASSERT_EQ(mseq_params_get_f64(&v, p, MSEQ_PARAM_BASELINE_SLOPE), MSEQ_OK);
    EXPECT_EQ(v, 0.0);
    ASSERT_EQ(mseq_params_get_f64(&v, p, MSEQ_PARAM_WAVE_AMPLITUDE), MSEQ_OK);
    EXPECT_EQ(v, 0.0);
    ASSERT_EQ(mseq_params_get_f64(&v, p, MSEQ_PARAM_WAVE_PERIOD), MSEQ_OK);
    EXPECT_EQ(v, 160.0);
}

}  // namespace
