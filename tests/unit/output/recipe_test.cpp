// The texts of a PNG's recipe (output/recipe.hpp): the seed form's
// arguments, then every generation or augmentation parameter that differs
// from its default, read from the parameter table.
#include "output/recipe.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "generate/param_table.hpp"
#include "generate/template.hpp"
#include "output/png_sink.hpp"

namespace {

mseq::Params some_params() {
    mseq::Params p;
    p.width = 200;
    p.min_spacing = -3;
    p.max_spacing = 8;
    p.seed = 18446744073709551615u;
    return p;
}

const std::vector<int> kDigits = {0, 3, 5, 0};

std::string recipe(const mseq::Params &p, uint64_t index = 7) {
    return mseq::format_recipe(p, kDigits.data(), kDigits.size(), index,
                               "test");
}

// The option of a row: "--no-leading-zero".
std::string option(const mseq::ParamRow &row) {
    std::string name = std::string("--") + row.name;
    for (char &c : name) c = c == '_' ? '-' : c;
    return name;
}

bool in_recipe_groups(const mseq::ParamRow &row) {
    return row.group == MSEQ_GROUP_GENERATION ||
           row.group == MSEQ_GROUP_AUGMENTATION;
}

TEST(Recipe, DefaultsGiveTheSeedFormsArgumentsOnly) {
    EXPECT_EQ(recipe(some_params()),
              "0350 -3 8 200 --seed 18446744073709551615 --index 7 "
              "--split test");
}

TEST(Recipe, ChangedParametersFollowAsTheirOptionsInTableOrder) {
    mseq::Params p = some_params();
    p.invert = true;
    p.fit = MSEQ_FIT_EXACT;
    p.align = MSEQ_ALIGN_RANDOM;
    EXPECT_EQ(recipe(p, 0),
              "0350 -3 8 200 --seed 18446744073709551615 --index 0 --split "
              "test --fit exact --align random --invert");
}

TEST(Recipe, KeysThatNeverChangeAGivenSequencesPngStayOut) {
    mseq::Params p = some_params();
    p.format = MSEQ_FORMAT_U8;
    p.min_length = 3;
    p.max_length = 9;
    p.no_leading_zero = true;
    p.unique = true;
    p.unique_permutation = MSEQ_PERMUTATION_FEISTEL_1_0;
    p.threads = 3;
    p.shard_size = 5;
    p.png_level = 9;
    p.png_recipe = true;
    EXPECT_EQ(recipe(p), recipe(some_params()));
}

// The keys the header says the recipe writes in its own words (the
// positional arguments, --seed) or leaves out (the pixel type, the keys of
// random sequences).
bool written_apart(mseq_param key) {
    for (mseq_param k :
         {MSEQ_PARAM_WIDTH, MSEQ_PARAM_MIN_SPACING, MSEQ_PARAM_MAX_SPACING,
          MSEQ_PARAM_SEED, MSEQ_PARAM_FORMAT, MSEQ_PARAM_MIN_LENGTH,
          MSEQ_PARAM_MAX_LENGTH, MSEQ_PARAM_NO_LEADING_ZERO, MSEQ_PARAM_UNIQUE,
          MSEQ_PARAM_UNIQUE_PERMUTATION}) {
        if (k == key) return true;
    }
    return false;
}

// Every other row of the two groups appears, when changed, as "--name" (a
// flag) or "--name value", whatever rows the table holds: a row added
// later needs no change to the recipe's code. Rows of other groups never
// appear.
TEST(Recipe, EveryOtherGenerationAndAugmentationRowAppearsWhenChanged) {
    const std::string base = recipe(some_params());
    int appeared = 0;
    for (size_t i = 0; i < mseq::param_row_count(); ++i) {
        const mseq::ParamRow &row = mseq::param_rows()[i];
        if (written_apart(row.key)) continue;
        SCOPED_TRACE(row.name);
        mseq::Params p = some_params();
        std::string value;
        if (row.type == MSEQ_TYPE_F64) {
            const double v =
                row.default_f64 != row.max_f64 ? row.max_f64 : row.min_f64;
            mseq::set_param_value(p, row, v);
            value = " " + mseq::shortest_double(v);
        } else {
            const int64_t v = row.default_value != row.max ? row.max : row.min;
            mseq::set_param_value(p, row, v);
            if (row.type == MSEQ_TYPE_INT) value = " " + std::to_string(v);
            if (row.type == MSEQ_TYPE_ENUM) {
                value = " " + mseq::param_choice_name(row, v);
            }
        }
        if (!in_recipe_groups(row)) {
            EXPECT_EQ(recipe(p), base);
            continue;
        }
        EXPECT_EQ(recipe(p), base + " " + option(row) + value);
        ++appeared;
    }
    EXPECT_GE(appeared, 3) << "fit, align, invert and any added since";
}

TEST(Recipe, FlagsOfTheRecipesGroupsDefaultToOffSoABareFlagSaysThem) {
    for (size_t i = 0; i < mseq::param_row_count(); ++i) {
        const mseq::ParamRow &row = mseq::param_rows()[i];
        if (in_recipe_groups(row) && row.type == MSEQ_TYPE_BOOL) {
            EXPECT_EQ(row.default_value, 0) << row.name;
        }
    }
}

TEST(Recipe, DoublesInTheFewestDigitsThatReadBackExactly) {
    for (double v : {12.5, 0.1, -45.0, 1.0 / 3.0, 1e-300, 2.0 / 3.0 * 1e17, 0.0,
                     -0.0, 123456789.123456789}) {
        const std::string text = mseq::shortest_double(v);
        EXPECT_EQ(std::strtod(text.c_str(), nullptr), v) << text;
    }
    EXPECT_EQ(mseq::shortest_double(12.5), "12.5");
    EXPECT_EQ(mseq::shortest_double(0.1), "0.1");
    EXPECT_EQ(mseq::shortest_double(-45), "-45");
    EXPECT_EQ(mseq::shortest_double(1.0 / 3.0), "0.3333333333333333");
    // Round values stay plain: an option such as --rotate 70 reads as typed.
    EXPECT_EQ(mseq::shortest_double(70), "70");
    EXPECT_EQ(mseq::shortest_double(160), "160");
    EXPECT_EQ(mseq::shortest_double(1500), "1500");
}

TEST(Recipe, BadImagesAreRefused) {
    const mseq::Params p = some_params();
    const int bad[] = {1, 10};
    const auto code = [](auto &&call) {
        try {
            call();
        } catch (const mseq::Error &e) {
            return e.code();
        }
        return 0;
    };
    EXPECT_EQ(code([&] { mseq::format_recipe(p, bad, 0, 0, "train"); }),
              MSEQ_EINVAL);
    EXPECT_EQ(code([&] { mseq::format_recipe(p, bad, 2, 0, "train"); }),
              MSEQ_EINVAL);
    const std::vector<int> long_digits(MSEQ_MAX_DIGITS + 1, 1);
    EXPECT_EQ(code([&] {
                  mseq::format_recipe(p, long_digits.data(), long_digits.size(),
                                      0, "train");
              }),
              MSEQ_ERANGE);
    mseq::Params unset = p;
    unset.width = 0;
    EXPECT_EQ(code([&] { mseq::format_recipe(unset, bad, 1, 0, "train"); }),
              MSEQ_EINVAL);
}

TEST(Recipe, DataLineAndChunks) {
    mseq::DataFiles f;
    f.images_name = "t10k-images-idx3-ubyte";
    f.images_sha256 = std::string(64, 'a');
    f.labels_name = "t10k-labels-idx1-ubyte";
    f.labels_sha256 = std::string(64, 'b');
    const std::string data = mseq::format_recipe_data(f);
    EXPECT_EQ(data,
              "t10k-images-idx3-ubyte sha256:" + std::string(64, 'a') +
                  " t10k-labels-idx1-ubyte sha256:" + std::string(64, 'b'));
    const std::vector<mseq::PngText> chunks =
        mseq::recipe_chunks("1 0 0 28 --seed 0 --index 0 --split test", data);
    ASSERT_EQ(chunks.size(), 3u);
    EXPECT_EQ(chunks[0],
              mseq::PngText("Software", "libmnistseq " MSEQ_VERSION_STRING));
    EXPECT_EQ(chunks[1].first, MSEQ_RECIPE_KEY);
    EXPECT_EQ(chunks[1].second, "1 0 0 28 --seed 0 --index 0 --split test");
    EXPECT_EQ(chunks[2], mseq::PngText(MSEQ_RECIPE_DATA_KEY, data));
    // They make a valid PNG whose chunks read back.
    const uint8_t pixels[4] = {0, 1, 2, 3};
    std::vector<uint8_t> png = mseq::encode_png_gray8(pixels, 2, 2);
    mseq::add_png_text(png, chunks);
    EXPECT_EQ(mseq::find_png_text(png, MSEQ_RECIPE_DATA_KEY, "png"), data);
}

}  // namespace

namespace {

// With a template and no digits, the recipe names the template, single-
// quoted, in place of the digits; without either it is refused.
TEST(Recipe, ATemplatesImageNamesTheTemplate) {
    mseq::Params p = some_params();
    EXPECT_THROW(mseq::format_recipe(p, nullptr, 0, 0, "test"), mseq::Error);
    p.text_template = std::make_shared<const mseq::Template>("{date DD/MM} #");
    EXPECT_EQ(mseq::format_recipe(p, nullptr, 0, 4, "test"),
              "--template '{date DD/MM} #' -3 8 200 --seed "
              "18446744073709551615 --index 4 --split test");
    // Given digits still name the digits.
    const int digits[] = {4, 2};
    EXPECT_EQ(mseq::format_recipe(p, digits, 2, 0, "test").substr(0, 3), "42 ");
}

}  // namespace
