//! `giroscope serve` (logging, the runtime, the server's settings from the flags) and
//! `giroscope probe`, the health check for images without a shell.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use giroscope::Options;

use crate::cli::{LogFormat, ServeArgs, SiteArgs};

pub fn serve(args: ServeArgs) -> io::Result<ExitCode> {
    use std::time::Duration;
    // Logs carry method, path, status, latency and finding codes; never content.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr);
    match args.log_format {
        LogFormat::Json => logs.json().flatten_event(true).init(),
        LogFormat::Text => logs.with_ansi(io::stderr().is_terminal()).init(),
    }
    let (payees, payee_list) = match args
        .site
        .payees
        .as_deref()
        .map(crate::read_payee_list)
        .transpose()
    {
        Ok(list) => list.unzip(),
        Err(error) => return crate::run::fail(&error),
    };
    let defaults = giroscope_server::Config::default();
    let config = giroscope_server::Config {
        options: Options {
            pdf_renderer: args.limits.pdf_renderer(),
            limits: args.limits.limits_over(giroscope_server::Config::limits()),
            payees,
            ..Options::default()
        },
        max_body_bytes: args.max_body_mb.saturating_mul(1024 * 1024),
        workers: args.workers.map_or(defaults.workers, |w| w.max(1)),
        queue_wait: Duration::from_secs_f32(args.queue_wait),
        request_timeout: Duration::from_secs_f32(args.request_timeout),
        max_uploads: args.max_uploads.max(1),
        max_per_client: args.max_per_client.max(1),
        trust_forwarded_for: args.trust_forwarded_for,
        body_timeout: Duration::from_secs_f32(args.body_timeout),
        min_body_rate: args.min_body_rate.saturating_mul(1000).max(1),
        shutdown_delay: Duration::from_secs_f32(args.shutdown_delay),
        shutdown_grace: Duration::from_secs_f32(args.shutdown_grace),
        operator: args.site.operator(),
        payee_list,
    };
    if config.operator.imprint_url.is_none() {
        tracing::warn!(
            "no --imprint-url: a public service in Germany must link its legal notice (Impressum)"
        );
    }
    if let Some(payees) = &config.options.payees {
        tracing::info!(accounts = payees.len(), "trusted payees loaded");
    }
    let runtime = tokio::runtime::Runtime::new()?;
    let served = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr).await?;
        tracing::info!(address = %listener.local_addr()?, workers = config.workers, "giroscope serving");
        giroscope_server::serve(listener, config).await
    });
    // Checks still running were cancelled and stop within a reading step; do not wait for
    // a straggler longer than that.
    runtime.shutdown_timeout(Duration::from_secs(1));
    served?;
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// `giroscope site DIR`: the page and every file beside it, as `serve` serves them but for a
/// static web server (no fallback to a server, no forms). Prints what it wrote.
pub fn site(out: &mut impl Write, dir: &std::path::Path, args: &SiteArgs) -> io::Result<ExitCode> {
    use giroscope_server::assets::{Mode, STATIC_MAX_BYTES, Site};
    let payee_list = match args
        .payees
        .as_deref()
        .map(crate::read_payee_list)
        .transpose()
    {
        Ok(list) => list.map(|(_, text)| text),
        Err(error) => return crate::run::fail(&error),
    };
    let operator = args.operator();
    if operator.imprint_url.is_none() {
        writeln!(
            anstream::stderr(),
            "giroscope: warning: no --imprint-url: a public service in Germany must link its legal notice (Impressum)"
        )?;
    }
    let site = Site::new(
        &operator,
        payee_list.as_deref(),
        STATIC_MAX_BYTES,
        Mode::Static,
    );
    std::fs::create_dir_all(dir).map_err(|e| named(dir, e))?;
    let mut total = 0;
    for file in site.files() {
        let path = dir.join(file.path);
        std::fs::write(&path, &file.bytes).map_err(|e| named(&path, e))?;
        writeln!(out, "{:>9}  {}", file.bytes.len(), path.display())?;
        total += file.bytes.len();
    }
    writeln!(out, "{total:>9}  in all")?;
    Ok(ExitCode::SUCCESS)
}

fn named(path: &std::path::Path, error: io::Error) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

/// `giroscope probe`: one GET over plain HTTP/1.1, exit code 0 for 2xx.
pub fn probe(
    addr: std::net::SocketAddr,
    path: &str,
    timeout: std::time::Duration,
) -> io::Result<ExitCode> {
    use std::io::Read;
    let mut addr = addr;
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr {
            std::net::SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            std::net::SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    let answer = (|| -> io::Result<String> {
        let mut stream = std::net::TcpStream::connect_timeout(&addr, timeout)?;
        stream.set_read_timeout(Some(timeout))?;
        stream.set_write_timeout(Some(timeout))?;
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )?;
        let mut head = Vec::new();
        stream.take(4096).read_to_end(&mut head)?;
        Ok(String::from_utf8_lossy(&head).into_owned())
    })();
    let mut err = anstream::stderr();
    match answer {
        Ok(text) => {
            let status = text.split(' ').nth(1).unwrap_or("").to_owned();
            let _ = writeln!(err, "giroscope probe: {addr}{path}: {status}");
            Ok(if status.starts_with('2') {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Err(error) => {
            let _ = writeln!(err, "giroscope probe: {addr}{path}: {error}");
            Ok(ExitCode::FAILURE)
        }
    }
}
