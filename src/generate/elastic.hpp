// The elastic displacement field of one digit (Simard, Steinkraus and
// Platt, "Best practices for convolutional neural networks applied to
// visual document analysis", 2003): a noise field smoothed by a truncated,
// normalised Gaussian and scaled by alpha (mnistseq.h,
// MSEQ_PARAM_ELASTIC_ALPHA, gives the user's view). Pure functions of their
// arguments: augment.cpp picks each digit's stream, the field is applied by
// digit_warp.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "generate/rng.hpp"

namespace mseq {

// The weights w_0..w_r, r = ceil(3 sigma), of the normalised Gaussian of
// standard deviation sigma (> 0): w_k = g_k / S with
// g_k = exp(-k^2 / (2 sigma^2)) (exp_portable) and
// S = g_0 + 2 (g_r + ... + g_1), so that w_0 + 2 (w_1 + ... + w_r) is 1 up
// to rounding. One side only: the kernel is symmetric, w_-k = w_k.
std::vector<double> gaussian_kernel(double sigma);

// field = alpha * (noise convolved with the kernel along each row, then
// along each column), noise rows x cols (row-major, rows, cols >= 1) and 0
// outside them; field has rows x cols values. Single precision: the
// weights are the kernel's rounded to float, and each sum is evaluated as
// w_0 v_0, then acc = fma(w_k, v_-k + v_k, acc) for k = 1, 2, ... (one
// rounding per fused multiply-add; taps that reach only outside the field
// are left out); the columns pass's sums are then multiplied by
// float(alpha). scratch is reused memory. `portable`: the plain loops (with
// std::fma), not the AVX2 ones (for tests: both give the same bits).
void smooth_field(const float *noise, size_t rows, size_t cols,
                  const std::vector<double> &kernel, double alpha,
                  std::vector<float> &scratch, float *field,
                  bool portable = false);

// A noise value uniform over [-1, 1): 2u - 1 for u = bits / 2^24, bits a
// 24-bit integer (exact in float).
inline float unit_noise(uint32_t bits) {
    return float(bits) * 0x1.0p-23f - 1.0f;
}

// count noise values (count even) from draws 0, 1, ... of `stream` (its
// counter is not used): draw k gives value 2k from its top 24 bits and
// value 2k + 1 from bits 8 to 31, each by unit_noise(). `portable`: the
// plain loop, not the AVX2 one (for tests: both give the same bits).
void elastic_noise(const Stream &stream, size_t count, float *noise,
                   bool portable = false);

}  // namespace mseq
