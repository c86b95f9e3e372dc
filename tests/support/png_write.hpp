// Test helper: writes PNG files with libpng's simplified API (pictures for
// MSEQ_BACKGROUND_IMAGE).
#pragma once

#include <png.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace mseq_test {

// Writes width x rows pixels of `format` (PNG_FORMAT_GRAY, _RGB, _RGBA,
// ...; bytes per pixel from the format) to path.
inline void write_png(const std::string &path, uint32_t width, uint32_t rows,
                      uint32_t format, const std::vector<uint8_t> &pixels) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    image.width = width;
    image.height = rows;
    image.format = format;
    if (pixels.size() != PNG_IMAGE_SIZE(image)) {
        throw std::runtime_error("write_png: wrong pixel count");
    }
    if (png_image_write_to_file(&image, path.c_str(), 0, pixels.data(), 0,
                                nullptr) == 0) {
        throw std::runtime_error("write_png: " + std::string(image.message));
    }
}

// A grey picture, g(x, y) for each pixel.
template <typename Grey>
void write_grey_png(const std::string &path, uint32_t width, uint32_t rows,
                    Grey g) {
    std::vector<uint8_t> px(size_t(width) * rows);
    for (uint32_t y = 0; y < rows; ++y) {
        for (uint32_t x = 0; x < width; ++x) {
            px[size_t(y) * width + x] = static_cast<uint8_t>(g(x, y));
        }
    }
    write_png(path, width, rows, PNG_FORMAT_GRAY, px);
}

}  // namespace mseq_test
