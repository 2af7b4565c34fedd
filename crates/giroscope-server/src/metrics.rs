//! `GET /metrics`: Prometheus text format, from the `prometheus` crate, one registry per app.
//!
//! Requests by route (the router's pattern, so unknown paths cannot grow the label set) and
//! status; check durations by input kind and outcome; workers busy, checks waiting, uploads in
//! flight; refusals by reason; cancellations by reason, and how long a cancelled check took to
//! stop (the goal is under 100 ms). Nothing about content.

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};

use super::AppState;

/// The server's metrics.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    checks: HistogramVec,
    refusals: IntCounterVec,
    cancellations: IntCounterVec,
    stop: HistogramVec,
    workers: IntGauge,
    workers_busy: IntGauge,
    waiting: IntGauge,
    uploads: IntGauge,
    draining: IntGauge,
    resident: IntGauge,
}

fn counter(registry: &Registry, name: &str, help: &str, labels: &[&str]) -> IntCounterVec {
    let counter = IntCounterVec::new(Opts::new(name, help), labels).expect("valid metric");
    registry
        .register(Box::new(counter.clone()))
        .expect("registered once");
    counter
}

fn gauge(registry: &Registry, name: &str, help: &str) -> IntGauge {
    let gauge = IntGauge::new(name, help).expect("valid metric");
    registry
        .register(Box::new(gauge.clone()))
        .expect("registered once");
    gauge
}

fn histogram(
    registry: &Registry,
    name: &str,
    help: &str,
    labels: &[&str],
    buckets: &[f64],
) -> HistogramVec {
    let histogram = HistogramVec::new(
        HistogramOpts::new(name, help).buckets(buckets.to_vec()),
        labels,
    )
    .expect("valid metric");
    registry
        .register(Box::new(histogram.clone()))
        .expect("registered once");
    histogram
}

impl Metrics {
    /// A fresh registry with every metric at zero.
    pub fn new() -> Metrics {
        // The names and labels are constants, so registering cannot fail.
        let registry = Registry::new();
        Metrics {
            requests: counter(
                &registry,
                "giroscope_http_requests_total",
                "HTTP requests answered, by route pattern and status",
                &["route", "status"],
            ),
            checks: histogram(
                &registry,
                "giroscope_check_duration_seconds",
                "Time spent checking one input (after its body arrived), by kind and outcome",
                &["kind", "outcome"],
                &[
                    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
                ],
            ),
            refusals: counter(
                &registry,
                "giroscope_rejections_total",
                "Check requests refused without a report, by reason",
                &["reason"],
            ),
            cancellations: counter(
                &registry,
                "giroscope_cancellations_total",
                "Checks cancelled before they were done, by reason (timeout, disconnect, shutdown)",
                &["reason"],
            ),
            stop: histogram(
                &registry,
                "giroscope_cancel_stop_seconds",
                "Time from cancelling a running check until its worker was free again",
                &["reason"],
                &[0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0],
            ),
            workers: gauge(
                &registry,
                "giroscope_workers",
                "Workers (checks that may run at once)",
            ),
            workers_busy: gauge(
                &registry,
                "giroscope_workers_busy",
                "Workers running a check",
            ),
            waiting: gauge(
                &registry,
                "giroscope_checks_waiting",
                "Checks waiting for a worker",
            ),
            uploads: gauge(
                &registry,
                "giroscope_uploads_in_flight",
                "Check requests in flight (receiving, waiting or running)",
            ),
            draining: gauge(
                &registry,
                "giroscope_draining",
                "1 once the server is shutting down",
            ),
            resident: gauge(
                &registry,
                "process_resident_memory_bytes",
                "Resident memory of the server process (Linux)",
            ),
            registry,
        }
    }

    /// Counts a refused request.
    pub fn refused(&self, reason: &str) {
        self.refusals.with_label_values(&[reason]).inc();
    }

    /// Counts a cancelled check.
    pub fn cancelled(&self, reason: &str) {
        self.cancellations.with_label_values(&[reason]).inc();
    }

    /// Records how long a cancelled check took to stop.
    pub fn stopped(&self, reason: &str, seconds: f64) {
        self.stop.with_label_values(&[reason]).observe(seconds);
    }

    /// Records a check's duration.
    pub fn checked(&self, kind: &str, outcome: &str, seconds: f64) {
        self.checks
            .with_label_values(&[kind, outcome])
            .observe(seconds);
    }
}

/// Counts every answer by route pattern and status.
pub async fn count(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let response = next.run(request).await;
    state
        .metrics
        .requests
        .with_label_values(&[route.as_str(), response.status().as_str()])
        .inc();
    response
}

/// `GET /metrics`.
pub async fn render(State(state): State<AppState>) -> Response {
    let metrics = &state.metrics;
    let admission = &state.admission;
    metrics.workers.set(admission.workers() as i64);
    metrics.workers_busy.set(admission.busy_workers() as i64);
    metrics.waiting.set(admission.waiting() as i64);
    metrics.uploads.set(admission.uploads() as i64);
    metrics
        .draining
        .set(i64::from(state.lifecycle.is_draining()));
    if let Some(bytes) = resident_bytes() {
        metrics.resident.set(bytes);
    }
    let mut out = Vec::new();
    if TextEncoder::new()
        .encode(&metrics.registry.gather(), &mut out)
        .is_err()
    {
        return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}

/// VmRSS from /proc/self/status, where there is one.
fn resident_bytes() -> Option<i64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: i64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}
