//! Reading codes from images, end to end (bytes → reports), against the cost of decoding the
//! same JPEG to luma alone. Inputs are generated at setup by the shared notice generator:
//! a 12 MP phone photo (4000×3000 JPEG, EXIF orientation 6) of an A4 notice, and a 300-dpi
//! A4 greyscale scan (PNG).
//!
//! Targets (issue #3): photo end to end ≤ 1.5 × its JPEG-to-luma decode; scan ≤ 60 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use giroscope::{Options, verify};
use image::ImageEncoder;

// Shared with the tests and the sample generator; a harness-less bench compiles its test
// module without running it, hence the unused imports too.
#[allow(dead_code, unused_imports)]
#[path = "../tests/support/notice.rs"]
mod notice;

const PAYLOAD: &[u8] = b"BCD\n002\n1\nSCT\n\nStadtkasse Musterstadt\nDE02120300000000202051\nEUR25\nGOVT\n\nKassenzeichen 5.1234.567890.1 Verwarnungsgeld Parken";

fn page(dpi: u32) -> image::GrayImage {
    let spec = notice::QrSpec::new(PAYLOAD.to_vec(), qrcode::EcLevel::M);
    let code = notice::PlacedCode::new(&spec, 150.0, 230.0, 0.5).expect("code fits");
    notice::a4_notice(dpi, &[code], notice::PageStyle::default())
}

fn phone_photo_jpeg() -> Vec<u8> {
    let photo = notice::phone_photo(
        &page(300),
        4000,
        3000,
        notice::PhotoParams::typical(4000, 3000),
    );
    let stored = notice::rotate_for_orientation(&photo, 6);
    notice::jpeg_with_exif_orientation(&stored, 90, 6)
}

fn scan_png() -> Vec<u8> {
    let scan = page(300);
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes)
        .write_image(
            scan.as_raw(),
            scan.width(),
            scan.height(),
            image::ExtendedColorType::L8,
        )
        .expect("PNG encodes");
    bytes
}

fn jpeg_to_luma(bytes: &[u8]) -> Vec<u8> {
    use zune_core::{bytestream::ZCursor, colorspace::ColorSpace, options::DecoderOptions};
    let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::Luma);
    zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options)
        .decode()
        .expect("JPEG decodes")
}

fn bench(c: &mut Criterion) {
    let photo = phone_photo_jpeg();
    let scan = scan_png();
    let options = Options::default();
    // Fail loudly rather than time a reader that reads nothing.
    for (name, bytes) in [("photo", &photo), ("scan", &scan)] {
        let verified = verify(bytes, &options).expect("checkable");
        assert!(
            verified.valid(),
            "{name}: {:?}",
            verified.codes.iter().map(|c| c.codes()).collect::<Vec<_>>()
        );
    }
    let mut group = c.benchmark_group("image");
    group.sample_size(20);
    group.bench_function("photo_12mp_jpeg_to_luma_only", |b| {
        b.iter(|| jpeg_to_luma(std::hint::black_box(&photo)))
    });
    group.bench_function("photo_12mp_end_to_end", |b| {
        b.iter(|| verify(std::hint::black_box(&photo), &options))
    });
    group.bench_function("scan_a4_300dpi_end_to_end", |b| {
        b.iter(|| verify(std::hint::black_box(&scan), &options))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
