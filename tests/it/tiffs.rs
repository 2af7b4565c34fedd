//! Multi-page TIFF scans, as office scanners write a stack of notices: every page is read and
//! reported like a PDF page, within the page and pixel limits.

use std::io::Cursor;

use giroscope::{Limits, Options, verify};
use image::GrayImage;
use tiff::encoder::{Compression, Rational, TiffEncoder, colortype};
use tiff::tags::ResolutionUnit;

use crate::util::{draw, white, with_lines};

/// A TIFF with one greyscale page per image, LZW-compressed, declaring `dpi` if given.
fn tiff(pages: &[GrayImage], dpi: Option<u32>) -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    let mut encoder = TiffEncoder::new(&mut bytes)
        .expect("encoder")
        .with_compression(Compression::Lzw);
    for page in pages {
        let mut image = encoder
            .new_image::<colortype::Gray8>(page.width(), page.height())
            .expect("page");
        if let Some(dpi) = dpi {
            image.resolution(ResolutionUnit::Inch, Rational { n: dpi, d: 1 });
        }
        image.write_data(page.as_raw()).expect("page data");
    }
    bytes.into_inner()
}

/// A notice page with a code for Kassenzeichen `number` at (x, y) px, 4 px a module.
fn notice(number: u32, x: u32, y: u32) -> GrayImage {
    let mut page = white(600, 800);
    let text = format!("Kassenzeichen 5.1234.{number:06}.1");
    draw(&mut page, &with_lines(&[(11, &text)]), x, y, 4);
    page
}

#[test]
fn every_page_of_a_scan_is_read_and_numbered() {
    let bytes = tiff(
        &[notice(1, 300, 500), white(600, 800), notice(3, 40, 40)],
        Some(300),
    );
    let verified = verify(&bytes, &Options::default()).expect("checkable");
    assert_eq!(verified.pages, Some(3));
    let pages: Vec<Option<usize>> = verified.codes.iter().map(|c| c.page).collect();
    assert_eq!(pages, [Some(1), Some(3)], "page 2 is blank");
    let findings: Vec<(&str, Option<usize>)> = verified
        .findings
        .iter()
        .map(|f| (f.rule.code, f.page))
        .collect();
    assert_eq!(findings, [("TIFF-PAGE-NO-CODE", Some(2))]);
    assert!(!verified.valid(), "a page without its code fails the scan");
    let texts: Vec<&str> = verified
        .codes
        .iter()
        .filter_map(|c| c.fields.text.as_deref())
        .collect();
    assert_eq!(
        texts,
        [
            "Kassenzeichen 5.1234.000001.1",
            "Kassenzeichen 5.1234.000003.1"
        ]
    );
    // 300 dpi declared: 4 px a module is 0.34 mm, and the code on page 1 sits at
    // 300 + 4 modules of quiet zone = 316 px = 26.8 mm from the left.
    let symbol = verified.codes[0].symbol.as_ref().expect("symbol");
    let module = symbol
        .module_mm
        .expect("millimetres from the declared resolution");
    assert!((module - 4.0 * 25.4 / 300.0).abs() < 0.01, "{module}");
    let (x, y) = symbol.position_mm.expect("position");
    assert!(
        (x - 316.0 * 25.4 / 300.0).abs() < 0.5 && (y - 516.0 * 25.4 / 300.0).abs() < 0.5,
        "{x}/{y}"
    );
}

#[test]
fn a_scan_without_a_declared_resolution_has_pages_but_no_millimetres() {
    let bytes = tiff(&[notice(1, 40, 40), notice(2, 40, 40)], None);
    let verified = verify(&bytes, &Options::default()).expect("checkable");
    assert_eq!(verified.pages, Some(2));
    assert!(verified.valid());
    for code in &verified.codes {
        let symbol = code.symbol.as_ref().expect("symbol");
        assert!(code.page.is_some() && symbol.module_mm.is_none());
    }
}

#[test]
fn a_single_page_tiff_stays_an_image() {
    let verified =
        verify(&tiff(&[notice(1, 40, 40)], Some(300)), &Options::default()).expect("checkable");
    assert_eq!(
        (verified.pages, verified.image_size),
        (None, Some((600, 800)))
    );
    assert_eq!(verified.codes[0].page, None);
}

#[test]
fn page_and_pixel_limits_apply_page_by_page() {
    let pages = [notice(1, 40, 40), notice(2, 40, 40), notice(3, 40, 40)];
    let options = |limits: Limits| Options {
        limits,
        ..Options::default()
    };
    // Pages: at the limit and one past it, refused before any page is decoded.
    let three = tiff(&pages, None);
    let at = Limits {
        max_pages: 3,
        ..Limits::default()
    };
    assert!(verify(&three, &options(at)).is_ok());
    let past = Limits {
        max_pages: 2,
        ..Limits::default()
    };
    let error = verify(&three, &options(past)).expect_err("too many pages");
    assert_eq!(error.code(), "INPUT-TOO-MANY-PAGES");
    assert_eq!(error.to_string(), "the TIFF file has 3 pages, limit is 2");
    // Pixels: a page over the budget is a page finding; the other pages are still read.
    let mut large = white(900, 800);
    draw(&mut large, &with_lines(&[]), 40, 40, 4);
    let mixed = tiff(&[notice(1, 40, 40), large], None);
    let budget = Limits {
        max_pixels: 600 * 800,
        ..Limits::default()
    };
    let verified = verify(&mixed, &options(budget)).expect("checkable");
    assert_eq!(verified.codes.len(), 1);
    let finding = &verified.findings[0];
    assert_eq!(
        (finding.rule.code, finding.page),
        ("TIFF-PAGE-TOO-LARGE", Some(2))
    );
    assert_eq!(
        finding.message(giroscope::Lang::En),
        "Page 2 of the scan has 900×800 pixels; the limit is 480000."
    );
}

#[test]
fn a_damaged_page_is_reported_and_the_others_read() {
    let mut bytes = tiff(&[notice(1, 40, 40), notice(2, 40, 40)], None);
    // Overwrite the compressed data of page 2 with bytes that are no LZW stream.
    let mut decoder = tiff::decoder::Decoder::new(Cursor::new(&bytes)).expect("decoder");
    decoder.seek_to_image(1).expect("page 2");
    let offset = decoder
        .find_tag_unsigned_vec::<u64>(tiff::tags::Tag::StripOffsets)
        .expect("tag")
        .expect("strips")[0] as usize;
    bytes[offset..offset + 64].fill(0xFF);
    let verified = verify(&bytes, &Options::default()).expect("checkable");
    assert_eq!(verified.codes.len(), 1);
    let findings: Vec<(&str, Option<usize>)> = verified
        .findings
        .iter()
        .map(|f| (f.rule.code, f.page))
        .collect();
    assert_eq!(findings, [("TIFF-PAGE-DAMAGED", Some(2))]);
}

#[test]
fn a_page_directory_cycle_is_a_damaged_file() {
    // A two-page TIFF whose second directory links back to the first.
    let mut bytes = tiff(&[white(50, 50), white(50, 50)], None);
    let first = u32::from_le_bytes(bytes[4..8].try_into().expect("4 bytes")) as usize;
    let entries = u16::from_le_bytes([bytes[first], bytes[first + 1]]) as usize;
    let link = first + 2 + entries * 12;
    let second = u32::from_le_bytes(bytes[link..link + 4].try_into().expect("4 bytes")) as usize;
    let entries = u16::from_le_bytes([bytes[second], bytes[second + 1]]) as usize;
    let back = second + 2 + entries * 12;
    bytes[back..back + 4].copy_from_slice(&(first as u32).to_le_bytes());
    let error = verify(&bytes, &Options::default()).expect_err("a cycle");
    assert_eq!(error.code(), "INPUT-CORRUPT", "{error}");
}

#[test]
fn a_g4_scan_as_office_scanners_write_it() {
    let bytes = std::fs::read(crate::util::sample("scans/scan-3-pages-g4.tif")).expect("sample");
    let verified = verify(&bytes, &Options::default()).expect("checkable");
    assert_eq!(verified.pages, Some(3));
    let read: Vec<(Option<usize>, bool)> =
        verified.codes.iter().map(|c| (c.page, c.valid)).collect();
    assert_eq!(read, [(Some(1), true), (Some(2), true)]);
    let findings: Vec<(&str, Option<usize>)> = verified
        .findings
        .iter()
        .map(|f| (f.rule.code, f.page))
        .collect();
    assert_eq!(findings, [("TIFF-PAGE-NO-CODE", Some(3))]);
    // The code sits 150/230 mm from the page corner, 1650/2600 px at 300 dpi before the crop.
    let (x, y) = verified.codes[0]
        .symbol
        .as_ref()
        .and_then(|s| s.position_mm)
        .expect("mm");
    let expected = (150.0 - 1650.0 * 25.4 / 300.0, 230.0 - 2600.0 * 25.4 / 300.0);
    assert!(
        (x - expected.0).abs() < 0.3 && (y - expected.1).abs() < 0.3,
        "{x}/{y} vs {expected:?}"
    );
}

#[test]
fn a_destroyed_code_on_a_scanned_page_is_found_but_unreadable() {
    let spec = crate::notice::QrSpec::new(with_lines(&[]), qrcode::EcLevel::M);
    let (size, mut modules) = crate::notice::qr_modules(&spec).expect("encodable");
    // Scramble the data area between the finder patterns: located, not decodable.
    for y in 10..size - 9 {
        for x in 10..size - 9 {
            modules[y * size + x] = (x * 7 + y * 3) % 5 < 2;
        }
    }
    let mut destroyed = white(600, 800);
    crate::util::draw_modules(&mut destroyed, size, &modules, 40, 40, 4);
    let bytes = tiff(&[notice(1, 40, 40), destroyed], None);
    let verified = verify(&bytes, &Options::default()).expect("checkable");
    let findings: Vec<(&str, Option<usize>)> = verified
        .findings
        .iter()
        .map(|f| (f.rule.code, f.page))
        .collect();
    assert_eq!(findings, [("TIFF-PAGE-UNREADABLE-CODE", Some(2))]);
}

#[test]
fn a_scanned_page_cut_short_by_the_safety_net_is_reported_not_half_read() {
    let options = Options {
        limits: Limits {
            max_decode_time: std::time::Duration::ZERO,
            ..Limits::default()
        },
        ..Options::default()
    };
    let bytes = tiff(&[notice(1, 40, 40), notice(2, 80, 120)], Some(300));
    let verified = verify(&bytes, &options).expect("checkable");
    assert!(verified.codes.is_empty(), "nothing half-read is reported");
    let findings: Vec<(&str, Option<usize>)> = verified
        .findings
        .iter()
        .map(|f| (f.rule.code, f.page))
        .collect();
    assert_eq!(
        findings,
        [
            ("TIFF-PAGE-TIMEOUT", Some(1)),
            ("TIFF-PAGE-TIMEOUT", Some(2))
        ]
    );
}
