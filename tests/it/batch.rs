use giroscope::batch::Batch;
use giroscope::expect::{Manifest, compare};
use giroscope::{CodeReport, SourceReport};

use crate::util::{run, temp_file, with_lines};

#[test]
fn expected_data_is_compared_field_by_field() {
    let code = CodeReport::from_payload(&with_lines(&[(10, "RF18539007547034"), (11, "")]));
    let manifest = Manifest::parse(
        "file,iban,bic,name,amount,reference,text,information\n\
         a,DE02120300000000202051,COBADEFFXXX,Stadtkasse Musterstadt,35,RF18 5390 0754 7034,,Verwarnungsgeld Parken\n\
         b,DE89370400440532013000,BYLADEM1001,Stadt Musterstadt,35.01,RF18539007547035,Kassenzeichen 1,Anders\n",
    )
    .expect("valid manifest");
    let codes = |row: usize| -> Vec<&'static str> {
        compare(&manifest.rows()[row], &code.fields)
            .iter()
            .map(|f| f.rule.code)
            .collect()
    };
    assert_eq!(
        codes(0),
        Vec::<&str>::new(),
        "35 equals 35.00; spaces in RF do not matter"
    );
    assert_eq!(
        codes(1),
        [
            "EXPECT-IBAN",
            "EXPECT-BIC",
            "EXPECT-NAME",
            "EXPECT-AMOUNT",
            "EXPECT-REFERENCE",
            "EXPECT-TEXT",
            "EXPECT-INFORMATION"
        ]
    );
    let finding = &compare(&manifest.rows()[1], &code.fields)[3];
    assert_eq!(
        finding.message(giroscope::Lang::En),
        "Amount in the code: \"35.00\", expected by the list (line 3): \"35.01\"."
    );
}

#[test]
fn the_same_kassenzeichen_twice_warns_on_the_second() {
    let mut batch = Batch::new(None);
    let mut reports: Vec<SourceReport> = ["first.txt", "second.txt"]
        .iter()
        .map(|name| SourceReport {
            source: name.to_string(),
            outcome: giroscope::verify(&with_lines(&[]), &giroscope::Options::default()),
        })
        .collect();
    for report in &mut reports {
        batch.add(report);
    }
    let codes = |i: usize| reports[i].outcome.as_ref().expect("checked").codes[0].codes();
    assert_eq!(codes(0), Vec::<&str>::new());
    assert_eq!(codes(1), ["BATCH-DUPLICATE-REFERENCE"]);
    let finding = &reports[1].outcome.as_ref().expect("checked").codes[0].findings[0];
    assert_eq!(
        finding.message(giroscope::Lang::En),
        "Kassenzeichen 5.1234.567890.1 also appears on first.txt."
    );
}

#[test]
fn cli_checks_a_print_run_against_its_manifest() {
    let output = run(
        &[
            "check",
            "--lang",
            "en",
            "--read-timeout",
            "60",
            "--expect",
            "samples/pdf/manifest.csv",
            "samples/pdf/notices.pdf",
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("error[EXPECT-AMOUNT]: Amount in the code: \"25.00\", expected by the list (line 7): \"35.00\"."), "{text}");
    assert!(
        text.contains("error[PDF-PAGE-NO-CODE]: Page 4 holds no QR code."),
        "{text}"
    );
    assert!(
        !text.contains("EXPECT-MISSING-CODE"),
        "page 4 is reported once: {text}"
    );
    assert!(
        text.contains("1 input (6 pages, 5 QR codes): 0 valid, 1 invalid"),
        "{text}"
    );

    // A listed file that was not checked is an error too.
    let output = run(
        &[
            "check",
            "--expect",
            "samples/pdf/manifest.csv",
            "samples/pdf/single-notice.pdf",
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("EXPECT-UNEXPECTED-CODE"), "{text}");
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("line 2 names notices.pdf which was not checked")
    );
}

#[test]
fn missing_expected_code_is_an_error() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("giroscope-it/run");
    std::fs::create_dir_all(&dir).expect("dir");
    let manifest = dir.join("manifest.csv");
    std::fs::write(&manifest, "file,amount\nblank.png,7\n").expect("manifest");
    let blank = dir.join("blank.png");
    std::fs::write(&blank, crate::util::png(&crate::util::white(200, 200))).expect("image");
    let output = run(
        &[
            "check",
            "--format",
            "json",
            "--expect",
            manifest.to_str().expect("path"),
            blank.to_str().expect("path"),
        ],
        b"",
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let codes: Vec<&str> = json["results"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert_eq!(codes, ["IMAGE-NO-CODE"], "one root cause, one finding");
    assert_eq!(json["summary"]["inputs"], 1);
}

#[test]
fn malformed_manifests_are_named_with_line_and_column() {
    let path = temp_file(
        "bad-manifest.csv",
        b"file,page,amount\nnotices.pdf,1,25.00\nnotices.pdf,two,25.00\n",
    );
    let output = run(
        &[
            "check",
            "--expect",
            path.to_str().expect("path"),
            "samples/pdf/notices.pdf",
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "Liste, Zeile 3, Spalte B (page): „two“ ist keine Seitenzahl. Seiten zählen ab 1"
        ),
        "{stderr}"
    );
}

#[test]
fn directories_and_file_lists_are_inputs_in_order() {
    let output = run(
        &["check", "--format", "jsonl", "--quiet", "samples/pdf"],
        b"",
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "password-protected and truncated files cannot be checked"
    );
    let sources: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
            assert_eq!(value["schema_version"], 1);
            value["source"].as_str().expect("source").to_string()
        })
        .collect();
    assert_eq!(
        sources,
        [
            "samples/pdf/encrypted-empty-password.pdf",
            "samples/pdf/notices.pdf",
            "samples/pdf/password-protected.pdf",
            "samples/pdf/single-notice.pdf",
            "samples/pdf/truncated.pdf"
        ]
    );
    let list = b"samples/payloads/parking-ticket.txt\n\nsamples/payloads/register-extract.txt\n";
    let output = run(
        &["check", "--files-from", "-", "--format", "json", "--quiet"],
        list,
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["summary"]["inputs"], 2);
    assert_eq!(json["summary"]["valid"], 2);
}

#[test]
fn junit_reports_failures_per_page() {
    let output = run(
        &[
            "check",
            "--format",
            "junit",
            "--quiet",
            "--lang",
            "en",
            "--read-timeout",
            "60",
            "--expect",
            "samples/pdf/manifest.csv",
            "samples/pdf/notices.pdf",
        ],
        b"",
    );
    let xml = String::from_utf8_lossy(&output.stdout);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"giroscope\" tests=\"6\" failures=\"2\">"), "{xml}");
    assert!(
        xml.contains("<testcase classname=\"samples/pdf/notices.pdf\" name=\"page 6 GiroCode\">"),
        "{xml}"
    );
    assert!(
        xml.contains(
            "<failure message=\"error[EXPECT-AMOUNT]: Amount in the code: &quot;25.00&quot;"
        ),
        "{xml}"
    );
    assert!(
        xml.contains("<system-out>warning[SYMBOL-MODULE-TOO-SMALL]"),
        "{xml}"
    );
    assert_eq!(xml.matches("<testcase ").count(), 6);
}

/// A run of two-page notices: a cover letter without a code, then the payment slip with one.
fn two_page_notices(notices: u32) -> std::path::PathBuf {
    use crate::pdf::{PageSpec, notice_pdf};
    use crate::pdf_notices::{MODULE_MM, Payment, girocode};
    let pages: Vec<PageSpec> = (0..notices)
        .flat_map(|i| {
            let payment = Payment {
                cents: 4700,
                number: 9000 + i,
            };
            [
                PageSpec {
                    codes: vec![],
                    clutter: true,
                    rotate: 0,
                },
                PageSpec {
                    codes: vec![girocode(&payment, MODULE_MM, false)],
                    clutter: true,
                    rotate: 0,
                },
            ]
        })
        .collect();
    temp_file("two-page-notices.pdf", &notice_pdf(&pages))
}

fn finding_codes(json: &serde_json::Value) -> Vec<(String, Option<u64>)> {
    json["results"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().expect("code").to_string(),
                f["page"].as_u64(),
            )
        })
        .collect()
}

#[test]
fn cover_pages_need_no_code_when_the_manifest_or_code_pages_say_so() {
    let pdf = two_page_notices(2);
    let pdf = pdf.to_str().expect("path");
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "--format", "json", "--quiet", "--lang", "en"];
        args.extend_from_slice(extra);
        args.push(pdf);
        let output = run(&args, b"");
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        (output.status.code(), finding_codes(&json), json)
    };
    let no = |code: &str, page: u64| (code.to_string(), Some(page));
    // Every page must carry a code by default.
    let (status, findings, _) = check(&[]);
    assert_eq!(status, Some(1));
    assert_eq!(
        findings,
        [no("PDF-PAGE-NO-CODE", 1), no("PDF-PAGE-NO-CODE", 3)]
    );
    // Without a manifest, --code-pages says which pages must; the others are noted once.
    let (status, findings, json) = check(&["--code-pages", "even"]);
    assert_eq!(status, Some(0), "{findings:?}");
    assert_eq!(findings, [("EXPECT-PAGES-WITHOUT-CODE".to_string(), None)]);
    assert_eq!(
        json["results"][0]["findings"][0]["message"],
        "2 pages without a QR code where none is required (--code-pages even): 1, 3."
    );
    let (status, findings, _) = check(&["--code-pages", "1,last"]);
    assert_eq!(status, Some(1));
    assert_eq!(
        findings,
        [
            no("PDF-PAGE-NO-CODE", 1),
            ("EXPECT-PAGES-WITHOUT-CODE".to_string(), None)
        ]
    );
    // With a manifest, the pages it lists must carry a code, and a code elsewhere is still
    // reported.
    let manifest = temp_file(
        "two-page-manifest.csv",
        b"file;page;amount\r\ntwo-page-notices.pdf;2;47,00\r\ntwo-page-notices.pdf;3;47,00\r\n",
    );
    let (status, findings, json) = check(&["--expect", manifest.to_str().expect("path")]);
    assert_eq!(status, Some(1));
    assert_eq!(
        findings,
        [
            no("PDF-PAGE-NO-CODE", 3),
            ("EXPECT-PAGES-WITHOUT-CODE".to_string(), None)
        ]
    );
    let page4 = &json["results"][0]["codes"][1];
    assert_eq!(page4["page"], 4);
    let page4_codes: Vec<&str> = page4["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert_eq!(page4_codes, ["NOTICE-NO-TEXT", "EXPECT-UNEXPECTED-CODE"]);
    // --code-pages and --expect do not mix: the manifest says which pages carry codes.
    let output = run(
        &[
            "check",
            "--code-pages",
            "even",
            "--expect",
            manifest.to_str().expect("path"),
            pdf,
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_manifest_row_for_a_page_the_document_lacks_says_so() {
    let pdf = two_page_notices(2);
    let manifest = temp_file(
        "too-many-pages.csv",
        b"file,page\ntwo-page-notices.pdf,2\ntwo-page-notices.pdf,4\ntwo-page-notices.pdf,6\n",
    );
    let output = run(
        &[
            "check",
            "--format",
            "json",
            "--quiet",
            "--expect",
            manifest.to_str().expect("path"),
            pdf.to_str().expect("path"),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let missing = json["results"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "EXPECT-NO-SUCH-PAGE")
        .expect("the missing page is a finding");
    assert_eq!(missing["page"], 6);
    assert_eq!(
        missing["messages"]["de"],
        "Seite 6 gibt es nicht; das Dokument hat 4 Seiten (Liste, Zeile 4)."
    );
    assert_eq!(
        missing["messages"]["en"],
        "Page 6 does not exist; the document has 4 pages (list line 4)."
    );
    assert_eq!(
        json["summary"]["unlisted_rows"], 0,
        "the row is accounted for"
    );
}

#[test]
fn an_excel_manifest_is_read_with_its_encoding_separator_and_line_numbers() {
    // Windows-1252, semicolons, CRLF, a blank line: the amount mismatch is on editor line 5.
    let manifest = temp_file(
        "excel-manifest.csv",
        b"Datei;Seite;Empf\xE4nger;Betrag\r\nnotices.pdf;1;Stadtkasse Musterstadt;25,00\r\nnotices.pdf;2;Stadtkasse Musterstadt;10,00\r\n\r\nnotices.pdf;3;Stadtkasse M\xFCnster;15,00\r\n",
    );
    let output = run(
        &[
            "check",
            "--lang",
            "en",
            "--expect",
            manifest.to_str().expect("path"),
            "samples/pdf/notices.pdf",
        ],
        b"",
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("error[EXPECT-NAME]: Beneficiary in the code: \"Stadtkasse Musterstadt\", expected by the list (line 5): \"Stadtkasse Münster\"."),
        "{text}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("3 rows (Windows-1252, semicolons)"),
        "{stderr}"
    );
    // Forcing UTF-8 on it names the line and the fix.
    let output = run(
        &[
            "check",
            "--lang",
            "en",
            "--expect",
            manifest.to_str().expect("path"),
            "--expect-encoding",
            "utf-8",
            "samples/pdf/notices.pdf",
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("manifest line 1, column A: The line is not valid UTF-8.")
            && stderr.contains("--expect-encoding windows-1252"),
        "{stderr}"
    );
}

#[test]
fn every_file_of_a_folder_is_accounted_for() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("giroscope-it/folder");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("phone")).expect("dir");
    std::fs::write(dir.join("notice.txt"), with_lines(&[])).expect("payload");
    std::fs::write(
        dir.join("photo.HEIC"),
        b"\0\0\0\x18ftypheic\0\0\0\0heicmif1",
    )
    .expect("heic");
    std::fs::write(
        dir.join("phone/scan.avif"),
        b"\0\0\0\x1cftypavif\0\0\0\0avifmif1",
    )
    .expect("avif");
    std::fs::write(dir.join("manifest.csv"), b"file,amount\n").expect("manifest");
    std::fs::write(dir.join("README.md"), b"print run 2025-04").expect("readme");
    std::fs::write(dir.join(".DS_Store"), b"hidden, as ls hides it").expect("hidden");
    // A link back up the tree is walked once.
    std::os::unix::fs::symlink(&dir, dir.join("phone/loop")).expect("symlink");
    let folder = dir.to_str().expect("path");
    let output = run(&["check", "--format", "json", "--quiet", folder], b"");
    assert_eq!(
        output.status.code(),
        Some(2),
        "HEIC and AVIF cannot be checked"
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let results: Vec<(String, Option<&str>)> = json["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            let source = r["source"].as_str().expect("source");
            let name = source.strip_prefix(folder).expect("inside").to_string();
            (name, r["error"]["code"].as_str())
        })
        .collect();
    assert_eq!(
        results,
        [
            ("/notice.txt".to_string(), None),
            ("/phone/scan.avif".to_string(), Some("INPUT-UNSUPPORTED")),
            ("/photo.HEIC".to_string(), Some("INPUT-UNSUPPORTED")),
        ]
    );
    let skipped: Vec<String> = json["summary"]["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| {
            s.as_str()
                .expect("path")
                .strip_prefix(folder)
                .expect("inside")
                .to_string()
        })
        .collect();
    assert_eq!(skipped, ["/README.md", "/manifest.csv"]);
    assert_eq!(json["summary"]["skipped_files"], 2);
    assert_eq!(json["summary"]["inputs"], 3);
    // Human output lists them in the summary, and names the unsupported files' error.
    let output = run(&["check", "--lang", "en", folder], b"");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("3 inputs (0 pages, 1 QR code): 1 valid, 0 invalid, 2 could not be checked"),
        "{text}"
    );
    assert!(
        text.contains("2 files skipped by extension (not an image, PDF or .txt): ")
            && text.contains("README.md")
            && text.contains("manifest.csv"),
        "{text}"
    );
    assert!(
        text.contains("photo.HEIC: We cannot read files in the HEIC/HEIF format."),
        "{text}"
    );
}

/// Streaming formats write each report as its chunk of inputs completes (four inputs a chunk
/// with one job), not when the run ends: the fifth input here is a pipe that is only written
/// once the first four reports have arrived.
#[test]
fn a_long_run_streams_its_reports_before_later_inputs_are_read() {
    use std::io::{BufRead, BufReader, Write};
    use std::sync::mpsc;
    use std::time::Duration;
    let dir = std::env::temp_dir().join(format!("giroscope-stream-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut inputs = Vec::new();
    for index in 0..4 {
        let path = dir.join(format!("notice-{index}.txt"));
        let reference = format!("Kassenzeichen 5.1234.567890.{index}");
        std::fs::write(&path, with_lines(&[(11, &reference)])).expect("payload written");
        inputs.push(path);
    }
    let fifo = dir.join("notice-4.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo makes the pipe");
    inputs.push(fifo.clone());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_giroscope"))
        .args(["check", "--format", "jsonl", "--quiet", "--jobs", "1"])
        .args(&inputs)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("giroscope runs");
    let stdout = child.stdout.take().expect("stdout is piped");
    let (lines, received) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let _ = lines.send(line.expect("output is text"));
        }
    });
    let first: Vec<String> = (0..4)
        .map_while(|_| received.recv_timeout(Duration::from_secs(60)).ok())
        .collect();
    // Whatever happened, the pipe gets its payload so the process can finish.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&fifo)
        .and_then(|mut pipe| pipe.write_all(&with_lines(&[(11, "Kassenzeichen 5.1234.567890.4")])))
        .expect("the pipe is written");
    assert_eq!(
        first.len(),
        4,
        "the first four reports arrive before the fifth input is readable"
    );
    let status = child.wait().expect("giroscope finishes");
    reader.join().expect("reader thread");
    let rest: Vec<String> = received.try_iter().collect();
    assert_eq!(rest.len(), 1, "the fifth report follows: {rest:?}");
    assert!(rest[0].contains("notice-4.txt"), "{}", rest[0]);
    for line in first.iter().chain(&rest) {
        let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        assert_eq!(value["verdict"], "valid", "{line}");
    }
    assert_eq!(status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A manifest as long as a whole town's print run is numbered in one pass: 200,000 rows (about
/// 2 s in a debug build on 2 cores; counting the newlines again for every row took minutes),
/// and every row and the error at the end still carry the line an editor shows.
#[test]
fn a_long_manifest_is_read_in_one_pass_with_editor_line_numbers() {
    const ROWS: usize = 200_000;
    let mut text = String::from("Datei;Seite;Betrag;Verwendungszweck\r\n");
    let mut line = 1;
    let mut lines = Vec::with_capacity(ROWS);
    for row in 1..=ROWS {
        line += 1;
        lines.push(line);
        // Every 1000th row a blank line below it, every 5000th a remittance text over two
        // lines (quoted, as Excel writes a cell with a line break).
        let text_cell = if row % 5000 == 0 {
            line += 1;
            "\"Kassenzeichen\r\nzweite Zeile\""
        } else {
            "Kassenzeichen"
        };
        text.push_str(&format!("notices.pdf;{row};12,50;{text_cell}\r\n"));
        if row % 1000 == 0 {
            text.push_str("\r\n");
            line += 1;
        }
    }
    let started = std::time::Instant::now();
    let manifest = Manifest::parse(&text).expect("valid manifest");
    let read = started.elapsed();
    let rows = manifest.rows();
    assert_eq!(rows.len(), ROWS);
    for index in [0, 999, 1000, 4999, 5000, 123_456, ROWS - 1] {
        assert_eq!(rows[index].line, lines[index], "row {}", index + 1);
    }
    line += 1;
    text.push_str("notices.pdf;200001;zwölf;\r\n");
    let started = std::time::Instant::now();
    let error = Manifest::parse(&text).expect_err("the last amount is no amount");
    let failed = started.elapsed();
    assert_eq!((error.line, error.column), (line, 3), "{error}");
    eprintln!("{ROWS} manifest rows: read in {read:?}, the error at the end in {failed:?}");
    // Quadratic counting needs minutes here even in a release build.
    for elapsed in [read, failed] {
        assert!(elapsed.as_secs() < 20, "{elapsed:?}");
    }
}

/// A 10 MB manifest cell was echoed four times (the finding's parameter, its message, and the
/// message in German and English): 40 MB of JSON. Every echo is now cut to 200 characters.
#[test]
fn a_huge_manifest_cell_is_echoed_cut_short() {
    let notice = temp_file("huge-cell-notice.txt", &with_lines(&[]));
    let huge = "Verwarnungsgeld ".repeat(10 * 1024 * 1024 / 16);
    let manifest = temp_file(
        "huge-cell.csv",
        format!("file,text\nhuge-cell-notice.txt,{huge}\n").as_bytes(),
    );
    let check = |format: &str| {
        run(
            &[
                "check",
                "--quiet",
                "--format",
                format,
                "--expect",
                manifest.to_str().expect("path"),
                notice.to_str().expect("path"),
            ],
            b"",
        )
    };
    let output = check("json");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        output.stdout.len() < 64 * 1024,
        "{} bytes",
        output.stdout.len()
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let finding = json["results"][0]["codes"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "EXPECT-TEXT")
        .expect("the text differs");
    let expected = finding["params"]["expected"].as_str().expect("echoed");
    assert_eq!(expected.chars().count(), 200);
    assert!(expected.starts_with("Verwarnungsgeld Verwarnungsgeld"));
    assert!(expected.ends_with('…'), "{expected}");
    assert!(
        finding["messages"]["de"]
            .as_str()
            .is_some_and(|m| m.contains(expected)),
        "{finding}"
    );
    // The QA report shows the row beside what was read, cut the same way.
    let output = check("html");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        output.stdout.len() < 256 * 1024,
        "{} bytes",
        output.stdout.len()
    );
    let html = String::from_utf8_lossy(&output.stdout);
    assert!(html.contains(expected));
}

/// A district's yearly run, in process: one PDF of 100,000 notices with a code on every page,
/// and 100,000 scans of one notice each, against a manifest of 200,000 rows. Each code's row
/// was found by comparing the code's file with every row, and each input's rows likewise:
/// 200,000 × 200,000 comparisons, hours even in a release build. The rows are now indexed by
/// file and page when the manifest is read.
#[test]
fn a_long_print_run_is_matched_to_its_manifest_without_scanning_every_row() {
    use giroscope::finding::Finding;
    use giroscope::{Verified, rules};
    const PAGES: usize = 100_000;
    const SCANS: usize = 100_000;
    let mut text = String::from("file,page,amount\n");
    for page in 1..=PAGES {
        // The row for page 500 expects another amount than its code pays.
        let amount = if page == 500 { "36" } else { "" };
        text.push_str(&format!("notices.pdf,{page},{amount}\n"));
    }
    for scan in 1..=SCANS {
        text.push_str(&format!("scan-{scan}.png,,\n"));
    }
    let started = std::time::Instant::now();
    let manifest = Manifest::parse(&text).expect("valid manifest");
    let read = started.elapsed();

    // Codes as the batch sees them: kind, page and fields (each with its own reference, so
    // that no duplicate references are reported); without the payload's lines, to stay small.
    let mut base = CodeReport::from_payload(&with_lines(&[]));
    base.lines.clear();
    base.girocode = None;
    let code = |page: Option<usize>, n: usize| {
        let mut code = base.clone();
        code.page = page;
        code.fields.reference = Some(format!("RF{n}"));
        code
    };
    // Page 7 has no code and says so; page 9 has none and nothing says so yet.
    let mut pdf = SourceReport {
        source: "run/2025/notices.pdf".into(),
        outcome: Ok(Verified {
            codes: (1..=PAGES)
                .filter(|page| ![7, 9].contains(page))
                .map(|page| code(Some(page), page))
                .collect(),
            findings: vec![Finding::new(&rules::PDF_PAGE_NO_CODE).on_page(7)],
            image_size: None,
            pages: Some(PAGES),
            engine_panics: 0,
        }),
    };
    // Scan 3 is not in the batch; a scan the manifest does not list is.
    let scans = (1..=SCANS)
        .filter(|&scan| scan != 3)
        .map(|scan| format!("scans/scan-{scan}.png"))
        .chain(["scans/unlisted.png".to_string()]);

    let mut batch = Batch::new(Some(manifest.clone()));
    let started = std::time::Instant::now();
    batch.add(&mut pdf);
    let mut matched = started.elapsed();
    let mut flagged = Vec::new();
    for (n, source) in scans.enumerate() {
        let mut report = SourceReport {
            source,
            outcome: Ok(Verified {
                codes: vec![code(None, PAGES + 1 + n)],
                findings: Vec::new(),
                image_size: Some((1000, 1400)),
                pages: None,
                engine_panics: 0,
            }),
        };
        let started = std::time::Instant::now();
        batch.add(&mut report);
        matched += started.elapsed();
        let verified = report.outcome.expect("checked");
        let codes = verified.codes[0].codes();
        if !codes.is_empty() || !verified.findings.is_empty() {
            flagged.push((report.source, codes));
        }
    }
    eprintln!(
        "{} manifest rows: read and indexed in {read:?}, {} codes matched in {matched:?}",
        PAGES + SCANS,
        PAGES + SCANS - 2
    );

    assert_eq!(
        flagged,
        [(
            "scans/unlisted.png".to_string(),
            vec!["EXPECT-UNEXPECTED-CODE"]
        )]
    );
    let pdf = pdf.outcome.expect("checked");
    let flagged: Vec<_> = pdf
        .codes
        .iter()
        .filter(|c| !c.findings.is_empty())
        .map(|c| (c.page, c.codes(), c.findings[0].param("row")))
        .collect();
    assert_eq!(
        flagged,
        [(Some(500), vec!["EXPECT-AMOUNT"], Some("501"))],
        "the row is found by the page"
    );
    let findings: Vec<_> = pdf
        .findings
        .iter()
        .map(|f| (f.rule.code, f.page, f.param("row")))
        .collect();
    assert_eq!(
        findings,
        [
            ("PDF-PAGE-NO-CODE", Some(7), None),
            ("EXPECT-MISSING-CODE", Some(9), Some("10"))
        ]
    );
    let unaccounted: Vec<u64> = batch.unaccounted().iter().map(|row| row.line).collect();
    assert_eq!(unaccounted, [PAGES as u64 + 1 + 3], "scan 3's row");

    // The same run printed without codes: each of the 100,000 rows for the PDF had the
    // document's findings searched for its page's "no code" finding.
    let mut blank = SourceReport {
        source: "run/2025/notices.pdf".into(),
        outcome: Ok(Verified {
            codes: Vec::new(),
            findings: (1..=PAGES)
                .map(|page| Finding::new(&rules::PDF_PAGE_NO_CODE).on_page(page))
                .collect(),
            image_size: None,
            pages: Some(PAGES),
            engine_panics: 0,
        }),
    };
    let mut batch = Batch::new(Some(manifest));
    let started = std::time::Instant::now();
    batch.add(&mut blank);
    let blank_matched = started.elapsed();
    eprintln!("{PAGES} pages without a code matched to their rows in {blank_matched:?}");
    let blank = blank.outcome.expect("checked");
    assert_eq!(
        blank.findings.len(),
        PAGES,
        "one finding per page, no second"
    );
    assert_eq!(batch.unaccounted().len(), SCANS, "the scans' rows only");

    // The linear scans need hours here; the index, about a second in a debug build.
    for elapsed in [read, matched, blank_matched] {
        assert!(elapsed.as_secs() < 30, "{elapsed:?}");
    }
}
