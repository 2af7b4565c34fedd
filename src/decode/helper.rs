//! A second core for one reading, when the machine has one to spare.
//!
//! While nothing is read yet, the ladder's next frame step runs whenever the current one
//! reads nothing, so a helper thread runs it ahead, on the same picture with the same engine.
//! The ladder still walks its table in order and decides, charges and accepts every step as
//! it would alone: it takes the helper's sight for a step instead of calling the engine, and
//! drops sights of steps it does not run. The reading is the same with or without a helper,
//! on any machine; only the time differs.
//!
//! A ladder gets a helper only while fewer reading threads run in the process than it has
//! cores ([`Permit`]): in a busy server or a print run every core already reads a picture of
//! its own, and one client's photo must not take a core from another's. The helpers are a
//! few threads started once and kept ([`pool`]): starting a thread per photo costs more here
//! than many of the steps it would run.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use image::GrayImage;

use super::engine::Sight;
use super::{Engine, EnginePanic, Picture, prepare};

/// Reading threads running now in this process (ladders and their helpers).
static READING: AtomicUsize = AtomicUsize::new(0);

fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// One reading thread counted in [`READING`] while it lives.
pub(super) struct Permit(());

impl Permit {
    /// The ladder's own thread: always counted, never refused.
    pub(super) fn reader() -> Permit {
        READING.fetch_add(1, Ordering::SeqCst);
        Permit(())
    }

    /// A helper's: only while a core is left over.
    fn spare() -> Option<Permit> {
        READING
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < cores()).then_some(n + 1)
            })
            .ok()
            .map(|_| Permit(()))
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        READING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The pictures made from one base picture, shared by the ladder and its helper: each made
/// once, by whichever thread needs it first, while the other waits for it. (What a step is
/// charged for making a picture is the ladder's own bookkeeping, not this cache's.)
pub(super) struct Cache {
    base: Arc<GrayImage>,
    made: Mutex<Vec<(Picture, Slot)>>,
}

type Slot = Arc<OnceLock<Arc<GrayImage>>>;

impl Cache {
    pub(super) fn new(base: Arc<GrayImage>) -> Cache {
        Cache {
            base,
            made: Mutex::new(Vec::new()),
        }
    }

    fn made(&self) -> MutexGuard<'_, Vec<(Picture, Slot)>> {
        // A panic while the lock is held cannot leave the list half-changed.
        self.made
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The picture, made now unless it is.
    pub(super) fn get(&self, picture: Picture) -> Arc<GrayImage> {
        if matches!(picture, Picture::Full | Picture::Working) {
            return self.base.clone();
        }
        let slot = {
            let mut made = self.made();
            match made.iter().find(|(p, _)| *p == picture) {
                Some((_, slot)) => slot.clone(),
                None => {
                    let slot = Slot::default();
                    made.push((picture, slot.clone()));
                    slot
                }
            }
        };
        slot.get_or_init(|| Arc::new(self.make(picture))).clone()
    }

    fn make(&self, picture: Picture) -> GrayImage {
        let base = &*self.base;
        match picture {
            Picture::Full | Picture::Working => base.clone(),
            Picture::LocalThreshold => {
                let window = (base.width().max(base.height()) / 24).clamp(15, 201) | 1;
                prepare::local_threshold(base, window, 4)
            }
            Picture::Inverted => prepare::invert(base),
            Picture::Upscaled => prepare::upscale2(base),
            Picture::Sharpened => prepare::sharpen(base),
            Picture::Halved => prepare::downscale(base, 2),
            // The pyramid's next level, from the one below.
            Picture::Quartered => prepare::downscale(&self.get(Picture::Halved), 2),
        }
    }

    /// Drops every picture `keep` says no: memory goes back before the next one is made.
    pub(super) fn retain(&self, keep: impl Fn(Picture) -> bool) {
        self.made().retain(|(picture, _)| keep(*picture));
    }
}

/// A frame step to run ahead: its index in the ladder, its picture and its engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Job {
    pub(super) step: usize,
    pub(super) picture: Picture,
    pub(super) engine: Engine,
    /// Its cost in work units, making the picture included ([`super::Step::cost`]).
    pub(super) cost: u64,
}

/// A step's sight as it was run ahead, and how long its picture and engine call took.
pub(super) struct Ahead {
    pub(super) sight: Result<Sight, EnginePanic>,
    pub(super) elapsed: Duration,
}

#[derive(Default)]
struct State {
    /// Steps to run ahead, in ladder order; either thread takes the first.
    queue: Vec<Job>,
    /// Steps being run now.
    claimed: Vec<Job>,
    /// Steps run and not taken yet.
    done: Vec<(usize, Ahead)>,
    /// The ladder is done: nothing more is run for it.
    closed: bool,
    /// The helper's core, given back as soon as no helper works for this ladder.
    permit: Option<Permit>,
}

/// One ladder's steps to run ahead.
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    cache: Arc<Cache>,
    whole: Arc<GrayImage>,
    cancel: crate::cancel::CancelToken,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while the lock is held cannot leave the lists half-changed.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn run(&self, job: Job) -> Ahead {
        let started = Instant::now();
        let image = match job.picture {
            Picture::Full => self.whole.clone(),
            picture => self.cache.get(picture),
        };
        let sight = job
            .engine
            .read(&image, job.picture == Picture::LocalThreshold);
        Ahead {
            sight,
            elapsed: started.elapsed(),
        }
    }

    /// Runs `job`, claimed from the queue, and files its sight.
    fn run_claimed(&self, job: Job) {
        let ahead = self.run(job);
        let mut state = self.state();
        state.claimed.retain(|claimed| claimed.step != job.step);
        if state.closed {
            if state.claimed.is_empty() {
                state.permit = None;
            }
            return;
        }
        state.done.push((job.step, ahead));
        drop(state);
        self.changed.notify_all();
    }

    /// Takes the first queued step, if any, marking it claimed.
    fn claim(&self) -> Option<Job> {
        let mut state = self.state();
        if state.closed || state.queue.is_empty() || self.cancel.is_cancelled() {
            return None;
        }
        let job = state.queue.remove(0);
        state.claimed.push(job);
        Some(job)
    }
}

/// The helper threads and the ladders that have steps for them.
struct Pool {
    ladders: Mutex<Vec<Arc<Shared>>>,
    wake: Condvar,
}

impl Pool {
    fn ladders(&self) -> MutexGuard<'_, Vec<Arc<Shared>>> {
        self.ladders
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn work(&self) {
        loop {
            let (shared, job) = {
                let mut ladders = self.ladders();
                loop {
                    if let Some(found) = ladders
                        .iter()
                        .find_map(|shared| shared.claim().map(|job| (shared.clone(), job)))
                    {
                        break found;
                    }
                    ladders = self
                        .wake
                        .wait(ladders)
                        .unwrap_or_else(|poisoned| poisoned.into_inner());
                }
            };
            shared.run_claimed(job);
        }
    }
}

/// Starts the process's helper threads now rather than on first use, so that the first
/// photo does not wait for them: a front end calls it before it loads anything.
pub fn start_helpers() {
    pool();
}

/// The process's helper threads, one fewer than its cores, started on first use; None when
/// there is no core to spare or no thread could be started.
fn pool() -> Option<&'static Pool> {
    static POOL: OnceLock<Option<&'static Pool>> = OnceLock::new();
    *POOL.get_or_init(|| {
        let helpers = cores().saturating_sub(1);
        if helpers == 0 {
            return None;
        }
        let pool: &'static Pool = Box::leak(Box::new(Pool {
            ladders: Mutex::new(Vec::new()),
            wake: Condvar::new(),
        }));
        let started = (0..helpers)
            .filter(|_| {
                std::thread::Builder::new()
                    .name("giroscope-helper".into())
                    .spawn(|| pool.work())
                    .is_ok()
            })
            .count();
        (started > 0).then_some(pool)
    })
}

/// The frame steps of one ladder that may be run ahead, shared by the ladder's thread and a
/// helper thread on a spare core.
pub(super) struct Lanes {
    shared: Arc<Shared>,
    pool: &'static Pool,
}

impl Lanes {
    /// Lanes for the frame `cache` (and the `whole` image for full-resolution steps), if a
    /// core is spare; None if not.
    pub(super) fn start(
        cache: Arc<Cache>,
        whole: Arc<GrayImage>,
        cancel: crate::cancel::CancelToken,
    ) -> Option<Lanes> {
        let pool = pool()?;
        let permit = Permit::spare()?;
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                permit: Some(permit),
                ..State::default()
            }),
            changed: Condvar::new(),
            cache,
            whole,
            cancel,
        });
        pool.ladders().push(shared.clone());
        Some(Lanes { shared, pool })
    }

    /// The steps to run ahead from now on, replacing those not started; sights of steps
    /// before `current` are dropped.
    pub(super) fn plan(&self, current: usize, jobs: Vec<Job>) {
        let mut state = self.shared.state();
        state.done.retain(|(step, _)| *step >= current);
        let State { claimed, done, .. } = &*state;
        let queue: Vec<Job> = jobs
            .into_iter()
            .filter(|job| {
                !claimed.iter().any(|claimed| claimed.step == job.step)
                    && !done.iter().any(|(step, _)| *step == job.step)
            })
            .collect();
        let wanted = !queue.is_empty();
        state.queue = queue;
        drop(state);
        if wanted {
            // Under the pool's lock, so that a helper between looking and waiting hears it.
            let _ladders = self.pool.ladders();
            self.pool.wake.notify_all();
        }
    }

    /// Step `step`'s sight if it was run ahead or is being run (then waiting for it, and
    /// meanwhile running queued steps here); None when the ladder must run it itself.
    pub(super) fn take(&self, step: usize) -> Option<Ahead> {
        let mut state = self.shared.state();
        loop {
            if let Some(at) = state.done.iter().position(|(s, _)| *s == step) {
                return Some(state.done.remove(at).1);
            }
            let Some(waited) = state.claimed.iter().find(|job| job.step == step) else {
                state.queue.retain(|job| job.step != step);
                return None;
            };
            // While waiting, run a queued step here, but none costlier than the one waited
            // for: if that one reads a code, the queued ones are not needed after all.
            let waited = waited.cost;
            let Some(at) = state.queue.iter().position(|job| job.cost <= waited) else {
                state = self
                    .shared
                    .changed
                    .wait(state)
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                continue;
            };
            let job = state.queue.remove(at);
            state.claimed.push(job);
            drop(state);
            let ahead = self.shared.run(job);
            state = self.shared.state();
            state.claimed.retain(|claimed| claimed.step != job.step);
            state.done.push((job.step, ahead));
        }
    }
}

impl Drop for Lanes {
    fn drop(&mut self) {
        let mut state = self.shared.state();
        state.closed = true;
        state.queue.clear();
        if state.claimed.is_empty() {
            state.permit = None;
        }
        drop(state);
        self.pool
            .ladders()
            .retain(|shared| !Arc::ptr_eq(shared, &self.shared));
    }
}
