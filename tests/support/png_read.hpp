// Test helper: decodes a PNG (file or memory) with libpng's own reader, so
// that tests check what any PNG reader sees, independently of the encoder.
#pragma once

#include <png.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace mseq_test {

struct DecodedPng {
    bool ok = false;
    std::string error;    // libpng's message when !ok
    uint32_t rows = 0;    // height
    uint32_t cols = 0;    // width
    int bit_depth = 0;    // from IHDR
    int color_type = -1;  // from IHDR (PNG_COLOR_TYPE_*)
    // rows * cols gray bytes when 8-bit gray; rows * cols * 2 bytes (each
    // value big-endian) when 16-bit gray; rows * cols * 3 (R, G, B) when
    // 8-bit RGB.
    std::vector<uint8_t> pixels;
};

namespace detail {

struct ReadSource {
    const uint8_t *data;
    size_t size;
    size_t offset;
    char message[256];
};

inline void on_read(png_structp png, png_bytep out, size_t length) {
    auto *src = static_cast<ReadSource *>(png_get_io_ptr(png));
    if (length > src->size - src->offset) {
        png_error(png, "unexpected end of PNG data");
    }
    std::memcpy(out, src->data + src->offset, length);
    src->offset += length;
}

inline void on_error(png_structp png, png_const_charp message) {
    auto *src = static_cast<ReadSource *>(png_get_error_ptr(png));
    std::snprintf(src->message, sizeof src->message, "%s", message);
    png_longjmp(png, 1);
}

inline void on_warning(png_structp, png_const_charp) {}

// libpng's classic reader (the simplified API cannot lift libpng's
// 1,000,000-pixel cap on a side). Only trivially destructible locals between
// setjmp and libpng's longjmp; out's buffers are sized before reading.
inline bool read_png(ReadSource &src, DecodedPng &out) {
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &src,
                                             on_error, on_warning);
    if (png == nullptr) {
        return false;
    }
    png_infop info = png_create_info_struct(png);
    if (info == nullptr || setjmp(png_jmpbuf(png)) != 0) {
        png_destroy_read_struct(&png, &info, nullptr);
        return false;
    }
    png_set_read_fn(png, &src, on_read);
    png_set_user_limits(png, 0x7fffffffu, 0x7fffffffu);
    png_read_info(png, info);
    out.cols = png_get_image_width(png, info);
    out.rows = png_get_image_height(png, info);
    out.bit_depth = png_get_bit_depth(png, info);
    out.color_type = png_get_color_type(png, info);
    const bool gray8 =
        out.bit_depth == 8 && out.color_type == PNG_COLOR_TYPE_GRAY;
    const bool gray16 =
        out.bit_depth == 16 && out.color_type == PNG_COLOR_TYPE_GRAY;
    const bool rgb8 =
        out.bit_depth == 8 && out.color_type == PNG_COLOR_TYPE_RGB;
    if (!(gray8 || gray16 || rgb8) ||
        png_get_interlace_type(png, info) != PNG_INTERLACE_NONE) {
        std::snprintf(src.message, sizeof src.message,
                      "not an 8-bit non-interlaced grayscale PNG");
        png_destroy_read_struct(&png, &info, nullptr);
        return false;
    }
    const size_t row_bytes = size_t(out.cols) * (gray8 ? 1 : gray16 ? 2 : 3);
    out.pixels.resize(size_t(out.rows) * row_bytes);
    for (uint32_t r = 0; r < out.rows; ++r) {
        png_read_row(png, out.pixels.data() + size_t(r) * row_bytes, nullptr);
    }
    png_read_end(png, nullptr);
    png_destroy_read_struct(&png, &info, nullptr);
    return true;
}

}  // namespace detail

// Reads IHDR and, for an 8-bit non-interlaced grayscale image, its pixels
// (ok is false for any other kind of PNG, with IHDR's fields filled in).
inline DecodedPng decode_png(const std::vector<uint8_t> &bytes) {
    DecodedPng out;
    detail::ReadSource src{bytes.data(), bytes.size(), 0, {}};
    out.ok = detail::read_png(src, out);
    if (!out.ok) {
        out.error = src.message;
        out.pixels.clear();
    }
    return out;
}

inline std::vector<uint8_t> read_bytes(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in),
                                std::istreambuf_iterator<char>());
}

inline DecodedPng decode_png_file(const std::string &path) {
    const std::vector<uint8_t> bytes = read_bytes(path);
    if (bytes.empty()) {
        DecodedPng out;
        out.error = path + ": empty or unreadable";
        return out;
    }
    return decode_png(bytes);
}

}  // namespace mseq_test
