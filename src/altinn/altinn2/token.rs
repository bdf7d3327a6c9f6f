//! Exchanging an `AuthorizationCode` for an Altinn 2 consent token: `GET {altinn}/api/authorization/token/{code}`.

use super::{get_with_code, request::body_message, AuthorizationCode};
use crate::{
    altinn::Altinn2Environment,
    http::{HttpRequest, HttpResponse},
    secret::{AccessToken, AltinnApiKey, ConsentToken},
};

/// Altinn's documented 403 text, used when the response carries no text of its own.
const NOT_AUTHORIZED_TEXT: &str =
    "The API key is not authorized for this operation, or the supplied authorization code \
                                   is either expired or invalid.";

/// A consent-token response that is an error or not a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConsentTokenError {
    /// 403: the consent is invalid, expired or revoked, or the API key may not use this code. Ask the user for a new
    /// consent (or fix the API key).
    #[error("altinn refused the consent token (http 403): {message}; the consent may be expired or revoked, ask for a new one")]
    NotAuthorized {
        /// Altinn's text (scrubbed), or its documented 403 text.
        message: String,
    },
    /// Another non-success status.
    #[error("altinn answered http {status} to the consent token request{}", message.as_ref().map(|m| format!(": {m}")).unwrap_or_default())]
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
        /// A message from the body (scrubbed), if any.
        message: Option<String>,
    },
    /// A success status whose body is not a quoted JSON string, `<string>` XML or a bare JWT.
    #[error("altinn's consent token response is not a json string or <string> xml element")]
    UnreadableBody,
    /// The body's value is not a compact JWT (three base64url parts).
    #[error("altinn's consent token response does not hold a compact jwt")]
    NotAJwt,
}

/// `GET {altinn}/api/authorization/token/{code}` with our `ApiKey`, `Accept: application/json`, and a Maskinporten
/// token (scope `altinn:consenttokens.read`) when the API key alone is not accepted. Each token lives 30 s; fetch a
/// new one per call with the same code while the consent is valid.
pub fn prepare_consent_token_request(
    env: &Altinn2Environment,
    api_key: &AltinnApiKey,
    bearer: Option<&AccessToken>,
    code: &AuthorizationCode,
) -> HttpRequest {
    get_with_code(env, api_key, bearer, "/api/authorization/token/", code, "application/json")
}

/// Parses the token response: a JSON string (`"eyJ..."`), an XML `<string>eyJ...</string>` (namespace attributes
/// allowed), or a bare JWT. 403 becomes [`ConsentTokenError::NotAuthorized`].
pub fn parse_consent_token_response(response: &HttpResponse) -> Result<ConsentToken, ConsentTokenError> {
    if response.status == 403 {
        let message = body_message(&response.body).unwrap_or_else(|| NOT_AUTHORIZED_TEXT.to_owned());
        return Err(ConsentTokenError::NotAuthorized { message });
    }
    if !response.is_success() {
        return Err(ConsentTokenError::UnexpectedStatus {
            status: response.status,
            message: body_message(&response.body),
        });
    }
    let text = std::str::from_utf8(&response.body).map_err(|_| ConsentTokenError::UnreadableBody)?;
    let text = text.trim_start_matches('\u{feff}').trim();
    let token = if text.starts_with('"') {
        serde_json::from_str::<String>(text).map_err(|_| ConsentTokenError::UnreadableBody)?
    } else if text.starts_with('<') {
        xml_string(text).ok_or(ConsentTokenError::UnreadableBody)?.to_owned()
    } else {
        text.to_owned()
    };
    let token = token.trim();
    if !is_compact_jwt(token) {
        return Err(ConsentTokenError::NotAJwt);
    }
    Ok(ConsentToken::new(token))
}

/// The text of a single `<string ...>` element (any namespace prefix and attributes), after an optional XML
/// declaration. No entities are expected in a JWT, so none are decoded.
fn xml_string(text: &str) -> Option<&str> {
    let mut rest = text;
    if rest.starts_with("<?xml") {
        rest = rest[rest.find("?>")? + 2..].trim_start();
    }
    let open_end = rest.find('>')?;
    let open = rest[1..open_end].trim_end_matches('/');
    let name = open.split_whitespace().next()?;
    let local = name.rsplit(':').next()?;
    if local != "string" || rest[..open_end].ends_with('/') {
        return None;
    }
    let body = &rest[open_end + 1..];
    let close = format!("</{name}>");
    let inner_end = body.find(&close)?;
    body[inner_end + close.len()..].trim().is_empty().then(|| body[..inner_end].trim())
}

/// Three `.`-separated base64url parts, the first two non-empty.
fn is_compact_jwt(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    let b64 = |p: &str| p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    parts.len() == 3 && !parts[0].is_empty() && !parts[1].is_empty() && parts.iter().all(|p| b64(p))
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::http::Method;

    const JWT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhbHRpbm4ubm8ifQ.c2ln";

    #[test]
    fn token_request_shape() {
        let code = AuthorizationCode::parse("c44f284f-b43b-4355-925a-2add17439659").unwrap();
        let key = AltinnApiKey::new("KEY");
        let r = prepare_consent_token_request(&Altinn2Environment::tt02(), &key, None, &code);
        assert_eq!(r.method, Method::Get);
        assert_eq!(r.url, "https://tt02.altinn.no/api/authorization/token/c44f284f-b43b-4355-925a-2add17439659");
        assert_eq!(r.header_value("ApiKey"), Some("KEY"));
        assert_eq!(r.header_value("Accept"), Some("application/json"));
        assert_eq!(r.header_value("Authorization"), None);
        let r = prepare_consent_token_request(
            &Altinn2Environment::production(),
            &key,
            Some(&AccessToken::new("MP")),
            &code,
        );
        assert!(r.url.starts_with("https://www.altinn.no/api/authorization/token/"));
        assert_eq!(r.header_value("Authorization"), Some("Bearer MP"));
        assert!(!format!("{r:?}").contains("KEY") && !format!("{r:?}").contains("MP\""));
    }

    #[test]
    fn token_bodies() {
        let ok = |b: &str| {
            parse_consent_token_response(&HttpResponse::new(200, b.to_owned())).map(|t| t.secret().to_owned())
        };
        assert_eq!(ok(&format!("\"{JWT}\"")).unwrap(), JWT);
        assert_eq!(ok(&format!("\u{feff} \"{JWT}\"\r\n")).unwrap(), JWT);
        assert_eq!(ok(&format!("<string>{JWT}</string>")).unwrap(), JWT);
        assert_eq!(
            ok(&format!(r#"<?xml version="1.0" encoding="utf-8"?><string xmlns="http://schemas.microsoft.com/2003/10/Serialization/">{JWT}</string>"#))
                .unwrap(),
            JWT
        );
        assert_eq!(ok(&format!("<a:string xmlns:a=\"x\">\n{JWT}\n</a:string>")).unwrap(), JWT);
        assert_eq!(ok(JWT).unwrap(), JWT);
        use ConsentTokenError as E;
        for (body, err) in [
            ("", E::NotAJwt),
            ("\"\"", E::NotAJwt),
            ("\"not a token\"", E::NotAJwt),
            ("\"a.b\"", E::NotAJwt),
            ("\"a.b.c.d\"", E::NotAJwt),
            ("\"a+b.c.d\"", E::NotAJwt),
            ("\"unterminated", E::UnreadableBody),
            ("<html><body>error</body></html>", E::UnreadableBody),
            ("<string>eyJ", E::UnreadableBody),
            ("<string/>", E::UnreadableBody),
            ("<string>a.b.c</string><x/>", E::UnreadableBody),
            ("{\"token\":\"a.b.c\"}", E::NotAJwt),
        ] {
            assert_eq!(ok(body).unwrap_err(), err, "{body}");
        }
        assert_eq!(
            parse_consent_token_response(&HttpResponse::new(200, vec![0xff, 0xfe])).unwrap_err(),
            E::UnreadableBody
        );
    }

    #[test]
    fn forbidden_is_not_authorized() {
        let e = parse_consent_token_response(&HttpResponse::new(403, "")).unwrap_err();
        assert_eq!(e, ConsentTokenError::NotAuthorized { message: NOT_AUTHORIZED_TEXT.to_owned() });
        let e = parse_consent_token_response(&HttpResponse::new(403, "\"Consent revoked\"")).unwrap_err();
        assert_eq!(e, ConsentTokenError::NotAuthorized { message: "Consent revoked".to_owned() });
        assert!(e.to_string().contains("expired or revoked"));
        let e = parse_consent_token_response(&HttpResponse::new(500, "{\"Message\":\"An error has occurred.\"}"))
            .unwrap_err();
        assert_eq!(
            e,
            ConsentTokenError::UnexpectedStatus { status: 500, message: Some("An error has occurred.".into()) }
        );
        let e = parse_consent_token_response(&HttpResponse::new(401, "<html/>")).unwrap_err();
        assert_eq!(e, ConsentTokenError::UnexpectedStatus { status: 401, message: None });
    }
}
