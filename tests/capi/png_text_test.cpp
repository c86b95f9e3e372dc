// PNG text chunks (mseq_write_png_text, mseq_encode_png_text,
// mseq_read_png_text) and the digests of the source data
// (mseq_dataset_sha256), through the public header only.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "capi_test.hpp"
#include "mnistseq/mnistseq.h"
#include "png_read.hpp"
#include "scratch_dir.hpp"

namespace {

using capi_test::expect_error;
using mseq_test::ScratchDir;

std::vector<uint8_t> gradient(uint32_t rows, uint32_t cols) {
    std::vector<uint8_t> px(size_t(rows) * cols);
    for (size_t i = 0; i < px.size(); ++i) px[i] = uint8_t(i * 7);
    return px;
}

// The text of chunk key in the file at path, through the size query.
std::string read_text(const std::string &path, const char *key) {
    size_t size = 0;
    EXPECT_EQ(mseq_read_png_text(&size, nullptr, 0, path.c_str(), key),
              MSEQ_EBUFSIZE)
        << mseq_last_error();
    std::vector<char> out(size);
    EXPECT_EQ(
        mseq_read_png_text(&size, out.data(), out.size(), path.c_str(), key),
        MSEQ_OK)
        << mseq_last_error();
    return size == 0 ? "" : std::string(out.data(), size - 1);
}

const mseq_png_text kTexts[] = {
    {"Software", "mnistseq-cli 1.1.0"},
    {"mnistseq-recipe", "350 2 8 200 --seed 12345678901234567890"},
    {"Comment", ""},  // an empty text is a text
};

TEST(PngText, WrittenChunksReadBackInAnyOrderAndThePixelsAreUnchanged) {
    ScratchDir dir;
    const std::string path = dir / "a.png";
    const auto px = gradient(28, 60);
    ASSERT_EQ(
        mseq_write_png_text(path.c_str(), px.data(), 28, 60, -1, kTexts, 3),
        MSEQ_OK)
        << mseq_last_error();
    EXPECT_EQ(read_text(path, "mnistseq-recipe"), kTexts[1].text);
    EXPECT_EQ(read_text(path, "Software"), kTexts[0].text);
    EXPECT_EQ(read_text(path, "Comment"), "");
    const auto png = mseq_test::decode_png_file(path);
    ASSERT_TRUE(png.ok) << png.error;
    EXPECT_EQ(png.pixels, px);
    // The same bytes in memory; without texts, mseq_write_png's bytes plus
    // nothing else.
    size_t size = 0;
    EXPECT_EQ(mseq_encode_png_text(&size, nullptr, 0, px.data(), 28, 60, -1,
                                   kTexts, 3),
              MSEQ_EBUFSIZE);
    std::vector<uint8_t> bytes(size);
    ASSERT_EQ(mseq_encode_png_text(&size, bytes.data(), bytes.size(), px.data(),
                                   28, 60, -1, kTexts, 3),
              MSEQ_OK);
    EXPECT_EQ(std::string(bytes.begin(), bytes.end()),
              ScratchDir::read_file(path));
    size_t plain_size = 0;
    EXPECT_EQ(mseq_encode_png(&plain_size, nullptr, 0, px.data(), 28, 60, -1),
              MSEQ_EBUFSIZE);
    std::vector<uint8_t> plain(plain_size), none(plain_size);
    ASSERT_EQ(mseq_encode_png(&plain_size, plain.data(), plain.size(),
                              px.data(), 28, 60, -1),
              MSEQ_OK);
    ASSERT_EQ(mseq_encode_png_text(&size, none.data(), none.size(), px.data(),
                                   28, 60, -1, nullptr, 0),
              MSEQ_OK);
    EXPECT_EQ(none, plain);
    EXPECT_GT(bytes.size(), plain.size());
}

TEST(PngText, AbsentChunkAndAbsentFileAreNotFound) {
    ScratchDir dir;
    const std::string path = dir / "b.png";
    const auto px = gradient(3, 4);
    ASSERT_EQ(mseq_write_png(path.c_str(), px.data(), 3, 4, -1), MSEQ_OK);
    size_t size = 0;
    expect_error(
        [&] {
            return mseq_read_png_text(&size, nullptr, 0, path.c_str(),
                                      "mnistseq-recipe");
        },
        MSEQ_ENOTFOUND, {path, "no text chunk 'mnistseq-recipe'"});
    const std::string missing = dir / "missing.png";
    expect_error(
        [&] {
            return mseq_read_png_text(&size, nullptr, 0, missing.c_str(), "k");
        },
        MSEQ_ENOTFOUND, {missing});
}

TEST(PngText, FilesThatAreNotPngAreFormatErrors) {
    ScratchDir dir;
    const std::string text = dir / "text.png";
    ScratchDir::write_file(text, "hello, not a PNG at all");
    size_t size = 0;
    expect_error(
        [&] {
            return mseq_read_png_text(&size, nullptr, 0, text.c_str(), "k");
        },
        MSEQ_EFORMAT, {text, "not a PNG", "signature"});
    // A PNG whose text chunk was altered: its CRC no longer matches.
    const std::string bad = dir / "bad.png";
    const auto px = gradient(3, 4);
    ASSERT_EQ(mseq_write_png_text(bad.c_str(), px.data(), 3, 4, -1, kTexts, 1),
              MSEQ_OK);
    std::string bytes = ScratchDir::read_file(bad);
    const size_t at = bytes.find("mnistseq-cli");
    ASSERT_NE(at, std::string::npos);
    bytes[at] = 'M';
    ScratchDir::write_file(bad, bytes);
    expect_error(
        [&] {
            return mseq_read_png_text(&size, nullptr, 0, bad.c_str(),
                                      "Software");
        },
        MSEQ_EFORMAT, {bad, "CRC"});
    // Cut short.
    ScratchDir::write_file(bad, bytes.substr(0, 40));
    expect_error(
        [&] {
            return mseq_read_png_text(&size, nullptr, 0, bad.c_str(),
                                      "Software");
        },
        MSEQ_EFORMAT, {bad, "cut short"});
}

TEST(PngText, BadKeywordsAreRefusedAndNothingIsWritten) {
    ScratchDir dir;
    const std::string path = dir / "c.png";
    const auto px = gradient(3, 4);
    const std::string long_key(80, 'k');
    for (const char *key :
         {"", " lead", "trail ", "two  spaces", "tab\tkey", long_key.c_str()}) {
        const mseq_png_text t[] = {{"Software", "x"}, {key, "text"}};
        expect_error(
            [&] {
                return mseq_write_png_text(path.c_str(), px.data(), 3, 4, -1, t,
                                           2);
            },
            MSEQ_EINVAL, {"texts[1]", "keyword"});
        EXPECT_TRUE(dir.entries().empty()) << key;
    }
    const mseq_png_text null_text[] = {{"Software", nullptr}};
    expect_error(
        [&] {
            return mseq_write_png_text(path.c_str(), px.data(), 3, 4, -1,
                                       null_text, 1);
        },
        MSEQ_EINVAL, {"texts[0].text"});
    expect_error(
        [&] {
            return mseq_write_png_text(path.c_str(), px.data(), 3, 4, -1,
                                       nullptr, 1);
        },
        MSEQ_EINVAL, {"texts"});
    EXPECT_TRUE(dir.entries().empty());
    // The longest keyword is fine.
    const std::string key79(79, 'k');
    const mseq_png_text ok[] = {{key79.c_str(), "79"}};
    ASSERT_EQ(mseq_write_png_text(path.c_str(), px.data(), 3, 4, -1, ok, 1),
              MSEQ_OK);
    EXPECT_EQ(read_text(path, key79.c_str()), "79");
}

// Lower-case hex SHA-256 of a file's bytes, with OpenSSL.
std::string sha256_of_file(const std::string &path) {
    const std::string bytes = ScratchDir::read_file(path);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EXPECT_EQ(EVP_Digest(bytes.data(), bytes.size(), digest, &n, EVP_sha256(),
                         nullptr),
              1);
    std::string hex;
    const char *digits = "0123456789abcdef";
    for (unsigned int i = 0; i < n; ++i) {
        hex += digits[digest[i] >> 4];
        hex += digits[digest[i] & 15];
    }
    return hex;
}

TEST(DatasetSha256, DigestsAreThoseOfTheIdxFilesRead) {
    mseq_dataset *ds = nullptr;
    ASSERT_EQ(mseq_open(&ds, nullptr, MSEQ_SPLIT_TEST), MSEQ_OK)
        << mseq_last_error();
    const char *images = nullptr, *labels = nullptr;
    ASSERT_EQ(mseq_dataset_files(&images, &labels, ds), MSEQ_OK);
    char images_hex[65], labels_hex[65];
    ASSERT_EQ(mseq_dataset_sha256(images_hex, labels_hex, ds), MSEQ_OK);
    const std::string images_path = images;
    // The build's copy is raw IDX (a .gz file is hashed decompressed).
    if (images_path.size() < 3 ||
        images_path.compare(images_path.size() - 3, 3, ".gz") != 0) {
        EXPECT_EQ(std::string(images_hex), sha256_of_file(images));
        EXPECT_EQ(std::string(labels_hex), sha256_of_file(labels));
    }
    EXPECT_EQ(std::string(images_hex).size(), 64u);
    EXPECT_NE(std::string(images_hex), std::string(labels_hex));
    expect_error([&] { return mseq_dataset_sha256(nullptr, labels_hex, ds); },
                 MSEQ_EINVAL, {"images_hex"});
    mseq_free(ds);
}

}  // namespace
