// Compositing overlapping digits into one glyph (composite.hpp).
#include "generate/composite.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace mseq {

bool cells_overlap(const Layout &l) {
    for (size_t j = 1; j < l.count; ++j) {
        if (l.cell_x[j] < l.cell_x[j - 1] + l.cols) return true;
    }
    return false;
}

void composite_strip(const SourceData &ds, const Layout &l,
                     CompositeStrip &out) {
    const size_t rows = size_t(l.rows), cols = size_t(l.cols);
    const size_t strip = size_t(l.strip);
    SourceData &c = out.ds;
    c.rows = uint32_t(rows);
    c.cols = uint32_t(strip);
    c.pixels.assign(rows * strip, 0);
    c.labels.assign(1, uint8_t(l.label[0]));
    for (size_t j = 0; j < l.count; ++j) {
        const uint8_t *glyph = ds.glyph(l.glyph[j]);
        uint8_t *cell = c.pixels.data() + size_t(l.cell_x[j]);
        for (size_t y = 0; y < rows; ++y) {
            const uint8_t *src = glyph + y * cols;
            uint8_t *dst = cell + y * strip;
            for (size_t x = 0; x < cols; ++x) {
                dst[x] = std::max(dst[x], src[x]);
            }
        }
    }
    Layout &one = out.layout;
    copy_layout(l, one);
    one.count = 1;
    one.cols = l.strip;
    one.glyph[0] = 0;
    one.cell_x[0] = 0;
}

}  // namespace mseq
