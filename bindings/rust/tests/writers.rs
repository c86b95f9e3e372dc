//! One writer per image: `Dataset::open_with_writers`, `Param::Writer`,
//! `Dataset::glyph_writer`, checked against QMNIST's extended labels read
//! here (MNISTSEQ_QMNIST_DIR; skipped without it, a failure under CI=true).

mod common;

use std::collections::HashSet;
use std::io::Read;
use std::path::PathBuf;

use mnistseq::{sys, Dataset, ErrorKind, Param, Params, Split};

fn qmnist_test_file() -> Option<PathBuf> {
    match std::env::var_os("MNISTSEQ_QMNIST_DIR") {
        Some(dir) => Some(PathBuf::from(dir).join("qmnist-test-labels-idx2-int.gz")),
        None => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "MNISTSEQ_QMNIST_DIR is not set, and CI must run every test"
            );
            None
        }
    }
}

/// The writers of the first `rows` rows, decoded here with `gzip -dc`.
fn writer_column(path: &PathBuf, rows: usize) -> Vec<u64> {
    let mut child = std::process::Command::new("gzip")
        .arg("-dc")
        .arg(path)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("gzip");
    let mut bytes = Vec::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    child.wait().unwrap();
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (0..rows)
        .map(|i| (u64::from(be(12 + i * 32 + 4)) << 32) | u64::from(be(12 + i * 32 + 8)))
        .collect()
}

#[test]
fn every_digit_of_an_image_has_one_writer() {
    let Some(file) = qmnist_test_file() else {
        return;
    };
    let column = writer_column(&file, 10000);
    let ds = Dataset::open_with_writers(None, Split::Test, &file).unwrap();
    let p = Params::builder()
        .spacing(0, 4)
        .width(200)
        .seed(9)
        .set(Param::Writer, i64::from(sys::MSEQ_WRITER_SAME))
        .build()
        .unwrap();
    let digits = [3u8, 1, 4, 1, 5];
    let mut image = vec![0f32; 28 * 200];
    let mut hands = HashSet::new();
    for index in 0..100 {
        let layout = ds
            .generate_with_layout(&mut image, &p, &digits, index)
            .unwrap();
        let first = layout.placements[0].source_index as u32;
        let hand = column[first as usize];
        for placement in &layout.placements {
            assert_eq!(
                column[placement.source_index as usize], hand,
                "image {index}"
            );
        }
        assert_eq!(ds.glyph_writer(first).unwrap(), hand);
        hands.insert(hand);
    }
    assert!(hands.len() > 50, "{}", hands.len());
}

#[test]
fn without_writers_the_choice_is_refused() {
    let ds = common::open(Split::Test);
    assert_eq!(ds.glyph_writer(0).unwrap_err().kind(), ErrorKind::NotFound);
    let p = Params::builder()
        .spacing(0, 0)
        .width(90)
        .set(Param::Writer, i64::from(sys::MSEQ_WRITER_SAME))
        .build()
        .unwrap();
    let err = ds.generate::<f32>(&p, &[1, 2, 3], 0).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(err.to_string().contains("writer same"), "{err}");
    let missing = std::env::temp_dir().join("mnistseq-no-such-writers.gz");
    let err = Dataset::open_with_writers(None, Split::Test, &missing)
        .err()
        .unwrap();
    assert_eq!(err.kind(), ErrorKind::Io);
    assert!(
        err.to_string().contains("mnistseq-no-such-writers.gz"),
        "{err}"
    );
}
