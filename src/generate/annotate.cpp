// Ink boxes and instance masks (annotate.hpp).
#include "generate/annotate.hpp"

#include <algorithm>
#include <limits>
#include <vector>

#include "generate/render.hpp"

namespace mseq {
namespace {

// Whether each pixel of the image differs from the background.
std::vector<uint8_t> shows_ink(const void *image, size_t n, mseq_format format,
                               bool invert) {
    std::vector<uint8_t> ink(n);
    if (format == MSEQ_FORMAT_U8) {
        const auto *px = static_cast<const uint8_t *>(image);
        const uint8_t bg = invert ? 0 : 255;
        for (size_t i = 0; i < n; ++i) ink[i] = px[i] != bg;
    } else {
        const auto *px = static_cast<const float *>(image);
        const float bg = invert ? 0.0f : 1.0f;
        for (size_t i = 0; i < n; ++i) ink[i] = px[i] != bg;
    }
    return ink;
}

// The output columns that strip columns [x, x + cols) can reach.
void cell_columns(const Layout &l, size_t j, size_t &begin, size_t &end) {
    const int64_t x = l.cell_x[j];
    if (!l.scaled) {
        begin = size_t(l.offset + x);
        end = begin + size_t(l.cols);
        return;
    }
    // Output column X covers strip columns [X * S / W, (X + 1) * S / W).
    const int64_t w = l.width, s = l.strip;
    begin = size_t(x * w / s);
    end = size_t(std::min<int64_t>(w, ((x + l.cols) * w + s - 1) / s));
}

}  // namespace

void annotate(const SourceData &ds, const Layout &layout, mseq_format format,
              bool invert, const void *image, const Annotation &ann) {
    const size_t width = size_t(layout.width), rows = size_t(layout.rows);
    const size_t n = width * rows;
    const std::vector<uint8_t> ink = shows_ink(image, n, format, invert);
    std::vector<float> alone(n), darkest(n, 0.0f);
    std::vector<uint16_t> owner(n, 0);
    Layout one;  // cell j alone (a copy of the header, not of every cell)
    copy_layout(layout, one);
    for (size_t j = 0; j < layout.count; ++j) {
        one.count = 1;
        one.glyph[0] = layout.glyph[j];
        one.label[0] = layout.label[j];
        one.cell_x[0] = layout.cell_x[j];
        render(ds, one, MSEQ_FORMAT_F32, invert, alone.data());
        size_t x_begin = 0, x_end = 0;
        cell_columns(layout, j, x_begin, x_end);
        int64_t bx0 = std::numeric_limits<int64_t>::max(), bx1 = -1;
        int64_t by0 = bx0, by1 = -1;
        for (size_t y = 0; y < rows; ++y) {
            for (size_t x = x_begin; x < x_end; ++x) {
                const size_t i = y * width + x;
                const float dark = invert ? alone[i] : 1.0f - alone[i];
                if (dark <= 0.0f || !ink[i]) continue;
                bx0 = std::min(bx0, int64_t(x));
                bx1 = std::max(bx1, int64_t(x));
                by0 = std::min(by0, int64_t(y));
                by1 = std::max(by1, int64_t(y));
                if (dark > darkest[i]) {
                    darkest[i] = dark;
                    owner[i] = uint16_t(j + 1);
                }
            }
        }
        if (ann.boxes != nullptr) {
            mseq_ink_box &b = ann.boxes[j];
            if (bx1 < 0) {
                b = mseq_ink_box{0, 0, 0, 0};
            } else {
                b = mseq_ink_box{int32_t(bx0), int32_t(bx1 + 1), int32_t(by0),
                                 int32_t(by1 + 1)};
            }
        }
    }
    if (ann.mask != nullptr) {
        std::copy(owner.begin(), owner.end(), ann.mask);
    }
}

}  // namespace mseq
