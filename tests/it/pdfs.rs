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
    assert_eq!(small.codes(), ["SYMBOL-MODULE-TOO-SMALL"]);
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
