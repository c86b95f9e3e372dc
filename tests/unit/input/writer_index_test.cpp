// Glyphs by writer and class (writer_index.hpp), against a brute-force
// reading of the same writers and labels.
#include "input/writer_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "common/error.hpp"

namespace {

// n images of random classes by `writers` writers, some of whom never
// wrote some digits.
void make(size_t n, uint32_t writers, mseq::Writers &w,
          std::vector<uint8_t> &labels) {
    std::minstd_rand rng(7);
    w.ids.clear();
    for (uint32_t k = 0; k < writers; ++k) w.ids.push_back(1000 + k);
    w.of.resize(n);
    labels.resize(n);
    for (size_t i = 0; i < n; ++i) {
        w.of[i] = static_cast<uint32_t>(rng() % writers);
        // writer k writes only digits below 3 + k (so few wrote a 9)
        labels[i] = static_cast<uint8_t>(rng() % std::min(10u, 3 + w.of[i]));
    }
}

TEST(WriterIndex, GlyphsOfEachWriterAndClassAreExactlyTheirs) {
    mseq::Writers w;
    std::vector<uint8_t> labels;
    make(5000, 12, w, labels);
    const mseq::WriterIndex index(w, labels);
    ASSERT_EQ(index.writer_count(), 12u);
    size_t total = 0;
    for (uint32_t k = 0; k < 12; ++k) {
        for (int d = 0; d < 10; ++d) {
            std::vector<uint32_t> want;
            for (size_t i = 0; i < labels.size(); ++i) {
                if (w.of[i] == k && labels[i] == d) {
                    want.push_back(static_cast<uint32_t>(i));
                }
            }
            EXPECT_EQ(std::vector<uint32_t>(index.begin(k, d), index.end(k, d)),
                      want)
                << k << " " << d;
            EXPECT_EQ(index.count(k, d), want.size());
            total += want.size();
        }
    }
    EXPECT_EQ(total, labels.size());
}

TEST(WriterIndex, EligibleWritersWroteEveryDigitOfTheSet) {
    mseq::Writers w;
    std::vector<uint8_t> labels;
    make(5000, 12, w, labels);
    const mseq::WriterIndex index(w, labels);
    for (uint32_t set = 0; set < 1024; ++set) {
        std::vector<uint32_t> want;
        for (uint32_t k = 0; k < 12; ++k) {
            bool all = true;
            for (int d = 0; d < 10; ++d) {
                if ((set >> d & 1) != 0 && index.count(k, d) == 0) all = false;
            }
            if (all) want.push_back(k);
        }
        ASSERT_EQ(index.eligible(static_cast<uint16_t>(set)), want) << set;
    }
    // nobody below writer 7 wrote a 9 (they write only digits below 3 + k)
    EXPECT_EQ(index.eligible(1u << 9).front(), 7u);
    EXPECT_EQ(index.eligible(0).size(), 12u);
}

TEST(WriterIndex, RefusesWritersOfAnotherSplit) {
    mseq::Writers w;
    std::vector<uint8_t> labels;
    make(10, 2, w, labels);
    w.path = "q.idx";
    labels.push_back(1);
    try {
        mseq::WriterIndex index(w, labels);
        ADD_FAILURE() << "accepted";
    } catch (const mseq::Error &e) {
        EXPECT_EQ(e.code(), MSEQ_EINVAL);
        EXPECT_STREQ(e.what(), "q.idx: writers of 10 images for 11 labels");
    }
}

}  // namespace
