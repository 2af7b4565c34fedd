//! Pictures of flagged pages, like PostFinance's "visual control" for QR-bills: the code's
//! outline, its quiet zone (4 modules) and a ruler of its modules drawn on the page.
//!
//! [`annotate`] draws a whole page for `--annotate`; [`thumbnail`] cuts out the code (or
//! shrinks a page without one) for the QA report, which draws the outlines as vectors on top.
//! Colours: code blue, quiet zone orange, no code a red frame — distinguishable also for the
//! common colour-vision deficiencies.

use std::io::Cursor;

use image::{GrayImage, ImageEncoder, Rgb, RgbImage};

use crate::check::symbol::SymbolReport;
use crate::i18n::Lang;
use crate::pages::PagePixels;

/// A point in pixels.
pub type Point = (f32, f32);

const BLUE: Rgb<u8> = Rgb([0x00, 0x57, 0xB8]);
const ORANGE: Rgb<u8> = Rgb([0xE6, 0x61, 0x00]);
const YELLOW: Rgb<u8> = Rgb([0xFF, 0xC2, 0x0A]);
const RED: Rgb<u8> = Rgb([0xC0, 0x00, 0x00]);
const WHITE: Rgb<u8> = Rgb([0xFF, 0xFF, 0xFF]);

/// Modules of quiet zone ISO/IEC 18004 asks for around a QR code.
const QUIET_MODULES: f32 = 4.0;

/// A small greyscale picture with the outlines to draw on it, in its own pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Thumbnail {
    /// The picture as a greyscale PNG.
    pub png: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Each code's outline.
    pub codes: Vec<[Point; 4]>,
    /// Each code's quiet zone, 4 modules around it.
    pub quiet_zones: Vec<[Point; 4]>,
}

/// The code's outline and its quiet zone in report coordinates, the quiet zone when the
/// module count is known.
fn outlines(symbol: &SymbolReport) -> ([Point; 4], Option<[Point; 4]>) {
    let c = symbol.corners;
    let quiet = symbol.size.filter(|&size| size > 0).map(|size| {
        let size = size as f32;
        // One module across (u) and down (v), from the top and left edges.
        let u = ((c[1].0 - c[0].0) / size, (c[1].1 - c[0].1) / size);
        let v = ((c[3].0 - c[0].0) / size, (c[3].1 - c[0].1) / size);
        let q = QUIET_MODULES;
        let at = |p: Point, su: f32, sv: f32| {
            (
                p.0 + q * (su * u.0 + sv * v.0),
                p.1 + q * (su * u.1 + sv * v.1),
            )
        };
        [
            at(c[0], -1.0, -1.0),
            at(c[1], 1.0, -1.0),
            at(c[2], 1.0, 1.0),
            at(c[3], -1.0, 1.0),
        ]
    });
    (c, quiet)
}

fn scaled(points: [Point; 4], scale: f32, (dx, dy): Point) -> [Point; 4] {
    points.map(|(x, y)| (x * scale - dx, y * scale - dy))
}

/// A thumbnail of at most `max_side` pixels: the codes with their quiet zones and a margin,
/// or the whole page when there are none.
pub fn thumbnail(pixels: &PagePixels, symbols: &[&SymbolReport], max_side: u32) -> Thumbnail {
    let (width, height) = pixels.luma.dimensions();
    let polygons: Vec<([Point; 4], Option<[Point; 4]>)> =
        symbols.iter().map(|s| outlines(s)).collect();
    let crop = if polygons.is_empty() {
        (0, 0, width, height)
    } else {
        let points = polygons
            .iter()
            .flat_map(|(code, quiet)| code.iter().chain(quiet.iter().flatten()))
            .map(|&(x, y)| (x * pixels.scale, y * pixels.scale));
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for (x, y) in points {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        let margin = 0.08 * (x1 - x0).max(y1 - y0);
        let clamp = |v: f32, limit: u32| v.max(0.0).min(limit as f32) as u32;
        let (left, top) = (clamp(x0 - margin, width), clamp(y0 - margin, height));
        let (right, bottom) = (clamp(x1 + margin, width), clamp(y1 + margin, height));
        (left, top, (right - left).max(1), (bottom - top).max(1))
    };
    let (left, top, crop_width, crop_height) = crop;
    let cut =
        image::imageops::crop_imm(&pixels.luma, left, top, crop_width, crop_height).to_image();
    // Shrink to fit; a small code is enlarged (up to 3×, sharp) so its modules show.
    let fit = max_side as f32 / crop_width.max(crop_height) as f32;
    let zoom = if polygons.is_empty() {
        fit.min(1.0)
    } else {
        fit.min(3.0)
    };
    let (out_width, out_height) = (
        ((crop_width as f32 * zoom).round() as u32).max(1),
        ((crop_height as f32 * zoom).round() as u32).max(1),
    );
    let filter = if zoom > 1.0 {
        image::imageops::FilterType::Nearest
    } else {
        image::imageops::FilterType::Triangle
    };
    let small = if (out_width, out_height) == (crop_width, crop_height) {
        cut
    } else {
        image::imageops::resize(&cut, out_width, out_height, filter)
    };
    let to_thumb = |points: [Point; 4]| {
        scaled(points, pixels.scale, (left as f32, top as f32)).map(|(x, y)| (x * zoom, y * zoom))
    };
    Thumbnail {
        png: png_luma(&small),
        width: out_width,
        height: out_height,
        codes: polygons.iter().map(|(code, _)| to_thumb(*code)).collect(),
        quiet_zones: polygons
            .iter()
            .filter_map(|(_, quiet)| quiet.map(to_thumb))
            .collect(),
    }
}

/// The whole page with every code's outline and quiet zone, and beside it a panel with each
/// code enlarged from `detail` (the page at full resolution, when given): outline, quiet zone,
/// a ruler of its modules and the module size written out. A page without a code gets a red
/// frame and no panel.
pub fn annotate(
    page: &PagePixels,
    detail: Option<&PagePixels>,
    symbols: &[&SymbolReport],
    lang: Lang,
) -> RgbImage {
    let (width, height) = page.luma.dimensions();
    let longest = width.max(height) as f32;
    if symbols.is_empty() {
        let mut framed = image::DynamicImage::ImageLuma8(page.luma.clone()).into_rgb8();
        let frame = (longest / 120.0).max(4.0);
        let (w, h) = (width as f32, height as f32);
        let border = [
            (0.0, 0.0),
            (w - 1.0, 0.0),
            (w - 1.0, h - 1.0),
            (0.0, h - 1.0),
        ];
        polygon(&mut framed, border, frame, RED, None);
        return framed;
    }
    let panel = (width / 2).max(400);
    let mut out = RgbImage::from_pixel(width + panel, height, WHITE);
    image::imageops::replace(
        &mut out,
        &image::DynamicImage::ImageLuma8(page.luma.clone()).into_rgb8(),
        0,
        0,
    );
    let stroke = (longest / 700.0).max(2.0);
    for symbol in symbols {
        marks(&mut out, symbol, page.scale, (0.0, 0.0), stroke, false);
    }
    // The panel: each code enlarged, one under the other, as many as fit.
    let source = detail.unwrap_or(page);
    let gap = (longest / 80.0).round() as u32;
    let label_scale = ((longest / 500.0).round() as u32).max(2);
    let mut top = gap;
    for symbol in symbols {
        let (code, quiet) = outlines(symbol);
        let region = quiet.unwrap_or(code);
        let margin = symbol.module_px.unwrap_or(4.0) * 2.0;
        let xs = region.iter().map(|p| p.0);
        let ys = region.iter().map(|p| p.1);
        let (x0, x1) = (
            xs.clone().fold(f32::MAX, f32::min),
            xs.fold(f32::MIN, f32::max),
        );
        let (y0, y1) = (
            ys.clone().fold(f32::MAX, f32::min),
            ys.fold(f32::MIN, f32::max),
        );
        let clamp = |v: f32, limit: u32| (v * source.scale).max(0.0).min(limit as f32) as u32;
        let (sw, sh) = source.luma.dimensions();
        let (left, right) = (clamp(x0 - margin, sw), clamp(x1 + margin, sw));
        let (upper, lower) = (clamp(y0 - margin, sh), clamp(y1 + margin, sh));
        if right <= left || lower <= upper {
            continue;
        }
        let cut = image::imageops::crop_imm(&source.luma, left, upper, right - left, lower - upper)
            .to_image();
        let text_height = 9 * label_scale + gap;
        let room = height.saturating_sub(top + text_height + gap) as f32;
        let fit = ((panel - 2 * gap) as f32 / cut.width() as f32).min(room / cut.height() as f32);
        let side = |v: u32| ((v as f32 * fit).round() as u32).max(1);
        let (zw, zh) = (side(cut.width()), side(cut.height()));
        // Another code enlarged less than its own size is not worth showing.
        if fit < 1.0 && top > gap {
            break;
        }
        let filter = if fit > 1.0 {
            image::imageops::FilterType::Nearest
        } else {
            image::imageops::FilterType::Triangle
        };
        let zoomed = image::DynamicImage::ImageLuma8(image::imageops::resize(&cut, zw, zh, filter))
            .into_rgb8();
        let (px, py) = (width + gap, top);
        image::imageops::replace(&mut out, &zoomed, i64::from(px), i64::from(py));
        let scale = source.scale * fit;
        let offset = (
            left as f32 * fit - px as f32,
            upper as f32 * fit - py as f32,
        );
        let inset_stroke = (symbol.module_px.unwrap_or(4.0) * scale * 0.3).clamp(2.0, 8.0);
        marks(&mut out, symbol, scale, offset, inset_stroke, true);
        let label = module_label(symbol, lang);
        text(
            &mut out,
            &label,
            px as f32,
            (py + zh + gap / 2) as f32,
            label_scale,
        );
        top += zh + text_height + gap;
    }
    out
}

/// `Modul 0,25 mm` (or pixels, where the print size is not known).
fn module_label(symbol: &SymbolReport, lang: Lang) -> String {
    let (value, unit) = match (symbol.module_mm, symbol.module_px) {
        (Some(mm), _) => (format!("{mm:.2}"), "mm"),
        (None, Some(px)) => (format!("{px:.1}"), "px"),
        (None, None) => return String::new(),
    };
    match lang {
        Lang::De => format!("Modul {} {unit}", value.replace('.', ",")),
        Lang::En => format!("module {value} {unit}"),
    }
}

/// Outline and quiet zone of one code, drawn at `scale` report units a pixel and shifted by
/// `offset`; with its module ruler when `ruled`.
fn marks(
    out: &mut RgbImage,
    symbol: &SymbolReport,
    scale: f32,
    offset: Point,
    stroke: f32,
    ruled: bool,
) {
    let (code, quiet) = outlines(symbol);
    let code = scaled(code, scale, offset);
    let module_px = symbol.module_px.unwrap_or(4.0) * scale;
    if let Some(quiet) = quiet {
        let dash = (module_px * 1.5).max(3.0 * stroke);
        polygon(
            out,
            scaled(quiet, scale, offset),
            stroke,
            ORANGE,
            Some(dash),
        );
    }
    polygon(out, code, stroke, BLUE, None);
    if ruled && let Some(size) = symbol.size.filter(|&s| s > 0) {
        ruler(out, code, size, module_px);
    }
}

/// Alternating blue and yellow module lengths along the code's top edge, a module and a half
/// above it: the module size, visible.
fn ruler(page: &mut RgbImage, code: [Point; 4], size: usize, module_px: f32) {
    let n = size as f32;
    let u = ((code[1].0 - code[0].0) / n, (code[1].1 - code[0].1) / n);
    let v = ((code[3].0 - code[0].0) / n, (code[3].1 - code[0].1) / n);
    let start = (code[0].0 - 1.5 * v.0, code[0].1 - 1.5 * v.1);
    let thickness = (module_px * 0.6).max(2.0);
    let end = (start.0 + n * u.0, start.1 + n * u.1);
    line(page, start, end, thickness, BLUE, None);
    // Every second module yellow, pulled in by the pen's half width so it ends where the
    // module does.
    let length = u.0.hypot(u.1).max(f32::EPSILON);
    let pull = (thickness / 2.0).min(length / 2.0) / length;
    for k in (1..size).step_by(2) {
        let k = k as f32;
        let a = (start.0 + (k + pull) * u.0, start.1 + (k + pull) * u.1);
        let b = (
            start.0 + (k + 1.0 - pull) * u.0,
            start.1 + (k + 1.0 - pull) * u.1,
        );
        line(page, a, b, thickness, YELLOW, None);
    }
}

fn polygon(
    page: &mut RgbImage,
    points: [Point; 4],
    width: f32,
    colour: Rgb<u8>,
    dash: Option<f32>,
) {
    for i in 0..4 {
        line(page, points[i], points[(i + 1) % 4], width, colour, dash);
    }
}

/// A line `width` pixels wide, dashed with `dash`-pixel dashes and gaps if given.
fn line(page: &mut RgbImage, a: Point, b: Point, width: f32, colour: Rgb<u8>, dash: Option<f32>) {
    let length = (b.0 - a.0).hypot(b.1 - a.1);
    let steps = (length * 2.0).ceil().max(1.0) as usize;
    let half = width / 2.0;
    for step in 0..=steps {
        let t = step as f32 / steps as f32;
        if let Some(dash) = dash
            && ((t * length / dash) as usize) % 2 == 1
        {
            continue;
        }
        let (x, y) = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
        dot(page, x, y, half, colour);
    }
}

fn dot(page: &mut RgbImage, x: f32, y: f32, half: f32, colour: Rgb<u8>) {
    let (width, height) = page.dimensions();
    let x0 = (x - half).floor().max(0.0) as u32;
    let y0 = (y - half).floor().max(0.0) as u32;
    let x1 = ((x + half).ceil().max(0.0) as u32).min(width);
    let y1 = ((y + half).ceil().max(0.0) as u32).min(height);
    for py in y0..y1 {
        for px in x0..x1 {
            page.put_pixel(px, py, colour);
        }
    }
}

/// 5×7 glyphs for the labels: digits, separators, units and the word "Modul"/"module".
fn glyph(c: char) -> [u8; 7] {
    match c {
        '0' => [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E],
        '1' => [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
        '2' => [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F],
        '3' => [0x1E, 0x01, 0x01, 0x0E, 0x01, 0x01, 0x1E],
        '4' => [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02],
        '5' => [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
        '6' => [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E],
        '7' => [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
        '8' => [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E],
        '9' => [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
        '.' => [0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C],
        ',' => [0x00, 0x00, 0x00, 0x00, 0x0C, 0x04, 0x08],
        'm' => [0x00, 0x00, 0x1A, 0x15, 0x15, 0x15, 0x15],
        'p' => [0x00, 0x00, 0x1E, 0x11, 0x1E, 0x10, 0x10],
        'x' => [0x00, 0x00, 0x11, 0x0A, 0x04, 0x0A, 0x11],
        'M' => [0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11],
        'o' => [0x00, 0x00, 0x0E, 0x11, 0x11, 0x11, 0x0E],
        'd' => [0x01, 0x01, 0x0D, 0x13, 0x11, 0x11, 0x0F],
        'u' => [0x00, 0x00, 0x11, 0x11, 0x11, 0x13, 0x0D],
        'l' => [0x0C, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E],
        'e' => [0x00, 0x00, 0x0E, 0x11, 0x1F, 0x10, 0x0E],
        _ => [0; 7],
    }
}

/// Writes `label` with its top-left at (x, y), `scale` pixels a font dot, blue on white.
fn text(page: &mut RgbImage, label: &str, x: f32, y: f32, scale: u32) {
    let (width, height) = page.dimensions();
    let s = scale as i64;
    let (x, y) = (x.round() as i64, y.round().max(0.0) as i64);
    let chars = label.chars().count() as i64;
    let box_width = chars * 6 * s + 2 * s;
    let mut put = |px: i64, py: i64, colour: Rgb<u8>| {
        if (0..i64::from(width)).contains(&px) && (0..i64::from(height)).contains(&py) {
            page.put_pixel(px as u32, py as u32, colour);
        }
    };
    for py in y..y + 9 * s {
        for px in x..x + box_width {
            put(px, py, WHITE);
        }
    }
    for (i, c) in label.chars().enumerate() {
        for (row, bits) in glyph(c).iter().enumerate() {
            for column in 0..5 {
                if bits & (0x10 >> column) != 0 {
                    let gx = x + s + (i as i64 * 6 + column) * s;
                    let gy = y + s + row as i64 * s;
                    for dy in 0..s {
                        for dx in 0..s {
                            put(gx + dx, gy + dy, BLUE);
                        }
                    }
                }
            }
        }
    }
}

/// A greyscale PNG.
pub fn png_luma(image: &GrayImage) -> Vec<u8> {
    encode(
        image.as_raw(),
        image.dimensions(),
        image::ExtendedColorType::L8,
    )
}

/// A colour PNG.
pub fn png_rgb(image: &RgbImage) -> Vec<u8> {
    encode(
        image.as_raw(),
        image.dimensions(),
        image::ExtendedColorType::Rgb8,
    )
}

fn encode(raw: &[u8], (width, height): (u32, u32), colour: image::ExtendedColorType) -> Vec<u8> {
    let mut bytes = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new_with_quality(
        Cursor::new(&mut bytes),
        image::codecs::png::CompressionType::Best,
        image::codecs::png::FilterType::Adaptive,
    );
    // Writing into memory fails only for a buffer that does not match its size, which the
    // image types rule out.
    let _ = encoder.write_image(raw, width, height, colour);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbol() -> SymbolReport {
        SymbolReport {
            corners: [
                (100.0, 100.0),
                (200.0, 100.0),
                (200.0, 200.0),
                (100.0, 200.0),
            ],
            size: Some(25),
            module_px: Some(4.0),
            version: None,
            ec_level: None,
            mask: None,
            eci: None,
            modes: Vec::new(),
            mirrored: false,
            structured_append: false,
            corrected_errors: None,
            unused_error_correction: None,
            quiet_zone: None,
            quiet_zone_cut: false,
            contrast: None,
            inverted: false,
            finder_guessed: false,
            finder_damage: None,
            unclear_modules: None,
            crease: false,
            patch: None,
            module_mm: Some(0.34),
            position_mm: None,
            quiet_zone_mm: None,
            engines: Vec::new(),
            engines_tried: 1,
            step: "test",
        }
    }

    #[test]
    fn the_quiet_zone_is_four_modules_around_the_code() {
        let (_, quiet) = outlines(&symbol());
        assert_eq!(
            quiet,
            Some([(84.0, 84.0), (216.0, 84.0), (216.0, 216.0), (84.0, 216.0)])
        );
    }

    #[test]
    fn pictures_mark_code_quiet_zone_and_ruler() {
        let pixels = PagePixels {
            luma: GrayImage::from_pixel(300, 300, image::Luma([255])),
            scale: 1.0,
        };
        let page = annotate(&pixels, None, &[&symbol()], Lang::De);
        assert_eq!(
            page.dimensions(),
            (700, 300),
            "the page and a panel beside it"
        );
        assert_eq!(*page.get_pixel(150, 100), BLUE, "the code's top edge");
        assert_eq!(
            *page.get_pixel(84, 150),
            ORANGE,
            "the quiet zone's left edge"
        );
        assert_eq!(*page.get_pixel(150, 150), WHITE, "inside untouched");
        // The panel enlarges quiet zone plus 2 modules of margin (148 px) to the height left
        // under the label: 300 - 4 - 22 - 4 px.
        let zoom = 270.0 / 148.0;
        let at = |x: f32, y: f32| *page.get_pixel(304 + (x * zoom) as u32, 4 + (y * zoom) as u32);
        assert_eq!(at(66.0, 24.0), BLUE, "the enlarged code's top edge");
        assert_eq!(at(26.0, 18.0), BLUE, "the ruler's first module");
        assert_eq!(at(30.0, 18.0), YELLOW, "the ruler's second module");
        let blank = annotate(&pixels, None, &[], Lang::De);
        assert_eq!(
            *blank.get_pixel(1, 150),
            RED,
            "a page without a code is framed red"
        );
        assert_eq!(module_label(&symbol(), Lang::De), "Modul 0,34 mm");

        let thumb = thumbnail(&pixels, &[&symbol()], 120);
        // Quiet zone 132 px plus 8 % margin each side, shrunk to 120 px.
        assert!(thumb.width <= 120 && thumb.width >= 110, "{}", thumb.width);
        assert_eq!(thumb.codes.len(), 1);
        assert!(thumb.png.starts_with(b"\x89PNG"));
        let (x, y) = thumb.quiet_zones[0][0];
        assert!(x > 0.0 && y > 0.0 && x < 12.0 && y < 12.0, "{x}/{y}");
    }
}
