use giroscope::{CodeKind, Options, verify};
use image::Luma;

use crate::util::{draw, png, run, temp_file, white, with_lines};

#[test]
fn reads_a_girocode_with_its_corners() {
    let payload = with_lines(&[]);
    let mut page = white(600, 500);
    draw(&mut page, &payload, 100, 50, 6);
    let verified = verify(&png(&page), &Options::default()).expect("checkable");
    assert!(verified.valid(), "{:?}", verified.findings);
    assert_eq!(verified.image_size, Some((600, 500)));
    let code = &verified.codes[0];
    assert_eq!(code.kind, CodeKind::GiroCode);
    assert_eq!(code.payload.as_bytes(), payload.as_slice());
    let symbol = code.symbol.as_ref().expect("symbol facts");
    let (x, y) = symbol.corners[0];
    assert!(
        (x - 124.0).abs() < 4.0 && (y - 74.0).abs() < 4.0,
        "top-left corner at {x},{y}"
    );
    let module = symbol.module_px.expect("module size");
    assert!((module - 6.0).abs() < 0.3, "{module}");
}

#[test]
fn a_second_unrelated_code_is_noted_not_failed() {
    let mut page = white(900, 450);
    let width = draw(&mut page, &with_lines(&[]), 10, 10, 5);
    draw(
        &mut page,
        b"https://www.musterstadt.de/parken",
        10 + width + 20,
        10,
        5,
    );
    let verified = verify(&png(&page), &Options::default()).expect("checkable");
    assert_eq!(verified.codes.len(), 2);
    assert!(verified.valid());
    let other = verified
        .codes
        .iter()
        .find(|c| c.kind == CodeKind::Other)
        .expect("the URL code");
    assert_eq!(other.codes(), ["OTHER-CODE"]);
    assert_eq!(
        other.findings[0].param("kind_en"),
        Some("a web address (URL)")
    );
}

#[test]
fn a_lone_url_code_is_not_a_girocode() {
    let mut page = white(400, 400);
    draw(&mut page, b"https://www.musterstadt.de/parken", 20, 20, 6);
    let verified = verify(&png(&page), &Options::default()).expect("checkable");
    assert!(!verified.valid());
    assert_eq!(verified.codes[0].codes(), ["NOT-GIROCODE"]);
}

/// Every reading step copes with pictures of any thin shape: a one-pixel line halves to
/// nothing, a sliver has no room for a symbol. Each is a picture without a code, never a panic.
#[test]
fn thin_and_tiny_pictures_are_no_code_not_a_panic() {
    for (width, height) in [
        (1, 1),
        (1, 2),
        (2, 1),
        (1, 3000),
        (3000, 1),
        (2, 4000),
        (21, 21),
        (5000, 3),
    ] {
        let picture =
            image::GrayImage::from_fn(width, height, |x, y| Luma([((x * 7 + y * 13) % 256) as u8]));
        let verified = verify(&png(&picture), &Options::default())
            .unwrap_or_else(|error| panic!("{width}×{height}: {error}"));
        let codes: Vec<&str> = verified.findings.iter().map(|f| f.rule.code).collect();
        assert_eq!(codes, ["IMAGE-NO-CODE"], "{width}×{height}");
    }
}

/// PNG metadata giroscope does not read is left out before decoding: an ICC profile or text
/// that inflates to 60 MB, megabytes of plain text, EXIF larger than any camera writes. Each
/// PNG is read like the same PNG without the chunk, at once; a camera's EXIF still turns the
/// picture (the memory this saves is measured in `ceilings`).
#[test]
fn png_metadata_chunks_are_left_unread() {
    use crate::util::{png_chunk, with_png_chunks, zlib_zeros};
    let mut page = white(500, 400);
    draw(&mut page, &with_lines(&[]), 40, 40, 6);
    let plain = png(&page);
    // The helper's stream is real zlib: as the pixels of a black 4000×4 picture it decodes.
    let header = [
        &4000u32.to_be_bytes()[..],
        &4u32.to_be_bytes(),
        &[8, 0, 0, 0, 0],
    ]
    .concat();
    let black = [
        b"\x89PNG\r\n\x1a\n".to_vec(),
        png_chunk(b"IHDR", &header),
        png_chunk(b"IDAT", &zlib_zeros(4 * 4001)),
        png_chunk(b"IEND", b""),
    ]
    .concat();
    let decoded = image::load_from_memory(&black).expect("zlib_zeros inflates");
    assert!(decoded.to_luma8().iter().all(|&v| v == 0));
    let inflating = zlib_zeros(60 * 1024 * 1024);
    // EXIF with orientation 6 (turned 90°): a big-endian TIFF header and one entry.
    let exif = b"MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0".to_vec();
    let mut huge_exif = exif.clone();
    huge_exif.resize(8 * 1024 * 1024, 0);
    for (what, chunk, upright) in [
        (
            "a 60 MB ICC profile",
            png_chunk(b"iCCP", &[&b"icc\0\0"[..], &inflating].concat()),
            (500, 400),
        ),
        (
            "60 MB of compressed text",
            png_chunk(b"zTXt", &[&b"Comment\0\0"[..], &inflating].concat()),
            (500, 400),
        ),
        (
            "60 MB of compressed international text",
            png_chunk(b"iTXt", &[&b"Comment\0\x01\0\0\0"[..], &inflating].concat()),
            (500, 400),
        ),
        (
            "8 MB of text",
            png_chunk(b"tEXt", &[&b"Comment\0"[..], &vec![0xE4; 8 << 20]].concat()),
            (500, 400),
        ),
        ("8 MB of EXIF", png_chunk(b"eXIf", &huge_exif), (500, 400)),
        ("a camera's EXIF", png_chunk(b"eXIf", &exif), (400, 500)),
    ] {
        let started = std::time::Instant::now();
        let verified = verify(&with_png_chunks(&plain, &[chunk]), &Options::default())
            .unwrap_or_else(|error| panic!("{what}: {error}"));
        assert!(verified.valid(), "{what}: {:?}", verified.findings);
        assert_eq!(verified.image_size, Some(upright), "{what}");
        assert!(
            started.elapsed().as_secs() < 5,
            "{what}: {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn a_page_without_a_code_is_a_finding() {
    let verified = verify(&png(&white(300, 200)), &Options::default()).expect("checkable");
    assert!(verified.codes.is_empty());
    assert_eq!(verified.findings[0].rule.code, "IMAGE-NO-CODE");
    assert!(!verified.valid());
}

/// Scribbles over the data area of the code `draw` put at (20, 20) with 8 px modules, between
/// its finder patterns: finders and timing stay, so it is located but cannot be read.
fn destroy_data_area(page: &mut image::GrayImage) {
    for y in (20 + 9 * 8)..(20 + 36 * 8) {
        for x in (20 + 9 * 8)..(20 + 36 * 8) {
            if (x / 8 + y / 8) % 3 == 0 {
                page.put_pixel(x, y, Luma([0]));
            } else if (x / 8 * 7 + y / 8) % 5 == 0 {
                page.put_pixel(x, y, Luma([255]));
            }
        }
    }
}

#[test]
fn a_destroyed_code_is_found_but_unreadable() {
    let mut page = white(500, 500);
    let payload = with_lines(&[]);
    draw(&mut page, &payload, 20, 20, 8);
    destroy_data_area(&mut page);
    let verified = verify(&png(&page), &Options::default()).expect("checkable");
    assert!(
        verified.codes.is_empty(),
        "{:?}",
        verified.codes.first().map(|c| &c.payload)
    );
    assert_eq!(verified.findings[0].rule.code, "IMAGE-UNREADABLE-CODE");
}

#[test]
fn cli_reads_images_and_reports_engines() {
    let mut page = white(400, 400);
    draw(&mut page, &with_lines(&[]), 20, 20, 6);
    let path = temp_file("notice.png", &png(&page));
    let output = run(
        &[
            "check",
            "--format",
            "json",
            "--engines",
            "all",
            path.to_str().expect("path"),
        ],
        b"",
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let code = &json["results"][0]["codes"][0];
    assert_eq!(code["kind"], "girocode");
    let engines: Vec<&str> = code["symbol"]["engines"]
        .as_array()
        .expect("engines")
        .iter()
        .filter_map(|e| e.as_str())
        .collect();
    assert!(
        engines.contains(&"rxing") && engines.contains(&"rqrr"),
        "{engines:?}"
    );
    assert_eq!(json["results"][0]["image"]["width"], 400);
}

/// CRC-32 (IEEE), as PNG chunks carry it.
#[test]
fn reading_time_is_limited() {
    // A page without a code climbs the whole ladder; with no time at all it stops at once.
    let page = png(&white(1200, 900));
    let limits = giroscope::Limits {
        max_decode_time: std::time::Duration::ZERO,
        ..Default::default()
    };
    let options = Options {
        limits,
        ..Options::default()
    };
    let started = std::time::Instant::now();
    let error = verify(&page, &options).expect_err("no time to read");
    assert_eq!(error.code(), "INPUT-TIMEOUT");
    assert!(started.elapsed().as_millis() < 500);
    // With time to climb the whole ladder (a debug build is slow) it is a page without a code.
    let limits = giroscope::Limits {
        max_decode_time: std::time::Duration::from_secs(120),
        ..Default::default()
    };
    let verified = verify(
        &page,
        &Options {
            limits,
            ..Options::default()
        },
    )
    .expect("checkable");
    assert_eq!(verified.findings[0].rule.code, "IMAGE-NO-CODE");
}

#[test]
fn reading_work_is_limited_at_n_and_n_plus_one() {
    // The first step on a 600×500 picture (rxing, 3 units a pixel) costs exactly 900,000.
    let mut page = white(600, 500);
    draw(&mut page, &with_lines(&[]), 100, 50, 6);
    let bytes = png(&page);
    let with_work = |max_read_work| Options {
        limits: giroscope::Limits {
            max_read_work,
            ..Default::default()
        },
        ..Options::default()
    };
    let verified = verify(&bytes, &with_work(900_000)).expect("checkable");
    assert!(verified.valid(), "{:?}", verified.findings);
    let verified = verify(&bytes, &with_work(899_999)).expect("checkable");
    assert_eq!(verified.findings[0].rule.code, "IMAGE-NO-CODE");
    // The budget, not the clock, decides: the same every time.
    for _ in 0..3 {
        let again = verify(&bytes, &with_work(899_999)).expect("checkable");
        assert_eq!(again.findings[0].rule.code, "IMAGE-NO-CODE");
    }
}

/// Phone photos of a notice under varied conditions, each made by the shared simulator and
/// stored as JPEG: the GiroCode must be read in every one. One case a line.
#[test]
fn phone_photos_under_varied_conditions_are_read() {
    use crate::notice::{
        PageStyle, PhotoParams, PlacedCode, QrSpec, a4_notice, jpeg_with_exif_orientation,
        phone_photo,
    };
    let payload = with_lines(&[]);
    let spec = QrSpec::new(payload.clone(), qrcode::EcLevel::M);
    let code = PlacedCode::new(&spec, 150.0, 230.0, 0.5).expect("code fits");
    let page = a4_notice(200, &[code], PageStyle::default());
    let (w, h) = (1600.0f32, 1200.0f32);
    // A close shot of the lower right of the page (about 3.4 px a module), as a citizen takes it.
    let close = |turn_degrees: f32| -> [[f32; 2]; 4] {
        let s = 6.8;
        let (pw, ph) = (210.0 * s, 297.0 * s * 0.93);
        let (bottom, right) = (0.97 * h, 0.97 * w);
        let top_w = 0.86 * pw;
        let cx = right - pw / 2.0 + 0.03 * w;
        let quad = [
            [cx - top_w / 2.0, bottom - ph],
            [cx + top_w / 2.0, bottom - ph + 0.03 * h],
            [right, bottom],
            [right - pw, bottom - 0.02 * h],
        ];
        // Turn about the code's approximate position so it stays in the frame.
        let (ox, oy) = (0.72 * w, 0.72 * h);
        let (sin, cos) = turn_degrees.to_radians().sin_cos();
        quad.map(|[x, y]| {
            [
                ox + (x - ox) * cos - (y - oy) * sin,
                oy + (x - ox) * sin + (y - oy) * cos,
            ]
        })
    };
    let base = PhotoParams {
        corners: close(0.0),
        ..PhotoParams::typical(w as u32, h as u32)
    };
    for (name, params) in [
        ("nominal", base),
        (
            "turned 25 degrees",
            PhotoParams {
                corners: close(25.0),
                ..base
            },
        ),
        (
            "upside down",
            PhotoParams {
                corners: close(180.0),
                ..base
            },
        ),
        (
            "blurred",
            PhotoParams {
                blur_sigma: 1.5,
                ..base
            },
        ),
        (
            "dim and noisy",
            PhotoParams {
                exposure: 0.45,
                noise: 7.0,
                ..base
            },
        ),
        (
            "strong shadow",
            PhotoParams {
                light_falloff: 0.7,
                light_angle_deg: 10.0,
                ..base
            },
        ),
        (
            "warm light",
            PhotoParams {
                cast: [1.2, 1.0, 0.7],
                ..base
            },
        ),
    ] {
        let photo = phone_photo(&page, w as u32, h as u32, params);
        let jpeg = jpeg_with_exif_orientation(&photo, 82, 1);
        // Robustness, not speed: a debug build is an order of magnitude slower than release.
        let limits = giroscope::Limits {
            max_decode_time: std::time::Duration::from_secs(120),
            ..Default::default()
        };
        let options = Options {
            limits,
            ..Options::default()
        };
        let verified = verify(&jpeg, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
        let read = verified
            .codes
            .iter()
            .any(|c| c.payload.as_bytes() == payload.as_slice());
        assert!(
            read,
            "{name}: {:?}",
            verified
                .findings
                .iter()
                .map(|f| f.rule.code)
                .collect::<Vec<_>>()
        );
    }
}

/// The reading of `page` under the default budget, with its trace.
fn read_traced(page: &image::GrayImage) -> giroscope::decode::Reading {
    giroscope::decode::read(
        page,
        &giroscope::decode::ReadOptions {
            all_engines: false,
            budget: giroscope::Limits::default().max_read_work,
            deadline: giroscope::clock::Deadline::after(std::time::Duration::from_secs(60)),
            cancel: giroscope::CancelToken::new(),
        },
    )
}

/// What each rqrr call of `scope` located, in the order they ran.
fn rqrr_calls(reading: &giroscope::decode::Reading, scope: giroscope::decode::Scope) -> Vec<usize> {
    use giroscope::decode::{Engine, Reader};
    reading
        .trace
        .iter()
        .filter(|a| a.step.scope == scope && a.step.reader == Reader::Engine(Engine::Rqrr))
        .map(|a| a.finder_patterns)
        .collect()
}

/// rqrr's frame search only goes over what the region steps treated when every finder-like
/// shape rxing saw is in a symbol they could not read: it is left out. A shape elsewhere (a
/// lone finder pattern here) may be another code's, and the frame search runs.
#[test]
fn rqrr_searches_the_frame_only_for_shapes_outside_the_symbols_no_step_read() {
    use giroscope::decode::Scope;
    let frame_rqrr = |lone_finder: bool| -> (usize, usize) {
        let mut page = white(760, 500);
        draw(&mut page, &with_lines(&[]), 20, 20, 8);
        destroy_data_area(&mut page);
        if lone_finder {
            // A finder pattern, 7 × 7 modules of 8 px: dark ring, light ring, dark 3 × 3 core.
            for my in 0..7u32 {
                for mx in 0..7u32 {
                    let ring = mx.min(my).min(6 - mx).min(6 - my);
                    if ring != 1 {
                        for d in 0..64 {
                            page.put_pixel(600 + mx * 8 + d % 8, 300 + my * 8 + d / 8, Luma([0]));
                        }
                    }
                }
            }
        }
        let reading = read_traced(&page);
        assert!(reading.codes.is_empty(), "the destroyed code is not read");
        (
            rqrr_calls(&reading, Scope::Region).len(),
            rqrr_calls(&reading, Scope::Frame).len(),
        )
    };
    let (region, frame) = frame_rqrr(false);
    assert_eq!(region, 0, "rqrr is not asked about a region");
    assert_eq!(frame, 0, "nor the frame, where rxing saw nothing else");
    let (region, frame) = frame_rqrr(true);
    assert_eq!(region, 0, "rqrr is not asked about a region");
    assert!(frame > 0, "but the frame, for the shape outside the symbol");
}

/// rqrr searches the whole picture once, at half resolution, never thresholded, and never a
/// located symbol's region: the fitted resampling reads what it read there.
#[test]
fn rqrr_searches_only_the_half_picture() {
    use giroscope::decode::Scope;
    // Data destroyed, format information intact: rxing locates the symbol, and its region is
    // searched.
    let mut page = white(500, 500);
    draw(&mut page, &with_lines(&[]), 20, 20, 8);
    destroy_data_area(&mut page);
    let reading = read_traced(&page);
    assert!(reading.codes.is_empty(), "the destroyed code is not read");
    assert!(
        reading.trace.iter().any(|a| a.step.scope == Scope::Region),
        "the symbol's region is searched"
    );
    assert!(
        rqrr_calls(&reading, Scope::Region).is_empty(),
        "but not by rqrr"
    );
    // Format information whitened (every format word has five dark bits or more, beyond the
    // three either reader corrects), data intact: no engine takes the symbol for a code, so no
    // region is searched, but rqrr locates it in the whole picture.
    let spec = crate::notice::QrSpec::new(with_lines(&[]), qrcode::EcLevel::M);
    let (size, mut modules) = crate::notice::qr_modules(&spec).expect("encodable");
    for i in (0..9).chain(size - 8..size) {
        if i != 6 {
            modules[8 * size + i] = false;
            modules[i * size + 8] = false;
        }
    }
    modules[(size - 8) * size + 8] = true; // the dark module beside the format information
    let frame_rqrr = |width: u32, px: u32| {
        let mut page = white(width, 600);
        crate::util::draw_modules(&mut page, size, &modules, 20, 20, px);
        let reading = read_traced(&page);
        assert!(
            reading.codes.is_empty(),
            "a code without format information is not read"
        );
        assert!(
            rqrr_calls(&reading, Scope::Region).is_empty(),
            "no region searched"
        );
        rqrr_calls(&reading, Scope::Frame)
    };
    assert_eq!(
        frame_rqrr(960, 6),
        [1],
        "rqrr located the symbol in the half picture, and was not asked again"
    );
    assert_eq!(
        frame_rqrr(800, 5),
        [0],
        "modules too small for the half picture: the thresholded frame is not searched"
    );
}

/// A code photographed at a steep slant (its right edge farther away: shorter and narrower)
/// shows its three finder patterns at a corner wider than rxing's own triples allow; sampled
/// from them anyway, it is read by the first search. Without that, rqrr read the mildest of
/// these late and the others not at all. One case a line: how much shorter, how much narrower.
#[test]
fn a_code_seen_at_a_steep_slant_is_read_by_the_first_search() {
    use crate::notice::{PhotoParams, phone_photo};
    let payload = with_lines(&[]);
    let spec = crate::notice::QrSpec::new(payload.clone(), qrcode::EcLevel::M);
    let (size, modules) = crate::notice::qr_modules(&spec).expect("encodable");
    // Modules of 8 px, 40 px from every edge.
    let side = size as u32 * 8 + 80;
    let mut flat = white(side, side);
    crate::util::draw_modules(&mut flat, size, &modules, 8, 8, 8);
    for (short, narrow) in [(0.3f32, 0.5f32), (0.3, 0.6), (0.4, 0.5)] {
        let (s, x0, y0) = (side as f32, 200.0, 100.0);
        let right = x0 + s * narrow * 1.3;
        let params = PhotoParams {
            corners: [
                [x0, y0],
                [right, y0 + s * (1.0 - short) / 2.0],
                [right, y0 + s - s * (1.0 - short) / 2.0],
                [x0, y0 + s],
            ],
            blur_sigma: 0.8,
            noise: 2.0,
            ..PhotoParams::typical(900, 700)
        };
        let photo = image::DynamicImage::ImageRgb8(phone_photo(&flat, 900, 700, params)).to_luma8();
        let reading = read_traced(&photo);
        let read: Vec<_> = reading
            .codes
            .iter()
            .map(|c| (c.step, c.bytes == payload))
            .collect();
        assert_eq!(read, [("plain", true)], "{short} × {narrow}");
    }
}
