//! Synthetic, deterministic pictures of German municipal payment notices
//! carrying GiroCodes.
//!
//! Real notices carry personal data and cannot be committed, so the reader is
//! exercised on generated pages instead. The generator reproduces the
//! properties that make detection hard in practice: text-like clutter around
//! the code, perspective, uneven light, blur, sensor noise, JPEG with EXIF
//! orientation, unusual print styles and damage. Everything is driven by a
//! fixed-seed PRNG so that every run produces byte-identical files.

use image::codecs::jpeg::JpegEncoder;
use image::{GrayImage, ImageBuffer, Pixel, RgbImage};
use qrcode::bits::Bits;
use qrcode::types::QrError;
use qrcode::{Color, EcLevel, QrCode, Version};

/// Width of an A4 sheet in millimetres.
pub const A4_W_MM: f32 = 210.0;
/// Height of an A4 sheet in millimetres.
pub const A4_H_MM: f32 = 297.0;

/// Ink used for codes on a normal print; not pure black because laser toner
/// on recycled paper never reaches 0.
const CODE_INK: u8 = 20;
/// Ink used for the text-like bars; a little lighter than the code so that
/// a threshold tuned on text does not accidentally fit the code.
const TEXT_INK: u8 = 60;
/// Module grey of a faded or toner-saving print.
const LOW_CONTRAST_INK: u8 = 150;
/// Width of the quiet zone in modules, as required by ISO/IEC 18004.
const QUIET_ZONE: f32 = 4.0;

/// Small xorshift64* generator.
///
/// A hand-written generator keeps the samples reproducible across platforms
/// and crate upgrades, which a dependency on `rand` would not guarantee.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// Seeds the generator; any seed (including 0) is usable because the
    /// state is mixed with a constant and forced non-zero.
    pub fn new(seed: u64) -> Self {
        let s = seed ^ 0x9E37_79B9_7F4A_7C15;
        let mut r = Self(if s == 0 { 1 } else { s });
        r.next_u64();
        r
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform value in `[0, 1)` with 24 bits of resolution (exact in f32).
    pub fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Uniform value in `[lo, hi)`.
    pub fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.unit()
    }
}

/// What to encode into one QR symbol.
#[derive(Clone, Debug)]
pub struct QrSpec {
    /// Raw payload bytes; always stored in byte mode so that ISO-8859-1 and
    /// UTF-8 payloads keep their exact bytes.
    pub payload: Vec<u8>,
    /// Error-correction level.
    pub ec: EcLevel,
    /// Fixed version, or `None` for the smallest version that fits.
    pub version: Option<Version>,
    /// ECI designator to put in front of the payload (26 = UTF-8,
    /// 3 = ISO-8859-1), or `None` for no ECI segment.
    pub eci: Option<u32>,
}

impl QrSpec {
    /// The usual case: smallest fitting version, no ECI.
    pub fn new(payload: impl Into<Vec<u8>>, ec: EcLevel) -> Self {
        Self {
            payload: payload.into(),
            ec,
            version: None,
            eci: None,
        }
    }
}

/// Encodes `spec` and returns `(size, modules)` where `modules` is row-major
/// with `true` for dark.
///
/// The payload is forced into a single byte-mode segment (optionally after an
/// ECI designator) instead of letting `qrcode` pick modes, because the
/// samples must pin down exactly which segments the reader has to handle.
pub fn qr_modules(spec: &QrSpec) -> Result<(usize, Vec<bool>), String> {
    let candidates: Vec<Version> = match spec.version {
        Some(v) => vec![v],
        None => (1..=40).map(Version::Normal).collect(),
    };
    for version in candidates {
        match encode_bits(spec, version) {
            Ok(bits) => {
                let code = QrCode::with_bits(bits, spec.ec).map_err(|e| e.to_string())?;
                let modules = code
                    .to_colors()
                    .into_iter()
                    .map(|c| c == Color::Dark)
                    .collect();
                return Ok((code.width(), modules));
            }
            Err(QrError::DataTooLong) if spec.version.is_none() => continue,
            Err(e) => return Err(format!("{version:?} at {:?}: {e}", spec.ec)),
        }
    }
    Err(format!(
        "{} bytes do not fit any QR version at {:?}",
        spec.payload.len(),
        spec.ec
    ))
}

fn encode_bits(spec: &QrSpec, version: Version) -> Result<Bits, QrError> {
    let mut bits = Bits::new(version);
    if let Some(eci) = spec.eci {
        bits.push_eci_designator(eci)?;
    }
    bits.push_byte_data(&spec.payload)?;
    bits.push_terminator(spec.ec)?;
    Ok(bits)
}

/// A bare symbol: `px` pixels a module, black on white, with the 4-module quiet zone.
pub fn symbol_image(size: usize, modules: &[bool], px: u32) -> GrayImage {
    let side = (size as u32 + 8) * px;
    GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = ((x / px) as usize, (y / px) as usize);
        let inside = (4..size + 4).contains(&mx) && (4..size + 4).contains(&my);
        image::Luma([if inside && modules[(my - 4) * size + mx - 4] {
            0
        } else {
            255
        }])
    })
}

/// QR version (1..=40) of a symbol with `size` modules per side.
pub fn qr_version(size: usize) -> usize {
    (size - 17) / 4
}

/// An axis-aligned pixel rectangle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width.
    pub w: u32,
    /// Height.
    pub h: u32,
}

/// An encoded symbol and where it is printed on the page.
#[derive(Clone, Debug)]
pub struct PlacedCode {
    /// Modules per side.
    pub size: usize,
    /// Row-major modules, `true` = dark.
    pub modules: Vec<bool>,
    /// Left edge of the symbol (not of the quiet zone), from the page's left edge.
    pub x_mm: f32,
    /// Top edge of the symbol (not of the quiet zone), from the page's top edge.
    pub y_mm: f32,
    /// Printed size of one module.
    pub module_mm: f32,
}

impl PlacedCode {
    /// Encodes `spec` and places it with its top-left symbol corner at
    /// (`x_mm`, `y_mm`).
    pub fn new(spec: &QrSpec, x_mm: f32, y_mm: f32, module_mm: f32) -> Result<Self, String> {
        let (size, modules) = qr_modules(spec)?;
        Ok(Self {
            size,
            modules,
            x_mm,
            y_mm,
            module_mm,
        })
    }

    /// Pixel rectangle covering modules `[mx0, mx1) × [my0, my1)` on a page
    /// rendered at `dpi`; lets callers aim damage at a known part of the code.
    pub fn module_rect_px(&self, dpi: u32, mx0: f32, my0: f32, mx1: f32, my1: f32) -> Rect {
        let k = dpi as f32 / 25.4;
        let x0 = (self.x_mm + mx0 * self.module_mm) * k;
        let y0 = (self.y_mm + my0 * self.module_mm) * k;
        let x1 = (self.x_mm + mx1 * self.module_mm) * k;
        let y1 = (self.y_mm + my1 * self.module_mm) * k;
        Rect {
            x: x0.round() as u32,
            y: y0.round() as u32,
            w: (x1 - x0).round() as u32,
            h: (y1 - y0).round() as u32,
        }
    }
}

/// How the page and its codes are printed.
#[derive(Clone, Copy, Debug)]
pub struct PageStyle {
    /// Light modules on a dark field (quiet zone dark too), as some
    /// letterheads print codes inside a coloured band.
    pub inverted: bool,
    /// Faded print: code and text ink become grey 150, so binarisation with a
    /// fixed threshold fails; combine with `paper: 235` for the classic case.
    pub low_contrast: bool,
    /// Paper grey level; recycled paper is noticeably darker than 255.
    pub paper: u8,
}

impl Default for PageStyle {
    fn default() -> Self {
        Self {
            inverted: false,
            low_contrast: false,
            paper: 250,
        }
    }
}

/// A rendered page together with its resolution, so callers can convert
/// millimetre positions to pixels.
#[derive(Clone, Debug)]
pub struct Page {
    /// The rendered sheet.
    pub image: GrayImage,
    /// Resolution the sheet was rendered at.
    pub dpi: u32,
}

impl Page {
    /// Renders an A4 notice; see [`a4_notice`].
    pub fn a4(dpi: u32, codes: &[PlacedCode], style: PageStyle) -> Self {
        Self {
            image: a4_notice(dpi, codes, style),
            dpi,
        }
    }

    /// Cuts out a region given in millimetres; used to keep committed
    /// samples small while still surrounding the code with page clutter.
    pub fn crop_mm(&self, x_mm: f32, y_mm: f32, w_mm: f32, h_mm: f32) -> GrayImage {
        let k = self.dpi as f32 / 25.4;
        let (iw, ih) = self.image.dimensions();
        let x = ((x_mm * k).round() as u32).min(iw);
        let y = ((y_mm * k).round() as u32).min(ih);
        let w = ((w_mm * k).round() as u32).min(iw - x);
        let h = ((h_mm * k).round() as u32).min(ih - y);
        image::imageops::crop_imm(&self.image, x, y, w, h).to_image()
    }
}

/// Blends `value` into every pixel covered by the rectangle, weighted by the
/// covered fraction of the pixel, so edges at fractional positions come out
/// anti-aliased like a scan instead of snapping to the pixel grid.
fn fill_rect_px(img: &mut GrayImage, x0: f32, y0: f32, x1: f32, y1: f32, value: u8) {
    let (w, h) = img.dimensions();
    let (x0, y0) = (x0.max(0.0), y0.max(0.0));
    let (x1, y1) = (x1.min(w as f32), y1.min(h as f32));
    if x1 <= x0 || y1 <= y0 {
        return;
    }
    let v = value as f32;
    for py in y0.floor() as u32..y1.ceil() as u32 {
        let cy = y1.min(py as f32 + 1.0) - y0.max(py as f32);
        for px in x0.floor() as u32..x1.ceil() as u32 {
            let cx = x1.min(px as f32 + 1.0) - x0.max(px as f32);
            let c = (cx * cy).clamp(0.0, 1.0);
            let p = &mut img.get_pixel_mut(px, py).0[0];
            *p = (*p as f32 * (1.0 - c) + v * c).round() as u8;
        }
    }
}

/// Drawing context in millimetres; the layout is defined in mm so that the
/// same notice renders identically (up to sampling) at every dpi.
struct Sheet<'a> {
    img: &'a mut GrayImage,
    k: f32,
    ink: u8,
}

impl Sheet<'_> {
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, value: u8) {
        let k = self.k;
        fill_rect_px(self.img, x * k, y * k, (x + w) * k, (y + h) * k, value);
    }

    /// A line of "words": bars separated by gaps, like text seen without
    /// reading it. Returns the x where the line ended.
    fn words(&mut self, rng: &mut Rng, x: f32, y: f32, len: f32, height: f32) -> f32 {
        let mut cx = x;
        let end = x + len;
        let gap = height * 0.55;
        while cx < end - 2.0 {
            let w = rng.range(height * 0.8, height * 5.5).min(end - cx);
            let ink = self.ink;
            self.rect(cx, y, w, height, ink);
            cx += w + gap;
        }
        cx - gap
    }

    fn paragraph(&mut self, rng: &mut Rng, x: f32, y: f32, width: f32, lines: usize) -> f32 {
        let pitch = 4.6;
        for i in 0..lines {
            let len = if i + 1 == lines {
                width * rng.range(0.25, 0.7)
            } else {
                width * rng.range(0.93, 1.0)
            };
            self.words(rng, x, y + i as f32 * pitch, len, 2.0);
        }
        y + lines as f32 * pitch
    }
}

/// Renders a white A4 page at `dpi` that looks like a municipal payment
/// notice (letterhead, DIN 5008 address window, paragraphs, a fee table,
/// a payment slip section and a footer, all as grey bars), then prints each
/// code with a 4-module quiet zone.
///
/// The clutter matters: text lines produce the 1:1:3:1:1-like run patterns
/// and dense edges that make naive finder-pattern search produce false hits.
pub fn a4_notice(dpi: u32, codes: &[PlacedCode], style: PageStyle) -> GrayImage {
    let k = dpi as f32 / 25.4;
    let w = (A4_W_MM * k).round() as u32;
    let h = (A4_H_MM * k).round() as u32;
    let mut img = GrayImage::from_pixel(w, h, image::Luma([style.paper]));
    let text_ink = if style.low_contrast {
        LOW_CONTRAST_INK
    } else {
        TEXT_INK
    };
    let mut rng = Rng::new(0x6E07_1CE5);
    let mut s = Sheet {
        img: &mut img,
        k,
        ink: text_ink,
    };
    let light = style.paper.saturating_sub(25);

    // Letterhead: coat-of-arms block and the authority's name.
    s.rect(20.0, 12.0, 16.0, 19.0, text_ink);
    s.rect(23.0, 15.0, 10.0, 6.0, light);
    s.words(&mut rng, 42.0, 13.0, 70.0, 5.0);
    s.words(&mut rng, 42.0, 21.0, 55.0, 2.6);
    s.words(&mut rng, 42.0, 26.0, 40.0, 2.6);
    s.rect(20.0, 35.0, 170.0, 0.4, text_ink);

    // Return address and address window (DIN 5008 form B).
    s.words(&mut rng, 25.0, 48.0, 75.0, 1.3);
    for (i, len) in [45.0, 38.0, 52.0, 33.0].into_iter().enumerate() {
        s.words(&mut rng, 25.0, 62.0 + i as f32 * 5.0, len, 2.4);
    }

    // Information block on the right: label/value pairs.
    for i in 0..7 {
        let y = 50.0 + i as f32 * 4.5;
        s.words(&mut rng, 125.0, y, 22.0, 1.8);
        let len = rng.range(15.0, 36.0);
        s.words(&mut rng, 152.0, y, len, 1.8);
    }

    // Subject line in bold, then the body text.
    s.words(&mut rng, 25.0, 100.0, 115.0, 3.0);
    let mut y = 110.0;
    for lines in [3, 5, 4] {
        y = s.paragraph(&mut rng, 25.0, y, 165.0, lines) + 3.0;
    }

    // Fee table: header band, rules, cells with right-aligned amounts.
    let cols = [25.0, 60.0, 120.0, 155.0, 190.0];
    let top = y + 2.0;
    let row_h = 6.0;
    let rows = 5;
    s.rect(cols[0], top, cols[4] - cols[0], row_h, light);
    for r in 0..=rows {
        s.rect(
            cols[0],
            top + r as f32 * row_h,
            cols[4] - cols[0],
            0.3,
            text_ink,
        );
    }
    for c in cols {
        s.rect(c, top, 0.3, rows as f32 * row_h, text_ink);
    }
    for r in 0..rows {
        let ty = top + r as f32 * row_h + 2.0;
        let hgt = if r == 0 { 2.2 } else { 2.0 };
        for c in 0..4 {
            let span = cols[c + 1] - cols[c] - 4.0;
            let len = rng.range(0.35, 0.9) * span;
            let x = if c == 3 {
                cols[c + 1] - 2.0 - len
            } else {
                cols[c] + 2.0
            };
            s.words(&mut rng, x, ty, len, hgt);
        }
    }

    // Dashed cut line and the payment slip section.
    let slip = top + rows as f32 * row_h + 10.0;
    let mut x = 15.0;
    while x < 195.0 {
        s.rect(x, slip, 2.0, 0.3, text_ink);
        x += 3.5;
    }
    s.words(&mut rng, 25.0, slip + 6.0, 60.0, 2.8);
    for i in 0..8 {
        let y = slip + 14.0 + i as f32 * 5.5;
        s.words(&mut rng, 25.0, y, 28.0, 1.8);
        let len = rng.range(20.0, 55.0);
        s.words(&mut rng, 57.0, y, len, 2.0);
    }

    // Footer with bank details in three columns.
    s.rect(20.0, 280.0, 170.0, 0.3, text_ink);
    for c in 0..3 {
        for i in 0..3 {
            let len = rng.range(30.0, 50.0);
            s.words(
                &mut rng,
                20.0 + c as f32 * 58.0,
                283.0 + i as f32 * 3.0,
                len,
                1.2,
            );
        }
    }

    for code in codes {
        draw_code(&mut img, k, code, style);
    }
    img
}

/// Prints one code with exact area coverage per pixel, so module edges are
/// anti-aliased the way a scanner integrates over its sensor cell.
fn draw_code(img: &mut GrayImage, k: f32, code: &PlacedCode, style: PageStyle) {
    let n = code.size;
    let s = code.module_mm * k;
    let (ox, oy) = (code.x_mm * k, code.y_mm * k);
    let ink = if style.low_contrast {
        LOW_CONTRAST_INK
    } else {
        CODE_INK
    };
    // `fg` is what a dark module looks like, `bg` the light modules and quiet zone.
    let (fg, bg) = if style.inverted {
        (style.paper, ink)
    } else {
        (ink, style.paper)
    };
    let q = QUIET_ZONE * s;
    let side = n as f32 * s;
    fill_rect_px(img, ox - q, oy - q, ox + side + q, oy + side + q, bg);

    let (w, h) = img.dimensions();
    let px0 = ox.floor().max(0.0) as u32;
    let py0 = oy.floor().max(0.0) as u32;
    let px1 = ((ox + side).ceil() as u32).min(w);
    let py1 = ((oy + side).ceil() as u32).min(h);
    let overlap = |a0: f32, a1: f32, m: usize| (a1.min(m as f32 + 1.0) - a0.max(m as f32)).max(0.0);
    let span = |a0: f32, a1: f32| {
        let lo = a0.floor().max(0.0) as usize;
        let hi = (a1.ceil().max(0.0) as usize).min(n);
        lo..hi
    };
    for py in py0..py1 {
        let v0 = (py as f32 - oy) / s;
        let v1 = (py as f32 + 1.0 - oy) / s;
        for px in px0..px1 {
            let u0 = (px as f32 - ox) / s;
            let u1 = (px as f32 + 1.0 - ox) / s;
            let mut cov = 0.0;
            for my in span(v0, v1) {
                let cy = overlap(v0, v1, my);
                for mx in span(u0, u1) {
                    if code.modules[my * n + mx] {
                        cov += cy * overlap(u0, u1, mx);
                    }
                }
            }
            let c = (cov * s * s).clamp(0.0, 1.0);
            let v = bg as f32 + (fg as f32 - bg as f32) * c;
            img.put_pixel(px, py, image::Luma([v.round() as u8]));
        }
    }
}

/// Damages `rect` the way real notices get damaged: an even `seed` drops an
/// irregular ink blot (coffee, pen), an odd `seed` lays a rough white-out
/// patch (correction fluid, a torn-off sticker). Pixels outside `rect` stay
/// untouched so callers can bound the number of destroyed modules.
pub fn damage(img: &mut GrayImage, rect: Rect, seed: u64) {
    let mut rng = Rng::new(seed);
    let (iw, ih) = img.dimensions();
    let x1 = (rect.x + rect.w).min(iw);
    let y1 = (rect.y + rect.h).min(ih);
    let (cx, cy) = (
        rect.x as f32 + rect.w as f32 / 2.0,
        rect.y as f32 + rect.h as f32 / 2.0,
    );
    let (hw, hh) = (rect.w as f32 / 2.0, rect.h as f32 / 2.0);

    if seed.is_multiple_of(2) {
        // Metaballs give a blob with organic, non-convex outline.
        let r0 = hw.min(hh);
        let balls: Vec<(f32, f32, f32)> = (0..7)
            .map(|_| {
                (
                    cx + rng.range(-0.45, 0.45) * hw,
                    cy + rng.range(-0.45, 0.45) * hh,
                    rng.range(0.22, 0.4) * r0,
                )
            })
            .collect();
        for py in rect.y..y1 {
            for px in rect.x..x1 {
                let (fx, fy) = (px as f32 + 0.5, py as f32 + 0.5);
                let f: f32 = balls
                    .iter()
                    .map(|&(bx, by, r)| r * r / ((fx - bx).powi(2) + (fy - by).powi(2) + 1e-3))
                    .sum();
                let a = smoothstep(0.85, 1.15, f);
                if a > 0.0 {
                    // Ink pools darker in the middle of the blot.
                    let ink = 45.0 - 25.0 * (f - 1.0).clamp(0.0, 1.0);
                    let p = &mut img.get_pixel_mut(px, py).0[0];
                    *p = (*p as f32 * (1.0 - a) + ink * a).round() as u8;
                }
            }
        }
    } else {
        let jitter = |rng: &mut Rng, n: u32, amp: f32| -> Vec<f32> {
            // Random walk so the edge is ragged but continuous.
            let mut v = 0.0f32;
            (0..n)
                .map(|_| {
                    v = (v + rng.range(-0.6, 0.6)).clamp(0.0, amp);
                    v
                })
                .collect()
        };
        let amp = 0.12 * hw.min(hh);
        let left = jitter(&mut rng, rect.h, amp);
        let right = jitter(&mut rng, rect.h, amp);
        let top = jitter(&mut rng, rect.w, amp);
        let bottom = jitter(&mut rng, rect.w, amp);
        let phase = rng.range(0.0, 6.0);
        for py in rect.y..y1 {
            let j = (py - rect.y) as usize;
            for px in rect.x..x1 {
                let i = (px - rect.x) as usize;
                let dx = (px - rect.x) as f32;
                let dy = (py - rect.y) as f32;
                let inside = dx >= left[j]
                    && (rect.w as f32 - 1.0 - dx) >= right[j]
                    && dy >= top[i]
                    && (rect.h as f32 - 1.0 - dy) >= bottom[i];
                if inside {
                    // Faint brush streaks keep the patch from being a flat fill.
                    let streak = 2.0 * (dy * 0.35 + phase + (dx * 0.05).sin()).sin();
                    img.put_pixel(px, py, image::Luma([(251.0 + streak).round() as u8]));
                }
            }
        }
    }
}

fn smoothstep(e0: f32, e1: f32, x: f32) -> f32 {
    let t = ((x - e0) / (e1 - e0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// Camera and scene parameters for [`phone_photo`].
#[derive(Clone, Copy, Debug)]
pub struct PhotoParams {
    /// Output positions (pixels) of the page's top-left, top-right,
    /// bottom-right and bottom-left corners; any convex quadrilateral works,
    /// corners may lie outside the frame.
    pub corners: [[f32; 2]; 4],
    /// Base colour of the table the page lies on.
    pub table_rgb: [u8; 3],
    /// Colour of white paper under neutral light, per channel (0..=1).
    pub paper_tint: [f32; 3],
    /// Direction (degrees, image coordinates) towards which the light falls off.
    pub light_angle_deg: f32,
    /// Relative brightness lost from the bright to the dark side (0..1).
    pub light_falloff: f32,
    /// Relative brightness lost in the corners through lens vignetting (0..1).
    pub vignette: f32,
    /// Overall exposure multiplier.
    pub exposure: f32,
    /// Gaussian-equivalent blur sigma in output pixels (defocus / shake);
    /// 0 disables blur.
    pub blur_sigma: f32,
    /// Sensor noise standard deviation in 8-bit levels.
    pub noise: f32,
    /// Per-channel colour cast of the illuminant (warm indoor light etc.).
    pub cast: [f32; 3],
    /// Seed for noise and table texture.
    pub seed: u64,
}

impl PhotoParams {
    /// A plausible hand-held shot of a portrait page in a `w`×`h` frame: the
    /// page fills most of the frame, the top edge is further away (smaller),
    /// the sheet is slightly rotated, light comes from the upper left.
    pub fn typical(w: u32, h: u32) -> Self {
        let (w, h) = (w as f32, h as f32);
        let mut ph = 0.9 * h;
        let mut pw = ph * A4_W_MM / A4_H_MM;
        if pw > 0.92 * w {
            pw = 0.92 * w;
            ph = pw * A4_H_MM / A4_W_MM;
        }
        let (cx, cy) = (w / 2.0, h / 2.0);
        let (hw, hh) = (pw / 2.0, ph / 2.0);
        Self {
            corners: [
                [cx - 0.86 * hw + 0.03 * w, cy - hh + 0.01 * h],
                [cx + 0.86 * hw + 0.03 * w, cy - hh + 0.035 * h],
                [cx + 1.01 * hw, cy + hh],
                [cx - 1.02 * hw, cy + hh - 0.02 * h],
            ],
            table_rgb: [128, 92, 62],
            paper_tint: [0.97, 0.97, 0.95],
            light_angle_deg: 35.0,
            light_falloff: 0.35,
            vignette: 0.25,
            exposure: 1.0,
            blur_sigma: 1.2,
            noise: 3.0,
            cast: [1.05, 1.0, 0.9],
            seed: 0x9407_0F0E,
        }
    }
}

/// Simulates a phone photo of `page` lying on a table and returns an RGB
/// frame of `out_w`×`out_h`.
///
/// The page is warped projectively into `params.corners` (inverse mapping with
/// bilinear sampling from a box-prefiltered copy so strong minification does
/// not alias), composited over a wood-like table with a soft contact shadow,
/// blurred, lit unevenly, given a colour cast and sensor noise.
pub fn phone_photo(page: &GrayImage, out_w: u32, out_h: u32, params: PhotoParams) -> RgbImage {
    let (pw, ph) = page.dimensions();
    let (w, h) = (out_w as usize, out_h as usize);
    let quad = params.corners;
    let area = 0.5
        * (0..4)
            .map(|i| {
                let (a, b) = (quad[i], quad[(i + 1) % 4]);
                a[0] * b[1] - b[0] * a[1]
            })
            .sum::<f32>()
            .abs();
    let scale = (area / (pw as f32 * ph as f32)).sqrt();

    // Prefilter: a phone lens integrates over an area, bilinear sampling of a
    // much larger page would not.
    let factor = ((1.0 / scale).floor() as u32).max(1);
    let src = if factor > 1 {
        box_downsample(page, factor)
    } else {
        page.clone()
    };
    let (sw, sh) = (src.width() as usize, src.height() as usize);
    let srcbuf = src.as_raw();

    let page_rect = [
        [0.0, 0.0],
        [pw as f32, 0.0],
        [pw as f32, ph as f32],
        [0.0, ph as f32],
    ];
    let hm = homography(&quad, &page_rect);

    // Table texture: wood grain along x; sin(a+b) is expanded so the inner
    // loop needs no transcendental calls.
    let mut rng = Rng::new(params.seed);
    let (f1, f2) = (rng.range(0.04, 0.06), rng.range(0.25, 0.35));
    let (p1, p2) = (rng.range(0.0, 6.0), rng.range(0.0, 6.0));
    let col1: Vec<(f32, f32)> = (0..w)
        .map(|x| (2.5 * (x as f32 * 0.003 + p1).sin()).sin_cos())
        .collect();
    let col2: Vec<(f32, f32)> = (0..w)
        .map(|x| (0.8 * (x as f32 * 0.02 + p2).sin()).sin_cos())
        .collect();

    // Two linear planes: page light (P) and table light (T). The final colour
    // is a fixed per-channel linear combination of them, so blurring the
    // planes equals blurring the colour image at two thirds of the cost.
    let mut pl = vec![0f32; w * h];
    let mut tl = vec![0f32; w * h];
    let inv_f = 1.0 / factor as f32;
    let shadow_px = 0.006 * (w.max(h) as f32);
    par_rows2(&mut pl, &mut tl, w, |y, row_p, row_t| {
        let fy = y as f32 + 0.5;
        let (r1s, r1c) = (fy * f1).sin_cos();
        let (r2s, r2c) = (fy * f2).sin_cos();
        for x in 0..w {
            let fx = x as f32 + 0.5;
            let d = hm[6] * fx + hm[7] * fy + hm[8];
            let u = (hm[0] * fx + hm[1] * fy + hm[2]) / d;
            let v = (hm[3] * fx + hm[4] * fy + hm[5]) / d;
            // Signed distance to the page border, converted to output pixels.
            let dist = u.min(pw as f32 - u).min(v).min(ph as f32 - v) * scale;
            let alpha = (dist + 0.5).clamp(0.0, 1.0);
            let mut g = 0.0;
            if alpha > 0.0 {
                g = bilinear(srcbuf, sw, sh, u * inv_f - 0.5, v * inv_f - 0.5) / 255.0;
            }
            let (c1s, c1c) = col1[x];
            let (c2s, c2c) = col2[x];
            let grain = 1.0 + 0.06 * (r1s * c1c + r1c * c1s) + 0.03 * (r2s * c2c + r2c * c2s);
            // Contact shadow: the sheet lifts slightly off the table.
            let shadow = if dist < 0.0 {
                1.0 - 0.35 * (dist / shadow_px).exp()
            } else {
                0.65
            };
            row_p[x] = alpha * g;
            row_t[x] = (1.0 - alpha) * grain * shadow;
        }
    });

    if params.blur_sigma > 0.0 {
        let widths = box_widths(params.blur_sigma, 3);
        let blur_all = |plane: &mut [f32]| {
            for &width in &widths {
                if width > 1 {
                    box_blur(plane, w, h, width / 2);
                }
            }
        };
        std::thread::scope(|sc| {
            sc.spawn(|| blur_all(&mut tl));
            blur_all(&mut pl);
        });
    }

    let (ldy, ldx) = params.light_angle_deg.to_radians().sin_cos();
    let mut out = RgbImage::new(out_w, out_h);
    let k_p: [f32; 3] =
        std::array::from_fn(|c| 255.0 * params.paper_tint[c] * params.exposure * params.cast[c]);
    let k_t: [f32; 3] =
        std::array::from_fn(|c| params.table_rgb[c] as f32 * params.exposure * params.cast[c]);
    let seed = params.seed;
    par_rows(&mut out, w * 3, |y, row| {
        // Per-row streams keep the noise independent of the thread count.
        let mut rng = Rng::new(seed ^ (y as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
        let ny = (y as f32 + 0.5) / h as f32 - 0.5;
        let (prow, trow) = (&pl[y * w..(y + 1) * w], &tl[y * w..(y + 1) * w]);
        for (x, px) in row.chunks_exact_mut(3).enumerate() {
            let nx = (x as f32 + 0.5) / w as f32 - 0.5;
            let t = (nx * ldx + ny * ldy + 0.5).clamp(0.0, 1.0);
            let light = (1.0 - params.light_falloff * t)
                * (1.0 - params.vignette * 2.0 * (nx * nx + ny * ny));
            let (p, tb) = (prow[x] * light, trow[x] * light);
            let bits = rng.next_u64();
            for (c, out) in px.iter_mut().enumerate() {
                let val = p * k_p[c] + tb * k_t[c];
                // Shot noise grows with signal; the floor models read noise.
                let amp = params.noise * (0.4 + 0.6 * (val / 255.0).max(0.0).sqrt());
                *out = (val + gauss4(bits >> (c * 20)) * amp)
                    .round()
                    .clamp(0.0, 255.0) as u8;
            }
        }
    });
    out
}

fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
}

/// Calls `f(y, row)` for every row of `buf`, spread over horizontal bands on
/// all cores.
fn par_rows<T: Send>(buf: &mut [T], row_len: usize, f: impl Fn(usize, &mut [T]) + Sync) {
    let rows = buf.len() / row_len;
    let band = rows.div_ceil(threads()).max(1);
    std::thread::scope(|sc| {
        for (i, chunk) in buf.chunks_mut(band * row_len).enumerate() {
            let f = &f;
            sc.spawn(move || {
                for (j, row) in chunk.chunks_mut(row_len).enumerate() {
                    f(i * band + j, row);
                }
            });
        }
    });
}

/// Like [`par_rows`] for two equally shaped planes filled together.
fn par_rows2(
    a: &mut [f32],
    b: &mut [f32],
    w: usize,
    f: impl Fn(usize, &mut [f32], &mut [f32]) + Sync,
) {
    let rows = a.len() / w;
    let band = rows.div_ceil(threads()).max(1);
    std::thread::scope(|sc| {
        for (i, (ca, cb)) in a
            .chunks_mut(band * w)
            .zip(b.chunks_mut(band * w))
            .enumerate()
        {
            let f = &f;
            sc.spawn(move || {
                for (j, (ra, rb)) in ca.chunks_mut(w).zip(cb.chunks_mut(w)).enumerate() {
                    f(i * band + j, ra, rb);
                }
            });
        }
    });
}

/// Approximately standard-normal value from 20 random bits (sum of four
/// 5-bit uniforms); plenty for sensor noise and far cheaper than Box-Muller.
fn gauss4(bits: u64) -> f32 {
    let s: u64 = (0..4).map(|i| (bits >> (i * 5)) & 31).sum();
    // Four uniforms on 0..=31: mean 62, variance 4 * (32^2 - 1) / 12.
    (s as f32 - 62.0) / 18.46
}

fn bilinear(buf: &[u8], w: usize, h: usize, x: f32, y: f32) -> f32 {
    let x = x.clamp(0.0, (w - 1) as f32);
    let y = y.clamp(0.0, (h - 1) as f32);
    let (x0, y0) = (x as usize, y as usize);
    let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let a = buf[y0 * w + x0] as f32;
    let b = buf[y0 * w + x1] as f32;
    let c = buf[y1 * w + x0] as f32;
    let d = buf[y1 * w + x1] as f32;
    let top = a + (b - a) * fx;
    let bot = c + (d - c) * fx;
    top + (bot - top) * fy
}

fn box_downsample(img: &GrayImage, f: u32) -> GrayImage {
    let (w, h) = img.dimensions();
    let (ow, oh) = (w.div_ceil(f), h.div_ceil(f));
    GrayImage::from_fn(ow, oh, |ox, oy| {
        let (mut sum, mut n) = (0u32, 0u32);
        for y in oy * f..((oy + 1) * f).min(h) {
            for x in ox * f..((ox + 1) * f).min(w) {
                sum += img.get_pixel(x, y).0[0] as u32;
                n += 1;
            }
        }
        image::Luma([((sum + n / 2) / n) as u8])
    })
}

/// Box widths whose repeated application approximates a Gaussian of `sigma`
/// (the classic "boxes for Gauss" split into two odd widths).
fn box_widths(sigma: f32, n: usize) -> Vec<usize> {
    let nf = n as f32;
    let ideal = (12.0 * sigma * sigma / nf + 1.0).sqrt();
    let mut wl = ideal.floor() as i32;
    if wl % 2 == 0 {
        wl -= 1;
    }
    let wl = wl.max(1);
    let wu = wl + 2;
    let wlf = wl as f32;
    let m = ((12.0 * sigma * sigma - nf * wlf * wlf - 4.0 * nf * wlf - 3.0 * nf)
        / (-4.0 * wlf - 4.0))
        .round() as usize;
    (0..n)
        .map(|i| if i < m { wl as usize } else { wu as usize })
        .collect()
}

/// In-place box blur of radius `r` with clamped edges. The vertical pass runs
/// row by row with a running column sum so memory is read sequentially.
fn box_blur(plane: &mut [f32], w: usize, h: usize, r: usize) {
    let norm = 1.0 / (2 * r + 1) as f32;
    let mut line = vec![0f32; w];
    for row in plane.chunks_exact_mut(w) {
        line.copy_from_slice(row);
        let at = |i: isize| line[i.clamp(0, w as isize - 1) as usize];
        let mut sum: f32 = (-(r as isize)..=r as isize).map(at).sum();
        for (x, out) in row.iter_mut().enumerate() {
            *out = sum * norm;
            let x = x as isize;
            sum += at(x + r as isize + 1) - at(x - r as isize);
        }
    }
    let src = plane.to_vec();
    let row_of = |y: isize| {
        let y = y.clamp(0, h as isize - 1) as usize;
        &src[y * w..(y + 1) * w]
    };
    let mut sums = vec![0f32; w];
    for dy in -(r as isize)..=r as isize {
        for (s, v) in sums.iter_mut().zip(row_of(dy)) {
            *s += v;
        }
    }
    for y in 0..h {
        let out = &mut plane[y * w..(y + 1) * w];
        for (o, s) in out.iter_mut().zip(&sums) {
            *o = s * norm;
        }
        let add = row_of(y as isize + r as isize + 1);
        let sub = row_of(y as isize - r as isize);
        for ((s, a), b) in sums.iter_mut().zip(add).zip(sub) {
            *s += a - b;
        }
    }
}

/// Projective transform taking each `from[i]` to `to[i]`, as a row-major 3×3
/// matrix with `h[8] == 1`.
fn homography(from: &[[f32; 2]; 4], to: &[[f32; 2]; 4]) -> [f32; 9] {
    let mut a = [[0f64; 9]; 8];
    for i in 0..4 {
        let (x, y) = (from[i][0] as f64, from[i][1] as f64);
        let (u, v) = (to[i][0] as f64, to[i][1] as f64);
        a[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -x * u, -y * u, u];
        a[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -x * v, -y * v, v];
    }
    // Gauss-Jordan elimination with partial pivoting on the augmented matrix.
    for col in 0..8 {
        let piv = (col..8)
            .max_by(|&p, &q| a[p][col].abs().total_cmp(&a[q][col].abs()))
            .unwrap_or(col);
        a.swap(col, piv);
        let d = a[col][col];
        for v in a[col].iter_mut() {
            *v /= d;
        }
        let pivot_row = a[col];
        for (r, row) in a.iter_mut().enumerate() {
            if r != col {
                let f = row[col];
                for (v, p) in row.iter_mut().zip(pivot_row.iter()) {
                    *v -= f * p;
                }
            }
        }
    }
    let mut hm = [1f32; 9];
    for (i, row) in a.iter().enumerate() {
        hm[i] = row[8] as f32;
    }
    hm
}

/// Stores `img` so that a viewer honouring EXIF `orientation` (1..=8) shows
/// it as given, i.e. applies the inverse of the display transform; this is
/// how a phone sensor in portrait hands over landscape pixels.
///
/// Unknown orientations are treated as 1.
pub fn rotate_for_orientation<P>(
    img: &ImageBuffer<P, Vec<P::Subpixel>>,
    orientation: u16,
) -> ImageBuffer<P, Vec<P::Subpixel>>
where
    P: Pixel + 'static,
{
    use image::imageops::{flip_horizontal, flip_vertical, rotate90, rotate180, rotate270};
    match orientation {
        2 => flip_horizontal(img),
        3 => rotate180(img),
        4 => flip_vertical(img),
        // Transpose and transverse are their own inverses.
        5 => flip_horizontal(&rotate90(img)),
        6 => rotate270(img),
        7 => flip_horizontal(&rotate270(img)),
        8 => rotate90(img),
        _ => img.clone(),
    }
}

/// Encodes `img` as baseline JPEG and inserts a minimal EXIF APP1 segment
/// right after SOI carrying only the Orientation tag (0x0112).
///
/// The segment is built by hand because the `image` encoder writes no EXIF,
/// and readers must be tested against files whose stored pixels are rotated.
pub fn jpeg_with_exif_orientation(img: &RgbImage, quality: u8, orientation: u16) -> Vec<u8> {
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, quality)
        .encode_image(img)
        .expect("encoding to memory cannot fail");
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "encoder output lacks SOI");

    let mut tiff = Vec::with_capacity(26);
    tiff.extend_from_slice(b"MM\0\x2A"); // big-endian TIFF
    tiff.extend_from_slice(&8u32.to_be_bytes()); // IFD0 follows the header
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes()); // count
    tiff.extend_from_slice(&orientation.to_be_bytes()); // value, left-justified
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no IFD1

    let seg_len = (2 + 6 + tiff.len()) as u16;
    let mut out = Vec::with_capacity(jpeg.len() + seg_len as usize + 2);
    out.extend_from_slice(&[0xFF, 0xD8, 0xFF, 0xE1]);
    out.extend_from_slice(&seg_len.to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::metadata::Orientation;
    use image::{DynamicImage, ImageDecoder, ImageReader};
    use std::io::Cursor;

    const GIRO: &[u8] = b"BCD\n002\n1\nSCT\n\nStadtkasse Musterstadt\nDE02120300000000202051\nEUR25\nGOVT\n\nKassenzeichen 5.1234.567890.1 Verwarnungsgeld Parken";

    // ---- A tiny, independent QR matrix reader (no image processing). ----

    struct Decoded {
        ec: EcLevel,
        eci: Option<u32>,
        payload: Vec<u8>,
    }

    fn gf_mul(a: u8, b: u8) -> u8 {
        let (mut a, mut b, mut r) = (a as u16, b, 0u16);
        while b != 0 {
            if b & 1 != 0 {
                r ^= a;
            }
            a <<= 1;
            if a & 0x100 != 0 {
                a ^= 0x11D;
            }
            b >>= 1;
        }
        r as u8
    }

    fn rs_ecc(data: &[u8], n: usize) -> Vec<u8> {
        let mut g = vec![1u8];
        let mut root = 1u8;
        for _ in 0..n {
            let mut ng = vec![0u8; g.len() + 1];
            for (i, &c) in g.iter().enumerate() {
                ng[i] ^= c;
                ng[i + 1] ^= gf_mul(c, root);
            }
            g = ng;
            root = gf_mul(root, 2);
        }
        let mut rem = vec![0u8; n];
        for &d in data {
            let f = d ^ rem[0];
            rem.remove(0);
            rem.push(0);
            for i in 0..n {
                rem[i] ^= gf_mul(g[i + 1], f);
            }
        }
        rem
    }

    fn alignment_centres(version: usize, size: usize) -> Vec<usize> {
        if version == 1 {
            return vec![];
        }
        let num = version / 7 + 2;
        let step = if version == 32 {
            26
        } else {
            (version * 4 + num * 2 + 1) / (num * 2 - 2) * 2
        };
        let mut v: Vec<usize> = (0..num - 1).map(|i| size - 7 - i * step).collect();
        v.push(6);
        v.reverse();
        v
    }

    fn read_matrix(size: usize, m: &[bool]) -> Result<Decoded, String> {
        let version = qr_version(size);
        let at = |x: usize, y: usize| m[y * size + x];

        let mut f1 = 0u32;
        let mut f2 = 0u32;
        for i in 0..15 {
            let (x, y) = match i {
                0..=5 => (8, i),
                6 => (8, 7),
                7 => (8, 8),
                8 => (7, 8),
                _ => (14 - i, 8),
            };
            f1 |= (at(x, y) as u32) << i;
            let (x, y) = if i < 8 {
                (size - 1 - i, 8)
            } else {
                (8, size - 15 + i)
            };
            f2 |= (at(x, y) as u32) << i;
        }
        if f1 != f2 {
            return Err("format copies differ".into());
        }
        if !at(8, size - 8) {
            return Err("dark module missing".into());
        }
        let f = f1 ^ 0x5412;
        let data = f >> 10;
        let mut rem = data;
        for _ in 0..10 {
            rem = (rem << 1) ^ ((rem >> 9) * 0x537);
        }
        if (data << 10 | (rem & 0x3FF)) != f {
            return Err("format BCH mismatch".into());
        }
        let ec = match data >> 3 {
            1 => EcLevel::L,
            0 => EcLevel::M,
            3 => EcLevel::Q,
            _ => EcLevel::H,
        };
        let mask = data & 7;

        if version >= 7 {
            let mut rem = version as u32;
            for _ in 0..12 {
                rem = (rem << 1) ^ ((rem >> 11) * 0x1F25);
            }
            let bits = (version as u32) << 12 | rem;
            for i in 0..18 {
                let bit = (bits >> i) & 1 == 1;
                let (a, b) = (size - 11 + i % 3, i / 3);
                if at(a, b) != bit || at(b, a) != bit {
                    return Err("version info mismatch".into());
                }
            }
        }

        let mut func = vec![false; size * size];
        let mut mark = |x: usize, y: usize| func[y * size + x] = true;
        for y in 0..size {
            for x in 0..size {
                let corner = (y < 9 && (x < 9 || x >= size - 8)) || (x < 9 && y >= size - 8);
                let vinfo = version >= 7
                    && ((x >= size - 11 && x < size - 8 && y < 6)
                        || (y >= size - 11 && y < size - 8 && x < 6));
                if corner || vinfo || x == 6 || y == 6 {
                    mark(x, y);
                }
            }
        }
        let al = alignment_centres(version, size);
        let last = al.len().saturating_sub(1);
        for (i, &cy) in al.iter().enumerate() {
            for (j, &cx) in al.iter().enumerate() {
                if (i == 0 && (j == 0 || j == last)) || (i == last && j == 0) {
                    continue;
                }
                for y in cy - 2..=cy + 2 {
                    for x in cx - 2..=cx + 2 {
                        mark(x, y);
                    }
                }
            }
        }

        let masked = |x: usize, y: usize| -> bool {
            let (i, j) = (y, x);
            match mask {
                0 => (i + j) % 2 == 0,
                1 => i % 2 == 0,
                2 => j % 3 == 0,
                3 => (i + j) % 3 == 0,
                4 => (i / 2 + j / 3) % 2 == 0,
                5 => (i * j) % 2 + (i * j) % 3 == 0,
                6 => ((i * j) % 2 + (i * j) % 3) % 2 == 0,
                _ => ((i + j) % 2 + (i * j) % 3) % 2 == 0,
            }
        };
        let mut bits = Vec::new();
        let mut right = size as isize - 1;
        while right >= 1 {
            if right == 6 {
                right = 5;
            }
            for vert in 0..size {
                for jx in 0..2 {
                    let x = (right - jx) as usize;
                    let upward = ((right + 1) & 2) == 0;
                    let y = if upward { size - 1 - vert } else { vert };
                    if !func[y * size + x] {
                        bits.push(at(x, y) ^ masked(x, y));
                    }
                }
            }
            right -= 2;
        }
        let codewords: Vec<u8> = bits
            .chunks_exact(8)
            .map(|c| c.iter().fold(0u8, |a, &b| a << 1 | b as u8))
            .collect();
        let total = codewords.len();

        // Data capacity from the encoder's table; the block split is then
        // found by checking Reed-Solomon parity, which also verifies it.
        let dcw = Bits::new(Version::Normal(version as i16))
            .max_len(ec)
            .map_err(|e| e.to_string())?
            / 8;
        let mut blocks_data: Option<Vec<Vec<u8>>> = None;
        for nb in 1..=81usize {
            if !(total - dcw).is_multiple_of(nb) {
                continue;
            }
            let e = (total - dcw) / nb;
            if !(7..=30).contains(&e) {
                continue;
            }
            let short = dcw / nb;
            let n_long = dcw % nb;
            let lens: Vec<usize> = (0..nb)
                .map(|b| short + usize::from(b >= nb - n_long))
                .collect();
            let mut blocks: Vec<Vec<u8>> = vec![Vec::new(); nb];
            let mut it = codewords.iter();
            for i in 0..=short {
                for b in 0..nb {
                    if i < lens[b] {
                        blocks[b].push(*it.next().unwrap());
                    }
                }
            }
            let mut ecc: Vec<Vec<u8>> = vec![Vec::new(); nb];
            for _ in 0..e {
                for eb in ecc.iter_mut() {
                    eb.push(*it.next().unwrap());
                }
            }
            if blocks.iter().zip(&ecc).all(|(d, c)| rs_ecc(d, e) == *c) {
                blocks_data = Some(blocks);
                break;
            }
        }
        let data: Vec<u8> = blocks_data
            .ok_or("no block layout matches the RS parity")?
            .concat();

        let mut pos = 0usize;
        let mut read = |n: usize| -> Option<u32> {
            if pos + n > data.len() * 8 {
                return None;
            }
            let mut v = 0u32;
            for _ in 0..n {
                v = v << 1 | ((data[pos / 8] >> (7 - pos % 8)) & 1) as u32;
                pos += 1;
            }
            Some(v)
        };
        let mut eci = None;
        let mut payload = Vec::new();
        loop {
            match read(4) {
                None | Some(0) => break,
                Some(7) => {
                    let first = read(8).ok_or("eof in ECI")?;
                    eci = Some(if first & 0x80 == 0 {
                        first
                    } else if first & 0xC0 == 0x80 {
                        (first & 0x3F) << 8 | read(8).ok_or("eof")?
                    } else {
                        (first & 0x1F) << 16 | read(16).ok_or("eof")?
                    });
                }
                Some(4) => {
                    let n = read(if version < 10 { 8 } else { 16 }).ok_or("eof")?;
                    for _ in 0..n {
                        payload.push(read(8).ok_or("eof in data")? as u8);
                    }
                }
                Some(m) => return Err(format!("unexpected mode {m}")),
            }
        }
        Ok(Decoded { ec, eci, payload })
    }

    fn check_finders(size: usize, m: &[bool]) {
        for (ox, oy) in [(0, 0), (size - 7, 0), (0, size - 7)] {
            for y in 0..7 {
                for x in 0..7 {
                    let ring = x.min(y).min(6 - x).min(6 - y);
                    let want = ring != 1;
                    assert_eq!(m[(oy + y) * size + ox + x], want, "finder at {ox},{oy}");
                }
            }
        }
    }

    fn roundtrip(spec: &QrSpec) -> usize {
        let (size, m) = qr_modules(spec).unwrap();
        assert_eq!(m.len(), size * size);
        assert_eq!((size - 17) % 4, 0);
        let version = qr_version(size);
        assert_eq!(size, 17 + 4 * version);
        check_finders(size, &m);
        let d = read_matrix(size, &m).unwrap();
        assert_eq!(d.ec, spec.ec);
        assert_eq!(d.eci, spec.eci);
        assert_eq!(d.payload, spec.payload);
        version
    }

    #[test]
    fn qr_modules_roundtrip() {
        assert_eq!(roundtrip(&QrSpec::new(GIRO, EcLevel::M)), 8);
        let latin1 = b"BCD\n002\n2\nSCT\n\nStadt M\xfcllheim\nDE02120300000000202051\nEUR12.50\n\n\nGeb\xfchr";
        roundtrip(&QrSpec::new(&latin1[..], EcLevel::M));
        let utf8 = "BCD\n002\n1\nSCT\n\nStadtwerke Müllheim\nDE02120300000000202051\nEUR9\n\n\nGebühr Straße";
        let mut s = QrSpec::new(utf8, EcLevel::Q);
        s.eci = Some(26);
        roundtrip(&s);
        s.eci = Some(1000); // two-byte designator
        roundtrip(&s);
        roundtrip(&QrSpec::new(GIRO, EcLevel::H));
        roundtrip(&QrSpec::new(GIRO, EcLevel::L));
        let long = vec![b'x'; 332];
        assert_eq!(roundtrip(&QrSpec::new(long, EcLevel::M)), 14);
        let mut fixed = QrSpec::new(GIRO, EcLevel::M);
        fixed.version = Some(Version::Normal(12));
        assert_eq!(roundtrip(&fixed), 12);
        // Covers the version-32 alignment special case and a large block count.
        let mut big = QrSpec::new(vec![0xA5u8; 1000], EcLevel::Q);
        big.version = Some(Version::Normal(32));
        assert_eq!(roundtrip(&big), 32);
    }

    #[test]
    fn too_long_is_an_error() {
        let mut s = QrSpec::new(GIRO, EcLevel::M);
        s.version = Some(Version::Normal(2));
        assert!(qr_modules(&s).is_err());
        assert!(qr_modules(&QrSpec::new(vec![0u8; 3000], EcLevel::H)).is_err());
    }

    /// Samples module centres on the rendered page and compares them with the
    /// matrix, for each print style.
    #[test]
    fn rendered_code_matches_modules() {
        let code = PlacedCode::new(&QrSpec::new(GIRO, EcLevel::M), 150.3, 231.7, 0.5).unwrap();
        for style in [
            PageStyle::default(),
            PageStyle {
                inverted: true,
                ..PageStyle::default()
            },
            PageStyle {
                low_contrast: true,
                paper: 235,
                ..PageStyle::default()
            },
        ] {
            let page = Page::a4(200, std::slice::from_ref(&code), style);
            let k = 200.0 / 25.4;
            let threshold =
                (style.paper as f32 + if style.low_contrast { 150.0 } else { 20.0 }) / 2.0;
            let n = code.size;
            for my in -4..n as i32 + 4 {
                for mx in -4..n as i32 + 4 {
                    let x = (code.x_mm + (mx as f32 + 0.5) * code.module_mm) * k;
                    let y = (code.y_mm + (my as f32 + 0.5) * code.module_mm) * k;
                    let v = page.image.get_pixel(x as u32, y as u32).0[0] as f32;
                    let inside = mx >= 0 && my >= 0 && mx < n as i32 && my < n as i32;
                    let dark_module = inside && code.modules[my as usize * n + mx as usize];
                    assert_eq!(
                        (v < threshold) != style.inverted,
                        dark_module,
                        "module {mx},{my}"
                    );
                }
            }
        }
    }

    #[test]
    fn damage_stays_inside_rect() {
        let mut img = GrayImage::from_pixel(100, 100, image::Luma([128]));
        let rect = Rect {
            x: 30,
            y: 40,
            w: 20,
            h: 15,
        };
        for seed in [2u64, 3] {
            let mut im = img.clone();
            damage(&mut im, rect, seed);
            let mut changed = 0;
            for (x, y, p) in im.enumerate_pixels() {
                if p.0[0] != 128 {
                    changed += 1;
                    assert!((30..50).contains(&x) && (40..55).contains(&y));
                }
            }
            assert!(changed > 100, "seed {seed} changed only {changed}");
        }
        damage(
            &mut img,
            Rect {
                x: 95,
                y: 95,
                w: 20,
                h: 20,
            },
            4,
        ); // clipped, no panic
    }

    #[test]
    fn exif_orientation_is_read_back() {
        let img = RgbImage::from_pixel(16, 8, image::Rgb([200, 100, 50]));
        for o in 1..=8u16 {
            let bytes = jpeg_with_exif_orientation(&img, 80, o);
            let reader = ImageReader::new(Cursor::new(&bytes))
                .with_guessed_format()
                .unwrap();
            let mut dec = reader.into_decoder().unwrap();
            let got = dec.orientation().unwrap();
            assert_eq!(Some(got), Orientation::from_exif(o as u8));
            if o == 6 {
                assert_eq!(got, Orientation::Rotate90);
            }
            let pic = image::load_from_memory(&bytes).unwrap();
            assert_eq!((pic.width(), pic.height()), (16, 8));
        }
    }

    /// Storing with `rotate_for_orientation` and then applying the EXIF
    /// transform the way `image` does must give the upright picture back.
    #[test]
    fn rotate_for_orientation_inverts_display_transform() {
        let upright = RgbImage::from_fn(5, 3, |x, y| image::Rgb([x as u8 * 40, y as u8 * 80, 7]));
        for o in 1..=8u16 {
            let stored = rotate_for_orientation(&upright, o);
            let mut shown = DynamicImage::ImageRgb8(stored);
            shown.apply_orientation(Orientation::from_exif(o as u8).unwrap());
            assert_eq!(shown.to_rgb8(), upright, "orientation {o}");
        }
    }

    #[test]
    fn homography_maps_corners() {
        let from = [[10.0, 20.0], [300.0, 5.0], [320.0, 400.0], [0.0, 380.0]];
        let to = [[0.0, 0.0], [100.0, 0.0], [100.0, 141.0], [0.0, 141.0]];
        let hm = homography(&from, &to);
        for (f, t) in from.iter().zip(&to) {
            let d = hm[6] * f[0] + hm[7] * f[1] + hm[8];
            let u = (hm[0] * f[0] + hm[1] * f[1] + hm[2]) / d;
            let v = (hm[3] * f[0] + hm[4] * f[1] + hm[5]) / d;
            assert!((u - t[0]).abs() < 1e-2 && (v - t[1]).abs() < 1e-2);
        }
    }

    #[test]
    fn box_widths_match_sigma() {
        for sigma in [0.8f32, 1.2, 2.0, 5.0] {
            let var: f32 = box_widths(sigma, 3)
                .iter()
                .map(|&w| ((w * w - 1) as f32) / 12.0)
                .sum();
            assert!(
                (var.sqrt() - sigma).abs() < 0.25,
                "sigma {sigma}: {}",
                var.sqrt()
            );
        }
    }

    #[test]
    fn phone_photo_small_is_plausible() {
        let code = PlacedCode::new(&QrSpec::new(GIRO, EcLevel::M), 150.0, 230.0, 0.5).unwrap();
        let page = a4_notice(150, &[code], PageStyle::default());
        let photo = phone_photo(&page, 1000, 750, PhotoParams::typical(1000, 750));
        assert_eq!(photo.dimensions(), (1000, 750));
        let mean = |x0: u32, y0: u32, s: u32| {
            let mut sum = 0u32;
            for y in y0..y0 + s {
                for x in x0..x0 + s {
                    sum += photo
                        .get_pixel(x, y)
                        .0
                        .iter()
                        .map(|&c| c as u32)
                        .sum::<u32>();
                }
            }
            sum as f32 / (3 * s * s) as f32
        };
        // Paper (centre) is clearly brighter than the table (corner).
        let (paper, table) = (mean(450, 325, 100), mean(0, 0, 40));
        assert!(paper > table + 60.0, "paper {paper} table {table}");
        // Deterministic.
        let again = phone_photo(&page, 1000, 750, PhotoParams::typical(1000, 750));
        assert_eq!(photo, again);
    }
}
