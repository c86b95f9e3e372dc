/*
 * The generation options shared by `mnistseq-cli dataset` and `preview`
 * (commands.h, "Generation options"): parsing, checks, and their transfer
 * to an mseq_params.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "mnistseq/mnistseq.h"
#include "param_options.h"
#include "table_options.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

const char *const cli_split_names[2] = {"train", "test"};

/* The generation options that are library parameters, in --help order, and
 * where each keeps its value (an int64_t, or the seed's uint64_t pattern).
 * Their bounds, choices, help lines and defaults come from the library's
 * parameter table (param_options.h). */
static const struct {
    int id;
    mseq_param key;
    size_t offset;
} gen_params[] = {
    {CLI_GEN_MIN_LENGTH, MSEQ_PARAM_MIN_LENGTH,
     offsetof(cli_gen_args, min_length)},
    {CLI_GEN_MAX_LENGTH, MSEQ_PARAM_MAX_LENGTH,
     offsetof(cli_gen_args, max_length)},
    {CLI_GEN_NO_LEADING_ZERO, MSEQ_PARAM_NO_LEADING_ZERO,
     offsetof(cli_gen_args, no_leading_zero)},
    {CLI_GEN_UNIQUE, MSEQ_PARAM_UNIQUE, offsetof(cli_gen_args, unique)},
    {CLI_GEN_MIN_SPACING, MSEQ_PARAM_MIN_SPACING,
     offsetof(cli_gen_args, min_spacing)},
    {CLI_GEN_MAX_SPACING, MSEQ_PARAM_MAX_SPACING,
     offsetof(cli_gen_args, max_spacing)},
    {CLI_GEN_WIDTH, MSEQ_PARAM_WIDTH, offsetof(cli_gen_args, width)},
    {CLI_GEN_FIT, MSEQ_PARAM_FIT, offsetof(cli_gen_args, fit)},
    {CLI_GEN_ALIGN, MSEQ_PARAM_ALIGN, offsetof(cli_gen_args, align)},
    {CLI_GEN_INVERT, MSEQ_PARAM_INVERT, offsetof(cli_gen_args, invert)},
    {CLI_GEN_SEED, MSEQ_PARAM_SEED, offsetof(cli_gen_args, seed)},
    {CLI_GEN_THREADS, MSEQ_PARAM_THREADS, offsetof(cli_gen_args, threads)},
};

/* The value slot of gen_params[i] in args (8 bytes). */
static void *slot(cli_gen_args *args, size_t i) {
    return (char *)args + gen_params[i].offset;
}

static int64_t value_at(const cli_gen_args *args, size_t i) {
    int64_t v;
    memcpy(&v, (const char *)args + gen_params[i].offset, sizeof v);
    return v;
}

mseq_param cli_gen_param_key(int id) {
    size_t i;
    for (i = 0; i < COUNT(gen_params); ++i) {
        if (gen_params[i].id == id) {
            return gen_params[i].key;
        }
    }
    return (mseq_param)0;
}

int cli_gen_names_param(mseq_param key) {
    size_t i;
    for (i = 0; i < COUNT(gen_params); ++i) {
        if (gen_params[i].key == key) {
            return 1;
        }
    }
    return 0;
}

const char *cli_gen_help(void) {
    static char help[8192];
    size_t i;
    if (help[0] != '\0') {
        return help;
    }
    cli_gen_args defaults;
    cli_gen_defaults(&defaults);
    snprintf(help, sizeof help,
             "Generation options:\n"
             "  --sequence D      the same digits in every image (e.g. "
             "0350); default: random\n"
             "                    sequences, drawn per image index\n"
             "  --template T      texts from the template T instead of "
             "digit sequences, e.g.\n"
             "                    '(###) ###-####', '{date DD/MM/YYYY}', "
             "'{time HH:MM}',\n"
             "                    '{amount 0..9999.99}': # any digit, %% "
             "1-9, separators\n"
             "                    - / . , : ( ) + drawn, spaces as gaps; "
             "--unique gives no\n"
             "                    text twice (see the README's "
             "\"Templates\")\n");
    for (i = 0; i < COUNT(gen_params); ++i) {
        if (gen_params[i].id == CLI_GEN_SEED) {
            /* The seed, then where the digits come from. */
            cli_param_help(help, sizeof help, gen_params[i].key,
                           value_at(&defaults, i));
            snprintf(help + strlen(help), sizeof help - strlen(help),
                     "  --split S         train (default) or test: which "
                     "MNIST digits to use\n"
                     "  --data DIR        folder of IDX files (default: "
                     "MNISTSEQ_DATA, then the\n"
                     "                    installed MNIST)\n"
                     "  --writers FILE    QMNIST's extended labels of the "
                     "split, for --writer same\n"
                     "                    (default: the data folder's "
                     "qmnist-*-labels-idx2-int[.gz])\n");
            continue;
        }
        cli_param_help(help, sizeof help, gen_params[i].key,
                       value_at(&defaults, i));
    }
    cli_table_help(help, sizeof help);
    return help;
}

void cli_gen_defaults(cli_gen_args *args) {
    size_t i;
    memset(args, 0, sizeof *args);
    for (i = 0; i < COUNT(gen_params); ++i) {
        const int64_t v = cli_param_default(gen_params[i].key);
        memcpy(slot(args, i), &v, sizeof v);
    }
    /* The defaults the user's specification fixes for the command line. */
    args->min_spacing = 2;
    args->max_spacing = 8;
    args->width = 200;
    args->split = MSEQ_SPLIT_TRAIN;
}

int cli_gen_option(cli_gen_args *args, int id, const char *name,
                   const char *value, cli_error *err) {
    int choice = 0;
    size_t i;
    for (i = 0; i < COUNT(gen_params); ++i) {
        if (gen_params[i].id == id) {
            int64_t v = 0;
            if (cli_param_parse(&v, gen_params[i].key, name, value, err) != 0) {
                return -1;
            }
            memcpy(slot(args, i), &v, sizeof v);
            return 0;
        }
    }
    if (id >= CLI_GEN_TABLE && id < CLI_GEN_END) {
        return cli_table_parse(&args->table, (size_t)(id - CLI_GEN_TABLE), name,
                               value, err);
    }
    switch (id) {
        case CLI_GEN_SEQUENCE:
            return cli_parse_sequence(args->digits, MSEQ_MAX_DIGITS,
                                      &args->ndigits, value, err);
        case CLI_GEN_DATA:
            return cli_parse_path(&args->data, value, "folder", name, err);
        case CLI_GEN_WRITERS:
            return cli_parse_path(&args->writers, value, "file", name, err);
        case CLI_GEN_TEMPLATE:
            args->template_text = value;
            return 0;
        case CLI_GEN_SPLIT:
            if (cli_parse_choice(&choice, value, cli_split_names,
                                 COUNT(cli_split_names), name, err) != 0) {
                return -1;
            }
            args->split = (mseq_split)choice;
            return 0;
        default:
            cli_error_set(err, "internal error: option %s has no handler",
                          name);
            return -1;
    }
}

int cli_gen_check(const cli_gen_args *args, const unsigned char *seen,
                  cli_error *err) {
    static const struct {
        int id;
        const char *name;
    } random_only[] = {{CLI_GEN_MIN_LENGTH, "--min-length"},
                       {CLI_GEN_MAX_LENGTH, "--max-length"},
                       {CLI_GEN_NO_LEADING_ZERO, "--no-leading-zero"},
                       {CLI_GEN_UNIQUE, "--unique"}};
    size_t i;
    if (args->template_text != NULL) {
        static const struct {
            int id;
            const char *name;
        } digits_only[] = {{CLI_GEN_SEQUENCE, "--sequence"},
                           {CLI_GEN_MIN_LENGTH, "--min-length"},
                           {CLI_GEN_MAX_LENGTH, "--max-length"},
                           {CLI_GEN_NO_LEADING_ZERO, "--no-leading-zero"}};
        for (i = 0; i < COUNT(digits_only); ++i) {
            if (seen[digits_only[i].id]) {
                cli_error_set(err,
                              "%s chooses digit sequences and cannot be "
                              "combined with --template",
                              digits_only[i].name);
                return -1;
            }
        }
    }
    if (args->ndigits > 0) {
        const mseq_param *keys = NULL;
        const size_t nkeys = cli_table_keys(&keys);
        for (i = 0; i < COUNT(random_only); ++i) {
            if (seen[random_only[i].id]) {
                cli_error_set(err,
                              "%s applies to random sequences and cannot be "
                              "combined with --sequence",
                              random_only[i].name);
                return -1;
            }
        }
        /* The table's option of random sequences. */
        for (i = 0; i < nkeys; ++i) {
            if (keys[i] == MSEQ_PARAM_UNIQUE_PERMUTATION &&
                seen[CLI_GEN_TABLE + i]) {
                cli_error_set(err,
                              "--unique-permutation applies to random "
                              "sequences and cannot be combined with "
                              "--sequence");
                return -1;
            }
        }
    }
    if (args->min_length > args->max_length) {
        cli_error_set(err,
                      "--min-length (%" PRId64
                      ") is greater than --max-length (%" PRId64 ")",
                      args->min_length, args->max_length);
        return -1;
    }
    if (args->min_spacing > args->max_spacing) {
        cli_error_set(err,
                      "--min-spacing (%" PRId64
                      ") is greater than --max-spacing (%" PRId64 ")",
                      args->min_spacing, args->max_spacing);
        return -1;
    }
    return 0;
}

int cli_gen_params(mseq_params *params, const cli_gen_args *args,
                   mseq_format format, cli_error *err) {
    char option[64];
    size_t i;
    for (i = 0; i < COUNT(gen_params); ++i) {
        if (mseq_params_set(params, gen_params[i].key, value_at(args, i)) !=
            MSEQ_OK) {
            cli_error_set(
                err, "--%s: %s",
                cli_param_option(option, sizeof option, gen_params[i].key),
                mseq_last_error());
            return -1;
        }
    }
    if (cli_table_set(params, &args->table, err) != 0) {
        return -1;
    }
    if (mseq_params_set(params, MSEQ_PARAM_FORMAT, format) != MSEQ_OK) {
        cli_error_set(err, "--dtype: %s", mseq_last_error());
        return -1;
    }
    if (args->template_text != NULL) {
        /* The parameters share the template: its handle goes now. */
        mseq_template *tmpl = NULL;
        int rc = mseq_template_new(&tmpl, args->template_text);
        if (rc == MSEQ_OK) {
            rc = mseq_params_set_template(params, tmpl);
        }
        mseq_template_free(tmpl);
        if (rc != MSEQ_OK) {
            cli_error_set(err, "--template: %s", mseq_last_error());
            return -1;
        }
    }
    return 0;
}

int cli_positional_words = 0;

int cli_runtime_error(const char *what, int code) {
    char detail[2400];
    char said[2400];
    cli_user_words(detail, sizeof detail, mseq_last_error(),
                   cli_positional_words);
    cli_user_words(said, sizeof said, what, 0);
    if (detail[0] != '\0') {
        fprintf(stderr, CLI_PROGRAM ": %s: %s (%s)\n", said, detail,
                mseq_strerror(code));
    } else {
        fprintf(stderr, CLI_PROGRAM ": %s: %s\n", said, mseq_strerror(code));
    }
    return CLI_EXIT_RUNTIME;
}

int cli_gen_new_params(mseq_params **params, const cli_gen_args *args,
                       mseq_format format, const char *usage) {
    cli_error err;
    const int rc = mseq_params_new(params);
    if (rc != MSEQ_OK) {
        *params = NULL;
        return cli_runtime_error("cannot create the parameters", rc);
    }
    if (cli_gen_params(*params, args, format, &err) != 0) {
        mseq_params_free(*params);
        *params = NULL;
        return cli_usage_error(err.text, usage);
    }
    return CLI_EXIT_OK;
}

int cli_gen_open(mseq_dataset **ds, const cli_gen_args *args, int echo_whole) {
    char what[2400];
    mseq_open_options options = MSEQ_OPEN_OPTIONS_INIT;
    int rc;
    options.writers = args->writers;
    rc = mseq_open_ext(ds, args->data, args->split, &options);
    if (rc == MSEQ_OK) {
        return CLI_EXIT_OK;
    }
    if (args->writers != NULL) {
        char quoted[96];
        snprintf(what, sizeof what,
                 "cannot open the %s split (with --writers %s)",
                 cli_split_names[args->split],
                 cli_quote(quoted, sizeof quoted, args->writers));
        return cli_runtime_error(what, rc);
    }
    if (args->data != NULL && echo_whole) {
        snprintf(what, sizeof what,
                 "cannot open the %s split of the source data in '%s'",
                 cli_split_names[args->split], args->data);
    } else if (args->data != NULL) {
        char quoted[96];
        snprintf(what, sizeof what,
                 "cannot open the %s split of the source data in %s",
                 cli_split_names[args->split],
                 cli_quote(quoted, sizeof quoted, args->data));
    } else {
        snprintf(what, sizeof what,
                 "cannot open the %s split of the default source data "
                 "(set --data or MNISTSEQ_DATA)",
                 cli_split_names[args->split]);
    }
    return cli_runtime_error(what, rc);
}
