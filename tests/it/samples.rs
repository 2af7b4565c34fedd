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
