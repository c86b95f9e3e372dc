// Copies written with streaming (non-temporal) stores: the destination's
// cache lines go to memory without being read first and without evicting
// what the caches hold (batch.cpp streams outputs larger than half the
// last-level cache this way).
#pragma once

#include <cstddef>

namespace mseq {

// dst[0, n) = src[0, n). On x86-64 the aligned 16-byte pieces of dst are
// written with streaming stores, its whole 64-byte lines in two 32-byte
// stores when `avx2` (the default where the processor has AVX2); the
// bytes before the first 16-byte boundary and after the last with plain
// stores. Elsewhere a memcpy. Call stream_fence() before another thread
// reads dst.
void stream_copy(unsigned char *dst, const unsigned char *src, size_t n);
void stream_copy(unsigned char *dst, const unsigned char *src, size_t n,
                 bool avx2);

// Orders this thread's streaming stores before its later stores (sfence),
// so that a thread that synchronises with it afterwards sees them.
void stream_fence();

}  // namespace mseq
