//! Batch generation against single images, thread counts, random sequences.

mod common;

use mnistseq::{ErrorKind, Format, Param, Params, Permutation, Split};

const ROWS: usize = 28;

#[test]
fn batch_image_i_is_the_single_image_of_index_first_plus_i() {
    let ds = common::open(Split::Test);
    let p = Params::builder()
        .spacing(1, 6)
        .width(120)
        .seed(77)
        .build()
        .unwrap();
    let digits = [2u8, 0, 2, 6];
    let batch = ds
        .generate_batch::<f32>(&p, Some(&digits), 100, 12)
        .unwrap();
    assert_eq!((batch.len(), batch.rows(), batch.width()), (12, ROWS, 120));
    assert_eq!(batch.images().len(), 12 * ROWS * 120);
    for i in 0..12 {
        let mut single = vec![0f32; ROWS * 120];
        let layout = ds
            .generate_with_layout(&mut single, &p, &digits, 100 + i as u64)
            .unwrap();
        assert_eq!(batch.image(i), &single[..], "image {i}");
        assert_eq!(batch.placements(i), &layout.placements[..], "image {i}");
        assert_eq!(batch.scale(i), layout.scale);
        assert_eq!(batch.sequence_len(i), 4);
        assert_eq!(batch.labels(i), digits);
    }
    assert_ne!(batch.image(0), batch.image(1));
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let ds = common::open(Split::Train);
    let build = |threads| {
        Params::builder()
            .spacing(0, 10)
            .width(150)
            .lengths(1, 5)
            .seed(5)
            .threads(threads)
            .build()
            .unwrap()
    };
    let one = ds.generate_batch::<f32>(&build(1), None, 0, 64).unwrap();
    let two = ds.generate_batch::<f32>(&build(2), None, 0, 64).unwrap();
    let all = ds.generate_batch::<f32>(&build(0), None, 0, 64).unwrap();
    assert_eq!(one, two);
    assert_eq!(one, all);
}

#[test]
fn random_sequences_follow_the_length_parameters() {
    let ds = common::open(Split::Train);
    let p = Params::builder()
        .spacing(0, 4)
        .width(200)
        .lengths(2, 6)
        .no_leading_zero(true)
        .seed(9)
        .build()
        .unwrap();
    let batch = ds
        .generate_batch::<u8>(
            &Params::builder()
                .spacing(0, 4)
                .width(200)
                .lengths(2, 6)
                .no_leading_zero(true)
                .seed(9)
                .format(Format::U8)
                .build()
                .unwrap(),
            None,
            50,
            200,
        )
        .unwrap();
    let mut lengths = std::collections::HashSet::new();
    for i in 0..batch.len() {
        let expected = p.random_sequence(50 + i as u64).unwrap();
        assert_eq!(batch.labels(i), expected, "sample {i}");
        let n = batch.sequence_len(i);
        assert!((2..=6).contains(&n), "length {n}");
        assert_ne!(expected[0], 0, "leading zero in sample {i}");
        assert!(expected.iter().all(|&d| d <= 9));
        lengths.insert(n);
    }
    assert_eq!(lengths.len(), 5, "every length 2..=6 occurs: {lengths:?}");
    // A random-sequence sample equals the single image of its sequence.
    let single: Vec<u8> = ds
        .generate(
            &Params::builder()
                .spacing(0, 4)
                .width(200)
                .lengths(2, 6)
                .no_leading_zero(true)
                .seed(9)
                .format(Format::U8)
                .build()
                .unwrap(),
            &p.random_sequence(53).unwrap(),
            53,
        )
        .unwrap();
    assert_eq!(batch.image(3), &single[..]);
}

#[test]
fn batch_into_a_caller_slice() {
    let ds = common::open(Split::Test);
    let p = Params::builder()
        .spacing(0, 3)
        .width(90)
        .seed(1)
        .build()
        .unwrap();
    let mut out = vec![0f32; 5 * ROWS * 90];
    ds.generate_batch_into(&mut out, &p, Some(&[7, 1]), 0, 5)
        .unwrap();
    let batch = ds.generate_batch::<f32>(&p, Some(&[7, 1]), 0, 5).unwrap();
    assert_eq!(out, batch.into_images());
    let mut short = vec![0f32; 5 * ROWS * 90 - 1];
    let err = ds
        .generate_batch_into(&mut short, &p, Some(&[7, 1]), 0, 5)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BufferSize, "{err}");
}

#[test]
fn bad_batch_counts_and_digits_are_refused() {
    let ds = common::open(Split::Test);
    let p = Params::builder().width(90).build().unwrap();
    let err = ds.generate_batch::<f32>(&p, Some(&[1]), 0, 0).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    let too_many = mnistseq::sys::MSEQ_MAX_BATCH as usize + 1;
    let err = ds
        .generate_batch::<f32>(&p, Some(&[1]), 0, too_many)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Range);
    assert!(err.message.contains("MSEQ_MAX_BATCH"), "{}", err.message);
    let err = ds
        .generate_batch::<f32>(&p, Some(&[1, 11]), 0, 3)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err}");
    let err = ds.generate_batch::<u8>(&p, Some(&[1]), 0, 3).unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::InvalidArgument,
        "format mismatch: {err}"
    );
}

#[test]
fn unique_sequences_in_either_order_cover_the_space() {
    // Lengths 1..=2: 110 sequences; each order gives every one once.
    let order = |permutation| {
        let p = Params::builder()
            .width(100)
            .lengths(1, 2)
            .unique(true)
            .unique_permutation(permutation)
            .seed(4)
            .build()
            .unwrap();
        let raw = if permutation == Permutation::Uniform {
            0
        } else {
            1
        };
        assert_eq!(p.get(Param::UniquePermutation).unwrap(), raw);
        (0..110u64)
            .map(|i| p.random_sequence(i).unwrap())
            .collect::<Vec<_>>()
    };
    let uniform = order(Permutation::Uniform);
    let old = order(Permutation::Feistel1_0);
    assert_ne!(uniform, old, "the two orders differ");
    for seqs in [&uniform, &old] {
        let set: std::collections::HashSet<_> = seqs.iter().collect();
        assert_eq!(set.len(), 110);
    }
    let default = Params::builder().width(100).build().unwrap();
    assert_eq!(default.get(Param::UniquePermutation).unwrap(), 0);
}
