// One image: validation, layout, rendering (generator.hpp).
#include "generate/generator.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "generate/augment.hpp"
#include "generate/layout.hpp"
#include "generate/photometric.hpp"
#include "generate/point_steps.hpp"
#include "generate/render.hpp"
#include "generate/separator_glyph.hpp"
#include "generate/text.hpp"

namespace mseq {

namespace {

std::string str(int64_t v) { return std::to_string(v); }

// The checks that make the size arithmetic and the layout memory-safe, even
// for a Params that did not come through set_param().
void check_shape(const SourceData &ds, const Params &params) {
    if (ds.rows == 0 || ds.cols == 0 || ds.size() == 0) {
        throw Error(MSEQ_EINVAL, "the source data holds no glyphs");
    }
    if (ds.rows > MSEQ_MAX_GLYPH_SIDE || ds.cols > MSEQ_MAX_GLYPH_SIDE) {
        throw Error(MSEQ_ERANGE, "glyphs of " + str(ds.rows) + " x " +
                                     str(ds.cols) +
                                     " exceed MSEQ_MAX_GLYPH_SIDE (" +
                                     str(MSEQ_MAX_GLYPH_SIDE) + ")");
    }
    if (params.width == 0) {
        throw Error(MSEQ_EINVAL, "width not set (MSEQ_PARAM_WIDTH)");
    }
    if (params.width < 0 || params.width > MSEQ_MAX_WIDTH) {
        throw Error(MSEQ_ERANGE, "width " + str(params.width) + " outside 1.." +
                                     str(MSEQ_MAX_WIDTH));
    }
    const int64_t height = params.height != 0 ? params.height : ds.rows;
    if (params.height < 0 || params.height > MSEQ_MAX_GLYPH_SIDE) {
        throw Error(MSEQ_ERANGE, "height " + str(params.height) +
                                     " outside 0.." + str(MSEQ_MAX_GLYPH_SIDE) +
                                     " (MSEQ_PARAM_HEIGHT)");
    }
    if (params.margin_x < 0 || 2 * params.margin_x >= params.width) {
        throw Error(MSEQ_EINVAL,
                    "margin_x " + str(params.margin_x) +
                        " leaves no room in the width " + str(params.width) +
                        " (MSEQ_PARAM_MARGIN_X: 2 * margin_x must be less "
                        "than the width)");
    }
    if (params.margin_y < 0 || 2 * params.margin_y >= height) {
        throw Error(MSEQ_EINVAL,
                    "margin_y " + str(params.margin_y) +
                        " leaves no room in the height " + str(height) +
                        " (MSEQ_PARAM_MARGIN_Y: 2 * margin_y must be less "
                        "than the height)");
    }
    if (pixel_bytes(params.format) == 0) {
        throw Error(MSEQ_EINVAL,
                    "unknown pixel format " + str(int64_t(params.format)));
    }
}

void check_layout_params(const SourceData &ds, const Params &params) {
    const int64_t lo = params.min_spacing;
    const int64_t hi = params.max_spacing;
    // A gap of -cols or less would start a digit at or before the start of
    // the previous one.
    const int64_t least = 1 - int64_t(ds.cols);
    if (lo < least || hi < least) {
        throw Error(MSEQ_EINVAL,
                    "spacing below " + str(least) + " (these glyphs are " +
                        str(ds.cols) +
                        " columns wide; a negative gap makes digits overlap, "
                        "by at most " +
                        str(-least) + " columns): min_spacing " + str(lo) +
                        ", max_spacing " + str(hi));
    }
    if (lo > MSEQ_MAX_SPACING || hi > MSEQ_MAX_SPACING) {
        throw Error(MSEQ_ERANGE, "spacing above MSEQ_MAX_SPACING (" +
                                     str(MSEQ_MAX_SPACING) + "): min_spacing " +
                                     str(lo) + ", max_spacing " + str(hi));
    }
    if (lo > hi) {
        throw Error(MSEQ_EINVAL, "min_spacing " + str(lo) +
                                     " is greater than max_spacing " + str(hi));
    }
    switch (params.fit) {
        case MSEQ_FIT_PAD:
        case MSEQ_FIT_EXACT:
        case MSEQ_FIT_STRICT:
            break;
        default:
            throw Error(MSEQ_EINVAL,
                        "unknown fit policy " + str(int64_t(params.fit)));
    }
    switch (params.align) {
        case MSEQ_ALIGN_CENTER:
        case MSEQ_ALIGN_LEFT:
        case MSEQ_ALIGN_RIGHT:
        case MSEQ_ALIGN_RANDOM:
            break;
        default:
            throw Error(MSEQ_EINVAL,
                        "unknown alignment " + str(int64_t(params.align)));
    }
}

}  // namespace

void check_params(const SourceData &ds, const Params &params) {
    check_shape(ds, params);
    check_layout_params(ds, params);
    if (params.background == MSEQ_BACKGROUND_IMAGE &&
        (params.background_images == nullptr ||
         params.background_images->empty())) {
        throw Error(MSEQ_EINVAL,
                    "background image: no picture set "
                    "(mseq_params_set_background_images)");
    }
}

void image_shape(const SourceData &ds, const Params &params, uint32_t &rows,
                 uint32_t &cols) {
    check_shape(ds, params);
    rows = uint32_t(params.height != 0 ? params.height : ds.rows);
    cols = uint32_t(params.width);
}

size_t image_bytes(const SourceData &ds, const Params &params) {
    uint32_t rows = 0, cols = 0;
    image_shape(ds, params, rows, cols);
    // At most 1024 * 65536 * 4 bytes: no overflow.
    return size_t(rows) * size_t(cols) * pixel_bytes(params.format);
}

namespace {

// The canvas of a layout whose frame is not the image, one per thread:
// rendered there, then copied into the image (frame_is_image()).
struct FrameBuffers {
    std::vector<float> canvas;  // rows x width pixels (floats: aligned)
    std::vector<uint16_t> mask;
};

FrameBuffers &frame_buffers() {
    static thread_local FrameBuffers buffers;
    return buffers;
}

// Copies the strip's rows [y0, y0 + height) of the canvas (pixels of
// `bytes` each) into the image `out` at the layout's frame, after filling
// the image with `fill` (one pixel's bytes). Pixel is the element type.
template <typename Pixel>
void place_canvas(const Layout &l, const Pixel *canvas, Pixel background,
                  Pixel *out) {
    const size_t iw = size_t(l.image_width);
    std::fill(out, out + size_t(l.image_rows) * iw, background);
    const size_t w = size_t(l.width);
    for (int64_t y = l.y0; y < l.y0 + l.height; ++y) {
        const Pixel *src = canvas + size_t(y) * w;
        std::copy(src, src + w,
                  out + size_t(l.frame_y + y) * iw + size_t(l.frame_x));
    }
}

// Renders `drawn` (glyphs of `glyphs`) into the image `out`, through the
// canvas when the frame is not the image, with the annotation if any
// (in image pixels).
void render_framed(const SourceData &glyphs, const Layout &drawn,
                   mseq_format format, bool invert, void *out,
                   const Annotation *annotation) {
    if (frame_is_image(drawn)) {
        render(glyphs, drawn, format, invert, out);
        if (annotation != nullptr) {
            annotate(glyphs, drawn, format, invert, out, *annotation);
        }
        return;
    }
    FrameBuffers &b = frame_buffers();
    const size_t n = size_t(drawn.rows) * size_t(drawn.width);
    b.canvas.resize(n);  // floats: room for either format
    render(glyphs, drawn, format, invert, b.canvas.data());
    if (format == MSEQ_FORMAT_U8) {
        place_canvas(drawn, reinterpret_cast<const uint8_t *>(b.canvas.data()),
                     uint8_t(invert ? 0 : 255), static_cast<uint8_t *>(out));
    } else {
        place_canvas(drawn, b.canvas.data(), ink_to_f32(0, invert),
                     static_cast<float *>(out));
    }
    if (annotation == nullptr) return;
    Annotation local;
    if (annotation->mask != nullptr) {
        b.mask.resize(n);
        local.mask = b.mask.data();
    }
    local.boxes = annotation->boxes;
    annotate(glyphs, drawn, format, invert, b.canvas.data(), local);
    if (annotation->boxes != nullptr) {
        for (size_t j = 0; j < drawn.count; ++j) {
            mseq_ink_box &box = annotation->boxes[j];
            if (box.x_end == 0) continue;  // no ink: all four stay 0
            box.x_begin += int32_t(drawn.frame_x);
            box.x_end += int32_t(drawn.frame_x);
            box.y_begin += int32_t(drawn.frame_y);
            box.y_end += int32_t(drawn.frame_y);
        }
    }
    if (annotation->mask != nullptr) {
        place_canvas(drawn, b.mask.data(), uint16_t(0), annotation->mask);
    }
}

}  // namespace

namespace {

// What generate_one() and generate_text() check of the output buffer.
void check_output(const SourceData &ds, const Params &params, void *out,
                  size_t out_size) {
    if (out == nullptr) {
        throw Error(MSEQ_EINVAL, "output buffer is NULL");
    }
    if (params.format == MSEQ_FORMAT_F32 &&
        reinterpret_cast<uintptr_t>(out) % alignof(float) != 0) {
        throw Error(MSEQ_EINVAL, "output buffer is not aligned for float");
    }
    const size_t need = image_bytes(ds, params);
    if (out_size < need) {
        throw Error(MSEQ_EBUFSIZE,
                    "output buffer of " + std::to_string(out_size) +
                        " bytes is smaller than the " + std::to_string(need) +
                        " bytes of one image");
    }
}

// Draws `layout`, whose cells show the glyphs of `glyphs` given by
// `drawn` (the same layout, or one with other glyph numbers), into out,
// with its placements, scale and annotation.
void draw_image(const SourceData &glyphs_in, const Layout &layout,
                const Layout &drawn_in, const Params &params, uint64_t index,
                void *out, mseq_placement *placements, float *scale,
                const Annotation *annotation) {
    // The glyphs drawn: those given, or warped.
    const SourceData *glyphs = &glyphs_in;
    const Layout *drawn = &drawn_in;
    if (augmentation_on(params)) {
        static thread_local WarpedDigits warped;
        warp_digits(glyphs_in, params, index, drawn_in, warped);
        glyphs = &warped.ds;
        drawn = &warped.layout;
    }
    const bool photometric = photometric_on(params);
    // The labels come from the image as it is without the whole-image
    // modules, so that they describe the digits' ink only.
    if (!photometric || annotation != nullptr) {
        render_framed(*glyphs, *drawn, params.format, params.invert, out,
                      annotation);
    }
    const PhotometricDraw draw =
        photometric ? draw_photometric(params, index) : PhotometricDraw{};
    // U8 with steps 1 and 2 alone on an unscaled layout: every pixel is an
    // ink level, so the image is the plain U8 image through a table of 256.
    const std::optional<PointSteps> table_steps =
        photometric && params.format == MSEQ_FORMAT_U8 && !drawn->scaled
            ? value_steps_only(draw)
            : std::nullopt;
    if (table_steps) {
        // The image in U8, not inverted.
        render_framed(*glyphs, *drawn, MSEQ_FORMAT_U8, false, out, nullptr);
        uint8_t table[256];
        ink_table(*table_steps, params.invert, table);
        apply_table(static_cast<uint8_t *>(out),
                    size_t(drawn->image_rows) * size_t(drawn->image_width),
                    table);
    } else if (photometric) {
        static thread_local PhotometricBuffers buffers;
        const size_t rows = size_t(drawn->image_rows);
        const size_t width = size_t(drawn->image_width);
        buffers.image.resize(rows * width);
        // The image in F32, not inverted.
        render_framed(*glyphs, *drawn, MSEQ_FORMAT_F32, false,
                      buffers.image.data(), nullptr);
        const PointSteps last = apply_photometric(
            params, index, draw, buffers.image.data(), rows, width, buffers);
        store_pixels(buffers.image.data(), rows * width, last, params.format,
                     params.invert, out);
    }
    if (placements != nullptr) fill_placements(layout, placements);
    if (scale != nullptr) *scale = layout_scale(layout);
}

// The glyphs of a text: cell j's glyph is number j, its digit's copied
// from the source data, its separator drawn. One per thread.
struct TextGlyphs {
    SourceData ds;
    Layout layout;
};

void make_text_glyphs(const SourceData &ds, const Params &params,
                      uint64_t index, const Layout &layout, TextGlyphs &out) {
    const size_t rows = ds.rows, cols = ds.cols, n = layout.count;
    const size_t cell = rows * cols;
    out.ds.rows = ds.rows;
    out.ds.cols = ds.cols;
    out.ds.pixels.resize(n * cell);
    out.ds.labels.resize(n);
    copy_layout(layout, out.layout);
    std::array<const uint8_t *, kPenDigits> digits;
    size_t ndigits = 0;
    for (size_t j = 0; j < n; ++j) {
        out.layout.glyph[j] = uint32_t(j);
        out.ds.labels[j] = uint8_t(layout.label[j]);
        if (layout.glyph[j] != kNoGlyph) {
            const uint8_t *glyph = ds.glyph(layout.glyph[j]);
            if (ndigits < kPenDigits) digits[ndigits++] = glyph;
            std::copy_n(glyph, cell, out.ds.pixels.data() + j * cell);
        }
    }
    const Pen pen = pen_of(digits.data(), ndigits, ds.rows, ds.cols);
    Stream strokes(params.seed, index, Purpose::separator);
    for (size_t j = 0; j < n; ++j) {
        if (layout.glyph[j] != kNoGlyph) continue;
        draw_separator(layout.label[j], pen, strokes, ds.rows, ds.cols,
                       char_advance(layout.label[j], int64_t(cols)),
                       out.ds.pixels.data() + j * cell);
    }
}

}  // namespace

void generate_one(const SourceData &ds, const Params &params, const int *digits,
                  size_t ndigits, uint64_t index, void *out, size_t out_size,
                  mseq_placement *placements, float *scale,
                  const Annotation *annotation) {
    if (digits == nullptr || ndigits == 0) {
        throw Error(MSEQ_EINVAL, "empty sequence: no digits given");
    }
    if (ndigits > MSEQ_MAX_DIGITS) {
        throw Error(MSEQ_ERANGE, "sequence of " + std::to_string(ndigits) +
                                     " digits is longer than "
                                     "MSEQ_MAX_DIGITS (" +
                                     str(MSEQ_MAX_DIGITS) + ")");
    }
    for (size_t j = 0; j < ndigits; ++j) {
        if (digits[j] < 0 || digits[j] > 9) {
            throw Error(MSEQ_EINVAL, "digit at position " + std::to_string(j) +
                                         " is " + str(digits[j]) +
                                         ", not a digit 0-9");
        }
    }
    check_params(ds, params);
    check_output(ds, params, out, out_size);
    try {
        const Layout layout = plan_layout(ds, params, digits, ndigits, index);
        draw_image(ds, layout, layout, params, index, out, placements, scale,
                   annotation);
    } catch (const std::bad_alloc &) {
        throw Error(MSEQ_ENOMEM, "out of memory while generating an image");
    }
}

void generate_text(const SourceData &ds, const Params &params, const char *text,
                   size_t length, uint64_t index, void *out, size_t out_size,
                   mseq_placement *placements, float *scale,
                   const Annotation *annotation) {
    std::array<int32_t, MSEQ_MAX_DIGITS> codes;
    text_codes(text, length, codes.data());
    check_params(ds, params);
    check_output(ds, params, out, out_size);
    try {
        const Layout layout =
            plan_text_layout(ds, params, codes.data(), length, index);
        bool digits_only = true;
        for (size_t j = 0; j < length; ++j) {
            digits_only = digits_only && is_digit_code(codes[j]);
        }
        if (digits_only) {
            draw_image(ds, layout, layout, params, index, out, placements,
                       scale, annotation);
            return;
        }
        static thread_local TextGlyphs glyphs;
        make_text_glyphs(ds, params, index, layout, glyphs);
        draw_image(glyphs.ds, layout, glyphs.layout, params, index, out,
                   placements, scale, annotation);
    } catch (const std::bad_alloc &) {
        throw Error(MSEQ_ENOMEM, "out of memory while generating an image");
    }
}

}  // namespace mseq
