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
pub fn fill(template: &str, params: &[(&'static str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match params.iter().find(|(key, _)| *key == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
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
