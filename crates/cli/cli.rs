//! The command line: every subcommand and flag, as clap parses them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use giroscope::expect::{CodePages, Encoding};
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
    /// has an error finding (or fails the `--fail-on` policy); 2: some input could not be
    /// checked.
    Check(CheckArgs),
    /// Serve the JSON API and the page for citizens. Every flag can also be set by the
    /// environment variable named beside it, as container platforms expect.
    Serve(ServeArgs),
    /// Write the citizens' page as plain files into DIR, for any static web server: the page
    /// checks on the phone (WebAssembly in a Web Worker), works offline after the first visit
    /// and installs on the home screen. The same commit and flags give the same bytes.
    Site {
        /// The folder to write (created if missing; files of the same names are replaced).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Ask a running server whether it is alive (`/healthz`) or ready (`/readyz`): exit code
    /// 0 for a 2xx answer, 1 otherwise. For container health checks in images without a
    /// shell or curl.
    Probe {
        /// The server's address; an unspecified one (0.0.0.0) means this machine.
        #[arg(long, env = "GIROSCOPE_ADDR", default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// The path to ask.
        #[arg(default_value = "/healthz")]
        path: String,
        /// Seconds to wait for the answer.
        #[arg(long, value_name = "SECONDS", default_value_t = 2.0, value_parser = parse_seconds)]
        timeout: f32,
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
    /// Open and render one PDF for a parent `giroscope` (it starts this itself): the PDF
    /// arrives on standard input, its pages leave on standard output.
    #[command(name = "pdf-worker", hide = true)]
    PdfWorker {
        /// The address-space limit in bytes.
        memory_limit: u64,
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
    /// test reporters; `html` is one self-contained QA report to look at (counts, findings by
    /// rule, every notice filterable, pictures of flagged pages).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write one PNG per flagged page into DIR, with the code, its quiet zone and its module
    /// size marked (a page without a code framed red).
    #[arg(long, value_name = "DIR")]
    pub annotate: Option<PathBuf>,
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
    /// bic, name, amount, reference, text, information, or their German names; comma,
    /// semicolon or tab). Pages it does not list need not carry a code.
    #[arg(long, value_name = "MANIFEST.csv")]
    pub expect: Option<PathBuf>,
    /// The manifest's encoding: utf-8, windows-1252 or iso-8859-1 (default: detected; UTF-8
    /// when valid, else Windows-1252 as Excel writes it).
    #[arg(long, value_name = "ENCODING", requires = "expect", value_parser = parse_encoding)]
    pub expect_encoding: Option<Encoding>,
    /// Which pages of a PDF or multi-page TIFF must carry a code, without a manifest: all,
    /// odd, even, last, a page (1), a range (2-4, 2-) or a comma list (1,3-5,last).
    #[arg(
        long,
        value_name = "PAGES",
        default_value = "all",
        conflicts_with = "expect"
    )]
    pub code_pages: CodePages,
    /// The operator's own accounts (CSV: iban,name,note): a GiroCode paying any other IBAN is
    /// an error (PAYEE-UNKNOWN), one paying a listed IBAN says so (PAYEE-CONFIRMED).
    #[arg(long, value_name = "PAYEES.csv")]
    pub payees: Option<PathBuf>,
    /// Read further input paths from FILE, one per line (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// What makes exit code 1: `error` (any error finding: the code breaks EPC069-12),
    /// `red` (only what banking apps reject or pay wrongly), `yellow` (also what some apps get
    /// wrong) or `warning` (any warning or error). Inputs without a GiroCode always fail.
    #[arg(long, value_enum, default_value_t = FailOnArg::Error)]
    pub fail_on: FailOnArg,
    /// Check only this share of the inputs: `INDEX/COUNT` (from 0) takes the INDEX-th of
    /// COUNT contiguous blocks of the inputs as collected, for a Kubernetes Indexed Job
    /// (`--shard $(JOB_COMPLETION_INDEX)/4`). Concatenating the shards' `--format jsonl`
    /// outputs in index order gives the whole run's in the order of one run.
    #[arg(
        long,
        value_name = "INDEX/COUNT",
        env = "GIROSCOPE_SHARD",
        conflicts_with = "expect"
    )]
    pub shard: Option<Shard>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
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

/// One of `count` contiguous blocks of the inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let parsed = text.split_once('/').and_then(|(index, count)| {
            Some((index.trim().parse().ok()?, count.trim().parse().ok()?))
        });
        match parsed {
            Some((index, count)) if index < count => Ok(Shard { index, count }),
            _ => Err("INDEX/COUNT with 0 <= INDEX < COUNT, e.g. 0/4".into()),
        }
    }
}

impl Shard {
    /// This shard's block of `items`: sizes differ by at most one, in order.
    pub fn of<T>(self, mut items: Vec<T>) -> Vec<T> {
        let len = items.len();
        let (start, end) = (
            len * self.index / self.count,
            len * (self.index + 1) / self.count,
        );
        items.truncate(end);
        items.split_off(start)
    }
}

/// Who runs `serve` or `site` and which accounts are theirs: shown in the page's footer and
/// checked in every code. Each flag can also come from its environment variable.
#[derive(Args, Clone)]
pub struct SiteArgs {
    /// The operator's name for the footer and the privacy note, e.g. "Stadt Musterstadt".
    #[arg(long, value_name = "NAME", env = "GIROSCOPE_OPERATOR_NAME")]
    pub operator_name: Option<String>,
    /// The legal notice (Impressum): https://… or a path on this server.
    #[arg(long, value_name = "URL", env = "GIROSCOPE_IMPRINT_URL", value_parser = giroscope_server::operator::check_url)]
    pub imprint_url: Option<String>,
    /// The privacy policy (Datenschutzerklärung).
    #[arg(long, value_name = "URL", env = "GIROSCOPE_PRIVACY_URL", value_parser = giroscope_server::operator::check_url)]
    pub privacy_url: Option<String>,
    /// The accessibility statement (Erklärung zur Barrierefreiheit).
    #[arg(long, value_name = "URL", env = "GIROSCOPE_ACCESSIBILITY_URL", value_parser = giroscope_server::operator::check_url)]
    pub accessibility_url: Option<String>,
    /// The operator's own accounts (CSV: iban,name,note): the page confirms a code paying one
    /// of them ("Empfängerkonto bestätigt") and warns about any other.
    #[arg(long, value_name = "PAYEES.csv", env = "GIROSCOPE_PAYEES")]
    pub payees: Option<PathBuf>,
}

impl SiteArgs {
    pub fn operator(&self) -> giroscope_server::operator::Operator {
        giroscope_server::operator::Operator {
            name: self
                .operator_name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned),
            imprint_url: self.imprint_url.clone(),
            privacy_url: self.privacy_url.clone(),
            accessibility_url: self.accessibility_url.clone(),
        }
    }
}

/// The library's resource limits, the same for `check` and `serve` (which has smaller
/// defaults for PDFs); README's Limits table lists them with their defaults.
#[derive(Args, Clone, Copy)]
pub struct LimitArgs {
    /// Largest input file in MiB.
    #[arg(
        long,
        value_name = "MIB",
        env = "GIROSCOPE_MAX_INPUT_MB",
        default_value_t = 50
    )]
    pub max_input_mb: u64,
    /// Most pixels an image or rendered PDF page may have, in megapixels.
    #[arg(
        long,
        value_name = "MP",
        env = "GIROSCOPE_MAX_MEGAPIXELS",
        default_value_t = 50
    )]
    pub max_megapixels: u64,
    /// Most pages a PDF may have [default: 25000 for check, 50 for serve].
    #[arg(long, value_name = "N", env = "GIROSCOPE_MAX_PAGES")]
    pub max_pages: Option<u64>,
    /// Most megapixels a PDF's pages that draw something may need in all at --dpi (blank
    /// pages are not rendered) [default: no limit for check, 450 for serve].
    #[arg(long, value_name = "MP", env = "GIROSCOPE_MAX_PDF_MEGAPIXELS")]
    pub max_pdf_megapixels: Option<u64>,
    /// How much work reading may spend on one image or PDF page, in millions of budget units
    /// (under a millisecond each on a 2-core machine): it decides how far the reading ladder
    /// climbs, the same on every machine.
    #[arg(long, value_name = "MILLIONS", env = "GIROSCOPE_READ_WORK", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub read_work: u64,
    /// Safety net: seconds after which reading one image or PDF page is stopped and reported
    /// as timed out. How far reading goes is decided by the work budget, not by the clock.
    #[arg(long, value_name = "SECONDS", env = "GIROSCOPE_READ_TIMEOUT", default_value_t = 30.0, value_parser = parse_seconds)]
    pub read_timeout: f32,
    /// Memory limit of the worker process that opens and renders each PDF, in MB. A PDF that
    /// needs more costs its own page or document, never the run or the server.
    #[arg(
        long,
        value_name = "MB",
        env = "GIROSCOPE_PDF_MEMORY_MB",
        default_value_t = 2048
    )]
    pub pdf_memory_mb: u64,
    /// Render PDFs in this process instead of worker processes: for PDFs you made yourself
    /// only, since a PDF that crashes the renderer then ends the run. Saves each document's
    /// worker start.
    #[arg(long, env = "GIROSCOPE_NO_PDF_WORKER")]
    pub no_pdf_worker: bool,
}

impl LimitArgs {
    /// PDFs opened in worker processes of this binary, each within `--pdf-memory-mb`; in this
    /// process when the binary cannot find itself.
    pub fn pdf_renderer(&self) -> giroscope::pdf::Renderer {
        if self.no_pdf_worker {
            return giroscope::pdf::Renderer::default();
        }
        match std::env::current_exe() {
            Ok(program) => giroscope::pdf::Renderer::new(std::sync::Arc::new(
                giroscope::pdf::worker::Isolated::new(program)
                    .with_memory_limit(self.pdf_memory_mb.saturating_mul(1024 * 1024)),
            )),
            Err(_) => giroscope::pdf::Renderer::default(),
        }
    }

    /// The limits for `check`.
    pub fn limits(self) -> Limits {
        self.limits_over(Limits::default())
    }

    /// The limits given, the rest from `defaults`.
    pub fn limits_over(self, defaults: Limits) -> Limits {
        Limits {
            max_input_bytes: self.max_input_mb.saturating_mul(1024 * 1024),
            max_pixels: self.max_megapixels.saturating_mul(1_000_000),
            max_pages: self.max_pages.unwrap_or(defaults.max_pages),
            max_pdf_pixels: self
                .max_pdf_megapixels
                .map_or(defaults.max_pdf_pixels, |mp| mp.saturating_mul(1_000_000)),
            max_read_work: self.read_work.saturating_mul(1_000_000),
            max_decode_time: std::time::Duration::from_secs_f32(self.read_timeout),
            ..defaults
        }
    }
}

/// `giroscope serve`; README's "Running it for a town" explains each.
#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on (0.0.0.0:8080 in a container).
    #[arg(long, env = "GIROSCOPE_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Largest request body in megabytes.
    #[arg(
        long,
        value_name = "MB",
        env = "GIROSCOPE_MAX_BODY_MB",
        default_value_t = 20
    )]
    pub max_body_mb: usize,
    /// Image and PDF checks running at once (default: one per core).
    #[arg(long, value_name = "N", env = "GIROSCOPE_WORKERS")]
    pub workers: Option<usize>,
    /// Seconds an image or PDF may wait for a worker before 503 + Retry-After.
    #[arg(long, value_name = "SECONDS", env = "GIROSCOPE_QUEUE_WAIT", default_value_t = 2.0, value_parser = parse_seconds_or_zero)]
    pub queue_wait: f32,
    /// Check requests in flight at once (each body is held in memory); more get 503.
    #[arg(
        long,
        value_name = "N",
        env = "GIROSCOPE_MAX_UPLOADS",
        default_value_t = 8
    )]
    pub max_uploads: usize,
    /// Check requests one client (IP address, IPv6 /64) may have in flight; more get 429. A
    /// client also runs at most half the workers at once.
    #[arg(
        long,
        value_name = "N",
        env = "GIROSCOPE_MAX_PER_CLIENT",
        default_value_t = 2
    )]
    pub max_per_client: usize,
    /// Take the client's address from the last X-Forwarded-For entry: only behind a proxy
    /// that appends it and that clients cannot go around.
    #[arg(long, env = "GIROSCOPE_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    /// Seconds a check may take once its body has arrived (waiting included) before it is
    /// cancelled and answered 504.
    #[arg(long, value_name = "SECONDS", env = "GIROSCOPE_REQUEST_TIMEOUT", default_value_t = 30.0, value_parser = parse_seconds)]
    pub request_timeout: f32,
    /// Seconds a request body may take, plus one per --min-body-rate KB received; slower
    /// bodies are cut off with 408.
    #[arg(long, value_name = "SECONDS", env = "GIROSCOPE_BODY_TIMEOUT", default_value_t = 10.0, value_parser = parse_seconds)]
    pub body_timeout: f32,
    /// The rate in KB/s a request body must keep up after --body-timeout.
    #[arg(
        long,
        value_name = "KB_PER_S",
        env = "GIROSCOPE_MIN_BODY_RATE",
        default_value_t = 50
    )]
    pub min_body_rate: u64,
    /// On SIGTERM, seconds to go on serving while /readyz already fails (so load balancers
    /// move away before the listener closes).
    #[arg(long, value_name = "SECONDS", env = "GIROSCOPE_SHUTDOWN_DELAY", default_value_t = 0.0, value_parser = parse_seconds_or_zero)]
    pub shutdown_delay: f32,
    /// On SIGTERM, seconds the checks in flight may still finish (after the delay) before
    /// they are cancelled.
    #[arg(long, value_name = "SECONDS", env = "GIROSCOPE_SHUTDOWN_GRACE", default_value_t = 5.0, value_parser = parse_seconds_or_zero)]
    pub shutdown_grace: f32,
    /// Log lines as human-readable text or as JSON objects (one per line).
    #[arg(long, value_enum, env = "GIROSCOPE_LOG_FORMAT", default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub site: SiteArgs,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

fn parse_seconds_or_zero(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(seconds) if (0.0..=600.0).contains(&seconds) => Ok(seconds),
        _ => Err("a number of seconds from 0 to 600".into()),
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
    Html,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Engines {
    Default,
    All,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Error,
    Red,
    Yellow,
    Warning,
}

impl From<FailOnArg> for giroscope::render::FailOn {
    fn from(policy: FailOnArg) -> giroscope::render::FailOn {
        use giroscope::render::FailOn;
        match policy {
            FailOnArg::Error => FailOn::Error,
            FailOnArg::Red => FailOn::Red,
            FailOnArg::Yellow => FailOn::Yellow,
            FailOnArg::Warning => FailOn::Warning,
        }
    }
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

fn parse_encoding(text: &str) -> Result<Encoding, String> {
    Encoding::from_label(text).ok_or_else(|| "choose utf-8, windows-1252 or iso-8859-1".into())
}

fn parse_dpi(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(dpi) if (50.0..=1200.0).contains(&dpi) => Ok(dpi),
        Ok(_) => Err("choose between 50 and 1200 dpi".into()),
        Err(error) => Err(error.to_string()),
    }
}
