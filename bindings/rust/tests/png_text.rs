//! PNG text chunks and the source data's digests.

mod common;

use mnistseq::{read_png_text, write_png_text, ErrorKind, Split};

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mnistseq-png-text-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn texts_are_read_back_and_absent_ones_are_none() {
    let path = scratch("t.png");
    let pixels: Vec<u8> = (0..12 * 30).map(|i| (i % 251) as u8).collect();
    write_png_text(
        &path,
        &pixels,
        12,
        30,
        None,
        &[
            ("Software", "rust test"),
            ("mnistseq-recipe", "350 2 8 200 --seed 1"),
        ],
    )
    .unwrap();
    assert_eq!(
        read_png_text(&path, "mnistseq-recipe").unwrap().as_deref(),
        Some("350 2 8 200 --seed 1")
    );
    assert_eq!(
        read_png_text(&path, "Software").unwrap().as_deref(),
        Some("rust test")
    );
    assert_eq!(read_png_text(&path, "Comment").unwrap(), None);
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn bad_texts_and_files_are_errors() {
    let path = scratch("bad.png");
    let err = write_png_text(&path, &[0u8; 4], 2, 2, None, &[(" lead", "x")]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(err.to_string().contains("keyword"), "{err}");
    assert!(!path.exists(), "nothing is written");
    let err = read_png_text(&scratch("gone.png"), "k").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    std::fs::write(&path, b"not a png").unwrap();
    let err = read_png_text(&path, "k").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Format);
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn dataset_digests_are_64_hex_digits_and_differ() {
    let ds = common::open(Split::Test);
    let (images, labels) = ds.sha256().unwrap();
    assert_eq!(images.len(), 64);
    assert!(images
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    assert_ne!(images, labels);
    assert_eq!(
        ds.sha256().unwrap(),
        (images, labels),
        "the same every call"
    );
}
