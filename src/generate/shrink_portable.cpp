// The portable shrink kernel (shrink.hpp).
#include <algorithm>
#include <cstdint>
#include <vector>

#include "generate/shrink.hpp"

namespace mseq {
namespace shrink {
namespace {

// The portable renderer: for each output row, the vertical pass over the
// rows of each box that meet it, then the box's columns spread over the
// output columns each meets (at most two, as S > W), into acc[0..W) of
// Acc (uint32_t when 255 * S * R < 2^32, else uint64_t). Memory: a row of
// W sums and one of the widest box, whatever S.
template <typename Acc, typename Pixel>
void draw_portable(const SourceData &ds, const Layout &l, bool store,
                   const ScaledValue &value, std::vector<Acc> &sums,
                   Pixel *out) {
    ScaledScratch &scratch = scaled_scratch();
    const int64_t W = l.width, S = l.strip, R = l.rows, h = l.height;
    Acc *acc = sized(sums, size_t(W));
    int64_t widest = 0;
    int64_t *start = sized(scratch.start, 2 * l.count);
    for (size_t j = 0; j < l.count; ++j) {
        // Output column x0 of the box's column 0, and where that column
        // starts in x0's span: sx * W = x0 * S + rem.
        const BoxInk b = box_ink(ds, l, j, store);
        widest = std::max(widest, b.width);
        start[2 * j] = b.x * W / S;
        start[2 * j + 1] = b.x * W % S;
    }
    uint32_t *column = sized(scratch.column, size_t(widest));
    for (int64_t oy = 0; oy < h; ++oy) {
        const int64_t top = oy * R;  // oy's rows: [top, bottom), units 1/h
        const int64_t bottom = top + R;
        std::fill(acc, acc + W, Acc(0));
        for (size_t j = 0; j < l.count; ++j) {
            const BoxInk b = box_ink(ds, l, j, store);
            const int64_t first = std::max(top / h, b.top);
            const int64_t last =
                std::min((bottom - 1) / h, b.top + b.height - 1);
            if (first > last) continue;
            std::fill(column, column + b.width, 0u);
            for (int64_t sy = first; sy <= last; ++sy) {
                const uint32_t wy = uint32_t(std::min((sy + 1) * h, bottom) -
                                             std::max(sy * h, top));
                const uint8_t *ink = b.ink + (sy - b.top) * b.stride;
                for (int64_t c = 0; c < b.width; ++c) {
                    column[c] += wy * ink[c];
                }
            }
            int64_t x0 = start[2 * j], rem = start[2 * j + 1];
            for (int64_t c = 0; c < b.width; ++c) {
                const Acc v = Acc(column[c]);
                if (rem + W <= S) {
                    acc[x0] += Acc(W) * v;
                } else {
                    acc[x0] += Acc(S - rem) * v;
                    acc[x0 + 1] += Acc(rem + W - S) * v;
                }
                rem += W;
                if (rem >= S) {
                    rem -= S;
                    ++x0;
                }
            }
        }
        scaled_row(acc, size_t(W), value, out + size_t(l.y0 + oy) * size_t(W));
    }
}

}  // namespace

template <typename Pixel>
void scaled_portable(const SourceData &ds, const Layout &l, bool store,
                     const ScaledValue &value, Pixel *out) {
    ScaledScratch &s = scaled_scratch();
    if (255 * l.rows * l.strip < (int64_t(1) << 32)) {
        draw_portable(ds, l, store, value, s.acc32, out);
    } else {
        draw_portable(ds, l, store, value, s.acc64, out);
    }
}

template void scaled_portable(const SourceData &, const Layout &, bool,
                              const ScaledValue &, float *);
template void scaled_portable(const SourceData &, const Layout &, bool,
                              const ScaledValue &, uint8_t *);

}  // namespace shrink
}  // namespace mseq
