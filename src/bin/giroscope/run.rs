//! `giroscope check` over many inputs: collects them (walking directories, `--files-from`),
//! reads them in parallel a chunk at a time, and writes results in the order given, with a
//! progress bar and a closing summary.

use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use giroscope::batch::Batch;
use giroscope::expect::Manifest;
use giroscope::render::{self, Summary};
use giroscope::{Error, Lang, Options, SourceReport};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::cli::{CheckArgs, Engines, Format};

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

pub fn check(out: &mut dyn Write, args: CheckArgs) -> io::Result<ExitCode> {
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
    // One input is read on this thread: starting rayon's pool costs more than it saves (its
    // idle workers spin for tens of milliseconds beside the one doing the work).
    let single = sources.len() == 1;
    let chunk = if single {
        1
    } else {
        rayon::current_num_threads().max(1) * 4
    };
    let report = |source: &Source| SourceReport {
        source: source.name(),
        outcome: read_source(source, &options)
            .and_then(|bytes| giroscope::verify(&bytes, &options)),
    };
    for sources in sources.chunks(chunk) {
        let names: Vec<String> = sources.iter().map(Source::name).collect();
        progress.set_message(names.join(", "));
        let mut reports: Vec<SourceReport> = if single {
            sources.iter().map(report).collect()
        } else {
            sources.par_iter().map(report).collect()
        };
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

pub fn fail(message: &str) -> io::Result<ExitCode> {
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
