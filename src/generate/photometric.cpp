// Augmentation of the whole image (photometric.hpp).
#include "generate/photometric.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "common/exact_math.hpp"
#include "generate/augment.hpp"
#include "generate/background.hpp"
#include "generate/elastic.hpp"
#include "generate/point_steps.hpp"
#include "generate/render.hpp"

namespace mseq {
namespace {

// The presets' ranges (the tables in mnistseq.h at mseq_preset), in the
// order of PhotometricRanges.
const PhotometricRanges kPresets[] = {
    {},  // none
    // No noise, salt and pepper, blur or gamma: per pixel they cost more
    // than everything else together (mnistseq.h, mseq_preset).
    {0.0, 0.0, 0.0, 0.1, 0.05, 0.0, 0.1, 0.05, 0.05},  // light
    {0.0, 0.0, 0.0, 0.2, 0.1, 0.0, 0.2, 0.1, 0.1},     // medium
    {0.0, 0.0, 0.0, 0.3, 0.2, 0.0, 0.3, 0.2, 0.2},     // heavy
};

double resolve(double own, double preset, double strength) {
    return (own != 0.0 ? own : preset) * strength;
}

// u uniform in [0, 1) from draw k of module m's stream of image `index`.
double draw_unit(const Params &p, uint64_t index, AugmentModule m,
                 uint64_t k = 0) {
    const Stream stream(p.seed, index, augment_purpose(uint64_t(m), 0));
    return static_cast<double>(stream.at(k) >> 11) * 0x1.0p-53;
}

Stream pixel_stream(const Params &p, uint64_t index, AugmentModule m) {
    return Stream(p.seed, index, augment_purpose(uint64_t(m), 1));
}

}  // namespace

PhotometricRanges photometric_preset(mseq_preset preset) {
    const auto i = static_cast<size_t>(preset);
    return i < sizeof kPresets / sizeof kPresets[0] ? kPresets[i]
                                                    : PhotometricRanges{};
}

PhotometricRanges photometric_ranges(const Params &p) {
    const PhotometricRanges pre = photometric_preset(p.preset);
    const double s = p.strength;
    PhotometricRanges r;
    r.noise_std = resolve(p.noise_std, pre.noise_std, s);
    r.salt_pepper = resolve(p.salt_pepper, pre.salt_pepper, s);
    r.blur_sigma = resolve(p.blur_sigma, pre.blur_sigma, s);
    r.contrast = resolve(p.contrast, pre.contrast, s);
    r.brightness = resolve(p.brightness, pre.brightness, s);
    r.gamma = resolve(p.gamma, pre.gamma, s);
    r.ink_level = resolve(p.ink_level, pre.ink_level, s);
    r.paper_level = resolve(p.paper_level, pre.paper_level, s);
    r.background_strength =
        resolve(p.background_strength, pre.background_strength, s);
    return r;
}

bool photometric_on(const Params &p) {
    const PhotometricRanges r = photometric_ranges(p);
    return r.noise_std != 0.0 || r.salt_pepper != 0.0 || r.blur_sigma != 0.0 ||
           r.contrast != 0.0 || r.brightness != 0.0 || r.gamma != 0.0 ||
           r.ink_level != 0.0 || r.paper_level != 0.0 ||
           (p.background != MSEQ_BACKGROUND_FLAT &&
            r.background_strength != 0.0);
}

PhotometricDraw draw_photometric(const Params &p, uint64_t index) {
    const PhotometricRanges r = photometric_ranges(p);
    auto u = [&](AugmentModule m) { return draw_unit(p, index, m); };
    PhotometricDraw d;
    if (r.noise_std != 0.0) d.noise_std = r.noise_std * u(AugmentModule::noise);
    if (r.salt_pepper != 0.0) {
        d.salt_pepper = r.salt_pepper * u(AugmentModule::salt_pepper);
    }
    if (r.blur_sigma != 0.0) {
        d.blur_sigma = r.blur_sigma * u(AugmentModule::blur);
    }
    if (r.contrast != 0.0) {
        d.contrast =
            1.0 + r.contrast * (2.0 * u(AugmentModule::contrast) - 1.0);
    }
    if (r.brightness != 0.0) {
        d.brightness =
            r.brightness * (2.0 * u(AugmentModule::brightness) - 1.0);
    }
    if (r.gamma != 0.0) {
        d.gamma = 1.0 + r.gamma * (2.0 * u(AugmentModule::gamma) - 1.0);
    }
    if (r.ink_level != 0.0) d.ink = r.ink_level * u(AugmentModule::ink_level);
    if (r.paper_level != 0.0) {
        d.paper = 1.0 - r.paper_level * u(AugmentModule::paper_level);
    }
    if (p.background != MSEQ_BACKGROUND_FLAT && r.background_strength != 0.0) {
        d.depth = r.background_strength * u(AugmentModule::background);
        if (p.background == MSEQ_BACKGROUND_GRADIENT) {
            d.direction =
                360.0 * draw_unit(p, index, AugmentModule::background, 1);
        }
    }
    return d;
}

double PolarNormal::next() {
    if (has_spare_) {
        has_spare_ = false;
        return spare_;
    }
    for (;;) {
        const double u1 = 2.0 * stream_.uniform_double() - 1.0;
        const double u2 = 2.0 * stream_.uniform_double() - 1.0;
        const double r = u1 * u1 + u2 * u2;
        if (r == 0.0 || r >= 1.0) continue;
        const double f = std::sqrt(-2.0 * log_portable(r) / r);
        spare_ = u2 * f;
        has_spare_ = true;
        return u1 * f;
    }
}

void apply_levels(float *px, size_t n, double ink, double paper, double depth,
                  const float *t) {
    const auto I = float(ink);
    for (size_t i = 0; i < n; ++i) {
        const double P =
            t == nullptr ? paper : std::max(0.0, paper - depth * double(t[i]));
        px[i] = unit_clamp_f(I + px[i] * float(P - ink));
    }
}

void apply_contrast_brightness(float *px, size_t n, double contrast,
                               double brightness) {
    PointSteps steps;
    steps.set_contrast(contrast, brightness);
    apply_point_steps(px, n, steps, true);
}

void apply_gamma(float *px, size_t n, double gamma) {
    // Most pixels repeat a few values (paper, full ink): the last result
    // of each of 256 slots, keyed by the value's bits, is reused (the same
    // bits as computing it again).
    struct Slot {
        uint32_t bits = 0xffffffffu;  // no float in [0, 1] has these bits
        float out = 0.0f;
    };
    Slot cache[256];
    for (size_t i = 0; i < n; ++i) {
        uint32_t bits = 0;
        std::memcpy(&bits, &px[i], sizeof bits);
        Slot &slot = cache[(bits ^ (bits >> 8) ^ (bits >> 16)) & 255u];
        if (slot.bits != bits) {
            const double v = px[i];
            slot.bits = bits;
            slot.out = v > 0.0
                           ? unit_clamp(exp_portable(gamma * log_portable(v)))
                           : 0.0f;
        }
        px[i] = slot.out;
    }
}

void apply_blur(float *px, size_t rows, size_t width,
                const std::vector<double> &kernel,
                std::vector<double> &scratch) {
    const size_t r = kernel.size() - 1;
    const double *w = kernel.data();
    // One padded line: the values, then r copies of each end's pixel.
    scratch.resize(std::max(width, rows) + 2 * r);
    double *line = scratch.data();
    auto convolve = [&](size_t len, float *first, size_t step) {
        for (size_t k = 0; k < len; ++k) line[r + k] = first[k * step];
        for (size_t k = 0; k < r; ++k) {
            line[k] = line[r];
            line[r + len + k] = line[r + len - 1];
        }
        for (size_t k = 0; k < len; ++k) {
            const double *c = line + r + k;
            double sum = w[0] * c[0];
            for (size_t q = 1; q <= r; ++q) {
                sum += w[q] * (c[-static_cast<ptrdiff_t>(q)] + c[q]);
            }
            first[k * step] = unit_clamp(sum);
        }
    };
    for (size_t y = 0; y < rows; ++y) convolve(width, px + y * width, 1);
    for (size_t x = 0; x < width; ++x) convolve(rows, px + x, width);
}

void apply_noise(float *px, size_t n, double std, PolarNormal &normal) {
    for (size_t i = 0; i < n; ++i) {
        px[i] = unit_clamp(double(px[i]) + std * normal.next());
    }
}

void apply_salt_pepper(float *px, size_t n, double p, Stream &stream) {
    const double half = p / 2.0;
    for (size_t i = 0; i < n; ++i) {
        const double u = stream.uniform_double();
        if (u < half) {
            px[i] = 0.0f;
        } else if (u < p) {
            px[i] = 1.0f;
        }
    }
}

namespace {

// Steps 1 and 2 of draw d as functions of a pixel's value: levels when
// the paper is flat (a pattern's are applied pixel by pixel), contrast and
// brightness.
PointSteps value_steps(const PhotometricDraw &d) {
    PointSteps steps;
    if (d.depth == 0.0 && (d.ink != 0.0 || d.paper != 1.0)) {
        steps.set_levels(d.ink, d.paper);
    }
    if (d.contrast != 1.0 || d.brightness != 0.0) {
        steps.set_contrast(d.contrast, d.brightness);
    }
    return steps;
}

// Whether draw d runs steps 3-6 (any of them).
bool steps_after(const PhotometricDraw &d) {
    return d.gamma != 1.0 || d.blur_sigma >= 0.05 || d.noise_std > 0.0 ||
           d.salt_pepper > 0.0;
}

}  // namespace

std::optional<PointSteps> value_steps_only(const PhotometricDraw &d) {
    if (d.depth != 0.0 || steps_after(d)) return std::nullopt;
    return value_steps(d);
}

PointSteps apply_photometric(const Params &params, uint64_t index,
                             const PhotometricDraw &d, float *px, size_t rows,
                             size_t width, PhotometricBuffers &b) {
    const size_t n = rows * width;
    const float *t = nullptr;
    if (d.depth != 0.0) {
        if (params.background == MSEQ_BACKGROUND_GRADIENT) {
            gradient_pattern(d.direction, rows, width, b.pattern);
        } else if (params.background == MSEQ_BACKGROUND_IMAGE) {
            picture_pattern(
                *params.background_images,
                pixel_stream(params, index, AugmentModule::background), rows,
                width, b.pattern);
        } else {
            texture_pattern(
                pixel_stream(params, index, AugmentModule::background),
                params.texture_scale, rows, width, b.pattern);
        }
        t = b.pattern.data();
    }
    // Levels with a pattern read it pixel by pixel; the rest depends on
    // each pixel's value alone and runs in one pass.
    if (t != nullptr) apply_levels(px, n, d.ink, d.paper, d.depth, t);
    const PointSteps steps = value_steps(d);
    if (!steps_after(d)) return steps;  // for the store
    if (steps.levels || steps.contrast) apply_point_steps(px, n, steps);
    if (d.gamma != 1.0) apply_gamma(px, n, d.gamma);
    // Below sigma 0.05 the outer weights are below e^-200 and the blur
    // changes no float: it is skipped (so a tiny sigma never divides by a
    // variance that underflows to 0).
    if (d.blur_sigma >= 0.05) {
        b.kernel = gaussian_kernel(d.blur_sigma);
        apply_blur(px, rows, width, b.kernel, b.scratch);
    }
    if (d.noise_std > 0.0) {
        PolarNormal normal(pixel_stream(params, index, AugmentModule::noise));
        apply_noise(px, n, d.noise_std, normal);
    }
    if (d.salt_pepper > 0.0) {
        Stream stream = pixel_stream(params, index, AugmentModule::salt_pepper);
        apply_salt_pepper(px, n, d.salt_pepper, stream);
    }
    return PointSteps{};
}

}  // namespace mseq
