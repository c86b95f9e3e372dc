// PNG with zlib alone for the run-length default (png_rle.hpp).
#include "output/png_rle.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <string>

#include "common/error.hpp"
#include "mnistseq/mnistseq.h"
#include "output/deflate_rle.hpp"

namespace mseq {
namespace {

constexpr size_t kIdatSize = 8192;  // libpng's PNG_ZBUF_SIZE
constexpr int kMemLevel = 8;        // libpng's default zlib memLevel
constexpr uint64_t kMaxRaw = uint64_t(1) << 30;
// A thread keeps buffers up to this size between images; a larger image's
// are freed once it is encoded.
constexpr size_t kKeptBufferBytes = size_t(1) << 20;

// One zlib stream per thread, reset for each image; rebuilt only when the
// level or window size changes.
struct Deflater {
    z_stream zs{};
    bool ready = false;
    int level = -2;
    int window_bits = 0;
    std::vector<uint8_t> raw;   // the filtered rows: 0, row, 0, row, ...
    std::vector<uint8_t> zbuf;  // the zlib stream

    Deflater() = default;
    Deflater(const Deflater &) = delete;
    Deflater &operator=(const Deflater &) = delete;
    ~Deflater() {
        if (ready) deflateEnd(&zs);
    }

    void start(int lvl, int bits) {
        if (ready && lvl == level && bits == window_bits) {
            if (deflateReset(&zs) != Z_OK) fail(Z_STREAM_ERROR);
            return;
        }
        if (ready) deflateEnd(&zs);
        ready = false;
        zs = z_stream{};
        const int rc =
            deflateInit2(&zs, lvl, Z_DEFLATED, bits, kMemLevel, Z_RLE);
        if (rc != Z_OK) fail(rc);
        ready = true;
        level = lvl;
        window_bits = bits;
    }

    [[noreturn]] void fail(int rc) const {
        if (rc == Z_MEM_ERROR) {
            throw Error(MSEQ_ENOMEM, "PNG: out of memory for zlib");
        }
        throw Error(MSEQ_EINTERNAL,
                    "PNG encoding failed: zlib error " + std::to_string(rc) +
                        (zs.msg != nullptr ? std::string(": ") + zs.msg : ""));
    }
};

Deflater &deflater() {
    thread_local Deflater d;
    return d;
}

// Frees a large image's buffers when the encoding ends, however it ends.
struct TrimBuffers {
    Deflater &d;
    ~TrimBuffers() {
        if (d.raw.capacity() > kKeptBufferBytes)
            std::vector<uint8_t>().swap(d.raw);
        if (d.zbuf.capacity() > kKeptBufferBytes) {
            std::vector<uint8_t>().swap(d.zbuf);
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

// The zlib stream of d.raw's first raw_size bytes into d.zbuf, made by
// zlib_rle_stream: zlib's bytes for an image zlib holds whole in its window
// (every level gives the same bytes with Z_RLE).
size_t deflate_small(Deflater &d, size_t raw_size, int bits) {
    const size_t bound = zlib_rle_bound(raw_size);
    if (d.zbuf.size() < bound) d.zbuf.resize(bound);
    return zlib_rle_stream(d.zbuf.data(), d.raw.data(), raw_size, bits);
}

// The same stream made by zlib, fed row by row as libpng feeds it: zlib's
// output depends on how its input comes through the moments it slides its
// window, which happen only for images larger than the window.
size_t deflate_with_zlib(Deflater &d, size_t raw_size, size_t stride, int level,
                         int bits) {
    d.start(level, bits);
    const size_t bound = deflateBound(&d.zs, static_cast<uLong>(raw_size));
    if (d.zbuf.size() < bound) d.zbuf.resize(bound);
    d.zs.next_out = d.zbuf.data();
    d.zs.avail_out = static_cast<uInt>(d.zbuf.size());
    for (size_t at = 0; at < raw_size; at += stride) {
        d.zs.next_in = d.raw.data() + at;
        d.zs.avail_in = static_cast<uInt>(stride);
        const int rc = deflate(&d.zs, Z_NO_FLUSH);
        if (rc != Z_OK || d.zs.avail_in != 0) {
            d.fail(rc == Z_OK ? Z_BUF_ERROR : rc);
        }
    }
    const int rc = deflate(&d.zs, Z_FINISH);
    if (rc != Z_STREAM_END) d.fail(rc == Z_OK ? Z_BUF_ERROR : rc);
    return d.zbuf.size() - d.zs.avail_out;
}

}  // namespace

bool png_rle_supports(uint32_t rows, uint32_t cols, int level) {
    return level >= 1 && level <= 9 &&
           uint64_t(cols + uint64_t(1)) * rows <= kMaxRaw;
}

void encode_png_gray8_rle(std::vector<uint8_t> &out, const uint8_t *pixels,
                          uint32_t rows, uint32_t cols, int level) {
    Deflater &d = deflater();
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
        const int bits = window_bits_for(data_size);
        const size_t zsize =
            zlib_rle_fits(raw_size, bits)
                ? deflate_small(d, raw_size, bits)
                : deflate_with_zlib(d, raw_size, stride, level, bits);
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
