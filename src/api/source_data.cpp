// The source data handle of the C API (mnistseq.h, "Data set": the opened
// IDX split, mseq_dataset in the 1.0 names).
#include "input/source_data.hpp"

#include <cstring>
#include <memory>
#include <string>

#include "api/guard.hpp"
#include "api/handles.hpp"
#include "mnistseq/mnistseq.h"
#include "output/manifest.hpp"

namespace {

// mseq_open() and mseq_open_ext() as `fn`; raw_split is the caller's
// mseq_split as an int (any value a C caller may pass).
void open_split(const char *fn, mseq_dataset **out, const char *path,
                int raw_split, const mseq_open_options *options) {
    mseq::require_non_null(out, fn, "out");
    if (raw_split != MSEQ_SPLIT_TRAIN && raw_split != MSEQ_SPLIT_TEST) {
        throw mseq::Error(MSEQ_EINVAL,
                          std::string(fn) + ": split " +
                              std::to_string(raw_split) +
                              " is neither MSEQ_SPLIT_TRAIN (0) nor "
                              "MSEQ_SPLIT_TEST (1)");
    }
    // An empty string would silently mean the default lookup.
    if (path != nullptr && path[0] == '\0') {
        throw mseq::Error(MSEQ_EINVAL, std::string(fn) +
                                           ": path is empty (pass NULL for "
                                           "the default data)");
    }
    std::string writers;
    if (options != nullptr) {
        if (options->version != MSEQ_OPEN_OPTIONS_VERSION) {
            throw mseq::Error(MSEQ_EINVAL,
                              std::string(fn) + ": options->version is " +
                                  std::to_string(options->version) +
                                  ", not MSEQ_OPEN_OPTIONS_VERSION (" +
                                  std::to_string(MSEQ_OPEN_OPTIONS_VERSION) +
                                  ")");
        }
        if (options->writers != nullptr && options->writers[0] == '\0') {
            throw mseq::Error(MSEQ_EINVAL,
                              std::string(fn) +
                                  ": options->writers is empty (pass NULL to "
                                  "look in the data folder)");
        }
        if (options->writers != nullptr) writers = options->writers;
    }
    auto handle = std::make_unique<mseq_dataset>();
    handle->data =
        mseq::load_source_data(path == nullptr ? "" : path,
                               static_cast<mseq::Split>(raw_split), writers);
    *out = handle.release();
}

}  // namespace

extern "C" MSEQ_API int mseq_open(mseq_dataset **out, const char *path,
                                  mseq_split split) {
    return mseq::guard("mseq_open", [&] {
        open_split("mseq_open", out, path, mseq::enum_value(split), nullptr);
    });
}

extern "C" MSEQ_API int mseq_open_ext(mseq_dataset **out, const char *path,
                                      mseq_split split,
                                      const mseq_open_options *options) {
    return mseq::guard("mseq_open_ext", [&] {
        open_split("mseq_open_ext", out, path, mseq::enum_value(split),
                   options);
    });
}

extern "C" MSEQ_API void mseq_free(mseq_dataset *ds) { delete ds; }

extern "C" MSEQ_API int mseq_glyph_size(uint32_t *rows, uint32_t *cols,
                                        const mseq_dataset *ds) {
    return mseq::guard("mseq_glyph_size", [&] {
        mseq::require_non_null(rows, "mseq_glyph_size", "rows");
        mseq::require_non_null(cols, "mseq_glyph_size", "cols");
        mseq::require_non_null(ds, "mseq_glyph_size", "ds");
        *rows = ds->data.rows;
        *cols = ds->data.cols;
    });
}

extern "C" MSEQ_API int mseq_class_count(size_t *count, const mseq_dataset *ds,
                                         int digit) {
    return mseq::guard("mseq_class_count", [&] {
        mseq::require_non_null(count, "mseq_class_count", "count");
        mseq::require_non_null(ds, "mseq_class_count", "ds");
        if (digit < -1 || digit > 9) {
            throw mseq::Error(MSEQ_EINVAL,
                              "mseq_class_count: digit " +
                                  std::to_string(digit) +
                                  " is not 0-9 (or -1 for all classes)");
        }
        *count = digit == -1
                     ? ds->data.size()
                     : ds->data.by_class[static_cast<size_t>(digit)].size();
    });
}

extern "C" MSEQ_API int mseq_glyph_writer(uint64_t *writer,
                                          const mseq_dataset *ds,
                                          uint32_t glyph) {
    return mseq::guard("mseq_glyph_writer", [&] {
        mseq::require_non_null(writer, "mseq_glyph_writer", "writer");
        mseq::require_non_null(ds, "mseq_glyph_writer", "ds");
        if (glyph >= ds->data.size()) {
            throw mseq::Error(MSEQ_EINVAL, "mseq_glyph_writer: glyph " +
                                               std::to_string(glyph) +
                                               " is not below " +
                                               std::to_string(ds->data.size()) +
                                               ", the split's image count");
        }
        if (ds->data.writers == nullptr) {
            throw mseq::Error(MSEQ_ENOTFOUND,
                              "mseq_glyph_writer: no QMNIST extended labels "
                              "were found beside " +
                                  ds->data.images_path);
        }
        const mseq::Writers &w = ds->data.writers->writers;
        *writer = w.ids[w.of[glyph]];
    });
}

extern "C" MSEQ_API int mseq_dataset_files(const char **images,
                                           const char **labels,
                                           const mseq_dataset *ds) {
    return mseq::guard("mseq_dataset_files", [&] {
        mseq::require_non_null(images, "mseq_dataset_files", "images");
        mseq::require_non_null(labels, "mseq_dataset_files", "labels");
        mseq::require_non_null(ds, "mseq_dataset_files", "ds");
        *images = ds->data.images_path.c_str();
        *labels = ds->data.labels_path.c_str();
    });
}

extern "C" MSEQ_API int mseq_dataset_sha256(char *images_hex, char *labels_hex,
                                            const mseq_dataset *ds) {
    return mseq::guard("mseq_dataset_sha256", [&] {
        mseq::require_non_null(images_hex, "mseq_dataset_sha256", "images_hex");
        mseq::require_non_null(labels_hex, "mseq_dataset_sha256", "labels_hex");
        mseq::require_non_null(ds, "mseq_dataset_sha256", "ds");
        const mseq::DataFiles &files = ds->description.of(ds->data);
        std::memcpy(images_hex, files.images_sha256.c_str(), 65);
        std::memcpy(labels_hex, files.labels_sha256.c_str(), 65);
    });
}
