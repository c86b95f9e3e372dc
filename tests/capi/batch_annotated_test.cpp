// mseq_generate_batch_annotated: the images of mseq_generate_batch, and the
// masks and ink boxes of mseq_generate_annotated for each image, on any
// thread count, with augmentation on; small buffers refused before writing.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "capi_test.hpp"
#include "mnistseq/mnistseq.h"

namespace {

using capi_test::expect_error;

constexpr size_t kWidth = 150;
constexpr size_t kPixels = 28 * kWidth;
constexpr size_t kMaxLength = 5;

void augmented(capi_test::Params &p, int64_t threads) {
    p.set(MSEQ_PARAM_WIDTH, int64_t(kWidth))
        .set(MSEQ_PARAM_MIN_SPACING, -6)
        .set(MSEQ_PARAM_MAX_SPACING, 4)
        .set(MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8)
        .set(MSEQ_PARAM_MIN_LENGTH, 1)
        .set(MSEQ_PARAM_MAX_LENGTH, int64_t(kMaxLength))
        .set(MSEQ_PARAM_PRESET, MSEQ_PRESET_HEAVY)
        .set(MSEQ_PARAM_SEED, 17)
        .set(MSEQ_PARAM_THREADS, threads);
    EXPECT_EQ(mseq_params_set_f64(p, MSEQ_PARAM_ELASTIC_ALPHA, 20.0), MSEQ_OK);
}

bool same_box(const mseq_ink_box &a, const mseq_ink_box &b) {
    return a.x_begin == b.x_begin && a.x_end == b.x_end &&
           a.y_begin == b.y_begin && a.y_end == b.y_end;
}

TEST(BatchAnnotated, EqualsSingleAnnotatedCallsOnAnyThreadCount) {
    constexpr size_t kCount = 23;
    constexpr uint64_t kFirst = 40;
    // The plain batch: the images must not change.
    capi_test::Params plain_params;
    augmented(plain_params, 1);
    std::vector<uint8_t> plain(kCount * kPixels);
    ASSERT_EQ(mseq_generate_batch(plain.data(), plain.size(), nullptr, 0,
                                  nullptr, nullptr, capi_test::train(),
                                  plain_params, nullptr, 0, kFirst, kCount),
              MSEQ_OK)
        << mseq_last_error();
    for (int64_t threads : {1, 2, 7}) {
        capi_test::Params p;
        augmented(p, threads);
        std::vector<uint8_t> images(kCount * kPixels, 1);
        std::vector<uint16_t> masks(kCount * kPixels, 777);
        std::vector<mseq_ink_box> boxes(kCount * kMaxLength,
                                        mseq_ink_box{9, 9, 9, 9});
        std::vector<mseq_placement> placements(kCount * kMaxLength);
        std::vector<uint32_t> lengths(kCount, 99);
        ASSERT_EQ(mseq_generate_batch_annotated(
                      images.data(), images.size(), masks.data(), masks.size(),
                      boxes.data(), boxes.size(), placements.data(),
                      placements.size(), lengths.data(), nullptr,
                      capi_test::train(), p, nullptr, 0, kFirst, kCount),
                  MSEQ_OK)
            << mseq_last_error();
        EXPECT_EQ(images, plain) << threads << " threads";
        size_t marked = 0;
        for (size_t i = 0; i < kCount; ++i) {
            const size_t length = lengths[i];
            ASSERT_GE(length, 1u);
            ASSERT_LE(length, kMaxLength);
            std::vector<int> digits(length);
            for (size_t j = 0; j < length; ++j) {
                digits[j] = placements[i * kMaxLength + j].label;
            }
            std::vector<uint8_t> image(kPixels);
            std::vector<uint16_t> mask(kPixels);
            std::vector<mseq_ink_box> box(length);
            ASSERT_EQ(mseq_generate_annotated(
                          image.data(), image.size(), mask.data(), mask.size(),
                          box.data(), nullptr, nullptr, capi_test::train(), p,
                          digits.data(), length, kFirst + i),
                      MSEQ_OK)
                << mseq_last_error();
            EXPECT_EQ(0,
                      std::memcmp(image.data(), &images[i * kPixels], kPixels));
            EXPECT_EQ(0, std::memcmp(mask.data(), &masks[i * kPixels],
                                     kPixels * sizeof(uint16_t)))
                << "sample " << i << ", " << threads << " threads";
            for (size_t j = 0; j < kMaxLength; ++j) {
                const mseq_ink_box want =
                    j < length ? box[j] : mseq_ink_box{0, 0, 0, 0};
                EXPECT_TRUE(same_box(boxes[i * kMaxLength + j], want))
                    << "sample " << i << " digit " << j;
            }
            for (uint16_t v : mask) marked += v != 0;
        }
        EXPECT_GT(marked, kCount * 50) << "the masks hold ink";
    }
}

TEST(BatchAnnotated, NullLabelsGiveThePlainBatch) {
    capi_test::Params p;
    augmented(p, 2);
    const int digits[] = {4, 2};
    std::vector<uint8_t> a(3 * kPixels), b(3 * kPixels);
    ASSERT_EQ(
        mseq_generate_batch(a.data(), a.size(), nullptr, 0, nullptr, nullptr,
                            capi_test::train(), p, digits, 2, 5, 3),
        MSEQ_OK);
    ASSERT_EQ(mseq_generate_batch_annotated(
                  b.data(), b.size(), nullptr, 0, nullptr, 0, nullptr, 0,
                  nullptr, nullptr, capi_test::train(), p, digits, 2, 5, 3),
              MSEQ_OK)
        << mseq_last_error();
    EXPECT_EQ(a, b);
}

TEST(BatchAnnotated, SmallBuffersAreRefusedBeforeWriting) {
    capi_test::Params p;
    augmented(p, 2);
    const int digits[] = {4, 2, 8};
    std::vector<uint8_t> out(2 * kPixels, 5);
    std::vector<uint16_t> masks(2 * kPixels, 9);
    std::vector<mseq_ink_box> boxes(6, mseq_ink_box{3, 3, 3, 3});
    expect_error(
        [&] {
            return mseq_generate_batch_annotated(
                out.data(), out.size(), masks.data(), masks.size() - 1,
                boxes.data(), boxes.size(), nullptr, 0, nullptr, nullptr,
                capi_test::train(), p, digits, 3, 0, 2);
        },
        MSEQ_EBUFSIZE,
        {"mseq_generate_batch_annotated", "masks_len 8399", "2 * 4200"});
    expect_error(
        [&] {
            return mseq_generate_batch_annotated(
                out.data(), out.size(), masks.data(), masks.size(),
                boxes.data(), 5, nullptr, 0, nullptr, nullptr,
                capi_test::train(), p, digits, 3, 0, 2);
        },
        MSEQ_EBUFSIZE, {"boxes_len 5", "2 * 3"});
    for (uint8_t v : out) ASSERT_EQ(v, 5);
    for (uint16_t v : masks) ASSERT_EQ(v, 9);
    for (const mseq_ink_box &b : boxes) ASSERT_EQ(b.x_begin, 3);
    expect_error(
        [&] {
            return mseq_generate_batch_annotated(
                out.data(), out.size(), masks.data(), masks.size(),
                boxes.data(), boxes.size(), nullptr, 0, nullptr, nullptr,
                capi_test::train(), p, digits, 3, 0, 0);
        },
        MSEQ_EINVAL, {"mseq_generate_batch_annotated", "count is 0"});
    expect_error(
        [&] {
            return mseq_generate_batch_annotated(
                nullptr, 0, masks.data(), masks.size(), nullptr, 0, nullptr, 0,
                nullptr, nullptr, capi_test::train(), p, digits, 3, 0, 2);
        },
        MSEQ_EINVAL, {"mseq_generate_batch_annotated", "out"});
}

}  // namespace
