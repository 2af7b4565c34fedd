//! Running it for a town: settings from the environment, JSON logs, the probe a container
//! health check runs, and shards of a print run for an Indexed Job. (The image and the
//! Kubernetes manifests are built and validated by `.ci/run`, see `deploy/`.)

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::root;

fn giroscope() -> Command {
    Command::new(env!("CARGO_BIN_EXE_giroscope"))
}

fn free_address() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    format!("127.0.0.1:{port}")
}

fn probe(address: &str, path: &str) -> bool {
    giroscope()
        .args(["probe", "--addr", address, path])
        .stderr(Stdio::null())
        .status()
        .expect("probe runs")
        .success()
}

#[test]
fn serve_takes_its_settings_from_the_environment_and_logs_json() {
    let address = free_address();
    let mut child = giroscope()
        .arg("serve")
        .env("GIROSCOPE_ADDR", &address)
        .env("GIROSCOPE_LOG_FORMAT", "json")
        .env("GIROSCOPE_WORKERS", "1")
        .env("GIROSCOPE_MAX_PAGES", "7")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let started = Instant::now();
    while !probe(&address, "/healthz") {
        assert!(started.elapsed() < Duration::from_secs(20), "no server");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(probe(&address, "/readyz"));
    assert!(!probe(&address, "/no-such-page"), "a 404 is not healthy");
    // The settings arrived: one worker, seven pages.
    let (runtime, server) = (
        tokio::runtime::Runtime::new().expect("runtime"),
        address.parse().expect("address"),
    );
    let ready = runtime.block_on(crate::load::exchange(
        server,
        "127.0.0.1".parse().expect("ip"),
        "GET /readyz HTTP/1.1",
        b"",
        crate::load::Pace::Full,
    ));
    assert!(ready.text.contains("\"workers\":1"), "{}", ready.text);
    let eight = crate::load::pdf(8, "");
    let refused = runtime.block_on(crate::load::exchange(
        server,
        "127.0.0.1".parse().expect("ip"),
        &crate::load::post("/api/v1/check", "application/pdf"),
        &eight,
        crate::load::Pace::Full,
    ));
    assert!(
        refused.text.contains("INPUT-TOO-MANY-PAGES") && refused.text.contains("höchstens 7"),
        "{}",
        refused.text
    );
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = child.wait().expect("the server exits");
    assert!(status.success(), "{status:?}");
    let mut logs = String::new();
    child
        .stderr
        .take()
        .expect("piped")
        .read_to_string(&mut logs)
        .expect("logs");
    let lines: Vec<serde_json::Value> = logs
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    let messages: Vec<&str> = lines.iter().filter_map(|l| l["message"].as_str()).collect();
    for expected in [
        "giroscope serving",
        "not checked",
        "shutting down",
        "stopped",
    ] {
        assert!(messages.contains(&expected), "{expected}: {messages:?}");
    }
    // Outcomes, never content: the refused PDF is logged by its error code.
    assert!(
        lines
            .iter()
            .any(|l| l["error"] == "INPUT-TOO-MANY-PAGES" && l["bytes"].is_u64()),
        "{logs}"
    );
    assert!(!probe(&address, "/healthz"), "the server is gone");
}

#[test]
fn shards_split_a_print_run_in_order() {
    let dir = root().join("samples/payloads");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("samples/payloads")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    assert!(files.len() >= 7, "{files:?}");
    let list = crate::util::temp_file("shard-list.txt", files.join("\n").as_bytes());
    let sources = |output: &std::path::Path| -> Vec<String> {
        std::fs::read_to_string(output)
            .expect("shard output")
            .lines()
            .map(|l| {
                let value: serde_json::Value = serde_json::from_str(l).expect("JSON Lines");
                value["source"].as_str().expect("source").to_owned()
            })
            .collect()
    };
    let mut merged = Vec::new();
    for index in 0..3 {
        let output = crate::util::temp_file(&format!("shard-{index}.jsonl"), b"");
        let status = giroscope()
            .args(["check", "--quiet", "--format", "jsonl", "--files-from"])
            .arg(&list)
            .args(["--shard", &format!("{index}/3"), "--output"])
            .arg(&output)
            .status()
            .expect("check runs");
        assert!(status.code().is_some_and(|c| c <= 1), "{status:?}");
        let shard = sources(&output);
        // Sizes differ by at most one.
        assert!(shard.len() >= files.len() / 3, "{shard:?}");
        merged.extend(shard);
    }
    assert_eq!(
        merged, files,
        "the shards in index order are the run in order"
    );
    for bad in ["3/3", "1", "-1/2", "a/b"] {
        let output = giroscope()
            .args(["check", "--shard", bad])
            .arg(&files[0])
            .output()
            .expect("check runs");
        assert_eq!(output.status.code(), Some(2), "{bad}");
    }
}
