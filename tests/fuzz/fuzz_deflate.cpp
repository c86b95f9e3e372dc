// Fuzz harness for the PNG encoder's deflate (src/output/deflate_rle.*):
// its zlib stream must be zlib's own, byte for byte, for any input.
//
// The first input byte picks the window: 8 + (byte % 8) bits. The second,
// when present, picks how the rest is used (bit 0) and how zlib gets it
// (bits 1-7, p):
//   bit 0 clear: the bytes as they are;
//   bit 0 set:   the bytes as a run-length description, pairs (count,
//                value), each a run of 1 + count copies of value, up to
//                128 KB: long runs (matches of 258 and the cap at the end),
//                block cuts at 16,383 symbols and windows that slide,
//                which raw fuzzer bytes rarely reach;
//   p = 0: all at once; else pieces of p * p bytes with Z_NO_FLUSH (as
//   libpng gives rows), then Z_FINISH.
// zlib: deflateInit2(level 1 + p % 9, Z_DEFLATED, the window, memLevel 8,
// Z_RLE). A difference aborts (a finding); the stream must also inflate
// back to the input.
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "fuzz_support.hpp"
#include "output/deflate_rle.hpp"

namespace {

using fuzz::check;

std::vector<uint8_t> input_of(const uint8_t *data, size_t size, bool runs) {
    constexpr size_t kMax = size_t(1) << 17;
    if (!runs) return {data, data + std::min(size, kMax)};
    std::vector<uint8_t> v;
    for (size_t i = 0; i + 1 < size && v.size() < kMax; i += 2) {
        const size_t n = std::min<size_t>(1 + data[i], kMax - v.size());
        v.insert(v.end(), n, data[i + 1]);
    }
    return v;
}

FUZZ_NO_COVERAGE std::vector<uint8_t> zlib_stream(
    const std::vector<uint8_t> &in, int bits, int level, size_t piece) {
    z_stream zs{};
    check(deflateInit2(&zs, level, Z_DEFLATED, bits, 8, Z_RLE) == Z_OK,
          "deflateInit2");
    std::vector<uint8_t> out(deflateBound(&zs, uLong(in.size())));
    zs.next_out = out.data();
    zs.avail_out = uInt(out.size());
    for (size_t at = 0; piece != 0 && at < in.size(); at += piece) {
        zs.next_in = const_cast<uint8_t *>(in.data() + at);
        zs.avail_in = uInt(std::min(piece, in.size() - at));
        check(deflate(&zs, Z_NO_FLUSH) == Z_OK && zs.avail_in == 0,
              "zlib takes a piece");
    }
    if (piece == 0) {
        zs.next_in = const_cast<uint8_t *>(in.data());
        zs.avail_in = uInt(in.size());
    }
    check(deflate(&zs, Z_FINISH) == Z_STREAM_END, "zlib's deflate");
    out.resize(out.size() - zs.avail_out);
    deflateEnd(&zs);
    return out;
}

FUZZ_NO_COVERAGE bool inflates_to(const std::vector<uint8_t> &stream,
                                  const std::vector<uint8_t> &in) {
    std::vector<uint8_t> back(in.size() + 1);
    uLongf n = uLongf(back.size());
    return uncompress(back.data(), &n, stream.data(), uLong(stream.size())) ==
               Z_OK &&
           n == in.size() && std::equal(in.begin(), in.end(), back.begin());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    const int bits = 8 + data[0] % 8;
    const uint8_t mode = size > 1 ? data[1] : 0;
    const size_t p = mode >> 1;
    const size_t piece = p * p;
    const size_t skip = size > 1 ? 2 : 1;
    const std::vector<uint8_t> in =
        input_of(data + skip, size - skip, (mode & 1) != 0);

    std::vector<uint8_t> ours(mseq::zlib_rle_bound(in.size()));
    ours.resize(
        mseq::zlib_rle_stream(ours.data(), in.data(), in.size(), bits, piece));
    const std::vector<uint8_t> reference =
        zlib_stream(in, bits, int(1 + p % 9), piece);
    check(ours == reference, "deflate_rle's stream is zlib's");
    check(inflates_to(ours, in), "the stream inflates back to the input");
    if (fuzz::verbose()) {
        std::fprintf(stderr,
                     "%zu bytes, window %d, pieces of %zu: %zu bytes of "
                     "stream\n",
                     in.size(), bits, piece, ours.size());
    }
    return 0;
}
