//! Opening data sets, their metadata, errors and versions.

mod common;

use std::path::Path;

use mnistseq::{strerror, sys, Dataset, ErrorKind, Split};

#[test]
fn both_splits_open_with_consistent_class_counts() {
    for (split, name) in [(Split::Train, "train"), (Split::Test, "t10k")] {
        let ds = common::open(split);
        assert_eq!(ds.glyph_size().unwrap(), (28, 28));
        let total = ds.class_count(None).unwrap();
        let per_class: Vec<usize> = (0..10).map(|d| ds.class_count(Some(d)).unwrap()).collect();
        assert!(per_class.iter().all(|&c| c > 0), "{per_class:?}");
        assert_eq!(per_class.iter().sum::<usize>(), total);
        // The counts agree with the labels file, read independently.
        let (images, labels) = ds.files().unwrap();
        let names = (images.to_string_lossy(), labels.to_string_lossy());
        assert!(
            names.0.contains(name) && names.0.contains("images"),
            "{}",
            names.0
        );
        assert!(
            names.1.contains(name) && names.1.contains("labels"),
            "{}",
            names.1
        );
        let file_labels = common::read_idx_labels(&labels);
        assert_eq!(file_labels.len(), total);
        for (d, &count) in per_class.iter().enumerate() {
            assert_eq!(
                file_labels.iter().filter(|&&l| usize::from(l) == d).count(),
                count
            );
        }
    }
}

#[test]
fn train_and_test_are_different_files() {
    let (train, test) = (common::open(Split::Train), common::open(Split::Test));
    assert_ne!(train.files().unwrap(), test.files().unwrap());
    assert_ne!(
        train.class_count(None).unwrap(),
        test.class_count(None).unwrap()
    );
}

#[test]
fn an_explicit_path_opens_the_same_files() {
    let ds = common::open(Split::Test);
    let (images, labels) = ds.files().unwrap();
    let dir = images.parent().unwrap();
    let again = Dataset::open(Some(dir), Split::Test).unwrap();
    assert_eq!(again.files().unwrap(), (images.clone(), labels));
    assert_eq!(
        again.class_count(None).unwrap(),
        ds.class_count(None).unwrap()
    );
}

#[test]
fn a_missing_directory_is_not_found_and_named() {
    let dir = Path::new("/nonexistent/mnistseq-rust-test");
    let err = Dataset::open(Some(dir), Split::Train).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert_eq!(err.code, sys::MSEQ_ENOTFOUND);
    assert!(
        err.message.contains("mnistseq-rust-test"),
        "{}",
        err.message
    );
    // Display gives the code's description and the detail.
    let shown = err.to_string();
    assert!(shown.starts_with(strerror(err.code)), "{shown}");
    assert!(shown.contains(&err.message), "{shown}");
}

#[test]
fn a_path_with_a_nul_byte_is_refused() {
    let err = Dataset::open(Some(Path::new("data\0dir")), Split::Train).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(err.message.contains("NUL"), "{}", err.message);
}

#[test]
fn a_malformed_file_is_a_format_error() {
    let dir = std::env::temp_dir().join(format!("mnistseq-rust-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Labels are fine, images have a wrong magic number.
    std::fs::write(
        dir.join("t10k-labels-idx1-ubyte"),
        [0u8, 0, 8, 1, 0, 0, 0, 1, 7],
    )
    .unwrap();
    let mut images = vec![0u8, 0, 8, 4, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, 28];
    images.resize(16 + 28 * 28, 0);
    std::fs::write(dir.join("t10k-images-idx3-ubyte"), &images).unwrap();
    let err = Dataset::open(Some(&dir), Split::Test).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(err.kind(), ErrorKind::Format, "{err}");
    assert!(err.message.contains("t10k-images"), "{}", err.message);
}

#[test]
fn a_class_outside_0_to_9_is_invalid() {
    let ds = common::open(Split::Test);
    let err = ds.class_count(Some(10)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(!err.message.is_empty());
}

#[test]
fn errors_are_std_errors() {
    let err = Dataset::open(Some(Path::new("/nonexistent")), Split::Test).unwrap_err();
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(err.clone());
    assert_eq!(boxed.to_string(), err.to_string());
}

#[test]
fn dataset_and_params_can_cross_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Dataset>();
    shareable::<mnistseq::Params>();
}

#[test]
fn runtime_version_matches_the_declarations() {
    let n = mnistseq::version_number();
    assert_eq!(n / 10000, sys::MSEQ_VERSION_MAJOR);
    assert_eq!(n, sys::MSEQ_VERSION_NUMBER);
    let expected = format!("{}.{}.{}", n / 10000, n / 100 % 100, n % 100);
    assert_eq!(mnistseq::version(), expected);
    assert_eq!(env!("CARGO_PKG_VERSION_MAJOR"), (n / 10000).to_string());
}

#[test]
fn strerror_names_each_code() {
    let codes = [
        sys::MSEQ_EINVAL,
        sys::MSEQ_ENOMEM,
        sys::MSEQ_ENOTFOUND,
        sys::MSEQ_EIO,
        sys::MSEQ_EFORMAT,
        sys::MSEQ_EBUFSIZE,
        sys::MSEQ_ENOFIT,
        sys::MSEQ_ERANGE,
        sys::MSEQ_EEXIST,
        sys::MSEQ_EINTERNAL,
    ];
    let unknown = strerror(-999);
    assert_eq!(unknown, "unknown error");
    let mut seen = std::collections::HashSet::new();
    for code in codes {
        let s = strerror(code);
        assert!(!s.is_empty() && s != unknown, "code {code}: {s:?}");
        assert!(seen.insert(s), "two codes share {s:?}");
    }
}

#[test]
fn image_shape_follows_the_height_and_every_output_has_it() {
    let ds = common::open(Split::Train);
    let plain = mnistseq::Params::builder().width(90).build().unwrap();
    assert_eq!(ds.image_shape(&plain).unwrap(), (28, 90));
    for height in [16u32, 32, 64] {
        let params = mnistseq::Params::builder()
            .width(90)
            .height(height)
            .margins(3, 2)
            .spacing(0, 4)
            .seed(9)
            .build()
            .unwrap();
        let rows = height as usize;
        assert_eq!(ds.image_shape(&params).unwrap(), (rows, 90));
        assert_eq!(ds.image_size(&params).unwrap(), rows * 90 * 4);
        let image: Vec<f32> = ds.generate(&params, &[4, 2], 0).unwrap();
        assert_eq!(image.len(), rows * 90);
        let batch = ds.generate_batch::<f32>(&params, None, 0, 3).unwrap();
        assert_eq!(batch.rows(), rows);
        // The margins stay background.
        for y in 0..rows {
            for x in 0..90 {
                if !(2..rows - 2).contains(&y) || !(3..87).contains(&x) {
                    assert_eq!(image[y * 90 + x], 1.0, "({x}, {y})");
                }
            }
        }
    }
    let bad = mnistseq::Params::builder()
        .width(90)
        .margins(45, 0)
        .build()
        .unwrap();
    let err = ds.image_shape(&bad).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(err.to_string().contains("margin_x"), "{err}");
}
