// SHA-256 (common/sha256.hpp): known vectors, incremental hashing.
#include "common/sha256.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

TEST(Sha256, KnownVectors) {
    // FIPS 180-2 examples.
    EXPECT_EQ(
        mseq::sha256_hex("abc", 3),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(
        mseq::sha256_hex("", 0),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const std::string two_blocks =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    EXPECT_EQ(
        mseq::sha256_hex(two_blocks.data(), two_blocks.size()),
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, PiecesEqualTheWhole) {
    // Pieces that cut the 64-byte blocks anywhere, the empty one included.
    std::string data(3 * 1024 * 1024 + 17, '\0');
    for (size_t i = 0; i < data.size(); ++i) {
        data[i] = static_cast<char>((i * 131) ^ (i >> 9));
    }
    mseq::Sha256 digest;
    size_t at = 0;
    for (size_t piece : {size_t{0}, size_t{1}, size_t{63}, size_t{64},
                         size_t{1000}, size_t{1} << 20}) {
        digest.update(data.data() + at, piece);
        at += piece;
    }
    digest.update(data.data() + at, data.size() - at);
    EXPECT_EQ(digest.hex(), mseq::sha256_hex(data.data(), data.size()));
    EXPECT_NE(mseq::sha256_hex(data.data(), data.size() - 1),
              mseq::sha256_hex(data.data(), data.size()));
}

}  // namespace
