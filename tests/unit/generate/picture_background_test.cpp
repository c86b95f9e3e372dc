// The users' pictures as the paper (background.hpp, picture_pattern): the
// window each image draws, crop or tile, and the image it gives.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <set>
#include <vector>

#include "common/error.hpp"
#include "generate/background.hpp"
#include "generate/generator.hpp"
#include "generate/params.hpp"
#include "generate/photometric.hpp"
#include "generate/rng.hpp"
#include "mnist_split.hpp"

namespace {

// A picture whose grey at (x, y) is (x * 7 + y * 13) % 256.
mseq::BackgroundImage picture(size_t width, size_t rows) {
    mseq::BackgroundImage p;
    p.path = "p.png";
    p.width = width;
    p.rows = rows;
    p.grey.resize(width * rows);
    for (size_t y = 0; y < rows; ++y) {
        for (size_t x = 0; x < width; ++x) {
            p.grey[y * width + x] = uint8_t((x * 7 + y * 13) % 256);
        }
    }
    return p;
}

mseq::Stream stream_of(uint64_t index) {
    return mseq::Stream(9, index, mseq::augment_purpose(24, 1));
}

TEST(PictureBackground, PatternIsTheWindowOfTheDrawnPicture) {
    // A large picture is cropped, a small one tiled; both every time.
    const mseq::BackgroundImages pictures = {picture(300, 50), picture(17, 9)};
    const size_t rows = 28, width = 160;
    std::set<size_t> chosen;
    for (uint64_t index = 0; index < 200; ++index) {
        const mseq::PictureWindow w =
            mseq::draw_picture_window(pictures, stream_of(index), rows, width);
        const mseq::BackgroundImage &p = pictures[w.picture];
        chosen.insert(w.picture);
        if (w.picture == 0) {
            ASSERT_LE(w.x0, 300 - width);
            ASSERT_LE(w.y0, 50 - rows);
        } else {
            ASSERT_LT(w.x0, 17u);
            ASSERT_LT(w.y0, 9u);
        }
        std::vector<float> t;
        mseq::picture_pattern(pictures, stream_of(index), rows, width, t);
        ASSERT_EQ(t.size(), rows * width);
        for (size_t y = 0; y < rows; ++y) {
            for (size_t x = 0; x < width; ++x) {
                const uint8_t g = p.grey[(w.y0 + y) % p.rows * p.width +
                                         (w.x0 + x) % p.width];
                ASSERT_EQ(t[y * width + x], float(255 - g) / 255.0f)
                    << index << " " << x << " " << y;
            }
        }
    }
    EXPECT_EQ(chosen.size(), 2u);
}

TEST(PictureBackground, WindowsAreUniform) {
    // A picture 4 columns and 3 rows larger than the image: x0 over 0..4
    // and y0 over 0..3, each about equally often.
    const mseq::BackgroundImages pictures = {picture(24, 13)};
    std::vector<int> xs(5), ys(4);
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
        const mseq::PictureWindow w =
            mseq::draw_picture_window(pictures, stream_of(uint64_t(i)), 10, 20);
        ASSERT_EQ(w.picture, 0u);
        ASSERT_LE(w.x0, 4u);
        ASSERT_LE(w.y0, 3u);
        ++xs[w.x0];
        ++ys[w.y0];
    }
    // Chi-square, 4 and 3 degrees of freedom, under their 0.999 quantiles.
    double cx = 0, cy = 0;
    for (int c : xs) cx += (c - n / 5.0) * (c - n / 5.0) / (n / 5.0);
    for (int c : ys) cy += (c - n / 4.0) * (c - n / 4.0) / (n / 4.0);
    EXPECT_LT(cx, 18.47);
    EXPECT_LT(cy, 16.27);
}

// Generation with the pictures: the paper is 1 - d t where no ink is.
TEST(PictureBackground, ImagesShowThePictureAtTheDrawnDepth) {
    mseq::Params p;
    p.width = 160;
    p.seed = 5;
    p.background = MSEQ_BACKGROUND_IMAGE;
    p.background_strength = 1.0;
    const int digits[] = {1, 2, 3};
    std::vector<float> out(28 * 160);
    EXPECT_THROW(
        mseq::generate_one(mseq_test::mnist_test(), p, digits, 3, 0, out.data(),
                           out.size() * 4, nullptr, nullptr),
        mseq::Error);
    p.background_images = std::make_shared<const mseq::BackgroundImages>(
        mseq::BackgroundImages{picture(200, 40)});
    mseq::Params flat = p;
    flat.background = MSEQ_BACKGROUND_FLAT;
    std::vector<float> clean(out.size());
    for (uint64_t index : {0u, 1u, 2u}) {
        mseq::generate_one(mseq_test::mnist_test(), p, digits, 3, index,
                           out.data(), out.size() * 4, nullptr, nullptr);
        mseq::generate_one(mseq_test::mnist_test(), flat, digits, 3, index,
                           clean.data(), clean.size() * 4, nullptr, nullptr);
        const double d = mseq::draw_photometric(p, index).depth;
        ASSERT_GT(d, 0.0);
        std::vector<float> t;
        mseq::picture_pattern(
            *p.background_images,
            mseq::Stream(p.seed, index, mseq::augment_purpose(24, 1)), 28, 160,
            t);
        size_t paper = 0;
        for (size_t i = 0; i < out.size(); ++i) {
            if (clean[i] != 1.0f) continue;
            ++paper;
            ASSERT_EQ(out[i], float(std::max(0.0, 1.0 - d * double(t[i]))))
                << index << " " << i;
        }
        EXPECT_GT(paper, out.size() / 2);
    }
}

// A white picture darkens nothing: the images of a flat paper, bit for bit.
TEST(PictureBackground, WhitePictureIsTheFlatPaper) {
    mseq::Params p;
    p.width = 120;
    p.min_spacing = 0;
    p.max_spacing = 10;
    p.background = MSEQ_BACKGROUND_IMAGE;
    p.background_strength = 1.0;
    mseq::BackgroundImage white = picture(50, 50);
    std::memset(white.grey.data(), 255, white.grey.size());
    p.background_images = std::make_shared<const mseq::BackgroundImages>(
        mseq::BackgroundImages{white});
    mseq::Params flat = p;
    flat.background = MSEQ_BACKGROUND_FLAT;
    flat.background_images = nullptr;
    const int digits[] = {9, 8, 7, 6, 5};
    for (mseq_format f : {MSEQ_FORMAT_F32, MSEQ_FORMAT_U8}) {
        p.format = flat.format = f;
        std::vector<uint8_t> a(mseq::image_bytes(mseq_test::mnist_test(), p));
        std::vector<uint8_t> b(a.size());
        mseq::generate_one(mseq_test::mnist_test(), p, digits, 5, 3, a.data(),
                           a.size(), nullptr, nullptr);
        mseq::generate_one(mseq_test::mnist_test(), flat, digits, 5, 3,
                           b.data(), b.size(), nullptr, nullptr);
        EXPECT_EQ(a, b);
    }
}

}  // namespace
