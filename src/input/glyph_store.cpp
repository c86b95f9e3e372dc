// Cropping glyphs to their ink boxes (glyph_store.hpp).
#include "input/glyph_store.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace mseq {

void *allocate_table(size_t bytes) {
    constexpr size_t kHuge = size_t(2) << 20;
    void *block = nullptr;
    if (bytes >= kHuge) {
        // aligned_alloc wants a multiple of the alignment.
        const size_t rounded = (bytes + kHuge - 1) / kHuge * kHuge;
        block = std::aligned_alloc(kHuge, rounded);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
        // Only a hint: without huge pages the table works the same.
        if (block != nullptr) madvise(block, rounded, MADV_HUGEPAGE);
#endif
    } else {
        block = std::malloc(bytes == 0 ? 1 : bytes);
    }
    if (block == nullptr) throw std::bad_alloc();
    return block;
}

void free_table(void *block) { std::free(block); }

namespace {

// The ink box of one rows x cols glyph; `any_col` is scratch of cols bytes.
InkBox find_box(const uint8_t *glyph, uint32_t rows, uint32_t cols,
                uint8_t *any_col) {
    std::memset(any_col, 0, cols);
    uint32_t top = rows;
    uint32_t bottom = 0;  // one past the last row with ink
    for (uint32_t y = 0; y < rows; ++y) {
        const uint8_t *row = glyph + size_t(y) * cols;
        uint8_t any = 0;
        for (uint32_t x = 0; x < cols; ++x) {
            any_col[x] |= row[x];
            any |= row[x];
        }
        if (any != 0) {
            if (top == rows) top = y;
            bottom = y + 1;
        }
    }
    InkBox box;
    if (top == rows) return box;
    uint32_t left = 0;
    while (any_col[left] == 0) ++left;
    uint32_t right = cols;  // one past the last column with ink
    while (any_col[right - 1] == 0) --right;
    box.top = static_cast<uint16_t>(top);
    box.left = static_cast<uint16_t>(left);
    box.height = static_cast<uint16_t>(bottom - top);
    box.width = static_cast<uint16_t>(right - left);
    return box;
}

}  // namespace

GlyphStore build_glyph_store(const uint8_t *pixels, size_t count, uint32_t rows,
                             uint32_t cols) {
    GlyphStore store;
    store.boxes.resize(count);
    std::vector<uint8_t> any_col(cols);
    const size_t per_glyph = size_t(rows) * cols;
    size_t total = 0;
    for (size_t i = 0; i < count; ++i) {
        InkBox &box = store.boxes[i];
        box = find_box(pixels + i * per_glyph, rows, cols, any_col.data());
        if (total > UINT32_MAX) return GlyphStore{};
        box.offset = static_cast<uint32_t>(total);
        total += size_t(box.height) * box.width;
    }
    store.ink.resize(total);
    for (size_t i = 0; i < count; ++i) {
        const InkBox &box = store.boxes[i];
        const uint8_t *src =
            pixels + i * per_glyph + size_t(box.top) * cols + box.left;
        uint8_t *dst = store.ink.data() + box.offset;
        for (uint32_t y = 0; y < box.height; ++y) {
            std::memcpy(dst, src, box.width);
            src += cols;
            dst += box.width;
        }
    }
    return store;
}

}  // namespace mseq
