//! Image bytes → 8-bit luma and its EXIF orientation, within the pixel budget.
//!
//! Dimensions are read from the header and checked against [`Limits::max_pixels`] before any
//! pixel buffer is allocated. JPEG goes straight to luma through zune-jpeg (no colour
//! conversion: a 12 MP photo costs about a third of a full RGB decode); the other formats go
//! through the `image` crate. Pixels stay as stored: a phone stores portrait photos sideways
//! and says so only in EXIF, but QR codes read the same either way, and turning 12 MP costs as
//! much as decoding them. [`Loaded`] maps positions into the upright picture instead.

use std::io::Cursor;

use image::{DynamicImage, GrayImage, ImageDecoder, ImageFormat, metadata::Orientation};

use crate::error::Error;
use crate::input::ImageKind;
use crate::limits::Limits;

/// A decoded image: luma as stored, and how to turn it upright.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The pixels as stored in the file.
    pub luma: GrayImage,
    /// The EXIF orientation: how the stored pixels must be turned to be seen upright.
    pub orientation: Orientation,
    /// The file ended before its end-of-image marker. JPEG decoders fill the missing part
    /// with grey rather than fail, so a half-uploaded photo still shows what arrived.
    pub truncated: bool,
}

impl Loaded {
    /// The size of the upright picture.
    pub fn upright_size(&self) -> (u32, u32) {
        let (w, h) = self.luma.dimensions();
        if self.swaps_axes() { (h, w) } else { (w, h) }
    }

    /// Maps a point in stored pixels to the upright picture.
    pub fn to_upright(&self, (x, y): (f32, f32)) -> (f32, f32) {
        let (w, h) = (self.luma.width() as f32, self.luma.height() as f32);
        match self.orientation {
            Orientation::NoTransforms => (x, y),
            Orientation::Rotate90 => (h - y, x),
            Orientation::Rotate180 => (w - x, h - y),
            Orientation::Rotate270 => (y, w - x),
            Orientation::FlipHorizontal => (w - x, y),
            Orientation::FlipVertical => (x, h - y),
            Orientation::Rotate90FlipH => (y, x),
            Orientation::Rotate270FlipH => (h - y, w - x),
        }
    }

    /// Whether turning upright mirrors the picture (so a code that reads mirrored as stored
    /// is printed the right way round).
    pub fn mirrors(&self) -> bool {
        matches!(
            self.orientation,
            Orientation::FlipHorizontal
                | Orientation::FlipVertical
                | Orientation::Rotate90FlipH
                | Orientation::Rotate270FlipH
        )
    }

    fn swaps_axes(&self) -> bool {
        matches!(
            self.orientation,
            Orientation::Rotate90
                | Orientation::Rotate270
                | Orientation::Rotate90FlipH
                | Orientation::Rotate270FlipH
        )
    }
}

/// Decodes an image to luma, leaving the pixels as stored.
///
/// # Errors
/// [`Error::TooManyPixels`] when the header declares more pixels than allowed,
/// [`Error::Corrupt`] when the data cannot be decoded, [`Error::Animated`] for animations.
pub fn load(bytes: &[u8], kind: ImageKind, limits: &Limits) -> Result<Loaded, Error> {
    match kind {
        ImageKind::Jpeg => load_jpeg(bytes, limits),
        ImageKind::Png => load_png(bytes, limits),
        other => load_with_image_crate(bytes, other, limits),
    }
}

fn check_pixels(kind: ImageKind, width: u32, height: u32, limits: &Limits) -> Result<(), Error> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_pixels {
        return Err(Error::TooManyPixels {
            format: kind.name(),
            width,
            height,
            limit: limits.max_pixels,
        });
    }
    if width == 0 || height == 0 {
        return Err(corrupt(kind, "the image has no pixels"));
    }
    Ok(())
}

fn corrupt(kind: ImageKind, detail: impl ToString) -> Error {
    Error::Corrupt {
        format: kind.name(),
        detail: detail.to_string(),
    }
}

fn load_jpeg(bytes: &[u8], limits: &Limits) -> Result<Loaded, Error> {
    use zune_core::bytestream::ZCursor;
    use zune_core::colorspace::ColorSpace;
    use zune_core::options::DecoderOptions;

    // zune-jpeg checks these itself too, before allocating; the pixel product is checked below.
    let side = usize::try_from(limits.max_pixels.min(u64::from(u32::MAX))).unwrap_or(usize::MAX);
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width(side)
        .set_max_height(side);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder
        .decode_headers()
        .map_err(|e| corrupt(ImageKind::Jpeg, e))?;
    let (width, height) = decoder
        .dimensions()
        .ok_or_else(|| corrupt(ImageKind::Jpeg, "no image size in the header"))?;
    let (width, height) = (
        u32::try_from(width).unwrap_or(u32::MAX),
        u32::try_from(height).unwrap_or(u32::MAX),
    );
    check_pixels(ImageKind::Jpeg, width, height, limits)?;
    let orientation = decoder.exif().and_then(|exif| exif_orientation(exif));
    let pixels = match decoder.decode() {
        Ok(pixels) => pixels,
        // zune-jpeg does not turn every colour model (e.g. CMYK) into luma: the image crate can.
        Err(_) => return load_with_image_crate(bytes, ImageKind::Jpeg, limits),
    };
    let luma = GrayImage::from_raw(width, height, pixels)
        .ok_or_else(|| corrupt(ImageKind::Jpeg, "decoded size does not match the header"))?;
    Ok(Loaded {
        luma,
        orientation: orientation.unwrap_or(Orientation::NoTransforms),
        truncated: !ends_with_eoi(bytes),
    })
}

/// Decodes a PNG through the image crate, without the metadata chunks giroscope never uses.
///
/// The png decoder keeps ICC profiles and text in memory, and inflates a compressed ICC
/// profile up to the one byte budget the image crate gives it, which is sized for the pixels
/// (`max_alloc`, 400 MB at the default pixel limit) and cannot be set apart for metadata: a
/// 400 kB iCCP chunk made a 390 MB profile. Nothing of them reaches the luma, so they are
/// left out of what the decoder reads (and EXIF beyond what a camera writes, see
/// [`png_chunks_to_skip`]); the pixel budget is checked from IHDR before that.
fn load_png(bytes: &[u8], limits: &Limits) -> Result<Loaded, Error> {
    // The width and height of IHDR, the first chunk.
    if bytes.get(12..16) == Some(b"IHDR")
        && let Some(size) = bytes.get(16..24)
    {
        let width = u32::from_be_bytes([size[0], size[1], size[2], size[3]]);
        let height = u32::from_be_bytes([size[4], size[5], size[6], size[7]]);
        check_pixels(ImageKind::Png, width, height, limits)?;
    }
    let skipped = png_chunks_to_skip(bytes);
    if skipped.is_empty() {
        return load_with_image_crate(bytes, ImageKind::Png, limits);
    }
    let reader = image::ImageReader::with_format(Spliced::new(bytes, &skipped), ImageFormat::Png);
    decode_with_image_crate(reader, ImageKind::Png, limits)
}

/// The largest eXIf chunk a PNG may bring: a JPEG's EXIF segment holds at most 64 KiB, so a
/// camera's or phone's EXIF fits; a larger one is not an orientation but a way to make the
/// decoder hold megabytes.
const MAX_PNG_EXIF_BYTES: u32 = 64 * 1024;

/// The byte ranges of a PNG's metadata chunks giroscope does not read: ICC profiles (iCCP),
/// text (tEXt, zTXt, iTXt), and an eXIf chunk over [`MAX_PNG_EXIF_BYTES`]. Each whole chunk
/// (length, type, data, CRC) goes, so the rest stays a valid PNG. The walk stops at the first
/// chunk that does not fit in the file, leaving the damage to the decoder.
fn png_chunks_to_skip(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut skipped = Vec::new();
    let mut at = 8;
    while let Some(head) = bytes.get(at..at + 8) {
        let length = u32::from_be_bytes([head[0], head[1], head[2], head[3]]);
        let kind = &head[4..8];
        let Some(end) = usize::try_from(length)
            .ok()
            .and_then(|length| at.checked_add(12)?.checked_add(length))
            .filter(|&end| end <= bytes.len())
        else {
            break;
        };
        let unused = matches!(kind, b"iCCP" | b"tEXt" | b"zTXt" | b"iTXt")
            || (kind == b"eXIf" && length > MAX_PNG_EXIF_BYTES);
        if unused {
            skipped.push(at..end);
        }
        if kind == b"IEND" {
            break;
        }
        at = end;
    }
    skipped
}

/// A file with some byte ranges left out, read as if they had never been there, without
/// copying the file.
struct Spliced<'a> {
    /// The pieces that remain, in order, each with where it starts in the spliced file.
    pieces: Vec<(u64, &'a [u8])>,
    len: u64,
    at: u64,
}

impl<'a> Spliced<'a> {
    /// `bytes` without `skipped` (sorted ranges that do not overlap).
    fn new(bytes: &'a [u8], skipped: &[std::ops::Range<usize>]) -> Spliced<'a> {
        let mut pieces = Vec::with_capacity(skipped.len() + 1);
        let (mut from, mut len) = (0, 0u64);
        for range in skipped.iter().chain([&(bytes.len()..bytes.len())]) {
            let piece = &bytes[from..range.start];
            if !piece.is_empty() {
                pieces.push((len, piece));
                len += piece.len() as u64;
            }
            from = range.end;
        }
        Spliced { pieces, len, at: 0 }
    }
}

impl std::io::Read for Spliced<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let available = std::io::BufRead::fill_buf(self)?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        std::io::BufRead::consume(self, n);
        Ok(n)
    }
}

impl std::io::BufRead for Spliced<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        // The last piece starting at or before the position.
        let index = self.pieces.partition_point(|(start, _)| *start <= self.at);
        let Some(&(start, piece)) = index.checked_sub(1).and_then(|i| self.pieces.get(i)) else {
            return Ok(&[]);
        };
        let offset = usize::try_from(self.at - start).unwrap_or(usize::MAX);
        Ok(piece.get(offset..).unwrap_or_default())
    }

    fn consume(&mut self, n: usize) {
        self.at += n as u64;
    }
}

impl std::io::Seek for Spliced<'_> {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        let target = match to {
            std::io::SeekFrom::Start(n) => Some(n),
            std::io::SeekFrom::End(n) => self.len.checked_add_signed(n),
            std::io::SeekFrom::Current(n) => self.at.checked_add_signed(n),
        };
        self.at = target.ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek before the start")
        })?;
        Ok(self.at)
    }
}

fn load_with_image_crate(bytes: &[u8], kind: ImageKind, limits: &Limits) -> Result<Loaded, Error> {
    let format = match kind {
        ImageKind::Png => ImageFormat::Png,
        ImageKind::Jpeg => ImageFormat::Jpeg,
        ImageKind::Gif => ImageFormat::Gif,
        ImageKind::WebP => ImageFormat::WebP,
        ImageKind::Bmp => ImageFormat::Bmp,
        ImageKind::Tiff => ImageFormat::Tiff,
    };
    if kind == ImageKind::Gif && gif_frames(bytes) > 1 {
        return Err(Error::Animated {
            format: kind.name(),
        });
    }
    decode_with_image_crate(
        image::ImageReader::with_format(Cursor::new(bytes), format),
        kind,
        limits,
    )
}

fn decode_with_image_crate<R: std::io::BufRead + std::io::Seek>(
    mut reader: image::ImageReader<R>,
    kind: ImageKind,
    limits: &Limits,
) -> Result<Loaded, Error> {
    reader.limits(decoder_limits(limits));
    let decoder = reader
        .into_decoder()
        .map_err(|e| image_error(kind, e, limits))?;
    decode_luma(decoder, kind, limits)
}

fn decoder_limits(limits: &Limits) -> image::Limits {
    let mut image_limits = image::Limits::default();
    let side = u32::try_from(limits.max_pixels.min(u64::from(u32::MAX))).unwrap_or(u32::MAX);
    image_limits.max_image_width = Some(side);
    image_limits.max_image_height = Some(side);
    // RGBA at 4 bytes a pixel is the widest buffer a decoder allocates for these formats.
    image_limits.max_alloc = Some(limits.max_pixels.saturating_mul(8));
    image_limits
}

fn decode_luma(
    mut decoder: impl ImageDecoder,
    kind: ImageKind,
    limits: &Limits,
) -> Result<Loaded, Error> {
    let (width, height) = decoder.dimensions();
    check_pixels(kind, width, height, limits)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(decoder).map_err(|e| image_error(kind, e, limits))?;
    Ok(Loaded {
        luma: image.into_luma8(),
        orientation,
        truncated: false,
    })
}

/// The pages of a TIFF file, as office scanners write a stack of notices: where each page's
/// directory (IFD) starts and the resolution it declares. Nothing is decoded until a page is
/// loaded, so a page too large or damaged costs only itself.
#[derive(Debug)]
#[cfg(feature = "tiff")]
pub struct TiffPages<'a> {
    bytes: &'a [u8],
    pages: Vec<TiffPage>,
}

#[derive(Debug, Clone, Copy)]
#[cfg(feature = "tiff")]
struct TiffPage {
    ifd: u64,
    dpi: Option<f32>,
}

#[cfg(feature = "tiff")]
impl<'a> TiffPages<'a> {
    /// Walks the chain of image directories, at most [`Limits::max_pages`] of them.
    ///
    /// # Errors
    /// [`Error::Corrupt`] when the directory chain cannot be read (a cycle included),
    /// [`Error::TooManyPages`] past the page limit.
    pub fn open(bytes: &'a [u8], limits: &Limits) -> Result<TiffPages<'a>, Error> {
        use tiff::decoder::Decoder;
        let damaged = |e: tiff::TiffError| corrupt(ImageKind::Tiff, e);
        let mut decoder = Decoder::new(Cursor::new(bytes)).map_err(damaged)?;
        let mut pages = Vec::new();
        loop {
            let ifd = decoder
                .ifd_pointer()
                .ok_or_else(|| corrupt(ImageKind::Tiff, "no image directory"))?;
            pages.push(TiffPage {
                ifd: ifd.0,
                dpi: declared_dpi(&mut decoder),
            });
            if pages.len() as u64 > limits.max_pages {
                // Count on without reading tags, to say how many pages there are.
                let mut count = pages.len() as u64;
                while decoder.more_images() && decoder.next_image().is_ok() {
                    count += 1;
                }
                return Err(Error::TooManyPages {
                    format: "TIFF",
                    pages: count,
                    limit: limits.max_pages,
                });
            }
            if !decoder.more_images() {
                break;
            }
            decoder.next_image().map_err(damaged)?;
        }
        Ok(TiffPages { bytes, pages })
    }

    /// The number of pages.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// Whether the file has no page (never true for a file that opened).
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// Millimetres per pixel of page `index` (from 0), when the page declares a plausible
    /// scanning resolution (50 to 2400 dpi, the same across and down).
    pub fn mm_per_px(&self, index: usize) -> Option<f32> {
        self.pages.get(index)?.dpi.map(|dpi| 25.4 / dpi)
    }

    /// Decodes page `index` (from 0) to luma, within the pixel budget.
    ///
    /// # Errors
    /// As [`load`]: [`Error::TooManyPixels`] from the page's header, [`Error::Corrupt`].
    pub fn load(&self, index: usize, limits: &Limits) -> Result<Loaded, Error> {
        let page = self
            .pages
            .get(index)
            .ok_or_else(|| corrupt(ImageKind::Tiff, "no such page"))?;
        // The image crate decodes the first directory only; pointing the header at this
        // page's directory lets it decode any page with all its colour models and limits.
        let reader = Repointed::new(self.bytes, page.ifd);
        let mut decoder = image::codecs::tiff::TiffDecoder::new(reader)
            .map_err(|e| image_error(ImageKind::Tiff, e, limits))?;
        let (width, height) = decoder.dimensions();
        check_pixels(ImageKind::Tiff, width, height, limits)?;
        decoder
            .set_limits(decoder_limits(limits))
            .map_err(|e| image_error(ImageKind::Tiff, e, limits))?;
        decode_luma(decoder, ImageKind::Tiff, limits)
    }
}

/// Whether a TIFF file has more than one page: its first image directory links to another.
/// Read from the header without decoding; a single-page TIFF stays an image.
pub fn tiff_has_pages(bytes: &[u8]) -> bool {
    let little = bytes.starts_with(b"II");
    let uint = |at: usize, len: usize| -> Option<u64> {
        let field = bytes.get(at..at.checked_add(len)?)?;
        Some(field.iter().enumerate().fold(0u64, |value, (i, &byte)| {
            let shift = if little { 8 * i } else { 8 * (len - 1 - i) };
            value | u64::from(byte) << shift
        }))
    };
    let next = match uint(2, 2) {
        Some(42) => uint(4, 4)
            .and_then(|ifd| usize::try_from(ifd).ok())
            .and_then(|ifd| {
                let entries = usize::try_from(uint(ifd, 2)?).ok()?;
                uint(ifd.checked_add(2 + entries.checked_mul(12)?)?, 4)
            }),
        Some(43) => uint(8, 8)
            .and_then(|ifd| usize::try_from(ifd).ok())
            .and_then(|ifd| {
                let entries = usize::try_from(uint(ifd, 8)?).ok()?;
                uint(ifd.checked_add(8 + entries.checked_mul(20)?)?, 8)
            }),
        _ => None,
    };
    next.is_some_and(|offset| offset != 0)
}

/// The resolution a TIFF directory declares, in dots per inch, if plausible for a scan.
#[cfg(feature = "tiff")]
fn declared_dpi<R: std::io::Read + std::io::Seek>(
    decoder: &mut tiff::decoder::Decoder<R>,
) -> Option<f32> {
    use tiff::decoder::ifd::Value;
    use tiff::tags::Tag;
    let per_unit = |value: Value| match value {
        Value::Rational(n, d) if d > 0 => Some(n as f32 / d as f32),
        Value::Float(x) => Some(x),
        Value::Double(x) => Some(x as f32),
        Value::Short(n) => Some(f32::from(n)),
        Value::Unsigned(n) => Some(n as f32),
        _ => None,
    };
    let x = decoder.find_tag(Tag::XResolution).ok()??;
    let y = decoder.find_tag(Tag::YResolution).ok()??;
    let (x, y) = (per_unit(x)?, per_unit(y)?);
    // ResolutionUnit: 2 inch (the default), 3 centimetre, 1 none (an aspect ratio only).
    let unit = decoder
        .find_tag_unsigned::<u16>(Tag::ResolutionUnit)
        .ok()
        .flatten()
        .unwrap_or(2);
    let scale = match unit {
        2 => 1.0,
        3 => 2.54,
        _ => return None,
    };
    let (x, y) = (x * scale, y * scale);
    ((50.0..=2400.0).contains(&x) && (x - y).abs() < 0.5).then_some(x)
}

/// A TIFF file whose header points at another image directory: reads as the file itself
/// except for the first-directory offset, without copying the file.
#[cfg(feature = "tiff")]
struct Repointed<'a> {
    bytes: &'a [u8],
    head: [u8; 16],
    head_len: usize,
    at: u64,
}

#[cfg(feature = "tiff")]
impl<'a> Repointed<'a> {
    fn new(bytes: &'a [u8], ifd: u64) -> Repointed<'a> {
        let mut head = [0u8; 16];
        let head_len = bytes.len().min(16);
        head[..head_len].copy_from_slice(&bytes[..head_len]);
        let little = head.starts_with(b"II");
        let big_tiff = head[2..4] == [43, 0] || head[2..4] == [0, 43];
        if big_tiff {
            let offset = if little {
                ifd.to_le_bytes()
            } else {
                ifd.to_be_bytes()
            };
            head[8..16].copy_from_slice(&offset);
        } else {
            let ifd = u32::try_from(ifd).unwrap_or(u32::MAX);
            let offset = if little {
                ifd.to_le_bytes()
            } else {
                ifd.to_be_bytes()
            };
            head[4..8].copy_from_slice(&offset);
        }
        Repointed {
            bytes,
            head,
            head_len,
            at: 0,
        }
    }
}

#[cfg(feature = "tiff")]
impl std::io::Read for Repointed<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let available = std::io::BufRead::fill_buf(self)?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        std::io::BufRead::consume(self, n);
        Ok(n)
    }
}

#[cfg(feature = "tiff")]
impl std::io::BufRead for Repointed<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        let at = usize::try_from(self.at).unwrap_or(usize::MAX);
        if at < self.head_len {
            Ok(&self.head[at..self.head_len])
        } else {
            Ok(self.bytes.get(at..).unwrap_or_default())
        }
    }

    fn consume(&mut self, n: usize) {
        self.at += n as u64;
    }
}

#[cfg(feature = "tiff")]
impl std::io::Seek for Repointed<'_> {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        let target = match to {
            std::io::SeekFrom::Start(n) => Some(n),
            std::io::SeekFrom::End(n) => (self.bytes.len() as u64).checked_add_signed(n),
            std::io::SeekFrom::Current(n) => self.at.checked_add_signed(n),
        };
        self.at = target.ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek before the start")
        })?;
        Ok(self.at)
    }
}

/// Whether a JPEG ends with its end-of-image marker. Some writers pad the file after it, so
/// trailing zero bytes are allowed.
fn ends_with_eoi(bytes: &[u8]) -> bool {
    let end = bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    bytes[..end].ends_with(&[0xFF, 0xD9])
}

fn image_error(kind: ImageKind, error: image::ImageError, limits: &Limits) -> Error {
    match error {
        image::ImageError::Limits(_) => Error::TooManyPixels {
            format: kind.name(),
            width: 0,
            height: 0,
            limit: limits.max_pixels,
        },
        other => corrupt(kind, other),
    }
}

/// Counts image descriptors in a GIF up to two, walking the block structure without decoding.
fn gif_frames(bytes: &[u8]) -> usize {
    let mut at = 13;
    let Some(&flags) = bytes.get(10) else {
        return 0;
    };
    if flags & 0x80 != 0 {
        at += 3 << ((flags & 0x07) + 1);
    }
    let skip_sub_blocks = |mut at: usize| -> Option<usize> {
        loop {
            let len = usize::from(*bytes.get(at)?);
            at += 1;
            if len == 0 {
                return Some(at);
            }
            at += len;
        }
    };
    let mut frames = 0;
    while let Some(&block) = bytes.get(at) {
        match block {
            0x2C => {
                frames += 1;
                if frames > 1 {
                    break;
                }
                let Some(&local) = bytes.get(at + 9) else {
                    break;
                };
                at += 10;
                if local & 0x80 != 0 {
                    at += 3 << ((local & 0x07) + 1);
                }
                at += 1; // LZW minimum code size
                match skip_sub_blocks(at) {
                    Some(next) => at = next,
                    None => break,
                }
            }
            0x21 => match skip_sub_blocks(at + 2) {
                Some(next) => at = next,
                None => break,
            },
            _ => break,
        }
    }
    frames
}

/// Reads the orientation tag (0x0112) from EXIF data as zune-jpeg returns it (optionally
/// preceded by `Exif\0\0`, then a TIFF header).
fn exif_orientation(exif: &[u8]) -> Option<Orientation> {
    let tiff = exif.strip_prefix(b"Exif\0\0").unwrap_or(exif);
    let little = match tiff.get(0..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b = tiff.get(at..at + 2)?;
        Some(if little {
            u16::from_le_bytes([b[0], b[1]])
        } else {
            u16::from_be_bytes([b[0], b[1]])
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b = tiff.get(at..at + 4)?;
        let b = [b[0], b[1], b[2], b[3]];
        Some(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let entries = usize::from(u16_at(ifd)?);
    (0..entries.min(256))
        .map(|i| ifd + 2 + i * 12)
        .find(|&entry| u16_at(entry) == Some(0x0112))
        .and_then(|entry| u16_at(entry + 8))
        .and_then(|value| Orientation::from_exif(u8::try_from(value).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exif_orientation_reads_both_byte_orders() {
        let le = b"Exif\0\0II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x06\0\0\0";
        assert_eq!(exif_orientation(le), Some(Orientation::Rotate90));
        let be = b"MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x03\0\0";
        assert_eq!(exif_orientation(be), Some(Orientation::Rotate180));
        assert_eq!(exif_orientation(b"II*\0\xFF\xFF\xFF\xFF"), None);
        assert_eq!(exif_orientation(b""), None);
    }

    #[test]
    fn to_upright_agrees_with_apply_orientation() {
        // Every stored pixel's centre must land on the centre of the same pixel after the
        // image crate turns the picture.
        let stored = GrayImage::from_fn(5, 3, |x, y| image::Luma([(y * 5 + x) as u8]));
        for exif in 1..=8 {
            let orientation = Orientation::from_exif(exif).expect("valid EXIF value");
            let loaded = Loaded {
                luma: stored.clone(),
                orientation,
                truncated: false,
            };
            let mut turned = DynamicImage::ImageLuma8(stored.clone());
            turned.apply_orientation(orientation);
            let turned = turned.into_luma8();
            assert_eq!(turned.dimensions(), loaded.upright_size(), "EXIF {exif}");
            for (x, y, pixel) in stored.enumerate_pixels() {
                let (ux, uy) = loaded.to_upright((x as f32 + 0.5, y as f32 + 0.5));
                let upright = turned.get_pixel((ux - 0.5) as u32, (uy - 0.5) as u32);
                assert_eq!(upright, pixel, "EXIF {exif} at {x},{y}");
            }
        }
    }

    #[test]
    fn a_spliced_file_reads_and_seeks_as_if_the_ranges_were_never_there() {
        use std::io::{Read, Seek, SeekFrom};
        let bytes = b"0123456789abcdef";
        let range = |start: usize, end: usize| start..end;
        for (skipped, expected) in [
            (&[][..], &b"0123456789abcdef"[..]),
            (&[range(0, 4)], b"456789abcdef"),
            (&[range(2, 5), range(9, 10), range(15, 16)], b"015678abcde"),
            (&[range(0, 16)], b""),
        ] {
            let mut spliced = Spliced::new(bytes, skipped);
            let mut all = Vec::new();
            spliced.read_to_end(&mut all).expect("reads");
            assert_eq!(all, expected, "{skipped:?}");
            let last = spliced.seek(SeekFrom::End(-1)).ok();
            let mut byte = [0u8; 1];
            let read = last.and_then(|_| spliced.read(&mut byte).ok());
            assert_eq!(
                read.map(|_| byte[0]),
                expected.last().copied(),
                "{skipped:?}"
            );
            assert!(spliced.seek(SeekFrom::Current(-100)).is_err());
        }
    }

    #[test]
    fn png_chunks_giroscope_does_not_read_are_skipped_whole() {
        let chunk = |kind: &[u8; 4], len: usize| {
            let mut chunk = (len as u32).to_be_bytes().to_vec();
            chunk.extend_from_slice(kind);
            chunk.resize(12 + len, 0);
            chunk
        };
        let parts = [
            chunk(b"IHDR", 13),
            chunk(b"iCCP", 100),
            chunk(b"eXIf", 100),
            chunk(b"tEXt", 5),
            chunk(b"eXIf", MAX_PNG_EXIF_BYTES as usize + 1),
            chunk(b"IDAT", 10),
            chunk(b"zTXt", 7),
            chunk(b"iTXt", 7),
            chunk(b"IEND", 0),
            chunk(b"tEXt", 1),
        ];
        let png: Vec<u8> = [b"\x89PNG\r\n\x1a\n".to_vec(), parts.concat()].concat();
        let mut at = 8;
        let ranges: Vec<std::ops::Range<usize>> = parts
            .iter()
            .map(|part| {
                at += part.len();
                at - part.len()..at
            })
            .collect();
        let expected: Vec<_> = [1, 3, 4, 6, 7].map(|i| ranges[i].clone()).to_vec();
        assert_eq!(png_chunks_to_skip(&png), expected);
        // A chunk longer than the file ends the walk; the decoder names the damage.
        let cut = &png[..ranges[3].end - 1];
        assert_eq!(png_chunks_to_skip(cut), [ranges[1].clone()]);
    }

    #[test]
    fn gif_frame_count_walks_blocks() {
        // Header, screen descriptor without palette, then two minimal frames.
        let frame = b"\x2C\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0";
        let mut gif = b"GIF89a\x01\0\x01\0\0\0\0".to_vec();
        gif.extend_from_slice(frame);
        assert_eq!(gif_frames(&gif), 1);
        gif.extend_from_slice(b"\x21\xF9\x04\0\0\0\0\0");
        gif.extend_from_slice(frame);
        assert_eq!(gif_frames(&gif), 2);
        assert_eq!(gif_frames(b"GIF89a"), 0);
    }
}
