// One image (generator.hpp): every validation error, determinism,
// placements and scale, and generation from the real MNIST.
#include "generate/generator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "generate/params.hpp"
#include "input/source_data.hpp"

namespace {

// A data set with 3 glyphs of every digit, rows x cols, varied ink.
mseq::SourceData make_dataset(uint32_t rows, uint32_t cols) {
    mseq::SourceData ds;
    ds.rows = rows;
    ds.cols = cols;
    for (int k = 0; k < 3; ++k) {
        for (uint8_t d = 0; d < 10; ++d) ds.labels.push_back(d);
    }
    for (uint32_t i = 0; i < ds.labels.size(); ++i) {
        ds.by_class[ds.labels[i]].push_back(i);
        for (uint32_t p = 0; p < rows * cols; ++p) {
            ds.pixels.push_back(uint8_t((i * 31 + p * 7) % 256));
        }
    }
    ds.images_path = "imgs";
    ds.labels_path = "lbls";
    return ds;
}

mseq::Params params(int64_t width, int64_t lo = 0, int64_t hi = 4) {
    mseq::Params p;
    p.width = width;
    p.min_spacing = lo;
    p.max_spacing = hi;
    p.seed = 1234;
    return p;
}

bool contains(const std::string &text, const std::string &part) {
    return text.find(part) != std::string::npos;
}

struct Failure {
    int code = 0;
    std::string message;
};

template <typename F>
Failure failure_of(F f) {
    try {
        f();
    } catch (const mseq::Error &e) {
        return {e.code(), e.what()};
    }
    ADD_FAILURE() << "no error thrown";
    return {};
}

// Generates into a fresh float buffer.
std::vector<float> generate(const mseq::SourceData &ds, const mseq::Params &p,
                            const std::vector<int> &digits, uint64_t index,
                            mseq_placement *placements = nullptr,
                            float *scale = nullptr) {
    std::vector<float> out(mseq::image_bytes(ds, p) / sizeof(float));
    mseq::generate_one(ds, p, digits.data(), digits.size(), index, out.data(),
                       out.size() * sizeof(float), placements, scale);
    return out;
}

// ---------------------------------------------------------------------------
// Sizes and validation

TEST(Generator, ImageBytes) {
    const mseq::SourceData ds = make_dataset(28, 28);
    mseq::Params p = params(160);
    EXPECT_EQ(mseq::image_bytes(ds, p), 28u * 160u * 4u);
    p.format = MSEQ_FORMAT_U8;
    EXPECT_EQ(mseq::image_bytes(ds, p), 28u * 160u);
    p.width = 0;
    const Failure f = failure_of([&] { mseq::image_bytes(ds, p); });
    EXPECT_EQ(f.code, MSEQ_EINVAL);
    EXPECT_TRUE(contains(f.message, "width not set")) << f.message;
}

class GeneratorErrors : public ::testing::Test {
protected:
    mseq::SourceData ds = make_dataset(4, 5);
    mseq::Params p = params(40);
    std::vector<float> out = std::vector<float>(4 * 40, -3.0f);
    std::vector<int> digits = {1, 2, 3};

    Failure run(const int *d, size_t n, void *buf, size_t size) {
        return failure_of([&] {
            mseq::generate_one(ds, p, d, n, 0, buf, size, nullptr, nullptr);
        });
    }
    Failure run() {
        return run(digits.data(), digits.size(), out.data(),
                   out.size() * sizeof(float));
    }
};

TEST_F(GeneratorErrors, EmptySequence) {
    for (const Failure &f : {run(nullptr, 3, out.data(), 640),
                             run(digits.data(), 0, out.data(), 640)}) {
        EXPECT_EQ(f.code, MSEQ_EINVAL);
        EXPECT_TRUE(contains(f.message, "empty sequence")) << f.message;
    }
}

TEST_F(GeneratorErrors, TooManyDigits) {
    std::vector<int> many(MSEQ_MAX_DIGITS + 1, 4);
    const Failure f = run(many.data(), many.size(), out.data(), 640);
    EXPECT_EQ(f.code, MSEQ_ERANGE);
    EXPECT_TRUE(contains(f.message, "1025")) << f.message;
    EXPECT_TRUE(contains(f.message, "1024")) << f.message;
}

TEST_F(GeneratorErrors, DigitOutsideZeroToNine) {
    for (int bad : {-1, 10, 1000}) {
        digits = {1, 2, bad, 3};
        const Failure f = run();
        EXPECT_EQ(f.code, MSEQ_EINVAL);
        EXPECT_TRUE(contains(f.message, "position 2")) << f.message;
        EXPECT_TRUE(contains(f.message, std::to_string(bad))) << f.message;
    }
}

TEST_F(GeneratorErrors, WidthNotSet) {
    p.width = 0;
    const Failure f = run();
    EXPECT_EQ(f.code, MSEQ_EINVAL);
    EXPECT_TRUE(contains(f.message, "width")) << f.message;
}

TEST_F(GeneratorErrors, WidthOutOfRange) {
    for (int64_t w : {int64_t(-5), int64_t(MSEQ_MAX_WIDTH) + 1}) {
        p.width = w;
        const Failure f = run();
        EXPECT_EQ(f.code, MSEQ_ERANGE);
        EXPECT_TRUE(contains(f.message, std::to_string(w))) << f.message;
    }
}

TEST_F(GeneratorErrors, MinSpacingAboveMax) {
    p.min_spacing = 9;
    p.max_spacing = 3;
    const Failure f = run();
    EXPECT_EQ(f.code, MSEQ_EINVAL);
    EXPECT_TRUE(contains(f.message, "min_spacing 9")) << f.message;
    EXPECT_TRUE(contains(f.message, "max_spacing 3")) << f.message;
}

TEST_F(GeneratorErrors, SpacingOutsideItsDomain) {
    // Not reachable through set_param, but memory safety must not rely on
    // it.
    // Glyphs of 5 columns: gaps down to -4 overlap them, -5 would start a
    // digit where the previous one starts.
    p.min_spacing = -4;
    EXPECT_NO_THROW(mseq::generate_one(ds, p, digits.data(), digits.size(), 0,
                                       out.data(), out.size() * sizeof(float),
                                       nullptr, nullptr));
    p.min_spacing = -5;
    const Failure below = run();
    EXPECT_EQ(below.code, MSEQ_EINVAL);
    EXPECT_TRUE(contains(below.message, "min_spacing -5")) << below.message;
    EXPECT_TRUE(contains(below.message, "spacing below -4")) << below.message;
    p.min_spacing = 0;
    p.max_spacing = -5;
    EXPECT_EQ(run().code, MSEQ_EINVAL);
    p.min_spacing = 0;
    p.max_spacing = int64_t(MSEQ_MAX_SPACING) + 1;
    EXPECT_EQ(run().code, MSEQ_ERANGE);
    p.max_spacing = 4;
    // 3 is within the range of mseq_fit's values but names no policy.
    p.fit = static_cast<mseq_fit>(3);
    const Failure f = run();
    EXPECT_EQ(f.code, MSEQ_EINVAL);
    EXPECT_TRUE(contains(f.message, "fit policy 3")) << f.message;
}

TEST_F(GeneratorErrors, NullOutput) {
    const Failure f = run(digits.data(), digits.size(), nullptr, 640);
    EXPECT_EQ(f.code, MSEQ_EINVAL);
    EXPECT_TRUE(contains(f.message, "output buffer")) << f.message;
}

TEST_F(GeneratorErrors, BufferTooSmall) {
    const Failure f = run(digits.data(), digits.size(), out.data(), 639);
    EXPECT_EQ(f.code, MSEQ_EBUFSIZE);
    EXPECT_TRUE(contains(f.message, "639")) << f.message;
    EXPECT_TRUE(contains(f.message, "640")) << f.message;
    for (float v : out) EXPECT_EQ(v, -3.0f);  // nothing written
}

TEST_F(GeneratorErrors, MisalignedFloatBuffer) {
    std::vector<unsigned char> raw(700);
    const Failure f = run(digits.data(), digits.size(), raw.data() + 1, 641);
    EXPECT_EQ(f.code, MSEQ_EINVAL);
    EXPECT_TRUE(contains(f.message, "aligned")) << f.message;
}

TEST_F(GeneratorErrors, NoFitLeavesPlacementsUntouched) {
    p.fit = MSEQ_FIT_STRICT;
    p.width = 16;  // 3 digits of 5 and 2 gaps >= 1: at least 17
    p.min_spacing = 1;
    out.resize(4 * 16);
    std::vector<mseq_placement> placements(3);
    std::memset(placements.data(), 0x5a, 3 * sizeof(mseq_placement));
    float scale = -1.0f;
    const Failure f = failure_of([&] {
        mseq::generate_one(ds, p, digits.data(), 3, 0, out.data(),
                           out.size() * 4, placements.data(), &scale);
    });
    EXPECT_EQ(f.code, MSEQ_ENOFIT);
    EXPECT_EQ(scale, -1.0f);
    const unsigned char *bytes =
        reinterpret_cast<const unsigned char *>(placements.data());
    for (size_t i = 0; i < 3 * sizeof(mseq_placement); ++i) {
        ASSERT_EQ(bytes[i], 0x5a);
    }
}

TEST_F(GeneratorErrors, EmptyDataSet) {
    ds = mseq::SourceData();
    const Failure f = run();
    EXPECT_EQ(f.code, MSEQ_EINVAL);
    EXPECT_TRUE(contains(f.message, "no glyphs")) << f.message;
}

TEST(Generator, LargestStripArithmeticDoesNotOverflow) {
    // 1024 digits of 28 pixels and 1023 gaps of 65536: S = 67,072,000,
    // scaled down to 7 pixels.
    const mseq::SourceData ds = make_dataset(28, 28);
    mseq::Params p = params(7, MSEQ_MAX_SPACING, MSEQ_MAX_SPACING);
    std::vector<int> digits(MSEQ_MAX_DIGITS, 1);
    float scale = 0.0f;
    const std::vector<float> img = generate(ds, p, digits, 0, nullptr, &scale);
    EXPECT_EQ(scale, float(7.0 / (1024.0 * 28 + 1023.0 * 65536)));
    for (float v : img) {
        ASSERT_GE(v, 0.0f);
        ASSERT_LE(v, 1.0f);
    }
}

// ---------------------------------------------------------------------------
// Determinism

TEST(Generator, SameSeedAndIndexGiveTheSameBytes) {
    const mseq::SourceData ds = make_dataset(6, 5);
    for (mseq_fit fit : {MSEQ_FIT_PAD, MSEQ_FIT_EXACT}) {
        mseq::Params p = params(40, 1, 5);
        p.fit = fit;
        p.align = MSEQ_ALIGN_RANDOM;
        const std::vector<float> a = generate(ds, p, {3, 1, 4, 1, 5}, 17);
        const std::vector<float> b = generate(ds, p, {3, 1, 4, 1, 5}, 17);
        EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * 4), 0);
        EXPECT_NE(a, generate(ds, p, {3, 1, 4, 1, 5}, 18));
        p.seed = 1235;
        EXPECT_NE(a, generate(ds, p, {3, 1, 4, 1, 5}, 17));
    }
}

TEST(Generator, PlacementsAndScaleAreReported) {
    const mseq::SourceData ds = make_dataset(6, 5);
    std::vector<mseq_placement> pl(3);
    float scale = 0.0f;
    mseq::Params p = params(40, 2, 2);
    p.align = MSEQ_ALIGN_LEFT;
    generate(ds, p, {7, 0, 7}, 3, pl.data(), &scale);
    EXPECT_EQ(scale, 1.0f);
    const int32_t begins[] = {0, 7, 14};
    for (size_t j = 0; j < 3; ++j) {
        EXPECT_EQ(pl[j].x_begin, begins[j]);
        EXPECT_EQ(pl[j].x_end, begins[j] + 5);
        EXPECT_EQ(pl[j].y_begin, 0);
        EXPECT_EQ(pl[j].y_end, 6);
        EXPECT_EQ(pl[j].label, j == 1 ? 0 : 7);
        EXPECT_EQ(ds.labels[size_t(pl[j].source_index)], pl[j].label);
    }
    p.width = 10;  // S = 19: scaled by 10/19
    generate(ds, p, {7, 0, 7}, 3, pl.data(), &scale);
    EXPECT_EQ(scale, float(10.0 / 19.0));
    EXPECT_EQ(pl[2].x_end, 10);
    EXPECT_EQ(pl[0].y_begin, 1);  // h = round(6 * 10 / 19) = 3, y0 = 1
    EXPECT_EQ(pl[0].y_end, 4);
}

TEST(Generator, ByteFormatIsTheRoundedFloatImage) {
    const mseq::SourceData ds = make_dataset(6, 5);
    for (int64_t width : {40, 12}) {  // unscaled, scaled
        for (bool invert : {false, true}) {
            mseq::Params p = params(width, 0, 3);
            p.invert = invert;
            const std::vector<float> f = generate(ds, p, {2, 4, 6}, 9);
            p.format = MSEQ_FORMAT_U8;
            std::vector<uint8_t> u(mseq::image_bytes(ds, p));
            const int digits[] = {2, 4, 6};
            mseq::generate_one(ds, p, digits, 3, 9, u.data(), u.size(), nullptr,
                               nullptr);
            ASSERT_EQ(u.size(), f.size());
            for (size_t i = 0; i < u.size(); ++i) {
                ASSERT_EQ(u[i], uint8_t(double(f[i]) * 255.0 + 0.5)) << i;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The real MNIST

const mseq::SourceData &mnist_test() {
    static const mseq::SourceData ds =
        mseq::load_source_data(MNISTSEQ_TEST_DATA_DIR, mseq::Split::test);
    return ds;
}

TEST(GeneratorMnist, SeedCaseValuesAndPlacements) {
    const mseq::SourceData &ds = mnist_test();
    ASSERT_EQ(ds.rows, 28u);
    ASSERT_EQ(ds.cols, 28u);
    const std::vector<int> digits = {3, 5, 0};
    mseq::Params p = params(200, 2, 8);
    std::vector<mseq_placement> pl(3);
    float scale = 0.0f;
    const std::vector<float> img =
        generate(ds, p, digits, 0, pl.data(), &scale);
    EXPECT_EQ(scale, 1.0f);
    // Inside each cell: the glyph's ink by the formula; elsewhere 1.0.
    std::vector<int> owner(200, -1);
    for (size_t j = 0; j < 3; ++j) {
        EXPECT_EQ(pl[j].label, digits[j]);
        EXPECT_EQ(ds.labels[size_t(pl[j].source_index)], digits[j]);
        EXPECT_EQ(pl[j].x_end - pl[j].x_begin, 28);
        if (j > 0) {
            const int32_t gap = pl[j].x_begin - pl[j - 1].x_end;
            EXPECT_GE(gap, 2);
            EXPECT_LE(gap, 8);
        }
        for (int32_t x = pl[j].x_begin; x < pl[j].x_end; ++x) {
            owner[size_t(x)] = int(j);
        }
    }
    // Centred: equal margins, the right one up to one pixel wider.
    const int32_t left = pl[0].x_begin;
    const int32_t right = 200 - pl[2].x_end;
    EXPECT_TRUE(right == left || right == left + 1) << left << " " << right;
    float ink_min = 1.0f;
    for (size_t y = 0; y < 28; ++y) {
        for (size_t x = 0; x < 200; ++x) {
            const float v = img[y * 200 + x];
            if (owner[x] < 0) {
                ASSERT_EQ(v, 1.0f) << y << "," << x;
                continue;
            }
            const mseq_placement &q = pl[size_t(owner[x])];
            const uint8_t g = ds.glyph(
                uint32_t(q.source_index))[y * 28 + (x - size_t(q.x_begin))];
            ASSERT_EQ(v, float(255 - g) * (1.0f / 255.0f)) << y << "," << x;
            ink_min = std::min(ink_min, v);
        }
    }
    EXPECT_EQ(ink_min, 0.0f);  // MNIST digits reach full ink
}

TEST(GeneratorMnist, DifferentIndexesPickDifferentGlyphs) {
    const mseq::SourceData &ds = mnist_test();
    const mseq::Params p = params(160, 0, 5);
    std::vector<mseq_placement> a(5), b(5);
    generate(ds, p, {3, 1, 4, 1, 5}, 100, a.data());
    generate(ds, p, {3, 1, 4, 1, 5}, 101, b.data());
    int same = 0;
    for (size_t j = 0; j < 5; ++j)
        same += a[j].source_index == b[j].source_index;
    EXPECT_LT(same, 2);  // ~1000 glyphs per class
}

}  // namespace
