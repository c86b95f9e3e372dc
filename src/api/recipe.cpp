// C API: the texts of a PNG's recipe (mseq_image_recipe,
// mseq_dataset_recipe), from output/recipe.hpp.
#include "output/recipe.hpp"

#include <cstring>
#include <string>

#include "api/guard.hpp"
#include "api/handles.hpp"
#include "common/error.hpp"
#include "mnistseq/mnistseq.h"

namespace {

// Copies text and its NUL to out after the size query: *size is the bytes
// needed, MSEQ_EBUFSIZE when out cannot hold them.
void copy_out(const char *function, const std::string &text, size_t *size,
              char *out, size_t out_size) {
    *size = text.size() + 1;
    if (out == nullptr || out_size < *size) {
        throw mseq::Error(MSEQ_EBUFSIZE,
                          std::string(function) + ": the text needs " +
                              std::to_string(*size) + " bytes, out holds " +
                              std::to_string(out == nullptr ? 0 : out_size));
    }
    std::memcpy(out, text.c_str(), *size);
}

}  // namespace

extern "C" MSEQ_API int mseq_image_recipe(size_t *size, char *out,
                                          size_t out_size,
                                          const mseq_dataset *ds,
                                          const mseq_params *params,
                                          const int *digits, size_t ndigits,
                                          uint64_t index) {
    const char *fn = "mseq_image_recipe";
    return mseq::guard(fn, [&] {
        mseq::require_non_null(size, fn, "size");
        mseq::require_non_null(ds, fn, "ds");
        mseq::require_non_null(params, fn, "params");
        if (params->values.text_template == nullptr || ndigits != 0) {
            mseq::require_non_null(digits, fn, "digits");
        }
        std::string text;
        try {
            text = mseq::format_recipe(params->values, digits, ndigits, index,
                                       ds->description.of(ds->data).split);
        } catch (const mseq::Error &e) {
            throw mseq::Error(e.code(), std::string(fn) + ": " + e.what());
        }
        copy_out(fn, text, size, out, out_size);
    });
}

extern "C" MSEQ_API int mseq_dataset_recipe(size_t *size, char *out,
                                            size_t out_size,
                                            const mseq_dataset *ds) {
    const char *fn = "mseq_dataset_recipe";
    return mseq::guard(fn, [&] {
        mseq::require_non_null(size, fn, "size");
        mseq::require_non_null(ds, fn, "ds");
        copy_out(fn, mseq::format_recipe_data(ds->description.of(ds->data)),
                 size, out, out_size);
    });
}
