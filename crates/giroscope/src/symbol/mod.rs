//! Decodes a sampled QR Code module grid per ISO/IEC 18004 and reports the
//! metadata that generic decoders discard: format and version bit errors,
//! per-block Reed–Solomon corrections, segment structure and ECI.
//!
//! Locating the symbol in an image and sampling it is the detector's job;
//! this module starts from the module grid.

mod layout;
mod rs;
mod segments;
mod tables;
#[cfg(test)]
mod tests;

use std::fmt;

use layout::{FunctionMap, mask_bit};
pub(crate) use tables::alignment_centres;
use tables::{bch_encode, block_layout, misdecode_protection};

/// A square grid of modules, dark = true, row-major, (x, y) with x to the
/// right and y down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    size: usize,
    modules: Vec<bool>,
}

impl Grid {
    /// Wraps row-major modules; None unless `modules.len() == size * size`.
    pub fn new(size: usize, modules: Vec<bool>) -> Option<Grid> {
        (size.checked_mul(size) == Some(modules.len())).then_some(Grid { size, modules })
    }

    /// Builds a grid by calling `f(x, y)` for every module, row by row.
    /// Like any `Vec`, it panics if `size * size` modules cannot be allocated.
    pub fn from_fn(size: usize, mut f: impl FnMut(usize, usize) -> bool) -> Grid {
        let mut modules = Vec::with_capacity(size.saturating_mul(size));
        for y in 0..size {
            for x in 0..size {
                modules.push(f(x, y));
            }
        }
        Grid { size, modules }
    }

    /// Side length in modules.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Whether module (x, y) is dark; coordinates outside the grid read as
    /// light, like the quiet zone around a symbol.
    pub fn get(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.modules[y * self.size + x]
    }

    /// The grid mirrored about its main diagonal, as a symbol looks when
    /// printed or scanned mirror-inverted.
    pub fn transposed(&self) -> Grid {
        Grid::from_fn(self.size, |x, y| self.get(y, x))
    }
}

impl Mode {
    /// The mode's lower-case name, as reports show it.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Numeric => "numeric",
            Mode::Alphanumeric => "alphanumeric",
            Mode::Byte => "byte",
            Mode::Kanji => "kanji",
            Mode::Eci => "eci",
            Mode::StructuredAppend => "structured-append",
            Mode::Fnc1First => "fnc1-first",
            Mode::Fnc1Second => "fnc1-second",
        }
    }
}

/// Error correction level from the format information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EcLevel {
    /// Recovers about 7 % of codewords.
    L,
    /// Recovers about 15 % of codewords.
    M,
    /// Recovers about 25 % of codewords.
    Q,
    /// Recovers about 30 % of codewords.
    H,
}

/// Segment mode, from the 4-bit mode indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Digits 0–9.
    Numeric,
    /// The 45-character set 0–9, A–Z, space and `$%*+-./:`.
    Alphanumeric,
    /// 8-bit bytes, interpreted per the ECI in force (ISO-8859-1 by default).
    Byte,
    /// Shift JIS double-byte characters.
    Kanji,
    /// Extended Channel Interpretation designator; changes how later segments
    /// are interpreted.
    Eci,
    /// Structured append header: this symbol is one of up to 16.
    StructuredAppend,
    /// FNC1 in first position: data follows GS1 rules.
    Fnc1First,
    /// FNC1 in second position: data follows an AIM application's rules.
    Fnc1Second,
}

/// One segment of the decoded bit stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The segment's mode.
    pub mode: Mode,
    /// Character count indicator: digits, characters, bytes or kanji; 0 for
    /// header-only modes.
    pub char_count: usize,
    /// Data modes: the decoded bytes (digits and alphanumerics as ASCII, kanji
    /// as Shift JIS; under FNC1 an alphanumeric `%` becomes 0x1D and `%%` a
    /// `%`). Structured append: the position/total byte and the parity byte.
    /// FNC1 second position: the application indicator. Otherwise empty.
    pub bytes: Vec<u8>,
    /// ECI designator in force for this segment (for an ECI segment, its own).
    pub eci: Option<u32>,
}

/// Error correction statistics of one Reed–Solomon block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// Data codewords in the block.
    pub data_codewords: usize,
    /// Error correction codewords in the block.
    pub ec_codewords: usize,
    /// Codewords the decoder had to correct.
    pub corrected_errors: usize,
    /// EC codewords reserved for misdecode protection (ISO/IEC 18004 Table 9).
    pub misdecode_protection: usize,
}

/// A fully decoded symbol and how much damage the decoding absorbed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// Version 1..=40.
    pub version: u8,
    /// Error correction level.
    pub ec_level: EcLevel,
    /// Data mask pattern 0..=7.
    pub mask: u8,
    /// Hamming distance of each format information copy (1: around the
    /// top-left finder, 2: split between the other two) to the chosen
    /// codeword; None if that copy is more than 3 bits away from it.
    pub format_bit_errors: [Option<u8>; 2],
    /// The same for the two version information blocks (1: top right,
    /// 2: bottom left); None below version 7, where there are none.
    pub version_bit_errors: Option<[Option<u8>; 2]>,
    /// Reed–Solomon blocks in Table 9 order.
    pub blocks: Vec<Block>,
    /// Segments in stream order, header-only modes included.
    pub segments: Vec<Segment>,
    /// First ECI designator, if any.
    pub eci: Option<u32>,
    /// Whether a structured append header is present.
    pub structured_append: bool,
    /// The payload: the data segments' bytes concatenated.
    pub bytes: Vec<u8>,
    /// True if the symbol only decoded after transposing the grid.
    pub mirrored: bool,
    /// The data modules (row-major, as the grid was given) whose colour differs from what the
    /// corrected codewords put there: where the damage Reed–Solomon absorbed lies. A logo
    /// shows as one patch of them, ink spots and blur scatter them.
    pub wrong_modules: Vec<bool>,
}

impl Symbol {
    /// Unused error correction per ISO/IEC 15415 for QR: for each block
    /// UEC = 1 - (2t + e) / (d - p) with t corrected errors, e erasures (0
    /// here), d EC codewords and p misdecode-protection codewords; the
    /// symbol's UEC is the minimum over blocks, clamped to 0..=1.
    pub fn unused_error_correction(&self) -> f32 {
        let worst = self
            .blocks
            .iter()
            .map(|b| {
                let budget = b.ec_codewords.saturating_sub(b.misdecode_protection);
                if budget == 0 {
                    0.0
                } else {
                    1.0 - (2 * b.corrected_errors) as f32 / budget as f32
                }
            })
            .fold(1.0, f32::min);
        worst.clamp(0.0, 1.0)
    }

    /// Codewords corrected, summed over all blocks.
    pub fn corrected_errors(&self) -> usize {
        self.blocks.iter().map(|b| b.corrected_errors).sum()
    }
}

/// Why a grid could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The side length is not 17 + 4 * version for a version in 1..=40.
    BadSize(usize),
    /// The side length is that of a Micro QR Code (11, 13, 15 or 17), which
    /// is a different symbology.
    MicroQr,
    /// Neither format information copy is within 3 bits of a valid codeword.
    FormatInfo,
    /// Neither version information block is within 3 bits of a valid
    /// codeword, or the version found disagrees with the grid size.
    VersionInfo,
    /// A Reed–Solomon block (index in Table 9 order) had more errors than
    /// its correction budget.
    ReedSolomon {
        /// Index of the first uncorrectable block.
        block: usize,
    },
    /// The corrected bit stream is not a valid segment sequence.
    Segments(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::BadSize(size) => {
                write!(
                    f,
                    "grid size {size} is not 17 + 4 * version for a version 1..=40"
                )
            }
            ReadError::MicroQr => write!(
                f,
                "grid size is a Micro QR Code size, which is not supported"
            ),
            ReadError::FormatInfo => write!(
                f,
                "no format information copy is within 3 bits of a valid codeword"
            ),
            ReadError::VersionInfo => write!(
                f,
                "version information is unreadable or disagrees with the grid size"
            ),
            ReadError::ReedSolomon { block } => {
                write!(
                    f,
                    "block {block} has more errors than error correction can fix"
                )
            }
            ReadError::Segments(why) => write!(f, "malformed data segments: {why}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Largest Hamming distance at which format and version information are still
/// corrected (both BCH codes have minimum distance 7 or 8).
const MAX_INFO_BIT_ERRORS: u32 = 3;

/// Decodes a sampled module grid. If the grid does not decode as sampled,
/// its transpose is tried, since a mirror-imaged symbol is its transpose.
pub fn read(grid: &Grid) -> Result<Symbol, ReadError> {
    let size = grid.size();
    let version = match size {
        11 | 13 | 15 | 17 => return Err(ReadError::MicroQr),
        21..=177 if size % 4 == 1 => ((size - 17) / 4) as u8,
        _ => return Err(ReadError::BadSize(size)),
    };
    read_oriented(grid, version).or_else(|error| {
        // A mirrored symbol's format bits read reversed, which can still land
        // near a valid codeword, so any failure warrants the second look; the
        // first error is the one worth reporting if both fail.
        let mut symbol = read_oriented(&grid.transposed(), version).map_err(|_| error)?;
        symbol.mirrored = true;
        // Back to the grid as given.
        let size = grid.size();
        let wrong = &symbol.wrong_modules;
        symbol.wrong_modules = (0..size * size)
            .map(|i| wrong[(i % size) * size + i / size])
            .collect();
        Ok(symbol)
    })
}

fn read_oriented(grid: &Grid, version: u8) -> Result<Symbol, ReadError> {
    let size = grid.size();
    let (ec_level, mask, format_bit_errors) = read_format(grid)?;
    let version_bit_errors = if version >= 7 {
        Some(read_version(grid, version)?)
    } else {
        None
    };

    let positions = FunctionMap::new(version).data_positions();
    // Remainder bits (positions beyond the last whole codeword) carry nothing.
    let mut codewords = vec![0u8; positions.len() / 8];
    let codeword_count = codewords.len();
    for (i, &(x, y)) in positions.iter().enumerate().take(codewords.len() * 8) {
        if grid.get(x, y) != mask_bit(mask, x, y) {
            codewords[i / 8] |= 0x80 >> (i % 8);
        }
    }

    let layout = block_layout(version, ec_level).ok_or(ReadError::BadSize(size))?;
    let data_lengths: Vec<usize> = std::iter::repeat_n(layout.group1.1, layout.group1.0)
        .chain(std::iter::repeat_n(layout.group2.1, layout.group2.0))
        .collect();
    let ec = layout.ec_per_block;
    let mut blocks: Vec<Vec<u8>> = data_lengths
        .iter()
        .map(|&d| Vec::with_capacity(d + ec))
        .collect();
    // Codewords are interleaved: the i-th data codeword of every block in
    // turn (shorter blocks sit out the last round), then likewise the EC
    // codewords. Table 9 and the function map agree on the total for every
    // version (tested), so the stream does not run dry.
    let mut stream = codewords.into_iter();
    let longest = layout.group1.1.max(layout.group2.1);
    for round in 0..longest {
        for (block, &length) in blocks.iter_mut().zip(&data_lengths) {
            if round < length {
                block.push(stream.next().unwrap_or(0));
            }
        }
    }
    for _ in 0..ec {
        for block in &mut blocks {
            block.push(stream.next().unwrap_or(0));
        }
    }

    let protection = misdecode_protection(version, ec_level);
    let mut stats = Vec::with_capacity(blocks.len());
    let mut data = Vec::new();
    for (index, (block, &length)) in blocks.iter_mut().zip(&data_lengths).enumerate() {
        let corrected = rs::correct(block, ec, ec.saturating_sub(protection) / 2)
            .map_err(|_| ReadError::ReedSolomon { block: index })?;
        data.extend_from_slice(&block[..length]);
        stats.push(Block {
            data_codewords: length,
            ec_codewords: ec,
            corrected_errors: corrected,
            misdecode_protection: protection,
        });
    }
    // The corrected codewords interleaved again as placed, to compare with what was read.
    let mut placed = Vec::with_capacity(codeword_count);
    for round in 0..longest {
        for (block, &length) in blocks.iter().zip(&data_lengths) {
            if round < length {
                placed.push(block[round]);
            }
        }
    }
    for round in 0..ec {
        for (block, &length) in blocks.iter().zip(&data_lengths) {
            placed.push(block.get(length + round).copied().unwrap_or(0));
        }
    }
    let mut wrong_modules = vec![false; size * size];
    for (i, &(x, y)) in positions.iter().enumerate().take(placed.len() * 8) {
        let bit = placed[i / 8] & (0x80 >> (i % 8)) != 0;
        wrong_modules[y * size + x] = grid.get(x, y) != (bit != mask_bit(mask, x, y));
    }

    let segments = segments::parse(&data, version).map_err(ReadError::Segments)?;
    let is_data = |s: &&Segment| {
        matches!(
            s.mode,
            Mode::Numeric | Mode::Alphanumeric | Mode::Byte | Mode::Kanji
        )
    };
    Ok(Symbol {
        version,
        ec_level,
        mask,
        format_bit_errors,
        version_bit_errors,
        blocks: stats,
        eci: segments
            .iter()
            .find(|s| s.mode == Mode::Eci)
            .and_then(|s| s.eci),
        structured_append: segments.iter().any(|s| s.mode == Mode::StructuredAppend),
        bytes: segments
            .iter()
            .filter(is_data)
            .flat_map(|s| s.bytes.iter().copied())
            .collect(),
        segments,
        mirrored: false,
        wrong_modules,
    })
}

/// Whether a grid carries a real QR symbol's format information: both copies agree, each
/// within correction range. Random patterns pass one copy's test more often than not, both
/// rarely; detectors use this to tell damaged symbols from finder-like clutter.
pub fn has_format_info(grid: &Grid) -> bool {
    matches!(read_format(grid), Ok((_, _, [Some(_), Some(_)])))
        || matches!(
            read_format(&grid.transposed()),
            Ok((_, _, [Some(_), Some(_)]))
        )
}

/// Reads the two format information copies and returns level, mask and each
/// copy's bit errors.
fn read_format(grid: &Grid) -> Result<(EcLevel, u8, [Option<u8>; 2]), ReadError> {
    let copies = [
        read_bits(grid, &layout::format_positions_1()),
        read_bits(grid, &layout::format_positions_2(grid.size())),
    ];
    // The mask keeps the all-light pattern from being a valid format word.
    let candidates = (0..32).map(|data| (data, bch_encode(data, 0x537, 10) ^ 0x5412));
    let (data, errors) = nearest(copies, candidates).ok_or(ReadError::FormatInfo)?;
    let level = match data >> 3 {
        0b01 => EcLevel::L,
        0b00 => EcLevel::M,
        0b11 => EcLevel::Q,
        _ => EcLevel::H,
    };
    Ok((level, (data & 7) as u8, errors))
}

/// Reads both version information blocks and checks them against the version
/// implied by the grid size.
fn read_version(grid: &Grid, version: u8) -> Result<[Option<u8>; 2], ReadError> {
    let size = grid.size();
    let copies = [
        read_bits(grid, &layout::version_positions_1(size)),
        read_bits(grid, &layout::version_positions_2(size)),
    ];
    let candidates = (7..=40).map(|v| (v, bch_encode(v, 0x1F25, 12)));
    match nearest(copies, candidates) {
        Some((found, errors)) if found == u32::from(version) => Ok(errors),
        _ => Err(ReadError::VersionInfo),
    }
}

/// Collects the modules at `positions` into an integer, index k giving bit k.
fn read_bits(grid: &Grid, positions: &[(usize, usize)]) -> u32 {
    positions
        .iter()
        .enumerate()
        .filter(|&(_, &(x, y))| grid.get(x, y))
        .fold(0, |acc, (k, _)| acc | 1 << k)
}

/// Chooses among (data, codeword) candidates the one closest to either copy,
/// ties going to the smaller total distance. Returns its data and each copy's
/// distance, None for a copy beyond correction range; None overall when
/// neither copy is in range.
fn nearest(
    copies: [u32; 2],
    candidates: impl Iterator<Item = (u32, u32)>,
) -> Option<(u32, [Option<u8>; 2])> {
    let rank = |d: [u32; 2]| (d[0].min(d[1]), d[0] + d[1]);
    let mut best: Option<(u32, [u32; 2])> = None;
    for (data, codeword) in candidates {
        let distances = copies.map(|c| (c ^ codeword).count_ones());
        if best.is_none_or(|(_, b)| rank(distances) < rank(b)) {
            best = Some((data, distances));
        }
    }
    let (data, distances) = best?;
    if rank(distances).0 > MAX_INFO_BIT_ERRORS {
        return None;
    }
    Some((
        data,
        distances.map(|d| (d <= MAX_INFO_BIT_ERRORS).then_some(d as u8)),
    ))
}
