//! PDF pages → luma, one page at a time, within the page and pixel budget.
//!
//! Rendering uses hayro (pure Rust) without anti-aliasing, so vector modules come out as clean
//! 0/255 pixels, and without embedded fonts, which finding codes does not need. hayro casts
//! pixmap sizes to `u16` and would try to allocate gigabytes for a huge page, so every page's
//! pixel count is checked from its geometry before it is rendered. Positions are reported in
//! millimetres, exact for a PDF unlike a photo.
//!
//! A page that draws nothing — no painting operator in its content and no annotations — is
//! white at any resolution: [`Document::draws_nothing`] tells in microseconds, so such a page
//! is reported as having no code without being rendered (a 20,000-page blank PDF is not
//! minutes of 300-dpi renders).
//!
//! A PDF is third-party code's territory. Every page is walked against the page budgets
//! ([`budget`]) before it is rendered, and a panic inside the renderer costs its page, not the
//! process. What cannot be budgeted — an abort deep in a dependency, memory that runs away
//! anyway — is for the front ends to contain: they open PDFs through a [`Renderer`] that runs
//! them in worker processes ([`worker`]), each with a memory limit and killed on cancellation or
//! timeout. The library's default renders in this process.
//!
//! Every page of the page tree is accounted for: a page whose dictionary cannot be parsed at
//! all (hayro leaves it out of its list) is still counted, numbered and reported.

#[cfg(feature = "pdf")]
pub(crate) mod budget;
#[cfg(feature = "pdf")]
mod text;
#[cfg(all(unix, feature = "pdf"))]
pub mod worker;

use std::sync::Arc;

#[cfg(feature = "pdf")]
use hayro::hayro_syntax::{LoadPdfError, Pdf};
#[cfg(feature = "pdf")]
use hayro::{PixmapSettings, RenderCache, RenderSettings};
use image::GrayImage;

use crate::Options;
use crate::cancel::CancelToken;
use crate::clock::Deadline;
use crate::error::Error;
#[cfg(feature = "pdf")]
use crate::limits::Limits;
use crate::notice::PageText;

/// Millimetres per PDF point (1/72 inch).
pub const MM_PER_POINT: f32 = 25.4 / 72.0;

/// The largest pixmap side hayro can render (its sizes are `u16`).
#[cfg(feature = "pdf")]
const MAX_SIDE: f32 = u16::MAX as f32;

/// Content operators that paint (PDF 32000-1 §8.5.3, §8.7.4.2, §8.8, §8.9.7, §9.4.3): path
/// painting, shadings, XObjects, inline images and text showing.
#[cfg(feature = "pdf")]
const PAINTING: [&[u8]; 16] = [
    b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"sh", b"Do", b"BI", b"Tj", b"TJ",
    b"'", b"\"",
];

/// A page's size and what rendering it at a resolution takes.
#[cfg(feature = "pdf")]
struct Geometry {
    width_mm: f32,
    height_mm: f32,
    scale: f32,
    pixels: u64,
    fits_hayro: bool,
}

/// An opened PDF, rendered in this process.
#[cfg(feature = "pdf")]
pub struct Document {
    pdf: Pdf,
    /// The page tree's leaves in order: hayro's page index, or `None` for a page whose
    /// dictionary could not be parsed.
    leaves: Vec<Option<usize>>,
}

/// The budget a page went over, and by how much.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Exceeded {
    /// An image declares more pixels than allowed.
    Image {
        /// The largest width it declares.
        width: u64,
        /// The largest height it declares.
        height: u64,
        /// The pixel budget.
        limit: u64,
    },
    /// The page's streams decode to more bytes than allowed (counting stopped there).
    Bytes {
        /// The byte budget.
        limit: u64,
    },
    /// Drawing the page takes more work than allowed.
    Work {
        /// The work counted, at least (counting stopped past the budget).
        work: u64,
        /// The work budget.
        limit: u64,
    },
}

/// Why a page was not rendered; the other pages still are.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum PageError {
    /// Rendering at the requested resolution would exceed the pixel budget.
    TooLarge {
        /// Page width in mm.
        width_mm: f32,
        /// Page height in mm.
        height_mm: f32,
        /// Pixels the page would need.
        pixels: u64,
    },
    /// Walking the page before rendering found it over one of the page budgets.
    OverBudget(Exceeded),
    /// The page's dictionary cannot be parsed: there is nothing to render.
    Broken,
    /// The renderer failed on the page: it panicked, or its worker process stopped.
    RenderFailed {
        /// What happened, in English, for the issuer.
        detail: String,
    },
    /// Rendering hit the wall-clock safety net (only a worker process can be stopped).
    TimedOut,
    /// The check was cancelled before this page was rendered.
    Cancelled,
}

/// One page of the page tree, as known before rendering.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PagePlan {
    /// hayro's index of the page, for [`Opened::render`]; `None` for a broken page.
    pub index: Option<usize>,
    /// The page draws nothing: it has no code and is not rendered.
    pub blank: bool,
    /// The pixels the page needs at the document's resolution, or why it will not be rendered.
    pub pixels: Result<u64, PageError>,
    /// The page's size in millimetres as displayed, when it could be parsed.
    pub size_mm: Option<(f32, f32)>,
}

/// When a page's rendering must stop: the check was cancelled, or the safety net ran out.
pub struct Stop<'a> {
    /// Cancelled when the check's answer is no longer wanted.
    pub cancel: &'a CancelToken,
    /// The wall-clock safety net.
    pub deadline: Deadline,
}

/// A PDF opened for reading, with every page planned.
pub trait Opened: Send + Sync {
    /// The page tree's pages in order (page 1 first).
    fn plan(&self) -> &[PagePlan];
    /// Renders hayro's page `index` at `dpi` to luma.
    ///
    /// # Errors
    /// Why the page could not be rendered; the other pages still can be.
    fn render(&self, index: usize, dpi: f32, stop: &Stop<'_>) -> Result<GrayImage, PageError>;
    /// The text of hayro's page `index`, in reading order with positions
    /// ([`Document::text`]).
    ///
    /// # Errors
    /// Why the page could not be read, as for [`Opened::render`].
    fn text(&self, index: usize, stop: &Stop<'_>) -> Result<PageText, PageError>;
}

/// Opens PDFs: the front ends' way of putting them somewhere safe.
pub trait Rasterize: Send + Sync {
    /// Opens `bytes` and plans its pages at `options.dpi` within `options.limits`.
    ///
    /// # Errors
    /// As [`Document::open`], and [`Error::PdfReaderFailed`] when a worker process stopped.
    fn open(
        &self,
        bytes: &[u8],
        options: &Options,
        stop: &Stop<'_>,
    ) -> Result<Box<dyn Opened>, Error>;
}

/// Where [`crate::verify`] opens and renders PDFs. The default is this process; the command
/// line and the server use [`worker::Isolated`].
#[derive(Clone, Default)]
pub struct Renderer(Option<Arc<dyn Rasterize>>);

impl Renderer {
    /// PDFs opened and rendered by `rasterize`.
    pub fn new(rasterize: Arc<dyn Rasterize>) -> Renderer {
        Renderer(Some(rasterize))
    }

    /// Opens `bytes` with this renderer.
    ///
    /// # Errors
    /// As [`Rasterize::open`].
    pub fn open(
        &self,
        bytes: &[u8],
        options: &Options,
        stop: &Stop<'_>,
    ) -> Result<Box<dyn Opened>, Error> {
        match &self.0 {
            Some(rasterize) => rasterize.open(bytes, options, stop),
            #[cfg(feature = "pdf")]
            None => InProcess.open(bytes, options, stop),
            // A build without the renderer (the browser's photo module) reads no PDF.
            #[cfg(not(feature = "pdf"))]
            None => {
                let _ = (bytes, options, stop);
                Err(Error::Unsupported { format: "PDF" })
            }
        }
    }
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Renderer(isolated)"
        } else {
            "Renderer(in process)"
        })
    }
}

impl PartialEq for Renderer {
    fn eq(&self, other: &Renderer) -> bool {
        match (&self.0, &other.0) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// Renders in this process.
#[cfg(feature = "pdf")]
pub struct InProcess;

#[cfg(feature = "pdf")]
impl Rasterize for InProcess {
    fn open(
        &self,
        bytes: &[u8],
        options: &Options,
        stop: &Stop<'_>,
    ) -> Result<Box<dyn Opened>, Error> {
        let document = Document::open(bytes, &options.limits)?;
        let plan = document.plan(options.dpi, &options.limits, stop.cancel);
        Ok(Box::new(Planned {
            document,
            plan,
            limits: options.limits.clone(),
        }))
    }
}

/// A document opened in this process with its plan.
#[cfg(feature = "pdf")]
struct Planned {
    document: Document,
    plan: Vec<PagePlan>,
    limits: Limits,
}

#[cfg(feature = "pdf")]
impl Opened for Planned {
    fn plan(&self) -> &[PagePlan] {
        &self.plan
    }

    fn render(&self, index: usize, dpi: f32, _: &Stop<'_>) -> Result<GrayImage, PageError> {
        self.document.render(index, dpi, &self.limits)
    }

    fn text(&self, index: usize, _: &Stop<'_>) -> Result<PageText, PageError> {
        self.document.text(index)
    }
}

#[cfg(feature = "pdf")]
impl Document {
    /// Opens a PDF. Encrypted PDFs with an empty user password open; others are refused.
    ///
    /// # Errors
    /// [`Error::PasswordProtected`], [`Error::Corrupt`] for what hayro cannot parse,
    /// [`Error::NoReadablePage`] when no page parses, and
    /// [`Error::TooManyPages`] past [`Limits::max_pages`].
    pub fn open(bytes: &[u8], limits: &Limits) -> Result<Document, Error> {
        let pdf = Pdf::new(bytes.to_vec()).map_err(|error| match error {
            LoadPdfError::Decryption(hayro::hayro_syntax::DecryptionError::PasswordProtected) => {
                Error::PasswordProtected
            }
            LoadPdfError::Decryption(other) => Error::Corrupt {
                format: "PDF",
                detail: format!("{other:?}"),
            },
            LoadPdfError::Invalid => Error::Corrupt {
                format: "PDF",
                detail: "not a readable PDF structure".into(),
            },
        })?;
        let pages = pdf.pages().len();
        if pages == 0 {
            // Nothing to check, and nothing a reader could name: say why instead of reporting
            // an empty document as merely invalid.
            return Err(Error::NoReadablePage);
        }
        let leaves = page_tree(&pdf, limits.max_pages)
            .filter(|leaves| leaves.iter().flatten().count() == pages)
            .unwrap_or_else(|| (0..pages).map(Some).collect());
        if leaves.len() as u64 > limits.max_pages {
            return Err(Error::TooManyPages {
                format: "PDF",
                pages: leaves.len() as u64,
                limit: limits.max_pages,
            });
        }
        Ok(Document { pdf, leaves })
    }

    /// The number of pages, broken ones included.
    pub fn page_count(&self) -> usize {
        self.leaves.len()
    }

    /// The size of hayro's page `index` (from 0) in millimetres, as displayed.
    pub fn page_size_mm(&self, index: usize) -> Option<(f32, f32)> {
        let page = self.pdf.pages().get(index)?;
        let (width, height) = page.render_dimensions();
        Some((width * MM_PER_POINT, height * MM_PER_POINT))
    }

    /// Plans every page at `dpi`: its size, whether it draws anything, and whether it fits
    /// the pixel and page budgets. Pages are planned in parallel (with the `parallel`
    /// feature); a cancelled check stops walking them.
    pub fn plan(&self, dpi: f32, limits: &Limits, cancel: &CancelToken) -> Vec<PagePlan> {
        use crate::parallel::*;
        self.leaves
            .par_iter()
            .map(|leaf| {
                let Some(index) = *leaf else {
                    return PagePlan {
                        index: None,
                        blank: false,
                        pixels: Err(PageError::Broken),
                        size_mm: None,
                    };
                };
                let pixels = if cancel.is_cancelled() {
                    Err(PageError::Cancelled)
                } else {
                    self.pixels(index, dpi, limits)
                        .and_then(|pixels| self.within_budget(index, dpi, limits).map(|()| pixels))
                };
                PagePlan {
                    index: Some(index),
                    blank: pixels.is_ok() && self.draws_nothing(index),
                    pixels,
                    size_mm: self.page_size_mm(index),
                }
            })
            .collect()
    }

    /// The drawing work of hayro's page `index` at `dpi`, as [`Limits::max_pdf_page_work`]
    /// counts it; `None` when the page is over another budget of `limits` or cannot be walked.
    pub fn work(&self, index: usize, dpi: f32, limits: &Limits) -> Option<u64> {
        let page = self.pdf.pages().get(index)?;
        let budget = budget::Budget {
            pixels: limits.max_pixels,
            bytes: limits.max_pdf_page_bytes,
            work: u64::MAX,
        };
        crate::decode::guarded(|| budget::work(page, &budget, dpi))
            .ok()?
            .ok()
    }

    /// Walks hayro's page `index` against the page budgets.
    fn within_budget(&self, index: usize, dpi: f32, limits: &Limits) -> Result<(), PageError> {
        let Some(page) = self.pdf.pages().get(index) else {
            return Ok(());
        };
        let walked = crate::decode::guarded(|| {
            budget::check(
                page,
                &budget::Budget {
                    pixels: limits.max_pixels,
                    bytes: limits.max_pdf_page_bytes,
                    work: limits.max_pdf_page_work,
                },
                dpi,
            )
        });
        match walked {
            Ok(result) => result.map_err(PageError::OverBudget),
            Err(_) => Err(PageError::RenderFailed {
                detail: "the PDF parser failed on the page's objects".into(),
            }),
        }
    }
    /// Whether page `index` (from 0) draws nothing: its content stream has no operator that
    /// paints (fills, strokes, text, images, shadings, XObjects) and it has no annotations,
    /// which hayro would draw too. Conservative: a page that paints only white, or outside
    /// its box, still counts as drawing. A content stream that stops parsing ends there for
    /// the renderer as well, so both agree.
    pub fn draws_nothing(&self, index: usize) -> bool {
        use hayro::hayro_syntax::object::Array;
        use hayro::hayro_syntax::object::dict::keys::ANNOTS;
        let Some(page) = self.pdf.pages().get(index) else {
            return true;
        };
        if page
            .raw()
            .get::<Array<'_>>(ANNOTS)
            .is_some_and(|annotations| annotations.raw_iter().next().is_some())
        {
            return false;
        }
        let mut operations = page.operations();
        while let Some(instruction) = operations.next() {
            if PAINTING.contains(&instruction.operator.as_ref()) {
                return false;
            }
        }
        true
    }

    /// The pixels page `index` (from 0) needs at `dpi`, from its geometry alone.
    ///
    /// # Errors
    /// [`PageError::TooLarge`] when they exceed the pixel budget (or what hayro can render).
    pub fn pixels(&self, index: usize, dpi: f32, limits: &Limits) -> Result<u64, PageError> {
        let Some(geometry) = self.geometry(index, dpi) else {
            return Ok(0);
        };
        if geometry.pixels > limits.max_pixels || !geometry.fits_hayro {
            return Err(PageError::TooLarge {
                width_mm: geometry.width_mm,
                height_mm: geometry.height_mm,
                pixels: geometry.pixels,
            });
        }
        Ok(geometry.pixels)
    }

    fn geometry(&self, index: usize, dpi: f32) -> Option<Geometry> {
        let page = self.pdf.pages().get(index)?;
        let (width_pt, height_pt) = page.render_dimensions();
        let scale = dpi / 72.0;
        let (width, height) = (width_pt * scale, height_pt * scale);
        Some(Geometry {
            width_mm: width_pt * MM_PER_POINT,
            height_mm: height_pt * MM_PER_POINT,
            scale,
            pixels: (width.max(0.0) as u64) * (height.max(0.0) as u64),
            fits_hayro: width <= MAX_SIDE && height <= MAX_SIDE,
        })
    }

    /// The text of hayro's page `index` (from 0): its glyphs as lines in reading order, with
    /// positions in points from the top-left. Only pages the plan found within the page
    /// budgets are read; reading text costs a fraction of rendering them.
    ///
    /// # Errors
    /// [`PageError::RenderFailed`] when the interpreter panicked.
    pub fn text(&self, index: usize) -> Result<PageText, PageError> {
        let Some(page) = self.pdf.pages().get(index) else {
            return Ok(PageText::default());
        };
        crate::decode::guarded(|| text::read(page)).map_err(|_| PageError::RenderFailed {
            detail: "the PDF parser failed on the page's text".into(),
        })
    }

    /// Renders hayro's page `index` (from 0) at `dpi` to luma, after checking it against the
    /// pixel and page budgets.
    ///
    /// # Errors
    /// [`PageError::TooLarge`] or [`PageError::OverBudget`] before anything is allocated;
    /// [`PageError::RenderFailed`] when the renderer panicked.
    pub fn render(&self, index: usize, dpi: f32, limits: &Limits) -> Result<GrayImage, PageError> {
        self.pixels(index, dpi, limits)?;
        self.within_budget(index, dpi, limits)?;
        let (Some(page), Some(geometry)) = (self.pdf.pages().get(index), self.geometry(index, dpi))
        else {
            return Ok(GrayImage::new(0, 0));
        };
        let scale = geometry.scale;
        let pixmap = crate::decode::guarded(|| {
            let cache = RenderCache::new();
            hayro::render(
                page,
                &cache,
                &hayro::hayro_interpret::InterpreterSettings {
                    // The standard fonts' substitutes are for reading text (`text.rs`); a
                    // page is rendered to find codes, and drawing text it does not embed
                    // would only cost time.
                    font_resolver: Arc::new(|_| None),
                    ..hayro::hayro_interpret::InterpreterSettings::default()
                },
                &RenderSettings {
                    // Coverage above half paints: modules come out as clean 0/255 pixels.
                    aliasing_threshold: Some(128),
                    ..RenderSettings::default()
                },
                &PixmapSettings {
                    x_scale: scale,
                    y_scale: scale,
                    bg_color: hayro::vello_cpu::color::palette::css::WHITE,
                },
            )
        })
        .map_err(|_| PageError::RenderFailed {
            detail: "the PDF renderer failed on the page".into(),
        })?;
        let (w, h) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
        // Premultiplied RGBA on a white background: luma by the usual Rec. 601 weights.
        let luma = pixmap
            .data_as_u8_slice()
            .chunks_exact(4)
            .map(|p| {
                ((u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000)
                    as u8
            })
            .collect();
        Ok(GrayImage::from_raw(w, h, luma).unwrap_or_default())
    }
}

/// The page tree's leaves in order, as hayro walks it, with hayro's index for each leaf that
/// parses and `None` for one that does not (an object with a number PDF has no syntax for,
/// say). `None` when the tree cannot be walked, or has more than `max` leaves.
#[cfg(feature = "pdf")]
fn page_tree(pdf: &Pdf, max: u64) -> Option<Vec<Option<usize>>> {
    use hayro::hayro_syntax::object::{Array, Dict, MaybeRef, Name, ObjectIdentifier};
    let xref = pdf.xref();
    let catalog = xref.get::<Dict<'_>>(xref.root_id())?;
    let root = catalog.get::<Dict<'_>>(b"Pages")?;
    let mut visited = std::collections::HashSet::<ObjectIdentifier>::new();
    if let Some(id) = root.obj_id() {
        visited.insert(id);
    }
    let mut leaves = Vec::new();
    let mut found = 0;
    let mut stack = vec![root.get::<Array<'_>>(b"Kids")?.raw_iter()];
    while let Some(kids) = stack.last_mut() {
        let Some(kid) = kids.next() else {
            stack.pop();
            continue;
        };
        let dict = match kid {
            MaybeRef::Ref(reference) => {
                if !visited.insert(reference.into()) {
                    continue;
                }
                xref.get::<Dict<'_>>(reference.into())
            }
            MaybeRef::NotRef(object) => object.into_dict(),
        };
        match dict {
            Some(dict) if dict.get::<Name<'_>>(b"Type").as_deref() == Some(b"Pages") => {
                if let Some(kids) = dict.get::<Array<'_>>(b"Kids") {
                    stack.push(kids.raw_iter());
                }
            }
            Some(_) => {
                leaves.push(Some(found));
                found += 1;
            }
            None => leaves.push(None),
        }
        if leaves.len() as u64 > max {
            return None;
        }
    }
    Some(leaves)
}
