//! Decode rates on the public QR corpora in ../shared/corpus (zxing blackbox, zxing-cpp
//! samples, BoofCV): `cargo run --release --example corpus [-- --engines all] [CORPUS_DIR]`.
//!
//! An image counts as read when one of its codes matches the expected text (`N.txt` beside
//! `N.png`), compared as bytes, as UTF-8, or as ISO-8859-1 / Shift_JIS text for codes without
//! ECI whose expected text a reader converted. Skips with a message when the corpus is absent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use giroscope::decode::{self, ReadOptions};
use giroscope::input::{self, Input};
use giroscope::{Limits, Options};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let all_engines = args.iter().any(|a| a == "--engines=all" || a == "all");
    let root = args
        .iter()
        .find(|a| !a.starts_with("--") && *a != "all")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if !root.is_dir() {
        println!(
            "corpus not found at {}: skipping (it lives in ../shared/corpus)",
            root.display()
        );
        return;
    }
    let options = Options {
        all_engines,
        ..Options::default()
    };
    let mut table: BTreeMap<String, (usize, usize, Duration)> = BTreeMap::new();
    let mut misses = Vec::new();
    for folder in folders(&root) {
        let name = folder
            .strip_prefix(&root)
            .unwrap_or(&folder)
            .display()
            .to_string();
        for (image_path, expected) in cases(&folder) {
            let bytes = std::fs::read(&image_path).unwrap_or_default();
            let started = Instant::now();
            let read = read_image(&bytes, &options.limits, all_engines);
            let elapsed = started.elapsed();
            let ok = read.iter().any(|code| matches(code, &expected));
            let entry = table.entry(name.clone()).or_default();
            entry.0 += usize::from(ok);
            entry.1 += 1;
            entry.2 += elapsed;
            if !ok {
                misses.push(image_path.display().to_string());
            }
        }
    }
    println!("| set | read | images | rate | mean ms |");
    println!("|---|---|---|---|---|");
    let mut groups: BTreeMap<String, (usize, usize, Duration)> = BTreeMap::new();
    for (name, (ok, total, time)) in &table {
        println!(
            "| {name} | {ok} | {total} | {:.1} % | {:.1} |",
            pct(*ok, *total),
            ms(*time, *total)
        );
        let group = groups
            .entry(name.split('/').next().unwrap_or(name).to_string())
            .or_default();
        group.0 += ok;
        group.1 += total;
        group.2 += *time;
    }
    for (name, (ok, total, time)) in &groups {
        println!(
            "| **{name}** | {ok} | {total} | {:.1} % | {:.1} |",
            pct(*ok, *total),
            ms(*time, *total)
        );
    }
    if std::env::var_os("CORPUS_MISSES").is_some() {
        for miss in misses {
            println!("miss: {miss}");
        }
    }
}

fn read_image(bytes: &[u8], limits: &Limits, all_engines: bool) -> Vec<Vec<u8>> {
    let Ok(Input::Image(kind, bytes)) = input::sniff(bytes, limits) else {
        return Vec::new();
    };
    let Ok(loaded) = giroscope::image::load(bytes, kind, limits) else {
        return Vec::new();
    };
    let luma = loaded.luma;
    let options = ReadOptions {
        all_engines,
        deadline: Instant::now() + limits.max_decode_time,
        cancel: giroscope::CancelToken::new(),
    };
    decode::read(&luma, options)
        .codes
        .into_iter()
        .map(|code| code.bytes)
        .collect()
}

/// The mirrored BoofCV texts were saved with LF where the codes hold CRLF, and some files
/// gained a final newline: compare with line endings normalised.
fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n")
        .trim_end_matches(['\n', '\r'])
        .to_string()
}

fn matches(bytes: &[u8], expected: &[u8]) -> bool {
    let expected_text = normalise(&String::from_utf8_lossy(expected));
    let candidates = [
        String::from_utf8_lossy(bytes).into_owned(),
        bytes.iter().map(|&b| char::from(b)).collect::<String>(),
        encoding_rs::SHIFT_JIS.decode(bytes).0.into_owned(),
        encoding_rs::GBK.decode(bytes).0.into_owned(),
    ];
    bytes == expected || candidates.iter().any(|c| normalise(c) == expected_text)
}

fn folders(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut has_images = false;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if is_image(&path) {
                has_images = true;
            }
        }
        if has_images {
            out.push(dir);
        }
    }
    out.sort();
    out
}

fn cases(folder: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| is_image(p))
        .filter_map(|p| {
            let expected = std::fs::read(p.with_extension("txt")).ok()?;
            Some((p, expected))
        })
        .collect();
    out.sort();
    out
}

fn is_image(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("png" | "jpg" | "jpeg" | "webp" | "gif" | "bmp" | "tif" | "tiff")
    )
}

fn pct(ok: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        ok as f64 * 100.0 / total as f64
    }
}

fn ms(time: Duration, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        time.as_secs_f64() * 1000.0 / total as f64
    }
}
