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
        "input is a {format} file, which giroscope cannot read{}",
        unsupported_hint_en(format)
    )]
    Unsupported {
        /// The format found by sniffing, e.g. `HEIC/HEIF`.
        format: &'static str,
    },
    /// The image declares more pixels than allowed; refused before decoding.
    #[error("the {format} image is {width}×{height} pixels, limit is {limit} pixels")]
    TooManyPixels {
        /// The image format.
        format: &'static str,
        /// Width from the header (0 when the decoder refused before telling).
        width: u32,
        /// Height from the header.
        height: u32,
        /// The limit in pixels.
        limit: u64,
    },
    /// The file is damaged or truncated.
    #[error("the {format} file is damaged or truncated ({detail})")]
    Corrupt {
        /// The image format.
        format: &'static str,
        /// What the decoder said.
        detail: String,
    },
    /// An animated image: which frame holds the code is anyone's guess.
    #[error("the {format} image is animated; save the frame with the code as PNG or JPEG")]
    Animated {
        /// The image format.
        format: &'static str,
    },
    /// A PDF that opens but has no page that can be parsed: nothing to check.
    #[error("the PDF has no readable page; it is damaged or not built to the PDF standard")]
    NoReadablePage,
    /// A PDF that needs a password to open.
    #[error("the PDF is password-protected; giroscope opens PDFs without a user password only")]
    PasswordProtected,
    /// A PDF with more pages than allowed; refused before any page is rendered.
    #[error("the PDF has {pages} pages, limit is {limit}")]
    TooManyPages {
        /// Pages in the document.
        pages: u64,
        /// The limit.
        limit: u64,
    },
    /// Reading an image or page hit the wall-clock safety net: what was read is incomplete,
    /// so none of it is reported.
    #[error("reading was stopped after {seconds} s, before it was done")]
    TimedOut {
        /// The time limit in seconds.
        seconds: f32,
    },
    /// The check was cancelled before it was done (its request timed out or went away).
    #[error("the check was cancelled before it was done")]
    Cancelled,
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
            Error::TooManyPixels { .. } => "INPUT-TOO-MANY-PIXELS",
            Error::Corrupt { .. } | Error::NoReadablePage => "INPUT-CORRUPT",
            Error::Animated { .. } => "INPUT-ANIMATED",
            Error::TimedOut { .. } => "INPUT-TIMEOUT",
            Error::Cancelled => "INPUT-CANCELLED",
            Error::PasswordProtected => "INPUT-PASSWORD",
            Error::TooManyPages { .. } => "INPUT-TOO-MANY-PAGES",
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
                "Die Eingabe ist eine {format}-Datei, die giroscope nicht lesen kann{}.",
                unsupported_hint_de(format)
            ),
            (
                Error::TooManyPixels {
                    format,
                    width,
                    height,
                    limit,
                },
                Lang::De,
            ) => format!(
                "Das {format}-Bild hat {width}×{height} Pixel, erlaubt sind höchstens {limit} Pixel."
            ),
            (Error::Corrupt { format, detail }, Lang::De) => {
                format!("Die {format}-Datei ist beschädigt oder unvollständig ({detail}).")
            }
            (Error::Animated { format }, Lang::De) => format!(
                "Das {format}-Bild ist animiert; speichern Sie das Bild mit dem Code als PNG oder JPEG."
            ),
            (Error::NoReadablePage, Lang::De) => "Die PDF-Datei enthält keine lesbare Seite; sie ist beschädigt oder nicht nach dem PDF-Standard aufgebaut.".to_string(),
            (Error::PasswordProtected, Lang::De) => "Die PDF-Datei ist mit einem Passwort geschützt; giroscope öffnet nur PDFs ohne Benutzerpasswort. Exportieren Sie die Datei ohne Passwort.".to_string(),
            (Error::TooManyPages { pages, limit }, Lang::De) => {
                format!("Die PDF-Datei hat {pages} Seiten, erlaubt sind höchstens {limit}.")
            }
            (Error::TimedOut { seconds }, Lang::De) => {
                format!("Das Lesen wurde nach {seconds} s abgebrochen, bevor es fertig war.")
            }
            (Error::Cancelled, Lang::De) => {
                "Die Prüfung wurde abgebrochen, bevor sie fertig war.".to_string()
            }
            (Error::Unreadable(error), Lang::De) => {
                format!("Die Eingabe konnte nicht gelesen werden: {error}.")
            }
        }
    }
}

fn unsupported_hint_en(format: &str) -> &'static str {
    match format {
        "HEIC/HEIF" => {
            ": on the iPhone choose Settings › Camera › Formats › Most Compatible, or export the photo as JPEG"
        }
        "AVIF" => ": export the picture as JPEG or PNG",
        "PDF" => "",
        _ => "",
    }
}

fn unsupported_hint_de(format: &str) -> &'static str {
    match format {
        "HEIC/HEIF" => {
            ": Stellen Sie am iPhone Einstellungen › Kamera › Formate › Maximale Kompatibilität ein oder exportieren Sie das Foto als JPEG"
        }
        "AVIF" => ": Exportieren Sie das Bild als JPEG oder PNG",
        "PDF" => {
            " (noch nicht): Speichern Sie die Seite als PNG oder geben Sie den Text des Codes an"
        }
        _ => "",
    }
}
