// The exact labels of a rendered image: each digit's tight ink box and the
// instance mask (mnistseq.h, mseq_generate_annotated, defines them). Each
// digit is rendered alone, with the image's layout, into F32; a pixel is
// digit j's ink when that rendering is darker than the background there
// and the image itself is not background.
#pragma once

#include <cstddef>
#include <cstdint>

#include "generate/layout.hpp"
#include "input/source_data.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {

// Where the labels go; each pointer may be null.
struct Annotation {
    uint16_t *mask = nullptr;       // rows x width
    mseq_ink_box *boxes = nullptr;  // layout.count entries
};

// Labels `image` (rendered from ds and layout in `format`, `invert`) into
// `ann`. Throws std::bad_alloc.
void annotate(const SourceData &ds, const Layout &layout, mseq_format format,
              bool invert, const void *image, const Annotation &ann);

}  // namespace mseq
