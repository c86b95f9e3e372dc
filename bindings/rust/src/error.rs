//! The error type: a library return code with the message of the failure.

use std::ffi::CStr;
use std::fmt;
use std::os::raw::{c_char, c_int};

use crate::sys;

/// The result of every fallible call in this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// The class of a failure, one per `MSEQ_E*` code of the C library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// `MSEQ_EINVAL`: an argument is invalid.
    InvalidArgument,
    /// `MSEQ_ENOMEM`: memory could not be allocated.
    OutOfMemory,
    /// `MSEQ_ENOTFOUND`: data files not found.
    NotFound,
    /// `MSEQ_EIO`: a file could not be read, written or renamed.
    Io,
    /// `MSEQ_EFORMAT`: a data file is malformed.
    Format,
    /// `MSEQ_EBUFSIZE`: an output buffer is too small.
    BufferSize,
    /// `MSEQ_ENOFIT`: the sequence cannot fit the width under the fit policy.
    NoFit,
    /// `MSEQ_ERANGE`: a size is beyond a documented limit or would overflow.
    Range,
    /// `MSEQ_EEXIST`: an output exists and differs.
    Exists,
    /// `MSEQ_EINTERNAL`: a bug in the library.
    Internal,
    /// `MSEQ_ECANCELED`: a progress callback asked to stop.
    Canceled,
    /// A code this crate does not know (from a newer library).
    Unknown,
}

/// A failed call: the library's `MSEQ_E*` code and the detailed message of
/// the failure (`mseq_last_error()`), which names the argument or file at
/// fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The negative `MSEQ_E*` code (see [`sys`](crate::sys)).
    pub code: i32,
    /// What went wrong, e.g. "t10k-images-idx3-ubyte: truncated: ...".
    pub message: String,
}

impl Error {
    /// The class of this error, from its code.
    pub fn kind(&self) -> ErrorKind {
        match self.code {
            sys::MSEQ_EINVAL => ErrorKind::InvalidArgument,
            sys::MSEQ_ENOMEM => ErrorKind::OutOfMemory,
            sys::MSEQ_ENOTFOUND => ErrorKind::NotFound,
            sys::MSEQ_EIO => ErrorKind::Io,
            sys::MSEQ_EFORMAT => ErrorKind::Format,
            sys::MSEQ_EBUFSIZE => ErrorKind::BufferSize,
            sys::MSEQ_ENOFIT => ErrorKind::NoFit,
            sys::MSEQ_ERANGE => ErrorKind::Range,
            sys::MSEQ_EEXIST => ErrorKind::Exists,
            sys::MSEQ_EINTERNAL => ErrorKind::Internal,
            sys::MSEQ_ECANCELED => ErrorKind::Canceled,
            _ => ErrorKind::Unknown,
        }
    }

    /// An error detected by this crate before calling the library.
    pub(crate) fn new(code: c_int, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
        }
    }

    /// The error of a library call that just returned `code` on this thread.
    fn last(code: c_int) -> Error {
        // SAFETY: mseq_last_error() never returns NULL; the string is valid
        // until the next mseq_ call on this thread, and is copied here.
        let message = unsafe { string_from(sys::mseq_last_error()) };
        Error { code, message }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = strerror(self.code);
        if self.message.is_empty() {
            f.write_str(what)
        } else {
            write!(f, "{what}: {}", self.message)
        }
    }
}

impl std::error::Error for Error {}

/// The library's static description of an error code ("invalid argument").
pub fn strerror(code: i32) -> &'static str {
    // SAFETY: mseq_strerror() returns a static string for any code.
    unsafe { static_str(sys::mseq_strerror(code)) }
}

/// `Ok(())` for `MSEQ_OK`, else the error with this thread's last message.
pub(crate) fn check(code: c_int) -> Result<()> {
    if code == sys::MSEQ_OK {
        Ok(())
    } else {
        Err(Error::last(code))
    }
}

/// Copies a C string (lossily, should it not be UTF-8). NULL gives "".
///
/// # Safety
/// `s` is NULL or points to a NUL-terminated string.
pub(crate) unsafe fn string_from(s: *const c_char) -> String {
    if s.is_null() {
        String::new()
    } else {
        // SAFETY: `s` is a NUL-terminated string (the caller's promise).
        unsafe { CStr::from_ptr(s) }.to_string_lossy().into_owned()
    }
}

/// Borrows a static C string of the library. NULL or non-UTF-8 gives "".
///
/// # Safety
/// `s` is NULL or points to a NUL-terminated string with static lifetime.
pub(crate) unsafe fn static_str(s: *const c_char) -> &'static str {
    if s.is_null() {
        ""
    } else {
        // SAFETY: `s` is a static NUL-terminated string (the caller's
        // promise).
        unsafe { CStr::from_ptr(s) }.to_str().unwrap_or("")
    }
}
