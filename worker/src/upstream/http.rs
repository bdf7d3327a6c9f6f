//! Moves the core's [`HttpRequest`]s over `fetch`: at most [`MAX_CONCURRENT`] calls per API per isolate, a
//! timeout on every call (the fetch is aborted), bounded retries for idempotent GETs on 5xx, and one log entry per
//! attempt.

use kravkit::api::problem::ProblemCode;
use std::{cell::RefCell, collections::HashMap, pin::pin, time::Duration};

use futures_util::{
    future::{select, Either},
    StreamExt as _,
};
use kravkit::http::{HttpRequest, HttpResponse, Method};
use worker::{AbortController, Delay, Fetch, Headers, Request, RequestInit, RequestRedirect};

use super::semaphore::Semaphore;
use crate::{
    context::{now_ms, Outbound},
    log::UpstreamCall,
};

/// Calls in flight to one API from one isolate, at most.
pub const MAX_CONCURRENT: usize = 5;
/// Attempts of an idempotent GET (the first and two retries).
pub const MAX_ATTEMPTS: u8 = 3;
/// Pause before each retry, in milliseconds.
const BACKOFF_MS: [u64; 2] = [100, 300];
/// How much longer than the call's timeout a permit may be held before it ends by itself.
const PERMIT_SLACK_MS: u64 = 1_000;

/// The upstream services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Api {
    /// Maskinporten.
    Maskinporten,
    /// Altinn 3's consent API.
    Altinn3,
    /// Altinn 2's consent API.
    Altinn2,
    /// Skatteetaten's Krav og betalinger.
    Skatteetaten,
    /// The bank's JWKS endpoint.
    SessionJwks,
}

impl Api {
    /// Its name in logs.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Maskinporten => "maskinporten",
            Self::Altinn3 => "altinn3",
            Self::Altinn2 => "altinn2",
            Self::Skatteetaten => "skatteetaten",
            Self::SessionJwks => "session_jwks",
        }
    }
}

/// No answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// The call took longer than the timeout and was aborted.
    Timeout {
        /// Which API.
        api: &'static str,
        /// The timeout.
        ms: u32,
    },
    /// Too many calls to this API were already under way for too long.
    Busy {
        /// Which API.
        api: &'static str,
    },
    /// The answer's body was larger than the Worker reads (`UPSTREAM_MAX_BODY_BYTES`).
    TooLarge {
        /// Which API.
        api: &'static str,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The connection failed.
    Network {
        /// Which API.
        api: &'static str,
        /// The runtime's message (no URL query, no headers).
        message: String,
    },
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Timeout { api, ms } => write!(f, "{api} did not answer within {ms} ms"),
            Self::Busy { api } => write!(f, "too many calls to {api} are under way; try again"),
            Self::TooLarge { api, limit } => write!(f, "{api} answered with a body larger than {limit} bytes"),
            Self::Network { api, message } => write!(f, "could not reach {api}: {message}"),
        }
    }
}

impl TransportError {
    /// The problem code to answer with: an oversized answer is `upstream_error`, no answer `upstream_unavailable`.
    pub const fn problem_code(&self) -> ProblemCode {
        match self {
            Self::TooLarge { .. } => ProblemCode::UpstreamError,
            _ => ProblemCode::UpstreamUnavailable,
        }
    }
}

impl std::error::Error for TransportError {}

/// What this module keeps per isolate (one part of [`crate::isolate::Isolate`]).
#[derive(Default)]
pub struct Kept {
    semaphores: RefCell<HashMap<Api, Semaphore>>,
}

fn kept() -> &'static Kept {
    &crate::isolate::get().permits
}

fn semaphore(api: Api) -> Semaphore {
    kept().semaphores.borrow_mut().entry(api).or_insert_with(|| Semaphore::new(MAX_CONCURRENT)).clone()
}

fn build(req: &HttpRequest) -> worker::Result<Request> {
    let headers = Headers::new();
    for (k, v) in &req.headers {
        headers.append(k, v)?;
    }
    let mut init = RequestInit::new();
    init.with_method(match req.method {
        Method::Get => worker::Method::Get,
        Method::Post => worker::Method::Post,
        Method::Delete => worker::Method::Delete,
    })
    .with_headers(headers)
    .with_redirect(RequestRedirect::Manual);
    if !req.body.is_empty() {
        init.with_body(Some(js_sys::Uint8Array::from(req.body.as_slice()).into()));
    }
    Request::new_with_init(&req.url, &init)
}

/// Why an exchange gave no response.
enum ExchangeError {
    /// The body passed the limit (bytes).
    TooLarge(usize),
    /// The runtime's error.
    Fetch(worker::Error),
}

impl From<worker::Error> for ExchangeError {
    fn from(e: worker::Error) -> Self {
        Self::Fetch(e)
    }
}

/// Reads `stream` to its end, or stops as soon as more than `limit` bytes came (`Err(None)`).
pub async fn read_capped(
    stream: impl futures_util::Stream<Item = worker::Result<Vec<u8>>>,
    limit: usize,
) -> Result<Vec<u8>, Option<worker::Error>> {
    read_capped_draining(stream, limit, 0).await
}

/// [`read_capped`], but past the limit the rest is read and dropped, up to `drain` bytes in all, so the sender
/// finishes sending before it gets the answer. Never keeps more than `limit` bytes.
pub async fn read_capped_draining(
    stream: impl futures_util::Stream<Item = worker::Result<Vec<u8>>>,
    limit: usize,
    drain: usize,
) -> Result<Vec<u8>, Option<worker::Error>> {
    let mut stream = pin!(stream);
    let mut body = Vec::new();
    let mut seen = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(Some)?;
        seen = seen.saturating_add(chunk.len());
        if seen > limit {
            body = Vec::new();
            if seen > drain {
                return Err(None);
            }
            continue;
        }
        body.extend_from_slice(&chunk);
    }
    if seen > limit {
        return Err(None);
    }
    Ok(body)
}

/// How an answer's body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// Into wasm memory ([`HttpResponse::body`]), counted as it streams in.
    Whole,
    /// A 2xx JSON body with a declared `Content-Length` within the limit and no `Content-Encoding` is left to the
    /// runtime to stream on ([`Exchanged::passing`]), never read into wasm memory or JavaScript. The call's
    /// permit then ends with the headers; the body streams at the client's pace, and a client that goes away
    /// cancels it, which closes the upstream call. (Piping it through a `FixedLengthStream` to hold the permit to
    /// the last byte makes workerd report an uncaught "Network connection lost" for each client leaving midway.)
    /// Anything else is read whole.
    PassOn,
}

/// An answer.
pub struct Exchanged {
    /// Status and headers; the body unless it is being passed on.
    pub response: HttpResponse,
    /// The body, when it is passed on (then `response.body` is empty).
    pub passing: Option<web_sys::ReadableStream>,
}

/// Whether a body can be streamed on unread: a 2xx JSON whose declared length bounds what the runtime reads (HTTP
/// framing; not so for a compressed body, whose length is that of the compressed bytes).
fn can_pass_on(status: u16, declared: Option<usize>, content_type: Option<&str>, encoding: Option<&str>) -> bool {
    let essence = content_type.and_then(|t| t.split(';').next()).unwrap_or_default().trim().to_ascii_lowercase();
    let json = essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"));
    (200..300).contains(&status)
        && declared.is_some()
        && json
        && encoding.is_none_or(|e| e.trim().eq_ignore_ascii_case("identity"))
}

async fn exchange(
    req: &HttpRequest,
    signal: &worker::AbortSignal,
    limit: usize,
    read: Read,
) -> Result<(HttpResponse, Option<web_sys::ReadableStream>), ExchangeError> {
    let request = build(req)?;
    let mut response = Fetch::Request(request).send_with_signal(signal).await?;
    let header = |name: &str| response.headers().get(name).ok().flatten();
    let declared = header("content-length").and_then(|l| l.parse::<usize>().ok());
    if declared.is_some_and(|l| l > limit) {
        return Err(ExchangeError::TooLarge(limit));
    }
    let status = response.status_code();
    if read == Read::PassOn
        && can_pass_on(status, declared, header("content-type").as_deref(), header("content-encoding").as_deref())
    {
        if let worker::ResponseBody::Stream(stream) = response.body() {
            let headers = response.headers().entries().collect();
            return Ok((HttpResponse { status, headers, body: Vec::new() }, Some(stream.clone())));
        }
    }
    // Read while counting: a chunked answer has no Content-Length, and a declared one may lie.
    let body = match response.stream() {
        Ok(stream) => read_capped(stream, limit)
            .await
            .map_err(|e| e.map_or(ExchangeError::TooLarge(limit), ExchangeError::Fetch))?,
        Err(_) => Vec::new(),
    };
    let headers = response.headers().entries().collect();
    Ok((HttpResponse { status, headers, body }, None))
}

/// One attempt: waits for a permit, sends with a timeout, logs.
pub async fn send(
    out: &Outbound,
    api: Api,
    call: &'static str,
    req: &HttpRequest,
    attempt: u8,
) -> Result<HttpResponse, TransportError> {
    send_reading(out, api, call, req, attempt, Read::Whole).await.map(|e| e.response)
}

/// [`send`], reading the body as `read` says.
async fn send_reading(
    out: &Outbound,
    api: Api,
    call: &'static str,
    req: &HttpRequest,
    attempt: u8,
    read: Read,
) -> Result<Exchanged, TransportError> {
    let timeout_ms = out.timeout_ms;
    // The permit is held for the call (bounded by its timeout) plus a little for reading the answer.
    let hold_ms = u64::from(timeout_ms) + PERMIT_SLACK_MS;
    let Some(_permit) = semaphore(api).acquire(&out.scope, hold_ms, u64::from(timeout_ms)).await else {
        out.log.upstream(UpstreamCall {
            api: api.name(),
            call,
            status: None,
            error: Some("busy"),
            attempt,
            ms: timeout_ms,
        });
        return Err(TransportError::Busy { api: api.name() });
    };
    let started = now_ms();
    let controller = AbortController::default();
    let signal = controller.signal();
    let outcome = {
        let exchange = pin!(exchange(req, &signal, out.max_body_bytes, read));
        let timer = pin!(Delay::from(Duration::from_millis(u64::from(timeout_ms))));
        match select(exchange, timer).await {
            Either::Left((result, _)) => Some(result),
            Either::Right(_) => None,
        }
    };
    let ms = (now_ms() - started).max(0.0) as u32;
    let entry = |status, error| UpstreamCall { api: api.name(), call, status, error, attempt, ms };
    match outcome {
        Some(Ok((response, streaming))) => {
            out.log.upstream(entry(Some(response.status), None));
            Ok(Exchanged { response, passing: streaming })
        }
        Some(Err(ExchangeError::TooLarge(limit))) => {
            controller.abort();
            out.log.upstream(entry(None, Some("too_large")));
            Err(TransportError::TooLarge { api: api.name(), limit })
        }
        Some(Err(ExchangeError::Fetch(e))) => {
            out.log.upstream(entry(None, Some("network")));
            let message = kravkit::ids::redact_national_ids(&e.to_string());
            Err(TransportError::Network { api: api.name(), message: message.chars().take(200).collect() })
        }
        None => {
            controller.abort();
            out.log.upstream(entry(None, Some("timeout")));
            Err(TransportError::Timeout { api: api.name(), ms: timeout_ms })
        }
    }
}

/// A call that is not retried (POSTs: creating a consent request, asking for a token).
pub async fn send_once(
    out: &Outbound,
    api: Api,
    call: &'static str,
    req: &HttpRequest,
) -> Result<HttpResponse, TransportError> {
    send(out, api, call, req, 1).await
}

/// An idempotent GET, tried up to [`MAX_ATTEMPTS`] times while the answer is a 5xx (DAS-003 is a 500); never
/// retried on 4xx or on a timeout (which already took the whole budget).
pub async fn get_with_retry(
    out: &Outbound,
    api: Api,
    call: &'static str,
    req: &HttpRequest,
) -> Result<HttpResponse, TransportError> {
    get_with_retry_reading(out, api, call, req, Read::Whole).await.map(|e| e.response)
}

/// [`get_with_retry`], reading the body as `read` says.
pub async fn get_with_retry_reading(
    out: &Outbound,
    api: Api,
    call: &'static str,
    req: &HttpRequest,
    read: Read,
) -> Result<Exchanged, TransportError> {
    debug_assert_eq!(req.method, Method::Get);
    let mut attempt = 1;
    loop {
        let result = send_reading(out, api, call, req, attempt, read).await;
        let retry = match &result {
            Ok(r) => (500..600).contains(&r.response.status),
            Err(TransportError::Network { .. }) => true,
            Err(TransportError::Timeout { .. } | TransportError::Busy { .. } | TransportError::TooLarge { .. }) => {
                false
            }
        };
        if !retry || attempt >= MAX_ATTEMPTS || req.method != Method::Get {
            return result;
        }
        Delay::from(Duration::from_millis(BACKOFF_MS[usize::from(attempt - 1).min(BACKOFF_MS.len() - 1)])).await;
        attempt += 1;
    }
}

#[cfg(test)]
mod tests {
    use futures_util::{stream, FutureExt as _};

    use super::*;

    fn chunks(sizes: &[usize]) -> impl futures_util::Stream<Item = worker::Result<Vec<u8>>> {
        stream::iter(sizes.iter().map(|n| Ok(vec![b'x'; *n])).collect::<Vec<_>>())
    }

    #[test]
    fn only_a_2xx_json_of_declared_length_and_not_compressed_is_passed_on() {
        let json = Some("application/json; charset=utf-8");
        assert!(can_pass_on(200, Some(10), json, None));
        assert!(can_pass_on(200, Some(10), Some("Application/Problem+JSON"), Some("identity")));
        assert!(!can_pass_on(500, Some(10), json, None), "an error is read, for its code");
        assert!(!can_pass_on(404, Some(10), json, None));
        assert!(!can_pass_on(200, None, json, None), "chunked: counted while read");
        assert!(!can_pass_on(200, Some(10), json, Some("gzip")), "the length is of the compressed bytes");
        for t in [None, Some("text/html"), Some("text/json"), Some(""), Some("application/jsonx")] {
            assert!(!can_pass_on(200, Some(10), t, None), "{t:?}");
        }
    }

    #[test]
    fn a_body_is_read_up_to_the_limit_and_stopped_past_it() {
        let read = |sizes: &[usize], limit| read_capped(chunks(sizes), limit).now_or_never().unwrap();
        assert_eq!(read(&[3, 4], 7).unwrap().len(), 7);
        assert_eq!(read(&[], 7).unwrap().len(), 0);
        assert!(read(&[3, 5], 7).unwrap_err().is_none(), "one byte over");
        assert!(read(&[8, 1_000_000], 7).unwrap_err().is_none(), "stops at the first chunk past the limit");
        let drained = |sizes: &[usize]| read_capped_draining(chunks(sizes), 7, 20).now_or_never().unwrap();
        assert!(drained(&[5, 5, 5]).unwrap_err().is_none(), "read to the end, then refused");
        assert!(drained(&[5, 30, 1_000_000]).unwrap_err().is_none(), "stops past the drain bound");
        assert_eq!(drained(&[3, 4]).unwrap().len(), 7);
        let failing = stream::iter(vec![Ok(vec![1u8]), Err(worker::Error::RustError("reset".into()))]);
        assert!(read_capped(failing, 7).now_or_never().unwrap().unwrap_err().is_some());
        let e = TransportError::TooLarge { api: "skatteetaten", limit: 7 };
        assert_eq!(e.problem_code(), ProblemCode::UpstreamError);
        assert_eq!(e.to_string(), "skatteetaten answered with a body larger than 7 bytes");
        assert_eq!(TransportError::Busy { api: "altinn3" }.problem_code(), ProblemCode::UpstreamUnavailable);
    }
}
