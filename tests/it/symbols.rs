use giroscope::check::symbol::check;
use giroscope::{CodeKind, Options, SymbolReport, verify};
use image::Luma;

use crate::notice::{QrSpec, qr_modules};
use crate::util::{draw_modules, png, white, with_lines};

/// Reads a generated page and returns the GiroCode's finding codes.
#[track_caller]
fn codes_of(page: &image::GrayImage) -> Vec<&'static str> {
    let verified = verify(&png(page), &Options::default()).expect("checkable");
    let code = verified
        .codes
        .iter()
        .find(|c| c.kind == CodeKind::GiroCode)
        .expect("a GiroCode is read");
    code.codes()
}

fn page_with(spec: &QrSpec, transform: impl Fn(usize, &[bool]) -> Vec<bool>) -> image::GrayImage {
    let (size, modules) = qr_modules(spec).expect("encodable");
    let modules = transform(size, &modules);
    let mut page = white(size as u32 * 5 + 80, size as u32 * 5 + 80);
    draw_modules(&mut page, size, &modules, 20, 20, 5);
    page
}

fn as_is(_: usize, modules: &[bool]) -> Vec<bool> {
    modules.to_vec()
}

#[test]
fn symbol_eci_mismatch() {
    // ECI 26 announces UTF-8, line 3 declares ISO 8859-1.
    let mut spec = QrSpec::new(with_lines(&[(3, "2")]), qrcode::EcLevel::M);
    spec.eci = Some(26);
    assert_eq!(codes_of(&page_with(&spec, as_is)), ["SYMBOL-ECI-MISMATCH"]);
    // A consistent ECI is fine.
    spec.payload = with_lines(&[]);
    assert_eq!(codes_of(&page_with(&spec, as_is)), Vec::<&str>::new());
}

#[test]
fn symbol_mode() {
    // The qrcode crate's default encoder splits digit runs into numeric segments.
    let code = qrcode::QrCode::with_error_correction_level(with_lines(&[]), qrcode::EcLevel::M)
        .expect("encodable");
    let modules: Vec<bool> = code
        .to_colors()
        .iter()
        .map(|c| *c == qrcode::Color::Dark)
        .collect();
    let mut page = white(code.width() as u32 * 5 + 80, code.width() as u32 * 5 + 80);
    draw_modules(&mut page, code.width(), &modules, 20, 20, 5);
    assert_eq!(codes_of(&page), ["SYMBOL-MODE"]);
}

#[test]
fn symbol_mirrored() {
    let spec = QrSpec::new(with_lines(&[]), qrcode::EcLevel::M);
    let transposed = |size: usize, m: &[bool]| {
        (0..size * size)
            .map(|i| m[(i % size) * size + i / size])
            .collect()
    };
    assert_eq!(codes_of(&page_with(&spec, transposed)), ["SYMBOL-MIRRORED"]);
}

#[test]
fn symbol_quiet_zone() {
    let spec = QrSpec::new(with_lines(&[]), qrcode::EcLevel::M);
    let mut page = page_with(&spec, as_is);
    // A ruled line one module below the symbol (the symbol spans 20+4·5 … +size·5).
    let (size, _) = qr_modules(&spec).expect("encodable");
    let y = 40 + size as u32 * 5 + 5;
    for x in 0..page.width() {
        for dy in 0..3 {
            page.put_pixel(x, y + dy, Luma([0]));
        }
    }
    assert_eq!(codes_of(&page), ["SYMBOL-QUIET-ZONE"]);
}

#[test]
fn symbol_picture_margin() {
    let spec = QrSpec::new(with_lines(&[]), qrcode::EcLevel::M);
    let page = page_with(&spec, as_is);
    let (size, _) = qr_modules(&spec).expect("encodable");
    // The symbol's modules start at 40 px, 5 px each: keep `margin` modules around them.
    let cropped = |margin: u32| {
        let side = (size as u32 + 2 * margin) * 5;
        image::imageops::crop_imm(&page, 40 - margin * 5, 40 - margin * 5, side, side).to_image()
    };
    for (margin, expected) in [
        (2, &["SYMBOL-PICTURE-MARGIN"][..]),
        (1, &["SYMBOL-PICTURE-MARGIN"][..]),
        (4, &[][..]),
    ] {
        assert_eq!(codes_of(&cropped(margin)), expected, "{margin} modules");
    }
    // A grey photo-like picture cropped as tight says nothing: its edge is not the print's.
    let mut grey = cropped(2);
    for pixel in grey.pixels_mut() {
        pixel.0[0] = if pixel.0[0] < 128 { 60 } else { 200 };
    }
    assert_eq!(codes_of(&grey), Vec::<&str>::new());
}

#[test]
fn symbol_version_from_eci_overhead() {
    // 331 bytes fit version 13-M only without an ECI header; with one it takes version 14.
    let (name, text) = ("N".repeat(70), "T".repeat(140));
    let base = with_lines(&[(6, &name), (11, &text), (12, "")]);
    let info = "I".repeat(331 - base.len() - 1);
    let payload = with_lines(&[(6, &name), (11, &text), (12, &info)]);
    assert_eq!(payload.len(), 331);
    let mut spec = QrSpec::new(payload, qrcode::EcLevel::M);
    spec.eci = Some(26);
    assert_eq!(codes_of(&page_with(&spec, as_is)), ["SYMBOL-VERSION"]);
}

fn facts() -> SymbolReport {
    SymbolReport {
        corners: [(0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0)],
        size: Some(25),
        module_px: Some(4.0),
        version: Some(2),
        ec_level: Some("M"),
        mask: Some(3),
        eci: None,
        modes: vec!["byte"],
        mirrored: false,
        structured_append: false,
        corrected_errors: Some(0),
        unused_error_correction: Some(1.0),
        quiet_zone: Some(4.0),
        quiet_zone_cut: false,
        contrast: Some(0.9),
        inverted: false,
        finder_guessed: false,
        finder_damage: None,
        unclear_modules: None,
        crease: false,
        patch: None,
        module_mm: None,
        position_mm: None,
        quiet_zone_mm: None,
        engines: vec!["rxing"],
        engines_tried: 1,
        step: "plain",
    }
}

#[track_caller]
fn rule_codes(symbol: SymbolReport) -> Vec<&'static str> {
    check(
        &symbol,
        Some(giroscope::payload::charset::Charset::Utf8),
        false,
    )
    .iter()
    .map(|f| f.rule.code)
    .collect()
}

#[test]
fn symbol_rules_on_facts() {
    assert_eq!(rule_codes(facts()), Vec::<&str>::new());
    assert_eq!(
        rule_codes(SymbolReport {
            structured_append: true,
            ..facts()
        }),
        ["SYMBOL-STRUCTURED-APPEND"]
    );
    assert_eq!(
        rule_codes(SymbolReport {
            engines_tried: 2,
            ..facts()
        }),
        ["SYMBOL-SINGLE-ENGINE"]
    );
    assert_eq!(
        rule_codes(SymbolReport {
            engines_tried: 2,
            engines: vec!["rxing", "rqrr"],
            ..facts()
        }),
        Vec::<&str>::new()
    );
    assert_eq!(
        rule_codes(SymbolReport {
            unused_error_correction: Some(0.49),
            ..facts()
        }),
        ["SYMBOL-DAMAGE-MARGIN"]
    );
    assert_eq!(
        rule_codes(SymbolReport {
            unused_error_correction: Some(0.5),
            ..facts()
        }),
        Vec::<&str>::new()
    );
    assert_eq!(
        rule_codes(SymbolReport {
            quiet_zone: Some(3.0),
            ..facts()
        }),
        ["SYMBOL-QUIET-ZONE"]
    );
    assert_eq!(
        rule_codes(SymbolReport {
            quiet_zone: Some(3.5),
            ..facts()
        }),
        Vec::<&str>::new()
    );
    assert_eq!(
        rule_codes(SymbolReport {
            quiet_zone: Some(1.0),
            quiet_zone_cut: true,
            ..facts()
        }),
        Vec::<&str>::new()
    );
    assert_eq!(
        rule_codes(SymbolReport {
            contrast: Some(0.49),
            ..facts()
        }),
        ["SYMBOL-CONTRAST"]
    );
    assert_eq!(
        rule_codes(SymbolReport {
            inverted: true,
            ..facts()
        }),
        ["SYMBOL-INVERTED"]
    );
    assert_eq!(
        rule_codes(SymbolReport {
            ec_level: Some("Q"),
            ..facts()
        }),
        ["SYMBOL-ECC-LEVEL"]
    );
    assert_eq!(
        rule_codes(SymbolReport {
            version: Some(14),
            ..facts()
        }),
        ["SYMBOL-VERSION"]
    );
    assert_eq!(
        rule_codes(SymbolReport {
            eci: Some(3),
            ..facts()
        }),
        ["SYMBOL-ECI-MISMATCH"]
    );
    assert_eq!(
        rule_codes(SymbolReport {
            eci: Some(26),
            ..facts()
        }),
        Vec::<&str>::new()
    );
    assert_eq!(
        rule_codes(SymbolReport {
            modes: vec!["eci", "byte", "numeric"],
            ..facts()
        }),
        ["SYMBOL-MODE"]
    );
}

#[test]
fn print_size_rules_need_millimetres() {
    use giroscope::check::symbol::check_print_size;
    let codes = |module_mm: Option<f32>, size: usize| -> Vec<&'static str> {
        check_print_size(&SymbolReport {
            module_mm,
            size: Some(size),
            ..facts()
        })
        .iter()
        .map(|f| f.rule.code)
        .collect()
    };
    assert_eq!(
        codes(None, 25),
        Vec::<&str>::new(),
        "photos have no millimetres"
    );
    assert_eq!(
        codes(Some(0.5), 41),
        Vec::<&str>::new(),
        "version 6 at 0.5 mm: 24.5 mm wide"
    );
    assert_eq!(
        codes(Some(0.33), 41),
        ["SYMBOL-PRINT-TOO-SMALL"],
        "16.2 mm wide"
    );
    assert_eq!(codes(Some(0.42), 41), Vec::<&str>::new(), "20.6 mm wide");
    assert_eq!(codes(Some(0.32), 41), ["SYMBOL-MODULE-TOO-SMALL"]);
    assert_eq!(
        codes(Some(0.35), 25),
        ["SYMBOL-PRINT-TOO-SMALL"],
        "version 2 at 0.35 mm: 11.6 mm wide"
    );
}

#[test]
fn damage_margin_message_speaks_plainly() {
    let findings = check(
        &SymbolReport {
            unused_error_correction: Some(0.12),
            ..facts()
        },
        None,
        false,
    );
    let message = findings[0].message(giroscope::Lang::En);
    assert!(
        message.starts_with("The code survives only 12 % more damage: 88 %"),
        "{message}"
    );
}

/// What giroscope's own measurements predict for app-class readers (calibrated against the
/// panel of `examples/panel.rs`), and the logo finding, one case a line.
#[test]
fn readability_rules_on_facts() {
    use giroscope::check::symbol::Patch;
    let logo = |share: f32| {
        Some(Patch {
            share,
            central: true,
        })
    };
    #[rustfmt::skip]
    let cases: Vec<(&str, SymbolReport, &[&str])> = vec![
        ("clean", facts(), &[]),
        ("SYMBOL-LOGO replaces SYMBOL-DAMAGE-MARGIN", SymbolReport { patch: logo(0.07), unused_error_correction: Some(0.36), ..facts() }, &["SYMBOL-LOGO"]),
        ("SYMBOL-LOGO with reserve to spare", SymbolReport { patch: logo(0.02), unused_error_correction: Some(0.82), ..facts() }, &["SYMBOL-LOGO"]),
        ("SYMBOL-APPS-FAIL logo using up the error correction", SymbolReport { patch: logo(0.09), unused_error_correction: Some(0.0), ..facts() }, &["SYMBOL-LOGO", "SYMBOL-APPS-FAIL"]),
        ("SYMBOL-APPS-FAIL finder pattern scratched", SymbolReport { finder_damage: Some(0.55), ..facts() }, &["SYMBOL-APPS-FAIL"]),
        ("SYMBOL-APPS-STRUGGLE finder pattern spotted", SymbolReport { finder_damage: Some(0.18), ..facts() }, &["SYMBOL-APPS-STRUGGLE"]),
        ("no finding for a finder pattern's anti-aliased edges", SymbolReport { finder_damage: Some(0.11), ..facts() }, &[]),
        ("SYMBOL-APPS-STRUGGLE finder pattern guessed under a spot", SymbolReport { finder_guessed: true, ..facts() }, &["SYMBOL-APPS-STRUGGLE"]),
        ("SYMBOL-APPS-FAIL finder pattern guessed under a crease", SymbolReport { finder_guessed: true, crease: true, ..facts() }, &["SYMBOL-APPS-FAIL"]),
        ("SYMBOL-APPS-FAIL finder pattern guessed, another damaged", SymbolReport { finder_guessed: true, finder_damage: Some(0.18), ..facts() }, &["SYMBOL-APPS-FAIL"]),
        ("SYMBOL-APPS-STRUGGLE-PHOTO blurred", SymbolReport { unclear_modules: Some(0.15), ..facts() }, &["SYMBOL-APPS-STRUGGLE-PHOTO"]),
        ("SYMBOL-APPS-FAIL-PHOTO very blurred", SymbolReport { unclear_modules: Some(0.35), ..facts() }, &["SYMBOL-APPS-FAIL-PHOTO"]),
        ("SYMBOL-APPS-FAIL-PHOTO read only by a hard step", SymbolReport { step: "region-threshold", ..facts() }, &["SYMBOL-APPS-FAIL-PHOTO"]),
        ("SYMBOL-APPS-FAIL a generator's picture read only by a hard step", SymbolReport { step: "region-upscaled", contrast: Some(0.98), ..facts() }, &["SYMBOL-APPS-FAIL"]),
        ("SYMBOL-APPS-STRUGGLE-PHOTO read first by the fitted resampling", SymbolReport { step: "resampled", ..facts() }, &["SYMBOL-APPS-STRUGGLE-PHOTO"]),
        ("SYMBOL-APPS-STRUGGLE a generator's picture read first by the resampling", SymbolReport { step: "resampled", contrast: Some(0.98), ..facts() }, &["SYMBOL-APPS-STRUGGLE"]),
        ("SYMBOL-APPS-FAIL-PHOTO resampled and very blurred", SymbolReport { step: "resampled", unclear_modules: Some(0.35), ..facts() }, &["SYMBOL-APPS-FAIL-PHOTO"]),
        ("SYMBOL-APPS-STRUGGLE blurred generator's picture is the print", SymbolReport { unclear_modules: Some(0.15), contrast: Some(0.98), ..facts() }, &["SYMBOL-APPS-STRUGGLE"]),
        ("SYMBOL-APPS-FAIL-PHOTO blur explains the finder damage", SymbolReport { unclear_modules: Some(0.25), finder_damage: Some(0.2), step: "region-sharpened", ..facts() }, &["SYMBOL-APPS-FAIL-PHOTO"]),
        ("SYMBOL-APPS-FAIL scratch on a blurred photo is the print", SymbolReport { unclear_modules: Some(0.15), finder_guessed: true, crease: true, ..facts() }, &["SYMBOL-APPS-FAIL"]),
        ("SYMBOL-APPS-FAIL error correction used up", SymbolReport { unused_error_correction: Some(0.0), ..facts() }, &["SYMBOL-DAMAGE-MARGIN", "SYMBOL-APPS-FAIL"]),
        ("no app finding for reserve the panel still reads", SymbolReport { unused_error_correction: Some(0.09), ..facts() }, &["SYMBOL-DAMAGE-MARGIN"]),
        ("no app finding for faint print read by a stretched picture", SymbolReport { contrast: Some(0.14), step: "stretched", ..facts() }, &["SYMBOL-CONTRAST"]),
    ];
    for (name, symbol, expected) in cases {
        assert_eq!(rule_codes(symbol), expected, "{name}");
    }
}

#[test]
fn every_hard_step_is_a_ladder_step() {
    use giroscope::check::symbol::{HARD_STEPS, RESAMPLED};
    for name in HARD_STEPS.iter().chain([&RESAMPLED]) {
        assert!(
            giroscope::decode::LADDER.iter().any(|s| s.name == *name),
            "{name}"
        );
    }
}

#[test]
fn logo_and_app_findings_speak_plainly() {
    let logo = check(
        &SymbolReport {
            patch: Some(giroscope::check::symbol::Patch {
                share: 0.072,
                central: true,
            }),
            unused_error_correction: Some(0.36),
            ..facts()
        },
        None,
        false,
    );
    assert_eq!(
        logo[0].message(giroscope::Lang::En),
        "A logo, picture or blot covers 7 % of the code (in its centre) and uses 64 % of its error correction."
    );
    let apps = check(
        &SymbolReport {
            finder_damage: Some(0.55),
            unclear_modules: Some(0.15),
            contrast: Some(0.98),
            ..facts()
        },
        None,
        false,
    );
    assert_eq!(
        apps[0].message(giroscope::Lang::De),
        "Banking-Apps werden diesen Code kaum lesen: ein Quadrat in den Ecken (Suchmuster) ist zu 55 % beschädigt; 15 % der Module sind unscharf."
    );
}

/// Where the repaired modules lie: one patch (SYMBOL-LOGO) or one line (a crease), one case a
/// line, on a 45-module symbol.
#[test]
fn symbol_logo_patch_and_crease_from_repaired_modules() {
    use giroscope::check::symbol::{crease, patch};
    const SIZE: usize = 45;
    let map = |wrong: &dyn Fn(usize, usize) -> bool| -> Vec<bool> {
        (0..SIZE * SIZE)
            .map(|i| wrong(i % SIZE, i / SIZE))
            .collect()
    };
    // A logo 9 modules wide in the middle hides every other module under it.
    let logo = map(&|x, y| (18..27).contains(&x) && (18..27).contains(&y) && (x + y) % 2 == 0);
    let corner_blot = map(&|x, y| (2..8).contains(&x) && (30..36).contains(&y) && (x * y) % 3 == 0);
    let scattered = map(&|x, y| (x * 7 + y * 13) % 61 == 0);
    let diagonal = map(&|x, y| x == y && x % 2 == 0);
    let few = map(&|x, y| x == 20 && (20..24).contains(&y));
    /// Name, repaired modules, the patch (share in %, central) and whether it is a crease.
    type Case<'a> = (&'a str, &'a [bool], Option<(u32, bool)>, bool);
    #[rustfmt::skip]
    let cases: &[Case] = &[
        ("SYMBOL-LOGO a logo in the centre", &logo, Some((4, true)), false),
        ("SYMBOL-LOGO a blot off the centre", &corner_blot, Some((2, false)), false),
        ("no patch: spots everywhere", &scattered, None, false),
        ("crease: along one line", &diagonal, None, true),
        ("nothing said about four modules", &few, None, false),
    ];
    for &(name, wrong, expected_patch, expected_crease) in cases {
        let found = patch(wrong, SIZE).map(|p| ((p.share * 100.0).round() as u32, p.central));
        assert_eq!(found, expected_patch, "{name}");
        assert_eq!(crease(wrong, SIZE), expected_crease, "{name}");
    }
}
