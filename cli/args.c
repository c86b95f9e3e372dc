/* Strict command-line parsing for mnistseq-cli (see args.h). */
#include "args.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest part of an argument echoed in a message. */
#define CLI_QUOTE_MAX 64

void cli_error_set(cli_error *err, const char *format, ...) {
    va_list args;
    va_start(args, format);
    vsnprintf(err->text, sizeof err->text, format, args);
    va_end(args);
}

const char *cli_quote(char *buf, size_t size, const char *text) {
    static const char hex[] = "0123456789abcdef";
    size_t used = 0;
    size_t i;
    /* Room kept at the end for "...'" and the terminator. */
    const size_t limit = size - 5;
    buf[used++] = '\'';
    for (i = 0; text[i] != '\0'; ++i) {
        const unsigned char c = (unsigned char)text[i];
        const int printable = c >= 0x20 && c < 0x7f;
        const size_t need = printable ? 1 : 4;
        if (i >= CLI_QUOTE_MAX || used + need > limit) {
            memcpy(buf + used, "...", 3);
            used += 3;
            break;
        }
        if (printable) {
            buf[used++] = (char)c;
        } else {
            buf[used++] = '\\';
            buf[used++] = 'x';
            buf[used++] = hex[c >> 4];
            buf[used++] = hex[c & 15];
        }
    }
    buf[used++] = '\'';
    buf[used] = '\0';
    return buf;
}

/* ---- Options ----------------------------------------------------------- */

void cli_scanner_init(cli_scanner *scanner, int argc, char *const *argv,
                      const cli_option *options, size_t noptions) {
    scanner->argc = argc;
    scanner->argv = argv;
    scanner->next = 1;
    scanner->only_positionals = 0;
    scanner->options = options;
    scanner->noptions = noptions;
    scanner->cluster = NULL;
}

static const cli_option *find_long(const cli_scanner *s, const char *name,
                                   size_t length) {
    size_t i;
    for (i = 0; i < s->noptions; ++i) {
        const char *candidate = s->options[i].long_name;
        if (candidate != NULL && strlen(candidate) == length &&
            strncmp(candidate, name, length) == 0) {
            return &s->options[i];
        }
    }
    return NULL;
}

static const cli_option *find_short(const cli_scanner *s, char name) {
    size_t i;
    for (i = 0; i < s->noptions; ++i) {
        if (s->options[i].short_name != 0 && s->options[i].short_name == name) {
            return &s->options[i];
        }
    }
    return NULL;
}

/* The value of an option that takes one: attached, or the next argument. */
static cli_token take_value(cli_scanner *s, const char *attached,
                            const char *written, const char **value,
                            cli_error *err) {
    if (attached != NULL) {
        *value = attached;
        return CLI_TOKEN_OPTION;
    }
    if (s->next >= s->argc) {
        cli_error_set(err, "option %s needs a value", written);
        return CLI_TOKEN_ERROR;
    }
    *value = s->argv[s->next++];
    return CLI_TOKEN_OPTION;
}

/* A short option at arg ("-o", "-oPATH", "-qn"): flags that take no value
 * may be grouped, and the last of a group may take one ("-qn 5"). */
static cli_token scan_short(cli_scanner *s, const char *arg, int *id,
                            const char **name, const char **value,
                            cli_error *err) {
    char quoted[96];
    const cli_option *option = find_short(s, arg[1]);
    if (option == NULL) {
        cli_error_set(err, "unknown option %s",
                      cli_quote(quoted, sizeof quoted, arg));
        return CLI_TOKEN_ERROR;
    }
    *id = option->id;
    if (!option->takes_value) {
        s->written[0] = '-';
        s->written[1] = arg[1];
        s->written[2] = '\0';
        *name = s->written;
        if (arg[2] != '\0') {
            if (find_short(s, arg[2]) == NULL) {
                cli_error_set(err,
                              "option -%c takes no value, and %s is not an "
                              "option to group with it",
                              arg[1], cli_quote(quoted, sizeof quoted, arg));
                return CLI_TOKEN_ERROR;
            }
            s->cluster = arg + 2;
        }
        return CLI_TOKEN_OPTION;
    }

    /* The name without an attached value ("-o" for "-oPATH"). */
    s->written[0] = '-';
    s->written[1] = arg[1];
    s->written[2] = '\0';
    *name = s->written;
    return take_value(s, arg[2] != '\0' ? arg + 2 : NULL, *name, value, err);
}

cli_token cli_scan(cli_scanner *s, int *id, const char **name,
                   const char **value, cli_error *err) {
    const char *arg;
    char quoted[96];
    *value = NULL;
    *name = NULL;
    if (s->cluster != NULL) {
        /* "-qn 5": the options after the first, one at a time (arg[1] is
         * the next option's letter, arg + 2 what follows it). */
        arg = s->cluster - 1;
        s->cluster = NULL;
        return scan_short(s, arg, id, name, value, err);
    }
    for (;;) {
        if (s->next >= s->argc) {
            return CLI_TOKEN_END;
        }
        arg = s->argv[s->next++];
        if (s->only_positionals || arg[0] != '-' || arg[1] == '\0' ||
            (arg[1] >= '0' && arg[1] <= '9')) {
            *value = arg;
            return CLI_TOKEN_POSITIONAL;
        }
        if (strcmp(arg, "--") == 0) {
            s->only_positionals = 1;
            continue;
        }
        break;
    }
    if (arg[1] == '-') {
        const char *body = arg + 2;
        const char *equals = strchr(body, '=');
        const size_t length =
            equals != NULL ? (size_t)(equals - body) : strlen(body);
        const cli_option *option = find_long(s, body, length);
        if (option == NULL) {
            cli_error_set(err, "unknown option %s",
                          cli_quote(quoted, sizeof quoted, arg));
            return CLI_TOKEN_ERROR;
        }
        *id = option->id;
        *name = arg;
        if (equals != NULL) {
            /* The name without "=value", for messages. */
            snprintf(s->written, sizeof s->written, "--%s", option->long_name);
            *name = s->written;
        }
        if (!option->takes_value) {
            if (equals != NULL) {
                cli_error_set(err, "option --%s takes no value (got %s)",
                              option->long_name,
                              cli_quote(quoted, sizeof quoted, arg));
                return CLI_TOKEN_ERROR;
            }
            return CLI_TOKEN_OPTION;
        }
        return take_value(s, equals != NULL ? equals + 1 : NULL, *name, value,
                          err);
    }
    return scan_short(s, arg, id, name, value, err);
}

/* ---- Whole command lines ----------------------------------------------- */

/* 1 when option id may be given more than once (takes_value 2). */
static int repeatable(const cli_parser *parser, int id) {
    size_t i;
    for (i = 0; i < parser->noptions; ++i) {
        if (parser->options[i].id == id) {
            return parser->options[i].takes_value == 2;
        }
    }
    return 0;
}

int cli_parse_command(const cli_parser *parser, void *context, int argc,
                      char *const *argv, unsigned char *seen, size_t nseen,
                      cli_error *err) {
    cli_scanner scanner;
    char quoted[96];
    memset(seen, 0, nseen);
    cli_scanner_init(&scanner, argc, argv, parser->options, parser->noptions);
    for (;;) {
        int id = -1;
        const char *name = NULL;
        const char *value = NULL;
        int rc;
        const cli_token token = cli_scan(&scanner, &id, &name, &value, err);
        if (token == CLI_TOKEN_END) {
            return 0;
        }
        if (token == CLI_TOKEN_ERROR) {
            return -1;
        }
        if (token == CLI_TOKEN_POSITIONAL) {
            if (parser->positional == NULL) {
                cli_error_set(
                    err, "unexpected argument %s: %s takes options only",
                    cli_quote(quoted, sizeof quoted, value), parser->command);
                return -1;
            }
            if (parser->positional(context, value, err) != 0) {
                return -1;
            }
            continue;
        }
        if (id < 0 || (size_t)id >= nseen) {
            cli_error_set(err, "internal error: option %s has no handler",
                          name);
            return -1;
        }
        if (seen[id] && !repeatable(parser, id)) {
            cli_error_set(err, "option %s is given more than once", name);
            return -1;
        }
        seen[id] = 1;
        rc = parser->option(context, id, name, value, err);
        if (rc != 0) {
            return rc;
        }
    }
}

/* ---- Values ------------------------------------------------------------ */

/* 1 when text is an optional '-' (if allowed) followed by 1+ digits. */
static int is_decimal(const char *text, int allow_minus) {
    const char *p = text;
    if (allow_minus && *p == '-') {
        ++p;
    }
    if (*p == '\0') {
        return 0;
    }
    for (; *p != '\0'; ++p) {
        if (*p < '0' || *p > '9') {
            return 0;
        }
    }
    return 1;
}

int cli_parse_i64(int64_t *out, const char *text, int64_t min, int64_t max,
                  const char *what, cli_error *err) {
    char quoted[96];
    long long value;
    char *end = NULL;
    if (text[0] == '\0') {
        cli_error_set(err,
                      "%s: the value is empty: expected an integer from "
                      "%" PRId64 " to %" PRId64,
                      what, min, max);
        return -1;
    }
    if (!is_decimal(text, 1)) {
        cli_error_set(err,
                      "%s: %s is not an integer (expected %" PRId64
                      " to %" PRId64 ")",
                      what, cli_quote(quoted, sizeof quoted, text), min, max);
        return -1;
    }
    errno = 0;
    value = strtoll(text, &end, 10);
    if (errno == ERANGE || *end != '\0' || value < min || value > max) {
        cli_error_set(err,
                      "%s: %s is out of range: must be an integer from "
                      "%" PRId64 " to %" PRId64,
                      what, cli_quote(quoted, sizeof quoted, text), min, max);
        return -1;
    }
    *out = (int64_t)value;
    return 0;
}

int cli_parse_u64(uint64_t *out, const char *text, uint64_t max,
                  const char *what, cli_error *err) {
    return cli_parse_u64_range(out, text, 0, max, what, err);
}

int cli_parse_u64_range(uint64_t *out, const char *text, uint64_t min,
                        uint64_t max, const char *what, cli_error *err) {
    char quoted[96];
    unsigned long long value;
    char *end = NULL;
    if (text[0] == '\0') {
        cli_error_set(err,
                      "%s: the value is empty: expected an integer from "
                      "%" PRIu64 " to %" PRIu64,
                      what, min, max);
        return -1;
    }
    if (!is_decimal(text, 1)) {
        cli_error_set(err,
                      "%s: %s is not an integer (expected %" PRIu64
                      " to %" PRIu64 ")",
                      what, cli_quote(quoted, sizeof quoted, text), min, max);
        return -1;
    }
    errno = 0;
    value = text[0] == '-' ? 0 : strtoull(text, &end, 10);
    if (text[0] == '-' || errno == ERANGE || *end != '\0' || value > max ||
        value < min) {
        cli_error_set(err,
                      "%s: %s is out of range: must be an integer from "
                      "%" PRIu64 " to %" PRIu64,
                      what, cli_quote(quoted, sizeof quoted, text), min, max);
        return -1;
    }
    *out = (uint64_t)value;
    return 0;
}

int cli_parse_path(const char **out, const char *text, const char *kind,
                   const char *what, cli_error *err) {
    if (text[0] == '\0') {
        cli_error_set(err, "%s: the value is empty: expected a %s", what, kind);
        return -1;
    }
    *out = text;
    return 0;
}

int cli_parse_choice(int *out, const char *text, const char *const *names,
                     size_t count, const char *what, cli_error *err) {
    char quoted[96];
    char list[256];
    size_t used = 0;
    size_t i;
    for (i = 0; i < count; ++i) {
        if (strcmp(text, names[i]) == 0) {
            *out = (int)i;
            return 0;
        }
    }
    list[0] = '\0';
    for (i = 0; i < count && used < sizeof list; ++i) {
        const int n =
            snprintf(list + used, sizeof list - used, "%s%s",
                     i == 0 ? "" : (i + 1 == count ? " or " : ", "), names[i]);
        if (n < 0) {
            break;
        }
        used += (size_t)n;
    }
    cli_error_set(err, "%s: %s is not one of %s", what,
                  cli_quote(quoted, sizeof quoted, text), list);
    return -1;
}

/* Refuses a sequence whose dashes are not single and between digits. */
static int bad_dashes(const char *text, cli_error *err) {
    char quoted[96];
    cli_error_set(err,
                  "sequence: %s: write digits only (350) or single digits "
                  "separated by single dashes (3-5-0)",
                  cli_quote(quoted, sizeof quoted, text));
    return -1;
}

int cli_parse_sequence(int *digits, size_t cap, size_t *count, const char *text,
                       cli_error *err) {
    char quoted[96];
    const int dashed = strchr(text, '-') != NULL;
    size_t n = 0;
    size_t i;
    if (text[0] == '\0') {
        cli_error_set(err,
                      "sequence: the value is empty: expected digits "
                      "such as 350 or 3-5-0");
        return -1;
    }
    for (i = 0; text[i] != '\0'; ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            if (dashed && i % 2 != 0) {
                return bad_dashes(text, err);
            }
            if (n == cap) {
                size_t total = n + 1;
                for (++i; text[i] != '\0'; ++i) {
                    total += text[i] >= '0' && text[i] <= '9';
                }
                cli_error_set(err, "sequence: %zu digits: at most %zu", total,
                              cap);
                return -1;
            }
            digits[n++] = c - '0';
        } else if (c == '-') {
            if (i % 2 == 0 || text[i + 1] == '\0') {
                return bad_dashes(text, err);
            }
        } else {
            char bad[16];
            cli_error_set(err,
                          "sequence: %s: character %zu (%s) is not a "
                          "digit 0-9",
                          cli_quote(quoted, sizeof quoted, text), i + 1,
                          cli_quote(bad, sizeof bad, (char[2]){c, '\0'}));
            return -1;
        }
    }
    *count = n;
    return 0;
}

int cli_sequence_name(char *buf, size_t size, const int *digits, size_t count,
                      const char *suffix) {
    size_t used = 0;
    size_t i;
    const size_t suffix_length = strlen(suffix);
    for (i = 0; i < count; ++i) {
        if (used + 2 >= size) {
            return -1;
        }
        if (i > 0) {
            buf[used++] = '-';
        }
        buf[used++] = (char)('0' + digits[i]);
    }
    if (used + suffix_length + 1 > size) {
        return -1;
    }
    memcpy(buf + used, suffix, suffix_length + 1);
    return 0;
}

/* ---- Library messages in the command line's words --------------------- */

/* The seed form's positional arguments, by parameter name. */
static const char *positional_name(const char *param, size_t length) {
    static const char *const names[][2] = {{"MIN_SPACING", "<min_spacing>"},
                                           {"MAX_SPACING", "<max_spacing>"},
                                           {"WIDTH", "<image_width>"}};
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; ++i) {
        if (strlen(names[i][0]) == length &&
            strncmp(param, names[i][0], length) == 0) {
            return names[i][1];
        }
    }
    return NULL;
}

static void put(char *buf, size_t size, size_t *used, const char *text,
                size_t length) {
    while (length-- > 0 && *used + 1 < size) {
        buf[(*used)++] = *text++;
    }
    buf[*used] = '\0';
}

void cli_user_words(char *buf, size_t size, const char *message,
                    int positional) {
    static const char hex[] = "0123456789abcdef";
    static const char param[] = "MSEQ_PARAM_";
    size_t used = 0;
    const char *p = message;
    buf[0] = '\0';
    while (*p != '\0') {
        const unsigned char c = (unsigned char)*p;
        if (strncmp(p, param, sizeof param - 1) == 0) {
            /* MSEQ_PARAM_MAX_LENGTH -> --max-length (FORMAT -> --dtype). */
            const char *name = p + sizeof param - 1;
            size_t length = 0;
            const char *word;
            while ((name[length] >= 'A' && name[length] <= 'Z') ||
                   name[length] == '_') {
                ++length;
            }
            word = positional ? positional_name(name, length) : NULL;
            if (word != NULL) {
                put(buf, size, &used, word, strlen(word));
            } else if (length == 6 && strncmp(name, "FORMAT", 6) == 0) {
                put(buf, size, &used, "--dtype", 7);
            } else {
                size_t i;
                put(buf, size, &used, "--", 2);
                for (i = 0; i < length; ++i) {
                    const char lower =
                        name[i] == '_' ? '-' : (char)(name[i] - 'A' + 'a');
                    put(buf, size, &used, &lower, 1);
                }
            }
            p = name + length;
            continue;
        }
        if (strncmp(p, "mseq_", 5) == 0 &&
            (p == message || p[-1] == ' ' || p[-1] == '(')) {
            /* "mseq_generate_batch: " names a C function: dropped. */
            const char *q = p + 5;
            while ((*q >= 'a' && *q <= 'z') || *q == '_') ++q;
            if (q[0] == ':' && q[1] == ' ') {
                p = q + 2;
                continue;
            }
        }
        if (c < 0x20 || c == 0x7f) {
            const char escaped[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
            put(buf, size, &used, escaped, 4);
        } else {
            put(buf, size, &used, p, 1);
        }
        ++p;
    }
}
