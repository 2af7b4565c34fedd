//! Stopping a check whose answer is no longer wanted: its request timed out, its client went
//! away, or the server is shutting down. The token is checked between PDF pages and between
//! the reading ladder's steps, so a check ends within one step of being cancelled.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A flag shared between whoever wants a check done and the check itself. Clones share the
/// flag; cancelling any clone cancels them all.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A token that is not cancelled.
    pub fn new() -> CancelToken {
        CancelToken::default()
    }

    /// Asks every holder of this token to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether the work was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Cancels the token when dropped, unless disarmed: a request handler holds one, so the check
/// it started stops when the handler's future is dropped (timeout, disconnect, shutdown).
#[derive(Debug)]
pub struct CancelOnDrop(Option<CancelToken>);

impl CancelOnDrop {
    /// Guards `token`.
    pub fn new(token: CancelToken) -> CancelOnDrop {
        CancelOnDrop(Some(token))
    }

    /// The work finished: dropping no longer cancels.
    pub fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(token) = &self.0 {
            token.cancel();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_flag() {
        let token = CancelToken::new();
        let clone = token.clone();
        assert!(!clone.is_cancelled());
        token.cancel();
        assert!(clone.is_cancelled());
    }

    #[test]
    fn dropping_the_guard_cancels_unless_disarmed() {
        let token = CancelToken::new();
        drop(CancelOnDrop::new(token.clone()));
        assert!(token.is_cancelled());
        let token = CancelToken::new();
        CancelOnDrop::new(token.clone()).disarm();
        assert!(!token.is_cancelled());
    }
}
