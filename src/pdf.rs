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

use hayro::hayro_syntax::{LoadPdfError, Pdf};
use hayro::{PixmapSettings, RenderCache, RenderSettings};
use image::GrayImage;

use crate::error::Error;
use crate::limits::Limits;

/// Millimetres per PDF point (1/72 inch).
pub const MM_PER_POINT: f32 = 25.4 / 72.0;

/// The largest pixmap side hayro can render (its sizes are `u16`).
const MAX_SIDE: f32 = u16::MAX as f32;

/// Content operators that paint (PDF 32000-1 §8.5.3, §8.7.4.2, §8.8, §8.9.7, §9.4.3): path
/// painting, shadings, XObjects, inline images and text showing.
const PAINTING: [&[u8]; 16] = [
    b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"sh", b"Do", b"BI", b"Tj", b"TJ",
    b"'", b"\"",
];

/// A page's size and what rendering it at a resolution takes.
struct Geometry {
    width_mm: f32,
    height_mm: f32,
    scale: f32,
    pixels: u64,
    fits_hayro: bool,
}

/// An opened PDF.
pub struct Document {
    pdf: Pdf,
}

/// Why a page was not rendered; the other pages still are.
#[derive(Debug, Clone, PartialEq)]
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
    /// The check was cancelled before this page was rendered.
    Cancelled,
}

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
        if pages as u64 > limits.max_pages {
            return Err(Error::TooManyPages {
                format: "PDF",
                pages: pages as u64,
                limit: limits.max_pages,
            });
        }
        Ok(Document { pdf })
    }

    /// The number of pages.
    pub fn page_count(&self) -> usize {
        self.pdf.pages().len()
    }

    /// The size of page `index` (from 0) in millimetres, as displayed (rotation applied).
    pub fn page_size_mm(&self, index: usize) -> Option<(f32, f32)> {
        let page = self.pdf.pages().get(index)?;
        let (width, height) = page.render_dimensions();
        Some((width * MM_PER_POINT, height * MM_PER_POINT))
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

    /// Renders page `index` (from 0) at `dpi` to luma.
    ///
    /// # Errors
    /// [`PageError::TooLarge`] when the page would exceed the pixel budget; nothing is
    /// allocated then.
    pub fn render(&self, index: usize, dpi: f32, limits: &Limits) -> Result<GrayImage, PageError> {
        self.pixels(index, dpi, limits)?;
        let (Some(page), Some(geometry)) = (self.pdf.pages().get(index), self.geometry(index, dpi))
        else {
            return Ok(GrayImage::new(0, 0));
        };
        let scale = geometry.scale;
        let cache = RenderCache::new();
        let pixmap = hayro::render(
            page,
            &cache,
            &hayro::hayro_interpret::InterpreterSettings::default(),
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
        );
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
