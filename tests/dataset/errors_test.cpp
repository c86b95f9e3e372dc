// Bad input to the dataset writer: each is a clear error naming the fault,
// with a non-zero code, and leaves nothing behind.
#include <sys/stat.h>

#include "dataset_support.hpp"

namespace dataset_test {
namespace {

// Runs mseq_write_dataset and expects `code` with `needle` in the message,
// and no directory created.
void expect_refused(const std::string &dir, const mseq_params *p,
                    const int *digits, size_t ndigits, uint64_t count,
                    mseq_output output, unsigned flags, int code,
                    const std::string &needle) {
    const int rc = mseq_write_dataset(dir.c_str(), mnist(), p, digits, ndigits,
                                      count, output, flags, nullptr, nullptr);
    EXPECT_EQ(rc, code) << mseq_strerror(rc) << ": " << mseq_last_error();
    EXPECT_NE(std::string(mseq_last_error()).find(needle), std::string::npos)
        << "\"" << mseq_last_error() << "\" lacks \"" << needle << "\"";
    EXPECT_FALSE(exists(dir)) << "a refused job created " << dir;
}

TEST(Errors, CountZeroAndAboveTheLimit) {
    ScratchDir tmp;
    Params p;
    expect_refused(tmp / "ds", p, nullptr, 0, 0, MSEQ_OUTPUT_PNG, 0,
                   MSEQ_EINVAL, "count is 0");
    expect_refused(tmp / "ds", p, nullptr, 0, uint64_t{MSEQ_MAX_DATASET} + 1,
                   MSEQ_OUTPUT_PNG, 0, MSEQ_ERANGE, "MSEQ_MAX_DATASET");
}

TEST(Errors, ShardSizeOutOfRange) {
    Params p;
    EXPECT_EQ(mseq_params_set(p, MSEQ_PARAM_SHARD_SIZE, 0), MSEQ_EINVAL);
    EXPECT_NE(std::string(mseq_last_error()).find("MSEQ_PARAM_SHARD_SIZE"),
              std::string::npos);
    EXPECT_EQ(mseq_params_set(p, MSEQ_PARAM_SHARD_SIZE, -5), MSEQ_EINVAL);
    EXPECT_EQ(mseq_params_set(p, MSEQ_PARAM_SHARD_SIZE, MSEQ_MAX_BATCH + 1),
              MSEQ_ERANGE);
    EXPECT_EQ(p.get(MSEQ_PARAM_SHARD_SIZE), 10) << "unchanged on failure";
    Params fresh;
    fresh.set(MSEQ_PARAM_SHARD_SIZE, MSEQ_MAX_BATCH);
    mseq_params *defaults = nullptr;
    ASSERT_EQ(mseq_params_new(&defaults), MSEQ_OK);
    int64_t v = 0;
    ASSERT_EQ(mseq_params_get(&v, defaults, MSEQ_PARAM_SHARD_SIZE), MSEQ_OK);
    EXPECT_EQ(v, 10000);
    ASSERT_EQ(mseq_params_get(&v, defaults, MSEQ_PARAM_PNG_LEVEL), MSEQ_OK);
    EXPECT_EQ(v, -1);
    mseq_params_free(defaults);
}

TEST(Errors, PngLevelOutOfRange) {
    Params p;
    EXPECT_EQ(mseq_params_set(p, MSEQ_PARAM_PNG_LEVEL, -2), MSEQ_EINVAL);
    EXPECT_EQ(mseq_params_set(p, MSEQ_PARAM_PNG_LEVEL, 10), MSEQ_ERANGE);
    EXPECT_NE(std::string(mseq_last_error()).find("MSEQ_PARAM_PNG_LEVEL"),
              std::string::npos);
    p.set(MSEQ_PARAM_PNG_LEVEL, 0).set(MSEQ_PARAM_PNG_LEVEL, 9);
}

TEST(Errors, TooManyShards) {
    ScratchDir tmp;
    Params p;
    p.set(MSEQ_PARAM_SHARD_SIZE, 1);
    expect_refused(tmp / "ds", p, nullptr, 0, MSEQ_MAX_SHARDS + 1,
                   MSEQ_OUTPUT_TAR, 0, MSEQ_ERANGE, "shards");
}

TEST(Errors, NullPointersAndBadEnums) {
    ScratchDir tmp;
    Params p;
    const std::string dir = tmp / "ds";
    EXPECT_EQ(mseq_write_dataset(nullptr, mnist(), p, nullptr, 0, 5,
                                 MSEQ_OUTPUT_PNG, 0, nullptr, nullptr),
              MSEQ_EINVAL);
    EXPECT_NE(std::string(mseq_last_error()).find("dir is NULL"),
              std::string::npos);
    EXPECT_EQ(mseq_write_dataset(dir.c_str(), nullptr, p, nullptr, 0, 5,
                                 MSEQ_OUTPUT_PNG, 0, nullptr, nullptr),
              MSEQ_EINVAL);
    EXPECT_EQ(mseq_write_dataset(dir.c_str(), mnist(), nullptr, nullptr, 0, 5,
                                 MSEQ_OUTPUT_PNG, 0, nullptr, nullptr),
              MSEQ_EINVAL);
    expect_refused(dir, p, nullptr, 0, 5, static_cast<mseq_output>(3), 0,
                   MSEQ_EINVAL, "output 3");
    expect_refused(dir, p, nullptr, 0, 5, MSEQ_OUTPUT_PNG, 6, MSEQ_EINVAL,
                   "flags 6");
    expect_refused("", p, nullptr, 0, 5, MSEQ_OUTPUT_PNG, 0, MSEQ_EINVAL,
                   "empty path");
    const int digits[] = {1, 2};
    expect_refused(dir, p, nullptr, 3, 5, MSEQ_OUTPUT_PNG, 0, MSEQ_EINVAL,
                   "digits is NULL");
    expect_refused(dir, p, digits, 0, 5, MSEQ_OUTPUT_PNG, 0, MSEQ_EINVAL,
                   "ndigits is 0");
    mseq_writer *w = reinterpret_cast<mseq_writer *>(&p);
    EXPECT_EQ(mseq_writer_new(nullptr, dir.c_str(), mnist(), p, nullptr, 0, 5,
                              MSEQ_OUTPUT_PNG),
              MSEQ_EINVAL);
    EXPECT_EQ(mseq_writer_new(&w, nullptr, mnist(), p, nullptr, 0, 5,
                              MSEQ_OUTPUT_PNG),
              MSEQ_EINVAL);
    EXPECT_EQ(w, reinterpret_cast<mseq_writer *>(&p)) << "out untouched";
    EXPECT_EQ(mseq_writer_begin(nullptr, 0), MSEQ_EINVAL);
    EXPECT_EQ(mseq_writer_finish(nullptr), MSEQ_EINVAL);
    EXPECT_EQ(mseq_writer_write_shard(nullptr, 0, nullptr, nullptr),
              MSEQ_EINVAL);
    uint64_t n = 0;
    EXPECT_EQ(mseq_writer_shard_count(&n, nullptr), MSEQ_EINVAL);
    const char *text = nullptr;
    EXPECT_EQ(mseq_writer_manifest(&text, nullptr), MSEQ_EINVAL);
    mseq_writer_free(nullptr);
}

TEST(Errors, BadGenerationParametersFailBeforeAnyFile) {
    ScratchDir tmp;
    const std::string dir = tmp / "ds";
    {
        mseq_params *raw = nullptr;
        ASSERT_EQ(mseq_params_new(&raw), MSEQ_OK);  // width not set
        expect_refused(dir, raw, nullptr, 0, 5, MSEQ_OUTPUT_PNG, 0, MSEQ_EINVAL,
                       "width");
        mseq_params_free(raw);
    }
    {
        Params p;
        p.set(MSEQ_PARAM_MIN_SPACING, 9).set(MSEQ_PARAM_MAX_SPACING, 3);
        expect_refused(dir, p, nullptr, 0, 5, MSEQ_OUTPUT_NPY, 0, MSEQ_EINVAL,
                       "min_spacing 9");
    }
    {
        Params p;
        p.set(MSEQ_PARAM_MIN_LENGTH, 4).set(MSEQ_PARAM_MAX_LENGTH, 2);
        expect_refused(dir, p, nullptr, 0, 5, MSEQ_OUTPUT_TAR, 0, MSEQ_EINVAL,
                       "MSEQ_PARAM_MIN_LENGTH");
    }
    {
        Params p;
        p.set(MSEQ_PARAM_FIT, MSEQ_FIT_STRICT).set(MSEQ_PARAM_WIDTH, 30);
        const int digits[] = {1, 2, 3};
        expect_refused(dir, p, digits, 3, 5, MSEQ_OUTPUT_PNG, 0, MSEQ_ENOFIT,
                       "");
    }
    {
        Params p;
        const int digits[] = {1, 12};
        expect_refused(dir, p, digits, 2, 5, MSEQ_OUTPUT_PNG, 0, MSEQ_EINVAL,
                       "position 1");
    }
    {
        Params p;  // 10 one-digit sequences exist; 11 cannot be unique
        p.set(MSEQ_PARAM_UNIQUE, 1)
            .set(MSEQ_PARAM_MIN_LENGTH, 1)
            .set(MSEQ_PARAM_MAX_LENGTH, 1);
        expect_refused(dir, p, nullptr, 0, 11, MSEQ_OUTPUT_PNG, 0, MSEQ_ERANGE,
                       "only 10 distinct");
    }
}

TEST(Errors, UnwritableDirectory) {
    ScratchDir tmp;
    Params p;
    // A path below a regular file can never be a directory, even for root.
    ScratchDir::write_file(tmp / "file", "x");
    const std::string dir = tmp / "file/ds";
    EXPECT_EQ(mseq_write_dataset(dir.c_str(), mnist(), p, nullptr, 0, 5,
                                 MSEQ_OUTPUT_PNG, 0, nullptr, nullptr),
              MSEQ_EIO);
    EXPECT_NE(std::string(mseq_last_error()).find(dir), std::string::npos)
        << mseq_last_error();
    // The dataset path itself is a file.
    EXPECT_EQ(mseq_write_dataset((tmp / "file").c_str(), mnist(), p, nullptr, 0,
                                 5, MSEQ_OUTPUT_NPY, 0, nullptr, nullptr),
              MSEQ_EIO);
    EXPECT_EQ(ScratchDir::read_file(tmp / "file"), "x");

    // A read-only directory (only meaningful when not root).
    if (geteuid() != 0) {
        ASSERT_EQ(mkdir((tmp / "ro").c_str(), 0500), 0);
        EXPECT_EQ(
            mseq_write_dataset((tmp / "ro/ds").c_str(), mnist(), p, nullptr, 0,
                               5, MSEQ_OUTPUT_PNG, 0, nullptr, nullptr),
            MSEQ_EIO);
        EXPECT_NE(std::string(mseq_last_error()).find("ro/ds"),
                  std::string::npos);
    }
}

// A directory squatting on an output name makes that write fail, even for
// root: the shard is then removed as a whole and stays incomplete.
TEST(Errors, WriteFailureMidShardLeavesNoPartialShard) {
    for (mseq_output output : {MSEQ_OUTPUT_PNG, MSEQ_OUTPUT_TAR}) {
        ScratchDir tmp;
        Params p;
        const std::string dir = tmp / "ds";
        mseq_writer *w = nullptr;
        ASSERT_EQ(mseq_writer_new(&w, dir.c_str(), mnist(), p, nullptr, 0, 25,
                                  output),
                  MSEQ_OK);
        ASSERT_EQ(mseq_writer_begin(w, 0), MSEQ_OK) << mseq_last_error();
        const std::string squatted =
            output == MSEQ_OUTPUT_PNG ? stem(13) + ".png" : shard_tar(1);
        ASSERT_EQ(mkdir((dir + "/" + squatted).c_str(), 0700), 0);
        ASSERT_EQ(mseq_writer_write_shard(w, 0, nullptr, nullptr), MSEQ_OK);
        EXPECT_EQ(mseq_writer_write_shard(w, 1, nullptr, nullptr), MSEQ_EIO);
        EXPECT_NE(std::string(mseq_last_error()).find(dir + "/" + squatted),
                  std::string::npos)
            << mseq_last_error();
        int done = -1;
        ASSERT_EQ(mseq_writer_shard_done(&done, w, 1), MSEQ_OK);
        EXPECT_EQ(done, 0);
        ASSERT_EQ(mseq_writer_shard_done(&done, w, 0), MSEQ_OK);
        EXPECT_EQ(done, 1) << "another shard was harmed";
        // Nothing of shard 1 is left: no image, no temporary file.
        for (const std::string &name : ScratchDir::list(dir)) {
            EXPECT_TRUE(name == squatted || name == "manifest.json" ||
                        name == ".mnistseq-parts" ||
                        (output == MSEQ_OUTPUT_PNG ? name < stem(10) + ".png"
                                                   : name == shard_tar(0)))
                << name << " left behind";
        }
        for (const std::string &name :
             ScratchDir::list(dir + "/.mnistseq-parts")) {
            EXPECT_EQ(name.find("000001"), std::string::npos)
                << name << " left behind";
        }
        // Once the obstacle is gone, the job completes.
        ASSERT_EQ(rmdir((dir + "/" + squatted).c_str()), 0);
        EXPECT_EQ(mseq_write_dataset(dir.c_str(), mnist(), p, nullptr, 0, 25,
                                     output, 0, nullptr, nullptr),
                  MSEQ_OK)
            << mseq_last_error();
        mseq_writer_free(w);
    }
}

}  // namespace
}  // namespace dataset_test
