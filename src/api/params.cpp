// The parameter object of the C API (mnistseq.h, "Parameters").
#include "generate/params.hpp"

#include "api/guard.hpp"
#include "api/handles.hpp"
#include "mnistseq/mnistseq.h"

extern "C" MSEQ_API int mseq_params_new(mseq_params **out) {
    return mseq::guard("mseq_params_new", [&] {
        mseq::require_non_null(out, "mseq_params_new", "out");
        *out = new mseq_params();
    });
}

extern "C" MSEQ_API void mseq_params_free(mseq_params *params) {
    delete params;
}

extern "C" MSEQ_API int mseq_params_set(mseq_params *params, mseq_param key,
                                        int64_t value) {
    return mseq::guard("mseq_params_set", [&] {
        mseq::require_non_null(params, "mseq_params_set", "params");
        // enum_value(): the key is read as an int, never loaded as an
        // mseq_param, which an unknown key would make undefined.
        mseq::set_param(params->values, mseq::enum_value(key), value);
    });
}

extern "C" MSEQ_API int mseq_params_get(int64_t *value,
                                        const mseq_params *params,
                                        mseq_param key) {
    return mseq::guard("mseq_params_get", [&] {
        mseq::require_non_null(value, "mseq_params_get", "value");
        mseq::require_non_null(params, "mseq_params_get", "params");
        *value = mseq::get_param(params->values, mseq::enum_value(key));
    });
}

extern "C" MSEQ_API int mseq_params_set_f64(mseq_params *params, mseq_param key,
                                            double value) {
    return mseq::guard("mseq_params_set_f64", [&] {
        mseq::require_non_null(params, "mseq_params_set_f64", "params");
        mseq::set_param_f64(params->values, mseq::enum_value(key), value);
    });
}

extern "C" MSEQ_API int mseq_params_get_f64(double *value,
                                            const mseq_params *params,
                                            mseq_param key) {
    return mseq::guard("mseq_params_get_f64", [&] {
        mseq::require_non_null(value, "mseq_params_get_f64", "value");
        mseq::require_non_null(params, "mseq_params_get_f64", "params");
        *value = mseq::get_param_f64(params->values, mseq::enum_value(key));
    });
}
