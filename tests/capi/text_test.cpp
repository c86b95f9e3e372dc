// Templates and texts through the C API: template texts (grammar errors
// with columns, unique to the full space), images of texts with exact
// per-character labels (boxes, masks, placements) under augmentation and
// overlap, digits-only texts equal to digit images, determinism across
// threads, and every bad argument refused before anything is written.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "capi_test.hpp"
#include "mnistseq/mnistseq.h"

namespace {

using capi_test::expect_error;
using capi_test::Params;

// Owns a template; the parse must succeed.
class Template {
public:
    explicit Template(const char *text) {
        EXPECT_EQ(mseq_template_new(&t_, text), MSEQ_OK) << mseq_last_error();
    }
    ~Template() { mseq_template_free(t_); }
    Template(const Template &) = delete;
    Template &operator=(const Template &) = delete;
    operator const mseq_template *() const { return t_; }
    uint64_t count() const {
        uint64_t n = 0;
        EXPECT_EQ(mseq_template_count(&n, nullptr, t_), MSEQ_OK);
        return n;
    }
    std::string text(const mseq_params *p, uint64_t index) const {
        std::vector<char> out(256);
        size_t length = 0;
        EXPECT_EQ(
            mseq_template_text(out.data(), out.size(), &length, t_, p, index),
            MSEQ_OK)
            << mseq_last_error();
        EXPECT_EQ(length, std::strlen(out.data()));
        return out.data();
    }

private:
    mseq_template *t_ = nullptr;
};

// One generated text image with its labels.
struct TextImage {
    std::vector<uint8_t> pixels;
    std::vector<uint16_t> mask;
    std::vector<mseq_ink_box> boxes;
    std::vector<mseq_placement> placements;
    uint32_t rows = 0, cols = 0;
};

TextImage generate(const mseq_params *p, const std::string &text,
                   uint64_t index) {
    TextImage im;
    EXPECT_EQ(mseq_image_shape(&im.rows, &im.cols, capi_test::train(), p),
              MSEQ_OK);
    im.pixels.assign(size_t(im.rows) * im.cols, 0);
    im.mask.assign(im.pixels.size(), 0xffff);
    im.boxes.assign(text.size(), mseq_ink_box{-1, -1, -1, -1});
    im.placements.assign(text.size(), mseq_placement{});
    EXPECT_EQ(mseq_generate_text(im.pixels.data(), im.pixels.size(),
                                 im.mask.data(), im.mask.size(),
                                 im.boxes.data(), im.placements.data(), nullptr,
                                 capi_test::train(), p, text.c_str(), index),
              MSEQ_OK)
        << text << ": " << mseq_last_error();
    return im;
}

bool inside(const mseq_ink_box &b, uint32_t x, uint32_t y) {
    return int32_t(x) >= b.x_begin && int32_t(x) < b.x_end &&
           int32_t(y) >= b.y_begin && int32_t(y) < b.y_end;
}

TEST(Template, ParseErrorsNameTheColumn) {
    mseq_template *t = reinterpret_cast<mseq_template *>(&t);
    mseq_template *const before = t;
    expect_error([&] { return mseq_template_new(&t, "(###) ###x####"); },
                 MSEQ_EINVAL, {"template column 10", "'x'"});
    EXPECT_EQ(t, before);
    expect_error([&] { return mseq_template_new(&t, "{date DD/MM/YYYY"); },
                 MSEQ_EINVAL, {"column 1", "never closed"});
    expect_error([&] { return mseq_template_new(&t, "{time HH:XX}"); },
                 MSEQ_EINVAL, {"column 10", "time format"});
    expect_error([&] { return mseq_template_new(&t, nullptr); }, MSEQ_EINVAL,
                 {"mseq_template_new", "text is NULL"});
    expect_error([&] { return mseq_template_new(nullptr, "#"); }, MSEQ_EINVAL,
                 {"out is NULL"});
    expect_error([&] { return mseq_template_count(nullptr, nullptr, nullptr); },
                 MSEQ_EINVAL, {"tmpl is NULL"});
}

TEST(Template, CountsAndTextsFollowTheParameters) {
    const Template phone("0##-####-####");
    uint64_t count = 0;
    size_t longest = 0;
    ASSERT_EQ(mseq_template_count(&count, &longest, phone), MSEQ_OK);
    EXPECT_EQ(count, 10000000000u);
    EXPECT_EQ(longest, 13u);
    Params p;
    p.set(MSEQ_PARAM_SEED, 11);
    const std::string a = phone.text(p, 5);
    EXPECT_EQ(a.size(), 13u);
    EXPECT_EQ(a[0], '0');
    EXPECT_EQ(a[3], '-');
    EXPECT_EQ(a[8], '-');
    EXPECT_EQ(phone.text(p, 5), a);  // a pure function of (seed, index)
    Params q;
    q.set(MSEQ_PARAM_SEED, 12);
    int same = 0;
    for (uint64_t i = 0; i < 50; ++i)
        same += phone.text(p, i) == phone.text(q, i);
    EXPECT_LT(same, 2);

    // Too small a buffer: refused, nothing written.
    char small[13];
    std::memset(small, 'Z', sizeof small);
    size_t length = 777;
    expect_error(
        [&] {
            return mseq_template_text(small, sizeof small, &length, phone, p,
                                      0);
        },
        MSEQ_EBUFSIZE, {"out_size 13", "14 bytes"});
    EXPECT_EQ(small[0], 'Z');
    EXPECT_EQ(length, 777u);
}

TEST(Template, UniqueTextsCoverTheSpaceThenStop) {
    const Template t("%#:#");
    Params p;
    p.set(MSEQ_PARAM_SEED, 5).set(MSEQ_PARAM_UNIQUE, 1);
    std::set<std::string> seen;
    for (uint64_t i = 0; i < 900; ++i) {
        ASSERT_TRUE(seen.insert(t.text(p, i)).second) << "repeat at " << i;
    }
    EXPECT_EQ(seen.size(), 900u);
    char out[8];
    expect_error([&] { return mseq_template_text(out, 8, nullptr, t, p, 900); },
                 MSEQ_ERANGE, {"900 distinct texts"});
    const Template huge("###################");
    expect_error(
        [&] { return mseq_template_text(out, 8, nullptr, huge, p, 0); },
        MSEQ_EBUFSIZE, {"20 bytes"});
    char room[32];
    expect_error(
        [&] { return mseq_template_text(room, 32, nullptr, huge, p, 0); },
        MSEQ_EINVAL, {"more than 2^63"});
}

TEST(Text, DigitsOnlyTextIsTheDigitImage) {
    Params p;
    p.set(MSEQ_PARAM_WIDTH, 150).set(MSEQ_PARAM_MAX_SPACING, 8);
    p.set(MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8);
    const int digits[] = {3, 1, 4, 1, 5, 9};
    for (uint64_t index : {0u, 7u, 123u}) {
        std::vector<uint8_t> image(28 * 150);
        std::vector<uint16_t> mask(image.size());
        std::vector<mseq_ink_box> boxes(6);
        std::vector<mseq_placement> placements(6);
        ASSERT_EQ(mseq_generate_annotated(
                      image.data(), image.size(), mask.data(), mask.size(),
                      boxes.data(), placements.data(), nullptr,
                      capi_test::train(), p, digits, 6, index),
                  MSEQ_OK);
        const TextImage t = generate(p, "314159", index);
        EXPECT_EQ(t.pixels, image);
        EXPECT_EQ(t.mask, mask);
        EXPECT_EQ(0, std::memcmp(t.boxes.data(), boxes.data(),
                                 6 * sizeof(mseq_ink_box)));
        EXPECT_EQ(0, std::memcmp(t.placements.data(), placements.data(),
                                 6 * sizeof(mseq_placement)));
    }
}

// The labels of every character are exact: every mask pixel lies in its
// character's box, ink and mask agree, boxes are tight on the mask's
// pixels when nothing overlaps, spaces own nothing, separators are drawn,
// placements name each character.
void check_labels(const mseq_params *p, const std::string &text, uint64_t index,
                  bool overlap) {
    SCOPED_TRACE(text + " index " + std::to_string(index));
    const TextImage im = generate(p, text, index);
    const size_t n = text.size();
    std::vector<mseq_ink_box> from_mask(
        n, mseq_ink_box{INT32_MAX, -1, INT32_MAX, -1});
    for (uint32_t y = 0; y < im.rows; ++y) {
        for (uint32_t x = 0; x < im.cols; ++x) {
            const uint16_t id = im.mask[size_t(y) * im.cols + x];
            const uint8_t v = im.pixels[size_t(y) * im.cols + x];
            ASSERT_EQ(id != 0, v != 255) << "pixel " << x << "," << y;
            if (id == 0) continue;
            ASSERT_LE(id, n);
            ASSERT_TRUE(inside(im.boxes[id - 1], x, y))
                << "pixel " << x << "," << y << " of character " << id - 1;
            mseq_ink_box &b = from_mask[id - 1];
            b.x_begin = std::min<int32_t>(b.x_begin, int32_t(x));
            b.x_end = std::max<int32_t>(b.x_end, int32_t(x) + 1);
            b.y_begin = std::min<int32_t>(b.y_begin, int32_t(y));
            b.y_end = std::max<int32_t>(b.y_end, int32_t(y) + 1);
        }
    }
    for (size_t j = 0; j < n; ++j) {
        const char c = text[j];
        const mseq_placement &pl = im.placements[j];
        if (c >= '0' && c <= '9') {
            EXPECT_EQ(pl.label, c - '0');
            EXPECT_GE(pl.source_index, 0);
        } else {
            EXPECT_EQ(pl.label, int32_t(c));
            EXPECT_EQ(pl.source_index, -1);
        }
        EXPECT_LT(pl.x_begin, pl.x_end);
        if (j > 0) {
            EXPECT_LT(im.placements[j - 1].x_begin, pl.x_begin);
        }
        const mseq_ink_box &b = im.boxes[j];
        if (c == ' ') {
            EXPECT_EQ(b.x_begin, 0);
            EXPECT_EQ(b.x_end, 0);
            EXPECT_EQ(from_mask[j].x_end, -1) << "a space owns ink";
            continue;
        }
        EXPECT_LT(b.x_begin, b.x_end) << "character " << j << " has no ink";
        if (!overlap) {
            // Alone in its columns, a character owns all its ink: the box
            // is the mask's box.
            EXPECT_EQ(b.x_begin, from_mask[j].x_begin) << j;
            EXPECT_EQ(b.x_end, from_mask[j].x_end) << j;
            EXPECT_EQ(b.y_begin, from_mask[j].y_begin) << j;
            EXPECT_EQ(b.y_end, from_mask[j].y_end) << j;
        }
    }
}

TEST(Text, EveryCharacterHasExactLabels) {
    const char *templates[] = {"(###) ###-####",  "{date DD/MM/YYYY}",
                               "{time HH:MM:SS}", "{amount 0..99999.99}",
                               "+44 %### ######", "#/#.#,#:#(#)#+#-#"};
    Params plain;
    plain.set(MSEQ_PARAM_WIDTH, 420).set(MSEQ_PARAM_MIN_SPACING, 2);
    plain.set(MSEQ_PARAM_MAX_SPACING, 6).set(MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8);
    Params heavy;
    heavy.set(MSEQ_PARAM_WIDTH, 300).set(MSEQ_PARAM_MIN_SPACING, -6);
    heavy.set(MSEQ_PARAM_MAX_SPACING, 4).set(MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8);
    // The per-digit modules (the labels describe the ink before the whole
    // image's, which presets also set).
    for (const auto &[key, v] : {std::pair{MSEQ_PARAM_ROTATE, 20.0},
                                 {MSEQ_PARAM_SHEAR, 20.0},
                                 {MSEQ_PARAM_DIGIT_SCALE, 0.2},
                                 {MSEQ_PARAM_THICKNESS, 1.0},
                                 {MSEQ_PARAM_SHIFT_Y, 3.0},
                                 {MSEQ_PARAM_ELASTIC_ALPHA, 34.0}}) {
        ASSERT_EQ(mseq_params_set_f64(heavy, key, v), MSEQ_OK) << key;
    }
    for (const char *text : templates) {
        const Template t(text);
        for (uint64_t i = 0; i < 40; ++i) {
            check_labels(plain, t.text(plain, i), i, false);
            check_labels(heavy, t.text(heavy, i), i, true);
        }
    }
}

TEST(Text, SeparatorsChangeWithTheSampleOnly) {
    Params p;
    p.set(MSEQ_PARAM_WIDTH, 200).set(MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8);
    const TextImage a = generate(p, "1-2/3", 4);
    EXPECT_EQ(generate(p, "1-2/3", 4).pixels, a.pixels);
    // Another index draws other strokes, not only other digits: the dash's
    // ink differs.
    int differ = 0;
    for (uint64_t i = 5; i < 25; ++i) {
        const TextImage b = generate(p, "1-2/3", i);
        differ += b.boxes[1].x_begin != a.boxes[1].x_begin ||
                  b.boxes[1].x_end != a.boxes[1].x_end ||
                  b.boxes[1].y_begin != a.boxes[1].y_begin;
    }
    EXPECT_GT(differ, 10);
}

TEST(Text, SameBytesOnEveryThread) {
    Params p;
    p.set(MSEQ_PARAM_WIDTH, 260).set(MSEQ_PARAM_MAX_SPACING, 5);
    p.set(MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8).set(MSEQ_PARAM_PRESET, 2);
    const Template t("(###) ###-####");
    std::vector<std::vector<uint8_t>> serial;
    for (uint64_t i = 0; i < 64; ++i)
        serial.push_back(generate(p, t.text(p, i), i).pixels);
    std::vector<std::vector<uint8_t>> parallel(64);
    std::vector<std::thread> threads;
    for (int k = 0; k < 4; ++k) {
        threads.emplace_back([&, k] {
            for (uint64_t i = uint64_t(k); i < 64; i += 4) {
                parallel[i] = generate(p, t.text(p, i), i).pixels;
            }
        });
    }
    for (std::thread &th : threads) th.join();
    EXPECT_EQ(parallel, serial);
}

TEST(Text, BadArgumentsAreRefusedBeforeWriting) {
    Params p;
    p.set(MSEQ_PARAM_WIDTH, 200).set(MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8);
    std::vector<uint8_t> image(28 * 200, 7);
    std::vector<uint16_t> mask(image.size(), 9);
    auto call = [&](const char *text, size_t mask_len) {
        return [&, text, mask_len] {
            return mseq_generate_text(image.data(), image.size(), mask.data(),
                                      mask_len, nullptr, nullptr, nullptr,
                                      capi_test::train(), p, text, 0);
        };
    };
    expect_error(call("12x4", mask.size()), MSEQ_EINVAL,
                 {"text character 3", "'x'"});
    expect_error(call("", mask.size()), MSEQ_EINVAL, {"empty text"});
    expect_error(call("   ", mask.size()), MSEQ_EINVAL, {"only spaces"});
    expect_error(call(nullptr, mask.size()), MSEQ_EINVAL, {"text is NULL"});
    expect_error(call("1-2", 10), MSEQ_EBUFSIZE, {"mask_len 10"});
    const std::string long_text(MSEQ_MAX_DIGITS + 1, '1');
    expect_error(call(long_text.c_str(), mask.size()), MSEQ_ERANGE,
                 {"longer than MSEQ_MAX_DIGITS"});
    // A gap overlapping a dot (8 columns) by 8 or more.
    p.set(MSEQ_PARAM_MIN_SPACING, -8);
    expect_error(call("1.5", mask.size()), MSEQ_EINVAL,
                 {"min_spacing -8", "'.' at position 2", "8 columns wide"});
    EXPECT_TRUE(std::all_of(image.begin(), image.end(),
                            [](uint8_t v) { return v == 7; }));
    EXPECT_TRUE(std::all_of(mask.begin(), mask.end(),
                            [](uint16_t v) { return v == 9; }));
    // The same spacing with digits only is allowed.
    p.set(MSEQ_PARAM_MIN_SPACING, -8).set(MSEQ_PARAM_MAX_SPACING, -8);
    EXPECT_EQ(call("15", mask.size())(), MSEQ_OK) << mseq_last_error();
}

TEST(Text, ExactFitFillsTheWidthWithSeparators) {
    Params p;
    p.set(MSEQ_PARAM_WIDTH, 200).set(MSEQ_PARAM_MIN_SPACING, 0);
    p.set(MSEQ_PARAM_MAX_SPACING, 20).set(MSEQ_PARAM_FIT, MSEQ_FIT_EXACT);
    p.set(MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8);
    for (uint64_t i = 0; i < 20; ++i) {
        const TextImage im = generate(p, "12-34.5", i);
        // The last cell (a digit, 28 wide) ends at the width.
        EXPECT_EQ(im.placements[6].x_end, 200);
        EXPECT_EQ(im.placements[0].x_begin, 0);
    }
}

}  // namespace

namespace {

// A batch of template texts (mseq_params_set_template) is the same bytes
// on 1 and 3 threads, and image i is mseq_generate_text()'s of its text.
TEST(Text, TemplateBatchesAreTheSameOnEveryThreadCount) {
    Template t("{date DD/MM/YY} {time HH:MM}");
    Params p;
    p.set(MSEQ_PARAM_WIDTH, 420).set(MSEQ_PARAM_MAX_SPACING, 5);
    p.set(MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8).set(MSEQ_PARAM_PRESET, 1);
    ASSERT_EQ(mseq_params_set_template(p, t), MSEQ_OK);
    uint64_t count = 0;
    size_t longest = 0;
    ASSERT_EQ(mseq_template_count(&count, &longest, t), MSEQ_OK);
    const size_t n = 24, pixels = 28 * 420;
    auto run = [&](int64_t threads) {
        p.set(MSEQ_PARAM_THREADS, threads);
        std::vector<uint8_t> images(n * pixels);
        std::vector<mseq_placement> pl(n * longest);
        std::vector<uint32_t> lengths(n);
        EXPECT_EQ(mseq_generate_batch(images.data(), images.size(), pl.data(),
                                      pl.size(), lengths.data(), nullptr,
                                      capi_test::train(), p, nullptr, 0, 5, n),
                  MSEQ_OK)
            << mseq_last_error();
        return std::make_pair(images, lengths);
    };
    const auto one = run(1);
    EXPECT_EQ(run(3), one);
    for (size_t i = 0; i < n; i += 7) {
        const std::string text = t.text(p, 5 + i);
        EXPECT_EQ(one.second[i], text.size());
        const TextImage im = generate(p, text, 5 + i);
        EXPECT_TRUE(std::equal(im.pixels.begin(), im.pixels.end(),
                               one.first.begin() + long(i * pixels)))
            << "image " << i;
    }
    // Given digits with a template: refused.
    const int digits[] = {1};
    std::vector<uint8_t> out(pixels);
    expect_error(
        [&] {
            return mseq_generate_batch(out.data(), out.size(), nullptr, 0,
                                       nullptr, nullptr, capi_test::train(), p,
                                       digits, 1, 0, 1);
        },
        MSEQ_EINVAL, {"digits given with a template"});
}

}  // namespace
