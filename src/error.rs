//! Errors: only "could not look" failures. An invalid GiroCode is a report, never an error.

use crate::i18n::Lang;

/// Why an input could not be checked at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input exceeds a size limit; it was refused before being read whole.
    #[error("input is {size} bytes, limit is {limit} bytes for {what}")]
    TooLarge {
        /// The input's size in bytes (at least this much, when the limit stopped reading).
        size: u64,
        /// The limit in bytes.
        limit: u64,
        /// What the limit applies to, e.g. `payload text`.
        what: &'static str,
    },
    /// The input is a file format this build cannot read.
    #[error(
        "input is a {format} file, which this version of giroscope cannot read yet; give it the payload text"
    )]
    Unsupported {
        /// The format found by sniffing, e.g. `PNG`.
        format: &'static str,
    },
    /// The input could not be read.
    #[error("could not read input: {0}")]
    Unreadable(#[from] std::io::Error),
}

impl Error {
    /// A stable code for scripts, like a finding's code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::TooLarge { .. } => "INPUT-TOO-LARGE",
            Error::Unsupported { .. } => "INPUT-UNSUPPORTED",
            Error::Unreadable(_) => "INPUT-UNREADABLE",
        }
    }

    /// The error in words, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => {
                let mut text = self.to_string();
                if let Some(first) = text.get_mut(0..1) {
                    first.make_ascii_uppercase();
                }
                text + "."
            }
            (Error::TooLarge { size, limit, what }, Lang::De) => format!(
                "Die Eingabe ist {size} Bytes groß, erlaubt sind höchstens {limit} Bytes für {}.",
                match *what {
                    "payload text" => "Text",
                    _ => "eine Datei",
                }
            ),
            (Error::Unsupported { format }, Lang::De) => format!(
                "Die Eingabe ist eine {format}-Datei; diese Version von giroscope liest noch keine Bilder oder PDFs, nur den Text eines Codes."
            ),
            (Error::Unreadable(error), Lang::De) => {
                format!("Die Eingabe konnte nicht gelesen werden: {error}.")
            }
        }
    }
}
