//! The paper's pictures from Rust: `Params::set_background_images` with
//! `Background::Image` darkens the paper by the picture, and a file that
//! cannot be read is refused by name, the pictures kept as they were.

mod common;

use mnistseq::{Background, ErrorKind, Format, Params, Split};

fn stripes(path: &std::path::Path) {
    let (rows, cols) = (40u32, 211u32);
    let px: Vec<u8> = (0..rows * cols)
        .map(|i| {
            if (i % cols / 5 + i / cols / 7) % 2 == 0 {
                40
            } else {
                230
            }
        })
        .collect();
    mnistseq::write_png(path, &px, rows, cols, None).unwrap();
}

#[test]
fn pictures_darken_the_paper_and_bad_files_are_refused() {
    let ds = common::open(Split::Test);
    let dir = std::env::temp_dir().join(format!("mnistseq-rs-pictures-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let picture = dir.join("paper.png");
    stripes(&picture);
    let builder = || {
        Params::builder()
            .spacing(0, 10)
            .width(160)
            .seed(2)
            .format(Format::U8)
            .background_strength(1.0)
    };
    let flat = builder().build().unwrap();
    let mut params = builder().background(Background::Image).build().unwrap();
    let missing = ds.generate::<u8>(&params, &[3, 1, 4], 4).unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::InvalidArgument);
    params.set_background_images(&[&picture]).unwrap();
    let plain: Vec<u8> = ds.generate(&flat, &[3, 1, 4], 4).unwrap();
    let shown: Vec<u8> = ds.generate(&params, &[3, 1, 4], 4).unwrap();
    assert!(shown.iter().zip(&plain).all(|(s, p)| s <= p));
    let darker = shown
        .iter()
        .zip(&plain)
        .filter(|(s, p)| **p == 255 && **s < 255)
        .count();
    assert!(
        darker > plain.len() / 4,
        "only {darker} paper pixels darkened"
    );

    let err = params
        .set_background_images(&[dir.join("missing.png")])
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
    assert!(err.to_string().contains("missing.png"), "{err}");
    let again: Vec<u8> = ds.generate(&params, &[3, 1, 4], 4).unwrap();
    assert_eq!(again, shown);
    std::fs::remove_dir_all(&dir).unwrap();
}
