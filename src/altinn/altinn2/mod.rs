//! Altinn 2 consent (closes June 2026): pre-register a request, send the user to its `gui` link, parse the redirect,
//! exchange the `AuthorizationCode` for a 30-second consent JWT, and send that JWT in the `AltinnSamtykke` header.
//!
//! | step | request | parse |
//! |---|---|---|
//! | pre-register (`ApiKey`, optional Maskinporten `altinn:consentrequests.write`) | [`prepare_create_consent_request`] | [`parse_create_consent_response`] |
//! | redirect back | | [`parse_callback`] |
//! | consent token (`ApiKey`, optional Maskinporten token) | [`prepare_consent_token_request`] | [`parse_consent_token_response`] |
//! | show what the token says (no signature check) | | [`UntrustedConsentClaims::decode`] |

mod callback;
mod claims;
mod request;
mod status;
mod token;

use std::fmt;

pub use callback::{parse_callback, Altinn2Callback, Altinn2Outcome};
pub use claims::{ClaimsError, ServiceGrant, UntrustedConsentClaims};
pub use request::{
    parse_create_consent_response, prepare_create_consent_request, AltinnErrorItem, ConsentRequest,
    ConsentRequestError, CreatedConsentRequest, RequestResource, DEFAULT_VALIDITY_SECS, SERVICE_CODE,
    SERVICE_EDITION_CODE,
};
pub use status::{parse_consent_request_status, prepare_get_consent_request, Altinn2RequestStatus};
pub use token::{parse_consent_token_response, prepare_consent_token_request, ConsentTokenError};

use super::CallbackError;
use crate::{
    altinn::Altinn2Environment,
    http::{form_encode, HttpRequest, Method},
    secret::{AccessToken, AltinnApiKey},
};

/// `GET {altinn}{path}{code}` with our `ApiKey`, `Accept` and, when given, a Maskinporten token: the shape of every
/// call made with an authorization code.
fn get_with_code(
    env: &Altinn2Environment,
    api_key: &AltinnApiKey,
    bearer: Option<&AccessToken>,
    path: &str,
    code: &AuthorizationCode,
    accept: &str,
) -> HttpRequest {
    let url = format!("{}{path}{}", env.base_url(), form_encode(code.as_str()));
    let mut http = HttpRequest::new(Method::Get, url).header("ApiKey", api_key.secret()).header("Accept", accept);
    if let Some(token) = bearer {
        http = http.bearer(token);
    }
    http
}

/// The code naming a pre-registered Altinn 2 consent request (a GUID in practice). It comes back on the redirect
/// and is exchanged for consent tokens; on its own it grants nothing without our API key.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AuthorizationCode(String);

impl AuthorizationCode {
    /// Accepts 1 to 64 ASCII letters, digits and `-` (Altinn's doc example has a truncated GUID, so the GUID shape
    /// itself is not enforced).
    pub fn parse(s: &str) -> Result<Self, CallbackError> {
        let ok = (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        ok.then(|| Self(s.to_owned())).ok_or(CallbackError::InvalidAuthorizationCode)
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AuthorizationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AuthorizationCode({})", self.0)
    }
}

impl fmt::Display for AuthorizationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn authorization_codes() {
        assert!(AuthorizationCode::parse("c44f284f-b43b-4355-925a-2add17439659").is_ok());
        assert!(AuthorizationCode::parse("435d832-193b-4a13-a6d1-d172c18e18c7").is_ok());
        for bad in ["", "a b", "a/../b", "æ", &"a".repeat(65)] {
            assert_eq!(AuthorizationCode::parse(bad), Err(CallbackError::InvalidAuthorizationCode), "{bad}");
        }
    }
}
