// Generation speed of one image against a memset of the same output bytes,
// measured in the same run. The target for the pad fit without scaling is at
// most 2.5 times the memset time. Every iteration uses the next sample index,
// so the glyphs (and the memory they are read from) vary as in real use:
// with the training split, each image then reads 5 glyphs (65 cache lines)
// from main memory, which a memset does not; the "test_split" and "cached"
// cases show the same work with the glyphs in the last-level cache and in
// L1/L2.
//
// Data: the real MNIST, from MNISTSEQ_DATA when set, else the build's data
// folder. After the usual table, one line per case (ratio of CPU
// times, best repetition):
//   ratio pad/memset <case>: <generation time / memset time>
// ("generate/memset" for the cases outside the target).
//
// Batches (mseq_generate_batch's engine): kBatch images of the seed's case
// into one buffer, on 1 and on 2 threads, against a memset of the same
// bytes (about 18 MB: the output no longer fits the caches, as in real
// batches). Targets: one thread <= 2.5 x the memset (CPU time), two
// threads >= 1.8 x as fast as one (real time).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "batch.hpp"
#include "dataset.hpp"
#include "error.hpp"
#include "generator.hpp"
#include "params.hpp"

namespace {

// One benchmarked image.
struct Case {
    std::string name;
    std::vector<int> digits;
    int64_t min_spacing = 0;
    int64_t max_spacing = 0;
    int64_t width = 0;
    mseq_format format = MSEQ_FORMAT_F32;
    mseq_fit fit = MSEQ_FIT_PAD;
    mseq::Split split = mseq::Split::train;
    bool target = false;  // pad without scaling: the 2.5x memset target
    bool cached = false;  // same index every time: glyphs stay in the caches
};

Case make_case(const std::string &name, std::vector<int> digits, int64_t lo,
               int64_t hi, int64_t width) {
    Case c;
    c.name = name;
    c.digits = std::move(digits);
    c.min_spacing = lo;
    c.max_spacing = hi;
    c.width = width;
    return c;
}

const std::vector<Case> &cases() {
    static const std::vector<Case> all = [] {
        std::vector<Case> v;
        // The seed's case: 5 digits, 160 pixels, float32.
        v.push_back(
            make_case("seed_5digits_28x160_f32", {3, 1, 4, 1, 5}, 0, 5, 160));
        v.back().target = true;
        // The quick start's image: 350 with gaps 2-8 at 200 pixels.
        v.push_back(make_case("350_28x200_f32", {3, 5, 0}, 2, 8, 200));
        v.back().target = true;
        // 7 digits filling most of 200 pixels.
        v.push_back(
            make_case("7digits_28x200_f32", {8, 6, 7, 5, 3, 0, 9}, 0, 0, 200));
        v.back().target = true;
        // For information. The seed's case with glyphs from the test split
        // (7.8 MB, which fits a large last-level cache; the training split's
        // 47 MB does not), and with one index repeated (glyphs in L1/L2).
        v.push_back(make_case("test_split_seed_5digits_28x160_f32",
                              {3, 1, 4, 1, 5}, 0, 5, 160));
        v.back().split = mseq::Split::test;
        v.push_back(make_case("cached_seed_5digits_28x160_f32", {3, 1, 4, 1, 5},
                              0, 5, 160));
        v.back().cached = true;
        // uint8, exact fit, and a strip scaled down by 0.36.
        v.push_back(
            make_case("seed_5digits_28x160_u8", {3, 1, 4, 1, 5}, 0, 5, 160));
        v.back().format = MSEQ_FORMAT_U8;
        v.push_back(
            make_case("exact_5digits_28x160_f32", {3, 1, 4, 1, 5}, 2, 8, 160));
        v.back().fit = MSEQ_FIT_EXACT;
        v.push_back(make_case("scaled_10digits_28x160_f32",
                              {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 2, 8, 160));
        return v;
    }();
    return all;
}

const mseq::Dataset &data(mseq::Split split) {
    static const std::string dir = [] {
        const char *env = std::getenv("MNISTSEQ_DATA");
        return std::string(
            env != nullptr && env[0] != '\0' ? env : MNISTSEQ_BENCH_DATA_DIR);
    }();
    if (split == mseq::Split::test) {
        static const mseq::Dataset test =
            mseq::load_dataset(dir, mseq::Split::test);
        return test;
    }
    static const mseq::Dataset train =
        mseq::load_dataset(dir, mseq::Split::train);
    return train;
}

mseq::Params params_of(const Case &c) {
    mseq::Params p;
    p.min_spacing = c.min_spacing;
    p.max_spacing = c.max_spacing;
    p.width = c.width;
    p.format = c.format;
    p.fit = c.fit;
    p.seed = 42;
    return p;
}

void bm_generate(benchmark::State &state, const Case *c) {
    const mseq::Dataset &ds = data(c->split);
    const mseq::Params p = params_of(*c);
    const size_t bytes = mseq::image_bytes(ds, p);
    std::vector<float> buf(bytes / sizeof(float) + 1);
    uint64_t index = 0;
    for (auto _ : state) {
        mseq::generate_one(ds, p, c->digits.data(), c->digits.size(), index,
                           buf.data(), bytes, nullptr, nullptr);
        benchmark::DoNotOptimize(buf.data());
        benchmark::ClobberMemory();
        if (!c->cached) ++index;
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes));
}

// Images per benchmarked batch.
constexpr size_t kBatch = 1000;

// The seed's case as a batch: every iteration the next kBatch indexes.
void bm_batch(benchmark::State &state, int threads) {
    const Case &c = cases().front();
    const mseq::Dataset &ds = data(c.split);
    mseq::Params p = params_of(c);
    p.threads = threads;
    const size_t bytes = mseq::image_bytes(ds, p) * kBatch;
    std::vector<float> buf(bytes / sizeof(float));
    mseq::BatchOutput out;
    out.out = buf.data();
    out.out_size = bytes;
    uint64_t first = 0;
    for (auto _ : state) {
        mseq::generate_batch(ds, p, c.digits.data(), c.digits.size(), first,
                             kBatch, out);
        benchmark::DoNotOptimize(buf.data());
        benchmark::ClobberMemory();
        first += kBatch;
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes));
}

// The baseline: a memset of `bytes` bytes per iteration (a changing value,
// so that no iteration can be skipped).
void memset_loop(benchmark::State &state, size_t bytes) {
    std::vector<float> buf(bytes / sizeof(float) + 1);
    int value = 0;
    for (auto _ : state) {
        std::memset(buf.data(), value++ & 0xff, bytes);
        benchmark::DoNotOptimize(buf.data());
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes));
}

void bm_memset_batch(benchmark::State &state) {
    const Case &c = cases().front();
    memset_loop(state, mseq::image_bytes(data(c.split), params_of(c)) * kBatch);
}

void bm_memset(benchmark::State &state, const Case *c) {
    memset_loop(state, mseq::image_bytes(data(c->split), params_of(*c)));
}

// The console output, plus the lowest CPU time seen for each benchmark name
// (CPU time, so that other processes on the machine disturb the ratio less;
// with --benchmark_repetitions the best repetition counts).
class RatioReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run> &runs) override {
        for (const Run &run : runs) {
            if (run.run_type != Run::RT_Iteration || run.iterations == 0) {
                continue;
            }
            const std::string name = run.benchmark_name();
            keep_lowest(best_, name, run.GetAdjustedCPUTime());
            keep_lowest(best_real_, name, run.GetAdjustedRealTime());
        }
        ConsoleReporter::ReportRuns(runs);
    }

    // CPU time of `name`, or a negative value when it did not run.
    double best(const std::string &name) const { return find(best_, name); }
    // Real (wall-clock) time of `name`, likewise.
    double best_real(const std::string &name) const {
        return find(best_real_, name);
    }

private:
    using Times = std::map<std::string, double>;
    static void keep_lowest(Times &times, const std::string &name, double t) {
        auto it = times.find(name);
        if (it == times.end() || t < it->second) times[name] = t;
    }
    static double find(const Times &times, const std::string &name) {
        auto it = times.find(name);
        return it == times.end() ? -1.0 : it->second;
    }
    Times best_;
    Times best_real_;
};

}  // namespace

int main(int argc, char **argv) {
    try {
        data(mseq::Split::train);
        data(mseq::Split::test);
    } catch (const mseq::Error &e) {
        std::fprintf(stderr, "mnistseq_bench: %s\n", e.what());
        return 1;
    }
    for (const Case &c : cases()) {
        benchmark::RegisterBenchmark(("memset/" + c.name).c_str(), bm_memset,
                                     &c);
        benchmark::RegisterBenchmark(("generate/" + c.name).c_str(),
                                     bm_generate, &c);
    }
    benchmark::RegisterBenchmark("memset_batch/seed_5digits_28x160_f32",
                                 bm_memset_batch)
        ->Unit(benchmark::kMicrosecond);
    for (int threads : {1, 2}) {
        benchmark::RegisterBenchmark(
            ("batch/seed_5digits_28x160_f32/threads:" + std::to_string(threads))
                .c_str(),
            bm_batch, threads)
            ->Unit(benchmark::kMicrosecond)
            ->UseRealTime();
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    std::printf("\n");
    for (const Case &c : cases()) {
        const double gen = reporter.best("generate/" + c.name);
        const double set = reporter.best("memset/" + c.name);
        if (gen <= 0.0 || set <= 0.0) continue;
        const double ratio = gen / set;
        std::printf("ratio %s/memset %s: %.2f%s\n",
                    c.target ? "pad" : "generate", c.name.c_str(), ratio,
                    c.target ? (ratio <= 2.5 ? "  (target <= 2.5: met)"
                                             : "  (target <= 2.5: MISSED)")
                             : "  (for information)");
    }
    const std::string batch = "batch/seed_5digits_28x160_f32/threads:";
    const double one = reporter.best(batch + "1/real_time");
    const double set = reporter.best("memset_batch/seed_5digits_28x160_f32");
    if (one > 0.0 && set > 0.0) {
        const double ratio = one / set;
        std::printf(
            "ratio batch/memset seed_5digits_28x160_f32 x%zu, 1 thread: "
            "%.2f  (target <= 2.5: %s)\n",
            kBatch, ratio, ratio <= 2.5 ? "met" : "MISSED");
    }
    const double real1 = reporter.best_real(batch + "1/real_time");
    const double real2 = reporter.best_real(batch + "2/real_time");
    if (real1 > 0.0 && real2 > 0.0) {
        const double speedup = real1 / real2;
        std::printf(
            "speedup batch 2 threads / 1 thread: %.2f  (target >= 1.8: "
            "%s)\n",
            speedup, speedup >= 1.8 ? "met" : "MISSED");
    }
    benchmark::Shutdown();
    return 0;
}
