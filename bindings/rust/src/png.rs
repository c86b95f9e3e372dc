//! PNG output of 8-bit images (`mseq_write_png`).

use std::os::raw::c_int;
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
    let needed = u64::from(rows) * u64::from(cols);
    if (pixels.len() as u64) < needed {
        return Err(Error::new(
            sys::MSEQ_EBUFSIZE,
            format!(
                "pixels holds {} bytes, {rows} x {cols} needs {needed}",
                pixels.len()
            ),
        ));
    }
    let level = match level {
        None => -1,
        Some(l) => c_int::try_from(l)
            .map_err(|_| Error::new(sys::MSEQ_EINVAL, format!("PNG level {l} is outside 0..9")))?,
    };
    let path = crate::path_to_cstring(path, "PNG path")?;
    // SAFETY: `path` is a C string; `pixels` holds at least rows * cols
    // bytes, checked above.
    check(unsafe { sys::mseq_write_png(path.as_ptr(), pixels.as_ptr(), rows, cols, level) })
}
