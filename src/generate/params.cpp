// Setting and reading Params by key, through the parameter table
// (param_table.hpp).
#include "generate/params.hpp"

#include <string>

#include "common/error.hpp"
#include "generate/param_table.hpp"

namespace mseq {
namespace {

const ParamRow &row_of(int key) {
    const ParamRow *row = find_param(key);
    if (row == nullptr) {
        throw Error(MSEQ_EINVAL,
                    "unknown parameter key " + std::to_string(key));
    }
    return *row;
}

}  // namespace

Params::Params() {
    for (size_t i = 0; i < param_row_count(); ++i) {
        const ParamRow &row = param_rows()[i];
        if (row.type == MSEQ_TYPE_F64) {
            row.set_f64(*this, row.default_f64);
        } else {
            row.set(*this, row.default_value);
        }
    }
}

void set_param(Params &params, int key, int64_t value) {
    set_param_value(params, row_of(key), value);
}

void set_param_f64(Params &params, int key, double value) {
    set_param_value(params, row_of(key), value);
}

int64_t get_param(const Params &params, int key) {
    return get_param_value(params, row_of(key));
}

double get_param_f64(const Params &params, int key) {
    return get_param_value_f64(params, row_of(key));
}

}  // namespace mseq
