//! giroscope's own sampler for a located symbol that no engine could read: the module grid is
//! sampled again from the symbol's corners through a perspective map, with the least certain
//! corner (bottom-right, which detectors extrapolate) nudged by up to a module and two
//! thresholds, and each grid goes to the own symbol reader. Blur and a slightly wrong
//! perspective fit are the usual reasons a real symbol's grid does not decode.

use image::GrayImage;

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
        let map = Perspective::square_to(nudged, size as f32);
        let values: Vec<u8> = (0..size * size)
            .map(|i| {
                let (x, y) = map.apply((i % size) as f32 + 0.5, (i / size) as f32 + 0.5);
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

/// The projective map from the square `[0, n]²` onto a quadrilateral.
struct Perspective {
    m: [f32; 9],
}

impl Perspective {
    /// Maps (0,0), (n,0), (n,n), (0,n) onto `quad` (Heckbert's square-to-quad).
    fn square_to(quad: [Point; 4], n: f32) -> Perspective {
        let [(x0, y0), (x1, y1), (x2, y2), (x3, y3)] = quad;
        let (sx, sy) = (x0 - x1 + x2 - x3, y0 - y1 + y2 - y3);
        let m = if sx.abs() < 1e-6 && sy.abs() < 1e-6 {
            [x1 - x0, x2 - x1, x0, y1 - y0, y2 - y1, y0, 0.0, 0.0, 1.0]
        } else {
            let (dx1, dx2, dy1, dy2) = (x1 - x2, x3 - x2, y1 - y2, y3 - y2);
            let det = dx1 * dy2 - dx2 * dy1;
            let g = (sx * dy2 - dx2 * sy) / det;
            let h = (dx1 * sy - sx * dy1) / det;
            [
                x1 - x0 + g * x1,
                x3 - x0 + h * x3,
                x0,
                y1 - y0 + g * y1,
                y3 - y0 + h * y3,
                y0,
                g,
                h,
                1.0,
            ]
        };
        // Unit square to quad; scale the input by 1/n.
        let s = 1.0 / n;
        Perspective {
            m: [
                m[0] * s,
                m[1] * s,
                m[2],
                m[3] * s,
                m[4] * s,
                m[5],
                m[6] * s,
                m[7] * s,
                m[8],
            ],
        }
    }

    fn apply(&self, u: f32, v: f32) -> Point {
        let m = &self.m;
        let w = m[6] * u + m[7] * v + m[8];
        (
            (m[0] * u + m[1] * v + m[2]) / w,
            (m[3] * u + m[4] * v + m[5]) / w,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_square_maps_onto_its_corners() {
        let quad = [(10.0, 20.0), (110.0, 25.0), (120.0, 140.0), (5.0, 130.0)];
        let map = Perspective::square_to(quad, 25.0);
        for ((u, v), (x, y)) in [(0.0, 0.0), (25.0, 0.0), (25.0, 25.0), (0.0, 25.0)]
            .into_iter()
            .zip(quad)
        {
            let (px, py) = map.apply(u, v);
            assert!((px - x).abs() < 0.01 && (py - y).abs() < 0.01, "{px},{py}");
        }
    }
}
