//! Limits on what giroscope reads, as one value passed explicitly.

use std::time::Duration;

/// Resource limits. Every limit is checked before the data it guards is read or allocated.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Limits {
    /// The largest input file, in bytes. Default 50 MiB: room for any phone photo.
    pub max_input_bytes: u64,
    /// The largest input read as payload text, in bytes. Default 64 KiB: a GiroCode payload
    /// has at most 331 bytes, so anything much larger is not a payload, but a too-long one
    /// still gets its findings.
    pub max_text_bytes: u64,
    /// The most pixels an image may have, checked from its header before decoding. Default
    /// 50 megapixels: a 48 MP phone photo fits; the luma buffer stays under 50 MB.
    pub max_pixels: u64,
    /// How much work the reader may spend on one image or PDF page, in pixels processed
    /// weighted by what is done to them (`decode::Step::cost`; under a nanosecond each on a
    /// 2-core machine). It decides how far the reading ladder climbs, the same on any
    /// machine. Default 120 million: a clean photo needs a tenth of it; on the public photo
    /// corpora a single code is read by 65 million at the latest, the last of a sheet of 60
    /// at about 105 million.
    pub max_read_work: u64,
    /// The safety net for reading one image or PDF page: past it the input is reported as
    /// timed out (`INPUT-TIMEOUT`, or `PDF-PAGE-TIMEOUT` for a page), never as partly read.
    /// Default 30 s: thirty times what the work budget takes in a release build on a 2-core
    /// machine, and room for an unoptimised test build on a busy one.
    pub max_decode_time: Duration,
    /// The most pages a PDF may have, checked before any page is rendered. Default 25,000:
    /// a town's whole print run in one file.
    pub max_pages: u64,
    /// The most pixels rendered for one PDF, summed over the pages that draw something, checked
    /// from the pages' geometry before any page is rendered. Default: no limit beyond
    /// `max_pages` × `max_pixels` (a print run checked on one's own machine); the server sets
    /// one per request, so one upload cannot buy minutes of rendering.
    pub max_pdf_pixels: u64,
    /// The most bytes the streams one PDF page draws may decode to (content, forms, images,
    /// fonts), counted while inflating before the page is rendered. Default 256 MiB: a
    /// 50-megapixel colour image is 150 MB; an office notice needs a few MB.
    pub max_pdf_page_bytes: u64,
    /// The most drawing work one PDF page may take, in content operators, path segments and
    /// glyphs, a form counted each time it is drawn, counted before the page is rendered.
    /// Default 5 million, about a second of rendering on a 2-core machine: the notices
    /// measured need 25,000 to 76,000 (README, "Limits").
    pub max_pdf_page_work: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_input_bytes: 50 * 1024 * 1024,
            max_text_bytes: 64 * 1024,
            max_pixels: 50_000_000,
            max_read_work: 120_000_000,
            max_decode_time: Duration::from_secs(30),
            max_pages: 25_000,
            max_pdf_pixels: u64::MAX,
            max_pdf_page_bytes: 256 * 1024 * 1024,
            max_pdf_page_work: 5_000_000,
        }
    }
}
