//! A request body that must keep arriving, so a client trickling bytes cannot hold an upload
//! slot (and the memory it stands for) for long.
//!
//! The rule is Apache's `mod_reqtimeout` one: the body may take `grace`, plus one second for
//! every `min_rate` bytes received. A phone photo sent at 100 KB/s arrives long before its
//! deadline; a body trickling in at 10 KB/s against the defaults (10 s, 50 KB/s) is cut off
//! after about 12.5 s, whatever its declared length.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use http_body::{Frame, SizeHint};
use tokio::time::{Instant, Sleep};

/// The error a [`Paced`] body ends with when its deadline passes.
#[derive(Debug, thiserror::Error)]
#[error("the request body arrived too slowly")]
pub struct TooSlow;

/// Wraps a body with the arrival deadline.
pub struct Paced {
    inner: Body,
    started: Instant,
    grace: Duration,
    min_rate: u64,
    received: u64,
    timer: Pin<Box<Sleep>>,
}

impl Paced {
    /// `body`, which must arrive within `grace` plus a second per `min_rate` bytes.
    pub fn new(body: Body, grace: Duration, min_rate: u64) -> Paced {
        let started = Instant::now();
        Paced {
            inner: body,
            started,
            grace,
            min_rate: min_rate.max(1),
            received: 0,
            timer: Box::pin(tokio::time::sleep_until(started + grace)),
        }
    }

    fn deadline(&self) -> Instant {
        self.started
            + self.grace
            + Duration::from_secs_f64(self.received as f64 / self.min_rate as f64)
    }
}

impl http_body::Body for Paced {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    this.received += data.len() as u64;
                    let deadline = this.deadline();
                    this.timer.as_mut().reset(deadline);
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(other) => Poll::Ready(other),
            Poll::Pending => match this.timer.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(axum::Error::new(TooSlow)))),
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Whether `error` or one of its sources is [`TooSlow`]: extractors wrap body errors in their
/// own types.
pub fn is_too_slow(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if error.is::<TooSlow>() {
            return true;
        }
        cause = error.source();
    }
    false
}

/// Why [`read`] gave up on a body.
#[derive(Debug)]
pub enum ReadError {
    /// It was longer than the limit.
    TooLarge,
    /// It failed while arriving ([`is_too_slow`] tells a trickle).
    Failed(axum::Error),
}

/// Reads `body`, of at most `limit` bytes, into one buffer sized up front by its declared length.
/// Collecting its chunks and joining them at the end (axum's `to_bytes`) holds the body twice
/// for a moment: sixteen concurrent 20 MB uploads then peaked above 300 MB with eight admitted.
pub async fn read(mut body: Body, limit: usize) -> Result<Bytes, ReadError> {
    use http_body::Body as _;

    let declared = usize::try_from(body.size_hint().lower()).unwrap_or(usize::MAX);
    if declared > limit {
        return Err(ReadError::TooLarge);
    }
    let mut buffer = Vec::with_capacity(declared);
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(ReadError::Failed)?;
        if let Some(data) = frame.data_ref() {
            if buffer.len() + data.len() > limit {
                return Err(ReadError::TooLarge);
            }
            buffer.extend_from_slice(data);
        }
    }
    Ok(Bytes::from(buffer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn read_takes_a_body_up_to_its_limit_and_refuses_a_longer_one() {
        let body = || Body::from(vec![7u8; 1000]);
        assert_eq!(read(body(), 1000).await.expect("fits").len(), 1000);
        assert!(matches!(read(body(), 999).await, Err(ReadError::TooLarge)));
        // Chunks of no declared length: the limit is enforced as they arrive.
        assert_eq!(
            read(Body::new(Chunks(10)), 1000).await.expect("fits").len(),
            1000
        );
        assert!(matches!(
            read(Body::new(Chunks(10)), 999).await,
            Err(ReadError::TooLarge)
        ));
    }

    /// This many chunks of 100 bytes, their total length not declared.
    struct Chunks(usize);

    impl http_body::Body for Chunks {
        type Data = Bytes;
        type Error = axum::Error;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
            if self.0 == 0 {
                return Poll::Ready(None);
            }
            self.0 -= 1;
            Poll::Ready(Some(Ok(Frame::data(Bytes::from(vec![1u8; 100])))))
        }
    }
}
