// The elastic displacement field of one digit (Simard, Steinkraus and
// Platt, "Best practices for convolutional neural networks applied to
// visual document analysis", 2003): a noise field smoothed by a truncated,
// normalised Gaussian and scaled by alpha (mnistseq.h,
// MSEQ_PARAM_ELASTIC_ALPHA, gives the user's view). Pure functions of their
// arguments: the noise is drawn by augment.cpp, the field is applied by
// digit_warp.cpp.
#pragma once

#include <cstddef>
#include <vector>

namespace mseq {

// The weights w_0..w_r, r = ceil(3 sigma), of the normalised Gaussian of
// standard deviation sigma (> 0): w_k = g_k / S with
// g_k = exp(-k^2 / (2 sigma^2)) (exp_portable) and
// S = g_0 + 2 (g_r + ... + g_1), so that w_0 + 2 (w_1 + ... + w_r) is 1 up
// to rounding. One side only: the kernel is symmetric, w_-k = w_k.
std::vector<double> gaussian_kernel(double sigma);

// field = alpha * (noise convolved with the kernel along each row, then
// along each column), noise rows x cols (row-major, rows, cols >= 1) and 0
// outside them; field has rows x cols values. Each sum is evaluated as
// w_0 v_0 + sum over k = 1.. of w_k (v_-k + v_k), k increasing (taps that
// reach only outside the field are left out). scratch is reused memory.
// `portable`: the plain loops, not the AVX2 ones (for tests: both give the
// same bits).
void smooth_field(const double *noise, size_t rows, size_t cols,
                  const std::vector<double> &kernel, double alpha,
                  std::vector<double> &scratch, double *field,
                  bool portable = false);

}  // namespace mseq
