// mnistseq-cli end to end, successful runs: the program is run in a fresh
// directory, its PNG decoded with libpng and compared with what the library
// generates for the same parameters.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "idx_files.hpp"
#include "mnistseq/mnistseq.h"
#include "png_read.hpp"
#include "scratch_dir.hpp"

namespace {

using mseq_test::decode_png_file;
using mseq_test::Expected;
using mseq_test::expected_image;
using mseq_test::run_cli;
using mseq_test::ScratchDir;

// The seed a PNG's recipe records ("... --seed N ..."), or nothing.
std::optional<uint64_t> recorded_seed(const std::string &path) {
    size_t size = 0;
    if (mseq_read_png_text(&size, nullptr, 0, path.c_str(),
                           "mnistseq-recipe") != MSEQ_EBUFSIZE) {
        return std::nullopt;
    }
    std::vector<char> text(size);
    if (mseq_read_png_text(&size, text.data(), size, path.c_str(),
                           "mnistseq-recipe") != MSEQ_OK) {
        return std::nullopt;
    }
    const std::string recipe(text.data());
    const size_t at = recipe.find(" --seed ");
    if (at == std::string::npos) return std::nullopt;
    return std::stoull(recipe.substr(at + 8));
}

bool has_seed_option(const std::vector<std::string> &args) {
    for (const auto &a : args) {
        if (a.rfind("--seed", 0) == 0) return true;
    }
    return false;
}

// Runs the CLI in a fresh directory, expects success and exactly one file
// `name` there, and checks it is the 8-bit gray PNG of `expected`, whose
// seed, when args give none, is the fresh one the PNG's recipe records.
// Returns the file's bytes.
std::vector<uint8_t> expect_image(const std::vector<std::string> &args,
                                  const std::string &name, Expected expected) {
    ScratchDir cwd;
    const auto run = run_cli(cwd.path(), args);
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.err, "");
    EXPECT_EQ(cwd.entries(), std::vector<std::string>{name});
    const std::optional<uint64_t> seed = recorded_seed(cwd / name);
    EXPECT_TRUE(seed.has_value()) << "no recipe in " << name;
    if (has_seed_option(args)) {
        EXPECT_EQ(seed.value_or(0), expected.seed);
    } else {
        expected.seed = seed.value_or(0);
    }
    const auto png = decode_png_file(cwd / name);
    EXPECT_TRUE(png.ok) << png.error;
    EXPECT_EQ(png.bit_depth, 8);
    EXPECT_EQ(png.color_type, PNG_COLOR_TYPE_GRAY);
    const auto want = expected_image(expected);
    EXPECT_EQ(png.rows, want.rows);
    EXPECT_EQ(png.cols, want.cols);
    EXPECT_EQ(mseq_test::pixel_difference(png.pixels, want.pixels, want.cols),
              "");
    return mseq_test::read_bytes(cwd / name);
}

Expected seed_case() {
    Expected e;
    e.digits = {1, 2, 3};
    e.min_spacing = 2;
    e.max_spacing = 8;
    e.width = 200;
    return e;
}

// The most frequent pixel value of an image.
int background(const std::vector<uint8_t> &pixels) {
    std::vector<size_t> histogram(256);
    for (uint8_t p : pixels) {
        ++histogram[p];
    }
    return static_cast<int>(
        std::max_element(histogram.begin(), histogram.end()) -
        histogram.begin());
}

TEST(CliGenerate, SeedFormWritesNamedPngOfTheLibrarysImage) {
    const auto bytes =
        expect_image({"123", "2", "8", "200"}, "1-2-3.png", seed_case());
    EXPECT_FALSE(bytes.empty());
}

TEST(CliGenerate, NegativeSpacingGivesTheLibrarysOverlappingDigits) {
    Expected e = seed_case();
    e.min_spacing = -12;
    e.max_spacing = -4;
    expect_image({"123", "-12", "-4", "200"}, "1-2-3.png", e);
    e.digits = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};  // 208 to 244 columns: shrunk
    e.min_spacing = -8;
    expect_image({"0123456789", "-8", "-4", "200"}, "0-1-2-3-4-5-6-7-8-9.png",
                 e);
}

TEST(CliGenerate, HeightIs28AndWidthAsAsked) {
    ScratchDir cwd;
    const auto run = run_cli(cwd.path(), {"350", "2", "8", "97"});
    ASSERT_EQ(run.status, 0) << run.err;
    const auto png = decode_png_file(cwd / "3-5-0.png");
    ASSERT_TRUE(png.ok) << png.error;
    EXPECT_EQ(png.rows, 28u);
    EXPECT_EQ(png.cols, 97u);
}

// --height and the margins: the PNG has the library's shape and pixels.
TEST(CliGenerate, HeightAndMarginsGiveTheLibrarysImage) {
    Expected e = seed_case();
    e.seed = 5;
    for (int64_t height : {40, 16}) {
        e.height = height;
        e.margin_x = 3;
        e.margin_y = 2;
        expect_image(
            {"123", "2", "8", "200", "--seed", "5", "--height",
             std::to_string(height), "--margin-x", "3", "--margin-y", "2"},
            "1-2-3.png", e);
    }
    ScratchDir cwd;
    const auto run = run_cli(cwd.path(), {"350", "2", "8", "97", "--height",
                                          "64", "--margin-y", "1"});
    ASSERT_EQ(run.status, 0) << run.err;
    const auto png = decode_png_file(cwd / "3-5-0.png");
    ASSERT_TRUE(png.ok) << png.error;
    EXPECT_EQ(png.rows, 64u);
    EXPECT_EQ(png.cols, 97u);
    // A margin without room is refused, naming the option, and nothing is
    // written.
    ScratchDir bad;
    const auto refused =
        run_cli(bad.path(), {"350", "2", "8", "97", "--margin-x", "49"});
    EXPECT_NE(refused.status, 0);
    EXPECT_NE(refused.err.find("--margin-x"), std::string::npos) << refused.err;
    EXPECT_TRUE(bad.entries().empty());
}

TEST(CliGenerate, DashedSequenceGivesSameNameAndBytes) {
    ScratchDir a;
    ScratchDir b;
    ASSERT_EQ(run_cli(a.path(), {"123", "2", "8", "200", "--seed", "3"}).status,
              0);
    ASSERT_EQ(
        run_cli(b.path(), {"1-2-3", "2", "8", "200", "--seed", "3"}).status, 0);
    EXPECT_EQ(b.entries(), std::vector<std::string>{"1-2-3.png"});
    EXPECT_EQ(mseq_test::read_bytes(a / "1-2-3.png"),
              mseq_test::read_bytes(b / "1-2-3.png"));
}

TEST(CliGenerate, SingleDigitAndLeadingZeros) {
    Expected e = seed_case();
    e.digits = {0, 0, 7};
    expect_image({"007", "2", "8", "200"}, "0-0-7.png", e);
    e.digits = {5};
    expect_image({"5", "2", "8", "200"}, "5.png", e);
}

TEST(CliGenerate, BlackDigitsOnWhiteAndInvert) {
    ScratchDir cwd;
    ASSERT_EQ(run_cli(cwd.path(), {"123", "2", "8", "200"}).status, 0);
    const auto normal = decode_png_file(cwd / "1-2-3.png");
    ASSERT_TRUE(normal.ok);
    EXPECT_EQ(background(normal.pixels), 255);
    EXPECT_LE(*std::min_element(normal.pixels.begin(), normal.pixels.end()),
              10);

    Expected e = seed_case();
    e.invert = true;
    expect_image({"123", "2", "8", "200", "--invert"}, "1-2-3.png", e);
    ScratchDir inv;
    ASSERT_EQ(run_cli(inv.path(), {"--invert", "123", "2", "8", "200"}).status,
              0);
    const auto inverted = decode_png_file(inv / "1-2-3.png");
    ASSERT_TRUE(inverted.ok);
    EXPECT_EQ(background(inverted.pixels), 0);
    EXPECT_GE(*std::max_element(inverted.pixels.begin(), inverted.pixels.end()),
              245);
}

TEST(CliGenerate, WithoutSeedEachRunDrawsAFreshOneAndRecordsIt) {
    // expect_image checks each image against the library's for the seed
    // its recipe records.
    std::set<uint64_t> seeds;
    std::set<std::vector<uint8_t>> images;
    for (int run = 0; run < 4; ++run) {
        ScratchDir cwd;
        ASSERT_EQ(run_cli(cwd.path(), {"123", "2", "8", "200"}).status, 0);
        const auto seed = recorded_seed(cwd / "1-2-3.png");
        ASSERT_TRUE(seed.has_value());
        seeds.insert(*seed);
        images.insert(
            expect_image({"123", "2", "8", "200"}, "1-2-3.png", seed_case()));
    }
    EXPECT_EQ(seeds.size(), 4u) << "fresh seeds repeat";
    EXPECT_GE(images.size(), 3u) << "fresh seeds give the same images";
}

TEST(CliGenerate, SameSeedSameBytesOtherSeedOtherImage) {
    Expected e = seed_case();
    const auto first =
        expect_image({"123", "2", "8", "200", "--seed", "0"}, "1-2-3.png", e);
    const auto again =
        expect_image({"123", "2", "8", "200", "--seed", "0"}, "1-2-3.png", e);
    EXPECT_EQ(first, again);
    e.seed = 1;
    const auto seed1 =
        expect_image({"123", "2", "8", "200", "--seed", "1"}, "1-2-3.png", e);
    EXPECT_NE(first, seed1);
    e.seed = 18446744073709551615ull;
    const auto big =
        expect_image({"123", "2", "8", "200", "--seed=18446744073709551615"},
                     "1-2-3.png", e);
    EXPECT_NE(first, big);
}

TEST(CliGenerate, IndexSelectsTheSample) {
    Expected e = seed_case();
    e.seed = 42;
    e.index = 7;
    const auto seven =
        expect_image({"123", "2", "8", "200", "--seed", "42", "--index", "7"},
                     "1-2-3.png", e);
    e.index = 0;
    const auto zero =
        expect_image({"123", "2", "8", "200", "--seed", "42"}, "1-2-3.png", e);
    EXPECT_NE(seven, zero);
}

TEST(CliGenerate, OptionsBeforeAndAfterPositionals) {
    ScratchDir a;
    ScratchDir b;
    ASSERT_EQ(run_cli(a.path(),
                      {"--seed", "5", "--align=left", "123", "2", "8", "200"})
                  .status,
              0);
    ASSERT_EQ(run_cli(b.path(),
                      {"123", "2", "--align", "left", "8", "200", "--seed=5"})
                  .status,
              0);
    EXPECT_EQ(mseq_test::read_bytes(a / "1-2-3.png"),
              mseq_test::read_bytes(b / "1-2-3.png"));
}

TEST(CliGenerate, SplitFitAndAlignArePassedOn) {
    Expected e = seed_case();
    e.split = MSEQ_SPLIT_TEST;
    expect_image({"123", "2", "8", "200", "--split", "test"}, "1-2-3.png", e);
    e = seed_case();
    for (const auto &align : std::vector<std::pair<std::string, mseq_align>>{
             {"left", MSEQ_ALIGN_LEFT},
             {"right", MSEQ_ALIGN_RIGHT},
             {"random", MSEQ_ALIGN_RANDOM},
             {"center", MSEQ_ALIGN_CENTER}}) {
        SCOPED_TRACE(align.first);
        e.align = align.second;
        expect_image({"123", "2", "8", "200", "--align", align.first},
                     "1-2-3.png", e);
    }
    e = seed_case();
    e.fit = MSEQ_FIT_EXACT;
    e.width = 3 * 28 + 2 + 8;  // reachable with gaps in [2, 8]
    expect_image({"123", "2", "8", "94", "--fit", "exact"}, "1-2-3.png", e);
    e = seed_case();
    e.fit = MSEQ_FIT_STRICT;
    expect_image({"123", "2", "8", "200", "--fit=strict"}, "1-2-3.png", e);
    // pad shrinks a strip wider than the width.
    e = seed_case();
    e.width = 40;
    expect_image({"123", "2", "8", "40", "--fit", "pad"}, "1-2-3.png", e);
}

TEST(CliGenerate, OutputOption) {
    Expected e = seed_case();
    {
        ScratchDir cwd;
        ASSERT_EQ(run_cli(cwd.path(), {"123", "2", "8", "200", "--seed", "0",
                                       "-o", "x.png"})
                      .status,
                  0);
        EXPECT_EQ(cwd.entries(), std::vector<std::string>{"x.png"});
        const auto png = decode_png_file(cwd / "x.png");
        ASSERT_TRUE(png.ok);
        EXPECT_EQ(mseq_test::pixel_difference(png.pixels,
                                              expected_image(e).pixels, 200),
                  "");
    }
    {
        ScratchDir cwd;
        ASSERT_EQ(mkdir((cwd / "sub").c_str(), 0755), 0);
        ScratchDir::write_file(cwd / "sub/old.png", "old");
        const auto run = run_cli(cwd.path(), {"--output=sub/old.png", "123",
                                              "2", "8", "200", "--seed", "0"});
        ASSERT_EQ(run.status, 0) << run.err;
        EXPECT_EQ(cwd.entries(), std::vector<std::string>{"sub"});
        EXPECT_EQ(ScratchDir::list(cwd / "sub"),
                  std::vector<std::string>{"old.png"});
        const auto png = decode_png_file(cwd / "sub/old.png");
        ASSERT_TRUE(png.ok);
        EXPECT_EQ(mseq_test::pixel_difference(png.pixels,
                                              expected_image(e).pixels, 200),
                  "");
    }
    {
        // An absolute path, with -oPATH attached.
        ScratchDir cwd;
        ScratchDir elsewhere;
        ASSERT_EQ(run_cli(cwd.path(), {"123", "2", "8", "200",
                                       "-o" + (elsewhere / "y.png")})
                      .status,
                  0);
        EXPECT_TRUE(cwd.entries().empty());
        EXPECT_EQ(elsewhere.entries(), std::vector<std::string>{"y.png"});
    }
}

TEST(CliGenerate, ReplacesAnExistingDefaultFile) {
    ScratchDir cwd;
    ScratchDir::write_file(cwd / "1-2-3.png", "stale");
    ASSERT_EQ(
        run_cli(cwd.path(), {"123", "2", "8", "200", "--seed", "0"}).status, 0);
    const auto png = decode_png_file(cwd / "1-2-3.png");
    ASSERT_TRUE(png.ok);
    EXPECT_EQ(mseq_test::pixel_difference(
                  png.pixels, expected_image(seed_case()).pixels, 200),
              "");
    EXPECT_EQ(cwd.entries(), std::vector<std::string>{"1-2-3.png"});
}

TEST(CliGenerate, DataOptionReadsThatFolder) {
    mseq_test::TempDir data;
    mseq_test::IdxSpec spec;
    spec.count = 60;
    spec.gzip = true;
    mseq_test::write_idx_split(data.path(), spec);
    spec.split = "t10k";
    spec.count = 40;
    mseq_test::write_idx_split(data.path(), spec);
    Expected e = seed_case();
    e.data = data.path();
    const auto train = expect_image(
        {"123", "2", "8", "200", "--seed", "0", "--data", data.path()},
        "1-2-3.png", e);
    e.split = MSEQ_SPLIT_TEST;
    const auto test = expect_image({"123", "2", "8", "200", "--seed", "0",
                                    "--data", data.path(), "--split=test"},
                                   "1-2-3.png", e);
    EXPECT_NE(train, test);
    // And the synthetic digits are not MNIST's.
    EXPECT_NE(train, expect_image({"123", "2", "8", "200", "--seed", "0"},
                                  "1-2-3.png", seed_case()));
}

TEST(CliGenerate, GenerateCommandIsTheSeedForm) {
    ScratchDir a;
    ScratchDir b;
    ASSERT_EQ(run_cli(a.path(), {"123", "2", "8", "200", "--seed", "7"}).status,
              0);
    ASSERT_EQ(
        run_cli(b.path(), {"generate", "123", "2", "8", "200", "--seed", "7"})
            .status,
        0);
    EXPECT_EQ(mseq_test::read_bytes(a / "1-2-3.png"),
              mseq_test::read_bytes(b / "1-2-3.png"));
}

TEST(CliGenerate, HelpAndVersion) {
    ScratchDir cwd;
    for (const char *flag : {"--help", "-h"}) {
        const auto help = run_cli(cwd.path(), {flag});
        EXPECT_EQ(help.status, 0);
        EXPECT_EQ(help.err, "");
        EXPECT_EQ(help.out.rfind("usage: mnistseq-cli <sequence> "
                                 "<min_spacing> <max_spacing> <image_width>",
                                 0),
                  0u)
            << help.out;
        for (const char *option :
             {"--seed", "--index", "--data", "--split", "--fit", "--align",
              "--invert", "--output", "--version", "generate"}) {
            EXPECT_NE(help.out.find(option), std::string::npos) << option;
        }
    }
    // --help wins over the positionals, and writes nothing.
    EXPECT_EQ(run_cli(cwd.path(), {"123", "2", "8", "200", "--help"}).status,
              0);
    const auto version = run_cli(cwd.path(), {"--version"});
    EXPECT_EQ(version.status, 0);
    EXPECT_NE(
        version.out.find(std::string("libmnistseq ") + mseq_version_string()),
        std::string::npos)
        << version.out;
    EXPECT_TRUE(cwd.entries().empty());
}

}  // namespace

namespace {

// The PNG text chunk `key` of the file at path, or "" when absent.
std::string png_chunk(const std::string &path, const char *key) {
    size_t size = 0;
    if (mseq_read_png_text(&size, nullptr, 0, path.c_str(), key) !=
        MSEQ_EBUFSIZE) {
        return "";
    }
    std::string text(size, '\0');
    EXPECT_EQ(mseq_read_png_text(&size, text.data(), size, path.c_str(), key),
              MSEQ_OK);
    text.resize(size - 1);
    return text;
}

// --template: the image of the template's text for the seed and index,
// named after its digits, with its recipe (naming the template: --like
// makes it again) and text recorded; bad
// templates and a <sequence> beside it are usage errors, nothing written.
TEST(CliGenerate, TemplateDrawsTheTextOfTheSeedAndIndex) {
    ScratchDir cwd;
    const char *tmpl_text = "(0#) ###-{time HH:MM}";
    const auto run =
        run_cli(cwd.path(), {"--template", tmpl_text, "2", "8", "400", "--seed",
                             "3", "--index", "2", "--split", "test"});
    ASSERT_EQ(run.status, 0) << run.err;
    mseq_params *p = nullptr;
    mseq_template *t = nullptr;
    mseq_dataset *ds = nullptr;
    ASSERT_EQ(mseq_params_new(&p), MSEQ_OK);
    ASSERT_EQ(mseq_template_new(&t, tmpl_text), MSEQ_OK);
    ASSERT_EQ(mseq_open(&ds, nullptr, MSEQ_SPLIT_TEST), MSEQ_OK);
    mseq_params_set(p, MSEQ_PARAM_MIN_SPACING, 2);
    mseq_params_set(p, MSEQ_PARAM_MAX_SPACING, 8);
    mseq_params_set(p, MSEQ_PARAM_WIDTH, 400);
    mseq_params_set(p, MSEQ_PARAM_SEED, 3);
    mseq_params_set(p, MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8);
    char text[64];
    ASSERT_EQ(mseq_template_text(text, sizeof text, nullptr, t, p, 2), MSEQ_OK);
    std::string name;  // the digits, a '-' for each run of the rest
    bool gap = false;
    for (const char *c = text; *c != '\0'; ++c) {
        if (*c >= '0' && *c <= '9') {
            if (gap && !name.empty()) name += '-';
            name += *c;
            gap = false;
        } else {
            gap = true;
        }
    }
    name += ".png";
    EXPECT_EQ(cwd.entries(), std::vector<std::string>{name});
    std::vector<uint8_t> want(28 * 400);
    ASSERT_EQ(mseq_generate_text(want.data(), want.size(), nullptr, 0, nullptr,
                                 nullptr, nullptr, ds, p, text, 2),
              MSEQ_OK);
    const auto png = decode_png_file(cwd / name);
    ASSERT_TRUE(png.ok) << png.error;
    EXPECT_EQ(png.pixels, want);
    EXPECT_EQ(png_chunk(cwd / name, "mnistseq-text"), text);
    EXPECT_EQ(png_chunk(cwd / name, "mnistseq-recipe"),
              std::string("--template '") + tmpl_text +
                  "' 2 8 400 --seed 3 --index 2 --split test");
    // --like makes it again from that recipe, bit for bit.
    const auto again = run_cli(cwd.path(), {"--like", name, "-o", "again.png"});
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(ScratchDir::read_file(cwd / "again.png"),
              ScratchDir::read_file(cwd / name));
    mseq_free(ds);
    mseq_template_free(t);
    mseq_params_free(p);

    ScratchDir empty;
    auto bad = run_cli(empty.path(), {"--template", "##x", "2", "8", "400"});
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.err.find("--template: template column 3"), std::string::npos)
        << bad.err;
    bad = run_cli(empty.path(), {"--template", "##", "35", "2", "8", "400"});
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.err.find("with --template the seed form takes 3 arguments"),
              std::string::npos)
        << bad.err;
    bad = run_cli(empty.path(), {"--template", "#.#", "-9", "0", "400"});
    EXPECT_EQ(bad.status, 1);
    EXPECT_NE(bad.err.find("'.' at position 2"), std::string::npos) << bad.err;
    EXPECT_TRUE(empty.entries().empty());
}

}  // namespace
