#include <cstdlib>

#include "capi_test.hpp"

namespace capi_test {
namespace {

mseq_dataset *open_or_die(mseq_split split) {
    mseq_dataset *ds = nullptr;
    const int rc = mseq_open(&ds, nullptr, split);
    if (rc != MSEQ_OK) {
        ADD_FAILURE() << "cannot open the default data (MNISTSEQ_DATA): "
                      << mseq_last_error();
        std::abort();
    }
    return ds;
}

}  // namespace

// Opened on first use and kept for the process: the handle is immutable and
// shared by every test, which also exercises sharing it.
const mseq_dataset *train() {
    static const mseq_dataset *ds = open_or_die(MSEQ_SPLIT_TRAIN);
    return ds;
}

const mseq_dataset *test_split() {
    static const mseq_dataset *ds = open_or_die(MSEQ_SPLIT_TEST);
    return ds;
}

}  // namespace capi_test
