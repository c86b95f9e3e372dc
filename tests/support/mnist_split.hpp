// The build's MNIST splits (MNISTSEQ_TEST_DATA_DIR), each loaded once per
// test program, for the unit tests that need real glyphs.
#pragma once

#include "input/source_data.hpp"

namespace mseq_test {

inline const mseq::SourceData &mnist_train() {
    static const mseq::SourceData ds =
        mseq::load_source_data(MNISTSEQ_TEST_DATA_DIR, mseq::Split::train);
    return ds;
}

inline const mseq::SourceData &mnist_test() {
    static const mseq::SourceData ds =
        mseq::load_source_data(MNISTSEQ_TEST_DATA_DIR, mseq::Split::test);
    return ds;
}

}  // namespace mseq_test
