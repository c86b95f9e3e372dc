//! The dataset writer (`mseq_writer`): many images into a directory, in
//! shards, resumable, the same bytes whatever the threads or processes.

use std::any::Any;
use std::ffi::c_void;
use std::marker::PhantomData;
use std::ops::{ControlFlow, Range};
use std::os::raw::{c_int, c_uint};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::ptr::{self, NonNull};

use crate::error::{check, Error, Result};
use crate::{sys, Dataset, Params};

/// How a dataset directory stores its images (`mseq_output`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Output {
    /// `NNNNNNNNN.png` per image (8-bit) + `labels.csv`.
    Png,
    /// `images.npy` (count, rows, width), u8 or f32 per the format, +
    /// `labels.jsonl`.
    Npy,
    /// WebDataset shards `shard-NNNNNN.tar` (`.png` + `.json` per image).
    Tar,
}

impl Output {
    fn raw(self) -> sys::mseq_output {
        match self {
            Output::Png => sys::MSEQ_OUTPUT_PNG,
            Output::Npy => sys::MSEQ_OUTPUT_NPY,
            Output::Tar => sys::MSEQ_OUTPUT_TAR,
        }
    }
}

/// A progress callback: `done` of `total` images are written. Return
/// `ControlFlow::Break(())` to cancel (an
/// [`ErrorKind::Canceled`](crate::ErrorKind::Canceled) error; complete
/// shards are kept, so the job resumes when run again). Called on the thread
/// that called the writer. A panic in it cancels the job, then resumes once
/// the library has cleaned up.
pub type Progress<'f> = &'f mut dyn FnMut(u64, u64) -> ControlFlow<()>;

/// A dataset job: the directory, source data, parameters (copied), sequence,
/// count and output. Sample indexes are `0..count`.
///
/// One process calls [`begin`](Self::begin); then any number of threads or
/// processes, each with the same job, write distinct shards
/// ([`write_shard`](Self::write_shard) takes `&self`); finally one calls
/// [`finish`](Self::finish). [`Dataset::write_dataset`] does it all.
///
/// The writer borrows its source data, which must outlive it:
///
/// ```compile_fail
/// use mnistseq::{Dataset, Output, Params, Split, Writer};
/// let ds = Dataset::open(None, Split::Test).unwrap();
/// let params = Params::builder().width(100).build().unwrap();
/// let w = Writer::new("out".as_ref(), &ds, &params, None, 10, Output::Npy).unwrap();
/// drop(ds); // error: `ds` is still borrowed by `w`
/// w.shard_count().unwrap();
/// ```
pub struct Writer<'a> {
    raw: NonNull<sys::mseq_writer>,
    _ds: PhantomData<&'a Dataset>,
}

// SAFETY: the C writer is immutable except through mseq_writer_begin() and
// mseq_writer_finish(), which take `&mut self`; the library documents that
// distinct shards may be written by threads sharing the writer.
unsafe impl Send for Writer<'_> {}
unsafe impl Sync for Writer<'_> {}

impl<'a> Writer<'a> {
    /// Describes a job writing `count` images of `digits` (or, with `None`,
    /// of random sequences per index) into `dir`. Nothing is written;
    /// image 0 is generated, so that bad parameters fail here.
    pub fn new(
        dir: &Path,
        ds: &'a Dataset,
        params: &Params,
        digits: Option<&[u8]>,
        count: u64,
        output: Output,
    ) -> Result<Writer<'a>> {
        let dir = crate::path_to_cstring(dir, "dataset directory")?;
        let digits: Option<Vec<c_int>> = digits.map(crate::digits_to_c);
        let (digits_ptr, ndigits) = digits
            .as_ref()
            .map_or((ptr::null(), 0), |d| (d.as_ptr(), d.len()));
        let mut raw = ptr::null_mut();
        // SAFETY: valid out-pointer, C string and handles; `digits_ptr` is
        // NULL or holds `ndigits` ints.
        check(unsafe {
            sys::mseq_writer_new(
                &mut raw,
                dir.as_ptr(),
                ds.as_ptr(),
                params.as_ptr(),
                digits_ptr,
                ndigits,
                count,
                output.raw(),
            )
        })?;
        NonNull::new(raw)
            .map(|raw| Writer {
                raw,
                _ds: PhantomData,
            })
            .ok_or_else(|| Error::new(sys::MSEQ_EINTERNAL, "mseq_writer_new gave NULL"))
    }

    /// The job's manifest.json text.
    pub fn manifest(&self) -> Result<String> {
        let mut text = ptr::null();
        // SAFETY: valid out-pointer and live handle; the text lives as long
        // as the writer and is copied here.
        check(unsafe { sys::mseq_writer_manifest(&mut text, self.raw.as_ptr()) })?;
        Ok(unsafe { crate::error::string_from(text) })
    }

    /// Number of shards: ceil(count / shard size).
    pub fn shard_count(&self) -> Result<u64> {
        let mut n = 0u64;
        // SAFETY: valid out-pointer and live handle.
        check(unsafe { sys::mseq_writer_shard_count(&mut n, self.raw.as_ptr()) })?;
        Ok(n)
    }

    /// The image indexes of one shard.
    pub fn shard_range(&self, shard: u64) -> Result<Range<u64>> {
        let (mut first, mut count) = (0u64, 0u64);
        // SAFETY: valid out-pointers and live handle.
        check(unsafe {
            sys::mseq_writer_shard_range(&mut first, &mut count, self.raw.as_ptr(), shard)
        })?;
        Ok(first..first + count)
    }

    /// Prepares the directory: it must be missing or empty, or hold this
    /// job's manifest (the job resumes). With `force`, another job's dataset
    /// there is replaced; otherwise that is an
    /// [`ErrorKind::Exists`](crate::ErrorKind::Exists) error naming the
    /// first difference.
    pub fn begin(&mut self, force: bool) -> Result<()> {
        // SAFETY: live handle, exclusively borrowed.
        check(unsafe { sys::mseq_writer_begin(self.raw.as_ptr(), flags(force)) })
    }

    /// Whether a shard is complete in the directory.
    pub fn shard_done(&self, shard: u64) -> Result<bool> {
        let mut done: c_int = 0;
        // SAFETY: valid out-pointer and live handle.
        check(unsafe { sys::mseq_writer_shard_done(&mut done, self.raw.as_ptr(), shard) })?;
        Ok(done != 0)
    }

    /// Writes one shard unless it is complete, on the parameters' threads.
    /// On failure its partial files are removed; other shards are untouched.
    pub fn write_shard(&self, shard: u64, progress: Option<Progress<'_>>) -> Result<()> {
        with_progress(progress, |f, user| {
            // SAFETY: live handle; `f`/`user` are a valid callback pair.
            unsafe { sys::mseq_writer_write_shard(self.raw.as_ptr(), shard, f, user) }
        })
    }

    /// Completes the dataset once every shard is (label file, images.npy).
    pub fn finish(&mut self) -> Result<()> {
        // SAFETY: live handle, exclusively borrowed.
        check(unsafe { sys::mseq_writer_finish(self.raw.as_ptr()) })
    }
}

impl Drop for Writer<'_> {
    fn drop(&mut self) {
        // SAFETY: the handle is live and owned; it is not used afterwards.
        unsafe { sys::mseq_writer_free(self.raw.as_ptr()) }
    }
}

impl Dataset {
    /// Writes a whole dataset of `count` images into `dir` (see [`Writer`]):
    /// begins (replacing another job's dataset with `force`), writes every
    /// shard not yet complete, finishes. Running it again resumes.
    ///
    /// ```
    /// use mnistseq::{Dataset, Output, Params, Split};
    /// let ds = Dataset::open(None, Split::Test)?;
    /// let params = Params::builder().width(120).lengths(1, 4).build()?;
    /// let dir = std::env::temp_dir().join(format!("mnistseq-doc-{}", std::process::id()));
    /// ds.write_dataset(&dir, &params, None, 16, Output::Npy, false, None)?;
    /// assert!(dir.join("images.npy").is_file() && dir.join("labels.jsonl").is_file());
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), mnistseq::Error>(())
    /// ```
    #[allow(clippy::too_many_arguments)]
    pub fn write_dataset(
        &self,
        dir: &Path,
        params: &Params,
        digits: Option<&[u8]>,
        count: u64,
        output: Output,
        force: bool,
        progress: Option<Progress<'_>>,
    ) -> Result<()> {
        let dir = crate::path_to_cstring(dir, "dataset directory")?;
        let digits: Option<Vec<c_int>> = digits.map(crate::digits_to_c);
        let (digits_ptr, ndigits) = digits
            .as_ref()
            .map_or((ptr::null(), 0), |d| (d.as_ptr(), d.len()));
        with_progress(progress, |f, user| {
            // SAFETY: valid C string and handles; `digits_ptr` is NULL or
            // holds `ndigits` ints; `f`/`user` are a valid callback pair.
            unsafe {
                sys::mseq_write_dataset(
                    dir.as_ptr(),
                    self.as_ptr(),
                    params.as_ptr(),
                    digits_ptr,
                    ndigits,
                    count,
                    output.raw(),
                    flags(force),
                    f,
                    user,
                )
            }
        })
    }
}

fn flags(force: bool) -> c_uint {
    if force {
        sys::MSEQ_WRITE_FORCE
    } else {
        0
    }
}

/// The callback's state, behind the C `user` pointer.
struct ProgressState<'f, 'g> {
    f: &'f mut Progress<'g>,
    panic: Option<Box<dyn Any + Send>>,
}

unsafe extern "C" fn trampoline(done: u64, total: u64, user: *mut c_void) -> c_int {
    // SAFETY: `user` is the ProgressState that with_progress() passed, alive
    // for the whole call, and only used on this thread.
    let state = unsafe { &mut *user.cast::<ProgressState<'_, '_>>() };
    if state.panic.is_some() {
        return 1;
    }
    // No unwinding may cross the C frames: a panic cancels, and is resumed
    // once the library has returned.
    match panic::catch_unwind(AssertUnwindSafe(|| (state.f)(done, total))) {
        Ok(ControlFlow::Continue(())) => 0,
        Ok(ControlFlow::Break(())) => 1,
        Err(payload) => {
            state.panic = Some(payload);
            1
        }
    }
}

/// Runs a C call taking a progress callback, with `progress` behind it.
fn with_progress(
    progress: Option<Progress<'_>>,
    call: impl FnOnce(sys::mseq_progress_fn, *mut c_void) -> c_int,
) -> Result<()> {
    let mut f = match progress {
        Some(f) => f,
        None => return check(call(None, ptr::null_mut())),
    };
    let mut state = ProgressState {
        f: &mut f,
        panic: None,
    };
    let rc = call(Some(trampoline), ptr::addr_of_mut!(state).cast());
    // Read the error of this call before anything else can call the library.
    let result = check(rc);
    if let Some(payload) = state.panic {
        panic::resume_unwind(payload);
    }
    result
}
