//! Text for people, modelled on rustc's diagnostics: the numbered payload lines, each finding
//! under the line it concerns, with a caret under the offending bytes.
//!
//! Output carries ANSI colour; the CLI writes through `anstream`, which strips it when stdout
//! is not a terminal or `NO_COLOR` is set.

use std::io::{self, Write};
use std::ops::Range;

use crate::SourceReport;
use crate::check::symbol::SymbolReport;
use crate::finding::{Finding, Readability, Severity};
use crate::i18n::Lang;
use crate::payload::charset::Decoded;
use crate::report::{CodeKind, CodeReport, Verdict};
use crate::rules::Rule;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const GREEN: &str = "\x1b[1;32m";
const CYAN: &str = "\x1b[1;36m";
const BLUE: &str = "\x1b[1;34m";
const DIM: &str = "\x1b[2m";

/// Writes every source's report, and a summary line when there is more than one.
///
/// # Errors
/// When writing fails.
pub fn write_report(out: &mut dyn Write, sources: &[SourceReport], lang: Lang) -> io::Result<()> {
    let mut summary = super::Summary::default();
    for (i, source) in sources.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_source(out, source, lang)?;
        summary.add(source);
    }
    if sources.len() > 1 {
        write_summary(out, &summary, lang)?;
    }
    Ok(())
}

/// Writes one source's report.
///
/// # Errors
/// When writing fails.
pub fn write_source(out: &mut dyn Write, source: &SourceReport, lang: Lang) -> io::Result<()> {
    match &source.outcome {
        Err(error) => writeln!(
            out,
            "{RED}✘{RESET} {BOLD}{}{RESET}: {} {DIM}[{}]{}{RESET}",
            source.source,
            error.message(lang),
            error.code(),
            error
                .detail()
                .map(|detail| format!(" ({detail})"))
                .unwrap_or_default()
        )?,
        Ok(verified) => {
            let extent = match (verified.pages, verified.image_size) {
                (Some(1), _) => Some(lang.pick("1 Seite", "1 page").to_string()),
                (Some(pages), _) => Some(format!("{pages} {}", lang.pick("Seiten", "pages"))),
                (None, Some((width, height))) => Some(format!("{width}×{height} px")),
                (None, None) => None,
            };
            if let Some(extent) = extent {
                let read = verified.codes.len();
                let codes = match (lang, read) {
                    (Lang::De, 1) => "QR-Code gelesen",
                    (Lang::De, _) => "QR-Codes gelesen",
                    (Lang::En, 1) => "QR code read",
                    (Lang::En, _) => "QR codes read",
                };
                // The input's verdict where it says more than its one code's line below.
                let verdict =
                    if verified.pages.is_some() || read != 1 || !verified.findings.is_empty() {
                        format!(": {}", document_words(verified.verdict(), lang))
                    } else {
                        String::new()
                    };
                writeln!(
                    out,
                    "{BOLD}{}{RESET} {DIM}({extent}, {read} {codes}){RESET}{verdict}",
                    source.source
                )?;
            }
            for finding in &verified.findings {
                let mark = match finding.rule.severity {
                    Severity::Error => format!("{RED}✘{RESET}"),
                    _ => format!("{YELLOW}!{RESET}"),
                };
                writeln!(out, "{mark} {}", headline(finding, lang))?;
                write_help(out, finding, lang)?;
            }
            for (index, code) in verified.codes.iter().enumerate() {
                let name = match (code.page, verified.codes.len()) {
                    (Some(page), _) => {
                        format!("{} {} {page}", source.source, lang.pick("Seite", "page"))
                    }
                    (None, 1) => source.source.clone(),
                    (None, _) => format!("{} #{}", source.source, index + 1),
                };
                match code.kind {
                    CodeKind::GiroCode => write_code(out, &name, code, lang)?,
                    CodeKind::Other => {
                        for finding in &code.findings {
                            writeln!(
                                out,
                                "{CYAN}ℹ{RESET} {BOLD}{name}{RESET}: {}",
                                finding.message(lang)
                            )?;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// A document's verdict (a PDF, a picture with several codes), for the issuer: the same state
/// the JSON's `verdict` and the page's summary give.
fn document_words(verdict: Verdict, lang: Lang) -> &'static str {
    match verdict {
        Verdict::Valid => lang.pick("alle GiroCodes gültig", "every GiroCode valid"),
        Verdict::ValidWithWarnings => lang.pick(
            "alle GiroCodes gültig, mit Warnungen",
            "every GiroCode valid, with warnings",
        ),
        Verdict::Nonconforming => lang.pick(
            "nicht standardkonform, von Banking-Apps lesbar",
            "not standard-conforming, read by banking apps",
        ),
        Verdict::NotPayable => lang.pick("nicht überall bezahlbar", "not payable everywhere"),
        Verdict::NotGiroCode => lang.pick("kein GiroCode", "no GiroCode"),
        Verdict::Unreadable => lang.pick("QR-Code nicht lesbar", "QR code unreadable"),
        Verdict::NoCode => lang.pick("kein QR-Code", "no QR code"),
    }
}

fn write_code(out: &mut dyn Write, source: &str, code: &CodeReport, lang: Lang) -> io::Result<()> {
    let (errors, warnings, _) = super::tally(&code.findings);
    let counts = match lang {
        Lang::De => format!(
            "{errors} Fehler, {warnings} Warnung{}",
            if warnings == 1 { "" } else { "en" }
        ),
        Lang::En => format!(
            "{errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        ),
    };
    // One verdict, the same state as the JSON's `verdict` and the page's headline.
    let (mark, words) = match code.verdict() {
        Verdict::Valid => (
            format!("{GREEN}✔{RESET}"),
            lang.pick("gültiger GiroCode", "valid GiroCode").to_owned(),
        ),
        Verdict::ValidWithWarnings => (
            format!("{GREEN}✔{RESET}"),
            match lang {
                Lang::De => format!(
                    "gültiger GiroCode ({warnings} Warnung{})",
                    if warnings == 1 { "" } else { "en" }
                ),
                Lang::En => format!(
                    "valid GiroCode ({warnings} warning{})",
                    if warnings == 1 { "" } else { "s" }
                ),
            },
        ),
        Verdict::Nonconforming => (
            format!("{YELLOW}!{RESET}"),
            format!(
                "{} ({counts})",
                lang.pick(
                    "ungültig, aber von Banking-Apps lesbar",
                    "invalid, but read by banking apps"
                )
            ),
        ),
        Verdict::NotPayable => (
            format!("{RED}✘{RESET}"),
            format!(
                "{} ({counts})",
                lang.pick("ungültig, nicht bezahlbar", "invalid, not payable")
            ),
        ),
        other => (
            format!("{RED}✘{RESET}"),
            document_words(other, lang).to_owned(),
        ),
    };
    let verdict = format!("{mark} {BOLD}{source}{RESET}: {words}");
    let colour = match code.readability {
        Readability::Green => GREEN,
        Readability::Yellow => YELLOW,
        Readability::Red => RED,
    };
    writeln!(out, "{verdict}")?;
    if let Some(symbol) = &code.symbol {
        write_symbol(out, symbol, lang)?;
    }
    writeln!(
        out,
        "  {}: {colour}{}{RESET}",
        lang.pick("Lesbarkeit", "Readability"),
        code.readability.describe(lang)
    )?;
    if code.codes().contains(&crate::rules::NOT_GIROCODE.code) {
        // No point numbering the lines of a web address or an arbitrary text.
        for finding in &code.findings {
            writeln!(out, "  {}", headline(finding, lang))?;
            write_help(out, finding, lang)?;
        }
        let preview: String = code
            .payload
            .chars()
            .take(60)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let more = if code.payload.chars().count() > 60 {
            "…"
        } else {
            ""
        };
        return writeln!(
            out,
            "  {DIM}{}: {preview}{more}{RESET}",
            lang.pick("Inhalt", "Content")
        );
    }
    let populated = code.lines.len();
    let width = populated.to_string().len().max(2);
    writeln!(out, "{BLUE}{:>width$} │{RESET}", "")?;
    for (index, line) in code.lines.iter().enumerate() {
        let number = index + 1;
        let shown = Shown::new(line);
        writeln!(out, "{BLUE}{number:>width$} │{RESET} {}", shown.text)?;
        for finding in code.findings.iter().filter(|f| f.line == Some(number)) {
            let columns = finding.span.as_ref().map(|span| shown.columns(span));
            let (start, len) = columns.unwrap_or((0, shown.width.max(1)));
            let style = severity_style(finding.rule);
            writeln!(
                out,
                "{BLUE}{:>width$} │{RESET} {}{style}{}{RESET} {}",
                "",
                " ".repeat(start),
                "^".repeat(len.max(1)),
                headline(finding, lang)
            )?;
            writeln!(
                out,
                "{BLUE}{:>width$} │{RESET} {}{DIM}= {}: {}{RESET}",
                "",
                " ".repeat(start),
                lang.pick("Hilfe", "help"),
                finding.help(lang)
            )?;
        }
    }
    for finding in code.findings.iter().filter(|f| f.line.is_none()) {
        writeln!(out, "  {}", headline(finding, lang))?;
        writeln!(
            out,
            "    {DIM}= {}: {}{RESET}",
            lang.pick("Hilfe", "help"),
            finding.help(lang)
        )?;
    }
    write_payment(out, code, lang)
}

fn write_symbol(out: &mut dyn Write, symbol: &SymbolReport, lang: Lang) -> io::Result<()> {
    let mut facts = Vec::new();
    if let (Some(version), Some(level)) = (symbol.version, symbol.ec_level) {
        facts.push(format!(
            "{} {version}-{level}",
            lang.pick("Version", "version")
        ));
    }
    if let Some(size) = symbol.size {
        facts.push(format!("{size}×{size} {}", lang.pick("Module", "modules")));
    }
    match (symbol.module_mm, symbol.module_px) {
        (Some(mm), _) => facts.push(format!("{mm:.2} mm/{}", lang.pick("Modul", "module"))),
        (None, Some(px)) => facts.push(format!("{px:.1} px/{}", lang.pick("Modul", "module"))),
        (None, None) => {}
    }
    if let Some((x, y)) = symbol.position_mm {
        facts.push(format!("{} {x:.0}/{y:.0} mm", lang.pick("bei", "at")));
    }
    if let Some(eci) = symbol.eci {
        facts.push(format!("ECI {eci}"));
    }
    if let Some(unused) = symbol.unused_error_correction {
        facts.push(format!(
            "{}: {:.0} %",
            lang.pick("Reserve", "EC reserve"),
            unused * 100.0
        ));
    }
    if let Some(quiet) = symbol.quiet_zone {
        let more = if symbol.quiet_zone_cut { "≥ " } else { "" };
        facts.push(format!(
            "{}: {more}{quiet:.1}",
            lang.pick("Rand", "quiet zone")
        ));
    }
    if let Some(contrast) = symbol.contrast {
        facts.push(format!(
            "{}: {:.0} %",
            lang.pick("Kontrast", "contrast"),
            contrast * 100.0
        ));
    }
    facts.push(format!(
        "{}: {}",
        lang.pick("gelesen von", "read by"),
        symbol.engines.join(", ")
    ));
    writeln!(out, "  {DIM}QR: {}{RESET}", facts.join(" · "))
}

/// The payment as a banking app would show it.
fn write_payment(out: &mut dyn Write, code: &CodeReport, lang: Lang) -> io::Result<()> {
    let fields = &code.fields;
    let rows = super::payment_rows(fields, lang);
    if rows.is_empty() {
        return Ok(());
    }
    let label_width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    writeln!(out, "  {BOLD}{}{RESET}", lang.pick("Zahlung:", "Payment:"))?;
    for (label, value) in rows {
        let pad = label_width - label.chars().count();
        writeln!(out, "    {label}{} {value}", " ".repeat(pad))?;
    }
    Ok(())
}

/// Writes the closing summary line of a run.
///
/// # Errors
/// When writing fails.
pub fn write_summary(out: &mut dyn Write, summary: &super::Summary, lang: Lang) -> io::Result<()> {
    use crate::i18n::plural;
    let super::Summary {
        inputs,
        pages,
        codes,
        valid,
        invalid,
        invalid_readable,
        unchecked,
        unlisted_rows,
        fail_on,
        failed,
        seconds,
        ref skipped,
    } = *summary;
    writeln!(out)?;
    let readable = |de: bool| match (invalid_readable, de) {
        (0, _) => String::new(),
        (n, true) => format!(" (davon {n} von allen Apps lesbar)"),
        (n, false) => format!(" ({n} of them read by every app)"),
    };
    match lang {
        Lang::De => write!(
            out,
            "{BOLD}{}{RESET} ({}, {}): {valid} gültig, {invalid} ungültig{}, {unchecked} nicht prüfbar · {seconds:.1} s",
            plural(inputs, "# Eingabe", "# Eingaben"),
            plural(pages, "# Seite", "# Seiten"),
            plural(codes, "# QR-Code", "# QR-Codes"),
            readable(true),
        )?,
        Lang::En => write!(
            out,
            "{BOLD}{}{RESET} ({}, {}): {valid} valid, {invalid} invalid{}, {unchecked} could not be checked · {seconds:.1} s",
            plural(inputs, "# input", "# inputs"),
            plural(pages, "# page", "# pages"),
            plural(codes, "# QR code", "# QR codes"),
            readable(false),
        )?,
    }
    writeln!(out)?;
    if fail_on != super::FailOn::Error {
        let policy = fail_on.as_str();
        match lang {
            Lang::De => writeln!(
                out,
                "--fail-on {policy}: {}",
                plural(failed, "# Eingabe scheitert", "# Eingaben scheitern")
            )?,
            Lang::En => writeln!(
                out,
                "--fail-on {policy}: {}",
                plural(failed, "# input fails", "# inputs fail")
            )?,
        }
    }
    if !skipped.is_empty() {
        let mut names: Vec<&str> = skipped.iter().take(10).map(String::as_str).collect();
        if skipped.len() > 10 {
            names.push("…");
        }
        let count = skipped.len();
        match lang {
            Lang::De => writeln!(
                out,
                "{DIM}{} nach Dateiendung übersprungen (kein Bild, PDF oder .txt): {}{RESET}",
                plural(count, "# Datei", "# Dateien"),
                names.join(", ")
            )?,
            Lang::En => writeln!(
                out,
                "{DIM}{} skipped by extension (not an image, PDF or .txt): {}{RESET}",
                plural(count, "# file", "# files"),
                names.join(", ")
            )?,
        }
    }
    if unlisted_rows > 0 {
        match lang {
            Lang::De => writeln!(
                out,
                "{RED}✘{RESET} {}",
                plural(
                    unlisted_rows,
                    "Eine Zeile der Liste nennt eine Datei, die nicht geprüft wurde.",
                    "# Zeilen der Liste nennen Dateien, die nicht geprüft wurden."
                )
            )?,
            Lang::En => writeln!(
                out,
                "{RED}✘{RESET} {}",
                plural(
                    unlisted_rows,
                    "One list line names a file that was not checked.",
                    "# list lines name files that were not checked."
                )
            )?,
        }
    }
    Ok(())
}

/// Writes the rule catalogue as a table.
///
/// # Errors
/// When writing fails.
pub fn write_rules(out: &mut dyn Write, rules: &[&'static Rule], lang: Lang) -> io::Result<()> {
    let width = rules.iter().map(|r| r.code.len()).max().unwrap_or(0);
    for rule in rules {
        writeln!(
            out,
            "{}{:<width$}{RESET}  {:<7}  {:<6}  {}",
            severity_style(rule),
            rule.code,
            rule.severity.as_str(),
            rule.readability.as_str(),
            rule.text(lang).title
        )?;
    }
    Ok(())
}

/// Writes everything about one rule.
///
/// # Errors
/// When writing fails.
pub fn write_explanation(out: &mut dyn Write, rule: &Rule, lang: Lang) -> io::Result<()> {
    let text = rule.text(lang);
    writeln!(
        out,
        "{}{}{RESET}: {BOLD}{}{RESET}",
        severity_style(rule),
        rule.code,
        text.title
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{}: {}",
        lang.pick("Schwere", "Severity"),
        severity_word(rule.severity, lang)
    )?;
    writeln!(
        out,
        "{}: {}",
        lang.pick("Lesbarkeit", "Readability"),
        rule.readability.describe(lang)
    )?;
    writeln!(
        out,
        "{}: {}",
        lang.pick("Feld", "Field"),
        rule.field.as_str()
    )?;
    writeln!(out, "{}: {}", lang.pick("Regel", "Rule"), rule.citation())?;
    writeln!(out)?;
    writeln!(out, "{}: {}", lang.pick("Meldung", "Message"), text.message)?;
    writeln!(out)?;
    writeln!(out, "{}", text.help)?;
    writeln!(out)?;
    writeln!(
        out,
        "{}: {}",
        lang.pick("Für Bürgerinnen und Bürger", "For citizens"),
        text.citizen
    )
}

fn write_help(out: &mut dyn Write, finding: &Finding, lang: Lang) -> io::Result<()> {
    let help = lang.pick("Hilfe", "help");
    writeln!(out, "    {DIM}= {help}: {}{RESET}", finding.help(lang))
}

fn headline(finding: &Finding, lang: Lang) -> String {
    format!(
        "{}{}[{}]{RESET}: {}",
        severity_style(finding.rule),
        severity_word(finding.rule.severity, lang),
        finding.rule.code,
        finding.message(lang)
    )
}

fn severity_style(rule: &Rule) -> &'static str {
    match rule.severity {
        Severity::Error => RED,
        Severity::Warning => YELLOW,
        Severity::Info => CYAN,
    }
}

fn severity_word(severity: Severity, lang: Lang) -> &'static str {
    match (severity, lang) {
        (Severity::Error, Lang::De) => "Fehler",
        (Severity::Warning, Lang::De) => "Warnung",
        (Severity::Info, Lang::De) => "Hinweis",
        (severity, Lang::En) => severity.as_str(),
    }
}

/// `DE02120300000000202051` → `DE02 1203 0000 0000 2020 51`, as printed on paper.
pub fn group_by_four(iban: &str) -> String {
    let chars: Vec<char> = iban.chars().collect();
    chars
        .chunks(4)
        .map(|chunk| chunk.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A line as shown on the terminal: control and invisible characters escaped, with the
/// column of every character so carets land under the right bytes.
struct Shown<'a> {
    text: String,
    /// For each character: its byte span in the payload and its display columns.
    cells: Vec<(&'a Range<usize>, usize, usize)>,
    width: usize,
}

impl<'a> Shown<'a> {
    fn new(line: &'a Decoded) -> Shown<'a> {
        let mut text = String::with_capacity(line.text.len());
        let mut cells = Vec::with_capacity(line.spans.len());
        let mut column = 0;
        for (c, span) in line.text.chars().zip(&line.spans) {
            let visible = if c.is_control() || crate::check::is_hidden(c) {
                format!("\\u{{{:04X}}}", u32::from(c))
            } else {
                c.to_string()
            };
            let width = visible.chars().count();
            text.push_str(&visible);
            cells.push((span, column, width));
            column += width;
        }
        Shown {
            text,
            cells,
            width: column,
        }
    }

    /// The display columns (start, width) covering a byte span; past the end of the text
    /// (a separator) it is the column just after it.
    fn columns(&self, span: &Range<usize>) -> (usize, usize) {
        let covered: Vec<&(&Range<usize>, usize, usize)> = self
            .cells
            .iter()
            .filter(|(s, _, _)| s.start < span.end && span.start < s.end)
            .collect();
        match (covered.first(), covered.last()) {
            (Some(first), Some(last)) => (first.1, last.1 + last.2 - first.1),
            _ => (self.width, 1),
        }
    }
}
