// The glyphs of a split grouped by writer and class, for sequences written
// by one hand: which writers wrote every digit a sequence needs, and each
// one's glyphs of a class.
//
// Built once from a split's labels and its writers (qmnist_writers.hpp).
// For each of the 1,024 sets of digits (a 10-bit mask, bit d for digit d),
// the writers with at least one glyph of every digit in the set are listed
// in writer order, so that drawing one uniformly is a single index.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "input/qmnist_writers.hpp"

namespace mseq {

class WriterIndex {
public:
    // Throws MSEQ_EINVAL when writers.of and labels differ in size, and
    // std::bad_alloc.
    WriterIndex(const Writers &writers, const std::vector<uint8_t> &labels);

    size_t writer_count() const { return writers_; }

    // The glyph indexes of `writer`'s digit `digit`, ascending: [begin, end).
    const uint32_t *begin(uint32_t writer, int digit) const {
        return glyphs_.data() + start_[writer * 10 + digit];
    }
    const uint32_t *end(uint32_t writer, int digit) const {
        return glyphs_.data() + start_[writer * 10 + digit + 1];
    }
    size_t count(uint32_t writer, int digit) const {
        return start_[writer * 10 + digit + 1] - start_[writer * 10 + digit];
    }

    // The writers that wrote every digit of `digits` (bit d: digit d), in
    // writer order; every writer for the empty set.
    const std::vector<uint32_t> &eligible(uint16_t digits) const {
        return eligible_[digits & 0x3ff];
    }

private:
    size_t writers_ = 0;
    std::vector<uint32_t> start_;   // writers * 10 + 1 offsets into glyphs_
    std::vector<uint32_t> glyphs_;  // by writer, then class, then index
    std::array<std::vector<uint32_t>, 1024> eligible_;
};

}  // namespace mseq
