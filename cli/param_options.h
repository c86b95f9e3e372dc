/*
 * Command-line options that are library parameters: their parsing, bounds,
 * choices, defaults and --help lines all come from the library's parameter
 * table (mseq_param_info), so that the CLI never writes a parameter's facts
 * again. The option of a parameter is its table name with '-' for '_'
 * (min_spacing: --min-spacing).
 */
#ifndef MNISTSEQ_CLI_PARAM_OPTIONS_H
#define MNISTSEQ_CLI_PARAM_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "args.h"
#include "mnistseq/mnistseq.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Parses the value of the option of parameter `key` (name as written, for
 * messages) as the table row says: an integer in the row's bounds (the
 * seed: 0 to 2^64-1, stored as its 64-bit pattern), one of an enum's
 * names, or 1 for a flag (value NULL). Returns 0, or -1 with err naming
 * the option and the value. */
int cli_param_parse(int64_t *out, mseq_param key, const char *name,
                    const char *value, cli_error *err);

/* Parses the value of the option of MSEQ_TYPE_F64 parameter `key` (name
 * as written, for messages): the whole text as a decimal number (strtod's
 * syntax without hexadecimal or leading spaces), finite and within the
 * row's [min_f64, max_f64]. Returns 0, or -1 with err naming the option,
 * the value and the allowed range. */
int cli_param_parse_f64(double *out, mseq_param key, const char *name,
                        const char *value, cli_error *err);

/* The library's default of parameter key. */
int64_t cli_param_default(mseq_param key);

/* The name of an enum parameter's value ("exact" for MSEQ_PARAM_FIT 1) in
 * buf (size bytes with its NUL), or "?" when it has none; returns buf. */
const char *cli_param_choice(char *buf, size_t size, mseq_param key,
                             int64_t value);

/* Appends the --help line of parameter key's option to buf (size bytes
 * with its terminating NUL): "  --min-spacing N   <help>, 0 to 65536
 * (default 2)", wrapped at 80 columns. cli_default is the default the command
 * uses (the library's, or one the user's specification fixes); an
 * MSEQ_TYPE_F64 row shows its own bounds and default ("-45 to 45 (default
 * 0)"). */
void cli_param_help(char *buf, size_t size, mseq_param key,
                    int64_t cli_default);

/* "min-spacing": the option name of key (without dashes), in buf. */
const char *cli_param_option(char *buf, size_t size, mseq_param key);

#ifdef __cplusplus
}
#endif

#endif /* MNISTSEQ_CLI_PARAM_OPTIONS_H */
