// The recipe a seed-form PNG carries (cli/recipe.h): `generate --like FILE`
// makes FILE again bit for bit, `info FILE` shows how it was made, and
// --like refuses what would not give the same image.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "dataset_support.hpp"
#include "idx_files.hpp"
#include "png_read.hpp"
#include "scratch_dir.hpp"

namespace {

using mseq_test::run_cli;
using mseq_test::ScratchDir;

bool holds(const std::string &text, const std::string &part) {
    return text.find(part) != std::string::npos;
}

// The text of chunk key of the PNG file at path ("" when it has none).
std::string chunk(const std::string &path, const char *key) {
    size_t size = 0;
    if (mseq_read_png_text(&size, nullptr, 0, path.c_str(), key) !=
        MSEQ_EBUFSIZE) {
        return "";
    }
    std::vector<char> out(size);
    EXPECT_EQ(
        mseq_read_png_text(&size, out.data(), out.size(), path.c_str(), key),
        MSEQ_OK);
    return std::string(out.data());
}

std::vector<uint8_t> pixels(const std::string &path) {
    const mseq_test::DecodedPng png = mseq_test::decode_png_file(path);
    EXPECT_TRUE(png.ok) << path << ": " << png.error;
    return png.pixels;
}

TEST(CliRecipe, LikeMakesTheSameFileBitForBit) {
    const std::vector<std::vector<std::string>> forms = {
        {"350", "2", "8", "200"},
        {"0123456789", "-8", "3", "160", "--split", "test", "--invert"},
        {"4242", "0", "40", "200", "--fit", "exact", "--index", "9"},
        {"7", "0", "0", "90", "--align", "random", "--index",
         "18446744073709551615"},
    };
    for (const auto &form : forms) {
        ScratchDir cwd;
        std::vector<std::string> args = form;
        args.insert(args.end(), {"-o", "first.png"});
        const auto made = run_cli(cwd.path(), args);
        ASSERT_EQ(made.status, 0) << made.err;
        const std::string first = ScratchDir::read_file(cwd / "first.png");
        const auto again = run_cli(
            cwd.path(), {"generate", "--like", "first.png", "-o", "again.png"});
        ASSERT_EQ(again.status, 0) << again.err;
        EXPECT_EQ(ScratchDir::read_file(cwd / "again.png"), first) << form[0];
        const auto piped = run_cli(cwd.path(), {"--like=first.png", "-o", "-"});
        ASSERT_EQ(piped.status, 0) << piped.err;
        EXPECT_EQ(piped.out, first) << form[0];
    }
}

// A dataset written with --png-recipe: `generate --like` on any of its
// images (a PNG file, or a tar shard's member) makes that image again, for
// random sequences too: the same pixels and the same recipe and data
// chunks (only "Software" names another program). `info` shows it.
TEST(CliRecipe, LikeRemakesADatasetsImages) {
    for (const std::string format : {"png", "tar"}) {
        SCOPED_TRACE(format);
        ScratchDir cwd;
        const auto made = run_cli(cwd.path(), {"dataset",
                                               "--count",
                                               "7",
                                               "--out",
                                               "ds",
                                               "--format",
                                               format,
                                               "--png-recipe",
                                               "--min-length",
                                               "1",
                                               "--max-length",
                                               "6",
                                               "--width",
                                               "180",
                                               "--min-spacing",
                                               "-5",
                                               "--max-spacing",
                                               "9",
                                               "--align",
                                               "random",
                                               "--invert",
                                               "--seed",
                                               "99",
                                               "--split",
                                               "test",
                                               "--png-level",
                                               "9",
                                               "--rotate",
                                               "15",
                                               "--aspect",
                                               "0.25",
                                               "-q"});
        ASSERT_EQ(made.status, 0) << made.err;
        std::vector<std::string> images;
        if (format == "png") {
            for (int i = 0; i < 7; ++i) {
                images.push_back("ds/00000000" + std::to_string(i) + ".png");
            }
        } else {
            for (const auto &member :
                 dataset_test::read_tar(cwd / "ds/shard-000000.tar")) {
                if (holds(member.first, ".png")) {
                    images.push_back(member.first);
                    ScratchDir::write_file(cwd / member.first, member.second);
                }
            }
        }
        ASSERT_EQ(images.size(), 7u);
        std::set<std::string> sequences;
        for (size_t i = 0; i < images.size(); ++i) {
            const std::string &image = images[i];
            const std::string recipe = chunk(cwd / image, MSEQ_RECIPE_KEY);
            EXPECT_TRUE(holds(recipe, " --index " + std::to_string(i) +
                                          " --split test --align random "
                                          "--invert --rotate 15 --aspect "
                                          "0.25"))
                << recipe;
            sequences.insert(recipe.substr(0, recipe.find(' ')));
            const auto again = run_cli(
                cwd.path(), {"generate", "--like", image, "-o", "again.png"});
            ASSERT_EQ(again.status, 0) << again.err;
            EXPECT_EQ(pixels(cwd / "again.png"), pixels(cwd / image)) << image;
            for (const char *key : {MSEQ_RECIPE_KEY, MSEQ_RECIPE_DATA_KEY}) {
                EXPECT_EQ(chunk(cwd / "again.png", key),
                          chunk(cwd / image, key))
                    << key;
            }
            const auto info = run_cli(cwd.path(), {"info", image});
            ASSERT_EQ(info.status, 0) << info.err;
            EXPECT_TRUE(holds(info.out, "recipe:  mnistseq-cli " + recipe))
                << info.out;
            EXPECT_TRUE(
                holds(info.out, "made by: libmnistseq " MSEQ_VERSION_STRING))
                << info.out;
        }
        EXPECT_GE(sequences.size(), 5u) << "random sequences of 1 to 6 digits";
    }
}

// Floating-point parameters go into the recipe as the fewest digits that
// read back as the same double, and --like reads them back: the same
// bytes, not those of the image without them.
TEST(CliRecipe, FloatingPointParametersRoundTrip) {
    ScratchDir cwd;
    const std::vector<std::string> form = {"2026",
                                           "0",
                                           "6",
                                           "150",
                                           "--seed",
                                           "8",
                                           "--rotate",
                                           "12.5",
                                           "--shear",
                                           "0.1",
                                           "--thickness",
                                           "1.75",
                                           "--digit-scale",
                                           "0.30000000000000004",
                                           "-o",
                                           "a.png"};
    const auto made = run_cli(cwd.path(), form);
    ASSERT_EQ(made.status, 0) << made.err;
    EXPECT_EQ(chunk(cwd / "a.png", MSEQ_RECIPE_KEY),
              "2026 0 6 150 --seed 8 --index 0 --split train --rotate 12.5 "
              "--shear 0.1 --digit-scale 0.30000000000000004 --thickness 1.75");
    const auto again =
        run_cli(cwd.path(), {"generate", "--like", "a.png", "-o", "b.png"});
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(ScratchDir::read_file(cwd / "b.png"),
              ScratchDir::read_file(cwd / "a.png"));
    ASSERT_EQ(
        run_cli(cwd.path(), {"2026", "0", "6", "150", "--seed", "8", "--rotate",
                             "12.5", "--shear", "0.1", "--thickness", "1.75",
                             "--digit-scale", "0.3", "-o", "c.png"})
            .status,
        0);
    EXPECT_NE(chunk(cwd / "c.png", MSEQ_RECIPE_KEY),
              chunk(cwd / "a.png", MSEQ_RECIPE_KEY))
        << "0.3 is another double than 0.30000000000000004";
    ASSERT_EQ(run_cli(cwd.path(), {"2026", "0", "6", "150", "--seed", "8", "-o",
                                   "plain.png"})
                  .status,
              0);
    EXPECT_NE(pixels(cwd / "plain.png"), pixels(cwd / "a.png"))
        << "the parameters changed the image";
    const auto like = run_cli(cwd.path(), {"--like", "a.png", "--rotate", "3"});
    EXPECT_EQ(like.status, 2) << "the recipe gives the parameters";
    EXPECT_TRUE(holds(like.err, "--like")) << like.err;
}

// Without --png-recipe a dataset's PNG has no recipe: --like says so.
TEST(CliRecipe, ADatasetWithoutPngRecipeHasNone) {
    ScratchDir cwd;
    ASSERT_EQ(
        run_cli(cwd.path(), {"dataset", "--count", "2", "--out", "ds", "-q"})
            .status,
        0);
    EXPECT_EQ(chunk(cwd / "ds/000000001.png", MSEQ_RECIPE_KEY), "");
    const auto like =
        run_cli(cwd.path(), {"generate", "--like", "ds/000000001.png"});
    EXPECT_EQ(like.status, 1);
    EXPECT_TRUE(holds(like.err, "no mnistseq recipe")) << like.err;
}

// A recipe as the seed form wrote it before recipes were made generic
// ("--fit pad --align center" always written) still makes its image.
TEST(CliRecipe, OlderRecipesWithEveryOptionStillRead) {
    ScratchDir cwd;
    ASSERT_EQ(run_cli(cwd.path(), {"350", "2", "8", "200", "--seed", "31",
                                   "--index", "4", "-o", "new.png"})
                  .status,
              0);
    const std::string old_recipe =
        "350 2 8 200 --seed 31 --index 4 --split train --fit pad --align "
        "center";
    const std::vector<uint8_t> px = pixels(cwd / "new.png");
    const std::string data = chunk(cwd / "new.png", MSEQ_RECIPE_DATA_KEY);
    const mseq_png_text texts[] = {{"Software", "mnistseq-cli 1.0.0"},
                                   {MSEQ_RECIPE_KEY, old_recipe.c_str()},
                                   {MSEQ_RECIPE_DATA_KEY, data.c_str()}};
    ASSERT_EQ(mseq_write_png_text((cwd / "old.png").c_str(), px.data(), 28, 200,
                                  -1, texts, 3),
              MSEQ_OK);
    const auto again =
        run_cli(cwd.path(), {"generate", "--like", "old.png", "-o", "a.png"});
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(ScratchDir::read_file(cwd / "a.png"),
              ScratchDir::read_file(cwd / "new.png"))
        << "the recipe written now omits the defaults";
}

TEST(CliRecipe, LikeWithoutOutputWritesTheSequencesName) {
    ScratchDir cwd;
    ASSERT_EQ(
        run_cli(cwd.path(), {"305", "1", "5", "120", "-o", "x.png"}).status, 0);
    ASSERT_EQ(run_cli(cwd.path(), {"--like", "x.png"}).status, 0);
    EXPECT_EQ(cwd.entries(), (std::vector<std::string>{"3-0-5.png", "x.png"}));
    EXPECT_EQ(ScratchDir::read_file(cwd / "3-0-5.png"),
              ScratchDir::read_file(cwd / "x.png"));
}

TEST(CliRecipe, InfoShowsTheRecipeTheDataAndTheProgram) {
    ScratchDir cwd;
    ASSERT_EQ(run_cli(cwd.path(), {"123", "2", "8", "200", "--seed", "5",
                                   "--align", "left"})
                  .status,
              0);
    const auto info = run_cli(cwd.path(), {"info", "1-2-3.png"});
    ASSERT_EQ(info.status, 0) << info.err;
    EXPECT_TRUE(holds(info.out,
                      "recipe:  mnistseq-cli 123 2 8 200 --seed 5 --index 0 "
                      "--split train --align left\n"))
        << info.out;
    EXPECT_TRUE(holds(info.out, "train-images-idx3-ubyte sha256:")) << info.out;
    EXPECT_TRUE(holds(info.out, "train-labels-idx1-ubyte sha256:")) << info.out;
    EXPECT_TRUE(holds(
        info.out, std::string("made by: mnistseq-cli ") + MSEQ_VERSION_STRING))
        << info.out;
    // A PNG without a recipe (a preview sheet) and a missing file: exit 1,
    // each named, the good file still shown.
    ASSERT_EQ(run_cli(cwd.path(), {"preview", "-o", "sheet.png"}).status, 0);
    const auto mixed =
        run_cli(cwd.path(), {"info", "sheet.png", "1-2-3.png", "gone.png"});
    EXPECT_EQ(mixed.status, 1);
    EXPECT_TRUE(holds(mixed.err, "sheet.png: no mnistseq recipe")) << mixed.err;
    EXPECT_TRUE(holds(mixed.err, "gone.png")) << mixed.err;
    EXPECT_TRUE(holds(mixed.out, "recipe:  mnistseq-cli 123 2 8 200"))
        << mixed.out;
    const auto none = run_cli(cwd.path(), {"info"});
    EXPECT_EQ(none.status, 2);
    EXPECT_TRUE(holds(none.err, "missing FILE.png")) << none.err;
}

TEST(CliRecipe, LikeRefusesWhatWouldNotGiveTheSameImage) {
    ScratchDir cwd;
    ASSERT_EQ(
        run_cli(cwd.path(), {"350", "2", "8", "200", "-o", "a.png"}).status, 0);
    ScratchDir::write_file(cwd / "text.png", "not a png");
    const auto before = cwd.entries();
    struct Case {
        std::vector<std::string> args;
        int status;
        std::vector<std::string> says;
    };
    const std::vector<Case> cases = {
        {{"--like", "a.png", "--seed", "3"}, 2, {"--like", "-o/--output"}},
        {{"--like", "a.png", "--fit", "exact"}, 2, {"--like"}},
        {{"--like", "a.png", "350", "2", "8", "200"}, 2, {"--like"}},
        {{"--like", "gone.png"}, 1, {"gone.png", "no mnistseq recipe"}},
        {{"--like", "text.png"}, 1, {"text.png", "not a PNG"}},
    };
    for (const Case &c : cases) {
        const auto r = run_cli(cwd.path(), c.args);
        EXPECT_EQ(r.status, c.status) << c.args[2 % c.args.size()] << r.err;
        for (const auto &part : c.says) {
            EXPECT_TRUE(holds(r.err, part)) << r.err;
        }
    }
    // Other data: the digests differ; nothing is written.
    mseq_test::TempDir data;
    mseq_test::IdxSpec spec;
    spec.count = 60;
    mseq_test::write_idx_split(data.path(), spec);
    const auto other =
        run_cli(cwd.path(), {"--like", "a.png", "--data", data.path()});
    EXPECT_EQ(other.status, 1);
    EXPECT_TRUE(holds(other.err, "a.png was made from other data"))
        << other.err;
    EXPECT_TRUE(holds(other.err, "made from: train-images-idx3-ubyte sha256:"))
        << other.err;
    EXPECT_EQ(cwd.entries(), before);
}

}  // namespace
