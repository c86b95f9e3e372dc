// What the shrink kernels share (shrink.hpp): the scratch memory and the
// tap tables.
#include "generate/shrink.hpp"

#include <algorithm>
#include <cstdint>

namespace mseq {
namespace shrink {

ScaledScratch &scaled_scratch() {
    static thread_local ScaledScratch scratch;
    return scratch;
}

RowTaps plan_rows(const Layout &l, ScaledScratch &s, bool ranges) {
    RowTaps rt;
    const int64_t R = l.rows, h = l.height;
    // Output row oy starts in glyph row s = oy*R / h, at f = oy*R mod h
    // (units of 1/h), and meets at most (R + 2h - 2) / h glyph rows.
    rt.taps = size_t((R + 2 * h - 2) / h + 1) / 2;
    int32_t *row_first = sized(s.row_first, size_t(h));
    int16_t *row_pairs = sized(s.row_pairs, size_t(h) * rt.taps);
    // Tap k of row oy is byte k of its pairs (the even tap in the low byte
    // of a little-endian pair): its glyph row covers [k h, (k + 1) h) of
    // the row's [f, f + R).
    uint8_t *taps = reinterpret_cast<uint8_t *>(row_pairs);
    const int64_t count = 2 * int64_t(rt.taps);
    int64_t sy = 0, f = 0;
    for (int64_t oy = 0; oy < h; ++oy) {
        row_first[oy] = int32_t(sy);
        for (int64_t k = 0; k < count; ++k) {
            const int64_t w = std::min((k + 1) * h, f + R) - std::max(k * h, f);
            taps[oy * count + k] = uint8_t(std::max<int64_t>(w, 0));
        }
        sy += R / h;
        f += R % h;
        if (f >= h) {
            f -= h;
            ++sy;
        }
    }
    rt.first = row_first;
    rt.pairs = row_pairs;
    rt.begin = nullptr;
    rt.end = nullptr;
    if (ranges) {
        int32_t *row_begin = sized(s.row_begin, size_t(R) + 1);
        int32_t *row_end = sized(s.row_end, size_t(R) + 1);
        const int64_t row_reach = 2 * int64_t(rt.taps);
        for (int64_t g = 0, b = 0, e = 0; g <= R; ++g) {
            while (b < h && row_first[b] + row_reach <= g) ++b;
            while (e < h && row_first[e] < g) ++e;
            row_begin[g] = int32_t(b);
            row_end[g] = int32_t(e);
        }
        rt.begin = row_begin;
        rt.end = row_end;
    }
    return rt;
}

void first_taps(const Layout &l, size_t n, int32_t *q0, int32_t *r0) {
    const int64_t W = l.width, S = l.strip;
    for (int64_t i = 0, q = kFront, r = 0; i < int64_t(n); ++i) {
        q0[i] = int32_t(q);
        r0[i] = int32_t(r);
        q += S / W;
        r += S % W;
        if (r >= W) {
            r -= W;
            ++q;
        }
    }
}

#if MSEQ_HAS_AVX2_PATH
MSEQ_AVX2_FMA void touch_ink(const SourceData &ds, const Layout &l,
                             bool store) {
    unsigned sink = 0;
    for (size_t j = 0; j < l.count; ++j) {
        const BoxInk b = box_ink(ds, l, j, store);
        if (b.height == 0) continue;
        const int64_t bytes = (b.height - 1) * b.stride + b.width;
        for (int64_t i = 0; i < bytes; i += 64) sink += b.ink[i];
        sink += b.ink[bytes - 1];
    }
    __asm__ volatile("" : : "r"(sink));
}
#endif

}  // namespace shrink
}  // namespace mseq
