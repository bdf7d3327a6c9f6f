//! The stable problem codes of the Worker's `application/problem+json` answers (RFC 9457), each with its HTTP
//! status and English title, and the codes the browser package and the widget raise themselves.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! codes {
    (
        $(#[$meta:meta])* $vis:vis enum $ty:ident { $($(#[$doc:meta])* $name:ident $wire:literal $($status:literal $title:literal)?,)* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $ty {
            $($(#[$doc])* #[doc = concat!("`", $wire, "`")] $name,)*
        }

        impl $ty {
            /// Every code, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$name,)*];

            /// The stable snake_case string on the wire.
            pub const fn as_str(self) -> &'static str {
                match self { $($ty::$name => $wire,)* }
            }
        }

        impl FromStr for $ty {
            type Err = UnknownCode;

            fn from_str(s: &str) -> Result<Self, UnknownCode> {
                match s { $($wire => Ok($ty::$name),)* _ => Err(UnknownCode(s.chars().take(64).collect())) }
            }
        }
    };
}

codes! {
    /// A code the Worker answers with (the table in docs/worker-api.md).
    pub enum ProblemCode {
        /// No, malformed, expired or untrusted session.
        Unauthorized "unauthorized",
        /// The session may not act for this party.
        ForbiddenParty "forbidden_party",
        /// A CORS preflight from an origin not in `ALLOWED_ORIGINS`.
        OriginNotAllowed "origin_not_allowed",
        /// Not a valid organisasjonsnummer or fødselsnummer.
        InvalidParty "invalid_party",
        /// A fødselsnummer in the URL path.
        PersonInPath "person_in_path",
        /// `fraOgMed`/`tilOgMed` missing, repeated, malformed, reversed or over a year.
        InvalidPeriod "invalid_period",
        /// A bad JSON body or field.
        InvalidRequest "invalid_request",
        /// A request body over the limit.
        PayloadTooLarge "payload_too_large",
        /// A return URL not on the allow-list.
        ReturnUrlNotAllowed "return_url_not_allowed",
        /// A consent callback state forged, replayed, expired or for another session or party.
        InvalidState "invalid_state",
        /// No valid consent.
        ConsentRequired "consent_required",
        /// The party withdrew its consent.
        ConsentRevoked "consent_revoked",
        /// A limit was reached.
        RateLimited "rate_limited",
        /// Skatteetaten knows no such party.
        PartyNotFound "party_not_found",
        /// Maskinporten does not know the client id.
        MaskinportenClientUnknown "maskinporten_client_unknown",
        /// The Maskinporten client lacks a scope.
        MaskinportenScopeMissing "maskinporten_scope_missing",
        /// Another Maskinporten refusal.
        MaskinportenError "maskinporten_error",
        /// An upstream service is unavailable, timed out or too busy.
        UpstreamUnavailable "upstream_unavailable",
        /// An unexpected upstream answer.
        UpstreamError "upstream_error",
        /// A variable, secret or binding is missing.
        ConfigMissing "config_missing",
        /// A variable or secret is malformed.
        ConfigInvalid "config_invalid",
        /// A runtime failure that is nobody's configuration.
        InternalError "internal_error",
        /// No such route.
        NotFound "not_found",
        /// The route does not allow the method.
        MethodNotAllowed "method_not_allowed",
    }
}

impl ProblemCode {
    /// The HTTP status answered with this code.
    pub const fn status(self) -> u16 {
        match self {
            Self::InvalidParty
            | Self::PersonInPath
            | Self::InvalidPeriod
            | Self::InvalidRequest
            | Self::InvalidState => 400,
            Self::Unauthorized => 401,
            Self::ForbiddenParty
            | Self::OriginNotAllowed
            | Self::ReturnUrlNotAllowed
            | Self::ConsentRequired
            | Self::ConsentRevoked => 403,
            Self::PartyNotFound | Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::PayloadTooLarge => 413,
            Self::RateLimited => 429,
            Self::ConfigMissing | Self::ConfigInvalid | Self::InternalError => 500,
            Self::MaskinportenClientUnknown
            | Self::MaskinportenScopeMissing
            | Self::MaskinportenError
            | Self::UpstreamError => 502,
            Self::UpstreamUnavailable => 503,
        }
    }

    /// The English `title` of the problem body.
    pub const fn title(self) -> &'static str {
        match self {
            Self::Unauthorized => "No valid session",
            Self::ForbiddenParty => "The session may not act for this party",
            Self::OriginNotAllowed => "This origin is not allowed",
            Self::InvalidParty => "Not a valid party id",
            Self::PersonInPath => "A person's id must not be in the URL",
            Self::InvalidPeriod => "Not a valid period",
            Self::InvalidRequest => "Bad request",
            Self::PayloadTooLarge => "Request body too large",
            Self::ReturnUrlNotAllowed => "Return URL not allowed",
            Self::InvalidState => "Invalid consent state",
            Self::ConsentRequired => "Consent required",
            Self::ConsentRevoked => "Consent revoked",
            Self::RateLimited => "Too many requests",
            Self::PartyNotFound => "Party not found",
            Self::MaskinportenClientUnknown => "Maskinporten does not know the client",
            Self::MaskinportenScopeMissing => "The Maskinporten client lacks a scope",
            Self::MaskinportenError => "Maskinporten refused the grant",
            Self::UpstreamUnavailable => "An upstream service is unavailable",
            Self::UpstreamError => "Unexpected upstream answer",
            Self::ConfigMissing => "Configuration missing",
            Self::ConfigInvalid => "Configuration invalid",
            Self::InternalError => "Internal error",
            Self::NotFound => "Not found",
            Self::MethodNotAllowed => "Method not allowed",
        }
    }

    /// The problem's `type`: `urn:kravkit:problem:<code>`.
    pub fn type_uri(self) -> String {
        format!("urn:kravkit:problem:{}", self.as_str())
    }
}

codes! {
    /// A code the browser package or the widget raises itself, never sent by the Worker.
    pub enum ClientCode {
        /// The input is not JSON of the expected shape.
        InvalidJson "invalid_json",
        /// Bad options of the client or the element (no session, no base URL).
        InvalidOptions "invalid_options",
        /// No response came (offline, DNS, CORS, a rejected `fetch`).
        NetworkError "network_error",
        /// The session provider threw, or did not give a string.
        SessionFailed "session_failed",
        /// A 2xx answer whose body is not what the contract says.
        InvalidResponse "invalid_response",
        /// A bug in the package: a value could not be converted.
        Internal "internal",
        /// The consent return URL says `failed` without a code.
        ConsentFailed "consent_failed",
        /// A 403 whose body is not a problem.
        Forbidden "forbidden",
        /// Another non-2xx answer whose body is not a problem.
        HttpError "http_error",
    }
}

/// A string that is not a known code (kept, cut to 64 characters, for the message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode(pub String);

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown code {:?}", self.0)
    }
}

impl std::error::Error for UnknownCode {}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ProblemCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ProblemCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The `application/problem+json` body: `{type, title, status, code, detail, korrelasjonsid?}`. The Worker builds it
/// with [`ProblemBody::new`] (status, title and type from the code); a reader takes any part of it (a member of
/// the wrong type counts as absent), and keeps a `code` newer than its own [`ProblemCode`] as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemBody {
    /// `urn:kravkit:problem:<code>`.
    #[serde(rename = "type", default, deserialize_with = "lenient")]
    pub type_uri: Option<String>,
    /// The code's English title.
    #[serde(default, deserialize_with = "lenient")]
    pub title: Option<String>,
    /// The HTTP status.
    #[serde(default, deserialize_with = "lenient")]
    pub status: Option<u16>,
    /// The stable code ([`ProblemCode`], or a newer one).
    #[serde(default, deserialize_with = "lenient")]
    pub code: Option<String>,
    /// What went wrong, for people.
    #[serde(default, deserialize_with = "lenient")]
    pub detail: Option<String>,
    /// The correlation id of the call to Skatteetaten the problem came from.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub korrelasjonsid: Option<String>,
}

impl ProblemBody {
    /// The body of a problem with `code`.
    pub fn new(code: ProblemCode, detail: impl Into<String>, korrelasjonsid: Option<String>) -> Self {
        Self {
            type_uri: Some(code.type_uri()),
            title: Some(code.title().to_owned()),
            status: Some(code.status()),
            code: Some(code.as_str().to_owned()),
            detail: Some(detail.into()),
            korrelasjonsid,
        }
    }
}

/// A member of the expected type, else `None` (never an error: one odd member does not lose the others).
fn lenient<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(serde_json::from_value(v).ok())
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_code_round_trips_and_has_a_status_and_title() {
        for code in ProblemCode::ALL {
            let s = code.as_str();
            assert!(s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{s}");
            assert_eq!(s.parse::<ProblemCode>(), Ok(*code));
            assert_eq!(serde_json::to_string(code).unwrap(), format!("\"{s}\""));
            assert_eq!(serde_json::from_str::<ProblemCode>(&format!("\"{s}\"")).unwrap(), *code);
            assert!((400..=599).contains(&code.status()), "{s}");
            assert!(!code.title().is_empty());
            assert_eq!(code.type_uri(), format!("urn:kravkit:problem:{s}"));
        }
        assert_eq!(ProblemCode::ConsentRevoked.status(), 403);
        assert_eq!(ProblemCode::UpstreamUnavailable.status(), 503);
        assert_eq!(ProblemCode::MethodNotAllowed.status(), 405);
        assert_eq!(ProblemCode::RateLimited.title(), "Too many requests");
    }

    #[test]
    fn unknown_strings_are_errors() {
        for bad in ["", "no_such_code", "Unauthorized", "timeout", "consent_denied", "network_error"] {
            assert!(bad.parse::<ProblemCode>().is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<ProblemCode>("\"no_such_code\"").is_err());
        assert_eq!("x".repeat(100).parse::<ProblemCode>().unwrap_err().0.len(), 64);
    }

    #[test]
    fn codes_are_unique_and_client_codes_are_never_worker_codes() {
        let worker: HashSet<_> = ProblemCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(worker.len(), ProblemCode::ALL.len());
        let client: HashSet<_> = ClientCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(client.len(), ClientCode::ALL.len());
        assert!(worker.is_disjoint(&client), "{:?}", worker.intersection(&client).collect::<Vec<_>>());
        for code in ClientCode::ALL {
            assert_eq!(code.as_str().parse::<ClientCode>(), Ok(*code));
        }
    }

    #[test]
    fn a_problem_body_reads_whatever_part_is_right() {
        let body = ProblemBody::new(ProblemCode::ConsentRequired, "no consent", Some("k-1".into()));
        let text = serde_json::to_string(&body).unwrap();
        assert_eq!(serde_json::from_str::<ProblemBody>(&text).unwrap(), body);
        let odd: ProblemBody =
            serde_json::from_str(r#"{"type":1,"status":"403","title":null,"code":"newer_code","detail":["x"]}"#)
                .unwrap();
        assert_eq!(odd.code.as_deref(), Some("newer_code"));
        assert_eq!((odd.status, odd.title, odd.detail, odd.type_uri), (None, None, None, None));
        assert!(serde_json::from_str::<ProblemBody>("\"text\"").is_err());
    }
}
