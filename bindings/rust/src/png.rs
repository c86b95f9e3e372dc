//! PNG output of 8-bit images (`mseq_write_png`), with text chunks
//! (`mseq_write_png_text`, `mseq_read_png_text`).

use std::ffi::CString;
use std::os::raw::{c_char, c_int};
use std::path::Path;

use crate::error::{check, Error, Result};
use crate::sys;

/// Writes `rows` x `cols` 8-bit grayscale pixels (row-major, 0 black .. 255
/// white, e.g. an image generated with [`Format::U8`](crate::Format::U8)) as
/// a PNG file, atomically: the bytes go to a temporary file beside `path`,
/// renamed over it once complete, so a failure leaves no partial file and
/// never touches an existing one.
///
/// `level` is `None` for the library's fast run-length encoding, or a zlib
/// level 0-9 for libpng's standard encoding.
///
/// ```
/// use mnistseq::{Dataset, Format, Params, Split};
/// let ds = Dataset::open(None, Split::Test)?;
/// let params = Params::builder().spacing(2, 8).width(120).format(Format::U8).build()?;
/// let image: Vec<u8> = ds.generate(&params, &[1, 2, 3], 0)?;
/// let path = std::env::temp_dir().join(format!("1-2-3-{}.png", std::process::id()));
/// mnistseq::write_png(&path, &image, 28, 120, None)?;
/// assert_eq!(&std::fs::read(&path).unwrap()[1..4], b"PNG");
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), mnistseq::Error>(())
/// ```
pub fn write_png(
    path: &Path,
    pixels: &[u8],
    rows: u32,
    cols: u32,
    level: Option<u32>,
) -> Result<()> {
    write_png_text(path, pixels, rows, cols, level, &[])
}

/// [`write_png`] with PNG text chunks (`(keyword, text)` pairs, Latin-1 as
/// PNG specifies: ASCII is safest), written before the pixels in order;
/// [`read_png_text`] reads them back.
pub fn write_png_text(
    path: &Path,
    pixels: &[u8],
    rows: u32,
    cols: u32,
    level: Option<u32>,
    texts: &[(&str, &str)],
) -> Result<()> {
    check_pixels(pixels, rows, cols, 1)?;
    let level = c_level(level)?;
    let mut strings = Vec::with_capacity(texts.len());
    for (i, (key, text)) in texts.iter().enumerate() {
        let nul = |what: &str| {
            Error::new(
                sys::MSEQ_EINVAL,
                format!("texts[{i}]: its {what} holds a NUL byte"),
            )
        };
        strings.push((
            CString::new(*key).map_err(|_| nul("keyword"))?,
            CString::new(*text).map_err(|_| nul("text"))?,
        ));
    }
    let rows_c: Vec<sys::mseq_png_text> = strings
        .iter()
        .map(|(k, t)| sys::mseq_png_text {
            key: k.as_ptr(),
            text: t.as_ptr(),
        })
        .collect();
    let path = crate::path_to_cstring(path, "PNG path")?;
    // SAFETY: C strings that outlive the call; `pixels` holds rows * cols
    // bytes, checked above; `rows_c` holds `rows_c.len()` entries.
    check(unsafe {
        sys::mseq_write_png_text(
            path.as_ptr(),
            pixels.as_ptr(),
            rows,
            cols,
            level,
            rows_c.as_ptr(),
            rows_c.len(),
        )
    })
}

/// Writes an 8-bit RGB image (`rows * cols * 3` bytes, row-major, each
/// pixel R, G, B) as a PNG file, atomically as [`write_png`] does: for
/// pictures drawn in colour over generated images (boxes, instance masks).
pub fn write_png_rgb(
    path: &Path,
    pixels: &[u8],
    rows: u32,
    cols: u32,
    level: Option<u32>,
) -> Result<()> {
    check_pixels(pixels, rows, cols, 3)?;
    let level = c_level(level)?;
    let path = crate::path_to_cstring(path, "PNG path")?;
    // SAFETY: a C string that outlives the call; `pixels` holds
    // rows * cols * 3 bytes, checked above.
    check(unsafe { sys::mseq_write_png_rgb(path.as_ptr(), pixels.as_ptr(), rows, cols, level) })
}

/// `pixels` holds at least rows x cols pixels of `channels` bytes.
fn check_pixels(pixels: &[u8], rows: u32, cols: u32, channels: u64) -> Result<()> {
    let needed = u64::from(rows) * u64::from(cols) * channels;
    if (pixels.len() as u64) < needed {
        return Err(Error::new(
            sys::MSEQ_EBUFSIZE,
            format!(
                "pixels holds {} bytes, {rows} x {cols} needs {needed}",
                pixels.len()
            ),
        ));
    }
    Ok(())
}

/// A PNG level as the C API takes it: -1 for `None`.
fn c_level(level: Option<u32>) -> Result<c_int> {
    match level {
        None => Ok(-1),
        Some(l) => c_int::try_from(l)
            .map_err(|_| Error::new(sys::MSEQ_EINVAL, format!("PNG level {l} is outside 0..9"))),
    }
}

/// The text of the PNG file's first text chunk named `key`, or `None` when
/// the file has no such chunk. The PNGs of `mnistseq-cli`'s seed form carry
/// `mnistseq-recipe` and `mnistseq-data`. Errors: no such file
/// (`ErrorKind::NotFound`), not a PNG (`ErrorKind::Format`), unreadable.
pub fn read_png_text(path: &Path, key: &str) -> Result<Option<String>> {
    let c_path = crate::path_to_cstring(path, "PNG path")?;
    let c_key = CString::new(key)
        .map_err(|_| Error::new(sys::MSEQ_EINVAL, "key holds a NUL byte".to_string()))?;
    let mut size = 0usize;
    // SAFETY: C strings and a valid out-pointer; a null buffer of size 0
    // asks for the size.
    let rc = unsafe {
        sys::mseq_read_png_text(
            &mut size,
            std::ptr::null_mut(),
            0,
            c_path.as_ptr(),
            c_key.as_ptr(),
        )
    };
    if rc == sys::MSEQ_ENOTFOUND && path.is_file() {
        return Ok(None);
    }
    if rc != sys::MSEQ_EBUFSIZE {
        check(rc)?;
    }
    let mut out = vec![0u8; size];
    // SAFETY: `out` holds `size` bytes.
    check(unsafe {
        sys::mseq_read_png_text(
            &mut size,
            out.as_mut_ptr() as *mut c_char,
            out.len(),
            c_path.as_ptr(),
            c_key.as_ptr(),
        )
    })?;
    out.truncate(size.saturating_sub(1));
    Ok(Some(out.iter().map(|&b| char::from(b)).collect()))
}
