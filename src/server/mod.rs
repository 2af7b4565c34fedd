//! `giroscope serve`: the JSON API and the citizens' page, over the same library.
//!
//! Routes: `GET /` (the page, with `/app.js` and `/style.css`), `POST /check` (the page's form
//! without JavaScript, answered with an HTML report), `POST /api/v1/check` (multipart `file` or
//! `payload`, or a raw body → the CLI's JSON report), `GET /api/v1/rules`, `GET /openapi.json`,
//! `GET /healthz`. The server is stateless: uploads live in memory for the request only, and
//! logs carry outcomes and timings, never content.

mod assets;
pub mod error;
mod handlers;
mod lang;
pub mod operator;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use tokio::sync::Semaphore;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::Options;

/// The OpenAPI description of the routes, kept in sync with the router by a test.
pub const OPENAPI: &str = include_str!("openapi.json");

/// Server settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// What `verify` may use per request (pixels, pages, reading time, dpi).
    pub options: Options,
    /// The largest request body. Default 20 MB: a phone photo or a short PDF.
    pub max_body_bytes: usize,
    /// Image and PDF checks running at once; more get 503 with Retry-After at once. Payload
    /// text takes microseconds and needs no worker. Default: one per core.
    pub workers: usize,
    /// The longest a request may take before a 504. Default 30 s.
    pub request_timeout: Duration,
    /// Check requests received at once; more get 503 with Retry-After before their body is
    /// read. Bodies are held in memory, so this bounds upload memory at
    /// `max_uploads × max_body_bytes`. Default 8 (160 MB at the default body limit).
    pub max_uploads: usize,
    /// Who runs the service: name and legal pages for every page's footer.
    pub operator: operator::Operator,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            options: Options::default(),
            max_body_bytes: 20 * 1024 * 1024,
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            request_timeout: Duration::from_secs(30),
            max_uploads: 8,
            operator: operator::Operator::default(),
        }
    }
}

/// Shared by the handlers.
#[derive(Clone)]
struct AppState {
    config: Arc<Config>,
    options: Options,
    permits: Arc<Semaphore>,
    uploads: Arc<Semaphore>,
    site: Arc<assets::Site>,
}

/// The application: routes and layers, ready to serve or to test with `oneshot`.
pub fn app(config: Config) -> Router {
    let state = AppState {
        options: config.options.clone(),
        permits: Arc::new(Semaphore::new(config.workers.max(1))),
        uploads: Arc::new(Semaphore::new(config.max_uploads.max(1))),
        site: Arc::new(assets::Site::new(&config.operator, config.max_body_bytes)),
        config: Arc::new(config),
    };
    let limit = state.config.max_body_bytes;
    let site = state.site.clone();
    let timeout = state.config.request_timeout;
    Router::new()
        .route("/", get(handlers::index))
        .route("/app.js", get(handlers::script))
        .route("/style.css", get(handlers::style))
        .route("/healthz", get(handlers::health))
        .route("/openapi.json", get(handlers::openapi))
        .route("/api/v1/rules", get(handlers::rules))
        .route("/api/v1/check", post(handlers::check_json))
        .route("/check", post(handlers::check_html))
        .with_state(state)
        .layer(DefaultBodyLimit::max(limit))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::GATEWAY_TIMEOUT,
            timeout,
        ))
        .layer(RequestBodyLimitLayer::new(limit))
        .layer(axum::middleware::from_fn_with_state(site, error::unify))
        .layer(CatchPanicLayer::custom(error::panic_response))
        // One line per request: method, path, status, latency. Never bodies or headers.
        .layer(
            TraceLayer::new_for_http()
                .on_request(())
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
}

/// Serves `app` on `listener` until SIGTERM or Ctrl-C, then finishes the requests in flight.
///
/// # Errors
/// When serving fails.
pub async fn serve(listener: tokio::net::TcpListener, config: Config) -> std::io::Result<()> {
    axum::serve(listener, app(config))
        .with_graceful_shutdown(shutdown())
        .await
}

async fn shutdown() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
