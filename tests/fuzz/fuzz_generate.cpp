// Fuzz harness for generation through the public C API: arbitrary
// mseq_params_set() keys and values, then mseq_generate() or
// mseq_generate_batch() with arbitrary digit lists, indexes, buffer sizes
// and output options, on one of two small synthetic data sets written once
// at start-up (10 x 8 glyphs, every class present, large enough for the
// glyph store; 5 x 3 glyphs, no 7s, read whole). MNIST's 28 x 28 would
// take ten times as long per digit drawn and reach no other code.
//
// Input: a stream of bytes read in order (missing bytes read as 0):
//   data set (1), number of setter calls (1), per call key (1) and value
//   (selector 1 + up to 8), operation (1), digit count (1) and digits,
//   index (8), batch count (1), buffer and output options (1: bits 0-1
//   the buffer size, bit 2 no layout, bits 3 and 4 both set: two threads,
//   bit 5 annotate, bits 6-7 the annotation's outputs), number of
//   floating-point setter calls (1), per call key (1, plus 1 for an integer
//   key among 1..15, the preset and the background) and value (selector 1
//   + up to 8). The floating-point calls come
//   last so that inputs written before augmentation existed keep their
//   meaning; they are made after the integer ones. Then the output
//   geometry (1, and 3 when its low bits are 3) and the order of unique
//   sequences (1: with low bits 3, bit 2 is MSEQ_PARAM_UNIQUE_PERMUTATION).
//
// Checked on every call: the return code is 0 or one of the documented
// failures (MSEQ_EINTERNAL is a bug), every failure leaves a message, a
// failed set leaves the parameter unchanged and a successful one reads
// back (after two refused setter calls, an input's further calls are read
// but not made: refusals are slow, exceptions). On a successful generation:
// pixel values in [0, 1]; placements in the image, in order, with the right
// labels and source glyphs of those labels; unscaled images equal a reference
// drawing from the placements; scaled ones keep the glyphs' total ink; exact
// fit fills the width; the same call gives the same bytes; batch sample k
// equals mseq_generate() of index first + k. mseq_params_set_f64() accepts
// exactly the finite values within a key's table bounds (an integral value
// within an integer key's domain), and a failed call changes nothing. With
// augmentation on (any augmentation key non-zero) the reference drawing
// and the ink balance do not apply: the cells still do not move, and the
// image is background outside them. With a whole-image module on (noise,
// blur, levels, background... or a preset) no pixel check applies but the
// range of F32 values, and the annotated call's labels are those of the same
// call with those modules at 0. Annotated (bit 5):
// mseq_generate_annotated() fails as mseq_generate() does, a mask one entry
// short is MSEQ_EBUFSIZE with nothing written, and otherwise it gives the same
// image, placements and scale, a mask non-zero exactly where the image is not
// background, every mask pixel inside its digit's box, boxes in the image (in
// their cells when unscaled) with ink on each edge; without augmentation or
// scaling, the boxes and mask of the glyphs' own ink (darkest digit, lowest
// on ties). Generation is bounded to keep
// inputs fast (thousands a second): images of at most 256 columns and 1 MiB
// (wider requests are skipped after the size query), at most 11 digits (or
// 1025: refused), random sequences of at most 12, exact-fit tables of at most
// 2^14 cells, one or two threads; the harness's own checks are not instrumented
// for coverage (FUZZ_NO_COVERAGE).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "mnistseq/mnistseq.h"

namespace {

using fuzz::check;

// Reads the input front to back; past the end every read gives 0.
class Reader {
public:
    Reader(const uint8_t *data, size_t size) : data_(data), size_(size) {}
    uint8_t u8() { return pos_ < size_ ? data_[pos_++] : 0; }
    uint64_t u64() {
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v = v << 8 | u8();
        return v;
    }
    // A parameter value: mostly small, sometimes a limit or an extreme.
    int64_t value() {
        static const int64_t special[] = {0,
                                          1,
                                          -1,
                                          2,
                                          3,
                                          4,
                                          28,
                                          -3,
                                          -27,
                                          -28,
                                          1 - MSEQ_MAX_GLYPH_SIDE,
                                          -MSEQ_MAX_GLYPH_SIDE,
                                          MSEQ_MAX_WIDTH,
                                          MSEQ_MAX_WIDTH + 1,
                                          MSEQ_MAX_SPACING,
                                          MSEQ_MAX_SPACING + 1,
                                          MSEQ_MAX_DIGITS,
                                          MSEQ_MAX_DIGITS + 1,
                                          MSEQ_MAX_THREADS,
                                          MSEQ_MAX_THREADS + 1,
                                          MSEQ_MAX_BATCH,
                                          INT64_MAX,
                                          INT64_MIN,
                                          INT32_MAX,
                                          int64_t{1} << 32};
        const uint8_t kind = u8();
        switch (kind % 4) {
            case 0:
                return static_cast<int8_t>(u8());
            case 1:
                return int64_t{u8()} << 8 | u8();
            case 2:
                return static_cast<int64_t>(u64());
            default:
                return special[u8() % (sizeof special / sizeof special[0])];
        }
    }

    // A floating-point value for a key whose largest value is `max`: mostly
    // in or near the bounds, sometimes NaN, an infinity, a subnormal or
    // any bit pattern.
    double f64(double max) {
        static const double special[] = {
            0.0,
            -0.0,
            std::numeric_limits<double>::quiet_NaN(),
            std::numeric_limits<double>::infinity(),
            -std::numeric_limits<double>::infinity(),
            std::numeric_limits<double>::max(),
            std::numeric_limits<double>::denorm_min(),
            -std::numeric_limits<double>::denorm_min(),
            0.5,
            1.0,
            2.0,
            90.0,
            1e-300,
            -1.0};
        const uint8_t kind = u8();
        switch (kind % 4) {
            case 0:
                return static_cast<int8_t>(u8()) / 8.0;
            case 1: {
                const uint8_t b = u8();  // 251..255: a little above max
                if (b == 255) return std::nextafter(max, 2 * max + 1);
                if (b == 254) return max;
                return max * b / 250.0;
            }
            case 2: {
                const uint64_t bits = u64();
                double v;
                std::memcpy(&v, &bits, sizeof v);
                return v;
            }
            default:
                return special[u8() % (sizeof special / sizeof special[0])];
        }
    }

private:
    const uint8_t *data_;
    size_t size_;
    size_t pos_ = 0;
};

// A synthetic data set on disk, opened once, with each image's label.
struct SyntheticSet {
    mseq_dataset *ds = nullptr;
    uint32_t rows = 0, cols = 0;
    std::vector<uint8_t> labels;
    std::vector<uint8_t> pixels;
};

void put_be32(std::vector<uint8_t> &out, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) {
        out.push_back(static_cast<uint8_t>(v >> shift));
    }
}

SyntheticSet make_set(uint32_t rows, uint32_t cols, int per_class,
                      int missing_digit, uint32_t salt) {
    SyntheticSet set;
    set.rows = rows;
    set.cols = cols;
    for (int i = 0; i < 10 * per_class; ++i) {
        const int digit = (i * 7 + 3) % 10;  // classes interleaved
        if (digit == missing_digit) continue;
        set.labels.push_back(static_cast<uint8_t>(digit));
    }
    uint32_t state = salt;
    for (size_t i = 0; i < set.labels.size() * rows * cols; ++i) {
        state = state * 1103515245u + 12345u;
        const uint32_t r = state >> 16;
        // Mostly no ink or full ink, as in MNIST, some grey.
        set.pixels.push_back(r % 4 == 0   ? 0
                             : r % 4 == 1 ? 255
                                          : uint8_t(r >> 3));
    }
    std::vector<uint8_t> images, labels;
    put_be32(images, 0x803);
    put_be32(images, static_cast<uint32_t>(set.labels.size()));
    put_be32(images, rows);
    put_be32(images, cols);
    images.insert(images.end(), set.pixels.begin(), set.pixels.end());
    put_be32(labels, 0x801);
    put_be32(labels, static_cast<uint32_t>(set.labels.size()));
    labels.insert(labels.end(), set.labels.begin(), set.labels.end());

    fuzz::TempDir dir;
    dir.write("t10k-images-idx3-ubyte", images.data(), images.size());
    dir.write("t10k-labels-idx1-ubyte", labels.data(), labels.size());
    check(mseq_open(&set.ds, dir.path().c_str(), MSEQ_SPLIT_TEST) == MSEQ_OK,
          "cannot open the synthetic data set");
    return set;  // the handle holds everything; the folder goes
}

const SyntheticSet &data_set(int which) {
    static const SyntheticSet sets[2] = {make_set(10, 8, 2, -1, 1),
                                         make_set(5, 3, 3, 7, 2)};
    return sets[which];
}

bool known_failure(int rc) {
    switch (rc) {
        case MSEQ_EINVAL:
        case MSEQ_ENOMEM:
        case MSEQ_EBUFSIZE:
        case MSEQ_ENOFIT:
        case MSEQ_ERANGE:
            return true;
        default:
            return false;
    }
}

void check_failure(int rc) {
    check(known_failure(rc), "undocumented return code");
    check(mseq_last_error()[0] != '\0', "a failure left no message");
}

// RAII for the params handle.
struct ParamsPtr {
    mseq_params *p = nullptr;
    ~ParamsPtr() { mseq_params_free(p); }
};

int64_t get(const mseq_params *params, int key) {
    int64_t v = 0;
    check(mseq_params_get(&v, params, static_cast<mseq_param>(key)) == 0,
          "mseq_params_get failed for a known key");
    return v;
}

// Whether mseq_params_get() knows `key` (0..17), found once on a fresh
// params object: 1 to 15 are keys, 0, 16 and 17 are not.
bool known_key(int key) {
    static const std::array<bool, 18> known = [] {
        std::array<bool, 18> k{};
        ParamsPtr fresh;
        check(mseq_params_new(&fresh.p) == 0, "mseq_params_new failed");
        for (int i = 0; i < 18; ++i) {
            int64_t v = 0;
            k[size_t(i)] =
                mseq_params_get(&v, fresh.p, static_cast<mseq_param>(i)) == 0;
        }
        check(!k[0] && k[1] && k[15] && !k[16] && !k[17],
              "mseq_params_get() knows other keys than 1 to 15");
        return k;
    }();
    return known[size_t(key)];
}

// Refused setter calls per input after which further calls are read but
// not made: each refusal throws and catches an exception in the library,
// about 15 us under ASan, and a few per input test the refusals as well.
constexpr int kMaxRefused = 2;

// Applies one setter call and checks its contract; `refused` counts the
// refused calls of the input so far.
void fuzz_set(mseq_params *params, Reader &in, int &refused) {
    const int key = in.u8() % 18;  // 0, 16 and 17 are not keys
    const int64_t value = in.value();
    if (refused >= kMaxRefused) return;
    if (!known_key(key)) {
        ++refused;
        check(mseq_params_set(params, static_cast<mseq_param>(key), value) ==
                  MSEQ_EINVAL,
              "unknown key not rejected with MSEQ_EINVAL");
        return;
    }
    const int64_t before = get(params, key);
    const int rc = mseq_params_set(params, static_cast<mseq_param>(key), value);
    if (rc != 0) {
        ++refused;
        check(rc == MSEQ_EINVAL || rc == MSEQ_ERANGE, "set: unexpected code");
        check(mseq_last_error()[0] != '\0', "set failure left no message");
        check(get(params, key) == before, "a failed set changed the value");
    } else {
        check(get(params, key) == value, "a set value does not read back");
    }
}

// The augmentation keys (MSEQ_TYPE_F64) with their bounds, from the table:
// the per-digit modules (the baseline's slope and wave included: they move
// each digit in its cell), the whole image's modules, then the keys that
// are not modules: the texture scale (from 1, default 8) and the wave's
// period (from 8, default 160).
struct F64Key {
    mseq_param key;
    double min, max;
};

constexpr size_t kF64Keys = 20;
constexpr size_t kDigitKeys = 9;    // keys 0..8: per digit
constexpr size_t kModuleKeys = 18;  // keys 9..17: the whole image's modules

const std::array<F64Key, kF64Keys> &f64_keys() {
    static const std::array<F64Key, kF64Keys> keys = [] {
        const mseq_param all[kF64Keys] = {
            MSEQ_PARAM_ROTATE,         MSEQ_PARAM_SHEAR,
            MSEQ_PARAM_DIGIT_SCALE,    MSEQ_PARAM_ASPECT,
            MSEQ_PARAM_SHIFT_Y,        MSEQ_PARAM_THICKNESS,
            MSEQ_PARAM_ELASTIC_ALPHA,  MSEQ_PARAM_BASELINE_SLOPE,
            MSEQ_PARAM_WAVE_AMPLITUDE, MSEQ_PARAM_NOISE_STD,
            MSEQ_PARAM_SALT_PEPPER,    MSEQ_PARAM_BLUR_SIGMA,
            MSEQ_PARAM_CONTRAST,       MSEQ_PARAM_BRIGHTNESS,
            MSEQ_PARAM_GAMMA,          MSEQ_PARAM_INK_LEVEL,
            MSEQ_PARAM_PAPER_LEVEL,    MSEQ_PARAM_BACKGROUND_STRENGTH,
            MSEQ_PARAM_TEXTURE_SCALE,  MSEQ_PARAM_WAVE_PERIOD};
        // The lower bound and default of the keys from kModuleKeys on.
        const double other_min[] = {1.0, 8.0}, other_default[] = {8.0, 160.0};
        std::array<F64Key, kF64Keys> k{};
        for (size_t i = 0; i < kF64Keys; ++i) {
            mseq_param_desc d{};
            d.version = MSEQ_PARAM_DESC_VERSION;
            const bool module = i < kModuleKeys;
            check(
                mseq_param_info(&d, all[i]) == 0 &&
                    d.value_type == MSEQ_TYPE_F64 &&
                    d.min_f64 == (module ? 0.0 : other_min[i - kModuleKeys]) &&
                    d.default_f64 ==
                        (module ? 0.0 : other_default[i - kModuleKeys]) &&
                    d.max_f64 > d.min_f64,
                "an augmentation key is not the F64 row expected");
            k[i] = F64Key{all[i], d.min_f64, d.max_f64};
        }
        return k;
    }();
    return keys;
}

double get_f64(const mseq_params *params, mseq_param key) {
    double v = 0.0;
    check(mseq_params_get_f64(&v, params, key) == 0,
          "mseq_params_get_f64 failed for a known key");
    return v;
}

// Whether any module of keys [from, to) is non-zero (-0.0 is zero), or a
// preset fills the modules left at 0.
bool modules_on(const mseq_params *params, size_t from, size_t to) {
    if (get(params, MSEQ_PARAM_PRESET) != MSEQ_PRESET_NONE) return true;
    for (size_t i = from; i < to; ++i) {
        if (get_f64(params, f64_keys()[i].key) != 0.0) return true;
    }
    return false;
}

// Whether a per-digit augmentation module may be on.
bool augmented(const mseq_params *params) {
    return modules_on(params, 0, kDigitKeys);
}

// Whether a whole-image module may be on: the image then holds other
// greys than the digits' ink on white paper.
bool photometric(const mseq_params *params) {
    return modules_on(params, kDigitKeys, kModuleKeys);
}

// The integer keys a floating-point call may set: 1..15, the preset and
// the background pattern.
int int_key_of(uint8_t b) {
    const int k = b % 17;
    if (k < 15) return 1 + k;
    return k == 15 ? int(MSEQ_PARAM_PRESET) : int(MSEQ_PARAM_BACKGROUND);
}

// Applies one floating-point setter call and checks its contract: an
// augmentation key, an unknown key of the group (209), or an integer key
// (1..15) given a double.
void fuzz_set_f64(mseq_params *params, Reader &in, int &refused) {
    const int which = in.u8() % int(kF64Keys + 2);
    const int int_key = int_key_of(in.u8());
    const double max =
        which < int(kF64Keys) ? f64_keys()[size_t(which)].max : 64.0;
    const double value = in.f64(max);
    if (refused >= kMaxRefused) return;
    if (which == int(kF64Keys)) {
        ++refused;
        check(mseq_params_set_f64(params, static_cast<mseq_param>(209),
                                  value) == MSEQ_EINVAL,
              "set_f64: unknown key not rejected with MSEQ_EINVAL");
        return;
    }
    if (which == int(kF64Keys) + 1) {
        const int64_t before = get(params, int_key);
        const int rc = mseq_params_set_f64(
            params, static_cast<mseq_param>(int_key), value);
        const bool integral = std::isfinite(value) &&
                              value == std::floor(value) &&
                              std::fabs(value) < 9.2e18;
        if (rc != 0) {
            ++refused;
            check(rc == MSEQ_EINVAL || (integral && rc == MSEQ_ERANGE),
                  "set_f64 on an integer key: unexpected code");
            check(mseq_last_error()[0] != '\0', "set failure left no message");
            check(get(params, int_key) == before,
                  "a failed set_f64 changed an integer key");
        } else {
            check(integral, "set_f64 took a non-integral integer value");
            check(get(params, int_key) == static_cast<int64_t>(value),
                  "an integral set_f64 does not read back");
        }
        return;
    }
    const F64Key &k = f64_keys()[size_t(which)];
    const double before = get_f64(params, k.key);
    const int rc = mseq_params_set_f64(params, k.key, value);
    const bool valid = std::isfinite(value) && value >= k.min && value <= k.max;
    if (!valid) {
        ++refused;
        const int want =
            std::isfinite(value) && value > k.max ? MSEQ_ERANGE : MSEQ_EINVAL;
        check(rc == want, "set_f64: a bad value not refused with its code");
        check(mseq_last_error()[0] != '\0', "set failure left no message");
        const double after = get_f64(params, k.key);
        check(std::memcmp(&after, &before, sizeof after) == 0,
              "a failed set_f64 changed the value");
    } else {
        check(rc == 0, "set_f64 refused a value within the bounds");
        check(get_f64(params, k.key) == value,
              "an f64 value does not read back");
    }
}

// Ink (0..255, glyph convention) of an output value.
FUZZ_NO_COVERAGE double ink_of(double v, bool invert, bool u8) {
    const double unit = u8 ? v / 255.0 : v;
    return (invert ? unit : 1.0 - unit) * 255.0;
}

struct Shape {
    size_t rows, width;  // the image's (mseq_image_shape())
    bool u8, invert;
    int fit;
    bool overlap;    // min_spacing < 0: cells may overlap
    bool augmented;  // an augmentation key is non-zero
    size_t glyph_rows;
    size_t margin_x, margin_y;
    bool framed;       // height or a margin set: the strip sits in a frame
    bool photometric;  // a whole-image key is non-zero (or a preset)
};

// The background value of an image's pixels.
FUZZ_NO_COVERAGE double background(const Shape &s) {
    return s.invert ? 0.0 : s.u8 ? 255.0 : 1.0;
}

FUZZ_NO_COVERAGE double pixel(const void *image, const Shape &s, size_t y,
                              size_t x) {
    const size_t i = y * s.width + x;
    if (s.u8) return static_cast<const uint8_t *>(image)[i];
    return static_cast<const float *>(image)[i];
}

// Checks one generated image and its layout against the data set.
FUZZ_NO_COVERAGE void check_image(const SyntheticSet &set, const Shape &s,
                                  const void *image, const mseq_placement *pl,
                                  const int *digits, size_t n, float scale) {
    const size_t cols = set.cols;
    for (size_t y = 0; y < s.rows; ++y) {
        for (size_t x = 0; x < s.width; ++x) {
            const double v = pixel(image, s, y, x);
            check(s.u8 || (v >= 0.0 && v <= 1.0), "F32 pixel outside [0, 1]");
        }
    }
    check(scale > 0.0f && scale <= 1.0f, "scale outside (0, 1]");
    const bool scaled = scale < 1.0f;
    // The margins stay background (paper, before the whole image's
    // modules).
    for (size_t y = 0; y < s.rows && !s.photometric; ++y) {
        for (size_t x = 0; x < s.width; ++x) {
            if (y >= s.margin_y && y < s.rows - s.margin_y && x >= s.margin_x &&
                x < s.width - s.margin_x) {
                continue;
            }
            check(pixel(image, s, y, x) == background(s), "ink in the margins");
        }
    }
    for (size_t j = 0; j < n; ++j) {
        const mseq_placement &p = pl[j];
        check(p.label == digits[j], "placement label differs from the digit");
        check(p.source_index >= 0 &&
                  size_t(p.source_index) < set.labels.size() &&
                  set.labels[size_t(p.source_index)] == digits[j],
              "source glyph is not of the digit's class");
        check(0 <= p.x_begin && p.x_begin <= p.x_end &&
                  size_t(p.x_end) <= s.width,
              "placement outside the image columns");
        check(
            0 <= p.y_begin && p.y_begin < p.y_end && size_t(p.y_end) <= s.rows,
            "placement outside the image rows");
        check(size_t(p.x_begin) >= s.margin_x &&
                  size_t(p.x_end) <= s.width - s.margin_x &&
                  size_t(p.y_begin) >= s.margin_y &&
                  size_t(p.y_end) <= s.rows - s.margin_y,
              "placement inside the margins");
        check(j == 0 || (s.overlap ? pl[j - 1].x_begin <= p.x_begin
                                   : pl[j - 1].x_end <= p.x_begin),
              "placements out of order, or overlapping without a negative "
              "gap");
        if (!scaled) {
            check(size_t(p.x_end - p.x_begin) == cols &&
                      size_t(p.y_end - p.y_begin) == s.glyph_rows &&
                      p.y_begin == pl[0].y_begin &&
                      (s.framed || p.y_begin == 0),
                  "unscaled cell is not a whole glyph");
        }
    }
    if (s.fit == MSEQ_FIT_EXACT) {
        check(size_t(pl[0].x_begin) == s.margin_x &&
                  size_t(pl[n - 1].x_end) == s.width - s.margin_x,
              "exact fit does not fill the width");
    }
    // The whole image's modules change every pixel's grey: the layout is
    // all that is left to check (the labels are checked against the image
    // without them, check_annotated()).
    if (s.photometric) return;
    if (s.augmented) {
        // Augmented digits are drawn in their cells: background outside.
        if (scaled) return;
        for (size_t x = 0; x < s.width; ++x) {
            bool in_cell = false;
            for (size_t j = 0; j < n && !in_cell; ++j) {
                in_cell = size_t(pl[j].x_begin) <= x && x < size_t(pl[j].x_end);
            }
            for (size_t y = 0; y < s.rows && !in_cell; ++y) {
                check(pixel(image, s, y, x) == background(s),
                      "augmented ink outside every cell");
            }
        }
        return;
    }
    if (!scaled) {
        // Reference drawing: background, then at each pixel the largest
        // ink of the cells covering it (cells overlap under negative gaps).
        const size_t top = size_t(pl[0].y_begin);
        for (size_t y = 0; y < s.rows; ++y) {
            size_t j = 0;
            const bool strip_row = y >= top && y < top + s.glyph_rows;
            for (size_t x = 0; x < s.width; ++x) {
                while (j < n && size_t(pl[j].x_end) <= x) ++j;
                double ink = 0.0;
                for (size_t c = j;
                     strip_row && c < n && size_t(pl[c].x_begin) <= x; ++c) {
                    if (size_t(pl[c].x_end) <= x) continue;
                    const size_t g = size_t(pl[c].source_index);
                    ink = std::max<double>(
                        ink, set.pixels[(g * s.glyph_rows + (y - top)) * cols +
                                        (x - size_t(pl[c].x_begin))]);
                }
                const double got =
                    ink_of(pixel(image, s, y, x), s.invert, s.u8);
                check(std::fabs(got - ink) < 1e-3,
                      "unscaled pixel differs from the glyph");
            }
        }
        return;
    }
    // Scaled: total ink is kept (each output pixel averages S/W x rows/h
    // source pixels). Overlapping glyphs keep between the most inked
    // glyph's ink and the sum of all. (A strip shrunk to a frame's height
    // is W' / S wide only to a rounding: its pixels are tested by
    // unit.Geometry.*.)
    if (s.framed) return;
    double in = 0.0, out = 0.0, most = 0.0;
    for (size_t j = 0; j < n; ++j) {
        const uint8_t *g =
            &set.pixels[size_t(pl[j].source_index) * s.rows * cols];
        double ink = 0.0;
        for (size_t i = 0; i < s.rows * cols; ++i) ink += g[i];
        in += ink;
        most = std::max(most, ink);
    }
    for (size_t y = 0; y < s.rows; ++y) {
        for (size_t x = 0; x < s.width; ++x) {
            out += ink_of(pixel(image, s, y, x), s.invert, s.u8);
        }
    }
    const double h = pl[0].y_end - pl[0].y_begin;
    const double per_pixel = (double(s.rows) / h) / double(scale);
    const double tolerance =
        1e-3 * in + (s.u8 ? 0.5 : 1e-4) * double(s.width) * h * per_pixel + 1.0;
    if (s.overlap) {
        check(out * per_pixel <= in + tolerance &&
                  out * per_pixel >= most - tolerance,
              "scaled overlapping glyphs lose or gain ink");
    } else {
        check(std::fabs(out * per_pixel - in) <= tolerance,
              "scaled image does not keep the glyphs' ink");
    }
}

// A copy of `params` with the whole image's modules at 0 (its preset kept:
// nothing to compare with then), or null when a preset is set.
FUZZ_NO_COVERAGE mseq_params *without_photometric(const mseq_params *params) {
    if (get(params, MSEQ_PARAM_PRESET) != MSEQ_PRESET_NONE) return nullptr;
    mseq_params *copy = nullptr;
    check(mseq_params_new(&copy) == 0, "mseq_params_new failed");
    size_t count = 0;
    check(mseq_param_list(nullptr, 0, &count) == 0,
          "mseq_param_list size query failed");
    std::vector<mseq_param> keys(count);
    check(mseq_param_list(keys.data(), keys.size(), &count) == 0,
          "mseq_param_list failed");
    for (mseq_param key : keys) {
        mseq_param_desc d{};
        d.version = MSEQ_PARAM_DESC_VERSION;
        check(mseq_param_info(&d, key) == 0, "mseq_param_info failed");
        if (d.value_type == MSEQ_TYPE_F64) {
            check(mseq_params_set_f64(copy, key, get_f64(params, key)) == 0,
                  "cannot copy an f64 key");
        } else {
            check(mseq_params_set(copy, key, get(params, key)) == 0,
                  "cannot copy a key");
        }
    }
    for (size_t i = kDigitKeys; i < kModuleKeys; ++i) {
        check(mseq_params_set_f64(copy, f64_keys()[i].key, 0.0) == 0,
              "cannot turn a whole-image module off");
    }
    return copy;
}

// The labels of an image with whole-image modules on are those of the same
// image without them: the modules never move the digits' ink.
FUZZ_NO_COVERAGE void check_photometric_labels(
    const mseq_params *params, const std::vector<uint16_t> &mask,
    const std::vector<mseq_ink_box> &boxes, bool layout, const int *digits,
    size_t n, uint64_t index, const SyntheticSet &set, size_t bytes) {
    mseq_params *clean = without_photometric(params);
    if (clean == nullptr) return;
    std::unique_ptr<uint8_t[]> out(new uint8_t[bytes]);
    std::vector<uint16_t> want_mask(mask.size());
    std::vector<mseq_ink_box> want_boxes(n);
    const int rc = mseq_generate_annotated(
        out.get(), bytes, mask.empty() ? nullptr : want_mask.data(),
        want_mask.size(), want_boxes.data(), nullptr, nullptr, set.ds, clean,
        digits, n, index);
    mseq_params_free(clean);
    check(rc == 0,
          "annotated generation without the whole image's modules "
          "failed");
    check(want_mask == mask,
          "the whole image's modules changed the instance mask");
    if (layout) {
        check(std::memcmp(want_boxes.data(), boxes.data(),
                          n * sizeof boxes[0]) == 0,
              "the whole image's modules changed the ink boxes");
    }
}

// Checks mseq_generate_annotated() for a sequence that mseq_generate()
// made into `image` (with placements `pl`, scale `scale`): `mode` 0 all
// outputs, 1 a mask one entry short (refused, nothing written), 2 no mask,
// 3 no boxes, placements or scale.
FUZZ_NO_COVERAGE void check_annotated(const SyntheticSet &set, const Shape &s,
                                      const mseq_params *params,
                                      const uint8_t *image, size_t bytes,
                                      const mseq_placement *pl, float scale,
                                      const int *digits, size_t n,
                                      uint64_t index, int mode) {
    const size_t pixels = s.rows * s.width;
    std::unique_ptr<uint8_t[]> out(new uint8_t[bytes]);
    std::memset(out.get(), 0xA5, bytes);
    std::vector<uint16_t> mask(mode == 2 ? 0 : pixels, 0xBEEF);
    const mseq_ink_box box_sentinel{-5, -5, -5, -5};
    std::vector<mseq_ink_box> boxes(n, box_sentinel);
    mseq_placement pl_sentinel{};
    pl_sentinel.label = -77;
    std::vector<mseq_placement> got_pl(n, pl_sentinel);
    float got_scale = -3.0f;
    const bool layout = mode != 3;
    const int rc = mseq_generate_annotated(
        out.get(), bytes, mode == 2 ? nullptr : mask.data(),
        mode == 1 ? pixels - 1 : mask.size(), layout ? boxes.data() : nullptr,
        layout ? got_pl.data() : nullptr, layout ? &got_scale : nullptr, set.ds,
        params, digits, n, index);
    if (mode == 1) {
        check(rc == MSEQ_EBUFSIZE, "a mask one entry short was accepted");
        check(mseq_last_error()[0] != '\0', "a failure left no message");
        check(std::all_of(out.get(), out.get() + bytes,
                          [](uint8_t b) { return b == 0xA5; }) &&
                  std::all_of(mask.begin(), mask.end(),
                              [](uint16_t m) { return m == 0xBEEF; }) &&
                  std::all_of(boxes.begin(), boxes.end(),
                              [](const mseq_ink_box &b) {
                                  return b.x_begin == -5 && b.y_end == -5;
                              }) &&
                  got_scale == -3.0f,
              "a refused annotated call wrote its outputs");
        return;
    }
    check(rc == 0, "annotated generation failed where mseq_generate succeeded");
    check(std::memcmp(out.get(), image, bytes) == 0,
          "annotated image differs from mseq_generate's");
    if (layout) {
        check(std::memcmp(got_pl.data(), pl, n * sizeof *pl) == 0 &&
                  got_scale == scale,
              "annotated layout differs from mseq_generate's");
    }
    if (s.photometric) {
        check_photometric_labels(params, mask, boxes, layout, digits, n, index,
                                 set, bytes);
        return;
    }
    const double bg = background(s);
    if (mode != 2) {
        for (size_t i = 0; i < pixels; ++i) {
            const bool ink = pixel(image, s, i / s.width, i % s.width) != bg;
            check((mask[i] != 0) == ink,
                  "mask is not non-zero exactly on the ink");
            check(mask[i] <= n, "mask value beyond the digits");
        }
    }
    if (!layout) return;
    const bool scaled = scale < 1.0f;
    for (size_t j = 0; j < n; ++j) {
        const mseq_ink_box &b = boxes[j];
        if (b.x_begin == 0 && b.x_end == 0 && b.y_begin == 0 && b.y_end == 0) {
            for (size_t i = 0; i < mask.size(); ++i) {
                check(mask[i] != j + 1, "mask pixels of a digit without a box");
            }
            continue;
        }
        check(0 <= b.x_begin && b.x_begin < b.x_end &&
                  size_t(b.x_end) <= s.width && 0 <= b.y_begin &&
                  b.y_begin < b.y_end && size_t(b.y_end) <= s.rows,
              "ink box outside the image, or empty but not zero");
        check(scaled || (pl[j].x_begin <= b.x_begin && b.x_end <= pl[j].x_end),
              "ink box outside its cell");
        // Tight: each edge holds ink (a pixel differing from background).
        bool top = false, bottom = false, left = false, right = false;
        for (int32_t x = b.x_begin; x < b.x_end; ++x) {
            top = top || pixel(image, s, size_t(b.y_begin), size_t(x)) != bg;
            bottom =
                bottom || pixel(image, s, size_t(b.y_end - 1), size_t(x)) != bg;
        }
        for (int32_t y = b.y_begin; y < b.y_end; ++y) {
            left = left || pixel(image, s, size_t(y), size_t(b.x_begin)) != bg;
            right =
                right || pixel(image, s, size_t(y), size_t(b.x_end - 1)) != bg;
        }
        check(top && bottom && left && right, "an ink box edge holds no ink");
    }
    if (mode == 0) {
        for (size_t i = 0; i < pixels; ++i) {
            if (mask[i] == 0) continue;
            const mseq_ink_box &b = boxes[mask[i] - 1u];
            const int32_t x = int32_t(i % s.width), y = int32_t(i / s.width);
            check(
                b.x_begin <= x && x < b.x_end && b.y_begin <= y && y < b.y_end,
                "a mask pixel outside its digit's box");
        }
    }
    if (s.augmented || scaled) return;
    // Reference: each digit's ink is its glyph's non-zero pixels; the mask
    // names the darkest glyph, the lowest digit on ties.
    std::vector<int> darkest(pixels, 0);
    std::vector<uint16_t> owner(pixels, 0);
    const size_t cols = set.cols;
    for (size_t j = 0; j < n; ++j) {
        const uint8_t *g =
            &set.pixels[size_t(pl[j].source_index) * s.glyph_rows * cols];
        int32_t x0 = INT32_MAX, x1 = -1, y0 = INT32_MAX, y1 = -1;
        for (size_t gy = 0; gy < s.glyph_rows; ++gy) {
            const size_t y = size_t(pl[j].y_begin) + gy;
            for (size_t c = 0; c < cols; ++c) {
                const int v = g[gy * cols + c];
                if (v == 0) continue;
                const size_t x = size_t(pl[j].x_begin) + c;
                x0 = std::min(x0, int32_t(x));
                x1 = std::max(x1, int32_t(x));
                y0 = std::min(y0, int32_t(y));
                y1 = std::max(y1, int32_t(y));
                if (v > darkest[y * s.width + x]) {
                    darkest[y * s.width + x] = v;
                    owner[y * s.width + x] = uint16_t(j + 1);
                }
            }
        }
        const mseq_ink_box &b = boxes[j];
        check(x1 < 0 ? (b.x_begin == 0 && b.x_end == 0)
                     : (b.x_begin == x0 && b.x_end == x1 + 1 &&
                        b.y_begin == y0 && b.y_end == y1 + 1),
              "ink box differs from the glyph's ink");
    }
    if (mode == 0) {
        check(mask == owner, "mask differs from the darkest glyphs");
    }
}

// Would an exact fit build a table of more than 2^14 cells (up to the
// library's limit of 2^24: slow, but legitimate)? Mirrors layout.cpp's
// arithmetic.
bool slow_exact(const mseq_params *params, const SyntheticSet &set, size_t n) {
    if (get(params, MSEQ_PARAM_FIT) != MSEQ_FIT_EXACT || n < 2) return false;
    const int64_t lo = get(params, MSEQ_PARAM_MIN_SPACING);
    const int64_t hi = get(params, MSEQ_PARAM_MAX_SPACING);
    const int64_t w = get(params, MSEQ_PARAM_WIDTH);
    const int64_t m = int64_t(n) - 1;
    if (lo > hi) return false;
    int64_t slack = w - int64_t(n) * set.cols - m * lo;
    if (slack < 0 || slack > m * (hi - lo)) return false;
    slack = std::min(slack, m * (hi - lo) - slack);
    const int64_t cells = m * (slack + 1);
    return cells > (int64_t{1} << 14) && cells <= (int64_t{1} << 24);
}

// Bounds on what one input makes the library do, so that the fuzzer runs
// thousands of inputs a second: images at most kMaxWidth pixels wide (the
// size query still sees any width), at most 11 digits, random sequences of
// at most kMaxLength digits, one thread unless the input asks for two.
// Bugs of layout, scaling and batching show at these sizes; the limits
// themselves are tested in tests/failure/limits_test.cpp.
constexpr int64_t kMaxWidth = 256;
constexpr int64_t kMaxLength = 12;
constexpr size_t kMaxBytes = size_t{1} << 20;

void run(const uint8_t *data, size_t size) {
    Reader in(data, size);
    const int which = in.u8() % 2;
    const SyntheticSet &set = data_set(which);
    ParamsPtr params;
    check(mseq_params_new(&params.p) == 0, "mseq_params_new failed");
    const int nsets = in.u8() % 8;  // at most 7 parameters set per call
    int refused = 0;
    for (int i = 0; i < nsets; ++i) fuzz_set(params.p, in, refused);

    const int op = in.u8() % 3;  // 0 single, 1 batch of digits, 2 random
    uint8_t nbyte = in.u8();
    // Past MSEQ_MAX_DIGITS sometimes: refused before any drawing.
    size_t n = nbyte < 250 ? nbyte % 12 : MSEQ_MAX_DIGITS + 1;
    if (op == 2) n = 0;
    std::vector<int> digits(n);
    for (size_t j = 0; j < n; ++j) {
        const uint8_t b = in.u8();
        digits[j] = b < 230 ? b % 10 : int(b) - 240;  // -10..15 sometimes
    }
    const uint64_t index = in.u64();
    const size_t count = op == 0 ? 1 : 1 + in.u8() % 4;
    const uint8_t opts = in.u8();
    const int nf64 = in.u8() % 8;  // at most 7 floating-point calls
    for (int i = 0; i < nf64; ++i) fuzz_set_f64(params.p, in, refused);
    const bool annotate = (opts & 0x20) != 0;
    // The output geometry, for a quarter of the inputs: a height from 0
    // (the glyph rows) to 47, margins that may leave no room (refused by
    // the size query and by generation); a height past the limit is
    // refused when set and changes nothing.
    const uint8_t geo = in.u8();
    if ((geo & 3) == 3) {
        const int64_t values[3] = {in.u8() % 48, in.u8() % 16, in.u8() % 10};
        const mseq_param keys[3] = {MSEQ_PARAM_HEIGHT, MSEQ_PARAM_MARGIN_X,
                                    MSEQ_PARAM_MARGIN_Y};
        for (int i = 0; i < 3; ++i) {
            check(mseq_params_set(params.p, keys[i], values[i]) == 0,
                  "a height or margin within the bounds was refused");
            check(get(params.p, keys[i]) == values[i],
                  "a height or margin does not read back");
        }
        if ((geo & 4) != 0 && refused < kMaxRefused) {
            ++refused;
            check(mseq_params_set(params.p, MSEQ_PARAM_HEIGHT,
                                  MSEQ_MAX_GLYPH_SIDE + 1) == MSEQ_ERANGE &&
                      get(params.p, MSEQ_PARAM_HEIGHT) == values[0],
                  "a height past the limit was not refused");
        }
    }
    // The order of unique sequences, for a quarter of the inputs (read
    // last: earlier inputs keep their meaning): either permutation. The
    // batch's random sequences are checked against mseq_random_sequence()
    // below, whichever it is.
    const uint8_t order = in.u8();
    if ((order & 3) == 3) {
        const int64_t v = (order >> 2) & 1;
        check(
            mseq_params_set(params.p, MSEQ_PARAM_UNIQUE_PERMUTATION, v) == 0 &&
                get(params.p, MSEQ_PARAM_UNIQUE_PERMUTATION) == v,
            "a permutation of unique sequences was refused");
    }

    // One writer per image, for an eighth of the inputs: the fuzz data have
    // no QMNIST writers, so generation must refuse it (MSEQ_EINVAL) and
    // leave the output alone; a value past MSEQ_WRITER_SAME is refused when
    // set. The key then returns to its default for the rest of the input.
    if ((geo & 0x38) == 0x38) {
        check(mseq_params_set(params.p, MSEQ_PARAM_WRITER, 2) == MSEQ_EINVAL,
              "a writer choice past MSEQ_WRITER_SAME was not refused");
        check(
            mseq_params_set(params.p, MSEQ_PARAM_WRITER, MSEQ_WRITER_SAME) == 0,
            "writer same was refused when set");
        size_t bytes = 0;
        if (mseq_image_size(&bytes, set.ds, params.p) == 0 && bytes <= 65536) {
            std::vector<uint8_t> out(bytes, 0xA5);
            const int one = 7;
            check(mseq_generate(out.data(), out.size(), nullptr, nullptr,
                                set.ds, params.p, &one, 1, 0) == MSEQ_EINVAL,
                  "writer same without writers was not refused");
            check(std::all_of(out.begin(), out.end(),
                              [](uint8_t b) { return b == 0xA5; }),
                  "a refused writer-same image wrote its output");
        }
        check(
            mseq_params_set(params.p, MSEQ_PARAM_WRITER, MSEQ_WRITER_ANY) == 0,
            "writer any was refused");
    }

    size_t image = 0;
    const int qrc = mseq_image_size(&image, set.ds, params.p);
    if (qrc != 0) {
        check_failure(qrc);
        image = 16;  // still call generate: it must fail the same way
    }
    if (image > kMaxBytes / count ||
        get(params.p, MSEQ_PARAM_WIDTH) > kMaxWidth ||
        (op == 2 && get(params.p, MSEQ_PARAM_MAX_LENGTH) > kMaxLength)) {
        if (fuzz::verbose()) std::fprintf(stderr, "  skipped: too big\n");
        return;
    }
    if (slow_exact(params.p, set,
                   n ? n : size_t(get(params.p, MSEQ_PARAM_MAX_LENGTH)))) {
        return;
    }
    // One thread, or two when the input asks (bits 3 and 4 of the options):
    // a thread is costly to start, and two show any dependence of the bytes
    // on the thread count.
    const int64_t threads = get(params.p, MSEQ_PARAM_THREADS);
    const bool two = (opts & 0x18) == 0x18;
    if (!two && threads != 1) {
        check(mseq_params_set(params.p, MSEQ_PARAM_THREADS, 1) == 0,
              "cannot set one thread");
    } else if (two && threads != 1 && threads != 2) {
        check(mseq_params_set(params.p, MSEQ_PARAM_THREADS, 2) == 0,
              "cannot set two threads");
    }
    // Buffer: exact size, one byte short (MSEQ_EBUFSIZE), or a byte over.
    const size_t need = image * count;
    const size_t have = (opts & 3) == 1   ? need - 1
                        : (opts & 3) == 2 ? need + 1
                                          : need;
    // Exactly `have` bytes (operator new aligns them for float), so that
    // ASan catches a write past the end.
    std::unique_ptr<uint8_t[]> buf(new uint8_t[have]);
    const bool want_layout = (opts & 4) == 0;
    const size_t stride =
        op == 2 ? size_t(get(params.p, MSEQ_PARAM_MAX_LENGTH)) : n;
    std::vector<mseq_placement> pl(want_layout ? count * stride : 0);
    mseq_placement sentinel{};
    sentinel.label = -77;
    std::fill(pl.begin(), pl.end(), sentinel);
    std::vector<float> scales(count, -2.0f);
    std::vector<uint32_t> lengths(count, 0);

    // A non-null pointer even for no digits, except for random sequences.
    int none = 0;
    const int *given = op == 2 ? nullptr : n ? digits.data() : &none;
    int rc;
    if (op == 0) {
        rc = mseq_generate(buf.get(), have, want_layout ? pl.data() : nullptr,
                           want_layout ? scales.data() : nullptr, set.ds,
                           params.p, given, n, index);
        if (rc != 0) {
            check(scales[0] == -2.0f, "a failed call wrote the scale");
            check(std::all_of(
                      pl.begin(), pl.end(),
                      [](const mseq_placement &p) { return p.label == -77; }),
                  "a failed call wrote placements");
            if (annotate) {
                // The annotated call fails the same way (its own mask,
                // none here, aside).
                std::unique_ptr<uint8_t[]> other(new uint8_t[have]);
                check(mseq_generate_annotated(other.get(), have, nullptr, 0,
                                              nullptr, nullptr, nullptr, set.ds,
                                              params.p, given, n, index) == rc,
                      "annotated generation fails otherwise than "
                      "mseq_generate");
            }
        }
    } else {
        rc = mseq_generate_batch(
            buf.get(), have, want_layout ? pl.data() : nullptr, pl.size(),
            lengths.data(), want_layout ? scales.data() : nullptr, set.ds,
            params.p, given, n, index, count);
    }
    if (fuzz::verbose()) {
        std::fprintf(stderr, "  op %d, %zu digits, count %zu: %d %s\n", op, n,
                     count, rc, rc ? mseq_last_error() : "");
    }
    if (rc != 0) {
        check_failure(rc);
        return;
    }
    check(qrc == 0, "generation succeeded where the size query failed");
    check(have >= need, "a too-small buffer was accepted");

    uint32_t image_rows = 0, image_cols = 0;
    check(mseq_image_shape(&image_rows, &image_cols, set.ds, params.p) == 0,
          "the shape query failed where generation succeeded");
    const int64_t height = get(params.p, MSEQ_PARAM_HEIGHT);
    check(image_rows == (height != 0 ? uint32_t(height) : set.rows) &&
              int64_t(image_cols) == get(params.p, MSEQ_PARAM_WIDTH),
          "the shape is not height (or the glyph rows) by width");
    const bool u8 = get(params.p, MSEQ_PARAM_FORMAT) == MSEQ_FORMAT_U8;
    check(size_t(image_rows) * image_cols * (u8 ? 1 : 4) == image,
          "mseq_image_size() differs from the shape");
    const size_t margin_x = size_t(get(params.p, MSEQ_PARAM_MARGIN_X));
    const size_t margin_y = size_t(get(params.p, MSEQ_PARAM_MARGIN_Y));
    const Shape shape{image_rows,
                      image_cols,
                      u8,
                      get(params.p, MSEQ_PARAM_INVERT) != 0,
                      int(get(params.p, MSEQ_PARAM_FIT)),
                      get(params.p, MSEQ_PARAM_MIN_SPACING) < 0,
                      augmented(params.p),
                      set.rows,
                      margin_x,
                      margin_y,
                      height != 0 || margin_x != 0 || margin_y != 0,
                      photometric(params.p)};
    const uint8_t *bytes = buf.get();
    // Sample k of the batch (the last one) against a single call.
    const size_t k = count - 1;
    std::vector<int> seq = digits;
    size_t len = n;
    if (op == 2) {
        seq.assign(stride, -1);
        check(mseq_random_sequence(seq.data(), seq.size(), &len, params.p,
                                   index + k) == 0,
              "mseq_random_sequence failed after a batch succeeded");
        check(len == lengths[k], "batch length differs from the sequence");
        check(len >= 1 && len <= stride, "random length out of range");
    } else if (op == 1) {
        check(lengths[k] == n, "batch length differs from ndigits");
    }
    std::unique_ptr<uint8_t[]> one(new uint8_t[image]);
    std::vector<mseq_placement> one_pl(std::max<size_t>(len, 1));
    float one_scale = -1.0f;
    check(mseq_generate(one.get(), image, one_pl.data(), &one_scale, set.ds,
                        params.p, seq.data(), len, index + k) == 0,
          "single call failed where the batch succeeded");
    check(std::memcmp(one.get(), bytes + k * image, image) == 0,
          "batch sample differs from the single call (or not deterministic)");
    check_image(set, shape, one.get(), one_pl.data(), seq.data(), len,
                one_scale);
    if (annotate) {
        if (fuzz::verbose()) {
            std::fprintf(stderr, "  annotated, outputs %d, augmented %d\n",
                         opts >> 6, int(shape.augmented));
        }
        check_annotated(set, shape, params.p, one.get(), image, one_pl.data(),
                        one_scale, seq.data(), len, index + k, opts >> 6);
    }
    if (want_layout) {
        check(std::memcmp(one_pl.data(), &pl[k * stride],
                          len * sizeof(mseq_placement)) == 0,
              "batch placements differ from the single call");
        check(scales[k] == one_scale, "batch scale differs");
        for (size_t j = len; j < stride; ++j) {
            check(
                pl[k * stride + j].label == 0 && pl[k * stride + j].x_end == 0,
                "unused placements of a sample are not zeroed");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    run(data, size);
    return 0;
}
