//! Turning reports into text: stable JSON for machines, rustc-style text for people.
//!
//! Language is chosen here, at the last step; the reports themselves hold no sentences.

pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod qa;

use crate::SourceReport;
use crate::finding::{Readability, Severity};

/// What makes a checked input fail the run (exit code 1): `--fail-on`.
///
/// The criteria are not nested: `error` follows EPC069-12 (any error finding), `red` and
/// `yellow` follow what banking apps do (readability), `warning` is the strictest of all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailOn {
    /// Any error finding: the code breaks EPC069-12 (the default).
    #[default]
    Error,
    /// Only what apps reject or pay wrongly (readability red).
    Red,
    /// What some apps get wrong too (readability yellow or red).
    Yellow,
    /// Any warning or error.
    Warning,
}

impl FailOn {
    /// The flag's value.
    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Red => "red",
            FailOn::Yellow => "yellow",
            FailOn::Warning => "warning",
        }
    }

    /// Whether one finding fails under this policy.
    pub fn counts(self, finding: &crate::Finding) -> bool {
        match self {
            FailOn::Error => finding.rule.severity == Severity::Error,
            FailOn::Red => finding.rule.readability == Readability::Red,
            FailOn::Yellow => finding.rule.readability >= Readability::Yellow,
            FailOn::Warning => finding.rule.severity >= Severity::Warning,
        }
    }

    /// Whether a checked input fails: a finding about the input or one of its GiroCodes
    /// counts, or there is no GiroCode at all (nothing an app could pay), whatever the policy.
    pub fn fails(self, verified: &crate::Verified) -> bool {
        let girocodes = || {
            verified
                .codes
                .iter()
                .filter(|c| c.kind == crate::CodeKind::GiroCode)
        };
        if girocodes().next().is_none() || verified.verdict() == crate::Verdict::NotGiroCode {
            return true;
        }
        verified
            .findings
            .iter()
            .chain(girocodes().flat_map(|c| &c.findings))
            .any(|f| self.counts(f))
    }
}

/// What a whole run amounts to, as a process exit code: grep's convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Every input passes (exit 0).
    Valid,
    /// Some input fails under the `--fail-on` policy (exit 1).
    Invalid,
    /// Some input could not be checked (exit 2).
    Unchecked,
}

impl Outcome {
    /// The outcome of one input under a policy.
    pub fn of_source(source: &SourceReport, fail_on: FailOn) -> Outcome {
        match &source.outcome {
            Err(_) => Outcome::Unchecked,
            Ok(verified) if fail_on.fails(verified) => Outcome::Invalid,
            Ok(_) => Outcome::Valid,
        }
    }

    /// The worst outcome over all inputs.
    pub fn of(sources: &[SourceReport], fail_on: FailOn) -> Outcome {
        sources
            .iter()
            .map(|source| Outcome::of_source(source, fail_on))
            .max()
            .unwrap_or(Outcome::Valid)
    }

    /// The process exit code.
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Valid => 0,
            Outcome::Invalid => 1,
            Outcome::Unchecked => 2,
        }
    }
}

/// Counts findings by severity: (errors, warnings, infos).
pub fn tally(findings: &[crate::Finding]) -> (usize, usize, usize) {
    findings
        .iter()
        .fold((0, 0, 0), |(e, w, i), f| match f.rule.severity {
            Severity::Error => (e + 1, w, i),
            Severity::Warning => (e, w + 1, i),
            Severity::Info => (e, w, i + 1),
        })
}

/// Counts over a whole run, for the summary line and the JSON `summary` object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Inputs given (files, or standard input).
    pub inputs: usize,
    /// Pages read (PDF pages and pages of multi-page TIFFs).
    pub pages: usize,
    /// QR codes read.
    pub codes: usize,
    /// Inputs whose GiroCodes are all valid.
    pub valid: usize,
    /// Inputs with an error finding.
    pub invalid: usize,
    /// Of the invalid inputs, those that every banking app still reads as intended
    /// (readability green): a generator to fix, not notices that fail.
    pub invalid_readable: usize,
    /// Inputs that could not be checked.
    pub unchecked: usize,
    /// Manifest rows whose file was not among the inputs.
    pub unlisted_rows: usize,
    /// What makes an input fail the run.
    pub fail_on: FailOn,
    /// Inputs that fail under `fail_on`.
    pub failed: usize,
    /// Wall-clock time of the run in seconds.
    pub seconds: f64,
    /// Files a directory walk passed over by their extension (a manifest, a README), so the
    /// inputs and these add up to what `ls` shows.
    pub skipped: Vec<String>,
}

impl Summary {
    /// An empty summary for a run under `fail_on`.
    pub fn new(fail_on: FailOn) -> Summary {
        Summary {
            fail_on,
            ..Summary::default()
        }
    }

    /// Counts one input.
    pub fn add(&mut self, source: &SourceReport) {
        self.inputs += 1;
        let Ok(verified) = &source.outcome else {
            self.unchecked += 1;
            return;
        };
        self.pages += verified.pages.unwrap_or(0);
        self.codes += verified.codes.len();
        if verified.valid() {
            self.valid += 1;
        } else {
            self.invalid += 1;
            if verified.verdict() == crate::Verdict::Nonconforming && readable_by_all(verified) {
                self.invalid_readable += 1;
            }
        }
        if self.fail_on.fails(verified) {
            self.failed += 1;
        }
    }

    /// The run's outcome: the worst input, and missing expected files count as failures.
    pub fn outcome(&self) -> Outcome {
        if self.unchecked > 0 {
            Outcome::Unchecked
        } else if self.failed > 0 || self.unlisted_rows > 0 || self.inputs == 0 {
            Outcome::Invalid
        } else {
            Outcome::Valid
        }
    }
}

/// Whether every finding about an input leaves it readable by every app (readability green).
fn readable_by_all(verified: &crate::Verified) -> bool {
    verified
        .findings
        .iter()
        .chain(
            verified
                .codes
                .iter()
                .filter(|c| c.kind == crate::CodeKind::GiroCode)
                .flat_map(|c| &c.findings),
        )
        .all(|f| f.rule.readability == Readability::Green)
}

/// Escapes text for HTML or XML element content and attribute values. Control characters
/// other than line breaks and tabs become visible `\u{…}` escapes: XML 1.0 cannot carry them
/// even escaped, and in HTML they would hide or shift text.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && !matches!(c, '\n' | '\t') => {
                out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// An amount as the cleaned field holds it (`25.00`) the way people read it: `25,00 €` in
/// German, `€25.00` in English.
pub fn amount_shown(amount: &str, lang: crate::i18n::Lang) -> String {
    match lang {
        crate::i18n::Lang::De => format!("{} €", amount.replace('.', ",")),
        crate::i18n::Lang::En => format!("€{amount}"),
    }
}

/// Splits `text` after `limit` characters: what a banking app takes over, and what it drops.
pub fn cut(text: &str, limit: usize) -> (&str, &str) {
    match text.char_indices().nth(limit) {
        Some((at, _)) => text.split_at(at),
        None => (text, ""),
    }
}

/// The payment as a banking app shows it: labelled rows for the fields that are present. A
/// remittance text longer than apps take over shows where they cut it (`✂`).
pub fn payment_rows(
    fields: &crate::check::Fields,
    lang: crate::i18n::Lang,
) -> Vec<(&'static str, String)> {
    let mut rows: Vec<(&'static str, String)> = Vec::new();
    if let Some(name) = &fields.name {
        rows.push((lang.pick("Empfänger", "Beneficiary"), name.clone()));
    }
    if let Some(iban) = &fields.iban {
        rows.push(("IBAN", human::group_by_four(iban)));
    }
    if let Some(bic) = &fields.bic {
        rows.push(("BIC", bic.clone()));
    }
    if let Some(amount) = &fields.amount {
        rows.push((lang.pick("Betrag", "Amount"), amount_shown(amount, lang)));
    }
    if let Some(reference) = &fields.reference {
        rows.push((lang.pick("Referenz", "Reference"), reference.clone()));
    }
    if let Some(text) = &fields.text {
        let shown = match cut(text, html::TEXT_SHOWN) {
            (all, "") => all.to_owned(),
            (shown, lost) => format!("{shown} ✂ {lost}"),
        };
        rows.push((lang.pick("Verwendungszweck", "Remittance text"), shown));
    }
    rows
}

#[cfg(test)]
mod tests {
    #[test]
    fn cut_counts_characters_not_bytes() {
        assert_eq!(super::cut("äöü", 2), ("äö", "ü"));
        assert_eq!(super::cut("abc", 3), ("abc", ""));
        assert_eq!(super::cut("", 140), ("", ""));
    }
}
