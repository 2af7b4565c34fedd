//! Constants from ISO/IEC 18004: error-correction block structure (Table 9)
//! and alignment pattern centres (Annex E).

use crate::symbol::EcLevel;

/// One row of Table 9: EC codewords per block, then the two block groups as
/// (number of blocks, data codewords per block). Group 2 has one more data
/// codeword per block than group 1, or no blocks at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BlockLayout {
    pub ec_per_block: usize,
    pub group1: (usize, usize),
    pub group2: (usize, usize),
}

const fn b(ec: usize, n1: usize, d1: usize, n2: usize, d2: usize) -> BlockLayout {
    BlockLayout {
        ec_per_block: ec,
        group1: (n1, d1),
        group2: (n2, d2),
    }
}

/// Table 9 of ISO/IEC 18004, indexed by version - 1; columns follow the
/// declaration order of `EcLevel` (L, M, Q, H), which `block_layout` relies on.
#[rustfmt::skip]
const BLOCKS: [[BlockLayout; 4]; 40] = [
    [b( 7,  1,  19, 0,   0), b(10,  1,  16,  0,  0), b(13,  1,  13,  0,  0), b(17,  1,  9,  0,  0)],
    [b(10,  1,  34, 0,   0), b(16,  1,  28,  0,  0), b(22,  1,  22,  0,  0), b(28,  1, 16,  0,  0)],
    [b(15,  1,  55, 0,   0), b(26,  1,  44,  0,  0), b(18,  2,  17,  0,  0), b(22,  2, 13,  0,  0)],
    [b(20,  1,  80, 0,   0), b(18,  2,  32,  0,  0), b(26,  2,  24,  0,  0), b(16,  4,  9,  0,  0)],
    [b(26,  1, 108, 0,   0), b(24,  2,  43,  0,  0), b(18,  2,  15,  2, 16), b(22,  2, 11,  2, 12)],
    [b(18,  2,  68, 0,   0), b(16,  4,  27,  0,  0), b(24,  4,  19,  0,  0), b(28,  4, 15,  0,  0)],
    [b(20,  2,  78, 0,   0), b(18,  4,  31,  0,  0), b(18,  2,  14,  4, 15), b(26,  4, 13,  1, 14)],
    [b(24,  2,  97, 0,   0), b(22,  2,  38,  2, 39), b(22,  4,  18,  2, 19), b(26,  4, 14,  2, 15)],
    [b(30,  2, 116, 0,   0), b(22,  3,  36,  2, 37), b(20,  4,  16,  4, 17), b(24,  4, 12,  4, 13)],
    [b(18,  2,  68, 2,  69), b(26,  4,  43,  1, 44), b(24,  6,  19,  2, 20), b(28,  6, 15,  2, 16)],
    [b(20,  4,  81, 0,   0), b(30,  1,  50,  4, 51), b(28,  4,  22,  4, 23), b(24,  3, 12,  8, 13)],
    [b(24,  2,  92, 2,  93), b(22,  6,  36,  2, 37), b(26,  4,  20,  6, 21), b(28,  7, 14,  4, 15)],
    [b(26,  4, 107, 0,   0), b(22,  8,  37,  1, 38), b(24,  8,  20,  4, 21), b(22, 12, 11,  4, 12)],
    [b(30,  3, 115, 1, 116), b(24,  4,  40,  5, 41), b(20, 11,  16,  5, 17), b(24, 11, 12,  5, 13)],
    [b(22,  5,  87, 1,  88), b(24,  5,  41,  5, 42), b(30,  5,  24,  7, 25), b(24, 11, 12,  7, 13)],
    [b(24,  5,  98, 1,  99), b(28,  7,  45,  3, 46), b(24, 15,  19,  2, 20), b(30,  3, 15, 13, 16)],
    [b(28,  1, 107, 5, 108), b(28, 10,  46,  1, 47), b(28,  1,  22, 15, 23), b(28,  2, 14, 17, 15)],
    [b(30,  5, 120, 1, 121), b(26,  9,  43,  4, 44), b(28, 17,  22,  1, 23), b(28,  2, 14, 19, 15)],
    [b(28,  3, 113, 4, 114), b(26,  3,  44, 11, 45), b(26, 17,  21,  4, 22), b(26,  9, 13, 16, 14)],
    [b(28,  3, 107, 5, 108), b(26,  3,  41, 13, 42), b(30, 15,  24,  5, 25), b(28, 15, 15, 10, 16)],
    [b(28,  4, 116, 4, 117), b(26, 17,  42,  0,  0), b(28, 17,  22,  6, 23), b(30, 19, 16,  6, 17)],
    [b(28,  2, 111, 7, 112), b(28, 17,  46,  0,  0), b(30,  7,  24, 16, 25), b(24, 34, 13,  0,  0)],
    [b(30,  4, 121, 5, 122), b(28,  4,  47, 14, 48), b(30, 11,  24, 14, 25), b(30, 16, 15, 14, 16)],
    [b(30,  6, 117, 4, 118), b(28,  6,  45, 14, 46), b(30, 11,  24, 16, 25), b(30, 30, 16,  2, 17)],
    [b(26,  8, 106, 4, 107), b(28,  8,  47, 13, 48), b(30,  7,  24, 22, 25), b(30, 22, 15, 13, 16)],
    [b(28, 10, 114, 2, 115), b(28, 19,  46,  4, 47), b(28, 28,  22,  6, 23), b(30, 33, 16,  4, 17)],
    [b(30,  8, 122, 4, 123), b(28, 22,  45,  3, 46), b(30,  8,  23, 26, 24), b(30, 12, 15, 28, 16)],
    [b(30,  3, 117,10, 118), b(28,  3,  45, 23, 46), b(30,  4,  24, 31, 25), b(30, 11, 15, 31, 16)],
    [b(30,  7, 116, 7, 117), b(28, 21,  45,  7, 46), b(30,  1,  23, 37, 24), b(30, 19, 15, 26, 16)],
    [b(30,  5, 115,10, 116), b(28, 19,  47, 10, 48), b(30, 15,  24, 25, 25), b(30, 23, 15, 25, 16)],
    [b(30, 13, 115, 3, 116), b(28,  2,  46, 29, 47), b(30, 42,  24,  1, 25), b(30, 23, 15, 28, 16)],
    [b(30, 17, 115, 0,   0), b(28, 10,  46, 23, 47), b(30, 10,  24, 35, 25), b(30, 19, 15, 35, 16)],
    [b(30, 17, 115, 1, 116), b(28, 14,  46, 21, 47), b(30, 29,  24, 19, 25), b(30, 11, 15, 46, 16)],
    [b(30, 13, 115, 6, 116), b(28, 14,  46, 23, 47), b(30, 44,  24,  7, 25), b(30, 59, 16,  1, 17)],
    [b(30, 12, 121, 7, 122), b(28, 12,  47, 26, 48), b(30, 39,  24, 14, 25), b(30, 22, 15, 41, 16)],
    [b(30,  6, 121,14, 122), b(28,  6,  47, 34, 48), b(30, 46,  24, 10, 25), b(30,  2, 15, 64, 16)],
    [b(30, 17, 122, 4, 123), b(28, 29,  46, 14, 47), b(30, 49,  24, 10, 25), b(30, 24, 15, 46, 16)],
    [b(30,  4, 122,18, 123), b(28, 13,  46, 32, 47), b(30, 48,  24, 14, 25), b(30, 42, 15, 32, 16)],
    [b(30, 20, 117, 4, 118), b(28, 40,  47,  7, 48), b(30, 43,  24, 22, 25), b(30, 10, 15, 67, 16)],
    [b(30, 19, 118, 6, 119), b(28, 18,  47, 31, 48), b(30, 34,  24, 34, 25), b(30, 20, 15, 61, 16)],
];

/// Block structure for a version (1..=40) and level, or None for other versions.
pub(crate) fn block_layout(version: u8, level: EcLevel) -> Option<BlockLayout> {
    let row = BLOCKS.get(usize::from(version).checked_sub(1)?)?;
    Some(row[level as usize])
}

/// Codewords of a block that ISO/IEC 18004 reserves against misdecoding
/// rather than correction (the "p" of Table 9).
pub(crate) fn misdecode_protection(version: u8, level: EcLevel) -> usize {
    match (version, level) {
        (1, EcLevel::L) => 3,
        (1, EcLevel::M) | (2, EcLevel::L) => 2,
        (1, EcLevel::Q) | (1, EcLevel::H) | (3, EcLevel::L) => 1,
        _ => 0,
    }
}

/// Alignment pattern centre coordinates (Annex E, Table E.1), indexed by
/// version - 1; the same list applies to rows and columns.
#[rustfmt::skip]
const ALIGNMENT: [&[u8]; 40] = [
    &[],
    &[6, 18],
    &[6, 22],
    &[6, 26],
    &[6, 30],
    &[6, 34],
    &[6, 22, 38],
    &[6, 24, 42],
    &[6, 26, 46],
    &[6, 28, 50],
    &[6, 30, 54],
    &[6, 32, 58],
    &[6, 34, 62],
    &[6, 26, 46, 66],
    &[6, 26, 48, 70],
    &[6, 26, 50, 74],
    &[6, 30, 54, 78],
    &[6, 30, 56, 82],
    &[6, 30, 58, 86],
    &[6, 34, 62, 90],
    &[6, 28, 50, 72, 94],
    &[6, 26, 50, 74, 98],
    &[6, 30, 54, 78, 102],
    &[6, 28, 54, 80, 106],
    &[6, 32, 58, 84, 110],
    &[6, 30, 58, 86, 114],
    &[6, 34, 62, 90, 118],
    &[6, 26, 50, 74, 98, 122],
    &[6, 30, 54, 78, 102, 126],
    &[6, 26, 52, 78, 104, 130],
    &[6, 30, 56, 82, 108, 134],
    &[6, 34, 60, 86, 112, 138],
    &[6, 30, 58, 86, 114, 142],
    &[6, 34, 62, 90, 118, 146],
    &[6, 30, 54, 78, 102, 126, 150],
    &[6, 24, 50, 76, 102, 128, 154],
    &[6, 28, 54, 80, 106, 132, 158],
    &[6, 32, 58, 84, 110, 136, 162],
    &[6, 26, 54, 82, 110, 138, 166],
    &[6, 30, 58, 86, 114, 142, 170],
];

/// Alignment pattern centres for a version, empty for version 1 or invalid versions.
pub(crate) fn alignment_centres(version: u8) -> &'static [u8] {
    usize::from(version)
        .checked_sub(1)
        .and_then(|i| ALIGNMENT.get(i))
        .copied()
        .unwrap_or(&[])
}

/// Appends the BCH check bits: the remainder of `data * x^degree` divided by
/// `generator` (whose leading term is x^degree).
pub(crate) const fn bch_encode(data: u32, generator: u32, degree: u32) -> u32 {
    let mut rem = data << degree;
    let mut bit = 31;
    while bit >= degree {
        if rem & (1 << bit) != 0 {
            rem ^= generator << (bit - degree);
        }
        bit -= 1;
    }
    (data << degree) | rem
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEVELS: [EcLevel; 4] = [EcLevel::L, EcLevel::M, EcLevel::Q, EcLevel::H];

    /// Total codewords per version (Table 1), an independent column of the
    /// standard against which each Table 9 row must add up.
    #[rustfmt::skip]
    const TOTAL: [usize; 40] = [
        26, 44, 70, 100, 134, 172, 196, 242, 292, 346, 404, 466, 532, 581, 655, 733, 815, 901,
        991, 1085, 1156, 1258, 1364, 1474, 1588, 1706, 1828, 1921, 2051, 2185, 2323, 2465,
        2611, 2761, 2876, 3034, 3196, 3362, 3532, 3706,
    ];

    #[test]
    fn block_table_adds_up_to_total_codewords() {
        for v in 1..=40u8 {
            for level in LEVELS {
                let l = block_layout(v, level).unwrap();
                let blocks = l.group1.0 + l.group2.0;
                let data = l.group1.0 * l.group1.1 + l.group2.0 * l.group2.1;
                assert_eq!(
                    data + blocks * l.ec_per_block,
                    TOTAL[v as usize - 1],
                    "{v}-{level:?}"
                );
                assert!(
                    l.group2.0 == 0 || l.group2.1 == l.group1.1 + 1,
                    "{v}-{level:?}"
                );
                assert!(l.group2.0 != 0 || l.group2.1 == 0, "{v}-{level:?}");
            }
        }
    }

    #[test]
    fn block_table_data_capacities() {
        // (version, level, data codewords) from Table 7.
        let cases = [
            (1, EcLevel::L, 19),
            (1, EcLevel::H, 9),
            (10, EcLevel::M, 216),
            (13, EcLevel::M, 334),
            (20, EcLevel::Q, 485),
            (27, EcLevel::H, 628),
            (40, EcLevel::L, 2956),
            (40, EcLevel::M, 2334),
            (40, EcLevel::Q, 1666),
            (40, EcLevel::H, 1276),
        ];
        for (v, level, want) in cases {
            let l = block_layout(v, level).unwrap();
            let data = l.group1.0 * l.group1.1 + l.group2.0 * l.group2.1;
            assert_eq!(data, want, "{v}-{level:?}");
        }
    }

    #[test]
    fn alignment_table_matches_even_spacing_rule() {
        // Annex E spaces the patterns from column 6 to size - 7 with one even
        // step, the first gap taking the remainder; version 32 is the one
        // exception to the rounding rule for that step.
        for v in 2..=40u8 {
            let got = alignment_centres(v);
            let count = usize::from(v / 7 + 2);
            assert_eq!(got.len(), count, "version {v}");
            let last = 17 + 4 * usize::from(v) - 7;
            assert_eq!(usize::from(got[0]), 6);
            assert_eq!(usize::from(got[count - 1]), last);
            let step = usize::from(got[count - 1] - got[count - 2]);
            assert_eq!(step % 2, 0, "version {v}");
            for w in got[1..].windows(2) {
                assert_eq!(usize::from(w[1] - w[0]), step, "version {v}");
            }
            let rule = if v == 32 {
                26
            } else {
                (4 * usize::from(v) + 2 * count + 1) / (2 * count - 2) * 2
            };
            assert_eq!(step, rule, "version {v}");
        }
    }

    #[test]
    fn bch_known_codewords() {
        // Format info for level L (01), mask 0, before the 0x5412 mask.
        assert_eq!(bch_encode(0b01000, 0x537, 10) ^ 0x5412, 0b111011111000100);
        // Version 7 information (Annex D).
        assert_eq!(bch_encode(7, 0x1F25, 12), 0x07C94);
        assert_eq!(bch_encode(40, 0x1F25, 12), 0x28C69);
    }
}
