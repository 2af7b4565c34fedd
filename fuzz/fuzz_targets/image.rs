//! Image bytes → report, through the real sniffing, header checks and limits.
#![no_main]

use std::time::Duration;

use giroscope::{Limits, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Smaller limits than the defaults keep each execution short; the code paths are the same.
    let options = Options {
        limits: Limits {
            max_pixels: 4_000_000,
            max_decode_time: Duration::from_millis(500),
            ..Limits::default()
        },
        ..Options::default()
    };
    let _ = giroscope::verify(data, &options);
});
