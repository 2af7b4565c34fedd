//! PDFs made to hurt: images that declare terapixels, streams that inflate a thousandfold,
//! forms that draw each other exponentially often, pages the parser cannot read. Each is made
//! here, then checked in process (the page budgets), through the command line (worker
//! processes: a bad document costs its own pages, never the run) and through a real server
//! (a JSON answer, and /healthz stays up).

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use giroscope::{Limits, Options, verify};
use miniz_oxide::deflate::compress_to_vec_zlib;

use crate::pdf::{one_page_pdf, raw_pdf_bytes, stream};
use crate::util::{run, temp_file};

/// Draws image `/Im` at the page's size.
const DRAW_IMAGE: &[u8] = b"q 595 0 0 842 0 0 cm /Im Do Q";

fn image_pdf(dict: &str, data: &[u8]) -> Vec<u8> {
    one_page_pdf(
        "",
        DRAW_IMAGE,
        "/XObject << /Im 5 0 R >>",
        vec![stream(
            &format!("/Type /XObject /Subtype /Image {dict}"),
            data,
        )],
    )
}

/// A fax image that claims a million pixels square: 16 bytes of data (hayro asked for 1 TB).
fn fax_terapixel() -> Vec<u8> {
    image_pdf(
        "/Width 1000000 /Height 1000000 /ImageMask true /BitsPerComponent 1 /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns 1000000 /Rows 1000000 >>",
        &[0; 16],
    )
}

/// A JPEG whose frame header says 65,500 × 65,500, in an image that says 100 × 100.
fn jpeg_header_lies() -> Vec<u8> {
    let mut jpeg = vec![
        0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0xFF, 0xDC, 0xFF, 0xDC,
    ];
    jpeg.extend_from_slice(&[0x01, 0x01, 0x11, 0x00]);
    jpeg.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x43, 0x00]);
    jpeg.extend_from_slice(&[1; 64]);
    jpeg.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
    jpeg.extend_from_slice(&[0; 1000]);
    jpeg.extend_from_slice(&[0xFF, 0xD9]);
    image_pdf(
        "/Width 100 /Height 100 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode",
        &jpeg,
    )
}

/// A JBIG2 page information segment for a 60,000 × 60,000 page (3.6 gigapixels; the
/// decoder's own limit is 65,535 a side).
fn jbig2_page_lies() -> Vec<u8> {
    let mut segment = vec![0, 0, 0, 0, 48, 0, 1, 0, 0, 0, 19];
    segment.extend_from_slice(&60_000u32.to_be_bytes());
    segment.extend_from_slice(&60_000u32.to_be_bytes());
    segment.extend_from_slice(&[0; 8]);
    segment.extend_from_slice(&[0, 0, 0]);
    image_pdf(
        "/Width 100 /Height 100 /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode",
        &segment,
    )
}

/// An inline image of 100,000 × 100,000 samples.
fn inline_image_lies() -> Vec<u8> {
    one_page_pdf(
        "",
        b"q 100 0 0 100 0 0 cm BI /W 100000 /H 100000 /BPC 8 /CS /G ID \x00\x00\x00\x00 EI Q",
        "",
        Vec::new(),
    )
}

/// 300 MB of spaces, deflated: about 300 KB.
fn deflated_spaces() -> &'static [u8] {
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(|| compress_to_vec_zlib(&vec![b' '; 300 << 20], 6))
}

/// A content stream that inflates to 300 MB.
fn content_bomb() -> Vec<u8> {
    one_page_pdf("/Filter /FlateDecode", deflated_spaces(), "", Vec::new())
}

/// A 100 × 100 image whose samples inflate to 300 MB.
fn image_bomb() -> Vec<u8> {
    image_pdf(
        "/Width 100 /Height 100 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
        deflated_spaces(),
    )
}

/// Three million rectangles, deflated twice: a few KB.
fn rectangles() -> Vec<u8> {
    let content = b"0 0 1 1 re f\n".repeat(3_000_000);
    let twice = compress_to_vec_zlib(&compress_to_vec_zlib(&content, 9), 9);
    one_page_pdf(
        "/Filter [/FlateDecode /FlateDecode]",
        &twice,
        "",
        Vec::new(),
    )
}

/// Forty forms, each drawing the next twice: 2^40 drawings of the last.
fn nested_forms() -> Vec<u8> {
    let depth = 40;
    let forms = (0..depth)
        .map(|i| {
            if i + 1 < depth {
                stream(
                    &format!(
                        "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /F {} 0 R >> >>",
                        6 + i
                    ),
                    b"/F Do /F Do",
                )
            } else {
                stream(
                    "/Type /XObject /Subtype /Form /BBox [0 0 595 842]",
                    b"0 0 10 10 re f",
                )
            }
        })
        .collect();
    one_page_pdf("", b"/F Do", "/XObject << /F 5 0 R >>", forms)
}

/// Eighteen forms, each drawing the next twice, the last drawing nothing: few operators, but
/// every drawing clips to the form's page-sized box (found by fuzzing: 26 s at 72 dpi).
fn nested_empty_forms() -> Vec<u8> {
    let depth = 18;
    let forms = (0..depth)
        .map(|i| {
            let next = if i + 1 < depth {
                format!("/Resources << /XObject << /F {} 0 R >> >>", 6 + i)
            } else {
                String::new()
            };
            let content: &[u8] = if i + 1 < depth { b"/F Do /F Do" } else { b"" };
            stream(
                &format!("/Type /XObject /Subtype /Form /BBox [0 0 595 842] {next}"),
                content,
            )
        })
        .collect();
    one_page_pdf("", b"/F Do", "/XObject << /F 5 0 R >>", forms)
}

/// A page-sized form drawn 300 times: each drawing clips to its box, 7.5 ms a time at 300 dpi
/// (found by fuzzing: 2.2 s).
fn page_sized_forms() -> Vec<u8> {
    one_page_pdf(
        "",
        "/F Do ".repeat(300).as_bytes(),
        "/XObject << /F 5 0 R >>",
        vec![stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 595 842]",
            b"0 0 1 1 re f",
        )],
    )
}

/// A form that draws itself twice: hayro does not resolve a form's reference to itself while
/// drawing it, and the walk, which asks hayro's parser, agrees (no 2^50 drawings).
fn form_cycle(times: usize) -> Vec<u8> {
    one_page_pdf(
        "",
        b"/F Do",
        "/XObject << /F 5 0 R >>",
        vec![stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /F 5 0 R >> >>",
            format!("0 0 10 10 re f {}", "/F Do ".repeat(times)).as_bytes(),
        )],
    )
}

/// Seven pages, five with boxes or entries no PDF number can hold: numbers with exponents,
/// `nan`, an unbalanced array. The parser cannot read those page dictionaries at all.
fn absurd_boxes() -> Vec<u8> {
    let entries = [
        "/MediaBox [0 0 595 842]",
        "/MediaBox [0 0 1e38 1e38]",
        "/MediaBox [-3.4e38 -3.4e38 3.4e38 3.4e38]",
        "/MediaBox [0 0 1e400 842]",
        "/MediaBox [0 0 nan 842]",
        "/MediaBox [0 0 595 842] /UserUnit 1e30",
        "/MediaBox [0 0 595 842] /Rotate 45 /CropBox [5 5 x y]",
    ];
    let kids: Vec<String> = (0..entries.len())
        .map(|i| format!("{} 0 R", 4 + i))
        .collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            entries.len()
        )
        .into_bytes(),
        stream("", b"0 0 10 10 re f"),
    ];
    for entry in entries {
        objects
            .push(format!("<< /Type /Page /Parent 2 0 R /Contents 3 0 R {entry} >>").into_bytes());
    }
    raw_pdf_bytes(&objects)
}

/// A hostile PDF's name, bytes, and the finding each of its pages must get.
pub(crate) type Case = (&'static str, Vec<u8>, Vec<(&'static str, &'static str)>);

/// Each kind of hostile PDF.
pub(crate) fn cases() -> Vec<Case> {
    vec![
        (
            "fax-terapixel",
            fax_terapixel(),
            vec![("PDF-PAGE-IMAGE-TOO-LARGE", "1")],
        ),
        (
            "jpeg-header-lies",
            jpeg_header_lies(),
            vec![("PDF-PAGE-IMAGE-TOO-LARGE", "1")],
        ),
        (
            "jbig2-page-lies",
            jbig2_page_lies(),
            vec![("PDF-PAGE-IMAGE-TOO-LARGE", "1")],
        ),
        (
            "inline-image-lies",
            inline_image_lies(),
            vec![("PDF-PAGE-IMAGE-TOO-LARGE", "1")],
        ),
        (
            "content-bomb",
            content_bomb(),
            vec![("PDF-PAGE-DATA-TOO-LARGE", "1")],
        ),
        (
            "image-bomb",
            image_bomb(),
            vec![("PDF-PAGE-DATA-TOO-LARGE", "1")],
        ),
        (
            "rectangles",
            rectangles(),
            vec![("PDF-PAGE-TOO-COMPLEX", "1")],
        ),
        (
            "nested-forms",
            nested_forms(),
            vec![("PDF-PAGE-TOO-COMPLEX", "1")],
        ),
        (
            "nested-empty-forms",
            nested_empty_forms(),
            vec![("PDF-PAGE-TOO-COMPLEX", "1")],
        ),
        ("form-cycle", form_cycle(2), vec![("PDF-PAGE-NO-CODE", "1")]),
        (
            "page-sized-forms",
            page_sized_forms(),
            vec![("PDF-PAGE-TOO-COMPLEX", "1")],
        ),
        (
            "absurd-boxes",
            absurd_boxes(),
            vec![
                ("PDF-PAGE-NO-CODE", "1"),
                ("PDF-PAGE-BROKEN", "2"),
                ("PDF-PAGE-BROKEN", "3"),
                ("PDF-PAGE-BROKEN", "4"),
                ("PDF-PAGE-BROKEN", "5"),
                ("PDF-PAGE-BROKEN", "6"),
                ("PDF-PAGE-NO-CODE", "7"),
            ],
        ),
    ]
}

fn page_findings(findings: &[giroscope::Finding]) -> Vec<(&'static str, String)> {
    findings
        .iter()
        .map(|f| (f.rule.code, f.param("page").unwrap_or_default().to_string()))
        .collect()
}

fn expected(pages: &[(&'static str, &'static str)]) -> Vec<(&'static str, String)> {
    pages
        .iter()
        .map(|(code, page)| (*code, page.to_string()))
        .collect()
}

#[test]
fn every_hostile_page_gets_a_finding_within_a_second_in_process() {
    for (name, bytes, pages) in cases() {
        let started = Instant::now();
        let verified =
            verify(&bytes, &Options::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            page_findings(&verified.findings),
            expected(&pages),
            "{name}"
        );
        assert_eq!(
            verified.pages,
            Some(pages.len()),
            "{name}: every page counted"
        );
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{name}: {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn the_page_budgets_are_limits_at_n_and_n_plus_one() {
    // Ten rectangles (4 + 1 work each) and the stream's 130 bytes.
    let content = b"0 0 1 1 re f\n".repeat(10);
    let pdf = one_page_pdf("", &content, "", Vec::new());
    let with = |work: u64, bytes: u64| Options {
        limits: Limits {
            max_pdf_page_work: work,
            max_pdf_page_bytes: bytes,
            ..Limits::default()
        },
        ..Options::default()
    };
    let codes = |options: &Options| {
        let verified = verify(&pdf, options).expect("a report");
        page_findings(&verified.findings)
            .into_iter()
            .map(|(code, _)| code)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        codes(&with(50, 130)),
        ["PDF-PAGE-NO-CODE"],
        "at both budgets"
    );
    assert_eq!(
        codes(&with(49, 130)),
        ["PDF-PAGE-TOO-COMPLEX"],
        "one work unit over"
    );
    assert_eq!(
        codes(&with(50, 129)),
        ["PDF-PAGE-DATA-TOO-LARGE"],
        "one byte over"
    );
    let image = |side: u32| {
        image_pdf(
            &format!("/Width {side} /Height {side} /ColorSpace /DeviceGray /BitsPerComponent 8"),
            &vec![255; (side * side) as usize],
        )
    };
    let pixels = |limit: u64| Options {
        limits: Limits {
            max_pixels: limit,
            ..Limits::default()
        },
        dpi: 10.0,
        ..Options::default()
    };
    let verified = verify(&image(100), &pixels(10_000)).expect("a report");
    assert_eq!(
        page_findings(&verified.findings),
        expected(&[("PDF-PAGE-NO-CODE", "1")])
    );
    let verified = verify(&image(100), &pixels(9_999)).expect("a report");
    assert_eq!(
        page_findings(&verified.findings),
        expected(&[("PDF-PAGE-IMAGE-TOO-LARGE", "1")])
    );
}

/// The command line reports every input in order, whatever one of them does; JSON Lines
/// written before a bad document stay written.
#[test]
fn one_bad_document_never_loses_the_run() {
    let valid = std::fs::read(crate::util::sample("pdf/single-notice.pdf")).expect("sample");
    let valid = temp_file("hostile-valid.pdf", &valid);
    let mut paths = vec![valid.display().to_string()];
    for (name, bytes, _) in cases() {
        paths.push(
            temp_file(&format!("hostile-{name}.pdf"), &bytes)
                .display()
                .to_string(),
        );
    }
    paths.push(valid.display().to_string());
    let mut args = vec!["check", "--format", "jsonl", "--quiet"];
    args.extend(paths.iter().map(String::as_str));
    let output = run(&args, b"");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(
        output.stderr.is_empty(),
        "nothing on stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let reports: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l.get("source").is_some()).collect();
    assert_eq!(reports.len(), paths.len(), "every input reported");
    for (report, path) in reports.iter().zip(&paths) {
        assert_eq!(report["source"], path.as_str(), "in order");
    }
    let first = &reports[0]["verdict"];
    assert!(
        first.as_str().is_some_and(|v| v.starts_with("valid")),
        "{first}"
    );
    // The same notice again: valid still, with a warning that its reference is a duplicate.
    let last = &reports[reports.len() - 1]["verdict"];
    assert!(
        last.as_str().is_some_and(|v| v.starts_with("valid")),
        "{last}"
    );
}

/// What no budget foresees is contained by the worker process: with a memory limit too small
/// for a plain notice, the worker dies on the page and the page says so; the run goes on.
#[test]
fn a_worker_that_runs_out_of_memory_costs_its_page() {
    let notice = crate::util::sample("pdf/single-notice.pdf");
    let notice = notice.to_str().expect("path");
    let output = run(
        &[
            "check",
            "--quiet",
            "--format",
            "json",
            "--pdf-memory-mb",
            "40",
            notice,
            notice,
        ],
        b"",
    );
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    for result in report["results"].as_array().expect("results") {
        let finding = &result["findings"][0];
        assert_eq!(finding["code"], "PDF-PAGE-RENDER-FAILED", "{result}");
        assert!(
            finding["params"]["detail"]
                .as_str()
                .is_some_and(|d| d.contains("40 MB memory limit")),
            "{finding}"
        );
    }
    let output = run(&["check", "--quiet", "--format", "json", notice], b"");
    assert_eq!(output.status.code(), Some(0), "the default limit reads it");
}

#[test]
fn a_hostile_pdf_gets_json_and_the_server_stays_up() {
    let mut config = giroscope_server::Config::default();
    config.options.pdf_renderer = giroscope::pdf::Renderer::new(std::sync::Arc::new(
        giroscope::pdf::worker::Isolated::new(env!("CARGO_BIN_EXE_giroscope").into())
            .with_memory_limit(512 << 20),
    ));
    let (runtime, address) = crate::util::loopback_server(config);
    runtime.block_on(async {
        let client = |path: &'static str| format!("http://{address}{path}");
        for (name, bytes, pages) in cases() {
            let (status, body) = post(&client("/api/v1/check"), bytes).await;
            assert_eq!(status, 200, "{name}: {body}");
            let report: serde_json::Value = serde_json::from_str(&body).expect("JSON");
            let codes: Vec<&str> = report["results"][0]["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .filter_map(|f| f["code"].as_str())
                .collect();
            let want: Vec<&str> = pages.iter().map(|(code, _)| *code).collect();
            assert_eq!(codes, want, "{name}");
            let (health, _) = get(&client("/healthz")).await;
            assert_eq!(health, 200, "{name}: /healthz");
        }
    });
}

async fn post(url: &str, body: Vec<u8>) -> (u16, String) {
    request("POST", url, body).await
}

async fn get(url: &str) -> (u16, String) {
    request("GET", url, Vec::new()).await
}

/// One HTTP/1.1 request over a fresh connection.
async fn request(method: &str, url: &str, body: Vec<u8>) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = tokio::net::TcpStream::connect(host).await.expect("connect");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/pdf\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("head");
    stream.write_all(&body).await.expect("body");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("response");
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or_default();
    if !head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return (status, body.to_string());
    }
    let mut rest = body;
    let mut joined = String::new();
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || tail.len() < size {
            break;
        }
        joined.push_str(&tail[..size]);
        rest = tail[size..].trim_start_matches("\r\n");
    }
    (status, joined)
}

/// A busy office page as a word processor writes it: a white background, a letterhead logo,
/// 60 lines of 90 characters, a table of 40 ruled rows, and a GiroCode of 2,000 vector
/// modules.
fn busy_office_page() -> Vec<u8> {
    let mut content =
        b"1 g 0 0 595 842 re f 0 g\nq 120 0 0 40 40 780 cm /Logo Do Q\nBT /F1 10 Tf\n".to_vec();
    for line in 0..60 {
        content.extend_from_slice(
            format!(
                "1 0 0 1 40 {} Tm ({}) Tj\n",
                760 - line * 11,
                "x".repeat(90)
            )
            .as_bytes(),
        );
    }
    content.extend_from_slice(b"ET\n0.5 w\n");
    for row in 0..40 {
        let y = 100 + row * 8;
        content.extend_from_slice(format!("40 {y} m 555 {y} l S\n").as_bytes());
    }
    for module in 0..2000 {
        let (x, y) = (400 + (module % 45) * 2, 40 + (module / 45) * 2);
        content.extend_from_slice(format!("{x} {y} 2 2 re f\n").as_bytes());
    }
    one_page_pdf(
        "",
        &content,
        "/XObject << /Logo 5 0 R >> /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>",
        vec![stream(
            "/Type /XObject /Subtype /Image /Width 600 /Height 200 /ColorSpace /DeviceGray /BitsPerComponent 8",
            &vec![128; 600 * 200],
        )],
    )
}

/// The work budget is far above what notices need: the busy office page, and every page of
/// the sample print run, at 300 dpi.
#[test]
fn office_notices_need_a_small_part_of_the_work_budget() {
    let limits = Limits::default();
    let mut pages = vec![("busy office page", busy_office_page(), 0)];
    let notices = std::fs::read(crate::util::sample("pdf/notices.pdf")).expect("sample");
    for page in 0..6 {
        pages.push(("samples/pdf/notices.pdf", notices.clone(), page));
    }
    for (name, bytes, page) in pages {
        let document = giroscope::pdf::Document::open(&bytes, &limits).expect("opens");
        let work = document.work(page, 300.0, &limits).expect("walks");
        eprintln!("{name} page {}: work {work}", page + 1);
        assert!(
            work * 50 < limits.max_pdf_page_work,
            "{name} page {}: {work} of {}",
            page + 1,
            limits.max_pdf_page_work
        );
    }
}

/// A page that takes a second or more to render yet fits budgets raised for the purpose: 1.5
/// million small rectangles.
fn slow_page() -> (Vec<u8>, Options) {
    let content = b"0 0 1 1 re f\n".repeat(1_500_000);
    let pdf = one_page_pdf(
        "/Filter /FlateDecode",
        &compress_to_vec_zlib(&content, 6),
        "",
        Vec::new(),
    );
    let options = Options {
        limits: Limits {
            max_pdf_page_work: u64::MAX,
            max_decode_time: Duration::from_secs(60),
            ..Limits::default()
        },
        pdf_renderer: giroscope::pdf::Renderer::new(std::sync::Arc::new(
            giroscope::pdf::worker::Isolated::new(env!("CARGO_BIN_EXE_giroscope").into()),
        )),
        ..Options::default()
    };
    (pdf, options)
}

/// Cancellation reaches into a page being rendered: the worker is killed at once.
#[test]
fn a_cancelled_check_stops_within_100_ms_in_the_middle_of_a_page() {
    let (pdf, options) = slow_page();
    let cancel = giroscope::CancelToken::new();
    let canceller = cancel.clone();
    let cancelled_at = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(800));
        canceller.cancel();
        Instant::now()
    });
    let result = giroscope::verify_cancellable(&pdf, &options, &cancel);
    let stopped = Instant::now();
    let cancelled_at = cancelled_at.join().expect("canceller");
    assert!(
        matches!(result, Err(giroscope::Error::Cancelled)),
        "{result:?}"
    );
    let late = stopped.saturating_duration_since(cancelled_at);
    assert!(
        late < Duration::from_millis(100),
        "stopped {late:?} after the cancel"
    );
}

/// The wall-clock safety net stops a page's worker too, and says which page.
#[test]
fn the_safety_net_stops_a_page_in_its_worker() {
    let (pdf, mut options) = slow_page();
    options.limits.max_decode_time = Duration::from_millis(700);
    let started = Instant::now();
    let verified = verify(&pdf, &options).expect("a report");
    assert_eq!(
        page_findings(&verified.findings),
        expected(&[("PDF-PAGE-TIMEOUT", "1")])
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}
