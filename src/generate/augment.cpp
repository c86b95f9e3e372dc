// Per-digit augmentation of a layout (augment.hpp).
#include "generate/augment.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <string>

#include "common/error.hpp"
#include "common/exact_math.hpp"
#include "generate/elastic.hpp"
#include "generate/rng.hpp"

namespace mseq {
namespace {

// v * (2u - 1) for u uniform in [0, 1) from the module's stream of digit j.
double draw_symmetric(uint64_t seed, uint64_t index, AugmentModule m, size_t j,
                      double v) {
    Stream stream(seed, index, augment_purpose(uint64_t(m), j));
    return v * (2.0 * stream.uniform_double() - 1.0);
}

// The presets' ranges (the table in mnistseq.h at mseq_preset).
const AugmentRanges kPresets[] = {
    {},                                  // none
    {5.0, 5.0, 0.05, 0.05, 1.0, 0.3},    // light
    {10.0, 12.0, 0.10, 0.10, 2.0, 0.6},  // medium
    {20.0, 20.0, 0.20, 0.15, 3.0, 1.0},  // heavy
};

double resolve(double own, double preset, double strength) {
    return (own != 0.0 ? own : preset) * strength;
}

DigitWarp draw_warp(const AugmentRanges &r, uint64_t seed, uint64_t index,
                    size_t j) {
    auto draw = [&](AugmentModule m, double v) {
        return draw_symmetric(seed, index, m, j, v);
    };
    DigitWarp w;
    if (r.rotate != 0.0) w.angle = draw(AugmentModule::rotate, r.rotate);
    if (r.shear != 0.0) w.shear = draw(AugmentModule::shear, r.shear);
    if (r.digit_scale != 0.0) {
        const double f = 1.0 + draw(AugmentModule::digit_scale, r.digit_scale);
        w.scale_x = f;
        w.scale_y = f;
    }
    if (r.aspect != 0.0) {
        w.scale_x *= 1.0 + draw(AugmentModule::aspect, r.aspect);
    }
    if (r.shift_y != 0.0) w.shift_y = draw(AugmentModule::shift_y, r.shift_y);
    if (r.thickness != 0.0) {
        w.thickness = draw(AugmentModule::thickness, r.thickness);
    }
    return w;
}

}  // namespace

AugmentRanges preset_ranges(mseq_preset preset) {
    const auto i = static_cast<size_t>(preset);
    return i < sizeof kPresets / sizeof kPresets[0] ? kPresets[i]
                                                    : AugmentRanges{};
}

AugmentRanges augment_ranges(const Params &p) {
    const AugmentRanges pre = preset_ranges(p.preset);
    const double s = p.strength;
    AugmentRanges r;
    r.rotate = resolve(p.rotate, pre.rotate, s);
    r.shear = resolve(p.shear, pre.shear, s);
    r.digit_scale = resolve(p.digit_scale, pre.digit_scale, s);
    r.aspect = resolve(p.aspect, pre.aspect, s);
    r.shift_y = resolve(p.shift_y, pre.shift_y, s);
    r.thickness = resolve(p.thickness, pre.thickness, s);
    r.elastic_alpha = p.elastic_alpha * s;    // no preset sets it
    r.baseline_slope = p.baseline_slope * s;  // nor these
    r.wave_amplitude = p.wave_amplitude * s;
    return r;
}

bool augmentation_on(const Params &p) {
    const AugmentRanges r = augment_ranges(p);
    return r.rotate != 0.0 || r.shear != 0.0 || r.digit_scale != 0.0 ||
           r.aspect != 0.0 || r.shift_y != 0.0 || r.thickness != 0.0 ||
           r.elastic_alpha != 0.0 || r.baseline_slope != 0.0 ||
           r.wave_amplitude != 0.0;
}

bool baseline_on(const Params &p) {
    const AugmentRanges r = augment_ranges(p);
    return r.baseline_slope != 0.0 || r.wave_amplitude != 0.0;
}

Baseline draw_baseline(const Params &p, uint64_t index) {
    const AugmentRanges r = augment_ranges(p);
    Baseline b;
    b.period = p.wave_period;
    if (r.baseline_slope != 0.0) {
        b.slope = draw_symmetric(p.seed, index, AugmentModule::baseline_slope,
                                 0, r.baseline_slope);
        double s = 0.0, c = 1.0;
        sin_cos_degrees(b.slope, s, c);
        b.tan_slope = s / c;  // |theta| <= 45: c >= 0.7
    }
    if (r.wave_amplitude != 0.0) {
        if (!(p.wave_period >= 8.0 &&
              p.wave_period <= double(MSEQ_MAX_WIDTH))) {
            throw Error(MSEQ_EINVAL, "wave_period outside 8.." +
                                         std::to_string(MSEQ_MAX_WIDTH) +
                                         " (MSEQ_PARAM_WAVE_PERIOD)");
        }
        Stream stream(p.seed, index,
                      augment_purpose(uint64_t(AugmentModule::wave), 0));
        b.amplitude = r.wave_amplitude * stream.uniform_double();
        b.phase = 360.0 * stream.uniform_double();
    }
    return b;
}

double baseline_offset(const Baseline &b, const Layout &layout, size_t j) {
    const double x = double(layout.cell_x[j]) + 0.5 * double(layout.cols);
    double dy = 0.0;
    if (b.tan_slope != 0.0) {
        dy = -b.tan_slope * (x - 0.5 * double(layout.strip));
    }
    if (b.amplitude != 0.0) {
        // x >= 0: fmod is exact, the angle in [0, 720) before the reduction.
        double angle = 360.0 * std::fmod(x, b.period) / b.period + b.phase;
        if (angle >= 360.0) angle -= 360.0;
        double s = 0.0, c = 1.0;
        sin_cos_degrees(angle, s, c);
        dy += b.amplitude * s;
    }
    return dy;
}

DigitWarp draw_warp(const Params &params, uint64_t index, size_t j) {
    return draw_warp(augment_ranges(params), params.seed, index, j);
}

const float *draw_elastic(const Params &p, uint64_t index, size_t j,
                          size_t rows, size_t cols, ElasticBuffers &b) {
    const size_t n = rows * cols;
    b.noise.resize(2 * n);
    b.field.resize(2 * n);
    const Stream stream(p.seed, index,
                        augment_purpose(uint64_t(AugmentModule::elastic), j));
    float *noise = b.noise.data();
    elastic_noise(stream, 2 * n, noise);
    const double alpha = augment_ranges(p).elastic_alpha;
    smooth_field(noise, rows, cols, b.kernel, alpha, b.scratch, b.field.data());
    smooth_field(noise + n, rows, cols, b.kernel, alpha, b.scratch,
                 b.field.data() + n);
    return b.field.data();
}

namespace {

// A hint that p will be read soon.
inline void prefetch(const void *p) {
#if defined(__GNUC__)
    __builtin_prefetch(p);
#else
    static_cast<void>(p);
#endif
}

}  // namespace

void warp_digits(const SourceData &ds, const Params &params, uint64_t index,
                 const Layout &layout, WarpedDigits &out) {
    const size_t rows = ds.rows, cols = ds.cols, n = layout.count;
    SourceData &w = out.ds;
    w.rows = ds.rows;
    w.cols = ds.cols;
    w.pixels.resize(n * rows * cols);
    w.labels.resize(n);
    copy_layout(layout, out.layout);
    const AugmentRanges ranges = augment_ranges(params);
    const bool elastic = ranges.elastic_alpha != 0.0;
    if (elastic) out.elastic.kernel = gaussian_kernel(params.elastic_sigma);
    const bool level = !baseline_on(params);
    const Baseline baseline = level ? Baseline{} : draw_baseline(params, index);
    // The glyphs sit at random places in source data larger than the
    // caches: ask for all of their lines at once, before the first is read.
    // From the store, their cropped ink (about half the bytes) and its box.
    const bool store = ds.has_store();
    const auto box_of = [&](size_t j) {
        GlyphBox g;
        const InkBox &b = ds.store.boxes[layout.glyph[j]];
        g.ink = ds.store.box_ink(layout.glyph[j]);
        g.left = b.left;
        g.top = b.top;
        g.width = b.width;
        g.height = b.height;
        return g;
    };
    for (size_t j = 0; j < n; ++j) {
        const uint8_t *g = ds.glyph(layout.glyph[j]);
        size_t bytes = rows * cols;
        if (store) {
            const GlyphBox box = box_of(j);
            g = box.ink;
            bytes = box.width * box.height;
        }
        for (size_t i = 0; i < bytes; i += 64) prefetch(g + i);
        if (bytes != 0) prefetch(g + bytes - 1);
    }
    for (size_t j = 0; j < n; ++j) {
        w.labels[j] = uint8_t(layout.label[j]);
        out.layout.glyph[j] = uint32_t(j);
        DigitWarp warp = draw_warp(ranges, params.seed, index, j);
        if (!level) warp.shift_y += baseline_offset(baseline, layout, j);
        if (elastic) {
            warp.elastic =
                draw_elastic(params, index, j, rows, cols, out.elastic);
        }
        uint8_t *to = w.pixels.data() + j * rows * cols;
        if (store) {
            warp_glyph_box(box_of(j), rows, cols, warp, out.scratch, to);
        } else {
            warp_glyph(ds.glyph(layout.glyph[j]), rows, cols, warp, out.scratch,
                       to);
        }
    }
}

}  // namespace mseq
