//! The HTTP handlers, one module per resource. Each returns a response or a [`Problem`]; the router adds CORS,
//! security headers and the log line.

pub mod consents;
pub mod demo;
pub mod health;
pub mod jwks;
pub mod parties;

use kravkit::api::problem::ProblemCode;
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

/// The request's JSON body: a JSON object read into `T`; 413 `payload_too_large` past [`MAX_BODY_BYTES`], else
/// `invalid_request`. Strict: another JSON value (an array, `null`, a number, ...) is refused even where serde
/// would read it into `T` (a struct from an array).
pub async fn body<T: serde::de::DeserializeOwned>(req: &mut Request) -> Result<T, Problem> {
    parse_object(&read_body(req).await?)
}

/// An optional JSON body: none at all (empty) is `None`; otherwise as [`body`].
pub async fn optional_body<T: serde::de::DeserializeOwned>(req: &mut Request) -> Result<Option<T>, Problem> {
    let text = read_body(req).await?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_object(&text).map(Some)
}

/// The body as text, counted as it streams in (so a chunked body without `Content-Length` is stopped too, and a
/// declared length cannot lie); never more than the limit is kept. Past it the rest is read and dropped up to
/// DRAIN_BYTES, so the client gets the 413 (answering before it has sent its body makes `wrangler dev` answer 503
/// instead); beyond that, reading stops.
async fn read_body(req: &mut Request) -> Result<String, Problem> {
    let too_large =
        || Problem::new(ProblemCode::PayloadTooLarge, format!("the body is larger than {MAX_BODY_BYTES} bytes"));
    let bytes = if req.inner().body().is_none() {
        Vec::new()
    } else {
        let stream = req.stream().map_err(|_| Problem::invalid_request("the body could not be read"))?;
        read_capped_draining(stream, MAX_BODY_BYTES, DRAIN_BYTES).await.map_err(|e| match e {
            None => too_large(),
            Some(_) => Problem::invalid_request("the body could not be read"),
        })?
    };
    String::from_utf8(bytes).map_err(|_| Problem::invalid_request("the body is not UTF-8"))
}

/// `text` as a JSON object read into `T`.
fn parse_object<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Problem> {
    if !text.trim_start().starts_with('{') {
        return Err(Problem::invalid_request("the body must be a JSON object"));
    }
    serde_json::from_str(text).map_err(|e| Problem::invalid_request(format!("the body is not the expected JSON: {e}")))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::parse_object;
    use kravkit::api::present;
    use kravkit::api::problem::ProblemCode;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Asked {
        #[serde(default, deserialize_with = "present")]
        a: Option<String>,
        #[serde(default, deserialize_with = "present")]
        b: Option<u32>,
    }

    #[test]
    fn only_a_json_object_is_a_body() {
        assert!(parse_object::<Asked>(r#"{"a":"x"}"#).is_ok());
        assert!(parse_object::<Asked>(" \n{}").unwrap().a.is_none());
        let bad = [r#"{"a":null}"#, r#"{"b":null}"#, r#"{"c":1}"#, r#"{"a":"x","a":"y"}"#, r#"{"b":-1}"#];
        for bad in ["[null, null]", "[]", "null", "1", "\"x\"", "true", ""].into_iter().chain(bad) {
            let p = parse_object::<Asked>(bad).unwrap_err();
            assert_eq!((p.code, p.status), (ProblemCode::InvalidRequest, 400), "{bad}");
        }
    }
}
