//! Writes an N-page run of parking-ticket notices, each with its own GiroCode, for the print-run
//! benchmark, and optionally its manifest with every 20th amount wrong (5 % flagged pages for
//! the QA report): `cargo run --release --example bench_pdf -- 1000 target/bench-1000.pdf
//! target/bench-1000.csv`, then `benches/print-run.sh target/bench-1000.pdf target/bench-1000.csv`.

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
        eprintln!("usage: cargo run --release --example bench_pdf -- PAGES OUT.pdf [MANIFEST.csv]");
        std::process::exit(2);
    };
    std::fs::write(&out, pdf_notices::bench_pdf(pages)).expect("write the PDF");
    if let Some(manifest) = args.next() {
        let file = std::path::Path::new(&out)
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a file name");
        // As Excel writes it: semicolons, decimal commas, CRLF.
        let mut csv = String::from("Datei;Seite;Betrag\r\n");
        for i in 0..pages {
            let mut payment = pdf_notices::bench_payment(i);
            if i % 20 == 19 {
                payment.cents += 100;
            }
            let amount = payment.amount().replace('.', ",");
            csv.push_str(&format!("{file};{};{amount}\r\n", i + 1));
        }
        std::fs::write(manifest, csv).expect("write the manifest");
    }
}
