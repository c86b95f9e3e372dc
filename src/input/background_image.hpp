// Users' pictures for the paper (mnistseq.h, MSEQ_BACKGROUND_IMAGE): PNG
// files decoded once into greys, kept with the SHA-256 of their bytes so
// that a manifest can name exactly what a dataset's paper was made of.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mnistseq/mnistseq.h"

namespace mseq {

// The largest picture read (mnistseq.h, mseq_params_set_background_images).
constexpr uint64_t kMaxBackgroundPixels = MSEQ_MAX_BACKGROUND_PIXELS;
constexpr size_t kMaxBackgroundBytes = size_t(1) << 28;

// One decoded picture.
struct BackgroundImage {
    std::string path;            // as the caller named it
    std::string sha256;          // of the file's bytes, lower-case hex
    size_t rows = 0, width = 0;  // both at least 1
    std::vector<uint8_t> grey;   // rows x width, row-major, 0 black, 255 white
};

// The pictures of one set of parameters (shared between copies).
using BackgroundImages = std::vector<BackgroundImage>;

// The grey of an 8-bit sRGB pixel with alpha a, composited over white:
// each channel c becomes (c a + 255 (255 - a) + 127) / 255 (integer
// division), then grey = (299 r + 587 g + 114 b + 500) / 1000 (ITU-R
// BT.601 weights, integers: the same on every platform).
uint8_t grey_of(uint8_t r, uint8_t g, uint8_t b, uint8_t a);

// Reads the PNG file at path: any colour type and bit depth, decoded by
// libpng's simplified API into 8-bit sRGB with alpha (which applies the
// file's own gamma), then grey_of() each pixel. Throws mseq::Error whose
// message starts with "background image 'PATH': ": MSEQ_EIO when the file
// cannot be read (or is not a regular file), MSEQ_EFORMAT when it is not a
// PNG or is damaged, MSEQ_ERANGE when it holds more than
// kMaxBackgroundPixels pixels or kMaxBackgroundBytes bytes.
BackgroundImage read_background_image(const std::string &path);

// Throws mseq::Error(MSEQ_ERANGE) when count is above
// MSEQ_MAX_BACKGROUND_IMAGES.
void check_background_count(size_t count);

// Reads every path (read_background_image()); null for none. Throws
// mseq::Error: check_background_count()'s, MSEQ_EINVAL for a path holding a
// single quote or a newline (a recipe could not quote it), and
// read_background_image()'s errors.
std::shared_ptr<const BackgroundImages> read_background_images(
    const std::vector<std::string> &paths);

}  // namespace mseq
