//! The server as an attacker meets it, over real sockets: a check stops when its request
//! times out, its client disconnects or the server shuts down, and its worker is free at once;
//! slow bodies are cut off; one client cannot take every slot or worker.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use giroscope_server::Config;

use crate::load::{DOT, Pace, exchange, pdf, post};

fn photo() -> Vec<u8> {
    std::fs::read(crate::util::sample("images/phone-perspective.jpg")).expect("sample photo")
}

fn ip(text: &str) -> IpAddr {
    text.parse().expect("ip")
}

/// The page bomb, but with pages that draw a dot, so every page must be rendered and
/// read (blank pages cost nothing now): minutes of work, inside limits raised to allow it.
fn page_bomb_config() -> Config {
    let mut config = Config {
        workers: 1,
        ..Config::default()
    };
    config.options.limits.max_pages = 25_000;
    config.options.limits.max_pdf_pixels = u64::MAX;
    config
}

/// The value of the sample `name` (with its labels, as printed) in Prometheus text.
fn metric(metrics: &str, name: &str) -> f64 {
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0.0)
}

async fn metrics(server: SocketAddr) -> String {
    exchange(
        server,
        ip("127.0.0.1"),
        "GET /metrics HTTP/1.1",
        b"",
        Pace::Full,
    )
    .await
    .text
}

async fn check_photo(server: SocketAddr, from: &str) -> crate::load::Answer {
    exchange(
        server,
        ip(from),
        &post("/api/v1/check", "image/jpeg"),
        &photo(),
        Pace::Full,
    )
    .await
}

/// Waits until the server's gauge `name` reaches `value`.
async fn until(server: SocketAddr, name: &str, value: f64) {
    let started = Instant::now();
    while metric(&metrics(server).await, name) < value {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{name} never reached {value}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits until a worker is busy.
async fn until_busy(server: SocketAddr) {
    until(server, "giroscope_workers_busy", 1.0).await;
}

#[test]
fn the_page_bomb_gets_its_504_and_the_next_photo_is_checked_within_a_second() {
    let config = Config {
        request_timeout: Duration::from_secs(2),
        ..page_bomb_config()
    };
    let (runtime, server) = crate::util::loopback_server(config);
    runtime.block_on(async {
        let bomb = pdf(20_000, DOT);
        let answer = exchange(
            server,
            ip("127.0.0.2"),
            &post("/api/v1/check", "application/pdf"),
            &bomb,
            Pace::Full,
        )
        .await;
        assert_eq!(answer.status, 504, "{}", answer.text);
        assert!(answer.text.contains("REQUEST-TIMEOUT"), "{}", answer.text);
        // The only worker is free again at once: the photo does not wait out the bomb.
        let photo = check_photo(server, "127.0.0.3").await;
        assert_eq!(photo.status, 200, "{}", photo.text);
        assert!(
            photo.elapsed < Duration::from_secs(1),
            "{:?}",
            photo.elapsed
        );
        let metrics = metrics(server).await;
        assert_eq!(
            metric(
                &metrics,
                "giroscope_cancellations_total{reason=\"timeout\"}"
            ),
            1.0
        );
        eprintln!(
            "the cancelled page bomb stopped {:.0} ms after its timeout; the photo took {:?}",
            1000.0
                * metric(
                    &metrics,
                    "giroscope_cancel_stop_seconds_sum{reason=\"timeout\"}"
                ),
            photo.elapsed
        );
        assert_eq!(
            metric(
                &metrics,
                "giroscope_cancel_stop_seconds_count{reason=\"timeout\"}"
            ),
            1.0,
            "the cancelled check stopped\n{metrics}"
        );
    });
}

/// hyper notices a client that closes its connection while the check runs (the body was
/// read, the answer not yet written) and drops the handler's future; that cancels the check.
#[test]
fn a_client_that_disconnects_stops_its_check() {
    let (runtime, server) = crate::util::loopback_server(page_bomb_config());
    runtime.block_on(async {
        let bomb = pdf(20_000, DOT);
        let gone = tokio::spawn(async move {
            tokio::time::timeout(
                Duration::from_millis(1500),
                exchange(
                    server,
                    ip("127.0.0.2"),
                    &post("/api/v1/check", "application/pdf"),
                    &bomb,
                    Pace::Full,
                ),
            )
            .await
        });
        until_busy(server).await;
        // The timeout drops the client's socket: the connection closes mid-check.
        assert!(gone.await.expect("joined").is_err(), "no answer expected");
        let started = Instant::now();
        loop {
            let metrics = metrics(server).await;
            if metric(
                &metrics,
                "giroscope_cancel_stop_seconds_count{reason=\"disconnect\"}",
            ) == 1.0
            {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(2),
                "the check went on after its client left\n{metrics}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let photo = check_photo(server, "127.0.0.3").await;
        assert_eq!(photo.status, 200, "{}", photo.text);
    });
}

#[test]
fn sigterm_cancels_the_checks_in_flight_and_the_process_exits() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let server: SocketAddr = format!("127.0.0.1:{port}").parse().expect("address");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_giroscope"))
        .args(["serve", "--addr", &server.to_string(), "--workers", "1"])
        .args(["--max-pages", "25000", "--max-pdf-megapixels", "1000000000"])
        .args(["--shutdown-grace", "0.5"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the server starts");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (answer, exited) = runtime.block_on(async {
        let started = Instant::now();
        while exchange(
            server,
            ip("127.0.0.1"),
            "GET /healthz HTTP/1.1",
            b"",
            Pace::Full,
        )
        .await
        .status
            != 200
        {
            assert!(started.elapsed() < Duration::from_secs(20), "no server");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let bomb = pdf(20_000, DOT);
        let check = tokio::spawn(async move {
            exchange(
                server,
                ip("127.0.0.2"),
                &post("/api/v1/check", "application/pdf"),
                &bomb,
                Pace::Full,
            )
            .await
        });
        until_busy(server).await;
        let signalled = Instant::now();
        let killed = std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        let answer = check.await.expect("joined");
        let exited = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break Some((status, signalled.elapsed()));
            }
            if signalled.elapsed() > Duration::from_secs(5) {
                break None;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        (answer, exited)
    });
    let Some((status, after)) = exited else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("still running 5 s after SIGTERM");
    };
    assert!(status.success(), "{status:?}");
    // 0.5 s grace, then the check is cancelled and the process ends.
    assert!(after < Duration::from_secs(3), "{after:?}");
    assert_eq!(answer.status, 503, "{}", answer.text);
    assert!(
        answer.text.contains("SERVER-SHUTTING-DOWN"),
        "{}",
        answer.text
    );
}

#[test]
fn a_trickling_body_is_cut_off_and_frees_its_slot() {
    let config = Config {
        max_uploads: 1,
        body_timeout: Duration::from_secs(1),
        min_body_rate: 50_000,
        ..Config::default()
    };
    let (runtime, server) = crate::util::loopback_server(config);
    runtime.block_on(async {
        // 10 KB/s: the deadline grows by 0.2 s per second, so it trips after about 1.25 s.
        let trickle = tokio::spawn(async move {
            exchange(
                server,
                ip("127.0.0.2"),
                &post("/api/v1/check", "image/jpeg"),
                &vec![0x55; 1_000_000],
                Pace::Trickle {
                    chunk: 1000,
                    every: Duration::from_millis(100),
                },
            )
            .await
        });
        until(server, "giroscope_uploads_in_flight", 1.0).await;
        let busy = check_photo(server, "127.0.0.3").await;
        assert_eq!(busy.status, 503, "the only slot is taken: {}", busy.text);
        let slow = trickle.await.expect("joined");
        assert_eq!(slow.status, 408, "{}", slow.text);
        assert!(slow.text.contains("BODY-TOO-SLOW"), "{}", slow.text);
        assert!(
            slow.elapsed > Duration::from_millis(1200) && slow.elapsed < Duration::from_secs(3),
            "{:?}",
            slow.elapsed
        );
        let photo = check_photo(server, "127.0.0.3").await;
        assert_eq!(photo.status, 200, "the slot is free again: {}", photo.text);
        assert_eq!(
            metric(
                &metrics(server).await,
                "giroscope_rejections_total{reason=\"body_too_slow\"}"
            ),
            1.0
        );
    });
}

#[test]
fn one_client_cannot_take_every_slot_or_worker() {
    let config = Config {
        workers: 2,
        max_per_client: 2,
        queue_wait: Duration::from_millis(300),
        ..page_bomb_config()
    };
    let (runtime, server) = crate::util::loopback_server(config);
    runtime.block_on(async {
        let bomb = std::sync::Arc::new(pdf(20_000, DOT));
        let send_bomb = |bomb: std::sync::Arc<Vec<u8>>| {
            tokio::spawn(async move {
                tokio::time::timeout(
                    Duration::from_secs(3),
                    exchange(
                        server,
                        ip("127.0.0.2"),
                        &post("/api/v1/check", "application/pdf"),
                        &bomb,
                        Pace::Full,
                    ),
                )
                .await
            })
        };
        let first = send_bomb(bomb.clone());
        until_busy(server).await;
        // The attacker's second check waits for its own share (half the workers), not for
        // the citizen's; its third request is refused outright.
        let second = send_bomb(bomb.clone());
        until(server, "giroscope_uploads_in_flight", 2.0).await;
        let third = exchange(
            server,
            ip("127.0.0.2"),
            &post("/api/v1/check", "application/pdf"),
            &bomb,
            Pace::Full,
        )
        .await;
        assert_eq!(third.status, 429, "{}", third.text);
        assert!(third.text.contains("CLIENT-BUSY"), "{}", third.text);
        let photo = check_photo(server, "127.0.0.3").await;
        assert_eq!(photo.status, 200, "{}", photo.text);
        let second = second.await.expect("joined").expect("answered in time");
        assert_eq!(second.status, 429, "{}", second.text);
        first.abort();
        let metrics = metrics(server).await;
        assert_eq!(
            metric(
                &metrics,
                "giroscope_rejections_total{reason=\"client_limit\"}"
            ),
            2.0,
            "{metrics}"
        );
    });
}

#[test]
fn behind_a_trusted_proxy_clients_are_told_apart_by_x_forwarded_for() {
    let config = Config {
        max_per_client: 1,
        trust_forwarded_for: true,
        body_timeout: Duration::from_secs(5),
        ..Config::default()
    };
    let (runtime, server) = crate::util::loopback_server(config);
    runtime.block_on(async {
        let from_proxy = |client: &str| {
            format!(
                "{}\r\nX-Forwarded-For: {client}",
                post("/api/v1/check", "image/jpeg")
            )
        };
        // A slow upload from 198.51.100.1 holds that client's one place…
        let head = from_proxy("198.51.100.1");
        let mut junk = vec![0xFF, 0xD8, 0xFF, 0xE0];
        junk.resize(100_000, 0x55);
        let slow = tokio::spawn(async move {
            exchange(
                server,
                ip("127.0.0.1"),
                &head,
                &junk,
                Pace::Trickle {
                    chunk: 10_000,
                    every: Duration::from_millis(100),
                },
            )
            .await
        });
        tokio::time::sleep(Duration::from_millis(200)).await;
        let same = exchange(
            server,
            ip("127.0.0.1"),
            &from_proxy("203.0.113.5, 198.51.100.1"),
            &photo(),
            Pace::Full,
        )
        .await;
        assert_eq!(same.status, 429, "{}", same.text);
        // …while another client through the same proxy gets its check.
        let other = exchange(
            server,
            ip("127.0.0.1"),
            &from_proxy("198.51.100.2"),
            &photo(),
            Pace::Full,
        )
        .await;
        assert_eq!(other.status, 200, "{}", other.text);
        // The trickle was a corrupt JPEG, refused once complete.
        assert_eq!(slow.await.expect("joined").status, 422);
    });
}

/// On shutdown `/readyz` fails at once while the server goes on serving for the delay, so a
/// load balancer moves away before the listener closes.
#[test]
fn readiness_fails_during_the_shutdown_delay_and_the_listener_closes_after_it() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let server = listener.local_addr().expect("address");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let config = Config {
            shutdown_delay: Duration::from_millis(800),
            shutdown_grace: Duration::ZERO,
            ..Config::default()
        };
        let serving = tokio::spawn(giroscope_server::serve_until(listener, config, async {
            let _ = stopped.await;
        }));
        let ready = || {
            exchange(
                server,
                ip("127.0.0.1"),
                "GET /readyz HTTP/1.1",
                b"",
                Pace::Full,
            )
        };
        assert_eq!(ready().await.status, 200);
        let signalled = Instant::now();
        stop.send(()).expect("serving");
        tokio::time::sleep(Duration::from_millis(100)).await;
        let draining = ready().await;
        assert_eq!(draining.status, 503, "{}", draining.text);
        assert!(
            draining.text.contains("\"status\":\"draining\""),
            "{}",
            draining.text
        );
        // Checks are still served during the delay.
        assert_eq!(check_photo(server, "127.0.0.3").await.status, 200);
        serving
            .await
            .expect("joined")
            .expect("served without error");
        assert!(signalled.elapsed() >= Duration::from_millis(800));
        assert_eq!(ready().await.status, 0, "the listener is closed");
    });
}

/// Sends `request` on a fresh connection (from another thread, so the server may answer
/// before all of it is sent) and reads until the server closes: what arrived, even when the
/// connection ends in a reset, and how long the server took to close it.
fn raw(server: SocketAddr, request: Vec<u8>) -> (String, Duration) {
    use std::io::{Read, Write};
    let started = Instant::now();
    let mut stream = std::net::TcpStream::connect(server).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let mut writer = stream.try_clone().expect("a second handle");
    let sending = std::thread::spawn(move || {
        let _ = writer.write_all(&request);
    });
    let mut response = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    while let Ok(n @ 1..) = stream.read(&mut chunk) {
        response.extend_from_slice(&chunk[..n]);
    }
    let elapsed = started.elapsed();
    let _ = stream.shutdown(std::net::Shutdown::Both);
    sending.join().expect("sender");
    (String::from_utf8_lossy(&response).into_owned(), elapsed)
}

/// The status of every response in `text`, in order.
fn statuses(text: &str) -> Vec<u16> {
    text.match_indices("HTTP/1.1 ")
        .filter_map(|(at, _)| text.get(at + 9..at + 12)?.parse().ok())
        .collect()
}

/// A head of `fields` header fields (Host included), padded with one more field so that the
/// whole head is `bytes` long when given.
fn head_of(line: &str, fields: usize, bytes: Option<usize>) -> Vec<u8> {
    let mut head = format!("{line}\r\nHost: localhost\r\nConnection: close\r\n");
    for i in 2..fields {
        head.push_str(&format!("X-Field-{i}: {i}\r\n"));
    }
    if let Some(bytes) = bytes {
        let padding = bytes - head.len() - "X-Pad: \r\n\r\n".len();
        head.push_str(&format!("X-Pad: {}\r\n", "p".repeat(padding)));
    }
    head.push_str("\r\n");
    if let Some(bytes) = bytes {
        assert_eq!(head.len(), bytes);
    }
    head.into_bytes()
}

/// hyper answered a head over its limits with an empty 431 and a malformed one with an empty
/// 400; now every such answer is the server's JSON (a page for the form), at the limits'
/// N + 1 as at 10,000 fields or a 1 MB field, and the connection closes at once.
#[test]
fn an_oversized_or_malformed_head_is_answered_in_json() {
    use giroscope_server::head::{MAX_HEAD_BYTES, MAX_HEADERS};
    let (runtime, server) = crate::util::loopback_server(Config::default());
    let health = "GET /healthz HTTP/1.1";
    let big_field = {
        let mut head = head_of("POST /api/v1/check HTTP/1.1", 2, None);
        head.truncate(head.len() - 2);
        head.extend_from_slice(format!("Cookie: {}\r\n\r\n", "c".repeat(1 << 20)).as_bytes());
        head
    };
    let long_uri = format!("GET /{} HTTP/1.1\r\n\r\n", "u".repeat(1 << 20)).into_bytes();
    for (what, request, status, code) in [
        ("100 fields", head_of(health, MAX_HEADERS, None), 200, None),
        (
            "101 fields",
            head_of(health, MAX_HEADERS + 1, None),
            431,
            Some("HEADERS-TOO-LARGE"),
        ),
        (
            "10,000 fields",
            head_of(health, 10_000, None),
            431,
            Some("HEADERS-TOO-LARGE"),
        ),
        (
            "a head of 64 KiB",
            head_of(health, 3, Some(MAX_HEAD_BYTES)),
            200,
            None,
        ),
        (
            "a head of 64 KiB + 1",
            head_of(health, 3, Some(MAX_HEAD_BYTES + 1)),
            431,
            Some("HEADERS-TOO-LARGE"),
        ),
        ("a 1 MB field", big_field, 431, Some("HEADERS-TOO-LARGE")),
        ("a 1 MB address", long_uri, 431, Some("HEADERS-TOO-LARGE")),
        (
            "a field name with a space",
            b"GET /healthz HTTP/1.1\r\nBad Name: x\r\n\r\n".to_vec(),
            400,
            Some("BAD-REQUEST"),
        ),
        (
            "a body framed two ways",
            b"POST /api/v1/check HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxy"
                .to_vec(),
            400,
            Some("BAD-REQUEST"),
        ),
    ] {
        let (response, elapsed) = raw(server, request);
        assert_eq!(statuses(&response), [status], "{what}: {response}");
        assert!(elapsed < Duration::from_secs(5), "{what}: {elapsed:?}");
        let Some(code) = code else { continue };
        assert!(
            response.contains("content-type: application/json"),
            "{what}: {response}"
        );
        let body = &response[response.find("\r\n\r\n").expect("a head") + 4..];
        let json: serde_json::Value = serde_json::from_str(body).expect("JSON");
        assert_eq!(json["error"]["code"], code, "{what}");
        assert!(
            json["error"]["messages"]["en"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{what}: {json}"
        );
    }
    // The form without JavaScript gets a page, in the language its address asks for.
    let (page, _) = raw(
        server,
        head_of("POST /check?lang=en HTTP/1.1", MAX_HEADERS + 1, None),
    );
    assert_eq!(statuses(&page), [431], "{page}");
    assert!(page.contains("content-type: text/html"), "{page}");
    assert!(
        page.contains(
            "The request has too many or too long header fields (at most 100 fields and 64 KiB)."
        ),
        "{page}"
    );
    let refusals = runtime.block_on(metrics(server));
    assert_eq!(
        metric(
            &refusals,
            "giroscope_rejections_total{reason=\"head_too_large\"}"
        ),
        6.0,
        "{refusals}"
    );
}

/// On a kept-alive connection the heads after bodies of either framing are found and read:
/// requests sent in one go are answered in order, and an oversized head after them is refused
/// in JSON.
#[test]
fn heads_after_bodies_on_one_connection_are_read_in_turn() {
    let (_runtime, server) = crate::util::loopback_server(Config::default());
    let payload = crate::util::with_lines(&[]);
    let mut requests = format!(
        "POST /api/v1/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n",
        payload.len()
    )
    .into_bytes();
    requests.extend_from_slice(&payload);
    requests.extend_from_slice(
        b"POST /api/v1/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    for piece in payload.chunks(100) {
        requests.extend_from_slice(format!("{:x};piece\r\n", piece.len()).as_bytes());
        requests.extend_from_slice(piece);
        requests.extend_from_slice(b"\r\n");
    }
    requests.extend_from_slice(b"0\r\nX-Trailer: yes\r\n\r\n");
    requests.extend_from_slice(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
    requests.extend_from_slice(&head_of("GET /healthz HTTP/1.1", 200, None));
    let (response, elapsed) = raw(server, requests);
    assert_eq!(statuses(&response), [200, 200, 200, 431], "{response}");
    assert_eq!(response.matches("\"valid\": true").count(), 2, "{response}");
    assert!(response.contains("HEADERS-TOO-LARGE"), "{response}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}
