//! Identifiers as Skatteetaten reports them. These are lenient: any string (or integer) is accepted and kept as
//! given, because they are references to show and compare, not inputs we send. Validation of what we *send*
//! lives in [`crate::ids`].

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::ids::{redact, IdError, PartIdentifikator};

/// Reads a string, or an integer as its decimal digits.
struct StringOrInteger;

impl<'de> Visitor<'de> for StringOrInteger {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an identifier (a string or an integer)")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        // A decimal number (in serde_json's map form) or an object: neither is an identifier.
        let text = super::number::number_text(map, "an identifier (a string or an integer)")?;
        Err(de::Error::custom(format!("{text} is not an identifier: a decimal number")))
    }
}

pub(crate) fn string_or_integer<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(StringOrInteger)
}

/// Declares a lenient string identifier.
macro_rules! lenient_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// Wraps a value as given.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }
            /// The value as given.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({:?})"), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                string_or_integer(d).map(Self)
            }
        }
    };
}

lenient_id!(
    /// Identifies a krav (claim), e.g. `KRAV-33712709` or `253517389`.
    Kravidentifikator
);
lenient_id!(
    /// Identifies one forfall (instalment) of a krav; also what payments are placed against.
    KravforfallsIdentifikator
);
lenient_id!(
    /// Identifies an innbetaling (payment to Skatteetaten).
    InnbetalingsIdentifikator
);
lenient_id!(
    /// Identifies an utbetaling (payout from Skatteetaten).
    UtbetalingsIdentifikator
);
lenient_id!(
    /// A KID (customer id) payment reference, as given (no check digit validation).
    Kid
);
lenient_id!(
    /// An account number as given: 11 digits, or masked (`******43210`, `627xxxxxx`).
    Kontonummer
);

/// A party id as Skatteetaten reports it on a response or an item: an organisation number, an 11-digit national
/// id, or anything else. Not validated, since the examples carry ids that fail the check digits (`12345678901`)
/// and items may belong to another party than the one asked for (the ENK owner's personal tax).
///
/// `Debug` redacts values that look like a national id (11 digits); there is no `Display`.
/// Use [`PartId::validated`] to get a checked [`PartIdentifikator`].
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartId(String);

impl PartId {
    /// Wraps a value as given.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value as given. For a person this is personal data: keep out of logs, use [`PartId::redacted`].
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether it has the shape of a national id (11 digits).
    pub fn looks_like_person(&self) -> bool {
        self.0.len() == 11 && self.0.bytes().all(|b| b.is_ascii_digit())
    }

    /// Safe for logs: a national-id-shaped value redacted, anything else as is.
    pub fn redacted(&self) -> String {
        if self.looks_like_person() {
            redact(&self.0)
        } else {
            self.0.clone()
        }
    }

    /// Validates it as an organisation number or fødselsnummer.
    pub fn validated(&self) -> Result<PartIdentifikator, IdError> {
        PartIdentifikator::parse(&self.0)
    }

    /// Whether it is the given party.
    pub fn is(&self, part: &PartIdentifikator) -> bool {
        self.0 == part.as_str()
    }
}

impl From<&PartIdentifikator> for PartId {
    fn from(p: &PartIdentifikator) -> Self {
        Self(p.as_str().to_owned())
    }
}

impl fmt::Debug for PartId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PartId({})", self.redacted())
    }
}

impl Serialize for PartId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for PartId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        string_or_integer(d).map(Self)
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn part_ids_are_lenient_and_redacted_when_personal() {
        let p: PartId = serde_json::from_str("\"04827896468\"").unwrap();
        assert!(p.looks_like_person());
        assert_eq!(format!("{p:?}"), "PartId(******96468)");
        assert!(p.validated().is_ok());
        let bad: PartId = serde_json::from_str("\"12345678901\"").unwrap(); // fails the check digits, still kept
        assert!(!format!("{bad:?}").contains("123456"));
        assert!(bad.validated().is_err());
        assert_eq!(serde_json::to_string(&bad).unwrap(), "\"12345678901\"");
        let org: PartId = serde_json::from_str("212201782").unwrap(); // a number
        assert_eq!(format!("{org:?}"), "PartId(212201782)");
        assert!(org.is(&PartIdentifikator::parse("212201782").unwrap()));
        assert_eq!(PartId::from(&org.validated().unwrap()), org);
    }

    #[test]
    fn identifiers_keep_what_was_given() {
        let k: Kid = serde_json::from_str("4019008719784337").unwrap();
        assert_eq!(k.as_str(), "4019008719784337");
        let n: Kontonummer = serde_json::from_str("\"******43210\"").unwrap();
        assert_eq!(format!("{n:?} {n}"), "Kontonummer(\"******43210\") ******43210");
        assert!(serde_json::from_str::<Kravidentifikator>("1.5").is_err());
        assert!(serde_json::from_str::<Kravidentifikator>("{}").is_err());
    }
}
