//! Camera frames for the browser module's benchmark (benches/wasm/bench.mjs) and the page's
//! live-scan test: `cargo run --release --example frames [-- DIR]` (default target/frames).
//! What is written is listed at `frames::write` (tests/support/frames.rs).

use std::path::{Path, PathBuf};

#[path = "../tests/support/frames.rs"]
mod frames;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("target/frames"), PathBuf::from);
    frames::write(Path::new(env!("CARGO_MANIFEST_DIR")), &out)?;
    println!("frames written to {}", out.display());
    Ok(())
}
