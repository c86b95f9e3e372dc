// PNG text chunks (png_text.hpp).
#include "output/png_text.hpp"

#include <zlib.h>

#include <cstring>

#include "common/error.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {

namespace {

const uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
// Signature, then IHDR: length (4), type (4), 13 bytes of data, CRC (4).
constexpr size_t kAfterIhdr = 8 + 4 + 4 + 13 + 4;

uint32_t get32(const uint8_t *p) {
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 |
           uint32_t(p[3]);
}

void put32(std::vector<uint8_t> &out, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) {
        out.push_back(uint8_t(v >> shift));
    }
}

// CRC-32 of a chunk's type and data (zlib's, as PNG specifies).
uint32_t chunk_crc(const uint8_t *type_and_data, size_t size) {
    uLong crc = crc32(0L, Z_NULL, 0);
    while (size > 0) {
        const uInt n = size > 0x40000000u ? 0x40000000u : uInt(size);
        crc = crc32(crc, type_and_data, n);
        type_and_data += n;
        size -= n;
    }
    return uint32_t(crc);
}

bool printable_latin1(unsigned char c) {
    return (c >= 32 && c <= 126) || c >= 161;
}

}  // namespace

void check_png_text(const PngText &t) {
    const std::string &key = t.first;
    bool ok = !key.empty() && key.size() <= 79 && key.front() != ' ' &&
              key.back() != ' ' && key.find("  ") == std::string::npos;
    for (unsigned char c : key) ok = ok && printable_latin1(c);
    if (!ok) {
        throw Error(MSEQ_EINVAL,
                    "PNG text keyword '" + key +
                        "' is not 1-79 printable Latin-1 characters without "
                        "leading, trailing or consecutive spaces");
    }
    if (t.second.find('\0') != std::string::npos) {
        throw Error(MSEQ_EINVAL, "PNG text '" + key + "' holds a NUL byte");
    }
}

void add_png_text(std::vector<uint8_t> &png,
                  const std::vector<PngText> &texts) {
    if (png.size() < kAfterIhdr ||
        std::memcmp(png.data(), kSignature, 8) != 0 ||
        std::memcmp(png.data() + 12, "IHDR", 4) != 0) {
        throw Error(MSEQ_EINVAL, "not a PNG starting with its IHDR chunk");
    }
    std::vector<uint8_t> chunks;
    for (const PngText &t : texts) {
        check_png_text(t);
        const size_t length = t.first.size() + 1 + t.second.size();
        if (length > 0x7fffffffu) {
            throw Error(MSEQ_ERANGE, "PNG text '" + t.first +
                                         "' is longer than a chunk can be");
        }
        put32(chunks, uint32_t(length));
        const size_t type_at = chunks.size();
        chunks.insert(chunks.end(), {'t', 'E', 'X', 't'});
        chunks.insert(chunks.end(), t.first.begin(), t.first.end());
        chunks.push_back(0);
        chunks.insert(chunks.end(), t.second.begin(), t.second.end());
        put32(chunks, chunk_crc(chunks.data() + type_at, 4 + length));
    }
    png.insert(png.begin() + kAfterIhdr, chunks.begin(), chunks.end());
}

std::optional<std::string> find_png_text(const std::vector<uint8_t> &png,
                                         const std::string &key,
                                         const std::string &what) {
    const auto malformed = [&](const std::string &why) {
        return Error(MSEQ_EFORMAT, what + ": not a PNG file (" + why + ")");
    };
    if (png.size() < 8 || std::memcmp(png.data(), kSignature, 8) != 0) {
        throw malformed("no PNG signature");
    }
    size_t at = 8;
    while (true) {
        if (png.size() - at < 12) throw malformed("a chunk is cut short");
        const uint32_t length = get32(png.data() + at);
        if (length > 0x7fffffffu || png.size() - at - 12 < length) {
            throw malformed("a chunk is cut short");
        }
        const uint8_t *type = png.data() + at + 4;
        if (get32(type + 4 + length) != chunk_crc(type, 4 + size_t(length))) {
            throw malformed("a chunk's CRC is wrong");
        }
        if (std::memcmp(type, "IEND", 4) == 0) return std::nullopt;
        if (std::memcmp(type, "tEXt", 4) == 0) {
            const char *data = reinterpret_cast<const char *>(type + 4);
            const size_t name = strnlen(data, length);
            if (name < length && std::string(data, name) == key) {
                return std::string(data + name + 1, length - name - 1);
            }
        }
        at += 12 + size_t(length);
    }
}

}  // namespace mseq
