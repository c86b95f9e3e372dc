// An opened split of an IDX digit source data, held in memory as uint8 glyphs
// with a per-class index. Immutable after loading; safe to share.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "input/glyph_store.hpp"
#include "input/writer_index.hpp"

namespace mseq {

enum class Split { train = 0, test = 1 };

// The writers of a split's glyphs and their index.
struct WriterData {
    WriterData(Writers w, const std::vector<uint8_t> &labels)
        : writers(std::move(w)), index(writers, labels) {}
    Writers writers;
    WriterIndex index;
};

struct SourceData;

// The style clusters of a split's glyphs (style_clusters.hpp) as writers,
// made on first use (tens of milliseconds for MNIST's training split):
// thread-safe, for MSEQ_STYLE_CONSISTENT.
class LazyStyles {
public:
    const WriterData &get(const SourceData &ds) const;

private:
    mutable std::once_flag once_;
    mutable std::unique_ptr<const WriterData> data_;
};

// The file names of QMNIST's extended labels of each split, looked for in
// the data folder (raw first, then .gz).
extern const char *const kQmnistNames[2];

// What a split holds, per glyph of rows x cols pixels: its pixels, its label,
// its index in by_class (4 bytes) and, in the store, an ink box (12 bytes)
// and at most its pixels again: at most rows * cols * 2 + 17 bytes, the
// bound that mnistseq.h documents (MSEQ_MAX_DATA_MEMORY).
struct SourceData {
    uint32_t rows = 0;  // glyph height (28 for MNIST)
    uint32_t cols = 0;  // glyph width
    // count * rows * cols, ink: 0 none .. 255 full
    std::vector<uint8_t> pixels;
    std::vector<uint8_t> labels;                     // count, each 0-9
    std::array<std::vector<uint32_t>, 10> by_class;  // indexes of each digit
    // The glyphs cropped to their ink, for the unscaled renderer; built by
    // load_source_data() for glyphs of kGlyphStoreMinPixels or more. Empty for
    // smaller glyphs and in a SourceData assembled by hand, whose renderer then
    // reads the full glyphs (it uses the store only when it holds exactly
    // size() glyphs).
    GlyphStore store;
    std::string images_path;  // the files actually read
    std::string labels_path;
    // The writer of every glyph, when the folder holds QMNIST's extended
    // labels of the split (kQmnistNames); null otherwise.
    std::shared_ptr<const WriterData> writers;
    // The style clusters, made when first asked for.
    std::shared_ptr<const LazyStyles> styles = std::make_shared<LazyStyles>();

    size_t size() const { return labels.size(); }
    // True when the store describes every glyph.
    bool has_store() const { return size() != 0 && store.size() == size(); }
    const uint8_t *glyph(uint32_t index) const {
        return pixels.data() + size_t(index) * rows * cols;
    }
};

// Loads and validates one split from a directory (see mnistseq.h,
// mseq_open). An empty dir means the default lookup. The writers come from
// `writers_path` when it is not empty, else from the split's QMNIST file in
// the directory when there is one (kQmnistNames, raw or .gz). Throws
// mseq::Error.
SourceData load_source_data(const std::string &dir, Split split,
                            const std::string &writers_path = "");

}  // namespace mseq
