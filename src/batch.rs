//! Checks across a batch of inputs, in batch order: expected data from a manifest, and the
//! same reference on two notices (a typical mail-merge error).

use std::collections::HashMap;

use crate::expect::{self, Manifest, Row};
use crate::finding::Finding;
use crate::report::CodeKind;
use crate::{SourceReport, rules};

/// Page findings that already say a notice has no readable code.
const NO_CODE_RULES: [&str; 4] = [
    "PDF-PAGE-NO-CODE",
    "PDF-PAGE-UNREADABLE-CODE",
    "IMAGE-NO-CODE",
    "IMAGE-UNREADABLE-CODE",
];

/// Cross-input state. Feed every input's report to [`Batch::add`] in order.
#[derive(Debug, Default)]
pub struct Batch {
    manifest: Option<Manifest>,
    /// Per manifest row: whether an input has accounted for it.
    accounted: Vec<bool>,
    /// Each reference seen so far, with where it was seen.
    references: HashMap<String, (String, Option<usize>)>,
}

impl Batch {
    /// A batch, optionally checked against a manifest.
    pub fn new(manifest: Option<Manifest>) -> Batch {
        let rows = manifest.as_ref().map_or(0, |m| m.rows().len());
        Batch {
            manifest,
            accounted: vec![false; rows],
            references: HashMap::new(),
        }
    }

    /// Adds one input's report, adding cross-input findings to it.
    pub fn add(&mut self, source: &mut SourceReport) {
        let Ok(verified) = &mut source.outcome else {
            return;
        };
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
        for (index, row) in manifest.rows_for(&source.source) {
            if self.accounted[index] {
                continue;
            }
            self.accounted[index] = true;
            // A page that already has its own "no code" finding needs no second one.
            let already = verified.findings.iter().any(|f| {
                NO_CODE_RULES.contains(&f.rule.code)
                    && f.param("page").map(|p| p.parse().ok()).unwrap_or(Some(1))
                        == row.page.or(Some(1))
            });
            if !already {
                verified.findings.push(
                    Finding::new(&rules::EXPECT_MISSING_CODE)
                        .with("row", row.line)
                        .with("target_de", place(&row.file, row.page, "Seite"))
                        .with("target_en", place(&row.file, row.page, "page")),
                );
            }
        }
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
