/* An outside C99 program built with `pkg-config --cflags --libs mnistseq`:
 * opens the default data of an installed mnistseq, generates "3 5 0" and
 * checks the image. Usage: app [expected-data-dir] (when given, the default
 * data must have been read from that folder). */
#include <mnistseq/mnistseq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what) {
    fprintf(stderr, "consumer (C): %s\n", what);
    return 1;
}

static int fail_rc(const char *call, int rc) {
    fprintf(stderr, "consumer (C): %s failed: %s: %s\n", call,
            mseq_strerror(rc), mseq_last_error());
    return 1;
}

/* The checks of one generated uint8 image; 0 when it is right. */
static int check_image(const unsigned char *image, int width,
                       const mseq_placement *pl, const int *digits, int n) {
    int i, x, y;
    for (i = 0; i < n; ++i) {
        unsigned char darkest = 255;
        if (pl[i].label != digits[i])
            return fail("a placement has the wrong label");
        if (pl[i].x_begin < 0 || pl[i].x_end > width || pl[i].y_begin != 0 ||
            pl[i].y_end != 28 || pl[i].x_end - pl[i].x_begin != 28)
            return fail("a placement is outside the image");
        if (i > 0 && pl[i].x_begin - pl[i - 1].x_end != 0)
            return fail("a gap is not 0 with spacing [0, 0]");
        for (y = pl[i].y_begin; y < pl[i].y_end; ++y)
            for (x = pl[i].x_begin; x < pl[i].x_end; ++x)
                if (image[y * width + x] < darkest)
                    darkest = image[y * width + x];
        if (darkest > 127) return fail("a digit has no ink");
    }
    /* Centred: left of the strip and right of it is white background. */
    for (y = 0; y < 28; ++y) {
        for (x = 0; x < pl[0].x_begin; ++x)
            if (image[y * width + x] != 255)
                return fail("left padding is not white");
        for (x = pl[n - 1].x_end; x < width; ++x)
            if (image[y * width + x] != 255)
                return fail("right padding is not white");
    }
    if (pl[0].x_begin != (width - 28 * n) / 2)
        return fail("the strip is not centred");
    return 0;
}

int main(int argc, char **argv) {
    mseq_dataset *ds = NULL;
    mseq_params *params = NULL;
    const char *images = NULL, *labels = NULL;
    const int digits[] = {3, 5, 0};
    const int width = 120;
    mseq_placement pl[3];
    unsigned char *image;
    size_t bytes = 0;
    int rc;

    if (mseq_version_number() / 10000 != MSEQ_VERSION_MAJOR)
        return fail("the library's major version differs from the header's");
    rc = mseq_open(&ds, NULL, MSEQ_SPLIT_TRAIN);
    if (rc != 0) return fail_rc("mseq_open(default data)", rc);
    rc = mseq_dataset_files(&images, &labels, ds);
    if (rc != 0) return fail_rc("mseq_dataset_files", rc);
    printf("default data: %s\n", images);
    if (argc > 1 && strncmp(images, argv[1], strlen(argv[1])) != 0) {
        fprintf(stderr,
                "consumer (C): the default data came from %s, not from the "
                "installed %s\n",
                images, argv[1]);
        return 1;
    }

    if ((rc = mseq_params_new(&params)) != 0)
        return fail_rc("mseq_params_new", rc);
    if ((rc = mseq_params_set(params, MSEQ_PARAM_WIDTH, width)) != 0 ||
        (rc = mseq_params_set(params, MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8)) !=
            0 ||
        (rc = mseq_params_set(params, MSEQ_PARAM_SEED, 11)) != 0)
        return fail_rc("mseq_params_set", rc);
    if ((rc = mseq_image_size(&bytes, ds, params)) != 0)
        return fail_rc("mseq_image_size", rc);
    if (bytes != 28u * (size_t)width) return fail("unexpected image size");
    image = malloc(bytes);
    if (image == NULL) return fail("out of memory");
    rc = mseq_generate(image, bytes, pl, NULL, ds, params, digits, 3, 5);
    if (rc != 0) return fail_rc("mseq_generate", rc);
    if (check_image(image, width, pl, digits, 3) != 0) return 1;

    rc = mseq_generate(image, bytes, pl, NULL, ds, params, (const int[]){3, 10},
                       2, 0);
    if (rc != MSEQ_EINVAL || mseq_last_error()[0] == '\0')
        return fail("digit 10 was not refused with a message");

    free(image);
    mseq_params_free(params);
    mseq_free(ds);
    printf("consumer (C): ok, mnistseq %s\n", mseq_version_string());
    return 0;
}
