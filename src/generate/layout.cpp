// Digit picks, gaps, exact-fit sampling, fit and alignment (layout.hpp).
#include "generate/layout.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "generate/text.hpp"

namespace mseq {

void pick_glyphs(const SourceData &ds, const int *digits, size_t n,
                 Stream &stream, uint32_t *out) {
    for (size_t j = 0; j < n; ++j) {
        const int d = digits[j];
        if (d < 0 || d > 9) {
            throw Error(MSEQ_EINVAL, "digit " + std::to_string(j) + " is " +
                                         std::to_string(d) +
                                         ": digits must be 0-9");
        }
        const std::vector<uint32_t> &cls = ds.by_class[size_t(d)];
        if (cls.empty()) {
            throw Error(MSEQ_EINVAL, "no image of digit " + std::to_string(d) +
                                         " in " + ds.images_path + " / " +
                                         ds.labels_path);
        }
        const uint32_t pick = cls[size_t(stream.uniform(cls.size()))];
        if (pick >= ds.size()) {
            throw Error(MSEQ_EINTERNAL,
                        "class index of digit " + std::to_string(d) +
                            " names image " + std::to_string(pick) + " of " +
                            std::to_string(ds.size()));
        }
        out[j] = pick;
    }
}

namespace {

// One hand per image from `hands` (writers or style clusters, named `what`
// in messages): a hand uniform among those with every digit needed (from
// hand_stream), then each digit uniform among its glyphs of the class.
void pick_one_hand(const WriterData &hands, const std::string &what,
                   const int *digits, size_t n, Stream &hand_stream,
                   Stream &stream, uint32_t *out) {
    uint16_t needed = 0;
    for (size_t j = 0; j < n; ++j) {
        if (digits[j] < 0 || digits[j] > 9) {
            throw Error(MSEQ_EINVAL, "digit " + std::to_string(j) + " is " +
                                         std::to_string(digits[j]) +
                                         ": digits must be 0-9");
        }
        needed = uint16_t(needed | 1u << digits[j]);
    }
    const WriterIndex &index = hands.index;
    const std::vector<uint32_t> &eligible = index.eligible(needed);
    if (eligible.empty()) {
        std::string which;
        for (int d = 0; d < 10; ++d) {
            if ((needed >> d & 1) != 0) which += char('0' + d);
        }
        throw Error(MSEQ_EINVAL, what + ": no writer of " + hands.writers.path +
                                     " wrote every digit of " + which);
    }
    const uint32_t hand =
        eligible[size_t(hand_stream.uniform(eligible.size()))];
    for (size_t j = 0; j < n; ++j) {
        const size_t count = index.count(hand, digits[j]);
        out[j] = index.begin(hand, digits[j])[size_t(stream.uniform(count))];
    }
}

}  // namespace

void pick_same_writer(const SourceData &ds, const int *digits, size_t n,
                      Stream &writer_stream, Stream &stream, uint32_t *out) {
    if (ds.writers == nullptr) {
        throw Error(MSEQ_EINVAL,
                    "writer same needs the writer of every image: put "
                    "QMNIST's extended labels (" +
                        std::string(kQmnistNames[0]) + ".gz or " +
                        kQmnistNames[1] + ".gz) beside " + ds.images_path);
    }
    pick_one_hand(*ds.writers, "writer same", digits, n, writer_stream, stream,
                  out);
}

void pick_same_style(const SourceData &ds, const int *digits, size_t n,
                     Stream &style_stream, Stream &stream, uint32_t *out) {
    pick_one_hand(ds.styles->get(ds), "style consistent", digits, n,
                  style_stream, stream, out);
}

void draw_gaps(size_t count, int64_t lo, int64_t hi, Stream &stream,
               int64_t *out) {
    for (size_t i = 0; i < count; ++i) out[i] = stream.uniform_range(lo, hi);
}

namespace {

// Row k of the table from row k - 1 (both of length len): each entry is the
// sum of the previous row over the window [r - span + 1, r], formed from a
// block suffix sum and a block prefix sum (blocks of `span` entries), so no
// subtraction can cancel. Then the row is divided by its maximum.
void next_row(const double *prev, double *row, size_t len, size_t span,
              std::vector<double> &suffix) {
    // Prefix sums (into row) and suffix sums within each block.
    for (size_t begin = 0; begin < len; begin += span) {
        const size_t end = std::min(len, begin + span);
        double acc = 0.0;
        for (size_t i = begin; i < end; ++i) {
            acc += prev[i];
            row[i] = acc;
        }
        acc = 0.0;
        for (size_t i = end; i-- > begin;) {
            acc += prev[i];
            suffix[i] = acc;
        }
    }
    // The window of r is a prefix of r's block when it starts at the block's
    // start (r is the block's last entry) or is clipped at 0 (first block);
    // otherwise it adds a suffix of the previous block.
    for (size_t begin = span; begin < len; begin += span) {
        const size_t last = std::min(len, begin + span - 1);
        for (size_t r = begin; r < last; ++r) {
            row[r] = suffix[r + 1 - span] + row[r];
        }
    }
    double max = 0.0;
    for (size_t i = 0; i < len; ++i) max = std::max(max, row[i]);
    for (size_t i = 0; i < len; ++i) row[i] /= max;
}

std::string range_text(int64_t lo, int64_t hi) {
    return "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
}

}  // namespace

void draw_exact_gaps(size_t count, int64_t lo, int64_t hi, int64_t total,
                     Stream &stream, int64_t *out) {
    const int64_t m = int64_t(count);
    const int64_t span = hi - lo;  // each excess is in [0, span]
    // All operands are bounded by the MSEQ_MAX_* limits (well below 2^31),
    // so these 64-bit products cannot overflow.
    int64_t slack = total - m * lo;
    if (slack < 0 || slack > m * span) {
        throw Error(MSEQ_ENOFIT, "no " + std::to_string(count) + " gaps in " +
                                     range_text(lo, hi) + " sum to " +
                                     std::to_string(total));
    }
    const bool mirror = 2 * slack > m * span;
    if (mirror) slack = m * span - slack;
    if (count == 0) return;
    if (slack == 0) {
        for (size_t i = 0; i < count; ++i) out[i] = mirror ? hi : lo;
        return;
    }
    const uint64_t len = uint64_t(slack) + 1;
    if (uint64_t(m) * len > kMaxExactCells) {
        throw Error(MSEQ_ERANGE,
                    "exact fit: " + std::to_string(count) + " gaps sharing " +
                        std::to_string(slack) +
                        " pixels of slack need a table of " +
                        std::to_string(uint64_t(m) * len) +
                        " cells, more than the limit of " +
                        std::to_string(kMaxExactCells) +
                        "; narrow the spacing range or use the pad fit");
    }
    // table row k (k = 0 .. m-1): N(k, r) / max_r N(k, r) for r in [0, slack].
    const size_t w = size_t(len);
    std::vector<double> table(size_t(m) * w, 0.0);
    std::vector<double> suffix(w);
    table[0] = 1.0;
    for (size_t k = 1; k < size_t(m); ++k) {
        next_row(&table[(k - 1) * w], &table[k * w], w, size_t(span) + 1,
                 suffix);
    }
    int64_t r = slack;
    for (size_t i = 0; i < count; ++i) {
        const double *row = &table[(count - 1 - i) * w];
        const int64_t top = std::min(span, r);
        double sum = 0.0;
        for (int64_t e = 0; e <= top; ++e) sum += row[r - e];
        if (!(sum > 0.0)) {
            throw Error(MSEQ_EINTERNAL, "exact fit: empty sampling window");
        }
        const double u = stream.uniform_double() * sum;
        int64_t pick = -1;
        double acc = 0.0;
        for (int64_t e = 0; e <= top; ++e) {
            if (row[r - e] > 0.0) {
                pick = e;
                acc += row[r - e];
                if (u < acc) break;
            }
        }
        out[i] = mirror ? hi - pick : lo + pick;
        r -= pick;
    }
    if (r != 0) {
        throw Error(MSEQ_EINTERNAL, "exact fit: slack left after sampling");
    }
}

namespace {

// round(num / den) with halves rounded up, for num >= 0, den > 0.
int64_t round_div(int64_t num, int64_t den) {
    return (2 * num + den) / (2 * den);
}

// The left offset of a strip in `room` spare columns, by the alignment.
int64_t align_offset(const Params &params, uint64_t index, int64_t room) {
    switch (params.align) {
        case MSEQ_ALIGN_LEFT:
            return 0;
        case MSEQ_ALIGN_RIGHT:
            return room;
        case MSEQ_ALIGN_RANDOM: {
            Stream align(params.seed, index, Purpose::align);
            return align.uniform_range(0, room);
        }
        case MSEQ_ALIGN_CENTER:
        default:
            return room / 2;
    }
}

}  // namespace

namespace {

// The glyph of each digit of digits[0..n) into out, by the parameters'
// writer or style.
void pick_digits(const SourceData &ds, const Params &params, const int *digits,
                 size_t n, uint64_t index, uint32_t *out) {
    Stream glyphs(params.seed, index, Purpose::glyph);
    if (params.writer == MSEQ_WRITER_SAME &&
        params.style == MSEQ_STYLE_CONSISTENT) {
        throw Error(MSEQ_EINVAL,
                    "writer same and style consistent both choose whose "
                    "digits an image holds: set one of them");
    }
    if (params.writer == MSEQ_WRITER_SAME) {
        Stream hand(params.seed, index, Purpose::writer);
        pick_same_writer(ds, digits, n, hand, glyphs, out);
    } else if (params.style == MSEQ_STYLE_CONSISTENT) {
        Stream hand(params.seed, index, Purpose::writer);
        pick_same_style(ds, digits, n, hand, glyphs, out);
    } else {
        pick_glyphs(ds, digits, n, glyphs, out);
    }
}

// The gaps, cell positions and fit of a layout whose count, labels and
// glyphs are set; advance[j] is cell j's advance (nullptr: every cell
// advances by cols). Fills l in place: the planners return their local
// layout by name, built in the caller's storage (a Layout holds
// MSEQ_MAX_DIGITS cells, 16 KB: a copy of it cost as much as drawing an
// unscaled image).
void place_cells(Layout &l, const Params &params, uint64_t index,
                 const int64_t *advance);

}  // namespace

Layout plan_layout(const SourceData &ds, const Params &params,
                   const int *digits, size_t n, uint64_t index) {
    Layout l;
    l.count = n;
    l.rows = int64_t(ds.rows);
    l.cols = int64_t(ds.cols);
    for (size_t j = 0; j < n; ++j) l.label[j] = int32_t(digits[j]);
    pick_digits(ds, params, digits, n, index, l.glyph.data());
    place_cells(l, params, index, nullptr);
    return l;
}

Layout plan_text_layout(const SourceData &ds, const Params &params,
                        const int32_t *codes, size_t n, uint64_t index) {
    Layout l;
    l.count = n;
    l.rows = int64_t(ds.rows);
    l.cols = int64_t(ds.cols);
    std::array<int, MSEQ_MAX_DIGITS> digits;
    std::array<uint32_t, MSEQ_MAX_DIGITS> picks;
    std::array<int64_t, MSEQ_MAX_DIGITS> advance;
    size_t nd = 0;
    for (size_t j = 0; j < n; ++j) {
        l.label[j] = codes[j];
        advance[j] = char_advance(codes[j], l.cols);
        if (is_digit_code(codes[j])) digits[nd++] = codes[j];
    }
    if (nd > 0) pick_digits(ds, params, digits.data(), nd, index, picks.data());
    for (size_t j = 0, k = 0; j < n; ++j) {
        l.glyph[j] = is_digit_code(codes[j]) ? picks[k++] : kNoGlyph;
    }
    // Each cell must start after the previous one.
    for (size_t j = 0; j + 1 < n; ++j) {
        if (params.min_spacing < 1 - advance[j]) {
            throw Error(
                MSEQ_EINVAL,
                "min_spacing " + std::to_string(params.min_spacing) +
                    " is below " + std::to_string(1 - advance[j]) +
                    ": the character '" +
                    std::string(1, is_digit_code(codes[j])
                                       ? char('0' + codes[j])
                                       : char(codes[j])) +
                    "' at position " + std::to_string(j + 1) + " is " +
                    std::to_string(advance[j]) +
                    " columns wide, and a gap may overlap it by at most one "
                    "column less");
        }
    }
    place_cells(l, params, index, advance.data());
    return l;
}

namespace {

void place_cells(Layout &l, const Params &params, uint64_t index,
                 const int64_t *advance) {
    const size_t n = l.count;
    l.image_width = params.width;
    l.image_rows = params.height != 0 ? params.height : l.rows;
    l.width = params.width - 2 * params.margin_x;  // the inner width
    const int64_t inner_rows = l.image_rows - 2 * params.margin_y;
    const size_t ngaps = n - 1;
    std::array<int64_t, MSEQ_MAX_DIGITS> gaps;
    // The strip's width without its gaps.
    int64_t cells = l.cols;
    for (size_t j = 0; j + 1 < n; ++j) {
        cells += advance != nullptr ? advance[j] : l.cols;
    }
    const int64_t lo = params.min_spacing;
    const int64_t hi = params.max_spacing;
    Stream gap_stream(params.seed, index, Purpose::gap);
    if (params.fit == MSEQ_FIT_EXACT) {
        const int64_t narrowest = cells + int64_t(ngaps) * lo;
        const int64_t widest = cells + int64_t(ngaps) * hi;
        if (l.width < narrowest || l.width > widest) {
            throw Error(MSEQ_ENOFIT,
                        "exact fit: " + std::to_string(n) +
                            " digits with gaps in " + range_text(lo, hi) +
                            " span " + std::to_string(narrowest) + " to " +
                            std::to_string(widest) + " pixels, width is " +
                            std::to_string(l.width));
        }
        draw_exact_gaps(ngaps, lo, hi, l.width - cells, gap_stream,
                        gaps.data());
    } else {
        draw_gaps(ngaps, lo, hi, gap_stream, gaps.data());
    }

    int64_t x = 0;
    for (size_t j = 0; j < n; ++j) {
        l.cell_x[j] = x;
        if (j < ngaps)
            x += (advance != nullptr ? advance[j] : l.cols) + gaps[j];
    }
    l.strip = x + l.cols;
    l.frame_x = params.margin_x;

    if (l.rows > inner_rows && params.fit != MSEQ_FIT_PAD) {
        throw Error(
            MSEQ_ENOFIT,
            std::string(params.fit == MSEQ_FIT_EXACT ? "exact" : "strict") +
                " fit: the digits are " + std::to_string(l.rows) +
                " rows high, more than the " + std::to_string(inner_rows) +
                " rows of the image's height inside its margins "
                "(height, margin_y); only the pad fit shrinks");
    }
    if (l.strip > l.width && params.fit != MSEQ_FIT_PAD) {
        throw Error(MSEQ_ENOFIT,
                    "strict fit: the strip of " + std::to_string(n) +
                        " digits and gaps is " + std::to_string(l.strip) +
                        " pixels wide, more than the width " +
                        std::to_string(l.width));
    }
    if (l.strip > l.width || l.rows > inner_rows) {
        l.scaled = true;
        if (l.strip * inner_rows >= l.rows * l.width) {
            // The width binds: the rules of 1.0, centred in the inner rows.
            l.height =
                std::max<int64_t>(1, round_div(l.rows * l.width, l.strip));
            l.y0 = (l.rows - l.height) / 2;
            l.offset = 0;
            l.frame_y = params.margin_y + (inner_rows - l.height) / 2 - l.y0;
            return;
        }
        // The height binds: h = the inner rows, the strip's width w aligned
        // in the inner width.
        const int64_t inner_width = l.width;
        l.height_bound = true;
        l.height = inner_rows;
        l.width = std::min(
            l.strip,
            std::max<int64_t>(1, round_div(l.strip * inner_rows, l.rows)));
        l.y0 = (l.rows - l.height) / 2;
        l.offset = 0;
        l.frame_x += align_offset(params, index, inner_width - l.width);
        l.frame_y = params.margin_y - l.y0;
        return;
    }
    l.height = l.rows;
    l.y0 = 0;
    l.offset = align_offset(params, index, l.width - l.strip);
    l.frame_y = params.margin_y + (inner_rows - l.rows) / 2;
}

}  // namespace

// The per-digit arrays end the layout, and only their first `count`
// entries are ever read: copy the fields before them and those entries
// (the arrays hold MSEQ_MAX_DIGITS entries each, 16 KB in all).
static_assert(offsetof(Layout, glyph) < offsetof(Layout, label) &&
                  offsetof(Layout, label) < offsetof(Layout, cell_x) &&
                  offsetof(Layout, cell_x) + sizeof(Layout::cell_x) ==
                      sizeof(Layout),
              "the per-digit arrays are the layout's last fields");

void copy_layout(const Layout &from, Layout &to) {
    std::memcpy(static_cast<void *>(&to), &from, offsetof(Layout, glyph));
    const size_t n = from.count;
    std::copy_n(from.glyph.begin(), n, to.glyph.begin());
    std::copy_n(from.label.begin(), n, to.label.begin());
    std::copy_n(from.cell_x.begin(), n, to.cell_x.begin());
}

bool frame_is_image(const Layout &l) {
    return l.frame_x == 0 && l.frame_y == 0 && l.width == l.image_width &&
           l.rows == l.image_rows;
}

void fill_placements(const Layout &l, mseq_placement *out) {
    for (size_t j = 0; j < l.count; ++j) {
        mseq_placement &p = out[j];
        const int64_t advance = char_advance(l.label[j], l.cols);
        if (l.scaled) {
            p.x_begin = int32_t(round_div(l.cell_x[j] * l.width, l.strip));
            p.x_end =
                int32_t(round_div((l.cell_x[j] + advance) * l.width, l.strip));
        } else {
            p.x_begin = int32_t(l.offset + l.cell_x[j]);
            p.x_end = int32_t(l.offset + l.cell_x[j] + advance);
        }
        p.x_begin += int32_t(l.frame_x);
        p.x_end += int32_t(l.frame_x);
        p.y_begin = int32_t(l.frame_y + l.y0);
        p.y_end = int32_t(l.frame_y + l.y0 + l.height);
        p.source_index = l.glyph[j] == kNoGlyph ? -1 : int32_t(l.glyph[j]);
        p.label = l.label[j];
    }
}

float layout_scale(const Layout &l) {
    if (!l.scaled) return 1.0f;
    if (l.height_bound) {
        return static_cast<float>(double(l.height) / double(l.rows));
    }
    return static_cast<float>(double(l.width) / double(l.strip));
}

}  // namespace mseq
