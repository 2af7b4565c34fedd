//! The hostile-load benchmark (issue 11), run by hand:
//!
//! ```sh
//! cargo bench --bench load               # 90 s
//! cargo bench --bench load -- --seconds 30
//! ```
//!
//! Starts a release `giroscope serve` process with its defaults on a free loopback port, runs
//! the scenario in `tests/support/load.rs` against it (page bombs, pixel bombs and trickling
//! uploads from two attackers while a citizen sends a phone photo every 2 s), then stops the
//! server by its PID. Prints the honest client's latencies, what the attacks got, the
//! server's peak memory and its metrics on refusals and cancellations. Exits 1 when an honest
//! request failed, the honest p95 is 1 s or more, or the peak memory passes the ceiling.

#[allow(dead_code, unused_imports)]
#[path = "../../tests/support/pdf.rs"]
mod pdf;

#[path = "../../tests/support/load.rs"]
mod load;

use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// The server's documented peak memory for this load (README, "Running it for a town").
const CEILING_MB: u64 = 400;

fn main() -> ExitCode {
    let mut seconds = 90;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--seconds" {
            seconds = args.next().and_then(|s| s.parse().ok()).unwrap_or(seconds);
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let photo = std::fs::read(root.join("samples/images/phone-perspective.jpg"))
        .expect("samples/images/phone-perspective.jpg");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let address: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().expect("address");
    let mut server = Command::new(env!("CARGO_BIN_EXE_giroscope"))
        .args([
            "serve",
            "--addr",
            &address.to_string(),
            "--log-format",
            "json",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("giroscope serve starts");
    let pid = server.id();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (outcome, metrics) = runtime.block_on(async {
        let started = Instant::now();
        while load::exchange(
            address,
            "127.0.0.1".parse().expect("ip"),
            "GET /healthz HTTP/1.1",
            b"",
            load::Pace::Full,
        )
        .await
        .status
            != 200
        {
            assert!(started.elapsed() < Duration::from_secs(20), "no server");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        println!("giroscope serve (pid {pid}) on {address}: hostile load for {seconds} s");
        let outcome = load::run(address, Duration::from_secs(seconds), photo).await;
        let metrics = load::exchange(
            address,
            "127.0.0.1".parse().expect("ip"),
            "GET /metrics HTTP/1.1",
            b"",
            load::Pace::Full,
        )
        .await
        .text;
        (outcome, metrics)
    });
    let peak_mb = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024);
    let _ = server.kill();
    let _ = server.wait();
    print!("{}", outcome.summary());
    println!("server peak memory (VmHWM): {peak_mb} MB (ceiling {CEILING_MB} MB)");
    for line in metrics.lines().filter(|l| {
        l.starts_with("giroscope_rejections_total")
            || l.starts_with("giroscope_cancellations_total")
            || l.starts_with("giroscope_cancel_stop_seconds_sum")
            || l.starts_with("giroscope_cancel_stop_seconds_count")
            || l.starts_with("giroscope_cancel_stop_seconds_bucket{reason=\"timeout\",le=\"0.1\"}")
            || l.starts_with(
                "giroscope_cancel_stop_seconds_bucket{reason=\"disconnect\",le=\"0.1\"}",
            )
    }) {
        println!("  {line}");
    }
    let failed = outcome.honest.iter().filter(|a| a.status != 200).count();
    let p95 = outcome.quantile(0.95);
    if failed > 0
        || outcome.honest.is_empty()
        || p95 >= Duration::from_secs(1)
        || peak_mb >= CEILING_MB
    {
        println!("FAILED: {failed} honest requests failed, p95 {p95:?}, peak {peak_mb} MB");
        return ExitCode::FAILURE;
    }
    println!("ok");
    ExitCode::SUCCESS
}
