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

/// The common 2× case, two rows at a time, 32 source columns at a time: the pair of rows is
/// summed column by column into a small array, then neighbouring columns (loops the compiler
/// vectorises). Several times faster than the general loop on a 12 MP photo, where it sits
/// on the hot path.
fn halve(image: &GrayImage) -> GrayImage {
    const CHUNK: usize = 32;
    let (w, h) = (image.width() / 2, image.height() / 2);
    if w == 0 || h == 0 {
        // A picture one pixel wide or high halves to nothing (and zero-sized chunks panic).
        return GrayImage::new(w, h);
    }
    let stride = image.width() as usize;
    let src = image.as_raw();
    let mut out = vec![0u8; w as usize * h as usize];
    let mean = |a: u16, b: u16| ((a + b + 2) >> 2) as u8;
    for (pair, row) in src
        .chunks_exact(stride * 2)
        .zip(out.chunks_exact_mut(w as usize))
    {
        let (top, bottom) = pair.split_at(stride);
        let chunks = top
            .chunks_exact(CHUNK)
            .zip(bottom.chunks_exact(CHUNK))
            .zip(row.chunks_exact_mut(CHUNK / 2));
        for ((top, bottom), out) in chunks {
            let mut columns = [0u16; CHUNK];
            for ((sum, &a), &b) in columns.iter_mut().zip(top).zip(bottom) {
                *sum = u16::from(a) + u16::from(b);
            }
            for (value, two) in out.iter_mut().zip(columns.chunks_exact(2)) {
                *value = mean(two[0], two[1]);
            }
        }
        let done = row.len() / (CHUNK / 2) * (CHUNK / 2);
        for (x, value) in row.iter_mut().enumerate().skip(done) {
            let column = |x: usize| u16::from(top[x]) + u16::from(bottom[x]);
            *value = mean(column(2 * x), column(2 * x + 1));
        }
    }
    GrayImage::from_raw(w, h, out).unwrap_or_default()
}

/// Doubles the size, interpolating bilinearly (each new pixel ¾ its nearest source pixel and
/// ¼ the next, on both axes): small codes (under ~4 pixels a module) become readable for
/// detectors tuned to larger modules. Replicating pixels would not do: the binariser then
/// sees the same edges, only twice as far apart, and reads nothing new.
pub fn upscale2(image: &GrayImage) -> GrayImage {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let mut out = vec![0u8; 4 * w * h];
    if w == 0 || h == 0 {
        return GrayImage::from_raw(image.width() * 2, image.height() * 2, out).unwrap_or_default();
    }
    let raw = image.as_raw();
    // One source row doubled across, in quarters (4 × the value).
    let widen = |y: usize, wide: &mut [u16]| {
        let row = &raw[y * w..(y + 1) * w];
        for (x, two) in wide.chunks_exact_mut(2).enumerate() {
            let centre = 3 * u16::from(row[x]);
            two[0] = centre + u16::from(row[x.saturating_sub(1)]);
            two[1] = centre + u16::from(row[(x + 1).min(w - 1)]);
        }
    };
    let (mut above, mut here, mut below) =
        (vec![0u16; 2 * w], vec![0u16; 2 * w], vec![0u16; 2 * w]);
    widen(0, &mut here);
    above.copy_from_slice(&here);
    widen(1.min(h - 1), &mut below);
    for (y, rows) in out.chunks_exact_mut(4 * w).enumerate() {
        let (top, bottom) = rows.split_at_mut(2 * w);
        for (((t, b), &c), (&a, &n)) in top
            .iter_mut()
            .zip(bottom.iter_mut())
            .zip(&here)
            .zip(above.iter().zip(&below))
        {
            *t = ((3 * c + a + 8) >> 4) as u8;
            *b = ((3 * c + n + 8) >> 4) as u8;
        }
        std::mem::swap(&mut above, &mut here);
        std::mem::swap(&mut here, &mut below);
        widen((y + 2).min(h - 1), &mut below);
    }
    GrayImage::from_raw(image.width() * 2, image.height() * 2, out).unwrap_or_default()
}

/// Light and dark swapped: inverted codes (light modules on dark) are legal in print.
pub fn invert(image: &GrayImage) -> GrayImage {
    let mut out = image.clone();
    out.iter_mut().for_each(|p| *p = 255 - *p);
    out
}

/// Tiles of this many pixels a side carry one darkest and one lightest value for [`stretch`].
const STRETCH_TILE: usize = 16;
/// [`stretch`] spreads no range narrower than this to the full scale: paper grain and sensor
/// noise (a few levels) stay light, while the faintest print app-class readers still read
/// (grey 220 on white, 35 levels) still becomes dark.
const STRETCH_MIN_RANGE: u32 = 48;

/// Spreads each neighbourhood's range of grey to the full scale: the lightest value of the
/// 3×3 tiles around a pixel becomes white, the darkest black. A faint print (grey 200 on
/// white, grey 150 on grey paper) defeats rxing's binariser, which takes a block of paper
/// without contrast as white at half its darkest value and so pulls the threshold of the code
/// beside it below the code's grey; stretched, the same code is black on white. Narrow ranges
/// are anchored at their lightest value ([`STRETCH_MIN_RANGE`]), so flat paper stays white.
pub fn stretch(image: &GrayImage) -> GrayImage {
    let (w, h) = (image.width() as usize, image.height() as usize);
    if w == 0 || h == 0 {
        return image.clone();
    }
    let src = image.as_raw();
    let (tw, th) = (w.div_ceil(STRETCH_TILE), h.div_ceil(STRETCH_TILE));
    let mut lows = vec![255u8; tw * th];
    let mut highs = vec![0u8; tw * th];
    for (y, row) in src.chunks_exact(w).enumerate() {
        let tiles = (y / STRETCH_TILE) * tw;
        for (t, pixels) in row.chunks(STRETCH_TILE).enumerate() {
            let (lo, hi) = pixels
                .iter()
                .fold((255u8, 0u8), |(lo, hi), &p| (lo.min(p), hi.max(p)));
            lows[tiles + t] = lows[tiles + t].min(lo);
            highs[tiles + t] = highs[tiles + t].max(hi);
        }
    }
    // Each tile's neighbourhood: the 3×3 tiles around it, clamped at the borders.
    let around = |values: &[u8], tx: usize, ty: usize, pick: fn(u8, u8) -> u8, start: u8| {
        let mut out = start;
        for y in ty.saturating_sub(1)..(ty + 2).min(th) {
            for x in tx.saturating_sub(1)..(tx + 2).min(tw) {
                out = pick(out, values[y * tw + x]);
            }
        }
        out
    };
    let mut maps: Vec<(u32, u32)> = Vec::with_capacity(tw * th);
    for ty in 0..th {
        for tx in 0..tw {
            let lo = around(&lows, tx, ty, u8::min, 255);
            let hi = around(&highs, tx, ty, u8::max, 0);
            let range = u32::from(hi.saturating_sub(lo)).max(STRETCH_MIN_RANGE);
            maps.push((u32::from(hi), stretch_factor(range)));
        }
    }
    let mut out = vec![0u8; w * h];
    for (y, (row, line)) in out.chunks_exact_mut(w).zip(src.chunks_exact(w)).enumerate() {
        let tiles = &maps[(y / STRETCH_TILE) * tw..(y / STRETCH_TILE + 1) * tw];
        // A tile's pixels share one lightest value and one factor: a loop the compiler
        // vectorises (a division per pixel was a sixth of a failed photo's time in wasm).
        for ((o, v), &(hi, factor)) in row
            .chunks_mut(STRETCH_TILE)
            .zip(line.chunks(STRETCH_TILE))
            .zip(tiles)
        {
            for (o, &v) in o.iter_mut().zip(v) {
                let below = ((hi - u32::from(v).min(hi)) * factor) >> 16;
                *o = 255u32.saturating_sub(below) as u8;
            }
        }
    }
    GrayImage::from_raw(image.width(), image.height(), out).unwrap_or_default()
}

/// `⌈255 · 2¹⁶ / range⌉`: `(q · factor) >> 16` is `q · 255 / range` exactly for every
/// `q ≤ 255` (the rounding error, under `q · range / 2¹⁶ / range`, never reaches the next
/// multiple of `1 / range`; a test checks every case), in 32 bits.
fn stretch_factor(range: u32) -> u32 {
    (255u32 << 16).div_ceil(range)
}

/// Binarises against the mean of a square neighbourhood (clamped at the borders). Uneven light
/// and shadows across a photo defeat a global threshold and rqrr's row-only one; a local mean
/// follows them. The window's column sums slide down the picture and a prefix sum over them
/// gives any row span, so memory stays at one row whatever the window; `v < mean - offset`
/// is compared as `(v + offset + 1) * count <= sum`, the same test without a division. Where
/// the window lies wholly inside the row, the count is the same for every pixel and the test
/// runs in 32 bits, which the compiler vectorises: that was three quarters of the time.
pub fn local_threshold(image: &GrayImage, window: u32, offset: i32) -> GrayImage {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let src = image.as_raw();
    let r = (window / 2).max(1) as usize;
    let mut out = vec![255u8; w * h];
    if w == 0 || h == 0 {
        return GrayImage::from_raw(image.width(), image.height(), out).unwrap_or_default();
    }
    // Column sums over rows [y0, y1) of the current window; at most 255 × h fits a u32, and
    // so does a row of them for any picture within the pixel limit's sides.
    let mut columns = vec![0u32; w];
    let (mut y0, mut y1) = (0usize, 0usize);
    let bounds: Vec<(usize, usize)> = (0..w)
        .map(|x| (x.saturating_sub(r), (x + r + 1).min(w)))
        .collect();
    let span = 2 * r + 1;
    // Narrow windows (every window's sum and test below 2³²) keep their prefix sums in 32
    // bits: the sums wrap, but a window's, their difference, is exact. Wider ones in 64.
    let narrow = (span as u64).pow(2) * (255 + 255 + 1) < 1 << 32 && (-1..=255).contains(&offset);
    let mut prefix = vec![0u32; if narrow { w + 1 } else { 0 }];
    let mut wide = vec![0u64; if narrow { 0 } else { w + 1 }];
    for y in 0..h {
        let (want0, want1) = (y.saturating_sub(r), (y + r + 1).min(h));
        while y1 < want1 {
            for (c, &p) in columns.iter_mut().zip(&src[y1 * w..(y1 + 1) * w]) {
                *c += u32::from(p);
            }
            y1 += 1;
        }
        while y0 < want0 {
            for (c, &p) in columns.iter_mut().zip(&src[y0 * w..(y0 + 1) * w]) {
                *c -= u32::from(p);
            }
            y0 += 1;
        }
        let rows = y1 - y0;
        if narrow {
            let mut running = 0u32;
            for (p, &c) in prefix[1..].iter_mut().zip(&columns) {
                running = running.wrapping_add(c);
                *p = running;
            }
        } else {
            let mut running = 0u64;
            for (p, &c) in wide[1..].iter_mut().zip(&columns) {
                running += u64::from(c);
                *p = running;
            }
        }
        let line = &src[y * w..(y + 1) * w];
        let row = &mut out[y * w..(y + 1) * w];
        // Columns whose window lies inside the row: [r, w - r - 1).
        let inner = if narrow && w > span {
            r..w - r - 1
        } else {
            0..0
        };
        if !inner.is_empty() {
            let count = (span * rows) as u32;
            let bias = (offset + 1) as u32;
            let sums = prefix[span..].iter().zip(&prefix[..w - span]);
            for ((o, &v), (&high, &low)) in row[inner.clone()]
                .iter_mut()
                .zip(&line[inner.clone()])
                .zip(sums)
            {
                *o = if (u32::from(v) + bias) * count <= high.wrapping_sub(low) {
                    0
                } else {
                    255
                };
            }
        }
        for x in (0..inner.start).chain(inner.end.max(inner.start)..w) {
            let (x0, x1) = bounds[x];
            let sum = if narrow {
                i64::from(prefix[x1].wrapping_sub(prefix[x0]))
            } else {
                (wide[x1] - wide[x0]) as i64
            };
            let count = ((x1 - x0) * rows) as i64;
            if (i64::from(line[x]) + i64::from(offset) + 1) * count <= sum {
                row[x] = 0;
            }
        }
    }
    GrayImage::from_raw(image.width(), image.height(), out).unwrap_or_default()
}

/// Sharpens with an unsharp mask (3×3 box blur, edges repeated, subtracted), for slightly
/// blurred photos: three rows summed column by column, then three columns.
pub fn sharpen(image: &GrayImage) -> GrayImage {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let src = image.as_raw();
    let mut out = vec![0u8; w * h];
    if w == 0 || h == 0 {
        return GrayImage::from_raw(image.width(), image.height(), out).unwrap_or_default();
    }
    let row = |y: usize| &src[y * w..(y + 1) * w];
    // In 16-bit lanes: nine pixels sum to at most 2295, and for those sums
    // (sum × 7282) >> 16 is sum / 9 rounded down.
    let mut columns = vec![0u16; w + 2];
    for y in 0..h {
        let (above, here, below) = (row(y.saturating_sub(1)), row(y), row((y + 1).min(h - 1)));
        for (((c, &a), &b), &d) in columns[1..=w].iter_mut().zip(above).zip(here).zip(below) {
            *c = u16::from(a) + u16::from(b) + u16::from(d);
        }
        (columns[0], columns[w + 1]) = (columns[1], columns[w]);
        let three = columns[..w].iter().zip(&columns[1..=w]).zip(&columns[2..]);
        for ((o, &centre), ((&left, &middle), &right)) in
            out[y * w..(y + 1) * w].iter_mut().zip(here).zip(three)
        {
            let mean = ((u32::from(left + middle + right) * 7282) >> 16) as i16;
            *o = (2 * i16::from(centre) - mean).clamp(0, 255) as u8;
        }
    }
    GrayImage::from_raw(image.width(), image.height(), out).unwrap_or_default()
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

    /// The straightforward definitions the fast preparations must match bit for bit.
    mod reference {
        use image::GrayImage;

        pub fn local_threshold(image: &GrayImage, window: u32, offset: i32) -> GrayImage {
            let (w, h) = (image.width() as i64, image.height() as i64);
            let r = i64::from((window / 2).max(1));
            GrayImage::from_fn(image.width(), image.height(), |x, y| {
                let (x, y) = (i64::from(x), i64::from(y));
                let (mut sum, mut count) = (0i64, 0i64);
                for yy in (y - r).max(0)..(y + r + 1).min(h) {
                    for xx in (x - r).max(0)..(x + r + 1).min(w) {
                        sum += i64::from(image.get_pixel(xx as u32, yy as u32).0[0]);
                        count += 1;
                    }
                }
                let v = i64::from(image.get_pixel(x as u32, y as u32).0[0]);
                image::Luma([if v < sum / count - i64::from(offset) {
                    0
                } else {
                    255
                }])
            })
        }

        pub fn sharpen(image: &GrayImage) -> GrayImage {
            let (w, h) = (i64::from(image.width()), i64::from(image.height()));
            let at = |x: i64, y: i64| {
                i32::from(
                    image
                        .get_pixel(x.clamp(0, w - 1) as u32, y.clamp(0, h - 1) as u32)
                        .0[0],
                )
            };
            GrayImage::from_fn(image.width(), image.height(), |x, y| {
                let (x, y) = (i64::from(x), i64::from(y));
                let sum: i32 = (-1..=1)
                    .flat_map(|dy| (-1..=1).map(move |dx| (dx, dy)))
                    .map(|(dx, dy)| at(x + dx, y + dy))
                    .sum();
                let centre = at(x, y);
                image::Luma([(centre + (centre - sum / 9)).clamp(0, 255) as u8])
            })
        }

        pub fn upscale2(image: &GrayImage) -> GrayImage {
            let (w, h) = image.dimensions();
            let at = |x: i64, y: i64| {
                let x = x.clamp(0, i64::from(w) - 1) as u32;
                let y = y.clamp(0, i64::from(h) - 1) as u32;
                u32::from(image.get_pixel(x, y).0[0])
            };
            GrayImage::from_fn(w * 2, h * 2, |x, y| {
                // The nearest source pixel weighs 3, its neighbour towards this half 1.
                let (sx, sy) = (i64::from(x / 2), i64::from(y / 2));
                let (nx, ny) = (
                    sx + if x % 2 == 0 { -1 } else { 1 },
                    sy + if y % 2 == 0 { -1 } else { 1 },
                );
                let sum = 9 * at(sx, sy) + 3 * at(nx, sy) + 3 * at(sx, ny) + at(nx, ny);
                image::Luma([((sum + 8) >> 4) as u8])
            })
        }
    }

    fn textured(w: u32, h: u32) -> GrayImage {
        let mut seed = 11u32 + w * 7 + h;
        GrayImage::from_fn(w, h, |x, y| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let noise = (seed >> 26) as u8;
            let shade = (x * 3 + y * 2) as u8 / 2;
            image::Luma([if (x / 4 + y / 3) % 3 == 0 {
                noise
            } else {
                shade.wrapping_add(noise)
            }])
        })
    }

    #[test]
    fn fast_preparations_match_their_definitions() {
        for (w, h) in [
            (1, 1),
            (1, 9),
            (9, 1),
            (2, 3),
            (17, 12),
            (40, 33),
            (64, 70),
            (300, 41),
        ] {
            let image = textured(w, h);
            for (window, offset) in [
                (3, 4),
                (15, 4),
                (31, 0),
                (201, -3),
                (17, -1),
                (9, 255),
                (5801, 4),
            ] {
                assert_eq!(
                    local_threshold(&image, window, offset),
                    reference::local_threshold(&image, window, offset),
                    "local threshold {w}×{h}, window {window}, offset {offset}"
                );
            }
            assert_eq!(
                sharpen(&image),
                reference::sharpen(&image),
                "sharpen {w}×{h}"
            );
            assert_eq!(
                upscale2(&image),
                reference::upscale2(&image),
                "upscale {w}×{h}"
            );
        }
    }

    #[test]
    fn halving_matches_the_general_box_filter() {
        // Narrower than one chunk of columns, exactly some, and some with a rest; odd sizes.
        for (w, h) in [(9, 7), (64, 4), (77, 9), (130, 5)] {
            let image = GrayImage::from_fn(w, h, |x, y| image::Luma([(x * 29 + y * 53) as u8]));
            let general = GrayImage::from_fn(w / 2, h / 2, |x, y| {
                let sum: u32 = [(0, 0), (1, 0), (0, 1), (1, 1)]
                    .iter()
                    .map(|(dx, dy)| u32::from(image.get_pixel(2 * x + dx, 2 * y + dy).0[0]))
                    .sum();
                image::Luma([((sum + 2) / 4) as u8])
            });
            assert_eq!(downscale(&image, 2), general, "{w}×{h}");
        }
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
    fn stretch_factor_divides_exactly_for_every_range_and_value() {
        for range in STRETCH_MIN_RANGE..=255 {
            for q in 0..=255u32 {
                assert_eq!(
                    (q * stretch_factor(range)) >> 16,
                    q * 255 / range,
                    "{q} / {range}"
                );
            }
        }
    }

    #[test]
    fn stretch_makes_faint_print_black_and_keeps_paper_white() {
        // Grey 200 modules (4 px) on white, and a field of flat paper with 3 levels of grain.
        let faint = GrayImage::from_fn(64, 64, |x, y| {
            let dark = x < 32 && (x / 4 + y / 4) % 2 == 0;
            let grain = ((x * 7 + y * 13) % 4) as u8;
            image::Luma([if dark { 200 } else { 252 - grain }])
        });
        let out = stretch(&faint);
        for (x, y) in [(0, 0), (4, 4), (12, 20)] {
            assert!(out.get_pixel(x, y).0[0] < 30, "module at {x},{y}: {out:?}");
        }
        for (x, y) in [(4, 0), (50, 10), (63, 63)] {
            assert!(out.get_pixel(x, y).0[0] > 220, "paper at {x},{y}");
        }
        assert_eq!(stretch(&GrayImage::new(0, 5)).dimensions(), (0, 5));
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
