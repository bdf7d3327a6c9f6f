//! Maskinporten's refusals, recognised: each [`TokenError`] has a [`ErrorKind`] with an actionable hint.

use std::fmt;

use serde::Deserialize;

/// An RFC 6749 §5.2 error body, as Maskinporten sends it: `{"error": "invalid_grant", "error_description":
/// "Invalid assertion. Client authentication failed. (MP-100) ..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct OAuthError {
    /// The OAuth error code (`invalid_grant`, `invalid_scope`, `invalid_request`, ...).
    pub error: String,
    /// Maskinporten's message, often with an `MP-nnn` code and a trace id.
    #[serde(default)]
    pub error_description: Option<String>,
    /// A link to more information, rarely sent.
    #[serde(default)]
    pub error_uri: Option<String>,
}

impl OAuthError {
    /// The `MP-nnn` code in the description, if any (`"MP-100"`).
    pub fn mp_code(&self) -> Option<&str> {
        let d = self.error_description.as_deref()?;
        d.match_indices("MP-").map(|(i, _)| &d[i..]).find_map(|rest| {
            let digits = rest[3..].bytes().take_while(u8::is_ascii_digit).count();
            (digits >= 3).then(|| &rest[..3 + digits])
        })
    }

    /// What went wrong, from the most specific clue: a known message first, then the MP code, then the OAuth code.
    pub fn kind(&self) -> ErrorKind {
        let d = self.error_description.as_deref().unwrap_or("").to_ascii_lowercase();
        let has = |s: &str| d.contains(s);
        if has("grant is used before") {
            ErrorKind::GrantReused
        } else if has("jwt is expired") {
            ErrorKind::GrantExpired
        } else if has("issue time is after now") {
            ErrorKind::ClockSkew
        } else if has("client not found") {
            ErrorKind::ClientNotFound
        } else if has("failed to extract certificate") {
            ErrorKind::CertificateNotExtracted
        } else if has("could not validate jwt signature") {
            ErrorKind::BadSignature
        } else if has("invalid scopes for client") || has("scopes with integration types") {
            ErrorKind::InvalidScope
        } else if has("has not delegated access") {
            ErrorKind::NotDelegated
        } else if has("has not been granted access") {
            ErrorKind::AccessNotGranted
        } else if has("combination consumer_org") {
            ErrorKind::ConsumerOrgConflict
        } else {
            match self.mp_code() {
                Some("MP-100") => ErrorKind::InvalidAssertion,
                Some("MP-110") => ErrorKind::InvalidAudience,
                Some("MP-120") => ErrorKind::InvalidCertificate,
                Some("MP-121") => ErrorKind::ExpiredKey,
                Some("MP-303") => ErrorKind::SystemUserConfiguration,
                _ if has("invalid jwt claim aud") => ErrorKind::InvalidAudience,
                _ if has("signed with an invalid certificate") => ErrorKind::InvalidCertificate,
                _ => match self.error.as_str() {
                    "invalid_scope" => ErrorKind::InvalidScope,
                    "invalid_authorization_details" => ErrorKind::InvalidAuthorizationDetails,
                    "invalid_altinn_customer_configuration" => ErrorKind::SystemUserConfiguration,
                    _ if has("invalid assertion") => ErrorKind::InvalidAssertion,
                    _ => ErrorKind::Other,
                },
            }
        }
    }
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.error)?;
        if let Some(d) = &self.error_description {
            write!(f, ": {d}")?;
        }
        Ok(())
    }
}

/// What a failed token request means, each with a [`hint`](ErrorKind::hint) saying what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// MP-100 "Invalid assertion. Client authentication failed." with no more specific message.
    InvalidAssertion,
    /// MP-110: the grant's `aud` is wrong.
    InvalidAudience,
    /// MP-120: signed with an invalid certificate.
    InvalidCertificate,
    /// MP-121: the key has expired.
    ExpiredKey,
    /// "Grant is used before": the `jti` was reused.
    GrantReused,
    /// "JWT is expired": the grant was used too late, or reused.
    GrantExpired,
    /// "Issue time is after now": our clock is ahead of Maskinporten's.
    ClockSkew,
    /// "Client not found": wrong client id, or a client from another environment.
    ClientNotFound,
    /// "Failed to extract certificate from jwt": `x5c` is malformed (not an array).
    CertificateNotExtracted,
    /// "Could not validate JWT Signature".
    BadSignature,
    /// `invalid_scope`, "Token request contains invalid scopes for client".
    InvalidScope,
    /// The consumer has not been granted the scope by the API owner.
    AccessNotGranted,
    /// The consumer has not delegated the scope to us in Altinn.
    NotDelegated,
    /// `consumer_org` names the client's own organisation.
    ConsumerOrgConflict,
    /// MP-303 `invalid_altinn_customer_configuration`: the system user is not set up for this client.
    SystemUserConfiguration,
    /// `invalid_authorization_details`: the consent (or system user) detail was refused.
    InvalidAuthorizationDetails,
    /// Another OAuth error.
    Other,
    /// 5xx or 429 without an OAuth body: Maskinporten or a gateway is unavailable.
    Unavailable,
    /// An answer that is neither a token nor an OAuth error.
    UnexpectedResponse,
}

impl ErrorKind {
    /// What to do about it, for logs and operators.
    pub const fn hint(self) -> &'static str {
        match self {
            Self::InvalidAssertion => {
                "check the client id (iss) for typos and that the grant has only the claims Maskinporten knows"
            }
            Self::InvalidAudience => {
                "set aud to the environment's issuer with its trailing slash (https://test.maskinporten.no/ or \
                https://maskinporten.no/), not the token endpoint"
            }
            Self::InvalidCertificate => {
                "use a valid enterprise certificate for this environment: test certificates in test, production \
                certificates in production"
            }
            Self::ExpiredKey => {
                "the key registered on the client has expired: register a new key (and kid) in Maskinporten's \
                self-service and sign with it"
            }
            Self::GrantReused => {
                "make a new grant with a fresh jti for every token request (16 new random bytes each time)"
            }
            Self::GrantExpired => {
                "make a new grant and post it at once; check that exp is at most 120 s after iat and that our clock \
                is right"
            }
            Self::ClockSkew => {
                "our clock is ahead of Maskinporten's: learn the offset from the response's Date header (ClockOffset) \
                and retry, or fix NTP"
            }
            Self::ClientNotFound => {
                "check the client id and that the client exists in the environment the audience names (test client \
                with test audience)"
            }
            Self::CertificateNotExtracted => "send x5c as a JSON array of base64 DER certificates, not a string",
            Self::BadSignature => {
                "sign with the private key matching the registered kid (or the x5c certificate), using the alg in the \
                header"
            }
            Self::InvalidScope => "request only scopes registered on the client (or delegated to it), spelled exactly",
            Self::AccessNotGranted => {
                "the API owner has not given your organisation this scope: ask them for access or use another scope"
            }
            Self::NotDelegated => {
                "the consumer must delegate the right to your organisation in Altinn (delegations in prod do not \
                apply in TT02)"
            }
            Self::ConsumerOrgConflict => "remove consumer_org: it names the client's own organisation",
            Self::SystemUserConfiguration => {
                "check the system user in Altinn's system register: its client id, and externalRef if one was set"
            }
            Self::InvalidAuthorizationDetails => {
                "the consent was refused: check that it is accepted and not expired or revoked, and that its id and \
                from match"
            }
            Self::Other => "read error_description; Maskinporten's troubleshooting page lists the known messages",
            Self::Unavailable => "Maskinporten or a gateway is unavailable: retry later with a fresh grant",
            Self::UnexpectedResponse => {
                "the answer was not from Maskinporten's token endpoint: check the token endpoint URL"
            }
        }
    }

    /// Whether trying again with a *fresh* grant may succeed without other changes.
    pub const fn is_retryable(self) -> bool {
        matches!(self, Self::GrantReused | Self::GrantExpired | Self::ClockSkew | Self::Unavailable)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// A token request that did not give a token. Never carries the grant or a token: upstream text is
/// [`scrub`](crate::redact::scrub)bed (JWTs and credential values become `[redacted]`) and cut to 300 characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// Maskinporten refused with an OAuth error body.
    #[error("Maskinporten refused the grant (HTTP {status}): {error}")]
    Refused {
        /// The HTTP status (usually 400).
        status: u16,
        /// The error body.
        error: OAuthError,
    },
    /// A non-2xx answer without an OAuth error body (a gateway's HTML page, an empty 503).
    #[error("token endpoint answered HTTP {status} without an OAuth error body: {excerpt:?}")]
    UnexpectedError {
        /// The HTTP status.
        status: u16,
        /// The `Content-Type`, if any.
        content_type: Option<String>,
        /// The start of the body.
        excerpt: String,
    },
    /// A 2xx answer that is not a usable token response.
    #[error("token endpoint answered HTTP {status} but not with a usable token: {reason}")]
    MalformedResponse {
        /// The HTTP status.
        status: u16,
        /// What is wrong with it (never the body itself).
        reason: String,
    },
}

impl TokenError {
    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Refused { error, .. } => error.kind(),
            Self::UnexpectedError { status, .. } if *status >= 500 || *status == 429 => ErrorKind::Unavailable,
            Self::UnexpectedError { .. } | Self::MalformedResponse { .. } => ErrorKind::UnexpectedResponse,
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        self.kind().hint()
    }

    /// Whether trying again with a fresh grant may succeed.
    pub fn is_retryable(&self) -> bool {
        self.kind().is_retryable()
    }

    /// The HTTP status of the answer.
    pub const fn status(&self) -> u16 {
        match self {
            Self::Refused { status, .. }
            | Self::UnexpectedError { status, .. }
            | Self::MalformedResponse { status, .. } => *status,
        }
    }
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
