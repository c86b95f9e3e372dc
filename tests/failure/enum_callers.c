/* The writer's entry points called from C with the output kind as any int,
 * as a C caller may pass it (see enum_test.cpp). */
#include "enum_callers.h"

int c_writer_new(mseq_writer **out, const char *dir, const mseq_dataset *ds,
                 const mseq_params *params, uint64_t count, int output) {
    return mseq_writer_new(out, dir, ds, params, NULL, 0, count,
                           (mseq_output)output);
}

int c_write_dataset(const char *dir, const mseq_dataset *ds,
                    const mseq_params *params, uint64_t count, int output) {
    return mseq_write_dataset(dir, ds, params, NULL, 0, count,
                              (mseq_output)output, 0, NULL, NULL);
}
