//! Characters: decoding in the declared charset, control and invisible characters, double
//! encoding, the SEPA character set and HTML entities (spec §1.1, §6.5).

use std::ops::Range;

use super::{Context, shown};
use crate::finding::Finding;
use crate::payload::charset::Charset;
use crate::rules;

/// Lines that carry free text (name, reference, text, information), where the SEPA character
/// set and HTML entities matter.
const TEXT_LINES: [usize; 4] = [6, 10, 11, 12];

pub(super) fn check(cx: &mut Context) {
    let populated = cx.payload.populated_len();
    undecodable(cx, populated);
    let mojibake_line = mojibake(cx, populated);
    for index in 0..populated {
        let number = index + 1;
        let skip_c1 = mojibake_line == Some(number);
        if control(cx, index, skip_c1) {
            cx.tainted[index] = true;
        }
        invisible(cx, index);
        if TEXT_LINES.contains(&number) && !cx.tainted[index] && mojibake_line != Some(number) {
            // An entity's `&`, `#` and `;` are outside the SEPA set too: one root cause.
            if !html_entity(cx, index) {
                non_sepa(cx, index);
            }
        }
    }
}

/// Whether `c` is a control character no GiroCode may contain.
pub(super) fn is_control(c: char) -> bool {
    c.is_control() // C0, DEL and C1
        || matches!(c, '\u{2028}' | '\u{2029}')
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` is an invisible formatting character: allowed, but never intended.
pub(super) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// One finding per payload when another charset explains every bad byte, else one per line.
fn undecodable(cx: &mut Context, populated: usize) {
    let Some(declared) = cx.charset else {
        return;
    };
    let bad_lines: Vec<usize> = (0..populated)
        .filter(|&i| !cx.lines[i].invalid.is_empty())
        .collect();
    let Some(&first) = bad_lines.first() else {
        return;
    };
    for &index in &bad_lines {
        cx.tainted[index] = true;
    }
    let bytes = cx.payload.bytes();
    let actual = match declared {
        Charset::Utf8 if !bytes.iter().any(|b| (0x80..0xA0).contains(b)) => {
            Some(Charset::Iso8859_1)
        }
        Charset::Utf8 => None,
        _ if std::str::from_utf8(bytes).is_ok() => Some(Charset::Utf8),
        _ => None,
    };
    if let Some(actual) = actual {
        let span = cx.lines[first].invalid[0].clone();
        let finding = Finding::new(&rules::CHARSET_MISMATCH)
            .at(first + 1, span.clone())
            .with("declared", declared.name())
            .with("actual", actual.name())
            .with("digit", actual.digit())
            .with("bytes", hex(&bytes[span]));
        cx.push(finding);
        return;
    }
    for index in bad_lines {
        let invalid = &cx.lines[index].invalid;
        let span = invalid[0].clone();
        let count: usize = invalid.iter().map(|r| r.len()).sum();
        let finding = Finding::new(&rules::CHARSET_UNDECODABLE)
            .at(index + 1, span.clone())
            .with("count", count)
            .with("charset", declared.name())
            .with("bytes", hex(&bytes[span]));
        cx.push(finding);
    }
}

/// Finds the first line whose text holds UTF-8 read as a single-byte charset ("MÃ¼ller"):
/// mapping its characters back to Latin-1 / Windows-1252 bytes yields a UTF-8 multi-byte
/// sequence. Reports it once per payload.
fn mojibake(cx: &mut Context, populated: usize) -> Option<usize> {
    for index in 0..populated {
        let decoded = &cx.lines[index];
        if decoded.text.is_ascii() {
            continue;
        }
        let chars: Vec<char> = decoded.text.chars().collect();
        let Some((range, intended)) = double_encoded(&chars) else {
            continue;
        };
        let sample: String = chars[range.clone()].iter().collect();
        let span = decoded.spans[range.start].start..decoded.spans[range.end - 1].end;
        let finding = Finding::new(&rules::CHARSET_MOJIBAKE)
            .at(index + 1, span)
            .with("sample", shown(&sample))
            .with("intended", intended);
        cx.push(finding);
        return Some(index + 1);
    }
    None
}

/// The first run of characters that spells a UTF-8 multi-byte sequence in Latin-1 or
/// Windows-1252, with the character it stands for.
fn double_encoded(chars: &[char]) -> Option<(Range<usize>, char)> {
    for start in 0..chars.len() {
        let Some(lead) = single_byte(chars[start]) else {
            continue;
        };
        let len = match lead {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => continue,
        };
        let bytes: Option<Vec<u8>> = chars
            .get(start..start + len)?
            .iter()
            .map(|c| single_byte(*c))
            .collect();
        if let Some(bytes) = bytes
            && let Ok(text) = std::str::from_utf8(&bytes)
            && let Some(c) = text.chars().next()
        {
            return Some((start..start + len, c));
        }
    }
    None
}

/// The byte a character has in Latin-1, or in Windows-1252 for the characters it puts at
/// 0x80–0x9F (what a UTF-8 text read as Windows-1252 turns into).
fn single_byte(c: char) -> Option<u8> {
    const WINDOWS_1252: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8A),
        ('‹', 0x8B),
        ('Œ', 0x8C),
        ('Ž', 0x8E),
        ('‘', 0x91),
        ('’', 0x92),
        ('“', 0x93),
        ('”', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9A),
        ('›', 0x9B),
        ('œ', 0x9C),
        ('ž', 0x9E),
        ('Ÿ', 0x9F),
    ];
    match u32::from(c) {
        code @ 0..=0xFF => u8::try_from(code).ok(),
        _ => WINDOWS_1252.iter().find(|(k, _)| *k == c).map(|(_, b)| *b),
    }
}

/// Reports control characters in one line; returns whether there were any.
fn control(cx: &mut Context, index: usize, skip_c1: bool) -> bool {
    let decoded = &cx.lines[index];
    let hits: Vec<usize> = decoded
        .text
        .chars()
        .enumerate()
        .filter(|(_, c)| is_control(*c) && !(skip_c1 && ('\u{80}'..='\u{9F}').contains(c)))
        .map(|(i, _)| i)
        .collect();
    let Some(&first) = hits.first() else {
        return false;
    };
    let c = decoded.text.chars().nth(first).unwrap_or_default();
    let finding = Finding::new(&rules::CHARS_CONTROL)
        .at(index + 1, decoded.spans[first].clone())
        .with("count", hits.len())
        .with("char", describe(c));
    cx.push(finding);
    true
}

fn invisible(cx: &mut Context, index: usize) {
    let decoded = &cx.lines[index];
    let hits: Vec<(usize, char)> = decoded
        .text
        .chars()
        .enumerate()
        .filter(|(_, c)| is_invisible(*c))
        .collect();
    if let Some(&(first, c)) = hits.first() {
        let finding = Finding::new(&rules::CHARS_INVISIBLE)
            .at(index + 1, decoded.spans[first].clone())
            .with("count", hits.len())
            .with("char", describe(c));
        cx.push(finding);
    }
}

/// The SEPA basic Latin character set (EPC C2PSP implementation guidelines §1.4).
fn is_sepa(c: char) -> bool {
    c.is_ascii_alphanumeric() || " /-?:().,'+".contains(c)
}

fn non_sepa(cx: &mut Context, index: usize) {
    let decoded = &cx.lines[index];
    let mut chars: Vec<char> = Vec::new();
    let mut first = None;
    for (i, c) in decoded.text.chars().enumerate() {
        if is_sepa(c) || is_control(c) || is_invisible(c) || c == char::REPLACEMENT_CHARACTER {
            continue;
        }
        first.get_or_insert(i);
        if !chars.contains(&c) {
            chars.push(c);
        }
    }
    if let Some(first) = first {
        let list: Vec<String> = chars.iter().take(10).map(char::to_string).collect();
        let finding = Finding::new(&rules::CHARS_NON_SEPA)
            .at(index + 1, decoded.spans[first].clone())
            .with("chars", list.join(" "));
        cx.push(finding);
    }
}

/// Named entities a web template is likely to leak, plus any numeric one.
const NAMED_ENTITIES: [&str; 14] = [
    "amp", "lt", "gt", "quot", "apos", "nbsp", "auml", "ouml", "uuml", "Auml", "Ouml", "Uuml",
    "szlig", "euro",
];

fn html_entity(cx: &mut Context, index: usize) -> bool {
    let decoded = &cx.lines[index];
    let text = &decoded.text;
    for (at, _) in text.match_indices('&') {
        let rest = &text[at + 1..];
        let Some(end) = rest.find(';') else { break };
        let name = &rest[..end];
        let numeric = name.strip_prefix('#').is_some_and(|n| {
            !n.is_empty() && (n.bytes().all(|b| b.is_ascii_digit()) || n.starts_with(['x', 'X']))
        });
        if numeric || NAMED_ENTITIES.contains(&name) {
            let char_index = text[..at].chars().count();
            let char_end = char_index + name.chars().count() + 2;
            let span = decoded.spans[char_index].start..decoded.spans[char_end - 1].end;
            let finding = Finding::new(&rules::TEXT_HTML_ENTITY)
                .at(index + 1, span)
                .with("value", format!("&{name};"));
            cx.push(finding);
            return true;
        }
    }
    false
}

/// `U+0000 (NUL)`-style description of a character.
fn describe(c: char) -> String {
    let name = match c {
        '\0' => " (NUL)",
        '\t' => " (TAB)",
        '\u{7F}' => " (DEL)",
        '\u{A0}' => " (NBSP)",
        '\u{AD}' => " (SHY)",
        '\u{200B}' => " (ZWSP)",
        '\u{FEFF}' => " (BOM/ZWNBSP)",
        '\u{2028}' => " (LINE SEPARATOR)",
        '\u{2029}' => " (PARAGRAPH SEPARATOR)",
        '\u{202E}' => " (RLO)",
        _ => "",
    };
    format!("U+{:04X}{name}", u32::from(c))
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .take(4)
        .map(|b| format!("0x{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_encoded_finds_utf8_read_as_latin1_or_windows_1252() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(double_encoded(&chars("MÃ¼ller")), Some((1..3, 'ü')));
        assert_eq!(double_encoded(&chars("StraÃŸe")), Some((4..6, 'ß')));
        assert_eq!(double_encoded(&chars("â‚¬ 5")), Some((0..3, '€')));
        assert_eq!(double_encoded(&chars("Müller")), None);
        assert_eq!(double_encoded(&chars("Ã")), None);
    }
}
