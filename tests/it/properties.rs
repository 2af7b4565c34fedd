//! Properties over generated payloads: every valid payload is valid, and one defect in one
//! field gives exactly that defect's finding. The generator is seeded, so a failure names the
//! case that reproduces it.

use encoding_rs::{
    Encoding, ISO_8859_2, ISO_8859_4, ISO_8859_5, ISO_8859_7, ISO_8859_10, ISO_8859_15, UTF_8,
    WINDOWS_1252,
};
use giroscope::{CodeReport, Options, Severity, verify};

use crate::notice::Rng;
use crate::qr;
use crate::util::png;

const CASES: u64 = 3000;

/// Purpose codes from the 4Q2023 list, and none (twice as likely).
const PURPOSES: [&str; 8] = ["", "", "GOVT", "EDUC", "CHAR", "RENT", "TAXS", "SALA"];

/// A payment whose every field is valid; `lines()` writes it as the EPC069-12 lines.
#[derive(Clone, Debug)]
struct Payment {
    version: &'static str,
    charset: u8,
    bic: String,
    name: String,
    iban: String,
    amount: String,
    purpose: &'static str,
    reference: String,
    text: String,
    information: String,
    crlf: bool,
}

impl Payment {
    fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = [
            "BCD",
            self.version,
            &self.charset.to_string(),
            "SCT",
            &self.bic,
            &self.name,
            &self.iban,
            &self.amount,
            self.purpose,
            &self.reference,
            &self.text,
            &self.information,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Trailing empty elements may be left out; a final separator may not be written.
        while lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        lines
    }

    /// The payload bytes in the declared charset.
    fn bytes(&self) -> Vec<u8> {
        let text = self.lines().join(if self.crlf { "\r\n" } else { "\n" });
        let (bytes, _, unmappable) = encoding(self.charset).encode(&text);
        assert!(
            !unmappable,
            "generator wrote a character charset {} lacks",
            self.charset
        );
        bytes.into_owned()
    }
}

/// The charsets of EPC069-12 line 3. ISO 8859-1 is written as windows-1252, which agrees with
/// it on every printable character the generator uses.
fn encoding(charset: u8) -> &'static Encoding {
    match charset {
        1 => UTF_8,
        2 => WINDOWS_1252,
        3 => ISO_8859_2,
        4 => ISO_8859_4,
        5 => ISO_8859_5,
        6 => ISO_8859_7,
        7 => ISO_8859_10,
        _ => ISO_8859_15,
    }
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[(rng.next_u64() % items.len() as u64) as usize]
}

fn below(rng: &mut Rng, n: u64) -> u64 {
    rng.next_u64() % n
}

fn digits(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + below(rng, 10) as u8))
        .collect()
}

fn upper(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'A' + below(rng, 26) as u8))
        .collect()
}

/// ISO 7064 MOD 97-10 over letters-as-numbers, as IBANs and RF references use it.
fn mod97(text: &str) -> u32 {
    text.chars().fold(0, |acc, c| {
        let value = c.to_digit(36).expect("alphanumeric");
        if value < 10 {
            (acc * 10 + value) % 97
        } else {
            (acc * 100 + value) % 97
        }
    })
}

fn iban(rng: &mut Rng) -> (String, &'static str) {
    let (country, bban) = match below(rng, 4) {
        0 => ("DE", digits(rng, 18)),
        1 => ("AT", digits(rng, 16)),
        2 => ("NL", format!("{}{}", upper(rng, 4), digits(rng, 10))),
        _ => ("BE", {
            let account = digits(rng, 10);
            let check = account.parse::<u64>().expect("digits") % 97;
            format!("{account}{:02}", if check == 0 { 97 } else { check })
        }),
    };
    let check = 98 - mod97(&format!("{bban}{country}00"));
    (format!("{country}{check:02}{bban}"), country)
}

fn rf_reference(rng: &mut Rng) -> String {
    let len = 1 + below(rng, 21) as usize;
    let body: String = (0..len)
        .map(|_| {
            let v = below(rng, 36) as u32;
            char::from_digit(v, 36)
                .expect("base 36")
                .to_ascii_uppercase()
        })
        .collect();
    let check = 98 - mod97(&format!("{body}RF00"));
    format!("RF{check:02}{body}")
}

/// Text from the SEPA basic Latin set, with umlauts where the charset has them.
fn text(rng: &mut Rng, charset: u8, min: usize, max: usize) -> String {
    const SEPA: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ ";
    const UMLAUTS: &str = "äöüÄÖÜß";
    let alphabet: Vec<char> = if matches!(charset, 5 | 6) {
        SEPA.chars().collect()
    } else {
        SEPA.chars().chain(UMLAUTS.chars()).collect()
    };
    let len = min + below(rng, (max - min + 1) as u64) as usize;
    let mut out: String = (0..len).map(|_| *pick(rng, &alphabet)).collect();
    // Fields do not begin or end with a space (NAME-WHITESPACE and friends).
    out = out.trim().to_string();
    while out.chars().count() < min {
        out.push('X');
    }
    out
}

fn amount(rng: &mut Rng) -> String {
    let euros = match below(rng, 3) {
        0 => below(rng, 100),
        1 => below(rng, 100_000),
        _ => below(rng, 1_000_000_000),
    };
    let cents = below(rng, 100);
    let amount = match (euros, below(rng, 3)) {
        (0, _) => format!("0.{:02}", cents.max(1)),
        (_, 0) => euros.to_string(),
        (_, 1) => format!("{euros}.{}", cents / 10),
        _ => format!("{euros}.{cents:02}"),
    };
    format!("EUR{amount}")
}

/// A random valid payment that fits in 331 bytes.
fn payment(rng: &mut Rng) -> Payment {
    let version = if below(rng, 2) == 0 { "001" } else { "002" };
    let charset = 1 + below(rng, 8) as u8;
    let (iban, country) = iban(rng);
    let bic = if version == "001" || below(rng, 2) == 0 {
        let branch = match below(rng, 3) {
            0 => String::new(),
            1 => "XXX".to_string(),
            _ => digits(rng, 3),
        };
        format!("{}{country}{}{branch}", upper(rng, 4), upper(rng, 2))
    } else {
        String::new()
    };
    let (reference, text_line) = match below(rng, 3) {
        0 => (rf_reference(rng), String::new()),
        1 => (String::new(), text(rng, charset, 1, 140)),
        _ => (String::new(), String::new()),
    };
    let mut payment = Payment {
        version,
        charset,
        bic,
        name: text(rng, charset, 1, 70),
        iban,
        amount: if below(rng, 5) == 0 {
            String::new()
        } else {
            amount(rng)
        },
        purpose: PURPOSES[below(rng, PURPOSES.len() as u64) as usize],
        reference,
        text: text_line,
        information: if below(rng, 3) == 0 {
            text(rng, charset, 1, 70)
        } else {
            String::new()
        },
        crlf: below(rng, 2) == 0,
    };
    // Shorten the free-text fields until the payload fits.
    while payment.bytes().len() > 331 {
        for field in [
            &mut payment.information,
            &mut payment.text,
            &mut payment.name,
        ] {
            if field.chars().count() > 1 {
                let keep = field.chars().count() * 3 / 4;
                *field = field
                    .chars()
                    .take(keep)
                    .collect::<String>()
                    .trim_end()
                    .to_string();
                break;
            }
        }
    }
    payment
}

fn errors(report: &CodeReport) -> Vec<&'static str> {
    report
        .findings
        .iter()
        .filter(|f| f.rule.severity == Severity::Error)
        .map(|f| f.rule.code)
        .collect()
}

#[test]
fn every_generated_valid_payload_is_valid() {
    for case in 0..CASES {
        let payment = payment(&mut Rng::new(case));
        let bytes = payment.bytes();
        let report = CodeReport::from_payload(&bytes);
        assert!(
            report.valid && errors(&report).is_empty(),
            "case {case}: {:?} → {:?}",
            String::from_utf8_lossy(&bytes),
            report.codes()
        );
        assert_eq!(
            report.fields.name.as_deref(),
            Some(payment.name.as_str()),
            "case {case}"
        );
        assert_eq!(
            report.fields.iban.as_deref(),
            Some(payment.iban.as_str()),
            "case {case}"
        );
    }
}

/// One defect in one field: (rule, how to make it, whether it applies to this payment).
type Mutation = (
    &'static str,
    fn(&mut Payment, &mut Rng),
    fn(&Payment) -> bool,
);

const MUTATIONS: &[Mutation] = &[
    ("HEADER-SERVICE-TAG", |_, _| {}, |_| true),
    ("HEADER-VERSION", |p, _| p.version = "003", |_| true),
    (
        "IBAN-CHECKSUM",
        |p, _| {
            let last = p.iban.pop().expect("digit");
            p.iban.push(if last == '0' { '1' } else { '0' });
        },
        |p| p.iban.ends_with(|c: char| c.is_ascii_digit()),
    ),
    (
        "IBAN-LOWERCASE",
        |p, _| p.iban = p.iban.to_lowercase(),
        |_| true,
    ),
    ("IBAN-WHITESPACE", |p, _| p.iban.insert(4, ' '), |_| true),
    (
        "IBAN-MISSING",
        |p, _| p.iban.clear(),
        |p| !p.amount.is_empty(),
    ),
    ("BIC-FORMAT", |p, _| p.bic = "BYLADEM".into(), |_| true),
    (
        "BIC-LOWERCASE",
        |p, _| p.bic = p.bic.to_lowercase(),
        |p| !p.bic.is_empty(),
    ),
    (
        "BIC-REQUIRED-V001",
        |p, _| p.bic.clear(),
        |p| p.version == "001",
    ),
    ("NAME-MISSING", |p, _| p.name.clear(), |_| true),
    ("NAME-TOO-LONG", |p, _| p.name = "N".repeat(71), |_| true),
    (
        "AMOUNT-NO-CURRENCY",
        |p, _| p.amount = p.amount.replace("EUR", ""),
        |p| !p.amount.is_empty(),
    ),
    (
        "AMOUNT-CURRENCY",
        |p, _| p.amount = p.amount.replace("EUR", "USD"),
        |p| !p.amount.is_empty(),
    ),
    (
        "AMOUNT-DECIMAL-COMMA",
        |p, _| p.amount = p.amount.replace('.', ","),
        |p| p.amount.contains('.'),
    ),
    (
        "AMOUNT-FORMAT",
        |p, _| p.amount.push_str(".001"),
        |p| !p.amount.is_empty() && !p.amount.contains('.'),
    ),
    ("AMOUNT-RANGE", |p, _| p.amount = "EUR0".into(), |_| true),
    (
        "AMOUNT-LEADING-ZEROS",
        |p, _| p.amount = p.amount.replace("EUR", "EUR0"),
        |p| (4..15).contains(&p.amount.len()) && !p.amount.starts_with("EUR0"),
    ),
    ("PURPOSE-UNKNOWN", |p, _| p.purpose = "ABCD", |_| true),
    (
        "REFERENCE-RF-INVALID",
        |p, _| {
            let body = p.reference.split_off(4);
            let check: u32 = p.reference[2..].parse().expect("check digits");
            p.reference = format!("RF{:02}{body}", if check == 2 { 3 } else { 2 });
        },
        |p| p.reference.starts_with("RF"),
    ),
    (
        "REMITTANCE-BOTH",
        |p, rng| p.text = text(rng, p.charset, 1, 20),
        |p| !p.reference.is_empty(),
    ),
    (
        "TEXT-TOO-LONG",
        |p, _| p.text = "T".repeat(141),
        |p| p.reference.is_empty(),
    ),
    (
        "INFO-TOO-LONG",
        |p, _| p.information = "I".repeat(71),
        |_| true,
    ),
    ("CHARS-CONTROL", |p, _| p.name.insert(0, '\u{7}'), |_| true),
];

#[test]
fn one_defect_in_one_field_gives_exactly_its_finding() {
    for (expected, mutate, applies) in MUTATIONS {
        let mut tried = 0;
        for case in 0..CASES / 10 {
            let mut rng = Rng::new(case);
            let mut payment = payment(&mut rng);
            if !applies(&payment) {
                continue;
            }
            // Make room first, so the defect cannot also make the payload too long.
            payment.information.clear();
            if *expected != "REMITTANCE-BOTH" {
                payment.text.truncate(0);
            }
            payment.name = payment
                .name
                .chars()
                .take(30)
                .collect::<String>()
                .trim_end()
                .to_string();
            if payment.name.is_empty() {
                payment.name.push('N');
            }
            mutate(&mut payment, &mut rng);
            let mut bytes = payment.bytes();
            if *expected == "HEADER-SERVICE-TAG" {
                bytes[2] = b'X';
            }
            let report = CodeReport::from_payload(&bytes);
            let codes = report.codes();
            assert!(
                codes.contains(expected),
                "{expected}, case {case}: {:?} → {codes:?}",
                String::from_utf8_lossy(&bytes)
            );
            let others: Vec<&str> = errors(&report)
                .into_iter()
                .filter(|c| c != expected)
                .collect();
            assert!(
                others.is_empty(),
                "{expected}, case {case}: {:?} → also {others:?}",
                String::from_utf8_lossy(&bytes)
            );
            tried += 1;
        }
        assert!(tried >= 50, "{expected}: only {tried} cases applied");
    }
}

const LEVELS: [(qrcode::EcLevel, &str); 4] = [
    (qrcode::EcLevel::L, "L"),
    (qrcode::EcLevel::M, "M"),
    (qrcode::EcLevel::Q, "Q"),
    (qrcode::EcLevel::H, "H"),
];

/// The symbol as a PNG at 4 pixels a module with a 4-module quiet zone.
fn symbol_png(version: i16, modules: &[bool]) -> Vec<u8> {
    png(&crate::notice::symbol_image(
        17 + 4 * version as usize,
        modules,
        4,
    ))
}

fn read_one(png: &[u8]) -> giroscope::CodeReport {
    let verified = verify(png, &Options::default()).expect("a PNG");
    assert_eq!(verified.codes.len(), 1, "{:?}", verified.findings);
    verified.codes.into_iter().next().expect("one code")
}

/// Every version up to 13, every level and every mask, with and without an ECI that matches
/// the charset: the image path gives back the bytes, version, level, mask and ECI encoded.
#[test]
fn rendered_symbols_read_back_exactly() {
    let mut rng = Rng::new(7);
    let mut girocodes = 0;
    for version in 1..=13i16 {
        for (level, level_name) in LEVELS {
            for mask in 0..8u8 {
                // A GiroCode where one fits, else a short text; ECI on every other symbol.
                let mut payment = payment(&mut rng);
                let with_eci = below(&mut rng, 2) == 0;
                let eci = match payment.charset {
                    1 => 26,
                    2 => 3,
                    _ => {
                        payment.charset = 1;
                        26
                    }
                };
                let eci = with_eci.then_some(eci);
                let mut text = payment
                    .lines()
                    .join(if payment.crlf { "\r\n" } else { "\n" });
                let mut bytes = payment.bytes();
                let mut data = qr::byte_codewords(version, level, eci, &bytes);
                if data.is_err() {
                    let len = 1 + below(&mut rng, 7) as usize;
                    text = upper(&mut rng, len);
                    bytes = text.clone().into_bytes();
                    data = qr::byte_codewords(version, level, eci, &bytes);
                } else {
                    girocodes += 1;
                }
                let data = data.expect("the short text fits");
                let modules = qr::draw(version, level, mask, &data, &[]);
                let code = read_one(&symbol_png(version, &modules));
                let symbol = code.symbol.as_ref().expect("symbol facts");
                let case = format!("v{version}-{level_name} mask {mask} ECI {eci:?}");
                assert_eq!(code.payload, text, "{case}");
                assert_eq!(code.payload_bytes, bytes.len(), "{case}");
                assert_eq!(
                    (symbol.version, symbol.ec_level, symbol.mask, symbol.eci),
                    (Some(version as u8), Some(level_name), Some(mask), eci),
                    "{case}"
                );
            }
        }
    }
    assert!(girocodes > 150, "only {girocodes} GiroCodes fitted");
}

/// Versions 1 and 2 have one Reed–Solomon block at every level, so damage to k codewords must
/// show as k corrected errors and UEC = 1 − 2k / (EC codewords − misdecode protection).
#[test]
fn damaged_codewords_are_counted_and_consume_error_correction() {
    // (version, level, EC codewords, misdecode protection) per ISO/IEC 18004 Table 9.
    let blocks: [(i16, usize, usize, usize); 8] = [
        (1, 0, 7, 3),
        (1, 1, 10, 2),
        (1, 2, 13, 1),
        (1, 3, 17, 1),
        (2, 0, 10, 2),
        (2, 1, 16, 0),
        (2, 2, 22, 0),
        (2, 3, 28, 0),
    ];
    let mut rng = Rng::new(11);
    for (version, level_index, ec, protection) in blocks {
        let (level, level_name) = LEVELS[level_index];
        let capacity = (ec - protection) / 2;
        for damaged in 0..=capacity {
            let text = upper(&mut rng, 3);
            let data = qr::byte_codewords(version, level, None, text.as_bytes()).expect("fits");
            // `damaged` distinct data codewords, each XOR-ed with a non-zero pattern.
            let mut indices: Vec<usize> = (0..data.len()).collect();
            for i in 0..damaged {
                let j = i + below(&mut rng, (indices.len() - i) as u64) as usize;
                indices.swap(i, j);
            }
            let damage: Vec<(usize, u8)> = indices[..damaged]
                .iter()
                .map(|&i| (i, 1 + below(&mut rng, 255) as u8))
                .collect();
            let mask = below(&mut rng, 8) as u8;
            let modules = qr::draw(version, level, mask, &data, &damage);
            let code = read_one(&symbol_png(version, &modules));
            let symbol = code.symbol.as_ref().expect("symbol facts");
            let case = format!("v{version}-{level_name}, {damaged} codewords damaged");
            assert_eq!(code.payload, text, "{case}");
            assert_eq!(symbol.corrected_errors, Some(damaged), "{case}");
            let uec = 1.0 - (2 * damaged) as f32 / (ec - protection) as f32;
            let got = symbol.unused_error_correction.expect("UEC");
            assert!(
                (got - uec).abs() < 1e-4,
                "{case}: UEC {got}, expected {uec}"
            );
        }
    }
}
