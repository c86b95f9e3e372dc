//! Generation parameters: the owned `mseq_params` handle and its builder.

use std::fmt;
use std::os::raw::c_int;
use std::ptr::{self, NonNull};

use crate::error::{check, Error, Result};
use crate::sys;

/// A parameter key (`mseq_param`). See [`ParamsBuilder`] for each meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Param {
    /// Smallest gap in pixels, >= 0. Default 0.
    MinSpacing,
    /// Largest gap in pixels, <= `MSEQ_MAX_SPACING`. Default 0.
    MaxSpacing,
    /// Image width, 1..=`MSEQ_MAX_WIDTH`. Must be set.
    Width,
    /// A [`Fit`]. Default [`Fit::Pad`].
    Fit,
    /// An [`Align`]. Default [`Align::Center`].
    Align,
    /// 0: black digits on white (default); 1: white digits on black.
    Invert,
    /// The seed, as the bit pattern of an `i64`. Default 0.
    Seed,
    /// A [`Format`]. Default [`Format::F32`].
    Format,
    /// Random sequences: shortest length. Default 1.
    MinLength,
    /// Random sequences: longest length. Default 5.
    MaxLength,
    /// Random sequences: 1 = the first digit is never 0. Default 0.
    NoLeadingZero,
    /// Random sequences: 1 = no sequence repeats. Default 0.
    Unique,
    /// Batch threads, 0..=`MSEQ_MAX_THREADS`; 0 = all cores (default).
    Threads,
    /// Dataset writer: images per shard. Default 10000.
    ShardSize,
    /// Dataset writer: PNG encoding, -1 (default, run-length) or a zlib
    /// level 0-9.
    PngLevel,
    /// Image height in pixels, 0..=`MSEQ_MAX_GLYPH_SIDE`; 0 (default): the
    /// glyph height.
    Height,
    /// Columns of background kept free left and right. Default 0.
    MarginX,
    /// Rows of background kept free above and below. Default 0.
    MarginY,
    /// Whose digits: `MSEQ_WRITER_ANY` (default) or `MSEQ_WRITER_SAME`, one
    /// writer per image (needs QMNIST's extended labels, see
    /// [`crate::Dataset::open_with_writers`]).
    Writer,
    /// Random sequences with `Unique`: a [`Permutation`], their order.
    /// Default [`Permutation::Uniform`].
    UniquePermutation,
    /// How alike an image's digits look: `MSEQ_STYLE_ANY` (default) or
    /// `MSEQ_STYLE_CONSISTENT`, one style cluster per image.
    Style,
    /// Augmentation (`f64`): largest rotation of a digit, degrees, 0..=180.
    Rotate,
    /// Augmentation (`f64`): largest slant of a digit, degrees, 0..=60.
    Shear,
    /// Augmentation (`f64`): digit size factor range, 1 ± v, v in 0..=0.9.
    DigitScale,
    /// Augmentation (`f64`): digit width factor range, 1 ± v, v in 0..=0.9.
    Aspect,
    /// Augmentation (`f64`): largest vertical shift of a digit, pixels.
    ShiftY,
    /// Augmentation (`f64`): largest stroke width change, pixels, 0..=4.
    Thickness,
    /// Augmentation (`f64`): elastic distortion strength (Simard's alpha),
    /// pixels, 0..=100; 0 (default) off.
    ElasticAlpha,
    /// Augmentation (`f64`): elastic distortion smoothness (Simard's
    /// sigma), pixels, 1..=16, default 4; used when `ElasticAlpha` is on.
    ElasticSigma,
    /// Augmentation preset for the modules left at 0: 0 none (default),
    /// 1 light, 2 medium, 3 heavy.
    Preset,
    /// Augmentation (`f64`): multiplies every module's range, 0..=1
    /// (default 1).
    Strength,
    /// Baseline (`f64`): largest slope of the line of digits, degrees,
    /// 0..=45; each image draws its own uniform over `[-v, v]`.
    BaselineSlope,
    /// Baseline (`f64`): largest amplitude of the baseline's sine wave,
    /// pixels, 0..=`MSEQ_MAX_GLYPH_SIDE`; each image draws its own uniform
    /// over `[0, v]`.
    WaveAmplitude,
    /// Baseline (`f64`): the wave's length, pixels, 8..=`MSEQ_MAX_WIDTH`,
    /// default 160; used when `WaveAmplitude` is on.
    WavePeriod,
    /// Augmentation of the whole image (`f64`): largest Gaussian noise
    /// standard deviation on the 0..1 scale, 0..=1; each image draws its
    /// own uniform over `[0, v]`.
    NoiseStd,
    /// Whole image (`f64`): largest fraction of pixels set black or
    /// white, 0..=1.
    SaltPepper,
    /// Whole image (`f64`): largest Gaussian blur sigma, pixels, 0..=8.
    BlurSigma,
    /// Whole image (`f64`): contrast factor range about mid-grey,
    /// `1 +- v`, 0..=1.
    Contrast,
    /// Whole image (`f64`): brightness offset range, `+- v`, 0..=1.
    Brightness,
    /// Whole image (`f64`): gamma exponent range, `1 +- v`, 0..=0.9.
    Gamma,
    /// Whole image (`f64`): the ink's grey uniform over `[0, v]`, 0..=1.
    InkLevel,
    /// Whole image (`f64`): the paper's grey uniform over `[1 - v, 1]`,
    /// 0..=1.
    PaperLevel,
    /// Whole image: the paper's pattern, 0 flat (default), 1 gradient,
    /// 2 texture (see [`Background`]).
    Background,
    /// Whole image (`f64`): largest darkening by the paper's pattern,
    /// 0..=1.
    BackgroundStrength,
    /// Whole image (`f64`): size of the paper texture's features, pixels,
    /// 1..=64, default 8.
    TextureScale,
    /// Dataset writer, png and tar: 1 = every PNG carries its recipe in
    /// text chunks. Default 0.
    PngRecipe,
    /// Dataset writer: 1 = each image's instance mask beside it (mask PNGs,
    /// tar members or masks.npy) and its digits' ink boxes in the labels.
    /// Default 0.
    Masks,
}

impl Param {
    /// Every key, in the order of their C values.
    pub const ALL: [Param; 47] = [
        Param::MinSpacing,
        Param::MaxSpacing,
        Param::Width,
        Param::Fit,
        Param::Align,
        Param::Invert,
        Param::Seed,
        Param::Format,
        Param::MinLength,
        Param::MaxLength,
        Param::NoLeadingZero,
        Param::Unique,
        Param::Threads,
        Param::ShardSize,
        Param::PngLevel,
        Param::Height,
        Param::MarginX,
        Param::MarginY,
        Param::Writer,
        Param::UniquePermutation,
        Param::Style,
        Param::Rotate,
        Param::Shear,
        Param::DigitScale,
        Param::Aspect,
        Param::ShiftY,
        Param::Thickness,
        Param::ElasticAlpha,
        Param::ElasticSigma,
        Param::Preset,
        Param::Strength,
        Param::BaselineSlope,
        Param::WaveAmplitude,
        Param::WavePeriod,
        Param::NoiseStd,
        Param::SaltPepper,
        Param::BlurSigma,
        Param::Contrast,
        Param::Brightness,
        Param::Gamma,
        Param::InkLevel,
        Param::PaperLevel,
        Param::Background,
        Param::BackgroundStrength,
        Param::TextureScale,
        Param::PngRecipe,
        Param::Masks,
    ];

    /// The key of an `MSEQ_PARAM_*` value, if this crate knows it.
    pub fn from_raw(raw: sys::mseq_param) -> Option<Param> {
        Param::ALL.into_iter().find(|p| p.raw() == raw)
    }

    /// The key's `MSEQ_PARAM_*` value.
    pub fn raw(self) -> sys::mseq_param {
        match self {
            Param::MinSpacing => sys::MSEQ_PARAM_MIN_SPACING,
            Param::MaxSpacing => sys::MSEQ_PARAM_MAX_SPACING,
            Param::Width => sys::MSEQ_PARAM_WIDTH,
            Param::Fit => sys::MSEQ_PARAM_FIT,
            Param::Align => sys::MSEQ_PARAM_ALIGN,
            Param::Invert => sys::MSEQ_PARAM_INVERT,
            Param::Seed => sys::MSEQ_PARAM_SEED,
            Param::Format => sys::MSEQ_PARAM_FORMAT,
            Param::MinLength => sys::MSEQ_PARAM_MIN_LENGTH,
            Param::MaxLength => sys::MSEQ_PARAM_MAX_LENGTH,
            Param::NoLeadingZero => sys::MSEQ_PARAM_NO_LEADING_ZERO,
            Param::Unique => sys::MSEQ_PARAM_UNIQUE,
            Param::Threads => sys::MSEQ_PARAM_THREADS,
            Param::ShardSize => sys::MSEQ_PARAM_SHARD_SIZE,
            Param::PngLevel => sys::MSEQ_PARAM_PNG_LEVEL,
            Param::Height => sys::MSEQ_PARAM_HEIGHT,
            Param::MarginX => sys::MSEQ_PARAM_MARGIN_X,
            Param::MarginY => sys::MSEQ_PARAM_MARGIN_Y,
            Param::Writer => sys::MSEQ_PARAM_WRITER,
            Param::UniquePermutation => sys::MSEQ_PARAM_UNIQUE_PERMUTATION,
            Param::Style => sys::MSEQ_PARAM_STYLE,
            Param::Rotate => sys::MSEQ_PARAM_ROTATE,
            Param::Shear => sys::MSEQ_PARAM_SHEAR,
            Param::DigitScale => sys::MSEQ_PARAM_DIGIT_SCALE,
            Param::Aspect => sys::MSEQ_PARAM_ASPECT,
            Param::ShiftY => sys::MSEQ_PARAM_SHIFT_Y,
            Param::Thickness => sys::MSEQ_PARAM_THICKNESS,
            Param::ElasticAlpha => sys::MSEQ_PARAM_ELASTIC_ALPHA,
            Param::ElasticSigma => sys::MSEQ_PARAM_ELASTIC_SIGMA,
            Param::Preset => sys::MSEQ_PARAM_PRESET,
            Param::Strength => sys::MSEQ_PARAM_STRENGTH,
            Param::BaselineSlope => sys::MSEQ_PARAM_BASELINE_SLOPE,
            Param::WaveAmplitude => sys::MSEQ_PARAM_WAVE_AMPLITUDE,
            Param::WavePeriod => sys::MSEQ_PARAM_WAVE_PERIOD,
            Param::NoiseStd => sys::MSEQ_PARAM_NOISE_STD,
            Param::SaltPepper => sys::MSEQ_PARAM_SALT_PEPPER,
            Param::BlurSigma => sys::MSEQ_PARAM_BLUR_SIGMA,
            Param::Contrast => sys::MSEQ_PARAM_CONTRAST,
            Param::Brightness => sys::MSEQ_PARAM_BRIGHTNESS,
            Param::Gamma => sys::MSEQ_PARAM_GAMMA,
            Param::InkLevel => sys::MSEQ_PARAM_INK_LEVEL,
            Param::PaperLevel => sys::MSEQ_PARAM_PAPER_LEVEL,
            Param::Background => sys::MSEQ_PARAM_BACKGROUND,
            Param::BackgroundStrength => sys::MSEQ_PARAM_BACKGROUND_STRENGTH,
            Param::TextureScale => sys::MSEQ_PARAM_TEXTURE_SCALE,
            Param::PngRecipe => sys::MSEQ_PARAM_PNG_RECIPE,
            Param::Masks => sys::MSEQ_PARAM_MASKS,
        }
    }
}

/// How a strip of digits and gaps is fitted to the width (`mseq_fit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Fit {
    /// A narrower strip is padded with background (placed by [`Align`]); a
    /// wider one is scaled down, aspect kept, centred vertically.
    #[default]
    Pad,
    /// Gaps drawn among those that make the strip exactly the width; an
    /// [`ErrorKind::NoFit`](crate::ErrorKind::NoFit) error when none exists.
    Exact,
    /// An [`ErrorKind::NoFit`](crate::ErrorKind::NoFit) error when the strip
    /// is wider than the width; padded as `Pad` otherwise.
    Strict,
}

/// Where a padded strip sits (`mseq_align`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Align {
    /// Left offset floor((width - strip) / 2).
    #[default]
    Center,
    /// Against the left edge.
    Left,
    /// Against the right edge.
    Right,
    /// Offset uniform over [0, width - strip].
    Random,
}

/// Pixel format of generated images (`mseq_format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// `f32`, 0.0 black .. 1.0 white.
    #[default]
    F32,
    /// `u8`, 0 black .. 255 white: round(f32 value * 255).
    U8,
}

/// The order of unique random sequences (`mseq_permutation`), for
/// [`ParamsBuilder::unique_permutation`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Permutation {
    /// Every order of the sequences equally likely when there are at most
    /// 2^16 of them (an exact shuffle); a 24-round Feistel network above.
    #[default]
    Uniform,
    /// The order of 1.0 (a 6-round Feistel network), measurably non-uniform
    /// for few sequences; a dataset folder begun by 1.0 resumes with it by
    /// itself.
    Feistel1_0,
}

impl Permutation {
    fn raw(self) -> sys::mseq_permutation {
        match self {
            Permutation::Uniform => sys::MSEQ_PERMUTATION_UNIFORM,
            Permutation::Feistel1_0 => sys::MSEQ_PERMUTATION_FEISTEL_1_0,
        }
    }
}

/// The paper's pattern (`mseq_background`), for [`ParamsBuilder::background`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Background {
    /// One grey, the paper level.
    #[default]
    Flat,
    /// A linear ramp in a direction each image draws.
    Gradient,
    /// Paper-like blotches: value noise of three octaves
    /// ([`ParamsBuilder::texture_scale`]).
    Texture,
    /// The users' pictures ([`Params::set_background_images`]): each image
    /// draws one and a window of it (cropped, or tiled where smaller).
    Image,
}

impl Background {
    fn raw(self) -> sys::mseq_background {
        match self {
            Background::Flat => sys::MSEQ_BACKGROUND_FLAT,
            Background::Gradient => sys::MSEQ_BACKGROUND_GRADIENT,
            Background::Texture => sys::MSEQ_BACKGROUND_TEXTURE,
            Background::Image => sys::MSEQ_BACKGROUND_IMAGE,
        }
    }
}

impl Fit {
    fn raw(self) -> sys::mseq_fit {
        match self {
            Fit::Pad => sys::MSEQ_FIT_PAD,
            Fit::Exact => sys::MSEQ_FIT_EXACT,
            Fit::Strict => sys::MSEQ_FIT_STRICT,
        }
    }
}

impl Align {
    fn raw(self) -> sys::mseq_align {
        match self {
            Align::Center => sys::MSEQ_ALIGN_CENTER,
            Align::Left => sys::MSEQ_ALIGN_LEFT,
            Align::Right => sys::MSEQ_ALIGN_RIGHT,
            Align::Random => sys::MSEQ_ALIGN_RANDOM,
        }
    }
}

impl Format {
    fn raw(self) -> sys::mseq_format {
        match self {
            Format::F32 => sys::MSEQ_FORMAT_F32,
            Format::U8 => sys::MSEQ_FORMAT_U8,
        }
    }
}

/// An owned set of generation parameters (`mseq_params`).
///
/// Build one with [`Params::builder`], or create the defaults with
/// [`Params::new`] and change keys with [`Params::set`]. A `Params` may be
/// shared by threads (`&Params`); changing it needs `&mut`, so it cannot
/// change while another thread generates with it.
pub struct Params {
    raw: NonNull<sys::mseq_params>,
    // The longest text of the template set (set_template), if any.
    text_max: Option<usize>,
}

// SAFETY: the C library allows a params object to be read by many threads
// at once; modification takes `&mut self`, which Rust makes exclusive.
unsafe impl Send for Params {}
unsafe impl Sync for Params {}

impl Params {
    /// A parameter set with the library defaults (the width is not set).
    pub fn new() -> Result<Params> {
        let mut raw = ptr::null_mut();
        // SAFETY: `raw` is a valid out-pointer.
        check(unsafe { sys::mseq_params_new(&mut raw) })?;
        NonNull::new(raw)
            .map(|raw| Params {
                raw,
                text_max: None,
            })
            .ok_or_else(|| Error::new(sys::MSEQ_EINTERNAL, "mseq_params_new gave NULL"))
    }

    /// A builder starting from the library defaults.
    ///
    /// ```
    /// use mnistseq::{Fit, Params};
    /// let params = Params::builder().spacing(2, 8).width(200).fit(Fit::Strict).build()?;
    /// assert_eq!(params.get(mnistseq::Param::MaxSpacing)?, 8);
    /// # Ok::<(), mnistseq::Error>(())
    /// ```
    pub fn builder() -> ParamsBuilder {
        ParamsBuilder::default()
    }

    /// Sets one key. The value is checked against the key's own domain
    /// (an [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument)
    /// or [`ErrorKind::Range`](crate::ErrorKind::Range) error otherwise), and
    /// the parameters are unchanged on failure.
    pub fn set(&mut self, key: Param, value: i64) -> Result<()> {
        // SAFETY: `self.raw` is a live handle, exclusively borrowed.
        check(unsafe { sys::mseq_params_set(self.raw.as_ptr(), key.raw(), value) })
    }

    /// Reads one key.
    pub fn get(&self, key: Param) -> Result<i64> {
        let mut value = 0i64;
        // SAFETY: valid out-pointer and live handle.
        check(unsafe { sys::mseq_params_get(&mut value, self.raw.as_ptr(), key.raw()) })?;
        Ok(value)
    }

    /// Sets one key to a floating-point value (the augmentation keys; an
    /// integer key takes integral values only), checked as [`Params::set`].
    pub fn set_f64(&mut self, key: Param, value: f64) -> Result<()> {
        // SAFETY: `self.raw` is a live handle, exclusively borrowed.
        check(unsafe { sys::mseq_params_set_f64(self.raw.as_ptr(), key.raw(), value) })
    }

    /// Reads one key as an `f64` (any key).
    pub fn get_f64(&self, key: Param) -> Result<f64> {
        let mut value = 0f64;
        // SAFETY: valid out-pointer and live handle.
        check(unsafe { sys::mseq_params_get_f64(&mut value, self.raw.as_ptr(), key.raw()) })?;
        Ok(value)
    }

    /// The pixel format these parameters generate.
    pub fn format(&self) -> Result<Format> {
        match self.get(Param::Format)? as c_int {
            sys::MSEQ_FORMAT_F32 => Ok(Format::F32),
            sys::MSEQ_FORMAT_U8 => Ok(Format::U8),
            other => Err(Error::new(
                sys::MSEQ_EINTERNAL,
                format!("unknown pixel format {other} in the parameters"),
            )),
        }
    }

    /// The random digit sequence that [`Dataset::generate_batch`] draws for
    /// sample `index` when given no digits (from the seed and the
    /// `MinLength`/`MaxLength`/`NoLeadingZero`/`Unique` keys).
    ///
    /// [`Dataset::generate_batch`]: crate::Dataset::generate_batch
    pub fn random_sequence(&self, index: u64) -> Result<Vec<u8>> {
        let cap = usize::try_from(self.get(Param::MaxLength)?).map_err(|_| {
            Error::new(
                sys::MSEQ_EINTERNAL,
                "negative maximum length in the parameters",
            )
        })?;
        let mut digits: Vec<c_int> = vec![0; cap];
        let mut length = 0usize;
        // SAFETY: `digits` has room for `cap` ints; valid out-pointer.
        check(unsafe {
            sys::mseq_random_sequence(
                digits.as_mut_ptr(),
                cap,
                &mut length,
                self.raw.as_ptr(),
                index,
            )
        })?;
        digits.truncate(length);
        crate::digits_to_u8(&digits)
    }

    /// Makes batches and dataset writers draw the texts of `template`
    /// instead of digit sequences (`None`: digit sequences again). The
    /// parameters share the template, which may be dropped afterwards.
    pub fn set_template(&mut self, template: Option<&crate::Template>) -> Result<()> {
        let t = template.map_or(ptr::null(), |t| t.as_ptr());
        // SAFETY: live handles; `&mut self` makes the change exclusive.
        check(unsafe { sys::mseq_params_set_template(self.raw.as_ptr(), t) })?;
        self.text_max = template.map(|t| t.max_length());
        Ok(())
    }

    /// Reads the PNG pictures of [`Background::Image`] now (an empty slice:
    /// none): each file decoded into greys, kept with its path and the
    /// SHA-256 of its bytes (a dataset's manifest records both). On error
    /// (a file that cannot be read, is not a PNG, or is too large; the
    /// message names the file) the parameters keep their pictures.
    pub fn set_background_images<P: AsRef<std::path::Path>>(&mut self, paths: &[P]) -> Result<()> {
        let names = paths
            .iter()
            .map(|p| crate::path_to_cstring(p.as_ref(), "background image"))
            .collect::<Result<Vec<_>>>()?;
        let raw: Vec<*const std::os::raw::c_char> = names.iter().map(|n| n.as_ptr()).collect();
        // SAFETY: live handle; `raw` holds `raw.len()` NUL-terminated
        // strings that outlive the call; `&mut self` makes it exclusive.
        check(unsafe {
            sys::mseq_params_set_background_images(self.raw.as_ptr(), raw.as_ptr(), raw.len())
        })
    }

    /// Placements per sample of a batch without given digits: the
    /// template's longest text, or the longest random sequence.
    pub(crate) fn random_stride(&self) -> Result<usize> {
        match self.text_max {
            Some(n) => Ok(n),
            None => crate::dataset::to_usize(self.get(Param::MaxLength)?),
        }
    }

    /// The raw handle, for calls into [`sys`](crate::sys). It stays owned by
    /// `self`.
    pub fn as_ptr(&self) -> *const sys::mseq_params {
        self.raw.as_ptr()
    }
}

impl Drop for Params {
    fn drop(&mut self) {
        // SAFETY: the handle is live and owned; it is not used afterwards.
        unsafe { sys::mseq_params_free(self.raw.as_ptr()) }
    }
}

impl fmt::Debug for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Params");
        for key in Param::ALL {
            // the integer keys as integers, the augmentation keys as f64
            match self.get(key) {
                Ok(v) => d.field(&format!("{key:?}"), &v),
                Err(_) => match self.get_f64(key) {
                    Ok(v) => d.field(&format!("{key:?}"), &v),
                    Err(e) => d.field(&format!("{key:?}"), &e.message),
                },
            };
        }
        d.finish()
    }
}

/// A value given to the builder: set with `mseq_params_set` or
/// `mseq_params_set_f64`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Value {
    Int(i64),
    F64(f64),
}

/// Collects parameter values; [`ParamsBuilder::build`] applies them in the
/// order given and reports the first one the library rejects.
#[derive(Debug, Clone, Default)]
pub struct ParamsBuilder {
    values: Vec<(Param, Value)>,
}

impl ParamsBuilder {
    /// Sets any key to a raw value (checked by `build`).
    pub fn set(mut self, key: Param, value: i64) -> Self {
        self.values.push((key, Value::Int(value)));
        self
    }

    /// Sets any key to a floating-point value (checked by `build`, as
    /// [`Params::set_f64`] checks it).
    pub fn set_f64(mut self, key: Param, value: f64) -> Self {
        self.values.push((key, Value::F64(value)));
        self
    }

    /// Each gap between two digits is uniform over `min..=max` pixels.
    pub fn spacing(self, min: u32, max: u32) -> Self {
        self.min_spacing(min).max_spacing(max)
    }

    /// Each gap uniform over `min..=max` pixels, where a negative gap (down
    /// to 1 - the glyph width: -27 for MNIST) starts a digit inside the
    /// previous one: the digits touch or overlap, their inks merged by
    /// maximum.
    pub fn signed_spacing(self, min: i32, max: i32) -> Self {
        self.set(Param::MinSpacing, i64::from(min))
            .set(Param::MaxSpacing, i64::from(max))
    }

    /// Smallest gap, in pixels.
    pub fn min_spacing(self, min: u32) -> Self {
        self.set(Param::MinSpacing, i64::from(min))
    }

    /// Largest gap, in pixels.
    pub fn max_spacing(self, max: u32) -> Self {
        self.set(Param::MaxSpacing, i64::from(max))
    }

    /// Image width in pixels (required before generating).
    pub fn width(self, width: u32) -> Self {
        self.set(Param::Width, i64::from(width))
    }

    /// Image height in pixels, 0..=1024; 0 (default): the glyph height
    /// (28 for MNIST). Taller pads the strip (centred vertically), shorter
    /// shrinks it (`Fit::Pad` only).
    pub fn height(self, height: u32) -> Self {
        self.set(Param::Height, i64::from(height))
    }

    /// Margins of background kept free: `x` columns left and right, `y`
    /// rows above and below; the strip is fitted inside them.
    pub fn margins(self, x: u32, y: u32) -> Self {
        self.set(Param::MarginX, i64::from(x))
            .set(Param::MarginY, i64::from(y))
    }

    /// How the strip is fitted to the width.
    pub fn fit(self, fit: Fit) -> Self {
        self.set(Param::Fit, i64::from(fit.raw()))
    }

    /// Where a padded strip sits.
    pub fn align(self, align: Align) -> Self {
        self.set(Param::Align, i64::from(align.raw()))
    }

    /// `true`: white digits on black, as MNIST; `false` (default): black on
    /// white.
    pub fn invert(self, invert: bool) -> Self {
        self.set(Param::Invert, i64::from(invert))
    }

    /// The seed; all 64 bits are used.
    pub fn seed(self, seed: u64) -> Self {
        self.set(Param::Seed, i64::from_ne_bytes(seed.to_ne_bytes()))
    }

    /// Pixel format of the images.
    pub fn format(self, format: Format) -> Self {
        self.set(Param::Format, i64::from(format.raw()))
    }

    /// Random sequences: lengths uniform over `min..=max`.
    pub fn lengths(self, min: u32, max: u32) -> Self {
        self.set(Param::MinLength, i64::from(min))
            .set(Param::MaxLength, i64::from(max))
    }

    /// Random sequences: the first digit is never 0 (unless the length is 1).
    pub fn no_leading_zero(self, on: bool) -> Self {
        self.set(Param::NoLeadingZero, i64::from(on))
    }

    /// Random sequences: no sequence repeats among the first indexes.
    pub fn unique(self, on: bool) -> Self {
        self.set(Param::Unique, i64::from(on))
    }

    /// Random sequences with [`unique`](Self::unique): their order.
    pub fn unique_permutation(self, order: Permutation) -> Self {
        self.set(Param::UniquePermutation, i64::from(order.raw()))
    }

    /// Batch threads; 0 = all cores. Results never depend on it.
    pub fn threads(self, threads: u32) -> Self {
        self.set(Param::Threads, i64::from(threads))
    }

    /// Dataset writer: images per shard.
    pub fn shard_size(self, images: u32) -> Self {
        self.set(Param::ShardSize, i64::from(images))
    }

    /// Dataset writer: PNG encoding, `None` for the fast run-length default
    /// or a zlib level 0-9.
    pub fn png_level(self, level: Option<u32>) -> Self {
        self.set(Param::PngLevel, level.map_or(-1, i64::from))
    }

    /// Dataset writer, png and tar: every PNG carries its recipe in text
    /// chunks, so that `mnistseq-cli generate --like FILE` makes it again.
    pub fn png_recipe(self, on: bool) -> Self {
        self.set(Param::PngRecipe, i64::from(on))
    }

    /// Dataset writer: each image's instance mask beside it (png:
    /// `NNNNNNNNN.mask.png`; tar: the same member after the image's; npy:
    /// `masks.npy`, uint16) and each digit's tight ink box in the labels
    /// (`ink_boxes`, last).
    pub fn masks(self, on: bool) -> Self {
        self.set(Param::Masks, i64::from(on))
    }

    /// Augmentation: each digit turns by an angle uniform over
    /// `[-degrees, degrees]` (positive anticlockwise), 0..=180; 0 (default):
    /// off.
    ///
    /// Each augmentation key is the half-width of a uniform law that every
    /// digit draws its own value from (seeded per sample index and digit);
    /// a digit is transformed inside its own glyph cell, so the placements
    /// do not move, and all keys 0 give the unaugmented images bit for bit.
    /// The values are checked by `build` (finite, within the key's bounds).
    ///
    /// ```
    /// use mnistseq::Params;
    /// let params = Params::builder().width(200).rotate(15.0).thickness(1.0).build()?;
    /// assert_eq!(params.get_f64(mnistseq::Param::Rotate)?, 15.0);
    /// let err = Params::builder().rotate(f64::NAN).build().unwrap_err();
    /// assert!(err.message.contains("MSEQ_PARAM_ROTATE"));
    /// # Ok::<(), mnistseq::Error>(())
    /// ```
    pub fn rotate(self, degrees: f64) -> Self {
        self.set_f64(Param::Rotate, degrees)
    }

    /// Augmentation: each digit slants by a horizontal shear of an angle
    /// uniform over `[-degrees, degrees]` (positive: the top moves right),
    /// 0..=60.
    pub fn shear(self, degrees: f64) -> Self {
        self.set_f64(Param::Shear, degrees)
    }

    /// Augmentation: each digit's size is multiplied by a factor uniform
    /// over `[1 - v, 1 + v]`, v in 0..=0.9.
    pub fn digit_scale(self, v: f64) -> Self {
        self.set_f64(Param::DigitScale, v)
    }

    /// Augmentation: each digit's width is then multiplied by a factor
    /// uniform over `[1 - v, 1 + v]`, v in 0..=0.9.
    pub fn aspect(self, v: f64) -> Self {
        self.set_f64(Param::Aspect, v)
    }

    /// Augmentation: each digit moves down by an offset uniform over
    /// `[-pixels, pixels]`, 0..=`MSEQ_MAX_GLYPH_SIDE`.
    pub fn shift_y(self, pixels: f64) -> Self {
        self.set_f64(Param::ShiftY, pixels)
    }

    /// Augmentation: each digit's strokes grow (dilation) or thin (erosion)
    /// by t uniform over `[-pixels, pixels]`, 0..=4; an erosion never erases
    /// a thin digit.
    pub fn thickness(self, pixels: f64) -> Self {
        self.set_f64(Param::Thickness, pixels)
    }

    /// Baseline: the line of digits turns about its middle by an angle
    /// each image draws uniform over `[-degrees, degrees]`, 0..=45
    /// (positive: rising to the right). Every digit moves whole, by the
    /// baseline's height at its cell's centre; no preset sets it.
    ///
    /// ```
    /// use mnistseq::Params;
    /// let params = Params::builder()
    ///     .width(200)
    ///     .baseline_slope(3.0)
    ///     .wave_amplitude(2.0)
    ///     .wave_period(120.0)
    ///     .build()?;
    /// assert_eq!(params.get_f64(mnistseq::Param::WavePeriod)?, 120.0);
    /// let err = Params::builder().wave_period(4.0).build().unwrap_err();
    /// assert!(err.message.contains("MSEQ_PARAM_WAVE_PERIOD"));
    /// # Ok::<(), mnistseq::Error>(())
    /// ```
    pub fn baseline_slope(self, degrees: f64) -> Self {
        self.set_f64(Param::BaselineSlope, degrees)
    }

    /// Baseline: a sine wave of an amplitude each image draws uniform over
    /// `[0, pixels]` (and a phase uniform over `[0, 360)` degrees),
    /// 0..=`MSEQ_MAX_GLYPH_SIDE`.
    pub fn wave_amplitude(self, pixels: f64) -> Self {
        self.set_f64(Param::WaveAmplitude, pixels)
    }

    /// Baseline: the wave's length, pixels, 8..=`MSEQ_MAX_WIDTH` (default
    /// 160).
    pub fn wave_period(self, pixels: f64) -> Self {
        self.set_f64(Param::WavePeriod, pixels)
    }

    /// Whole image: Gaussian noise; each image draws a standard deviation
    /// uniform over `[0, std]` (0..1 scale), 0..=1, and every pixel gets
    /// its own normal deviate times it (clamped to 0..1).
    ///
    /// The whole-image keys act after the digits are drawn, in the order
    /// levels and background, contrast and brightness, gamma, blur, noise,
    /// salt and pepper; each is off at 0 (the default) and draws from its
    /// own stream; the labels of `generate_annotated` do not change.
    ///
    /// ```
    /// use mnistseq::{Background, Params};
    /// let params = Params::builder()
    ///     .width(200)
    ///     .noise_std(0.05)
    ///     .blur_sigma(1.0)
    ///     .background(Background::Texture)
    ///     .background_strength(0.2)
    ///     .build()?;
    /// assert_eq!(params.get_f64(mnistseq::Param::NoiseStd)?, 0.05);
    /// let err = Params::builder().gamma(2.0).build().unwrap_err();
    /// assert!(err.message.contains("MSEQ_PARAM_GAMMA"));
    /// # Ok::<(), mnistseq::Error>(())
    /// ```
    pub fn noise_std(self, std: f64) -> Self {
        self.set_f64(Param::NoiseStd, std)
    }

    /// Whole image: each image draws a fraction uniform over `[0, v]`,
    /// 0..=1, of pixels set to black or white (half each).
    pub fn salt_pepper(self, v: f64) -> Self {
        self.set_f64(Param::SaltPepper, v)
    }

    /// Whole image: Gaussian blur of a sigma each image draws uniform over
    /// `[0, pixels]`, 0..=8.
    pub fn blur_sigma(self, pixels: f64) -> Self {
        self.set_f64(Param::BlurSigma, pixels)
    }

    /// Whole image: the distance to mid-grey is multiplied by a factor
    /// uniform over `[1 - v, 1 + v]`, 0..=1.
    pub fn contrast(self, v: f64) -> Self {
        self.set_f64(Param::Contrast, v)
    }

    /// Whole image: an offset uniform over `[-v, v]` is added, 0..=1.
    pub fn brightness(self, v: f64) -> Self {
        self.set_f64(Param::Brightness, v)
    }

    /// Whole image: each pixel v becomes v^g, g uniform over
    /// `[1 - v, 1 + v]`, 0..=0.9.
    pub fn gamma(self, v: f64) -> Self {
        self.set_f64(Param::Gamma, v)
    }

    /// Whole image: the ink's grey, uniform over `[0, v]`, 0..=1.
    pub fn ink_level(self, v: f64) -> Self {
        self.set_f64(Param::InkLevel, v)
    }

    /// Whole image: the paper's grey, uniform over `[1 - v, 1]`, 0..=1.
    pub fn paper_level(self, v: f64) -> Self {
        self.set_f64(Param::PaperLevel, v)
    }

    /// Whole image: the paper's pattern, darkened by up to
    /// [`background_strength`](Self::background_strength).
    pub fn background(self, pattern: Background) -> Self {
        self.set(Param::Background, i64::from(pattern.raw()))
    }

    /// Whole image: the pattern's darkening, uniform over `[0, v]`, 0..=1.
    pub fn background_strength(self, v: f64) -> Self {
        self.set_f64(Param::BackgroundStrength, v)
    }

    /// Whole image: the texture's feature size, pixels, 1..=64 (default 8).
    pub fn texture_scale(self, pixels: f64) -> Self {
        self.set_f64(Param::TextureScale, pixels)
    }

    /// Creates the parameters, or reports the first value the library
    /// rejects (nothing is created then).
    pub fn build(&self) -> Result<Params> {
        let mut params = Params::new()?;
        for &(key, value) in &self.values {
            match value {
                Value::Int(v) => params.set(key, v)?,
                Value::F64(v) => params.set_f64(key, v)?,
            }
        }
        Ok(params)
    }
}
