//! HTTP as plain data. The core prepares [`HttpRequest`]s and parses [`HttpResponse`]s; the adapter that moves the
//! bytes (the Worker's `fetch`, a test's client) is the caller's, with its own timeouts and retries.

use std::fmt;

use crate::secret::AccessToken;

/// The HTTP methods the protocols here use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Delete => "DELETE",
        }
    }
}

/// Header names whose values are credentials; `Debug` never prints them.
const SENSITIVE_HEADERS: &[&str] = &["authorization", "altinnsamtykke", "apikey", "cookie", "set-cookie"];

/// Whether a header carries a credential and must never be logged.
pub fn is_sensitive_header(name: &str) -> bool {
    SENSITIVE_HEADERS.iter().any(|s| s.eq_ignore_ascii_case(name))
}

/// An outgoing request, fully prepared. Its `Debug` redacts credential headers and never prints the body.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL, query included.
    pub url: String,
    /// Headers in order; names as sent.
    pub headers: Vec<(String, String)>,
    /// The body (empty for GET).
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// A bodiless request.
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Self { method, url: url.into(), headers: Vec::new(), body: Vec::new() }
    }

    /// Adds a header.
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds `Authorization: Bearer <token>`.
    #[must_use]
    pub(crate) fn bearer(self, token: &AccessToken) -> Self {
        self.header("Authorization", format!("Bearer {}", token.secret()))
    }

    /// Sets the body.
    #[must_use]
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        header_lookup(&self.headers, name)
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &crate::ids::redact_national_ids(&self.url))
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

/// A response as received. Its `Debug` redacts credential headers and never prints the body.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Headers in order.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with a status and a body and no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self { status, headers: Vec::new(), body: body.into() }
    }

    /// Adds a header.
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        header_lookup(&self.headers, name)
    }

    /// Whether the status is 2xx.
    pub const fn is_success(&self) -> bool {
        self.status >= 200 && self.status < 300
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

fn header_lookup<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

struct RedactedHeaders<'a>(&'a [(String, String)]);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(n, v)| {
                let v: &dyn fmt::Debug = if is_sensitive_header(n) { &"[redacted]" } else { v };
                (n, v)
            }))
            .finish()
    }
}

/// Percent-encodes a string for a URL query value or form field (`application/x-www-form-urlencoded`).
pub fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes one percent-encoded query or form value (`+` is a space). `None` if the escapes or UTF-8 are bad.
pub fn form_decode(s: &str) -> Option<String> {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = (bytes.next()? as char).to_digit(16)?;
                let lo = (bytes.next()? as char).to_digit(16)?;
                out.push((hi * 16 + lo) as u8);
            }
            _ => out.push(b),
        }
    }
    String::from_utf8(out).ok()
}

/// Splits a query string (with or without the leading `?`, or a whole URL) into decoded pairs.
/// `None` if any pair is badly encoded.
pub fn parse_query(s: &str) -> Option<Vec<(String, String)>> {
    let q = s.split_once('?').map_or(s, |(_, q)| q);
    let q = q.split_once('#').map_or(q, |(q, _)| q);
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Some((form_decode(k)?, form_decode(v)?))
        })
        .collect()
}

/// The host of an absolute `http://` or `https://` URL, if it is non-empty without userinfo (`user@`) and the URL
/// has no whitespace or control characters.
pub(crate) fn http_url_host(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    (clean && !host.is_empty() && !host.contains('@')).then_some(host)
}

/// `url` without trailing `/`, if it can be a base URL to append paths to: absolute `http(s)` (see
/// [`http_url_host`]) without query or fragment.
pub(crate) fn base_url(url: &str) -> Option<&str> {
    let trimmed = url.trim_end_matches('/');
    (http_url_host(trimmed).is_some() && !trimmed.contains(['?', '#'])).then_some(trimmed)
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn debug_redacts_credentials_and_body() {
        let req = HttpRequest::new(Method::Post, "https://x.test/token")
            .header("Authorization", "Bearer SECRET-TOKEN")
            .header("AltinnSamtykke", "SECRET-CONSENT")
            .header("ApiKey", "SECRET-KEY")
            .header("Accept", "application/json")
            .body("assertion=SECRET-GRANT");
        let shown = format!("{req:?} {req:#?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("application/json"));
        assert_eq!(req.header_value("authorization"), Some("Bearer SECRET-TOKEN"));
        let resp = HttpResponse::new(200, "SECRET-BODY").header("Set-Cookie", "SECRET");
        assert!(!format!("{resp:?}").contains("SECRET"));
    }

    #[test]
    fn form_encoding_round_trips() {
        let s = "a b&c=d/æ%+";
        assert_eq!(form_encode(s), "a%20b%26c%3Dd%2F%C3%A6%25%2B");
        assert_eq!(form_decode(&form_encode(s)).as_deref(), Some(s));
        assert_eq!(form_decode("a+b").as_deref(), Some("a b"));
        assert_eq!(form_decode("%zz"), None);
        assert_eq!(form_decode("%4"), None);
        let q = parse_query("https://bank.test/cb?Status=Failed&ErrorMessage=User%2520did&x#frag").unwrap();
        assert_eq!(
            q,
            vec![
                ("Status".into(), "Failed".into()),
                ("ErrorMessage".into(), "User%20did".into()),
                ("x".into(), "".into())
            ]
        );
    }

    #[test]
    fn absolute_and_base_urls() {
        assert_eq!(http_url_host("https://bank.no:8443/cb?x=1"), Some("bank.no:8443"));
        assert_eq!(http_url_host("http://127.0.0.1?x"), Some("127.0.0.1"));
        for bad in ["", "/relative", "ftp://x", "https://", "https:///x", "https://#x", "https://a b", "https://u:p@x"]
        {
            assert_eq!(http_url_host(bad), None, "{bad}");
        }
        assert_eq!(base_url("https://sim.test/v1//"), Some("https://sim.test/v1"));
        assert_eq!(base_url("http://127.0.0.1:8787/altinn3/"), Some("http://127.0.0.1:8787/altinn3"));
        for bad in ["https://x/v1?y=1", "https://x/#f", "https:///", "https://u@x/v1", "x"] {
            assert_eq!(base_url(bad), None, "{bad}");
        }
    }
}
