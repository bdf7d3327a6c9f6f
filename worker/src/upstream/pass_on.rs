//! A body the runtime streams from an upstream answer to the Worker's own, without it passing through wasm: the
//! Worker's cost for it does not grow with its size. The call keeps its permit and its abort until the body has
//! been sent, the client has gone away, or the call's time is up (then the upstream call is aborted).

use std::{pin::pin, time::Duration};

use futures_util::future::{select, Either};
use wasm_bindgen::JsCast as _;
use wasm_bindgen_futures::JsFuture;
use worker::{worker_sys::FixedLengthStream, AbortController, Delay};

use super::semaphore::Permit;
use crate::context::now_ms;

/// How long a pipe is given to settle after its upstream call was aborted.
const ABORT_GRACE_MS: u64 = 1_000;

/// An upstream body on its way through.
pub struct Passing {
    stream: web_sys::ReadableStream,
    length: usize,
    permit: Permit,
    controller: AbortController,
    deadline_ms: f64,
}

impl Passing {
    /// `stream` of `length` bytes (the declared `Content-Length`), with what its call holds.
    pub(super) fn new(
        stream: web_sys::ReadableStream,
        length: usize,
        permit: Permit,
        controller: AbortController,
        deadline_ms: f64,
    ) -> Self {
        Self { stream, length, permit, controller, deadline_ms }
    }

    /// The body for the answer (of exactly `length` bytes: more or fewer is an error on the stream, and the answer
    /// carries the `Content-Length`), and the piping into it, to be awaited past the answer (`waitUntil`).
    pub fn into_body(self) -> Result<(web_sys::ReadableStream, impl std::future::Future<Output = ()>), String> {
        let length = u32::try_from(self.length).map_err(|_| "the body is too large to pass on".to_owned())?;
        let fixed = FixedLengthStream::new(length).map_err(|e| format!("{e:?}"))?;
        let transform: &web_sys::TransformStream = fixed.unchecked_ref();
        let (readable, writable) = (transform.readable(), transform.writable());
        let piped = self.stream.pipe_to(&writable);
        let Self { permit, controller, deadline_ms, .. } = self;
        let done = async move {
            let remaining = (deadline_ms - now_ms()).max(0.0) as u64;
            let mut piped = pin!(JsFuture::from(piped));
            let timer = pin!(Delay::from(Duration::from_millis(remaining)));
            if let Either::Right(_) = select(piped.as_mut(), timer).await {
                // The upstream stalled: abort it, which errors the pipe and the answer's body for the client; the
                // pipe is awaited a little longer so that it settles while its future is still there.
                controller.abort();
                let grace = pin!(Delay::from(Duration::from_millis(ABORT_GRACE_MS)));
                let _ = select(piped, grace).await;
            }
            drop(permit);
        };
        Ok((readable, done))
    }
}
