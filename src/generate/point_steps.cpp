// Per-pixel steps of the whole image (point_steps.hpp).
#include "generate/point_steps.hpp"

#include <algorithm>
#include <cstdint>

#include "common/simd.hpp"
#include "generate/render.hpp"

namespace mseq {
namespace {

void point_steps_plain(float *px, size_t n, const PointSteps &s) {
    for (size_t i = 0; i < n; ++i) {
        float v = px[i];
        if (s.levels) v = unit_clamp(s.ink + double(v) * (s.paper - s.ink));
        if (s.contrast) {
            v = unit_clamp((double(v) - 0.5) * s.factor + 0.5 + s.offset);
        }
        px[i] = v;
    }
}

template <bool Invert>
void store_u8_plain(const float *px, size_t n, uint8_t *out) {
    for (size_t i = 0; i < n; ++i) {
        out[i] = f32_to_u8(Invert ? 1.0f - px[i] : px[i]);
    }
}

#if MSEQ_HAS_AVX2_PATH
// Four pixels at a time in double, the same operations in the same order;
// eight pixels of blank paper (1.0, most of an image) at once, as the
// result for 1.0 computed once (the steps are a function of the value).
MSEQ_AVX2 void point_steps_avx2(float *px, size_t n, const PointSteps &s) {
    const __m256d zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1.0);
    const __m256d ink = _mm256_set1_pd(s.ink);
    const __m256d span = _mm256_set1_pd(s.paper - s.ink);
    const __m256d half = _mm256_set1_pd(0.5);
    const __m256d factor = _mm256_set1_pd(s.factor);
    const __m256d offset = _mm256_set1_pd(s.offset);
    const auto unit4 = [&](__m256d v) MSEQ_AVX2 {
        return _mm256_cvtpd_ps(_mm256_min_pd(_mm256_max_pd(v, zero), one));
    };
    const auto steps4 = [&](__m128 v) MSEQ_AVX2 {
        if (s.levels) {
            v = unit4(
                _mm256_add_pd(ink, _mm256_mul_pd(_mm256_cvtps_pd(v), span)));
        }
        if (s.contrast) {
            const __m256d d = _mm256_sub_pd(_mm256_cvtps_pd(v), half);
            v = unit4(_mm256_add_pd(
                _mm256_add_pd(_mm256_mul_pd(d, factor), half), offset));
        }
        return v;
    };
    float blank = 1.0f;
    point_steps_plain(&blank, 1, s);
    const __m256 paper = _mm256_set1_ps(1.0f);
    const __m256 paper_out = _mm256_set1_ps(blank);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 v = _mm256_loadu_ps(px + i);
        if (_mm256_movemask_ps(_mm256_cmp_ps(v, paper, _CMP_EQ_OQ)) == 0xff) {
            _mm256_storeu_ps(px + i, paper_out);
            continue;
        }
        _mm_storeu_ps(px + i, steps4(_mm256_castps256_ps128(v)));
        _mm_storeu_ps(px + i + 4, steps4(_mm256_extractf128_ps(v, 1)));
    }
    point_steps_plain(px + i, n - i, s);
}

// Eight pixels at a time: f32_to_u8's double operations per lane.
template <bool Invert>
MSEQ_AVX2 void store_u8_avx2(const float *px, size_t n, uint8_t *out) {
    const __m256 one = _mm256_set1_ps(1.0f);
    const __m256d k = _mm256_set1_pd(255.0), half = _mm256_set1_pd(0.5);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 v = _mm256_loadu_ps(px + i);
        if (Invert) v = _mm256_sub_ps(one, v);
        const __m128i a = _mm256_cvttpd_epi32(_mm256_add_pd(
            _mm256_mul_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(v)), k),
            half));
        const __m128i b = _mm256_cvttpd_epi32(_mm256_add_pd(
            _mm256_mul_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)), k),
            half));
        const __m128i words = _mm_packus_epi32(a, b);
        _mm_storel_epi64(reinterpret_cast<__m128i *>(out + i),
                         _mm_packus_epi16(words, words));
    }
    store_u8_plain<Invert>(px + i, n - i, out + i);
}
#endif

}  // namespace

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

void store_pixels(const float *px, size_t n, mseq_format format, bool invert,
                  void *out, bool portable) {
    if (format == MSEQ_FORMAT_F32) {
        auto *o = static_cast<float *>(out);
        for (size_t i = 0; i < n; ++i) o[i] = invert ? 1.0f - px[i] : px[i];
        return;
    }
    auto *o = static_cast<uint8_t *>(out);
#if MSEQ_HAS_AVX2_PATH
    if (!portable && has_avx2()) {
        if (invert) {
            store_u8_avx2<true>(px, n, o);
        } else {
            store_u8_avx2<false>(px, n, o);
        }
        return;
    }
#else
    static_cast<void>(portable);
#endif
    if (invert) {
        store_u8_plain<true>(px, n, o);
    } else {
        store_u8_plain<false>(px, n, o);
    }
}

}  // namespace mseq
