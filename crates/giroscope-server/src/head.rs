//! Request heads are read here before hyper sees them, so that a head too large or malformed
//! gets the server's JSON error (or a page for the form) like every other refusal.
//!
//! hyper answers a head over its own limits (100 header fields, about 400 KB) or one it cannot
//! parse by itself, with an empty 431 or 400, and never calls the service; its limits can be
//! raised but not removed, so some head would always get the empty answer. Instead every
//! connection's bytes pass through [`Guarded`]. It holds a request head back until the head is
//! complete; one larger than [`MAX_HEAD_BYTES`], with more than [`MAX_HEADERS`] fields, or
//! malformed is replaced by a small head of the same request line that carries the [`REFUSED`]
//! header and asks to close the connection, which the error layer answers. Nothing after it
//! is handed on, so a connection holds at most one head's worth of bytes here (hyper's own
//! buffer took up to 400 KB). Bodies pass through as they arrive: the guard follows
//! Content-Length and chunked framing as hyper does to find the next head on a kept-alive
//! connection.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// The largest request head (request line and header fields): 64 KiB. A browser sends under
/// 2 KB to this server (it sets no cookies); nginx allows 32 KB by default.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

/// The most header fields a request may have: 100, as hyper and Apache allow.
pub const MAX_HEADERS: usize = 100;

/// The header that marks a request the guard refused; its value is a [`Refusal`]'s name. A
/// client that sends it itself is refused the same way, which harms nobody.
pub(super) const REFUSED: &str = "x-giroscope-refused";

/// Why a head was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refusal {
    /// Over [`MAX_HEAD_BYTES`] or [`MAX_HEADERS`]: 431.
    TooLarge,
    /// Not a request head hyper would take: 400.
    Malformed,
}

impl Refusal {
    fn name(self) -> &'static str {
        match self {
            Refusal::TooLarge => "head-too-large",
            Refusal::Malformed => "malformed",
        }
    }

    /// The refusal a [`REFUSED`] header's value names.
    pub(super) fn of(value: &[u8]) -> Refusal {
        if value == Refusal::TooLarge.name().as_bytes() {
            Refusal::TooLarge
        } else {
            Refusal::Malformed
        }
    }
}

/// A TCP listener whose connections are [`Guarded`].
pub(super) struct Listener(pub(super) TcpListener);

impl axum::serve::Listener for Listener {
    type Io = Guarded<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (stream, address) = axum::serve::Listener::accept(&mut self.0).await;
        (Guarded::new(stream), address)
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.0.local_addr()
    }
}

/// How far the bytes that arrived are understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// A request head comes next.
    Head,
    /// This many body bytes come next.
    Body(u64),
    /// A chunked body, at this point of its framing.
    Chunked(Chunk),
    /// Not followed any more (an upgrade was asked for): bytes pass as they come.
    Open,
    /// A head was refused: hyper has been handed the refusal, and nothing more.
    Refused,
}

/// A connection whose request heads are checked before hyper reads them.
#[derive(Debug)]
pub(super) struct Guarded<S> {
    inner: S,
    /// Bytes read from the client and not yet handed on; `buffer[..ready]` may be.
    buffer: Vec<u8>,
    ready: usize,
    state: State,
    /// How much of the unfinished head was there when it was last parsed.
    parsed: usize,
    /// The client closed its side.
    ended: bool,
}

impl<S> Guarded<S> {
    fn new(inner: S) -> Guarded<S> {
        Guarded {
            inner,
            buffer: Vec::new(),
            ready: 0,
            state: State::Head,
            parsed: 0,
            ended: false,
        }
    }

    /// Moves `ready` over every byte whose place is known, up to an unfinished head.
    fn advance(&mut self) {
        loop {
            let rest = &self.buffer[self.ready..];
            if rest.is_empty() {
                return;
            }
            match self.state {
                State::Open => {
                    self.ready = self.buffer.len();
                    return;
                }
                State::Refused => return,
                State::Body(left) => {
                    let n = left.min(rest.len() as u64);
                    self.ready += n as usize;
                    self.state = match left - n {
                        0 => State::Head,
                        left => State::Body(left),
                    };
                }
                State::Chunked(chunk) => match chunk.scan(rest) {
                    Ok((n, chunk)) => {
                        self.ready += n;
                        self.state = match chunk {
                            Chunk::End => State::Head,
                            chunk => State::Chunked(chunk),
                        };
                    }
                    // hyper fails the body and closes the connection.
                    Err(()) => self.state = State::Open,
                },
                // A head can only end with an empty line: it is parsed again when one may
                // have come (as hyper does), not for every byte a slow client sends.
                State::Head if !may_end(rest, self.parsed) => {
                    if rest.len() > MAX_HEAD_BYTES {
                        return self.refuse(Refusal::TooLarge);
                    }
                    self.parsed = rest.len();
                    return;
                }
                State::Head => match head(rest) {
                    Head::Partial if rest.len() > MAX_HEAD_BYTES => {
                        return self.refuse(Refusal::TooLarge);
                    }
                    Head::Partial => {
                        self.parsed = rest.len();
                        return;
                    }
                    Head::Complete { len, .. } if len > MAX_HEAD_BYTES => {
                        return self.refuse(Refusal::TooLarge);
                    }
                    Head::Complete { len, next } => {
                        self.ready += len;
                        self.parsed = 0;
                        self.state = next;
                    }
                    Head::Refused(refusal) => return self.refuse(refusal),
                },
            }
        }
    }

    /// Replaces the unfinished head with a refusal of the same request line.
    fn refuse(&mut self, refusal: Refusal) {
        let head = &self.buffer[self.ready..];
        let line = request_line(head).unwrap_or_else(|| "GET /".to_owned());
        let refused = format!(
            "{line} HTTP/1.1\r\n{REFUSED}: {}\r\nconnection: close\r\n\r\n",
            refusal.name()
        );
        self.buffer.truncate(self.ready);
        self.buffer.extend_from_slice(refused.as_bytes());
        self.buffer.shrink_to_fit();
        self.ready = self.buffer.len();
        self.parsed = 0;
        self.state = State::Refused;
    }
}

/// Bytes read from the socket at a time.
const READ_SIZE: usize = 16 * 1024;

impl<S: AsyncRead + Unpin> Guarded<S> {
    /// After a refusal: what the client still sends is read and dropped, never handed on.
    /// The refusal asked hyper to close, so it answers and closes without needing more; a
    /// client whose unread bytes are dropped with the socket would get a reset instead of the
    /// answer. The end of the client's bytes is not passed on either: hyper might take it for
    /// a client gone before the answer.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let mut scratch = [0u8; 4096];
        while !self.ended {
            let mut read = ReadBuf::new(&mut scratch);
            match Pin::new(&mut self.inner).poll_read(cx, &mut read) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Ok(())) if !read.filled().is_empty() => {}
                Poll::Ready(_) => self.ended = true,
            }
        }
        Poll::Pending
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Guarded<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        out: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.buffer.is_empty()
            && let State::Body(left) = this.state
        {
            // Body bytes go straight into hyper's buffer, in the sizes hyper asks for: a body
            // copied through this guard in small pieces held 20 MB uploads in memory longer.
            let limit = usize::try_from(left)
                .unwrap_or(usize::MAX)
                .min(out.remaining());
            let mut direct = ReadBuf::new(out.initialize_unfilled_to(limit));
            ready!(Pin::new(&mut this.inner).poll_read(cx, &mut direct))?;
            let n = direct.filled().len();
            out.advance(n);
            if n == 0 {
                this.ended = true;
            } else {
                this.state = match left - n as u64 {
                    0 => State::Head,
                    left => State::Body(left),
                };
            }
            return Poll::Ready(Ok(()));
        }
        loop {
            if this.ready > 0 {
                let n = this.ready.min(out.remaining());
                out.put_slice(&this.buffer[..n]);
                this.buffer.drain(..n);
                this.ready -= n;
                return Poll::Ready(Ok(()));
            }
            if this.state == State::Refused {
                return this.drain(cx);
            }
            if this.ended {
                // What is left is an unfinished head; hyper says so and closes.
                this.ready = this.buffer.len();
                if this.ready == 0 {
                    return Poll::Ready(Ok(()));
                }
                continue;
            }
            let start = this.buffer.len();
            this.buffer.resize(start + READ_SIZE, 0);
            let mut read = ReadBuf::new(&mut this.buffer[start..]);
            let polled = Pin::new(&mut this.inner).poll_read(cx, &mut read);
            let n = read.filled().len();
            this.buffer.truncate(start + n);
            ready!(polled)?;
            if n == 0 {
                this.ended = true;
            } else {
                this.advance();
            }
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Guarded<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bytes: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, bytes)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bytes: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bytes)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

/// Whether an unfinished head, last parsed when it was `parsed` bytes long, may have ended
/// since: an empty line (LF LF, or LF CR LF) in the bytes after, or reaching back into them.
fn may_end(head: &[u8], parsed: usize) -> bool {
    let new = &head[parsed.saturating_sub(2)..];
    new.windows(2).any(|pair| pair == b"\n\n") || new.windows(3).any(|three| three == b"\n\r\n")
}

/// What the bytes at the start of a head are.
#[derive(Debug, PartialEq, Eq)]
enum Head {
    /// Not yet a whole head.
    Partial,
    /// A head of `len` bytes, followed by its body as `next` says.
    Complete { len: usize, next: State },
    /// A head to refuse.
    Refused(Refusal),
}

/// Reads a request head as hyper will (the same parser, the same framing rules), to know
/// where it ends and where its body ends.
fn head(bytes: &[u8]) -> Head {
    let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut fields);
    let len = match request.parse(bytes) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Head::Partial,
        Err(httparse::Error::TooManyHeaders) => return Head::Refused(Refusal::TooLarge),
        Err(_) => return Head::Refused(Refusal::Malformed),
    };
    let (Some(method), Some(path), Some(version)) = (request.method, request.path, request.version)
    else {
        return Head::Refused(Refusal::Malformed);
    };
    // hyper refuses with an empty 400 what it cannot make a method or URI of.
    if axum::http::Method::from_bytes(method.as_bytes()).is_err()
        || path.parse::<axum::http::Uri>().is_err()
    {
        return Head::Refused(Refusal::Malformed);
    }
    match framing(method, version, request.headers) {
        Some(next) => Head::Complete { len, next },
        None => Head::Refused(Refusal::Malformed),
    }
}

/// How the body after a head is framed, by hyper's rules (RFC 9112 6.3): a final `chunked`
/// transfer coding, else Content-Length (equal if repeated), else none; `None` for what hyper
/// refuses with 400. An upgrade or CONNECT is not followed further.
fn framing(method: &str, version: u8, fields: &[httparse::Header<'_>]) -> Option<State> {
    let mut chunked = None;
    let mut length: Option<u64> = None;
    let mut upgrade = method == "CONNECT";
    for field in fields {
        if field.name.eq_ignore_ascii_case("transfer-encoding") {
            if version == 0 {
                return None;
            }
            chunked = Some(last_coding_is_chunked(field.value));
            length = None;
        } else if field.name.eq_ignore_ascii_case("content-length") {
            if chunked.is_some() {
                continue;
            }
            let value = digits(field.value)?;
            if length.is_some_and(|length| length != value) {
                return None;
            }
            length = Some(value);
        } else if field.name.eq_ignore_ascii_case("upgrade") {
            upgrade |= version == 1;
        }
    }
    match chunked {
        Some(false) => None,
        _ if upgrade => Some(State::Open),
        Some(true) => Some(State::Chunked(Chunk::Start)),
        None => Some(match length {
            None | Some(0) => State::Head,
            Some(length) => State::Body(length),
        }),
    }
}

/// Whether a Transfer-Encoding value ends in `chunked`, read as hyper reads it.
fn last_coding_is_chunked(value: &[u8]) -> bool {
    let visible = value
        .iter()
        .all(|&b| b == b'\t' || (b' '..=b'~').contains(&b));
    visible
        && std::str::from_utf8(value).is_ok_and(|value| {
            value
                .rsplit(',')
                .next()
                .is_some_and(|last| last.trim().eq_ignore_ascii_case("chunked"))
        })
}

/// A Content-Length: decimal digits only, below hyper's largest length.
fn digits(value: &[u8]) -> Option<u64> {
    if value.is_empty() {
        return None;
    }
    let number = value.iter().try_fold(0u64, |number, &b| {
        let digit = u64::from(b.checked_sub(b'0').filter(|d| *d <= 9)?);
        number.checked_mul(10)?.checked_add(digit)
    })?;
    (number < u64::MAX - 1).then_some(number)
}

/// `METHOD target` of an unfinished head, when its request line is whole and valid.
fn request_line(head: &[u8]) -> Option<String> {
    let start = head.iter().position(|&b| b != b'\r' && b != b'\n')?;
    let line = &head[start..];
    let line = &line[..line.iter().position(|&b| b == b'\n')?];
    let mut line_only = line.to_vec();
    line_only.extend_from_slice(b"\n\r\n");
    let mut fields: [httparse::Header<'_>; 0] = [];
    let mut request = httparse::Request::new(&mut fields);
    request
        .parse(&line_only)
        .ok()?
        .is_complete()
        .then_some(())?;
    let (method, path) = (request.method?, request.path?);
    axum::http::Method::from_bytes(method.as_bytes()).ok()?;
    path.parse::<axum::http::Uri>().ok()?;
    Some(format!("{method} {path}"))
}

/// Where a chunked body's framing is (RFC 9112 7.1), as hyper's decoder follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chunk {
    /// The first digit of a chunk size.
    Start,
    /// More digits of the size.
    Size(u64),
    /// Blanks after the size.
    SizeBlank(u64),
    /// A chunk extension, up to CR.
    Extension(u64),
    /// LF after the size line.
    SizeLf(u64),
    /// This many data bytes.
    Data(u64),
    /// CR after the data.
    DataCr,
    /// LF after the data.
    DataLf,
    /// After the last chunk: CR of the final line, or a trailer field.
    EndCr,
    /// A trailer field, up to CR.
    Trailer,
    /// LF after a trailer field.
    TrailerLf,
    /// LF of the final line.
    EndLf,
    /// The body is over.
    End,
}

impl Chunk {
    /// Follows the framing over `bytes`: how many belong to the body, and where it then is
    /// (stopping at [`Chunk::End`]). `Err` where hyper's decoder fails.
    fn scan(mut self, bytes: &[u8]) -> Result<(usize, Chunk), ()> {
        let mut at = 0;
        while at < bytes.len() && self != Chunk::End {
            if let Chunk::Data(left) = self {
                let n = left.min((bytes.len() - at) as u64);
                at += n as usize;
                self = match left - n {
                    0 => Chunk::DataCr,
                    left => Chunk::Data(left),
                };
                continue;
            }
            self = self.step(bytes[at])?;
            at += 1;
        }
        Ok((at, self))
    }

    fn step(self, byte: u8) -> Result<Chunk, ()> {
        let hex = |size: u64| -> Result<Chunk, ()> {
            let digit = u64::from(char::from(byte).to_digit(16).ok_or(())?);
            let size = size
                .checked_mul(16)
                .ok_or(())?
                .checked_add(digit)
                .ok_or(())?;
            Ok(Chunk::Size(size))
        };
        Ok(match (self, byte) {
            (Chunk::Start, _) => hex(0)?,
            (Chunk::Size(size), b'\t' | b' ') => Chunk::SizeBlank(size),
            (Chunk::Size(size) | Chunk::SizeBlank(size), b';') => Chunk::Extension(size),
            (Chunk::Size(size) | Chunk::SizeBlank(size) | Chunk::Extension(size), b'\r') => {
                Chunk::SizeLf(size)
            }
            (Chunk::Size(size), _) => hex(size)?,
            (Chunk::SizeBlank(size), b'\t' | b' ') => Chunk::SizeBlank(size),
            (Chunk::Extension(_), b'\n') => return Err(()),
            (Chunk::Extension(size), _) => Chunk::Extension(size),
            (Chunk::SizeLf(0), b'\n') => Chunk::EndCr,
            (Chunk::SizeLf(size), b'\n') => Chunk::Data(size),
            (Chunk::DataCr, b'\r') => Chunk::DataLf,
            (Chunk::DataLf, b'\n') => Chunk::Start,
            (Chunk::EndCr, b'\r') => Chunk::EndLf,
            (Chunk::Trailer, b'\r') => Chunk::TrailerLf,
            (Chunk::EndCr | Chunk::Trailer, _) => Chunk::Trailer,
            (Chunk::TrailerLf, b'\n') => Chunk::EndCr,
            (Chunk::EndLf, b'\n') => Chunk::End,
            _ => return Err(()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies_end_where_hyper_ends_them() {
        for (body, after) in [
            (&b"0\r\n\r\n"[..], Some(&b"GET"[..])),
            (b"5\r\nhello\r\n0\r\n\r\n", Some(b"")),
            (
                b"5 ;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\n\r\n",
                Some(b"POST"),
            ),
            (b"1\r\nx\r\n0\r\nExpires: never\r\n\r\n", Some(b"next")),
            (b"5\r\nhel", None),
            (b"5\r\nhello\r\n0\r\n", None),
        ] {
            let bytes = [body, after.unwrap_or_default()].concat();
            let scanned = Chunk::Start.scan(&bytes).expect("valid framing");
            let ended = (scanned.1 == Chunk::End).then_some(scanned.0);
            let expected = after.map(|_| body.len());
            assert_eq!(ended, expected, "{}", String::from_utf8_lossy(body));
        }
        for bad in [&b"x\r\n"[..], b"5\nhello", b"5;a\nb\r\n", b"5\r\nhelloX"] {
            assert!(Chunk::Start.scan(bad).is_err(), "{bad:?}");
        }
        // A body split anywhere ends at the same byte.
        let body = b"5 ;ext=1\r\nhello\r\n0\r\nA: b\r\n\r\n";
        for split in 0..body.len() {
            let (first, chunk) = Chunk::Start.scan(&body[..split]).expect("valid");
            let (second, chunk) = chunk.scan(&body[split..]).expect("valid");
            assert_eq!((first + second, chunk), (body.len(), Chunk::End), "{split}");
        }
    }

    #[test]
    fn heads_are_framed_as_hyper_frames_them() {
        let complete = |text: &str| match head(text.as_bytes()) {
            Head::Complete { next, .. } => Some(next),
            _ => None,
        };
        for (text, next) in [
            ("GET / HTTP/1.1\r\n\r\n", Some(State::Head)),
            ("\r\nGET / HTTP/1.1\r\n\r\n", Some(State::Head)),
            (
                "POST / HTTP/1.1\r\nContent-Length: 12\r\n\r\n",
                Some(State::Body(12)),
            ),
            (
                "POST / HTTP/1.1\r\nContent-Length: 12\r\nContent-Length: 12\r\n\r\n",
                Some(State::Body(12)),
            ),
            (
                "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 3\r\n\r\n",
                Some(State::Chunked(Chunk::Start)),
            ),
            (
                "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
                Some(State::Chunked(Chunk::Start)),
            ),
            (
                "GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n",
                Some(State::Open),
            ),
            ("POST / HTTP/1.1\r\nContent-Length: 1, 1\r\n\r\n", None),
            (
                "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                None,
            ),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", None),
            (
                "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
                None,
            ),
            ("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", None),
        ] {
            assert_eq!(complete(text), next, "{text:?}");
        }
        assert_eq!(head(b"GET / HTTP/1.1\r\nHost: x\r\n"), Head::Partial);
        let many: String = (0..=MAX_HEADERS).map(|i| format!("h{i}: x\r\n")).collect();
        assert_eq!(
            head(format!("GET / HTTP/1.1\r\n{many}\r\n").as_bytes()),
            Head::Refused(Refusal::TooLarge)
        );
    }

    #[test]
    fn a_refusal_keeps_a_whole_request_line() {
        for (head, line) in [
            (
                &b"GET /check?lang=en HTTP/1.1\r\nA: b"[..],
                "GET /check?lang=en",
            ),
            (b"\r\nPOST /api/v1/check HTTP/1.1\r\n", "POST /api/v1/check"),
            (b"GET /unfinished", "GET /"),
            (b"G\xC3T / HTTP/1.1\r\n", "GET /"),
        ] {
            let mut guarded = Guarded::new(());
            guarded.buffer = head.to_vec();
            guarded.refuse(Refusal::TooLarge);
            let text = String::from_utf8_lossy(&guarded.buffer).into_owned();
            assert_eq!(
                text,
                format!(
                    "{line} HTTP/1.1\r\n{REFUSED}: head-too-large\r\nconnection: close\r\n\r\n"
                )
            );
        }
    }
}
