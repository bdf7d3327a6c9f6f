//! Reading the responses of the four endpoints: the model on 2xx, a typed [`ApiError`] otherwise.

use super::error::{Feilkode, SkatteetatenFeil};
use crate::api::endpoint::{Data, Endpoint, Model, ReadModel};
use crate::http::HttpResponse;
use crate::redact::{scrub, truncate};

/// The longest body excerpt kept in [`ApiError::Http`], in characters.
pub const BODY_SNIPPET_CHARS: usize = 200;

/// A response that did not give the data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// Skatteetaten answered with one of its error bodies.
    #[error("skatteetaten refused the request (http {status}): {feil}")]
    Skatteetaten {
        /// The HTTP status.
        status: u16,
        /// The error body.
        feil: SkatteetatenFeil,
    },
    /// An error status without Skatteetaten's error body: a gateway, a proxy, a wrong host or path.
    #[error("http {status} without a skatteetaten error body (wrong url, or a gateway problem?): {body:?}")]
    Http {
        /// The HTTP status.
        status: u16,
        /// The start of the body (at most [`BODY_SNIPPET_CHARS`] characters, national ids and tokens redacted).
        body: String,
    },
    /// A success status whose body is not the expected JSON.
    #[error(transparent)]
    Parse(#[from] ParseError),
}

/// A 2xx body that could not be read as the endpoint's data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "could not read the {endpoint} response (http {status}) at `{path}`, line {line} column {column}: {message}; \
     the api may have changed shape"
)]
pub struct ParseError {
    /// Which endpoint.
    pub endpoint: Endpoint,
    /// The HTTP status.
    pub status: u16,
    /// The JSON path of the failing value, e.g. `krav[0].kravforfall[1].opprinneligBeloep` (`.` for the root).
    pub path: String,
    /// 1-based line of the failure (0 when unknown).
    pub line: usize,
    /// 1-based column of the failure (0 when unknown).
    pub column: usize,
    /// What was wrong, national ids and tokens redacted.
    pub message: String,
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            Self::Skatteetaten { status, .. } | Self::Http { status, .. } => *status,
            Self::Parse(p) => p.status,
        }
    }

    /// Skatteetaten's error code, if it sent one.
    pub fn feilkode(&self) -> Option<&Feilkode> {
        match self {
            Self::Skatteetaten { feil, .. } => Some(&feil.kode),
            _ => None,
        }
    }

    /// The korrelasjonsid to quote when reporting the problem, if Skatteetaten sent one.
    pub fn korrelasjonsid(&self) -> Option<&str> {
        match self {
            Self::Skatteetaten { feil, .. } => feil.korrelasjonsid.as_deref(),
            _ => None,
        }
    }

    /// Whether trying the same GET again later may help: DAS-003, any 5xx, and 429.
    pub fn is_retryable(&self) -> bool {
        let status = self.status();
        let by_code = matches!(self, Self::Skatteetaten { feil, .. } if feil.is_retryable());
        by_code || (500..600).contains(&status) || status == 429
    }

    /// Whether the consent is the problem (KB-005): the party must consent again.
    pub fn is_consent_problem(&self) -> bool {
        matches!(self, Self::Skatteetaten { feil, .. } if feil.is_consent_problem())
    }

    /// Whether the Maskinporten token was refused (KB-004).
    pub fn is_authentication_problem(&self) -> bool {
        matches!(self, Self::Skatteetaten { feil, .. } if feil.is_authentication_problem())
    }

    /// Whether there was nothing to find (KB-007, KB-009). For krav, innbetalinger and utbetalinger KB-007
    /// means an empty period, which a caller may show as an empty list.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Skatteetaten { feil, .. } if feil.is_not_found())
    }
}

/// The error of a response that is not a success: Skatteetaten's error body, else an HTTP error with a body
/// excerpt. `None` on 2xx.
fn refusal(response: &HttpResponse) -> Option<ApiError> {
    let status = response.status;
    (!response.is_success()).then(|| match SkatteetatenFeil::parse(&response.body) {
        Some(feil) => ApiError::Skatteetaten { status, feil },
        None => ApiError::Http { status, body: snippet(&response.body) },
    })
}

/// Reads a response of the endpoint answering with `T`: the data on 2xx, else Skatteetaten's error body, else an
/// HTTP error with a body excerpt. E.g. `parse::<Kravliste>(&response)`.
pub fn parse<T: Model>(response: &HttpResponse) -> Result<T, ApiError> {
    match refusal(response) {
        Some(e) => Err(e),
        None => Ok(parse_body(response.status, &response.body)?),
    }
}

/// Like [`parse`], for an endpoint known at run time.
pub fn parse_data(endpoint: Endpoint, response: &HttpResponse) -> Result<Data, ApiError> {
    match refusal(response) {
        Some(e) => Err(e),
        None => Ok(Data::read(endpoint, Body { status: response.status, body: &response.body })?),
    }
}

/// The body of a data answer, unread, for passing on: Skatteetaten's refusal as with [`parse_data`], and a 2xx
/// whose body is not a JSON object (judged by its first byte, so the cost does not grow with the body) a
/// [`ParseError`] at `.`. Whoever reads the body later reads it with [`parse_data_body`].
pub fn data_body(endpoint: Endpoint, response: &HttpResponse) -> Result<&[u8], ApiError> {
    if let Some(e) = refusal(response) {
        return Err(e);
    }
    let body = &response.body;
    match body.iter().position(|b| !b.is_ascii_whitespace()) {
        Some(at) if body[at] == b'{' => Ok(body),
        at => {
            let (line, column) = at.map_or((1, 1), |at| position(body, at));
            let found = match at.map(|at| body[at]) {
                None => "an empty body".to_owned(),
                Some(b'[') => "an array".to_owned(),
                Some(_) => "something else".to_owned(),
            };
            let message = format!("expected a JSON object at the top level, found {found}");
            Err(ParseError { endpoint, status: response.status, path: ".".to_owned(), line, column, message }.into())
        }
    }
}

/// Reads a 2xx body of `endpoint` (Skatteetaten's document, any documented version) into its model.
pub fn parse_data_body(endpoint: Endpoint, status: u16, body: &[u8]) -> Result<Data, ParseError> {
    Data::read(endpoint, Body { status, body })
}

/// 1-based line and column of byte `at`.
fn position(body: &[u8], at: usize) -> (usize, usize) {
    let line = 1 + body[..at].iter().filter(|&&b| b == b'\n').count();
    let column = at - body[..at].iter().rposition(|&b| b == b'\n').map_or(0, |nl| nl + 1) + 1;
    (line, column)
}

/// A 2xx body, read with [`parse_body`].
struct Body<'a> {
    status: u16,
    body: &'a [u8],
}

impl ReadModel for Body<'_> {
    type Error = ParseError;
    fn read<T: Model>(self) -> Result<T, ParseError> {
        parse_body(self.status, self.body)
    }
}

/// Reads the body of a successful response into the model type `T` of its endpoint. The top level must be a JSON
/// object (serde would otherwise accept an array for a struct); errors carry the JSON path.
pub fn parse_body<T: Model>(status: u16, body: &[u8]) -> Result<T, ParseError> {
    let endpoint = T::ENDPOINT;
    let parse_error = |path: String, e: serde_json::Error| ParseError {
        endpoint,
        status,
        path,
        line: e.line(),
        column: e.column(),
        message: scrub(&e.to_string()),
    };
    if let Some(at) = body.iter().position(|b| !b.is_ascii_whitespace()).filter(|&i| body[i] == b'[') {
        let (line, column) = position(body, at);
        let message = "expected a JSON object at the top level, found an array".to_owned();
        return Err(ParseError { endpoint, status, path: ".".to_owned(), line, column, message });
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        parse_error(path, e.into_inner())
    })?;
    de.end().map_err(|e| parse_error(".".to_owned(), e))?;
    Ok(value)
}

/// The start of a body for an error message: lossy UTF-8, whitespace collapsed, national ids and tokens redacted.
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let words: Vec<&str> =
        text.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()).collect();
    truncate(&scrub(&words.join(" ")), BODY_SNIPPET_CHARS)
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::model::{AapneKrav, Innbetalinger, Kravliste, Utbetalinger};

    fn parse_krav(r: &HttpResponse) -> Result<Kravliste, ApiError> {
        parse(r)
    }

    const KRAV: &str = include_str!("../../fixtures/skatteetaten/2024-04-24/krav.json");

    #[test]
    fn success_reads_the_model() {
        let k = parse_krav(&HttpResponse::new(200, KRAV)).unwrap();
        assert_eq!(k.krav.len(), 2);
        assert_eq!(k.krav[0].opprinnelig_beloep.oere(), 1_000_000);
    }

    #[test]
    fn error_bodies_become_typed_errors() {
        let body = r#"{"kode":"KB-005","melding":"Feil i forbindelse med samtykketoken.","korrelasjonsid":"c-1"}"#;
        let e = parse::<AapneKrav>(&HttpResponse::new(403, body)).unwrap_err();
        assert!(e.is_consent_problem() && !e.is_retryable());
        assert_eq!((e.status(), e.feilkode(), e.korrelasjonsid()), (403, Some(&Feilkode::Kb005), Some("c-1")));
        assert!(e.to_string().starts_with("skatteetaten refused the request (http 403): KB-005"), "{e}");
        let das = r#"<feil xmlns="urn:no:skatteetaten:datasamarbeid:feil:v1"><kode>DAS-003</kode></feil>"#;
        let e = parse_krav(&HttpResponse::new(500, das)).unwrap_err();
        assert!(e.is_retryable());
        let e = parse_krav(&HttpResponse::new(404, r#"{"kode":"KB-007","melding":"Fant ingen"}"#)).unwrap_err();
        assert!(e.is_not_found() && !e.is_retryable());
    }

    #[test]
    fn a_body_passed_on_is_checked_by_its_first_byte_and_read_later_like_a_parsed_one() {
        let ok = HttpResponse::new(200, format!("\n  {KRAV}"));
        assert_eq!(data_body(Endpoint::Krav, &ok).unwrap(), ok.body.as_slice());
        let read = parse_data_body(Endpoint::Krav, 200, &ok.body).unwrap();
        assert_eq!(read, Data::from(parse_krav(&ok).unwrap()));
        let refused = HttpResponse::new(403, r#"{"kode":"KB-005","melding":"nei"}"#);
        assert!(data_body(Endpoint::Krav, &refused).unwrap_err().is_consent_problem());
        for (body, found, line, column) in
            [("", "an empty body", 1, 1), ("\n [1]", "an array", 2, 2), ("null", "something else", 1, 1)]
        {
            let Err(ApiError::Parse(p)) = data_body(Endpoint::Innbetalinger, &HttpResponse::new(200, body)) else {
                panic!("{body:?}")
            };
            assert_eq!((p.path.as_str(), p.line, p.column, p.endpoint), (".", line, column, Endpoint::Innbetalinger));
            assert!(p.message.ends_with(found), "{}", p.message);
        }
        // Only the first byte is judged: the reader of the body finds what is wrong further in.
        let truncated = HttpResponse::new(200, &KRAV[..KRAV.len() / 2]);
        assert!(data_body(Endpoint::Krav, &truncated).is_ok());
        assert!(parse_data_body(Endpoint::Krav, 200, &truncated.body).is_err());
    }

    #[test]
    fn gateway_errors_keep_a_short_body() {
        let e =
            parse::<Utbetalinger>(&HttpResponse::new(404, "<html>\n  <body>Not   Found</body></html>")).unwrap_err();
        assert_eq!(e, ApiError::Http { status: 404, body: "<html> <body>Not Found</body></html>".into() });
        assert!(!e.is_retryable() && !e.is_not_found());
        let long = "x".repeat(1000);
        let ApiError::Http { body, .. } = parse_krav(&HttpResponse::new(502, long)).unwrap_err() else { panic!() };
        assert_eq!(body.chars().count(), BODY_SNIPPET_CHARS + 1);
        assert!(parse_krav(&HttpResponse::new(503, "")).unwrap_err().is_retryable());
        assert!(parse_krav(&HttpResponse::new(429, "slow down")).unwrap_err().is_retryable());
        let e = parse_krav(&HttpResponse::new(400, "bad id 04827896468")).unwrap_err();
        assert!(!e.to_string().contains("04827896468"), "{e}");
    }

    #[test]
    fn bad_json_is_a_parse_error_with_path_and_line() {
        let body = "{\n \"krav\": [{\"kravidentifikator\": \"k\",\n \"opprinneligBeloep\": 10.005, \"gjenstaaendeBeloep\": 0}]}";
        let Err(ApiError::Parse(p)) = parse_krav(&HttpResponse::new(200, body)) else { panic!() };
        assert_eq!(
            (p.endpoint, p.status, p.path.as_str(), p.line),
            (Endpoint::Krav, 200, "krav[0].opprinneligBeloep", 3)
        );
        assert!(p.message.contains("more than two decimals"), "{}", p.message);
        let Err(ApiError::Parse(p)) = parse::<AapneKrav>(&HttpResponse::new(200, "not json")) else { panic!() };
        assert_eq!((p.line, p.column), (1, 2));
        let Err(ApiError::Parse(p)) = parse::<Utbetalinger>(&HttpResponse::new(200, "\n  []")) else { panic!() };
        assert_eq!((p.line, p.column, p.path.as_str()), (2, 3, "."));
        let Err(ApiError::Parse(p)) = parse::<Innbetalinger>(&HttpResponse::new(200, "{} x")) else { panic!() };
        assert!(p.message.contains("trailing"), "{}", p.message);
        let e = parse_krav(&HttpResponse::new(200, r#"{"partIdentifikator":{}}"#)).unwrap_err();
        assert!(e.to_string().starts_with("could not read the krav response (http 200) at `partIdentifikator`"), "{e}");
    }

    #[test]
    fn an_endpoint_known_at_run_time_reads_the_same() {
        let typed = parse_krav(&HttpResponse::new(200, KRAV)).unwrap();
        assert_eq!(parse_data(Endpoint::Krav, &HttpResponse::new(200, KRAV)).unwrap(), Data::Krav(typed));
        let Err(ApiError::Parse(p)) = parse_data(Endpoint::Utbetalinger, &HttpResponse::new(200, "[]")) else {
            panic!()
        };
        assert_eq!((p.endpoint, p.path.as_str()), (Endpoint::Utbetalinger, "."));
        let refused = HttpResponse::new(404, r#"{"kode":"KB-007","melding":"Fant ingen"}"#);
        for e in Endpoint::ALL {
            assert!(parse_data(e, &refused).unwrap_err().is_not_found(), "{e}");
        }
    }
}
