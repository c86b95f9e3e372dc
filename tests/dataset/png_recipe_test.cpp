// MSEQ_PARAM_PNG_RECIPE: with it, every PNG of a png or tar dataset carries
// the recipe's three chunks (mseq_image_recipe of its own digits and index,
// mseq_dataset_recipe); without it, the files are those of 1.0, byte for
// byte. The manifest records it, a resume with the other value is refused,
// and mseq_verify_dataset checks such folders.
#include <cstring>
#include <map>
#include <set>

#include "dataset_support.hpp"

namespace dataset_test {
namespace {

constexpr uint64_t kCount = 12;  // shards of 10 and 2

int write(const std::string &dir, const Params &p, mseq_output output,
          unsigned flags = 0) {
    return mseq_write_dataset(dir.c_str(), mnist(), p, nullptr, 0, kCount,
                              output, flags, nullptr, nullptr);
}

// A text the library writes after a size query.
template <class Call>
std::string sized_text(Call &&call) {
    size_t size = 0;
    EXPECT_EQ(call(&size, nullptr, 0), MSEQ_EBUFSIZE) << mseq_last_error();
    std::vector<char> out(size);
    EXPECT_EQ(call(&size, out.data(), out.size()), MSEQ_OK)
        << mseq_last_error();
    return std::string(out.data());
}

std::string recipe_of(const Params &p, const Sample &s, uint64_t index) {
    std::vector<int> digits;
    for (char c : s.text) digits.push_back(c - '0');
    return sized_text([&](size_t *size, char *out, size_t out_size) {
        return mseq_image_recipe(size, out, out_size, mnist(), p, digits.data(),
                                 digits.size(), index);
    });
}

std::string data_line() {
    return sized_text([](size_t *size, char *out, size_t out_size) {
        return mseq_dataset_recipe(size, out, out_size, mnist());
    });
}

// The tEXt chunks of a PNG in memory, keyword -> text, in a plain walk
// over its chunks (independent of the library's reader).
std::map<std::string, std::string> text_chunks(const std::string &png) {
    std::map<std::string, std::string> texts;
    size_t at = 8;
    while (at + 12 <= png.size()) {
        const auto *b = reinterpret_cast<const unsigned char *>(png.data());
        const size_t length = size_t(b[at]) << 24 | size_t(b[at + 1]) << 16 |
                              size_t(b[at + 2]) << 8 | b[at + 3];
        const std::string type = png.substr(at + 4, 4);
        if (type == "tEXt") {
            const std::string body = png.substr(at + 8, length);
            const size_t nul = body.find('\0');
            texts[body.substr(0, nul)] = body.substr(nul + 1);
        }
        at += 12 + length;
    }
    return texts;
}

// The PNG of an 8-bit image as 1.0 encodes it (mseq_encode_png).
std::string plain_png(const Sample &s, int level) {
    size_t size = 0;
    EXPECT_EQ(mseq_encode_png(&size, nullptr, 0, s.u8.data(), 28, 120, level),
              MSEQ_EBUFSIZE);
    std::string out(size, '\0');
    EXPECT_EQ(
        mseq_encode_png(&size, &out[0], size, s.u8.data(), 28, 120, level),
        MSEQ_OK);
    return out;
}

// The PNG files of a finished png or tar folder, by index.
std::vector<std::string> pngs(const std::string &dir, mseq_output output) {
    std::vector<std::string> out;
    if (output == MSEQ_OUTPUT_PNG) {
        for (uint64_t i = 0; i < kCount; ++i) {
            out.push_back(ScratchDir::read_file(dir + "/" + stem(i) + ".png"));
        }
        return out;
    }
    for (uint64_t shard = 0; shard * 10 < kCount; ++shard) {
        for (const auto &member : read_tar(dir + "/" + shard_tar(shard))) {
            if (member.first.size() > 4 &&
                member.first.compare(member.first.size() - 4, 4, ".png") == 0) {
                out.push_back(member.second);
            }
        }
    }
    return out;
}

uint64_t verify(const std::string &dir) {
    uint64_t problems = 99;
    EXPECT_EQ(mseq_verify_dataset(&problems, dir.c_str(), nullptr, kCount,
                                  nullptr, nullptr),
              MSEQ_OK)
        << mseq_last_error();
    return problems;
}

TEST(PngRecipe, EveryPngCarriesItsOwnRecipe) {
    for (mseq_output output : {MSEQ_OUTPUT_PNG, MSEQ_OUTPUT_TAR}) {
        SCOPED_TRACE(output);
        ScratchDir tmp;
        Params p;
        p.set(MSEQ_PARAM_MIN_LENGTH, 1)
            .set(MSEQ_PARAM_MAX_LENGTH, 4)
            .set(MSEQ_PARAM_ALIGN, MSEQ_ALIGN_RANDOM)
            .set(MSEQ_PARAM_MIN_SPACING, -4)
            .set(MSEQ_PARAM_INVERT, 1)
            .set(MSEQ_PARAM_PNG_RECIPE, 1);
        const std::string dir = tmp / "ds";
        ASSERT_EQ(write(dir, p, output), MSEQ_OK) << mseq_last_error();
        const std::vector<Sample> ref = reference(p, nullptr, 0, 0, kCount);
        const std::vector<std::string> files = pngs(dir, output);
        ASSERT_EQ(files.size(), kCount);
        const std::string data = data_line();
        std::set<std::string> recipes;
        for (uint64_t i = 0; i < kCount; ++i) {
            const auto texts = text_chunks(files[i]);
            EXPECT_EQ(texts.size(), 3u);
            EXPECT_EQ(texts.at("Software"), "libmnistseq " MSEQ_VERSION_STRING);
            const std::string recipe = texts.at(MSEQ_RECIPE_KEY);
            EXPECT_EQ(recipe, recipe_of(p, ref[i], i)) << i;
            // Its own digits and index, the job's parameters.
            EXPECT_EQ(recipe.substr(0, ref[i].text.size() + 1),
                      ref[i].text + " ");
            EXPECT_NE(recipe.find(" --index " + std::to_string(i) + " "),
                      std::string::npos)
                << recipe;
            EXPECT_NE(recipe.find("--align random --invert"), std::string::npos)
                << recipe;
            recipes.insert(recipe);
            EXPECT_EQ(texts.at(MSEQ_RECIPE_DATA_KEY), data);
            const auto png = mseq_test::decode_png(
                std::vector<uint8_t>(files[i].begin(), files[i].end()));
            ASSERT_TRUE(png.ok) << png.error;
            EXPECT_EQ(png.pixels, ref[i].u8) << "image " << i;
        }
        EXPECT_EQ(recipes.size(), kCount);
        EXPECT_EQ(verify(dir), 0u);

        // A recipe changed in a file is a problem verify finds.
        if (output == MSEQ_OUTPUT_PNG) {
            std::string bytes = files[3];
            const size_t at = bytes.find(" --index 3 ");
            ASSERT_NE(at, std::string::npos);
            bytes[at + 9] = '4';  // the chunk's CRC no longer matches either
            ScratchDir::write_file(dir + "/" + stem(3) + ".png", bytes);
            EXPECT_GE(verify(dir), 1u);
        }
    }
}

TEST(PngRecipe, WithoutItTheFilesAreThoseOfVersion1_0) {
    for (int level : {-1, 6}) {
        ScratchDir tmp;
        Params p;
        p.set(MSEQ_PARAM_PNG_LEVEL, level);
        const std::string dir = tmp / "ds";
        ASSERT_EQ(write(dir, p, MSEQ_OUTPUT_PNG), MSEQ_OK) << mseq_last_error();
        const std::vector<Sample> ref = reference(p, nullptr, 0, 0, kCount);
        const std::vector<std::string> files = pngs(dir, MSEQ_OUTPUT_PNG);
        for (uint64_t i = 0; i < kCount; ++i) {
            EXPECT_TRUE(text_chunks(files[i]).empty());
            EXPECT_EQ(files[i], plain_png(ref[i], level)) << i;
        }
        const std::string manifest =
            ScratchDir::read_file(dir + "/manifest.json");
        EXPECT_EQ(manifest.find("png_recipe"), std::string::npos);
        // The same job with the parameter written as 0 explicitly.
        Params zero;
        zero.set(MSEQ_PARAM_PNG_LEVEL, level).set(MSEQ_PARAM_PNG_RECIPE, 0);
        ASSERT_EQ(write(tmp / "zero", zero, MSEQ_OUTPUT_PNG), MSEQ_OK);
        EXPECT_TRUE(snapshot(dir) == snapshot(tmp / "zero"));
    }
}

TEST(PngRecipe, TheManifestRecordsItAndAResumeWithTheOtherValueIsRefused) {
    ScratchDir tmp;
    Params on, off;
    on.set(MSEQ_PARAM_PNG_RECIPE, 1);
    const std::string with = tmp / "with", without = tmp / "without";
    ASSERT_EQ(write(with, on, MSEQ_OUTPUT_TAR), MSEQ_OK) << mseq_last_error();
    ASSERT_EQ(write(without, off, MSEQ_OUTPUT_TAR), MSEQ_OK);
    EXPECT_NE(ScratchDir::read_file(with + "/manifest.json")
                  .find("\n  \"png_recipe\": true,\n"),
              std::string::npos);
    const auto before_with = snapshot(with), before_without = snapshot(without);
    EXPECT_EQ(write(with, off, MSEQ_OUTPUT_TAR), MSEQ_EEXIST);
    EXPECT_NE(std::string(mseq_last_error()).find("\"png_recipe\""),
              std::string::npos)
        << mseq_last_error();
    EXPECT_EQ(write(without, on, MSEQ_OUTPUT_TAR), MSEQ_EEXIST);
    EXPECT_NE(std::string(mseq_last_error()).find("\"png_recipe\""),
              std::string::npos)
        << mseq_last_error();
    EXPECT_TRUE(before_with == snapshot(with));
    EXPECT_TRUE(before_without == snapshot(without));
    // The same value resumes (a finished job is left as it is).
    EXPECT_EQ(write(with, on, MSEQ_OUTPUT_TAR), MSEQ_OK);
    EXPECT_TRUE(before_with == snapshot(with));
    EXPECT_EQ(verify(with), 0u);
}

TEST(PngRecipe, NpyHoldsNoPngAndIgnoresIt) {
    ScratchDir tmp;
    Params on, off;
    on.set(MSEQ_PARAM_PNG_RECIPE, 1);
    ASSERT_EQ(write(tmp / "on", on, MSEQ_OUTPUT_NPY), MSEQ_OK);
    ASSERT_EQ(write(tmp / "off", off, MSEQ_OUTPUT_NPY), MSEQ_OK);
    EXPECT_TRUE(snapshot(tmp / "on") == snapshot(tmp / "off"));
}

}  // namespace
}  // namespace dataset_test
