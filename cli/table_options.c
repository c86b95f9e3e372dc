/* The options of the table's other parameters (table_options.h). */
#include "table_options.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "param_options.h"

/* The keys, and their option names without dashes, built once. */
static mseq_param table_keys[CLI_TABLE_MAX];
static char table_names[CLI_TABLE_MAX][64];
static size_t table_count;
static int table_built;

/* 1 when the table's key takes an option here. */
static int takes_table_option(mseq_param key) {
    mseq_param_desc d;
    memset(&d, 0, sizeof d);
    d.version = MSEQ_PARAM_DESC_VERSION;
    if (mseq_param_info(&d, key) != MSEQ_OK) {
        return 0;
    }
    return (d.group == MSEQ_GROUP_GENERATION ||
            d.group == MSEQ_GROUP_AUGMENTATION) &&
           key != MSEQ_PARAM_FORMAT && !cli_gen_names_param(key);
}

size_t cli_table_keys(const mseq_param **keys) {
    if (!table_built) {
        mseq_param all[256];
        size_t count = 0, i;
        table_built = 1;
        if (mseq_param_list(all, sizeof all / sizeof all[0], &count) !=
            MSEQ_OK) {
            count = 0;
        }
        for (i = 0; i < count && table_count < CLI_TABLE_PICTURES; ++i) {
            if (takes_table_option(all[i])) {
                cli_param_option(table_names[table_count],
                                 sizeof table_names[0], all[i]);
                table_keys[table_count++] = all[i];
            }
        }
    }
    *keys = table_keys;
    return table_count;
}

/* The type of key's row. */
static mseq_param_type type_of(mseq_param key) {
    mseq_param_desc d;
    memset(&d, 0, sizeof d);
    d.version = MSEQ_PARAM_DESC_VERSION;
    return mseq_param_info(&d, key) == MSEQ_OK ? d.value_type : MSEQ_TYPE_INT;
}

size_t cli_table_options(cli_option *out, size_t cap, const cli_option *own,
                         size_t nown, int first_id) {
    const mseq_param *keys = NULL;
    const size_t count = cli_table_keys(&keys);
    size_t n = 0, i;
    for (i = 0; i < nown && n < cap; ++i) {
        out[n++] = own[i];
    }
    for (i = 0; i < count && n < cap; ++i) {
        out[n].long_name = table_names[i];
        out[n].short_name = 0;
        out[n].takes_value = type_of(keys[i]) != MSEQ_TYPE_BOOL;
        out[n].id = first_id + (int)i;
        ++n;
    }
    if (n < cap) {
        const cli_option pictures = {"background-image", 0, 2,
                                     first_id + CLI_TABLE_PICTURES};
        out[n++] = pictures;
    }
    return n;
}

int cli_table_parse(cli_table_values *values, size_t i, const char *name,
                    const char *value, cli_error *err) {
    const mseq_param *keys = NULL;
    const size_t count = cli_table_keys(&keys);
    int rc;
    if (i == CLI_TABLE_PICTURES) {
        if (values->npictures == MSEQ_MAX_BACKGROUND_IMAGES) {
            cli_error_set(err, "%s is given more than %d times", name,
                          MSEQ_MAX_BACKGROUND_IMAGES);
            return -1;
        }
        if (value[0] == '\0') {
            cli_error_set(err, "%s: an empty file name", name);
            return -1;
        }
        values->pictures[values->npictures++] = value;
        return 0;
    }
    if (i >= count) {
        cli_error_set(err, "internal error: option %s has no handler", name);
        return -1;
    }
    rc = type_of(keys[i]) == MSEQ_TYPE_F64
             ? cli_param_parse_f64(&values->f64s[i], keys[i], name, value, err)
             : cli_param_parse(&values->ints[i], keys[i], name, value, err);
    if (rc == 0) {
        values->given[i] = 1;
    }
    return rc;
}

/* The pictures of --background-image, and --background image with them. */
static int set_pictures(mseq_params *params, const cli_table_values *values,
                        const mseq_param *keys, size_t count, cli_error *err) {
    size_t i;
    if (values->npictures == 0) {
        return 0;
    }
    for (i = 0; i < count; ++i) {
        if (keys[i] == MSEQ_PARAM_BACKGROUND && values->given[i] &&
            values->ints[i] != MSEQ_BACKGROUND_IMAGE) {
            cli_error_set(err,
                          "--background-image needs --background image "
                          "(or no --background)");
            return -1;
        }
    }
    if (mseq_params_set_background_images(params, values->pictures,
                                          values->npictures) != MSEQ_OK) {
        cli_error_set(err, "--background-image: %s", mseq_last_error());
        return -1;
    }
    if (mseq_params_set(params, MSEQ_PARAM_BACKGROUND, MSEQ_BACKGROUND_IMAGE) !=
        MSEQ_OK) {
        cli_error_set(err, "--background: %s", mseq_last_error());
        return -1;
    }
    return 0;
}

int cli_table_set(mseq_params *params, const cli_table_values *values,
                  cli_error *err) {
    const mseq_param *keys = NULL;
    const size_t count = cli_table_keys(&keys);
    size_t i;
    for (i = 0; i < count; ++i) {
        int rc;
        if (!values->given[i]) {
            continue;
        }
        rc = type_of(keys[i]) == MSEQ_TYPE_F64
                 ? mseq_params_set_f64(params, keys[i], values->f64s[i])
                 : mseq_params_set(params, keys[i], values->ints[i]);
        if (rc != MSEQ_OK) {
            cli_error_set(err, "--%s: %s", table_names[i], mseq_last_error());
            return -1;
        }
    }
    return set_pictures(params, values, keys, count, err);
}

void cli_table_help(char *buf, size_t size) {
    const mseq_param *keys = NULL;
    const size_t count = cli_table_keys(&keys);
    size_t i;
    for (i = 0; i < count; ++i) {
        cli_param_help(buf, size, keys[i], cli_param_default(keys[i]));
        if (keys[i] == MSEQ_PARAM_BACKGROUND) {
            const size_t used = strlen(buf);
            snprintf(buf + used, size - used,
                     "  --background-image FILE a PNG picture for the paper "
                     "(repeatable: one drawn\n"
                     "                    per image); sets --background "
                     "image\n");
        }
    }
}
