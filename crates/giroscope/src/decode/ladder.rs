//! The reading ladder as a table: each [`Step`] names what the engine is given (a
//! [`Picture`] of the whole frame or of one located symbol's region), the engine, when it
//! applies, and what it costs. One loop walks [`LADDER`] under the work budget, so a step is
//! added, reordered or measured in one line.
//!
//! The walk: frame steps run in order until every located symbol is read. A symbol that is
//! located but not read (its format information reads, so it is real) gets the region steps
//! on its own full-resolution neighbourhood at once, which costs a fraction of a frame step;
//! frame steps go on only while nothing at all is read. Every step is charged before it
//! runs: when the next one does not fit in the budget, the ladder stops there — on every
//! machine at the same step. Cancellation and the wall-clock safety net are checked before
//! every engine call.

use std::rc::Rc;
use std::time::Duration;

use image::GrayImage;

use crate::clock::Stopwatch;

use super::engine::Sight;
use super::{
    Candidate, Engine, Found, Hit, ModuleGrid, Point, ReadOptions, Reading, Transform, candidate,
    distinct_places, prepare, same_place, span,
};

/// Images above this many pixels are searched at lower resolution first. About 3 MP keeps
/// the 0.5 mm modules of a whole-page phone photo at 2 px or more, the least rxing's finder
/// search needs.
const OVERVIEW_PIXELS: u64 = 3_500_000;

/// Base pictures of at least this many pixels are searched at half their resolution first
/// (a quarter megapixel there, where a code a fifth of the photo wide still has modules of
/// two pixels and more): a code found there with modules of a few pixels is read again at
/// full resolution, and the base picture itself is searched only when that search leaves
/// something to look for. From 1 MP on, that saved a search of the base picture on photos
/// of one large code and cost nothing measurable elsewhere, with the same codes read.
const COARSE_FIRST_PIXELS: u64 = 1_000_000;

/// Modules this small (in pixels of a reduced picture) say that smaller codes could hide
/// from it: the next finer picture is searched too.
const SMALL_MODULE: f32 = 3.0;

/// This many finder-like shapes outside every code read could be corners of a code not
/// located: the next finer picture is searched too.
const STRAY: usize = 2;

/// Where a step looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole picture.
    Frame,
    /// The full-resolution neighbourhood of a located symbol that is not read yet.
    Region,
}

/// What the engine is given, made from the scope's base picture: the frame's working copy
/// (the image, or its overview when it is large) or a region cut from the full image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picture {
    /// The full-resolution image (frame scope only).
    Full,
    /// The base picture as it is.
    Working,
    /// Binarised against a local mean: uneven light and shadows.
    LocalThreshold,
    /// Light and dark swapped: inverted codes.
    Inverted,
    /// Twice the size: tiny modules.
    Upscaled,
    /// Unsharp-masked: blur.
    Sharpened,
    /// Half the size (a box filter): large modules brought within the finder search's
    /// reach, screen moiré and scanlines averaged away.
    Halved,
    /// A quarter of the size: close-ups whose modules are tens of pixels wide.
    Quartered,
    /// Each neighbourhood's grey spread to black and white ([`prepare::stretch`]): faint
    /// prints, grey toner, grey paper.
    Stretched,
    /// The full-resolution image stretched (frame scope only): faint prints whose modules are
    /// too small for the working copy, a whole notice photographed at arm's length.
    FullStretched,
}

impl Picture {
    /// Its size relative to the base picture, in pixels (Full: relative to the image).
    fn area(self) -> f64 {
        match self {
            Picture::Upscaled => 4.0,
            Picture::Halved => 0.25,
            Picture::Quartered => 0.0625,
            _ => 1.0,
        }
    }

    /// Work units per base pixel to make it (0: nothing to make).
    fn making(self) -> u64 {
        match self {
            Picture::Full | Picture::Working => 0,
            Picture::Inverted | Picture::Halved | Picture::Quartered => 1,
            Picture::Stretched | Picture::FullStretched => 2,
            Picture::LocalThreshold => 3,
            Picture::Upscaled => 4,
            Picture::Sharpened => 8,
        }
    }

    /// Whether it is made from the full-resolution image rather than the base picture.
    fn full(self) -> bool {
        matches!(self, Picture::Full | Picture::FullStretched)
    }

    /// Its pixels in the base picture's: scale from its coordinates to the base's.
    fn scale(self) -> f32 {
        match self {
            Picture::Upscaled => 0.5,
            Picture::Halved => 2.0,
            Picture::Quartered => 4.0,
            _ => 1.0,
        }
    }
}

/// When a step applies, by the image's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Always.
    Always,
    /// Only for images searched at overview resolution first.
    Large,
    /// Only for images small enough to be searched at full resolution from the start.
    Small,
    /// Large images of at most four overviews, where a full-resolution search is affordable.
    LargeUpToFourOverviews,
    /// Base pictures of at most half a megapixel: small enough that upscaling them costs
    /// less than one search of a phone photo's overview.
    BaseUpToHalfMp,
    /// Base pictures whose shorter side is at least 1000 pixels (quartered, 250).
    BaseAtLeast1000,
    /// Base pictures searched at half resolution first ([`COARSE_FIRST_PIXELS`]).
    CoarseFirst,
    /// Pictures in which rxing saw some finder-like shapes, but few (the first step's count
    /// when rxing has not searched this picture). rqrr tries every plausible triple of its
    /// own finder candidates and copies the whole picture for each: on a screen's moiré that
    /// is seconds for one call, and it reads nothing there. Where rxing saw not one, rqrr's
    /// candidates were never a code on the public corpora, yet it spent up to 28 ms fitting a
    /// grid to them.
    Quiet,
}

/// The most finder-like shapes rxing may have seen in a picture for rqrr to search it whole
/// ([`When::Quiet`]); the photos rqrr reads whole show at most 6, the one it spent 30 s on 65.
const QUIET: usize = 16;

/// Work charged for each candidate symbol an engine sampled and tried to decode (about 20 µs):
/// a picture full of finder-like shapes costs more than its pixels say.
const PER_SAMPLED: u64 = 20_000;

/// Who reads a step's picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// One of the engines.
    Engine(Engine),
    /// giroscope's own sampler on a located symbol's corners ([`super::resample`]; region
    /// steps only).
    Resample,
    /// rxing, guessing a finder pattern it does not see ([`super::engine::read_guessing`];
    /// frame steps only).
    Guess,
}

impl Reader {
    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Reader::Engine(engine) => engine.name(),
            Reader::Resample => "giroscope",
            Reader::Guess => Engine::Rxing.name(),
        }
    }
}

/// Whether a frame step runs once every located symbol is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// No: the ladder stops.
    Skip,
    /// Only while finder-like shapes that no code read explains remain ([`STRAY`] or more):
    /// a code beside those read whose modules were too large or too small to be read shows
    /// its finder patterns first. Where every shape seen belongs to a code read, this saved
    /// the half and doubled searches of every small photo read at once, which read nothing
    /// on the public corpora.
    IfStrays,
    /// Only there, and only on a picture with several codes read: codes come in groups (a
    /// sheet of labels, a notice with a second code), so smaller ones not yet located may
    /// hide between those read.
    OnlyIfSeveral,
    /// Also there when an earlier, reduced picture showed codes with small modules
    /// ([`SMALL_MODULE`]): smaller ones may have been too small for it.
    UnlessSure,
}

/// One step of the ladder.
#[derive(Debug)]
pub struct Step {
    /// Its name in reports (`Found::step`) and in the corpus runner's tables.
    pub name: &'static str,
    /// Where it looks.
    pub scope: Scope,
    /// What the reader is given.
    pub picture: Picture,
    /// Who reads it.
    pub reader: Reader,
    /// When it applies.
    pub when: When,
    /// Whether it runs once every located symbol is read.
    pub settled: Settled,
}

const fn frame(name: &'static str, picture: Picture, engine: Engine, when: When) -> Step {
    Step {
        name,
        scope: Scope::Frame,
        picture,
        reader: Reader::Engine(engine),
        when,
        settled: Settled::Skip,
    }
}

impl Step {
    /// The step, run also once every located symbol is read (see [`Settled`]).
    const fn settled(self, settled: Settled) -> Step {
        Step { settled, ..self }
    }
}

const fn region(name: &'static str, picture: Picture, engine: Engine) -> Step {
    Step {
        name,
        scope: Scope::Region,
        picture,
        reader: Reader::Engine(engine),
        when: When::Always,
        settled: Settled::Skip,
    }
}

const fn resample(name: &'static str) -> Step {
    Step {
        name,
        scope: Scope::Region,
        picture: Picture::Full,
        reader: Reader::Resample,
        when: When::Always,
        settled: Settled::Skip,
    }
}

use Engine::{Rqrr, Rxing};
use Picture::{
    Full, FullStretched, Halved, Inverted, LocalThreshold, Quartered, Sharpened, Stretched,
    Upscaled, Working,
};
use When::{
    Always, BaseAtLeast1000, BaseUpToHalfMp, CoarseFirst, Large, LargeUpToFourOverviews, Quiet,
    Small,
};

/// The ladder, cheapest and most productive steps first.
pub const LADDER: &[Step] = &[
    // Find every symbol: at overview resolution when the image is large (each code found
    // there is read again at full resolution when its modules are small), else as it is;
    // a large base picture at half its resolution first.
    frame("halved", Halved, Rxing, CoarseFirst),
    frame("overview", Working, Rxing, Large).settled(Settled::UnlessSure),
    frame("plain", Working, Rxing, Small).settled(Settled::UnlessSure),
    // zxing-cpp, when built in, is the strongest single engine on photos.
    #[cfg(feature = "zxing-cpp")]
    frame("zxing-cpp", Full, Engine::ZxingCpp, Always),
    // The pyramid: large modules and screens. The half level also looks for codes no step
    // located once everything located is read; the quarter level (close-ups) only while
    // nothing is.
    frame("halved", Halved, Rxing, Always).settled(Settled::IfStrays),
    frame("quartered", Quartered, Rxing, BaseAtLeast1000),
    frame("full", Full, Rxing, LargeUpToFourOverviews).settled(Settled::OnlyIfSeveral),
    // Small pictures, where a search is cheap: modules of 2-3 pixels found once doubled.
    frame("upscaled", Upscaled, Rxing, BaseUpToHalfMp).settled(Settled::IfStrays),
    // A located symbol not read yet: sampled again from its corners (fitted to its function
    // patterns), then the harder steps on its own region. Not rqrr there: since the fit, it
    // read no code of the public corpora in a region that another step did not, at 1-7 ms a
    // call fitting its grid twice, mostly to symbols that never read.
    resample("resampled"),
    region("region", Working, Rxing),
    region("region-threshold", LocalThreshold, Rxing),
    region("region-halved", Halved, Rxing),
    region("region-sharpened", Sharpened, Rxing),
    region("region-upscaled", Upscaled, Rxing),
    region("region-stretched", Stretched, Rxing),
    // Nothing read yet: the whole picture, harder. (rqrr on the inverted, upscaled and
    // sharpened pictures read no code of the public corpora that another step did not, at
    // five times rxing's cost. Nor did rxing on pictures above half a megapixel upscaled, at
    // a fifth of a climbing photo's time: codes with modules too small for the base picture
    // are located there and read by the region steps, upscaled or sharpened. Nor did rxing on
    // the whole picture sharpened, at about 1 ms on every photo read by nothing: a blurred
    // code it could read is located, and its region is sharpened.)
    frame("local-threshold", LocalThreshold, Rxing, Always),
    // rqrr on the half picture: it reads modules of 4 px and more, and its finder grouping,
    // which copies the picture for every candidate, costs a quarter there.
    // Not rqrr on the whole picture thresholded locally: it read 2 of the photo set's codes
    // (perspective, where zxing-wasm reads as many without them) at 5-9 ms a photo in every
    // photo read by nothing, where rqrr fits its grid twice to a false symbol; without it,
    // half as many photos take over twice zxing-wasm's time in the browser.
    frame("rqrr", Halved, Rqrr, Quiet),
    frame("full", Full, Rxing, LargeUpToFourOverviews),
    frame("inverted", Inverted, Rxing, Always),
    // Faint prints: grey toner, grey paper, a designed grey code. Last, so that they cost
    // nothing where anything else reads.
    frame("stretched", Stretched, Rxing, Always),
    frame(
        "full-stretched",
        FullStretched,
        Rxing,
        LargeUpToFourOverviews,
    ),
    // A finder pattern lost under a spot or a scratch: put where the other two say it is.
    // Half the panel (ZBar, OpenCV's ArUco detector) reads such codes, zxing-cpp does not.
    Step {
        reader: Reader::Guess,
        ..frame("finder-guessed", Working, Rxing, Always)
    },
];

impl Step {
    /// What running it on a base picture of `base` pixels costs, in work units: the engine's
    /// pixels weighted by its cost per pixel, plus making the picture when `made` is false.
    /// Full-resolution steps are charged for the `image` pixels. On this project's 2-core
    /// machine a unit is 0.2–0.6 ns of rxing's or the preparations' work and about 1.2 ns of
    /// rqrr's (the corpus runner's `--steps` table measures it per step).
    pub fn cost(&self, base: u64, image: u64, made: bool) -> u64 {
        let pixels = match self.picture {
            picture if picture.full() => image,
            picture => (base as f64 * picture.area()) as u64,
        };
        let engine = match self.reader {
            Reader::Engine(Engine::Rxing) | Reader::Guess => 3,
            Reader::Engine(Engine::Rqrr) => 15,
            #[cfg(feature = "zxing-cpp")]
            Reader::Engine(Engine::ZxingCpp) => 4,
            // About 60 µs for each grid sampled and read, whatever the picture's size.
            Reader::Resample => return super::resample::ATTEMPTS as u64 * 60_000,
        };
        let making = match (made, self.picture.full()) {
            (true, _) => 0,
            (false, true) => self.picture.making() * image,
            (false, false) => self.picture.making() * base,
        };
        pixels * engine + making
    }

    /// Whether it applies to an image of `image` pixels whose base picture is `base` pixels
    /// with a shorter side of `short`, where rxing saw `busy` finder-like shapes (`None`: not
    /// known yet, when planning which pictures to keep).
    fn applies(&self, image: u64, base: u64, short: u32, busy: Option<usize>) -> bool {
        let large = image > OVERVIEW_PIXELS;
        match self.when {
            When::Always => true,
            When::Large => large,
            When::Small => !large,
            When::LargeUpToFourOverviews => large && image <= 4 * OVERVIEW_PIXELS,
            When::BaseUpToHalfMp => base <= 500_000,
            When::BaseAtLeast1000 => short >= 1000,
            When::CoarseFirst => base >= COARSE_FIRST_PIXELS,
            When::Quiet => busy.is_none_or(|n| (1..=QUIET).contains(&n)),
        }
    }
}

/// One engine call of a reading, for the corpus runner's per-step tables.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// The step.
    pub step: &'static Step,
    /// Work charged for it.
    pub work: u64,
    /// Codes it added.
    pub read: usize,
    /// Finder-like shapes the engine saw ([`super::engine::Sight::finder_patterns`]).
    pub finder_patterns: usize,
    /// Time it took (not part of any report: readings never depend on it).
    pub elapsed: Duration,
}

/// A picture an engine reads: the image itself (never copied) or one made from it.
#[derive(Clone)]
enum Shared<'a> {
    Image(&'a GrayImage),
    Made(Rc<GrayImage>),
}

impl std::ops::Deref for Shared<'_> {
    type Target = GrayImage;

    fn deref(&self) -> &GrayImage {
        match self {
            Shared::Image(image) => image,
            Shared::Made(image) => image,
        }
    }
}

/// Prepared pictures of one base picture, made once each.
struct Pictures<'a> {
    base: Shared<'a>,
    made: Vec<(Picture, Rc<GrayImage>)>,
}

impl<'a> Pictures<'a> {
    fn new(base: Shared<'a>) -> Pictures<'a> {
        Pictures {
            base,
            made: Vec::new(),
        }
    }

    fn is_made(&self, picture: Picture) -> bool {
        picture.making() == 0 || self.made.iter().any(|(p, _)| *p == picture)
    }

    fn get(&mut self, picture: Picture) -> Shared<'a> {
        if let Some((_, image)) = self.made.iter().find(|(p, _)| *p == picture) {
            return Shared::Made(image.clone());
        }
        let base = &*self.base;
        let image = match picture {
            Picture::Full | Picture::Working => return self.base.clone(),
            Picture::LocalThreshold => {
                let window = (base.width().max(base.height()) / 24).clamp(15, 201) | 1;
                prepare::local_threshold(base, window, 4)
            }
            Picture::Inverted => prepare::invert(base),
            Picture::Upscaled => prepare::upscale2(base),
            Picture::Sharpened => prepare::sharpen(base),
            Picture::Halved => prepare::downscale(base, 2),
            Picture::Stretched => prepare::stretch(base),
            // Made by the ladder from the image, never from a base picture.
            Picture::FullStretched => return self.base.clone(),
            // The pyramid's next level, from the one below when it is made.
            Picture::Quartered => match self.made.iter().find(|(p, _)| *p == Picture::Halved) {
                Some((_, halved)) => prepare::downscale(halved, 2),
                None => prepare::downscale(base, 4),
            },
        };
        let image = Rc::new(image);
        self.made.push((picture, image.clone()));
        Shared::Made(image)
    }

    /// Drops the pictures no step in `later` may need: their memory goes to the next picture
    /// made, instead of the process touching fresh pages for it (which costs more than
    /// making many of them).
    fn release(&mut self, later: &mut dyn Iterator<Item = Picture>) {
        let needed: Vec<Picture> = later.collect();
        self.made.retain(|(picture, _)| {
            needed.contains(picture)
                || (*picture == Picture::Halved && needed.contains(&Picture::Quartered))
        });
    }
}

pub(super) struct Ladder<'a> {
    image: &'a GrayImage,
    options: &'a ReadOptions,
    /// The frame's working copy (the overview of a large image) and what is made from it.
    frame: Option<Pictures<'a>>,
    /// From the working copy's pixels to the image's.
    working_scale: f32,
    /// Whether the half-resolution search showed a code with small modules there
    /// ([`SMALL_MODULE`]).
    small_modules: bool,
    /// Finder-like shapes the half-resolution search saw outside every code read then (image
    /// pixels): corners of codes not located, unless a later step reads a code around them.
    strays: Vec<Point>,
    codes: Vec<Found>,
    /// Located symbols that no engine could read yet.
    unread: Vec<Located>,
    /// Places whose region steps have been run.
    treated: Vec<[Point; 4]>,
    /// Corners and sizes the own sampler has tried: the same ones give the same grids, and
    /// its fit is the dearest part of a region's first step.
    resampled: Vec<([Point; 4], usize)>,
    /// Where rxing saw finder-like shapes in the frame so far (image pixels).
    shapes: Vec<Point>,
    /// rxing's search of the working copy, for the guessing step on the same picture.
    working: Option<super::engine::Finders>,
    work: u64,
    budget_spent: bool,
    timed_out: bool,
    engine_panics: usize,
    trace: Vec<Attempt>,
}

impl<'a> Ladder<'a> {
    pub(super) fn new(image: &'a GrayImage, options: &'a ReadOptions) -> Ladder<'a> {
        Ladder {
            image,
            options,
            frame: None,
            working_scale: 1.0,
            small_modules: false,
            strays: Vec::new(),
            codes: Vec::new(),
            unread: Vec::new(),
            treated: Vec::new(),
            resampled: Vec::new(),
            shapes: Vec::new(),
            working: None,
            work: 0,
            budget_spent: false,
            timed_out: false,
            engine_panics: 0,
            trace: Vec::new(),
        }
    }

    pub(super) fn finish(self) -> Reading {
        let unread: Vec<[Point; 4]> = self
            .unread
            .iter()
            .map(|located| located.corners)
            .filter(|corners| !self.codes.iter().any(|c| same_place(&c.corners, corners)))
            .collect();
        Reading {
            unreadable: distinct_places(&unread),
            codes: self.codes,
            work: self.work,
            budget_spent: self.budget_spent,
            timed_out: self.timed_out,
            cancelled: false,
            engine_panics: self.engine_panics,
            trace: self.trace,
        }
    }

    fn image_pixels(&self) -> u64 {
        u64::from(self.image.width()) * u64::from(self.image.height())
    }

    pub(super) fn climb(&mut self) {
        let pixels = self.image_pixels();
        let factor = if pixels > OVERVIEW_PIXELS {
            (pixels as f64 / OVERVIEW_PIXELS as f64).sqrt().ceil() as u32
        } else {
            1
        };
        // Making the working copy is charged like any other preparation.
        if factor > 1 && !self.charge(pixels) {
            return;
        }
        let working = if factor > 1 {
            Shared::Made(Rc::new(prepare::downscale(self.image, factor)))
        } else {
            Shared::Image(self.image)
        };
        let base = u64::from(working.width()) * u64::from(working.height());
        let short = working.width().min(working.height());
        self.frame = Some(Pictures::new(working));
        self.working_scale = factor as f32;
        // Finder-like shapes rxing saw, per picture.
        let mut busy: Vec<(Picture, usize)> = Vec::new();
        // Pictures each engine has searched: a step that a later line repeats for other
        // conditions runs once.
        let mut searched: Vec<(Picture, Engine)> = Vec::new();
        for (index, step) in LADDER.iter().enumerate() {
            if step.scope != Scope::Frame {
                continue;
            }
            if let Some(frame) = self.frame.as_mut() {
                frame.release(
                    &mut LADDER[index..]
                        .iter()
                        .filter(|s| s.scope == Scope::Frame && s.applies(pixels, base, short, None))
                        .map(|s| s.picture),
                );
            }
            // A picture rxing has not searched counts as busy as the working copy (or the
            // first picture searched).
            let seen = [step.picture, Picture::Working]
                .iter()
                .find_map(|wanted| busy.iter().find(|(p, _)| p == wanted))
                .or(busy.first())
                .map(|(_, n)| *n);
            if !step.applies(pixels, base, short, seen) {
                continue;
            }
            if let Reader::Engine(engine) = step.reader
                && searched.contains(&(step.picture, engine))
            {
                continue;
            }
            if self.interrupted() {
                return;
            }
            let settled = self.settled();
            let several = self.codes.len() >= 2;
            match step.settled {
                Settled::Skip if settled => continue,
                Settled::OnlyIfSeveral if !settled || !several => continue,
                Settled::UnlessSure if settled && !self.doubtful() => continue,
                Settled::IfStrays if settled && self.unexplained_shapes() < STRAY => continue,
                _ => {}
            }
            if step.reader == Reader::Engine(Engine::Rqrr) && self.only_treated_symbols() {
                continue;
            }
            let made = self.frame.as_ref().is_some_and(|f| f.is_made(step.picture));
            if !self.charge(step.cost(base, pixels, made)) {
                return;
            }
            let Some(frame) = self.frame.as_mut() else {
                return;
            };
            let picture = match step.picture {
                Picture::Full => None,
                Picture::FullStretched => Some(Shared::Made(Rc::new(prepare::stretch(self.image)))),
                picture => Some(frame.get(picture)),
            };
            let image: &GrayImage = picture.as_deref().unwrap_or(self.image);
            let transform = if step.picture.full() {
                Transform::IDENTITY
            } else {
                Transform::IDENTITY.scaled(self.working_scale * step.picture.scale())
            };
            let before = self.codes.len();
            let started = Stopwatch::start();
            let (engine, sight) = match step.reader {
                Reader::Engine(Engine::Rxing) if step.picture == Picture::Working => {
                    (Engine::Rxing, self.search_working(image))
                }
                Reader::Engine(engine) => (engine, self.call(engine, image)),
                Reader::Guess => (Engine::Rxing, self.guess(image)),
                Reader::Resample => continue,
            };
            searched.push((step.picture, engine));
            let patterns = sight.finder_patterns;
            if engine == Engine::Rxing && !busy.iter().any(|(p, _)| *p == step.picture) {
                busy.push((step.picture, patterns));
            }
            if engine == Engine::Rxing {
                self.shapes
                    .extend(sight.patterns.iter().map(|&p| transform.point(p)));
            }
            self.charge_sampled(sight.sampled);
            for hit in sight.hits {
                self.accept_from_frame(hit, transform, step);
            }
            if step.when == When::CoarseFirst {
                self.strays = sight
                    .patterns
                    .iter()
                    .map(|&p| transform.point(p))
                    .filter(|&p| !self.codes.iter().any(|c| inside(p, &c.corners)))
                    .collect();
            }
            self.note(step, started, before, patterns);
            // Symbols the half-resolution search located, when it leaves doubt, are located
            // again, more precisely, by the working copy's search, where they may simply read:
            // their region steps wait for it. When the doubt is only finder-like shapes, the
            // symbols are first sampled again from their corners: read, they may explain them,
            // and the working copy need not be searched.
            let mut waiting = self.doubtful()
                && step.when == When::CoarseFirst
                && !searched.contains(&(Picture::Working, Engine::Rxing));
            if waiting && !self.small_modules {
                self.resample_pending();
                waiting = self.doubtful();
            }
            if !waiting {
                self.treat_pending();
            }
        }
        // The last frame step may have left something to read.
        if !self.interrupted() {
            self.treat_pending();
        }
    }

    /// Whether a frame search by rqrr would only go over what the region steps treated: they
    /// ran on symbols they could not read, and every finder-like shape rxing saw in the frame
    /// lies in one of those symbols or in a code read. rqrr reads no code where rxing saw no
    /// shape ([`When::Quiet`]); on the photo set, these searches read nothing in 7 photos and
    /// cost 43 ms, fitting grids to the symbols no step could read.
    fn only_treated_symbols(&self) -> bool {
        if self.options.all_engines {
            return false;
        }
        let failed: Vec<&[Point; 4]> = self
            .treated
            .iter()
            .filter(|t| !self.codes.iter().any(|c| same_place(&c.corners, t)))
            .collect();
        !failed.is_empty()
            && self.shapes.iter().all(|&p| {
                failed.iter().any(|t| inside(p, t))
                    || self.codes.iter().any(|c| inside(p, &c.corners))
            })
    }

    /// Whether the half-resolution search leaves doubt that smaller or unlocated codes hide
    /// from it: it read codes with small modules, or saw finder-like shapes that no code read
    /// so far explains.
    fn doubtful(&self) -> bool {
        self.small_modules
            || self
                .strays
                .iter()
                .filter(|&&p| !self.codes.iter().any(|c| inside(p, &c.corners)))
                .count()
                >= STRAY
    }

    /// Finder-like shapes rxing saw in the frame so far that lie in no code read.
    fn unexplained_shapes(&self) -> usize {
        self.shapes
            .iter()
            .filter(|&&p| !self.codes.iter().any(|c| inside(p, &c.corners)))
            .count()
    }

    /// Whether every located symbol is read, and something is (and not every engine is
    /// asked for).
    fn settled(&self) -> bool {
        if self.options.all_engines || self.codes.is_empty() {
            return false;
        }
        self.unread.iter().all(|Located { corners, .. }| {
            self.codes.iter().any(|c| same_place(&c.corners, corners))
                || self.treated.iter().any(|t| same_place(t, corners))
        })
    }

    /// Cancelled, or the safety net tripped (which is recorded).
    fn interrupted(&mut self) -> bool {
        if self.options.cancel.is_cancelled() {
            return true;
        }
        if self.options.deadline.has_passed() {
            self.timed_out = true;
        }
        self.timed_out
    }

    /// Charges `cost` to the budget; false (and the budget marked spent) when it does not fit.
    fn charge(&mut self, cost: u64) -> bool {
        if self.work + cost > self.options.budget {
            self.budget_spent = true;
            return false;
        }
        self.work += cost;
        true
    }

    /// Charges the candidates an engine call sampled, after the fact: the next step is then
    /// less likely to fit.
    fn charge_sampled(&mut self, sampled: usize) {
        self.work += sampled as u64 * PER_SAMPLED;
    }

    fn guess(&mut self, image: &GrayImage) -> Sight {
        super::engine::read_guessing(image, self.working.as_ref()).unwrap_or_else(
            |super::EnginePanic| {
                self.engine_panics += 1;
                Sight::default()
            },
        )
    }

    /// rxing on the working copy, keeping what it found for the guessing step.
    fn search_working(&mut self, image: &GrayImage) -> Sight {
        match super::engine::read_rxing_keeping(image) {
            Ok((sight, finders)) => {
                self.working = finders;
                sight
            }
            Err(super::EnginePanic) => {
                self.engine_panics += 1;
                Sight::default()
            }
        }
    }

    fn call(&mut self, engine: Engine, image: &GrayImage) -> Sight {
        match engine.read(image) {
            Ok(sight) => sight,
            Err(super::EnginePanic) => {
                self.engine_panics += 1;
                tracing::debug!(engine = engine.name(), "engine panicked inside its guard");
                Sight::default()
            }
        }
    }

    fn note(&mut self, step: &'static Step, started: Stopwatch, before: usize, patterns: usize) {
        let work = self.work - self.trace.iter().map(|a| a.work).sum::<u64>();
        self.trace.push(Attempt {
            step,
            work,
            read: self.codes.len() - before,
            finder_patterns: patterns,
            elapsed: started.elapsed(),
        });
    }

    /// A hit from a frame step. One from a reduced picture is read again at full resolution,
    /// where corners and module grid are exact; a located symbol not read is left for the
    /// region steps.
    fn accept_from_frame(&mut self, hit: Hit, transform: Transform, step: &'static Step) {
        if step.when == When::CoarseFirst && hit.grid.is_some() && module_px(&hit) < SMALL_MODULE {
            self.small_modules = true;
        }
        let judged = match &hit.bytes {
            Some(_) => None,
            None => Some(candidate(&hit)),
        };
        match judged {
            Some(Candidate::Spurious) => return,
            Some(Candidate::Damaged) => {
                self.unread.push(Located::of(&hit, transform));
                return;
            }
            _ => {}
        }
        // A code already read there only gains an engine.
        let corners = transform.apply(hit.corners);
        if let Some(bytes) = hit.bytes.as_ref()
            && let Some(known) = self
                .codes
                .iter_mut()
                .find(|c| &c.bytes == bytes && same_place(&c.corners, &corners))
        {
            if !known.engines.contains(&hit.engine) {
                known.engines.push(hit.engine);
            }
            return;
        }
        // Modules of 4 pixels or more in the reduced picture are sampled well enough there.
        let fine = module_px(&hit) >= 4.0;
        if transform.scale <= 1.0 || fine || !self.refine(transform.apply(hit.corners), step) {
            self.accept(hit, transform, step);
        }
    }

    /// Reads the full-resolution region around `corners` with rxing; whether a code was read
    /// there.
    fn refine(&mut self, corners: [Point; 4], step: &'static Step) -> bool {
        // A page of sixty codes refines sixty regions within one step.
        if self.interrupted() {
            return false;
        }
        let (region, offset) = self.region(corners);
        if !self.charge(4 * u64::from(region.width()) * u64::from(region.height())) {
            return false;
        }
        let before = self.codes.len();
        for hit in self.call(Engine::Rxing, &region).hits {
            if hit.bytes.is_some() || matches!(candidate(&hit), Candidate::Decodes(_)) {
                self.accept(hit, offset, step);
            }
        }
        self.codes.len() > before || self.codes.iter().any(|c| same_place(&c.corners, &corners))
    }

    /// Samples every located symbol not read yet again from its corners, the first and
    /// cheapest region step, without taking it as treated: the region steps may still follow.
    fn resample_pending(&mut self) {
        let Some(step) = LADDER.iter().find(|s| s.reader == Reader::Resample) else {
            return;
        };
        for located in self.unread.clone() {
            if self
                .codes
                .iter()
                .any(|c| same_place(&c.corners, &located.corners))
            {
                continue;
            }
            if self.interrupted() || !self.charge(step.cost(0, 0, true)) {
                return;
            }
            self.resample(step, located.corners, located.size);
        }
    }

    /// The own sampler on one located symbol, unless it has tried these corners already.
    fn resample(&mut self, step: &'static Step, corners: [Point; 4], size: usize) {
        if self.resampled.contains(&(corners, size)) {
            return;
        }
        self.resampled.push((corners, size));
        let (before, started) = (self.codes.len(), Stopwatch::start());
        if let Some(hit) = super::resample::resample(self.image, corners, size) {
            self.accept(hit, Transform::IDENTITY, step);
        }
        self.note(step, started, before, 0);
    }

    /// Runs the region steps on every located symbol that is neither read nor treated yet,
    /// those located in the finest picture first (their corners are the most precise).
    fn treat_pending(&mut self) {
        self.unread.sort_by(|a, b| a.scale.total_cmp(&b.scale));
        let mut index = 0;
        while index < self.unread.len() {
            let Located {
                corners,
                module,
                size,
                ..
            } = self.unread[index];
            index += 1;
            let known = |places: &[[Point; 4]]| places.iter().any(|p| same_place(p, &corners));
            if self.codes.iter().any(|c| same_place(&c.corners, &corners)) || known(&self.treated) {
                continue;
            }
            self.treated.push(corners);
            // Cut at full resolution, shrunk so that modules are about 5 pixels: large
            // modules defeat the finder search as small ones do.
            let (region, offset) = self.region(corners);
            let shrink = (module / 5.0).floor().clamp(1.0, 8.0) as u32;
            let (region, offset) = if shrink > 1 {
                (
                    prepare::downscale(&region, shrink),
                    offset.scaled(shrink as f32),
                )
            } else {
                (region, offset)
            };
            let base = u64::from(region.width()) * u64::from(region.height());
            let mut pictures = Pictures::new(Shared::Made(Rc::new(region)));
            for step in LADDER.iter().filter(|s| s.scope == Scope::Region) {
                if self.interrupted() {
                    return;
                }
                if self.codes.iter().any(|c| same_place(&c.corners, &corners))
                    && !self.options.all_engines
                {
                    break;
                }
                let Reader::Engine(engine) = step.reader else {
                    if !self.resampled.contains(&(corners, size)) {
                        if !self.charge(step.cost(base, base, true)) {
                            return;
                        }
                        self.resample(step, corners, size);
                    }
                    continue;
                };
                let made = pictures.is_made(step.picture);
                if !self.charge(step.cost(base, base, made)) {
                    return;
                }
                let before = self.codes.len();
                let started = Stopwatch::start();
                let image = pictures.get(step.picture);
                let transform = offset.scaled(step.picture.scale());
                let sight = self.call(engine, &image);
                let patterns = sight.finder_patterns;
                self.charge_sampled(sight.sampled);
                for hit in sight.hits {
                    let judged = match &hit.bytes {
                        Some(_) => None,
                        None => Some(candidate(&hit)),
                    };
                    match judged {
                        None | Some(Candidate::Decodes(_)) => self.accept(hit, transform, step),
                        Some(Candidate::Damaged | Candidate::Spurious) => {}
                    }
                }
                self.note(step, started, before, patterns);
            }
        }
    }

    fn accept(&mut self, hit: Hit, transform: Transform, step: &'static Step) {
        let corners = transform.apply(hit.corners);
        // Our own reader only for what the engine could not decode.
        let bytes = match hit.bytes.clone() {
            Some(bytes) => bytes,
            None => match candidate(&hit) {
                Candidate::Decodes(bytes) => bytes,
                Candidate::Damaged => {
                    self.unread.push(Located::of(&hit, transform));
                    return;
                }
                Candidate::Spurious => return,
            },
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
            step: step.name,
            finder_guessed: hit.finder_guessed,
        });
    }

    /// Reads the region around `corners` with rxing, as is and inverted, for a symbol holding
    /// `bytes`; returns its grid and corners in original pixels.
    fn grid_at(&mut self, corners: [Point; 4], bytes: &[u8]) -> Option<(ModuleGrid, [Point; 4])> {
        let (region, offset) = self.region(corners);
        for image in [region.clone(), prepare::invert(&region)] {
            if !self.charge(5 * u64::from(image.width()) * u64::from(image.height())) {
                return None;
            }
            let found = self
                .call(Engine::Rxing, &image)
                .hits
                .into_iter()
                .find_map(|hit| {
                    let same = hit.bytes.as_deref() == Some(bytes);
                    same.then(|| hit.grid.map(|grid| (grid, offset.apply(hit.corners))))
                        .flatten()
                });
            if found.is_some() {
                return found;
            }
        }
        None
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

/// A located symbol not read yet.
#[derive(Debug, Clone, Copy)]
struct Located {
    /// Corners in original pixels.
    corners: [Point; 4],
    /// Module size in original pixels.
    module: f32,
    /// Modules a side, as the engine sampled it.
    size: usize,
    /// The scale of the picture it was located in (1: the image).
    scale: f32,
}

impl Located {
    fn of(hit: &Hit, transform: Transform) -> Located {
        Located {
            corners: transform.apply(hit.corners),
            module: module_px(hit) * transform.scale,
            size: hit.grid.as_ref().map_or(0, |g| g.size),
            scale: transform.scale,
        }
    }
}

/// The mean module size of a hit in its picture's pixels (0 without a grid).
fn module_px(hit: &Hit) -> f32 {
    let Some(grid) = &hit.grid else {
        return 0.0;
    };
    let c = &hit.corners;
    let side = |a: Point, b: Point| (a.0 - b.0).hypot(a.1 - b.1);
    (side(c[0], c[1]) + side(c[1], c[2]) + side(c[2], c[3]) + side(c[3], c[0]))
        / 4.0
        / grid.size.max(1) as f32
}

/// Whether `p` lies inside the quadrilateral `corners` (in order around it), grown by a tenth
/// about its centre for the corners' imprecision.
fn inside(p: Point, corners: &[Point; 4]) -> bool {
    let c = super::centre(corners);
    let grown = corners.map(|(x, y)| (c.0 + (x - c.0) * 1.1, c.1 + (y - c.1) * 1.1));
    let side = |a: Point, b: Point| (b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0);
    let signs = [0, 1, 2, 3].map(|i| side(grown[i], grown[(i + 1) % 4]) >= 0.0);
    signs.iter().all(|&s| s) || signs.iter().all(|&s| !s)
}
