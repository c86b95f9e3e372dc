// Test helpers for mnistseq-cli: run the built program (MNISTSEQ_CLI_PATH)
// in a given working directory and capture its exit status and output; and
// compute, with the library itself, the image the program should write.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "mnistseq/mnistseq.h"
#include "scratch_dir.hpp"

namespace mseq_test {

struct CliRun {
    int status = -1;  // exit status; 128 + signal when killed
    std::string out;  // stdout
    std::string err;  // stderr
};

struct CliRunOptions {
    // Extra environment variables for the child.
    std::vector<std::pair<std::string, std::string>> env;
    // RLIMIT_FSIZE for the child (bytes; 0 = no limit): makes a write fail
    // midway with EFBIG.
    rlim_t file_size_limit = 0;
    // Sends kill_signal to the child this many milliseconds after it
    // starts (-1: never).
    int kill_after_ms = -1;
    int kill_signal = SIGTERM;
};

// Runs mnistseq-cli with args in the directory cwd.
inline CliRun run_cli(const std::string &cwd,
                      const std::vector<std::string> &args,
                      const CliRunOptions &options = CliRunOptions()) {
    ScratchDir logs;
    const std::string out_path = logs / "stdout";
    const std::string err_path = logs / "stderr";
    std::vector<char *> argv;
    argv.push_back(const_cast<char *>(MNISTSEQ_CLI_PATH));
    for (const std::string &arg : args) {
        argv.push_back(const_cast<char *>(arg.c_str()));
    }
    argv.push_back(nullptr);

    const pid_t pid = fork();
    if (pid < 0) {
        ADD_FAILURE() << "fork failed";
        return CliRun();
    }
    if (pid == 0) {
        const int out =
            open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err =
            open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int in = open("/dev/null", O_RDONLY);
        if (out < 0 || err < 0 || in < 0 || dup2(out, 1) < 0 ||
            dup2(err, 2) < 0 || dup2(in, 0) < 0 || chdir(cwd.c_str()) != 0) {
            _exit(126);
        }
        // The dispositions a shell gives a program it starts.
        for (int s : {SIGXFSZ, SIGINT, SIGTERM, SIGHUP}) signal(s, SIG_DFL);
        for (const auto &var : options.env) {
            setenv(var.first.c_str(), var.second.c_str(), 1);
        }
        if (options.file_size_limit != 0) {
            // SIGXFSZ keeps its default action, as in a user's shell: the
            // CLI must turn EFBIG into an error message itself.
            rlimit limit{};
            getrlimit(RLIMIT_FSIZE, &limit);
            limit.rlim_cur = options.file_size_limit;
            setrlimit(RLIMIT_FSIZE, &limit);
        }
        execv(MNISTSEQ_CLI_PATH, argv.data());
        _exit(127);
    }
    if (options.kill_after_ms >= 0) {
        std::this_thread::sleep_for(
            std::chrono::milliseconds(options.kill_after_ms));
        kill(pid, options.kill_signal);
    }
    int wstatus = 0;
    while (waitpid(pid, &wstatus, 0) < 0) {
    }
    CliRun run;
    run.status =
        WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    run.out = ScratchDir::read_file(out_path);
    run.err = ScratchDir::read_file(err_path);
    return run;
}

// What one CLI invocation should generate.
struct Expected {
    std::vector<int> digits;
    int64_t min_spacing = 0;
    int64_t max_spacing = 0;
    int64_t width = 0;
    mseq_fit fit = MSEQ_FIT_PAD;
    mseq_align align = MSEQ_ALIGN_CENTER;
    bool invert = false;
    uint64_t seed = 0;
    uint64_t index = 0;
    mseq_split split = MSEQ_SPLIT_TRAIN;
    std::string data = MNISTSEQ_TEST_DATA_DIR;
    int64_t height = 0;  // the output geometry (0: the defaults)
    int64_t margin_x = 0;
    int64_t margin_y = 0;
};

struct ExpectedImage {
    uint32_t rows = 0;
    uint32_t cols = 0;
    std::vector<uint8_t> pixels;
};

// The uint8 image mseq_generate() gives for e; fails the test (and returns
// an empty image) when the library refuses.
inline ExpectedImage expected_image(const Expected &e) {
    ExpectedImage image;
    mseq_dataset *ds = nullptr;
    mseq_params *params = nullptr;
    int rc = mseq_open(&ds, e.data.c_str(), e.split);
    EXPECT_EQ(rc, MSEQ_OK) << mseq_last_error();
    if (rc != MSEQ_OK) {
        return image;
    }
    rc = mseq_params_new(&params);
    const std::pair<mseq_param, int64_t> values[] = {
        {MSEQ_PARAM_MIN_SPACING, e.min_spacing},
        {MSEQ_PARAM_MAX_SPACING, e.max_spacing},
        {MSEQ_PARAM_WIDTH, e.width},
        {MSEQ_PARAM_FIT, e.fit},
        {MSEQ_PARAM_ALIGN, e.align},
        {MSEQ_PARAM_INVERT, e.invert ? 1 : 0},
        {MSEQ_PARAM_SEED, static_cast<int64_t>(e.seed)},
        {MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8},
        {MSEQ_PARAM_HEIGHT, e.height},
        {MSEQ_PARAM_MARGIN_X, e.margin_x},
        {MSEQ_PARAM_MARGIN_Y, e.margin_y},
    };
    for (const auto &v : values) {
        if (rc == MSEQ_OK) {
            rc = mseq_params_set(params, v.first, v.second);
        }
    }
    size_t bytes = 0;
    uint32_t image_cols = 0;
    if (rc == MSEQ_OK) {
        rc = mseq_image_shape(&image.rows, &image_cols, ds, params);
    }
    if (rc == MSEQ_OK) {
        rc = mseq_image_size(&bytes, ds, params);
    }
    if (rc == MSEQ_OK) {
        image.pixels.resize(bytes);
        rc = mseq_generate(image.pixels.data(), bytes, nullptr, nullptr, ds,
                           params, e.digits.data(), e.digits.size(), e.index);
    }
    EXPECT_EQ(rc, MSEQ_OK) << mseq_last_error();
    image.cols = static_cast<uint32_t>(e.width);
    if (rc != MSEQ_OK) {
        image.pixels.clear();
    }
    mseq_params_free(params);
    mseq_free(ds);
    return image;
}

// "" when a == b; otherwise how they differ (for failure messages).
inline std::string pixel_difference(const std::vector<uint8_t> &a,
                                    const std::vector<uint8_t> &b,
                                    uint32_t cols) {
    if (a == b) {
        return "";
    }
    if (a.size() != b.size() || cols == 0) {
        return "sizes differ: " + std::to_string(a.size()) + " vs " +
               std::to_string(b.size());
    }
    size_t count = 0;
    size_t first = 0;
    for (size_t i = a.size(); i-- > 0;) {
        if (a[i] != b[i]) {
            ++count;
            first = i;
        }
    }
    return std::to_string(count) + " pixels differ, the first at row " +
           std::to_string(first / cols) + ", column " +
           std::to_string(first % cols) + ": " + std::to_string(a[first]) +
           " vs " + std::to_string(b[first]);
}

}  // namespace mseq_test
