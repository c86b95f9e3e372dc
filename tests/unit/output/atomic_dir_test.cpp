// Atomic files in a held folder (src/output/atomic_dir.*): complete files at
// their final names, the caller's own regular files replaced, anything else
// refused and kept, no temporary file left behind.
#include "output/atomic_dir.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "common/error.hpp"
#include "mnistseq/mnistseq.h"
#include "scratch_dir.hpp"

namespace {

using mseq_test::ScratchDir;

struct Folders {
    ScratchDir root;
    std::string dir = root / "out";
    std::string temp = root / "out/.parts";
    Folders() {
        EXPECT_EQ(mkdir(dir.c_str(), 0777), 0);
        EXPECT_EQ(mkdir(temp.c_str(), 0777), 0);
    }
};

int error_code(const mseq::AtomicDir &files, const std::string &name,
               std::string *message = nullptr) {
    try {
        files.write_file(name, "x", 1);
    } catch (const mseq::Error &e) {
        if (message != nullptr) *message = e.what();
        return e.code();
    }
    return 0;
}

TEST(AtomicDir, WritesNewFilesAndReplacesItsOwn) {
    Folders f;
    const mseq::AtomicDir files(f.dir, f.temp);
    const std::string data(100000, 'z');
    files.write_file("a.png", data.data(), data.size());
    EXPECT_EQ(ScratchDir::read_file(f.dir + "/a.png"), data);
    files.write_file("a.png", "new", 3);
    EXPECT_EQ(ScratchDir::read_file(f.dir + "/a.png"), "new");
    files.write_file("empty.png", "", 0);
    EXPECT_EQ(ScratchDir::read_file(f.dir + "/empty.png"), "");
    EXPECT_EQ(ScratchDir::list(f.temp), std::vector<std::string>{});
    std::vector<std::string> names = ScratchDir::list(f.dir);
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names,
              (std::vector<std::string>{".parts", "a.png", "empty.png"}));
}

TEST(AtomicDir, RefusesAndKeepsWhatIsNotARegularFile) {
    Folders f;
    ScratchDir::write_file(f.root / "outside", "outside");
    ASSERT_EQ(
        symlink((f.root / "outside").c_str(), (f.dir + "/link.png").c_str()),
        0);
    ASSERT_EQ(mkdir((f.dir + "/folder.png").c_str(), 0777), 0);
    const mseq::AtomicDir files(f.dir, f.temp);
    for (const std::string name : {"link.png", "folder.png"}) {
        std::string message;
        EXPECT_EQ(error_code(files, name, &message), MSEQ_EIO) << name;
        EXPECT_NE(message.find(f.dir + "/" + name +
                               ": exists and is not a "
                               "regular file"),
                  std::string::npos)
            << message;
    }
    struct stat st;
    ASSERT_EQ(lstat((f.dir + "/link.png").c_str(), &st), 0);
    EXPECT_TRUE(S_ISLNK(st.st_mode));
    EXPECT_EQ(ScratchDir::read_file(f.root / "outside"), "outside");
    ASSERT_EQ(lstat((f.dir + "/folder.png").c_str(), &st), 0);
    EXPECT_TRUE(S_ISDIR(st.st_mode));
    EXPECT_EQ(ScratchDir::list(f.temp), std::vector<std::string>{});
}

TEST(AtomicDir, MissingFoldersAndBadNamesAreEio) {
    Folders f;
    EXPECT_THROW(mseq::AtomicDir(f.root / "none", f.temp), mseq::Error);
    EXPECT_THROW(mseq::AtomicDir(f.dir, f.root / "none"), mseq::Error);
    const mseq::AtomicDir files(f.dir, f.temp);
    std::string message;
    EXPECT_EQ(error_code(files, "no/such/folder.png", &message), MSEQ_EIO);
    EXPECT_NE(message.find(f.dir + "/no/such/folder.png: "), std::string::npos)
        << message;
    EXPECT_EQ(ScratchDir::list(f.temp), std::vector<std::string>{});
}

TEST(AtomicDir, ThreadsWriteDistinctFilesAtOnce) {
    Folders f;
    const mseq::AtomicDir files(f.dir, f.temp);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&files, t] {
            for (int i = 0; i < 50; ++i) {
                const std::string name =
                    std::to_string(t) + "-" + std::to_string(i) + ".png";
                files.write_file(name, name.data(), name.size());
            }
        });
    }
    for (std::thread &t : threads) t.join();
    EXPECT_EQ(ScratchDir::list(f.dir).size(), 201u);
    EXPECT_EQ(ScratchDir::read_file(f.dir + "/3-49.png"), "3-49.png");
    EXPECT_EQ(ScratchDir::list(f.temp), std::vector<std::string>{});
}

}  // namespace
