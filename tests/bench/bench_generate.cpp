// Generation speed of one image against baselines measured in the same run.
//
// The matrix: {3, 5, 8 digits} x {gaps 0-0, 2-8, 0-10} x {a width where no
// strip is scaled (28n + 10(n - 1)), 160 (the usual width: scaled for
// some strips of 5 digits, all of 8), a width where every strip is scaled
// (16n)} x {float32, uint8}, under the pad fit. Each case is compared with
// two baselines of the same width and format:
//  - memset: a memset of the image's bytes;
//  - unscaled: an unscaled image of that size, with as many digits as fit
//    without gaps (floor(W / 28), at least 1).
// Targets: a float32 case whose strips are never scaled, at most 2.5 x its
// memset ("pad/memset"; uint8 ones are for information: their memset, of
// 4.5 KB, costs less than planning the layout); a case with scaled strips
// (some or all), at most 2 x the unscaled image ("scaled/unscaled").
// A scaled case is also compared, for information, with the same digits,
// gaps and format at the matrix's width where nothing is scaled ("strips
// unscaled"): the same glyphs drawn at their own size, so the ratio is
// what the shrink itself costs (the unscaled image of the same width
// reads fewer glyphs: two or three, where 5 digits into 80 read five).
//
// Every iteration uses the next sample index, so the glyphs (and the
// memory they are read from) vary as in real use: with the training split
// they come from main memory, which a memset does not read. The
// "test_split" and "cached" cases show the same work with the glyphs in the
// last-level cache and in L1/L2 (for information).
//
// Batches (mseq_generate_batch's engine), 1,000 images into one buffer
// (about 18 MB: beyond the caches of most machines, within the last-level
// cache of large servers), and 10,000 (about 180 MB: beyond every cache);
// outputs above half the last-level cache are written with streaming
// stores (stream_threshold()):
//  - 5 digits, gaps 0-5, 160 pixels, float32 (never scaled), 1 thread,
//    against a memset of the same bytes: target <= 2.5 (CPU time);
//  - 5 digits, gaps 0-10, 160 pixels (the mixed case: about half the strips
//    scaled), 1,000 images on 1 and on 2 threads: target 2 threads >= 1.8 x
//    as fast as one (real time); beside it, for information, the same
//    bytes written image by image on 1 and 2 threads, by memset and by
//    streaming stores from a cached image (the memory's scaling);
//  - the mixed case, 64 images (a training batch) on 1 and on 2 threads,
//    for information;
//  - the 1,000 images of the unscaled and of the mixed batch made one by
//    one into the same image, which stays in the caches ("batch_cached/"):
//    the difference is what writing the batch's output costs, printed per
//    image (for information).
//
// Data: the real MNIST, from MNISTSEQ_DATA when set, else the build's data
// folder. After Google Benchmark's table, one line per case (ratios of the
// best CPU times; with --benchmark_repetitions, the best repetition):
//   ratio <target>  <case> [<fit>]: <ratio>  (target ...: met|MISSED)
//         memset x<ratio to memset>  unscaled x<ratio to unscaled>
//         [strips unscaled x<ratio to the same strips unscaled>]
// where <fit> says whether the case's strips are scaled: none, some, all.
// Each benchmark runs for 0.25 s unless --benchmark_min_time says otherwise:
// the whole run takes about a minute and a half (add
// --benchmark_repetitions=3 on a busy machine: the best repetition counts).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "common/stream_copy.hpp"
#include "generate/batch.hpp"
#include "generate/generator.hpp"
#include "generate/params.hpp"
#include "input/source_data.hpp"

namespace {

// What a case's target is.
enum class Target {
    none,      // for information
    memset,    // pad without scaling: <= 2.5 x the memset
    unscaled,  // some strips scaled: <= 2 x the unscaled image of its size
};

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
    Target target = Target::none;
    bool cached = false;  // same index every time: glyphs stay in the caches
    std::string scaled;   // none, some or all strips scaled
    mseq_preset preset = MSEQ_PRESET_NONE;  // augmentation
    bool noise_blur = false;  // whole image: noise_std 0.05, blur_sigma 1
    bool elastic = false;     // elastic alpha 34, sigma 4 (Simard's values)
};

const char *format_name(mseq_format f) {
    return f == MSEQ_FORMAT_U8 ? "u8" : "f32";
}

// The strips of n digits with gaps in [lo, hi] at width w: never, sometimes
// or always scaled.
std::string scaled_strips(size_t n, int64_t lo, int64_t hi, int64_t w) {
    const int64_t narrowest = 28 * int64_t(n) + int64_t(n - 1) * lo;
    const int64_t widest = 28 * int64_t(n) + int64_t(n - 1) * hi;
    if (widest <= w) return "none";
    return narrowest > w ? "all" : "some";
}

Case make_case(const std::string &name, std::vector<int> digits, int64_t lo,
               int64_t hi, int64_t width,
               mseq_format format = MSEQ_FORMAT_F32) {
    Case c;
    c.name = name;
    c.digits = std::move(digits);
    c.min_spacing = lo;
    c.max_spacing = hi;
    c.width = width;
    c.format = format;
    c.scaled = scaled_strips(c.digits.size(), lo, hi, width);
    return c;
}

// The digits of a case of n digits.
std::vector<int> digits_of(size_t n) {
    static const int all[] = {8, 6, 7, 5, 3, 0, 9, 2, 4, 1, 3, 1};
    if (n == 3) return {3, 5, 0};
    if (n == 5) return {3, 1, 4, 1, 5};
    return std::vector<int>(all, all + n);
}

std::string size_name(int64_t width, mseq_format f) {
    return "28x" + std::to_string(width) + "_" + format_name(f);
}

// The matrix, then the cases kept from earlier versions of this benchmark.
const std::vector<Case> &cases() {
    static const std::vector<Case> all = [] {
        std::vector<Case> v;
        const int64_t gaps[][2] = {{0, 0}, {2, 8}, {0, 10}};
        for (size_t n : {3, 5, 8}) {
            const int64_t n64 = int64_t(n);
            const int64_t widths[] = {28 * n64 + 10 * (n64 - 1), 160, 16 * n64};
            for (const auto &g : gaps) {
                for (int64_t w : widths) {
                    for (mseq_format f : {MSEQ_FORMAT_F32, MSEQ_FORMAT_U8}) {
                        const std::string name =
                            std::to_string(n) + "digits_gaps" +
                            std::to_string(g[0]) + "-" + std::to_string(g[1]) +
                            "_" + size_name(w, f);
                        v.push_back(
                            make_case(name, digits_of(n), g[0], g[1], w, f));
                        // The memset target is float32's: a uint8 image's
                        // memset (4.5 KB) costs less than drawing the
                        // layout.
                        Case &c = v.back();
                        c.target = c.scaled != "none"     ? Target::unscaled
                                   : f == MSEQ_FORMAT_F32 ? Target::memset
                                                          : Target::none;
                    }
                }
            }
        }
        // The quick start's image: 350 with gaps 2-8 at 200 pixels.
        v.push_back(make_case("350_28x200_f32", {3, 5, 0}, 2, 8, 200));
        v.back().target = Target::memset;
        // 7 digits filling most of 200 pixels.
        v.push_back(
            make_case("7digits_28x200_f32", {8, 6, 7, 5, 3, 0, 9}, 0, 0, 200));
        v.back().target = Target::memset;
        // For information: 5 digits at 160 with the glyphs from the test
        // split (7.8 MB, which fits a large last-level cache; the training
        // split's 47 MB does not), and with one index repeated (glyphs in
        // L1/L2); 8 digits scaled, likewise; the exact fit.
        v.push_back(make_case("test_split_5digits_gaps0-5_28x160_f32",
                              {3, 1, 4, 1, 5}, 0, 5, 160));
        v.back().split = mseq::Split::test;
        v.push_back(make_case("cached_5digits_gaps0-5_28x160_f32",
                              {3, 1, 4, 1, 5}, 0, 5, 160));
        v.back().cached = true;
        v.push_back(make_case("test_split_8digits_gaps2-8_28x160_f32",
                              digits_of(8), 2, 8, 160));
        v.back().split = mseq::Split::test;
        v.push_back(make_case("cached_8digits_gaps2-8_28x160_f32", digits_of(8),
                              2, 8, 160));
        v.back().cached = true;
        v.push_back(
            make_case("exact_5digits_28x160_f32", {3, 1, 4, 1, 5}, 2, 8, 160));
        v.back().fit = MSEQ_FIT_EXACT;
        v.back().scaled = "none";
        return v;
    }();
    return all;
}

// The baselines' sizes: every (width, format) of a case.
std::vector<std::pair<int64_t, mseq_format>> sizes() {
    std::vector<std::pair<int64_t, mseq_format>> v;
    for (const Case &c : cases()) {
        const std::pair<int64_t, mseq_format> s(c.width, c.format);
        if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
    }
    return v;
}

// The unscaled baseline of a size: floor(W / 28) digits (at least 1), no
// gaps.
Case unscaled_case(int64_t width, mseq_format format) {
    const size_t n = size_t(std::max<int64_t>(1, width / 28));
    std::vector<int> digits(n);
    for (size_t i = 0; i < n; ++i) digits[i] = int((3 + 7 * i) % 10);
    Case c = make_case("unscaled/" + size_name(width, format), digits, 0, 0,
                       width, format);
    return c;
}

const mseq::SourceData &data(mseq::Split split) {
    static const std::string dir = [] {
        const char *env = std::getenv("MNISTSEQ_DATA");
        return std::string(
            env != nullptr && env[0] != '\0' ? env : MNISTSEQ_BENCH_DATA_DIR);
    }();
    if (split == mseq::Split::test) {
        static const mseq::SourceData test =
            mseq::load_source_data(dir, mseq::Split::test);
        return test;
    }
    static const mseq::SourceData train =
        mseq::load_source_data(dir, mseq::Split::train);
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
    p.preset = c.preset;
    if (c.noise_blur) {
        p.noise_std = 0.05;
        p.blur_sigma = 1.0;
    }
    if (c.elastic) {
        p.elastic_alpha = 34.0;
        p.elastic_sigma = 4.0;
    }
    return p;
}

// Augmentation: the realistic case (5 digits, gaps 0-10, width 160) with
// each preset, then medium with an elastic field, in both formats; the
// preset none is its plain baseline.
constexpr size_t kAugmentCases = 5;  // a format's cases

const std::vector<Case> &augment_cases() {
    static const std::vector<Case> all = [] {
        std::vector<Case> v;
        const char *names[] = {"none", "light", "medium", "heavy",
                               "medium+elastic"};
        for (mseq_format f : {MSEQ_FORMAT_U8, MSEQ_FORMAT_F32}) {
            for (size_t k = 0; k < kAugmentCases; ++k) {
                v.push_back(make_case(std::string("augment/") + names[k] +
                                          "/5digits_gaps0-10_" +
                                          size_name(160, f),
                                      {3, 1, 4, 1, 5}, 0, 10, 160, f));
                v.back().preset = static_cast<mseq_preset>(
                    std::min<size_t>(k, MSEQ_PRESET_HEAVY));
                if (k == MSEQ_PRESET_HEAVY + 1) {
                    v.back().preset = MSEQ_PRESET_MEDIUM;
                    v.back().elastic = true;
                }
            }
        }
        return v;
    }();
    return all;
}

// The whole image: Gaussian noise and blur on the same case, in both
// formats (for information; the plain case is augment/none).
const std::vector<Case> &noise_blur_cases() {
    static const std::vector<Case> all = [] {
        std::vector<Case> v;
        for (mseq_format f : {MSEQ_FORMAT_U8, MSEQ_FORMAT_F32}) {
            v.push_back(make_case(
                "whole_image/noise_blur/5digits_gaps0-10_" + size_name(160, f),
                {3, 1, 4, 1, 5}, 0, 10, 160, f));
            v.back().noise_blur = true;
        }
        return v;
    }();
    return all;
}

// Texts: a phone number with its separators, and its digits alone, in the
// same image, wide enough that neither is shrunk (for information: what
// drawing separators costs, with the composite path that their narrower
// cells take).
const char *const kTexts[] = {"012-3456-7890", "01234567890"};

void bm_text(benchmark::State &state, const char *text) {
    const mseq::SourceData &ds = data(mseq::Split::test);
    mseq::Params p;
    p.max_spacing = 6;
    p.width = 420;
    p.format = MSEQ_FORMAT_U8;
    p.seed = 42;
    const size_t bytes = mseq::image_bytes(ds, p);
    std::vector<uint8_t> buf(bytes);
    uint64_t index = 0;
    const size_t length = std::strlen(text);
    for (auto _ : state) {
        mseq::generate_text(ds, p, text, length, index++, buf.data(), bytes,
                            nullptr, nullptr);
        benchmark::DoNotOptimize(buf.data());
        benchmark::ClobberMemory();
    }
}

std::string text_name(const char *text) {
    return std::string("text/") + text + "_gaps0-6_28x420_u8";
}

// `count` images of `c` per iteration, one by one into the same image (in
// the caches), each with the next sample index (index 0 for a cached case).
void bm_images(benchmark::State &state, const Case *c, size_t count) {
    const mseq::SourceData &ds = data(c->split);
    const mseq::Params p = params_of(*c);
    const size_t bytes = mseq::image_bytes(ds, p);
    std::vector<float> buf(bytes / sizeof(float) + 1);
    uint64_t index = 0;
    for (auto _ : state) {
        for (size_t i = 0; i < count; ++i) {
            mseq::generate_one(ds, p, c->digits.data(), c->digits.size(), index,
                               buf.data(), bytes, nullptr, nullptr);
            benchmark::DoNotOptimize(buf.data());
            benchmark::ClobberMemory();
            if (!c->cached) ++index;
        }
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes) *
                            int64_t(count));
}

void bm_generate(benchmark::State &state, const Case *c) {
    bm_images(state, c, 1);
}

// Images per benchmarked batch: kBatch (about 18 MB, in the last-level
// cache of a large server processor but not of a desktop one), and
// kLargeBatch (about 180 MB, larger than any cache).
constexpr size_t kBatch = 1000;
constexpr size_t kLargeBatch = 10000;
// A training step's batch: small enough that starting the workers showed.
constexpr size_t kSmallBatch = 64;

// The batches' images.
const Case &batch_unscaled() {
    static const Case c =
        make_case("5digits_gaps0-5_28x160_f32", {3, 1, 4, 1, 5}, 0, 5, 160);
    return c;
}

const Case &batch_mixed() {
    static const Case c =
        make_case("5digits_gaps0-10_28x160_f32", {3, 1, 4, 1, 5}, 0, 10, 160);
    return c;
}

// A batch of `c`: every iteration the next `count` indexes.
void bm_batch(benchmark::State &state, const Case *c, int threads,
              size_t count) {
    const mseq::SourceData &ds = data(c->split);
    mseq::Params p = params_of(*c);
    p.threads = threads;
    const size_t bytes = mseq::image_bytes(ds, p) * count;
    std::vector<float> buf(bytes / sizeof(float));
    mseq::BatchOutput out;
    out.out = buf.data();
    out.out_size = bytes;
    uint64_t first = 0;
    for (auto _ : state) {
        mseq::generate_batch(ds, p, c->digits.data(), c->digits.size(), first,
                             count, out);
        benchmark::DoNotOptimize(buf.data());
        benchmark::ClobberMemory();
        first += count;
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

void bm_memset(benchmark::State &state, int64_t width, mseq_format format) {
    mseq::Params p;
    p.width = width;
    p.format = format;
    memset_loop(state, mseq::image_bytes(data(mseq::Split::train), p));
}

void bm_memset_batch(benchmark::State &state, size_t count) {
    const Case &c = batch_unscaled();
    memset_loop(state, mseq::image_bytes(data(c.split), params_of(c)) * count);
}

// The mixed batch's output written image by image, its images split
// between `threads` threads started at every iteration as a batch starts
// its workers: the memory's own scaling, beside the batch's (real time).
// With `stream`, each image is streamed from a copy in the thread's cache
// as a batch larger than stream_threshold() writes it ("stream_threads/");
// else one memset each ("memset_threads/").
void bm_write_threads(benchmark::State &state, size_t count, int threads,
                      bool stream) {
    const Case &c = batch_mixed();
    const size_t image = mseq::image_bytes(data(c.split), params_of(c));
    const size_t bytes = image * count;
    std::vector<float> buf(bytes / sizeof(float) + 1);
    auto *base = reinterpret_cast<unsigned char *>(buf.data());
    const size_t parts = size_t(threads);
    int value = 0;
    for (auto _ : state) {
        const int v = value++ & 0xff;
        const auto part = [&](size_t t) {
            std::vector<unsigned char> drawn(stream ? image : 0,
                                             static_cast<unsigned char>(v));
            for (size_t i = count * t / parts; i < count * (t + 1) / parts;
                 ++i) {
                if (stream) {
                    mseq::stream_copy(base + i * image, drawn.data(), image);
                } else {
                    std::memset(base + i * image, v, image);
                }
            }
            if (stream) mseq::stream_fence();
        };
        std::vector<std::thread> others;
        for (size_t t = 1; t < parts; ++t) others.emplace_back(part, t);
        part(0);
        for (std::thread &t : others) t.join();
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

std::string memset_name(int64_t width, mseq_format format) {
    return "memset/" + size_name(width, format);
}

const char *verdict(bool met) { return met ? "met" : "MISSED"; }

// The best real time of `name`/threads:1 over that of `name`/threads:2;
// 0 when either did not run.
double two_thread_speedup(const RatioReporter &reporter,
                          const std::string &name) {
    const double one = reporter.best_real(name + "/threads:1/real_time");
    const double two = reporter.best_real(name + "/threads:2/real_time");
    return one > 0.0 && two > 0.0 ? one / two : 0.0;
}

// The case of the matrix with c's digits, gaps and format whose strips are
// never scaled (null for none).
const Case *unscaled_strips_of(const Case &c) {
    for (const Case &u : cases()) {
        if (u.scaled == "none" && u.digits == c.digits &&
            u.min_spacing == c.min_spacing && u.max_spacing == c.max_spacing &&
            u.format == c.format && u.split == c.split &&
            u.cached == c.cached) {
            return &u;
        }
    }
    return nullptr;
}

// One line per case: its target's ratio, then the ratios to its baselines.
void print_case(const RatioReporter &r, const Case &c) {
    const double gen = r.best("generate/" + c.name);
    const double set = r.best(memset_name(c.width, c.format));
    const double flat = r.best(unscaled_case(c.width, c.format).name);
    if (gen <= 0.0 || set <= 0.0 || flat <= 0.0) return;
    const double to_memset = gen / set;
    const double to_flat = gen / flat;
    char line[512];
    switch (c.target) {
        case Target::memset:
            std::snprintf(line, sizeof line,
                          "ratio pad/memset       %-38s [%-4s]: %6.2f  "
                          "(target <= 2.5: %s)",
                          c.name.c_str(), c.scaled.c_str(), to_memset,
                          verdict(to_memset <= 2.5));
            break;
        case Target::unscaled:
            std::snprintf(line, sizeof line,
                          "ratio scaled/unscaled  %-38s [%-4s]: %6.2f  "
                          "(target <= 2:   %s)",
                          c.name.c_str(), c.scaled.c_str(), to_flat,
                          verdict(to_flat <= 2.0));
            break;
        case Target::none:
            std::snprintf(line, sizeof line,
                          "ratio generate/memset  %-38s [%-4s]: %6.2f  "
                          "(for information)",
                          c.name.c_str(), c.scaled.c_str(), to_memset);
            break;
    }
    std::string strips;
    const Case *twin = c.scaled != "none" ? unscaled_strips_of(c) : nullptr;
    const double own = twin ? r.best("generate/" + twin->name) : -1.0;
    if (own > 0.0) {
        char ratio[64];
        std::snprintf(ratio, sizeof ratio, "  strips unscaled x%.2f",
                      gen / own);
        strips = ratio;
    }
    std::printf("%s  memset x%.2f  unscaled x%.2f%s  (%.2f us)\n", line,
                to_memset, to_flat, strips.c_str(), gen / 1000.0);
}

}  // namespace

int main(int argc, char **argv) {
    try {
        data(mseq::Split::train);
        data(mseq::Split::test);
    } catch (const mseq::Error &e) {
        std::fprintf(stderr, "mnistseq_bench: %s\n", e.what());
        return 1;
    }
    // The baselines first, then the cases.
    static std::vector<Case> unscaled;
    for (const auto &s : sizes())
        unscaled.push_back(unscaled_case(s.first, s.second));
    for (size_t i = 0; i < unscaled.size(); ++i) {
        const Case &u = unscaled[i];
        benchmark::RegisterBenchmark(memset_name(u.width, u.format).c_str(),
                                     bm_memset, u.width, u.format);
        benchmark::RegisterBenchmark(u.name.c_str(), bm_generate, &u);
    }
    for (const Case &c : cases()) {
        benchmark::RegisterBenchmark(("generate/" + c.name).c_str(),
                                     bm_generate, &c);
    }
    for (const Case &c : augment_cases()) {
        benchmark::RegisterBenchmark(c.name.c_str(), bm_generate, &c);
    }
    for (const Case &c : noise_blur_cases()) {
        benchmark::RegisterBenchmark(c.name.c_str(), bm_generate, &c);
    }
    for (const char *text : kTexts) {
        benchmark::RegisterBenchmark(text_name(text).c_str(), bm_text, text);
    }
    for (size_t count : {kBatch, kLargeBatch}) {
        const std::string x = "x" + std::to_string(count);
        benchmark::RegisterBenchmark(
            ("memset_batch/" + batch_unscaled().name + x).c_str(),
            bm_memset_batch, count)
            ->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(
            ("batch/" + batch_unscaled().name + x + "/threads:1").c_str(),
            bm_batch, &batch_unscaled(), 1, count)
            ->Unit(benchmark::kMicrosecond)
            ->UseRealTime();
    }
    for (const Case *c : {&batch_unscaled(), &batch_mixed()}) {
        benchmark::RegisterBenchmark(("batch_cached/" + c->name + "x" +
                                      std::to_string(kBatch) + "/threads:1")
                                         .c_str(),
                                     bm_images, c, kBatch)
            ->Unit(benchmark::kMicrosecond)
            ->UseRealTime();
    }
    for (int threads : {1, 2}) {
        for (size_t count : {kSmallBatch, kBatch}) {
            benchmark::RegisterBenchmark(
                ("batch/" + batch_mixed().name + "x" + std::to_string(count) +
                 "/threads:" + std::to_string(threads))
                    .c_str(),
                bm_batch, &batch_mixed(), threads, count)
                ->Unit(benchmark::kMicrosecond)
                ->UseRealTime();
        }
        for (const bool stream : {false, true}) {
            benchmark::RegisterBenchmark(
                (std::string(stream ? "stream_threads/" : "memset_threads/") +
                 batch_mixed().name + "x" + std::to_string(kBatch) +
                 "/threads:" + std::to_string(threads))
                    .c_str(),
                bm_write_threads, kBatch, threads, stream)
                ->Unit(benchmark::kMicrosecond)
                ->UseRealTime();
        }
    }
    // 0.25 s per benchmark unless told otherwise: the whole run then takes
    // about a minute and a half.
    std::vector<char *> args(argv, argv + argc);
    bool min_time = false;
    for (char *a : args) {
        min_time = min_time || std::strncmp(a, "--benchmark_min_time", 20) == 0;
    }
    static char default_min_time[] = "--benchmark_min_time=0.25";
    if (!min_time) args.push_back(default_min_time);
    argc = int(args.size());
    args.push_back(nullptr);
    argv = args.data();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    std::printf("\n");
    size_t met = 0, targets = 0;
    for (const Case &c : cases()) {
        print_case(reporter, c);
        const double gen = reporter.best("generate/" + c.name);
        if (c.target == Target::none || gen <= 0.0) continue;
        const double base =
            c.target == Target::memset
                ? reporter.best(memset_name(c.width, c.format))
                : reporter.best(unscaled_case(c.width, c.format).name);
        if (base <= 0.0) continue;
        ++targets;
        met += gen / base <= (c.target == Target::memset ? 2.5 : 2.0);
    }
    const Case &u = batch_unscaled();
    for (size_t count : {kBatch, kLargeBatch}) {
        const std::string x = "x" + std::to_string(count);
        const double one =
            reporter.best("batch/" + u.name + x + "/threads:1/real_time");
        const double set = reporter.best("memset_batch/" + u.name + x);
        if (one <= 0.0 || set <= 0.0) continue;
        const double ratio = one / set;
        std::printf(
            "ratio batch/memset     %s x%zu, 1 thread: %.2f  (target <= "
            "2.5: %s)\n",
            u.name.c_str(), count, ratio, verdict(ratio <= 2.5));
        ++targets;
        met += ratio <= 2.5;
    }
    for (const Case *c : {&batch_unscaled(), &batch_mixed()}) {
        const std::string x = "x" + std::to_string(kBatch);
        const double batch =
            reporter.best("batch/" + c->name + x + "/threads:1/real_time");
        const double cached = reporter.best("batch_cached/" + c->name + x +
                                            "/threads:1/real_time");
        const double set = reporter.best("memset_batch/" + u.name + x);
        if (batch <= 0.0 || cached <= 0.0 || set <= 0.0) continue;
        std::printf(
            "output beyond caches   %s %s: %.2f us an image (one image "
            "in cache: %.2f us, %.2f x memset)  (for information)\n",
            c->name.c_str(), x.c_str(), (batch - cached) / double(kBatch),
            cached / double(kBatch), cached / set);
    }
    const std::string mixed = batch_mixed().name + "x";
    const double speedup =
        two_thread_speedup(reporter, "batch/" + mixed + std::to_string(kBatch));
    if (speedup > 0.0) {
        std::printf(
            "speedup batch          %s x%zu, 2 threads / 1 thread: %.2f  "
            "(target >= 1.8: %s)\n",
            batch_mixed().name.c_str(), kBatch, speedup,
            verdict(speedup >= 1.8));
        ++targets;
        met += speedup >= 1.8;
    }
    const double small = two_thread_speedup(
        reporter, "batch/" + mixed + std::to_string(kSmallBatch));
    if (small > 0.0) {
        std::printf(
            "speedup batch          %s x%zu, 2 threads / 1 thread: %.2f  "
            "(for information: a training batch)\n",
            batch_mixed().name.c_str(), kSmallBatch, small);
    }
    for (const char *how : {"memset", "stream"}) {
        const double write =
            two_thread_speedup(reporter, std::string(how) + "_threads/" +
                                             mixed + std::to_string(kBatch));
        if (write > 0.0) {
            std::printf(
                "speedup %-14s the same bytes, 2 threads / 1 thread: %.2f  "
                "(for information: the memory's own scaling)\n",
                how, write);
        }
    }
    // Augmentation: medium <= 10 us a 5-digit image, single-threaded.
    for (size_t i = 0; i < augment_cases().size(); i += kAugmentCases) {
        const double plain = reporter.best(augment_cases()[i].name);
        for (size_t k = i + 1; k < i + kAugmentCases; ++k) {
            const Case &c = augment_cases()[k];
            const double t = reporter.best(c.name);
            if (t <= 0.0 || plain <= 0.0) continue;
            const bool medium = c.preset == MSEQ_PRESET_MEDIUM && !c.elastic;
            std::printf("augmentation           %-50s: %6.2f us  x%.1f plain%s",
                        c.name.c_str(), t / 1000.0, t / plain,
                        medium ? "  (target <= 10 us: " : "\n");
            if (medium) {
                std::printf("%s)\n", verdict(t <= 10000.0));
                ++targets;
                met += t <= 10000.0;
            }
        }
    }
    const double with_separators = reporter.best(text_name(kTexts[0]));
    const double digits_only = reporter.best(text_name(kTexts[1]));
    if (with_separators > 0.0 && digits_only > 0.0) {
        std::printf(
            "text                   %s / %s: %.2f us / %.2f us = x%.2f  (for "
            "information)\n",
            kTexts[0], kTexts[1], with_separators / 1000.0,
            digits_only / 1000.0, with_separators / digits_only);
    }
    std::printf("targets met: %zu of %zu\n", met, targets);
    benchmark::Shutdown();
    return 0;
}
