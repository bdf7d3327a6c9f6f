//! `deserialize_with` helpers for the tolerant reading of Skatteetaten's fields.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::number::{number_text, plain_decimal};
use crate::time::Date;

/// A missing or `null` value becomes the default (an empty list, `false`).
pub(crate) fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(d).map(Option::unwrap_or_default)
}

/// A free-text field that may come as a string, a number or a boolean; `null` and `""` are absent.
pub(crate) fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(OptString)
}

struct OptString;

impl<'de> Visitor<'de> for OptString {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, a number or null")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok((!v.is_empty()).then(|| v.to_owned()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // A whole number as an integer (`2021.0` is "2021", as Display gives); else the shortest decimal.
        if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
            return Ok(Some((v as i64).to_string()));
        }
        Ok(Some(super::amount::f64_text(v)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        // A decimal number, as written; a whole one as an integer (`2021.0` is "2021", as for a float).
        let text = number_text(map, "a string, a number or null")?;
        let plain = plain_decimal(&text).unwrap_or(text);
        Ok(Some(match plain.split_once('.') {
            Some((int, frac)) if frac.bytes().all(|b| b == b'0') => int.to_owned(),
            _ => plain,
        }))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// Reads the date of `YYYY-MM-DD`, or of a timestamp such as `2022-11-02T09:44:14.307Z` or
/// `2010-09-08T00:00:00.000+02:00` (the date as written, i.e. the local date; early versions sent these).
fn date_of(s: &str) -> Result<Date, String> {
    let date_part = match s.as_bytes().get(10) {
        Some(b'T' | b't' | b' ') => &s[..10],
        _ => s,
    };
    Date::parse(date_part).map_err(|e| e.to_string())
}

/// An optional date, leniently; `null` and `""` are absent.
pub(crate) fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    match Option::<std::borrow::Cow<'de, str>>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => date_of(&s).map(Some).map_err(de::Error::custom),
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[derive(Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "opt_date")]
        d: Option<Date>,
        #[serde(default, deserialize_with = "opt_string")]
        s: Option<String>,
        #[serde(default, deserialize_with = "null_as_default")]
        v: Vec<u8>,
    }

    fn t(json: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn lenient_fields() {
        let x = t(r#"{"d":"2010-09-08T00:00:00.000+02:00","s":2023,"v":null}"#).unwrap();
        assert_eq!(x.d.unwrap().to_string(), "2010-09-08");
        assert_eq!(x.s.as_deref(), Some("2023"));
        assert_eq!(t(r#"{"s":2021.0}"#).unwrap().s.as_deref(), Some("2021"));
        assert_eq!(t(r#"{"s":2021.5}"#).unwrap().s.as_deref(), Some("2021.5"));
        assert!(x.v.is_empty());
        let y = t(r#"{"d":"","s":""}"#).unwrap();
        assert!(y.d.is_none() && y.s.is_none());
        let z = t(r#"{"d":null,"s":null,"v":[1]}"#).unwrap();
        assert!(z.d.is_none() && z.s.is_none() && z.v == [1]);
        assert!(t(r#"{}"#).unwrap().d.is_none());
        assert!(t(r#"{"d":"2023-02-30"}"#).is_err());
        assert!(t(r#"{"d":"2023-02-01X"}"#).is_err());
        assert!(t(r#"{"s":{}}"#).is_err());
        assert!(t(r#"{"s":{"a":1}}"#).is_err());
        assert_eq!(t(r#"{"s":1.5e1}"#).unwrap().s.as_deref(), Some("15"));
        assert_eq!(t(r#"{"s":-0.25}"#).unwrap().s.as_deref(), Some("-0.25"));
        assert_eq!(date_of("2022-11-02T09:44:14.307Z").unwrap().to_string(), "2022-11-02");
    }
}
