//! Line 8: the amount (spec §1.2, §6.6, §5.1 #1).

use super::{Context, shown};
use crate::model::{Amount, AmountError};
use crate::rules;

pub(super) fn check(cx: &mut Context) -> Option<Amount> {
    if cx.tainted.get(7) == Some(&true) {
        return None;
    }
    let raw = cx.field(8).unwrap_or("").to_owned();
    if raw.is_empty() {
        // A payload too short to reach line 8 is already an error of its own.
        if cx.payload.populated_len() >= 7 {
            let mut finding = crate::finding::Finding::new(&rules::AMOUNT_EMPTY);
            if cx.field(8).is_some() {
                finding = finding.at(8, cx.span_of(8));
            }
            cx.push(finding);
        }
        return None;
    }
    let value = shown(&raw);
    let finding = match Amount::parse(&raw) {
        Ok((amount, leading_zeros)) => {
            cx.fields.amount = Some(amount.to_string());
            if leading_zeros {
                let finding = cx
                    .at_line(&rules::AMOUNT_LEADING_ZEROS, 8)
                    .with("value", value)
                    .with(
                        "suggested",
                        format!("EUR{}", raw[3..].trim_start_matches('0')),
                    );
                cx.push(finding);
            }
            return Some(amount);
        }
        Err(AmountError::NoCurrency) => cx
            .at_line(&rules::AMOUNT_NO_CURRENCY, 8)
            .with("suggested", format!("EUR{}", raw.replace(',', "."))),
        Err(AmountError::Currency(prefix)) => cx
            .at_line(&rules::AMOUNT_CURRENCY, 8)
            .with("prefix", shown(&prefix)),
        Err(AmountError::DecimalComma(suggested)) => cx
            .at_line(&rules::AMOUNT_DECIMAL_COMMA, 8)
            .with("suggested", suggested),
        Err(AmountError::Format) => cx.at_line(&rules::AMOUNT_FORMAT, 8),
        Err(AmountError::Range(number)) => {
            cx.at_line(&rules::AMOUNT_RANGE, 8).with("number", number)
        }
    };
    cx.push(finding.with("value", value));
    None
}
