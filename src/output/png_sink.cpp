// PNG sink: 8-bit grayscale images to PNG bytes in memory, with libpng.
//
// libpng reports errors by longjmp. A longjmp must not skip C++ destructors
// or leave a catch block, so encode_raw() below holds only trivially
// destructible locals, the write callback never lets an exception reach
// libpng, and every error is turned into a code that the C++ wrapper throws
// as mseq::Error once libpng's frames are gone.
#include "output/png_sink.hpp"

#include <png.h>
#include <zlib.h>

#include <csetjmp>
#include <cstdio>
#include <limits>
#include <new>
#include <string>

#include "common/error.hpp"
#include "output/png_rle.hpp"

namespace mseq {
namespace {

// State shared with libpng's callbacks (through png_get_io_ptr and
// png_get_error_ptr). Plain data: it may be abandoned by a longjmp.
struct WriteState {
    std::vector<uint8_t> *out;
    bool out_of_memory;
    char message[256];
};

void on_png_error(png_structp png, png_const_charp message) {
    auto *state = static_cast<WriteState *>(png_get_error_ptr(png));
    std::snprintf(state->message, sizeof state->message, "%s",
                  message != nullptr ? message : "unknown libpng error");
    png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}

// Appends a chunk of encoded bytes. A failed allocation is recorded and then
// reported to libpng outside of the catch block, so that png_error's longjmp
// never leaves a handler.
void on_png_write(png_structp png, png_bytep data, size_t length) {
    auto *state = static_cast<WriteState *>(png_get_io_ptr(png));
    bool failed = false;
    try {
        state->out->insert(state->out->end(), data, data + length);
    } catch (...) {
        failed = true;
    }
    if (failed) {
        state->out_of_memory = true;
        png_error(png, "out of memory");
    }
}

void on_png_flush(png_structp) {}

int zlib_strategy(PngStrategy strategy) {
    switch (strategy) {
        case PngStrategy::standard:
            return Z_DEFAULT_STRATEGY;
        case PngStrategy::filtered:
            return Z_FILTERED;
        case PngStrategy::huffman:
            return Z_HUFFMAN_ONLY;
        case PngStrategy::rle:
            break;
    }
    return Z_RLE;
}

int png_filter(PngFilter filter) {
    switch (filter) {
        case PngFilter::sub:
            return PNG_FILTER_SUB;
        case PngFilter::up:
            return PNG_FILTER_UP;
        case PngFilter::adaptive:
            return PNG_ALL_FILTERS;
        case PngFilter::none:
            break;
    }
    return PNG_FILTER_NONE;
}

// The libpng part. Returns 0, or MSEQ_ENOMEM / MSEQ_EINTERNAL with the
// detail in state.message. Nothing here has a destructor.
// depth 8: a row is cols bytes; depth 16: 2 * cols bytes, big-endian;
// color PNG_COLOR_TYPE_RGB (depth 8): 3 * cols bytes.
int encode_raw(WriteState &state, const uint8_t *pixels, uint32_t rows,
               uint32_t cols, int level, int strategy, int filter,
               int depth = 8, int color = PNG_COLOR_TYPE_GRAY) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &state,
                                              on_png_error, on_png_warning);
    if (png == nullptr) {
        std::snprintf(state.message, sizeof state.message,
                      "libpng could not allocate its write state");
        return MSEQ_ENOMEM;
    }
    png_infop info = png_create_info_struct(png);
    if (info == nullptr) {
        png_destroy_write_struct(&png, nullptr);
        std::snprintf(state.message, sizeof state.message,
                      "libpng could not allocate its info state");
        return MSEQ_ENOMEM;
    }
    // png and info are not modified after setjmp, so they keep their values
    // when libpng jumps back here.
    if (setjmp(png_jmpbuf(png)) != 0) {
        png_destroy_write_struct(&png, &info);
        return state.out_of_memory ? MSEQ_ENOMEM : MSEQ_EINTERNAL;
    }
    png_set_write_fn(png, &state, on_png_write, on_png_flush);
    // libpng's default 1,000,000-pixel cap on a side also applies to
    // writing; the sides were checked against PNG's own limit instead.
    png_set_user_limits(png, kMaxPngSide, kMaxPngSide);
    png_set_IHDR(png, info, cols, rows, depth, color, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, filter);
    png_set_compression_level(png, level);
    png_set_compression_strategy(png, strategy);
    png_write_info(png, info);
    for (uint32_t r = 0; r < rows; ++r) {
        png_write_row(png, pixels + size_t(r) * cols * size_t(depth / 8) *
                                        (color == PNG_COLOR_TYPE_RGB ? 3 : 1));
    }
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return 0;
}

}  // namespace

PngOptions png_options_for_level(int level) {
    if (level < -1 || level > 9) {
        // Below the range is invalid, above it out of range, as for every
        // integer parameter (mseq_params_set).
        throw Error(level < -1 ? MSEQ_EINVAL : MSEQ_ERANGE,
                    "PNG: compression level " + std::to_string(level) +
                        " is not -1 (default) or 0..9");
    }
    if (level == -1) {
        return PngOptions();
    }
    return PngOptions{level, PngStrategy::standard, PngFilter::adaptive};
}

namespace {

// The checks of encode_png_gray8 (png_sink.hpp); returns the zlib level.
int checked_level(const uint8_t *pixels, uint32_t rows, uint32_t cols,
                  const PngOptions &options) {
    if (pixels == nullptr) {
        throw Error(MSEQ_EINVAL, "PNG: pixels is NULL");
    }
    if (rows == 0 || cols == 0) {
        throw Error(MSEQ_EINVAL, "PNG: image of " + std::to_string(rows) +
                                     " x " + std::to_string(cols) +
                                     " pixels: both sides must be >= 1");
    }
    if (rows > kMaxPngSide || cols > kMaxPngSide) {
        throw Error(MSEQ_ERANGE, "PNG: image of " + std::to_string(rows) +
                                     " x " + std::to_string(cols) +
                                     " pixels: a side exceeds PNG's limit of " +
                                     std::to_string(kMaxPngSide));
    }
    if (size_t(rows) > std::numeric_limits<size_t>::max() / cols) {
        throw Error(MSEQ_ERANGE, "PNG: image of " + std::to_string(rows) +
                                     " x " + std::to_string(cols) +
                                     " pixels: size overflows");
    }
    if (options.level < -1 || options.level > 9) {
        throw Error(MSEQ_EINVAL, "PNG: compression level " +
                                     std::to_string(options.level) +
                                     " is not -1 (default) or 0..9");
    }
    return options.level == -1 ? kDefaultPngLevel : options.level;
}

}  // namespace

void encode_png_gray8(std::vector<uint8_t> &out, const uint8_t *pixels,
                      uint32_t rows, uint32_t cols, const PngOptions &options) {
    const int level = checked_level(pixels, rows, cols, options);
    if (options.strategy == PngStrategy::rle &&
        options.filter == PngFilter::none &&
        png_rle_supports(rows, cols, level)) {
        encode_png_gray8_rle(out, pixels, rows, cols);
        return;
    }
    encode_png_gray8_libpng(out, pixels, rows, cols, options);
}

void encode_png_gray8_libpng(std::vector<uint8_t> &out, const uint8_t *pixels,
                             uint32_t rows, uint32_t cols,
                             const PngOptions &options) {
    const int level = checked_level(pixels, rows, cols, options);
    out.clear();
    // Room for a typical digit strip (they compress to well under a third)
    // so that most images need no reallocation.
    const size_t raw = size_t(rows) * cols;
    if (out.capacity() < raw / 4 + 256) {
        try {
            out.reserve(raw / 4 + 256);
        } catch (const std::bad_alloc &) {
            throw Error(MSEQ_ENOMEM,
                        "PNG: out of memory for the encoded image");
        }
    }
    WriteState state{&out, false, {}};
    const int rc =
        encode_raw(state, pixels, rows, cols, level,
                   zlib_strategy(options.strategy), png_filter(options.filter));
    if (rc != 0) {
        out.clear();
        throw Error(rc, std::string("PNG encoding failed: ") + state.message);
    }
}

void encode_png_gray16(std::vector<uint8_t> &out, const uint16_t *pixels,
                       uint32_t rows, uint32_t cols,
                       const PngOptions &options) {
    const int level = checked_level(reinterpret_cast<const uint8_t *>(pixels),
                                    rows, cols, options);
    if (size_t(rows) * cols > std::numeric_limits<size_t>::max() / 2) {
        throw Error(MSEQ_ERANGE, "PNG: 16-bit image size overflows");
    }
    std::vector<uint8_t> big;
    try {
        big.resize(size_t(rows) * cols * 2);
        out.clear();
    } catch (const std::bad_alloc &) {
        throw Error(MSEQ_ENOMEM, "PNG: out of memory for a 16-bit image");
    }
    for (size_t i = 0; i < size_t(rows) * cols; ++i) {
        big[2 * i] = uint8_t(pixels[i] >> 8);
        big[2 * i + 1] = uint8_t(pixels[i] & 0xff);
    }
    WriteState state{&out, false, {}};
    const int rc = encode_raw(state, big.data(), rows, cols, level,
                              zlib_strategy(options.strategy),
                              png_filter(options.filter), 16);
    if (rc != 0) {
        out.clear();
        throw Error(rc, std::string("PNG encoding failed: ") + state.message);
    }
}

void encode_png_rgb8(std::vector<uint8_t> &out, const uint8_t *pixels,
                     uint32_t rows, uint32_t cols, const PngOptions &options) {
    const int level = checked_level(pixels, rows, cols, options);
    if (size_t(rows) * cols > std::numeric_limits<size_t>::max() / 3) {
        throw Error(MSEQ_ERANGE, "PNG: RGB image size overflows");
    }
    out.clear();
    WriteState state{&out, false, {}};
    const int rc = encode_raw(
        state, pixels, rows, cols, level, zlib_strategy(options.strategy),
        png_filter(options.filter), 8, PNG_COLOR_TYPE_RGB);
    if (rc != 0) {
        out.clear();
        throw Error(rc, std::string("PNG encoding failed: ") + state.message);
    }
}

std::vector<uint8_t> encode_png_gray8(const uint8_t *pixels, uint32_t rows,
                                      uint32_t cols,
                                      const PngOptions &options) {
    std::vector<uint8_t> out;
    encode_png_gray8(out, pixels, rows, cols, options);
    return out;
}

}  // namespace mseq
