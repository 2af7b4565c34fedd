use serde::Deserialize;

use crate::util::{run, temp_file, with_lines};

/// The JSON contract, read back strictly: a renamed or unexpected field fails the test.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    schema_version: u32,
    results: Vec<SourceJson>,
    summary: Summary,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Summary {
    inputs: usize,
    pages: usize,
    codes: usize,
    valid: usize,
    invalid: usize,
    invalid_readable: usize,
    unchecked: usize,
    unlisted_rows: usize,
    fail_on: String,
    failed: usize,
    seconds: f64,
    skipped_files: usize,
    skipped: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceJson {
    source: String,
    #[serde(default)]
    verdict: Option<String>,
    codes: Vec<CodeJson>,
    findings: Vec<FindingJson>,
    #[serde(default)]
    image: Option<ImageJson>,
    #[serde(default)]
    pages: Option<usize>,
    #[serde(default)]
    error: Option<ErrorJson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImageJson {
    width: u32,
    height: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SymbolJson {
    corners: [[f32; 2]; 4],
    size: Option<usize>,
    module_px: Option<f32>,
    version: Option<u8>,
    ec_level: Option<String>,
    mask: Option<u8>,
    eci: Option<u32>,
    modes: Vec<String>,
    mirrored: bool,
    structured_append: bool,
    corrected_errors: Option<usize>,
    unused_error_correction: Option<f32>,
    quiet_zone: Option<f32>,
    quiet_zone_cut: bool,
    contrast: Option<f32>,
    inverted: bool,
    finder_guessed: bool,
    finder_damage: Option<f32>,
    unclear_modules: Option<f32>,
    crease: bool,
    patch: Option<f32>,
    module_mm: Option<f32>,
    position_mm: Option<[f32; 2]>,
    quiet_zone_mm: Option<f32>,
    engines: Vec<String>,
    step: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrorJson {
    code: String,
    message: String,
    messages: Messages,
    #[serde(default)]
    detail: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Messages {
    de: String,
    en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeJson {
    kind: String,
    verdict: String,
    #[serde(default)]
    page: Option<usize>,
    payload: String,
    payload_bytes: usize,
    valid: bool,
    readability: String,
    fields: Fields,
    findings: Vec<FindingJson>,
    symbol: Option<SymbolJson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fields {
    version: Option<String>,
    charset: Option<u8>,
    charset_name: Option<String>,
    bic: Option<String>,
    name: Option<String>,
    iban: Option<String>,
    amount: Option<String>,
    currency: Option<String>,
    purpose: Option<String>,
    reference: Option<String>,
    text: Option<String>,
    information: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FindingJson {
    code: String,
    severity: String,
    readability: String,
    field: String,
    #[serde(default)]
    page: Option<usize>,
    line: Option<usize>,
    span: Option<[usize; 2]>,
    message: String,
    messages: Messages,
    help: String,
    citizen: String,
    citizen_messages: Messages,
    rule: String,
    params: std::collections::BTreeMap<String, String>,
}

fn json(args: &[&str], stdin: &[u8]) -> (Document, i32) {
    let output = run(args, stdin);
    let document: Document = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)));
    (document, output.status.code().expect("exit code"))
}

#[test]
fn exit_codes_follow_the_contract() {
    for (args, expected) in [
        (&["check", "samples/payloads/parking-ticket.txt"][..], 0),
        (
            &[
                "check",
                "samples/payloads/register-extract-umlaut-latin1.txt",
            ],
            0,
        ),
        (
            &["check", "samples/payloads/parking-ticket-iban-typo.txt"],
            1,
        ),
        (
            &[
                "check",
                "samples/payloads/parking-ticket.txt",
                "samples/payloads/parking-ticket-iban-typo.txt",
            ],
            1,
        ),
        (
            &[
                "check",
                "samples/payloads/parking-ticket.txt",
                "samples/no-such-file.txt",
            ],
            2,
        ),
        (
            &[
                "check",
                "samples/payloads/parking-ticket-iban-typo.txt",
                "samples/no-such-file.txt",
            ],
            2,
        ),
        (&["check", "samples/payloads"], 1),
        (&["check", "samples/no-such-directory/"], 2),
        (&["explain", "NO-SUCH-RULE"], 2),
        (&["explain", "iban-checksum"], 0),
        (&["rules"], 0),
    ] {
        let output = run(args, b"");
        assert_eq!(
            output.status.code(),
            Some(expected),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// `--fail-on`: which findings make exit code 1. One payload a line, named for its finding;
/// exit codes under error, red, yellow and warning.
#[test]
fn fail_on_sets_what_makes_exit_code_1() {
    let trailing = [with_lines(&[]), b"\n".to_vec()].concat();
    let cases: [(&str, Vec<u8>, [i32; 4]); 6] = [
        ("valid", with_lines(&[]), [0, 0, 0, 0]),
        ("FRAME-TRAILING-SEPARATOR", trailing, [1, 0, 0, 1]),
        (
            "NAME-TOO-LONG",
            with_lines(&[(6, &"N".repeat(71))]),
            [1, 0, 1, 1],
        ),
        (
            "CHARS-NON-SEPA",
            with_lines(&[(6, "Stadtkasse Müllheim")]),
            [0, 0, 1, 1],
        ),
        (
            "NAME-WHITESPACE",
            with_lines(&[(6, " Stadtkasse")]),
            [0, 0, 0, 1],
        ),
        (
            "IBAN-CHECKSUM",
            with_lines(&[(7, "DE02120300000000202052")]),
            [1, 1, 1, 1],
        ),
    ];
    for (name, payload, expected) in cases {
        for (policy, expected) in ["error", "red", "yellow", "warning"].iter().zip(expected) {
            let output = run(&["check", "--fail-on", policy, "-"], &payload);
            assert_eq!(
                output.status.code(),
                Some(expected),
                "{name} --fail-on {policy}"
            );
        }
    }
    let output = run(&["check", "--fail-on", "red", "-"], b"https://example.org");
    assert_eq!(
        output.status.code(),
        Some(1),
        "not a GiroCode fails under every policy"
    );
}

#[test]
fn summary_counts_invalid_codes_every_app_reads() {
    let dir = std::env::temp_dir().join(format!("giroscope-readable-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let files = [
        ("valid.txt", with_lines(&[])),
        ("trailing.txt", [with_lines(&[]), b"\n".to_vec()].concat()),
        ("typo.txt", with_lines(&[(7, "DE02120300000000202052")])),
    ];
    for (name, bytes) in &files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let dir_arg = dir.to_string_lossy().into_owned();
    let (document, code) = json(
        &["check", "--format", "json", "--fail-on", "red", &dir_arg],
        b"",
    );
    let summary = &document.summary;
    assert_eq!(
        (summary.valid, summary.invalid, summary.invalid_readable),
        (1, 2, 1)
    );
    assert_eq!(
        (summary.fail_on.as_str(), summary.failed, code),
        ("red", 1, 1)
    );
    let human = run(&["check", "--lang", "en", &dir_arg], b"");
    let stdout = String::from_utf8_lossy(&human.stdout);
    assert!(
        stdout.contains(
            "3 inputs (0 pages, 3 QR codes): 1 valid, 2 invalid (1 of them read by every app)"
        ),
        "{stdout}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn stdin_is_read_with_dash_and_by_default() {
    let payload = with_lines(&[]);
    for args in [&["check", "-"][..], &["check"]] {
        let output = run(args, &payload);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
    }
    let output = run(&["check", "-"], &with_lines(&[(8, "25.00")]));
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn json_document_keeps_its_contract() {
    let (document, code) = json(
        &[
            "check",
            "--format",
            "json",
            "samples/payloads/parking-ticket-amount-comma.txt",
            "samples/payloads/parking-ticket.txt",
        ],
        b"",
    );
    assert_eq!(code, 1);
    assert_eq!(document.schema_version, 1);
    assert_eq!(document.results.len(), 2);
    let summary = &document.summary;
    assert_eq!((summary.inputs, summary.pages, summary.codes), (2, 0, 2));
    assert_eq!(
        (
            summary.valid,
            summary.invalid,
            summary.unchecked,
            summary.unlisted_rows
        ),
        (1, 1, 0, 0)
    );
    assert!(summary.seconds >= 0.0);
    assert_eq!((summary.skipped_files, summary.skipped.len()), (0, 0));
    let first = &document.results[0];
    assert_eq!(
        first.source,
        "samples/payloads/parking-ticket-amount-comma.txt"
    );
    assert!(first.error.is_none());
    assert!(first.findings.is_empty());
    assert!(first.image.is_none(), "text input has no image");
    assert!(first.pages.is_none() && first.codes[0].page.is_none());
    let code = &first.codes[0];
    assert!(!code.valid);
    assert_eq!(code.readability, "red");
    // One verdict per code and per input, the same the page and the terminal show.
    assert_eq!(code.verdict, "not-payable");
    assert_eq!(first.verdict.as_deref(), Some("not-payable"));
    // Valid, with the batch's warning that both notices carry the same Kassenzeichen.
    assert_eq!(
        document.results[1].verdict.as_deref(),
        Some("valid-with-warnings")
    );
    assert_eq!(document.results[1].codes[0].verdict, "valid-with-warnings");
    assert!(code.payload.starts_with("BCD\n002\n"));
    assert_eq!(code.payload_bytes, code.payload.len());
    let finding = &code.findings[0];
    assert_eq!(finding.code, "AMOUNT-DECIMAL-COMMA");
    assert_eq!(finding.severity, "error");
    assert_eq!(finding.readability, "red");
    assert_eq!(finding.field, "amount");
    assert_eq!(finding.line, Some(8));
    let [start, end] = finding.span.expect("span");
    assert_eq!(&code.payload[start..end], "EUR25,00");
    assert_eq!(
        finding.message, finding.messages.de,
        "German is the default"
    );
    assert!(
        finding.messages.en.contains("decimal point"),
        "{}",
        finding.messages.en
    );
    assert!(finding.help.contains("EUR25.00"));
    // The citizen's text says what it means for them, in both languages.
    assert_eq!(finding.citizen, finding.citizen_messages.de);
    assert!(finding.citizen.contains("Komma"), "{}", finding.citizen);
    assert!(finding.citizen_messages.en.contains("comma"));
    assert_ne!(finding.citizen, finding.help);
    assert_eq!(finding.rule, "epc069-12.md §1.2 line 8, §6.6");
    assert_eq!(
        finding.params.get("value").map(String::as_str),
        Some("EUR25,00")
    );

    let valid = &document.results[1].codes[0];
    assert!(valid.valid);
    let fields = &valid.fields;
    assert_eq!(fields.version.as_deref(), Some("002"));
    assert_eq!(
        (fields.charset, fields.charset_name.as_deref()),
        (Some(1), Some("UTF-8"))
    );
    assert_eq!(fields.bic, None);
    assert_eq!(fields.name.as_deref(), Some("Stadtkasse Musterstadt"));
    assert_eq!(fields.iban.as_deref(), Some("DE02120300000000202051"));
    assert_eq!(
        (fields.amount.as_deref(), fields.currency.as_deref()),
        (Some("25.00"), Some("EUR"))
    );
    assert_eq!(fields.purpose.as_deref(), Some("GOVT"));
    assert_eq!(fields.reference, None);
    assert!(
        fields
            .text
            .as_deref()
            .is_some_and(|t| t.starts_with("Kassenzeichen"))
    );
    assert!(fields.information.is_some());
}

#[test]
fn json_english_and_errors() {
    let (document, code) = json(
        &[
            "check",
            "--format",
            "json",
            "--lang",
            "en",
            "samples/no-such-file.txt",
        ],
        b"",
    );
    assert_eq!(code, 2);
    let error = document.results[0].error.as_ref().expect("an error");
    assert_eq!(error.code, "INPUT-UNREADABLE");
    assert_eq!(error.message, error.messages.en);
    // The system's own words stay out of the messages, in `detail` for developers.
    assert!(
        error
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("No such file"))
    );
    assert!(!error.messages.de.contains("No such file"));
    assert!(document.results[0].verdict.is_none());
    assert!(
        error
            .messages
            .de
            .starts_with("Die Datei konnte nicht gelesen werden")
    );
    assert!(document.results[0].codes.is_empty());
}

#[test]
fn an_error_detail_adds_the_decoders_words_not_the_message_again() {
    let output = run(&["check", "samples/broken/truncated.png"], b"");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("Die PNG-Datei ist beschädigt") && text.contains("(unexpected end of file)"),
        "{text}"
    );
    assert!(!text.contains("damaged or truncated"), "{text}");
}

#[test]
fn json_decodes_latin1_payloads() {
    let (document, _) = json(
        &[
            "check",
            "--format",
            "json",
            "samples/payloads/register-extract-umlaut-latin1.txt",
        ],
        b"",
    );
    let code = &document.results[0].codes[0];
    assert_eq!(
        code.fields.name.as_deref(),
        Some("Stadt Müllheim Bürgerbüro")
    );
    assert_eq!(code.fields.charset_name.as_deref(), Some("ISO-8859-1"));
    assert_eq!(
        code.findings[0].params.get("chars").map(String::as_str),
        Some("ü")
    );
}

#[test]
fn human_output_shows_findings_under_their_lines() {
    let output = run(
        &["check", "samples/payloads/parking-ticket-iban-typo.txt"],
        b"",
    );
    let text = String::from_utf8(output.stdout).expect("UTF-8 output");
    assert!(
        !text.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    let lines: Vec<&str> = text.lines().collect();
    let iban_line = lines
        .iter()
        .position(|l| l.starts_with(" 7 │ DE02"))
        .expect("line 7 shown");
    assert!(
        lines[iban_line + 1].contains("^^^^^^^^^^^^^^^^^^^^^^ Fehler[IBAN-CHECKSUM]"),
        "{text}"
    );
    assert!(lines[iban_line + 2].contains("= Hilfe:"), "{text}");
    assert!(
        text.contains("ungültig, nicht bezahlbar (1 Fehler, 0 Warnungen)"),
        "{text}"
    );
    assert!(text.contains("Lesbarkeit: rot"), "{text}");

    let output = run(
        &[
            "check",
            "--lang",
            "en",
            "samples/payloads/parking-ticket.txt",
        ],
        b"",
    );
    let text = String::from_utf8(output.stdout).expect("UTF-8 output");
    assert!(text.contains("valid GiroCode"), "{text}");
    assert!(
        text.contains("IBAN            DE02 1203 0000 0000 2020 51"),
        "{text}"
    );
    assert!(text.contains("Amount          €25.00"), "{text}");
}

#[test]
fn human_output_escapes_control_characters() {
    let output = run(
        &[
            "check",
            "samples/payloads/adult-education-nul-padded-name.txt",
        ],
        b"",
    );
    let text = String::from_utf8(output.stdout).expect("UTF-8 output");
    assert!(!text.contains('\0'));
    assert!(text.contains("\\u{0000}"), "{text}");
    assert!(text.contains("U+0000 (NUL)"), "{text}");
}

#[test]
fn rules_and_explain_list_the_catalogue() {
    let output = run(&["rules", "--format", "json"], b"");
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(rules.len(), giroscope::rules::ALL.len());
    assert!(
        rules
            .iter()
            .any(|r| r["code"] == "AMOUNT-NO-CURRENCY" && r["severity"] == "error")
    );

    let output = run(&["rules", "--lang", "en"], b"");
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    assert_eq!(text.lines().count(), giroscope::rules::ALL.len());
    assert!(text.contains("IBAN check digits wrong"));

    let output = run(&["explain", "AMOUNT-NO-CURRENCY"], b"");
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        text.contains("AMOUNT-NO-CURRENCY: Betrag ohne EUR"),
        "{text}"
    );
    assert!(text.contains("Regel: epc069-12.md §1.2 line 8"), "{text}");
}

#[test]
fn a_file_and_stdin_give_the_same_report() {
    let bytes =
        std::fs::read(crate::util::sample("payloads/ambulance-transport.txt")).expect("sample");
    let path = temp_file("copy.txt", &bytes);
    let path = path.to_str().expect("UTF-8 path");
    let from_file = run(&["check", "--format", "json", path], b"");
    let from_stdin = run(&["check", "--format", "json", "-"], &bytes);
    // Same document but for the source name and the run's duration.
    let strip = |out: &[u8]| {
        let mut json: serde_json::Value = serde_json::from_slice(out).expect("JSON");
        json["results"][0]["source"] = "-".into();
        json["summary"]["seconds"] = 0.into();
        json
    };
    assert_eq!(strip(&from_file.stdout), strip(&from_stdin.stdout));
}

#[test]
fn json_for_images_keeps_its_contract() {
    let mut page = crate::util::white(500, 500);
    crate::util::draw(&mut page, &with_lines(&[]), 60, 60, 6);
    let path = temp_file("contract.png", &crate::util::png(&page));
    let (document, code) = json(
        &["check", "--format", "json", path.to_str().expect("path")],
        b"",
    );
    assert_eq!(code, 0);
    let source = &document.results[0];
    let image = source.image.as_ref().expect("image facts");
    assert_eq!((image.width, image.height), (500, 500));
    assert!(source.findings.is_empty());
    let code = &source.codes[0];
    assert_eq!(code.kind, "girocode");
    let symbol = code.symbol.as_ref().expect("symbol facts");
    assert_eq!(symbol.size, Some(49));
    assert!(symbol.module_px.is_some_and(|px| (px - 6.0).abs() < 0.3));
    assert_eq!(symbol.engines, ["rxing"]);
    assert_eq!(
        (symbol.version, symbol.ec_level.as_deref()),
        (Some(8), Some("M"))
    );
    assert!(symbol.mask.is_some_and(|m| m < 8));
    assert_eq!(
        (symbol.eci, symbol.modes.as_slice()),
        (None, ["byte".to_string()].as_slice())
    );
    assert!(!symbol.mirrored && !symbol.structured_append);
    assert_eq!(
        (symbol.corrected_errors, symbol.unused_error_correction),
        (Some(0), Some(1.0))
    );
    assert!(
        symbol.quiet_zone.is_some_and(|q| q >= 4.0),
        "{:?}",
        symbol.quiet_zone
    );
    assert!(!symbol.quiet_zone_cut);
    assert!(symbol.contrast.is_some_and(|c| c > 0.95));
    assert!(!symbol.inverted);
    assert_eq!(
        (
            symbol.finder_guessed,
            symbol.finder_damage,
            symbol.unclear_modules,
            symbol.crease,
            symbol.patch
        ),
        (false, Some(0.0), Some(0.0), false, None),
        "a clean code: intact finder patterns, sharp modules, no damage"
    );
    assert_eq!(
        (symbol.module_mm, symbol.position_mm, symbol.quiet_zone_mm),
        (None, None, None),
        "no geometry for images"
    );
    assert_eq!(symbol.step, "plain");
    let [x, y] = symbol.corners[0];
    assert!((x - 84.0).abs() < 3.0 && (y - 84.0).abs() < 3.0, "{x},{y}");
}

#[test]
fn limits_are_set_from_the_command_line() {
    // (arguments, exit code, text expected in the output)
    let cases: [(&[&str], i32, &str); 4] = [
        (
            &["--max-megapixels", "1", "samples/images/scan-300dpi.png"],
            2,
            "INPUT-TOO-MANY-PIXELS",
        ),
        (
            &["--max-pages", "5", "samples/pdf/notices.pdf"],
            2,
            "INPUT-TOO-MANY-PAGES",
        ),
        (
            &["--max-input-mb", "0", "samples/payloads/parking-ticket.txt"],
            2,
            "INPUT-TOO-LARGE",
        ),
        (
            &["--read-timeout", "0", "samples/payloads/parking-ticket.txt"],
            2,
            "0.1 to 600",
        ),
    ];
    for (args, code, expected) in cases {
        let output = run(&[&["check", "--format", "json"], args].concat(), b"");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(output.status.code(), Some(code), "{args:?}: {text}");
        assert!(text.contains(expected), "{args:?}: {text}");
    }
}

#[test]
fn page_findings_carry_the_page_as_a_number() {
    // The small-module page takes the reader's harder steps: time enough on a loaded machine.
    let (document, code) = json(
        &[
            "check",
            "--format",
            "json",
            "--read-timeout",
            "60",
            "samples/pdf/notices.pdf",
        ],
        b"",
    );
    assert_eq!(code, 1);
    let pages: Vec<(&str, Option<usize>)> = document.results[0]
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.page))
        .collect();
    assert_eq!(pages, [("PDF-PAGE-NO-CODE", Some(4))]);
    assert!(
        document.results[0].codes[0]
            .findings
            .iter()
            .all(|f| f.page.is_none()),
        "code findings are placed by the code's page"
    );
}

/// `check --payees`: the operator's own accounts; a code paying elsewhere fails the run.
#[test]
fn payees_list_confirms_or_fails_the_account() {
    let list = temp_file(
        "payees.csv",
        "iban,name,note\nDE02120300000000202051,Stadtkasse Musterstadt,Parkgebühren\n".as_bytes(),
    );
    let list = list.to_str().expect("path");
    let (document, code) = json(
        &["check", "--format", "json", "--payees", list, "-"],
        &with_lines(&[]),
    );
    assert_eq!(code, 0);
    let finding = &document.results[0].codes[0].findings[0];
    assert_eq!(finding.code, "PAYEE-CONFIRMED");
    assert!(
        finding
            .citizen
            .starts_with("Empfängerkonto bestätigt: Stadtkasse Musterstadt (Parkgebühren).")
    );
    let (document, code) = json(
        &["check", "--format", "json", "--payees", list, "-"],
        &with_lines(&[(7, "DE89370400440532013000")]),
    );
    assert_eq!(code, 1);
    assert_eq!(
        document.results[0].codes[0].findings[0].code,
        "PAYEE-UNKNOWN"
    );
    assert_eq!(document.results[0].verdict.as_deref(), Some("not-payable"));
    let broken = temp_file("payees-broken.csv", b"DE02120300000000202052,Stadtkasse\n");
    let output = run(
        &["check", "--payees", broken.to_str().expect("path"), "-"],
        &with_lines(&[]),
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("payee list line 1"), "{stderr}");
}

/// A payee list over 1 MiB is refused by its size, naming the limit, before it is read whole
/// (the N and N+1 cases are in the library's tests).
#[test]
fn a_payee_list_over_its_limit_is_refused_naming_it() {
    let mut list = b"iban,name\nDE02120300000000202051,Stadtkasse Musterstadt\n".to_vec();
    list.resize(64 * 1024 * 1024, b'#');
    let list = temp_file("payees-64-mb.csv", &list);
    let started = std::time::Instant::now();
    let output = run(
        &["check", "--payees", list.to_str().expect("path"), "-"],
        &with_lines(&[]),
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the payee list is larger than 1048576 bytes (1 MiB)"),
        "{stderr}"
    );
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    std::fs::remove_file(&list).expect("cleanup");
}

/// `serve` refuses what it cannot serve before it listens: a footer link that is no web
/// address (also from the environment), a broken payee list.
#[test]
fn serve_refuses_bad_operator_settings_before_listening() {
    let output = run(
        &[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--imprint-url",
            "javascript:alert(1)",
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is not a web address"), "{stderr}");

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_giroscope"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("GIROSCOPE_PRIVACY_URL", "datenschutz.html")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("GIROSCOPE_PRIVACY_URL")
            || String::from_utf8_lossy(&output.stderr).contains("--privacy-url")
    );

    let broken = temp_file("serve-payees.csv", b"not an iban,Stadtkasse\n");
    let output = run(
        &[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--payees",
            broken.to_str().expect("path"),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("payee list line 1"), "{stderr}");
}
