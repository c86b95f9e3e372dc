// mnistseq-cli preview --boxes / --cells / --masks: an RGB sheet whose box
// outlines are exactly where mseq_generate_batch_annotated() puts each
// digit's ink box (and glyph cell), the rest of the sheet grey; --masks
// colours exactly the mask's pixels; without them the sheet stays grey.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cli_runner.hpp"
#include "mnistseq/mnistseq.h"
#include "png_read.hpp"

namespace {

using mseq_test::run_cli;
using mseq_test::ScratchDir;

constexpr int kWidth = 120, kRows = 2, kCols = 3, kMaxLength = 3;
// The sheet's geometry (cmd_preview.c): a margin of 4 around each image,
// its label 3 + 14 rows below it.
constexpr int kTileW = kWidth + 8, kTileH = 28 + 8 + 3 + 14;

const std::vector<std::string> kArgs = {
    "--rows",        std::to_string(kRows),
    "--cols",        std::to_string(kCols),
    "--width",       std::to_string(kWidth),
    "--min-spacing", "-3",
    "--max-spacing", "4",
    "--min-length",  "1",
    "--max-length",  std::to_string(kMaxLength),
    "--seed",        "12",
    "--rotate",      "12",
    "--split",       "train"};

struct Labels {
    std::vector<uint16_t> masks;
    std::vector<mseq_ink_box> boxes;
    std::vector<mseq_placement> cells;
    std::vector<uint32_t> lengths;
};

// What the sheet's samples are, from the library.
Labels labels() {
    const size_t n = kRows * kCols, pixels = 28 * kWidth;
    mseq_dataset *ds = nullptr;
    mseq_params *p = nullptr;
    Labels l;
    EXPECT_EQ(mseq_open(&ds, nullptr, MSEQ_SPLIT_TRAIN), MSEQ_OK);
    EXPECT_EQ(mseq_params_new(&p), MSEQ_OK);
    if (ds == nullptr || p == nullptr) return l;
    mseq_params_set(p, MSEQ_PARAM_WIDTH, kWidth);
    mseq_params_set(p, MSEQ_PARAM_MIN_SPACING, -3);
    mseq_params_set(p, MSEQ_PARAM_MAX_SPACING, 4);
    mseq_params_set(p, MSEQ_PARAM_MIN_LENGTH, 1);
    mseq_params_set(p, MSEQ_PARAM_MAX_LENGTH, kMaxLength);
    mseq_params_set(p, MSEQ_PARAM_SEED, 12);
    mseq_params_set(p, MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8);
    mseq_params_set_f64(p, MSEQ_PARAM_ROTATE, 12.0);
    std::vector<uint8_t> images(n * pixels);
    l.masks.resize(n * pixels);
    l.boxes.resize(n * kMaxLength);
    l.cells.resize(n * kMaxLength);
    l.lengths.resize(n);
    EXPECT_EQ(
        mseq_generate_batch_annotated(
            images.data(), images.size(), l.masks.data(), l.masks.size(),
            l.boxes.data(), l.boxes.size(), l.cells.data(), l.cells.size(),
            l.lengths.data(), nullptr, ds, p, nullptr, 0, 0, n),
        MSEQ_OK)
        << mseq_last_error();
    mseq_params_free(p);
    mseq_free(ds);
    return l;
}

// The sheet pixels (x, y) of the outlines of boxes [x0, x1) x [y0, y1).
using Pixels = std::set<std::pair<int, int>>;
template <class Box>
void add_outline(Pixels &out, size_t sample, const Box &b) {
    if (b.x_end <= b.x_begin || b.y_end <= b.y_begin) return;
    const int ox = int(sample % kCols) * kTileW + 4;
    const int oy = int(sample / kCols) * kTileH + 4;
    for (int y = b.y_begin; y < b.y_end; ++y) {
        for (int x = b.x_begin; x < b.x_end; ++x) {
            if (y == b.y_begin || y == b.y_end - 1 || x == b.x_begin ||
                x == b.x_end - 1) {
                out.insert({ox + x, oy + y});
            }
        }
    }
}

// The pixels of the RGB sheet of exactly colour (r, g, b).
Pixels of_colour(const mseq_test::DecodedPng &png, int r, int g, int b) {
    Pixels out;
    for (uint32_t y = 0; y < png.rows; ++y) {
        for (uint32_t x = 0; x < png.cols; ++x) {
            const uint8_t *px = &png.pixels[(size_t(y) * png.cols + x) * 3];
            if (px[0] == r && px[1] == g && px[2] == b) {
                out.insert({int(x), int(y)});
            }
        }
    }
    return out;
}

TEST(CliPreview, BoxesAreDrawnWhereTheInkBoxesAre) {
    ScratchDir cwd;
    std::vector<std::string> args = {"preview", "-o", "boxes.png", "--boxes"};
    args.insert(args.end(), kArgs.begin(), kArgs.end());
    const auto run = run_cli(cwd.path(), args);
    ASSERT_EQ(run.status, 0) << run.err;
    const mseq_test::DecodedPng png =
        mseq_test::decode_png_file(cwd / "boxes.png");
    ASSERT_TRUE(png.ok) << png.error;
    EXPECT_EQ(png.color_type, PNG_COLOR_TYPE_RGB);
    EXPECT_EQ(png.cols, uint32_t(kTileW * kCols));
    EXPECT_EQ(png.rows, uint32_t(kTileH * kRows));
    const Labels l = labels();
    Pixels want;
    for (size_t i = 0; i < size_t(kRows * kCols); ++i) {
        for (uint32_t j = 0; j < l.lengths[i]; ++j) {
            add_outline(want, i, l.boxes[i * kMaxLength + j]);
        }
    }
    ASSERT_GT(want.size(), 100u);
    EXPECT_EQ(of_colour(png, 230, 20, 20), want);
    // Everything else is grey: no other colour on the sheet.
    size_t coloured = 0;
    for (size_t k = 0; k < png.pixels.size(); k += 3) {
        coloured += png.pixels[k] != png.pixels[k + 1] ||
                    png.pixels[k + 1] != png.pixels[k + 2];
    }
    EXPECT_EQ(coloured, want.size());
}

TEST(CliPreview, CellsAndMasksInColour) {
    ScratchDir cwd;
    std::vector<std::string> args = {"preview", "-o", "-", "--cells",
                                     "--masks"};
    args.insert(args.end(), kArgs.begin(), kArgs.end());
    const auto run = run_cli(cwd.path(), args);
    ASSERT_EQ(run.status, 0) << run.err;
    const mseq_test::DecodedPng png = mseq_test::decode_png(
        std::vector<uint8_t>(run.out.begin(), run.out.end()));
    ASSERT_TRUE(png.ok) << png.error;
    EXPECT_EQ(png.color_type, PNG_COLOR_TYPE_RGB);
    const Labels l = labels();
    Pixels cells, inked;
    for (size_t i = 0; i < size_t(kRows * kCols); ++i) {
        for (uint32_t j = 0; j < l.lengths[i]; ++j) {
            add_outline(cells, i, l.cells[i * kMaxLength + j]);
        }
        const int ox = int(i % kCols) * kTileW + 4;
        const int oy = int(i / kCols) * kTileH + 4;
        for (int y = 0; y < 28; ++y) {
            for (int x = 0; x < kWidth; ++x) {
                if (l.masks[i * 28 * kWidth + size_t(y) * kWidth + x] != 0) {
                    inked.insert({ox + x, oy + y});
                }
            }
        }
    }
    EXPECT_EQ(of_colour(png, 30, 90, 230), cells);
    // Every coloured pixel off the cell outlines is a mask pixel.
    for (uint32_t y = 0; y < png.rows; ++y) {
        for (uint32_t x = 0; x < png.cols; ++x) {
            const uint8_t *px = &png.pixels[(size_t(y) * png.cols + x) * 3];
            const bool grey = px[0] == px[1] && px[1] == px[2];
            const std::pair<int, int> at{int(x), int(y)};
            if (!grey && cells.count(at) == 0) {
                EXPECT_EQ(inked.count(at), 1u) << x << "," << y;
            }
        }
    }
    ASSERT_GT(inked.size(), 200u);
}

TEST(CliPreview, WithoutThemTheSheetIsGrey) {
    ScratchDir cwd;
    std::vector<std::string> args = {"preview", "-o", "grey.png"};
    args.insert(args.end(), kArgs.begin(), kArgs.end());
    ASSERT_EQ(run_cli(cwd.path(), args).status, 0);
    const mseq_test::DecodedPng png =
        mseq_test::decode_png_file(cwd / "grey.png");
    ASSERT_TRUE(png.ok) << png.error;
    EXPECT_EQ(png.color_type, PNG_COLOR_TYPE_GRAY);
    EXPECT_EQ(png.bit_depth, 8);
}

}  // namespace

namespace {

// --template: each tile is the image mseq_generate_text() gives for the
// template's text of that index, the boxes outlined where its characters'
// boxes are; bad templates and digit options are refused, nothing written.
TEST(CliPreview, TemplateTilesAreTheTextImages) {
    ScratchDir cwd;
    const char *tmpl_text = "(##) #-{time HH:MM}";
    const auto run =
        run_cli(cwd.path(), {"preview", "-o", "t.png", "--template", tmpl_text,
                             "--rows", "2", "--cols", "2", "--width", "360",
                             "--seed", "3", "--boxes", "--unique"});
    ASSERT_EQ(run.status, 0) << run.err;
    const mseq_test::DecodedPng png = mseq_test::decode_png_file(cwd / "t.png");
    ASSERT_TRUE(png.ok) << png.error;
    const int tile_w = 360 + 8, tile_h = 28 + 8 + 3 + 14;
    ASSERT_EQ(png.cols, uint32_t(2 * tile_w));
    mseq_dataset *ds = nullptr;
    mseq_params *p = nullptr;
    mseq_template *t = nullptr;
    ASSERT_EQ(mseq_open(&ds, nullptr, MSEQ_SPLIT_TRAIN), MSEQ_OK);
    ASSERT_EQ(mseq_params_new(&p), MSEQ_OK);
    ASSERT_EQ(mseq_template_new(&t, tmpl_text), MSEQ_OK);
    mseq_params_set(p, MSEQ_PARAM_WIDTH, 360);
    mseq_params_set(p, MSEQ_PARAM_MIN_SPACING, 2);
    mseq_params_set(p, MSEQ_PARAM_MAX_SPACING, 8);
    mseq_params_set(p, MSEQ_PARAM_SEED, 3);
    mseq_params_set(p, MSEQ_PARAM_UNIQUE, 1);
    mseq_params_set(p, MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8);
    Pixels want;
    for (size_t i = 0; i < 4; ++i) {
        char text[64];
        ASSERT_EQ(mseq_template_text(text, sizeof text, nullptr, t, p, i),
                  MSEQ_OK);
        const size_t n = std::string(text).size();
        std::vector<uint8_t> image(28 * 360);
        std::vector<mseq_ink_box> boxes(n);
        ASSERT_EQ(
            mseq_generate_text(image.data(), image.size(), nullptr, 0,
                               boxes.data(), nullptr, nullptr, ds, p, text, i),
            MSEQ_OK);
        const int ox = int(i % 2) * tile_w + 4, oy = int(i / 2) * tile_h + 4;
        for (const mseq_ink_box &b : boxes) {
            if (b.x_end <= b.x_begin) continue;
            for (int y = b.y_begin; y < b.y_end; ++y) {
                for (int x = b.x_begin; x < b.x_end; ++x) {
                    if (y == b.y_begin || y == b.y_end - 1 || x == b.x_begin ||
                        x == b.x_end - 1) {
                        want.insert({ox + x, oy + y});
                    }
                }
            }
        }
        // Away from the outlines, the tile's pixels are the image's.
        size_t same = 0, grey = 0;
        for (int y = 0; y < 28; ++y) {
            for (int x = 0; x < 360; ++x) {
                if (want.count({ox + x, oy + y})) continue;
                const uint8_t *px =
                    &png.pixels[(size_t(oy + y) * png.cols + size_t(ox + x)) *
                                3];
                ++grey;
                same += px[0] == image[size_t(y) * 360 + size_t(x)];
            }
        }
        EXPECT_EQ(same, grey) << "tile " << i << " (" << text << ")";
    }
    EXPECT_EQ(of_colour(png, 230, 20, 20), want);
    mseq_template_free(t);
    mseq_params_free(p);
    mseq_free(ds);
}

TEST(CliPreview, TemplateErrorsAreUsageErrors) {
    ScratchDir cwd;
    auto run =
        run_cli(cwd.path(), {"preview", "-o", "t.png", "--template", "##x"});
    EXPECT_EQ(run.status, 2);
    EXPECT_NE(run.err.find("--template: template column 3"), std::string::npos)
        << run.err;
    run = run_cli(cwd.path(), {"preview", "-o", "t.png", "--template", "#-#",
                               "--max-length", "4"});
    EXPECT_EQ(run.status, 2);
    EXPECT_NE(run.err.find("--max-length chooses digit sequences"),
              std::string::npos)
        << run.err;
    run = run_cli(cwd.path(), {"preview", "-o", "t.png", "--template", "1.2",
                               "--min-spacing", "-9", "--max-spacing", "0"});
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.err.find("'.' at position 2"), std::string::npos) << run.err;
    EXPECT_TRUE(mseq_test::ScratchDir::list(cwd.path()).empty());
}

}  // namespace
