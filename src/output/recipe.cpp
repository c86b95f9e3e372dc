// The texts of a PNG's recipe (recipe.hpp).
#include "output/recipe.hpp"

#include <charconv>

#include "common/error.hpp"
#include "generate/param_table.hpp"
#include "generate/template.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {
namespace {

// Keys the recipe writes in its own words (the positional spacing and
// width, --seed) or that never change a given sequence's PNG: its pixel
// type (a PNG is 8-bit) and the keys that choose random sequences.
bool written_apart(const ParamRow &row) {
    switch (row.key) {
        case MSEQ_PARAM_WIDTH:
        case MSEQ_PARAM_MIN_SPACING:
        case MSEQ_PARAM_MAX_SPACING:
        case MSEQ_PARAM_SEED:
        case MSEQ_PARAM_FORMAT:
        case MSEQ_PARAM_UNIQUE_PERMUTATION:
            return true;
        default:
            break;
    }
    for (mseq_param key : kSequenceKeys) {
        if (row.key == key) return true;
    }
    return false;
}

// " --min-spacing": the option of a row.
std::string option_of(const ParamRow &row) {
    std::string option = " --";
    for (const char *p = row.name; *p != '\0'; ++p) {
        option += *p == '_' ? '-' : *p;
    }
    return option;
}

// The option and value of a row whose value differs from its default, or
// "" when it is the default.
std::string option_text(const Params &params, const ParamRow &row) {
    if (row.type == MSEQ_TYPE_F64) {
        const double value = get_param_value_f64(params, row);
        return value == row.default_f64
                   ? ""
                   : option_of(row) + " " + shortest_double(value);
    }
    const int64_t value = get_param_value(params, row);
    if (value == row.default_value) {
        return "";
    }
    switch (row.type) {
        case MSEQ_TYPE_BOOL:
            // A bare flag sets 1: a flag whose default is 1 could not be
            // cleared from a command line.
            if (value != 1) {
                throw Error(MSEQ_EINTERNAL, param_c_name(row) +
                                                " = 0 has no option (its "
                                                "default is 1)");
            }
            return option_of(row);
        case MSEQ_TYPE_ENUM:
            return option_of(row) + " " + param_choice_name(row, value);
        default:
            return option_of(row) + " " + std::to_string(value);
    }
}

}  // namespace

std::string shortest_double(double value) {
    char text[64];
    const auto end = std::to_chars(text, text + sizeof text, value).ptr;
    return std::string(text, end);
}

std::string format_recipe(const Params &params, const int *digits,
                          size_t ndigits, uint64_t index,
                          const std::string &split) {
    const bool of_template =
        params.text_template != nullptr && digits == nullptr && ndigits == 0;
    if (!of_template && (ndigits == 0 || digits == nullptr)) {
        throw Error(MSEQ_EINVAL,
                    "a recipe needs the image's digits (or a template set "
                    "on the parameters)");
    }
    if (ndigits > MSEQ_MAX_DIGITS) {
        throw Error(MSEQ_ERANGE, "a recipe of " + std::to_string(ndigits) +
                                     " digits: above MSEQ_MAX_DIGITS");
    }
    if (params.width == 0) {
        throw Error(MSEQ_EINVAL, "width not set (MSEQ_PARAM_WIDTH)");
    }
    std::string text;
    text.reserve(ndigits + 96);
    if (of_template) {
        // Single-quoted: a template holds no quote, and the line stays
        // one a shell takes as it is.
        text = "--template '" + params.text_template->text() + "'";
    }
    for (size_t i = 0; i < ndigits; ++i) {
        if (digits[i] < 0 || digits[i] > 9) {
            throw Error(MSEQ_EINVAL, "digit at position " + std::to_string(i) +
                                         " is " + std::to_string(digits[i]) +
                                         ", not a digit 0-9");
        }
        text += static_cast<char>('0' + digits[i]);
    }
    text += " " + std::to_string(params.min_spacing) + " " +
            std::to_string(params.max_spacing) + " " +
            std::to_string(params.width) + " --seed " +
            std::to_string(params.seed) + " --index " + std::to_string(index) +
            " --split " + split;
    for (size_t i = 0; i < param_row_count(); ++i) {
        const ParamRow &row = param_rows()[i];
        if ((row.group == MSEQ_GROUP_GENERATION ||
             row.group == MSEQ_GROUP_AUGMENTATION) &&
            !written_apart(row)) {
            text += option_text(params, row);
        }
    }
    // The paper's pictures by their paths, single-quoted (a path holds no
    // quote: background_image.hpp).
    if (params.background == MSEQ_BACKGROUND_IMAGE &&
        params.background_images != nullptr) {
        for (const BackgroundImage &picture : *params.background_images) {
            text += " --background-image '" + picture.path + "'";
        }
    }
    return text;
}

std::string format_recipe_data(const DataFiles &data) {
    return data.images_name + " sha256:" + data.images_sha256 + " " +
           data.labels_name + " sha256:" + data.labels_sha256;
}

std::vector<PngText> recipe_chunks(const std::string &recipe,
                                   const std::string &data) {
    return {{"Software", std::string("libmnistseq ") + MSEQ_VERSION_STRING},
            {MSEQ_RECIPE_KEY, recipe},
            {MSEQ_RECIPE_DATA_KEY, data}};
}

}  // namespace mseq
