// Gradient and texture patterns of the paper (background.hpp).
#include "generate/background.hpp"

#include <algorithm>
#include <cmath>

#include "common/exact_math.hpp"

namespace mseq {

void gradient_pattern(double degrees, size_t rows, size_t width,
                      std::vector<float> &t) {
    double s = 0.0, c = 0.0;
    sin_cos_degrees(degrees, s, c);
    t.assign(rows * width, 0.0f);
    // The projection is linear: its extremes are at the corner pixels.
    const double xs[2] = {0.5, double(width) - 0.5};
    const double ys[2] = {0.5, double(rows) - 0.5};
    double lo = 0.0, hi = 0.0;
    for (size_t a = 0; a < 4; ++a) {
        const double p = xs[a & 1] * c - ys[a >> 1] * s;
        lo = a == 0 ? p : std::min(lo, p);
        hi = a == 0 ? p : std::max(hi, p);
    }
    const double span = hi - lo;
    if (!(span > 0.0)) return;
    for (size_t y = 0; y < rows; ++y) {
        const double py = (double(y) + 0.5) * s;
        float *row = t.data() + y * width;
        for (size_t x = 0; x < width; ++x) {
            const double p = (double(x) + 0.5) * c - py;
            const double v = (p - lo) / span;
            row[x] = static_cast<float>(std::min(1.0, std::max(0.0, v)));
        }
    }
}

namespace {

double smoothstep(double w) { return w * w * (3.0 - 2.0 * w); }

double node(const Stream &stream, uint64_t k) {
    return static_cast<double>(stream.at(k) >> 11) * 0x1.0p-53;
}

}  // namespace

void texture_pattern(const Stream &stream, double scale, size_t rows,
                     size_t width, std::vector<float> &t) {
    t.assign(rows * width, 0.0f);
    const double weights[3] = {4.0 / 7.0, 2.0 / 7.0, 1.0 / 7.0};
    size_t spacing = std::max<size_t>(1, size_t(std::floor(scale)));
    uint64_t base = 0;
    std::vector<double> acc(rows * width, 0.0);
    for (double weight : weights) {
        const size_t sp = spacing;
        const size_t nodes = width / sp + 2;
        const double d = double(sp);
        for (size_t y = 0; y < rows; ++y) {
            const size_t i = y / sp;  // floor(y / sp), exactly
            const double wy = smoothstep(double(y - i * sp) / d);
            const uint64_t r0 = base + uint64_t(i) * nodes;
            const uint64_t r1 = r0 + nodes;
            double *out = acc.data() + y * width;
            for (size_t x = 0; x < width; ++x) {
                const size_t j = x / sp;
                const double wx = smoothstep(double(x - j * sp) / d);
                const double top =
                    node(stream, r0 + j) +
                    wx * (node(stream, r0 + j + 1) - node(stream, r0 + j));
                const double bottom =
                    node(stream, r1 + j) +
                    wx * (node(stream, r1 + j + 1) - node(stream, r1 + j));
                out[x] += weight * (top + wy * (bottom - top));
            }
        }
        base += uint64_t(rows / sp + 2) * nodes;
        spacing = std::max<size_t>(1, spacing / 2);
    }
    for (size_t k = 0; k < acc.size(); ++k) {
        t[k] = static_cast<float>(std::min(1.0, acc[k]));
    }
}

PictureWindow draw_picture_window(const BackgroundImages &pictures,
                                  Stream stream, size_t rows, size_t width) {
    PictureWindow w;
    w.picture = size_t(stream.uniform(pictures.size()));
    const BackgroundImage &p = pictures[w.picture];
    const auto start = [&stream](size_t have, size_t need) {
        return size_t(stream.uniform(have >= need ? have - need + 1 : have));
    };
    w.x0 = start(p.width, width);
    w.y0 = start(p.rows, rows);
    return w;
}

void picture_pattern(const BackgroundImages &pictures, const Stream &stream,
                     size_t rows, size_t width, std::vector<float> &t) {
    const PictureWindow w = draw_picture_window(pictures, stream, rows, width);
    const BackgroundImage &p = pictures[w.picture];
    t.resize(rows * width);
    float level[256];
    for (int g = 0; g < 256; ++g) {
        level[g] = static_cast<float>(255 - g) / 255.0f;
    }
    for (size_t y = 0; y < rows; ++y) {
        const uint8_t *src = p.grey.data() + (w.y0 + y) % p.rows * p.width;
        float *row = t.data() + y * width;
        size_t x = 0, px = w.x0;
        while (x < width) {
            // The longest run of columns before the picture wraps.
            const size_t n = std::min(width - x, p.width - px);
            for (size_t i = 0; i < n; ++i) row[x + i] = level[src[px + i]];
            x += n;
            px = 0;
        }
    }
}

}  // namespace mseq
