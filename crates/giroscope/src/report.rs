//! The verdict on one code: findings, the two verdicts and the cleaned fields.
//!
//! A [`CodeReport`] is language-free; renderers choose the language.

use crate::check::symbol::SymbolReport;
use crate::check::{self, Checked, Fields};
use crate::finding::{Finding, Readability, Severity};
use crate::model::GiroCode;
use crate::payload::charset::Decoded;

/// The version of the JSON document's shape. Raised only for incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

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

/// The one verdict a result gets, the same in every front end: the page's headline, the
/// CLI's summary, the JSON's `verdict`. Ordered from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// A GiroCode that conforms to EPC069-12, with no warning.
    Valid,
    /// A GiroCode that conforms, with warnings.
    ValidWithWarnings,
    /// A GiroCode that breaks EPC069-12 but that banking apps still read (readability green
    /// or yellow): fix the generator, the notices still work.
    Nonconforming,
    /// A GiroCode that apps reject or would pay wrongly (readability red).
    NotPayable,
    /// A QR code that is not a GiroCode at all.
    NotGiroCode,
    /// Located QR codes that could not be read.
    Unreadable,
    /// No QR code at all.
    NoCode,
}

impl Verdict {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::ValidWithWarnings => "valid-with-warnings",
            Verdict::Nonconforming => "nonconforming",
            Verdict::NotPayable => "not-payable",
            Verdict::NotGiroCode => "not-girocode",
            Verdict::Unreadable => "unreadable",
            Verdict::NoCode => "no-code",
        }
    }

    /// The verdict on findings about one GiroCode (or what was taken for one).
    pub fn of_findings(findings: &[Finding]) -> Verdict {
        let has = |code: &str| findings.iter().any(|f| f.rule.code == code);
        if has(crate::rules::NOT_GIROCODE.code) {
            return Verdict::NotGiroCode;
        }
        let worst = findings.iter().map(|f| f.rule.readability).max();
        let errors = findings.iter().any(|f| f.rule.severity == Severity::Error);
        let warnings = findings
            .iter()
            .any(|f| f.rule.severity == Severity::Warning);
        match (errors, worst) {
            (_, Some(Readability::Red)) => Verdict::NotPayable,
            (true, _) => Verdict::Nonconforming,
            (false, _) if warnings => Verdict::ValidWithWarnings,
            (false, _) => Verdict::Valid,
        }
    }
}

/// Everything giroscope says about one payload.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeReport {
    /// A GiroCode, or another code beside one.
    pub kind: CodeKind,
    /// The PDF page the code is on, counted from 1.
    pub page: Option<usize>,
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
            page: None,
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

    /// Checks a code read from an image: reads its module grid with giroscope's own symbol
    /// reader (which keeps raw bytes, ECI and error counts that engines drop), measures the
    /// print, and adds the symbol's findings.
    pub fn from_found(
        found: &crate::decode::Found,
        image: &image::GrayImage,
        engines_tried: usize,
    ) -> CodeReport {
        let grid = found.grid.as_ref();
        let read = grid
            .and_then(|g| crate::symbol::Grid::new(g.size, g.modules.clone()))
            .and_then(|g| crate::symbol::read(&g).ok());
        let facts = grid.and_then(|g| crate::decode::measure::measure(image, found.corners, g));
        // The engines decode the same grid; ours is preferred because it keeps the exact bytes.
        let bytes = read
            .as_ref()
            .map_or(found.bytes.as_slice(), |symbol| symbol.bytes.as_slice());
        let mut report = CodeReport::from_payload(bytes);
        let size = grid.map(|g| g.size);
        let module_px = size.map(|size| {
            let c = &found.corners;
            let side = |a: (f32, f32), b: (f32, f32)| (a.0 - b.0).hypot(a.1 - b.1);
            (side(c[0], c[1]) + side(c[1], c[2]) + side(c[2], c[3]) + side(c[3], c[0]))
                / 4.0
                / size as f32
        });
        let symbol = SymbolReport {
            corners: found.corners,
            size,
            module_px,
            version: read.as_ref().map(|s| s.version),
            ec_level: read.as_ref().map(|s| match s.ec_level {
                crate::symbol::EcLevel::L => "L",
                crate::symbol::EcLevel::M => "M",
                crate::symbol::EcLevel::Q => "Q",
                crate::symbol::EcLevel::H => "H",
            }),
            mask: read.as_ref().map(|s| s.mask),
            eci: read.as_ref().and_then(|s| s.eci),
            modes: read.as_ref().map_or_else(Vec::new, |s| {
                s.segments.iter().map(|seg| seg.mode.as_str()).collect()
            }),
            mirrored: read.as_ref().is_some_and(|s| s.mirrored),
            structured_append: read.as_ref().is_some_and(|s| s.structured_append),
            corrected_errors: read.as_ref().map(|s| s.corrected_errors()),
            unused_error_correction: read.as_ref().map(|s| s.unused_error_correction()),
            quiet_zone: facts.map(|f| f.quiet_zone),
            quiet_zone_cut: facts.is_some_and(|f| f.quiet_zone_cut),
            contrast: facts.map(|f| f.contrast),
            inverted: facts.is_some_and(|f| f.inverted),
            finder_guessed: found.finder_guessed,
            finder_damage: facts.and_then(|f| f.finder_damage),
            unclear_modules: facts.and_then(|f| f.unclear),
            crease: read
                .as_ref()
                .is_some_and(|s| crate::check::symbol::crease(&s.wrong_modules, size.unwrap_or(0))),
            patch: read
                .as_ref()
                .and_then(|s| crate::check::symbol::patch(&s.wrong_modules, size.unwrap_or(0))),
            module_mm: None,
            position_mm: None,
            quiet_zone_mm: None,
            engines: found.engines.clone(),
            engines_tried,
            step: found.step,
        };
        let is_girocode = !report.codes().contains(&crate::rules::NOT_GIROCODE.code);
        if is_girocode {
            let declared = report
                .fields
                .charset
                .and_then(|digit| crate::payload::charset::Charset::from_line(&[b'0' + digit]));
            let too_long = report
                .codes()
                .contains(&crate::rules::PAYLOAD_TOO_LONG.code);
            let findings = crate::check::symbol::check(&symbol, declared, too_long);
            report.add_findings(findings);
        }
        report.symbol = Some(symbol);
        report
    }

    /// Moves the symbol's corners from stored pixels into the upright picture. A code that
    /// only read mirrored as stored is the right way round once an EXIF flip is applied.
    pub fn upright(mut self, loaded: &crate::image::Loaded) -> CodeReport {
        if let Some(symbol) = &mut self.symbol {
            symbol.corners = symbol.corners.map(|corner| loaded.to_upright(corner));
            if loaded.mirrors() {
                symbol.mirrored = !symbol.mirrored;
                let mirrored = symbol.mirrored;
                self.findings
                    .retain(|f| f.rule.code != crate::rules::SYMBOL_MIRRORED.code);
                if mirrored {
                    self.add_findings(vec![Finding::new(&crate::rules::SYMBOL_MIRRORED)]);
                } else {
                    self.add_findings(Vec::new());
                }
            }
        }
        self
    }

    /// Places a code read from a rendered PDF page: page number, millimetre geometry, and the
    /// print-size findings that only a known geometry allows.
    pub fn place_on_page(&mut self, page: usize, mm_per_px: f32) {
        self.page = Some(page);
        let is_girocode = !self.codes().contains(&crate::rules::NOT_GIROCODE.code);
        let Some(symbol) = &mut self.symbol else {
            return;
        };
        symbol.module_mm = symbol.module_px.map(|px| px * mm_per_px);
        // Where a person puts the ruler: the top-left corner of the code's box on the page as
        // displayed, whichever way the code or the page is turned (the first corner is the
        // code's own top-left, on a turned page another corner of the box).
        let left = symbol
            .corners
            .iter()
            .map(|c| c.0)
            .fold(f32::INFINITY, f32::min);
        let top = symbol
            .corners
            .iter()
            .map(|c| c.1)
            .fold(f32::INFINITY, f32::min);
        symbol.position_mm = Some((left * mm_per_px, top * mm_per_px));
        symbol.quiet_zone_mm = symbol.quiet_zone.zip(symbol.module_mm).map(|(q, m)| q * m);
        if is_girocode {
            let findings = crate::check::symbol::check_print_size(symbol);
            self.add_findings(findings);
        }
    }

    /// Adds findings and updates the verdicts.
    pub fn add_findings(&mut self, findings: Vec<Finding>) {
        self.findings.extend(findings);
        self.findings.sort_by_key(|f| f.line);
        self.valid = !self
            .findings
            .iter()
            .any(|f| f.rule.severity == Severity::Error);
        self.readability = self
            .findings
            .iter()
            .map(|f| f.rule.readability)
            .max()
            .unwrap_or(Readability::Green);
        if !self.valid {
            self.girocode = None;
        }
    }

    /// The verdict on this code. Another code beside a GiroCode is [`Verdict::NotGiroCode`]:
    /// neutral information, which [`crate::Verified::verdict`] does not count.
    pub fn verdict(&self) -> Verdict {
        match self.kind {
            CodeKind::Other => Verdict::NotGiroCode,
            CodeKind::GiroCode => Verdict::of_findings(&self.findings),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_of_findings() {
        use crate::rules;
        let cases: &[(&[&crate::rules::Rule], Verdict)] = &[
            (&[], Verdict::Valid),
            (&[&rules::NAME_WHITESPACE], Verdict::ValidWithWarnings),
            (&[&rules::FRAME_TRAILING_SEPARATOR], Verdict::Nonconforming),
            (&[&rules::NAME_TOO_LONG], Verdict::Nonconforming),
            (
                &[&rules::IBAN_CHECKSUM, &rules::NAME_WHITESPACE],
                Verdict::NotPayable,
            ),
            (&[&rules::NOT_GIROCODE], Verdict::NotGiroCode),
        ];
        for (rules, expected) in cases {
            let findings: Vec<Finding> = rules.iter().map(|r| Finding::new(r)).collect();
            assert_eq!(Verdict::of_findings(&findings), *expected, "{rules:?}");
        }
    }
}
