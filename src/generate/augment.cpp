// Per-digit augmentation of a layout (augment.hpp).
#include "generate/augment.hpp"

#include "generate/elastic.hpp"
#include "generate/rng.hpp"

namespace mseq {
namespace {

// v * (2u - 1) for u uniform in [0, 1) from the module's stream of digit j.
double draw_symmetric(const Params &p, uint64_t index, AugmentModule m,
                      size_t j, double v) {
    Stream stream(p.seed, index, augment_purpose(uint64_t(m), j));
    return v * (2.0 * stream.uniform_double() - 1.0);
}

}  // namespace

bool augmentation_on(const Params &p) {
    return p.rotate != 0.0 || p.shear != 0.0 || p.digit_scale != 0.0 ||
           p.aspect != 0.0 || p.shift_y != 0.0 || p.thickness != 0.0 ||
           p.elastic_alpha != 0.0;
}

DigitWarp draw_warp(const Params &p, uint64_t index, size_t j) {
    DigitWarp w;
    if (p.rotate != 0.0) {
        w.angle = draw_symmetric(p, index, AugmentModule::rotate, j, p.rotate);
    }
    if (p.shear != 0.0) {
        w.shear = draw_symmetric(p, index, AugmentModule::shear, j, p.shear);
    }
    if (p.digit_scale != 0.0) {
        const double f =
            1.0 + draw_symmetric(p, index, AugmentModule::digit_scale, j,
                                 p.digit_scale);
        w.scale_x = f;
        w.scale_y = f;
    }
    if (p.aspect != 0.0) {
        w.scale_x *=
            1.0 + draw_symmetric(p, index, AugmentModule::aspect, j, p.aspect);
    }
    if (p.shift_y != 0.0) {
        w.shift_y =
            draw_symmetric(p, index, AugmentModule::shift_y, j, p.shift_y);
    }
    if (p.thickness != 0.0) {
        w.thickness =
            draw_symmetric(p, index, AugmentModule::thickness, j, p.thickness);
    }
    return w;
}

const double *draw_elastic(const Params &p, uint64_t index, size_t j,
                           size_t rows, size_t cols, ElasticBuffers &b) {
    const size_t n = rows * cols;
    b.noise.resize(2 * n);
    b.field.resize(2 * n);
    Stream stream(p.seed, index,
                  augment_purpose(uint64_t(AugmentModule::elastic), j));
    for (double &v : b.noise) v = 2.0 * stream.uniform_double() - 1.0;
    smooth_field(b.noise.data(), rows, cols, b.kernel, p.elastic_alpha,
                 b.scratch, b.field.data());
    smooth_field(b.noise.data() + n, rows, cols, b.kernel, p.elastic_alpha,
                 b.scratch, b.field.data() + n);
    return b.field.data();
}

void warp_digits(const SourceData &ds, const Params &params, uint64_t index,
                 const Layout &layout, WarpedDigits &out) {
    const size_t rows = ds.rows, cols = ds.cols, n = layout.count;
    SourceData &w = out.ds;
    w.rows = ds.rows;
    w.cols = ds.cols;
    w.pixels.resize(n * rows * cols);
    w.labels.resize(n);
    out.layout = layout;
    const bool elastic = params.elastic_alpha != 0.0;
    if (elastic) out.elastic.kernel = gaussian_kernel(params.elastic_sigma);
    for (size_t j = 0; j < n; ++j) {
        w.labels[j] = uint8_t(layout.label[j]);
        out.layout.glyph[j] = uint32_t(j);
        DigitWarp warp = draw_warp(params, index, j);
        if (elastic) {
            warp.elastic =
                draw_elastic(params, index, j, rows, cols, out.elastic);
        }
        warp_glyph(ds.glyph(layout.glyph[j]), rows, cols, warp, out.scratch,
                   w.pixels.data() + j * rows * cols);
    }
}

}  // namespace mseq
