//! Lines 5–7: the beneficiary's BIC, name and IBAN (spec §1.2, §6.1, §6.2, §6.7).

use iban::{Iban, IbanLike, ParseIbanError};

use super::{Context, shown};
use crate::finding::Finding;
use crate::model::{self, Bic, BicError, Version};
use crate::rules;

/// The beneficiary, when every part of it is valid.
pub(super) struct Parties {
    pub bic: Option<Bic>,
    pub name: String,
    pub iban: Iban,
}

/// The longest beneficiary name, in characters.
const MAX_NAME_CHARS: usize = 70;

pub(super) fn check(cx: &mut Context, version: Option<Version>) -> Option<Parties> {
    // The IBAN first: the BIC rules depend on its country.
    let iban = iban(cx);
    let (bic_ok, bic) = bic(cx, version, iban.as_ref());
    let name = name(cx);
    match (bic_ok, name, iban) {
        (true, Some(name), Some(iban)) => Some(Parties { bic, name, iban }),
        _ => None,
    }
}

fn iban(cx: &mut Context) -> Option<Iban> {
    let raw = cx.clean_field(7)?.to_owned();
    if raw.is_empty() {
        let finding = cx.at_line(&rules::IBAN_MISSING, 7);
        cx.push(finding);
        return None;
    }
    let mut normalized: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if normalized.len() != raw.len() {
        let finding = cx
            .at_line(&rules::IBAN_WHITESPACE, 7)
            .with("normalized", normalized.to_ascii_uppercase());
        cx.push(finding);
    }
    if normalized.chars().any(|c| c.is_ascii_lowercase()) {
        normalized.make_ascii_uppercase();
        let finding = cx
            .at_line(&rules::IBAN_LOWERCASE, 7)
            .with("normalized", &normalized);
        cx.push(finding);
    }
    cx.fields.iban = Some(normalized.clone());
    // What is wrong first: the shape, then the country, SEPA and the length, and only then the
    // check digits — a dropped digit is "22 characters expected", not "probably a typo". The
    // country's layout is judged on a copy with recomputed check digits, so a checksum error
    // cannot hide it and it cannot hide a checksum error.
    if !model::iban_shaped(&normalized) {
        let finding = cx
            .at_line(&rules::IBAN_FORMAT, 7)
            .with("value", shown(&raw));
        cx.push(finding);
        return None;
    }
    let country = normalized[..2].to_owned();
    let layout = Iban::try_from(model::with_check_digits(&normalized).as_str());
    if let Err(ParseIbanError::UnknownCountry(_)) = layout {
        let finding = cx
            .at_line(&rules::IBAN_COUNTRY_UNKNOWN, 7)
            .with("country", &country);
        cx.push(finding);
        return None;
    }
    let Some(expected) = model::sepa_iban_length(&country) else {
        let finding = cx
            .at_line(&rules::IBAN_NOT_SEPA, 7)
            .with("country", &country);
        cx.push(finding);
        return None;
    };
    let names = crate::i18n::country_adjectives(&country);
    if normalized.len() != expected {
        let finding = cx
            .at_line(&rules::IBAN_LENGTH, 7)
            .with("country", &country)
            .with("country_de", names.map_or(country.as_str(), |n| n.0))
            .with("country_en", names.map_or(country.as_str(), |n| n.1))
            .with("expected", expected)
            .with("actual", normalized.len());
        cx.push(finding);
        return None;
    }
    if layout.is_err() {
        let finding = cx.at_line(&rules::IBAN_BBAN, 7).with("country", &country);
        cx.push(finding);
        return None;
    }
    match normalized.parse::<Iban>() {
        Ok(iban) => Some(iban),
        Err(_) => {
            let finding = cx.at_line(&rules::IBAN_CHECKSUM, 7);
            cx.push(finding);
            None
        }
    }
}

/// Returns whether the BIC line is acceptable, and the BIC if one is given.
fn bic(cx: &mut Context, version: Option<Version>, iban: Option<&Iban>) -> (bool, Option<Bic>) {
    let Some(raw) = cx.clean_field(5).map(str::to_owned) else {
        return (false, None);
    };
    if raw.is_empty() {
        let rule = match (version, iban) {
            (Some(Version::V001), _) => Some(&rules::BIC_REQUIRED_V001),
            (Some(Version::V002), Some(iban)) if model::is_non_eea_sepa(iban.country_code()) => {
                Some(&rules::BIC_REQUIRED_NON_EEA)
            }
            _ => None,
        };
        if let Some(rule) = rule {
            let country = iban.map_or("", |i| i.country_code()).to_owned();
            let finding = cx.at_line(rule, 5).with("country", country);
            cx.push(finding);
        }
        return (rule.is_none(), None);
    }
    match Bic::parse(&raw) {
        Ok(bic) => {
            cx.fields.bic = Some(bic.as_str().to_owned());
            if let Some(iban) = iban
                && !model::bic_country_fits(bic.country(), iban.country_code())
            {
                let finding = cx
                    .at_line(&rules::BIC_COUNTRY_MISMATCH, 5)
                    .with("bic_country", bic.country())
                    .with("iban_country", iban.country_code());
                cx.push(finding);
            }
            (true, Some(bic))
        }
        Err(error) => {
            let finding = match error {
                BicError::Whitespace(normalized) => {
                    cx.fields.bic = Some(normalized.to_ascii_uppercase());
                    cx.at_line(&rules::BIC_WHITESPACE, 5)
                        .with("normalized", normalized)
                }
                BicError::LowerCase(normalized) => {
                    cx.fields.bic = Some(normalized.clone());
                    cx.at_line(&rules::BIC_LOWERCASE, 5)
                        .with("normalized", normalized)
                }
                BicError::Format => {
                    cx.fields.bic = Some(raw.clone());
                    cx.at_line(&rules::BIC_FORMAT, 5)
                }
                BicError::Country(country) => {
                    cx.fields.bic = Some(raw.clone());
                    cx.at_line(&rules::BIC_COUNTRY_INVALID, 5)
                        .with("country", country)
                }
            };
            cx.push(finding.with("value", shown(&raw)));
            (false, None)
        }
    }
}

fn name(cx: &mut Context) -> Option<String> {
    // Shown even when its bytes failed: the beneficiary is what people look for first.
    cx.fields.name = cx
        .field(6)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let raw = cx.clean_field(6)?.to_owned();
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        let finding = cx.at_line(&rules::NAME_MISSING, 6);
        cx.push(finding);
        return None;
    }
    let chars = raw.chars().count();
    if chars > MAX_NAME_CHARS {
        let finding = too_long(cx, &rules::NAME_TOO_LONG, 6, MAX_NAME_CHARS, chars);
        cx.push(finding);
        return None;
    }
    if trimmed.len() != raw.len() {
        let finding = cx.at_line(&rules::NAME_WHITESPACE, 6);
        cx.push(finding);
    }
    Some(trimmed.to_owned())
}

/// A length finding that points at the characters past the limit.
pub(super) fn too_long(
    cx: &Context,
    rule: &'static rules::Rule,
    line: usize,
    limit: usize,
    actual: usize,
) -> Finding {
    let spans = &cx.lines[line - 1].spans;
    let span = spans[limit].start..spans[actual - 1].end;
    Finding::new(rule)
        .at(line, span)
        .with("actual", actual)
        .with("limit", limit)
}
