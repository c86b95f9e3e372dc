// The CLI's progress bar: its line format, and that it shows on a terminal
// only (and never with --quiet).
#include "progress.h"

#include "dataset_support.hpp"
#include "skip_unless_ci.hpp"

namespace dataset_test {
namespace {

TEST(Progress, LineShowsPercentCountRateAndEta) {
    char line[256];
    // 5000 of 10000, 4000 of them made in 2 s: 2000/s, 2.5 s left.
    cli_progress_format(line, sizeof line, 5000, 10000, 4000, 2.0, 10);
    EXPECT_STREQ(line,
                 "[#####.....]  50%  5000/10000  2,000 img/s  ETA 0:00:03");
    cli_progress_format(line, sizeof line, 0, 7, 0, 0.0, 4);
    EXPECT_STREQ(line, "[....]   0%  0/7  - img/s  ETA -");
    cli_progress_format(line, sizeof line, 7, 7, 7, 0.5, 4);
    EXPECT_STREQ(line, "[####] 100%  7/7  14 img/s  ETA 0:00:00");
    // An hour and more.
    cli_progress_format(line, sizeof line, 1, 3601, 1, 1.0, 1);
    EXPECT_NE(std::string(line).find("ETA 1:00:00"), std::string::npos) << line;
}

TEST(Progress, DisabledOffTerminalAndCancelFlag) {
    ScratchDir tmp;
    FILE *f = std::fopen((tmp / "log").c_str(), "w");
    ASSERT_NE(f, nullptr);
    volatile sig_atomic_t cancel = 0;
    cli_progress p;
    cli_progress_init(&p, f, 1, &cancel);
    EXPECT_EQ(p.enabled, 0) << "a file is not a terminal";
    EXPECT_EQ(cli_progress_update(1, 10, &p), 0);
    cancel = 1;
    EXPECT_EQ(cli_progress_update(2, 10, &p), 1) << "cancel asks to stop";
    cli_progress_finish(&p);
    std::fclose(f);
    EXPECT_EQ(ScratchDir::read_file(tmp / "log"), "");
}

#ifdef MNISTSEQ_CLI_PATH
// script(1) gives the CLI a terminal: the bar must appear there, and not
// with --quiet.
TEST(Progress, BarAppearsOnATerminalOnly) {
    if (run("command -v script >/dev/null") != 0) {
        MSEQ_SKIP_UNLESS_CI("no script(1)");
    }
    ScratchDir tmp;
    const std::string cmd = std::string(MNISTSEQ_CLI_PATH) +
                            " dataset --count 300 --split test --out ";
    std::string out;
    ASSERT_EQ(run("script -qfec \"" + cmd + "'" + (tmp / "a") + "'\" /dev/null",
                  &out),
              0)
        << out;
    EXPECT_NE(out.find("100%  300/300"), std::string::npos) << out;
    EXPECT_NE(out.find("img/s"), std::string::npos) << out;
    EXPECT_NE(out.find("ETA"), std::string::npos) << out;
    ASSERT_EQ(run("script -qfec \"" + cmd + "'" + (tmp / "b") +
                      "' --quiet\" /dev/null",
                  &out),
              0)
        << out;
    EXPECT_EQ(out.find("img/s"), std::string::npos) << out;
    EXPECT_EQ(out.find("300 images"), std::string::npos) << out;
}
#endif

}  // namespace
}  // namespace dataset_test
