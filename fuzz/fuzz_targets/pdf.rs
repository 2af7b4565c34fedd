//! PDF bytes → report: parsing, decryption, page rendering and reading. Inputs that do not
//! start like a PDF are made to, so the fuzzer spends its time inside the PDF path.
#![no_main]

#[path = "limits.rs"]
mod limits;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = Vec::with_capacity(data.len() + 9);
    if !data.starts_with(b"%PDF-") {
        bytes.extend_from_slice(b"%PDF-1.7\n");
    }
    bytes.extend_from_slice(data);
    // Reading pages is the image target's work; here it stops early so the fuzzer spends its
    // time parsing and rendering.
    let mut options = limits::options();
    options.limits.max_read_work = 2_000_000;
    options.limits.max_pages = 8;
    // The page budgets are what this target tests: smaller, so each execution stays short.
    options.limits.max_pdf_page_bytes = 16 << 20;
    options.limits.max_pdf_page_work = 200_000;
    // A panic in giroscope's own code is caught and reported as an internal error, which
    // would hide it from the fuzzer: make it the crash it is.
    if let Err(giroscope::Error::Internal) = giroscope::verify(&bytes, &options) {
        panic!("internal error");
    }
});
