// The CLI's argument parsers (cli/args.h, cli_generate_parse), in process.
#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "args.h"
#include "commands.h"

namespace {

// argv for the parsers: argv[0] is the program, as in main().
class Argv {
public:
    explicit Argv(std::vector<std::string> args) : strings_(std::move(args)) {
        strings_.insert(strings_.begin(), "mnistseq-cli");
        for (auto &s : strings_) {
            pointers_.push_back(&s[0]);
        }
        pointers_.push_back(nullptr);
    }
    int argc() const { return static_cast<int>(strings_.size()); }
    char *const *argv() const { return pointers_.data(); }

private:
    std::vector<std::string> strings_;
    std::vector<char *> pointers_;
};

TEST(CliArgs, I64AcceptsWholeIntegersInRange) {
    cli_error err;
    int64_t v = 99;
    EXPECT_EQ(cli_parse_i64(&v, "0", 0, 10, "x", &err), 0);
    EXPECT_EQ(v, 0);
    EXPECT_EQ(cli_parse_i64(&v, "10", 0, 10, "x", &err), 0);
    EXPECT_EQ(v, 10);
    EXPECT_EQ(cli_parse_i64(&v, "007", 0, 10, "x", &err), 0);
    EXPECT_EQ(v, 7);
    EXPECT_EQ(cli_parse_i64(&v, "-3", -5, 10, "x", &err), 0);
    EXPECT_EQ(v, -3);
    EXPECT_EQ(cli_parse_i64(&v, "-9223372036854775808", INT64_MIN, INT64_MAX,
                            "x", &err),
              0);
    EXPECT_EQ(v, INT64_MIN);
    EXPECT_EQ(cli_parse_i64(&v, "9223372036854775807", INT64_MIN, INT64_MAX,
                            "x", &err),
              0);
    EXPECT_EQ(v, INT64_MAX);
}

TEST(CliArgs, I64RejectsEverythingElseAndKeepsOutput) {
    const char *bad[] = {"",
                         "-",
                         "11",
                         "-1",
                         " 1",
                         "1 ",
                         "+1",
                         "1a",
                         "0x1",
                         "1.0",
                         "1e1",
                         "--1",
                         "\t1",
                         "9223372036854775808",
                         "-9223372036854775809",
                         "99999999999999999999999"};
    for (const char *text : bad) {
        SCOPED_TRACE(text);
        cli_error err;
        int64_t v = 42;
        EXPECT_EQ(cli_parse_i64(&v, text, 0, 10, "width", &err), -1);
        EXPECT_EQ(v, 42);
        EXPECT_EQ(std::string(err.text).rfind("width: ", 0), 0u) << err.text;
    }
    cli_error err;
    int64_t v = 0;
    cli_parse_i64(&v, "11", 0, 10, "width", &err);
    EXPECT_STREQ(err.text,
                 "width: '11' is out of range: must be an integer from 0 to "
                 "10");
    cli_parse_i64(&v, "1a", 0, 10, "width", &err);
    EXPECT_STREQ(err.text, "width: '1a' is not an integer (expected 0 to 10)");
}

TEST(CliArgs, U64CoversTheWholeRange) {
    cli_error err;
    uint64_t v = 0;
    EXPECT_EQ(cli_parse_u64(&v, "18446744073709551615", UINT64_MAX, "s", &err),
              0);
    EXPECT_EQ(v, UINT64_MAX);
    EXPECT_EQ(cli_parse_u64(&v, "0", UINT64_MAX, "s", &err), 0);
    EXPECT_EQ(v, 0u);
    for (const char *text :
         {"18446744073709551616", "-1", "-0", "", "1x", " 5", "+5", "-"}) {
        SCOPED_TRACE(text);
        v = 7;
        EXPECT_EQ(cli_parse_u64(&v, text, UINT64_MAX, "s", &err), -1);
        EXPECT_EQ(v, 7u);
    }
    EXPECT_EQ(cli_parse_u64(&v, "6", 5, "s", &err), -1);
}

TEST(CliArgs, Choice) {
    const char *const names[] = {"pad", "exact", "strict"};
    cli_error err;
    int v = -1;
    EXPECT_EQ(cli_parse_choice(&v, "strict", names, 3, "--fit", &err), 0);
    EXPECT_EQ(v, 2);
    EXPECT_EQ(cli_parse_choice(&v, "pad", names, 3, "--fit", &err), 0);
    EXPECT_EQ(v, 0);
    for (const char *text : {"PAD", "pa", "pads", "", " pad"}) {
        v = -1;
        EXPECT_EQ(cli_parse_choice(&v, text, names, 3, "--fit", &err), -1);
        EXPECT_EQ(v, -1);
    }
    cli_parse_choice(&v, "x", names, 3, "--fit", &err);
    EXPECT_STREQ(err.text, "--fit: 'x' is not one of pad, exact or strict");
}

TEST(CliArgs, Sequence) {
    int digits[8];
    size_t n = 0;
    cli_error err;
    ASSERT_EQ(cli_parse_sequence(digits, 8, &n, "3502", &err), 0);
    EXPECT_EQ(std::vector<int>(digits, digits + n),
              (std::vector<int>{3, 5, 0, 2}));
    ASSERT_EQ(cli_parse_sequence(digits, 8, &n, "9-0-1", &err), 0);
    EXPECT_EQ(std::vector<int>(digits, digits + n),
              (std::vector<int>{9, 0, 1}));
    ASSERT_EQ(cli_parse_sequence(digits, 8, &n, "7", &err), 0);
    EXPECT_EQ(n, 1u);
    ASSERT_EQ(cli_parse_sequence(digits, 8, &n, "12345678", &err), 0);
    EXPECT_EQ(n, 8u);
    n = 99;
    EXPECT_EQ(cli_parse_sequence(digits, 8, &n, "123456789", &err), -1);
    EXPECT_STREQ(err.text, "sequence: 9 digits: at most 8");
    EXPECT_EQ(n, 99u);
    for (const char *text : {"", "-", "1-", "-1", "1--2", "12-3", "1-23", "a",
                             "1a", "1 2", "1_2", "\xff"}) {
        SCOPED_TRACE(text);
        EXPECT_EQ(cli_parse_sequence(digits, 8, &n, text, &err), -1);
        EXPECT_EQ(std::string(err.text).rfind("sequence: ", 0), 0u);
    }
    cli_parse_sequence(digits, 8, &n, "12x4", &err);
    EXPECT_STREQ(err.text,
                 "sequence: '12x4': character 3 ('x') is not a digit 0-9");
}

TEST(CliArgs, SequenceName) {
    const int digits[] = {1, 2, 3};
    char buf[16];
    ASSERT_EQ(cli_sequence_name(buf, sizeof buf, digits, 3, ".png"), 0);
    EXPECT_STREQ(buf, "1-2-3.png");
    ASSERT_EQ(cli_sequence_name(buf, sizeof buf, digits, 1, ""), 0);
    EXPECT_STREQ(buf, "1");
    char exact[10];  // "1-2-3.png" + NUL
    EXPECT_EQ(cli_sequence_name(exact, sizeof exact, digits, 3, ".png"), 0);
    char small[9];
    EXPECT_EQ(cli_sequence_name(small, sizeof small, digits, 3, ".png"), -1);
}

TEST(CliArgs, QuoteEscapesAndCuts) {
    char buf[96];
    EXPECT_STREQ(cli_quote(buf, sizeof buf, "ab"), "'ab'");
    EXPECT_STREQ(cli_quote(buf, sizeof buf, ""), "''");
    EXPECT_STREQ(cli_quote(buf, sizeof buf, "a\nb\x7f"), "'a\\x0ab\\x7f'");
    const std::string long_text(200, 'z');
    const std::string quoted = cli_quote(buf, sizeof buf, long_text.c_str());
    EXPECT_EQ(quoted, "'" + std::string(64, 'z') + "...'");
    char tiny[12];
    const std::string cut = cli_quote(tiny, sizeof tiny, "abcdefghijkl");
    EXPECT_LT(cut.size(), sizeof tiny);
    EXPECT_EQ(cut, "'abcdef...'");
}

TEST(CliArgs, ScannerForms) {
    const cli_option options[] = {
        {"seed", 0, 1, 1}, {"output", 'o', 1, 2}, {"invert", 0, 0, 3}};
    Argv args({"--seed", "5", "pos", "--seed=6", "-oX", "-o", "Y", "-7", "-",
               "--invert", "--", "--invert", "-o"});
    cli_scanner s;
    cli_scanner_init(&s, args.argc(), args.argv(), options, 3);
    struct Want {
        cli_token token;
        int id;
        const char *name;
        const char *value;
    };
    const Want want[] = {
        {CLI_TOKEN_OPTION, 1, "--seed", "5"},
        {CLI_TOKEN_POSITIONAL, -1, nullptr, "pos"},
        {CLI_TOKEN_OPTION, 1, "--seed", "6"},
        {CLI_TOKEN_OPTION, 2, "-o", "X"},
        {CLI_TOKEN_OPTION, 2, "-o", "Y"},
        {CLI_TOKEN_POSITIONAL, -1, nullptr, "-7"},
        {CLI_TOKEN_POSITIONAL, -1, nullptr, "-"},
        {CLI_TOKEN_OPTION, 3, "--invert", nullptr},
        {CLI_TOKEN_POSITIONAL, -1, nullptr, "--invert"},
        {CLI_TOKEN_POSITIONAL, -1, nullptr, "-o"},
        {CLI_TOKEN_END, -1, nullptr, nullptr},
    };
    for (const Want &w : want) {
        int id = -1;
        const char *name = nullptr;
        const char *value = nullptr;
        cli_error err;
        const cli_token t = cli_scan(&s, &id, &name, &value, &err);
        ASSERT_EQ(t, w.token);
        if (t == CLI_TOKEN_OPTION) {
            EXPECT_EQ(id, w.id);
            EXPECT_STREQ(name, w.name);
        }
        if (w.value == nullptr) {
            EXPECT_EQ(value, nullptr);
        } else {
            EXPECT_STREQ(value, w.value);
        }
    }
}

TEST(CliArgs, ScannerErrors) {
    const cli_option options[] = {{"seed", 0, 1, 1}, {"invert", 'i', 0, 3}};
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases =
        {{{"--seeds"}, "unknown option '--seeds'"},
         {{"--se"}, "unknown option '--se'"},
         {{"-s"}, "unknown option '-s'"},
         {{"--seed"}, "option --seed needs a value"},
         {{"--invert=1"}, "option --invert takes no value (got '--invert=1')"},
         {{"-ix"},
          "option -i takes no value, and '-ix' is not an option to group "
          "with it"},
         {{"---"}, "unknown option '---'"}};
    for (const auto &c : cases) {
        Argv args(c.first);
        cli_scanner s;
        cli_scanner_init(&s, args.argc(), args.argv(), options, 2);
        int id = -1;
        const char *name = nullptr;
        const char *value = nullptr;
        cli_error err;
        EXPECT_EQ(cli_scan(&s, &id, &name, &value, &err), CLI_TOKEN_ERROR);
        EXPECT_EQ(std::string(err.text), c.second);
    }
}

TEST(CliArgs, GenerateParseDefaultsAndValues) {
    static cli_generate_args a;
    cli_error err;
    Argv plain({"1-2-3", "2", "8", "200"});
    ASSERT_EQ(cli_generate_parse(&a, plain.argc(), plain.argv(), &err), 0)
        << err.text;
    EXPECT_EQ(std::vector<int>(a.digits, a.digits + a.ndigits),
              (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(a.min_spacing, 2);
    EXPECT_EQ(a.max_spacing, 8);
    EXPECT_EQ(a.width, 200);
    EXPECT_EQ(a.seed, 0u);
    EXPECT_EQ(a.index, 0u);
    EXPECT_EQ(a.data, nullptr);
    EXPECT_EQ(a.output, nullptr);
    EXPECT_EQ(a.split, MSEQ_SPLIT_TRAIN);
    EXPECT_EQ(a.fit, MSEQ_FIT_PAD);
    EXPECT_EQ(a.align, MSEQ_ALIGN_CENTER);
    EXPECT_EQ(a.invert, 0);
    EXPECT_EQ(a.help, 0);
    EXPECT_EQ(a.version, 0);

    Argv full({"--seed", "9", "0", "--index=4", "0", "--data", "D", "65536",
               "--split", "test", "--fit", "exact", "--align", "random",
               "--invert", "-o", "out.png", "1"});
    ASSERT_EQ(cli_generate_parse(&a, full.argc(), full.argv(), &err), 0)
        << err.text;
    EXPECT_EQ(a.ndigits, 1u);
    EXPECT_EQ(a.digits[0], 0);
    EXPECT_EQ(a.min_spacing, 0);
    EXPECT_EQ(a.max_spacing, 65536);
    EXPECT_EQ(a.width, 1);
    EXPECT_EQ(a.seed, 9u);
    EXPECT_EQ(a.index, 4u);
    EXPECT_STREQ(a.data, "D");
    EXPECT_STREQ(a.output, "out.png");
    EXPECT_EQ(a.split, MSEQ_SPLIT_TEST);
    EXPECT_EQ(a.fit, MSEQ_FIT_EXACT);
    EXPECT_EQ(a.align, MSEQ_ALIGN_RANDOM);
    EXPECT_EQ(a.invert, 1);

    Argv help({"x", "--help", "--bogus"});
    ASSERT_EQ(cli_generate_parse(&a, help.argc(), help.argv(), &err), 0);
    EXPECT_EQ(a.help, 1);
    Argv version({"--version"});
    ASSERT_EQ(cli_generate_parse(&a, version.argc(), version.argv(), &err), 0);
    EXPECT_EQ(a.version, 1);
}

TEST(CliArgs, GenerateParseLimits) {
    static cli_generate_args a;
    cli_error err;
    const std::string max_digits(MSEQ_MAX_DIGITS, '4');
    Argv longest({max_digits, "0", "65536", "65536"});
    EXPECT_EQ(cli_generate_parse(&a, longest.argc(), longest.argv(), &err), 0)
        << err.text;
    EXPECT_EQ(a.ndigits, size_t{MSEQ_MAX_DIGITS});
    Argv too_long({max_digits + "4", "0", "1", "1"});
    EXPECT_EQ(cli_generate_parse(&a, too_long.argc(), too_long.argv(), &err),
              -1);
    Argv spacing({"1", "0", "65537", "1"});
    EXPECT_EQ(cli_generate_parse(&a, spacing.argc(), spacing.argv(), &err), -1);
    EXPECT_STREQ(err.text,
                 "max_spacing: '65537' is out of range: must be an integer "
                 "from -1023 to 65536");
    Argv width({"1", "0", "0", "65537"});
    EXPECT_EQ(cli_generate_parse(&a, width.argc(), width.argv(), &err), -1);
    Argv order({"1", "3", "2", "9"});
    EXPECT_EQ(cli_generate_parse(&a, order.argc(), order.argv(), &err), -1);
    EXPECT_STREQ(err.text, "min_spacing (3) is greater than max_spacing (2)");
}

}  // namespace
