//! The character sets line 3 of a GiroCode may declare, and decoding bytes in them.
//!
//! Decoding keeps, for every character, the byte offset it came from, so findings about a
//! character can point at its bytes. Bytes that do not decode become U+FFFD in the text and are
//! listed, never silently dropped.

use std::ops::Range;
use std::sync::OnceLock;

/// A character set from EPC069-12 line 3 (`1`–`8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Charset {
    /// `1`: UTF-8.
    Utf8,
    /// `2`: ISO 8859-1 (Latin-1).
    Iso8859_1,
    /// `3`: ISO 8859-2 (Latin-2, Central European).
    Iso8859_2,
    /// `4`: ISO 8859-4 (Latin-4, Baltic).
    Iso8859_4,
    /// `5`: ISO 8859-5 (Cyrillic).
    Iso8859_5,
    /// `6`: ISO 8859-7 (Greek).
    Iso8859_7,
    /// `7`: ISO 8859-10 (Latin-6, Nordic).
    Iso8859_10,
    /// `8`: ISO 8859-15 (Latin-9, with €).
    Iso8859_15,
}

/// All charsets in line-3 order.
pub const ALL: [Charset; 8] = [
    Charset::Utf8,
    Charset::Iso8859_1,
    Charset::Iso8859_2,
    Charset::Iso8859_4,
    Charset::Iso8859_5,
    Charset::Iso8859_7,
    Charset::Iso8859_10,
    Charset::Iso8859_15,
];

impl Charset {
    /// The charset for a line-3 digit, `None` for anything but exactly one digit `1`–`8`.
    pub fn from_line(line: &[u8]) -> Option<Charset> {
        match line {
            [digit @ b'1'..=b'8'] => Some(ALL[usize::from(digit - b'1')]),
            _ => None,
        }
    }

    /// The line-3 digit.
    pub fn digit(self) -> u8 {
        ALL.iter()
            .position(|c| *c == self)
            .map_or(0, |i| i as u8 + 1)
    }

    /// The usual name, e.g. `ISO-8859-15`.
    pub fn name(self) -> &'static str {
        match self {
            Charset::Utf8 => "UTF-8",
            Charset::Iso8859_1 => "ISO-8859-1",
            Charset::Iso8859_2 => "ISO-8859-2",
            Charset::Iso8859_4 => "ISO-8859-4",
            Charset::Iso8859_5 => "ISO-8859-5",
            Charset::Iso8859_7 => "ISO-8859-7",
            Charset::Iso8859_10 => "ISO-8859-10",
            Charset::Iso8859_15 => "ISO-8859-15",
        }
    }

    /// Decodes `bytes`, which start at `base` in the payload.
    pub fn decode(self, bytes: &[u8], base: usize) -> Decoded {
        match self {
            Charset::Utf8 => decode_utf8(bytes, base),
            single_byte => decode_single_byte(upper_half(single_byte), bytes, base),
        }
    }

    /// Encodes `text` in this charset. A character the charset cannot hold is written as
    /// UTF-8, as a generator that ignores line 3 would write it, so that the checker reports
    /// it as such instead of silently dropping it.
    pub fn encode(self, text: &str) -> Vec<u8> {
        let Charset::Utf8 = self else {
            let table = upper_half(self);
            let mut bytes = Vec::with_capacity(text.len());
            for c in text.chars() {
                match table.iter().position(|entry| *entry == Some(c)) {
                    _ if c.is_ascii() => bytes.push(c as u8),
                    Some(index) => bytes.push(0x80 + index as u8),
                    None => bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
                }
            }
            return bytes;
        };
        text.as_bytes().to_vec()
    }

    /// Whether `c` can be written in this charset.
    pub fn can_encode(self, c: char) -> bool {
        match self {
            Charset::Utf8 => true,
            _ if c.is_ascii() => true,
            single_byte => upper_half(single_byte).contains(&Some(c)),
        }
    }
}

/// Text decoded from payload bytes, with the byte offset of every character.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decoded {
    /// The text; bytes that do not decode appear as U+FFFD.
    pub text: String,
    /// For each character of `text`, in order, its byte range in the payload.
    pub spans: Vec<Range<usize>>,
    /// Byte ranges in the payload that do not decode in the charset.
    pub invalid: Vec<Range<usize>>,
}

impl Decoded {
    /// The number of characters.
    pub fn char_count(&self) -> usize {
        self.spans.len()
    }

    /// Decodes lossily as UTF-8: used when line 3 declares no valid charset, so that the other
    /// fields can still be checked.
    pub fn fallback(bytes: &[u8], base: usize) -> Decoded {
        let mut decoded = decode_utf8(bytes, base);
        decoded.invalid.clear();
        decoded
    }
}

fn decode_utf8(bytes: &[u8], base: usize) -> Decoded {
    let mut decoded = Decoded {
        text: String::with_capacity(bytes.len()),
        spans: Vec::with_capacity(bytes.len()),
        invalid: Vec::new(),
    };
    let mut offset = base;
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            decoded.text.push(c);
            decoded.spans.push(offset..offset + c.len_utf8());
            offset += c.len_utf8();
        }
        let invalid = chunk.invalid();
        if !invalid.is_empty() {
            decoded.text.push(char::REPLACEMENT_CHARACTER);
            decoded.spans.push(offset..offset + invalid.len());
            decoded.invalid.push(offset..offset + invalid.len());
            offset += invalid.len();
        }
    }
    decoded
}

fn decode_single_byte(table: &[Option<char>; 128], bytes: &[u8], base: usize) -> Decoded {
    let mut decoded = Decoded {
        text: String::with_capacity(bytes.len() + bytes.len() / 2),
        spans: Vec::with_capacity(bytes.len()),
        invalid: Vec::new(),
    };
    for (i, &byte) in bytes.iter().enumerate() {
        let offset = base + i;
        let c = if byte < 0x80 {
            Some(char::from(byte))
        } else {
            table[usize::from(byte - 0x80)]
        };
        match c {
            Some(c) => decoded.text.push(c),
            None => {
                decoded.text.push(char::REPLACEMENT_CHARACTER);
                decoded.invalid.push(offset..offset + 1);
            }
        }
        decoded.spans.push(offset..offset + 1);
    }
    decoded
}

/// The characters of bytes 0x80–0xFF in a single-byte charset. ISO 8859 defines no characters
/// at 0x80–0x9F (the C1 controls come from ISO 6429, and no GiroCode may hold controls), so
/// those are `None`, as are the few unassigned positions (e.g. 0xAE in ISO 8859-7).
fn upper_half(charset: Charset) -> &'static [Option<char>; 128] {
    static TABLES: [OnceLock<[Option<char>; 128]>; 8] = [const { OnceLock::new() }; 8];
    TABLES[usize::from(charset.digit() - 1)].get_or_init(|| {
        let mut table = [None; 128];
        for byte in 0xA0..=0xFFu8 {
            table[usize::from(byte - 0x80)] = single_byte_char(charset, byte);
        }
        table
    })
}

fn single_byte_char(charset: Charset, byte: u8) -> Option<char> {
    let encoding = match charset {
        // encoding_rs maps the label ISO-8859-1 to windows-1252 (WHATWG); in the upper half
        // 0xA0–0xFF both agree with ISO 8859-1, which is a plain identity on code points.
        Charset::Iso8859_1 | Charset::Utf8 => return Some(char::from(byte)),
        Charset::Iso8859_2 => encoding_rs::ISO_8859_2,
        Charset::Iso8859_4 => encoding_rs::ISO_8859_4,
        Charset::Iso8859_5 => encoding_rs::ISO_8859_5,
        Charset::Iso8859_7 => encoding_rs::ISO_8859_7,
        Charset::Iso8859_10 => encoding_rs::ISO_8859_10,
        Charset::Iso8859_15 => encoding_rs::ISO_8859_15,
    };
    let bytes = [byte];
    let text = encoding.decode_without_bom_handling_and_without_replacement(&bytes)?;
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_three_accepts_exactly_one_digit_from_one_to_eight() {
        for (line, expected) in [
            (&b"1"[..], Some(Charset::Utf8)),
            (b"2", Some(Charset::Iso8859_1)),
            (b"8", Some(Charset::Iso8859_15)),
            (b"0", None),
            (b"9", None),
            (b"01", None),
            (b" 1", None),
            (b"", None),
        ] {
            assert_eq!(Charset::from_line(line), expected, "{line:?}");
        }
    }

    #[test]
    fn decodes_each_charset_with_offsets() {
        let latin1 = Charset::Iso8859_1.decode(b"M\xfcller", 10);
        assert_eq!(latin1.text, "Müller");
        assert_eq!(latin1.spans[1], 11..12);
        let euro = Charset::Iso8859_15.decode(b"\xa4", 0);
        assert_eq!(euro.text, "€");
        let greek = Charset::Iso8859_7.decode(b"\xc1\xae", 0);
        assert_eq!(greek.text, "Α\u{FFFD}");
        assert_eq!(greek.invalid, vec![1..2]);
        let utf8 = Charset::Utf8.decode("Mü\u{FF}".as_bytes(), 0);
        assert_eq!(utf8.spans, vec![0..1, 1..3, 3..5]);
    }

    #[test]
    fn encodes_each_charset_and_writes_what_it_cannot_hold_as_utf8() {
        assert_eq!(Charset::Iso8859_1.encode("Müller"), b"M\xfcller");
        assert_eq!(Charset::Iso8859_15.encode("5 €"), b"5 \xa4");
        assert_eq!(Charset::Iso8859_1.encode("5 €"), "5 €".as_bytes());
        assert_eq!(Charset::Utf8.encode("Müller"), "Müller".as_bytes());
        for charset in ALL {
            for byte in 0..=255u8 {
                let decoded = charset.decode(&[byte], 0);
                if decoded.invalid.is_empty() && charset != Charset::Utf8 {
                    assert_eq!(
                        charset.encode(&decoded.text),
                        [byte],
                        "{charset:?} {byte:#x}"
                    );
                }
            }
        }
    }

    #[test]
    fn c1_bytes_do_not_decode_in_iso_8859() {
        for charset in &ALL[1..] {
            let decoded = charset.decode(b"\x80", 0);
            assert_eq!(decoded.invalid, vec![0..1], "{charset:?}");
        }
    }

    #[test]
    fn invalid_utf8_is_reported_with_its_bytes() {
        let decoded = Charset::Utf8.decode(b"a\xfcb", 5);
        assert_eq!(decoded.text, "a\u{FFFD}b");
        assert_eq!(decoded.invalid, vec![6..7]);
    }
}
