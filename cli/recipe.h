/*
 * The recipe of an image the seed form writes: PNG text chunks that say how
 * it was made, so that `mnistseq-cli generate --like FILE` makes it again,
 * bit for bit, and `mnistseq-cli info FILE` shows it.
 *
 *   Software         "mnistseq-cli 1.1.0 (libmnistseq 1.1.0)"
 *   mnistseq-recipe  the seed form's arguments that make the image, as the
 *                    library writes them (mseq_image_recipe): "350 2 8 200
 *                    --seed 1234 --index 0 --split train" and the
 *                    parameters that differ from their defaults
 *   mnistseq-data    the IDX content the digits came from, by file name and
 *                    SHA-256 (mseq_dataset_recipe)
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

#define CLI_SOFTWARE_KEY "Software"

/* The recipe line of image `index` of digits under params and ds
 * (mseq_image_recipe), in a new string (free() it), or NULL with the mseq
 * code in *rc. */
char *cli_image_recipe(int *rc, const mseq_dataset *ds,
                       const mseq_params *params, const int *digits,
                       size_t ndigits, uint64_t index);

/* The data line of ds (mseq_dataset_recipe), the same way. */
char *cli_data_recipe(int *rc, const mseq_dataset *ds);

/* The text of chunk key of the PNG file at path, in a new string (free()
 * it), or NULL with the mseq code in *rc. */
char *cli_read_png_text(const char *path, const char *key, int *rc);

/* Parses a recipe (the seed form's arguments, separated by spaces) into
 * args, through the seed form's parser (the table's options included).
 * The strings args points to (the template, the pictures' paths) stay
 * valid until the next call. Returns 0, or -1 with err saying what is
 * wrong. */
int cli_recipe_parse(cli_generate_args *args, const char *recipe,
                     cli_error *err);

/* A fresh seed from the system's random source. Returns 0, or -1 with a
 * message on stderr. */
int cli_fresh_seed(uint64_t *seed);

#ifdef __cplusplus
}
#endif

#endif /* MNISTSEQ_CLI_RECIPE_H */
