//! Expected data: a manifest (CSV) of what each notice's code should pay, compared with what
//! was read, and which pages must carry a code.
//!
//! Columns: `file` (required), `page`, and any of `iban`, `bic`, `name`, `amount`, `reference`,
//! `text`, `information`, or their German names (`Datei`, `Seite`, `Empfänger`, `Betrag`,
//! `Referenz`, `Verwendungszweck`, `Hinweis`). An empty cell means "not checked". Amounts may
//! be written `25`, `25.00`, `25,00`, `1.234,50` or `EUR 25,00`; IBANs with or without spaces.
//! How the file is read (encoding, delimiter, line numbers) is in [`read`].

mod pages;
pub mod read;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use rust_decimal::Decimal;

pub use pages::{CodePages, CodePagesError};
pub use read::{Encoding, ManifestError, Problem};

use crate::check::Fields;
use crate::finding::{Finding, echo};
use crate::report::CodeReport;
use crate::rules::{self, Rule};

/// One expected notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Line in the manifest as an editor shows it, counted from 1 (the header is line 1).
    pub line: u64,
    /// The file the notice is in: a path as given on the command line, or its file name.
    pub file: String,
    /// The page, counted from 1; `None` for images, payload files and single-page PDFs.
    pub page: Option<usize>,
    /// Expected IBAN, electronic format.
    pub iban: Option<String>,
    /// Expected BIC.
    pub bic: Option<String>,
    /// Expected beneficiary name.
    pub name: Option<String>,
    /// Expected amount in euro.
    pub amount: Option<Decimal>,
    /// Expected structured reference, without spaces.
    pub reference: Option<String>,
    /// Expected remittance text.
    pub text: Option<String>,
    /// Expected information line.
    pub information: Option<String>,
}

impl Row {
    /// The row as reports repeat it beside what was read: every text cut to
    /// [`crate::finding::MAX_ECHO_CHARS`], so that one huge cell is not copied whole into
    /// every report that shows its row. Comparisons use the row itself.
    pub fn echoed(&self) -> Row {
        let cut = |value: &Option<String>| value.as_deref().map(echo);
        Row {
            line: self.line,
            file: echo(&self.file),
            page: self.page,
            iban: cut(&self.iban),
            bic: cut(&self.bic),
            name: cut(&self.name),
            amount: self.amount,
            reference: cut(&self.reference),
            text: cut(&self.text),
            information: cut(&self.information),
        }
    }
}

/// A parsed manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    rows: Vec<Row>,
    encoding: Encoding,
    delimiter: u8,
    /// The rows by file and page, built with them.
    index: Index,
}

/// Where the rows are, by their file (backslashes as slashes) and page: a code's row is found
/// without comparing its file with every row, so a print run of a million notices against its
/// manifest is matched in one pass, not a million times a million comparisons.
#[derive(Clone, Default, PartialEq, Eq)]
struct Index {
    /// Each file the rows name → its number.
    files: HashMap<Box<str>, usize>,
    /// Per file number: its rows' indices, ascending, as a range of `order`.
    spans: Vec<Range<usize>>,
    /// Row indices grouped by file number.
    order: Vec<usize>,
    /// File number and page → the first row with them.
    pages: HashMap<(usize, Option<usize>), usize>,
}

impl Index {
    fn new(rows: &[Row]) -> Index {
        let mut files: HashMap<Box<str>, usize> = HashMap::new();
        let mut pages = HashMap::with_capacity(rows.len());
        let mut numbers = Vec::with_capacity(rows.len());
        let mut counts: Vec<usize> = Vec::new();
        for (index, row) in rows.iter().enumerate() {
            let file = slashes(&row.file);
            let number = match files.get(&*file) {
                Some(&number) => number,
                None => {
                    files.insert(file.into(), counts.len());
                    counts.push(0);
                    counts.len() - 1
                }
            };
            counts[number] += 1;
            numbers.push(number);
            // Rows are taken in order: the first row of a file and page stays.
            pages.entry((number, row.page)).or_insert(index);
        }
        let mut spans = Vec::with_capacity(counts.len());
        let mut start = 0;
        for count in counts {
            spans.push(start..start + count);
            start += count;
        }
        let mut next: Vec<usize> = spans.iter().map(|span| span.start).collect();
        let mut order = vec![0; rows.len()];
        for (index, number) in numbers.into_iter().enumerate() {
            order[next[number]] = index;
            next[number] += 1;
        }
        Index {
            files,
            spans,
            order,
            pages,
        }
    }

    /// The numbers of the files a row may name for the input `source`: the path as given, or
    /// its last path components (`b/c.pdf` and `c.pdf` for `a/b/c.pdf`), backslashes taken as
    /// slashes.
    fn files_for(&self, source: &str) -> Vec<usize> {
        let source = slashes(source);
        std::iter::once(&*source)
            .chain(source.match_indices('/').map(|(at, _)| &source[at + 1..]))
            .filter_map(|file| self.files.get(file).copied())
            .collect()
    }
}

impl fmt::Debug for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Index")
            .field("files", &self.files.len())
            .field("rows", &self.order.len())
            .finish()
    }
}

/// The columns, each with the header names it is known by (compared in lower case).
const COLUMNS: [(&str, &[&str]); 9] = [
    ("file", &["file", "datei", "dateiname"]),
    ("page", &["page", "seite"]),
    ("iban", &["iban"]),
    ("bic", &["bic"]),
    (
        "name",
        &["name", "empfänger", "zahlungsempfänger", "beneficiary"],
    ),
    ("amount", &["amount", "betrag"]),
    ("reference", &["reference", "referenz"]),
    ("text", &["text", "verwendungszweck"]),
    ("information", &["information", "hinweis"]),
];

impl Manifest {
    /// Reads a manifest from its bytes, detecting the encoding unless one is chosen.
    ///
    /// # Errors
    /// As [`Manifest::parse`], and [`Problem::NotText`] when the bytes are not text in the
    /// chosen encoding.
    pub fn read(bytes: &[u8], encoding: Option<Encoding>) -> Result<Manifest, ManifestError> {
        let (text, encoding) = read::decode(bytes, encoding)?;
        let mut manifest = Manifest::parse(&text)?;
        manifest.encoding = encoding;
        Ok(manifest)
    }

    /// Parses a manifest, detecting the delimiter (comma, semicolon or tab).
    ///
    /// # Errors
    /// A [`ManifestError`] with line, column and fix for the first problem: unknown, repeated
    /// or missing columns, a line with the wrong number of fields, an empty file cell, a page
    /// that is not a positive number, an amount that is not an amount, or the same file and
    /// page twice.
    pub fn parse(text: &str) -> Result<Manifest, ManifestError> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let (delimiter, hint_line) = read::delimiter(text);
        let body = if hint_line {
            text.split_once('\n').map_or("", |(_, rest)| rest)
        } else {
            text
        };
        let skipped_bytes = (text.len() - body.len()) as u64;
        let mut lines = read::Lines::new(text);
        let mut line_of = |position: Option<&csv::Position>| {
            lines.line_at(skipped_bytes + position.map_or(0, |p| p.byte()))
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(body.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| csv_error(&e, text, skipped_bytes))?
            .clone();
        let header_line = line_of(headers.position());
        if headers.iter().all(str::is_empty) {
            return Err(ManifestError {
                line: header_line,
                column: 1,
                column_name: None,
                problem: Problem::Empty,
            });
        }
        let mut index: HashMap<&'static str, usize> = HashMap::new();
        for (column, written) in headers.iter().enumerate() {
            let lower = written.to_lowercase();
            let at = |problem| ManifestError {
                line: header_line,
                column: column + 1,
                column_name: Some(echo(written)),
                problem,
            };
            let Some((name, _)) = COLUMNS
                .iter()
                .find(|(_, names)| names.contains(&lower.as_str()))
            else {
                return Err(at(Problem::UnknownColumn {
                    name: echo(written),
                }));
            };
            if index.insert(name, column).is_some() {
                return Err(at(Problem::DuplicateColumn {
                    name: echo(written),
                }));
            }
        }
        if !index.contains_key("file") {
            return Err(ManifestError {
                line: header_line,
                column: 1,
                column_name: None,
                problem: Problem::NoFileColumn,
            });
        }
        let mut rows = Vec::new();
        let mut seen: HashMap<(String, Option<usize>), u64> = HashMap::new();
        for record in reader.records() {
            let record = record.map_err(|e| csv_error(&e, text, skipped_bytes))?;
            let line = line_of(record.position());
            // Excel writes rows of empty cells (;;;;) below the data.
            if record.iter().all(str::is_empty) {
                continue;
            }
            if record.len() != headers.len() {
                return Err(ManifestError {
                    line,
                    column: record.len().min(headers.len()) + 1,
                    column_name: None,
                    problem: Problem::FieldCount {
                        found: record.len(),
                        expected: headers.len(),
                        delimiter: char::from(delimiter),
                    },
                });
            }
            let cell = |name: &str| {
                index
                    .get(name)
                    .and_then(|&i| record.get(i))
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
            };
            let error = |name: &str, problem: Problem| ManifestError {
                line,
                column: index.get(name).map_or(1, |i| i + 1),
                column_name: index.get(name).and_then(|&i| headers.get(i)).map(echo),
                problem,
            };
            let file = cell("file").ok_or_else(|| error("file", Problem::EmptyFile))?;
            let page = match cell("page") {
                None => None,
                Some(page) => match page.parse::<usize>() {
                    Ok(page) if page >= 1 => Some(page),
                    _ => return Err(error("page", Problem::BadPage { value: echo(&page) })),
                },
            };
            let amount = match cell("amount") {
                None => None,
                Some(amount) => Some(read::parse_amount(&amount).ok_or_else(|| {
                    error(
                        "amount",
                        Problem::BadAmount {
                            value: echo(&amount),
                        },
                    )
                })?),
            };
            if let Some(first) = seen.insert((file.clone(), page), line) {
                let file = echo(&file);
                return Err(error("file", Problem::Twice { file, page, first }));
            }
            rows.push(Row {
                line,
                file,
                page,
                iban: cell("iban").map(|v| v.replace(' ', "").to_ascii_uppercase()),
                bic: cell("bic").map(|v| v.replace(' ', "").to_ascii_uppercase()),
                name: cell("name"),
                amount,
                reference: cell("reference").map(|v| v.replace(' ', "")),
                text: cell("text"),
                information: cell("information"),
            });
        }
        Ok(Manifest {
            index: Index::new(&rows),
            rows,
            encoding: Encoding::Utf8,
            delimiter,
        })
    }

    /// The encoding the manifest was read in.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The delimiter between fields: `,`, `;` or a tab.
    pub fn delimiter(&self) -> char {
        char::from(self.delimiter)
    }

    /// Every row.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The row for a code on `page` of the input `source`, and its index. A row's `file` matches
    /// the source path as given, or its last path components; a row without a page matches
    /// page 1 and a row for page 1 a code without one. Of several matching rows, the first.
    pub fn row_for(&self, source: &str, page: Option<usize>) -> Option<(usize, &Row)> {
        let pages: &[Option<usize>] = match page {
            None | Some(1) => &[None, Some(1)],
            _ => &[page],
        };
        self.index
            .files_for(source)
            .into_iter()
            .flat_map(|file| pages.iter().map(move |&page| (file, page)))
            .filter_map(|key| self.index.pages.get(&key).copied())
            .min()
            .map(|index| (index, &self.rows[index]))
    }

    /// The rows that belong to the input `source` (their `file` matches as in
    /// [`Manifest::row_for`]), in manifest order.
    pub fn rows_for<'a>(&'a self, source: &'a str) -> impl Iterator<Item = (usize, &'a Row)> + 'a {
        let files = self.index.files_for(source);
        let mut indices: Vec<usize> = files
            .iter()
            .flat_map(|&file| &self.index.order[self.index.spans[file].clone()])
            .copied()
            .collect();
        // One file's rows are in order already; rows naming the input in several ways
        // (`notices.pdf`, `run/notices.pdf`) are merged.
        if files.len() > 1 {
            indices.sort_unstable();
        }
        indices
            .into_iter()
            .map(move |index| (index, &self.rows[index]))
    }
}

fn csv_error(error: &csv::Error, text: &str, skipped_bytes: u64) -> ManifestError {
    let line =
        read::Lines::new(text).line_at(skipped_bytes + error.position().map_or(0, |p| p.byte()));
    ManifestError {
        line,
        column: 1,
        column_name: None,
        problem: Problem::Csv {
            detail: error.to_string(),
        },
    }
}

/// A path with backslashes taken as slashes, as files are compared.
fn slashes(path: &str) -> Cow<'_, str> {
    if path.contains('\\') {
        Cow::Owned(path.replace('\\', "/"))
    } else {
        Cow::Borrowed(path)
    }
}

/// Compares a code's fields with its row; one finding per differing field.
pub fn compare(row: &Row, fields: &Fields) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut differ = |rule: &'static Rule, expected: Option<String>, actual: Option<&str>| {
        if let Some(expected) = expected
            && actual != Some(expected.as_str())
        {
            findings.push(
                Finding::new(rule)
                    .with("expected", expected)
                    .with("actual", actual.unwrap_or("—"))
                    .with("row", row.line),
            );
        }
    };
    differ(
        &rules::EXPECT_IBAN,
        row.iban.clone(),
        fields.iban.as_deref(),
    );
    differ(&rules::EXPECT_BIC, row.bic.clone(), fields.bic.as_deref());
    differ(
        &rules::EXPECT_NAME,
        row.name.clone(),
        fields.name.as_deref(),
    );
    // Compared as numbers (25 = 25.00); the cleaned field always has two decimals.
    let actual_amount = fields
        .amount
        .as_deref()
        .and_then(|a| a.parse::<Decimal>().ok());
    let expected_amount = row.amount.map(|a| format!("{a:.2}"));
    let shown_amount = match (row.amount, actual_amount) {
        (Some(expected), Some(actual)) if expected == actual => expected_amount.clone(),
        _ => fields.amount.clone(),
    };
    differ(
        &rules::EXPECT_AMOUNT,
        expected_amount,
        shown_amount.as_deref(),
    );
    let reference = fields.reference.as_ref().map(|r| r.replace(' ', ""));
    differ(
        &rules::EXPECT_REFERENCE,
        row.reference.clone(),
        reference.as_deref(),
    );
    differ(
        &rules::EXPECT_TEXT,
        row.text.clone(),
        fields.text.as_deref(),
    );
    differ(
        &rules::EXPECT_INFORMATION,
        row.information.clone(),
        fields.information.as_deref(),
    );
    findings
}

/// The cash reference a notice is matched by: the structured reference, else the token after
/// "Kassenzeichen" in the remittance text.
pub fn matching_reference(code: &CodeReport) -> Option<String> {
    if let Some(reference) = &code.fields.reference {
        return Some(reference.replace(' ', ""));
    }
    let text = code.fields.text.as_deref()?;
    let lower = text.to_lowercase();
    let at = lower.find("kassenzeichen")? + "kassenzeichen".len();
    let token: String = text[at..]
        .trim_start_matches([':', ' '])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '/'))
        .collect();
    let token = token.trim_end_matches(['.', '-', '/']);
    (!token.is_empty()).then(|| format!("Kassenzeichen {token}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_locates_errors() {
        let ok = Manifest::parse(
            "file,page,amount,iban\nnotices.pdf,1,\"25,00\",DE02 1203 0000 0000 2020 51\nphoto.jpg,,EUR7,\n",
        );
        let manifest = ok.expect("valid manifest");
        assert_eq!(manifest.rows()[0].amount, Some(Decimal::new(2500, 2)));
        assert_eq!(
            manifest.rows()[0].iban.as_deref(),
            Some("DE02120300000000202051")
        );
        assert_eq!(manifest.rows()[1].page, None);
        assert_eq!(manifest.rows()[1].line, 3);
        for (text, line, column) in [
            ("file,colour\nx,red\n", 1, 2),
            ("page\n1\n", 1, 1),
            ("file,page\nx,0\n", 2, 2),
            ("file,page,amount\nx,1,12.5.0\n", 2, 3),
            ("file,page\n,1\n", 2, 1),
            ("file,page\nx,1\nx,1\n", 3, 1),
            ("file,page\nx,1,extra\n", 2, 3),
            ("file,page\r\nx,1\r\n\r\ny\r\n", 4, 2),
            ("file,Datei\nx,y\n", 1, 2),
            ("", 1, 1),
        ] {
            let error = Manifest::parse(text).expect_err(text);
            assert_eq!(
                (error.line, error.column),
                (line, column),
                "{text:?}: {error}"
            );
        }
    }

    #[test]
    fn manifests_as_german_offices_write_them() {
        // Excel's "CSV (Trennzeichen-getrennt)": Windows-1252, semicolons, CRLF, decimal
        // commas, German headers, a blank line, and rows of empty cells at the end.
        let bytes = b"Datei;Seite;Empf\xE4nger;Betrag;Verwendungszweck\r\n\
            bescheide.pdf;2;Stadtkasse M\xFCnster;47,00;Kassenzeichen 1\r\n\
            \r\n\
            bescheide.pdf;4;Stadtkasse M\xFCnster;1.234,50 \x80;\"Geb\xFChr; Parken\"\r\n\
            ;;;;\r\n";
        let manifest = Manifest::read(bytes, None).expect("readable");
        assert_eq!(
            (manifest.encoding(), manifest.delimiter()),
            (Encoding::Windows1252, ';')
        );
        let rows = manifest.rows();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].line, rows[1].line),
            (2, 4),
            "as an editor numbers them"
        );
        assert_eq!(rows[0].name.as_deref(), Some("Stadtkasse Münster"));
        assert_eq!(rows[1].amount, Some(Decimal::new(123_450, 2)));
        assert_eq!(rows[1].text.as_deref(), Some("Gebühr; Parken"));
        // A field too many, four lines down in a CRLF file, named as Excel shows it.
        let error = Manifest::read(b"file;page\r\na;1\r\nb;2\r\nc;3;x\r\n", None)
            .expect_err("a field too many");
        assert_eq!((error.line, error.column), (4, 3));
        assert_eq!(
            error.message(crate::Lang::De),
            "Liste, Zeile 4, Spalte C: Die Zeile hat 3 Felder, die Kopfzeile hat 2. Steht ein Semikolon in einem Wert, setzen Sie den Wert in Anführungszeichen (\"…\"); sonst fehlt ein Trennzeichen oder es ist eines zu viel."
        );
        let error = Manifest::parse("file\tpage\tamount\nx\t1\tsiebzig\n").expect_err("amount");
        assert_eq!(
            error.to_string(),
            "manifest line 2, column C (amount): \"siebzig\" is not an amount. Write the amount in euro with at most two decimals and no minus, e.g. 47.00 or 47,00; empty means \"not checked\"."
        );
        // Excel's delimiter hint line counts as line 1.
        let manifest = Manifest::parse("sep=;\nfile;page\nx;1\n").expect("hint line");
        assert_eq!(manifest.rows()[0].line, 3);
    }

    #[test]
    fn errors_echo_a_huge_cell_cut_short() {
        let huge = "x".repeat(1_000_000);
        for text in [
            format!("file,{huge}\na,b\n"),
            format!("file,page\na,{huge}\n"),
            format!("file,amount\na,{huge}\n"),
            format!("file\n{huge}\n{huge}\n"),
        ] {
            let error = Manifest::parse(&text).expect_err("malformed");
            let message = error.message(crate::Lang::En);
            assert!(message.len() < 1000, "{} bytes", message.len());
            assert!(
                message.contains(&format!("{}…", "x".repeat(199))),
                "{message}"
            );
        }
    }

    #[test]
    fn rows_match_by_path_or_file_name() {
        let manifest = Manifest::parse("file,page\nnotices.pdf,2\nphoto.jpg,\n").expect("valid");
        assert!(manifest.row_for("print/run/notices.pdf", Some(2)).is_some());
        assert!(manifest.row_for("notices.pdf", Some(3)).is_none());
        assert!(manifest.row_for("scans/photo.jpg", None).is_some());
        assert!(manifest.row_for("other-notices.pdf", Some(2)).is_none());
        let manifest = Manifest::parse("file,page\nphoto.jpg,1\n").expect("valid");
        assert!(
            manifest.row_for("photo.jpg", None).is_some(),
            "page 1 of an image"
        );
    }

    /// The matching as it was before the index: every row compared with the input.
    fn same_file(listed: &str, source: &str) -> bool {
        let listed = listed.replace('\\', "/");
        let source = source.replace('\\', "/");
        source == listed || source.ends_with(&format!("/{listed}"))
    }

    fn row_for_by_scan<'a>(
        manifest: &'a Manifest,
        source: &str,
        page: Option<usize>,
    ) -> Option<(usize, &'a Row)> {
        manifest.rows.iter().enumerate().find(|(_, row)| {
            same_file(&row.file, source)
                && (row.page == page
                    || (row.page.is_none() && page == Some(1))
                    || (row.page == Some(1) && page.is_none()))
        })
    }

    #[test]
    fn the_index_finds_the_rows_a_scan_of_every_row_finds() {
        // Ties on purpose: a file named by its path and by its name, with and without
        // backslashes, with and without a page, and rows for page 1 and no page at once.
        let manifest = Manifest::parse(
            "file,page\n\
             c.pdf,2\n\
             b/c.pdf,2\n\
             a/b/c.pdf,\n\
             b\\c.pdf,1\n\
             c.pdf,1\n\
             b/c.pdf,\n\
             c.pdf,\n\
             b\\c.pdf,3\n\
             b/c.pdf,3\n\
             photo.jpg,1\n\
             scans\\photo.jpg,\n\
             /c.pdf,4\n\
             x.pdf,5\n\
             c.pdf,5\n",
        )
        .expect("valid");
        let sources = [
            "c.pdf",
            "b/c.pdf",
            "a/b/c.pdf",
            "a\\b\\c.pdf",
            "/a/b/c.pdf",
            "x/c.pdf",
            "x//c.pdf",
            "bc.pdf",
            "photo.jpg",
            "scans/photo.jpg",
            "d:\\scans\\photo.jpg",
            "x.pdf",
            "",
            "/",
        ];
        for source in sources {
            for page in [None, Some(1), Some(2), Some(3), Some(4), Some(5), Some(6)] {
                assert_eq!(
                    manifest.row_for(source, page),
                    row_for_by_scan(&manifest, source, page),
                    "{source:?} page {page:?}"
                );
            }
            let scanned: Vec<usize> = (0..manifest.rows.len())
                .filter(|&i| same_file(&manifest.rows[i].file, source))
                .collect();
            let indexed: Vec<usize> = manifest.rows_for(source).map(|(i, _)| i).collect();
            assert_eq!(indexed, scanned, "{source:?}");
        }
        // Spot checks of the ties: the first row wins, page 1 and no page are one.
        assert_eq!(manifest.row_for("a/b/c.pdf", Some(2)).map(|r| r.0), Some(0));
        assert_eq!(manifest.row_for("a/b/c.pdf", None).map(|r| r.0), Some(2));
        assert_eq!(manifest.row_for("b/c.pdf", Some(1)).map(|r| r.0), Some(3));
        assert_eq!(manifest.row_for("x//c.pdf", Some(4)).map(|r| r.0), Some(11));
        assert_eq!(
            manifest.rows_for("a/b/c.pdf").count(),
            10,
            "every row but /c.pdf's, x.pdf's and the photos'"
        );
    }

    #[test]
    fn kassenzeichen_is_found_in_the_text() {
        let mut code = CodeReport::from_payload(b"BCD\n002\n1\nSCT\n\nStadt\nDE02120300000000202051\nEUR1\n\n\nKassenzeichen: 5.1234.004711.1 Parken");
        assert_eq!(
            matching_reference(&code).as_deref(),
            Some("Kassenzeichen 5.1234.004711.1")
        );
        code.fields.reference = Some("RF18 5390 0754 7034".into());
        assert_eq!(
            matching_reference(&code).as_deref(),
            Some("RF18539007547034")
        );
    }
}
