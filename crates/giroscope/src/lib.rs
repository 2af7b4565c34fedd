//! giroscope reads GiroCodes — EPC QR codes for SEPA credit transfers (EPC069-12) — and says
//! whether each is valid and whether banking apps will read it correctly.
//!
//! The data flows one way: bytes → [`input::sniff`] → payload bytes → [`check::check`]
//! (framing, charset, header, parties, amount, remittance) → [`Finding`]s →
//! [`CodeReport`] → [`render`] (JSON or human text, German or English). An invalid GiroCode is
//! a report with error findings; [`Error`] is only for inputs that could not be checked.
//!
//! # Example
//! ```
//! let payload = "BCD\n002\n1\nSCT\n\nStadtkasse Musterstadt\nDE02120300000000202051\nEUR35\n\n\nKassenzeichen 5.1234.567890.1";
//! let verified = giroscope::verify(payload.as_bytes(), &giroscope::Options::default()).unwrap();
//! assert!(verified.valid());
//! assert_eq!(verified.codes[0].fields.amount.as_deref(), Some("35.00"));
//! ```

#![deny(missing_docs)]
// The library computes; only the front ends print.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod batch;
pub mod cancel;
pub mod check;
pub mod clock;
pub mod decode;
pub mod error;
pub mod expect;
pub mod finding;
pub mod i18n;
pub mod image;
pub mod input;
pub mod limits;
pub mod model;
pub mod notice;
pub mod pages;
mod parallel;
pub mod payees;
pub mod payload;
pub mod pdf;
pub mod render;
pub mod report;
pub mod rules;
pub mod symbol;

use clock::Deadline;

pub use cancel::CancelToken;
pub use check::symbol::SymbolReport;
pub use error::Error;
pub use finding::{Field, Finding, Readability, Severity};
pub use i18n::Lang;
pub use limits::Limits;
pub use report::{CodeKind, CodeReport, Verdict};

/// How to verify an input.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Resource limits.
    pub limits: Limits,
    /// Read images with every engine at every step, to report which engines read each code.
    pub all_engines: bool,
    /// Resolution PDF pages are rendered at. Default 300 dpi: a 0.33 mm module is 4 pixels.
    pub dpi: f32,
    /// The operator's own accounts: every GiroCode then says whether it pays one of them
    /// (`PAYEE-CONFIRMED`) or not (`PAYEE-UNKNOWN`). Default: no list, no such findings.
    pub payees: Option<std::sync::Arc<payees::Payees>>,
    /// Where PDFs are opened and rendered: in this process by default; the command line and
    /// the server isolate them in worker processes ([`pdf::worker::Isolated`]). A build
    /// without the `pdf` feature reads no PDF, whatever renderer is set.
    pub pdf_renderer: pdf::Renderer,
    /// Which pages of a PDF carry the code (`--code-pages`): a PDF's codes are compared with
    /// the text of their notice ([`notice`]), the code's page by default, the pages of the
    /// code's notice when codes are on some pages only.
    pub code_pages: expect::CodePages,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            limits: Limits::default(),
            all_engines: false,
            dpi: 300.0,
            payees: None,
            pdf_renderer: pdf::Renderer::default(),
            code_pages: expect::CodePages::default(),
        }
    }
}

/// Everything found in one input.
#[derive(Debug, Clone)]
pub struct Verified {
    /// One report per code, in reading order (page by page for PDFs).
    pub codes: Vec<CodeReport>,
    /// Findings about the input as a whole or one of its pages, e.g. no code on page 4.
    pub findings: Vec<Finding>,
    /// The image's upright size in pixels, for image inputs.
    pub image_size: Option<(u32, u32)>,
    /// The number of pages, for PDFs.
    pub pages: Option<usize>,
    /// Engine calls that panicked inside their guard while reading (an internal event: the
    /// reading went on with the other engines; nothing was printed).
    pub engine_panics: usize,
}

impl Verified {
    /// Whether the input holds at least one GiroCode and every GiroCode is valid, with no
    /// error about the input as a whole. Other QR codes beside a GiroCode do not count.
    pub fn valid(&self) -> bool {
        let girocodes: Vec<&CodeReport> = self
            .codes
            .iter()
            .filter(|c| c.kind == CodeKind::GiroCode)
            .collect();
        let input_ok = !self
            .findings
            .iter()
            .any(|f| f.rule.severity == Severity::Error);
        input_ok
            && !self.codes.is_empty()
            && girocodes.iter().all(|c| c.valid)
            && (!girocodes.is_empty() || self.codes.iter().all(|c| c.valid))
    }
}

impl Verified {
    /// The input's verdict: no code, unreadable codes, not a GiroCode, or the worst verdict
    /// of its GiroCodes, made worse by an error about the input itself (a PDF page without a
    /// code, say). Other codes beside a GiroCode do not count.
    pub fn verdict(&self) -> Verdict {
        let has = |rules: &[&rules::Rule]| {
            self.findings
                .iter()
                .any(|f| rules.iter().any(|r| r.code == f.rule.code))
        };
        let girocodes = self.codes.iter().filter(|c| c.kind == CodeKind::GiroCode);
        let Some(worst) = girocodes.map(CodeReport::verdict).max() else {
            return if has(&[
                &rules::IMAGE_UNREADABLE_CODE,
                &rules::PDF_PAGE_UNREADABLE_CODE,
            ]) {
                Verdict::Unreadable
            } else {
                Verdict::NoCode
            };
        };
        worst.max(Verdict::of_findings(&self.findings).min(Verdict::NotPayable))
    }
}

/// Verifies one input: sniffs it, reads every GiroCode in it and checks each one.
///
/// # Errors
/// When the input cannot be checked at all: too large, damaged, password-protected, or a
/// format this build cannot read.
pub fn verify(bytes: &[u8], options: &Options) -> Result<Verified, Error> {
    verify_cancellable(bytes, options, &CancelToken::new())
}

/// Like [`verify`], stopping early when `cancel` is cancelled: between PDF pages and between
/// the reading ladder's steps.
///
/// # Errors
/// As [`verify`], and [`Error::Cancelled`] when the token was cancelled before the check was
/// done.
pub fn verify_cancellable(
    bytes: &[u8],
    options: &Options,
    cancel: &CancelToken,
) -> Result<Verified, Error> {
    // A panic in giroscope's own code (a bug) costs this input, never the caller's run.
    let mut verified =
        decode::guarded(|| read_input(bytes, options, cancel)).map_err(|_| Error::Internal)??;
    if let Some(payees) = &options.payees {
        payees.check(&mut verified);
    }
    Ok(verified)
}

/// Sniffs an input and reads and checks every code in it.
fn read_input(bytes: &[u8], options: &Options, cancel: &CancelToken) -> Result<Verified, Error> {
    match input::sniff(bytes, &options.limits)? {
        input::Input::Text(text) => Ok(Verified {
            codes: vec![CodeReport::from_payload(text)],
            findings: Vec::new(),
            image_size: None,
            pages: None,
            engine_panics: 0,
        }),
        #[cfg(feature = "tiff")]
        input::Input::Image(input::ImageKind::Tiff, bytes) if image::tiff_has_pages(bytes) => {
            pages::verify_tiff(bytes, options, cancel)
        }
        input::Input::Image(kind, bytes) => {
            let deadline = Deadline::after(options.limits.max_decode_time);
            let loaded = image::load(bytes, kind, &options.limits)?;
            verify_loaded(&loaded, options, deadline, cancel)
        }
        #[cfg(feature = "pdf")]
        input::Input::Pdf(bytes) => verify_pdf(bytes, options, cancel),
        // Said here rather than by the renderer: the PDF path (pages, notice comparison and
        // their rule texts) is then left out of a build without PDF, the browser's photo module.
        #[cfg(not(feature = "pdf"))]
        input::Input::Pdf(_) => Err(Error::Unsupported { format: "PDF" }),
    }
}

/// Reads and checks one decoded picture: a photo, a scan, a camera frame.
fn verify_loaded(
    loaded: &image::Loaded,
    options: &Options,
    deadline: Deadline,
    cancel: &CancelToken,
) -> Result<Verified, Error> {
    let picture = read_picture(&loaded.luma, options, deadline, cancel);
    if picture.cancelled {
        return Err(Error::Cancelled);
    }
    if picture.timed_out {
        return Err(Error::TimedOut {
            seconds: options.limits.max_decode_time.as_secs_f32(),
        });
    }
    let mut codes: Vec<CodeReport> = picture
        .codes
        .into_iter()
        .map(|code| code.upright(loaded))
        .collect();
    report::mark_other_codes(&mut codes);
    let mut findings = Vec::new();
    if loaded.truncated {
        findings.push(Finding::new(&rules::IMAGE_TRUNCATED));
    }
    if !codes.iter().any(|c| c.kind == CodeKind::GiroCode) {
        if picture.unreadable > 0 {
            findings.push(
                Finding::new(&rules::IMAGE_UNREADABLE_CODE).with("count", picture.unreadable),
            );
        } else if codes.is_empty() {
            findings.push(Finding::new(&rules::IMAGE_NO_CODE));
        }
    }
    Ok(Verified {
        codes,
        findings,
        image_size: Some(loaded.upright_size()),
        pages: None,
        engine_panics: picture.engine_panics,
    })
}

/// A camera frame's pixels, row by row from the top left, as a browser's canvas (RGBA) or a
/// video decoder's luma plane (grey) holds them.
#[derive(Debug, Clone, Copy)]
pub enum Pixels<'a> {
    /// Four bytes a pixel: red, green, blue, alpha (alpha is ignored).
    Rgba(&'a [u8]),
    /// One byte a pixel.
    Grey(&'a [u8]),
}

/// Verifies one camera frame of `width` × `height` pixels as [`verify`] verifies a photo of
/// it: the same reading (the same luma as a decoded photo), findings and report. A live scan
/// gives each frame a smaller [`Limits::max_read_work`] than a photo gets, so a frame without
/// a code ends quickly.
///
/// # Errors
/// [`Error::TooManyPixels`] past [`Limits::max_pixels`], [`Error::Corrupt`] when the pixels
/// do not fill the frame, and [`Error::Cancelled`] or [`Error::TimedOut`] as [`verify`].
pub fn verify_pixels(
    pixels: Pixels<'_>,
    width: u32,
    height: u32,
    options: &Options,
    cancel: &CancelToken,
) -> Result<Verified, Error> {
    let area = u64::from(width) * u64::from(height);
    if area > options.limits.max_pixels {
        return Err(Error::TooManyPixels {
            format: "camera frame",
            width,
            height,
            limit: options.limits.max_pixels,
        });
    }
    let misfit = |len: usize, per_pixel: u64| Error::Corrupt {
        format: "camera frame",
        detail: format!(
            "{len} bytes for {width}×{height} pixels of {per_pixel} byte{}",
            if per_pixel == 1 { "" } else { "s" }
        ),
    };
    let luma = match pixels {
        Pixels::Grey(grey) => ::image::GrayImage::from_raw(width, height, grey.to_vec())
            .filter(|_| grey.len() as u64 == area)
            .ok_or_else(|| misfit(grey.len(), 1))?,
        Pixels::Rgba(rgba) => ::image::RgbaImage::from_raw(width, height, rgba.to_vec())
            .filter(|_| rgba.len() as u64 == area * 4)
            .map(|rgba| ::image::DynamicImage::ImageRgba8(rgba).into_luma8())
            .ok_or_else(|| misfit(rgba.len(), 4))?,
    };
    let loaded = image::Loaded {
        luma,
        orientation: ::image::metadata::Orientation::NoTransforms,
        truncated: false,
    };
    decode::guarded(|| {
        verify_loaded(
            &loaded,
            options,
            Deadline::after(options.limits.max_decode_time),
            cancel,
        )
    })
    .map_err(|_| Error::Internal)?
}

/// The codes read from one picture (an image or a rendered page), in stored pixels.
#[derive(Default)]
struct Picture {
    codes: Vec<CodeReport>,
    unreadable: usize,
    timed_out: bool,
    cancelled: bool,
    engine_panics: usize,
}

/// Reads one picture. The work budget decides how far the ladder climbs; asking for every
/// engine at every step gets four times as much, as it runs every step.
fn read_picture(
    luma: &::image::GrayImage,
    options: &Options,
    deadline: Deadline,
    cancel: &CancelToken,
) -> Picture {
    let budget = options.limits.max_read_work;
    let reading = decode::read(
        luma,
        &decode::ReadOptions {
            all_engines: options.all_engines,
            budget: if options.all_engines {
                budget.saturating_mul(4)
            } else {
                budget
            },
            deadline,
            cancel: cancel.clone(),
        },
    );
    let engines_tried = if options.all_engines {
        decode::Engine::ALL.len()
    } else {
        1
    };
    Picture {
        codes: reading
            .codes
            .iter()
            .map(|found| CodeReport::from_found(found, luma, engines_tried))
            .collect(),
        unreadable: reading.unreadable,
        timed_out: reading.timed_out,
        cancelled: reading.cancelled,
        engine_panics: reading.engine_panics,
    }
}

/// Renders and reads every page, in parallel on rayon's pool with the `parallel` feature (the
/// CLI sizes it with `--jobs`), else one after another; one page at a time per thread, so
/// memory stays bounded however long the document is. Results keep page order whatever the
/// scheduling. Every page is planned first, from the document alone: pages that draw nothing
/// are not rendered (they have no code), pages over a page budget are reported as such, and
/// the others must fit the document's pixel budget.
#[cfg(feature = "pdf")]
fn verify_pdf(bytes: &[u8], options: &Options, cancel: &CancelToken) -> Result<Verified, Error> {
    use parallel::*;
    let opened = options.pdf_renderer.open(
        bytes,
        options,
        &pdf::Stop {
            cancel,
            deadline: Deadline::after(options.limits.max_decode_time),
        },
    )?;
    let plan = opened.plan();
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    let (drawn, pixels) = plan
        .iter()
        .filter(|page| !page.blank)
        .filter_map(|page| page.pixels.as_ref().ok())
        .fold((0u64, 0u64), |(pages, sum), pixels| {
            (pages + 1, sum.saturating_add(*pixels))
        });
    if pixels > options.limits.max_pdf_pixels {
        return Err(Error::TooManyPdfPixels {
            pages: drawn,
            pixels,
            dpi: options.dpi,
            limit: options.limits.max_pdf_pixels,
        });
    }
    // The text of pages without a code is only read when a notice spans several pages.
    let every_text = !options.code_pages.is_all();
    let results: Vec<Result<(Picture, Option<notice::Statement>), pdf::PageError>> = plan
        .par_iter()
        .map(|page| {
            page.pixels.clone()?;
            let Some(index) = page.index else {
                return Err(pdf::PageError::Broken);
            };
            if page.blank {
                return Ok((Picture::default(), None));
            }
            // Pages not yet started when the check is cancelled are skipped, not rendered.
            if cancel.is_cancelled() {
                return Err(pdf::PageError::Cancelled);
            }
            let deadline = Deadline::after(options.limits.max_decode_time);
            let stop = pdf::Stop { cancel, deadline };
            let luma = opened.render(index, options.dpi, &stop)?;
            let picture = read_picture(&luma, options, deadline, cancel);
            let statement = if every_text || !picture.codes.is_empty() {
                Some(notice::Statement::read(&opened.text(index, &stop)?))
            } else {
                None
            };
            Ok((picture, statement))
        })
        .collect();
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    let mut codes = Vec::new();
    let mut findings = Vec::new();
    let mut engine_panics = 0;
    let mut statements = Vec::with_capacity(results.len());
    for (index, result) in results.into_iter().enumerate() {
        let page = index + 1;
        match result {
            Err(pdf::PageError::Cancelled) => return Err(Error::Cancelled),
            Err(error) => {
                statements.push(None);
                findings.push(pages::pdf_page_finding(page, &error, options));
            }
            Ok((mut picture, statement)) => {
                statements.push(statement);
                for code in &mut picture.codes {
                    code.place_on_page(page, 25.4 / options.dpi);
                }
                engine_panics += pages::report_page(
                    page,
                    picture,
                    &pages::PDF,
                    options,
                    &mut codes,
                    &mut findings,
                );
            }
        }
    }
    notice::compare_pages(&mut codes, &statements, &options.code_pages);
    Ok(Verified {
        codes,
        findings,
        image_size: None,
        pages: Some(plan.len()),
        engine_panics,
    })
}

/// The outcome for one named input, as the front ends collect them.
#[derive(Debug)]
pub struct SourceReport {
    /// Where the input came from: a path, `-` for standard input, or an upload's name.
    pub source: String,
    /// What was found, or why the input could not be checked.
    pub outcome: Result<Verified, Error>,
}
