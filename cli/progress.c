/* The terminal progress bar of mnistseq-cli (progress.h). */
#define _POSIX_C_SOURCE 200809L

#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* Seconds between two redraws. */
#define REDRAW_INTERVAL 0.1
#define BAR_WIDTH 24

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* "12,345,678" */
static void with_commas(char *buf, size_t size, uint64_t value) {
    char digits[32];
    size_t n, i, o = 0;
    snprintf(digits, sizeof digits, "%llu", (unsigned long long)value);
    n = strlen(digits);
    for (i = 0; i < n && o + 2 < size; ++i) {
        if (i > 0 && (n - i) % 3 == 0) {
            buf[o++] = ',';
        }
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

void cli_progress_format(char *buf, size_t size, uint64_t done, uint64_t total,
                         uint64_t fresh, double elapsed, int width) {
    char bar[256];
    char rate_text[48] = "-";
    char eta_text[48] = "-";
    int filled, i;
    double fraction = total > 0 ? (double)done / (double)total : 1.0;
    if (fraction > 1.0) {
        fraction = 1.0;
    }
    if (width < 1) {
        width = 1;
    }
    if (width > (int)sizeof bar - 1) {
        width = (int)sizeof bar - 1;
    }
    filled = (int)(fraction * width);
    for (i = 0; i < width; ++i) {
        bar[i] = i < filled ? '#' : '.';
    }
    bar[width] = '\0';
    if (fresh > 0 && elapsed > 0.0) {
        const double rate = (double)fresh / elapsed;
        with_commas(rate_text, sizeof rate_text, (uint64_t)(rate + 0.5));
        if (done <= total) {
            const double left = (double)(total - done) / rate;
            const unsigned long secs = (unsigned long)(left + 0.5);
            snprintf(eta_text, sizeof eta_text, "%lu:%02lu:%02lu", secs / 3600,
                     secs / 60 % 60, secs % 60);
        }
    }
    snprintf(buf, size, "[%s] %3d%%  %llu/%llu  %s img/s  ETA %s", bar,
             (int)(fraction * 100.0), (unsigned long long)done,
             (unsigned long long)total, rate_text, eta_text);
}

void cli_progress_init(cli_progress *p, FILE *out, int want,
                       volatile sig_atomic_t *cancel) {
    memset(p, 0, sizeof *p);
    p->out = out;
    p->enabled = want && out != NULL && isatty(fileno(out));
    p->cancel = cancel;
}

/* Columns of the terminal behind out; 0 when unknown. */
static int terminal_columns(FILE *out) {
    struct winsize size;
    if (ioctl(fileno(out), TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
        return size.ws_col;
    }
    return 0;
}

int cli_progress_update(uint64_t done, uint64_t total, void *user) {
    cli_progress *p = (cli_progress *)user;
    double now;
    if (p->cancel != NULL && *p->cancel) {
        return 1;
    }
    if (!p->enabled) {
        return 0;
    }
    now = now_seconds();
    if (!p->started) {
        p->started = 1;
        p->start = now;
        p->first_done = done;
    } else if (done < total && now - p->last_draw < REDRAW_INTERVAL) {
        return 0;
    }
    {
        char line[400];
        const int columns = terminal_columns(p->out);
        int width = BAR_WIDTH;
        size_t length;
        cli_progress_format(line, sizeof line, done, total,
                            done - p->first_done, now - p->start, width);
        /* The line fits the terminal (a line that wraps would be redrawn
         * on a new row each time): a shorter bar, then a cut line. */
        length = strlen(line);
        if (columns > 0 && length + 1 > (size_t)columns) {
            width -= (int)(length + 1 - (size_t)columns);
            cli_progress_format(line, sizeof line, done, total,
                                done - p->first_done, now - p->start,
                                width < 1 ? 1 : width);
            if (strlen(line) + 1 > (size_t)columns) {
                line[columns - 1] = '\0';
            }
        }
        fprintf(p->out, "\r%s\033[K", line);
        fflush(p->out);
    }
    p->last_draw = now;
    p->drawn = 1;
    return 0;
}

void cli_progress_finish(cli_progress *p) {
    if (p->drawn) {
        fputc('\n', p->out);
        fflush(p->out);
        p->drawn = 0;
    }
}
