//! Writes an N-page run of parking-ticket notices, each with its own GiroCode, for the print-run
//! benchmark: `cargo run --release --example bench_pdf -- 1000 target/bench-1000.pdf`, then
//! `benches/print-run.sh target/bench-1000.pdf`.

#[allow(dead_code)]
#[path = "../tests/support/notice.rs"]
mod notice;
#[allow(dead_code)]
#[path = "../tests/support/pdf.rs"]
mod pdf;
#[allow(dead_code)]
#[path = "../tests/support/pdf_notices.rs"]
mod pdf_notices;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(pages), Some(out)) = (args.next().and_then(|n| n.parse().ok()), args.next()) else {
        eprintln!("usage: cargo run --release --example bench_pdf -- PAGES OUT.pdf");
        std::process::exit(2);
    };
    std::fs::write(&out, pdf_notices::bench_pdf(pages)).expect("write the PDF");
}
