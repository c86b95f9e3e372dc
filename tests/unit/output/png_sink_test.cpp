// PNG sink (src/png_sink.*) and the public mseq_write_png(): every image is
// decoded again with libpng's reader and compared byte for byte.
#include "output/png_sink.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "error_code.hpp"
#include "mnistseq/mnistseq.h"
#include "png_read.hpp"
#include "scratch_dir.hpp"

namespace {

using mseq_test::error_code_of;

using mseq_test::decode_png;
using mseq_test::ScratchDir;

// Pixels with every value and no pattern a compressor could exploit fully.
std::vector<uint8_t> noise(uint32_t rows, uint32_t cols, uint32_t seed) {
    std::vector<uint8_t> px(size_t(rows) * cols);
    uint32_t x = seed * 2654435761u + 1;
    for (uint8_t &p : px) {
        x = x * 1664525u + 1013904223u;
        p = static_cast<uint8_t>(x >> 24);
    }
    return px;
}

// White background with dark blobs, like a digit strip.
std::vector<uint8_t> strip(uint32_t rows, uint32_t cols) {
    std::vector<uint8_t> px(size_t(rows) * cols, 255);
    for (uint32_t r = 4; r + 4 < rows; ++r) {
        for (uint32_t c = 0; c < cols; ++c) {
            if ((c / 7) % 3 == 0) {
                px[size_t(r) * cols + c] = static_cast<uint8_t>((r * c) % 256);
            }
        }
    }
    return px;
}

void expect_round_trip(const std::vector<uint8_t> &px, uint32_t rows,
                       uint32_t cols, const mseq::PngOptions &options) {
    const std::vector<uint8_t> png =
        mseq::encode_png_gray8(px.data(), rows, cols, options);
    const auto decoded = decode_png(png);
    ASSERT_TRUE(decoded.ok) << decoded.error;
    EXPECT_EQ(decoded.rows, rows);
    EXPECT_EQ(decoded.cols, cols);
    EXPECT_EQ(decoded.bit_depth, 8);
    EXPECT_EQ(decoded.color_type, PNG_COLOR_TYPE_GRAY);
    EXPECT_EQ(decoded.pixels, px);
}

TEST(PngSink, RoundTripsEverySizeAndOption) {
    const uint32_t sizes[][2] = {{1, 1}, {28, 200}, {3, 7}, {28, 1}, {1, 300}};
    const mseq::PngStrategy strategies[] = {
        mseq::PngStrategy::rle, mseq::PngStrategy::standard,
        mseq::PngStrategy::filtered, mseq::PngStrategy::huffman};
    const mseq::PngFilter filters[] = {
        mseq::PngFilter::none, mseq::PngFilter::sub, mseq::PngFilter::up,
        mseq::PngFilter::adaptive};
    for (const auto &size : sizes) {
        const auto px = noise(size[0], size[1], size[0] * 1000 + size[1]);
        for (int level = -1; level <= 9; ++level) {
            for (auto strategy : strategies) {
                for (auto filter : filters) {
                    SCOPED_TRACE(testing::Message()
                                 << size[0] << "x" << size[1] << " level "
                                 << level << " strategy "
                                 << static_cast<int>(strategy) << " filter "
                                 << static_cast<int>(filter));
                    expect_round_trip(px, size[0], size[1],
                                      {level, strategy, filter});
                }
            }
        }
    }
}

// The run-length default is encoded with zlib alone (output/png_rle.hpp):
// its bytes must be libpng's, for every size (windows lowered for small
// images, several IDAT chunks, zlib fed by rows beyond 32 KB), content
// (runs, noise stored as is) and level, one image after another through
// the same reused zlib stream.
TEST(PngSink, RunLengthDefaultIsLibpngsBytes) {
    uint32_t x = 12345;
    const auto next = [&x](uint32_t n) {
        x = x * 1664525u + 1013904223u;
        return (x >> 8) % n;
    };
    struct Case {
        uint32_t rows, cols;
    };
    std::vector<Case> cases = {{1, 1},     {28, 200},  {28, 160},
                               {300, 300}, {28, 3000}, {181, 181},
                               {1, 40000}, {64, 1023}, {2, 70000}};
    // Images of (cols + 1) * rows bytes around each window size libpng
    // chooses (data + 262 against 2^k) and around 32 KB.
    for (uint32_t k = 9; k <= 16; ++k) {
        for (int d = -2; d <= 2; ++d) {
            cases.push_back({1, uint32_t(int(1u << k) - 263 + d)});
        }
    }
    for (int i = 0; i < 300; ++i) {
        cases.push_back({1 + next(40), 1 + next(400)});
    }
    int level = 1;
    size_t n = 0;
    for (const Case &c : cases) {
        for (int content = 0; content < 3; ++content) {
            std::vector<uint8_t> px =
                content == 0
                    ? noise(c.rows, c.cols, uint32_t(n))
                    : std::vector<uint8_t>(size_t(c.rows) * c.cols, 255);
            if (content == 1) {  // dark runs of random lengths and values
                for (size_t at = next(64); at < px.size(); at += 1 + next(90)) {
                    const size_t len =
                        std::min<size_t>(1 + next(30), px.size() - at);
                    std::fill_n(px.begin() + long(at), len,
                                static_cast<uint8_t>(next(256)));
                }
            }
            const mseq::PngOptions options{level, mseq::PngStrategy::rle,
                                           mseq::PngFilter::none};
            std::vector<uint8_t> fast, reference;
            mseq::encode_png_gray8(fast, px.data(), c.rows, c.cols, options);
            mseq::encode_png_gray8_libpng(reference, px.data(), c.rows, c.cols,
                                          options);
            ASSERT_EQ(fast, reference)
                << c.rows << " x " << c.cols << ", content " << content
                << ", level " << level;
            level = level % 9 + 1;
            ++n;
        }
    }
    // The writer's own default (PngOptions(): level -1, i.e. 6).
    const std::vector<uint8_t> px = strip(28, 200);
    std::vector<uint8_t> reference;
    mseq::encode_png_gray8_libpng(reference, px.data(), 28, 200);
    EXPECT_EQ(mseq::encode_png_gray8(px.data(), 28, 200), reference);
}

TEST(PngSink, DefaultsAreLevel6RleUnfiltered) {
    const auto px = strip(28, 200);
    const auto by_default = mseq::encode_png_gray8(px.data(), 28, 200);
    const auto explicit_options =
        mseq::encode_png_gray8(px.data(), 28, 200,
                               {mseq::kDefaultPngLevel, mseq::PngStrategy::rle,
                                mseq::PngFilter::none});
    EXPECT_EQ(by_default, explicit_options);
    EXPECT_EQ(mseq::kDefaultPngLevel, 6);
    // The other choices give other streams, so the comparison above means
    // something.
    EXPECT_NE(by_default,
              mseq::encode_png_gray8(
                  px.data(), 28, 200,
                  {6, mseq::PngStrategy::standard, mseq::PngFilter::adaptive}));
    EXPECT_NE(by_default, mseq::encode_png_gray8(px.data(), 28, 200,
                                                 {6, mseq::PngStrategy::rle,
                                                  mseq::PngFilter::sub}));
}

TEST(PngSink, LevelZeroStoresAndCompressionShrinks) {
    const auto px = strip(28, 200);
    const auto stored = mseq::encode_png_gray8(
        px.data(), 28, 200, {0, mseq::PngStrategy::rle, mseq::PngFilter::none});
    const auto packed = mseq::encode_png_gray8(px.data(), 28, 200);
    EXPECT_GT(stored.size(), px.size());  // raw rows + filter bytes + headers
    EXPECT_LT(packed.size(), px.size() / 2);
}

TEST(PngSink, ReusesTheOutputVector) {
    std::vector<uint8_t> out;
    const auto a = noise(28, 200, 1);
    const auto b = strip(5, 9);
    mseq::encode_png_gray8(out, a.data(), 28, 200);
    mseq::encode_png_gray8(out, b.data(), 5, 9);
    EXPECT_EQ(out, mseq::encode_png_gray8(b.data(), 5, 9));
    const auto decoded = decode_png(out);
    ASSERT_TRUE(decoded.ok) << decoded.error;
    EXPECT_EQ(decoded.pixels, b);
}

TEST(PngSink, WidthBeyondLibpngsDefaultCapWorks) {
    // libpng caps sides at 1,000,000 by default, even when writing.
    const uint32_t cols = 1000001;
    const auto px = noise(1, cols, 7);
    expect_round_trip(px, 1, cols, mseq::PngOptions());
}

TEST(PngSink, RejectsBadArguments) {
    static const uint8_t px[4] = {0, 1, 2, 3};
    EXPECT_EQ(error_code_of([] { mseq::encode_png_gray8(nullptr, 1, 1); }),
              MSEQ_EINVAL);
    EXPECT_EQ(error_code_of([] { mseq::encode_png_gray8(px, 0, 4); }),
              MSEQ_EINVAL);
    EXPECT_EQ(error_code_of([] { mseq::encode_png_gray8(px, 4, 0); }),
              MSEQ_EINVAL);
    EXPECT_EQ(error_code_of([] {
                  mseq::encode_png_gray8(
                      px, 2, 2,
                      {10, mseq::PngStrategy::rle, mseq::PngFilter::none});
              }),
              MSEQ_EINVAL);
    EXPECT_EQ(error_code_of([] {
                  mseq::encode_png_gray8(
                      px, 2, 2,
                      {-2, mseq::PngStrategy::rle, mseq::PngFilter::none});
              }),
              MSEQ_EINVAL);
    // Checked before a single pixel is read.
    EXPECT_EQ(error_code_of(
                  [] { mseq::encode_png_gray8(px, 1, mseq::kMaxPngSide + 1); }),
              MSEQ_ERANGE);
    EXPECT_EQ(error_code_of([] { mseq::encode_png_gray8(px, 0x80000000u, 1); }),
              MSEQ_ERANGE);
    try {
        mseq::encode_png_gray8(
            px, 2, 2, {12, mseq::PngStrategy::rle, mseq::PngFilter::none});
        FAIL() << "level 12 accepted";
    } catch (const mseq::Error &e) {
        EXPECT_NE(std::string(e.what()).find("level 12"), std::string::npos)
            << e.what();
    }
}

// --- mseq_write_png -----------------------------------------------------

TEST(WritePng, WritesADecodablePng) {
    ScratchDir dir;
    const auto px = strip(28, 120);
    const std::string path = dir / "1-2-3.png";
    ASSERT_EQ(mseq_write_png(path.c_str(), px.data(), 28, 120, -1), MSEQ_OK)
        << mseq_last_error();
    const auto decoded = mseq_test::decode_png_file(path);
    ASSERT_TRUE(decoded.ok) << decoded.error;
    EXPECT_EQ(decoded.rows, 28u);
    EXPECT_EQ(decoded.cols, 120u);
    EXPECT_EQ(decoded.pixels, px);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"1-2-3.png"});
    // The file's bytes are the in-memory encoding at the default level.
    EXPECT_EQ(mseq_test::read_bytes(path),
              mseq::encode_png_gray8(px.data(), 28, 120));
}

TEST(WritePng, LevelSelectsTheEncoding) {
    ScratchDir dir;
    const auto px = strip(28, 120);
    const std::string path = dir / "a.png";
    for (int level = 0; level <= 9; ++level) {
        SCOPED_TRACE(level);
        ASSERT_EQ(mseq_write_png(path.c_str(), px.data(), 28, 120, level),
                  MSEQ_OK)
            << mseq_last_error();
        EXPECT_EQ(mseq_test::read_bytes(path),
                  mseq::encode_png_gray8(px.data(), 28, 120,
                                         {level, mseq::PngStrategy::standard,
                                          mseq::PngFilter::adaptive}));
    }
}

TEST(PngSink, OptionsForLevel) {
    const auto fast = mseq::png_options_for_level(-1);
    EXPECT_EQ(fast.level, mseq::PngOptions().level);
    EXPECT_EQ(fast.strategy, mseq::PngStrategy::rle);
    EXPECT_EQ(fast.filter, mseq::PngFilter::none);
    for (int level = 0; level <= 9; ++level) {
        const auto o = mseq::png_options_for_level(level);
        EXPECT_EQ(o.level, level);
        EXPECT_EQ(o.strategy, mseq::PngStrategy::standard);
        EXPECT_EQ(o.filter, mseq::PngFilter::adaptive);
    }
    // Above the range is out of range, as mseq_params_set says of
    // MSEQ_PARAM_PNG_LEVEL; below it is invalid.
    EXPECT_EQ(error_code_of([] { mseq::png_options_for_level(10); }),
              MSEQ_ERANGE);
    EXPECT_EQ(error_code_of([] { mseq::png_options_for_level(-2); }),
              MSEQ_EINVAL);
}

TEST(WritePng, ReplacesAnExistingFile) {
    ScratchDir dir;
    const std::string path = dir / "out.png";
    ScratchDir::write_file(path, "old content");
    const auto px = noise(3, 4, 9);
    ASSERT_EQ(mseq_write_png(path.c_str(), px.data(), 3, 4, -1), MSEQ_OK)
        << mseq_last_error();
    const auto decoded = mseq_test::decode_png_file(path);
    ASSERT_TRUE(decoded.ok) << decoded.error;
    EXPECT_EQ(decoded.pixels, px);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.png"});
}

// Each failure: the code, a message naming the fault, the old file intact
// and nothing else in the directory.
TEST(WritePng, FailuresLeaveNothingBehind) {
    ScratchDir dir;
    const std::string path = dir / "keep.png";
    ScratchDir::write_file(path, "precious");
    const auto px = noise(2, 2, 3);
    struct Case {
        const char *path;
        const uint8_t *pixels;
        uint32_t rows, cols;
        int level;
        int code;
        const char *message_part;
    };
    const Case cases[] = {
        {path.c_str(), px.data(), 0, 2, -1, MSEQ_EINVAL, "0 x 2"},
        {path.c_str(), px.data(), 2, 0, -1, MSEQ_EINVAL, "2 x 0"},
        {path.c_str(), px.data(), 2, 2, 10, MSEQ_ERANGE, "level 10"},
        {path.c_str(), px.data(), 2, 2, -7, MSEQ_EINVAL, "level -7"},
        {path.c_str(), nullptr, 2, 2, -1, MSEQ_EINVAL, "pixels is NULL"},
        {nullptr, px.data(), 2, 2, -1, MSEQ_EINVAL, "path is NULL"},
        {"", px.data(), 2, 2, -1, MSEQ_EINVAL, "not a file name"},
        {path.c_str(), px.data(), 2, 0x80000000u, -1, MSEQ_ERANGE, "limit"},
    };
    for (const Case &c : cases) {
        SCOPED_TRACE(c.message_part);
        EXPECT_EQ(mseq_write_png(c.path, c.pixels, c.rows, c.cols, c.level),
                  c.code);
        EXPECT_NE(std::string(mseq_last_error()).find(c.message_part),
                  std::string::npos)
            << mseq_last_error();
        EXPECT_EQ(ScratchDir::read_file(path), "precious");
        EXPECT_EQ(dir.entries(), std::vector<std::string>{"keep.png"});
    }
}

TEST(WritePng, UnwritableDirectoryIsEio) {
    ScratchDir dir;
    const auto px = noise(2, 2, 3);
    // A missing directory, and a regular file used as a directory (root
    // ignores permission bits, so a read-only directory would not do).
    ScratchDir::write_file(dir / "file", "x");
    const std::string paths[] = {dir / "missing/out.png", dir / "file/out.png"};
    for (const std::string &path : paths) {
        EXPECT_EQ(mseq_write_png(path.c_str(), px.data(), 2, 2, -1), MSEQ_EIO);
        const std::string message = mseq_last_error();
        EXPECT_EQ(message.rfind(path + ": ", 0), 0u) << message;
    }
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"file"});
}

TEST(WritePng, TargetThatIsADirectoryIsEioAndKept) {
    ScratchDir dir;
    ASSERT_EQ(mkdir((dir / "sub").c_str(), 0755), 0);
    ScratchDir::write_file(dir / "sub/inner", "x");
    const auto px = noise(2, 2, 3);
    const std::string path = dir / "sub";
    EXPECT_EQ(mseq_write_png(path.c_str(), px.data(), 2, 2, -1), MSEQ_EIO);
    EXPECT_NE(std::string(mseq_last_error()).find(path), std::string::npos)
        << mseq_last_error();
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"sub"});
    EXPECT_EQ(ScratchDir::read_file(dir / "sub/inner"), "x");
}

TEST(PngSink, SixteenBitGrayRoundTripsBigEndian) {
    const uint32_t rows = 5, cols = 7;
    std::vector<uint16_t> px(rows * cols);
    for (size_t i = 0; i < px.size(); ++i) {
        px[i] = static_cast<uint16_t>(i * 2311 % 65536);
    }
    px[3] = 0xffff;
    px[4] = 0x0100;
    std::vector<uint8_t> png;
    mseq::encode_png_gray16(png, px.data(), rows, cols);
    const auto decoded = decode_png(png);
    ASSERT_TRUE(decoded.ok) << decoded.error;
    EXPECT_EQ(decoded.bit_depth, 16);
    EXPECT_EQ(decoded.color_type, PNG_COLOR_TYPE_GRAY);
    ASSERT_EQ(decoded.pixels.size(), px.size() * 2);
    for (size_t i = 0; i < px.size(); ++i) {
        EXPECT_EQ(decoded.pixels[2 * i], px[i] >> 8) << i;
        EXPECT_EQ(decoded.pixels[2 * i + 1], px[i] & 0xff) << i;
    }
    EXPECT_EQ(error_code_of(
                  [&] { mseq::encode_png_gray16(png, px.data(), 0, cols); }),
              MSEQ_EINVAL);
}

TEST(PngSink, RgbRoundTrips) {
    const uint32_t rows = 4, cols = 6;
    std::vector<uint8_t> px(rows * cols * 3);
    for (size_t i = 0; i < px.size(); ++i) {
        px[i] = static_cast<uint8_t>(i * 37 % 256);
    }
    std::vector<uint8_t> png;
    mseq::encode_png_rgb8(png, px.data(), rows, cols);
    const auto decoded = decode_png(png);
    ASSERT_TRUE(decoded.ok) << decoded.error;
    EXPECT_EQ(decoded.bit_depth, 8);
    EXPECT_EQ(decoded.color_type, PNG_COLOR_TYPE_RGB);
    EXPECT_EQ(decoded.rows, rows);
    EXPECT_EQ(decoded.cols, cols);
    EXPECT_EQ(decoded.pixels, px);
}

}  // namespace
