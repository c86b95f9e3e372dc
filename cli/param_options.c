/*
 * Command-line options from the library's parameter table
 * (param_options.h).
 */
#include "param_options.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The table row of key; a key the CLI names is always in the table. */
static mseq_param_desc row_of(mseq_param key) {
    mseq_param_desc d;
    memset(&d, 0, sizeof d);
    d.version = MSEQ_PARAM_DESC_VERSION;
    if (mseq_param_info(&d, key) != MSEQ_OK) {
        d.name = "?";
        d.help = "?";
    }
    return d;
}

/* Splits an enum's "a|b|c" into names (at most cap), in storage. */
static size_t split_choices(const char **names, size_t cap, char *storage,
                            size_t size, const char *choices) {
    size_t n = 0;
    char *p = storage;
    snprintf(storage, size, "%s", choices != NULL ? choices : "");
    while (n < cap && *p != '\0') {
        char *bar = strchr(p, '|');
        names[n++] = p;
        if (bar == NULL) {
            break;
        }
        *bar = '\0';
        p = bar + 1;
    }
    return n;
}

int cli_param_parse(int64_t *out, mseq_param key, const char *name,
                    const char *value, cli_error *err) {
    const mseq_param_desc d = row_of(key);
    if (d.value_type == MSEQ_TYPE_BOOL) {
        *out = 1;
        return 0;
    }
    if (d.value_type == MSEQ_TYPE_ENUM) {
        const char *names[16];
        char storage[256];
        const size_t n =
            split_choices(names, 16, storage, sizeof storage, d.choices);
        int choice = 0;
        if (cli_parse_choice(&choice, value, names, n, name, err) != 0) {
            return -1;
        }
        *out = choice;
        return 0;
    }
    if (d.min == INT64_MIN) {
        /* A 64-bit pattern (the seed): the user writes it unsigned. */
        uint64_t u = 0;
        if (cli_parse_u64(&u, value, UINT64_MAX, name, err) != 0) {
            return -1;
        }
        memcpy(out, &u, sizeof u);
        return 0;
    }
    return cli_parse_i64(out, value, d.min, d.max, name, err);
}

int cli_param_parse_f64(double *out, mseq_param key, const char *name,
                        const char *value, cli_error *err) {
    const mseq_param_desc d = row_of(key);
    char quoted[96];
    char *end = NULL;
    double v;
    const char *problem = NULL;
    if (value[0] == '\0') {
        cli_error_set(err,
                      "%s: the value is empty: expected a number from %g to "
                      "%g",
                      name, d.min_f64, d.max_f64);
        return -1;
    }
    errno = 0;
    v = strtod(value, &end);
    if (*end != '\0' || end == value ||
        strspn(value, "0123456789+-.eE") != strlen(value)) {
        /* Garbage, trailing text, spaces, hexadecimal; nan and inf are
         * words, named below. */
        problem = isnan(v) || isinf(v) ? "is not a finite number"
                                       : "is not a decimal number";
    } else if (errno == ERANGE && (v > 1.0 || v < -1.0)) {
        problem = "is out of range";
    } else if (v < d.min_f64 || v > d.max_f64) {
        problem = "is out of range";
    }
    if (problem != NULL) {
        cli_error_set(err, "%s: %s %s: expected a number from %g to %g", name,
                      cli_quote(quoted, sizeof quoted, value), problem,
                      d.min_f64, d.max_f64);
        return -1;
    }
    *out = v;
    return 0;
}

int64_t cli_param_default(mseq_param key) { return row_of(key).default_value; }

const char *cli_param_choice(char *buf, size_t size, mseq_param key,
                             int64_t value) {
    const mseq_param_desc d = row_of(key);
    const char *p = d.choices;
    int64_t i;
    if (p == NULL || value < 0 || value > d.max) {
        snprintf(buf, size, "?");
        return buf;
    }
    for (i = 0; i < value; ++i) {
        p = strchr(p, '|') + 1;
    }
    snprintf(buf, size, "%.*s", (int)strcspn(p, "|"), p);
    return buf;
}

const char *cli_param_option(char *buf, size_t size, mseq_param key) {
    const mseq_param_desc d = row_of(key);
    size_t i;
    snprintf(buf, size, "%s", d.name);
    for (i = 0; buf[i] != '\0'; ++i) {
        if (buf[i] == '_') {
            buf[i] = '-';
        }
    }
    return buf;
}

/* Appends text to buf, breaking lines at spaces before column 80 and
 * indenting continuation lines to column 20. */
static void append_wrapped(char *buf, size_t size, const char *text) {
    size_t used = strlen(buf);
    size_t column = 0;
    const char *line = strrchr(buf, '\n');
    column = line != NULL ? used - (size_t)(line - buf) - 1 : used;
    while (*text != '\0' && used + 1 < size) {
        const size_t word = strcspn(text, " ");
        if (column + word > 79 && column > 20) {
            if (buf[used - 1] == ' ') {
                --used; /* no trailing space before the break */
            }
            used += (size_t)snprintf(buf + used, size - used, "\n%20s", "");
            column = 20;
            while (*text == ' ') ++text;
            continue;
        }
        if (used + word + 1 >= size) {
            break;
        }
        memcpy(buf + used, text, word);
        used += word;
        column += word;
        text += word;
        if (*text == ' ' && used + 1 < size) {
            buf[used++] = ' ';
            ++column;
            ++text;
        }
        buf[used] = '\0';
    }
}

void cli_param_help(char *buf, size_t size, mseq_param key,
                    int64_t cli_default) {
    const mseq_param_desc d = row_of(key);
    char option[64];
    char head[96];
    char text[512];
    char choice[64];
    /* " N" for a number, " F" for --fit's word, nothing for a flag. */
    const char meta[3] = {
        d.value_type == MSEQ_TYPE_BOOL ? '\0' : ' ',
        d.value_type == MSEQ_TYPE_ENUM ? (char)(d.name[0] - 'a' + 'A') : 'N',
        '\0'};
    size_t used = strlen(buf);
    snprintf(head, sizeof head, "  --%s%s",
             cli_param_option(option, sizeof option, key), meta);
    if (used + 1 < size) {
        snprintf(buf + used, size - used, "%-19s ", head);
    }
    if (d.value_type == MSEQ_TYPE_BOOL) {
        snprintf(text, sizeof text, "%s", d.help);
    } else if (d.value_type == MSEQ_TYPE_ENUM) {
        snprintf(text, sizeof text, "%s (default %s)", d.help,
                 cli_param_choice(choice, sizeof choice, key, cli_default));
    } else if (d.value_type == MSEQ_TYPE_F64) {
        snprintf(text, sizeof text, "%s, %g to %g (default %g)", d.help,
                 d.min_f64, d.max_f64, d.default_f64);
    } else if (d.min == INT64_MIN) {
        uint64_t u;
        memcpy(&u, &cli_default, sizeof u);
        snprintf(text, sizeof text, "%s, 0 to 2^64-1 (default %" PRIu64 ")",
                 d.help, u);
    } else {
        snprintf(text, sizeof text,
                 "%s, %" PRId64 " to %" PRId64 " (default %" PRId64 ")", d.help,
                 d.min, d.max, cli_default);
    }
    append_wrapped(buf, size, text);
    used = strlen(buf);
    if (used + 1 < size) {
        buf[used] = '\n';
        buf[used + 1] = '\0';
    }
}
