//! Image bytes → report, through the real sniffing, header checks and limits.
#![no_main]

#[path = "limits.rs"]
mod limits;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Smaller limits than the defaults keep each execution short; the code paths are the same.
    let options = limits::options();
    let _ = giroscope::verify(data, &options);
});
