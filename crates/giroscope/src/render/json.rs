//! The stable JSON document. Scripts depend on these names: add fields, never rename them.
//!
//! The serde types here mirror the library's reports by hand, so that the library's own types
//! can change without changing the document (`schema_version` marks incompatible changes).

use std::collections::BTreeMap;
use std::io;

use serde::Serialize;

use crate::SourceReport;
use crate::check::Fields;
use crate::finding::Finding;
use crate::i18n::Lang;
use crate::report::{CodeReport, SCHEMA_VERSION};
use crate::rules::Rule;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    results: Vec<SourceJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<SummaryJson<'a>>,
}

/// The run's counts; see [`super::Summary`].
#[derive(Serialize)]
struct SummaryJson<'a> {
    inputs: usize,
    pages: usize,
    codes: usize,
    valid: usize,
    invalid: usize,
    invalid_readable: usize,
    unchecked: usize,
    unlisted_rows: usize,
    fail_on: &'static str,
    failed: usize,
    seconds: f64,
    /// Files a directory walk passed over by their extension.
    skipped_files: usize,
    skipped: &'a [String],
}

#[derive(Serialize)]
struct SourceJson<'a> {
    source: &'a str,
    /// The input's one verdict; absent when it could not be checked (see `error`).
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<&'static str>,
    codes: Vec<CodeJson<'a>>,
    findings: Vec<FindingJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<ImageJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorJson>,
}

#[derive(Serialize)]
struct ImageJson {
    width: u32,
    height: u32,
}

#[derive(Serialize)]
struct SymbolJson {
    corners: [[f32; 2]; 4],
    size: Option<usize>,
    module_px: Option<f32>,
    version: Option<u8>,
    ec_level: Option<&'static str>,
    mask: Option<u8>,
    eci: Option<u32>,
    modes: Vec<&'static str>,
    mirrored: bool,
    structured_append: bool,
    corrected_errors: Option<usize>,
    unused_error_correction: Option<f32>,
    quiet_zone: Option<f32>,
    quiet_zone_cut: bool,
    contrast: Option<f32>,
    inverted: bool,
    finder_guessed: bool,
    finder_damage: Option<f32>,
    unclear_modules: Option<f32>,
    crease: bool,
    patch: Option<f32>,
    module_mm: Option<f32>,
    position_mm: Option<[f32; 2]>,
    quiet_zone_mm: Option<f32>,
    engines: Vec<&'static str>,
    step: &'static str,
}

#[derive(Serialize)]
struct ErrorJson {
    code: &'static str,
    message: String,
    messages: Messages,
    /// What a decoder or the system said, untranslated, for developers.
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
}

#[derive(Serialize)]
struct Messages {
    de: String,
    en: String,
}

#[derive(Serialize)]
struct CodeJson<'a> {
    kind: &'static str,
    verdict: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<usize>,
    payload: &'a str,
    payload_bytes: usize,
    valid: bool,
    readability: &'static str,
    fields: FieldsJson<'a>,
    findings: Vec<FindingJson>,
    symbol: Option<SymbolJson>,
}

#[derive(Serialize)]
struct FieldsJson<'a> {
    version: Option<&'a str>,
    charset: Option<u8>,
    charset_name: Option<&'a str>,
    bic: Option<&'a str>,
    name: Option<&'a str>,
    iban: Option<&'a str>,
    amount: Option<&'a str>,
    currency: Option<&'static str>,
    purpose: Option<&'a str>,
    reference: Option<&'a str>,
    text: Option<&'a str>,
    information: Option<&'a str>,
}

#[derive(Serialize)]
struct FindingJson {
    code: &'static str,
    severity: &'static str,
    readability: &'static str,
    field: &'static str,
    /// The page a page finding concerns (also in `params` as text, as before).
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<usize>,
    line: Option<usize>,
    span: Option<[usize; 2]>,
    message: String,
    messages: Messages,
    help: String,
    citizen: String,
    citizen_messages: Messages,
    rule: String,
    params: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
struct RuleJson {
    code: &'static str,
    severity: &'static str,
    readability: &'static str,
    field: &'static str,
    rule: String,
    title: &'static str,
    titles: Messages,
    help: &'static str,
    citizen: &'static str,
}

/// Writes the report document for `sources`, pretty-printed, with messages in `lang`, and the
/// run's summary when given.
///
/// # Errors
/// When writing fails.
pub fn write_report<'a>(
    out: &mut dyn io::Write,
    sources: &'a [SourceReport],
    lang: Lang,
    summary: Option<&'a super::Summary>,
) -> io::Result<()> {
    let document = Document {
        schema_version: SCHEMA_VERSION,
        results: sources.iter().map(|s| source_json(s, lang)).collect(),
        summary: summary.map(|s| SummaryJson {
            inputs: s.inputs,
            pages: s.pages,
            codes: s.codes,
            valid: s.valid,
            invalid: s.invalid,
            invalid_readable: s.invalid_readable,
            unchecked: s.unchecked,
            unlisted_rows: s.unlisted_rows,
            fail_on: s.fail_on.as_str(),
            failed: s.failed,
            seconds: (s.seconds * 1000.0).round() / 1000.0,
            skipped_files: s.skipped.len(),
            skipped: &s.skipped,
        }),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// Writes one source as one line of JSON Lines: the same object as in `results`, plus
/// `schema_version`, so each line stands alone.
///
/// # Errors
/// When writing fails.
pub fn write_line(out: &mut dyn io::Write, source: &SourceReport, lang: Lang) -> io::Result<()> {
    #[derive(Serialize)]
    struct Line<'a> {
        schema_version: u32,
        #[serde(flatten)]
        source: SourceJson<'a>,
    }
    let line = Line {
        schema_version: SCHEMA_VERSION,
        source: source_json(source, lang),
    };
    serde_json::to_writer(&mut *out, &line)?;
    writeln!(out)
}

/// Writes the rule catalogue as a JSON array.
///
/// # Errors
/// When writing fails.
pub fn write_rules(out: &mut dyn io::Write, rules: &[&'static Rule], lang: Lang) -> io::Result<()> {
    let rules: Vec<RuleJson> = rules
        .iter()
        .map(|rule| RuleJson {
            code: rule.code,
            severity: rule.severity.as_str(),
            readability: rule.readability.as_str(),
            field: rule.field.as_str(),
            rule: rule.citation(),
            title: rule.text(lang).title,
            titles: Messages {
                de: rule.de.title.to_owned(),
                en: rule.en.title.to_owned(),
            },
            help: rule.text(lang).help,
            citizen: rule.text(lang).citizen,
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &rules)?;
    writeln!(out)
}

fn source_json(source: &SourceReport, lang: Lang) -> SourceJson<'_> {
    match &source.outcome {
        Ok(verified) => SourceJson {
            source: &source.source,
            verdict: Some(verified.verdict().as_str()),
            codes: verified
                .codes
                .iter()
                .map(|code| code_json(code, lang))
                .collect(),
            findings: verified
                .findings
                .iter()
                .map(|f| finding_json(f, lang))
                .collect(),
            image: verified
                .image_size
                .map(|(width, height)| ImageJson { width, height }),
            pages: verified.pages,
            error: None,
        },
        Err(error) => SourceJson {
            source: &source.source,
            verdict: None,
            codes: Vec::new(),
            findings: Vec::new(),
            image: None,
            pages: None,
            error: Some(ErrorJson {
                code: error.code(),
                message: error.message(lang),
                messages: Messages {
                    de: error.message(Lang::De),
                    en: error.message(Lang::En),
                },
                detail: error.detail(),
            }),
        },
    }
}

fn code_json(code: &CodeReport, lang: Lang) -> CodeJson<'_> {
    CodeJson {
        kind: code.kind.as_str(),
        verdict: code.verdict().as_str(),
        page: code.page,
        payload: &code.payload,
        payload_bytes: code.payload_bytes,
        valid: code.valid,
        readability: code.readability.as_str(),
        fields: fields_json(&code.fields),
        findings: code
            .findings
            .iter()
            .map(|f| finding_json(f, lang))
            .collect(),
        symbol: code.symbol.as_ref().map(|symbol| SymbolJson {
            corners: symbol.corners.map(|(x, y)| [round(x), round(y)]),
            size: symbol.size,
            module_px: symbol.module_px.map(round),
            version: symbol.version,
            ec_level: symbol.ec_level,
            mask: symbol.mask,
            eci: symbol.eci,
            modes: symbol.modes.clone(),
            mirrored: symbol.mirrored,
            structured_append: symbol.structured_append,
            corrected_errors: symbol.corrected_errors,
            unused_error_correction: symbol.unused_error_correction.map(round),
            quiet_zone: symbol.quiet_zone.map(round),
            quiet_zone_cut: symbol.quiet_zone_cut,
            contrast: symbol.contrast.map(round),
            inverted: symbol.inverted,
            finder_guessed: symbol.finder_guessed,
            finder_damage: symbol.finder_damage.map(round),
            unclear_modules: symbol.unclear_modules.map(round),
            crease: symbol.crease,
            patch: symbol.patch.map(|p| round(p.share)),
            module_mm: symbol.module_mm.map(round),
            position_mm: symbol.position_mm.map(|(x, y)| [round(x), round(y)]),
            quiet_zone_mm: symbol.quiet_zone_mm.map(round),
            engines: symbol.engines.clone(),
            step: symbol.step,
        }),
    }
}

fn finding_json(finding: &Finding, lang: Lang) -> FindingJson {
    FindingJson {
        code: finding.rule.code,
        severity: finding.rule.severity.as_str(),
        readability: finding.rule.readability.as_str(),
        field: finding.rule.field.as_str(),
        page: finding.page,
        line: finding.line,
        span: finding.span.as_ref().map(|s| [s.start, s.end]),
        message: finding.message(lang),
        messages: Messages {
            de: finding.message(Lang::De),
            en: finding.message(Lang::En),
        },
        help: finding.help(lang),
        citizen: finding.citizen(lang),
        citizen_messages: Messages {
            de: finding.citizen(Lang::De),
            en: finding.citizen(Lang::En),
        },
        rule: finding.rule.citation(),
        params: finding.params.iter().cloned().collect(),
    }
}

fn fields_json(fields: &Fields) -> FieldsJson<'_> {
    FieldsJson {
        version: fields.version.as_deref(),
        charset: fields.charset,
        charset_name: fields.charset_name.as_deref(),
        bic: fields.bic.as_deref(),
        name: fields.name.as_deref(),
        iban: fields.iban.as_deref(),
        amount: fields.amount.as_deref(),
        currency: fields.amount.as_ref().map(|_| "EUR"),
        purpose: fields.purpose.as_deref(),
        reference: fields.reference.as_deref(),
        text: fields.text.as_deref(),
        information: fields.information.as_deref(),
    }
}

/// Two decimals are plenty for pixel and ratio facts, and keep the JSON readable.
fn round(value: f32) -> f32 {
    (value * 100.0).round() / 100.0
}
