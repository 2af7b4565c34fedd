//! The page, embedded in the binary: no CDN, no third-party code.
//!
//! `strings.json` is the page's one dictionary, German and English: `index.html` is a
//! template whose `{{key}}` takes a string from it, `app.js` gets all of it as JSON (to render
//! results and to switch language in place), and the no-JavaScript report uses it too. The
//! operator's name and the body limit are filled in once per server, when [`Site`] is built.

use std::collections::BTreeMap;

use super::operator::Operator;
use giroscope::i18n::Lang;
use giroscope::render::escape_markup;
use giroscope::render::html::Frame;

/// `app.js`.
pub const SCRIPT: &str = include_str!("assets/app.js");
/// `style.css`.
pub const STYLE: &str = include_str!("assets/style.css");

const TEMPLATE: &str = include_str!("assets/index.html");
const STRINGS: &str = include_str!("assets/strings.json");

/// Page strings by language, then key.
type Strings = BTreeMap<String, BTreeMap<String, String>>;

/// The page and its words for one server: rendered once, served many times.
#[derive(Debug)]
pub struct Site {
    pages: [String; 2],
    footers: [String; 2],
    words: [BTreeMap<String, String>; 2],
    /// The largest request body, for the messages that name it.
    pub max_body_bytes: usize,
}

impl Site {
    /// Renders the page in both languages for `operator`, with `max_body_bytes` as the limit
    /// the page checks before uploading.
    pub fn new(operator: &Operator, max_body_bytes: usize) -> Site {
        // The file is compiled in and checked by a test, so it parses.
        let strings: Strings = serde_json::from_str(STRINGS).unwrap_or_default();
        let words = [Lang::De, Lang::En].map(|lang| {
            let mut table = strings.get(lang.code()).cloned().unwrap_or_default();
            for text in table.values_mut() {
                *text = fill(text, operator, max_body_bytes, lang);
            }
            table
        });
        let footers = [0, 1].map(|i| footer(&words[i], operator));
        let pages = [0, 1].map(|i| {
            let lang = [Lang::De, Lang::En][i];
            render(&words, &footers[i], lang, max_body_bytes)
        });
        Site {
            pages,
            footers,
            words,
            max_body_bytes,
        }
    }

    /// The page in `lang`.
    pub fn index(&self, lang: Lang) -> &str {
        &self.pages[index_of(lang)]
    }

    /// The words and the footer for a page of the no-JavaScript path.
    pub fn frame(&self, lang: Lang) -> Frame<'_> {
        Frame {
            words: &self.words[index_of(lang)],
            footer: &self.footers[index_of(lang)],
        }
    }
}

fn index_of(lang: Lang) -> usize {
    match lang {
        Lang::De => 0,
        Lang::En => 1,
    }
}

/// Fills the placeholders that depend on the server, not on a result.
fn fill(text: &str, operator: &Operator, max_body_bytes: usize, lang: Lang) -> String {
    let name = operator.name.as_deref();
    let who = match name {
        Some(name) => lang
            .pick("den Server von {n}", "the server of {n}")
            .replace("{n}", name),
        None => lang.pick("diesen Server", "this server").to_owned(),
    };
    let of_operator = name.map_or_else(String::new, |name| {
        lang.pick(" von {n}", " of {n}").replace("{n}", name)
    });
    text.replace("{who}", &who)
        .replace("{ofOperator}", &of_operator)
        .replace("{operator}", name.unwrap_or_default())
        .replace(
            "{maxSize}",
            &giroscope::error::size_in_words(max_body_bytes as u64, lang),
        )
}

/// The footer of every page: what is sent where, who runs the service, its legal pages.
fn footer(words: &BTreeMap<String, String>, operator: &Operator) -> String {
    let word = |key: &str| escape_markup(words.get(key).map_or(key, String::as_str));
    let item = |key: &str| format!("<li data-i18n=\"{key}\">{}</li>", word(key));
    // Shrinking and live scanning happen only with JavaScript; without it the note omits them.
    let script_item = |key: &str| {
        format!(
            "<li class=\"js-only\" data-i18n=\"{key}\">{}</li>",
            word(key)
        )
    };
    let mut out = format!(
        "<footer class=\"foot\">\n<div class=\"wrap\">\n<h2 class=\"foot-h\" data-i18n=\"privacyTitle\">{}</h2>\n<ul class=\"privacy\">{}{}{}{}</ul>\n",
        word("privacyTitle"),
        item("privacySend"),
        script_item("privacyShrink"),
        script_item("privacyLive"),
        item("privacyLocal"),
    );
    if operator.name.is_some() {
        out.push_str(&format!(
            "<p class=\"operator\" data-i18n=\"operatorBy\">{}</p>\n",
            word("operatorBy")
        ));
    }
    let links = operator.links();
    if !links.is_empty() {
        out.push_str(&format!(
            "<nav class=\"legal\" aria-label=\"{}\" data-i18n-aria=\"legalNav\"><ul>",
            word("legalNav")
        ));
        for (key, url) in links {
            out.push_str(&format!(
                "<li><a href=\"{}\" data-i18n=\"{key}\">{}</a></li>",
                escape_markup(url),
                word(key)
            ));
        }
        out.push_str("</ul></nav>\n");
    }
    out.push_str(&format!(
        "<p class=\"small\" data-i18n=\"footNote\">{}</p>\n</div>\n</footer>",
        word("footNote")
    ));
    out
}

fn render(
    words: &[BTreeMap<String, String>; 2],
    footer: &str,
    lang: Lang,
    max_body_bytes: usize,
) -> String {
    let code = lang.code();
    let current = |of: Lang| {
        if of == lang {
            " aria-current=\"true\""
        } else {
            ""
        }
    };
    let table = &words[index_of(lang)];
    let mut out = String::with_capacity(TEMPLATE.len() + 2 * STRINGS.len());
    let mut rest = TEMPLATE;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find("}}") else {
            break;
        };
        let key = &rest[start + 2..start + end];
        match key {
            "lang" => out.push_str(code),
            "current-de" => out.push_str(current(Lang::De)),
            "current-en" => out.push_str(current(Lang::En)),
            "max-bytes" => out.push_str(&max_body_bytes.to_string()),
            "footer" => out.push_str(footer),
            // Inside <script>, "<" must not start a tag: JSON allows it escaped.
            "strings" => {
                let json = serde_json::json!({ "de": &words[0], "en": &words[1] }).to_string();
                out.push_str(&json.replace('<', "\\u003c"));
            }
            key => out.push_str(&escape_markup(table.get(key).map_or(key, String::as_str))),
        }
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWN: [&str; 6] = [
        "lang",
        "current-de",
        "current-en",
        "strings",
        "max-bytes",
        "footer",
    ];

    #[test]
    fn both_languages_have_every_string_the_page_uses() {
        let strings: Strings = serde_json::from_str(STRINGS).expect("strings.json parses");
        let (de, en) = (&strings["de"], &strings["en"]);
        assert_eq!(de.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>());
        let site = Site::new(&Operator::default(), 20 * 1024 * 1024);
        for lang in [Lang::De, Lang::En] {
            let page = site.index(lang);
            assert!(!page.contains("{{"), "unfilled placeholder");
            let table = &strings[lang.code()];
            assert!(page.contains(&escape_markup(&table["title"])));
            assert!(page.contains(&format!("<html lang=\"{}\"", lang.code())));
        }
        // Every placeholder names a string (or one of those the renderer fills itself).
        for piece in TEMPLATE.split("{{").skip(1) {
            let key = &piece[..piece.find("}}").expect("closed")];
            assert!(de.contains_key(key) || OWN.contains(&key), "{key}");
        }
        // Every string the script asks for by name exists: t('key' …), where `t` is the call
        // itself and not the end of another name (get('lang'), createElement('canvas')).
        for (at, _) in SCRIPT.match_indices("t('") {
            let before = SCRIPT[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                continue;
            }
            let rest = &SCRIPT[at + 3..];
            let key = &rest[..rest.find('\'').expect("closed")];
            assert!(de.contains_key(key), "app.js uses {key}");
        }
        // The same placeholders in both languages.
        for (key, text) in de {
            let names = |t: &str| {
                let mut names: Vec<String> = t
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned()))
                    .collect();
                names.sort();
                names
            };
            assert_eq!(names(text), names(&en[key]), "{key}");
        }
    }

    #[test]
    fn the_operator_and_the_limit_are_filled_in() {
        let operator = Operator {
            name: Some("Stadt <Muster>stadt".into()),
            imprint_url: Some("https://www.musterstadt.de/impressum".into()),
            privacy_url: Some("/datenschutz".into()),
            accessibility_url: None,
        };
        let site = Site::new(&operator, 20 * 1024 * 1024);
        let page = site.index(Lang::De);
        assert!(page.contains("Ein Angebot von Stadt &lt;Muster&gt;stadt."));
        assert!(page.contains("geht nur an den Server von Stadt &lt;Muster&gt;stadt."));
        assert!(page.contains(
            "<a href=\"https://www.musterstadt.de/impressum\" data-i18n=\"imprint\">Impressum</a>"
        ));
        assert!(page.contains("data-i18n=\"privacyPolicy\">Datenschutzerklärung</a>"));
        assert!(!page.contains("data-i18n=\"accessibility\""));
        assert!(page.contains("bis 20 MB."));
        assert!(!page.contains("{who}") && !page.contains("{maxSize}"));
        assert!(
            !page.contains("<Muster>"),
            "the name is escaped, also in the script's JSON"
        );
        let plain = Site::new(&Operator::default(), 1024 * 1024);
        let page = plain.index(Lang::En);
        assert!(page.contains("goes only to this server."));
        assert!(!page.contains("class=\"operator\"") && !page.contains("class=\"legal\""));
        assert!(page.contains("up to 1 MB."));
    }
}
