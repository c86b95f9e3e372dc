// One digit's distortion (digit_warp.hpp).
#include "generate/digit_warp.hpp"

// On x86-64 with GCC or Clang the affine resampling also has an AVX2
// kernel, picked at run time when the processor has it (common/simd.hpp):
// the same integer arithmetic 8 samples at a time, so the same bytes.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>

#include "common/exact_math.hpp"
#include "common/simd.hpp"

namespace mseq {
namespace {

// allow_avx2_resampling()'s switch.
std::atomic<bool> avx2_allowed{true};

// A weighted offset of the thickness kernel: the weight w in 16-bit fixed
// point, a = round(w 2^16) (1 is 65536).
struct Tap {
    int dx, dy;
    uint32_t a;
};

// The offsets with w(d) = clamp(r + 1 - d, 0, 1) > 0, r = |t|, into taps.
void kernel(double r, std::vector<Tap> &taps) {
    taps.clear();
    const int reach = static_cast<int>(std::ceil(r));
    for (int dy = -reach; dy <= reach; ++dy) {
        for (int dx = -reach; dx <= reach; ++dx) {
            // sqrt is correctly rounded by IEEE 754: the same everywhere.
            const double d = std::sqrt(double(dx * dx + dy * dy));
            const double w = std::min(1.0, r + 1.0 - d);
            if (w <= 0.0) continue;
            // w * 2^16 is exact, adding 0.5 too (below 2^17); floor exact.
            taps.push_back({dx, dy, uint32_t(std::floor(w * 65536.0 + 0.5))});
        }
    }
}

// The ink box of a glyph: [x0, x1) x [y0, y1), empty (x1 == 0) when the
// glyph has no ink.
struct Box {
    long x0 = 0, x1 = 0, y0 = 0, y1 = 0;
};

// Copies n < 8 bytes by two overlapping fixed-size copies, which compile
// to a few moves, where a call to memcpy costs more than the copy.
inline void copy_short(uint8_t *to, const uint8_t *from, size_t n) {
    if (n >= 4) {
        std::memcpy(to, from, 4);
        std::memcpy(to + n - 4, from + n - 4, 4);
    } else if (n >= 2) {
        std::memcpy(to, from, 2);
        std::memcpy(to + n - 2, from + n - 2, 2);
    } else if (n == 1) {
        to[0] = from[0];
    }
}

// Copies n bytes of a glyph's row: short rows (most are under 32 bytes) in
// the same way.
inline void copy_row(uint8_t *to, const uint8_t *from, size_t n) {
    if (n >= 16 && n <= 32) {
        std::memcpy(to, from, 16);
        std::memcpy(to + n - 16, from + n - 16, 16);
    } else if (n >= 8 && n < 16) {
        std::memcpy(to, from, 8);
        std::memcpy(to + n - 8, from + n - 8, 8);
    } else if (n < 8) {
        copy_short(to, from, n);
    } else {
        std::memcpy(to, from, n);
    }
}

// A glyph's box b and its rows: row y (b.y0 <= y < b.y1) of the box at
// at + (y - b.y0) * stride, pixel (b.x0, y) first; ink 0 outside b.
struct Ink {
    const uint8_t *at = nullptr;
    size_t stride = 0;
    Box b;

    const uint8_t *row(long y) const { return at + size_t(y - b.y0) * stride; }
};

// The view of a whole glyph (rows of `cols` bytes) with its ink in box b.
Ink whole(const uint8_t *glyph, size_t cols, const Box &b) {
    return Ink{glyph + size_t(b.y0) * cols + size_t(b.x0), cols, b};
}

// The glyph of `in` written whole into out (rows x cols).
void draw(const Ink &in, size_t rows, size_t cols, uint8_t *out) {
    std::memset(out, 0, rows * cols);
    const size_t width = size_t(in.b.x1 - in.b.x0);
    for (long y = in.b.y0; y < in.b.y1; ++y) {
        copy_row(out + size_t(y) * cols + size_t(in.b.x0), in.row(y), width);
    }
}

// Whether a row of n values holds ink: 8 bytes at a time.
bool has_ink(const uint8_t *row, size_t n) {
    uint64_t any = 0;
    size_t x = 0;
    for (; x + 8 <= n; x += 8) {
        uint64_t word;
        std::memcpy(&word, row + x, 8);
        any |= word;
    }
    for (; x < n; ++x) any |= row[x];
    return any != 0;
}

// The first column in [0, end) of a row that holds ink, else end: 8
// bytes at a time, then the bytes of the first word with ink.
long first_ink(const uint8_t *row, long end) {
    long x = 0;
    for (; x + 8 <= end; x += 8) {
        uint64_t word;
        std::memcpy(&word, row + x, 8);
        if (word != 0) break;
    }
    while (x < end && row[x] == 0) ++x;
    return x;
}

// One past the last column in [begin, n) of a row that holds ink, else
// begin: 8 bytes at a time from the end, then the bytes of that word.
long last_ink(const uint8_t *row, long begin, long n) {
    long x = n;
    for (; x - 8 >= begin; x -= 8) {
        uint64_t word;
        std::memcpy(&word, row + x - 8, 8);
        if (word != 0) break;
    }
    while (x > begin && row[x - 1] == 0) --x;
    return x;
}

Box ink_box(const uint8_t *in, size_t rows, size_t cols) {
    Box b{long(cols), 0, long(rows), 0};
    for (size_t y = 0; y < rows; ++y) {
        const uint8_t *row = in + y * cols;
        if (!has_ink(row, cols)) continue;
        // Only the columns that can widen the box are looked at.
        b.x0 = first_ink(row, b.x0);
        b.x1 = last_ink(row, b.x1, long(cols));
        if (b.y1 == 0) b.y0 = long(y);
        b.y1 = long(y) + 1;
    }
    if (b.y1 == 0) b = Box{};
    return b;
}

// The kernel's taps grouped by weight: taps at the same distance share a
// weight, and the max over them of a * g is a * (max of g) (multiplication
// by a >= 0 is monotone, and so is the rounding), so each class needs one
// maximum of ink levels and one product per pixel.
struct TapClass {
    std::vector<long> offsets;  // in the padded copy
    uint32_t a = 0;
};

// best[i] = max over the classes of (the class's a times the max of
// base[i + o] over its offsets o, + 2^15) >> 16, for i < n: each product
// rounded half up to a whole ink level (a = 65536: the ink itself).
void classes_plain(const uint8_t *base, const TapClass *classes, size_t count,
                   size_t n, uint8_t *best, uint8_t *most) {
    std::fill(best, best + n, uint8_t{0});
    for (size_t k = 0; k < count; ++k) {
        const TapClass &c = classes[k];
        const uint8_t *p0 = base + c.offsets[0];
        for (size_t i = 0; i < n; ++i) most[i] = p0[i];
        for (size_t o = 1; o < c.offsets.size(); ++o) {
            const uint8_t *p = base + c.offsets[o];
            for (size_t i = 0; i < n; ++i) most[i] = std::max(most[i], p[i]);
        }
        for (size_t i = 0; i < n; ++i) {
            const auto v = uint8_t((uint32_t(most[i]) * c.a + 32768u) >> 16);
            best[i] = std::max(best[i], c.a == 65536 ? most[i] : v);
        }
    }
}

#if MSEQ_HAS_AVX2_PATH
// (a m + 2^15) >> 16 of 16 ink levels m (16-bit lanes), 0 < a < 2^16: the
// 32-bit product's high half (mulhi) plus the rounding's carry, the low
// half's top bit.
MSEQ_AVX2 inline __m256i weigh16(__m256i m, __m256i a) {
    return _mm256_add_epi16(_mm256_mulhi_epu16(m, a),
                            _mm256_srli_epi16(_mm256_mullo_epi16(m, a), 15));
}

// classes_plain() 32 pixels at a time, in registers: the same integers.
// Reads up to 31 bytes past each offset's run and writes up to 31 past
// best[n).
MSEQ_AVX2 void classes_avx2(const uint8_t *base, const TapClass *classes,
                            size_t count, size_t n, uint8_t *best, uint8_t *) {
    for (size_t i = 0; i < n; i += 32) {
        __m256i b = _mm256_setzero_si256();
        for (size_t k = 0; k < count; ++k) {
            const TapClass &c = classes[k];
            __m256i m = _mm256_setzero_si256();
            for (long o : c.offsets) {
                m = _mm256_max_epu8(
                    m, _mm256_loadu_si256(
                           reinterpret_cast<const __m256i *>(base + o + i)));
            }
            if (c.a != 65536) {
                const __m256i a = _mm256_set1_epi16(int16_t(uint16_t(c.a)));
                const __m256i lo =
                    weigh16(_mm256_cvtepu8_epi16(_mm256_castsi256_si128(m)), a);
                const __m256i hi = weigh16(
                    _mm256_cvtepu8_epi16(_mm256_extracti128_si256(m, 1)), a);
                // packus works per 128-bit lane: put the halves back.
                m = _mm256_permute4x64_epi64(_mm256_packus_epi16(lo, hi), 0xd8);
            }
            b = _mm256_max_epu8(b, m);
        }
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(best + i), b);
    }
}
#endif

using ClassesFn = void (*)(const uint8_t *, const TapClass *, size_t, size_t,
                           uint8_t *, uint8_t *);

ClassesFn pick_classes() {
#if MSEQ_HAS_AVX2_PATH
    if (avx2_allowed.load(std::memory_order_relaxed) && has_avx2()) {
        return classes_avx2;
    }
#endif
    return classes_plain;
}

// Dilation of ink (erode false) or of its complement (erode true) on the
// pixels where the result can differ from 0: within reach of the ink box b
// for a dilation, on it for an erosion (which never adds ink). The box and
// what the kernel reads around it are copied into a compact buffer (ink 0
// around it; its complement 255 for an erosion), whose rows are processed
// as one flat run so that the loops are long; the values computed for the
// buffer's margins (where offsets wrap to the next row) are never used.
void morph(const Ink &in, size_t rows, size_t cols, double r, bool erode,
           uint8_t *out) {
    const Box &b = in.b;
    const long reach = static_cast<long>(std::ceil(r));
    const long grow = erode ? 0 : reach;  // result's margin around the box
    const long pad = grow + reach;        // the copy's margin
    const long bw = b.x1 - b.x0, bh = b.y1 - b.y0;
    const long pw = bw + 2 * pad, ph = bh + 2 * pad;
    // The classes (their memory kept from call to call: classes[0, count)).
    thread_local std::vector<Tap> taps;
    thread_local std::vector<TapClass> classes;
    size_t count = 0;
    kernel(r, taps);
    for (const Tap &t : taps) {
        TapClass *c = nullptr;
        for (size_t k = 0; k < count; ++k) {
            if (classes[k].a == t.a) c = &classes[k];
        }
        if (c == nullptr) {
            if (count == classes.size()) classes.emplace_back();
            c = &classes[count++];
            c->a = t.a;
            c->offsets.clear();
        }
        c->offsets.push_back(long(t.dy) * pw + t.dx);
    }
    // The copy, with `reach` spare values before it and reach + 32 after it
    // so that every offset of every flat position (and the AVX2 kernel's
    // last 32-byte block) stays inside.
    const uint8_t fill = erode ? 255 : 0;
    thread_local std::vector<uint8_t> buffer;
    buffer.assign(size_t(pw * ph + 2 * reach + 32), fill);
    uint8_t *padded = buffer.data() + reach;
    for (long y = 0; y < bh; ++y) {
        uint8_t *dst = padded + (y + pad) * pw + pad;
        const uint8_t *src = in.row(y + b.y0);
        if (erode) {
            for (long x = 0; x < bw; ++x) dst[x] = uint8_t(255 - src[x]);
        } else {
            copy_row(dst, src, size_t(bw));
        }
    }
    // The result's rows: buffer rows [reach, ph - reach), as one run.
    const long first = reach * pw;
    const size_t n = size_t((ph - 2 * reach) * pw);
    thread_local std::vector<uint8_t> sums;
    sums.resize(2 * n + 32);
    uint8_t *best = sums.data(), *most = best + n + 32;
    pick_classes()(padded + first, classes.data(), count, n, best, most);
    std::memset(out, 0, rows * cols);
    // Buffer (x, y) is glyph (x + b.x0 - pad, y + b.y0 - pad); the result's
    // columns are [reach, pw - reach), clipped to the glyph.
    const long gx0 = std::max(0L, b.x0 - grow);
    const long gx1 = std::min(long(cols), b.x1 + grow);
    const long gy0 = std::max(0L, b.y0 - grow);
    const long gy1 = std::min(long(rows), b.y1 + grow);
    for (long gy = gy0; gy < gy1; ++gy) {
        const uint8_t *src =
            best + (gy - b.y0 + pad - reach) * pw + (gx0 - b.x0 + pad);
        uint8_t *dst = out + size_t(gy) * cols + size_t(gx0);
        const size_t len = size_t(gx1 - gx0);
        if (erode) {
            for (size_t i = 0; i < len; ++i) dst[i] = uint8_t(255 - src[i]);
        } else {
            copy_row(dst, src, len);
        }
    }
}

// The total ink of a box. At most MSEQ_MAX_GLYPH_SIDE^2 * 255 < 2^32.
uint32_t total_ink(const Ink &in) {
    uint32_t sum = 0;
    const size_t width = size_t(in.b.x1 - in.b.x0);
    for (long y = in.b.y0; y < in.b.y1; ++y) {
        const uint8_t *row = in.row(y);
        for (size_t x = 0; x < width; ++x) sum += row[x];
    }
    return sum;
}

}  // namespace

bool is_identity(const DigitWarp &w) {
    return w.angle == 0.0 && w.shear == 0.0 && w.scale_x == 1.0 &&
           w.scale_y == 1.0 && w.shift_y == 0.0 && w.thickness == 0.0 &&
           w.elastic == nullptr;
}

namespace {

// change_thickness() of a glyph; returns a box holding the result's ink
// (not always tight).
Box thicken(const Ink &in, size_t rows, size_t cols, double t, uint8_t *out) {
    const Box &b = in.b;
    if (b.x1 == 0) {
        std::memset(out, 0, rows * cols);  // no ink: none to grow or shrink
        return b;
    }
    if (t > 0.0) {
        morph(in, rows, cols, t, false, out);
        const long reach = static_cast<long>(std::ceil(t));
        return Box{
            std::max(0L, b.x0 - reach), std::min(long(cols), b.x1 + reach),
            std::max(0L, b.y0 - reach), std::min(long(rows), b.y1 + reach)};
    }
    const uint64_t before = total_ink(in);
    double r = -t;
    for (int attempt = 0; attempt <= 4 && r > 0.0; ++attempt, r /= 2.0) {
        morph(in, rows, cols, r, true, out);
        if (uint64_t(total_ink(whole(out, cols, b))) * 4 >= before) return b;
    }
    draw(in, rows, cols, out);
    return b;
}

}  // namespace

void change_thickness(const uint8_t *in, size_t rows, size_t cols, double t,
                      uint8_t *out) {
    thicken(whole(in, cols, ink_box(in, rows, cols)), rows, cols, t, out);
}

namespace {

// Fixed point with 16 fractional bits: v rounded to the nearest multiple of
// 2^-16, ties up. v * 2^16 is exact and, below 2^36 in magnitude, so is
// adding 0.5; floor is exact.
int64_t fixed(double v) { return int64_t(std::floor(v * 65536.0 + 0.5)); }

// Narrows [begin, end) to the columns x in [0, n) with
// lo <= v0 + x * a < hi (empty when begin >= end).
void span(int64_t v0, int64_t a, int64_t lo, int64_t hi, long n, long &begin,
          long &end) {
    // ceil(p / q) and floor(p / q) for q > 0.
    auto ceil_div = [](int64_t p, int64_t q) {
        return p >= 0 ? (p + q - 1) / q : -((-p) / q);
    };
    auto floor_div = [](int64_t p, int64_t q) {
        return p >= 0 ? p / q : -((-p + q - 1) / q);
    };
    int64_t b = 0, e = n;
    if (a > 0) {
        b = ceil_div(lo - v0, a);
        e = ceil_div(hi - v0, a);
    } else if (a < 0) {
        b = floor_div(v0 - hi, -a) + 1;
        e = floor_div(v0 - lo, -a) + 1;
    } else if (v0 < lo || v0 >= hi) {
        e = 0;
    }
    begin = long(std::max<int64_t>(begin, std::max<int64_t>(b, 0)));
    end = long(std::min<int64_t>(end, std::min<int64_t>(e, n)));
}

}  // namespace

namespace {

// The bilinear sample at r = q - (x0 - 1, y0 - 1) (fixed point, 16
// fractional bits, r >= 0) of a glyph copy whose value (i, j) is
// origin[j * pw + i]: weights of 8 bits, rounded half up.
inline uint8_t bilinear(const uint8_t *origin, long pw, int64_t rx,
                        int64_t ry) {
    const uint8_t *p = origin + (ry >> 16) * pw + (rx >> 16);
    const uint32_t fx = uint32_t(rx >> 8) & 255u;
    const uint32_t fy = uint32_t(ry >> 8) & 255u;
    const uint32_t top = p[0] * (256u - fx) + p[1] * fx;
    const uint32_t bottom = p[pw] * (256u - fx) + p[pw + 1] * fx;
    return uint8_t((top * (256u - fy) + bottom * fy + 32768u) >> 16);
}

#if MSEQ_HAS_AVX2_PATH
// The copy's rows in pairs, for the AVX2 kernels: pair row j (0 <= j <
// ph - 1) holds, for each column i, the bytes g(i, j) and g(i, j + 1), so
// that the 4 bytes at 2 i are the 4 pixels a bilinear sample reads, and
// one gather reads them. Rows 2 pw bytes apart, 32 spare bytes after the
// last; the copy needs 16 spare bytes after its last row.
MSEQ_AVX2 void pair_rows(const uint8_t *copy, long pw, long ph,
                         uint8_t *pairs) {
    for (long j = 0; j + 1 < ph; ++j) {
        const uint8_t *a = copy + j * pw;
        uint8_t *o = pairs + j * 2 * pw;
        // Whole blocks of 16 columns; the last block's spare columns spill
        // into the next pair row, written after it.
        for (long i = 0; i < pw; i += 16) {
            const __m128i top =
                _mm_loadu_si128(reinterpret_cast<const __m128i *>(a + i));
            const __m128i bottom =
                _mm_loadu_si128(reinterpret_cast<const __m128i *>(a + pw + i));
            _mm_storeu_si128(reinterpret_cast<__m128i *>(o + 2 * i),
                             _mm_unpacklo_epi8(top, bottom));
            _mm_storeu_si128(reinterpret_cast<__m128i *>(o + 2 * i + 16),
                             _mm_unpackhi_epi8(top, bottom));
        }
    }
}

// bilinear() at the 8 points (vx, vy) (r of bilinear(), per lane) from the
// copy's pair rows (`stride` bytes apart): the same integer arithmetic, so
// the same values (one per 32-bit lane).
MSEQ_AVX2 inline __m256i bilinear8(const uint8_t *pairs, long stride,
                                   __m256i vx, __m256i vy) {
    const __m256i byte = _mm256_set1_epi32(255);
    const __m256i full = _mm256_set1_epi32(256);
    const __m256i idx =
        _mm256_add_epi32(_mm256_mullo_epi32(_mm256_srai_epi32(vy, 16),
                                            _mm256_set1_epi32(int32_t(stride))),
                         _mm256_slli_epi32(_mm256_srai_epi32(vx, 16), 1));
    const __m256i fx = _mm256_and_si256(_mm256_srai_epi32(vx, 8), byte);
    const __m256i fy = _mm256_and_si256(_mm256_srai_epi32(vy, 8), byte);
    const __m256i gy = _mm256_sub_epi32(full, fy);
    // Bytes: g(i, j), g(i, j + 1), g(i + 1, j), g(i + 1, j + 1).
    const __m256i g =
        _mm256_i32gather_epi32(reinterpret_cast<const int *>(pairs), idx, 1);
    // Each row's two pixels as the 16-bit halves of a lane (top: bytes 0
    // and 2, bottom: bytes 1 and 3), and the weights (256 - fx, fx): one
    // multiply-add of 16-bit halves gives each row's sum (at most 255 * 256,
    // exact in 32 bits).
    const __m256i x_weights =
        _mm256_or_si256(_mm256_sub_epi32(full, fx), _mm256_slli_epi32(fx, 16));
    const __m256i top = _mm256_madd_epi16(
        _mm256_and_si256(g, _mm256_set1_epi16(0xff)), x_weights);
    const __m256i bottom =
        _mm256_madd_epi16(_mm256_srli_epi16(g, 8), x_weights);
    return _mm256_srli_epi32(
        _mm256_add_epi32(_mm256_add_epi32(_mm256_mullo_epi32(top, gy),
                                          _mm256_mullo_epi32(bottom, fy)),
                         _mm256_set1_epi32(32768)),
        16);
}

// The low bytes of 8 lanes of values 0..255, stored at o.
MSEQ_AVX2 inline void store8(__m256i v, uint8_t *o) {
    const __m256i p16 = _mm256_packus_epi32(v, v);
    const __m256i p8 = _mm256_packus_epi16(p16, p16);
    const int32_t lo = _mm256_cvtsi256_si32(p8);
    const int32_t hi = _mm256_extract_epi32(p8, 4);
    std::memcpy(o, &lo, 4);
    std::memcpy(o + 4, &hi, 4);
}

// bilinear() at r, r + a, r + 2 a, ... for `count` samples, 8 at a time,
// into o; returns count. Every
// r + k a (k < count) must be a valid sample point below 2^31; reads up to
// 4 bytes past the copy's last value.
MSEQ_AVX2 long run_avx2(const uint8_t *pairs, long stride, int64_t rx,
                        int64_t ry, int64_t ax, int64_t ay, long count,
                        uint8_t *o) {
    const __m256i iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    __m256i vx = _mm256_add_epi32(
        _mm256_set1_epi32(int32_t(rx)),
        _mm256_mullo_epi32(iota, _mm256_set1_epi32(int32_t(ax))));
    __m256i vy = _mm256_add_epi32(
        _mm256_set1_epi32(int32_t(ry)),
        _mm256_mullo_epi32(iota, _mm256_set1_epi32(int32_t(ay))));
    const __m256i step_x = _mm256_set1_epi32(int32_t(8 * ax));
    const __m256i step_y = _mm256_set1_epi32(int32_t(8 * ay));
    long done = 0;
    for (; done + 8 <= count; done += 8) {
        store8(bilinear8(pairs, stride, vx, vy), o + done);
        vx = _mm256_add_epi32(vx, step_x);
        vy = _mm256_add_epi32(vy, step_y);
    }
    if (done < count) {
        // The last 1..7: the lanes past the run sample point 0 (inside the
        // copy) and are not stored.
        const __m256i keep =
            _mm256_cmpgt_epi32(_mm256_set1_epi32(int32_t(count - done)), iota);
        uint8_t last[8];
        store8(bilinear8(pairs, stride, _mm256_and_si256(vx, keep),
                         _mm256_and_si256(vy, keep)),
               last);
        copy_short(o + done, last, size_t(count - done));
        done = count;
    }
    return done;
}

// fixed(m0 * dx + m1 * dy) of 4 pixels, in double as fixed() computes it
// (a whole number of 2^-16, exact in double).
MSEQ_AVX2 inline __m256d fixed4(__m256d m0, __m256d m1, __m256d dx,
                                __m256d dy) {
    const __m256d v =
        _mm256_add_pd(_mm256_mul_pd(m0, dx), _mm256_mul_pd(m1, dy));
    return _mm256_floor_pd(_mm256_add_pd(
        _mm256_mul_pd(v, _mm256_set1_pd(65536.0)), _mm256_set1_pd(0.5)));
}

// The elastic samples of row y for `count` pixels (returns count). q0x, q0y:
// the row's first sample point without the field, minus lo (as in the plain
// loop); a: the steps of one column; m: L = M^-1; span: the sizes of [lo, hi).
// Each point is the plain loop's whole-number sum, in double (exact: every term
// is an integer below 2^53 in magnitude), then in 32-bit lanes (points beyond
// them become INT32_MIN, outside as they are): a pixel whose point is
// outside [0, span) on either axis gets 0, as the plain loop leaves it.
MSEQ_AVX2 long elastic_avx2(const uint8_t *pairs, long stride, int64_t q0x,
                            int64_t q0y, int64_t ax, int64_t ay,
                            const double m[4], const float *dx, const float *dy,
                            uint64_t span_x, uint64_t span_y, long count,
                            uint8_t *o) {
    const __m256d m00 = _mm256_set1_pd(m[0]), m01 = _mm256_set1_pd(m[1]);
    const __m256d m10 = _mm256_set1_pd(m[2]), m11 = _mm256_set1_pd(m[3]);
    const __m256d iota = _mm256_setr_pd(0.0, 1.0, 2.0, 3.0);
    // The points without the field of columns 0..3, then 4..7.
    __m256d bx = _mm256_add_pd(_mm256_set1_pd(double(q0x)),
                               _mm256_mul_pd(iota, _mm256_set1_pd(double(ax))));
    __m256d by = _mm256_add_pd(_mm256_set1_pd(double(q0y)),
                               _mm256_mul_pd(iota, _mm256_set1_pd(double(ay))));
    const __m256d four_x = _mm256_set1_pd(4.0 * double(ax));
    const __m256d four_y = _mm256_set1_pd(4.0 * double(ay));
    // inside: unsigned r < span, as signed r > -1 and span > r (span is
    // below 2^31).
    const __m256i below = _mm256_set1_epi32(-1);
    const __m256i sx = _mm256_set1_epi32(int32_t(span_x));
    const __m256i sy = _mm256_set1_epi32(int32_t(span_y));
    // The last 1..7 pixels read their field through masked loads (0 in the
    // lanes past the row, whose memory is not touched) and keep only their
    // own lanes.
    const long whole = count / 8 * 8;
    const __m256i tail =
        _mm256_cmpgt_epi32(_mm256_set1_epi32(int32_t(count - whole)),
                           _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    const __m128i tail_mask[2] = {_mm256_castsi256_si128(tail),
                                  _mm256_extracti128_si256(tail, 1)};
    for (long done = 0; done < count; done += 8) {
        const bool last = done == whole;
        __m128i rx[2], ry[2];
        for (int h = 0; h < 2; ++h) {
            const float *fdx = dx + done + 4 * h, *fdy = dy + done + 4 * h;
            const __m256d fx = _mm256_cvtps_pd(
                last ? _mm_maskload_ps(fdx, tail_mask[h]) : _mm_loadu_ps(fdx));
            const __m256d fy = _mm256_cvtps_pd(
                last ? _mm_maskload_ps(fdy, tail_mask[h]) : _mm_loadu_ps(fdy));
            rx[h] = _mm256_cvttpd_epi32(
                _mm256_add_pd(bx, fixed4(m00, m01, fx, fy)));
            ry[h] = _mm256_cvttpd_epi32(
                _mm256_add_pd(by, fixed4(m10, m11, fx, fy)));
            bx = _mm256_add_pd(bx, four_x);
            by = _mm256_add_pd(by, four_y);
        }
        const __m256i vx = _mm256_set_m128i(rx[1], rx[0]);
        const __m256i vy = _mm256_set_m128i(ry[1], ry[0]);
        __m256i inside =
            _mm256_and_si256(_mm256_and_si256(_mm256_cmpgt_epi32(vx, below),
                                              _mm256_cmpgt_epi32(sx, vx)),
                             _mm256_and_si256(_mm256_cmpgt_epi32(vy, below),
                                              _mm256_cmpgt_epi32(sy, vy)));
        if (last) {
            const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
            inside = _mm256_and_si256(
                inside, _mm256_cmpgt_epi32(
                            _mm256_set1_epi32(int32_t(count - done)), lane));
        }
        // Points outside read point 0 (inside the copy); their value is
        // dropped.
        const __m256i v = _mm256_and_si256(
            bilinear8(pairs, stride, _mm256_and_si256(vx, inside),
                      _mm256_and_si256(vy, inside)),
            inside);
        if (last) {
            uint8_t bytes[8];
            store8(v, bytes);
            copy_short(o + done, bytes, size_t(count - done));
        } else {
            store8(v, o + done);
        }
    }
    return count;
}
#endif

// affine_glyph() of a glyph (its box not necessarily tight).
void resample(const Ink &in, size_t rows, size_t cols, const DigitWarp &warp,
              uint8_t *out) {
    const Box &b = in.b;
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
    // The sample point of pixel (x, y), glyph pixel (i, j) at (i, j):
    // q = Q + x A + y B + E(x, y) in fixed point (digit_warp.hpp).
    const int64_t ax = fixed(m00), ay = fixed(m10);  // A, per column
    const int64_t bx = fixed(m01), by = fixed(m11);  // B, per row
    const double px0 = 0.5 - cx, py0 = 0.5 - cy - warp.shift_y;
    const int64_t qx0 = fixed(m00 * px0 + m01 * py0 + (cx - 0.5));
    const int64_t qy0 = fixed(m10 * px0 + m11 * py0 + (cy - 0.5));
    std::memset(out, 0, rows * cols);
    if (b.x1 == 0) return;
    // A sample reads the pixels floor(q) and floor(q) + 1 on each axis: it
    // can meet ink only when floor(q) is in [x0 - 1, x1 - 1] x
    // [y0 - 1, y1 - 1] of the ink box, q in [lo, hi) below.
    const int64_t lo_x = int64_t(b.x0 - 1) * 65536,
                  hi_x = int64_t(b.x1) * 65536;
    const int64_t lo_y = int64_t(b.y0 - 1) * 65536,
                  hi_y = int64_t(b.y1) * 65536;
    const long w = long(cols), h = long(rows);
    // The ink box with a pixel of ink 0 around it, as ph rows of pw values
    // (16 spare values after it, for pair_rows()).
    const long pw = b.x1 - b.x0 + 2, ph = b.y1 - b.y0 + 2;
    thread_local std::vector<uint8_t> padded;
    padded.assign(size_t(pw * ph + 16), 0);
    for (long y = b.y0; y < b.y1; ++y) {
        copy_row(&padded[size_t((y - b.y0 + 1) * pw + 1)], in.row(y),
                 size_t(b.x1 - b.x0));
    }
    // Glyph pixel (x0 - 1, y0 - 1) first: origin[i + j * pw] is the pixel
    // (floor(q) - (x0 - 1, y0 - 1)) for q in [lo, hi).
    const uint8_t *origin = padded.data();
#if MSEQ_HAS_AVX2_PATH
    const bool avx2 =
        avx2_allowed.load(std::memory_order_relaxed) && has_avx2();
    thread_local std::vector<uint8_t> paired;
    const long stride = 2 * pw;
    if (avx2) {
        paired.resize(size_t((ph - 1) * stride + 32));
        pair_rows(origin, pw, ph, paired.data());
    }
    const uint8_t *pairs = paired.data();
#endif
    // The bilinear sample at q (in [lo, hi)), rounded half up.
    auto sample = [&](int64_t qx, int64_t qy) {
        return bilinear(origin, pw, qx - lo_x, qy - lo_y);
    };
    const float *dx = warp.elastic;
    if (dx == nullptr) {
        for (long y = 0; y < h; ++y) {
            const int64_t rx = qx0 + y * bx, ry = qy0 + y * by;
            long xb = 0, xe = w;
            span(rx, ax, lo_x, hi_x, w, xb, xe);
            span(ry, ay, lo_y, hi_y, w, xb, xe);
            if (xb >= xe) continue;
            uint8_t *o = out + size_t(y) * cols;
            int64_t qx = rx + xb * ax, qy = ry + xb * ay;
            long x = xb;
#if MSEQ_HAS_AVX2_PATH
            if (avx2) {
                const long done = run_avx2(pairs, stride, qx - lo_x, qy - lo_y,
                                           ax, ay, xe - xb, o + xb);
                x += done;
                qx += done * ax;
                qy += done * ay;
            }
#endif
            for (; x < xe; ++x, qx += ax, qy += ay) o[x] = sample(qx, qy);
        }
        return;
    }
    // An elastic field moves every sample by E = M^-1 d(p): every pixel is
    // tried.
    const float *dy = dx + rows * cols;
    const uint64_t span_x = uint64_t(hi_x - lo_x),
                   span_y = uint64_t(hi_y - lo_y);
#if MSEQ_HAS_AVX2_PATH
    const double m[4] = {m00, m01, m10, m11};
#endif
    for (long y = 0; y < h; ++y) {
        uint8_t *o = out + size_t(y) * cols;
        long x = 0;
#if MSEQ_HAS_AVX2_PATH
        if (avx2) {
            const size_t row = size_t(y) * cols;
            x = elastic_avx2(pairs, stride, qx0 + y * bx - lo_x,
                             qy0 + y * by - lo_y, ax, ay, m, dx + row, dy + row,
                             span_x, span_y, w, o);
        }
#endif
        for (; x < w; ++x) {
            const size_t i = size_t(y) * cols + size_t(x);
            const int64_t qx = qx0 + x * ax + y * bx +
                               fixed(m00 * double(dx[i]) + m01 * double(dy[i]));
            const int64_t qy = qy0 + x * ay + y * by +
                               fixed(m10 * double(dx[i]) + m11 * double(dy[i]));
            if (uint64_t(qx - lo_x) < span_x && uint64_t(qy - lo_y) < span_y) {
                o[x] = sample(qx, qy);
            }
        }
    }
}

}  // namespace

void allow_avx2_resampling(bool allow) {
    avx2_allowed.store(allow, std::memory_order_relaxed);
}

void affine_glyph(const uint8_t *in, size_t rows, size_t cols,
                  const DigitWarp &warp, uint8_t *out) {
    resample(whole(in, cols, ink_box(in, rows, cols)), rows, cols, warp, out);
}

namespace {

void warp_ink(const Ink &in, size_t rows, size_t cols, const DigitWarp &warp,
              std::vector<uint8_t> &scratch, uint8_t *out) {
    Ink src = in;
    if (warp.thickness != 0.0) {
        scratch.resize(rows * cols);
        const Box box = thicken(in, rows, cols, warp.thickness, scratch.data());
        src = whole(scratch.data(), cols, box);
    }
    DigitWarp affine = warp;
    affine.thickness = 0.0;
    if (is_identity(affine)) {
        draw(src, rows, cols, out);
        return;
    }
    resample(src, rows, cols, affine, out);
    if (src.b.x1 != 0 && !has_ink(out, rows * cols)) {
        draw(src, rows, cols, out);  // all of its ink moved out
    }
}

}  // namespace

void warp_glyph(const uint8_t *in, size_t rows, size_t cols,
                const DigitWarp &warp, std::vector<uint8_t> &scratch,
                uint8_t *out) {
    warp_ink(whole(in, cols, ink_box(in, rows, cols)), rows, cols, warp,
             scratch, out);
}

void warp_glyph_box(const GlyphBox &glyph, size_t rows, size_t cols,
                    const DigitWarp &warp, std::vector<uint8_t> &scratch,
                    uint8_t *out) {
    Ink in;
    if (glyph.width != 0 && glyph.height != 0) {
        in.at = glyph.ink;
        in.stride = glyph.width;
        in.b = Box{long(glyph.left), long(glyph.left + glyph.width),
                   long(glyph.top), long(glyph.top + glyph.height)};
    }
    warp_ink(in, rows, cols, warp, scratch, out);
}

}  // namespace mseq
