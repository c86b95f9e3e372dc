// Separators drawn as strokes (separator_glyph.hpp).
#include "generate/separator_glyph.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "common/exact_math.hpp"
#include "input/glyph_measure.hpp"

namespace mseq {
namespace {

struct Point {
    double x, y;
};

struct Segment {
    Point a, b;
};

// Distance from p to the segment s.
double distance(Point p, const Segment &s) {
    const double dx = s.b.x - s.a.x, dy = s.b.y - s.a.y;
    const double len2 = dx * dx + dy * dy;
    double t = 0.0;
    if (len2 > 0.0) {
        t = ((p.x - s.a.x) * dx + (p.y - s.a.y) * dy) / len2;
        t = std::clamp(t, 0.0, 1.0);
    }
    const double ex = s.a.x + t * dx - p.x, ey = s.a.y + t * dy - p.y;
    return std::sqrt(ex * ex + ey * ey);
}

// The quadratic Bezier p0, p1, p2 as kCurveSteps segments.
constexpr int kCurveSteps = 8;
void add_curve(Point p0, Point p1, Point p2, std::vector<Segment> &out) {
    Point prev = p0;
    for (int k = 1; k <= kCurveSteps; ++k) {
        const double t = double(k) / kCurveSteps, u = 1.0 - t;
        const Point p{u * u * p0.x + 2 * u * t * p1.x + t * t * p2.x,
                      u * u * p0.y + 2 * u * t * p1.y + t * t * p2.y};
        out.push_back({prev, p});
        prev = p;
    }
}

// u in [0, 1) mapped to [lo, hi).
double between(Stream &s, double lo, double hi) {
    return lo + (hi - lo) * s.uniform_double();
}

}  // namespace

Pen pen_of(const uint8_t *const *glyphs, size_t n, uint32_t rows,
           uint32_t cols) {
    Pen pen;
    const double unit = double(rows) / 28.0;
    n = std::min(n, kPenDigits);
    uint64_t ink = 0, boundary = 0;
    int64_t top = 0, bottom = 0, inked = 0;
    for (size_t k = 0; k < n; ++k) {
        const GlyphMeasure m = measure_glyph(glyphs[k], rows, cols);
        ink += m.ink;
        boundary += m.boundary;
        if (m.first < 0) continue;
        ++inked;
        top += m.first;
        bottom += m.last + 1;
    }
    if (inked == 0 || boundary == 0) {
        pen.width = 2.4 * unit;
        pen.top = 4.0 * unit;
        pen.bottom = 24.0 * unit;
        return pen;
    }
    // Ink area over half the boundary: the width of a band of that area
    // and perimeter (as style_clusters.hpp measures a glyph).
    pen.width = std::max(1.0, (double(ink) / 255.0) / (0.5 * double(boundary)));
    pen.top = double(top) / double(inked);
    pen.bottom = double(bottom) / double(inked);
    return pen;
}

void draw_separator(int32_t code, const Pen &pen, Stream &stream, uint32_t rows,
                    uint32_t cols, int64_t advance, uint8_t *out) {
    std::memset(out, 0, size_t(rows) * cols);
    if (code == ' ') return;
    const double r = 0.5 * pen.width * between(stream, 0.85, 1.15);
    const double w = double(std::min<int64_t>(advance, cols));
    const double top = pen.top, bottom = pen.bottom;
    const double h = bottom - top, mid = 0.5 * (top + bottom);
    // The strokes keep a radius and a pixel from the advance's edges.
    const double left = std::min(r + 1.0, 0.5 * w), right = w - left;
    const double span = right - left;
    std::vector<Segment> strokes;
    auto dot = [&](double cy) {
        const double cx = 0.5 * w + between(stream, -0.15, 0.15) * span;
        const Point p{cx, cy};
        strokes.push_back({p, p});
        return p;
    };
    switch (code) {
        case '-': {
            const double cut = 0.15 * span;
            const double y = mid + between(stream, -0.08, 0.08) * h;
            const double tilt = between(stream, -0.05, 0.05) * h;
            strokes.push_back({{left + between(stream, 0.0, cut), y + tilt},
                               {right - between(stream, 0.0, cut), y - tilt}});
            break;
        }
        case '+': {
            const double y = mid + between(stream, -0.06, 0.06) * h;
            const double arm = 0.5 * std::min(span, 0.6 * h);
            const double cx = 0.5 * w;
            const double tilt = between(stream, -0.08, 0.08) * arm;
            strokes.push_back({{cx - arm, y + tilt}, {cx + arm, y - tilt}});
            strokes.push_back({{cx + tilt, y - arm}, {cx - tilt, y + arm}});
            break;
        }
        case '/': {
            const double y0 = bottom - r + between(stream, -0.05, 0.05) * h;
            const double y1 = top + r + between(stream, -0.05, 0.05) * h;
            strokes.push_back(
                {{left + between(stream, 0.0, 0.15) * span, y0},
                 {right - between(stream, 0.0, 0.15) * span, y1}});
            break;
        }
        case '.':
            dot(bottom - r - between(stream, 0.0, 0.06) * h);
            break;
        case ',': {
            const Point p = dot(bottom - r - between(stream, 0.0, 0.06) * h);
            const double tail = between(stream, 0.12, 0.22) * h;
            strokes.push_back(
                {p, {p.x - between(stream, 0.1, 0.3) * span, p.y + tail}});
            break;
        }
        case ':': {
            const double low = bottom - r - between(stream, 0.0, 0.08) * h;
            const Point p = dot(low);
            const double high = mid - between(stream, 0.05, 0.2) * h;
            strokes.push_back({{p.x, high}, {p.x, high}});
            break;
        }
        case '(':
        case ')': {
            // A bow from the top to the bottom, bulging away from the
            // enclosed text: the ends at one side, the control point at
            // the other.
            const double bulge = between(stream, 0.7, 1.0);
            const double y0 = top + r + between(stream, -0.05, 0.08) * h;
            const double y1 = bottom - r - between(stream, -0.05, 0.08) * h;
            const double ends = code == '(' ? right : left;
            const double control = code == '(' ? right - 2.0 * bulge * span
                                               : left + 2.0 * bulge * span;
            add_curve({ends, y0}, {control, 0.5 * (y0 + y1)}, {ends, y1},
                      strokes);
            break;
        }
        default:
            return;
    }
    // Ink within r + 1/2 of a stroke: scan that box only.
    double x_lo = w, x_hi = 0.0, y_lo = rows, y_hi = 0.0;
    for (const Segment &s : strokes) {
        for (const Point &p : {s.a, s.b}) {
            x_lo = std::min(x_lo, p.x);
            x_hi = std::max(x_hi, p.x);
            y_lo = std::min(y_lo, p.y);
            y_hi = std::max(y_hi, p.y);
        }
    }
    const double reach = r + 0.5;
    const int64_t xa = std::max<int64_t>(0, int64_t(x_lo - reach));
    const int64_t xb = std::min<int64_t>(int64_t(w), int64_t(x_hi + reach) + 1);
    const int64_t ya = std::max<int64_t>(0, int64_t(y_lo - reach));
    const int64_t yb = std::min<int64_t>(rows, int64_t(y_hi + reach) + 1);
    for (int64_t y = ya; y < yb; ++y) {
        for (int64_t x = xa; x < xb; ++x) {
            const Point p{double(x) + 0.5, double(y) + 0.5};
            double d = reach;
            for (const Segment &s : strokes) d = std::min(d, distance(p, s));
            const double ink = std::clamp(r + 0.5 - d, 0.0, 1.0);
            out[size_t(y) * cols + size_t(x)] =
                uint8_t(round_half_up(255.0 * ink));
        }
    }
}

}  // namespace mseq
