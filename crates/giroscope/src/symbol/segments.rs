//! Parsing the corrected data bit stream into segments (ISO/IEC 18004 7.4).

use crate::symbol::{Mode, Segment};

const ALPHANUMERIC: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Reads big-endian bit fields from the data codewords.
struct BitReader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl BitReader<'_> {
    fn remaining(&self) -> usize {
        self.data.len() * 8 - self.pos
    }

    /// Reads `n` <= 32 bits, failing rather than padding when the stream is
    /// shorter, since a truncated field means the segment header lied.
    fn read(&mut self, n: usize) -> Result<u32, String> {
        if n > self.remaining() {
            return Err(format!(
                "bit stream ends {n} bits short at bit {}",
                self.pos
            ));
        }
        let mut value = 0u32;
        for _ in 0..n {
            let byte = self.data[self.pos / 8];
            let bit = (byte >> (7 - self.pos % 8)) & 1;
            value = (value << 1) | u32::from(bit);
            self.pos += 1;
        }
        Ok(value)
    }

    /// Checks a whole segment body fits before allocating for it.
    fn ensure(&self, bits: usize, mode: Mode) -> Result<(), String> {
        if bits > self.remaining() {
            return Err(format!(
                "{mode:?} segment needs {bits} bits but only {} remain",
                self.remaining()
            ));
        }
        Ok(())
    }
}

/// Character count indicator width (Table 3), by version range 1–9, 10–26, 27–40.
fn count_bits(mode: Mode, version: u8) -> usize {
    let range = match version {
        0..=9 => 0,
        10..=26 => 1,
        _ => 2,
    };
    let widths = match mode {
        Mode::Numeric => [10, 12, 14],
        Mode::Alphanumeric => [9, 11, 13],
        Mode::Byte => [8, 16, 16],
        _ => [8, 10, 12],
    };
    widths[range]
}

/// Splits the data codewords into segments. ECI, structured append and FNC1
/// headers become segments of their own so the caller sees them in order.
pub(crate) fn parse(data: &[u8], version: u8) -> Result<Vec<Segment>, String> {
    let mut reader = BitReader { data, pos: 0 };
    let mut segments = Vec::new();
    let mut eci = None;
    let mut fnc1 = false;
    // Fewer than 4 bits left means the terminator was truncated by the end
    // of the symbol, which the standard allows.
    while reader.remaining() >= 4 {
        let indicator = reader.read(4)?;
        let (mode, char_count, bytes) = match indicator {
            0b0000 => break,
            0b0001 => {
                let count = reader.read(count_bits(Mode::Numeric, version))? as usize;
                (Mode::Numeric, count, numeric(&mut reader, count)?)
            }
            0b0010 => {
                let count = reader.read(count_bits(Mode::Alphanumeric, version))? as usize;
                let text = alphanumeric(&mut reader, count)?;
                let text = if fnc1 { gs1_separators(&text) } else { text };
                (Mode::Alphanumeric, count, text)
            }
            0b0100 => {
                let count = reader.read(count_bits(Mode::Byte, version))? as usize;
                reader.ensure(8 * count, Mode::Byte)?;
                let bytes = (0..count)
                    .map(|_| reader.read(8).map(|b| b as u8))
                    .collect::<Result<_, _>>()?;
                (Mode::Byte, count, bytes)
            }
            0b1000 => {
                let count = reader.read(count_bits(Mode::Kanji, version))? as usize;
                (Mode::Kanji, count, kanji(&mut reader, count)?)
            }
            0b0111 => {
                eci = Some(eci_designator(&mut reader)?);
                (Mode::Eci, 0, Vec::new())
            }
            0b0011 => {
                // Symbol position and total (4 bits each), then the parity byte.
                let header = reader.read(16)?;
                (
                    Mode::StructuredAppend,
                    0,
                    vec![(header >> 8) as u8, header as u8],
                )
            }
            0b0101 => {
                fnc1 = true;
                (Mode::Fnc1First, 0, Vec::new())
            }
            0b1001 => {
                fnc1 = true;
                let application_indicator = reader.read(8)? as u8;
                (Mode::Fnc1Second, 0, vec![application_indicator])
            }
            other => return Err(format!("unknown mode indicator {other:04b}")),
        };
        segments.push(Segment {
            mode,
            char_count,
            bytes,
            eci,
        });
    }
    Ok(segments)
}

/// Digits in groups of three (10 bits), with a 7- or 4-bit tail group.
fn numeric(reader: &mut BitReader, count: usize) -> Result<Vec<u8>, String> {
    let tail_bits = [0, 4, 7][count % 3];
    reader.ensure(10 * (count / 3) + tail_bits, Mode::Numeric)?;
    let mut out = Vec::with_capacity(count);
    let mut left = count;
    while left > 0 {
        let digits = left.min(3);
        let (bits, limit) = [(4, 10), (7, 100), (10, 1000)][digits - 1];
        let value = reader.read(bits)?;
        if value >= limit {
            return Err(format!(
                "numeric group {value} has more than {digits} digits"
            ));
        }
        let text = format!("{value:0digits$}");
        out.extend_from_slice(text.as_bytes());
        left -= digits;
    }
    Ok(out)
}

/// Characters in pairs (11 bits, 45 * first + second) with a 6-bit tail.
fn alphanumeric(reader: &mut BitReader, count: usize) -> Result<Vec<u8>, String> {
    reader.ensure(11 * (count / 2) + 6 * (count % 2), Mode::Alphanumeric)?;
    let mut out = Vec::with_capacity(count);
    let lookup = |v: u32| {
        ALPHANUMERIC
            .get(v as usize)
            .copied()
            .ok_or_else(|| format!("alphanumeric value {v} out of range"))
    };
    for _ in 0..count / 2 {
        let value = reader.read(11)?;
        if value >= 45 * 45 {
            return Err(format!("alphanumeric pair value {value} out of range"));
        }
        out.push(lookup(value / 45)?);
        out.push(lookup(value % 45)?);
    }
    if count % 2 == 1 {
        out.push(lookup(reader.read(6)?)?);
    }
    Ok(out)
}

/// In FNC1 mode '%' stands for the GS1 field separator (0x1D) and "%%" for
/// a literal '%' (ISO/IEC 18004 7.4.8).
fn gs1_separators(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'%' {
            if text.get(i + 1) == Some(&b'%') {
                out.push(b'%');
                i += 1;
            } else {
                out.push(0x1D);
            }
        } else {
            out.push(text[i]);
        }
        i += 1;
    }
    out
}

/// 13-bit values mapped back to two-byte Shift JIS (ISO/IEC 18004 7.4.6).
fn kanji(reader: &mut BitReader, count: usize) -> Result<Vec<u8>, String> {
    reader.ensure(13 * count, Mode::Kanji)?;
    let mut out = Vec::with_capacity(2 * count);
    for _ in 0..count {
        let value = reader.read(13)?;
        let compact = ((value / 0xC0) << 8) | (value % 0xC0);
        // The two Shift JIS ranges 0x8140.. and 0xE040.. were shifted down
        // by different offsets; 0x1F00 is where the second range starts.
        let sjis = if compact < 0x1F00 {
            compact + 0x8140
        } else {
            compact + 0xC140
        };
        out.push((sjis >> 8) as u8);
        out.push(sjis as u8);
    }
    Ok(out)
}

/// One, two or three bytes, the number of leading 1 bits giving the length.
fn eci_designator(reader: &mut BitReader) -> Result<u32, String> {
    let first = reader.read(8)?;
    let value = if first & 0x80 == 0 {
        first
    } else if first & 0xC0 == 0x80 {
        ((first & 0x3F) << 8) | reader.read(8)?
    } else if first & 0xE0 == 0xC0 {
        ((first & 0x1F) << 16) | reader.read(16)?
    } else {
        return Err(format!("invalid ECI designator prefix {first:08b}"));
    };
    if value > 999_999 {
        return Err(format!("ECI designator {value} exceeds 999999"));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (value, width in bits) pairs.
    type Fields = Vec<(u32, usize)>;

    /// Packs (value, width) fields MSB first, zero-padding the last byte.
    fn pack(fields: &[(u32, usize)]) -> Vec<u8> {
        let mut bits = Vec::new();
        for &(value, width) in fields {
            bits.extend((0..width).rev().map(|i| (value >> i) & 1 == 1));
        }
        bits.chunks(8)
            .map(|c| {
                c.iter()
                    .enumerate()
                    .fold(0u8, |acc, (i, &b)| acc | (u8::from(b) << (7 - i)))
            })
            .collect()
    }

    fn seg(mode: Mode, char_count: usize, bytes: &[u8], eci: Option<u32>) -> Segment {
        Segment {
            mode,
            char_count,
            bytes: bytes.to_vec(),
            eci,
        }
    }

    #[test]
    fn parses_each_mode() {
        // (version, fields, expected segments)
        let cases: Vec<(u8, Fields, Vec<Segment>)> = vec![
            (
                1,
                vec![(1, 4), (8, 10), (12, 10), (345, 10), (67, 7), (0, 4)],
                vec![seg(Mode::Numeric, 8, b"01234567", None)],
            ),
            (
                1,
                vec![(1, 4), (1, 10), (9, 4)],
                vec![seg(Mode::Numeric, 1, b"9", None)],
            ),
            (
                10,
                vec![(1, 4), (2, 12), (5, 7)],
                vec![seg(Mode::Numeric, 2, b"05", None)],
            ),
            (
                1,
                vec![(2, 4), (3, 9), (779, 11), (44, 6), (0, 4)],
                vec![seg(Mode::Alphanumeric, 3, b"HE:", None)],
            ),
            (
                27,
                vec![(4, 4), (2, 16), (0x4D, 8), (0xFC, 8)],
                vec![seg(Mode::Byte, 2, b"M\xfc", None)],
            ),
            (
                1,
                vec![(8, 4), (2, 8), (0x1AAA, 13), (0x0D9F, 13)],
                vec![seg(Mode::Kanji, 2, b"\xe4\xaa\x93\x5f", None)],
            ),
            (
                1,
                vec![(7, 4), (3, 8), (4, 4), (1, 8), (0xE9, 8)],
                vec![
                    seg(Mode::Eci, 0, b"", Some(3)),
                    seg(Mode::Byte, 1, b"\xe9", Some(3)),
                ],
            ),
            (
                1,
                vec![(7, 4), (0b10, 2), (899, 14)],
                vec![seg(Mode::Eci, 0, b"", Some(899))],
            ),
            (
                1,
                vec![(7, 4), (0b110, 3), (999_999, 21)],
                vec![seg(Mode::Eci, 0, b"", Some(999_999))],
            ),
            (
                1,
                vec![(3, 4), (0x13, 8), (0xA5, 8)],
                vec![seg(Mode::StructuredAppend, 0, &[0x13, 0xA5], None)],
            ),
            (
                1,
                vec![(5, 4), (2, 4), (5, 9), (1748, 11), (1613, 11), (10, 6)],
                vec![
                    seg(Mode::Fnc1First, 0, b"", None),
                    seg(Mode::Alphanumeric, 5, b"%Z\x1dA", None),
                ],
            ),
            (
                1,
                vec![(9, 4), (37, 8)],
                vec![seg(Mode::Fnc1Second, 0, &[37], None)],
            ),
            (1, vec![(0, 4), (4, 4), (1, 8), (0x41, 8)], vec![]),
        ];
        for (version, fields, want) in cases {
            assert_eq!(parse(&pack(&fields), version), Ok(want), "{fields:?}");
        }
    }

    #[test]
    fn rejects_malformed_streams() {
        // (version, fields) that must fail
        let cases: Vec<(u8, Fields)> = vec![
            (1, vec![(6, 4), (0, 4)]),
            (1, vec![(1, 4), (3, 10), (1000, 10)]),
            (1, vec![(1, 4), (2, 10), (100, 7)]),
            (1, vec![(2, 4), (2, 9), (2025, 11)]),
            (1, vec![(2, 4), (1, 9), (45, 6)]),
            (1, vec![(4, 4), (200, 8), (0, 8)]),
            (1, vec![(7, 4), (0xE0, 8)]),
            (1, vec![(7, 4), (0b110, 3), (1_000_000, 21)]),
        ];
        for (version, fields) in cases {
            assert!(parse(&pack(&fields), version).is_err(), "{fields:?}");
        }
    }
}
