// Generation parameters behind the opaque mseq_params handle. Each field is
// checked on its own by set_param(); relations between fields (min <= max,
// width set) are checked where they are used, by the generator.
#pragma once

#include <cstdint>

#include "mnistseq/mnistseq.h"

namespace mseq {

struct Params {
    int64_t min_spacing = 0;
    int64_t max_spacing = 0;
    int64_t width = 0;  // 0: not set
    mseq_fit fit = MSEQ_FIT_PAD;
    mseq_align align = MSEQ_ALIGN_CENTER;
    bool invert = false;
    uint64_t seed = 0;
    mseq_format format = MSEQ_FORMAT_F32;
    int64_t min_length = 1;  // random sequences
    int64_t max_length = 5;
    bool no_leading_zero = false;
    bool unique = false;
    int64_t threads = 0;  // batch: 0 = all cores
    int64_t shard_size = 10000;  // dataset writer: images per shard
    int64_t png_level = -1;      // dataset writer: -1 fast RLE, 0..9 zlib
};

// Sets one field; throws mseq::Error (MSEQ_EINVAL / MSEQ_ERANGE) and leaves
// the struct unchanged when the value is outside the key's domain. The key
// is the int a C caller passed (read with enum_value(), api/guard.hpp):
// any int may arrive, and an mseq_param holding a value outside the enum's
// range must not even be loaded in C++.
void set_param(Params &params, int key, int64_t value);
// Reads one field; throws mseq::Error (MSEQ_EINVAL) for an unknown key.
int64_t get_param(const Params &params, int key);

}  // namespace mseq
