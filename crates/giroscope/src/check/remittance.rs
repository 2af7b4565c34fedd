//! Lines 9–12: purpose code, reference, text and information (spec §1.2, §6.3, §6.4).

use super::parties::too_long;
use super::{Context, shown};
use crate::model::{CreditorReference, Purpose, Remittance};
use crate::rules;

const MAX_REFERENCE_CHARS: usize = 35;
const MAX_TEXT_CHARS: usize = 140;
const MAX_INFORMATION_CHARS: usize = 70;

/// Purpose, remittance and information, when all of them are valid.
type Checked = (Option<Purpose>, Remittance, Option<String>);

pub(super) fn check(cx: &mut Context) -> Option<Checked> {
    let purpose = purpose(cx);
    let reference = reference(cx);
    let text = limited(cx, 11, &rules::TEXT_TOO_LONG, MAX_TEXT_CHARS);
    let information = limited(cx, 12, &rules::INFO_TOO_LONG, MAX_INFORMATION_CHARS);
    cx.fields.text = cx.field(11).filter(|s| !s.is_empty()).map(str::to_owned);
    cx.fields.information = cx.field(12).filter(|s| !s.is_empty()).map(str::to_owned);
    let reference_given = cx.field(10).is_some_and(|s| !s.is_empty());
    let text_given = cx.field(11).is_some_and(|s| !s.is_empty());
    if reference_given && text_given {
        let finding = cx.at_line(&rules::REMITTANCE_BOTH, 11);
        cx.push(finding);
        return None;
    }
    if !reference_given && !text_given && cx.payload.populated_len() >= 7 {
        cx.push(crate::finding::Finding::new(&rules::REMITTANCE_MISSING));
    }
    let remittance = match (reference?, text?) {
        (Some(reference), _) => Remittance::Reference(reference),
        (None, Some(text)) => Remittance::Text(text),
        (None, None) => Remittance::None,
    };
    Some((purpose?, remittance, information?))
}

/// `Some(None)` when line 9 is absent or empty, `None` when it is invalid.
fn purpose(cx: &mut Context) -> Option<Option<Purpose>> {
    let raw = cx.clean_field(9);
    let raw = match raw {
        None if cx.tainted.get(8) == Some(&true) => return None,
        None | Some("") => return Some(None),
        Some(raw) => raw.to_owned(),
    };
    cx.fields.purpose = Some(raw.clone());
    match Purpose::parse(&raw) {
        Some(purpose) => Some(Some(purpose)),
        None => {
            let finding = cx
                .at_line(&rules::PURPOSE_UNKNOWN, 9)
                .with("value", shown(&raw));
            cx.push(finding);
            None
        }
    }
}

/// The structured reference: RF references must pass ISO 11649, others warn.
fn reference(cx: &mut Context) -> Option<Option<String>> {
    cx.fields.reference = cx.field(10).filter(|s| !s.is_empty()).map(str::to_owned);
    let raw = match cx.clean_field(10) {
        None if cx.tainted.get(9) == Some(&true) => return None,
        None | Some("") => return Some(None),
        Some(raw) => raw.to_owned(),
    };
    let chars = raw.chars().count();
    if chars > MAX_REFERENCE_CHARS {
        let finding = too_long(
            cx,
            &rules::REFERENCE_TOO_LONG,
            10,
            MAX_REFERENCE_CHARS,
            chars,
        );
        cx.push(finding);
        return None;
    }
    if !CreditorReference::claims(&raw) {
        let finding = cx
            .at_line(&rules::REFERENCE_NOT_RF, 10)
            .with("value", shown(&raw));
        cx.push(finding);
        return Some(Some(raw));
    }
    // What is wrong first: the length, then the characters, then the check digits.
    let compact: String = raw.chars().filter(|c| *c != ' ').collect();
    let length = compact.chars().count();
    if !(5..=25).contains(&length) {
        let finding = cx
            .at_line(&rules::REFERENCE_RF_LENGTH, 10)
            .with("value", shown(&raw))
            .with("actual", length);
        cx.push(finding);
        return None;
    }
    if let Some(bad) = compact
        .chars()
        .find(|c| !c.is_ascii_uppercase() && !c.is_ascii_digit())
    {
        let finding = cx
            .at_line(&rules::REFERENCE_RF_CHARS, 10)
            .with("value", shown(&raw))
            .with("char", shown(&bad.to_string()));
        cx.push(finding);
        return None;
    }
    match CreditorReference::parse(&compact) {
        Some(reference) if compact.len() != raw.len() => {
            cx.fields.reference = Some(reference.as_str().to_owned());
            let finding = cx
                .at_line(&rules::REFERENCE_RF_SPACES, 10)
                .with("normalized", reference.as_str());
            cx.push(finding);
            Some(Some(reference.as_str().to_owned()))
        }
        Some(reference) => Some(Some(reference.as_str().to_owned())),
        None => {
            let finding = cx
                .at_line(&rules::REFERENCE_RF_INVALID, 10)
                .with("value", shown(&raw));
            cx.push(finding);
            None
        }
    }
}

/// A free-text line with a length limit. `Some(None)` when absent or empty, `None` when invalid.
fn limited(
    cx: &mut Context,
    line: usize,
    rule: &'static rules::Rule,
    limit: usize,
) -> Option<Option<String>> {
    let raw = match cx.clean_field(line) {
        None if cx.tainted.get(line - 1) == Some(&true) => return None,
        None | Some("") => return Some(None),
        Some(raw) => raw.to_owned(),
    };
    let chars = raw.chars().count();
    if chars > limit {
        let finding = too_long(cx, rule, line, limit, chars);
        cx.push(finding);
        return None;
    }
    Some(Some(raw))
}
