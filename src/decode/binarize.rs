//! rxing's hybrid binariser (8×8 blocks, each thresholded at the mean of the 5×5 blocks'
//! black points around it), bit for bit, written for speed: thresholds are spread into one
//! row of per-column values and each pixel row becomes 64-bit words with one comparison a
//! pixel. rxing sets the bits one `set` call at a time; on the photo set that was a quarter of
//! all reading time.

use image::GrayImage;
use rxing::common::{BitArray, BitMatrix};

const BLOCK: usize = 8;
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
    let words = width.div_ceil(64);
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
            let start = word * 64;
            row.setBulk(start, pack(&dark[start..(start + 64).min(width)]));
        }
        matrix.setRow(y as u32, &row);
    }
    Some(matrix)
}

/// Up to 64 bytes of 0 or 1 as the bits of one word, the first byte the lowest bit: eight
/// bytes at a time, gathered into the top byte by one multiplication.
fn pack(dark: &[u8]) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;
    use rxing::common::HybridBinarizer;
    use rxing::{Binarizer, Luma8Source};

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
}
