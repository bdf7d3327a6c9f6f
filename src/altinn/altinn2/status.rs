//! The status of a pre-registered request: `GET {altinn}/api/consentRequest/{AuthorizationCode}` (the `_links.self` of the request) with our
//! `ApiKey`, read for its `ConsentStatus`. It tells a refusal from a request not answered yet, which the consent
//! token (403 for both) cannot.

use serde::Deserialize;

use super::{get_with_code, request::status_error, AuthorizationCode, ConsentRequestError};
use crate::{
    altinn::Altinn2Environment,
    http::{HttpRequest, HttpResponse},
    redact::excerpt,
    secret::{AccessToken, AltinnApiKey},
};

/// What Altinn 2 says about a pre-registered request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Altinn2RequestStatus {
    /// Not answered yet (`Created`, or a state not known here).
    Pending,
    /// The user approved (`Accepted`).
    Accepted,
    /// The user declined (`Rejected`).
    Rejected,
    /// Withdrawn or gone (`Revoked`, `Deleted`, `Expired`).
    Revoked,
}

/// `GET {altinn}/api/consentRequest/{code}` with `ApiKey` (and a Maskinporten token if given).
pub fn prepare_get_consent_request(
    env: &Altinn2Environment,
    api_key: &AltinnApiKey,
    bearer: Option<&AccessToken>,
    code: &AuthorizationCode,
) -> HttpRequest {
    get_with_code(env, api_key, bearer, "/api/consentRequest/", code, "application/hal+json")
}

#[derive(Deserialize)]
struct Wire {
    #[serde(rename = "ConsentStatus")]
    consent_status: Option<String>,
}

/// Reads `ConsentStatus` from the answer.
pub fn parse_consent_request_status(response: &HttpResponse) -> Result<Altinn2RequestStatus, ConsentRequestError> {
    if !response.is_success() {
        return Err(status_error(response));
    }
    let w: Wire = serde_json::from_slice(&response.body)
        .map_err(|e| ConsentRequestError::InvalidBody(excerpt(&e.to_string())))?;
    let status = w.consent_status.ok_or_else(|| ConsentRequestError::InvalidBody("no ConsentStatus".into()))?;
    Ok(match status.to_ascii_lowercase().as_str() {
        "accepted" => Altinn2RequestStatus::Accepted,
        "rejected" => Altinn2RequestStatus::Rejected,
        "revoked" | "deleted" | "expired" => Altinn2RequestStatus::Revoked,
        _ => Altinn2RequestStatus::Pending,
    })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::http::Method;

    fn answer(status: u16, body: &str) -> HttpResponse {
        HttpResponse::new(status, body.as_bytes().to_vec())
    }

    #[test]
    fn the_request_and_its_status() {
        let env = Altinn2Environment::tt02();
        let code = AuthorizationCode::parse("a1b2c3d4-0000-4000-8000-000000000001").unwrap();
        let http = prepare_get_consent_request(&env, &AltinnApiKey::new("k"), None, &code);
        assert_eq!(http.method, Method::Get);
        assert_eq!(http.url, "https://tt02.altinn.no/api/consentRequest/a1b2c3d4-0000-4000-8000-000000000001");
        assert!(http.headers.iter().any(|(k, v)| k == "ApiKey" && v == "k"));
        for (wire, status) in [
            ("Created", Altinn2RequestStatus::Pending),
            ("Accepted", Altinn2RequestStatus::Accepted),
            ("Rejected", Altinn2RequestStatus::Rejected),
            ("Revoked", Altinn2RequestStatus::Revoked),
            ("Deleted", Altinn2RequestStatus::Revoked),
            ("Unopened", Altinn2RequestStatus::Pending),
        ] {
            let body = format!(r#"{{"AuthorizationCode":"x","ConsentStatus":"{wire}"}}"#);
            assert_eq!(parse_consent_request_status(&answer(200, &body)).unwrap(), status, "{wire}");
        }
        assert!(parse_consent_request_status(&answer(200, "{}")).is_err());
        assert!(parse_consent_request_status(&answer(200, "[")).is_err());
        assert!(parse_consent_request_status(&answer(404, r#""No consent request""#)).is_err());
    }
}
