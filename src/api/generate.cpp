// Generation through the C API (mnistseq.h, "Generation").
#include <cstring>
#include <string>

#include "api/guard.hpp"
#include "api/handles.hpp"
#include "common/error.hpp"
#include "generate/batch.hpp"
#include "generate/generator.hpp"
#include "generate/random_sequence.hpp"
#include "mnistseq/mnistseq.h"

namespace {

// MSEQ_EBUFSIZE when a mask is given with fewer entries than the image's
// pixels.
void check_mask_len(const char *fn, const mseq_dataset *ds,
                    const mseq_params *params, const uint16_t *mask,
                    size_t mask_len) {
    if (mask == nullptr) return;
    uint32_t rows = 0, cols = 0;
    mseq::image_shape(ds->data, params->values, rows, cols);
    const size_t pixels = size_t(rows) * size_t(cols);
    if (mask_len < pixels) {
        throw mseq::Error(
            MSEQ_EBUFSIZE,
            std::string(fn) + ": mask_len " + std::to_string(mask_len) +
                " is below the image's " + std::to_string(pixels) + " pixels");
    }
}

}  // namespace

extern "C" MSEQ_API int mseq_image_size(size_t *bytes, const mseq_dataset *ds,
                                        const mseq_params *params) {
    return mseq::guard("mseq_image_size", [&] {
        mseq::require_non_null(bytes, "mseq_image_size", "bytes");
        mseq::require_non_null(ds, "mseq_image_size", "ds");
        mseq::require_non_null(params, "mseq_image_size", "params");
        *bytes = mseq::image_bytes(ds->data, params->values);
    });
}

extern "C" MSEQ_API int mseq_image_shape(uint32_t *rows, uint32_t *cols,
                                         const mseq_dataset *ds,
                                         const mseq_params *params) {
    return mseq::guard("mseq_image_shape", [&] {
        mseq::require_non_null(rows, "mseq_image_shape", "rows");
        mseq::require_non_null(cols, "mseq_image_shape", "cols");
        mseq::require_non_null(ds, "mseq_image_shape", "ds");
        mseq::require_non_null(params, "mseq_image_shape", "params");
        uint32_t r = 0, c = 0;
        mseq::image_shape(ds->data, params->values, r, c);
        *rows = r;
        *cols = c;
    });
}

extern "C" MSEQ_API int mseq_generate(void *out, size_t out_size,
                                      mseq_placement *placements, float *scale,
                                      const mseq_dataset *ds,
                                      const mseq_params *params,
                                      const int *digits, size_t ndigits,
                                      uint64_t index) {
    return mseq::guard("mseq_generate", [&] {
        mseq::require_non_null(out, "mseq_generate", "out");
        mseq::require_non_null(ds, "mseq_generate", "ds");
        mseq::require_non_null(params, "mseq_generate", "params");
        mseq::require_non_null(digits, "mseq_generate", "digits");
        // generate_one() writes placements and scale only on success.
        mseq::generate_one(ds->data, params->values, digits, ndigits, index,
                           out, out_size, placements, scale);
    });
}

extern "C" MSEQ_API int mseq_generate_annotated(
    void *out, size_t out_size, uint16_t *mask, size_t mask_len,
    mseq_ink_box *boxes, mseq_placement *placements, float *scale,
    const mseq_dataset *ds, const mseq_params *params, const int *digits,
    size_t ndigits, uint64_t index) {
    return mseq::guard("mseq_generate_annotated", [&] {
        const char *fn = "mseq_generate_annotated";
        mseq::require_non_null(out, fn, "out");
        mseq::require_non_null(ds, fn, "ds");
        mseq::require_non_null(params, fn, "params");
        mseq::require_non_null(digits, fn, "digits");
        check_mask_len(fn, ds, params, mask, mask_len);
        mseq::Annotation annotation;
        annotation.mask = mask;
        annotation.boxes = boxes;
        mseq::generate_one(ds->data, params->values, digits, ndigits, index,
                           out, out_size, placements, scale, &annotation);
    });
}

extern "C" MSEQ_API int mseq_generate_text(void *out, size_t out_size,
                                           uint16_t *mask, size_t mask_len,
                                           mseq_ink_box *boxes,
                                           mseq_placement *placements,
                                           float *scale, const mseq_dataset *ds,
                                           const mseq_params *params,
                                           const char *text, uint64_t index) {
    return mseq::guard("mseq_generate_text", [&] {
        const char *fn = "mseq_generate_text";
        mseq::require_non_null(out, fn, "out");
        mseq::require_non_null(ds, fn, "ds");
        mseq::require_non_null(params, fn, "params");
        mseq::require_non_null(text, fn, "text");
        check_mask_len(fn, ds, params, mask, mask_len);
        mseq::Annotation annotation;
        annotation.mask = mask;
        annotation.boxes = boxes;
        const bool annotated = mask != nullptr || boxes != nullptr;
        mseq::generate_text(ds->data, params->values, text, std::strlen(text),
                            index, out, out_size, placements, scale,
                            annotated ? &annotation : nullptr);
    });
}

extern "C" MSEQ_API int mseq_generate_batch(
    void *out, size_t out_size, mseq_placement *placements,
    size_t placements_len, uint32_t *lengths, float *scales,
    const mseq_dataset *ds, const mseq_params *params, const int *digits,
    size_t ndigits, uint64_t first_index, size_t count) {
    return mseq::guard("mseq_generate_batch", [&] {
        mseq::require_non_null(out, "mseq_generate_batch", "out");
        mseq::require_non_null(ds, "mseq_generate_batch", "ds");
        mseq::require_non_null(params, "mseq_generate_batch", "params");
        mseq::BatchOutput output;
        output.out = out;
        output.out_size = out_size;
        output.placements = placements;
        output.placements_len = placements_len;
        output.lengths = lengths;
        output.scales = scales;
        mseq::generate_batch(ds->data, params->values, digits, ndigits,
                             first_index, count, output);
    });
}

extern "C" MSEQ_API int mseq_generate_batch_annotated(
    void *out, size_t out_size, uint16_t *masks, size_t masks_len,
    mseq_ink_box *boxes, size_t boxes_len, mseq_placement *placements,
    size_t placements_len, uint32_t *lengths, float *scales,
    const mseq_dataset *ds, const mseq_params *params, const int *digits,
    size_t ndigits, uint64_t first_index, size_t count) {
    return mseq::guard("mseq_generate_batch_annotated", [&] {
        const char *fn = "mseq_generate_batch_annotated";
        mseq::require_non_null(out, fn, "out");
        mseq::require_non_null(ds, fn, "ds");
        mseq::require_non_null(params, fn, "params");
        mseq::BatchOutput output;
        output.out = out;
        output.out_size = out_size;
        output.placements = placements;
        output.placements_len = placements_len;
        output.lengths = lengths;
        output.scales = scales;
        output.masks = masks;
        output.masks_len = masks_len;
        output.boxes = boxes;
        output.boxes_len = boxes_len;
        mseq::generate_batch(ds->data, params->values, digits, ndigits,
                             first_index, count, output, fn);
    });
}

extern "C" MSEQ_API int mseq_random_sequence(int *digits, size_t cap,
                                             size_t *length,
                                             const mseq_params *params,
                                             uint64_t index) {
    return mseq::guard("mseq_random_sequence", [&] {
        mseq::require_non_null(digits, "mseq_random_sequence", "digits");
        mseq::require_non_null(length, "mseq_random_sequence", "length");
        mseq::require_non_null(params, "mseq_random_sequence", "params");
        const mseq::SequenceSource source(params->values);
        if (cap < source.max_length()) {
            throw mseq::Error(MSEQ_EBUFSIZE,
                              "mseq_random_sequence: cap " +
                                  std::to_string(cap) +
                                  " is below MSEQ_PARAM_MAX_LENGTH (" +
                                  std::to_string(source.max_length()) + ")");
        }
        // draw() checks the index before it writes anything.
        *length = source.draw(index, digits);
    });
}

extern "C" MSEQ_API int mseq_sequence_count(uint64_t *count,
                                            const mseq_params *params) {
    return mseq::guard("mseq_sequence_count", [&] {
        mseq::require_non_null(count, "mseq_sequence_count", "count");
        mseq::require_non_null(params, "mseq_sequence_count", "params");
        *count = mseq::SequenceSource(params->values).distinct();
    });
}
