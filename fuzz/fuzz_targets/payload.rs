//! Payload bytes → checked report → one renderer. Any panic is a bug.
#![no_main]

use giroscope::render::{html, human, json};
use giroscope::{CodeReport, Lang, SourceReport, Verified};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report = CodeReport::from_payload(data);
    // Findings must point inside the payload they describe.
    for finding in &report.findings {
        if let Some(span) = &finding.span {
            assert!(span.start <= span.end && span.end <= data.len());
        }
    }
    // Rendering costs far more than checking; one renderer per input, picked by its length,
    // keeps the target fast while every renderer still sees every kind of finding.
    let lang = if data.len() % 2 == 0 {
        Lang::De
    } else {
        Lang::En
    };
    let source = SourceReport {
        source: "fuzz".into(),
        outcome: Ok(Verified {
            codes: vec![report],
            findings: Vec::new(),
            image_size: None,
            pages: None,
            engine_panics: 0,
        }),
    };
    let mut out = Vec::new();
    match data.len() % 5 {
        0 => json::write_report(&mut out, std::slice::from_ref(&source), lang, None).unwrap(),
        1 => human::write_report(&mut out, std::slice::from_ref(&source), lang).unwrap(),
        2 => {
            let words = std::collections::BTreeMap::new();
            let frame = html::Frame {
                words: &words,
                footer: "",
            };
            assert!(!html::report_page(&source, lang, frame).contains("<script"));
        }
        _ => {}
    }
});
