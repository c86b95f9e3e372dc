// Shared fixtures of the failure-injection tests: a small synthetic IDX data
// set (both splits) made once, the CLI's path, and checks on messages.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "idx_files.hpp"
#include "mnistseq/mnistseq.h"

namespace failure_test {

// A folder holding train and t10k splits of 200 synthetic 28x28 digits
// (every class present), made on first use and removed at exit.
inline const std::string &synthetic_data() {
    static mseq_test::TempDir dir;
    static const bool made = [] {
        mseq_test::IdxSpec spec;
        spec.count = 200;
        mseq_test::write_idx_split(dir.path(), spec);
        spec.split = "t10k";
        mseq_test::write_idx_split(dir.path(), spec);
        return true;
    }();
    static_cast<void>(made);
    return dir.path();
}

// The synthetic train split, opened; nullptr (and a test failure) if not.
inline mseq_dataset *open_synthetic() {
    mseq_dataset *ds = nullptr;
    const int rc = mseq_open(&ds, synthetic_data().c_str(), MSEQ_SPLIT_TRAIN);
    EXPECT_EQ(rc, MSEQ_OK) << mseq_last_error();
    return ds;
}

// Frees a dataset or params handle at the end of a scope.
struct Handles {
    mseq_dataset *ds = nullptr;
    mseq_params *params = nullptr;
    ~Handles() {
        mseq_free(ds);
        mseq_params_free(params);
    }
};

// Params with the given width and format, and otherwise the defaults.
inline mseq_params *make_params(int64_t width,
                                mseq_format format = MSEQ_FORMAT_U8) {
    mseq_params *p = nullptr;
    EXPECT_EQ(mseq_params_new(&p), MSEQ_OK);
    EXPECT_EQ(mseq_params_set(p, MSEQ_PARAM_WIDTH, width), MSEQ_OK);
    EXPECT_EQ(mseq_params_set(p, MSEQ_PARAM_FORMAT, format), MSEQ_OK);
    return p;
}

// gzip data whose content is `head` followed by `zeros` zero bytes, made
// cheaply as gzip members (a content may be several members): one for the
// head, then one per MiB of zeros, about 1 KB each. A content of hundreds
// of megabytes takes a few hundred kilobytes and milliseconds to make.
inline std::vector<uint8_t> gzip_head_and_zeros(
    const std::vector<uint8_t> &head, uint64_t zeros) {
    constexpr size_t kMiB = size_t(1) << 20;
    static const std::vector<uint8_t> mib =
        mseq_test::gzip_bytes(std::vector<uint8_t>(kMiB));
    std::vector<uint8_t> out = mseq_test::gzip_bytes(head);
    for (; zeros >= kMiB; zeros -= kMiB) {
        out.insert(out.end(), mib.begin(), mib.end());
    }
    if (zeros != 0) {
        const std::vector<uint8_t> rest =
            mseq_test::gzip_bytes(std::vector<uint8_t>(size_t(zeros)));
        out.insert(out.end(), rest.begin(), rest.end());
    }
    return out;
}

// The files of a train split of blank glyphs: an images header announcing
// `count` glyphs of rows x cols and a labels header announcing
// `label_count` labels, each followed by zeros (blank pixels, label 0),
// by default as many as announced (a valid split), gzip-compressed or raw.
struct BlankSplit {
    std::string images_path;
    std::string labels_path;
    uint64_t content = 0;  // bytes of IDX content of both files
};

inline BlankSplit write_blank_split(const std::string &dir, uint32_t count,
                                    uint32_t rows, uint32_t cols, bool gzip,
                                    uint32_t label_count, uint64_t pixel_bytes,
                                    uint64_t label_bytes) {
    BlankSplit s;
    const char *gz = gzip ? ".gz" : "";
    s.images_path = dir + "/train-images-idx3-ubyte" + gz;
    s.labels_path = dir + "/train-labels-idx1-ubyte" + gz;
    const std::vector<uint8_t> images_head =
        mseq_test::idx_images_bytes(count, rows, cols, {});
    const std::vector<uint8_t> labels_head =
        mseq_test::idx_labels_bytes(label_count, {});
    s.content =
        images_head.size() + pixel_bytes + labels_head.size() + label_bytes;
    const auto put = [gzip](const std::string &path,
                            const std::vector<uint8_t> &head, uint64_t zeros) {
        if (gzip) {
            mseq_test::write_bytes(path, gzip_head_and_zeros(head, zeros));
            return;
        }
        std::vector<uint8_t> bytes = head;
        bytes.resize(head.size() + size_t(zeros));
        mseq_test::write_bytes(path, bytes);
    };
    put(s.images_path, images_head, pixel_bytes);
    put(s.labels_path, labels_head, label_bytes);
    return s;
}

// A valid split of `count` blank glyphs of rows x cols.
inline BlankSplit write_blank_split(const std::string &dir, uint32_t count,
                                    uint32_t rows, uint32_t cols, bool gzip) {
    return write_blank_split(dir, count, rows, cols, gzip, count,
                             uint64_t{count} * rows * cols, count);
}

// True when haystack contains needle.
inline bool contains(const std::string &haystack, const std::string &needle) {
    return haystack.find(needle) != std::string::npos;
}

#ifdef MNISTSEQ_CLI_PATH
inline const char *cli_path() { return MNISTSEQ_CLI_PATH; }
#define SKIP_WITHOUT_CLI()
#else
inline const char *cli_path() { return ""; }
#define SKIP_WITHOUT_CLI() GTEST_SKIP() << "mnistseq-cli is not built"
#endif

}  // namespace failure_test
