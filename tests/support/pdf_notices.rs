//! The concrete notices: GiroCode payloads, QR matrices and the page sets
//! written by the `pdfgen` binary.

use crate::pdf::{CodeSpec, PageSpec, notice_pdf};
use qrcode::EcLevel;

/// Beneficiary name in every generated payload.
pub const NAME: &str = "Stadtkasse Musterstadt";
/// Beneficiary IBAN (a checksum-valid test IBAN).
pub const IBAN: &str = "DE02120300000000202051";
/// Where the code sits on a parking-ticket notice, mm from the top-left.
pub const CODE_X_MM: f32 = 150.0;
/// See [`CODE_X_MM`].
pub const CODE_Y_MM: f32 = 230.0;
/// Module size of a normally printed code.
pub const MODULE_MM: f32 = 0.5;
/// Module size of the deliberately too small code; about 3 px at 300 dpi.
pub const SMALL_MODULE_MM: f32 = 0.25;

/// What one notice asks the payer for.
#[derive(Clone, Debug, PartialEq)]
pub struct Payment {
    /// Amount in cents, so that formatting is exact.
    pub cents: u32,
    /// Running number inside the Kassenzeichen.
    pub number: u32,
}

impl Payment {
    /// Amount as in the payload and the manifest, e.g. `25.00`.
    pub fn amount(&self) -> String {
        format!("{}.{:02}", self.cents / 100, self.cents % 100)
    }

    /// The remittance text (payload line 11).
    pub fn text(&self) -> String {
        let digits = format!("51234{:06}", self.number);
        format!(
            "Kassenzeichen 5.1234.{:06}.{} Verwarnungsgeld Parken",
            self.number,
            luhn(&digits)
        )
    }

    /// The EPC069-12 payload, version 002, UTF-8, unstructured remittance.
    pub fn payload(&self) -> String {
        format!(
            "BCD\n002\n1\nSCT\n\n{NAME}\n{IBAN}\nEUR{}\nGOVT\n\n{}",
            self.amount(),
            self.text()
        )
    }
}

/// Luhn check digit, so that Kassenzeichen look like real ones without
/// pretending to follow a particular municipality's scheme.
fn luhn(digits: &str) -> u32 {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = d * 2;
                x / 10 + x % 10
            } else {
                d
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// Byte-mode module matrix, from the shared notice generator.
pub fn qr_modules(payload: &[u8], ec: EcLevel) -> Result<(usize, Vec<bool>), String> {
    crate::notice::qr_modules(&crate::notice::QrSpec::new(payload.to_vec(), ec))
}

/// A GiroCode (EC level M) for `payment` at the standard notice position.
pub fn girocode(payment: &Payment, module_mm: f32, raster: bool) -> CodeSpec {
    let (size, modules) =
        qr_modules(payment.payload().as_bytes(), EcLevel::M).expect("payload fits a QR code");
    CodeSpec {
        size,
        modules,
        x_mm: CODE_X_MM,
        y_mm: CODE_Y_MM,
        module_mm,
        raster,
    }
}

/// How a page of `notices.pdf` deviates from a clean notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// Vector code, matches the manifest.
    Normal,
    /// Code embedded as a one-pixel-per-module image.
    Raster,
    /// No code printed at all.
    Missing,
    /// Code with 0.25 mm modules.
    TooSmall,
    /// Code is fine but the manifest expects another amount.
    AmountMismatch,
}

/// One page of `notices.pdf` with what the code holds and what the manifest
/// expects.
#[derive(Clone, Debug)]
pub struct Notice {
    /// 1-based page number.
    pub page: usize,
    /// How this page is broken, if at all.
    pub variant: Variant,
    /// What the printed code (if any) holds.
    pub printed: Payment,
    /// What the manifest says the notice should hold.
    pub expected: Payment,
}

/// The six pages of `notices.pdf`.
pub fn notices() -> Vec<Notice> {
    use Variant::*;
    let rows = [
        (Normal, 2500, 4711),
        (Normal, 1000, 4712),
        (Raster, 1500, 4713),
        (Missing, 3000, 4714),
        (TooSmall, 2000, 4715),
        (AmountMismatch, 2500, 4716),
    ];
    rows.iter()
        .enumerate()
        .map(|(i, &(variant, cents, number))| {
            let printed = Payment { cents, number };
            let mut expected = printed.clone();
            if variant == AmountMismatch {
                expected.cents = 3500;
            }
            Notice {
                page: i + 1,
                variant,
                printed,
                expected,
            }
        })
        .collect()
}

/// The page spec that draws `notice`.
pub fn notice_page(notice: &Notice) -> PageSpec {
    let code = match notice.variant {
        Variant::Normal | Variant::AmountMismatch => {
            Some(girocode(&notice.printed, MODULE_MM, false))
        }
        Variant::Raster => Some(girocode(&notice.printed, MODULE_MM, true)),
        Variant::TooSmall => Some(girocode(&notice.printed, SMALL_MODULE_MM, false)),
        Variant::Missing => None,
    };
    PageSpec {
        codes: code.into_iter().collect(),
        clutter: true,
        rotate: 0,
    }
}

/// `notices.pdf`.
pub fn notices_pdf() -> Vec<u8> {
    let pages: Vec<PageSpec> = notices().iter().map(notice_page).collect();
    notice_pdf(&pages)
}

/// `manifest.csv` for `notices.pdf`. No field contains a comma or quote, so
/// no CSV quoting is needed.
pub fn manifest_csv() -> String {
    let mut out = String::from("file,page,iban,name,amount,reference,text\n");
    for n in notices() {
        out.push_str(&format!(
            "notices.pdf,{},{IBAN},{NAME},{},,{}\n",
            n.page,
            n.expected.amount(),
            n.expected.text()
        ));
    }
    out
}

/// What the code on the encrypted one-page notices holds.
pub fn single_payment() -> Payment {
    Payment {
        cents: 5500,
        number: 4800,
    }
}

/// The single clean notice that gets encrypted.
pub fn single_notice_pdf() -> Vec<u8> {
    notice_pdf(&[PageSpec {
        codes: vec![girocode(&single_payment(), MODULE_MM, false)],
        clutter: true,
        rotate: 0,
    }])
}

/// The payment printed on page `i` (0-based) of [`bench_pdf`].
pub fn bench_payment(i: usize) -> Payment {
    Payment {
        cents: 500 + (i as u32 % 200) * 50,
        number: 100_000 + i as u32,
    }
}

/// An N-page run of vector-code notices with distinct payloads, for
/// benchmarking a whole-batch scan.
///
/// QR encoding (mask selection in `qrcode`) costs about 1 ms per code, some
/// twenty times the PDF writing, so it is spread over all cores; the result
/// does not depend on the number of threads.
pub fn bench_pdf(pages: usize) -> Vec<u8> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = pages.div_ceil(threads).max(1);
    let mut specs: Vec<PageSpec> = Vec::with_capacity(pages);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..pages)
            .step_by(chunk)
            .map(|start| {
                scope.spawn(move || {
                    (start..(start + chunk).min(pages))
                        .map(|i| PageSpec {
                            codes: vec![girocode(&bench_payment(i), MODULE_MM, false)],
                            clutter: true,
                            rotate: 0,
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for w in workers {
            specs.extend(w.join().expect("QR worker panicked"));
        }
    });
    notice_pdf(&specs)
}
