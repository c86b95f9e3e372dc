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

// The ink box of a glyph: [x0, x1) x [y0, y1), empty (x0 == x1) when
// the glyph has no ink.
struct Box {
    long x0 = 0, x1 = 0, y0 = 0, y1 = 0;
};

Box ink_box(const uint8_t *in, size_t rows, size_t cols) {
    Box b{long(cols), 0, long(rows), 0};
    for (size_t y = 0; y < rows; ++y) {
        const uint8_t *row = in + y * cols;
        size_t first = 0;
        while (first < cols && row[first] == 0) ++first;
        if (first == cols) continue;
        size_t last = cols;
        while (row[last - 1] == 0) --last;
        b.x0 = std::min(b.x0, long(first));
        b.x1 = std::max(b.x1, long(last));
        if (b.y1 == 0) b.y0 = long(y);
        b.y1 = long(y) + 1;
    }
    if (b.x1 == 0) b = Box{};
    return b;
}

// Dilation of ink (erode false) or of its complement (erode true). The
// glyph is read through a copy padded by the kernel's reach (ink 0 in the
// padding), and only the pixels the result can differ from 0 at are
// computed: within reach of the ink for a dilation, on the ink for an
// erosion (which never adds ink).
void morph(const uint8_t *in, size_t rows, size_t cols, double r, bool erode,
           uint8_t *out) {
    const std::vector<Tap> taps = kernel(r);
    const long reach = static_cast<long>(std::ceil(r));
    const long h = long(rows), w = long(cols);
    const long pw = w + 2 * reach;
    std::vector<uint8_t> padded(size_t(pw * (h + 2 * reach)), 0);
    for (long y = 0; y < h; ++y) {
        std::memcpy(&padded[size_t((y + reach) * pw + reach)],
                    in + size_t(y) * cols, cols);
    }
    std::vector<long> offsets;
    for (const Tap &t : taps) offsets.push_back(long(t.dy) * pw + t.dx);
    std::memset(out, 0, rows * cols);
    Box b = ink_box(in, rows, cols);
    if (b.x1 == 0) return;
    if (!erode) {
        b = Box{std::max(0L, b.x0 - reach), std::min(w, b.x1 + reach),
                std::max(0L, b.y0 - reach), std::min(h, b.y1 + reach)};
    }
    for (long y = b.y0; y < b.y1; ++y) {
        const uint8_t *row = &padded[size_t((y + reach) * pw + reach)];
        for (long x = b.x0; x < b.x1; ++x) {
            if (erode && row[x] == 0) continue;
            double best = 0.0;
            for (size_t k = 0; k < taps.size(); ++k) {
                const int g = row[x + offsets[k]];
                const double v = taps[k].w * double(erode ? 255 - g : g);
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
    std::memset(out, 0, rows * cols);
    // Samples whose 2 x 2 neighbourhood misses the ink box are 0.
    const Box b = ink_box(in, rows, cols);
    if (b.x1 == 0) return;
    const double lo_x = double(b.x0) - 1.0, hi_x = double(b.x1);
    const double lo_y = double(b.y0) - 1.0, hi_y = double(b.y1);
    const long w = long(cols), h = long(rows);
    // The glyph with 2 pixels of ink 0 around it: samples in the box read
    // x0, y0 in [-1, cols - 1] and their right and lower neighbours.
    constexpr long kPad = 2;
    const long pw = w + 2 * kPad;
    thread_local std::vector<uint8_t> padded;
    padded.assign(size_t(pw * (h + 2 * kPad)), 0);
    for (long y = 0; y < h; ++y) {
        std::memcpy(&padded[size_t((y + kPad) * pw + kPad)],
                    in + size_t(y) * cols, cols);
    }
    const uint8_t *origin = &padded[size_t(kPad * pw + kPad)];
    auto ink = [&](long x, long y) -> double { return origin[y * pw + x]; };
    // The output pixels whose samples can fall in that box: the box's
    // corners mapped forward by M (about the centre, then shifted), with a
    // pixel of margin for rounding. Outside them every sample is 0.
    const double det = m00 * m11 - m01 * m10;  // of M^-1
    double ox0 = 1e300, ox1 = -1e300, oy0 = 1e300, oy1 = -1e300;
    for (double qx : {lo_x, hi_x}) {
        for (double qy : {lo_y, hi_y}) {
            const double dx = qx + 0.5 - cx, dy = qy + 0.5 - cy;
            // p = M q: the inverse of M^-1 = [[m00, m01], [m10, m11]].
            const double px = (m11 * dx - m01 * dy) / det + cx - 0.5;
            const double py =
                (m00 * dy - m10 * dx) / det + cy - 0.5 + warp.shift_y;
            ox0 = std::min(ox0, px);
            ox1 = std::max(ox1, px);
            oy0 = std::min(oy0, py);
            oy1 = std::max(oy1, py);
        }
    }
    auto clamp_to = [](double v, long n) {
        return v < 0.0 ? 0L : v > double(n) ? n : long(v);
    };
    // An elastic field moves every sample: then every pixel is tried.
    const double *dx = warp.elastic;
    const double *dy = dx != nullptr ? dx + rows * cols : nullptr;
    const bool whole = dx != nullptr;
    const long xb = whole ? 0 : clamp_to(ox0 - 1.0, w);
    const long xe = whole ? w : clamp_to(ox1 + 3.0, w);
    const long yb = whole ? 0 : clamp_to(oy0 - 1.0, h);
    const long ye = whole ? h : clamp_to(oy1 + 3.0, h);
    for (long y = yb; y < ye; ++y) {
        const double row_y = double(y) + 0.5;
        for (long x = xb; x < xe; ++x) {
            // p + d(p), then relative to the centre and the shift.
            double ex = double(x) + 0.5, ey = row_y;
            if (whole) {
                const size_t i = size_t(y) * cols + size_t(x);
                ex += dx[i];
                ey += dy[i];
            }
            const double px = ex - cx;
            const double py = ey - cy - warp.shift_y;
            const double qx = m00 * px + m01 * py + (cx - 0.5);
            const double qy = m10 * px + m11 * py + (cy - 0.5);
            if (!(qx > lo_x && qx < hi_x && qy > lo_y && qy < hi_y)) continue;
            // qx, qy > -2 here: truncation of q + 2 is the floor.
            const long x0 = long(qx + 2.0) - 2, y0 = long(qy + 2.0) - 2;
            const double fx = qx - double(x0), fy = qy - double(y0);
            const double top = ink(x0, y0) * (1.0 - fx) + ink(x0 + 1, y0) * fx;
            const double bottom =
                ink(x0, y0 + 1) * (1.0 - fx) + ink(x0 + 1, y0 + 1) * fx;
            out[size_t(y) * cols + size_t(x)] =
                round_ink(top * (1.0 - fy) + bottom * fy);
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
