//! Single-image generation: shape, colours, layout, determinism, errors.

mod common;

use mnistseq::{Align, ErrorKind, Fit, Format, Param, Params, Placement, Split};

const ROWS: usize = 28;

fn params(min: u32, max: u32, width: u32, seed: u64) -> mnistseq::ParamsBuilder {
    Params::builder().spacing(min, max).width(width).seed(seed)
}

fn layout_of(
    ds: &mnistseq::Dataset,
    p: &Params,
    digits: &[u8],
    index: u64,
) -> (Vec<f32>, mnistseq::Layout) {
    let width = p.get(Param::Width).unwrap() as usize;
    let mut image = vec![f32::NAN; ROWS * width];
    let layout = ds
        .generate_with_layout(&mut image, p, digits, index)
        .unwrap();
    (image, layout)
}

#[test]
fn image_shows_the_source_glyphs_black_on_white_at_their_placements() {
    let ds = common::open(Split::Test);
    let (images_path, labels_path) = ds.files().unwrap();
    let labels = common::read_idx_labels(&labels_path);
    let (_, rows, cols, glyphs) = common::read_idx_images(&images_path);
    let digits = [3u8, 5, 0, 9];
    let width = 200usize;
    let p = params(2, 8, width as u32, 11).build().unwrap();
    let (image, layout) = layout_of(&ds, &p, &digits, 4);
    assert_eq!(layout.scale, 1.0);
    assert_eq!(layout.placements.len(), digits.len());

    let mut covered = vec![false; ROWS * width];
    for (i, (pl, &d)) in layout.placements.iter().zip(&digits).enumerate() {
        assert_eq!(pl.label, i32::from(d));
        let src = pl.source_index as usize;
        assert_eq!(
            labels[src], d,
            "placement {i} points at a glyph of another class"
        );
        assert_eq!((pl.y_begin, pl.y_end), (0, ROWS as i32));
        assert_eq!((pl.x_end - pl.x_begin) as usize, cols);
        assert!(pl.x_begin >= 0 && pl.x_end as usize <= width, "{pl:?}");
        let glyph = &glyphs[src * rows * cols..(src + 1) * rows * cols];
        for y in 0..rows {
            for x in 0..cols {
                let px = y * width + pl.x_begin as usize + x;
                let expected = 1.0 - f32::from(glyph[y * cols + x]) / 255.0;
                assert!(
                    (image[px] - expected).abs() < 1e-6,
                    "digit {i} at ({y},{x})"
                );
                covered[px] = true;
            }
        }
    }
    // Everything outside the glyph cells is white background.
    for (px, &v) in image.iter().enumerate() {
        if !covered[px] {
            assert_eq!(v, 1.0, "pixel {px} outside every glyph cell");
        }
    }
}

#[test]
fn gaps_stay_in_the_inclusive_range_and_the_strip_is_centred() {
    let ds = common::open(Split::Train);
    let p = params(3, 7, 400, 5).build().unwrap();
    let mut seen = std::collections::HashSet::new();
    for index in 0..50 {
        let (_, layout) = layout_of(&ds, &p, &[1, 2, 3, 4, 5, 6], index);
        let pls = &layout.placements;
        for w in pls.windows(2) {
            let gap = w[1].x_begin - w[0].x_end;
            assert!((3..=7).contains(&gap), "gap {gap}");
            seen.insert(gap);
        }
        let strip = pls[5].x_end - pls[0].x_begin;
        assert_eq!(pls[0].x_begin, (400 - strip) / 2, "centre alignment");
    }
    // Both ends of the range occur: the range is inclusive.
    assert_eq!(seen.len(), 5, "{seen:?}");
}

#[test]
fn negative_spacing_overlaps_the_digits_with_the_darker_ink() {
    let ds = common::open(Split::Test);
    let (images_path, _) = ds.files().unwrap();
    let (_, rows, cols, glyphs) = common::read_idx_images(&images_path);
    let p = Params::builder()
        .signed_spacing(-12, -6)
        .width(120)
        .seed(3)
        .build()
        .unwrap();
    let (image, layout) = layout_of(&ds, &p, &[0, 8, 0], 2);
    assert_eq!(layout.scale, 1.0);
    let pls = &layout.placements;
    for w in pls.windows(2) {
        let overlap = w[0].x_end - w[1].x_begin;
        assert!((6..=12).contains(&overlap), "{pls:?}");
    }
    // Every pixel is the largest ink of the cells covering it.
    for y in 0..rows {
        for x in 0..120usize {
            let mut ink = 0u8;
            for pl in pls {
                let (b, e) = (pl.x_begin as usize, pl.x_end as usize);
                if (b..e).contains(&x) {
                    let g = pl.source_index as usize * rows * cols;
                    ink = ink.max(glyphs[g + y * cols + x - b]);
                }
            }
            let expected = f32::from(255 - ink) * (1.0f32 / 255.0);
            assert_eq!(image[y * 120 + x], expected, "({y},{x})");
        }
    }
    let too_far = Params::builder()
        .signed_spacing(-28, 0)
        .width(120)
        .build()
        .unwrap();
    let err = ds
        .generate_with_layout(&mut vec![0.0; ROWS * 120], &too_far, &[1, 2], 0)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(err.to_string().contains("min_spacing -28"), "{err}");
}

#[test]
fn left_and_right_alignment() {
    let ds = common::open(Split::Train);
    let left = params(0, 4, 300, 1).align(Align::Left).build().unwrap();
    let right = params(0, 4, 300, 1).align(Align::Right).build().unwrap();
    let (_, l) = layout_of(&ds, &left, &[7, 7], 0);
    let (_, r) = layout_of(&ds, &right, &[7, 7], 0);
    assert_eq!(l.placements[0].x_begin, 0);
    assert_eq!(r.placements[1].x_end, 300);
}

#[test]
fn same_index_same_bytes_other_index_or_seed_other_image() {
    let ds = common::open(Split::Train);
    let p = params(2, 8, 160, 42).build().unwrap();
    let a: Vec<f32> = ds.generate(&p, &[1, 2, 3, 4, 5], 7).unwrap();
    let b: Vec<f32> = ds.generate(&p, &[1, 2, 3, 4, 5], 7).unwrap();
    assert_eq!(a.len(), ROWS * 160);
    assert!(a.iter().zip(&b).all(|(x, y)| x.to_bits() == y.to_bits()));
    let c: Vec<f32> = ds.generate(&p, &[1, 2, 3, 4, 5], 8).unwrap();
    assert_ne!(a, c);
    let other_seed = params(2, 8, 160, 43).build().unwrap();
    let d: Vec<f32> = ds.generate(&other_seed, &[1, 2, 3, 4, 5], 7).unwrap();
    assert_ne!(a, d);
}

#[test]
fn u8_is_the_rounded_f32_and_invert_swaps_the_colours() {
    let ds = common::open(Split::Test);
    let f = params(1, 5, 150, 9).build().unwrap();
    let u = params(1, 5, 150, 9).format(Format::U8).build().unwrap();
    let inv = params(1, 5, 150, 9).invert(true).build().unwrap();
    let digits = [8u8, 6, 4];
    let fimg: Vec<f32> = ds.generate(&f, &digits, 3).unwrap();
    let uimg: Vec<u8> = ds.generate(&u, &digits, 3).unwrap();
    let iimg: Vec<f32> = ds.generate(&inv, &digits, 3).unwrap();
    assert_eq!(ds.image_size(&u).unwrap(), ROWS * 150);
    assert_eq!(ds.image_size(&f).unwrap(), ROWS * 150 * 4);
    assert_eq!(uimg.len(), fimg.len());
    for i in 0..fimg.len() {
        assert_eq!(uimg[i], (fimg[i] * 255.0).round() as u8, "pixel {i}");
        assert!((iimg[i] - (1.0 - fimg[i])).abs() < 1e-6, "pixel {i}");
    }
    assert_eq!(iimg[0], 0.0, "inverted background is black");
}

#[test]
fn a_wide_strip_is_scaled_down_and_centred_vertically() {
    let ds = common::open(Split::Train);
    // Five 28-pixel glyphs, no gaps: a 140-pixel strip into 70 pixels.
    let p = params(0, 0, 70, 3).build().unwrap();
    let (image, layout) = layout_of(&ds, &p, &[0, 1, 2, 3, 4], 0);
    assert!((layout.scale - 0.5).abs() < 1e-6, "scale {}", layout.scale);
    for pl in &layout.placements {
        assert_eq!((pl.y_begin, pl.y_end), (7, 21), "{pl:?}");
        assert!(pl.x_begin >= 0 && pl.x_end <= 70);
    }
    // Rows above and below the scaled strip are background.
    assert!(image[..7 * 70].iter().all(|&v| v == 1.0));
    assert!(image[21 * 70..].iter().all(|&v| v == 1.0));
    assert!(image.iter().all(|&v| (0.0..=1.0).contains(&v)));
}

#[test]
fn exact_fills_the_width_or_reports_no_fit() {
    let ds = common::open(Split::Train);
    let p = params(0, 10, 100, 2).fit(Fit::Exact).build().unwrap();
    for index in 0..10 {
        let (_, layout) = layout_of(&ds, &p, &[4, 2, 1], index);
        assert_eq!(layout.placements[0].x_begin, 0);
        assert_eq!(layout.placements[2].x_end, 100);
    }
    let impossible = params(0, 0, 100, 2).fit(Fit::Exact).build().unwrap();
    let err = ds.generate::<f32>(&impossible, &[4, 2, 1], 0).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NoFit, "{err}");
}

#[test]
fn strict_refuses_a_strip_wider_than_the_width() {
    let ds = common::open(Split::Train);
    let p = params(0, 0, 50, 0).fit(Fit::Strict).build().unwrap();
    let err = ds.generate::<f32>(&p, &[1, 2], 0).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NoFit, "{err}");
    assert!(!err.message.is_empty());
    let fits = params(0, 0, 56, 0).fit(Fit::Strict).build().unwrap();
    assert!(ds.generate::<f32>(&fits, &[1, 2], 0).is_ok());
}

#[test]
fn bad_arguments_are_invalid_with_a_message() {
    let ds = common::open(Split::Test);
    let ok = params(0, 2, 100, 0).build().unwrap();
    let cases: Vec<(&str, Params, Vec<u8>)> = vec![
        (
            "digit 10",
            params(0, 2, 100, 0).build().unwrap(),
            vec![1, 10],
        ),
        (
            "empty sequence",
            params(0, 2, 100, 0).build().unwrap(),
            vec![],
        ),
        (
            "width not set",
            Params::builder().spacing(0, 2).build().unwrap(),
            vec![1],
        ),
        (
            "min > max",
            params(5, 2, 100, 0).build().unwrap(),
            vec![1, 2],
        ),
    ];
    for (what, p, digits) in cases {
        let err = ds.generate::<f32>(&p, &digits, 0).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{what}: {err}");
        assert!(!err.message.is_empty(), "{what}");
    }
    assert!(ds.generate::<f32>(&ok, &[1], 0).is_ok());
}

#[test]
fn a_too_small_buffer_is_refused_and_a_larger_one_works() {
    let ds = common::open(Split::Test);
    let p = params(0, 2, 100, 0).build().unwrap();
    let mut small = vec![0f32; ROWS * 100 - 1];
    let err = ds.generate_into(&mut small, &p, &[1, 2], 0).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BufferSize, "{err}");
    let mut big = vec![-1f32; ROWS * 100 + 10];
    ds.generate_into(&mut big, &p, &[1, 2], 0).unwrap();
    let exact: Vec<f32> = ds.generate(&p, &[1, 2], 0).unwrap();
    assert_eq!(&big[..ROWS * 100], &exact[..]);
}

#[test]
fn the_pixel_type_must_match_the_format() {
    let ds = common::open(Split::Test);
    let f32_params = params(0, 2, 100, 0).build().unwrap();
    let err = ds.generate::<u8>(&f32_params, &[1], 0).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(err.message.contains("format"), "{}", err.message);
    let mut out = vec![0f32; ROWS * 100];
    let u8_params = params(0, 2, 100, 0).format(Format::U8).build().unwrap();
    let err = ds.generate_into(&mut out, &u8_params, &[1], 0).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
}

#[test]
fn params_reject_values_outside_their_domain_and_stay_unchanged() {
    let mut p = Params::new().unwrap();
    assert_eq!(p.get(Param::Width).unwrap(), 0, "width starts unset");
    assert_eq!(p.format().unwrap(), Format::F32);
    p.set(Param::Fit, 1).unwrap();
    let err = p.set(Param::Fit, 99).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(p.get(Param::Fit).unwrap(), 1);
    // Gaps may be negative (overlapping digits), down to 1 - the widest
    // glyph.
    let least = 1 - i64::from(mnistseq::sys::MSEQ_MAX_GLYPH_SIDE);
    let err = p.set(Param::MinSpacing, least - 1).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(p.get(Param::MinSpacing).unwrap(), 0);
    p.set(Param::MinSpacing, least).unwrap();
    assert_eq!(p.get(Param::MinSpacing).unwrap(), least);
    p.set(Param::MinSpacing, 0).unwrap();
    let err = p
        .set(Param::Width, i64::from(mnistseq::sys::MSEQ_MAX_WIDTH) + 1)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Range, "{err}");
    assert_eq!(p.get(Param::Width).unwrap(), 0);
    // The builder reports the first rejected value.
    let err = Params::builder()
        .width(100)
        .set(Param::Align, 17)
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    // All 64 bits of the seed survive.
    let p = Params::builder().seed(u64::MAX).build().unwrap();
    assert_eq!(p.get(Param::Seed).unwrap(), -1);
    assert!(format!("{p:?}").contains("Seed: -1"));
}

#[test]
fn placements_are_plain_c_structs() {
    assert_eq!(std::mem::size_of::<Placement>(), 6 * 4);
    assert_eq!(std::mem::align_of::<Placement>(), 4);
}
