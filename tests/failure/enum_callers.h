/* C helpers for enum_test.cpp: enum arguments passed as plain ints, with
 * values that name no enumerator. C allows such calls; C++ may not even
 * load such a value as the enum, so the calls are made from C. */
#ifndef MNISTSEQ_FAILURE_ENUM_CALLERS_H
#define MNISTSEQ_FAILURE_ENUM_CALLERS_H

#include <stdint.h>

#include "mnistseq/mnistseq.h"

#ifdef __cplusplus
extern "C" {
#endif

/* mseq_writer_new() with random sequences and `output` as any int. */
int c_writer_new(mseq_writer **out, const char *dir, const mseq_dataset *ds,
                 const mseq_params *params, uint64_t count, int output);

/* mseq_write_dataset() with random sequences and `output` as any int. */
int c_write_dataset(const char *dir, const mseq_dataset *ds,
                    const mseq_params *params, uint64_t count, int output);

#ifdef __cplusplus
}
#endif

#endif
