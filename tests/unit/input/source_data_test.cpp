// Loading a split of an IDX data set (source_data.hpp): file lookup under both
// naming conventions, raw and gzip, every fault, the default lookup, and the
// real MNIST and Fashion-MNIST.
#include "input/source_data.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>  // setenv, unsetenv (POSIX)
#include <unistd.h>  // geteuid

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "common/error.hpp"
#include "idx_files.hpp"
#include "skip_unless_ci.hpp"

namespace {

using mseq_test::IdxFault;
using mseq_test::IdxNaming;
using mseq_test::IdxSpec;
using mseq_test::IdxSplit;
using mseq_test::IdxTarget;

bool contains(const std::string &text, const std::string &part) {
    return text.find(part) != std::string::npos;
}

// Loads and returns the error (code and message) it must fail with.
struct Failure {
    int code = 0;
    std::string message;
};
Failure load_failure(const std::string &dir,
                     mseq::Split split = mseq::Split::train) {
    try {
        mseq::load_source_data(dir, split);
    } catch (const mseq::Error &e) {
        return {e.code(), e.what()};
    }
    ADD_FAILURE() << "loading " << dir << " did not fail";
    return {};
}

// Sets (or unsets, with nullopt) an environment variable for its lifetime.
class EnvVar {
public:
    EnvVar(const char *name, const std::optional<std::string> &value)
        : name_(name) {
        if (const char *old = std::getenv(name)) old_ = old;
        if (value) {
            setenv(name, value->c_str(), 1);
        } else {
            unsetenv(name);
        }
    }
    ~EnvVar() {
        if (old_) {
            setenv(name_, old_->c_str(), 1);
        } else {
            unsetenv(name_);
        }
    }
    EnvVar(const EnvVar &) = delete;
    EnvVar &operator=(const EnvVar &) = delete;

private:
    const char *name_;
    std::optional<std::string> old_;
};

// The dataset holds exactly what was written, indexed by class.
void expect_same(const mseq::SourceData &ds, const IdxSplit &s) {
    EXPECT_EQ(ds.rows, s.rows);
    EXPECT_EQ(ds.cols, s.cols);
    EXPECT_EQ(ds.size(), s.count);
    EXPECT_EQ(ds.pixels, s.pixels);
    EXPECT_EQ(ds.labels, s.labels);
    EXPECT_EQ(ds.images_path, s.images_path);
    EXPECT_EQ(ds.labels_path, s.labels_path);
    for (uint8_t digit = 0; digit < 10; ++digit) {
        std::vector<uint32_t> expected;
        for (uint32_t i = 0; i < s.count; ++i) {
            if (s.labels[i] == digit) expected.push_back(i);
        }
        EXPECT_EQ(ds.by_class[digit], expected) << "digit " << int{digit};
    }
    // One glyph, through the accessor.
    if (s.count > 1) {
        const size_t per = size_t{s.rows} * s.cols;
        EXPECT_EQ(std::vector<uint8_t>(ds.glyph(1), ds.glyph(1) + per),
                  std::vector<uint8_t>(s.pixels.begin() + per,
                                       s.pixels.begin() + 2 * per));
    }
}

class SourceDataLoad : public ::testing::Test {
protected:
    mseq_test::TempDir dir;
};

// --------------------------------------------------------- good data sets

TEST_F(SourceDataLoad, RawDashNames) {
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), {});
    expect_same(mseq::load_source_data(dir.path(), mseq::Split::train), s);
}

TEST_F(SourceDataLoad, GzipDashNames) {
    IdxSpec spec;
    spec.gzip = true;
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), spec);
    EXPECT_TRUE(contains(s.images_path, "train-images-idx3-ubyte.gz"));
    expect_same(mseq::load_source_data(dir.path(), mseq::Split::train), s);
}

TEST_F(SourceDataLoad, RawDotNames) {
    IdxSpec spec;
    spec.naming = IdxNaming::dot;
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), spec);
    EXPECT_TRUE(contains(s.images_path, "train-images.idx3-ubyte"));
    expect_same(mseq::load_source_data(dir.path(), mseq::Split::train), s);
}

TEST_F(SourceDataLoad, GzipDotNames) {
    IdxSpec spec;
    spec.naming = IdxNaming::dot;
    spec.gzip = true;
    spec.split = "t10k";
    spec.count = 47;
    spec.rows = 20;
    spec.cols = 12;
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), spec);
    expect_same(mseq::load_source_data(dir.path(), mseq::Split::test), s);
}

TEST_F(SourceDataLoad, TrailingSlashInTheDirectory) {
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), {});
    const mseq::SourceData ds =
        mseq::load_source_data(dir.path() + "/", mseq::Split::train);
    EXPECT_EQ(ds.pixels, s.pixels);
}

TEST_F(SourceDataLoad, SplitsReadTheirOwnFiles) {
    IdxSpec train;
    train.count = 30;
    IdxSpec test;
    test.split = "t10k";
    test.count = 12;
    test.gzip = true;
    const IdxSplit s_train = mseq_test::write_idx_split(dir.path(), train);
    const IdxSplit s_test = mseq_test::write_idx_split(dir.path(), test);
    expect_same(mseq::load_source_data(dir.path(), mseq::Split::train),
                s_train);
    expect_same(mseq::load_source_data(dir.path(), mseq::Split::test), s_test);
}

TEST_F(SourceDataLoad, RawDashNameIsPreferredWhenSeveralExist) {
    IdxSpec gz;
    gz.gzip = true;
    gz.count = 10;
    IdxSpec dot;
    dot.naming = IdxNaming::dot;
    dot.count = 11;
    IdxSpec dash;
    dash.count = 12;
    mseq_test::write_idx_split(dir.path(), gz);
    mseq_test::write_idx_split(dir.path(), dot);
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), dash);
    expect_same(mseq::load_source_data(dir.path(), mseq::Split::train), s);
}

TEST_F(SourceDataLoad, ImagesAndLabelsMayUseDifferentNamesAndEncodings) {
    IdxSpec raw_dash;  // gives the images
    IdxSpec gz_dot;    // gives the labels
    gz_dot.naming = IdxNaming::dot;
    gz_dot.gzip = true;
    const IdxSplit a = mseq_test::write_idx_split(dir.path(), raw_dash);
    const IdxSplit b = mseq_test::write_idx_split(dir.path(), gz_dot);
    std::filesystem::remove(a.labels_path);
    std::filesystem::remove(b.images_path);
    const mseq::SourceData ds =
        mseq::load_source_data(dir.path(), mseq::Split::train);
    EXPECT_EQ(ds.images_path, a.images_path);
    EXPECT_EQ(ds.labels_path, b.labels_path);
    EXPECT_EQ(ds.labels, a.labels);
}

// ----------------------------------------------------------------- faults

struct FaultCase {
    IdxFault fault;
    IdxTarget target;
    bool gzip;
    const char *expected;  // part of the message after "<file>: "
};

std::string fault_name(const ::testing::TestParamInfo<FaultCase> &info) {
    static const char *const names[] = {
        "none",      "wrong_magic",    "truncated", "trailing_bytes",
        "bad_label", "count_mismatch", "zero_rows", "zero_cols"};
    return std::string(names[static_cast<int>(info.param.fault)]) +
           (info.param.target == IdxTarget::images ? "_images" : "_labels") +
           (info.param.gzip ? "_gzip" : "_raw");
}

class SourceDataFault : public ::testing::TestWithParam<FaultCase> {
protected:
    mseq_test::TempDir dir;
};

TEST_P(SourceDataFault, IsAFormatErrorNamingTheFileAndTheFault) {
    const FaultCase c = GetParam();
    IdxSpec spec;
    spec.fault = c.fault;
    spec.target = c.target;
    spec.gzip = c.gzip;
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), spec);
    const Failure f = load_failure(dir.path());
    EXPECT_EQ(f.code, MSEQ_EFORMAT) << f.message;
    const std::string &file =
        c.target == IdxTarget::images ? s.images_path : s.labels_path;
    EXPECT_TRUE(contains(f.message, file + ": " + c.expected)) << f.message;
}

constexpr IdxTarget kImg = IdxTarget::images;
constexpr IdxTarget kLbl = IdxTarget::labels;

INSTANTIATE_TEST_SUITE_P(
    EveryFault, SourceDataFault,
    ::testing::Values(
        FaultCase{IdxFault::wrong_magic, kImg, false, "wrong magic 0x00000804"},
        FaultCase{IdxFault::wrong_magic, kImg, true, "wrong magic 0x00000804"},
        FaultCase{IdxFault::wrong_magic, kLbl, false, "wrong magic 0x00000802"},
        FaultCase{IdxFault::wrong_magic, kLbl, true, "wrong magic 0x00000802"},
        FaultCase{IdxFault::truncated, kImg, false,
                  "truncated: header says 30 images"},
        FaultCase{IdxFault::truncated, kImg, true,
                  "truncated: header says 30 images"},
        FaultCase{IdxFault::truncated, kLbl, false,
                  "truncated: header says 30 labels"},
        FaultCase{IdxFault::truncated, kLbl, true,
                  "truncated: header says 30 labels"},
        FaultCase{IdxFault::trailing_bytes, kImg, false,
                  "trailing bytes: header says 30 images"},
        FaultCase{IdxFault::trailing_bytes, kImg, true,
                  "trailing bytes: header says 30 images"},
        FaultCase{IdxFault::trailing_bytes, kLbl, false,
                  "trailing bytes: header says 30 labels"},
        FaultCase{IdxFault::trailing_bytes, kLbl, true,
                  "trailing bytes: header says 30 labels"},
        FaultCase{IdxFault::bad_label, kLbl, false,
                  "label 10 at index 15 is outside 0-9"},
        FaultCase{IdxFault::bad_label, kLbl, true,
                  "label 10 at index 15 is outside 0-9"},
        FaultCase{IdxFault::zero_rows, kImg, false, "bad image size 0x28"},
        FaultCase{IdxFault::zero_rows, kImg, true, "bad image size 0x28"},
        FaultCase{IdxFault::zero_cols, kImg, false, "bad image size 28x0"},
        FaultCase{IdxFault::zero_cols, kImg, true, "bad image size 28x0"}),
    fault_name);

TEST_F(SourceDataLoad, TrailingBytesAreCountedExactly) {
    IdxSpec spec;
    spec.fault = IdxFault::trailing_bytes;
    spec.gzip = true;
    mseq_test::write_idx_split(dir.path(), spec);
    const Failure f = load_failure(dir.path());
    const size_t expected = 16 + 30 * 28 * 28;
    EXPECT_TRUE(contains(
        f.message, "(" + std::to_string(expected) + " bytes), file holds " +
                       std::to_string(expected + 3) + " bytes"))
        << f.message;
}

TEST_F(SourceDataLoad, CountMismatchNamesBothFiles) {
    for (bool gzip : {false, true}) {
        mseq_test::TempDir d;
        IdxSpec spec;
        spec.fault = IdxFault::count_mismatch;
        spec.gzip = gzip;
        const IdxSplit s = mseq_test::write_idx_split(d.path(), spec);
        const Failure f = load_failure(d.path());
        EXPECT_EQ(f.code, MSEQ_EFORMAT);
        EXPECT_TRUE(contains(f.message, s.images_path +
                                            " holds 30 images but " +
                                            s.labels_path + " holds 29 labels"))
            << f.message;
    }
}

TEST_F(SourceDataLoad, NoImagesAtAll) {
    IdxSpec spec;
    spec.count = 0;
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), spec);
    const Failure f = load_failure(dir.path());
    EXPECT_EQ(f.code, MSEQ_EFORMAT);
    EXPECT_TRUE(contains(f.message, s.images_path + ": holds no images"))
        << f.message;
}

TEST_F(SourceDataLoad, MissingDirectory) {
    const std::string missing = dir.file("no-such-dir");
    const Failure f = load_failure(missing);
    EXPECT_EQ(f.code, MSEQ_ENOTFOUND);
    EXPECT_TRUE(contains(f.message, missing + ": no such data directory"))
        << f.message;
    EXPECT_TRUE(contains(f.message,
                         "train-images-idx3-ubyte, train-images.idx3-ubyte, "
                         "train-images-idx3-ubyte.gz, "
                         "train-images.idx3-ubyte.gz"))
        << f.message;
}

TEST_F(SourceDataLoad, AFileIsNotADataDirectory) {
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), {});
    const Failure f = load_failure(s.images_path);
    EXPECT_EQ(f.code, MSEQ_ENOTFOUND);
    EXPECT_TRUE(contains(f.message, s.images_path + ": no such data directory"))
        << f.message;
}

TEST_F(SourceDataLoad, EmptyDirectoryListsTheImageNamesTried) {
    const Failure f = load_failure(dir.path(), mseq::Split::test);
    EXPECT_EQ(f.code, MSEQ_ENOTFOUND);
    EXPECT_TRUE(contains(f.message, dir.path() + ": no t10k images file"))
        << f.message;
    EXPECT_TRUE(
        contains(f.message,
                 "t10k-images-idx3-ubyte, t10k-images.idx3-ubyte, "
                 "t10k-images-idx3-ubyte.gz, t10k-images.idx3-ubyte.gz"))
        << f.message;
}

TEST_F(SourceDataLoad, MissingLabelsListsTheLabelNamesTried) {
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), {});
    std::filesystem::remove(s.labels_path);
    const Failure f = load_failure(dir.path());
    EXPECT_EQ(f.code, MSEQ_ENOTFOUND);
    EXPECT_TRUE(contains(f.message, dir.path() + ": no train labels file"))
        << f.message;
    EXPECT_TRUE(contains(f.message,
                         "train-labels-idx1-ubyte, "
                         "train-labels.idx1-ubyte, "
                         "train-labels-idx1-ubyte.gz, "
                         "train-labels.idx1-ubyte.gz"))
        << f.message;
}

TEST_F(SourceDataLoad, OtherSplitOnlyIsNotFound) {
    IdxSpec spec;
    spec.split = "t10k";
    mseq_test::write_idx_split(dir.path(), spec);
    EXPECT_EQ(load_failure(dir.path(), mseq::Split::train).code,
              MSEQ_ENOTFOUND);
}

TEST_F(SourceDataLoad, UnreadableFileIsAnIoError) {
    // The images name a link to /proc/self/mem: a regular file, found and
    // opened, whose first read fails with EIO (root included, unlike a
    // permission test).
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), {});
    std::filesystem::remove(s.images_path);
    std::filesystem::create_symlink("/proc/self/mem", s.images_path);
    const Failure f = load_failure(dir.path());
    EXPECT_EQ(f.code, MSEQ_EIO);
    EXPECT_TRUE(contains(f.message,
                         s.images_path + ": cannot read: Input/output error"))
        << f.message;
}

TEST_F(SourceDataLoad, DirectoryUnderADataFileNameIsNotARegularFile) {
    // Found, but refused when opened: data files must be regular files.
    // (A directory used to fail on its first read: "cannot read: Is a
    // directory".)
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), {});
    std::filesystem::remove(s.images_path);
    std::filesystem::create_directory(s.images_path);
    const Failure f = load_failure(dir.path());
    EXPECT_EQ(f.code, MSEQ_EIO);
    EXPECT_TRUE(contains(f.message,
                         s.images_path + ": not a regular file (a directory)"))
        << f.message;
}

TEST_F(SourceDataLoad, FileWithoutReadPermissionIsAnIoError) {
    if (geteuid() == 0) GTEST_SKIP() << "root reads every file";
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), {});
    std::filesystem::permissions(s.labels_path, std::filesystem::perms::none);
    const Failure f = load_failure(dir.path());
    EXPECT_EQ(f.code, MSEQ_EIO);
    EXPECT_TRUE(
        contains(f.message, s.labels_path + ": cannot open: Permission denied"))
        << f.message;
}

// ----------------------------------------------------------------- limits

// Writes a train split of header-only files (no pixels, no labels) into dir.
void write_headers(const std::string &dir, uint32_t count, uint32_t rows,
                   uint32_t cols, uint32_t label_count) {
    mseq_test::write_bytes(dir + "/train-images-idx3-ubyte",
                           mseq_test::idx_images_bytes(count, rows, cols, {}));
    mseq_test::write_bytes(dir + "/train-labels-idx1-ubyte",
                           mseq_test::idx_labels_bytes(label_count, {}));
}

// The limits are checked on the header: a split announcing too much is
// MSEQ_ERANGE even when its files hold nothing more (a truncated file would
// be MSEQ_EFORMAT), and a count within the limits is then truncated.
TEST_F(SourceDataLoad, ImageCountPastTheLimitIsRefusedFromTheHeader) {
    write_headers(dir.path(), MSEQ_MAX_GLYPHS + 1, 1, 1, 10);
    const Failure f = load_failure(dir.path());
    EXPECT_EQ(f.code, MSEQ_ERANGE);
    EXPECT_TRUE(contains(f.message, dir.path() +
                                        "/train-images-idx3-ubyte: header "
                                        "says 16777217 images, more than "
                                        "MSEQ_MAX_GLYPHS (16777216)"))
        << f.message;
    write_headers(dir.path(), MSEQ_MAX_GLYPHS, 1, 1, 10);
    EXPECT_EQ(load_failure(dir.path()).code, MSEQ_EFORMAT);
}

TEST_F(SourceDataLoad, LabelCountPastTheLimitIsRefusedFromTheHeader) {
    IdxSpec spec;
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), spec);
    mseq_test::write_bytes(
        s.labels_path, mseq_test::idx_labels_bytes(MSEQ_MAX_GLYPHS + 1, {}));
    const Failure f = load_failure(dir.path());
    EXPECT_EQ(f.code, MSEQ_ERANGE);
    EXPECT_TRUE(contains(f.message, s.labels_path +
                                        ": header says 16777217 labels, more "
                                        "than MSEQ_MAX_GLYPHS (16777216)"))
        << f.message;
}

TEST_F(SourceDataLoad, MemoryPastTheLimitIsRefusedFromTheHeader) {
    // 1024 x 1024 glyphs: 2^21 + 17 bytes each at most, so 2047 fit in
    // MSEQ_MAX_DATA_MEMORY and 2048 do not.
    write_headers(dir.path(), 2048, 1024, 1024, 2048);
    const Failure f = load_failure(dir.path());
    EXPECT_EQ(f.code, MSEQ_ERANGE);
    EXPECT_TRUE(contains(f.message,
                         "/train-images-idx3-ubyte: header says "
                         "2048 images of 1024x1024 pixels, which "
                         "need 4295002112 bytes of memory"))
        << f.message;
    EXPECT_TRUE(contains(f.message, "MSEQ_MAX_DATA_MEMORY (4294967296)"))
        << f.message;
    write_headers(dir.path(), 2047, 1024, 1024, 2047);
    const Failure truncated = load_failure(dir.path());
    EXPECT_EQ(truncated.code, MSEQ_EFORMAT);
    EXPECT_TRUE(contains(truncated.message, "truncated")) << truncated.message;
}

// The count mismatch is told from the labels header, before its body.
TEST_F(SourceDataLoad, CountMismatchIsToldFromTheLabelsHeader) {
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), {});
    mseq_test::write_bytes(s.labels_path,
                           mseq_test::idx_labels_bytes(1000000, {}));
    const Failure f = load_failure(dir.path());
    EXPECT_EQ(f.code, MSEQ_EFORMAT);
    EXPECT_TRUE(contains(f.message, s.images_path + " holds 30 images but " +
                                        s.labels_path +
                                        " holds 1000000 "
                                        "labels"))
        << f.message;
}

// Glyphs below 64 pixels get no glyph store (its 12-byte boxes would cost
// about as much as the glyphs): the renderer reads the full glyphs.
TEST_F(SourceDataLoad, GlyphStoreOnlyForGlyphsOfSixtyFourPixelsOrMore) {
    for (const auto &[rows, cols, stored] :
         {std::tuple<uint32_t, uint32_t, bool>{5, 3, false},
          {7, 9, false},
          {8, 8, true},
          {1, 64, true},
          {28, 28, true}}) {
        mseq_test::TempDir d;
        IdxSpec spec;
        spec.rows = rows;
        spec.cols = cols;
        const IdxSplit s = mseq_test::write_idx_split(d.path(), spec);
        const mseq::SourceData ds =
            mseq::load_source_data(d.path(), mseq::Split::train);
        expect_same(ds, s);
        EXPECT_EQ(ds.store.size(), stored ? ds.size() : 0u)
            << rows << "x" << cols;
    }
}

// --------------------------------------------------------- default lookup

TEST_F(SourceDataLoad, DefaultLookupUsesMnistseqData) {
    IdxSpec spec;
    spec.count = 21;
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), spec);
    EnvVar env("MNISTSEQ_DATA", dir.path());
    expect_same(mseq::load_source_data("", mseq::Split::train), s);
}

TEST_F(SourceDataLoad, MnistseqDataThatDoesNotHoldTheFilesIsNotFound) {
    EnvVar env("MNISTSEQ_DATA", dir.path());
    const Failure f = load_failure("");
    EXPECT_EQ(f.code, MSEQ_ENOTFOUND);
    EXPECT_TRUE(contains(
        f.message, "MNISTSEQ_DATA=" + dir.path() + ": no train images file"))
        << f.message;
}

TEST_F(SourceDataLoad, ExplicitDirectoryWinsOverMnistseqData) {
    const IdxSplit s = mseq_test::write_idx_split(dir.path(), {});
    EnvVar env("MNISTSEQ_DATA", dir.file("elsewhere"));
    expect_same(mseq::load_source_data(dir.path(), mseq::Split::train), s);
}

#ifdef MNISTSEQ_TEST_DATA_DIR
TEST(DatasetDefault, WithoutMnistseqDataTheInstalledOrBuildDataIsUsed) {
    for (const char *value : {"", static_cast<const char *>(nullptr)}) {
        EnvVar env("MNISTSEQ_DATA",
                   value ? std::optional<std::string>(value) : std::nullopt);
        const mseq::SourceData ds =
            mseq::load_source_data("", mseq::Split::test);
        EXPECT_EQ(ds.size(), 10000u);
        const std::string build_dir = MNISTSEQ_TEST_DATA_DIR;
        EXPECT_TRUE(ds.images_path.rfind(build_dir, 0) == 0 ||
                    contains(ds.images_path, "share/mnistseq/"))
            << ds.images_path;
    }
}

// ------------------------------------------------------------- real MNIST

std::array<size_t, 10> class_counts(const mseq::SourceData &ds) {
    std::array<size_t, 10> counts{};
    for (size_t d = 0; d < 10; ++d) counts[d] = ds.by_class[d].size();
    return counts;
}

TEST(DatasetMnist, TrainSplit) {
    const auto start = std::chrono::steady_clock::now();
    const mseq::SourceData ds =
        mseq::load_source_data(MNISTSEQ_TEST_DATA_DIR, mseq::Split::train);
    const std::chrono::duration<double> took =
        std::chrono::steady_clock::now() - start;
    RecordProperty("load_seconds", std::to_string(took.count()));
    std::printf("MNIST train loaded in %.3f s\n", took.count());
    EXPECT_EQ(ds.size(), 60000u);
    EXPECT_EQ(ds.rows, 28u);
    EXPECT_EQ(ds.cols, 28u);
    EXPECT_EQ(ds.pixels.size(), 60000u * 28u * 28u);
    const std::array<size_t, 10> expected = {5923, 6742, 5958, 6131, 5842,
                                             5421, 5918, 6265, 5851, 5949};
    const std::array<size_t, 10> counts = class_counts(ds);
    EXPECT_EQ(counts, expected);
    EXPECT_EQ(std::accumulate(counts.begin(), counts.end(), size_t{0}),
              ds.size());
    // The first training digit of MNIST is a 5, the second a 0.
    EXPECT_EQ(ds.labels[0], 5);
    EXPECT_EQ(ds.labels[1], 0);
    for (size_t d = 0; d < 10; ++d) {
        for (uint32_t index : ds.by_class[d]) {
            ASSERT_EQ(ds.labels[index], d);
        }
    }
}

TEST(DatasetMnist, TestSplit) {
    const mseq::SourceData ds =
        mseq::load_source_data(MNISTSEQ_TEST_DATA_DIR, mseq::Split::test);
    EXPECT_EQ(ds.size(), 10000u);
    EXPECT_EQ(ds.rows, 28u);
    EXPECT_EQ(ds.cols, 28u);
    const std::array<size_t, 10> expected = {980, 1135, 1032, 1010, 982,
                                             892, 958,  1028, 974,  1009};
    const std::array<size_t, 10> counts = class_counts(ds);
    EXPECT_EQ(counts, expected);
    EXPECT_EQ(std::accumulate(counts.begin(), counts.end(), size_t{0}),
              ds.size());
    EXPECT_EQ(ds.labels[0], 7);  // the first test digit of MNIST is a 7
}
#endif

// --------------------------------------------- Fashion-MNIST (gzip, Debian)

TEST(DatasetFashionMnist, GzipSplitsFromDebian) {
    const std::string dir = "/usr/share/datasets/fashion-mnist";
    if (!std::filesystem::is_directory(dir)) {
        MSEQ_SKIP_UNLESS_CI(dir
                            << " is absent (package dataset-fashion-mnist)");
    }
    const mseq::SourceData train =
        mseq::load_source_data(dir, mseq::Split::train);
    EXPECT_EQ(train.images_path, dir + "/train-images-idx3-ubyte.gz");
    EXPECT_EQ(train.size(), 60000u);
    EXPECT_EQ(train.rows, 28u);
    EXPECT_EQ(train.cols, 28u);
    EXPECT_EQ(train.pixels.size(), 60000u * 28u * 28u);
    const mseq::SourceData test =
        mseq::load_source_data(dir, mseq::Split::test);
    EXPECT_EQ(test.size(), 10000u);
    // Fashion-MNIST is balanced: 6000 and 1000 items of each class.
    for (size_t d = 0; d < 10; ++d) {
        EXPECT_EQ(train.by_class[d].size(), 6000u) << d;
        EXPECT_EQ(test.by_class[d].size(), 1000u) << d;
    }
    // The two data sets differ: not MNIST under another name.
    EXPECT_EQ(train.labels[0], 9);  // an ankle boot
}

}  // namespace
