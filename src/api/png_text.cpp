// C API: PNG text chunks (mseq_write_png_text, mseq_encode_png_text,
// mseq_read_png_text).
#include "output/png_text.hpp"

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

namespace {

// Largest PNG file mseq_read_png_text reads.
constexpr size_t kMaxPngFile = size_t(1) << 30;

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

}  // namespace

extern "C" MSEQ_API int mseq_write_png_text(
    const char *path, const uint8_t *pixels, uint32_t rows, uint32_t cols,
    int level, const mseq_png_text *texts, size_t ntexts) {
    return mseq::guard("mseq_write_png_text", [&] {
        mseq::require_non_null(path, "mseq_write_png_text", "path");
        mseq::require_non_null(pixels, "mseq_write_png_text", "pixels");
        const auto chunks = texts_of("mseq_write_png_text", texts, ntexts);
        std::vector<uint8_t> png;
        try {
            mseq::encode_png_gray8(png, pixels, rows, cols,
                                   mseq::png_options_for_level(level));
        } catch (const mseq::Error &e) {
            throw mseq::Error(e.code(), std::string(path) + ": " + e.what());
        }
        mseq::add_png_text(png, chunks);
        mseq::write_file_atomic(path, png.data(), png.size());
    });
}

extern "C" MSEQ_API int mseq_encode_png_text(
    size_t *size, void *out, size_t out_size, const uint8_t *pixels,
    uint32_t rows, uint32_t cols, int level, const mseq_png_text *texts,
    size_t ntexts) {
    return mseq::guard("mseq_encode_png_text", [&] {
        mseq::require_non_null(size, "mseq_encode_png_text", "size");
        mseq::require_non_null(pixels, "mseq_encode_png_text", "pixels");
        const auto chunks = texts_of("mseq_encode_png_text", texts, ntexts);
        std::vector<uint8_t> png;
        mseq::encode_png_gray8(png, pixels, rows, cols,
                               mseq::png_options_for_level(level));
        mseq::add_png_text(png, chunks);
        *size = png.size();
        if (out == nullptr || out_size < png.size()) {
            throw mseq::Error(
                MSEQ_EBUFSIZE,
                "mseq_encode_png_text: the PNG needs " +
                    std::to_string(png.size()) + " bytes, out holds " +
                    std::to_string(out == nullptr ? 0 : out_size));
        }
        std::memcpy(out, png.data(), png.size());
    });
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
