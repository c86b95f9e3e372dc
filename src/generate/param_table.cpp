// The rows of the parameter table and the checks they drive
// (param_table.hpp).
#include "generate/param_table.hpp"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "common/error.hpp"
#include "generate/params.hpp"

namespace mseq {
namespace {

// Accessors of an integer, flag or enum field of Params.
#define MSEQ_INT_FIELD(field)                                      \
    [](const Params &p) { return static_cast<int64_t>(p.field); }, \
        [](Params &p, int64_t v) {                                 \
            p.field = static_cast<decltype(p.field)>(v);           \
        },                                                         \
        nullptr, nullptr

constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
// The smallest gap of the widest glyphs: a gap of -cols or less would start
// a digit at or before the previous one (generation checks the glyphs' own
// width).
constexpr int64_t kLeastSpacing = 1 - MSEQ_MAX_GLYPH_SIDE;

// Accessors of a floating-point field of Params.
#define MSEQ_F64_FIELD(field)                                  \
    nullptr, nullptr, [](const Params &p) { return p.field; }, \
        [](Params &p, double v) { p.field = v; }

// clang-format off
const ParamRow kRows[] = {
    // Generation: layout, sequences, seed, pixels.
    {MSEQ_PARAM_WIDTH, "width", MSEQ_TYPE_INT, MSEQ_GROUP_GENERATION,
     1, MSEQ_MAX_WIDTH, 0, 0, 0, 0, "MSEQ_MAX_WIDTH", nullptr, nullptr,
     "image width in pixels", MSEQ_INT_FIELD(width)},
    {MSEQ_PARAM_HEIGHT, "height", MSEQ_TYPE_INT, MSEQ_GROUP_GENERATION,
     0, MSEQ_MAX_GLYPH_SIDE, 0, 0, 0, 0, "MSEQ_MAX_GLYPH_SIDE", nullptr, nullptr,
     "image height in pixels (0: the glyph height); taller pads, shorter shrinks",
     MSEQ_INT_FIELD(height)},
    {MSEQ_PARAM_MARGIN_X, "margin_x", MSEQ_TYPE_INT, MSEQ_GROUP_GENERATION,
     0, MSEQ_MAX_WIDTH, 0, 0, 0, 0, "MSEQ_MAX_WIDTH", nullptr, nullptr,
     "background columns kept free left and right", MSEQ_INT_FIELD(margin_x)},
    {MSEQ_PARAM_MARGIN_Y, "margin_y", MSEQ_TYPE_INT, MSEQ_GROUP_GENERATION,
     0, MSEQ_MAX_GLYPH_SIDE, 0, 0, 0, 0, "MSEQ_MAX_GLYPH_SIDE", nullptr, nullptr,
     "background rows kept free above and below", MSEQ_INT_FIELD(margin_y)},
    {MSEQ_PARAM_MIN_SPACING, "min_spacing", MSEQ_TYPE_INT, MSEQ_GROUP_GENERATION,
     kLeastSpacing, MSEQ_MAX_SPACING, 0, 0, 0, 0, "MSEQ_MAX_SPACING", nullptr, nullptr,
     "smallest gap in pixels (negative: digits overlap)", MSEQ_INT_FIELD(min_spacing)},
    {MSEQ_PARAM_MAX_SPACING, "max_spacing", MSEQ_TYPE_INT, MSEQ_GROUP_GENERATION,
     kLeastSpacing, MSEQ_MAX_SPACING, 0, 0, 0, 0, "MSEQ_MAX_SPACING", nullptr, nullptr,
     "largest gap, in pixels",
     MSEQ_INT_FIELD(max_spacing)},
    {MSEQ_PARAM_FIT, "fit", MSEQ_TYPE_ENUM, MSEQ_GROUP_GENERATION,
     0, 2, MSEQ_FIT_PAD, 0, 0, 0, nullptr, "pad|exact|strict", "MSEQ_FIT_",
     "fitting to the width: pad, exact or strict", MSEQ_INT_FIELD(fit)},
    {MSEQ_PARAM_ALIGN, "align", MSEQ_TYPE_ENUM, MSEQ_GROUP_GENERATION,
     0, 3, MSEQ_ALIGN_CENTER, 0, 0, 0, nullptr, "center|left|right|random",
     "MSEQ_ALIGN_", "placement: center, left, right or random",
     MSEQ_INT_FIELD(align)},
    {MSEQ_PARAM_INVERT, "invert", MSEQ_TYPE_BOOL, MSEQ_GROUP_GENERATION,
     0, 1, 0, 0, 0, 0, nullptr, nullptr, nullptr,
     "white digits on black instead of black on white", MSEQ_INT_FIELD(invert)},
    {MSEQ_PARAM_FORMAT, "format", MSEQ_TYPE_ENUM, MSEQ_GROUP_GENERATION,
     0, 1, MSEQ_FORMAT_F32, 0, 0, 0, nullptr, "f32|u8", "MSEQ_FORMAT_",
     "pixel type: f32 (0.0 black .. 1.0 white) or u8 (0 .. 255)",
     MSEQ_INT_FIELD(format)},
    {MSEQ_PARAM_SEED, "seed", MSEQ_TYPE_INT, MSEQ_GROUP_GENERATION,
     kInt64Min, kInt64Max, 0, 0, 0, 0, nullptr, nullptr, nullptr,
     "random seed (its 64-bit pattern)", MSEQ_INT_FIELD(seed)},
    {MSEQ_PARAM_MIN_LENGTH, "min_length", MSEQ_TYPE_INT, MSEQ_GROUP_GENERATION,
     1, MSEQ_MAX_DIGITS, 1, 0, 0, 0, "MSEQ_MAX_DIGITS", nullptr, nullptr,
     "shortest random sequence", MSEQ_INT_FIELD(min_length)},
    {MSEQ_PARAM_MAX_LENGTH, "max_length", MSEQ_TYPE_INT, MSEQ_GROUP_GENERATION,
     1, MSEQ_MAX_DIGITS, 5, 0, 0, 0, "MSEQ_MAX_DIGITS", nullptr, nullptr,
     "longest random sequence", MSEQ_INT_FIELD(max_length)},
    {MSEQ_PARAM_NO_LEADING_ZERO, "no_leading_zero", MSEQ_TYPE_BOOL,
     MSEQ_GROUP_GENERATION, 0, 1, 0, 0, 0, 0, nullptr, nullptr, nullptr,
     "random sequences never start with 0 (unless one digit long)",
     MSEQ_INT_FIELD(no_leading_zero)},
    {MSEQ_PARAM_UNIQUE, "unique", MSEQ_TYPE_BOOL, MSEQ_GROUP_GENERATION,
     0, 1, 0, 0, 0, 0, nullptr, nullptr, nullptr,
     "no random sequence repeats", MSEQ_INT_FIELD(unique)},
    {MSEQ_PARAM_WRITER, "writer", MSEQ_TYPE_ENUM, MSEQ_GROUP_GENERATION,
     0, 1, MSEQ_WRITER_ANY, 0, 0, 0, nullptr, "any|same", "MSEQ_WRITER_",
     "whose digits: any (each from its whole class) or same (one writer "
     "per image; needs QMNIST's extended labels)",
     MSEQ_INT_FIELD(writer)},
    {MSEQ_PARAM_UNIQUE_PERMUTATION, "unique_permutation", MSEQ_TYPE_ENUM,
     MSEQ_GROUP_GENERATION, 0, 1, MSEQ_PERMUTATION_UNIFORM, 0, 0, 0, nullptr,
     "uniform|feistel_1_0", "MSEQ_PERMUTATION_",
     "order of unique sequences: uniform, or feistel_1_0 (1.0's, non-uniform)",
     MSEQ_INT_FIELD(unique_permutation)},
    {MSEQ_PARAM_STYLE, "style", MSEQ_TYPE_ENUM, MSEQ_GROUP_GENERATION, 0, 1,
     MSEQ_STYLE_ANY, 0, 0, 0, nullptr, "any|consistent", "MSEQ_STYLE_",
     "how alike an image's digits look: any, or consistent (one style "
     "cluster: slant and stroke width)",
     MSEQ_INT_FIELD(style)},
    // Augmentation: per-digit distortions, each off at 0.
    {MSEQ_PARAM_ROTATE, "rotate", MSEQ_TYPE_F64, MSEQ_GROUP_AUGMENTATION,
     0, 0, 0, 0.0, 180.0, 0.0, nullptr, nullptr, nullptr,
     "largest rotation of a digit, degrees (uniform over +-v)",
     MSEQ_F64_FIELD(rotate)},
    {MSEQ_PARAM_SHEAR, "shear", MSEQ_TYPE_F64, MSEQ_GROUP_AUGMENTATION,
     0, 0, 0, 0.0, 60.0, 0.0, nullptr, nullptr, nullptr,
     "largest slant of a digit, degrees (uniform over +-v)",
     MSEQ_F64_FIELD(shear)},
    {MSEQ_PARAM_DIGIT_SCALE, "digit_scale", MSEQ_TYPE_F64, MSEQ_GROUP_AUGMENTATION,
     0, 0, 0, 0.0, 0.9, 0.0, nullptr, nullptr, nullptr,
     "digit size factor range (uniform over 1 +- v)",
     MSEQ_F64_FIELD(digit_scale)},
    {MSEQ_PARAM_ASPECT, "aspect", MSEQ_TYPE_F64, MSEQ_GROUP_AUGMENTATION,
     0, 0, 0, 0.0, 0.9, 0.0, nullptr, nullptr, nullptr,
     "digit width factor range (uniform over 1 +- v)",
     MSEQ_F64_FIELD(aspect)},
    {MSEQ_PARAM_SHIFT_Y, "shift_y", MSEQ_TYPE_F64, MSEQ_GROUP_AUGMENTATION,
     0, 0, 0, 0.0, double(MSEQ_MAX_GLYPH_SIDE), 0.0, "MSEQ_MAX_GLYPH_SIDE",
     nullptr, nullptr,
     "largest vertical shift of a digit, pixels (uniform over +-v)",
     MSEQ_F64_FIELD(shift_y)},
    {MSEQ_PARAM_THICKNESS, "thickness", MSEQ_TYPE_F64, MSEQ_GROUP_AUGMENTATION,
     0, 0, 0, 0.0, 4.0, 0.0, nullptr, nullptr, nullptr,
     "largest stroke width change, pixels (uniform over +-v)",
     MSEQ_F64_FIELD(thickness)},
    {MSEQ_PARAM_ELASTIC_ALPHA, "elastic_alpha", MSEQ_TYPE_F64,
     MSEQ_GROUP_AUGMENTATION, 0, 0, 0, 0.0, 100.0, 0.0, nullptr, nullptr, nullptr,
     "elastic distortion strength, pixels (Simard's alpha; 0 off)",
     MSEQ_F64_FIELD(elastic_alpha)},
    {MSEQ_PARAM_ELASTIC_SIGMA, "elastic_sigma", MSEQ_TYPE_F64,
     MSEQ_GROUP_AUGMENTATION, 0, 0, 0, 1.0, 16.0, 4.0, nullptr, nullptr, nullptr,
     "elastic distortion smoothness, pixels (Simard's sigma)",
     MSEQ_F64_FIELD(elastic_sigma)},
    {MSEQ_PARAM_PRESET, "preset", MSEQ_TYPE_ENUM, MSEQ_GROUP_AUGMENTATION,
     0, 3, MSEQ_PRESET_NONE, 0, 0, 0, nullptr, "none|light|medium|heavy",
     "MSEQ_PRESET_", "augmentation preset: none, light, medium or heavy",
     MSEQ_INT_FIELD(preset)},
    {MSEQ_PARAM_STRENGTH, "strength", MSEQ_TYPE_F64, MSEQ_GROUP_AUGMENTATION,
     0, 0, 0, 0.0, 1.0, 1.0, nullptr, nullptr, nullptr,
     "multiplies every augmentation range (0: off)",
     MSEQ_F64_FIELD(strength)},
    // The baseline along the sequence, drawn per image (off at 0).
    {MSEQ_PARAM_BASELINE_SLOPE, "baseline_slope", MSEQ_TYPE_F64,
     MSEQ_GROUP_AUGMENTATION, 0, 0, 0, 0.0, 45.0, 0.0, nullptr, nullptr, nullptr,
     "largest slope of the line of digits, degrees (per image over +-v)",
     MSEQ_F64_FIELD(baseline_slope)},
    {MSEQ_PARAM_WAVE_AMPLITUDE, "wave_amplitude", MSEQ_TYPE_F64,
     MSEQ_GROUP_AUGMENTATION, 0, 0, 0, 0.0, double(MSEQ_MAX_GLYPH_SIDE), 0.0,
     "MSEQ_MAX_GLYPH_SIDE", nullptr, nullptr,
     "largest amplitude of the baseline's wave, pixels (per image over [0, v])",
     MSEQ_F64_FIELD(wave_amplitude)},
    {MSEQ_PARAM_WAVE_PERIOD, "wave_period", MSEQ_TYPE_F64,
     MSEQ_GROUP_AUGMENTATION, 0, 0, 0, 8.0, double(MSEQ_MAX_WIDTH), 160.0,
     "MSEQ_MAX_WIDTH", nullptr, nullptr,
     "wavelength of the baseline's sine wave, pixels",
     MSEQ_F64_FIELD(wave_period)},
    // Augmentation of the whole image, each off at 0 (photometric.hpp).
    {MSEQ_PARAM_NOISE_STD, "noise_std", MSEQ_TYPE_F64, MSEQ_GROUP_AUGMENTATION,
     0, 0, 0, 0.0, 1.0, 0.0, nullptr, nullptr, nullptr,
     "largest Gaussian noise std, 0..1 scale (per image uniform over [0, v])",
     MSEQ_F64_FIELD(noise_std)},
    {MSEQ_PARAM_SALT_PEPPER, "salt_pepper", MSEQ_TYPE_F64,
     MSEQ_GROUP_AUGMENTATION, 0, 0, 0, 0.0, 1.0, 0.0, nullptr, nullptr, nullptr,
     "largest fraction of pixels set black or white (per image over [0, v])",
     MSEQ_F64_FIELD(salt_pepper)},
    {MSEQ_PARAM_BLUR_SIGMA, "blur_sigma", MSEQ_TYPE_F64, MSEQ_GROUP_AUGMENTATION,
     0, 0, 0, 0.0, 8.0, 0.0, nullptr, nullptr, nullptr,
     "largest Gaussian blur sigma, pixels (per image uniform over [0, v])",
     MSEQ_F64_FIELD(blur_sigma)},
    {MSEQ_PARAM_CONTRAST, "contrast", MSEQ_TYPE_F64, MSEQ_GROUP_AUGMENTATION,
     0, 0, 0, 0.0, 1.0, 0.0, nullptr, nullptr, nullptr,
     "contrast factor range about mid-grey (uniform over 1 +- v)",
     MSEQ_F64_FIELD(contrast)},
    {MSEQ_PARAM_BRIGHTNESS, "brightness", MSEQ_TYPE_F64,
     MSEQ_GROUP_AUGMENTATION, 0, 0, 0, 0.0, 1.0, 0.0, nullptr, nullptr, nullptr,
     "brightness offset range, 0..1 scale (uniform over +-v)",
     MSEQ_F64_FIELD(brightness)},
    {MSEQ_PARAM_GAMMA, "gamma", MSEQ_TYPE_F64, MSEQ_GROUP_AUGMENTATION,
     0, 0, 0, 0.0, 0.9, 0.0, nullptr, nullptr, nullptr,
     "gamma exponent range (uniform over 1 +- v)",
     MSEQ_F64_FIELD(gamma)},
    {MSEQ_PARAM_INK_LEVEL, "ink_level", MSEQ_TYPE_F64, MSEQ_GROUP_AUGMENTATION,
     0, 0, 0, 0.0, 1.0, 0.0, nullptr, nullptr, nullptr,
     "largest grey of the ink, 0 black (per image uniform over [0, v])",
     MSEQ_F64_FIELD(ink_level)},
    {MSEQ_PARAM_PAPER_LEVEL, "paper_level", MSEQ_TYPE_F64,
     MSEQ_GROUP_AUGMENTATION, 0, 0, 0, 0.0, 1.0, 0.0, nullptr, nullptr, nullptr,
     "largest darkening of the paper (its grey uniform over [1 - v, 1])",
     MSEQ_F64_FIELD(paper_level)},
    {MSEQ_PARAM_BACKGROUND, "background", MSEQ_TYPE_ENUM,
     MSEQ_GROUP_AUGMENTATION, 0, 3, MSEQ_BACKGROUND_FLAT, 0, 0, 0, nullptr,
     "flat|gradient|texture|image", "MSEQ_BACKGROUND_",
     "paper pattern: flat, gradient, texture or image", MSEQ_INT_FIELD(background)},
    {MSEQ_PARAM_BACKGROUND_STRENGTH, "background_strength", MSEQ_TYPE_F64,
     MSEQ_GROUP_AUGMENTATION, 0, 0, 0, 0.0, 1.0, 0.0, nullptr, nullptr, nullptr,
     "largest darkening by the paper pattern (per image over [0, v])",
     MSEQ_F64_FIELD(background_strength)},
    {MSEQ_PARAM_TEXTURE_SCALE, "texture_scale", MSEQ_TYPE_F64,
     MSEQ_GROUP_AUGMENTATION, 0, 0, 0, 1.0, 64.0, 8.0, nullptr, nullptr, nullptr,
     "size of the paper texture's features, pixels",
     MSEQ_F64_FIELD(texture_scale)},
    // Output: the dataset writer's files.
    {MSEQ_PARAM_SHARD_SIZE, "shard_size", MSEQ_TYPE_INT, MSEQ_GROUP_OUTPUT,
     1, MSEQ_MAX_BATCH, 10000, 0, 0, 0, "MSEQ_MAX_BATCH", nullptr, nullptr,
     "images per shard of a dataset folder", MSEQ_INT_FIELD(shard_size)},
    {MSEQ_PARAM_PNG_LEVEL, "png_level", MSEQ_TYPE_INT, MSEQ_GROUP_OUTPUT,
     -1, 9, -1, 0, 0, 0, "zlib's levels", nullptr, nullptr,
     "PNG compression: -1 fast run-length, 0..9 zlib level",
     MSEQ_INT_FIELD(png_level)},
    {MSEQ_PARAM_PNG_RECIPE, "png_recipe", MSEQ_TYPE_BOOL, MSEQ_GROUP_OUTPUT,
     0, 1, 0, 0, 0, 0, nullptr, nullptr, nullptr,
     "every PNG carries its recipe (mnistseq-cli generate --like remakes it)",
     MSEQ_INT_FIELD(png_recipe)},
    {MSEQ_PARAM_MASKS, "masks", MSEQ_TYPE_BOOL, MSEQ_GROUP_OUTPUT,
     0, 1, 0, 0, 0, 0, nullptr, nullptr, nullptr,
     "write each image's instance mask and ink boxes with it",
     MSEQ_INT_FIELD(masks)},
    // Threads: never change the bytes.
    {MSEQ_PARAM_THREADS, "threads", MSEQ_TYPE_INT, MSEQ_GROUP_THREADS,
     0, MSEQ_MAX_THREADS, 0, 0, 0, 0, "MSEQ_MAX_THREADS", nullptr, nullptr,
     "worker threads (0: all cores)",
     MSEQ_INT_FIELD(threads)},
};
// clang-format on
#undef MSEQ_INT_FIELD
#undef MSEQ_F64_FIELD

std::string format_double(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

// "MSEQ_FIT_PAD (0), MSEQ_FIT_EXACT (1) or MSEQ_FIT_STRICT (2)"; "0 or 1".
std::string domain_text(const ParamRow &row) {
    if (row.type == MSEQ_TYPE_BOOL) {
        return "0 or 1";
    }
    std::string text;
    for (int64_t v = 0; v <= row.max; ++v) {
        if (v > 0) {
            text += v == row.max ? " or " : ", ";
        }
        std::string name = param_choice_name(row, v);
        for (char &c : name) {
            c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
        }
        text += row.choice_prefix + name + " (" + std::to_string(v) + ")";
    }
    return text;
}

// v as an int64_t, clamped to its range (v is an integral value).
int64_t clamped(double v) {
    if (v <= -9223372036854775808.0) return kInt64Min;
    if (v >= 9223372036854775808.0) return kInt64Max;
    return static_cast<int64_t>(v);
}

}  // namespace

int64_t param_int_min(const ParamRow &row) {
    return row.type == MSEQ_TYPE_F64 ? clamped(std::ceil(row.min_f64))
                                     : row.min;
}

int64_t param_int_max(const ParamRow &row) {
    return row.type == MSEQ_TYPE_F64 ? clamped(std::floor(row.max_f64))
                                     : row.max;
}

int64_t param_int_default(const ParamRow &row) {
    return row.type == MSEQ_TYPE_F64 ? clamped(std::trunc(row.default_f64))
                                     : row.default_value;
}

const mseq_param kSequenceKeys[4] = {
    MSEQ_PARAM_MIN_LENGTH, MSEQ_PARAM_MAX_LENGTH, MSEQ_PARAM_NO_LEADING_ZERO,
    MSEQ_PARAM_UNIQUE};

const ParamRow *param_rows() { return kRows; }

size_t param_row_count() { return sizeof kRows / sizeof kRows[0]; }

const ParamRow *find_param(int key) {
    for (const ParamRow &row : kRows) {
        if (row.key == key) {
            return &row;
        }
    }
    return nullptr;
}

const ParamRow *find_param(const char *name) {
    for (const ParamRow &row : kRows) {
        if (name != nullptr && std::strcmp(row.name, name) == 0) {
            return &row;
        }
    }
    return nullptr;
}

std::string param_c_name(const ParamRow &row) {
    std::string name = "MSEQ_PARAM_";
    for (const char *p = row.name; *p != '\0'; ++p) {
        name += static_cast<char>(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
    }
    return name;
}

std::string param_choice_name(const ParamRow &row, int64_t value) {
    const char *p = row.choices;
    for (int64_t i = 0; p != nullptr && i < value; ++i) {
        p = std::strchr(p, '|');
        p = p != nullptr ? p + 1 : nullptr;
    }
    if (p == nullptr) {
        return std::to_string(value);
    }
    const char *end = std::strchr(p, '|');
    return end != nullptr ? std::string(p, end) : std::string(p);
}

void set_param_value(Params &params, const ParamRow &row, int64_t value) {
    if (row.type == MSEQ_TYPE_F64) {
        set_param_value(params, row, static_cast<double>(value));
        return;
    }
    if (value < row.min || value > row.max) {
        const std::string said =
            param_c_name(row) + " = " + std::to_string(value) + ": must be ";
        if (row.type != MSEQ_TYPE_INT) {
            throw Error(MSEQ_EINVAL, said + domain_text(row));
        }
        throw Error(
            value < row.min ? MSEQ_EINVAL : MSEQ_ERANGE,
            said + std::to_string(row.min) + ".." + std::to_string(row.max) +
                (value > row.max ? std::string(" (") + row.limit + ")" : ""));
    }
    row.set(params, value);
}

void set_param_value(Params &params, const ParamRow &row, double value) {
    const std::string said = param_c_name(row) + " = " + format_double(value);
    if (!std::isfinite(value)) {
        throw Error(MSEQ_EINVAL, said + ": must be a finite number");
    }
    if (row.type != MSEQ_TYPE_F64) {
        // Every int64 is below 2^63; 2^63 itself is not an int64.
        if (value != std::floor(value) || value < -9223372036854775808.0 ||
            value >= 9223372036854775808.0) {
            throw Error(MSEQ_EINVAL, said + ": must be an integer");
        }
        set_param_value(params, row, static_cast<int64_t>(value));
        return;
    }
    if (value < row.min_f64 || value > row.max_f64) {
        throw Error(value < row.min_f64 ? MSEQ_EINVAL : MSEQ_ERANGE,
                    said + ": must be " + format_double(row.min_f64) + ".." +
                        format_double(row.max_f64) +
                        (value > row.max_f64 && row.limit != nullptr
                             ? std::string(" (") + row.limit + ")"
                             : ""));
    }
    row.set_f64(params, value);
}

int64_t get_param_value(const Params &params, const ParamRow &row) {
    if (row.type == MSEQ_TYPE_F64) {
        throw Error(MSEQ_EINVAL, param_c_name(row) +
                                     " is a floating-point parameter: read "
                                     "it with mseq_params_get_f64");
    }
    return row.get(params);
}

double get_param_value_f64(const Params &params, const ParamRow &row) {
    return row.type == MSEQ_TYPE_F64 ? row.get_f64(params)
                                     : static_cast<double>(row.get(params));
}

}  // namespace mseq
