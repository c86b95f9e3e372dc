// Users' pictures (background_image.hpp): the grey of each pixel, the
// digest of the file, and every way a file can be refused.
#include "input/background_image.hpp"

#include <gtest/gtest.h>
#include <png.h>
#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/sha256.hpp"
#include "png_read.hpp"
#include "png_write.hpp"
#include "scratch_dir.hpp"

namespace {

using mseq_test::ScratchDir;

// The error code of read_background_images({path}), its message in what.
int refusal(const std::string &path, std::string &what) {
    try {
        mseq::read_background_images({path});
    } catch (const mseq::Error &e) {
        what = e.what();
        return e.code();
    }
    return 0;
}

TEST(BackgroundImage, GreyOfWeighsChannelsOverWhite) {
    EXPECT_EQ(mseq::grey_of(0, 0, 0, 255), 0);
    EXPECT_EQ(mseq::grey_of(255, 255, 255, 255), 255);
    EXPECT_EQ(mseq::grey_of(255, 0, 0, 255), 76);   // (299 * 255 + 500) / 1000
    EXPECT_EQ(mseq::grey_of(0, 255, 0, 255), 150);  // 587 * 255
    EXPECT_EQ(mseq::grey_of(0, 0, 255, 255), 29);   // 114 * 255
    // Transparent is white paper; half-transparent black a mid grey.
    EXPECT_EQ(mseq::grey_of(0, 0, 0, 0), 255);
    EXPECT_EQ(mseq::grey_of(0, 0, 0, 128), 127);  // (255 * 127 + 127) / 255
    for (int v = 0; v < 256; ++v) {
        const auto c = static_cast<uint8_t>(v);
        EXPECT_EQ(mseq::grey_of(c, c, c, 255), v) << v;
    }
}

TEST(BackgroundImage, ReadsRgbaPixelsAndTheFilesDigest) {
    const ScratchDir dir;
    const std::string path = dir / "paper.png";
    const uint32_t width = 7, rows = 5;
    std::vector<uint8_t> rgba(size_t(width) * rows * 4);
    for (size_t i = 0; i < rgba.size(); ++i) {
        rgba[i] = static_cast<uint8_t>(i * 37 + 11);
    }
    mseq_test::write_png(path, width, rows, PNG_FORMAT_RGBA, rgba);
    const mseq::BackgroundImage p = mseq::read_background_image(path);
    EXPECT_EQ(p.path, path);
    EXPECT_EQ(p.width, width);
    EXPECT_EQ(p.rows, rows);
    ASSERT_EQ(p.grey.size(), size_t(width) * rows);
    for (size_t i = 0; i < p.grey.size(); ++i) {
        const uint8_t *c = rgba.data() + 4 * i;
        EXPECT_EQ(p.grey[i], mseq::grey_of(c[0], c[1], c[2], c[3])) << i;
    }
    const std::vector<uint8_t> bytes = mseq_test::read_bytes(path);
    EXPECT_EQ(p.sha256, mseq::sha256_hex(bytes.data(), bytes.size()));
}

TEST(BackgroundImage, ReadsGreyFilesAsTheyAre) {
    const ScratchDir dir;
    const std::string path = dir / "grey.png";
    mseq_test::write_grey_png(path, 300, 2,
                              [](uint32_t x, uint32_t y) { return x + y; });
    const mseq::BackgroundImage p = mseq::read_background_image(path);
    ASSERT_EQ(p.grey.size(), 600u);
    for (uint32_t y = 0; y < 2; ++y) {
        for (uint32_t x = 0; x < 300; ++x) {
            EXPECT_EQ(p.grey[y * 300 + x], uint8_t(x + y));
        }
    }
}

TEST(BackgroundImage, RefusesWhatIsNotAReadablePng) {
    const ScratchDir dir;
    std::string what;
    EXPECT_EQ(refusal(dir / "missing.png", what), MSEQ_EIO);
    EXPECT_NE(what.find("background image '" + (dir / "missing.png") + "'"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("No such file"), std::string::npos) << what;

    EXPECT_EQ(refusal(dir.path(), what), MSEQ_EIO);
    EXPECT_NE(what.find("not a regular file"), std::string::npos) << what;

    std::ofstream(dir / "text.png") << "this is not a picture\n";
    EXPECT_EQ(refusal(dir / "text.png", what), MSEQ_EFORMAT);
    EXPECT_NE(what.find("not a PNG file"), std::string::npos) << what;

    // A PNG cut short: its signature and header, not its pixels.
    mseq_test::write_grey_png(dir / "whole.png", 64, 64,
                              [](uint32_t x, uint32_t y) { return x ^ y; });
    std::vector<uint8_t> bytes = mseq_test::read_bytes(dir / "whole.png");
    bytes.resize(bytes.size() / 2);
    std::ofstream(dir / "cut.png", std::ios::binary)
        .write(reinterpret_cast<const char *>(bytes.data()),
               std::streamsize(bytes.size()));
    EXPECT_EQ(refusal(dir / "cut.png", what), MSEQ_EFORMAT);
    EXPECT_NE(what.find("damaged PNG"), std::string::npos) << what;

    EXPECT_EQ(refusal(dir / "it's.png", what), MSEQ_EINVAL);
    EXPECT_NE(what.find("single quote"), std::string::npos) << what;
    EXPECT_EQ(refusal("", what), MSEQ_EINVAL);
}

// A PNG whose header announces 8193 x 8193 pixels (one more row and column
// than 2^26 allows) is refused from the header, before any pixel is read.
TEST(BackgroundImage, RefusesAPictureAboveThePixelLimit) {
    const ScratchDir dir;
    mseq_test::write_grey_png(dir / "small.png", 1, 1,
                              [](uint32_t, uint32_t) { return 7; });
    std::vector<uint8_t> bytes = mseq_test::read_bytes(dir / "small.png");
    ASSERT_GE(bytes.size(), 33u);
    for (size_t at : {size_t(16), size_t(20)}) {  // IHDR width, height
        const uint32_t side = 8193;
        for (int i = 0; i < 4; ++i)
            bytes[at + i] = uint8_t(side >> (24 - 8 * i));
    }
    // The IHDR chunk's CRC, over its type and data (bytes 12..28).
    const uint32_t crc = uint32_t(crc32(0, bytes.data() + 12, 17));
    for (int i = 0; i < 4; ++i) bytes[29 + i] = uint8_t(crc >> (24 - 8 * i));
    std::ofstream(dir / "huge.png", std::ios::binary)
        .write(reinterpret_cast<const char *>(bytes.data()),
               std::streamsize(bytes.size()));
    std::string what;
    EXPECT_EQ(refusal(dir / "huge.png", what), MSEQ_ERANGE);
    EXPECT_NE(what.find("8193 x 8193 pixels"), std::string::npos) << what;
}

TEST(BackgroundImage, RefusesMorePicturesThanTheLimit) {
    EXPECT_NO_THROW(mseq::check_background_count(MSEQ_MAX_BACKGROUND_IMAGES));
    try {
        mseq::check_background_count(MSEQ_MAX_BACKGROUND_IMAGES + 1);
        FAIL() << "no error";
    } catch (const mseq::Error &e) {
        EXPECT_EQ(e.code(), MSEQ_ERANGE);
        EXPECT_NE(std::string(e.what()).find("MSEQ_MAX_BACKGROUND_IMAGES"),
                  std::string::npos);
    }
    EXPECT_EQ(mseq::read_background_images({}), nullptr);
}

}  // namespace
