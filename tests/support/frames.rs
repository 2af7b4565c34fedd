//! Camera frames cut from the bundled phone photo of a notice, shared by `examples/frames.rs`
//! (for the browser module's benchmark and the page's fake camera) and the module's tests.

use std::path::Path;

use image::imageops::FilterType;
use image::{GrayImage, ImageDecoder, RgbaImage};

const WIDTH: u32 = 1280;
const HEIGHT: u32 = 720;

/// Writes into `out`, from samples/images/phone-perspective.jpg cropped to 16:9 around its
/// code and scaled to 1280×720 as a phone's camera stream delivers it:
/// - `notice-1280x720.rgba`: RGBA pixels, the code in view;
/// - `no-code-1280x720.rgba`: the same frame with the code painted over in the paper's grey;
/// - `notice-1280x720.y4m`: 30 frames (1 s) of the first as a Y4M video (4:2:0), for
///   Chromium's fake camera (`--use-file-for-fake-video-capture`).
pub fn write(root: &Path, out: &Path) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(out)?;
    let bytes = std::fs::read(root.join("samples/images/phone-perspective.jpg"))?;
    let verified = giroscope::verify(&bytes, &giroscope::Options::default())?;
    let corners = verified
        .codes
        .first()
        .and_then(|code| code.symbol.as_ref())
        .map(|symbol| symbol.corners)
        .ok_or("the sample photo's code is not read")?;
    // Upright, as the report's corners are.
    let mut decoder = image::ImageReader::new(std::io::Cursor::new(&bytes))
        .with_guessed_format()?
        .into_decoder()?;
    let orientation = decoder.orientation()?;
    let mut photo = image::DynamicImage::from_decoder(decoder)?;
    photo.apply_orientation(orientation);
    let photo = photo.to_rgba8();
    // The widest 16:9 crop of the photo centred on the code, clamped to the photo.
    let (cx, cy) = centre(&corners);
    let (pw, ph) = photo.dimensions();
    let crop_w = pw.min(ph * 16 / 9);
    let crop_h = crop_w * 9 / 16;
    let x0 = (cx as i64 - i64::from(crop_w) / 2).clamp(0, i64::from(pw - crop_w)) as u32;
    let y0 = (cy as i64 - i64::from(crop_h) / 2).clamp(0, i64::from(ph - crop_h)) as u32;
    let cropped = image::imageops::crop_imm(&photo, x0, y0, crop_w, crop_h).to_image();
    let frame = image::imageops::resize(&cropped, WIDTH, HEIGHT, FilterType::Triangle);
    std::fs::write(out.join("notice-1280x720.rgba"), frame.as_raw())?;

    let scale = WIDTH as f32 / crop_w as f32;
    let mut blank = frame.clone();
    let xs = corners.map(|(x, _)| (x - x0 as f32) * scale);
    let ys = corners.map(|(_, y)| (y - y0 as f32) * scale);
    let (left, right) = (min(&xs) - 12.0, max(&xs) + 12.0);
    let (top, bottom) = (min(&ys) - 12.0, max(&ys) + 12.0);
    let paper = *frame.get_pixel(
        (left.max(1.0) as u32 - 1).min(WIDTH - 1),
        (top.max(1.0) as u32 - 1).min(HEIGHT - 1),
    );
    for (x, y, pixel) in blank.enumerate_pixels_mut() {
        if (left..right).contains(&(x as f32)) && (top..bottom).contains(&(y as f32)) {
            *pixel = paper;
        }
    }
    std::fs::write(out.join("no-code-1280x720.rgba"), blank.as_raw())?;
    std::fs::write(out.join("notice-1280x720.y4m"), y4m(&frame, 30))?;
    Ok(())
}
fn centre(corners: &[(f32, f32); 4]) -> (f32, f32) {
    let x = corners.iter().map(|c| c.0).sum::<f32>() / 4.0;
    let y = corners.iter().map(|c| c.1).sum::<f32>() / 4.0;
    (x, y)
}

fn min(values: &[f32; 4]) -> f32 {
    values.iter().copied().fold(f32::MAX, f32::min)
}

fn max(values: &[f32; 4]) -> f32 {
    values.iter().copied().fold(f32::MIN, f32::max)
}

/// `frames` copies of `frame` as a YUV 4:2:0 Y4M video at 30 frames a second (BT.601).
fn y4m(frame: &RgbaImage, frames: usize) -> Vec<u8> {
    let (w, h) = frame.dimensions();
    let luma = GrayImage::from_fn(w, h, |x, y| {
        let [r, g, b, _] = frame.get_pixel(x, y).0.map(f32::from);
        image::Luma([(16.0 + 0.257 * r + 0.504 * g + 0.098 * b).round() as u8])
    });
    let chroma = |x: u32, y: u32, u: bool| {
        let [r, g, b, _] = frame.get_pixel(x * 2, y * 2).0.map(f32::from);
        let value = if u {
            128.0 - 0.148 * r - 0.291 * g + 0.439 * b
        } else {
            128.0 + 0.439 * r - 0.368 * g - 0.071 * b
        };
        value.round().clamp(0.0, 255.0) as u8
    };
    let mut picture = luma.into_raw();
    for u in [true, false] {
        for y in 0..h / 2 {
            for x in 0..w / 2 {
                picture.push(chroma(x, y, u));
            }
        }
    }
    let mut video = format!("YUV4MPEG2 W{w} H{h} F30:1 Ip A1:1 C420jpeg\n").into_bytes();
    for _ in 0..frames {
        video.extend_from_slice(b"FRAME\n");
        video.extend_from_slice(&picture);
    }
    video
}
