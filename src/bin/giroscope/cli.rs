//! The command line: every subcommand and flag, as clap parses them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use giroscope::{Lang, Limits};

/// Checks GiroCodes (EPC QR codes for SEPA credit transfers) against EPC069-12 and says whether
/// banking apps will read them correctly.
#[derive(Parser)]
#[command(name = "giroscope", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Check GiroCodes in payload files, images and PDFs. Exit code 0: all valid; 1: some code
    /// has an error finding; 2: some input could not be checked.
    Check(CheckArgs),
    /// Serve the JSON API and the page for citizens.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Largest request body in megabytes.
        #[arg(long, default_value_t = 20)]
        max_body_mb: usize,
        /// Checks running at once; more get 503 + Retry-After (default: one per core).
        #[arg(long)]
        workers: Option<usize>,
        /// Check requests received at once (each body is held in memory); more get 503.
        #[arg(long, default_value_t = 8)]
        max_uploads: usize,
        /// Seconds a request may take before a 504.
        #[arg(long, value_name = "SECONDS", default_value_t = 30.0, value_parser = parse_seconds)]
        request_timeout: f32,
        #[command(flatten)]
        limits: LimitArgs,
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

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Output format. `jsonl` streams one result per input, for huge runs; `junit` is for CI
    /// test reporters.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Language of messages.
    #[arg(long, value_enum, default_value_t = LangArg::De)]
    pub lang: LangArg,
    /// Which QR engines read images: `default` stops at the first that reads every code;
    /// `all` runs every engine and reports which read each code (a code only one engine
    /// reads is a fragile print).
    #[arg(long, value_enum, default_value_t = Engines::Default)]
    pub engines: Engines,
    /// Resolution for rendering PDF pages.
    #[arg(long, default_value_t = 300.0, value_parser = parse_dpi)]
    pub dpi: f32,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Compare every code with the expected data in a CSV manifest (columns file, page, iban,
    /// bic, name, amount, reference, text, information).
    #[arg(long, value_name = "MANIFEST.csv")]
    pub expect: Option<PathBuf>,
    /// Read further input paths from FILE, one per line (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// No progress bar and no summary on standard error.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Payload files, images (PNG, JPEG, WebP, GIF, BMP, TIFF), PDFs, or directories (searched
    /// recursively for .pdf, image and .txt files); `-` (the default) reads the raw bytes of
    /// one input from standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
}

/// The library's resource limits, the same for `check` and `serve`; README's Limits table
/// lists them with their defaults.
#[derive(Args, Clone, Copy)]
pub struct LimitArgs {
    /// Largest input file in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 50)]
    pub max_input_mb: u64,
    /// Most pixels an image or rendered PDF page may have, in megapixels.
    #[arg(long, value_name = "MP", default_value_t = 50)]
    pub max_megapixels: u64,
    /// Most pages a PDF may have.
    #[arg(long, value_name = "N", default_value_t = 25_000)]
    pub max_pages: u64,
    /// How much work reading may spend on one image or PDF page, in millions of budget units
    /// (under a millisecond each on a 2-core machine): it decides how far the reading ladder
    /// climbs, the same on every machine.
    #[arg(long, value_name = "MILLIONS", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub read_work: u64,
    /// Safety net: seconds after which reading one image or PDF page is stopped and reported
    /// as timed out. How far reading goes is decided by the work budget, not by the clock.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0, value_parser = parse_seconds)]
    pub read_timeout: f32,
}

impl LimitArgs {
    pub fn limits(self) -> Limits {
        Limits {
            max_input_bytes: self.max_input_mb.saturating_mul(1024 * 1024),
            max_pixels: self.max_megapixels.saturating_mul(1_000_000),
            max_pages: self.max_pages,
            max_read_work: self.read_work.saturating_mul(1_000_000),
            max_decode_time: std::time::Duration::from_secs_f32(self.read_timeout),
            ..Limits::default()
        }
    }
}

fn parse_seconds(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(seconds) if (0.1..=600.0).contains(&seconds) => Ok(seconds),
        _ => Err("a number of seconds from 0.1 to 600".into()),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Jsonl,
    Junit,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Engines {
    Default,
    All,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LangArg {
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

fn parse_dpi(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(dpi) if (50.0..=1200.0).contains(&dpi) => Ok(dpi),
        Ok(_) => Err("choose between 50 and 1200 dpi".into()),
        Err(error) => Err(error.to_string()),
    }
}
