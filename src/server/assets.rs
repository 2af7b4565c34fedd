//! The page, embedded in the binary: no CDN, no third-party code.
//!
//! `index.html` is a template: `{{key}}` takes the page string `key` from `strings.json` in
//! the page's language, so the page reads in German or English without JavaScript. The same
//! strings go into the page as JSON, and `app.js` uses them to switch language in place.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::i18n::Lang;
use crate::render::escape_markup;

/// `app.js`.
pub const SCRIPT: &str = include_str!("assets/app.js");
/// `style.css`.
pub const STYLE: &str = include_str!("assets/style.css");

const TEMPLATE: &str = include_str!("assets/index.html");
const STRINGS: &str = include_str!("assets/strings.json");

/// Page strings by language, then key.
type Strings = BTreeMap<String, BTreeMap<String, String>>;

static PAGES: LazyLock<[String; 2]> = LazyLock::new(|| {
    // The file is compiled in and checked by a test, so it parses.
    let strings: Strings = serde_json::from_str(STRINGS).unwrap_or_default();
    [render(&strings, Lang::De), render(&strings, Lang::En)]
});

/// The page in `lang`, rendered once.
pub fn index(lang: Lang) -> &'static str {
    match lang {
        Lang::De => &PAGES[0],
        Lang::En => &PAGES[1],
    }
}

fn render(strings: &Strings, lang: Lang) -> String {
    let code = lang.code();
    let current = |of: Lang| {
        if of == lang {
            " aria-current=\"true\""
        } else {
            ""
        }
    };
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
            // Inside <script>, "<" must not start a tag: JSON allows it escaped.
            "strings" => out.push_str(&STRINGS.replace('<', "\\u003c")),
            key => {
                let text = strings.get(code).and_then(|s| s.get(key));
                out.push_str(&escape_markup(text.map_or(key, String::as_str)));
            }
        }
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_every_string_the_page_uses() {
        let strings: Strings = serde_json::from_str(STRINGS).expect("strings.json parses");
        let (de, en) = (&strings["de"], &strings["en"]);
        assert_eq!(de.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>());
        for lang in [Lang::De, Lang::En] {
            let page = index(lang);
            assert!(!page.contains("{{"), "unfilled placeholder");
            let table = &strings[lang.code()];
            assert!(page.contains(&escape_markup(&table["title"])));
            assert!(page.contains(&format!("<html lang=\"{}\"", lang.code())));
        }
        // Every placeholder names a string (or one of the four the renderer fills itself).
        for piece in TEMPLATE.split("{{").skip(1) {
            let key = &piece[..piece.find("}}").expect("closed")];
            assert!(
                de.contains_key(key)
                    || ["lang", "current-de", "current-en", "strings"].contains(&key),
                "{key}"
            );
        }
    }
}
