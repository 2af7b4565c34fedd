//! The code says what the notice says: a page's printed amount, IBAN, reference and payee
//! compared with the GiroCode on it.
//!
//! A notice and its code are filled from one record by a template; a template that maps a
//! field wrongly makes a valid code that pays the wrong amount or account. This module reads
//! what a page states from its text (positioned lines, as [`crate::pdf`] extracts them from a
//! PDF's text layer) and compares it with a [`CodeReport`]. It knows nothing about PDF.
//!
//! False alarms are worse than misses: a wrong error stops a print run of 20,000 notices. So a
//! value is only taken where the page is unambiguous — an amount only behind a label that
//! says it is the amount to pay (part amounts and dates are not), an IBAN only where it is
//! the only account the page names for payment, a name only behind a label — and a page that
//! names two candidates says so as information, never as an error.

use std::ops::RangeInclusive;

use crate::expect::CodePages;
use crate::finding::Finding;
use crate::payees::{NameMatch, compare_names};
use crate::report::{CodeKind, CodeReport};
use crate::rules;

/// The most glyphs of one page that are read; a page with more is read that far.
pub const MAX_GLYPHS: usize = 50_000;

/// One glyph as a page shows it, in points from the page's top-left corner, y down.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The text the glyph stands for (a ligature stands for several letters).
    pub text: String,
    /// Where its baseline starts.
    pub x: f32,
    /// The baseline's height.
    pub y: f32,
    /// The font size as drawn.
    pub size: f32,
    /// How far the next glyph would start.
    pub advance: f32,
}

/// A page's text in reading order: lines top to bottom, each split where a column gap is.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PageText {
    /// The lines, top to bottom.
    pub lines: Vec<Line>,
}

/// One line of text: the spans on one baseline, left to right.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Line {
    /// The baseline, in points from the top.
    pub y: f32,
    /// The font size of its first glyph.
    pub size: f32,
    /// Runs of words with ordinary spacing, left to right; a wider gap starts a new span.
    pub spans: Vec<Span>,
}

/// A run of words on one line.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Span {
    /// Where it starts, in points from the left.
    pub x: f32,
    /// Where it ends.
    pub end: f32,
    /// Its text, words separated by single spaces.
    pub text: String,
}

/// A gap wider than this many font sizes separates columns (an information block beside the
/// address, a label column and its values).
const COLUMN_GAP: f32 = 1.5;
/// A gap wider than this many font sizes between two glyphs is a space the PDF did not write
/// (text set glyph by glyph, or words placed apart).
const WORD_GAP: f32 = 0.18;

impl PageText {
    /// Assembles glyphs, in the order the page draws them, into lines in reading order:
    /// glyphs on one baseline make a line, sorted left to right; a space is inserted where the
    /// gap is a word's; a glyph drawn again over itself (fake bold) counts once; a word broken
    /// by a hyphen at a line's end is joined with the next line.
    pub fn from_glyphs(mut glyphs: Vec<Glyph>) -> PageText {
        glyphs.truncate(MAX_GLYPHS);
        glyphs.retain(|g| {
            g.x.is_finite()
                && g.y.is_finite()
                && g.advance.is_finite()
                && g.size.is_finite()
                && g.size > 0.5
                && !g.text.is_empty()
        });
        // Baselines top to bottom, then left to right; the drawing order breaks ties, so that
        // the result does not depend on the sort.
        let mut order: Vec<usize> = (0..glyphs.len()).collect();
        order.sort_by(|&a, &b| {
            glyphs[a]
                .y
                .total_cmp(&glyphs[b].y)
                .then(glyphs[a].x.total_cmp(&glyphs[b].x))
                .then(a.cmp(&b))
        });
        let mut rows: Vec<Vec<usize>> = Vec::new();
        let mut baseline = f32::NEG_INFINITY;
        for index in order {
            let glyph = &glyphs[index];
            match rows.last_mut() {
                Some(row) if glyph.y - baseline <= glyph.size * 0.3 => row.push(index),
                _ => {
                    baseline = glyph.y;
                    rows.push(vec![index]);
                }
            }
        }
        let mut lines: Vec<Line> = Vec::new();
        for mut row in rows {
            row.sort_by(|&a, &b| glyphs[a].x.total_cmp(&glyphs[b].x).then(a.cmp(&b)));
            let first = &glyphs[row[0]];
            let mut line = Line {
                y: first.y,
                size: first.size,
                spans: Vec::new(),
            };
            let mut last: Option<&Glyph> = None;
            for &index in &row {
                let glyph = &glyphs[index];
                let text = plain(&glyph.text);
                if text.is_empty() {
                    continue;
                }
                match (last, line.spans.last_mut()) {
                    (Some(previous), Some(span)) => {
                        let gap = glyph.x - (previous.x + previous.advance);
                        let size = glyph.size.max(previous.size);
                        if previous.text == glyph.text && (glyph.x - previous.x).abs() < size * 0.1
                        {
                            continue;
                        }
                        if gap > size * COLUMN_GAP {
                            line.spans.push(Span {
                                x: glyph.x,
                                end: glyph.x + glyph.advance,
                                text: text.trim_start().to_string(),
                            });
                        } else {
                            if gap > size * WORD_GAP
                                && !span.text.ends_with(' ')
                                && !text.starts_with(' ')
                            {
                                span.text.push(' ');
                            }
                            span.text.push_str(&text);
                            span.end = glyph.x + glyph.advance;
                        }
                    }
                    _ => line.spans.push(Span {
                        x: glyph.x,
                        end: glyph.x + glyph.advance,
                        text: text.trim_start().to_string(),
                    }),
                }
                last = Some(glyph);
            }
            for span in &mut line.spans {
                span.text = span.text.split_whitespace().collect::<Vec<_>>().join(" ");
            }
            line.spans.retain(|span| !span.text.is_empty());
            if line.spans.is_empty() {
                continue;
            }
            // The broken word's end moves up to its start; the rest of the line stays a line,
            // so that the next line can continue a word broken at this one's end.
            if let Some(previous) = lines.last_mut()
                && hyphenated(previous, &line)
                && let (Some(tail), Some(head)) =
                    (previous.spans.last_mut(), line.spans.first_mut())
            {
                let (word, rest) = head.text.split_once(' ').unwrap_or((&head.text, ""));
                tail.text.pop();
                tail.text.push_str(word);
                head.text = rest.to_string();
                if head.text.is_empty() {
                    line.spans.remove(0);
                }
                if line.spans.is_empty() {
                    continue;
                }
            }
            lines.push(line);
        }
        PageText { lines }
    }

    /// Whether the page has any text at all.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// Whether `line` continues a word `previous` broke with a hyphen: the previous line ends in a
/// letter and a hyphen, and this one, right below, starts with a small letter.
fn hyphenated(previous: &Line, line: &Line) -> bool {
    let Some(tail) = previous.spans.last() else {
        return false;
    };
    let Some(head) = line.spans.first() else {
        return false;
    };
    let mut end = tail.text.chars().rev();
    end.next() == Some('-')
        && end.next().is_some_and(char::is_alphabetic)
        && head.text.chars().next().is_some_and(char::is_lowercase)
        && line.y - previous.y < previous.size * 2.0
        && head.x <= tail.end
}

/// A glyph's text as words are compared: ligatures written out, soft hyphens and control
/// characters gone, every kind of space a space.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            '\u{00AD}' => {}
            c if c.is_whitespace() => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Which kind of reference a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    /// Kassenzeichen, Buchungszeichen: what the treasury books the payment by.
    Kassenzeichen,
    /// A labelled payment reference (Zahlungsreferenz).
    PaymentReference,
    /// An RF creditor reference (ISO 11649), found anywhere on the page.
    Creditor,
    /// Aktenzeichen: the file the notice belongs to.
    Aktenzeichen,
    /// Rechnungsnummer: the invoice's number.
    Invoice,
}

impl ReferenceKind {
    /// The kind's name in German and English, as findings name it.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            ReferenceKind::Kassenzeichen => ("Kassenzeichen", "Kassenzeichen"),
            ReferenceKind::PaymentReference => ("Zahlungsreferenz", "payment reference"),
            ReferenceKind::Creditor => ("RF-Referenz", "RF reference"),
            ReferenceKind::Aktenzeichen => ("Aktenzeichen", "file number"),
            ReferenceKind::Invoice => ("Rechnungsnummer", "invoice number"),
        }
    }

    /// Whether the code must carry a reference of this kind: a payment is booked by it.
    fn for_payment(self) -> bool {
        matches!(
            self,
            ReferenceKind::Kassenzeichen
                | ReferenceKind::PaymentReference
                | ReferenceKind::Creditor
        )
    }
}

/// A reference printed on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// What its label says it is.
    pub kind: ReferenceKind,
    /// As printed.
    pub value: String,
}

/// How sure a label is that its amount is the one to pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    /// "Betrag", "Summe": any amount.
    Any,
    /// "Gesamtbetrag", "Summe": a total, which may not be what is left to pay.
    Total,
    /// "Zu zahlender Betrag", "noch zu zahlen": the amount to pay.
    Due,
}

/// Amount labels, lower case, most specific first (a longer label wins where both match).
const AMOUNT_LABELS: &[(&str, Tier)] = &[
    ("zu zahlender gesamtbetrag", Tier::Due),
    ("zu zahlender betrag", Tier::Due),
    ("noch zu zahlender betrag", Tier::Due),
    ("noch zu zahlen", Tier::Due),
    ("zu zahlen", Tier::Due),
    ("zahlbetrag", Tier::Due),
    ("restbetrag", Tier::Due),
    ("offener betrag", Tier::Due),
    ("bitte zahlen sie", Tier::Due),
    ("bitte überweisen sie", Tier::Due),
    ("amount due", Tier::Due),
    ("amount to pay", Tier::Due),
    ("total due", Tier::Due),
    ("gesamtbetrag", Tier::Total),
    ("gesamtsumme", Tier::Total),
    ("endbetrag", Tier::Total),
    ("rechnungsbetrag", Tier::Total),
    ("total", Tier::Total),
    ("betrag", Tier::Any),
    ("summe", Tier::Any),
    ("amount", Tier::Any),
];

/// Reference labels, lower case.
const REFERENCE_LABELS: &[(&str, ReferenceKind)] = &[
    ("kassenzeichen", ReferenceKind::Kassenzeichen),
    ("buchungszeichen", ReferenceKind::Kassenzeichen),
    ("zahlungsreferenz", ReferenceKind::PaymentReference),
    ("aktenzeichen", ReferenceKind::Aktenzeichen),
    ("rechnungsnummer", ReferenceKind::Invoice),
    ("rechnungs-nr", ReferenceKind::Invoice),
    ("rechnungsnr", ReferenceKind::Invoice),
    ("rechnung nr", ReferenceKind::Invoice),
];

/// Labels of the beneficiary, lower case; only taken with a colon after them.
const NAME_LABELS: &[&str] = &[
    "zahlungsempfänger",
    "zahlungsempfaenger",
    "empfänger",
    "empfaenger",
    "kontoinhaber",
    "begünstigter",
    "beneficiary",
    "payee",
];

/// Words that mark an IBAN on its line as the payer's own account (a refund, a direct debit),
/// not the one to pay to.
const PAYER_ACCOUNT_WORDS: &[&str] = &[
    "ihr konto",
    "ihre iban",
    "ihrem konto",
    "ihre bankverbindung",
    "lastschrift",
    "abgebucht",
    "erstattung",
];

/// What a page (or the pages of one notice) states about the payment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Statement {
    /// Whether there was any text to read.
    pub has_text: bool,
    /// Labelled amounts in cents, with how sure their label is; in page order.
    amounts: Vec<(Tier, i64)>,
    /// Valid IBANs to pay to, each once, in page order.
    pub ibans: Vec<String>,
    /// Labelled references and RF references, in page order.
    pub references: Vec<Reference>,
    /// Labelled beneficiary names, in page order.
    pub names: Vec<String>,
}

impl Statement {
    /// Reads what a page states.
    pub fn read(text: &PageText) -> Statement {
        let mut statement = Statement {
            has_text: !text.is_empty(),
            ..Statement::default()
        };
        for (row, line) in text.lines.iter().enumerate() {
            for (column, span) in line.spans.iter().enumerate() {
                let lower = span.text.to_lowercase();
                let payer = PAYER_ACCOUNT_WORDS.iter().any(|w| lower.contains(w));
                for iban in ibans_in(&span.text) {
                    if !payer && !statement.ibans.contains(&iban) {
                        statement.ibans.push(iban);
                    }
                }
                for reference in creditor_references_in(&span.text) {
                    statement.references.push(Reference {
                        kind: ReferenceKind::Creditor,
                        value: reference,
                    });
                }
                if let Some((tier, rest)) = amount_label(&span.text) {
                    let amount = values_after(text, row, column, rest)
                        .into_iter()
                        .find_map(|value| amount_in(&value, tier == Tier::Any));
                    if let Some(cents) = amount {
                        statement.amounts.push((tier, cents));
                    }
                }
                for (kind, rest) in reference_labels(&span.text) {
                    let value = values_after(text, row, column, rest)
                        .into_iter()
                        .find_map(|value| reference_in(&value));
                    if let Some(value) = value {
                        statement.references.push(Reference { kind, value });
                    }
                }
                if let Some(rest) = name_label(&span.text) {
                    let value = values_after(text, row, column, rest)
                        .into_iter()
                        .find_map(|value| name_in(&value));
                    if let Some(name) = value {
                        statement.names.push(name);
                    }
                }
            }
        }
        statement
    }

    /// Adds what another page of the same notice states.
    pub fn extend(&mut self, other: &Statement) {
        self.has_text |= other.has_text;
        self.amounts.extend(other.amounts.iter().copied());
        for iban in &other.ibans {
            if !self.ibans.contains(iban) {
                self.ibans.push(iban.clone());
            }
        }
        self.references.extend(other.references.iter().cloned());
        self.names.extend(other.names.iter().cloned());
    }

    /// The amount to pay, in cents: `Ok(None)` when no label names one, `Err` with the
    /// candidates when the most specific labels name several.
    pub fn amount(&self) -> Result<Option<i64>, Vec<i64>> {
        let Some(best) = self.amounts.iter().map(|(tier, _)| *tier).max() else {
            return Ok(None);
        };
        let mut values: Vec<i64> = Vec::new();
        for (tier, cents) in &self.amounts {
            if *tier == best && !values.contains(cents) {
                values.push(*cents);
            }
        }
        match values[..] {
            [one] => Ok(Some(one)),
            _ => Err(values),
        }
    }
}

/// The part of a span after the first amount label in it, with the label's tier.
fn amount_label(text: &str) -> Option<(Tier, &str)> {
    let lower = text.to_lowercase();
    // Lower-casing keeps byte offsets for the letters labels use (ü is two bytes either way).
    if lower.len() != text.len() {
        return None;
    }
    let mut best: Option<(usize, Tier, usize)> = None;
    for (label, tier) in AMOUNT_LABELS {
        if let Some(at) = find_word(&lower, label) {
            let better = match best {
                None => true,
                Some((start, best_tier, _)) => at < start || (at == start && *tier > best_tier),
            };
            if better {
                best = Some((at, *tier, at + label.len()));
            }
        }
    }
    best.map(|(_, tier, end)| (tier, &text[end..]))
}

/// Every reference label in a span, with the text after it.
fn reference_labels(text: &str) -> Vec<(ReferenceKind, &str)> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return Vec::new();
    }
    REFERENCE_LABELS
        .iter()
        .filter_map(|(label, kind)| {
            find_word(&lower, label).map(|at| (*kind, &text[at + label.len()..]))
        })
        .collect()
}

/// The text after a beneficiary label followed by a colon.
fn name_label(text: &str) -> Option<&str> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return None;
    }
    NAME_LABELS.iter().find_map(|label| {
        let at = find_word(&lower, label)?;
        let rest = text[at + label.len()..].trim_start();
        rest.strip_prefix(':')
    })
}

/// Where `word` stands in `text` as a word of its own (no letter right before or after).
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find(word) {
        let at = from + found;
        let end = at + word.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        if !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic) {
            return Some(at);
        }
        from = end;
    }
    None
}

/// Where a label's value may be: after it in its span, in the next span on the line (a label
/// column), or in the span right below it (a row of labels over a row of values).
///
/// A label inside a sentence ("… ist bis zum 15.01. zu zahlen. Mahngebühren von 5,00 EUR …")
/// is no field label: its value is only looked for in its own sentence.
fn values_after(text: &PageText, row: usize, column: usize, rest: &str) -> Vec<String> {
    let mut values = Vec::new();
    let line = &text.lines[row];
    let span = &line.spans[column];
    let in_sentence = span.text.len() > rest.len() + 30 || {
        let before = &span.text[..span.text.len() - rest.len()];
        before.split_whitespace().count() > 3
    };
    // The sentence ends at a full stop before a capital ("Nr. 2026-0042" goes on).
    let sentence = rest
        .match_indices(". ")
        .find(|(at, _)| rest[at + 2..].starts_with(char::is_uppercase))
        .map_or(rest, |(at, _)| &rest[..at]);
    let rest = sentence.trim_start_matches([' ', ':', '.']).trim();
    if !rest.is_empty() || in_sentence {
        values.push(rest.to_string());
        return values;
    }
    if let Some(next) = line.spans.get(column + 1) {
        values.push(next.text.clone());
    }
    if let Some(below) = text.lines.get(row + 1)
        && below.y - line.y < line.size * 2.5
        && let Some(under) = below
            .spans
            .iter()
            .find(|s| s.x < span.end && s.end > span.x)
    {
        values.push(under.text.clone());
    }
    values
}

/// The first amount in `text`, in cents: German or English notation, with or without
/// thousands separators, the currency before or after. Without a currency the amount needs
/// its two decimals; `need_currency` asks for a currency whatever.
fn amount_in(text: &str, need_currency: bool) -> Option<i64> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && is_word_char(chars[i - 1])) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || matches!(chars[i], '.' | ',')) {
            i += 1;
        }
        let mut token: String = chars[start..i].iter().collect();
        let dashes = token.ends_with(',') && chars.get(i) == Some(&'-');
        while token.ends_with(['.', ',']) {
            token.pop();
        }
        let before: String = chars[..start].iter().collect();
        let after: String = chars[i..].iter().collect();
        let currency = before.trim_end().ends_with("EUR") || before.trim_end().ends_with('€') || {
            let after = after.trim_start_matches(['-', ' ']);
            after.starts_with("EUR") || after.starts_with('€') || after.starts_with("Euro")
        };
        // A date, a time or a number that goes on is not an amount.
        let continues = after.starts_with(|c: char| c.is_alphanumeric() || c == ':')
            && !after.starts_with("EUR")
            && !after.starts_with("Euro");
        if let Some((cents, decimals)) = parse_amount(&token)
            && !continues
            && (currency || (decimals && !need_currency))
            && (decimals || currency || dashes)
        {
            return Some(cents);
        }
        if start < chars.len() && i == start {
            i += 1;
        }
    }
    None
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | ',' | '/' | '-')
}

/// A number as notices print amounts, in cents, and whether it had two decimals: `35,00`,
/// `1.234,50`, `35.00`, `1,234.50`, `35`. Thousands groups must have three digits.
fn parse_amount(token: &str) -> Option<(i64, bool)> {
    let (whole, cents, decimals) = match token.rfind(['.', ',']) {
        Some(at) if token.len() - at == 3 => {
            let separator = token[at..].chars().next()?;
            let whole = &token[..at];
            let thousands = if separator == ',' { '.' } else { ',' };
            if whole.contains(separator) {
                return None;
            }
            (
                grouped(whole, thousands)?,
                token[at + 1..].parse::<i64>().ok()?,
                true,
            )
        }
        Some(_) => {
            // Only thousands separators: 1.234 (German) — read as an integer only when every
            // group has three digits, and the currency decides whether it is an amount.
            let separator = token.chars().find(|c| matches!(c, '.' | ','))?;
            (grouped(token, separator)?, 0, false)
        }
        None => (token.parse::<i64>().ok()?, 0, false),
    };
    if whole > 999_999_999 {
        return None;
    }
    Some((whole * 100 + cents, decimals))
}

/// Digits with optional thousands separators, every group after the first of three digits.
fn grouped(text: &str, separator: char) -> Option<i64> {
    let mut groups = text.split(separator);
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 && text.contains(separator) {
        return None;
    }
    let mut digits = String::from(first);
    for group in groups {
        if group.len() != 3 {
            return None;
        }
        digits.push_str(group);
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 12 {
        return None;
    }
    digits.parse().ok()
}

/// A reference value: the label's first word with a digit in it, with its groups when it is
/// written in groups (`RF18 5390 0754 7034`, `4 2211 776512 3`).
fn reference_in(text: &str) -> Option<String> {
    let text = text
        .trim_start_matches([' ', ':', '.', '-'])
        .trim_start_matches("Nr")
        .trim_start_matches("nr")
        .trim_start_matches([' ', ':', '.', '-']);
    let mut words = text.split(' ');
    let first = words.next()?.trim_end_matches([',', ';', '.', ':']);
    let is_reference = |word: &str| {
        word.len() >= 3
            && word.bytes().any(|b| b.is_ascii_digit())
            && word
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'/'))
    };
    if !is_reference(first) {
        return None;
    }
    let mut value = first.to_string();
    for word in words {
        let word = word.trim_end_matches([',', ';']);
        if word.len() <= 6
            && !word.is_empty()
            && word
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
            && word.bytes().any(|b| b.is_ascii_digit())
        {
            value.push(' ');
            value.push_str(word);
        } else {
            break;
        }
    }
    Some(value)
}

/// A beneficiary name: the text up to a comma, a semicolon or the bank details that follow.
fn name_in(text: &str) -> Option<String> {
    let text = text.trim_start_matches([' ', ':']);
    let mut end = text.find([',', ';', '|']).unwrap_or(text.len());
    for stop in [" IBAN", " BIC", " Bank", " Konto"] {
        if let Some(at) = text.find(stop) {
            end = end.min(at);
        }
    }
    let name = text[..end].trim();
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    let digits = name.chars().filter(char::is_ascii_digit).count();
    (letters >= 3 && digits * 2 < letters).then(|| name.to_string())
}

/// Every valid IBAN in `text`, grouped in fours or written whole, in electronic format.
fn ibans_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 4 <= chars.len() {
        let starts = chars[i].is_ascii_uppercase()
            && chars[i + 1].is_ascii_uppercase()
            && chars[i + 2].is_ascii_digit()
            && chars[i + 3].is_ascii_digit()
            && (i == 0 || !chars[i - 1].is_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let country: String = chars[i..i + 2].iter().collect();
        let Some(length) = crate::model::sepa_iban_length(&country) else {
            i += 1;
            continue;
        };
        // Letters and digits, single spaces between groups allowed.
        let mut compact = String::new();
        let mut j = i;
        while j < chars.len() && compact.len() < length {
            let c = chars[j];
            if c.is_ascii_digit() || c.is_ascii_uppercase() {
                compact.push(c);
            } else if c != ' ' || chars.get(j + 1) == Some(&' ') {
                break;
            }
            j += 1;
        }
        let ends = chars.get(j).is_none_or(|c| !c.is_alphanumeric());
        if compact.len() == length && ends && compact.parse::<iban::Iban>().is_ok() {
            found.push(compact);
            i = j;
        } else {
            i += 1;
        }
    }
    found
}

/// Every valid RF creditor reference (ISO 11649) in `text`, grouped or not.
fn creditor_references_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 5 <= chars.len() {
        let starts = chars[i] == 'R'
            && chars[i + 1] == 'F'
            && chars[i + 2].is_ascii_digit()
            && chars[i + 3].is_ascii_digit()
            && (i == 0 || !chars[i - 1].is_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let mut compact = String::new();
        let mut printed = String::new();
        let mut j = i;
        while j < chars.len() && compact.len() < 25 {
            let c = chars[j];
            if c.is_ascii_alphanumeric() {
                compact.push(c.to_ascii_uppercase());
                printed.push(c);
            } else if c == ' ' && chars.get(j + 1).is_some_and(char::is_ascii_alphanumeric) {
                printed.push(c);
            } else {
                break;
            }
            j += 1;
        }
        if crate::model::CreditorReference::parse(&compact).is_some() {
            found.push(printed.trim_end().to_string());
            i = j;
        } else {
            i += 1;
        }
    }
    found
}

/// Whether a code's remittance `text` carries the printed reference `value`: the same letters
/// and digits, whatever separates their groups (`4.2211.776512.3`, `4 2211 776512 3`,
/// `422117765123`), standing as a whole — `4.2211.776512.39` does not carry
/// `4.2211.776512.3`.
fn carries(text: &str, value: &str) -> bool {
    let value = bare(value);
    if value.is_empty() {
        return false;
    }
    let chars: Vec<char> = text.chars().collect();
    let kept: Vec<(char, usize)> = chars
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_ascii_alphanumeric())
        .map(|(i, c)| (c.to_ascii_uppercase(), i))
        .collect();
    let wanted: Vec<char> = value.chars().collect();
    let joined = |at: usize, step: isize| {
        // A letter or digit right beside the match, or after a joining mark, continues it.
        let next = |i: usize| {
            i.checked_add_signed(step)
                .and_then(|i| chars.get(i).copied())
        };
        match next(at) {
            Some(c) if c.is_ascii_alphanumeric() => true,
            Some('.' | '-' | '/') => at
                .checked_add_signed(step)
                .and_then(next)
                .is_some_and(|c| c.is_ascii_alphanumeric()),
            _ => false,
        }
    };
    kept.windows(wanted.len()).any(|window| {
        window.iter().map(|(c, _)| *c).eq(wanted.iter().copied())
            && !joined(window[0].1, -1)
            && !joined(window[window.len() - 1].1, 1)
    })
}

/// A value as references compare: letters and digits only, upper case.
fn bare(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// An amount in cents as German notices print it: `1.234,50 €`.
fn german_amount(cents: i64) -> String {
    format!("{},{:02} €", thousands(cents / 100, '.'), cents % 100)
}

/// An amount in cents as English text prints it: `EUR 1,234.50`.
fn english_amount(cents: i64) -> String {
    format!("EUR {}.{:02}", thousands(cents / 100, ','), cents % 100)
}

/// Whole euros with `separator` between groups of three digits: `1.234`.
fn thousands(whole: i64, separator: char) -> String {
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(c);
    }
    grouped
}

/// A code's amount field (`35.00`) in cents.
fn code_cents(amount: &str) -> Option<i64> {
    let (whole, cents) = amount.split_once('.')?;
    Some(whole.parse::<i64>().ok()? * 100 + cents.parse::<i64>().ok()?)
}

/// A list in words: "A, B und C".
fn listed(items: &[&str], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

/// Compares a GiroCode with what its notice states: one finding per field that differs, one
/// information finding for what agrees, information where the page is ambiguous or has no
/// text. Only GiroCodes that were read whole are compared.
pub fn compare(code: &CodeReport, statement: &Statement) -> Vec<Finding> {
    let mut findings = Vec::new();
    if !statement.has_text {
        findings.push(Finding::new(&rules::NOTICE_NO_TEXT));
        return findings;
    }
    let fields = &code.fields;
    // One root cause, one finding: a field the code gets wrong in itself is not compared.
    let failed = |field: crate::Field| {
        code.findings
            .iter()
            .any(|f| f.rule.field == field && f.rule.severity == crate::Severity::Error)
    };
    // What agrees, in German and English.
    let mut agreed: Vec<(&str, &str)> = Vec::new();
    let mut unclear: Vec<(&str, &str, String)> = Vec::new();

    match statement.amount() {
        Ok(Some(printed)) => {
            let actual = fields.amount.as_deref().and_then(code_cents);
            if actual == Some(printed) {
                agreed.push(("Betrag", "amount"));
            } else if !failed(crate::Field::Amount) {
                let (actual_de, actual_en) = match actual {
                    Some(cents) => (german_amount(cents), english_amount(cents)),
                    None => ("keiner".to_string(), "none".to_string()),
                };
                findings.push(
                    Finding::new(&rules::NOTICE_AMOUNT)
                        .with("actual_de", actual_de)
                        .with("actual_en", actual_en)
                        .with("expected_de", german_amount(printed))
                        .with("expected_en", english_amount(printed)),
                );
            }
        }
        Ok(None) => {}
        Err(candidates) => {
            let shown: Vec<String> = candidates.iter().map(|c| german_amount(*c)).collect();
            unclear.push(("Betrag", "amount", shown.join(" / ")));
        }
    }

    if let Some(iban) = fields
        .iban
        .as_deref()
        .filter(|_| !failed(crate::Field::Iban))
    {
        match &statement.ibans[..] {
            [] => {}
            ibans if ibans.iter().any(|printed| printed == iban) => {
                agreed.push(("IBAN", "IBAN"));
            }
            [printed] => findings.push(
                Finding::new(&rules::NOTICE_IBAN)
                    .with("actual", crate::render::human::group_by_four(iban))
                    .with("expected", crate::render::human::group_by_four(printed)),
            ),
            ibans => unclear.push((
                "IBAN",
                "IBAN",
                ibans
                    .iter()
                    .map(|i| crate::render::human::group_by_four(i))
                    .collect::<Vec<_>>()
                    .join(" / "),
            )),
        }
    }

    compare_references(code, statement, &mut findings, &mut agreed, &mut unclear);

    if let Some(name) = fields
        .name
        .as_deref()
        .filter(|_| !failed(crate::Field::Name))
    {
        let mut names: Vec<&str> = Vec::new();
        for printed in &statement.names {
            if !names
                .iter()
                .any(|n| compare_names(n, printed) != NameMatch::Different)
            {
                names.push(printed);
            }
        }
        match names[..] {
            [] => {}
            [printed] if compare_names(name, printed) != NameMatch::Different => {
                agreed.push(("Empfänger", "beneficiary"));
            }
            [printed] => findings.push(
                Finding::new(&rules::NOTICE_NAME)
                    .with("actual", name)
                    .with("expected", printed),
            ),
            _ => unclear.push(("Empfänger", "beneficiary", names.join(" / "))),
        }
    }

    for (de, en, found) in unclear {
        findings.push(
            Finding::new(&rules::NOTICE_UNCLEAR)
                .with("what_de", de)
                .with("what_en", en)
                .with("found", found),
        );
    }
    let differs = findings
        .iter()
        .any(|f| f.rule.severity > crate::Severity::Info);
    if !differs {
        let de: Vec<&str> = agreed.iter().map(|(de, _)| *de).collect();
        let en: Vec<&str> = agreed.iter().map(|(_, en)| *en).collect();
        if agreed.is_empty() {
            findings.push(Finding::new(&rules::NOTICE_NOTHING_FOUND));
        } else {
            findings.push(
                Finding::new(&rules::NOTICE_CONFIRMED)
                    .with("confirmed_de", listed(&de, "und"))
                    .with("confirmed_en", listed(&en, "and")),
            );
        }
    }
    findings
}

/// The pages (from 1) of the notice page `page` belongs to, in a document of `pages` pages
/// whose codes are on `code_pages`. Every page is a notice of its own when every page carries
/// a code. Otherwise a notice is a code page with the pages without a code that go with it:
/// those after it when page 1 carries a code (the payment slip first), those before it when
/// it does not (a cover letter, then the slip).
pub fn notice_pages(page: usize, pages: usize, code_pages: &CodePages) -> RangeInclusive<usize> {
    if code_pages.is_all() || page == 0 || page > pages {
        return page..=page;
    }
    let carries = |p: usize| code_pages.contains(p, pages);
    if carries(1) {
        let start = (1..=page).rev().find(|p| carries(*p)).unwrap_or(1);
        let end = (start + 1..=pages)
            .find(|p| carries(*p))
            .map_or(pages, |p| p - 1);
        start..=end
    } else {
        let end = (page..=pages).find(|p| carries(*p)).unwrap_or(pages);
        let start = (1..page).rev().find(|p| carries(*p)).map_or(1, |p| p + 1);
        start..=end
    }
}

/// Compares every GiroCode of a document with its notice's text: `statements[i]` is what page
/// `i + 1` states (`None` where it was not read). Codes whose notice was not read are left
/// alone.
pub fn compare_pages(
    codes: &mut [CodeReport],
    statements: &[Option<Statement>],
    code_pages: &CodePages,
) {
    for code in codes.iter_mut() {
        let Some(page) = code.page else { continue };
        if code.kind != CodeKind::GiroCode || code.fields.iban.is_none() {
            continue;
        }
        let mut statement: Option<Statement> = None;
        for p in notice_pages(page, statements.len(), code_pages) {
            if let Some(Some(read)) = statements.get(p - 1) {
                statement
                    .get_or_insert_with(Statement::default)
                    .extend(read);
            }
        }
        if let Some(statement) = statement {
            let findings = compare(code, &statement)
                .into_iter()
                .map(|finding| on_line(code, finding))
                .collect();
            code.add_findings(findings);
        }
    }
}

/// Places a field's finding on the code's line for that field, where the human output points.
fn on_line(code: &CodeReport, finding: Finding) -> Finding {
    let number = match finding.rule.field {
        crate::Field::Name => 6,
        crate::Field::Iban => 7,
        crate::Field::Amount => 8,
        crate::Field::Reference if code.fields.reference.is_some() => 10,
        crate::Field::Reference => 11,
        _ => return finding,
    };
    match code.lines.get(number - 1) {
        Some(line) => {
            let span =
                line.spans.first().map_or(0, |s| s.start)..line.spans.last().map_or(0, |s| s.end);
            finding.at(number, span)
        }
        None => finding,
    }
}

/// The reference comparison: a printed reference the code carries agrees; when it carries
/// none, the payment references (Kassenzeichen, RF) the notice prints differ — unless the
/// code carries an RF reference the page does not print, which may be the treasury's own
/// form of the Kassenzeichen (information). Other references (an Aktenzeichen, an invoice
/// number) are not asked of a code.
fn compare_references<'a>(
    code: &CodeReport,
    statement: &'a Statement,
    findings: &mut Vec<Finding>,
    agreed: &mut Vec<(&'a str, &'a str)>,
    unclear: &mut Vec<(&'a str, &'a str, String)>,
) {
    if statement.references.is_empty() {
        return;
    }
    let carried: Vec<&str> = [
        code.fields.reference.as_deref(),
        code.fields.text.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let in_code = |value: &str| carried.iter().any(|c| carries(c, value));
    if let Some(reference) = statement.references.iter().find(|r| in_code(&r.value)) {
        agreed.push(reference.kind.names());
        return;
    }
    let mut payment: Vec<&Reference> = Vec::new();
    for reference in statement.references.iter().filter(|r| r.kind.for_payment()) {
        if !payment
            .iter()
            .any(|p| bare(&p.value) == bare(&reference.value))
        {
            payment.push(reference);
        }
    }
    let actual = match (&code.fields.reference, &code.fields.text) {
        (Some(reference), _) => reference.clone(),
        (None, Some(text)) => text.clone(),
        (None, None) => String::new(),
    };
    // A code that carries an RF reference the page does not print may stand for the printed
    // Kassenzeichen by the treasury's own mapping: not a difference anyone can tell here.
    let printed_rf = payment.iter().any(|r| r.kind == ReferenceKind::Creditor);
    if code.fields.reference.is_some() && !printed_rf {
        if !payment.is_empty() {
            unclear.push((
                "Kassenzeichen",
                "reference",
                payment
                    .iter()
                    .map(|r| r.value.as_str())
                    .chain(code.fields.reference.as_deref())
                    .collect::<Vec<_>>()
                    .join(" / "),
            ));
        }
        return;
    }
    // The code carries none of the payment references the notice prints: whichever it was
    // meant to carry, it lacks it.
    if let Some(reference) = payment.first() {
        {
            let (what_de, what_en) = reference.kind.names();
            let (actual_de, actual_en) = if actual.is_empty() {
                (
                    "kein Verwendungszweck".to_string(),
                    "no remittance".to_string(),
                )
            } else {
                (actual.clone(), actual.clone())
            };
            findings.push(
                Finding::new(&rules::NOTICE_REFERENCE)
                    .with("what_de", what_de)
                    .with("what_en", what_en)
                    .with("actual_de", actual_de)
                    .with("actual_en", actual_en)
                    .with(
                        "expected",
                        payment
                            .iter()
                            .map(|r| r.value.as_str())
                            .collect::<Vec<_>>()
                            .join(" / "),
                    ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lines: &[&str]) -> PageText {
        PageText {
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, line)| Line {
                    y: 12.0 * i as f32,
                    size: 10.0,
                    spans: line
                        .split('\t')
                        .enumerate()
                        .map(|(j, text)| Span {
                            x: 200.0 * j as f32,
                            end: 200.0 * j as f32 + 150.0,
                            text: text.to_string(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn amounts_are_read_in_german_and_english_notation() {
        for (text, cents) in [
            ("Betrag: 35,00 EUR", Some(3500)),
            ("Betrag: 1.234,50 €", Some(123_450)),
            ("Betrag: EUR 35,00", Some(3500)),
            ("Zu zahlender Betrag: 35.00", Some(3500)),
            ("Zu zahlender Betrag: 1,234.50", Some(123_450)),
            ("Zu zahlender Betrag: 35 EUR", Some(3500)),
            ("Zu zahlender Betrag: 35,- €", Some(3500)),
            ("Gesamtbetrag\t1.000.000,00 EUR", Some(100_000_000)),
            ("Betrag bis zum 15.01.2027 überweisen", None),
            ("Betrag: 35,00", None),
            ("Zu zahlen bis 15.01.2027: 12,50 EUR", Some(1250)),
            ("Zu zahlen: 1.23,45 EUR", None),
            ("Zu zahlen: 35,00EUR", Some(3500)),
            ("Summe der Teilbeträge", None),
            (
                "Die Gebühr ist bis zum 15.01.2027 zu zahlen. Mahngebühren von 5,00 EUR werden erhoben.",
                None,
            ),
        ] {
            let statement = Statement::read(&page(&[text]));
            assert_eq!(statement.amount(), Ok(cents), "{text}");
        }
    }

    #[test]
    fn the_amount_to_pay_wins_over_totals_and_part_amounts() {
        for (lines, expected) in [
            (
                &[
                    "Gebühr\t25,00 EUR",
                    "Auslagen\t10,00 EUR",
                    "Gesamtbetrag\t35,00 EUR",
                ][..],
                Ok(Some(3500)),
            ),
            (
                &[
                    "Gesamtbetrag 500,00 EUR",
                    "Vorauszahlung 400,00 EUR",
                    "Noch zu zahlen: 100,00 EUR",
                ][..],
                Ok(Some(10_000)),
            ),
            (
                &["Betrag: 10,00 EUR", "Betrag: 20,00 EUR"][..],
                Err(vec![1000, 2000]),
            ),
            (
                &["Betrag: 10,00 EUR", "Betrag: 10,00 EUR"][..],
                Ok(Some(1000)),
            ),
            (&["Zu zahlender Betrag", "35,00 EUR"][..], Ok(Some(3500))),
            (
                &[
                    "Die Gebühr in dieser Höhe ist zu zahlen",
                    "Mahngebühr 5,00 EUR",
                ][..],
                Ok(None),
            ),
        ] {
            assert_eq!(
                Statement::read(&page(lines)).amount(),
                expected,
                "{lines:?}"
            );
        }
    }

    #[test]
    fn ibans_are_found_grouped_or_whole_and_checked() {
        for (text, expected) in [
            (
                "IBAN: DE02 1203 0000 0000 2020 51",
                vec!["DE02120300000000202051"],
            ),
            (
                "IBAN DE02120300000000202051 BIC BYLADEM1001",
                vec!["DE02120300000000202051"],
            ),
            ("IBAN: DE03 1203 0000 0000 2020 51", vec![]),
            ("USt-IdNr. DE123456789", vec![]),
            ("DE02 1203 0000 0000 2020 519", vec![]),
        ] {
            assert_eq!(ibans_in(text), expected, "{text}");
        }
    }

    #[test]
    fn references_are_read_behind_their_labels() {
        for (text, expected) in [
            ("Kassenzeichen: 4.2211.776512.3", Some("4.2211.776512.3")),
            ("Kassenzeichen\t4.2211.776512.3", Some("4.2211.776512.3")),
            ("Rechnungs-Nr. 2026-0042", Some("2026-0042")),
            (
                "Zahlungsreferenz: RF18 5390 0754 7034",
                Some("RF18 5390 0754 7034"),
            ),
            ("Kassenzeichen bitte angeben", None),
        ] {
            let statement = Statement::read(&page(&[text]));
            assert_eq!(
                statement
                    .references
                    .iter()
                    .find(|r| r.kind != ReferenceKind::Creditor)
                    .map(|r| r.value.as_str()),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn a_code_carries_a_reference_whole_whatever_separates_its_groups() {
        for (text, value, expected) in [
            (
                "Kassenzeichen 4.2211.776512.3 Hundesteuer",
                "4.2211.776512.3",
                true,
            ),
            ("Kz. 4 2211 776512 3", "4.2211.776512.3", true),
            ("422117765123", "4.2211.776512.3", true),
            ("Kassenzeichen 4.2211.776512.39", "4.2211.776512.3", false),
            ("Kassenzeichen 14.2211.776512.3", "4.2211.776512.3", false),
            ("4.2211.776512.3/2027", "4.2211.776512.3", false),
            ("RF18539007547034", "RF18 5390 0754 7034", true),
            ("", "4.2211.776512.3", false),
        ] {
            assert_eq!(carries(text, value), expected, "{text} / {value}");
        }
    }

    #[test]
    fn code_pages_group_pages_into_notices() {
        for (pages, code_pages, page, expected) in [
            (4, "all", 3, 3..=3),
            (4, "even", 2, 1..=2),
            (4, "even", 4, 3..=4),
            (4, "odd", 1, 1..=2),
            (4, "odd", 3, 3..=4),
            (5, "odd", 5, 5..=5),
            (3, "last", 3, 1..=3),
            (6, "1,4", 4, 4..=6),
            (6, "3,6", 3, 1..=3),
        ] {
            let set: CodePages = code_pages.parse().expect("a page set");
            assert_eq!(
                notice_pages(page, pages, &set),
                expected,
                "{code_pages}: page {page} of {pages}"
            );
        }
    }

    #[test]
    fn glyphs_make_lines_words_and_columns() {
        let glyph = |text: &str, x: f32, y: f32| Glyph {
            text: text.into(),
            x,
            y,
            size: 10.0,
            advance: 5.0 * text.chars().count() as f32,
        };
        let glyphs = vec![
            // Drawn out of order, one glyph at a time, a word gap, a column gap.
            glyph("b", 105.0, 100.0),
            glyph("A", 100.0, 100.0),
            glyph("c", 112.0, 100.3),
            glyph("\u{FB01}", 300.0, 100.0),
            glyph("Zah", 100.0, 112.0),
            glyph("lungs-", 115.0, 112.0),
            glyph("empfänger:", 100.0, 124.0),
            glyph("Stadt", 160.0, 124.0),
            glyph("x", 100.0, 136.0),
            glyph("x", 100.2, 136.0),
        ];
        let text = PageText::from_glyphs(glyphs);
        let lines: Vec<Vec<&str>> = text
            .lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.text.as_str()).collect())
            .collect();
        assert_eq!(
            lines,
            vec![
                vec!["Ab c", "fi"],
                vec!["Zahlungsempfänger:"],
                vec!["Stadt"],
                vec!["x"]
            ]
        );
    }
}
