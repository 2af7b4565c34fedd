//! Decode rates on the public QR corpora in ../shared/corpus:
//! `cargo run --release --example corpus [-- --engines all] [--steps] [--only NAME] [CORPUS_DIR]`.
//!
//! - Sets with expected texts (zxing blackbox, zxing-cpp samples, BoofCV decoding): an image
//!   counts as read when one of its codes matches the expected text (`N.txt` beside `N.png`),
//!   compared as bytes, as UTF-8, or as ISO-8859-1 / Shift_JIS text for codes without ECI
//!   whose expected text a reader converted.
//! - BoofCV's phone photos (boofcv-photos/<category>): a code counts as read when a decoded
//!   code's centre lies inside one of the photo's ground-truth polygons, each polygon once.
//!   Per category: codes read by giroscope and by zxing-cpp (its Python package, see
//!   benches/zxing_reference.py; the column is left out, saying why, when it is missing) and
//!   per-photo time, median and p95, both measured in this process's loop: giroscope's file
//!   read + decode + ladder, zxing-cpp's load + read. `--steps` adds what each ladder step read
//!   and cost, per category. (benches/process.rs measures the whole `giroscope check` process.)
//!
//! `--only NAME` limits the run to sets or categories whose path contains NAME;
//! `CORPUS_MISSES=1` lists the images not read, `CORPUS_PHOTOS=1` both readers' time for every
//! photo. Skips with a message when the corpus is absent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use giroscope::decode::{self, ReadOptions, Reading};
use giroscope::input::{self, Input};
use giroscope::{Limits, Options};

#[allow(dead_code)]
#[path = "../tests/support/photos.rs"]
mod photos;

use photos::{Reference, quantile};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let all_engines = args.iter().any(|a| a == "--engines=all" || a == "all");
    let steps = args.iter().any(|a| a == "--steps");
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let root = args
        .iter()
        .enumerate()
        .find(|(i, a)| {
            !a.starts_with("--")
                && *a != "all"
                && (*i == 0 || args[i - 1] != "--only" && args[i - 1] != "--engines")
        })
        .map(|(_, a)| PathBuf::from(a))
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
    let wanted = |name: &str| only.as_deref().is_none_or(|o| name.contains(o));
    expected_texts(&root, &options, &wanted);
    photo_set(&root, &options, steps, &wanted);
}

fn expected_texts(root: &Path, options: &Options, wanted: &dyn Fn(&str) -> bool) {
    let mut table: BTreeMap<String, (usize, usize, Duration)> = BTreeMap::new();
    let mut by_step: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut misses = Vec::new();
    for folder in folders(root) {
        let name = folder
            .strip_prefix(root)
            .unwrap_or(&folder)
            .display()
            .to_string();
        if name.starts_with("boofcv-photos") || !wanted(&name) {
            continue;
        }
        for (image_path, expected) in cases(&folder) {
            let bytes = std::fs::read(&image_path).unwrap_or_default();
            let started = Instant::now();
            let (read, _) = read_image(&bytes, options);
            let elapsed = started.elapsed();
            let hit = read
                .codes
                .iter()
                .find(|code| matches(&code.bytes, &expected));
            if let Some(code) = hit {
                *by_step.entry(code.step).or_default() += 1;
            }
            let ok = hit.is_some();
            let entry = table.entry(name.clone()).or_default();
            entry.0 += usize::from(ok);
            entry.1 += 1;
            entry.2 += elapsed;
            if !ok {
                misses.push(image_path.display().to_string());
            }
        }
    }
    if table.is_empty() {
        return;
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
    let steps: Vec<String> = by_step.iter().map(|(s, n)| format!("{s} {n}")).collect();
    println!("read first by: {}", steps.join(", "));
    if std::env::var_os("CORPUS_MISSES").is_some() {
        for miss in misses {
            println!("miss: {miss}");
        }
    }
}

/// Per category: photos, codes, read by us, read by zxing-cpp, our times, theirs, and the
/// ladder's steps.
#[derive(Default)]
struct Category {
    photos: usize,
    codes: usize,
    ours: usize,
    theirs: usize,
    our_ms: Vec<f64>,
    their_ms: Vec<f64>,
    /// Work per photo, in millions of budget units.
    work: Vec<f64>,
    panics: usize,
    budget_spent: usize,
    timed_out: usize,
    /// Step name and engine → calls, codes read, work, time.
    steps: BTreeMap<(usize, String), (usize, usize, u64, Duration)>,
}

fn photo_set(root: &Path, options: &Options, steps: bool, wanted: &dyn Fn(&str) -> bool) {
    let per_photo = std::env::var_os("CORPUS_PHOTOS").is_some();
    let set: Vec<photos::Photo> = photos::boofcv_photos(root)
        .into_iter()
        .filter(|p| wanted(&format!("boofcv-photos/{}", p.category)))
        .collect();
    if set.is_empty() {
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut reference = match Reference::start(repo) {
        Ok(reference) => Some(reference),
        Err(why) => {
            println!("\n{why}: the zxing-cpp columns are left out");
            None
        }
    };
    let mut categories: BTreeMap<String, Category> = BTreeMap::new();
    let mut misses = Vec::new();
    for photo in &set {
        let started = Instant::now();
        let bytes = std::fs::read(&photo.path).unwrap_or_default();
        let (reading, decoded) = read_image(&bytes, options);
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        let corners: Vec<[photos::Point; 4]> = reading.codes.iter().map(|c| c.corners).collect();
        let ours = photo.count_read(&corners);
        let entry = categories.entry(photo.category.clone()).or_default();
        entry.photos += 1;
        entry.codes += photo.polygons.len();
        entry.ours += ours;
        entry.our_ms.push(elapsed);
        entry.work.push(reading.work as f64 / 1e6);
        entry.panics += reading.engine_panics;
        entry.budget_spent += usize::from(reading.budget_spent);
        entry.timed_out += usize::from(reading.timed_out);
        for attempt in &reading.trace {
            if std::env::var_os("CORPUS_TRACE").is_some() {
                println!(
                    "trace: {} {} ({}) patterns {} read {} work {} M {:.1} ms",
                    photo.path.display(),
                    attempt.step.name,
                    attempt.step.reader.name(),
                    attempt.finder_patterns,
                    attempt.read,
                    attempt.work / 1_000_000,
                    attempt.elapsed.as_secs_f64() * 1000.0
                );
            }
            let index = decode::LADDER
                .iter()
                .position(|s| std::ptr::eq(s, attempt.step))
                .unwrap_or(usize::MAX);
            let key = (
                index,
                format!("{} ({})", attempt.step.name, attempt.step.reader.name()),
            );
            let step = entry.steps.entry(key).or_default();
            step.0 += 1;
            step.1 += attempt.read;
            step.2 += attempt.work;
            step.3 += attempt.elapsed;
        }
        let mut theirs = None;
        if let Some(reference) = reference.as_mut() {
            match reference.read(&photo.path) {
                Ok(read) => {
                    if per_photo {
                        let steps: f64 = reading
                            .trace
                            .iter()
                            .map(|a| a.elapsed.as_secs_f64() * 1000.0)
                            .sum();
                        println!(
                            "photo: {} giroscope {elapsed:.1} ms (ladder {steps:.1}) decode {decoded:.1} zxing-cpp {:.1} ms (load {:.1})",
                            photo.path.display(),
                            read.load_ms + read.read_ms,
                            read.load_ms
                        );
                    }
                    let corners: Vec<[photos::Point; 4]> =
                        read.codes.iter().map(|(_, c)| *c).collect();
                    let count = photo.count_read(&corners);
                    entry.theirs += count;
                    entry.their_ms.push(read.load_ms + read.read_ms);
                    theirs = Some(count);
                }
                Err(error) => println!("zxing-cpp on {}: {error}", photo.path.display()),
            }
        }
        if ours < photo.polygons.len() {
            misses.push(format!(
                "{}: {ours}/{} (zxing-cpp {}), {elapsed:.0} ms, work {} M{}",
                photo.path.display(),
                photo.polygons.len(),
                theirs.map_or("-".into(), |t| t.to_string()),
                reading.work / 1_000_000,
                if reading.budget_spent {
                    ", budget spent"
                } else {
                    ""
                }
            ));
        }
    }
    let with_reference = reference.is_some();
    println!(
        "\nBoofCV phone photos: codes read and ms per photo (giroscope: file read + decode + \
         ladder in process; zxing-cpp{}: load + read)",
        reference
            .as_ref()
            .map(|r| format!(" ({})", r.version))
            .unwrap_or_default()
    );
    println!(
        "| category | photos | codes | giroscope | zxing-cpp | giroscope median | p95 | zxing-cpp median | p95 | work median (M) | p95 |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let mut all = Category::default();
    let dash = |v: String| if with_reference { v } else { "-".into() };
    for (name, c) in &categories {
        println!(
            "| {name} | {} | {} | {} | {} | {:.1} | {:.1} | {} | {} | {:.1} | {:.1} |",
            c.photos,
            c.codes,
            c.ours,
            dash(c.theirs.to_string()),
            quantile(&c.our_ms, 0.5),
            quantile(&c.our_ms, 0.95),
            dash(format!("{:.1}", quantile(&c.their_ms, 0.5))),
            dash(format!("{:.1}", quantile(&c.their_ms, 0.95))),
            quantile(&c.work, 0.5),
            quantile(&c.work, 0.95),
        );
        all.photos += c.photos;
        all.codes += c.codes;
        all.ours += c.ours;
        all.theirs += c.theirs;
        all.our_ms.extend(&c.our_ms);
        all.work.extend(&c.work);
        all.their_ms.extend(&c.their_ms);
        all.panics += c.panics;
        all.budget_spent += c.budget_spent;
        all.timed_out += c.timed_out;
        for (key, value) in &c.steps {
            let step = all.steps.entry(key.clone()).or_default();
            step.0 += value.0;
            step.1 += value.1;
            step.2 += value.2;
            step.3 += value.3;
        }
    }
    println!(
        "| **all** | {} | {} | **{}** | **{}** | {:.1} | {:.1} | {} | {} | {:.1} | {:.1} |",
        all.photos,
        all.codes,
        all.ours,
        dash(all.theirs.to_string()),
        quantile(&all.our_ms, 0.5),
        quantile(&all.our_ms, 0.95),
        dash(format!("{:.1}", quantile(&all.their_ms, 0.5))),
        dash(format!("{:.1}", quantile(&all.their_ms, 0.95))),
        quantile(&all.work, 0.5),
        quantile(&all.work, 0.95),
    );
    println!(
        "slowest photo {:.0} ms; budget spent on {} photos; safety net tripped on {}; {} guarded engine panics",
        quantile(&all.our_ms, 1.0),
        all.budget_spent,
        all.timed_out,
        all.panics
    );
    if steps {
        for (name, c) in categories.iter().chain([(&"all".to_string(), &all)]) {
            println!("\n{name}: ladder steps over {} photos", c.photos);
            println!("| step (engine) | calls | codes read | work (M) | ms | ns per unit |");
            println!("|---|---|---|---|---|---|");
            for ((_, step), (calls, read, work, time)) in &c.steps {
                println!(
                    "| {step} | {calls} | {read} | {:.1} | {:.1} | {:.2} |",
                    *work as f64 / 1e6,
                    time.as_secs_f64() * 1000.0,
                    time.as_secs_f64() * 1e9 / (*work).max(1) as f64
                );
            }
        }
    }
    if std::env::var_os("CORPUS_MISSES").is_some() {
        for miss in misses {
            println!("miss: {miss}");
        }
    }
}

/// Loads and reads one image in stored pixels, as `giroscope::verify` does; the reading and
/// the milliseconds its decode took.
fn read_image(bytes: &[u8], options: &Options) -> (Reading, f64) {
    let limits: &Limits = &options.limits;
    let Ok(Input::Image(kind, bytes)) = input::sniff(bytes, limits) else {
        return (Reading::default(), 0.0);
    };
    let started = Instant::now();
    let Ok(loaded) = giroscope::image::load(bytes, kind, limits) else {
        return (Reading::default(), 0.0);
    };
    let decoded = started.elapsed().as_secs_f64() * 1000.0;
    let budget = limits.max_read_work * if options.all_engines { 4 } else { 1 };
    let reading = decode::read(
        &loaded.luma,
        &ReadOptions {
            all_engines: options.all_engines,
            budget,
            deadline: giroscope::clock::Deadline::after(limits.max_decode_time),
            cancel: giroscope::CancelToken::new(),
        },
    );
    (reading, decoded)
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
