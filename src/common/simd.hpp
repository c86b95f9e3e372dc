// Run-time picked AVX2 kernels: on x86-64 with GCC or Clang a kernel may
// also be compiled for AVX2 (MSEQ_AVX2 on its definition) and called when
// the processor has it (has_avx2()); a few also have an AVX-512 twin
// (MSEQ_AVX512_VBMI, has_avx512_vbmi(); MSEQ_AVX512, has_avx512()). Every such
// kernel gives the bits of its portable twin, which tests compare.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__)
#define MSEQ_HAS_AVX2_PATH 1
#define MSEQ_AVX2 __attribute__((target("avx2")))
#define MSEQ_AVX2_FMA __attribute__((target("avx2,fma")))
#define MSEQ_AVX512_VBMI \
    __attribute__((target("avx2,avx512f,avx512bw,avx512vbmi")))
#define MSEQ_AVX512 \
    __attribute__((target("avx2,fma,avx512f,avx512bw,avx512vl,avx512vbmi")))
#include <immintrin.h>
#else
#define MSEQ_HAS_AVX2_PATH 0
#define MSEQ_AVX2
#define MSEQ_AVX2_FMA
#define MSEQ_AVX512_VBMI
#define MSEQ_AVX512
#endif

// Always inlined (helpers taking kernels as lambdas), and a prefetch hint.
#if defined(__GNUC__)
#define MSEQ_ALWAYS_INLINE inline __attribute__((always_inline))
#define MSEQ_PREFETCH(address) __builtin_prefetch(address)
#else
#define MSEQ_ALWAYS_INLINE inline
#define MSEQ_PREFETCH(address) static_cast<void>(address)
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

// True when the processor runs AVX-512 code with byte permutes (AVX512BW
// and AVX512_VBMI) and the system keeps its registers (asked once).
inline bool has_avx512_vbmi() {
#if MSEQ_HAS_AVX2_PATH
    static const bool vbmi = has_avx2() &&
                             __builtin_cpu_supports("avx512bw") != 0 &&
                             __builtin_cpu_supports("avx512vbmi") != 0;
    return vbmi;
#else
    return false;
#endif
}

// True when the processor runs MSEQ_AVX512 code: AVX-512 with 8- and
// 16-bit lanes, 256-bit masked operations and byte permutes (AVX512BW,
// AVX512VL, AVX512_VBMI), and FMA, and the system keeps its registers
// (asked once).
inline bool has_avx512() {
#if MSEQ_HAS_AVX2_PATH
    static const bool avx512 = has_avx512_vbmi() && has_avx2_fma() &&
                               __builtin_cpu_supports("avx512vl") != 0;
    return avx512;
#else
    return false;
#endif
}

// The kernels a caller may ask for, for tests: the fastest the processor
// runs among those up to the one named.
enum class Kernel { portable, avx2, avx512 };

}  // namespace mseq
