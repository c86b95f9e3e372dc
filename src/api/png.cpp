// C API: PNG output (mseq_write_png, mseq_encode_png).
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "api/guard.hpp"
#include "common/error.hpp"
#include "mnistseq/mnistseq.h"
#include "output/atomic_file.hpp"
#include "output/png_sink.hpp"

extern "C" MSEQ_API int mseq_write_png(const char *path, const uint8_t *pixels,
                                       uint32_t rows, uint32_t cols,
                                       int level) {
    return mseq::guard("mseq_write_png", [&] {
        mseq::require_non_null(path, "mseq_write_png", "path");
        mseq::require_non_null(pixels, "mseq_write_png", "pixels");
        std::vector<uint8_t> png;
        try {
            mseq::encode_png_gray8(png, pixels, rows, cols,
                                   mseq::png_options_for_level(level));
        } catch (const mseq::Error &e) {
            throw mseq::Error(e.code(), std::string(path) + ": " + e.what());
        }
        mseq::write_file_atomic(path, png.data(), png.size());
    });
}

extern "C" MSEQ_API int mseq_encode_png(size_t *size, void *out,
                                        size_t out_size, const uint8_t *pixels,
                                        uint32_t rows, uint32_t cols,
                                        int level) {
    return mseq::guard("mseq_encode_png", [&] {
        mseq::require_non_null(size, "mseq_encode_png", "size");
        mseq::require_non_null(pixels, "mseq_encode_png", "pixels");
        std::vector<uint8_t> png;
        mseq::encode_png_gray8(png, pixels, rows, cols,
                               mseq::png_options_for_level(level));
        *size = png.size();
        if (out == nullptr || out_size < png.size()) {
            throw mseq::Error(
                MSEQ_EBUFSIZE,
                "mseq_encode_png: the PNG needs " + std::to_string(png.size()) +
                    " bytes, out holds " +
                    std::to_string(out == nullptr ? 0 : out_size));
        }
        std::memcpy(out, png.data(), png.size());
    });
}
