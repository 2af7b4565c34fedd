//! Writes seed corpora for the fuzz targets from the samples and from freshly rendered codes:
//! `cargo run --release --example fuzz_seeds -- fuzz/corpus`. The corpora are not committed.

#[allow(dead_code)]
#[path = "../tests/support/notice.rs"]
mod notice;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::ImageFormat;
use notice::{QrSpec, qr_modules, qr_version};
use qrcode::EcLevel;

const PAYLOADS: [&[u8]; 3] = [
    b"BCD\n002\n1\nSCT\n\nStadtkasse Musterstadt\nDE02120300000000202051\nEUR25\nGOVT\n\nKassenzeichen 5.1234.567890.1",
    b"BCD\r\n001\r\n2\r\nSCT\r\nBYLADEM1001\r\nKreiskasse M\xfcnchen\r\nDE02120300000000202051\r\nEUR7.5\r\n\r\nRF18539007547034",
    b"BCD\n002\n1\nINST\n\nVHS Musterstadt\nDE02120300000000202051\nEUR120.00\n\n\nKurs 24A-117\n",
];

fn main() {
    let Some(out) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: cargo run --release --example fuzz_seeds -- fuzz/corpus");
        std::process::exit(2);
    };
    let mut writer = Seeds { out };

    for entry in read_dir("samples/payloads") {
        if entry.extension().is_some_and(|e| e == "txt") {
            writer.put("payload", &entry, &std::fs::read(&entry).unwrap());
        }
    }
    for entry in read_dir("samples/pdf") {
        if entry.extension().is_some_and(|e| e == "pdf") {
            writer.put("pdf", &entry, &std::fs::read(&entry).unwrap());
        }
    }
    for entry in read_dir("samples/broken") {
        let bytes = std::fs::read(&entry).unwrap();
        let target = if bytes.starts_with(b"%PDF") {
            "pdf"
        } else {
            "image"
        };
        writer.put(target, &entry, &bytes);
    }

    let mut n = 0;
    for payload in PAYLOADS {
        for (ec, eci) in [
            (EcLevel::L, None),
            (EcLevel::M, Some(26)),
            (EcLevel::H, Some(3)),
        ] {
            let spec = QrSpec {
                eci,
                ..QrSpec::new(payload, ec)
            };
            let (size, modules) = qr_modules(&spec).unwrap();
            n += 1;
            writer.put_named(
                "symbol",
                &format!("symbol-{n}"),
                &symbol_seed(size, &modules),
            );
            let picture =
                image::DynamicImage::ImageLuma8(notice::symbol_image(size, &modules, 3)).to_rgb8();
            for format in [
                ImageFormat::Png,
                ImageFormat::Gif,
                ImageFormat::Bmp,
                ImageFormat::Tiff,
                ImageFormat::WebP,
                ImageFormat::Jpeg,
            ] {
                let mut bytes = Cursor::new(Vec::new());
                picture.write_to(&mut bytes, format).unwrap();
                let name = format!("code-{n}.{}", format.extensions_str()[0]);
                writer.put_named("image", &name, bytes.get_ref());
                if format == ImageFormat::Png {
                    writer.put_named("multipart", &name, &multipart(b"file", bytes.get_ref()));
                }
            }
        }
        writer.put_named(
            "multipart",
            &format!("payload-{n}"),
            &multipart(b"payload", payload),
        );
    }
}

struct Seeds {
    out: PathBuf,
}

impl Seeds {
    fn put(&mut self, target: &str, from: &Path, bytes: &[u8]) {
        let name = from.file_name().unwrap().to_string_lossy().into_owned();
        self.put_named(target, &name, bytes);
    }

    fn put_named(&mut self, target: &str, name: &str, bytes: &[u8]) {
        let dir = self.out.join(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

fn read_dir(dir: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths
}

/// The symbol target's input format: a version byte, then the modules eight to a byte.
fn symbol_seed(size: usize, modules: &[bool]) -> Vec<u8> {
    let mut bytes = vec![(qr_version(size) - 1) as u8];
    bytes.extend(modules.chunks(8).map(|chunk| {
        chunk
            .iter()
            .enumerate()
            .fold(0u8, |byte, (i, &dark)| byte | (u8::from(dark) << i))
    }));
    bytes
}

/// The multipart target's input format: a route byte, then a body under boundary `X`.
fn multipart(field: &[u8], content: &[u8]) -> Vec<u8> {
    let mut body = vec![0u8];
    body.extend_from_slice(b"--X\r\nContent-Disposition: form-data; name=\"");
    body.extend_from_slice(field);
    body.extend_from_slice(b"\"; filename=\"a\"\r\n\r\n");
    body.extend_from_slice(content);
    body.extend_from_slice(
        b"\r\n--X\r\nContent-Disposition: form-data; name=\"lang\"\r\n\r\nen\r\n--X--\r\n",
    );
    body
}
