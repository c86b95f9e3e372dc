//! Templates: the text of each sample from a small grammar (phone numbers,
//! dates, times, amounts, ZIP codes); see `mseq_template_new` in
//! `mnistseq.h` for the grammar.

use std::ffi::CString;
use std::ptr::NonNull;

use crate::error::{check, Error, Result};
use crate::params::Params;
use crate::sys;

/// A parsed template. Immutable; `Send + Sync`.
///
/// ```
/// use mnistseq::{Params, Template};
/// let t = Template::new("(###) ###-####")?;
/// assert_eq!(t.count(), 10_000_000_000);
/// let params = Params::builder().seed(7).build()?;
/// assert_eq!(t.text(&params, 0)?.len(), 14);
/// # Ok::<(), mnistseq::Error>(())
/// ```
pub struct Template {
    raw: NonNull<sys::mseq_template>,
    count: u64,
    max_length: usize,
}

// SAFETY: an mseq_template is immutable after mseq_template_new() and the
// C library documents it as safe to share between threads.
unsafe impl Send for Template {}
unsafe impl Sync for Template {}

impl Template {
    /// Parses `text`. A malformed template is an `ErrorKind::Invalid`
    /// error whose message gives the column of the fault.
    pub fn new(text: &str) -> Result<Template> {
        let c_text = CString::new(text).map_err(|e| {
            Error::new(
                sys::MSEQ_EINVAL,
                format!("template column {}: a NUL byte", e.nul_position() + 1),
            )
        })?;
        let mut raw = std::ptr::null_mut();
        // SAFETY: a valid out-pointer and C string.
        check(unsafe { sys::mseq_template_new(&mut raw, c_text.as_ptr()) })?;
        let raw = NonNull::new(raw)
            .ok_or_else(|| Error::new(sys::MSEQ_EINTERNAL, "mseq_template_new gave NULL"))?;
        let mut t = Template {
            raw,
            count: 0,
            max_length: 0,
        };
        // SAFETY: valid out-pointers and a live handle.
        check(unsafe { sys::mseq_template_count(&mut t.count, &mut t.max_length, t.as_ptr()) })?;
        Ok(t)
    }

    /// The number of distinct texts (`u64::MAX` when larger).
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The longest text's length in characters.
    pub fn max_length(&self) -> usize {
        self.max_length
    }

    /// The text of sample `index` under `params`' seed and unique options.
    pub fn text(&self, params: &Params, index: u64) -> Result<String> {
        let mut out = vec![0u8; self.max_length + 1];
        // SAFETY: `out` holds max_length + 1 bytes; the handles are live.
        check(unsafe {
            sys::mseq_template_text(
                out.as_mut_ptr().cast(),
                out.len(),
                std::ptr::null_mut(),
                self.as_ptr(),
                params.as_ptr(),
                index,
            )
        })?;
        let n = out.iter().position(|&b| b == 0).unwrap_or(out.len());
        Ok(String::from_utf8_lossy(&out[..n]).into_owned())
    }

    pub(crate) fn as_ptr(&self) -> *const sys::mseq_template {
        self.raw.as_ptr()
    }
}

impl Drop for Template {
    fn drop(&mut self) {
        // SAFETY: the handle came from mseq_template_new and is freed once.
        unsafe { sys::mseq_template_free(self.raw.as_ptr()) }
    }
}
