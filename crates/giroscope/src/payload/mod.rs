//! The raw layer: a payload split into lines, losslessly and infallibly.
//!
//! Splitting never fails and never interprets the text. It records, for every element, its byte
//! span and the separator that ends it, so that the checker can report lone CRs, CR CR LF and
//! mixed line endings instead of silently normalising them. Splitting works on bytes: every
//! charset EPC069-12 allows (UTF-8 and ISO 8859 parts) is ASCII-compatible, so LF and CR mean
//! the same in all of them.

pub mod charset;

use std::ops::Range;

/// The bytes of a GiroCode whose text went through Unicode on the way (pasted into a text box,
/// or read by a browser's barcode detector, which hands over text, not bytes): the charset
/// that line 3 declares decides how the text is encoded, as the code itself would hold it.
/// Without a valid line 3 the text stays UTF-8. A text box cannot keep line breaks as they
/// were, so CRLF becomes LF; checks of the separators need the code's own bytes.
pub fn from_text(text: &str) -> Vec<u8> {
    let text = text.replace("\r\n", "\n");
    let declared = text
        .split('\n')
        .nth(2)
        .and_then(|line| charset::Charset::from_line(line.as_bytes()))
        .unwrap_or(charset::Charset::Utf8);
    declared.encode(&text)
}

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The bytes that end one element of a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    /// `\n`, allowed by EPC069-12 §2.2.
    Lf,
    /// `\r\n`, allowed by EPC069-12 §2.2.
    CrLf,
    /// `\r` alone, not allowed.
    Cr,
    /// `\r\r\n`, seen in real Austrian codes, not allowed.
    CrCrLf,
}

impl Separator {
    /// The separator as an escaped string, for messages.
    pub fn escaped(self) -> &'static str {
        match self {
            Separator::Lf => "\\n",
            Separator::CrLf => "\\r\\n",
            Separator::Cr => "\\r",
            Separator::CrCrLf => "\\r\\r\\n",
        }
    }
}

/// One element of the payload: the bytes between two separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Line number, counted from 1 (line 1 is the service tag).
    pub number: usize,
    /// Byte range of the element's content in the payload, counted from 0, separator excluded.
    pub span: Range<usize>,
    /// The separator that ends this element, `None` for the last one.
    pub separator: Option<Separator>,
}

/// A payload split into its elements. Holds offsets only; the bytes stay with the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload<'a> {
    bytes: &'a [u8],
    bom: bool,
    lines: Vec<Line>,
}

impl<'a> Payload<'a> {
    /// Splits `bytes` at LF, CRLF, CR CR LF and lone CR. Never fails; an empty input yields one
    /// empty line. A leading UTF-8 byte order mark is noted and left out of line 1, so that
    /// one mistake does not also break the service tag.
    pub fn split(bytes: &'a [u8]) -> Payload<'a> {
        let bom = bytes.starts_with(BOM);
        let mut lines = Vec::with_capacity(12);
        let mut start = if bom { BOM.len() } else { 0 };
        let mut i = start;
        while i < bytes.len() {
            let (separator, len) = match bytes[i] {
                b'\n' => (Separator::Lf, 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => (Separator::CrLf, 2),
                b'\r' if bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n') => {
                    (Separator::CrCrLf, 3)
                }
                b'\r' => (Separator::Cr, 1),
                _ => {
                    i += 1;
                    continue;
                }
            };
            lines.push(Line {
                number: lines.len() + 1,
                span: start..i,
                separator: Some(separator),
            });
            i += len;
            start = i;
        }
        lines.push(Line {
            number: lines.len() + 1,
            span: start..bytes.len(),
            separator: None,
        });
        Payload { bytes, bom, lines }
    }

    /// Whether the payload starts with a UTF-8 byte order mark.
    pub fn has_bom(&self) -> bool {
        self.bom
    }

    /// The whole payload.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Every element, including trailing empty ones.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// The raw bytes of one line.
    pub fn line_bytes(&self, line: &Line) -> &'a [u8] {
        &self.bytes[line.span.clone()]
    }

    /// The number of elements up to and including the last populated one.
    pub fn populated_len(&self) -> usize {
        self.lines
            .iter()
            .rposition(|line| !line.span.is_empty())
            .map_or(0, |index| index + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_encoded_in_the_charset_line_three_declares() {
        for (text, bytes) in [
            (
                "BCD\n002\n2\nSCT\n\nStadt Müllheim",
                &b"BCD\n002\n2\nSCT\n\nStadt M\xfcllheim"[..],
            ),
            (
                "BCD\r\n002\r\n2\r\nSCT\r\n\r\nStadt Müllheim",
                b"BCD\n002\n2\nSCT\n\nStadt M\xfcllheim",
            ),
            (
                "BCD\n002\n1\nSCT\n\nMüller",
                "BCD\n002\n1\nSCT\n\nMüller".as_bytes(),
            ),
            (
                "BCD\n002\n9\nSCT\n\nMüller",
                "BCD\n002\n9\nSCT\n\nMüller".as_bytes(),
            ),
            ("https://example.org/ä", "https://example.org/ä".as_bytes()),
        ] {
            assert_eq!(from_text(text), bytes, "{text:?}");
        }
    }

    fn shape(input: &[u8]) -> Vec<(Range<usize>, Option<Separator>)> {
        Payload::split(input)
            .lines()
            .iter()
            .map(|line| (line.span.clone(), line.separator))
            .collect()
    }

    #[test]
    fn splits_every_separator_kind() {
        use Separator::*;
        assert_eq!(shape(b""), vec![(0..0, None)]);
        assert_eq!(shape(b"a\nb"), vec![(0..1, Some(Lf)), (2..3, None)]);
        assert_eq!(shape(b"a\r\nb"), vec![(0..1, Some(CrLf)), (3..4, None)]);
        assert_eq!(shape(b"a\rb"), vec![(0..1, Some(Cr)), (2..3, None)]);
        assert_eq!(shape(b"a\r\r\nb"), vec![(0..1, Some(CrCrLf)), (4..5, None)]);
        assert_eq!(shape(b"a\n"), vec![(0..1, Some(Lf)), (2..2, None)]);
        assert_eq!(shape(b"\r"), vec![(0..0, Some(Cr)), (1..1, None)]);
        assert_eq!(
            shape(b"\xEF\xBB\xBFa\nb"),
            vec![(3..4, Some(Lf)), (5..6, None)]
        );
    }

    #[test]
    fn populated_len_ignores_trailing_empty_elements() {
        assert_eq!(Payload::split(b"a\n\nb\n\n").populated_len(), 3);
        assert_eq!(Payload::split(b"\n\n").populated_len(), 0);
    }
}
