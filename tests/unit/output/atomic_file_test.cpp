// Atomic file output (src/atomic_file.*): complete files or nothing, never a
// clobbered target, never a leftover temporary file.
#include "output/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <csignal>
#include <string>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "mnistseq/mnistseq.h"
#include "scratch_dir.hpp"

namespace {

using mseq_test::ScratchDir;

// Runs fn, expecting an mseq::Error; returns its code and message.
template <class Fn>
std::pair<int, std::string> error_of(Fn fn) {
    try {
        fn();
    } catch (const mseq::Error &e) {
        return {e.code(), e.what()};
    }
    return {0, ""};
}

TEST(AtomicFile, WritesNewFile) {
    ScratchDir dir;
    const std::string path = dir / "a.bin";
    const std::string data(100000, 'z');
    mseq::write_file_atomic(path, data.data(), data.size());
    EXPECT_EQ(ScratchDir::read_file(path), data);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"a.bin"});
}

TEST(AtomicFile, EmptyFileAndSyncWork) {
    ScratchDir dir;
    mseq::write_file_atomic(dir / "empty", "", 0, true);
    struct stat st {};
    ASSERT_EQ(stat((dir / "empty").c_str(), &st), 0);
    EXPECT_EQ(st.st_size, 0);
}

TEST(AtomicFile, ReplacesExistingFile) {
    ScratchDir dir;
    const std::string path = dir / "a.bin";
    ScratchDir::write_file(path, "a much longer old content");
    mseq::write_file_atomic(path, "new", 3);
    EXPECT_EQ(ScratchDir::read_file(path), "new");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"a.bin"});
}

TEST(AtomicFile, TargetKeepsOldContentUntilCommit) {
    ScratchDir dir;
    const std::string path = dir / "t.txt";
    ScratchDir::write_file(path, "old");
    mseq::AtomicFile file(path);
    // The temporary file is hidden, beside the target, named after it.
    const std::string temp = file.temp_path();
    EXPECT_EQ(temp.rfind(dir / ".t.txt.", 0), 0u) << temp;
    EXPECT_EQ(temp.size(), (dir / ".t.txt.").size() + 6);
    file.write("new ", 4);
    file.write("content", 7);
    EXPECT_EQ(ScratchDir::read_file(path), "old");
    file.commit();
    EXPECT_EQ(ScratchDir::read_file(path), "new content");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"t.txt"});
}

TEST(AtomicFile, DroppedWithoutCommitLeavesTargetAlone) {
    ScratchDir dir;
    const std::string path = dir / "t.txt";
    ScratchDir::write_file(path, "old");
    {
        mseq::AtomicFile file(path);
        file.write("partial", 7);
        EXPECT_EQ(dir.entries().size(), 2u);
    }
    EXPECT_EQ(ScratchDir::read_file(path), "old");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"t.txt"});
    {
        mseq::AtomicFile file(dir / "new.txt");
        file.write("partial", 7);
        file.discard();
        EXPECT_EQ(dir.entries(), std::vector<std::string>{"t.txt"});
        file.discard();  // a second discard is a no-op
    }
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"t.txt"});
}

TEST(AtomicFile, ConcurrentWritersUseDistinctTemporaries) {
    ScratchDir dir;
    const std::string path = dir / "same";
    mseq::AtomicFile a(path);
    mseq::AtomicFile b(path);
    EXPECT_NE(a.temp_path(), b.temp_path());
    a.write("a", 1);
    b.write("b", 1);
    a.commit();
    b.commit();
    EXPECT_EQ(ScratchDir::read_file(path), "b");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"same"});
}

TEST(AtomicFile, MoveTransfersOwnership) {
    ScratchDir dir;
    mseq::AtomicFile a(dir / "m");
    a.write("xy", 2);
    mseq::AtomicFile b(std::move(a));
    EXPECT_TRUE(a.temp_path().empty());
    a.discard();  // moved-from: nothing to remove
    EXPECT_EQ(dir.entries().size(), 1u);
    mseq::AtomicFile c(dir / "other");
    c = std::move(b);  // discards c's own temporary file
    EXPECT_EQ(dir.entries().size(), 1u);
    c.commit();
    EXPECT_EQ(ScratchDir::read_file(dir / "m"), "xy");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"m"});
}

TEST(AtomicFile, UseAfterCommitIsAnError) {
    ScratchDir dir;
    mseq::AtomicFile file(dir / "x");
    file.commit();
    EXPECT_EQ(error_of([&] { file.write("a", 1); }).first, MSEQ_EINVAL);
    EXPECT_EQ(error_of([&] { file.commit(); }).first, MSEQ_EINVAL);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"x"});
}

TEST(AtomicFile, NewFileGetsUmaskedMode) {
    ScratchDir dir;
    const mode_t old = umask(027);
    mseq::write_file_atomic(dir / "m", "x", 1);
    umask(old);
    struct stat st {};
    ASSERT_EQ(stat((dir / "m").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0640u);
}

TEST(AtomicFile, LongestFileNameWorks) {
    ScratchDir dir;
    const std::string name(255, 'n');  // NAME_MAX
    mseq::write_file_atomic(dir / name, "x", 1);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{name});
}

TEST(AtomicFile, NotAFileNameIsEinval) {
    ScratchDir dir;
    EXPECT_EQ(error_of([] { mseq::AtomicFile f(""); }).first, MSEQ_EINVAL);
    const auto e = error_of([&] { mseq::AtomicFile f(dir.path() + "/"); });
    EXPECT_EQ(e.first, MSEQ_EINVAL);
    EXPECT_NE(e.second.find("not a file name"), std::string::npos);
    EXPECT_TRUE(dir.entries().empty());
}

TEST(AtomicFile, MissingDirectoryIsEioNamingPath) {
    ScratchDir dir;
    const std::string path = dir / "no/such/dir/f";
    const auto e = error_of([&] { mseq::write_file_atomic(path, "x", 1); });
    EXPECT_EQ(e.first, MSEQ_EIO);
    EXPECT_EQ(e.second.rfind(path + ": No such file or directory", 0), 0u)
        << e.second;
    EXPECT_TRUE(dir.entries().empty());
}

TEST(AtomicFile, FileAsDirectoryIsEio) {
    ScratchDir dir;
    ScratchDir::write_file(dir / "f", "keep");
    const std::string path = dir / "f/out";
    const auto e = error_of([&] { mseq::write_file_atomic(path, "x", 1); });
    EXPECT_EQ(e.first, MSEQ_EIO);
    EXPECT_EQ(e.second.rfind(path + ": Not a directory", 0), 0u) << e.second;
    EXPECT_EQ(ScratchDir::read_file(dir / "f"), "keep");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"f"});
}

TEST(AtomicFile, RenameFailureRemovesTemporary) {
    ScratchDir dir;
    ASSERT_EQ(mkdir((dir / "d").c_str(), 0755), 0);
    ScratchDir::write_file(dir / "d/inner", "x");
    const std::string path = dir / "d";
    const auto e = error_of([&] { mseq::write_file_atomic(path, "x", 1); });
    EXPECT_EQ(e.first, MSEQ_EIO);
    EXPECT_EQ(e.second.rfind(path + ": ", 0), 0u) << e.second;
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"d"});
    EXPECT_EQ(ScratchDir::read_file(dir / "d/inner"), "x");
}

// A write that fails midway (here: over the file size limit, EFBIG) leaves
// the old target and no temporary file.
TEST(AtomicFile, WriteFailureRemovesTemporaryAndKeepsTarget) {
    ScratchDir dir;
    const std::string path = dir / "big";
    ScratchDir::write_file(path, "old");
    rlimit saved{};
    ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &saved), 0);
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = saved;
    small.rlim_cur = 4096;
    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
    const std::string data(10000, 'd');
    const auto e = error_of(
        [&] { mseq::write_file_atomic(path, data.data(), data.size()); });
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, old_handler);
    EXPECT_EQ(e.first, MSEQ_EIO);
    EXPECT_EQ(e.second.rfind(path + ": File too large", 0), 0u) << e.second;
    EXPECT_EQ(ScratchDir::read_file(path), "old");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"big"});
}

}  // namespace
