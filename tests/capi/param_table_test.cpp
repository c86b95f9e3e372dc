// The parameter table through the C API: mseq_param_info, mseq_param_by_name,
// mseq_param_list, mseq_params_set_f64/get_f64 (mnistseq.h, "The parameter
// table"), checked against the header's documented keys, defaults and
// limits and against what mseq_params_set() actually accepts.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "c_callers.h"
#include "capi_test.hpp"
#include "mnistseq/mnistseq.h"

namespace {

using capi_test::expect_error;

std::vector<mseq_param> all_keys() {
    size_t n = 0;
    EXPECT_EQ(mseq_param_list(nullptr, 0, &n), MSEQ_OK);
    std::vector<mseq_param> keys(n);
    EXPECT_EQ(mseq_param_list(keys.data(), keys.size(), &n), MSEQ_OK);
    return keys;
}

mseq_param_desc info(mseq_param key) {
    mseq_param_desc d{};
    d.version = MSEQ_PARAM_DESC_VERSION;
    EXPECT_EQ(mseq_param_info(&d, key), MSEQ_OK) << mseq_last_error();
    return d;
}

// "MSEQ_PARAM_" + the upper-case name: how messages name a key.
std::string c_name(const char *name) {
    std::string s = "MSEQ_PARAM_";
    for (const char *p = name; *p; ++p)
        s += static_cast<char>(std::toupper(*p));
    return s;
}

TEST(ParamTable, ListsEveryOneZeroKeyOnce) {
    const std::vector<mseq_param> keys = all_keys();
    const std::set<int> got(keys.begin(), keys.end());
    EXPECT_EQ(got.size(), keys.size());
    std::set<int> want;
    for (int k = MSEQ_PARAM_MIN_SPACING; k <= MSEQ_PARAM_PNG_LEVEL; ++k) {
        want.insert(k);
    }
    for (int k = MSEQ_PARAM_ROTATE; k <= MSEQ_PARAM_ELASTIC_SIGMA; ++k) {
        want.insert(k);
    }
    for (int k = MSEQ_PARAM_HEIGHT; k <= MSEQ_PARAM_WRITER; ++k) {
        want.insert(k);
    }
    want.insert(MSEQ_PARAM_UNIQUE_PERMUTATION);
    want.insert(MSEQ_PARAM_STYLE);
    want.insert(MSEQ_PARAM_PRESET);
    want.insert(MSEQ_PARAM_STRENGTH);
    for (int k = MSEQ_PARAM_BASELINE_SLOPE; k <= MSEQ_PARAM_WAVE_PERIOD; ++k) {
        want.insert(k);
    }
    for (int k = MSEQ_PARAM_NOISE_STD; k <= MSEQ_PARAM_TEXTURE_SCALE; ++k) {
        want.insert(k);
    }
    want.insert(MSEQ_PARAM_PNG_RECIPE);
    want.insert(MSEQ_PARAM_MASKS);
    EXPECT_EQ(got, want);
}

TEST(ParamTable, NamesMatchTheHeaderKeysAndLookUpBothWays) {
    const struct {
        mseq_param key;
        const char *name;
    } header[] = {{MSEQ_PARAM_MIN_SPACING, "min_spacing"},
                  {MSEQ_PARAM_MAX_SPACING, "max_spacing"},
                  {MSEQ_PARAM_WIDTH, "width"},
                  {MSEQ_PARAM_FIT, "fit"},
                  {MSEQ_PARAM_ALIGN, "align"},
                  {MSEQ_PARAM_INVERT, "invert"},
                  {MSEQ_PARAM_SEED, "seed"},
                  {MSEQ_PARAM_FORMAT, "format"},
                  {MSEQ_PARAM_MIN_LENGTH, "min_length"},
                  {MSEQ_PARAM_MAX_LENGTH, "max_length"},
                  {MSEQ_PARAM_NO_LEADING_ZERO, "no_leading_zero"},
                  {MSEQ_PARAM_UNIQUE, "unique"},
                  {MSEQ_PARAM_THREADS, "threads"},
                  {MSEQ_PARAM_SHARD_SIZE, "shard_size"},
                  {MSEQ_PARAM_PNG_LEVEL, "png_level"},
                  {MSEQ_PARAM_HEIGHT, "height"},
                  {MSEQ_PARAM_MARGIN_X, "margin_x"},
                  {MSEQ_PARAM_MARGIN_Y, "margin_y"},
                  {MSEQ_PARAM_WRITER, "writer"},
                  {MSEQ_PARAM_UNIQUE_PERMUTATION, "unique_permutation"},
                  {MSEQ_PARAM_STYLE, "style"},
                  {MSEQ_PARAM_ROTATE, "rotate"},
                  {MSEQ_PARAM_SHEAR, "shear"},
                  {MSEQ_PARAM_DIGIT_SCALE, "digit_scale"},
                  {MSEQ_PARAM_ASPECT, "aspect"},
                  {MSEQ_PARAM_SHIFT_Y, "shift_y"},
                  {MSEQ_PARAM_THICKNESS, "thickness"},
                  {MSEQ_PARAM_ELASTIC_ALPHA, "elastic_alpha"},
                  {MSEQ_PARAM_ELASTIC_SIGMA, "elastic_sigma"},
                  {MSEQ_PARAM_PRESET, "preset"},
                  {MSEQ_PARAM_STRENGTH, "strength"},
                  {MSEQ_PARAM_BASELINE_SLOPE, "baseline_slope"},
                  {MSEQ_PARAM_WAVE_AMPLITUDE, "wave_amplitude"},
                  {MSEQ_PARAM_WAVE_PERIOD, "wave_period"},
                  {MSEQ_PARAM_NOISE_STD, "noise_std"},
                  {MSEQ_PARAM_SALT_PEPPER, "salt_pepper"},
                  {MSEQ_PARAM_BLUR_SIGMA, "blur_sigma"},
                  {MSEQ_PARAM_CONTRAST, "contrast"},
                  {MSEQ_PARAM_BRIGHTNESS, "brightness"},
                  {MSEQ_PARAM_GAMMA, "gamma"},
                  {MSEQ_PARAM_INK_LEVEL, "ink_level"},
                  {MSEQ_PARAM_PAPER_LEVEL, "paper_level"},
                  {MSEQ_PARAM_BACKGROUND, "background"},
                  {MSEQ_PARAM_BACKGROUND_STRENGTH, "background_strength"},
                  {MSEQ_PARAM_TEXTURE_SCALE, "texture_scale"},
                  {MSEQ_PARAM_PNG_RECIPE, "png_recipe"},
                  {MSEQ_PARAM_MASKS, "masks"}};
    for (const auto &h : header) {
        const mseq_param_desc d = info(h.key);
        EXPECT_EQ(d.key, h.key);
        EXPECT_STREQ(d.name, h.name);
        EXPECT_GT(std::strlen(d.help), 10u) << h.name;
        mseq_param found{};
        ASSERT_EQ(mseq_param_by_name(&found, h.name), MSEQ_OK);
        EXPECT_EQ(found, h.key);
    }
}

TEST(ParamTable, DefaultsAreThoseOfANewParameterSet) {
    capi_test::Params p;
    for (mseq_param key : all_keys()) {
        const mseq_param_desc d = info(key);
        double f = -1;
        ASSERT_EQ(mseq_params_get_f64(&f, p, key), MSEQ_OK);
        EXPECT_EQ(f, d.default_f64) << d.name;
        if (d.value_type == MSEQ_TYPE_F64) {
            // Read as a double only.
            int64_t v = 0;
            expect_error([&] { return mseq_params_get(&v, p, key); },
                         MSEQ_EINVAL, {c_name(d.name), "mseq_params_get_f64"});
            continue;
        }
        EXPECT_EQ(p.value(key), d.default_value) << d.name;
        EXPECT_EQ(d.default_f64, static_cast<double>(d.default_value));
    }
}

// A floating-point key takes every double in [min_f64, max_f64] and no
// other (the next doubles out, NaN, infinities); the integer bounds are the
// integers inside.
void expect_f64_bounds(capi_test::Params &p, mseq_param key,
                       const mseq_param_desc &d) {
    const double inf = std::numeric_limits<double>::infinity();
    double got = -1;
    for (double v : {d.min_f64, d.max_f64, (d.min_f64 + d.max_f64) / 2}) {
        ASSERT_EQ(mseq_params_set_f64(p, key, v), MSEQ_OK) << v;
        ASSERT_EQ(mseq_params_get_f64(&got, p, key), MSEQ_OK);
        EXPECT_EQ(got, v);
    }
    expect_error(
        [&] {
            return mseq_params_set_f64(p, key, std::nextafter(d.min_f64, -inf));
        },
        MSEQ_EINVAL, {c_name(d.name)});
    expect_error(
        [&] {
            return mseq_params_set_f64(p, key, std::nextafter(d.max_f64, inf));
        },
        MSEQ_ERANGE, {c_name(d.name)});
    for (double bad : {std::nan(""), inf, -inf}) {
        expect_error([&] { return mseq_params_set_f64(p, key, bad); },
                     MSEQ_EINVAL, {c_name(d.name), "finite"});
    }
    ASSERT_EQ(mseq_params_get_f64(&got, p, key), MSEQ_OK);
    EXPECT_EQ(got, (d.min_f64 + d.max_f64) / 2) << "unchanged after failures";
    EXPECT_EQ(static_cast<double>(d.min), std::ceil(d.min_f64));
    EXPECT_EQ(static_cast<double>(d.max), std::floor(d.max_f64));
    ASSERT_EQ(mseq_params_set(p, key, d.max), MSEQ_OK);
    ASSERT_EQ(mseq_params_get_f64(&got, p, key), MSEQ_OK);
    EXPECT_EQ(got, static_cast<double>(d.max));
    expect_error([&] { return mseq_params_set(p, key, d.max + 1); },
                 MSEQ_ERANGE, {c_name(d.name)});
}

TEST(ParamTable, BoundsAreExactlyWhatSetAccepts) {
    for (mseq_param key : all_keys()) {
        const mseq_param_desc d = info(key);
        SCOPED_TRACE(d.name);
        capi_test::Params p;
        if (d.value_type == MSEQ_TYPE_F64) {
            expect_f64_bounds(p, key, d);
            continue;
        }
        ASSERT_EQ(mseq_params_set(p, key, d.min), MSEQ_OK);
        EXPECT_EQ(p.value(key), d.min);
        ASSERT_EQ(mseq_params_set(p, key, d.max), MSEQ_OK);
        EXPECT_EQ(p.value(key), d.max);
        if (d.min > std::numeric_limits<int64_t>::min()) {
            expect_error([&] { return mseq_params_set(p, key, d.min - 1); },
                         MSEQ_EINVAL, {c_name(d.name)});
        }
        if (d.max < std::numeric_limits<int64_t>::max()) {
            expect_error(
                [&] { return mseq_params_set(p, key, d.max + 1); },
                d.value_type == MSEQ_TYPE_INT ? MSEQ_ERANGE : MSEQ_EINVAL,
                {c_name(d.name)});
        }
        EXPECT_EQ(p.value(key), d.max) << "unchanged after a failure";
        EXPECT_EQ(d.min_f64, static_cast<double>(d.min));
        EXPECT_EQ(d.max_f64, static_cast<double>(d.max));
    }
}

// Every floating-point row: mseq_param_info() reports its double bounds
// and default as mseq_params_set_f64() applies them (the bounds themselves
// accepted, the next double beyond each refused), and integer bounds that
// are the integers mseq_params_set() accepts.
TEST(ParamTable, F64RowsReportTheBoundsSetApplies) {
    for (mseq_param key : all_keys()) {
        const mseq_param_desc d = info(key);
        if (d.value_type != MSEQ_TYPE_F64) continue;
        SCOPED_TRACE(d.name);
        EXPECT_LT(d.min_f64, d.max_f64);
        EXPECT_GE(d.default_f64, d.min_f64);
        EXPECT_LE(d.default_f64, d.max_f64);
        capi_test::Params p;
        double v = -1;
        ASSERT_EQ(mseq_params_get_f64(&v, p, key), MSEQ_OK);
        EXPECT_EQ(v, d.default_f64);
        for (double bound : {d.min_f64, d.max_f64}) {
            ASSERT_EQ(mseq_params_set_f64(p, key, bound), MSEQ_OK);
            ASSERT_EQ(mseq_params_get_f64(&v, p, key), MSEQ_OK);
            EXPECT_EQ(v, bound);
        }
        expect_error(
            [&] {
                return mseq_params_set_f64(p, key,
                                           std::nextafter(d.min_f64, -1e300));
            },
            MSEQ_EINVAL, {c_name(d.name)});
        expect_error(
            [&] {
                return mseq_params_set_f64(p, key,
                                           std::nextafter(d.max_f64, 1e300));
            },
            MSEQ_ERANGE, {c_name(d.name)});
        EXPECT_EQ(d.min, static_cast<int64_t>(std::ceil(d.min_f64)));
        EXPECT_EQ(d.max, static_cast<int64_t>(std::floor(d.max_f64)));
        if (d.min <= d.max) {
            EXPECT_EQ(mseq_params_set(p, key, d.min), MSEQ_OK);
            EXPECT_EQ(mseq_params_set(p, key, d.max), MSEQ_OK);
            EXPECT_NE(mseq_params_set(p, key, d.min - 1), MSEQ_OK);
            EXPECT_NE(mseq_params_set(p, key, d.max + 1), MSEQ_OK);
        }
    }
}

TEST(ParamTable, LimitsNameTheHeaderMacrosOfTheBounds) {
    const struct {
        const char *name;
        int64_t value;
    } limits[] = {{"MSEQ_MAX_SPACING", MSEQ_MAX_SPACING},
                  {"MSEQ_MAX_WIDTH", MSEQ_MAX_WIDTH},
                  {"MSEQ_MAX_DIGITS", MSEQ_MAX_DIGITS},
                  {"MSEQ_MAX_THREADS", MSEQ_MAX_THREADS},
                  {"MSEQ_MAX_BATCH", MSEQ_MAX_BATCH},
                  {"MSEQ_MAX_GLYPH_SIDE", MSEQ_MAX_GLYPH_SIDE}};
    int named = 0;
    for (mseq_param key : all_keys()) {
        const mseq_param_desc d = info(key);
        for (const auto &l : limits) {
            if (d.limit != nullptr && std::strcmp(d.limit, l.name) == 0) {
                EXPECT_EQ(d.max, l.value) << d.name;
                ++named;
            }
        }
    }
    // Both spacings, width, both lengths, threads, shard; shift_y; height
    // and margin_y (the glyph side), margin_x (the width); wave_amplitude
    // (the glyph side) and wave_period (the width).
    EXPECT_EQ(named, 13);
}

TEST(ParamTable, TypesGroupsAndChoices) {
    for (mseq_param key : all_keys()) {
        const mseq_param_desc d = info(key);
        SCOPED_TRACE(d.name);
        EXPECT_EQ(d.choices != nullptr, d.value_type == MSEQ_TYPE_ENUM);
        if (d.value_type == MSEQ_TYPE_BOOL) {
            EXPECT_EQ(d.min, 0);
            EXPECT_EQ(d.max, 1);
        }
        if (d.value_type == MSEQ_TYPE_ENUM) {
            // One name per value 0..max.
            const std::string c = d.choices;
            EXPECT_EQ(static_cast<int64_t>(std::count(c.begin(), c.end(), '|')),
                      d.max);
            EXPECT_EQ(d.min, 0);
        }
        const int g = d.group;
        EXPECT_TRUE(g == MSEQ_GROUP_GENERATION || g == MSEQ_GROUP_OUTPUT ||
                    g == MSEQ_GROUP_THREADS || g == MSEQ_GROUP_AUGMENTATION);
        // Keys added since 1.0 take numbers from their group's range.
        if (key > MSEQ_PARAM_PNG_LEVEL) {
            EXPECT_GE(int(key), g);
            EXPECT_LT(int(key), g + 100);
        }
        if (d.value_type == MSEQ_TYPE_F64) {
            EXPECT_EQ(g, MSEQ_GROUP_AUGMENTATION);
            if (key == MSEQ_PARAM_ELASTIC_SIGMA) {
                // Not a module: the elastic field's smoothness, used only
                // when elastic_alpha is on.
                EXPECT_EQ(d.default_f64, 4.0);
                EXPECT_EQ(d.min_f64, 1.0);
                EXPECT_EQ(d.max_f64, 16.0);
                continue;
            }
            if (key == MSEQ_PARAM_WAVE_PERIOD) {
                // Not a module: the wave's length, used only when
                // wave_amplitude is on.
                EXPECT_EQ(d.default_f64, 160.0);
                EXPECT_EQ(d.min_f64, 8.0);
                EXPECT_EQ(d.max_f64, double(MSEQ_MAX_WIDTH));
                EXPECT_STREQ(d.limit, "MSEQ_MAX_WIDTH");
                continue;
            }
            if (key == MSEQ_PARAM_TEXTURE_SCALE) {
                // Not a module: the texture's feature size, used only with
                // MSEQ_BACKGROUND_TEXTURE.
                EXPECT_EQ(d.default_f64, 8.0);
                EXPECT_EQ(d.min_f64, 1.0);
                EXPECT_EQ(d.max_f64, 64.0);
                continue;
            }
            // Augmentation modules: off (identity) by default; the strength
            // multiplies their ranges, 1 by default.
            EXPECT_EQ(d.default_f64, key == MSEQ_PARAM_STRENGTH ? 1.0 : 0.0);
            EXPECT_EQ(d.min_f64, 0.0);
        }
    }
    EXPECT_STREQ(info(MSEQ_PARAM_FIT).choices, "pad|exact|strict");
    EXPECT_STREQ(info(MSEQ_PARAM_PRESET).choices, "none|light|medium|heavy");
    EXPECT_STREQ(info(MSEQ_PARAM_BACKGROUND).choices,
                 "flat|gradient|texture|image");
    EXPECT_EQ(info(MSEQ_PARAM_BACKGROUND).max, MSEQ_BACKGROUND_IMAGE);
    EXPECT_EQ(info(MSEQ_PARAM_BACKGROUND).default_value, MSEQ_BACKGROUND_FLAT);
    EXPECT_EQ(info(MSEQ_PARAM_PRESET).max, MSEQ_PRESET_HEAVY);
    EXPECT_STREQ(info(MSEQ_PARAM_WRITER).choices, "any|same");
    EXPECT_STREQ(info(MSEQ_PARAM_STYLE).choices, "any|consistent");
    EXPECT_EQ(info(MSEQ_PARAM_STYLE).default_value, MSEQ_STYLE_ANY);
    EXPECT_EQ(info(MSEQ_PARAM_WRITER).max, MSEQ_WRITER_SAME);
    EXPECT_EQ(info(MSEQ_PARAM_WRITER).default_value, MSEQ_WRITER_ANY);
    EXPECT_EQ(info(MSEQ_PARAM_WRITER).group, MSEQ_GROUP_GENERATION);
    EXPECT_STREQ(info(MSEQ_PARAM_ALIGN).choices, "center|left|right|random");
    EXPECT_STREQ(info(MSEQ_PARAM_UNIQUE_PERMUTATION).choices,
                 "uniform|feistel_1_0");
    EXPECT_EQ(info(MSEQ_PARAM_UNIQUE_PERMUTATION).group, MSEQ_GROUP_GENERATION);
    EXPECT_EQ(info(MSEQ_PARAM_UNIQUE_PERMUTATION).max,
              MSEQ_PERMUTATION_FEISTEL_1_0);
    EXPECT_EQ(info(MSEQ_PARAM_UNIQUE_PERMUTATION).default_value,
              MSEQ_PERMUTATION_UNIFORM);
    EXPECT_EQ(info(MSEQ_PARAM_THREADS).group, MSEQ_GROUP_THREADS);
    EXPECT_EQ(info(MSEQ_PARAM_SHARD_SIZE).group, MSEQ_GROUP_OUTPUT);
    EXPECT_EQ(info(MSEQ_PARAM_PNG_RECIPE).group, MSEQ_GROUP_OUTPUT);
    EXPECT_EQ(info(MSEQ_PARAM_PNG_RECIPE).value_type, MSEQ_TYPE_BOOL);
    EXPECT_EQ(info(MSEQ_PARAM_PNG_RECIPE).default_value, 0);
    EXPECT_EQ(info(MSEQ_PARAM_MASKS).group, MSEQ_GROUP_OUTPUT);
    EXPECT_EQ(info(MSEQ_PARAM_MASKS).value_type, MSEQ_TYPE_BOOL);
    EXPECT_EQ(info(MSEQ_PARAM_MASKS).default_value, 0);
    EXPECT_EQ(info(MSEQ_PARAM_MASKS).max, 1);
}

TEST(ParamTable, BadCallsAreRefused) {
    mseq_param_desc d{};
    d.version = MSEQ_PARAM_DESC_VERSION;
    expect_error([&] { return mseq_param_info(nullptr, MSEQ_PARAM_WIDTH); },
                 MSEQ_EINVAL, {"mseq_param_info", "out is NULL"});
    for (int key : {0, 16, 99, 199, 1000, -1}) {
        expect_error([&] { return c_param_info(&d, key); }, MSEQ_EINVAL,
                     {"unknown parameter key " + std::to_string(key)});
    }
    d.version = MSEQ_PARAM_DESC_VERSION + 1;
    expect_error([&] { return mseq_param_info(&d, MSEQ_PARAM_WIDTH); },
                 MSEQ_EINVAL, {"version", "MSEQ_PARAM_DESC_VERSION"});
    mseq_param k = MSEQ_PARAM_SEED;
    expect_error([&] { return mseq_param_by_name(&k, "spacing"); }, MSEQ_EINVAL,
                 {"'spacing'"});
    expect_error([&] { return mseq_param_by_name(&k, "WIDTH"); }, MSEQ_EINVAL,
                 {"'WIDTH'"});
    expect_error([&] { return mseq_param_by_name(&k, nullptr); }, MSEQ_EINVAL,
                 {"name is NULL"});
    EXPECT_EQ(k, MSEQ_PARAM_SEED) << "untouched on failure";
    size_t n = 0;
    mseq_param few[3];
    expect_error([&] { return mseq_param_list(few, 3, &n); }, MSEQ_EBUFSIZE,
                 {"cap is 3"});
    EXPECT_EQ(n, all_keys().size()) << "the count is given with MSEQ_EBUFSIZE";
    EXPECT_EQ(n, 47u);
    expect_error([&] { return mseq_param_list(nullptr, 3, &n); }, MSEQ_EINVAL,
                 {"out is NULL"});
    expect_error([&] { return mseq_param_list(few, 3, nullptr); }, MSEQ_EINVAL,
                 {"count is NULL"});
}

TEST(ParamTable, SetF64TakesIntegralValuesOfIntegerKeys) {
    capi_test::Params p;
    ASSERT_EQ(mseq_params_set_f64(p, MSEQ_PARAM_WIDTH, 160.0), MSEQ_OK);
    EXPECT_EQ(p.value(MSEQ_PARAM_WIDTH), 160);
    double w = 0;
    ASSERT_EQ(mseq_params_get_f64(&w, p, MSEQ_PARAM_WIDTH), MSEQ_OK);
    EXPECT_EQ(w, 160.0);
    ASSERT_EQ(mseq_params_set_f64(p, MSEQ_PARAM_SEED, -1.0), MSEQ_OK);
    EXPECT_EQ(p.value(MSEQ_PARAM_SEED), -1);
    const double inf = std::numeric_limits<double>::infinity();
    for (double bad : {160.5, std::nan(""), inf, -inf, 1e300}) {
        expect_error(
            [&] { return mseq_params_set_f64(p, MSEQ_PARAM_WIDTH, bad); },
            MSEQ_EINVAL, {"MSEQ_PARAM_WIDTH"});
    }
    expect_error(
        [&] { return mseq_params_set_f64(p, MSEQ_PARAM_WIDTH, 65537.0); },
        MSEQ_ERANGE, {"MSEQ_PARAM_WIDTH = 65537", "MSEQ_MAX_WIDTH"});
    expect_error([&] { return mseq_params_set_f64(p, MSEQ_PARAM_FIT, 3.0); },
                 MSEQ_EINVAL, {"MSEQ_FIT_STRICT (2)"});
    EXPECT_EQ(p.value(MSEQ_PARAM_WIDTH), 160) << "unchanged after failures";
    expect_error(
        [&] { return mseq_params_set_f64(nullptr, MSEQ_PARAM_WIDTH, 1.0); },
        MSEQ_EINVAL, {"params is NULL"});
    expect_error(
        [&] { return mseq_params_get_f64(nullptr, p, MSEQ_PARAM_WIDTH); },
        MSEQ_EINVAL, {"value is NULL"});
    expect_error([&] { return c_params_get_f64(&w, p, 99); }, MSEQ_EINVAL,
                 {"unknown parameter key 99"});
}

}  // namespace
