// Per-pixel steps of the whole image (point_steps.hpp).
#include "generate/point_steps.hpp"

#include <algorithm>
#include <cstdint>

#include "common/simd.hpp"
#include "generate/render.hpp"

namespace mseq {
namespace {

// The steps that are on, of one value.
inline float steps_of(float v, const PointSteps &s) {
    if (s.levels) v = unit_clamp_f(s.ink + v * s.span);
    if (s.contrast) v = unit_clamp_f((v - 0.5f) * s.factor + s.base);
    return v;
}

void point_steps_plain(float *px, size_t n, const PointSteps &s) {
    for (size_t i = 0; i < n; ++i) px[i] = steps_of(px[i], s);
}

template <bool Invert>
void store_plain(const float *px, size_t n, const PointSteps &s, float *out) {
    for (size_t i = 0; i < n; ++i) {
        const float v = steps_of(px[i], s);
        out[i] = Invert ? 1.0f - v : v;
    }
}

template <bool Invert>
void store_plain(const float *px, size_t n, const PointSteps &s, uint8_t *out) {
    for (size_t i = 0; i < n; ++i) {
        const float v = steps_of(px[i], s);
        out[i] = f32_to_u8(Invert ? 1.0f - v : v);
    }
}

#if MSEQ_HAS_AVX2_PATH
// The steps on eight pixels at a time: the same float operations in the
// same order (maxps and minps with v first choose as std::max and std::min
// with it second).
struct Steps8 {
    // Copies (a uint8_t store could alias a reference's target).
    const bool levels, contrast;
    const PointSteps s;
    __m256 zero = _mm256_setzero_ps(), one = _mm256_set1_ps(1.0f);
    __m256 ink = _mm256_set1_ps(s.ink), span = _mm256_set1_ps(s.span);
    __m256 half = _mm256_set1_ps(0.5f), factor = _mm256_set1_ps(s.factor);
    __m256 base = _mm256_set1_ps(s.base);

    MSEQ_AVX2 explicit Steps8(const PointSteps &steps)
        : levels(steps.levels), contrast(steps.contrast), s(steps) {}

    MSEQ_AVX2 __m256 operator()(__m256 v) const {
        if (levels) {
            v = _mm256_min_ps(
                _mm256_max_ps(_mm256_add_ps(ink, _mm256_mul_ps(v, span)), zero),
                one);
        }
        if (contrast) {
            v = _mm256_min_ps(
                _mm256_max_ps(
                    _mm256_add_ps(_mm256_mul_ps(_mm256_sub_ps(v, half), factor),
                                  base),
                    zero),
                one);
        }
        return v;
    }
};

MSEQ_AVX2 void point_steps_avx2(float *px, size_t n, const PointSteps &s) {
    const Steps8 steps(s);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        _mm256_storeu_ps(px + i, steps(_mm256_loadu_ps(px + i)));
    }
    point_steps_plain(px + i, n - i, s);
}

template <bool Invert>
MSEQ_AVX2 void store_avx2(const float *px, size_t n, const PointSteps &s,
                          float *out) {
    const Steps8 steps(s);
    const __m256 one = _mm256_set1_ps(1.0f);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 v = steps(_mm256_loadu_ps(px + i));
        if (Invert) v = _mm256_sub_ps(one, v);
        _mm256_storeu_ps(out + i, v);
    }
    store_plain<Invert>(px + i, n - i, s, out + i);
}

// f32_to_u8(v) of v in [0, 1] is floor(255 v + 0.5) exactly (255 v is
// exact in double, and so is adding 0.5 where the result can be above 0).
// In float, t = (255 v) + 0.5 is within 2^-16 of it (two roundings of at
// most 2^-17 below 256), so floor(t) is the answer unless t is within
// 2^-15 of a whole number: those groups of eight (rare; never the
// unscaled ink levels, whose t are halves) take f32_to_u8's double
// operations per lane.
template <bool Invert>
MSEQ_AVX2 void store_avx2(const float *px, size_t n, const PointSteps &s,
                          uint8_t *out) {
    const Steps8 steps(s);
    const __m256 one = _mm256_set1_ps(1.0f);
    const __m256 k = _mm256_set1_ps(255.0f), half = _mm256_set1_ps(0.5f);
    const __m256 near = _mm256_set1_ps(0x1.0p-15f);
    const __m256 far = _mm256_set1_ps(1.0f - 0x1.0p-15f);
    // floor(t) of 8 values, and whether any of them is in doubt.
    const auto whole8 = [&](__m256 v, __m256 &doubt) MSEQ_AVX2 {
        if (Invert) v = _mm256_sub_ps(one, v);
        const __m256 t = _mm256_add_ps(_mm256_mul_ps(v, k), half);
        const __m256 whole = _mm256_floor_ps(t);
        const __m256 frac = _mm256_sub_ps(t, whole);
        doubt = _mm256_or_ps(_mm256_cmp_ps(frac, near, _CMP_LT_OQ),
                             _mm256_cmp_ps(frac, far, _CMP_GT_OQ));
        return _mm256_cvttps_epi32(whole);
    };
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256 doubt_a, doubt_b;
        const __m256i a = whole8(steps(_mm256_loadu_ps(px + i)), doubt_a);
        const __m256i b = whole8(steps(_mm256_loadu_ps(px + i + 8)), doubt_b);
        if (_mm256_movemask_ps(_mm256_or_ps(doubt_a, doubt_b)) != 0) {
            store_plain<Invert>(px + i, 16, s, out + i);
            continue;
        }
        // Words a0-3 b0-3 | a4-7 b4-7 (per 128-bit lane), bytes likewise
        // in each lane's low half; then the four groups of 4 in order.
        const __m256i words = _mm256_packus_epi32(a, b);
        const __m256i bytes = _mm256_permutevar8x32_epi32(
            _mm256_packus_epi16(words, words),
            _mm256_setr_epi32(0, 4, 1, 5, 0, 0, 0, 0));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + i),
                         _mm256_castsi256_si128(bytes));
    }
    store_plain<Invert>(px + i, n - i, s, out + i);
}
#endif

// store_plain or store_avx2 for the output type T.
template <typename T>
void store_as(const float *px, size_t n, const PointSteps &steps, bool invert,
              T *out, bool portable) {
#if MSEQ_HAS_AVX2_PATH
    if (!portable && has_avx2()) {
        if (invert) {
            store_avx2<true>(px, n, steps, out);
        } else {
            store_avx2<false>(px, n, steps, out);
        }
        return;
    }
#else
    static_cast<void>(portable);
#endif
    if (invert) {
        store_plain<true>(px, n, steps, out);
    } else {
        store_plain<false>(px, n, steps, out);
    }
}

}  // namespace

void PointSteps::set_levels(double ink_level, double paper_level) {
    levels = true;
    ink = float(ink_level);
    span = float(paper_level - ink_level);
}

void PointSteps::set_contrast(double contrast_factor, double offset) {
    contrast = true;
    factor = float(contrast_factor);
    base = float(0.5 + offset);
}

void apply_point_steps(float *px, size_t n, const PointSteps &steps,
                       bool portable) {
#if MSEQ_HAS_AVX2_PATH
    if (!portable && has_avx2()) {
        point_steps_avx2(px, n, steps);
        return;
    }
#else
    static_cast<void>(portable);
#endif
    point_steps_plain(px, n, steps);
}

void store_pixels(const float *px, size_t n, const PointSteps &steps,
                  mseq_format format, bool invert, void *out, bool portable) {
    if (format == MSEQ_FORMAT_F32) {
        store_as(px, n, steps, invert, static_cast<float *>(out), portable);
    } else {
        store_as(px, n, steps, invert, static_cast<uint8_t *>(out), portable);
    }
}

void ink_table(const PointSteps &steps, bool invert, uint8_t table[256]) {
    float values[256];
    for (int b = 0; b < 256; ++b) {
        values[b] = ink_to_f32(uint8_t(255 - b), false);
    }
    store_pixels(values, 256, steps, MSEQ_FORMAT_U8, invert, table);
}

namespace {

void table_plain(uint8_t *px, size_t n, const uint8_t table[256]) {
    for (size_t i = 0; i < n; ++i) px[i] = table[px[i]];
}

#if MSEQ_HAS_AVX2_PATH
MSEQ_AVX2 void table_avx2(uint8_t *px, size_t n, const uint8_t table[256]) {
    const __m256i paper = _mm256_set1_epi8(char(0xff));
    const __m256i paper_out = _mm256_set1_epi8(char(table[255]));
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        auto *at = reinterpret_cast<__m256i *>(px + i);
        const __m256i v = _mm256_loadu_si256(at);
        if (_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, paper)) == -1) {
            _mm256_storeu_si256(at, paper_out);
        } else {
            table_plain(px + i, 32, table);
        }
    }
    table_plain(px + i, n - i, table);
}

// The entries of 64 bytes v in the table's four 64-byte quarters q: one
// two-quarter permute for each half (the index's low 7 bits), the top bit
// picking the half.
MSEQ_AVX512_VBMI inline __m512i look_up64(__m512i v, const __m512i q[4]) {
    const __m512i low = _mm512_permutex2var_epi8(q[0], v, q[1]);
    const __m512i high = _mm512_permutex2var_epi8(q[2], v, q[3]);
    return _mm512_mask_blend_epi8(_mm512_movepi8_mask(v), low, high);
}

// table_plain() 64 bytes a step; the last n % 64 through masked loads and
// stores.
MSEQ_AVX512_VBMI void table_avx512(uint8_t *px, size_t n,
                                   const uint8_t table[256]) {
    const __m512i q[4] = {
        _mm512_loadu_si512(table), _mm512_loadu_si512(table + 64),
        _mm512_loadu_si512(table + 128), _mm512_loadu_si512(table + 192)};
    size_t i = 0;
    for (; i + 64 <= n; i += 64) {
        _mm512_storeu_si512(px + i, look_up64(_mm512_loadu_si512(px + i), q));
    }
    if (i < n) {
        const __mmask64 rest = (uint64_t{1} << (n - i)) - 1;  // n - i < 64
        _mm512_mask_storeu_epi8(
            px + i, rest, look_up64(_mm512_maskz_loadu_epi8(rest, px + i), q));
    }
}
#endif

}  // namespace

void apply_table(uint8_t *px, size_t n, const uint8_t table[256],
                 Kernel kernel) {
#if MSEQ_HAS_AVX2_PATH
    if (kernel >= Kernel::avx512 && has_avx512_vbmi()) {
        table_avx512(px, n, table);
        return;
    }
    if (kernel >= Kernel::avx2 && has_avx2()) {
        table_avx2(px, n, table);
        return;
    }
#else
    static_cast<void>(kernel);
#endif
    table_plain(px, n, table);
}

}  // namespace mseq
