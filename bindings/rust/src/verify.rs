//! Re-checking a finished dataset folder (`mseq_verify_dataset`).

use std::ffi::{c_void, CStr};
use std::os::raw::{c_char, c_int};
use std::path::Path;
use std::ptr;

use crate::error::{check, Result};
use crate::sys;

unsafe extern "C" fn collect(problem: *const c_char, user: *mut c_void) -> c_int {
    // SAFETY: user is the Vec passed below, alive for the call; problem is
    // a NUL-terminated string valid during this callback.
    let problems = unsafe { &mut *(user as *mut Vec<String>) };
    let text = unsafe { CStr::from_ptr(problem) };
    problems.push(text.to_string_lossy().into_owned());
    0
}

/// Checks the dataset in `dir` against its manifest.json: every file it
/// implies is there, no write is in progress, and `sample` images (spread
/// over the dataset) with their label rows, regenerated from the manifest's
/// job on `data` (`None`: the library's data lookup), equal the folder's
/// bytes. Returns the problems found, one line each; empty when the dataset
/// is complete and exact.
pub fn verify_dataset(dir: &Path, data: Option<&Path>, sample: u64) -> Result<Vec<String>> {
    let dir = crate::path_to_cstring(dir, "dataset directory")?;
    let data = match data {
        Some(p) => Some(crate::path_to_cstring(p, "data directory")?),
        None => None,
    };
    let mut problems: Vec<String> = Vec::new();
    let mut count = 0u64;
    // SAFETY: every pointer is valid for the call; the callback only
    // touches `problems`.
    let rc = unsafe {
        sys::mseq_verify_dataset(
            &mut count,
            dir.as_ptr(),
            data.as_ref().map_or(ptr::null(), |d| d.as_ptr()),
            sample,
            Some(collect),
            &mut problems as *mut Vec<String> as *mut c_void,
        )
    };
    check(rc)?;
    Ok(problems)
}
