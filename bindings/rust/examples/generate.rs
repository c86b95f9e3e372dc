//! One image of the sequence 3-5-0 written as a PNG, then a batch of random
//! sequences generated on all cores, each written as a PNG named after its
//! digits.
//!
//! Usage: `cargo run --example generate`. The data is `MNISTSEQ_DATA`'s
//! folder, else the installed MNIST. Writes, in the current folder,
//! `3-5-0.png` (28 x 200, seed 42: the same bytes as the C and Python
//! examples' `3-5-0.png`) and `batch-I-DIGITS.png` for the samples I = 0..3
//! of a batch of 3 to 5 random digits (28 x 160, seed 7).
//! A failure prints the library's message, naming the argument or file at
//! fault, and exits with status 1.

use std::path::Path;
use std::process::ExitCode;

// [readme:rust]
use mnistseq::{Dataset, Format, Params, Split};

fn run() -> Result<(), mnistseq::Error> {
    let ds = Dataset::open(None, Split::Train)?; // MNISTSEQ_DATA, else the installed MNIST
    let (rows, _) = ds.glyph_size()?; // 28: images have the glyphs' height
    let params = Params::builder().spacing(2, 8).width(200).seed(42);
    let params = params.format(Format::U8).build()?; // 8-bit: 0 black .. 255 white
    let image: Vec<u8> = ds.generate(&params, &[3, 5, 0], 0)?; // row-major, sample index 0
    mnistseq::write_png(Path::new("3-5-0.png"), &image, rows, 200, None)?;

    // Four random sequences of 3 to 5 digits in one buffer, on all cores.
    let random = Params::builder().lengths(3, 5).spacing(0, 6).width(160);
    let params = random.seed(7).format(Format::U8).build()?;
    let batch = ds.generate_batch::<u8>(&params, None, 0, 4)?;
    for i in 0..batch.len() {
        let digits: String = batch.labels(i).iter().map(|d| d.to_string()).collect();
        let name = format!("batch-{i}-{digits}.png");
        mnistseq::write_png(Path::new(&name), batch.image(i), rows, 160, None)?;
        println!("{name}: scale {:.2}", batch.scale(i));
    }

    // Per-digit augmentation (0 = off), with each digit's ink box and mask.
    let aug = Params::builder()
        .spacing(2, 8)
        .width(200)
        .rotate(15.0)
        .thickness(1.0);
    let ann = ds.generate_annotated::<f32>(&aug.build()?, &[3, 5, 0], 0)?;
    println!("ink boxes {:?}; mask: i + 1 on digit i", ann.boxes);
    Ok(())
}
// [end]

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("generate: {err}");
            ExitCode::FAILURE
        }
    }
}
