// Fuzz harness for the users' pictures (background_image.hpp): any bytes
// as a PNG file. Reading either succeeds or throws mseq::Error with
// MSEQ_EFORMAT (not a PNG, damaged) or MSEQ_ERANGE (too large), its
// message naming the file. A picture read keeps its promises: sides of at
// least 1, one grey per pixel, the SHA-256 of the bytes, and a pattern of
// the image's size with values in [0, 1] for windows cropped and tiled.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/sha256.hpp"
#include "fuzz_support.hpp"
#include "generate/background.hpp"
#include "generate/rng.hpp"
#include "input/background_image.hpp"
#include "mnistseq/mnistseq.h"

namespace {

// The input as a file of this process's own.
std::string input_file(const uint8_t *data, size_t size) {
    const char *tmp = std::getenv("TMPDIR");
    const std::string path =
        std::string(tmp != nullptr && *tmp ? tmp : "/tmp") +
        "/mnistseq-fuzz-picture-" + std::to_string(getpid()) + ".png";
    FILE *f = std::fopen(path.c_str(), "wb");
    fuzz::check(f != nullptr, "cannot write the input file");
    fuzz::check(std::fwrite(data, 1, size, f) == size, "short write");
    std::fclose(f);
    return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > (size_t(1) << 20)) return 0;
    const std::string path = input_file(data, size);
    try {
        const mseq::BackgroundImage p = mseq::read_background_image(path);
        fuzz::check(p.rows >= 1 && p.width >= 1, "a picture with no pixel");
        fuzz::check(p.grey.size() == p.rows * p.width,
                    "not one grey per pixel");
        fuzz::check(p.sha256 == mseq::sha256_hex(data, size),
                    "the digest is not the bytes'");
        const mseq::BackgroundImages pictures = {p};
        std::vector<float> t;
        for (size_t rows : {size_t(1), size_t(28)}) {
            mseq::picture_pattern(pictures,
                                  mseq::Stream(size, rows, mseq::Purpose::gap),
                                  rows, 160, t);
            fuzz::check(t.size() == rows * 160, "a pattern of another size");
            for (float v : t) {
                fuzz::check(v >= 0.0f && v <= 1.0f, "a value outside [0, 1]");
            }
        }
    } catch (const mseq::Error &e) {
        fuzz::check(e.code() == MSEQ_EFORMAT || e.code() == MSEQ_ERANGE,
                    "an error other than EFORMAT or ERANGE");
        fuzz::check(std::string(e.what()).find(path) != std::string::npos,
                    "the message does not name the file");
    }
    std::remove(path.c_str());
    return 0;
}
