/*
 * The seed form of mnistseq-cli:
 *
 *   mnistseq-cli <sequence> <min_spacing> <max_spacing> <image_width> [opts]
 *
 * writes the image of <sequence> as an 8-bit grayscale PNG named
 * <d>-<d>-...-<d>.png in the current directory (or --output).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "mnistseq/mnistseq.h"

#define GENERATE_USAGE                                           \
    CLI_PROGRAM                                                  \
        " <sequence> <min_spacing> <max_spacing> <image_width> " \
        "[options]"

enum {
    OPT_SEED,
    OPT_INDEX,
    OPT_DATA,
    OPT_SPLIT,
    OPT_FIT,
    OPT_ALIGN,
    OPT_INVERT,
    OPT_OUTPUT,
    OPT_HELP,
    OPT_VERSION
};

static const cli_option generate_options[] = {
    {"seed", 0, 1, OPT_SEED},     {"index", 0, 1, OPT_INDEX},
    {"data", 0, 1, OPT_DATA},     {"split", 0, 1, OPT_SPLIT},
    {"fit", 0, 1, OPT_FIT},       {"align", 0, 1, OPT_ALIGN},
    {"invert", 0, 0, OPT_INVERT}, {"output", 'o', 1, OPT_OUTPUT},
    {"help", 'h', 0, OPT_HELP},   {"version", 0, 0, OPT_VERSION},
};

/* Names in the order of their enum values (mnistseq.h). */
static const char *const split_names[] = {"train", "test"};
static const char *const fit_names[] = {"pad", "exact", "strict"};
static const char *const align_names[] = {"center", "left", "right", "random"};

static const char *const positional_names[] = {
    "<sequence>", "<min_spacing>", "<max_spacing>", "<image_width>"};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* An option's value, for the option whose id is given. */
static int parse_option(cli_generate_args *args, int id, const char *name,
                        const char *value, cli_error *err) {
    char quoted[96];
    int choice = 0;
    switch (id) {
        case OPT_SEED:
            return cli_parse_u64(&args->seed, value, UINT64_MAX, name, err);
        case OPT_INDEX:
            return cli_parse_u64(&args->index, value, UINT64_MAX, name, err);
        case OPT_DATA:
        case OPT_OUTPUT:
            if (value[0] == '\0') {
                cli_error_set(err, "%s: the value is empty: expected a %s",
                              name, id == OPT_DATA ? "folder" : "file name");
                return -1;
            }
            if (id == OPT_DATA) {
                args->data = value;
            } else {
                args->output = value;
            }
            return 0;
        case OPT_SPLIT:
            if (cli_parse_choice(&choice, value, split_names,
                                 COUNT(split_names), name, err) != 0) {
                return -1;
            }
            args->split = (mseq_split)choice;
            return 0;
        case OPT_FIT:
            if (cli_parse_choice(&choice, value, fit_names, COUNT(fit_names),
                                 name, err) != 0) {
                return -1;
            }
            args->fit = (mseq_fit)choice;
            return 0;
        case OPT_ALIGN:
            if (cli_parse_choice(&choice, value, align_names,
                                 COUNT(align_names), name, err) != 0) {
                return -1;
            }
            args->align = (mseq_align)choice;
            return 0;
        case OPT_INVERT:
            args->invert = 1;
            return 0;
        case OPT_HELP:
            args->help = 1;
            return 0;
        case OPT_VERSION:
            args->version = 1;
            return 0;
        default:
            cli_error_set(err, "internal error: option %s has no handler",
                          cli_quote(quoted, sizeof quoted, name));
            return -1;
    }
}

int cli_generate_parse(cli_generate_args *args, int argc, char *const *argv,
                       cli_error *err) {
    const char *positionals[4];
    size_t npositionals = 0;
    unsigned seen = 0;
    cli_scanner scanner;
    char quoted[96];

    memset(args, 0, sizeof *args);
    args->split = MSEQ_SPLIT_TRAIN;
    args->fit = MSEQ_FIT_PAD;
    args->align = MSEQ_ALIGN_CENTER;

    cli_scanner_init(&scanner, argc, argv, generate_options,
                     COUNT(generate_options));
    for (;;) {
        int id = -1;
        const char *name = NULL;
        const char *value = NULL;
        const cli_token token = cli_scan(&scanner, &id, &name, &value, err);
        if (token == CLI_TOKEN_END) {
            break;
        }
        if (token == CLI_TOKEN_ERROR) {
            return -1;
        }
        if (token == CLI_TOKEN_POSITIONAL) {
            if (npositionals == COUNT(positionals)) {
                cli_error_set(err,
                              "unexpected argument %s: the seed form takes "
                              "exactly 4 (<sequence> <min_spacing> "
                              "<max_spacing> <image_width>)",
                              cli_quote(quoted, sizeof quoted, value));
                return -1;
            }
            positionals[npositionals++] = value;
            continue;
        }
        if ((seen & (1u << id)) != 0) {
            cli_error_set(err, "option %s is given more than once", name);
            return -1;
        }
        seen |= 1u << id;
        if (parse_option(args, id, name, value, err) != 0) {
            return -1;
        }
        if (args->help || args->version) {
            return 0;
        }
    }

    if (npositionals < COUNT(positionals)) {
        char missing[128] = "";
        size_t i;
        for (i = npositionals; i < COUNT(positionals); ++i) {
            strcat(missing, i > npositionals ? " " : "");
            strcat(missing, positional_names[i]);
        }
        cli_error_set(err,
                      "missing argument%s %s (the seed form takes <sequence> "
                      "<min_spacing> <max_spacing> <image_width>)",
                      COUNT(positionals) - npositionals > 1 ? "s" : "",
                      missing);
        return -1;
    }
    if (cli_parse_sequence(args->digits, MSEQ_MAX_DIGITS, &args->ndigits,
                           positionals[0], err) != 0 ||
        cli_parse_i64(&args->min_spacing, positionals[1], 0, MSEQ_MAX_SPACING,
                      "min_spacing", err) != 0 ||
        cli_parse_i64(&args->max_spacing, positionals[2], 0, MSEQ_MAX_SPACING,
                      "max_spacing", err) != 0 ||
        cli_parse_i64(&args->width, positionals[3], 1, MSEQ_MAX_WIDTH,
                      "image_width", err) != 0) {
        return -1;
    }
    if (args->min_spacing > args->max_spacing) {
        cli_error_set(err,
                      "min_spacing (%" PRId64
                      ") is greater than max_spacing "
                      "(%" PRId64 ")",
                      args->min_spacing, args->max_spacing);
        return -1;
    }
    return 0;
}

static void print_help(FILE *out) {
    fprintf(out,
            "usage: " GENERATE_USAGE
            "\n"
            "       " CLI_PROGRAM
            " <command> [arguments]\n"
            "\n"
            "Writes an image of a handwritten digit sequence, made of MNIST "
            "digits, as an\n"
            "8-bit grayscale PNG: glyph height (28 for MNIST) x "
            "<image_width> pixels, named\n"
            "after the digits in the current directory (350 or 3-5-0 gives "
            "3-5-0.png).\n"
            "\n"
            "Arguments:\n"
            "  <sequence>     digits 0-9, such as 350 or 3-5-0 (at most %d)\n"
            "  <min_spacing>  smallest gap between two digits in pixels, 0 "
            "to %d\n"
            "  <max_spacing>  largest gap, min_spacing to %d; each gap is "
            "drawn uniformly\n"
            "                 from [min_spacing, max_spacing]\n"
            "  <image_width>  image width in pixels, 1 to %d\n"
            "\n"
            "Options (before or after the arguments):\n"
            "  --seed N         random seed, 0 to 2^64-1 (default 0); same "
            "seed, same image\n"
            "  --index N        sample index under the seed, 0 to 2^64-1 "
            "(default 0)\n"
            "  --data DIR       folder holding the IDX files (raw or .gz); "
            "default: the\n"
            "                   MNISTSEQ_DATA variable, then the installed "
            "MNIST\n"
            "  --split S        train (default) or test: which MNIST images "
            "to use\n"
            "  --fit F          pad (default): pad a narrower strip, shrink a "
            "wider one;\n"
            "                   exact: pick gaps that fill the width exactly; "
            "strict: fail\n"
            "                   when the strip is wider than the width\n"
            "  --align A        center (default), left, right or random: "
            "where a padded\n"
            "                   strip sits\n"
            "  --invert         white digits on black (MNIST's look) instead "
            "of black on white\n"
            "  -o, --output F   file to write instead of <d>-<d>-...png in "
            "the current\n"
            "                   directory; written atomically, never left "
            "partial\n"
            "  -h, --help       show this help\n"
            "  --version        show the versions of the tool and of the "
            "library\n"
            "\n"
            "Commands:\n",
            MSEQ_MAX_DIGITS, MSEQ_MAX_SPACING, MSEQ_MAX_SPACING,
            MSEQ_MAX_WIDTH);
    cli_print_commands(out);
    fprintf(out,
            "\n"
            "Exit status: 0 on success, 1 when generating or writing fails "
            "(data files,\n"
            "fit, output), 2 for a bad command line.\n");
}

/* Reports a failed library call and returns CLI_EXIT_RUNTIME. */
static int runtime_error(const char *what, int code) {
    const char *detail = mseq_last_error();
    if (detail[0] != '\0') {
        fprintf(stderr, CLI_PROGRAM ": %s: %s (%s)\n", what, detail,
                mseq_strerror(code));
    } else {
        fprintf(stderr, CLI_PROGRAM ": %s: %s\n", what, mseq_strerror(code));
    }
    return CLI_EXIT_RUNTIME;
}

/* Copies the parsed values into params. The values were range-checked while
 * parsing, so a refusal here means the library disagrees with this tool:
 * reported as a usage error naming the option. */
static int set_params(mseq_params *params, const cli_generate_args *args) {
    const struct {
        mseq_param key;
        int64_t value;
        const char *name;
    } values[] = {
        {MSEQ_PARAM_MIN_SPACING, args->min_spacing, "min_spacing"},
        {MSEQ_PARAM_MAX_SPACING, args->max_spacing, "max_spacing"},
        {MSEQ_PARAM_WIDTH, args->width, "image_width"},
        {MSEQ_PARAM_FIT, args->fit, "--fit"},
        {MSEQ_PARAM_ALIGN, args->align, "--align"},
        {MSEQ_PARAM_INVERT, args->invert, "--invert"},
        /* The seed's 64-bit pattern, as mseq_params_set() documents. */
        {MSEQ_PARAM_SEED, (int64_t)args->seed, "--seed"},
        {MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8, "format"},
    };
    size_t i;
    for (i = 0; i < COUNT(values); ++i) {
        const int rc = mseq_params_set(params, values[i].key, values[i].value);
        if (rc != MSEQ_OK) {
            char message[1200];
            snprintf(message, sizeof message, "%s: %s", values[i].name,
                     mseq_last_error());
            return cli_usage_error(message, GENERATE_USAGE);
        }
    }
    return CLI_EXIT_OK;
}

static int generate_and_write(const cli_generate_args *args,
                              mseq_params *params, const char *path,
                              const char *sequence) {
    mseq_dataset *ds = NULL;
    uint8_t *pixels = NULL;
    size_t bytes = 0;
    uint32_t rows = 0;
    uint32_t cols = 0;
    int status = CLI_EXIT_RUNTIME;
    char what[2400];
    int rc = mseq_open(&ds, args->data, args->split);
    if (rc != MSEQ_OK) {
        if (args->data != NULL) {
            snprintf(what, sizeof what,
                     "cannot open the %s split of the data set in '%s'",
                     split_names[args->split], args->data);
        } else {
            snprintf(what, sizeof what,
                     "cannot open the %s split of the default data set "
                     "(set --data or MNISTSEQ_DATA)",
                     split_names[args->split]);
        }
        return runtime_error(what, rc);
    }
    rc = mseq_glyph_size(&rows, &cols, ds);
    if (rc == MSEQ_OK) {
        rc = mseq_image_size(&bytes, ds, params);
    }
    if (rc != MSEQ_OK) {
        status = runtime_error("cannot size the image", rc);
        goto done;
    }
    pixels = malloc(bytes);
    if (pixels == NULL) {
        fprintf(stderr,
                CLI_PROGRAM ": out of memory for an image of %zu bytes\n",
                bytes);
        goto done;
    }
    rc = mseq_generate(pixels, bytes, NULL, NULL, ds, params, args->digits,
                       args->ndigits, args->index);
    if (rc != MSEQ_OK) {
        snprintf(what, sizeof what,
                 "cannot generate %s in %" PRId64 " pixels (spacing %" PRId64
                 " to %" PRId64 ", fit %s)",
                 sequence, args->width, args->min_spacing, args->max_spacing,
                 fit_names[args->fit]);
        status = runtime_error(what, rc);
        goto done;
    }
    rc = mseq_write_png(path, pixels, rows, (uint32_t)args->width, -1);
    if (rc != MSEQ_OK) {
        status = runtime_error("cannot write the image", rc);
        goto done;
    }
    status = CLI_EXIT_OK;
done:
    free(pixels);
    mseq_free(ds);
    return status;
}

int cmd_generate(int argc, char **argv) {
    static cli_generate_args args;
    /* "1-2-3" for 123, then "1-2-3.png" (two bytes a digit at most). */
    static char sequence[2 * MSEQ_MAX_DIGITS + 1];
    static char default_path[2 * MSEQ_MAX_DIGITS + 5];
    cli_error err;
    mseq_params *params = NULL;
    int status;
    int rc;

    if (argc < 2) {
        return cli_usage_error("missing arguments", GENERATE_USAGE);
    }
    if (cli_generate_parse(&args, argc, argv, &err) != 0) {
        return cli_usage_error(err.text, GENERATE_USAGE);
    }
    if (args.help) {
        print_help(stdout);
        return CLI_EXIT_OK;
    }
    if (args.version) {
        printf(CLI_PROGRAM " %s\nlibmnistseq %s\n", MSEQ_VERSION_STRING,
               mseq_version_string());
        return CLI_EXIT_OK;
    }
    if (cli_sequence_name(sequence, sizeof sequence, args.digits, args.ndigits,
                          "") != 0 ||
        cli_sequence_name(default_path, sizeof default_path, args.digits,
                          args.ndigits, ".png") != 0) {
        fprintf(stderr, CLI_PROGRAM ": internal error: sequence too long\n");
        return CLI_EXIT_RUNTIME;
    }

    rc = mseq_params_new(&params);
    if (rc != MSEQ_OK) {
        return runtime_error("cannot create the parameters", rc);
    }
    status = set_params(params, &args);
    if (status == CLI_EXIT_OK) {
        status = generate_and_write(
            &args, params, args.output != NULL ? args.output : default_path,
            sequence);
    }
    mseq_params_free(params);
    return status;
}
