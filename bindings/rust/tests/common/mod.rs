//! Helpers shared by the integration tests. The data comes from the default
//! lookup: `MNISTSEQ_DATA` (set by ctest) or the installed data.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use mnistseq::{Dataset, Split};

pub fn open(split: Split) -> Dataset {
    Dataset::open(None, split).unwrap_or_else(|e| {
        panic!("cannot open the default data (set MNISTSEQ_DATA to an IDX folder): {e}")
    })
}

/// The labels of an IDX1 file (raw or .gz), read independently of the
/// library, to check the source index it reports.
pub fn read_idx_labels(path: &Path) -> Vec<u8> {
    let bytes = if path.extension().map_or(false, |e| e == "gz") {
        let out = Command::new("gzip").arg("-dc").arg(path).output().unwrap();
        assert!(out.status.success(), "gzip -dc {} failed", path.display());
        out.stdout
    } else {
        std::fs::read(path).unwrap()
    };
    assert_eq!(
        &bytes[..4],
        &[0, 0, 8, 1],
        "{} is not IDX1 u8",
        path.display()
    );
    let n = u32::from_be_bytes(bytes[4..8].try_into().unwrap()) as usize;
    assert_eq!(bytes.len(), 8 + n);
    bytes[8..].to_vec()
}

/// The glyphs of an IDX3 file (raw or .gz): (count, rows, cols, pixels).
pub fn read_idx_images(path: &Path) -> (usize, usize, usize, Vec<u8>) {
    let bytes = if path.extension().map_or(false, |e| e == "gz") {
        let out = Command::new("gzip").arg("-dc").arg(path).output().unwrap();
        assert!(out.status.success(), "gzip -dc {} failed", path.display());
        out.stdout
    } else {
        std::fs::read(path).unwrap()
    };
    assert_eq!(
        &bytes[..4],
        &[0, 0, 8, 3],
        "{} is not IDX3 u8",
        path.display()
    );
    let dim =
        |i: usize| u32::from_be_bytes(bytes[4 + 4 * i..8 + 4 * i].try_into().unwrap()) as usize;
    let (n, rows, cols) = (dim(0), dim(1), dim(2));
    assert_eq!(bytes.len(), 16 + n * rows * cols);
    (n, rows, cols, bytes[16..].to_vec())
}
