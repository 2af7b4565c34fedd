//! Lines 1–4: service tag, version, charset, identification (spec §1.2).

use super::{Context, shown};
use crate::model::Version;
use crate::payload::charset::Charset;
use crate::rules;

/// Checks the header and returns the version, which the BIC rules depend on.
pub(super) fn check(cx: &mut Context) -> Option<Version> {
    if let Some(tag) = cx.clean_field(1).map(str::to_owned)
        && tag != "BCD"
    {
        let finding = cx
            .at_line(&rules::HEADER_SERVICE_TAG, 1)
            .with("value", shown(&tag));
        cx.push(finding);
    }
    let version = cx.clean_field(2).map(str::to_owned).and_then(|line| {
        let version = Version::parse(&line);
        if version.is_none() {
            let finding = cx
                .at_line(&rules::HEADER_VERSION, 2)
                .with("value", shown(&line));
            cx.push(finding);
        }
        version
    });
    cx.fields.version = version.map(|v| v.as_str().to_owned());
    if let Some(line) = cx.clean_field(3).map(str::to_owned) {
        match Charset::from_line(line.as_bytes()) {
            None => {
                let finding = cx
                    .at_line(&rules::HEADER_CHARSET, 3)
                    .with("value", shown(&line));
                cx.push(finding);
            }
            Some(charset) => {
                cx.fields.charset = Some(charset.digit());
                cx.fields.charset_name = Some(charset.name().to_owned());
                if !matches!(charset, Charset::Utf8 | Charset::Iso8859_1) {
                    let finding = cx
                        .at_line(&rules::CHARSET_UNCOMMON, 3)
                        .with("digit", charset.digit())
                        .with("charset", charset.name());
                    cx.push(finding);
                }
            }
        }
    }
    if let Some(line) = cx.clean_field(4).map(str::to_owned)
        && line != "SCT"
    {
        let finding = cx
            .at_line(&rules::HEADER_IDENTIFICATION, 4)
            .with("value", shown(&line));
        cx.push(finding);
    }
    version
}
