//! Redirect URLs and the parts of callback parsing both consent generations share.

use std::fmt;

use base64::Engine as _;

use super::error::{CallbackError, RedirectUrlError};
use crate::{
    b64::B64URL,
    http::{form_decode, form_encode, http_url_host, parse_query},
    redact::excerpt,
};

/// Query parameters Altinn adds to the redirect itself; our state parameter may not use these names.
const RESERVED: &[&str] = &["Status", "ErrorMessage", "ErrorCode", "AuthorizationCode", "FailedAuthorizationCode"];

/// An absolute `http(s)` URL without a fragment, where Altinn sends the user back to with its parameters appended.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RedirectUrl(String);

impl RedirectUrl {
    /// Checks a URL as given (absolute `https://` or `http://` with a host and no userinfo, no fragment, no
    /// whitespace).
    pub fn parse(url: &str) -> Result<Self, RedirectUrlError> {
        if http_url_host(url).is_none() {
            return Err(RedirectUrlError::NotAbsolute);
        }
        if url.contains('#') {
            return Err(RedirectUrlError::Fragment);
        }
        Ok(Self(url.to_owned()))
    }

    /// `base` with our own state parameter appended, e.g. `https://bank.no/cb?state=abc`. The name must be URL-safe
    /// and not one Altinn uses; the value is percent-encoded.
    pub fn with_state(base: &str, param: &str, state: &str) -> Result<Self, RedirectUrlError> {
        let safe = |c: char| c.is_ascii_alphanumeric() || "-._~".contains(c);
        if param.is_empty() || !param.chars().all(safe) || RESERVED.iter().any(|r| r.eq_ignore_ascii_case(param)) {
            return Err(RedirectUrlError::StateParameterName(param.to_owned()));
        }
        if state.is_empty() {
            return Err(RedirectUrlError::EmptyState);
        }
        let Self(mut url) = Self::parse(base)?;
        if let Some((_, query)) = url.split_once('?') {
            if parse_query(query).unwrap_or_default().iter().any(|(k, _)| k == param) {
                return Err(RedirectUrlError::StateParameterTaken(param.to_owned()));
            }
        }
        // A query needs its `?`, even when the base ends with `&` (`https://bank.no/cb&` has no query yet).
        if !url.contains('?') {
            url.push('?');
        } else if !url.ends_with(['?', '&']) {
            url.push('&');
        }
        url.push_str(&format!("{param}={}", form_encode(state)));
        Ok(Self(url))
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for RedirectUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RedirectUrl({:?})", self.0)
    }
}

impl fmt::Display for RedirectUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A fresh state value (22 URL-safe characters) from 16 random bytes the caller draws.
pub fn new_state(random: [u8; 16]) -> String {
    B64URL.encode(random)
}

/// A parsed redirect back from Altinn: the user's answer and our state parameter, as returned. Check
/// [`Callback::verify_state`] before trusting it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback<O> {
    /// The answer.
    pub outcome: O,
    /// Our own state parameter, as returned.
    pub state: String,
}

impl<O> Callback<O> {
    /// Checks the returned state against the one we issued for this browser session (constant-time compare).
    pub fn verify_state(&self, expected: &str) -> Result<(), CallbackError> {
        verify_state(&self.state, expected)
    }
}

/// Compares our issued state with the returned one without an early exit on the first differing byte.
fn verify_state(returned: &str, expected: &str) -> Result<(), CallbackError> {
    let (a, b) = (returned.as_bytes(), expected.as_bytes());
    let diff = a.iter().zip(b).fold(a.len() ^ b.len(), |acc, (x, y)| acc | usize::from(x ^ y));
    if diff == 0 && !expected.is_empty() {
        Ok(())
    } else {
        Err(CallbackError::StateMismatch)
    }
}

/// The `Status` Altinn appends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallbackStatus {
    /// `Status=OK`
    Ok,
    /// `Status=Failed`
    Failed,
}

/// A decoded callback query.
pub(crate) struct CallbackQuery(Vec<(String, String)>);

impl CallbackQuery {
    /// Parses a whole URL or just its query. A second `?` counts as `&`, in case Altinn appends `?Status=...` to a
    /// redirect URL that already has a query (our own values are percent-encoded, so hold no raw `?`).
    pub(crate) fn parse(url_or_query: &str) -> Result<Self, CallbackError> {
        let query = url_or_query.split_once('?').map_or(url_or_query, |(_, q)| q);
        let query = query.split_once('#').map_or(query, |(q, _)| q);
        parse_query(&query.replace('?', "&")).map(Self).ok_or(CallbackError::BadEncoding)
    }

    fn single(&self, name: &str, same: impl Fn(&str) -> bool) -> Result<Option<&str>, CallbackError> {
        let mut found = self.0.iter().filter(|(k, _)| same(k)).map(|(_, v)| v.as_str());
        let first = found.next();
        match found.next() {
            Some(_) => Err(CallbackError::DuplicateParameter(name.to_owned())),
            None => Ok(first),
        }
    }

    /// One of Altinn's parameters (name matched case-insensitively); `None` if absent or empty.
    pub(crate) fn altinn(&self, name: &str) -> Result<Option<&str>, CallbackError> {
        Ok(self.single(name, |k| k.eq_ignore_ascii_case(name))?.filter(|v| !v.is_empty()))
    }

    /// `Status=OK` or `Status=Failed` (either case).
    pub(crate) fn status(&self) -> Result<CallbackStatus, CallbackError> {
        match self.altinn("Status")? {
            None => Err(CallbackError::MissingStatus),
            Some(s) if s.eq_ignore_ascii_case("ok") => Ok(CallbackStatus::Ok),
            Some(s) if s.eq_ignore_ascii_case("failed") => Ok(CallbackStatus::Failed),
            Some(s) => Err(CallbackError::UnknownStatus(excerpt(s))),
        }
    }

    /// Our own state parameter (exact name), required and non-empty.
    pub(crate) fn state(&self, param: &str) -> Result<String, CallbackError> {
        match self.single(param, |k| k == param)? {
            Some(v) if !v.is_empty() => Ok(v.to_owned()),
            _ => Err(CallbackError::MissingState(param.to_owned())),
        }
    }

    /// `ErrorMessage`, decoded a second time when Altinn double-encoded it (`User%2520did` → `User did`).
    pub(crate) fn error_message(&self) -> Result<Option<String>, CallbackError> {
        Ok(self.altinn("ErrorMessage")?.map(|m| excerpt(&decode_again(m))))
    }
}

/// Undoes a second layer of percent-encoding if the once-decoded text still holds a valid `%XX` escape.
fn decode_again(once: &str) -> String {
    let b = once.as_bytes();
    let escaped = b.windows(3).any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit());
    if escaped {
        form_decode(once).unwrap_or_else(|| once.to_owned())
    } else {
        once.to_owned()
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn redirect_urls_get_our_state() {
        // Found by fuzz/fuzz_targets/consent_callback.rs: a base ending with `&` but without `?` got no query.
        let u = RedirectUrl::with_state("https://bank.no/cb&", "state", "s1").unwrap();
        assert_eq!(u.as_str(), "https://bank.no/cb&?state=s1");
        assert_eq!(crate::altinn::altinn3::parse_callback(&format!("{u}&Status=OK"), "state").unwrap().state, "s1");
        let u = RedirectUrl::with_state("https://bank.no/samtykke", "state", "a b/c").unwrap();
        assert_eq!(u.as_str(), "https://bank.no/samtykke?state=a%20b%2Fc");
        let u = RedirectUrl::with_state("https://bank.no/cb?consentId=77", "state", "xyz").unwrap();
        assert_eq!(u.as_str(), "https://bank.no/cb?consentId=77&state=xyz");
        assert_eq!(
            RedirectUrl::with_state("http://localhost:8787/cb?", "s", "1").unwrap().as_str(),
            "http://localhost:8787/cb?s=1"
        );
    }

    #[test]
    fn bad_redirect_urls() {
        use RedirectUrlError as E;
        assert_eq!(RedirectUrl::parse("/relative"), Err(E::NotAbsolute));
        assert_eq!(RedirectUrl::parse("https:///x"), Err(E::NotAbsolute));
        assert_eq!(RedirectUrl::parse("https://a b.no"), Err(E::NotAbsolute));
        assert_eq!(RedirectUrl::parse("https://bank.no/#x"), Err(E::Fragment));
        assert!(matches!(RedirectUrl::with_state("https://b.no", "Status", "x"), Err(E::StateParameterName(_))));
        assert!(matches!(
            RedirectUrl::with_state("https://b.no", "authorizationcode", "x"),
            Err(E::StateParameterName(_))
        ));
        assert!(matches!(RedirectUrl::with_state("https://b.no", "st ate", "x"), Err(E::StateParameterName(_))));
        assert!(matches!(RedirectUrl::with_state("https://b.no", "", "x"), Err(E::StateParameterName(_))));
        assert_eq!(RedirectUrl::with_state("https://b.no", "state", ""), Err(E::EmptyState));
        assert!(matches!(
            RedirectUrl::with_state("https://b.no?state=1", "state", "2"),
            Err(E::StateParameterTaken(_))
        ));
    }

    #[test]
    fn states_are_url_safe_and_compared_fully() {
        let s = new_state([0xfb; 16]);
        assert_eq!(s.len(), 22);
        assert!(s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{s}");
        assert_eq!(verify_state(&s, &s), Ok(()));
        assert_eq!(verify_state("abc", "abd"), Err(CallbackError::StateMismatch));
        assert_eq!(verify_state("abc", "abcd"), Err(CallbackError::StateMismatch));
        assert_eq!(verify_state("", ""), Err(CallbackError::StateMismatch));
    }

    #[test]
    fn error_messages_are_decoded_twice_only_when_needed() {
        assert_eq!(decode_again("User%20did%20not"), "User did not");
        assert_eq!(decode_again("100% sure"), "100% sure");
        assert_eq!(decode_again("plain text"), "plain text");
        assert_eq!(decode_again("bad %ff escape %41"), "bad %ff escape %41");
    }
}
