//! Errors shared by both consent generations: environments, redirect URLs and callbacks.

/// A base URL for an Altinn environment that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EnvironmentError {
    /// Not an absolute `https://` (or `http://`, for a local simulator) URL with a host, or it has userinfo
    /// (`user@`), a query or a fragment. Shown scrubbed.
    #[error("altinn base url {0:?} must be an absolute http(s) url with a host and no userinfo, query or fragment")]
    BaseUrl(String),
}

/// A redirect URL we would hand to Altinn that cannot work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RedirectUrlError {
    /// Not an absolute `https://` or `http://` URL with a host, or it has userinfo (`user@`) or whitespace.
    #[error("redirect url must be an absolute http(s) url with a host, no userinfo and no whitespace")]
    NotAbsolute,
    /// It has a `#fragment`; Altinn appends its parameters to the query, which would then land in the fragment.
    #[error("redirect url must not have a #fragment: altinn appends its parameters to the query")]
    Fragment,
    /// The state parameter name is empty, not URL-safe, or one Altinn itself uses (`Status`, `ErrorMessage`, ...).
    #[error("state parameter name {0:?} is empty, not url-safe, or reserved by altinn")]
    StateParameterName(String),
    /// The URL already has a parameter with the state parameter's name.
    #[error("redirect url already has a {0:?} parameter")]
    StateParameterTaken(String),
    /// The state value is empty.
    #[error("state value must not be empty")]
    EmptyState,
}

/// A redirect back from Altinn that does not parse, or that we did not start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CallbackError {
    /// The query has a bad percent-escape or is not UTF-8.
    #[error("callback query is not valid percent-encoded utf-8")]
    BadEncoding,
    /// No `Status` parameter: this is not a redirect from Altinn's consent page.
    #[error("callback has no Status parameter; was it a redirect from altinn's consent page?")]
    MissingStatus,
    /// `Status` is neither `OK` nor `Failed`.
    #[error("callback Status {0:?} is neither OK nor Failed")]
    UnknownStatus(String),
    /// A parameter we read appears more than once, so its value is ambiguous.
    #[error("callback parameter {0:?} appears more than once")]
    DuplicateParameter(String),
    /// Our own state parameter is missing or empty: the redirect URL was altered or not ours.
    #[error("callback has no {0:?} state parameter; start the consent flow again")]
    MissingState(String),
    /// The state does not match the one we issued: a forged or stale redirect.
    #[error("callback state does not match the one issued; start the consent flow again")]
    StateMismatch,
    /// Altinn 2 `Status=OK` without an `AuthorizationCode`.
    #[error("altinn 2 callback with Status=OK has no AuthorizationCode")]
    MissingAuthorizationCode,
    /// An Altinn 2 authorization code that is empty, too long or has characters other than letters, digits and `-`.
    #[error("altinn 2 callback has a malformed authorization code")]
    InvalidAuthorizationCode,
}
