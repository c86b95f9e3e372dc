/* mnistseq-cli info: the recipe of PNGs the seed form wrote (recipe.h). */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>

#include "args.h"
#include "commands.h"
#include "mnistseq/mnistseq.h"
#include "recipe.h"

#define INFO_USAGE CLI_PROGRAM " info FILE.png..."

enum { OPT_HELP, OPT_END };

static const cli_option info_options[] = {{"help", 'h', 0, OPT_HELP}};

typedef struct info_args {
    char *const *files;
    size_t nfiles;
    int help;
} info_args;

static int parse_option(void *context, int id, const char *name,
                        const char *value, cli_error *err) {
    info_args *args = context;
    (void)id;
    (void)name;
    (void)value;
    (void)err;
    args->help = 1;
    return 1;
}

static int parse_positional(void *context, const char *value, cli_error *err) {
    info_args *args = context;
    (void)err;
    (void)value;
    ++args->nfiles;
    return 0;
}

static void print_help(FILE *out) {
    fprintf(out,
            "usage: " INFO_USAGE
            "\n"
            "\n"
            "Shows how each PNG that the seed form wrote was made: the "
            "arguments that make\n"
            "it again (its recipe, with the seed drawn for it), the data its "
            "digits came\n"
            "from (file names and SHA-256) and the program that wrote it. "
            "`mnistseq-cli\n"
            "generate --like FILE.png` makes the same image again, bit for "
            "bit.\n"
            "\n"
            "Options:\n"
            "  -h, --help        show this help\n"
            "\n"
            "Exit status: 0 when every file has a recipe, 1 when one has none "
            "or cannot be\n"
            "read, 2 for a bad command line.\n"
            "\n"
            "Examples:\n"
            "  mnistseq-cli 350 2 8 200\n"
            "  mnistseq-cli info 3-5-0.png\n"
            "  mnistseq-cli generate --like 3-5-0.png -o again.png\n");
}

/* Prints the recipe of one file; returns CLI_EXIT_OK or CLI_EXIT_RUNTIME
 * after a message on stderr. */
static int show(const char *path) {
    int rc;
    char *recipe = cli_read_png_text(path, MSEQ_RECIPE_KEY, &rc);
    char *data, *software;
    if (recipe == NULL) {
        if (rc == MSEQ_ENOTFOUND) {
            fprintf(stderr,
                    CLI_PROGRAM
                    ": %s: no mnistseq recipe (only PNGs that "
                    "mnistseq-cli's seed form wrote have one), or "
                    "no such file\n",
                    path);
        } else {
            fprintf(stderr, CLI_PROGRAM ": %s\n", mseq_last_error());
        }
        return CLI_EXIT_RUNTIME;
    }
    data = cli_read_png_text(path, MSEQ_RECIPE_DATA_KEY, &rc);
    software = cli_read_png_text(path, CLI_SOFTWARE_KEY, &rc);
    printf("%s\n  recipe:  " CLI_PROGRAM " %s\n  data:    %s\n  made by: %s\n",
           path, recipe, data != NULL ? data : "(not recorded)",
           software != NULL ? software : "(not recorded)");
    free(recipe);
    free(data);
    free(software);
    return CLI_EXIT_OK;
}

int cmd_info(int argc, char **argv) {
    static const cli_parser parser = {
        info_options, sizeof info_options / sizeof info_options[0],
        parse_option, parse_positional, "info"};
    unsigned char seen[OPT_END];
    info_args args = {NULL, 0, 0};
    cli_error err;
    int status = CLI_EXIT_OK;
    int i;
    if (cli_parse_command(&parser, &args, argc, argv, seen, sizeof seen, &err) <
        0) {
        return cli_usage_error(err.text, INFO_USAGE);
    }
    if (args.help) {
        print_help(stdout);
        return CLI_EXIT_OK;
    }
    if (args.nfiles == 0) {
        return cli_usage_error("missing FILE.png", INFO_USAGE);
    }
    /* The files are the arguments that are not options ("--" makes every
     * later argument one). */
    for (i = 1; i < argc; ++i) {
        if (argv[i][0] == '-' && argv[i][1] == '-' && argv[i][2] == '\0') {
            for (++i; i < argc; ++i) {
                if (show(argv[i]) != CLI_EXIT_OK) status = CLI_EXIT_RUNTIME;
            }
            break;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') continue;
        if (show(argv[i]) != CLI_EXIT_OK) status = CLI_EXIT_RUNTIME;
    }
    return status;
}
