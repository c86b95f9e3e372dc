// ustar member headers and archive trailers (tar_writer.hpp).
#include "output/tar_writer.hpp"

#include <cstring>

#include "common/error.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {
namespace {

// Field offsets and lengths of the ustar header (POSIX.1-1988).
constexpr size_t kNameOff = 0, kNameLen = 100;
constexpr size_t kModeOff = 100, kUidOff = 108, kGidOff = 116;
constexpr size_t kSizeOff = 124, kSizeLen = 12;
constexpr size_t kMtimeOff = 136, kMtimeLen = 12;
constexpr size_t kChksumOff = 148, kChksumLen = 8;
constexpr size_t kTypeOff = 156;
constexpr size_t kMagicOff = 257, kVersionOff = 263;
constexpr size_t kIdLen = 8;  // mode, uid, gid
// Largest size an 11-digit octal field holds: 8 GiB - 1.
constexpr uint64_t kMaxMemberSize = (uint64_t(1) << 33) - 1;

// Writes value as `len - 1` zero-padded octal digits and a NUL.
void put_octal(uint8_t *field, size_t len, uint64_t value) {
    field[len - 1] = '\0';
    for (size_t i = len - 1; i-- > 0;) {
        field[i] = static_cast<uint8_t>('0' + (value & 7));
        value >>= 3;
    }
}

void check_name(const std::string &name) {
    bool ok = !name.empty() && name.size() <= kNameLen && name[0] != '/';
    for (char c : name) {
        ok = ok && c >= 0x20 && c < 0x7f;
    }
    if (!ok) {
        throw Error(MSEQ_EINVAL, "tar member name '" + name +
                                     "': must be 1-100 printable ASCII "
                                     "characters, not starting with '/'");
    }
}

}  // namespace

void tar_append_file(std::vector<uint8_t> &archive, const std::string &name,
                     const void *data, size_t size) {
    check_name(name);
    if (static_cast<uint64_t>(size) > kMaxMemberSize) {
        throw Error(MSEQ_ERANGE, "tar member '" + name +
                                     "': " + std::to_string(size) +
                                     " bytes, ustar holds at most 8 GiB - 1");
    }
    uint8_t header[kTarBlock] = {};
    std::memcpy(header + kNameOff, name.data(), name.size());
    put_octal(header + kModeOff, kIdLen, 0644);
    put_octal(header + kUidOff, kIdLen, 0);
    put_octal(header + kGidOff, kIdLen, 0);
    put_octal(header + kSizeOff, kSizeLen, size);
    put_octal(header + kMtimeOff, kMtimeLen, 0);
    header[kTypeOff] = '0';
    std::memcpy(header + kMagicOff, "ustar", 6);  // with its NUL
    std::memcpy(header + kVersionOff, "00", 2);
    // The checksum is computed with its own field read as spaces, then
    // stored as six octal digits, a NUL and a space.
    std::memset(header + kChksumOff, ' ', kChksumLen);
    unsigned sum = 0;
    for (uint8_t byte : header) {
        sum += byte;
    }
    put_octal(header + kChksumOff, 7, sum);
    header[kChksumOff + 7] = ' ';

    const size_t padding = (kTarBlock - size % kTarBlock) % kTarBlock;
    archive.reserve(archive.size() + kTarBlock + size + padding);
    archive.insert(archive.end(), header, header + kTarBlock);
    const auto *bytes = static_cast<const uint8_t *>(data);
    if (size > 0) {
        archive.insert(archive.end(), bytes, bytes + size);
    }
    archive.insert(archive.end(), padding, 0);
}

std::vector<uint8_t> tar_trailer(uint64_t archive_size) {
    const uint64_t closed = archive_size + 2 * kTarBlock;
    const uint64_t total = (closed + kTarRecord - 1) / kTarRecord * kTarRecord;
    return std::vector<uint8_t>(static_cast<size_t>(total - archive_size), 0);
}

}  // namespace mseq
