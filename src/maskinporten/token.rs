//! The `/token` exchange: a signed grant in, an access token (or a typed refusal) out.

use serde::Deserialize;
use serde_json::Value;

use super::error::{OAuthError, TokenError};
use crate::{
    http::{form_encode, HttpRequest, HttpResponse, Method},
    redact::excerpt,
    secret::{AccessToken, SignedGrant},
};

/// The RFC 7523 grant type.
pub const JWT_BEARER_GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// `POST <token_endpoint>` with `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<grant>` as an
/// `application/x-www-form-urlencoded` body. No other client authentication: the grant is it.
pub fn prepare_token_request(token_endpoint: &str, grant: &SignedGrant) -> HttpRequest {
    let body = format!("grant_type={}&assertion={}", form_encode(JWT_BEARER_GRANT_TYPE), form_encode(grant.secret()));
    HttpRequest::new(Method::Post, token_endpoint)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .body(body)
}

/// A successful token response. `Debug` redacts the token.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TokenResponse {
    /// The access token, to send as `Authorization: Bearer <token>`. Opaque: do not parse it.
    pub access_token: AccessToken,
    /// `Bearer`.
    pub token_type: String,
    /// Seconds the token lives from when it was issued.
    pub expires_in: u64,
    /// The scopes granted, space-separated; informational only (Maskinporten says not to trust it).
    pub scope: Option<String>,
}

impl TokenResponse {
    /// A `Bearer` token response, e.g. rebuilt from a cache entry or made by a simulator.
    pub fn new(access_token: AccessToken, expires_in: u64, scope: Option<String>) -> Self {
        Self { access_token, token_type: "Bearer".to_owned(), expires_in, scope }
    }
}

#[derive(Deserialize)]
struct RawToken {
    access_token: Option<Value>,
    token_type: Option<Value>,
    expires_in: Option<Value>,
    scope: Option<Value>,
}

/// Reads a `/token` answer. A 2xx with a usable JSON token becomes a [`TokenResponse`]; an OAuth error body becomes
/// [`TokenError::Refused`] (with Maskinporten's code and message recognised in [`TokenError::kind`]); anything
/// else, a gateway's HTML page or a 200 that is not a token, becomes a typed error too. No error ever carries the
/// access token.
pub fn parse_token_response(response: &HttpResponse) -> Result<TokenResponse, TokenError> {
    let status = response.status;
    if !response.is_success() {
        return Err(parse_error(response));
    }
    let malformed = |reason: &str| TokenError::MalformedResponse { status, reason: reason.to_owned() };
    // serde_json's messages can quote the offending value, which could be the token: keep only the category.
    let raw: RawToken = serde_json::from_slice(&response.body).map_err(|e| {
        malformed(match e.classify() {
            serde_json::error::Category::Data => "JSON is not an object",
            _ => "body is not JSON",
        })
    })?;
    let access_token = match raw.access_token {
        Some(Value::String(t)) if !t.trim().is_empty() => t,
        Some(_) => return Err(malformed("access_token is not a non-empty string")),
        None => return Err(malformed("access_token is missing")),
    };
    let token_type = match raw.token_type {
        Some(Value::String(t)) => t,
        None => "Bearer".to_owned(),
        Some(_) => return Err(malformed("token_type is not a string")),
    };
    if !token_type.eq_ignore_ascii_case("bearer") {
        return Err(malformed("token_type is not Bearer"));
    }
    let expires_in = match raw.expires_in {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| malformed("expires_in is missing or not a whole number of seconds"))?;
    let scope = match raw.scope {
        Some(Value::String(s)) => Some(s),
        Some(Value::Null) | None => None,
        Some(_) => return Err(malformed("scope is not a string")),
    };
    Ok(TokenResponse { access_token: AccessToken::new(access_token), token_type, expires_in, scope })
}

fn parse_error(response: &HttpResponse) -> TokenError {
    let status = response.status;
    if let Ok(mut err) = serde_json::from_slice::<OAuthError>(&response.body) {
        if !err.error.is_empty() {
            // Stored cleaned, so that neither Display nor Debug can show a JWT the server might echo.
            err.error = excerpt(&err.error);
            err.error_description = err.error_description.as_deref().map(excerpt);
            err.error_uri = err.error_uri.as_deref().map(excerpt);
            return TokenError::Refused { status, error: err };
        }
    }
    let text = String::from_utf8_lossy(&response.body);
    TokenError::UnexpectedError {
        status,
        content_type: response.header_value("content-type").map(excerpt),
        excerpt: excerpt(&text),
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::{http::form_decode, maskinporten::ErrorKind};

    const FIXTURE: &str = include_str!("../../fixtures/maskinporten/token-endpoint-response.json");

    #[test]
    fn token_request_bytes() {
        let grant = SignedGrant::new("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln-_");
        let req = prepare_token_request("https://test.maskinporten.no/token", &grant);
        assert_eq!(req.method, Method::Post);
        assert_eq!(req.url, "https://test.maskinporten.no/token");
        assert_eq!(req.header_value("content-type"), Some("application/x-www-form-urlencoded"));
        assert_eq!(req.header_value("accept"), Some("application/json"));
        assert_eq!(
            req.body,
            b"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln-_"
        );
        let pairs = crate::http::parse_query(std::str::from_utf8(&req.body).unwrap()).unwrap();
        assert_eq!(pairs[0], ("grant_type".into(), JWT_BEARER_GRANT_TYPE.into()));
        assert_eq!(form_decode(&pairs[1].1).as_deref(), Some(grant.secret()));
        assert!(!format!("{req:?}").contains("eyJ"), "Debug of the request must not show the grant");
    }

    #[test]
    fn token_response_fixture() {
        let resp = HttpResponse::new(200, FIXTURE).header("Content-Type", "application/json");
        let t = parse_token_response(&resp).unwrap();
        assert_eq!(t.access_token.secret(), "IxC0B76vlWl3fiQhAwZUmD0hr_PPwC9hSIXRdoUslPU=");
        assert_eq!(t.token_type, "Bearer");
        assert_eq!(t.expires_in, 599);
        assert_eq!(t.scope.as_deref(), Some("difitest:test1"));
        assert!(!format!("{t:?}").contains("IxC0B76"));
        let rebuilt = TokenResponse::new(t.access_token.clone(), 599, t.scope.clone());
        assert_eq!((rebuilt.token_type.as_str(), rebuilt.expires_in), ("Bearer", 599));
    }

    #[test]
    fn lenient_where_harmless() {
        let t = parse_token_response(&HttpResponse::new(200, r#"{"access_token":"a","expires_in":"120","extra":1}"#))
            .unwrap();
        assert_eq!((t.token_type.as_str(), t.expires_in, t.scope), ("Bearer", 120, None));
        let t = parse_token_response(&HttpResponse::new(
            200,
            r#"{"access_token":"a","token_type":"bearer","expires_in":120,"scope":null}"#,
        ))
        .unwrap();
        assert_eq!(t.token_type, "bearer");
    }

    #[test]
    fn garbage_success_bodies_are_typed_errors() {
        let secret = "SECRET-TOKEN-VALUE";
        for (body, reason) in [
            ("<html>ok</html>".to_owned(), "body is not JSON"),
            ("".to_owned(), "body is not JSON"),
            (format!(r#"{{"access_token":"{secret}""#), "body is not JSON"),
            (format!(r#"["{secret}"]"#), "JSON is not an object"),
            (r#"{"token_type":"Bearer","expires_in":120}"#.to_owned(), "access_token is missing"),
            (r#"{"access_token":"","expires_in":120}"#.to_owned(), "access_token is not a non-empty string"),
            (r#"{"access_token":42,"expires_in":120}"#.to_owned(), "access_token is not a non-empty string"),
            (format!(r#"{{"access_token":"{secret}"}}"#), "expires_in is missing or not a whole number of seconds"),
            (
                format!(r#"{{"access_token":"{secret}","expires_in":-5}}"#),
                "expires_in is missing or not a whole number of seconds",
            ),
            (
                format!(r#"{{"access_token":"{secret}","expires_in":1.5}}"#),
                "expires_in is missing or not a whole number of seconds",
            ),
            (format!(r#"{{"access_token":"{secret}","expires_in":9,"scope":["a"]}}"#), "scope is not a string"),
        ] {
            let err = parse_token_response(&HttpResponse::new(200, body.clone())).unwrap_err();
            assert_eq!(err, TokenError::MalformedResponse { status: 200, reason: reason.into() }, "{body}");
            assert_eq!(err.kind(), ErrorKind::UnexpectedResponse);
            assert!(!format!("{err} {err:?}").contains(secret));
        }
        let dpop = r#"{"access_token":"a","token_type":"DPoP","expires_in":9}"#;
        assert!(matches!(
            parse_token_response(&HttpResponse::new(200, dpop)),
            Err(TokenError::MalformedResponse { .. })
        ));
    }

    #[test]
    fn non_json_errors_are_typed() {
        let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        let resp = HttpResponse::new(502, html).header("Content-Type", "text/html");
        let err = parse_token_response(&resp).unwrap_err();
        assert_eq!(
            err,
            TokenError::UnexpectedError { status: 502, content_type: Some("text/html".into()), excerpt: html.into() }
        );
        assert_eq!(err.kind(), ErrorKind::Unavailable);
        assert!(err.is_retryable());
        let err = parse_token_response(&HttpResponse::new(404, "Not Found")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnexpectedResponse);
        assert!(!err.is_retryable());
        // JSON, but not an OAuth error.
        let err = parse_token_response(&HttpResponse::new(400, r#"{"message":"nope"}"#)).unwrap_err();
        assert!(matches!(err, TokenError::UnexpectedError { status: 400, .. }));
    }
}
