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
    int help;    /* --help/-h seen: print help, nothing else */
    int version; /* --version seen */
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

#ifdef __cplusplus
}
#endif

#endif /* MNISTSEQ_CLI_COMMANDS_H */
