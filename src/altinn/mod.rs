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
//! [`altinn3::prepare_get_consent_request`] or followed through the `events` feed.
//!
//! **Altinn 2** ([`altinn2`], closes June 2026): [`altinn2::prepare_create_consent_request`] pre-registers a request
//! for service 5928/202301 and returns an `AuthorizationCode` and a `gui` link. The redirect carries the code and
//! `Status` ([`altinn2::parse_callback`]). The code is exchanged for a 30-second consent JWT
//! ([`altinn2::prepare_consent_token_request`]), sent to Skatteetaten in the `AltinnSamtykke` header next to a
//! Maskinporten token. Skatteetaten only supports pre-registered requests without `RequestMessage`.
//!
//! In both flows we put our own random `state` into the redirect URL ([`RedirectUrl::with_state`]) and check it on
//! the way back ([`Callback::verify_state`] on an [`altinn3::Altinn3Callback`] or [`altinn2::Altinn2Callback`]).
//!
//! [`HttpRequest`]: crate::http::HttpRequest
//! [`HttpResponse`]: crate::http::HttpResponse

pub mod altinn2;
pub mod altinn3;
mod callback;
mod environment;
mod error;

pub use callback::{new_state, Callback, RedirectUrl};
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
