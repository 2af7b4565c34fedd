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
use giroscope::render::qa::QaReport;
use giroscope::render::{self, Summary};
use giroscope::{Error, Lang, Options, SourceReport};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::cli::{CheckArgs, Engines, Format};
use crate::pictures;

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
    let payees = match args.payees.as_deref().map(crate::read_payees).transpose() {
        Ok(payees) => payees,
        Err(error) => return fail(&error),
    };
    let options = Options {
        all_engines: args.engines == Engines::All,
        dpi: args.dpi,
        pdf_renderer: args.limits.pdf_renderer(),
        limits: args.limits.limits(),
        payees,
        code_pages: args.code_pages.clone(),
    };
    let manifest = match &args.expect {
        None => None,
        Some(path) => match std::fs::read(path) {
            Ok(bytes) => match Manifest::read(&bytes, args.expect_encoding) {
                Ok(manifest) => {
                    if !args.quiet {
                        note_manifest(path, &manifest, lang);
                    }
                    Some(manifest)
                }
                Err(error) => {
                    return fail(&format!("{}: {}", path.display(), error.message(lang)));
                }
            },
            Err(error) => return fail(&format!("{}: {error}", path.display())),
        },
    };
    let Collected {
        sources,
        mut skipped,
    } = match collect_sources(&args.inputs, args.files_from.as_deref()) {
        Ok(collected) => collected,
        Err(error) => return fail(&error.to_string()),
    };
    let sources = match args.shard {
        Some(shard) => {
            // Files skipped by extension are listed once in a sharded run: by the first shard.
            if shard.index > 0 {
                skipped.clear();
            }
            shard.of(sources)
        }
        None => sources,
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
    let mut batch = Batch::new(manifest).code_pages(args.code_pages.clone());
    let mut summary = Summary {
        skipped: skipped.iter().map(|p| p.display().to_string()).collect(),
        ..Summary::new(args.fail_on.into())
    };
    let mut kept = Vec::new();
    // The QA view keeps table cells, not reports, so a 20,000-page run stays small.
    let mut qa = (args.format == Format::Html || args.annotate.is_some()).then(QaReport::new);
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
            if let Some(qa) = &mut qa {
                qa.add(&report, batch.manifest());
            }
            match args.format {
                Format::Human => {
                    if !first {
                        writeln!(out)?;
                    }
                    // Flushed while the bar is away, so a long run streams under it.
                    progress.suspend(|| {
                        render::human::write_source(out, &report, lang)?;
                        out.flush()
                    })?;
                }
                Format::Jsonl => progress.suspend(|| {
                    render::json::write_line(out, &report, lang)?;
                    out.flush()
                })?,
                Format::Json | Format::Junit => kept.push(report),
                Format::Html => {}
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
        Format::Junit => render::junit::write_report(out, &kept, lang, args.fail_on.into())?,
        Format::Jsonl => {}
        Format::Html => {
            if let Some(qa) = &mut qa {
                pictures::thumbnails(qa, &options);
                render::qa::html::write(out, qa, &summary, lang)?;
            }
        }
    }
    if let (Some(dir), Some(qa)) = (&args.annotate, &qa) {
        match pictures::annotate(qa, dir, &options, lang) {
            Ok(written) if !args.quiet => {
                let _ = writeln!(
                    anstream::stderr(),
                    "giroscope: {} {} {}",
                    written,
                    lang.pick(
                        "Bilder markierter Seiten in",
                        "pictures of flagged pages in"
                    ),
                    dir.display()
                );
            }
            Ok(_) => {}
            Err(error) => return fail(&format!("{}: {error}", dir.display())),
        }
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
            giroscope::finding::echo(&row.file)
        );
    }
    Ok(ExitCode::from(summary.outcome().exit_code()))
}

/// Says how the manifest was read, so a wrong guess shows before any notice is compared.
fn note_manifest(path: &Path, manifest: &Manifest, lang: Lang) {
    let delimiter = match manifest.delimiter() {
        ';' => lang.pick("Semikolon", "semicolons"),
        '\t' => lang.pick("Tabulator", "tabs"),
        _ => lang.pick("Komma", "commas"),
    };
    let _ = writeln!(
        anstream::stderr(),
        "giroscope: {}: {} {} ({}, {delimiter})",
        path.display(),
        manifest.rows().len(),
        lang.pick("Zeilen", "rows"),
        manifest.encoding().name(),
    );
}

pub fn fail(message: &str) -> io::Result<ExitCode> {
    let _ = writeln!(anstream::stderr(), "giroscope: {message}");
    Ok(ExitCode::from(2))
}

/// What a run reads, and the files its directory walks passed over.
struct Collected {
    sources: Vec<Source>,
    skipped: Vec<PathBuf>,
}

/// The inputs in the order given: directories are walked recursively in name order, and
/// `--files-from` adds one path per line.
fn collect_sources(inputs: &[PathBuf], files_from: Option<&Path>) -> io::Result<Collected> {
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
    let mut walk = Walk::default();
    for path in paths {
        if path.as_os_str() == "-" {
            walk.sources.push(Source::Stdin);
        } else if path.is_dir() {
            walk.dir(&path);
        } else {
            walk.sources.push(Source::Path(path));
        }
    }
    Ok(Collected {
        sources: walk.sources,
        skipped: walk.skipped,
    })
}

/// File types a directory walk picks up: payload text, images and PDFs, and the photo formats
/// giroscope cannot read (HEIC, AVIF, JPEG 2000, JPEG XL), which are reported as such rather
/// than dropped. Files named on the command line are always read, whatever their name; inside
/// directories, a print run's manifest or README is not a notice.
const WALKED: [&str; 20] = [
    "pdf", "png", "jpg", "jpeg", "jpe", "jfif", "webp", "gif", "bmp", "tif", "tiff", "txt", "heic",
    "heif", "avif", "jp2", "j2k", "jpf", "jpx", "jxl",
];

#[derive(Default)]
struct Walk {
    sources: Vec<Source>,
    skipped: Vec<PathBuf>,
    /// Directories entered, so a symbolic link back up the tree is walked once.
    seen: std::collections::HashSet<PathBuf>,
}

impl Walk {
    fn dir(&mut self, dir: &Path) {
        if let Ok(real) = dir.canonicalize()
            && !self.seen.insert(real)
        {
            return;
        }
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(error) => {
                self.sources.push(Source::Broken(dir.to_path_buf(), error));
                return;
            }
        };
        entries.sort();
        for path in entries {
            // Hidden files are left out as `ls` leaves them out, so the counts match it.
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
                self.dir(&path);
            } else if wanted {
                self.sources.push(Source::Path(path));
            } else {
                self.skipped.push(path);
            }
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
pub fn read_input(path: &Path, options: &Options) -> Result<Vec<u8>, Error> {
    let limit = options.limits.max_input_bytes;
    let (reader, size): (Box<dyn Read>, u64) = if path.as_os_str() == "-" {
        (Box::new(io::stdin().lock()), 0)
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
        (Box::new(file), metadata.len())
    };
    // Sized from the file's length (within the limit, checked above), so a photo is read in one
    // call into one allocation rather than a dozen growing ones.
    let mut bytes = Vec::with_capacity(usize::try_from(size.saturating_add(1)).unwrap_or(0));
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
