// zlib's run-length deflate for one buffer: the zlib stream (header, deflate
// blocks, Adler-32) that zlib 1.2 makes with deflateInit2(level 1..9,
// Z_DEFLATED, window_bits, memLevel 8, Z_RLE) when it is given the buffer
// in pieces of a fixed size with Z_NO_FLUSH (libpng gives it one filtered
// row at a time), then Z_FINISH: byte for byte, about twice as fast.
//
// zlib's Z_RLE strategy looks only for runs (matches at distance 1), so its
// symbols follow from the input alone; how the input comes matters only
// through the moments zlib slides its window, after which a block that
// began before the slide cannot be stored. What is reproduced, from zlib's
// deflate.c and trees.c:
//  - the symbols: at each position after the first, a run of at least 3
//    copies of the previous byte (at most 258, and at most what is left) is
//    one match of distance 1, else the byte is a literal;
//  - the window: where fill_window reads the pieces and slides;
//  - the blocks: one is flushed after every 16,383 symbols (memLevel 8's
//    symbol buffer) and the last at the end (it may have no symbol);
//  - each block's Huffman trees (zlib's heap, its tie break by depth, its
//    repair of codes longer than the limit), the choice between stored,
//    fixed and dynamic blocks, and the code-length encoding of the trees;
//  - the header's level flags, which are 0 for Z_RLE at every level.
// output/deflate_rle_test and the fuzz harness fuzz_deflate compare it with
// zlib.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mseq {

// The bytes zlib_rle_stream may write for `size` input bytes (the stream
// and 8 bytes of scratch at its end).
size_t zlib_rle_bound(size_t size);

// Writes at out (zlib_rle_bound(size) bytes) the zlib stream of data[0,
// size) for window_bits 8..15 (8 means 9, as in zlib), zlib given `piece`
// bytes per call (0: all at once); returns its length. Throws
// mseq::Error(MSEQ_EINTERNAL) for other window sizes.
size_t zlib_rle_stream(uint8_t *out, const uint8_t *data, size_t size,
                       int window_bits, size_t piece);

}  // namespace mseq
