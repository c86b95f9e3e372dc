/*
 * Strict command-line parsing for mnistseq-cli: an option scanner and
 * whole-string value parsers. Nothing here prints or exits; every failure
 * fills a cli_error with a message naming the argument and its value, so the
 * parsers can be tested and fuzzed on their own.
 */
#ifndef MNISTSEQ_CLI_ARGS_H
#define MNISTSEQ_CLI_ARGS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exit statuses of mnistseq-cli. */
enum {
    CLI_EXIT_OK = 0,      /* success */
    CLI_EXIT_RUNTIME = 1, /* the library failed: data, fit, writing, memory */
    CLI_EXIT_USAGE = 2    /* a bad command line: option, argument or value */
};

/* A message for the user, without the program name or a final newline. */
typedef struct cli_error {
    char text[1024];
} cli_error;

/* Formats a message into err (printf-style, cut to fit). */
void cli_error_set(cli_error *err, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Copies text into buf (size >= 8) between single quotes, with bytes that
 * are not printable ASCII escaped as \xNN and texts longer than 64 bytes cut
 * with "...", so that any argument can be echoed safely. Returns buf. */
const char *cli_quote(char *buf, size_t size, const char *text);

/* ---- Options ----------------------------------------------------------- */

/* One option a command accepts. */
typedef struct cli_option {
    const char *long_name; /* without the dashes: "seed" for --seed */
    char short_name;       /* 'o' for -o, or 0 */
    int takes_value;       /* 1: --name VALUE, --name=VALUE, -o VALUE, -oVALUE;
                              2: the same, and the option may be repeated */
    int id;                /* returned by cli_scan() */
} cli_option;

/* Walks argv[1..argc) once. Options may come before or after positional
 * arguments; "--" makes every later argument positional. An argument that
 * starts with '-' followed by a digit ("-1") is positional, so that a
 * negative number reaches its own range check. Initialise with
 * cli_scanner_init(). */
typedef struct cli_scanner {
    int argc;
    char *const *argv;
    int next;
    int only_positionals;
    const cli_option *options;
    size_t noptions;
    char written[80];    /* the name of the last option, without its value */
    const char *cluster; /* rest of "-qn": short options still to read */
} cli_scanner;

/* What cli_scan() found. */
typedef enum cli_token {
    CLI_TOKEN_END = 0,        /* no arguments left */
    CLI_TOKEN_OPTION = 1,     /* *id and, for an option with a value, *value */
    CLI_TOKEN_POSITIONAL = 2, /* *value is the argument */
    CLI_TOKEN_ERROR = 3       /* unknown option, missing or unexpected value */
} cli_token;

void cli_scanner_init(cli_scanner *scanner, int argc, char *const *argv,
                      const cli_option *options, size_t noptions);

/* The next token. For CLI_TOKEN_OPTION, *name receives the option's name
 * ("--seed", "-o", also for "--seed=5" or "-oPATH"; valid until the next
 * call) for messages, and *value its value or NULL. */
cli_token cli_scan(cli_scanner *scanner, int *id, const char **name,
                   const char **value, cli_error *err);

/* ---- Whole command lines ----------------------------------------------- */

/* How a command takes its arguments, for cli_parse_command(). */
typedef struct cli_parser {
    const cli_option *options;
    size_t noptions;
    /* Takes option `id` (name as written, for messages; value NULL for an
     * option without one). Returns 0 to go on, 1 to stop parsing at once
     * with success (--help), or -1 with err set. */
    int (*option)(void *context, int id, const char *name, const char *value,
                  cli_error *err);
    /* Takes a positional argument: 0, or -1 with err set. NULL when the
     * command takes options only: an argument is then refused with
     * "unexpected argument '<arg>': <command> takes options only". */
    int (*positional)(void *context, const char *value, cli_error *err);
    const char *command; /* "dataset": the name in that message */
} cli_parser;

/* Scans argv[1..argc) with parser->options and hands each option and each
 * positional argument, in order, to parser's functions (with `context`).
 * An option given twice is refused ("option --x is given more than once"),
 * unless its takes_value is 2,
 * before it is handed on. seen[id] (nseen entries, cleared here) is set to
 * 1 for each option id given. Returns 0 when every argument was taken, 1
 * when parser->option stopped early, or -1 with err set. */
int cli_parse_command(const cli_parser *parser, void *context, int argc,
                      char *const *argv, unsigned char *seen, size_t nseen,
                      cli_error *err);

/* ---- Values ------------------------------------------------------------ */

/* Parses the whole of text as a decimal integer in [min, max]: an optional
 * '-' then digits, nothing else (no spaces, '+', hex, fractions). Returns 0
 * and sets *out, or -1 with err naming `what`, the text and the range. */
int cli_parse_i64(int64_t *out, const char *text, int64_t min, int64_t max,
                  const char *what, cli_error *err);

/* The same for an unsigned value in [0, max]: digits only. */
int cli_parse_u64(uint64_t *out, const char *text, uint64_t max,
                  const char *what, cli_error *err);

/* As cli_parse_u64, for the range min..max (the message gives that range). */
int cli_parse_u64_range(uint64_t *out, const char *text, uint64_t min,
                        uint64_t max, const char *what, cli_error *err);

/* A message of the library in the command line's words, for stderr: every
 * MSEQ_PARAM_<NAME> becomes the option that sets it (--<name>, or the seed
 * form's <argument> when positional is set), C function names
 * ("mseq_generate_batch: ") are dropped, and control characters are shown
 * as \xNN so that a path cannot move the cursor or ring the bell. */
void cli_user_words(char *buf, size_t size, const char *message,
                    int positional);

/* Takes text as a path: any non-empty text. Returns 0 and sets *out to
 * text, or -1 with err "<what>: the value is empty: expected a <kind>". */
int cli_parse_path(const char **out, const char *text, const char *kind,
                   const char *what, cli_error *err);

/* Finds text among names[0..count) (exact match). Returns 0 and sets *out to
 * its position, or -1 with err listing the accepted names. */
int cli_parse_choice(int *out, const char *text, const char *const *names,
                     size_t count, const char *what, cli_error *err);

/* Parses a digit sequence: either digits only ("350") or single digits
 * separated by single dashes ("3-5-0"). Stores at most cap digits (each
 * 0-9) and their count. Returns 0, or -1 with err naming the fault (empty,
 * a character that is not a digit, a misplaced dash, more than cap). */
int cli_parse_sequence(int *digits, size_t cap, size_t *count, const char *text,
                       cli_error *err);

/* Writes "<d>-<d>-...-<d><suffix>" into buf. Returns 0, or -1 when buf is
 * too small. */
int cli_sequence_name(char *buf, size_t size, const int *digits, size_t count,
                      const char *suffix);

#ifdef __cplusplus
}
#endif

#endif /* MNISTSEQ_CLI_ARGS_H */
