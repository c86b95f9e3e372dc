// zlib's run-length deflate for one buffer (deflate_rle.hpp). The names of
// zlib's trees.c are kept where the steps are its own, so that the two can
// be read side by side.
#include "output/deflate_rle.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "common/error.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {
namespace {

constexpr int kLiterals = 256;
constexpr int kEndBlock = 256;
constexpr int kLCodes = kLiterals + 1 + 29;  // literals, end, length codes
constexpr int kDCodes = 30;
constexpr int kBlCodes = 19;
constexpr int kHeapSize = 2 * kLCodes + 1;
constexpr int kMaxBits = 15;
constexpr int kMaxBlBits = 7;
constexpr int kRep3To6 = 16;
constexpr int kRepZero3To10 = 17;
constexpr int kRepZero11To138 = 18;
constexpr int kMinMatch = 3;
constexpr int kMaxMatch = 258;
// memLevel 8: a block ends when its symbol buffer (2^14 entries) has one
// entry left.
constexpr size_t kBlockSymbols = (size_t(1) << 14) - 1;

constexpr uint8_t kExtraLbits[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1,
                                     1, 1, 2, 2, 2, 2, 3, 3, 3, 3,
                                     4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr uint8_t kExtraDbits[kDCodes] = {0, 0, 0,  0,  1,  1,  2,  2,  3,  3,
                                          4, 4, 5,  5,  6,  6,  7,  7,  8,  8,
                                          9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
constexpr uint8_t kExtraBlbits[kBlCodes] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                            0, 0, 0, 0, 0, 0, 2, 3, 7};
constexpr uint8_t kBlOrder[kBlCodes] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                        11, 4,  12, 3, 13, 2, 14, 1, 15};

// A match's length code (0..28) and the base of its extra bits, by length
// - 3, as trees.c's tr_static_init makes them (258 takes code 28).
struct LengthCodes {
    uint8_t code[256];
    uint8_t base[29];
};

constexpr LengthCodes make_length_codes() {
    LengthCodes t{};
    int length = 0;
    int code = 0;
    for (; code < 28; ++code) {
        t.base[code] = static_cast<uint8_t>(length);
        for (int n = 0; n < (1 << kExtraLbits[code]); ++n) {
            t.code[length++] = static_cast<uint8_t>(code);
        }
    }
    t.code[255] = static_cast<uint8_t>(code);
    return t;
}

constexpr LengthCodes kLength = make_length_codes();

// One Huffman tree while it is built: leaves, then internal nodes.
struct Tree {
    uint32_t freq[kHeapSize];
    uint16_t len[kHeapSize];
    uint16_t dad[kHeapSize];
    uint16_t code[kHeapSize];
    int max_code;
};

// What a tree's construction needs to know of its kind (trees.c's
// static_tree_desc).
struct TreeKind {
    const uint8_t *static_len;  // nullptr for the bit-length tree
    const uint8_t *extra;
    int extra_base;
    int elems;
    int max_length;
};

// The bytes with their bits in reverse order.
struct ByteReversal {
    uint8_t of[256];
};

constexpr ByteReversal make_byte_reversal() {
    ByteReversal r{};
    for (int b = 0; b < 256; ++b) {
        int v = 0;
        for (int i = 0; i < 8; ++i) v |= ((b >> i) & 1) << (7 - i);
        r.of[b] = static_cast<uint8_t>(v);
    }
    return r;
}

constexpr ByteReversal kReversed = make_byte_reversal();

// trees.c's bi_reverse: the low len (1..15) bits of code reversed.
uint32_t bi_reverse(uint32_t code, int len) {
    const uint32_t r16 = uint32_t(kReversed.of[code & 0xff]) << 8 |
                         kReversed.of[(code >> 8) & 0xff];
    return r16 >> (16 - len);
}

// trees.c's gen_codes: canonical codes, bit-reversed, for lengths len.
void gen_codes(uint16_t *code, const uint16_t *len, int max_code,
               const uint16_t *bl_count) {
    uint16_t next_code[kMaxBits + 1];
    uint32_t c = 0;
    for (int bits = 1; bits <= kMaxBits; ++bits) {
        c = (c + bl_count[bits - 1]) << 1;
        next_code[bits] = static_cast<uint16_t>(c);
    }
    for (int n = 0; n <= max_code; ++n) {
        const int l = len[n];
        if (l == 0) continue;
        code[n] = static_cast<uint16_t>(bi_reverse(next_code[l]++, l));
    }
}

// The fixed trees' lengths and codes (trees.c's static_ltree and
// static_dtree).
struct StaticTrees {
    uint8_t llen[kLCodes + 2];
    uint16_t lcode[kLCodes + 2];
    uint8_t dlen[kDCodes];
    uint16_t dcode[kDCodes];
};

StaticTrees make_static_trees() {
    StaticTrees s{};
    uint16_t len[kLCodes + 2];
    uint16_t bl_count[kMaxBits + 1] = {};
    for (int n = 0; n < kLCodes + 2; ++n) {
        len[n] = n < 144 ? 8 : n < 256 ? 9 : n < 280 ? 7 : 8;
        s.llen[n] = static_cast<uint8_t>(len[n]);
        ++bl_count[len[n]];
    }
    gen_codes(s.lcode, len, kLCodes + 1, bl_count);
    for (int n = 0; n < kDCodes; ++n) {
        s.dlen[n] = 5;
        s.dcode[n] = static_cast<uint16_t>(bi_reverse(uint32_t(n), 5));
    }
    return s;
}

const StaticTrees &static_trees() {
    static const StaticTrees s = make_static_trees();
    return s;
}

// trees.c's deflate_state, the parts the trees use. The heap holds each
// node with its sort key (frequency, then depth, trees.c's `smaller`) next
// to it, so that a comparison reads no other array; the order of the heap's
// operations, on which ties between equal keys depend, is zlib's.
struct TreeState {
    // heap[1..heap_len]: key << kNodeBits | node; heap[heap_len + 1] is
    // kEmpty, so that a last left son has a right son that never wins.
    static constexpr int kNodeBits = 10;  // nodes < kHeapSize < 2^10
    static constexpr uint64_t kEmpty = ~uint64_t(0);
    uint64_t heap[4 * kHeapSize + 4] = {};
    int heap_len = 0;
    // zlib's heap[heap_max..]: the nodes by increasing frequency, root
    // first.
    int sorted[kHeapSize];
    int heap_max = 0;
    uint8_t depth[kHeapSize];
    uint16_t bl_count[kMaxBits + 1];
    uint64_t opt_len = 0;  // zlib's ulg: wraps as it does
    uint64_t static_len = 0;

    static uint64_t entry(uint32_t freq, uint8_t node_depth, int node) {
        return (uint64_t(freq) << 8 | node_depth) << kNodeBits | unsigned(node);
    }
    static int node_of(uint64_t e) { return int(e & ((1u << kNodeBits) - 1)); }
    // smaller(a, b) of trees.c: frequency below, or equal and depth not
    // above.
    static bool smaller(uint64_t a, uint64_t b) {
        return (a >> kNodeBits) <= (b >> kNodeBits);
    }

    // The smaller of two sons (trees.c prefers the right one on a tie),
    // without a branch: which one wins is as random as the frequencies.
    static uint64_t pick(uint64_t left, uint64_t right, uint64_t take_right) {
        return left ^ ((left ^ right) & (0 - take_right));
    }

    // trees.c's pqdownheap. The four grandsons are read with the two sons,
    // before the comparison that chooses between them, so that a level
    // waits for a comparison and not for a load (heap is large enough to
    // read them below the last level).
    void pqdownheap(int k) {
        const uint64_t v = heap[k];
        int j = k << 1;
        if (j > heap_len) return;
        uint64_t left = heap[j];
        uint64_t right = heap[j + 1];
        for (;;) {
            const uint64_t *g = heap + 2 * j;
            const uint64_t g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3];
            const uint64_t take_right = smaller(right, left) ? 1 : 0;
            const uint64_t son = pick(left, right, take_right);
            j += int(take_right);
            if (smaller(v, son)) break;
            heap[k] = son;
            k = j;
            j <<= 1;
            if (j > heap_len) break;
            left = pick(g0, g2, take_right);
            right = pick(g1, g3, take_right);
        }
        heap[k] = v;
    }

    void gen_bitlen(Tree &t, const TreeKind &kind) {
        std::fill_n(bl_count, kMaxBits + 1, 0);
        int overflow = 0;
        t.len[sorted[heap_max]] = 0;  // the root
        int h = heap_max + 1;
        for (; h < kHeapSize; ++h) {
            const int n = sorted[h];
            int bits = t.len[t.dad[n]] + 1;
            if (bits > kind.max_length) {
                bits = kind.max_length;
                ++overflow;
            }
            t.len[n] = static_cast<uint16_t>(bits);
            if (n > t.max_code) continue;  // not a leaf
            ++bl_count[bits];
            const int xbits =
                n >= kind.extra_base ? kind.extra[n - kind.extra_base] : 0;
            const uint64_t f = t.freq[n];
            opt_len += f * unsigned(bits + xbits);
            if (kind.static_len != nullptr) {
                static_len += f * unsigned(kind.static_len[n] + xbits);
            }
        }
        if (overflow == 0) return;
        do {
            int bits = kind.max_length - 1;
            while (bl_count[bits] == 0) --bits;
            --bl_count[bits];
            bl_count[bits + 1] = static_cast<uint16_t>(bl_count[bits + 1] + 2);
            --bl_count[kind.max_length];
            overflow -= 2;
        } while (overflow > 0);
        for (int bits = kind.max_length; bits != 0; --bits) {
            int n = bl_count[bits];
            while (n != 0) {
                const int m = sorted[--h];
                if (m > t.max_code) continue;
                if (t.len[m] != unsigned(bits)) {
                    opt_len += (uint64_t(bits) - t.len[m]) * t.freq[m];
                    t.len[m] = static_cast<uint16_t>(bits);
                }
                --n;
            }
        }
    }

    void build_tree(Tree &t, const TreeKind &kind) {
        int max_code = -1;
        heap_len = 0;
        heap_max = kHeapSize;
        for (int n = 0; n < kind.elems; ++n) {
            if (t.freq[n] != 0) {
                heap[++heap_len] = entry(t.freq[n], 0, n);
                max_code = n;
                depth[n] = 0;
            } else {
                t.len[n] = 0;
            }
        }
        while (heap_len < 2) {
            const int node = max_code < 2 ? ++max_code : 0;
            heap[++heap_len] = entry(1, 0, node);
            t.freq[node] = 1;
            depth[node] = 0;
            --opt_len;
            if (kind.static_len != nullptr) static_len -= kind.static_len[node];
        }
        t.max_code = max_code;
        heap[heap_len + 1] = kEmpty;
        for (int n = heap_len / 2; n >= 1; --n) pqdownheap(n);
        int node = kind.elems;
        do {
            const uint64_t en = heap[1];  // pqremove
            heap[1] = heap[heap_len];
            heap[heap_len--] = kEmpty;
            pqdownheap(1);
            const uint64_t em = heap[1];
            const int n = node_of(en);
            const int m = node_of(em);
            sorted[--heap_max] = n;
            sorted[--heap_max] = m;
            const uint32_t freq = t.freq[n] + t.freq[m];
            t.freq[node] = freq;
            depth[node] =
                static_cast<uint8_t>(std::max(depth[n], depth[m]) + 1);
            t.dad[n] = t.dad[m] = static_cast<uint16_t>(node);
            heap[1] = entry(freq, depth[node], node);
            ++node;
            pqdownheap(1);
        } while (heap_len >= 2);
        sorted[--heap_max] = node_of(heap[1]);
        gen_bitlen(t, kind);
        gen_codes(t.code, t.len, max_code, bl_count);
    }
};

// v with its bytes in little-endian order (as stored) on this host: the
// bit writer's buffer and the run search's words hold byte k in bits 8k to
// 8k + 7.
uint64_t little_endian(uint64_t v) {
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return __builtin_bswap64(v);
#else
    return v;
#endif
}

// Bits written least significant first, as deflate sends them.
struct BitWriter {
    uint8_t *out;
    uint64_t buf = 0;
    unsigned count = 0;  // at most 7 after a flush

    // value < 2^bits; at most 56 bits between flushes.
    void put(uint64_t value, unsigned bits) {
        buf |= value << count;
        count += bits;
    }
    // Writes the whole bytes (8 bytes of scratch at out).
    void flush() {
        const uint64_t bytes = little_endian(buf);
        std::memcpy(out, &bytes, 8);
        out += count >> 3;
        buf >>= count & ~7u;  // count < 64
        count &= 7;
    }
    // trees.c's bi_windup: the last partial byte, padded with zeros.
    void windup() {
        flush();
        if (count > 0) *out++ = static_cast<uint8_t>(buf);
        buf = 0;
        count = 0;
    }
};

// Where zlib's window stands over the input (deflate.c's fill_window and
// deflate_rle's refills), in input positions. Only its slides change the
// output: a block whose first byte has slid out of the window cannot be
// stored (trees.c's _tr_flush_block gets no buffer).
class ZlibWindow {
public:
    ZlibWindow(size_t size, int window_bits, size_t piece)
        : size_(size),
          wsize_(size_t(1) << window_bits),
          piece_(piece == 0 ? size : piece),
          fed_end_(std::min(size, piece_)) {}

    size_t lookahead(size_t i) const { return read_end_ - i; }

    // True while the input position p is in the window.
    bool holds(size_t p) const { return p >= base_; }

    // deflate_rle's refill at position i: fill_window, and while no more
    // than a longest match is left and the input is not finished, the next
    // call's piece (need_more), then Z_FINISH.
    void fill(size_t i) {
        fill_window(i);
        while (lookahead(i) <= size_t(kMaxMatch) && !finishing_) {
            if (fed_end_ < size_) {
                fed_end_ = std::min(size_, fed_end_ + piece_);
            } else {
                finishing_ = true;
            }
            fill_window(i);
        }
    }

    // The end of the positions after i at which zlib will not refill (the
    // lookahead stays above a longest match), or where refills can no
    // longer slide the window; at least i + 1.
    size_t refill_free_end(size_t i) const {
        if (read_end_ == size_ && size_ - base_ < slide_at()) return size_;
        return read_end_ > i + kMaxMatch ? read_end_ - kMaxMatch : i + 1;
    }

private:
    static constexpr size_t kMinLookahead = kMaxMatch + kMinMatch + 1;

    // fill_window slides when strstart reaches wsize + MAX_DIST.
    size_t slide_at() const { return 2 * wsize_ - kMinLookahead; }

    void fill_window(size_t i) {
        do {
            size_t more = 2 * wsize_ - (read_end_ - base_);
            if (i - base_ >= slide_at()) {
                base_ += wsize_;
                more += wsize_;
            }
            if (fed_end_ == read_end_) break;
            read_end_ += std::min(fed_end_ - read_end_, more);
        } while (lookahead(i) < kMinLookahead && fed_end_ != read_end_);
    }

    size_t size_;
    size_t wsize_;
    size_t piece_;
    size_t base_ = 0;      // the input position of window[0]
    size_t read_end_ = 0;  // input read into the window
    size_t fed_end_;       // input given to zlib (the calls so far)
    bool finishing_ = false;
};

// A symbol: a literal byte (0..255), or 256 + a match's length - 3.
using Symbol = uint16_t;

// One block's symbols, frequencies and trees (zlib's deflate_state for it).
class BlockEncoder {
public:
    // Writes the deflate blocks of data[0, size) at out, as zlib makes them
    // with a window of window_bits (9..15) when it is given `piece` bytes
    // per call (the last piece shorter) and then Z_FINISH: deflate_rle's
    // symbols, a block flushed every kBlockSymbols and at the end, stored
    // blocks only while the block's bytes are in the window. Returns the
    // blocks' end.
    uint8_t *deflate(uint8_t *out, const uint8_t *data, size_t size,
                     int window_bits, size_t piece) {
        bits_ = BitWriter{out};
        init_block();
        ZlibWindow win(size, window_bits, piece);
        size_t block_start = 0;
        size_t i = 0;
        const auto flush_if_full = [&] {
            if (!full()) return;
            flush_block(data + block_start, i - block_start,
                        win.holds(block_start), false);
            block_start = i;
        };
        for (;;) {
            if (win.lookahead(i) <= size_t(kMaxMatch)) {  // deflate_rle's top
                win.fill(i);
                if (win.lookahead(i) == 0) break;
            }
            // Symbols up to `stop` need no refill of the window.
            const size_t stop = win.refill_free_end(i);
            while (i < stop) {
                const size_t run = next_run(data, i, stop, size);
                while (i < run) {  // literals up to the run, block by block
                    const size_t n = std::min(run - i, kBlockSymbols - n_);
                    literals(data + i, n);
                    i += n;
                    flush_if_full();
                }
                if (run == stop) break;
                const size_t len = run_length(data, run, size);
                match(int(len));
                i = run + len;
                flush_if_full();
            }
        }
        flush_block(data + block_start, size - block_start,
                    win.holds(block_start), true);
        return bits_.out;
    }

private:
    // The first position q in [i, stop) where deflate_rle.c finds a run
    // (q > 0, 3 bytes left of size, and data[q - 1] == data[q] ==
    // data[q + 1] == data[q + 2]), or stop. Eight positions a step: the
    // bytes equal to the one before.
    static size_t next_run(const uint8_t *data, size_t i, size_t stop,
                           size_t size) {
        if (i == 0) {
            if (stop == 0) return 0;
            i = 1;  // zlib looks for a run only after the first byte
        }
        for (; i < stop && i + 10 <= size; i += 8) {
            const uint64_t start = same_as_before(data + i) &
                                   same_as_before(data + i + 1) &
                                   same_as_before(data + i + 2);
            if (start != 0) {
                return std::min(stop, i + size_t(__builtin_ctzll(start) >> 3));
            }
        }
        for (; i < stop && i + kMinMatch <= size; ++i) {
            const uint8_t *p = data + i;
            if (p[0] == p[-1] && p[1] == p[-1] && p[2] == p[-1]) return i;
        }
        return stop;
    }

    static uint64_t load64(const uint8_t *p) {
        uint64_t v;
        std::memcpy(&v, p, 8);
        return little_endian(v);
    }

    // The top bit of byte k set when p[k] == p[k - 1] (k = 0..7), exactly
    // (no borrow between bytes).
    static uint64_t same_as_before(const uint8_t *p) {
        constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7full;
        const uint64_t x = load64(p) ^ load64(p - 1);
        return ~(((x & kLow7) + kLow7) | x | kLow7);
    }

    // The run's length at `run` (a position next_run found): the bytes equal
    // to the one before it, at most 258 and what is left.
    static size_t run_length(const uint8_t *data, size_t run, size_t size) {
        const uint8_t *p = data + run;
        const size_t limit = std::min<size_t>(kMaxMatch, size - run);
        const uint64_t copies = p[-1] * 0x0101010101010101ull;
        size_t len = kMinMatch;
        for (; len + 8 <= limit; len += 8) {
            const uint64_t x = load64(p + len) ^ copies;
            if (x != 0) return len + size_t(__builtin_ctzll(x) >> 3);
        }
        while (len < limit && p[len] == p[-1]) ++len;
        return len;
    }

    // n literals (the block has room for them).
    void literals(const uint8_t *bytes, size_t n) {
        Symbol *sym = sym_ + n_;
        for (size_t k = 0; k < n; ++k) {
            sym[k] = bytes[k];
            ++ltree_.freq[bytes[k]];
        }
        n_ += n;
    }
    void match(int length) {
        const int lc = length - kMinMatch;
        sym_[n_++] = static_cast<Symbol>(kLiterals + lc);
        ++ltree_.freq[kLength.code[lc] + kLiterals + 1];
        ++dtree_.freq[0];  // distance 1
    }
    bool full() const { return n_ == kBlockSymbols; }

    // trees.c's _tr_flush_block, for the block of input bytes [data, data +
    // stored_len) that gave the symbols; stored blocks only when
    // `storable` (zlib still holds the bytes).
    void flush_block(const uint8_t *data, size_t stored_len, bool storable,
                     bool last) {
        static const StaticTrees &fixed = static_trees();
        static const TreeKind lkind{fixed.llen, kExtraLbits, kLiterals + 1,
                                    kLCodes, kMaxBits};
        static const TreeKind dkind{fixed.dlen, kExtraDbits, 0, kDCodes,
                                    kMaxBits};
        static const TreeKind blkind{nullptr, kExtraBlbits, 0, kBlCodes,
                                     kMaxBlBits};
        ts_.build_tree(ltree_, lkind);
        ts_.build_tree(dtree_, dkind);
        scan_tree(ltree_);
        scan_tree(dtree_);
        ts_.build_tree(bltree_, blkind);
        int max_blindex = kBlCodes - 1;
        for (; max_blindex >= 3; --max_blindex) {
            if (bltree_.len[kBlOrder[max_blindex]] != 0) break;
        }
        ts_.opt_len += 3 * (uint64_t(max_blindex) + 1) + 5 + 5 + 4;
        uint64_t opt_lenb = (ts_.opt_len + 3 + 7) >> 3;
        const uint64_t static_lenb = (ts_.static_len + 3 + 7) >> 3;
        if (static_lenb <= opt_lenb) opt_lenb = static_lenb;

        if (stored_len + 4 <= opt_lenb && storable) {
            bits_.put(last ? 1 : 0, 3);  // stored
            bits_.windup();
            uint8_t *p = bits_.out;
            p[0] = static_cast<uint8_t>(stored_len);
            p[1] = static_cast<uint8_t>(stored_len >> 8);
            p[2] = static_cast<uint8_t>(~stored_len);
            p[3] = static_cast<uint8_t>(~stored_len >> 8);
            if (stored_len > 0) std::memcpy(p + 4, data, stored_len);
            bits_.out = p + 4 + stored_len;
        } else if (static_lenb == opt_lenb) {
            bits_.put((1 << 1) + (last ? 1 : 0), 3);
            bits_.flush();
            compress_block(fixed.llen, fixed.lcode, fixed.dlen[0],
                           fixed.dcode[0]);
        } else {
            bits_.put((2 << 1) + (last ? 1 : 0), 3);
            send_all_trees(ltree_.max_code + 1, dtree_.max_code + 1,
                           max_blindex + 1);
            // The lengths of the codes used (beyond max_code, len holds
            // scan_tree's guard and older trees' lengths).
            uint8_t llen[kLCodes] = {};
            for (int n = 0; n <= ltree_.max_code; ++n) {
                llen[n] = static_cast<uint8_t>(ltree_.len[n]);
            }
            compress_block(llen, ltree_.code,
                           static_cast<uint8_t>(dtree_.len[0]), dtree_.code[0]);
        }
        init_block();
        if (last) bits_.windup();
    }

    void init_block() {
        std::fill_n(ltree_.freq, kLCodes, 0u);
        std::fill_n(dtree_.freq, kDCodes, 0u);
        std::fill_n(bltree_.freq, kBlCodes, 0u);
        ltree_.freq[kEndBlock] = 1;
        ts_.opt_len = ts_.static_len = 0;
        n_ = 0;
    }

    // trees.c's scan_tree and send_tree walk a tree's lengths the same way:
    // the bit-length code's symbols for len[0..max_code] (a length, or a
    // repeat with its count in extra bits), each given to out(symbol,
    // extra, extra_bits). len[max_code + 1] must hold scan_tree's guard.
    template <class Out>
    static void length_symbols(const uint16_t *len, int max_code, Out out) {
        int prevlen = -1;
        int nextlen = len[0];
        int count = 0;
        int max_count = nextlen == 0 ? 138 : 7;
        int min_count = nextlen == 0 ? 3 : 4;
        for (int n = 0; n <= max_code; ++n) {
            const int curlen = nextlen;
            nextlen = len[n + 1];
            if (++count < max_count && curlen == nextlen) continue;
            if (count < min_count) {
                do out(curlen, 0u, 0u);
                while (--count != 0);
            } else if (curlen != 0) {
                if (curlen != prevlen) {
                    out(curlen, 0u, 0u);
                    --count;
                }
                out(kRep3To6, unsigned(count - 3), 2u);
            } else if (count <= 10) {
                out(kRepZero3To10, unsigned(count - 3), 3u);
            } else {
                out(kRepZero11To138, unsigned(count - 11), 7u);
            }
            count = 0;
            prevlen = curlen;
            if (nextlen == 0) {
                max_count = 138, min_count = 3;
            } else if (curlen == nextlen) {
                max_count = 6, min_count = 3;
            } else {
                max_count = 7, min_count = 4;
            }
        }
    }

    // trees.c's scan_tree: the bit-length tree's frequencies.
    void scan_tree(Tree &t) {
        t.len[t.max_code + 1] = 0xffff;  // guard
        length_symbols(t.len, t.max_code, [this](int c, unsigned, unsigned) {
            ++bltree_.freq[c];
        });
    }

    // trees.c's send_tree: a tree's lengths in the bit-length code.
    void send_tree(const Tree &t, int max_code) {
        length_symbols(t.len, max_code,
                       [this](int c, unsigned extra, unsigned extra_bits) {
                           bits_.put(bltree_.code[c], bltree_.len[c]);
                           bits_.put(extra, extra_bits);
                           bits_.flush();
                       });
    }

    void send_all_trees(int lcodes, int dcodes, int blcodes) {
        bits_.put(unsigned(lcodes - 257), 5);
        bits_.put(unsigned(dcodes - 1), 5);
        bits_.put(unsigned(blcodes - 4), 4);
        bits_.flush();
        for (int rank = 0; rank < blcodes; ++rank) {
            bits_.put(bltree_.len[kBlOrder[rank]], 3);
            bits_.flush();
        }
        send_tree(ltree_, lcodes - 1);
        send_tree(dtree_, dcodes - 1);
    }

    // trees.c's compress_block, with each symbol's bits (a match's length
    // code, extra bits and distance code together) and their count from one
    // table entry: bits << 6 | count.
    void compress_block(const uint8_t *llen, const uint16_t *lcode,
                        uint8_t dlen, uint16_t dcode) {
        uint64_t entry[2 * kLiterals];
        for (int c = 0; c < kLiterals; ++c) {
            entry[c] = uint64_t(lcode[c]) << 6 | llen[c];
        }
        for (int lc = 0; lc < 256; ++lc) {
            const int lcd = kLength.code[lc];
            const int s = lcd + kLiterals + 1;
            const unsigned extra = kExtraLbits[lcd];
            uint64_t v = lcode[s];
            unsigned n = llen[s];
            if (extra != 0) {  // length 258 is code 285 alone
                v |= uint64_t(lc - kLength.base[lcd]) << n;
                n += extra;
            }
            v |= uint64_t(dcode) << n;
            n += dlen;
            entry[kLiterals + lc] = v << 6 | n;
        }
        BitWriter w = bits_;  // in registers for the loop
        for (size_t i = 0; i < n_; ++i) {
            const uint64_t e = entry[sym_[i]];
            w.put(e >> 6, unsigned(e & 63));
            w.flush();
        }
        w.put(lcode[kEndBlock], llen[kEndBlock]);
        w.flush();
        bits_ = w;
    }

    BitWriter bits_{nullptr};
    TreeState ts_;
    Tree ltree_{};
    Tree dtree_{};
    Tree bltree_{};
    size_t n_ = 0;
    Symbol sym_[kBlockSymbols];
};

// The thread's encoder (about 70 KB, too large for the stack), found once
// per stream: a thread-local in a shared library costs a call to reach.
__attribute__((noinline)) BlockEncoder &encoder() {
    thread_local BlockEncoder enc;
    return enc;
}

}  // namespace

size_t zlib_rle_bound(size_t size) {
    // zlib's conservative deflateBound (a block that cannot be stored may
    // take fixed codes of 9 bits a byte), its header and Adler-32, and the
    // writer's 8 bytes of scratch.
    return size + ((size + 7) >> 3) + ((size + 63) >> 6) + 5 + 2 + 4 + 8;
}

size_t zlib_rle_stream(uint8_t *out, const uint8_t *data, size_t size,
                       int window_bits, size_t piece) {
    if (window_bits < 8 || window_bits > 15) {
        throw Error(MSEQ_EINTERNAL, "PNG encoding: a deflate window of " +
                                        std::to_string(window_bits) +
                                        " bits (zlib takes 8..15)");
    }
    if (window_bits == 8) window_bits = 9;
    unsigned header = (Z_DEFLATED + unsigned((window_bits - 8) << 4)) << 8;
    header += 31 - header % 31;  // level flags 0: Z_RLE
    out[0] = static_cast<uint8_t>(header >> 8);
    out[1] = static_cast<uint8_t>(header);
    uint8_t *end = encoder().deflate(out + 2, data, size, window_bits, piece);
    const uLong adler = adler32_z(adler32(0, nullptr, 0), data, size);
    end[0] = static_cast<uint8_t>(adler >> 24);
    end[1] = static_cast<uint8_t>(adler >> 16);
    end[2] = static_cast<uint8_t>(adler >> 8);
    end[3] = static_cast<uint8_t>(adler);
    return size_t(end + 4 - out);
}

}  // namespace mseq
