// The elastic displacement field (elastic.hpp).
#include "generate/elastic.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "common/exact_math.hpp"
#include "common/simd.hpp"

namespace mseq {

std::vector<double> gaussian_kernel(double sigma) {
    // ceil is exact in IEEE arithmetic. sigma is within its row's bounds
    // (1..16, checked when set), so r is 3..48.
    const size_t r = static_cast<size_t>(std::ceil(3.0 * sigma));
    const double two_var = 2.0 * sigma * sigma;
    std::vector<double> w(r + 1);
    for (size_t k = 0; k <= r; ++k) {
        const double kk = static_cast<double>(k * k);
        w[k] = exp_portable(-kk / two_var);
    }
    double tail = 0.0;
    for (size_t k = r; k >= 1; --k) tail += w[k];
    const double sum = w[0] + 2.0 * tail;
    for (double &v : w) v /= sum;
    return w;
}

namespace {

void noise_plain(const Stream &stream, size_t from, size_t count,
                 float *noise) {
    for (size_t i = from; i < count; i += 2) {
        const uint64_t d = stream.at(i / 2);
        noise[i] = unit_noise(uint32_t(d >> 40));
        noise[i + 1] = unit_noise(uint32_t(d >> 8) & 0xffffffu);
    }
}

#if MSEQ_HAS_AVX2_PATH
// The low 64 bits of a * c per lane, from 32-bit products.
MSEQ_AVX2 inline __m256i mul64(__m256i a, uint64_t c) {
    const __m256i lo = _mm256_set1_epi64x(int64_t(c & 0xffffffffu));
    const __m256i hi = _mm256_set1_epi64x(int64_t(c >> 32));
    const __m256i cross =
        _mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(a, 32), lo),
                         _mm256_mul_epu32(a, hi));
    return _mm256_add_epi64(_mm256_mul_epu32(a, lo),
                            _mm256_slli_epi64(cross, 32));
}

// mix64() of 4 lanes.
MSEQ_AVX2 inline __m256i mix4(__m256i z) {
    z = mul64(_mm256_xor_si256(z, _mm256_srli_epi64(z, 30)),
              0xbf58476d1ce4e5b9ULL);
    z = mul64(_mm256_xor_si256(z, _mm256_srli_epi64(z, 27)),
              0x94d049bb133111ebULL);
    return _mm256_xor_si256(z, _mm256_srli_epi64(z, 31));
}

// Four draws at a time: each 64-bit lane becomes its two 24-bit fields in
// its two 32-bit halves (value 2k low, 2k + 1 high), converted exactly.
MSEQ_AVX2 void noise_avx2(const Stream &stream, size_t count, float *noise) {
    const uint64_t g = Stream::kGolden, key = stream.key();
    __m256i z = _mm256_set_epi64x(int64_t(key + 4 * g), int64_t(key + 3 * g),
                                  int64_t(key + 2 * g), int64_t(key + g));
    const __m256i step = _mm256_set1_epi64x(int64_t(4 * g));
    const __m256i field = _mm256_set1_epi64x(0xffffff);
    const __m256 unit = _mm256_set1_ps(0x1.0p-23f), one = _mm256_set1_ps(1.0f);
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m256i d = mix4(z);
        z = _mm256_add_epi64(z, step);
        const __m256i pair = _mm256_or_si256(
            _mm256_srli_epi64(d, 40),
            _mm256_slli_epi64(_mm256_and_si256(_mm256_srli_epi64(d, 8), field),
                              32));
        _mm256_storeu_ps(
            noise + i,
            _mm256_sub_ps(_mm256_mul_ps(_mm256_cvtepi32_ps(pair), unit), one));
    }
    noise_plain(stream, i, count, noise);
}
#endif

}  // namespace

void elastic_noise(const Stream &stream, size_t count, float *noise,
                   bool portable) {
#if MSEQ_HAS_AVX2_PATH
    if (!portable && has_avx2()) {
        noise_avx2(stream, count, noise);
        return;
    }
#else
    static_cast<void>(portable);
#endif
    noise_plain(stream, 0, count, noise);
}

namespace {

// `lines` lines of n outputs each: line l reads c + l * in_stride and
// writes out + l * out_stride, out[x] = w_0 c[x], then + w_k (c[x - k
// step] + c[x + k step]) fused for k = 1..r, for x < n, then times alpha
// when `scale`.
struct Lines {
    const float *c;
    size_t in_stride, step, n, lines;
    float *out;
    size_t out_stride;
};
using SumLines = void (*)(const Lines &l, const float *w, size_t r, float alpha,
                          bool scale);

void sum_lines_plain(const Lines &l, const float *w, size_t r, float alpha,
                     bool scale) {
    for (size_t line = 0; line < l.lines; ++line) {
        const float *c = l.c + line * l.in_stride;
        float *out = l.out + line * l.out_stride;
        for (size_t x = 0; x < l.n; ++x) {
            float acc = w[0] * c[x];
            for (size_t k = 1; k <= r; ++k) {
                acc =
                    std::fma(w[k], c[x - k * l.step] + c[x + k * l.step], acc);
            }
            out[x] = scale ? acc * alpha : acc;
        }
    }
}

#if MSEQ_HAS_AVX2_PATH
// Where one block of 8 outputs reads and writes.
struct Block {
    size_t in, out;
};

// M blocks of 8 outputs summed together (M independent chains keep the
// fused multiply-adds busy), each lane by the plain loop's operations in
// its order.
template <size_t M>
MSEQ_AVX2_FMA void blocks_fma(const float *c, size_t step, const Block *at,
                              const float *w, size_t r, float alpha, bool scale,
                              float *out) {
    __m256 acc[M];
    const __m256 w0 = _mm256_set1_ps(w[0]);
    for (size_t j = 0; j < M; ++j) {
        acc[j] = _mm256_mul_ps(w0, _mm256_loadu_ps(c + at[j].in));
    }
    for (size_t k = 1; k <= r; ++k) {
        const __m256 wk = _mm256_set1_ps(w[k]);
        for (size_t j = 0; j < M; ++j) {
            const float *left = c + at[j].in - k * step;
            const float *right = c + at[j].in + k * step;
            acc[j] = _mm256_fmadd_ps(
                wk,
                _mm256_add_ps(_mm256_loadu_ps(left), _mm256_loadu_ps(right)),
                acc[j]);
        }
    }
    const __m256 s = _mm256_set1_ps(alpha);
    for (size_t j = 0; j < M; ++j) {
        _mm256_storeu_ps(out + at[j].out,
                         scale ? _mm256_mul_ps(acc[j], s) : acc[j]);
    }
}

// Each line's outputs in blocks of 8, the last block ending at n
// (overlapping the one before it when n is not a multiple of 8: its lanes
// are computed alike, so rewriting them changes nothing); eight blocks of
// any lines at a time.
MSEQ_AVX2_FMA void sum_lines_fma(const Lines &l, const float *w, size_t r,
                                 float alpha, bool scale) {
    if (l.n < 8) {
        sum_lines_plain(l, w, r, alpha, scale);
        return;
    }
    constexpr size_t kGroup = 8;
    const size_t per_line = (l.n + 7) / 8;
    const size_t blocks = per_line * l.lines;
    Block at[kGroup];
    size_t line = 0, k = 0;  // the next block: line's block k
    for (size_t b = 0; b < blocks; b += kGroup) {
        const size_t m = std::min(kGroup, blocks - b);
        for (size_t j = 0; j < m; ++j) {
            const size_t x = std::min(8 * k, l.n - 8);
            at[j] = Block{line * l.in_stride + x, line * l.out_stride + x};
            if (++k == per_line) k = 0, ++line;
        }
        // The kernel for m blocks (m = 1..8).
        using BlocksFn = void (*)(const float *, size_t, const Block *,
                                  const float *, size_t, float, bool, float *);
        static constexpr BlocksFn kBlocks[kGroup] = {
            blocks_fma<1>, blocks_fma<2>, blocks_fma<3>, blocks_fma<4>,
            blocks_fma<5>, blocks_fma<6>, blocks_fma<7>, blocks_fma<8>};
        kBlocks[m - 1](l.c, l.step, at, w, r, alpha, scale, l.out);
    }
}
#endif

void smooth(const float *noise, size_t rows, size_t cols,
            const std::vector<double> &kernel, double alpha,
            std::vector<float> &scratch, float *field, SumLines sum_lines) {
    const size_t r = kernel.size() - 1;
    // Taps beyond the field's extent only ever meet the zeros outside.
    const size_t rh = std::min(r, cols - 1), rv = std::min(r, rows - 1);
    // scratch: the weights (rounded to float); the noise's rows, each with
    // rh zeros before and after it (rows x (cols + 2 rh), the rows pass's
    // input); then the rows pass's result padded with rv zero rows above
    // and below ((rows + 2 rv) rows), its rows `stride` values apart at
    // addresses that are multiples of 64 bytes, so that the columns pass's
    // loads never straddle two cache lines. Only the margins need zeros:
    // the rest is written before it is read.
    const size_t taps = std::max(rh, rv) + 1;
    const size_t row_len = cols + 2 * rh;
    const size_t line = 64 / sizeof(float);
    const size_t stride = (cols + line - 1) / line * line;
    scratch.resize(taps + rows * row_len + line + (rows + 2 * rv) * stride);
    float *w = scratch.data();
    for (size_t k = 0; k < taps; ++k) w[k] = float(kernel[k]);
    float *padded = w + taps;
    for (size_t y = 0; y < rows; ++y) {
        float *row = padded + y * row_len;
        std::fill(row, row + rh, 0.0f);
        std::copy(noise + y * cols, noise + (y + 1) * cols, row + rh);
        std::fill(row + rh + cols, row + row_len, 0.0f);
    }
    float *end = padded + rows * row_len;
    const auto after = reinterpret_cast<uintptr_t>(end);
    float *top = end + (line - after / sizeof(float) % line) % line;
    float *mid = top + rv * stride;  // row 0 of the rows pass
    std::fill(top, mid, 0.0f);
    std::fill(mid + rows * stride, mid + (rows + rv) * stride, 0.0f);
    // Along rows, then along columns and the strength.
    sum_lines(Lines{padded + rh, row_len, 1, cols, rows, mid, stride}, w, rh,
              1.0f, false);
    sum_lines(Lines{mid, stride, stride, cols, rows, field, cols}, w, rv,
              float(alpha), true);
}

}  // namespace

void smooth_field(const float *noise, size_t rows, size_t cols,
                  const std::vector<double> &kernel, double alpha,
                  std::vector<float> &scratch, float *field, bool portable) {
    SumLines taps = sum_lines_plain;
#if MSEQ_HAS_AVX2_PATH
    if (!portable && has_avx2_fma()) taps = sum_lines_fma;
#else
    static_cast<void>(portable);
#endif
    smooth(noise, rows, cols, kernel, alpha, scratch, field, taps);
}

}  // namespace mseq
