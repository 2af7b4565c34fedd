//! Does shrinking a photo on the phone lose codes? The page shrinks photos to about 2.8 MP
//! (canvas, high-quality smoothing, JPEG quality 0.9) before uploading them, and tries the
//! original once more when the shrunk photo yields no code. This reads every BoofCV phone photo
//! larger than that (../shared/corpus/boofcv-photos) at full size and shrunk the same way, and
//! counts the codes read (a code counts when its centre lies in one of the ground-truth
//! polygons), with the bytes each upload would take.
//!
//! `cargo run --release --example shrink [-- PIXELS]`

use std::path::{Path, PathBuf};

use image::ImageEncoder;

fn main() {
    let target: f64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2_800_000.0);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/boofcv-photos");
    if !root.exists() {
        println!("corpus not found at {}: skipping", root.display());
        return;
    }
    let options = giroscope::Options::default();
    let (mut photos, mut codes, mut full_read, mut small_read, mut either) = (0, 0, 0, 0, 0);
    let (mut full_bytes, mut small_bytes) = (0usize, 0usize);
    let mut categories: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    categories.sort();
    for category in categories {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&category)
            .expect("category")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "jpg" || e == "png"))
            .collect();
        files.sort();
        let (mut c_full, mut c_small, mut c_codes) = (0, 0, 0);
        for file in files {
            let bytes = std::fs::read(&file).expect("photo");
            let Ok(picture) = image::load_from_memory(&bytes) else {
                continue;
            };
            let (w, h) = (picture.width(), picture.height());
            let pixels = f64::from(w) * f64::from(h);
            if pixels <= target {
                continue;
            }
            let polygons = polygons(&file.with_extension("txt"));
            let scale = (target / pixels).sqrt();
            let (sw, sh) = (
                (f64::from(w) * scale).round() as u32,
                (f64::from(h) * scale).round() as u32,
            );
            let small = picture
                .resize_exact(sw, sh, image::imageops::FilterType::CatmullRom)
                .to_rgb8();
            let mut jpeg = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
                .write_image(small.as_raw(), sw, sh, image::ExtendedColorType::Rgb8)
                .expect("encode");
            let read_full = read(&bytes, &options, 1.0, &polygons);
            let read_small = read(&jpeg, &options, 1.0 / scale as f32, &polygons);
            photos += 1;
            codes += polygons.len();
            c_codes += polygons.len();
            full_read += read_full.len();
            small_read += read_small.len();
            c_full += read_full.len();
            c_small += read_small.len();
            // What the page gets: the shrunk photo, or the original when that found nothing.
            either += if read_small.is_empty() {
                read_full.len()
            } else {
                read_small.len()
            };
            full_bytes += bytes.len();
            small_bytes += jpeg.len();
        }
        if c_codes > 0 {
            println!(
                "{:<14} codes {c_codes:>4}  full {c_full:>4}  shrunk {c_small:>4}",
                category.file_name().unwrap_or_default().to_string_lossy()
            );
        }
    }
    println!(
        "photos over {:.1} MP: {photos}, codes {codes}: full size reads {full_read}, shrunk {small_read}, shrunk then full size when nothing was read {either}",
        target / 1e6
    );
    println!(
        "upload: {:.1} MB full size, {:.1} MB shrunk ({:.0} %)",
        full_bytes as f64 / 1e6,
        small_bytes as f64 / 1e6,
        100.0 * small_bytes as f64 / full_bytes.max(1) as f64
    );
}

/// The indices of the ground-truth polygons whose code was read.
fn read(
    bytes: &[u8],
    options: &giroscope::Options,
    scale: f32,
    polygons: &[Vec<(f32, f32)>],
) -> Vec<usize> {
    let Ok(verified) = giroscope::verify(bytes, options) else {
        return Vec::new();
    };
    let mut hit = Vec::new();
    for code in &verified.codes {
        let Some(symbol) = &code.symbol else { continue };
        let c = symbol.corners;
        let centre = (
            (c[0].0 + c[1].0 + c[2].0 + c[3].0) / 4.0 * scale,
            (c[0].1 + c[1].1 + c[2].1 + c[3].1) / 4.0 * scale,
        );
        if let Some(index) = polygons
            .iter()
            .enumerate()
            .position(|(i, p)| !hit.contains(&i) && inside(p, centre))
        {
            hit.push(index);
        }
    }
    hit
}

fn polygons(path: &Path) -> Vec<Vec<(f32, f32)>> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    // After a `SETS` line where there is one; comment lines start with `#`.
    let numbers: Vec<Vec<f32>> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("SETS"))
        .map(|l| {
            l.split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect()
        })
        .filter(|n: &Vec<f32>| !n.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut pending: Vec<f32> = Vec::new();
    for line in numbers {
        pending.extend(line);
        if pending.len() >= 8 {
            out.push(pending.chunks(2).take(4).map(|p| (p[0], p[1])).collect());
            pending.clear();
        }
    }
    out
}

fn inside(polygon: &[(f32, f32)], (x, y): (f32, f32)) -> bool {
    let mut inside = false;
    let mut j = polygon.len() - 1;
    for i in 0..polygon.len() {
        let ((xi, yi), (xj, yj)) = (polygon[i], polygon[j]);
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}
