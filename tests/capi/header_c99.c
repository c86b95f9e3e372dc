/* The public header as a C99 user sees it: this file is compiled with
 * -std=c99 -pedantic -Wall -Wextra -Werror and calls the functions of the
 * header on the default data (MNISTSEQ_DATA). Exit status 0 when every check
 * holds. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, rmdir */

/* First, so that it is seen to compile on its own. */
#include "mnistseq/mnistseq.h"
/* Then what the test itself uses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures = 0;

#define CHECK(cond)                                                       \
    do {                                                                  \
        if (!(cond)) {                                                    \
            fprintf(stderr, "%s:%d: check failed: %s (last error: %s)\n", \
                    __FILE__, __LINE__, #cond, mseq_last_error());        \
            ++failures;                                                   \
        }                                                                 \
    } while (0)

static void check_versions(void) {
    char expected[32];
    CHECK(mseq_version_number() == MSEQ_VERSION_NUMBER);
    CHECK(mseq_version_number() / 10000 == MSEQ_VERSION_MAJOR);
    sprintf(expected, "%d.%d.%d", MSEQ_VERSION_MAJOR, MSEQ_VERSION_MINOR,
            MSEQ_VERSION_PATCH);
    CHECK(strcmp(mseq_version_string(), expected) == 0);
    CHECK(strcmp(mseq_version_string(), MSEQ_VERSION_STRING) == 0);
}

static void check_errors(void) {
    mseq_params *params = NULL;
    CHECK(strcmp(mseq_strerror(MSEQ_OK), "success") == 0);
    CHECK(strcmp(mseq_strerror(MSEQ_EINVAL), "invalid argument") == 0);
    CHECK(strcmp(mseq_strerror(12345), "unknown error") == 0);
    CHECK(mseq_last_error() != NULL);
    CHECK(mseq_params_new(NULL) == MSEQ_EINVAL);
    CHECK(strstr(mseq_last_error(), "out is NULL") != NULL);
    CHECK(mseq_params_new(&params) == MSEQ_OK);
    CHECK(mseq_params_set(params, MSEQ_PARAM_MIN_SPACING,
                          -MSEQ_MAX_GLYPH_SIDE) == MSEQ_EINVAL);
    CHECK(strstr(mseq_last_error(), "MSEQ_PARAM_MIN_SPACING") != NULL);
    mseq_params_free(params);
    mseq_params_free(NULL);
    mseq_free(NULL);
}

static void check_dataset(const mseq_dataset *ds) {
    uint32_t rows = 0, cols = 0;
    size_t total = 0, sum = 0, n = 0;
    const char *images = NULL, *labels = NULL;
    int digit;
    CHECK(mseq_glyph_size(&rows, &cols, ds) == MSEQ_OK);
    CHECK(rows == 28 && cols == 28);
    CHECK(mseq_class_count(&total, ds, -1) == MSEQ_OK);
    CHECK(total == 60000);
    for (digit = 0; digit < 10; ++digit) {
        CHECK(mseq_class_count(&n, ds, digit) == MSEQ_OK);
        CHECK(n > 0);
        sum += n;
    }
    CHECK(sum == total);
    CHECK(mseq_class_count(&n, ds, 10) == MSEQ_EINVAL);
    CHECK(mseq_dataset_files(&images, &labels, ds) == MSEQ_OK);
    CHECK(images != NULL && strstr(images, "train-images") != NULL);
    CHECK(labels != NULL && strstr(labels, "train-labels") != NULL);
}

/* The specification's example: [3, 5, 0], spacing (2, 8), width 200. */
static void check_generate(const mseq_dataset *ds, mseq_params *params) {
    const int digits[3] = {3, 5, 0};
    int bad[2] = {1, 12};
    mseq_placement placements[3];
    float scale = 0.0f;
    size_t bytes = 0, i;
    float *image;
    int64_t width = 0;
    CHECK(mseq_params_set(params, MSEQ_PARAM_WIDTH, 200) == MSEQ_OK);
    CHECK(mseq_params_set(params, MSEQ_PARAM_MIN_SPACING, 2) == MSEQ_OK);
    CHECK(mseq_params_set(params, MSEQ_PARAM_MAX_SPACING, 8) == MSEQ_OK);
    CHECK(mseq_params_get(&width, params, MSEQ_PARAM_WIDTH) == MSEQ_OK);
    CHECK(width == 200);
    CHECK(mseq_image_size(&bytes, ds, params) == MSEQ_OK);
    CHECK(bytes == 28 * 200 * sizeof(float));
    image = malloc(bytes);
    if (image == NULL) {
        ++failures;
        return;
    }
    CHECK(mseq_generate(image, bytes, placements, &scale, ds, params, digits, 3,
                        0) == MSEQ_OK);
    for (i = 0; i < 28 * 200; ++i) {
        if (image[i] < 0.0f || image[i] > 1.0f) break;
    }
    CHECK(i == 28 * 200);
    CHECK(image[0] == 1.0f); /* white background */
    CHECK(scale == 1.0f);
    for (i = 0; i < 3; ++i) {
        CHECK(placements[i].label == digits[i]);
        CHECK(placements[i].x_end - placements[i].x_begin == 28);
    }
    CHECK(placements[1].x_begin - placements[0].x_end >= 2);
    CHECK(placements[1].x_begin - placements[0].x_end <= 8);
    CHECK(mseq_generate(image, bytes - 1, NULL, NULL, ds, params, digits, 3,
                        0) == MSEQ_EBUFSIZE);
    CHECK(mseq_generate(image, bytes, NULL, NULL, ds, params, bad, 2, 0) ==
          MSEQ_EINVAL);
    CHECK(strstr(mseq_last_error(), "12") != NULL);
    free(image);
}

/* The annotated batch of the same samples: the same images, and the first
 * image's mask and boxes as mseq_generate_annotated() gives them. */
static void check_batch_annotated(const mseq_dataset *ds, mseq_params *params,
                                  const unsigned char *plain, size_t bytes,
                                  size_t count) {
    enum { MAXLEN = 4 };
    unsigned char *batch = malloc(count * bytes), *single = malloc(bytes);
    uint16_t *masks = malloc(count * bytes * sizeof(uint16_t));
    uint16_t *mask = malloc(bytes * sizeof(uint16_t));
    mseq_ink_box boxes[3 * MAXLEN], box[MAXLEN];
    mseq_placement placements[3 * MAXLEN];
    uint32_t lengths[3];
    int digits[MAXLEN];
    size_t j;
    if (count <= 3 && batch != NULL && single != NULL && masks != NULL &&
        mask != NULL) {
        CHECK(mseq_generate_batch_annotated(
                  batch, count * bytes, masks, count * bytes, boxes,
                  count * MAXLEN, placements, count * MAXLEN, lengths, NULL, ds,
                  params, NULL, 0, 10, count) == MSEQ_OK);
        CHECK(memcmp(batch, plain, count * bytes) == 0);
        for (j = 0; j < lengths[0]; ++j) digits[j] = placements[j].label;
        CHECK(mseq_generate_annotated(single, bytes, mask, bytes, box, NULL,
                                      NULL, ds, params, digits, lengths[0],
                                      10) == MSEQ_OK);
        CHECK(memcmp(mask, masks, bytes * sizeof(uint16_t)) == 0);
        CHECK(memcmp(box, boxes, lengths[0] * sizeof(mseq_ink_box)) == 0);
    } else {
        ++failures;
    }
    free(batch);
    free(single);
    free(masks);
    free(mask);
}

/* A batch of random sequences in uint8, its first image written as PNG. */
static void check_batch_and_png(const mseq_dataset *ds, mseq_params *params) {
    enum { COUNT = 3, MAXLEN = 4 };
    unsigned char *batch, *single;
    mseq_placement placements[COUNT * MAXLEN];
    uint32_t lengths[COUNT];
    float scales[COUNT];
    int digits[MAXLEN];
    size_t length = 0, bytes = 0;
    const char *tmp = getenv("TMPDIR");
    char dir[4096], path[4200];
    FILE *f;
    CHECK(mseq_params_set(params, MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8) ==
          MSEQ_OK);
    CHECK(mseq_params_set(params, MSEQ_PARAM_MAX_LENGTH, MAXLEN) == MSEQ_OK);
    CHECK(mseq_params_set(params, MSEQ_PARAM_THREADS, 2) == MSEQ_OK);
    CHECK(mseq_image_size(&bytes, ds, params) == MSEQ_OK);
    CHECK(bytes == 28 * 200);
    batch = malloc(COUNT * bytes);
    single = malloc(bytes);
    if (batch == NULL || single == NULL) {
        free(batch);
        free(single);
        ++failures;
        return;
    }
    CHECK(mseq_generate_batch(batch, COUNT * bytes, placements, COUNT * MAXLEN,
                              lengths, scales, ds, params, NULL, 0, 10,
                              COUNT) == MSEQ_OK);
    CHECK(mseq_random_sequence(digits, MAXLEN, &length, params, 10) == MSEQ_OK);
    CHECK(length >= 1 && length <= MAXLEN && length == lengths[0]);
    CHECK(mseq_generate(single, bytes, NULL, NULL, ds, params, digits, length,
                        10) == MSEQ_OK);
    CHECK(memcmp(batch, single, bytes) == 0);
    check_batch_annotated(ds, params, batch, bytes, COUNT);

    snprintf(dir, sizeof dir, "%s/mnistseq-c99-XXXXXX",
             tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL) {
        CHECK(!"mkdtemp failed");
    } else {
        snprintf(path, sizeof path, "%s/sample.png", dir);
        CHECK(mseq_write_png(path, batch, 28, 200, -1) == MSEQ_OK);
        f = fopen(path, "rb");
        CHECK(f != NULL);
        if (f != NULL) {
            unsigned char magic[8] = {0};
            CHECK(fread(magic, 1, 8, f) == 8);
            CHECK(memcmp(magic, "\x89PNG\r\n\x1a\n", 8) == 0);
            fclose(f);
        }
        remove(path);
        rmdir(dir);
    }
    free(batch);
    free(single);
}

/* Counts progress calls. */
static int on_progress(uint64_t done, uint64_t total, void *user) {
    int *calls = (int *)user;
    ++*calls;
    return done <= total ? 0 : 1;
}

/* Reads a whole small file; NULL when it cannot. */
static unsigned char *read_all(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    long end;
    if (f == NULL) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (end = ftell(f)) > 0 &&
        fseek(f, 0, SEEK_SET) == 0) {
        data = malloc((size_t)end);
        if (data != NULL && fread(data, 1, (size_t)end, f) != (size_t)end) {
            free(data);
            data = NULL;
        }
        *size = (size_t)end;
    }
    fclose(f);
    return data;
}

/* Removes dir/name for each name, then dir. */
static void remove_dir(const char *dir, const char *const *names) {
    char path[4200];
    for (; *names != NULL; ++names) {
        snprintf(path, sizeof path, "%s/%s", dir, *names);
        remove(path);
    }
    rmdir(dir);
}

/* The dataset writer: a 4-image NPY job shard by shard, whose images.npy
 * ends with exactly the bytes of the same batch, then a PNG dataset in one
 * call. params are those of check_batch_and_png() (uint8, random). */
static void check_writer(const mseq_dataset *ds, const mseq_params *params) {
    static const char *const npy_files[] = {"manifest.json", "images.npy",
                                            "labels.jsonl", NULL};
    static const char *const png_files[] = {
        "manifest.json", "labels.csv", "000000000.png", "000000001.png", NULL};
    enum { COUNT = 4 };
    const char *tmp = getenv("TMPDIR");
    char dir[4096], path[4200];
    mseq_writer *writer = NULL;
    const char *manifest = NULL;
    uint64_t shards = 0, first = 9, count = 0;
    int done = -1, calls = 0;
    size_t bytes = 0, size = 0;
    unsigned char *batch, *npy;

    snprintf(dir, sizeof dir, "%s/mnistseq-c99-XXXXXX",
             tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL) {
        CHECK(!"mkdtemp failed");
        return;
    }
    CHECK(mseq_writer_new(&writer, dir, ds, params, NULL, 0, COUNT,
                          MSEQ_OUTPUT_NPY) == MSEQ_OK);
    if (writer == NULL) {
        rmdir(dir);
        return;
    }
    CHECK(mseq_writer_manifest(&manifest, writer) == MSEQ_OK);
    CHECK(manifest != NULL && manifest[0] == '{');
    CHECK(mseq_writer_shard_count(&shards, writer) == MSEQ_OK);
    CHECK(shards == 1);
    CHECK(mseq_writer_shard_range(&first, &count, writer, 0) == MSEQ_OK);
    CHECK(first == 0 && count == COUNT);
    CHECK(mseq_writer_shard_range(&first, &count, writer, 1) == MSEQ_EINVAL);
    CHECK(mseq_writer_begin(writer, 0) == MSEQ_OK);
    CHECK(mseq_writer_shard_done(&done, writer, 0) == MSEQ_OK);
    CHECK(done == 0);
    CHECK(mseq_writer_write_shard(writer, 0, on_progress, &calls) == MSEQ_OK);
    CHECK(calls > 0);
    CHECK(mseq_writer_shard_done(&done, writer, 0) == MSEQ_OK);
    CHECK(done == 1);
    CHECK(mseq_writer_finish(writer) == MSEQ_OK);
    mseq_writer_free(writer);
    mseq_writer_free(NULL);

    CHECK(mseq_image_size(&bytes, ds, params) == MSEQ_OK);
    batch = malloc(COUNT * bytes);
    snprintf(path, sizeof path, "%s/images.npy", dir);
    npy = read_all(path, &size);
    CHECK(npy != NULL && size > COUNT * bytes);
    if (batch != NULL && npy != NULL && size > COUNT * bytes) {
        CHECK(mseq_generate_batch(batch, COUNT * bytes, NULL, 0, NULL, NULL, ds,
                                  params, NULL, 0, 0, COUNT) == MSEQ_OK);
        CHECK(memcmp(npy + size - COUNT * bytes, batch, COUNT * bytes) == 0);
    }
    free(npy);
    free(batch);
    remove_dir(dir, npy_files);

    snprintf(dir, sizeof dir, "%s/mnistseq-c99-XXXXXX",
             tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL) {
        CHECK(!"mkdtemp failed");
        return;
    }
    CHECK(mseq_write_dataset(dir, ds, params, NULL, 0, 2, MSEQ_OUTPUT_PNG, 0,
                             NULL, NULL) == MSEQ_OK);
    snprintf(path, sizeof path, "%s/000000001.png", dir);
    npy = read_all(path, &size);
    CHECK(npy != NULL && size > 8 && memcmp(npy, "\x89PNG", 4) == 0);
    free(npy);
    remove_dir(dir, png_files);
}

int main(void) {
    mseq_dataset *ds = NULL;
    mseq_params *params = NULL;
    check_versions();
    check_errors();
    if (mseq_open(&ds, NULL, MSEQ_SPLIT_TRAIN) != MSEQ_OK ||
        mseq_params_new(&params) != MSEQ_OK) {
        fprintf(stderr, "cannot open the default data: %s\n",
                mseq_last_error());
        mseq_free(ds);
        return 1;
    }
    check_dataset(ds);
    check_generate(ds, params);
    check_batch_and_png(ds, params);
    check_writer(ds, params);
    mseq_params_free(params);
    mseq_free(ds);
    if (failures != 0) fprintf(stderr, "%d checks failed\n", failures);
    return failures == 0 ? 0 : 1;
}
