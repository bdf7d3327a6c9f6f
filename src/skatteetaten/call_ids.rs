//! The two headers Skatteetaten's API platform asks every client to send: `Korrelasjonsid`, a fresh UUID per call
//! that Skatteetaten's logs and error answers can be matched with, and `Klientid`, which names the calling system.
//! Source: Skatteetaten's API platform guidance (2026); the Krav og betalinger pages name neither, and Skatteetaten
//! answers without them, so both are sent and nothing depends on Skatteetaten reading them (**UNCONFIRMED**).
//!
//! Add them with [`identify`] after [`prepare`](super::prepare):
//!
//! ```
//! use kravkit::ids::PartIdentifikator;
//! use kravkit::api::endpoint::Endpoint;
//! use kravkit::skatteetaten::{identify, prepare, ApiConfig, Auth, CallIds, Environment, Klientid, Korrelasjonsid};
//! use kravkit::secret::AccessToken;
//!
//! let part = PartIdentifikator::parse("212201782").unwrap();
//! let auth = Auth::altinn3(AccessToken::new("AT"));
//! let request = prepare(&ApiConfig::new(Environment::Test), Endpoint::AapneKrav, &part, None, &auth).unwrap();
//! let ids = CallIds { korrelasjonsid: Korrelasjonsid::new_v4([7; 16]), klientid: Klientid::parse("bank-a").unwrap() };
//! let request = identify(request, &ids);
//! assert_eq!(request.header_value("Korrelasjonsid"), Some("07070707-0707-4707-8707-070707070707"));
//! assert_eq!(request.header_value("Klientid"), Some("bank-a"));
//! ```

use std::fmt;

use crate::http::HttpRequest;
use crate::uuid;

/// The `Korrelasjonsid` of one call: a version 4 UUID from random bytes the caller draws.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Korrelasjonsid([u8; 16]);

impl Korrelasjonsid {
    /// A fresh id from 16 random bytes (the version and variant bits are set here).
    pub fn new_v4(random: [u8; 16]) -> Self {
        Self(uuid::v4(random))
    }

    /// Reads a hyphenated UUID (as Skatteetaten echoes it), either case.
    pub fn parse(s: &str) -> Option<Self> {
        uuid::parse(s).map(Self)
    }
}

impl fmt::Display for Korrelasjonsid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        uuid::Hyphenated(&self.0).fmt(f)
    }
}

impl fmt::Debug for Korrelasjonsid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Korrelasjonsid({self})")
    }
}

/// The `Klientid`: the name of the calling system, 1 to 100 visible ASCII characters (a header value that needs
/// no encoding).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Klientid(String);

/// Text that cannot be a `Klientid`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a Klientid is 1 to 100 visible ASCII characters (no spaces)")]
pub struct InvalidKlientid;

impl Klientid {
    /// Checks the text.
    pub fn parse(s: &str) -> Result<Self, InvalidKlientid> {
        let fits = (1..=100).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_graphic());
        fits.then(|| Self(s.to_owned())).ok_or(InvalidKlientid)
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What identifies one call to Skatteetaten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallIds {
    /// Fresh for every call.
    pub korrelasjonsid: Korrelasjonsid,
    /// The same for every call of one deployment.
    pub klientid: Klientid,
}

/// `request` with `Korrelasjonsid` and `Klientid` set (replacing any given before).
pub fn identify(mut request: HttpRequest, ids: &CallIds) -> HttpRequest {
    request.headers.retain(|(k, _)| !k.eq_ignore_ascii_case("korrelasjonsid") && !k.eq_ignore_ascii_case("klientid"));
    request.header("Korrelasjonsid", ids.korrelasjonsid.to_string()).header("Klientid", ids.klientid.as_str())
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::http::Method;

    #[test]
    fn ids_are_uuids_and_client_ids_are_header_safe() {
        let k = Korrelasjonsid::new_v4([0xff; 16]);
        assert_eq!(k.to_string(), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(Korrelasjonsid::parse(&k.to_string()), Some(k));
        assert_ne!(Korrelasjonsid::new_v4([1; 16]), Korrelasjonsid::new_v4([2; 16]));
        assert!(Korrelasjonsid::parse("not-a-uuid").is_none());
        assert_eq!(Klientid::parse("kravkit-worker/bank_a.1").unwrap().as_str(), "kravkit-worker/bank_a.1");
        for bad in ["", "a b", "bank\r\nX-Evil: 1", "bankæ", &"x".repeat(101)] {
            assert_eq!(Klientid::parse(bad), Err(InvalidKlientid), "{bad:?}");
        }
    }

    #[test]
    fn identify_sets_both_headers_once() {
        let ids = CallIds { korrelasjonsid: Korrelasjonsid::new_v4([0; 16]), klientid: Klientid::parse("b").unwrap() };
        let r = HttpRequest::new(Method::Get, "https://x/").header("Accept", "application/json");
        let r = identify(identify(r, &ids), &ids);
        assert_eq!(r.header_value("korrelasjonsid"), Some("00000000-0000-4000-8000-000000000000"));
        assert_eq!(r.header_value("KLIENTID"), Some("b"));
        assert_eq!(r.headers.len(), 3);
    }
}
