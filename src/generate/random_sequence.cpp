// Random digit strings per sample index (random_sequence.hpp).
#include "generate/random_sequence.hpp"

#include <string>

#include "common/error.hpp"
#include "generate/rng.hpp"

namespace mseq {
namespace {

constexpr uint64_t kMaxDistinct = uint64_t{1} << 63;

// a + b, or UINT64_MAX when that overflows.
uint64_t saturating_add(uint64_t a, uint64_t b) {
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

std::string length_range(size_t lo, size_t hi) {
    return "lengths " + std::to_string(lo) + ".." + std::to_string(hi);
}

}  // namespace

SequenceSource::SequenceSource(const Params &params)
    : seed_(params.seed),
      min_length_(static_cast<size_t>(params.min_length)),
      max_length_(static_cast<size_t>(params.max_length)),
      no_leading_zero_(params.no_leading_zero),
      unique_(params.unique) {
    if (params.min_length > params.max_length) {
        throw Error(MSEQ_EINVAL, "MSEQ_PARAM_MIN_LENGTH (" +
                                     std::to_string(params.min_length) +
                                     ") > MSEQ_PARAM_MAX_LENGTH (" +
                                     std::to_string(params.max_length) + ")");
    }
    for (size_t length = min_length_; length <= max_length_; ++length) {
        distinct_ = saturating_add(distinct_, count_of_length(length));
    }
    if (!unique_) return;
    if (distinct_ > kMaxDistinct) {
        throw Error(
            MSEQ_EINVAL,
            "MSEQ_PARAM_UNIQUE: " + length_range(min_length_, max_length_) +
                " allow more than 2^63 distinct sequences; unique "
                "sequences need MSEQ_PARAM_MAX_LENGTH <= 18");
    }
    permutation_.emplace(seed_, distinct_, params.unique_permutation);
}

uint64_t SequenceSource::count_of_length(size_t length) const {
    // 10^length, or 9 * 10^(length - 1) without a leading zero; both exceed
    // 2^64 from length 20 on.
    if (length >= 20) return UINT64_MAX;
    const bool restricted = no_leading_zero_ && length > 1;
    uint64_t count = restricted ? 9 : 10;
    for (size_t i = 1; i < length; ++i) count *= 10;
    return count;
}

size_t SequenceSource::decode(uint64_t rank, int *digits) const {
    size_t length = min_length_;
    for (;; ++length) {
        const uint64_t count = count_of_length(length);
        if (rank < count) break;
        rank -= count;
    }
    const bool restricted = no_leading_zero_ && length > 1;
    const size_t first = restricted ? 1 : 0;
    for (size_t i = length; i > first; --i) {
        digits[i - 1] = static_cast<int>(rank % 10);
        rank /= 10;
    }
    if (restricted) digits[0] = static_cast<int>(1 + rank);  // rank < 9 here
    return length;
}

size_t SequenceSource::draw(uint64_t index, int *digits) const {
    if (unique_) {
        if (index >= distinct_) {
            throw Error(MSEQ_ERANGE,
                        "MSEQ_PARAM_UNIQUE: index " + std::to_string(index) +
                            " is out of range: " +
                            length_range(min_length_, max_length_) +
                            " allow only " + std::to_string(distinct_) +
                            " distinct sequences (indexes 0.." +
                            std::to_string(distinct_ - 1) + ")");
        }
        return decode((*permutation_)(index), digits);
    }
    Stream stream(seed_, index, Purpose::sequence);
    const size_t length = static_cast<size_t>(stream.uniform_range(
        static_cast<int64_t>(min_length_), static_cast<int64_t>(max_length_)));
    for (size_t i = 0; i < length; ++i) {
        digits[i] = (i == 0 && no_leading_zero_ && length > 1)
                        ? static_cast<int>(1 + stream.uniform(9))
                        : static_cast<int>(stream.uniform(10));
    }
    return length;
}

}  // namespace mseq
