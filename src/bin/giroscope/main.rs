//! The `giroscope` command: a thin front end over the library. Arguments are parsed in `cli`,
//! batches of inputs run in `run`; this file only dispatches.

mod cli;
mod run;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use cli::{Cli, Command, Format};
use giroscope::Options;
use giroscope::render;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = anstream::stdout().lock();
    let result = match cli.command {
        Command::Check(args) => run::check(&mut out, args),
        Command::Serve {
            addr,
            max_body_mb,
            workers,
            max_uploads,
            request_timeout,
            limits,
            site,
        } => {
            let defaults = giroscope::server::Config::default();
            match site.payees.as_deref().map(read_payees).transpose() {
                Err(error) => run::fail(&error),
                Ok(payees) => serve(
                    addr,
                    giroscope::server::Config {
                        options: Options {
                            limits: limits.limits(),
                            payees,
                            ..Options::default()
                        },
                        max_body_bytes: max_body_mb.saturating_mul(1024 * 1024),
                        workers: workers.map_or(defaults.workers, |w| w.max(1)),
                        request_timeout: std::time::Duration::from_secs_f32(request_timeout),
                        max_uploads: max_uploads.max(1),
                        operator: site.operator(),
                    },
                ),
            }
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

/// Reads a payee list (`--payees`), for `check` and `serve` alike.
fn read_payees(
    path: &std::path::Path,
) -> Result<std::sync::Arc<giroscope::payees::Payees>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    giroscope::payees::Payees::parse(&text)
        .map(std::sync::Arc::new)
        .map_err(|e| format!("{}: {e}", path.display()))
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
    if config.operator.imprint_url.is_none() {
        tracing::warn!(
            "no --imprint-url: a public service in Germany must link its legal notice (Impressum)"
        );
    }
    if let Some(payees) = &config.options.payees {
        tracing::info!(accounts = payees.len(), "trusted payees loaded");
    }
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        tracing::info!(address = %listener.local_addr()?, "giroscope serving");
        giroscope::server::serve(listener, config).await
    })?;
    Ok(ExitCode::SUCCESS)
}
