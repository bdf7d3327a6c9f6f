//! The grant's JOSE header and claims exactly as they go on the wire, and the two claim values that need types:
//! `authorization_details` entries and the `jti`.
//!
//! Maskinporten refuses unknown claims ("Invalid assertion"), so the claim set is a closed struct: nothing can be
//! added beyond what [`super::GrantBuilder`] offers.

use serde::{ser::SerializeMap, Serialize, Serializer};

use super::grant::GrantError;
use crate::{
    ids::{ConsentRequestId, Organisasjonsnummer, PartIdentifikator},
    uuid,
};

/// One RFC 9396 `authorization_details` entry that Maskinporten understands. A grant carries at most one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AuthorizationDetail {
    /// An Altinn 3 consent: the resulting access token carries the consent, so no separate consent token is
    /// needed. On the wire: `{"type":"urn:altinn:consent","id":"<uuid>","from":"urn:altinn:...:<id>"}`.
    AltinnConsent {
        /// The consent request's id (chosen by us when the request was created).
        id: ConsentRequestId,
        /// The party that gave the consent; sent as its Altinn URN
        /// (`urn:altinn:organization:identifier-no:<orgnr>` or `urn:altinn:person:identifier-no:<fnr>`).
        from: PartIdentifikator,
    },
    /// An Altinn system user owned by `org`. On the wire:
    /// `{"type":"urn:altinn:systemuser","systemuser_org":{"authority":"iso6523-actorid-upis","ID":"0192:<orgnr>"}}`.
    SystemUser {
        /// The organisation that owns the system user.
        org: Organisasjonsnummer,
    },
}

impl AuthorizationDetail {
    /// The detail's `type` URN.
    pub const fn type_urn(&self) -> &'static str {
        match self {
            Self::AltinnConsent { .. } => "urn:altinn:consent",
            Self::SystemUser { .. } => "urn:altinn:systemuser",
        }
    }
}

impl Serialize for AuthorizationDetail {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::AltinnConsent { id, from } => {
                let mut m = s.serialize_map(Some(3))?;
                m.serialize_entry("type", self.type_urn())?;
                m.serialize_entry("id", id)?;
                m.serialize_entry("from", &from.altinn_urn())?;
                m.end()
            }
            Self::SystemUser { org } => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("type", self.type_urn())?;
                m.serialize_entry("systemuser_org", &Iso6523 { authority: "iso6523-actorid-upis", id: org })?;
                m.end()
            }
        }
    }
}

#[derive(Serialize)]
struct Iso6523<'a> {
    authority: &'static str,
    #[serde(rename = "ID", serialize_with = "iso6523_id")]
    id: &'a Organisasjonsnummer,
}

fn iso6523_id<S: Serializer>(org: &&Organisasjonsnummer, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&format_args!("0192:{org}"))
}

/// A grant's unique id (`jti`). Maskinporten refuses a second grant with the same id ("Grant is used before"), so
/// every grant needs a fresh one; the core cannot draw random bytes itself, so the caller supplies them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Jti(String);

impl Jti {
    /// A UUID version 4 (RFC 9562) made from 16 random bytes, e.g. from `crypto.getRandomValues`. The version and
    /// variant bits are overwritten, leaving 122 random bits.
    pub fn from_random_bytes(bytes: [u8; 16]) -> Self {
        Self(uuid::Hyphenated(&uuid::v4(bytes)).to_string())
    }

    /// A caller-chosen id: 1 to 255 printable ASCII characters. It must never repeat for the same client.
    pub fn new(value: impl Into<String>) -> Result<Self, GrantError> {
        let value = value.into();
        if value.is_empty() || value.len() > 255 || !value.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(GrantError::Jti(value));
        }
        Ok(Self(value))
    }

    /// The id as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Jti {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The JOSE header: `alg` and exactly one of `kid` / `x5c` (nothing else, not even `typ`).
#[derive(Serialize)]
pub(crate) struct Header<'a> {
    pub alg: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kid: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x5c: Option<&'a [String]>,
}

/// The claim set. Field order is the wire order.
#[derive(Serialize)]
pub(crate) struct Claims<'a> {
    pub aud: &'a str,
    pub iss: &'a str,
    pub scope: String,
    pub iat: i64,
    pub exp: i64,
    pub jti: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumer_org: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iss_onbehalfof: Option<&'a str>,
    /// Maskinporten: "currently only array supported".
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub resource: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization_details: Option<[&'a AuthorizationDetail; 1]>,
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn jti_is_a_uuid_v4() {
        let jti = Jti::from_random_bytes([0xff; 16]);
        assert_eq!(jti.as_str(), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let jti = Jti::from_random_bytes([0; 16]);
        assert_eq!(jti.as_str(), "00000000-0000-4000-8000-000000000000");
        assert!(uuid::parse(jti.as_str()).is_some());
        let jti = Jti::from_random_bytes(*b"\x01\x23\x45\x67\x89\xab\xcd\xef\x01\x23\x45\x67\x89\xab\xcd\xef");
        assert_eq!(jti.to_string(), "01234567-89ab-4def-8123-456789abcdef");
    }

    #[test]
    fn caller_chosen_jti_is_checked() {
        assert!(Jti::new("b1197d5a-0c68-4c4a-a95c-dc07c1194600").is_ok());
        for bad in ["", "with space", "tab\t", &"x".repeat(256), "æøå"] {
            assert!(matches!(Jti::new(bad), Err(GrantError::Jti(_))), "{bad:?}");
        }
    }

    #[test]
    fn authorization_details_on_the_wire() {
        let consent = AuthorizationDetail::AltinnConsent {
            id: ConsentRequestId::parse("77ed8698-e619-4066-9eb4-5c1eb3f165a1").unwrap(),
            from: PartIdentifikator::parse("313506673").unwrap(),
        };
        assert_eq!(
            serde_json::to_string(&consent).unwrap(),
            r#"{"type":"urn:altinn:consent","id":"77ed8698-e619-4066-9eb4-5c1eb3f165a1","from":"urn:altinn:organization:identifier-no:313506673"}"#
        );
        let person = AuthorizationDetail::AltinnConsent {
            id: ConsentRequestId::parse("77ed8698-e619-4066-9eb4-5c1eb3f165a1").unwrap(),
            from: PartIdentifikator::parse("21818297804").unwrap(),
        };
        assert!(serde_json::to_string(&person)
            .unwrap()
            .contains(r#""from":"urn:altinn:person:identifier-no:21818297804""#));
        assert!(!format!("{person:?}").contains("21818297804"), "Debug must not show a national id");
        let su = AuthorizationDetail::SystemUser { org: Organisasjonsnummer::parse("313367002").unwrap() };
        assert_eq!(
            serde_json::to_string(&su).unwrap(),
            r#"{"type":"urn:altinn:systemuser","systemuser_org":{"authority":"iso6523-actorid-upis","ID":"0192:313367002"}}"#
        );
        // The id is typed: text that is no UUID is refused where it is read, before any grant is built.
        assert!(ConsentRequestId::parse("nope").is_err());
    }
}
