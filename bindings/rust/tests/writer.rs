//! The dataset writer: outputs, shards, resuming, progress and cancelling.

mod common;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use mnistseq::{Dataset, ErrorKind, Format, Output, Params, Split, Writer};

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mnistseq-rust-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The pixel bytes and shape of a version 1.0 .npy file.
fn read_npy(path: &Path) -> (String, Vec<u8>) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..8], b"\x93NUMPY\x01\x00");
    let header_len = usize::from(u16::from_le_bytes([bytes[8], bytes[9]]));
    let header = String::from_utf8(bytes[10..10 + header_len].to_vec()).unwrap();
    (header, bytes[10 + header_len..].to_vec())
}

fn params(seed: u64) -> Params {
    Params::builder()
        .spacing(0, 6)
        .width(110)
        .lengths(1, 4)
        .seed(seed)
        .format(Format::U8)
        .shard_size(4)
        .build()
        .unwrap()
}

#[test]
fn an_npy_dataset_holds_the_batch_images_and_their_labels() {
    let ds = common::open(Split::Test);
    let p = params(21);
    let dir = temp_dir("npy");
    ds.write_dataset(&dir, &p, None, 10, Output::Npy, false, None)
        .unwrap();
    let (header, pixels) = read_npy(&dir.join("images.npy"));
    assert!(header.contains("'shape': (10, 28, 110)"), "{header}");
    assert!(header.contains("'descr': '|u1'"), "{header}");
    let batch = ds.generate_batch::<u8>(&p, None, 0, 10).unwrap();
    assert_eq!(pixels, batch.images(), "image i is the sample of index i");
    let labels = std::fs::read_to_string(dir.join("labels.jsonl")).unwrap();
    let lines: Vec<&str> = labels.lines().collect();
    assert_eq!(lines.len(), 10);
    for (i, line) in lines.iter().enumerate() {
        let text: String = batch
            .labels(i)
            .iter()
            .map(|d| char::from(b'0' + d))
            .collect();
        assert!(line.contains(&format!("\"index\": {i},")), "{line}");
        assert!(line.contains(&format!("\"text\": \"{text}\"")), "{line}");
    }
    // The manifest is the job's; the temporary state is gone.
    let w = Writer::new(&dir, &ds, &p, None, 10, Output::Npy).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.join("manifest.json")).unwrap(),
        w.manifest().unwrap()
    );
    assert!(!dir.join(".mnistseq-parts").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn png_files_are_numbered_and_listed() {
    let ds = common::open(Split::Test);
    let dir = temp_dir("pngset");
    ds.write_dataset(
        &dir,
        &params(5),
        Some(&[0, 4, 2]),
        6,
        Output::Png,
        false,
        None,
    )
    .unwrap();
    let mut pngs: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".png"))
        .collect();
    pngs.sort();
    let expected: Vec<String> = (0..6).map(|i| format!("{i:09}.png")).collect();
    assert_eq!(pngs, expected);
    let csv = std::fs::read_to_string(dir.join("labels.csv")).unwrap();
    assert_eq!(csv.lines().count(), 7, "header + 6 rows:\n{csv}");
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("000000000.png,\"042\",3,"),
        "{csv}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn shards_are_written_one_at_a_time_and_finish_needs_them_all() {
    let ds = common::open(Split::Test);
    let p = params(8);
    let dir = temp_dir("shards");
    let mut w = Writer::new(&dir, &ds, &p, None, 10, Output::Tar).unwrap();
    assert_eq!(w.shard_count().unwrap(), 3);
    assert_eq!(w.shard_range(0).unwrap(), 0..4);
    assert_eq!(w.shard_range(2).unwrap(), 8..10);
    assert_eq!(
        w.shard_range(3).unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    w.begin(false).unwrap();
    w.write_shard(1, None).unwrap();
    let done: Vec<bool> = (0..3).map(|s| w.shard_done(s).unwrap()).collect();
    assert_eq!(done, [false, true, false]);
    let err = w.finish().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err}");
    // The other shards, from two threads sharing the writer.
    std::thread::scope(|s| {
        s.spawn(|| w.write_shard(0, None).unwrap());
        s.spawn(|| w.write_shard(2, None).unwrap());
    });
    w.finish().unwrap();
    for k in 0..3 {
        assert!(dir.join(format!("shard-{k:06}.tar")).is_file(), "shard {k}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn another_job_in_the_directory_needs_force() {
    let ds = common::open(Split::Test);
    let dir = temp_dir("exists");
    ds.write_dataset(&dir, &params(1), None, 4, Output::Npy, false, None)
        .unwrap();
    let first = std::fs::read(dir.join("images.npy")).unwrap();
    // The same job again: nothing to do, nothing changes.
    ds.write_dataset(&dir, &params(1), None, 4, Output::Npy, false, None)
        .unwrap();
    assert_eq!(std::fs::read(dir.join("images.npy")).unwrap(), first);
    let err = ds
        .write_dataset(&dir, &params(2), None, 4, Output::Npy, false, None)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Exists, "{err}");
    assert!(err.message.contains("seed"), "{}", err.message);
    ds.write_dataset(&dir, &params(2), None, 4, Output::Npy, true, None)
        .unwrap();
    assert_ne!(std::fs::read(dir.join("images.npy")).unwrap(), first);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn progress_reports_every_image_and_can_cancel_and_resume() {
    let ds = common::open(Split::Test);
    let p = params(3);
    let dir = temp_dir("progress");
    let mut seen: Vec<(u64, u64)> = Vec::new();
    // Cancels while shard 1 (images 4..8) is being written.
    let mut cancel_in_shard_1 = |done: u64, total: u64| {
        seen.push((done, total));
        if done > 4 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    };
    let err = ds
        .write_dataset(
            &dir,
            &p,
            None,
            12,
            Output::Npy,
            false,
            Some(&mut cancel_in_shard_1),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Canceled, "{err}");
    assert!(seen.iter().all(|&(_, total)| total == 12));
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");
    assert!(!dir.join("images.npy").exists(), "not finished");
    let w = Writer::new(&dir, &ds, &p, None, 12, Output::Npy).unwrap();
    let done: Vec<bool> = (0..3).map(|s| w.shard_done(s).unwrap()).collect();
    assert_eq!(done, [true, false, false], "shard 0 kept, shard 1 removed");

    // Running the job again resumes: shard 0 counts as done at once.
    let mut resumed: Vec<u64> = Vec::new();
    let mut record = |done: u64, _total: u64| {
        resumed.push(done);
        ControlFlow::Continue(())
    };
    ds.write_dataset(&dir, &p, None, 12, Output::Npy, false, Some(&mut record))
        .unwrap();
    assert_eq!(resumed[0], 4, "{resumed:?}");
    assert_eq!(*resumed.last().unwrap(), 12);
    let (_, pixels) = read_npy(&dir.join("images.npy"));
    assert_eq!(
        pixels,
        ds.generate_batch::<u8>(&p, None, 0, 12)
            .unwrap()
            .into_images()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_panic_in_the_callback_cancels_then_propagates() {
    let ds = common::open(Split::Test);
    let p = params(4);
    let dir = temp_dir("panic");
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut boom = |_: u64, _: u64| -> ControlFlow<()> { panic!("stop here") };
        let _ = ds.write_dataset(&dir, &p, None, 8, Output::Npy, false, Some(&mut boom));
    }));
    let payload = result.unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"stop here"));
    // The job is intact and completes when run again.
    ds.write_dataset(&dir, &p, None, 8, Output::Npy, false, None)
        .unwrap();
    assert!(dir.join("images.npy").is_file());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_jobs_fail_before_touching_the_directory() {
    let ds: Dataset = common::open(Split::Test);
    let dir = temp_dir("bad");
    let cases: Vec<(Params, Option<&[u8]>, u64, ErrorKind)> = vec![
        (params(0), None, 0, ErrorKind::InvalidArgument),
        (params(0), Some(&[1, 12]), 5, ErrorKind::InvalidArgument),
        (
            Params::builder().build().unwrap(),
            None,
            5,
            ErrorKind::InvalidArgument,
        ),
        (
            params(0),
            None,
            u64::from(mnistseq::sys::MSEQ_MAX_DATASET) + 1,
            ErrorKind::Range,
        ),
    ];
    for (p, digits, count, kind) in cases {
        let err = Writer::new(&dir, &ds, &p, digits, count, Output::Png)
            .err()
            .unwrap();
        assert_eq!(err.kind(), kind, "{err}");
        assert!(!err.message.is_empty());
    }
    assert!(!dir.exists());
}

#[test]
fn verify_dataset_lists_what_is_missing() {
    let ds = common::open(Split::Test);
    let dir = temp_dir("verify");
    ds.write_dataset(&dir, &params(2), None, 9, Output::Png, false, None)
        .unwrap();
    assert!(mnistseq::verify_dataset(&dir, None, 9).unwrap().is_empty());
    std::fs::remove_file(dir.join("000000005.png")).unwrap();
    let problems = mnistseq::verify_dataset(&dir, None, 9).unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("000000005.png: missing"),
        "{problems:?}"
    );
    let err = mnistseq::verify_dataset(&dir.join("nothing"), None, 1).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io, "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn png_recipe_puts_each_images_recipe_in_its_png() {
    let ds = common::open(Split::Test);
    let with = Params::builder()
        .spacing(0, 6)
        .width(110)
        .lengths(1, 4)
        .seed(5)
        .shard_size(4)
        .png_recipe(true)
        .build()
        .unwrap();
    let dir = temp_dir("png-recipe");
    ds.write_dataset(&dir, &with, None, 6, Output::Png, false, None)
        .unwrap();
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"png_recipe\": true"), "{manifest}");
    let batch = ds.generate_batch::<u8>(&params(5), None, 0, 6).unwrap();
    for i in 0..6 {
        let file = dir.join(format!("{i:09}.png"));
        let recipe = mnistseq::read_png_text(&file, "mnistseq-recipe")
            .unwrap()
            .expect("a recipe chunk");
        let text: String = batch
            .labels(i)
            .iter()
            .map(|d| char::from(b'0' + d))
            .collect();
        assert_eq!(
            recipe,
            format!("{text} 0 6 110 --seed 5 --index {i} --split test")
        );
        let data = mnistseq::read_png_text(&file, "mnistseq-data")
            .unwrap()
            .expect("a data chunk");
        assert!(data.starts_with("t10k-images-idx3-ubyte sha256:"), "{data}");
    }
    // Without it: no chunk, and a resume with it is another job.
    let without = temp_dir("png-no-recipe");
    ds.write_dataset(&without, &params(5), None, 6, Output::Png, false, None)
        .unwrap();
    let first = without.join("000000000.png");
    assert_eq!(
        mnistseq::read_png_text(&first, "mnistseq-recipe").unwrap(),
        None
    );
    let refused = ds
        .write_dataset(&without, &with, None, 6, Output::Png, false, None)
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Exists);
    assert!(refused.message.contains("png_recipe"), "{refused}");
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&without).unwrap();
}
