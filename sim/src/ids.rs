//! Norwegian identifiers (organisasjonsnummer, fødselsnummer), party URNs and UUIDs.

use rand::RngCore;

/// URN prefix of an organisation party.
pub const ORG_URN: &str = "urn:altinn:organization:identifier-no:";
/// URN prefix of a person party.
pub const PERSON_URN: &str = "urn:altinn:person:identifier-no:";

fn digits(s: &str, len: usize) -> Option<Vec<u32>> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.bytes().map(|b| u32::from(b - b'0')).collect())
}

fn mod11(d: &[u32], weights: &[u32]) -> Option<u32> {
    let sum: u32 = d.iter().zip(weights).map(|(a, b)| a * b).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        k => Some(k),
    }
}

/// A 9-digit organisasjonsnummer with a valid mod-11 check digit.
pub fn is_orgnr(s: &str) -> bool {
    digits(s, 9).is_some_and(|d| mod11(&d[..8], &[3, 2, 7, 6, 5, 4, 3, 2]) == Some(d[8]))
}

/// An 11-digit fødselsnummer (or D-/synthetic number) with both check digits valid.
pub fn is_fnr(s: &str) -> bool {
    digits(s, 11).is_some_and(|d| {
        mod11(&d[..9], &[3, 7, 6, 1, 8, 9, 4, 5, 2]) == Some(d[9])
            && mod11(&d[..10], &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) == Some(d[10])
    })
}

/// A party id as Skatteetaten takes it: an organisasjonsnummer or a fødselsnummer.
pub fn is_party(s: &str) -> bool {
    is_orgnr(s) || is_fnr(s)
}

/// The party URN for an id (organisation for 9 digits, person otherwise).
pub fn party_urn(id: &str) -> String {
    if id.len() == 9 {
        format!("{ORG_URN}{id}")
    } else {
        format!("{PERSON_URN}{id}")
    }
}

/// The id inside an organisation or person URN, if the URN and the id are valid.
pub fn party_from_urn(urn: &str) -> Option<&str> {
    if let Some(org) = urn.strip_prefix(ORG_URN) {
        is_orgnr(org).then_some(org)
    } else {
        urn.strip_prefix(PERSON_URN).filter(|p| is_fnr(p))
    }
}

/// The orgnr inside an organisation URN.
pub fn org_from_urn(urn: &str) -> Option<&str> {
    urn.strip_prefix(ORG_URN).filter(|o| is_orgnr(o))
}

/// A random version-4 UUID, lower-case.
pub fn new_uuid() -> String {
    let mut b = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

/// `8-4-4-4-12` hex digits (any version, either case).
pub fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Replaces every run of exactly 11 digits (a possible fødselsnummer) with `***********`.
pub fn redact_national_ids(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 11 {
                out.push_str("***********");
            } else {
                out.push_str(&s[start..i]);
            }
        } else {
            let ch = s[i..].chars().next().unwrap_or('?');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits() {
        for org in ["313367002", "311851381", "314961900", "314055403", "212201782", "991825827"] {
            assert!(is_orgnr(org), "{org}");
        }
        assert!(!is_orgnr("313367003") && !is_orgnr("31336700") && !is_orgnr("31336700a"));
        assert!(is_fnr("04827896468") && is_fnr("02925796975"));
        assert!(!is_fnr("04827896469"));
        assert_eq!(party_from_urn("urn:altinn:organization:identifier-no:313367002"), Some("313367002"));
        assert_eq!(party_from_urn("urn:altinn:person:identifier-no:04827896468"), Some("04827896468"));
        assert_eq!(party_from_urn("urn:altinn:person:identifier-no:313367002"), None);
    }

    #[test]
    fn uuids_and_redaction() {
        let u = new_uuid();
        assert!(is_uuid(&u) && u.as_bytes()[14] == b'4', "{u}");
        assert!(!is_uuid("77ed8698-e619-4066-9eb4-5c1eb3f165a") && !is_uuid("x"));
        assert_eq!(
            redact_national_ids("/v1/finans/04827896468/krav?x=313367002&y=123456789012"),
            "/v1/finans/***********/krav?x=313367002&y=123456789012"
        );
        assert_eq!(redact_national_ids("id%3A04827896468æ"), "id%3A***********æ");
    }
}
