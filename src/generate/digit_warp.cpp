// One digit's distortion (digit_warp.hpp).
#include "generate/digit_warp.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "common/exact_math.hpp"

namespace mseq {
namespace {

// A weighted offset of the thickness kernel.
struct Tap {
    int dx, dy;
    double w;
};

// The offsets with w(d) = clamp(r + 1 - d, 0, 1) > 0, r = |t|.
std::vector<Tap> kernel(double r) {
    std::vector<Tap> taps;
    const int reach = static_cast<int>(std::ceil(r));
    for (int dy = -reach; dy <= reach; ++dy) {
        for (int dx = -reach; dx <= reach; ++dx) {
            // sqrt is correctly rounded by IEEE 754: the same everywhere.
            const double d = std::sqrt(double(dx * dx + dy * dy));
            const double w = std::min(1.0, r + 1.0 - d);
            if (w > 0.0) taps.push_back({dx, dy, w});
        }
    }
    return taps;
}

uint8_t round_ink(double v) {
    if (v <= 0.0) return 0;
    if (v >= 255.0) return 255;
    return static_cast<uint8_t>(v + 0.5);
}

// Dilation of ink (erode false) or of its complement (erode true).
void morph(const uint8_t *in, size_t rows, size_t cols, double r, bool erode,
           uint8_t *out) {
    const std::vector<Tap> taps = kernel(r);
    const int h = static_cast<int>(rows), w = static_cast<int>(cols);
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            double best = 0.0;
            for (const Tap &t : taps) {
                const int sx = x + t.dx, sy = y + t.dy;
                int g = 0;
                if (sx >= 0 && sx < w && sy >= 0 && sy < h) {
                    g = in[size_t(sy) * cols + size_t(sx)];
                }
                const double v = t.w * double(erode ? 255 - g : g);
                best = std::max(best, v);
            }
            const uint8_t m = round_ink(best);
            out[size_t(y) * cols + size_t(x)] =
                erode ? static_cast<uint8_t>(255 - m) : m;
        }
    }
}

uint64_t total_ink(const uint8_t *p, size_t n) {
    uint64_t sum = 0;
    for (size_t i = 0; i < n; ++i) sum += p[i];
    return sum;
}

}  // namespace

bool is_identity(const DigitWarp &w) {
    return w.angle == 0.0 && w.shear == 0.0 && w.scale_x == 1.0 &&
           w.scale_y == 1.0 && w.shift_y == 0.0 && w.thickness == 0.0 &&
           w.elastic == nullptr;
}

void change_thickness(const uint8_t *in, size_t rows, size_t cols, double t,
                      uint8_t *out) {
    const size_t n = rows * cols;
    if (t > 0.0) {
        morph(in, rows, cols, t, false, out);
        return;
    }
    const uint64_t before = total_ink(in, n);
    double r = -t;
    for (int attempt = 0; attempt <= 4 && r > 0.0; ++attempt, r /= 2.0) {
        morph(in, rows, cols, r, true, out);
        if (total_ink(out, n) * 4 >= before) return;
    }
    std::memcpy(out, in, n);
}

void affine_glyph(const uint8_t *in, size_t rows, size_t cols,
                  const DigitWarp &warp, uint8_t *out) {
    double s = 0.0, c = 1.0, ss = 0.0, sc = 1.0;
    sin_cos_degrees(warp.angle, s, c);
    sin_cos_degrees(warp.shear, ss, sc);
    const double tan_shear = ss / sc;
    // M = R * Sh * S with R = [[c, s], [-s, c]] (anticlockwise on screen,
    // rows growing down), Sh = [[1, -tan], [0, 1]] (the top leans right),
    // S = diag(sx, sy). Its inverse S^-1 * Sh^-1 * R^-1:
    //   R^-1 = [[c, -s], [s, c]], Sh^-1 = [[1, tan], [0, 1]].
    const double r00 = c, r01 = -s, r10 = s, r11 = c;
    const double h00 = r00 + tan_shear * r10, h01 = r01 + tan_shear * r11;
    const double m00 = h00 / warp.scale_x, m01 = h01 / warp.scale_x;
    const double m10 = r10 / warp.scale_y, m11 = r11 / warp.scale_y;
    const double cx = double(cols) / 2.0, cy = double(rows) / 2.0;
    const long w = long(cols), h = long(rows);
    auto ink = [&](long x, long y) -> double {
        if (x < 0 || x >= w || y < 0 || y >= h) return 0.0;
        return in[size_t(y) * cols + size_t(x)];
    };
    const double *dx = warp.elastic;
    const double *dy = dx != nullptr ? dx + rows * cols : nullptr;
    for (long y = 0; y < h; ++y) {
        const double row_y = double(y) + 0.5;
        for (long x = 0; x < w; ++x) {
            // p + d(p), then relative to the centre and the shift.
            double ex = double(x) + 0.5, ey = row_y;
            if (dx != nullptr) {
                const size_t i = size_t(y) * cols + size_t(x);
                ex += dx[i];
                ey += dy[i];
            }
            const double px = ex - cx;
            const double py = ey - cy - warp.shift_y;
            const double qx = m00 * px + m01 * py + cx - 0.5;
            const double qy = m10 * px + m11 * py + cy - 0.5;
            const double fx0 = std::floor(qx), fy0 = std::floor(qy);
            double v = 0.0;
            // Far outside the glyph: no ink (and no overflow in the casts).
            if (fx0 > -2.0 && fx0 < double(w) && fy0 > -2.0 &&
                fy0 < double(h)) {
                const long x0 = long(fx0), y0 = long(fy0);
                const double fx = qx - fx0, fy = qy - fy0;
                const double top =
                    ink(x0, y0) * (1.0 - fx) + ink(x0 + 1, y0) * fx;
                const double bottom =
                    ink(x0, y0 + 1) * (1.0 - fx) + ink(x0 + 1, y0 + 1) * fx;
                v = top * (1.0 - fy) + bottom * fy;
            }
            out[size_t(y) * cols + size_t(x)] = round_ink(v);
        }
    }
}

void warp_glyph(const uint8_t *in, size_t rows, size_t cols,
                const DigitWarp &warp, std::vector<uint8_t> &scratch,
                uint8_t *out) {
    const uint8_t *src = in;
    if (warp.thickness != 0.0) {
        scratch.resize(rows * cols);
        change_thickness(in, rows, cols, warp.thickness, scratch.data());
        src = scratch.data();
    }
    DigitWarp affine = warp;
    affine.thickness = 0.0;
    if (is_identity(affine)) {
        std::memcpy(out, src, rows * cols);
    } else {
        affine_glyph(src, rows, cols, affine, out);
    }
}

}  // namespace mseq
