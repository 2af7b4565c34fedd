use giroscope::{CodeReport, Error, Lang, Limits, Options, verify};

use crate::util::{run, temp_file};

#[test]
fn junk_gets_findings_never_a_panic() {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for length in [1, 2, 3, 7, 64, 331, 332, 4096] {
        for _ in 0..50 {
            let bytes: Vec<u8> = (0..length)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed >> 24) as u8
                })
                .collect();
            let report = CodeReport::from_payload(&bytes);
            assert!(!report.valid || report.findings.is_empty());
        }
    }
}

#[test]
fn mangled_girocodes_never_panic() {
    // Every prefix and every single-byte corruption of a valid payload.
    let valid = crate::util::with_lines(&[]);
    for end in 0..=valid.len() {
        let _ = CodeReport::from_payload(&valid[..end]);
    }
    for at in 0..valid.len() {
        for byte in [0x00, 0x0A, 0x0D, 0x80, 0xC3, 0xFF, b' '] {
            let mut bytes = valid.clone();
            bytes[at] = byte;
            let _ = CodeReport::from_payload(&bytes);
        }
    }
}

#[test]
fn bad_input_gets_a_finding_or_a_named_error() {
    for (input, expected) in [
        (&b""[..], "PAYLOAD-EMPTY"),
        (b"\x00\x01\x02\x03", "NOT-GIROCODE"),
        (
            b"BCD\n002\n1\nSCT\n\nM\xFCller\nDE02120300000000202051",
            "CHARSET-MISMATCH",
        ),
        (
            b"BCD\n002\n1\nSCT\n\nM\x81\nDE02120300000000202051",
            "CHARSET-UNDECODABLE",
        ),
    ] {
        let verified = verify(input, &Options::default()).expect("checkable");
        let codes = verified.codes[0].codes();
        assert!(codes.contains(&expected), "{input:?}: {codes:?}");
    }
    for (input, expected) in [
        (&b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..], "INPUT-CORRUPT"),
        (b"%PDF-1.7\n", "INPUT-CORRUPT"),
        (b"\xFF\xD8\xFF\xE0\0\x10JFIF", "INPUT-CORRUPT"),
        (b"\0\0\0\x18ftypheic\0\0\0\0", "INPUT-UNSUPPORTED"),
    ] {
        let error = verify(input, &Options::default()).expect_err("not checkable");
        assert_eq!(error.code(), expected);
    }
}

#[test]
fn text_limit_is_exact() {
    let limits = Limits::default();
    let at_limit = vec![b'x'; limits.max_text_bytes as usize];
    let over = vec![b'x'; limits.max_text_bytes as usize + 1];
    assert!(verify(&at_limit, &Options::default()).is_ok());
    let error = verify(&over, &Options::default()).expect_err("too large");
    assert!(matches!(error, Error::TooLarge { .. }));
    assert_eq!(
        error.to_string(),
        "input is 65537 bytes, limit is 65536 bytes for payload text"
    );
}

#[test]
fn huge_file_is_refused_before_it_is_read() {
    // A sparse 100 MB file: refused by its size, not read into memory.
    let path = temp_file("huge.txt", b"");
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("open");
    file.set_len(100 * 1024 * 1024).expect("sparse file");
    let output = run(
        &["check", "--format", "json", path.to_str().expect("path")],
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("INPUT-TOO-LARGE"), "{text}");
    assert!(text.contains("104857600 bytes"), "{text}");
    std::fs::remove_file(&path).expect("cleanup");
}

#[test]
fn huge_stdin_is_refused_after_the_limit() {
    let bytes = vec![b'A'; 51 * 1024 * 1024];
    let output = run(&["check", "-"], &bytes);
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("INPUT-TOO-LARGE"), "{text}");
}

#[test]
fn ten_megabyte_text_is_refused_as_text() {
    let path = temp_file("ten-mb.txt", &vec![b'B'; 10 * 1024 * 1024]);
    let output = run(
        &["check", "--lang", "en", path.to_str().expect("path")],
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("(10485760 bytes, limit 65536 bytes for payload text)"),
        "{text}"
    );
    std::fs::remove_file(&path).expect("cleanup");
}

/// Every file in samples/broken/ gets the outcome `expected.tsv` gives it, within the reading
/// time limit: a named error, a finding, or a valid reading despite the damage.
#[test]
fn broken_samples_get_their_expected_outcome() {
    let dir = crate::util::sample("broken");
    let table = std::fs::read_to_string(dir.join("expected.tsv")).expect("expected.tsv");
    let mut listed = Vec::new();
    let options = Options::default();
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let mut columns = line.split('\t');
        let (name, expected) = (columns.next().unwrap(), columns.next().unwrap());
        listed.push(name.to_string());
        let bytes = std::fs::read(dir.join(name)).expect(name);
        let started = std::time::Instant::now();
        let outcome = verify(&bytes, &options);
        let elapsed = started.elapsed();
        // Reading stops at the time limit; the step under way when it passes still finishes.
        let allowed = options.limits.max_decode_time + std::time::Duration::from_secs(1);
        assert!(elapsed < allowed, "{name}: {elapsed:?}");
        match (expected.split_once(':'), outcome) {
            (Some(("error", code)), Err(error)) => {
                assert_eq!(error.code(), code, "{name}");
                // Said in both languages, not the same words twice.
                let (de, en) = (error.message(Lang::De), error.message(Lang::En));
                assert!(!de.is_empty() && de != en, "{name}: {de}");
                // Refused from headers and structure, before any real decoding.
                assert!(elapsed.as_secs_f32() < 1.0, "{name}: {elapsed:?}");
            }
            (Some(("finding", code)), Ok(verified)) => {
                let found: Vec<&str> = verified
                    .findings
                    .iter()
                    .map(|f| f.rule.code)
                    .chain(verified.codes.iter().flat_map(|c| c.codes()))
                    .collect();
                assert!(found.contains(&code), "{name}: {found:?}");
            }
            (None, Ok(verified)) if expected == "valid" => {
                assert!(verified.valid(), "{name}: {:?}", verified.findings)
            }
            (_, outcome) => panic!("{name}: expected {expected}, got {outcome:?}"),
        }
    }
    let mut present: Vec<String> = std::fs::read_dir(&dir)
        .expect("samples/broken")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "expected.tsv" && n != "README.md")
        .collect();
    present.sort();
    listed.sort();
    assert_eq!(
        present, listed,
        "every broken sample is listed in expected.tsv"
    );
}
