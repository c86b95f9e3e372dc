// mseq_params_new/free/set/get: defaults, domains, limits, failures.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "capi_test.hpp"
#include "mnistseq/mnistseq.h"

namespace {

using capi_test::expect_error;

const mseq_param kAllKeys[] = {
    MSEQ_PARAM_MIN_SPACING, MSEQ_PARAM_MAX_SPACING,     MSEQ_PARAM_WIDTH,
    MSEQ_PARAM_FIT,         MSEQ_PARAM_ALIGN,           MSEQ_PARAM_INVERT,
    MSEQ_PARAM_SEED,        MSEQ_PARAM_FORMAT,          MSEQ_PARAM_MIN_LENGTH,
    MSEQ_PARAM_MAX_LENGTH,  MSEQ_PARAM_NO_LEADING_ZERO, MSEQ_PARAM_UNIQUE,
    MSEQ_PARAM_THREADS,     MSEQ_PARAM_SHARD_SIZE,      MSEQ_PARAM_PNG_LEVEL};

TEST(Params, DefaultsAreTheDocumentedOnes) {
    capi_test::Params p;
    EXPECT_EQ(p.value(MSEQ_PARAM_MIN_SPACING), 0);
    EXPECT_EQ(p.value(MSEQ_PARAM_MAX_SPACING), 0);
    EXPECT_EQ(p.value(MSEQ_PARAM_WIDTH), 0);
    EXPECT_EQ(p.value(MSEQ_PARAM_FIT), MSEQ_FIT_PAD);
    EXPECT_EQ(p.value(MSEQ_PARAM_ALIGN), MSEQ_ALIGN_CENTER);
    EXPECT_EQ(p.value(MSEQ_PARAM_INVERT), 0);
    EXPECT_EQ(p.value(MSEQ_PARAM_SEED), 0);
    EXPECT_EQ(p.value(MSEQ_PARAM_FORMAT), MSEQ_FORMAT_F32);
    EXPECT_EQ(p.value(MSEQ_PARAM_MIN_LENGTH), 1);
    EXPECT_EQ(p.value(MSEQ_PARAM_MAX_LENGTH), 5);
    EXPECT_EQ(p.value(MSEQ_PARAM_NO_LEADING_ZERO), 0);
    EXPECT_EQ(p.value(MSEQ_PARAM_UNIQUE), 0);
    EXPECT_EQ(p.value(MSEQ_PARAM_THREADS), 0);
    EXPECT_EQ(p.value(MSEQ_PARAM_SHARD_SIZE), 10000);
    EXPECT_EQ(p.value(MSEQ_PARAM_PNG_LEVEL), -1);
}

struct Valid {
    mseq_param key;
    int64_t value;
};

TEST(Params, EveryValidValueReadsBack) {
    const std::vector<Valid> cases = {
        {MSEQ_PARAM_MIN_SPACING, 0},
        {MSEQ_PARAM_MIN_SPACING, 7},
        {MSEQ_PARAM_MIN_SPACING, MSEQ_MAX_SPACING},
        {MSEQ_PARAM_MAX_SPACING, 0},
        {MSEQ_PARAM_MAX_SPACING, 3},
        {MSEQ_PARAM_MAX_SPACING, MSEQ_MAX_SPACING},
        {MSEQ_PARAM_WIDTH, 1},
        {MSEQ_PARAM_WIDTH, 160},
        {MSEQ_PARAM_WIDTH, MSEQ_MAX_WIDTH},
        {MSEQ_PARAM_FIT, MSEQ_FIT_PAD},
        {MSEQ_PARAM_FIT, MSEQ_FIT_EXACT},
        {MSEQ_PARAM_FIT, MSEQ_FIT_STRICT},
        {MSEQ_PARAM_ALIGN, MSEQ_ALIGN_CENTER},
        {MSEQ_PARAM_ALIGN, MSEQ_ALIGN_LEFT},
        {MSEQ_PARAM_ALIGN, MSEQ_ALIGN_RIGHT},
        {MSEQ_PARAM_ALIGN, MSEQ_ALIGN_RANDOM},
        {MSEQ_PARAM_INVERT, 1},
        {MSEQ_PARAM_INVERT, 0},
        {MSEQ_PARAM_SEED, 1},
        {MSEQ_PARAM_SEED, -1},
        {MSEQ_PARAM_SEED, INT64_MIN},
        {MSEQ_PARAM_SEED, INT64_MAX},
        {MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8},
        {MSEQ_PARAM_FORMAT, MSEQ_FORMAT_F32},
        {MSEQ_PARAM_MIN_LENGTH, 1},
        {MSEQ_PARAM_MIN_LENGTH, MSEQ_MAX_DIGITS},
        {MSEQ_PARAM_MAX_LENGTH, 1},
        {MSEQ_PARAM_MAX_LENGTH, MSEQ_MAX_DIGITS},
        {MSEQ_PARAM_NO_LEADING_ZERO, 1},
        {MSEQ_PARAM_NO_LEADING_ZERO, 0},
        {MSEQ_PARAM_UNIQUE, 1},
        {MSEQ_PARAM_UNIQUE, 0},
        {MSEQ_PARAM_THREADS, 0},
        {MSEQ_PARAM_THREADS, 7},
        {MSEQ_PARAM_THREADS, MSEQ_MAX_THREADS},
        {MSEQ_PARAM_SHARD_SIZE, 1},
        {MSEQ_PARAM_SHARD_SIZE, MSEQ_MAX_BATCH},
        {MSEQ_PARAM_PNG_LEVEL, 0},
        {MSEQ_PARAM_PNG_LEVEL, 9},
        {MSEQ_PARAM_PNG_LEVEL, -1},
    };
    capi_test::Params p;
    for (const Valid &c : cases) {
        SCOPED_TRACE("key " + std::to_string(c.key) + " value " +
                     std::to_string(c.value));
        ASSERT_EQ(mseq_params_set(p, c.key, c.value), MSEQ_OK)
            << mseq_last_error();
        EXPECT_EQ(p.value(c.key), c.value);
    }
}

TEST(Params, KeysAreIndependent) {
    capi_test::Params p;
    for (mseq_param key : kAllKeys) {
        p.set(key, 1);  // valid for every key
    }
    p.set(MSEQ_PARAM_WIDTH, 300);
    for (mseq_param key : kAllKeys) {
        EXPECT_EQ(p.value(key), key == MSEQ_PARAM_WIDTH ? 300 : 1) << key;
    }
}

struct Invalid {
    mseq_param key;
    int64_t value;
    int code;
    const char *name;  // what the message must name
};

TEST(Params, InvalidValuesAreRejectedAndChangeNothing) {
    const std::vector<Invalid> cases = {
        {MSEQ_PARAM_MIN_SPACING, -MSEQ_MAX_GLYPH_SIDE, MSEQ_EINVAL,
         "MSEQ_PARAM_MIN_SPACING"},
        {MSEQ_PARAM_MIN_SPACING, INT64_MIN, MSEQ_EINVAL,
         "MSEQ_PARAM_MIN_SPACING"},
        {MSEQ_PARAM_MIN_SPACING, MSEQ_MAX_SPACING + 1, MSEQ_ERANGE,
         "MSEQ_MAX_SPACING"},
        {MSEQ_PARAM_MAX_SPACING, -MSEQ_MAX_GLYPH_SIDE - 2, MSEQ_EINVAL,
         "MSEQ_PARAM_MAX_SPACING"},
        {MSEQ_PARAM_MAX_SPACING, MSEQ_MAX_SPACING + 1, MSEQ_ERANGE,
         "MSEQ_MAX_SPACING"},
        {MSEQ_PARAM_MAX_SPACING, INT64_MAX, MSEQ_ERANGE,
         "MSEQ_PARAM_MAX_SPACING"},
        {MSEQ_PARAM_WIDTH, 0, MSEQ_EINVAL, "MSEQ_PARAM_WIDTH"},
        {MSEQ_PARAM_WIDTH, -28, MSEQ_EINVAL, "MSEQ_PARAM_WIDTH"},
        {MSEQ_PARAM_WIDTH, MSEQ_MAX_WIDTH + 1, MSEQ_ERANGE, "MSEQ_MAX_WIDTH"},
        {MSEQ_PARAM_WIDTH, INT64_MAX, MSEQ_ERANGE, "MSEQ_PARAM_WIDTH"},
        {MSEQ_PARAM_FIT, 3, MSEQ_EINVAL, "MSEQ_PARAM_FIT"},
        {MSEQ_PARAM_FIT, -1, MSEQ_EINVAL, "MSEQ_PARAM_FIT"},
        {MSEQ_PARAM_ALIGN, 4, MSEQ_EINVAL, "MSEQ_PARAM_ALIGN"},
        {MSEQ_PARAM_ALIGN, -1, MSEQ_EINVAL, "MSEQ_PARAM_ALIGN"},
        {MSEQ_PARAM_INVERT, 2, MSEQ_EINVAL, "MSEQ_PARAM_INVERT"},
        {MSEQ_PARAM_INVERT, -1, MSEQ_EINVAL, "MSEQ_PARAM_INVERT"},
        {MSEQ_PARAM_FORMAT, 2, MSEQ_EINVAL, "MSEQ_PARAM_FORMAT"},
        {MSEQ_PARAM_FORMAT, -1, MSEQ_EINVAL, "MSEQ_PARAM_FORMAT"},
        {MSEQ_PARAM_MIN_LENGTH, 0, MSEQ_EINVAL, "MSEQ_PARAM_MIN_LENGTH"},
        {MSEQ_PARAM_MIN_LENGTH, MSEQ_MAX_DIGITS + 1, MSEQ_ERANGE,
         "MSEQ_MAX_DIGITS"},
        {MSEQ_PARAM_MAX_LENGTH, 0, MSEQ_EINVAL, "MSEQ_PARAM_MAX_LENGTH"},
        {MSEQ_PARAM_MAX_LENGTH, MSEQ_MAX_DIGITS + 1, MSEQ_ERANGE,
         "MSEQ_MAX_DIGITS"},
        {MSEQ_PARAM_NO_LEADING_ZERO, 2, MSEQ_EINVAL,
         "MSEQ_PARAM_NO_LEADING_ZERO"},
        {MSEQ_PARAM_UNIQUE, 5, MSEQ_EINVAL, "MSEQ_PARAM_UNIQUE"},
        {MSEQ_PARAM_THREADS, -1, MSEQ_EINVAL, "MSEQ_PARAM_THREADS"},
        {MSEQ_PARAM_THREADS, MSEQ_MAX_THREADS + 1, MSEQ_ERANGE,
         "MSEQ_MAX_THREADS"},
        {MSEQ_PARAM_SHARD_SIZE, 0, MSEQ_EINVAL, "MSEQ_PARAM_SHARD_SIZE"},
        {MSEQ_PARAM_SHARD_SIZE, MSEQ_MAX_BATCH + 1, MSEQ_ERANGE,
         "MSEQ_MAX_BATCH"},
        {MSEQ_PARAM_PNG_LEVEL, -2, MSEQ_EINVAL, "MSEQ_PARAM_PNG_LEVEL"},
        {MSEQ_PARAM_PNG_LEVEL, 10, MSEQ_ERANGE, "MSEQ_PARAM_PNG_LEVEL"},
    };
    for (const Invalid &c : cases) {
        SCOPED_TRACE("key " + std::to_string(c.key) + " value " +
                     std::to_string(c.value));
        capi_test::Params p;
        // A valid, non-default value first: it must survive the failure.
        const int64_t before =
            (c.key == MSEQ_PARAM_WIDTH || c.key == MSEQ_PARAM_MIN_LENGTH ||
             c.key == MSEQ_PARAM_MAX_LENGTH)
                ? 2
                : 1;
        p.set(c.key, before);
        expect_error([&] { return mseq_params_set(p, c.key, c.value); }, c.code,
                     {c.name, " = " + std::to_string(c.value)});
        EXPECT_EQ(p.value(c.key), before);
    }
}

TEST(Params, UnknownKeys) {
    capi_test::Params p;
    for (int raw : {0, 16, 17, -1, 1000, INT32_MIN, INT32_MAX}) {
        SCOPED_TRACE(raw);
        const std::string name = "unknown parameter key " + std::to_string(raw);
        expect_error([&] { return c_params_set(p, raw, 1); }, MSEQ_EINVAL,
                     {name});
        int64_t v = 77;
        expect_error([&] { return c_params_get(&v, p, raw); }, MSEQ_EINVAL,
                     {name});
        EXPECT_EQ(v, 77) << "output written on failure";
    }
}

TEST(Params, NullPointers) {
    expect_error([] { return mseq_params_new(nullptr); }, MSEQ_EINVAL,
                 {"mseq_params_new", "out"});
    expect_error([] { return mseq_params_set(nullptr, MSEQ_PARAM_WIDTH, 5); },
                 MSEQ_EINVAL, {"mseq_params_set", "params is NULL"});
    int64_t v = 0;
    expect_error([&] { return mseq_params_get(&v, nullptr, MSEQ_PARAM_WIDTH); },
                 MSEQ_EINVAL, {"mseq_params_get", "params is NULL"});
    capi_test::Params p;
    expect_error([&] { return mseq_params_get(nullptr, p, MSEQ_PARAM_WIDTH); },
                 MSEQ_EINVAL, {"mseq_params_get", "value is NULL"});
}

TEST(Params, FreeNullIsANoOp) {
    mseq_params_free(nullptr);
    SUCCEED();
}

TEST(Params, EachObjectIsSeparate) {
    capi_test::Params a, b;
    a.set(MSEQ_PARAM_SEED, 99);
    EXPECT_EQ(a.value(MSEQ_PARAM_SEED), 99);
    EXPECT_EQ(b.value(MSEQ_PARAM_SEED), 0);
}

}  // namespace
