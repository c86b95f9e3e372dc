// mnistseq-cli end to end, failing runs: each bad input gives its exit
// status (2 usage, 1 runtime), a message on stderr naming the fault, nothing
// on stdout, and no file at all (no output, no temporary) in the directory.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "idx_files.hpp"
#include "scratch_dir.hpp"

namespace {

using mseq_test::run_cli;
using mseq_test::ScratchDir;

struct BadCase {
    std::vector<std::string> args;
    int status;
    std::vector<std::string> message_parts;  // each must appear on stderr
};

// Runs the case in a fresh directory holding only `keep` (if not empty,
// a file with known content): afterwards the directory holds exactly that.
void expect_failure(const BadCase &c, const std::string &cwd_path,
                    const std::vector<std::string> &keep = {},
                    const mseq_test::CliRunOptions &options = {}) {
    std::string joined;
    for (const auto &a : c.args) {
        joined += "[" + a + "] ";
    }
    SCOPED_TRACE("mnistseq-cli " + joined);
    const auto run = run_cli(cwd_path, c.args, options);
    EXPECT_EQ(run.status, c.status) << run.err;
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err.rfind("mnistseq-cli: ", 0), 0u) << run.err;
    for (const auto &part : c.message_parts) {
        EXPECT_NE(run.err.find(part), std::string::npos)
            << "stderr lacks \"" << part << "\": " << run.err;
    }
    if (c.status == 2) {
        EXPECT_NE(run.err.find("\nusage: mnistseq-cli"), std::string::npos)
            << run.err;
    }
    EXPECT_EQ(ScratchDir::list(cwd_path), keep);
}

void expect_failures(const std::vector<BadCase> &cases) {
    for (const BadCase &c : cases) {
        ScratchDir cwd;
        expect_failure(c, cwd.path());
    }
}

TEST(CliErrors, BadSequence) {
    expect_failures({
        {{"", "2", "8", "200"}, 2, {"sequence", "empty"}},
        {{"12a", "2", "8", "200"}, 2, {"sequence", "'12a'", "'a'", "digit"}},
        {{"1 2", "2", "8", "200"}, 2, {"'1 2'", "not a digit"}},
        {{"x", "2", "8", "200"}, 2, {"'x'"}},
        {{"\xc3\xa9", "2", "8", "200"}, 2, {"\\xc3\\xa9"}},
        {{"1--2", "2", "8", "200"}, 2, {"'1--2'", "dashes"}},
        {{"12-3", "2", "8", "200"}, 2, {"'12-3'"}},
        {{"1-2-", "2", "8", "200"}, 2, {"'1-2-'"}},
        {{"-1-2", "2", "8", "200"}, 2, {"'-1-2'"}},
        {{std::string(1025, '7'), "2", "8", "200"},
         2,
         {"1025 digits", "at most 1024"}},
    });
}

TEST(CliErrors, BadSpacing) {
    expect_failures({
        {{"123", "-1024", "8", "200"},
         2,
         {"min_spacing", "'-1024'", "-1023 to 65536"}},
        {{"123", "2", "-1030", "200"}, 2, {"max_spacing", "'-1030'"}},
        // Overlapping by a whole MNIST glyph: refused once the data is read.
        {{"123", "-28", "-3", "200"},
         1,
         {"min_spacing -28", "spacing below -27", "28 columns"}},
        {{"123", "8", "2", "200"}, 2, {"min_spacing (8)", "max_spacing (2)"}},
        {{"123", "2.5", "8", "200"},
         2,
         {"min_spacing", "'2.5'", "not an integer"}},
        {{"123", "2", "65537", "200"}, 2, {"max_spacing", "'65537'"}},
        {{"123", "", "8", "200"}, 2, {"min_spacing", "empty"}},
        {{"123", " 2", "8", "200"}, 2, {"min_spacing", "' 2'"}},
        {{"123", "+2", "8", "200"}, 2, {"min_spacing", "'+2'"}},
        {{"123", "0x2", "8", "200"}, 2, {"min_spacing", "'0x2'"}},
    });
}

TEST(CliErrors, BadWidth) {
    expect_failures({
        {{"123", "2", "8", "0"}, 2, {"image_width", "'0'", "1 to 65536"}},
        {{"123", "2", "8", "-5"}, 2, {"image_width", "'-5'"}},
        {{"123", "2", "8", "99999999999999999999"},
         2,
         {"image_width", "'99999999999999999999'", "out of range"}},
        {{"123", "2", "8", "1000000000"}, 2, {"image_width", "'1000000000'"}},
        {{"123", "2", "8", "65537"}, 2, {"image_width", "'65537'"}},
        {{"123", "2", "8", "abc"}, 2, {"image_width", "'abc'"}},
        {{"123", "2", "8", "200px"}, 2, {"image_width", "'200px'"}},
    });
}

TEST(CliErrors, TooNarrowUnderStrictAndExact) {
    expect_failures({
        // 3 digits of 28 plus 2 gaps of at least 2 is 88 > 50.
        {{"123", "2", "8", "50", "--fit", "strict"},
         1,
         {"cannot generate", "1-2-3", "50"}},
        // No gap vector in [0, 0] makes 84 pixels into 100.
        {{"123", "0", "0", "100", "--fit", "exact"}, 1, {"cannot generate"}},
        {{"123", "2", "8", "50", "--fit", "exact"}, 1, {"cannot generate"}},
    });
    // The library's own message and code name are passed on.
    ScratchDir cwd;
    const auto run =
        run_cli(cwd.path(), {"123", "2", "8", "50", "--fit", "strict"});
    EXPECT_NE(run.err.find(mseq_strerror(MSEQ_ENOFIT)), std::string::npos)
        << run.err;
}

TEST(CliErrors, BadOptions) {
    expect_failures({
        {{"123", "2", "8", "200", "--bogus"}, 2, {"unknown option '--bogus'"}},
        {{"123", "2", "8", "200", "-x"}, 2, {"unknown option '-x'"}},
        {{"123", "2", "8", "200", "--see", "1"}, 2, {"unknown option"}},
        {{"123", "2", "8", "200", "--split", "val"},
         2,
         {"--split", "'val'", "train or test"}},
        {{"123", "2", "8", "200", "--split="}, 2, {"--split", "''"}},
        {{"123", "2", "8", "200", "--fit", "wide"},
         2,
         {"--fit", "'wide'", "pad, exact or strict"}},
        {{"123", "2", "8", "200", "--align", "middle"},
         2,
         {"--align", "'middle'"}},
        {{"123", "2", "8", "200", "--seed", "abc"}, 2, {"--seed", "'abc'"}},
        {{"123", "2", "8", "200", "--seed", "-1"}, 2, {"--seed", "'-1'"}},
        {{"123", "2", "8", "200", "--seed", "18446744073709551616"},
         2,
         {"--seed", "'18446744073709551616'", "out of range"}},
        {{"123", "2", "8", "200", "--index", "1e3"}, 2, {"--index", "'1e3'"}},
        {{"123", "2", "8", "200", "--seed"},
         2,
         {"option --seed needs a value"}},
        {{"123", "2", "8", "200", "-o"}, 2, {"option -o needs a value"}},
        {{"123", "2", "8", "200", "-o", ""}, 2, {"-o", "empty"}},
        {{"123", "2", "8", "200", "--data="}, 2, {"--data", "empty"}},
        {{"123", "2", "8", "200", "--invert=yes"},
         2,
         {"--invert", "takes no value"}},
        {{"123", "2", "8", "200", "--seed", "1", "--seed=2"},
         2,
         {"--seed", "more than once"}},
        {{"123", "2", "8", "200", "--invert", "--invert"},
         2,
         {"--invert", "more than once"}},
    });
}

TEST(CliErrors, WrongNumberOfArguments) {
    expect_failures({
        {{}, 2, {"missing arguments"}},
        {{"123"},
         2,
         {"missing arguments <min_spacing> <max_spacing> "
          "<image_width>"}},
        {{"123", "2", "8"}, 2, {"missing argument <image_width>"}},
        {{"--seed", "3"}, 2, {"missing arguments <sequence>"}},
        {{"123", "2", "8", "200", "9"}, 2, {"unexpected argument '9'"}},
        {{"dataset-typo", "2", "8", "200"}, 2, {"sequence"}},
    });
}

TEST(CliErrors, DashDashEndsOptions) {
    // After "--", "--seed" is a positional argument (and a bad sequence).
    expect_failures({
        {{"--", "--seed", "2", "8", "200"}, 2, {"sequence", "'--seed'"}},
    });
}

// --data pointing at missing or broken IDX files: runtime errors naming the
// folder or file at fault.
TEST(CliErrors, BadDataFolder) {
    ScratchDir cwd;
    const std::string missing = cwd / "no-such-folder";
    expect_failure({{"123", "2", "8", "200", "--data", missing},
                    1,
                    {"cannot open the train split", missing}},
                   cwd.path());

    struct Broken {
        mseq_test::IdxFault fault;
        mseq_test::IdxTarget target;
        bool gzip;
        const char *expected_file;
    };
    const Broken broken[] = {
        {mseq_test::IdxFault::wrong_magic, mseq_test::IdxTarget::images, false,
         "train-images-idx3-ubyte"},
        {mseq_test::IdxFault::wrong_magic, mseq_test::IdxTarget::labels, true,
         "train-labels-idx1-ubyte.gz"},
        {mseq_test::IdxFault::truncated, mseq_test::IdxTarget::images, false,
         "train-images-idx3-ubyte"},
        {mseq_test::IdxFault::truncated, mseq_test::IdxTarget::images, true,
         "train-images-idx3-ubyte.gz"},
        {mseq_test::IdxFault::trailing_bytes, mseq_test::IdxTarget::labels,
         false, "train-labels-idx1-ubyte"},
        {mseq_test::IdxFault::bad_label, mseq_test::IdxTarget::labels, false,
         "train-labels-idx1-ubyte"},
        {mseq_test::IdxFault::count_mismatch, mseq_test::IdxTarget::labels,
         false, "train-"},
    };
    for (const Broken &b : broken) {
        mseq_test::TempDir data;
        mseq_test::IdxSpec spec;
        spec.fault = b.fault;
        spec.target = b.target;
        spec.gzip = b.gzip;
        mseq_test::write_idx_split(data.path(), spec);
        ScratchDir run_dir;
        expect_failure({{"123", "2", "8", "200", "--data", data.path()},
                        1,
                        {"cannot open the train split", data.path(),
                         b.expected_file, mseq_strerror(MSEQ_EFORMAT)}},
                       run_dir.path());
    }

    // A folder with the training files only: --split test finds nothing.
    mseq_test::TempDir train_only;
    mseq_test::write_idx_split(train_only.path(), mseq_test::IdxSpec());
    expect_failure({{"123", "2", "8", "200", "--data", train_only.path(),
                     "--split", "test"},
                    1,
                    {"cannot open the test split", train_only.path(),
                     mseq_strerror(MSEQ_ENOTFOUND)}},
                   cwd.path());
}

// Output that cannot be written (tests run as root, which ignores
// permission bits: a missing folder, a file used as a folder, /proc and a
// directory in the way are refused even to root).
TEST(CliErrors, UnwritableOutput) {
    ScratchDir cwd;
    ScratchDir::write_file(cwd / "file", "precious");
    ASSERT_EQ(mkdir((cwd / "dir.png").c_str(), 0755), 0);
    const std::vector<std::string> keep = {"dir.png", "file"};
    auto sorted = [](std::vector<std::string> v) {
        std::sort(v.begin(), v.end());
        return v;
    };
    for (const std::string &target :
         {cwd / "missing/out.png", cwd / "file/out.png",
          std::string("/proc/mnistseq-cli-test.png"), cwd / "dir.png"}) {
        SCOPED_TRACE(target);
        const auto run =
            run_cli(cwd.path(), {"123", "2", "8", "200", "-o", target});
        EXPECT_EQ(run.status, 1);
        EXPECT_NE(run.err.find(
                      "mnistseq-cli: cannot write the image: " + target + ": "),
                  std::string::npos)
            << run.err;
        EXPECT_NE(run.err.find(mseq_strerror(MSEQ_EIO)), std::string::npos)
            << run.err;
        EXPECT_EQ(sorted(cwd.entries()), keep);
        EXPECT_EQ(ScratchDir::read_file(cwd / "file"), "precious");
        EXPECT_TRUE(ScratchDir::list(cwd / "dir.png").empty());
    }
    struct stat st {};
    EXPECT_NE(stat("/proc/mnistseq-cli-test.png", &st), 0);
}

// A write that fails midway (file size limit: EFBIG) leaves the existing
// file as it was and no temporary file.
TEST(CliErrors, FailedWriteKeepsExistingFile) {
    ScratchDir cwd;
    ScratchDir::write_file(cwd / "1-2-3.png", "precious");
    mseq_test::CliRunOptions options;
    options.file_size_limit = 100;  // any PNG of 28 x 200 is larger
    expect_failure({{"123", "2", "8", "200"},
                    1,
                    {"cannot write the image", "1-2-3.png", "File too large"}},
                   cwd.path(), {"1-2-3.png"}, options);
    EXPECT_EQ(ScratchDir::read_file(cwd / "1-2-3.png"), "precious");
}

// Failures before writing leave an existing output alone too.
TEST(CliErrors, FailureDoesNotClobberExistingOutput) {
    ScratchDir cwd;
    ScratchDir::write_file(cwd / "1-2-3.png", "precious");
    expect_failure(
        {{"123", "2", "8", "50", "--fit", "strict"}, 1, {"cannot generate"}},
        cwd.path(), {"1-2-3.png"});
    expect_failure({{"123", "8", "2", "200"}, 2, {"min_spacing"}}, cwd.path(),
                   {"1-2-3.png"});
    EXPECT_EQ(ScratchDir::read_file(cwd / "1-2-3.png"), "precious");
}

}  // namespace
