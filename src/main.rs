//! The `giroscope` command: a thin front end over the library.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use giroscope::render::{self, Outcome};
use giroscope::{Error, Lang, Options, SourceReport};

/// Checks GiroCodes (EPC QR codes for SEPA credit transfers) against EPC069-12 and says whether
/// banking apps will read them correctly.
#[derive(Parser)]
#[command(name = "giroscope", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check GiroCode payloads. Exit code 0: all valid; 1: some code has an error finding;
    /// 2: some input could not be checked.
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Language of messages.
        #[arg(long, value_enum, default_value_t = LangArg::De)]
        lang: LangArg,
        /// Which QR engines read images: `default` stops at the first that reads every code;
        /// `all` runs every engine and reports which read each code (a code only one engine
        /// reads is a fragile print).
        #[arg(long, value_enum, default_value_t = Engines::Default)]
        engines: Engines,
        /// Files: payload text, or images (PNG, JPEG, WebP, GIF, BMP, TIFF); `-` (the default)
        /// reads standard input.
        #[arg(value_name = "INPUT")]
        inputs: Vec<PathBuf>,
    },
    /// List every rule giroscope checks.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Language of titles.
        #[arg(long, value_enum, default_value_t = LangArg::De)]
        lang: LangArg,
    },
    /// Explain one rule, e.g. `giroscope explain IBAN-CHECKSUM`.
    Explain {
        /// The rule's code.
        code: String,
        /// Language.
        #[arg(long, value_enum, default_value_t = LangArg::De)]
        lang: LangArg,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Engines {
    Default,
    All,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    De,
    En,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::De => Lang::De,
            LangArg::En => Lang::En,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = anstream::stdout().lock();
    let result = match cli.command {
        Command::Check {
            format,
            lang,
            engines,
            inputs,
        } => {
            let options = Options {
                all_engines: engines == Engines::All,
                ..Options::default()
            };
            check(&mut out, format, lang.into(), &options, inputs)
        }
        Command::Rules { format, lang } => {
            let rules = giroscope::rules::ALL;
            match format {
                Format::Human => render::human::write_rules(&mut out, rules, lang.into()),
                Format::Json => render::json::write_rules(&mut out, rules, lang.into()),
            }
            .map(|()| ExitCode::SUCCESS)
        }
        Command::Explain { code, lang } => match giroscope::rules::lookup(&code) {
            Some(rule) => render::human::write_explanation(&mut out, rule, lang.into())
                .map(|()| ExitCode::SUCCESS),
            None => {
                let _ = writeln!(
                    anstream::stderr(),
                    "giroscope: no rule {code:?}; `giroscope rules` lists them all"
                );
                Ok(ExitCode::from(2))
            }
        },
    };
    match result.and_then(|code| out.flush().map(|()| code)) {
        Ok(code) => code,
        // A closed pipe (`giroscope check … | head`) is not an error worth a message.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(2),
        Err(error) => {
            let _ = writeln!(anstream::stderr(), "giroscope: {error}");
            ExitCode::from(2)
        }
    }
}

fn check(
    out: &mut dyn Write,
    format: Format,
    lang: Lang,
    options: &Options,
    inputs: Vec<PathBuf>,
) -> io::Result<ExitCode> {
    let inputs = if inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        inputs
    };
    let sources: Vec<SourceReport> = inputs
        .iter()
        .map(|path| SourceReport {
            source: path.display().to_string(),
            outcome: read_input(path, options).and_then(|bytes| giroscope::verify(&bytes, options)),
        })
        .collect();
    match format {
        Format::Human => render::human::write_report(out, &sources, lang)?,
        Format::Json => render::json::write_report(out, &sources, lang)?,
    }
    Ok(ExitCode::from(Outcome::of(&sources).exit_code()))
}

/// Reads a path or standard input, refusing anything over the input limit before reading it
/// whole.
fn read_input(path: &PathBuf, options: &Options) -> Result<Vec<u8>, Error> {
    let limit = options.limits.max_input_bytes;
    let reader: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(io::stdin().lock())
    } else {
        let file = File::open(path)?;
        let metadata = file.metadata()?;
        if metadata.is_dir() {
            return Err(Error::Unreadable(io::Error::other("it is a directory")));
        }
        if metadata.len() > limit {
            return Err(Error::TooLarge {
                size: metadata.len(),
                limit,
                what: "files",
            });
        }
        Box::new(file)
    };
    let mut bytes = Vec::new();
    reader.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Error::TooLarge {
            size: bytes.len() as u64,
            limit,
            what: "files",
        });
    }
    Ok(bytes)
}
