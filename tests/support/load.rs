//! The hostile-load scenario of issue 11, shared by `cargo bench --bench load` (90 s against
//! a release server process) and a short run in the tests.
//!
//! One attacker (127.0.0.2) keeps sending page bombs (20,000 pages that draw nothing, 20,000
//! pages with a dot each, 50 dotted pages within the page budget: every page rendered and
//! read) and pixel bombs (a PNG header claiming 40,000 × 40,000 pixels, a 49-megapixel white
//! PNG of 60 KB); a second attacker (127.0.0.3) keeps two uploads trickling in at 10 KB/s.
//! Meanwhile an honest client (127.0.0.10) sends a phone photo every 2 s. Each client comes
//! from its own loopback address, so the server's per-client limits see three clients, as
//! they would on the internet. Every loop is bounded by the run's duration and stops by
//! itself.

use std::collections::BTreeMap;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpSocket;

/// One answer.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The status code, 0 when the connection failed.
    pub status: u16,
    /// Headers and body as text.
    pub text: String,
    /// From connecting to the last byte of the answer.
    pub elapsed: Duration,
}

/// How to send a body: all at once, or `chunk` bytes every `every`.
#[derive(Debug, Clone, Copy)]
pub enum Pace {
    /// As fast as the connection takes it.
    Full,
    /// A trickle.
    Trickle {
        /// Bytes per write.
        chunk: usize,
        /// Pause between writes.
        every: Duration,
    },
}

/// One HTTP/1.1 request from the loopback address `from` (`Connection: close`).
pub async fn exchange(
    server: SocketAddr,
    from: IpAddr,
    head: &str,
    body: &[u8],
    pace: Pace,
) -> Answer {
    let started = Instant::now();
    let result = async {
        let socket = TcpSocket::new_v4()?;
        socket.bind(SocketAddr::new(from, 0))?;
        let mut stream = socket.connect(server).await?;
        let head = format!(
            "{head}\r\nHost: localhost\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let (mut reader, mut writer) = stream.split();
        let send = async {
            writer.write_all(head.as_bytes()).await?;
            match pace {
                Pace::Full => writer.write_all(body).await?,
                Pace::Trickle { chunk, every } => {
                    for piece in body.chunks(chunk.max(1)) {
                        writer.write_all(piece).await?;
                        tokio::time::sleep(every).await;
                    }
                }
            }
            io::Result::Ok(())
        };
        let mut response = Vec::new();
        let receive = reader.read_to_end(&mut response);
        // The server may answer (413, 408, 503) before the whole body is sent.
        tokio::pin!(send);
        tokio::pin!(receive);
        tokio::select! {
            _ = &mut send => { receive.await?; }
            received = &mut receive => { received?; }
        }
        io::Result::Ok(String::from_utf8_lossy(&response).into_owned())
    }
    .await;
    let text = result.unwrap_or_default();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    Answer {
        status,
        text,
        elapsed: started.elapsed(),
    }
}

/// A POST's request line and content type.
pub fn post(path: &str, content_type: &str) -> String {
    format!("POST {path} HTTP/1.1\r\nContent-Type: {content_type}")
}

/// A PDF of `pages` A4 pages sharing one content stream.
pub fn pdf(pages: usize, content: &str) -> Vec<u8> {
    crate::pdf::same_pages_pdf(pages, content, "")
}

/// A page with one small black square: not blank, so it is rendered and read.
pub const DOT: &str = "0 g 100 100 2 2 re f";

/// A PNG header declaring 40,000 × 40,000 pixels (samples/broken).
pub const PIXEL_BOMB: &[u8] = include_bytes!("../../samples/broken/png-40000x40000.png");

/// A white greyscale PNG of `side` × `side` pixels: tiny on the wire, `side²` bytes decoded.
pub fn white_png(side: u32) -> Vec<u8> {
    use image::ImageEncoder;
    let pixels = vec![255u8; (side * side) as usize];
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new_with_quality(
        &mut png,
        image::codecs::png::CompressionType::Best,
        image::codecs::png::FilterType::NoFilter,
    )
    .write_image(&pixels, side, side, image::ExtendedColorType::L8)
    .expect("PNG encodes");
    png
}

/// What the run saw.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The honest client's answers, in order.
    pub honest: Vec<Answer>,
    /// Hostile requests by kind and status.
    pub hostile: BTreeMap<&'static str, BTreeMap<u16, usize>>,
}

impl Outcome {
    /// The honest latencies' `p`-quantile (0..=1).
    pub fn quantile(&self, p: f64) -> Duration {
        let mut times: Vec<Duration> = self.honest.iter().map(|a| a.elapsed).collect();
        times.sort();
        if times.is_empty() {
            return Duration::ZERO;
        }
        let index = ((times.len() as f64 - 1.0) * p).round() as usize;
        times[index.min(times.len() - 1)]
    }

    /// One line per hostile kind, and the honest client's numbers.
    pub fn summary(&self) -> String {
        let ok = self.honest.iter().filter(|a| a.status == 200).count();
        let mut out = format!(
            "honest: {ok}/{} answered 200, p50 {:?}, p95 {:?}, max {:?}\n",
            self.honest.len(),
            self.quantile(0.5),
            self.quantile(0.95),
            self.quantile(1.0)
        );
        for (kind, statuses) in &self.hostile {
            out.push_str(&format!("{kind}: {statuses:?}\n"));
        }
        out
    }
}

/// Runs the scenario against `server` for `duration`, the honest client sending `photo`.
pub async fn run(server: SocketAddr, duration: Duration, photo: Vec<u8>) -> Outcome {
    let attacker: IpAddr = "127.0.0.2".parse().expect("ip");
    let trickler: IpAddr = "127.0.0.3".parse().expect("ip");
    let citizen: IpAddr = "127.0.0.10".parse().expect("ip");
    let end = Instant::now() + duration;
    let outcome = Arc::new(Mutex::new(Outcome::default()));
    let record = {
        let outcome = outcome.clone();
        move |kind: &'static str, status: u16| {
            let mut outcome = outcome.lock().expect("not poisoned");
            *outcome
                .hostile
                .entry(kind)
                .or_default()
                .entry(status)
                .or_default() += 1;
        }
    };
    let bombs: Arc<Vec<(&'static str, &'static str, Vec<u8>)>> = Arc::new(vec![
        ("20000 blank pages", "application/pdf", pdf(20_000, "")),
        ("20000 dotted pages", "application/pdf", pdf(20_000, DOT)),
        ("50 dotted pages", "application/pdf", pdf(50, DOT)),
        ("40000x40000 PNG header", "image/png", PIXEL_BOMB.to_vec()),
        ("49 MP white PNG", "image/png", white_png(7000)),
    ]);
    let mut tasks = Vec::new();
    // The attacker: two loops through every bomb.
    for lane in 0..2 {
        let (bombs, record) = (bombs.clone(), record.clone());
        tasks.push(tokio::spawn(async move {
            let mut next = lane;
            while Instant::now() < end {
                let (kind, content_type, bytes) = &bombs[next % bombs.len()];
                next += 1;
                let answer = exchange(
                    server,
                    attacker,
                    &post("/api/v1/check", content_type),
                    bytes,
                    Pace::Full,
                )
                .await;
                record(kind, answer.status);
                if answer.status == 429 || answer.status == 503 {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }));
    }
    // The trickler: two 5 MB uploads at 10 KB/s at a time, each cut off by the body timeout.
    for _ in 0..2 {
        let record = record.clone();
        tasks.push(tokio::spawn(async move {
            let body = vec![0x55u8; 5_000_000];
            while Instant::now() < end {
                let remaining = end.saturating_duration_since(Instant::now());
                let answer = tokio::time::timeout(
                    remaining + Duration::from_secs(20),
                    exchange(
                        server,
                        trickler,
                        &post("/api/v1/check", "image/jpeg"),
                        &body,
                        Pace::Trickle {
                            chunk: 1000,
                            every: Duration::from_millis(100),
                        },
                    ),
                )
                .await;
                record("slow upload", answer.map_or(0, |a| a.status));
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }));
    }
    // The citizen: a photo every 2 s.
    let honest = {
        let outcome = outcome.clone();
        tokio::spawn(async move {
            // Let the attack get going first.
            tokio::time::sleep(Duration::from_millis(500)).await;
            while Instant::now() < end {
                let next = Instant::now() + Duration::from_secs(2);
                let answer = exchange(
                    server,
                    citizen,
                    &post("/api/v1/check", "image/jpeg"),
                    &photo,
                    Pace::Full,
                )
                .await;
                outcome.lock().expect("not poisoned").honest.push(answer);
                tokio::time::sleep_until(next.into()).await;
            }
        })
    };
    let _ = honest.await;
    for task in tasks {
        let _ = task.await;
    }
    std::mem::take(&mut *outcome.lock().expect("not poisoned"))
}
