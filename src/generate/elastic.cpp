// The elastic displacement field (elastic.hpp).
#include "generate/elastic.hpp"

#include <algorithm>
#include <cmath>

#include "common/exact_math.hpp"

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

void smooth_field(const double *noise, size_t rows, size_t cols,
                  const std::vector<double> &kernel, double alpha,
                  std::vector<double> &scratch, double *field) {
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
    // Along rows. The loops run over x innermost so that they vectorise;
    // every output value still sees its terms in the documented order.
    for (size_t y = 0; y < rows; ++y) {
        std::copy(noise + y * cols, noise + (y + 1) * cols, row + rh);
        const double *c = row + rh;
        double *out = mid + y * cols;
        for (size_t x = 0; x < cols; ++x) out[x] = w[0] * c[x];
        for (size_t k = 1; k <= rh; ++k) {
            const double wk = w[k];
            const double *left = c - k, *right = c + k;  // in the padding
            for (size_t x = 0; x < cols; ++x) {
                out[x] += wk * (left[x] + right[x]);
            }
        }
    }
    // Along columns, then the strength.
    for (size_t y = 0; y < rows; ++y) {
        const double *c = mid + y * cols;
        double *out = field + y * cols;
        for (size_t x = 0; x < cols; ++x) out[x] = w[0] * c[x];
        for (size_t k = 1; k <= rv; ++k) {
            const double wk = w[k];
            const double *above = c - k * cols, *below = c + k * cols;
            for (size_t x = 0; x < cols; ++x) {
                out[x] += wk * (above[x] + below[x]);
            }
        }
        for (size_t x = 0; x < cols; ++x) out[x] *= alpha;
    }
}

}  // namespace mseq
