//! Raw declarations of the whole C API in `mnistseq/mnistseq.h`.
//!
//! Everything here is `unsafe` to call and follows the C header exactly: read
//! the documentation there for each function's contract. C enums are plain
//! `c_int` constants, so that a value the library adds later can never be an
//! invalid Rust enum. Prefer the safe wrapper at the crate root.

#![allow(non_camel_case_types)]

use std::ffi::c_void;
use std::os::raw::{c_char, c_int, c_uint};

/* Version --------------------------------------------------------------- */

/// `MSEQ_VERSION_MAJOR`: the major version these declarations describe.
pub const MSEQ_VERSION_MAJOR: c_uint = 1;
/// `MSEQ_VERSION_MINOR`.
pub const MSEQ_VERSION_MINOR: c_uint = 0;
/// `MSEQ_VERSION_PATCH`.
pub const MSEQ_VERSION_PATCH: c_uint = 0;
/// `MSEQ_VERSION_NUMBER`: MAJOR * 10000 + MINOR * 100 + PATCH.
pub const MSEQ_VERSION_NUMBER: c_uint =
    MSEQ_VERSION_MAJOR * 10000 + MSEQ_VERSION_MINOR * 100 + MSEQ_VERSION_PATCH;

/* Errors (enum mseq_error) ---------------------------------------------- */

/// `mseq_error`: a return code.
pub type mseq_error = c_int;
/// Success.
pub const MSEQ_OK: mseq_error = 0;
/// An argument is invalid.
pub const MSEQ_EINVAL: mseq_error = -1;
/// Memory could not be allocated.
pub const MSEQ_ENOMEM: mseq_error = -2;
/// Data files not found.
pub const MSEQ_ENOTFOUND: mseq_error = -3;
/// A file could not be read, written or renamed.
pub const MSEQ_EIO: mseq_error = -4;
/// A data file is malformed.
pub const MSEQ_EFORMAT: mseq_error = -5;
/// A caller buffer is too small.
pub const MSEQ_EBUFSIZE: mseq_error = -6;
/// The sequence cannot fit the width under the fit policy.
pub const MSEQ_ENOFIT: mseq_error = -7;
/// A size is beyond a documented limit or would overflow.
pub const MSEQ_ERANGE: mseq_error = -8;
/// An output exists and differs.
pub const MSEQ_EEXIST: mseq_error = -9;
/// A bug in the library.
pub const MSEQ_EINTERNAL: mseq_error = -10;
/// A progress callback asked to stop.
pub const MSEQ_ECANCELED: mseq_error = -11;

/* Limits ---------------------------------------------------------------- */

/// `MSEQ_MAX_WIDTH`: largest image width, in pixels.
pub const MSEQ_MAX_WIDTH: u32 = 65536;
/// `MSEQ_MAX_DIGITS`: longest digit sequence.
pub const MSEQ_MAX_DIGITS: u32 = 1024;
/// `MSEQ_MAX_SPACING`: largest gap between two digits.
pub const MSEQ_MAX_SPACING: u32 = 65536;
/// `MSEQ_MAX_GLYPH_SIDE`: largest glyph height or width in IDX data.
pub const MSEQ_MAX_GLYPH_SIDE: u32 = 1024;
/// `MSEQ_MAX_GLYPHS`: most images (and labels) in one split.
pub const MSEQ_MAX_GLYPHS: u32 = 16777216;
/// `MSEQ_MAX_BATCH`: largest batch count.
pub const MSEQ_MAX_BATCH: u32 = 16_777_216;
/// `MSEQ_MAX_THREADS`: largest `MSEQ_PARAM_THREADS`.
pub const MSEQ_MAX_THREADS: u32 = 1024;
/// `MSEQ_MAX_BACKGROUND_IMAGES`: most pictures of the paper.
pub const MSEQ_MAX_BACKGROUND_IMAGES: u32 = 1024;
/// `MSEQ_MAX_BACKGROUND_PIXELS`: most pixels of one such picture.
pub const MSEQ_MAX_BACKGROUND_PIXELS: u32 = 67108864;

/* Source data -------------------------------------------------------------- */

/// `mseq_dataset`: an opened split of IDX source data (opaque).
#[repr(C)]
pub struct mseq_dataset {
    _opaque: [u8; 0],
}

/// `mseq_split`: which half of the source data.
pub type mseq_split = c_int;
/// train-images/train-labels.
pub const MSEQ_SPLIT_TRAIN: mseq_split = 0;
/// t10k-images/t10k-labels.
pub const MSEQ_SPLIT_TEST: mseq_split = 1;

/* Parameters ------------------------------------------------------------ */

/// `mseq_params`: a set of generation parameters (opaque).
#[repr(C)]
pub struct mseq_params {
    _opaque: [u8; 0],
}

/// `mseq_param`: a parameter key.
pub type mseq_param = c_int;
/// Smallest gap in pixels.
pub const MSEQ_PARAM_MIN_SPACING: mseq_param = 1;
/// Largest gap in pixels.
pub const MSEQ_PARAM_MAX_SPACING: mseq_param = 2;
/// Image width (must be set).
pub const MSEQ_PARAM_WIDTH: mseq_param = 3;
/// An `mseq_fit`.
pub const MSEQ_PARAM_FIT: mseq_param = 4;
/// An `mseq_align`.
pub const MSEQ_PARAM_ALIGN: mseq_param = 5;
/// 0: black digits on white; 1: white on black.
pub const MSEQ_PARAM_INVERT: mseq_param = 6;
/// Seed (any int64 bit pattern).
pub const MSEQ_PARAM_SEED: mseq_param = 7;
/// An `mseq_format`.
pub const MSEQ_PARAM_FORMAT: mseq_param = 8;
/// Random sequences: shortest length.
pub const MSEQ_PARAM_MIN_LENGTH: mseq_param = 9;
/// Random sequences: longest length.
pub const MSEQ_PARAM_MAX_LENGTH: mseq_param = 10;
/// Random sequences: first digit never 0.
pub const MSEQ_PARAM_NO_LEADING_ZERO: mseq_param = 11;
/// Random sequences: no repeats within the possible sequences.
pub const MSEQ_PARAM_UNIQUE: mseq_param = 12;
/// Batch threads, 0 = all cores.
pub const MSEQ_PARAM_THREADS: mseq_param = 13;
/// Dataset writer: images per shard.
pub const MSEQ_PARAM_SHARD_SIZE: mseq_param = 14;
/// Dataset writer: PNG encoding, -1 (run-length) or a zlib level 0..9.
pub const MSEQ_PARAM_PNG_LEVEL: mseq_param = 15;
/// Image height in pixels (0: the glyph height).
pub const MSEQ_PARAM_HEIGHT: mseq_param = 100;
/// Background columns kept free left and right.
pub const MSEQ_PARAM_MARGIN_X: mseq_param = 101;
/// Background rows kept free above and below.
pub const MSEQ_PARAM_MARGIN_Y: mseq_param = 102;
/// Whose digits: an `mseq_writer_choice`.
pub const MSEQ_PARAM_WRITER: mseq_param = 103;

/// `mseq_writer_choice`: whose digits an image holds.
pub type mseq_writer_choice = c_int;
/// Each digit drawn from its whole class (1.0).
pub const MSEQ_WRITER_ANY: mseq_writer_choice = 0;
/// One writer per image (QMNIST's extended labels).
pub const MSEQ_WRITER_SAME: mseq_writer_choice = 1;
/// Random sequences with `MSEQ_PARAM_UNIQUE`: an `mseq_permutation`, their order.
pub const MSEQ_PARAM_UNIQUE_PERMUTATION: mseq_param = 104;
/// How alike an image's digits look: an `mseq_style`.
pub const MSEQ_PARAM_STYLE: mseq_param = 105;

/// `mseq_style`: how alike the digits of an image look.
pub type mseq_style = c_int;
/// Each digit drawn from its whole class.
pub const MSEQ_STYLE_ANY: mseq_style = 0;
/// All digits from one style cluster (slant and stroke width).
pub const MSEQ_STYLE_CONSISTENT: mseq_style = 1;
/// Augmentation: largest rotation of a digit, degrees (f64).
pub const MSEQ_PARAM_ROTATE: mseq_param = 200;
/// Augmentation: largest slant of a digit, degrees (f64).
pub const MSEQ_PARAM_SHEAR: mseq_param = 201;
/// Augmentation: digit size factor range, 1 +- v (f64).
pub const MSEQ_PARAM_DIGIT_SCALE: mseq_param = 202;
/// Augmentation: digit width factor range, 1 +- v (f64).
pub const MSEQ_PARAM_ASPECT: mseq_param = 203;
/// Augmentation: largest vertical shift of a digit, pixels (f64).
pub const MSEQ_PARAM_SHIFT_Y: mseq_param = 204;
/// Augmentation: largest stroke width change, pixels (f64).
pub const MSEQ_PARAM_THICKNESS: mseq_param = 205;
/// Augmentation: elastic distortion strength (Simard's alpha), pixels (f64).
pub const MSEQ_PARAM_ELASTIC_ALPHA: mseq_param = 206;
/// Augmentation: elastic distortion smoothness (Simard's sigma), pixels (f64).
pub const MSEQ_PARAM_ELASTIC_SIGMA: mseq_param = 207;
/// Augmentation: an `mseq_preset` for the modules left at 0.
pub const MSEQ_PARAM_PRESET: mseq_param = 210;
/// Augmentation: multiplies every module's range, 0..1 (f64).
pub const MSEQ_PARAM_STRENGTH: mseq_param = 211;
/// Baseline: largest slope of the line of digits, degrees (f64).
pub const MSEQ_PARAM_BASELINE_SLOPE: mseq_param = 212;
/// Baseline: largest amplitude of its sine wave, pixels (f64).
pub const MSEQ_PARAM_WAVE_AMPLITUDE: mseq_param = 213;
/// Baseline: the sine wave's length, pixels (f64).
pub const MSEQ_PARAM_WAVE_PERIOD: mseq_param = 214;
/// Augmentation of the whole image: largest Gaussian noise std, 0..1 scale (f64).
pub const MSEQ_PARAM_NOISE_STD: mseq_param = 220;
/// Augmentation of the whole image: largest fraction of pixels set black or white (f64).
pub const MSEQ_PARAM_SALT_PEPPER: mseq_param = 221;
/// Augmentation of the whole image: largest Gaussian blur sigma, pixels (f64).
pub const MSEQ_PARAM_BLUR_SIGMA: mseq_param = 222;
/// Augmentation of the whole image: contrast factor range about mid-grey, 1 +- v (f64).
pub const MSEQ_PARAM_CONTRAST: mseq_param = 223;
/// Augmentation of the whole image: brightness offset range, +- v (f64).
pub const MSEQ_PARAM_BRIGHTNESS: mseq_param = 224;
/// Augmentation of the whole image: gamma exponent range, 1 +- v (f64).
pub const MSEQ_PARAM_GAMMA: mseq_param = 225;
/// Augmentation of the whole image: largest grey of the ink (f64).
pub const MSEQ_PARAM_INK_LEVEL: mseq_param = 226;
/// Augmentation of the whole image: largest darkening of the paper (f64).
pub const MSEQ_PARAM_PAPER_LEVEL: mseq_param = 227;
/// Augmentation of the whole image: an `mseq_background`, the paper's pattern.
pub const MSEQ_PARAM_BACKGROUND: mseq_param = 228;
/// Augmentation of the whole image: largest darkening by the paper's pattern (f64).
pub const MSEQ_PARAM_BACKGROUND_STRENGTH: mseq_param = 229;
/// Augmentation of the whole image: size of the paper texture's features, pixels (f64).
pub const MSEQ_PARAM_TEXTURE_SCALE: mseq_param = 230;

/// `mseq_permutation`: the order of unique random sequences.
pub type mseq_permutation = c_int;
/// Every order equally likely up to 2^16 sequences; a 24-round Feistel
/// network above (the default).
pub const MSEQ_PERMUTATION_UNIFORM: mseq_permutation = 0;
/// The order of 1.0: a 6-round Feistel network, non-uniform for few sequences.
pub const MSEQ_PERMUTATION_FEISTEL_1_0: mseq_permutation = 1;

/// `mseq_background`: the paper's pattern.
pub type mseq_background = c_int;
/// One grey, the paper level.
pub const MSEQ_BACKGROUND_FLAT: mseq_background = 0;
/// A linear ramp in a random direction.
pub const MSEQ_BACKGROUND_GRADIENT: mseq_background = 1;
/// Paper-like blotches (value noise).
pub const MSEQ_BACKGROUND_TEXTURE: mseq_background = 2;
/// The users' pictures (`mseq_params_set_background_images`).
pub const MSEQ_BACKGROUND_IMAGE: mseq_background = 3;

/// `mseq_preset`: augmentation presets.
pub type mseq_preset = c_int;
/// Every module at its own value.
pub const MSEQ_PRESET_NONE: mseq_preset = 0;
/// Small variations.
pub const MSEQ_PRESET_LIGHT: mseq_preset = 1;
/// The variation of real handwriting.
pub const MSEQ_PRESET_MEDIUM: mseq_preset = 2;
/// Strong distortion.
pub const MSEQ_PRESET_HEAVY: mseq_preset = 3;
/// Dataset writer: 1 = every PNG carries its recipe in text chunks.
pub const MSEQ_PARAM_PNG_RECIPE: mseq_param = 300;
/// Dataset writer: 1 = each image's instance mask and ink boxes beside it.
pub const MSEQ_PARAM_MASKS: mseq_param = 301;

/// `mseq_fit`: how a strip is fitted to the width.
pub type mseq_fit = c_int;
/// Pad a narrow strip, scale down a wide one.
pub const MSEQ_FIT_PAD: mseq_fit = 0;
/// Gaps chosen so the strip is exactly the width.
pub const MSEQ_FIT_EXACT: mseq_fit = 1;
/// Error when the strip is wider than the width.
pub const MSEQ_FIT_STRICT: mseq_fit = 2;

/// `mseq_align`: where a padded strip sits.
pub type mseq_align = c_int;
/// Centred (left offset floor((width - strip) / 2)).
pub const MSEQ_ALIGN_CENTER: mseq_align = 0;
/// Left.
pub const MSEQ_ALIGN_LEFT: mseq_align = 1;
/// Right.
pub const MSEQ_ALIGN_RIGHT: mseq_align = 2;
/// Uniform random offset.
pub const MSEQ_ALIGN_RANDOM: mseq_align = 3;

/// `mseq_format`: pixel format of generated images.
pub type mseq_format = c_int;
/// `float`, 0.0 black .. 1.0 white.
pub const MSEQ_FORMAT_F32: mseq_format = 0;
/// `uint8_t`, 0 black .. 255 white.
pub const MSEQ_FORMAT_U8: mseq_format = 1;

/* The parameter table (since 1.1) -------------------------------------- */

/// `mseq_param_type`: the value type of a parameter.
pub type mseq_param_type = c_int;
/// An integer in [min, max].
pub const MSEQ_TYPE_INT: mseq_param_type = 0;
/// 0 or 1.
pub const MSEQ_TYPE_BOOL: mseq_param_type = 1;
/// 0..=max, named by `choices`.
pub const MSEQ_TYPE_ENUM: mseq_param_type = 2;
/// A finite double in [min_f64, max_f64].
pub const MSEQ_TYPE_F64: mseq_param_type = 3;

/// `mseq_param_group`: the group of a parameter.
pub type mseq_param_group = c_int;
/// Layout, sequences, seed, pixels.
pub const MSEQ_GROUP_GENERATION: mseq_param_group = 100;
/// Per-digit and per-image distortions.
pub const MSEQ_GROUP_AUGMENTATION: mseq_param_group = 200;
/// The dataset writer's files.
pub const MSEQ_GROUP_OUTPUT: mseq_param_group = 300;
/// Parallelism; never changes bytes.
pub const MSEQ_GROUP_THREADS: mseq_param_group = 400;
/// Keys 1000..=1999: no stability promise.
pub const MSEQ_GROUP_EXPERIMENTAL: mseq_param_group = 1000;

/// `MSEQ_PARAM_DESC_VERSION`: the `mseq_param_desc` layout below.
pub const MSEQ_PARAM_DESC_VERSION: c_uint = 1;

/// `MSEQ_OPEN_OPTIONS_VERSION`: the layout of `mseq_open_options`.
pub const MSEQ_OPEN_OPTIONS_VERSION: c_uint = 1;

/// `mseq_open_options`: options of `mseq_open_ext`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mseq_open_options {
    /// `MSEQ_OPEN_OPTIONS_VERSION`.
    pub version: c_uint,
    /// QMNIST's extended labels of the split, or NULL.
    pub writers: *const c_char,
}

/// `mseq_png_text`: one PNG text chunk (keyword and text).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mseq_png_text {
    /// The chunk's keyword, 1 to 79 printable Latin-1 characters.
    pub key: *const c_char,
    /// Its text.
    pub text: *const c_char,
}

/// `mseq_param_desc`: one row of the parameter table.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mseq_param_desc {
    /// In: `MSEQ_PARAM_DESC_VERSION`.
    pub version: c_uint,
    /// The key described.
    pub key: mseq_param,
    /// Lower-case name ("min_spacing").
    pub name: *const c_char,
    /// One help line.
    pub help: *const c_char,
    /// An `mseq_param_type`.
    pub value_type: mseq_param_type,
    /// An `mseq_param_group`.
    pub group: mseq_param_group,
    /// Smallest accepted value.
    pub min: i64,
    /// Largest accepted value.
    pub max: i64,
    /// The default.
    pub default_value: i64,
    /// `min` as a double.
    pub min_f64: f64,
    /// `max` as a double.
    pub max_f64: f64,
    /// The default as a double.
    pub default_f64: f64,
    /// Enum value names, '|'-separated, or NULL.
    pub choices: *const c_char,
    /// The limit `max` comes from, or NULL.
    pub limit: *const c_char,
}

/* Dataset writer -------------------------------------------------------- */

/// `MSEQ_MAX_DATASET`: largest dataset count.
pub const MSEQ_MAX_DATASET: u32 = 999_999_999;
/// `MSEQ_MAX_SHARDS`: largest number of shards.
pub const MSEQ_MAX_SHARDS: u32 = 1_000_000;

/// `mseq_output`: how a dataset directory stores its images.
pub type mseq_output = c_int;
/// NNNNNNNNN.png files + labels.csv.
pub const MSEQ_OUTPUT_PNG: mseq_output = 0;
/// images.npy + labels.jsonl.
pub const MSEQ_OUTPUT_NPY: mseq_output = 1;
/// shard-NNNNNN.tar (WebDataset).
pub const MSEQ_OUTPUT_TAR: mseq_output = 2;

/// `MSEQ_WRITE_FORCE`: replace another job's dataset in the directory.
pub const MSEQ_WRITE_FORCE: c_uint = 1;

/// `mseq_progress_fn`: `done` of `total` images written; return non-zero to
/// cancel.
pub type mseq_progress_fn =
    Option<unsafe extern "C" fn(done: u64, total: u64, user: *mut c_void) -> c_int>;

/// `mseq_problem_fn`: one problem a dataset verification found; return
/// non-zero to hear of no more.
pub type mseq_problem_fn =
    Option<unsafe extern "C" fn(problem: *const c_char, user: *mut c_void) -> c_int>;

/// `mseq_writer`: a dataset job (opaque).
#[repr(C)]
pub struct mseq_writer {
    _opaque: [u8; 0],
}

/// `mseq_template`: a parsed template (opaque).
#[repr(C)]
pub struct mseq_template {
    _opaque: [u8; 0],
}

/* Generation ------------------------------------------------------------ */

/// `mseq_placement`: where one digit went in a generated image. Spans are
/// half-open, in output pixels.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct mseq_placement {
    /// First column of the glyph cell.
    pub x_begin: i32,
    /// One past its last column.
    pub x_end: i32,
    /// First row.
    pub y_begin: i32,
    /// One past its last row.
    pub y_end: i32,
    /// Index of the glyph in the split's IDX file.
    pub source_index: i32,
    /// The digit, 0-9.
    pub label: i32,
}

/// `mseq_ink_box`: the tight box of one digit's ink, half-open, in output
/// pixels (all 0 when none of its ink shows).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct mseq_ink_box {
    /// First column holding the digit's ink.
    pub x_begin: i32,
    /// One past the last.
    pub x_end: i32,
    /// First row.
    pub y_begin: i32,
    /// One past the last.
    pub y_end: i32,
}

extern "C" {
    /// Version of the loaded library, as `MSEQ_VERSION_NUMBER`.
    pub fn mseq_version_number() -> c_uint;
    /// Version of the loaded library, "MAJOR.MINOR.PATCH" (static).
    pub fn mseq_version_string() -> *const c_char;

    /// Static description of an error code. Never NULL.
    pub fn mseq_strerror(code: c_int) -> *const c_char;
    /// Detail of the last failure on this thread. Never NULL.
    pub fn mseq_last_error() -> *const c_char;

    /// Opens one split of IDX source data (`path` NULL: default lookup).
    pub fn mseq_open(out: *mut *mut mseq_dataset, path: *const c_char, split: mseq_split) -> c_int;
    /// `mseq_open` with options (a writers file).
    pub fn mseq_open_ext(
        out: *mut *mut mseq_dataset,
        path: *const c_char,
        split: mseq_split,
        options: *const mseq_open_options,
    ) -> c_int;
    /// The writer of a glyph, from QMNIST's extended labels.
    pub fn mseq_glyph_writer(writer: *mut u64, ds: *const mseq_dataset, glyph: u32) -> c_int;
    /// Releases a source data handle. NULL is a no-op.
    pub fn mseq_free(ds: *mut mseq_dataset);
    /// Glyph height and width of the source data.
    pub fn mseq_glyph_size(rows: *mut u32, cols: *mut u32, ds: *const mseq_dataset) -> c_int;
    /// Images of one class, or of all with `digit == -1`.
    pub fn mseq_class_count(count: *mut usize, ds: *const mseq_dataset, digit: c_int) -> c_int;
    /// Paths of the files read; owned by the handle.
    pub fn mseq_dataset_files(
        images: *mut *const c_char,
        labels: *mut *const c_char,
        ds: *const mseq_dataset,
    ) -> c_int;

    /// SHA-256 hex digests of the IDX content read (65 bytes each).
    pub fn mseq_dataset_sha256(
        images_hex: *mut c_char,
        labels_hex: *mut c_char,
        ds: *const mseq_dataset,
    ) -> c_int;

    /// Creates a parameter set with the defaults.
    pub fn mseq_params_new(out: *mut *mut mseq_params) -> c_int;
    /// Releases a parameter set. NULL is a no-op.
    pub fn mseq_params_free(params: *mut mseq_params);
    /// Sets one parameter; unchanged on failure.
    pub fn mseq_params_set(params: *mut mseq_params, key: mseq_param, value: i64) -> c_int;
    /// Reads one parameter.
    pub fn mseq_params_get(value: *mut i64, params: *const mseq_params, key: mseq_param) -> c_int;
    /// Describes one key (`out.version` set by the caller).
    pub fn mseq_param_info(out: *mut mseq_param_desc, key: mseq_param) -> c_int;
    /// The key of a name.
    pub fn mseq_param_by_name(out: *mut mseq_param, name: *const c_char) -> c_int;
    /// Every key, in table order; `count` receives their number.
    pub fn mseq_param_list(out: *mut mseq_param, cap: usize, count: *mut usize) -> c_int;
    /// Sets a parameter from a double.
    pub fn mseq_params_set_f64(params: *mut mseq_params, key: mseq_param, value: f64) -> c_int;
    /// Reads a parameter as a double.
    pub fn mseq_params_get_f64(
        value: *mut f64,
        params: *const mseq_params,
        key: mseq_param,
    ) -> c_int;

    /// Size in bytes of one generated image.
    pub fn mseq_image_size(
        bytes: *mut usize,
        ds: *const mseq_dataset,
        params: *const mseq_params,
    ) -> c_int;
    /// The shape of every image: (rows, cols).
    pub fn mseq_image_shape(
        rows: *mut u32,
        cols: *mut u32,
        ds: *const mseq_dataset,
        params: *const mseq_params,
    ) -> c_int;
    /// Generates the image of one digit sequence into a caller buffer.
    pub fn mseq_generate(
        out: *mut c_void,
        out_size: usize,
        placements: *mut mseq_placement,
        scale: *mut f32,
        ds: *const mseq_dataset,
        params: *const mseq_params,
        digits: *const c_int,
        ndigits: usize,
        index: u64,
    ) -> c_int;
    /// Generates one image with each digit's ink box and an instance mask.
    pub fn mseq_generate_annotated(
        out: *mut c_void,
        out_size: usize,
        mask: *mut u16,
        mask_len: usize,
        boxes: *mut mseq_ink_box,
        placements: *mut mseq_placement,
        scale: *mut f32,
        ds: *const mseq_dataset,
        params: *const mseq_params,
        digits: *const c_int,
        ndigits: usize,
        index: u64,
    ) -> c_int;
    /// Generates `count` images (indexes `first_index..`) into one buffer.
    pub fn mseq_generate_batch(
        out: *mut c_void,
        out_size: usize,
        placements: *mut mseq_placement,
        placements_len: usize,
        lengths: *mut u32,
        scales: *mut f32,
        ds: *const mseq_dataset,
        params: *const mseq_params,
        digits: *const c_int,
        ndigits: usize,
        first_index: u64,
        count: usize,
    ) -> c_int;
    /// `mseq_generate_batch` with each image's instance mask and ink boxes.
    pub fn mseq_generate_batch_annotated(
        out: *mut c_void,
        out_size: usize,
        masks: *mut u16,
        masks_len: usize,
        boxes: *mut mseq_ink_box,
        boxes_len: usize,
        placements: *mut mseq_placement,
        placements_len: usize,
        lengths: *mut u32,
        scales: *mut f32,
        ds: *const mseq_dataset,
        params: *const mseq_params,
        digits: *const c_int,
        ndigits: usize,
        first_index: u64,
        count: usize,
    ) -> c_int;
    /// The random sequence a batch without digits draws for `index`.
    pub fn mseq_random_sequence(
        digits: *mut c_int,
        cap: usize,
        length: *mut usize,
        params: *const mseq_params,
        index: u64,
    ) -> c_int;

    /// Writes an 8-bit grayscale image as a PNG file, atomically.
    pub fn mseq_write_png(
        path: *const c_char,
        pixels: *const u8,
        rows: u32,
        cols: u32,
        level: c_int,
    ) -> c_int;

    /// Encodes an 8-bit grayscale image as PNG into memory (size query
    /// with a null `out`).
    pub fn mseq_encode_png(
        size: *mut usize,
        out: *mut c_void,
        out_size: usize,
        pixels: *const u8,
        rows: u32,
        cols: u32,
        level: c_int,
    ) -> c_int;

    /// Writes an 8-bit RGB image as a PNG file, atomically.
    pub fn mseq_write_png_rgb(
        path: *const c_char,
        pixels: *const u8,
        rows: u32,
        cols: u32,
        level: c_int,
    ) -> c_int;
    /// Encodes an 8-bit RGB image as PNG into memory (size query first).
    pub fn mseq_encode_png_rgb(
        size: *mut usize,
        out: *mut c_void,
        out_size: usize,
        pixels: *const u8,
        rows: u32,
        cols: u32,
        level: c_int,
    ) -> c_int;
    /// `mseq_write_png` with text chunks.
    pub fn mseq_write_png_text(
        path: *const c_char,
        pixels: *const u8,
        rows: u32,
        cols: u32,
        level: c_int,
        texts: *const mseq_png_text,
        ntexts: usize,
    ) -> c_int;

    /// `mseq_encode_png` with text chunks (size query with a null `out`).
    pub fn mseq_encode_png_text(
        size: *mut usize,
        out: *mut c_void,
        out_size: usize,
        pixels: *const u8,
        rows: u32,
        cols: u32,
        level: c_int,
        texts: *const mseq_png_text,
        ntexts: usize,
    ) -> c_int;

    /// The text of a PNG file's chunk `key` (size query with a null `out`).
    pub fn mseq_read_png_text(
        size: *mut usize,
        out: *mut c_char,
        out_size: usize,
        path: *const c_char,
        key: *const c_char,
    ) -> c_int;

    /// The recipe of one image: the CLI seed form's arguments that make it
    /// (size query with a null `out`).
    pub fn mseq_image_recipe(
        size: *mut usize,
        out: *mut c_char,
        out_size: usize,
        ds: *const mseq_dataset,
        params: *const mseq_params,
        digits: *const c_int,
        ndigits: usize,
        index: u64,
    ) -> c_int;

    /// The data line of a recipe: file names and SHA-256 (size query).
    pub fn mseq_dataset_recipe(
        size: *mut usize,
        out: *mut c_char,
        out_size: usize,
        ds: *const mseq_dataset,
    ) -> c_int;

    /// The number of distinct random sequences under the parameters.
    pub fn mseq_sequence_count(count: *mut u64, params: *const mseq_params) -> c_int;

    /// Parses a template; the message of a malformed one gives its column.
    pub fn mseq_template_new(out: *mut *mut mseq_template, text: *const c_char) -> c_int;
    /// Releases a template. NULL is a no-op.
    pub fn mseq_template_free(tmpl: *mut mseq_template);
    /// Sets the template batches and dataset writers draw texts from
    /// (NULL: digit sequences again).
    pub fn mseq_params_set_template(params: *mut mseq_params, tmpl: *const mseq_template) -> c_int;
    /// Reads the PNG pictures of `MSEQ_BACKGROUND_IMAGE` (count 0: none).
    pub fn mseq_params_set_background_images(
        params: *mut mseq_params,
        paths: *const *const c_char,
        count: usize,
    ) -> c_int;
    /// The number of distinct texts and the longest text's length.
    pub fn mseq_template_count(
        count: *mut u64,
        max_length: *mut usize,
        tmpl: *const mseq_template,
    ) -> c_int;
    /// The text of a sample, NUL-terminated.
    pub fn mseq_template_text(
        out: *mut c_char,
        out_size: usize,
        length: *mut usize,
        tmpl: *const mseq_template,
        params: *const mseq_params,
        index: u64,
    ) -> c_int;
    /// Generates the image of a text with every character's labels.
    pub fn mseq_generate_text(
        out: *mut c_void,
        out_size: usize,
        mask: *mut u16,
        mask_len: usize,
        boxes: *mut mseq_ink_box,
        placements: *mut mseq_placement,
        scale: *mut f32,
        ds: *const mseq_dataset,
        params: *const mseq_params,
        text: *const c_char,
        index: u64,
    ) -> c_int;

    /// Describes a dataset job; nothing is written.
    pub fn mseq_writer_new(
        out: *mut *mut mseq_writer,
        dir: *const c_char,
        ds: *const mseq_dataset,
        params: *const mseq_params,
        digits: *const c_int,
        ndigits: usize,
        count: u64,
        output: mseq_output,
    ) -> c_int;
    /// Releases a writer. NULL is a no-op.
    pub fn mseq_writer_free(writer: *mut mseq_writer);
    /// The job's manifest.json text; owned by the writer.
    pub fn mseq_writer_manifest(text: *mut *const c_char, writer: *const mseq_writer) -> c_int;
    /// Number of shards of the job.
    pub fn mseq_writer_shard_count(shards: *mut u64, writer: *const mseq_writer) -> c_int;
    /// First image index and image count of one shard.
    pub fn mseq_writer_shard_range(
        first: *mut u64,
        count: *mut u64,
        writer: *const mseq_writer,
        shard: u64,
    ) -> c_int;
    /// Prepares the directory (flags: 0 or `MSEQ_WRITE_FORCE`).
    pub fn mseq_writer_begin(writer: *mut mseq_writer, flags: c_uint) -> c_int;
    /// Whether a shard is complete.
    pub fn mseq_writer_shard_done(
        done: *mut c_int,
        writer: *const mseq_writer,
        shard: u64,
    ) -> c_int;
    /// Writes one shard unless it is complete.
    pub fn mseq_writer_write_shard(
        writer: *const mseq_writer,
        shard: u64,
        progress: mseq_progress_fn,
        user: *mut c_void,
    ) -> c_int;
    /// Completes the dataset once every shard is.
    pub fn mseq_writer_finish(writer: *mut mseq_writer) -> c_int;
    /// Writes a whole dataset in one call.
    pub fn mseq_write_dataset(
        dir: *const c_char,
        ds: *const mseq_dataset,
        params: *const mseq_params,
        digits: *const c_int,
        ndigits: usize,
        count: u64,
        output: mseq_output,
        flags: c_uint,
        progress: mseq_progress_fn,
        user: *mut c_void,
    ) -> c_int;

    /// Re-checks a finished dataset folder against its manifest.
    pub fn mseq_verify_dataset(
        problems: *mut u64,
        dir: *const c_char,
        data: *const c_char,
        sample: u64,
        report: mseq_problem_fn,
        user: *mut c_void,
    ) -> c_int;
}
