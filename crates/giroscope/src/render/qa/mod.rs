//! The QA view of a print run: one row per notice (a code on a page), per page without a
//! code and per input that could not be checked, collected as the run goes so that a
//! 20,000-page run keeps only table cells in memory, and full details for flagged rows.
//! [`html`] writes the self-contained report; [`annotate`] draws the pictures of flagged
//! pages (the report's thumbnails and `--annotate`'s PNGs).

pub mod annotate;
pub mod html;

use std::collections::BTreeMap;

use crate::SourceReport;
use crate::check::Fields;
use crate::check::symbol::SymbolReport;
use crate::expect::{self, Manifest};
use crate::finding::{Finding, Severity};
use crate::report::{CodeKind, CodeReport, Verdict};
use crate::rules::{self, Rule};

/// Flagged rows that get full details and a thumbnail in the HTML report; the table lists
/// every row. 500 detailed rows keep the report within a few megabytes however long the run.
pub const DETAILED_ROWS: usize = 500;

/// What became of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// The verdict on the notice or page.
    Verdict(Verdict),
    /// The input could not be checked at all.
    Unchecked,
}

impl Outcome {
    /// Every outcome, best first: the order of the report's counts and filter.
    pub const ALL: [Outcome; 8] = [
        Outcome::Verdict(Verdict::Valid),
        Outcome::Verdict(Verdict::ValidWithWarnings),
        Outcome::Verdict(Verdict::Nonconforming),
        Outcome::Verdict(Verdict::NotPayable),
        Outcome::Verdict(Verdict::NotGiroCode),
        Outcome::Verdict(Verdict::Unreadable),
        Outcome::Verdict(Verdict::NoCode),
        Outcome::Unchecked,
    ];

    /// The name used in the report's filter, like the JSON's verdict names.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Verdict(verdict) => verdict.as_str(),
            Outcome::Unchecked => "unchecked",
        }
    }

    /// Whether the row is worth a look: anything but a valid code.
    pub fn flagged(self) -> bool {
        self != Outcome::Verdict(Verdict::Valid)
    }
}

/// One line of the table.
#[derive(Debug, Clone)]
pub struct Row {
    /// Index into [`QaReport::sources`].
    pub source: usize,
    /// The page, for documents of pages.
    pub page: Option<usize>,
    /// The beneficiary's name as read.
    pub payee: Option<String>,
    /// The amount as read, e.g. `25.00`.
    pub amount: Option<String>,
    /// The reference a payment is matched by: the structured reference or the Kassenzeichen.
    pub reference: Option<String>,
    /// The verdict.
    pub outcome: Outcome,
    /// The codes of the row's findings, for the filter.
    pub codes: Vec<&'static str>,
    /// The symbol's geometry, for flagged codes read from pixels: what their pictures draw.
    pub symbol: Option<Box<SymbolReport>>,
    /// Full details, for the first [`DETAILED_ROWS`] flagged rows.
    pub detail: Option<Box<Detail>>,
}

/// What the report shows about a flagged row.
#[derive(Debug, Clone)]
pub struct Detail {
    /// The row's findings (the code's, and those about its page or input).
    pub findings: Vec<Finding>,
    /// The fields as read, for codes.
    pub fields: Option<Fields>,
    /// The manifest's line for the notice, if any.
    pub expected: Option<expect::Row>,
    /// Why the input could not be checked, in German and English.
    pub error: Option<(String, String)>,
    /// The picture, once drawn.
    pub thumbnail: Option<annotate::Thumbnail>,
}

/// The whole run's rows. Feed every input with [`QaReport::add`], in order.
#[derive(Debug, Clone, Default)]
pub struct QaReport {
    /// Every input's name, in order.
    pub sources: Vec<String>,
    /// Every row, in input and page order.
    pub rows: Vec<Row>,
    /// Findings by rule over the whole run, with the rule.
    pub rule_counts: BTreeMap<&'static str, (&'static Rule, usize)>,
    detailed: usize,
}

/// A page with flagged rows, to be pictured.
#[derive(Debug, Clone)]
pub struct FlaggedPage<'a> {
    /// The input's name.
    pub source: &'a str,
    /// The page, for documents of pages.
    pub page: Option<usize>,
    /// The flagged rows on the page.
    pub rows: Vec<usize>,
    /// The symbols of every code on the page.
    pub symbols: Vec<&'a SymbolReport>,
}

impl QaReport {
    /// An empty report.
    pub fn new() -> QaReport {
        QaReport::default()
    }

    /// Adds one input's rows, after the batch checks (so that expected-data findings count),
    /// with the manifest the run was checked against.
    pub fn add(&mut self, source: &SourceReport, manifest: Option<&Manifest>) {
        let index = self.sources.len();
        self.sources.push(source.source.clone());
        let verified = match &source.outcome {
            Ok(verified) => verified,
            Err(error) => {
                let detail = Detail {
                    findings: Vec::new(),
                    fields: None,
                    expected: None,
                    error: Some((
                        error.message(crate::Lang::De),
                        error.message(crate::Lang::En),
                    )),
                    thumbnail: None,
                };
                self.push(Row {
                    source: index,
                    page: None,
                    payee: None,
                    amount: None,
                    reference: None,
                    outcome: Outcome::Unchecked,
                    codes: vec![error.code()],
                    symbol: None,
                    detail: Some(Box::new(detail)),
                });
                return;
            }
        };
        for finding in verified
            .findings
            .iter()
            .chain(verified.codes.iter().flat_map(|c| &c.findings))
        {
            self.rule_counts
                .entry(finding.rule.code)
                .or_insert((finding.rule, 0))
                .1 += 1;
        }
        let girocodes: Vec<&CodeReport> = verified
            .codes
            .iter()
            .filter(|c| c.kind == CodeKind::GiroCode)
            .collect();
        // Findings about the input or one of its pages: on the rows of their page when it has
        // codes, else a row of their own. Notes (info) only count in the chart.
        let mut own_rows: Vec<(Option<usize>, Vec<&Finding>)> = Vec::new();
        let mut attached: Vec<(Option<usize>, &Finding)> = Vec::new();
        for finding in verified
            .findings
            .iter()
            .filter(|f| f.rule.severity != Severity::Info)
        {
            let has_codes = girocodes
                .iter()
                .any(|c| finding.page.is_none() || c.page == finding.page);
            if has_codes {
                attached.push((finding.page, finding));
            } else {
                match own_rows.iter_mut().find(|(page, _)| *page == finding.page) {
                    Some((_, findings)) => findings.push(finding),
                    None => own_rows.push((finding.page, vec![finding])),
                }
            }
        }
        let mut rows: Vec<Row> = Vec::new();
        for code in &girocodes {
            let mut findings: Vec<Finding> = code.findings.clone();
            findings.extend(
                attached
                    .iter()
                    .filter(|(page, _)| page.is_none() || *page == code.page)
                    .map(|(_, f)| (*f).clone()),
            );
            let outcome = Outcome::Verdict(Verdict::of_findings(&findings));
            let expected = manifest
                .and_then(|m| m.row_for(&source.source, code.page))
                .map(|(_, row)| row.echoed());
            rows.push(Row {
                source: index,
                page: code.page,
                payee: code.fields.name.clone(),
                amount: code.fields.amount.clone(),
                reference: expect::matching_reference(code),
                outcome,
                codes: findings.iter().map(|f| f.rule.code).collect(),
                symbol: code
                    .symbol
                    .as_ref()
                    .filter(|_| outcome.flagged())
                    .map(|s| Box::new(s.clone())),
                detail: outcome.flagged().then(|| {
                    Box::new(Detail {
                        findings,
                        fields: Some(code.fields.clone()),
                        expected,
                        error: None,
                        thumbnail: None,
                    })
                }),
            });
        }
        for (page, findings) in own_rows {
            let unreadable = findings.iter().any(|f| {
                [
                    &rules::IMAGE_UNREADABLE_CODE,
                    &rules::PDF_PAGE_UNREADABLE_CODE,
                    &rules::TIFF_PAGE_UNREADABLE_CODE,
                ]
                .iter()
                .any(|r| r.code == f.rule.code)
            });
            let outcome = Outcome::Verdict(if unreadable {
                Verdict::Unreadable
            } else {
                Verdict::NoCode
            });
            let expected = manifest
                .and_then(|m| m.row_for(&source.source, page))
                .map(|(_, row)| row.echoed());
            rows.push(Row {
                source: index,
                page,
                payee: None,
                amount: None,
                reference: None,
                outcome,
                codes: findings.iter().map(|f| f.rule.code).collect(),
                symbol: None,
                detail: Some(Box::new(Detail {
                    findings: findings.into_iter().cloned().collect(),
                    fields: None,
                    expected,
                    error: None,
                    thumbnail: None,
                })),
            });
        }
        // An input that is not a document of pages and has no code at all still gets a row.
        if rows.is_empty() && verified.codes.is_empty() {
            rows.push(Row {
                source: index,
                page: None,
                payee: None,
                amount: None,
                reference: None,
                outcome: Outcome::Verdict(Verdict::NoCode),
                codes: Vec::new(),
                symbol: None,
                detail: None,
            });
        }
        rows.sort_by_key(|row| row.page);
        for row in rows {
            self.push(row);
        }
    }

    fn push(&mut self, mut row: Row) {
        // Details beyond the first DETAILED_ROWS flagged rows are dropped: the table still
        // lists the row, JSON and --annotate have the rest.
        if row.detail.is_some() {
            if self.detailed >= DETAILED_ROWS {
                row.detail = None;
            } else {
                self.detailed += 1;
            }
        }
        self.rows.push(row);
    }

    /// Rows by outcome, in [`Outcome::ALL`] order.
    pub fn outcome_counts(&self) -> Vec<(Outcome, usize)> {
        Outcome::ALL
            .iter()
            .map(|&outcome| {
                let count = self.rows.iter().filter(|r| r.outcome == outcome).count();
                (outcome, count)
            })
            .collect()
    }

    /// Flagged rows, every one of them.
    pub fn flagged(&self) -> usize {
        self.rows.iter().filter(|r| r.outcome.flagged()).count()
    }

    /// The pages with flagged rows, each once, in order, for pictures; only rows with details
    /// when `detailed_only` (the HTML report's thumbnails), every flagged row otherwise
    /// (`--annotate`). Inputs that could not be checked have nothing to picture.
    pub fn flagged_pages(&self, detailed_only: bool) -> Vec<FlaggedPage<'_>> {
        let mut pages: Vec<FlaggedPage<'_>> = Vec::new();
        for (index, row) in self.rows.iter().enumerate() {
            let wanted = row.outcome.flagged()
                && row.outcome != Outcome::Unchecked
                && (!detailed_only || row.detail.is_some());
            if !wanted {
                continue;
            }
            let source = self.sources[row.source].as_str();
            let symbol = row.symbol.as_deref();
            match pages.last_mut() {
                Some(last) if last.source == source && last.page == row.page => {
                    last.rows.push(index);
                    last.symbols.extend(symbol);
                }
                _ => pages.push(FlaggedPage {
                    source,
                    page: row.page,
                    rows: vec![index],
                    symbols: symbol.into_iter().collect(),
                }),
            }
        }
        pages
    }

    /// Attaches a drawn thumbnail to a row with details.
    pub fn set_thumbnail(&mut self, row: usize, thumbnail: annotate::Thumbnail) {
        if let Some(detail) = self.rows.get_mut(row).and_then(|r| r.detail.as_mut()) {
            detail.thumbnail = Some(thumbnail);
        }
    }
}
