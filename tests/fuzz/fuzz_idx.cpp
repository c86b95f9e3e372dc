// Fuzz harness for the IDX reader: the parser on bytes in memory, the file
// reader (raw and gzip) in front of it, and the loading of a whole split.
//
// The first input byte picks a mode, the rest is the content:
//   0  parse_idx_images() on the bytes, checked against a reference of the
//      format's rules (it must accept exactly the valid files);
//   1  parse_idx_labels() on the bytes, likewise;
//   2  the bytes as a file (raw, or gzip when they start with 1f 8b) read by
//      read_file_bytes() with a limit taken from the next two bytes, then
//      parsed as images; 3: the same, parsed as labels;
//   4  the bytes gzip-compressed by the harness (window of 2^9..2^12
//      bytes, from the third byte), read back through
//      read_file_bytes(): the content must come back unchanged (up to the
//      limit, with `more` set exactly when it goes on);
//   5  the bytes split in two files, train-images-idx3-ubyte and
//      train-labels-idx1-ubyte (first two bytes: the split point), loaded
//      with load_source_data() as mseq_open() does: for raw files it must
//      succeed exactly when both files are valid and agree (and then hold
//      their bytes), and fail with MSEQ_ERANGE exactly when a header
//      announces more than the limits (MSEQ_MAX_GLYPHS,
//      MSEQ_MAX_DATA_MEMORY).
// Any failure must be an mseq::Error with an MSEQ_E* code and a message that
// names the file; anything else aborts (a finding).
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "fuzz_support.hpp"
#include "input/file_bytes.hpp"
#include "input/glyph_store.hpp"
#include "input/idx_reader.hpp"
#include "input/source_data.hpp"

namespace {

using fuzz::check;

uint32_t be32(const uint8_t *p) {
    return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 |
           uint32_t{p[3]};
}

// The format's rules, written independently of the reader: is data[0..size)
// (with `more` bytes beyond it or not) a valid images file?
bool valid_images(const uint8_t *data, size_t size, bool more) {
    if (size < 16 || be32(data) != 0x803) return false;
    const uint64_t count = be32(data + 4), rows = be32(data + 8),
                   cols = be32(data + 12);
    if (count > 0x7fffffffu) return false;
    if (rows < 1 || rows > MSEQ_MAX_GLYPH_SIDE) return false;
    if (cols < 1 || cols > MSEQ_MAX_GLYPH_SIDE) return false;
    const uint64_t total = 16 + count * rows * cols;
    return total <= (uint64_t{1} << 32) && size == total && !more;
}

bool valid_labels(const uint8_t *data, size_t size, bool more) {
    if (size < 8 || be32(data) != 0x801) return false;
    const uint64_t count = be32(data + 4);
    if (count > 0x7fffffffu || size != 8 + count || more) return false;
    return std::all_of(data + 8, data + size, [](uint8_t l) { return l < 10; });
}

// An error must carry a failure code and name the file first.
void check_error(const mseq::Error &e, const std::string &name) {
    check(e.code() == MSEQ_EFORMAT || e.code() == MSEQ_EIO ||
              e.code() == MSEQ_ENOMEM,
          "unexpected error code");
    check(std::string(e.what()).rfind(name + ": ", 0) == 0,
          "error message does not start with the file name");
}

void parse_images(const uint8_t *data, size_t size, bool more) {
    const std::string name = "images-file";
    const bool valid = valid_images(data, size, more);
    try {
        const mseq::IdxImages images =
            mseq::parse_idx_images(data, size, name, more);
        check(valid, "an invalid images file was accepted");
        check(images.count == be32(data + 4) && images.rows == be32(data + 8) &&
                  images.cols == be32(data + 12),
              "header fields misread");
        check(images.pixels.size() ==
                  size_t{images.count} * images.rows * images.cols,
              "pixel count differs from the header");
        check(std::equal(images.pixels.begin(), images.pixels.end(), data + 16),
              "pixels differ from the file");
    } catch (const mseq::Error &e) {
        check(!valid || e.code() == MSEQ_ENOMEM,
              "a valid images file was rejected");
        check_error(e, name);
    }
}

void parse_labels(const uint8_t *data, size_t size, bool more) {
    const std::string name = "labels-file";
    const bool valid = valid_labels(data, size, more);
    try {
        const std::vector<uint8_t> labels =
            mseq::parse_idx_labels(data, size, name, more);
        check(valid, "an invalid labels file was accepted");
        check(labels.size() == be32(data + 4) &&
                  std::equal(labels.begin(), labels.end(), data + 8),
              "labels differ from the file");
    } catch (const mseq::Error &e) {
        check(!valid || e.code() == MSEQ_ENOMEM,
              "a valid labels file was rejected");
        check_error(e, name);
    }
}

// gzip-compresses data (one member, default level) with a window of
// 2^window_bits bytes, 9..15. Small windows and memLevel 1 keep deflate's
// state at a few kilobytes (the defaults allocate 256 KiB per input); the
// reader decompresses any window.
std::vector<uint8_t> gzip(const uint8_t *data, size_t size, int window_bits) {
    z_stream zs{};
    check(deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + window_bits,
                       1, Z_DEFAULT_STRATEGY) == Z_OK,
          "deflateInit2");
    std::vector<uint8_t> out(deflateBound(&zs, static_cast<uLong>(size)));
    zs.next_in = const_cast<Bytef *>(data);
    zs.avail_in = static_cast<uInt>(size);
    zs.next_out = out.data();
    zs.avail_out = static_cast<uInt>(out.size());
    check(deflate(&zs, Z_FINISH) == Z_STREAM_END, "deflate");
    out.resize(out.size() - zs.avail_out);
    deflateEnd(&zs);
    return out;
}

// Reads the file at path as the library does; false (and a checked error)
// when it cannot be read.
bool read_checked(const std::string &path, size_t limit, mseq::FileBytes &out) {
    try {
        out = mseq::read_file_bytes(path, limit);
        check(out.data.size() <= limit, "read_file_bytes passed its limit");
        return true;
    } catch (const mseq::Error &e) {
        check_error(e, path);
        return false;
    }
}

void file_then_parse(const uint8_t *data, size_t size, bool images) {
    if (size < 2) return;
    const size_t limit = size_t{data[0]} << 8 | data[1];
    fuzz::TempDir &dir = fuzz::temp_dir();
    const std::string path = dir.write("idx", data + 2, size - 2);
    mseq::FileBytes bytes;
    if (!read_checked(path, limit, bytes)) return;
    if (!bytes.gzip) {
        const size_t n = std::min(limit, size - 2);
        check(bytes.data.size() == n &&
                  std::equal(bytes.data.begin(), bytes.data.end(), data + 2),
              "raw content misread");
        check(bytes.more == (size - 2 > limit), "raw `more` flag wrong");
    }
    if (images) {
        parse_images(bytes.data.data(), bytes.data.size(), bytes.more);
    } else {
        parse_labels(bytes.data.data(), bytes.data.size(), bytes.more);
    }
}

void gzip_round_trip(const uint8_t *data, size_t size) {
    if (size < 3) return;
    const size_t limit = size_t{data[0]} << 8 | data[1];
    const bool images = data[2] & 1;
    const int window_bits = 9 + (data[2] >> 1) % 4;
    data += 3;
    size -= 3;
    const std::vector<uint8_t> packed = gzip(data, size, window_bits);
    fuzz::TempDir &dir = fuzz::temp_dir();
    const std::string path = dir.write("idx.gz", packed.data(), packed.size());
    mseq::FileBytes bytes;
    check(read_checked(path, limit, bytes), "valid gzip data was rejected");
    check(bytes.gzip, "gzip data not recognised");
    const size_t n = std::min(limit, size);
    check(bytes.data.size() == n &&
              std::equal(bytes.data.begin(), bytes.data.end(), data),
          "gzip content differs from what was compressed");
    check(bytes.more == (size > limit), "gzip `more` flag wrong");
    if (images) {
        parse_images(bytes.data.data(), bytes.data.size(), bytes.more);
    } else {
        parse_labels(bytes.data.data(), bytes.data.size(), bytes.more);
    }
}

// Whether mseq_open() must refuse the split with MSEQ_ERANGE: a well-formed
// images header (magic, dimensions) announcing more than MSEQ_MAX_GLYPHS
// images or MSEQ_MAX_DATA_MEMORY bytes, or a valid images file followed by
// a well-formed labels header announcing more than MSEQ_MAX_GLYPHS labels.
bool beyond_limits(const uint8_t *images, size_t images_size,
                   const uint8_t *labels, size_t labels_size) {
    if (images_size < 16 || be32(images) != 0x803) return false;
    const uint64_t count = be32(images + 4), rows = be32(images + 8),
                   cols = be32(images + 12);
    if (rows < 1 || rows > MSEQ_MAX_GLYPH_SIDE || cols < 1 ||
        cols > MSEQ_MAX_GLYPH_SIDE) {
        return false;
    }
    if (count > MSEQ_MAX_GLYPHS ||
        count * (2 * rows * cols + 17) > MSEQ_MAX_DATA_MEMORY) {
        return true;
    }
    return valid_images(images, images_size, false) && labels_size >= 8 &&
           be32(labels) == 0x801 && be32(labels + 4) > MSEQ_MAX_GLYPHS;
}

void load_split(const uint8_t *data, size_t size) {
    if (size < 2) return;
    const size_t cut = std::min(size - 2, size_t{data[0]} << 8 | data[1]);
    data += 2;
    size -= 2;
    const uint8_t *images = data;
    const uint8_t *labels = data + cut;
    const size_t labels_size = size - cut;
    fuzz::TempDir &dir = fuzz::temp_dir();
    dir.write("train-images-idx3-ubyte", images, cut);
    dir.write("train-labels-idx1-ubyte", labels, labels_size);
    // Raw files (gzip content is the reader's, modes 2 to 4): valid exactly
    // when both files are, agree and hold at least one image.
    const bool raw =
        !mseq::is_gzip(images, cut) && !mseq::is_gzip(labels, labels_size);
    const bool valid = raw && valid_images(images, cut, false) &&
                       valid_labels(labels, labels_size, false) &&
                       be32(images + 4) == be32(labels + 4) &&
                       be32(images + 4) > 0;
    const bool erange = raw && beyond_limits(images, cut, labels, labels_size);
    try {
        const mseq::SourceData ds =
            mseq::load_source_data(dir.path(), mseq::Split::train);
        check(!raw || valid, "an invalid split was loaded");
        check(ds.size() > 0, "an empty data set was loaded");
        check(ds.pixels.size() == ds.size() * ds.rows * ds.cols,
              "pixel count differs from the image count");
        if (raw) {
            check(std::equal(ds.pixels.begin(), ds.pixels.end(), images + 16),
                  "pixels differ from the file");
            check(std::equal(ds.labels.begin(), ds.labels.end(), labels + 8),
                  "labels differ from the file");
        }
        size_t indexed = 0;
        for (size_t digit = 0; digit < 10; ++digit) {
            for (uint32_t i : ds.by_class[digit]) {
                check(i < ds.size() && ds.labels[i] == digit,
                      "class index points to a wrong image");
            }
            indexed += ds.by_class[digit].size();
        }
        check(indexed == ds.size(), "class index misses images");
        check(ds.store.size() ==
                  (mseq::glyph_store_pays(ds.rows, ds.cols) ? ds.size() : 0),
              "glyph store of the wrong size");
    } catch (const mseq::Error &e) {
        check(e.code() == MSEQ_EFORMAT || e.code() == MSEQ_EIO ||
                  e.code() == MSEQ_ENOMEM || e.code() == MSEQ_ERANGE,
              "unexpected error code from load_source_data");
        check(!valid || e.code() == MSEQ_ENOMEM, "a valid split was rejected");
        check(!raw || erange == (e.code() == MSEQ_ERANGE),
              "MSEQ_ERANGE differs from the limits on the headers");
        check(std::strstr(e.what(), dir.path().c_str()) != nullptr,
              "load_source_data error does not name the file");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    const uint8_t mode = data[0] % 6;
    ++data;
    --size;
    switch (mode) {
        case 0:
            parse_images(data, size, false);
            break;
        case 1:
            parse_labels(data, size, false);
            break;
        case 2:
            file_then_parse(data, size, true);
            break;
        case 3:
            file_then_parse(data, size, false);
            break;
        case 4:
            gzip_round_trip(data, size);
            break;
        default:
            load_split(data, size);
            break;
    }
    return 0;
}
