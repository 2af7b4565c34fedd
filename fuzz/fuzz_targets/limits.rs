//! Options for the targets that read images and PDFs: the real code paths, with smaller limits
//! than the defaults so each execution stays short.

use std::time::Duration;

use giroscope::{Limits, Options};

pub fn options() -> Options {
    Options {
        limits: Limits {
            max_pixels: 4_000_000,
            // A fifth of the default work; the clock only as the safety net it is.
            max_read_work: 30_000_000,
            max_decode_time: Duration::from_secs(5),
            max_pages: 50,
            ..Limits::default()
        },
        dpi: 72.0,
        ..Options::default()
    }
}
