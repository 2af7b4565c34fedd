//! giroscope's own sampler for a located symbol that no engine could read: the module grid is
//! sampled again from the symbol's corners through a perspective map, with two thresholds,
//! and each grid goes to the own symbol reader. When the corners as given do not read, they
//! are fitted to the symbol's function patterns ([`fit`]), and the least certain corner of
//! the fit (bottom-right, which detectors extrapolate) is nudged by up to a module. Blur and
//! corners a module off are the usual reasons a real symbol's grid does not decode.

use image::GrayImage;

use super::measure::Homography;
use super::{Hit, ModuleGrid, Point};

/// Nudges of the bottom-right corner, in modules, nearest first.
const NUDGES: [(f32, f32); 9] = [
    (0.0, 0.0),
    (0.5, 0.0),
    (-0.5, 0.0),
    (0.0, 0.5),
    (0.0, -0.5),
    (0.5, 0.5),
    (-0.5, -0.5),
    (1.0, 1.0),
    (-1.0, -1.0),
];

/// Grids tried for one symbol at most, with both thresholds: the corners as given, then
/// fitted and nudged. The fit counts as six more: it samples a few hundred modules five times
/// over for each of about a hundred corner positions.
pub const ATTEMPTS: usize = (1 + NUDGES.len()) * 2 + 6;

/// Samples the symbol with `corners` (top-left, top-right, bottom-right, bottom-left, in
/// `image` pixels) and `size` modules a side until the own reader decodes a grid; the hit it
/// gives, if any.
pub fn resample(image: &GrayImage, corners: [Point; 4], size: usize) -> Option<Hit> {
    if !(21..=177).contains(&size) || size % 4 != 1 {
        return None;
    }
    if let Some(hit) = attempt(image, corners, size) {
        return Some(hit);
    }
    let base = fit(image, corners, size).unwrap_or(corners);
    let module = side(base[0], base[1]) / size as f32;
    NUDGES
        .iter()
        .skip(usize::from(base == corners))
        .find_map(|&(dx, dy)| {
            let mut nudged = base;
            nudged[2] = (base[2].0 + dx * module, base[2].1 + dy * module);
            attempt(image, nudged, size)
        })
}

/// Samples the grid through `corners` and reads it with both thresholds.
fn attempt(image: &GrayImage, corners: [Point; 4], size: usize) -> Option<Hit> {
    let map = Homography::square_to_quad(corners);
    let n = size as f32;
    let values: Vec<u8> = (0..size * size)
        .map(|i| {
            let (x, y) = map.map(((i % size) as f32 + 0.5) / n, ((i / size) as f32 + 0.5) / n);
            bilinear(image, x, y)
        })
        .collect();
    [global(&values), local(&values, size)]
        .into_iter()
        .find_map(|modules| {
            let grid = crate::symbol::Grid::new(size, modules.clone())?;
            let symbol = crate::symbol::read(&grid).ok()?;
            Some(Hit {
                engine: "giroscope",
                corners,
                grid: Some(ModuleGrid { size, modules }),
                bytes: Some(symbol.bytes),
                finder_guessed: false,
            })
        })
}

/// Passes of the fit: each moves every corner coordinate by a step, then halves the step.
const FIT_PASSES: usize = 6;

/// Moves the four corners until the symbol's function patterns (finders with their
/// separators, timing patterns, alignment patterns: modules whose colour every symbol of
/// this size shares) fit the image best, as a coordinate search: a corner coordinate moves
/// a step either way when that fits better, the step halving from a module to a
/// thirty-second. The corners a detector gives are off by a module or more on curved paper
/// and under perspective (the bottom-right one is extrapolated), and a grid sampled a
/// module off does not decode. `None` when the corners already fit best.
fn fit(image: &GrayImage, corners: [Point; 4], size: usize) -> Option<[Point; 4]> {
    let n = size as f32;
    let cells: Vec<(f32, f32, bool)> = function_modules(size)
        .flat_map(|(x, y, dark)| {
            [(0.5, 0.5), (0.3, 0.3), (0.7, 0.3), (0.3, 0.7), (0.7, 0.7)]
                .map(|(du, dv)| ((x as f32 + du) / n, (y as f32 + dv) / n, dark))
        })
        .collect();
    // The pixel nearest to each point: with five points a module, that tells a fit a fifth
    // of a module off as well as interpolation does, at a fraction of its cost.
    let sample = |corners: [Point; 4]| {
        let map = Homography::square_to_quad(corners);
        cells.iter().map(move |&(u, v, dark)| {
            let (x, y) = map.map(u, v);
            (nearest(image, x, y), dark)
        })
    };
    // The threshold and the contrast from where the corners put the patterns: each module
    // counts at most half the contrast, so a glare spot or a stain does not outweigh the
    // rest.
    let mut sorted: Vec<f32> = sample(corners).map(|(value, _)| value).collect();
    sorted.sort_unstable_by(f32::total_cmp);
    let at = |p: usize| sorted[(sorted.len() - 1) * p / 100];
    let (threshold, limit) = ((at(10) + at(90)) / 2.0, (at(90) - at(10)) / 2.0);
    if limit < 8.0 {
        return None;
    }
    let score = |corners: [Point; 4]| -> f32 {
        sample(corners)
            .map(|(value, dark)| {
                let agreement = if dark {
                    threshold - value
                } else {
                    value - threshold
                };
                agreement.clamp(-limit, limit)
            })
            .sum()
    };
    let mut best = corners;
    let mut best_score = score(corners);
    let start = best_score;
    let mut step = side(corners[0], corners[1]) / n;
    for _ in 0..FIT_PASSES {
        for coordinate in 0..8 {
            for sign in [1.0, -1.0] {
                let mut moved = best;
                let corner = &mut moved[coordinate / 2];
                if coordinate % 2 == 0 {
                    corner.0 += sign * step;
                } else {
                    corner.1 += sign * step;
                }
                let moved_score = score(moved);
                if moved_score > best_score {
                    (best, best_score) = (moved, moved_score);
                    break;
                }
            }
        }
        step /= 2.0;
    }
    (best_score > start).then_some(best)
}

/// The function modules of a symbol `size` modules wide whose colour every symbol shares,
/// as (x, y, dark): the three finder patterns and their separators, the timing patterns
/// and the alignment patterns.
fn function_modules(size: usize) -> impl Iterator<Item = (usize, usize, bool)> {
    let last = size - 7;
    let finders = [(0, 0), (last, 0), (0, last)]
        .into_iter()
        .flat_map(move |(ox, oy)| {
            // The finder's 7×7 and the separator's ring around it, inside the symbol.
            (-1..8).flat_map(move |dy: isize| {
                (-1..8).filter_map(move |dx: isize| {
                    let (x, y) = (ox as isize + dx, oy as isize + dy);
                    if x < 0 || y < 0 || x >= size as isize || y >= size as isize {
                        return None;
                    }
                    let ring = (dx - 3).abs().max((dy - 3).abs());
                    Some((x as usize, y as usize, ring != 2 && ring != 4))
                })
            })
        });
    let timing = (8..size - 8).flat_map(|i| [(i, 6, i % 2 == 0), (6, i, i % 2 == 0)]);
    let version = u8::try_from((size - 17) / 4).unwrap_or(0);
    let centres = crate::symbol::alignment_centres(version);
    let end = centres.len().saturating_sub(1);
    let alignments = centres.iter().enumerate().flat_map(move |(i, &cy)| {
        centres.iter().enumerate().filter_map(move |(j, &cx)| {
            // Not where a finder sits.
            let corner = (i == 0 && (j == 0 || j == end)) || (i == end && j == 0);
            (!corner).then_some((usize::from(cx), usize::from(cy)))
        })
    });
    let alignments = alignments.flat_map(|(cx, cy)| {
        (0..5).flat_map(move |dy: usize| {
            (0..5).map(move |dx: usize| {
                let ring = dx.abs_diff(2).max(dy.abs_diff(2));
                (cx + dx - 2, cy + dy - 2, ring != 1)
            })
        })
    });
    finders.chain(timing).chain(alignments)
}

fn side(a: Point, b: Point) -> f32 {
    (a.0 - b.0).hypot(a.1 - b.1)
}

/// Dark where below the midpoint of the 10th and 90th percentiles.
fn global(values: &[u8]) -> Vec<bool> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let at = |p: usize| u16::from(sorted[(sorted.len() - 1) * p / 100]);
    let threshold = (at(10) + at(90)) / 2;
    values.iter().map(|&v| u16::from(v) < threshold).collect()
}

/// Dark where below the mean of the 7×7 modules around: light falling off across the symbol.
fn local(values: &[u8], size: usize) -> Vec<bool> {
    (0..size * size)
        .map(|i| {
            let (x, y) = (i % size, i / size);
            let (x0, x1) = (x.saturating_sub(3), (x + 4).min(size));
            let (y0, y1) = (y.saturating_sub(3), (y + 4).min(size));
            let mut sum = 0u32;
            for row in y0..y1 {
                sum += values[row * size + x0..row * size + x1]
                    .iter()
                    .map(|&v| u32::from(v))
                    .sum::<u32>();
            }
            let mean = sum / ((x1 - x0) * (y1 - y0)) as u32;
            u32::from(values[i]) < mean
        })
        .collect()
}

fn bilinear(image: &GrayImage, x: f32, y: f32) -> u8 {
    let (w, h) = (image.width() as usize, image.height() as usize);
    if w < 2 || h < 2 {
        return image.as_raw().first().copied().unwrap_or(0);
    }
    // Clamped so that the 2×2 neighbourhood stays inside; NaN becomes 0.
    let x = x.clamp(0.0, w as f32 - 1.001);
    let y = y.clamp(0.0, h as f32 - 1.001);
    let (x0, y0) = (x as usize, y as usize);
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let at = y0 * w + x0;
    let raw = image.as_raw();
    let (top, bottom) = (&raw[at..at + 2], &raw[at + w..at + w + 2]);
    let (a, b) = (f32::from(top[0]), f32::from(top[1]));
    let (c, d) = (f32::from(bottom[0]), f32::from(bottom[1]));
    let top = a + (b - a) * fx;
    let bottom = c + (d - c) * fx;
    (top + (bottom - top) * fy).round() as u8
}

/// The pixel under (x, y); outside the image, the nearest edge pixel.
fn nearest(image: &GrayImage, x: f32, y: f32) -> f32 {
    let (w, h) = (image.width(), image.height());
    // `as` saturates: negative and NaN become 0.
    let x = (x as u32).min(w.saturating_sub(1));
    let y = (y as u32).min(h.saturating_sub(1));
    image
        .as_raw()
        .get(y as usize * w as usize + x as usize)
        .map_or(0.0, |&v| f32::from(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAYLOAD: &[u8] =
        b"BCD\n002\n1\nSCT\n\nStadt Musterhausen\nDE02120300000000202051\nEUR12.50";

    /// The payload as a version-5 symbol with modules of `px` pixels, four modules of quiet
    /// zone around; its size and the symbol's corners.
    fn page(px: u32) -> (GrayImage, usize, [Point; 4]) {
        let code =
            qrcode::QrCode::with_version(PAYLOAD, qrcode::Version::Normal(5), qrcode::EcLevel::L)
                .expect("encodable");
        let (size, colors) = (code.width(), code.to_colors());
        let side = (size as u32 + 8) * px;
        let image = GrayImage::from_fn(side, side, |x, y| {
            let (mx, my) = ((x / px).wrapping_sub(4), (y / px).wrapping_sub(4));
            let dark = (mx as usize) < size
                && (my as usize) < size
                && colors[my as usize * size + mx as usize] == qrcode::Color::Dark;
            image::Luma([if dark { 30 } else { 220 }])
        });
        let (a, b) = ((4 * px) as f32, ((4 + size as u32) * px) as f32);
        (image, size, [(a, a), (b, a), (b, b), (a, b)])
    }

    #[test]
    fn corners_off_by_about_a_module_are_fitted_and_read() {
        let (image, size, exact) = page(6);
        assert!(
            attempt(&image, exact, size).is_some(),
            "the exact corners read"
        );
        // Each case: how far each corner (top-left, top-right, bottom-right, bottom-left) is
        // off, in modules; none of them reads as given.
        let cases: &[(&str, [(f32, f32); 4])] = &[
            (
                "top_right_a_module_out",
                [(0.0, 0.0), (1.0, 0.0), (0.0, 0.0), (0.0, 0.0)],
            ),
            (
                "side_corners_out",
                [(0.0, 0.0), (1.0, -0.5), (0.0, 0.0), (-0.5, 1.0)],
            ),
            (
                "every_corner_astray",
                [(-0.6, 0.4), (0.7, 0.5), (0.8, -0.6), (-0.5, -0.7)],
            ),
        ];
        for (name, offsets) in cases {
            let mut corners = exact;
            for (corner, (dx, dy)) in corners.iter_mut().zip(offsets) {
                *corner = (corner.0 + dx * 6.0, corner.1 + dy * 6.0);
            }
            assert!(
                attempt(&image, corners, size).is_none(),
                "{name}: does not read as given"
            );
            let hit = resample(&image, corners, size).unwrap_or_else(|| panic!("{name}: not read"));
            assert_eq!(hit.bytes.as_deref(), Some(PAYLOAD), "{name}");
        }
    }

    #[test]
    fn the_fit_leaves_fitting_corners_alone_and_gives_up_without_contrast() {
        let (image, size, exact) = page(6);
        let fitted = fit(&image, exact, size);
        assert!(
            fitted.is_none_or(|f| f.iter().zip(&exact).all(|(a, b)| side(*a, *b) < 1.0)),
            "exact corners move less than a pixel: {fitted:?}"
        );
        let grey = GrayImage::from_pixel(image.width(), image.height(), image::Luma([128]));
        assert_eq!(
            fit(&grey, exact, size),
            None,
            "nothing to fit on a blank picture"
        );
    }

    #[test]
    fn sizes_that_are_no_symbols_are_not_sampled() {
        let (image, _, exact) = page(6);
        for size in [0, 17, 22, 28, 181] {
            assert!(resample(&image, exact, size).is_none(), "size {size}");
        }
    }
}
