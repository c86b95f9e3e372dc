// The opaque handles of the C API (mnistseq.h): each wraps one immutable
// internal object, so the C layer only translates pointers.
#pragma once

#include "generate/params.hpp"
#include "input/source_data.hpp"

struct mseq_dataset {
    mseq::SourceData data;
};

struct mseq_params {
    mseq::Params values;
};
