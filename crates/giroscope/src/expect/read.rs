//! Reading a manifest the way German offices write one: Excel's "CSV (Trennzeichen-getrennt)"
//! is semicolon-separated Windows-1252 with CRLF line ends and decimal commas; "CSV UTF-8"
//! adds a byte order mark; "Unicode-Text" is tab-separated UTF-16. Lines are numbered as an
//! editor or Excel shows them: the header is line 1, blank lines and CRLF count as one line.

use rust_decimal::Decimal;

use crate::i18n::Lang;

/// The text encodings a manifest may be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte order mark.
    Utf8,
    /// UTF-16 with a byte order mark (Excel's "Unicode-Text").
    Utf16,
    /// Windows-1252, Excel's default on German Windows (ISO 8859-1 plus € „ “ – and others).
    Windows1252,
    /// ISO 8859-1 exactly: bytes 0x80–0x9F are control characters, not € „ “.
    Latin1,
}

impl Encoding {
    /// The encoding's usual name.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16 => "UTF-16",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Latin1 => "ISO 8859-1",
        }
    }

    /// The encoding named by a label such as `utf-8`, `windows-1252`, `cp1252` or `latin1`
    /// (ASCII case ignored).
    pub fn from_label(label: &str) -> Option<Encoding> {
        match label.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "utf-16" | "utf16" => Some(Encoding::Utf16),
            "windows-1252" | "cp1252" | "win-1252" | "ansi" => Some(Encoding::Windows1252),
            "iso-8859-1" | "iso8859-1" | "latin1" | "latin-1" | "l1" => Some(Encoding::Latin1),
            _ => None,
        }
    }
}

/// A manifest that cannot be read, located as an editor or Excel shows it, with what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("manifest line {line}, column {}: {} {}", self.column_label(), self.problem.message(Lang::En), self.problem.fix(Lang::En))]
pub struct ManifestError {
    /// Line in the file, counted from 1 (the header is line 1).
    pub line: u64,
    /// Column (field) in the line, counted from 1; Excel calls column 1 "A".
    pub column: usize,
    /// The column's name in the header, when there is one.
    pub column_name: Option<String>,
    /// What is wrong.
    pub problem: Problem,
}

impl ManifestError {
    /// The error in `lang`: where, what, and how to fix it.
    pub fn message(&self, lang: Lang) -> String {
        format!(
            "{} {}, {} {}: {} {}",
            lang.pick("Liste, Zeile", "manifest line"),
            self.line,
            lang.pick("Spalte", "column"),
            self.column_label(),
            self.problem.message(lang),
            self.problem.fix(lang)
        )
    }

    /// `B (page)`: the column as Excel names it, with its header.
    fn column_label(&self) -> String {
        let letter = column_letter(self.column);
        match &self.column_name {
            Some(name) => format!("{letter} ({name})"),
            None => letter,
        }
    }
}

/// `1` → `A`, `26` → `Z`, `27` → `AA`, as spreadsheets name columns.
fn column_letter(column: usize) -> String {
    let mut n = column.max(1);
    let mut letters = Vec::new();
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(char::from(b'A' + rest as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// What is wrong with a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// The bytes are not text in the chosen encoding.
    NotText {
        /// The encoding chosen with `--expect-encoding`.
        encoding: Encoding,
    },
    /// The file holds no header line.
    Empty,
    /// A header names a column giroscope does not know.
    UnknownColumn {
        /// The header as written.
        name: String,
    },
    /// A column is named twice.
    DuplicateColumn {
        /// The column.
        name: String,
    },
    /// No `file` column.
    NoFileColumn,
    /// A line has more or fewer fields than the header.
    FieldCount {
        /// Fields in the line.
        found: usize,
        /// Fields in the header.
        expected: usize,
        /// The delimiter in use.
        delimiter: char,
    },
    /// A row's file cell is empty.
    EmptyFile,
    /// A page cell is not a page number.
    BadPage {
        /// The cell.
        value: String,
    },
    /// An amount cell is not an amount.
    BadAmount {
        /// The cell.
        value: String,
    },
    /// The same file and page on two lines.
    Twice {
        /// The file.
        file: String,
        /// The page, if given.
        page: Option<usize>,
        /// The line it was first listed on.
        first: u64,
    },
    /// Anything else the CSV reader reports.
    Csv {
        /// What it said.
        detail: String,
    },
}

impl Problem {
    /// What is wrong, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Problem::NotText { encoding }, Lang::De) => {
                format!("Die Zeile ist kein gültiges {}.", encoding.name())
            }
            (Problem::NotText { encoding }, Lang::En) => {
                format!("The line is not valid {}.", encoding.name())
            }
            (Problem::Empty, Lang::De) => "Die Liste ist leer.".into(),
            (Problem::Empty, Lang::En) => "The list is empty.".into(),
            (Problem::UnknownColumn { name }, Lang::De) => format!("Unbekannte Spalte „{name}“."),
            (Problem::UnknownColumn { name }, Lang::En) => format!("Unknown column \"{name}\"."),
            (Problem::DuplicateColumn { name }, Lang::De) => {
                format!("Die Spalte „{name}“ steht zweimal in der Kopfzeile.")
            }
            (Problem::DuplicateColumn { name }, Lang::En) => {
                format!("The column \"{name}\" appears twice in the header.")
            }
            (Problem::NoFileColumn, Lang::De) => {
                "Die Kopfzeile hat keine Spalte „file“ (oder „Datei“).".into()
            }
            (Problem::NoFileColumn, Lang::En) => {
                "The header has no \"file\" column (or \"Datei\").".into()
            }
            (
                Problem::FieldCount {
                    found, expected, ..
                },
                Lang::De,
            ) => format!("Die Zeile hat {found} Felder, die Kopfzeile hat {expected}."),
            (
                Problem::FieldCount {
                    found, expected, ..
                },
                Lang::En,
            ) => format!("The line has {found} fields, the header has {expected}."),
            (Problem::EmptyFile, Lang::De) => "Die Zelle „file“ ist leer.".into(),
            (Problem::EmptyFile, Lang::En) => "The file cell is empty.".into(),
            (Problem::BadPage { value }, Lang::De) => format!("„{value}“ ist keine Seitenzahl."),
            (Problem::BadPage { value }, Lang::En) => {
                format!("\"{value}\" is not a page number.")
            }
            (Problem::BadAmount { value }, Lang::De) => format!("„{value}“ ist kein Betrag."),
            (Problem::BadAmount { value }, Lang::En) => format!("\"{value}\" is not an amount."),
            (Problem::Twice { file, page, first }, Lang::De) => format!(
                "{file}{} steht zweimal in der Liste (zuerst in Zeile {first}).",
                page.map(|p| format!(", Seite {p},")).unwrap_or_default()
            ),
            (Problem::Twice { file, page, first }, Lang::En) => format!(
                "{file}{} is listed twice (first on line {first}).",
                page.map(|p| format!(" page {p}")).unwrap_or_default()
            ),
            (Problem::Csv { detail }, Lang::De) => {
                format!("Die Zeile lässt sich nicht lesen ({detail}).")
            }
            (Problem::Csv { detail }, Lang::En) => format!("The line cannot be read ({detail})."),
        }
    }

    /// How to fix it, in `lang`.
    pub fn fix(&self, lang: Lang) -> String {
        const KNOWN_DE: &str = "file (Datei), page (Seite), iban, bic, name (Empfänger), amount (Betrag), reference (Referenz), text (Verwendungszweck), information (Hinweis)";
        match (self, lang) {
            (Problem::NotText { .. }, Lang::De) => "Excel speichert „CSV (Trennzeichen-getrennt)“ als Windows-1252: lassen Sie --expect-encoding weg (giroscope erkennt das) oder geben Sie --expect-encoding windows-1252 an.".into(),
            (Problem::NotText { .. }, Lang::En) => "Excel saves \"CSV (comma delimited)\" as Windows-1252: leave out --expect-encoding (giroscope detects it) or give --expect-encoding windows-1252.".into(),
            (Problem::Empty, Lang::De) => "Die erste Zeile nennt die Spalten, z. B. file;page;amount, jede weitere Zeile einen Bescheid.".into(),
            (Problem::Empty, Lang::En) => "The first line names the columns, e.g. file,page,amount; each further line is one notice.".into(),
            (Problem::UnknownColumn { .. }, Lang::De) => format!("Bekannt sind {KNOWN_DE}. Benennen Sie die Spalte um oder löschen Sie sie."),
            (Problem::UnknownColumn { .. }, Lang::En) => format!("Known columns: {KNOWN_DE}. Rename the column or delete it."),
            (Problem::DuplicateColumn { .. }, Lang::De) => "Löschen oder benennen Sie eine der beiden Spalten um.".into(),
            (Problem::DuplicateColumn { .. }, Lang::En) => "Delete or rename one of the two columns.".into(),
            (Problem::NoFileColumn, Lang::De) => "Sie nennt für jede Zeile die Datei des Bescheids, z. B. bescheide.pdf; die Kopfzeile ist Zeile 1.".into(),
            (Problem::NoFileColumn, Lang::En) => "It names each notice's file, e.g. notices.pdf; the header is line 1.".into(),
            (Problem::FieldCount { delimiter, .. }, Lang::De) => format!("Steht {} in einem Wert, setzen Sie den Wert in Anführungszeichen (\"…\"); sonst fehlt ein Trennzeichen oder es ist eines zu viel.", delimiter_name(*delimiter, lang)),
            (Problem::FieldCount { delimiter, .. }, Lang::En) => format!("If a value contains {}, put the value in double quotes (\"…\"); otherwise a separator is missing or one too many.", delimiter_name(*delimiter, lang)),
            (Problem::EmptyFile, Lang::De) => "Jede Zeile nennt die Datei ihres Bescheids; ganz leere Zeilen werden übersprungen.".into(),
            (Problem::EmptyFile, Lang::En) => "Every line names its notice's file; wholly empty lines are skipped.".into(),
            (Problem::BadPage { .. }, Lang::De) => "Seiten zählen ab 1 (1, 2, 3 …); für Bilder und einseitige Dateien bleibt die Zelle leer.".into(),
            (Problem::BadPage { .. }, Lang::En) => "Pages count from 1 (1, 2, 3 …); leave the cell empty for images and one-page files.".into(),
            (Problem::BadAmount { .. }, Lang::De) => "Schreiben Sie den Betrag in Euro mit höchstens zwei Nachkommastellen und ohne Minus, z. B. 47,00 oder 1.234,50; leer heißt „nicht prüfen“.".into(),
            (Problem::BadAmount { .. }, Lang::En) => "Write the amount in euro with at most two decimals and no minus, e.g. 47.00 or 47,00; empty means \"not checked\".".into(),
            (Problem::Twice { .. }, Lang::De) => "Jeder Bescheid hat genau eine Zeile: löschen Sie die doppelte oder berichtigen Sie Datei oder Seite.".into(),
            (Problem::Twice { .. }, Lang::En) => "Each notice has exactly one line: delete the duplicate or correct its file or page.".into(),
            (Problem::Csv { .. }, Lang::De) => "Speichern Sie die Liste erneut als CSV.".into(),
            (Problem::Csv { .. }, Lang::En) => "Save the list again as CSV.".into(),
        }
    }
}

/// A delimiter as people name it.
fn delimiter_name(delimiter: char, lang: Lang) -> &'static str {
    match delimiter {
        ';' => lang.pick("ein Semikolon", "a semicolon"),
        '\t' => lang.pick("ein Tabulator", "a tab"),
        _ => lang.pick("ein Komma", "a comma"),
    }
}

/// Decodes a manifest's bytes: a byte order mark decides; otherwise valid UTF-8 is UTF-8 and
/// anything else is Windows-1252, Excel's default. `chosen` overrides the detection.
///
/// # Errors
/// [`Problem::NotText`] at the first byte that is not text in the chosen encoding.
pub(super) fn decode(
    bytes: &[u8],
    chosen: Option<Encoding>,
) -> Result<(String, Encoding), ManifestError> {
    let bom_utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let encoding = match chosen {
        Some(encoding) => encoding,
        None if bytes.starts_with(b"\xEF\xBB\xBF") => Encoding::Utf8,
        None if bom_utf16 => Encoding::Utf16,
        None if std::str::from_utf8(bytes).is_ok() => Encoding::Utf8,
        None => Encoding::Windows1252,
    };
    let text = match encoding {
        Encoding::Utf8 => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            match std::str::from_utf8(body) {
                Ok(text) => text.to_owned(),
                Err(error) => return Err(not_text(body, error.valid_up_to(), encoding)),
            }
        }
        Encoding::Utf16 => {
            let utf16 = if bytes.starts_with(&[0xFE, 0xFF]) {
                encoding_rs::UTF_16BE
            } else {
                encoding_rs::UTF_16LE
            };
            let (text, malformed) = utf16.decode_with_bom_removal(bytes);
            if malformed {
                let at = text.find('\u{FFFD}').unwrap_or(0);
                return Err(not_text(text.as_bytes(), at, encoding));
            }
            text.into_owned()
        }
        Encoding::Windows1252 => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
        Encoding::Latin1 => bytes.iter().map(|&b| char::from(b)).collect(),
    };
    Ok((text, encoding))
}

fn not_text(text: &[u8], at: usize, encoding: Encoding) -> ManifestError {
    let before = &text[..at.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    ManifestError {
        line,
        column: 1,
        column_name: None,
        problem: Problem::NotText { encoding },
    }
}

/// The delimiter, from the header line: Excel's `sep=;` hint line if there is one, else the
/// most frequent of comma, semicolon and tab outside quotes (comma when there is none).
/// Returns the delimiter and whether the first line is a `sep=` hint to skip.
pub(super) fn delimiter(text: &str) -> (u8, bool) {
    let first = text.lines().next().unwrap_or("");
    if let Some(hint) = first.trim().strip_prefix("sep=")
        && let [delimiter] = hint.as_bytes()
    {
        return (*delimiter, true);
    }
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for byte in first.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            _ if quoted => {}
            _ => {
                for (delimiter, count) in &mut counts {
                    if byte == *delimiter {
                        *count += 1;
                    }
                }
            }
        }
    }
    // Ties go to the earlier entry: comma, then semicolon.
    let best = counts.iter().fold(
        (b',', 0),
        |best, &(d, n)| if n > best.1 { (d, n) } else { best },
    );
    (best.0, false)
}

/// Editor line numbers for byte offsets of one text, counted as the CSV reader goes: it asks
/// for each record's line in file order, so the newlines are counted once, from where the
/// previous record was, and a manifest of a million rows is numbered in one pass.
pub(super) struct Lines<'a> {
    bytes: &'a [u8],
    /// Where counting stopped, and the line that position is on.
    at: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    pub(super) fn new(text: &'a str) -> Lines<'a> {
        Lines {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line (from 1) of the record the CSV reader places at byte `offset`, counting LF,
    /// CRLF and blank lines as an editor does. The reader's offset points before the blank
    /// lines it skipped (and at the LF of a CRLF), so line breaks there are stepped over.
    pub(super) fn line_at(&mut self, offset: u64) -> u64 {
        let bytes = self.bytes;
        let mut end = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        while end < bytes.len() && matches!(bytes[end], b'\r' | b'\n') {
            end += 1;
        }
        // An offset behind the last one (never from the reader) is counted from the start.
        if end < self.at {
            (self.at, self.line) = (0, 1);
        }
        self.line += bytes[self.at..end].iter().filter(|&&b| b == b'\n').count() as u64;
        self.at = end;
        self.line
    }
}

/// An amount as offices write it: `47`, `47.00`, `47,00`, `1.234,56`, `1,234.56`, `47,00 €`,
/// `EUR 47,00`. With both a point and a comma, the last one is the decimal separator and the
/// other groups thousands; a lone point or comma is the decimal separator. At most two
/// decimals, no sign.
pub(super) fn parse_amount(text: &str) -> Option<Decimal> {
    let trimmed = text
        .trim()
        .trim_start_matches("EUR")
        .trim_end_matches("EUR")
        .trim_matches(|c: char| c == '€' || c.is_whitespace());
    if trimmed.is_empty()
        || !trimmed
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return None;
    }
    let decimal_at = trimmed.rfind(['.', ',']);
    let (whole, decimals) = match decimal_at {
        Some(at) => (&trimmed[..at], &trimmed[at + 1..]),
        None => (trimmed, ""),
    };
    let separator = decimal_at.map(|at| trimmed.as_bytes()[at]);
    // A lone separator with three digits after it ("1.234") could be either; refuse it
    // rather than guess a thousandfold amount.
    if decimals.len() > 2 || (decimal_at.is_some() && decimals.is_empty()) {
        return None;
    }
    let grouping = match separator {
        Some(b'.') => b',',
        _ => b'.',
    };
    if whole.bytes().any(|b| Some(b) == separator) {
        return None;
    }
    let digits: String = if whole.bytes().any(|b| b == grouping) {
        let groups: Vec<&str> = whole.split(char::from(grouping)).collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
        groups.concat()
    } else {
        whole.to_owned()
    };
    if digits.is_empty() {
        return None;
    }
    format!("{digits}.{decimals}")
        .trim_end_matches('.')
        .parse::<Decimal>()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_offices_write_them() {
        for (text, expected) in [
            ("47", Some(4700)),
            ("47,00", Some(4700)),
            ("47.00", Some(4700)),
            ("47,5", Some(4750)),
            ("1.234,56", Some(123_456)),
            ("1,234.56", Some(123_456)),
            ("12.345.678,90", Some(1_234_567_890)),
            ("47,00 €", Some(4700)),
            ("€ 47,00", Some(4700)),
            ("EUR47.00", Some(4700)),
            ("EUR 47,00", Some(4700)),
            ("47,00 EUR", Some(4700)),
            ("1.234", None),
            ("47,000", None),
            ("12.5.0", None),
            ("1,23,45", None),
            ("-47,00", None),
            ("47,", None),
            (",50", None),
            ("", None),
            ("siebzig", None),
        ] {
            assert_eq!(
                parse_amount(text),
                expected.map(|cents| Decimal::new(cents, 2)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn delimiters_are_detected_from_the_header() {
        for (text, expected) in [
            ("file,page,amount\n", (b',', false)),
            ("file;page;amount\r\n", (b';', false)),
            ("file\tpage\tamount\n", (b'\t', false)),
            ("\"a;b\",page\n", (b',', false)),
            ("file\n", (b',', false)),
            ("sep=;\nfile;page\n", (b';', true)),
        ] {
            assert_eq!(delimiter(text), expected, "{text:?}");
        }
    }

    #[test]
    fn encodings_are_detected_or_chosen() {
        let cp1252 = b"file;name\nx;M\xFCller \x80\n";
        let (text, encoding) = decode(cp1252, None).expect("detected");
        assert_eq!(
            (text.as_str(), encoding),
            ("file;name\nx;Müller €\n", Encoding::Windows1252)
        );
        let (text, _) = decode(cp1252, Some(Encoding::Latin1)).expect("chosen");
        assert_eq!(text, "file;name\nx;Müller \u{80}\n");
        let (text, encoding) = decode("\u{FEFF}file\nMüller\n".as_bytes(), None).expect("BOM");
        assert_eq!(
            (text.as_str(), encoding),
            ("file\nMüller\n", Encoding::Utf8)
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "file\tname\nx\tMüller\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        let (text, encoding) = decode(&utf16, None).expect("UTF-16");
        assert_eq!(
            (text.as_str(), encoding),
            ("file\tname\nx\tMüller\n", Encoding::Utf16)
        );
        let error = decode(cp1252, Some(Encoding::Utf8)).expect_err("not UTF-8");
        assert_eq!(error.line, 2);
        assert!(
            error.to_string().contains("--expect-encoding windows-1252"),
            "{error}"
        );
    }

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        for (column, letters) in [
            (1, "A"),
            (2, "B"),
            (26, "Z"),
            (27, "AA"),
            (28, "AB"),
            (53, "BA"),
        ] {
            assert_eq!(column_letter(column), letters);
        }
    }
}
