//! What the checker says about a payload: one [`Finding`] per root cause.
//!
//! A finding carries a rule, where it applies and the values its message needs. It holds no
//! sentences: language is chosen when the report is rendered.

use std::fmt;
use std::ops::Range;

use crate::i18n::Lang;
use crate::rules::Rule;

/// How bad a finding is for conformance with EPC069-12.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; changes nothing.
    Info,
    /// Conforms, but something is risky or unusual.
    Warning,
    /// Violates EPC069-12 or an ISO rule it references: the code is not valid.
    Error,
}

impl Severity {
    /// The lower-case name used in JSON and on the terminal.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Whether real banking apps will read a code correctly. Ordered from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Readability {
    /// Every known app reads it as intended.
    Green,
    /// Some apps are known to reject it, garble it or drop part of it.
    Yellow,
    /// Apps will reject it or pay something other than intended.
    Red,
}

impl Readability {
    /// The lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Readability::Green => "green",
            Readability::Yellow => "yellow",
            Readability::Red => "red",
        }
    }

    /// The verdict in words, for people.
    pub fn describe(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Readability::Green, Lang::De) => "grün – Banking-Apps lesen den Code richtig",
            (Readability::Yellow, Lang::De) => "gelb – manche Banking-Apps haben Probleme",
            (Readability::Red, Lang::De) => "rot – Banking-Apps lesen den Code nicht oder falsch",
            (Readability::Green, Lang::En) => "green – banking apps read the code correctly",
            (Readability::Yellow, Lang::En) => "yellow – some banking apps have trouble",
            (Readability::Red, Lang::En) => "red – banking apps fail to read it or misread it",
        }
    }
}

/// The part of a GiroCode a finding concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The payload as a whole (framing, size, characters across lines).
    Payload,
    /// Line 1, `BCD`.
    ServiceTag,
    /// Line 2, `001` or `002`.
    Version,
    /// Line 3, `1`–`8`.
    Charset,
    /// Line 4, `SCT`.
    Identification,
    /// Line 5, the beneficiary's BIC.
    Bic,
    /// Line 6, the beneficiary's name.
    Name,
    /// Line 7, the beneficiary's IBAN.
    Iban,
    /// Line 8, the amount.
    Amount,
    /// Line 9, the purpose code.
    Purpose,
    /// Line 10, the structured remittance reference.
    Reference,
    /// Line 11, the unstructured remittance text.
    Text,
    /// Line 12, the beneficiary-to-originator information.
    Information,
    /// The QR symbol itself: version, error correction, print.
    Symbol,
}

/// The fields in line order: `LINE_FIELDS[n - 1]` is the field of line `n`.
pub const LINE_FIELDS: [Field; 12] = [
    Field::ServiceTag,
    Field::Version,
    Field::Charset,
    Field::Identification,
    Field::Bic,
    Field::Name,
    Field::Iban,
    Field::Amount,
    Field::Purpose,
    Field::Reference,
    Field::Text,
    Field::Information,
];

impl Field {
    /// The snake-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Payload => "payload",
            Field::ServiceTag => "service_tag",
            Field::Version => "version",
            Field::Charset => "charset",
            Field::Identification => "identification",
            Field::Bic => "bic",
            Field::Name => "name",
            Field::Iban => "iban",
            Field::Amount => "amount",
            Field::Purpose => "purpose",
            Field::Reference => "reference",
            Field::Text => "text",
            Field::Information => "information",
            Field::Symbol => "symbol",
        }
    }

    /// The field of payload line `number` (1-based), if it is one of the twelve.
    pub fn of_line(number: usize) -> Option<Field> {
        LINE_FIELDS.get(number.checked_sub(1)?).copied()
    }
}

/// The most characters of one value that a finding or an error message repeats.
///
/// A value from the input is echoed several times over (a finding's parameter, its message in
/// the chosen language and in German and English): one 50 MB manifest cell made 200 MB of
/// JSON. 200 characters are more than any GiroCode field holds (the remittance text has 140),
/// so every value that could be right is shown whole; a longer one is wrong anyway, and its
/// first 199 characters say which it is.
pub const MAX_ECHO_CHARS: usize = 200;

/// `value` as findings and errors repeat it: whole up to [`MAX_ECHO_CHARS`] characters, else
/// its first `MAX_ECHO_CHARS - 1` characters and "…". Cut on a character boundary, and
/// without formatting the rest: a huge value costs no more than a short one.
pub fn echo(value: impl fmt::Display) -> String {
    use fmt::Write;
    let mut out = Echo {
        text: String::new(),
        chars: 0,
    };
    // An error here means the writer stopped the value at the limit.
    let _ = write!(out, "{value}");
    out.text
}

/// A writer that keeps [`MAX_ECHO_CHARS`] characters and stops the formatting after them.
struct Echo {
    text: String,
    chars: usize,
}

impl fmt::Write for Echo {
    fn write_str(&mut self, part: &str) -> fmt::Result {
        let room = MAX_ECHO_CHARS - self.chars;
        match part.char_indices().nth(room) {
            None => {
                self.text.push_str(part);
                self.chars += part.chars().count();
                Ok(())
            }
            Some((over, _)) => {
                // One character more than fits: make room for the ellipsis.
                self.text.push_str(&part[..over]);
                self.text.pop();
                self.text.push('…');
                self.chars = MAX_ECHO_CHARS;
                Err(fmt::Error)
            }
        }
    }
}

/// One problem found in a payload, located and with the values its message needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule this finding reports; it fixes code, severity, field and wording.
    pub rule: &'static Rule,
    /// Payload line number, counted from 1; `None` when the finding concerns the whole payload.
    pub line: Option<usize>,
    /// Byte range in the payload, counted from 0.
    pub span: Option<Range<usize>>,
    /// The page of a document (PDF, multi-page TIFF) the finding concerns, counted from 1;
    /// `None` for findings about a code or the input as a whole.
    pub page: Option<usize>,
    /// Named values for the message, e.g. `("limit", "70")`.
    pub params: Vec<(&'static str, String)>,
}

impl Finding {
    /// A finding of `rule` with no location yet.
    pub fn new(rule: &'static Rule) -> Finding {
        Finding {
            rule,
            line: None,
            span: None,
            page: None,
            params: Vec::new(),
        }
    }

    /// Locates the finding at a payload line and byte range.
    pub fn at(mut self, line: usize, span: Range<usize>) -> Finding {
        self.line = Some(line);
        self.span = Some(span);
        self
    }

    /// Places the finding on a page (counted from 1); the page is also the message's `{page}`.
    pub fn on_page(mut self, page: usize) -> Finding {
        self.page = Some(page);
        self.with("page", page)
    }

    /// Adds a named value for the message, cut to [`MAX_ECHO_CHARS`] (see [`echo`]).
    pub fn with(mut self, name: &'static str, value: impl fmt::Display) -> Finding {
        self.params.push((name, echo(value)));
        self
    }

    /// The value of a parameter, if set.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The message in `lang`, with parameters filled in.
    pub fn message(&self, lang: Lang) -> String {
        self.filled(self.rule.text(lang).message)
    }

    /// The help text in `lang`, with parameters filled in.
    pub fn help(&self, lang: Lang) -> String {
        self.filled(self.rule.text(lang).help)
    }

    /// The citizen's text in `lang`, with parameters filled in: what the finding means for
    /// someone paying the notice and what they can do.
    pub fn citizen(&self, lang: Lang) -> String {
        self.filled(self.rule.text(lang).citizen)
    }

    fn filled(&self, template: &str) -> String {
        match self.line {
            Some(line) if self.param("line").is_none() => {
                let mut params = self.params.clone();
                params.push(("line", line.to_string()));
                crate::i18n::fill(template, &params)
            }
            _ => crate::i18n::fill(template, &self.params),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoes_are_cut_to_max_echo_chars_on_a_character_boundary() {
        let repeat = |c: &str, n: usize| c.repeat(n);
        let cut = |c: &str| format!("{}…", c.repeat(MAX_ECHO_CHARS - 1));
        for (value, expected) in [
            (String::new(), String::new()),
            (repeat("a", MAX_ECHO_CHARS), repeat("a", MAX_ECHO_CHARS)),
            (repeat("a", MAX_ECHO_CHARS + 1), cut("a")),
            (repeat("ü", MAX_ECHO_CHARS), repeat("ü", MAX_ECHO_CHARS)),
            (repeat("ü", MAX_ECHO_CHARS + 1), cut("ü")),
            (repeat("€", 10_000_000), cut("€")),
        ] {
            assert_eq!(echo(&value), expected, "{} chars", value.chars().count());
        }
        // A value written in pieces is cut where the limit falls, whichever piece that is.
        let pieces = format_args!("{}{}{}", "x".repeat(150), "y".repeat(100), "z");
        assert_eq!(
            echo(pieces),
            format!("{}{}…", "x".repeat(150), "y".repeat(49))
        );
        let finding = Finding::new(&crate::rules::EXPECT_TEXT).with("expected", "é".repeat(1000));
        assert!(finding.param("expected").is_some_and(|v| v.ends_with('…')));
        assert_eq!(
            finding.param("expected").map(|v| v.chars().count()),
            Some(200)
        );
    }
}
