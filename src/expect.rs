//! Expected data: a manifest (CSV) of what each notice's code should pay, compared with what
//! was read.
//!
//! Columns: `file` (required), `page`, and any of `iban`, `bic`, `name`, `amount`, `reference`,
//! `text`, `information`. An empty cell means "not checked". Amounts may be written `25`,
//! `25.00`, `25,00` or `EUR25.00`; IBANs with or without spaces.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::check::Fields;
use crate::finding::Finding;
use crate::report::CodeReport;
use crate::rules::{self, Rule};

/// A malformed manifest, located like a compiler error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("manifest line {line}, column {column}: {message}")]
pub struct ManifestError {
    /// Line in the file, counted from 1.
    pub line: u64,
    /// Column (field) in the line, counted from 1.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// One expected notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Line in the manifest, counted from 1.
    pub line: u64,
    /// The file the notice is in: a path as given on the command line, or its file name.
    pub file: String,
    /// The PDF page, counted from 1; `None` for images, payload files and single-page PDFs.
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

/// A parsed manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    rows: Vec<Row>,
}

const COLUMNS: [&str; 9] = [
    "file",
    "page",
    "iban",
    "bic",
    "name",
    "amount",
    "reference",
    "text",
    "information",
];

impl Manifest {
    /// Parses a manifest.
    ///
    /// # Errors
    /// A [`ManifestError`] with line and column for the first problem: unknown or missing
    /// columns, an empty file cell, a page that is not a positive number, an amount that is not
    /// a number, or the same file and page twice.
    pub fn parse(text: &str) -> Result<Manifest, ManifestError> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = reader.headers().map_err(|e| csv_error(&e))?.clone();
        let mut index = HashMap::new();
        for (column, name) in headers.iter().enumerate() {
            let name = name.trim_start_matches('\u{FEFF}').to_ascii_lowercase();
            if !COLUMNS.contains(&name.as_str()) {
                return Err(ManifestError {
                    line: 1,
                    column: column + 1,
                    message: format!("unknown column {name:?}; known: {}", COLUMNS.join(", ")),
                });
            }
            index.insert(name, column);
        }
        if !index.contains_key("file") {
            return Err(ManifestError {
                line: 1,
                column: 1,
                message: "no \"file\" column".into(),
            });
        }
        let mut rows = Vec::new();
        let mut seen: HashMap<(String, Option<usize>), u64> = HashMap::new();
        for record in reader.records() {
            let record = record.map_err(|e| csv_error(&e))?;
            let line = record.position().map_or(0, |p| p.line());
            let cell = |name: &str| {
                index
                    .get(name)
                    .and_then(|&i| record.get(i))
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
            };
            let column = |name: &str| index.get(name).map_or(1, |i| i + 1);
            let error = |name: &str, message: String| ManifestError {
                line,
                column: column(name),
                message,
            };
            let file =
                cell("file").ok_or_else(|| error("file", "the file cell is empty".into()))?;
            let page = match cell("page") {
                None => None,
                Some(page) => match page.parse::<usize>() {
                    Ok(page) if page >= 1 => Some(page),
                    _ => {
                        return Err(error(
                            "page",
                            format!("page {page:?} is not a number from 1 up"),
                        ));
                    }
                },
            };
            let amount = match cell("amount") {
                None => None,
                Some(amount) => Some(parse_amount(&amount).ok_or_else(|| {
                    error(
                        "amount",
                        format!("amount {amount:?} is not a number like 25.00"),
                    )
                })?),
            };
            if let Some(first) = seen.insert((file.clone(), page), line) {
                return Err(error(
                    "file",
                    format!("{file} page {page:?} is listed twice (also line {first})"),
                ));
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
        Ok(Manifest { rows })
    }

    /// Every row.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The row for a code on `page` of the input `source`, and its index. A row's `file` matches
    /// the source path as given, or its last path components.
    pub fn row_for(&self, source: &str, page: Option<usize>) -> Option<(usize, &Row)> {
        self.rows.iter().enumerate().find(|(_, row)| {
            same_file(&row.file, source)
                && (row.page == page || (row.page.is_none() && page == Some(1)))
        })
    }

    /// The rows that belong to the input `source`.
    pub fn rows_for<'a>(&'a self, source: &'a str) -> impl Iterator<Item = (usize, &'a Row)> + 'a {
        self.rows
            .iter()
            .enumerate()
            .filter(move |(_, row)| same_file(&row.file, source))
    }
}

fn csv_error(error: &csv::Error) -> ManifestError {
    let line = error.position().map_or(0, |p| p.line());
    ManifestError {
        line,
        column: 1,
        message: error.to_string(),
    }
}

fn same_file(listed: &str, source: &str) -> bool {
    let listed = listed.replace('\\', "/");
    let source = source.replace('\\', "/");
    source == listed || source.ends_with(&format!("/{listed}"))
}

/// `25`, `25.5`, `25.00`, `25,00`, `EUR25.00`, `EUR 25,00`.
fn parse_amount(text: &str) -> Option<Decimal> {
    let number = text.trim_start_matches("EUR").trim().replace(',', ".");
    let valid = !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && number.matches('.').count() <= 1;
    valid.then(|| number.parse::<Decimal>().ok()).flatten()
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
            ("file,page\nx,1,extra\n", 2, 1),
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
    fn rows_match_by_path_or_file_name() {
        let manifest = Manifest::parse("file,page\nnotices.pdf,2\nphoto.jpg,\n").expect("valid");
        assert!(manifest.row_for("print/run/notices.pdf", Some(2)).is_some());
        assert!(manifest.row_for("notices.pdf", Some(3)).is_none());
        assert!(manifest.row_for("scans/photo.jpg", None).is_some());
        assert!(manifest.row_for("other-notices.pdf", Some(2)).is_none());
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
