// The dataset writer's default PNG encoding (filter none, zlib's Z_RLE
// strategy) made without libpng: the bytes libpng's writer makes for the
// same image and settings, exactly (chunks, zlib header, IDAT split),
// without libpng's costs per image (its state and a zlib stream of about
// 270 KB built and freed per image, zlib fed row by row). The zlib stream
// is output/deflate_rle's: zlib's bytes for the rows given one at a time,
// about twice as fast as zlib, whatever zlib the system has.
//
// What "the same bytes" means, from libpng 1.6's writer (pngwutil.c):
//  - signature, IHDR (8-bit gray, no interlace), IDAT chunks, IEND;
//  - the zlib stream: deflate level `level`, Z_DEFLATED, memLevel 8,
//    Z_RLE, windowBits 15 lowered while the image data (rows x (cols + 1)
//    bytes) plus 262 fits in half the window; then the stream header's
//    window size lowered to fit the data (libpng's optimize_cmf);
//  - the stream cut into IDAT chunks of PNG_ZBUF_SIZE (8192) bytes.
// png_sink's tests compare both encoders on many images.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mseq {

// True when encode_png_gray8_rle takes images of this size and zlib level
// (1..9: level 0's stored blocks depend on how the input is fed; images up
// to 1 GiB of filtered rows). The others go through libpng.
bool png_rle_supports(uint32_t rows, uint32_t cols, int level);

// Encodes pixels (rows * cols bytes, row-major) into out (replacing its
// content, reusing its capacity) as zlib's Z_RLE strategy does at any level
// 1..9 (they give the same bytes), no row filter. The sides must be valid
// (encode_png_gray8 checks them) and png_rle_supports(rows, cols, level)
// true. Throws mseq::Error(MSEQ_ENOMEM).
void encode_png_gray8_rle(std::vector<uint8_t> &out, const uint8_t *pixels,
                          uint32_t rows, uint32_t cols);

}  // namespace mseq
