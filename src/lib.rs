//! giroscope reads GiroCodes — EPC QR codes for SEPA credit transfers (EPC069-12) — and says
//! whether each is valid and whether banking apps will read it correctly.
//!
//! The data flows one way: bytes → [`input::sniff`] → payload bytes → [`check::check`]
//! (framing, charset, header, parties, amount, remittance) → [`Finding`]s →
//! [`CodeReport`] → [`render`] (JSON or human text, German or English). An invalid GiroCode is
//! a report with error findings; [`Error`] is only for inputs that could not be checked.
//!
//! # Example
//! ```
//! let payload = "BCD\n002\n1\nSCT\n\nStadtkasse Musterstadt\nDE02120300000000202051\nEUR35\n\n\nKassenzeichen 5.1234.567890.1";
//! let reports = giroscope::verify(payload.as_bytes(), &giroscope::Options::default()).unwrap();
//! assert!(reports[0].valid);
//! assert_eq!(reports[0].fields.amount.as_deref(), Some("35.00"));
//! ```

#![deny(missing_docs)]

pub mod check;
pub mod error;
pub mod finding;
pub mod i18n;
pub mod input;
pub mod limits;
pub mod model;
pub mod payload;
pub mod render;
pub mod report;
pub mod rules;

pub use error::Error;
pub use finding::{Field, Finding, Readability, Severity};
pub use i18n::Lang;
pub use limits::Limits;
pub use report::CodeReport;

/// How to verify an input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Size limits.
    pub limits: Limits,
}

/// Verifies one input: sniffs it, reads every GiroCode in it and checks each one.
///
/// # Errors
/// When the input cannot be checked at all: too large, or a format this build cannot read.
pub fn verify(bytes: &[u8], options: &Options) -> Result<Vec<CodeReport>, Error> {
    match input::sniff(bytes, &options.limits)? {
        input::Input::Text(text) => Ok(vec![CodeReport::from_payload(text)]),
    }
}

/// The outcome for one named input, as the front ends collect them.
#[derive(Debug)]
pub struct SourceReport {
    /// Where the input came from: a path, `-` for standard input, or an upload's name.
    pub source: String,
    /// The codes found, or why the input could not be checked.
    pub outcome: Result<Vec<CodeReport>, Error>,
}
