// A full disk: writes that fail with EFBIG (RLIMIT_FSIZE in a child, the
// way a quota or a full small file system fails them) or ENOSPC (/dev/full).
// Each must give MSEQ_EIO (or exit status 1 from the CLI) with a message
// naming the file and the reason, and leave no partial or temporary file;
// the dataset writer must resume to the same bytes as a clean run.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "child.hpp"
#include "fixtures.hpp"
#include "mnistseq/mnistseq.h"
#include "scratch_dir.hpp"

namespace failure_test {
namespace {

// Pixels that compress badly, so that a PNG of them is large.
std::vector<uint8_t> noise(size_t n) {
    std::vector<uint8_t> px(n);
    uint32_t s = 12345;
    for (uint8_t &p : px) {
        s = s * 1103515245u + 12345u;
        p = static_cast<uint8_t>(s >> 23);
    }
    return px;
}

// Every file under dir (recursively) with its content.
std::map<std::string, std::string> read_tree(const std::string &dir) {
    std::map<std::string, std::string> files;
    for (const std::string &name : list_dir(dir)) {
        struct stat st;
        const std::string path = dir + "/" + name;
        if (stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
            std::ifstream in(path, std::ios::binary);
            files[name] = std::string(std::istreambuf_iterator<char>(in),
                                      std::istreambuf_iterator<char>());
        }
    }
    return files;
}

bool is_char_device(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISCHR(st.st_mode);
}

TEST(DiskFull, PngOverFileSizeLimitIsAnIoErrorAndLeavesNothing) {
    mseq_test::ScratchDir dir;
    const std::string path = dir / "big.png";
    const std::vector<uint8_t> px = noise(28 * 2000);
    const Outcome o = run_forked({4096, 0}, [&](std::string &text) {
        const int rc = mseq_write_png(path.c_str(), px.data(), 28, 2000, -1);
        text = mseq_last_error();
        return -rc;
    });
    ASSERT_TRUE(o.exited) << o.text;
    EXPECT_EQ(-o.code, MSEQ_EIO) << o.text;
    EXPECT_TRUE(contains(o.text, path)) << o.text;
    EXPECT_TRUE(contains(o.text, "File too large")) << o.text;
    EXPECT_TRUE(dir.entries().empty()) << "left " << dir.entries()[0];
}

TEST(DiskFull, PngOverFileSizeLimitKeepsTheExistingFile) {
    mseq_test::ScratchDir dir;
    const std::string path = dir / "image.png";
    mseq_test::ScratchDir::write_file(path, "the old content");
    const std::vector<uint8_t> px = noise(28 * 2000);
    const Outcome o = run_forked({4096, 0}, [&](std::string &text) {
        const int rc = mseq_write_png(path.c_str(), px.data(), 28, 2000, -1);
        text = mseq_last_error();
        return -rc;
    });
    ASSERT_TRUE(o.exited) << o.text;
    EXPECT_EQ(-o.code, MSEQ_EIO) << o.text;
    EXPECT_EQ(mseq_test::ScratchDir::read_file(path), "the old content");
    EXPECT_EQ(dir.entries().size(), 1u);
}

// A device or FIFO target is written, not replaced by a renamed file (which,
// as root, would replace /dev/null or /dev/full themselves).
TEST(DiskFull, FifoTargetIsWrittenThroughNotReplaced) {
    mseq_test::ScratchDir dir;
    const std::string path = dir / "pipe";
    ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
    std::string received;
    std::thread reader([&] {
        std::ifstream in(path, std::ios::binary);
        received.assign(std::istreambuf_iterator<char>(in),
                        std::istreambuf_iterator<char>());
    });
    const std::vector<uint8_t> px(28 * 40, 200);
    const int rc = mseq_write_png(path.c_str(), px.data(), 28, 40, -1);
    reader.join();
    EXPECT_EQ(rc, MSEQ_OK) << mseq_last_error();
    EXPECT_EQ(received.substr(0, 8), "\x89PNG\r\n\x1a\n");
    struct stat st;
    ASSERT_EQ(lstat(path.c_str(), &st), 0);
    EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "the FIFO was replaced";
    EXPECT_EQ(dir.entries().size(), 1u);
}

TEST(DiskFull, PngToDevFullIsAnIoError) {
    ASSERT_TRUE(is_char_device("/dev/full"));
    // Only with the write-through of devices in place (checked on a FIFO
    // just above): a rename would replace /dev/full itself when root.
    {
        mseq_test::ScratchDir dir;
        const std::string fifo = dir / "pipe";
        ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
        std::thread reader([&] {
            std::ifstream in(fifo);
            in.get();
        });
        const uint8_t px[4] = {1, 2, 3, 4};
        mseq_write_png(fifo.c_str(), px, 2, 2, -1);
        reader.join();
        struct stat st;
        ASSERT_EQ(lstat(fifo.c_str(), &st), 0);
        ASSERT_TRUE(S_ISFIFO(st.st_mode)) << "devices would be replaced";
    }
    const std::vector<uint8_t> px = noise(28 * 100);
    EXPECT_EQ(mseq_write_png("/dev/full", px.data(), 28, 100, -1), MSEQ_EIO);
    const std::string message = mseq_last_error();
    EXPECT_TRUE(contains(message, "/dev/full")) << message;
    EXPECT_TRUE(contains(message, "No space left on device")) << message;
    EXPECT_TRUE(is_char_device("/dev/full"));
}

TEST(DiskFull, CliOverFileSizeLimitExitsOneAndLeavesNothing) {
    SKIP_WITHOUT_CLI();
    mseq_test::ScratchDir dir;
    const Outcome o = run_program(
        {cli_path(), "350", "2", "8", "200", "--data", synthetic_data()},
        dir.path(), {64, 0});
    ASSERT_TRUE(o.exited) << o.err;
    EXPECT_EQ(o.code, 1) << o.err;
    EXPECT_TRUE(contains(o.err, "3-5-0.png")) << o.err;
    EXPECT_TRUE(contains(o.err, "File too large")) << o.err;
    EXPECT_TRUE(dir.entries().empty()) << "left " << dir.entries()[0];
}

TEST(DiskFull, CliToDevFullExitsOne) {
    SKIP_WITHOUT_CLI();
    ASSERT_TRUE(is_char_device("/dev/full"));
    mseq_test::ScratchDir dir;
    const Outcome o = run_program({cli_path(), "350", "2", "8", "200", "--data",
                                   synthetic_data(), "-o", "/dev/full"},
                                  dir.path(), {});
    ASSERT_TRUE(o.exited) << o.err;
    EXPECT_EQ(o.code, 1) << o.err;
    EXPECT_TRUE(contains(o.err, "/dev/full")) << o.err;
    EXPECT_TRUE(contains(o.err, "No space left on device")) << o.err;
    EXPECT_TRUE(dir.entries().empty());
    EXPECT_TRUE(is_char_device("/dev/full"));
}

struct WriterCase {
    mseq_output output;
    const char *name;
};

class DiskFullWriter : public ::testing::TestWithParam<WriterCase> {};

// The writer fails with MSEQ_EIO naming a file, leaves no temporary file
// and no file of the failed shard, and a second run without the limit
// resumes to exactly the dataset a clean run writes.
TEST_P(DiskFullWriter, FailsCleanlyAndResumesToTheSameBytes) {
    const WriterCase c = GetParam();
    Handles h;
    h.ds = open_synthetic();
    ASSERT_NE(h.ds, nullptr);
    h.params = make_params(100);
    ASSERT_EQ(mseq_params_set(h.params, MSEQ_PARAM_SHARD_SIZE, 100), 0);
    ASSERT_EQ(mseq_params_set(h.params, MSEQ_PARAM_THREADS, 2), 0);
    const uint64_t count = 500;

    mseq_test::ScratchDir dir;
    const std::string out = dir / "ds";
    const Outcome o = run_forked({16384, 0}, [&](std::string &text) {
        const int rc =
            mseq_write_dataset(out.c_str(), h.ds, h.params, nullptr, 0, count,
                               c.output, 0, nullptr, nullptr);
        text = mseq_last_error();
        return -rc;
    });
    ASSERT_TRUE(o.exited) << o.text;
    EXPECT_EQ(-o.code, MSEQ_EIO) << o.text;
    EXPECT_TRUE(contains(o.text, out)) << o.text;
    EXPECT_TRUE(contains(o.text, "File too large")) << o.text;
    const std::vector<std::string> temps = temp_files(out);
    EXPECT_TRUE(temps.empty()) << "temporary file left: " << temps[0];
    const std::map<std::string, std::string> partial = read_tree(out);
    for (const auto &file : partial) {
        EXPECT_LE(file.second.size(), 16384u) << file.first;
    }
    EXPECT_EQ(partial.count("labels.csv") + partial.count("labels.jsonl") +
                  partial.count("images.npy"),
              0u)
        << "a final file exists after a failure";

    ASSERT_EQ(mseq_write_dataset(out.c_str(), h.ds, h.params, nullptr, 0, count,
                                 c.output, 0, nullptr, nullptr),
              MSEQ_OK)
        << mseq_last_error();
    const std::string clean = dir / "clean";
    ASSERT_EQ(mseq_write_dataset(clean.c_str(), h.ds, h.params, nullptr, 0,
                                 count, c.output, 0, nullptr, nullptr),
              MSEQ_OK)
        << mseq_last_error();
    const std::map<std::string, std::string> resumed = read_tree(out);
    EXPECT_EQ(resumed, read_tree(clean));
    EXPECT_GT(resumed.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Outputs, DiskFullWriter,
                         ::testing::Values(WriterCase{MSEQ_OUTPUT_PNG, "png"},
                                           WriterCase{MSEQ_OUTPUT_NPY, "npy"},
                                           WriterCase{MSEQ_OUTPUT_TAR, "tar"}),
                         [](const ::testing::TestParamInfo<WriterCase> &param) {
                             return std::string(param.param.name);
                         });

TEST(DiskFull, CliDatasetOverFileSizeLimitExitsOneWithoutTemporaryFiles) {
    SKIP_WITHOUT_CLI();
    mseq_test::ScratchDir dir;
    const Outcome o = run_program(
        {cli_path(), "dataset", "--count", "300", "--out", "ds", "--format",
         "npy", "--width", "100", "--data", synthetic_data(), "--quiet"},
        dir.path(), {16384, 0});
    ASSERT_TRUE(o.exited) << o.err;
    EXPECT_EQ(o.code, 1) << o.err;
    EXPECT_TRUE(contains(o.err, "File too large")) << o.err;
    const std::vector<std::string> temps = temp_files(dir.path());
    EXPECT_TRUE(temps.empty()) << "temporary file left: " << temps[0];
    EXPECT_FALSE(contains(o.err, "internal error")) << o.err;
}

}  // namespace
}  // namespace failure_test
