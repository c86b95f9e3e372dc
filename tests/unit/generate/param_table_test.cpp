// The parameter table's checks (generate/param_table.hpp) on a
// floating-point row, the kind augmentation strengths will use: no 1.0 key
// is MSEQ_TYPE_F64, so the row here is the test's own.
#include "generate/param_table.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "error_code.hpp"
#include "generate/params.hpp"

namespace {

using mseq_test::error_code_of;

double g_stored = 0;  // where the test row keeps its value

const mseq::ParamRow kAngle = {MSEQ_PARAM_PNG_LEVEL,
                               "test_angle",  // the key is not read here
                               MSEQ_TYPE_F64,
                               MSEQ_GROUP_EXPERIMENTAL,
                               0,
                               0,
                               0,
                               -15.0,
                               15.0,
                               0.0,
                               "MSEQ_MAX_TEST_ANGLE",
                               nullptr,
                               nullptr,
                               "a rotation in degrees",
                               nullptr,
                               nullptr,
                               [](const mseq::Params &) { return g_stored; },
                               [](mseq::Params &, double v) { g_stored = v; }};

std::string message_of_set(double value) {
    mseq::Params p;
    try {
        mseq::set_param_value(p, kAngle, value);
    } catch (const mseq::Error &e) {
        return e.what();
    }
    return "";
}

TEST(ParamTable, F64RowTakesFiniteValuesInItsBounds) {
    mseq::Params p;
    for (double v : {-15.0, -0.25, 0.0, 7.5, 15.0}) {
        mseq::set_param_value(p, kAngle, v);
        EXPECT_EQ(mseq::get_param_value_f64(p, kAngle), v);
    }
    mseq::set_param_value(p, kAngle, int64_t{3});  // an integer converts
    EXPECT_EQ(g_stored, 3.0);
}

TEST(ParamTable, F64RowRefusesValuesOutsideOrNotFinite) {
    mseq::Params p;
    g_stored = 1.5;
    EXPECT_EQ(error_code_of([&] { mseq::set_param_value(p, kAngle, -15.5); }),
              MSEQ_EINVAL);
    EXPECT_EQ(error_code_of([&] { mseq::set_param_value(p, kAngle, 15.01); }),
              MSEQ_ERANGE);
    EXPECT_EQ(
        error_code_of([&] { mseq::set_param_value(p, kAngle, std::nan("")); }),
        MSEQ_EINVAL);
    EXPECT_EQ(
        error_code_of([&] { mseq::set_param_value(p, kAngle, INFINITY); }),
        MSEQ_EINVAL);
    EXPECT_EQ(g_stored, 1.5) << "unchanged after failures";
    EXPECT_EQ(message_of_set(20.0),
              "MSEQ_PARAM_TEST_ANGLE = 20: must be -15..15 "
              "(MSEQ_MAX_TEST_ANGLE)");
    EXPECT_EQ(message_of_set(INFINITY),
              "MSEQ_PARAM_TEST_ANGLE = inf: must be a finite number");
}

// The integer bounds mseq_param_info() reports for an F64 row are the
// integers set_param_value() accepts: the smallest and largest within the
// double bounds, whatever their signs and fractions.
TEST(ParamTable, IntegerBoundsOfAnF64RowAreTheIntegersItAccepts) {
    const struct {
        double min, max, def;
        int64_t int_min, int_max, int_def;
    } cases[] = {{-15.0, 15.0, 0.0, -15, 15, 0},
                 {0.5, 2.0, 1.0, 1, 2, 1},
                 {-2.5, -0.5, -1.75, -2, -1, -1},
                 {-0.25, 0.25, 0.2, 0, 0, 0},
                 {0.2, 0.8, 0.5, 1, 0, 0},
                 {-1e300, 1e300, 0, INT64_MIN, INT64_MAX, 0}};
    for (const auto &c : cases) {
        mseq::ParamRow row = kAngle;
        row.min_f64 = c.min;
        row.max_f64 = c.max;
        row.default_f64 = c.def;
        EXPECT_EQ(mseq::param_int_min(row), c.int_min) << c.min;
        EXPECT_EQ(mseq::param_int_max(row), c.int_max) << c.max;
        EXPECT_EQ(mseq::param_int_default(row), c.int_def) << c.def;
        mseq::Params p;
        const int64_t lo = mseq::param_int_min(row);
        const int64_t hi = mseq::param_int_max(row);
        if (lo > hi) continue;  // no integer inside
        EXPECT_NO_THROW(mseq::set_param_value(p, row, lo));
        EXPECT_NO_THROW(mseq::set_param_value(p, row, hi));
        if (lo > INT64_MIN) {
            EXPECT_NE(
                error_code_of([&] { mseq::set_param_value(p, row, lo - 1); }),
                0);
        }
        if (hi < INT64_MAX) {
            EXPECT_NE(
                error_code_of([&] { mseq::set_param_value(p, row, hi + 1); }),
                0);
        }
    }
    // An integer row's are its own.
    const mseq::ParamRow &width = *mseq::find_param(MSEQ_PARAM_WIDTH);
    EXPECT_EQ(mseq::param_int_min(width), width.min);
    EXPECT_EQ(mseq::param_int_max(width), width.max);
    EXPECT_EQ(mseq::param_int_default(width), width.default_value);
}

TEST(ParamTable, IntegerReadOfAnF64RowIsRefused) {
    mseq::Params p;
    EXPECT_EQ(error_code_of([&] { mseq::get_param_value(p, kAngle); }),
              MSEQ_EINVAL);
}

TEST(ParamTable, NewParamsHoldEveryRowsDefault) {
    const mseq::Params p;
    for (size_t i = 0; i < mseq::param_row_count(); ++i) {
        const mseq::ParamRow &row = mseq::param_rows()[i];
        if (row.type == MSEQ_TYPE_F64) {
            EXPECT_EQ(mseq::get_param_value_f64(p, row), row.default_f64)
                << row.name;
        } else {
            EXPECT_EQ(mseq::get_param_value(p, row), row.default_value)
                << row.name;
        }
    }
}

TEST(ParamTable, ChoiceNamesAndCNames) {
    const mseq::ParamRow &fit = *mseq::find_param(MSEQ_PARAM_FIT);
    EXPECT_EQ(mseq::param_choice_name(fit, MSEQ_FIT_EXACT), "exact");
    EXPECT_EQ(mseq::param_choice_name(fit, MSEQ_FIT_STRICT), "strict");
    EXPECT_EQ(mseq::param_c_name(*mseq::find_param("no_leading_zero")),
              "MSEQ_PARAM_NO_LEADING_ZERO");
    EXPECT_EQ(mseq::find_param("nothing"), nullptr);
    EXPECT_EQ(mseq::find_param(0), nullptr);
}

}  // namespace
