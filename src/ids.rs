//! Identifiers: organisasjonsnummer, fødselsnummer (and D-numbers, synthetic test ids), the party id that is
//! either, and the Altinn 3 consent request id (a UUID). Each is validated on construction; a fødselsnummer never
//! shows in `Debug`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::uuid;

/// An identifier that does not validate. Carries a redacted rendering of the input, never the input itself when
/// it may be a national id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// Wrong length or not only digits.
    #[error("{kind} must be {expected} digits, got {shown}")]
    Shape {
        /// What was being parsed.
        kind: &'static str,
        /// The number of digits expected.
        expected: &'static str,
        /// The input, redacted if it could be a national id.
        shown: String,
    },
    /// The check digit(s) do not match.
    #[error("{kind} {shown} has a wrong check digit")]
    CheckDigit {
        /// What was being parsed.
        kind: &'static str,
        /// The input, redacted if it could be a national id.
        shown: String,
    },
    /// The birth date part is not a date.
    #[error("fødselsnummer {shown} does not start with a valid birth date")]
    BirthDate {
        /// The input, redacted.
        shown: String,
    },
}

/// Weighted mod-11 check digit; `None` when the remainder makes the number invalid (check digit would be 10).
fn mod11(digits: &[u8], weights: &[u8]) -> Option<u8> {
    let sum: u32 = digits.iter().zip(weights).map(|(d, w)| u32::from(*d) * u32::from(*w)).sum();
    match 11 - (sum % 11) {
        11 => Some(0),
        10 => None,
        k => Some(k as u8),
    }
}

fn digits_of(s: &str, len: usize) -> Option<Vec<u8>> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.bytes().map(|b| b - b'0').collect())
}

/// Shows at most the last 5 characters of a possibly personal input, for error messages and logs.
pub fn redact(s: &str) -> String {
    let n = s.chars().count();
    if n <= 5 {
        return "*".repeat(n);
    }
    let tail: String = s.chars().skip(n - 5).collect();
    format!("{}{tail}", "*".repeat(n - 5))
}

/// Redacts every run of exactly 11 digits (a possible fødselsnummer) in free text such as a URL or a message.
pub fn redact_national_ids(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        out.push_str(&if run.len() == 11 { redact(run) } else { run.clone() });
        run.clear();
    };
    for c in s.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// A Norwegian organisation number: 9 digits with a mod-11 check digit.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Organisasjonsnummer(String);

impl Organisasjonsnummer {
    const WEIGHTS: [u8; 8] = [3, 2, 7, 6, 5, 4, 3, 2];

    /// Parses and validates 9 digits (no spaces).
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let d = digits_of(s, 9).ok_or_else(|| IdError::Shape {
            kind: "organisasjonsnummer",
            expected: "9",
            shown: if s.len() > 9 { redact(s) } else { s.to_owned() },
        })?;
        if mod11(&d[..8], &Self::WEIGHTS) != Some(d[8]) {
            return Err(IdError::CheckDigit { kind: "organisasjonsnummer", shown: s.to_owned() });
        }
        Ok(Self(s.to_owned()))
    }

    /// The 9 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Organisasjonsnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Organisasjonsnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Organisasjonsnummer({})", self.0)
    }
}

/// A Norwegian national identity number (fødselsnummer), D-number (day + 40) or synthetic test id (month + 80,
/// as used by the test environments), with both check digits validated. `Debug` is redacted and there is no
/// `Display`: the digits come out only through [`Fodselsnummer::as_str`].
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fodselsnummer(String);

impl Fodselsnummer {
    const W1: [u8; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    const W2: [u8; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

    /// Parses and validates 11 digits.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let d = digits_of(s, 11).ok_or_else(|| IdError::Shape {
            kind: "fødselsnummer",
            expected: "11",
            shown: redact(s),
        })?;
        let mut day = d[0] * 10 + d[1];
        let mut month = d[2] * 10 + d[3];
        if day > 40 {
            day -= 40; // D-number
        }
        if month > 80 {
            month -= 80; // synthetic test id (Tenor / TestNorge)
        } else if month > 40 {
            month -= 40; // H-number
        }
        let year = Self::birth_year(d[4] * 10 + d[5], u16::from(d[6]) * 100 + u16::from(d[7]) * 10 + u16::from(d[8]));
        if crate::time::Date::new(year, month, day).is_err() {
            return Err(IdError::BirthDate { shown: redact(s) });
        }
        let k1 = mod11(&d[..9], &Self::W1);
        let k2 = mod11(&d[..10], &Self::W2);
        if k1 != Some(d[9]) || k2 != Some(d[10]) {
            return Err(IdError::CheckDigit { kind: "fødselsnummer", shown: redact(s) });
        }
        Ok(Self(s.to_owned()))
    }

    /// The year of birth from the two-digit year and the individual number (Skatteetaten's ranges: 000–499 in
    /// the 1900s, 500–749 with 54–99 in the 1800s, 500–999 with 00–39 in the 2000s, 900–999 with 40–99 in the
    /// 1900s). Numbers outside every range are checked against 2000, a leap year, so only the month's length is
    /// enforced for them.
    fn birth_year(yy: u8, individual: u16) -> i32 {
        let yy = i32::from(yy);
        match (individual, yy) {
            (0..=499, _) | (900..=999, 40..=99) => 1900 + yy,
            (500..=749, 54..=99) => 1800 + yy,
            (500..=999, 0..=39) => 2000 + yy,
            _ => 2000,
        }
    }

    /// The 11 digits. Keep out of logs; use [`Fodselsnummer::redacted`] there.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A rendering safe for logs: `******12345`.
    pub fn redacted(&self) -> String {
        redact(&self.0)
    }
}

impl fmt::Debug for Fodselsnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fodselsnummer({})", self.redacted())
    }
}

/// The party whose claims are asked for: an organisation or a person.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum PartIdentifikator {
    /// An organisation (AS, ENK, ...).
    Organisasjon(Organisasjonsnummer),
    /// A person.
    Person(Fodselsnummer),
}

impl PartIdentifikator {
    /// Parses 9 digits as an organisation number and 11 digits as a fødselsnummer.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        match s.len() {
            9 => Organisasjonsnummer::parse(s).map(Self::Organisasjon),
            11 => Fodselsnummer::parse(s).map(Self::Person),
            _ => Err(IdError::Shape {
                kind: "partIdentifikator",
                expected: "9 (organisasjonsnummer) or 11 (fødselsnummer)",
                shown: redact(s),
            }),
        }
    }

    /// The digits. For a person these are personal data: keep out of logs, use [`PartIdentifikator::redacted`].
    pub fn as_str(&self) -> &str {
        match self {
            Self::Organisasjon(o) => o.as_str(),
            Self::Person(p) => p.as_str(),
        }
    }

    /// Safe for logs: an organisation number in full, a person's id redacted.
    pub fn redacted(&self) -> String {
        match self {
            Self::Organisasjon(o) => o.to_string(),
            Self::Person(p) => p.redacted(),
        }
    }

    /// The Altinn 3 URN: `urn:altinn:organization:identifier-no:<orgnr>` or `urn:altinn:person:identifier-no:<fnr>`.
    pub fn altinn_urn(&self) -> String {
        match self {
            Self::Organisasjon(o) => format!("urn:altinn:organization:identifier-no:{o}"),
            Self::Person(p) => format!("urn:altinn:person:identifier-no:{}", p.as_str()),
        }
    }

    /// Parses an Altinn 3 party URN (organisation or person).
    pub fn from_altinn_urn(urn: &str) -> Result<Self, IdError> {
        if let Some(o) = urn.strip_prefix("urn:altinn:organization:identifier-no:") {
            Organisasjonsnummer::parse(o).map(Self::Organisasjon)
        } else if let Some(p) = urn.strip_prefix("urn:altinn:person:identifier-no:") {
            Fodselsnummer::parse(p).map(Self::Person)
        } else {
            Err(IdError::Shape { kind: "Altinn party URN", expected: "9 or 11", shown: redact(urn) })
        }
    }
}

/// A UUID that names an Altinn 3 consent request. We create it (v4, from caller-supplied random bytes); Altinn may
/// return other versions (v7) and those parse too. The same value is the request's `id` at Altinn, the consent
/// reference we record, and the `id` of the `urn:altinn:consent` authorization detail sent to Maskinporten.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConsentRequestId([u8; 16]);

/// Text that is not a hyphenated UUID (`8-4-4-4-12` hex digits).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a uuid (8-4-4-4-12 hex digits)")]
pub struct InvalidUuid(pub String);

impl ConsentRequestId {
    /// A random (version 4) UUID from 16 random bytes the caller draws; the version and variant bits are set here.
    pub fn new_v4(random: [u8; 16]) -> Self {
        Self(uuid::v4(random))
    }

    /// Parses a hyphenated UUID, either case.
    pub fn parse(s: &str) -> Result<Self, InvalidUuid> {
        uuid::parse(s).map(Self).ok_or_else(|| InvalidUuid(s.chars().take(60).collect()))
    }

    /// The 16 bytes.
    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

impl fmt::Display for ConsentRequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        uuid::Hyphenated(&self.0).fmt(f)
    }
}

impl fmt::Debug for ConsentRequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConsentRequestId({self})")
    }
}

impl Serialize for ConsentRequestId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ConsentRequestId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

macro_rules! string_serde {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
string_serde!(Organisasjonsnummer);
string_serde!(Fodselsnummer);
string_serde!(PartIdentifikator);

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn organisation_numbers() {
        // The documented test organisations, Altinn's e2e org, and Digdir.
        for ok in
            ["313367002", "311851381", "314961900", "314055403", "212201782", "313506673", "991825827", "974761076"]
        {
            assert!(Organisasjonsnummer::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["313367003", "31336700", "3133670021", "31336700a", " 313367002", ""] {
            assert!(Organisasjonsnummer::parse(bad).is_err(), "{bad}");
        }
        assert!(matches!(Organisasjonsnummer::parse("313367003"), Err(IdError::CheckDigit { .. })));
    }

    #[test]
    fn national_ids() {
        // Synthetic ids from the docs: Altinn's e2e owner (month + 80), and the doc examples.
        for ok in ["02925796975", "21818297804", "05848998356", "04827896468"] {
            assert!(Fodselsnummer::parse(ok).is_ok(), "{ok}");
        }
        let d_number = "41018036736"; // 01.01.80 + 40 on the day
        assert!(Fodselsnummer::parse(d_number).is_ok());
        assert!(matches!(Fodselsnummer::parse("02925796976"), Err(IdError::CheckDigit { .. })));
        assert!(matches!(Fodselsnummer::parse("32135796975"), Err(IdError::BirthDate { .. })));
        assert!(Fodselsnummer::parse("0292579697").is_err());
        // The first check digit wrong (and the second made right for it): still refused.
        let mut wrong_k1 = digits_of("02925796975", 11).unwrap();
        wrong_k1[9] = (wrong_k1[9] + 1) % 10;
        wrong_k1[10] = mod11(&wrong_k1[..10], &Fodselsnummer::W2).unwrap_or(0);
        let wrong_k1: String = wrong_k1.iter().map(|d| char::from(b'0' + d)).collect();
        assert!(matches!(Fodselsnummer::parse(&wrong_k1), Err(IdError::CheckDigit { .. })), "{wrong_k1}");
    }

    /// 11 digits from the first 9, with both check digits, or None when no valid check digit exists for them.
    fn with_check_digits(first9: &str) -> Option<String> {
        let mut d = digits_of(first9, 9)?;
        d.push(mod11(&d, &Fodselsnummer::W1)?);
        d.push(mod11(&d, &Fodselsnummer::W2)?);
        Some(d.iter().map(|d| char::from(b'0' + d)).collect())
    }

    /// The first individual number from `from` that gives valid check digits for `ddmmyy`.
    fn id_for(ddmmyy: &str, from: u16) -> String {
        (from..from + 50).find_map(|i| with_check_digits(&format!("{ddmmyy}{i:03}"))).unwrap()
    }

    #[test]
    fn birth_dates_are_real_calendar_dates() {
        assert!(Fodselsnummer::parse(&id_for("290284", 100)).is_ok(), "29.02.1984");
        assert!(Fodselsnummer::parse(&id_for("290200", 500)).is_ok(), "29.02.2000 (individual number 500+)");
        assert!(Fodselsnummer::parse(&id_for("690200", 500)).is_ok(), "a D-number on 29.02.2000");
        assert!(Fodselsnummer::parse(&id_for("291000", 100)).is_ok(), "29.10.1900");
        assert!(Fodselsnummer::parse(&id_for("318185", 100)).is_ok(), "a test id on 31 January");
        for (date, individual, why) in [
            ("310280", 100, "31 February"),
            ("300285", 100, "30 February"),
            ("310485", 100, "31 April"),
            ("290200", 100, "29.02.1900: not a leap year"),
            ("290285", 100, "29.02.1985"),
            ("711185", 100, "a D-number on 31 November"),
            ("319185", 100, "a test id on 31 November"),
        ] {
            let id = id_for(date, individual);
            assert!(matches!(Fodselsnummer::parse(&id), Err(IdError::BirthDate { .. })), "{why}: {id}");
        }
    }

    #[test]
    fn national_ids_never_show_in_debug_or_errors() {
        let f = Fodselsnummer::parse("02925796975").unwrap();
        assert_eq!(format!("{f:?}"), "Fodselsnummer(******96975)");
        let p = PartIdentifikator::Person(f);
        assert!(!format!("{p:?}").contains("0292579"));
        let err = Fodselsnummer::parse("02925796976").unwrap_err();
        assert!(!err.to_string().contains("0292579"), "{err}");
        let err = PartIdentifikator::parse("0292579697612").unwrap_err();
        assert!(!err.to_string().contains("0292579"), "{err}");
    }

    #[test]
    fn national_ids_in_text_are_redacted() {
        assert_eq!(redact_national_ids("/v1/finans/02925796975/krav"), "/v1/finans/******96975/krav");
        assert_eq!(redact_national_ids("313367002 and 123456789012"), "313367002 and 123456789012");
    }

    #[test]
    fn party_urns_round_trip() {
        for s in ["313367002", "02925796975"] {
            let p = PartIdentifikator::parse(s).unwrap();
            assert_eq!(PartIdentifikator::from_altinn_urn(&p.altinn_urn()).unwrap(), p);
        }
        assert_eq!(
            PartIdentifikator::parse("313367002").unwrap().altinn_urn(),
            "urn:altinn:organization:identifier-no:313367002"
        );
        assert!(PartIdentifikator::from_altinn_urn("urn:other:313367002").is_err());
        let p: PartIdentifikator = serde_json::from_str("\"313367002\"").unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"313367002\"");
    }

    #[test]
    fn consent_request_ids_format_and_parse() {
        let id = ConsentRequestId::new_v4([0xff; 16]);
        assert_eq!(id.to_string(), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let id = ConsentRequestId::new_v4([0; 16]);
        assert_eq!(id.to_string(), "00000000-0000-4000-8000-000000000000");
        for s in ["77ed8698-e619-4066-9eb4-5c1eb3f165a1", "019743e8-cb17-7f9f-b690-fb1338003c23"] {
            assert_eq!(ConsentRequestId::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(
            ConsentRequestId::parse("77ED8698-E619-4066-9EB4-5C1EB3F165A1").unwrap().to_string(),
            "77ed8698-e619-4066-9eb4-5c1eb3f165a1"
        );
        for bad in [
            "",
            "77ed8698e6194066-9eb4-5c1eb3f165a1-",
            "77ed8698-e619-4066-9eb4-5c1eb3f165ag",
            "77ed8698-e619-4066-9eb45c1eb3f165a1a",
            "+7ed8698-e619-4066-9eb4-5c1eb3f165a1",
        ] {
            assert!(ConsentRequestId::parse(bad).is_err(), "{bad}");
        }
        let id: ConsentRequestId = serde_json::from_str("\"77ed8698-e619-4066-9eb4-5c1eb3f165a1\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"77ed8698-e619-4066-9eb4-5c1eb3f165a1\"");
        assert!(serde_json::from_str::<ConsentRequestId>("\"nope\"").is_err());
    }
}
