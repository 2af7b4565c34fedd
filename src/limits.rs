//! Limits on what giroscope reads, as one value passed explicitly.

use std::time::Duration;

/// Resource limits. Every limit is checked before the data it guards is read or allocated.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// How long the reader may keep trying harder preprocessing on one image or PDF page.
    /// Default 3 s; a clean photo is read in the first step, well under a second.
    pub max_decode_time: Duration,
    /// The most pages a PDF may have, checked before any page is rendered. Default 25,000:
    /// a town's whole print run in one file.
    pub max_pages: u64,
    /// The most pixels rendered for one PDF, summed over the pages that draw something, checked
    /// from the pages' geometry before any page is rendered. Default: no limit beyond
    /// `max_pages` × `max_pixels` (a print run checked on one's own machine); the server sets
    /// one per request, so one upload cannot buy minutes of rendering.
    pub max_pdf_pixels: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_input_bytes: 50 * 1024 * 1024,
            max_text_bytes: 64 * 1024,
            max_pixels: 50_000_000,
            max_decode_time: Duration::from_secs(3),
            max_pages: 25_000,
            max_pdf_pixels: u64::MAX,
        }
    }
}
