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
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

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

void bm_memset(benchmark::State &state, const Case *c) {
    const size_t bytes = mseq::image_bytes(data(c->split), params_of(*c));
    std::vector<float> buf(bytes / sizeof(float) + 1);
    int value = 0;
    for (auto _ : state) {
        std::memset(buf.data(), value++ & 0xff, bytes);
        benchmark::DoNotOptimize(buf.data());
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes));
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
            const double t = run.GetAdjustedCPUTime();
            auto it = best_.find(name);
            if (it == best_.end() || t < it->second) best_[name] = t;
        }
        ConsoleReporter::ReportRuns(runs);
    }

    // Time of `name`, or a negative value when it did not run.
    double best(const std::string &name) const {
        auto it = best_.find(name);
        return it == best_.end() ? -1.0 : it->second;
    }

private:
    std::map<std::string, double> best_;
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
    benchmark::Shutdown();
    return 0;
}
