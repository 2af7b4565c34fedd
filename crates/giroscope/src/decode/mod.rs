//! Pixels → QR codes: every code in an image, with its corners and module grid.
//!
//! Reading walks a ladder of steps ([`ladder::LADDER`]), cheapest first, and stops as soon as
//! every located symbol is read. A large photo is first searched at low resolution and each
//! code found there is read again from the full-resolution image, so a 12 MP photo costs
//! little more than its JPEG decode. A symbol that is located but not read gets the harder
//! steps on its own full-resolution region; the whole picture climbs further only while
//! nothing at all is read. How far the ladder climbs is decided by a work budget counted in
//! pixels processed, never by the clock, so the same bytes give the same reading on any
//! machine; a wall-clock deadline is only a safety net that says when it trips.
//! `decode` never interprets the bytes it reads.

mod binarize;
pub mod engine;
pub mod ladder;
pub mod measure;
pub mod prepare;
pub mod resample;

use image::GrayImage;

pub(crate) use engine::guarded;
pub use engine::{Engine, EnginePanic, Hit, ModuleGrid, Point};
pub use ladder::{Attempt, LADDER, Picture, Reader, Scope, Settled, Step, When};

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
    /// Whether a finder pattern had to be guessed to read it ([`Hit::finder_guessed`]).
    pub finder_guessed: bool,
}

/// What reading an image produced.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    /// The codes read, in reading order (top to bottom, then left to right).
    pub codes: Vec<Found>,
    /// Symbols that were located but could not be read.
    pub unreadable: usize,
    /// Work spent, in the budget's units ([`ReadOptions::budget`]).
    pub work: u64,
    /// Whether the ladder stopped because its next step did not fit in the budget. The same
    /// image always stops at the same step.
    pub budget_spent: bool,
    /// Whether the wall-clock safety net tripped: the reading is incomplete and must not be
    /// reported as if it were.
    pub timed_out: bool,
    /// Whether reading stopped because it was cancelled.
    pub cancelled: bool,
    /// Engine calls that panicked inside their guard (kept off stderr, counted here).
    pub engine_panics: usize,
    /// Every engine call in order: step, work, codes it added, time taken.
    pub trace: Vec<Attempt>,
}

/// How hard to try.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Try every engine at every step, to report which engines read each code.
    pub all_engines: bool,
    /// The most work the ladder may do, in pixels processed weighted by the cost of what is
    /// done to them ([`Step::cost`]).
    pub budget: u64,
    /// The safety net: stop and report a timeout once it passes, however far the ladder is.
    pub deadline: crate::clock::Deadline,
    /// Stop between engine calls once this is cancelled.
    pub cancel: crate::cancel::CancelToken,
}

/// Reads every QR code in `image`.
pub fn read(image: &GrayImage, options: &ReadOptions) -> Reading {
    let mut ladder = ladder::Ladder::new(image, options);
    ladder.climb();
    let mut reading = ladder.finish();
    reading.cancelled = options.cancel.is_cancelled();
    reading.codes.sort_by(|a, b| {
        let (ay, ax) = (centre(&a.corners).1, centre(&a.corners).0);
        let (by, bx) = (centre(&b.corners).1, centre(&b.corners).0);
        (ay / 50.0)
            .floor()
            .total_cmp(&(by / 50.0).floor())
            .then(ax.total_cmp(&bx))
    });
    reading
}

/// Maps a prepared image's coordinates back to the original's.
#[derive(Debug, Clone, Copy)]
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
        corners.map(|p| self.point(p))
    }

    fn point(self, (x, y): Point) -> Point {
        (x * self.scale + self.dx, y * self.scale + self.dy)
    }

    /// This transform after one that scales by `factor` first.
    fn scaled(self, factor: f32) -> Transform {
        Transform {
            scale: self.scale * factor,
            ..self
        }
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
