// C API: PNG output (mseq_write_png, mseq_encode_png), with text chunks
// (mseq_write_png_text, mseq_encode_png_text), and reading a text chunk
// back (mseq_read_png_text).
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "api/guard.hpp"
#include "common/error.hpp"
#include "common/file_util.hpp"
#include "mnistseq/mnistseq.h"
#include "output/atomic_file.hpp"
#include "output/png_sink.hpp"
#include "output/png_text.hpp"

namespace {

// Largest PNG file mseq_read_png_text reads.
constexpr size_t kMaxPngFile = size_t(1) << 30;

// The chunks of texts[0..ntexts), checked (MSEQ_EINVAL naming the entry).
std::vector<mseq::PngText> texts_of(const char *function,
                                    const mseq_png_text *texts, size_t ntexts) {
    if (ntexts > 0) mseq::require_non_null(texts, function, "texts");
    std::vector<mseq::PngText> out;
    for (size_t i = 0; i < ntexts; ++i) {
        const std::string which = "texts[" + std::to_string(i) + "]";
        mseq::require_non_null(texts[i].key, function,
                               (which + ".key").c_str());
        mseq::require_non_null(texts[i].text, function,
                               (which + ".text").c_str());
        out.emplace_back(texts[i].key, texts[i].text);
        try {
            mseq::check_png_text(out.back());
        } catch (const mseq::Error &e) {
            throw mseq::Error(e.code(), std::string(function) + ": " + which +
                                            ": " + e.what());
        }
    }
    return out;
}

// The PNG of the pixels with the chunks: what every writing function
// writes. `path` (or null) names the file in messages.
std::vector<uint8_t> encode(const char *function, const char *path,
                            const uint8_t *pixels, uint32_t rows, uint32_t cols,
                            int level, const mseq_png_text *texts,
                            size_t ntexts, bool rgb = false) {
    mseq::require_non_null(pixels, function, "pixels");
    const auto chunks = texts_of(function, texts, ntexts);
    std::vector<uint8_t> png;
    try {
        if (rgb) {
            mseq::encode_png_rgb8(png, pixels, rows, cols,
                                  mseq::png_options_for_level(level));
        } else {
            mseq::encode_png_gray8(png, pixels, rows, cols,
                                   mseq::png_options_for_level(level));
        }
    } catch (const mseq::Error &e) {
        if (path == nullptr) throw;
        throw mseq::Error(e.code(), std::string(path) + ": " + e.what());
    }
    mseq::add_png_text(png, chunks);
    return png;
}

int write(const char *function, const char *path, const uint8_t *pixels,
          uint32_t rows, uint32_t cols, int level, const mseq_png_text *texts,
          size_t ntexts, bool rgb = false) {
    return mseq::guard(function, [&] {
        mseq::require_non_null(path, function, "path");
        const std::vector<uint8_t> png = encode(
            function, path, pixels, rows, cols, level, texts, ntexts, rgb);
        mseq::write_file_atomic(path, png.data(), png.size());
    });
}

int encode_into(const char *function, size_t *size, void *out, size_t out_size,
                const uint8_t *pixels, uint32_t rows, uint32_t cols, int level,
                const mseq_png_text *texts, size_t ntexts, bool rgb = false) {
    return mseq::guard(function, [&] {
        mseq::require_non_null(size, function, "size");
        const std::vector<uint8_t> png = encode(
            function, nullptr, pixels, rows, cols, level, texts, ntexts, rgb);
        *size = png.size();
        if (out == nullptr || out_size < png.size()) {
            throw mseq::Error(
                MSEQ_EBUFSIZE,
                std::string(function) + ": the PNG needs " +
                    std::to_string(png.size()) + " bytes, out holds " +
                    std::to_string(out == nullptr ? 0 : out_size));
        }
        std::memcpy(out, png.data(), png.size());
    });
}

}  // namespace

extern "C" MSEQ_API int mseq_write_png(const char *path, const uint8_t *pixels,
                                       uint32_t rows, uint32_t cols,
                                       int level) {
    return write("mseq_write_png", path, pixels, rows, cols, level, nullptr, 0);
}

extern "C" MSEQ_API int mseq_write_png_text(
    const char *path, const uint8_t *pixels, uint32_t rows, uint32_t cols,
    int level, const mseq_png_text *texts, size_t ntexts) {
    return write("mseq_write_png_text", path, pixels, rows, cols, level, texts,
                 ntexts);
}

extern "C" MSEQ_API int mseq_encode_png(size_t *size, void *out,
                                        size_t out_size, const uint8_t *pixels,
                                        uint32_t rows, uint32_t cols,
                                        int level) {
    return encode_into("mseq_encode_png", size, out, out_size, pixels, rows,
                       cols, level, nullptr, 0);
}

extern "C" MSEQ_API int mseq_encode_png_text(
    size_t *size, void *out, size_t out_size, const uint8_t *pixels,
    uint32_t rows, uint32_t cols, int level, const mseq_png_text *texts,
    size_t ntexts) {
    return encode_into("mseq_encode_png_text", size, out, out_size, pixels,
                       rows, cols, level, texts, ntexts);
}

extern "C" MSEQ_API int mseq_write_png_rgb(const char *path,
                                           const uint8_t *pixels, uint32_t rows,
                                           uint32_t cols, int level) {
    return write("mseq_write_png_rgb", path, pixels, rows, cols, level, nullptr,
                 0, true);
}

extern "C" MSEQ_API int mseq_encode_png_rgb(size_t *size, void *out,
                                            size_t out_size,
                                            const uint8_t *pixels,
                                            uint32_t rows, uint32_t cols,
                                            int level) {
    return encode_into("mseq_encode_png_rgb", size, out, out_size, pixels, rows,
                       cols, level, nullptr, 0, true);
}

extern "C" MSEQ_API int mseq_read_png_text(size_t *size, char *out,
                                           size_t out_size, const char *path,
                                           const char *key) {
    return mseq::guard("mseq_read_png_text", [&] {
        mseq::require_non_null(size, "mseq_read_png_text", "size");
        mseq::require_non_null(path, "mseq_read_png_text", "path");
        mseq::require_non_null(key, "mseq_read_png_text", "key");
        std::string bytes;
        if (!mseq::read_regular_file(path, kMaxPngFile, bytes)) {
            throw mseq::Error(MSEQ_ENOTFOUND,
                              std::string(path) + ": no such file");
        }
        const std::vector<uint8_t> png(bytes.begin(), bytes.end());
        const std::optional<std::string> text =
            mseq::find_png_text(png, key, path);
        if (!text) {
            throw mseq::Error(
                MSEQ_ENOTFOUND,
                std::string(path) + ": no text chunk '" + key + "'");
        }
        *size = text->size() + 1;
        if (out == nullptr || out_size < *size) {
            throw mseq::Error(
                MSEQ_EBUFSIZE,
                "mseq_read_png_text: the text needs " + std::to_string(*size) +
                    " bytes, out holds " +
                    std::to_string(out == nullptr ? 0 : out_size));
        }
        std::memcpy(out, text->c_str(), *size);
    });
}
