/*
 * mnistseq-cli preview: a contact sheet of generated samples (image indexes
 * 0 .. rows * cols - 1 under the seed), each with its label text drawn
 * below it in a small built-in digit font, to see what the options do.
 * Written as an 8-bit grayscale PNG, atomically (mseq_write_png); with
 * --boxes, --cells or --masks as an 8-bit RGB PNG (mseq_write_png_rgb),
 * the exact labels (mseq_generate_batch_annotated) drawn in colour.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "mnistseq/mnistseq.h"

#define PREVIEW_USAGE \
    CLI_PROGRAM " preview --out SHEET.png [--rows R] [--cols C] [options]"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* Sheet geometry, in pixels. */
#define MARGIN 4     /* around each sample */
#define TEXT_GAP 3   /* between a sample and its label */
#define FONT_SCALE 2 /* each font pixel is 2 x 2 */
#define FONT_W 5
#define FONT_H 7
#define FONT_ADVANCE ((FONT_W + 1) * FONT_SCALE)
#define SHEET_GRAY 200 /* background around the samples */
#define MAX_SHEET_PIXELS (1u << 28)
#define MAX_TILES 64

/* Colours of the labels drawn: ink boxes, glyph cells, and the digits'
 * masks (digit j takes mask_colours[j % 6]). */
static const uint8_t box_colour[3] = {230, 20, 20};
static const uint8_t cell_colour[3] = {30, 90, 230};
static const uint8_t mask_colours[6][3] = {
    {220, 40, 40}, {30, 150, 40},  {40, 80, 220},
    {220, 140, 0}, {160, 40, 190}, {0, 160, 170},
};

/* A 5 x 7 font of the ten digits, then of the separators, in the order
 * of font_separators: one byte a row, bit 4 the left column. */
static const char font_separators[] = "-/.,:()+";
static const unsigned char font[18][FONT_H] = {
    {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E},
    {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E},
    {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F},
    {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E},
    {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02},
    {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E},
    {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E},
    {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08},
    {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E},
    {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C},
    {0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00}, /* - */
    {0x01, 0x01, 0x02, 0x04, 0x08, 0x10, 0x10}, /* / */
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C}, /* . */
    {0x00, 0x00, 0x00, 0x00, 0x0C, 0x04, 0x08}, /* , */
    {0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00}, /* : */
    {0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02}, /* ( */
    {0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08}, /* ) */
    {0x00, 0x04, 0x04, 0x1F, 0x04, 0x04, 0x00}, /* + */
};

/* The font's rows of character c, or NULL for a space (or anything else). */
static const unsigned char *font_glyph(char c) {
    const char *sep;
    if (c >= '0' && c <= '9') {
        return font[c - '0'];
    }
    sep = c != '\0' ? strchr(font_separators, c) : NULL;
    return sep != NULL ? font[10 + (sep - font_separators)] : NULL;
}

enum {
    OPT_OUT = CLI_GEN_END,
    OPT_ROWS,
    OPT_COLS,
    OPT_BOXES,
    OPT_CELLS,
    OPT_MASKS,
    OPT_HELP,
    OPT_END
};

static const cli_option preview_options[] = {
    CLI_GEN_OPTION_ROWS,        {"out", 'o', 1, OPT_OUT},
    {"rows", 0, 1, OPT_ROWS},   {"cols", 0, 1, OPT_COLS},
    {"boxes", 0, 0, OPT_BOXES}, {"cells", 0, 0, OPT_CELLS},
    {"masks", 0, 0, OPT_MASKS}, {"help", 'h', 0, OPT_HELP},
};

/* cli_parser.option of preview: context is the cli_preview_args. */
static int parse_option(void *context, int id, const char *name,
                        const char *value, cli_error *err) {
    cli_preview_args *args = context;
    switch (id) {
        case OPT_OUT:
            return cli_parse_path(&args->out, value, "file name", name, err);
        case OPT_ROWS:
            return cli_parse_i64(&args->rows, value, 1, MAX_TILES, name, err);
        case OPT_COLS:
            return cli_parse_i64(&args->cols, value, 1, MAX_TILES, name, err);
        case OPT_BOXES:
            args->boxes = 1;
            return 0;
        case OPT_CELLS:
            args->cells = 1;
            return 0;
        case OPT_MASKS:
            args->masks = 1;
            return 0;
        case OPT_HELP:
            args->help = 1;
            return 1;
        default:
            return cli_gen_option(&args->gen, id, name, value, err);
    }
}

int cli_preview_parse(cli_preview_args *args, int argc, char *const *argv,
                      cli_error *err) {
    /* Its own options, then the table's (table_options.h). */
    static cli_option options[COUNT(preview_options) + CLI_TABLE_MAX];
    cli_parser parser = {options, 0, parse_option, NULL, "preview"};
    unsigned char seen[OPT_END];
    int rc;

    parser.noptions =
        cli_table_options(options, COUNT(options), preview_options,
                          COUNT(preview_options), CLI_GEN_TABLE);
    memset(args, 0, sizeof *args);
    cli_gen_defaults(&args->gen);
    args->rows = 8;
    args->cols = 4;
    rc = cli_parse_command(&parser, args, argc, argv, seen, sizeof seen, err);
    if (rc != 0) {
        return rc < 0 ? -1 : 0;
    }
    if (!seen[OPT_OUT]) {
        cli_error_set(err, "missing --out SHEET.png");
        return -1;
    }
    return cli_gen_check(&args->gen, seen, err);
}

static void print_help(FILE *out) {
    fprintf(out,
            "usage: " PREVIEW_USAGE
            "\n"
            "\n"
            "Writes a contact sheet: R x C generated samples (image indexes "
            "0 to R*C-1\n"
            "under the seed, as `dataset` makes them), each with its label "
            "drawn below it,\n"
            "as one grayscale PNG, to see what the options do.\n"
            "\n"
            "Sheet:\n"
            "  -o, --out FILE    the PNG to write, atomically (required)\n"
            "  --rows R          rows of samples, 1 to %d (default 8)\n"
            "  --cols C          columns of samples, 1 to %d (default 4)\n"
            "  --boxes           outline each digit's ink box in red (the "
            "tight box of its\n"
            "                    ink after every transform); the sheet is "
            "then RGB\n"
            "  --cells           outline each digit's glyph cell in blue "
            "(its placement)\n"
            "  --masks           colour each digit's ink by its instance "
            "mask (one colour\n"
            "                    a digit position)\n"
            "  -h, --help        show this help\n"
            "\n"
            "%s"
            "\n"
            "Exit status: 0 on success, 1 when generating or writing fails, "
            "2 for a bad\n"
            "command line.\n"
            "\n"
            "Examples:\n"
            "  mnistseq-cli preview -o phones.png --template 0##-####-#### "
            "--width 360\n"
            "  mnistseq-cli preview -o touching.png --rows 4 --cols 2 "
            "--min-spacing -8 --max-spacing 0\n"
            "  mnistseq-cli preview -o labels.png --preset medium --boxes "
            "--masks\n",
            MAX_TILES, MAX_TILES, cli_gen_help());
}

/* Draws text (digits, separators, spaces) at (x, y) in black, clipped to
 * columns < x_end. */
static void draw_text(uint8_t *sheet, size_t stride, size_t x, size_t y,
                      size_t x_end, const char *text, size_t length) {
    size_t i, r, c, dy, dx;
    for (i = 0; i < length; ++i) {
        const unsigned char *glyph = font_glyph(text[i]);
        const size_t gx = x + i * FONT_ADVANCE;
        if (glyph == NULL) {
            continue;
        }
        for (r = 0; r < FONT_H; ++r) {
            for (c = 0; c < FONT_W; ++c) {
                if ((glyph[r] >> (FONT_W - 1 - c) & 1) == 0) {
                    continue;
                }
                for (dy = 0; dy < FONT_SCALE; ++dy) {
                    for (dx = 0; dx < FONT_SCALE; ++dx) {
                        const size_t px = gx + c * FONT_SCALE + dx;
                        if (px < x_end) {
                            sheet[(y + r * FONT_SCALE + dy) * stride + px] = 0;
                        }
                    }
                }
            }
        }
    }
}

/* Spreads n grey bytes at the start of buf (room for 3 n) to R, G, B. */
static void to_rgb(uint8_t *buf, size_t n) {
    size_t i = n;
    while (i-- > 0) {
        const uint8_t v = buf[i];
        buf[3 * i] = v;
        buf[3 * i + 1] = v;
        buf[3 * i + 2] = v;
    }
}

/* The outline of the half-open box [x_begin, x_end) x [y_begin, y_end) of
 * an image placed at (x0, y0) of an RGB sheet: its first and last columns
 * and rows, in colour c. An empty box draws nothing. */
static void outline(uint8_t *sheet, size_t cols, size_t x0, size_t y0,
                    int32_t x_begin, int32_t x_end, int32_t y_begin,
                    int32_t y_end, const uint8_t c[3]) {
    int32_t x, y;
    if (x_end <= x_begin || y_end <= y_begin) {
        return;
    }
    for (y = y_begin; y < y_end; ++y) {
        for (x = x_begin; x < x_end; ++x) {
            if (y == y_begin || y == y_end - 1 || x == x_begin ||
                x == x_end - 1) {
                uint8_t *px =
                    sheet + ((y0 + (size_t)y) * cols + x0 + (size_t)x) * 3;
                px[0] = c[0];
                px[1] = c[1];
                px[2] = c[2];
            }
        }
    }
}

/* Colours digit j's ink (mask value j + 1) with mask_colours[j % 6], as
 * strong as the ink: the background keeps its grey. */
static void tint_masks(uint8_t *sheet, size_t cols, size_t x0, size_t y0,
                       const uint16_t *mask, size_t rows, size_t width,
                       int invert) {
    const unsigned bg = invert ? 0 : 255;
    size_t r, x, k;
    for (r = 0; r < rows; ++r) {
        for (x = 0; x < width; ++x) {
            const uint16_t m = mask[r * width + x];
            uint8_t *px = sheet + ((y0 + r) * cols + x0 + x) * 3;
            const unsigned v = px[0];
            const unsigned ink = invert ? v : 255 - v;
            if (m == 0) {
                continue;
            }
            for (k = 0; k < 3; ++k) {
                const unsigned c = mask_colours[(m - 1) % 6][k];
                px[k] = (uint8_t)((bg * (255 - ink) + c * ink + 127) / 255);
            }
        }
    }
}

/* Generates the samples and composes the sheet into *out (malloc'd). */
static int compose(uint8_t **out, size_t *sheet_rows, size_t *sheet_cols,
                   const cli_preview_args *args, const mseq_dataset *ds,
                   const mseq_params *params, const mseq_template *tmpl) {
    const size_t n = (size_t)(args->rows * args->cols);
    size_t stride_digits = args->gen.ndigits > 0 ? args->gen.ndigits
                                                 : (size_t)args->gen.max_length;
    uint32_t image_rows = 0, image_cols = 0;
    size_t image_bytes = 0, tile_w, tile_h, width, i;
    uint8_t *images = NULL, *sheet = NULL;
    mseq_placement *placements = NULL;
    uint32_t *lengths = NULL;
    uint16_t *masks = NULL;
    mseq_ink_box *boxes = NULL;
    const int colour = args->boxes || args->cells || args->masks;
    char text[MSEQ_MAX_DIGITS];
    int rc = MSEQ_OK;
    if (tmpl != NULL) {
        rc = mseq_template_count(NULL, &stride_digits, tmpl);
    }
    if (rc == MSEQ_OK) {
        rc = mseq_image_shape(&image_rows, &image_cols, ds, params);
    }
    if (rc == MSEQ_OK) {
        rc = mseq_image_size(&image_bytes, ds, params);
    }
    if (rc != MSEQ_OK) {
        return cli_runtime_error("cannot size the images", rc);
    }
    width = (size_t)image_cols;
    tile_w = width + 2 * MARGIN;
    tile_h = image_rows + 2 * MARGIN + TEXT_GAP + FONT_H * FONT_SCALE;
    *sheet_cols = tile_w * (size_t)args->cols;
    *sheet_rows = tile_h * (size_t)args->rows;
    if ((double)*sheet_cols * (double)*sheet_rows > MAX_SHEET_PIXELS) {
        fprintf(stderr,
                CLI_PROGRAM
                ": a sheet of %zu x %zu pixels is too large (at most %u "
                "pixels): use fewer --rows/--cols or a smaller --width\n",
                *sheet_rows, *sheet_cols, MAX_SHEET_PIXELS);
        return CLI_EXIT_USAGE;
    }
    images = malloc(n * image_bytes);
    placements = malloc(n * stride_digits * sizeof *placements);
    lengths = malloc(n * sizeof *lengths);
    sheet = malloc(*sheet_rows * *sheet_cols * (colour ? 3 : 1));
    if (colour) {
        masks = malloc(n * image_bytes * sizeof *masks);
        boxes = malloc(n * stride_digits * sizeof *boxes);
    }
    if (images == NULL || placements == NULL || lengths == NULL ||
        sheet == NULL || (colour && (masks == NULL || boxes == NULL))) {
        fprintf(stderr, CLI_PROGRAM ": out of memory for the sheet\n");
        rc = MSEQ_ENOMEM;
        goto done;
    }
    /* The images are the same either way (mseq_generate_batch_annotated);
     * with a template, the parameters hold it and the batch draws texts. */
    rc = mseq_generate_batch_annotated(
        images, n * image_bytes, masks, colour ? n * image_bytes : 0, boxes,
        colour ? n * stride_digits : 0, placements, n * stride_digits, lengths,
        NULL, ds, params, args->gen.ndigits > 0 ? args->gen.digits : NULL,
        args->gen.ndigits, 0, n);
    if (rc != MSEQ_OK) {
        cli_runtime_error("cannot generate the samples", rc);
        goto done;
    }
    memset(sheet, SHEET_GRAY, *sheet_rows * *sheet_cols);
    for (i = 0; i < n; ++i) {
        const size_t x0 = (i % (size_t)args->cols) * tile_w + MARGIN;
        const size_t y0 = (i / (size_t)args->cols) * tile_h + MARGIN;
        const mseq_placement *p = placements + i * stride_digits;
        size_t r, j;
        for (r = 0; r < image_rows; ++r) {
            memcpy(sheet + (y0 + r) * *sheet_cols + x0,
                   images + i * image_bytes + r * width, width);
        }
        /* A digit's label is its value, a separator's its code. */
        for (j = 0; j < lengths[i]; ++j) {
            text[j] = (char)(p[j].label <= 9 ? '0' + p[j].label : p[j].label);
        }
        draw_text(sheet, *sheet_cols, x0, y0 + image_rows + TEXT_GAP,
                  x0 + width, text, lengths[i]);
    }
    if (colour) {
        to_rgb(sheet, *sheet_rows * *sheet_cols);
        for (i = 0; i < n; ++i) {
            const size_t x0 = (i % (size_t)args->cols) * tile_w + MARGIN;
            const size_t y0 = (i / (size_t)args->cols) * tile_h + MARGIN;
            const mseq_placement *p = placements + i * stride_digits;
            const mseq_ink_box *b = boxes + i * stride_digits;
            size_t j;
            if (args->masks) {
                tint_masks(sheet, *sheet_cols, x0, y0, masks + i * image_bytes,
                           image_rows, width, args->gen.invert != 0);
            }
            for (j = 0; j < lengths[i]; ++j) {
                if (args->cells) {
                    outline(sheet, *sheet_cols, x0, y0, p[j].x_begin,
                            p[j].x_end, p[j].y_begin, p[j].y_end, cell_colour);
                }
                if (args->boxes) {
                    outline(sheet, *sheet_cols, x0, y0, b[j].x_begin,
                            b[j].x_end, b[j].y_begin, b[j].y_end, box_colour);
                }
            }
        }
    }
    *out = sheet;
    sheet = NULL;
done:
    free(images);
    free(placements);
    free(lengths);
    free(masks);
    free(boxes);
    free(sheet);
    return rc == MSEQ_OK ? CLI_EXIT_OK : CLI_EXIT_RUNTIME;
}

int cmd_preview(int argc, char **argv) {
    static cli_preview_args args;
    cli_error err;
    mseq_params *params = NULL;
    mseq_dataset *ds = NULL;
    mseq_template *tmpl = NULL;
    uint8_t *sheet = NULL;
    size_t rows = 0, cols = 0;
    int status;
    int rc;

    if (cli_preview_parse(&args, argc, argv, &err) != 0) {
        return cli_usage_error(err.text, PREVIEW_USAGE);
    }
    if (args.help) {
        print_help(stdout);
        return CLI_EXIT_OK;
    }
    if (args.gen.template_text != NULL &&
        mseq_template_new(&tmpl, args.gen.template_text) != MSEQ_OK) {
        char message[1200];
        snprintf(message, sizeof message, "--template: %s", mseq_last_error());
        return cli_usage_error(message, PREVIEW_USAGE);
    }
    status =
        cli_gen_new_params(&params, &args.gen, MSEQ_FORMAT_U8, PREVIEW_USAGE);
    if (status != CLI_EXIT_OK) {
        mseq_template_free(tmpl);
        return status;
    }
    status = cli_gen_open(&ds, &args.gen, 0);
    if (status == CLI_EXIT_OK) {
        status = compose(&sheet, &rows, &cols, &args, ds, params, tmpl);
    }
    if (status == CLI_EXIT_OK) {
        rc = args.boxes || args.cells || args.masks
                 ? cli_write_png_rgb(args.out, sheet, (uint32_t)rows,
                                     (uint32_t)cols)
                 : cli_write_png(args.out, sheet, (uint32_t)rows,
                                 (uint32_t)cols);
        if (rc != MSEQ_OK) {
            status = cli_runtime_error("cannot write the sheet", rc);
        }
    }
    free(sheet);
    mseq_free(ds);
    mseq_params_free(params);
    mseq_template_free(tmpl);
    return status;
}
