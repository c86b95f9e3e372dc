/*
 * The commands of mnistseq-cli. main() dispatches on the first argument:
 * the name of a command in cli_commands[] (commands.c) runs that command;
 * anything else is the seed form, `mnistseq-cli <sequence> <min_spacing>
 * <max_spacing> <image_width> [options]`, run by cmd_generate().
 *
 * To add a command (dataset, preview, ...): write cli/cmd_<name>.c defining
 * `int cmd_<name>(int argc, char **argv)`, declare it below and add a row to
 * cli_commands[] in commands.c. A command gets argv[0] = its own name and
 * returns a CLI_EXIT_* status (args.h). Every .c file here but main.c is also
 * built as an object library, so tests and fuzzers can call the parsers.
 */
#ifndef MNISTSEQ_CLI_COMMANDS_H
#define MNISTSEQ_CLI_COMMANDS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "args.h"
#include "mnistseq/mnistseq.h"
#include "table_options.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The name used in every message. */
#define CLI_PROGRAM "mnistseq-cli"

/* A command: mnistseq-cli <name> [arguments]. */
typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary; /* one line for --help */
} cli_command;

/* The command table (commands.c). */
extern const cli_command cli_commands[];
extern const size_t cli_command_count;

/* Prints "  <name>  <summary>" for every command (for --help texts). */
void cli_print_commands(FILE *out);

/* Prints "mnistseq-cli: <message>", a usage line and a pointer to --help on
 * stderr, and returns CLI_EXIT_USAGE. usage is one line without "usage: ". */
int cli_usage_error(const char *message, const char *usage);

/* ---- The seed form (cmd_generate.c) ----------------------------------- */

/* Everything the seed form's command line says. */
typedef struct cli_generate_args {
    int digits[MSEQ_MAX_DIGITS];
    size_t ndigits;
    int64_t min_spacing;
    int64_t max_spacing;
    int64_t width;
    uint64_t seed;
    uint64_t index;
    const char *data;   /* NULL: the library's default lookup */
    const char *output; /* NULL: <d>-<d>-...png in the current directory */
    mseq_split split;
    mseq_fit fit;
    mseq_align align;
    int invert;
    cli_table_values table; /* the table's other parameters given */
    int seed_given;   /* --seed given (else the command draws a fresh seed) */
    const char *like; /* --like FILE: regenerate FILE from its recipe */
    const char *template_text; /* --template T: <sequence> is not given */
    int help;                  /* --help/-h seen: print help, nothing else */
    int version;               /* --version seen */
} cli_generate_args;

/* Parses argv[1..argc) of the seed form into args (defaults first). Checks
 * everything that can be checked without the data: the number of arguments,
 * each value's syntax and range, min_spacing <= max_spacing, options given
 * twice. Returns 0, or -1 with err naming the argument and its value. Stops
 * at the first --help or --version, with args->help or ->version set. Pure:
 * no I/O, no allocation. */
int cli_generate_parse(cli_generate_args *args, int argc, char *const *argv,
                       cli_error *err);

/* The seed form: parse, generate, write the PNG. */
int cmd_generate(int argc, char **argv);

/* ---- Generation options of `dataset` and `preview` (cmd_dataset.c) ----- */

/* What the generation options of `dataset` and `preview` say. */
typedef struct cli_gen_args {
    int digits[MSEQ_MAX_DIGITS]; /* --sequence */
    size_t ndigits;              /* 0: random sequences */
    /* The library parameters' values (param_options.h): */
    int64_t min_length, max_length;
    int64_t no_leading_zero, unique;
    int64_t min_spacing, max_spacing, width;
    uint64_t seed; /* the pattern of MSEQ_PARAM_SEED */
    int64_t threads;
    int64_t fit, align, invert;
    cli_table_values table;    /* the table's other parameters given */
    const char *data;          /* NULL: the library's default lookup */
    const char *writers;       /* --writers FILE, or NULL: the data folder's */
    const char *template_text; /* --template T, or NULL: digit sequences */
    mseq_split split;
} cli_gen_args;

/* Option ids of the generation options (a command's own ids start at
 * CLI_GEN_END), and their rows for a command's cli_option table. */
enum {
    CLI_GEN_SEQUENCE,
    CLI_GEN_MIN_LENGTH,
    CLI_GEN_MAX_LENGTH,
    CLI_GEN_NO_LEADING_ZERO,
    CLI_GEN_UNIQUE,
    CLI_GEN_MIN_SPACING,
    CLI_GEN_MAX_SPACING,
    CLI_GEN_WIDTH,
    CLI_GEN_SEED,
    CLI_GEN_THREADS,
    CLI_GEN_DATA,
    CLI_GEN_SPLIT,
    CLI_GEN_FIT,
    CLI_GEN_ALIGN,
    CLI_GEN_INVERT,
    CLI_GEN_WRITERS,
    CLI_GEN_TEMPLATE,
    /* The table's other parameters (table_options.h): ids CLI_GEN_TABLE
     * + i, in the rows cli_table_options() adds to a command's. */
    CLI_GEN_TABLE,
    CLI_GEN_END = CLI_GEN_TABLE + CLI_TABLE_MAX
};
#define CLI_GEN_OPTION_ROWS                                               \
    {"sequence", 0, 1, CLI_GEN_SEQUENCE},                                 \
        {"min-length", 0, 1, CLI_GEN_MIN_LENGTH},                         \
        {"max-length", 0, 1, CLI_GEN_MAX_LENGTH},                         \
        {"no-leading-zero", 0, 0, CLI_GEN_NO_LEADING_ZERO},               \
        {"unique", 0, 0, CLI_GEN_UNIQUE},                                 \
        {"min-spacing", 0, 1, CLI_GEN_MIN_SPACING},                       \
        {"max-spacing", 0, 1, CLI_GEN_MAX_SPACING},                       \
        {"width", 0, 1, CLI_GEN_WIDTH}, {"seed", 0, 1, CLI_GEN_SEED},     \
        {"threads", 0, 1, CLI_GEN_THREADS}, {"data", 0, 1, CLI_GEN_DATA}, \
        {"split", 0, 1, CLI_GEN_SPLIT}, {"fit", 0, 1, CLI_GEN_FIT},       \
        {"align", 0, 1, CLI_GEN_ALIGN}, {"invert", 0, 0, CLI_GEN_INVERT}, \
        {"writers", 0, 1, CLI_GEN_WRITERS}, {                             \
        "template", 0, 1, CLI_GEN_TEMPLATE                                \
    }

/* Help lines of the generation options, from the library's parameter
 * table (built once; the text is static). */
const char *cli_gen_help(void);

/* The parameter key of generation option id, or 0 for an option that is
 * not a library parameter (--sequence, --split, --data, --writers). */
mseq_param cli_gen_param_key(int id);

/* 1 when a generation option of its own (not a table option) sets key. */
int cli_gen_names_param(mseq_param key);

/* The values --split accepts, in the order of mseq_split. */
extern const char *const cli_split_names[2];

/* The defaults: random sequences of 1 to 5 digits, spacing 2 to 8, width
 * 200, seed 0, all cores, the train split, pad, center. */
void cli_gen_defaults(cli_gen_args *args);

/* Parses the value of generation option `id` (name as written, for
 * messages). Returns 0, or -1 with err naming the option and the value. */
int cli_gen_option(cli_gen_args *args, int id, const char *name,
                   const char *value, cli_error *err);

/* Checks the relations between options once all are parsed (min <= max;
 * --sequence excludes the random-sequence options, whose ids `seen` marks:
 * seen[id] is non-zero when option id was given). Returns 0 or -1. */
int cli_gen_check(const cli_gen_args *args, const unsigned char *seen,
                  cli_error *err);

/* Sets params from args (and MSEQ_PARAM_FORMAT to `format`). Returns 0, or
 * -1 with err naming the option the library refused. */
int cli_gen_params(mseq_params *params, const cli_gen_args *args,
                   mseq_format format, cli_error *err);

/* Creates *params holding args' values (cli_gen_params()). On failure
 * prints the error, a refused value as a usage error followed by `usage`,
 * and returns CLI_EXIT_RUNTIME or CLI_EXIT_USAGE with *params NULL; else
 * CLI_EXIT_OK. */
int cli_gen_new_params(mseq_params **params, const cli_gen_args *args,
                       mseq_format format, const char *usage);

/* Opens the source data args name, printing an error naming it on failure:
 * the --data folder echoed through cli_quote(), or whole between single
 * quotes when echo_whole is non-zero (the seed form's message). Returns
 * CLI_EXIT_OK or CLI_EXIT_RUNTIME. */
int cli_gen_open(mseq_dataset **ds, const cli_gen_args *args, int echo_whole);

/* Reports a failed library call ("mnistseq-cli: <what>: <detail>") and
 * returns CLI_EXIT_RUNTIME. */
int cli_runtime_error(const char *what, int code);

/* Set by the seed form: library messages then name its positional
 * arguments (<image_width>) rather than options (--width). */
extern int cli_positional_words;

/* Writes an 8-bit grayscale PNG to path, or to standard output when path is
 * "-". A file is written atomically (mseq_write_png) with SIGINT, SIGTERM
 * and SIGHUP held back until it is in place, so that no signal leaves its
 * temporary file behind: such a signal then ends the program as usual.
 * Returns an mseq code (MSEQ_EIO with mseq_last_error() set when standard
 * output cannot take it). */
int cli_write_png(const char *path, const uint8_t *pixels, uint32_t rows,
                  uint32_t cols);

/* The same with PNG text chunks (mseq_write_png_text). */
int cli_write_png_text(const char *path, const uint8_t *pixels, uint32_t rows,
                       uint32_t cols, const mseq_png_text *texts,
                       size_t ntexts);

/* cli_write_png() for an 8-bit RGB image (rows * cols * 3 bytes:
 * mseq_write_png_rgb, or mseq_encode_png_rgb to standard output). */
int cli_write_png_rgb(const char *path, const uint8_t *pixels, uint32_t rows,
                      uint32_t cols);

/* The file name the seed form would give a sequence of n digits is
 * 2n + 3 characters ("3-5-0.png"); file names hold at most this many. */
#define CLI_NAME_MAX 255

/* ---- `dataset` (cmd_dataset.c) ----------------------------------------- */

typedef struct cli_dataset_args {
    cli_gen_args gen;
    uint64_t count;     /* --count, required */
    const char *out;    /* --out, required */
    mseq_output format; /* --format png|npy|tar */
    mseq_format dtype;  /* --dtype uint8|float32 (npy) */
    int64_t shard_size;
    int64_t png_level;
    int64_t png_recipe; /* --png-recipe: each PNG carries its recipe */
    int64_t masks;      /* --masks: instance masks and ink boxes */
    int force, quiet, help;
    const char *verify; /* --verify DIR: check that dataset instead */
    uint64_t sample;    /* --sample N: images --verify regenerates */
} cli_dataset_args;

/* Parses argv[1..argc) of `mnistseq-cli dataset`. Pure, like
 * cli_generate_parse(). Returns 0 or -1 with err. */
int cli_dataset_parse(cli_dataset_args *args, int argc, char *const *argv,
                      cli_error *err);

/* mnistseq-cli dataset: write a dataset directory. */
int cmd_dataset(int argc, char **argv);

/* ---- `preview` (cmd_preview.c) ----------------------------------------- */

typedef struct cli_preview_args {
    cli_gen_args gen;
    const char *out; /* --out, required */
    int64_t rows, cols;
    int boxes; /* --boxes: each digit's ink box outlined (RGB sheet) */
    int cells; /* --cells: each digit's glyph cell outlined (RGB sheet) */
    int masks; /* --masks: each digit's ink in its own colour (RGB) */
    int help;
} cli_preview_args;

/* Parses argv[1..argc) of `mnistseq-cli preview`. Returns 0 or -1. */
int cli_preview_parse(cli_preview_args *args, int argc, char *const *argv,
                      cli_error *err);

/* mnistseq-cli preview: a contact sheet of samples with their labels. */
int cmd_preview(int argc, char **argv);

/* ---- `info` (cmd_info.c) ---------------------------------------------- */

/* mnistseq-cli info: the recipe of PNGs the seed form wrote (recipe.h). */
int cmd_info(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif /* MNISTSEQ_CLI_COMMANDS_H */
