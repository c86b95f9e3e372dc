//! Batch generation: many images of one buffer, on several threads.

use std::os::raw::c_int;
use std::ptr;

use crate::dataset::Dataset;
use crate::error::{check, Error, Result};
use crate::params::Params;
use crate::{sys, InkBox, Pixel, Placement};

/// The images of a batch, shape (count, rows, width), row-major, with each
/// sample's placements, length and scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch<T> {
    images: Vec<T>,
    rows: usize,
    width: usize,
    count: usize,
    stride: usize,
    placements: Vec<Placement>,
    lengths: Vec<u32>,
    scales: Vec<f32>,
    masks: Vec<u16>,
    ink_boxes: Vec<InkBox>,
}

impl<T: Pixel> Batch<T> {
    /// Number of images.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True for a batch of no image (never made by this crate).
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Rows of each image (the glyph height).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Width of each image.
    pub fn width(&self) -> usize {
        self.width
    }

    /// All pixels, shape (count, rows, width).
    pub fn images(&self) -> &[T] {
        &self.images
    }

    /// All pixels, shape (count, rows, width), without a copy.
    pub fn into_images(self) -> Vec<T> {
        self.images
    }

    /// The pixels of image `i`, shape (rows, width).
    ///
    /// # Panics
    /// When `i >= self.len()`.
    pub fn image(&self, i: usize) -> &[T] {
        assert!(i < self.count, "image {i} of a batch of {}", self.count);
        let n = self.rows * self.width;
        &self.images[i * n..(i + 1) * n]
    }

    /// Where each digit of image `i` went, in sequence order.
    ///
    /// # Panics
    /// When `i >= self.len()`.
    pub fn placements(&self, i: usize) -> &[Placement] {
        let len = self.sequence_len(i);
        &self.placements[i * self.stride..i * self.stride + len]
    }

    /// The digits of image `i`.
    ///
    /// # Panics
    /// When `i >= self.len()`.
    pub fn labels(&self, i: usize) -> Vec<u8> {
        self.placements(i)
            .iter()
            .map(|p| u8::try_from(p.label).unwrap_or(u8::MAX))
            .collect()
    }

    /// The text of image `i`: its digits, or a template's text with its
    /// separators and spaces ([`Params::set_template`]).
    ///
    /// # Panics
    /// When `i >= self.len()`.
    pub fn text(&self, i: usize) -> String {
        self.placements(i)
            .iter()
            .map(|p| match u8::try_from(p.label) {
                Ok(d) if d <= 9 => char::from(b'0' + d),
                Ok(c) => char::from(c),
                Err(_) => char::REPLACEMENT_CHARACTER,
            })
            .collect()
    }

    /// Number of digits in image `i`.
    ///
    /// # Panics
    /// When `i >= self.len()`.
    pub fn sequence_len(&self, i: usize) -> usize {
        assert!(i < self.count, "image {i} of a batch of {}", self.count);
        self.lengths[i] as usize
    }

    /// The scale applied to image `i`'s strip (1.0 unless it was shrunk).
    ///
    /// # Panics
    /// When `i >= self.len()`.
    pub fn scale(&self, i: usize) -> f32 {
        assert!(i < self.count, "image {i} of a batch of {}", self.count);
        self.scales[i]
    }

    /// The instance mask of image `i` (shape (rows, width): 0 background,
    /// j + 1 where digit j owns the ink), for a batch made by
    /// [`Dataset::generate_batch_annotated`]; `None` otherwise.
    ///
    /// # Panics
    /// When `i >= self.len()`.
    pub fn mask(&self, i: usize) -> Option<&[u16]> {
        assert!(i < self.count, "image {i} of a batch of {}", self.count);
        if self.masks.is_empty() {
            return None;
        }
        let n = self.rows * self.width;
        Some(&self.masks[i * n..(i + 1) * n])
    }

    /// The tight ink box of each digit of image `i`, for a batch made by
    /// [`Dataset::generate_batch_annotated`]; `None` otherwise.
    ///
    /// # Panics
    /// When `i >= self.len()`.
    pub fn ink_boxes(&self, i: usize) -> Option<&[InkBox]> {
        let len = self.sequence_len(i);
        if self.masks.is_empty() {
            return None;
        }
        Some(&self.ink_boxes[i * self.stride..i * self.stride + len])
    }
}

impl Dataset {
    /// Generates `count` images, for sample indexes `first_index..`, on the
    /// parameters' `Threads`. Image `i` is exactly what
    /// [`generate`](Self::generate) gives for index `first_index + i`,
    /// whatever the thread count.
    ///
    /// With `digits` every image shows that sequence; with `None` each
    /// sample draws its own random sequence (see
    /// [`Params::random_sequence`]).
    ///
    /// ```
    /// use mnistseq::{Dataset, Params, Split};
    /// let ds = Dataset::open(None, Split::Test)?;
    /// let params = Params::builder().width(140).lengths(2, 4).seed(1).build()?;
    /// let batch = ds.generate_batch::<f32>(&params, None, 0, 8)?;
    /// assert_eq!(batch.images().len(), 8 * 28 * 140);
    /// assert_eq!(batch.labels(3), params.random_sequence(3)?);
    /// # Ok::<(), mnistseq::Error>(())
    /// ```
    pub fn generate_batch<T: Pixel>(
        &self,
        params: &Params,
        digits: Option<&[u8]>,
        first_index: u64,
        count: usize,
    ) -> Result<Batch<T>> {
        self.batch_with(params, digits, first_index, count, false)
    }

    /// As [`generate_batch`](Self::generate_batch) (the same images), with
    /// each image's instance mask ([`Batch::mask`]) and each digit's ink box
    /// ([`Batch::ink_boxes`]): exactly what
    /// [`generate_annotated`](Self::generate_annotated) gives for each
    /// image, whatever the thread count.
    pub fn generate_batch_annotated<T: Pixel>(
        &self,
        params: &Params,
        digits: Option<&[u8]>,
        first_index: u64,
        count: usize,
    ) -> Result<Batch<T>> {
        self.batch_with(params, digits, first_index, count, true)
    }

    fn batch_with<T: Pixel>(
        &self,
        params: &Params,
        digits: Option<&[u8]>,
        first_index: u64,
        count: usize,
        annotate: bool,
    ) -> Result<Batch<T>> {
        check_count(count)?;
        let total = self
            .pixel_count::<T>(params)?
            .checked_mul(count)
            .ok_or_else(|| too_big("image buffer", count))?;
        let stride = match digits {
            Some(d) => d.len(),
            None => params.random_stride()?,
        };
        let slots = stride
            .checked_mul(count)
            .ok_or_else(|| too_big("placement buffer", count))?;
        let (rows, width) = self.image_shape(params)?;
        let mut batch = Batch {
            images: crate::alloc_zeroed::<T>(total, "pixels")?,
            rows,
            width,
            count,
            stride,
            placements: crate::alloc_zeroed::<Placement>(slots, "placements")?,
            lengths: crate::alloc_zeroed::<u32>(count, "lengths")?,
            scales: crate::alloc_zeroed::<f32>(count, "scales")?,
            masks: Vec::new(),
            ink_boxes: Vec::new(),
        };
        if annotate {
            batch.masks = crate::alloc_zeroed::<u16>(total, "masks")?;
            batch.ink_boxes = vec![InkBox::default(); slots];
        }
        // SAFETY: `images` holds `total` pixels; the other buffers have the
        // sizes passed.
        unsafe {
            self.batch_raw::<T>(
                batch.images.as_mut_ptr(),
                total,
                &mut batch.placements,
                &mut batch.lengths,
                &mut batch.scales,
                (&mut batch.masks, &mut batch.ink_boxes),
                params,
                digits,
                first_index,
                count,
            )?;
        }
        Ok(batch)
    }

    /// As [`generate_batch`](Self::generate_batch), pixels only, into a
    /// caller slice of at least count x rows x width pixels (an
    /// [`ErrorKind::BufferSize`](crate::ErrorKind::BufferSize) error
    /// otherwise). On failure the content of `out` is unspecified.
    pub fn generate_batch_into<T: Pixel>(
        &self,
        out: &mut [T],
        params: &Params,
        digits: Option<&[u8]>,
        first_index: u64,
        count: usize,
    ) -> Result<()> {
        check_count(count)?;
        crate::check_format::<T>(params)?;
        // SAFETY: `out` is a live, initialised slice of `out.len()` pixels.
        unsafe {
            self.batch_raw::<T>(
                out.as_mut_ptr(),
                out.len(),
                &mut [],
                &mut [],
                &mut [],
                (&mut [], &mut []),
                params,
                digits,
                first_index,
                count,
            )
        }
    }

    /// Calls mseq_generate_batch(), or mseq_generate_batch_annotated() when
    /// a mask or box buffer is given; empty side buffers are passed as NULL.
    ///
    /// # Safety
    /// `out` is valid for writes of `len` pixels of type `T`.
    #[allow(clippy::too_many_arguments)]
    unsafe fn batch_raw<T: Pixel>(
        &self,
        out: *mut T,
        len: usize,
        placements: &mut [Placement],
        lengths: &mut [u32],
        scales: &mut [f32],
        labels: (&mut [u16], &mut [InkBox]),
        params: &Params,
        digits: Option<&[u8]>,
        first_index: u64,
        count: usize,
    ) -> Result<()> {
        crate::check_format::<T>(params)?;
        let (masks, boxes) = labels;
        let digits: Option<Vec<c_int>> = digits.map(crate::digits_to_c);
        let (digits_ptr, ndigits) = match &digits {
            Some(d) => (d.as_ptr(), d.len()),
            None => (ptr::null(), 0),
        };
        let plen = placements.len();
        if !masks.is_empty() || !boxes.is_empty() {
            let (mlen, blen) = (masks.len(), boxes.len());
            // SAFETY: as below; masks and boxes are empty (NULL) or slices
            // of the lengths given.
            return check(unsafe {
                sys::mseq_generate_batch_annotated(
                    out.cast(),
                    len * std::mem::size_of::<T>(),
                    null_if_empty(masks),
                    mlen,
                    null_if_empty(boxes),
                    blen,
                    null_if_empty(placements),
                    plen,
                    null_if_empty(lengths),
                    null_if_empty(scales),
                    self.as_ptr(),
                    params.as_ptr(),
                    digits_ptr,
                    ndigits,
                    first_index,
                    count,
                )
            });
        }
        // SAFETY: `out` holds `len` values of T (the caller's promise); the
        // other buffers are empty (passed as NULL) or slices of the lengths
        // given; the handles are live.
        check(unsafe {
            sys::mseq_generate_batch(
                out.cast(),
                len * std::mem::size_of::<T>(),
                null_if_empty(placements),
                plen,
                null_if_empty(lengths),
                null_if_empty(scales),
                self.as_ptr(),
                params.as_ptr(),
                digits_ptr,
                ndigits,
                first_index,
                count,
            )
        })
    }
}

fn null_if_empty<U>(s: &mut [U]) -> *mut U {
    if s.is_empty() {
        ptr::null_mut()
    } else {
        s.as_mut_ptr()
    }
}

/// Refuses a count the library would refuse, before allocating for it.
fn check_count(count: usize) -> Result<()> {
    if count == 0 {
        return Err(Error::new(
            sys::MSEQ_EINVAL,
            "batch count is 0: it must be at least 1",
        ));
    }
    if count > sys::MSEQ_MAX_BATCH as usize {
        return Err(Error::new(
            sys::MSEQ_ERANGE,
            format!(
                "batch count {count} exceeds MSEQ_MAX_BATCH ({})",
                sys::MSEQ_MAX_BATCH
            ),
        ));
    }
    Ok(())
}

fn too_big(what: &str, count: usize) -> Error {
    Error::new(
        sys::MSEQ_ERANGE,
        format!("{what} of a batch of {count} images overflows the address space"),
    )
}
