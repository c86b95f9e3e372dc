/*
 * The options of the parameters a command takes from the library's table
 * as a whole: every row of MSEQ_GROUP_GENERATION and
 * MSEQ_GROUP_AUGMENTATION that no generation option names itself
 * (gen_args.c; the pixel type is --dtype), such as the augmentations. The
 * list, the option names (--shift-y for shift_y), their values' parsing
 * and their --help lines are read from the table at run time, so that a
 * row added to it becomes an option of `dataset`, `preview` and the seed
 * form (and of the recipes `generate --like` reads) with no change here.
 * With them goes --background-image FILE, which may be repeated: the
 * pictures of --background image (mseq_params_set_background_images()).
 */
#ifndef MNISTSEQ_CLI_TABLE_OPTIONS_H
#define MNISTSEQ_CLI_TABLE_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "args.h"
#include "mnistseq/mnistseq.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Room for this many table options; the last index is --background-image
 * (CLI_TABLE_PICTURES). */
#define CLI_TABLE_MAX 64
#define CLI_TABLE_PICTURES (CLI_TABLE_MAX - 1)

/* The values of the table options given on a command line: entry i is the
 * option of key i of cli_table_keys(). */
typedef struct cli_table_values {
    unsigned char given[CLI_TABLE_MAX];
    int64_t ints[CLI_TABLE_MAX]; /* an integer, flag or enum row */
    double f64s[CLI_TABLE_MAX];  /* an MSEQ_TYPE_F64 row */
    /* --background-image, in the order given. */
    const char *pictures[MSEQ_MAX_BACKGROUND_IMAGES];
    size_t npictures;
} cli_table_values;

/* The keys that take options this way, in table order (built once);
 * returns their number and sets *keys. */
size_t cli_table_keys(const mseq_param **keys);

/* A command's option rows: own[0..nown), then one row per table key, with
 * id first_id + i for key i, then --background-image with id first_id +
 * CLI_TABLE_PICTURES, in out (cap entries). Returns the number of rows. */
size_t cli_table_options(cli_option *out, size_t cap, const cli_option *own,
                         size_t nown, int first_id);

/* Parses the value of the option of table key i (name as written, for
 * messages) into values. Returns 0, or -1 with err naming the option, the
 * value and what is allowed. */
int cli_table_parse(cli_table_values *values, size_t i, const char *name,
                    const char *value, cli_error *err);

/* Sets the given values in params, then the pictures, which also set
 * --background image unless --background was given (another pattern with
 * pictures is refused). Returns 0, or -1 with err naming the option the
 * library refused. */
int cli_table_set(mseq_params *params, const cli_table_values *values,
                  cli_error *err);

/* Appends the --help lines of the table options to buf (size bytes). */
void cli_table_help(char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* MNISTSEQ_CLI_TABLE_OPTIONS_H */
