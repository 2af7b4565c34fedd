//! The QA report (`--format html`) and the pictures of flagged pages (`--annotate`): one
//! self-contained file, every notice in the table, details and thumbnails for flagged pages;
//! in Debian's Chromium by tests/web/qa-report.mjs (skips with a message where Chromium or
//! the npm packages are missing; .ci/run installs both).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{root, run, with_lines};

fn fresh_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("giroscope-it")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

/// The notice run with its manifest (an amount mismatch on page 6, no code on page 4, a small
/// code on page 5), two photos, and a payload whose file name tries to inject markup.
fn report(dir: &Path) -> (String, PathBuf) {
    let hostile = dir.join("<img src=x onerror=alert(1)>.txt");
    std::fs::write(
        &hostile,
        with_lines(&[(6, "Stadtkasse <b>Musterstadt</b>")]),
    )
    .expect("payload");
    let annotated = dir.join("annotated");
    let output = run(
        &[
            "check",
            "--format",
            "html",
            "--quiet",
            // The small-module page takes the reader's harder steps; a loaded machine must
            // not turn it into a page without a code.
            "--read-timeout",
            "60",
            "--expect",
            "samples/pdf/manifest.csv",
            "--annotate",
            annotated.to_str().expect("path"),
            "samples/pdf/notices.pdf",
            "samples/images/phone-perspective.jpg",
            "samples/images/inverted.png",
            hostile.to_str().expect("path"),
        ],
        b"",
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = String::from_utf8(output.stdout).expect("UTF-8");
    let path = dir.join("report.html");
    std::fs::write(&path, &html).expect("report");
    (html, path)
}

#[test]
fn the_report_is_one_self_contained_file_with_every_notice() {
    let dir = fresh_dir("qa-report");
    let (html, _) = report(&dir);
    assert!(html.starts_with("<!doctype html>\n<html lang=\"de\">"));
    assert!(html.contains("content=\"default-src 'none'; img-src data:;"));
    for external in ["http:", "https:", "<link", "src=\"", "url("] {
        assert!(!html.contains(external), "no external resource: {external}");
    }
    // Every notice and page is a row: six pages, two photos, one payload.
    assert_eq!(html.matches("</tr>\n").count(), 9, "table rows");
    assert!(html.contains("<td>samples/pdf/notices.pdf</td><td class=\"n\">4</td><td></td><td class=\"n\"></td><td></td><td></td><td class=\"v-no-code\">"));
    // Flagged rows have a card; the amount mismatch shows both values, the difference marked.
    let card = html
        .split("<article")
        .skip(1)
        // The sample run has no text layer: its codes say so, as information.
        .find(|a| a.contains("data-f=\"EXPECT-AMOUNT NOTICE-NO-TEXT\""))
        .expect("the mismatch has a card");
    assert!(
        card.contains(
            "<tr class=\"diff\"><th scope=\"row\">Betrag</th><td>25,00 €</td><td>35,00 €</td></tr>"
        ),
        "{card}"
    );
    assert!(card.contains("laut Liste (Zeile 7)"));
    assert!(card.contains("<polygon class=\"code\"") && card.contains("<polygon class=\"quiet\""));
    // Markup in a file name or a payload is text.
    assert!(!html.contains("<img") && !html.contains("<b>"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;.txt"));
    assert!(html.contains("Stadtkasse &lt;b&gt;Musterstadt&lt;/b&gt;"));
    // Findings by rule, most frequent first, each linked to the filter.
    assert!(html.contains("<a href=\"#notices\" data-f=\"EXPECT-UNEXPECTED-CODE\" class=\"s-warning\">EXPECT-UNEXPECTED-CODE</a>"));
}

#[test]
fn annotated_pages_mark_the_code_and_frame_pages_without_one() {
    let dir = fresh_dir("qa-annotate");
    let _ = report(&dir);
    let mut names: Vec<String> = std::fs::read_dir(dir.join("annotated"))
        .expect("pictures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // Flagged: pages 4 (no code), 5 (small modules) and 6 (amount) of the run, and the photos
    // (no manifest line). The payload has no picture.
    assert_eq!(
        names,
        [
            "samples_images_inverted.png.annotated.png",
            "samples_images_phone-perspective.jpg.annotated.png",
            "samples_pdf_notices.pdf-p0004.png",
            "samples_pdf_notices.pdf-p0005.png",
            "samples_pdf_notices.pdf-p0006.png",
        ]
    );
    let picture = |name: &str| {
        image::open(dir.join("annotated").join(name))
            .expect("a PNG")
            .into_rgb8()
    };
    let blue = image::Rgb([0x00, 0x57, 0xB8]);
    let orange = image::Rgb([0xE6, 0x61, 0x00]);
    let red = image::Rgb([0xC0, 0x00, 0x00]);
    let page5 = picture("samples_pdf_notices.pdf-p0005.png");
    let count = |image: &image::RgbImage, colour| image.pixels().filter(|p| **p == colour).count();
    assert!(
        page5.width() > page5.height(),
        "the page and the enlarged code beside it"
    );
    assert!(count(&page5, blue) > 1000 && count(&page5, orange) > 1000);
    let page4 = picture("samples_pdf_notices.pdf-p0004.png");
    assert_eq!(count(&page4, blue), 0);
    assert_eq!(
        *page4.get_pixel(2, page4.height() / 2),
        red,
        "no code: a red frame"
    );
}

#[test]
fn a_long_run_keeps_details_for_the_first_flagged_rows() {
    let dir = fresh_dir("qa-many");
    let limit = giroscope::render::qa::DETAILED_ROWS;
    // Payloads with a warning (no amount): every one flagged.
    for i in 0..=limit {
        let text = format!("Kassenzeichen 5.1234.{i:06}.1");
        std::fs::write(
            dir.join(format!("{i:04}.txt")),
            with_lines(&[(8, ""), (11, &text)]),
        )
        .expect("payload");
    }
    let output = run(
        &[
            "check",
            "--format",
            "html",
            "--quiet",
            "--lang",
            "en",
            dir.to_str().expect("path"),
        ],
        b"",
    );
    let html = String::from_utf8(output.stdout).expect("UTF-8");
    assert_eq!(
        html.matches("</tr>\n").count(),
        limit + 1,
        "the table lists every row"
    );
    assert_eq!(html.matches("<article").count(), limit);
    assert!(html.contains(&format!(
        "Details and pictures for the first {limit} of {} flagged rows",
        limit + 1
    )));
}

#[test]
fn the_report_in_a_real_browser() {
    let Some(web) = crate::util::browser_tests_or_skip("the report's browser test") else {
        return;
    };
    let dir = fresh_dir("qa-browser");
    let (_, path) = report(&dir);
    let artifacts = root().join("target/web-artifacts");
    std::fs::create_dir_all(&artifacts).expect("artifact folder");
    let output = Command::new("node")
        .arg(web.join("qa-report.mjs"))
        .arg(&path)
        .arg(&artifacts)
        .current_dir(&web)
        .output()
        .expect("node runs");
    let log = String::from_utf8_lossy(&output.stdout);
    eprintln!("{log}{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "report checks failed:\n{log}");
    assert!(log.contains("all report checks passed") && !log.contains("FAIL"));
}
