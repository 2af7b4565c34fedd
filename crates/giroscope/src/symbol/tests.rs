//! End-to-end tests against symbols generated with the `qrcode` crate, whose
//! encoder and Table 9 copy are independent of this reader's.

use qrcode::bits::Bits;
use qrcode::types::{EcLevel as QrLevel, Version};

use crate::symbol::layout::{self, FunctionMap};
use crate::symbol::tables::block_layout;
use crate::symbol::{EcLevel, Grid, Mode, ReadError, Symbol, read};

#[allow(dead_code)]
// Shared with the integration tests at the workspace root.
#[path = "../../../../tests/support/qr.rs"]
mod qr;

const LEVELS: [EcLevel; 4] = [EcLevel::L, EcLevel::M, EcLevel::Q, EcLevel::H];

fn qr_level(level: EcLevel) -> QrLevel {
    match level {
        EcLevel::L => QrLevel::L,
        EcLevel::M => QrLevel::M,
        EcLevel::Q => QrLevel::Q,
        EcLevel::H => QrLevel::H,
    }
}

/// Draws data codewords (already padded to capacity) with a forced mask.
fn render(version: u8, level: EcLevel, mask: u8, data: &[u8]) -> Grid {
    let modules = qr::draw(i16::from(version), qr_level(level), mask, data, &[]);
    Grid::new(17 + 4 * usize::from(version), modules).unwrap()
}

/// What to put in a test symbol, in order.
#[derive(Debug, Clone, Copy)]
enum Part<'a> {
    Numeric(&'a [u8]),
    Alnum(&'a [u8]),
    Byte(&'a [u8]),
    Kanji(&'a [u8]),
    Eci(u32),
    Fnc1First,
    Fnc1Second(u8),
}

fn encode(version: u8, level: EcLevel, mask: u8, parts: &[Part]) -> Grid {
    let mut bits = Bits::new(Version::Normal(i16::from(version)));
    for part in parts {
        match *part {
            Part::Numeric(d) => bits.push_numeric_data(d),
            Part::Alnum(d) => bits.push_alphanumeric_data(d),
            Part::Byte(d) => bits.push_byte_data(d),
            Part::Kanji(d) => bits.push_kanji_data(d),
            Part::Eci(e) => bits.push_eci_designator(e),
            Part::Fnc1First => bits.push_fnc1_first_position(),
            Part::Fnc1Second(ai) => bits.push_fnc1_second_position(ai),
        }
        .unwrap();
    }
    bits.push_terminator(qr_level(level)).unwrap();
    render(version, level, mask, &bits.into_bytes())
}

/// A byte payload of `len` varied bytes, deliberately not UTF-8.
fn payload(len: usize, seed: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i * 151 + seed * 31 + 0x80) as u8)
        .collect()
}

/// Data codewords of a version and level, from the reader's own table.
fn data_capacity(version: u8, level: EcLevel) -> usize {
    let l = block_layout(version, level).unwrap();
    l.group1.0 * l.group1.1 + l.group2.0 * l.group2.1
}

/// A byte-mode symbol filled to capacity, so every block carries payload.
fn full_byte_symbol(version: u8, level: EcLevel, mask: u8) -> (Grid, Vec<u8>) {
    let header_bytes = if version < 10 { 2 } else { 3 };
    let bytes = payload(
        data_capacity(version, level) - header_bytes,
        usize::from(version),
    );
    (encode(version, level, mask, &[Part::Byte(&bytes)]), bytes)
}

#[test]
fn every_version_and_level_round_trips() {
    for version in 1..=40u8 {
        for (i, level) in LEVELS.into_iter().enumerate() {
            let mask = (usize::from(version) + i) as u8 % 8;
            let (grid, bytes) = full_byte_symbol(version, level, mask);
            let symbol = read(&grid).unwrap_or_else(|e| panic!("{version}-{level:?}: {e}"));
            assert_eq!(
                (symbol.version, symbol.ec_level, symbol.mask),
                (version, level, mask)
            );
            assert_eq!(symbol.bytes, bytes, "{version}-{level:?}");
            assert_eq!(symbol.format_bit_errors, [Some(0), Some(0)]);
            let want_version_errors = (version >= 7).then_some([Some(0), Some(0)]);
            assert_eq!(symbol.version_bit_errors, want_version_errors);
            assert_eq!(symbol.corrected_errors(), 0);
            assert_eq!(symbol.unused_error_correction(), 1.0);
            assert!(!symbol.mirrored);
            let layout = block_layout(version, level).unwrap();
            assert_eq!(symbol.blocks.len(), layout.group1.0 + layout.group2.0);
        }
    }
}

#[test]
fn table_9_matches_data_module_count_for_every_version() {
    for version in 1..=40u8 {
        let codewords = FunctionMap::new(version).data_positions().len() / 8;
        for level in LEVELS {
            let l = block_layout(version, level).unwrap();
            let total = (l.group1.0 + l.group2.0) * l.ec_per_block + data_capacity(version, level);
            assert_eq!(total, codewords, "{version}-{level:?}");
        }
    }
}

#[test]
fn every_mask_decodes() {
    for mask in 0..8 {
        for version in [1, 2, 7, 14, 40] {
            let (grid, bytes) = full_byte_symbol(version, EcLevel::M, mask);
            let symbol = read(&grid).unwrap();
            assert_eq!(
                (symbol.mask, symbol.bytes),
                (mask, bytes),
                "{version} mask {mask}"
            );
        }
    }
}

/// Payload, first ECI and segment modes a symbol should decode to.
type Expected = (Vec<u8>, Option<u32>, Vec<Mode>);

#[test]
fn decodes_segments_and_eci() {
    let giro = b"BCD\n002\n1\nSCT\nBFSWDE33BER\nWikimedia F\xf6rdergesellschaft\nDE33100205000001194700\nEUR123.45\n\n\n\nSpende";
    let digits = [b'7'; 100];
    // (version, level, mask, parts, expected payload, expected first ECI, expected modes)
    #[rustfmt::skip]
    let cases: Vec<(u8, EcLevel, u8, Vec<Part>, Expected)> = vec![
        (1, EcLevel::M, 0, vec![Part::Numeric(b"01234567")], (b"01234567".to_vec(), None, vec![Mode::Numeric])),
        (1, EcLevel::Q, 1, vec![Part::Alnum(b"HELLO WORLD")], (b"HELLO WORLD".to_vec(), None, vec![Mode::Alphanumeric])),
        (2, EcLevel::L, 2, vec![Part::Byte(b"M\xfcller")], (b"M\xfcller".to_vec(), None, vec![Mode::Byte])),
        (5, EcLevel::H, 3, vec![Part::Eci(3), Part::Byte(b"M\xfcller")], (b"M\xfcller".to_vec(), Some(3), vec![Mode::Eci, Mode::Byte])),
        (7, EcLevel::Q, 4, vec![Part::Eci(26), Part::Byte("Müller".as_bytes())], ("Müller".as_bytes().to_vec(), Some(26), vec![Mode::Eci, Mode::Byte])),
        (4, EcLevel::M, 5, vec![Part::Eci(899), Part::Byte(b"x")], (b"x".to_vec(), Some(899), vec![Mode::Eci, Mode::Byte])),
        (6, EcLevel::M, 6, vec![Part::Eci(999_999), Part::Byte(b"y")], (b"y".to_vec(), Some(999_999), vec![Mode::Eci, Mode::Byte])),
        (10, EcLevel::M, 7, vec![Part::Numeric(&digits)], (digits.to_vec(), None, vec![Mode::Numeric])),
        (27, EcLevel::L, 0, vec![Part::Alnum(b"$%*+-./: AZ09")], (b"$%*+-./: AZ09".to_vec(), None, vec![Mode::Alphanumeric])),
        (3, EcLevel::L, 1, vec![Part::Kanji(b"\x93\x5f\xe4\xaa")], (b"\x93\x5f\xe4\xaa".to_vec(), None, vec![Mode::Kanji])),
        (2, EcLevel::M, 2, vec![Part::Alnum(b"AB"), Part::Numeric(b"123"), Part::Byte(b"cd")], (b"AB123cd".to_vec(), None, vec![Mode::Alphanumeric, Mode::Numeric, Mode::Byte])),
        (2, EcLevel::L, 3, vec![Part::Fnc1First, Part::Numeric(b"01"), Part::Alnum(b"A%B")], (b"01A\x1dB".to_vec(), None, vec![Mode::Fnc1First, Mode::Numeric, Mode::Alphanumeric])),
        (2, EcLevel::L, 4, vec![Part::Fnc1Second(37), Part::Alnum(b"AA12")], (b"AA12".to_vec(), None, vec![Mode::Fnc1Second, Mode::Alphanumeric])),
        (7, EcLevel::M, 5, vec![Part::Byte(giro)], (giro.to_vec(), None, vec![Mode::Byte])),
    ];
    for (version, level, mask, parts, (bytes, eci, modes)) in cases {
        let symbol = read(&encode(version, level, mask, &parts))
            .unwrap_or_else(|e| panic!("{parts:?}: {e}"));
        assert_eq!(
            (symbol.version, symbol.ec_level, symbol.mask),
            (version, level, mask),
            "{parts:?}"
        );
        assert_eq!(symbol.bytes, bytes, "{parts:?}");
        assert_eq!(symbol.eci, eci, "{parts:?}");
        assert_eq!(
            symbol.segments.iter().map(|s| s.mode).collect::<Vec<_>>(),
            modes,
            "{parts:?}"
        );
        assert!(
            symbol
                .segments
                .iter()
                .filter(|s| s.mode != Mode::Eci)
                .all(|s| s.eci == eci)
        );
    }
}

#[test]
fn decodes_structured_append_header() {
    // Mode 0011, symbol 2 of 4 (0x13), parity 0x5A, then byte mode "ab".
    let mut fields = vec![
        (0b0011, 4),
        (0x13, 8),
        (0x5A, 8),
        (0b0100, 4),
        (2, 8),
        (b'a', 8),
        (b'b', 8),
        (0, 4),
    ];
    let capacity = data_capacity(1, EcLevel::M) * 8;
    let used: usize = fields.iter().map(|&(_, w)| w).sum();
    fields.push((0, (8 - used % 8) % 8));
    let mut data: Vec<u8> = Vec::new();
    let mut acc = 0u64;
    let mut width = 0;
    for (value, w) in fields {
        acc = (acc << w) | u64::from(value);
        width += w;
        while width >= 8 {
            data.push((acc >> (width - 8)) as u8);
            width -= 8;
        }
    }
    data.extend([0xEC, 0x11].iter().cycle().take(capacity / 8 - data.len()));
    let symbol = read(&render(1, EcLevel::M, 6, &data)).unwrap();
    assert!(symbol.structured_append);
    assert_eq!(symbol.segments[0].mode, Mode::StructuredAppend);
    assert_eq!(symbol.segments[0].bytes, [0x13, 0x5A]);
    assert_eq!(symbol.bytes, b"ab");
}

/// Modules of the `count` first codewords of block 0: its data codewords,
/// then its EC codewords, following the interleaving.
fn block_0_modules(version: u8, level: EcLevel, count: usize) -> Vec<Vec<(usize, usize)>> {
    let l = block_layout(version, level).unwrap();
    let blocks = l.group1.0 + l.group2.0;
    let data_total = data_capacity(version, level);
    let positions = FunctionMap::new(version).data_positions();
    let data = (0..l.group1.1).map(|i| i * blocks);
    let ec = (0..l.ec_per_block).map(|j| data_total + j * blocks);
    data.chain(ec)
        .take(count)
        .map(|cw| positions[8 * cw..8 * cw + 8].to_vec())
        .collect()
}

fn flip(grid: &Grid, modules: &[(usize, usize)]) -> Grid {
    Grid::from_fn(grid.size(), |x, y| {
        grid.get(x, y) ^ modules.contains(&(x, y))
    })
}

/// Corrected errors and UEC, or the expected failure.
type Outcome = Result<(usize, f32), ReadError>;

#[test]
fn flipped_codewords_are_counted_and_consume_uec() {
    // (version, level, codewords damaged in block 0, Ok((corrected, UEC)) or Err)
    #[rustfmt::skip]
    let cases: Vec<(u8, EcLevel, usize, Outcome)> = vec![
        (5, EcLevel::Q, 0, Ok((0, 1.0))),
        (1, EcLevel::L, 0, Ok((0, 1.0))),
        (1, EcLevel::L, 1, Ok((1, 0.5))),
        (1, EcLevel::L, 2, Ok((2, 0.0))),
        (1, EcLevel::L, 3, Err(ReadError::ReedSolomon { block: 0 })),
        (1, EcLevel::M, 3, Ok((3, 0.25))),
        (1, EcLevel::M, 4, Ok((4, 0.0))),
        (1, EcLevel::M, 5, Err(ReadError::ReedSolomon { block: 0 })),
        (1, EcLevel::H, 8, Ok((8, 0.0))),
        (1, EcLevel::H, 9, Err(ReadError::ReedSolomon { block: 0 })),
        (3, EcLevel::L, 7, Ok((7, 0.0))),
        (3, EcLevel::L, 8, Err(ReadError::ReedSolomon { block: 0 })),
        (5, EcLevel::Q, 3, Ok((3, 1.0 - 6.0 / 18.0))),
        (5, EcLevel::Q, 9, Ok((9, 0.0))),
        (5, EcLevel::Q, 10, Err(ReadError::ReedSolomon { block: 0 })),
        (7, EcLevel::H, 2, Ok((2, 1.0 - 4.0 / 26.0))),
        (13, EcLevel::M, 11, Ok((11, 0.0))),
        (13, EcLevel::M, 12, Err(ReadError::ReedSolomon { block: 0 })),
        (40, EcLevel::H, 15, Ok((15, 0.0))),
        (40, EcLevel::H, 16, Err(ReadError::ReedSolomon { block: 0 })),
    ];
    for (version, level, damaged, want) in cases {
        let (grid, bytes) = full_byte_symbol(version, level, 2);
        // One module per codeword, at a varying bit position.
        let modules: Vec<(usize, usize)> = block_0_modules(version, level, damaged)
            .iter()
            .enumerate()
            .map(|(k, cw)| cw[(k * 3) % 8])
            .collect();
        let got = read(&flip(&grid, &modules));
        let got = got.map(|s: Symbol| {
            assert_eq!(s.bytes, bytes);
            assert_eq!(
                s.blocks[0].corrected_errors,
                s.corrected_errors(),
                "only block 0 damaged"
            );
            (s.corrected_errors(), s.unused_error_correction())
        });
        match (got, want) {
            (Ok((t, uec)), Ok((want_t, want_uec))) => {
                assert_eq!(t, want_t, "{version}-{level:?} x{damaged}");
                assert!(
                    (uec - want_uec).abs() < 1e-6,
                    "{version}-{level:?} x{damaged}: UEC {uec}"
                );
            }
            (got, want) => assert_eq!(
                got.map(|_| ()),
                want.map(|_| ()),
                "{version}-{level:?} x{damaged}"
            ),
        }
    }
}

type Modules = Vec<(usize, usize)>;
type BitErrors = [Option<u8>; 2];

#[test]
fn damaged_info_copies_are_reported() {
    let format_1 = layout::format_positions_1();
    let format_2 = layout::format_positions_2(45);
    let version_1 = layout::version_positions_1(45);
    let version_2 = layout::version_positions_2(45);
    // (modules flipped in a version 7-Q symbol, format bit errors, version bit errors)
    #[rustfmt::skip]
    let cases: Vec<(Modules, BitErrors, BitErrors)> = vec![
        (vec![], [Some(0), Some(0)], [Some(0), Some(0)]),
        (format_1[..1].to_vec(), [Some(1), Some(0)], [Some(0), Some(0)]),
        (format_1[12..].to_vec(), [Some(3), Some(0)], [Some(0), Some(0)]),
        (format_1[4..9].to_vec(), [None, Some(0)], [Some(0), Some(0)]),
        (format_2[6..8].to_vec(), [Some(0), Some(2)], [Some(0), Some(0)]),
        (format_2[5..10].to_vec(), [Some(0), None], [Some(0), Some(0)]),
        (version_1[..3].to_vec(), [Some(0), Some(0)], [Some(3), Some(0)]),
        (version_2[10..16].to_vec(), [Some(0), Some(0)], [Some(0), None]),
        ([&format_1[..2], &format_2[3..4], &version_1[17..]].concat(), [Some(2), Some(1)], [Some(1), Some(0)]),
    ];
    let (grid, bytes) = full_byte_symbol(7, EcLevel::Q, 3);
    for (modules, format, version) in cases {
        let symbol = read(&flip(&grid, &modules)).unwrap_or_else(|e| panic!("{modules:?}: {e}"));
        assert_eq!(symbol.format_bit_errors, format, "{modules:?}");
        assert_eq!(symbol.version_bit_errors, Some(version), "{modules:?}");
        assert_eq!(symbol.bytes, bytes);
    }
}

#[test]
fn unreadable_info_fails_cleanly() {
    let (v1, _) = full_byte_symbol(1, EcLevel::M, 0);
    let (v7, _) = full_byte_symbol(7, EcLevel::M, 0);
    let both_format = [
        &layout::format_positions_1()[..],
        &layout::format_positions_2(21)[..],
    ]
    .concat();
    let both_version = [
        layout::version_positions_1(45)[..5].to_vec(),
        layout::version_positions_2(45)[..5].to_vec(),
    ]
    .concat();
    assert!(read(&flip(&v1, &both_format)).is_err());
    assert_eq!(read(&flip(&v7, &both_version)), Err(ReadError::VersionInfo));
    // A version 7 grid sampled at the size of version 8 has no matching version info.
    let mut bigger = Grid::from_fn(49, |x, y| v7.get(x, y));
    assert!(read(&bigger).is_err());
    bigger = Grid::from_fn(45, |_, _| false);
    assert_eq!(read(&bigger), Err(ReadError::FormatInfo));
}

#[test]
fn mirrored_symbols_decode_and_say_so() {
    for (version, level, mask) in [
        (1, EcLevel::L, 0),
        (2, EcLevel::H, 5),
        (7, EcLevel::M, 3),
        (21, EcLevel::Q, 6),
    ] {
        let (grid, bytes) = full_byte_symbol(version, level, mask);
        let symbol = read(&grid.transposed()).unwrap();
        assert!(symbol.mirrored);
        assert_eq!(
            (symbol.version, symbol.ec_level, symbol.mask, symbol.bytes),
            (version, level, mask, bytes)
        );
    }
}

#[test]
fn sizes_outside_qr_are_rejected() {
    // (size, expected error)
    let cases = [
        (0, ReadError::BadSize(0)),
        (1, ReadError::BadSize(1)),
        (11, ReadError::MicroQr),
        (13, ReadError::MicroQr),
        (15, ReadError::MicroQr),
        (17, ReadError::MicroQr),
        (19, ReadError::BadSize(19)),
        (22, ReadError::BadSize(22)),
        (23, ReadError::BadSize(23)),
        (181, ReadError::BadSize(181)),
    ];
    for (size, want) in cases {
        assert_eq!(
            read(&Grid::from_fn(size, |_, _| true)),
            Err(want),
            "size {size}"
        );
    }
    assert!(Grid::new(21, vec![false; 440]).is_none());
}

/// xorshift64: enough randomness for fuzzing without a dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn random_grids_never_panic() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for size in (21..=177).step_by(4) {
        let _ = read(&Grid::from_fn(size, |_, _| true));
        let _ = read(&Grid::from_fn(size, |_, _| false));
        for _ in 0..100 {
            let _ = read(&Grid::from_fn(size, |_, _| rng.next() & 1 == 1));
        }
    }
}

#[test]
fn random_codewords_in_valid_symbols_never_panic() {
    // Valid format, version and EC, garbage data: drives the segment parser.
    let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
    let mut decoded = 0;
    for round in 0..400 {
        let version = (round % 40 + 1) as u8;
        let level = LEVELS[round % 4];
        let data: Vec<u8> = (0..data_capacity(version, level))
            .map(|_| rng.next() as u8)
            .collect();
        match read(&render(version, level, (round % 8) as u8, &data)) {
            Ok(_) => decoded += 1,
            Err(ReadError::Segments(_)) => {}
            Err(e) => panic!("{version}-{level:?}: unexpected {e}"),
        }
    }
    assert!(decoded < 400);
}

/// Version, level, mask, whether mirrored, and the data modules flipped.
type DamageCase<'a> = (u8, EcLevel, u8, bool, &'a [(usize, usize)]);

#[test]
fn wrong_modules_are_where_the_damage_is() {
    #[rustfmt::skip]
    let cases: &[DamageCase] = &[
        (1, EcLevel::M, 0, false, &[]),
        (1, EcLevel::M, 2, false, &[(20, 20), (19, 20)]),
        (7, EcLevel::M, 3, false, &[(30, 30), (31, 30), (28, 27), (13, 30)]),
        (7, EcLevel::M, 3, true, &[(30, 30), (30, 19)]),
        (5, EcLevel::H, 6, false, &[(13, 13), (14, 13), (15, 13), (13, 14), (14, 14)]),
    ];
    for &(version, level, mask, mirrored, flipped) in cases {
        let (clean, _) = full_byte_symbol(version, level, mask);
        let damaged = flip(&clean, flipped);
        let grid = if mirrored {
            damaged.transposed()
        } else {
            damaged
        };
        let symbol = read(&grid).unwrap();
        let size = grid.size();
        let wrong: Vec<(usize, usize)> = (0..size * size)
            .filter(|&i| symbol.wrong_modules[i])
            .map(|i| (i % size, i / size))
            .map(|(x, y)| if mirrored { (y, x) } else { (x, y) })
            .collect();
        let mut expected = flipped.to_vec();
        expected.sort_by_key(|&(x, y)| (y, x));
        let mut wrong = wrong;
        wrong.sort_by_key(|&(x, y)| (y, x));
        assert_eq!(wrong, expected, "version {version} {level:?} mask {mask}");
    }
}
