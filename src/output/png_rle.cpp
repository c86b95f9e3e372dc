// PNG without libpng for the run-length default (png_rle.hpp).
#include "output/png_rle.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <new>

#include "common/error.hpp"
#include "mnistseq/mnistseq.h"
#include "output/deflate_rle.hpp"

namespace mseq {
namespace {

constexpr size_t kIdatSize = 8192;  // libpng's PNG_ZBUF_SIZE
constexpr uint64_t kMaxRaw = uint64_t(1) << 30;
// A thread keeps buffers up to this size between images; a larger image's
// are freed once it is encoded.
constexpr size_t kKeptBufferBytes = size_t(1) << 20;

// A thread's buffers, reused from one image to the next.
struct Buffers {
    std::vector<uint8_t> raw;   // the filtered rows: 0, row, 0, row, ...
    std::vector<uint8_t> zbuf;  // the zlib stream
};

Buffers &buffers() {
    thread_local Buffers b;
    return b;
}

// Frees a large image's buffers when the encoding ends, however it ends.
struct TrimBuffers {
    Buffers &b;
    ~TrimBuffers() {
        if (b.raw.capacity() > kKeptBufferBytes) {
            std::vector<uint8_t>().swap(b.raw);
        }
        if (b.zbuf.capacity() > kKeptBufferBytes) {
            std::vector<uint8_t>().swap(b.zbuf);
        }
    }
};

// libpng's png_image_size() for an 8-bit gray, non-interlaced image.
uint64_t image_size(uint32_t rows, uint32_t cols) {
    if (cols < 32768 && rows < 32768) return uint64_t(cols + 1) * rows;
    return 0xffffffffu;
}

// libpng's png_deflate_claim(): the window for data_size bytes.
int window_bits_for(uint64_t data_size) {
    int bits = 15;
    if (data_size <= 16384) {
        unsigned half = 1u << (bits - 1);
        while (data_size + 262 <= half) {
            half >>= 1;
            --bits;
        }
    }
    return bits;
}

// libpng's optimize_cmf(): the zlib header's window size lowered to fit.
void optimize_cmf(uint8_t *data, uint64_t data_size) {
    if (data_size > 16384) return;
    unsigned cmf = data[0];
    if ((cmf & 0x0f) != 8 || (cmf & 0xf0) > 0x70) return;
    unsigned cinfo = cmf >> 4;
    unsigned half = 1u << (cinfo + 7);
    if (data_size > half) return;
    do {
        half >>= 1;
        --cinfo;
    } while (cinfo > 0 && data_size <= half);
    cmf = (cmf & 0x0f) | (cinfo << 4);
    data[0] = static_cast<uint8_t>(cmf);
    unsigned flg = data[1] & 0xe0u;
    flg += 0x1f - ((cmf << 8) + flg) % 0x1f;
    data[1] = static_cast<uint8_t>(flg);
}

void put32(uint8_t *p, uint32_t v) {
    p[0] = static_cast<uint8_t>(v >> 24);
    p[1] = static_cast<uint8_t>(v >> 16);
    p[2] = static_cast<uint8_t>(v >> 8);
    p[3] = static_cast<uint8_t>(v);
}

// Writes a chunk (length, type, data, CRC) at p; returns the end.
uint8_t *put_chunk(uint8_t *p, const char *type, const uint8_t *data,
                   size_t size) {
    put32(p, static_cast<uint32_t>(size));
    std::memcpy(p + 4, type, 4);
    if (size > 0) std::memcpy(p + 8, data, size);
    const auto crc = crc32(0, p + 4, static_cast<uInt>(size + 4));
    put32(p + 8 + size, static_cast<uint32_t>(crc));
    return p + 12 + size;
}

}  // namespace

bool png_rle_supports(uint32_t rows, uint32_t cols, int level) {
    return level >= 1 && level <= 9 &&
           uint64_t(cols + uint64_t(1)) * rows <= kMaxRaw;
}

void encode_png_gray8_rle(std::vector<uint8_t> &out, const uint8_t *pixels,
                          uint32_t rows, uint32_t cols) {
    Buffers &d = buffers();
    const TrimBuffers trim{d};
    const size_t stride = size_t(cols) + 1;
    const size_t raw_size = stride * rows;
    try {
        if (d.raw.size() < raw_size) d.raw.resize(raw_size);
        for (uint32_t r = 0; r < rows; ++r) {
            uint8_t *row = d.raw.data() + r * stride;
            row[0] = 0;  // filter type none
            std::memcpy(row + 1, pixels + size_t(r) * cols, cols);
        }
        const uint64_t data_size = image_size(rows, cols);
        // libpng gives zlib one row at a time.
        const size_t bound = zlib_rle_bound(raw_size);
        if (d.zbuf.size() < bound) d.zbuf.resize(bound);
        const size_t zsize =
            zlib_rle_stream(d.zbuf.data(), d.raw.data(), raw_size,
                            window_bits_for(data_size), stride);
        optimize_cmf(d.zbuf.data(), data_size);

        static const uint8_t kSignature[8] = {137, 80, 78, 71, 13, 10, 26, 10};
        const size_t idats = (zsize + kIdatSize - 1) / kIdatSize;
        out.resize(8 + (12 + 13) + zsize + 12 * idats + 12);
        uint8_t *p = out.data();
        std::memcpy(p, kSignature, 8);
        uint8_t ihdr[13];
        put32(ihdr, cols);
        put32(ihdr + 4, rows);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 0;  // gray
        ihdr[10] = ihdr[11] = ihdr[12] = 0;
        p = put_chunk(p + 8, "IHDR", ihdr, sizeof ihdr);
        for (size_t at = 0; at < zsize; at += kIdatSize) {
            const size_t n = std::min(kIdatSize, zsize - at);
            p = put_chunk(p, "IDAT", d.zbuf.data() + at, n);
        }
        put_chunk(p, "IEND", nullptr, 0);
    } catch (const std::bad_alloc &) {
        throw Error(MSEQ_ENOMEM, "PNG: out of memory for the encoded image");
    }
}

}  // namespace mseq
