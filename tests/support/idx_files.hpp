// Test helper (header-only, C++17): writes IDX data sets, good or with one
// deliberate fault, raw or gzip, into a temporary directory.
//
//   mseq_test::TempDir dir;            // fresh, removed with its content
//   mseq_test::IdxSpec spec;           // 30 train images of 28x28, raw
//   spec.gzip = true;
//   spec.fault = mseq_test::IdxFault::truncated;
//   mseq_test::IdxSplit s = mseq_test::write_idx_split(dir.path(), spec);
//   // s.images_path, s.labels_path: the files written;
//   // s.pixels, s.labels: what a good pair of files holds.
//
// Pixels and labels are deterministic functions of the index, varied enough
// to catch swapped or shifted data, and the labels are not balanced (class
// counts differ). Every failure of the helper throws std::runtime_error.
// Needs zlib (linked through the mnistseq_objects target).
#pragma once

#include <stdlib.h>  // mkdtemp (POSIX)
#include <zlib.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace mseq_test {

// A fresh directory made with mkdtemp under $TMPDIR (or /tmp), removed with
// everything in it when the object is destroyed, even where a test took
// away the permissions (they are restored first).
class TempDir {
public:
    TempDir() {
        const char *tmp = std::getenv("TMPDIR");
        std::string templ =
            std::string(tmp != nullptr && tmp[0] != '\0' ? tmp : "/tmp") +
            "/mnistseq-test-XXXXXX";
        std::vector<char> buf(templ.begin(), templ.end());
        buf.push_back('\0');
        if (mkdtemp(buf.data()) == nullptr) {
            throw std::runtime_error("mkdtemp " + templ + " failed: " +
                                     std::generic_category().message(errno));
        }
        path_ = buf.data();
    }
    ~TempDir() {
        std::error_code ec;
        restore_permissions(path_);
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;

    // The directory's path.
    const std::string &path() const { return path_; }
    // path() + "/" + name.
    std::string file(const std::string &name) const {
        return path_ + "/" + name;
    }

private:
    static void restore_permissions(const std::filesystem::path &p) {
        namespace fs = std::filesystem;
        std::error_code ec;
        const fs::file_status st = fs::symlink_status(p, ec);
        if (ec || st.type() != fs::file_type::directory) return;
        fs::permissions(p, fs::perms::owner_all, fs::perm_options::add, ec);
        for (fs::directory_iterator it(p, ec), end; !ec && it != end;
             it.increment(ec)) {
            restore_permissions(it->path());
        }
    }

    std::string path_;
};

// One deliberate fault in the files write_idx_split() writes.
enum class IdxFault {
    none,
    wrong_magic,     // target's magic: 0x00000804 (images), 0x00000802 (labels)
    truncated,       // target lacks its last 7 bytes (images) or 1 (labels)
    trailing_bytes,  // target has 3 extra bytes at the end
    bad_label,       // label at index count / 2 is 10
    count_mismatch,  // the labels file holds count - 1 labels (and says so)
    zero_rows,       // the images header says 0 rows
    zero_cols,       // the images header says 0 columns
};

// The file that wrong_magic, truncated and trailing_bytes affect.
enum class IdxTarget { images, labels };

// File names: dash "train-images-idx3-ubyte" or dot "train-images.idx3-ubyte".
enum class IdxNaming { dash, dot };

// What write_idx_split() writes.
struct IdxSpec {
    std::string split = "train";  // file name prefix: "train" or "t10k"
    uint32_t count = 30;
    uint32_t rows = 28;
    uint32_t cols = 28;
    IdxNaming naming = IdxNaming::dash;
    bool gzip = false;  // compress both files and append ".gz" to the names
    IdxFault fault = IdxFault::none;
    IdxTarget target = IdxTarget::images;
};

// What write_idx_split() wrote.
struct IdxSplit {
    std::string images_path;
    std::string labels_path;
    uint32_t count = 0;
    uint32_t rows = 0;
    uint32_t cols = 0;
    std::vector<uint8_t> pixels;  // count * rows * cols: the good content
    std::vector<uint8_t> labels;  // count, each 0-9: the good content
};

// Pixel values of `count` images: a hash of (image, pixel), so that two
// images, or two pixels, rarely agree.
inline std::vector<uint8_t> idx_test_pixels(uint32_t count, uint32_t rows,
                                            uint32_t cols) {
    const size_t per = size_t{rows} * cols;
    std::vector<uint8_t> pixels(size_t{count} * per);
    for (size_t i = 0; i < pixels.size(); ++i) {
        uint32_t h = static_cast<uint32_t>(i) * 2654435761u + 0x9e3779b9u;
        h ^= h >> 15;
        h *= 0x85ebca6bu;
        h ^= h >> 13;
        pixels[i] = static_cast<uint8_t>(h >> 24);
    }
    return pixels;
}

// Labels 0-9 of `count` images, deliberately unbalanced.
inline std::vector<uint8_t> idx_test_labels(uint32_t count) {
    std::vector<uint8_t> labels(count);
    for (uint32_t i = 0; i < count; ++i) {
        labels[i] = static_cast<uint8_t>((i * 7 + i / 3) % 10);
    }
    return labels;
}

// Appends `value` big-endian.
inline void idx_put_be32(std::vector<uint8_t> &out, uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) {
        out.push_back(static_cast<uint8_t>(value >> shift));
    }
}

// An IDX images file: header (magic, count, rows, cols) then `pixels`, as
// given (they need not match the header).
inline std::vector<uint8_t> idx_images_bytes(uint32_t count, uint32_t rows,
                                             uint32_t cols,
                                             const std::vector<uint8_t> &pixels,
                                             uint32_t magic = 0x00000803) {
    std::vector<uint8_t> out;
    idx_put_be32(out, magic);
    idx_put_be32(out, count);
    idx_put_be32(out, rows);
    idx_put_be32(out, cols);
    out.insert(out.end(), pixels.begin(), pixels.end());
    return out;
}

// An IDX labels file: header (magic, count) then `labels`, as given.
inline std::vector<uint8_t> idx_labels_bytes(uint32_t count,
                                             const std::vector<uint8_t> &labels,
                                             uint32_t magic = 0x00000801) {
    std::vector<uint8_t> out;
    idx_put_be32(out, magic);
    idx_put_be32(out, count);
    out.insert(out.end(), labels.begin(), labels.end());
    return out;
}

// `data` compressed as one gzip member (zlib, level 6).
inline std::vector<uint8_t> gzip_bytes(const std::vector<uint8_t> &data) {
    z_stream zs{};
    if (deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("deflateInit2 failed");
    }
    std::vector<uint8_t> out(
        deflateBound(&zs, static_cast<uLong>(data.size())));
    zs.next_in = const_cast<Bytef *>(data.data());
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = out.data();
    zs.avail_out = static_cast<uInt>(out.size());
    const int ret = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    if (ret != Z_STREAM_END) throw std::runtime_error("deflate failed");
    return out;
}

// Writes `data` to `path`, replacing it.
inline void write_bytes(const std::string &path,
                        const std::vector<uint8_t> &data) {
    std::FILE *f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) throw std::runtime_error("cannot create " + path);
    const size_t put =
        data.empty() ? 0 : std::fwrite(data.data(), 1, data.size(), f);
    if (std::fclose(f) != 0 || put != data.size()) {
        throw std::runtime_error("cannot write " + path);
    }
}

// File name of a split's images ("train-images-idx3-ubyte[.gz]") or labels
// ("train-labels-idx1-ubyte[.gz]"), in the given naming.
inline std::string idx_file_name(const std::string &split, bool images,
                                 IdxNaming naming, bool gzip) {
    const std::string kind = images ? "images" : "labels";
    const std::string idx = images ? "idx3-ubyte" : "idx1-ubyte";
    const char *sep = naming == IdxNaming::dash ? "-" : ".";
    return split + "-" + kind + sep + idx + (gzip ? ".gz" : "");
}

// Writes a split's images and labels files into `dir` as `spec` says.
inline IdxSplit write_idx_split(const std::string &dir, const IdxSpec &spec) {
    IdxSplit s;
    s.count = spec.count;
    s.rows = spec.rows;
    s.cols = spec.cols;
    s.pixels = idx_test_pixels(spec.count, spec.rows, spec.cols);
    s.labels = idx_test_labels(spec.count);
    s.images_path =
        dir + "/" + idx_file_name(spec.split, true, spec.naming, spec.gzip);
    s.labels_path =
        dir + "/" + idx_file_name(spec.split, false, spec.naming, spec.gzip);

    const bool on_images = spec.target == IdxTarget::images;
    uint32_t rows = spec.rows;
    uint32_t cols = spec.cols;
    if (spec.fault == IdxFault::zero_rows) rows = 0;
    if (spec.fault == IdxFault::zero_cols) cols = 0;
    const bool bad_magic = spec.fault == IdxFault::wrong_magic;
    std::vector<uint8_t> images =
        idx_images_bytes(spec.count, rows, cols, s.pixels,
                         bad_magic && on_images ? 0x00000804 : 0x00000803);

    std::vector<uint8_t> labels_content = s.labels;
    uint32_t label_count = spec.count;
    if (spec.fault == IdxFault::bad_label && spec.count > 0) {
        labels_content[spec.count / 2] = 10;
    }
    if (spec.fault == IdxFault::count_mismatch && spec.count > 0) {
        label_count = spec.count - 1;
        labels_content.pop_back();
    }
    std::vector<uint8_t> labels =
        idx_labels_bytes(label_count, labels_content,
                         bad_magic && !on_images ? 0x00000802 : 0x00000801);

    std::vector<uint8_t> &target = on_images ? images : labels;
    if (spec.fault == IdxFault::truncated) {
        target.resize(target.size() - (on_images ? 7 : 1));
    }
    if (spec.fault == IdxFault::trailing_bytes) {
        target.insert(target.end(), {0xde, 0xad, 0x01});
    }

    write_bytes(s.images_path, spec.gzip ? gzip_bytes(images) : images);
    write_bytes(s.labels_path, spec.gzip ? gzip_bytes(labels) : labels);
    return s;
}

}  // namespace mseq_test
