/* Renders every case of cases.txt through the C API and appends the image
 * bytes to the output file (see cases.txt). Usage: dump CASES OUT */
#include <inttypes.h>
#include <mnistseq/mnistseq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(int line, const char *what) {
    fprintf(stderr, "dump (C): cases line %d: %s\n", line, what);
    return 1;
}

static int lookup(const char *name, const char *const *names, int n) {
    int i;
    for (i = 0; i < n; ++i)
        if (strcmp(name, names[i]) == 0) return i;
    return -1;
}

/* Renders one case line into out; 0 on success. */
static int render(int line, char *text, FILE *out) {
    static const char *const splits[] = {"train", "test"};
    static const char *const fits[] = {"pad", "exact", "strict"};
    static const char *const aligns[] = {"center", "left", "right", "random"};
    static const char *const formats[] = {"f32", "u8"};
    char split[16], digits[64], fit[16], align[16], format[16];
    int smin, smax, width, invert, lmin = 0, lmax = 0, d[64], nd = 0, rc;
    unsigned long long seed, index, count;
    int64_t seed_bits;
    mseq_dataset *ds = NULL;
    mseq_params *p = NULL;
    size_t bytes = 0, i;
    void *buf;

    if (sscanf(text, "%15s %63s %d-%d %d %15s %15s %d %llu %llu %llu %15s",
               split, digits, &smin, &smax, &width, fit, align, &invert, &seed,
               &index, &count, format) != 12)
        return fail(line, "malformed");
    if (sscanf(digits, "random:%d-%d", &lmin, &lmax) != 2) {
        for (nd = 0; digits[nd] != '\0'; ++nd) d[nd] = digits[nd] - '0';
    }
    if (lookup(split, splits, 2) < 0 || lookup(fit, fits, 3) < 0 ||
        lookup(align, aligns, 4) < 0 || lookup(format, formats, 2) < 0)
        return fail(line, "unknown split, fit, align or format");
    memcpy(&seed_bits, &(uint64_t){(uint64_t)seed}, sizeof seed_bits);

    rc = mseq_open(&ds, NULL, (mseq_split)lookup(split, splits, 2));
    if (rc == 0) rc = mseq_params_new(&p);
    if (rc == 0) rc = mseq_params_set(p, MSEQ_PARAM_MIN_SPACING, smin);
    if (rc == 0) rc = mseq_params_set(p, MSEQ_PARAM_MAX_SPACING, smax);
    if (rc == 0) rc = mseq_params_set(p, MSEQ_PARAM_WIDTH, width);
    if (rc == 0) rc = mseq_params_set(p, MSEQ_PARAM_FIT, lookup(fit, fits, 3));
    if (rc == 0)
        rc = mseq_params_set(p, MSEQ_PARAM_ALIGN, lookup(align, aligns, 4));
    if (rc == 0) rc = mseq_params_set(p, MSEQ_PARAM_INVERT, invert);
    if (rc == 0) rc = mseq_params_set(p, MSEQ_PARAM_SEED, seed_bits);
    if (rc == 0)
        rc = mseq_params_set(p, MSEQ_PARAM_FORMAT, lookup(format, formats, 2));
    if (rc == 0 && nd == 0)
        rc = mseq_params_set(p, MSEQ_PARAM_MIN_LENGTH, lmin);
    if (rc == 0 && nd == 0)
        rc = mseq_params_set(p, MSEQ_PARAM_MAX_LENGTH, lmax);
    if (rc == 0) rc = mseq_image_size(&bytes, ds, p);
    if (rc != 0) return fail(line, mseq_last_error());

    buf = malloc(bytes * (size_t)count);
    if (buf == NULL) return fail(line, "out of memory");
    if (count == 1 && nd > 0) {
        rc = mseq_generate(buf, bytes, NULL, NULL, ds, p, d, (size_t)nd, index);
    } else {
        rc = mseq_generate_batch(buf, bytes * (size_t)count, NULL, 0, NULL,
                                 NULL, ds, p, nd > 0 ? d : NULL, (size_t)nd,
                                 index, (size_t)count);
    }
    if (rc != 0) return fail(line, mseq_last_error());
    i = fwrite(buf, 1, bytes * (size_t)count, out);
    free(buf);
    mseq_params_free(p);
    mseq_free(ds);
    return i == bytes * (size_t)count ? 0 : fail(line, "write error");
}

int main(int argc, char **argv) {
    char text[512];
    int line = 0;
    FILE *cases, *out;
    if (argc != 3) {
        fprintf(stderr, "usage: dump CASES OUT\n");
        return 2;
    }
    cases = fopen(argv[1], "r");
    out = fopen(argv[2], "wb");
    if (cases == NULL || out == NULL) {
        perror("dump (C)");
        return 1;
    }
    while (fgets(text, sizeof text, cases) != NULL) {
        ++line;
        if (text[strspn(text, " \t\r\n")] == '\0' || text[0] == '#') continue;
        if (render(line, text, out) != 0) return 1;
    }
    fclose(cases);
    return fclose(out) == 0 ? 0 : 1;
}
