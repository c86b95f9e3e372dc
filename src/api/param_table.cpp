// The parameter table through the C API (mnistseq.h, "The parameter
// table"): rows copied into the caller's versioned mseq_param_desc.
#include "generate/param_table.hpp"

#include <cmath>
#include <string>

#include "api/guard.hpp"
#include "common/error.hpp"
#include "mnistseq/mnistseq.h"

extern "C" MSEQ_API int mseq_param_info(mseq_param_desc *out, mseq_param key) {
    return mseq::guard("mseq_param_info", [&] {
        mseq::require_non_null(out, "mseq_param_info", "out");
        if (out->version != MSEQ_PARAM_DESC_VERSION) {
            throw mseq::Error(MSEQ_EINVAL,
                              "mseq_param_info: out->version is " +
                                  std::to_string(out->version) +
                                  ", not MSEQ_PARAM_DESC_VERSION (" +
                                  std::to_string(MSEQ_PARAM_DESC_VERSION) +
                                  "): set it before the call");
        }
        const int k = mseq::enum_value(key);
        const mseq::ParamRow *row = mseq::find_param(k);
        if (row == nullptr) {
            throw mseq::Error(MSEQ_EINVAL,
                              "mseq_param_info: unknown "
                              "parameter key " +
                                  std::to_string(k));
        }
        const bool f64 = row->type == MSEQ_TYPE_F64;
        mseq_param_desc desc{};
        desc.version = MSEQ_PARAM_DESC_VERSION;
        desc.key = row->key;
        desc.name = row->name;
        desc.help = row->help;
        desc.value_type = row->type;
        desc.group = row->group;
        desc.min = mseq::param_int_min(*row);
        desc.max = mseq::param_int_max(*row);
        desc.default_value = mseq::param_int_default(*row);
        desc.min_f64 = f64 ? row->min_f64 : static_cast<double>(row->min);
        desc.max_f64 = f64 ? row->max_f64 : static_cast<double>(row->max);
        desc.default_f64 =
            f64 ? row->default_f64 : static_cast<double>(row->default_value);
        desc.choices = row->choices;
        desc.limit = row->limit;
        *out = desc;
    });
}

extern "C" MSEQ_API int mseq_param_by_name(mseq_param *out, const char *name) {
    return mseq::guard("mseq_param_by_name", [&] {
        mseq::require_non_null(out, "mseq_param_by_name", "out");
        mseq::require_non_null(name, "mseq_param_by_name", "name");
        const mseq::ParamRow *row = mseq::find_param(name);
        if (row == nullptr) {
            throw mseq::Error(MSEQ_EINVAL,
                              std::string("mseq_param_by_name: no parameter "
                                          "is named '") +
                                  name + "'");
        }
        *out = row->key;
    });
}

extern "C" MSEQ_API int mseq_param_list(mseq_param *out, size_t cap,
                                        size_t *count) {
    return mseq::guard("mseq_param_list", [&] {
        mseq::require_non_null(count, "mseq_param_list", "count");
        if (out == nullptr && cap > 0) {
            throw mseq::Error(MSEQ_EINVAL,
                              "mseq_param_list: out is NULL and cap is " +
                                  std::to_string(cap));
        }
        const size_t n = mseq::param_row_count();
        *count = n;
        if (out == nullptr) {
            return;
        }
        if (cap < n) {
            throw mseq::Error(MSEQ_EBUFSIZE, "mseq_param_list: cap is " +
                                                 std::to_string(cap) +
                                                 ", the table has " +
                                                 std::to_string(n) + " keys");
        }
        for (size_t i = 0; i < n; ++i) {
            out[i] = mseq::param_rows()[i].key;
        }
    });
}
