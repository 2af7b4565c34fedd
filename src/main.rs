//! The `giroscope` command: a thin front end over the library.

use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};
use giroscope::batch::Batch;
use giroscope::expect::Manifest;
use giroscope::render::{self, Summary};
use giroscope::{Error, Lang, Limits, Options, SourceReport};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

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
struct CheckArgs {
    /// Output format. `jsonl` streams one result per input, for huge runs; `junit` is for CI
    /// test reporters.
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
    /// Resolution for rendering PDF pages.
    #[arg(long, default_value_t = 300.0, value_parser = parse_dpi)]
    dpi: f32,
    /// Worker threads (default: one per core).
    #[arg(long)]
    jobs: Option<usize>,
    /// Compare every code with the expected data in a CSV manifest (columns file, page, iban,
    /// bic, name, amount, reference, text, information).
    #[arg(long, value_name = "MANIFEST.csv")]
    expect: Option<PathBuf>,
    /// Read further input paths from FILE, one per line (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    files_from: Option<PathBuf>,
    /// No progress bar and no summary on standard error.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    limits: LimitArgs,
    /// Payload files, images (PNG, JPEG, WebP, GIF, BMP, TIFF), PDFs, or directories (searched
    /// recursively for .pdf, image and .txt files); `-` (the default) reads the raw bytes of
    /// one input from standard input.
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
}

/// The library's resource limits, the same for `check` and `serve`; README's Limits table
/// lists them with their defaults.
#[derive(Args, Clone, Copy)]
struct LimitArgs {
    /// Largest input file in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 50)]
    max_input_mb: u64,
    /// Most pixels an image or rendered PDF page may have, in megapixels.
    #[arg(long, value_name = "MP", default_value_t = 50)]
    max_megapixels: u64,
    /// Most pages a PDF may have.
    #[arg(long, value_name = "N", default_value_t = 25_000)]
    max_pages: u64,
    /// Seconds the reader may try harder on one image or PDF page.
    #[arg(long, value_name = "SECONDS", default_value_t = 3.0, value_parser = parse_seconds)]
    read_timeout: f32,
}

impl LimitArgs {
    fn limits(self) -> Limits {
        Limits {
            max_input_bytes: self.max_input_mb.saturating_mul(1024 * 1024),
            max_pixels: self.max_megapixels.saturating_mul(1_000_000),
            max_pages: self.max_pages,
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
enum Format {
    Human,
    Json,
    Jsonl,
    Junit,
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

fn parse_dpi(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(dpi) if (50.0..=1200.0).contains(&dpi) => Ok(dpi),
        Ok(_) => Err("choose between 50 and 1200 dpi".into()),
        Err(error) => Err(error.to_string()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = anstream::stdout().lock();
    let result = match cli.command {
        Command::Check(args) => check(&mut out, args),
        Command::Serve {
            addr,
            max_body_mb,
            workers,
            max_uploads,
            request_timeout,
            limits,
        } => {
            let defaults = giroscope::server::Config::default();
            serve(
                addr,
                giroscope::server::Config {
                    options: Options {
                        limits: limits.limits(),
                        ..Options::default()
                    },
                    max_body_bytes: max_body_mb.saturating_mul(1024 * 1024),
                    workers: workers.map_or(defaults.workers, |w| w.max(1)),
                    request_timeout: std::time::Duration::from_secs_f32(request_timeout),
                    max_uploads: max_uploads.max(1),
                },
            )
        }
        Command::Rules { format, lang } => {
            let rules = giroscope::rules::ALL;
            match format {
                Format::Json | Format::Jsonl => {
                    render::json::write_rules(&mut out, rules, lang.into())
                }
                Format::Human | Format::Junit => {
                    render::human::write_rules(&mut out, rules, lang.into())
                }
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

/// One input of a batch.
enum Source {
    Stdin,
    Path(PathBuf),
    /// A path that could not even be listed (an unreadable directory entry).
    Broken(PathBuf, io::Error),
}

impl Source {
    fn name(&self) -> String {
        match self {
            Source::Stdin => "-".into(),
            Source::Path(path) | Source::Broken(path, _) => path.display().to_string(),
        }
    }
}

fn check(out: &mut dyn Write, args: CheckArgs) -> io::Result<ExitCode> {
    let started = Instant::now();
    let lang: Lang = args.lang.into();
    if let Some(jobs) = args.jobs {
        // Only fails when a pool already exists, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global();
    }
    let options = Options {
        all_engines: args.engines == Engines::All,
        dpi: args.dpi,
        limits: args.limits.limits(),
    };
    let manifest = match &args.expect {
        None => None,
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => match Manifest::parse(&text) {
                Ok(manifest) => Some(manifest),
                Err(error) => return fail(&format!("{}: {error}", path.display())),
            },
            Err(error) => return fail(&format!("{}: {error}", path.display())),
        },
    };
    let sources = match collect_sources(&args.inputs, args.files_from.as_deref()) {
        Ok(sources) => sources,
        Err(error) => return fail(&error.to_string()),
    };
    let progress = if args.quiet || !io::stderr().is_terminal() || sources.len() < 2 {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new(sources.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {bar:30} {pos}/{len} {elapsed} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        // A long PDF is one input: keep the bar alive while its pages are read.
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        bar
    };
    let mut batch = Batch::new(manifest);
    let mut summary = Summary::default();
    let mut kept = Vec::new();
    let mut first = true;
    // Inputs are read in parallel a chunk at a time and reported in the order given, so the
    // output is the same whatever the scheduling, and a huge run streams (human, jsonl).
    let chunk = rayon::current_num_threads().max(1) * 4;
    for sources in sources.chunks(chunk) {
        let names: Vec<String> = sources.iter().map(Source::name).collect();
        progress.set_message(names.join(", "));
        let mut reports: Vec<SourceReport> = sources
            .par_iter()
            .map(|source| SourceReport {
                source: source.name(),
                outcome: read_source(source, &options)
                    .and_then(|bytes| giroscope::verify(&bytes, &options)),
            })
            .collect();
        for mut report in reports.drain(..) {
            batch.add(&mut report);
            summary.add(&report);
            progress.inc(1);
            match args.format {
                Format::Human => {
                    if !first {
                        writeln!(out)?;
                    }
                    progress.suspend(|| render::human::write_source(out, &report, lang))?;
                }
                Format::Jsonl => {
                    progress.suspend(|| render::json::write_line(out, &report, lang))?
                }
                Format::Json | Format::Junit => kept.push(report),
            }
            first = false;
        }
    }
    progress.finish_and_clear();
    summary.unlisted_rows = batch.unaccounted().len();
    summary.seconds = started.elapsed().as_secs_f64();
    match args.format {
        Format::Human if summary.inputs > 1 || args.expect.is_some() => {
            render::human::write_summary(out, &summary, lang)?
        }
        Format::Human => {}
        Format::Json => render::json::write_report(out, &kept, lang, Some(&summary))?,
        Format::Junit => render::junit::write_report(out, &kept, lang)?,
        Format::Jsonl => {}
    }
    if !args.quiet && args.format != Format::Human {
        out.flush()?;
        let mut err = anstream::stderr();
        render::human::write_summary(&mut err, &summary, lang)?;
    }
    for row in batch.unaccounted() {
        let _ = writeln!(
            anstream::stderr(),
            "giroscope: {}: line {} names {} which was not checked",
            args.expect
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            row.line,
            row.file
        );
    }
    Ok(ExitCode::from(summary.outcome().exit_code()))
}

fn serve(addr: std::net::SocketAddr, config: giroscope::server::Config) -> io::Result<ExitCode> {
    // Logs carry method, path, status, latency and finding codes; never content.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info")),
        )
        .with_writer(io::stderr)
        .with_ansi(io::stderr().is_terminal())
        .init();
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        tracing::info!(address = %listener.local_addr()?, "giroscope serving");
        giroscope::server::serve(listener, config).await
    })?;
    Ok(ExitCode::SUCCESS)
}

fn fail(message: &str) -> io::Result<ExitCode> {
    let _ = writeln!(anstream::stderr(), "giroscope: {message}");
    Ok(ExitCode::from(2))
}

/// The inputs in the order given: directories are walked recursively in name order, and
/// `--files-from` adds one path per line.
fn collect_sources(inputs: &[PathBuf], files_from: Option<&Path>) -> io::Result<Vec<Source>> {
    let mut paths: Vec<PathBuf> = inputs.to_vec();
    if let Some(list) = files_from {
        let text = if list.as_os_str() == "-" {
            let mut text = String::new();
            io::stdin().lock().read_to_string(&mut text)?;
            text
        } else {
            std::fs::read_to_string(list)?
        };
        paths.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(PathBuf::from),
        );
    }
    if paths.is_empty() && files_from.is_none() {
        paths.push(PathBuf::from("-"));
    }
    let mut sources = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            sources.push(Source::Stdin);
        } else if path.is_dir() {
            walk(&path, &mut sources);
        } else {
            sources.push(Source::Path(path));
        }
    }
    Ok(sources)
}

/// File types a directory walk picks up: payload text, images and PDFs. Files named on the
/// command line are always read, whatever their name; inside directories, a print run's
/// manifest or README is not a notice.
const WALKED: [&str; 11] = [
    "pdf", "png", "jpg", "jpeg", "webp", "gif", "bmp", "tif", "tiff", "txt", "jpe",
];

fn walk(dir: &Path, sources: &mut Vec<Source>) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(error) => {
            sources.push(Source::Broken(dir.to_path_buf(), error));
            return;
        }
    };
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| WALKED.contains(&e.to_ascii_lowercase().as_str()));
        if path.is_dir() {
            walk(&path, sources);
        } else if wanted {
            sources.push(Source::Path(path));
        }
    }
}

fn read_source(source: &Source, options: &Options) -> Result<Vec<u8>, Error> {
    match source {
        Source::Stdin => read_input(Path::new("-"), options),
        Source::Path(path) => read_input(path, options),
        Source::Broken(_, error) => Err(Error::Unreadable(io::Error::new(
            error.kind(),
            error.to_string(),
        ))),
    }
}

/// Reads a path or standard input, refusing anything over the input limit before reading it
/// whole.
fn read_input(path: &Path, options: &Options) -> Result<Vec<u8>, Error> {
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
