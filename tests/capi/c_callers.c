/* See c_callers.h. */
#include "c_callers.h"

int c_params_set(mseq_params *params, int key, int64_t value) {
    return mseq_params_set(params, (mseq_param)key, value);
}

int c_params_get(int64_t *value, const mseq_params *params, int key) {
    return mseq_params_get(value, params, (mseq_param)key);
}

int c_open(mseq_dataset **out, const char *path, int split) {
    return mseq_open(out, path, (mseq_split)split);
}

int c_param_info(mseq_param_desc *out, int key) {
    return mseq_param_info(out, (mseq_param)key);
}

int c_params_get_f64(double *value, const mseq_params *params, int key) {
    return mseq_params_get_f64(value, params, (mseq_param)key);
}
