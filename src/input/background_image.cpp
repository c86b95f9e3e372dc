// Decoding users' pictures (background_image.hpp).
#include "input/background_image.hpp"

#include <png.h>

#include <string>

#include "common/error.hpp"
#include "common/file_util.hpp"
#include "common/sha256.hpp"

namespace mseq {

uint8_t grey_of(uint8_t r, uint8_t g, uint8_t b, uint8_t a) {
    const auto over_white = [a](uint32_t c) {
        return (c * a + 255u * (255u - a) + 127u) / 255u;
    };
    return static_cast<uint8_t>((299u * over_white(r) + 587u * over_white(g) +
                                 114u * over_white(b) + 500u) /
                                1000u);
}

namespace {

[[noreturn]] void fail(int code, const std::string &path,
                       const std::string &why) {
    throw Error(code, "background image '" + path + "': " + why);
}

// Frees libpng's state of a simplified read on every way out.
struct PngImage {
    png_image image{};
    PngImage() { image.version = PNG_IMAGE_VERSION; }
    ~PngImage() { png_image_free(&image); }
    PngImage(const PngImage &) = delete;
    PngImage &operator=(const PngImage &) = delete;
};

}  // namespace

BackgroundImage read_background_image(const std::string &path) {
    std::string bytes;
    bool found = false;
    try {
        found = read_regular_file(path, kMaxBackgroundBytes, bytes);
    } catch (const Error &e) {
        if (e.code() == MSEQ_ENOMEM) throw;
        // The reason without the path the message starts with.
        std::string why = e.what();
        if (why.compare(0, path.size() + 2, path + ": ") == 0) {
            why.erase(0, path.size() + 2);
        }
        fail(e.code(), path, why);
    }
    if (!found) fail(MSEQ_EIO, path, "cannot open: No such file or directory");
    if (bytes.size() < 8 ||
        png_sig_cmp(reinterpret_cast<png_const_bytep>(bytes.data()), 0, 8) !=
            0) {
        fail(MSEQ_EFORMAT, path, "not a PNG file");
    }
    PngImage png;
    if (png_image_begin_read_from_memory(&png.image, bytes.data(),
                                         bytes.size()) == 0) {
        fail(MSEQ_EFORMAT, path,
             std::string("damaged PNG (") + png.image.message + ")");
    }
    const uint64_t pixels = uint64_t{png.image.width} * png.image.height;
    if (pixels > kMaxBackgroundPixels) {
        fail(MSEQ_ERANGE, path,
             std::to_string(png.image.width) + " x " +
                 std::to_string(png.image.height) +
                 " pixels, above the largest picture (" +
                 std::to_string(kMaxBackgroundPixels) + " pixels)");
    }
    png.image.format = PNG_FORMAT_RGBA;
    std::vector<uint8_t> rgba(PNG_IMAGE_SIZE(png.image));
    if (png_image_finish_read(&png.image, nullptr, rgba.data(), 0, nullptr) ==
        0) {
        fail(MSEQ_EFORMAT, path,
             std::string("damaged PNG (") + png.image.message + ")");
    }
    BackgroundImage picture;
    picture.path = path;
    picture.sha256 = sha256_hex(bytes.data(), bytes.size());
    picture.rows = png.image.height;
    picture.width = png.image.width;
    picture.grey.resize(size_t(pixels));
    for (size_t i = 0; i < picture.grey.size(); ++i) {
        const uint8_t *p = rgba.data() + 4 * i;
        picture.grey[i] = grey_of(p[0], p[1], p[2], p[3]);
    }
    return picture;
}

void check_background_count(size_t count) {
    if (count > MSEQ_MAX_BACKGROUND_IMAGES) {
        throw Error(MSEQ_ERANGE,
                    std::to_string(count) +
                        " background images: above MSEQ_MAX_BACKGROUND_IMAGES "
                        "(" +
                        std::to_string(MSEQ_MAX_BACKGROUND_IMAGES) + ")");
    }
}

std::shared_ptr<const BackgroundImages> read_background_images(
    const std::vector<std::string> &paths) {
    check_background_count(paths.size());
    if (paths.empty()) return nullptr;
    auto pictures = std::make_shared<BackgroundImages>();
    pictures->reserve(paths.size());
    for (const std::string &path : paths) {
        if (path.find_first_of("'\n") != std::string::npos) {
            fail(MSEQ_EINVAL, path,
                 "a path with a single quote or a newline (a recipe could "
                 "not name it)");
        }
        if (path.empty()) fail(MSEQ_EINVAL, path, "an empty path");
        pictures->push_back(read_background_image(path));
    }
    return pictures;
}

}  // namespace mseq
