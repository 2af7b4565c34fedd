//! Real phone photos (../shared/corpus/boofcv-photos; skipped with a message where it is
//! absent, failing under CI): the same bytes give the same report under any load, and an
//! engine's caught panic never reaches the user's terminal.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use giroscope::{Options, verify};

use crate::util::{run, shared_corpus};

/// Photos that climb the ladder far: nothing read (the whole budget), a code read only by a
/// region step, the screen photo rqrr once spent 30 s on, the page of 60 codes on which rqrr
/// panics, a code rqrr reads on the whole frame.
const CLIMBING: &[&str] = &[
    "perspective/image014.jpg",
    "glare/image004.jpg",
    "monitor/image012.jpg",
    "lots/image003.jpg",
    "damaged/image020.jpg",
    "bright_spots/image016.jpg",
];

fn photos(corpus: &Path) -> Vec<PathBuf> {
    CLIMBING
        .iter()
        .map(|name| corpus.join("boofcv-photos").join(name))
        .collect()
}

/// `giroscope check --format json` on `paths`, with the run's wall-clock seconds left out
/// (the only thing allowed to differ) and room for a debug build's speed.
fn report(paths: &[PathBuf]) -> String {
    let mut args = vec!["check", "--format", "json", "-q", "--read-timeout", "600"];
    args.extend(paths.iter().map(|p| p.to_str().expect("UTF-8 path")));
    let output = run(&args, b"");
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("UTF-8 JSON")
        .lines()
        .filter(|line| !line.trim_start().starts_with("\"seconds\""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Busy processes, ended by their PIDs when dropped.
struct Hogs(Vec<Child>);

impl Hogs {
    fn start(count: usize) -> Hogs {
        Hogs(
            (0..count)
                .map(|_| {
                    Command::new("sh")
                        .args(["-c", "while :; do :; done"])
                        .stdin(Stdio::null())
                        .spawn()
                        .expect("a busy shell starts")
                })
                .collect(),
        )
    }
}

impl Drop for Hogs {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[test]
fn the_same_photos_give_the_same_report_while_four_processes_hog_the_cpu() {
    let Some(corpus) = shared_corpus("the determinism test") else {
        return;
    };
    let paths = photos(&corpus);
    let quiet = report(&paths);
    assert!(quiet.contains("\"codes\""), "{quiet}");
    let busy = {
        let _hogs = Hogs::start(4);
        report(&paths)
    };
    assert!(
        quiet == busy,
        "reports differ under load:\n{quiet}\n---\n{busy}"
    );
}

#[test]
fn a_panicking_engine_stays_off_stderr_and_is_counted() {
    let Some(corpus) = shared_corpus("the engine panic test") else {
        return;
    };
    // rqrr panics in its perspective code (a point mapped beyond i32) on this one thresholded
    // locally as the ladder thresholds it. The ladder no longer hands rqrr a whole picture so
    // thresholded, so the picture is given to it as the input, doubled: its half-resolution
    // search then sees the same bitmap, under every engine.
    let source = image::open(corpus.join("zxing-blackbox/qrcode-6/7.png"))
        .expect("corpus image")
        .to_luma8();
    let window = (source.width().max(source.height()) / 24).clamp(15, 201) | 1;
    let thresholded = giroscope::decode::prepare::local_threshold(&source, window, 4);
    let doubled = image::imageops::resize(
        &thresholded,
        2 * thresholded.width(),
        2 * thresholded.height(),
        image::imageops::FilterType::Nearest,
    );
    let mut png = Vec::new();
    doubled
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("PNG");
    let panicking = crate::util::temp_file("rqrr-panics.png", &png);
    let options = Options {
        all_engines: true,
        ..Options::default()
    };
    let verified = verify(&png, &options).expect("checkable");
    assert!(verified.engine_panics >= 1, "{}", verified.engine_panics);
    for (path, engines) in [
        (&panicking, "all"),
        (&corpus.join("boofcv-photos/lots/image003.jpg"), "default"),
    ] {
        let output = run(
            &[
                "check",
                "--engines",
                engines,
                "--read-timeout",
                "600",
                path.to_str().expect("UTF-8 path"),
            ],
            b"",
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{}: {stderr}", path.display());
        assert!(
            matches!(output.status.code(), Some(0..=2)),
            "{}: {:?}",
            path.display(),
            output.status
        );
    }
}
