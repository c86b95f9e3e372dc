/* The values the ABI fixes but abidiff cannot see: enumerators passed as
 * int64 parameter values or returned as int (mseq_error, mseq_fit,
 * mseq_align, mseq_format, mseq_output), flags, and the layout of
 * mseq_placement as a caller allocates it. Any change fails to compile.
 * Values are never renumbered; new ones are added below on a release. */
#include <stddef.h>

#include "mnistseq/mnistseq.h"

#define ABI_FIXED(name, expr) typedef char abi_fixed_##name[(expr) ? 1 : -1]

ABI_FIXED(ok, MSEQ_OK == 0);
ABI_FIXED(einval, MSEQ_EINVAL == -1);
ABI_FIXED(enomem, MSEQ_ENOMEM == -2);
ABI_FIXED(enotfound, MSEQ_ENOTFOUND == -3);
ABI_FIXED(eio, MSEQ_EIO == -4);
ABI_FIXED(eformat, MSEQ_EFORMAT == -5);
ABI_FIXED(ebufsize, MSEQ_EBUFSIZE == -6);
ABI_FIXED(enofit, MSEQ_ENOFIT == -7);
ABI_FIXED(erange, MSEQ_ERANGE == -8);
ABI_FIXED(eexist, MSEQ_EEXIST == -9);
ABI_FIXED(einternal, MSEQ_EINTERNAL == -10);
ABI_FIXED(ecanceled, MSEQ_ECANCELED == -11);

ABI_FIXED(split_train, MSEQ_SPLIT_TRAIN == 0);
ABI_FIXED(split_test, MSEQ_SPLIT_TEST == 1);

ABI_FIXED(param_min_spacing, MSEQ_PARAM_MIN_SPACING == 1);
ABI_FIXED(param_max_spacing, MSEQ_PARAM_MAX_SPACING == 2);
ABI_FIXED(param_width, MSEQ_PARAM_WIDTH == 3);
ABI_FIXED(param_fit, MSEQ_PARAM_FIT == 4);
ABI_FIXED(param_align, MSEQ_PARAM_ALIGN == 5);
ABI_FIXED(param_invert, MSEQ_PARAM_INVERT == 6);
ABI_FIXED(param_seed, MSEQ_PARAM_SEED == 7);
ABI_FIXED(param_format, MSEQ_PARAM_FORMAT == 8);
ABI_FIXED(param_min_length, MSEQ_PARAM_MIN_LENGTH == 9);
ABI_FIXED(param_max_length, MSEQ_PARAM_MAX_LENGTH == 10);
ABI_FIXED(param_no_leading_zero, MSEQ_PARAM_NO_LEADING_ZERO == 11);
ABI_FIXED(param_unique, MSEQ_PARAM_UNIQUE == 12);
ABI_FIXED(param_threads, MSEQ_PARAM_THREADS == 13);
ABI_FIXED(param_shard_size, MSEQ_PARAM_SHARD_SIZE == 14);
ABI_FIXED(param_png_level, MSEQ_PARAM_PNG_LEVEL == 15);

ABI_FIXED(fit_pad, MSEQ_FIT_PAD == 0);
ABI_FIXED(fit_exact, MSEQ_FIT_EXACT == 1);
ABI_FIXED(fit_strict, MSEQ_FIT_STRICT == 2);
ABI_FIXED(align_center, MSEQ_ALIGN_CENTER == 0);
ABI_FIXED(align_left, MSEQ_ALIGN_LEFT == 1);
ABI_FIXED(align_right, MSEQ_ALIGN_RIGHT == 2);
ABI_FIXED(align_random, MSEQ_ALIGN_RANDOM == 3);
ABI_FIXED(format_f32, MSEQ_FORMAT_F32 == 0);
ABI_FIXED(format_u8, MSEQ_FORMAT_U8 == 1);
ABI_FIXED(output_png, MSEQ_OUTPUT_PNG == 0);
ABI_FIXED(output_npy, MSEQ_OUTPUT_NPY == 1);
ABI_FIXED(output_tar, MSEQ_OUTPUT_TAR == 2);
ABI_FIXED(write_force, MSEQ_WRITE_FORCE == 1u);

/* Enumerations are int-sized: bindings pass them as C int. */
ABI_FIXED(enum_size, sizeof(mseq_param) == sizeof(int) &&
                         sizeof(mseq_split) == sizeof(int) &&
                         sizeof(mseq_output) == sizeof(int));

/* mseq_placement: six int32_t, in this order, no padding. */
ABI_FIXED(placement_size, sizeof(mseq_placement) == 24);
ABI_FIXED(placement_x_begin, offsetof(mseq_placement, x_begin) == 0);
ABI_FIXED(placement_x_end, offsetof(mseq_placement, x_end) == 4);
ABI_FIXED(placement_y_begin, offsetof(mseq_placement, y_begin) == 8);
ABI_FIXED(placement_y_end, offsetof(mseq_placement, y_end) == 12);
ABI_FIXED(placement_source_index, offsetof(mseq_placement, source_index) == 16);
ABI_FIXED(placement_label, offsetof(mseq_placement, label) == 20);

/* The version this description belongs to: a new major version (a new
 * soname) may renumber, and comes with a new description. */
ABI_FIXED(major, MSEQ_VERSION_MAJOR == 1);

int main(void) {
    /* The loaded library is the major version the header describes. */
    return mseq_version_number() / 10000 == MSEQ_VERSION_MAJOR ? 0 : 1;
}
