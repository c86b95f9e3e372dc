// Fuzz harness for the PNG encoder's deflate (src/output/deflate_rle.*):
// its zlib stream must be zlib's own, byte for byte, for any input it takes.
//
// The first input byte picks the window: window bits = 9 + (byte % 7), or
// the smallest that fits when that one does not (as libpng picks it); the
// second byte, when present, picks how the rest is used:
//   even: the bytes as they are (at most 32 KB);
//   odd:  the bytes as a run-length description, pairs (count, value),
//         each a run of 1 + count copies of value, up to 32 KB: long runs
//         (matches of 258 and the cap at the end) and block cuts at
//         16,383 symbols, which raw fuzzer bytes rarely reach.
// zlib gets the whole input before Z_FINISH (deflateInit2: level 1 + the
// second byte % 9, Z_DEFLATED, the window, memLevel 8, Z_RLE). A difference
// aborts (a finding); the stream must also inflate back to the input.
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
    constexpr size_t kMax = 32768;
    if (!runs) return {data, data + std::min(size, kMax)};
    std::vector<uint8_t> v;
    for (size_t i = 0; i + 1 < size && v.size() < kMax; i += 2) {
        const size_t n = std::min<size_t>(1 + data[i], kMax - v.size());
        v.insert(v.end(), n, data[i + 1]);
    }
    return v;
}

FUZZ_NO_COVERAGE std::vector<uint8_t> zlib_stream(
    const std::vector<uint8_t> &in, int bits, int level) {
    z_stream zs{};
    check(deflateInit2(&zs, level, Z_DEFLATED, bits, 8, Z_RLE) == Z_OK,
          "deflateInit2");
    std::vector<uint8_t> out(deflateBound(&zs, uLong(in.size())));
    zs.next_in = const_cast<uint8_t *>(in.data());
    zs.avail_in = uInt(in.size());
    zs.next_out = out.data();
    zs.avail_out = uInt(out.size());
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
    const int chosen = 9 + data[0] % 7;
    const uint8_t mode = size > 1 ? data[1] : 0;
    const size_t skip = size > 1 ? 2 : 1;
    const std::vector<uint8_t> in =
        input_of(data + skip, size - skip, (mode & 1) != 0);
    int bits = chosen;
    while (!mseq::zlib_rle_fits(in.size(), bits)) ++bits;
    check(bits <= 15, "an input of at most 32 KB fits a window of 15 bits");

    std::vector<uint8_t> ours(mseq::zlib_rle_bound(in.size()));
    ours.resize(mseq::zlib_rle_stream(ours.data(), in.data(), in.size(), bits));
    const std::vector<uint8_t> reference = zlib_stream(in, bits, 1 + mode % 9);
    check(ours == reference, "deflate_rle's stream is zlib's");
    check(inflates_to(ours, in), "the stream inflates back to the input");
    if (fuzz::verbose()) {
        std::fprintf(stderr, "%zu bytes, window %d: %zu bytes of stream\n",
                     in.size(), bits, ours.size());
    }
    return 0;
}
