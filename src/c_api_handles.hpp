// The opaque handles of the C API (mnistseq.h): each wraps one immutable
// internal object, so the C layer only translates pointers.
#pragma once

#include "dataset.hpp"
#include "params.hpp"

struct mseq_dataset {
    mseq::Dataset data;
};

struct mseq_params {
    mseq::Params values;
};
