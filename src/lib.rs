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
//! let verified = giroscope::verify(payload.as_bytes(), &giroscope::Options::default()).unwrap();
//! assert!(verified.valid());
//! assert_eq!(verified.codes[0].fields.amount.as_deref(), Some("35.00"));
//! ```

#![deny(missing_docs)]
// The library computes; only the front ends print.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod decode;
pub mod error;
pub mod finding;
pub mod i18n;
pub mod image;
pub mod input;
pub mod limits;
pub mod model;
pub mod payload;
pub mod render;
pub mod report;
pub mod rules;
pub mod symbol;

use std::time::Instant;

pub use error::Error;
pub use finding::{Field, Finding, Readability, Severity};
pub use i18n::Lang;
pub use limits::Limits;
pub use report::{CodeKind, CodeReport, SymbolReport};

/// How to verify an input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Resource limits.
    pub limits: Limits,
    /// Read images with every engine at every step, to report which engines read each code.
    pub all_engines: bool,
}

/// Everything found in one input.
#[derive(Debug, Clone)]
pub struct Verified {
    /// One report per code, in reading order.
    pub codes: Vec<CodeReport>,
    /// Findings about the input as a whole, e.g. no code in an image.
    pub findings: Vec<Finding>,
    /// The image's upright size in pixels, for image inputs.
    pub image_size: Option<(u32, u32)>,
}

impl Verified {
    /// Whether the input holds at least one GiroCode and every GiroCode is valid, with no
    /// error about the input as a whole. Other QR codes beside a GiroCode do not count.
    pub fn valid(&self) -> bool {
        let girocodes: Vec<&CodeReport> = self
            .codes
            .iter()
            .filter(|c| c.kind == CodeKind::GiroCode)
            .collect();
        let input_ok = !self
            .findings
            .iter()
            .any(|f| f.rule.severity == Severity::Error);
        input_ok
            && !self.codes.is_empty()
            && girocodes.iter().all(|c| c.valid)
            && (!girocodes.is_empty() || self.codes.iter().all(|c| c.valid))
    }
}

/// Verifies one input: sniffs it, reads every GiroCode in it and checks each one.
///
/// # Errors
/// When the input cannot be checked at all: too large, damaged, or a format this build cannot
/// read.
pub fn verify(bytes: &[u8], options: &Options) -> Result<Verified, Error> {
    let started = Instant::now();
    match input::sniff(bytes, &options.limits)? {
        input::Input::Text(text) => Ok(Verified {
            codes: vec![CodeReport::from_payload(text)],
            findings: Vec::new(),
            image_size: None,
        }),
        input::Input::Image(kind, bytes) => {
            let loaded = image::load(bytes, kind, &options.limits)?;
            let reading = decode::read(
                &loaded.luma,
                decode::ReadOptions {
                    all_engines: options.all_engines,
                    deadline: started + options.limits.max_decode_time,
                },
            );
            let engines_tried = if options.all_engines {
                decode::Engine::ALL.len()
            } else {
                1
            };
            let mut codes: Vec<CodeReport> = reading
                .codes
                .iter()
                .map(|found| {
                    CodeReport::from_found(found, &loaded.luma, engines_tried).upright(&loaded)
                })
                .collect();
            if codes.is_empty() && reading.timed_out {
                return Err(Error::TimedOut {
                    seconds: options.limits.max_decode_time.as_secs_f32(),
                });
            }
            report::mark_other_codes(&mut codes);
            let mut findings = Vec::new();
            let read_girocode = codes.iter().any(|c| c.kind == CodeKind::GiroCode);
            if reading.unreadable > 0 && !read_girocode {
                findings.push(
                    Finding::new(&rules::IMAGE_UNREADABLE_CODE).with("count", reading.unreadable),
                );
            } else if codes.is_empty() {
                findings.push(Finding::new(&rules::IMAGE_NO_CODE));
            }
            Ok(Verified {
                codes,
                findings,
                image_size: Some(loaded.upright_size()),
            })
        }
    }
}

/// The outcome for one named input, as the front ends collect them.
#[derive(Debug)]
pub struct SourceReport {
    /// Where the input came from: a path, `-` for standard input, or an upload's name.
    pub source: String,
    /// What was found, or why the input could not be checked.
    pub outcome: Result<Verified, Error>,
}
