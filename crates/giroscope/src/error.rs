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
        "input is {} {format} file, which giroscope cannot read",
        article_en(format)
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
    /// A PDF or TIFF with more pages than allowed; refused before any page is read.
    #[error("the {format} file has {pages} pages, limit is {limit}")]
    TooManyPages {
        /// The format, `PDF` or `TIFF`.
        format: &'static str,
        /// Pages in the document.
        pages: u64,
        /// The limit.
        limit: u64,
    },
    /// The PDF's pages that draw something would need more pixels in all than allowed;
    /// refused from the pages' geometry before any page is rendered.
    #[error(
        "the PDF's {pages} pages with content need {} megapixels at {dpi} dpi, limit is {} megapixels per document",
        megapixels(*pixels),
        megapixels(*limit)
    )]
    TooManyPdfPixels {
        /// Pages that draw something (blank pages are not rendered and do not count).
        pages: u64,
        /// The pixels they need at `dpi`.
        pixels: u64,
        /// The resolution pages are rendered at.
        dpi: f32,
        /// The limit in pixels.
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
    /// The worker process that opens PDFs stopped before the PDF was open: it ran out of its
    /// memory limit, or the PDF crashed the third-party code reading it. Nothing else was
    /// affected.
    #[error("the PDF could not be opened: {detail}")]
    PdfReaderFailed {
        /// What happened, e.g. `the PDF reader ran out of its 2048 MB memory limit`.
        detail: String,
    },
    /// giroscope failed on this input: a bug, caught so that it costs this input only.
    #[error("giroscope failed on this input (an internal error)")]
    Internal,
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
            Error::TooManyPixels { .. } | Error::TooManyPdfPixels { .. } => "INPUT-TOO-MANY-PIXELS",
            Error::Corrupt { .. } | Error::NoReadablePage | Error::PdfReaderFailed { .. } => {
                "INPUT-CORRUPT"
            }
            Error::Animated { .. } => "INPUT-ANIMATED",
            Error::TimedOut { .. } => "INPUT-TIMEOUT",
            Error::Cancelled => "INPUT-CANCELLED",
            Error::PasswordProtected => "INPUT-PASSWORD",
            Error::TooManyPages { .. } => "INPUT-TOO-MANY-PAGES",
            Error::Unreadable(_) => "INPUT-UNREADABLE",
            Error::Internal => "INPUT-INTERNAL-ERROR",
        }
    }

    /// The error in words, in `lang`, for anyone: a citizen on the page as much as QA staff.
    /// No decoder's or system's own words (those are in [`Error::detail`]), limits as numbers.
    pub fn message(&self, lang: Lang) -> String {
        let text = match self {
            Error::TooLarge { limit, what, .. } if *what == "payload text" => lang
                .pick(
                    "Der Text ist zu lang (höchstens {size}).",
                    "The text is too long (at most {size}).",
                )
                .replace("{size}", &size_in_words(*limit, lang)),
            Error::TooLarge { limit, .. } => lang
                .pick(
                    "Die Datei ist zu groß (höchstens {size}).",
                    "The file is too large (at most {size}).",
                )
                .replace("{size}", &size_in_words(*limit, lang)),
            Error::Unsupported { format } => {
                let hint = match lang {
                    Lang::De => unsupported_hint_de(format),
                    Lang::En => unsupported_hint_en(format),
                };
                format!(
                    "{} {hint}",
                    lang.pick(
                        "Dateien im Format {format} können wir nicht lesen.",
                        "We cannot read files in the {format} format."
                    )
                    .replace("{format}", format)
                )
            }
            Error::TooManyPixels { limit, .. } => lang
                .pick(
                    "Das Bild ist zu groß (höchstens {mp} Megapixel). Verkleinern Sie es oder fotografieren Sie nur den Code.",
                    "The picture is too large (at most {mp} megapixels). Make it smaller or photograph just the code.",
                )
                .replace("{mp}", &(limit / 1_000_000).to_string()),
            // The remedy is the format's own: a PDF is saved again, a scan scanned again.
            Error::Corrupt { format, .. } => match *format {
                "PDF" => lang.pick(
                    "Die PDF-Datei ist beschädigt oder unvollständig. Speichern Sie das Dokument noch einmal als PDF oder fotografieren Sie den Code.",
                    "The PDF file is damaged or incomplete. Save the document as a PDF again or take a photo of the code.",
                ),
                "TIFF" => lang.pick(
                    "Die TIFF-Datei ist beschädigt oder unvollständig. Speichern oder scannen Sie sie noch einmal.",
                    "The TIFF file is damaged or incomplete. Save or scan it once more.",
                ),
                _ => lang.pick(
                    "Die {format}-Datei ist beschädigt oder unvollständig. Speichern oder fotografieren Sie sie noch einmal.",
                    "The {format} file is damaged or incomplete. Save it or take the photo once more.",
                ),
            }
            .replace("{format}", format),
            Error::Animated { format } => lang
                .pick(
                    "Das {format}-Bild ist animiert. Speichern Sie das Bild mit dem Code als JPEG oder PNG.",
                    "The {format} picture is animated. Save the picture with the code as JPEG or PNG.",
                )
                .replace("{format}", format),
            Error::NoReadablePage => lang
                .pick(
                    "Die PDF-Datei hat keine lesbare Seite. Sie ist beschädigt oder nicht richtig aufgebaut.",
                    "The PDF file has no readable page. It is damaged or not built properly.",
                )
                .to_string(),
            Error::PasswordProtected => lang
                .pick(
                    "Die PDF-Datei ist mit einem Passwort geschützt. Speichern Sie sie ohne Passwort oder fotografieren Sie den Code.",
                    "The PDF file is protected by a password. Save it without a password or take a photo of the code.",
                )
                .to_string(),
            Error::TooManyPages { format, limit, .. } => lang
                .pick(
                    "Die {format}-Datei hat zu viele Seiten (höchstens {limit}).",
                    "The {format} file has too many pages (at most {limit}).",
                )
                .replace("{format}", format)
                .replace("{limit}", &limit.to_string()),
            Error::TooManyPdfPixels { pixels, limit, .. } => lang
                .pick(
                    "Die PDF-Datei ist zu umfangreich: Ihre Seiten mit Inhalt brauchen {pixels} Megapixel, erlaubt sind höchstens {limit} Megapixel je Dokument. Senden Sie nur die Seite mit dem Code.",
                    "The PDF file is too large: its pages with content need {pixels} megapixels, at most {limit} megapixels per document are allowed. Send just the page with the code.",
                )
                .replace("{pixels}", &megapixels(*pixels))
                .replace("{limit}", &megapixels(*limit)),
            Error::TimedOut { seconds } => lang
                .pick(
                    "Das Lesen wurde nach {seconds} Sekunden abgebrochen, bevor es fertig war: Der Dienst war gerade überlastet. Versuchen Sie es in einem Moment noch einmal.",
                    "Reading was stopped after {seconds} seconds, before it was done: the service was overloaded just then. Please try again in a moment.",
                )
                .replace("{seconds}", &seconds.to_string()),
            Error::Cancelled => lang
                .pick(
                    "Die Prüfung wurde abgebrochen, bevor sie fertig war.",
                    "The check was cancelled before it was done.",
                )
                .to_string(),
            Error::PdfReaderFailed { .. } => lang
                .pick(
                    "Die PDF-Datei ließ sich nicht öffnen: Sie bringt das Programm, das PDFs liest, zum Absturz oder braucht mehr Speicher als erlaubt. Speichern Sie sie neu (z. B. „Als PDF drucken“) oder fotografieren Sie den Code.",
                    "The PDF file could not be opened: it crashes the program that reads PDFs or needs more memory than allowed. Save it again (e.g. \"print to PDF\") or take a photo of the code.",
                )
                .to_string(),
            Error::Internal => lang
                .pick(
                    "Bei dieser Datei ist in giroscope ein Fehler aufgetreten; sie wurde nicht geprüft. Bitte melden Sie ihn. Andere Dateien sind nicht betroffen.",
                    "giroscope failed on this file, which was not checked. Please report it. Other files are not affected.",
                )
                .to_string(),
            Error::Unreadable(_) => lang
                .pick(
                    "Die Datei konnte nicht gelesen werden.",
                    "The file could not be read.",
                )
                .to_string(),
        };
        text.trim_end().to_string()
    }

    /// What the message leaves out, in the decoder's or the system's own (English) words, or
    /// the exact sizes: for developers and logs of outcomes, never for the page. Only that,
    /// not the English sentence again beside a German message.
    pub fn detail(&self) -> Option<String> {
        match self {
            Error::TooLarge { size, limit, what } => {
                Some(format!("{size} bytes, limit {limit} bytes for {what}"))
            }
            Error::Corrupt { detail, .. } | Error::PdfReaderFailed { detail } => {
                Some(detail.clone())
            }
            Error::Unreadable(error) => Some(error.to_string()),
            _ => None,
        }
    }
}

/// "an AVIF file", "a HEIC/HEIF file": by how the name is spoken (A-vif, H-E-I-C).
fn article_en(format: &str) -> &'static str {
    match format.as_bytes().first() {
        Some(b'A' | b'E' | b'I' | b'O' | b'U') => "an",
        _ => "a",
    }
}

/// Pixels in megapixels, to a tenth rounded up, so that "over the limit" never reads as equal.
fn megapixels(pixels: u64) -> String {
    let tenths = pixels.div_ceil(100_000);
    if tenths.is_multiple_of(10) {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// A byte count as people say it: `20 MB`, `64 KB` (binary units, as the limits are set).
pub fn size_in_words(bytes: u64, lang: Lang) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        let mib = bytes as f64 / MIB as f64;
        let text = if bytes.is_multiple_of(MIB) {
            format!("{}", bytes / MIB)
        } else {
            format!("{mib:.1}")
        };
        let text = match lang {
            Lang::De => text.replace('.', ","),
            Lang::En => text,
        };
        format!("{text} MB")
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

fn unsupported_hint_en(format: &str) -> &'static str {
    match format {
        "HEIC/HEIF" => {
            "On the iPhone choose Settings › Camera › Formats › Most Compatible, or send the photo as JPEG."
        }
        "AVIF" | "JPEG 2000" | "JPEG XL" => "Save the picture as JPEG or PNG.",
        _ => "Please send a photo (JPEG or PNG) or a PDF file.",
    }
}

fn unsupported_hint_de(format: &str) -> &'static str {
    match format {
        "HEIC/HEIF" => {
            "Stellen Sie am iPhone Einstellungen › Kamera › Formate › „Maximale Kompatibilität“ ein oder senden Sie das Foto als JPEG."
        }
        "AVIF" | "JPEG 2000" | "JPEG XL" => "Speichern Sie das Bild als JPEG oder PNG.",
        _ => "Bitte senden Sie ein Foto (JPEG oder PNG) oder eine PDF-Datei.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsupported_formats_get_the_right_article() {
        for (format, english) in [
            ("AVIF", "input is an AVIF file, which giroscope cannot read"),
            (
                "HEIC/HEIF",
                "input is a HEIC/HEIF file, which giroscope cannot read",
            ),
        ] {
            assert_eq!(Error::Unsupported { format }.to_string(), english);
        }
    }

    #[test]
    fn a_damaged_file_gets_its_formats_own_remedy() {
        for (format, de, en) in [
            (
                "PDF",
                "als PDF oder fotografieren Sie den Code",
                "Save the document as a PDF again",
            ),
            (
                "TIFF",
                "Speichern oder scannen Sie sie",
                "Save or scan it once more",
            ),
            (
                "JPEG",
                "Speichern oder fotografieren Sie sie",
                "take the photo once more",
            ),
            (
                "PNG",
                "Die PNG-Datei ist beschädigt",
                "The PNG file is damaged",
            ),
        ] {
            let error = Error::Corrupt {
                format,
                detail: String::new(),
            };
            assert!(
                error.message(Lang::De).contains(de),
                "{format}: {}",
                error.message(Lang::De)
            );
            assert!(
                error.message(Lang::En).contains(en),
                "{format}: {}",
                error.message(Lang::En)
            );
        }
    }
}
