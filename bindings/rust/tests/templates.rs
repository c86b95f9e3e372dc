//! Templates and texts from Rust: `Template` (counts, unique texts, errors
//! with the column) and `Dataset::generate_text` (per-character labels).

mod common;

use std::collections::HashSet;

use mnistseq::{ErrorKind, Format, Params, Split, Template};

#[test]
fn template_texts_follow_the_seed_and_cover_the_space_when_unique() {
    let t = Template::new("%#-#").unwrap();
    assert_eq!(t.count(), 900);
    assert_eq!(t.max_length(), 4);
    let p = Params::builder().seed(3).build().unwrap();
    let a = t.text(&p, 5).unwrap();
    assert_eq!(a.len(), 4);
    assert_eq!(&a[2..3], "-");
    assert_eq!(t.text(&p, 5).unwrap(), a);
    let u = Params::builder().seed(3).unique(true).build().unwrap();
    let all: HashSet<String> = (0..900).map(|i| t.text(&u, i).unwrap()).collect();
    assert_eq!(all.len(), 900);
    let past = t.text(&u, 900).unwrap_err();
    assert_eq!(past.kind(), ErrorKind::Range);
    assert!(
        past.message.contains("900 distinct texts"),
        "{}",
        past.message
    );
}

#[test]
fn malformed_templates_name_the_column() {
    let e = Template::new("(###) ##x").err().unwrap();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert!(e.message.contains("template column 9"), "{}", e.message);
    let e = Template::new("#\0#").err().unwrap();
    assert!(e.message.contains("column 2"), "{}", e.message);
}

#[test]
fn generate_text_labels_every_character() {
    let ds = common::open(Split::Test);
    let p = Params::builder()
        .spacing(1, 5)
        .width(300)
        .format(Format::U8)
        .seed(4)
        .build()
        .unwrap();
    let text = "12/05 3.4";
    let ann = ds.generate_text::<u8>(&p, text, 9).unwrap();
    assert_eq!(ann.layout.placements.len(), text.len());
    for (i, c) in text.bytes().enumerate() {
        let pl = &ann.layout.placements[i];
        let b = &ann.boxes[i];
        if c.is_ascii_digit() {
            assert_eq!(pl.label, i32::from(c - b'0'));
            assert!(pl.source_index >= 0);
        } else {
            assert_eq!(pl.label, i32::from(c));
            assert_eq!(pl.source_index, -1);
        }
        let owned = ann
            .mask
            .iter()
            .filter(|&&m| usize::from(m) == i + 1)
            .count();
        if c == b' ' {
            assert_eq!((b.x_begin, b.x_end), (0, 0));
            assert_eq!(owned, 0);
        } else {
            assert!(b.x_begin < b.x_end, "character {i} has no box");
            assert!(owned > 0, "character {i} owns no pixel");
        }
    }
    // A digits-only text is the annotated digit image.
    let digits = ds.generate_annotated::<u8>(&p, &[3, 1, 4], 2).unwrap();
    let same = ds.generate_text::<u8>(&p, "314", 2).unwrap();
    assert_eq!(digits.image, same.image);
    assert_eq!(digits.mask, same.mask);
    let e = ds.generate_text::<u8>(&p, "1x", 0).err().unwrap();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert!(e.message.contains("text character 2"), "{}", e.message);
}

#[test]
fn batches_draw_the_template_texts() {
    let ds = common::open(Split::Test);
    let t = Template::new("(##) {time HH:MM}").unwrap();
    let mut p = Params::builder()
        .spacing(0, 4)
        .width(300)
        .format(Format::U8)
        .seed(8)
        .unique(true)
        .build()
        .unwrap();
    p.set_template(Some(&t)).unwrap();
    drop(t); // the parameters share it
    let batch = ds.generate_batch::<u8>(&p, None, 3, 6).unwrap();
    let t = Template::new("(##) {time HH:MM}").unwrap();
    for i in 0..6 {
        let text = t.text(&p, 3 + i as u64).unwrap();
        assert_eq!(batch.text(i), text);
        let one = ds.generate_text::<u8>(&p, &text, 3 + i as u64).unwrap();
        assert_eq!(batch.image(i), &one.image[..], "image {i}");
    }
    // Cleared: digit sequences again.
    p.set_template(None).unwrap();
    let digits = ds.generate_batch::<u8>(&p, None, 0, 2).unwrap();
    assert!(digits.text(0).bytes().all(|c| c.is_ascii_digit()));
}
