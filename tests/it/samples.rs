use std::collections::BTreeSet;

use giroscope::{Options, verify};

use crate::util::sample;

#[test]
fn every_payload_sample_produces_its_expected_codes() {
    let manifest = std::fs::read_to_string(sample("payloads/expected.tsv")).expect("manifest");
    let mut listed = BTreeSet::new();
    for line in manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let columns: Vec<&str> = line.split('\t').collect();
        let [file, valid, readability, codes] = columns[..] else {
            panic!("malformed manifest line {line:?}");
        };
        listed.insert(file.to_string());
        let bytes = std::fs::read(sample(&format!("payloads/{file}"))).expect("sample file");
        let verified = verify(&bytes, &Options::default()).expect("a payload can be checked");
        let report = &verified.codes[0];
        let expected: Vec<&str> = if codes == "-" {
            Vec::new()
        } else {
            codes.split(' ').collect()
        };
        assert_eq!(report.codes(), expected, "{file}");
        assert_eq!(report.valid.to_string(), valid, "{file}");
        assert_eq!(report.readability.as_str(), readability, "{file}");
    }
    let on_disk: BTreeSet<String> = std::fs::read_dir(sample("payloads"))
        .expect("samples/payloads")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".txt"))
        .collect();
    assert_eq!(
        on_disk, listed,
        "every sample is in expected.tsv and every listed file exists"
    );
}

/// Undoes the generator's escapes: `\n`, `\t`, `\\` and `\xNN`.
fn unescape(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut bytes = text.bytes();
    while let Some(b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match bytes.next() {
            Some(b'n') => out.push(b'\n'),
            Some(b't') => out.push(b'\t'),
            Some(b'x') => {
                let hex: String = bytes.by_ref().take(2).map(char::from).collect();
                out.push(u8::from_str_radix(&hex, 16).expect("hex escape"));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn rows(path: &str) -> Vec<Vec<String>> {
    std::fs::read_to_string(sample(path))
        .expect("manifest")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("file\t") && !l.is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

#[test]
fn every_image_sample_reads_back_what_was_encoded() {
    for row in rows("images/expected.tsv") {
        let file = &row[0];
        let bytes = std::fs::read(sample(&format!("images/{file}"))).expect("sample");
        let verified = verify(&bytes, &Options::default()).expect("an image can be checked");
        let count: usize = row[1].parse().expect("count");
        assert_eq!(verified.codes.len(), count, "{file}");
        for (index, code) in verified.codes.iter().enumerate() {
            let expected = &row[2 + index * 4..6 + index * 4];
            let symbol = code.symbol.as_ref().expect("symbol facts");
            assert_eq!(
                code.payload_bytes,
                unescape(&expected[0]).len(),
                "{file} #{index}"
            );
            assert_eq!(
                symbol.ec_level,
                Some(expected[1].as_str()),
                "{file} #{index}"
            );
            assert_eq!(
                symbol.version.map(|v| v.to_string()).as_deref(),
                Some(expected[2].as_str()),
                "{file}"
            );
            let eci = symbol.eci.map_or("-".to_string(), |e| e.to_string());
            assert_eq!(eci, expected[3], "{file} #{index}");
        }
    }
}

#[test]
fn every_image_sample_produces_its_expected_findings() {
    let listed = rows("images/findings.tsv");
    assert_eq!(
        listed.len(),
        rows("images/expected.tsv").len(),
        "findings.tsv lists every image"
    );
    for row in listed {
        let [file, valid, readability, codes] = &row[..] else {
            panic!("malformed row {row:?}")
        };
        let bytes = std::fs::read(sample(&format!("images/{file}"))).expect("sample");
        let verified = verify(&bytes, &Options::default()).expect("an image can be checked");
        let got: Vec<String> = verified
            .codes
            .iter()
            .map(|code| {
                if code.findings.is_empty() {
                    "-".to_string()
                } else {
                    code.codes().join(" ")
                }
            })
            .collect();
        assert_eq!(got.join(" | "), *codes, "{file}");
        assert_eq!(verified.valid().to_string(), *valid, "{file}");
        let worst = verified
            .codes
            .iter()
            .filter(|c| c.kind == giroscope::CodeKind::GiroCode)
            .map(|c| c.readability)
            .max()
            .expect("a GiroCode");
        assert_eq!(worst.as_str(), readability, "{file}");
    }
}

#[test]
fn the_phone_photo_is_read_upright_from_its_exif_orientation() {
    let bytes = std::fs::read(sample("images/phone-perspective.jpg")).expect("sample");
    let verified = verify(&bytes, &Options::default()).expect("checkable");
    assert_eq!(
        verified.image_size,
        Some((1200, 1600)),
        "EXIF orientation 6 applied"
    );
}
