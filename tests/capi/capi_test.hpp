// Helpers shared by the C API tests: they use the public header only.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "c_callers.h"
#include "mnistseq/mnistseq.h"

namespace capi_test {

// The message poison_last_error() leaves; no test expects it.
constexpr const char *kPoison = "unknown parameter key -424242";

// Sets the thread's last error to kPoison, so that a later check cannot pass
// on a stale message.
inline void poison_last_error() {
    mseq_params *p = nullptr;
    ASSERT_EQ(mseq_params_new(&p), MSEQ_OK);
    EXPECT_EQ(c_params_set(p, -424242, 0), MSEQ_EINVAL);
    mseq_params_free(p);
    ASSERT_STREQ(mseq_last_error(), kPoison);
}

// Runs call() and checks that it fails with `code` and that the thread's
// last error, set by this very call, contains every needle.
template <class Call>
void expect_error(Call &&call, int code,
                  const std::vector<std::string> &needles) {
    poison_last_error();
    const int rc = call();
    EXPECT_EQ(rc, code) << "got " << mseq_strerror(rc) << " ("
                        << mseq_last_error() << "), expected "
                        << mseq_strerror(code);
    const std::string message = mseq_last_error();
    EXPECT_NE(message, kPoison)
        << "the failing call did not set the last error";
    for (const std::string &needle : needles) {
        EXPECT_NE(message.find(needle), std::string::npos)
            << "last error \"" << message << "\" lacks \"" << needle << "\"";
    }
}

// Owns a parameter set; fails the test when it cannot be made.
class Params {
public:
    Params() { EXPECT_EQ(mseq_params_new(&p_), MSEQ_OK); }
    ~Params() { mseq_params_free(p_); }
    Params(const Params &) = delete;
    Params &operator=(const Params &) = delete;

    mseq_params *get() const { return p_; }
    operator mseq_params *() const { return p_; }

    // Sets key = value, which must succeed.
    Params &set(mseq_param key, int64_t value) {
        EXPECT_EQ(mseq_params_set(p_, key, value), MSEQ_OK)
            << mseq_last_error();
        return *this;
    }
    int64_t value(mseq_param key) const {
        int64_t v = -12345;
        EXPECT_EQ(mseq_params_get(&v, p_, key), MSEQ_OK) << mseq_last_error();
        return v;
    }

private:
    mseq_params *p_ = nullptr;
};

// Owns a data set handle.
class Dataset {
public:
    explicit Dataset(mseq_split split = MSEQ_SPLIT_TRAIN,
                     const char *path = nullptr) {
        rc_ = mseq_open(&ds_, path, split);
    }
    ~Dataset() { mseq_free(ds_); }
    Dataset(const Dataset &) = delete;
    Dataset &operator=(const Dataset &) = delete;

    int rc() const { return rc_; }
    const mseq_dataset *get() const { return ds_; }
    operator const mseq_dataset *() const { return ds_; }

private:
    mseq_dataset *ds_ = nullptr;
    int rc_ = MSEQ_EINTERNAL;
};

// The default data set's train split, opened once for the whole test run
// (MNISTSEQ_DATA names it).
const mseq_dataset *train();
// The test split, opened once.
const mseq_dataset *test_split();

}  // namespace capi_test
