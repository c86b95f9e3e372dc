/*
 * The recipe of an image the seed form writes: PNG text chunks that say how
 * it was made, so that `mnistseq-cli generate --like FILE` makes it again,
 * bit for bit, and `mnistseq-cli info FILE` shows it.
 *
 *   Software         "mnistseq-cli 1.1.0 (libmnistseq 1.1.0)"
 *   mnistseq-recipe  the seed form's arguments that make the image:
 *                    "350 2 8 200 --seed 1234 --index 0 --split train
 *                    --fit pad --align center" (and --invert)
 *   mnistseq-data    the IDX content the digits came from, by file name and
 *                    SHA-256 (mseq_dataset_sha256): "train-images-idx3-ubyte
 *                    sha256:<hex> train-labels-idx1-ubyte sha256:<hex>"
 */
#ifndef MNISTSEQ_CLI_RECIPE_H
#define MNISTSEQ_CLI_RECIPE_H

#include <stddef.h>
#include <stdint.h>

#include "commands.h"
#include "mnistseq/mnistseq.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CLI_RECIPE_KEY "mnistseq-recipe"
#define CLI_DATA_KEY "mnistseq-data"
#define CLI_SOFTWARE_KEY "Software"

/* Room for any recipe: the digits and about 200 characters of options. */
#define CLI_RECIPE_MAX (MSEQ_MAX_DIGITS + 256)
/* Room for the data line: two file names and two digests. */
#define CLI_DATA_MAX 1200

/* The seed form's arguments that make the image of args (its seed set), in
 * buf. Returns 0, or -1 when buf is too small. */
int cli_recipe_format(char *buf, size_t size, const cli_generate_args *args);

/* The data line of the opened source data, in buf. Returns an mseq code. */
int cli_recipe_data(char *buf, size_t size, const mseq_dataset *ds);

/* The text of chunk key of the PNG file at path, in a new string (free()
 * it), or NULL with the mseq code in *rc. */
char *cli_read_png_text(const char *path, const char *key, int *rc);

/* Parses a recipe (the seed form's arguments, separated by spaces) into
 * args. Returns 0, or -1 with err saying what is wrong. */
int cli_recipe_parse(cli_generate_args *args, const char *recipe,
                     cli_error *err);

/* A fresh seed from the system's random source. Returns 0, or -1 with a
 * message on stderr. */
int cli_fresh_seed(uint64_t *seed);

#ifdef __cplusplus
}
#endif

#endif /* MNISTSEQ_CLI_RECIPE_H */
