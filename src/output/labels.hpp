// The label rows of a dataset: one CSV row (png) or JSON object (npy, tar)
// per image, written once here for the writer and the verifier.
//
//   labels.csv:   file,text,length,boxes,source_indices
//                 000000123.png,"0350",4,"x0 y0 x1 y1;...","i0 i1 ..."
//   JSON:         {"index": 123, "text": "0350", "length": 4,
//                  "boxes": [[x0, y0, x1, y1], ...], "source_indices": [...]}
//
// "text" keeps leading zeros (always a string); boxes are the glyph cells,
// half-open, in output pixels; source indices index the split's IDX file.
// With ink boxes (the writer's masks), one more column and field, last:
//
//   labels.csv:   ...,source_indices,ink_boxes
//                 ...,"i0 i1 ...","x0 y0 x1 y1;..."
//   JSON:         {..., "source_indices": [...],
//                  "ink_boxes": [[x0, y0, x1, y1], ...]}
//
// each digit's tight ink box (mseq_ink_box, written as the cells are; all
// 0 when none of its ink shows).
//
// With one writer per image (MSEQ_WRITER_SAME), one more column and field,
// last: "writer", the writer's id as mseq_glyph_writer() gives it ((NIST
// HSF series << 32) | writer id):
//
//   labels.csv:   ...,writer
//                 ...,17179869226
//   JSON:         {..., "writer": 17179869226}
//
// With a template (mseq_params_set_template()), "text" holds the text with
// its separators and spaces, and one more column and field, last,
// "digits", its digits alone:
//
//   labels.csv:   ...,digits
//                 000000007.png,"(03) 12-34",...,"031234"
//   JSON:         {..., "digits": "031234"}
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "mnistseq/mnistseq.h"

namespace mseq {

// The first line of labels.csv, with its '\n': with ink boxes, with the
// writer.
std::string csv_labels_header(bool ink_boxes, bool writer, bool digits);

// The largest label row of one image (its digits' boxes and indexes): the
// bound for reading a label file back.
constexpr size_t kMaxLabelRowBytes = 64 + 128 * size_t(MSEQ_MAX_DIGITS);

// One image's layout: its placements, one per digit.
struct ImageLabels {
    const mseq_placement *placements;
    size_t length;
    const mseq_ink_box *ink_boxes = nullptr;  // length entries, or none
    const uint64_t *writer = nullptr;         // the image's writer, or none
    bool text_digits = false;  // a template's text: a last "digits" label
};

// The digits as text: "0350".
std::string label_text(const ImageLabels &labels);

// The labels.csv row of the image in file `file`, with its '\n'.
std::string csv_label_row(const std::string &file, const ImageLabels &labels);

// The JSON object of image `index`, without a newline.
std::string json_label_row(uint64_t index, const ImageLabels &labels);

}  // namespace mseq
