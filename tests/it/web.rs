//! The page in a real browser: Debian's Chromium driven by playwright-core (tests/web/e2e.mjs)
//! against a real server on a loopback port. Skips with a message where Chromium or the npm
//! packages are missing; .ci/run installs both.

use std::path::Path;
use std::process::Command;

use giroscope::server::Config;

use crate::util::{draw, root, sample, white, with_lines};

/// A fake camera for Chromium: a few 640×480 frames (YUV 4:2:0) showing a GiroCode.
fn camera_file(path: &Path) {
    let mut frame = white(640, 480);
    draw(&mut frame, &with_lines(&[]), 150, 70, 6);
    let mut video = b"YUV4MPEG2 W640 H480 F5:1 Ip A1:1 C420jpeg\n".to_vec();
    for _ in 0..3 {
        video.extend_from_slice(b"FRAME\n");
        video.extend_from_slice(frame.as_raw());
        video.extend(std::iter::repeat_n(128u8, 2 * 320 * 240));
    }
    std::fs::write(path, video).expect("write the fake camera");
}

#[test]
fn the_page_in_a_real_browser() {
    let web = root().join("tests/web");
    let missing: Vec<&str> = [
        (
            Path::new("/usr/bin/chromium").exists(),
            "Debian's chromium (/usr/bin/chromium)",
        ),
        (
            web.join("node_modules/playwright-core").exists(),
            "npm packages in tests/web (npm ci --prefix tests/web)",
        ),
        (
            Command::new("node").arg("--version").output().is_ok(),
            "node",
        ),
    ]
    .into_iter()
    .filter(|(present, _)| !present)
    .map(|(_, what)| what)
    .collect();
    if !missing.is_empty() {
        eprintln!("skipping the browser test: missing {}", missing.join(", "));
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser test; .ci/run installs it"
        );
        return;
    }
    let artifacts = root().join("target/web-artifacts");
    std::fs::create_dir_all(&artifacts).expect("artifact folder");
    let camera = artifacts.join("camera.y4m");
    camera_file(&camera);

    let (_runtime, address) = crate::util::loopback_server(Config::default());

    let output = Command::new("node")
        .arg(web.join("e2e.mjs"))
        .arg(format!("http://{address}/"))
        .arg(&artifacts)
        .arg(sample("images/phone-perspective.jpg"))
        .arg(&camera)
        .current_dir(&web)
        .output()
        .expect("node runs");
    let log = String::from_utf8_lossy(&output.stdout);
    eprintln!("{log}{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "browser checks failed:\n{log}");
    assert!(log.contains("all browser checks passed"));
    assert!(!log.contains("FAIL"));
}
