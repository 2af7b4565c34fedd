//! The `giroscope` command: a thin front end over the library. Arguments are parsed in `cli`,
//! batches of inputs run in `run`, the server and its probe in `serve`; this file only
//! dispatches.

mod cli;
mod pictures;
mod run;
mod serve;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use cli::{Cli, Command, Format};
use giroscope::render;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Block-buffered: a line-buffered JSON report costs a system call per line (~150 for one
    // photo). `run::check` flushes after every streamed report, so long runs still stream.
    // Colours are stripped where the output is not a terminal, and a stripping stream also
    // drops DEL (0x7f): machine formats go out byte for byte, as a payload holds them.
    let raw = matches!(&cli.command, Command::Check(args) if args.format != Format::Human);
    let mut out: io::BufWriter<Box<dyn Write>> = io::BufWriter::new(if raw {
        Box::new(io::stdout().lock())
    } else {
        Box::new(anstream::stdout().lock())
    });
    let result = match cli.command {
        Command::Check(args) => match args.output.clone() {
            None => run::check(&mut out, args),
            Some(path) => std::fs::File::create(&path)
                .map_err(|error| {
                    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
                })
                .and_then(|file| {
                    // A file gets no colours, as a redirected standard output does not.
                    let mut buffered = io::BufWriter::new(file);
                    let code = if args.format == Format::Human {
                        let raw: &mut dyn Write = &mut buffered;
                        run::check(&mut anstream::StripStream::new(raw), args)?
                    } else {
                        run::check(&mut buffered, args)?
                    };
                    buffered.flush().map(|()| code)
                }),
        },
        Command::Serve(args) => serve::serve(args),
        Command::Site { dir, site } => serve::site(&mut out, &dir, &site),
        Command::Probe {
            addr,
            path,
            timeout,
        } => serve::probe(addr, &path, std::time::Duration::from_secs_f32(timeout)),
        Command::Rules { format, lang } => {
            let rules = giroscope::rules::ALL;
            match format {
                Format::Json | Format::Jsonl => {
                    render::json::write_rules(&mut out, rules, lang.into())
                }
                Format::Human | Format::Junit | Format::Html => {
                    render::human::write_rules(&mut out, rules, lang.into())
                }
            }
            .map(|()| ExitCode::SUCCESS)
        }
        Command::PdfWorker { memory_limit } => {
            let code =
                giroscope::pdf::worker::serve(memory_limit, io::stdin().lock(), io::stdout());
            return ExitCode::from(code);
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

/// Reads a payee list (`--payees`), for `check` and `serve` alike.
pub(crate) fn read_payees(
    path: &std::path::Path,
) -> Result<std::sync::Arc<giroscope::payees::Payees>, String> {
    read_payee_list(path).map(|(payees, _)| payees)
}

/// Reads a payee list and keeps its text, which the page hands the browser module.
pub(crate) fn read_payee_list(
    path: &std::path::Path,
) -> Result<(std::sync::Arc<giroscope::payees::Payees>, String), String> {
    let named = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let file = std::fs::File::open(path).map_err(|e| named(&e))?;
    let mut bytes = Vec::new();
    // One more byte than a list may have, so that `read` refuses a list too large.
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, giroscope::payees::Payees::MAX_BYTES + 1),
        &mut bytes,
    )
    .map_err(|e| named(&e))?;
    let payees = giroscope::payees::Payees::read(bytes.as_slice()).map_err(|e| named(&e))?;
    // `read` took it, so it is UTF-8.
    let text = String::from_utf8(bytes).map_err(|e| named(&e))?;
    Ok((std::sync::Arc::new(payees), text))
}
