/* The recipe of a seed-form image (recipe.h). */
#define _POSIX_C_SOURCE 200809L

#include "recipe.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A text query of the C API: the size query (out NULL, out_size 0) gives
 * MSEQ_EBUFSIZE and the size; the second call fills the text. */
typedef int (*text_query)(size_t *size, char *out, size_t out_size,
                          const void *args);

/* The text of query in a new string (free() it), or NULL with the mseq
 * code in *rc. */
static char *query_text(int *rc, text_query query, const void *args) {
    size_t size = 0;
    char *text;
    *rc = query(&size, NULL, 0, args);
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
    *rc = query(&size, text, size, args);
    if (*rc != MSEQ_OK) {
        free(text);
        return NULL;
    }
    return text;
}

typedef struct image_args {
    const mseq_dataset *ds;
    const mseq_params *params;
    const int *digits;
    size_t ndigits;
    uint64_t index;
} image_args;

static int image_query(size_t *size, char *out, size_t out_size,
                       const void *args) {
    const image_args *a = args;
    return mseq_image_recipe(size, out, out_size, a->ds, a->params, a->digits,
                             a->ndigits, a->index);
}

char *cli_image_recipe(int *rc, const mseq_dataset *ds,
                       const mseq_params *params, const int *digits,
                       size_t ndigits, uint64_t index) {
    const image_args args = {ds, params, digits, ndigits, index};
    return query_text(rc, image_query, &args);
}

static int data_query(size_t *size, char *out, size_t out_size,
                      const void *args) {
    return mseq_dataset_recipe(size, out, out_size, args);
}

char *cli_data_recipe(int *rc, const mseq_dataset *ds) {
    return query_text(rc, data_query, ds);
}

typedef struct chunk_args {
    const char *path;
    const char *key;
} chunk_args;

static int chunk_query(size_t *size, char *out, size_t out_size,
                       const void *args) {
    const chunk_args *a = args;
    return mseq_read_png_text(size, out, out_size, a->path, a->key);
}

char *cli_read_png_text(const char *path, const char *key, int *rc) {
    const chunk_args args = {path, key};
    return query_text(rc, chunk_query, &args);
}

int cli_recipe_parse(cli_generate_args *args, const char *recipe,
                     cli_error *err) {
    /* "generate", then at most one word per character of the recipe. */
    const size_t cap = strlen(recipe) / 2 + 3;
    char **words = malloc(cap * sizeof *words);
    char *copy = malloc(strlen(recipe) + 1);
    char *word, *rest = NULL;
    int argc = 0, rc;
    if (copy == NULL || words == NULL) {
        cli_error_set(err, "out of memory");
        free(copy);
        free(words);
        return -1;
    }
    strcpy(copy, recipe);
    words[argc++] = "generate";
    /* Words end at spaces; a word in single quotes (a template) runs to
     * the closing quote, spaces included. */
    for (word = copy; *word != '\0';) {
        if (*word == ' ') {
            ++word;
            continue;
        }
        if (*word == '\'') {
            rest = strchr(word + 1, '\'');
            if (rest == NULL) {
                cli_error_set(err, "a quote is not closed");
                free(copy);
                free(words);
                return -1;
            }
            ++word;
        } else {
            rest = strchr(word, ' ');
            if (rest == NULL) {
                rest = word + strlen(word);
            }
        }
        words[argc++] = word;
        if (*rest == '\0') {
            break;
        }
        *rest = '\0';
        word = rest + 1;
    }
    words[argc] = NULL;
    rc = cli_generate_parse(args, argc, words, err);
    if (rc == 0 &&
        (args->like != NULL || args->output != NULL || args->data != NULL ||
         args->help || args->version || !args->seed_given)) {
        cli_error_set(err, "it is not a seed-form command line with --seed");
        rc = -1;
    }
    /* The parsed strings (the template, the pictures' paths) point into
     * copy: it is kept until the next parse (for the rest of the process,
     * which parses one recipe). */
    {
        static char *kept = NULL;
        free(kept);
        kept = copy;
    }
    free(words);
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
