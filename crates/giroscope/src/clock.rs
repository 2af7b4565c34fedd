//! The wall clock, for the safety net and for timings only: how far reading goes is decided by
//! counted work ([`Limits::max_read_work`](crate::Limits::max_read_work)), never by the clock,
//! so the same bytes give the same report on any machine.
//!
//! On wasm32-unknown-unknown the standard library has no clock (`Instant::now` panics there):
//! a [`Deadline`] never passes and a [`Stopwatch`] reads zero. The work budget still bounds
//! every reading; a host that wants a wall-clock limit there cancels the check through its
//! [`CancelToken`](crate::CancelToken).

use std::time::{Duration, Instant};

/// Whether this target's standard library can tell the time.
const HAS_CLOCK: bool = !cfg!(all(target_arch = "wasm32", target_os = "unknown"));

/// Now, where there is a clock.
fn now() -> Option<Instant> {
    HAS_CLOCK.then(Instant::now)
}

/// When a reading gives up, however far it got: the wall-clock safety net, reported as
/// `INPUT-TIMEOUT` (or a page's timeout) when it trips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline(Option<Instant>);

impl Deadline {
    /// A deadline that never passes.
    pub const NEVER: Deadline = Deadline(None);

    /// `limit` from now; [`Deadline::NEVER`] where there is no clock, or when `limit` is
    /// beyond what the clock can count.
    pub fn after(limit: Duration) -> Deadline {
        Deadline(now().and_then(|now| now.checked_add(limit)))
    }

    /// Whether the deadline has passed.
    pub fn has_passed(self) -> bool {
        match (self.0, now()) {
            (Some(at), Some(now)) => now >= at,
            _ => false,
        }
    }

    /// The time left, zero once it has passed; `None` for a deadline that never passes.
    pub fn remaining(self) -> Option<Duration> {
        Some(self.0?.saturating_duration_since(now()?))
    }
}

/// Measures how long something took, for traces and logs; zero where there is no clock.
#[derive(Debug, Clone, Copy)]
pub struct Stopwatch(Option<Instant>);

impl Stopwatch {
    /// Starts measuring.
    pub fn start() -> Stopwatch {
        Stopwatch(now())
    }

    /// The time since [`Stopwatch::start`].
    pub fn elapsed(self) -> Duration {
        self.0.map_or(Duration::ZERO, |started| started.elapsed())
    }
}
