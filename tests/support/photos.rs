//! BoofCV's phone photos (../shared/corpus/boofcv-photos) and zxing-cpp as the reference
//! reader beside giroscope: shared by the corpus runner, the whole-process benchmark and the
//! tests. Nothing here is giroscope's product code.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// A point in stored image pixels.
pub type Point = (f32, f32);

/// One photo of the set with the corner polygons of its codes.
#[derive(Debug, Clone)]
pub struct Photo {
    /// The category (the folder's name).
    pub category: String,
    /// The image file.
    pub path: PathBuf,
    /// One polygon (four corners, stored pixels) per code in the photo.
    pub polygons: Vec<[Point; 4]>,
}

impl Photo {
    /// How many polygons hold the centre of one of `codes` (corners in stored pixels), each
    /// polygon counted once: the set's rule for a code read.
    pub fn count_read(&self, codes: &[[Point; 4]]) -> usize {
        let mut used = vec![false; self.polygons.len()];
        for corners in codes {
            let centre = centre(corners);
            if let Some(index) =
                (0..self.polygons.len()).find(|&i| !used[i] && inside(centre, &self.polygons[i]))
            {
                used[index] = true;
            }
        }
        used.iter().filter(|&&u| u).count()
    }
}

/// The photo set under `corpus` (the folder holding boofcv-photos/), sorted by category and
/// name; empty when it is absent.
pub fn boofcv_photos(corpus: &Path) -> Vec<Photo> {
    let root = corpus.join("boofcv-photos");
    let mut photos = Vec::new();
    let Ok(categories) = std::fs::read_dir(&root) else {
        return photos;
    };
    for category in categories.flatten().filter(|e| e.path().is_dir()) {
        let name = category.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(category.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let path = file.path();
            let is_image = matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("jpg" | "jpeg" | "png")
            );
            let Ok(truth) = std::fs::read_to_string(path.with_extension("txt")) else {
                continue;
            };
            if is_image {
                photos.push(Photo {
                    category: name.clone(),
                    path,
                    polygons: polygons(&truth),
                });
            }
        }
    }
    photos.sort_by(|a, b| a.path.cmp(&b.path));
    photos
}

/// The polygons of a ground-truth file: after comment lines (and an optional `SETS` line),
/// numbers in groups of eight, whether one polygon a line or one corner a line.
fn polygons(text: &str) -> Vec<[Point; 4]> {
    let numbers: Vec<f32> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && *l != "SETS")
        .flat_map(|l| l.split_whitespace().filter_map(|n| n.parse::<f32>().ok()))
        .collect();
    numbers
        .chunks_exact(8)
        .map(|n| [(n[0], n[1]), (n[2], n[3]), (n[4], n[5]), (n[6], n[7])])
        .collect()
}

fn centre(corners: &[Point; 4]) -> Point {
    let (x, y) = corners
        .iter()
        .fold((0.0, 0.0), |(x, y), p| (x + p.0, y + p.1));
    (x / 4.0, y / 4.0)
}

/// Even–odd rule point-in-polygon test.
fn inside((x, y): Point, polygon: &[Point; 4]) -> bool {
    let mut inside = false;
    for i in 0..4 {
        let ((x1, y1), (x2, y2)) = (polygon[i], polygon[(i + 1) % 4]);
        if (y1 > y) != (y2 > y) && x < (x2 - x1) * (y - y1) / (y2 - y1) + x1 {
            inside = !inside;
        }
    }
    inside
}

/// What the reference reader did with one image.
#[derive(Debug, Clone)]
pub struct ReferenceRead {
    /// Loading the file to grey (OpenCV, libjpeg-turbo for JPEGs), in milliseconds.
    pub load_ms: f64,
    /// zxing-cpp's QR read of the grey image, in milliseconds.
    pub read_ms: f64,
    /// Each code's bytes and corners, in stored pixels.
    pub codes: Vec<(Vec<u8>, [Point; 4])>,
}

/// zxing-cpp's Python package in a helper process (benches/zxing_reference.py), asked one
/// image at a time so its times sit in the same loop as giroscope's.
pub struct Reference {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    /// The versions it reports.
    pub version: String,
}

impl Reference {
    /// Starts the helper with the Python in `$GIROSCOPE_ZXING_PYTHON` or
    /// `target/zxing-venv/bin/python`; `Err` says why it is not available.
    pub fn start(repo: &Path) -> Result<Reference, String> {
        let python = std::env::var_os("GIROSCOPE_ZXING_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|| repo.join("target/zxing-venv/bin/python"));
        if !python.exists() {
            return Err(format!(
                "no zxing-cpp reference: {} is missing (python3 -m venv target/zxing-venv && \
                 target/zxing-venv/bin/pip install zxing-cpp opencv-python-headless)",
                python.display()
            ));
        }
        let mut child = Command::new(&python)
            .arg(repo.join("benches/zxing_reference.py"))
            // numpy's OpenBLAS starts a worker per core that spins for about 110 ms of CPU
            // after start-up, beside the first photos giroscope is timed on; neither reader
            // uses BLAS.
            .env("OPENBLAS_NUM_THREADS", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("no zxing-cpp reference: {}: {e}", python.display()))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = BufReader::new(child.stdout.take().ok_or("no stdout")?);
        let mut reference = Reference {
            child,
            stdin,
            stdout,
            version: String::new(),
        };
        let answer = reference
            .ask("version")
            .map_err(|e| format!("no zxing-cpp reference: {e}"))?;
        reference.version = answer
            .get("zxing-cpp")
            .and_then(|v| v.as_str())
            .map_or_else(|| "zxing-cpp".into(), |v| format!("zxing-cpp {v}"));
        Ok(reference)
    }

    fn ask(&mut self, line: &str) -> Result<serde_json::Value, String> {
        writeln!(self.stdin, "{line}").map_err(|e| e.to_string())?;
        self.stdin.flush().map_err(|e| e.to_string())?;
        let mut answer = String::new();
        self.stdout
            .read_line(&mut answer)
            .map_err(|e| e.to_string())?;
        serde_json::from_str(&answer).map_err(|e| format!("{e}: {answer:?}"))
    }

    /// Loads and reads `path`.
    pub fn read(&mut self, path: &Path) -> Result<ReferenceRead, String> {
        let answer = self.ask(&path.display().to_string())?;
        let ms = |key: &str| answer.get(key).and_then(|v| v.as_f64()).unwrap_or(0.0);
        let codes = answer
            .get("codes")
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
            .filter_map(|code| {
                let hex = code.get("hex")?.as_str()?;
                let bytes = (0..hex.len() / 2)
                    .filter_map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
                    .collect();
                let corners: Vec<Point> = code
                    .get("corners")?
                    .as_array()?
                    .iter()
                    .filter_map(|p| Some((p.get(0)?.as_f64()? as f32, p.get(1)?.as_f64()? as f32)))
                    .collect();
                Some((bytes, corners.try_into().ok()?))
            })
            .collect();
        Ok(ReferenceRead {
            load_ms: ms("load_ms"),
            read_ms: ms("read_ms"),
            codes,
        })
    }
}

impl Drop for Reference {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `p`-quantile (0..=1) of `values` by the nearest rank; 0 for none.
pub fn quantile(values: &[f64], p: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[((p * (sorted.len() - 1) as f64).round() as usize).min(sorted.len() - 1)]
}
