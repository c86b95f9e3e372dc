// Generation parameters behind the opaque mseq_params handle. Their
// defaults, bounds and names are rows of the parameter table
// (param_table.hpp); each field is checked on its own by set_param(), from
// its row. Relations between fields (min <= max, width set) are checked
// where they are used, by the generator.
#pragma once

#include <cstdint>
#include <memory>

#include "input/background_image.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {

class Template;

struct Params {
    // The defaults of the parameter table (param_table.cpp).
    Params();

    int64_t min_spacing{};
    int64_t max_spacing{};
    int64_t width{};     // 0: not set
    int64_t height{};    // image rows; 0: the glyph rows
    int64_t margin_x{};  // background columns kept free on each side
    int64_t margin_y{};  // background rows kept free above and below
    mseq_fit fit{};
    mseq_align align{};
    bool invert{};
    uint64_t seed{};
    mseq_format format{};
    int64_t min_length{};  // random sequences
    int64_t max_length{};
    bool no_leading_zero{};
    bool unique{};
    mseq_writer_choice writer{};  // one hand per image (QMNIST writers)
    mseq_permutation unique_permutation{};  // with unique: which order
    mseq_style style{};                     // one style cluster per image
    int64_t threads{};                      // batch: 0 = all cores
    int64_t shard_size{};                   // dataset writer: images per shard
    int64_t png_level{};  // dataset writer: -1 fast RLE, 0..9 zlib
    bool png_recipe{};    // dataset writer: recipe chunks in each PNG
    bool masks{};         // dataset writer: instance masks and ink boxes
    // Augmentation per digit: half-widths of uniform laws (mnistseq.h).
    double rotate{};         // degrees
    double shear{};          // degrees
    double digit_scale{};    // factor 1 +- v
    double aspect{};         // width factor 1 +- v
    double shift_y{};        // pixels
    double thickness{};      // pixels
    double elastic_alpha{};  // pixels: strength of the elastic field, 0 off
    double elastic_sigma{};  // pixels: its smoothness (used when alpha > 0)
    // The baseline along the sequence, drawn per image (mnistseq.h).
    double baseline_slope{};  // degrees: slope uniform over +- v
    double wave_amplitude{};  // pixels: amplitude uniform over [0, v]
    double wave_period{};  // pixels: the wavelength (used when amplitude > 0)
    // Augmentation of the whole image (photometric.hpp; mnistseq.h).
    double noise_std{};            // largest Gaussian noise std, 0..1 scale
    double salt_pepper{};          // largest fraction of pixels flipped
    double blur_sigma{};           // largest Gaussian blur sigma, pixels
    double contrast{};             // contrast factor 1 +- v
    double brightness{};           // brightness offset +- v
    double gamma{};                // gamma exponent 1 +- v
    double ink_level{};            // ink's grey uniform over [0, v]
    double paper_level{};          // paper's grey uniform over [1 - v, 1]
    mseq_background background{};  // the paper: flat, gradient, texture, image
    double background_strength{};  // largest darkening of the paper
    double texture_scale{};        // pixels: the texture's feature size
    mseq_preset preset{};          // ranges for the modules left at 0
    double strength{};             // multiplies every module's range
    // The template of the texts of batches and datasets without given
    // digits (template.hpp); null: random digit sequences.
    std::shared_ptr<const Template> text_template;
    // The users' pictures of MSEQ_BACKGROUND_IMAGE (background_image.hpp);
    // null: none set.
    std::shared_ptr<const BackgroundImages> background_images;
};

// Sets one field; throws mseq::Error (MSEQ_EINVAL / MSEQ_ERANGE) and leaves
// the struct unchanged when the value is outside the key's domain. The key
// is the int a C caller passed (read with enum_value(), api/guard.hpp):
// any int may arrive, and an mseq_param holding a value outside the enum's
// range must not even be loaded in C++.
void set_param(Params &params, int key, int64_t value);
// Reads one field; throws mseq::Error (MSEQ_EINVAL) for an unknown key.
int64_t get_param(const Params &params, int key);
// The same from and to doubles (mseq_params_set_f64/get_f64): an integer
// key takes only an integral value.
void set_param_f64(Params &params, int key, double value);
double get_param_f64(const Params &params, int key);

}  // namespace mseq
