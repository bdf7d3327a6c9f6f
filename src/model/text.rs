//! Text that may come in several languages.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

/// The language assumed when Skatteetaten gives a plain string or leaves `spraak` out.
pub const DEFAULT_SPRAAK: &str = "nb";

/// A text in one or more languages (`nb`, `nn`, `en`, ...), e.g. a `kravbeskrivelse`.
///
/// Reads every shape seen: a plain string (taken as `nb`), Skatteetaten's
/// `{"spraakTekst": [{"tekst": "Restskatt", "spraak": "nb"}]}`, a bare `[{"tekst", "spraak"}]` list, and the
/// canonical `{"nb": "Restskatt"}`. Language codes are lower-cased; the first text per language wins.
/// Serializes canonically as an object keyed by language code, in the order received.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Tekst {
    entries: Vec<(String, String)>,
}

impl Tekst {
    /// A text in one language.
    pub fn new(spraak: &str, tekst: impl Into<String>) -> Self {
        let mut t = Self::default();
        t.push(spraak, tekst.into());
        t
    }

    /// A text in bokmål (`nb`), the language of plain-string texts.
    pub fn nb(tekst: impl Into<String>) -> Self {
        Self::new(DEFAULT_SPRAAK, tekst)
    }

    /// Adds a language unless it is already there.
    fn push(&mut self, spraak: &str, tekst: String) {
        let spraak = spraak.trim().to_ascii_lowercase();
        let spraak = if spraak.is_empty() { DEFAULT_SPRAAK.to_owned() } else { spraak };
        if self.get(&spraak).is_none() {
            self.entries.push((spraak, tekst));
        }
    }

    /// The text in one language, if given.
    pub fn get(&self, spraak: &str) -> Option<&str> {
        self.entries.iter().find(|(s, _)| s.eq_ignore_ascii_case(spraak)).map(|(_, t)| t.as_str())
    }

    /// The best text for a reader: the first of `preferred` that exists, else `nb`, else the first given.
    /// `None` only when there is no text at all.
    pub fn best(&self, preferred: &[&str]) -> Option<&str> {
        preferred
            .iter()
            .find_map(|p| self.get(p))
            .or_else(|| self.get(DEFAULT_SPRAAK))
            .or_else(|| self.entries.first().map(|(_, t)| t.as_str()))
    }

    /// `(language, text)` pairs in the order received.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(s, t)| (s.as_str(), t.as_str()))
    }

    /// Whether there is no text in any language.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The best text for a Norwegian reader (see [`Tekst::best`]), or nothing.
impl fmt::Display for Tekst {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.best(&[]).unwrap_or_default())
    }
}

impl Serialize for Tekst {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.entries.len()))?;
        for (spraak, tekst) in &self.entries {
            map.serialize_entry(spraak, tekst)?;
        }
        map.end()
    }
}

/// One `{tekst, spraak}` entry of a `spraakTekst` list.
#[derive(Deserialize)]
struct SpraakTekst {
    #[serde(default)]
    tekst: Option<String>,
    #[serde(default)]
    spraak: Option<String>,
}

impl Tekst {
    fn extend(&mut self, list: Vec<SpraakTekst>) {
        for e in list {
            if let Some(t) = e.tekst {
                self.push(e.spraak.as_deref().unwrap_or(DEFAULT_SPRAAK), t);
            }
        }
    }
}

impl<'de> Deserialize<'de> for Tekst {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TekstVisitor)
    }
}

struct TekstVisitor;

impl<'de> Visitor<'de> for TekstVisitor {
    type Value = Tekst;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a text: a string, {\"spraakTekst\": [...]} or {\"nb\": \"...\"}")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Tekst, E> {
        Ok(Tekst::nb(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Tekst, A::Error> {
        let list = Vec::<SpraakTekst>::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        let mut t = Tekst::default();
        t.extend(list);
        Ok(t)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tekst, A::Error> {
        let mut t = Tekst::default();
        while let Some(key) = map.next_key::<String>()? {
            if key == super::number::NUMBER_TOKEN {
                return Err(de::Error::invalid_type(de::Unexpected::Other("a decimal number"), &self));
            }
            if key == "spraakTekst" {
                t.extend(map.next_value::<Option<Vec<SpraakTekst>>>()?.unwrap_or_default());
            } else if let Some(s) = map.next_value::<StringOrIgnored>()?.0 {
                t.push(&key, s); // the canonical {"nb": "..."}; other keys are ignored
            }
        }
        Ok(t)
    }
}

/// A string, or any other value skipped (without building a `serde_json::Value`).
struct StringOrIgnored(Option<String>);

impl<'de> Deserialize<'de> for StringOrIgnored {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StringOrIgnoredVisitor)
    }
}

struct StringOrIgnoredVisitor;

impl<'de> Visitor<'de> for StringOrIgnoredVisitor {
    type Value = StringOrIgnored;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<StringOrIgnored, E> {
        Ok(StringOrIgnored(Some(v.to_owned())))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<StringOrIgnored, E> {
        Ok(StringOrIgnored(None))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<StringOrIgnored, E> {
        Ok(StringOrIgnored(None))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<StringOrIgnored, E> {
        Ok(StringOrIgnored(None))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<StringOrIgnored, E> {
        Ok(StringOrIgnored(None))
    }
    fn visit_unit<E: de::Error>(self) -> Result<StringOrIgnored, E> {
        Ok(StringOrIgnored(None))
    }
    fn visit_none<E: de::Error>(self) -> Result<StringOrIgnored, E> {
        Ok(StringOrIgnored(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<StringOrIgnored, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StringOrIgnored, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(StringOrIgnored(None))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StringOrIgnored, A::Error> {
        while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
        Ok(StringOrIgnored(None))
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn parse(json: &str) -> Tekst {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn every_shape_reads_into_one_type() {
        let plain = parse(r#""Restskatt""#);
        let spraak = parse(r#"{"spraakTekst":[{"tekst":"Restskatt","spraak":"nb"}]}"#);
        let canonical = parse(r#"{"nb":"Restskatt"}"#);
        let list = parse(r#"[{"tekst":"Restskatt"}]"#);
        assert_eq!(plain, spraak);
        assert_eq!(plain, canonical);
        assert_eq!(plain, list);
        assert_eq!(plain.get("nb"), Some("Restskatt"));
        assert_eq!(serde_json::to_string(&plain).unwrap(), r#"{"nb":"Restskatt"}"#);
    }

    #[test]
    fn languages_and_preferences() {
        let t = parse(
            r#"{"spraakTekst":[{"tekst":"Restskatt","spraak":"NB"},{"tekst":"Residual tax","spraak":"en"},
                {"tekst":"dup","spraak":"nb"},{"spraak":"nn"}],"annet":1}"#,
        );
        assert_eq!(t.iter().collect::<Vec<_>>(), [("nb", "Restskatt"), ("en", "Residual tax")]);
        assert_eq!(t.best(&["nn", "en"]), Some("Residual tax"));
        assert_eq!(t.best(&["nn"]), Some("Restskatt"));
        assert_eq!(Tekst::new("en", "x").best(&["nb"]), Some("x"));
        assert_eq!(Tekst::default().best(&["nb"]), None);
        assert_eq!(t.to_string(), "Restskatt");
        let round: Tekst = parse(&serde_json::to_string(&t).unwrap());
        assert_eq!(round, t);
        assert!(parse(r#"{"spraakTekst":null}"#).is_empty());
        let mixed = parse(r#"{"nb":"Restskatt","meta":{"a":[1,{"b":null}]},"n":1.5,"en":"Residual tax","x":[]}"#);
        assert_eq!(mixed.iter().collect::<Vec<_>>(), [("nb", "Restskatt"), ("en", "Residual tax")]);
        assert!(serde_json::from_str::<Tekst>("12").is_err());
        assert!(serde_json::from_str::<Tekst>("12.5").is_err());
    }
}
