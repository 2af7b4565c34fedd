//! The readability verdict beside a panel of app-class readers:
//! `cargo run --release --example panel [-- --pictures DIR]`.
//!
//! Draws the defect ladder of `tests/support/defects.rs` (logos, faint ink, ink spots, creases,
//! scratches over a finder pattern, a stamp, blur and mixtures, on a clean code at 6 px a
//! module), has every picture read by the panel (`benches/panel.py`: zxing-cpp, OpenCV's
//! QRCodeDetector and QRCodeDetectorAruco, ZBar) and by giroscope, and prints one table row a
//! picture: the panel's votes (readers that return the exact payload), the readability they
//! mean (green: every reader; yellow: at least half; red: fewer), giroscope's readability and
//! the findings behind it. Then the agreement, and the two promises: never green where at most
//! one reader reads the code, never green or yellow where none does.
//!
//! The panel runs in Python (`GIROSCOPE_PANEL_PYTHON`, else `target/panel-venv/bin/python`); see
//! `benches/panel.py` for setting it up. Not a test: it needs packages a fresh machine lacks.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use giroscope::{Options, Readability};

#[allow(dead_code)]
#[path = "../tests/support/notice.rs"]
mod notice;

#[allow(dead_code)]
#[path = "../tests/support/defects.rs"]
mod defects;

const READERS: [&str; 4] = ["zxing-cpp", "opencv", "opencv-aruco", "zbar"];

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args
        .iter()
        .position(|a| a == "--pictures")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("giroscope-panel"));
    let python = std::env::var_os("GIROSCOPE_PANEL_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("target/panel-venv/bin/python"));
    if !python.exists() {
        println!(
            "no panel: {} is missing (python3 -m venv target/panel-venv && target/panel-venv/bin/pip \
             install zxing-cpp opencv-python-headless pyzbar; apt-get install libzbar0)",
            python.display()
        );
        return;
    }
    std::fs::create_dir_all(&dir).expect("a folder for the pictures");
    let mut panel = Command::new(&python)
        .arg(repo.join("benches/panel.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the panel starts");
    let mut to_panel = panel.stdin.take().expect("stdin");
    let mut from_panel = BufReader::new(panel.stdout.take().expect("stdout"));
    let mut ask = |line: &str| -> serde_json::Value {
        writeln!(to_panel, "{line}").expect("the panel listens");
        let mut answer = String::new();
        from_panel
            .read_line(&mut answer)
            .expect("the panel answers");
        serde_json::from_str(&answer).expect("the panel answers JSON")
    };
    println!("panel: {}", ask("version"));
    println!();
    println!(
        "| picture | panel votes | panel | giroscope | giroscope's findings | step, EC left, finder damage, blur, patch |"
    );
    println!("|---|---|---|---|---|---|");
    let payload_hex: String = defects::PAYLOAD
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect();
    let (mut agree, mut total, mut broken) = (0, 0, Vec::new());
    for (index, case) in defects::ladder().iter().enumerate() {
        let path = dir.join(format!("{index:02}.png"));
        let mut png = Vec::new();
        case.picture()
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("PNG");
        std::fs::write(&path, &png).expect("the picture is written");
        let answer = ask(&path.display().to_string());
        let readers: Vec<&str> = READERS
            .iter()
            .copied()
            .filter(|r| {
                answer[*r]
                    .as_array()
                    .is_some_and(|codes| codes.iter().any(|c| c == &payload_hex[..]))
            })
            .collect();
        let votes = readers.len();
        let expected = if votes == READERS.len() {
            Readability::Green
        } else if 2 * votes >= READERS.len() {
            Readability::Yellow
        } else {
            Readability::Red
        };
        let verified = giroscope::verify(&png, &Options::default()).expect("a picture");
        let (ours, findings, measures) = match verified.codes.first() {
            Some(code) if code.payload.as_bytes() == defects::PAYLOAD.as_bytes() => (
                code.readability,
                code.findings
                    .iter()
                    .map(|f| f.rule.code)
                    .collect::<Vec<_>>()
                    .join(", "),
                code.symbol.as_ref().map_or(String::new(), measures),
            ),
            _ => (
                Readability::Red,
                verified
                    .findings
                    .iter()
                    .map(|f| f.rule.code)
                    .collect::<Vec<_>>()
                    .join(", "),
                String::new(),
            ),
        };
        total += 1;
        if ours == expected {
            agree += 1;
        }
        let over_promise =
            (ours == Readability::Green && votes <= 1) || (ours != Readability::Red && votes == 0);
        if over_promise {
            broken.push(case.name.clone());
        }
        println!(
            "| {} | {votes}/4 {} | {} | {}{} | {} | {measures} |",
            case.name,
            if readers.is_empty() {
                "(none)".to_owned()
            } else {
                format!("({})", readers.join(", "))
            },
            expected.as_str(),
            ours.as_str(),
            if ours == expected { "" } else { " ✗" },
            findings,
        );
    }
    drop(to_panel);
    let _ = panel.wait();
    println!();
    println!(
        "agreement: {agree} of {total} ({:.0} %); over-promises (green at ≤ 1 vote, or not red at 0): {}",
        100.0 * agree as f64 / total as f64,
        if broken.is_empty() {
            "none".to_owned()
        } else {
            broken.join("; ")
        }
    );
    println!("pictures in {}", dir.display());
}

/// The measurements the verdict is made of, in one cell.
fn measures(symbol: &giroscope::SymbolReport) -> String {
    let percent =
        |share: Option<f32>| share.map_or("–".to_owned(), |s| format!("{:.0} %", s * 100.0));
    format!(
        "{}{}, {}, {}, {}, {}",
        symbol.step,
        if symbol.finder_guessed {
            " (guessed finder)"
        } else {
            ""
        },
        percent(symbol.unused_error_correction),
        percent(symbol.finder_damage),
        percent(symbol.unclear_modules),
        percent(symbol.patch.map(|p| p.share)),
    )
}
