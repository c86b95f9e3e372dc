// --background-image FILE (repeatable) in the seed form, `preview` and
// `dataset`: it sets --background image, its recipe names the pictures so
// that `generate --like` makes the file again, and every mistake is refused
// in the option's words with nothing written.
#include <gtest/gtest.h>
#include <png.h>
#include <sys/stat.h>

#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "png_read.hpp"
#include "png_write.hpp"
#include "scratch_dir.hpp"

namespace {

using mseq_test::run_cli;
using mseq_test::ScratchDir;

bool file_exists(const std::string &path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0;
}

bool holds(const std::string &text, const std::string &part) {
    return text.find(part) != std::string::npos;
}

void stripes(const std::string &path, int period) {
    mseq_test::write_grey_png(path, 211, 40, [period](uint32_t x, uint32_t y) {
        return (x / period + y / 7) % 2 == 0 ? 40 : 230;
    });
}

TEST(CliBackgroundImage, SeedFormShowsThePictureAndLikeRemakesIt) {
    ScratchDir cwd;
    stripes(cwd / "a.png", 5);
    stripes(cwd / "b.png", 9);
    const auto plain =
        run_cli(cwd.path(), {"31415", "0", "10", "160", "--seed", "3",
                             "--background-strength", "1", "-o", "plain.png"});
    ASSERT_EQ(plain.status, 0) << plain.err;
    const auto made = run_cli(
        cwd.path(), {"31415", "0", "10", "160", "--seed", "3",
                     "--background-strength", "1", "--background-image",
                     "a.png", "--background-image=b.png", "-o", "shown.png"});
    ASSERT_EQ(made.status, 0) << made.err;
    const std::string shown = ScratchDir::read_file(cwd / "shown.png");
    EXPECT_NE(mseq_test::decode_png_file(cwd / "shown.png").pixels,
              mseq_test::decode_png_file(cwd / "plain.png").pixels);
    const auto info = run_cli(cwd.path(), {"info", "shown.png"});
    ASSERT_EQ(info.status, 0) << info.err;
    EXPECT_TRUE(holds(info.out, "--background image")) << info.out;
    EXPECT_TRUE(holds(info.out,
                      "--background-image 'a.png' "
                      "--background-image 'b.png'"))
        << info.out;
    const auto again = run_cli(
        cwd.path(), {"generate", "--like", "shown.png", "-o", "again.png"});
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(ScratchDir::read_file(cwd / "again.png"), shown);
}

TEST(CliBackgroundImage, DatasetAndPreviewTakeIt) {
    ScratchDir cwd;
    stripes(cwd / "a.png", 5);
    const auto set =
        run_cli(cwd.path(),
                {"dataset", "--out", "set", "--count", "4", "--width", "160",
                 "--background-strength", "1", "--background-image", "a.png"});
    ASSERT_EQ(set.status, 0) << set.err;
    const std::string manifest =
        ScratchDir::read_file(cwd / "set/manifest.json");
    EXPECT_TRUE(holds(manifest, "\"background_image_1\": \"a.png\""))
        << manifest;
    const auto sheet =
        run_cli(cwd.path(),
                {"preview", "--out", "sheet.png", "--rows", "2",
                 "--background-strength", "1", "--background-image", "a.png"});
    ASSERT_EQ(sheet.status, 0) << sheet.err;
    EXPECT_TRUE(mseq_test::decode_png_file(cwd / "sheet.png").ok);
}

TEST(CliBackgroundImage, MistakesAreRefusedByTheOptionWithNothingWritten) {
    ScratchDir cwd;
    stripes(cwd / "a.png", 5);
    ScratchDir::write_file(cwd / "text.png", "not a picture");
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases =
        {{{"--background-image", "missing.png"},
          "--background-image: background image 'missing.png': cannot open"},
         {{"--background-image", "text.png"}, "not a PNG file"},
         {{"--background-image", ""}, "--background-image: an empty file name"},
         {{"--background", "gradient", "--background-image", "a.png"},
          "--background-image needs --background image"},
         {{"--background", "image"}, "no picture set"}};
    for (const auto &[extra, message] : cases) {
        std::vector<std::string> args = {
            "123", "0",  "10",     "160", "--background-strength",
            "1",   "-o", "out.png"};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto run = run_cli(cwd.path(), args);
        EXPECT_NE(run.status, 0) << message;
        EXPECT_TRUE(holds(run.err, message)) << run.err;
        EXPECT_FALSE(file_exists(cwd / "out.png")) << message;
        std::vector<std::string> dataset = {
            "dataset", "--out", "set", "--count", "2", "--background-strength",
            "1"};
        dataset.insert(dataset.end(), extra.begin(), extra.end());
        const auto refused = run_cli(cwd.path(), dataset);
        EXPECT_NE(refused.status, 0) << message;
        EXPECT_FALSE(file_exists(cwd / "set")) << message;
    }
}

}  // namespace
