//! The HTTP check handlers with a fuzzed multipart body. A 500 is a panic caught by the server,
//! so it fails the target like a crash.
#![no_main]

#[path = "limits.rs"]
mod limits;

use std::sync::LazyLock;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use giroscope_server::{self as server, Config};
use http_body_util::BodyExt;
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
});

static APP: LazyLock<Router> = LazyLock::new(|| {
    server::app(Config {
        options: limits::options(),
        max_body_bytes: 1 << 20,
        workers: 1,
        request_timeout: Duration::from_secs(10),
        max_uploads: 8,
        ..Config::default()
    })
});

fuzz_target!(|data: &[u8]| {
    // The first byte picks the route; the rest is the body under a fixed boundary.
    let Some((&first, body)) = data.split_first() else {
        return;
    };
    let uri = if first & 1 == 0 {
        "/api/v1/check"
    } else {
        "/check"
    };
    let request = Request::post(uri)
        .header("content-type", "multipart/form-data; boundary=X")
        .body(Body::from(body.to_vec()))
        .unwrap();
    RUNTIME.block_on(async {
        let response = APP.clone().oneshot(request).await.unwrap();
        let status = response.status();
        assert_ne!(status, StatusCode::INTERNAL_SERVER_ERROR);
        let content_type = response.headers().get("content-type").cloned();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        if uri == "/api/v1/check" {
            assert!(
                content_type.is_some_and(|t| t.as_bytes().starts_with(b"application/json")),
                "{status}"
            );
            serde_json::from_slice::<serde_json::Value>(&bytes).unwrap();
        }
    });
});
