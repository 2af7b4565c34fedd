//! The HTML report for the page's form without JavaScript. Everything from the input is
//! escaped; the page uses the same stylesheet as the interactive one.

use std::fmt::Write;

use crate::SourceReport;
use crate::finding::{Finding, Readability, Severity};
use crate::i18n::Lang;
use crate::report::{CodeKind, CodeReport};

/// A complete page with the report for one upload.
pub fn report_page(source: &SourceReport, lang: Lang) -> String {
    let mut body = String::new();
    match &source.outcome {
        Err(error) => return error_page(error.code(), &error.message(lang), lang),
        Ok(verified) => {
            for finding in &verified.findings {
                finding_item(&mut body, finding, lang);
            }
            for code in verified
                .codes
                .iter()
                .filter(|c| c.kind == CodeKind::GiroCode)
            {
                code_section(&mut body, code, lang);
            }
            for code in verified.codes.iter().filter(|c| c.kind == CodeKind::Other) {
                for finding in &code.findings {
                    let _ = write!(
                        body,
                        "<p class=\"note\">{}</p>",
                        super::escape_markup(&finding.message(lang))
                    );
                }
            }
        }
    }
    page(&body, lang)
}

/// A complete page for an input that could not be checked.
pub fn error_page(code: &str, message: &str, lang: Lang) -> String {
    let body = format!(
        "<section class=\"card verdict\" role=\"alert\"><p class=\"light red\">✘ {}</p><p>{}</p><p class=\"code\">{}</p></section>",
        lang.pick("Nicht prüfbar", "Could not check"),
        super::escape_markup(message),
        super::escape_markup(code)
    );
    page(&body, lang)
}

fn page(body: &str, lang: Lang) -> String {
    format!(
        "<!doctype html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body>\n<main class=\"wrap\">\n<h1>{title}</h1>\n<div id=\"result\" tabindex=\"-1\">{body}</div>\n<p><a href=\"/?lang={code}\">{again}</a></p>\n</main>\n</body>\n</html>\n",
        code = lang.code(),
        title = lang.pick("Ergebnis der Prüfung", "Check result"),
        again = lang.pick("Einen weiteren Code prüfen", "Check another code"),
    )
}

fn code_section(out: &mut String, code: &CodeReport, lang: Lang) {
    let (class, icon, words) = match (code.readability, code.valid) {
        (Readability::Red, _) => (
            "red",
            "✘",
            lang.pick(
                "Dieser Code funktioniert nicht.",
                "This code does not work.",
            ),
        ),
        (Readability::Yellow, _) => (
            "yellow",
            "!",
            lang.pick(
                "Manche Banking-Apps haben Probleme mit diesem Code.",
                "Some banking apps have trouble with this code.",
            ),
        ),
        (Readability::Green, true) => (
            "green",
            "✔",
            lang.pick("Der Code ist in Ordnung.", "The code is fine."),
        ),
        (Readability::Green, false) => (
            "yellow",
            "!",
            lang.pick(
                "Banking-Apps lesen den Code, er entspricht aber nicht dem Standard.",
                "Banking apps read the code, but it breaks the standard.",
            ),
        ),
    };
    let page = code
        .page
        .map(|p| format!(" ({} {p})", lang.pick("Seite", "page")))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<section class=\"card verdict\"><p class=\"light {class}\">{icon} {}{}</p>",
        super::escape_markup(words),
        super::escape_markup(&page)
    );
    let fields = &code.fields;
    let rows = super::payment_rows(fields, lang);
    if !rows.is_empty() {
        out.push_str("<dl class=\"pay payment\">");
        for (label, value) in rows {
            let _ = write!(
                out,
                "<dt>{}</dt><dd>{}</dd>",
                super::escape_markup(label),
                super::escape_markup(&value)
            );
        }
        out.push_str("</dl>");
    }
    if !code.findings.is_empty() {
        out.push_str("<ul class=\"findings\">");
        for finding in &code.findings {
            finding_item(out, finding, lang);
        }
        out.push_str("</ul>");
    }
    if !code.valid {
        let _ = write!(
            out,
            "<p>{}</p>",
            lang.pick(
                "Bitte wenden Sie sich an die Stelle, die den Bescheid ausgestellt hat.",
                "Please contact the office that issued the notice."
            )
        );
    }
    let _ = write!(
        out,
        "<details><summary>{}</summary><pre>{}</pre></details></section>",
        lang.pick("Details", "Details"),
        super::escape_markup(&code.payload)
    );
}

fn finding_item(out: &mut String, finding: &Finding, lang: Lang) {
    let class = match finding.rule.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    let _ = write!(
        out,
        "<li class=\"{class}\"><strong>{}</strong> {}<br><small>{} · {}</small></li>",
        super::escape_markup(&finding.message(lang)),
        super::escape_markup(&finding.help(lang)),
        super::escape_markup(finding.rule.code),
        super::escape_markup(&finding.rule.citation())
    );
}
