//! The verdict on one code: findings, the two verdicts and the cleaned fields.
//!
//! A [`CodeReport`] is language-free; renderers choose the language.

use crate::check::{self, Checked};
use crate::finding::{Finding, Readability, Severity};
use crate::model::GiroCode;
use crate::payload::charset::Decoded;

/// The version of the JSON document's shape. Raised only for incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

/// The fields as read from the payload, normalised where the fix is unambiguous (IBAN and BIC
/// without spaces and in upper case, RF references without spaces, amounts with two decimals).
/// A field is `None` when its line is absent or empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    /// Line 2, `001` or `002`, when valid.
    pub version: Option<String>,
    /// Line 3 as a number 1–8, when valid.
    pub charset: Option<u8>,
    /// The name of the declared charset, e.g. `UTF-8`.
    pub charset_name: Option<String>,
    /// Line 5.
    pub bic: Option<String>,
    /// Line 6, trimmed.
    pub name: Option<String>,
    /// Line 7, electronic format.
    pub iban: Option<String>,
    /// Line 8: the amount in euro with two decimals (`12.50`); `None` when absent or invalid
    /// (the finding then carries the line as written).
    pub amount: Option<String>,
    /// Line 9.
    pub purpose: Option<String>,
    /// Line 10.
    pub reference: Option<String>,
    /// Line 11.
    pub text: Option<String>,
    /// Line 12.
    pub information: Option<String>,
}

/// Everything giroscope says about one payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeReport {
    /// The payload as text, decoded in its declared charset (undecodable bytes as U+FFFD).
    pub payload: String,
    /// The payload's size in bytes.
    pub payload_bytes: usize,
    /// Conforms to EPC069-12: no error finding.
    pub valid: bool,
    /// Will banking apps read it correctly: the worst readability of the findings.
    pub readability: Readability,
    /// The fields as read.
    pub fields: Fields,
    /// Every finding.
    pub findings: Vec<Finding>,
    /// Each payload line decoded, for showing findings in place.
    pub lines: Vec<Decoded>,
    /// The typed GiroCode, when valid.
    pub girocode: Option<GiroCode>,
}

impl CodeReport {
    /// Checks a payload and builds its report.
    pub fn from_payload(bytes: &[u8]) -> CodeReport {
        let Checked {
            findings,
            fields,
            lines,
            girocode,
        } = check::check(bytes);
        let valid = !findings.iter().any(|f| f.rule.severity == Severity::Error);
        let readability = findings
            .iter()
            .map(|f| f.rule.readability)
            .max()
            .unwrap_or(Readability::Green);
        let payload = payload_text(bytes, &lines);
        CodeReport {
            payload,
            payload_bytes: bytes.len(),
            valid,
            readability,
            fields,
            findings,
            lines,
            girocode,
        }
    }

    /// The codes of all findings, in order.
    pub fn codes(&self) -> Vec<&'static str> {
        self.findings.iter().map(|f| f.rule.code).collect()
    }
}

/// Rebuilds the whole payload text from its decoded lines and the original separators.
fn payload_text(bytes: &[u8], lines: &[Decoded]) -> String {
    let payload = crate::payload::Payload::split(bytes);
    let mut text = String::with_capacity(bytes.len() + 8);
    if payload.has_bom() {
        text.push('\u{FEFF}');
    }
    for (line, decoded) in payload.lines().iter().zip(lines) {
        text.push_str(&decoded.text);
        if let Some(separator) = line.separator {
            text.push_str(match separator {
                crate::payload::Separator::Lf => "\n",
                crate::payload::Separator::CrLf => "\r\n",
                crate::payload::Separator::Cr => "\r",
                crate::payload::Separator::CrCrLf => "\r\r\n",
            });
        }
    }
    text
}
