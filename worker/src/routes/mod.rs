//! The HTTP handlers, one module per resource. Each returns a response or a [`Problem`]; the router adds CORS,
//! security headers and the log line.

pub mod consents;
pub mod demo;
pub mod health;
pub mod jwks;
pub mod parties;

use serde::Serialize;
use worker::{Request, Response};

use crate::{problem::Problem, upstream::http::read_capped_draining};

/// The largest request body read, in bytes.
const MAX_BODY_BYTES: usize = 16 * 1024;
/// How much of a body over the limit is read (and dropped) before answering 413.
const DRAIN_BYTES: usize = 1024 * 1024;

/// A JSON response.
pub fn json<T: Serialize>(status: u16, body: &T) -> Result<Response, Problem> {
    let text = serde_json::to_string(body).map_err(|e| Problem::internal(e.to_string()))?;
    json_text(status, text)
}

/// A JSON response from text already serialised.
pub fn json_text(status: u16, text: String) -> Result<Response, Problem> {
    let mut r = Response::builder().with_status(status).fixed(text.into_bytes());
    let _ = r.headers_mut().set("content-type", "application/json; charset=utf-8");
    Ok(r)
}

/// The request's JSON body: 413 `payload_too_large` past [`MAX_BODY_BYTES`] (counted while it streams in, so a
/// chunked body without `Content-Length` is stopped too, and a declared length cannot lie), else `invalid_request`
/// when it is not the JSON expected.
pub async fn body<T: serde::de::DeserializeOwned>(req: &mut Request) -> Result<T, Problem> {
    let too_large = || Problem::new("payload_too_large", format!("the body is larger than {MAX_BODY_BYTES} bytes"));
    // Counted as it streams in, whatever Content-Length says (and without one); never more than the limit is kept.
    // Past it the rest is read and dropped up to DRAIN_BYTES, so the client gets the 413 (answering before it has
    // sent its body makes `wrangler dev` answer 503 instead); beyond that, reading stops.
    let bytes = if req.inner().body().is_none() {
        Vec::new()
    } else {
        let stream = req.stream().map_err(|_| Problem::invalid_request("the body could not be read"))?;
        read_capped_draining(stream, MAX_BODY_BYTES, DRAIN_BYTES).await.map_err(|e| match e {
            None => too_large(),
            Some(_) => Problem::invalid_request("the body could not be read"),
        })?
    };
    let text = std::str::from_utf8(&bytes).map_err(|_| Problem::invalid_request("the body is not UTF-8"))?;
    // An empty body reads as JSON `null` (so `Option<T>` bodies may be left out).
    let text = if text.trim().is_empty() { "null" } else { text };
    serde_json::from_str(text).map_err(|e| Problem::invalid_request(format!("the body is not the expected JSON: {e}")))
}
