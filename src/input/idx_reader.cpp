// IDX parsing and validation (idx_reader.hpp).
#include "input/idx_reader.hpp"

#include <cstdio>
#include <new>

#include "common/error.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {
namespace {

uint32_t be32(const uint8_t *p) {
    return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 |
           uint32_t{p[3]};
}

void put_be32(uint8_t *p, uint32_t value) {
    p[0] = static_cast<uint8_t>(value >> 24);
    p[1] = static_cast<uint8_t>(value >> 16);
    p[2] = static_cast<uint8_t>(value >> 8);
    p[3] = static_cast<uint8_t>(value);
}

std::string hex32(uint32_t value) {
    char text[11];
    std::snprintf(text, sizeof text, "0x%08x", static_cast<unsigned>(value));
    return text;
}

// What one kind of IDX file is called in messages and how it starts.
struct Kind {
    const char *noun;  // "images" or "labels"
    uint32_t magic;
    size_t header;
};

constexpr Kind kImages{"images", kIdxImagesMagic, kIdxImagesHeader};
constexpr Kind kLabels{"labels", kIdxLabelsMagic, kIdxLabelsHeader};

[[noreturn]] void fail(const std::string &name, const std::string &fault) {
    throw Error(MSEQ_EFORMAT, name + ": " + fault);
}

// Checks the magic number and that the whole header is there; returns the
// count of items the header announces.
uint32_t check_start(const uint8_t *head, size_t size, const Kind &kind,
                     const std::string &name) {
    const std::string header_bytes = std::to_string(kind.header);
    if (size < 4) {
        fail(name, "truncated: file holds " + std::to_string(size) +
                       " bytes, an IDX " + kind.noun + " header needs " +
                       header_bytes);
    }
    const uint32_t magic = be32(head);
    if (magic != kind.magic) {
        const Kind &other = kind.magic == kImages.magic ? kLabels : kImages;
        if (magic == other.magic) {
            fail(name, std::string("wrong magic ") + hex32(magic) +
                           ": an IDX " + other.noun + " file, expected " +
                           kind.noun + " (magic " + hex32(kind.magic) + ")");
        }
        fail(name, "wrong magic " + hex32(magic) + ", expected " +
                       hex32(kind.magic) + " (IDX unsigned-byte " + kind.noun +
                       ")");
    }
    if (size < kind.header) {
        fail(name, "truncated: file holds " + std::to_string(size) +
                       " bytes, an IDX " + kind.noun + " header needs " +
                       header_bytes);
    }
    return be32(head + 4);
}

// Checks a count against the most the format reader supports.
void check_count(uint32_t count, const Kind &kind, const std::string &name) {
    if (count > kIdxMaxCount) {
        fail(name, "header says " + std::to_string(count) + " " + kind.noun +
                       ", more than the " + std::to_string(kIdxMaxCount) +
                       " supported");
    }
}

// Checks the announced total size against the library's limits.
void check_total(uint64_t total, uint32_t count, const Kind &kind,
                 const std::string &name) {
    if (total > kIdxMaxBytes || total > SIZE_MAX) {
        fail(name, "header says " + std::to_string(count) + " " + kind.noun +
                       " (" + std::to_string(total) + " bytes), more than " +
                       "the " + std::to_string(kIdxMaxBytes) +
                       "-byte limit of an IDX file");
    }
}

// Reports a content whose size differs from what the header announces.
// `item_bytes` is the size of one image or label.
void check_length(uint64_t size, bool more, uint64_t expected, uint32_t count,
                  uint64_t item_bytes, const Kind &kind,
                  const std::string &name) {
    const std::string says = "header says " + std::to_string(count) + " " +
                             kind.noun + " (" + std::to_string(expected) +
                             " bytes)";
    if (size < expected) {
        const uint64_t whole = (size - kind.header) / item_bytes;
        fail(name, "truncated: " + says + ", file holds " +
                       std::to_string(whole) + " (" + std::to_string(size) +
                       " bytes)");
    }
    if (more) {
        fail(name, "trailing bytes: " + says + ", file holds more than " +
                       std::to_string(size) + " bytes");
    }
    if (size > expected) {
        fail(name, "trailing bytes: " + says + ", file holds " +
                       std::to_string(size) + " bytes");
    }
}

}  // namespace

IdxHeader parse_idx_images_header(const uint8_t *head, size_t size,
                                  const std::string &name) {
    IdxHeader header;
    header.count = check_start(head, size, kImages, name);
    header.rows = be32(head + 8);
    header.cols = be32(head + 12);
    if (header.rows < 1 || header.rows > MSEQ_MAX_GLYPH_SIDE ||
        header.cols < 1 || header.cols > MSEQ_MAX_GLYPH_SIDE) {
        fail(name, "bad image size " + std::to_string(header.rows) + "x" +
                       std::to_string(header.cols) +
                       ": rows and columns must be 1.." +
                       std::to_string(MSEQ_MAX_GLYPH_SIDE));
    }
    return header;
}

IdxHeader parse_idx_labels_header(const uint8_t *head, size_t size,
                                  const std::string &name) {
    IdxHeader header;
    header.count = check_start(head, size, kLabels, name);
    return header;
}

void check_idx_images_size(const IdxHeader &header, uint64_t size, bool more,
                           const std::string &name) {
    // count < 2^32 and rows * cols <= 2^20: no overflow in 64 bits.
    const uint64_t expected =
        kIdxImagesHeader + uint64_t{header.count} * header.item_bytes();
    check_length(size, more, expected, header.count, header.item_bytes(),
                 kImages, name);
}

void check_idx_labels_size(const IdxHeader &header, uint64_t size, bool more,
                           const std::string &name) {
    const uint64_t expected = kIdxLabelsHeader + uint64_t{header.count};
    check_length(size, more, expected, header.count, 1, kLabels, name);
}

void check_idx_label_values(const uint8_t *labels, size_t count,
                            const std::string &name) {
    for (size_t i = 0; i < count; ++i) {
        if (labels[i] > 9) {
            fail(name, "label " + std::to_string(labels[i]) + " at index " +
                           std::to_string(i) + " is outside 0-9");
        }
    }
}

uint64_t idx_images_file_size(const uint8_t *head, size_t size,
                              const std::string &name) {
    const IdxHeader header = parse_idx_images_header(head, size, name);
    check_count(header.count, kImages, name);
    // count < 2^31 and rows * cols <= 2^20: no overflow in 64 bits.
    const uint64_t total =
        kIdxImagesHeader + uint64_t{header.count} * header.item_bytes();
    check_total(total, header.count, kImages, name);
    return total;
}

uint64_t idx_labels_file_size(const uint8_t *head, size_t size,
                              const std::string &name) {
    const IdxHeader header = parse_idx_labels_header(head, size, name);
    check_count(header.count, kLabels, name);
    const uint64_t total = kIdxLabelsHeader + uint64_t{header.count};
    check_total(total, header.count, kLabels, name);
    return total;
}

std::array<uint8_t, kIdxImagesHeader> idx_images_header(uint32_t count,
                                                        uint32_t rows,
                                                        uint32_t cols) {
    std::array<uint8_t, kIdxImagesHeader> header{};
    put_be32(header.data(), kIdxImagesMagic);
    put_be32(header.data() + 4, count);
    put_be32(header.data() + 8, rows);
    put_be32(header.data() + 12, cols);
    return header;
}

std::array<uint8_t, kIdxLabelsHeader> idx_labels_header(uint32_t count) {
    std::array<uint8_t, kIdxLabelsHeader> header{};
    put_be32(header.data(), kIdxLabelsMagic);
    put_be32(header.data() + 4, count);
    return header;
}

IdxImages parse_idx_images(const uint8_t *data, size_t size,
                           const std::string &name, bool more) {
    const uint64_t expected = idx_images_file_size(data, size, name);
    const IdxHeader header = parse_idx_images_header(data, size, name);
    check_idx_images_size(header, size, more, name);
    IdxImages images;
    images.count = header.count;
    images.rows = header.rows;
    images.cols = header.cols;
    try {
        images.pixels.assign(data + kIdxImagesHeader,
                             data + static_cast<size_t>(expected));
    } catch (const std::bad_alloc &) {
        throw Error(MSEQ_ENOMEM, name + ": out of memory for " +
                                     std::to_string(expected) + " bytes");
    }
    return images;
}

std::vector<uint8_t> parse_idx_labels(const uint8_t *data, size_t size,
                                      const std::string &name, bool more) {
    idx_labels_file_size(data, size, name);
    const IdxHeader header = parse_idx_labels_header(data, size, name);
    check_idx_labels_size(header, size, more, name);
    const uint8_t *labels = data + kIdxLabelsHeader;
    check_idx_label_values(labels, header.count, name);
    try {
        return std::vector<uint8_t>(labels, labels + header.count);
    } catch (const std::bad_alloc &) {
        throw Error(MSEQ_ENOMEM, name + ": out of memory for " +
                                     std::to_string(header.count) + " labels");
    }
}

}  // namespace mseq
