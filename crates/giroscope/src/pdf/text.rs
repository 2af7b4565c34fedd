//! A page's text layer, read with hayro's interpreter: the one place text extraction touches
//! hayro. The interpreter already knows what text extraction needs — fonts and their
//! encodings (WinAnsi, Differences, ToUnicode CMaps, CID fonts), TJ arrays with their kerning,
//! character and word spacing, forms, the page's rotation — so a device that keeps each glyph's
//! Unicode text and position, and draws nothing, reads text as the renderer would place it.
//! [`crate::notice::PageText::from_glyphs`] turns the glyphs into lines.
//!
//! The standard 14 fonts that PDFs name without embedding (reportlab's and many office
//! systems' Helvetica) need their metrics to place the glyphs after the first: hayro's small
//! embedded substitutes give them. Rendering does not draw them (it finds codes, not text).

use hayro::hayro_interpret::font::{FontQuery, GlyphRun};
use hayro::hayro_interpret::kurbo::{Affine, BezPath, Point, Rect, Vec2};
use hayro::hayro_interpret::{
    BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageDrawProps,
    InterpreterCache, InterpreterSettings, SoftMask, TransformExt, interpret_page,
};
use hayro::hayro_syntax::page::Page;

use crate::notice::{Glyph, MAX_GLYPHS, PageText};

/// Reads page `page`'s text with its positions, in points from the top-left, y down.
pub(crate) fn read(page: &Page<'_>) -> PageText {
    let settings = InterpreterSettings {
        font_resolver: std::sync::Arc::new(|query: &FontQuery| match query {
            FontQuery::Standard(font) => Some(font.get_font_data()),
            FontQuery::Fallback(font) => Some(font.pick_standard_font().get_font_data()),
        }),
        // Annotations are form fields and stamps, not what the notice prints.
        render_content: hayro::hayro_interpret::RenderContent::PAGE,
        ..InterpreterSettings::default()
    };
    let (width, height) = page.render_dimensions();
    let cache = InterpreterCache::new();
    let mut context = Context::new(
        page.initial_transform(true).to_kurbo(),
        Rect::new(0.0, 0.0, f64::from(width), f64::from(height)),
        &cache,
        page.xref(),
        settings,
    );
    let mut device = Glyphs(Vec::new());
    interpret_page(page, &mut context, &mut device);
    PageText::from_glyphs(device.0)
}

/// A device that keeps glyphs and draws nothing.
struct Glyphs(Vec<Glyph>);

impl<'a> Device<'a> for Glyphs {
    fn draw_path(&mut self, _: &BezPath, _: DrawProps<'a>, _: &DrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {}
    fn pop_clip(&mut self) {}
    fn pop_transparency_group(&mut self) {}

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, mode: &DrawMode) {
        // Invisible text is an OCR layer over a scan: what the page says, too. A run drawn
        // twice (fill, then stroke) is kept once: the device is called once per mode.
        if matches!(mode, DrawMode::Stroke(_)) {
            return;
        }
        for glyph in run.glyphs() {
            if self.0.len() >= MAX_GLYPHS {
                return;
            }
            let Some(text) = glyph.as_unicode() else {
                continue;
            };
            let text = match text {
                hayro::hayro_interpret::hayro_cmap::BfString::Char(c) => c.to_string(),
                hayro::hayro_interpret::hayro_cmap::BfString::String(s) => s,
            };
            // Glyph space is 1000 units an em.
            let full: Affine = props.transform * glyph.transform();
            let origin = full * Point::ORIGIN;
            let [a, b, c, d, _, _] = full.as_coeffs();
            // Where the glyph's em square goes: its height and its width, as vectors.
            let up = Vec2::new(c * 1000.0, d * 1000.0);
            let across = Vec2::new(a * 1000.0, b * 1000.0);
            // Only upright text is read: a notice's fields are not set sideways.
            if across.x <= 0.0 || across.y.abs() > across.x * 0.1 || up.x.abs() > up.y.abs() * 0.1 {
                continue;
            }
            let advance = match &**glyph {
                hayro::hayro_interpret::font::Glyph::Outline(outline) => outline.advance_width(),
                hayro::hayro_interpret::font::Glyph::Type3(type3) => type3.advance_width(),
            }
            .map_or(500.0, f64::from);
            self.0.push(Glyph {
                text,
                x: origin.x as f32,
                y: origin.y as f32,
                size: up.y.abs() as f32,
                advance: (a * advance) as f32,
            });
        }
    }
}
