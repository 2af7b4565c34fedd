//! The integration tests: one binary, one module per concern.

/// Helpers: building payloads, running the CLI, locating samples, drawing codes.
mod util;

/// The synthetic-notice generator, shared with the sample generator and the benchmarks.
#[allow(dead_code)]
#[path = "../support/notice.rs"]
mod notice;

/// The QR symbol's own rules, on generated symbols.
mod symbols;

/// Print defects for the readability verdict, shared with the calibration panel.
#[allow(dead_code)]
#[path = "../support/defects.rs"]
mod defects;

/// The readability verdict on print defects and faint prints.
mod readability;

/// Every rule, one table line per case: a single mutation of a valid payload → exact codes.
mod rules;

/// QR symbols with forced version, level, mask and damage, shared with the reader's unit tests.
#[path = "../support/qr.rs"]
mod qr;

/// Generated payloads: every valid one is valid; one defect gives exactly its finding.
mod properties;

/// The bundled samples in samples/payloads/ produce the codes their manifest lists.
mod samples;

/// The `giroscope` binary: exit codes, stdin, files, formats, JSON schema.
mod cli;

/// Images: codes found with their corners, other codes, no code, hostile files.
mod images;

/// PDFs: page by page, millimetres, encryption, page and pixel limits.
mod pdfs;

/// Multi-page TIFF scans: every page read and numbered, page and pixel limits.
mod tiffs;

/// The hand-written PDF writer and the notice run it makes, shared with the sample generator.
#[allow(dead_code)]
#[path = "../support/pdf.rs"]
mod pdf;
#[allow(dead_code)]
#[path = "../support/pdf_notices.rs"]
mod pdf_notices;

/// Notices with a text layer, written with pdf-writer as office software writes them.
#[path = "../support/text_notices.rs"]
mod text_notices;

/// The code compared with what its notice says: every field, page by page, --code-pages.
mod notices;

/// Batches: expected data, duplicate references, directories, file lists, JSONL, JUnit.
mod batch;

/// The HTTP server: every route in process, one real server on a loopback port.
mod server;

/// The server as an attacker meets it: cancellation on timeout, disconnect and SIGTERM, slow
/// bodies, per-client limits, over real sockets.
mod hostile;

/// PDFs made to hurt: page budgets in process, worker processes in the CLI and the server.
mod hostile_pdfs;

/// Running it for a town: environment settings, JSON logs, the probe, print-run shards.
mod deploy;

/// The hostile-load scenario, shared with `benches/load` (a short run is in `ceilings`).
#[path = "../support/load.rs"]
mod load;

/// schemathesis against /openapi.json on a loopback server (skips without schemathesis).
mod api;

/// The page in Debian's Chromium against a real server (skips without a browser).
mod web;

/// The QA report (--format html) and --annotate, also in Debian's Chromium.
mod qa_report;

/// The symbol reader against zxing-cpp's and ZXing's reports on the public corpora.
mod corpus;

/// Real phone photos: the same report under load; engine panics stay off stderr.
mod photos;

/// Peak memory of a real server process: the largest photo, the largest PDF page, 16 uploads,
/// and 6 s of the hostile-load benchmark.
mod ceilings;

/// Hostile and oversized input: named errors or findings, never a panic.
mod limits;

/// The browser module in Node: the command line's JSON document, byte for byte; the npm
/// package and its types.
mod wasm;

/// Camera frames cut from a sample photo, shared with `examples/frames.rs`.
#[path = "../support/frames.rs"]
mod frames;
