//! Framing: what the payload is at all, its separators, element count and size (spec §1.1).

use super::{Context, MAX_PAYLOAD_BYTES};
use crate::finding::Finding;
use crate::payload::Separator;
use crate::rules;

/// The fewest elements a GiroCode has: everything up to the IBAN.
const MIN_ELEMENTS: usize = 7;
/// The most elements a GiroCode has.
const MAX_ELEMENTS: usize = 12;

/// Names what a payload is when it is plainly not a GiroCode: line 1 is not `BCD` (in any case
/// or padding) and line 4 is not `SCT`. A payload with either is treated as a damaged GiroCode
/// and gets the full check instead.
pub(super) fn not_a_girocode(cx: &Context) -> Option<Finding> {
    let line = |n: usize| cx.lines.get(n - 1).map_or("", |d| d.text.trim());
    if line(1).eq_ignore_ascii_case("BCD") || line(4) == "SCT" {
        return None;
    }
    let bytes = cx.payload.bytes();
    let first = line(1);
    let lower = first.to_ascii_lowercase();
    let (kind_de, kind_en) = if first == "SPC" {
        ("eine Schweizer QR-Rechnung (SPC)", "a Swiss QR-bill (SPC)")
    } else if lower.starts_with("bank://") {
        ("ein BezahlCode (bank://)", "a BezahlCode (bank://)")
    } else if first.starts_with("SPD*") {
        (
            "ein tschechischer QR-Zahlungscode (SPAYD)",
            "a Czech QR payment code (SPAYD)",
        )
    } else if lower.starts_with("epspayment://") {
        (
            "ein österreichischer eps-Zahlungscode",
            "an Austrian eps payment code",
        )
    } else if lower.starts_with("https://") && is_epc024_link(&lower) {
        (
            "ein Zahlungslink nach EPC024-22 / EN 18184",
            "an EPC024-22 / EN 18184 payment link",
        )
    } else if lower.starts_with("http://") || lower.starts_with("https://") {
        ("eine Webadresse (URL)", "a web address (URL)")
    } else if looks_binary(bytes) {
        ("Binärdaten", "binary data")
    } else if is_pay_by_square(first) && cx.lines.len() == 1 {
        (
            "ein slowakischer PAY-by-square-Code",
            "a Slovak PAY by square code",
        )
    } else {
        ("anderer Text", "other text")
    };
    Some(
        Finding::new(&rules::NOT_GIROCODE)
            .with("kind_de", kind_de)
            .with("kind_en", kind_en),
    )
}

/// EPC024-22 links have the form `https://<domain>/1/<context>/<provider>/?…`.
fn is_epc024_link(url: &str) -> bool {
    let path = url["https://".len()..]
        .split_once('/')
        .map_or("", |(_, p)| p);
    path.starts_with("1/") && url.contains('?')
}

/// PAY by square is a long base32hex string (digits and A–V) without spaces.
fn is_pay_by_square(text: &str) -> bool {
    text.len() >= 20
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'V').contains(&b))
}

/// Binary data has NUL bytes or many control bytes.
fn looks_binary(bytes: &[u8]) -> bool {
    let control = bytes
        .iter()
        .filter(|b| (**b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t')) || **b == 0x7F)
        .count();
    bytes.contains(&0) || control * 10 > bytes.len()
}

/// Separators, element count and size.
pub(super) fn check(cx: &mut Context) {
    separators(cx);
    let lines = cx.payload.lines();
    let populated = cx.payload.populated_len();
    let trailing = lines.len() - populated.max(1);
    if trailing > 0 && populated > 0 {
        let start = lines[populated - 1].span.end;
        cx.push(
            Finding::new(&rules::FRAME_TRAILING_SEPARATOR)
                .at(populated, start..cx.payload.bytes().len())
                .with("count", trailing),
        );
    }
    if populated < MIN_ELEMENTS {
        cx.push(
            Finding::new(&rules::FRAME_TOO_FEW_ELEMENTS)
                .with("actual", populated)
                .with("limit", MIN_ELEMENTS),
        );
    } else if populated > MAX_ELEMENTS {
        let start = lines[MAX_ELEMENTS].span.start;
        let end = lines[populated - 1].span.end;
        cx.push(
            Finding::new(&rules::FRAME_TOO_MANY_ELEMENTS)
                .at(MAX_ELEMENTS + 1, start..end)
                .with("actual", populated)
                .with("limit", MAX_ELEMENTS),
        );
    }
    let size = cx.payload.bytes().len();
    if size > MAX_PAYLOAD_BYTES {
        cx.push(
            Finding::new(&rules::PAYLOAD_TOO_LONG)
                .with("actual", size)
                .with("limit", MAX_PAYLOAD_BYTES),
        );
    }
}

/// One finding per kind of bad separator, at its first occurrence, and one for mixing the two
/// allowed kinds.
fn separators(cx: &mut Context) {
    let mut lone_cr = (0, 0);
    let mut cr_cr_lf = (0, 0);
    let mut first_allowed: Option<Separator> = None;
    let mut mixed: Option<(usize, Separator)> = None;
    for line in cx.payload.lines() {
        let Some(separator) = line.separator else {
            continue;
        };
        match separator {
            Separator::Cr => count(&mut lone_cr, line.number),
            Separator::CrCrLf => count(&mut cr_cr_lf, line.number),
            Separator::Lf | Separator::CrLf => match first_allowed {
                None => first_allowed = Some(separator),
                Some(first) if first != separator && mixed.is_none() => {
                    mixed = Some((line.number, separator));
                }
                Some(_) => {}
            },
        }
    }
    for (rule, (times, line)) in [
        (&rules::FRAME_LONE_CR, lone_cr),
        (&rules::FRAME_CRCRLF, cr_cr_lf),
    ] {
        if times > 0 {
            let end = cx.span_of(line).end;
            let len = if line == 0 {
                0
            } else {
                separator_len(cx, line)
            };
            cx.push(
                Finding::new(rule)
                    .at(line, end..end + len)
                    .with("count", times),
            );
        }
    }
    if let (Some(first), Some((line, other))) = (first_allowed, mixed) {
        let end = cx.span_of(line).end;
        let len = separator_len(cx, line);
        cx.push(
            Finding::new(&rules::FRAME_MIXED_ENDINGS)
                .at(line, end..end + len)
                .with("first", first.escaped())
                .with("other", other.escaped()),
        );
    }
}

fn count(tally: &mut (usize, usize), line: usize) {
    if tally.0 == 0 {
        tally.1 = line;
    }
    tally.0 += 1;
}

fn separator_len(cx: &Context, line: usize) -> usize {
    match cx.payload.lines()[line - 1].separator {
        Some(Separator::Lf | Separator::Cr) => 1,
        Some(Separator::CrLf) => 2,
        Some(Separator::CrCrLf) => 3,
        None => 0,
    }
}
