// Hostile data folders: things named like IDX files that are not regular
// files. A FIFO without a writer would block an ordinary open() for ever,
// /dev/zero reads without end, a directory or a socket cannot be read.
// mseq_open() opens each data file once, without blocking, and refuses
// anything but a regular file with MSEQ_EIO and a message naming the file
// ("not a regular file (a FIFO)"), before reading a byte; the CLI exits
// with a non-zero status and the message. Each case runs in a child
// process killed after a few seconds, so a regression fails instead of
// hanging.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "child.hpp"
#include "fixtures.hpp"
#include "idx_files.hpp"
#include "mnistseq/mnistseq.h"
#include "scratch_dir.hpp"

namespace failure_test {
namespace {

// Seconds a child may take before it counts as hung.
constexpr int kHangSeconds = 10;

// A folder with a valid train split (30 glyphs of 28 x 28), raw.
struct Folder {
    mseq_test::ScratchDir dir;
    mseq_test::IdxSplit split;
    Folder() {
        mseq_test::IdxSpec spec;
        split = mseq_test::write_idx_split(dir.path(), spec);
    }
};

// Opens dir's train split in a child killed after kHangSeconds; returns the
// outcome, whose text is "<code> <message>".
Outcome open_in_child(const std::string &dir) {
    return run_forked(
        {},
        [&](std::string &text) {
            mseq_dataset *ds = nullptr;
            const int rc = mseq_open(&ds, dir.c_str(), MSEQ_SPLIT_TRAIN);
            text = std::to_string(rc) + " " + mseq_last_error();
            if (rc != MSEQ_OK && ds != nullptr) text += " [handle set]";
            mseq_free(ds);
            return 0;
        },
        kHangSeconds);
}

// Checks that opening dir fails, in time, with MSEQ_EIO naming `path` as
// not a regular file of the given kind.
void expect_refused(const std::string &dir, const std::string &path,
                    const std::string &kind) {
    const Outcome o = open_in_child(dir);
    ASSERT_TRUE(o.exited) << "no answer in " << kHangSeconds << " s (signal "
                          << o.code << "): " << o.text;
    EXPECT_EQ(o.text.rfind(std::to_string(MSEQ_EIO) + " ", 0), 0u) << o.text;
    EXPECT_TRUE(contains(o.text, path + ": not a regular file (" + kind + ")"))
        << o.text;
    EXPECT_FALSE(contains(o.text, "[handle set]")) << o.text;
}

// Replaces the file at path with what make(path) creates.
template <typename Make>
void replace_with(const std::string &path, Make make) {
    ASSERT_EQ(unlink(path.c_str()), 0) << path;
    make(path);
}

TEST(HostileFiles, FifoNamedLikeTheImagesFileIsRefusedWithoutBlocking) {
    // No process ever opens the FIFO for writing: an open(2) for reading
    // without O_NONBLOCK would wait for ever.
    Folder f;
    replace_with(f.split.images_path, [](const std::string &p) {
        ASSERT_EQ(mkfifo(p.c_str(), 0600), 0);
    });
    expect_refused(f.dir.path(), f.split.images_path, "a FIFO");
}

TEST(HostileFiles, FifoNamedLikeTheLabelsFileIsRefusedWithoutBlocking) {
    Folder f;
    replace_with(f.split.labels_path, [](const std::string &p) {
        ASSERT_EQ(mkfifo(p.c_str(), 0600), 0);
    });
    expect_refused(f.dir.path(), f.split.labels_path, "a FIFO");
}

TEST(HostileFiles, FifoUnderAGzipNameIsRefusedWithoutBlocking) {
    mseq_test::ScratchDir dir;
    mseq_test::IdxSpec spec;
    spec.gzip = true;
    const mseq_test::IdxSplit s = mseq_test::write_idx_split(dir.path(), spec);
    replace_with(s.images_path, [](const std::string &p) {
        ASSERT_EQ(mkfifo(p.c_str(), 0600), 0);
    });
    expect_refused(dir.path(), s.images_path, "a FIFO");
}

TEST(HostileFiles, DevZeroNamedLikeAnIdxFileIsRefused) {
    // A symbolic link to /dev/zero, raw and gzip names: endless zeros, which
    // must not be read at all.
    for (const bool gzip : {false, true}) {
        mseq_test::ScratchDir dir;
        mseq_test::IdxSpec spec;
        spec.gzip = gzip;
        const mseq_test::IdxSplit s =
            mseq_test::write_idx_split(dir.path(), spec);
        for (const std::string &path : {s.images_path, s.labels_path}) {
            const std::string saved = path + ".saved";
            ASSERT_EQ(rename(path.c_str(), saved.c_str()), 0);
            ASSERT_EQ(symlink("/dev/zero", path.c_str()), 0);
            expect_refused(dir.path(), path, "a character device");
            ASSERT_EQ(rename(saved.c_str(), path.c_str()), 0);
        }
    }
}

TEST(HostileFiles, DirectoryNamedLikeAnIdxFileIsRefused) {
    Folder f;
    replace_with(f.split.images_path, [](const std::string &p) {
        ASSERT_EQ(mkdir(p.c_str(), 0700), 0);
    });
    expect_refused(f.dir.path(), f.split.images_path, "a directory");
}

TEST(HostileFiles, SocketNamedLikeAnIdxFileIsRefused) {
    Folder f;
    const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    replace_with(f.split.labels_path, [fd](const std::string &p) {
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        ASSERT_LT(p.size(), sizeof addr.sun_path) << "temporary path too long";
        std::memcpy(addr.sun_path, p.c_str(), p.size() + 1);
        ASSERT_EQ(
            bind(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr),
            0);
    });
    expect_refused(f.dir.path(), f.split.labels_path, "a socket");
    close(fd);
}

// Each data file is opened exactly once (inotify counts the opens): a file
// probed by one open and read through another could be swapped in between
// (for a FIFO, by a writer that serves each open something else).
TEST(HostileFiles, EachDataFileIsOpenedOnce) {
    for (const bool gzip : {false, true}) {
        mseq_test::ScratchDir dir;
        mseq_test::IdxSpec spec;
        spec.gzip = gzip;
        const mseq_test::IdxSplit s =
            mseq_test::write_idx_split(dir.path(), spec);
        const int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        ASSERT_GE(in, 0);
        std::map<int, std::string> watched;
        for (const std::string &path : {s.images_path, s.labels_path}) {
            // The closes too: inotify merges an event into an identical one
            // just before it, so two opens in a row would count as one.
            const int wd =
                inotify_add_watch(in, path.c_str(), IN_OPEN | IN_CLOSE);
            ASSERT_GE(wd, 0) << path;
            watched[wd] = path;
        }
        mseq_dataset *ds = nullptr;
        ASSERT_EQ(mseq_open(&ds, dir.path().c_str(), MSEQ_SPLIT_TRAIN), 0)
            << mseq_last_error();
        mseq_free(ds);
        std::map<std::string, int> opens;
        alignas(inotify_event) char buf[4096];
        for (;;) {
            const ssize_t n = read(in, buf, sizeof buf);
            if (n <= 0) break;
            for (ssize_t i = 0; i < n;) {
                const auto *e =
                    reinterpret_cast<const inotify_event *>(buf + i);
                if (e->mask & IN_OPEN) ++opens[watched[e->wd]];
                i += ssize_t(sizeof(inotify_event) + e->len);
            }
        }
        close(in);
        EXPECT_EQ(opens[s.images_path], 1) << s.images_path;
        EXPECT_EQ(opens[s.labels_path], 1) << s.labels_path;
    }
}

TEST(HostileFiles, CliGivenAFolderWithAFifoExitsWithTheMessage) {
    SKIP_WITHOUT_CLI();
    Folder f;
    replace_with(f.split.images_path, [](const std::string &p) {
        ASSERT_EQ(mkfifo(p.c_str(), 0600), 0);
    });
    mseq_test::ScratchDir out;
    const Outcome o = run_program(
        {cli_path(), "350", "2", "8", "120", "--data", f.dir.path()},
        out.path(), {}, {}, kHangSeconds);
    ASSERT_TRUE(o.exited) << "signal " << o.code << ": " << o.err;
    EXPECT_EQ(o.code, 1) << o.err;  // a data error, as documented
    EXPECT_TRUE(
        contains(o.err, f.split.images_path + ": not a regular file (a FIFO)"))
        << o.err;
    EXPECT_TRUE(out.entries().empty());
}

}  // namespace
}  // namespace failure_test
