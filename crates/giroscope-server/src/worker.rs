//! Running one check. Payload text is checked at once (microseconds); an image or PDF waits
//! for a worker and runs on the blocking pool with a cancellation token that is cancelled
//! when the answer is no longer wanted:
//!
//! - the request timed out: the handler answers 504 at once;
//! - the server shuts down past its grace period: the handler answers 503;
//! - the client disconnected: hyper drops the handler's future (it notices the closed
//!   connection while the check runs), and dropping [`Running`] cancels.
//!
//! The library checks the token between PDF pages and reading steps, so the check stops
//! within one step, and its worker is free the moment it has stopped: the permit lives on
//! the blocking thread. How long that took is measured for every cancelled check
//! (`giroscope_cancel_stop_seconds`).

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::body::Bytes;

use super::AppState;
use super::admission::Ticket;
use super::error::ApiError;
use super::metrics::Metrics;
use giroscope::i18n::Lang;
use giroscope::input::{Input, sniff};
use giroscope::{CancelToken, Error, Verified};

/// When and why a check was cancelled.
type Cancellation = Arc<OnceLock<(Instant, &'static str)>>;

/// A check on a worker; cancels it when dropped before it was done.
struct Running {
    token: CancelToken,
    cancellation: Cancellation,
    reason: &'static str,
    done: bool,
    metrics: Arc<Metrics>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if !self.done && self.cancellation.set((Instant::now(), self.reason)).is_ok() {
            self.token.cancel();
            self.metrics.cancelled(self.reason);
        }
    }
}

/// Checks `bytes`, to be done by `deadline`.
pub async fn run(
    state: &AppState,
    ticket: &Ticket,
    bytes: Bytes,
    lang: Lang,
    deadline: tokio::time::Instant,
) -> Result<Verified, ApiError> {
    let options = state.config.options.clone();
    let kind = match sniff(&bytes, &options.limits) {
        Ok(Input::Image(..)) => "image",
        Ok(Input::Pdf(_)) => "pdf",
        // Text, and inputs refused by their first bytes, need no worker.
        Ok(Input::Text(_)) | Err(_) => {
            let started = Instant::now();
            let outcome = giroscope::verify(&bytes, &options);
            let seconds = started.elapsed().as_secs_f64();
            state
                .metrics
                .checked("text", outcome_label(&outcome), seconds);
            return outcome.map_err(|error| library_error(state, &error, lang));
        }
        // `Input` is non-exhaustive: a kind the library learns later is isolated like an image.
        Ok(_) => "image",
    };
    let queue_deadline = deadline.min(tokio::time::Instant::now() + state.config.queue_wait);
    let worker = state
        .admission
        .worker(ticket, queue_deadline)
        .await
        .map_err(|refusal| {
            state.metrics.refused(refusal.reason());
            refusal.answer().in_lang(lang)
        })?;
    let token = CancelToken::new();
    let cancellation = Cancellation::default();
    let mut running = Running {
        token: token.clone(),
        cancellation: cancellation.clone(),
        reason: "disconnect",
        done: false,
        metrics: state.metrics.clone(),
    };
    let metrics = state.metrics.clone();
    let mut handle = tokio::task::spawn_blocking(move || {
        // The worker is free when the check has stopped, not before.
        let started = Instant::now();
        let outcome = worker.run(|| giroscope::verify_cancellable(&bytes, &options, &token));
        drop(worker);
        metrics.checked(
            kind,
            outcome_label(&outcome),
            started.elapsed().as_secs_f64(),
        );
        if let Some((at, reason)) = cancellation.get() {
            let stopped = at.elapsed();
            metrics.stopped(reason, stopped.as_secs_f64());
            tracing::info!(
                reason,
                kind,
                stopped_ms = stopped.as_millis(),
                "check cancelled"
            );
        }
        outcome
    });
    tokio::select! {
        joined = &mut handle => {
            running.done = true;
            let outcome = joined.map_err(|_| ApiError::internal())?;
            outcome.map_err(|error| library_error(state, &error, lang))
        }
        () = tokio::time::sleep_until(deadline) => {
            running.reason = "timeout";
            Err(ApiError::timeout().in_lang(lang))
        }
        () = state.lifecycle.cancelled() => {
            running.reason = "shutdown";
            Err(ApiError::shutting_down().in_lang(lang))
        }
    }
}

fn outcome_label(outcome: &Result<Verified, Error>) -> &'static str {
    match outcome {
        Ok(_) => "ok",
        Err(Error::Cancelled) => "cancelled",
        Err(_) => "error",
    }
}

/// The library's error as an answer; its limits count as refusals.
fn library_error(state: &AppState, error: &Error, lang: Lang) -> ApiError {
    match error {
        Error::TooLarge { .. } => state.metrics.refused("input_too_large"),
        Error::TooManyPixels { .. } | Error::TooManyPdfPixels { .. } => {
            state.metrics.refused("too_many_pixels");
        }
        Error::TooManyPages { .. } => state.metrics.refused("too_many_pages"),
        _ => {}
    }
    ApiError::from_library(error, lang)
}
