//! Shutting down: first draining (no new connections, `/readyz` says so, checks in flight may
//! finish), then, after the grace period, cancelling whatever still runs, so the process ends
//! promptly however long a check would have taken.

use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::watch;

/// The server's phase, shared by the handlers.
pub struct Lifecycle {
    draining: AtomicBool,
    cancel: watch::Sender<bool>,
}

impl Lifecycle {
    /// Serving.
    pub fn new() -> Lifecycle {
        Lifecycle {
            draining: AtomicBool::new(false),
            cancel: watch::Sender::new(false),
        }
    }

    /// Shutting down: readiness fails from now on.
    pub fn drain(&self) {
        self.draining.store(true, Ordering::Relaxed);
    }

    /// Whether the server is shutting down.
    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::Relaxed)
    }

    /// The grace period is over: every request still in flight stops.
    pub fn cancel_all(&self) {
        self.drain();
        self.cancel.send_replace(true);
    }

    /// Resolves once [`Lifecycle::cancel_all`] was called.
    pub async fn cancelled(&self) {
        let mut receiver = self.cancel.subscribe();
        // The sender lives as long as `self`, so waiting cannot fail.
        let _ = receiver.wait_for(|cancelled| *cancelled).await;
    }
}
