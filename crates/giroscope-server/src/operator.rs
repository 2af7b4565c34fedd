//! Who runs the service. A public service in Germany names its operator and links its legal
//! notice (Impressum), privacy policy (Datenschutzerklärung) and accessibility statement
//! (Erklärung zur Barrierefreiheit); every page's footer shows what is set here.

/// The operator's name and legal pages. Everything is optional: a footer shows what is given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Operator {
    /// Who offers the service, as citizens know them: `Stadt Musterstadt`.
    pub name: Option<String>,
    /// The legal notice (Impressum).
    pub imprint_url: Option<String>,
    /// The privacy policy (Datenschutzerklärung).
    pub privacy_url: Option<String>,
    /// The accessibility statement (Erklärung zur Barrierefreiheit).
    pub accessibility_url: Option<String>,
}

impl Operator {
    /// The links the footer shows, in order: (string key, URL).
    pub fn links(&self) -> Vec<(&'static str, &str)> {
        [
            ("imprint", &self.imprint_url),
            ("privacyPolicy", &self.privacy_url),
            ("accessibility", &self.accessibility_url),
        ]
        .into_iter()
        .filter_map(|(key, url)| url.as_deref().map(|url| (key, url)))
        .collect()
    }
}

/// Checks a URL for the footer: an `https://` or `http://` address, or a path on this server
/// (`/impressum`). Anything else (`javascript:`, a bare word) is refused.
///
/// # Errors
/// A sentence saying what is expected.
pub fn check_url(text: &str) -> Result<String, String> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let absolute = ["https://", "http://"].iter().any(|scheme| {
        lower
            .strip_prefix(scheme)
            .is_some_and(|rest| !rest.is_empty())
    });
    let path = text.starts_with('/') && !text.starts_with("//");
    if (absolute || path) && !text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "{text:?} is not a web address: expected https://… or a path starting with /"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footer_urls_are_web_addresses_or_paths() {
        for (text, ok) in [
            ("https://www.musterstadt.de/impressum", true),
            ("http://intranet/datenschutz", true),
            ("/barrierefreiheit", true),
            ("  https://example.org/a  ", true),
            ("javascript:alert(1)", false),
            ("//evil.example", false),
            ("https://", false),
            ("impressum.html", false),
            ("https://example.org/a b", false),
        ] {
            assert_eq!(check_url(text).is_ok(), ok, "{text:?}");
        }
    }

    #[test]
    fn links_keep_their_order_and_skip_what_is_not_set() {
        let operator = Operator {
            name: Some("Stadt Musterstadt".into()),
            imprint_url: Some("/impressum".into()),
            privacy_url: None,
            accessibility_url: Some("/barrierefreiheit".into()),
        };
        assert_eq!(
            operator.links(),
            vec![
                ("imprint", "/impressum"),
                ("accessibility", "/barrierefreiheit")
            ]
        );
    }
}
