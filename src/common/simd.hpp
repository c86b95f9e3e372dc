// Run-time picked AVX2 kernels: on x86-64 with GCC or Clang a kernel may
// also be compiled for AVX2 (MSEQ_AVX2 on its definition) and called when
// the processor has it (has_avx2()). Every such kernel gives the bits of
// its portable twin, which tests compare.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__)
#define MSEQ_HAS_AVX2_PATH 1
#define MSEQ_AVX2 __attribute__((target("avx2")))
#define MSEQ_AVX2_FMA __attribute__((target("avx2,fma")))
#include <immintrin.h>
#else
#define MSEQ_HAS_AVX2_PATH 0
#define MSEQ_AVX2
#define MSEQ_AVX2_FMA
#endif

namespace mseq {

// True when the processor runs AVX2 code (asked once).
inline bool has_avx2() {
#if MSEQ_HAS_AVX2_PATH
    static const bool avx2 = __builtin_cpu_supports("avx2");
    return avx2;
#else
    return false;
#endif
}

// True when the processor runs AVX2 code with fused multiply-add (FMA3)
// too (asked once): for kernels whose portable twin calls std::fma.
inline bool has_avx2_fma() {
#if MSEQ_HAS_AVX2_PATH
    static const bool fma = has_avx2() && __builtin_cpu_supports("fma") != 0;
    return fma;
#else
    return false;
#endif
}

}  // namespace mseq
