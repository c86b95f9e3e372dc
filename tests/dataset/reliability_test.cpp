// What a dataset job may and may not touch: --force removes only the files
// a dataset writer makes, a resume removes only its own temporary files,
// completeness comes from the outputs (never from a missing state folder),
// hostile files where the writer reads are refused without hanging, a kill
// never leaves a partial PNG under its final name, and one job at a time
// writes a folder.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "dataset_support.hpp"

namespace dataset_test {
namespace {

constexpr uint64_t kCount = 25;  // 3 shards: 10, 10, 5
constexpr mseq_output kOutputs[] = {MSEQ_OUTPUT_PNG, MSEQ_OUTPUT_NPY,
                                    MSEQ_OUTPUT_TAR};

int write_all(const std::string &dir, const Params &p, mseq_output output,
              unsigned flags = 0) {
    return mseq_write_dataset(dir.c_str(), mnist(), p, nullptr, 0, kCount,
                              output, flags, nullptr, nullptr);
}

// Begins the job and writes shards 0 and 1 only: a run killed before the
// last shard.
void write_partial(const std::string &dir, const Params &p,
                   mseq_output output) {
    mseq_writer *w = nullptr;
    ASSERT_EQ(mseq_writer_new(&w, dir.c_str(), mnist(), p, nullptr, 0, kCount,
                              output),
              MSEQ_OK)
        << mseq_last_error();
    ASSERT_EQ(mseq_writer_begin(w, 0), MSEQ_OK) << mseq_last_error();
    for (uint64_t k : {0, 1}) {
        ASSERT_EQ(mseq_writer_write_shard(w, k, nullptr, nullptr), MSEQ_OK)
            << mseq_last_error();
    }
    mseq_writer_free(w);
}

bool is_dir(const std::string &path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

TEST(Reliability, ForceRemovesOnlyTheWritersOwnFiles) {
    ScratchDir tmp;
    Params p;
    ASSERT_EQ(write_all(tmp / "clean", p, MSEQ_OUTPUT_PNG), MSEQ_OK);
    const std::string dir = tmp / "ds";
    Params other;
    other.set(MSEQ_PARAM_SEED, 77);
    ASSERT_EQ(write_all(dir, other, MSEQ_OUTPUT_PNG), MSEQ_OK);
    // A user's files with names close to the writer's, a folder, and a
    // link named like an image (out of the job's range) that points
    // outside the folder.
    const std::vector<std::string> theirs = {
        "20230615123045.png",    "1234.png",
        "shard-1234567.tar",     "shard-12.tar",
        ".manifest.json.backup", ".labels.csv.mynote",
        "0000000001.png",        "notes.txt",
        ".mnistseq-parts.old"};
    for (const std::string &name : theirs) {
        ScratchDir::write_file(dir + "/" + name, "user data " + name);
    }
    ASSERT_EQ(mkdir((dir + "/" + stem(99) + ".png").c_str(), 0777), 0);
    ScratchDir::write_file(dir + "/" + stem(99) + ".png/keep", "kept");
    ScratchDir::write_file(tmp / "outside", "outside");
    ASSERT_EQ(symlink((tmp / "outside").c_str(),
                      (dir + "/" + stem(98) + ".png").c_str()),
              0);

    ASSERT_EQ(write_all(dir, p, MSEQ_OUTPUT_PNG, MSEQ_WRITE_FORCE), MSEQ_OK)
        << mseq_last_error();
    for (const std::string &name : theirs) {
        EXPECT_EQ(ScratchDir::read_file(dir + "/" + name), "user data " + name)
            << name << " was removed or changed by --force";
        ASSERT_EQ(unlink((dir + "/" + name).c_str()), 0);
    }
    EXPECT_EQ(ScratchDir::read_file(dir + "/" + stem(99) + ".png/keep"),
              "kept");
    EXPECT_EQ(ScratchDir::read_file(tmp / "outside"), "outside");
    struct stat st;
    ASSERT_EQ(lstat((dir + "/" + stem(98) + ".png").c_str(), &st), 0);
    EXPECT_TRUE(S_ISLNK(st.st_mode)) << "a user's link was removed";
    // What is left besides them is exactly the new job's dataset.
    ASSERT_EQ(unlink((dir + "/" + stem(98) + ".png").c_str()), 0);
    ASSERT_EQ(unlink((dir + "/" + stem(99) + ".png/keep").c_str()), 0);
    ASSERT_EQ(rmdir((dir + "/" + stem(99) + ".png").c_str()), 0);
    EXPECT_TRUE(snapshot(tmp / "clean") == snapshot(dir));
}

TEST(Reliability, ForceNeverWritesThroughOrReplacesAUsersEntry) {
    ScratchDir tmp;
    Params p;
    const std::string dir = tmp / "ds";
    ASSERT_EQ(mkdir(dir.c_str(), 0777), 0);
    // Entries at names the job writes: a folder, and a link to a file.
    ASSERT_EQ(mkdir((dir + "/" + stem(7) + ".png").c_str(), 0777), 0);
    ScratchDir::write_file(dir + "/" + stem(7) + ".png/keep", "kept");
    ScratchDir::write_file(tmp / "outside", "outside");
    ASSERT_EQ(symlink((tmp / "outside").c_str(),
                      (dir + "/" + stem(3) + ".png").c_str()),
              0);
    EXPECT_EQ(write_all(dir, p, MSEQ_OUTPUT_PNG, MSEQ_WRITE_FORCE), MSEQ_EIO);
    const std::string message = mseq_last_error();
    EXPECT_NE(message.find("not a regular file"), std::string::npos) << message;
    EXPECT_EQ(ScratchDir::read_file(dir + "/" + stem(7) + ".png/keep"), "kept");
    EXPECT_EQ(ScratchDir::read_file(tmp / "outside"), "outside");
    struct stat st;
    ASSERT_EQ(lstat((dir + "/" + stem(3) + ".png").c_str(), &st), 0);
    EXPECT_TRUE(S_ISLNK(st.st_mode));
}

TEST(Reliability, ResumeRemovesOnlyItsOwnTemporaryFiles) {
    ScratchDir tmp;
    Params p;
    const std::string dir = tmp / "ds";
    write_partial(dir, p, MSEQ_OUTPUT_PNG);
    // Names 1.0 took for its temporary files, now a user's.
    const std::vector<std::string> theirs = {".labels.csv.mynote",
                                             ".manifest.json.Ab12Cd",
                                             "." + stem(1) + ".png.x1y2z3"};
    for (const std::string &name : theirs) {
        ScratchDir::write_file(dir + "/" + name, "user data");
    }
    ScratchDir::write_file(dir + "/.mnistseq-parts/tmp.labels.csv.Ab12Cd",
                           "partial");
    ASSERT_EQ(write_all(dir, p, MSEQ_OUTPUT_PNG), MSEQ_OK) << mseq_last_error();
    for (const std::string &name : theirs) {
        EXPECT_TRUE(exists(dir + "/" + name)) << name << " was removed";
    }
    EXPECT_FALSE(is_dir(dir + "/.mnistseq-parts"));
}

TEST(Reliability, CompletenessComesFromTheOutputsNotTheStateFolder) {
    for (mseq_output output : kOutputs) {
        SCOPED_TRACE(output);
        ScratchDir tmp;
        Params p;
        ASSERT_EQ(write_all(tmp / "clean", p, output), MSEQ_OK);
        const std::string dir = tmp / "ds";
        write_partial(dir, p, output);
        // The state folder is lost (removed by hand, or the folder copied
        // with `cp dir/*` / rsync --exclude '.*').
        std::filesystem::remove_all(dir + "/.mnistseq-parts");
        mseq_writer *w = nullptr;
        ASSERT_EQ(mseq_writer_new(&w, dir.c_str(), mnist(), p, nullptr, 0,
                                  kCount, output),
                  MSEQ_OK);
        int done = -1;
        ASSERT_EQ(mseq_writer_shard_done(&done, w, 2), MSEQ_OK);
        EXPECT_EQ(done, 0) << "an unwritten shard reported complete";
        mseq_writer_free(w);
        ASSERT_EQ(write_all(dir, p, output), MSEQ_OK) << mseq_last_error();
        EXPECT_TRUE(snapshot(tmp / "clean") == snapshot(dir))
            << "the rerun did not complete the dataset";

        // A finished dataset that lost an output is completed again.
        const std::string lost = output == MSEQ_OUTPUT_PNG   ? "labels.csv"
                                 : output == MSEQ_OUTPUT_NPY ? "labels.jsonl"
                                                             : shard_tar(1);
        ASSERT_EQ(unlink((dir + "/" + lost).c_str()), 0);
        ASSERT_EQ(write_all(dir, p, output), MSEQ_OK) << mseq_last_error();
        EXPECT_TRUE(snapshot(tmp / "clean") == snapshot(dir)) << lost;
    }
}

TEST(Reliability, HostileManifestIsRefusedWithoutHanging) {
    ScratchDir tmp;
    Params p;
    // A link to /dev/zero would be read until memory runs out; a FIFO
    // would block forever.
    const std::string zero_dir = tmp / "zero";
    ASSERT_EQ(mkdir(zero_dir.c_str(), 0777), 0);
    ASSERT_EQ(symlink("/dev/zero", (zero_dir + "/manifest.json").c_str()), 0);
    const std::string fifo_dir = tmp / "fifo";
    ASSERT_EQ(mkdir(fifo_dir.c_str(), 0777), 0);
    ASSERT_EQ(mkfifo((fifo_dir + "/manifest.json").c_str(), 0666), 0);
    const std::string big_dir = tmp / "big";
    ASSERT_EQ(mkdir(big_dir.c_str(), 0777), 0);
    ScratchDir::write_file(big_dir + "/manifest.json", "");
    ASSERT_EQ(truncate((big_dir + "/manifest.json").c_str(), off_t(1) << 30),
              0);
    for (const std::string &dir : {zero_dir, fifo_dir, big_dir}) {
        const auto t0 = std::chrono::steady_clock::now();
        const int rc = write_all(dir, p, MSEQ_OUTPUT_PNG);
        const std::string message = mseq_last_error();
        EXPECT_TRUE(rc == MSEQ_EIO || rc == MSEQ_ERANGE)
            << rc << " " << message;
        EXPECT_NE(message.find("manifest.json"), std::string::npos) << message;
        EXPECT_LT(std::chrono::steady_clock::now() - t0,
                  std::chrono::seconds(5));
    }
}

TEST(Reliability, OneJobAtATimeWritesAFolder) {
    ScratchDir tmp;
    Params p;
    const std::string dir = tmp / "ds";
    ASSERT_EQ(mkdir(dir.c_str(), 0777), 0);
    const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(flock(fd, LOCK_EX | LOCK_NB), 0);
    // Another process holds the folder (this one, through another open).
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        const int rc = write_all(dir, p, MSEQ_OUTPUT_PNG);
        const std::string message = mseq_last_error();
        const std::string want =
            "in use by process " + std::to_string(getppid());
        _exit(rc == MSEQ_EEXIST && message.find(want) != std::string::npos ? 0
                                                                           : 1);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_FALSE(exists(dir + "/manifest.json"));
    close(fd);
    EXPECT_EQ(write_all(dir, p, MSEQ_OUTPUT_PNG), MSEQ_OK) << mseq_last_error();
}

// A kill at any moment leaves, under each final PNG name, a complete
// file: SIGKILL at varied points of a job, each final PNG read back.
TEST(Reliability, KillNeverLeavesAPartialPngUnderItsFinalName) {
    ScratchDir tmp;
    const std::string dir = tmp / "ds";
    Params p;
    p.set(MSEQ_PARAM_WIDTH, 600).set(MSEQ_PARAM_MAX_LENGTH, 20);
    p.set(MSEQ_PARAM_PNG_LEVEL, 9).set(MSEQ_PARAM_THREADS, 2);
    ASSERT_NE(mnist(), nullptr);  // loaded once, before the children
    for (int round = 0; round < 12; ++round) {
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            mseq_write_dataset(dir.c_str(), mnist(), p, nullptr, 0, 100000,
                               MSEQ_OUTPUT_PNG, 0, nullptr, nullptr);
            _exit(0);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(30 + 17 * round));
        kill(child, SIGKILL);
        int status = 0;
        waitpid(child, &status, 0);
        size_t checked = 0;
        if (!is_dir(dir)) continue;
        for (const auto &entry : std::filesystem::directory_iterator(dir)) {
            const std::string name = entry.path().filename();
            if (name.size() != 13 || name.substr(9) != ".png") continue;
            const std::string bytes = ScratchDir::read_file(entry.path());
            ASSERT_GE(bytes.size(), 20u) << name << " is partial";
            EXPECT_EQ(bytes.substr(bytes.size() - 8, 4), "IEND")
                << name << " is partial";
            ++checked;
        }
        SCOPED_TRACE(checked);
    }
}

int collect(const char *problem, void *user) {
    static_cast<std::vector<std::string> *>(user)->push_back(problem);
    return 0;
}

// mseq_verify_dataset: a finished dataset checks clean; a missing file, a
// changed image, a changed label row or an interrupted write is reported.
TEST(Reliability, VerifyReportsWhatIsMissingOrDifferent) {
    for (mseq_output output : kOutputs) {
        SCOPED_TRACE(output);
        ScratchDir tmp;
        Params p;
        const std::string dir = tmp / "ds";
        ASSERT_EQ(write_all(dir, p, output), MSEQ_OK);
        uint64_t problems = 99;
        std::vector<std::string> found;
        ASSERT_EQ(mseq_verify_dataset(&problems, dir.c_str(), nullptr, kCount,
                                      collect, &found),
                  MSEQ_OK)
            << mseq_last_error();
        EXPECT_EQ(problems, 0u);
        EXPECT_TRUE(found.empty());

        std::string damaged;
        if (output == MSEQ_OUTPUT_PNG) {
            ASSERT_EQ(unlink((dir + "/" + stem(4) + ".png").c_str()), 0);
            // Same size, other bytes: found only by regenerating.
            std::string png =
                ScratchDir::read_file(dir + "/" + stem(12) + ".png");
            png[png.size() / 2] ^= 1;
            ScratchDir::write_file(dir + "/" + stem(12) + ".png", png);
            damaged = stem(12) + ".png";
        } else if (output == MSEQ_OUTPUT_NPY) {
            std::string npy = ScratchDir::read_file(dir + "/images.npy");
            npy[npy.size() - 7] ^= 1;  // the last image
            ScratchDir::write_file(dir + "/images.npy", npy);
            std::string labels = ScratchDir::read_file(dir + "/labels.jsonl");
            labels.replace(labels.find("\"text\": \"") + 9, 1, "9");
            ScratchDir::write_file(dir + "/labels.jsonl", labels);
            damaged = "images.npy";
        } else {
            ASSERT_EQ(truncate((dir + "/" + shard_tar(2)).c_str(), 512), 0);
            std::string tar = ScratchDir::read_file(dir + "/" + shard_tar(0));
            tar[512 + 100] ^= 1;  // inside the first PNG
            ScratchDir::write_file(dir + "/" + shard_tar(0), tar);
            damaged = shard_tar(0);
        }
        found.clear();
        ASSERT_EQ(mseq_verify_dataset(&problems, dir.c_str(), nullptr, kCount,
                                      collect, &found),
                  MSEQ_OK);
        // png: one missing, one changed; npy: one image, one label row;
        // tar: shard 2 truncated (and each of its 5 samples), shard 0's
        // first sample changed.
        const uint64_t want = output == MSEQ_OUTPUT_TAR ? 7 : 2;
        EXPECT_EQ(problems, want);
        ASSERT_EQ(found.size(), want);
        std::string all;
        for (const std::string &f : found) all += f + "\n";
        EXPECT_NE(all.find(damaged), std::string::npos) << all;
        if (output == MSEQ_OUTPUT_TAR) {
            EXPECT_NE(all.find(shard_tar(2) + ": truncated"), std::string::npos)
                << all;
        }
        // With no sample, only missing files are found.
        ASSERT_EQ(mseq_verify_dataset(&problems, dir.c_str(), nullptr, 0,
                                      nullptr, nullptr),
                  MSEQ_OK);
        EXPECT_EQ(problems, output == MSEQ_OUTPUT_NPY ? 0u : 1u);
    }
    // An interrupted job, and a folder without a manifest.
    ScratchDir tmp;
    Params p;
    write_partial(tmp / "part", p, MSEQ_OUTPUT_PNG);
    uint64_t problems = 0;
    ASSERT_EQ(mseq_verify_dataset(&problems, (tmp / "part").c_str(), nullptr, 5,
                                  nullptr, nullptr),
              MSEQ_OK);
    EXPECT_GE(problems, 1u);
    EXPECT_EQ(mseq_verify_dataset(&problems, tmp.path().c_str(), nullptr, 5,
                                  nullptr, nullptr),
              MSEQ_EIO);
    EXPECT_NE(std::string(mseq_last_error()).find("manifest.json"),
              std::string::npos);
}

// The data must be the manifest's: other content is refused, naming the
// difference.
TEST(Reliability, VerifyRefusesOtherData) {
    ScratchDir tmp;
    Params p;
    const std::string dir = tmp / "ds";
    ASSERT_EQ(write_all(dir, p, MSEQ_OUTPUT_PNG), MSEQ_OK);
    std::string manifest = ScratchDir::read_file(dir + "/manifest.json");
    const size_t at = manifest.find("\"images_sha256\": \"") + 18;
    manifest[at] = manifest[at] == '0' ? '1' : '0';
    ScratchDir::write_file(dir + "/manifest.json", manifest);
    uint64_t problems = 0;
    EXPECT_EQ(mseq_verify_dataset(&problems, dir.c_str(), nullptr, 3, nullptr,
                                  nullptr),
              MSEQ_EINVAL);
    EXPECT_NE(std::string(mseq_last_error()).find("images_sha256"),
              std::string::npos)
        << mseq_last_error();
}

}  // namespace
}  // namespace dataset_test
