//! What kind of input a byte string is, decided by its content, never by a file name.

use crate::error::Error;
use crate::limits::Limits;

/// An input, sniffed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Input<'a> {
    /// Payload text: the bytes a QR code holds.
    Text(&'a [u8]),
}

/// Signatures of file formats giroscope recognises but does not read (yet). Images and PDFs
/// slot in here as their decoders arrive.
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xFF\xD8\xFF", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\0", "TIFF"),
    (b"MM\0*", "TIFF"),
    (b"%PDF-", "PDF"),
];

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
    if let Some(format) = format_of(bytes) {
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

fn format_of(bytes: &[u8]) -> Option<&'static str> {
    if let Some((_, format)) = SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
    {
        return Some(format);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some("WebP");
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Some(match &bytes[8..12] {
            b"avif" | b"avis" => "AVIF",
            _ => "HEIC/HEIF",
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        let limits = Limits::default();
        for (bytes, expected) in [
            (&b"\x89PNG\r\n\x1a\n...."[..], Some("PNG")),
            (b"\xFF\xD8\xFF\xE0", Some("JPEG")),
            (b"RIFF\0\0\0\0WEBPVP8 ", Some("WebP")),
            (b"\0\0\0\x18ftypheic\0\0", Some("HEIC/HEIF")),
            (b"\0\0\0\x18ftypavif\0\0", Some("AVIF")),
            (b"%PDF-1.7", Some("PDF")),
            (b"BCD\n002\n1\nSCT", None),
            (b"", None),
        ] {
            let got = match sniff(bytes, &limits) {
                Err(Error::Unsupported { format }) => Some(format),
                Ok(Input::Text(_)) => None,
                Err(other) => panic!("{other}"),
            };
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn text_limit_applies_at_n_plus_one() {
        let limits = Limits {
            max_input_bytes: 100,
            max_text_bytes: 10,
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
