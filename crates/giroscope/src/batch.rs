//! Checks across a batch of inputs, in batch order: expected data from a manifest, which pages
//! must carry a code, and the same reference on two notices (a typical mail-merge error).

use std::collections::{HashMap, HashSet};

use crate::expect::{self, CodePages, Manifest, Row};
use crate::finding::Finding;
use crate::report::CodeKind;
use crate::{SourceReport, Verified, rules};

/// Findings that already say a notice has no readable code.
const NO_CODE_RULES: [&rules::Rule; 6] = [
    &rules::PDF_PAGE_NO_CODE,
    &rules::PDF_PAGE_UNREADABLE_CODE,
    &rules::TIFF_PAGE_NO_CODE,
    &rules::TIFF_PAGE_UNREADABLE_CODE,
    &rules::IMAGE_NO_CODE,
    &rules::IMAGE_UNREADABLE_CODE,
];

/// Cross-input state. Feed every input's report to [`Batch::add`] in order.
#[derive(Debug, Default)]
pub struct Batch {
    manifest: Option<Manifest>,
    code_pages: CodePages,
    /// Per manifest row: whether an input has accounted for it.
    accounted: Vec<bool>,
    /// Each reference seen so far, with where it was seen.
    references: HashMap<String, (String, Option<usize>)>,
}

impl Batch {
    /// A batch, optionally checked against a manifest. With a manifest, the pages it lists
    /// are the pages that must carry a code.
    pub fn new(manifest: Option<Manifest>) -> Batch {
        let rows = manifest.as_ref().map_or(0, |m| m.rows().len());
        Batch {
            manifest,
            code_pages: CodePages::default(),
            accounted: vec![false; rows],
            references: HashMap::new(),
        }
    }

    /// Without a manifest: the pages of each document that must carry a code (all by default).
    pub fn code_pages(mut self, pages: CodePages) -> Batch {
        self.code_pages = pages;
        self
    }

    /// The manifest the batch is checked against.
    pub fn manifest(&self) -> Option<&Manifest> {
        self.manifest.as_ref()
    }

    /// Adds one input's report, adding cross-input findings to it.
    pub fn add(&mut self, source: &mut SourceReport) {
        let Ok(verified) = &mut source.outcome else {
            return;
        };
        self.waive_pages_without_code(&source.source, verified);
        for code in verified
            .codes
            .iter_mut()
            .filter(|c| c.kind == CodeKind::GiroCode)
        {
            let mut findings = Vec::new();
            if let Some(manifest) = &self.manifest {
                match manifest.row_for(&source.source, code.page) {
                    Some((index, row)) => {
                        self.accounted[index] = true;
                        findings.extend(expect::compare(row, &code.fields));
                    }
                    None => findings.push(Finding::new(&rules::EXPECT_UNEXPECTED_CODE)),
                }
            }
            if let Some(reference) = expect::matching_reference(code) {
                let here = (source.source.clone(), code.page);
                match self.references.get(&reference) {
                    Some((file, page)) => findings.push(
                        Finding::new(&rules::BATCH_DUPLICATE_REFERENCE)
                            .with("reference", &reference)
                            .with("other_de", place(file, *page, "Seite"))
                            .with("other_en", place(file, *page, "page")),
                    ),
                    None => {
                        self.references.insert(reference, here);
                    }
                }
            }
            code.add_findings(findings);
        }
        let Some(manifest) = &self.manifest else {
            return;
        };
        let pages = verified.pages.unwrap_or(1);
        // Pages that already have their own "no code" finding need no second one. Collected
        // once: a 100,000-page document without codes has as many findings as rows.
        let without_code: HashSet<usize> = verified
            .findings
            .iter()
            .filter(|f| NO_CODE_RULES.iter().any(|rule| rule.code == f.rule.code))
            .map(|f| f.page.unwrap_or(1))
            .collect();
        for (index, row) in manifest.rows_for(&source.source) {
            if self.accounted[index] {
                continue;
            }
            self.accounted[index] = true;
            if let Some(page) = row.page.filter(|&page| page > pages) {
                verified.findings.push(
                    Finding::new(&rules::EXPECT_NO_SUCH_PAGE)
                        .on_page(page)
                        .with("row", row.line)
                        .with("pages_de", count_pages(pages, "Seite", "Seiten"))
                        .with("pages_en", count_pages(pages, "page", "pages")),
                );
                continue;
            }
            if !without_code.contains(&row.page.unwrap_or(1)) {
                let finding = Finding::new(&rules::EXPECT_MISSING_CODE);
                let finding = match row.page {
                    Some(page) => finding.on_page(page),
                    None => finding,
                };
                verified.findings.push(
                    finding
                        .with("row", row.line)
                        .with("target_de", place(&row.file, row.page, "Seite"))
                        .with("target_en", place(&row.file, row.page, "page")),
                );
            }
        }
    }

    /// Two-page notices: a page without a code is no error where none is required — a page
    /// the manifest does not list, or, without one, a page outside `--code-pages`. The waived
    /// pages are still accounted for, in one note per document.
    fn waive_pages_without_code(&self, source: &str, verified: &mut Verified) {
        let Some(pages) = verified.pages else {
            return;
        };
        let required = |page: usize| match &self.manifest {
            Some(manifest) => manifest.row_for(source, Some(page)).is_some(),
            None => self.code_pages.contains(page, pages),
        };
        let mut waived = Vec::new();
        verified.findings.retain(|finding| {
            let no_code = crate::pages::NO_CODE_RULES
                .iter()
                .any(|rule| rule.code == finding.rule.code);
            match finding.page {
                Some(page) if no_code && !required(page) => {
                    waived.push(page);
                    false
                }
                _ => true,
            }
        });
        if waived.is_empty() {
            return;
        }
        let (why_de, why_en) = match &self.manifest {
            Some(_) => (
                "die Liste nennt sie nicht".to_string(),
                "the list does not name them".to_string(),
            ),
            None => (
                format!("--code-pages {}", self.code_pages),
                format!("--code-pages {}", self.code_pages),
            ),
        };
        verified.findings.push(
            Finding::new(&rules::EXPECT_PAGES_WITHOUT_CODE)
                .with("count", waived.len())
                .with("pages", page_list(&waived))
                .with("why_de", why_de)
                .with("why_en", why_en),
        );
    }

    /// Manifest rows that no input accounted for: their files were not in the batch.
    pub fn unaccounted(&self) -> Vec<&Row> {
        let Some(manifest) = &self.manifest else {
            return Vec::new();
        };
        manifest
            .rows()
            .iter()
            .zip(&self.accounted)
            .filter(|(_, done)| !**done)
            .map(|(row, _)| row)
            .collect()
    }
}

fn place(file: &str, page: Option<usize>, word: &str) -> String {
    match page {
        Some(page) => format!("{file}, {word} {page}"),
        None => file.to_string(),
    }
}

fn count_pages(pages: usize, one: &str, many: &str) -> String {
    format!("{pages} {}", if pages == 1 { one } else { many })
}

/// `1, 3, 5–9, 12, …`: sorted pages as runs, the first ten runs only; a note on a 20,000-page
/// run stays one line.
fn page_list(pages: &[usize]) -> String {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &page in pages {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == page => *end = page,
            _ => runs.push((page, page)),
        }
    }
    let mut shown: Vec<String> = runs
        .iter()
        .take(10)
        .map(|&(start, end)| match end - start {
            0 => start.to_string(),
            1 => format!("{start}, {end}"),
            _ => format!("{start}–{end}"),
        })
        .collect();
    if runs.len() > 10 {
        shown.push("…".into());
    }
    shown.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_lists_stay_short() {
        assert_eq!(page_list(&[1, 3, 5, 6, 7, 9, 10]), "1, 3, 5–7, 9, 10");
        let odd: Vec<usize> = (1..=40).step_by(2).collect();
        assert_eq!(page_list(&odd), "1, 3, 5, 7, 9, 11, 13, 15, 17, 19, …");
    }
}
