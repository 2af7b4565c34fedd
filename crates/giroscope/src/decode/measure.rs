//! Print facts measured from pixels: the quiet zone around a symbol and its contrast.
//!
//! Both use the symbol's corners to map module coordinates into the image through a
//! homography, so they hold for photos taken at an angle. They are indicative, not ISO/IEC
//! 15415 grades: a photo's lighting and focus change them as much as the print does.

use image::GrayImage;

use super::{ModuleGrid, Point};

/// How far out the quiet zone is measured, in modules.
const MAX_QUIET_MODULES: f32 = 8.0;

/// The smallest modules, in pixels, whose finder patterns are judged: at 3 px a module (0.25 mm
/// at 300 dpi) a corner estimate a pixel off already shows a sharp print's finder 37 % wrong.
pub const MIN_FINDER_PX: f32 = 3.5;
/// The smallest modules, in pixels, whose blur is judged: below, the places looked at are the
/// module's centre and its edges at once.
pub const MIN_UNCLEAR_PX: f32 = 3.0;

/// Print facts about one symbol.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrintFacts {
    /// Light margin around the symbol, in modules: the smallest of the four sides, up to 8.
    pub quiet_zone: f32,
    /// Whether the image ends before the quiet zone does on some side (the margin is then a
    /// lower bound set by the photo's framing, not by the print).
    pub quiet_zone_cut: bool,
    /// Print contrast signal: the difference between mean light and mean dark module, as a
    /// share of the lighter one.
    pub contrast: f32,
    /// Whether the "dark" modules are the lighter ones: the code is printed light on dark.
    pub inverted: bool,
    /// The worst finder pattern's damage: the share of its 7×7 modules, looked at in nine
    /// places each, that shows the wrong colour (0: intact). Apps locate a code by its three
    /// finder patterns; a scratch or a spot over one loses it to most of them. `None` for
    /// modules under [`MIN_FINDER_PX`], whose inside cannot be told from their edges.
    pub finder_damage: Option<f32>,
    /// The share of places inside modules (four a module, a third of the way in from its
    /// edges) that are neither clearly dark nor clearly light: in the middle half between the
    /// dark and the light mean. Blur (a shaky or unfocused photo, ink bleeding) makes modules
    /// grey before it makes them wrong. `None` for modules under [`MIN_UNCLEAR_PX`].
    pub unclear: Option<f32>,
}

/// A projective map from module coordinates (0..size on both axes) to image pixels.
pub(super) struct Homography([f32; 8]);

impl Homography {
    /// Maps the unit square's corners (0,0), (1,0), (1,1), (0,1) onto `quad`.
    pub(super) fn square_to_quad(quad: [Point; 4]) -> Homography {
        let [(x0, y0), (x1, y1), (x2, y2), (x3, y3)] = quad;
        let (dx1, dx2, dx3) = (x1 - x2, x3 - x2, x0 - x1 + x2 - x3);
        let (dy1, dy2, dy3) = (y1 - y2, y3 - y2, y0 - y1 + y2 - y3);
        let det = dx1 * dy2 - dx2 * dy1;
        let (g, h) = if det.abs() < f32::EPSILON || (dx3.abs() < 1e-6 && dy3.abs() < 1e-6) {
            (0.0, 0.0)
        } else {
            ((dx3 * dy2 - dx2 * dy3) / det, (dx1 * dy3 - dx3 * dy1) / det)
        };
        Homography([
            x1 - x0 + g * x1,
            x3 - x0 + h * x3,
            x0,
            y1 - y0 + g * y1,
            y3 - y0 + h * y3,
            y0,
            g,
            h,
        ])
    }

    pub(super) fn map(&self, u: f32, v: f32) -> Point {
        let [a, b, c, d, e, f, g, h] = self.0;
        let w = g * u + h * v + 1.0;
        ((a * u + b * v + c) / w, (d * u + e * v + f) / w)
    }
}

/// Measures quiet zone and contrast of a symbol with `grid`, whose outline is `corners`.
pub fn measure(image: &GrayImage, corners: [Point; 4], grid: &ModuleGrid) -> Option<PrintFacts> {
    let size = grid.size as f32;
    if grid.size == 0 {
        return None;
    }
    let square = Homography::square_to_quad(corners);
    let at = |u: f32, v: f32| -> Option<u8> {
        let (x, y) = square.map(u / size, v / size);
        (x >= 0.0 && y >= 0.0 && x < image.width() as f32 && y < image.height() as f32)
            .then(|| image.get_pixel(x as u32, y as u32).0[0])
    };
    let (mut dark, mut light) = ((0u64, 0u64), (0u64, 0u64));
    for y in 0..grid.size {
        for x in 0..grid.size {
            let Some(value) = at(x as f32 + 0.5, y as f32 + 0.5) else {
                continue;
            };
            let class = if grid.modules[y * grid.size + x] {
                &mut dark
            } else {
                &mut light
            };
            class.0 += u64::from(value);
            class.1 += 1;
        }
    }
    if dark.1 == 0 || light.1 == 0 {
        return None;
    }
    let (dark_mean, light_mean) = (
        dark.0 as f32 / dark.1 as f32,
        light.0 as f32 / light.1 as f32,
    );
    // Print contrast signal: relative to the paper's own brightness, so a dim photo of a good
    // print still scores high while a grey print scores low however it is lit.
    let contrast = (light_mean - dark_mean).abs() / light_mean.max(dark_mean).max(1.0);
    // The margin must look like the light modules, whichever way round the code is printed.
    let blocks =
        |value: u8| (f32::from(value) - dark_mean).abs() < (f32::from(value) - light_mean).abs();

    // Places inside a module are kept 1.5 px from its edges (a third of a module at 4.5 px a
    // module and more): closer in, the anti-aliased edge of a sharp print looks like blur.
    let side = |a: Point, b: Point| (a.0 - b.0).hypot(a.1 - b.1);
    let c = &corners;
    let module_px =
        (side(c[0], c[1]) + side(c[1], c[2]) + side(c[2], c[3]) + side(c[3], c[0])) / 4.0 / size;
    let inset = |least: f32| (1.5 / module_px.max(0.1)).clamp(least, 0.5);
    let (near, far) = (inset(0.3), 1.0 - inset(0.3));
    let mut unclear = 0u32;
    let mut sampled = 0u32;
    // Each module is looked at near its corners (a third of the way in at most), where blur
    // shows before it reaches the centre that readers sample.
    for y in 0..grid.size {
        for x in 0..grid.size {
            for (du, dv) in [(near, near), (far, near), (near, far), (far, far)] {
                if let Some(value) = at(x as f32 + du, y as f32 + dv) {
                    let t = (f32::from(value) - dark_mean) / (light_mean - dark_mean);
                    sampled += 1;
                    unclear += u32::from((0.25..0.75).contains(&t));
                }
            }
        }
    }
    let unclear =
        (sampled > 0 && module_px >= MIN_UNCLEAR_PX).then(|| unclear as f32 / sampled as f32);
    let first = inset(0.2);
    let finder_damage = [(0.0, 0.0), (size - 7.0, 0.0), (0.0, size - 7.0)]
        .iter()
        .map(|&(u0, v0)| {
            let (mut wrong, mut seen) = (0u32, 0u32);
            for my in 0..7u8 {
                for mx in 0..7u8 {
                    let ring = mx == 0 || mx == 6 || my == 0 || my == 6;
                    let core = (2..=4).contains(&mx) && (2..=4).contains(&my);
                    for (i, j) in (0..3).flat_map(|i| (0..3).map(move |j| (i, j))) {
                        let step = 0.5 - first;
                        let u = u0 + f32::from(mx) + first + step * i as f32;
                        let v = v0 + f32::from(my) + first + step * j as f32;
                        if let Some(value) = at(u, v) {
                            seen += 1;
                            wrong += u32::from(blocks(value) != (ring || core));
                        }
                    }
                }
            }
            if seen == 0 {
                0.0
            } else {
                wrong as f32 / seen as f32
            }
        })
        .fold(0.0, f32::max);
    let finder_damage = (module_px >= MIN_FINDER_PX).then_some(finder_damage);

    // Walk outwards from each side in half-module steps until something dark appears. The
    // first probe is ¾ module out: closer in, anti-aliased module edges would count as ink.
    let mut quiet_zone = MAX_QUIET_MODULES;
    let mut cut = false;
    let steps = (MAX_QUIET_MODULES * 2.0) as usize;
    let along: Vec<f32> = (0..grid.size * 2).map(|i| i as f32 / 2.0 + 0.25).collect();
    for side in 0..4 {
        for step in 1..steps {
            let distance = step as f32 / 2.0 + 0.25;
            let mut blocked = false;
            for &t in &along {
                let (u, v) = match side {
                    0 => (t, -distance),
                    1 => (size + distance, t),
                    2 => (t, size + distance),
                    _ => (-distance, t),
                };
                match at(u, v) {
                    None => {
                        cut = true;
                        blocked = true;
                        break;
                    }
                    Some(value) if blocks(value) => {
                        blocked = true;
                        break;
                    }
                    Some(_) => {}
                }
            }
            if blocked {
                quiet_zone = quiet_zone.min(distance - 0.25);
                break;
            }
        }
    }
    Some(PrintFacts {
        quiet_zone,
        quiet_zone_cut: cut,
        contrast,
        inverted: dark_mean > light_mean,
        finder_damage,
        unclear,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    fn symbol_image(quiet: u32, dark: u8, light: u8) -> (GrayImage, [Point; 4], ModuleGrid) {
        // A 21-module checkerboard "symbol" at 4 px a module.
        let size = 21;
        let px = 4;
        let side = (size + 2 * quiet) * px;
        let modules: Vec<bool> = (0..size * size)
            .map(|i| (i % size + i / size) % 2 == 0)
            .collect();
        let image = GrayImage::from_fn(side, side, |x, y| {
            let (mx, my) = (
                (x / px) as i64 - quiet as i64,
                (y / px) as i64 - quiet as i64,
            );
            let inside = (0..size as i64).contains(&mx) && (0..size as i64).contains(&my);
            let is_dark = inside && modules[(my as u32 * size + mx as u32) as usize];
            Luma([if is_dark { dark } else { light }])
        });
        let o = (quiet * px) as f32;
        let e = o + (size * px) as f32;
        (
            image,
            [(o, o), (e, o), (e, e), (o, e)],
            ModuleGrid {
                size: size as usize,
                modules,
            },
        )
    }

    #[test]
    fn quiet_zone_and_contrast_are_measured() {
        let (image, corners, grid) = symbol_image(4, 0, 255);
        let facts = measure(&image, corners, &grid).expect("facts");
        assert!(facts.contrast > 0.99, "{facts:?}");
        assert!((facts.quiet_zone - 4.0).abs() <= 0.5, "{facts:?}");
        assert!(facts.quiet_zone_cut, "the margin runs to the image edge");

        let (image, corners, grid) = symbol_image(2, 120, 200);
        let mut framed = GrayImage::from_pixel(image.width() + 40, image.height() + 40, Luma([0]));
        image::imageops::replace(&mut framed, &image, 20, 20);
        let corners = corners.map(|(x, y)| (x + 20.0, y + 20.0));
        let facts = measure(&framed, corners, &grid).expect("facts");
        assert!((facts.quiet_zone - 2.0).abs() <= 0.5, "{facts:?}");
        assert!(!facts.quiet_zone_cut);
        assert!((facts.contrast - 80.0 / 200.0).abs() < 0.02, "{facts:?}");
        assert!(!facts.inverted);

        let (image, corners, grid) = symbol_image(5, 250, 10);
        let facts = measure(&image, corners, &grid).expect("facts");
        assert!(facts.inverted, "{facts:?}");
        assert!(facts.contrast > 0.9, "{facts:?}");
        assert!(facts.quiet_zone >= 4.5, "{facts:?}");
    }

    #[test]
    fn homography_maps_the_corners() {
        let quad = [(10.0, 20.0), (110.0, 30.0), (100.0, 140.0), (5.0, 120.0)];
        let h = Homography::square_to_quad(quad);
        for ((u, v), expected) in [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
            .into_iter()
            .zip(quad)
        {
            let (x, y) = h.map(u, v);
            assert!(
                (x - expected.0).abs() < 1e-3 && (y - expected.1).abs() < 1e-3,
                "{u},{v} → {x},{y}"
            );
        }
    }
}
