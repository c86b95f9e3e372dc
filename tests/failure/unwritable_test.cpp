// Unwritable destinations. Tests run as root in CI, where permission bits
// do not stop a write, so the destination is made impossible instead: a
// folder path that goes through a regular file (ENOTDIR, for root too) or
// does not exist (ENOENT). Without root, a read-only folder is tried too.
// Each gives MSEQ_EIO / exit status 1 naming the path and the reason, and
// creates nothing.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "child.hpp"
#include "fixtures.hpp"
#include "mnistseq/mnistseq.h"
#include "scratch_dir.hpp"

namespace failure_test {
namespace {

const std::vector<uint8_t> kPixels(28 * 30, 128);

TEST(Unwritable, PngUnderARegularFile) {
    mseq_test::ScratchDir dir;
    mseq_test::ScratchDir::write_file(dir / "file", "x");
    const std::string path = dir / "file/out.png";
    EXPECT_EQ(mseq_write_png(path.c_str(), kPixels.data(), 28, 30, -1),
              MSEQ_EIO);
    const std::string message = mseq_last_error();
    EXPECT_TRUE(contains(message, path)) << message;
    EXPECT_TRUE(contains(message, "Not a directory")) << message;
    EXPECT_EQ(dir.entries().size(), 1u);
}

TEST(Unwritable, PngInAMissingFolder) {
    mseq_test::ScratchDir dir;
    const std::string path = dir / "missing/out.png";
    EXPECT_EQ(mseq_write_png(path.c_str(), kPixels.data(), 28, 30, -1),
              MSEQ_EIO);
    const std::string message = mseq_last_error();
    EXPECT_TRUE(contains(message, path)) << message;
    EXPECT_TRUE(contains(message, "No such file or directory")) << message;
    EXPECT_TRUE(dir.entries().empty());
}

TEST(Unwritable, PngInAReadOnlyFolderWhenNotRoot) {
    if (geteuid() == 0) GTEST_SKIP() << "root writes into read-only folders";
    mseq_test::ScratchDir dir;
    ASSERT_EQ(mkdir((dir / "ro").c_str(), 0500), 0);
    const std::string path = dir / "ro/out.png";
    EXPECT_EQ(mseq_write_png(path.c_str(), kPixels.data(), 28, 30, -1),
              MSEQ_EIO);
    const std::string message = mseq_last_error();
    EXPECT_TRUE(contains(message, path)) << message;
    EXPECT_TRUE(contains(message, "Permission denied")) << message;
    chmod((dir / "ro").c_str(), 0700);
    EXPECT_TRUE(mseq_test::ScratchDir::list(dir / "ro").empty());
}

TEST(Unwritable, CliOutputUnderARegularFile) {
    SKIP_WITHOUT_CLI();
    mseq_test::ScratchDir dir;
    mseq_test::ScratchDir::write_file(dir / "file", "x");
    const Outcome o = run_program({cli_path(), "350", "2", "8", "200", "--data",
                                   synthetic_data(), "-o", "file/out.png"},
                                  dir.path(), {});
    ASSERT_TRUE(o.exited) << o.err;
    EXPECT_EQ(o.code, 1) << o.err;
    EXPECT_TRUE(contains(o.err, "file/out.png")) << o.err;
    EXPECT_TRUE(contains(o.err, "Not a directory")) << o.err;
    EXPECT_EQ(dir.entries().size(), 1u);
}

TEST(Unwritable, CliCurrentFolderRemoved) {
    SKIP_WITHOUT_CLI();
    // The seed form writes into the current folder; here it no longer
    // exists (removed while the program runs in it).
    mseq_test::ScratchDir dir;
    const std::string gone = dir / "gone";
    ASSERT_EQ(mkdir(gone.c_str(), 0700), 0);
    const Outcome o = run_forked({}, [&](std::string &text) {
        if (chdir(gone.c_str()) != 0 || rmdir(gone.c_str()) != 0) return 99;
        const Outcome inner = run_program(
            {cli_path(), "350", "2", "8", "200", "--data", synthetic_data()},
            "", {});
        text = inner.err;
        return inner.exited ? inner.code : 98;
    });
    ASSERT_TRUE(o.exited) << o.text;
    EXPECT_EQ(o.code, 1) << o.text;
    EXPECT_TRUE(contains(o.text, "3-5-0.png")) << o.text;
    EXPECT_TRUE(dir.entries().empty());
}

TEST(Unwritable, DatasetWriterUnderARegularFile) {
    Handles h;
    h.ds = open_synthetic();
    ASSERT_NE(h.ds, nullptr);
    h.params = make_params(60);
    mseq_test::ScratchDir dir;
    mseq_test::ScratchDir::write_file(dir / "file", "x");
    const std::string out = dir / "file/ds";
    for (mseq_output output :
         {MSEQ_OUTPUT_PNG, MSEQ_OUTPUT_NPY, MSEQ_OUTPUT_TAR}) {
        EXPECT_EQ(mseq_write_dataset(out.c_str(), h.ds, h.params, nullptr, 0,
                                     10, output, 0, nullptr, nullptr),
                  MSEQ_EIO);
        const std::string message = mseq_last_error();
        EXPECT_TRUE(contains(message, dir / "file")) << message;
        EXPECT_TRUE(contains(message, "Not a directory")) << message;
    }
    EXPECT_EQ(dir.entries().size(), 1u);
    EXPECT_EQ(mseq_test::ScratchDir::read_file(dir / "file"), "x");
}

TEST(Unwritable, CliDatasetUnderARegularFile) {
    SKIP_WITHOUT_CLI();
    mseq_test::ScratchDir dir;
    mseq_test::ScratchDir::write_file(dir / "file", "x");
    const Outcome o =
        run_program({cli_path(), "dataset", "--count", "5", "--out", "file/ds",
                     "--data", synthetic_data(), "--quiet"},
                    dir.path(), {});
    ASSERT_TRUE(o.exited) << o.err;
    EXPECT_EQ(o.code, 1) << o.err;
    EXPECT_TRUE(contains(o.err, "file")) << o.err;
    EXPECT_TRUE(contains(o.err, "Not a directory")) << o.err;
    EXPECT_EQ(dir.entries().size(), 1u);
}

}  // namespace
}  // namespace failure_test
