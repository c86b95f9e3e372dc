// The documented limits (MSEQ_MAX_* in mnistseq.h), at each bound and one
// past it, through the C API and the CLI: the bound works, one past is
// MSEQ_ERANGE (exit status 2 from the CLI) with a message naming the value,
// never a crash, a silent clamp or an overflowing size.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "child.hpp"
#include "fixtures.hpp"
#include "idx_files.hpp"
#include "mnistseq/mnistseq.h"
#include "scratch_dir.hpp"

namespace failure_test {
namespace {

struct Bound {
    mseq_param key;
    int64_t max;
    int64_t min;  // smallest valid value
};

class ParamBounds : public ::testing::TestWithParam<Bound> {};

TEST_P(ParamBounds, AtTheBoundIsAcceptedOnePastIsERANGE) {
    const Bound b = GetParam();
    mseq_params *p = nullptr;
    ASSERT_EQ(mseq_params_new(&p), 0);
    int64_t value = -12345;
    EXPECT_EQ(mseq_params_set(p, b.key, b.max), MSEQ_OK) << mseq_last_error();
    EXPECT_EQ(mseq_params_get(&value, p, b.key), MSEQ_OK);
    EXPECT_EQ(value, b.max);
    EXPECT_EQ(mseq_params_set(p, b.key, b.max + 1), MSEQ_ERANGE);
    EXPECT_TRUE(contains(mseq_last_error(), std::to_string(b.max + 1)))
        << mseq_last_error();
    EXPECT_EQ(mseq_params_set(p, b.key, INT64_MAX), MSEQ_ERANGE);
    EXPECT_EQ(mseq_params_get(&value, p, b.key), MSEQ_OK);
    EXPECT_EQ(value, b.max) << "a refused value changed the parameter";
    EXPECT_EQ(mseq_params_set(p, b.key, b.min), MSEQ_OK);
    EXPECT_EQ(mseq_params_set(p, b.key, b.min - 1), MSEQ_EINVAL);
    EXPECT_EQ(mseq_params_set(p, b.key, INT64_MIN), MSEQ_EINVAL);
    mseq_params_free(p);
}

INSTANTIATE_TEST_SUITE_P(
    Limits, ParamBounds,
    ::testing::Values(Bound{MSEQ_PARAM_WIDTH, MSEQ_MAX_WIDTH, 1},
                      Bound{MSEQ_PARAM_MIN_SPACING, MSEQ_MAX_SPACING,
                            1 - MSEQ_MAX_GLYPH_SIDE},
                      Bound{MSEQ_PARAM_MAX_SPACING, MSEQ_MAX_SPACING,
                            1 - MSEQ_MAX_GLYPH_SIDE},
                      Bound{MSEQ_PARAM_MIN_LENGTH, MSEQ_MAX_DIGITS, 1},
                      Bound{MSEQ_PARAM_MAX_LENGTH, MSEQ_MAX_DIGITS, 1},
                      Bound{MSEQ_PARAM_THREADS, MSEQ_MAX_THREADS, 0},
                      Bound{MSEQ_PARAM_SHARD_SIZE, MSEQ_MAX_BATCH, 1},
                      Bound{MSEQ_PARAM_PNG_LEVEL, 9, -1}));

class LimitsWithData : public ::testing::Test {
protected:
    void SetUp() override {
        h_.ds = open_synthetic();
        ASSERT_NE(h_.ds, nullptr);
    }
    Handles h_;
};

// The widest image, the longest sequence and the largest gaps at once: the
// strip (1024 * 28 + 1023 * 65536 pixels) is scaled into 65536 columns.
TEST_F(LimitsWithData, WidestLongestAndWidestGapsTogether) {
    h_.params = make_params(MSEQ_MAX_WIDTH);
    ASSERT_EQ(
        mseq_params_set(h_.params, MSEQ_PARAM_MIN_SPACING, MSEQ_MAX_SPACING),
        0);
    ASSERT_EQ(
        mseq_params_set(h_.params, MSEQ_PARAM_MAX_SPACING, MSEQ_MAX_SPACING),
        0);
    std::vector<int> digits(MSEQ_MAX_DIGITS);
    for (size_t i = 0; i < digits.size(); ++i) digits[i] = int(i % 10);
    size_t bytes = 0;
    ASSERT_EQ(mseq_image_size(&bytes, h_.ds, h_.params), 0);
    EXPECT_EQ(bytes, size_t{28} * MSEQ_MAX_WIDTH);
    std::vector<uint8_t> image(bytes);
    std::vector<mseq_placement> pl(digits.size());
    float scale = 0;
    ASSERT_EQ(mseq_generate(image.data(), image.size(), pl.data(), &scale,
                            h_.ds, h_.params, digits.data(), digits.size(), 0),
              MSEQ_OK)
        << mseq_last_error();
    const double strip = 1024.0 * 28 + 1023.0 * MSEQ_MAX_SPACING;
    EXPECT_FLOAT_EQ(scale, float(MSEQ_MAX_WIDTH / strip));
    EXPECT_EQ(pl.back().x_end, MSEQ_MAX_WIDTH);
    for (size_t j = 1; j < pl.size(); ++j) {
        EXPECT_LE(pl[j - 1].x_end, pl[j].x_begin);
    }
    digits.push_back(1);
    EXPECT_EQ(mseq_generate(image.data(), image.size(), nullptr, nullptr, h_.ds,
                            h_.params, digits.data(), digits.size(), 0),
              MSEQ_ERANGE);
    EXPECT_TRUE(contains(mseq_last_error(), "1025")) << mseq_last_error();
}

TEST_F(LimitsWithData, WidestF32ImageSize) {
    h_.params = make_params(MSEQ_MAX_WIDTH, MSEQ_FORMAT_F32);
    size_t bytes = 0;
    ASSERT_EQ(mseq_image_size(&bytes, h_.ds, h_.params), 0);
    EXPECT_EQ(bytes, size_t{28} * MSEQ_MAX_WIDTH * sizeof(float));
    std::vector<float> image(bytes / sizeof(float));
    const int digit = 7;
    EXPECT_EQ(mseq_generate(image.data(), bytes, nullptr, nullptr, h_.ds,
                            h_.params, &digit, 1, 0),
              MSEQ_OK)
        << mseq_last_error();
}

// count = MSEQ_MAX_BATCH is accepted (the small buffer is then what is
// refused, before anything is written); one more is MSEQ_ERANGE. The byte
// count of the largest batch (2^24 images of 7.3 MB) fits size_t.
TEST_F(LimitsWithData, BatchCountAtTheBoundAndPast) {
    h_.params = make_params(MSEQ_MAX_WIDTH, MSEQ_FORMAT_F32);
    std::vector<float> small(64, -5.0f);
    const int digit = 3;
    EXPECT_EQ(mseq_generate_batch(small.data(), small.size() * sizeof(float),
                                  nullptr, 0, nullptr, nullptr, h_.ds,
                                  h_.params, &digit, 1, 0, MSEQ_MAX_BATCH),
              MSEQ_EBUFSIZE);
    const std::string message = mseq_last_error();
    EXPECT_TRUE(contains(message, std::to_string(uint64_t{MSEQ_MAX_BATCH} * 28 *
                                                 MSEQ_MAX_WIDTH * 4)))
        << message;
    EXPECT_EQ(small[0], -5.0f) << "a refused batch wrote its buffer";
    EXPECT_EQ(mseq_generate_batch(small.data(), small.size() * sizeof(float),
                                  nullptr, 0, nullptr, nullptr, h_.ds,
                                  h_.params, &digit, 1, 0, MSEQ_MAX_BATCH + 1),
              MSEQ_ERANGE);
    EXPECT_EQ(
        mseq_generate_batch(small.data(), SIZE_MAX, nullptr, 0, nullptr,
                            nullptr, h_.ds, h_.params, &digit, 1, 0, SIZE_MAX),
        MSEQ_ERANGE);
}

TEST_F(LimitsWithData, RandomSequencesOfTheLongestLength) {
    h_.params = make_params(400);
    ASSERT_EQ(
        mseq_params_set(h_.params, MSEQ_PARAM_MIN_LENGTH, MSEQ_MAX_DIGITS), 0);
    ASSERT_EQ(
        mseq_params_set(h_.params, MSEQ_PARAM_MAX_LENGTH, MSEQ_MAX_DIGITS), 0);
    std::vector<int> digits(MSEQ_MAX_DIGITS, -1);
    size_t length = 0;
    ASSERT_EQ(mseq_random_sequence(digits.data(), digits.size(), &length,
                                   h_.params, 5),
              MSEQ_OK)
        << mseq_last_error();
    EXPECT_EQ(length, size_t{MSEQ_MAX_DIGITS});
    EXPECT_EQ(mseq_random_sequence(digits.data(), digits.size() - 1, &length,
                                   h_.params, 5),
              MSEQ_EBUFSIZE);
    size_t bytes = 0;
    ASSERT_EQ(mseq_image_size(&bytes, h_.ds, h_.params), 0);
    std::vector<uint8_t> images(2 * bytes);
    std::vector<mseq_placement> pl(2 * MSEQ_MAX_DIGITS);
    EXPECT_EQ(mseq_generate_batch(images.data(), images.size(), pl.data(),
                                  pl.size(), nullptr, nullptr, h_.ds, h_.params,
                                  nullptr, 0, 0, 2),
              MSEQ_OK)
        << mseq_last_error();
    EXPECT_EQ(mseq_generate_batch(images.data(), images.size(), pl.data(),
                                  pl.size() - 1, nullptr, nullptr, h_.ds,
                                  h_.params, nullptr, 0, 0, 2),
              MSEQ_EBUFSIZE);
}

TEST_F(LimitsWithData, DatasetCountAndShardsAtTheBoundAndPast) {
    h_.params = make_params(60);
    mseq_test::ScratchDir dir;
    const std::string out = dir / "ds";
    mseq_writer *w = nullptr;
    // The largest count with the default shard size: described, not written.
    ASSERT_EQ(mseq_writer_new(&w, out.c_str(), h_.ds, h_.params, nullptr, 0,
                              MSEQ_MAX_DATASET, MSEQ_OUTPUT_TAR),
              MSEQ_OK)
        << mseq_last_error();
    uint64_t shards = 0, first = 0, count = 0;
    ASSERT_EQ(mseq_writer_shard_count(&shards, w), 0);
    ASSERT_EQ(mseq_writer_shard_range(&first, &count, w, shards - 1), 0);
    EXPECT_EQ(first + count, uint64_t{MSEQ_MAX_DATASET});
    mseq_writer_free(w);
    w = nullptr;
    EXPECT_EQ(mseq_writer_new(&w, out.c_str(), h_.ds, h_.params, nullptr, 0,
                              uint64_t{MSEQ_MAX_DATASET} + 1, MSEQ_OUTPUT_TAR),
              MSEQ_ERANGE);
    EXPECT_EQ(w, nullptr);
    EXPECT_EQ(mseq_writer_new(&w, out.c_str(), h_.ds, h_.params, nullptr, 0,
                              UINT64_MAX, MSEQ_OUTPUT_TAR),
              MSEQ_ERANGE);
    // Shards of one image: MSEQ_MAX_SHARDS of them, then one too many.
    ASSERT_EQ(mseq_params_set(h_.params, MSEQ_PARAM_SHARD_SIZE, 1), 0);
    ASSERT_EQ(mseq_writer_new(&w, out.c_str(), h_.ds, h_.params, nullptr, 0,
                              MSEQ_MAX_SHARDS, MSEQ_OUTPUT_TAR),
              MSEQ_OK)
        << mseq_last_error();
    mseq_writer_free(w);
    w = nullptr;
    EXPECT_EQ(mseq_writer_new(&w, out.c_str(), h_.ds, h_.params, nullptr, 0,
                              uint64_t{MSEQ_MAX_SHARDS} + 1, MSEQ_OUTPUT_TAR),
              MSEQ_ERANGE);
    EXPECT_TRUE(dir.entries().empty()) << "a writer touched the directory";
}

TEST(Limits, GlyphSideAtTheBoundAndPast) {
    for (const uint32_t side :
         {uint32_t{MSEQ_MAX_GLYPH_SIDE}, uint32_t{MSEQ_MAX_GLYPH_SIDE} + 1}) {
        for (const bool tall : {true, false}) {
            mseq_test::TempDir dir;
            mseq_test::IdxSpec spec;
            spec.count = 10;
            spec.rows = tall ? side : 2;
            spec.cols = tall ? 2 : side;
            mseq_test::write_idx_split(dir.path(), spec);
            mseq_dataset *ds = nullptr;
            const int rc = mseq_open(&ds, dir.path().c_str(), MSEQ_SPLIT_TRAIN);
            if (side <= MSEQ_MAX_GLYPH_SIDE) {
                ASSERT_EQ(rc, MSEQ_OK) << mseq_last_error();
                uint32_t rows = 0, cols = 0;
                EXPECT_EQ(mseq_glyph_size(&rows, &cols, ds), 0);
                EXPECT_EQ(rows, spec.rows);
                EXPECT_EQ(cols, spec.cols);
            } else {
                EXPECT_EQ(rc, MSEQ_EFORMAT);
                EXPECT_TRUE(contains(mseq_last_error(), "1025"))
                    << mseq_last_error();
                EXPECT_EQ(ds, nullptr);
            }
            mseq_free(ds);
        }
    }
}

// Opens dir's train split; returns the code, the message in `message`.
int open_split(const std::string &dir, std::string &message) {
    mseq_dataset *ds = nullptr;
    const int rc = mseq_open(&ds, dir.c_str(), MSEQ_SPLIT_TRAIN);
    message = rc == MSEQ_OK ? "" : mseq_last_error();
    if (rc != MSEQ_OK) {
        EXPECT_EQ(ds, nullptr) << "a failed open set its output";
    }
    mseq_free(ds);
    return rc;
}

// MSEQ_MAX_GLYPHS images (of 1 x 1: 16 MiB of pixels) open; one more is
// MSEQ_ERANGE, naming the file and the limit.
TEST(Limits, GlyphCountAtTheBoundAndPast) {
    for (const bool gzip : {true, false}) {
        mseq_test::ScratchDir at;
        write_blank_split(at.path(), MSEQ_MAX_GLYPHS, 1, 1, gzip);
        mseq_dataset *ds = nullptr;
        ASSERT_EQ(mseq_open(&ds, at.path().c_str(), MSEQ_SPLIT_TRAIN), MSEQ_OK)
            << mseq_last_error();
        size_t count = 0;
        EXPECT_EQ(mseq_class_count(&count, ds, -1), MSEQ_OK);
        EXPECT_EQ(count, size_t{MSEQ_MAX_GLYPHS});
        mseq_free(ds);

        mseq_test::ScratchDir past;
        const BlankSplit s =
            write_blank_split(past.path(), MSEQ_MAX_GLYPHS + 1, 1, 1, gzip);
        std::string message;
        EXPECT_EQ(open_split(past.path(), message), MSEQ_ERANGE) << message;
        EXPECT_TRUE(contains(message, s.images_path +
                                          ": header says 16777217 images, "
                                          "more than MSEQ_MAX_GLYPHS "
                                          "(16777216)"))
            << message;
    }
}

// A labels file announcing more than MSEQ_MAX_GLYPHS labels is refused from
// its header too, even when the images file is fine.
TEST(Limits, LabelCountPastTheBound) {
    mseq_test::ScratchDir dir;
    const BlankSplit s = write_blank_split(
        dir.path(), 10, 28, 28, /*gzip=*/true, MSEQ_MAX_GLYPHS + 1,
        10 * 28 * 28, uint64_t{MSEQ_MAX_GLYPHS} + 1);
    std::string message;
    EXPECT_EQ(open_split(dir.path(), message), MSEQ_ERANGE) << message;
    EXPECT_TRUE(contains(message, s.labels_path + ": header says 16777217 "
                                                  "labels, more than "
                                                  "MSEQ_MAX_GLYPHS"))
        << message;
}

// MSEQ_MAX_DATA_MEMORY on 28 x 28 glyphs: a split needs at most count x
// (2 x 784 + 17) = count x 1585 bytes, so 2,709,758 images are the most.
// Files holding only their headers: at the bound the header passes the
// limit and the file is reported truncated, in a process with 64 MiB of
// room for the 4.3 GB the header announces (memory follows the content,
// not the header); one past is MSEQ_ERANGE, naming the limit.
TEST(Limits, DataMemoryAtTheBoundAndPast) {
    const uint64_t per_glyph = 2 * 28 * 28 + 17;
    const uint32_t most = uint32_t(MSEQ_MAX_DATA_MEMORY / per_glyph);
    ASSERT_EQ(most, 2709758u);
    mseq_test::ScratchDir at_gzip, at_raw;
    const BlankSplit at[2] = {
        write_blank_split(at_gzip.path(), most, 28, 28, true, most, 0, 0),
        write_blank_split(at_raw.path(), most, 28, 28, false, most, 0, 0)};
    for (const BlankSplit &a : at) {
        const std::string dir =
            a.images_path.substr(0, a.images_path.rfind('/'));
        std::string message;
        EXPECT_EQ(open_split(dir, message), MSEQ_EFORMAT) << message;
        EXPECT_TRUE(contains(message, a.images_path + ": truncated: header "
                                                      "says 2709758 images"))
            << message;
    }
    if (!kSanitized) {
        const Outcome o = run_limited(64 << 20, [&](std::string &text) {
            std::string gzip, raw;
            const int rc_gzip = open_split(at_gzip.path(), gzip);
            const int rc_raw = open_split(at_raw.path(), raw);
            text = gzip + " | " + raw;
            return rc_gzip == MSEQ_EFORMAT && rc_raw == MSEQ_EFORMAT ? 0 : 1;
        });
        ASSERT_TRUE(o.exited) << o.code << ": " << o.text;
        EXPECT_EQ(o.code, 0) << o.text;
        EXPECT_EQ(o.text.find("out of memory"), std::string::npos) << o.text;
    }

    for (const bool gzip : {true, false}) {
        mseq_test::ScratchDir past;
        const BlankSplit p = write_blank_split(past.path(), most + 1, 28, 28,
                                               gzip, most + 1, 0, 0);
        std::string message;
        EXPECT_EQ(open_split(past.path(), message), MSEQ_ERANGE) << message;
        EXPECT_TRUE(contains(message, p.images_path + ": header says 2709759 "
                                                      "images of 28x28"))
            << message;
        EXPECT_TRUE(contains(message, "4294968015 bytes")) << message;
        EXPECT_TRUE(contains(message, "MSEQ_MAX_DATA_MEMORY (4294967296)"))
            << message;
    }
}

TEST(Limits, PngSidesPastTheFormatsLimit) {
    const uint8_t px[1] = {0};
    mseq_test::ScratchDir dir;
    const std::string path = dir / "x.png";
    EXPECT_EQ(mseq_write_png(path.c_str(), px, 1, 0x80000000u, -1),
              MSEQ_ERANGE);
    EXPECT_EQ(mseq_write_png(path.c_str(), px, 0x80000000u, 1, -1),
              MSEQ_ERANGE);
    EXPECT_EQ(mseq_write_png(path.c_str(), px, 1, 1, 10), MSEQ_ERANGE);
    EXPECT_TRUE(dir.entries().empty());
}

// ---- The CLI ----------------------------------------------------------

Outcome cli(const std::vector<std::string> &args, const std::string &dir) {
    std::vector<std::string> argv{cli_path()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, dir, {});
}

TEST(LimitsCli, WidthAtTheBoundAndPast) {
    SKIP_WITHOUT_CLI();
    mseq_test::ScratchDir dir;
    const std::string w = std::to_string(MSEQ_MAX_WIDTH);
    const std::string past = std::to_string(MSEQ_MAX_WIDTH + 1);
    Outcome o =
        cli({"42", "0", "0", w, "--data", synthetic_data()}, dir.path());
    EXPECT_EQ(o.code, 0) << o.err;
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"4-2.png"});
    o = cli({"42", "0", "0", past, "--data", synthetic_data(), "-o", "x.png"},
            dir.path());
    EXPECT_EQ(o.code, 2) << o.err;
    EXPECT_TRUE(contains(o.err, past)) << o.err;
    EXPECT_EQ(dir.entries().size(), 1u);
}

TEST(LimitsCli, SequenceLengthAtTheBoundAndPast) {
    SKIP_WITHOUT_CLI();
    mseq_test::ScratchDir dir;
    const std::string longest(MSEQ_MAX_DIGITS, '8');
    Outcome o = cli({longest, "0", "3", "500", "--data", synthetic_data(), "-o",
                     "long.png"},
                    dir.path());
    EXPECT_EQ(o.code, 0) << o.err;
    o = cli({longest + "8", "0", "3", "500", "--data", synthetic_data(), "-o",
             "longer.png"},
            dir.path());
    EXPECT_EQ(o.code, 2) << o.err;
    EXPECT_TRUE(contains(o.err, "1025")) << o.err;
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"long.png"});
}

TEST(LimitsCli, SpacingAtTheBoundAndPast) {
    SKIP_WITHOUT_CLI();
    mseq_test::ScratchDir dir;
    const std::string s = std::to_string(MSEQ_MAX_SPACING);
    const std::string past = std::to_string(MSEQ_MAX_SPACING + 1);
    Outcome o =
        cli({"12", s, s, "300", "--data", synthetic_data()}, dir.path());
    EXPECT_EQ(o.code, 0) << o.err;
    o = cli({"12", "0", past, "300", "--data", synthetic_data(), "-o", "x.png"},
            dir.path());
    EXPECT_EQ(o.code, 2) << o.err;
    EXPECT_TRUE(contains(o.err, past)) << o.err;
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"1-2.png"});
}

TEST(LimitsCli, DatasetOptionsPastTheirBounds) {
    SKIP_WITHOUT_CLI();
    mseq_test::ScratchDir dir;
    const std::vector<std::vector<std::string>> cases = {
        {"--count", std::to_string(uint64_t{MSEQ_MAX_DATASET} + 1)},
        {"--count", "1", "--shard-size", std::to_string(MSEQ_MAX_BATCH + 1)},
        {"--count", "1", "--threads", std::to_string(MSEQ_MAX_THREADS + 1)},
        {"--count", "1", "--max-length", std::to_string(MSEQ_MAX_DIGITS + 1)},
        {"--count", "1", "--width", std::to_string(MSEQ_MAX_WIDTH + 1)},
        {"--count", "1", "--max-spacing", std::to_string(MSEQ_MAX_SPACING + 1)},
    };
    for (const std::vector<std::string> &c : cases) {
        std::vector<std::string> args{"dataset", "--out",          "ds",
                                      "--data",  synthetic_data(), "--quiet"};
        args.insert(args.end(), c.begin(), c.end());
        const Outcome o = cli(args, dir.path());
        EXPECT_EQ(o.code, 2) << c[c.size() - 2] << ": " << o.err;
        EXPECT_TRUE(contains(o.err, c.back())) << o.err;
    }
    EXPECT_TRUE(dir.entries().empty());
    const Outcome ok =
        cli({"dataset", "--out", "ds", "--data", synthetic_data(), "--quiet",
             "--count", "3", "--threads", std::to_string(MSEQ_MAX_THREADS),
             "--shard-size", std::to_string(MSEQ_MAX_BATCH)},
            dir.path());
    EXPECT_EQ(ok.code, 0) << ok.err;
}

}  // namespace
}  // namespace failure_test
