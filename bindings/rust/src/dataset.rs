//! An opened split of source data (`mseq_dataset`) and single-image generation.

use std::fmt;
use std::os::raw::{c_char, c_int};
use std::path::{Path, PathBuf};
use std::ptr::{self, NonNull};

use crate::error::{check, string_from, Error, Result};
use crate::params::Params;
use crate::{sys, InkBox, Pixel, Placement};

/// Which half of the source data the digit images come from (`mseq_split`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Split {
    /// train-images/train-labels (60,000 digits in MNIST).
    #[default]
    Train,
    /// t10k-images/t10k-labels (10,000 digits in MNIST).
    Test,
}

/// Where each digit of one generated image went, and the scale applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// One entry per digit, in sequence order.
    pub placements: Vec<Placement>,
    /// The scale applied to the strip: 1.0 unless [`Fit::Pad`] shrank it.
    ///
    /// [`Fit::Pad`]: crate::Fit::Pad
    pub scale: f32,
}

/// One image with the exact labels of each digit's ink
/// ([`Dataset::generate_annotated`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Annotated<T> {
    /// The image, row-major (rows, width): the same pixels
    /// [`Dataset::generate`] gives.
    pub image: Vec<T>,
    /// Where each digit's glyph cell went, and the strip's scale.
    pub layout: Layout,
    /// Each digit's tight ink box, in sequence order (all 0 when none of
    /// its ink shows).
    pub boxes: Vec<InkBox>,
    /// The instance mask, row-major (rows, width): `i + 1` on the pixels
    /// where digit `i` is the darkest of the digits inking them, 0 on
    /// background. Every pixel of digit `i` lies in `boxes[i]`.
    pub mask: Vec<u16>,
}

impl<T: Pixel> Annotated<T> {
    /// An image of `pixels` pixels, its mask, and `n` placements and boxes,
    /// all zero: what the annotated calls fill.
    fn zeroed(pixels: usize, n: usize) -> Result<Annotated<T>> {
        Ok(Annotated {
            image: crate::alloc_zeroed::<T>(pixels, "pixels")?,
            layout: Layout {
                placements: vec![Placement::default(); n],
                scale: 0.0,
            },
            boxes: vec![InkBox::default(); n],
            mask: crate::alloc_zeroed::<u16>(pixels, "mask entries")?,
        })
    }
}

/// One split of IDX digit source data, read and validated in memory.
///
/// The handle is immutable and may be shared by any number of threads
/// (`Dataset` is `Send + Sync`). Dropping it releases the memory.
pub struct Dataset {
    raw: NonNull<sys::mseq_dataset>,
}

// SAFETY: an mseq_dataset is immutable after mseq_open() and the C library
// documents it as safe to use from any number of threads at once.
unsafe impl Send for Dataset {}
unsafe impl Sync for Dataset {}

impl Dataset {
    /// Opens one split of IDX source data.
    ///
    /// `path` is a directory holding the IDX files (either usual name, raw
    /// or gzip), or `None` for the default lookup: the `MNISTSEQ_DATA`
    /// environment variable, then the installed data, then the build tree's.
    /// The whole split is read and validated here.
    ///
    /// ```
    /// use mnistseq::{Dataset, Split};
    /// let test = Dataset::open(None, Split::Test)?;
    /// assert_eq!(test.glyph_size()?, (28, 28));
    /// # Ok::<(), mnistseq::Error>(())
    /// ```
    pub fn open(path: Option<&Path>, split: Split) -> Result<Dataset> {
        let path = path
            .map(|p| crate::path_to_cstring(p, "data path"))
            .transpose()?;
        let split = match split {
            Split::Train => sys::MSEQ_SPLIT_TRAIN,
            Split::Test => sys::MSEQ_SPLIT_TEST,
        };
        let mut raw = ptr::null_mut();
        let path_ptr = path.as_ref().map_or(ptr::null(), |p| p.as_ptr());
        // SAFETY: valid out-pointer; `path_ptr` is NULL or a live C string.
        check(unsafe { sys::mseq_open(&mut raw, path_ptr, split) })?;
        NonNull::new(raw)
            .map(|raw| Dataset { raw })
            .ok_or_else(|| Error::new(sys::MSEQ_EINTERNAL, "mseq_open gave NULL"))
    }

    /// Opens one split as [`Dataset::open`] does, with the writer of every
    /// glyph from `writers`: QMNIST's extended labels of the split
    /// (`qmnist-train-labels-idx2-int.gz` or `qmnist-test-labels-idx2-int.gz`),
    /// for `Param::Writer` = `MSEQ_WRITER_SAME`. Without this call the data
    /// folder's own copy is read when it holds one.
    pub fn open_with_writers(path: Option<&Path>, split: Split, writers: &Path) -> Result<Dataset> {
        let path = path
            .map(|p| crate::path_to_cstring(p, "data path"))
            .transpose()?;
        let writers = crate::path_to_cstring(writers, "writers path")?;
        let split = match split {
            Split::Train => sys::MSEQ_SPLIT_TRAIN,
            Split::Test => sys::MSEQ_SPLIT_TEST,
        };
        let options = sys::mseq_open_options {
            version: sys::MSEQ_OPEN_OPTIONS_VERSION,
            writers: writers.as_ptr(),
        };
        let mut raw = ptr::null_mut();
        let path_ptr = path.as_ref().map_or(ptr::null(), |p| p.as_ptr());
        // SAFETY: valid out-pointer; `path_ptr` is NULL or a live C string;
        // `options` and its string live across the call.
        check(unsafe { sys::mseq_open_ext(&mut raw, path_ptr, split, &options) })?;
        NonNull::new(raw)
            .map(|raw| Dataset { raw })
            .ok_or_else(|| Error::new(sys::MSEQ_EINTERNAL, "mseq_open_ext gave NULL"))
    }

    /// The writer of glyph `glyph` (a placement's `source_index`):
    /// `(NIST HSF series << 32) | writer id`. `MSEQ_ENOTFOUND` when the
    /// data has no QMNIST extended labels.
    pub fn glyph_writer(&self, glyph: u32) -> Result<u64> {
        let mut writer = 0u64;
        // SAFETY: valid out-pointer and live handle.
        check(unsafe { sys::mseq_glyph_writer(&mut writer, self.as_ptr(), glyph) })?;
        Ok(writer)
    }

    /// Glyph (digit image) size as (rows, columns): (28, 28) for MNIST.
    /// Generated images have `rows` rows unless the `height` parameter is
    /// set: [`Dataset::image_shape`] gives their shape.
    pub fn glyph_size(&self) -> Result<(u32, u32)> {
        let (mut rows, mut cols) = (0u32, 0u32);
        // SAFETY: valid out-pointers and live handle.
        check(unsafe { sys::mseq_glyph_size(&mut rows, &mut cols, self.as_ptr()) })?;
        Ok((rows, cols))
    }

    /// Number of images of one digit, or of all digits with `None`.
    pub fn class_count(&self, digit: Option<u8>) -> Result<usize> {
        let digit = digit.map_or(-1, c_int::from);
        let mut count = 0usize;
        // SAFETY: valid out-pointer and live handle.
        check(unsafe { sys::mseq_class_count(&mut count, self.as_ptr(), digit) })?;
        Ok(count)
    }

    /// Paths of the images and labels files that were read.
    pub fn files(&self) -> Result<(PathBuf, PathBuf)> {
        let (mut images, mut labels): (*const c_char, *const c_char) = (ptr::null(), ptr::null());
        // SAFETY: valid out-pointers and live handle; the strings live as
        // long as the handle and are copied before it can be dropped.
        check(unsafe { sys::mseq_dataset_files(&mut images, &mut labels, self.as_ptr()) })?;
        let (images, labels) = unsafe { (string_from(images), string_from(labels)) };
        Ok((PathBuf::from(images), PathBuf::from(labels)))
    }

    /// SHA-256 hex digests of the IDX content read (images, labels): what
    /// a dataset manifest records.
    pub fn sha256(&self) -> Result<(String, String)> {
        let (mut images, mut labels) = ([0 as c_char; 65], [0 as c_char; 65]);
        // SAFETY: two buffers of 65 bytes and a live handle.
        check(unsafe {
            sys::mseq_dataset_sha256(images.as_mut_ptr(), labels.as_mut_ptr(), self.as_ptr())
        })?;
        let hex = |b: &[c_char; 65]| b[..64].iter().map(|&c| char::from(c as u8)).collect();
        Ok((hex(&images), hex(&labels)))
    }

    /// Size in bytes of one image generated with `params`.
    pub fn image_size(&self, params: &Params) -> Result<usize> {
        let mut bytes = 0usize;
        // SAFETY: valid out-pointer and live handles.
        check(unsafe { sys::mseq_image_size(&mut bytes, self.as_ptr(), params.as_ptr()) })?;
        Ok(bytes)
    }

    /// Shape of one image generated with `params`: (rows, width), rows the
    /// `height` parameter or the glyph height when it is 0
    /// (`mseq_image_shape`).
    pub fn image_shape(&self, params: &Params) -> Result<(usize, usize)> {
        let (mut rows, mut cols) = (0u32, 0u32);
        // SAFETY: valid out-pointers and live handles.
        check(unsafe {
            sys::mseq_image_shape(&mut rows, &mut cols, self.as_ptr(), params.as_ptr())
        })?;
        Ok((to_usize(i64::from(rows))?, to_usize(i64::from(cols))?))
    }

    /// Generates the image of `digits` (each 0-9) for sample `index`, as a
    /// row-major (rows, width) vector. `T` is `f32` or `u8` and must match
    /// the parameters' [`Format`](crate::Format).
    ///
    /// The image is a pure function of (data, parameters, digits, index).
    ///
    /// ```
    /// use mnistseq::{Dataset, Params, Split};
    /// let ds = Dataset::open(None, Split::Train)?;
    /// let params = Params::builder().spacing(2, 8).width(200).seed(7).build()?;
    /// let image: Vec<f32> = ds.generate(&params, &[3, 5, 0], 0)?;
    /// assert_eq!(image.len(), 28 * 200);
    /// assert!(image.iter().all(|&v| (0.0..=1.0).contains(&v)));
    /// assert_eq!(image, ds.generate::<f32>(&params, &[3, 5, 0], 0)?);
    /// # Ok::<(), mnistseq::Error>(())
    /// ```
    pub fn generate<T: Pixel>(&self, params: &Params, digits: &[u8], index: u64) -> Result<Vec<T>> {
        let mut out = crate::alloc_zeroed::<T>(self.pixel_count::<T>(params)?, "pixels")?;
        self.generate_into(&mut out, params, digits, index)?;
        Ok(out)
    }

    /// As [`generate`](Self::generate), into a caller slice of at least
    /// rows x width pixels (an [`ErrorKind::BufferSize`] error otherwise).
    /// On failure the content of `out` is unspecified.
    ///
    /// [`ErrorKind::BufferSize`]: crate::ErrorKind::BufferSize
    pub fn generate_into<T: Pixel>(
        &self,
        out: &mut [T],
        params: &Params,
        digits: &[u8],
        index: u64,
    ) -> Result<()> {
        // SAFETY: `out` is a live slice of `out.len()` pixels.
        unsafe { self.generate_raw(out.as_mut_ptr(), out.len(), params, digits, index, None) }
    }

    /// As [`generate_into`](Self::generate_into), also returning where each
    /// digit went and the scale applied.
    pub fn generate_with_layout<T: Pixel>(
        &self,
        out: &mut [T],
        params: &Params,
        digits: &[u8],
        index: u64,
    ) -> Result<Layout> {
        let mut layout = Layout {
            placements: vec![Placement::default(); digits.len()],
            scale: 0.0,
        };
        // SAFETY: `out` is a live slice of `out.len()` pixels.
        unsafe {
            let (ptr, len) = (out.as_mut_ptr(), out.len());
            self.generate_raw(ptr, len, params, digits, index, Some(&mut layout))?;
        }
        Ok(layout)
    }

    /// As [`generate`](Self::generate), with the exact labels of each
    /// digit's ink: its tight box and an instance mask (`mseq_generate_annotated`).
    ///
    /// A pixel shows ink when it differs from the background; digit `i`'s
    /// ink is the part of it that digit `i`'s own rendering darkens. Under
    /// augmentation the boxes follow the transformed ink, while the
    /// placements keep the glyph cells. Costs about one extra rendering per
    /// digit.
    ///
    /// ```
    /// use mnistseq::{Dataset, Params, Split};
    /// let ds = Dataset::open(None, Split::Train)?;
    /// let params = Params::builder().spacing(2, 8).width(200).rotate(20.0).build()?;
    /// let ann = ds.generate_annotated::<f32>(&params, &[3, 5, 0], 0)?;
    /// assert_eq!(ann.image, ds.generate::<f32>(&params, &[3, 5, 0], 0)?);
    /// assert_eq!(ann.boxes.len(), 3);
    /// let b = ann.boxes[1];
    /// let inside = |x: i32, y: i32| b.x_begin <= x && x < b.x_end && b.y_begin <= y && y < b.y_end;
    /// for (i, &m) in ann.mask.iter().enumerate() {
    ///     if m == 2 {
    ///         assert!(inside((i % 200) as i32, (i / 200) as i32));
    ///     }
    /// }
    /// # Ok::<(), mnistseq::Error>(())
    /// ```
    pub fn generate_annotated<T: Pixel>(
        &self,
        params: &Params,
        digits: &[u8],
        index: u64,
    ) -> Result<Annotated<T>> {
        let pixels = self.pixel_count::<T>(params)?;
        let mut ann = Annotated::<T>::zeroed(pixels, digits.len())?;
        let c_digits = crate::digits_to_c(digits);
        // SAFETY: `image` holds `pixels` T, aligned for T; `mask` holds
        // `pixels` u16; `boxes` and `placements` hold `digits.len()`
        // entries; `scale` is valid; the handles are live.
        check(unsafe {
            sys::mseq_generate_annotated(
                ann.image.as_mut_ptr().cast(),
                pixels * std::mem::size_of::<T>(),
                ann.mask.as_mut_ptr(),
                ann.mask.len(),
                ann.boxes.as_mut_ptr(),
                ann.layout.placements.as_mut_ptr(),
                &mut ann.layout.scale,
                self.as_ptr(),
                params.as_ptr(),
                c_digits.as_ptr(),
                c_digits.len(),
                index,
            )
        })?;
        Ok(ann)
    }

    /// Generates the image of a text (digits, separators `- / . , : ( ) +`
    /// and spaces) with every character's labels: one placement, ink box
    /// and mask id per character (`mseq_generate_text`). A placement's
    /// `label` is the digit 0-9, or the character's ASCII code for a
    /// separator or space, whose `source_index` is -1. A text of digits
    /// only gives [`Dataset::generate_annotated`]'s image.
    ///
    /// ```
    /// use mnistseq::{Dataset, Format, Params, Split};
    /// let ds = Dataset::open(None, Split::Test)?;
    /// let params = Params::builder().spacing(0, 4).width(200).format(Format::U8).build()?;
    /// let ann = ds.generate_text::<u8>(&params, "12-34", 0)?;
    /// assert_eq!(ann.layout.placements[2].label, i32::from(b'-'));
    /// # Ok::<(), mnistseq::Error>(())
    /// ```
    pub fn generate_text<T: Pixel>(
        &self,
        params: &Params,
        text: &str,
        index: u64,
    ) -> Result<Annotated<T>> {
        let c_text = std::ffi::CString::new(text).map_err(|e| {
            crate::Error::new(
                sys::MSEQ_EINVAL,
                format!("text character {} is a NUL byte", e.nul_position() + 1),
            )
        })?;
        let n = text.len();
        let pixels = self.pixel_count::<T>(params)?;
        let mut ann = Annotated::<T>::zeroed(pixels, n)?;
        // SAFETY: `image` holds `pixels` T, aligned for T; `mask` holds
        // `pixels` u16; `boxes` and `placements` hold one entry per byte of
        // the text (the library refuses any byte that is not a character
        // of a text); `scale` is valid; the handles are live.
        check(unsafe {
            sys::mseq_generate_text(
                ann.image.as_mut_ptr().cast(),
                pixels * std::mem::size_of::<T>(),
                ann.mask.as_mut_ptr(),
                ann.mask.len(),
                ann.boxes.as_mut_ptr(),
                ann.layout.placements.as_mut_ptr(),
                &mut ann.layout.scale,
                self.as_ptr(),
                params.as_ptr(),
                c_text.as_ptr(),
                index,
            )
        })?;
        Ok(ann)
    }

    /// Calls mseq_generate().
    ///
    /// # Safety
    /// `out` is valid for writes of `len` pixels of type `T`.
    unsafe fn generate_raw<T: Pixel>(
        &self,
        out: *mut T,
        len: usize,
        params: &Params,
        digits: &[u8],
        index: u64,
        layout: Option<&mut Layout>,
    ) -> Result<()> {
        crate::check_format::<T>(params)?;
        let digits = crate::digits_to_c(digits);
        let (placements, scale) = match layout {
            Some(l) => (l.placements.as_mut_ptr(), &mut l.scale as *mut f32),
            None => (ptr::null_mut(), ptr::null_mut()),
        };
        // SAFETY: `out` holds `len` pixels (caller's promise), aligned for
        // T; `placements` is NULL or holds `digits.len()` entries; `scale` is
        // NULL or valid; the handles are live.
        check(unsafe {
            sys::mseq_generate(
                out.cast(),
                len * std::mem::size_of::<T>(),
                placements,
                scale,
                self.as_ptr(),
                params.as_ptr(),
                digits.as_ptr(),
                digits.len(),
                index,
            )
        })
    }

    /// Pixels of one image with these parameters.
    pub(crate) fn pixel_count<T: Pixel>(&self, params: &Params) -> Result<usize> {
        crate::check_format::<T>(params)?;
        Ok(self.image_size(params)? / std::mem::size_of::<T>())
    }

    /// The raw handle, for calls into [`sys`](crate::sys). It stays owned by
    /// `self`.
    pub fn as_ptr(&self) -> *const sys::mseq_dataset {
        self.raw.as_ptr()
    }
}

impl Drop for Dataset {
    fn drop(&mut self) {
        // SAFETY: the handle is live and owned; it is not used afterwards.
        unsafe { sys::mseq_free(self.raw.as_ptr()) }
    }
}

impl fmt::Debug for Dataset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Dataset");
        if let Ok((images, labels)) = self.files() {
            d.field("images", &images).field("labels", &labels);
        }
        if let Ok(count) = self.class_count(None) {
            d.field("count", &count);
        }
        d.finish()
    }
}

/// A size from the library as usize.
pub(crate) fn to_usize(v: i64) -> Result<usize> {
    usize::try_from(v).map_err(|_| {
        Error::new(
            sys::MSEQ_ERANGE,
            format!("{v} does not fit a usize on this platform"),
        )
    })
}
