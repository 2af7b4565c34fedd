//! Documents of pages — PDFs and multi-page TIFF scans — reported the same way: every page is
//! read, its codes carry the page number, and a page without a readable GiroCode gets a page
//! finding. Only the rules differ, so that a finding names what the page is a page of.

use crate::Options;
#[cfg(any(feature = "pdf", feature = "tiff"))]
use crate::Picture;
use crate::cancel::CancelToken;
use crate::clock::Deadline;
use crate::error::Error;
#[cfg(any(feature = "pdf", feature = "tiff"))]
use crate::finding::Finding;
#[cfg(feature = "tiff")]
use crate::parallel::*;
#[cfg(feature = "pdf")]
use crate::pdf::{Exceeded, PageError};
#[cfg(any(feature = "pdf", feature = "tiff"))]
use crate::report::{self, CodeKind, CodeReport};
use crate::rules::{self, Rule};

/// The rules a kind of document reports its pages' problems with.
#[cfg(any(feature = "pdf", feature = "tiff"))]
pub(crate) struct PageRules {
    /// No QR code at all on the page.
    pub no_code: &'static Rule,
    /// QR codes located on the page, none readable.
    pub unreadable: &'static Rule,
    /// Reading the page hit the wall-clock safety net.
    pub timeout: &'static Rule,
}

/// PDF pages.
#[cfg(feature = "pdf")]
pub(crate) const PDF: PageRules = PageRules {
    no_code: &rules::PDF_PAGE_NO_CODE,
    unreadable: &rules::PDF_PAGE_UNREADABLE_CODE,
    timeout: &rules::PDF_PAGE_TIMEOUT,
};

/// Pages of a multi-page TIFF.
#[cfg(feature = "tiff")]
pub(crate) const TIFF: PageRules = PageRules {
    no_code: &rules::TIFF_PAGE_NO_CODE,
    unreadable: &rules::TIFF_PAGE_UNREADABLE_CODE,
    timeout: &rules::TIFF_PAGE_TIMEOUT,
};

/// The rules that say a page holds no readable code, whatever the document: the findings a
/// manifest or `--code-pages` may waive for pages that need no code.
pub const NO_CODE_RULES: [&Rule; 2] = [&rules::PDF_PAGE_NO_CODE, &rules::TIFF_PAGE_NO_CODE];

/// Adds one read page (`page` counted from 1) to a document's codes and findings: its codes
/// in reading order, and a finding when it holds no GiroCode. A page cut short by the safety
/// net is reported as such, never as partly read. Returns the page's guarded engine panics.
#[cfg(any(feature = "pdf", feature = "tiff"))]
pub(crate) fn report_page(
    page: usize,
    picture: Picture,
    rules: &PageRules,
    options: &Options,
    codes: &mut Vec<CodeReport>,
    findings: &mut Vec<Finding>,
) -> usize {
    if picture.timed_out {
        findings.push(
            Finding::new(rules.timeout)
                .on_page(page)
                .with("seconds", options.limits.max_decode_time.as_secs_f32()),
        );
        return picture.engine_panics;
    }
    let mut page_codes = picture.codes;
    report::mark_other_codes(&mut page_codes);
    if !page_codes.iter().any(|c| c.kind == CodeKind::GiroCode) {
        if picture.unreadable > 0 {
            findings.push(
                Finding::new(rules.unreadable)
                    .on_page(page)
                    .with("count", picture.unreadable),
            );
        } else if page_codes.is_empty() {
            findings.push(Finding::new(rules.no_code).on_page(page));
        }
    }
    codes.extend(page_codes);
    picture.engine_panics
}

/// The finding for a PDF page that was not read.
#[cfg(feature = "pdf")]
pub(crate) fn pdf_page_finding(page: usize, error: &PageError, options: &Options) -> Finding {
    let finding = match error {
        PageError::TooLarge {
            width_mm,
            height_mm,
            pixels,
        } => Finding::new(&rules::PDF_PAGE_TOO_LARGE)
            .with("width_mm", format!("{width_mm:.0}"))
            .with("height_mm", format!("{height_mm:.0}"))
            .with("dpi", options.dpi)
            .with("pixels", pixels)
            .with("limit", options.limits.max_pixels),
        PageError::OverBudget(Exceeded::Image {
            width,
            height,
            limit,
        }) => Finding::new(&rules::PDF_PAGE_IMAGE_TOO_LARGE)
            .with("width", width)
            .with("height", height)
            .with("limit", limit),
        PageError::OverBudget(Exceeded::Bytes { limit }) => {
            Finding::new(&rules::PDF_PAGE_DATA_TOO_LARGE).with("limit_mb", limit / (1024 * 1024))
        }
        PageError::OverBudget(Exceeded::Work { work, limit }) => {
            Finding::new(&rules::PDF_PAGE_TOO_COMPLEX)
                .with("work", work)
                .with("limit", limit)
        }
        PageError::Broken => Finding::new(&rules::PDF_PAGE_BROKEN),
        PageError::RenderFailed { detail } => {
            Finding::new(&rules::PDF_PAGE_RENDER_FAILED).with("detail", detail)
        }
        PageError::TimedOut | PageError::Cancelled => Finding::new(&rules::PDF_PAGE_TIMEOUT)
            .with("seconds", options.limits.max_decode_time.as_secs_f32()),
    };
    finding.on_page(page)
}

/// Why a TIFF page was not read; the other pages still are.
#[cfg(feature = "tiff")]
enum PageProblem {
    Finding(Finding),
    Cancelled,
}

/// Reads every page of a multi-page TIFF, in parallel like PDF pages (with the `parallel`
/// feature) and in page order.
#[cfg(feature = "tiff")]
pub(crate) fn verify_tiff(
    bytes: &[u8],
    options: &Options,
    cancel: &CancelToken,
) -> Result<crate::Verified, Error> {
    let document = crate::image::TiffPages::open(bytes, &options.limits)?;
    let results: Vec<Result<Picture, PageProblem>> = (0..document.len())
        .into_par_iter()
        .map(|index| {
            let page = index + 1;
            if cancel.is_cancelled() {
                return Err(PageProblem::Cancelled);
            }
            let deadline = Deadline::after(options.limits.max_decode_time);
            let loaded = document
                .load(index, &options.limits)
                .map_err(|error| PageProblem::Finding(page_error(page, error)))?;
            let mut picture = crate::read_picture(&loaded.luma, options, deadline, cancel);
            if picture.cancelled {
                return Err(PageProblem::Cancelled);
            }
            picture.codes = picture
                .codes
                .into_iter()
                .map(|code| code.upright(&loaded))
                .collect();
            for code in &mut picture.codes {
                match document.mm_per_px(index) {
                    Some(mm_per_px) => code.place_on_page(page, mm_per_px),
                    None => code.page = Some(page),
                }
            }
            Ok(picture)
        })
        .collect();
    let mut codes = Vec::new();
    let mut findings = Vec::new();
    let mut engine_panics = 0;
    for (index, result) in results.into_iter().enumerate() {
        match result {
            Ok(picture) => {
                engine_panics += report_page(
                    index + 1,
                    picture,
                    &TIFF,
                    options,
                    &mut codes,
                    &mut findings,
                );
            }
            Err(PageProblem::Finding(finding)) => findings.push(finding),
            Err(PageProblem::Cancelled) => return Err(Error::Cancelled),
        }
    }
    Ok(crate::Verified {
        codes,
        findings,
        image_size: None,
        pages: Some(document.len()),
        engine_panics,
    })
}

#[cfg(feature = "tiff")]
fn page_error(page: usize, error: Error) -> Finding {
    match error {
        Error::TooManyPixels {
            width,
            height,
            limit,
            ..
        } => Finding::new(&rules::TIFF_PAGE_TOO_LARGE)
            .on_page(page)
            .with("width", width)
            .with("height", height)
            .with("limit", limit),
        Error::Corrupt { detail, .. } => Finding::new(&rules::TIFF_PAGE_DAMAGED)
            .on_page(page)
            .with("detail", detail),
        other => Finding::new(&rules::TIFF_PAGE_DAMAGED)
            .on_page(page)
            .with("detail", other),
    }
}

/// A page's pixels read again, upright, for pictures of flagged pages (the QA report's
/// thumbnails, `--annotate`): the report keeps no pixels, so the few pages worth a picture
/// are rendered or decoded a second time.
#[derive(Debug, Clone)]
pub struct PagePixels {
    /// The page, upright, scaled down to the size asked for.
    pub luma: ::image::GrayImage,
    /// Pixels of `luma` per unit of the report's coordinates (a symbol's corners).
    pub scale: f32,
}

/// An input opened once for pictures of several of its pages.
pub enum Pictures<'a> {
    /// A PDF, opened as [`crate::verify`] opens it.
    Pdf(Box<dyn crate::pdf::Opened>),
    /// A multi-page TIFF.
    #[cfg(feature = "tiff")]
    Tiff(crate::image::TiffPages<'a>),
    /// Holds the input's lifetime in a build without TIFF; never made.
    #[cfg(not(feature = "tiff"))]
    #[doc(hidden)]
    Never(std::marker::PhantomData<&'a [u8]>, std::convert::Infallible),
    /// An image, decoded.
    Image(crate::image::Loaded),
    /// Payload text: nothing to picture.
    Text,
}

impl<'a> Pictures<'a> {
    /// Opens an input as [`crate::verify`] reads it.
    ///
    /// # Errors
    /// As [`crate::verify`], for inputs that could not be checked either.
    pub fn open(bytes: &'a [u8], options: &Options) -> Result<Pictures<'a>, Error> {
        #[cfg(feature = "tiff")]
        use crate::input::ImageKind;
        use crate::input::Input;
        Ok(match crate::input::sniff(bytes, &options.limits)? {
            Input::Pdf(bytes) => Pictures::Pdf(options.pdf_renderer.open(
                bytes,
                options,
                &crate::pdf::Stop {
                    cancel: &CancelToken::new(),
                    deadline: Deadline::after(options.limits.max_decode_time),
                },
            )?),
            #[cfg(feature = "tiff")]
            Input::Image(ImageKind::Tiff, bytes) if crate::image::tiff_has_pages(bytes) => {
                Pictures::Tiff(crate::image::TiffPages::open(bytes, &options.limits)?)
            }
            Input::Image(kind, bytes) => {
                Pictures::Image(crate::image::load(bytes, kind, &options.limits)?)
            }
            Input::Text(_) => Pictures::Text,
        })
    }

    /// Page `page` (from 1; `None` for an image) at most `max_side` pixels long, or `None` when
    /// the input has no such picture (payload text, a page that is not there or too large).
    pub fn page(
        &self,
        page: Option<usize>,
        options: &Options,
        max_side: u32,
    ) -> Option<PagePixels> {
        let index = page.unwrap_or(1).checked_sub(1)?;
        match self {
            Pictures::Pdf(document) => {
                let planned = document.plan().get(index)?;
                planned.pixels.as_ref().ok()?;
                let (width_mm, height_mm) = planned.size_mm?;
                let longest_inches = width_mm.max(height_mm) / 25.4;
                let dpi = (max_side as f32 / longest_inches).min(options.dpi);
                let stop = crate::pdf::Stop {
                    cancel: &CancelToken::new(),
                    deadline: Deadline::after(options.limits.max_decode_time),
                };
                let luma = document.render(planned.index?, dpi, &stop).ok()?;
                Some(PagePixels {
                    luma,
                    scale: dpi / options.dpi,
                })
            }
            #[cfg(feature = "tiff")]
            Pictures::Tiff(document) => {
                let loaded = document.load(index, &options.limits).ok()?;
                Some(upright_within(&loaded, max_side))
            }
            #[cfg(not(feature = "tiff"))]
            Pictures::Never(_, never) => match *never {},
            Pictures::Image(loaded) => Some(upright_within(loaded, max_side)),
            Pictures::Text => None,
        }
    }
}

fn upright_within(loaded: &crate::image::Loaded, max_side: u32) -> PagePixels {
    let mut turned = ::image::DynamicImage::ImageLuma8(loaded.luma.clone());
    turned.apply_orientation(loaded.orientation);
    let upright = turned.into_luma8();
    let (width, height) = upright.dimensions();
    let longest = width.max(height).max(1);
    if longest <= max_side {
        return PagePixels {
            luma: upright,
            scale: 1.0,
        };
    }
    let scale = max_side as f32 / longest as f32;
    let size = |side: u32| ((side as f32 * scale).round() as u32).max(1);
    PagePixels {
        luma: ::image::imageops::resize(
            &upright,
            size(width),
            size(height),
            ::image::imageops::FilterType::Triangle,
        ),
        scale,
    }
}
