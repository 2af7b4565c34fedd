//! The engines' own binarisers, bit for bit, written for speed.
//!
//! - [`hybrid`]: rxing's hybrid binariser (8×8 blocks, each thresholded at the mean of the
//!   5×5 blocks' black points around it). Thresholds are spread into one row of per-column
//!   values and each pixel row becomes 64-bit words with one comparison a pixel. rxing sets the
//!   bits one `set` call at a time; on the photo set that was a quarter of all reading time.
//! - [`rows`]: rqrr's row threshold, which it runs before every search of a grey picture.

use image::GrayImage;
use rxing::common::{BitArray, BitMatrix};

const BLOCK: usize = 8;
/// Bits in a word of rxing's `BitArray` (a `usize`): 64, and 32 on 32-bit targets (wasm32).
const WORD: usize = usize::BITS as usize;
/// Blocks whose pixels span at most this are taken as flat (all light or all dark).
const MIN_DYNAMIC_RANGE: u8 = 24;

/// The binarised image, or `None` where rxing would fall back to its global histogram (under
/// 40 pixels a side).
pub fn hybrid(image: &GrayImage) -> Option<BitMatrix> {
    let (width, height) = (image.width() as usize, image.height() as usize);
    if width < BLOCK * 5 || height < BLOCK * 5 {
        return None;
    }
    let pixels = image.as_raw();
    let (sub_width, sub_height) = (width.div_ceil(BLOCK), height.div_ceil(BLOCK));
    let points = black_points(pixels, width, height, sub_width, sub_height);
    // Blocks tile the picture, the last of each row and column pulled in to end at the edge;
    // a pixel two blocks cover is dark under either threshold (rxing sets bits, never clears).
    let rows: Vec<Vec<u8>> = (0..sub_height)
        .map(|by| block_row_thresholds(&points, by, sub_width, sub_height, width))
        .collect();
    let mut matrix = BitMatrix::new(width as u32, height as u32).ok()?;
    let mut merged = vec![0u8; width];
    let mut row = BitArray::with_size(width);
    let mut dark = vec![0u8; width];
    let words = width.div_ceil(WORD);
    for y in 0..height {
        let last = sub_height - 1;
        let own = (y / BLOCK).min(last);
        let row_thresholds: &[u8] = if y + BLOCK >= height && own != last {
            for ((m, a), b) in merged.iter_mut().zip(&rows[own]).zip(&rows[last]) {
                *m = (*a).max(*b);
            }
            &merged
        } else {
            &rows[own]
        };
        let line = &pixels[y * width..(y + 1) * width];
        for ((d, &v), &t) in dark.iter_mut().zip(line).zip(row_thresholds) {
            *d = u8::from(v <= t);
        }
        for word in 0..words {
            let start = word * WORD;
            row.setBulk(start, pack(&dark[start..(start + WORD).min(width)]));
        }
        matrix.setRow(y as u32, &row);
    }
    Some(matrix)
}

/// Up to [`WORD`] bytes of 0 or 1 as the bits of one word, the first byte the lowest bit:
/// eight bytes at a time, gathered into the top byte by one multiplication.
fn pack(dark: &[u8]) -> usize {
    debug_assert!(dark.len() <= WORD);
    const GATHER: u64 = 0x0102_0408_1020_4080;
    let mut bits = 0u64;
    let mut chunks = dark.chunks_exact(8);
    for (k, chunk) in (&mut chunks).enumerate() {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        bits |= (u64::from_le_bytes(eight).wrapping_mul(GATHER) >> 56) << (8 * k);
    }
    let done = dark.len() - chunks.remainder().len();
    for (i, &d) in chunks.remainder().iter().enumerate() {
        bits |= u64::from(d) << (done + i);
    }
    bits as usize
}

/// The threshold for every column of block row `by`: the mean of the 5×5 black points around
/// each block (clamped at the borders), the larger where two blocks cover a column.
fn block_row_thresholds(
    points: &[u32],
    by: usize,
    sub_width: usize,
    sub_height: usize,
    width: usize,
) -> Vec<u8> {
    let mut out = vec![0u8; width];
    let top = by.clamp(2, sub_height - 3);
    // The five block rows summed per block column, then five columns per block.
    let mut columns = points[(top - 2) * sub_width..(top - 1) * sub_width].to_vec();
    for row in top - 1..=top + 2 {
        for (c, p) in columns
            .iter_mut()
            .zip(&points[row * sub_width..(row + 1) * sub_width])
        {
            *c += p;
        }
    }
    for bx in 0..sub_width {
        let left = bx.clamp(2, sub_width - 3);
        let sum: u32 = columns[left - 2..=left + 2].iter().sum();
        // A mean of black points, each at most 255.
        let average = (sum / 25) as u8;
        let start = (bx * BLOCK).min(width - BLOCK);
        if bx + 1 == sub_width {
            // The last block, pulled in to end at the edge, shares columns with the one before.
            for t in &mut out[start..start + BLOCK] {
                *t = (*t).max(average);
            }
        } else {
            out[start..start + BLOCK].fill(average);
        }
    }
    out
}

/// One black point per 8×8 block: its mean, or for a flat block half its minimum, raised to
/// its neighbours' where they say the block is dark. Sums, minima and maxima are gathered
/// down each column of a block row first (loops over whole rows, which vectorise), then
/// across each block's eight columns.
fn black_points(
    pixels: &[u8],
    width: usize,
    height: usize,
    sub_width: usize,
    sub_height: usize,
) -> Vec<u32> {
    let mut points = vec![0u32; sub_width * sub_height];
    let (mut sums, mut mins, mut maxs) = (vec![0u16; width], vec![0u8; width], vec![0u8; width]);
    for y in 0..sub_height {
        let top = (y * BLOCK).min(height - BLOCK);
        let first = &pixels[top * width..(top + 1) * width];
        for (((s, lo), hi), &p) in sums.iter_mut().zip(&mut mins).zip(&mut maxs).zip(first) {
            (*s, *lo, *hi) = (u16::from(p), p, p);
        }
        for row in top + 1..top + BLOCK {
            let line = &pixels[row * width..(row + 1) * width];
            for (((s, lo), hi), &p) in sums.iter_mut().zip(&mut mins).zip(&mut maxs).zip(line) {
                *s += u16::from(p);
                *lo = (*lo).min(p);
                *hi = (*hi).max(p);
            }
        }
        for x in 0..sub_width {
            let left = (x * BLOCK).min(width - BLOCK);
            let columns = left..left + BLOCK;
            let sum: u32 = sums[columns.clone()].iter().map(|&s| u32::from(s)).sum();
            let min = mins[columns.clone()].iter().copied().min().unwrap_or(0);
            let max = maxs[columns].iter().copied().max().unwrap_or(0);
            let mut average = sum >> 6;
            if max - min <= MIN_DYNAMIC_RANGE {
                average = u32::from(min) / 2;
                if y > 0 && x > 0 {
                    let neighbours = (points[(y - 1) * sub_width + x]
                        + 2 * points[y * sub_width + x - 1]
                        + points[(y - 1) * sub_width + x - 1])
                        / 4;
                    if u32::from(min) < neighbours {
                        average = neighbours;
                    }
                }
            }
            points[y * sub_width + x] = average;
        }
    }
    points
}

/// rqrr's (quirc's) threshold, bit for bit; `true` is dark. Two running averages over an
/// eighth of the row's width run along it, one from each end, and carry on into the next row
/// from the end where they stopped; a pixel is dark when it is below 95 % of their mean.
///
/// rqrr divides three times a pixel by that width, and the averages wait on each other's
/// divisions: half a photo took it 5 ms, more than many searches. Here the averages divide
/// by multiplying with the width's reciprocal, exact for every value they can reach, and the
/// comparison does not divide at all.
pub fn rows(image: &GrayImage) -> Vec<bool> {
    let (width, height) = (image.width() as usize, image.height() as usize);
    let mut dark = vec![false; width * height];
    if width == 0 {
        return dark;
    }
    let span = (width / 8).max(1) as u64;
    let decay = Decay::new(span);
    // Each row's two runs, indexed by column: the run from the left, the run from the right.
    let (mut rightward, mut leftward) = (vec![0u64; width], vec![0u64; width]);
    let (mut first, mut second) = (0u64, 0u64);
    for (y, (line, out)) in image
        .as_raw()
        .chunks_exact(width)
        .zip(dark.chunks_exact_mut(width))
        .enumerate()
    {
        // The first average runs leftward on even rows, the second rightward; odd rows swap.
        let (left_run, right_run) = if y % 2 == 0 {
            (&mut first, &mut second)
        } else {
            (&mut second, &mut first)
        };
        let (mut l, mut r) = (*left_run, *right_run);
        for (((&from_right, to_left), &from_left), to_right) in line
            .iter()
            .rev()
            .zip(leftward.iter_mut().rev())
            .zip(line)
            .zip(rightward.iter_mut())
        {
            l = decay.apply(l, from_right);
            r = decay.apply(r, from_left);
            *to_left = l;
            *to_right = r;
        }
        (*left_run, *right_run) = (l, r);
        // rqrr: pixel < sum * 95 / (200 * span), rounded down; for whole numbers that is
        // pixel + 1 <= sum * 95 / (200 * span).
        // In 32 bits when the sums fit (vectorised four times as wide).
        let pairs = out
            .iter_mut()
            .zip(line)
            .zip(leftward.iter().zip(&rightward));
        if decay.exact {
            let scale = 200 * span as u32;
            for ((d, &pixel), (&a, &b)) in pairs {
                *d = (u32::from(pixel) + 1) * scale <= (a as u32 + b as u32) * 95;
            }
        } else {
            for ((d, &pixel), (&a, &b)) in pairs {
                *d = (u64::from(pixel) + 1) * 200 * span <= (a + b) * 95;
            }
        }
    }
    dark
}

/// One step of a running average: `average * (span - 1) / span` rounded down, plus `pixel`.
struct Decay {
    span: u64,
    /// ⌈2⁶⁴ / span⌉: for numerators below 2³², the high half of the product with it is the
    /// quotient rounded down (Lemire, Kaser and Kurz, "Faster remainder by direct computation",
    /// 2019).
    reciprocal: u64,
    /// Whether the reciprocal fits (a span above 1) and every numerator, and the threshold
    /// comparison's products, stay below 2³² (averages never exceed 255 × span).
    exact: bool,
}

impl Decay {
    fn new(span: u64) -> Decay {
        Decay {
            span,
            reciprocal: (u64::MAX / span).wrapping_add(1),
            exact: span > 1 && 2 * 256 * span * 95 < 1 << 32,
        }
    }

    /// `average * (span - 1) / span` rounded down is `average - ⌈average / span⌉`: one
    /// multiplication on the chain from one pixel to the next instead of two.
    fn apply(&self, average: u64, pixel: u8) -> u64 {
        let up = average + self.span - 1;
        let ceiling = if self.exact {
            high_product(up, self.reciprocal)
        } else {
            up / self.span
        };
        average + u64::from(pixel) - ceiling
    }
}

/// The high 64 bits of `n × m` for `n` below 2³² and `m` at most 2⁶³ (a reciprocal of a
/// span above 1). One 128-bit multiplication where the machine has one; on wasm32, which has
/// none, two 64-bit ones (128 bits are a library call there, a tenth of a failed search's time).
#[cfg(not(target_arch = "wasm32"))]
fn high_product(n: u64, m: u64) -> u64 {
    ((u128::from(n) * u128::from(m)) >> 64) as u64
}

#[cfg(target_arch = "wasm32")]
fn high_product(n: u64, m: u64) -> u64 {
    high_product_by_halves(n, m)
}

/// [`high_product`] in 64-bit arithmetic: `n × (m_hi·2³² + m_lo)` shifted right by 64 is
/// `(n·m_hi + ⌊n·m_lo / 2³²⌋) / 2³²` rounded down, and neither product nor their sum
/// overflows for `n` < 2³² and `m` ≤ 2⁶³.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn high_product_by_halves(n: u64, m: u64) -> u64 {
    (n * (m >> 32) + ((n * (m & 0xffff_ffff)) >> 32)) >> 32
}

#[cfg(test)]
mod tests {
    use super::*;
    use rxing::common::HybridBinarizer;

    use rxing::{Binarizer, Luma8Source};

    #[test]
    fn the_high_product_by_halves_is_the_high_half_of_the_128_bit_product() {
        let mut seed = 7u64;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            seed
        };
        for span in [2u64, 3, 7, 8, 100, 511, 4104, 100_000, u64::from(u32::MAX)] {
            let m = Decay::new(span).reciprocal;
            for n in [0, 1, span - 1, span, u64::from(u32::MAX)]
                .into_iter()
                .chain((0..1000).map(|_| next() >> 32))
            {
                let wide = ((u128::from(n) * u128::from(m)) >> 64) as u64;
                assert_eq!(high_product_by_halves(n, m), wide, "{n} × {m}");
            }
        }
    }

    fn rxing(image: &GrayImage) -> BitMatrix {
        let source = Luma8Source::new_with_slice(image.as_raw(), image.width(), image.height())
            .expect("source");
        HybridBinarizer::new(source)
            .get_black_matrix()
            .expect("matrix")
            .clone()
    }

    #[test]
    fn the_same_bits_as_rxing() {
        // Odd sizes (overlapping edge blocks), texture, flat areas and a gradient.
        for (w, h) in [(40, 40), (53, 47), (64, 64), (100, 41), (130, 77)] {
            let mut seed = 7u32 + w;
            let image = GrayImage::from_fn(w, h, |x, y| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let noise = (seed >> 27) as u8;
                let flat = x < w / 3 && y < h / 2;
                let value = if flat {
                    200 + noise / 4
                } else if (x / 3 + y / 5) % 2 == 0 {
                    40 + noise
                } else {
                    (x * 2 + y) as u8 / 2 + 100
                };
                image::Luma([value])
            });
            assert!(hybrid(&image) == Some(rxing(&image)), "{w}×{h}");
        }
    }

    /// rqrr's own threshold, through its public pixel accessor.
    fn rqrr_dark(image: &GrayImage) -> Vec<bool> {
        let (w, h) = (image.width() as usize, image.height() as usize);
        let raw = image.as_raw();
        let prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| raw[y * w + x]);
        let dark = rqrr::PreparedImage::prepare_from_bitmap(1, 1, |_, _| true).get_pixel_at(0, 0);
        (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .map(|(x, y)| prepared.get_pixel_at(x, y) == dark)
            .collect()
    }

    #[test]
    fn rows_the_same_bits_as_rqrr() {
        // Widths from a span of 1 up to one beyond the 32-bit path, odd and even rows, noise,
        // edges and gradients.
        for (w, h) in [
            (1, 3),
            (7, 5),
            (16, 9),
            (21, 21),
            (63, 40),
            (100, 77),
            (257, 31),
            (720_000, 2),
        ] {
            let mut seed = 11u32 + w * 3 + h;
            let image = GrayImage::from_fn(w, h, |x, y| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let noise = (seed >> 26) as u8;
                let value = match (x / 4 + y / 3) % 3 {
                    0 => 20 + noise,
                    1 => 230 - noise,
                    _ => ((x * 5 + y * 3) % 256) as u8,
                };
                image::Luma([value])
            });
            assert!(rows(&image) == rqrr_dark(&image), "{w}×{h}");
        }
    }

    #[test]
    fn decay_divides_exactly() {
        for span in [1u64, 2, 3, 7, 8, 100, 511, 4104, 4105, 100_000] {
            let decay = Decay::new(span);
            let top = 255 * span;
            for average in (0..=top.min(300_000)).chain([top]) {
                let expected = average * (span - 1) / span + 255;
                assert_eq!(decay.apply(average, 255), expected, "{span} {average}");
            }
        }
    }
}
