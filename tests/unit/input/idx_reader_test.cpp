// IDX parsing (idx_reader.hpp) and whole-file reading with gunzip
// (file_bytes.hpp), on bytes and files the tests make.
#include "input/idx_reader.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>  // mkfifo
#include <unistd.h>    // alarm, symlink

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "idx_files.hpp"
#include "input/file_bytes.hpp"

namespace {

using mseq_test::idx_images_bytes;
using mseq_test::idx_labels_bytes;
using mseq_test::idx_test_labels;
using mseq_test::idx_test_pixels;

// Runs f, which must throw mseq::Error with `code`, and returns the message.
template <typename F>
std::string error_of(F f, int code) {
    try {
        f();
    } catch (const mseq::Error &e) {
        EXPECT_EQ(e.code(), code) << e.what();
        return e.what();
    }
    ADD_FAILURE() << "no mseq::Error thrown";
    return "";
}

mseq::IdxImages parse_images(const std::vector<uint8_t> &bytes,
                             bool more = false) {
    return mseq::parse_idx_images(bytes.data(), bytes.size(), "imgs.idx", more);
}

std::vector<uint8_t> parse_labels(const std::vector<uint8_t> &bytes,
                                  bool more = false) {
    return mseq::parse_idx_labels(bytes.data(), bytes.size(), "lbls.idx", more);
}

std::string images_error(const std::vector<uint8_t> &bytes, bool more = false) {
    return error_of([&] { parse_images(bytes, more); }, MSEQ_EFORMAT);
}

std::string labels_error(const std::vector<uint8_t> &bytes, bool more = false) {
    return error_of([&] { parse_labels(bytes, more); }, MSEQ_EFORMAT);
}

// ---------------------------------------------------------------- parsing

TEST(IdxReader, ImagesRoundTrip) {
    const auto pixels = idx_test_pixels(30, 28, 28);
    const mseq::IdxImages images =
        parse_images(idx_images_bytes(30, 28, 28, pixels));
    EXPECT_EQ(images.count, 30u);
    EXPECT_EQ(images.rows, 28u);
    EXPECT_EQ(images.cols, 28u);
    EXPECT_EQ(images.pixels, pixels);
}

TEST(IdxReader, NonSquareImagesKeepRowsAndColumnsApart) {
    const auto pixels = idx_test_pixels(4, 5, 9);
    const mseq::IdxImages images =
        parse_images(idx_images_bytes(4, 5, 9, pixels));
    EXPECT_EQ(images.rows, 5u);
    EXPECT_EQ(images.cols, 9u);
    EXPECT_EQ(images.pixels, pixels);
}

TEST(IdxReader, LabelsRoundTrip) {
    const auto labels = idx_test_labels(100);
    EXPECT_EQ(parse_labels(idx_labels_bytes(100, labels)), labels);
}

TEST(IdxReader, HeadersAreTheFilesFirstBytes) {
    // Big-endian magic and sizes, as a file made independently holds them.
    const auto images = idx_images_bytes(70000, 5, 300, {});
    const auto image_header = mseq::idx_images_header(70000, 5, 300);
    EXPECT_EQ(std::vector<uint8_t>(image_header.begin(), image_header.end()),
              std::vector<uint8_t>(images.begin(), images.begin() + 16));
    const auto labels = idx_labels_bytes(70000, {});
    const auto label_header = mseq::idx_labels_header(70000);
    EXPECT_EQ(std::vector<uint8_t>(label_header.begin(), label_header.end()),
              std::vector<uint8_t>(labels.begin(), labels.begin() + 8));
}

TEST(IdxReader, AllTenDigitsAreValidLabels) {
    const std::vector<uint8_t> labels = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    EXPECT_EQ(parse_labels(idx_labels_bytes(10, labels)), labels);
}

TEST(IdxReader, FileSizeComesFromTheHeaderAlone) {
    const auto bytes = idx_images_bytes(60000, 28, 28, {});
    EXPECT_EQ(mseq::idx_images_file_size(bytes.data(), 16, "h"),
              16u + 60000u * 28u * 28u);
    const auto labels = idx_labels_bytes(10000, {});
    EXPECT_EQ(mseq::idx_labels_file_size(labels.data(), 8, "h"), 8u + 10000u);
}

TEST(IdxReader, LargestGlyphSideIsAccepted) {
    const uint32_t side = MSEQ_MAX_GLYPH_SIDE;
    const auto pixels = idx_test_pixels(1, side, side);
    const mseq::IdxImages images =
        parse_images(idx_images_bytes(1, side, side, pixels));
    EXPECT_EQ(images.rows, side);
    EXPECT_EQ(images.pixels, pixels);
}

TEST(IdxReader, EmptyFilesAreValidIdx) {
    EXPECT_EQ(parse_images(idx_images_bytes(0, 28, 28, {})).count, 0u);
    EXPECT_TRUE(parse_labels(idx_labels_bytes(0, {})).empty());
}

// ----------------------------------------------------------------- faults

TEST(IdxReader, WrongImagesMagic) {
    const auto pixels = idx_test_pixels(2, 28, 28);
    const std::string msg =
        images_error(idx_images_bytes(2, 28, 28, pixels, 0x00000804));
    EXPECT_NE(msg.find("imgs.idx: wrong magic 0x00000804"), std::string::npos)
        << msg;
    EXPECT_NE(msg.find("0x00000803"), std::string::npos) << msg;
}

TEST(IdxReader, WrongLabelsMagic) {
    const std::string msg =
        labels_error(idx_labels_bytes(2, {1, 2}, 0x00000802));
    EXPECT_NE(msg.find("lbls.idx: wrong magic 0x00000802"), std::string::npos)
        << msg;
}

TEST(IdxReader, SwappedFilesAreNamedAsSuch) {
    const std::string as_images = images_error(idx_labels_bytes(2, {1, 2}));
    EXPECT_NE(as_images.find("an IDX labels file"), std::string::npos)
        << as_images;
    const auto pixels = idx_test_pixels(2, 28, 28);
    const std::string as_labels =
        labels_error(idx_images_bytes(2, 28, 28, pixels));
    EXPECT_NE(as_labels.find("an IDX images file"), std::string::npos)
        << as_labels;
}

TEST(IdxReader, GzipBytesAreNotIdx) {
    const auto gz = mseq_test::gzip_bytes(idx_labels_bytes(2, {1, 2}));
    EXPECT_NE(labels_error(gz).find("wrong magic 0x1f8b"), std::string::npos);
}

TEST(IdxReader, ZeroAndOversizedDimensions) {
    struct Case {
        uint32_t rows, cols;
    };
    for (const Case c :
         {Case{0, 28}, Case{28, 0}, Case{0, 0},
          Case{MSEQ_MAX_GLYPH_SIDE + 1, 28}, Case{28, MSEQ_MAX_GLYPH_SIDE + 1},
          Case{0xffffffffu, 0xffffffffu}}) {
        const std::string msg =
            images_error(idx_images_bytes(1, c.rows, c.cols, {0}));
        const std::string size =
            std::to_string(c.rows) + "x" + std::to_string(c.cols);
        EXPECT_NE(msg.find("imgs.idx: bad image size " + size),
                  std::string::npos)
            << msg;
    }
}

TEST(IdxReader, TruncatedImages) {
    auto bytes = idx_images_bytes(30, 28, 28, idx_test_pixels(30, 28, 28));
    bytes.resize(bytes.size() - 7);
    const std::string msg = images_error(bytes);
    EXPECT_NE(msg.find("imgs.idx: truncated: header says 30 images"),
              std::string::npos)
        << msg;
    EXPECT_NE(msg.find("file holds 29 ("), std::string::npos) << msg;
}

TEST(IdxReader, TruncatedLabels) {
    auto bytes = idx_labels_bytes(30, idx_test_labels(30));
    bytes.pop_back();
    const std::string msg = labels_error(bytes);
    EXPECT_NE(msg.find("lbls.idx: truncated: header says 30 labels"),
              std::string::npos)
        << msg;
    EXPECT_NE(msg.find("file holds 29 ("), std::string::npos) << msg;
}

TEST(IdxReader, TruncatedHeader) {
    const auto bytes = idx_images_bytes(30, 28, 28, {});
    for (size_t size : {0, 3, 4, 15}) {
        const std::vector<uint8_t> head(bytes.begin(), bytes.begin() + size);
        const std::string msg = images_error(head);
        EXPECT_NE(msg.find("imgs.idx: truncated: file holds " +
                           std::to_string(size) + " bytes"),
                  std::string::npos)
            << msg;
    }
    const std::vector<uint8_t> label_head = {0, 0, 8, 1, 0, 0};
    EXPECT_NE(labels_error(label_head).find("lbls.idx: truncated"),
              std::string::npos);
}

TEST(IdxReader, TrailingBytes) {
    auto images = idx_images_bytes(3, 28, 28, idx_test_pixels(3, 28, 28));
    images.push_back(0);
    const std::string msg = images_error(images);
    EXPECT_NE(msg.find("imgs.idx: trailing bytes: header says 3 images"),
              std::string::npos)
        << msg;
    EXPECT_NE(
        msg.find("file holds " + std::to_string(images.size()) + " bytes"),
        std::string::npos)
        << msg;

    auto labels = idx_labels_bytes(3, {1, 2, 3});
    labels.insert(labels.end(), {4, 5});
    EXPECT_NE(labels_error(labels).find("lbls.idx: trailing bytes"),
              std::string::npos);
}

TEST(IdxReader, ContentCutAtALimitIsTrailingWhenTheHeaderIsComplete) {
    // The caller read up to a limit and the file goes on (`more`).
    const auto images = idx_images_bytes(3, 4, 4, idx_test_pixels(3, 4, 4));
    const std::string msg = images_error(images, true);
    EXPECT_NE(msg.find("trailing bytes"), std::string::npos) << msg;
    EXPECT_NE(msg.find("more than " + std::to_string(images.size())),
              std::string::npos)
        << msg;
    EXPECT_NE(labels_error(idx_labels_bytes(1, {1}), true).find("trailing"),
              std::string::npos);
}

TEST(IdxReader, LabelOutsideZeroToNine) {
    auto labels = idx_test_labels(30);
    labels[17] = 10;
    std::string msg = labels_error(idx_labels_bytes(30, labels));
    EXPECT_NE(msg.find("lbls.idx: label 10 at index 17 is outside 0-9"),
              std::string::npos)
        << msg;
    labels[17] = 3;
    labels[29] = 255;
    msg = labels_error(idx_labels_bytes(30, labels));
    EXPECT_NE(msg.find("label 255 at index 29"), std::string::npos) << msg;
}

TEST(IdxReader, CountAboveTheSupportedMaximum) {
    const auto images = idx_images_bytes(0x80000000u, 1, 1, {});
    std::string msg =
        error_of([&] { mseq::idx_images_file_size(images.data(), 16, "big"); },
                 MSEQ_EFORMAT);
    EXPECT_NE(msg.find("big: header says 2147483648 images"), std::string::npos)
        << msg;
    const auto labels = idx_labels_bytes(0xffffffffu, {});
    msg = error_of([&] { mseq::idx_labels_file_size(labels.data(), 8, "big"); },
                   MSEQ_EFORMAT);
    EXPECT_NE(msg.find("header says 4294967295 labels"), std::string::npos)
        << msg;
}

TEST(IdxReader, AnnouncedSizeAboveTheByteLimit) {
    // 2^31 - 1 images of 1024 x 1024: 2^51 bytes, which must not wrap.
    const auto images = idx_images_bytes(mseq::kIdxMaxCount, 1024, 1024, {});
    const std::string msg =
        error_of([&] { mseq::idx_images_file_size(images.data(), 16, "huge"); },
                 MSEQ_EFORMAT);
    EXPECT_NE(msg.find("huge: header says 2147483647 images"),
              std::string::npos)
        << msg;
    EXPECT_NE(msg.find("limit"), std::string::npos) << msg;
    // Just below the limit is announced, not refused (the file is truncated).
    const uint32_t count = (1u << 30) / 784u;  // ~0.84 GB of 28 x 28 images
    const auto ok = idx_images_bytes(count, 28, 28, {});
    EXPECT_EQ(mseq::idx_images_file_size(ok.data(), 16, "ok"),
              16u + uint64_t{count} * 784u);
}

// ------------------------------------------------------------- file bytes

class FileBytes : public ::testing::Test {
protected:
    mseq_test::TempDir dir;
};

TEST_F(FileBytes, RawFileIsReadWhole) {
    // Larger than one read chunk, and not a multiple of it.
    const auto data = idx_test_pixels(1, 1000, 1003);
    const std::string path = dir.file("raw");
    mseq_test::write_bytes(path, data);
    const mseq::FileBytes got = mseq::read_file_bytes(path, SIZE_MAX - 1);
    EXPECT_EQ(got.data, data);
    EXPECT_FALSE(got.more);
    EXPECT_FALSE(got.gzip);
}

TEST_F(FileBytes, RawFileIsCutAtTheLimit) {
    const auto data = idx_test_pixels(1, 1000, 1003);
    const std::string path = dir.file("raw");
    mseq_test::write_bytes(path, data);
    for (size_t limit :
         {size_t{0}, size_t{16}, size_t{300000}, data.size() - 1}) {
        const mseq::FileBytes got = mseq::read_file_bytes(path, limit);
        EXPECT_EQ(got.data,
                  std::vector<uint8_t>(data.begin(), data.begin() + limit));
        EXPECT_TRUE(got.more) << limit;
    }
    const mseq::FileBytes exact = mseq::read_file_bytes(path, data.size());
    EXPECT_EQ(exact.data, data);
    EXPECT_FALSE(exact.more);
}

TEST_F(FileBytes, EmptyFile) {
    mseq_test::write_bytes(dir.file("empty"), {});
    const mseq::FileBytes got = mseq::read_file_bytes(dir.file("empty"), 10);
    EXPECT_TRUE(got.data.empty());
    EXPECT_FALSE(got.more);
}

TEST_F(FileBytes, GzipFileIsDecompressed) {
    // Pixel hashes barely compress: several input chunks of gzip data.
    const auto data = idx_test_pixels(1, 1000, 1003);
    const std::string path = dir.file("data.gz");
    mseq_test::write_bytes(path, mseq_test::gzip_bytes(data));
    const mseq::FileBytes got = mseq::read_file_bytes(path, SIZE_MAX - 1);
    EXPECT_TRUE(got.gzip);
    EXPECT_EQ(got.data, data);
    EXPECT_FALSE(got.more);

    const mseq::FileBytes exact = mseq::read_file_bytes(path, data.size());
    EXPECT_EQ(exact.data, data);
    EXPECT_FALSE(exact.more);

    const mseq::FileBytes cut = mseq::read_file_bytes(path, 1000);
    EXPECT_EQ(cut.data,
              std::vector<uint8_t>(data.begin(), data.begin() + 1000));
    EXPECT_TRUE(cut.more);
}

TEST_F(FileBytes, ConcatenatedGzipMembersAreOneContent) {
    const auto a = idx_test_pixels(1, 300, 1000);
    const auto b = idx_test_labels(5000);
    auto gz = mseq_test::gzip_bytes(a);
    const auto gz_b = mseq_test::gzip_bytes(b);
    gz.insert(gz.end(), gz_b.begin(), gz_b.end());
    mseq_test::write_bytes(dir.file("two.gz"), gz);
    auto expected = a;
    expected.insert(expected.end(), b.begin(), b.end());
    const mseq::FileBytes got =
        mseq::read_file_bytes(dir.file("two.gz"), SIZE_MAX - 1);
    EXPECT_EQ(got.data, expected);
    // Cut exactly at the end of the first member: the second one is `more`.
    const mseq::FileBytes cut =
        mseq::read_file_bytes(dir.file("two.gz"), a.size());
    EXPECT_EQ(cut.data, a);
    EXPECT_TRUE(cut.more);
}

TEST_F(FileBytes, DecompressionBombIsStoppedAtTheLimit) {
    // 64 MiB of zeros compress to about 64 KB.
    const std::vector<uint8_t> zeros(size_t{64} << 20);
    const auto gz = mseq_test::gzip_bytes(zeros);
    ASSERT_LT(gz.size(), size_t{1} << 20);
    mseq_test::write_bytes(dir.file("bomb.gz"), gz);
    const mseq::FileBytes got =
        mseq::read_file_bytes(dir.file("bomb.gz"), size_t{1} << 20);
    EXPECT_EQ(got.data.size(), size_t{1} << 20);
    EXPECT_LE(got.data.capacity(), size_t{1} << 20);
    EXPECT_TRUE(got.more);
}

TEST_F(FileBytes, TruncatedGzip) {
    auto gz = mseq_test::gzip_bytes(idx_test_pixels(1, 100, 100));
    gz.resize(gz.size() / 2);
    mseq_test::write_bytes(dir.file("cut.gz"), gz);
    const std::string msg = error_of(
        [&] { mseq::read_file_bytes(dir.file("cut.gz"), SIZE_MAX - 1); },
        MSEQ_EFORMAT);
    EXPECT_NE(msg.find(dir.file("cut.gz") + ": truncated gzip data"),
              std::string::npos)
        << msg;
    // Only the magic.
    mseq_test::write_bytes(dir.file("magic.gz"), {0x1f, 0x8b});
    EXPECT_NE(error_of([&] { mseq::read_file_bytes(dir.file("magic.gz"), 9); },
                       MSEQ_EFORMAT)
                  .find("truncated gzip"),
              std::string::npos);
}

TEST_F(FileBytes, CorruptGzip) {
    auto gz = mseq_test::gzip_bytes(idx_test_pixels(1, 100, 100));
    for (size_t i = 20; i < gz.size() - 8; i += 7) gz[i] ^= 0x5a;
    mseq_test::write_bytes(dir.file("bad.gz"), gz);
    const std::string msg = error_of(
        [&] { mseq::read_file_bytes(dir.file("bad.gz"), SIZE_MAX - 1); },
        MSEQ_EFORMAT);
    EXPECT_NE(msg.find(dir.file("bad.gz") + ": corrupt gzip data"),
              std::string::npos)
        << msg;
}

TEST_F(FileBytes, GarbageAfterGzip) {
    auto gz = mseq_test::gzip_bytes(idx_test_labels(100));
    gz.insert(gz.end(), {0, 0, 0});
    mseq_test::write_bytes(dir.file("tail.gz"), gz);
    const std::string msg = error_of(
        [&] { mseq::read_file_bytes(dir.file("tail.gz"), SIZE_MAX - 1); },
        MSEQ_EFORMAT);
    EXPECT_NE(msg.find("tail.gz: unexpected bytes after the gzip data"),
              std::string::npos)
        << msg;
}

TEST_F(FileBytes, MissingFileIsAnIoErrorWithTheReason) {
    const std::string path = dir.file("absent");
    const std::string msg =
        error_of([&] { mseq::read_file_bytes(path, 10); }, MSEQ_EIO);
    EXPECT_NE(msg.find(path + ": cannot open: No such file or directory"),
              std::string::npos)
        << msg;
}

TEST_F(FileBytes, UnreadableFileIsAnIoErrorWithTheReason) {
    // /proc/self/mem is a regular file whose first bytes (address 0) cannot
    // be read: EIO, even for root.
    const std::string path = dir.file("mem");
    ASSERT_EQ(symlink("/proc/self/mem", path.c_str()), 0);
    const std::string msg =
        error_of([&] { mseq::read_file_bytes(path, 10); }, MSEQ_EIO);
    EXPECT_NE(msg.find(path + ": cannot read: Input/output error"),
              std::string::npos)
        << msg;
}

// Only regular files are read: anything else is refused when opened, before
// a byte is read, naming what it is. (A directory used to fail on its first
// read, "cannot read: Is a directory".)
TEST_F(FileBytes, DirectoryIsNotARegularFile) {
    const std::string msg =
        error_of([&] { mseq::read_file_bytes(dir.path(), 10); }, MSEQ_EIO);
    EXPECT_NE(msg.find(dir.path() + ": not a regular file (a directory)"),
              std::string::npos)
        << msg;
}

TEST_F(FileBytes, FifoIsRefusedWithoutBlocking) {
    // Nobody writes to the FIFO: opening it the ordinary way blocks for
    // ever. The alarm turns a regression into a failure, not a hang.
    const std::string path = dir.file("fifo");
    ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
    alarm(10);
    const std::string msg =
        error_of([&] { mseq::read_file_bytes(path, 10); }, MSEQ_EIO);
    alarm(0);
    EXPECT_NE(msg.find(path + ": not a regular file (a FIFO)"),
              std::string::npos)
        << msg;
}

TEST_F(FileBytes, DeviceIsRefusedBeforeAnyRead) {
    const std::string path = dir.file("zeros.gz");
    ASSERT_EQ(symlink("/dev/zero", path.c_str()), 0);
    const std::string msg =
        error_of([&] { mseq::read_file_bytes(path, SIZE_MAX - 1); }, MSEQ_EIO);
    EXPECT_NE(msg.find(path + ": not a regular file (a character device)"),
              std::string::npos)
        << msg;
}

TEST_F(FileBytes, OpenIfPresentTellsAbsenceFromErrors) {
    EXPECT_EQ(mseq::ContentReader::open_if_present(dir.file("absent")),
              nullptr);
    mseq_test::write_bytes(dir.file("file"), {1, 2, 3});
    // Through a file where a folder is expected: ENOTDIR, absent too.
    EXPECT_EQ(mseq::ContentReader::open_if_present(dir.file("file/x")),
              nullptr);
    const auto reader = mseq::ContentReader::open_if_present(dir.file("file"));
    ASSERT_NE(reader, nullptr);
    uint8_t buf[8];
    EXPECT_EQ(reader->read(buf, sizeof buf), 3u);
    EXPECT_EQ(reader->read(buf, sizeof buf), 0u);
    // Present but not a regular file: an error, not absence.
    ASSERT_EQ(mkfifo(dir.file("fifo").c_str(), 0600), 0);
    error_of([&] { mseq::ContentReader::open_if_present(dir.file("fifo")); },
             MSEQ_EIO);
}

// The content is read front to back in pieces of any size, gzip members
// included, and read_append() grows its vector with the content read, never
// to what was asked: a gzip content at most doubles (from 4 KiB), a raw
// file is allocated once, to its size.
TEST_F(FileBytes, ReaderGrowsWithTheContentNotTheRequest) {
    const auto a = idx_test_pixels(1, 300, 1000);
    const auto b = idx_test_labels(5000);
    auto gz = mseq_test::gzip_bytes(a);
    const auto gz_b = mseq_test::gzip_bytes(b);
    gz.insert(gz.end(), gz_b.begin(), gz_b.end());
    mseq_test::write_bytes(dir.file("two.gz"), gz);
    auto expected = a;
    expected.insert(expected.end(), b.begin(), b.end());

    mseq::ContentReader pieces(dir.file("two.gz"));
    std::vector<uint8_t> got;
    uint8_t buf[4099];
    for (size_t n = 1;; n = n % sizeof buf + 7) {
        const size_t read = pieces.read(buf, n);
        got.insert(got.end(), buf, buf + read);
        if (read < n) break;
    }
    EXPECT_TRUE(pieces.gzip());
    EXPECT_EQ(got, expected);

    mseq::ContentReader gzip(dir.file("two.gz"));
    std::vector<uint8_t> out;
    EXPECT_EQ(gzip.read_append(out, SIZE_MAX / 4), expected.size());
    EXPECT_EQ(out, expected);
    EXPECT_LE(out.capacity(), 2 * expected.size());

    mseq_test::write_bytes(dir.file("raw"), expected);
    mseq::ContentReader raw(dir.file("raw"));
    std::vector<uint8_t> head(3);
    EXPECT_EQ(raw.read(head.data(), 3), 3u);
    std::vector<uint8_t> rest;
    EXPECT_EQ(raw.read_append(rest, size_t{1} << 40), expected.size() - 3);
    EXPECT_EQ(rest.capacity(), expected.size() - 3);
    EXPECT_TRUE(std::equal(rest.begin(), rest.end(), expected.begin() + 3));
}

}  // namespace
