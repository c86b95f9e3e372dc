//! Per-digit augmentation through the builder, and annotated images: ink
//! boxes and instance masks.

mod common;

use mnistseq::{Annotated, ErrorKind, Format, InkBox, Param, Params, ParamsBuilder, Split};

const ROWS: usize = 28;

/// Every augmentation method of the builder, with its key and its largest
/// value (the library's table).
type Setter = fn(ParamsBuilder, f64) -> ParamsBuilder;
const KEYS: [(Param, Setter, f64); 6] = [
    (Param::Rotate, ParamsBuilder::rotate, 180.0),
    (Param::Shear, ParamsBuilder::shear, 60.0),
    (Param::DigitScale, ParamsBuilder::digit_scale, 0.9),
    (Param::Aspect, ParamsBuilder::aspect, 0.9),
    (
        Param::ShiftY,
        ParamsBuilder::shift_y,
        mnistseq::sys::MSEQ_MAX_GLYPH_SIDE as f64,
    ),
    (Param::Thickness, ParamsBuilder::thickness, 4.0),
];

fn base(width: u32) -> ParamsBuilder {
    Params::builder().spacing(2, 6).width(width).seed(11)
}

/// A value of each key that visibly changes digits.
fn some(b: ParamsBuilder) -> ParamsBuilder {
    b.rotate(25.0)
        .shear(20.0)
        .digit_scale(0.3)
        .aspect(0.3)
        .shift_y(3.0)
        .thickness(1.5)
}

#[test]
fn the_builder_methods_set_their_keys_within_the_table_bounds() {
    for (key, set, max) in KEYS {
        let info = key.info().unwrap();
        assert_eq!(info.max_f64, max, "{key:?}");
        assert_eq!(info.min_f64, 0.0, "{key:?}");
        let p = set(base(100), max / 2.0).build().unwrap();
        assert_eq!(p.get_f64(key).unwrap(), max / 2.0, "{key:?}");
        let p = set(base(100), max).build().unwrap();
        assert_eq!(p.get_f64(key).unwrap(), max, "{key:?}");
        assert_eq!(Params::new().unwrap().get_f64(key).unwrap(), 0.0);
        assert!(
            format!("{p:?}").contains(&format!("{key:?}: {max:?}")),
            "{p:?}"
        );
    }
}

#[test]
fn the_builder_reports_the_first_bad_value_naming_its_key() {
    for (key, set, max) in KEYS {
        let name = format!("MSEQ_PARAM_{}", key.info().unwrap().name).to_uppercase();
        let cases = [
            (-1.0, ErrorKind::InvalidArgument),
            (-1e-9, ErrorKind::InvalidArgument),
            (max * 1.5 + 1.0, ErrorKind::Range),
            (f64::NAN, ErrorKind::InvalidArgument),
            (f64::INFINITY, ErrorKind::InvalidArgument),
            (f64::NEG_INFINITY, ErrorKind::InvalidArgument),
        ];
        for (value, kind) in cases {
            // the bad value is reported, not the later one
            let err = set(base(100), value)
                .threads(0)
                .rotate(-5.0)
                .build()
                .unwrap_err();
            assert_eq!(err.kind(), kind, "{key:?} = {value}: {err}");
            assert!(err.message.starts_with(&name), "{key:?}: {}", err.message);
            // Params::set_f64 refuses it the same way and keeps the value
            let mut p = base(100).build().unwrap();
            let err2 = p.set_f64(key, value).unwrap_err();
            assert_eq!((err2.kind(), err2.message), (kind, err.message));
            assert_eq!(p.get_f64(key).unwrap(), 0.0);
        }
    }
    // an earlier bad value wins over a later bad augmentation
    let err = base(100)
        .set(Param::Align, 17)
        .rotate(f64::NAN)
        .build()
        .unwrap_err();
    assert!(err.message.contains("MSEQ_PARAM_ALIGN"), "{err}");
    // the integer keys stay integers
    assert_eq!(
        Params::new()
            .unwrap()
            .get(Param::Rotate)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidArgument
    );
}

#[test]
fn augmentation_changes_the_digits_but_not_their_cells() {
    let ds = common::open(Split::Train);
    let digits = [3u8, 0, 5, 8];
    let plain_p = base(160).build().unwrap();
    let mut plain = vec![0f32; ROWS * 160];
    let plain_layout = ds
        .generate_with_layout(&mut plain, &plain_p, &digits, 4)
        .unwrap();
    for (key, set, max) in KEYS {
        let value = if key == Param::ShiftY { 3.0 } else { max / 3.0 };
        let p = set(base(160), value).build().unwrap();
        let mut image = vec![0f32; ROWS * 160];
        let layout = ds.generate_with_layout(&mut image, &p, &digits, 4).unwrap();
        assert_ne!(image, plain, "{key:?}");
        assert_eq!(layout, plain_layout, "{key:?}");
        assert_eq!(image, ds.generate::<f32>(&p, &digits, 4).unwrap());
        // outside every cell the image stays background
        for x in 0..160 {
            let in_cell = layout
                .placements
                .iter()
                .any(|c| c.x_begin <= x && x < c.x_end);
            if !in_cell {
                for y in 0..ROWS {
                    assert_eq!(image[y * 160 + x as usize], 1.0, "{key:?} ({y}, {x})");
                }
            }
        }
    }
    // zero everywhere: the unaugmented bytes
    let mut zero = base(160);
    for (_, set, _) in KEYS {
        zero = set(zero, 0.0);
    }
    let zero = zero.build().unwrap();
    assert_eq!(ds.generate::<f32>(&zero, &digits, 4).unwrap(), plain);
    // batches apply it too, image i as the single image of index i
    let p = some(base(160)).build().unwrap();
    let batch = ds.generate_batch::<f32>(&p, Some(&digits), 0, 3).unwrap();
    for i in 0..3 {
        assert_eq!(
            batch.image(i),
            &ds.generate::<f32>(&p, &digits, i as u64).unwrap()[..]
        );
    }
}

/// Checks an annotated image: the plain image, the mask exactly on the
/// non-background pixels, every mask pixel in its digit's box.
fn check_annotated<T: mnistseq::Pixel + PartialEq + Copy + std::fmt::Debug>(
    ann: &Annotated<T>,
    plain: &[T],
    width: usize,
    background: T,
    ndigits: usize,
) {
    assert_eq!(ann.image, plain);
    assert_eq!(ann.mask.len(), ROWS * width);
    assert_eq!(ann.boxes.len(), ndigits);
    for (i, (&m, &v)) in ann.mask.iter().zip(&ann.image).enumerate() {
        assert_eq!(m != 0, v != background, "pixel {i}");
        if m != 0 {
            assert!(usize::from(m) <= ndigits);
            let b = ann.boxes[usize::from(m) - 1];
            let (x, y) = ((i % width) as i32, (i / width) as i32);
            assert!(
                b.x_begin <= x && x < b.x_end && b.y_begin <= y && y < b.y_end,
                "pixel ({y}, {x}) of digit {m} outside {b:?}"
            );
        }
    }
    for b in &ann.boxes {
        if b.x_end > b.x_begin {
            assert!(b.x_begin >= 0 && b.x_end as usize <= width, "{b:?}");
            assert!(b.y_begin >= 0 && b.y_begin < b.y_end && b.y_end as usize <= ROWS);
        } else {
            assert_eq!(*b, InkBox::default());
        }
    }
}

#[test]
fn annotated_images_are_the_plain_images_with_boxes_and_masks() {
    let ds = common::open(Split::Test);
    let digits = [9u8, 0, 2, 7];
    let cases = [
        base(160).build().unwrap(),
        some(base(160)).build().unwrap(),
        some(base(160)).signed_spacing(-12, -6).build().unwrap(),
        some(base(70)).build().unwrap(), // scaled down
    ];
    for p in &cases {
        let width = p.get(Param::Width).unwrap() as usize;
        for index in 0..3 {
            let ann = ds.generate_annotated::<f32>(p, &digits, index).unwrap();
            let mut plain = vec![0f32; ROWS * width];
            let layout = ds
                .generate_with_layout(&mut plain, p, &digits, index)
                .unwrap();
            assert_eq!(ann.layout, layout);
            check_annotated(&ann, &plain, width, 1.0, digits.len());
        }
    }
    let inverted = some(base(160))
        .invert(true)
        .format(Format::U8)
        .build()
        .unwrap();
    let ann = ds.generate_annotated::<u8>(&inverted, &digits, 5).unwrap();
    let plain = ds.generate::<u8>(&inverted, &digits, 5).unwrap();
    check_annotated(&ann, &plain, 160, 0, digits.len());
    // the pixel type must match the format, as for generate
    let err = ds
        .generate_annotated::<f32>(&inverted, &digits, 5)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    let err = ds
        .generate_annotated::<f32>(&cases[0], &[1, 12], 0)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
}

#[test]
fn unaugmented_boxes_are_the_tight_boxes_of_the_glyphs() {
    let ds = common::open(Split::Test);
    let (images_path, _) = ds.files().unwrap();
    let (_, rows, cols, glyphs) = common::read_idx_images(&images_path);
    let p = base(180).build().unwrap();
    let ann = ds.generate_annotated::<f32>(&p, &[4, 0, 9, 6], 2).unwrap();
    assert_eq!(ann.layout.scale, 1.0);
    for (b, c) in ann.boxes.iter().zip(&ann.layout.placements) {
        let glyph = &glyphs[c.source_index as usize * rows * cols..][..rows * cols];
        let (mut x0, mut x1, mut y0, mut y1) = (cols, 0, rows, 0);
        for y in 0..rows {
            for x in 0..cols {
                if glyph[y * cols + x] != 0 {
                    x0 = x0.min(x);
                    x1 = x1.max(x + 1);
                    y0 = y0.min(y);
                    y1 = y1.max(y + 1);
                }
            }
        }
        let at = c.x_begin;
        let expected = InkBox {
            x_begin: at + x0 as i32,
            x_end: at + x1 as i32,
            y_begin: y0 as i32,
            y_end: y1 as i32,
        };
        assert_eq!(*b, expected);
    }
}

#[test]
fn ink_boxes_are_plain_c_structs() {
    assert_eq!(std::mem::size_of::<InkBox>(), 4 * 4);
    assert_eq!(std::mem::align_of::<InkBox>(), 4);
}

#[test]
fn annotated_batch_is_each_annotated_image_on_any_thread_count() {
    let ds = common::open(Split::Test);
    for threads in [1, 2, 7] {
        let p = some(base(150))
            .lengths(1, 4)
            .format(Format::U8)
            .threads(threads)
            .build()
            .unwrap();
        let batch = ds.generate_batch_annotated::<u8>(&p, None, 30, 11).unwrap();
        let plain = ds.generate_batch::<u8>(&p, None, 30, 11).unwrap();
        assert_eq!(batch.images(), plain.images());
        assert!(plain.mask(0).is_none() && plain.ink_boxes(0).is_none());
        let mut ink = 0;
        for i in 0..batch.len() {
            let ann = ds
                .generate_annotated::<u8>(&p, &batch.labels(i), 30 + i as u64)
                .unwrap();
            assert_eq!(batch.mask(i).unwrap(), &ann.mask[..], "sample {i}");
            assert_eq!(batch.ink_boxes(i).unwrap(), &ann.boxes[..]);
            ink += ann.mask.iter().filter(|&&v| v != 0).count();
        }
        assert!(ink > 11 * 40);
    }
}
