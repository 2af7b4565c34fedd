//! giroscope's own sampler for a located symbol that no engine could read: the module grid is
//! sampled again from the symbol's corners through a perspective map, with the least certain
//! corner (bottom-right, which detectors extrapolate) nudged by up to a module and two
//! thresholds, and each grid goes to the own symbol reader. Blur and a slightly wrong
//! perspective fit are the usual reasons a real symbol's grid does not decode.

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

/// Grids tried for one symbol: every nudge with both thresholds.
pub const ATTEMPTS: usize = NUDGES.len() * 2;

/// Samples the symbol with `corners` (top-left, top-right, bottom-right, bottom-left, in
/// `image` pixels) and `size` modules a side until the own reader decodes a grid; the hit it
/// gives, if any.
pub fn resample(image: &GrayImage, corners: [Point; 4], size: usize) -> Option<Hit> {
    if !(21..=177).contains(&size) {
        return None;
    }
    let module = side(corners[0], corners[1]) / size as f32;
    for (dx, dy) in NUDGES {
        let mut nudged = corners;
        nudged[2] = (corners[2].0 + dx * module, corners[2].1 + dy * module);
        let map = Homography::square_to_quad(nudged);
        let n = size as f32;
        let values: Vec<u8> = (0..size * size)
            .map(|i| {
                let (x, y) = map.map(((i % size) as f32 + 0.5) / n, ((i / size) as f32 + 0.5) / n);
                bilinear(image, x, y)
            })
            .collect();
        for modules in [global(&values), local(&values, size)] {
            let Some(grid) = crate::symbol::Grid::new(size, modules.clone()) else {
                continue;
            };
            if let Ok(symbol) = crate::symbol::read(&grid) {
                return Some(Hit {
                    engine: "giroscope",
                    corners: nudged,
                    grid: Some(ModuleGrid { size, modules }),
                    bytes: Some(symbol.bytes),
                    finder_guessed: false,
                });
            }
        }
    }
    None
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
    let (w, h) = (image.width() as f32, image.height() as f32);
    let x = x.clamp(0.0, w - 1.001);
    let y = y.clamp(0.0, h - 1.001);
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let at = |dx: u32, dy: u32| f32::from(image.get_pixel(x0 as u32 + dx, y0 as u32 + dy).0[0]);
    let top = at(0, 0) * (1.0 - fx) + at(1, 0) * fx;
    let bottom = at(0, 1) * (1.0 - fx) + at(1, 1) * fx;
    (top * (1.0 - fy) + bottom * fy).round() as u8
}
