// QMNIST's writer columns (qmnist_writers.hpp).
#include "input/qmnist_writers.hpp"

#include <unordered_map>

#include "common/error.hpp"
#include "common/sha256.hpp"
#include "input/file_bytes.hpp"
#include "input/idx_reader.hpp"

namespace mseq {

namespace {

constexpr size_t kHeader = 12;  // magic, rows, columns

uint32_t be32(const uint8_t *p) {
    return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 |
           uint32_t{p[3]};
}

[[noreturn]] void fail(const std::string &path, const std::string &fault) {
    throw Error(MSEQ_EFORMAT, path + ": " + fault);
}

std::string hex(uint32_t v) {
    static const char digits[] = "0123456789abcdef";
    std::string text = "0x";
    for (int shift = 28; shift >= 0; shift -= 4) {
        text += digits[(v >> shift) & 0xf];
    }
    return text;
}

// Checks the header of data[0..size) for the `labels` of a split; returns
// the row count.
uint32_t check_header(const uint8_t *data, size_t size,
                      const std::vector<uint8_t> &labels, bool exact,
                      const std::string &path) {
    const std::string what = "not a QMNIST extended labels file (";
    if (size < kHeader) {
        fail(path, what + "shorter than its 12-byte header)");
    }
    if (be32(data) != kQmnistMagic) {
        fail(path, what + "magic " + hex(be32(data)) + ", expected " +
                       hex(kQmnistMagic) + ")");
    }
    const uint32_t rows = be32(data + 4);
    const uint32_t columns = be32(data + 8);
    if (columns != kQmnistColumns) {
        fail(path, what + std::to_string(columns) + " columns, expected 8)");
    }
    const size_t want = labels.size();
    if (exact ? rows != want : rows < want) {
        fail(path, std::to_string(rows) + " rows for the " +
                       std::to_string(want) + " images of its split" +
                       (exact ? "" : " (at least)"));
    }
    if (uint64_t{rows} * kQmnistColumns * 4 > kIdxMaxBytes) {
        fail(path, std::to_string(rows) + " rows, more than any digit set");
    }
    return rows;
}

}  // namespace

Writers parse_qmnist_writers(const uint8_t *data, size_t size,
                             const std::vector<uint8_t> &labels, bool exact,
                             const std::string &path) {
    const uint32_t rows = check_header(data, size, labels, exact, path);
    const uint64_t body = uint64_t{rows} * kQmnistColumns * 4;
    if (size - kHeader < body) {
        fail(path, "truncated: " + std::to_string(size - kHeader) +
                       " bytes of rows, the header announces " +
                       std::to_string(body));
    }
    if (size - kHeader > body) {
        fail(path,
             "trailing bytes after its " + std::to_string(rows) + " rows");
    }
    Writers out;
    out.path = path;
    const size_t want = labels.size();
    out.of.resize(want);
    std::unordered_map<uint64_t, uint32_t> number;
    for (size_t i = 0; i < want; ++i) {
        const uint8_t *row = data + kHeader + i * kQmnistColumns * 4;
        const uint32_t digit = be32(row);
        if (digit != labels[i]) {
            fail(path, "row " + std::to_string(i) + " has class " +
                           std::to_string(int32_t(digit)) +
                           ", the IDX labels " + std::to_string(labels[i]) +
                           " (not the extended labels of these images)");
        }
        const uint64_t id = uint64_t{be32(row + 4)} << 32 | be32(row + 8);
        const auto found =
            number.emplace(id, static_cast<uint32_t>(out.ids.size()));
        if (found.second) out.ids.push_back(id);
        out.of[i] = found.first->second;
    }
    return out;
}

Writers read_qmnist_writers(const std::string &path,
                            const std::vector<uint8_t> &labels, bool exact) {
    // The header first: the rows it announces (checked against the labels
    // and bounded) bound what is read, plus one byte to see trailing bytes.
    const FileBytes head = read_file_bytes(path, kHeader);
    const uint32_t rows =
        check_header(head.data.data(), head.data.size(), labels, exact, path);
    const FileBytes all =
        read_file_bytes(path, kHeader + size_t{rows} * kQmnistColumns * 4);
    if (all.more) {
        fail(path,
             "trailing bytes after its " + std::to_string(rows) + " rows");
    }
    Writers writers = parse_qmnist_writers(all.data.data(), all.data.size(),
                                           labels, exact, path);
    Sha256 digest;
    digest.update(all.data.data(), all.data.size());
    writers.sha256 = digest.hex();
    return writers;
}

}  // namespace mseq
