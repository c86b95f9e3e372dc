// SourceData writing speed: mseq_write_dataset() producing PNG files and
// WebDataset tar shards on tmpfs, against encoding the same images with
// libpng alone (to memory, and to files), measured in one run. Targets:
// PNG files >= 25,000 files/s per core and >= 0.95x libpng alone writing
// the same images to files; tar shards >= 30,000 images/s per core on the
// mixed case (5 digits, gaps 0-10, width 160: about half of the strips
// are wider than 160 and shrunk).
//
// The images are varied (sample indexes 0..N-1 of random sequences of 1-5
// digits, 28 x 200, gaps 2-8): encoding one image repeatedly would let the
// branch predictors learn it and make zlib look several times faster. Files
// go to /dev/shm (tmpfs), since file creation on ext4 slows sharply for a
// while after many deletions. Two PNG encodings are compared:
//   rle:      zlib's Z_RLE strategy, no row filter (the writer's default,
//             MSEQ_PARAM_PNG_LEVEL -1);
//   level6:   libpng's defaults, zlib level 6 with adaptive row filters
//             (MSEQ_PARAM_PNG_LEVEL 6).
// After the table: files/s per core of each case, the ratio writer/libpng,
// the mean file size of each encoding, the tar rates, and one line per
// target (figure, target, met or MISSED). With --benchmark_repetitions=N
// each rate is the best of the N runs (the machine may be shared).
//
// Per-core rates of one-thread writer runs are images per second of the
// process's CPU time (every thread the library starts counts); two-thread
// rates are per second of real time. On a shared machine, spread the
// repetitions of every case over the same period so that the ratios compare
// like with like: --benchmark_repetitions=4
// --benchmark_enable_random_interleaving=true.
//
//   tests/bench/mnistseq_bench_dataset [--count N] [benchmark flags]
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <png.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "mnistseq/mnistseq.h"

namespace {

size_t g_count = 20000;
constexpr uint32_t kRows = 28, kWidth = 200;

const mseq_dataset *data() {
    static mseq_dataset *ds = [] {
        mseq_dataset *d = nullptr;
        if (mseq_open(&d, nullptr, MSEQ_SPLIT_TRAIN) != MSEQ_OK) {
            std::fprintf(stderr, "mseq_open: %s\n", mseq_last_error());
            std::exit(1);
        }
        return d;
    }();
    return ds;
}

// The cases: "varied" is random sequences of 1-5 digits, gaps 2-8, in
// 28 x 200 (nothing shrunk); "mixed" is the specification's typical case,
// random sequences of 5 digits, gaps 0-10, in 28 x 160.
enum class Case { varied, mixed };

mseq_params *params(int threads, int png_level, Case c = Case::varied) {
    mseq_params *p = nullptr;
    mseq_params_new(&p);
    if (c == Case::mixed) {
        mseq_params_set(p, MSEQ_PARAM_WIDTH, 160);
        mseq_params_set(p, MSEQ_PARAM_MIN_SPACING, 0);
        mseq_params_set(p, MSEQ_PARAM_MAX_SPACING, 10);
        mseq_params_set(p, MSEQ_PARAM_MIN_LENGTH, 5);
        mseq_params_set(p, MSEQ_PARAM_MAX_LENGTH, 5);
    } else {
        mseq_params_set(p, MSEQ_PARAM_WIDTH, kWidth);
        mseq_params_set(p, MSEQ_PARAM_MIN_SPACING, 2);
        mseq_params_set(p, MSEQ_PARAM_MAX_SPACING, 8);
    }
    mseq_params_set(p, MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8);
    mseq_params_set(p, MSEQ_PARAM_THREADS, threads);
    mseq_params_set(p, MSEQ_PARAM_PNG_LEVEL, png_level);
    mseq_params_set(p, MSEQ_PARAM_SHARD_SIZE, 10000);
    return p;
}

// The varied images, generated once.
const std::vector<uint8_t> &images() {
    static const std::vector<uint8_t> all = [] {
        std::vector<uint8_t> v(g_count * kRows * kWidth);
        mseq_params *p = params(0, -1);
        if (mseq_generate_batch(v.data(), v.size(), nullptr, 0, nullptr,
                                nullptr, data(), p, nullptr, 0, 0,
                                g_count) != MSEQ_OK) {
            std::fprintf(stderr, "generate: %s\n", mseq_last_error());
            std::exit(1);
        }
        mseq_params_free(p);
        return v;
    }();
    return all;
}

std::string scratch_root() {
    struct stat st;
    const std::string root =
        stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "";
    const char *tmp = std::getenv("TMPDIR");
    std::string base = !root.empty() ? root : (tmp != nullptr ? tmp : "/tmp");
    std::string templ = base + "/mnistseq-bench-XXXXXX";
    if (mkdtemp(templ.data()) == nullptr) {
        std::perror("mkdtemp");
        std::exit(1);
    }
    return templ;
}

// ---- libpng alone --------------------------------------------------------

void on_write(png_structp png, png_bytep data, size_t length) {
    auto *out = static_cast<std::vector<uint8_t> *>(png_get_io_ptr(png));
    out->insert(out->end(), data, data + length);
}
void on_flush(png_structp) {}

// Encodes one 8-bit gray image with libpng: rle (Z_RLE, filter none) or
// libpng's defaults (level 6, adaptive filters).
void encode(std::vector<uint8_t> &out, const uint8_t *pixels, bool rle) {
    out.clear();
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr,
                                              nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png)) != 0) {
        std::fprintf(stderr, "libpng failed\n");
        std::exit(1);
    }
    png_set_write_fn(png, &out, on_write, on_flush);
    if (rle) {
        png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
        png_set_compression_strategy(png, Z_RLE);
    }
    png_set_IHDR(png, info, kWidth, kRows, 8, PNG_COLOR_TYPE_GRAY,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE,
                 PNG_FILTER_TYPE_BASE);
    png_write_info(png, info);
    for (uint32_t r = 0; r < kRows; ++r) {
        png_write_row(png, pixels + size_t(r) * kWidth);
    }
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
}

void write_file(const std::string &path, const std::vector<uint8_t> &bytes) {
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0 || write(fd, bytes.data(), bytes.size()) !=
                      static_cast<ssize_t>(bytes.size())) {
        std::perror(path.c_str());
        std::exit(1);
    }
    close(fd);
}

std::map<std::string, double> g_bytes_per_file;

void BM_LibpngEncode(benchmark::State &state, bool rle, bool files) {
    const std::vector<uint8_t> &all = images();
    const std::string dir = files ? scratch_root() : "";
    std::vector<uint8_t> out;
    char name[64];
    double bytes = 0;
    for (auto _ : state) {
        bytes = 0;
        for (size_t i = 0; i < g_count; ++i) {
            encode(out, all.data() + i * kRows * kWidth, rle);
            bytes += double(out.size());
            if (files) {
                std::snprintf(name, sizeof name, "/%09zu.png", i);
                write_file(dir + name, out);
            }
        }
        benchmark::DoNotOptimize(out.data());
    }
    if (files) std::filesystem::remove_all(dir);
    g_bytes_per_file[rle ? "rle" : "level6"] = bytes / double(g_count);
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(g_count));
}

// ---- the dataset writer --------------------------------------------------

void BM_WriteDataset(benchmark::State &state, int png_level, int threads,
                     mseq_output output, Case c) {
    images();  // not timed: loads the data set
    mseq_params *p = params(threads, png_level, c);
    for (auto _ : state) {
        state.PauseTiming();
        const std::string dir = scratch_root() + "/ds";
        state.ResumeTiming();
        if (mseq_write_dataset(dir.c_str(), data(), p, nullptr, 0, g_count,
                               output, 0, nullptr, nullptr) != MSEQ_OK) {
            state.SkipWithError(mseq_last_error());
            break;
        }
        state.PauseTiming();
        std::filesystem::remove_all(std::filesystem::path(dir).parent_path());
        state.ResumeTiming();
    }
    mseq_params_free(p);
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(g_count));
}

// The PNG ratio with its two sides interleaved at a fine grain, so that a
// shared machine's changing load weighs on both alike: the writer's job
// (the same images, in shards of 1,000 through the shard API) and libpng
// alone alternate shard by shard, each side's process CPU time summed
// (libpng's files go to a folder of their own on the same file system).
// The ratio is libpng's CPU time over the writer's (begin and finish
// included), reported as the counter "ratio".
double process_cpu_seconds() {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

std::vector<double> g_interleaved_ratio;

void BM_PngRatioInterleaved(benchmark::State &state) {
    const std::vector<uint8_t> &all = images();
    constexpr uint64_t kShard = 1000;
    mseq_params *p = params(1, -1);
    mseq_params_set(p, MSEQ_PARAM_SHARD_SIZE, kShard);
    std::vector<uint8_t> out;
    char name[64];
    for (auto _ : state) {
        state.PauseTiming();
        const std::string root = scratch_root();
        const std::string dir = root + "/ds", plain = root + "/plain";
        mkdir(plain.c_str(), 0777);
        state.ResumeTiming();
        double writer = 0, libpng = 0, t = process_cpu_seconds();
        mseq_writer *w = nullptr;
        if (mseq_writer_new(&w, dir.c_str(), data(), p, nullptr, 0, g_count,
                            MSEQ_OUTPUT_PNG) != MSEQ_OK ||
            mseq_writer_begin(w, 0) != MSEQ_OK) {
            state.SkipWithError(mseq_last_error());
            break;
        }
        writer += process_cpu_seconds() - t;
        uint64_t shards = 0;
        mseq_writer_shard_count(&shards, w);
        for (uint64_t k = 0; k < shards; ++k) {
            t = process_cpu_seconds();
            for (uint64_t i = k * kShard;
                 i < std::min(g_count, (k + 1) * kShard); ++i) {
                encode(out, all.data() + i * kRows * kWidth, true);
                std::snprintf(name, sizeof name, "/%09llu.png",
                              static_cast<unsigned long long>(i));
                write_file(plain + name, out);
            }
            libpng += process_cpu_seconds() - t;
            t = process_cpu_seconds();
            if (mseq_writer_write_shard(w, k, nullptr, nullptr) != MSEQ_OK) {
                state.SkipWithError(mseq_last_error());
                break;
            }
            writer += process_cpu_seconds() - t;
        }
        t = process_cpu_seconds();
        mseq_writer_finish(w);
        mseq_writer_free(w);
        writer += process_cpu_seconds() - t;
        g_interleaved_ratio.push_back(libpng / writer);
        state.counters["ratio"] = libpng / writer;
        state.PauseTiming();
        std::filesystem::remove_all(root);
        state.ResumeTiming();
    }
    mseq_params_free(p);
}

// In memory: the batch generator alone (for the numpy + Pillow comparison,
// see numpy_pillow_baseline.py).
void BM_GenerateBatch(benchmark::State &state) {
    std::vector<uint8_t> out(g_count * kRows * kWidth);
    mseq_params *p = params(1, -1);
    for (auto _ : state) {
        mseq_generate_batch(out.data(), out.size(), nullptr, 0, nullptr,
                            nullptr, data(), p, nullptr, 0, 0, g_count);
        benchmark::DoNotOptimize(out.data());
    }
    mseq_params_free(p);
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(g_count));
}

// Collects the rate of each run for the summary: images per second of the
// calling thread's CPU time for one-thread cases (robust against other
// processes on the machine), per second of real time for threaded ones.
class Collector : public benchmark::ConsoleReporter {
public:
    std::map<std::string, double> rate;
    void ReportRuns(const std::vector<Run> &runs) override {
        for (const Run &run : runs) {
            if (run.run_type != Run::RT_Iteration || run.error_occurred) {
                continue;
            }
            const std::string &name = run.run_name.function_name;
            const double seconds = name.find("2threads") != std::string::npos
                                       ? run.real_accumulated_time
                                       : run.cpu_accumulated_time;
            // Best of the repetitions.
            if (seconds > 0) {
                const double r =
                    double(run.iterations) * double(g_count) / seconds;
                rate[name] = std::max(rate[name], r);
            }
        }
        ConsoleReporter::ReportRuns(runs);
    }
};

}  // namespace

int main(int argc, char **argv) {
    std::vector<char *> args;
    for (int i = 0; i < argc; ++i) {
        if (std::strcmp(argv[i], "--count") == 0 && i + 1 < argc) {
            g_count = std::strtoul(argv[++i], nullptr, 10);
        } else {
            args.push_back(argv[i]);
        }
    }
    int n = static_cast<int>(args.size());
    benchmark::RegisterBenchmark("libpng_rle_memory", BM_LibpngEncode, true,
                                 false)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(2);
    benchmark::RegisterBenchmark("libpng_level6_memory", BM_LibpngEncode, false,
                                 false)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(2);
    benchmark::RegisterBenchmark("libpng_rle_files", BM_LibpngEncode, true,
                                 true)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(2);
    // Writer runs: one thread per CPU second of the whole process, two
    // threads per real second.
    const auto writer = [](const char *name, int level, int threads,
                           mseq_output output, Case c) {
        auto *b = benchmark::RegisterBenchmark(name, BM_WriteDataset, level,
                                               threads, output, c);
        b->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();
        if (threads == 1) b->MeasureProcessCPUTime();
    };
    writer("dataset_png_rle_1thread", -1, 1, MSEQ_OUTPUT_PNG, Case::varied);
    writer("dataset_png_level6_1thread", 6, 1, MSEQ_OUTPUT_PNG, Case::varied);
    writer("dataset_png_rle_2threads", -1, 2, MSEQ_OUTPUT_PNG, Case::varied);
    writer("dataset_tar_mixed_1thread", -1, 1, MSEQ_OUTPUT_TAR, Case::mixed);
    writer("dataset_tar_mixed_2threads", -1, 2, MSEQ_OUTPUT_TAR, Case::mixed);
    writer("dataset_tar_varied_1thread", -1, 1, MSEQ_OUTPUT_TAR, Case::varied);
    writer("dataset_tar_varied_2threads", -1, 2, MSEQ_OUTPUT_TAR, Case::varied);
    benchmark::RegisterBenchmark("png_ratio_interleaved",
                                 BM_PngRatioInterleaved)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(3)
        ->MeasureProcessCPUTime();
    benchmark::RegisterBenchmark("generate_batch_memory_1thread",
                                 BM_GenerateBatch)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(3);
    benchmark::Initialize(&n, args.data());
    Collector collector;
    benchmark::RunSpecifiedBenchmarks(&collector);
    benchmark::Shutdown();

    auto r = [&](const char *name) {
        auto it = collector.rate.find(name);
        return it == collector.rate.end() ? 0.0 : it->second;
    };
    std::printf(
        "\n%zu varied 28x%u images; one-thread rates per CPU second, "
        "2 threads per real second\n",
        g_count, kWidth);
    std::printf(
        "files/s per core: writer rle %.0f, writer level6 %.0f, "
        "writer rle 2 threads %.0f (%.0f per core)\n",
        r("dataset_png_rle_1thread"), r("dataset_png_level6_1thread"),
        r("dataset_png_rle_2threads"), r("dataset_png_rle_2threads") / 2);
    std::printf(
        "libpng alone: rle %.0f/s in memory, %.0f/s to files; "
        "level6 %.0f/s in memory\n",
        r("libpng_rle_memory"), r("libpng_rle_files"),
        r("libpng_level6_memory"));
    if (r("libpng_rle_files") > 0) {
        std::printf("ratio writer/libpng-alone (rle, files, 1 core): %.2f\n",
                    r("dataset_png_rle_1thread") / r("libpng_rle_files"));
    }
    if (r("libpng_level6_memory") > 0) {
        std::printf("ratio rle/level6 encoding speed (libpng, memory): %.2f\n",
                    r("libpng_rle_memory") / r("libpng_level6_memory"));
    }
    std::printf("mean PNG size: rle %.0f bytes, level6 %.0f bytes\n",
                g_bytes_per_file["rle"], g_bytes_per_file["level6"]);
    std::printf("target >= 25000 files/s per core: %s\n",
                r("dataset_png_rle_1thread") >= 25000 ? "met" : "NOT met");
    std::printf(
        "tar shards, images/s: mixed (5 digits, gaps 0-10, 28x160) %.0f per "
        "core, %.0f on 2 threads; varied (1-5 digits, 28x200) %.0f per "
        "core, %.0f on 2 threads\n",
        r("dataset_tar_mixed_1thread"), r("dataset_tar_mixed_2threads"),
        r("dataset_tar_varied_1thread"), r("dataset_tar_varied_2threads"));
    const auto target = [](const char *what, double figure, double want,
                           const char *unit) {
        std::printf("target: %s %.2f%s, target >= %.2f%s: %s\n", what, figure,
                    unit, want, unit, figure >= want ? "met" : "MISSED");
    };
    target("tar shards, mixed case, images/s per core",
           r("dataset_tar_mixed_1thread"), 30000, "");
    if (r("libpng_rle_files") > 0) {
        target("PNG files, writer / libpng alone (rle, files, 1 core)",
               r("dataset_png_rle_1thread") / r("libpng_rle_files"), 0.95, "x");
    }
    if (!g_interleaved_ratio.empty()) {
        std::sort(g_interleaved_ratio.begin(), g_interleaved_ratio.end());
        std::printf(
            "PNG writer / libpng alone interleaved shard by shard: median "
            "%.2f of %zu runs (%.2f-%.2f)\n",
            g_interleaved_ratio[g_interleaved_ratio.size() / 2],
            g_interleaved_ratio.size(), g_interleaved_ratio.front(),
            g_interleaved_ratio.back());
        target("PNG files, writer / libpng alone, interleaved (median)",
               g_interleaved_ratio[g_interleaved_ratio.size() / 2], 0.95, "x");
    }
    return 0;
}
