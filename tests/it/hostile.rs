//! The server as an attacker meets it, over real sockets: a check stops when its request
//! times out, its client disconnects or the server shuts down, and its worker is free at once;
//! slow bodies are cut off; one client cannot take every slot or worker.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use giroscope::server::Config;

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
        let serving = tokio::spawn(giroscope::server::serve_until(listener, config, async {
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
