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

/// Whether a code is a GiroCode or some other QR code found beside one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeKind {
    /// A GiroCode, or the only code of an input (then judged as a GiroCode).
    GiroCode,
    /// Another QR code (a web address, say) in an image that also holds a GiroCode.
    Other,
}

impl CodeKind {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            CodeKind::GiroCode => "girocode",
            CodeKind::Other => "other",
        }
    }
}

/// Facts about a QR symbol read from an image.
#[derive(Debug, Clone, PartialEq)]
pub struct SymbolReport {
    /// Corners in image pixels: top-left, top-right, bottom-right, bottom-left of the symbol.
    pub corners: [(f32, f32); 4],
    /// Modules per side, when the grid was sampled.
    pub size: Option<usize>,
    /// Average module size in image pixels.
    pub module_px: Option<f32>,
    /// The engines that read the code.
    pub engines: Vec<&'static str>,
    /// The reading step that first read it.
    pub step: &'static str,
}

/// Everything giroscope says about one payload.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeReport {
    /// A GiroCode, or another code beside one.
    pub kind: CodeKind,
    /// Facts about the QR symbol, for codes read from images.
    pub symbol: Option<SymbolReport>,
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
            kind: CodeKind::GiroCode,
            symbol: None,
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

    /// Checks a code read from an image and adds what is known about its symbol.
    pub fn from_found(found: &crate::decode::Found, _image: &image::GrayImage) -> CodeReport {
        let mut report = CodeReport::from_payload(&found.bytes);
        let size = found.grid.as_ref().map(|g| g.size);
        let module_px = size.map(|size| {
            let c = &found.corners;
            let side = |a: (f32, f32), b: (f32, f32)| (a.0 - b.0).hypot(a.1 - b.1);
            (side(c[0], c[1]) + side(c[1], c[2]) + side(c[2], c[3]) + side(c[3], c[0]))
                / 4.0
                / size as f32
        });
        report.symbol = Some(SymbolReport {
            corners: found.corners,
            size,
            module_px,
            engines: found.engines.clone(),
            step: found.step,
        });
        report
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

/// In an input with at least one GiroCode, turns every other code's NOT-GIROCODE error into an
/// OTHER-CODE note: a URL printed beside the GiroCode is not a defect of the notice.
pub fn mark_other_codes(codes: &mut [CodeReport]) {
    let is_girocode = |code: &CodeReport| {
        !code
            .findings
            .iter()
            .any(|f| f.rule.code == crate::rules::NOT_GIROCODE.code)
    };
    if !codes.iter().any(is_girocode) {
        return;
    }
    for code in codes.iter_mut().filter(|c| !is_girocode(c)) {
        code.kind = CodeKind::Other;
        for finding in &mut code.findings {
            if finding.rule.code == crate::rules::NOT_GIROCODE.code {
                finding.rule = &crate::rules::OTHER_CODE;
            }
        }
        code.readability = Readability::Green;
    }
}
