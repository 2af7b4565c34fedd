//! PDFs opened and rendered in worker processes, as Chromium runs PDFium: an abort, a stack
//! overflow or runaway memory in a dependency costs one document, never the process that
//! asked.
//!
//! A worker is the `giroscope` binary started as `giroscope pdf-worker` (hidden). It limits its
//! own address space (`RLIMIT_AS`) first, then reads one PDF from standard input and answers
//! requests on standard output: the plan of every page, then pages rendered to luma and pages'
//! text. The
//! parent waits for each answer while watching the check's cancel token and the wall-clock
//! safety net, and kills the worker when either fires, so a check stops within one poll
//! (25 ms) even in the middle of rendering a page. When a worker dies, the page it was
//! rendering is reported with what happened (its memory limit, a crash) and the next page
//! gets a new worker. Pages of one document are rendered by as many workers as there are
//! threads asking, each holding its own copy of the document.
//!
//! The frames are little-endian: the parent sends `GSPW`, a length-prefixed JSON header (the
//! limits and resolution) and the PDF bytes, then one request a frame (`P` for the plan, `R`
//! with a page index and resolution). The worker answers each with a tag, a length and a body:
//! the plan or an open error as JSON, a page's pixels, its text as JSON (`T` with a page
//! index), or a page error as JSON.

use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use image::GrayImage;

use super::{Document, Opened, PageError, PagePlan, Rasterize, Stop};
use crate::error::Error;
use crate::limits::Limits;
use crate::notice::PageText;
use crate::{CancelToken, Options};

/// The argument that starts the binary as a worker.
pub const WORKER_COMMAND: &str = "pdf-worker";

/// The default address-space limit of a worker: 2 GiB, twice what the largest page the
/// budgets allow needs (a 50-megapixel page's RGBA pixmap and luma, its images and streams).
pub const DEFAULT_MEMORY_LIMIT: u64 = 2 * 1024 * 1024 * 1024;

/// How often a waiting parent looks at the cancel token and the clock.
const POLL: Duration = Duration::from_millis(25);

const MAGIC: &[u8; 4] = b"GSPW";

/// Opens PDFs in worker processes.
#[derive(Debug, Clone)]
pub struct Isolated {
    program: PathBuf,
    memory_limit: u64,
}

impl Isolated {
    /// Workers started from `program` (the `giroscope` binary: `std::env::current_exe()`), each
    /// limited to [`DEFAULT_MEMORY_LIMIT`] bytes of address space.
    pub fn new(program: PathBuf) -> Isolated {
        Isolated {
            program,
            memory_limit: DEFAULT_MEMORY_LIMIT,
        }
    }

    /// The same with another address-space limit, in bytes.
    pub fn with_memory_limit(mut self, bytes: u64) -> Isolated {
        self.memory_limit = bytes;
        self
    }
}

/// What a worker needs besides the PDF.
#[derive(serde::Serialize, serde::Deserialize)]
struct Header {
    limits: Limits,
    dpi: f32,
}

/// A document-level failure, as it crosses the pipe.
#[derive(serde::Serialize, serde::Deserialize)]
enum OpenError {
    Password,
    Corrupt(String),
    NoReadablePage,
    TooManyPages { pages: u64, limit: u64 },
}

impl From<OpenError> for Error {
    fn from(error: OpenError) -> Error {
        match error {
            OpenError::Password => Error::PasswordProtected,
            OpenError::Corrupt(detail) => Error::Corrupt {
                format: "PDF",
                detail,
            },
            OpenError::NoReadablePage => Error::NoReadablePage,
            OpenError::TooManyPages { pages, limit } => Error::TooManyPages {
                format: "PDF",
                pages,
                limit,
            },
        }
    }
}

/// One answer from a worker.
enum Reply {
    Plan(Vec<PagePlan>),
    OpenFailed(OpenError),
    Page(GrayImage),
    Text(PageText),
    PageFailed(PageError),
}

/// Why waiting for a worker's answer ended without one.
enum Lost {
    /// The worker stopped; what happened, for the issuer.
    Died(String),
    TimedOut,
    Cancelled,
}

impl Rasterize for Isolated {
    fn open(
        &self,
        bytes: &[u8],
        options: &Options,
        stop: &Stop<'_>,
    ) -> Result<Box<dyn Opened>, Error> {
        let shared = Arc::new(Shared {
            isolated: self.clone(),
            bytes: bytes.to_vec(),
            max_pixels: options.limits.max_pixels,
            header: serde_json::to_vec(&Header {
                limits: options.limits.clone(),
                dpi: options.dpi,
            })
            .expect("a header serialises"),
        });
        let mut worker =
            Worker::spawn(&shared).map_err(|detail| Error::PdfReaderFailed { detail })?;
        let plan = match worker.ask(b"P", stop) {
            Ok(Reply::Plan(plan)) => plan,
            Ok(Reply::OpenFailed(error)) => return Err(error.into()),
            Ok(_) => {
                return Err(Error::PdfReaderFailed {
                    detail: "the PDF reader answered out of turn".into(),
                });
            }
            Err(Lost::Died(detail)) => return Err(Error::PdfReaderFailed { detail }),
            Err(Lost::TimedOut) => {
                return Err(Error::TimedOut {
                    seconds: options.limits.max_decode_time.as_secs_f32(),
                });
            }
            Err(Lost::Cancelled) => return Err(Error::Cancelled),
        };
        Ok(Box::new(IsolatedDocument {
            shared,
            plan,
            idle: Mutex::new(vec![worker]),
        }))
    }
}

/// What every worker of one document is started with.
struct Shared {
    isolated: Isolated,
    bytes: Vec<u8>,
    /// The largest page a worker may send back.
    max_pixels: u64,
    header: Vec<u8>,
}

struct IsolatedDocument {
    shared: Arc<Shared>,
    plan: Vec<PagePlan>,
    /// Workers with the document open and nothing to do.
    idle: Mutex<Vec<Worker>>,
}

impl Opened for IsolatedDocument {
    fn plan(&self) -> &[PagePlan] {
        &self.plan
    }

    fn render(&self, index: usize, dpi: f32, stop: &Stop<'_>) -> Result<GrayImage, PageError> {
        let mut request = vec![b'R'];
        request.extend_from_slice(&(index as u64).to_le_bytes());
        request.extend_from_slice(&dpi.to_le_bytes());
        match self.ask(&request, stop)? {
            Reply::Page(luma) => Ok(luma),
            _ => Err(PageError::RenderFailed {
                detail: "the PDF reader answered out of turn".into(),
            }),
        }
    }

    fn text(&self, index: usize, stop: &Stop<'_>) -> Result<PageText, PageError> {
        let mut request = vec![b'T'];
        request.extend_from_slice(&(index as u64).to_le_bytes());
        match self.ask(&request, stop)? {
            Reply::Text(text) => Ok(text),
            _ => Err(PageError::RenderFailed {
                detail: "the PDF reader answered out of turn".into(),
            }),
        }
    }
}

impl IsolatedDocument {
    /// Asks an idle worker (or a new one) about one page; a page error is the worker's answer.
    fn ask(&self, request: &[u8], stop: &Stop<'_>) -> Result<Reply, PageError> {
        let idle = self.idle.lock().map(|mut idle| idle.pop()).unwrap_or(None);
        let mut worker = match idle {
            Some(worker) => worker,
            None => {
                Worker::spawn(&self.shared).map_err(|detail| PageError::RenderFailed { detail })?
            }
        };
        match worker.ask(request, stop) {
            Ok(reply) => {
                if let Ok(mut idle) = self.idle.lock() {
                    idle.push(worker);
                }
                match reply {
                    Reply::PageFailed(error) => Err(error),
                    reply => Ok(reply),
                }
            }
            // The worker is dropped, and so killed: a page that went wrong may have left it in
            // any state.
            Err(Lost::Died(detail)) => Err(PageError::RenderFailed { detail }),
            Err(Lost::TimedOut) => Err(PageError::TimedOut),
            Err(Lost::Cancelled) => Err(PageError::Cancelled),
        }
    }
}

/// A running worker with the document open.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    replies: Receiver<io::Result<Reply>>,
    stderr: Arc<Mutex<Vec<u8>>>,
    memory_limit: u64,
}

impl Worker {
    /// Starts a worker and sends it the document.
    fn spawn(shared: &Shared) -> Result<Worker, String> {
        let mut child = Command::new(&shared.isolated.program)
            .arg(WORKER_COMMAND)
            .arg(shared.isolated.memory_limit.to_string())
            // One thread: the parent runs as many workers as it has threads asking, and every
            // thread's malloc arena would count against the address-space limit.
            .env("RAYON_NUM_THREADS", "1")
            .env("MALLOC_ARENA_MAX", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|error| format!("the PDF reader could not be started: {error}"))?;
        let (Some(mut stdin), Some(stdout), Some(mut stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err("the PDF reader's pipes could not be opened".into());
        };
        let max_pixels = shared.max_pixels;
        let (sender, replies) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut stdout = BufReader::with_capacity(1 << 20, stdout);
            loop {
                let reply = read_reply(&mut stdout, max_pixels);
                let failed = reply.is_err();
                if sender.send(reply).is_err() || failed {
                    return;
                }
            }
        });
        // The worker's own words are kept (the last 64 KB) to tell an exhausted memory limit
        // from a crash; they are never printed.
        let kept = Arc::new(Mutex::new(Vec::new()));
        let writer = Arc::clone(&kept);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(read @ 1..) = stderr.read(&mut buffer) {
                if let Ok(mut kept) = writer.lock() {
                    kept.extend_from_slice(&buffer[..read]);
                    let excess = kept.len().saturating_sub(64 * 1024);
                    kept.drain(..excess);
                }
            }
        });
        // A worker that dies while reading the document is found out by the first request.
        let _ = send_document(&mut stdin, shared);
        Ok(Worker {
            child,
            stdin,
            replies,
            stderr: kept,
            memory_limit: shared.isolated.memory_limit,
        })
    }

    /// Sends one request and waits for its answer, or for the worker's end, the safety net or
    /// cancellation, whichever comes first.
    fn ask(&mut self, request: &[u8], stop: &Stop<'_>) -> Result<Reply, Lost> {
        let sent = self
            .stdin
            .write_all(request)
            .and_then(|()| self.stdin.flush());
        loop {
            if stop.cancel.is_cancelled() {
                return Err(Lost::Cancelled);
            }
            let wait = stop.deadline.remaining().unwrap_or(POLL);
            if wait.is_zero() {
                return Err(Lost::TimedOut);
            }
            match self.replies.recv_timeout(wait.min(POLL)) {
                Ok(Ok(reply)) if sent.is_ok() => return Ok(reply),
                Ok(Ok(_)) | Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => {
                    return Err(Lost::Died(self.cause()));
                }
                Err(RecvTimeoutError::Timeout) => {}
            }
        }
    }

    /// Why the worker stopped, from its exit status and its last words.
    fn cause(&mut self) -> String {
        let status = self.child.wait();
        let said = self
            .stderr
            .lock()
            .map(|kept| String::from_utf8_lossy(&kept).into_owned())
            .unwrap_or_default();
        if said.contains("memory allocation of") || said.contains("out of memory") {
            return format!(
                "the PDF reader ran out of its {} MB memory limit",
                self.memory_limit / (1024 * 1024)
            );
        }
        if said.contains("has overflowed its stack") {
            return "the PDF reader overflowed its stack".into();
        }
        match status {
            Ok(status) => describe(status),
            Err(_) => "the PDF reader stopped".into(),
        }
    }
}

fn send_document(stdin: &mut ChildStdin, shared: &Shared) -> io::Result<()> {
    stdin.write_all(MAGIC)?;
    stdin.write_all(&(shared.header.len() as u64).to_le_bytes())?;
    stdin.write_all(&shared.header)?;
    stdin.write_all(&(shared.bytes.len() as u64).to_le_bytes())?;
    stdin.write_all(&shared.bytes)?;
    stdin.flush()
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn describe(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (_, Some(6)) => "the PDF reader aborted".into(),
        (_, Some(signal)) => format!("the PDF reader was stopped by signal {signal}"),
        (Some(code), _) => format!("the PDF reader stopped with exit code {code}"),
        _ => "the PDF reader stopped".into(),
    }
}

fn read_u64(reader: &mut impl Read) -> io::Result<u64> {
    let mut bytes = [0u8; 8];
    reader.read_exact(&mut bytes)?;
    Ok(u64::from_le_bytes(bytes))
}

fn read_frame(reader: &mut impl Read, max: u64) -> io::Result<Vec<u8>> {
    let len = read_u64(reader)?;
    if len > max {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "frame too long"));
    }
    let mut body = vec![0u8; len as usize];
    reader.read_exact(&mut body)?;
    Ok(body)
}

fn invalid(error: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, error.to_string())
}

/// Reads one answer; the worker is trusted no further than the budgets it was given.
fn read_reply(reader: &mut impl Read, max_pixels: u64) -> io::Result<Reply> {
    let mut tag = [0u8; 1];
    reader.read_exact(&mut tag)?;
    let max_json = 64 * 1024 * 1024;
    match tag[0] {
        b'P' => serde_json::from_slice(&read_frame(reader, max_json)?)
            .map(Reply::Plan)
            .map_err(invalid),
        b'E' => serde_json::from_slice(&read_frame(reader, max_json)?)
            .map(Reply::OpenFailed)
            .map_err(invalid),
        b'T' => serde_json::from_slice(&read_frame(reader, max_json)?)
            .map(Reply::Text)
            .map_err(invalid),
        b'F' => serde_json::from_slice(&read_frame(reader, max_json)?)
            .map(Reply::PageFailed)
            .map_err(invalid),
        b'I' => {
            let mut size = [0u8; 8];
            reader.read_exact(&mut size)?;
            let width = u32::from_le_bytes([size[0], size[1], size[2], size[3]]);
            let height = u32::from_le_bytes([size[4], size[5], size[6], size[7]]);
            let pixels = u64::from(width) * u64::from(height);
            if pixels > max_pixels {
                return Err(invalid("page larger than the pixel budget"));
            }
            let mut luma = vec![0u8; pixels as usize];
            reader.read_exact(&mut luma)?;
            GrayImage::from_raw(width, height, luma)
                .map(Reply::Page)
                .ok_or_else(|| invalid("page size"))
        }
        other => Err(invalid(format!("unknown answer {other}"))),
    }
}

fn write_json(out: &mut impl Write, tag: u8, value: &impl serde::Serialize) -> io::Result<()> {
    let body = serde_json::to_vec(value).map_err(invalid)?;
    out.write_all(&[tag])?;
    out.write_all(&(body.len() as u64).to_le_bytes())?;
    out.write_all(&body)?;
    out.flush()
}

/// The worker's side: limits its address space to `memory_limit` bytes, reads the document
/// from `input`, and answers requests on `output` until `input` ends. Returns the exit code.
///
/// Panics raised by the renderer are caught page by page; anything that escapes ends the
/// process, which the parent reports for the page it asked for.
pub fn serve(memory_limit: u64, input: impl Read, output: impl Write) -> u8 {
    // Nothing a worker's panic says is for anyone to read: the parent reports the page.
    std::panic::set_hook(Box::new(|_| {}));
    if rlimit::setrlimit(rlimit::Resource::AS, memory_limit, memory_limit).is_err() {
        return 3;
    }
    match answer(input, output) {
        Ok(()) => 0,
        Err(_) => 2,
    }
}

fn answer(input: impl Read, output: impl Write) -> io::Result<()> {
    let mut input = BufReader::new(input);
    let mut output = BufWriter::with_capacity(1 << 20, output);
    let mut magic = [0u8; 4];
    input.read_exact(&mut magic)?;
    if &magic != MAGIC {
        return Err(invalid("not a giroscope parent"));
    }
    let header: Header =
        serde_json::from_slice(&read_frame(&mut input, 1024 * 1024)?).map_err(invalid)?;
    let bytes = read_frame(&mut input, header.limits.max_input_bytes.max(1 << 20))?;
    let document = match Document::open(&bytes, &header.limits) {
        Ok(document) => Some(document),
        Err(error) => {
            let error = match error {
                Error::PasswordProtected => OpenError::Password,
                Error::NoReadablePage => OpenError::NoReadablePage,
                Error::TooManyPages { pages, limit, .. } => {
                    OpenError::TooManyPages { pages, limit }
                }
                other => OpenError::Corrupt(other.detail().unwrap_or_else(|| other.to_string())),
            };
            write_json(&mut output, b'E', &error)?;
            None
        }
    };
    let mut request = [0u8; 1];
    loop {
        match input.read_exact(&mut request) {
            Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            other => other?,
        }
        let Some(document) = &document else {
            return Ok(());
        };
        match request[0] {
            b'P' => {
                let plan = document.plan(header.dpi, &header.limits, &CancelToken::new());
                write_json(&mut output, b'P', &plan)?;
            }
            b'R' => {
                let index = read_u64(&mut input)? as usize;
                let mut dpi = [0u8; 4];
                input.read_exact(&mut dpi)?;
                match document.render(index, f32::from_le_bytes(dpi), &header.limits) {
                    Ok(luma) => {
                        output.write_all(b"I")?;
                        output.write_all(&luma.width().to_le_bytes())?;
                        output.write_all(&luma.height().to_le_bytes())?;
                        output.write_all(luma.as_raw())?;
                        output.flush()?;
                    }
                    Err(error) => write_json(&mut output, b'F', &error)?,
                }
            }
            b'T' => {
                let index = read_u64(&mut input)? as usize;
                match document.text(index) {
                    Ok(text) => write_json(&mut output, b'T', &text)?,
                    Err(error) => write_json(&mut output, b'F', &error)?,
                }
            }
            _ => return Err(invalid("unknown request")),
        }
    }
}
