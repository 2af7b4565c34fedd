//! `giroscope serve`: the JSON API and the citizens' page, over the giroscope library.
//!
//! Routes: `GET /` (the page, which checks on the device) and `GET /{file}` (the files beside
//! it: script, style, worker, service worker, manifest, icons, the browser module), `POST /check` (the page's form
//! without JavaScript, answered with an HTML report), `POST /api/v1/check` (multipart `file` or
//! `payload`, or a raw body → the CLI's JSON report), `GET /api/v1/rules`, `GET /openapi.json`,
//! `GET /healthz` (alive), `GET /readyz` (worth sending a check to), `GET /metrics`
//! (Prometheus). The server is stateless: uploads live in memory for the request only, and
//! logs carry outcomes and timings, never content.
//!
//! Nothing outlives its answer: a check is cancelled when its request times out, its client
//! disconnects or the server shuts down (`worker`), and its worker is free once the check
//! has stopped (within one reading step). One client cannot take every upload slot or worker
//! (`admission`), nor hold a slot by sending its body slowly (`body`). Request heads are
//! read before hyper sees them (`head`), so a head too large is answered in JSON too.

#![deny(missing_docs)]
// The server logs through `tracing`; it never prints.
#![warn(clippy::print_stdout, clippy::print_stderr)]

mod admission;
pub mod assets;
mod body;
mod cache;
pub mod error;
mod handlers;
pub mod head;
mod lang;
mod lifecycle;
mod metrics;
pub mod operator;
mod worker;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit};
use axum::routing::{get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use giroscope::{Limits, Options};

/// The OpenAPI description of the routes, kept in sync with the router by a test.
pub const OPENAPI: &str = include_str!("openapi.json");

/// Server settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// What `verify` may use per request. Default: the library's limits, with budgets fit for
    /// a public page: [`Config::MAX_PAGES`] pages and [`Config::MAX_PDF_PIXELS`] rendered
    /// pixels per PDF.
    pub options: Options,
    /// The largest request body. Default 20 MB: a phone photo or a short PDF.
    pub max_body_bytes: usize,
    /// Image and PDF checks running at once. Payload text takes microseconds and needs no
    /// worker. Default: one per core.
    pub workers: usize,
    /// How long an image or PDF waits for a worker (in arrival order) before it gets 503 with
    /// Retry-After. Default 2 s.
    pub queue_wait: Duration,
    /// The longest a check may take once its body has arrived, waiting included, before a
    /// 504; the check is cancelled then. Default 30 s.
    pub request_timeout: Duration,
    /// Check requests in flight at once (their bodies are held in memory, so this bounds
    /// upload memory at `max_uploads × max_body_bytes`); more get 503 with Retry-After before
    /// their body is read. Default 8 (160 MB at the default body limit).
    pub max_uploads: usize,
    /// Check requests one client may have in flight; more get 429. A client also runs at most
    /// half the workers (at least one) at once. Default 2: a quarter of the upload slots, so
    /// three busy clients still leave room for a fourth.
    pub max_per_client: usize,
    /// Take the client's address from the last `X-Forwarded-For` entry. Only behind a proxy
    /// that appends the address it saw (and that clients cannot bypass). Default off.
    pub trust_forwarded_for: bool,
    /// A request body may take this long, plus one second per `min_body_rate` bytes, before
    /// it is cut off with 408. Default 10 s.
    pub body_timeout: Duration,
    /// The rate, in bytes per second, a body must keep up after `body_timeout`. Default
    /// 50 KB/s: a 10 KB/s trickle is cut off after 12.5 s.
    pub min_body_rate: u64,
    /// On shutdown, how long to go on serving while `/readyz` already fails, so load
    /// balancers stop sending new requests before the listener closes. Default 0 (Ctrl-C
    /// means now); behind a load balancer a few seconds.
    pub shutdown_delay: Duration,
    /// On shutdown, how long checks in flight may still finish once the listener is closed,
    /// before they are cancelled. Default 5 s: longer than any image's reading time.
    pub shutdown_grace: Duration,
    /// Who runs the service: name and legal pages for every page's footer.
    pub operator: operator::Operator,
    /// The text of the payee list in `options.payees`, which the page hands the browser
    /// module with every check on the device.
    pub payee_list: Option<String>,
}

impl Config {
    /// Pages one PDF may have on the server by default.
    pub const MAX_PAGES: u64 = 50;
    /// Pixels one PDF's drawn pages may need on the server by default: 50 A4 pages at 300 dpi.
    pub const MAX_PDF_PIXELS: u64 = 450_000_000;

    /// The library's limits with the server's budgets.
    pub fn limits() -> Limits {
        Limits {
            max_pages: Config::MAX_PAGES,
            max_pdf_pixels: Config::MAX_PDF_PIXELS,
            ..Limits::default()
        }
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            options: Options {
                limits: Config::limits(),
                ..Options::default()
            },
            max_body_bytes: 20 * 1024 * 1024,
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            queue_wait: Duration::from_secs(2),
            request_timeout: Duration::from_secs(30),
            max_uploads: 8,
            max_per_client: 2,
            trust_forwarded_for: false,
            body_timeout: Duration::from_secs(10),
            min_body_rate: 50_000,
            shutdown_delay: Duration::ZERO,
            shutdown_grace: Duration::from_secs(5),
            operator: operator::Operator::default(),
            payee_list: None,
        }
    }
}

/// Shared by the handlers.
#[derive(Clone)]
struct AppState {
    config: Arc<Config>,
    admission: Arc<admission::Admission>,
    metrics: Arc<metrics::Metrics>,
    lifecycle: Arc<lifecycle::Lifecycle>,
    site: Arc<assets::Site>,
}

/// The application: routes and layers, ready to serve or to test with `oneshot`.
pub fn app(config: Config) -> Router {
    router(state(config))
}

fn state(config: Config) -> AppState {
    AppState {
        admission: Arc::new(admission::Admission::new(
            config.max_uploads,
            config.workers,
            config.max_per_client,
        )),
        metrics: Arc::new(metrics::Metrics::new()),
        lifecycle: Arc::new(lifecycle::Lifecycle::new()),
        site: Arc::new(assets::Site::new(
            &config.operator,
            config.payee_list.as_deref(),
            config.max_body_bytes,
            assets::Mode::Server,
        )),
        config: Arc::new(config),
    }
}

fn router(state: AppState) -> Router {
    let limit = state.config.max_body_bytes;
    Router::new()
        .route("/", get(handlers::index))
        .route("/{file}", get(handlers::file))
        .route("/healthz", get(handlers::health))
        .route("/readyz", get(handlers::ready))
        .route("/metrics", get(metrics::render))
        .route("/openapi.json", get(handlers::openapi))
        .route("/api/v1/rules", get(handlers::rules))
        .route("/api/v1/check", post(handlers::check_json))
        .route("/check", post(handlers::check_html))
        .layer(DefaultBodyLimit::max(limit))
        .layer(RequestBodyLimitLayer::new(limit))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error::unify,
        ))
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::count,
        ))
        .with_state(state)
        // One line per request: method, path, status, latency. Never bodies or headers.
        .layer(
            TraceLayer::new_for_http()
                .on_request(())
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        // gzip or br as the client asks; tower-http leaves tiny bodies and images alone.
        .layer(CompressionLayer::new().gzip(true).br(true))
}

/// Serves on `listener` until SIGTERM or Ctrl-C, then shuts down (see [`serve_until`]).
///
/// # Errors
/// When serving fails.
pub async fn serve(listener: tokio::net::TcpListener, config: Config) -> std::io::Result<()> {
    serve_until(listener, config, signal()).await
}

/// Serves on `listener` until `shutdown` resolves. Then `/readyz` fails at once; after
/// `shutdown_delay` it accepts no more connections; checks in flight may finish within
/// `shutdown_grace`, after which they are cancelled and answered 503. It returns at most a
/// second after that, even with connections still open (a slow upload, say): the caller then
/// drops the runtime.
///
/// # Errors
/// When serving fails.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let state = state(config);
    let lifecycle = state.lifecycle.clone();
    let (delay, grace) = (state.config.shutdown_delay, state.config.shutdown_grace);
    let (drain, drained) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(head::Listener(listener), WithPeer(router(state)))
        .with_graceful_shutdown(async move {
            let _ = drained.await;
        })
        .into_future();
    tokio::pin!(server);
    tokio::select! {
        result = &mut server => return result,
        () = shutdown => {}
    }
    tracing::info!(
        delay_s = delay.as_secs_f32(),
        grace_s = grace.as_secs_f32(),
        "shutting down"
    );
    lifecycle.drain();
    tokio::select! {
        result = &mut server => return result,
        () = tokio::time::sleep(delay) => {}
    }
    let _ = drain.send(());
    tokio::select! {
        result = &mut server => return result,
        () = tokio::time::sleep(grace) => {}
    }
    tracing::info!("grace period over: cancelling the checks still running");
    lifecycle.cancel_all();
    tokio::select! {
        result = &mut server => result,
        () = tokio::time::sleep(Duration::from_secs(1)) => {
            tracing::info!("connections still open after the grace period: closing them");
            Ok(())
        }
    }
}

/// The router for one connection, with the client's address as `ConnectInfo`, as
/// `into_make_service_with_connect_info` gives it on a plain listener.
#[derive(Clone)]
struct WithPeer(Router);

impl tower::Service<axum::serve::IncomingStream<'_, head::Listener>> for WithPeer {
    type Response = axum::middleware::AddExtension<Router, ConnectInfo<SocketAddr>>;
    type Error = std::convert::Infallible;
    type Future = std::future::Ready<Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, stream: axum::serve::IncomingStream<'_, head::Listener>) -> Self::Future {
        let peer = axum::Extension(ConnectInfo(*stream.remote_addr()));
        std::future::ready(Ok(tower::Layer::layer(&peer, self.0.clone())))
    }
}

async fn signal() {
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
}
