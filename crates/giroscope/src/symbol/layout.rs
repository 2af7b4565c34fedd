//! Where things live in the module grid: function patterns, the two format
//! and version information copies, and the zigzag path of the data modules.

use crate::symbol::tables::alignment_centres;

/// Side length of a version's symbol.
pub(crate) fn size_of(version: u8) -> usize {
    17 + 4 * usize::from(version)
}

/// Modules of format information copy 1 (around the top-left finder),
/// index k holding bit k (bit 0 = least significant).
pub(crate) fn format_positions_1() -> [(usize, usize); 15] {
    let mut out = [(0, 0); 15];
    for (k, slot) in out.iter_mut().enumerate() {
        *slot = match k {
            // Column 8 going down, skipping the timing pattern at row 6.
            0..=5 => (8, k),
            6 => (8, 7),
            7 => (8, 8),
            // Row 8 going left, skipping the timing pattern at column 6.
            8 => (7, 8),
            _ => (14 - k, 8),
        };
    }
    out
}

/// Modules of format information copy 2, split between the bottom-left and
/// top-right finders; index k holds bit k.
pub(crate) fn format_positions_2(size: usize) -> [(usize, usize); 15] {
    let mut out = [(0, 0); 15];
    for (k, slot) in out.iter_mut().enumerate() {
        *slot = if k < 8 {
            (size - 1 - k, 8)
        } else {
            (8, size - 15 + k)
        };
    }
    out
}

/// Modules of version information block 1, left of the top-right finder
/// (3 wide, 6 tall); index k holds bit k.
pub(crate) fn version_positions_1(size: usize) -> [(usize, usize); 18] {
    let mut out = [(0, 0); 18];
    for (k, slot) in out.iter_mut().enumerate() {
        *slot = (size - 11 + k % 3, k / 3);
    }
    out
}

/// Version information block 2 (bottom-left, 6 wide and 3 tall), the
/// transpose of block 1.
pub(crate) fn version_positions_2(size: usize) -> [(usize, usize); 18] {
    version_positions_1(size).map(|(x, y)| (y, x))
}

/// Marks every module that is not part of the data region, for a version.
pub(crate) struct FunctionMap {
    size: usize,
    reserved: Vec<bool>,
}

impl FunctionMap {
    pub(crate) fn new(version: u8) -> FunctionMap {
        let size = size_of(version);
        let mut map = FunctionMap {
            size,
            reserved: vec![false; size * size],
        };
        // Finder + separator + format area form a 9x9 (8 wide on the far
        // sides) block at three corners; the dark module at (8, size - 8)
        // falls inside the bottom-left one.
        map.fill(0, 0, 9, 9);
        map.fill(size - 8, 0, 8, 9);
        map.fill(0, size - 8, 9, 8);
        map.fill(6, 0, 1, size);
        map.fill(0, 6, size, 1);

        let centres = alignment_centres(version);
        let last = centres.len().saturating_sub(1);
        for (i, &cy) in centres.iter().enumerate() {
            for (j, &cx) in centres.iter().enumerate() {
                // Of the four corner positions only the bottom-right one is
                // free; the other three coincide with finders.
                let corner = (i == 0 || i == last) && (j == 0 || j == last);
                let on_finder = corner && !(i == last && j == last);
                if !on_finder {
                    map.fill(usize::from(cx) - 2, usize::from(cy) - 2, 5, 5);
                }
            }
        }
        if version >= 7 {
            map.fill(size - 11, 0, 3, 6);
            map.fill(0, size - 11, 6, 3);
        }
        map
    }

    fn fill(&mut self, x0: usize, y0: usize, width: usize, height: usize) {
        for y in y0..y0 + height {
            for x in x0..x0 + width {
                self.reserved[y * self.size + x] = true;
            }
        }
    }

    fn is_reserved(&self, x: usize, y: usize) -> bool {
        self.reserved[y * self.size + x]
    }

    /// Data module coordinates in placement order: two-column strips from the
    /// right edge, alternately upward and downward, hopping over the vertical
    /// timing pattern.
    pub(crate) fn data_positions(&self) -> Vec<(usize, usize)> {
        let size = self.size;
        let mut out = Vec::with_capacity(size * size);
        let mut right = size - 1;
        let mut upward = true;
        loop {
            if right == 6 {
                right = 5;
            }
            for step in 0..size {
                let y = if upward { size - 1 - step } else { step };
                for x in [right, right - 1] {
                    if !self.is_reserved(x, y) {
                        out.push((x, y));
                    }
                }
            }
            upward = !upward;
            if right < 2 {
                break;
            }
            right -= 2;
        }
        out
    }
}

/// Whether mask pattern `mask` inverts the module at column x, row y
/// (ISO/IEC 18004 Table 10, with i = row and j = column).
pub(crate) fn mask_bit(mask: u8, x: usize, y: usize) -> bool {
    let (i, j) = (y, x);
    match mask {
        0 => (i + j) % 2 == 0,
        1 => i % 2 == 0,
        2 => j % 3 == 0,
        3 => (i + j) % 3 == 0,
        4 => (i / 2 + j / 3) % 2 == 0,
        5 => (i * j) % 2 + (i * j) % 3 == 0,
        6 => ((i * j) % 2 + (i * j) % 3) % 2 == 0,
        _ => ((i + j) % 2 + (i * j) % 3) % 2 == 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_modules_give_table_1_codeword_counts() {
        // (version, total codewords, remainder bits) from Table 1.
        let cases = [
            (1, 26, 0),
            (2, 44, 7),
            (6, 172, 7),
            (7, 196, 0),
            (14, 581, 3),
            (21, 1156, 4),
            (28, 1921, 3),
            (32, 2465, 3),
            (35, 2876, 0),
            (40, 3706, 0),
        ];
        for (version, codewords, remainder) in cases {
            let n = FunctionMap::new(version).data_positions().len();
            assert_eq!((n / 8, n % 8), (codewords, remainder), "version {version}");
        }
    }

    #[test]
    fn data_positions_are_distinct() {
        for version in 1..=40 {
            let mut positions = FunctionMap::new(version).data_positions();
            let n = positions.len();
            positions.sort_unstable();
            positions.dedup();
            assert_eq!(positions.len(), n, "version {version}");
        }
    }
}
