/*
 * mnistseq-cli: images of handwritten digit sequences from MNIST.
 *
 *   mnistseq-cli <sequence> <min_spacing> <max_spacing> <image_width> [opts]
 *   mnistseq-cli <command> [arguments]
 *
 * The commands are listed in cli_commands[] (commands.c); see commands.h to
 * add one.
 */
#define _POSIX_C_SOURCE 200809L

#include <signal.h>
#include <string.h>

#include "commands.h"

int main(int argc, char **argv) {
    size_t i;
    /* A file size limit (ulimit -f) makes writes fail with EFBIG, reported
     * like any write error, instead of killing the program with no word
     * and its temporary files left behind. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc >= 2) {
        for (i = 0; i < cli_command_count; ++i) {
            if (strcmp(argv[1], cli_commands[i].name) == 0) {
                return cli_commands[i].run(argc - 1, argv + 1);
            }
        }
    }
    return cmd_generate(argc, argv);
}
