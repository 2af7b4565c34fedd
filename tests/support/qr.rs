//! QR symbols with every parameter forced — version, level, mask, ECI, damaged codewords — drawn
//! with the `qrcode` crate's canvas, whose encoder is independent of giroscope's reader.
//! Shared by the symbol reader's unit tests and the image-path properties.

use qrcode::bits::Bits;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::ec::construct_codewords;
use qrcode::types::{Color, EcLevel, QrResult, Version};

/// The eight mask patterns by their ISO/IEC 18004 reference number.
pub fn mask_pattern(mask: u8) -> MaskPattern {
    [
        MaskPattern::Checkerboard,
        MaskPattern::HorizontalLines,
        MaskPattern::VerticalLines,
        MaskPattern::DiagonalLines,
        MaskPattern::LargeCheckerboard,
        MaskPattern::Fields,
        MaskPattern::Diamonds,
        MaskPattern::Meadow,
    ][usize::from(mask)]
}

/// Draws data codewords (already padded to capacity) with a forced mask, after XOR-ing each
/// `(index, pattern)` of `damage` into the interleaved data codewords; returns the row-major
/// modules, dark = true.
pub fn draw(
    version: i16,
    level: EcLevel,
    mask: u8,
    data: &[u8],
    damage: &[(usize, u8)],
) -> Vec<bool> {
    let version = Version::Normal(version);
    let (mut data, ec) = construct_codewords(data, version, level).expect("data fills the version");
    for &(index, pattern) in damage {
        data[index] ^= pattern;
    }
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    canvas.apply_mask(mask_pattern(mask));
    canvas
        .into_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect()
}

/// The padded data codewords of `payload` in one byte segment, after an ECI designator if given.
pub fn byte_codewords(
    version: i16,
    level: EcLevel,
    eci: Option<u32>,
    payload: &[u8],
) -> QrResult<Vec<u8>> {
    let mut bits = Bits::new(Version::Normal(version));
    if let Some(eci) = eci {
        bits.push_eci_designator(eci)?;
    }
    bits.push_byte_data(payload)?;
    bits.push_terminator(level)?;
    Ok(bits.into_bytes())
}
