//! Renders every case of a cases file (tests/consumers/consistency/
//! cases.txt) through the crate and writes the image bytes, in order, to
//! the output file: the Rust side of the cross-binding consistency test.
//!
//! Usage: cargo run --example dump_cases -- CASES OUT

use std::collections::HashMap;
use std::error::Error;
use std::io::Write;

use mnistseq::{Align, Dataset, Fit, Format, Params, Split};

fn range(s: &str) -> Result<(u32, u32), Box<dyn Error>> {
    let (a, b) = s.split_once('-').ok_or("expected MIN-MAX")?;
    Ok((a.parse()?, b.parse()?))
}

fn bytes<T: Copy>(v: &[T]) -> &[u8] {
    // SAFETY: f32 and u8 pixels have no padding; any byte view is valid.
    unsafe { std::slice::from_raw_parts(v.as_ptr().cast(), std::mem::size_of_val(v)) }
}

fn render(sets: &mut HashMap<String, Dataset>, f: &[&str]) -> Result<Vec<u8>, Box<dyn Error>> {
    let (split, digits, spacing, width, fit, align, invert, seed, index, count, format) = match f {
        [a, b, c, d, e, g, h, i, j, k, l] => (a, b, c, d, e, g, h, i, j, k, l),
        _ => return Err(format!("expected 11 fields, got {}", f.len()).into()),
    };
    if !sets.contains_key(*split) {
        let s = match *split {
            "train" => Split::Train,
            "test" => Split::Test,
            other => return Err(format!("unknown split {other}").into()),
        };
        sets.insert(split.to_string(), Dataset::open(None, s)?);
    }
    let ds = &sets[*split];
    let (smin, smax) = range(spacing)?;
    let mut b = Params::builder()
        .spacing(smin, smax)
        .width(width.parse()?)
        .fit(match *fit {
            "pad" => Fit::Pad,
            "exact" => Fit::Exact,
            "strict" => Fit::Strict,
            other => return Err(format!("unknown fit {other}").into()),
        })
        .align(match *align {
            "center" => Align::Center,
            "left" => Align::Left,
            "right" => Align::Right,
            "random" => Align::Random,
            other => return Err(format!("unknown align {other}").into()),
        })
        .invert(*invert == "1")
        .seed(seed.parse()?)
        .format(if *format == "u8" {
            Format::U8
        } else {
            Format::F32
        });
    let given: Option<Vec<u8>> = match digits.strip_prefix("random:") {
        Some(lengths) => {
            let (lmin, lmax) = range(lengths)?;
            b = b.lengths(lmin, lmax);
            None
        }
        None => Some(digits.bytes().map(|c| c - b'0').collect()),
    };
    let params = b.build()?;
    let (index, count): (u64, usize) = (index.parse()?, count.parse()?);
    let u8s = *format == "u8";
    Ok(match (&given, count) {
        (Some(d), 1) if u8s => ds.generate::<u8>(&params, d, index)?,
        (Some(d), 1) => bytes(&ds.generate::<f32>(&params, d, index)?).to_vec(),
        (d, n) if u8s => ds
            .generate_batch::<u8>(&params, d.as_deref(), index, n)?
            .into_images(),
        (d, n) => bytes(
            ds.generate_batch::<f32>(&params, d.as_deref(), index, n)?
                .images(),
        )
        .to_vec(),
    })
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (cases, out) = match &args[..] {
        [_, cases, out] => (cases, out),
        _ => return Err("usage: dump_cases CASES OUT".into()),
    };
    let mut sets = HashMap::new();
    let mut file = std::fs::File::create(out)?;
    for (n, line) in std::fs::read_to_string(cases)?.lines().enumerate() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() || fields[0].starts_with('#') {
            continue;
        }
        let image = render(&mut sets, &fields).map_err(|e| format!("cases line {}: {e}", n + 1))?;
        file.write_all(&image)?;
    }
    Ok(())
}
