// The recipe of one image: the texts of the PNG chunks that say how it was
// made (mnistseq.h, "Recipes"), written here once for the CLI's seed form
// (through mseq_image_recipe) and the dataset writer
// (MSEQ_PARAM_PNG_RECIPE):
//
//   Software         "libmnistseq 1.1.0" (the CLI writes its own name)
//   mnistseq-recipe  "350 2 8 200 --seed 1234 --index 0 --split train
//                    --fit exact --invert": the seed form's arguments, then
//                    every generation or augmentation parameter that
//                    changes the image and differs from its default, as the
//                    table names it, so that a parameter added to the table
//                    appears without a change here
//   mnistseq-data    "train-images-idx3-ubyte sha256:<hex>
//                    train-labels-idx1-ubyte sha256:<hex>"
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "generate/params.hpp"
#include "output/manifest.hpp"
#include "output/png_text.hpp"

namespace mseq {

// The recipe line of image `index` of digits[0..ndigits) under params, on
// the given split ("train" or "test"); with digits null and ndigits 0 and a
// template set, of the template's text: "--template 'T' <min> <max> <width>
// --seed ...". Throws MSEQ_EINVAL (no digits and no template, a digit
// outside 0-9, width not set), MSEQ_ERANGE (more than MSEQ_MAX_DIGITS
// digits).
std::string format_recipe(const Params &params, const int *digits,
                          size_t ndigits, uint64_t index,
                          const std::string &split);

// The data line of those data files.
std::string format_recipe_data(const DataFiles &data);

// The three chunks of a dataset PNG, in the order the seed form writes
// them: Software (the library), the recipe line, the data line.
std::vector<PngText> recipe_chunks(const std::string &recipe,
                                   const std::string &data);

// The double's shortest text that strtod reads back as the same value,
// plain or in exponent form, whichever is shorter (std::to_chars): "12.5",
// "0.1", "70", "1e-300".
std::string shortest_double(double value);

}  // namespace mseq
