// Users' pictures as the paper (mseq_params_set_background_images): every
// refusal through the C API leaves the parameters as they were, a
// dataset's manifest records each picture's path and digest, verify reads
// them again and notices a changed file, another picture is another job,
// and recipes name the pictures.
#include <png.h>

#include <fstream>
#include <string>
#include <vector>

#include "dataset_support.hpp"
#include "png_write.hpp"

namespace dataset_test {
namespace {

// Runs call(): it must fail with `code`, its message holding each needle.
template <class Call>
void expect_error(Call &&call, int code,
                  const std::vector<std::string> &needles) {
    const int rc = call();
    EXPECT_EQ(rc, code) << mseq_last_error();
    const std::string message = mseq_last_error();
    for (const std::string &needle : needles) {
        EXPECT_NE(message.find(needle), std::string::npos)
            << "\"" << message << "\" lacks \"" << needle << "\"";
    }
}

// Five digits, gaps 0-10, the paper a picture at full depth.
void picture_params(Params &p) {
    p.set(MSEQ_PARAM_WIDTH, 160)
        .set(MSEQ_PARAM_MAX_SPACING, 10)
        .set(MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8)
        .set(MSEQ_PARAM_BACKGROUND, MSEQ_BACKGROUND_IMAGE);
    ASSERT_EQ(mseq_params_set_f64(p, MSEQ_PARAM_BACKGROUND_STRENGTH, 1.0),
              MSEQ_OK);
}

void stripes(const std::string &path, int period) {
    mseq_test::write_grey_png(path, 211, 40, [period](uint32_t x, uint32_t y) {
        return (x / period + y / 7) % 2 == 0 ? 40 : 230;
    });
}

std::vector<uint8_t> image(const Params &p, uint64_t index) {
    const int digits[] = {3, 1, 4, 1, 5};
    std::vector<uint8_t> out(28 * 160);
    EXPECT_EQ(mseq_generate(out.data(), out.size(), nullptr, nullptr, mnist(),
                            p, digits, 5, index),
              MSEQ_OK)
        << mseq_last_error();
    return out;
}

TEST(BackgroundImages, RefusalsKeepThePicturesAsTheyWere) {
    ScratchDir tmp;
    const std::string a = tmp / "a.png";
    stripes(a, 5);
    Params p;
    picture_params(p);
    // No picture yet: generation says which call is missing.
    const int digits[] = {1};
    std::vector<uint8_t> out(28 * 160);
    expect_error(
        [&] {
            return mseq_generate(out.data(), out.size(), nullptr, nullptr,
                                 mnist(), p, digits, 1, 0);
        },
        MSEQ_EINVAL, {"mseq_params_set_background_images"});
    const char *paths[] = {a.c_str()};
    ASSERT_EQ(mseq_params_set_background_images(p, paths, 1), MSEQ_OK)
        << mseq_last_error();
    const std::vector<uint8_t> before = image(p, 7);
    // The picture shows: the image is not the flat paper's.
    Params flat;
    picture_params(flat);
    flat.set(MSEQ_PARAM_BACKGROUND, MSEQ_BACKGROUND_FLAT);
    EXPECT_NE(before, image(flat, 7));

    const std::string missing = tmp / "missing.png";
    const std::string text = tmp / "text.png";
    std::ofstream(text) << "not a picture";
    const char *bad_missing[] = {a.c_str(), missing.c_str()};
    const char *bad_text[] = {text.c_str()};
    const char *bad_null[] = {a.c_str(), nullptr};
    expect_error(
        [&] { return mseq_params_set_background_images(p, bad_missing, 2); },
        MSEQ_EIO, {"background image '" + missing + "'", "No such file"});
    expect_error(
        [&] { return mseq_params_set_background_images(p, bad_text, 1); },
        MSEQ_EFORMAT, {text, "not a PNG"});
    expect_error(
        [&] { return mseq_params_set_background_images(p, bad_null, 2); },
        MSEQ_EINVAL, {"paths[1] is NULL"});
    expect_error(
        [&] { return mseq_params_set_background_images(p, nullptr, 1); },
        MSEQ_EINVAL, {"paths"});
    expect_error(
        [&] {
            return mseq_params_set_background_images(
                p, paths, MSEQ_MAX_BACKGROUND_IMAGES + 1);
        },
        MSEQ_ERANGE, {"MSEQ_MAX_BACKGROUND_IMAGES"});
    expect_error(
        [&] { return mseq_params_set_background_images(nullptr, paths, 1); },
        MSEQ_EINVAL, {"params"});
    EXPECT_EQ(image(p, 7), before);
    // The file read once: removing it later changes nothing.
    ASSERT_EQ(std::remove(a.c_str()), 0);
    EXPECT_EQ(image(p, 7), before);
    // Cleared: generation refuses again.
    ASSERT_EQ(mseq_params_set_background_images(p, nullptr, 0), MSEQ_OK);
    EXPECT_EQ(mseq_generate(out.data(), out.size(), nullptr, nullptr, mnist(),
                            p, digits, 1, 0),
              MSEQ_EINVAL);
}

TEST(BackgroundImages, ManifestRecordsThePicturesAndVerifyChecksThem) {
    ScratchDir tmp;
    const std::string a = tmp / "a.png";
    const std::string b = tmp / "b.png";
    stripes(a, 5);
    stripes(b, 9);
    Params p;
    picture_params(p);
    const char *paths[] = {a.c_str(), b.c_str()};
    ASSERT_EQ(mseq_params_set_background_images(p, paths, 2), MSEQ_OK);
    const std::string dir = tmp / "set";
    const uint64_t count = 10;
    ASSERT_EQ(mseq_write_dataset(dir.c_str(), mnist(), p, nullptr, 0, count,
                                 MSEQ_OUTPUT_PNG, 0, nullptr, nullptr),
              MSEQ_OK)
        << mseq_last_error();
    const std::string manifest = ScratchDir::read_file(dir + "/manifest.json");
    const std::vector<uint8_t> bytes = mseq_test::read_bytes(a);
    EXPECT_NE(manifest.find("\"background\": \"image\""), std::string::npos)
        << manifest;
    EXPECT_NE(manifest.find("\"background_images\": 2"), std::string::npos);
    EXPECT_NE(manifest.find("\"background_image_1\": \"" + a + "\""),
              std::string::npos)
        << manifest;
    EXPECT_NE(manifest.find("\"background_image_2\": \"" + b + "\""),
              std::string::npos);
    EXPECT_NE(manifest.find("\"background_image_1_sha256\": \""),
              std::string::npos);
    expect_verified_and_resumed(dir, p, count, count, MSEQ_OUTPUT_PNG);
    // Another picture is another job: refused, nothing touched.
    const auto before = snapshot(dir);
    const char *one[] = {a.c_str()};
    ASSERT_EQ(mseq_params_set_background_images(p, one, 1), MSEQ_OK);
    EXPECT_EQ(mseq_write_dataset(dir.c_str(), mnist(), p, nullptr, 0, count,
                                 MSEQ_OUTPUT_PNG, 0, nullptr, nullptr),
              MSEQ_EEXIST);
    EXPECT_EQ(snapshot(dir), before);
    // A picture changed since: verify says which and why.
    stripes(b, 4);
    uint64_t problems = 99;
    expect_error(
        [&] {
            return mseq_verify_dataset(&problems, dir.c_str(), nullptr, count,
                                       nullptr, nullptr);
        },
        MSEQ_EINVAL, {"background image '" + b + "'", "the file changed"});
}

TEST(BackgroundImages, RecipesNameThePictures) {
    ScratchDir tmp;
    const std::string a = tmp / "a.png";
    stripes(a, 5);
    Params p;
    picture_params(p);
    const char *paths[] = {a.c_str()};
    ASSERT_EQ(mseq_params_set_background_images(p, paths, 1), MSEQ_OK);
    const int digits[] = {4, 2};
    char out[4096];
    size_t size = 0;
    ASSERT_EQ(
        mseq_image_recipe(&size, out, sizeof out, mnist(), p, digits, 2, 3),
        MSEQ_OK)
        << mseq_last_error();
    const std::string recipe = out;
    EXPECT_NE(recipe.find("--background image"), std::string::npos) << recipe;
    EXPECT_NE(recipe.find(" --background-image '" + a + "'"), std::string::npos)
        << recipe;
}

TEST(BackgroundImages, RefusedBeforeWriting) {
    ScratchDir tmp;
    Params p;
    picture_params(p);
    const std::string dir = tmp / "x";
    EXPECT_EQ(mseq_write_dataset(dir.c_str(), mnist(), p, nullptr, 0, 3,
                                 MSEQ_OUTPUT_TAR, 0, nullptr, nullptr),
              MSEQ_EINVAL);
    EXPECT_NE(std::string(mseq_last_error()).find("no picture"),
              std::string::npos)
        << mseq_last_error();
    EXPECT_FALSE(exists(dir));
}

}  // namespace
}  // namespace dataset_test
