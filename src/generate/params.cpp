// Per-key domain checks of the generation parameters (params.hpp).
#include "generate/params.hpp"

#include <string>

#include "common/error.hpp"

namespace mseq {
namespace {

const char *key_name(int key) {
    switch (key) {
        case MSEQ_PARAM_MIN_SPACING:
            return "MSEQ_PARAM_MIN_SPACING";
        case MSEQ_PARAM_MAX_SPACING:
            return "MSEQ_PARAM_MAX_SPACING";
        case MSEQ_PARAM_WIDTH:
            return "MSEQ_PARAM_WIDTH";
        case MSEQ_PARAM_FIT:
            return "MSEQ_PARAM_FIT";
        case MSEQ_PARAM_ALIGN:
            return "MSEQ_PARAM_ALIGN";
        case MSEQ_PARAM_INVERT:
            return "MSEQ_PARAM_INVERT";
        case MSEQ_PARAM_SEED:
            return "MSEQ_PARAM_SEED";
        case MSEQ_PARAM_FORMAT:
            return "MSEQ_PARAM_FORMAT";
        case MSEQ_PARAM_MIN_LENGTH:
            return "MSEQ_PARAM_MIN_LENGTH";
        case MSEQ_PARAM_MAX_LENGTH:
            return "MSEQ_PARAM_MAX_LENGTH";
        case MSEQ_PARAM_NO_LEADING_ZERO:
            return "MSEQ_PARAM_NO_LEADING_ZERO";
        case MSEQ_PARAM_UNIQUE:
            return "MSEQ_PARAM_UNIQUE";
        case MSEQ_PARAM_THREADS:
            return "MSEQ_PARAM_THREADS";
        case MSEQ_PARAM_SHARD_SIZE:
            return "MSEQ_PARAM_SHARD_SIZE";
        case MSEQ_PARAM_PNG_LEVEL:
            return "MSEQ_PARAM_PNG_LEVEL";
        default:
            return nullptr;
    }
}

[[noreturn]] void unknown_key(int key) {
    throw Error(MSEQ_EINVAL, "unknown parameter key " + std::to_string(key));
}

// Checks lo <= value <= hi: below lo is MSEQ_EINVAL (outside the domain),
// above hi is MSEQ_ERANGE (beyond a limit). The message names key and value.
int64_t checked(int key, int64_t value, int64_t lo, int64_t hi,
                const char *limit) {
    if (value < lo || value > hi) {
        throw Error(value < lo ? MSEQ_EINVAL : MSEQ_ERANGE,
                    std::string(key_name(key)) + " = " + std::to_string(value) +
                        ": must be " + std::to_string(lo) + ".." +
                        std::to_string(hi) +
                        (value > hi ? std::string(" (") + limit + ")" : ""));
    }
    return value;
}

// A value of a closed set (enum or flag): anything else is MSEQ_EINVAL.
int64_t one_of(int key, int64_t value, int64_t count, const char *choices) {
    if (value < 0 || value >= count) {
        throw Error(MSEQ_EINVAL, std::string(key_name(key)) + " = " +
                                     std::to_string(value) + ": must be " +
                                     choices);
    }
    return value;
}

}  // namespace

void set_param(Params &params, int key, int64_t value) {
    switch (key) {
        case MSEQ_PARAM_MIN_SPACING:
            params.min_spacing =
                checked(key, value, 0, MSEQ_MAX_SPACING, "MSEQ_MAX_SPACING");
            return;
        case MSEQ_PARAM_MAX_SPACING:
            params.max_spacing =
                checked(key, value, 0, MSEQ_MAX_SPACING, "MSEQ_MAX_SPACING");
            return;
        case MSEQ_PARAM_WIDTH:
            params.width =
                checked(key, value, 1, MSEQ_MAX_WIDTH, "MSEQ_MAX_WIDTH");
            return;
        case MSEQ_PARAM_FIT:
            params.fit = static_cast<mseq_fit>(one_of(
                key, value, 3,
                "MSEQ_FIT_PAD (0), MSEQ_FIT_EXACT (1) or MSEQ_FIT_STRICT (2)"));
            return;
        case MSEQ_PARAM_ALIGN:
            params.align = static_cast<mseq_align>(
                one_of(key, value, 4,
                       "MSEQ_ALIGN_CENTER (0), MSEQ_ALIGN_LEFT (1), "
                       "MSEQ_ALIGN_RIGHT (2) or MSEQ_ALIGN_RANDOM (3)"));
            return;
        case MSEQ_PARAM_INVERT:
            params.invert = one_of(key, value, 2, "0 or 1") != 0;
            return;
        case MSEQ_PARAM_SEED:
            params.seed = static_cast<uint64_t>(value);
            return;
        case MSEQ_PARAM_FORMAT:
            params.format = static_cast<mseq_format>(one_of(
                key, value, 2, "MSEQ_FORMAT_F32 (0) or MSEQ_FORMAT_U8 (1)"));
            return;
        case MSEQ_PARAM_MIN_LENGTH:
            params.min_length =
                checked(key, value, 1, MSEQ_MAX_DIGITS, "MSEQ_MAX_DIGITS");
            return;
        case MSEQ_PARAM_MAX_LENGTH:
            params.max_length =
                checked(key, value, 1, MSEQ_MAX_DIGITS, "MSEQ_MAX_DIGITS");
            return;
        case MSEQ_PARAM_NO_LEADING_ZERO:
            params.no_leading_zero = one_of(key, value, 2, "0 or 1") != 0;
            return;
        case MSEQ_PARAM_UNIQUE:
            params.unique = one_of(key, value, 2, "0 or 1") != 0;
            return;
        case MSEQ_PARAM_THREADS:
            params.threads =
                checked(key, value, 0, MSEQ_MAX_THREADS, "MSEQ_MAX_THREADS");
            return;
        case MSEQ_PARAM_SHARD_SIZE:
            params.shard_size =
                checked(key, value, 1, MSEQ_MAX_BATCH, "MSEQ_MAX_BATCH");
            return;
        case MSEQ_PARAM_PNG_LEVEL:
            params.png_level = checked(key, value, -1, 9, "zlib's levels");
            return;
        default:
            unknown_key(key);
    }
}

int64_t get_param(const Params &params, int key) {
    switch (key) {
        case MSEQ_PARAM_MIN_SPACING:
            return params.min_spacing;
        case MSEQ_PARAM_MAX_SPACING:
            return params.max_spacing;
        case MSEQ_PARAM_WIDTH:
            return params.width;
        case MSEQ_PARAM_FIT:
            return params.fit;
        case MSEQ_PARAM_ALIGN:
            return params.align;
        case MSEQ_PARAM_INVERT:
            return params.invert ? 1 : 0;
        case MSEQ_PARAM_SEED:
            return static_cast<int64_t>(params.seed);
        case MSEQ_PARAM_FORMAT:
            return params.format;
        case MSEQ_PARAM_MIN_LENGTH:
            return params.min_length;
        case MSEQ_PARAM_MAX_LENGTH:
            return params.max_length;
        case MSEQ_PARAM_NO_LEADING_ZERO:
            return params.no_leading_zero ? 1 : 0;
        case MSEQ_PARAM_UNIQUE:
            return params.unique ? 1 : 0;
        case MSEQ_PARAM_THREADS:
            return params.threads;
        case MSEQ_PARAM_SHARD_SIZE:
            return params.shard_size;
        case MSEQ_PARAM_PNG_LEVEL:
            return params.png_level;
        default:
            unknown_key(key);
    }
}

}  // namespace mseq
