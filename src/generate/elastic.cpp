// The elastic displacement field (elastic.hpp).
#include "generate/elastic.hpp"

#include <algorithm>
#include <cmath>

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

// out[x] = w_0 c[x] + sum over k = 1..r of w_k (c[x - k step] + c[x + k
// step]), for x < n, then times alpha when `scale`; k increasing.
using SumTaps = void (*)(const double *c, size_t step, size_t n,
                         const double *w, size_t r, double alpha, bool scale,
                         double *out);

void sum_taps_plain(const double *c, size_t step, size_t n, const double *w,
                    size_t r, double alpha, bool scale, double *out) {
    for (size_t x = 0; x < n; ++x) {
        double acc = w[0] * c[x];
        for (size_t k = 1; k <= r; ++k) {
            acc += w[k] * (c[x - k * step] + c[x + k * step]);
        }
        out[x] = scale ? acc * alpha : acc;
    }
}

#if MSEQ_HAS_AVX2_PATH
// Eight outputs at a time in two registers, each summed over k by the same
// operations in the same order; the rest as the plain loop.
MSEQ_AVX2 void sum_taps_avx2(const double *c, size_t step, size_t n,
                             const double *w, size_t r, double alpha,
                             bool scale, double *out) {
    size_t x = 0;
    for (; x + 8 <= n; x += 8) {
        const __m256d w0 = _mm256_set1_pd(w[0]);
        __m256d a = _mm256_mul_pd(w0, _mm256_loadu_pd(c + x));
        __m256d b = _mm256_mul_pd(w0, _mm256_loadu_pd(c + x + 4));
        for (size_t k = 1; k <= r; ++k) {
            const __m256d wk = _mm256_set1_pd(w[k]);
            const double *left = c + x - k * step, *right = c + x + k * step;
            a = _mm256_add_pd(
                a, _mm256_mul_pd(wk, _mm256_add_pd(_mm256_loadu_pd(left),
                                                   _mm256_loadu_pd(right))));
            b = _mm256_add_pd(
                b,
                _mm256_mul_pd(wk, _mm256_add_pd(_mm256_loadu_pd(left + 4),
                                                _mm256_loadu_pd(right + 4))));
        }
        if (scale) {
            const __m256d s = _mm256_set1_pd(alpha);
            a = _mm256_mul_pd(a, s);
            b = _mm256_mul_pd(b, s);
        }
        _mm256_storeu_pd(out + x, a);
        _mm256_storeu_pd(out + x + 4, b);
    }
    sum_taps_plain(c + x, step, n - x, w, r, alpha, scale, out + x);
}
#endif

void smooth(const double *noise, size_t rows, size_t cols,
            const std::vector<double> &kernel, double alpha,
            std::vector<double> &scratch, double *field, SumTaps sum_taps) {
    const size_t r = kernel.size() - 1;
    // Taps beyond the field's extent only ever meet the zeros outside.
    const size_t rh = std::min(r, cols - 1), rv = std::min(r, rows - 1);
    const double *w = kernel.data();
    // scratch: one padded row (cols + 2 rh), then the rows pass's result
    // padded with rv zero rows above and below ((rows + 2 rv) x cols).
    const size_t row_len = cols + 2 * rh;
    scratch.assign(row_len + (rows + 2 * rv) * cols, 0.0);
    double *row = scratch.data();
    double *mid = row + row_len + rv * cols;  // row 0 of the rows pass
    // Along rows, then along columns and the strength.
    for (size_t y = 0; y < rows; ++y) {
        std::copy(noise + y * cols, noise + (y + 1) * cols, row + rh);
        sum_taps(row + rh, 1, cols, w, rh, 1.0, false, mid + y * cols);
    }
    for (size_t y = 0; y < rows; ++y) {
        sum_taps(mid + y * cols, cols, cols, w, rv, alpha, true,
                 field + y * cols);
    }
}

}  // namespace

void smooth_field(const double *noise, size_t rows, size_t cols,
                  const std::vector<double> &kernel, double alpha,
                  std::vector<double> &scratch, double *field, bool portable) {
    SumTaps taps = sum_taps_plain;
#if MSEQ_HAS_AVX2_PATH
    if (!portable && has_avx2()) taps = sum_taps_avx2;
#else
    static_cast<void>(portable);
#endif
    smooth(noise, rows, cols, kernel, alpha, scratch, field, taps);
}

}  // namespace mseq
