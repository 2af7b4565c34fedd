//! The page and the files beside it, embedded in the binary: no CDN, no third-party code.
//!
//! `strings.json` is the page's one dictionary, German and English: `index.html` is a
//! template whose `{{key}}` takes a string from it, `app.js` gets all of it as JSON (to render
//! results and to switch language in place), and the no-JavaScript report uses it too. The
//! operator's name, the payee list and the size limit are filled in once, when [`Site`] is
//! built; the same files are served by `giroscope serve` and written by `giroscope site`.
//!
//! The page checks on the device: `worker.js` runs the browser module (`giroscope.js` and its
//! wasm, from `crates/giroscope-web/npm`) off the main thread, `sw.js` keeps every file for
//! offline use, `manifest.webmanifest` and the icons make it installable.

use std::collections::BTreeMap;

use super::operator::Operator;
use giroscope::i18n::Lang;
use giroscope::render::escape_markup;
use giroscope::render::html::Frame;

const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/style.css");
const BOOT: &str = include_str!("assets/boot.js");
const WORKER: &str = include_str!("assets/worker.js");
const SERVICE_WORKER: &str = include_str!("assets/sw.js");
const TEMPLATE: &str = include_str!("assets/index.html");
const STRINGS: &str = include_str!("assets/strings.json");

/// The browser module, as `crates/giroscope-web/build.sh` leaves it: (file, content type).
const MODULE: [(&str, &str, &[u8]); 7] = [
    (
        "giroscope.js",
        JS,
        include_bytes!("../../giroscope-web/npm/giroscope.js"),
    ),
    (
        "giroscope_core.js",
        JS,
        include_bytes!("../../giroscope-web/npm/giroscope_core.js"),
    ),
    (
        "giroscope_core_bg.wasm",
        WASM,
        include_bytes!("../../giroscope-web/npm/giroscope_core_bg.wasm"),
    ),
    (
        "giroscope_core_scalar_bg.wasm",
        WASM,
        include_bytes!("../../giroscope-web/npm/giroscope_core_scalar_bg.wasm"),
    ),
    (
        "giroscope_full.js",
        JS,
        include_bytes!("../../giroscope-web/npm/giroscope_full.js"),
    ),
    (
        "giroscope_full_bg.wasm",
        WASM,
        include_bytes!("../../giroscope-web/npm/giroscope_full_bg.wasm"),
    ),
    (
        "giroscope_full_scalar_bg.wasm",
        WASM,
        include_bytes!("../../giroscope-web/npm/giroscope_full_scalar_bg.wasm"),
    ),
];

/// Files the service worker does not fetch ahead: the full module, needed only for a PDF, a
/// TIFF or a WebP (5.4 MB), and the builds without WebAssembly SIMD, needed only by browsers
/// without it, so that the first visit and a photo check download only what they need.
const LATER: [&str; 4] = [
    "giroscope_full.js",
    "giroscope_full_bg.wasm",
    "giroscope_core_scalar_bg.wasm",
    "giroscope_full_scalar_bg.wasm",
];

const JS: &str = "text/javascript; charset=utf-8";
const WASM: &str = "application/wasm";

/// The largest file the page takes when no server sets a limit (`giroscope site`): 20 MB, as
/// `giroscope serve` by default. Larger files are refused before they are read into memory.
pub const STATIC_MAX_BYTES: usize = 20 * 1024 * 1024;

/// The Content-Security-Policy the page needs, and what `giroscope serve` sends with it: its
/// own files only, and WebAssembly compiled from them (`'wasm-unsafe-eval'`, which allows
/// no JavaScript `eval`). The README gives it to towns hosting the files.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/// The page's colour, for the browser's bar and the home-screen icon.
const THEME: &str = "#0a56a3";

/// Page strings by language, then key.
type Strings = BTreeMap<String, BTreeMap<String, String>>;

/// Where the page may check besides the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Plain files (`giroscope site`): every check runs on the device; without JavaScript or
    /// WebAssembly the page says it cannot check.
    Static,
    /// `giroscope serve`: on the device as well; the server's JSON API only when the module
    /// cannot load (said before anything is sent), and the forms work without JavaScript.
    Server,
}

/// One file of the site: its path relative to the site's folder, its type and its bytes.
#[derive(Debug, Clone)]
pub struct SiteFile {
    /// Relative path, e.g. `app.js`.
    pub path: &'static str,
    /// The `Content-Type` a web server should send.
    pub content_type: &'static str,
    /// The content.
    pub bytes: axum::body::Bytes,
    /// A weak validator from the content, computed once.
    pub etag: String,
}

impl SiteFile {
    pub(crate) fn new(
        path: &'static str,
        content_type: &'static str,
        bytes: impl Into<axum::body::Bytes>,
    ) -> SiteFile {
        let bytes = bytes.into();
        SiteFile {
            path,
            content_type,
            etag: super::cache::etag(&bytes),
            bytes,
        }
    }
}

/// The page, its files and its words for one server or one static site: rendered once,
/// served many times.
#[derive(Debug)]
pub struct Site {
    pages: [SiteFile; 2],
    footers: [String; 2],
    words: [BTreeMap<String, String>; 2],
    files: Vec<SiteFile>,
    /// The largest input, for the messages that name it.
    pub max_body_bytes: usize,
}

impl Site {
    /// Renders the site for `operator`: the page in both languages and every file beside it.
    /// `payees` is the text of the operator's payee list, which the page hands the module
    /// with every check; `max_body_bytes` the largest input the page takes.
    pub fn new(
        operator: &Operator,
        payees: Option<&str>,
        max_body_bytes: usize,
        mode: Mode,
    ) -> Site {
        // The file is compiled in and checked by a test, so it parses.
        let strings: Strings = serde_json::from_str(STRINGS).unwrap_or_default();
        let words = [Lang::De, Lang::En].map(|lang| {
            let mut table = strings.get(lang.code()).cloned().unwrap_or_default();
            for text in table.values_mut() {
                *text = fill(text, operator, max_body_bytes, lang);
            }
            table
        });
        let page_footers = [0, 1].map(|i| footer(&words[i], operator, Some(mode)));
        let footers = [0, 1].map(|i| footer(&words[i], operator, None));
        let config = serde_json::json!({ "server": mode == Mode::Server, "payees": payees });
        let pages = [0, 1].map(|i| {
            let lang = [Lang::De, Lang::En][i];
            let page = render(
                &words,
                &page_footers[i],
                lang,
                max_body_bytes,
                mode,
                &config,
            );
            SiteFile::new("index.html", "text/html; charset=utf-8", page)
        });
        let mut files = vec![
            SiteFile::new("app.js", JS, SCRIPT),
            SiteFile::new("boot.js", JS, BOOT),
            SiteFile::new("worker.js", JS, WORKER),
            SiteFile::new("style.css", "text/css; charset=utf-8", STYLE),
            SiteFile::new(
                "manifest.webmanifest",
                "application/manifest+json",
                manifest(&words[0]),
            ),
            SiteFile::new("icon.svg", "image/svg+xml", icon_svg()),
            SiteFile::new("icon-192.png", "image/png", icon_png(192)),
            SiteFile::new("icon-512.png", "image/png", icon_png(512)),
        ];
        files.extend(
            MODULE
                .iter()
                .map(|&(path, kind, bytes)| SiteFile::new(path, kind, bytes)),
        );
        // The service worker names the version of everything else, so that any change to
        // the site (a new build, other flags) is a new service worker.
        let version = files
            .iter()
            .chain(&pages)
            .fold(String::new(), |acc, file| format!("{acc}{}", file.etag));
        let version = super::cache::etag(version.as_bytes());
        let version = version.trim_start_matches("W/").trim_matches('"');
        let ahead: Vec<&str> = std::iter::once("./")
            .chain(files.iter().map(|f| f.path).filter(|p| !LATER.contains(p)))
            .collect();
        let sw = SERVICE_WORKER
            .replace("{{version}}", version)
            .replace(
                "{{files}}",
                &serde_json::to_string(&ahead).unwrap_or_default(),
            )
            .replace(
                "{{later}}",
                &serde_json::to_string(&LATER).unwrap_or_default(),
            );
        files.push(SiteFile::new("sw.js", JS, sw));
        Site {
            pages,
            footers,
            words,
            files,
            max_body_bytes,
        }
    }

    /// The page in `lang`.
    pub fn page(&self, lang: Lang) -> &SiteFile {
        &self.pages[index_of(lang)]
    }

    /// A file beside the page, by its relative path.
    pub fn file(&self, path: &str) -> Option<&SiteFile> {
        self.files.iter().find(|file| file.path == path)
    }

    /// Every file of the static site, the page in German as `index.html` (the script
    /// switches language in place), in a fixed order.
    pub fn files(&self) -> impl Iterator<Item = &SiteFile> {
        std::iter::once(&self.pages[0]).chain(&self.files)
    }

    /// The words and the footer for a page of the no-JavaScript path.
    pub fn frame(&self, lang: Lang) -> Frame<'_> {
        Frame {
            words: &self.words[index_of(lang)],
            footer: &self.footers[index_of(lang)],
        }
    }
}

/// The web app manifest: installable as "GiroCode prüfen", opening the page beside it.
fn manifest(words: &BTreeMap<String, String>) -> String {
    let word = |key: &str| words.get(key).cloned().unwrap_or_default();
    let icon = |src: &str, sizes: &str, kind: &str, purpose: &str| serde_json::json!({ "src": src, "sizes": sizes, "type": kind, "purpose": purpose });
    let manifest = serde_json::json!({
        "name": word("title"),
        "short_name": word("title"),
        "description": word("description"),
        "lang": "de",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#f6f7f9",
        "theme_color": THEME,
        "icons": [
            icon("icon.svg", "any", "image/svg+xml", "any"),
            icon("icon-192.png", "192x192", "image/png", "any"),
            icon("icon-512.png", "512x512", "image/png", "any"),
            icon("icon-512.png", "512x512", "image/png", "maskable"),
        ],
    });
    serde_json::to_string_pretty(&manifest).unwrap_or_default()
}

/// The icon's picture in modules: a small QR-like symbol, three finder patterns and data.
const ICON: [&str; 9] = [
    "###.#.###",
    "#.#..##.#",
    "###.#.###",
    "...##.#..",
    "#.##.##.#",
    ".#..#..#.",
    "###.##.#.",
    "#.#.#..##",
    "###..#.#.",
];

/// Icon geometry in units of a 32-unit square: a blue field, a white card of 20 units in the
/// middle, the symbol on it in modules of 2 units with a unit of margin.
const CARD: (u32, u32) = (6, 20);
const MODULE_UNITS: u32 = 2;
const PAD: u32 = 1;

/// Whether the module at (`x`, `y`) of the icon's symbol is dark.
fn icon_dark(x: u32, y: u32) -> bool {
    ICON.get(y as usize)
        .and_then(|row| row.as_bytes().get(x as usize))
        == Some(&b'#')
}

fn icon_svg() -> String {
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><rect width=\"32\" height=\"32\" fill=\"{THEME}\"/><rect x=\"{0}\" y=\"{0}\" width=\"{1}\" height=\"{1}\" fill=\"#fff\"/><path fill=\"#16181d\" d=\"",
        CARD.0, CARD.1
    );
    for y in 0..ICON.len() as u32 {
        for x in 0..ICON.len() as u32 {
            if icon_dark(x, y) {
                let at = |m: u32| CARD.0 + PAD + m * MODULE_UNITS;
                out.push_str(&format!(
                    "M{} {}h{MODULE_UNITS}v{MODULE_UNITS}h-{MODULE_UNITS}z",
                    at(x),
                    at(y)
                ));
            }
        }
    }
    out.push_str("\"/></svg>\n");
    out
}

/// The same picture as a PNG of `size` pixels, a multiple of 32 (home screens that take no
/// SVG).
fn icon_png(size: u32) -> Vec<u8> {
    let unit = |v: u32| v * 32 / size;
    let on_card = |v: u32| (CARD.0..CARD.0 + CARD.1).contains(&unit(v));
    let module = |v: u32| unit(v).checked_sub(CARD.0 + PAD).map(|u| u / MODULE_UNITS);
    let picture = image::RgbImage::from_fn(size, size, |x, y| {
        image::Rgb(if !(on_card(x) && on_card(y)) {
            [0x0a, 0x56, 0xa3]
        } else if module(x)
            .zip(module(y))
            .is_some_and(|(x, y)| icon_dark(x, y))
        {
            [0x16, 0x18, 0x1d]
        } else {
            [0xff; 3]
        })
    });
    let mut out = Vec::new();
    // Encoding into memory cannot fail for an RGB picture.
    let _ = picture.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png);
    out
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

/// The footer: what is sent where, who runs the service, its legal pages. `mode` is the
/// page's (`None`: a page of the server's no-JavaScript path, where everything is sent).
/// On the server's page the privacy note has both: what happens on the device (with
/// JavaScript) and what is sent (without it, or when the script falls back to the server).
fn footer(words: &BTreeMap<String, String>, operator: &Operator, mode: Option<Mode>) -> String {
    let word = |key: &str| escape_markup(words.get(key).map_or(key, String::as_str));
    let item =
        |key: &str, attrs: &str| format!("<li{attrs} data-i18n=\"{key}\">{}</li>", word(key));
    let device = " class=\"js-only\" data-privacy=\"device\"";
    let server = " class=\"nojs-only\" data-privacy=\"server\"";
    let fallback = " data-privacy=\"fallback\" hidden";
    let notes = match mode {
        None => [item("privacySend", ""), item("privacyLocal", "")].concat(),
        Some(Mode::Static) => [
            item("privacyDevice", ""),
            item("privacyLoad", ""),
            item("privacyLocal", ""),
        ]
        .concat(),
        Some(Mode::Server) => [
            item("privacyDevice", device),
            item("privacyLoad", device),
            item("privacySend", server),
            item("privacyShrink", fallback),
            item("privacyLive", fallback),
            item("privacyLocal", ""),
        ]
        .concat(),
    };
    let mut out = format!(
        "<footer class=\"foot\">\n<div class=\"wrap\">\n<h2 class=\"foot-h\" data-i18n=\"privacyTitle\">{}</h2>\n<ul class=\"privacy\">{notes}</ul>\n",
        word("privacyTitle"),
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
    mode: Mode,
    config: &serde_json::Value,
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
    // Inside <script>, "<" must not start a tag: JSON allows it escaped.
    let script_json = |json: String| json.replace('<', "\\u003c");
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
            "mode" => out.push_str(match mode {
                Mode::Static => "static",
                Mode::Server => "server",
            }),
            // Only a server answers a form; a static site's forms are the script's.
            "form" => {
                if mode == Mode::Server {
                    out.push_str(&format!(
                        "method=\"post\" action=\"check?lang={code}\" enctype=\"multipart/form-data\""
                    ));
                }
            }
            "nojs-note" => {
                if mode == Mode::Static {
                    out.push_str(&format!(
                        "    <p class=\"nojs-only error-box\" data-i18n=\"nojsSite\">{}</p>",
                        escape_markup(table.get("nojsSite").map_or("", String::as_str))
                    ));
                }
            }
            "strings" => out.push_str(&script_json(
                serde_json::json!({ "de": &words[0], "en": &words[1] }).to_string(),
            )),
            "config" => out.push_str(&script_json(config.to_string())),
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

    const OWN: [&str; 10] = [
        "lang",
        "current-de",
        "current-en",
        "strings",
        "config",
        "max-bytes",
        "footer",
        "mode",
        "form",
        "nojs-note",
    ];

    #[test]
    fn both_languages_have_every_string_the_page_uses() {
        let strings: Strings = serde_json::from_str(STRINGS).expect("strings.json parses");
        let (de, en) = (&strings["de"], &strings["en"]);
        assert_eq!(de.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>());
        let site = Site::new(&Operator::default(), None, 20 * 1024 * 1024, Mode::Server);
        for lang in [Lang::De, Lang::En] {
            let page = std::str::from_utf8(&site.page(lang).bytes).expect("UTF-8");
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

    fn text(file: &SiteFile) -> &str {
        std::str::from_utf8(&file.bytes).expect("UTF-8")
    }

    #[test]
    fn the_operator_and_the_limit_are_filled_in() {
        let operator = Operator {
            name: Some("Stadt <Muster>stadt".into()),
            imprint_url: Some("https://www.musterstadt.de/impressum".into()),
            privacy_url: Some("/datenschutz".into()),
            accessibility_url: None,
        };
        let site = Site::new(&operator, None, 20 * 1024 * 1024, Mode::Server);
        let page = text(site.page(Lang::De));
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
        let plain = Site::new(&Operator::default(), None, 1024 * 1024, Mode::Server);
        let page = text(plain.page(Lang::En));
        assert!(page.contains("goes only to this server."));
        assert!(!page.contains("class=\"operator\"") && !page.contains("class=\"legal\""));
        assert!(page.contains("up to 1 MB."));
    }

    #[test]
    fn each_mode_says_what_is_sent_where() {
        // (mode, sentences the page has, sentences it must not have)
        let cases = [
            (
                Mode::Static,
                vec![
                    "Ihr Foto verlässt Ihr Gerät nicht.",
                    "braucht dafür JavaScript",
                ],
                vec!["geht nur an", "action=\"check", "Kamerabilder pro Sekunde"],
            ),
            (
                Mode::Server,
                vec![
                    "Ihr Foto verlässt Ihr Gerät nicht.",
                    "geht nur an diesen Server",
                    "action=\"check?lang=de\"",
                ],
                vec!["braucht dafür JavaScript"],
            ),
        ];
        for (mode, has, lacks) in cases {
            let site = Site::new(&Operator::default(), None, STATIC_MAX_BYTES, mode);
            let page = text(site.page(Lang::De));
            // The markup, without the script's dictionary, which has every sentence.
            let page = &page[page.find("</head>").expect("head")..];
            for sentence in has {
                assert!(page.contains(sentence), "{mode:?}: {sentence}");
            }
            for sentence in lacks {
                assert!(!page.contains(sentence), "{mode:?}: {sentence}");
            }
        }
        // The server's no-JavaScript report sends everything, and says so.
        let site = Site::new(&Operator::default(), None, STATIC_MAX_BYTES, Mode::Server);
        let footer = site.frame(Lang::De).footer;
        assert!(footer.contains("geht nur an diesen Server") && !footer.contains("Gerät nicht"));
    }

    #[test]
    fn the_site_is_the_same_bytes_for_the_same_flags_and_new_for_others() {
        let payees = "iban,name\nDE02120300000000202051,Stadtkasse <Muster>\n";
        let make = |name: &str| {
            let operator = Operator {
                name: Some(name.into()),
                ..Operator::default()
            };
            Site::new(&operator, Some(payees), STATIC_MAX_BYTES, Mode::Static)
        };
        let files = |site: &Site| -> Vec<(&str, Vec<u8>)> {
            site.files().map(|f| (f.path, f.bytes.to_vec())).collect()
        };
        let (one, again, other) = (
            make("Musterstadt"),
            make("Musterstadt"),
            make("Beispielstadt"),
        );
        assert_eq!(files(&one), files(&again));
        let sw = |site: &Site| text(site.file("sw.js").expect("sw.js")).to_owned();
        assert_ne!(sw(&one), sw(&other), "another operator is another version");
        let page = text(one.page(Lang::De));
        assert!(
            page.contains("Stadtkasse \\u003cMuster>"),
            "the payee list, escaped for <script>"
        );
        // Everything the service worker keeps exists, and the full module is not fetched ahead.
        let sw = sw(&one);
        let list = |name: &str| -> Vec<String> {
            let line = sw
                .lines()
                .find(|l| l.starts_with(&format!("const {name} = ")))
                .expect(name);
            serde_json::from_str(line.split_once(" = ").expect("=").1.trim_end_matches(';'))
                .expect("a JSON list")
        };
        let ahead = list("FILES");
        assert!(ahead.iter().all(|f| f == "./" || one.file(f).is_some()));
        assert!(ahead.contains(&"giroscope_core_bg.wasm".to_owned()));
        assert!(!ahead.iter().any(|f| f.starts_with("giroscope_full")));
        assert!(!ahead.iter().any(|f| f.contains("_scalar")));
        assert_eq!(list("LATER").len(), 4);
        // The manifest installs as "GiroCode prüfen", with icons that exist.
        let manifest: serde_json::Value =
            serde_json::from_slice(&one.file("manifest.webmanifest").expect("manifest").bytes)
                .expect("JSON");
        assert_eq!(manifest["name"], "GiroCode prüfen");
        for icon in manifest["icons"].as_array().expect("icons") {
            let file = one
                .file(icon["src"].as_str().expect("src"))
                .expect("the icon exists");
            if let Some((w, _)) = icon["sizes"].as_str().and_then(|s| s.split_once('x')) {
                let picture = image::load_from_memory(&file.bytes).expect("a PNG");
                assert_eq!(picture.width().to_string(), w);
            }
        }
    }
}
