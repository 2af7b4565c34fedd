//! Writes the committed image and PDF samples with their ground truth:
//! `cargo run --release --example make_samples -- samples`. The encrypted PDFs need `qpdf`
//! (Debian package `qpdf`); without it they are left as they are.

// Shared with the tests and benchmarks; each uses a different part of it.
#[allow(dead_code)]
#[path = "../tests/support/notice.rs"]
mod notice;
#[allow(dead_code)]
#[path = "../tests/support/pdf.rs"]
mod pdf;
#[allow(dead_code)]
#[path = "../tests/support/pdf_notices.rs"]
mod pdf_notices;

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{GrayImage, ImageEncoder};
use notice::{
    A4_H_MM, A4_W_MM, Page, PageStyle, PhotoParams, PlacedCode, QrSpec, damage,
    jpeg_with_exif_orientation, phone_photo, qr_version, rotate_for_orientation,
};
use qrcode::EcLevel;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const GIRO: &[u8] = b"BCD\n002\n1\nSCT\n\nStadtkasse Musterstadt\nDE02120300000000202051\nEUR25\nGOVT\n\nKassenzeichen 5.1234.567890.1 Verwarnungsgeld Parken";

/// Small samples are cut from the page as a landscape A6 window around the
/// payment slip, so they keep realistic clutter at a fraction of the bytes.
const CROP_DPI: u32 = 200;
const CROP: (f32, f32, f32, f32) = (50.0, 180.0, 148.0, 105.0);

fn giro(name: &str, amount: &str, text: &str) -> Vec<u8> {
    format!("BCD\n002\n1\nSCT\n\n{name}\nDE02120300000000202051\n{amount}\nGOVT\n\n{text}")
        .into_bytes()
}

struct Sample {
    file: String,
    codes: Vec<QrSpec>,
    note: Option<&'static str>,
}

fn main() {
    let samples_dir: PathBuf = match std::env::args_os().nth(1) {
        Some(p) => p.into(),
        None => {
            eprintln!("usage: cargo run --release --example make_samples -- samples");
            std::process::exit(2);
        }
    };
    write_pdfs(&samples_dir.join("pdf"));
    write_broken(&samples_dir.join("broken"));
    let out = samples_dir.join("images");
    std::fs::create_dir_all(&out).expect("create output directory");
    let mut samples = Vec::new();

    // 1 + 2: full-page scan and a phone photo of the same sheet.
    let scan_spec = QrSpec::new(GIRO, EcLevel::M);
    let scan_code = PlacedCode::new(&scan_spec, 150.0, 228.0, 0.5).unwrap();
    let scan = Page::a4(300, std::slice::from_ref(&scan_code), PageStyle::default());
    save_png(&out.join("scan-300dpi.png"), &scan.image);
    samples.push(Sample {
        file: "scan-300dpi.png".into(),
        codes: vec![scan_spec.clone()],
        note: None,
    });

    let (uw, uh) = (1200, 1600);
    let params = PhotoParams {
        corners: closeup_corners(uw as f32, uh as f32),
        blur_sigma: 1.2,
        ..PhotoParams::typical(uw, uh)
    };
    let upright = phone_photo(&scan.image, uw, uh, params);
    let stored = rotate_for_orientation(&upright, 6);
    let jpeg = jpeg_with_exif_orientation(&stored, 85, 6);
    std::fs::write(out.join("phone-perspective.jpg"), jpeg).expect("write jpeg");
    samples.push(Sample {
        file: "phone-perspective.jpg".into(),
        codes: vec![scan_spec],
        note: Some("EXIF orientation 6: stored 1600x1200, shown upright 1200x1600"),
    });

    // 3: ISO-8859-1 payload (charset line 2), no ECI.
    let latin1 = b"BCD\n002\n2\nSCT\n\nStadt M\xfcllheim\nDE02120300000000202051\nEUR48.20\nGOVT\n\nKassenzeichen 6.0815.001234.7 Geb\xfchren Abfallentsorgung".to_vec();
    cropped(
        &out,
        &mut samples,
        "latin1.png",
        QrSpec::new(latin1, EcLevel::M),
        PageStyle::default(),
    );

    // 4: UTF-8 payload announced by ECI 26.
    let mut eci = QrSpec::new(
        giro(
            "Stadtwerke Müllheim-Süd",
            "EUR112.40",
            "Kassenzeichen 7.2001.339812.4 Gebühren Straßenreinigung",
        ),
        EcLevel::M,
    );
    eci.eci = Some(26);
    cropped(
        &out,
        &mut samples,
        "eci-utf8.png",
        eci,
        PageStyle::default(),
    );

    // 5 + 6: unusual print styles.
    let inverted = QrSpec::new(
        giro(
            "Stadtkasse Musterstadt",
            "EUR35",
            "Kassenzeichen 5.1234.567891.9 Hundesteuer",
        ),
        EcLevel::M,
    );
    let style = PageStyle {
        inverted: true,
        ..PageStyle::default()
    };
    cropped(&out, &mut samples, "inverted.png", inverted, style);

    let low = QrSpec::new(
        giro(
            "Stadtkasse Musterstadt",
            "EUR15",
            "Kassenzeichen 5.1234.567892.7 Verwarnungsgeld",
        ),
        EcLevel::M,
    );
    let style = PageStyle {
        low_contrast: true,
        paper: 235,
        ..PageStyle::default()
    };
    cropped(&out, &mut samples, "low-contrast.png", low, style);

    // 7: ink blot over the data area, away from finders and the bottom-right
    // alignment pattern that decoders lean on.
    let dmg_spec = QrSpec::new(GIRO, EcLevel::M);
    let dmg_code = PlacedCode::new(&dmg_spec, 140.0, 222.0, 0.5).unwrap();
    let mut page = Page::a4(
        CROP_DPI,
        std::slice::from_ref(&dmg_code),
        PageStyle::default(),
    );
    let before = sample_modules(&page, &dmg_code);
    let n = dmg_code.size as f32;
    let rect = dmg_code.module_rect_px(CROP_DPI, 0.56 * n, 0.56 * n, 0.79 * n, 0.79 * n);
    damage(&mut page.image, rect, 42);
    let after = sample_modules(&page, &dmg_code);
    let pct = |n: usize| 100.0 * n as f64 / before.len() as f64;
    let covered = before
        .iter()
        .zip(&after)
        .filter(|(a, b)| a.abs_diff(**b) > 10)
        .count();
    let flipped = before
        .iter()
        .zip(&after)
        .filter(|(a, b)| (**a < 128) != (**b < 128))
        .count();
    println!(
        "damaged.png: blot {}x{} px covers {covered} of {} modules ({:.1} %), flips {flipped} ({:.1} %)",
        rect.w,
        rect.h,
        before.len(),
        pct(covered),
        pct(flipped)
    );
    save_png(&out.join("damaged.png"), &crop(&page));
    samples.push(Sample {
        file: "damaged.png".into(),
        codes: vec![dmg_spec],
        note: Some("ink blot over about 3 % of the modules (2 % flipped), away from finders"),
    });

    // 8: GiroCode plus an unrelated URL code, side by side on the slip.
    let two_giro = QrSpec::new(GIRO, EcLevel::M);
    let url = QrSpec::new(&b"https://www.musterstadt.de/parken"[..], EcLevel::M);
    let codes = [
        PlacedCode::new(&two_giro, 120.0, 222.0, 0.5).unwrap(),
        PlacedCode::new(&url, 160.0, 226.0, 0.5).unwrap(),
    ];
    let page = Page::a4(CROP_DPI, &codes, PageStyle::default());
    save_png(&out.join("two-codes.png"), &crop(&page));
    samples.push(Sample {
        file: "two-codes.png".into(),
        codes: vec![two_giro, url],
        note: Some("second code is a URL, not a GiroCode"),
    });

    // 9: highest error-correction level.
    cropped(
        &out,
        &mut samples,
        "ecc-h.png",
        QrSpec::new(GIRO, EcLevel::H),
        PageStyle::default(),
    );

    // 10: a payload over the 331-byte EPC limit, which forces version 14 at M.
    let mut long = giro(
        "Stadtkasse Musterstadt",
        "EUR1234.56",
        "Kassenzeichen 5.1234.567893.5 Grundbesitzabgaben 2025: Grundsteuer B, \
         Abfallgebuehren, Strassenreinigung, Niederschlagswasser; Faelligkeiten \
         15.02., 15.05., 15.08., 15.11.; bitte Kassenzeichen stets angeben",
    );
    while long.len() < 340 {
        long.extend_from_slice(b" .");
    }
    cropped(
        &out,
        &mut samples,
        "version-14.png",
        QrSpec::new(long, EcLevel::M),
        PageStyle::default(),
    );
    samples.last_mut().unwrap().note =
        Some("longer than the EPC limit of 331 bytes: not a valid GiroCode");

    write_expected(&out, &samples);
    report(&out, &samples);
}

/// Close-up framing for the committed photo: at 1200x1600 a whole-page shot
/// leaves 0.5 mm modules at ~2.4 px, which sigma 1.2 blur erases; holding the
/// phone closer (top and left of the sheet out of frame) gives ~3.4 px.
fn closeup_corners(w: f32, h: f32) -> [[f32; 2]; 4] {
    let s = 6.8; // pixels per millimetre along the bottom edge
    let (pw, ph) = (A4_W_MM * s, A4_H_MM * s * 0.93);
    let bottom = 0.97 * h;
    let right = 0.97 * w;
    let top_w = 0.86 * pw;
    let cx = right - pw / 2.0 + 0.03 * w;
    [
        [cx - top_w / 2.0, bottom - ph],
        [cx + top_w / 2.0, bottom - ph + 0.03 * h],
        [right, bottom],
        [right - pw, bottom - 0.02 * h],
    ]
}

/// Renders one code at the standard slip position and saves the A6 crop.
fn cropped(out: &Path, samples: &mut Vec<Sample>, file: &str, spec: QrSpec, style: PageStyle) {
    let code = PlacedCode::new(&spec, 140.0, 222.0, 0.5).unwrap();
    let page = Page::a4(CROP_DPI, &[code], style);
    save_png(&out.join(file), &crop(&page));
    samples.push(Sample {
        file: file.into(),
        codes: vec![spec],
        note: None,
    });
}

fn crop(page: &Page) -> GrayImage {
    page.crop_mm(CROP.0, CROP.1, CROP.2, CROP.3)
}

/// Grey level at each module centre inside the symbol, to measure damage.
fn sample_modules(page: &Page, code: &PlacedCode) -> Vec<u8> {
    let k = page.dpi as f32 / 25.4;
    let n = code.size;
    let mut v = Vec::with_capacity(n * n);
    for my in 0..n {
        for mx in 0..n {
            let x = (code.x_mm + (mx as f32 + 0.5) * code.module_mm) * k;
            let y = (code.y_mm + (my as f32 + 0.5) * code.module_mm) * k;
            v.push(page.image.get_pixel(x as u32, y as u32).0[0]);
        }
    }
    v
}

fn save_png(path: &Path, img: &GrayImage) {
    let file = std::fs::File::create(path).expect("create png");
    let w = std::io::BufWriter::new(file);
    PngEncoder::new_with_quality(w, CompressionType::Best, FilterType::Adaptive)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::L8,
        )
        .expect("write png");
}

/// Escapes a payload so it fits in one TSV cell and stays byte-exact:
/// `\n`, `\t`, `\\`, printable ASCII as is, every other byte as `\xNN`.
fn escape(bytes: &[u8]) -> String {
    let mut s = String::new();
    for &b in bytes {
        match b {
            b'\n' => s.push_str("\\n"),
            b'\t' => s.push_str("\\t"),
            b'\\' => s.push_str("\\\\"),
            0x20..=0x7E => s.push(b as char),
            _ => write!(s, "\\x{b:02X}").unwrap(),
        }
    }
    s
}

fn write_expected(out: &Path, samples: &[Sample]) {
    let mut t = String::new();
    t.push_str("# Ground truth for the GiroCode samples written by samplegen.\n");
    t.push_str("# Columns: file, codes, then per code: payload, ec, version, eci.\n");
    t.push_str("# payload escapes: \\n newline, \\t tab, \\\\ backslash, \\xNN any non-printable or non-ASCII byte.\n");
    t.push_str("# eci: designator number, or - when the symbol has no ECI segment.\n");
    for s in samples {
        if let Some(note) = s.note {
            writeln!(t, "# {}: {note}", s.file).unwrap();
        }
    }
    t.push_str("file\tcodes\tpayload\tec\tversion\teci\n");
    for s in samples {
        write!(t, "{}\t{}", s.file, s.codes.len()).unwrap();
        for c in &s.codes {
            let (size, _) = notice::qr_modules(c).unwrap();
            let eci = c.eci.map_or("-".to_string(), |e| e.to_string());
            write!(
                t,
                "\t{}\t{:?}\t{}\t{eci}",
                escape(&c.payload),
                c.ec,
                qr_version(size)
            )
            .unwrap();
        }
        t.push('\n');
    }
    std::fs::write(out.join("expected.tsv"), t).expect("write expected.tsv");
}

fn report(out: &Path, samples: &[Sample]) {
    let mut total = 0;
    for s in samples {
        let path = out.join(&s.file);
        let bytes = std::fs::metadata(&path).expect("stat").len();
        total += bytes;
        let (w, h) = image::image_dimensions(&path).expect("read back");
        let versions: Vec<String> = s
            .codes
            .iter()
            .map(|c| {
                let (size, _) = notice::qr_modules(c).unwrap();
                format!("v{} {:?} {}B", qr_version(size), c.ec, c.payload.len())
            })
            .collect();
        println!(
            "{:24} {:>5}x{:<5} {:>8} bytes  {}",
            s.file,
            w,
            h,
            bytes,
            versions.join(", ")
        );
    }
    println!("total {total} bytes");
}

/// samples/pdf: a six-page notice run with its manifest (one page per defect), a single
/// notice, its encrypted variants (made by qpdf, the reference implementation of PDF
/// encryption), and a truncated file.
fn write_pdfs(dir: &Path) {
    std::fs::create_dir_all(dir).expect("create samples/pdf");
    let write =
        |name: &str, data: &[u8]| std::fs::write(dir.join(name), data).expect("write PDF sample");
    let notices = pdf_notices::notices_pdf();
    write("notices.pdf", &notices);
    write("manifest.csv", pdf_notices::manifest_csv().as_bytes());
    write("truncated.pdf", &notices[..300]);
    let single = dir.join("single-notice.pdf");
    write("single-notice.pdf", &pdf_notices::single_notice_pdf());
    for (name, user, bits) in [
        ("encrypted-empty-password.pdf", "", "256"),
        ("password-protected.pdf", "geheim", "256"),
    ] {
        let status = std::process::Command::new("qpdf")
            .args(["--encrypt", user, "owner", bits, "--"])
            .arg(&single)
            .arg(dir.join(name))
            .status();
        match status {
            Ok(status) if matches!(status.code(), Some(0 | 3)) => {}
            other => eprintln!("{name}: not regenerated (qpdf: {other:?})"),
        }
    }
}

/// Hostile inputs, each with the outcome giroscope must give (`expected.tsv`): a named error, a
/// finding, or a valid reading despite the damage around the code. The big ones (a 10 MB
/// payload, a PDF of 100,000 pages, an upload of 10,000 parts) are made by the tests
/// themselves rather than committed.
fn write_broken(dir: &Path) {
    use image::codecs::webp::WebPEncoder;
    std::fs::create_dir_all(dir).expect("create samples/broken");
    let mut table = String::from("# file\texpected\twhy\n");
    let mut put = |name: &str, bytes: &[u8], expected: &str, why: &str| {
        std::fs::write(dir.join(name), bytes).expect("write broken sample");
        let _ = writeln!(table, "{name}\t{expected}\t{why}");
    };

    put("empty.bin", b"", "finding:PAYLOAD-EMPTY", "zero bytes");
    put(
        "one-byte.bin",
        b"\x89",
        "finding:NOT-GIROCODE",
        "the first byte of a PNG signature, nothing else",
    );
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let random: Vec<u8> = (0..4096)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 32) as u8
        })
        .collect();
    put(
        "random.bin",
        &random,
        "finding:NOT-GIROCODE",
        "4 KiB of xorshift noise",
    );

    // A small clean notice in each raster format, then cut short.
    let spec = QrSpec::new(GIRO, EcLevel::M);
    let (size, modules) = notice::qr_modules(&spec).expect("payload fits");
    let code = notice::symbol_image(size, &modules, 4);
    let side = code.width();
    let rgb = image::DynamicImage::ImageLuma8(code.clone()).to_rgb8();
    let mut png = Vec::new();
    PngEncoder::new(&mut png)
        .write_image(&code, side, side, image::ExtendedColorType::L8)
        .expect("PNG");
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&rgb)
        .expect("JPEG");
    let mut webp = Vec::new();
    WebPEncoder::new_lossless(&mut webp)
        .encode(&rgb, side, side, image::ExtendedColorType::Rgb8)
        .expect("WebP");
    let notice_pdf = pdf_notices::single_notice_pdf();
    put(
        "truncated.png",
        &png[..png.len() / 2],
        "error:INPUT-CORRUPT",
        "a PNG cut in half",
    );
    put(
        "truncated.jpg",
        &jpeg[..jpeg.len() / 2],
        "finding:IMAGE-TRUNCATED",
        "a JPEG cut in half: the decoder greys out what is missing",
    );
    put(
        "truncated.webp",
        &webp[..webp.len() / 2],
        "error:INPUT-CORRUPT",
        "a WebP cut in half",
    );
    put(
        "truncated.pdf",
        &notice_pdf[..notice_pdf.len() / 2],
        "error:INPUT-CORRUPT",
        "a PDF cut in half: no xref, no trailer",
    );

    put(
        "png-40000x40000.png",
        &png_header_only(40_000, 40_000),
        "error:INPUT-TOO-MANY-PIXELS",
        "a PNG header declaring 1.6 gigapixels, with one empty IDAT",
    );
    put(
        "jpeg-lying-exif.jpg",
        &jpeg_with_lying_exif(&jpeg),
        "valid",
        "EXIF claims 500 entries, an orientation of 200 and an IFD far past its end; the pixels are fine",
    );

    put(
        "heic-header.heic",
        b"\0\0\0\x18ftypheic\0\0\0\0mif1heic",
        "error:INPUT-UNSUPPORTED",
        "the header of an iPhone HEIC photo: a format this build does not read",
    );
    let mut gif = Vec::new();
    {
        let mut encoder = image::codecs::gif::GifEncoder::new(&mut gif);
        let frames = (0..100u8).map(|i| {
            image::Frame::new(image::RgbaImage::from_pixel(
                16,
                16,
                image::Rgba([i, 255 - i, 0, 255]),
            ))
        });
        encoder.encode_frames(frames).expect("GIF");
    }
    put(
        "animated-100-frames.gif",
        &gif,
        "error:INPUT-ANIMATED",
        "100 frames: which one would be the notice?",
    );

    put(
        "pdf-nested-arrays.pdf",
        &pdf::raw_pdf(&[
            "<< /Type /Catalog /Pages 2 0 R >>".into(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Hostile {}{} >>",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ]),
        "error:INPUT-CORRUPT",
        "an A4 page whose dictionary nests arrays 100,000 deep",
    );
    put("pdf-self-referencing.pdf", &pdf::raw_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 /Parent 2 0 R >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /X 5 0 R >> >> >>".into(),
        "<< /Length 4 0 R >>\nstream\nq /X Do Q\nendstream".into(),
        "<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X 5 0 R >> >> /Length 9 >>\nstream\nq /X Do Q\nendstream".into(),
    ]), "finding:PDF-PAGE-NO-CODE", "a page tree that is its own child, a stream whose length is itself, a form that draws itself");
    put(
        "pdf-page-14400pt.pdf",
        &pdf::raw_pdf(&[
            "<< /Type /Catalog /Pages 2 0 R >>".into(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>".into(),
        ]),
        "finding:PDF-PAGE-TOO-LARGE",
        "a 5 m square page: 3.6 gigapixels at 300 dpi",
    );

    let mut controls = b"BCD\n002\n1\nSCT\n\nStadtkasse Musterstadt\nDE02120300000000202051\nEUR25\n\n\nKassenzeichen 5.1234.567890.1 ".to_vec();
    controls.extend((0u8..0x20).filter(|&b| b != b'\n' && b != b'\r'));
    controls.push(0x7F);
    put(
        "payload-every-control.txt",
        &controls,
        "finding:CHARS-CONTROL",
        "every C0 control character but CR and LF, and DEL, in the remittance text",
    );

    std::fs::write(dir.join("expected.tsv"), table).expect("write expected.tsv");
}

/// A PNG signature and IHDR declaring `width`×`height` grey pixels, one empty IDAT, and IEND.
fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    for (kind, data) in [
        (&b"IHDR"[..], &ihdr[..]),
        (b"IDAT", b"\x78\x9c\x03\x00\x00\x00\x00\x01"),
        (b"IEND", b""),
    ] {
        let chunk = [kind, data].concat();
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(&chunk);
        out.extend_from_slice(&crc32(&chunk).to_be_bytes());
    }
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// `jpeg` with an APP1 EXIF segment whose every number lies.
fn jpeg_with_lying_exif(jpeg: &[u8]) -> Vec<u8> {
    let mut tiff = b"II*\0".to_vec();
    tiff.extend_from_slice(&8u32.to_le_bytes());
    tiff.extend_from_slice(&500u16.to_le_bytes()); // 500 entries; one follows
    tiff.extend_from_slice(&0x0112u16.to_le_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&200u16.to_le_bytes()); // no such orientation
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&0xFFFF_FF00u32.to_le_bytes()); // next IFD far past the end
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}
