// An outside C++ program: opens the default data of an installed mnistseq,
// generates "3 5 0" and checks the image. Usage: app [expected-data-dir]
// (when given, the default data must have been read from that folder).
#include <mnistseq/mnistseq.h>

#include <cstdio>
#include <cstring>
#include <vector>

namespace {

int fail(const char *what) {
    std::fprintf(stderr, "consumer (C++): %s\n", what);
    return 1;
}

int fail_rc(const char *call, int rc) {
    std::fprintf(stderr, "consumer (C++): %s failed: %s: %s\n", call,
                 mseq_strerror(rc), mseq_last_error());
    return 1;
}

// The checks of one generated image; 0 when it is right.
int check_image(const std::vector<float> &image, int width,
                const mseq_placement *pl, const int *digits, int n) {
    std::vector<bool> in_cell(image.size(), false);
    for (int i = 0; i < n; ++i) {
        if (pl[i].label != digits[i])
            return fail("a placement has the wrong label");
        if (pl[i].x_begin < 0 || pl[i].x_end > width || pl[i].y_begin != 0 ||
            pl[i].y_end != 28 || pl[i].x_end - pl[i].x_begin != 28)
            return fail("a placement is outside the image");
        if (i > 0) {
            const int gap = pl[i].x_begin - pl[i - 1].x_end;
            if (gap < 2 || gap > 8) return fail("a gap is outside [2, 8]");
        }
        float darkest = 1.0f;
        for (int y = pl[i].y_begin; y < pl[i].y_end; ++y)
            for (int x = pl[i].x_begin; x < pl[i].x_end; ++x) {
                const size_t at = static_cast<size_t>(y) * width + x;
                in_cell[at] = true;
                if (image[at] < darkest) darkest = image[at];
            }
        if (darkest > 0.5f) return fail("a digit has no ink");
    }
    for (size_t at = 0; at < image.size(); ++at) {
        if (image[at] < 0.0f || image[at] > 1.0f)
            return fail("a value is outside [0, 1]");
        if (!in_cell[at] && image[at] != 1.0f)
            return fail("the background is not white");
    }
    return 0;
}

}  // namespace

int main(int argc, char **argv) {
    if (mseq_version_number() / 10000 != MSEQ_VERSION_MAJOR)
        return fail("the library's major version differs from the header's");

    mseq_dataset *ds = nullptr;
    int rc = mseq_open(&ds, nullptr, MSEQ_SPLIT_TEST);
    if (rc != 0) return fail_rc("mseq_open(default data)", rc);
    const char *images = nullptr;
    const char *labels = nullptr;
    rc = mseq_dataset_files(&images, &labels, ds);
    if (rc != 0) return fail_rc("mseq_dataset_files", rc);
    std::printf("default data: %s\n", images);
    if (argc > 1 && std::strncmp(images, argv[1], std::strlen(argv[1])) != 0) {
        std::fprintf(stderr,
                     "consumer (C++): the default data came from %s, not from "
                     "the installed %s\n",
                     images, argv[1]);
        return 1;
    }

    mseq_params *params = nullptr;
    if ((rc = mseq_params_new(&params)) != 0)
        return fail_rc("mseq_params_new", rc);
    const int width = 200;
    if ((rc = mseq_params_set(params, MSEQ_PARAM_MIN_SPACING, 2)) != 0 ||
        (rc = mseq_params_set(params, MSEQ_PARAM_MAX_SPACING, 8)) != 0 ||
        (rc = mseq_params_set(params, MSEQ_PARAM_WIDTH, width)) != 0 ||
        (rc = mseq_params_set(params, MSEQ_PARAM_SEED, 7)) != 0)
        return fail_rc("mseq_params_set", rc);
    size_t bytes = 0;
    if ((rc = mseq_image_size(&bytes, ds, params)) != 0)
        return fail_rc("mseq_image_size", rc);
    if (bytes != 28u * width * sizeof(float))
        return fail("unexpected image size");

    std::vector<float> image(bytes / sizeof(float));
    const int digits[] = {3, 5, 0};
    mseq_placement pl[3];
    float scale = 0.0f;
    rc = mseq_generate(image.data(), bytes, pl, &scale, ds, params, digits, 3,
                       0);
    if (rc != 0) return fail_rc("mseq_generate", rc);
    if (scale != 1.0f) return fail("the strip was scaled");
    if (check_image(image, width, pl, digits, 3) != 0) return 1;

    rc = mseq_generate(image.data(), bytes - 1, nullptr, nullptr, ds, params,
                       digits, 3, 0);
    if (rc != MSEQ_EBUFSIZE) return fail("a too-small buffer was not refused");

    mseq_params_free(params);
    mseq_free(ds);
    std::printf("consumer (C++): ok, mnistseq %s\n", mseq_version_string());
    return 0;
}
