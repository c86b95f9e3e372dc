// mseq_generate_batch: equal to single calls for any thread count, the
// lowest failing sample wins, validation before writing, and one data set
// handle shared by threads.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "capi_test.hpp"
#include "mnistseq/mnistseq.h"

namespace {

using capi_test::expect_error;

constexpr unsigned char kSentinel = 0x5A;

bool same(const mseq_placement &a, const mseq_placement &b) {
    return a.x_begin == b.x_begin && a.x_end == b.x_end &&
           a.y_begin == b.y_begin && a.y_end == b.y_end &&
           a.source_index == b.source_index && a.label == b.label;
}

// What a batch returns.
struct Batch {
    std::vector<unsigned char> images;
    std::vector<mseq_placement> placements;
    std::vector<uint32_t> lengths;
    std::vector<float> scales;
};

size_t image_size(const mseq_params *p) {
    size_t bytes = 0;
    EXPECT_EQ(mseq_image_size(&bytes, capi_test::train(), p), MSEQ_OK)
        << mseq_last_error();
    return bytes;
}

// A float-aligned byte buffer.
struct Buffer {
    explicit Buffer(size_t bytes, unsigned char fill = 0)
        : words(bytes / 4 + 1) {
        std::memset(words.data(), fill, words.size() * 4);
    }
    unsigned char *data() {
        return reinterpret_cast<unsigned char *>(words.data());
    }
    std::vector<float> words;
};

Batch run_batch(const mseq_params *p, const std::vector<int> &digits,
                uint64_t first, size_t count, size_t stride) {
    const size_t image = image_size(p);
    Buffer buf(count * image);
    Batch b;
    b.placements.assign(count * stride, mseq_placement{9, 9, 9, 9, 9, 9});
    b.lengths.assign(count, 999);
    b.scales.assign(count, -1.0f);
    EXPECT_EQ(
        mseq_generate_batch(buf.data(), count * image, b.placements.data(),
                            b.placements.size(), b.lengths.data(),
                            b.scales.data(), capi_test::train(), p,
                            digits.empty() ? nullptr : digits.data(),
                            digits.size(), first, count),
        MSEQ_OK)
        << mseq_last_error();
    b.images.assign(buf.data(), buf.data() + count * image);
    return b;
}

// The same samples, one mseq_generate() call each.
Batch run_singles(const mseq_params *p, const std::vector<int> &given,
                  uint64_t first, size_t count, size_t stride) {
    const size_t image = image_size(p);
    Batch b;
    b.placements.assign(count * stride, mseq_placement{});
    for (size_t i = 0; i < count; ++i) {
        std::vector<int> digits = given;
        if (digits.empty()) {
            digits.assign(stride, -1);
            size_t length = 0;
            EXPECT_EQ(mseq_random_sequence(digits.data(), stride, &length, p,
                                           first + i),
                      MSEQ_OK);
            digits.resize(length);
        }
        Buffer buf(image);
        float scale = -2;
        EXPECT_EQ(
            mseq_generate(buf.data(), image, b.placements.data() + i * stride,
                          &scale, capi_test::train(), p, digits.data(),
                          digits.size(), first + i),
            MSEQ_OK)
            << mseq_last_error();
        b.images.insert(b.images.end(), buf.data(), buf.data() + image);
        b.lengths.push_back(static_cast<uint32_t>(digits.size()));
        b.scales.push_back(scale);
    }
    return b;
}

void expect_equal(const Batch &batch, const Batch &single, size_t count) {
    ASSERT_EQ(batch.images.size(), single.images.size());
    const size_t image = batch.images.size() / count;
    for (size_t i = 0; i < count; ++i) {
        EXPECT_EQ(std::memcmp(batch.images.data() + i * image,
                              single.images.data() + i * image, image),
                  0)
            << "image " << i << " differs";
        EXPECT_EQ(batch.lengths[i], single.lengths[i]) << "sample " << i;
        EXPECT_EQ(batch.scales[i], single.scales[i]) << "sample " << i;
    }
    for (size_t k = 0; k < batch.placements.size(); ++k) {
        EXPECT_TRUE(same(batch.placements[k], single.placements[k]))
            << "placement " << k;
    }
}

struct Case {
    const char *what;
    int format;
    bool random;
};

TEST(Batch, EqualsSingleCallsForAnyThreadCount) {
    const Case cases[] = {{"f32 given", MSEQ_FORMAT_F32, false},
                          {"u8 given", MSEQ_FORMAT_U8, false},
                          {"f32 random", MSEQ_FORMAT_F32, true},
                          {"u8 random", MSEQ_FORMAT_U8, true}};
    const std::vector<int> given = {0, 4, 2, 9, 1, 3};
    const uint64_t first = 1000;
    const size_t count = 23;
    for (const Case &c : cases) {
        capi_test::Params p;
        // Random lengths 1..8 in 150 columns: the long ones are scaled down,
        // so scales and placements vary too.
        p.set(MSEQ_PARAM_WIDTH, 150)
            .set(MSEQ_PARAM_MIN_SPACING, 0)
            .set(MSEQ_PARAM_MAX_SPACING, 6)
            .set(MSEQ_PARAM_ALIGN, MSEQ_ALIGN_RANDOM)
            .set(MSEQ_PARAM_FORMAT, c.format)
            .set(MSEQ_PARAM_SEED, 77)
            .set(MSEQ_PARAM_MIN_LENGTH, 1)
            .set(MSEQ_PARAM_MAX_LENGTH, 8);
        const std::vector<int> digits = c.random ? std::vector<int>{} : given;
        const size_t stride = c.random ? 8 : given.size();
        const Batch single = run_singles(p, digits, first, count, stride);
        for (int threads : {1, 2, 7}) {
            SCOPED_TRACE(std::string(c.what) + ", " + std::to_string(threads) +
                         " threads");
            p.set(MSEQ_PARAM_THREADS, threads);
            const Batch batch = run_batch(p, digits, first, count, stride);
            expect_equal(batch, single, count);
            if (c.random) {
                bool some_scaled = false, some_short = false;
                for (size_t i = 0; i < count; ++i) {
                    some_scaled |= batch.scales[i] < 1.0f;
                    some_short |= batch.lengths[i] < 8;
                    // Entries past a sample's length are zeroed.
                    for (size_t k = batch.lengths[i]; k < stride; ++k) {
                        EXPECT_TRUE(same(batch.placements[i * stride + k],
                                         mseq_placement{}));
                    }
                }
                EXPECT_TRUE(some_scaled);
                EXPECT_TRUE(some_short);
            }
        }
    }
}

// The output geometry (height, margins) changes nothing of the batch's
// contract: image i is the single call's, on 1, 2 or 7 threads, in the
// shape mseq_image_shape() gives.
TEST(Batch, GeometryEqualsSingleCallsForAnyThreadCount) {
    const struct {
        int64_t height, margin_x, margin_y;
    } shapes[] = {{40, 0, 0}, {64, 5, 3}, {16, 0, 0}, {0, 7, 2}, {20, 2, 1}};
    const uint64_t first = 500;
    const size_t count = 17;
    for (const auto &g : shapes) {
        for (int format : {MSEQ_FORMAT_F32, MSEQ_FORMAT_U8}) {
            capi_test::Params p;
            p.set(MSEQ_PARAM_WIDTH, 120)
                .set(MSEQ_PARAM_MIN_SPACING, -2)
                .set(MSEQ_PARAM_MAX_SPACING, 6)
                .set(MSEQ_PARAM_ALIGN, MSEQ_ALIGN_RANDOM)
                .set(MSEQ_PARAM_FORMAT, format)
                .set(MSEQ_PARAM_SEED, 78)
                .set(MSEQ_PARAM_MIN_LENGTH, 1)
                .set(MSEQ_PARAM_MAX_LENGTH, 6)
                .set(MSEQ_PARAM_HEIGHT, g.height)
                .set(MSEQ_PARAM_MARGIN_X, g.margin_x)
                .set(MSEQ_PARAM_MARGIN_Y, g.margin_y);
            uint32_t rows = 0, cols = 0;
            ASSERT_EQ(mseq_image_shape(&rows, &cols, capi_test::train(), p),
                      MSEQ_OK)
                << mseq_last_error();
            EXPECT_EQ(rows, g.height != 0 ? uint32_t(g.height) : 28u);
            EXPECT_EQ(cols, 120u);
            EXPECT_EQ(image_size(p),
                      size_t(rows) * cols *
                          (format == MSEQ_FORMAT_U8 ? 1 : sizeof(float)));
            const Batch single = run_singles(p, {}, first, count, 6);
            for (int threads : {1, 2, 7}) {
                SCOPED_TRACE(std::to_string(g.height) + " rows, " +
                             std::to_string(threads) + " threads");
                p.set(MSEQ_PARAM_THREADS, threads);
                expect_equal(run_batch(p, {}, first, count, 6), single, count);
            }
            // Every cell lies inside the margins.
            for (size_t i = 0; i < count; ++i) {
                for (size_t k = 0; k < single.lengths[i]; ++k) {
                    const mseq_placement &c = single.placements[i * 6 + k];
                    EXPECT_GE(c.x_begin, g.margin_x);
                    EXPECT_LE(c.x_end, 120 - g.margin_x);
                    EXPECT_GE(c.y_begin, g.margin_y);
                    EXPECT_LE(c.y_end, int32_t(rows) - g.margin_y);
                }
            }
        }
    }
}

TEST(Batch, MoreThreadsThanImagesAndAllCores) {
    capi_test::Params p;
    p.set(MSEQ_PARAM_WIDTH, 80).set(MSEQ_PARAM_SEED, 3);
    const std::vector<int> digits = {5, 5};
    const Batch single = run_singles(p, digits, 0, 3, 2);
    p.set(MSEQ_PARAM_THREADS, 64);
    expect_equal(run_batch(p, digits, 0, 3, 2), single, 3);
    p.set(MSEQ_PARAM_THREADS, 0);
    expect_equal(run_batch(p, digits, 0, 3, 2), single, 3);
}

TEST(Batch, OptionalOutputsMayBeNull) {
    capi_test::Params p;
    p.set(MSEQ_PARAM_WIDTH, 120).set(MSEQ_PARAM_THREADS, 2);
    const size_t image = image_size(p);
    const Batch single = run_singles(p, {}, 50, 9, 5);
    Buffer buf(9 * image);
    ASSERT_EQ(
        mseq_generate_batch(buf.data(), 9 * image, nullptr, 0, nullptr, nullptr,
                            capi_test::train(), p, nullptr, 0, 50, 9),
        MSEQ_OK)
        << mseq_last_error();
    EXPECT_EQ(std::memcmp(buf.data(), single.images.data(), 9 * image), 0);
}

// The lowest failing sample's error, named in the message, for every thread
// count.
void expect_lowest_failure(capi_test::Params &p, uint64_t first, size_t count,
                           int code, uint64_t lowest,
                           const std::string &needle) {
    const size_t image = image_size(p);
    Buffer buf(count * image);
    for (int threads : {1, 2, 7}) {
        SCOPED_TRACE(std::to_string(threads) + " threads");
        p.set(MSEQ_PARAM_THREADS, threads);
        expect_error(
            [&] {
                return mseq_generate_batch(
                    buf.data(), count * image, nullptr, 0, nullptr, nullptr,
                    capi_test::train(), p, nullptr, 0, first, count);
            },
            code,
            {"mseq_generate_batch",
             "sample " + std::to_string(lowest - first) + " (index " +
                 std::to_string(lowest) + ")",
             needle});
    }
}

TEST(Batch, LowestFailingSampleWins) {
    // Unique sequences of lengths 1..2: 110 exist, so from index 110 on
    // every sample fails.
    capi_test::Params p;
    p.set(MSEQ_PARAM_WIDTH, 100)
        .set(MSEQ_PARAM_MAX_LENGTH, 2)
        .set(MSEQ_PARAM_UNIQUE, 1);
    expect_lowest_failure(p, 95, 40, MSEQ_ERANGE, 110, "110 distinct");

    // Strict fit, random lengths 1..6 in 60 columns: the first sample with
    // 3 or more digits fails.
    capi_test::Params q;
    q.set(MSEQ_PARAM_WIDTH, 60)
        .set(MSEQ_PARAM_MAX_LENGTH, 6)
        .set(MSEQ_PARAM_FIT, MSEQ_FIT_STRICT)
        .set(MSEQ_PARAM_SEED, 1234);
    uint64_t lowest = 0;
    int digits[6];
    size_t length = 0;
    for (;; ++lowest) {
        ASSERT_EQ(mseq_random_sequence(digits, 6, &length, q, lowest), MSEQ_OK);
        if (length >= 3) break;
    }
    expect_lowest_failure(q, 0, 64, MSEQ_ENOFIT, lowest, "strict");
}

class BatchErrors : public ::testing::Test {
protected:
    void SetUp() override {
        p_.set(MSEQ_PARAM_WIDTH, 100);
        image_ = image_size(p_);
        buf_ = std::vector<unsigned char>(4 * image_ + 64, kSentinel);
        pl_.assign(4 * 3 + 8, mseq_placement{7, 7, 7, 7, 7, 7});
    }
    int call(size_t out_size, size_t placements_len, const int *digits,
             size_t ndigits, size_t count, uint64_t first = 0) {
        return mseq_generate_batch(
            buf_.data(), out_size, pl_.data(), placements_len, nullptr, nullptr,
            capi_test::train(), p_, digits, ndigits, first, count);
    }
    void expect_nothing_written() {
        for (size_t i = 0; i < buf_.size(); ++i) {
            ASSERT_EQ(buf_[i], kSentinel) << "byte " << i << " written";
        }
        for (const mseq_placement &c : pl_) {
            ASSERT_TRUE(same(c, mseq_placement{7, 7, 7, 7, 7, 7}));
        }
    }

    capi_test::Params p_;
    size_t image_ = 0;
    std::vector<unsigned char> buf_;
    std::vector<mseq_placement> pl_;
    const int digits_[3] = {1, 2, 3};
};

TEST_F(BatchErrors, Count) {
    expect_error([&] { return call(buf_.size(), pl_.size(), digits_, 3, 0); },
                 MSEQ_EINVAL, {"count is 0"});
    expect_error(
        [&] {
            return call(buf_.size(), pl_.size(), digits_, 3,
                        size_t{MSEQ_MAX_BATCH} + 1);
        },
        MSEQ_ERANGE, {std::to_string(MSEQ_MAX_BATCH + 1), "MSEQ_MAX_BATCH"});
    expect_nothing_written();
}

TEST_F(BatchErrors, OutputTooSmall) {
    // One byte short of 4 images: nothing at all is written.
    expect_error(
        [&] { return call(4 * image_ - 1, pl_.size(), digits_, 3, 4); },
        MSEQ_EBUFSIZE,
        {"out_size " + std::to_string(4 * image_ - 1),
         std::to_string(4 * image_)});
    expect_nothing_written();
}

TEST_F(BatchErrors, PlacementsTooSmall) {
    expect_error([&] { return call(buf_.size(), 4 * 3 - 1, digits_, 3, 4); },
                 MSEQ_EBUFSIZE, {"placements_len 11", "12"});
    expect_nothing_written();
    // Random sequences: S is MSEQ_PARAM_MAX_LENGTH (5 by default).
    expect_error([&] { return call(buf_.size(), 4 * 5 - 1, nullptr, 0, 4); },
                 MSEQ_EBUFSIZE, {"placements_len 19", "20"});
    expect_nothing_written();
}

TEST_F(BatchErrors, DigitsAndNdigitsDisagree) {
    expect_error([&] { return call(buf_.size(), pl_.size(), nullptr, 3, 2); },
                 MSEQ_EINVAL, {"digits is NULL", "ndigits is 3"});
    expect_error([&] { return call(buf_.size(), pl_.size(), digits_, 0, 2); },
                 MSEQ_EINVAL, {"ndigits is 0", "digits is not NULL"});
    expect_nothing_written();
}

TEST_F(BatchErrors, SequenceErrors) {
    std::vector<int> many(MSEQ_MAX_DIGITS + 1, 4);
    expect_error(
        [&] {
            return mseq_generate_batch(buf_.data(), buf_.size(), nullptr, 0,
                                       nullptr, nullptr, capi_test::train(), p_,
                                       many.data(), many.size(), 0, 2);
        },
        MSEQ_ERANGE, {"MSEQ_MAX_DIGITS"});
    const int bad[] = {1, 11};
    expect_error([&] { return call(buf_.size(), pl_.size(), bad, 2, 2); },
                 MSEQ_EINVAL, {"sample 0", "position 1", "11"});
    p_.set(MSEQ_PARAM_MIN_LENGTH, 5).set(MSEQ_PARAM_MAX_LENGTH, 2);
    expect_error([&] { return call(buf_.size(), pl_.size(), nullptr, 0, 2); },
                 MSEQ_EINVAL, {"MSEQ_PARAM_MIN_LENGTH (5)"});
}

TEST_F(BatchErrors, IndexOverflow) {
    expect_error(
        [&] {
            return call(buf_.size(), pl_.size(), digits_, 3, 2, UINT64_MAX);
        },
        MSEQ_ERANGE, {"first_index", "2^64"});
    // The very last index alone is fine.
    EXPECT_EQ(call(buf_.size(), pl_.size(), digits_, 3, 1, UINT64_MAX), MSEQ_OK)
        << mseq_last_error();
}

TEST_F(BatchErrors, WidthNotSetAndNullPointers) {
    capi_test::Params fresh;
    const mseq_dataset *ds = capi_test::train();
    expect_error(
        [&] {
            return mseq_generate_batch(buf_.data(), buf_.size(), nullptr, 0,
                                       nullptr, nullptr, ds, fresh, digits_, 3,
                                       0, 1);
        },
        MSEQ_EINVAL, {"width not set"});
    expect_error(
        [&] {
            return mseq_generate_batch(nullptr, 100, nullptr, 0, nullptr,
                                       nullptr, ds, p_, digits_, 3, 0, 1);
        },
        MSEQ_EINVAL, {"mseq_generate_batch", "out is NULL"});
    expect_error(
        [&] {
            return mseq_generate_batch(buf_.data(), buf_.size(), nullptr, 0,
                                       nullptr, nullptr, nullptr, p_, digits_,
                                       3, 0, 1);
        },
        MSEQ_EINVAL, {"mseq_generate_batch", "ds is NULL"});
    expect_error(
        [&] {
            return mseq_generate_batch(buf_.data(), buf_.size(), nullptr, 0,
                                       nullptr, nullptr, ds, nullptr, digits_,
                                       3, 0, 1);
        },
        MSEQ_EINVAL, {"mseq_generate_batch", "params is NULL"});
    expect_nothing_written();
}

TEST(SharedHandle, FourThreadsMatchSerial) {
    // One data set handle and one params object, read by 4 threads at once.
    capi_test::Params p;
    p.set(MSEQ_PARAM_WIDTH, 140)
        .set(MSEQ_PARAM_MAX_SPACING, 9)
        .set(MSEQ_PARAM_SEED, 31337)
        .set(MSEQ_PARAM_THREADS, 1);
    const size_t image = image_size(p);
    const size_t per_thread = 50;
    const std::vector<int> digits = {7, 3, 1, 8};
    const Batch serial = run_singles(p, digits, 0, 4 * per_thread, 4);

    std::vector<std::vector<unsigned char>> results(4);
    std::vector<std::thread> pool;
    for (size_t t = 0; t < 4; ++t) {
        pool.emplace_back([&, t] {
            Buffer buf(image);
            for (size_t k = 0; k < per_thread; ++k) {
                // Interleaved indexes: t, t + 4, t + 8, ...
                const uint64_t index = t + 4 * k;
                if (mseq_generate(buf.data(), image, nullptr, nullptr,
                                  capi_test::train(), p, digits.data(), 4,
                                  index) != MSEQ_OK) {
                    return;
                }
                results[t].insert(results[t].end(), buf.data(),
                                  buf.data() + image);
            }
        });
    }
    for (std::thread &t : pool) t.join();
    for (size_t t = 0; t < 4; ++t) {
        ASSERT_EQ(results[t].size(), per_thread * image) << "thread " << t;
        for (size_t k = 0; k < per_thread; ++k) {
            const size_t index = t + 4 * k;
            EXPECT_EQ(std::memcmp(results[t].data() + k * image,
                                  serial.images.data() + index * image, image),
                      0)
                << "thread " << t << " index " << index;
        }
    }
}

}  // namespace
