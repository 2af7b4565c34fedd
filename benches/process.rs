//! The whole `giroscope check --format json` process as a user runs it (process start to exit,
//! the file on disk), side by side with references measured in the same loop, as ratios:
//!
//! 1. the 12 MP phone photo of benches/image.rs against decoding that JPEG to grey alone
//!    (zune-jpeg in this process; libjpeg-turbo through OpenCV when the reference helper
//!    runs). Target (issue #10): ≤ 1.5× the decode.
//! 2. every photo of ../shared/corpus/boofcv-photos (when present) against zxing-cpp's load +
//!    read of the same file (benches/zxing_reference.py; skipped with a message when its
//!    Python package is missing). Targets: median ≤ zxing-cpp's, p95 ≤ 2× zxing-cpp's, no
//!    photo above 1 s.
//!
//! Both also run zxing-cpp's own command-line reader, `ZXingReader` (Debian's zxing-cpp-tools,
//! when on PATH), as a whole process beside giroscope's: the like-for-like comparison of two
//! programs as a user runs them, where the Python helper's times are a library call in a warm
//! process. `giroscope --version` is timed too: the floor any process of this binary pays.
//!
//! `cargo bench --bench process [-- --runs N] [--photos-only | --photo-only] [--per-photo]`
//! (`--per-photo` prints each photo's times, to find where the gap is).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

#[allow(dead_code, unused_imports)]
#[path = "../tests/support/notice.rs"]
mod notice;
#[allow(dead_code)]
#[path = "../tests/support/photos.rs"]
mod photos;

use photos::{Reference, quantile};

const PAYLOAD: &[u8] = b"BCD\n002\n1\nSCT\n\nStadtkasse Musterstadt\nDE02120300000000202051\nEUR25\nGOVT\n\nKassenzeichen 5.1234.567890.1 Verwarnungsgeld Parken";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(15usize);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut reference = match Reference::start(repo) {
        Ok(reference) => Some(reference),
        Err(why) => {
            println!("{why}: the zxing-cpp columns are left out");
            None
        }
    };
    let reader = zxing_reader();
    if reader.is_none() {
        println!(
            "ZXingReader is not on PATH (apt-get install zxing-cpp-tools): its column is left out"
        );
    }
    if !args.iter().any(|a| a == "--photos-only") {
        twelve_megapixels(runs, reference.as_mut(), reader.as_deref());
    }
    if !args.iter().any(|a| a == "--photo-only") {
        photo_set(
            repo,
            reference.as_mut(),
            reader.as_deref(),
            args.iter().any(|a| a == "--per-photo"),
        );
    }
}

/// `ZXingReader` when it is on PATH.
fn zxing_reader() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("ZXingReader"))
        .find(|exe| exe.is_file())
}

/// The wall time in ms of one run of `program args…`, its output discarded.
fn process_ms(program: &Path, args: &[&std::ffi::OsStr]) -> f64 {
    let started = Instant::now();
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the program runs");
    started.elapsed().as_secs_f64() * 1000.0
}

/// One `ZXingReader -format QRCode path` process, in ms.
fn zxing_process(exe: &Path, path: &Path) -> f64 {
    process_ms(
        exe,
        &["-format".as_ref(), "QRCode".as_ref(), path.as_os_str()],
    )
}

/// Runs `giroscope check --format json -q path` and returns its wall time in ms and stdout.
fn check(path: &Path) -> (f64, Vec<u8>) {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_giroscope"))
        .args(["check", "--format", "json", "-q"])
        .arg(path)
        .output()
        .expect("giroscope runs");
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    (ms, output.stdout)
}

fn twelve_megapixels(runs: usize, mut reference: Option<&mut Reference>, reader: Option<&Path>) {
    let spec = notice::QrSpec::new(PAYLOAD.to_vec(), qrcode::EcLevel::M);
    let code = notice::PlacedCode::new(&spec, 150.0, 230.0, 0.5).expect("code fits");
    let page = notice::a4_notice(300, &[code], notice::PageStyle::default());
    let photo = notice::phone_photo(&page, 4000, 3000, notice::PhotoParams::typical(4000, 3000));
    let stored = notice::rotate_for_orientation(&photo, 6);
    let jpeg = notice::jpeg_with_exif_orientation(&stored, 90, 6);
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("photo-12mp.jpg");
    std::fs::write(&path, &jpeg).expect("photo written");
    let (_, stdout) = check(&path);
    assert!(
        String::from_utf8_lossy(&stdout).contains("\"valid\": true"),
        "the 12 MP photo must be read and valid"
    );
    let (mut process, mut zune, mut turbo, mut zxing) = (vec![], vec![], vec![], vec![]);
    let (mut floor, mut cli) = (vec![], vec![]);
    let giroscope = Path::new(env!("CARGO_BIN_EXE_giroscope"));
    for _ in 0..runs {
        process.push(check(&path).0);
        floor.push(process_ms(giroscope, &["--version".as_ref()]));
        if let Some(reader) = reader {
            cli.push(zxing_process(reader, &path));
        }
        let started = Instant::now();
        std::hint::black_box(jpeg_to_luma(&std::fs::read(&path).expect("photo")));
        zune.push(started.elapsed().as_secs_f64() * 1000.0);
        if let Some(reference) = reference.as_deref_mut() {
            let read = reference.read(&path).expect("reference reads");
            turbo.push(read.load_ms);
            zxing.push(read.load_ms + read.read_ms);
        }
    }
    let median = |v: &[f64]| quantile(v, 0.5);
    println!("\n12 MP phone photo (4000×3000 JPEG, EXIF 6), {runs} runs, medians:");
    println!("| what | ms | giroscope ÷ it |");
    println!("|---|---|---|");
    println!(
        "| giroscope check (whole process) | {:.1} | 1.00 |",
        median(&process)
    );
    let row = |name: &str, v: &[f64]| {
        if !v.is_empty() {
            println!(
                "| {name} | {:.1} | {:.2} |",
                median(v),
                median(&process) / median(v)
            );
        }
    };
    row("JPEG to grey, zune-jpeg (in process)", &zune);
    row("JPEG to grey, libjpeg-turbo (OpenCV)", &turbo);
    row("zxing-cpp load + read (warm Python process)", &zxing);
    row("ZXingReader (whole process)", &cli);
    println!(
        "| giroscope --version (the process floor) | {:.1} | |",
        median(&floor)
    );
}

fn jpeg_to_luma(bytes: &[u8]) -> Vec<u8> {
    use zune_core::{bytestream::ZCursor, colorspace::ColorSpace, options::DecoderOptions};
    let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::Luma);
    zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options)
        .decode()
        .expect("JPEG decodes")
}

fn photo_set(
    repo: &Path,
    mut reference: Option<&mut Reference>,
    reader: Option<&Path>,
    per_photo: bool,
) {
    let set = photos::boofcv_photos(&repo.join("../shared/corpus"));
    if set.is_empty() {
        println!("\nskipping the photo set: ../shared/corpus/boofcv-photos is absent");
        return;
    }
    let (mut ours, mut theirs, mut ratios) = (vec![], vec![], vec![]);
    let (mut cli, mut cli_ratios) = (vec![], vec![]);
    let mut slow = Vec::new();
    for photo in &set {
        let (ms, _) = check(&photo.path);
        ours.push(ms);
        if ms > 1000.0 {
            slow.push(format!("{} ({ms:.0} ms)", photo.path.display()));
        }
        let mut line = format!("{}\t{ms:.1}", photo.path.display());
        if let Some(reference) = reference.as_deref_mut() {
            let read = reference.read(&photo.path).expect("reference reads");
            theirs.push(read.load_ms + read.read_ms);
            ratios.push(ms / (read.load_ms + read.read_ms));
            line += &format!("\t{:.1}", read.load_ms + read.read_ms);
        }
        if let Some(reader) = reader {
            let theirs = zxing_process(reader, &photo.path);
            cli.push(theirs);
            cli_ratios.push(ms / theirs);
            line += &format!("\tZXingReader {theirs:.1}");
        }
        if per_photo {
            println!("{line}");
        }
    }
    println!(
        "\n{} BoofCV photos, one run each, ms per photo (giroscope: whole process):",
        set.len()
    );
    println!("| reader | median | p95 | max |");
    println!("|---|---|---|---|");
    let row = |name: &str, v: &[f64]| {
        println!(
            "| {name} | {:.1} | {:.1} | {:.1} |",
            quantile(v, 0.5),
            quantile(v, 0.95),
            quantile(v, 1.0)
        )
    };
    row("giroscope check", &ours);
    // The reference's row, the ratio of the two columns and the per-photo ratios.
    let against = |name: &str, theirs: &[f64], ratios: &[f64]| {
        if theirs.is_empty() {
            return;
        }
        row(name, theirs);
        println!(
            "| giroscope check ÷ {name} | {:.2} | {:.2} | {:.2} |",
            quantile(&ours, 0.5) / quantile(theirs, 0.5),
            quantile(&ours, 0.95) / quantile(theirs, 0.95),
            quantile(&ours, 1.0) / quantile(theirs, 1.0)
        );
        println!(
            "per-photo ratio giroscope ÷ {name}: median {:.2}, p95 {:.2}",
            quantile(ratios, 0.5),
            quantile(ratios, 0.95)
        );
    };
    against(
        "zxing-cpp load + read (warm Python process)",
        &theirs,
        &ratios,
    );
    against("ZXingReader (whole process)", &cli, &cli_ratios);
    println!("photos above 1 s: {}", slow.len());
    for photo in slow {
        println!("  {photo}");
    }
}
