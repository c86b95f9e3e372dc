// mseq_open/free/glyph_size/class_count/dataset_files, on the default MNIST
// and on small IDX sets, good or broken, written by the test.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "capi_test.hpp"
#include "idx_files.hpp"
#include "mnistseq/mnistseq.h"
#include "skip_unless_ci.hpp"

namespace {

using capi_test::expect_error;
using mseq_test::IdxFault;
using mseq_test::IdxSpec;
using mseq_test::IdxSplit;
using mseq_test::IdxTarget;
using mseq_test::TempDir;

// Stands for "an output the call must not write".
mseq_dataset *const kUntouched = reinterpret_cast<mseq_dataset *>(0x1234);

// Class sizes of the canonical MNIST splits.
constexpr std::array<size_t, 10> kMnistTrain = {5923, 6742, 5958, 6131, 5842,
                                                5421, 5918, 6265, 5851, 5949};
constexpr std::array<size_t, 10> kMnistTest = {980, 1135, 1032, 1010, 982,
                                               892, 958,  1028, 974,  1009};

std::string base_name(const std::string &path) {
    return path.substr(path.find_last_of('/') + 1);
}

void expect_mnist(const mseq_dataset *ds, const std::array<size_t, 10> &want,
                  const char *images, const char *labels) {
    uint32_t rows = 0, cols = 0;
    ASSERT_EQ(mseq_glyph_size(&rows, &cols, ds), MSEQ_OK);
    EXPECT_EQ(rows, 28u);
    EXPECT_EQ(cols, 28u);
    size_t total = 0;
    for (int d = 0; d < 10; ++d) {
        size_t n = 0;
        ASSERT_EQ(mseq_class_count(&n, ds, d), MSEQ_OK);
        EXPECT_EQ(n, want[static_cast<size_t>(d)]) << "digit " << d;
        total += want[static_cast<size_t>(d)];
    }
    size_t all = 0;
    ASSERT_EQ(mseq_class_count(&all, ds, -1), MSEQ_OK);
    EXPECT_EQ(all, total);
    const char *ip = nullptr, *lp = nullptr;
    ASSERT_EQ(mseq_dataset_files(&ip, &lp, ds), MSEQ_OK);
    ASSERT_NE(ip, nullptr);
    ASSERT_NE(lp, nullptr);
    EXPECT_EQ(base_name(ip), images);
    EXPECT_EQ(base_name(lp), labels);
}

TEST(Dataset, DefaultMnistTrain) {
    expect_mnist(capi_test::train(), kMnistTrain, "train-images-idx3-ubyte",
                 "train-labels-idx1-ubyte");
}

TEST(Dataset, DefaultMnistTest) {
    expect_mnist(capi_test::test_split(), kMnistTest, "t10k-images-idx3-ubyte",
                 "t10k-labels-idx1-ubyte");
}

// Debian's Fashion-MNIST: gzip IDX under the dash names, opened through
// the C API like any data folder (1,000 images of each class in its test
// split), and generated from.
TEST(Dataset, FashionMnistFromDebianThroughTheCApi) {
    const char *dir = "/usr/share/datasets/fashion-mnist";
    if (!std::filesystem::is_directory(dir)) {
        MSEQ_SKIP_UNLESS_CI(dir
                            << " is absent (package dataset-fashion-mnist)");
    }
    capi_test::Dataset ds(MSEQ_SPLIT_TEST, dir);
    ASSERT_EQ(ds.rc(), MSEQ_OK) << mseq_last_error();
    std::array<size_t, 10> thousand;
    thousand.fill(1000);
    expect_mnist(ds.get(), thousand, "t10k-images-idx3-ubyte.gz",
                 "t10k-labels-idx1-ubyte.gz");
    mseq_params *p = nullptr;
    ASSERT_EQ(mseq_params_new(&p), MSEQ_OK);
    ASSERT_EQ(mseq_params_set(p, MSEQ_PARAM_WIDTH, 100), MSEQ_OK);
    std::vector<float> image(28 * 100);
    const int digits[3] = {9, 0, 7};
    EXPECT_EQ(mseq_generate(image.data(), image.size() * sizeof(float), nullptr,
                            nullptr, ds.get(), p, digits, 3, 0),
              MSEQ_OK)
        << mseq_last_error();
    mseq_params_free(p);
    // Glyphs were drawn: some pixels are dark, not all background.
    EXPECT_LT(*std::min_element(image.begin(), image.end()), 0.5f);
}

TEST(Dataset, ExplicitPathIsRead) {
    const char *env = std::getenv("MNISTSEQ_DATA");
    ASSERT_NE(env, nullptr) << "the tests run with MNISTSEQ_DATA set";
    capi_test::Dataset ds(MSEQ_SPLIT_TEST, env);
    ASSERT_EQ(ds.rc(), MSEQ_OK) << mseq_last_error();
    const char *ip = nullptr, *lp = nullptr;
    ASSERT_EQ(mseq_dataset_files(&ip, &lp, ds), MSEQ_OK);
    EXPECT_EQ(std::string(ip).rfind(env, 0), 0u) << ip;
}

// Counts of each label in a written split.
std::array<size_t, 10> label_counts(const IdxSplit &s) {
    std::array<size_t, 10> counts{};
    for (uint8_t l : s.labels) ++counts[l];
    return counts;
}

void expect_written(const TempDir &dir, const IdxSpec &spec, mseq_split split) {
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), spec);
    capi_test::Dataset ds(split, dir.path().c_str());
    ASSERT_EQ(ds.rc(), MSEQ_OK) << mseq_last_error();
    uint32_t rows = 0, cols = 0;
    ASSERT_EQ(mseq_glyph_size(&rows, &cols, ds), MSEQ_OK);
    EXPECT_EQ(rows, spec.rows);
    EXPECT_EQ(cols, spec.cols);
    const std::array<size_t, 10> want = label_counts(s);
    for (int d = 0; d < 10; ++d) {
        size_t n = 99999;
        ASSERT_EQ(mseq_class_count(&n, ds, d), MSEQ_OK);
        EXPECT_EQ(n, want[static_cast<size_t>(d)]) << "digit " << d;
    }
    size_t all = 0;
    ASSERT_EQ(mseq_class_count(&all, ds, -1), MSEQ_OK);
    EXPECT_EQ(all, spec.count);
    const char *ip = nullptr, *lp = nullptr;
    ASSERT_EQ(mseq_dataset_files(&ip, &lp, ds), MSEQ_OK);
    EXPECT_EQ(std::string(ip), s.images_path);
    EXPECT_EQ(std::string(lp), s.labels_path);
}

TEST(Dataset, WrittenSplitsUnderEveryNaming) {
    for (bool gzip : {false, true}) {
        for (auto naming :
             {mseq_test::IdxNaming::dash, mseq_test::IdxNaming::dot}) {
            SCOPED_TRACE(
                std::string(gzip ? "gzip " : "raw ") +
                (naming == mseq_test::IdxNaming::dash ? "dash" : "dot"));
            TempDir dir;
            IdxSpec spec;
            spec.count = 47;
            spec.gzip = gzip;
            spec.naming = naming;
            expect_written(dir, spec, MSEQ_SPLIT_TRAIN);
        }
    }
}

TEST(Dataset, TestSplitAndOtherGlyphSizes) {
    TempDir dir;
    IdxSpec spec;
    spec.split = "t10k";
    spec.count = 25;
    spec.rows = 20;
    spec.cols = 12;
    expect_written(dir, spec, MSEQ_SPLIT_TEST);
}

TEST(Dataset, DefaultLookupFollowsMnistseqData) {
    TempDir dir;
    IdxSpec spec;
    spec.count = 13;
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), spec);
    const std::string saved = std::getenv("MNISTSEQ_DATA");
    ASSERT_EQ(setenv("MNISTSEQ_DATA", dir.path().c_str(), 1), 0);
    mseq_dataset *ds = nullptr;
    const int rc = mseq_open(&ds, nullptr, MSEQ_SPLIT_TRAIN);
    const std::string message = mseq_last_error();
    size_t all = 0;
    if (rc == MSEQ_OK) mseq_class_count(&all, ds, -1);
    mseq_free(ds);
    // And a folder without data: ENOTFOUND naming the variable.
    TempDir empty;
    ASSERT_EQ(setenv("MNISTSEQ_DATA", empty.path().c_str(), 1), 0);
    expect_error(
        [&] {
            mseq_dataset *none = kUntouched;
            const int r = mseq_open(&none, nullptr, MSEQ_SPLIT_TRAIN);
            EXPECT_EQ(none, kUntouched);
            return r;
        },
        MSEQ_ENOTFOUND,
        {"MNISTSEQ_DATA", empty.path(), "train-images-idx3-ubyte"});
    ASSERT_EQ(setenv("MNISTSEQ_DATA", saved.c_str(), 1), 0);
    ASSERT_EQ(rc, MSEQ_OK) << message;
    EXPECT_EQ(all, 13u);
}

struct Broken {
    const char *what;
    IdxFault fault;
    IdxTarget target;
    bool gzip;
    const char *needle;  // besides the faulty file's name
};

TEST(Dataset, BrokenFilesAreNamedWithTheirFault) {
    const Broken cases[] = {
        {"wrong images magic", IdxFault::wrong_magic, IdxTarget::images, false,
         "magic"},
        {"wrong labels magic", IdxFault::wrong_magic, IdxTarget::labels, false,
         "magic"},
        {"truncated images", IdxFault::truncated, IdxTarget::images, false,
         "truncated"},
        {"truncated labels", IdxFault::truncated, IdxTarget::labels, false,
         "truncated"},
        {"truncated gzip images", IdxFault::truncated, IdxTarget::images, true,
         "truncated"},
        {"trailing bytes", IdxFault::trailing_bytes, IdxTarget::images, false,
         "trailing"},
        {"label 10", IdxFault::bad_label, IdxTarget::labels, false, "10"},
        {"zero rows", IdxFault::zero_rows, IdxTarget::images, false, "rows"},
        {"zero cols", IdxFault::zero_cols, IdxTarget::images, false, "col"},
    };
    for (const Broken &c : cases) {
        SCOPED_TRACE(c.what);
        TempDir dir;
        IdxSpec spec;
        spec.fault = c.fault;
        spec.target = c.target;
        spec.gzip = c.gzip;
        const IdxSplit s = mseq_test::write_idx_split(dir.path(), spec);
        const std::string file = base_name(
            c.target == IdxTarget::images ? s.images_path : s.labels_path);
        expect_error(
            [&] {
                mseq_dataset *ds = kUntouched;
                const int rc =
                    mseq_open(&ds, dir.path().c_str(), MSEQ_SPLIT_TRAIN);
                EXPECT_EQ(ds, kUntouched) << "output written on failure";
                return rc;
            },
            MSEQ_EFORMAT, {file, c.needle});
        EXPECT_STREQ(mseq_strerror(MSEQ_EFORMAT), "malformed data file");
    }
}

TEST(Dataset, MismatchedCountsNameBothFiles) {
    TempDir dir;
    IdxSpec spec;
    spec.count = 30;
    spec.fault = IdxFault::count_mismatch;
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), spec);
    expect_error(
        [&] {
            mseq_dataset *ds = kUntouched;
            return mseq_open(&ds, dir.path().c_str(), MSEQ_SPLIT_TRAIN);
        },
        MSEQ_EFORMAT,
        {base_name(s.images_path), base_name(s.labels_path), "30", "29"});
}

TEST(Dataset, MissingFiles) {
    TempDir dir;
    const std::string nowhere = dir.file("no-such-folder");
    expect_error(
        [&] {
            mseq_dataset *ds = kUntouched;
            const int rc = mseq_open(&ds, nowhere.c_str(), MSEQ_SPLIT_TRAIN);
            EXPECT_EQ(ds, kUntouched);
            return rc;
        },
        MSEQ_ENOTFOUND, {nowhere});
    EXPECT_STREQ(mseq_strerror(MSEQ_ENOTFOUND), "data files not found");
    // Images without labels.
    IdxSpec spec;
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), spec);
    ASSERT_EQ(std::remove(s.labels_path.c_str()), 0);
    expect_error(
        [&] {
            mseq_dataset *ds = kUntouched;
            return mseq_open(&ds, dir.path().c_str(), MSEQ_SPLIT_TRAIN);
        },
        MSEQ_ENOTFOUND, {dir.path(), "train-labels-idx1-ubyte"});
    // A train split does not make a test split.
    expect_error(
        [&] {
            mseq_dataset *ds = kUntouched;
            return mseq_open(&ds, dir.path().c_str(), MSEQ_SPLIT_TEST);
        },
        MSEQ_ENOTFOUND, {"t10k-images-idx3-ubyte"});
}

TEST(Dataset, VeryLongPathsGiveACutMessage) {
    const std::string path = "/" + std::string(6000, 'x');
    expect_error(
        [&] {
            mseq_dataset *ds = nullptr;
            return mseq_open(&ds, path.c_str(), MSEQ_SPLIT_TRAIN);
        },
        MSEQ_ENOTFOUND, {"/xxxxxxxx"});
    const std::string message = mseq_last_error();
    EXPECT_LT(message.size(), 4096u);
    EXPECT_GT(message.size(), 4000u);
    EXPECT_EQ(message.substr(message.size() - 3), "...");
}

TEST(Dataset, OpenArgumentErrors) {
    expect_error([] { return mseq_open(nullptr, nullptr, MSEQ_SPLIT_TRAIN); },
                 MSEQ_EINVAL, {"mseq_open", "out is NULL"});
    for (int split : {2, -1, 100}) {
        expect_error(
            [&] {
                mseq_dataset *ds = kUntouched;
                const int rc = c_open(&ds, nullptr, split);
                EXPECT_EQ(ds, kUntouched);
                return rc;
            },
            MSEQ_EINVAL, {"mseq_open", "split " + std::to_string(split)});
    }
    expect_error(
        [] {
            mseq_dataset *ds = kUntouched;
            return mseq_open(&ds, "", MSEQ_SPLIT_TRAIN);
        },
        MSEQ_EINVAL, {"mseq_open", "path is empty"});
}

TEST(Dataset, QueryArgumentErrors) {
    const mseq_dataset *ds = capi_test::train();
    uint32_t rows = 7, cols = 7;
    expect_error([&] { return mseq_glyph_size(nullptr, &cols, ds); },
                 MSEQ_EINVAL, {"mseq_glyph_size", "rows is NULL"});
    expect_error([&] { return mseq_glyph_size(&rows, nullptr, ds); },
                 MSEQ_EINVAL, {"mseq_glyph_size", "cols is NULL"});
    expect_error([&] { return mseq_glyph_size(&rows, &cols, nullptr); },
                 MSEQ_EINVAL, {"mseq_glyph_size", "ds is NULL"});
    EXPECT_EQ(rows, 7u);
    EXPECT_EQ(cols, 7u);

    size_t n = 5;
    for (int digit : {10, -2, 1000}) {
        expect_error([&] { return mseq_class_count(&n, ds, digit); },
                     MSEQ_EINVAL,
                     {"mseq_class_count", "digit " + std::to_string(digit)});
    }
    expect_error([&] { return mseq_class_count(nullptr, ds, 1); }, MSEQ_EINVAL,
                 {"mseq_class_count", "count is NULL"});
    expect_error([&] { return mseq_class_count(&n, nullptr, 1); }, MSEQ_EINVAL,
                 {"mseq_class_count", "ds is NULL"});
    EXPECT_EQ(n, 5u);

    const char *ip = "keep", *lp = "keep";
    expect_error([&] { return mseq_dataset_files(nullptr, &lp, ds); },
                 MSEQ_EINVAL, {"mseq_dataset_files", "images is NULL"});
    expect_error([&] { return mseq_dataset_files(&ip, nullptr, ds); },
                 MSEQ_EINVAL, {"mseq_dataset_files", "labels is NULL"});
    expect_error([&] { return mseq_dataset_files(&ip, &lp, nullptr); },
                 MSEQ_EINVAL, {"mseq_dataset_files", "ds is NULL"});
    EXPECT_STREQ(ip, "keep");
    EXPECT_STREQ(lp, "keep");
}

TEST(Dataset, FreeNullIsANoOp) {
    mseq_free(nullptr);
    SUCCEED();
}

}  // namespace
