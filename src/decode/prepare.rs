//! Preprocessing steps of the reading ladder: each turns luma into something an engine may
//! read more easily. Pure functions over [`GrayImage`]; none allocates more than one image.

use image::GrayImage;

/// Shrinks by an integer `factor` with a box filter (mean of each factor×factor block), which
/// keeps thin modules as grey instead of dropping them as nearest-neighbour sampling would.
pub fn downscale(image: &GrayImage, factor: u32) -> GrayImage {
    if factor <= 1 {
        return image.clone();
    }
    if factor == 2 {
        return halve(image);
    }
    let (w, h) = (image.width() / factor, image.height() / factor);
    let src = image.as_raw();
    let stride = image.width() as usize;
    let f = factor as usize;
    let area = (f * f) as u32;
    let mut out = Vec::with_capacity(w as usize * h as usize);
    let mut sums = vec![0u32; w as usize];
    for y in 0..h as usize {
        sums.iter_mut().for_each(|s| *s = 0);
        for row in src[y * f * stride..].chunks(stride).take(f) {
            for (x, sum) in sums.iter_mut().enumerate() {
                *sum += row[x * f..x * f + f]
                    .iter()
                    .map(|&p| u32::from(p))
                    .sum::<u32>();
            }
        }
        out.extend(sums.iter().map(|s| (s / area) as u8));
    }
    GrayImage::from_raw(w, h, out).unwrap_or_default()
}

/// The common 2× case, two rows at a time: the rows are summed column by column first (a
/// loop the compiler vectorises), then neighbouring columns. Several times faster than the
/// general loop on a 12 MP photo, where it sits on the hot path.
fn halve(image: &GrayImage) -> GrayImage {
    let (w, h) = (image.width() / 2, image.height() / 2);
    if w == 0 || h == 0 {
        // A picture one pixel wide or high halves to nothing (and zero-sized chunks panic).
        return GrayImage::new(w, h);
    }
    let stride = image.width() as usize;
    let src = image.as_raw();
    let mut out = vec![0u8; w as usize * h as usize];
    let mut columns = vec![0u16; stride];
    for (pair, row) in src
        .chunks_exact(stride * 2)
        .zip(out.chunks_exact_mut(w as usize))
    {
        let (top, bottom) = pair.split_at(stride);
        for ((sum, &a), &b) in columns.iter_mut().zip(top).zip(bottom) {
            *sum = u16::from(a) + u16::from(b);
        }
        for (value, two) in row.iter_mut().zip(columns.chunks_exact(2)) {
            *value = ((two[0] + two[1] + 2) >> 2) as u8;
        }
    }
    GrayImage::from_raw(w, h, out).unwrap_or_default()
}

/// Doubles the size by pixel replication: small codes (under ~4 pixels a module) become
/// readable for detectors tuned to larger modules.
pub fn upscale2(image: &GrayImage) -> GrayImage {
    let (w, h) = image.dimensions();
    GrayImage::from_fn(w * 2, h * 2, |x, y| *image.get_pixel(x / 2, y / 2))
}

/// Light and dark swapped: inverted codes (light modules on dark) are legal in print.
pub fn invert(image: &GrayImage) -> GrayImage {
    let mut out = image.clone();
    out.iter_mut().for_each(|p| *p = 255 - *p);
    out
}

/// Binarises against the mean of a square neighbourhood (an integral image makes any window
/// the same cost). Uneven light and shadows across a photo defeat a global threshold and
/// rqrr's row-only one; a local mean follows them.
pub fn local_threshold(image: &GrayImage, window: u32, offset: i32) -> GrayImage {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let src = image.as_raw();
    let mut integral = vec![0u64; (w + 1) * (h + 1)];
    for y in 0..h {
        let mut row_sum = 0u64;
        for x in 0..w {
            row_sum += u64::from(src[y * w + x]);
            integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row_sum;
        }
    }
    let r = (window / 2).max(1) as usize;
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
            let sum = integral[y1 * (w + 1) + x1] + integral[y0 * (w + 1) + x0]
                - integral[y0 * (w + 1) + x1]
                - integral[y1 * (w + 1) + x0];
            let count = ((x1 - x0) * (y1 - y0)) as u64;
            let mean = (sum / count) as i32;
            out.push(if i32::from(src[y * w + x]) < mean - offset {
                0
            } else {
                255
            });
        }
    }
    GrayImage::from_raw(image.width(), image.height(), out).unwrap_or_default()
}

/// Sharpens with an unsharp mask (3×3 box blur subtracted), for slightly blurred photos.
pub fn sharpen(image: &GrayImage) -> GrayImage {
    let (w, h) = (image.width() as i64, image.height() as i64);
    let at = |x: i64, y: i64| {
        i32::from(
            image
                .get_pixel(x.clamp(0, w - 1) as u32, y.clamp(0, h - 1) as u32)
                .0[0],
        )
    };
    GrayImage::from_fn(image.width(), image.height(), |x, y| {
        let (x, y) = (i64::from(x), i64::from(y));
        let mut sum = 0;
        for dy in -1..=1 {
            for dx in -1..=1 {
                sum += at(x + dx, y + dy);
            }
        }
        let centre = at(x, y);
        image::Luma([(centre + (centre - sum / 9)).clamp(0, 255) as u8])
    })
}

/// A copy of the rectangle `[x0, x1) × [y0, y1)`, clamped to the image.
pub fn crop(image: &GrayImage, x0: u32, y0: u32, x1: u32, y1: u32) -> GrayImage {
    let (x1, y1) = (x1.min(image.width()), y1.min(image.height()));
    let (x0, y0) = (x0.min(x1), y0.min(y1));
    image::imageops::crop_imm(image, x0, y0, x1 - x0, y1 - y0).to_image()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halving_matches_the_general_box_filter() {
        let image = GrayImage::from_fn(9, 7, |x, y| image::Luma([(x * 29 + y * 53) as u8]));
        let general = {
            let (w, h) = (image.width() / 2, image.height() / 2);
            GrayImage::from_fn(w, h, |x, y| {
                let sum: u32 = [(0, 0), (1, 0), (0, 1), (1, 1)]
                    .iter()
                    .map(|(dx, dy)| u32::from(image.get_pixel(2 * x + dx, 2 * y + dy).0[0]))
                    .sum();
                image::Luma([((sum + 2) / 4) as u8])
            })
        };
        assert_eq!(downscale(&image, 2), general);
    }

    #[test]
    fn pictures_one_pixel_wide_or_high_shrink_to_nothing() {
        for (w, h) in [(1, 40), (40, 1), (1, 1), (0, 0)] {
            for factor in [2, 3] {
                let small = downscale(&GrayImage::new(w, h), factor);
                assert_eq!(
                    small.dimensions(),
                    (w / factor, h / factor),
                    "{w}×{h} / {factor}"
                );
            }
        }
    }

    #[test]
    fn downscale_averages_blocks() {
        let image =
            GrayImage::from_fn(4, 2, |x, _| image::Luma([if x % 2 == 0 { 0 } else { 200 }]));
        let small = downscale(&image, 2);
        assert_eq!(small.dimensions(), (2, 1));
        assert_eq!(small.as_raw(), &[100, 100]);
    }

    #[test]
    fn local_threshold_follows_a_gradient() {
        // A dark square on a background that brightens from left to right.
        let image = GrayImage::from_fn(64, 64, |x, y| {
            let background = 60 + (x * 3) as u8;
            let inside = (20..30).contains(&x) && (20..30).contains(&y);
            image::Luma([if inside { background / 3 } else { background }])
        });
        let binary = local_threshold(&image, 31, 5);
        assert_eq!(binary.get_pixel(25, 25).0[0], 0);
        assert_eq!(binary.get_pixel(45, 8).0[0], 255);
        assert_eq!(binary.get_pixel(60, 60).0[0], 255);
    }
}
