// The PNG encoder's deflate (output/deflate_rle) against zlib making the
// same bytes in the same run: the zlib stream of each image's filtered rows
// (a 0 filter byte, then the row), Z_RLE, the window libpng would pick;
// deflate_rle given the rows one at a time as the PNG encoder gives them,
// zlib the whole image at once (its fastest way to make those bytes).
//
// Images: 2,000 realistic strips, uint8, test split: the mixed case (5
// digits, gaps 0-10, 28 x 160, about half of them shrunk) and the PNG
// benchmark's varied case (1-5 digits, gaps 2-8, 28 x 200). After Google
// Benchmark's table, one line per case: both times per image and the
// speed-up (the best repetition's CPU time). The two encoders' bytes are
// compared before timing; a difference ends the run with status 1.
//
// Data: MNISTSEQ_DATA when set, else the build's data folder.
#include <benchmark/benchmark.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "mnistseq/mnistseq.h"
#include "output/deflate_rle.hpp"

namespace {

constexpr uint32_t kRows = 28;
constexpr size_t kCount = 2000;

struct Images {
    uint32_t width = 0;
    size_t stride = 0;  // filter byte + row
    std::vector<uint8_t> raw;
    int bits = 15;
};

[[noreturn]] void die(const char *what) {
    std::fprintf(stderr, "bench_deflate: %s: %s\n", what, mseq_last_error());
    std::exit(1);
}

// kCount images of `width` columns, digit counts min_digits..max_digits.
Images make_images(uint32_t width, int min_digits, int max_digits, int gap_min,
                   int gap_max) {
    const char *env = std::getenv("MNISTSEQ_DATA");
    mseq_dataset *ds = nullptr;
    if (mseq_open(
            &ds,
            env != nullptr && env[0] != '\0' ? env : MNISTSEQ_BENCH_DATA_DIR,
            MSEQ_SPLIT_TEST) != 0) {
        die("opening the data");
    }
    mseq_params *p = nullptr;
    if (mseq_params_new(&p) != 0 ||
        mseq_params_set(p, MSEQ_PARAM_MIN_SPACING, gap_min) != 0 ||
        mseq_params_set(p, MSEQ_PARAM_MAX_SPACING, gap_max) != 0 ||
        mseq_params_set(p, MSEQ_PARAM_WIDTH, int64_t(width)) != 0 ||
        mseq_params_set(p, MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8) != 0) {
        die("setting the parameters");
    }
    Images im;
    im.width = width;
    im.stride = size_t(width) + 1;
    im.raw.assign(kCount * kRows * im.stride, 0);
    std::vector<uint8_t> pixels(size_t(kRows) * width);
    for (size_t i = 0; i < kCount; ++i) {
        const int n = min_digits + int(i % size_t(max_digits - min_digits + 1));
        int digits[8];
        for (int k = 0; k < n; ++k)
            digits[k] = int((i * 7 + size_t(k) * 3) % 10);
        if (mseq_generate(pixels.data(), pixels.size(), nullptr, nullptr, ds, p,
                          digits, size_t(n), i) != 0) {
            die("generating");
        }
        uint8_t *img = im.raw.data() + i * kRows * im.stride;
        for (uint32_t r = 0; r < kRows; ++r) {
            std::memcpy(img + r * im.stride + 1, pixels.data() + r * width,
                        width);
        }
    }
    mseq_params_free(p);
    mseq_free(ds);
    // libpng's window: lowered while the data and 262 fit in half of it.
    const size_t size = kRows * im.stride;
    while (im.bits > 9 && size + 262 <= (size_t(1) << (im.bits - 1))) {
        --im.bits;
    }
    return im;
}

const Images &images(const std::string &name) {
    static const Images mixed = make_images(160, 5, 5, 0, 10);
    static const Images varied = make_images(200, 1, 5, 2, 8);
    return name == "mixed" ? mixed : varied;
}

size_t zlib_encode(z_stream &zs, std::vector<uint8_t> &out, const uint8_t *raw,
                   size_t size) {
    deflateReset(&zs);
    zs.next_in = const_cast<uint8_t *>(raw);
    zs.avail_in = uInt(size);
    zs.next_out = out.data();
    zs.avail_out = uInt(out.size());
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
        std::fprintf(stderr, "bench_deflate: zlib failed\n");
        std::exit(1);
    }
    return out.size() - zs.avail_out;
}

struct Zlib {
    z_stream zs{};
    explicit Zlib(int bits) {
        if (deflateInit2(&zs, 6, Z_DEFLATED, bits, 8, Z_RLE) != Z_OK) {
            std::fprintf(stderr, "bench_deflate: deflateInit2 failed\n");
            std::exit(1);
        }
    }
    ~Zlib() { deflateEnd(&zs); }
    Zlib(const Zlib &) = delete;
    Zlib &operator=(const Zlib &) = delete;
};

void check_same_bytes(const std::string &name) {
    const Images &im = images(name);
    const size_t size = kRows * im.stride;
    Zlib z(im.bits);
    std::vector<uint8_t> a(mseq::zlib_rle_bound(size) + 64);
    std::vector<uint8_t> b(a.size());
    for (size_t i = 0; i < kCount; ++i) {
        const uint8_t *raw = im.raw.data() + i * size;
        const size_t na = zlib_encode(z.zs, a, raw, size);
        const size_t nb =
            mseq::zlib_rle_stream(b.data(), raw, size, im.bits, im.stride);
        if (na != nb || std::memcmp(a.data(), b.data(), na) != 0) {
            std::fprintf(stderr, "bench_deflate: %s image %zu differs\n",
                         name.c_str(), i);
            std::exit(1);
        }
    }
}

void bm_zlib(benchmark::State &state, const std::string &name) {
    const Images &im = images(name);
    const size_t size = kRows * im.stride;
    Zlib z(im.bits);
    std::vector<uint8_t> out(mseq::zlib_rle_bound(size) + 64);
    for (auto _ : state) {
        for (size_t i = 0; i < kCount; ++i) {
            benchmark::DoNotOptimize(
                zlib_encode(z.zs, out, im.raw.data() + i * size, size));
        }
    }
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(kCount));
}

void bm_deflate_rle(benchmark::State &state, const std::string &name) {
    const Images &im = images(name);
    const size_t size = kRows * im.stride;
    std::vector<uint8_t> out(mseq::zlib_rle_bound(size));
    for (auto _ : state) {
        for (size_t i = 0; i < kCount; ++i) {
            benchmark::DoNotOptimize(
                mseq::zlib_rle_stream(out.data(), im.raw.data() + i * size,
                                      size, im.bits, im.stride));
        }
    }
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(kCount));
}

// Keeps the best CPU time per benchmark name (us per image).
class BestTimes : public benchmark::ConsoleReporter {
public:
    std::map<std::string, double> best;
    void ReportRuns(const std::vector<Run> &runs) override {
        for (const Run &run : runs) {
            if (run.run_type != Run::RT_Iteration || run.error_occurred ||
                run.iterations == 0) {
                continue;
            }
            const double us = run.cpu_accumulated_time * 1e6 /
                              (double(run.iterations) * double(kCount));
            const std::string &name = run.run_name.function_name;
            const auto it = best.find(name);
            if (it == best.end() || us < it->second) best[name] = us;
        }
        ConsoleReporter::ReportRuns(runs);
    }
};

}  // namespace

int main(int argc, char **argv) {
    benchmark::Initialize(&argc, argv);
    const char *cases[] = {"mixed", "varied"};
    for (const char *c : cases) {
        check_same_bytes(c);
        benchmark::RegisterBenchmark((std::string("zlib/") + c).c_str(),
                                     bm_zlib, std::string(c));
        benchmark::RegisterBenchmark((std::string("deflate_rle/") + c).c_str(),
                                     bm_deflate_rle, std::string(c));
    }
    BestTimes reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    for (const char *c : cases) {
        const double z = reporter.best[std::string("zlib/") + c];
        const double d = reporter.best[std::string("deflate_rle/") + c];
        if (z > 0 && d > 0) {
            std::printf(
                "deflate of one %s image: zlib %.2f us, deflate_rle %.2f us: "
                "%.2f x as fast, the same bytes\n",
                c, z, d, z / d);
        }
    }
    benchmark::Shutdown();
    return 0;
}
