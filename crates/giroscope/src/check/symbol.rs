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
    /// Whether a finder pattern was not recognisable and its place was guessed from the other
    /// two to read the code.
    pub finder_guessed: bool,
    /// The worst finder pattern's damage, 0–1: the share of it that shows the wrong colour.
    pub finder_damage: Option<f32>,
    /// The share of modules whose centre is neither clearly dark nor clearly light, 0–1: blur.
    pub unclear_modules: Option<f32>,
    /// Whether most modules error correction repaired lie along one straight line: a crease or
    /// a scratch across the code.
    pub crease: bool,
    /// Where the modules error correction repaired lie together in one patch (a logo or picture
    /// over the code), that patch.
    pub patch: Option<Patch>,
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

/// A square patch of the symbol that holds most of its repaired modules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Patch {
    /// Its share of the symbol's area, 0–1.
    pub share: f32,
    /// Whether its centre lies in the middle third of the symbol, where generators put logos.
    pub central: bool,
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
    if let (Some(patch), Some(unused)) = (symbol.patch, symbol.unused_error_correction) {
        let (place_de, place_en) = if patch.central {
            ("in der Mitte", "in its centre")
        } else {
            ("außerhalb der Mitte", "off its centre")
        };
        findings.push(
            Finding::new(&rules::SYMBOL_LOGO)
                .with("share", (patch.share * 100.0).round().max(1.0) as u32)
                .with("used", 100 - ((unused * 100.0).round() as u32).min(100))
                .with("place_de", place_de)
                .with("place_en", place_en),
        );
    } else if let Some(unused) = symbol.unused_error_correction
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
    findings.extend(for_apps(symbol));
    if symbol.engines_tried > 1 && symbol.engines.len() == 1 {
        findings.push(
            Finding::new(&rules::SYMBOL_SINGLE_ENGINE)
                .with("engines", symbol.engines_tried)
                .with("engine", symbol.engines[0]),
        );
    }
    findings
}

/// The reading steps that only giroscope takes: a code read by none of the others is read by
/// none of the panel's app-class readers either (a blurred code that only the region's local
/// threshold reads: one reader in four). Faint prints read from a stretched picture are not
/// among them: every panel reader reads grey 220 on white.
pub const HARD_STEPS: &[&str] = &[
    "region-threshold",
    "region-halved",
    "region-sharpened",
    "region-upscaled",
];

/// giroscope's own resampling of a located symbol, its corners fitted to the function
/// patterns: some app-class readers fail where it reads, not all. Of the 54 codes of BoofCV's
/// photo set it read first, zxing-cpp reads 39 (of the hardest steps' 3: none).
pub const RESAMPLED: &str = "resampled";
/// Finder damage from which some app-class readers lose the code (a finder with ink spots or a
/// crease over it: three readers in four)…
const FINDER_DAMAGE_SOME: f32 = 0.12;
/// …and from which they all do (a scratch half a module wide across one: none).
const FINDER_DAMAGE_ALL: f32 = 0.30;
/// Unclear modules from which some readers lose the code (blur of 2 px on 6-px modules: two
/// readers in four)…
const UNCLEAR_SOME: f32 = 0.10;
/// …and from which they all do.
const UNCLEAR_ALL: f32 = 0.30;
/// Unused error correction below which a reader that samples a little worse than giroscope
/// fails (the panel reads every code down to 9 %).
const EC_EXHAUSTED: f32 = 0.05;

/// One reason why apps will fail, in both languages, and whether the photo is to blame.
struct Reason {
    red: bool,
    photo: bool,
    de: String,
    en: String,
}

/// What giroscope's own measurements say about app-class readers: the panel's verdict
/// predicted (`examples/panel.rs`). Red when a reason says every such reader fails, yellow when
/// some do; the print is to blame unless only blur and giroscope's own steps speak, and the
/// picture is no generator's rendering.
fn for_apps(symbol: &SymbolReport) -> Option<Finding> {
    let percent = |share: f32| (share * 100.0).round() as u32;
    let generated = symbol.contrast.is_some_and(|c| c >= GENERATED_CONTRAST);
    let blurred = symbol.unclear_modules.unwrap_or(0.0);
    let mut reasons = Vec::new();
    if symbol.finder_guessed {
        // ZBar and OpenCV's ArUco detector find a code whose finder pattern a spot covers, as
        // long as the rest is clean; a crease through it, or damage to the other finder
        // patterns too, loses it to every reader.
        let damaged = symbol
            .finder_damage
            .is_some_and(|d| d >= FINDER_DAMAGE_SOME);
        reasons.push(Reason {
            red: symbol.crease || damaged,
            photo: false,
            de: "eines der drei Quadrate in den Ecken (Suchmuster) ist nicht zu erkennen".into(),
            en: "one of the three corner squares (finder patterns) cannot be recognised".into(),
        });
    }
    if let Some(damage) = symbol.finder_damage
        && damage >= FINDER_DAMAGE_SOME
    {
        reasons.push(Reason {
            red: damage >= FINDER_DAMAGE_ALL,
            // Blur greys a finder pattern's edges too: then the photo may be all there is.
            photo: !generated && blurred >= UNCLEAR_SOME,
            de: format!(
                "ein Quadrat in den Ecken (Suchmuster) ist zu {} % beschädigt",
                percent(damage)
            ),
            en: format!(
                "a corner square (finder pattern) is {} % damaged",
                percent(damage)
            ),
        });
    }
    if blurred >= UNCLEAR_SOME {
        reasons.push(Reason {
            red: blurred >= UNCLEAR_ALL,
            photo: !generated,
            de: format!("{} % der Module sind unscharf", percent(blurred)),
            en: format!("{} % of its modules are blurred", percent(blurred)),
        });
    }
    if let Some(unused) = symbol.unused_error_correction
        && unused < EC_EXHAUSTED
    {
        reasons.push(Reason {
            red: true,
            photo: !generated && symbol.patch.is_none() && blurred >= UNCLEAR_SOME,
            de: "seine Fehlerkorrektur ist aufgebraucht".into(),
            en: "its error correction is used up".into(),
        });
    }
    if symbol.step == RESAMPLED {
        reasons.push(Reason {
            red: false,
            photo: !generated,
            de: "erst giroscopes Nachabtastung las ihn (Ecken an die Muster angepasst)".into(),
            en: "only giroscope's resampling read it (corners fitted to its patterns)".into(),
        });
    }
    if HARD_STEPS.contains(&symbol.step) {
        reasons.push(Reason {
            red: true,
            photo: !generated,
            de: format!(
                "nur giroscopes aufwendigster Leseschritt las ihn ({})",
                symbol.step
            ),
            en: format!(
                "only giroscope's hardest reading step read it ({})",
                symbol.step
            ),
        });
    }
    let red = reasons.iter().any(|r| r.red);
    let photo = reasons.iter().all(|r| r.photo);
    let rule = match (red, photo) {
        (true, false) => &rules::SYMBOL_APPS_FAIL,
        (true, true) => &rules::SYMBOL_APPS_FAIL_PHOTO,
        (false, false) => &rules::SYMBOL_APPS_STRUGGLE,
        (false, true) => &rules::SYMBOL_APPS_STRUGGLE_PHOTO,
    };
    (!reasons.is_empty()).then(|| {
        let join =
            |pick: fn(&Reason) -> &str| reasons.iter().map(pick).collect::<Vec<_>>().join("; ");
        Finding::new(rule)
            .with("reason_de", join(|r| &r.de))
            .with("reason_en", join(|r| &r.en))
    })
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

/// A crease or scratch: at least this many repaired modules…
const CREASE_MIN_ERRORS: usize = 8;
/// …and at least this share of them lie within this many modules of one straight line.
const CREASE_SHARE: f32 = 0.6;
const CREASE_WIDTH: f32 = 0.75;

/// Whether most of the modules error correction repaired (`wrong`, row-major, `size` a side)
/// lie along one straight line: a crease or a scratch across the code rather than spots. Every
/// line through two repaired modules is tried, in order, so the answer is the same everywhere.
pub fn crease(wrong: &[bool], size: usize) -> bool {
    if size == 0 || wrong.len() != size * size {
        return false;
    }
    let points: Vec<(f32, f32)> = (0..size * size)
        .filter(|&i| wrong[i])
        .map(|i| ((i % size) as f32, (i / size) as f32))
        .collect();
    if points.len() < CREASE_MIN_ERRORS {
        return false;
    }
    let needed = (points.len() as f32 * CREASE_SHARE).ceil() as usize;
    for (i, a) in points.iter().enumerate() {
        for b in &points[i + 1..] {
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            let length = dx.hypot(dy);
            // Neighbours give no direction worth trusting.
            if length < 3.0 {
                continue;
            }
            let near = points
                .iter()
                .filter(|p| ((p.0 - a.0) * dy - (p.1 - a.1) * dx).abs() / length <= CREASE_WIDTH)
                .count();
            if near >= needed {
                return true;
            }
        }
    }
    false
}

/// Fewer repaired modules than this say nothing about where damage lies.
const PATCH_MIN_ERRORS: usize = 6;
/// A patch holds at least this share of the repaired modules…
const PATCH_COVERAGE: f32 = 0.85;
/// …and at least one in this many of its modules is repaired: a logo over modules hides about
/// half of them, while ink spots, blur or a stamp's ring scatter their errors thinly.
const PATCH_DENSITY: usize = 4;

/// The smallest square of the symbol that holds most of the modules error correction repaired
/// (`wrong`, row-major, `size` modules a side), when they lie that close together: a logo, a
/// picture or a sticker over the code rather than wear. Squares are counted through prefix
/// sums, every side and place, so the answer does not depend on where the search starts.
pub fn patch(wrong: &[bool], size: usize) -> Option<Patch> {
    if size == 0 || wrong.len() != size * size {
        return None;
    }
    let total = wrong.iter().filter(|&&w| w).count();
    if total < PATCH_MIN_ERRORS {
        return None;
    }
    // sums[y][x]: repaired modules above and left of (x, y).
    let stride = size + 1;
    let mut sums = vec![0u32; stride * stride];
    for y in 0..size {
        for x in 0..size {
            sums[(y + 1) * stride + x + 1] = sums[y * stride + x + 1] + sums[(y + 1) * stride + x]
                - sums[y * stride + x]
                + u32::from(wrong[y * size + x]);
        }
    }
    let inside = |x: usize, y: usize, k: usize| {
        (sums[(y + k) * stride + x + k] + sums[y * stride + x])
            - (sums[y * stride + x + k] + sums[(y + k) * stride + x])
    };
    let needed = (total as f32 * PATCH_COVERAGE).ceil() as u32;
    for k in 3..=size / 2 {
        let mut best: Option<(u32, usize, usize)> = None;
        for y in 0..=size - k {
            for x in 0..=size - k {
                let count = inside(x, y, k);
                let dense = count as usize * PATCH_DENSITY >= k * k;
                if count >= needed && dense && best.is_none_or(|(b, _, _)| count > b) {
                    best = Some((count, x, y));
                }
            }
        }
        if let Some((_, x, y)) = best {
            let centre = |start: usize| (start as f32 + k as f32 / 2.0) / size as f32;
            let middle = |c: f32| (1.0 / 3.0..=2.0 / 3.0).contains(&c);
            return Some(Patch {
                share: (k * k) as f32 / (size * size) as f32,
                central: middle(centre(x)) && middle(centre(y)),
            });
        }
    }
    None
}
