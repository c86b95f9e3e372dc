//! Images of handwritten digit sequences made from MNIST: safe bindings to
//! the C library libmnistseq.
//!
//! A [`Dataset`] is one split of IDX digit source data, read once and shared
//! freely between threads; [`Params`] say how to lay the digits out (gaps,
//! width, fit, colours, seed); [`Dataset::generate`] returns one image as a
//! row-major (rows, width) vector of `f32` (0.0 black .. 1.0 white) or `u8`.
//! An image is a pure function of (data, parameters, digits, index), the
//! same on every platform and in every language binding.
//!
//! ```
//! use mnistseq::{Dataset, Params, Split};
//!
//! // MNISTSEQ_DATA, else the installed MNIST.
//! let ds = Dataset::open(None, Split::Train)?;
//! let params = Params::builder().spacing(2, 8).width(200).seed(42).build()?;
//! let mut image = vec![0f32; 28 * 200];
//! let layout = ds.generate_with_layout(&mut image, &params, &[3, 5, 0], 0)?;
//! let labels: Vec<i32> = layout.placements.iter().map(|p| p.label).collect();
//! assert_eq!(labels, [3, 5, 0]);
//! # Ok::<(), mnistseq::Error>(())
//! ```
//!
//! Every failure is an [`Error`] carrying the library's code and its
//! message, which names the argument or file at fault:
//!
//! ```
//! use mnistseq::{Dataset, ErrorKind, Params, Split};
//! let ds = Dataset::open(None, Split::Test)?;
//! let params = Params::builder().width(100).build()?;
//! let err = ds.generate::<f32>(&params, &[4, 12], 0).unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::InvalidArgument);
//! assert!(!err.message.is_empty());
//! # Ok::<(), mnistseq::Error>(())
//! ```
//!
//! The raw C declarations are in [`sys`].

#![warn(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]

mod batch;
mod dataset;
mod error;
mod param_table;
mod params;
mod png;
pub mod sys;
mod template;
mod verify;
mod writer;

use std::ffi::CString;
use std::os::raw::c_int;
use std::path::Path;

pub use batch::Batch;
pub use dataset::{Annotated, Dataset, Layout, Split};
pub use error::{strerror, Error, ErrorKind, Result};
pub use param_table::{ParamInfo, ParamType};
pub use params::{Align, Background, Fit, Format, Param, Params, ParamsBuilder, Permutation};
pub use png::{read_png_text, write_png, write_png_rgb, write_png_text};
/// The tight box of one digit's ink in a generated image (`mseq_ink_box`):
/// half-open `[x_begin, x_end) x [y_begin, y_end)` in output pixels, all 0
/// when none of the digit's ink shows.
pub use sys::mseq_ink_box as InkBox;
/// Where one digit went in a generated image (`mseq_placement`): the glyph
/// cell's half-open span `[x_begin, x_end) x [y_begin, y_end)` in output
/// pixels, the glyph's index in the split's IDX file and its label.
pub use sys::mseq_placement as Placement;
pub use template::Template;
pub use verify::verify_dataset;
pub use writer::{Output, Progress, Writer};

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for u8 {}

    /// Types whose all-zero bit pattern is a valid value.
    ///
    /// # Safety
    /// Only for plain integer/float types and structs of them.
    pub unsafe trait Zeroable: Copy {}
    unsafe impl Zeroable for f32 {}
    unsafe impl Zeroable for u8 {}
    unsafe impl Zeroable for u16 {}
    unsafe impl Zeroable for u32 {}
    unsafe impl Zeroable for crate::Placement {}
}

use sealed::Zeroable;

/// A pixel type of generated images: `f32` ([`Format::F32`]) or `u8`
/// ([`Format::U8`]).
pub trait Pixel: sealed::Sealed + sealed::Zeroable + Default + Send + Sync + 'static {
    /// The format the parameters must select to generate this type.
    const FORMAT: Format;
}

impl Pixel for f32 {
    const FORMAT: Format = Format::F32;
}

impl Pixel for u8 {
    const FORMAT: Format = Format::U8;
}

/// The version of the loaded library, "MAJOR.MINOR.PATCH".
pub fn version() -> &'static str {
    // SAFETY: mseq_version_string() returns a static string.
    unsafe { error::static_str(sys::mseq_version_string()) }
}

/// The version of the loaded library as MAJOR * 10000 + MINOR * 100 + PATCH.
/// Its major part equals [`sys::MSEQ_VERSION_MAJOR`] for a compatible
/// library.
pub fn version_number() -> u32 {
    // SAFETY: no arguments; never fails.
    unsafe { sys::mseq_version_number() }
}

/// An [`ErrorKind::InvalidArgument`] error unless `params` generate `T`.
fn check_format<T: Pixel>(params: &Params) -> Result<()> {
    let format = params.format()?;
    if format == T::FORMAT {
        return Ok(());
    }
    Err(Error::new(
        sys::MSEQ_EINVAL,
        format!(
            "the parameters' format is {format:?} but the output holds {} pixels: \
             set Format::{:?} or use {} pixels",
            std::any::type_name::<T>(),
            T::FORMAT,
            match format {
                Format::F32 => "f32",
                Format::U8 => "u8",
            }
        ),
    ))
}

/// Digits for the library.
fn digits_to_c(digits: &[u8]) -> Vec<c_int> {
    digits.iter().map(|&d| c_int::from(d)).collect()
}

/// Digits from the library (each 0-9) as bytes.
fn digits_to_u8(digits: &[c_int]) -> Result<Vec<u8>> {
    digits
        .iter()
        .map(|&d| {
            u8::try_from(d).ok().filter(|&d| d <= 9).ok_or_else(|| {
                Error::new(sys::MSEQ_EINTERNAL, format!("the library gave digit {d}"))
            })
        })
        .collect()
}

/// A path as a C string; `what` names it in the error.
#[cfg(unix)]
fn path_to_cstring(path: &Path, what: &str) -> Result<CString> {
    use std::os::unix::ffi::OsStrExt;
    CString::new(path.as_os_str().as_bytes()).map_err(|_| nul_in_path(path, what))
}

/// A path as a C string; `what` names it in the error.
#[cfg(not(unix))]
fn path_to_cstring(path: &Path, what: &str) -> Result<CString> {
    let s = path.to_str().ok_or_else(|| {
        Error::new(
            sys::MSEQ_EINVAL,
            format!("{what} {} is not valid Unicode", path.display()),
        )
    })?;
    CString::new(s).map_err(|_| nul_in_path(path, what))
}

fn nul_in_path(path: &Path, what: &str) -> Error {
    Error::new(
        sys::MSEQ_EINVAL,
        format!("{what} {path:?} contains a NUL byte"),
    )
}

/// `n` zeroed items, or an out-of-memory error (never an abort). Large
/// buffers come zeroed from the system at no cost, so the library's output
/// never lands in uninitialised memory.
fn alloc_zeroed<T: Zeroable>(n: usize, what: &str) -> Result<Vec<T>> {
    let oom = || Error::new(sys::MSEQ_ENOMEM, format!("cannot allocate {n} {what}"));
    let layout = std::alloc::Layout::array::<T>(n).map_err(|_| oom())?;
    if layout.size() == 0 {
        return Ok(Vec::new());
    }
    // SAFETY: the layout has a non-zero size; a non-null result is a zeroed
    // block of `n` T, which are valid when zero (Zeroable), allocated by the
    // global allocator with T's layout, as Vec requires.
    unsafe {
        let ptr = std::alloc::alloc_zeroed(layout).cast::<T>();
        if ptr.is_null() {
            return Err(oom());
        }
        Ok(Vec::from_raw_parts(ptr, n, n))
    }
}
