/* The recipe of a seed-form image (recipe.h). */
#define _POSIX_C_SOURCE 200809L

#include "recipe.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "param_options.h"

int cli_recipe_format(char *buf, size_t size, const cli_generate_args *args) {
    char fit[32], align[32];
    size_t i;
    int n;
    if (size < args->ndigits + 1) {
        return -1;
    }
    for (i = 0; i < args->ndigits; ++i) {
        buf[i] = (char)('0' + args->digits[i]);
    }
    n = snprintf(
        buf + args->ndigits, size - args->ndigits,
        " %" PRId64 " %" PRId64 " %" PRId64 " --seed %" PRIu64
        " --index %" PRIu64 " --split %s --fit %s --align %s%s",
        args->min_spacing, args->max_spacing, args->width, args->seed,
        args->index, cli_split_names[args->split == MSEQ_SPLIT_TEST ? 1 : 0],
        cli_param_choice(fit, sizeof fit, MSEQ_PARAM_FIT, args->fit),
        cli_param_choice(align, sizeof align, MSEQ_PARAM_ALIGN, args->align),
        args->invert ? " --invert" : "");
    return n < 0 || (size_t)n >= size - args->ndigits ? -1 : 0;
}

/* The last component of path. */
static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}

int cli_recipe_data(char *buf, size_t size, const mseq_dataset *ds) {
    const char *images = NULL, *labels = NULL;
    char images_hex[65], labels_hex[65];
    int n;
    int rc = mseq_dataset_files(&images, &labels, ds);
    if (rc == MSEQ_OK) {
        rc = mseq_dataset_sha256(images_hex, labels_hex, ds);
    }
    if (rc != MSEQ_OK) {
        return rc;
    }
    n = snprintf(buf, size, "%s sha256:%s %s sha256:%s", base_name(images),
                 images_hex, base_name(labels), labels_hex);
    return n < 0 || (size_t)n >= size ? MSEQ_ERANGE : MSEQ_OK;
}

char *cli_read_png_text(const char *path, const char *key, int *rc) {
    size_t size = 0;
    char *text;
    *rc = mseq_read_png_text(&size, NULL, 0, path, key);
    if (*rc != MSEQ_EBUFSIZE) {
        if (*rc == MSEQ_OK) {
            *rc = MSEQ_EINTERNAL;
        }
        return NULL;
    }
    text = malloc(size);
    if (text == NULL) {
        *rc = MSEQ_ENOMEM;
        return NULL;
    }
    *rc = mseq_read_png_text(&size, text, size, path, key);
    if (*rc != MSEQ_OK) {
        free(text);
        return NULL;
    }
    return text;
}

int cli_recipe_parse(cli_generate_args *args, const char *recipe,
                     cli_error *err) {
    /* "generate" and at most 4 arguments and 11 option words. */
    char *words[24];
    char *copy = malloc(strlen(recipe) + 1);
    char *word, *rest = NULL;
    int argc = 0, rc;
    if (copy == NULL) {
        cli_error_set(err, "out of memory");
        return -1;
    }
    strcpy(copy, recipe);
    words[argc++] = "generate";
    for (word = strtok_r(copy, " ", &rest); word != NULL;
         word = strtok_r(NULL, " ", &rest)) {
        if (argc == (int)(sizeof words / sizeof words[0]) - 1) {
            cli_error_set(err, "too many words");
            free(copy);
            return -1;
        }
        words[argc++] = word;
    }
    words[argc] = NULL;
    rc = cli_generate_parse(args, argc, words, err);
    if (rc == 0 &&
        (args->like != NULL || args->output != NULL || args->data != NULL ||
         args->help || args->version || !args->seed_given)) {
        cli_error_set(err, "it is not a seed-form command line with --seed");
        rc = -1;
    }
    /* The parsed strings point into copy: only numbers are kept. */
    free(copy);
    return rc;
}

int cli_fresh_seed(uint64_t *seed) {
    FILE *random = fopen("/dev/urandom", "rb");
    size_t got = 0;
    if (random != NULL) {
        got = fread(seed, sizeof *seed, 1, random);
        fclose(random);
    }
    if (got != 1) {
        fprintf(stderr,
                CLI_PROGRAM
                ": cannot draw a fresh seed from /dev/urandom (%s): "
                "give one with --seed\n",
                strerror(errno));
        return -1;
    }
    return 0;
}
