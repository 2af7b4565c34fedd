//! The QR symbol's own rules (spec §2, §7): error correction level M, version ≤ 13, byte mode,
//! ECI consistent with line 3, one symbol; plus print margins measured from the image. Works
//! on facts in a [`SymbolReport`], never on pixels.

use crate::finding::Finding;
use crate::payload::charset::Charset;
use crate::rules;

/// Facts about a QR symbol read from an image. Fields are `None` when they could not be
/// established (e.g. when only an engine's own decoder could read the grid).
#[derive(Debug, Clone, PartialEq)]
pub struct SymbolReport {
    /// Corners in image pixels: top-left, top-right, bottom-right, bottom-left of the symbol.
    pub corners: [(f32, f32); 4],
    /// Modules per side.
    pub size: Option<usize>,
    /// Average module size in image pixels.
    pub module_px: Option<f32>,
    /// QR version, 1–40.
    pub version: Option<u8>,
    /// Error correction level: `L`, `M`, `Q` or `H`.
    pub ec_level: Option<&'static str>,
    /// Data mask pattern, 0–7.
    pub mask: Option<u8>,
    /// The first ECI designator, if the symbol has one.
    pub eci: Option<u32>,
    /// Segment modes in order: `numeric`, `alphanumeric`, `byte`, `kanji`, `eci`, …
    pub modes: Vec<&'static str>,
    /// Whether the symbol is printed mirror-inverted.
    pub mirrored: bool,
    /// Whether the symbol is part of a structured-append sequence.
    pub structured_append: bool,
    /// Codewords corrected by Reed–Solomon, over all blocks.
    pub corrected_errors: Option<usize>,
    /// Unused error correction of the worst block, 0–1 (ISO/IEC 15415 formula).
    pub unused_error_correction: Option<f32>,
    /// Clear margin around the symbol in modules (smallest side, up to 8).
    pub quiet_zone: Option<f32>,
    /// Whether the image ends before the margin does on some side.
    pub quiet_zone_cut: bool,
    /// Print contrast signal, 0–1: (light − dark) / light.
    pub contrast: Option<f32>,
    /// Whether the code is printed light on dark.
    pub inverted: bool,
    /// Module size in millimetres, when the page geometry is known (PDFs).
    pub module_mm: Option<f32>,
    /// Top-left corner of the symbol's box on the page as displayed, in millimetres from the
    /// page's top-left: where a ruler measures it, however the code or the page is turned.
    pub position_mm: Option<(f32, f32)>,
    /// Clear margin around the symbol in millimetres.
    pub quiet_zone_mm: Option<f32>,
    /// The engines that read the code.
    pub engines: Vec<&'static str>,
    /// How many engines were tried (more than one only when all engines were asked for).
    pub engines_tried: usize,
    /// The reading step that first read it.
    pub step: &'static str,
}

/// The largest QR version EPC069-12 allows.
const MAX_VERSION: u8 = 13;
/// Below this share of unused error correction a print is marginal (ISO/IEC 15415 grade C).
const MIN_UNUSED_EC: f32 = 0.5;
/// The quiet zone ISO/IEC 18004 asks for, in modules.
const MIN_QUIET_ZONE: f32 = 4.0;
/// The margin is measured in half-module steps through anti-aliased edges: warn only when it
/// is at least this much short.
const QUIET_ZONE_TOLERANCE: f32 = 0.5;
/// Below this print contrast signal a print is marginal: grey toner or coloured paper.
const MIN_CONTRAST: f32 = 0.5;

/// The contrast of a picture as a generator makes it (black on white: 1.0); photos and scans
/// of prints stay well below.
const GENERATED_CONTRAST: f32 = 0.95;

/// The charset an ECI designator announces, for the ones a GiroCode may use.
pub fn eci_charset(eci: u32) -> Option<Charset> {
    Some(match eci {
        26 => Charset::Utf8,
        1 | 3 => Charset::Iso8859_1,
        4 => Charset::Iso8859_2,
        6 => Charset::Iso8859_4,
        7 => Charset::Iso8859_5,
        9 => Charset::Iso8859_7,
        12 => Charset::Iso8859_10,
        17 => Charset::Iso8859_15,
        _ => return None,
    })
}

/// Findings about the symbol. `payload_too_long` suppresses the version rule, whose root
/// cause is then the payload's length.
pub fn check(
    symbol: &SymbolReport,
    declared: Option<Charset>,
    payload_too_long: bool,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Some(level) = symbol.ec_level
        && level != "M"
    {
        findings.push(Finding::new(&rules::SYMBOL_ECC_LEVEL).with("level", level));
    }
    if let Some(version) = symbol.version
        && version > MAX_VERSION
        && !payload_too_long
    {
        findings.push(
            Finding::new(&rules::SYMBOL_VERSION)
                .with("version", version)
                .with("modules", 17 + 4 * u32::from(version)),
        );
    }
    let other_modes: Vec<&str> = symbol
        .modes
        .iter()
        .copied()
        .filter(|mode| !matches!(*mode, "byte" | "eci"))
        .collect();
    if !other_modes.is_empty() {
        findings.push(Finding::new(&rules::SYMBOL_MODE).with("modes", other_modes.join(", ")));
    }
    if let (Some(eci), Some(declared)) = (symbol.eci, declared)
        && eci_charset(eci) != Some(declared)
    {
        let announced =
            eci_charset(eci).map_or_else(|| format!("ECI {eci}"), |c| c.name().to_owned());
        findings.push(
            Finding::new(&rules::SYMBOL_ECI_MISMATCH)
                .with("eci", eci)
                .with("eci_charset", announced)
                .with("charset", declared.name()),
        );
    }
    if symbol.structured_append {
        findings.push(Finding::new(&rules::SYMBOL_STRUCTURED_APPEND));
    }
    if symbol.inverted {
        findings.push(Finding::new(&rules::SYMBOL_INVERTED));
    }
    if symbol.mirrored {
        findings.push(Finding::new(&rules::SYMBOL_MIRRORED));
    }
    if let Some(unused) = symbol.unused_error_correction
        && unused < MIN_UNUSED_EC
    {
        let remaining = (unused * 100.0).round() as u32;
        findings.push(
            Finding::new(&rules::SYMBOL_DAMAGE_MARGIN)
                .with("remaining", remaining)
                .with("used", 100 - remaining.min(100)),
        );
    }
    if let Some(quiet) = symbol.quiet_zone
        && quiet + QUIET_ZONE_TOLERANCE < MIN_QUIET_ZONE
        && !symbol.quiet_zone_cut
    {
        findings
            .push(Finding::new(&rules::SYMBOL_QUIET_ZONE).with("modules", format!("{quiet:.1}")));
    }
    // A picture that ends inside the quiet zone says nothing about the print around it, except
    // when it is the picture that will be printed: a generator's image, with print-perfect
    // contrast no photo or scan has.
    if let (Some(quiet), Some(contrast)) = (symbol.quiet_zone, symbol.contrast)
        && symbol.quiet_zone_cut
        && quiet + QUIET_ZONE_TOLERANCE < MIN_QUIET_ZONE
        && contrast >= GENERATED_CONTRAST
    {
        findings.push(
            Finding::new(&rules::SYMBOL_PICTURE_MARGIN).with("modules", format!("{quiet:.0}")),
        );
    }
    if let Some(contrast) = symbol.contrast
        && contrast < MIN_CONTRAST
    {
        findings.push(
            Finding::new(&rules::SYMBOL_CONTRAST)
                .with("percent", (contrast * 100.0).round() as u32),
        );
    }
    if symbol.engines_tried > 1 && symbol.engines.len() == 1 {
        findings.push(
            Finding::new(&rules::SYMBOL_SINGLE_ENGINE)
                .with("engines", symbol.engines_tried)
                .with("engine", symbol.engines[0]),
        );
    }
    findings
}

/// The smallest module phone cameras resolve reliably, in mm.
const MIN_MODULE_MM: f32 = 0.33;
/// The narrowest code (quiet zone included) phones focus on reliably, in mm.
const MIN_WIDTH_MM: f32 = 20.0;

/// Findings about the printed size, for codes whose size in millimetres is known (PDFs).
/// One root cause: modules that are too small make the code small, so that is reported alone.
pub fn check_print_size(symbol: &SymbolReport) -> Vec<Finding> {
    let (Some(module_mm), Some(size)) = (symbol.module_mm, symbol.size) else {
        return Vec::new();
    };
    let width_mm = (size as f32 + 2.0 * MIN_QUIET_ZONE) * module_mm;
    if module_mm < MIN_MODULE_MM {
        vec![
            Finding::new(&rules::SYMBOL_MODULE_TOO_SMALL)
                .with("module_mm", format!("{module_mm:.2}")),
        ]
    } else if width_mm < MIN_WIDTH_MM {
        vec![
            Finding::new(&rules::SYMBOL_PRINT_TOO_SMALL).with("width_mm", format!("{width_mm:.1}")),
        ]
    } else {
        Vec::new()
    }
}
