// QMNIST's writer columns (qmnist_writers.hpp): every fault of a file the
// test makes, and the real files when MNISTSEQ_QMNIST_DIR names their
// folder (skipped without it, failed under CI=true), read back here column
// by column.
#include "input/qmnist_writers.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "input/file_bytes.hpp"
#include "input/idx_reader.hpp"
#include "scratch_dir.hpp"
#include "skip_unless_ci.hpp"

namespace {

void put32(std::vector<uint8_t> &out, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) {
        out.push_back(static_cast<uint8_t>(v >> shift));
    }
}

uint32_t get32(const uint8_t *p) {
    return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 |
           p[3];
}

// A file of one row per label: class, series (i % 2), writer id (i / 3),
// then five columns of noise.
std::vector<uint8_t> qmnist_bytes(const std::vector<uint8_t> &labels,
                                  uint32_t magic = mseq::kQmnistMagic,
                                  uint32_t columns = mseq::kQmnistColumns) {
    std::vector<uint8_t> out;
    put32(out, magic);
    put32(out, static_cast<uint32_t>(labels.size()));
    put32(out, columns);
    for (size_t i = 0; i < labels.size(); ++i) {
        put32(out, labels[i]);
        put32(out, static_cast<uint32_t>(i % 2));
        put32(out, static_cast<uint32_t>(i / 3));
        for (uint32_t c = 3; c < columns; ++c) put32(out, 0xdeadbeef);
    }
    return out;
}

const std::vector<uint8_t> kLabels = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8};

std::string error_of(const std::vector<uint8_t> &bytes,
                     const std::vector<uint8_t> &labels, bool exact) {
    try {
        mseq::parse_qmnist_writers(bytes.data(), bytes.size(), labels, exact,
                                   "w.idx");
    } catch (const mseq::Error &e) {
        EXPECT_EQ(e.code(), MSEQ_EFORMAT) << e.what();
        return e.what();
    }
    ADD_FAILURE() << "no mseq::Error thrown";
    return "";
}

TEST(QmnistWriters, WritersArePairsOfSeriesAndIdNumberedInOrder) {
    const auto bytes = qmnist_bytes(kLabels);
    const mseq::Writers w = mseq::parse_qmnist_writers(
        bytes.data(), bytes.size(), kLabels, true, "w.idx");
    ASSERT_EQ(w.of.size(), kLabels.size());
    EXPECT_EQ(w.path, "w.idx");
    std::vector<uint64_t> seen;
    for (size_t i = 0; i < kLabels.size(); ++i) {
        const uint64_t id = uint64_t{i % 2} << 32 | (i / 3);
        ASSERT_LT(w.of[i], w.ids.size());
        EXPECT_EQ(w.ids[w.of[i]], id) << i;
        bool known = false;
        for (uint64_t s : seen) known = known || s == id;
        if (!known) {
            // a new writer gets the next number
            EXPECT_EQ(w.of[i], seen.size()) << i;
            seen.push_back(id);
        }
    }
    // writer id 0 in series 0 and in series 1 are two writers
    EXPECT_NE(w.of[0], w.of[1]);
    EXPECT_EQ(w.of[0], w.of[2]);
    EXPECT_EQ(w.ids.size(), seen.size());
}

TEST(QmnistWriters, TheTestFileMayHoldMoreRowsThanItsSplit) {
    const std::vector<uint8_t> first(kLabels.begin(), kLabels.begin() + 7);
    const auto bytes = qmnist_bytes(kLabels);
    const mseq::Writers w = mseq::parse_qmnist_writers(
        bytes.data(), bytes.size(), first, false, "t.idx");
    EXPECT_EQ(w.of.size(), first.size());
    // ... but not the train file
    EXPECT_EQ(error_of(bytes, first, true),
              "w.idx: 12 rows for the 7 images of its split");
}

TEST(QmnistWriters, EveryFaultNamesTheFile) {
    const auto good = qmnist_bytes(kLabels);
    EXPECT_EQ(error_of(qmnist_bytes(kLabels, 0x00000801), kLabels, true),
              "w.idx: not a QMNIST extended labels file (magic 0x00000801, "
              "expected 0x00000c02)");
    EXPECT_EQ(
        error_of(qmnist_bytes(kLabels, mseq::kQmnistMagic, 7), kLabels, true),
        "w.idx: not a QMNIST extended labels file (7 columns, "
        "expected 8)");
    EXPECT_EQ(error_of({good.begin(), good.begin() + 11}, kLabels, true),
              "w.idx: not a QMNIST extended labels file (shorter than its "
              "12-byte header)");
    const std::vector<uint8_t> more(kLabels.size() + 1, 1);
    EXPECT_EQ(error_of(good, more, false),
              "w.idx: 12 rows for the 13 images of its split (at least)");
    EXPECT_EQ(error_of({good.begin(), good.end() - 1}, kLabels, true),
              "w.idx: truncated: 383 bytes of rows, the header announces 384");
    auto longer = good;
    longer.push_back(0);
    EXPECT_EQ(error_of(longer, kLabels, true),
              "w.idx: trailing bytes after its 12 rows");
    auto other = kLabels;
    other[5] = 7;
    EXPECT_EQ(error_of(good, other, true),
              "w.idx: row 5 has class 9, the IDX labels 7 (not the extended "
              "labels of these images)");
    // a header announcing more rows than any digit set holds
    std::vector<uint8_t> huge;
    put32(huge, mseq::kQmnistMagic);
    put32(huge, 0x40000000);
    put32(huge, 8);
    EXPECT_EQ(error_of(huge, {}, false),
              "w.idx: 1073741824 rows, more than any digit set");
}

TEST(QmnistWriters, ReadsAFileAndRefusesTrailingBytesOrNone) {
    mseq_test::ScratchDir dir;
    const std::string path = dir.path() + "/w.idx";
    {
        std::ofstream f(path, std::ios::binary);
        const auto bytes = qmnist_bytes(kLabels);
        f.write(reinterpret_cast<const char *>(bytes.data()),
                static_cast<std::streamsize>(bytes.size()));
    }
    EXPECT_EQ(mseq::read_qmnist_writers(path, kLabels, true).of.size(), 12u);
    {
        std::ofstream f(path, std::ios::binary | std::ios::app);
        f.put('x');
    }
    try {
        mseq::read_qmnist_writers(path, kLabels, true);
        ADD_FAILURE() << "trailing byte accepted";
    } catch (const mseq::Error &e) {
        EXPECT_EQ(std::string(e.what()),
                  path + ": trailing bytes after its 12 rows");
    }
    try {
        mseq::read_qmnist_writers(dir.path() + "/none.idx", kLabels, true);
        ADD_FAILURE() << "missing file accepted";
    } catch (const mseq::Error &e) {
        EXPECT_EQ(e.code(), MSEQ_EIO);
        EXPECT_NE(std::string(e.what()).find(dir.path() + "/none.idx"),
                  std::string::npos);
    }
}

// ------------------------------------------------------- the real files

std::string qmnist_dir() {
    const char *dir = std::getenv("MNISTSEQ_QMNIST_DIR");
    return dir != nullptr ? dir : "";
}

std::vector<uint8_t> mnist_labels(const char *name) {
    const std::string path = std::string(MNISTSEQ_TEST_DATA_DIR) + "/" + name;
    const mseq::FileBytes f = mseq::read_file_bytes(path, size_t{1} << 20);
    return mseq::parse_idx_labels(f.data.data(), f.data.size(), path, f.more);
}

// The writer (series << 32 | id) of each of the first `count` rows of a
// real file, decoded here from its columns.
std::vector<uint64_t> writer_column(const std::string &path, size_t count) {
    const mseq::FileBytes f = mseq::read_file_bytes(path, size_t{1} << 26);
    std::vector<uint64_t> out;
    for (size_t i = 0; i < count; ++i) {
        const uint8_t *row = f.data.data() + 12 + i * 32;
        out.push_back(uint64_t{get32(row + 4)} << 32 | get32(row + 8));
    }
    return out;
}

TEST(QmnistWriters, RealFilesMatchMnistAndTheirWritersAreDisjoint) {
    const std::string dir = qmnist_dir();
    if (dir.empty()) {
        MSEQ_SKIP_UNLESS_CI(
            "MNISTSEQ_QMNIST_DIR does not name the QMNIST extended labels");
    }
    const std::string train_path = dir + "/qmnist-train-labels-idx2-int.gz";
    const std::string test_path = dir + "/qmnist-test-labels-idx2-int.gz";
    const auto train_labels = mnist_labels("train-labels-idx1-ubyte");
    const auto test_labels = mnist_labels("t10k-labels-idx1-ubyte");
    const mseq::Writers train =
        mseq::read_qmnist_writers(train_path, train_labels, true);
    const mseq::Writers test =
        mseq::read_qmnist_writers(test_path, test_labels, false);
    ASSERT_EQ(train.of.size(), 60000u);
    ASSERT_EQ(test.of.size(), 10000u);
    const auto train_ids = writer_column(train_path, 60000);
    const auto test_ids = writer_column(test_path, 10000);
    for (size_t i = 0; i < train_ids.size(); ++i) {
        ASSERT_EQ(train.ids[train.of[i]], train_ids[i]) << i;
    }
    for (size_t i = 0; i < test_ids.size(); ++i) {
        ASSERT_EQ(test.ids[test.of[i]], test_ids[i]) << i;
    }
    // every writer numbered once, and no writer in both splits
    const std::set<uint64_t> a(train.ids.begin(), train.ids.end());
    const std::set<uint64_t> b(test.ids.begin(), test.ids.end());
    EXPECT_EQ(a.size(), train.ids.size());
    EXPECT_EQ(b.size(), test.ids.size());
    EXPECT_EQ(a, std::set<uint64_t>(train_ids.begin(), train_ids.end()));
    for (uint64_t id : b) {
        EXPECT_EQ(a.count(id), 0u) << "writer " << (id >> 32) << "/"
                                   << (id & 0xffffffffu) << " in both splits";
    }
    // the test file is not the train split's, nor the train file the test's
    EXPECT_THROW(mseq::read_qmnist_writers(test_path, train_labels, true),
                 mseq::Error);
    EXPECT_THROW(mseq::read_qmnist_writers(train_path, test_labels, false),
                 mseq::Error);
}

}  // namespace
