/* The command table of mnistseq-cli and helpers shared by commands. */
#include "commands.h"

#include <stdio.h>

/* The dispatch point: `mnistseq-cli <name> ...` runs <run>. The seed form
 * needs no name (main.c); "generate" names it explicitly. */
const cli_command cli_commands[] = {
    {"generate", cmd_generate,
     "one image of a given sequence (the default: the name can be omitted)"},
    {"dataset", cmd_dataset, "many images, labels and a manifest in a folder"},
    {"preview", cmd_preview, "a contact sheet of samples with their labels"},
};
const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];

void cli_print_commands(FILE *out) {
    size_t i;
    for (i = 0; i < cli_command_count; ++i) {
        fprintf(out, "  %-10s %s\n", cli_commands[i].name,
                cli_commands[i].summary);
    }
}

int cli_usage_error(const char *message, const char *usage) {
    fprintf(stderr,
            CLI_PROGRAM
            ": %s\n"
            "usage: %s\n"
            "Try '" CLI_PROGRAM " --help' for more information.\n",
            message, usage);
    return CLI_EXIT_USAGE;
}
