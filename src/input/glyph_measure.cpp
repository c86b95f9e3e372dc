// A glyph's integer measures (glyph_measure.hpp), over the glyph as one
// run of bytes: a pixel is dark when its top bit is set (weight >= 128),
// and the AND of a pixel's and its four neighbours' weights has the top
// bit set when all five are dark. Across the run, the neighbours left and
// right of a pixel at the left or right edge are in other rows: those
// pixels are taken back out. On x86-64, 16 pixels a step (SSE2, which
// every such processor has): the weights and the top bits summed by
// psadbw, the first and last dark pixels found by the bytes' sign masks.
#include "input/glyph_measure.hpp"

#include <cstddef>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mseq {
namespace {

// Dark pixels with four dark neighbours at run positions [from, to).
unsigned inside_count(const uint8_t *p, size_t from, size_t to, size_t cols) {
    unsigned count = 0;
    for (size_t i = from; i < to; ++i) {
        count +=
            unsigned(p[i] & p[i - 1] & p[i + 1] & p[i - cols] & p[i + cols]) >>
            7;
    }
    return count;
}

// The whole-run sums: the weights, the dark pixels and the inside ones
// (rows 1 .. rows - 2, edge columns included).
void run_sums(const uint8_t *p, size_t n, size_t cols, bool inner,
              GlyphMeasure &m, uint64_t &dark, uint64_t &inside) {
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128();
    const __m128i one = _mm_set1_epi8(1);
    // The top bits as bytes 0 or 1, summed by psadbw.
    const auto tops = [&](__m128i v) {
        return _mm_sad_epu8(_mm_and_si128(_mm_srli_epi16(v, 7), one), zero);
    };
    const auto total = [](__m128i v) {
        return uint64_t(_mm_cvtsi128_si64(v)) +
               uint64_t(_mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v)));
    };
    __m128i ink = zero, darks = zero;
    for (; i + 16 <= n; i += 16) {
        const __m128i v =
            _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i));
        ink = _mm_add_epi64(ink, _mm_sad_epu8(v, zero));
        darks = _mm_add_epi64(darks, tops(v));
    }
    m.ink += total(ink);
    dark += total(darks);
#endif
    for (; i < n; ++i) {
        m.ink += p[i];
        dark += p[i] >> 7;
    }
    if (!inner) return;
    const size_t end = n - cols;
    i = cols;
#if defined(__SSE2__)
    __m128i insides = zero;
    for (; i + 16 <= end; i += 16) {
        const auto at = [&](size_t k) {
            return _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + k));
        };
        const __m128i all =
            _mm_and_si128(_mm_and_si128(_mm_and_si128(at(i), at(i - 1)),
                                        _mm_and_si128(at(i + 1), at(i - cols))),
                          at(i + cols));
        insides = _mm_add_epi64(insides, tops(all));
    }
    inside += total(insides);
#endif
    inside += inside_count(p, i, end, cols);
}

// The positions of the first and the last dark pixel of the run (-1: none).
int64_t first_dark(const uint8_t *p, size_t n) {
    size_t i = 0;
#if defined(__SSE2__)
    for (; i + 16 <= n; i += 16) {
        const unsigned mask = unsigned(_mm_movemask_epi8(
            _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i))));
        if (mask != 0) return int64_t(i) + __builtin_ctz(mask);
    }
#endif
    for (; i < n; ++i) {
        if (p[i] >> 7) return int64_t(i);
    }
    return -1;
}

int64_t last_dark(const uint8_t *p, size_t n) {
    size_t i = n;
#if defined(__SSE2__)
    for (; i >= 16; i -= 16) {
        const unsigned mask = unsigned(_mm_movemask_epi8(
            _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i - 16))));
        if (mask != 0) return int64_t(i) - 1 - (__builtin_clz(mask) - 16);
    }
#endif
    while (i-- > 0) {
        if (p[i] >> 7) return int64_t(i);
    }
    return -1;
}

}  // namespace

GlyphMeasure measure_glyph(const uint8_t *pixels, uint32_t rows,
                           uint32_t cols) {
    GlyphMeasure m;
    const size_t n = size_t(rows) * cols;
    const bool inner = rows >= 3 && cols >= 3;
    uint64_t dark = 0, inside = 0;
    run_sums(pixels, n, cols, inner, m, dark, inside);
    if (inner) {
        for (size_t y = 1; y + 1 < rows; ++y) {
            const size_t left = y * cols, right = left + cols - 1;
            inside -= inside_count(pixels, left, left + 1, cols) +
                      inside_count(pixels, right, right + 1, cols);
        }
    }
    m.boundary = dark - inside;
    const int64_t first = first_dark(pixels, n), last = last_dark(pixels, n);
    if (first >= 0) {
        m.first = first / int64_t(cols);
        m.last = last / int64_t(cols);
    }
    return m;
}

}  // namespace mseq
