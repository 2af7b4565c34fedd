//! Memory ceilings: a real `giroscope serve` process per case, its peak resident memory
//! (VmHWM, Linux) read from /proc after the requests. The ceilings are the ones the README's
//! limits table promises.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use image::codecs::jpeg::JpegEncoder;
use image::{GrayImage, Luma};

use crate::util::with_lines;

/// A server process on a free loopback port, killed when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let address = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_giroscope"))
            .args(["serve", "--addr", &address])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let server = Server { child, address };
        let started = Instant::now();
        while server.request("GET", "/healthz", "", &[]).0 != 200 {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "server did not come up"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// One HTTP/1.1 request; the status (0 if the connection failed) and the body.
    fn request(&self, method: &str, path: &str, content_type: &str, body: &[u8]) -> (u16, String) {
        let Ok(mut stream) = TcpStream::connect(&self.address) else {
            return (0, String::new());
        };
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .expect("timeout");
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        // The server may answer (413, 503) and close before the whole body is sent.
        let _ = stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.write_all(body));
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let response = String::from_utf8_lossy(&response).into_owned();
        let status = response
            .get(9..12)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, response)
    }

    /// Peak resident memory of the server process so far, in MB.
    fn peak_mb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("/proc/PID/status (Linux)");
        let kb: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM");
        kb / 1024
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A GiroCode drawn at `px` pixels a module in the middle of a white `width`×`height` picture.
fn notice(width: u32, height: u32, px: u32) -> GrayImage {
    let mut page = GrayImage::from_pixel(width, height, Luma([245]));
    crate::util::draw(&mut page, &with_lines(&[]), width / 3, height / 3, px);
    page
}

#[test]
fn the_largest_allowed_photo_stays_under_its_ceiling() {
    // 8160×6120 = 49.9 megapixels, just under the 50 MP limit: a 50 MP phone sensor.
    let page = notice(8160, 6120, 24);
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 85)
        .encode_image(&image::DynamicImage::ImageLuma8(page).to_rgb8())
        .expect("JPEG");
    let server = Server::start(&["--max-body-mb", "50"]);
    let idle = server.peak_mb();
    let (status, body) = server.request("POST", "/api/v1/check", "image/jpeg", &jpeg);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"valid\": true"), "{body}");
    let peak = server.peak_mb();
    eprintln!(
        "50 MP photo ({} MB JPEG): idle {idle} MB, peak {peak} MB",
        jpeg.len() >> 20
    );
    assert!(peak < 400, "peak {peak} MB");
}

#[test]
fn the_largest_allowed_pdf_page_stays_under_its_ceiling() {
    // A 1690 pt square page: at 300 dpi 7042×7042 = 49.6 megapixels, just under the limit.
    let spec = crate::notice::QrSpec::new(with_lines(&[]), qrcode::EcLevel::M);
    let (size, modules) = crate::notice::qr_modules(&spec).expect("fits");
    let mut content = String::from("0 g\n");
    for (i, _) in modules.iter().enumerate().filter(|(_, dark)| **dark) {
        let (x, y) = (i % size, i / size);
        content.push_str(&format!("{} {} 3 3 re\n", 600 + 3 * x, 1000 - 3 * y));
    }
    content.push_str("f\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1690 1690] /Contents 4 0 R >>".to_string(),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
    ];
    let pdf = crate::pdf::raw_pdf(&objects);
    let server = Server::start(&[]);
    let (status, body) = server.request("POST", "/api/v1/check", "application/pdf", &pdf);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"valid\": true"), "{body}");
    let peak = server.peak_mb();
    eprintln!("49.6 MP PDF page: peak {peak} MB");
    // hayro renders RGBA (200 MB at this size), turned into 50 MB of luma.
    assert!(peak < 400, "peak {peak} MB");
}

#[test]
fn sixteen_concurrent_20_mb_uploads_stay_under_the_ceiling() {
    // 20 MB that claim to be a JPEG: each is read in full, then refused as corrupt.
    let mut upload = vec![0xFF, 0xD8, 0xFF, 0xE0];
    upload.resize(20 * 1000 * 1000, 0x55);
    // All 16 come from one address here: let it have every upload slot, so the global limit
    // is what is measured.
    let server = Server::start(&["--max-per-client", "16"]);
    let (slowest_health, statuses, peak) = std::thread::scope(|scope| {
        let uploads: Vec<_> = (0..16)
            .map(|_| {
                scope.spawn(|| {
                    server
                        .request("POST", "/api/v1/check", "image/jpeg", &upload)
                        .0
                })
            })
            .collect();
        let mut slowest = Duration::ZERO;
        while !uploads.iter().all(|u| u.is_finished()) {
            let started = Instant::now();
            assert_eq!(server.request("GET", "/healthz", "", &[]).0, 200);
            slowest = slowest.max(started.elapsed());
            std::thread::sleep(Duration::from_millis(20));
        }
        let statuses: Vec<u16> = uploads
            .into_iter()
            .map(|u| u.join().expect("upload"))
            .collect();
        (slowest, statuses, server.peak_mb())
    });
    eprintln!(
        "16 × 20 MB: statuses {statuses:?}, slowest /healthz {slowest_health:?}, peak {peak} MB"
    );
    // Each upload is either checked (422: not a readable JPEG) or turned away: 503 when every
    // slot is taken, 429 when it waited in vain for its client's share of the workers.
    assert!(
        statuses.iter().all(|s| matches!(s, 422 | 429 | 503)),
        "{statuses:?}"
    );
    assert!(
        slowest_health < Duration::from_secs(1),
        "{slowest_health:?}"
    );
    // At most 8 bodies of 20 MB in memory (--max-uploads), each once, the rest turned away
    // unread: 160 MB and the server's own. Held twice while joined, it reached 311 MB.
    assert!(peak < 240, "peak {peak} MB");
}

#[test]
fn hostile_uploads_stay_under_the_photo_ceiling() {
    // Every file in samples/broken, one after another, through one server process.
    let server = Server::start(&[]);
    let dir = crate::util::sample("broken");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("samples/broken")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e != "tsv" && e != "md"))
        .collect();
    names.sort();
    for path in &names {
        let bytes = std::fs::read(path).expect("sample");
        let (status, body) =
            server.request("POST", "/api/v1/check", "application/octet-stream", &bytes);
        // A report (200), no input (400, the empty file) or a named refusal (413, 415, 422).
        assert!(
            matches!(status, 200 | 400 | 413 | 415 | 422),
            "{}: {status} {body}",
            path.display()
        );
    }
    let peak = server.peak_mb();
    eprintln!("{} hostile uploads: peak {peak} MB", names.len());
    assert!(peak < 200, "peak {peak} MB");
}

/// A PNG's metadata bombs: an ICC profile and compressed text that inflate to 390 MB each
/// (about what the decoder's byte budget allowed) in a 5 MB upload. They are left unread:
/// the server stays near its idle size instead of holding a 390 MB profile.
#[test]
fn png_metadata_bombs_stay_under_the_ceiling() {
    use crate::util::{png, png_chunk, with_png_chunks, zlib_zeros};
    let inflating = zlib_zeros(390 * 1024 * 1024);
    let upload = with_png_chunks(
        &png(&notice(800, 600, 6)),
        &[
            png_chunk(b"iCCP", &[&b"icc\0\0"[..], &inflating].concat()),
            png_chunk(b"zTXt", &[&b"Comment\0\0"[..], &inflating].concat()),
        ],
    );
    let server = Server::start(&[]);
    let idle = server.peak_mb();
    let (status, body) = server.request("POST", "/api/v1/check", "image/png", &upload);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"valid\": true"), "{body}");
    let peak = server.peak_mb();
    eprintln!(
        "PNG with 2 × 390 MB of metadata ({} kB): idle {idle} MB, peak {peak} MB",
        upload.len() >> 10
    );
    assert!(peak < idle + 50, "idle {idle} MB, peak {peak} MB");
}

/// 200 clients at once, each sending a request head with a 1 MB field: every one gets the
/// JSON 431, and the server holds at most one head's 64 KiB per connection, never the field.
#[test]
fn two_hundred_oversized_heads_at_once_stay_under_the_ceiling() {
    let server = Server::start(&[]);
    let idle = server.peak_mb();
    let head = format!(
        "GET /healthz HTTP/1.1\r\nHost: localhost\r\nCookie: {}\r\n\r\n",
        "c".repeat(1_000_000)
    );
    let answers: Vec<String> = std::thread::scope(|scope| {
        let clients: Vec<_> = (0..200)
            .map(|_| {
                scope.spawn(|| {
                    let mut stream = TcpStream::connect(&server.address).expect("connect");
                    stream
                        .set_read_timeout(Some(Duration::from_secs(60)))
                        .expect("timeout");
                    let mut writer = stream.try_clone().expect("a second handle");
                    let sending = std::thread::spawn({
                        let head = head.clone();
                        move || {
                            // The server answers and closes before the field is all sent.
                            let _ = writer.write_all(head.as_bytes());
                        }
                    });
                    let mut answer = Vec::new();
                    let mut chunk = [0u8; 4096];
                    while let Ok(n @ 1..) = stream.read(&mut chunk) {
                        answer.extend_from_slice(&chunk[..n]);
                    }
                    let _ = stream.shutdown(std::net::Shutdown::Both);
                    sending.join().expect("sender");
                    String::from_utf8_lossy(&answer).into_owned()
                })
            })
            .collect();
        clients
            .into_iter()
            .map(|c| c.join().expect("client"))
            .collect()
    });
    let peak = server.peak_mb();
    eprintln!("200 heads with a 1 MB field at once: idle {idle} MB, peak {peak} MB");
    for answer in &answers {
        assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
        assert!(answer.contains("HEADERS-TOO-LARGE"), "{answer}");
    }
    assert!(peak < idle + 50, "idle {idle} MB, peak {peak} MB");
}

/// The hostile-load benchmark (`cargo bench --bench load`, 90 s) in short: page bombs, pixel
/// bombs and trickling uploads for 6 s while a citizen sends a photo every 2 s. (Short: the
/// attacks take a core for their duration, and other tests in this binary read with time
/// limits.)
#[test]
fn hostile_load_leaves_the_citizens_photos_quick() {
    // Short body and request timeouts, so the attacks in flight end soon after the run.
    let server = Server::start(&["--body-timeout", "2", "--request-timeout", "4"]);
    let address = server.address.parse().expect("address");
    let photo = std::fs::read(crate::util::sample("images/phone-perspective.jpg")).expect("photo");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let outcome = runtime.block_on(crate::load::run(address, Duration::from_secs(6), photo));
    let peak = server.peak_mb();
    eprintln!("{}peak {peak} MB", outcome.summary());
    assert!(outcome.honest.len() >= 2, "{}", outcome.summary());
    assert!(
        outcome.honest.iter().all(|a| a.status == 200),
        "{}",
        outcome.summary()
    );
    assert!(
        outcome.quantile(0.95) < Duration::from_secs(1),
        "{}",
        outcome.summary()
    );
    // Every kind of attack was answered: a report, a refusal, or a timeout; never a 500.
    for (kind, statuses) in &outcome.hostile {
        assert!(
            statuses
                .keys()
                .all(|s| matches!(s, 200 | 408 | 413 | 422 | 429 | 503 | 504)),
            "{kind}: {statuses:?}"
        );
    }
    assert!(outcome.hostile.len() >= 5, "{}", outcome.summary());
    assert!(peak < 400, "peak {peak} MB");
}

#[test]
fn hostile_pdfs_stay_under_the_photo_ceiling() {
    // Every hostile PDF of `hostile_pdfs`, one after another, through one server process:
    // refused by the page budgets, or contained in its worker process.
    let server = Server::start(&[]);
    for (name, bytes, _) in crate::hostile_pdfs::cases() {
        let (status, body) = server.request("POST", "/api/v1/check", "application/pdf", &bytes);
        assert_eq!(status, 200, "{name}: {body}");
        assert_eq!(server.request("GET", "/healthz", "", &[]).0, 200, "{name}");
    }
    let peak = server.peak_mb();
    eprintln!("hostile PDFs: peak {peak} MB");
    assert!(peak < 200, "peak {peak} MB");
}
