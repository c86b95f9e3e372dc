// Generation of one image: digit picks, gaps, fit and rendering. A pure
// function of (dataset, params, digits, index). Throws mseq::Error.
#pragma once

#include <cstddef>
#include <cstdint>

#include "generate/annotate.hpp"
#include "generate/params.hpp"
#include "input/source_data.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {

// The shape of every image for these params: rows = height (ds.rows when
// 0), cols = width. Throws MSEQ_EINVAL when the width is not set or a
// margin leaves no room (naming the option), MSEQ_ERANGE for glyphs or a
// height beyond the limits.
void image_shape(const SourceData &ds, const Params &params, uint32_t &rows,
                 uint32_t &cols);

// Bytes of one image for these params: rows * cols * pixel size.
// Throws as image_shape().
size_t image_bytes(const SourceData &ds, const Params &params);

// Checks what generate_one() checks of the source data and the parameters
// (shape, spacing, fit, alignment), so that a batch can refuse them before
// generating anything. Throws MSEQ_EINVAL or MSEQ_ERANGE.
void check_params(const SourceData &ds, const Params &params);

// Generates the image of digits[0..ndigits) for sample `index` into out
// (out_size bytes; MSEQ_EBUFSIZE when smaller than image_bytes()). Fills
// placements (ndigits entries) and scale when they are not null, and the
// ink boxes and mask of `annotation` when it is not null (annotate.hpp; its
// mask must hold the image's rows x cols entries). Layouts whose frame is
// not the image (height, margins: layout.hpp) are rendered into a canvas,
// then placed. With augmentation on (augment.hpp), the digits are warped in
// their cells before rendering; with whole-image modules on
// (photometric.hpp), the rendered image goes through them, and the
// annotation is taken before them.
void generate_one(const SourceData &ds, const Params &params, const int *digits,
                  size_t ndigits, uint64_t index, void *out, size_t out_size,
                  mseq_placement *placements, float *scale,
                  const Annotation *annotation = nullptr);

// Generates the image of a text (text.hpp) of `length` characters for
// sample `index`, as generate_one() does for digits, with one cell per
// character (layout.hpp, plan_text_layout()): digits drawn from the data,
// separators drawn as strokes with the digits' pen (separator_glyph.hpp,
// from the sample's separator stream), spaces left blank. placements
// (length entries) and annotation->boxes describe every character; a
// space's box is empty and it owns no mask pixel. A text of digits only is
// exactly generate_one() of those digits. MSEQ_EINVAL for a character
// that is not in a text, naming its position.
void generate_text(const SourceData &ds, const Params &params, const char *text,
                   size_t length, uint64_t index, void *out, size_t out_size,
                   mseq_placement *placements, float *scale,
                   const Annotation *annotation = nullptr);

}  // namespace mseq
