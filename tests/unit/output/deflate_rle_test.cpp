// zlib_rle_stream (src/output/deflate_rle.*) against zlib itself: the same
// bytes for every kind of input the encoder must reproduce (runs of every
// length, blocks cut at 16,383 symbols, stored and fixed blocks, codes
// longer than the limit, windows that slide under input given in pieces),
// every window size and level.
#include "output/deflate_rle.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "mnistseq/mnistseq.h"

namespace {

// zlib's stream for data with Z_RLE, given whole before Z_FINISH.
std::vector<uint8_t> zlib_stream(const std::vector<uint8_t> &data, int bits,
                                 int level) {
    z_stream zs{};
    EXPECT_EQ(deflateInit2(&zs, level, Z_DEFLATED, bits, 8, Z_RLE), Z_OK);
    std::vector<uint8_t> out(deflateBound(&zs, uLong(data.size())));
    zs.next_in = const_cast<uint8_t *>(data.data());
    zs.avail_in = uInt(data.size());
    zs.next_out = out.data();
    zs.avail_out = uInt(out.size());
    EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
    out.resize(out.size() - zs.avail_out);
    deflateEnd(&zs);
    return out;
}

// zlib's stream for data given `piece` bytes per call (libpng gives it one
// row at a time) with Z_NO_FLUSH, then Z_FINISH.
std::vector<uint8_t> zlib_stream_in_pieces(const std::vector<uint8_t> &data,
                                           int bits, size_t piece) {
    z_stream zs{};
    EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, bits, 8, Z_RLE), Z_OK);
    std::vector<uint8_t> out(deflateBound(&zs, uLong(data.size())));
    zs.next_out = out.data();
    zs.avail_out = uInt(out.size());
    for (size_t at = 0; at < data.size(); at += piece) {
        const size_t n = std::min(piece, data.size() - at);
        zs.next_in = const_cast<uint8_t *>(data.data() + at);
        zs.avail_in = uInt(n);
        EXPECT_EQ(deflate(&zs, Z_NO_FLUSH), Z_OK);
        EXPECT_EQ(zs.avail_in, 0u);
    }
    EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
    out.resize(out.size() - zs.avail_out);
    deflateEnd(&zs);
    return out;
}

std::vector<uint8_t> our_stream(const std::vector<uint8_t> &data, int bits,
                                size_t piece = 0) {
    std::vector<uint8_t> out(mseq::zlib_rle_bound(data.size()));
    out.resize(mseq::zlib_rle_stream(out.data(), data.data(), data.size(), bits,
                                     piece));
    return out;
}

// The window libpng picks: 15 bits, lowered while the data and 262 bytes
// fit in half of it (never below 9).
int smallest_bits(size_t size) {
    int bits = 15;
    while (bits > 9 && size + 262 <= (size_t(1) << (bits - 1))) --bits;
    return bits;
}

struct Lcg {
    uint32_t x;
    uint32_t operator()(uint32_t n) {
        x = x * 1664525u + 1013904223u;
        return (x >> 8) % n;
    }
};

// Bytes with no run of four equal ones: every byte a literal.
std::vector<uint8_t> literals_only(size_t size, Lcg &next) {
    std::vector<uint8_t> v(size);
    for (size_t i = 0; i < size; ++i) {
        v[i] = static_cast<uint8_t>(next(256));
        if (i > 0 && v[i] == v[i - 1]) v[i] = static_cast<uint8_t>(v[i] + 1);
    }
    return v;
}

void expect_same(const std::vector<uint8_t> &data, int bits, int level,
                 const char *what) {
    ASSERT_EQ(our_stream(data, bits), zlib_stream(data, bits, level))
        << what << ": " << data.size() << " bytes, window bits " << bits
        << ", level " << level;
}

TEST(DeflateRle, RefusesWindowsZlibRefuses) {
    const std::vector<uint8_t> data(100);
    std::vector<uint8_t> out(mseq::zlib_rle_bound(data.size()));
    for (int bits : {7, 16}) {
        try {
            mseq::zlib_rle_stream(out.data(), data.data(), data.size(), bits,
                                  0);
            FAIL() << "no error for " << bits << " bits";
        } catch (const mseq::Error &e) {
            EXPECT_EQ(e.code(), MSEQ_EINTERNAL);
            EXPECT_NE(
                std::string(e.what()).find(std::to_string(bits) + " bits"),
                std::string::npos)
                << e.what();
        }
    }
}

TEST(DeflateRle, WindowOfEightBitsIsNine) {
    Lcg next{9};
    const std::vector<uint8_t> v = literals_only(200, next);
    EXPECT_EQ(our_stream(v, 8), zlib_stream(v, 8, 6));
    EXPECT_EQ(our_stream(v, 8), our_stream(v, 9));
}

// Given in pieces (libpng's rows) to a window smaller than the input, zlib
// slides its window at moments that depend on the pieces, and a block that
// began before a slide cannot be stored: noise (stored blocks where the
// window allows) and runs, windows of 9 to 15 bits, pieces of 1 byte to
// the whole input.
TEST(DeflateRle, WindowSlidesUnderPieces) {
    Lcg next{10};
    for (int i = 0; i < 80; ++i) {
        std::vector<uint8_t> v(1 + next(i % 4 == 0 ? 200000 : 40000));
        const uint32_t stay = next(4) == 0 ? 0 : next(10);
        for (size_t k = 0; k < v.size(); ++k) {
            v[k] = k > 0 && next(10) < stay ? v[k - 1]
                                            : static_cast<uint8_t>(next(256));
        }
        const int bits = 9 + int(next(7));
        const size_t pieces[] = {1 + next(3), 1 + next(300), 1 + next(5000),
                                 v.size()};
        const size_t piece = pieces[next(4)];
        ASSERT_EQ(our_stream(v, bits, piece),
                  zlib_stream_in_pieces(v, bits, piece))
            << v.size() << " bytes, window bits " << bits << ", pieces of "
            << piece << ", repeat rate " << stay << "/10";
    }
}

TEST(DeflateRle, EverySmallSize) {
    Lcg next{1};
    for (size_t size = 0; size <= 700; ++size) {
        std::vector<uint8_t> v(size);
        for (size_t i = 0; i < size; ++i) {  // runs of 1-6 of few values
            v[i] = i > 0 && next(3) != 0 ? v[i - 1]
                                         : static_cast<uint8_t>(next(5));
        }
        expect_same(v, smallest_bits(size), int(1 + size % 9), "small");
    }
}

TEST(DeflateRle, RunsOfEveryLengthUpToTheEnd) {
    Lcg next{2};
    for (int len = 1; len <= 600; ++len) {
        // A run after a literal, in the middle and as the last bytes (where
        // zlib caps a match at what is left).
        std::vector<uint8_t> v = literals_only(5, next);
        v.insert(v.end(), size_t(len), 7);
        const std::vector<uint8_t> tail = literals_only(9, next);
        std::vector<uint8_t> middle = v;
        middle.insert(middle.end(), tail.begin(), tail.end());
        expect_same(middle, smallest_bits(middle.size()), 6, "run");
        expect_same(v, smallest_bits(v.size()), 6, "run at the end");
    }
}

TEST(DeflateRle, BlocksOf16383Symbols) {
    Lcg next{3};
    // Literals only: stored blocks, cut at 16,383 symbols; at exactly
    // 16,383 and 32,766 zlib ends with an empty last block.
    for (size_t size : {16382u, 16383u, 16384u, 16385u, 20000u, 32765u, 32766u,
                        32767u, 32768u}) {
        expect_same(literals_only(size, next), smallest_bits(size), 6,
                    "literals");
    }
    // Runs and literals mixed: cut blocks of dynamic codes.
    for (int i = 0; i < 20; ++i) {
        std::vector<uint8_t> v(16000 + next(16769));
        for (size_t k = 0; k < v.size(); ++k) {
            v[k] = k > 0 && next(4) == 0 ? v[k - 1]
                                         : static_cast<uint8_t>(next(40));
        }
        expect_same(v, 15, 1 + i % 9, "mixed blocks");
    }
}

TEST(DeflateRle, CodesLongerThanTheLimit) {
    // Literal counts in Fibonacci proportion make Huffman codes longer than
    // 15 bits, which zlib shortens (trees.c's gen_bitlen overflow). No byte
    // repeats the one before (the most frequent next, but never twice in a
    // row), so every byte is a literal.
    // 1, 2, 3, 5, ...: with the end-of-block code's 1, no two subtrees tie,
    // so the tree is a chain 18 deep (one block: 10,944 symbols).
    std::vector<uint32_t> count(18);
    count[0] = 1;
    count[1] = 2;
    for (size_t sym = 2; sym < count.size(); ++sym) {
        count[sym] = count[sym - 1] + count[sym - 2];
    }
    std::vector<uint8_t> v;
    size_t last = count.size();
    for (;;) {
        size_t pick = count.size();
        for (size_t sym = 0; sym < count.size(); ++sym) {
            if (sym != last && count[sym] > 0 &&
                (pick == count.size() || count[sym] > count[pick])) {
                pick = sym;
            }
        }
        if (pick == count.size()) break;
        --count[pick];
        v.push_back(static_cast<uint8_t>(pick * 11));
        last = pick;
    }
    ASSERT_EQ(v.size(), 10944u);  // every count placed
    expect_same(v, smallest_bits(v.size()), 9, "fibonacci");
}

TEST(DeflateRle, RandomProfiles) {
    // Sizes, alphabets and run rates at random, at every window that fits.
    Lcg next{5};
    for (int i = 0; i < 400; ++i) {
        const size_t size = next(4) == 0 ? next(32769) : next(6000);
        const uint32_t alphabet = 1 + next(next(2) == 0 ? 256 : 12);
        const uint32_t stay = next(10);  // repeat the previous byte stay / 10
        std::vector<uint8_t> v(size);
        for (size_t k = 0; k < size; ++k) {
            v[k] = k > 0 && next(10) < stay
                       ? v[k - 1]
                       : static_cast<uint8_t>(next(alphabet) * 7);
        }
        const int bits = next(2) == 0 ? 9 + int(next(7))
                                      : smallest_bits(size) + int(next(3));
        if (bits <= 15) expect_same(v, bits, int(1 + next(9)), "random");
    }
}

}  // namespace
