// PNG sink: encodes an 8-bit grayscale image (rows x cols bytes, row-major)
// to PNG in memory with libpng. libpng's errors never escape as longjmp or
// crash: they become mseq::Error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mseq {

// How the zlib stream inside the PNG is made. The defaults (no row filter,
// zlib's run-length strategy) encode digit strips several times faster than
// libpng's own defaults (adaptive filters, level 6) for files about as small:
// digit images are mostly runs of one background value.
enum class PngStrategy {
    rle,       // Z_RLE: matches only runs (default; fast, good here)
    standard,  // Z_DEFAULT_STRATEGY: full LZ77 matching
    filtered,  // Z_FILTERED
    huffman,   // Z_HUFFMAN_ONLY: no matching at all
};

enum class PngFilter {
    none,      // PNG_FILTER_NONE (default)
    sub,       // PNG_FILTER_SUB
    up,        // PNG_FILTER_UP
    adaptive,  // libpng's per-row choice among all five filters
};

struct PngOptions {
    int level = -1;  // zlib level 0..9; -1 = kDefaultPngLevel
    PngStrategy strategy = PngStrategy::rle;
    PngFilter filter = PngFilter::none;
};

// The level used for PngOptions::level == -1 (and mseq_write_png's -1).
constexpr int kDefaultPngLevel = 6;

// The options behind a single public "PNG level" (mseq_write_png's level,
// MSEQ_PARAM_PNG_LEVEL): -1 gives PngOptions() (run-length, no filter);
// 0..9 give libpng's standard encoding at that zlib level (adaptive row
// filters, zlib's default strategy). Throws mseq::Error(MSEQ_EINVAL) for
// any other value.
PngOptions png_options_for_level(int level);

// PNG's limit on a side, 2^31 - 1.
constexpr uint32_t kMaxPngSide = 0x7fffffffu;

// Encodes pixels (rows * cols bytes, row-major, 0 black .. 255 white) as an
// 8-bit grayscale, non-interlaced PNG into out, replacing its content (its
// capacity is reused, so one vector can serve many images).
// Throws mseq::Error: MSEQ_EINVAL (pixels null, rows or cols 0, level outside
// -1..9), MSEQ_ERANGE (a side above kMaxPngSide or rows * cols overflowing),
// MSEQ_ENOMEM, MSEQ_EINTERNAL (libpng refused the image). out is unspecified
// after a failure.
void encode_png_gray8(std::vector<uint8_t> &out, const uint8_t *pixels,
                      uint32_t rows, uint32_t cols,
                      const PngOptions &options = PngOptions());

// The same with libpng's own writer, whatever the options. For the
// run-length default (no filter, Z_RLE, levels 1-9), encode_png_gray8 uses
// its own deflate (output/png_rle.hpp, output/deflate_rle.hpp) and makes
// exactly these bytes; the tests compare the two.
void encode_png_gray8_libpng(std::vector<uint8_t> &out, const uint8_t *pixels,
                             uint32_t rows, uint32_t cols,
                             const PngOptions &options = PngOptions());

// Encodes 16-bit values (rows * cols, row-major) as a 16-bit grayscale PNG
// with libpng (the samples big-endian, as PNG stores them), whatever the
// options' strategy; the checks and errors of encode_png_gray8.
void encode_png_gray16(std::vector<uint8_t> &out, const uint16_t *pixels,
                       uint32_t rows, uint32_t cols,
                       const PngOptions &options = PngOptions());

// Encodes 8-bit RGB pixels (rows * cols * 3 bytes, R G B per pixel,
// row-major) as an RGB PNG with libpng; the checks and errors of
// encode_png_gray8.
void encode_png_rgb8(std::vector<uint8_t> &out, const uint8_t *pixels,
                     uint32_t rows, uint32_t cols,
                     const PngOptions &options = PngOptions());

// Same, returning a new vector.
std::vector<uint8_t> encode_png_gray8(const uint8_t *pixels, uint32_t rows,
                                      uint32_t cols,
                                      const PngOptions &options = PngOptions());

}  // namespace mseq
