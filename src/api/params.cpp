// The parameter object of the C API (mnistseq.h, "Parameters").
#include "generate/params.hpp"

#include <string>
#include <vector>

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

extern "C" MSEQ_API int mseq_params_set_background_images(
    mseq_params *params, const char *const *paths, size_t count) {
    return mseq::guard("mseq_params_set_background_images", [&] {
        const char *fn = "mseq_params_set_background_images";
        mseq::require_non_null(params, fn, "params");
        if (count != 0) mseq::require_non_null(paths, fn, "paths");
        mseq::check_background_count(count);
        std::vector<std::string> names;
        for (size_t i = 0; i < count; ++i) {
            if (paths[i] == nullptr) {
                throw mseq::Error(MSEQ_EINVAL, std::string(fn) + ": paths[" +
                                                   std::to_string(i) +
                                                   "] is NULL");
            }
            names.emplace_back(paths[i]);
        }
        params->values.background_images = mseq::read_background_images(names);
    });
}
