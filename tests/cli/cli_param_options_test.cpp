// The CLI's generation options that are library parameters take their
// names, bounds, choices, defaults and --help lines from the library's
// parameter table (cli/param_options.h): checked here against the table
// itself, so that a new row or a changed bound cannot drift from the CLI.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "args.h"
#include "commands.h"
#include "mnistseq/mnistseq.h"
#include "param_options.h"

namespace {

const cli_option kGenOptions[] = {CLI_GEN_OPTION_ROWS};

mseq_param_desc row(mseq_param key) {
    mseq_param_desc d{};
    d.version = MSEQ_PARAM_DESC_VERSION;
    EXPECT_EQ(mseq_param_info(&d, key), MSEQ_OK);
    return d;
}

TEST(CliParamOptions, OptionNamesAreTheTableNamesWithDashes) {
    int params = 0;
    for (const cli_option &o : kGenOptions) {
        const mseq_param key = cli_gen_param_key(o.id);
        if (key == 0) continue;  // --sequence, --split, --data
        ++params;
        std::string name = row(key).name;
        for (char &c : name) c = c == '_' ? '-' : c;
        EXPECT_EQ(o.long_name, name);
        EXPECT_EQ(o.takes_value != 0, row(key).value_type != MSEQ_TYPE_BOOL)
            << name;
        char buf[64];
        EXPECT_EQ(std::string(cli_param_option(buf, sizeof buf, key)), name);
    }
    EXPECT_EQ(params, 12);
}

TEST(CliParamOptions, HelpShowsEachRowsHelpAndBounds) {
    const std::string help = cli_gen_help();
    std::string flat;  // the help with its line breaks undone
    for (size_t i = 0; i < help.size(); ++i) {
        if (help[i] == '\n' &&
            help.compare(i + 1, 20, std::string(20, ' ')) == 0) {
            flat += ' ';
            i += 20;
        } else {
            flat += help[i];
        }
    }
    for (const cli_option &o : kGenOptions) {
        const mseq_param key = cli_gen_param_key(o.id);
        if (key == 0) continue;
        const mseq_param_desc d = row(key);
        EXPECT_NE(flat.find(std::string("--") + o.long_name),
                  std::string::npos);
        EXPECT_NE(flat.find(d.help), std::string::npos) << d.name;
        if (d.value_type == MSEQ_TYPE_INT && d.min != INT64_MIN) {
            EXPECT_NE(flat.find(std::to_string(d.min) + " to " +
                                std::to_string(d.max)),
                      std::string::npos)
                << d.name;
        }
    }
    for (size_t start = 0, end; start < help.size(); start = end + 1) {
        end = help.find('\n', start);
        EXPECT_LE(end - start, 79u) << help.substr(start, end - start);
    }
}

TEST(CliParamOptions, ParsingFollowsTheTable) {
    cli_error err;
    int64_t v = 0;
    const mseq_param_desc width = row(MSEQ_PARAM_WIDTH);
    EXPECT_EQ(cli_param_parse(&v, MSEQ_PARAM_WIDTH, "--width",
                              std::to_string(width.max).c_str(), &err),
              0);
    EXPECT_EQ(v, width.max);
    EXPECT_EQ(cli_param_parse(&v, MSEQ_PARAM_WIDTH, "--width",
                              std::to_string(width.max + 1).c_str(), &err),
              -1);
    EXPECT_NE(std::string(err.text).find("--width"), std::string::npos);
    EXPECT_EQ(cli_param_parse(&v, MSEQ_PARAM_FIT, "--fit", "strict", &err), 0);
    EXPECT_EQ(v, MSEQ_FIT_STRICT);
    EXPECT_EQ(cli_param_parse(&v, MSEQ_PARAM_ALIGN, "--align", "middle", &err),
              -1);
    EXPECT_NE(std::string(err.text).find("center"), std::string::npos)
        << err.text;
    EXPECT_EQ(cli_param_parse(&v, MSEQ_PARAM_SEED, "--seed",
                              "18446744073709551615", &err),
              0);
    EXPECT_EQ(v, -1);  // the 64-bit pattern
    EXPECT_EQ(cli_param_parse(&v, MSEQ_PARAM_INVERT, "--invert", nullptr, &err),
              0);
    EXPECT_EQ(v, 1);
    char buf[32];
    EXPECT_STREQ(
        cli_param_choice(buf, sizeof buf, MSEQ_PARAM_ALIGN, MSEQ_ALIGN_RANDOM),
        "random");
    EXPECT_STREQ(cli_param_choice(buf, sizeof buf, MSEQ_PARAM_ALIGN, 9), "?");
}

TEST(CliParamOptions, DefaultsAreTheTablesExceptWhatTheSpecFixes) {
    cli_gen_args args;
    cli_gen_defaults(&args);
    EXPECT_EQ(args.min_length, row(MSEQ_PARAM_MIN_LENGTH).default_value);
    EXPECT_EQ(args.max_length, row(MSEQ_PARAM_MAX_LENGTH).default_value);
    EXPECT_EQ(args.threads, row(MSEQ_PARAM_THREADS).default_value);
    EXPECT_EQ(args.fit, row(MSEQ_PARAM_FIT).default_value);
    // The user's specification: spacing 2 to 8, width 200.
    EXPECT_EQ(args.min_spacing, 2);
    EXPECT_EQ(args.max_spacing, 8);
    EXPECT_EQ(args.width, 200);
}

}  // namespace
