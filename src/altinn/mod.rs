//! Altinn consent: Altinn 3 (consent inside the Maskinporten token) and Altinn 2 (`AltinnSamtykke` token).
//!
//! Both flows send the business's representative to Altinn, who approves or rejects, and Altinn redirects the
//! browser back to our `redirectUrl`. Everything here is sans-IO: requests come out as [`HttpRequest`] data,
//! responses go in as [`HttpResponse`] data, and `now` and random bytes are arguments.
//!
//! **Altinn 3** ([`altinn3`]): [`altinn3::prepare_create_consent_request`] posts a [`altinn3::ConsentRequest`]
//! (our own UUID, `from` the business, `to` our org, resource `ske-samtykke-krav-og-betalinger`) and the response
//! gives a `viewUri` to send the user to. The redirect carries `Status=OK|Failed` ([`altinn3::parse_callback`]).
//! The consent is then used by asking Maskinporten for a token with `authorization_details` of type
//! `urn:altinn:consent` (see the `maskinporten` module); there is no separate consent token. Status is polled with
//! [`altinn3::prepare_get_consent_request`] or followed through the `latestchanges` feed.
//!
//! **Altinn 2** ([`altinn2`], closes June 2026): [`altinn2::prepare_create_consent_request`] pre-registers a request
//! for service 5928/202301 and returns an `AuthorizationCode` and a `gui` link. The redirect carries the code and
//! `Status` ([`altinn2::parse_callback`]). The code is exchanged for a 30-second consent JWT
//! ([`altinn2::prepare_consent_token_request`]), sent to Skatteetaten in the `AltinnSamtykke` header next to a
//! Maskinporten token. Skatteetaten only supports pre-registered requests without `RequestMessage`.
//!
//! In both flows we put our own random `state` into the redirect URL ([`RedirectUrl::with_state`]) and check it on
//! the way back ([`altinn3::Altinn3Callback::verify_state`], [`altinn2::Altinn2Callback::verify_state`]).
//!
//! [`HttpRequest`]: crate::http::HttpRequest
//! [`HttpResponse`]: crate::http::HttpResponse

pub mod altinn2;
pub mod altinn3;
mod callback;
mod environment;
mod error;

pub use callback::{new_state, RedirectUrl};
pub use environment::{Altinn2Environment, Altinn3Environment};
pub use error::{CallbackError, EnvironmentError, RedirectUrlError};

/// Whether Altinn also lists the request in the user's Altinn inbox ("show") or only via our redirect ("hide").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PortalViewMode {
    /// Only reachable through the link we send the user to.
    Hide,
    /// Also shown in the Altinn portal.
    Show,
}

/// Makes Altinn-supplied free text safe to show and log: at most 300 characters, any run of exactly 11 digits (a
/// possible fødselsnummer) redacted, and JWT-looking words replaced.
pub(crate) fn scrub(text: &str) -> String {
    let mut out = String::new();
    for word in text.split_inclusive(char::is_whitespace) {
        let core = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        if core.starts_with("eyJ") && core.len() > 20 {
            out.push_str("[redacted]");
            out.extend(word.chars().filter(|c| c.is_whitespace()));
            continue;
        }
        let mut digits = String::new();
        for c in word.chars().chain(std::iter::once('\0')) {
            if c.is_ascii_digit() {
                digits.push(c);
                continue;
            }
            if digits.len() == 11 {
                out.push_str(&crate::ids::redact(&digits));
            } else {
                out.push_str(&digits);
            }
            digits.clear();
            if c != '\0' {
                out.push(c);
            }
        }
    }
    let mut chars = out.trim().chars();
    let mut shown: String = chars.by_ref().take(300).collect();
    if chars.next().is_some() {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn scrub_redacts_national_ids_and_tokens() {
        let s =
            scrub("party urn:altinn:person:identifier-no:02925796975 bad; token eyJhbGciOiJSUzI1NiJ9.eyJzdWIi.sig x");
        assert!(!s.contains("0292579"), "{s}");
        assert!(s.contains("******96975"), "{s}");
        assert!(!s.contains("eyJhbGci"), "{s}");
        assert_eq!(scrub("org 313367002 and 2025"), "org 313367002 and 2025");
        assert_eq!(scrub(&"x".repeat(400)).chars().count(), 301);
    }
}
