// Streaming copies (common/stream_copy.hpp): every length and every
// alignment of the destination within a line, through both kinds of
// streaming stores, copies exactly the bytes asked and writes nothing
// around them.
#include "common/stream_copy.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <vector>

#include "common/simd.hpp"

namespace {

void copies_exactly(bool avx2) {
    constexpr size_t kMax = 300;  // lengths 0-300: heads, lines, tails
    constexpr size_t kPad = 128;  // bytes checked on each side
    std::vector<unsigned char> src(kMax + 64);
    for (size_t i = 0; i < src.size(); ++i) {
        src[i] = static_cast<unsigned char>(i * 37 + 11);
    }
    alignas(64) static unsigned char room[kPad + 64 + kMax + kPad];
    for (size_t offset = 0; offset < 64; ++offset) {
        for (size_t n = 0; n <= kMax; ++n) {
            std::fill(std::begin(room), std::end(room), 0xA5);
            unsigned char *dst = room + kPad + offset;
            const unsigned char *from = src.data() + (offset * 7 + n) % 64;
            mseq::stream_copy(dst, from, n, avx2);
            mseq::stream_fence();
            for (size_t i = 0; i < sizeof room; ++i) {
                const unsigned char *at = room + i;
                const unsigned char want =
                    at >= dst && at < dst + n ? from[at - dst] : 0xA5;
                ASSERT_EQ(room[i], want)
                    << "byte " << (at - dst) << " of a copy of " << n
                    << " bytes at offset " << offset << (avx2 ? " (AVX2)" : "");
            }
        }
    }
}

TEST(StreamCopy, CopiesExactlyWithSse2Stores) { copies_exactly(false); }

TEST(StreamCopy, CopiesExactlyWithAvx2Stores) {
    if (!mseq::has_avx2()) GTEST_SKIP() << "no AVX2 on this processor";
    copies_exactly(true);
}

TEST(StreamCopy, TheDefaultCopiesLikeEitherKind) {
    std::vector<unsigned char> src(4099), dst(4099 + 1, 0);
    for (size_t i = 0; i < src.size(); ++i) {
        src[i] = static_cast<unsigned char>(i ^ (i >> 8));
    }
    mseq::stream_copy(dst.data() + 1, src.data(), src.size());
    mseq::stream_fence();
    EXPECT_TRUE(std::equal(src.begin(), src.end(), dst.begin() + 1));
    EXPECT_EQ(dst[0], 0);
}

}  // namespace
