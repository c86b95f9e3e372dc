// The CLI as a user runs it, when things go wrong: a file size limit, a
// signal while writing, names that cannot be files, links, standard output,
// options that cannot work (refused before any data is read), a folder in
// use, and messages in the command line's own words.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "cli_runner.hpp"
#include "dataset_support.hpp"
#include "skip_unless_ci.hpp"

namespace dataset_test {
namespace {

#ifdef MNISTSEQ_CLI_PATH

using CliResult = mseq_test::CliRun;

// Runs the CLI in cwd with args, as a shell would, with an optional file
// size limit and a signal sent after kill_after_ms.
CliResult cli_in(const std::string &cwd, const std::vector<std::string> &args,
                 rlim_t file_size = 0, int kill_after_ms = -1,
                 int sig = SIGTERM) {
    mseq_test::CliRunOptions options;
    options.file_size_limit = file_size;
    options.kill_after_ms = kill_after_ms;
    options.kill_signal = sig;
    return mseq_test::run_cli(cwd, args, options);
}

// Every file under dir (relative names), recursively.
std::vector<std::string> files_under(const std::string &dir) {
    std::vector<std::string> names;
    for (const auto &e : std::filesystem::recursive_directory_iterator(dir)) {
        names.push_back(std::filesystem::relative(e.path(), dir));
    }
    return names;
}

bool holds(const std::string &text, const std::string &part) {
    return text.find(part) != std::string::npos;
}

TEST(CliReliability, FileSizeLimitIsAClearErrorAndLeavesNoTemporaryFile) {
    ScratchDir tmp;
    // The seed form, preview and a tar dataset, each over a 200-byte limit.
    const std::vector<std::vector<std::string>> jobs = {
        {"350", "2", "8", "200", "-o", "x.png"},
        {"preview", "--out", "big.png"},
        {"dataset", "-n", "30", "--out", "ds", "--format", "tar", "-q"}};
    for (const auto &job : jobs) {
        SCOPED_TRACE(job[0]);
        const std::string cwd = tmp / job[0];
        ASSERT_EQ(mkdir(cwd.c_str(), 0777), 0);
        const CliResult r = cli_in(cwd, job, 200);
        EXPECT_EQ(r.status, 1) << r.err;
        EXPECT_TRUE(holds(r.err, "File too large")) << r.err;
        EXPECT_TRUE(holds(r.err, "ulimit -f")) << r.err;
        for (const std::string &name : files_under(cwd)) {
            EXPECT_FALSE(holds(name, ".png.") || holds(name, ".tar.") ||
                         holds(name, "/tmp."))
                << "temporary file left: " << name;
            EXPECT_FALSE(name == "x.png" || name == "big.png")
                << "partial output: " << name;
        }
    }
}

TEST(CliReliability, SignalsWhileWritingLeaveNoTemporaryFile) {
    ScratchDir tmp;
    int completed = 0;
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
        for (int delay : {0, 40, 120, 250, 400}) {
            const std::string cwd =
                tmp / ("s" + std::to_string(sig) + "-" + std::to_string(delay));
            ASSERT_EQ(mkdir(cwd.c_str(), 0777), 0);
            const CliResult r =
                cli_in(cwd,
                       {"preview", "--out", "big.png", "--rows", "64", "--cols",
                        "32", "--width", "400", "--max-length", "12"},
                       0, delay, sig);
            for (const std::string &name : files_under(cwd)) {
                ASSERT_EQ(name, "big.png") << "signal " << sig << " after "
                                           << delay << " ms left " << name;
                const std::string png = ScratchDir::read_file(cwd + "/" + name);
                EXPECT_EQ(png.substr(png.size() - 8, 4), "IEND");
                ++completed;
            }
            EXPECT_TRUE(r.status == 0 || r.status == 128 + sig) << r.status;
        }
    }
    SCOPED_TRACE(completed);
}

TEST(CliReliability, LongSequenceNeedsAnOutputNameBeforeAnyWork) {
    ScratchDir tmp;
    // The data folder does not exist: the usage error must come first.
    const CliResult r = cli_in(tmp.path(), {std::string(300, '7'), "2", "8",
                                            "200", "--data", tmp / "nowhere"});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(holds(r.err, "-o")) << r.err;
    EXPECT_LT(r.err.size(), 600u) << "the message echoes the sequence";
    EXPECT_TRUE(files_under(tmp.path()).empty());
    const CliResult ok = cli_in(tmp.path(), {std::string(300, '7'), "0", "0",
                                             "8400", "-o", "long.png"});
    EXPECT_EQ(ok.status, 0) << ok.err;
}

TEST(CliReliability, OutputThroughASymbolicLink) {
    ScratchDir tmp;
    const std::string cwd = tmp.path();
    // Seeded: the two runs must make the same image.
    ASSERT_EQ(
        cli_in(cwd, {"350", "2", "8", "200", "--seed", "4", "-o", "plain.png"})
            .status,
        0);
    ASSERT_EQ(symlink("target.png", (cwd + "/link.png").c_str()), 0);
    // The link's target is written (created here), the link kept.
    CliResult r =
        cli_in(cwd, {"350", "2", "8", "200", "--seed", "4", "-o", "link.png"});
    ASSERT_EQ(r.status, 0) << r.err;
    struct stat st;
    ASSERT_EQ(lstat((cwd + "/link.png").c_str(), &st), 0);
    EXPECT_TRUE(S_ISLNK(st.st_mode));
    EXPECT_EQ(ScratchDir::read_file(cwd + "/target.png"),
              ScratchDir::read_file(cwd + "/plain.png"));
    // A link to a folder is refused, naming the link; nothing is written.
    ASSERT_EQ(mkdir((cwd + "/folder").c_str(), 0777), 0);
    ASSERT_EQ(symlink("folder", (cwd + "/dirlink").c_str()), 0);
    r = cli_in(cwd, {"350", "2", "8", "200", "-o", "dirlink"});
    EXPECT_EQ(r.status, 1);
    EXPECT_TRUE(holds(r.err, "dirlink") && holds(r.err, "directory")) << r.err;
    EXPECT_TRUE(files_under(cwd + "/folder").empty());
}

TEST(CliReliability, DashWritesThePngToStandardOutput) {
    ScratchDir tmp;
    ASSERT_EQ(cli_in(tmp.path(),
                     {"350", "2", "8", "200", "--seed", "4", "-o", "a.png"})
                  .status,
              0);
    const CliResult r =
        cli_in(tmp.path(), {"350", "2", "8", "200", "--seed", "4", "-o", "-"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, ScratchDir::read_file(tmp / "a.png"));
    EXPECT_FALSE(exists(tmp / "-"));
    const CliResult sheet = cli_in(tmp.path(), {"preview", "--out", "-"});
    ASSERT_EQ(sheet.status, 0) << sheet.err;
    EXPECT_EQ(sheet.out.substr(1, 3), "PNG");
}

TEST(CliReliability, BadCommandLinesExitTwoBeforeReadingData) {
    ScratchDir tmp;
    const std::string nowhere = tmp / "no-such-data";
    struct Case {
        std::vector<std::string> args;
        std::string says;
    };
    const std::vector<Case> cases = {
        {{"dataset", "--unique", "--max-length", "19", "-n", "5", "-o", "a"},
         "--max-length"},
        {{"dataset", "--unique", "--max-length", "1", "-n", "11", "-o", "a"},
         "10 distinct"},
        {{"dataset", "-n", "999999999", "--shard-size", "1", "-o", "a"},
         "--shard-size"},
        {{"dataset", "-n", "-1", "-o", "a"}, "from 1 to 999999999"},
        {{"dataset", "-n", "0", "-o", "a"}, "from 1 to 999999999"},
        {{"dataset", "-qx", "-o", "a"}, "-q"},
    };
    for (const Case &c : cases) {
        std::vector<std::string> args = c.args;
        args.insert(args.end(), {"--data", nowhere});
        const CliResult r = cli_in(tmp.path(), args);
        EXPECT_EQ(r.status, 2) << args[1] << ": " << r.err;
        EXPECT_TRUE(holds(r.err, c.says)) << r.err;
        EXPECT_FALSE(holds(r.err, "MSEQ_")) << r.err;
        EXPECT_FALSE(exists(tmp / "a"));
    }
}

TEST(CliReliability, MessagesUseTheCommandLinesWords) {
    ScratchDir tmp;
    // A fit that fails at generation: no C function or constant named.
    CliResult r = cli_in(tmp.path(), {"preview", "--width", "10", "--fit",
                                      "strict", "-o", "p.png"});
    EXPECT_EQ(r.status, 1);
    EXPECT_FALSE(holds(r.err, "mseq_") || holds(r.err, "MSEQ_")) << r.err;
    // Control characters of a path are escaped, not sent to the terminal.
    r = cli_in(tmp.path(),
               {"350", "2", "8", "200", "--data", tmp / "bad\x1b[31mname\a"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\a'), std::string::npos) << r.err;
    EXPECT_TRUE(holds(r.err, "\\x1b[31m")) << r.err;
    // Grouped short flags.
    r = cli_in(tmp.path(), {"dataset", "-qn", "3", "-o", "g"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(r.out.empty()) << "-q was not applied: " << r.out;
    EXPECT_TRUE(exists(tmp / "g/000000002.png"));
}

TEST(CliReliability, ASecondRunOfTheSameFolderIsRefused) {
    ScratchDir tmp;
    const std::string dir = tmp / "ds";
    ASSERT_EQ(mkdir(dir.c_str(), 0777), 0);
    const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(flock(fd, LOCK_EX | LOCK_NB), 0);  // "the first run"
    const CliResult r =
        cli_in(tmp.path(), {"dataset", "-n", "5", "-o", "ds", "-q"});
    close(fd);
    EXPECT_EQ(r.status, 1);
    EXPECT_TRUE(holds(r.err, "in use by process " + std::to_string(getpid())))
        << r.err;
    EXPECT_TRUE(files_under(dir).empty());
}

TEST(CliReliability, ProgressBarFitsTheTerminal) {
    if (run("command -v script >/dev/null") != 0) {
        MSEQ_SKIP_UNLESS_CI("no script(1)");
    }
    ScratchDir tmp;
    std::string out;
    ASSERT_EQ(
        run("script -qfec \"stty cols 40; " + std::string(MNISTSEQ_CLI_PATH) +
                " dataset --count 3000 --split test --out '" + (tmp / "a") +
                "'\" /dev/null",
            &out),
        0)
        << out;
    ASSERT_TRUE(holds(out, "img/s") || holds(out, "3000/")) << out;
    // Each redraw is "\r<line>\033[K": no line may be wider than 39.
    size_t pos = 0;
    while ((pos = out.find('\r', pos)) != std::string::npos) {
        const size_t end = out.find("\033[K", pos);
        if (end == std::string::npos) break;
        EXPECT_LE(end - pos - 1, 39u) << out.substr(pos + 1, end - pos - 1);
        pos = end;
    }
}

TEST(CliReliability, VerifyExitsOneListingEachProblem) {
    ScratchDir tmp;
    ASSERT_EQ(
        cli_in(tmp.path(), {"dataset", "-n", "12", "-o", "ds", "-q"}).status,
        0);
    CliResult r = cli_in(tmp.path(), {"dataset", "--verify", "ds"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(holds(r.out, "complete")) << r.out;
    ASSERT_EQ(unlink((tmp / "ds/000000003.png").c_str()), 0);
    r = cli_in(tmp.path(), {"dataset", "--verify", "ds"});
    EXPECT_EQ(r.status, 1);
    EXPECT_TRUE(holds(r.err, "000000003.png: missing")) << r.err;
    EXPECT_TRUE(holds(r.err, "1 problem found")) << r.err;
    r = cli_in(tmp.path(), {"dataset", "--verify", "ds", "--seed", "3"});
    EXPECT_EQ(r.status, 2) << r.err;
}

#endif

}  // namespace
}  // namespace dataset_test
