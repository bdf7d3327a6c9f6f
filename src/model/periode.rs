//! Periods: what a krav concerns (`kravperiode`) and the period a response covers (`periode`).

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::lenient::{opt_date, opt_string};
use super::text::Tekst;
use crate::time::Date;

/// The period a krav concerns, e.g. a VAT term or an income year.
///
/// Reads the old plain string (`"2022/09"`, kept as the description) and the object
/// `{periodeBeskrivelse, aar, fraDato, tilDato, terminTekniskNavn}` where every field is optional (an ARBGAVG krav
/// has only `aar` and `terminTekniskNavn`), plus the beta-era `{start, slutt}`. Serializes as the object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Kravperiode {
    /// `periodeBeskrivelse`: e.g. "januar - februar", "Termin", "Inntektsår", or the old string form.
    pub periode_beskrivelse: Option<Tekst>,
    /// `aar`: the year, as given (`"2022"`).
    pub aar: Option<String>,
    /// `fraDato`: first day of the period.
    pub fra_dato: Option<Date>,
    /// `tilDato`: last day of the period.
    pub til_dato: Option<Date>,
    /// `terminTekniskNavn`: the term's technical name, as given (`"01"`, `"2"`).
    pub termin_teknisk_navn: Option<String>,
}

/// The object shape of a [`Kravperiode`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KravperiodeObject {
    /// Present only when the "object" is a decimal number in serde_json's map form: refused below.
    #[serde(default, rename = "$serde_json::private::Number")]
    number: Option<de::IgnoredAny>,
    #[serde(default)]
    periode_beskrivelse: Option<Tekst>,
    #[serde(default, deserialize_with = "opt_string")]
    aar: Option<String>,
    #[serde(default, alias = "start", deserialize_with = "opt_date")]
    fra_dato: Option<Date>,
    #[serde(default, alias = "slutt", deserialize_with = "opt_date")]
    til_dato: Option<Date>,
    #[serde(default, deserialize_with = "opt_string")]
    termin_teknisk_navn: Option<String>,
}

impl<'de> Deserialize<'de> for Kravperiode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(KravperiodeVisitor)
    }
}

struct KravperiodeVisitor;

impl<'de> Visitor<'de> for KravperiodeVisitor {
    type Value = Kravperiode;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a krav period: a string or an object")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Kravperiode, E> {
        Ok(Kravperiode { periode_beskrivelse: Some(Tekst::nb(v)), ..Kravperiode::default() })
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Kravperiode, A::Error> {
        let o = KravperiodeObject::deserialize(de::value::MapAccessDeserializer::new(map))?;
        if o.number.is_some() {
            return Err(de::Error::invalid_type(de::Unexpected::Other("a decimal number"), &self));
        }
        Ok(Kravperiode {
            periode_beskrivelse: o.periode_beskrivelse,
            aar: o.aar,
            fra_dato: o.fra_dato,
            til_dato: o.til_dato,
            termin_teknisk_navn: o.termin_teknisk_navn,
        })
    }
}

/// The period a krav, innbetalinger or utbetalinger response covers, as echoed by Skatteetaten (`periode`).
/// Not checked: the docs show an inverted example. Reads the beta-era `{start, slutt}` too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForespurtPeriode {
    /// `fraOgMed`: first day, inclusive.
    #[serde(default, alias = "start", deserialize_with = "opt_date")]
    pub fra_og_med: Option<Date>,
    /// `tilOgMed`: last day, inclusive.
    #[serde(default, alias = "slutt", deserialize_with = "opt_date")]
    pub til_og_med: Option<Date>,
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        #[serde(default)]
        kravperiode: Option<Kravperiode>,
    }

    fn kp(json: &str) -> Option<Kravperiode> {
        serde_json::from_str::<Holder>(&format!(r#"{{"kravperiode":{json}}}"#)).unwrap().kravperiode
    }

    #[test]
    fn kravperiode_string_and_object_shapes() {
        let s = kp(r#""2022/09""#).unwrap();
        assert_eq!(s.periode_beskrivelse.unwrap().get("nb"), Some("2022/09"));
        assert_eq!(s.aar, None);
        let o = kp(r#"{"periodeBeskrivelse":{"spraakTekst":[{"tekst":"januar - februar","spraak":"nb"}]},
            "aar":"2022","fraDato":"2022-01-01","tilDato":"2022-02-28","terminTekniskNavn":"01"}"#)
        .unwrap();
        assert_eq!(o.periode_beskrivelse.as_ref().unwrap().get("nb"), Some("januar - februar"));
        assert_eq!(o.aar.as_deref(), Some("2022"));
        assert_eq!(o.fra_dato.unwrap().to_string(), "2022-01-01");
        assert_eq!(o.til_dato.unwrap().to_string(), "2022-02-28");
        assert_eq!(o.termin_teknisk_navn.as_deref(), Some("01"));
        let canonical = serde_json::to_string(&o).unwrap();
        assert_eq!(
            canonical,
            r#"{"periodeBeskrivelse":{"nb":"januar - februar"},"aar":"2022","fraDato":"2022-01-01","tilDato":"2022-02-28","terminTekniskNavn":"01"}"#
        );
        assert_eq!(kp(&canonical).unwrap(), o);
        let arb = kp(r#"{"aar":2021,"terminTekniskNavn":6}"#).unwrap();
        assert_eq!((arb.aar.as_deref(), arb.termin_teknisk_navn.as_deref()), (Some("2021"), Some("6")));
        let beta = kp(r#"{"start":"2022-10-05T07:10:26.492Z","slutt":"2022-10-31T00:00:00.000+01:00"}"#).unwrap();
        assert_eq!(beta.til_dato.unwrap().to_string(), "2022-10-31");
        assert_eq!(kp("null"), None);
        assert!(serde_json::from_str::<Holder>(r#"{"kravperiode":{"fraDato":"nope"}}"#).is_err());
        assert!(serde_json::from_str::<Holder>(r#"{"kravperiode":[1]}"#).is_err());
        assert!(serde_json::from_str::<Holder>(r#"{"kravperiode":2022.5}"#).is_err());
    }

    #[test]
    fn echoed_period_is_not_checked() {
        let p: ForespurtPeriode = serde_json::from_str(r#"{"fraOgMed":"2022-01-01","tilOgMed":"2021-12-31"}"#).unwrap();
        assert!(p.fra_og_med > p.til_og_med);
        let beta: ForespurtPeriode = serde_json::from_str(r#"{"start":"2022-11-02T09:50:00.388Z"}"#).unwrap();
        assert_eq!(beta.fra_og_med.unwrap().to_string(), "2022-11-02");
    }
}
