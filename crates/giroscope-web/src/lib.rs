//! giroscope in the browser: the checking library compiled to WebAssembly, with the same JSON
//! document as `giroscope check --format json` prints for one input, byte for byte (the run's
//! `seconds` aside).
//!
//! The functions here only translate: bytes and options in, the report's JSON out. Errors
//! about the input are JSON documents, as the command line prints them; only options that
//! cannot be used (an unknown language, a payee list that does not parse) are thrown. The ES
//! module `js/giroscope.js` wraps these in `init()`, `verify()` and `verifyFrame()`, and
//! loads the full module (this crate with `--features full`) only when a PDF, TIFF or WebP comes.
//!
//! How far reading goes is decided by counted work, never by the clock (a browser's module
//! has none in the standard library), so a slow phone gives the same report as a server.

mod builtins;

use std::sync::Arc;

use giroscope::render::{FailOn, Summary};
use giroscope::{CancelToken, Error, Lang, Options, Pixels, SourceReport, Verified};
use wasm_bindgen::prelude::*;

/// The work a live-camera frame may take (`Limits::max_read_work`, weighted pixels): on a
/// 1280×720 frame, the first two steps of the reading ladder (the frame as it is, then halved)
/// and the region steps for a code they locate but do not read. A frame without a code ends
/// after those; the next frame gets another chance, so the harder whole-frame steps a photo
/// climbs to are left out.
pub const FRAME_WORK: u64 = 4_000_000;

/// The options of one check, parsed from what JavaScript passed.
struct Request {
    lang: Lang,
    source: String,
    options: Options,
}

impl Request {
    fn new(lang: &str, name: Option<String>, payees: Option<String>) -> Result<Request, String> {
        let lang = match lang {
            "de" | "" => Lang::De,
            "en" => Lang::En,
            other => return Err(format!("lang must be 'de' or 'en', not '{other}'")),
        };
        let payees = payees
            .map(|text| giroscope::payees::Payees::parse(&text).map(Arc::new))
            .transpose()
            .map_err(|error| format!("payees: {error}"))?;
        Ok(Request {
            lang,
            source: name.unwrap_or_else(|| "-".into()),
            options: Options {
                payees,
                ..Options::default()
            },
        })
    }

    /// The document `giroscope check --format json` prints for this one input.
    fn document(self, outcome: Result<Verified, Error>, started: f64) -> String {
        let mut report = SourceReport {
            source: self.source,
            outcome,
        };
        // What the command line does with every input, manifest or not: pages of a notice
        // that carry no code by design are waived, a reference met twice is named.
        giroscope::batch::Batch::new(None).add(&mut report);
        let mut summary = Summary::new(FailOn::default());
        summary.add(&report);
        summary.seconds = ((now() - started) / 1000.0).max(0.0);
        let mut out = Vec::new();
        // Writing into a Vec cannot fail, and the document is UTF-8 JSON.
        let _ = giroscope::render::json::write_report(
            &mut out,
            std::slice::from_ref(&report),
            self.lang,
            Some(&summary),
        );
        String::from_utf8(out).unwrap_or_default()
    }
}

/// Checks one input — payload text, an image, or (in the PDF module) a PDF — and returns the
/// JSON document `giroscope check --format json` prints for it. `name` fills `source`;
/// `payees` is the text of a payee list as `--payees` reads it.
///
/// # Errors
/// An unknown `lang` or a payee list that does not parse; everything about the input itself
/// is in the document.
#[wasm_bindgen]
pub fn verify(
    bytes: &[u8],
    lang: &str,
    name: Option<String>,
    payees: Option<String>,
) -> Result<String, JsError> {
    let started = now();
    let request = Request::new(lang, name, payees).map_err(|e| JsError::new(&e))?;
    let outcome = giroscope::verify(bytes, &request.options);
    Ok(request.document(outcome, started))
}

/// Checks one live-camera frame: RGBA pixels (4 bytes each, as a canvas gives them) or grey
/// ones (1 byte each), `width` × `height`, under [`FRAME_WORK`]. Returns the same document as
/// [`verify`] would for a photo of the frame.
///
/// # Errors
/// As [`verify`].
#[wasm_bindgen(js_name = verifyFrame)]
pub fn verify_frame(
    pixels: &[u8],
    width: u32,
    height: u32,
    lang: &str,
    name: Option<String>,
    payees: Option<String>,
) -> Result<String, JsError> {
    let started = now();
    let mut request = Request::new(lang, name, payees).map_err(|e| JsError::new(&e))?;
    request.options.limits.max_read_work = FRAME_WORK;
    let area = u64::from(width) * u64::from(height);
    let pixels = if pixels.len() as u64 == area {
        Pixels::Grey(pixels)
    } else {
        Pixels::Rgba(pixels)
    };
    let outcome =
        giroscope::verify_pixels(pixels, width, height, &request.options, &CancelToken::new());
    Ok(request.document(outcome, started))
}

/// The document for an input whose check failed inside the module (a trap, which the ES
/// module catches before starting a fresh instance): `INPUT-INTERNAL-ERROR`, as the command
/// line reports a panic it caught.
///
/// # Errors
/// As [`verify`].
#[wasm_bindgen(js_name = internalError)]
pub fn internal_error(lang: &str, name: Option<String>) -> Result<String, JsError> {
    let request = Request::new(lang, name, None).map_err(|e| JsError::new(&e))?;
    Ok(request.document(Err(Error::Internal), now()))
}

/// Panics, trapping this instance as a bug inside a check would: the ES module's recovery (a
/// fresh instance, and the internal-error document for the input) is tested with it.
#[doc(hidden)]
#[wasm_bindgen(js_name = __trapForTest)]
pub fn trap_for_test() {
    panic!("trap requested by the recovery test");
}

/// Whether the full module must read the input that starts with `head` (its first 64 bytes
/// are enough): true for a PDF, a TIFF or a WebP when this is the photo module. Decided by the
/// library's own sniffing, so the two modules split inputs as the command line tells them
/// apart.
#[wasm_bindgen(js_name = needsFullModule)]
pub fn needs_full_module(head: &[u8]) -> bool {
    // Sniffing does not depend on what the build reads; a build without TIFF refuses it there.
    !cfg!(feature = "full")
        && matches!(
            giroscope::input::sniff(head, &giroscope::Limits::default()),
            Ok(giroscope::input::Input::Pdf(_))
                | Err(Error::Unsupported {
                    format: "TIFF" | "WebP"
                })
        )
}

/// Milliseconds since some fixed point, for the summary's `seconds` only.
#[cfg(target_arch = "wasm32")]
fn now() -> f64 {
    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = Date)]
        fn now() -> f64;
    }
    now()
}

/// Milliseconds since some fixed point, for the summary's `seconds` only.
#[cfg(not(target_arch = "wasm32"))]
fn now() -> f64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}
