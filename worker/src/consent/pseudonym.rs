//! Keyed pseudonyms, so that D1 holds no person's id and no session subject in the clear: HMAC-SHA256 under keys
//! derived from `STATE_KEY` (one per purpose). A subject that is a fødselsnummer (11 digits, a small space) cannot
//! be found by hashing every candidate without the key.
//!
//! - The session subject bound into a consent flow's state: [`subject`].
//! - A person's party id in the `consents` and `consent_states` tables: [`party`] gives `p1:<base64url MAC>`.
//!   Organisation numbers (public register data) stay as they are.
//!
//! Rotating `STATE_KEY` changes every pseudonym: persons' recorded consents are then no longer found (they are
//! asked to consent again) and flows under way fail their state check.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use hmac::{Hmac, Mac};
use kravkit::ids::PartIdentifikator;
use sha2::Sha256;

use crate::config::StateKey;

/// The prefix of a stored person pseudonym (version 1).
pub const PERSON_PREFIX: &str = "p1:";

fn mac(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut m = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts any key length");
    m.update(data);
    m.finalize().into_bytes().into()
}

fn derived(secret: &StateKey, purpose: &str) -> [u8; 32] {
    mac(secret.secret(), format!("kravkit-key\n{purpose}").as_bytes())
}

/// The stored form of a session subject: base64url HMAC-SHA256 under the subject key.
pub fn subject(secret: &StateKey, sub: &str) -> String {
    URL_SAFE_NO_PAD.encode(mac(&derived(secret, "subject-v1"), sub.as_bytes()))
}

/// The stored form of a party: an organisation number as it is, a person as `p1:` + base64url HMAC-SHA256 of the
/// fødselsnummer under the person key.
pub fn party(secret: &StateKey, party: &PartIdentifikator) -> String {
    match party {
        PartIdentifikator::Organisasjon(org) => org.as_str().to_owned(),
        PartIdentifikator::Person(p) => {
            format!(
                "{PERSON_PREFIX}{}",
                URL_SAFE_NO_PAD.encode(mac(&derived(secret, "person-v1"), p.as_str().as_bytes()))
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto;

    fn key(k: &str) -> StateKey {
        StateKey::for_tests(k)
    }

    #[test]
    fn subjects_and_persons_are_keyed_and_organisations_stay_plain() {
        let (k1, k2) = (key("0123456789abcdef0123456789abcdef"), key("fedcba9876543210fedcba9876543210"));
        let fnr = "04827896468";
        // Not the plain SHA-256 of before, and different under another key.
        let unkeyed = URL_SAFE_NO_PAD.encode(crypto::sha256(format!("kravkit-sub\n{fnr}").as_bytes()));
        assert_ne!(subject(&k1, fnr), unkeyed);
        assert_ne!(subject(&k1, fnr), subject(&k2, fnr));
        assert_eq!(subject(&k1, fnr), subject(&k1, fnr));
        assert_ne!(subject(&k1, "user-1"), subject(&k1, "user-2"));
        assert_eq!(subject(&k1, fnr).len(), 43);
        let person = PartIdentifikator::parse(fnr).unwrap();
        let stored = party(&k1, &person);
        assert!(stored.starts_with(PERSON_PREFIX) && !stored.contains(fnr), "{stored}");
        assert_ne!(stored, party(&k2, &person));
        assert_ne!(stored.trim_start_matches(PERSON_PREFIX), subject(&k1, fnr), "one key per purpose");
        let org = PartIdentifikator::parse("313367002").unwrap();
        assert_eq!(party(&k1, &org), "313367002");
    }
}
