// The opaque handles of the C API (mnistseq.h): each wraps one immutable
// internal object, so the C layer only translates pointers.
#pragma once

#include <memory>

#include "generate/params.hpp"
#include "generate/template.hpp"
#include "input/source_data.hpp"
#include "output/manifest.hpp"

struct mseq_dataset {
    mseq::SourceData data;
    mseq::DataDescription description;  // the data files' hashes, once
};

struct mseq_params {
    mseq::Params values;
};

struct mseq_template {
    // Shared with the parameters it is set on (mseq_params_set_template).
    std::shared_ptr<const mseq::Template> value;
};
