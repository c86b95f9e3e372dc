// Glyphs by writer and class (writer_index.hpp).
#include "input/writer_index.hpp"

#include "common/error.hpp"

namespace mseq {

WriterIndex::WriterIndex(const Writers &writers,
                         const std::vector<uint8_t> &labels)
    : writers_(writers.ids.size()) {
    if (writers.of.size() != labels.size()) {
        throw Error(MSEQ_EINVAL, writers.path + ": writers of " +
                                     std::to_string(writers.of.size()) +
                                     " images for " +
                                     std::to_string(labels.size()) + " labels");
    }
    // Counting sort by (writer, class): glyph indexes stay ascending.
    start_.assign(writers_ * 10 + 1, 0);
    for (size_t i = 0; i < labels.size(); ++i) {
        ++start_[size_t{writers.of[i]} * 10 + labels[i] + 1];
    }
    for (size_t k = 1; k < start_.size(); ++k) start_[k] += start_[k - 1];
    glyphs_.resize(labels.size());
    std::vector<uint32_t> next(start_.begin(), start_.end() - 1);
    for (size_t i = 0; i < labels.size(); ++i) {
        glyphs_[next[size_t{writers.of[i]} * 10 + labels[i]]++] =
            static_cast<uint32_t>(i);
    }
    // The digits each writer wrote, then the writers of each set.
    std::vector<uint16_t> wrote(writers_, 0);
    for (uint32_t w = 0; w < writers_; ++w) {
        for (int d = 0; d < 10; ++d) {
            if (count(w, d) > 0) wrote[w] = uint16_t(wrote[w] | 1u << d);
        }
    }
    for (uint32_t set = 0; set < 1024; ++set) {
        for (uint32_t w = 0; w < writers_; ++w) {
            if ((wrote[w] & set) == set) eligible_[set].push_back(w);
        }
    }
}

}  // namespace mseq
