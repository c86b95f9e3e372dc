//! PNG output through the library.

mod common;

use std::path::PathBuf;

use mnistseq::{write_png, ErrorKind, Format, Params, Split};

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mnistseq-rust-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_generated_u8_image_is_written_as_a_png_of_its_size() {
    let ds = common::open(Split::Test);
    let p = Params::builder()
        .spacing(2, 8)
        .width(130)
        .format(Format::U8)
        .build()
        .unwrap();
    let image: Vec<u8> = ds.generate(&p, &[4, 0, 4], 2).unwrap();
    let dir = temp_dir("png");
    for level in [None, Some(0), Some(9)] {
        let path = dir.join("4-0-4.png");
        write_png(&path, &image, 28, 130, level).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&bytes[12..16], b"IHDR");
        let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
        assert_eq!((be(16), be(20)), (130, 28), "width, height");
        assert_eq!((bytes[24], bytes[25]), (8, 0), "8-bit grayscale");
    }
    // Nothing but the file itself is left in the directory.
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["4-0-4.png"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_png_arguments_are_refused_without_a_file() {
    let dir = temp_dir("png-bad");
    let path = dir.join("x.png");
    let err = write_png(&path, &[0u8; 27], 28, 1, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BufferSize, "{err}");
    // Above 9 is out of range, as for the PNG level parameter.
    let err = write_png(&path, &[0u8; 28], 28, 1, Some(10)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Range, "{err}");
    let err = write_png(&path, &[], 0, 0, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err}");
    let missing = dir.join("no-such-dir").join("x.png");
    let err = write_png(&missing, &[0u8; 28], 28, 1, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io, "{err}");
    assert!(err.message.contains("no-such-dir"), "{}", err.message);
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "no file left behind"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_rgb_image_is_written_as_a_colour_png() {
    let dir = temp_dir("png-rgb");
    let path = dir.join("rgb.png");
    let (rows, cols) = (5u32, 7u32);
    let pixels: Vec<u8> = (0..rows * cols * 3).map(|i| (i * 7 % 256) as u8).collect();
    mnistseq::write_png_rgb(&path, &pixels, rows, cols, Some(6)).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    assert_eq!((be(16), be(20)), (cols, rows), "width, height");
    assert_eq!((bytes[24], bytes[25]), (8, 2), "8-bit RGB");
    // A grey image's bytes are too few for RGB: refused, nothing written.
    let short = dir.join("short.png");
    let err = mnistseq::write_png_rgb(&short, &pixels[..(rows * cols) as usize], rows, cols, None)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BufferSize, "{err}");
    assert!(!short.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
