//! Trusted payees: the accounts a town (or whoever runs the check) really pays into.
//!
//! Fake QR stickers on parking notices and meters are a known fraud: the code is a perfectly
//! valid GiroCode, only to someone else's account. A list of the operator's own accounts turns
//! that into a finding: `PAYEE-CONFIRMED` (information) for a code paying a listed IBAN,
//! `PAYEE-UNKNOWN` (error) for one paying elsewhere. It does not replace the bank's own
//! Verification of Payee, which compares the name with the account holder.
//!
//! The list is CSV, one account a line: `iban,name,note` (the note is optional, a header line
//! `iban,name,note` may come first, lines starting with `#` are comments). IBANs may be written
//! with spaces and in lower case.

use std::collections::HashMap;

use crate::Verified;
use crate::finding::{Field, Finding, Severity};
use crate::report::CodeKind;
use crate::rules;

/// One of the operator's own accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payee {
    /// The IBAN in electronic format (no spaces, upper case).
    pub iban: String,
    /// Whose account it is, as citizens should read it: `Stadtkasse Musterstadt`.
    pub name: String,
    /// What the account is for, e.g. `Parkgebühren`.
    pub note: Option<String>,
}

impl Payee {
    /// The name with its note, as the page shows it: `Stadtkasse Musterstadt (Parkgebühren)`.
    pub fn label(&self) -> String {
        match &self.note {
            Some(note) => format!("{} ({note})", self.name),
            None => self.name.clone(),
        }
    }
}

/// A list of trusted payees, looked up by IBAN.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Payees {
    by_iban: HashMap<String, Payee>,
}

/// A malformed payee list, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("payee list line {line}: {message}")]
pub struct PayeesError {
    /// Line in the file, counted from 1.
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

impl Payees {
    /// Parses a payee list.
    ///
    /// # Errors
    /// A [`PayeesError`] for the first line that is not `iban,name[,note]` with a valid IBAN
    /// and a name, for an IBAN listed twice, and for a list without any account.
    pub fn parse(text: &str) -> Result<Payees, PayeesError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        let mut by_iban = HashMap::new();
        for (index, record) in reader.records().enumerate() {
            let record = record.map_err(|error| PayeesError {
                line: error.position().map_or(index as u64 + 1, |p| p.line()),
                message: error.to_string(),
            })?;
            let line = record.position().map_or(index as u64 + 1, |p| p.line());
            let fail = |message: String| PayeesError { line, message };
            let cell = |i: usize| record.get(i).filter(|c| !c.is_empty());
            if by_iban.is_empty() && cell(0).is_some_and(|c| c.eq_ignore_ascii_case("iban")) {
                continue;
            }
            if record.len() > 3 {
                return Err(fail(format!(
                    "{} columns; expected iban,name and an optional note",
                    record.len()
                )));
            }
            let written = cell(0).ok_or_else(|| fail("the IBAN is empty".into()))?;
            let iban: String = written
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| c.to_ascii_uppercase())
                .collect();
            if let Err(error) = iban.parse::<iban::Iban>() {
                return Err(fail(format!("{written:?} is not a valid IBAN ({error})")));
            }
            let name = cell(1).ok_or_else(|| fail("the name is empty".into()))?;
            let payee = Payee {
                iban: iban.clone(),
                name: name.to_owned(),
                note: cell(2).map(str::to_owned),
            };
            if by_iban.insert(iban.clone(), payee).is_some() {
                return Err(fail(format!("{iban} is listed twice")));
            }
        }
        if by_iban.is_empty() {
            return Err(PayeesError {
                line: 1,
                message: "the list holds no account".into(),
            });
        }
        Ok(Payees { by_iban })
    }

    /// The payee an IBAN (electronic format) belongs to.
    pub fn get(&self, iban: &str) -> Option<&Payee> {
        self.by_iban.get(iban)
    }

    /// How many accounts the list holds.
    pub fn len(&self) -> usize {
        self.by_iban.len()
    }

    /// Whether the list holds no account (never true for a parsed list).
    pub fn is_empty(&self) -> bool {
        self.by_iban.is_empty()
    }

    /// Adds to every GiroCode in `verified` whether it pays a listed account. A code whose
    /// IBAN is already wrong gets no second finding about it.
    pub fn check(&self, verified: &mut Verified) {
        for code in &mut verified.codes {
            if code.kind != CodeKind::GiroCode {
                continue;
            }
            let iban_failed = code
                .findings
                .iter()
                .any(|f| f.rule.field == Field::Iban && f.rule.severity == Severity::Error);
            let Some(iban) = code.fields.iban.clone() else {
                continue;
            };
            if iban_failed {
                continue;
            }
            let finding = match self.get(&iban) {
                Some(payee) => Finding::new(&rules::PAYEE_CONFIRMED).with("payee", payee.label()),
                None => Finding::new(&rules::PAYEE_UNKNOWN)
                    .with("iban", crate::render::human::group_by_four(&iban)),
            };
            // On the IBAN's line, where the other IBAN findings are.
            let finding = match code.lines.get(6) {
                Some(line) => {
                    let span = line.spans.first().map_or(0, |s| s.start)
                        ..line.spans.last().map_or(0, |s| s.end);
                    finding.at(7, span)
                }
                None => finding,
            };
            code.add_findings(vec![finding]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "iban,name,note\n\
        # the town's accounts\n\
        de02 1203 0000 0000 2020 51,Stadtkasse Musterstadt,Parkgebühren\n\
        DE89370400440532013000, Stadtwerke Musterstadt\n";

    #[test]
    fn parses_a_list_with_header_comments_spaces_and_optional_notes() {
        let payees = Payees::parse(LIST).expect("valid list");
        assert_eq!(payees.len(), 2);
        let town = payees.get("DE02120300000000202051").expect("listed");
        assert_eq!(town.label(), "Stadtkasse Musterstadt (Parkgebühren)");
        let works = payees.get("DE89370400440532013000").expect("listed");
        assert_eq!(works.label(), "Stadtwerke Musterstadt");
        assert!(payees.get("DE12500105170648489890").is_none());
    }

    #[test]
    fn a_malformed_list_names_its_line() {
        for (text, line, words) in [
            (
                "iban,name\nDE02120300000000202052,Stadtkasse\n",
                2,
                "not a valid IBAN",
            ),
            ("DE02120300000000202051,\n", 1, "the name is empty"),
            (",Stadtkasse\n", 1, "the IBAN is empty"),
            (
                "DE02120300000000202051,A\nDE02120300000000202051,B\n",
                2,
                "listed twice",
            ),
            ("DE02120300000000202051,A,b,c\n", 1, "4 columns"),
            ("iban,name,note\n", 1, "no account"),
            ("", 1, "no account"),
        ] {
            let error = Payees::parse(text).expect_err(text);
            assert_eq!(error.line, line, "{text:?}: {error}");
            assert!(error.message.contains(words), "{text:?}: {error}");
        }
    }
}
