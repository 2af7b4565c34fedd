//! What kind of input a byte string is, decided by its content, never by a file name.

use crate::error::Error;
use crate::limits::Limits;

/// An input, sniffed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Input<'a> {
    /// Payload text: the bytes a QR code holds.
    Text(&'a [u8]),
    /// An image file in a format giroscope decodes.
    Image(ImageKind, &'a [u8]),
    /// A PDF document.
    Pdf(&'a [u8]),
}

/// The image formats giroscope decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageKind {
    /// PNG.
    Png,
    /// JPEG (JFIF or EXIF).
    Jpeg,
    /// GIF (single frame).
    Gif,
    /// WebP.
    WebP,
    /// BMP.
    Bmp,
    /// TIFF.
    Tiff,
}

impl ImageKind {
    /// The format's usual name.
    pub fn name(self) -> &'static str {
        match self {
            ImageKind::Png => "PNG",
            ImageKind::Jpeg => "JPEG",
            ImageKind::Gif => "GIF",
            ImageKind::WebP => "WebP",
            ImageKind::Bmp => "BMP",
            ImageKind::Tiff => "TIFF",
        }
    }
}

/// Sniffs `bytes` and applies the size limits.
///
/// # Errors
/// [`Error::TooLarge`] past a limit, [`Error::Unsupported`] for a recognised file format that
/// this build cannot read.
pub fn sniff<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Input<'a>, Error> {
    let size = bytes.len() as u64;
    if size > limits.max_input_bytes {
        return Err(Error::TooLarge {
            size,
            limit: limits.max_input_bytes,
            what: "files",
        });
    }
    if let Some(kind) = image_kind(bytes) {
        // A build without TIFF or WebP (the browser's photo module) says so instead of
        // failing to decode: the full module reads them.
        if kind == ImageKind::Tiff && !cfg!(feature = "tiff")
            || kind == ImageKind::WebP && !cfg!(feature = "webp")
        {
            return Err(Error::Unsupported {
                format: kind.name(),
            });
        }
        return Ok(Input::Image(kind, bytes));
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok(Input::Pdf(bytes));
    }
    if let Some(format) = unsupported_format(bytes) {
        return Err(Error::Unsupported { format });
    }
    if size > limits.max_text_bytes {
        return Err(Error::TooLarge {
            size,
            limit: limits.max_text_bytes,
            what: "payload text",
        });
    }
    Ok(Input::Text(bytes))
}

fn image_kind(bytes: &[u8]) -> Option<ImageKind> {
    const SIGNATURES: &[(&[u8], ImageKind)] = &[
        (b"\x89PNG\r\n\x1a\n", ImageKind::Png),
        (b"\xFF\xD8\xFF", ImageKind::Jpeg),
        (b"GIF87a", ImageKind::Gif),
        (b"GIF89a", ImageKind::Gif),
        (b"II*\0", ImageKind::Tiff),
        (b"MM\0*", ImageKind::Tiff),
        // BigTIFF, which scanners write for files over 4 GB and some tools always.
        (b"II+\0", ImageKind::Tiff),
        (b"MM\0+", ImageKind::Tiff),
    ];
    if let Some((_, kind)) = SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
    {
        return Some(*kind);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some(ImageKind::WebP);
    }
    // "BM" alone is too weak (a text could start with it): require the DIB header size too.
    if bytes.len() >= 18
        && bytes.starts_with(b"BM")
        && matches!(bytes[14], 12 | 40 | 52 | 56 | 64 | 108 | 124)
    {
        return Some(ImageKind::Bmp);
    }
    None
}

fn unsupported_format(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Some(match &bytes[8..12] {
            b"avif" | b"avis" => "AVIF",
            _ => "HEIC/HEIF",
        });
    }
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\0\0\0\x0CjP  \r\n\x87\n", "JPEG 2000"),
        (b"\xFF\x4F\xFF\x51", "JPEG 2000"),
        (b"\0\0\0\x0CJXL \r\n\x87\n", "JPEG XL"),
        (b"\xFF\x0A", "JPEG XL"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, format)| *format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Sniffed {
        Text,
        Image(ImageKind),
        Pdf,
        Refused(&'static str),
    }

    #[test]
    fn sniffs_by_content() {
        use Sniffed::*;
        let limits = Limits::default();
        for (bytes, expected) in [
            (&b"\x89PNG\r\n\x1a\n...."[..], Image(ImageKind::Png)),
            (b"\xFF\xD8\xFF\xE0", Image(ImageKind::Jpeg)),
            (b"RIFF\0\0\0\0WEBPVP8 ", Image(ImageKind::WebP)),
            (b"GIF89a\x01\0", Image(ImageKind::Gif)),
            (
                b"BM\0\0\0\0\0\0\0\0\0\0\0\0\x28\0\0\0",
                Image(ImageKind::Bmp),
            ),
            (b"II*\0", Image(ImageKind::Tiff)),
            (b"II+\0\x08\0\0\0", Image(ImageKind::Tiff)),
            (b"%PDF-1.7", Pdf),
            (b"BMW payment", Text),
            (b"\0\0\0\x18ftypheic\0\0", Refused("HEIC/HEIF")),
            (b"\0\0\0\x18ftypavif\0\0", Refused("AVIF")),
            (b"\0\0\0\x0CjP  \r\n\x87\n\0", Refused("JPEG 2000")),
            (b"\xFF\x4F\xFF\x51\0", Refused("JPEG 2000")),
            (b"\xFF\x0A\x01", Refused("JPEG XL")),
            (b"BCD\n002\n1\nSCT", Text),
            (b"", Text),
        ] {
            let got = match sniff(bytes, &limits) {
                Ok(Input::Text(_)) => Text,
                Ok(Input::Image(kind, _)) => Image(kind),
                Ok(Input::Pdf(_)) => Pdf,
                Err(Error::Unsupported { format }) => Refused(format),
                Err(other) => panic!("{other}"),
            };
            assert_eq!(got, expected, "{bytes:?}");
        }
    }

    #[test]
    fn text_limit_applies_at_n_plus_one() {
        let limits = Limits {
            max_input_bytes: 100,
            max_text_bytes: 10,
            ..Limits::default()
        };
        assert!(sniff(&[b'a'; 10], &limits).is_ok());
        assert!(matches!(
            sniff(&[b'a'; 11], &limits),
            Err(Error::TooLarge {
                size: 11,
                limit: 10,
                ..
            })
        ));
        assert!(matches!(
            sniff(&[b'a'; 101], &limits),
            Err(Error::TooLarge { limit: 100, .. })
        ));
    }
}
