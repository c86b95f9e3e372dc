// The options the CLI takes from the parameter table as a whole
// (cli/table_options.h): every generation or augmentation row that no
// option of its own names becomes an option of `dataset`, `preview` and the
// seed form, parsed as its type says, set in the parameters, shown by
// --help and read back from a recipe. Checked row by row against the table,
// so that a row added to it is covered here without a change.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "args.h"
#include "commands.h"
#include "mnistseq/mnistseq.h"
#include "param_options.h"
#include "recipe.h"
#include "table_options.h"

namespace {

mseq_param_desc row(mseq_param key) {
    mseq_param_desc d{};
    d.version = MSEQ_PARAM_DESC_VERSION;
    EXPECT_EQ(mseq_param_info(&d, key), MSEQ_OK);
    return d;
}

std::vector<mseq_param> table_keys() {
    const mseq_param *keys = nullptr;
    const size_t n = cli_table_keys(&keys);
    return std::vector<mseq_param>(keys, keys + n);
}

std::string option_of(mseq_param key) {
    char buf[64];
    return std::string("--") + cli_param_option(buf, sizeof buf, key);
}

// A value of the row other than its default, as the command line writes
// it ("" for a flag), and as a double.
struct Value {
    std::string text;
    double number;
};
Value other_value(mseq_param key) {
    const mseq_param_desc d = row(key);
    char text[64];
    if (d.value_type == MSEQ_TYPE_F64) {
        const double v = d.default_f64 != d.max_f64 ? d.max_f64 : d.min_f64;
        std::snprintf(text, sizeof text, "%.17g", v);
        return {text, v};
    }
    const int64_t v = d.default_value != d.max ? d.max : d.min;
    if (d.value_type == MSEQ_TYPE_BOOL) return {"", double(v)};
    if (d.value_type == MSEQ_TYPE_ENUM) {
        return {cli_param_choice(text, sizeof text, key, v), double(v)};
    }
    return {std::to_string(v), double(v)};
}

// argv of a command line: words, then --option [value].
struct Argv {
    std::vector<std::string> words;
    std::vector<char *> ptrs;
    Argv(std::vector<std::string> w, mseq_param key) : words(std::move(w)) {
        words.push_back(option_of(key));
        const Value v = other_value(key);
        if (!v.text.empty()) words.push_back(v.text);
        for (std::string &s : words) ptrs.push_back(&s[0]);
        ptrs.push_back(nullptr);
    }
    int argc() const { return static_cast<int>(words.size()); }
    char *const *argv() const { return ptrs.data(); }
};

// The value the table options hold for entry i.
double held(const cli_table_values &t, size_t i, mseq_param key) {
    return row(key).value_type == MSEQ_TYPE_F64 ? t.f64s[i] : double(t.ints[i]);
}

TEST(CliTableOptions, TheyAreTheGenerationAndAugmentationRowsNoOptionNames) {
    size_t count = 0;
    ASSERT_EQ(mseq_param_list(nullptr, 0, &count), MSEQ_OK);
    std::vector<mseq_param> all(count);
    ASSERT_EQ(mseq_param_list(all.data(), count, &count), MSEQ_OK);
    const std::vector<mseq_param> keys = table_keys();
    const std::set<int> table(keys.begin(), keys.end());
    EXPECT_EQ(table.size(), keys.size());
    for (mseq_param key : all) {
        const mseq_param_desc d = row(key);
        const bool groups = d.group == MSEQ_GROUP_GENERATION ||
                            d.group == MSEQ_GROUP_AUGMENTATION;
        const bool own = cli_gen_names_param(key) != 0;
        const bool in_table = table.count(key) != 0;
        // Exactly one way to set a row of the two groups from the command
        // line (the pixel type is --dtype); rows of other groups are not
        // table options.
        EXPECT_EQ(int(own) + int(in_table) + int(key == MSEQ_PARAM_FORMAT),
                  groups ? 1 : int(own))
            << d.name;
    }
}

TEST(CliTableOptions, EachParsesInEveryCommandAndSetsItsParameter) {
    const std::vector<mseq_param> keys = table_keys();
    for (size_t i = 0; i < keys.size(); ++i) {
        const mseq_param key = keys[i];
        SCOPED_TRACE(row(key).name);
        const double want = other_value(key).number;
        cli_error err;

        cli_dataset_args dataset;
        const Argv d({"dataset", "--count", "1", "--out", "x"}, key);
        ASSERT_EQ(cli_dataset_parse(&dataset, d.argc(), d.argv(), &err), 0)
            << err.text;
        EXPECT_TRUE(dataset.gen.table.given[i]);
        EXPECT_EQ(held(dataset.gen.table, i, key), want);

        cli_preview_args preview;
        const Argv p({"preview", "--out", "x.png"}, key);
        ASSERT_EQ(cli_preview_parse(&preview, p.argc(), p.argv(), &err), 0)
            << err.text;
        EXPECT_EQ(held(preview.gen.table, i, key), want);

        cli_generate_args seed;
        const Argv g({"generate", "12", "0", "4", "90"}, key);
        ASSERT_EQ(cli_generate_parse(&seed, g.argc(), g.argv(), &err), 0)
            << err.text;
        EXPECT_EQ(held(seed.table, i, key), want);
        // --like takes its recipe's values, not the command line's.
        const Argv like({"generate", "--like", "a.png"}, key);
        EXPECT_EQ(cli_generate_parse(&seed, like.argc(), like.argv(), &err),
                  -1);

        mseq_params *params = nullptr;
        ASSERT_EQ(mseq_params_new(&params), MSEQ_OK);
        ASSERT_EQ(cli_gen_params(params, &dataset.gen, MSEQ_FORMAT_U8, &err), 0)
            << err.text;
        double got = -1;
        ASSERT_EQ(mseq_params_get_f64(&got, params, key), MSEQ_OK);
        EXPECT_EQ(got, want);
        mseq_params_free(params);
    }
}

// Each floating-point option refuses what is not a whole finite decimal
// number within its row's bounds, naming the option as written, the value
// and the range; its bounds themselves are taken.
TEST(CliTableOptions, FloatingPointValuesAreCheckedWhole) {
    const std::vector<mseq_param> keys = table_keys();
    for (size_t i = 0; i < keys.size(); ++i) {
        const mseq_param_desc d = row(keys[i]);
        if (d.value_type != MSEQ_TYPE_F64) continue;
        SCOPED_TRACE(d.name);
        char range[96], below[40], above[40], lo[40], hi[40];
        std::snprintf(range, sizeof range, "expected a number from %g to %g",
                      d.min_f64, d.max_f64);
        std::snprintf(below, sizeof below, "%.17g",
                      std::nextafter(d.min_f64, -1e300));
        std::snprintf(above, sizeof above, "%.17g",
                      std::nextafter(d.max_f64, 1e300));
        std::snprintf(lo, sizeof lo, "%.17g", d.min_f64);
        std::snprintf(hi, sizeof hi, "%.17g", d.max_f64);
        const std::string option = option_of(keys[i]);
        const std::vector<std::string> bads = {
            "",     "abc",   "1.5x",   " 1", "1 ", "0x1p0", "nan", "inf",
            "-inf", "1e999", "-1e999", "--", ".",  "1e",    below, above};
        for (const std::string &bad : bads) {
            cli_table_values values{};
            cli_error err{};
            EXPECT_EQ(
                cli_table_parse(&values, i, option.c_str(), bad.c_str(), &err),
                -1)
                << "'" << bad << "'";
            const std::string said = err.text;
            EXPECT_EQ(said.rfind(option + ": ", 0), 0u) << said;
            EXPECT_NE(said.find(range), std::string::npos) << said;
            if (!bad.empty()) {
                EXPECT_NE(said.find("'" + bad + "'"), std::string::npos)
                    << said;
            }
            EXPECT_FALSE(values.given[i]);
        }
        for (const char *good : {lo, hi}) {
            cli_table_values values{};
            cli_error err{};
            ASSERT_EQ(cli_table_parse(&values, i, option.c_str(), good, &err),
                      0)
                << good << ": " << err.text;
            EXPECT_EQ(values.f64s[i], std::strtod(good, nullptr));
        }
        // Through a whole command line, with the value attached.
        cli_dataset_args args;
        cli_error err{};
        const std::string attached = option + "=nan";
        char *argv[] = {const_cast<char *>("dataset"),
                        const_cast<char *>(attached.c_str()), nullptr};
        EXPECT_EQ(cli_dataset_parse(&args, 2, argv, &err), -1);
        EXPECT_EQ(std::string(err.text).rfind(option + ": 'nan'", 0), 0u)
            << err.text;
    }
}

TEST(CliTableOptions, HelpShowsEach) {
    const std::string help = cli_gen_help();
    for (mseq_param key : table_keys()) {
        EXPECT_NE(help.find("  " + option_of(key)), std::string::npos)
            << row(key).name;
    }
}

// A recipe the library writes for a parameter set holding a table
// parameter reads back, through the seed form's parser, to that value.
TEST(CliTableOptions, RecipesReadBackToTheSameValues) {
    mseq_dataset *ds = nullptr;
    ASSERT_EQ(mseq_open(&ds, nullptr, MSEQ_SPLIT_TRAIN), MSEQ_OK)
        << mseq_last_error();
    const std::vector<mseq_param> keys = table_keys();
    for (size_t i = 0; i < keys.size(); ++i) {
        const mseq_param key = keys[i];
        SCOPED_TRACE(row(key).name);
        mseq_params *params = nullptr;
        ASSERT_EQ(mseq_params_new(&params), MSEQ_OK);
        ASSERT_EQ(mseq_params_set(params, MSEQ_PARAM_WIDTH, 90), MSEQ_OK);
        const double want = other_value(key).number;
        ASSERT_EQ(mseq_params_set_f64(params, key, want), MSEQ_OK)
            << mseq_last_error();
        const int digits[] = {4, 2};
        int rc = 0;
        char *recipe = cli_image_recipe(&rc, ds, params, digits, 2, 3);
        ASSERT_NE(recipe, nullptr) << mseq_strerror(rc);
        if (key == MSEQ_PARAM_UNIQUE_PERMUTATION) {
            // It only chooses random sequences: never in a recipe.
            EXPECT_EQ(std::string(recipe).find(" " + option_of(key)),
                      std::string::npos)
                << recipe;
            free(recipe);
            mseq_params_free(params);
            continue;
        }
        EXPECT_NE(std::string(recipe).find(" " + option_of(key)),
                  std::string::npos)
            << recipe;
        cli_generate_args args;
        cli_error err;
        ASSERT_EQ(cli_recipe_parse(&args, recipe, &err), 0) << err.text;
        EXPECT_TRUE(args.table.given[i]) << recipe;
        EXPECT_EQ(held(args.table, i, key), want) << recipe;
        free(recipe);
        mseq_params_free(params);
    }
    mseq_free(ds);
}

}  // namespace

namespace {

// A recipe's single-quoted word (a template) is one argument, spaces
// included, and outlives the parse; an unclosed quote is refused.
TEST(CliRecipeParse, QuotedTemplatesAreOneWord) {
    cli_generate_args args;
    cli_error err;
    ASSERT_EQ(cli_recipe_parse(&args,
                               "--template '(###) ###-####' 2 8 400 --seed 5 "
                               "--index 9 --split test",
                               &err),
              0)
        << err.text;
    ASSERT_NE(args.template_text, nullptr);
    EXPECT_STREQ(args.template_text, "(###) ###-####");
    EXPECT_EQ(args.min_spacing, 2);
    EXPECT_EQ(args.max_spacing, 8);
    EXPECT_EQ(args.width, 400);
    EXPECT_EQ(args.seed, 5u);
    EXPECT_EQ(args.index, 9u);
    EXPECT_EQ(cli_recipe_parse(
                  &args, "--template '(###) ###-#### 2 8 400 --seed 5", &err),
              -1);
    EXPECT_NE(std::string(err.text).find("quote is not closed"),
              std::string::npos)
        << err.text;
}

}  // namespace
