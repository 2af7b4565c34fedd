//! Writes an N-page run of parking-ticket notices, each with its own GiroCode, for the print-run
//! benchmark, and optionally its manifest with every 20th amount wrong (5 % flagged pages for
//! the QA report): `cargo run --release --example bench_pdf -- 1000 target/bench-1000.pdf
//! target/bench-1000.csv`, then `benches/print-run.sh target/bench-1000.pdf target/bench-1000.csv`.
//! With `--text` the notices have a text layer, as office software writes them, in five
//! producers' layouts (`tests/support/text_notices.rs`), and no manifest is written.

#[allow(dead_code)]
#[path = "../tests/support/notice.rs"]
mod notice;
#[allow(dead_code)]
#[path = "../tests/support/pdf.rs"]
mod pdf;
#[allow(dead_code)]
#[path = "../tests/support/pdf_notices.rs"]
mod pdf_notices;
#[allow(dead_code)]
#[path = "../tests/support/text_notices.rs"]
mod text_notices;

fn main() {
    let text = std::env::args().any(|a| a == "--text");
    let mut args = std::env::args().skip(1).filter(|a| a != "--text");
    let (Some(pages), Some(out)) = (args.next().and_then(|n| n.parse().ok()), args.next()) else {
        eprintln!(
            "usage: cargo run --release --example bench_pdf -- PAGES OUT.pdf [MANIFEST.csv] [--text]"
        );
        std::process::exit(2);
    };
    if text {
        std::fs::write(&out, text_pdf(pages)).expect("write the PDF");
        return;
    }
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

/// `pages` agreeing notices with a text layer, the layouts in turn, each its own amount and
/// Kassenzeichen.
fn text_pdf(pages: usize) -> Vec<u8> {
    use text_notices::{Layout, Page, Payment};
    let layouts = [
        Layout::Letter,
        Layout::Table,
        Layout::Glyphwise,
        Layout::Din,
        Layout::English,
    ];
    let pages: Vec<Page> = (0..pages as u64)
        .map(|n| {
            let layout = layouts[n as usize % layouts.len()];
            Page::agreeing(
                layout,
                Payment {
                    cents: Some(1_000 + n * 1_234_567 % 250_000),
                    kassenzeichen: format!(
                        "4.{:04}.{:06}.{}",
                        2200 + n % 7000,
                        776_512 + n,
                        n % 10
                    ),
                    rf: (layout == Layout::Din).then(|| "RF18539007547034".into()),
                    ..Payment::typical()
                },
            )
        })
        .collect();
    text_notices::document(&pages)
}
