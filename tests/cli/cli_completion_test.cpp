// The bash completion (cli/completion/mnistseq-cli.bash), run by bash as
// bash-completion runs it: the commands, every option of each command's
// --help and nothing else, and the values of the options that take names,
// checked against the library's parameter table and the program.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "commands.h"
#include "mnistseq/mnistseq.h"
#include "scratch_dir.hpp"

namespace {

using mseq_test::run_cli;
using mseq_test::ScratchDir;
using Words = std::set<std::string>;

// 'text' for a bash command line.
std::string shell_quoted(const std::string &text) {
    std::string q = "'";
    for (char c : text)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// The completions bash gives for `words` (the last one being completed),
// with the built program first on PATH.
Words complete(const std::vector<std::string> &words) {
    const std::string program = MNISTSEQ_CLI_PATH;
    const std::string bin = program.substr(0, program.rfind('/'));
    std::string script = "source " + shell_quoted(MNISTSEQ_COMPLETION_SCRIPT) +
                         "; PATH=" + shell_quoted(bin) +
                         ":\"$PATH\"; COMP_WORDS=(";
    for (const auto &w : words) script += shell_quoted(w) + " ";
    script += "); COMP_CWORD=" + std::to_string(words.size() - 1) +
              "; _mnistseq_cli; printf '%s\\n' \"${COMPREPLY[@]}\"";
    FILE *pipe = popen(("bash -c " + shell_quoted(script)).c_str(), "r");
    EXPECT_NE(pipe, nullptr);
    Words found;
    if (pipe == nullptr) return found;
    char line[4096];
    while (std::fgets(line, sizeof line, pipe) != nullptr) {
        std::string word(line);
        if (!word.empty() && word.back() == '\n') word.pop_back();
        if (!word.empty()) found.insert(word);
    }
    EXPECT_EQ(pclose(pipe), 0);
    return found;
}

// The long option of a --help option line ("  -o, --out DIR  ..." or
// "  --seed N  ..."), or "".
std::string option_of(const std::string &line) {
    size_t at = 2;
    if (line.compare(0, 2, "  ") != 0) return "";
    if (line.size() > 6 && line[2] == '-' && line[3] != '-' &&
        line.compare(4, 2, ", ") == 0) {
        at = 6;  // "-o, "
    }
    if (line.size() < at + 3 || line.compare(at, 2, "--") != 0 ||
        !std::islower(static_cast<unsigned char>(line[at + 2]))) {
        return "";
    }
    size_t end = at + 2;
    while (end < line.size() &&
           (std::islower(static_cast<unsigned char>(line[end])) ||
            std::isdigit(static_cast<unsigned char>(line[end])) ||
            line[end] == '-')) {
        ++end;
    }
    return line.substr(at, end - at);
}

// The long options of a command's --help: the option lines' "--name".
Words help_options(const std::vector<std::string> &command) {
    ScratchDir cwd;
    std::vector<std::string> args = command;
    args.push_back("--help");
    const auto run = run_cli(cwd.path(), args);
    EXPECT_EQ(run.status, 0) << run.err;
    Words options;
    std::istringstream lines(run.out);
    std::string line;
    while (std::getline(lines, line)) {
        const std::string option = option_of(line);
        if (!option.empty()) options.insert(option);
    }
    return options;
}

// The value names of an enum parameter, from the library's table.
Words table_choices(mseq_param key) {
    mseq_param_desc d{};
    d.version = MSEQ_PARAM_DESC_VERSION;
    EXPECT_EQ(mseq_param_info(&d, key), MSEQ_OK);
    Words names;
    std::istringstream choices(d.choices == nullptr ? "" : d.choices);
    std::string name;
    while (std::getline(choices, name, '|')) names.insert(name);
    return names;
}

TEST(CliCompletion, FirstWordIsACommand) {
    EXPECT_EQ(complete({"mnistseq-cli", ""}),
              (Words{"dataset", "generate", "info", "preview"}));
    EXPECT_EQ(complete({"mnistseq-cli", "da"}), Words{"dataset"});
    std::set<std::string> commands;
    for (size_t i = 0; i < cli_command_count; ++i) {
        commands.insert(cli_commands[i].name);
    }
    EXPECT_EQ(complete({"mnistseq-cli", ""}), commands);
}

TEST(CliCompletion, EveryOptionOfEachCommandsHelp) {
    const Words generate = help_options({});
    EXPECT_TRUE(generate.count("--seed") && generate.count("--output"));
    EXPECT_EQ(complete({"mnistseq-cli", "--"}), generate);
    EXPECT_EQ(complete({"mnistseq-cli", "350", "2", "8", "200", "--"}),
              generate);
    const Words info = help_options({"info"});
    EXPECT_EQ(complete({"mnistseq-cli", "info", "--"}), info);
    for (const char *command : {"dataset", "preview"}) {
        const Words options = help_options({command});
        EXPECT_TRUE(options.count("--min-spacing")) << command;
        EXPECT_EQ(complete({"mnistseq-cli", command, "--"}), options)
            << command;
    }
    EXPECT_EQ(complete({"mnistseq-cli", "dataset", "--fo"}),
              (Words{"--force", "--format"}));
}

TEST(CliCompletion, ValuesOfNamedOptionsAreTheProgramsNames) {
    EXPECT_EQ(complete({"mnistseq-cli", "dataset", "--fit", ""}),
              table_choices(MSEQ_PARAM_FIT));
    EXPECT_EQ(complete({"mnistseq-cli", "--align", ""}),
              table_choices(MSEQ_PARAM_ALIGN));
    EXPECT_EQ(complete({"mnistseq-cli", "preview", "--split", ""}),
              (Words{cli_split_names[0], cli_split_names[1]}));
    EXPECT_EQ(complete({"mnistseq-cli", "preview", "--fit", "e"}),
              Words{"exact"});
    // The formats: those of dataset's usage line, [--format png|npy|tar].
    ScratchDir cwd;
    const auto help = run_cli(cwd.path(), {"dataset", "--help"});
    const size_t at = help.out.find("[--format ");
    ASSERT_NE(at, std::string::npos) << help.out;
    const size_t begin = at + 10;
    const size_t end = help.out.find(']', begin);
    ASSERT_NE(end, std::string::npos);
    Words formats;
    std::istringstream names(help.out.substr(begin, end - begin));
    std::string name;
    while (std::getline(names, name, '|')) formats.insert(name);
    EXPECT_EQ(complete({"mnistseq-cli", "dataset", "--format", ""}), formats);
    // Each data type offered is one the program takes.
    const Words dtypes = complete({"mnistseq-cli", "dataset", "--dtype", ""});
    EXPECT_EQ(dtypes, (Words{"float32", "uint8"}));
    for (const auto &dtype : dtypes) {
        const auto run =
            run_cli(cwd.path(), {"dataset", "--count", "2", "--format", "npy",
                                 "--dtype", dtype, "--out", "d_" + dtype});
        EXPECT_EQ(run.status, 0) << dtype << ": " << run.err;
    }
}

TEST(CliCompletion, PathOptionsCompletePaths) {
    ScratchDir cwd;
    const auto run = run_cli(cwd.path(), {"preview", "-o", "sheet.png"});
    ASSERT_EQ(run.status, 0) << run.err;
    // Completed relative to bash's working directory: give a full prefix.
    const std::string dir = cwd.path();
    EXPECT_EQ(complete({"mnistseq-cli", "preview", "-o", dir + "/sh"}),
              Words{dir + "/sheet.png"});
    EXPECT_EQ(complete({"mnistseq-cli", "dataset", "--data", dir + "/sh"}),
              Words{});  // a file, not a folder
}

}  // namespace
