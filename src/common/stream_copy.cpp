// Streaming copies (stream_copy.hpp).
#include "common/stream_copy.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "common/simd.hpp"

// Streaming stores: SSE2, part of every x86-64.
#if defined(__x86_64__) || defined(_M_X64)
#define MSEQ_STREAM_STORES 1
#include <emmintrin.h>
#else
#define MSEQ_STREAM_STORES 0
#endif

namespace mseq {
namespace {

constexpr size_t kLine = 64;

#if MSEQ_STREAM_STORES
// Streams the `lines` whole lines at dst (64-byte aligned) from src.
void stream_lines_sse2(unsigned char *dst, const unsigned char *src,
                       size_t lines) {
    for (size_t l = 0; l < lines; ++l, dst += kLine, src += kLine) {
        for (size_t k = 0; k < kLine; k += 16) {
            _mm_stream_si128(
                reinterpret_cast<__m128i *>(dst + k),
                _mm_loadu_si128(reinterpret_cast<const __m128i *>(src + k)));
        }
    }
}

#if MSEQ_HAS_AVX2_PATH
// The same, a line in two 32-byte stores (measured: a batch of 1,000 mixed
// images 10-20% faster than with 16-byte stores).
MSEQ_AVX2 void stream_lines_avx2(unsigned char *dst, const unsigned char *src,
                                 size_t lines) {
    for (size_t l = 0; l < lines; ++l, dst += kLine, src += kLine) {
        const __m256i a =
            _mm256_loadu_si256(reinterpret_cast<const __m256i *>(src));
        const __m256i b =
            _mm256_loadu_si256(reinterpret_cast<const __m256i *>(src + 32));
        _mm256_stream_si256(reinterpret_cast<__m256i *>(dst), a);
        _mm256_stream_si256(reinterpret_cast<__m256i *>(dst + 32), b);
    }
}
#endif
#endif

}  // namespace

void stream_copy(unsigned char *dst, const unsigned char *src, size_t n,
                 bool avx2) {
#if MSEQ_STREAM_STORES
    const size_t head =
        std::min(n, (kLine - reinterpret_cast<uintptr_t>(dst) % kLine) % kLine);
    std::memcpy(dst, src, head);
    const size_t lines = (n - head) / kLine;
#if MSEQ_HAS_AVX2_PATH
    if (avx2) {
        stream_lines_avx2(dst + head, src + head, lines);
    } else {
        stream_lines_sse2(dst + head, src + head, lines);
    }
#else
    static_cast<void>(avx2);
    stream_lines_sse2(dst + head, src + head, lines);
#endif
    const size_t done = head + lines * kLine;
    std::memcpy(dst + done, src + done, n - done);
#else
    static_cast<void>(avx2);
    std::memcpy(dst, src, n);
#endif
}

void stream_copy(unsigned char *dst, const unsigned char *src, size_t n) {
    stream_copy(dst, src, n, has_avx2());
}

void stream_fence() {
#if MSEQ_STREAM_STORES
    _mm_sfence();
#endif
}

}  // namespace mseq
