// The writers of the MNIST digits, from QMNIST's extended labels
// (facebookresearch/qmnist, BSD): qmnist-train-labels-idx2-int and
// qmnist-test-labels-idx2-int, raw or gzip-compressed.
//
// Such a file is an IDX file of big-endian int32: magic 0x00000C02 (int32,
// 2 dimensions), the row count, the column count (8), then one row per
// image: class, NIST HSF series, writer id, index within the writer, NIST
// class code, global NIST index, duplicate flag, unused. The train file's
// 60,000 rows are MNIST train's images one to one; the first 10,000 rows
// of the test file are t10k's (its other 50,000 are QMNIST's own test
// images, not in MNIST).
//
// A writer is the pair (HSF series, writer id): NIST numbers writers per
// series. Every check reports MSEQ_EFORMAT with a message that starts with
// the file's path: wrong magic, a column count other than 8, fewer rows
// than the split's images (or, for train, any other count), truncation,
// trailing bytes, a class column that disagrees with the IDX labels (the
// first row that does is named), a class outside 0-9.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mseq {

constexpr uint32_t kQmnistMagic = 0x00000C02;
constexpr uint32_t kQmnistColumns = 8;

// The writer of each image of a split.
struct Writers {
    std::string path;           // the file read
    std::string sha256;         // of its content (decompressed), in hex
    std::vector<uint32_t> of;   // per image: the index of its writer
    std::vector<uint64_t> ids;  // per writer: (HSF series << 32) | writer id
};

// Parses a whole extended-labels file, data[0..size), for the `labels` of
// the split it belongs to (`exact`: the file has exactly one row per
// label, as the train file; otherwise at least that many, the first ones
// matching). Writers are numbered in the order they first appear. Throws
// MSEQ_EFORMAT (naming `path`), MSEQ_ENOMEM.
Writers parse_qmnist_writers(const uint8_t *data, size_t size,
                             const std::vector<uint8_t> &labels, bool exact,
                             const std::string &path);

// Reads and parses the file at `path` (raw or gzip), bounded by what it
// may hold for `labels`. Throws as parse_qmnist_writers() and, for the
// file itself, as ContentReader (MSEQ_EIO naming the path).
Writers read_qmnist_writers(const std::string &path,
                            const std::vector<uint8_t> &labels, bool exact);

}  // namespace mseq
