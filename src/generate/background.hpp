// The paper's pattern (mnistseq.h, mseq_background): a value t in [0, 1]
// for every pixel, which the photometric stage scales by the image's drawn
// depth. Pure functions of their arguments: the gradient's direction is
// drawn by the caller, the texture's lattice values come from the stream
// given.
#pragma once

#include <cstddef>
#include <vector>

#include "generate/rng.hpp"
#include "input/background_image.hpp"

namespace mseq {

// t of a linear ramp along the direction of `degrees` (anticlockwise from
// +x, with y pointing down, so 90 degrees points up): each pixel centre's
// projection (x + 0.5) cos - (y + 0.5) sin, mapped linearly so that the
// smallest over the image's pixel centres is 0 and the largest 1 (0
// everywhere for a 1 x 1 image). rows x width values into t.
void gradient_pattern(double degrees, size_t rows, size_t width,
                      std::vector<float> &t);

// t of value noise: three octaves with lattice spacings s, s / 2, s / 4
// (floor'd to whole pixels, at least 1; s = floor(scale)) and weights 4/7,
// 2/7, 1/7. Octave o's node (i, j) is at pixel (j s_o, i s_o) and takes
// the uniform [0, 1) value (top 53 bits times 2^-53) of draw
// base_o + i * nodes_o + j of `stream` (Stream::at, so the order of
// evaluation does not matter), nodes_o = width / s_o + 2 nodes per row,
// base_0 = 0 and base_{o+1} = base_o plus octave o's
// (rows / s_o + 2) * nodes_o nodes (integer divisions). A pixel at (x, y)
// has j = x / s_o, wx = (x - j s_o) / s_o, and i, wy the same from y; it
// blends its four surrounding nodes by the smoothsteps 3 w^2 - 2 w^3 of
// wx (along x, in rows i and i + 1) then wy.
// rows x width values into t.
void texture_pattern(const Stream &stream, double scale, size_t rows,
                     size_t width, std::vector<float> &t);

// The window of a user's picture an image takes (MSEQ_BACKGROUND_IMAGE),
// drawn in this order from `stream` by unbiased bounded draws
// (Stream::uniform): the picture k uniform over the count, then the column
// x0 uniform over [0, pw - width] when the picture is at least as wide as
// the image (a crop), else over [0, pw) (the picture is tiled), then the
// row y0 the same way from its rows.
struct PictureWindow {
    size_t picture = 0, x0 = 0, y0 = 0;
};
PictureWindow draw_picture_window(const BackgroundImages &pictures,
                                  Stream stream, size_t rows, size_t width);

// t of that window: pixel (x, y) takes the picture's grey g at
// ((y0 + y) mod ph, (x0 + x) mod pw) and t = (float)(255 - g) / 255.0f, so
// black darkens by the whole depth and white not at all. rows x width
// values into t. `pictures` must not be empty.
void picture_pattern(const BackgroundImages &pictures, const Stream &stream,
                     size_t rows, size_t width, std::vector<float> &t);

}  // namespace mseq
