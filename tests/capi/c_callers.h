/* Calls that pass enum arguments as plain ints, the way a C caller may:
 * with values that name no enumerator. C allows that; C++ does not (loading
 * such a value as an enum is undefined), so the tests go through these C
 * functions. */
#ifndef MNISTSEQ_TEST_C_CALLERS_H
#define MNISTSEQ_TEST_C_CALLERS_H

#include <stdint.h>

#include "mnistseq/mnistseq.h"

#ifdef __cplusplus
extern "C" {
#endif

/* mseq_params_set() with key as any int. */
int c_params_set(mseq_params *params, int key, int64_t value);
/* mseq_params_get() with key as any int. */
int c_params_get(int64_t *value, const mseq_params *params, int key);
/* mseq_param_info() with key as any int. */
int c_param_info(mseq_param_desc *out, int key);
/* mseq_params_get_f64() with key as any int. */
int c_params_get_f64(double *value, const mseq_params *params, int key);
/* mseq_open() with split as any int. */
int c_open(mseq_dataset **out, const char *path, int split);

#ifdef __cplusplus
}
#endif

#endif
