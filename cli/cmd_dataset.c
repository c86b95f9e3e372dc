/*
 * mnistseq-cli dataset: many generated images, their labels and a manifest
 * in one folder, through the library's dataset writer (mnistseq.h, "Dataset
 * writer"). Running the same command again resumes an interrupted job;
 * Ctrl-C stops cleanly between two small groups of images.
 */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "mnistseq/mnistseq.h"
#include "param_options.h"
#include "progress.h"

#define DATASET_USAGE                                      \
    CLI_PROGRAM                                            \
    " dataset --count N --out DIR [--format png|npy|tar] " \
    "[options]"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

enum {
    OPT_COUNT = CLI_GEN_END,
    OPT_OUT,
    OPT_FORMAT,
    OPT_DTYPE,
    OPT_SHARD_SIZE,
    OPT_PNG_LEVEL,
    OPT_PNG_RECIPE,
    OPT_MASKS,
    OPT_FORCE,
    OPT_QUIET,
    OPT_VERIFY,
    OPT_SAMPLE,
    OPT_HELP,
    OPT_END
};

static const cli_option dataset_options[] = {
    CLI_GEN_OPTION_ROWS,
    {"count", 'n', 1, OPT_COUNT},
    {"out", 'o', 1, OPT_OUT},
    {"format", 0, 1, OPT_FORMAT},
    {"dtype", 0, 1, OPT_DTYPE},
    {"shard-size", 0, 1, OPT_SHARD_SIZE},
    {"png-level", 0, 1, OPT_PNG_LEVEL},
    {"png-recipe", 0, 0, OPT_PNG_RECIPE},
    {"masks", 0, 0, OPT_MASKS},
    {"force", 0, 0, OPT_FORCE},
    {"quiet", 'q', 0, OPT_QUIET},
    {"verify", 0, 1, OPT_VERIFY},
    {"sample", 0, 1, OPT_SAMPLE},
    {"help", 'h', 0, OPT_HELP},
};

/* In the order of mseq_output and mseq_format. */
static const char *const format_names[] = {"png", "npy", "tar"};
static const char *const dtype_names[] = {"float32", "uint8"};

/* cli_parser.option of dataset: context is the cli_dataset_args. */
static int parse_option(void *context, int id, const char *name,
                        const char *value, cli_error *err) {
    cli_dataset_args *args = context;
    int choice = 0;
    switch (id) {
        case OPT_COUNT:
            return cli_parse_u64_range(&args->count, value, 1, MSEQ_MAX_DATASET,
                                       name, err);
        case OPT_OUT:
            return cli_parse_path(&args->out, value, "folder", name, err);
        case OPT_FORMAT:
            if (cli_parse_choice(&choice, value, format_names,
                                 COUNT(format_names), name, err) != 0) {
                return -1;
            }
            args->format = (mseq_output)choice;
            return 0;
        case OPT_DTYPE:
            if (cli_parse_choice(&choice, value, dtype_names,
                                 COUNT(dtype_names), name, err) != 0) {
                return -1;
            }
            args->dtype = (mseq_format)choice;
            return 0;
        case OPT_SHARD_SIZE:
            return cli_param_parse(&args->shard_size, MSEQ_PARAM_SHARD_SIZE,
                                   name, value, err);
        case OPT_PNG_LEVEL:
            return cli_param_parse(&args->png_level, MSEQ_PARAM_PNG_LEVEL, name,
                                   value, err);
        case OPT_PNG_RECIPE:
            return cli_param_parse(&args->png_recipe, MSEQ_PARAM_PNG_RECIPE,
                                   name, value, err);
        case OPT_MASKS:
            return cli_param_parse(&args->masks, MSEQ_PARAM_MASKS, name, value,
                                   err);
        case OPT_FORCE:
            args->force = 1;
            return 0;
        case OPT_QUIET:
            args->quiet = 1;
            return 0;
        case OPT_VERIFY:
            return cli_parse_path(&args->verify, value, "folder", name, err);
        case OPT_SAMPLE:
            return cli_parse_u64(&args->sample, value, MSEQ_MAX_DATASET, name,
                                 err);
        case OPT_HELP:
            args->help = 1;
            return 1;
        default:
            return cli_gen_option(&args->gen, id, name, value, err);
    }
}

int cli_dataset_parse(cli_dataset_args *args, int argc, char *const *argv,
                      cli_error *err) {
    /* Its own options, then the table's (table_options.h). */
    static cli_option options[COUNT(dataset_options) + CLI_TABLE_MAX];
    cli_parser parser = {options, 0, parse_option, NULL, "dataset"};
    unsigned char seen[OPT_END];
    int rc;

    parser.noptions =
        cli_table_options(options, COUNT(options), dataset_options,
                          COUNT(dataset_options), CLI_GEN_TABLE);
    memset(args, 0, sizeof *args);
    cli_gen_defaults(&args->gen);
    args->format = MSEQ_OUTPUT_PNG;
    args->dtype = MSEQ_FORMAT_U8;
    args->shard_size = cli_param_default(MSEQ_PARAM_SHARD_SIZE);
    args->png_level = cli_param_default(MSEQ_PARAM_PNG_LEVEL);
    args->png_recipe = cli_param_default(MSEQ_PARAM_PNG_RECIPE);
    args->masks = cli_param_default(MSEQ_PARAM_MASKS);
    args->sample = 100;

    rc = cli_parse_command(&parser, args, argc, argv, seen, sizeof seen, err);
    if (rc != 0) {
        return rc < 0 ? -1 : 0;
    }
    if (seen[OPT_VERIFY]) {
        /* The manifest says the job: only --data and --sample apply. */
        size_t id;
        for (id = 0; id < OPT_END; ++id) {
            if (seen[id] && id != OPT_VERIFY && id != OPT_SAMPLE &&
                id != CLI_GEN_DATA && id != OPT_QUIET) {
                cli_error_set(err,
                              "--verify takes only --data, --sample and "
                              "--quiet (the job is the folder's manifest)");
                return -1;
            }
        }
        return 0;
    }
    if (seen[OPT_SAMPLE]) {
        cli_error_set(err, "--sample applies to --verify only");
        return -1;
    }
    if (!seen[OPT_COUNT] || !seen[OPT_OUT]) {
        cli_error_set(err, "missing %s%s%s", seen[OPT_COUNT] ? "" : "--count N",
                      !seen[OPT_COUNT] && !seen[OPT_OUT] ? " and " : "",
                      seen[OPT_OUT] ? "" : "--out DIR");
        return -1;
    }
    if (seen[OPT_DTYPE] && args->format != MSEQ_OUTPUT_NPY) {
        cli_error_set(err,
                      "--dtype applies to --format npy only (PNG images "
                      "are 8-bit)");
        return -1;
    }
    if ((seen[OPT_PNG_LEVEL] || seen[OPT_PNG_RECIPE]) &&
        args->format == MSEQ_OUTPUT_NPY) {
        cli_error_set(err, "%s applies to --format png and tar only",
                      seen[OPT_PNG_LEVEL] ? "--png-level" : "--png-recipe");
        return -1;
    }
    if ((args->count + (uint64_t)args->shard_size - 1) /
            (uint64_t)args->shard_size >
        MSEQ_MAX_SHARDS) {
        cli_error_set(err,
                      "--count %" PRIu64 " in shards of --shard-size %" PRId64
                      " makes more than %d shards: use a larger --shard-size",
                      args->count, args->shard_size, MSEQ_MAX_SHARDS);
        return -1;
    }
    return cli_gen_check(&args->gen, seen, err);
}

/* The --help lines of --png-recipe and --masks, from the table. */
static const char *png_recipe_help(void) {
    static char line[512];
    line[0] = '\0';
    cli_param_help(line, sizeof line, MSEQ_PARAM_PNG_RECIPE, 0);
    cli_param_help(line, sizeof line, MSEQ_PARAM_MASKS, 0);
    return line;
}

static void print_help(FILE *out) {
    fprintf(out,
            "usage: " DATASET_USAGE
            "\n"
            "\n"
            "Writes N images of digit sequences (image indexes 0 to N-1 "
            "under the seed),\n"
            "their labels and manifest.json into DIR. The same command "
            "run again resumes\n"
            "an interrupted job: complete shards are kept, the others "
            "redone, and the\n"
            "result is byte for byte that of an uninterrupted run, for any "
            "--threads.\n"
            "\n"
            "Output:\n"
            "  -n, --count N     number of images, 1 to %d (required)\n"
            "  -o, --out DIR     dataset folder, created if missing "
            "(required)\n"
            "  --format F        png (default): 000000123.png files + "
            "labels.csv;\n"
            "                    npy: images.npy (N, height, width) + "
            "labels.jsonl;\n"
            "                    tar: WebDataset shards shard-000000.tar "
            "(PNG + JSON)\n"
            "  --dtype T         npy only: uint8 (default, 0-255) or float32 "
            "(0.0-1.0)\n"
            "  --shard-size M    images per shard, the unit of resuming "
            "(default 10000)\n"
            "  --png-level L     -1 (default): fast run-length PNG encoding; "
            "0-9: libpng's\n"
            "                    standard encoding at that zlib level\n"
            "%s"
            "  --force           start over: replace whatever dataset DIR "
            "holds (or write\n"
            "                    into a non-empty DIR); only dataset files "
            "are removed\n"
            "  --verify DIR      check the finished dataset in DIR against its "
            "manifest: every\n"
            "                    file present, and --sample images (default "
            "100) regenerated\n"
            "                    and compared byte for byte; exit 1 listing "
            "each problem\n"
            "  -q, --quiet       no progress bar and no summary (the bar is "
            "shown only\n"
            "                    when stderr is a terminal)\n"
            "  -h, --help        show this help\n"
            "\n"
            "%s"
            "\n"
            "Labels: text is the digit string with its leading zeros, boxes "
            "are each digit's\n"
            "glyph cell as x0 y0 x1 y1 (half-open), source_indices index "
            "the IDX file.\n"
            "With --masks: each image's instance mask (0 background, i+1 "
            "where digit i owns\n"
            "the ink) as NNNNNNNNN.mask.png (png, tar; 8-bit, 16-bit above "
            "255 digits) or\n"
            "masks.npy (npy, uint16), and ink_boxes (each digit's tight ink "
            "box) last in\n"
            "the labels.\n"
            "\n"
            "Exit status: 0 on success, 1 when generating or writing fails "
            "(or DIR holds\n"
            "another job: see --force), 2 for a bad command line.\n"
            "\n"
            "Examples:\n"
            "  mnistseq-cli dataset --count 1000 --out train --min-length 3 "
            "--max-length 8\n"
            "  mnistseq-cli dataset --count 500 --out phones --sequence "
            "5550100 --format npy\n"
            "  mnistseq-cli dataset --verify train\n",
            MSEQ_MAX_DATASET, png_recipe_help(), cli_gen_help());
}

static volatile sig_atomic_t interrupted = 0;
static volatile sig_atomic_t cancel_requested = 0;

static void on_signal(int sig) {
    (void)sig;
    interrupted = 1;
    cancel_requested = 1;
}

/* Ctrl-C, SIGTERM and SIGHUP cancel the job cleanly (between two groups of
 * images); a second signal ends the program at once. */
static void catch_signals(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
}

static int write_dataset(const cli_dataset_args *args, mseq_params *params) {
    mseq_dataset *ds = NULL;
    cli_progress progress;
    char what[1400];
    char quoted[96];
    int status = cli_gen_open(&ds, &args->gen, 0);
    int rc;
    if (status != CLI_EXIT_OK) {
        return status;
    }
    cli_progress_init(&progress, stderr, !args->quiet, &cancel_requested);
    catch_signals();
    rc = mseq_write_dataset(
        args->out, ds, params, args->gen.ndigits > 0 ? args->gen.digits : NULL,
        args->gen.ndigits, args->count, args->format,
        args->force ? MSEQ_WRITE_FORCE : 0u, cli_progress_update, &progress);
    cli_progress_finish(&progress);
    cli_quote(quoted, sizeof quoted, args->out);
    if (rc == MSEQ_ECANCELED && interrupted) {
        fprintf(stderr,
                CLI_PROGRAM
                ": interrupted: complete shards are kept in %s; run the same "
                "command again to resume\n",
                quoted);
        status = CLI_EXIT_RUNTIME;
    } else if (rc == MSEQ_EEXIST) {
        snprintf(what, sizeof what,
                 "%s holds another dataset (use --force to replace it, or "
                 "another --out)",
                 quoted);
        status = cli_runtime_error(what, rc);
    } else if (rc != MSEQ_OK) {
        snprintf(what, sizeof what, "cannot write the dataset %s", quoted);
        status = cli_runtime_error(what, rc);
    } else if (!args->quiet) {
        printf("%s: %" PRIu64 " images (%s) in %s\n", CLI_PROGRAM, args->count,
               format_names[args->format], args->out);
    }
    mseq_free(ds);
    return status;
}

/* Sets the dataset's own values in params; -1 with err naming the option
 * the library refused (they were range-checked while parsing). */
static int set_params(mseq_params *params, const cli_dataset_args *args,
                      cli_error *err) {
    uint64_t distinct = 0;
    if (args->gen.unique && args->gen.ndigits == 0 &&
        args->gen.template_text == NULL) {
        char words[600];
        if (mseq_sequence_count(&distinct, params) != MSEQ_OK) {
            cli_user_words(words, sizeof words, mseq_last_error(), 0);
            cli_error_set(err, "%s", words);
            return -1;
        }
        if (distinct < args->count) {
            cli_error_set(
                err,
                "--unique: --count %" PRIu64 " is more than the %" PRIu64
                " distinct sequences of --min-length %" PRId64
                " to --max-length %" PRId64 "%s",
                args->count, distinct, args->gen.min_length,
                args->gen.max_length,
                args->gen.no_leading_zero ? " (--no-leading-zero)" : "");
            return -1;
        }
    }
    if (mseq_params_set(params, MSEQ_PARAM_SHARD_SIZE, args->shard_size) !=
        MSEQ_OK) {
        cli_error_set(err, "--shard-size: %s", mseq_last_error());
        return -1;
    }
    if (mseq_params_set(params, MSEQ_PARAM_PNG_LEVEL, args->png_level) !=
        MSEQ_OK) {
        cli_error_set(err, "--png-level: %s", mseq_last_error());
        return -1;
    }
    if (mseq_params_set(params, MSEQ_PARAM_PNG_RECIPE, args->png_recipe) !=
        MSEQ_OK) {
        cli_error_set(err, "--png-recipe: %s", mseq_last_error());
        return -1;
    }
    if (mseq_params_set(params, MSEQ_PARAM_MASKS, args->masks) != MSEQ_OK) {
        cli_error_set(err, "--masks: %s", mseq_last_error());
        return -1;
    }
    return 0;
}

static int print_problem(const char *problem, void *user) {
    char words[2400];
    cli_user_words(words, sizeof words, problem, 0);
    fprintf(stderr, CLI_PROGRAM ": %s: %s\n", (const char *)user, words);
    return 0;
}

static int verify_dataset(const cli_dataset_args *args) {
    uint64_t problems = 0;
    char quoted[96];
    const int rc =
        mseq_verify_dataset(&problems, args->verify, args->gen.data,
                            args->sample, print_problem, (void *)args->verify);
    cli_quote(quoted, sizeof quoted, args->verify);
    if (rc != MSEQ_OK) {
        char what[200];
        snprintf(what, sizeof what, "cannot verify the dataset %s", quoted);
        return cli_runtime_error(what, rc);
    }
    if (problems != 0) {
        fprintf(stderr, CLI_PROGRAM ": %s: %" PRIu64 " problem%s found\n",
                quoted, problems, problems == 1 ? "" : "s");
        return CLI_EXIT_RUNTIME;
    }
    if (!args->quiet) {
        printf("%s: complete; up to %" PRIu64
               " sampled images and their labels equal the manifest's job\n",
               quoted, args->sample);
    }
    return CLI_EXIT_OK;
}

int cmd_dataset(int argc, char **argv) {
    static cli_dataset_args args;
    cli_error err;
    mseq_params *params = NULL;
    int status;

    if (cli_dataset_parse(&args, argc, argv, &err) != 0) {
        return cli_usage_error(err.text, DATASET_USAGE);
    }
    if (args.help) {
        print_help(stdout);
        return CLI_EXIT_OK;
    }
    if (args.verify != NULL) {
        return verify_dataset(&args);
    }
    status = cli_gen_new_params(
        &params, &args.gen,
        args.format == MSEQ_OUTPUT_NPY ? args.dtype : MSEQ_FORMAT_U8,
        DATASET_USAGE);
    if (status != CLI_EXIT_OK) {
        return status;
    }
    if (set_params(params, &args, &err) != 0) {
        status = cli_usage_error(err.text, DATASET_USAGE);
    } else {
        status = write_dataset(&args, params);
    }
    mseq_params_free(params);
    return status;
}
