/* The command table of mnistseq-cli and helpers shared by commands. */
#define _POSIX_C_SOURCE 200809L

#include "commands.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The dispatch point: `mnistseq-cli <name> ...` runs <run>. The seed form
 * needs no name (main.c); "generate" names it explicitly. */
const cli_command cli_commands[] = {
    {"generate", cmd_generate,
     "one image of a given sequence (the default: the name can be omitted)"},
    {"dataset", cmd_dataset, "many images, labels and a manifest in a folder"},
    {"preview", cmd_preview, "a contact sheet of samples with their labels"},
    {"info", cmd_info, "how a PNG of the seed form was made (its recipe)"},
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

static int write_to_stdout(const uint8_t *pixels, uint32_t rows, uint32_t cols,
                           const mseq_png_text *texts, size_t ntexts) {
    size_t size = 0;
    unsigned char *png;
    int rc = mseq_encode_png_text(&size, NULL, 0, pixels, rows, cols, -1, texts,
                                  ntexts);
    if (rc != MSEQ_EBUFSIZE) {
        return rc;
    }
    png = malloc(size);
    if (png == NULL) {
        return MSEQ_ENOMEM;
    }
    rc = mseq_encode_png_text(&size, png, size, pixels, rows, cols, -1, texts,
                              ntexts);
    if (rc == MSEQ_OK &&
        (fwrite(png, 1, size, stdout) != size || fflush(stdout) != 0)) {
        fprintf(stderr,
                CLI_PROGRAM
                ": cannot write the PNG to standard "
                "output: %s\n",
                strerror(errno));
        rc = MSEQ_EIO;
    }
    free(png);
    return rc;
}

int cli_write_png_rgb(const char *path, const uint8_t *pixels, uint32_t rows,
                      uint32_t cols) {
    sigset_t held, saved;
    size_t size = 0;
    unsigned char *png;
    int rc;
    if (strcmp(path, "-") != 0) {
        sigemptyset(&held);
        sigaddset(&held, SIGINT);
        sigaddset(&held, SIGTERM);
        sigaddset(&held, SIGHUP);
        sigprocmask(SIG_BLOCK, &held, &saved);
        rc = mseq_write_png_rgb(path, pixels, rows, cols, -1);
        sigprocmask(SIG_SETMASK, &saved, NULL);
        return rc;
    }
    rc = mseq_encode_png_rgb(&size, NULL, 0, pixels, rows, cols, -1);
    if (rc != MSEQ_EBUFSIZE) {
        return rc;
    }
    png = malloc(size);
    if (png == NULL) {
        return MSEQ_ENOMEM;
    }
    rc = mseq_encode_png_rgb(&size, png, size, pixels, rows, cols, -1);
    if (rc == MSEQ_OK &&
        (fwrite(png, 1, size, stdout) != size || fflush(stdout) != 0)) {
        fprintf(stderr,
                CLI_PROGRAM ": cannot write the PNG to standard output: %s\n",
                strerror(errno));
        rc = MSEQ_EIO;
    }
    free(png);
    return rc;
}

int cli_write_png(const char *path, const uint8_t *pixels, uint32_t rows,
                  uint32_t cols) {
    return cli_write_png_text(path, pixels, rows, cols, NULL, 0);
}

int cli_write_png_text(const char *path, const uint8_t *pixels, uint32_t rows,
                       uint32_t cols, const mseq_png_text *texts,
                       size_t ntexts) {
    sigset_t held, saved;
    int rc;
    if (strcmp(path, "-") == 0) {
        return write_to_stdout(pixels, rows, cols, texts, ntexts);
    }
    sigemptyset(&held);
    sigaddset(&held, SIGINT);
    sigaddset(&held, SIGTERM);
    sigaddset(&held, SIGHUP);
    sigprocmask(SIG_BLOCK, &held, &saved);
    rc = mseq_write_png_text(path, pixels, rows, cols, -1, texts, ntexts);
    sigprocmask(SIG_SETMASK, &saved, NULL);
    return rc;
}
