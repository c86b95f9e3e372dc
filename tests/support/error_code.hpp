// The mseq::Error code a call throws, for the unit tests of internal units.
#pragma once

#include "common/error.hpp"

namespace mseq_test {

// Runs f and returns the code of the mseq::Error it throws, or 0.
template <class F>
int error_code_of(F &&f) {
    try {
        f();
    } catch (const mseq::Error &e) {
        return e.code();
    }
    return 0;
}

}  // namespace mseq_test
