//! Pixels → QR codes: every code in an image, with its corners and module grid.
//!
//! Reading climbs a ladder of steps, cheapest first, and stops as soon as every candidate it
//! has seen is read (or the time budget is spent). A large photo is first searched at low
//! resolution; each candidate is then cut out of the full-resolution image and read there, so
//! a 12 MP photo costs little more than its JPEG decode. Harder steps follow only when needed:
//! full resolution, a local-mean threshold (uneven light), inversion, upscaling (tiny modules)
//! and sharpening (blur). `decode` never interprets the bytes it reads.

pub mod engine;
pub mod measure;
pub mod prepare;

use std::time::Instant;

use image::GrayImage;

pub use engine::{Engine, Hit, ModuleGrid, Point};

/// Images above this many pixels are searched at lower resolution first. About 3 MP keeps
/// the 0.5 mm modules of a whole-page phone photo at 2 px or more, the least rxing's finder
/// search needs.
const OVERVIEW_PIXELS: u64 = 3_500_000;

/// One QR code read from an image.
#[derive(Debug, Clone)]
pub struct Found {
    /// The bytes the code holds.
    pub bytes: Vec<u8>,
    /// Corners in the original image's pixels: top-left, top-right, bottom-right, bottom-left
    /// in the symbol's own orientation.
    pub corners: [Point; 4],
    /// The module grid as sampled where the code was read.
    pub grid: Option<ModuleGrid>,
    /// Every engine that read it (all of them only when asked to try all engines).
    pub engines: Vec<&'static str>,
    /// The ladder step that first read it.
    pub step: &'static str,
}

/// What reading an image produced.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    /// The codes read, in reading order (top to bottom, then left to right).
    pub codes: Vec<Found>,
    /// Symbols that were located but could not be read.
    pub unreadable: usize,
    /// Whether the time budget ran out before the ladder was done.
    pub timed_out: bool,
    /// Whether reading stopped because it was cancelled.
    pub cancelled: bool,
}

/// How hard to try.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Try every engine at every step, to report which engines read each code.
    pub all_engines: bool,
    /// Give up trying harder steps after this instant.
    pub deadline: Instant,
    /// Stop between steps once this is cancelled.
    pub cancel: crate::cancel::CancelToken,
}

/// Reads every QR code in `image`.
pub fn read(image: &GrayImage, options: ReadOptions) -> Reading {
    let mut ladder = Ladder {
        image,
        options,
        codes: Vec::new(),
        unread: Vec::new(),
        timed_out: false,
    };
    ladder.climb();
    let cancelled = ladder.options.cancel.is_cancelled();
    let mut codes = ladder.codes;
    codes.sort_by(|a, b| {
        let (ay, ax) = (centre(&a.corners).1, centre(&a.corners).0);
        let (by, bx) = (centre(&b.corners).1, centre(&b.corners).0);
        (ay / 50.0)
            .floor()
            .total_cmp(&(by / 50.0).floor())
            .then(ax.total_cmp(&bx))
    });
    let unread: Vec<[Point; 4]> = ladder
        .unread
        .into_iter()
        .filter(|corners| !codes.iter().any(|code| same_place(&code.corners, corners)))
        .collect();
    Reading {
        unreadable: distinct_places(&unread),
        codes,
        timed_out: ladder.timed_out,
        cancelled,
    }
}

/// Maps a prepared image's coordinates back to the original's.
#[derive(Clone, Copy)]
struct Transform {
    scale: f32,
    dx: f32,
    dy: f32,
}

impl Transform {
    const IDENTITY: Transform = Transform {
        scale: 1.0,
        dx: 0.0,
        dy: 0.0,
    };

    fn apply(self, corners: [Point; 4]) -> [Point; 4] {
        corners.map(|(x, y)| (x * self.scale + self.dx, y * self.scale + self.dy))
    }
}

struct Ladder<'a> {
    image: &'a GrayImage,
    options: ReadOptions,
    codes: Vec<Found>,
    /// Corners (original pixels) of located symbols that no engine could read yet.
    unread: Vec<[Point; 4]>,
    timed_out: bool,
}

impl Ladder<'_> {
    fn climb(&mut self) {
        let image = self.image;
        let pixels = u64::from(image.width()) * u64::from(image.height());
        let all = self.options.all_engines;
        let big = pixels > OVERVIEW_PIXELS;
        let factor = if big {
            (pixels as f64 / OVERVIEW_PIXELS as f64).sqrt().ceil() as u32
        } else {
            1
        };
        // Large images are worked on at overview resolution; harder steps use the same copy.
        let working = if big {
            prepare::downscale(image, factor)
        } else {
            image.clone()
        };
        let working_scale = Transform {
            scale: factor as f32,
            ..Transform::IDENTITY
        };

        // 1. Find candidates; read each from the full-resolution image when it was scaled down.
        if big {
            for hit in Engine::Rxing.read(&working) {
                if hit.bytes.is_none() && candidate(&hit) == Candidate::Spurious {
                    continue;
                }
                let corners = working_scale.apply(hit.corners);
                if !self.read_region(corners, "overview") {
                    self.accept(hit, working_scale, "overview");
                }
            }
        } else {
            self.step("plain", Engine::Rxing, image, Transform::IDENTITY);
        }
        if self.done() {
            return;
        }
        // zxing-cpp, when built in, is the strongest single engine on photos.
        #[cfg(feature = "zxing-cpp")]
        {
            self.step("zxing-cpp", Engine::ZxingCpp, image, Transform::IDENTITY);
            if self.done() {
                return;
            }
        }
        // 2. The full image, when the overview may have missed small codes.
        if big && pixels <= 4 * OVERVIEW_PIXELS {
            self.step("full", Engine::Rxing, image, Transform::IDENTITY);
            if self.done() {
                return;
            }
        }
        self.step("rqrr", Engine::Rqrr, &working, working_scale);
        if self.done() {
            return;
        }
        // 3. Local-mean threshold against uneven light.
        let window = (working.width().max(working.height()) / 24).clamp(15, 201) | 1;
        let binary = prepare::local_threshold(&working, window, 4);
        self.step("local-threshold", Engine::Rxing, &binary, working_scale);
        self.record(
            engine::read_rqrr_binary(&binary),
            working_scale,
            "local-threshold",
        );
        if self.done() {
            return;
        }
        // 4. Inverted codes.
        let inverted = prepare::invert(&working);
        self.step("inverted", Engine::Rxing, &inverted, working_scale);
        self.step("inverted", Engine::Rqrr, &inverted, working_scale);
        if self.done() {
            return;
        }
        // 5. Tiny modules: upscale small images.
        if u64::from(working.width()) * u64::from(working.height()) <= 4_000_000 {
            let upscaled = prepare::upscale2(&working);
            let half = Transform {
                scale: working_scale.scale / 2.0,
                ..Transform::IDENTITY
            };
            self.step("upscaled", Engine::Rxing, &upscaled, half);
            self.step("upscaled", Engine::Rqrr, &upscaled, half);
            if self.done() {
                return;
            }
        }
        // 6. Blur.
        let sharpened = prepare::sharpen(&working);
        self.step("sharpened", Engine::Rxing, &sharpened, working_scale);
        self.step("sharpened", Engine::Rqrr, &sharpened, working_scale);
        if !all {
            self.done();
        }
    }

    /// Whether to stop climbing: every located symbol is read (and not asked for all engines),
    /// or time is up.
    fn done(&mut self) -> bool {
        if self.options.cancel.is_cancelled() {
            return true;
        }
        if Instant::now() >= self.options.deadline {
            self.timed_out = true;
            return true;
        }
        if self.options.all_engines {
            return false;
        }
        let pending = self.unread.iter().any(|corners| {
            !self
                .codes
                .iter()
                .any(|code| same_place(&code.corners, corners))
        });
        !self.codes.is_empty() && !pending
    }

    fn step(
        &mut self,
        name: &'static str,
        engine: Engine,
        image: &GrayImage,
        transform: Transform,
    ) {
        if self.options.cancel.is_cancelled() {
            return;
        }
        if Instant::now() >= self.options.deadline {
            self.timed_out = true;
            return;
        }
        let hits = engine.read(image);
        self.record(hits, transform, name);
    }

    fn record(&mut self, hits: Vec<Hit>, transform: Transform, step: &'static str) {
        for hit in hits {
            self.accept(hit, transform, step);
        }
    }

    /// Cuts the region around `corners` (original pixels) out of the full image, with room for
    /// the quiet zone, and reads it there. Returns whether a code was read.
    fn read_region(&mut self, corners: [Point; 4], step: &'static str) -> bool {
        let (region, offset) = self.region(corners);
        let before = self.codes.len();
        let hits = Engine::Rxing.read(&region);
        let read = hits.iter().any(|hit| hit.bytes.is_some());
        self.record(hits, offset, step);
        if !read {
            self.record(Engine::Rqrr.read(&region), offset, step);
        }
        self.codes.len() > before || self.codes.iter().any(|c| same_place(&c.corners, &corners))
    }

    fn accept(&mut self, hit: Hit, transform: Transform, step: &'static str) {
        let corners = transform.apply(hit.corners);
        let bytes = match (hit.bytes.clone(), candidate(&hit)) {
            (Some(bytes), _) => bytes,
            (None, Candidate::Decodes(bytes)) => bytes,
            (None, Candidate::Damaged) => {
                self.unread.push(corners);
                return;
            }
            (None, Candidate::Spurious) => return,
        };
        if let Some(known) = self
            .codes
            .iter_mut()
            .find(|code| code.bytes == bytes && same_place(&code.corners, &corners))
        {
            if !known.engines.contains(&hit.engine) {
                known.engines.push(hit.engine);
            }
            return;
        }
        // An engine without a module grid (zxing-cpp) leaves the symbol facts unknown: sample
        // the region again with one that has one, inverted too.
        let (grid, corners) = match hit.grid {
            Some(grid) => (Some(grid), corners),
            None => self
                .grid_at(corners, &bytes)
                .map_or((None, corners), |(g, c)| (Some(g), c)),
        };
        self.codes.push(Found {
            bytes,
            corners,
            grid,
            engines: vec![hit.engine],
            step,
        });
    }

    /// Reads the region around `corners` with rxing, as is and inverted, for a symbol holding
    /// `bytes`; returns its grid and corners in original pixels.
    fn grid_at(&self, corners: [Point; 4], bytes: &[u8]) -> Option<(ModuleGrid, [Point; 4])> {
        let (region, offset) = self.region(corners);
        [region.clone(), prepare::invert(&region)]
            .iter()
            .find_map(|image| {
                Engine::Rxing.read(image).into_iter().find_map(|hit| {
                    let same = hit.bytes.as_deref() == Some(bytes);
                    same.then(|| hit.grid.map(|grid| (grid, offset.apply(hit.corners))))
                        .flatten()
                })
            })
    }

    /// The region around `corners` (original pixels) with room for the quiet zone, and the
    /// transform from its pixels back to the original's.
    fn region(&self, corners: [Point; 4]) -> (GrayImage, Transform) {
        let (min_x, max_x) = span(corners.iter().map(|c| c.0));
        let (min_y, max_y) = span(corners.iter().map(|c| c.1));
        let margin = ((max_x - min_x).max(max_y - min_y) * 0.25).max(16.0);
        let x0 = (min_x - margin).max(0.0) as u32;
        let y0 = (min_y - margin).max(0.0) as u32;
        let x1 = (max_x + margin).max(0.0) as u32;
        let y1 = (max_y + margin).max(0.0) as u32;
        let region = prepare::crop(self.image, x0, y0, x1, y1);
        (
            region,
            Transform {
                scale: 1.0,
                dx: x0 as f32,
                dy: y0 as f32,
            },
        )
    }
}

/// What an engine's undecoded detection is, judged by giroscope's own symbol reader.
#[derive(Debug, PartialEq, Eq)]
enum Candidate {
    /// Our reader decodes the grid the engine could not.
    Decodes(Vec<u8>),
    /// A real QR symbol (its format information reads) that is too damaged to decode.
    Damaged,
    /// Three finder-like shapes that are no symbol: text and table borders in photos.
    Spurious,
}

fn candidate(hit: &Hit) -> Candidate {
    use crate::symbol::{self, ReadError};
    let Some(grid) = hit
        .grid
        .as_ref()
        .and_then(|g| symbol::Grid::new(g.size, g.modules.clone()))
    else {
        return Candidate::Spurious;
    };
    match symbol::read(&grid) {
        Ok(symbol) => Candidate::Decodes(symbol.bytes),
        Err(ReadError::ReedSolomon { .. } | ReadError::Segments(_) | ReadError::VersionInfo)
            if symbol::has_format_info(&grid) =>
        {
            Candidate::Damaged
        }
        Err(_) => Candidate::Spurious,
    }
}

fn span(values: impl Iterator<Item = f32>) -> (f32, f32) {
    values.fold((f32::MAX, f32::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)))
}

fn centre(corners: &[Point; 4]) -> Point {
    let (sx, sy) = corners
        .iter()
        .fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x, sy + y));
    (sx / 4.0, sy / 4.0)
}

/// Two detections are the same symbol when their centres are closer than a third of the
/// smaller one's side.
fn same_place(a: &[Point; 4], b: &[Point; 4]) -> bool {
    let side = |c: &[Point; 4]| ((c[1].0 - c[0].0).hypot(c[1].1 - c[0].1)).max(1.0);
    let (ca, cb) = (centre(a), centre(b));
    (ca.0 - cb.0).hypot(ca.1 - cb.1) < side(a).min(side(b)) / 3.0
}

/// Counts distinct places among detections (several steps locate the same symbol).
fn distinct_places(places: &[[Point; 4]]) -> usize {
    let mut distinct: Vec<&[Point; 4]> = Vec::new();
    for corners in places {
        if !distinct.iter().any(|d| same_place(d, corners)) {
            distinct.push(corners);
        }
    }
    distinct.len()
}
