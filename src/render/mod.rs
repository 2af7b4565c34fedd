//! Turning reports into text: stable JSON for machines, rustc-style text for people.
//!
//! Language is chosen here, at the last step; the reports themselves hold no sentences.

pub mod human;
pub mod json;

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
    /// The worst outcome over all inputs.
    pub fn of(sources: &[SourceReport]) -> Outcome {
        sources
            .iter()
            .map(|source| match &source.outcome {
                Err(_) => Outcome::Unchecked,
                Ok(verified) if verified.valid() => Outcome::Valid,
                Ok(_) => Outcome::Invalid,
            })
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
