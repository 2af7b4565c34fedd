//! A tiny hand-written PDF 1.4 writer for synthetic payment notices.
//!
//! The reader under test has to cope with what municipal PDFs contain, and
//! the test data must say exactly which PDF features appear (filled vector
//! rectangles, an uncompressed 8-bit image, a shared form XObject, no fonts),
//! so that a failure can be traced to one feature. A general PDF crate would
//! make those choices for us, and a writer this small is easy to audit.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;

/// Points per millimetre; PDF user space is 1/72 inch.
const PT_PER_MM: f32 = 72.0 / 25.4;
/// A4 width in points.
const PAGE_W_PT: f32 = 595.276;
/// A4 height in points.
const PAGE_H_PT: f32 = 841.89;
/// Quiet zone width in modules required by ISO/IEC 18004; nothing may be
/// drawn there, the white page is the quiet zone.
const QUIET_MODULES: f32 = 4.0;
/// Extra distance between clutter and a quiet zone, so that anti-aliased
/// edges of text-like bars never bleed into it.
const CLUTTER_GAP_MM: f32 = 1.0;

/// One QR code to place on a page: module matrix (row-major, dark = true),
/// position of the symbol's top-left module corner in mm from the page's
/// top-left, module size in mm, and whether to draw it as vector rectangles
/// or as an embedded raster image.
#[derive(Clone, Debug)]
pub struct CodeSpec {
    /// Modules per side.
    pub size: usize,
    /// `size * size` modules, row-major, `true` for dark.
    pub modules: Vec<bool>,
    /// Left edge of the first module column, mm from the page's left edge.
    pub x_mm: f32,
    /// Top edge of the first module row, mm from the page's top edge.
    pub y_mm: f32,
    /// Edge length of one module in mm.
    pub module_mm: f32,
    /// `true`: one image pixel per module, so the renderer has to scale the
    /// image up; `false`: filled rectangles.
    pub raster: bool,
}

impl CodeSpec {
    /// The area no other content may touch: the symbol plus its quiet zone.
    fn keep_out(&self) -> RectMm {
        let quiet = QUIET_MODULES * self.module_mm;
        let side = self.size as f32 * self.module_mm;
        RectMm {
            x: self.x_mm - quiet,
            y: self.y_mm - quiet,
            w: side + 2.0 * quiet,
            h: side + 2.0 * quiet,
        }
    }
}

/// One A4 portrait page.
#[derive(Clone, Debug, Default)]
pub struct PageSpec {
    /// Codes on the page; each keeps its own quiet zone free of clutter.
    pub codes: Vec<CodeSpec>,
    /// Draw notice-like content (letterhead block, address window, text-like
    /// bars) so that a detector has something to reject.
    pub clutter: bool,
    /// The page's `/Rotate`: how many degrees clockwise a viewer turns it (0, 90, 180, 270).
    pub rotate: u16,
}

/// Axis-aligned rectangle in mm, origin at the page's top-left, y down.
#[derive(Clone, Copy, Debug, PartialEq)]
struct RectMm {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

impl RectMm {
    fn grown(self, d: f32) -> Self {
        Self {
            x: self.x - d,
            y: self.y - d,
            w: self.w + 2.0 * d,
            h: self.h + 2.0 * d,
        }
    }

    fn intersects(&self, o: &Self) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }
}

/// One filled clutter rectangle with its grey level (PDF `g` operand).
#[derive(Clone, Copy, Debug)]
struct Bar {
    rect: RectMm,
    grey: f32,
}

/// Grey of text-like bars: darker than paper, lighter than code ink, like
/// printed body text at scanning resolution.
const TEXT_GREY: f32 = 0.2;
/// Grey of the letterhead logo block.
const LOGO_GREY: f32 = 0.45;
/// Grey of the thin address-window frame marks.
const FRAME_GREY: f32 = 0.6;

/// Small xorshift generator so that the clutter is identical on every run
/// and every platform without a dependency.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 40) as f32 / (1u64 << 24) as f32
    }

    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.unit()
    }
}

/// Appends a line of word-like bars from `x0` towards `x1`, stopping at a
/// random fraction of the width when `ragged` (a paragraph's last line).
fn text_line(bars: &mut Vec<Bar>, rng: &mut Rng, x0: f32, x1: f32, y: f32, h: f32, ragged: bool) {
    let end = if ragged {
        x0 + (x1 - x0) * rng.range(0.3, 0.8)
    } else {
        x1
    };
    let mut x = x0;
    while x < end {
        let w = rng.range(3.0, 16.0).min(end - x);
        if w > 1.0 {
            bars.push(Bar {
                rect: RectMm { x, y, w, h },
                grey: TEXT_GREY,
            });
        }
        x += w + rng.range(1.4, 2.2);
    }
}

/// The notice layout without any code: DIN 5008 letterhead, address window,
/// information block, subject, body text and footer, all as filled bars.
fn clutter_layout() -> Vec<Bar> {
    let mut rng = Rng(0x5DEE_CE66_D1CE_4E5B);
    let mut bars = Vec::new();
    let mut push = |x: f32, y: f32, w: f32, h: f32, grey: f32| {
        bars.push(Bar {
            rect: RectMm { x, y, w, h },
            grey,
        })
    };
    // Letterhead: logo block, authority name, department lines.
    push(20.0, 12.0, 16.0, 16.0, LOGO_GREY);
    push(40.0, 13.0, 62.0, 4.5, TEXT_GREY);
    push(40.0, 20.0, 44.0, 2.6, TEXT_GREY);
    push(40.0, 25.0, 52.0, 2.2, TEXT_GREY);
    // Window frame marks (DIN 5008 form B: 20/45 mm, 85 x 45 mm).
    push(20.0, 45.0, 85.0, 0.25, FRAME_GREY);
    push(20.0, 89.75, 85.0, 0.25, FRAME_GREY);
    push(20.0, 45.0, 0.25, 45.0, FRAME_GREY);
    push(104.75, 45.0, 0.25, 45.0, FRAME_GREY);
    // Return address line and the recipient's address.
    text_line(&mut bars, &mut rng, 25.0, 95.0, 48.5, 1.3, false);
    for (i, w) in [42.0, 55.0, 38.0, 47.0].into_iter().enumerate() {
        let y = 57.0 + 5.0 * i as f32 + if i == 3 { 3.0 } else { 0.0 };
        text_line(&mut bars, &mut rng, 25.0, 25.0 + w, y, 2.8, false);
    }
    // Information block: label and value columns.
    for i in 0..8 {
        let y = 50.0 + 5.0 * i as f32;
        let lw = rng.range(12.0, 22.0);
        bars.push(Bar {
            rect: RectMm {
                x: 125.0,
                y,
                w: lw,
                h: 2.2,
            },
            grey: TEXT_GREY,
        });
        let vw = rng.range(18.0, 38.0);
        text_line(&mut bars, &mut rng, 152.0, 152.0 + vw, y, 2.2, false);
    }
    // Subject line, bold.
    text_line(&mut bars, &mut rng, 20.0, 150.0, 100.0, 3.6, false);
    // Body paragraphs down to the footer; the code area is cut out later.
    let mut y = 110.0;
    let mut in_par = 0;
    let mut par_len = 4;
    while y < 272.0 {
        in_par += 1;
        let last = in_par == par_len;
        text_line(&mut bars, &mut rng, 20.0, 190.0, y, 2.6, last);
        y += 5.0;
        if last {
            y += 4.0;
            in_par = 0;
            par_len = 3 + (rng.unit() * 4.0) as usize;
        }
    }
    // Footer: three small columns (bank details, address, contact).
    for col in 0..3 {
        for row in 0..3 {
            let x = 20.0 + 60.0 * col as f32;
            let w = rng.range(30.0, 50.0);
            text_line(
                &mut bars,
                &mut rng,
                x,
                x + w,
                281.0 + 3.2 * row as f32,
                1.6,
                false,
            );
        }
    }
    // Sorted by grey so each level needs one `g` operator.
    bars.sort_by(|a, b| a.grey.total_cmp(&b.grey));
    bars
}

/// Writes `v` with at most `decimals` decimals and no trailing zeros, which
/// keeps content streams short without losing placement accuracy.
fn num(out: &mut Vec<u8>, v: f32, decimals: u32) {
    let scale = 10u64.pow(decimals);
    let fixed = (f64::from(v) * scale as f64).round() as i64;
    if fixed < 0 {
        out.push(b'-');
    }
    let a = fixed.unsigned_abs();
    let _ = write!(out, "{}", a / scale);
    let mut frac = a % scale;
    if frac != 0 {
        out.push(b'.');
        let mut digits = decimals as usize;
        while frac.is_multiple_of(10) {
            frac /= 10;
            digits -= 1;
        }
        let _ = write!(out, "{frac:0digits$}");
    }
}

/// Writes a space-separated list of numbers followed by an operator. Three
/// decimals are 1/1000 of a unit, plenty for mm and pt coordinates.
fn op(out: &mut Vec<u8>, args: &[f32], operator: &str) {
    op_prec(out, args, operator, 3);
}

/// Like [`op`] with a chosen precision; scale factors in `cm` need more
/// digits because their error is multiplied by every coordinate.
fn op_prec(out: &mut Vec<u8>, args: &[f32], operator: &str, decimals: u32) {
    for &a in args {
        num(out, a, decimals);
        out.push(b' ');
    }
    out.extend_from_slice(operator.as_bytes());
    out.push(b'\n');
}

/// Content of the clutter form: bars in mm under a flipping `cm`, so that
/// the layout code can think in top-left millimetres like the notice spec.
fn clutter_content(bars: &[Bar], keep: &[bool]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bars.len() * 28);
    op_prec(
        &mut out,
        &[PT_PER_MM, 0.0, 0.0, -PT_PER_MM, 0.0, PAGE_H_PT],
        "cm",
        6,
    );
    let mut grey = None;
    for (bar, _) in bars.iter().zip(keep).filter(|(_, k)| **k) {
        if grey != Some(bar.grey) {
            if grey.is_some() {
                out.extend_from_slice(b"f\n");
            }
            op(&mut out, &[bar.grey], "g");
            grey = Some(bar.grey);
        }
        let r = bar.rect;
        op(&mut out, &[r.x, r.y, r.w, r.h], "re");
    }
    if grey.is_some() {
        out.extend_from_slice(b"f\n");
    }
    out
}

/// Appends the vector drawing of `code`: one `re` per horizontal run of dark
/// modules, in module units under a `cm`, so that every rectangle is a few
/// small integers.
fn vector_code(out: &mut Vec<u8>, code: &CodeSpec) {
    let m = code.module_mm * PT_PER_MM;
    out.extend_from_slice(b"q\n");
    op_prec(
        out,
        &[
            m,
            0.0,
            0.0,
            -m,
            code.x_mm * PT_PER_MM,
            PAGE_H_PT - code.y_mm * PT_PER_MM,
        ],
        "cm",
        6,
    );
    out.extend_from_slice(b"0 g\n");
    for (r, row) in code.modules.chunks_exact(code.size).enumerate() {
        let mut c = 0;
        while c < code.size {
            if !row[c] {
                c += 1;
                continue;
            }
            let start = c;
            while c < code.size && row[c] {
                c += 1;
            }
            let _ = writeln!(out, "{start} {r} {} 1 re", c - start);
        }
    }
    out.extend_from_slice(b"f\nQ\n");
}

/// Appends the placement of a raster code image named `name`.
fn raster_code(out: &mut Vec<u8>, code: &CodeSpec, name: &str) {
    let side = code.size as f32 * code.module_mm * PT_PER_MM;
    let left = code.x_mm * PT_PER_MM;
    let bottom = PAGE_H_PT - code.y_mm * PT_PER_MM - side;
    out.extend_from_slice(b"q\n");
    op_prec(out, &[side, 0.0, 0.0, side, left, bottom], "cm", 6);
    let _ = writeln!(out, "/{name} Do\nQ");
}

/// Accumulates numbered objects and remembers their byte offsets for the
/// cross-reference table.
struct Writer {
    buf: Vec<u8>,
    /// Offset of object `i` at index `i`; index 0 is the free-list head.
    offsets: Vec<usize>,
}

impl Writer {
    fn new(capacity: usize) -> Self {
        let mut buf = Vec::with_capacity(capacity);
        // The binary comment line tells transfer tools the file is binary.
        buf.extend_from_slice(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
        Self {
            buf,
            offsets: vec![0],
        }
    }

    fn alloc(&mut self) -> usize {
        self.offsets.push(0);
        self.offsets.len() - 1
    }

    fn begin(&mut self, id: usize) {
        self.offsets[id] = self.buf.len();
        let _ = writeln!(self.buf, "{id} 0 obj");
    }

    fn end(&mut self) {
        self.buf.extend_from_slice(b"endobj\n");
    }

    fn dict(&mut self, id: usize, body: &str) {
        self.begin(id);
        let _ = writeln!(self.buf, "<< {body} >>");
        self.end();
    }

    fn stream(&mut self, id: usize, dict: &str, data: &[u8]) {
        self.begin(id);
        let _ = write!(self.buf, "<< {dict} /Length {} >>\nstream\n", data.len());
        self.buf.extend_from_slice(data);
        self.buf.extend_from_slice(b"\nendstream\n");
        self.end();
    }

    fn finish(mut self, root: usize) -> Vec<u8> {
        let xref = self.buf.len();
        let _ = write!(
            self.buf,
            "xref\n0 {}\n0000000000 65535 f \n",
            self.offsets.len()
        );
        for &off in &self.offsets[1..] {
            let _ = writeln!(self.buf, "{off:010} 00000 n ");
        }
        let _ = write!(
            self.buf,
            "trailer\n<< /Size {} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            self.offsets.len()
        );
        self.buf
    }
}

/// Writes a complete PDF with one A4 portrait page per spec.
///
/// Clutter is a form XObject so that pages whose codes leave the same bars
/// visible share one copy; with codes at a fixed position a 1000-page file
/// holds the clutter once. Raster codes become one image XObject each.
pub fn notice_pdf(pages: &[PageSpec]) -> Vec<u8> {
    let mut w = Writer::new(4096 + pages.len() * 8192);
    let catalog = w.alloc();
    let tree = w.alloc();
    let bars = clutter_layout();
    let mut forms: HashMap<Vec<bool>, usize> = HashMap::new();
    let mut kids = Vec::with_capacity(pages.len());
    let mut content = Vec::new();
    for page in pages {
        content.clear();
        let mut xobjects = String::new();
        if page.clutter {
            let zones: Vec<RectMm> = page
                .codes
                .iter()
                .map(|c| c.keep_out().grown(CLUTTER_GAP_MM))
                .collect();
            let keep: Vec<bool> = bars
                .iter()
                .map(|b| !zones.iter().any(|z| z.intersects(&b.rect)))
                .collect();
            let form = match forms.get(&keep) {
                Some(&id) => id,
                None => {
                    let id = w.alloc();
                    let data = clutter_content(&bars, &keep);
                    w.stream(
                        id,
                        &format!(
                            "/Type /XObject /Subtype /Form /BBox [0 0 {PAGE_W_PT} {PAGE_H_PT}]"
                        ),
                        &data,
                    );
                    forms.insert(keep, id);
                    id
                }
            };
            let _ = write!(xobjects, "/Cl {form} 0 R ");
            content.extend_from_slice(b"/Cl Do\n");
        }
        for (i, code) in page.codes.iter().enumerate() {
            if code.raster {
                let id = w.alloc();
                let pixels: Vec<u8> = code
                    .modules
                    .iter()
                    .map(|&d| if d { 0 } else { 255 })
                    .collect();
                w.stream(
                    id,
                    &format!(
                        "/Type /XObject /Subtype /Image /Width {0} /Height {0} \
                         /ColorSpace /DeviceGray /BitsPerComponent 8 /Interpolate false",
                        code.size
                    ),
                    &pixels,
                );
                let name = format!("Qr{i}");
                let _ = write!(xobjects, "/{name} {id} 0 R ");
                raster_code(&mut content, code, &name);
            } else {
                vector_code(&mut content, code);
            }
        }
        let contents = w.alloc();
        w.stream(contents, "", &content);
        let page_id = w.alloc();
        let resources = if xobjects.is_empty() {
            String::new()
        } else {
            format!("/Resources << /XObject << {xobjects}>> >> ")
        };
        let rotate = match page.rotate {
            0 => String::new(),
            degrees => format!("/Rotate {degrees} "),
        };
        w.dict(
            page_id,
            &format!(
                "/Type /Page /Parent {tree} 0 R /MediaBox [0 0 {PAGE_W_PT} {PAGE_H_PT}] \
                 {rotate}{resources}/Contents {contents} 0 R"
            ),
        );
        kids.push(page_id);
    }
    let mut kid_list = String::with_capacity(kids.len() * 8);
    for k in &kids {
        let _ = write!(kid_list, "{k} 0 R ");
    }
    w.dict(
        tree,
        &format!("/Type /Pages /Kids [{kid_list}] /Count {}", kids.len()),
    );
    w.dict(catalog, &format!("/Type /Catalog /Pages {tree} 0 R"));
    w.finish(catalog)
}

/// A PDF of the given object bodies (numbered from 1; the first is the catalog) with a correct
/// xref table: for hand-made structures the notice writer would never produce.
pub fn raw_pdf(objects: &[String]) -> Vec<u8> {
    let objects: Vec<Vec<u8>> = objects.iter().map(|o| o.clone().into_bytes()).collect();
    raw_pdf_bytes(&objects)
}

/// [`raw_pdf`] with binary object bodies (compressed streams).
pub fn raw_pdf_bytes(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let size = objects.len() + 1;
    out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

/// A stream object: `dict` entries (without `/Length`) and its data.
pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// A one-page A4 PDF: its content stream (object 4, with `content_dict` entries such as a
/// `/Filter`), its `/Resources` entries, and further objects numbered from 5.
pub fn one_page_pdf(
    content_dict: &str,
    content: &[u8],
    resources: &str,
    more: Vec<Vec<u8>>,
) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << {resources} >> >>"
        )
        .into_bytes(),
        stream(content_dict, content),
    ];
    objects.extend(more);
    raw_pdf_bytes(&objects)
}

/// A PDF of `pages` A4 pages that all show one content stream, each page dictionary with
/// `entries` added (e.g. `/Annots [...]`): for page bombs and blank-page cases.
pub fn same_pages_pdf(pages: usize, content: &str, entries: &str) -> Vec<u8> {
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 4 + i)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        ),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len() + 1
        ),
    ];
    let page =
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R {entries}>>");
    objects.extend(std::iter::repeat_n(page, pages));
    raw_pdf(&objects)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_exact() {
        let mut out = Vec::new();
        for v in [0.0, 1.0, -2.5, 2.834_645_7, 841.89, 0.001, 10.1] {
            num(&mut out, v, 3);
            out.push(b' ');
        }
        num(&mut out, 2.834_645_7, 6);
        assert_eq!(out, b"0 1 -2.5 2.835 841.89 0.001 10.1 2.834646");
    }

    #[test]
    fn xref_offsets_point_at_objects() {
        let pdf = notice_pdf(&[PageSpec {
            codes: vec![],
            clutter: true,
            rotate: 0,
        }]);
        // Masking non-ASCII bytes keeps byte offsets, unlike lossy UTF-8.
        let ascii: Vec<u8> = pdf
            .iter()
            .map(|&b| if b.is_ascii() { b } else { b'?' })
            .collect();
        let text = String::from_utf8(ascii).unwrap();
        let xref_at: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|l| l.parse().ok())
            .expect("startxref");
        assert!(text[xref_at..].starts_with("xref\n"));
        for (i, line) in text[xref_at..].lines().skip(3).enumerate() {
            if line.starts_with("trailer") {
                break;
            }
            assert_eq!(line.len(), 19, "entry without its two-byte EOL");
            let off: usize = line[..10].parse().unwrap();
            assert!(text[off..].starts_with(&format!("{} 0 obj\n", i + 1)));
        }
    }

    #[test]
    fn clutter_avoids_quiet_zone() {
        let code = CodeSpec {
            size: 21,
            modules: vec![true; 21 * 21],
            x_mm: 150.0,
            y_mm: 230.0,
            module_mm: 0.5,
            raster: false,
        };
        let zone = code.keep_out();
        let bars = clutter_layout();
        let hit = bars.iter().filter(|b| b.rect.intersects(&zone)).count();
        assert!(hit > 0, "layout should reach the code area before cutting");
        let zones = [zone.grown(CLUTTER_GAP_MM)];
        let keep: Vec<bool> = bars
            .iter()
            .map(|b| !zones.iter().any(|z| z.intersects(&b.rect)))
            .collect();
        for (b, k) in bars.iter().zip(&keep) {
            assert!(!k || !b.rect.intersects(&zone));
        }
    }
}
