//! The report for the page's form without JavaScript: the same verdicts, words and sections
//! as the interactive page (citizen texts first, the issuer's help collapsed in "Für die
//! ausstellende Stelle"). Everything from the input is escaped; the page uses the same
//! stylesheet and the same dictionary as the interactive one.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::escape_markup as esc;
use crate::SourceReport;
use crate::finding::{Finding, Readability, Severity};
use crate::i18n::Lang;
use crate::report::{CodeKind, CodeReport, Verdict};
use crate::rules;

/// What the server puts around a report: the page's words in one language (its
/// `strings.json`, with the operator filled in) and the footer every page carries.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    /// The page's words by key; a missing key shows as itself.
    pub words: &'a BTreeMap<String, String>,
    /// The footer's markup.
    pub footer: &'a str,
}

impl Frame<'_> {
    fn t(&self, key: &str) -> String {
        esc(self.words.get(key).map_or(key, String::as_str))
    }
}

/// How many characters of the remittance text banking apps take over (EPC069-12 line 11).
pub const TEXT_SHOWN: usize = 140;

/// The colour, icon and words of a verdict: `(class, icon, title key, subtitle key)`.
/// `readability` is the worst of the code (or document) and picks the subtitle where a
/// verdict covers both green and yellow; `document` says "in the file" instead of "in the
/// picture". The page's script has the same table.
pub fn look(
    verdict: Verdict,
    readability: Readability,
    document: bool,
) -> (&'static str, &'static str, &'static str, &'static str) {
    let green = readability == Readability::Green;
    match verdict {
        Verdict::Valid => ("green", "✔", "vValid", "vValidSub"),
        Verdict::ValidWithWarnings if green => ("green", "✔", "vWarn", "vWarnSubGreen"),
        Verdict::ValidWithWarnings => ("yellow", "!", "vWarn", "vWarnSubYellow"),
        Verdict::Nonconforming if green => ("yellow", "!", "vNonconf", "vNonconfSubGreen"),
        Verdict::Nonconforming => ("yellow", "!", "vNonconf", "vNonconfSubYellow"),
        Verdict::NotPayable => ("red", "✘", "vNotPayable", "vNotPayableSub"),
        Verdict::NotGiroCode => ("grey", "?", "vNotGiro", "vNotGiroSub"),
        Verdict::Unreadable => ("grey", "?", "vUnreadable", "vUnreadableSub"),
        Verdict::NoCode if document => ("grey", "?", "vNoCode", "vNoCodeSubDoc"),
        Verdict::NoCode => ("grey", "?", "vNoCode", "vNoCodeSub"),
    }
}

/// What the citizen can do after a verdict, as string keys, most useful first. `payee` says
/// whether a payee list already spoke about the account (then the bank's own check is said
/// there).
pub fn actions(verdict: Verdict, readability: Readability, payee: bool) -> Vec<&'static str> {
    let vop = if payee { None } else { Some("doVop") };
    let mut keys = match verdict {
        Verdict::Valid => vec!["doCompare"],
        Verdict::ValidWithWarnings if readability == Readability::Green => vec!["doCompare"],
        Verdict::ValidWithWarnings | Verdict::Nonconforming => {
            vec!["doCompare", "doTellBetter"]
        }
        Verdict::NotPayable => return vec!["doByHand", "doTell"],
        Verdict::NotGiroCode => return vec!["doFindCode", "doByHand"],
        Verdict::Unreadable | Verdict::NoCode => return vec!["doRetake", "doByHand"],
    };
    keys.extend(vop);
    keys
}

/// Findings the verdict's own words already say, or that have a place of their own.
fn said_elsewhere(finding: &Finding) -> bool {
    [
        &rules::IMAGE_NO_CODE,
        &rules::IMAGE_UNREADABLE_CODE,
        &rules::NOT_GIROCODE,
        &rules::PAYEE_CONFIRMED,
        &rules::PAYEE_UNKNOWN,
    ]
    .iter()
    .any(|rule| rule.code == finding.rule.code)
}

/// A complete page with the report for one upload.
pub fn report_page(source: &SourceReport, lang: Lang, frame: Frame<'_>) -> String {
    let verified = match &source.outcome {
        Err(error) => return error_page(error.code(), &error.message(lang), lang, frame),
        Ok(verified) => verified,
    };
    let mut body = String::new();
    let girocodes: Vec<&CodeReport> = verified
        .codes
        .iter()
        .filter(|c| c.kind == CodeKind::GiroCode && c.verdict() != Verdict::NotGiroCode)
        .collect();
    let document = verified.pages.is_some();
    if girocodes.is_empty() {
        // No code for paying: one card that says why, with what the findings add.
        let verdict = verified.verdict();
        let mut findings: Vec<&Finding> = verified.findings.iter().collect();
        let mut sub = None;
        for code in verified
            .codes
            .iter()
            .filter(|c| c.kind == CodeKind::GiroCode)
        {
            for finding in &code.findings {
                if finding.rule.code == rules::NOT_GIROCODE.code {
                    sub = Some(finding.citizen(lang));
                }
                findings.push(finding);
            }
        }
        card(
            &mut body,
            frame,
            lang,
            &Card {
                label: None,
                verdict,
                readability: Readability::Red,
                document,
                sub,
                code: None,
                findings: &findings,
            },
        );
    } else {
        if document || girocodes.len() > 1 || !verified.findings.is_empty() {
            summary(&mut body, verified, &girocodes, frame, lang);
        }
        for (index, code) in girocodes.iter().enumerate() {
            let mut label = Vec::new();
            if girocodes.len() > 1 {
                label.push(
                    frame
                        .t("codeOf")
                        .replace("{i}", &(index + 1).to_string())
                        .replace("{n}", &girocodes.len().to_string()),
                );
            }
            if let Some(page) = code.page {
                label.push(frame.t("sumOnPage").replace("{page}", &page.to_string()));
            }
            let findings: Vec<&Finding> = code.findings.iter().collect();
            card(
                &mut body,
                frame,
                lang,
                &Card {
                    label: (!label.is_empty()).then(|| label.join(" · ")),
                    verdict: code.verdict(),
                    readability: code.readability,
                    document,
                    sub: None,
                    code: Some(code),
                    findings: &findings,
                },
            );
        }
    }
    // Other codes beside a GiroCode are neutral information.
    for code in verified.codes.iter().filter(|c| c.kind == CodeKind::Other) {
        for finding in &code.findings {
            let _ = write!(
                body,
                "<p class=\"note other-code\"><span aria-hidden=\"true\">ℹ</span> {}</p>",
                esc(&finding.citizen(lang))
            );
        }
    }
    page(&body, lang, frame)
}

/// A complete page for an input that could not be checked.
pub fn error_page(code: &str, message: &str, lang: Lang, frame: Frame<'_>) -> String {
    let body = format!(
        "<section class=\"error-box\" role=\"alert\"><h2 class=\"error-h\">{}</h2><p>{}</p><p class=\"small\">{}: <code>{}</code></p></section>",
        frame.t("errTitle"),
        esc(message),
        frame.t("errCode"),
        esc(code)
    );
    page(&body, lang, frame)
}

fn page(body: &str, lang: Lang, frame: Frame<'_>) -> String {
    format!(
        "<!doctype html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<title>{title}</title>\n<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body>\n<header class=\"top\"><div class=\"wrap top-row\"><p class=\"brand\"><span class=\"brand-mark\" aria-hidden=\"true\">▣</span> giroscope</p></div></header>\n<main class=\"wrap\">\n<h1>{title}</h1>\n<div id=\"result\">{body}</div>\n<p><a class=\"btn btn-secondary\" href=\"/?lang={code}\">{again}</a></p>\n</main>\n{footer}\n</body>\n</html>\n",
        code = lang.code(),
        title = frame.t("reportTitle"),
        again = frame.t("again"),
        footer = frame.footer,
    )
}

/// The document at a glance: its verdict, what it holds, and the findings about it as a
/// whole (a page without a code), which belong to no code's card.
fn summary(
    out: &mut String,
    verified: &crate::Verified,
    girocodes: &[&CodeReport],
    frame: Frame<'_>,
    lang: Lang,
) {
    let verdict = verified.verdict();
    let readability = girocodes
        .iter()
        .map(|c| c.readability)
        .chain(verified.findings.iter().map(|f| f.rule.readability))
        .max()
        .unwrap_or(Readability::Green);
    let (mut class, mut icon, _, _) = look(verdict, readability, true);
    // Red is for a code that cannot be paid; a page without a code is a note about the
    // document, whatever it makes of the verdict.
    if verdict == Verdict::NotPayable && girocodes.iter().all(|c| c.verdict() < verdict) {
        (class, icon) = ("yellow", "!");
    }
    let title = summary_title(verdict);
    let mut counts = Vec::new();
    match verified.pages {
        Some(1) => counts.push(frame.t("sumPage1")),
        Some(pages) => counts.push(frame.t("sumPages").replace("{pages}", &pages.to_string())),
        None => {}
    }
    counts.push(match girocodes.len() {
        1 => frame.t("sumCode1"),
        n => frame.t("sumCodes").replace("{codes}", &n.to_string()),
    });
    let _ = write!(
        out,
        "<section class=\"card summary\"><h2 class=\"card-h\">{}</h2><div class=\"light {class}\"><span class=\"light-icon\" aria-hidden=\"true\">{icon}</span><div><p class=\"light-text\">{}</p><p class=\"light-sub\">{}.</p></div></div>",
        frame.t("sumTitle"),
        frame.t(title),
        counts.join(", ")
    );
    findings_list(
        out,
        &verified.findings.iter().collect::<Vec<_>>(),
        frame,
        lang,
    );
    out.push_str("</section>");
}

/// The summary's headline: about all codes, not one (a page without a code is not a code
/// that cannot be paid).
pub fn summary_title(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Valid => "dValid",
        Verdict::ValidWithWarnings => "dWarn",
        Verdict::Nonconforming => "dNonconf",
        _ => "dNotPayable",
    }
}

struct Card<'a> {
    label: Option<String>,
    verdict: Verdict,
    readability: Readability,
    document: bool,
    /// Words that say more than the verdict's own subtitle.
    sub: Option<String>,
    code: Option<&'a CodeReport>,
    findings: &'a [&'a Finding],
}

fn card(out: &mut String, frame: Frame<'_>, lang: Lang, card: &Card<'_>) {
    let (class, icon, title, sub) = look(card.verdict, card.readability, card.document);
    out.push_str("<section class=\"card\">");
    if let Some(label) = &card.label {
        let _ = write!(out, "<p class=\"code-label\">{}</p>", esc(label));
    }
    let sub = card.sub.as_deref().map_or_else(|| frame.t(sub), esc);
    let _ = write!(
        out,
        "<div class=\"light {class}\"><span class=\"light-icon\" aria-hidden=\"true\">{icon}</span><div><h2 class=\"light-text\">{}</h2><p class=\"light-sub\">{sub}</p></div></div>",
        frame.t(title)
    );
    // A warning about the account comes first; a confirmation under the account it confirms.
    let unknown = card
        .findings
        .iter()
        .any(|f| f.rule.code == rules::PAYEE_UNKNOWN.code);
    let mut payee = unknown && payee_block(out, card.findings, frame);
    if let Some(code) = card.code {
        payment(out, code, frame, lang);
    }
    if !unknown {
        payee = payee_block(out, card.findings, frame);
    }
    findings_list(out, card.findings, frame, lang);
    let _ = write!(
        out,
        "<div class=\"todo\"><h3>{}</h3><ul>",
        frame.t("whatToDo")
    );
    for key in actions(card.verdict, card.readability, payee) {
        let _ = write!(out, "<li>{}</li>", frame.t(key));
    }
    out.push_str("</ul></div>");
    if matches!(card.verdict, Verdict::Unreadable | Verdict::NoCode) {
        let _ = write!(out, "<h3>{}</h3><ul class=\"tips\">", frame.t("tipsTitle"));
        for key in ["tip1", "tip2", "tip3", "tip4"] {
            let _ = write!(out, "<li>{}</li>", frame.t(key));
        }
        out.push_str("</ul>");
    }
    issuer(out, card.findings, card.code, frame, lang);
    out.push_str("</section>");
}

/// "Empfängerkonto bestätigt" or the warning about an unknown account; whether there was one.
fn payee_block(out: &mut String, findings: &[&Finding], frame: Frame<'_>) -> bool {
    let Some(finding) = findings
        .iter()
        .find(|f| [rules::PAYEE_CONFIRMED.code, rules::PAYEE_UNKNOWN.code].contains(&f.rule.code))
    else {
        return false;
    };
    if finding.rule.code == rules::PAYEE_CONFIRMED.code {
        let payee = esc(finding.param("payee").unwrap_or_default());
        let _ = write!(
            out,
            "<div class=\"payee ok\"><h3>{}</h3><p>{}</p><p>{}</p></div>",
            frame.t("payeeOkTitle").replace("{payee}", &payee),
            frame.t("payeeOk"),
            frame.t("payeeVop")
        );
    } else {
        let _ = write!(
            out,
            "<div class=\"payee bad\" role=\"alert\"><h3>{}</h3><p>{}</p><ul><li>{}</li><li>{}</li><li>{}</li></ul><p>{}</p><p>{}</p></div>",
            frame.t("payeeBadTitle"),
            frame.t("payeeBad"),
            frame.t("payeeStep1"),
            frame.t("payeeStep2"),
            frame.t("payeeStep3"),
            frame.t("payeeOther"),
            frame.t("payeeVop")
        );
    }
    true
}

/// The transfer as a banking app shows it, the remittance text cut where apps cut it.
fn payment(out: &mut String, code: &CodeReport, frame: Frame<'_>, lang: Lang) {
    let fields = &code.fields;
    let red = code.readability == Readability::Red;
    let _ = write!(
        out,
        "<h3>{}</h3><dl class=\"pay\">",
        frame.t(if red { "payTitleRed" } else { "payTitle" })
    );
    let flagged = |field: crate::Field| {
        code.findings
            .iter()
            .any(|f| f.rule.field == field && f.rule.severity != Severity::Info)
    };
    let mut row = |key: &str, field: crate::Field, value: String| {
        let flag = if flagged(field) {
            format!("<span class=\"sr\"> {}</span>", frame.t("flagged"))
        } else {
            String::new()
        };
        let class = if flagged(field) { " flag" } else { "" };
        let _ = write!(
            out,
            "<div class=\"pay-row{class}\"><dt>{}{flag}</dt><dd>{value}</dd></div>",
            frame.t(key)
        );
    };
    let none = |key: &str| format!("<span class=\"none\">{}</span>", frame.t(key));
    row(
        "fName",
        crate::Field::Name,
        fields.name.as_deref().map_or_else(|| none("notGiven"), esc),
    );
    row(
        "fIban",
        crate::Field::Iban,
        fields.iban.as_deref().map_or_else(
            || none("notGiven"),
            |iban| {
                format!(
                    "<span class=\"iban\">{}</span>",
                    esc(&super::human::group_by_four(iban))
                )
            },
        ),
    );
    if let Some(bic) = &fields.bic {
        row("fBic", crate::Field::Bic, esc(bic));
    }
    // An amount written so that apps misread it is not "not given": it shows as written.
    let misread = code
        .findings
        .iter()
        .find(|f| f.rule.field == crate::Field::Amount && f.rule.severity == Severity::Error)
        .and_then(|f| f.param("value"));
    let amount = fields.amount.as_deref().map_or_else(
        || match misread {
            Some(value) => format!(
                "<span class=\"none\">{}: {}</span>",
                esc(value),
                frame.t("amountUnreadable")
            ),
            None => none("amountNone"),
        },
        |amount| {
            let shown = match lang {
                Lang::De => format!("{} €", amount.replace('.', ",")),
                Lang::En => format!("€{amount}"),
            };
            format!("<span class=\"amount\">{}</span>", esc(&shown))
        },
    );
    row("fAmount", crate::Field::Amount, amount);
    if let Some(reference) = &fields.reference {
        row("fRef", crate::Field::Reference, esc(reference));
    }
    if let Some(text) = &fields.text {
        let (shown, lost) = super::cut(text, TEXT_SHOWN);
        let value = if lost.is_empty() {
            esc(shown)
        } else {
            format!(
                "{}<span class=\"cut\" aria-hidden=\"true\"> ✂ </span><s class=\"lost\"><span class=\"sr\">{} </span>{}</s><span class=\"cut-note\">{}</span>",
                esc(shown),
                frame.t("cutLost"),
                esc(lost),
                frame.t("cutNote")
            )
        };
        row("fText", crate::Field::Text, value);
    } else if fields.reference.is_none() {
        row("fText", crate::Field::Text, none("notGiven"));
    }
    if let Some(information) = &fields.information {
        row("fInfo", crate::Field::Information, esc(information));
    }
    out.push_str("</dl>");
}

/// What we noticed, in the citizen's words.
fn findings_list(out: &mut String, findings: &[&Finding], frame: Frame<'_>, lang: Lang) {
    let shown: Vec<&&Finding> = findings.iter().filter(|f| !said_elsewhere(f)).collect();
    if shown.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<h3>{}</h3><ul class=\"findings\">",
        frame.t("findingsTitle")
    );
    for finding in shown {
        let _ = write!(
            out,
            "<li class=\"finding {}\">{}</li>",
            finding.rule.severity.as_str(),
            esc(&finding.citizen(lang))
        );
    }
    out.push_str("</ul>");
}

/// The issuer's view, collapsed: each finding's message and help with its code and rule, and
/// the content of the code.
fn issuer(
    out: &mut String,
    findings: &[&Finding],
    code: Option<&CodeReport>,
    frame: Frame<'_>,
    lang: Lang,
) {
    let _ = write!(
        out,
        "<details class=\"qa\"><summary>{}</summary><div class=\"qa-body\"><p>{}</p><h4>{}</h4>",
        frame.t("issuerTitle"),
        frame.t("issuerIntro"),
        frame.t("issuerFindings")
    );
    if findings.is_empty() {
        let _ = write!(out, "<p>{}</p>", frame.t("issuerNone"));
    } else {
        out.push_str("<ul class=\"issuer-findings\">");
        for finding in findings {
            let _ = write!(
                out,
                "<li><strong>{}</strong> {} {}<br><small><code>{}</code> · {}</small></li>",
                esc(&finding.message(lang)),
                frame.t("issuerHelp"),
                esc(&finding.help(lang)),
                esc(finding.rule.code),
                esc(&finding.rule.citation())
            );
        }
        out.push_str("</ul>");
    }
    if let Some(code) = code {
        let _ = write!(
            out,
            "<h4>{}</h4><pre tabindex=\"0\">{}</pre>",
            frame.t("qaPayload"),
            esc(&code.payload)
        );
    }
    out.push_str("</div></details>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_verdict_has_words_and_actions() {
        for verdict in [
            Verdict::Valid,
            Verdict::ValidWithWarnings,
            Verdict::Nonconforming,
            Verdict::NotPayable,
            Verdict::NotGiroCode,
            Verdict::Unreadable,
            Verdict::NoCode,
        ] {
            for readability in [Readability::Green, Readability::Yellow, Readability::Red] {
                let (class, _, title, sub) = look(verdict, readability, false);
                assert!(!class.is_empty() && title.starts_with('v') && sub.starts_with('v'));
                assert!(!actions(verdict, readability, false).is_empty());
            }
        }
        // A code that breaks the standard is never green: "in Ordnung" beside an error.
        assert_ne!(
            look(Verdict::Nonconforming, Readability::Green, false).0,
            "green"
        );
    }
}
