//! Languages and message templates. German first: giroscope's users are German towns and
//! their citizens; English is the second language.

use std::str::FromStr;

/// A language for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// German, the default.
    #[default]
    De,
    /// English.
    En,
}

impl Lang {
    /// The German or the English text, whichever this language is.
    pub fn pick<'a>(self, de: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::De => de,
            Lang::En => en,
        }
    }

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// Picks a language from an HTTP `Accept-Language` value or a locale such as `en_GB.UTF-8`:
    /// the first of `de`/`en` named wins, German when neither is.
    pub fn negotiate(accept: &str) -> Lang {
        let mut ranked: Vec<(f32, Lang)> = accept
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let tag = pieces.next()?.trim().to_ascii_lowercase();
                let quality = pieces
                    .find_map(|p| p.trim().strip_prefix("q=")?.parse::<f32>().ok())
                    .unwrap_or(1.0);
                let lang = if tag.starts_with("de") {
                    Lang::De
                } else if tag.starts_with("en") {
                    Lang::En
                } else {
                    return None;
                };
                Some((quality, lang))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked.first().map_or(Lang::De, |(_, lang)| *lang)
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Lang, String> {
        match s {
            "de" => Ok(Lang::De),
            "en" => Ok(Lang::En),
            other => Err(format!("unknown language {other:?}, expected de or en")),
        }
    }
}

/// Replaces each `{name}` in `template` with its value from `params`. Unknown names stay as
/// they are, so a missing parameter is visible rather than silently blank.
///
/// `{name|one|other}` chooses by number: `one` when the value is 1, else `other`, with `#`
/// standing for the value — "{count|folgt # Zeilentrenner|folgen # Zeilentrenner}".
pub fn fill(template: &str, params: &[(&'static str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let inside = &after[..close];
                let mut parts = inside.split('|');
                let name = parts.next().unwrap_or_default();
                let forms: Vec<&str> = parts.collect();
                match (
                    params.iter().find(|(key, _)| *key == name),
                    forms.as_slice(),
                ) {
                    (Some((_, value)), []) => out.push_str(value),
                    (Some((_, value)), [one, other]) => {
                        let form = if value == "1" { one } else { other };
                        out.push_str(&form.replace('#', value));
                    }
                    _ => {
                        out.push('{');
                        out.push_str(inside);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// `one` when `count` is 1, else `other`, with `#` standing for the count: plurals for
/// sentences built in code, the same way as [`fill`]'s `{count|one|other}`.
pub fn plural(count: usize, one: &str, other: &str) -> String {
    fill(&format!("{{n|{one}|{other}}}"), &[("n", count.to_string())])
}

/// The adjectives for the SEPA IBAN countries, in German (plural, capitalised: "Deutsche
/// IBANs") and English ("German IBANs"), for sentences about a country's IBANs.
pub fn country_adjectives(code: &str) -> Option<(&'static str, &'static str)> {
    const ADJECTIVES: &[(&str, &str, &str)] = &[
        ("AD", "Andorranische", "Andorran"),
        ("AL", "Albanische", "Albanian"),
        ("AT", "Österreichische", "Austrian"),
        ("BE", "Belgische", "Belgian"),
        ("BG", "Bulgarische", "Bulgarian"),
        ("CH", "Schweizer", "Swiss"),
        ("CY", "Zyprische", "Cypriot"),
        ("CZ", "Tschechische", "Czech"),
        ("DE", "Deutsche", "German"),
        ("DK", "Dänische", "Danish"),
        ("EE", "Estnische", "Estonian"),
        ("ES", "Spanische", "Spanish"),
        ("FI", "Finnische", "Finnish"),
        ("FR", "Französische", "French"),
        ("GB", "Britische", "British"),
        ("GI", "Gibraltarische", "Gibraltar"),
        ("GR", "Griechische", "Greek"),
        ("HR", "Kroatische", "Croatian"),
        ("HU", "Ungarische", "Hungarian"),
        ("IE", "Irische", "Irish"),
        ("IS", "Isländische", "Icelandic"),
        ("IT", "Italienische", "Italian"),
        ("LI", "Liechtensteinische", "Liechtenstein"),
        ("LT", "Litauische", "Lithuanian"),
        ("LU", "Luxemburgische", "Luxembourg"),
        ("LV", "Lettische", "Latvian"),
        ("MC", "Monegassische", "Monegasque"),
        ("MD", "Moldauische", "Moldovan"),
        ("ME", "Montenegrinische", "Montenegrin"),
        ("MK", "Nordmazedonische", "North Macedonian"),
        ("MT", "Maltesische", "Maltese"),
        ("NL", "Niederländische", "Dutch"),
        ("NO", "Norwegische", "Norwegian"),
        ("PL", "Polnische", "Polish"),
        ("PT", "Portugiesische", "Portuguese"),
        ("RO", "Rumänische", "Romanian"),
        ("RS", "Serbische", "Serbian"),
        ("SE", "Schwedische", "Swedish"),
        ("SI", "Slowenische", "Slovenian"),
        ("SK", "Slowakische", "Slovak"),
        ("SM", "San-marinesische", "Sammarinese"),
        ("VA", "Vatikanische", "Vatican"),
    ];
    ADJECTIVES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, de, en)| (*de, *en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_known_names_and_keeps_unknown_ones() {
        let params = [("limit", "70".to_string())];
        assert_eq!(fill("max {limit}, {other}", &params), "max 70, {other}");
        assert_eq!(fill("no braces", &params), "no braces");
        assert_eq!(fill("open {brace", &params), "open {brace");
    }

    #[test]
    fn fill_chooses_singular_or_plural() {
        let one = [("count", "1".to_string())];
        let two = [("count", "2".to_string())];
        let template = "{count|folgt # Zeilentrenner|folgen # Zeilentrenner}";
        assert_eq!(fill(template, &one), "folgt 1 Zeilentrenner");
        assert_eq!(fill(template, &two), "folgen 2 Zeilentrenner");
        assert_eq!(fill("{missing|a|b}", &one), "{missing|a|b}");
        assert_eq!(plural(1, "# QR-Code", "# QR-Codes"), "1 QR-Code");
        assert_eq!(plural(0, "# QR code", "# QR codes"), "0 QR codes");
    }

    #[test]
    fn every_sepa_country_has_adjectives() {
        let sepa = crate::model::EEA_IBAN_LENGTHS
            .iter()
            .chain(crate::model::NON_EEA_SEPA_IBAN_LENGTHS);
        for (code, _) in sepa {
            assert!(country_adjectives(code).is_some(), "{code}");
        }
    }

    #[test]
    fn negotiate_picks_the_preferred_known_language() {
        for (header, expected) in [
            ("de-DE,de;q=0.9,en;q=0.8", Lang::De),
            ("en-US,en;q=0.9", Lang::En),
            ("fr-FR,en;q=0.5,de;q=0.7", Lang::De),
            ("fr-FR", Lang::De),
            ("", Lang::De),
            ("en_GB.UTF-8", Lang::En),
        ] {
            assert_eq!(Lang::negotiate(header), expected, "{header}");
        }
    }
}
