// Batches large enough (4 MiB of output and more, the streaming threshold
// these tests pass) to be written with
// streaming stores from a per-worker copy (batch.cpp): every image must be
// the bytes generate_one() gives for its index, whatever the thread count,
// format, sequence (given or random) and output alignment; a float32
// output not aligned for float is still refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "common/cache_size.hpp"
#include "common/error.hpp"
#include "generate/batch.hpp"
#include "generate/generator.hpp"
#include "generate/params.hpp"
#include "input/glyph_store.hpp"
#include "input/source_data.hpp"

namespace {

constexpr size_t kStreamFrom = size_t(4) << 20;

// 3 glyphs of 28 x 28 per digit, varied ink with blank margins (so that the
// store's boxes are smaller than the glyphs).
mseq::SourceData dataset() {
    mseq::SourceData ds;
    ds.rows = 28;
    ds.cols = 28;
    for (uint32_t i = 0; i < 30; ++i) {
        ds.labels.push_back(uint8_t(i % 10));
        ds.by_class[i % 10].push_back(i);
        for (uint32_t y = 0; y < 28; ++y) {
            for (uint32_t x = 0; x < 28; ++x) {
                const bool ink = y >= 3 + i % 4 && y < 24 && x >= 5 && x < 22;
                ds.pixels.push_back(
                    ink ? uint8_t((i * 31 + y * 7 + x * 13) % 256) : 0);
            }
        }
    }
    ds.store = mseq::build_glyph_store(ds.pixels.data(), ds.size(), 28, 28);
    return ds;
}

// 30 digits with gaps 0-10 at width 1000: strips of 840 to 1130 columns,
// some scaled.
mseq::Params params(mseq_format format, int64_t threads) {
    mseq::Params p;
    p.width = 1000;
    p.min_spacing = 0;
    p.max_spacing = 10;
    p.format = format;
    p.threads = threads;
    p.seed = 77;
    p.min_length = 20;
    p.max_length = 30;
    return p;
}

// The batch at byte offset `shift` of a buffer against single images.
void expect_batch_equals_singles(const mseq::SourceData &ds,
                                 const mseq::Params &p, bool random,
                                 size_t shift) {
    std::vector<int> digits(30);
    for (size_t i = 0; i < digits.size(); ++i) digits[i] = int(i * 7 % 10);
    const size_t image = mseq::image_bytes(ds, p);
    const size_t count = (size_t(4) << 20) / image + 3;  // above 4 MiB
    std::vector<float> buf((count * image + shift) / sizeof(float) + 2);
    unsigned char *out = reinterpret_cast<unsigned char *>(buf.data()) + shift;
    std::vector<uint32_t> lengths(count);
    mseq::BatchOutput o;
    o.out = out;
    o.out_size = count * image;
    o.lengths = lengths.data();
    const uint64_t first = 500;
    if (random) {
        mseq::generate_batch(ds, p, nullptr, 0, first, count, o, kStreamFrom);
    } else {
        mseq::generate_batch(ds, p, digits.data(), digits.size(), first, count,
                             o, kStreamFrom);
    }
    std::vector<float> one(image / sizeof(float) + 1);
    for (size_t i = 0; i < count; ++i) {
        if (random) {
            // A batch of one image (below 4 MiB: drawn directly) draws the
            // same sequence for the index.
            mseq::BatchOutput single;
            single.out = one.data();
            single.out_size = image;
            mseq::generate_batch(ds, p, nullptr, 0, first + i, 1, single);
        } else {
            mseq::generate_one(ds, p, digits.data(), digits.size(), first + i,
                               one.data(), image, nullptr, nullptr);
        }
        ASSERT_EQ(std::memcmp(out + i * image, one.data(), image), 0)
            << "image " << i << " of " << count << ", threads " << p.threads
            << ", format " << p.format << ", shift " << shift;
    }
}

TEST(BatchStream, LargeBatchesEqualSingleImages) {
    const mseq::SourceData ds = dataset();
    for (mseq_format f : {MSEQ_FORMAT_F32, MSEQ_FORMAT_U8}) {
        for (int64_t threads : {1, 2, 3}) {
            expect_batch_equals_singles(ds, params(f, threads), false, 0);
            if (HasFatalFailure()) return;
        }
    }
    // Outputs starting off a 16-byte boundary (float-aligned for float32).
    expect_batch_equals_singles(ds, params(MSEQ_FORMAT_F32, 2), false, 4);
    expect_batch_equals_singles(ds, params(MSEQ_FORMAT_U8, 2), false, 7);
}

TEST(BatchStream, OverlappingDigitsEqualSingleImagesOnEveryThreadCount) {
    // Negative gaps: each worker composites its strips in its own buffer.
    const mseq::SourceData ds = dataset();
    for (int64_t threads : {1, 2, 3}) {
        mseq::Params p = params(MSEQ_FORMAT_F32, threads);
        p.min_spacing = -20;
        p.max_spacing = 4;
        expect_batch_equals_singles(ds, p, false, 0);
        if (HasFatalFailure()) return;
    }
}

TEST(BatchStream, LargeBatchesOfRandomSequencesEqualOneImageBatches) {
    const mseq::SourceData ds = dataset();
    expect_batch_equals_singles(ds, params(MSEQ_FORMAT_U8, 3), true, 1);
}

TEST(BatchStream, StreamedBatchesCarryEachImagesMaskAndBoxes) {
    // The images streamed from a worker's copy; the labels are made from
    // that copy and written in place: each equals generate_one()'s.
    const mseq::SourceData ds = dataset();
    mseq::Params p = params(MSEQ_FORMAT_U8, 3);
    p.min_spacing = -12;
    p.rotate = 20.0;
    p.strength = 1.0;
    std::vector<int> digits(30);
    for (size_t i = 0; i < digits.size(); ++i) digits[i] = int(i * 3 % 10);
    const size_t image = mseq::image_bytes(ds, p);
    const size_t count = (size_t(4) << 20) / image + 2;
    std::vector<uint8_t> out(count * image);
    std::vector<uint16_t> masks(count * image, 7);
    std::vector<mseq_ink_box> boxes(count * digits.size());
    mseq::BatchOutput o;
    o.out = out.data();
    o.out_size = out.size();
    o.masks = masks.data();
    o.masks_len = masks.size();
    o.boxes = boxes.data();
    o.boxes_len = boxes.size();
    mseq::generate_batch(ds, p, digits.data(), digits.size(), 40, count, o,
                         kStreamFrom);
    std::vector<uint8_t> one(image);
    std::vector<uint16_t> mask(image);
    std::vector<mseq_ink_box> box(digits.size());
    size_t ink = 0;
    for (size_t i = 0; i < count; i += 7) {
        mseq::Annotation a;
        a.mask = mask.data();
        a.boxes = box.data();
        mseq::generate_one(ds, p, digits.data(), digits.size(), 40 + i,
                           one.data(), image, nullptr, nullptr, &a);
        ASSERT_EQ(std::memcmp(&out[i * image], one.data(), image), 0) << i;
        ASSERT_EQ(std::memcmp(&masks[i * image], mask.data(), image * 2), 0)
            << i;
        ASSERT_EQ(std::memcmp(&boxes[i * digits.size()], box.data(),
                              box.size() * sizeof(mseq_ink_box)),
                  0)
            << i;
        for (uint16_t v : mask) ink += v != 0;
    }
    EXPECT_GT(ink, count / 7 * 1000);
}

TEST(BatchStream, MisalignedFloatOutputIsStillRefused) {
    const mseq::SourceData ds = dataset();
    const mseq::Params p = params(MSEQ_FORMAT_F32, 2);
    const std::vector<int> digits(30, 1);
    const size_t image = mseq::image_bytes(ds, p);
    const size_t count = (size_t(4) << 20) / image + 1;
    std::vector<float> buf(count * image / sizeof(float) + 2);
    mseq::BatchOutput o;
    o.out = reinterpret_cast<unsigned char *>(buf.data()) + 2;
    o.out_size = count * image;
    try {
        mseq::generate_batch(ds, p, digits.data(), digits.size(), 0, count, o,
                             kStreamFrom);
        FAIL() << "a misaligned float32 output was accepted";
    } catch (const mseq::Error &e) {
        EXPECT_EQ(e.code(), MSEQ_EINVAL) << e.what();
        EXPECT_NE(std::string(e.what()).find("aligned"), std::string::npos)
            << e.what();
    }
}

TEST(BatchStream, ThresholdIsHalfTheLastLevelCacheAtLeast4MiB) {
    EXPECT_EQ(mseq::stream_threshold_for(0), kStreamFrom);
    EXPECT_EQ(mseq::stream_threshold_for(size_t(6) << 20), kStreamFrom);
    EXPECT_EQ(mseq::stream_threshold_for(size_t(8) << 20), kStreamFrom);
    EXPECT_EQ(mseq::stream_threshold_for(size_t(32) << 20), size_t(16) << 20);
    EXPECT_EQ(mseq::stream_threshold_for(size_t(96) << 20), size_t(48) << 20);
    EXPECT_EQ(mseq::stream_threshold(),
              mseq::stream_threshold_for(mseq::last_level_cache_bytes()));
}

}  // namespace
