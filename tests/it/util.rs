use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use image::{GrayImage, ImageEncoder, Luma};

/// A valid parking-ticket payload with every line populated but line 10; no findings at all.
pub const BASE: &[&str] = &[
    "BCD",
    "002",
    "1",
    "SCT",
    "COBADEFFXXX",
    "Stadtkasse Musterstadt",
    "DE02120300000000202051",
    "EUR35.00",
    "GOVT",
    "",
    "Kassenzeichen 5.1234.567890.1",
    "Verwarnungsgeld Parken",
];

/// BASE with some lines replaced (1-based line numbers), joined with LF. Trailing empty lines
/// are dropped, as a generator following EPC069-12 §2.2 does.
pub fn with_lines(changes: &[(usize, &str)]) -> Vec<u8> {
    let mut lines: Vec<String> = BASE.iter().map(|s| s.to_string()).collect();
    for (number, value) in changes {
        lines[number - 1] = value.to_string();
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines.join("\n").into_bytes()
}

/// The repository's root directory.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the giroscope binary with `args`, feeding `stdin`.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_giroscope"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the giroscope binary runs");
    // A closed stdin (the binary did not read it) is fine.
    let _ = child.stdin.take().expect("stdin is piped").write_all(stdin);
    child
        .wait_with_output()
        .expect("the giroscope binary finishes")
}

/// ../shared/corpus (relative to the checkout), or `None` with a message when it is absent.
/// CI has it: there a missing corpus fails the test instead of skipping it.
pub fn shared_corpus(what: &str) -> Option<PathBuf> {
    let corpus = root().join("../shared/corpus");
    if corpus.is_dir() {
        return Some(corpus);
    }
    eprintln!("skipping {what}: ../shared/corpus is absent");
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run {what}: ../shared/corpus is missing"
    );
    None
}

/// A path relative to samples/.
pub fn sample(path: &str) -> PathBuf {
    root().join("samples").join(path)
}

/// Writes `bytes` to a fresh file in the target directory and returns its path.
pub fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("giroscope-it");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("temp file");
    path
}

/// Draws `payload` as a QR code in byte mode at level M onto a white canvas at `(x, y)` with
/// `px` pixels a module and a 4-module quiet zone; returns the drawn width with quiet zone.
pub fn draw(canvas: &mut GrayImage, payload: &[u8], x: u32, y: u32, px: u32) -> u32 {
    let spec = crate::notice::QrSpec::new(payload.to_vec(), qrcode::EcLevel::M);
    let (size, modules) = crate::notice::qr_modules(&spec).expect("encodable");
    draw_modules(canvas, size, &modules, x, y, px)
}

/// Draws a module matrix (row-major, dark = true) like [`draw`].
pub fn draw_modules(
    canvas: &mut GrayImage,
    size: usize,
    modules: &[bool],
    x: u32,
    y: u32,
    px: u32,
) -> u32 {
    let size = size as u32;
    for my in 0..size {
        for mx in 0..size {
            if modules[(my * size + mx) as usize] {
                for dy in 0..px {
                    for dx in 0..px {
                        canvas.put_pixel(x + (4 + mx) * px + dx, y + (4 + my) * px + dy, Luma([0]));
                    }
                }
            }
        }
    }
    (size + 8) * px
}

pub fn png(image: &GrayImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(Cursor::new(&mut bytes))
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::L8,
        )
        .expect("PNG encodes");
    bytes
}

pub fn white(width: u32, height: u32) -> GrayImage {
    GrayImage::from_pixel(width, height, Luma([255]))
}

/// A real server on a free loopback port, running on the returned runtime until it is dropped.
pub fn loopback_server(
    config: giroscope_server::Config,
) -> (tokio::runtime::Runtime, std::net::SocketAddr) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let address = listener.local_addr().expect("address");
    runtime.spawn(giroscope_server::serve(listener, config));
    (runtime, address)
}

/// tests/web, when Debian's Chromium, node and the npm packages there are installed; `None`
/// with a message saying what is missing otherwise. Under CI (which installs them all) a
/// missing one fails instead.
pub fn browser_tests_or_skip(what: &str) -> Option<PathBuf> {
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
    if missing.is_empty() {
        return Some(web);
    }
    eprintln!("skipping {what}: missing {}", missing.join(", "));
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run {what}; .ci/run installs what it needs"
    );
    None
}

/// A PNG chunk: length, type, data and CRC.
pub fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = u32::try_from(data.len())
        .expect("a chunk's length fits in 32 bits")
        .to_be_bytes()
        .to_vec();
    chunk.extend_from_slice(kind);
    chunk.extend_from_slice(data);
    // CRC-32 (ISO 3309) over type and data, bit by bit: test data only.
    let mut crc = !0u32;
    for &byte in &chunk[4..] {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    chunk.extend_from_slice(&(!crc).to_be_bytes());
    chunk
}

/// `png` with `chunks` inserted after its header chunk (IHDR), before the pixels.
pub fn with_png_chunks(png: &[u8], chunks: &[Vec<u8>]) -> Vec<u8> {
    // Signature (8), then IHDR: length, type, 13 bytes, CRC.
    let (head, rest) = png.split_at(8 + 4 + 4 + 13 + 4);
    [head.to_vec(), chunks.concat(), rest.to_vec()].concat()
}

/// A zlib stream of `len` zero bytes that inflates to them from about 1/160 of their size:
/// one literal, then "the last 258 bytes again" as often as fits, in fixed Huffman codes.
/// Written by hand, so a test can make a stream of any size without holding it inflated.
pub fn zlib_zeros(len: usize) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        bits: u64,
        count: u32,
    }
    impl Bits {
        /// `count` bits of `value`, least significant first.
        fn put(&mut self, value: u32, count: u32) {
            self.bits |= u64::from(value) << self.count;
            self.count += count;
            while self.count >= 8 {
                self.out.push(self.bits as u8);
                self.bits >>= 8;
                self.count -= 8;
            }
        }
        /// A Huffman code, which deflate writes most significant bit first.
        fn code(&mut self, code: u32, count: u32) {
            self.put(code.reverse_bits() >> (32 - count), count);
        }
    }
    let mut bits = Bits {
        out: vec![0x78, 0x01],
        bits: 0,
        count: 0,
    };
    // The only block, with fixed codes.
    bits.put(1, 1);
    bits.put(1, 2);
    let literal_zero = |bits: &mut Bits| bits.code(0b0011_0000, 8);
    let mut left = len;
    if left > 0 {
        literal_zero(&mut bits);
        left -= 1;
    }
    while left >= 258 {
        // Length code 285 (258 bytes), distance code 0 (1 byte back).
        bits.code(0b1100_0101, 8);
        bits.code(0, 5);
        left -= 258;
    }
    for _ in 0..left {
        literal_zero(&mut bits);
    }
    // End of block, then the Adler-32 of `len` zeros, byte-aligned.
    bits.code(0, 7);
    let mut out = bits.out;
    if bits.count > 0 {
        out.push(bits.bits as u8);
    }
    let adler = ((len % 65_521) as u32) << 16 | 1;
    out.extend_from_slice(&adler.to_be_bytes());
    out
}
