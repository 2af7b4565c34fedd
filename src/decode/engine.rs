//! The QR reading engines behind one interface. Each returns what it found in one prepared
//! image: corners, the sampled module grid, and its own decode of the bytes. Third-party
//! decoders run under `catch_unwind`: rqrr is known to panic on some images.

use std::panic::{AssertUnwindSafe, catch_unwind};

use image::GrayImage;

/// A point in image pixels.
pub type Point = (f32, f32);

/// A square grid of modules as an engine sampled it, dark = true, row-major.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleGrid {
    /// Modules per side.
    pub size: usize,
    /// `size * size` modules.
    pub modules: Vec<bool>,
}

/// One code an engine found.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The engine's name.
    pub engine: &'static str,
    /// Corners of the symbol (top-left, top-right, bottom-right, bottom-left in the symbol's
    /// own orientation), in the prepared image's pixels.
    pub corners: [Point; 4],
    /// The sampled grid, when the engine exposes it.
    pub grid: Option<ModuleGrid>,
    /// The engine's own decode, when it succeeded.
    pub bytes: Option<Vec<u8>>,
}

/// The engines giroscope can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Engine {
    /// rxing's port of zxing-cpp's QR detector and decoder.
    Rxing,
    /// rqrr, a port of quirc.
    Rqrr,
    /// zxing-cpp itself, through its C API (cargo feature `zxing-cpp`).
    #[cfg(feature = "zxing-cpp")]
    ZxingCpp,
}

impl Engine {
    /// Every engine in this build.
    #[cfg(not(feature = "zxing-cpp"))]
    pub const ALL: &[Engine] = &[Engine::Rxing, Engine::Rqrr];
    /// Every engine in this build.
    #[cfg(feature = "zxing-cpp")]
    pub const ALL: &[Engine] = &[Engine::Rxing, Engine::Rqrr, Engine::ZxingCpp];

    /// The engine's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Rxing => "rxing",
            Engine::Rqrr => "rqrr",
            #[cfg(feature = "zxing-cpp")]
            Engine::ZxingCpp => "zxing-cpp",
        }
    }

    /// Finds and reads every QR code in `image`, searching every row; an engine panic counts
    /// as nothing found.
    pub fn read(self, image: &GrayImage) -> Vec<Hit> {
        self.read_with(image, true)
    }

    /// Like [`Engine::read`]; with `thorough` off, rxing skips rows while looking for finder
    /// patterns, which is several times faster and enough for codes of reasonable size.
    pub fn read_with(self, image: &GrayImage, thorough: bool) -> Vec<Hit> {
        if image.width() < 21 || image.height() < 21 {
            return Vec::new();
        }
        let result = catch_unwind(AssertUnwindSafe(|| match self {
            Engine::Rxing => read_rxing(image, thorough),
            Engine::Rqrr => read_rqrr(image),
            #[cfg(feature = "zxing-cpp")]
            Engine::ZxingCpp => read_zxing_cpp(image),
        }));
        result.unwrap_or_default()
    }
}

fn read_rxing(image: &GrayImage, thorough: bool) -> Vec<Hit> {
    use rxing::common::HybridBinarizer;
    use rxing::qrcode::cpp_port::decoder::Decode;
    use rxing::qrcode::cpp_port::detector::{
        FindFinderPatterns, GenerateFinderPatternSets, SampleQR,
    };
    use rxing::{BinaryBitmap, Luma8Source};

    let Ok(source) = Luma8Source::new_with_slice(image.as_raw(), image.width(), image.height())
    else {
        return Vec::new();
    };
    let bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    let binary = bitmap.get_black_matrix();
    let mut patterns = FindFinderPatterns(binary, thorough, 0);
    let mut used = Vec::new();
    let mut hits = Vec::new();
    for set in GenerateFinderPatternSets(&mut patterns) {
        if used.contains(&set.tl) || used.contains(&set.tr) || used.contains(&set.bl) {
            continue;
        }
        let Ok(detected) = SampleQR(binary, &set) else {
            continue;
        };
        use rxing::common::DetectorRXingResult;
        let bits = detected.getBits();
        let size = bits.getWidth() as usize;
        let modules = (0..size * size)
            .map(|i| bits.get((i % size) as u32, (i / size) as u32))
            .collect();
        let points = detected.getPoints();
        // rxing's sampler lists the corners as top-left, top-right, bottom-left, bottom-right.
        let corners = match points {
            [tl, tr, bl, br, ..] => [(tl.x, tl.y), (tr.x, tr.y), (br.x, br.y), (bl.x, bl.y)],
            _ => continue,
        };
        let bytes = Decode(bits)
            .ok()
            .filter(|result| result.isValid())
            .map(|result| result.content().bytes().to_vec());
        if bytes.is_some() {
            used.extend([set.tl, set.tr, set.bl]);
        }
        hits.push(Hit {
            engine: Engine::Rxing.name(),
            corners,
            grid: Some(ModuleGrid { size, modules }),
            bytes,
        });
    }
    hits
}

/// Turns rqrr's grids into hits. A macro because rqrr's image-buffer trait cannot be named
/// outside rqrr, so no generic function can take its prepared image.
macro_rules! rqrr_hits {
    ($prepared:expr) => {{
        use rqrr::BitGrid;
        $prepared
            .detect_grids()
            .into_iter()
            .map(|grid| {
                let size = grid.grid.size();
                let modules = (0..size * size)
                    .map(|i| grid.grid.bit(i / size, i % size))
                    .collect();
                let mut bytes = Vec::new();
                // decode_to may leave half-written output on failure: keep it only on success.
                let bytes = grid.decode_to(&mut bytes).ok().map(|_| bytes);
                // rqrr's bounds reach one module past the right and bottom edges: pull them in.
                let p = grid.bounds.map(|p| (p.x as f32, p.y as f32));
                let shrink = size as f32 / (size as f32 + 1.0);
                let towards =
                    |a: Point, b: Point| (a.0 + (b.0 - a.0) * shrink, a.1 + (b.1 - a.1) * shrink);
                Hit {
                    engine: Engine::Rqrr.name(),
                    corners: [
                        p[0],
                        towards(p[0], p[1]),
                        towards(p[0], p[2]),
                        towards(p[0], p[3]),
                    ],
                    grid: Some(ModuleGrid { size, modules }),
                    bytes,
                }
            })
            .collect::<Vec<Hit>>()
    }};
}

fn read_rqrr(image: &GrayImage) -> Vec<Hit> {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let raw = image.as_raw();
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| raw[y * w + x]);
    rqrr_hits!(prepared)
}

/// Reads an already binarised image (0 = dark) with rqrr, bypassing its row-only threshold.
pub fn read_rqrr_binary(image: &GrayImage) -> Vec<Hit> {
    let (w, h) = (image.width() as usize, image.height() as usize);
    if w < 21 || h < 21 {
        return Vec::new();
    }
    let raw = image.as_raw();
    catch_unwind(AssertUnwindSafe(|| {
        let mut prepared =
            rqrr::PreparedImage::prepare_from_bitmap(w, h, |x, y| raw[y * w + x] < 128);
        rqrr_hits!(prepared)
    }))
    .unwrap_or_default()
}

/// zxing-cpp gives bytes and corners but no module grid: giroscope's symbol facts stay unknown
/// for codes that only it reads.
#[cfg(feature = "zxing-cpp")]
fn read_zxing_cpp(image: &GrayImage) -> Vec<Hit> {
    use zxingcpp::{BarcodeFormat, ImageFormat, ImageView};
    let Ok(view) = ImageView::from_slice(
        image.as_raw(),
        image.width(),
        image.height(),
        ImageFormat::Lum,
    ) else {
        return Vec::new();
    };
    let reader = zxingcpp::read()
        .formats([BarcodeFormat::QRCode])
        .try_harder(true)
        .try_invert(true);
    let Ok(barcodes) = reader.from(view) else {
        return Vec::new();
    };
    barcodes
        .into_iter()
        .filter(|barcode| barcode.is_valid())
        .map(|barcode| {
            let p = barcode.position();
            let point = |q: zxingcpp::PointI| (q.x as f32, q.y as f32);
            Hit {
                engine: "zxing-cpp",
                corners: [
                    point(p.top_left),
                    point(p.top_right),
                    point(p.bottom_right),
                    point(p.bottom_left),
                ],
                grid: None,
                bytes: Some(barcode.bytes()),
            }
        })
        .collect()
}
