// Parses IDX files (the MNIST file format) from bytes in memory.
//
// An IDX file is a big-endian header followed by unsigned bytes:
//   images: magic 0x00000803, count, rows, cols, then count*rows*cols pixels
//   labels: magic 0x00000801, count, then count labels
// Every check reports MSEQ_EFORMAT with a message "<name>: <fault>", where
// name is the file name given by the caller: wrong magic, dimensions outside
// 1..MSEQ_MAX_GLYPH_SIDE, a count above kIdxMaxCount, truncation, trailing
// bytes, a label outside 0-9. Size arithmetic is done in 64 bits after the
// dimensions are bounded, so it cannot overflow.
//
// The header functions serve a reader that reads a file front to back
// (source_data.cpp): it parses the header, bounds the count itself (the
// library's limits, MSEQ_MAX_GLYPHS and MSEQ_MAX_DATA_MEMORY, are far below
// the format's), reads the body and checks its size.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mseq {

constexpr uint32_t kIdxImagesMagic = 0x00000803;  // ubyte, 3 dimensions
constexpr uint32_t kIdxLabelsMagic = 0x00000801;  // ubyte, 1 dimension
constexpr size_t kIdxImagesHeader = 16;           // magic, count, rows, cols
constexpr size_t kIdxLabelsHeader = 8;            // magic, count

// Most images or labels in one file: glyph indexes are reported as int32.
constexpr uint32_t kIdxMaxCount = 0x7fffffff;
// Largest content (header included) of one IDX file: 4 GiB, seven times
// EMNIST ByClass, the largest known digit set. It bounds what a file, and
// above all a small gzip file, can make the library allocate.
constexpr uint64_t kIdxMaxBytes = uint64_t{1} << 32;

// The images of an IDX images file.
struct IdxImages {
    uint32_t count = 0;
    uint32_t rows = 0;
    uint32_t cols = 0;
    std::vector<uint8_t> pixels;  // count * rows * cols, row-major
};

// The header fields of an IDX file.
struct IdxHeader {
    uint32_t count = 0;  // images or labels
    uint32_t rows = 1;   // image size (1 x 1 for a labels file)
    uint32_t cols = 1;
    // Size in bytes of one item: rows * cols.
    uint64_t item_bytes() const { return uint64_t{rows} * cols; }
};

// The header of the images file whose first bytes are head[0..size):
// checks the magic, that the header is complete and the dimensions (1 ..
// MSEQ_MAX_GLYPH_SIDE), not the count, which the caller bounds. Throws
// MSEQ_EFORMAT.
IdxHeader parse_idx_images_header(const uint8_t *head, size_t size,
                                  const std::string &name);

// The header of the labels file whose first bytes are head[0..size); as
// parse_idx_images_header().
IdxHeader parse_idx_labels_header(const uint8_t *head, size_t size,
                                  const std::string &name);

// Checks that a content of `size` bytes (header included; `more`: and
// more bytes beyond them) is exactly what `header` announces, and throws
// MSEQ_EFORMAT ("truncated" or "trailing bytes") otherwise.
void check_idx_images_size(const IdxHeader &header, uint64_t size, bool more,
                           const std::string &name);
void check_idx_labels_size(const IdxHeader &header, uint64_t size, bool more,
                           const std::string &name);

// Checks that each of the `count` labels is 0-9; throws MSEQ_EFORMAT
// naming the first that is not.
void check_idx_label_values(const uint8_t *labels, size_t count,
                            const std::string &name);

// Size in bytes, header included, of the images file whose first bytes are
// head[0..size): checks the magic, dimensions and count, and throws
// MSEQ_EFORMAT when they are wrong or when size < kIdxImagesHeader.
uint64_t idx_images_file_size(const uint8_t *head, size_t size,
                              const std::string &name);

// Size in bytes, header included, of the labels file whose first bytes are
// head[0..size); as idx_images_file_size().
uint64_t idx_labels_file_size(const uint8_t *head, size_t size,
                              const std::string &name);

// The header of an images file holding `count` images of rows x cols
// pixels, as parse_idx_images() reads it: with the pixels after it, the
// file's whole content.
std::array<uint8_t, kIdxImagesHeader> idx_images_header(uint32_t count,
                                                        uint32_t rows,
                                                        uint32_t cols);

// The header of a labels file holding `count` labels.
std::array<uint8_t, kIdxLabelsHeader> idx_labels_header(uint32_t count);

// Parses a whole images file, data[0..size). When `more` is true, data holds
// only the first bytes of a longer content (read up to a limit), which is
// then reported as trailing bytes if the header does not account for them.
// Throws MSEQ_EFORMAT (any fault), MSEQ_ENOMEM.
IdxImages parse_idx_images(const uint8_t *data, size_t size,
                           const std::string &name, bool more = false);

// Parses a whole labels file, data[0..size), and checks that every label is
// 0-9; `more` as for parse_idx_images(). Throws MSEQ_EFORMAT, MSEQ_ENOMEM.
std::vector<uint8_t> parse_idx_labels(const uint8_t *data, size_t size,
                                      const std::string &name,
                                      bool more = false);

}  // namespace mseq
