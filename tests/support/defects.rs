//! Print defects on clean GiroCode renderings, for calibrating the readability verdict against
//! app-class readers (`examples/panel.rs`) and for the readability tests (`tests/it/readability.rs`).
//!
//! Every picture starts from the same code printed at print-like resolution (6 px a module: a
//! 0.5 mm module scanned at 300 dpi) with its 4-module quiet zone, and adds what generators and
//! print shops really do to codes: logos over the centre, faint ink, ink spots, creases,
//! scratches over a finder pattern, stamps, blur, and mixtures of them. Everything is drawn from
//! fixed seeds, so every run gives the same pixels.

use image::{GrayImage, Luma};

use super::notice::{QrSpec, Rng, qr_modules};
use qrcode::EcLevel;

/// Pixels a module.
pub const MODULE_PX: u32 = 6;
/// Quiet zone in modules.
const QUIET: u32 = 4;

/// The payload every picture carries: a parking ticket's GiroCode, ASCII only, so that every
/// reader returns the same bytes.
pub const PAYLOAD: &str = "BCD\n002\n1\nSCT\n\nStadtkasse Musterstadt\nDE02120300000000202051\nEUR25.00\nGOVT\n\nKassenzeichen 5.1234.004711.1 Verwarnungsgeld Parken";

/// One thing done to the clean code.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Defect {
    /// A white box with a dark emblem in the middle, covering this share of the symbol's width.
    Logo(f32),
    /// Dark modules printed in this grey, on paper of that grey.
    Faint { ink: u8, paper: u8 },
    /// Round ink spots over this share of the symbol's area.
    Spots(f32),
    /// A fold across the code: a dark line, the paper beyond it a little darker. Diagonal when
    /// true, else horizontal through the middle.
    Crease(bool),
    /// A white scratch this many modules wide across the top-left finder pattern.
    Scratch(f32),
    /// A round office stamp in grey ink, half transparent, over a quarter of the code.
    Stamp,
    /// Gaussian blur with this sigma in pixels.
    Blur(f32),
}

/// A named picture for the panel and the tests.
pub struct Case {
    /// Its name in tables: the defects and their sizes.
    pub name: String,
    /// What was done, in order.
    pub defects: Vec<Defect>,
}

impl Case {
    fn of(defects: &[Defect]) -> Case {
        let name = if defects.is_empty() {
            "clean".to_owned()
        } else {
            defects.iter().map(describe).collect::<Vec<_>>().join(" + ")
        };
        Case {
            name,
            defects: defects.to_vec(),
        }
    }

    /// The picture.
    pub fn picture(&self) -> GrayImage {
        picture(&self.defects)
    }
}

fn describe(defect: &Defect) -> String {
    match *defect {
        Defect::Logo(share) => format!("logo {:.0} % wide", share * 100.0),
        Defect::Faint { ink, paper: 255 } => format!("grey {ink} ink"),
        Defect::Faint { ink, paper } => format!("grey {ink} on grey {paper} paper"),
        Defect::Spots(share) => format!("ink spots {:.0} %", share * 100.0),
        Defect::Crease(true) => "diagonal crease".to_owned(),
        Defect::Crease(false) => "crease".to_owned(),
        Defect::Scratch(width) => format!("scratch {width} modules over a finder"),
        Defect::Stamp => "stamp".to_owned(),
        Defect::Blur(sigma) => format!("blur σ {sigma} px"),
    }
}

/// The ladder of cases the panel reads, from clean to hopeless.
pub fn ladder() -> Vec<Case> {
    use Defect::*;
    let mut cases = vec![Case::of(&[])];
    for share in [0.10, 0.15, 0.20, 0.25, 0.30, 0.32, 0.34, 0.40] {
        cases.push(Case::of(&[Logo(share)]));
    }
    for ink in [150, 170, 190, 200, 210, 220] {
        cases.push(Case::of(&[Faint { ink, paper: 255 }]));
    }
    cases.push(Case::of(&[Faint {
        ink: 150,
        paper: 200,
    }]));
    for share in [0.01, 0.02, 0.03, 0.05] {
        cases.push(Case::of(&[Spots(share)]));
    }
    cases.push(Case::of(&[Crease(false)]));
    cases.push(Case::of(&[Crease(true)]));
    for width in [0.5, 1.0, 2.0] {
        cases.push(Case::of(&[Scratch(width)]));
    }
    cases.push(Case::of(&[Stamp]));
    for sigma in [1.0, 1.5, 2.0, 2.5, 3.0] {
        cases.push(Case::of(&[Blur(sigma)]));
    }
    for mix in [
        &[
            Faint {
                ink: 190,
                paper: 255,
            },
            Blur(1.5),
        ][..],
        &[Logo(0.15), Spots(0.01)],
        &[Logo(0.20), Blur(1.5)],
        &[
            Scratch(0.5),
            Faint {
                ink: 170,
                paper: 255,
            },
        ],
        &[Stamp, Blur(1.5)],
        &[Crease(true), Spots(0.02)],
        &[
            Faint {
                ink: 150,
                paper: 200,
            },
            Crease(false),
        ],
    ] {
        cases.push(Case::of(mix));
    }
    cases
}

/// The clean code's modules.
pub fn modules() -> (usize, Vec<bool>) {
    qr_modules(&QrSpec::new(PAYLOAD.as_bytes(), EcLevel::M)).expect("the payload fits")
}

/// The code with `defects` applied in order.
pub fn picture(defects: &[Defect]) -> GrayImage {
    let (size, modules) = modules();
    let (ink, paper) = defects
        .iter()
        .find_map(|d| match *d {
            Defect::Faint { ink, paper } => Some((ink, paper)),
            _ => None,
        })
        .unwrap_or((20, 250));
    let side = (size as u32 + 2 * QUIET) * MODULE_PX;
    let mut img = GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = (x / MODULE_PX, y / MODULE_PX);
        let inside = (QUIET..QUIET + size as u32).contains(&mx)
            && (QUIET..QUIET + size as u32).contains(&my);
        let dark = inside && modules[(my - QUIET) as usize * size + (mx - QUIET) as usize];
        Luma([if dark { ink } else { paper }])
    });
    let symbol = size as f32 * MODULE_PX as f32;
    let origin = QUIET as f32 * MODULE_PX as f32;
    let m = MODULE_PX as f32;
    for (index, defect) in defects.iter().enumerate() {
        let mut rng = Rng::new(0x00D3_F3C7 + index as u64);
        match *defect {
            Defect::Faint { .. } => {}
            Defect::Logo(share) => {
                let half = symbol * share / 2.0;
                let c = origin + symbol / 2.0;
                paint(&mut img, |x, y| {
                    let (dx, dy) = ((x - c).abs(), (y - c).abs());
                    if dx > half || dy > half {
                        return None;
                    }
                    // The emblem: a dark disc with a light bar through it, on white.
                    let r = (dx * dx + dy * dy).sqrt();
                    Some(if r < half * 0.7 && dy > half * 0.15 {
                        40
                    } else {
                        255
                    })
                });
            }
            Defect::Spots(share) => {
                let target = share * symbol * symbol;
                let mut covered = 0.0;
                let mut spots = Vec::new();
                while covered < target {
                    let r = rng.range(0.6, 1.4) * m;
                    let (x, y) = (origin + rng.unit() * symbol, origin + rng.unit() * symbol);
                    spots.push((x, y, r));
                    covered += std::f32::consts::PI * r * r;
                }
                paint(&mut img, |x, y| {
                    spots
                        .iter()
                        .any(|&(sx, sy, r)| (x - sx).hypot(y - sy) < r)
                        .then_some(ink)
                });
            }
            Defect::Crease(diagonal) => {
                let line = |x: f32, y: f32| {
                    if diagonal {
                        (y - x) / std::f32::consts::SQRT_2
                    } else {
                        y - (origin + symbol * 0.55)
                    }
                };
                blend(&mut img, |x, y, v| {
                    let d = line(x, y);
                    if d.abs() < 1.0 {
                        110
                    } else if d > 0.0 {
                        (f32::from(v) * 0.88) as u8
                    } else {
                        v
                    }
                });
            }
            Defect::Scratch(width) => {
                // Through the top-left finder pattern's centre, at a slant.
                let (cx, cy) = (origin + 3.5 * m, origin + 3.5 * m);
                let half = width * m / 2.0;
                paint(&mut img, |x, y| {
                    let d = ((y - cy) - 0.4 * (x - cx)) / 1.077;
                    (d.abs() < half && (x - cx).abs() < 6.0 * m).then_some(paper)
                });
            }
            Defect::Stamp => {
                let (cx, cy) = (origin + symbol * 0.8, origin + symbol * 0.75);
                let r = symbol * 0.3;
                blend(&mut img, |x, y, v| {
                    let d = (x - cx).hypot(y - cy);
                    let ring = (d - r).abs() < 1.2 * m || (d - r * 0.7).abs() < 0.6 * m;
                    let bar = (y - cy).abs() < 0.8 * m && (x - cx).abs() < r * 0.6;
                    if ring || bar {
                        (f32::from(v) * 0.55 + 120.0 * 0.45) as u8
                    } else {
                        v
                    }
                });
            }
            Defect::Blur(sigma) => img = image::imageops::blur(&img, sigma),
        }
    }
    img
}

/// Sets every pixel whose centre `f` gives a value for.
fn paint(img: &mut GrayImage, f: impl Fn(f32, f32) -> Option<u8>) {
    for (x, y, p) in img.enumerate_pixels_mut() {
        if let Some(v) = f(x as f32 + 0.5, y as f32 + 0.5) {
            *p = Luma([v]);
        }
    }
}

/// Replaces every pixel by `f` of its centre and value.
fn blend(img: &mut GrayImage, f: impl Fn(f32, f32, u8) -> u8) {
    for (x, y, p) in img.enumerate_pixels_mut() {
        p.0[0] = f(x as f32 + 0.5, y as f32 + 0.5, p.0[0]);
    }
}
