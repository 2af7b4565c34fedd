//! The readability verdict on print defects (`tests/support/defects.rs`, the pictures the
//! calibration panel of `examples/panel.rs` reads), and faint prints read where zxing-cpp reads
//! them: one case a line, named for the rule it shows.

use giroscope::{Options, Readability, verify};

use crate::defects::{Defect, PAYLOAD, picture};
use crate::notice::{
    Page, PageStyle, PhotoParams, PlacedCode, QrSpec, jpeg_with_exif_orientation, phone_photo,
};
use crate::util::png;

/// The code's readability and finding codes, or `None` when no code was read.
fn verdict(bytes: &[u8]) -> Option<(Readability, Vec<&'static str>)> {
    let verified = verify(bytes, &Options::default()).expect("a picture");
    let code = verified
        .codes
        .iter()
        .find(|c| c.payload.as_bytes() == PAYLOAD.as_bytes())?;
    Some((code.readability, code.codes()))
}

#[test]
fn print_defects_get_the_panels_readability() {
    use Defect::*;
    use Readability::{Green, Red, Yellow};
    #[rustfmt::skip]
    let cases: &[(&str, &[Defect], Readability, &[&str])] = &[
        ("clean: nothing to say", &[], Green, &[]),
        ("SYMBOL-CONTRAST grey 220 ink, read by every panel reader", &[Faint { ink: 220, paper: 255 }], Green, &["SYMBOL-CONTRAST"]),
        ("SYMBOL-CONTRAST grey 200 ink", &[Faint { ink: 200, paper: 255 }], Green, &["SYMBOL-CONTRAST"]),
        ("SYMBOL-CONTRAST grey 150 on grey 200 paper", &[Faint { ink: 150, paper: 200 }], Green, &["SYMBOL-CONTRAST"]),
        ("SYMBOL-CONTRAST grey 190 ink, blurred", &[Faint { ink: 190, paper: 255 }, Blur(1.5)], Green, &["SYMBOL-CONTRAST"]),
        ("SYMBOL-LOGO 25 % wide, read by every panel reader", &[Logo(0.25)], Green, &["SYMBOL-LOGO"]),
        ("SYMBOL-LOGO 30 % wide", &[Logo(0.30)], Green, &["SYMBOL-LOGO"]),
        ("SYMBOL-APPS-STRUGGLE ink spot over a finder pattern", &[Spots(0.01)], Yellow, &["SYMBOL-APPS-STRUGGLE"]),
        ("SYMBOL-APPS-FAIL ink spots using up the error correction", &[Spots(0.05)], Red, &["SYMBOL-DAMAGE-MARGIN", "SYMBOL-APPS-FAIL"]),
        ("SYMBOL-APPS-FAIL scratch over a finder pattern, read by no panel reader", &[Scratch(0.5)], Red, &["SYMBOL-APPS-FAIL"]),
        ("SYMBOL-APPS-STRUGGLE-PHOTO blur 2 px on 6-px modules", &[Blur(2.0)], Yellow, &["SYMBOL-APPS-STRUGGLE-PHOTO"]),
        ("SYMBOL-APPS-FAIL-PHOTO blur 3 px, read by one panel reader", &[Blur(3.0)], Red, &["SYMBOL-APPS-FAIL-PHOTO"]),
    ];
    for &(name, defects, readability, codes) in cases {
        let got = verdict(&png(&picture(defects)));
        assert_eq!(got, Some((readability, codes.to_vec())), "{name}");
    }
}

#[test]
fn symbol_logo_names_share_and_error_correction() {
    let verified = verify(&png(&picture(&[Defect::Logo(0.25)])), &Options::default()).unwrap();
    let finding = verified.codes[0]
        .findings
        .iter()
        .find(|f| f.rule.code == "SYMBOL-LOGO")
        .expect("SYMBOL-LOGO");
    let message = finding.message(giroscope::Lang::En);
    assert!(
        message.starts_with(
            "A logo, picture or blot covers 7 % of the code (in its centre) and uses 64 %"
        ),
        "{message}"
    );
}

/// The small code of a whole notice photographed at arm's length (3.6 MP, modules of 3 to 4
/// px), printed with faded toner (grey 150 on paper 250): zxing-cpp reads these photos, and
/// so must giroscope, naming the contrast.
#[test]
fn symbol_contrast_faint_notice_at_arms_length_is_read() {
    let spec = QrSpec::new(PAYLOAD.as_bytes(), qrcode::EcLevel::M);
    #[rustfmt::skip]
    let cases: &[(&str, f32, u64, f32)] = &[
        ("0.45 mm modules, 3 px in the photo", 0.45, 0, 0.8),
        ("0.45 mm modules, shakier", 0.45, 1, 1.1),
        ("0.6 mm modules, 4 px in the photo", 0.6, 0, 0.8),
    ];
    for &(name, module_mm, seed, blur_sigma) in cases {
        let code = PlacedCode::new(&spec, 140.0, 222.0, module_mm).unwrap();
        let style = PageStyle {
            low_contrast: true,
            ..PageStyle::default()
        };
        let page = Page::a4(200, &[code], style);
        let params = PhotoParams {
            seed,
            blur_sigma,
            ..PhotoParams::typical(1650, 2200)
        };
        let photo = phone_photo(&page.image, 1650, 2200, params);
        let jpeg = jpeg_with_exif_orientation(&photo, 85, 1);
        let (_, codes) = verdict(&jpeg).unwrap_or_else(|| panic!("{name}: not read"));
        assert!(codes.contains(&"SYMBOL-CONTRAST"), "{name}: {codes:?}");
    }
}
