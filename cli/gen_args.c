/*
 * The generation options shared by `mnistseq-cli dataset` and `preview`
 * (commands.h, "Generation options"): parsing, checks, and their transfer
 * to an mseq_params.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "mnistseq/mnistseq.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

const char *const cli_split_names[2] = {"train", "test"};
const char *const cli_fit_names[3] = {"pad", "exact", "strict"};
const char *const cli_align_names[4] = {"center", "left", "right", "random"};

const char cli_gen_help[] =
    "Generation options:\n"
    "  --sequence D      the same digits in every image (e.g. 0350); "
    "default: random\n"
    "                    sequences, drawn per image index\n"
    "  --min-length N    shortest random sequence, 1 to 1024 (default 1)\n"
    "  --max-length N    longest random sequence (default 5)\n"
    "  --no-leading-zero random sequences never start with 0 (unless one "
    "digit long)\n"
    "  --unique          no random sequence repeats\n"
    "  --min-spacing N   smallest gap between digits in pixels (default 2)\n"
    "  --max-spacing N   largest gap (default 8); each gap is uniform in "
    "[min, max]\n"
    "  --width N         image width in pixels, 1 to 65536 (default 200)\n"
    "  --fit F           pad (default), exact or strict (see "
    "mnistseq-cli --help)\n"
    "  --align A         center (default), left, right or random\n"
    "  --invert          white digits on black instead of black on white\n"
    "  --seed N          random seed, 0 to 2^64-1 (default 0)\n"
    "  --split S         train (default) or test: which MNIST digits to use\n"
    "  --data DIR        folder of IDX files (default: MNISTSEQ_DATA, then "
    "the\n"
    "                    installed MNIST)\n"
    "  --threads N       threads, 0 = all cores (default); never changes "
    "the images\n";

void cli_gen_defaults(cli_gen_args *args) {
    memset(args, 0, sizeof *args);
    args->min_length = 1;
    args->max_length = 5;
    args->min_spacing = 2;
    args->max_spacing = 8;
    args->width = 200;
    args->split = MSEQ_SPLIT_TRAIN;
    args->fit = MSEQ_FIT_PAD;
    args->align = MSEQ_ALIGN_CENTER;
}

int cli_gen_option(cli_gen_args *args, int id, const char *name,
                   const char *value, cli_error *err) {
    int choice = 0;
    switch (id) {
        case CLI_GEN_SEQUENCE:
            return cli_parse_sequence(args->digits, MSEQ_MAX_DIGITS,
                                      &args->ndigits, value, err);
        case CLI_GEN_MIN_LENGTH:
            return cli_parse_i64(&args->min_length, value, 1, MSEQ_MAX_DIGITS,
                                 name, err);
        case CLI_GEN_MAX_LENGTH:
            return cli_parse_i64(&args->max_length, value, 1, MSEQ_MAX_DIGITS,
                                 name, err);
        case CLI_GEN_NO_LEADING_ZERO:
            args->no_leading_zero = 1;
            return 0;
        case CLI_GEN_UNIQUE:
            args->unique = 1;
            return 0;
        case CLI_GEN_MIN_SPACING:
            return cli_parse_i64(&args->min_spacing, value, 0, MSEQ_MAX_SPACING,
                                 name, err);
        case CLI_GEN_MAX_SPACING:
            return cli_parse_i64(&args->max_spacing, value, 0, MSEQ_MAX_SPACING,
                                 name, err);
        case CLI_GEN_WIDTH:
            return cli_parse_i64(&args->width, value, 1, MSEQ_MAX_WIDTH, name,
                                 err);
        case CLI_GEN_SEED:
            return cli_parse_u64(&args->seed, value, UINT64_MAX, name, err);
        case CLI_GEN_THREADS:
            return cli_parse_i64(&args->threads, value, 0, MSEQ_MAX_THREADS,
                                 name, err);
        case CLI_GEN_DATA:
            return cli_parse_path(&args->data, value, "folder", name, err);
        case CLI_GEN_SPLIT:
            if (cli_parse_choice(&choice, value, cli_split_names,
                                 COUNT(cli_split_names), name, err) != 0) {
                return -1;
            }
            args->split = (mseq_split)choice;
            return 0;
        case CLI_GEN_FIT:
            if (cli_parse_choice(&choice, value, cli_fit_names,
                                 COUNT(cli_fit_names), name, err) != 0) {
                return -1;
            }
            args->fit = (mseq_fit)choice;
            return 0;
        case CLI_GEN_ALIGN:
            if (cli_parse_choice(&choice, value, cli_align_names,
                                 COUNT(cli_align_names), name, err) != 0) {
                return -1;
            }
            args->align = (mseq_align)choice;
            return 0;
        case CLI_GEN_INVERT:
            args->invert = 1;
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
    if (args->ndigits > 0) {
        for (i = 0; i < COUNT(random_only); ++i) {
            if (seen[random_only[i].id]) {
                cli_error_set(err,
                              "%s applies to random sequences and cannot be "
                              "combined with --sequence",
                              random_only[i].name);
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
    const struct {
        mseq_param key;
        int64_t value;
        const char *name;
    } values[] = {
        {MSEQ_PARAM_MIN_SPACING, args->min_spacing, "--min-spacing"},
        {MSEQ_PARAM_MAX_SPACING, args->max_spacing, "--max-spacing"},
        {MSEQ_PARAM_WIDTH, args->width, "--width"},
        {MSEQ_PARAM_FIT, args->fit, "--fit"},
        {MSEQ_PARAM_ALIGN, args->align, "--align"},
        {MSEQ_PARAM_INVERT, args->invert, "--invert"},
        /* The seed's 64-bit pattern, as mseq_params_set() documents. */
        {MSEQ_PARAM_SEED, (int64_t)args->seed, "--seed"},
        {MSEQ_PARAM_FORMAT, format, "--dtype"},
        {MSEQ_PARAM_MIN_LENGTH, args->min_length, "--min-length"},
        {MSEQ_PARAM_MAX_LENGTH, args->max_length, "--max-length"},
        {MSEQ_PARAM_NO_LEADING_ZERO, args->no_leading_zero,
         "--no-leading-zero"},
        {MSEQ_PARAM_UNIQUE, args->unique, "--unique"},
        {MSEQ_PARAM_THREADS, args->threads, "--threads"},
    };
    size_t i;
    for (i = 0; i < COUNT(values); ++i) {
        if (mseq_params_set(params, values[i].key, values[i].value) !=
            MSEQ_OK) {
            cli_error_set(err, "%s: %s", values[i].name, mseq_last_error());
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
    const int rc = mseq_open(ds, args->data, args->split);
    if (rc == MSEQ_OK) {
        return CLI_EXIT_OK;
    }
    if (args->data != NULL && echo_whole) {
        snprintf(what, sizeof what,
                 "cannot open the %s split of the data set in '%s'",
                 cli_split_names[args->split], args->data);
    } else if (args->data != NULL) {
        char quoted[96];
        snprintf(what, sizeof what,
                 "cannot open the %s split of the data set in %s",
                 cli_split_names[args->split],
                 cli_quote(quoted, sizeof quoted, args->data));
    } else {
        snprintf(what, sizeof what,
                 "cannot open the %s split of the default data set "
                 "(set --data or MNISTSEQ_DATA)",
                 cli_split_names[args->split]);
    }
    return cli_runtime_error(what, rc);
}
