//! JUnit XML for CI test reporters (GitLab, Jenkins, GitHub): one test case per code, per page
//! without a code, and per input that could not be checked; findings that fail under the
//! `--fail-on` policy (by default: errors) become failures, the others are listed in
//! `system-out`.

use std::io::{self, Write};

use crate::SourceReport;
use crate::finding::Finding;
use crate::i18n::Lang;
use crate::report::CodeKind;

/// Writes one `<testsuites>` document with one suite per input.
///
/// # Errors
/// When writing fails.
pub fn write_report(
    out: &mut dyn Write,
    sources: &[SourceReport],
    lang: Lang,
    fail_on: super::FailOn,
) -> io::Result<()> {
    let cases: Vec<Vec<Case>> = sources.iter().map(|s| cases(s, lang, fail_on)).collect();
    let tests: usize = cases.iter().map(Vec::len).sum();
    let failures: usize = cases
        .iter()
        .flatten()
        .filter(|c| c.failure.is_some())
        .count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="giroscope" tests="{tests}" failures="{failures}">"#
    )?;
    for (source, cases) in sources.iter().zip(&cases) {
        let failed = cases.iter().filter(|c| c.failure.is_some()).count();
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{failed}">"#,
            super::escape_markup(&source.source),
            cases.len()
        )?;
        for case in cases {
            write!(
                out,
                r#"    <testcase classname="{}" name="{}""#,
                super::escape_markup(&source.source),
                super::escape_markup(&case.name)
            )?;
            if case.failure.is_none() && case.output.is_empty() {
                writeln!(out, "/>")?;
                continue;
            }
            writeln!(out, ">")?;
            if let Some((message, body)) = &case.failure {
                writeln!(
                    out,
                    r#"      <failure message="{}">{}</failure>"#,
                    super::escape_markup(message),
                    super::escape_markup(body)
                )?;
            }
            if !case.output.is_empty() {
                writeln!(
                    out,
                    "      <system-out>{}</system-out>",
                    super::escape_markup(&case.output)
                )?;
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

struct Case {
    name: String,
    failure: Option<(String, String)>,
    output: String,
}

fn cases(source: &SourceReport, lang: Lang, fail_on: super::FailOn) -> Vec<Case> {
    let verified = match &source.outcome {
        Err(error) => {
            return vec![Case {
                name: "input".into(),
                failure: Some((
                    format!("[{}] {}", error.code(), error.message(lang)),
                    String::new(),
                )),
                output: String::new(),
            }];
        }
        Ok(verified) => verified,
    };
    let mut cases: Vec<Case> = verified
        .findings
        .iter()
        .map(|finding| {
            let name = finding
                .page
                .map_or_else(|| "input".to_string(), |page| format!("page {page}"));
            case(name, std::slice::from_ref(finding), lang, fail_on)
        })
        .collect();
    for (index, code) in verified.codes.iter().enumerate() {
        let name = match (code.page, code.kind) {
            (Some(page), CodeKind::GiroCode) => format!("page {page} GiroCode"),
            (Some(page), CodeKind::Other) => format!("page {page} other QR code"),
            (None, _) => format!("code {}", index + 1),
        };
        cases.push(case(name, &code.findings, lang, fail_on));
    }
    cases
}

fn case(name: String, findings: &[Finding], lang: Lang, fail_on: super::FailOn) -> Case {
    let line = |f: &Finding| {
        let at = f.line.map(|l| format!(" (line {l})")).unwrap_or_default();
        format!(
            "{}[{}]{at}: {}",
            f.rule.severity.as_str(),
            f.rule.code,
            f.message(lang)
        )
    };
    let (failing, others): (Vec<&Finding>, Vec<&Finding>) =
        findings.iter().partition(|f| fail_on.counts(f));
    let errors: Vec<String> = failing.into_iter().map(line).collect();
    let others: Vec<String> = others.into_iter().map(line).collect();
    Case {
        name,
        failure: errors
            .first()
            .map(|first| (first.clone(), errors.join("\n"))),
        output: others.join("\n"),
    }
}
