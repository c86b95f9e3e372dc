// For tests that need an optional tool or data set (script(1), tar(1),
// numpy, Debian's dataset-fashion-mnist): without it they are skipped on a
// developer's machine, but fail in CI (environment CI=true), whose set-up
// installs everything the tests need, so that no test goes quietly unrun.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

namespace mseq_test {

inline bool in_ci() {
    const char *ci = std::getenv("CI");
    return ci != nullptr && std::strcmp(ci, "true") == 0;
}

}  // namespace mseq_test

// Skips the test, or fails it under CI=true; `why` is streamed as in
// GTEST_SKIP() << why. Use in a function returning void.
#define MSEQ_SKIP_UNLESS_CI(why)                                     \
    do {                                                             \
        if (mseq_test::in_ci()) {                                    \
            FAIL() << why << " (CI=true: every test must run here)"; \
        }                                                            \
        GTEST_SKIP() << why;                                         \
    } while (0)
