/*
 * A progress bar for long mnistseq-cli commands, drawn on one terminal line
 * (carriage return, no scrolling):
 *
 *   [##########..........]  50%  5000/10000  24,310 img/s  ETA 0:00:00
 *
 * The rate counts only the images made by this run (a resumed job's earlier
 * images are not), and the ETA follows from it. The bar is redrawn at most
 * ten times a second. It is meant for stderr, and only when stderr is a
 * terminal: cli_progress_init() decides.
 */
#ifndef MNISTSEQ_CLI_PROGRESS_H
#define MNISTSEQ_CLI_PROGRESS_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cli_progress {
    FILE *out;           /* where the bar goes */
    int enabled;         /* 0: every call is a no-op */
    double start;        /* monotonic seconds at the first update */
    double last_draw;    /* monotonic seconds of the last redraw */
    uint64_t first_done; /* `done` at the first update (resumed images) */
    int started;
    int drawn;                     /* a line is on screen: finish() ends it */
    volatile sig_atomic_t *cancel; /* non-zero: the next update asks to stop */
} cli_progress;

/* Prepares a bar on `out`, enabled when `want` is non-zero and out is a
 * terminal. cancel (or NULL) is polled at every update: when it points to a
 * non-zero value, cli_progress_update() returns 1, which cancels the
 * library's job (see mseq_progress_fn). */
void cli_progress_init(cli_progress *p, FILE *out, int want,
                       volatile sig_atomic_t *cancel);

/* An mseq_progress_fn: user is the cli_progress. Redraws the bar when
 * enabled and due (always for the last image). Returns 1 to cancel, else 0. */
int cli_progress_update(uint64_t done, uint64_t total, void *user);

/* Ends the bar's line, if one was drawn. */
void cli_progress_finish(cli_progress *p);

/* Formats one bar line (no '\r' or '\n') into buf: `done` of `total`,
 * `fresh` of them made in `elapsed` seconds, the bar `width` characters
 * wide. The rate and ETA read "-" until they can be computed. Pure, so it
 * can be tested. */
void cli_progress_format(char *buf, size_t size, uint64_t done, uint64_t total,
                         uint64_t fresh, double elapsed, int width);

#ifdef __cplusplus
}
#endif

#endif /* MNISTSEQ_CLI_PROGRESS_H */
