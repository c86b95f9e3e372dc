/*
 * generate.c: one image of the digit sequence 3-5-0, written as a PNG.
 *
 *   generate [DATA_DIR [OUTPUT.png]]
 *
 * Opens the training split of DATA_DIR, or of the default data (the
 * MNISTSEQ_DATA environment variable, else the installed MNIST); asks the
 * library for the image size and allocates the image; generates 3-5-0 with
 * gaps of 2 to 8 pixels into 200 columns of 8-bit pixels (seed 42, sample
 * index 0); prints where each digit went; writes OUTPUT.png (default
 * 3-5-0.png in the current folder), the same bytes as
 * `mnistseq-cli 350 2 8 200 --seed 42`.
 *
 * Every call is checked: a failure prints the step, the code's name and the
 * library's message (which names the argument or file at fault) and exits
 * with status 1.
 *
 * Build against an installed library:
 *   cc generate.c $(pkg-config --cflags --libs mnistseq)
 */
// [readme:c]
#include <mnistseq/mnistseq.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc > 3) {
        fprintf(stderr, "usage: generate [DATA_DIR [OUTPUT.png]]\n");
        return 2;
    }
    const char *data = argc > 1 ? argv[1] : NULL;
    const char *output = argc > 2 ? argv[2] : "3-5-0.png";

    enum { WIDTH = 200, NDIGITS = 3 };
    const int digits[NDIGITS] = {3, 5, 0};
    mseq_dataset *ds = NULL;
    mseq_params *params = NULL;
    uint8_t *image = NULL;
    size_t bytes = 0;
    uint32_t rows = 0, cols = 0;
    mseq_placement where[NDIGITS];
    float scale = 0.0f;

    const char *step = "opening the data"; /* data NULL: the default data */
    int rc = mseq_open(&ds, data, MSEQ_SPLIT_TRAIN);
    if (rc != 0) goto done;

    step = "setting the parameters"; /* every key not set keeps its default */
    if ((rc = mseq_params_new(&params)) != 0 ||
        (rc = mseq_params_set(params, MSEQ_PARAM_MIN_SPACING, 2)) != 0 ||
        (rc = mseq_params_set(params, MSEQ_PARAM_MAX_SPACING, 8)) != 0 ||
        (rc = mseq_params_set(params, MSEQ_PARAM_WIDTH, WIDTH)) != 0 ||
        (rc = mseq_params_set(params, MSEQ_PARAM_SEED, 42)) != 0 ||
        (rc = mseq_params_set(params, MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8)) != 0)
        goto done;

    step = "sizing the image"; /* the caller allocates, after a size query */
    if ((rc = mseq_image_size(&bytes, ds, params)) != 0 ||
        (rc = mseq_glyph_size(&rows, &cols, ds)) != 0)
        goto done;
    if ((image = malloc(bytes)) == NULL) { /* rows x WIDTH bytes */
        rc = MSEQ_ENOMEM;
        goto done;
    }

    step = "generating 3-5-0";
    rc = mseq_generate(image, bytes, where, &scale, ds, params, digits, NDIGITS,
                       0 /* sample index */);
    if (rc != 0) goto done;
    for (int i = 0; i < NDIGITS; i++)
        printf("digit %d: columns [%d, %d), rows [%d, %d), source image %d\n",
               (int)where[i].label, (int)where[i].x_begin, (int)where[i].x_end,
               (int)where[i].y_begin, (int)where[i].y_end,
               (int)where[i].source_index);

    step = "writing the PNG";
    rc = mseq_write_png(output, image, rows, WIDTH, -1 /* fast encoding */);
    if (rc == 0)
        printf("wrote %s: %d x %u pixels, scale %.2f\n", output, WIDTH,
               (unsigned)rows, (double)scale);

done:
    if (rc != 0)
        fprintf(stderr, "generate: %s: %s: %s\n", step, mseq_strerror(rc),
                mseq_last_error());
    free(image);
    mseq_params_free(params);
    mseq_free(ds);
    return rc == 0 ? 0 : 1;
}
// [end]
