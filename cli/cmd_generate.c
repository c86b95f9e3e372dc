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
#include "param_options.h"
#include "recipe.h"

#define GENERATE_USAGE                                       \
    CLI_PROGRAM                                              \
    " <sequence> <min_spacing> <max_spacing> <image_width> " \
    "[options]"

/* --seed, --data, --split, --fit, --align and --invert are generation
 * options (gen_args.c); the others are the seed form's own. */
enum {
    OPT_INDEX = CLI_GEN_END,
    OPT_OUTPUT,
    OPT_LIKE,
    OPT_TEMPLATE,
    OPT_HELP,
    OPT_VERSION,
    OPT_END
};

/* The seed form's own options; the table's follow (table_options.h). */
static const cli_option generate_options[] = {
    {"seed", 0, 1, CLI_GEN_SEED},     {"index", 0, 1, OPT_INDEX},
    {"data", 0, 1, CLI_GEN_DATA},     {"split", 0, 1, CLI_GEN_SPLIT},
    {"fit", 0, 1, CLI_GEN_FIT},       {"align", 0, 1, CLI_GEN_ALIGN},
    {"invert", 0, 0, CLI_GEN_INVERT}, {"output", 'o', 1, OPT_OUTPUT},
    {"like", 0, 1, OPT_LIKE},         {"template", 0, 1, OPT_TEMPLATE},
    {"help", 'h', 0, OPT_HELP},       {"version", 0, 0, OPT_VERSION},
};

static const char *const positional_names[] = {
    "<sequence>", "<min_spacing>", "<max_spacing>", "<image_width>"};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* What cli_generate_parse() collects while scanning. */
typedef struct parse_state {
    cli_generate_args *args;
    cli_gen_args gen; /* the generation options given */
    const char *positionals[COUNT(positional_names)];
    size_t npositionals;
} parse_state;

/* cli_parser.option of the seed form: context is the parse_state. */
static int parse_option(void *context, int id, const char *name,
                        const char *value, cli_error *err) {
    parse_state *state = context;
    cli_generate_args *args = state->args;
    switch (id) {
        case OPT_INDEX:
            return cli_parse_u64(&args->index, value, UINT64_MAX, name, err);
        case OPT_OUTPUT:
            return cli_parse_path(&args->output, value, "file name", name, err);
        case OPT_LIKE:
            return cli_parse_path(&args->like, value, "file name", name, err);
        case OPT_TEMPLATE:
            args->template_text = value;
            return 0;
        case OPT_HELP:
            args->help = 1;
            return 1;
        case OPT_VERSION:
            args->version = 1;
            return 1;
        default:
            return cli_gen_option(&state->gen, id, name, value, err);
    }
}

/* cli_parser.positional of the seed form: at most four arguments. */
static int parse_positional(void *context, const char *value, cli_error *err) {
    parse_state *state = context;
    char quoted[96];
    if (state->npositionals == COUNT(state->positionals)) {
        cli_error_set(err,
                      "unexpected argument %s: the seed form takes exactly 4 "
                      "(<sequence> <min_spacing> <max_spacing> "
                      "<image_width>)",
                      cli_quote(quoted, sizeof quoted, value));
        return -1;
    }
    state->positionals[state->npositionals++] = value;
    return 0;
}

int cli_generate_parse(cli_generate_args *args, int argc, char *const *argv,
                       cli_error *err) {
    static cli_option options[COUNT(generate_options) + CLI_TABLE_MAX];
    cli_parser parser = {options, 0, parse_option, parse_positional, NULL};
    parse_state state;
    unsigned char seen[OPT_END];
    const char *const *positionals = state.positionals;
    const size_t wanted = COUNT(positional_names);
    size_t given;
    int rc;

    parser.noptions =
        cli_table_options(options, COUNT(options), generate_options,
                          COUNT(generate_options), CLI_GEN_TABLE);
    memset(args, 0, sizeof *args);
    memset(&state, 0, sizeof state);
    state.args = args;
    cli_gen_defaults(&state.gen);
    rc = cli_parse_command(&parser, &state, argc, argv, seen, sizeof seen, err);
    args->seed = state.gen.seed;
    args->data = state.gen.data;
    args->split = state.gen.split;
    args->fit = (mseq_fit)state.gen.fit;
    args->align = (mseq_align)state.gen.align;
    args->invert = (int)state.gen.invert;
    args->table = state.gen.table;
    args->seed_given = seen[CLI_GEN_SEED];
    if (rc != 0) {
        return rc < 0 ? -1 : 0;
    }
    if (args->like != NULL) {
        /* The recipe gives everything but where to write and read. */
        int table_given = 0;
        int id;
        for (id = CLI_GEN_TABLE; id < CLI_GEN_END; ++id) {
            table_given |= seen[id];
        }
        if (state.npositionals > 0 || seen[CLI_GEN_SEED] || seen[OPT_INDEX] ||
            seen[CLI_GEN_SPLIT] || seen[CLI_GEN_FIT] || seen[CLI_GEN_ALIGN] ||
            seen[CLI_GEN_INVERT] || seen[OPT_TEMPLATE] || table_given) {
            cli_error_set(err,
                          "--like makes the image its file's recipe says: "
                          "give it only -o/--output and --data");
            return -1;
        }
        return 0;
    }

    given = state.npositionals;
    if (args->template_text != NULL) {
        /* The template gives the text: the three numbers follow. */
        if (given != wanted - 1) {
            cli_error_set(err,
                          "with --template the seed form takes 3 arguments "
                          "(<min_spacing> <max_spacing> <image_width>), not "
                          "%zu",
                          given);
            return -1;
        }
        if (cli_param_parse(&args->min_spacing, MSEQ_PARAM_MIN_SPACING,
                            "min_spacing", positionals[0], err) != 0 ||
            cli_param_parse(&args->max_spacing, MSEQ_PARAM_MAX_SPACING,
                            "max_spacing", positionals[1], err) != 0 ||
            cli_parse_i64(&args->width, positionals[2], 1, MSEQ_MAX_WIDTH,
                          "image_width", err) != 0) {
            return -1;
        }
    } else if (given < wanted) {
        char missing[128] = "";
        size_t i;
        for (i = given; i < wanted; ++i) {
            strcat(missing, i > given ? " " : "");
            strcat(missing, positional_names[i]);
        }
        cli_error_set(err,
                      "missing argument%s %s (the seed form takes <sequence> "
                      "<min_spacing> <max_spacing> <image_width>)",
                      wanted - given > 1 ? "s" : "", missing);
        return -1;
    }
    if (args->template_text == NULL &&
        (cli_parse_sequence(args->digits, MSEQ_MAX_DIGITS, &args->ndigits,
                            positionals[0], err) != 0 ||
         cli_param_parse(&args->min_spacing, MSEQ_PARAM_MIN_SPACING,
                         "min_spacing", positionals[1], err) != 0 ||
         cli_param_parse(&args->max_spacing, MSEQ_PARAM_MAX_SPACING,
                         "max_spacing", positionals[2], err) != 0 ||
         cli_parse_i64(&args->width, positionals[3], 1, MSEQ_MAX_WIDTH,
                       "image_width", err) != 0)) {
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

/* The --help lines of the table's other options (table_options.h), their
 * text moved one column left to the seed form's column 19. */
static const char *table_help(void) {
    static char help[4096];
    char *line, *to = help;
    help[0] = '\0';
    cli_table_help(help, sizeof help);
    for (line = help; *line != '\0';) {
        const size_t length = strcspn(line, "\n");
        const size_t head = length < 19 ? length : 19;
        const size_t shift =
            length > 19 && line[18] == ' ' && line[19] == ' ' ? 1 : 0;
        memmove(to, line, head);
        memmove(to + head - shift, line + head, length - head);
        to += length - shift;
        line += length;
        if (*line == '\n') {
            *to++ = *line++;
        }
    }
    *to = '\0';
    return help;
}

static void print_help(FILE *out) {
    fprintf(out,
            "usage: " GENERATE_USAGE
            "\n"
            "       " CLI_PROGRAM
            " generate --like FILE.png [-o FILE] [--data DIR]\n"
            "       " CLI_PROGRAM
            " <command> [arguments]\n"
            "\n"
            "Writes an image of a handwritten digit sequence, made of MNIST "
            "digits, as an\n"
            "8-bit grayscale PNG: --height (default the glyph height, 28 "
            "for MNIST) x\n"
            "<image_width> pixels, named after the digits in the current "
            "directory (350 or\n"
            "3-5-0 gives 3-5-0.png).\n"
            "Each run draws a fresh seed unless --seed gives one; the PNG "
            "records how it was\n"
            "made (text chunks: the arguments with the seed, the data's "
            "SHA-256).\n"
            "\n"
            "Arguments:\n"
            "  <sequence>     digits 0-9, such as 350 or 3-5-0 (at most %d)\n"
            "  <min_spacing>  smallest gap between two digits in pixels, %d "
            "to %d;\n"
            "                 negative gaps make digits overlap (by less than "
            "a glyph's\n"
            "                 width: down to -27 for MNIST), their inks "
            "merged\n"
            "  <max_spacing>  largest gap, min_spacing to %d; each gap is "
            "drawn uniformly\n"
            "                 from [min_spacing, max_spacing]\n"
            "  <image_width>  image width in pixels, 1 to %d\n"
            "\n"
            "Options (before or after the arguments):\n"
            "  --seed N         random seed, 0 to 2^64-1 (default: a fresh "
            "one); same seed,\n"
            "                   same image. The PNG records it with the rest "
            "of its recipe\n"
            "                   (see `mnistseq-cli info`)\n"
            "  --like FILE      make the image FILE's recipe says again, bit "
            "for bit (with\n"
            "                   -o/--output and --data only); FILE: a PNG this "
            "form wrote\n"
            "  --index N        sample index under the seed, 0 to 2^64-1 "
            "(default 0)\n"
            "  --template T     draw the text of the template T for the seed "
            "and index\n"
            "                   instead of <sequence> (then 3 arguments "
            "follow), e.g.\n"
            "                   '(###) ###-####' or '{date DD/MM/YYYY}'; the "
            "file is named\n"
            "                   after its digits (012-345.png)\n"
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
            "%s"
            "  -o, --output F   file to write instead of <d>-<d>-...png in "
            "the current\n"
            "                   directory; written atomically, never left "
            "partial (through\n"
            "                   a symbolic link: its target); - writes the "
            "PNG to stdout\n"
            "  -h, --help       show this help\n"
            "  --version        show the versions of the tool and of the "
            "library\n"
            "\n"
            "Commands:\n",
            MSEQ_MAX_DIGITS, 1 - MSEQ_MAX_GLYPH_SIDE, MSEQ_MAX_SPACING,
            MSEQ_MAX_SPACING, MSEQ_MAX_WIDTH, table_help());
    cli_print_commands(out);
    fprintf(
        out,
        "\n"
        "Exit status: 0 on success, 1 when generating or writing fails "
        "(data files,\n"
        "fit, output), 2 for a bad command line.\n"
        "\n"
        "Examples:\n"
        "  mnistseq-cli 350 2 8 200\n"
        "  mnistseq-cli 0123456789 -6 2 200 --split test --seed 7 -o "
        "touching.png\n"
        "  mnistseq-cli 2026 0 40 200 --fit exact --invert -o - > 2026.png\n");
}

/* The generation options the seed form's command line gives. */
static void gen_of(cli_gen_args *gen, const cli_generate_args *args) {
    cli_gen_defaults(gen);
    gen->min_spacing = args->min_spacing;
    gen->max_spacing = args->max_spacing;
    gen->width = args->width;
    gen->seed = args->seed;
    gen->data = args->data;
    gen->split = args->split;
    gen->fit = args->fit;
    gen->align = args->align;
    gen->invert = args->invert;
    gen->table = args->table;
}

/* Whether two data lines name the same content: the same two digests,
 * whatever the files are called (a .gz copy holds the same IDX content). */
static int same_data(const char *a, const char *b) {
    char a_images[65], a_labels[65], b_images[65], b_labels[65];
    const char *format = "%*s sha256:%64s %*s sha256:%64s";
    return sscanf(a, format, a_images, a_labels) == 2 &&
           sscanf(b, format, b_images, b_labels) == 2 &&
           strcmp(a_images, b_images) == 0 && strcmp(a_labels, b_labels) == 0;
}

/* The data line of ds in *data (free() it), which must be `recorded` when
 * that is not NULL (--like). Returns CLI_EXIT_OK or the exit status of an
 * error it told. */
static int check_data(char **data, const mseq_dataset *ds, const char *like,
                      const char *recorded) {
    int rc;
    *data = cli_data_recipe(&rc, ds);
    if (*data == NULL) {
        return cli_runtime_error("cannot hash the data files", rc);
    }
    if (recorded != NULL && !same_data(*data, recorded)) {
        fprintf(stderr,
                CLI_PROGRAM
                ": %s was made from other data than the data read now (give "
                "its data with --data):\n  made from: %s\n  read now:  %s\n",
                like, recorded, *data);
        return CLI_EXIT_RUNTIME;
    }
    return CLI_EXIT_OK;
}

/* Writes the image at path with its chunks: Software (this program), the
 * recipe, the text of a template's image (or NULL) and the data line.
 * Returns CLI_EXIT_OK or the exit status of an error it told. */
static int write_with_recipe(const char *path, const uint8_t *pixels,
                             uint32_t rows, uint32_t cols, const char *recipe,
                             const char *text, const char *data) {
    char software[160];
    mseq_png_text texts[4];
    size_t n = 0;
    int rc;
    snprintf(software, sizeof software, CLI_PROGRAM " %s (libmnistseq %s)",
             MSEQ_VERSION_STRING, mseq_version_string());
    texts[n].key = CLI_SOFTWARE_KEY;
    texts[n++].text = software;
    texts[n].key = MSEQ_RECIPE_KEY;
    texts[n++].text = recipe;
    if (text != NULL) {
        texts[n].key = "mnistseq-text";
        texts[n++].text = text;
    }
    texts[n].key = MSEQ_RECIPE_DATA_KEY;
    texts[n++].text = data;
    rc = cli_write_png_text(path, pixels, rows, cols, texts, n);
    return rc == MSEQ_OK ? CLI_EXIT_OK
                         : cli_runtime_error("cannot write the image", rc);
}

static int generate_and_write(const cli_generate_args *args,
                              const mseq_dataset *ds, const mseq_params *params,
                              const char *path, const char *sequence,
                              const char *recorded_data) {
    char *recipe = NULL;
    char *data = NULL;
    char fit[32];
    uint8_t *pixels = NULL;
    size_t bytes = 0;
    uint32_t rows = 0;
    uint32_t cols = 0;
    int status = CLI_EXIT_RUNTIME;
    char what[2400];
    int rc = mseq_image_shape(&rows, &cols, ds, params);
    if (rc == MSEQ_OK) {
        rc = mseq_image_size(&bytes, ds, params);
    }
    if (rc != MSEQ_OK) {
        return cli_runtime_error("cannot size the image", rc);
    }
    status = check_data(&data, ds, args->like, recorded_data);
    if (status == CLI_EXIT_OK) {
        recipe = cli_image_recipe(&rc, ds, params, args->digits, args->ndigits,
                                  args->index);
        if (recipe == NULL) {
            status = cli_runtime_error("cannot write the recipe", rc);
        }
    }
    if (status != CLI_EXIT_OK) {
        free(data);
        return status;
    }
    status = CLI_EXIT_RUNTIME;
    pixels = malloc(bytes);
    if (pixels == NULL) {
        fprintf(stderr,
                CLI_PROGRAM ": out of memory for an image of %zu bytes\n",
                bytes);
        free(recipe);
        free(data);
        return CLI_EXIT_RUNTIME;
    }
    rc = mseq_generate(pixels, bytes, NULL, NULL, ds, params, args->digits,
                       args->ndigits, args->index);
    if (rc != MSEQ_OK) {
        snprintf(what, sizeof what,
                 "cannot generate %s in %" PRId64 " pixels (spacing %" PRId64
                 " to %" PRId64 ", fit %s)",
                 sequence, args->width, args->min_spacing, args->max_spacing,
                 cli_param_choice(fit, sizeof fit, MSEQ_PARAM_FIT, args->fit));
        status = cli_runtime_error(what, rc);
    } else {
        status =
            write_with_recipe(path, pixels, rows, cols, recipe, NULL, data);
    }
    free(pixels);
    free(recipe);
    free(data);
    return status;
}

/* The file name of a text: its digits, each run of other characters
 * between two of them a '-' ("(03) 12:34" gives "03-12-34"), "text" for
 * a text without digits, then suffix. buf holds 2 * MSEQ_MAX_DIGITS + 5
 * bytes at least. */
static void text_name(char *buf, const char *text, const char *suffix) {
    size_t used = 0;
    int gap = 0;
    for (; *text != '\0'; ++text) {
        if (*text >= '0' && *text <= '9') {
            if (gap && used > 0) {
                buf[used++] = '-';
            }
            buf[used++] = *text;
            gap = 0;
        } else {
            gap = 1;
        }
    }
    if (used == 0) {
        memcpy(buf, "text", 4);
        used = 4;
    }
    strcpy(buf + used, suffix);
}

/* --template T: draws the text of (seed, index), generates its image and
 * writes it with its recipe (which names the template, so --like makes it
 * again) and its text (PNG chunk mnistseq-text). */
static int generate_text_and_write(const cli_generate_args *args,
                                   const mseq_dataset *ds, mseq_params *params,
                                   const char *recorded_data) {
    static char text[MSEQ_MAX_DIGITS + 1];
    static char default_path[2 * MSEQ_MAX_DIGITS + 5];
    char *recipe = NULL;
    char *data = NULL;
    mseq_template *tmpl = NULL;
    uint8_t *pixels = NULL;
    size_t bytes = 0, length = 0;
    uint32_t rows = 0, cols = 0;
    int status;
    int rc = mseq_template_new(&tmpl, args->template_text);
    if (rc != MSEQ_OK) {
        char message[1200];
        snprintf(message, sizeof message, "--template: %s", mseq_last_error());
        return cli_usage_error(message, GENERATE_USAGE);
    }
    rc = mseq_params_set_template(params, tmpl);
    if (rc == MSEQ_OK) {
        rc = mseq_template_text(text, sizeof text, &length, tmpl, params,
                                args->index);
    }
    mseq_template_free(tmpl);
    if (rc != MSEQ_OK) {
        return cli_runtime_error("cannot draw the template's text", rc);
    }
    rc = mseq_image_shape(&rows, &cols, ds, params);
    if (rc == MSEQ_OK) {
        rc = mseq_image_size(&bytes, ds, params);
    }
    if (rc != MSEQ_OK) {
        return cli_runtime_error("cannot size the image", rc);
    }
    status = check_data(&data, ds, args->like, recorded_data);
    if (status != CLI_EXIT_OK) {
        return status;
    }
    recipe = cli_image_recipe(&rc, ds, params, NULL, 0, args->index);
    if (recipe == NULL) {
        free(data);
        return cli_runtime_error("cannot write the recipe", rc);
    }
    pixels = malloc(bytes);
    if (pixels == NULL) {
        fprintf(stderr, CLI_PROGRAM ": out of memory for an image\n");
        free(recipe);
        free(data);
        return CLI_EXIT_RUNTIME;
    }
    rc = mseq_generate_text(pixels, bytes, NULL, 0, NULL, NULL, NULL, ds,
                            params, text, args->index);
    if (rc != MSEQ_OK) {
        char what[1400];
        snprintf(what, sizeof what,
                 "cannot generate '%s' in %" PRId64 " pixels (spacing %" PRId64
                 " to %" PRId64 ")",
                 text, args->width, args->min_spacing, args->max_spacing);
        status = cli_runtime_error(what, rc);
    } else {
        text_name(default_path, text, ".png");
        status = write_with_recipe(
            args->output != NULL ? args->output : default_path, pixels, rows,
            cols, recipe, text, data);
    }
    free(pixels);
    free(recipe);
    free(data);
    return status;
}

/* --like FILE: args becomes FILE's recipe (keeping --output, --data and
 * --like), *data its data line. Returns CLI_EXIT_OK or the exit status of
 * an error it told. */
static int load_recipe(cli_generate_args *args, char **data) {
    const cli_generate_args given = *args;
    cli_error err;
    int rc;
    char *recipe = cli_read_png_text(given.like, MSEQ_RECIPE_KEY, &rc);
    if (recipe == NULL) {
        if (rc == MSEQ_ENOTFOUND) {
            fprintf(stderr,
                    CLI_PROGRAM
                    ": --like %s: no mnistseq recipe in it (only "
                    "PNGs that mnistseq-cli's seed form wrote have "
                    "one), or no such file\n",
                    given.like);
        } else {
            fprintf(stderr, CLI_PROGRAM ": --like: %s\n", mseq_last_error());
        }
        return CLI_EXIT_RUNTIME;
    }
    *data = cli_read_png_text(given.like, MSEQ_RECIPE_DATA_KEY, &rc);
    if (*data == NULL || cli_recipe_parse(args, recipe, &err) != 0) {
        fprintf(stderr,
                CLI_PROGRAM ": --like %s: its recipe '%s' cannot be read: %s\n",
                given.like, recipe,
                *data == NULL ? "no mnistseq-data chunk beside it" : err.text);
        free(recipe);
        free(*data);
        *data = NULL;
        return CLI_EXIT_RUNTIME;
    }
    free(recipe);
    args->like = given.like;
    args->output = given.output;
    args->data = given.data;
    return CLI_EXIT_OK;
}

int cmd_generate(int argc, char **argv) {
    static cli_generate_args args;
    /* "1-2-3" for 123, then "1-2-3.png" (two bytes a digit at most). */
    static char sequence[2 * MSEQ_MAX_DIGITS + 1];
    static char default_path[2 * MSEQ_MAX_DIGITS + 5];
    cli_gen_args gen;
    cli_error err;
    mseq_params *params = NULL;
    mseq_dataset *ds = NULL;
    char *recorded_data = NULL;
    int status;

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
    if (args.like != NULL) {
        status = load_recipe(&args, &recorded_data);
        if (status != CLI_EXIT_OK) {
            return status;
        }
    } else if (!args.seed_given && cli_fresh_seed(&args.seed) != 0) {
        return CLI_EXIT_RUNTIME;
    }
    cli_positional_words = 1;
    if (args.template_text == NULL && args.output == NULL &&
        2 * args.ndigits + 3 > CLI_NAME_MAX) {
        char message[200];
        snprintf(message, sizeof message,
                 "a sequence of %zu digits would be written to a file named "
                 "after it (%zu characters; a file name holds at most %d): "
                 "give the file name with -o",
                 args.ndigits, 2 * args.ndigits + 3, CLI_NAME_MAX);
        return cli_usage_error(message, GENERATE_USAGE);
    }
    if (args.template_text == NULL &&
        (cli_sequence_name(sequence, sizeof sequence, args.digits, args.ndigits,
                           "") != 0 ||
         cli_sequence_name(default_path, sizeof default_path, args.digits,
                           args.ndigits, ".png") != 0)) {
        fprintf(stderr, CLI_PROGRAM ": internal error: sequence too long\n");
        return CLI_EXIT_RUNTIME;
    }

    gen_of(&gen, &args);
    status = cli_gen_new_params(&params, &gen, MSEQ_FORMAT_U8, GENERATE_USAGE);
    if (status != CLI_EXIT_OK) {
        return status;
    }
    status = cli_gen_open(&ds, &gen, 1);
    if (status == CLI_EXIT_OK && args.template_text != NULL) {
        status = generate_text_and_write(&args, ds, params, recorded_data);
    } else if (status == CLI_EXIT_OK) {
        status = generate_and_write(
            &args, ds, params, args.output != NULL ? args.output : default_path,
            sequence, recorded_data);
    }
    mseq_free(ds);
    mseq_params_free(params);
    free(recorded_data);
    return status;
}
