// Allocation failure for huge requests: in a process whose address space
// is limited (RLIMIT_AS) a little above what it already uses, loading the full
// MNIST, an exact-fit table of 2^24 cells, a batch on many threads, the
// CLI and the dataset writer must fail with MSEQ_ENOMEM (exit status 1)
// and a message, or carry on correctly; never crash or leave files.
// Skipped under sanitizers, which reserve terabytes of address space.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "child.hpp"
#include "fixtures.hpp"
#include "mnistseq/mnistseq.h"
#include "scratch_dir.hpp"

namespace failure_test {
namespace {

constexpr size_t kMiB = size_t(1) << 20;

#define SKIP_IF_SANITIZED() \
    if (kSanitized) GTEST_SKIP() << "address-space limits need no sanitizer"

// The default data (MNISTSEQ_DATA: the full MNIST in the build tree).
const char *mnist_dir() {
    const char *dir = std::getenv("MNISTSEQ_DATA");
    return dir != nullptr && dir[0] != '\0' ? dir : nullptr;
}

TEST(Memory, OpeningMnistWithoutRoomIsENOMEM) {
    SKIP_IF_SANITIZED();
    if (mnist_dir() == nullptr) GTEST_SKIP() << "MNISTSEQ_DATA not set";
    const Outcome o = run_limited(16 * kMiB, [&](std::string &text) {
        // The train images are 47 MB: give 16 MB of room.
        mseq_dataset *ds = nullptr;
        const int rc = mseq_open(&ds, mnist_dir(), MSEQ_SPLIT_TRAIN);
        text = mseq_last_error();
        if (ds != nullptr && rc != 0) text += " [handle set on failure]";
        return -rc;
    });
    ASSERT_TRUE(o.exited) << "killed by signal " << o.code << ": " << o.text;
    EXPECT_EQ(-o.code, MSEQ_ENOMEM) << o.text;
    EXPECT_TRUE(contains(o.text, "out of memory")) << o.text;
    EXPECT_FALSE(contains(o.text, "[handle set")) << o.text;
}

// 1024 digits, gaps in [0, 40], width 1024 * 28 + 1023 * 16: the exact-fit
// table has 1023 * (1023 * 16 + 1) cells, just under the 2^24-cell limit
// (131 MB of doubles).
TEST(Memory, ExactFitTableWithoutRoomIsENOMEM) {
    SKIP_IF_SANITIZED();
    Handles h;
    h.ds = open_synthetic();
    ASSERT_NE(h.ds, nullptr);
    const int64_t width = 1024 * 28 + 1023 * 16;
    h.params = make_params(width);
    ASSERT_EQ(mseq_params_set(h.params, MSEQ_PARAM_MAX_SPACING, 40), 0);
    ASSERT_EQ(mseq_params_set(h.params, MSEQ_PARAM_FIT, MSEQ_FIT_EXACT), 0);
    std::vector<int> digits(1024);
    for (size_t i = 0; i < digits.size(); ++i) digits[i] = int(i % 10);
    std::vector<uint8_t> image(size_t(28 * width));
    const Outcome o = run_limited(32 * kMiB, [&](std::string &text) {
        const int rc =
            mseq_generate(image.data(), image.size(), nullptr, nullptr, h.ds,
                          h.params, digits.data(), digits.size(), 0);
        text = mseq_last_error();
        return -rc;
    });
    ASSERT_TRUE(o.exited) << "killed by signal " << o.code << ": " << o.text;
    EXPECT_EQ(-o.code, MSEQ_ENOMEM) << o.text;
    EXPECT_TRUE(contains(o.text, "out of memory")) << o.text;
    // With room, the same call succeeds (so the limit is what failed).
    EXPECT_EQ(mseq_generate(image.data(), image.size(), nullptr, nullptr, h.ds,
                            h.params, digits.data(), digits.size(), 0),
              MSEQ_OK)
        << mseq_last_error();
}

// Threads that cannot be created (their stacks do not fit): the batch runs
// on the threads it has, and its bytes are those of a one-thread batch.
TEST(Memory, BatchWhoseThreadsCannotStartStillGivesTheSameBytes) {
    SKIP_IF_SANITIZED();
    Handles h;
    h.ds = open_synthetic();
    ASSERT_NE(h.ds, nullptr);
    h.params = make_params(120);
    const size_t count = 256;
    size_t image = 0;
    ASSERT_EQ(mseq_image_size(&image, h.ds, h.params), 0);
    std::vector<uint8_t> expected(count * image), got(count * image);
    ASSERT_EQ(mseq_params_set(h.params, MSEQ_PARAM_THREADS, 1), 0);
    ASSERT_EQ(mseq_generate_batch(expected.data(), expected.size(), nullptr, 0,
                                  nullptr, nullptr, h.ds, h.params, nullptr, 0,
                                  0, count),
              MSEQ_OK)
        << mseq_last_error();
    ASSERT_EQ(mseq_params_set(h.params, MSEQ_PARAM_THREADS, 64), 0);
    const Outcome o = run_limited(24 * kMiB, [&](std::string &text) {
        // Room for a few 8 MB thread stacks at most.
        const int rc =
            mseq_generate_batch(got.data(), got.size(), nullptr, 0, nullptr,
                                nullptr, h.ds, h.params, nullptr, 0, 0, count);
        text = mseq_last_error();
        if (rc == 0 && got != expected) return 100;
        return -rc;
    });
    ASSERT_TRUE(o.exited) << "killed by signal " << o.code << ": " << o.text;
    EXPECT_NE(o.code, 100) << "the bytes depend on the threads started";
    EXPECT_EQ(o.code, 0) << o.text;
}

// The dataset writer on threads that cannot start: either it carries on
// with fewer (and writes the same dataset) or fails with MSEQ_ENOMEM,
// without temporary files; never an internal error.
TEST(Memory, DatasetWriterWhoseThreadsCannotStart) {
    SKIP_IF_SANITIZED();
    Handles h;
    h.ds = open_synthetic();
    ASSERT_NE(h.ds, nullptr);
    h.params = make_params(100);
    ASSERT_EQ(mseq_params_set(h.params, MSEQ_PARAM_THREADS, 64), 0);
    mseq_test::ScratchDir dir;
    const std::string out = dir / "ds";
    const Outcome o = run_limited(24 * kMiB, [&](std::string &text) {
        const int rc =
            mseq_write_dataset(out.c_str(), h.ds, h.params, nullptr, 0, 300,
                               MSEQ_OUTPUT_NPY, 0, nullptr, nullptr);
        text = mseq_last_error();
        return -rc;
    });
    ASSERT_TRUE(o.exited) << "killed by signal " << o.code << ": " << o.text;
    EXPECT_TRUE(o.code == 0 || -o.code == MSEQ_ENOMEM)
        << "code " << -o.code << ": " << o.text;
    const std::vector<std::string> temps = temp_files(out);
    EXPECT_TRUE(temps.empty()) << "temporary file left: " << temps[0];
}

// One float32 image of the widest width is 7.3 MB: without room for a few
// of them, the writer fails with MSEQ_ENOMEM before or while writing, and
// leaves no temporary or final file; run again with room, it completes.
TEST(Memory, DatasetWriterWithoutRoomForImagesFailsCleanly) {
    SKIP_IF_SANITIZED();
    Handles h;
    h.ds = open_synthetic();
    ASSERT_NE(h.ds, nullptr);
    h.params = make_params(MSEQ_MAX_WIDTH, MSEQ_FORMAT_F32);
    ASSERT_EQ(mseq_params_set(h.params, MSEQ_PARAM_THREADS, 1), 0);
    mseq_test::ScratchDir dir;
    const std::string out = dir / "ds";
    const Outcome o = run_limited(4 * kMiB, [&](std::string &text) {
        const int rc =
            mseq_write_dataset(out.c_str(), h.ds, h.params, nullptr, 0, 3,
                               MSEQ_OUTPUT_NPY, 0, nullptr, nullptr);
        text = mseq_last_error();
        return -rc;
    });
    ASSERT_TRUE(o.exited) << "killed by signal " << o.code << ": " << o.text;
    EXPECT_EQ(-o.code, MSEQ_ENOMEM) << o.text;
    EXPECT_TRUE(contains(o.text, "out of memory")) << o.text;
    const std::vector<std::string> temps = temp_files(dir.path());
    EXPECT_TRUE(temps.empty()) << "temporary file left: " << temps[0];
    for (const std::string &name : list_dir(dir.path())) {
        EXPECT_FALSE(contains(name, "images.npy") &&
                     !contains(name, ".mnistseq-parts"))
            << name;
    }
    EXPECT_EQ(mseq_write_dataset(out.c_str(), h.ds, h.params, nullptr, 0, 3,
                                 MSEQ_OUTPUT_NPY, 0, nullptr, nullptr),
              MSEQ_OK)
        << mseq_last_error();
}

// The smallest address space in which `mnistseq-cli --version` runs: the
// program's own footprint, found by bisection.
size_t cli_footprint() {
    size_t lo = 1 * kMiB, hi = 1024 * kMiB;
    while (hi - lo > kMiB) {
        const size_t mid = lo + (hi - lo) / 2;
        const Outcome o = run_program({cli_path(), "--version"}, "", {0, mid});
        if (o.exited && o.code == 0) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    return hi;
}

TEST(Memory, CliWithoutRoomForTheDataExitsOneWithAMessage) {
    SKIP_IF_SANITIZED();
    SKIP_WITHOUT_CLI();
    if (mnist_dir() == nullptr) GTEST_SKIP() << "MNISTSEQ_DATA not set";
    const size_t footprint = cli_footprint();
    mseq_test::ScratchDir dir;
    const Outcome o =
        run_program({cli_path(), "350", "2", "8", "200", "--data", mnist_dir()},
                    dir.path(), {0, footprint + 16 * kMiB});
    ASSERT_TRUE(o.exited) << "killed by signal " << o.code << ": " << o.err;
    EXPECT_EQ(o.code, 1) << o.err;
    EXPECT_TRUE(contains(o.err, "out of memory")) << o.err;
    EXPECT_TRUE(dir.entries().empty());
    // With room, the same command works.
    const Outcome ok =
        run_program({cli_path(), "350", "2", "8", "200", "--data", mnist_dir()},
                    dir.path(), {0, footprint + 256 * kMiB});
    EXPECT_EQ(ok.code, 0) << ok.err;
}

}  // namespace
}  // namespace failure_test
