// One hand per image (MSEQ_PARAM_WRITER, mseq_open_ext, mseq_glyph_writer):
// with QMNIST's real extended labels (MNISTSEQ_QMNIST_DIR; skipped without
// it, failed under CI=true), every digit of an image comes from one writer,
// read back here from the file's own columns; the writer is uniform over
// those who wrote every digit; the draws do not depend on the thread count.
// Without the labels, and with labels that cannot serve, clear errors.
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "capi_test.hpp"
#include "idx_files.hpp"
#include "skip_unless_ci.hpp"

namespace capi_test {
namespace {

std::string qmnist_dir() {
    const char *dir = std::getenv("MNISTSEQ_QMNIST_DIR");
    return dir != nullptr ? dir : "";
}

#define REQUIRE_QMNIST()                                 \
    do {                                                 \
        if (qmnist_dir().empty()) {                      \
            MSEQ_SKIP_UNLESS_CI(                         \
                "MNISTSEQ_QMNIST_DIR does not name the " \
                "QMNIST extended labels");               \
        }                                                \
    } while (0)

std::string qmnist_file(const char *split) {
    return qmnist_dir() + "/qmnist-" + split + "-labels-idx2-int.gz";
}

uint32_t get32(const unsigned char *p) {
    return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 |
           p[3];
}

// The writer ((series << 32) | id) of each of the first `rows` rows, decoded
// here with zlib from the file's columns 1 and 2.
std::vector<uint64_t> writer_column(const std::string &path, size_t rows) {
    gzFile f = gzopen(path.c_str(), "rb");
    EXPECT_NE(f, nullptr) << path;
    std::vector<unsigned char> bytes(12 + rows * 32);
    const int got =
        f != nullptr ? gzread(f, bytes.data(), unsigned(bytes.size())) : -1;
    if (f != nullptr) gzclose(f);
    EXPECT_EQ(got, int(bytes.size())) << path;
    std::vector<uint64_t> out(rows);
    for (size_t i = 0; i < rows; ++i) {
        const unsigned char *row = bytes.data() + 12 + i * 32;
        out[i] = uint64_t{get32(row + 4)} << 32 | get32(row + 8);
    }
    return out;
}

// Opens a split with the writers file `writers`.
mseq_dataset *open_with(mseq_split split, const std::string &writers) {
    mseq_open_options options = MSEQ_OPEN_OPTIONS_INIT;
    options.writers = writers.c_str();
    mseq_dataset *ds = nullptr;
    EXPECT_EQ(mseq_open_ext(&ds, nullptr, split, &options), MSEQ_OK)
        << mseq_last_error();
    return ds;
}

struct Batch {
    std::vector<uint8_t> pixels;
    std::vector<mseq_placement> placements;
    std::vector<uint32_t> lengths;
};

// `count` random sequences of 1..max_length digits from index `first`.
Batch batch(const mseq_dataset *ds, const mseq_params *p, uint64_t first,
            size_t count, size_t max_length) {
    size_t bytes = 0;
    EXPECT_EQ(mseq_image_size(&bytes, ds, p), MSEQ_OK) << mseq_last_error();
    Batch b;
    b.pixels.resize(bytes * count);
    b.placements.resize(count * max_length);
    b.lengths.resize(count);
    EXPECT_EQ(mseq_generate_batch(b.pixels.data(), b.pixels.size(),
                                  b.placements.data(), b.placements.size(),
                                  b.lengths.data(), nullptr, ds, p, nullptr, 0,
                                  first, count),
              MSEQ_OK)
        << mseq_last_error();
    return b;
}

TEST(Writer, EveryDigitOfAnImageHasTheSameWriter) {
    REQUIRE_QMNIST();
    for (const char *split : {"train", "test"}) {
        SCOPED_TRACE(split);
        const bool train_split = std::string(split) == "train";
        mseq_dataset *ds =
            open_with(train_split ? MSEQ_SPLIT_TRAIN : MSEQ_SPLIT_TEST,
                      qmnist_file(split));
        ASSERT_NE(ds, nullptr);
        const std::vector<uint64_t> column =
            writer_column(qmnist_file(split), train_split ? 60000 : 10000);
        Params p;
        p.set(MSEQ_PARAM_SEED, 7)
            .set(MSEQ_PARAM_MIN_LENGTH, 2)
            .set(MSEQ_PARAM_MAX_LENGTH, 10)
            .set(MSEQ_PARAM_WIDTH, 400)
            .set(MSEQ_PARAM_WRITER, MSEQ_WRITER_SAME);
        const size_t n = 400;
        const Batch b = batch(ds, p, 0, n, 10);
        std::set<uint64_t> writers;
        for (size_t i = 0; i < n; ++i) {
            const mseq_placement *pl = &b.placements[i * 10];
            const uint64_t hand = column[pl[0].source_index];
            writers.insert(hand);
            for (uint32_t j = 0; j < b.lengths[i]; ++j) {
                ASSERT_EQ(column[pl[j].source_index], hand)
                    << "image " << i << " digit " << j;
                uint64_t got = 0;
                ASSERT_EQ(mseq_glyph_writer(&got, ds, pl[j].source_index),
                          MSEQ_OK);
                ASSERT_EQ(got, hand);
            }
        }
        // Many hands, not one: 400 draws among hundreds of writers.
        EXPECT_GT(writers.size(), 150u);

        // Without writer same, a sequence of 10 digits almost never has one
        // writer: the choice is what makes them agree.
        p.set(MSEQ_PARAM_WRITER, MSEQ_WRITER_ANY)
            .set(MSEQ_PARAM_MIN_LENGTH, 10);
        const Batch any = batch(ds, p, 0, n, 10);
        size_t one_hand = 0;
        for (size_t i = 0; i < n; ++i) {
            std::set<uint64_t> hands;
            for (uint32_t j = 0; j < any.lengths[i]; ++j) {
                hands.insert(column[any.placements[i * 10 + j].source_index]);
            }
            one_hand += hands.size() == 1;
        }
        EXPECT_EQ(one_hand, 0u);
        mseq_free(ds);
    }
}

TEST(Writer, TheWriterIsUniformOverThoseWhoWroteEveryDigit) {
    REQUIRE_QMNIST();
    mseq_dataset *ds = open_with(MSEQ_SPLIT_TEST, qmnist_file("test"));
    ASSERT_NE(ds, nullptr);
    const std::vector<uint64_t> column =
        writer_column(qmnist_file("test"), 10000);
    // The writers of the test split who wrote all ten digits, found here.
    std::map<uint64_t, unsigned> digits_of;
    std::vector<uint8_t> labels(10000);
    {
        gzFile f = gzopen(qmnist_file("test").c_str(), "rb");
        ASSERT_NE(f, nullptr);
        std::vector<unsigned char> bytes(12 + 10000 * 32);
        ASSERT_EQ(gzread(f, bytes.data(), unsigned(bytes.size())),
                  int(bytes.size()));
        gzclose(f);
        for (size_t i = 0; i < 10000; ++i) {
            digits_of[column[i]] |= 1u << get32(bytes.data() + 12 + i * 32);
        }
    }
    std::map<uint64_t, size_t> seen;
    for (const auto &w : digits_of) {
        if (w.second == 0x3ff) seen[w.first] = 0;
    }
    ASSERT_GT(seen.size(), 50u);
    const int all[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    Params p;
    p.set(MSEQ_PARAM_SEED, 11)
        .set(MSEQ_PARAM_WIDTH, 280)
        .set(MSEQ_PARAM_WRITER, MSEQ_WRITER_SAME);
    const size_t per_writer = 40;
    const size_t n = seen.size() * per_writer;
    size_t bytes = 0;
    ASSERT_EQ(mseq_image_size(&bytes, ds, p), MSEQ_OK);
    std::vector<uint8_t> pixels(bytes * n);
    std::vector<mseq_placement> placements(n * 10);
    ASSERT_EQ(mseq_generate_batch(pixels.data(), pixels.size(),
                                  placements.data(), placements.size(), nullptr,
                                  nullptr, ds, p, all, 10, 0, n),
              MSEQ_OK)
        << mseq_last_error();
    for (size_t i = 0; i < n; ++i) {
        const auto it = seen.find(column[placements[i * 10].source_index]);
        ASSERT_NE(it, seen.end()) << "a writer who did not write every digit";
        ++it->second;
    }
    // Pearson's chi-square against the uniform law; with k - 1 degrees of
    // freedom its 0.999 quantile is below k - 1 + 3.1 * sqrt(2 (k - 1)) + 12.
    double chi2 = 0;
    for (const auto &w : seen) {
        const double d = double(w.second) - double(per_writer);
        chi2 += d * d / double(per_writer);
    }
    const double dof = double(seen.size() - 1);
    EXPECT_LT(chi2, dof + 3.1 * std::sqrt(2 * dof) + 12) << seen.size();
    EXPECT_GT(chi2, dof - 3.1 * std::sqrt(2 * dof)) << "too even to be random";
    mseq_free(ds);
}

TEST(Writer, ThreadsDoNotChangeTheDraws) {
    REQUIRE_QMNIST();
    mseq_dataset *ds = open_with(MSEQ_SPLIT_TRAIN, qmnist_file("train"));
    ASSERT_NE(ds, nullptr);
    Params p;
    p.set(MSEQ_PARAM_SEED, 3)
        .set(MSEQ_PARAM_MAX_LENGTH, 8)
        .set(MSEQ_PARAM_WIDTH, 200)
        .set(MSEQ_PARAM_WRITER, MSEQ_WRITER_SAME)
        .set(MSEQ_PARAM_THREADS, 1);
    const Batch one = batch(ds, p, 100, 300, 8);
    for (int threads : {2, 7}) {
        p.set(MSEQ_PARAM_THREADS, threads);
        const Batch more = batch(ds, p, 100, 300, 8);
        EXPECT_EQ(more.pixels, one.pixels) << threads;
        EXPECT_EQ(more.lengths, one.lengths) << threads;
    }
    // and image 100 + 5 alone is the batch's sixth
    const Batch single = batch(ds, p, 105, 1, 8);
    EXPECT_TRUE(std::equal(single.pixels.begin(), single.pixels.end(),
                           one.pixels.begin() + 5 * single.pixels.size()));
    mseq_free(ds);
}

TEST(Writer, TheDataFolderIsSearchedForTheSplitsFile) {
    REQUIRE_QMNIST();
    const char *data = std::getenv("MNISTSEQ_DATA");
    ASSERT_NE(data, nullptr);
    mseq_test::TempDir dir;
    for (const char *name :
         {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
        std::filesystem::create_symlink(std::string(data) + "/" + name,
                                        dir.path() + "/" + name);
    }
    std::filesystem::create_symlink(
        qmnist_file("test"), dir.path() + "/qmnist-test-labels-idx2-int.gz");
    mseq_dataset *ds = nullptr;
    ASSERT_EQ(mseq_open(&ds, dir.path().c_str(), MSEQ_SPLIT_TEST), MSEQ_OK)
        << mseq_last_error();
    const std::vector<uint64_t> column =
        writer_column(qmnist_file("test"), 10000);
    for (uint32_t g : {0u, 1u, 4321u, 9999u}) {
        uint64_t w = 0;
        ASSERT_EQ(mseq_glyph_writer(&w, ds, g), MSEQ_OK) << mseq_last_error();
        EXPECT_EQ(w, column[g]) << g;
    }
    expect_error([&] { return mseq_glyph_writer(nullptr, ds, 0); }, MSEQ_EINVAL,
                 {"mseq_glyph_writer", "writer"});
    uint64_t w = 0;
    expect_error([&] { return mseq_glyph_writer(&w, ds, 10000); }, MSEQ_EINVAL,
                 {"glyph 10000", "10000"});
    mseq_free(ds);
}

TEST(Writer, WithoutWritersTheChoiceIsRefused) {
    uint64_t w = 0;
    // The default data folder holds MNIST only.
    expect_error([&] { return mseq_glyph_writer(&w, train(), 0); },
                 MSEQ_ENOTFOUND, {"mseq_glyph_writer", "QMNIST"});
    Params p;
    p.set(MSEQ_PARAM_WRITER, MSEQ_WRITER_SAME).set(MSEQ_PARAM_WIDTH, 90);
    size_t bytes = 0;
    ASSERT_EQ(mseq_image_size(&bytes, train(), p), MSEQ_OK)
        << mseq_last_error();
    std::vector<uint8_t> out(bytes, 7);
    const int digits[3] = {1, 2, 3};
    expect_error(
        [&] {
            return mseq_generate(out.data(), out.size(), nullptr, nullptr,
                                 train(), p, digits, 3, 0);
        },
        MSEQ_EINVAL, {"writer same", "qmnist-train-labels-idx2-int"});
    EXPECT_EQ(out, std::vector<uint8_t>(bytes, 7)) << "nothing written";
}

TEST(Writer, BadOptionsAndFilesAreNamed) {
    mseq_test::TempDir dir;
    mseq_test::IdxSpec spec;
    const mseq_test::IdxSplit split =
        mseq_test::write_idx_split(dir.path(), spec);
    mseq_open_options options = MSEQ_OPEN_OPTIONS_INIT;
    mseq_dataset *ds = nullptr;
    options.version = MSEQ_OPEN_OPTIONS_VERSION + 1;
    expect_error(
        [&] {
            return mseq_open_ext(&ds, dir.path().c_str(), MSEQ_SPLIT_TRAIN,
                                 &options);
        },
        MSEQ_EINVAL, {"mseq_open_ext", "options->version"});
    options.version = MSEQ_OPEN_OPTIONS_VERSION;
    options.writers = "";
    expect_error(
        [&] {
            return mseq_open_ext(&ds, dir.path().c_str(), MSEQ_SPLIT_TRAIN,
                                 &options);
        },
        MSEQ_EINVAL, {"options->writers is empty"});
    const std::string missing = dir.path() + "/none.gz";
    options.writers = missing.c_str();
    expect_error(
        [&] {
            return mseq_open_ext(&ds, dir.path().c_str(), MSEQ_SPLIT_TRAIN,
                                 &options);
        },
        MSEQ_EIO, {missing});
    EXPECT_EQ(ds, nullptr) << "out untouched on failure";

    // A file of the right shape whose class column disagrees at row 3.
    auto write_writers = [&](const std::string &path, size_t bad_row,
                             bool one_class_each) {
        std::vector<unsigned char> bytes;
        auto put = [&](uint32_t v) {
            for (int s = 24; s >= 0; s -= 8) bytes.push_back((v >> s) & 0xff);
        };
        put(0x00000C02);
        put(spec.count);
        put(8);
        for (uint32_t i = 0; i < spec.count; ++i) {
            const uint32_t label = split.labels[i];
            put(i == bad_row ? (label + 1) % 10 : label);
            put(0);
            put(one_class_each ? label : i % 3);  // the writer
            for (int c = 0; c < 5; ++c) put(0);
        }
        std::ofstream(path, std::ios::binary)
            .write(reinterpret_cast<const char *>(bytes.data()),
                   std::streamsize(bytes.size()));
    };
    const std::string bad = dir.path() + "/bad-writers";
    write_writers(bad, 3, false);
    options.writers = bad.c_str();
    expect_error(
        [&] {
            return mseq_open_ext(&ds, dir.path().c_str(), MSEQ_SPLIT_TRAIN,
                                 &options);
        },
        MSEQ_EFORMAT, {bad, "3"});
    // The same fault in the data folder's own file fails mseq_open too.
    const std::string own = dir.path() + "/qmnist-train-labels-idx2-int";
    write_writers(own, 5, false);
    expect_error(
        [&] { return mseq_open(&ds, dir.path().c_str(), MSEQ_SPLIT_TRAIN); },
        MSEQ_EFORMAT, {own, "5"});

    // Writers who each wrote one class only: no one wrote both 0 and 1 (the
    // synthetic labels hold every class).
    write_writers(own, spec.count, true);
    ASSERT_EQ(mseq_open(&ds, dir.path().c_str(), MSEQ_SPLIT_TRAIN), MSEQ_OK)
        << mseq_last_error();
    Params p;
    p.set(MSEQ_PARAM_WRITER, MSEQ_WRITER_SAME).set(MSEQ_PARAM_WIDTH, 100);
    size_t bytes = 0;
    ASSERT_EQ(mseq_image_size(&bytes, ds, p), MSEQ_OK);
    std::vector<uint8_t> out(bytes);
    const int one_hand[2] = {split.labels[0], split.labels[0]};
    EXPECT_EQ(mseq_generate(out.data(), out.size(), nullptr, nullptr, ds, p,
                            one_hand, 2, 0),
              MSEQ_OK)
        << mseq_last_error();
    const int two_hands[2] = {split.labels[0], (split.labels[0] + 1) % 10};
    expect_error(
        [&] {
            return mseq_generate(out.data(), out.size(), nullptr, nullptr, ds,
                                 p, two_hands, 2, 0);
        },
        MSEQ_EINVAL, {"no writer", own});
    mseq_free(ds);
}

}  // namespace
}  // namespace capi_test

namespace capi_test {
namespace {

// Style clusters need no writers; with writer same too, the call names both.
TEST(Style, ConsistentNeedsNoWritersAndExcludesWriterSame) {
    Params p;
    p.set(MSEQ_PARAM_STYLE, MSEQ_STYLE_CONSISTENT).set(MSEQ_PARAM_WIDTH, 200);
    size_t bytes = 0;
    ASSERT_EQ(mseq_image_size(&bytes, train(), p), MSEQ_OK)
        << mseq_last_error();
    std::vector<uint8_t> a(bytes), b(bytes);
    const int digits[5] = {3, 1, 4, 1, 5};
    mseq_placement pa[5], pb[5];
    ASSERT_EQ(mseq_generate(a.data(), a.size(), pa, nullptr, train(), p, digits,
                            5, 9),
              MSEQ_OK)
        << mseq_last_error();
    ASSERT_EQ(mseq_generate(b.data(), b.size(), pb, nullptr, train(), p, digits,
                            5, 9),
              MSEQ_OK);
    EXPECT_EQ(a, b) << "the same index gives the same image";
    for (int j = 0; j < 5; ++j) EXPECT_EQ(pa[j].label, digits[j]);
    // The style changes the glyphs drawn, not the gaps.
    Params any;
    any.set(MSEQ_PARAM_WIDTH, 200);
    mseq_placement pc[5];
    ASSERT_EQ(mseq_generate(b.data(), b.size(), pc, nullptr, train(), any,
                            digits, 5, 9),
              MSEQ_OK);
    int same_glyphs = 0;
    for (int j = 0; j < 5; ++j) {
        same_glyphs += pa[j].source_index == pc[j].source_index;
        EXPECT_EQ(pa[j].x_begin, pc[j].x_begin);
    }
    EXPECT_LT(same_glyphs, 5);
    p.set(MSEQ_PARAM_WRITER, MSEQ_WRITER_SAME);
    expect_error(
        [&] {
            return mseq_generate(a.data(), a.size(), nullptr, nullptr, train(),
                                 p, digits, 5, 0);
        },
        MSEQ_EINVAL, {"writer same", "style consistent"});
    expect_error([&] { return c_params_set(p, MSEQ_PARAM_STYLE, 2); },
                 MSEQ_EINVAL, {"MSEQ_PARAM_STYLE = 2"});
}

}  // namespace
}  // namespace capi_test

namespace capi_test {
namespace {

// QMNIST's train and test writers are disjoint (read from the files here),
// so a test set made from t10k has writers a training set never saw.
TEST(Writer, TrainAndTestWritersAreDisjoint) {
    REQUIRE_QMNIST();
    const std::vector<uint64_t> train =
        writer_column(qmnist_file("train"), 60000);
    const std::vector<uint64_t> test =
        writer_column(qmnist_file("test"), 10000);
    const std::set<uint64_t> train_set(train.begin(), train.end());
    const std::set<uint64_t> test_set(test.begin(), test.end());
    EXPECT_GT(train_set.size(), 500u);
    EXPECT_GT(test_set.size(), 200u);
    for (uint64_t w : test_set) {
        EXPECT_EQ(train_set.count(w), 0u) << "writer " << w << " in both";
    }
}

// writer=same holds for the digits of a text: its separators have no
// writer, its digits one.
TEST(Writer, TheDigitsOfATextHaveOneWriter) {
    REQUIRE_QMNIST();
    mseq_dataset *ds = open_with(MSEQ_SPLIT_TEST, qmnist_file("test"));
    ASSERT_NE(ds, nullptr);
    const std::vector<uint64_t> writers =
        writer_column(qmnist_file("test"), 10000);
    Params p;
    p.set(MSEQ_PARAM_WIDTH, 400).set(MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8);
    p.set(MSEQ_PARAM_WRITER, MSEQ_WRITER_SAME);
    const std::string text = "(01) 2345-6789";
    std::vector<uint8_t> image(28 * 400);
    for (uint64_t index = 0; index < 100; ++index) {
        std::vector<mseq_placement> pl(text.size());
        ASSERT_EQ(
            mseq_generate_text(image.data(), image.size(), nullptr, 0, nullptr,
                               pl.data(), nullptr, ds, p, text.c_str(), index),
            MSEQ_OK)
            << mseq_last_error();
        std::set<uint64_t> seen;
        for (size_t j = 0; j < text.size(); ++j) {
            if (pl[j].source_index < 0) continue;
            seen.insert(writers[size_t(pl[j].source_index)]);
        }
        EXPECT_EQ(seen.size(), 1u) << "index " << index;
    }
    mseq_free(ds);
}

}  // namespace
}  // namespace capi_test
