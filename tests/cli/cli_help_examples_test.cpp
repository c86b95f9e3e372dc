// The examples that end each command's --help: there are two or three, and
// each runs as written (in order, in one fresh folder, so that an example
// may use what an earlier one wrote) and succeeds.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "scratch_dir.hpp"

namespace {

using mseq_test::run_cli;
using mseq_test::ScratchDir;

// The example lines of a --help text: the lines after "Examples:", each
// "  mnistseq-cli ..." split into words.
std::vector<std::vector<std::string>> examples_of(const std::string &help) {
    std::vector<std::vector<std::string>> examples;
    std::istringstream lines(help);
    std::string line;
    bool in_examples = false;
    while (std::getline(lines, line)) {
        if (line == "Examples:") {
            in_examples = true;
            continue;
        }
        if (!in_examples) continue;
        std::istringstream words(line);
        std::vector<std::string> example;
        std::string word;
        while (words >> word) example.push_back(word);
        EXPECT_FALSE(example.empty()) << "blank line among the examples";
        EXPECT_EQ(example.empty() ? "" : example[0], "mnistseq-cli") << line;
        if (!example.empty()) {
            examples.emplace_back(example.begin() + 1, example.end());
        }
    }
    return examples;
}

void expect_examples_run(const std::vector<std::string> &help_args) {
    ScratchDir cwd;
    const auto help = run_cli(cwd.path(), help_args);
    ASSERT_EQ(help.status, 0) << help.err;
    const auto examples = examples_of(help.out);
    EXPECT_GE(examples.size(), 2u) << help.out;
    EXPECT_LE(examples.size(), 3u) << help.out;
    for (auto args : examples) {
        // "> FILE" (a shell redirection): stdout must then be the PNG.
        bool to_stdout = false;
        if (args.size() >= 2 && args[args.size() - 2] == ">") {
            args.resize(args.size() - 2);
            to_stdout = true;
        }
        std::string said;
        for (const auto &a : args) said += " " + a;
        const auto run = run_cli(cwd.path(), args);
        EXPECT_EQ(run.status, 0) << "mnistseq-cli" << said << "\n" << run.err;
        if (to_stdout) {
            EXPECT_EQ(run.out.substr(0, 8), "\x89PNG\r\n\x1a\n") << said;
        }
    }
    EXPECT_FALSE(cwd.entries().empty()) << "the examples wrote nothing";
}

TEST(CliHelpExamples, GenerateExamplesRun) { expect_examples_run({"--help"}); }

TEST(CliHelpExamples, DatasetExamplesRun) {
    expect_examples_run({"dataset", "--help"});
}

TEST(CliHelpExamples, InfoExamplesRun) {
    expect_examples_run({"info", "--help"});
}

TEST(CliHelpExamples, PreviewExamplesRun) {
    expect_examples_run({"preview", "--help"});
}

}  // namespace
