use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use giroscope_server::{Config, app};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::util::{draw, png, sample, white, with_lines};

async fn send(
    config: Config,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = app(config)
        .oneshot(request)
        .await
        .expect("the service answers");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    (status, headers, body)
}

fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(body)))
}

fn multipart(fields: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "giroscope-test-boundary";
    let mut body = Vec::new();
    for (name, file_name, bytes) in fields {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file_name {
            Some(file) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn post(uri: &str, content_type: &str, body: Vec<u8>) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .expect("request")
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).expect("request")
}

#[tokio::test]
async fn static_routes() {
    let (status, headers, body) = send(Config::default(), get("/healthz")).await;
    assert_eq!(
        (status, json(&body)["status"].as_str()),
        (StatusCode::OK, Some("ok"))
    );
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    let (status, _, body) = send(Config::default(), get("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        String::from_utf8_lossy(&body).contains("action=\"check?lang=de\""),
        "the page works without JavaScript"
    );
    for (path, kind) in [
        ("/app.js", "text/javascript"),
        ("/style.css", "text/css"),
        ("/worker.js", "text/javascript"),
        ("/sw.js", "text/javascript"),
        ("/giroscope_core_bg.wasm", "application/wasm"),
        ("/manifest.webmanifest", "application/manifest+json"),
        ("/icon-512.png", "image/png"),
        ("/openapi.json", "application/json"),
    ] {
        let (status, headers, _) = send(Config::default(), get(path)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(
            headers[header::CONTENT_TYPE]
                .to_str()
                .expect("ascii")
                .starts_with(kind),
            "{path}"
        );
    }
    let (status, _, body) = send(Config::default(), get("/api/v1/rules?lang=en")).await;
    assert_eq!(status, StatusCode::OK);
    let rules = json(&body);
    assert_eq!(
        rules.as_array().map(Vec::len),
        Some(giroscope::rules::ALL.len())
    );
    assert!(
        rules
            .as_array()
            .expect("array")
            .iter()
            .any(|r| r["title"] == "IBAN check digits wrong")
    );
}

/// The page reads in either language without JavaScript: `?lang=` (the switch's links), else
/// Accept-Language, else German.
#[tokio::test]
async fn the_page_speaks_the_asked_language_without_javascript() {
    // (query, Accept-Language, language, a heading in it)
    let cases = [
        ("/", None, "de", "GiroCode prüfen"),
        ("/?lang=en", None, "en", "Check a GiroCode"),
        ("/?lang=de", Some("en-GB,en;q=0.9"), "de", "GiroCode prüfen"),
        ("/", Some("en-GB,en;q=0.9"), "en", "Check a GiroCode"),
        ("/?lang=fr", Some("fr"), "de", "GiroCode prüfen"),
    ];
    for (uri, accept, lang, heading) in cases {
        let mut request = Request::get(uri);
        if let Some(accept) = accept {
            request = request.header(header::ACCEPT_LANGUAGE, accept);
        }
        let request = request.body(Body::empty()).expect("request");
        let (status, headers, body) = send(Config::default(), request).await;
        let page = String::from_utf8_lossy(&body);
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(headers[header::CONTENT_LANGUAGE], lang, "{uri}");
        assert!(page.contains(&format!("<html lang=\"{lang}\"")), "{uri}");
        assert!(
            page.contains(&format!("<h1 data-i18n=\"title\">{heading}</h1>")),
            "{uri}"
        );
        // The forms ask for reports in the page's language; the switch marks the current one.
        assert!(
            page.contains(&format!("name=\"lang\" value=\"{lang}\"")),
            "{uri}"
        );
        assert!(
            page.contains(&format!(
                "data-lang=\"{lang}\" lang=\"{lang}\" aria-current=\"true\""
            )),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn check_takes_multipart_or_a_raw_body() {
    let payload = with_lines(&[(8, "EUR25,00")]);
    let (content_type, body) = multipart(&[("payload", None, &payload)]);
    let (status, _, body) = send(
        Config::default(),
        post("/api/v1/check?lang=en", &content_type, body),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "an invalid code is a report, not an error"
    );
    let report = json(&body);
    let code = &report["results"][0]["codes"][0];
    assert_eq!(code["valid"], false);
    assert_eq!(code["findings"][0]["code"], "AMOUNT-DECIMAL-COMMA");
    assert!(
        code["findings"][0]["message"]
            .as_str()
            .expect("message")
            .contains("decimal point")
    );

    let mut page = white(400, 400);
    draw(&mut page, &with_lines(&[]), 20, 20, 6);
    let image = png(&page);
    let (status, _, body) = send(
        Config::default(),
        post("/api/v1/check", "image/png", image.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json(&body)["results"][0]["codes"][0]["valid"], true);
    // The file field wins over an empty payload field, as a form sends both.
    let (content_type, body) = multipart(&[
        ("payload", None, b""),
        ("file", Some("notice.png"), &image),
        ("lang", None, b"en"),
    ]);
    let request = Request::post("/api/v1/check")
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
        .body(Body::from(body))
        .expect("request");
    let (status, _, body) = send(Config::default(), request).await;
    assert_eq!(status, StatusCode::OK);
    let report = json(&body);
    assert_eq!(report["results"][0]["source"], "notice.png");
}

#[tokio::test]
async fn every_error_is_json_with_a_code_and_both_languages() {
    let small = || Config {
        max_body_bytes: 1000,
        ..Config::default()
    };
    let big = vec![b'x'; 5000];
    let (content_type, multipart_big) = multipart(&[("file", Some("big.bin"), &big)]);
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    let password = std::fs::read(sample("pdf/password-protected.pdf")).expect("sample");
    let (unknown_type, unknown_body) =
        multipart(&[("payload", None, b"BCD"), ("colour", None, b"red")]);
    let many: Vec<(&str, Option<&str>, &[u8])> = vec![("lang", None, b"de"); 10_000];
    let (many_type, many_body) = multipart(&many);
    let cases: Vec<(Config, Request<Body>, StatusCode, &str)> = vec![
        (
            small(),
            post("/api/v1/check", "application/octet-stream", big.clone()),
            StatusCode::PAYLOAD_TOO_LARGE,
            "INPUT-TOO-LARGE",
        ),
        (
            small(),
            post("/api/v1/check", &content_type, multipart_big),
            StatusCode::PAYLOAD_TOO_LARGE,
            "INPUT-TOO-LARGE",
        ),
        (
            Config::default(),
            post("/api/v1/check", "text/plain", Vec::new()),
            StatusCode::BAD_REQUEST,
            "INPUT-MISSING",
        ),
        (
            Config::default(),
            post("/api/v1/check", "multipart/form-data", b"junk".to_vec()),
            StatusCode::BAD_REQUEST,
            "BAD-MULTIPART",
        ),
        (
            Config::default(),
            post("/api/v1/check", &unknown_type, unknown_body),
            StatusCode::BAD_REQUEST,
            "BAD-MULTIPART",
        ),
        (
            Config::default(),
            post("/api/v1/check", &many_type, many_body),
            StatusCode::BAD_REQUEST,
            "BAD-MULTIPART",
        ),
        (
            Config::default(),
            post("/api/v1/check", "image/heic", heic),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "INPUT-UNSUPPORTED",
        ),
        (
            Config::default(),
            post("/api/v1/check", "application/pdf", password),
            StatusCode::UNPROCESSABLE_ENTITY,
            "INPUT-PASSWORD",
        ),
        (
            Config::default(),
            get("/no-such-page"),
            StatusCode::NOT_FOUND,
            "NOT-FOUND",
        ),
        (
            Config::default(),
            get("/api/v1/check"),
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD-NOT-ALLOWED",
        ),
    ];
    for (config, request, status, code) in cases {
        let uri = request.uri().to_string();
        let (got, headers, body) = send(config, request).await;
        assert_eq!(got, status, "{uri}: {}", String::from_utf8_lossy(&body));
        assert_eq!(headers[header::CONTENT_TYPE], "application/json", "{uri}");
        let error = &json(&body)["error"];
        assert_eq!(error["code"], code, "{uri}");
        assert!(
            error["messages"]["de"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
        assert!(
            error["messages"]["en"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    }
}

/// Fifty pages that each draw a little and hold no code: the one worker renders and reads
/// every page, seconds in all, however cheap reading one picture has become.
fn slow_pdf() -> Vec<u8> {
    crate::pdf::same_pages_pdf(50, "0 g 10 10 5 5 re f", "")
}

#[tokio::test]
async fn a_full_server_answers_busy_at_once_and_times_out_as_json() {
    let slow = slow_pdf();
    let config = Config {
        workers: 1,
        queue_wait: Duration::ZERO,
        ..Config::default()
    };
    let service = app(config);
    let first = tokio::spawn(service.clone().oneshot(post(
        "/api/v1/check",
        "application/pdf",
        slow.clone(),
    )));
    tokio::time::sleep(Duration::from_millis(150)).await;
    let started = std::time::Instant::now();
    let response = service
        .clone()
        .oneshot(post("/api/v1/check", "application/pdf", slow.clone()))
        .await
        .expect("answer");
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        started.elapsed() < Duration::from_millis(200),
        "busy is answered at once"
    );
    assert_eq!(response.headers()[header::RETRY_AFTER], "2");
    let health = service
        .clone()
        .oneshot(get("/healthz"))
        .await
        .expect("answer");
    assert_eq!(
        health.status(),
        StatusCode::OK,
        "health answers while the workers are busy"
    );
    assert_eq!(
        first.await.expect("joined").expect("answer").status(),
        StatusCode::OK
    );

    let config = Config {
        request_timeout: Duration::from_millis(50),
        ..Config::default()
    };
    let (status, _, body) = send(config, post("/api/v1/check", "application/pdf", slow)).await;
    assert_eq!(status, StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(json(&body)["error"]["code"], "REQUEST-TIMEOUT");
}

#[tokio::test]
async fn the_form_without_javascript_gets_an_html_report() {
    let payload = with_lines(&[(6, "Stadtkasse <script>alert(1)</script>"), (8, "25.00")]);
    let (content_type, body) = multipart(&[
        ("lang", None, b"en"),
        ("file", Some(""), b""),
        ("payload", None, &payload),
    ]);
    let (status, headers, body) =
        send(Config::default(), post("/check", &content_type, body)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .expect("ascii")
            .starts_with("text/html")
    );
    let html = String::from_utf8_lossy(&body);
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(html.contains("Do not pay with this code."), "{html}");
    // The citizen's words in the card, the issuer's in the collapsed section after it.
    let (citizen, issuer) = html
        .split_once("<details class=\"qa\"><summary>For the issuing office</summary>")
        .expect("a collapsed section for the issuer");
    assert!(
        citizen.contains("Some banking apps then take a wrong amount."),
        "{html}"
    );
    assert!(
        citizen.contains("You can still pay: copy the recipient"),
        "{html}"
    );
    assert!(!citizen.contains("AMOUNT-NO-CURRENCY") && !citizen.contains("Write EUR25.00"));
    assert!(issuer.contains("AMOUNT-NO-CURRENCY") && issuer.contains("Write EUR25.00"));
    assert!(!html.contains("<script>alert"), "input is escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));

    let (content_type, body) = multipart(&[("payload", None, b"")]);
    let (status, _, body) = send(Config::default(), post("/check", &content_type, body)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(String::from_utf8_lossy(&body).contains("INPUT-MISSING"));
}

#[test]
fn openapi_lists_exactly_the_routes() {
    let spec: serde_json::Value =
        serde_json::from_str(giroscope_server::OPENAPI).expect("valid JSON");
    let mut documented: Vec<String> = spec["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, methods)| {
            methods
                .as_object()
                .expect("methods")
                .keys()
                .map(move |m| format!("{} {path}", m.to_uppercase()))
        })
        .collect();
    documented.sort();
    // The router's route list, read from its source: `.route("/path", get(…))`.
    let source = include_str!("../../crates/giroscope-server/src/lib.rs");
    let mut routed: Vec<String> = source
        .lines()
        .filter_map(|line| line.trim().strip_prefix(".route(\""))
        .filter_map(|rest| {
            let (path, rest) = rest.split_once('"')?;
            let method = rest.trim_start_matches(", ").split('(').next()?;
            Some(format!("{} {path}", method.to_uppercase()))
        })
        .collect();
    routed.sort();
    assert!(!routed.is_empty());
    assert_eq!(documented, routed);
}

#[test]
fn a_real_server_on_a_loopback_port() {
    use std::io::{Read, Write};
    let (_runtime, address) = crate::util::loopback_server(Config::default());
    let exchange = |request: &[u8]| -> String {
        let mut stream = std::net::TcpStream::connect(address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout");
        stream.write_all(request).expect("send");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("receive");
        response
    };
    let health = exchange(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assert!(health.starts_with("HTTP/1.1 200 OK"), "{health}");
    let payload = with_lines(&[]);
    let mut request = format!(
        "POST /api/v1/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        payload.len()
    )
    .into_bytes();
    request.extend_from_slice(&payload);
    let response = exchange(&request);
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(response.contains("\"valid\": true"), "{response}");
}

#[tokio::test]
async fn readiness_metrics_compression_and_caching() {
    let service = app(Config::default());
    let call = |request: Request<Body>| {
        let service = service.clone();
        async move {
            let response = service.oneshot(request).await.expect("answer");
            let (parts, body) = response.into_parts();
            let body = body.collect().await.expect("body").to_bytes().to_vec();
            (parts.status, parts.headers, body)
        }
    };
    let (status, _, body) = call(get("/readyz")).await;
    assert_eq!(status, StatusCode::OK);
    let ready = json(&body);
    assert_eq!(
        (ready["status"].as_str(), ready["busy"].as_u64()),
        (Some("ready"), Some(0))
    );

    // gzip or br as asked, identity otherwise; the body shrinks.
    let (_, _, plain) = call(get("/app.js")).await;
    for (accept, encoding) in [
        ("br", Some("br")),
        ("gzip", Some("gzip")),
        ("identity", None),
    ] {
        let request = Request::get("/app.js")
            .header(header::ACCEPT_ENCODING, accept)
            .body(Body::empty())
            .expect("request");
        let (status, headers, body) = call(request).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            headers
                .get(header::CONTENT_ENCODING)
                .and_then(|v| v.to_str().ok()),
            encoding,
            "{accept}"
        );
        assert!(
            encoding.is_none_or(|_| body.len() < plain.len() / 2),
            "{accept}: {} of {} bytes",
            body.len(),
            plain.len()
        );
    }

    // The page's files revalidate with their ETag: 304 without a body.
    let (_, headers, _) = call(get("/style.css")).await;
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    let etag = headers[header::ETAG].clone();
    let request = Request::get("/style.css")
        .header(header::IF_NONE_MATCH, etag.clone())
        .body(Body::empty())
        .expect("request");
    let (status, headers, body) = call(request).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert_eq!(headers[header::ETAG], etag);
    assert!(body.is_empty());
    // Each language of the page is its own representation.
    let (_, de, _) = call(get("/?lang=de")).await;
    let (_, en, _) = call(get("/?lang=en")).await;
    assert_ne!(de[header::ETAG], en[header::ETAG]);

    // Requests by route pattern (unknown paths share one label) and status.
    let _ = call(get("/no/such/page")).await;
    let (status, headers, body) = call(get("/metrics")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .expect("ascii")
            .starts_with("text/plain; version=0.0.4")
    );
    let text = String::from_utf8_lossy(&body);
    for line in [
        "giroscope_http_requests_total{route=\"/readyz\",status=\"200\"} 1",
        "giroscope_http_requests_total{route=\"/{file}\",status=\"304\"} 1",
        "giroscope_http_requests_total{route=\"unmatched\",status=\"404\"} 1",
        "giroscope_workers_busy 0",
        "giroscope_draining 0",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
}

#[tokio::test]
async fn readiness_fails_while_more_checks_wait_than_there_are_workers() {
    let mut config = Config {
        workers: 1,
        queue_wait: Duration::from_secs(20),
        ..Config::default()
    };
    config.options.limits.max_pages = 25_000;
    config.options.limits.max_pdf_pixels = u64::MAX;
    let service = app(config);
    let bomb = crate::load::pdf(20_000, crate::load::DOT);
    let ready = || async {
        let response = service
            .clone()
            .oneshot(get("/readyz"))
            .await
            .expect("answer");
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        let body = json(&body);
        let text = format!("{} busy {}", body["status"], body["busy"]);
        (status, text)
    };
    // Polls until readiness says `expected`, for up to 10 s on a loaded machine.
    let until = |expected: (StatusCode, &'static str)| {
        let ready = &ready;
        async move {
            let started = std::time::Instant::now();
            loop {
                let (status, text) = ready().await;
                if (status, text.as_str()) == expected {
                    return;
                }
                assert!(
                    started.elapsed() < Duration::from_secs(10),
                    "{status} {text}, expected {expected:?}"
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    };
    let running = tokio::spawn(service.clone().oneshot(post(
        "/api/v1/check",
        "application/pdf",
        bomb.clone(),
    )));
    until((StatusCode::OK, "\"ready\" busy 1")).await;
    let waiting = tokio::spawn(service.clone().oneshot(post(
        "/api/v1/check",
        "application/pdf",
        bomb,
    )));
    until((StatusCode::SERVICE_UNAVAILABLE, "\"saturated\" busy 1")).await;
    // Dropping the requests cancels both (the waiting one never started).
    waiting.abort();
    running.abort();
    until((StatusCode::OK, "\"ready\" busy 0")).await;
}

/// Text stays text: a code's text that went through Unicode (a text box, a barcode detector)
/// is encoded in the charset line 3 declares, so an ISO 8859-1 code reads as it would from
/// its own bytes; the same text sent as raw UTF-8 bytes is the double-encoding defect.
#[tokio::test]
async fn text_is_encoded_in_the_declared_charset() {
    let text =
        "BCD\n002\n2\nSCT\n\nStadt Müllheim\nDE02120300000000202051\nEUR25\n\n\nKassenzeichen 1";
    for (field, name, codes) in [
        ("text", "Stadt Müllheim", vec!["CHARS-NON-SEPA"]),
        ("payload", "Stadt MÃ¼llheim", vec!["CHARSET-MOJIBAKE"]),
    ] {
        let (content_type, body) = multipart(&[(field, None, text.as_bytes())]);
        let (status, _, body) = send(
            Config::default(),
            post("/api/v1/check", &content_type, body),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{field}");
        let code = &json(&body)["results"][0]["codes"][0];
        assert_eq!(code["fields"]["name"], name, "{field}");
        let found: Vec<&str> = code["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter_map(|f| f["code"].as_str())
            .collect();
        assert_eq!(found, codes, "{field}");
    }
    // Without JavaScript the browser sends the text box with CRLF: read as LF.
    let crlf = text.replace('\n', "\r\n");
    let (content_type, body) = multipart(&[("text", None, crlf.as_bytes())]);
    let (_, _, body) = send(
        Config::default(),
        post("/api/v1/check", &content_type, body),
    )
    .await;
    let code = &json(&body)["results"][0]["codes"][0];
    assert_eq!(
        code["payload_bytes"],
        text.len() - 1,
        "ü is one byte in ISO 8859-1"
    );
}

/// The form without JavaScript gets every error as a page in its language, with the real
/// limit: the body limit's 413 that no handler sees (a announced Content-Length), and the
/// multipart reader's (a chunked body, on a real server).
#[test]
fn the_form_without_javascript_gets_errors_as_pages() {
    let small = || Config {
        max_body_bytes: 2 * 1024 * 1024,
        ..Config::default()
    };
    let big = vec![b'x'; 3 * 1024 * 1024];
    let (content_type, form) = multipart(&[("file", Some("big.jpg"), &big)]);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    for (lang, words) in [
        ("de", "Die Datei ist zu groß (höchstens 2 MB)."),
        ("en", "The file is too large (at most 2 MB)."),
    ] {
        let uri = format!("/check?lang={lang}");
        let request = post(&uri, &content_type, form.clone());
        let (status, headers, body) = runtime.block_on(send(small(), request));
        let html = String::from_utf8_lossy(&body);
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{uri}");
        assert!(
            headers[header::CONTENT_TYPE]
                .to_str()
                .expect("ascii")
                .starts_with("text/html"),
            "{uri}: {html}"
        );
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{html}");
        assert!(html.contains(words), "{uri}: {html}");
    }
    // The JSON API says the same in JSON.
    let (status, _, body) = runtime.block_on(send(
        small(),
        post("/api/v1/check", &content_type, form.clone()),
    ));
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        json(&body)["error"]["messages"]["de"],
        "Die Datei ist zu groß (höchstens 2 MB)."
    );
    drop(runtime);

    // Chunked, without a length: the multipart reader trips the limit inside the handler.
    use std::io::{Read, Write};
    let (_runtime, address) = crate::util::loopback_server(small());
    let mut stream = std::net::TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let head = format!(
        "POST /check?lang=de HTTP/1.1\r\nHost: localhost\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).expect("send");
    for chunk in form.chunks(64 * 1024) {
        let sent = stream
            .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .and_then(|()| stream.write_all(chunk))
            .and_then(|()| stream.write_all(b"\r\n"));
        if sent.is_err() {
            break; // the server answered and closed: what it said is read below
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response);
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
    assert!(response.contains("text/html"), "{response}");
    assert!(
        response.contains("Die Datei ist zu groß (höchstens 2 MB)."),
        "{response}"
    );
}

/// A citizen who uploads the PDF they got is told when its code pays another amount than the
/// notice asks: in the JSON the page renders, and on the page without JavaScript.
#[tokio::test]
async fn a_citizen_hears_that_the_code_is_not_what_the_notice_says() {
    use crate::text_notices::{Layout, Page, Payment, document};
    let mut code = Payment::typical();
    code.cents = Some(2500);
    let pdf = document(&[Page {
        layout: Layout::Letter,
        printed: Payment::typical(),
        code: Some(code.payload()),
    }]);
    let said = "Der Betrag im Code (25,00 €) ist nicht der Betrag auf dem Bescheid (35,00 €). Bezahlen Sie nicht mit dem Code; übertragen Sie die Angaben vom Bescheid von Hand und informieren Sie die ausstellende Stelle.";
    let (status, _, body) = send(
        Config::default(),
        post("/api/v1/check?lang=de", "application/pdf", pdf.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let report = json(&body);
    let code = &report["results"][0]["codes"][0];
    assert_eq!(code["verdict"], "not-payable");
    let citizen: Vec<&str> = code["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["citizen"].as_str())
        .collect();
    assert!(citizen.contains(&said), "{citizen:?}");
    let (content_type, body) =
        multipart(&[("lang", None, b"de"), ("file", Some("bescheid.pdf"), &pdf)]);
    let (status, _, body) = send(Config::default(), post("/check", &content_type, body)).await;
    assert_eq!(status, StatusCode::OK);
    let html = String::from_utf8_lossy(&body);
    let (citizen, _) = html
        .split_once("<details class=\"qa\">")
        .expect("a collapsed section for the issuer");
    assert!(citizen.contains(said), "{html}");
}
