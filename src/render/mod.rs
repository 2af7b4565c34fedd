//! Turning reports into text: stable JSON for machines, rustc-style text for people.
//!
//! Language is chosen here, at the last step; the reports themselves hold no sentences.

pub mod html;
pub mod human;
pub mod json;
pub mod junit;

use crate::SourceReport;
use crate::finding::Severity;

/// What a whole run amounts to, as a process exit code: grep's convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Every input holds only valid GiroCodes (exit 0).
    Valid,
    /// Some code has an error finding (exit 1).
    Invalid,
    /// Some input could not be checked (exit 2).
    Unchecked,
}

impl Outcome {
    /// The outcome of one input.
    pub fn of_source(source: &SourceReport) -> Outcome {
        match &source.outcome {
            Err(_) => Outcome::Unchecked,
            Ok(verified) if verified.valid() => Outcome::Valid,
            Ok(_) => Outcome::Invalid,
        }
    }

    /// The worst outcome over all inputs.
    pub fn of(sources: &[SourceReport]) -> Outcome {
        sources
            .iter()
            .map(Outcome::of_source)
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
    /// PDF pages read.
    pub pages: usize,
    /// QR codes read.
    pub codes: usize,
    /// Inputs whose GiroCodes are all valid.
    pub valid: usize,
    /// Inputs with an error finding.
    pub invalid: usize,
    /// Inputs that could not be checked.
    pub unchecked: usize,
    /// Manifest rows whose file was not among the inputs.
    pub unlisted_rows: usize,
    /// Wall-clock time of the run in seconds.
    pub seconds: f64,
}

impl Summary {
    /// Counts one input.
    pub fn add(&mut self, source: &SourceReport) {
        self.inputs += 1;
        if let Ok(verified) = &source.outcome {
            self.pages += verified.pages.unwrap_or(0);
            self.codes += verified.codes.len();
        }
        match Outcome::of_source(source) {
            Outcome::Valid => self.valid += 1,
            Outcome::Invalid => self.invalid += 1,
            Outcome::Unchecked => self.unchecked += 1,
        }
    }

    /// The run's outcome: the worst input, and missing expected files count as errors.
    pub fn outcome(&self) -> Outcome {
        if self.unchecked > 0 {
            Outcome::Unchecked
        } else if self.invalid > 0 || self.unlisted_rows > 0 || self.inputs == 0 {
            Outcome::Invalid
        } else {
            Outcome::Valid
        }
    }
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
        let shown = match lang {
            crate::i18n::Lang::De => format!("{} €", amount.replace('.', ",")),
            crate::i18n::Lang::En => format!("€{amount}"),
        };
        rows.push((lang.pick("Betrag", "Amount"), shown));
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
