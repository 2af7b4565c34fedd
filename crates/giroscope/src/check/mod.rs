//! The rule engine: payload bytes in, every finding out, in one pass.
//!
//! Checks run in spec order — framing, characters, header, parties, amount, remittance — over
//! a [`Payload`] and its decoded lines. One root cause gives one finding: a line whose bytes
//! already failed (control characters, undecodable bytes) is not checked again as a field, and
//! rules that depend on another field (the BIC on the IBAN's country) skip when it failed.
//! `check` never fails: an invalid GiroCode is a report, not an error.

mod amount;
mod framing;
mod header;
mod parties;
mod remittance;
pub mod symbol;
mod text;

use std::ops::Range;

use crate::finding::{Finding, Severity};
use crate::model::GiroCode;
use crate::payload::Payload;
use crate::payload::charset::{Charset, Decoded};
use crate::rules::Rule;

/// The largest payload EPC069-12 allows, in bytes of the declared charset.
pub const MAX_PAYLOAD_BYTES: usize = 331;

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

/// What checking one payload found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// Every finding, in line order within each stage.
    pub findings: Vec<Finding>,
    /// The fields as read, normalised where the fix is unambiguous.
    pub fields: Fields,
    /// Each line decoded in the declared charset (UTF-8 when none is declared), for display.
    pub lines: Vec<Decoded>,
    /// The typed GiroCode, when there is no error finding.
    pub girocode: Option<GiroCode>,
}

/// Checks one payload's raw bytes against every rule.
pub fn check(bytes: &[u8]) -> Checked {
    let payload = Payload::split(bytes);
    let mut cx = Context::new(&payload);
    if bytes.is_empty() {
        cx.push(Finding::new(&crate::rules::PAYLOAD_EMPTY));
        return cx.finish(None);
    }
    if payload.has_bom() {
        cx.push(Finding::new(&crate::rules::PAYLOAD_BOM).at(1, 0..3));
    }
    if let Some(finding) = framing::not_a_girocode(&cx) {
        cx.push(finding);
        return cx.finish(None);
    }
    framing::check(&mut cx);
    text::check(&mut cx);
    let version = header::check(&mut cx);
    let parties = parties::check(&mut cx, version);
    let amount = amount::check(&mut cx);
    let remittance = remittance::check(&mut cx);
    let girocode = match (version, cx.charset, parties, remittance) {
        (Some(version), Some(charset), Some(parties), Some((purpose, remittance, information)))
            if !cx.has_errors() =>
        {
            Some(GiroCode {
                version,
                charset,
                bic: parties.bic,
                name: parties.name,
                iban: parties.iban,
                amount,
                purpose,
                remittance,
                information,
            })
        }
        _ => None,
    };
    cx.finish(girocode)
}

/// State shared by the check stages.
struct Context<'a> {
    payload: &'a Payload<'a>,
    /// The declared charset, if line 3 is valid.
    charset: Option<Charset>,
    /// Decoded text of every line, including trailing empty ones.
    lines: Vec<Decoded>,
    /// Lines whose bytes already produced an error (control characters, undecodable bytes):
    /// field rules skip them.
    tainted: Vec<bool>,
    findings: Vec<Finding>,
    fields: Fields,
}

impl<'a> Context<'a> {
    fn new(payload: &'a Payload<'a>) -> Context<'a> {
        let charset = payload
            .lines()
            .get(2)
            .and_then(|line| Charset::from_line(payload.line_bytes(line)));
        let lines: Vec<Decoded> = payload
            .lines()
            .iter()
            .map(|line| {
                let bytes = payload.line_bytes(line);
                match charset {
                    Some(charset) => charset.decode(bytes, line.span.start),
                    None => Decoded::fallback(bytes, line.span.start),
                }
            })
            .collect();
        Context {
            payload,
            charset,
            tainted: vec![false; lines.len()],
            lines,
            findings: Vec::new(),
            fields: Fields::default(),
        }
    }

    fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// A finding of `rule` located at the whole of line `number`.
    fn at_line(&self, rule: &'static Rule, number: usize) -> Finding {
        Finding::new(rule).at(number, self.span_of(number))
    }

    /// The byte span of line `number` (1-based).
    fn span_of(&self, number: usize) -> Range<usize> {
        self.payload
            .lines()
            .get(number - 1)
            .map_or(0..0, |line| line.span.clone())
    }

    /// The text of field line `number` (1-based), `None` when the payload does not reach it or
    /// it lies beyond the twelve elements.
    fn field(&self, number: usize) -> Option<&str> {
        (number <= self.payload.populated_len().min(12))
            .then(|| self.lines.get(number - 1).map(|d| d.text.as_str()))
            .flatten()
    }

    /// The text of a field line, unless the line is tainted; empty lines read as `Some("")`.
    fn clean_field(&self, number: usize) -> Option<&str> {
        match self.tainted.get(number - 1) {
            Some(true) => None,
            _ => self.field(number),
        }
    }

    fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.rule.severity == Severity::Error)
    }

    fn finish(mut self, girocode: Option<GiroCode>) -> Checked {
        // Payload-wide findings first, then by line; stable, so stage order holds within a line.
        self.findings.sort_by_key(|f| f.line);
        Checked {
            findings: self.findings,
            fields: self.fields,
            lines: self.lines,
            girocode,
        }
    }
}

/// Makes a value safe and short for a message: control characters become `\u{…}` escapes and
/// long values are cut.
fn shown(value: &str) -> String {
    const MAX_CHARS: usize = 40;
    let mut out = String::with_capacity(value.len().min(MAX_CHARS * 2));
    for (i, c) in value.chars().enumerate() {
        if i == MAX_CHARS {
            out.push('…');
            break;
        }
        if is_hidden(c) {
            out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a character would be invisible or disruptive on screen (control and zero-width
/// characters), so renderers escape it.
pub fn is_hidden(c: char) -> bool {
    text::is_control(c) || text::is_invisible(c)
}
