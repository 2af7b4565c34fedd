//! The page in a real browser: Debian's Chromium driven by playwright-core, against a real
//! server on a loopback port (tests/web/e2e.mjs) and as the static site `giroscope site`
//! writes, served by a plain file server that refuses POST (tests/web/site.mjs), with an
//! operator and a payee list configured.
//! The inputs are made here: a 12 MP phone photo stored sideways (EXIF orientation 6), fake
//! cameras showing a readable and a destroyed code, a 30 MB file. Skips with a message where
//! Chromium or the npm packages are missing; .ci/run installs both, and under CI it fails
//! instead.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use giroscope_server::Config;
use giroscope_server::operator::Operator;
use image::{GrayImage, Luma};

use crate::notice::{
    Page, PageStyle, PhotoParams, PlacedCode, QrSpec, jpeg_with_exif_orientation, phone_photo,
    rotate_for_orientation,
};
use crate::util::{draw, png, root, sample, white, with_lines};

/// A fake camera for Chromium: a few 640×480 frames (YUV 4:2:0) of one picture.
fn camera_file(path: &Path, frame: &GrayImage) {
    let mut video = b"YUV4MPEG2 W640 H480 F5:1 Ip A1:1 C420jpeg\n".to_vec();
    for _ in 0..3 {
        video.extend_from_slice(b"FRAME\n");
        video.extend_from_slice(frame.as_raw());
        video.extend(std::iter::repeat_n(128u8, 2 * 320 * 240));
    }
    std::fs::write(path, video).expect("write the fake camera");
}

/// A code whose finders are intact but whose data is scribbled over: located, not readable.
fn destroyed_code() -> GrayImage {
    let mut frame = white(640, 480);
    let (x0, y0, px) = (150, 70, 6);
    draw(&mut frame, &with_lines(&[]), x0, y0, px);
    let (x0, y0) = (x0 + 4 * px, y0 + 4 * px);
    for y in (y0 + 10 * px)..(y0 + 32 * px) {
        for x in (x0 + 10 * px)..(x0 + 32 * px) {
            if (x / px + y / px) % 3 == 0 {
                frame.put_pixel(x, y, Luma([0]));
            } else if (x / px * 7 + y / px) % 5 == 0 {
                frame.put_pixel(x, y, Luma([255]));
            }
        }
    }
    frame
}

/// A 12-megapixel phone photo of a notice with a 3 cm code, stored 4000×3000 with EXIF
/// orientation 6 (upright it is 3000×4000), as phones save portrait shots. Photographed at
/// 3 MP and enlarged twofold: the photo simulation costs a quarter, and what the test is
/// about (12 MP, stored sideways) is the same.
fn phone_photo_12mp() -> Vec<u8> {
    let spec = QrSpec::new(with_lines(&[]), qrcode::EcLevel::M);
    let code = PlacedCode::new(&spec, 120.0, 200.0, 0.75).expect("fits");
    let page = Page::a4(150, std::slice::from_ref(&code), PageStyle::default());
    let (w, h) = (1500, 2000);
    let params = PhotoParams {
        blur_sigma: 0.6,
        ..PhotoParams::typical(w, h)
    };
    let small = phone_photo(&page.image, w, h, params);
    let upright = image::RgbImage::from_fn(2 * w, 2 * h, |x, y| *small.get_pixel(x / 2, y / 2));
    jpeg_with_exif_orientation(&rotate_for_orientation(&upright, 6), 85, 6)
}

#[test]
fn the_page_in_a_real_browser() {
    let Some(web) = crate::util::browser_tests_or_skip("the browser test") else {
        return;
    };
    let artifacts = root().join("target/web-artifacts");
    std::fs::create_dir_all(&artifacts).expect("artifact folder");
    let file = |name: &str| artifacts.join(name).to_string_lossy().into_owned();
    let mut readable = white(640, 480);
    draw(&mut readable, &with_lines(&[]), 150, 70, 6);
    camera_file(&artifacts.join("camera.y4m"), &readable);
    camera_file(&artifacts.join("camera-unreadable.y4m"), &destroyed_code());
    std::fs::write(artifacts.join("unreadable.png"), png(&destroyed_code())).expect("png");
    let photo = phone_photo_12mp();
    std::fs::write(artifacts.join("photo-12mp.jpg"), &photo).expect("photo");
    // Larger than the server takes (20 MB), for the size check before upload and without
    // JavaScript. Its content does not matter: it is refused by size.
    std::fs::write(
        artifacts.join("too-large.pdf"),
        vec![b'%'; 30 * 1024 * 1024],
    )
    .expect("big");

    let payee_list = "iban,name,note\nDE02120300000000202051,Stadtkasse Musterstadt,Parkgebühren\n";
    let payees = giroscope::payees::Payees::parse(payee_list).expect("payee list");
    let config = Config {
        operator: Operator {
            name: Some("Stadt Musterstadt".into()),
            imprint_url: Some("https://www.musterstadt.example/impressum".into()),
            privacy_url: Some("https://www.musterstadt.example/datenschutz".into()),
            accessibility_url: Some("/barrierefreiheit".into()),
        },
        options: giroscope::Options {
            payees: Some(Arc::new(payees)),
            ..giroscope::Options::default()
        },
        payee_list: Some(payee_list.into()),
        ..Config::default()
    };
    let (_runtime, address) = crate::util::loopback_server(config);

    let settings = serde_json::json!({
        "base": format!("http://{address}/"),
        "artifacts": artifacts,
        "photo": file("photo-12mp.jpg"),
        "photoBytes": photo.len(),
        "pdf": root().join("samples/pdf/notices.pdf"),
        "twoCodes": sample("images/two-codes.png"),
        "unreadable": file("unreadable.png"),
        "tooLarge": file("too-large.pdf"),
        "camera": file("camera.y4m"),
        "cameraUnreadable": file("camera-unreadable.y4m"),
    });
    run_checks(&web, "e2e.mjs", &settings, "browser");
}

/// `giroscope site DIR` with the operator flags of `serve`; the files it wrote.
fn write_site(dir: &Path, operator: &str, payees: &Path) -> Vec<(String, Vec<u8>)> {
    let _ = std::fs::remove_dir_all(dir);
    let output = Command::new(env!("CARGO_BIN_EXE_giroscope"))
        .arg("site")
        .arg(dir)
        .args(["--operator-name", operator])
        .args(["--imprint-url", "https://www.musterstadt.example/impressum"])
        .args([
            "--privacy-url",
            "https://www.musterstadt.example/datenschutz",
        ])
        .arg("--payees")
        .arg(payees)
        .output()
        .expect("giroscope site runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("the site's folder")
        .map(|entry| {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(&path).expect("read"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn giroscope_site_writes_the_same_bytes_for_the_same_flags() {
    let dir = root().join("target/site-test");
    let payees = dir.with_extension("payees.csv");
    std::fs::create_dir_all(root().join("target")).expect("target");
    std::fs::write(&payees, "iban,name\nDE02120300000000202051,Stadtkasse\n").expect("payees");
    let one = write_site(&dir.join("one"), "Stadt Musterstadt", &payees);
    let again = write_site(&dir.join("again"), "Stadt Musterstadt", &payees);
    let other = write_site(&dir.join("other"), "Stadt Beispielstadt", &payees);
    let names: Vec<&str> = one.iter().map(|(name, _)| name.as_str()).collect();
    for expected in [
        "index.html",
        "app.js",
        "worker.js",
        "sw.js",
        "style.css",
        "manifest.webmanifest",
        "icon-512.png",
        "giroscope.js",
        "giroscope_core_bg.wasm",
        "giroscope_core_scalar_bg.wasm",
        "giroscope_full_bg.wasm",
        "giroscope_full_scalar_bg.wasm",
    ] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    assert!(one == again, "the same flags give the same bytes");
    let differ: Vec<&str> = one
        .iter()
        .zip(&other)
        .filter(|(a, b)| a != b)
        .map(|((name, _), _)| name.as_str())
        .collect();
    assert_eq!(
        differ,
        ["index.html", "sw.js"],
        "another operator: the page and a new version"
    );
    // The module is the one in crates/giroscope-web/npm, byte for byte.
    let wasm = &one[names
        .iter()
        .position(|n| *n == "giroscope_core_bg.wasm")
        .expect("wasm")]
    .1;
    assert!(
        *wasm
            == std::fs::read(root().join("crates/giroscope-web/npm/giroscope_core_bg.wasm"))
                .expect("npm")
    );
}

#[test]
fn the_static_site_in_a_real_browser() {
    let Some(web) = crate::util::browser_tests_or_skip("the static site's browser test") else {
        return;
    };
    let artifacts = root().join("target/web-artifacts");
    std::fs::create_dir_all(&artifacts).expect("artifact folder");
    let file = |name: &str| artifacts.join(name).to_string_lossy().into_owned();
    let payees = artifacts.join("payees.csv");
    std::fs::write(
        &payees,
        "iban,name,note\nDE02120300000000202051,Stadtkasse Musterstadt,Parkgebühren\n",
    )
    .expect("payees");
    let site = artifacts.join("site");
    let update = artifacts.join("site-update");
    write_site(&site, "Stadt Musterstadt", &payees);
    write_site(&update, "Stadt Beispielstadt", &payees);
    let mut readable = white(640, 480);
    draw(&mut readable, &with_lines(&[]), 150, 70, 6);
    camera_file(&artifacts.join("site-camera.y4m"), &readable);
    std::fs::write(artifacts.join("site-photo-12mp.jpg"), phone_photo_12mp()).expect("photo");

    let settings = serde_json::json!({
        "site": site,
        "update": update,
        "artifacts": artifacts,
        "photo": file("site-photo-12mp.jpg"),
        "pdf": root().join("samples/pdf/notices.pdf"),
        "camera": file("site-camera.y4m"),
    });
    run_checks(&web, "site.mjs", &settings, "site");
}

/// Runs one of tests/web's browser scripts with its settings; it must pass every check it
/// names (`all {what} checks passed`) and report no `FAIL`.
fn run_checks(web: &Path, script: &str, settings: &serde_json::Value, what: &str) {
    let output = Command::new("node")
        .arg(web.join(script))
        .arg(settings.to_string())
        .current_dir(web)
        .output()
        .expect("node runs");
    let log = String::from_utf8_lossy(&output.stdout);
    eprintln!("{log}{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{what} checks failed:\n{log}");
    assert!(log.contains(&format!("all {what} checks passed")));
    assert!(!log.contains("FAIL"));
}
