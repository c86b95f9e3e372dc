// Shared fixtures of the failure-injection tests: a small synthetic IDX data
// set (both splits) made once, the CLI's path, and checks on messages.
#pragma once

#include <gtest/gtest.h>

#include <string>

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
