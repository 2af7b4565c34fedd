use giroscope::{Limits, Options, verify};

use crate::util::sample;

fn read(name: &str) -> Vec<u8> {
    std::fs::read(sample(&format!("pdf/{name}"))).expect("PDF sample")
}

/// A PDF of `pages` empty pages with the given media box.
fn pdf_with_page(width_pt: u32, height_pt: u32, pages: usize) -> Vec<u8> {
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 3 + i)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        ),
    ];
    let page = format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width_pt} {height_pt}] >>");
    objects.extend(std::iter::repeat_n(page, pages));
    crate::pdf::raw_pdf(&objects)
}

#[test]
fn a_notice_run_is_read_page_by_page() {
    let verified = verify(&read("notices.pdf"), &Options::default()).expect("checkable");
    assert_eq!(verified.pages, Some(6));
    let pages: Vec<Option<usize>> = verified.codes.iter().map(|c| c.page).collect();
    assert_eq!(
        pages,
        [Some(1), Some(2), Some(3), Some(5), Some(6)],
        "page 4 has no code; order is page order"
    );
    let page_findings: Vec<(&str, Option<&str>)> = verified
        .findings
        .iter()
        .map(|f| (f.rule.code, f.param("page")))
        .collect();
    assert_eq!(page_findings, [("PDF-PAGE-NO-CODE", Some("4"))]);
    for code in &verified.codes {
        let symbol = code.symbol.as_ref().expect("symbol facts");
        let (x, y) = symbol.position_mm.expect("position on the page");
        assert!(
            (x - 150.0).abs() < 0.3 && (y - 230.0).abs() < 0.3,
            "page {:?} at {x}/{y} mm",
            code.page
        );
        let expected_module = if code.page == Some(5) { 0.25 } else { 0.5 };
        let module = symbol.module_mm.expect("module size in mm");
        assert!(
            (module - expected_module).abs() < 0.01,
            "page {:?}: {module} mm",
            code.page
        );
        assert!(
            symbol.quiet_zone_mm.is_some_and(|q| q >= 2.0),
            "{:?}",
            symbol.quiet_zone_mm
        );
    }
    let small = verified
        .codes
        .iter()
        .find(|c| c.page == Some(5))
        .expect("page 5");
    // The run is drawn without text: nothing to compare the code with, as information.
    assert_eq!(small.codes(), ["SYMBOL-MODULE-TOO-SMALL", "NOTICE-NO-TEXT"]);
    let raster = verified
        .codes
        .iter()
        .find(|c| c.page == Some(3))
        .expect("page 3, a raster code");
    assert!(raster.valid);
}

#[test]
fn encryption_and_damage() {
    let verified =
        verify(&read("encrypted-empty-password.pdf"), &Options::default()).expect("opens");
    assert!(verified.valid());
    for (name, code) in [
        ("password-protected.pdf", "INPUT-PASSWORD"),
        ("truncated.pdf", "INPUT-CORRUPT"),
    ] {
        let error = verify(&read(name), &Options::default()).expect_err(name);
        assert_eq!(error.code(), code, "{name}: {error}");
    }
}

#[test]
fn pages_and_pixels_are_limited_before_rendering() {
    // 14,400 pt (5 m) square: at 300 dpi 3.6 gigapixels. Refused from its geometry, at once.
    let huge = pdf_with_page(14_400, 14_400, 1);
    let started = std::time::Instant::now();
    let verified = verify(&huge, &Options::default()).expect("the document opens");
    assert!(
        started.elapsed().as_millis() < 1000,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(verified.findings[0].rule.code, "PDF-PAGE-TOO-LARGE");
    assert_eq!(verified.findings[0].param("width_mm"), Some("5080"));
    assert!(!verified.valid());
    // An empty A4 page is a page without a code.
    let empty = verify(&pdf_with_page(595, 842, 1), &Options::default()).expect("opens");
    assert_eq!(empty.findings[0].rule.code, "PDF-PAGE-NO-CODE");
    // Page count, at the limit and one past it.
    let limits = Limits {
        max_pages: 3,
        ..Limits::default()
    };
    let options = Options {
        limits,
        ..Options::default()
    };
    assert!(verify(&pdf_with_page(100, 100, 3), &options).is_ok());
    let error = verify(&pdf_with_page(100, 100, 4), &options).expect_err("too many pages");
    assert_eq!(error.code(), "INPUT-TOO-MANY-PAGES");
}

#[test]
fn resolution_is_an_option() {
    let options = Options {
        dpi: 200.0,
        ..Options::default()
    };
    let verified = verify(&read("single-notice.pdf"), &options).expect("checkable");
    let symbol = verified.codes[0].symbol.as_ref().expect("symbol");
    assert!(
        (symbol.module_mm.expect("mm") - 0.5).abs() < 0.02,
        "millimetres do not depend on dpi"
    );
    assert!((symbol.module_px.expect("px") - 0.5 / 25.4 * 200.0).abs() < 0.2);
}

#[test]
fn a_destroyed_code_on_a_page_is_found_but_unreadable() {
    use crate::pdf::{CodeSpec, PageSpec, notice_pdf};
    let payment = crate::pdf_notices::single_payment();
    let mut code = crate::pdf_notices::girocode(&payment, 0.5, false);
    // Overwrite most of the data area between the finder patterns; finders, timing and format
    // information stay, so the symbol is located but cannot be decoded.
    let size = code.size;
    for y in 10..size - 9 {
        for x in 10..size - 9 {
            code.modules[y * size + x] = (x * 7 + y * 3) % 5 < 2;
        }
    }
    let bytes = notice_pdf(&[PageSpec {
        codes: vec![CodeSpec { ..code }],
        clutter: true,
        rotate: 0,
    }]);
    let verified = verify(&bytes, &Options::default()).expect("opens");
    let findings: Vec<(&str, Option<&str>)> = verified
        .findings
        .iter()
        .map(|f| (f.rule.code, f.param("page")))
        .collect();
    assert_eq!(findings, [("PDF-PAGE-UNREADABLE-CODE", Some("1"))]);
}

#[test]
fn a_pdf_of_a_hundred_thousand_pages_is_refused_before_rendering() {
    // 100,000 distinct empty pages (6.6 MB), four times the default page limit.
    let bytes = pdf_with_page(595, 842, 100_000);
    let started = std::time::Instant::now();
    let error = verify(&bytes, &Options::default()).expect_err("too many pages");
    assert_eq!(error.code(), "INPUT-TOO-MANY-PAGES");
    assert!(error.to_string().contains("100000"), "{error}");
    assert!(started.elapsed().as_secs() < 3, "{:?}", started.elapsed());
}

/// A PDF of `pages` A4 pages that all show the same content stream (and annotations, if any).
fn pdf_with_content(content: &str, annotations: bool, pages: usize) -> Vec<u8> {
    let annots = if annotations {
        "/Annots [<< /Type /Annot /Subtype /Square /Rect [10 10 100 100] >>] "
    } else {
        ""
    };
    crate::pdf::same_pages_pdf(pages, content, annots)
}

#[test]
fn a_page_that_draws_nothing_is_known_without_rendering() {
    // (content stream, annotations, draws nothing)
    let cases = [
        ("", false, true),
        ("% a comment only", false, true),
        ("q 1 0 0 1 50 50 cm Q", false, true),
        ("0 0 m 100 100 l n", false, true),
        ("0 0 100 100 re W n", false, true),
        ("0 g 0 0 100 100 re f", false, false),
        ("0 0 m 100 100 l S", false, false),
        ("0 0 100 100 re f*", false, false),
        ("BT /F1 12 Tf 72 700 Td (Kassenzeichen) Tj ET", false, false),
        ("BT /F1 12 Tf [(A) 120 (B)] TJ ET", false, false),
        ("/Im0 Do", false, false),
        ("/Sh0 sh", false, false),
        ("BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI", false, false),
        ("", true, false),
    ];
    for (content, annotations, blank) in cases {
        let bytes = pdf_with_content(content, annotations, 1);
        let document = giroscope::pdf::Document::open(&bytes, &Limits::default()).expect("opens");
        assert_eq!(document.draws_nothing(0), blank, "{content:?}");
    }
}

#[test]
fn twenty_thousand_blank_pages_are_no_code_in_moments() {
    // The page bomb: 20,000 pages that draw nothing. Rendered at 300 dpi they took
    // minutes; now each is "no code" from its content stream alone.
    let bytes = pdf_with_content("", false, 20_000);
    let started = std::time::Instant::now();
    let verified = verify(&bytes, &Options::default()).expect("checkable");
    let elapsed = started.elapsed();
    assert_eq!(verified.pages, Some(20_000));
    assert_eq!(verified.findings.len(), 20_000);
    assert!(
        verified
            .findings
            .iter()
            .all(|f| f.rule.code == "PDF-PAGE-NO-CODE")
    );
    // A safety net, not a benchmark: rendering alone would take over 5 minutes here.
    assert!(elapsed.as_secs() < 10, "{elapsed:?}");
}

#[test]
fn the_document_pixel_budget_counts_pages_that_draw() {
    let a4 = 2480 * 3507; // one A4 page at 300 dpi
    let options = |pages: u64| Options {
        limits: Limits {
            max_pdf_pixels: pages * a4,
            ..Limits::default()
        },
        ..Options::default()
    };
    let drawn = pdf_with_content("0 g 10 10 5 5 re f", false, 3);
    assert!(verify(&drawn, &options(3)).is_ok(), "at the budget");
    let error = verify(&drawn, &options(2)).expect_err("one page past the budget");
    assert_eq!(error.code(), "INPUT-TOO-MANY-PIXELS");
    assert_eq!(
        error.to_string(),
        "the PDF's 3 pages with content need 26.1 megapixels at 300 dpi, limit is 17.4 megapixels per document"
    );
    assert!(
        error
            .message(giroscope::Lang::De)
            .contains("Megapixel je Dokument")
    );
    // Blank pages are not rendered, so they cost nothing.
    let blank = pdf_with_content("", false, 3);
    assert!(verify(&blank, &options(0)).is_ok());
}

#[test]
fn position_is_the_box_corner_a_ruler_measures_on_turned_pages() {
    use crate::pdf::{PageSpec, notice_pdf};
    use crate::pdf_notices::{CODE_X_MM, CODE_Y_MM, MODULE_MM, girocode, single_payment};
    let code = girocode(&single_payment(), MODULE_MM, false);
    let side = code.size as f32 * MODULE_MM;
    // A4 portrait is 210 × 297 mm; /Rotate turns the displayed page clockwise.
    let (w, h) = (210.0, 297.0);
    for (rotate, expected) in [
        (0, (CODE_X_MM, CODE_Y_MM)),
        (90, (h - CODE_Y_MM - side, CODE_X_MM)),
        (180, (w - CODE_X_MM - side, h - CODE_Y_MM - side)),
        (270, (CODE_Y_MM, w - CODE_X_MM - side)),
    ] {
        let bytes = notice_pdf(&[PageSpec {
            codes: vec![code.clone()],
            clutter: true,
            rotate,
        }]);
        let verified = verify(&bytes, &Options::default()).expect("opens");
        let symbol = verified.codes[0].symbol.as_ref().expect("symbol");
        let (x, y) = symbol.position_mm.expect("position");
        assert!(
            (x - expected.0).abs() < 0.3 && (y - expected.1).abs() < 0.3,
            "/Rotate {rotate}: {x}/{y} mm, expected {expected:?}"
        );
    }
}

#[test]
fn a_page_cut_short_by_the_safety_net_is_reported_not_half_read() {
    let options = Options {
        limits: Limits {
            max_decode_time: std::time::Duration::ZERO,
            ..Limits::default()
        },
        ..Options::default()
    };
    let verified = verify(&read("notices.pdf"), &options).expect("checkable");
    assert!(verified.codes.is_empty());
    let findings: Vec<(&str, Option<&str>)> = verified
        .findings
        .iter()
        .map(|f| (f.rule.code, f.param("page")))
        .collect();
    assert_eq!(findings.len(), 6, "{findings:?}");
    assert_eq!(findings[0], ("PDF-PAGE-TIMEOUT", Some("1")));
}
