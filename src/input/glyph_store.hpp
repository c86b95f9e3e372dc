// A compact copy of a source data's glyphs for the unscaled renderer: each
// glyph cropped to its ink bounding box (the rows and columns holding
// non-zero ink), stored back to back. MNIST's ink fits in about 20 x 20 of
// the 28 x 28 cells, so the store is about half the size of the full glyphs
// (it fits a last-level cache that the full training split does not), and a
// renderer converts only the box: the cells outside it hold ink 0, which is
// exactly the background.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

namespace mseq {

// Memory for large read-mostly tables read at random places: blocks of
// 2 MiB and more are aligned to 2 MiB and offered to the kernel for huge
// pages (Linux transparent huge pages, when enabled for madvise), so that
// random reads do not also miss the TLB at nearly every access. Smaller
// blocks come from malloc. Throws std::bad_alloc.
void *allocate_table(size_t bytes);
void free_table(void *block);

// The standard allocator interface over allocate_table().
template <typename T>
struct TableAllocator {
    using value_type = T;
    TableAllocator() = default;
    template <typename U>
    TableAllocator(const TableAllocator<U> &) {}
    T *allocate(size_t n) {
        if (n > SIZE_MAX / sizeof(T)) throw std::bad_alloc();
        return static_cast<T *>(allocate_table(n * sizeof(T)));
    }
    void deallocate(T *p, size_t) { free_table(p); }
    template <typename U>
    bool operator==(const TableAllocator<U> &) const {
        return true;
    }
    template <typename U>
    bool operator!=(const TableAllocator<U> &) const {
        return false;
    }
};

// Where one glyph's ink box sits in its glyph and in GlyphStore::ink.
// height == 0 (and width == 0) for a glyph without ink. 12 bytes per glyph:
// the store's ink, at most the glyphs' pixels, stays below 4 GiB (the
// loader's limits keep the pixels of a split below 2 GiB).
struct InkBox {
    uint32_t offset = 0;  // first byte of the box in GlyphStore::ink
    uint16_t top = 0;     // first glyph row of the box
    uint16_t left = 0;    // first glyph column of the box
    uint16_t height = 0;  // rows of the box
    uint16_t width = 0;   // columns of the box
};
static_assert(sizeof(InkBox) == 12, "an ink box is 12 bytes");

struct GlyphStore {
    std::vector<InkBox> boxes;  // one per glyph, in source data order
    // Each box's rows, width bytes each, in order.
    std::vector<uint8_t, TableAllocator<uint8_t>> ink;

    size_t size() const { return boxes.size(); }
    // The box of glyph `index` row by row: height rows of width bytes.
    const uint8_t *box_ink(uint32_t index) const {
        return ink.data() + boxes[index].offset;
    }
};

// Smallest glyph (rows * cols pixels) for which the loader builds a store:
// below it an ink box (12 bytes) costs about as much as the glyph it
// crops, the full glyphs fit a cache anyway, and the renderer reads them.
constexpr uint64_t kGlyphStoreMinPixels = 64;

// Whether a source data of rows x cols glyphs gets a store.
inline bool glyph_store_pays(uint32_t rows, uint32_t cols) {
    return uint64_t{rows} * cols >= kGlyphStoreMinPixels;
}

// Builds the store of `count` glyphs of rows x cols bytes each, back to back
// in pixels (rows and cols at most 65535). The store is empty (and the
// renderer reads the full glyphs) when its ink would not fit the 32-bit
// offsets. Throws std::bad_alloc.
GlyphStore build_glyph_store(const uint8_t *pixels, size_t count, uint32_t rows,
                             uint32_t cols);

}  // namespace mseq
