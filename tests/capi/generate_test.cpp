// mseq_image_size and mseq_generate: content, layout information,
// determinism and every error path.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "capi_test.hpp"
#include "idx_files.hpp"
#include "mnistseq/mnistseq.h"

namespace {

using capi_test::expect_error;

constexpr unsigned char kSentinel = 0xA5;

// A small written split whose pixels and labels the test knows.
class Written : public ::testing::Test {
protected:
    void SetUp() override {
        mseq_test::IdxSpec spec;
        spec.count = 40;
        split_ = mseq_test::write_idx_split(dir_.path(), spec);
        ASSERT_EQ(mseq_open(&ds_, dir_.path().c_str(), MSEQ_SPLIT_TRAIN),
                  MSEQ_OK)
            << mseq_last_error();
    }
    void TearDown() override { mseq_free(ds_); }

    uint8_t ink(int32_t source, int y, int x) const {
        return split_
            .pixels[static_cast<size_t>(source) * 28 * 28 +
                    static_cast<size_t>(y) * 28 + static_cast<size_t>(x)];
    }

    mseq_test::TempDir dir_;
    mseq_test::IdxSplit split_;
    mseq_dataset *ds_ = nullptr;
};

size_t image_size(const mseq_dataset *ds, const mseq_params *p) {
    size_t bytes = 0;
    EXPECT_EQ(mseq_image_size(&bytes, ds, p), MSEQ_OK) << mseq_last_error();
    return bytes;
}

TEST(ImageSize, RowsTimesWidthTimesPixel) {
    capi_test::Params p;
    p.set(MSEQ_PARAM_WIDTH, 200);
    EXPECT_EQ(image_size(capi_test::train(), p), 28u * 200u * 4u);
    p.set(MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8);
    EXPECT_EQ(image_size(capi_test::train(), p), 28u * 200u);
    p.set(MSEQ_PARAM_WIDTH, MSEQ_MAX_WIDTH);
    EXPECT_EQ(image_size(capi_test::train(), p), 28u * MSEQ_MAX_WIDTH);
}

TEST(ImageSize, FollowsTheGlyphHeight) {
    mseq_test::TempDir dir;
    mseq_test::IdxSpec spec;
    spec.rows = 20;
    spec.cols = 12;
    mseq_test::write_idx_split(dir.path(), spec);
    capi_test::Dataset ds(MSEQ_SPLIT_TRAIN, dir.path().c_str());
    ASSERT_EQ(ds.rc(), MSEQ_OK) << mseq_last_error();
    capi_test::Params p;
    p.set(MSEQ_PARAM_WIDTH, 50);
    EXPECT_EQ(image_size(ds, p), 20u * 50u * 4u);
}

TEST(ImageShape, HeightOrTheGlyphRowsByTheWidth) {
    capi_test::Params p;
    p.set(MSEQ_PARAM_WIDTH, 150);
    uint32_t rows = 0, cols = 0;
    ASSERT_EQ(mseq_image_shape(&rows, &cols, capi_test::train(), p), MSEQ_OK);
    EXPECT_EQ(rows, 28u);
    EXPECT_EQ(cols, 150u);
    for (int64_t h : {1, 16, 28, 32, 64, 1024}) {
        p.set(MSEQ_PARAM_HEIGHT, h);
        ASSERT_EQ(mseq_image_shape(&rows, &cols, capi_test::train(), p),
                  MSEQ_OK);
        EXPECT_EQ(rows, uint32_t(h));
        EXPECT_EQ(cols, 150u);
        EXPECT_EQ(image_size(capi_test::train(), p), size_t(h) * 150u * 4u);
    }
    // A mask of the image's shape is enough, one entry less is not.
    p.set(MSEQ_PARAM_HEIGHT, 40).set(MSEQ_PARAM_MARGIN_Y, 3);
    const int digits[] = {4, 2};
    std::vector<float> image(40 * 150);
    std::vector<uint16_t> mask(40 * 150);
    EXPECT_EQ(
        mseq_generate_annotated(image.data(), image.size() * 4, mask.data(),
                                mask.size(), nullptr, nullptr, nullptr,
                                capi_test::train(), p, digits, 2, 0),
        MSEQ_OK)
        << mseq_last_error();
    expect_error(
        [&] {
            return mseq_generate_annotated(
                image.data(), image.size() * 4, mask.data(), mask.size() - 1,
                nullptr, nullptr, nullptr, capi_test::train(), p, digits, 2, 0);
        },
        MSEQ_EBUFSIZE, {"mask_len", "6000"});
}

TEST(ImageShape, Errors) {
    capi_test::Params p;
    uint32_t rows = 5, cols = 6;
    expect_error(
        [&] { return mseq_image_shape(&rows, &cols, capi_test::train(), p); },
        MSEQ_EINVAL, {"width not set", "MSEQ_PARAM_WIDTH"});
    p.set(MSEQ_PARAM_WIDTH, 40);
    expect_error(
        [&] { return mseq_image_shape(nullptr, &cols, capi_test::train(), p); },
        MSEQ_EINVAL, {"mseq_image_shape", "rows is NULL"});
    expect_error(
        [&] { return mseq_image_shape(&rows, nullptr, capi_test::train(), p); },
        MSEQ_EINVAL, {"mseq_image_shape", "cols is NULL"});
    expect_error([&] { return mseq_image_shape(&rows, &cols, nullptr, p); },
                 MSEQ_EINVAL, {"mseq_image_shape", "ds is NULL"});
    expect_error(
        [&] {
            return mseq_image_shape(&rows, &cols, capi_test::train(), nullptr);
        },
        MSEQ_EINVAL, {"mseq_image_shape", "params is NULL"});
    p.set(MSEQ_PARAM_MARGIN_X, 20);
    expect_error(
        [&] { return mseq_image_shape(&rows, &cols, capi_test::train(), p); },
        MSEQ_EINVAL, {"margin_x 20", "MSEQ_PARAM_MARGIN_X"});
    p.set(MSEQ_PARAM_MARGIN_X, 0).set(MSEQ_PARAM_MARGIN_Y, 14);
    expect_error(
        [&] { return mseq_image_shape(&rows, &cols, capi_test::train(), p); },
        MSEQ_EINVAL, {"margin_y 14", "MSEQ_PARAM_MARGIN_Y"});
    EXPECT_EQ(rows, 5u);
    EXPECT_EQ(cols, 6u);
    // The table's bounds, naming the key.
    expect_error([&] { return mseq_params_set(p, MSEQ_PARAM_HEIGHT, -1); },
                 MSEQ_EINVAL, {"MSEQ_PARAM_HEIGHT"});
    expect_error([&] { return mseq_params_set(p, MSEQ_PARAM_HEIGHT, 1025); },
                 MSEQ_ERANGE, {"MSEQ_PARAM_HEIGHT"});
    expect_error([&] { return mseq_params_set(p, MSEQ_PARAM_MARGIN_Y, 1025); },
                 MSEQ_ERANGE, {"MSEQ_PARAM_MARGIN_Y"});
}

TEST(ImageSize, Errors) {
    capi_test::Params p;
    size_t bytes = 77;
    expect_error([&] { return mseq_image_size(&bytes, capi_test::train(), p); },
                 MSEQ_EINVAL, {"width not set", "MSEQ_PARAM_WIDTH"});
    p.set(MSEQ_PARAM_WIDTH, 10);
    expect_error(
        [&] { return mseq_image_size(nullptr, capi_test::train(), p); },
        MSEQ_EINVAL, {"mseq_image_size", "bytes is NULL"});
    expect_error([&] { return mseq_image_size(&bytes, nullptr, p); },
                 MSEQ_EINVAL, {"mseq_image_size", "ds is NULL"});
    expect_error(
        [&] { return mseq_image_size(&bytes, capi_test::train(), nullptr); },
        MSEQ_EINVAL, {"mseq_image_size", "params is NULL"});
    EXPECT_EQ(bytes, 77u);
}

TEST_F(Written, PixelsAreTheSourceGlyphs) {
    const std::vector<int> digits = {3, 5, 0, 9, 3};
    const int width = 220;
    for (int format : {MSEQ_FORMAT_F32, MSEQ_FORMAT_U8}) {
        for (int invert : {0, 1}) {
            SCOPED_TRACE("format " + std::to_string(format) + " invert " +
                         std::to_string(invert));
            capi_test::Params p;
            p.set(MSEQ_PARAM_WIDTH, width)
                .set(MSEQ_PARAM_MIN_SPACING, 1)
                .set(MSEQ_PARAM_MAX_SPACING, 6)
                .set(MSEQ_PARAM_FORMAT, format)
                .set(MSEQ_PARAM_INVERT, invert)
                .set(MSEQ_PARAM_SEED, 11);
            const size_t bytes = image_size(ds_, p);
            std::vector<unsigned char> raw(bytes);
            std::vector<float> f32(28 * width);
            void *out = format == MSEQ_FORMAT_F32
                            ? static_cast<void *>(f32.data())
                            : static_cast<void *>(raw.data());
            std::vector<mseq_placement> pl(digits.size());
            float scale = -1;
            ASSERT_EQ(mseq_generate(out, bytes, pl.data(), &scale, ds_, p,
                                    digits.data(), digits.size(), 3),
                      MSEQ_OK)
                << mseq_last_error();
            EXPECT_EQ(scale, 1.0f);

            std::vector<bool> covered(width, false);
            for (size_t j = 0; j < digits.size(); ++j) {
                const mseq_placement &c = pl[j];
                EXPECT_EQ(c.label, digits[j]);
                ASSERT_GE(c.source_index, 0);
                ASSERT_LT(c.source_index, 40);
                EXPECT_EQ(split_.labels[static_cast<size_t>(c.source_index)],
                          digits[j])
                    << "the glyph is not of its digit's class";
                EXPECT_EQ(c.x_end - c.x_begin, 28);
                EXPECT_EQ(c.y_begin, 0);
                EXPECT_EQ(c.y_end, 28);
                ASSERT_GE(c.x_begin, 0);
                ASSERT_LE(c.x_end, width);
                if (j > 0) {
                    const int gap = c.x_begin - pl[j - 1].x_end;
                    EXPECT_GE(gap, 1);
                    EXPECT_LE(gap, 6);
                }
                for (int x = c.x_begin; x < c.x_end; ++x) covered[x] = true;
            }
            // Centred: floor((W - S) / 2) columns on the left.
            const int strip = pl.back().x_end - pl.front().x_begin;
            EXPECT_EQ(pl.front().x_begin, (width - strip) / 2);

            for (int y = 0; y < 28; ++y) {
                for (int x = 0; x < width; ++x) {
                    int g = 0;  // background: no ink
                    for (const mseq_placement &c : pl) {
                        if (x >= c.x_begin && x < c.x_end) {
                            g = ink(c.source_index, y, x - c.x_begin);
                        }
                    }
                    const size_t i = static_cast<size_t>(y) * width + x;
                    const int v = invert ? g : 255 - g;
                    if (format == MSEQ_FORMAT_F32) {
                        ASSERT_EQ(f32[i],
                                  static_cast<float>(v) * (1.0f / 255.0f))
                            << "row " << y << " column " << x;
                    } else {
                        ASSERT_EQ(raw[i], v) << "row " << y << " column " << x;
                    }
                }
            }
        }
    }
}

TEST_F(Written, AlignmentLeftAndRight) {
    const int digits[] = {1, 2};
    capi_test::Params p;
    p.set(MSEQ_PARAM_WIDTH, 100).set(MSEQ_PARAM_MAX_SPACING, 5);
    mseq_placement pl[2];
    std::vector<float> out(28 * 100);
    p.set(MSEQ_PARAM_ALIGN, MSEQ_ALIGN_LEFT);
    ASSERT_EQ(mseq_generate(out.data(), out.size() * 4, pl, nullptr, ds_, p,
                            digits, 2, 0),
              MSEQ_OK);
    EXPECT_EQ(pl[0].x_begin, 0);
    p.set(MSEQ_PARAM_ALIGN, MSEQ_ALIGN_RIGHT);
    ASSERT_EQ(mseq_generate(out.data(), out.size() * 4, pl, nullptr, ds_, p,
                            digits, 2, 0),
              MSEQ_OK);
    EXPECT_EQ(pl[1].x_end, 100);
}

TEST(Generate, SeedExampleOnMnist) {
    // The specification's call: generate_mnist_sequence([3, 5, 0], (2, 8),
    // 200) -> a float32 (28, 200) image in [0, 1], black digits on white.
    capi_test::Params p;
    p.set(MSEQ_PARAM_WIDTH, 200)
        .set(MSEQ_PARAM_MIN_SPACING, 2)
        .set(MSEQ_PARAM_MAX_SPACING, 8);
    const int digits[] = {3, 5, 0};
    std::vector<float> out(28 * 200, -1.0f);
    mseq_placement pl[3];
    ASSERT_EQ(mseq_generate(out.data(), out.size() * sizeof(float), pl, nullptr,
                            capi_test::train(), p, digits, 3, 0),
              MSEQ_OK)
        << mseq_last_error();
    size_t dark = 0;
    for (float v : out) {
        ASSERT_GE(v, 0.0f);
        ASSERT_LE(v, 1.0f);
        if (v < 0.5f) ++dark;
    }
    EXPECT_EQ(out[0], 1.0f);     // top-left: background is white
    EXPECT_EQ(out[199], 1.0f);   // top-right
    EXPECT_GT(dark, 3u * 40u);   // each MNIST digit has ink...
    EXPECT_LT(dark, 3u * 400u);  // ...but is mostly background
    for (int j = 0; j < 3; ++j) {
        EXPECT_EQ(pl[j].label, digits[j]);
        EXPECT_LT(pl[j].source_index, 60000);
    }
}

TEST(Generate, ScaledDownWhenTooWide) {
    capi_test::Params p;
    p.set(MSEQ_PARAM_WIDTH, 100);
    const int digits[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    std::vector<float> out(28 * 100);
    mseq_placement pl[10];
    float scale = 0;
    ASSERT_EQ(mseq_generate(out.data(), out.size() * 4, pl, &scale,
                            capi_test::train(), p, digits, 10, 0),
              MSEQ_OK);
    // Strip of 10 * 28 columns, no gaps, into 100.
    EXPECT_FLOAT_EQ(scale, 100.0f / 280.0f);
    EXPECT_EQ(pl[0].x_begin, 0);
    EXPECT_EQ(pl[9].x_end, 100);
    for (const mseq_placement &c : pl) {
        EXPECT_LT(c.y_end - c.y_begin, 28);  // shrunk, aspect kept
        EXPECT_GT(c.y_begin, 0);             // centred vertically
    }
}

TEST(Generate, ExactFillsTheWidth) {
    capi_test::Params p;
    p.set(MSEQ_PARAM_WIDTH, 100)
        .set(MSEQ_PARAM_MAX_SPACING, 10)
        .set(MSEQ_PARAM_FIT, MSEQ_FIT_EXACT);
    const int digits[] = {4, 2, 7};
    std::vector<float> out(28 * 100);
    mseq_placement pl[3];
    for (uint64_t index = 0; index < 20; ++index) {
        ASSERT_EQ(mseq_generate(out.data(), out.size() * 4, pl, nullptr,
                                capi_test::train(), p, digits, 3, index),
                  MSEQ_OK);
        EXPECT_EQ(pl[0].x_begin, 0);
        EXPECT_EQ(pl[2].x_end, 100);
    }
}

std::vector<unsigned char> generate_bytes(const mseq_dataset *ds,
                                          const mseq_params *p,
                                          const std::vector<int> &digits,
                                          uint64_t index) {
    size_t bytes = 0;
    EXPECT_EQ(mseq_image_size(&bytes, ds, p), MSEQ_OK);
    std::vector<float> out(bytes / sizeof(float) + 1);
    EXPECT_EQ(mseq_generate(out.data(), bytes, nullptr, nullptr, ds, p,
                            digits.data(), digits.size(), index),
              MSEQ_OK)
        << mseq_last_error();
    const auto *b = reinterpret_cast<const unsigned char *>(out.data());
    return std::vector<unsigned char>(b, b + bytes);
}

TEST(Generate, DeterministicPerSeedAndIndex) {
    const std::vector<int> digits = {8, 6, 7, 5, 3, 0, 9};
    auto make = [](capi_test::Params &p, int64_t seed) {
        p.set(MSEQ_PARAM_WIDTH, 240)
            .set(MSEQ_PARAM_MAX_SPACING, 12)
            .set(MSEQ_PARAM_ALIGN, MSEQ_ALIGN_RANDOM)
            .set(MSEQ_PARAM_SEED, seed);
    };
    capi_test::Params a, b, other_seed;
    make(a, 2024);
    make(b, 2024);
    make(other_seed, 2025);
    const mseq_dataset *ds = capi_test::train();
    for (uint64_t index : {0ull, 1ull, 77ull, 1ull << 40}) {
        const auto first = generate_bytes(ds, a, digits, index);
        EXPECT_EQ(first, generate_bytes(ds, a, digits, index));
        EXPECT_EQ(first, generate_bytes(ds, b, digits, index))
            << "a new params object with the same values differs";
        EXPECT_NE(first, generate_bytes(ds, a, digits, index + 1));
        EXPECT_NE(first, generate_bytes(ds, other_seed, digits, index));
    }
}

TEST(Generate, SplitsDrawFromTheirOwnImages) {
    capi_test::Params p;
    p.set(MSEQ_PARAM_WIDTH, 100);
    const int digits[] = {1, 7};
    mseq_placement pl[2];
    std::vector<float> out(28 * 100);
    size_t beyond_test = 0;
    for (uint64_t index = 0; index < 50; ++index) {
        ASSERT_EQ(mseq_generate(out.data(), out.size() * 4, pl, nullptr,
                                capi_test::test_split(), p, digits, 2, index),
                  MSEQ_OK);
        for (const mseq_placement &c : pl) EXPECT_LT(c.source_index, 10000);
        ASSERT_EQ(mseq_generate(out.data(), out.size() * 4, pl, nullptr,
                                capi_test::train(), p, digits, 2, index),
                  MSEQ_OK);
        for (const mseq_placement &c : pl) {
            beyond_test += c.source_index >= 10000 ? 1 : 0;
        }
    }
    EXPECT_GT(beyond_test, 50u);  // train draws from all 60,000
}

TEST(Generate, BytesBeyondTheImageAreNotWritten) {
    capi_test::Params p;
    p.set(MSEQ_PARAM_WIDTH, 90).set(MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8);
    const size_t need = 28 * 90;
    std::vector<unsigned char> buf(need + 100, kSentinel);
    const int digits[] = {2, 4};
    ASSERT_EQ(mseq_generate(buf.data(), buf.size(), nullptr, nullptr,
                            capi_test::train(), p, digits, 2, 0),
              MSEQ_OK);
    for (size_t i = need; i < buf.size(); ++i) {
        ASSERT_EQ(buf[i], kSentinel) << "byte " << i;
    }
}

// Every failure of mseq_generate, with the outputs checked untouched.
class GenerateErrors : public ::testing::Test {
protected:
    void SetUp() override {
        p_.set(MSEQ_PARAM_WIDTH, 200)
            .set(MSEQ_PARAM_MIN_SPACING, 2)
            .set(MSEQ_PARAM_MAX_SPACING, 8);
        out_.assign(28 * 200 + 16, 0.5f);
        for (mseq_placement &c : pl_)
            c = mseq_placement{-7, -7, -7, -7, -7, -7};
    }

    int call(const int *digits, size_t n, size_t out_size = 28 * 200 * 4) {
        return mseq_generate(out_.data(), out_size, pl_, &scale_,
                             capi_test::train(), p_, digits, n, 0);
    }
    void expect_outputs_untouched() {
        EXPECT_EQ(scale_, -3.0f);
        for (const mseq_placement &c : pl_) {
            EXPECT_EQ(c.x_begin, -7);
            EXPECT_EQ(c.source_index, -7);
        }
    }

    capi_test::Params p_;
    std::vector<float> out_;
    mseq_placement pl_[4];
    float scale_ = -3.0f;
    const int digits_[3] = {3, 5, 0};
};

TEST_F(GenerateErrors, NullPointers) {
    const mseq_dataset *ds = capi_test::train();
    expect_error(
        [&] {
            return mseq_generate(nullptr, 100, nullptr, nullptr, ds, p_,
                                 digits_, 3, 0);
        },
        MSEQ_EINVAL, {"mseq_generate", "out is NULL"});
    expect_error(
        [&] {
            return mseq_generate(out_.data(), 100, nullptr, nullptr, nullptr,
                                 p_, digits_, 3, 0);
        },
        MSEQ_EINVAL, {"mseq_generate", "ds is NULL"});
    expect_error(
        [&] {
            return mseq_generate(out_.data(), 100, nullptr, nullptr, ds,
                                 nullptr, digits_, 3, 0);
        },
        MSEQ_EINVAL, {"mseq_generate", "params is NULL"});
    expect_error([&] { return call(nullptr, 3); }, MSEQ_EINVAL,
                 {"mseq_generate", "digits is NULL"});
    expect_outputs_untouched();
}

TEST_F(GenerateErrors, EmptySequence) {
    expect_error([&] { return call(digits_, 0); }, MSEQ_EINVAL,
                 {"empty sequence"});
    expect_outputs_untouched();
}

TEST_F(GenerateErrors, DigitOutsideZeroToNine) {
    for (int bad : {10, -1, 1000}) {
        const int digits[] = {3, bad, 0};
        expect_error([&] { return call(digits, 3); }, MSEQ_EINVAL,
                     {"position 1", std::to_string(bad), "0-9"});
    }
    expect_outputs_untouched();
}

TEST_F(GenerateErrors, TooManyDigits) {
    std::vector<int> many(MSEQ_MAX_DIGITS + 1, 1);
    expect_error([&] { return call(many.data(), many.size()); }, MSEQ_ERANGE,
                 {std::to_string(MSEQ_MAX_DIGITS + 1), "MSEQ_MAX_DIGITS"});
    expect_outputs_untouched();
}

TEST_F(GenerateErrors, WidthNotSet) {
    capi_test::Params fresh;
    expect_error(
        [&] {
            return mseq_generate(out_.data(), 28 * 200 * 4, pl_, &scale_,
                                 capi_test::train(), fresh, digits_, 3, 0);
        },
        MSEQ_EINVAL, {"width not set", "MSEQ_PARAM_WIDTH"});
    expect_outputs_untouched();
}

TEST_F(GenerateErrors, WidthAboveTheLimitCannotBeSet) {
    expect_error(
        [&] {
            return mseq_params_set(p_, MSEQ_PARAM_WIDTH, MSEQ_MAX_WIDTH + 1);
        },
        MSEQ_ERANGE, {"MSEQ_PARAM_WIDTH", "MSEQ_MAX_WIDTH"});
    EXPECT_EQ(p_.value(MSEQ_PARAM_WIDTH), 200);
}

TEST_F(GenerateErrors, SpacingBelowTheWidestGlyphsCannotBeSet) {
    expect_error(
        [&] {
            return mseq_params_set(p_, MSEQ_PARAM_MIN_SPACING,
                                   -MSEQ_MAX_GLYPH_SIDE);
        },
        MSEQ_EINVAL, {"MSEQ_PARAM_MIN_SPACING", "-1024", "-1023..65536"});
    EXPECT_EQ(p_.value(MSEQ_PARAM_MIN_SPACING), 2);
    EXPECT_EQ(
        mseq_params_set(p_, MSEQ_PARAM_MIN_SPACING, 1 - MSEQ_MAX_GLYPH_SIDE),
        MSEQ_OK);
}

TEST_F(GenerateErrors, SpacingOfAWholeGlyphIsRefusedAtGeneration) {
    // MNIST's glyphs are 28 columns wide: -27 overlaps them, -28 would put
    // a digit where the previous one starts.
    p_.set(MSEQ_PARAM_MIN_SPACING, -28);
    p_.set(MSEQ_PARAM_MAX_SPACING, -20);
    expect_error([&] { return call(digits_, 3); }, MSEQ_EINVAL,
                 {"spacing below -27", "min_spacing -28"});
    expect_outputs_untouched();
    p_.set(MSEQ_PARAM_MIN_SPACING, -27);
    EXPECT_EQ(call(digits_, 3), MSEQ_OK) << mseq_last_error();
}

TEST_F(GenerateErrors, MinSpacingAboveMax) {
    p_.set(MSEQ_PARAM_MIN_SPACING, 9);
    expect_error([&] { return call(digits_, 3); }, MSEQ_EINVAL,
                 {"min_spacing 9", "max_spacing 8"});
    expect_outputs_untouched();
}

TEST_F(GenerateErrors, BufferTooSmallWritesNothing) {
    std::vector<unsigned char> buf(28 * 200 * 4 + 64, kSentinel);
    expect_error(
        [&] {
            return mseq_generate(buf.data(), 28 * 200 * 4 - 1, pl_, &scale_,
                                 capi_test::train(), p_, digits_, 3, 0);
        },
        MSEQ_EBUFSIZE,
        {std::to_string(28 * 200 * 4 - 1), std::to_string(28 * 200 * 4)});
    EXPECT_STREQ(mseq_strerror(MSEQ_EBUFSIZE), "buffer too small");
    for (size_t i = 0; i < buf.size(); ++i) {
        ASSERT_EQ(buf[i], kSentinel) << "byte " << i << " written";
    }
    expect_outputs_untouched();
}

TEST_F(GenerateErrors, MisalignedFloatBuffer) {
    std::vector<float> buf(28 * 200 + 1);
    void *odd = reinterpret_cast<unsigned char *>(buf.data()) + 1;
    expect_error(
        [&] {
            return mseq_generate(odd, 28 * 200 * 4, pl_, &scale_,
                                 capi_test::train(), p_, digits_, 3, 0);
        },
        MSEQ_EINVAL, {"aligned"});
}

TEST_F(GenerateErrors, StrictTooNarrow) {
    p_.set(MSEQ_PARAM_WIDTH, 60).set(MSEQ_PARAM_FIT, MSEQ_FIT_STRICT);
    expect_error([&] { return call(digits_, 3); }, MSEQ_ENOFIT,
                 {"strict", "60"});
    EXPECT_STREQ(mseq_strerror(MSEQ_ENOFIT), "sequence does not fit the width");
    expect_outputs_untouched();
    // Wide enough: fine, whatever gaps are drawn.
    p_.set(MSEQ_PARAM_WIDTH, 3 * 28 + 2 * 8);
    for (uint64_t index = 0; index < 20; ++index) {
        ASSERT_EQ(mseq_generate(out_.data(), out_.size() * 4, nullptr, nullptr,
                                capi_test::train(), p_, digits_, 3, index),
                  MSEQ_OK)
            << mseq_last_error();
    }
}

TEST_F(GenerateErrors, ExactUnreachableWidth) {
    p_.set(MSEQ_PARAM_FIT, MSEQ_FIT_EXACT);
    // 3 digits with gaps in [2, 8] span 88..100 columns.
    for (int64_t width : {87, 101, 60}) {
        p_.set(MSEQ_PARAM_WIDTH, width);
        expect_error([&] { return call(digits_, 3); }, MSEQ_ENOFIT,
                     {"exact", std::to_string(width)});
    }
    expect_outputs_untouched();
    for (int64_t width : {88, 100}) {
        p_.set(MSEQ_PARAM_WIDTH, width);
        EXPECT_EQ(call(digits_, 3), MSEQ_OK) << mseq_last_error();
    }
}

}  // namespace
