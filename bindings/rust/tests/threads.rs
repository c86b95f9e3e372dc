//! One Dataset shared by threads gives what one thread gives.

mod common;

use std::sync::Arc;

use mnistseq::{Params, Split};

#[test]
fn threads_sharing_a_dataset_get_the_sequential_images() {
    let ds = common::open(Split::Train);
    let p = Params::builder()
        .spacing(2, 8)
        .width(160)
        .seed(3)
        .build()
        .unwrap();
    let digits = [9u8, 8, 7, 6, 5];
    let sequential: Vec<Vec<f32>> = (0..40)
        .map(|i| ds.generate(&p, &digits, i).unwrap())
        .collect();
    let parallel: Vec<Vec<Vec<f32>>> = std::thread::scope(|s| {
        // Every thread starts before the first join.
        let mut handles = Vec::new();
        for t in 0..4u64 {
            let (ds, p) = (&ds, &p);
            handles.push(s.spawn(move || {
                (0..40u64)
                    .filter(|i| i % 4 == t)
                    .map(|i| ds.generate(p, &digits, i).unwrap())
                    .collect()
            }));
        }
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (t, images) in parallel.iter().enumerate() {
        for (k, image) in images.iter().enumerate() {
            assert_eq!(image, &sequential[t + 4 * k], "thread {t}, image {k}");
        }
    }
}

#[test]
fn a_dataset_can_move_to_another_thread_and_drop_there() {
    let ds = Arc::new(common::open(Split::Test));
    let p = Arc::new(Params::builder().width(60).build().unwrap());
    let here: Vec<f32> = ds.generate(&p, &[4, 2], 1).unwrap();
    let there = {
        let (ds, p) = (Arc::clone(&ds), Arc::clone(&p));
        std::thread::spawn(move || ds.generate::<f32>(&p, &[4, 2], 1).unwrap())
            .join()
            .unwrap()
    };
    assert_eq!(here, there);
    let owned = Arc::try_unwrap(ds).unwrap();
    std::thread::spawn(move || drop(owned)).join().unwrap();
}

#[test]
fn an_error_message_belongs_to_the_failing_thread() {
    let ds = common::open(Split::Test);
    let p = Params::builder().width(60).build().unwrap();
    std::thread::scope(|s| {
        let bad = s.spawn(|| ds.generate::<f32>(&p, &[10], 0).unwrap_err());
        let good = s.spawn(|| (0..100).all(|i| ds.generate::<f32>(&p, &[1, 2], i).is_ok()));
        let err = bad.join().unwrap();
        assert!(good.join().unwrap());
        assert!(!err.message.is_empty());
    });
}
