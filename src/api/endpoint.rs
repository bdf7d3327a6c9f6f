//! The four endpoints of *Krav og betalinger*, once: what differs between them (path segments, whether a period
//! is asked for, the model type of the answer), for request building, parsing, the Worker's routes, the browser
//! package and the presentation.
//!
//! ```
//! use kravkit::api::endpoint::{Data, Endpoint};
//!
//! let endpoint: Endpoint = "krav".parse().unwrap();
//! assert_eq!((endpoint.skatteetaten_segment(), endpoint.route()), ("krav", "/v1/parties/{party}/krav"));
//! assert!(endpoint.has_period() && !Endpoint::AapneKrav.has_period());
//! let data = Data::from_canonical(endpoint, r#"{"krav":[]}"#).unwrap();
//! assert_eq!(data.endpoint(), Endpoint::Krav);
//! ```

use std::fmt;
use std::str::FromStr;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::model::{canonical, AapneKrav, ForespurtPeriode, Innbetalinger, Kravliste, PartId, Utbetalinger};
use crate::redact::excerpt;
use crate::skatteetaten::Periode;

/// One of the four endpoints. Serialized as its [name](Endpoint::as_str).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Endpoint {
    /// `aapnekrav`: open claims, unplaced payments and totals.
    AapneKrav,
    /// `krav`: every claim of a period.
    Krav,
    /// `innbetalinger`: the payments of a period.
    Innbetalinger,
    /// `utbetalinger`: the payouts of a period.
    Utbetalinger,
}

impl Endpoint {
    /// Every endpoint, in the order of Skatteetaten's documentation.
    pub const ALL: [Endpoint; 4] = [Self::AapneKrav, Self::Krav, Self::Innbetalinger, Self::Utbetalinger];

    /// The name: `aapnekrav`, `krav`, `innbetalinger` or `utbetalinger`. It is the last segment of the Worker's
    /// route, the browser package's view kind, and the name in logs, file names and events.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::AapneKrav => "aapnekrav",
            Self::Krav => "krav",
            Self::Innbetalinger => "innbetalinger",
            Self::Utbetalinger => "utbetalinger",
        }
    }

    /// The last segment of Skatteetaten's path, `{base}/{rettighetspakke}/{part}/{segment}`.
    pub const fn skatteetaten_segment(self) -> &'static str {
        self.as_str()
    }

    /// The Worker's route pattern, e.g. `/v1/parties/{party}/aapnekrav` (as in `worker/openapi.json` and logs).
    pub const fn route(self) -> &'static str {
        match self {
            Self::AapneKrav => "/v1/parties/{party}/aapnekrav",
            Self::Krav => "/v1/parties/{party}/krav",
            Self::Innbetalinger => "/v1/parties/{party}/innbetalinger",
            Self::Utbetalinger => "/v1/parties/{party}/utbetalinger",
        }
    }

    /// Whether it takes a period (`fraOgMed`, `tilOgMed`): all but `aapnekrav`.
    pub const fn has_period(self) -> bool {
        !matches!(self, Self::AapneKrav)
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is none of the four endpoints (shown scrubbed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown endpoint {0:?}: expected aapnekrav, krav, innbetalinger or utbetalinger")]
pub struct UnknownEndpoint(pub String);

impl FromStr for Endpoint {
    type Err = UnknownEndpoint;

    /// Reads a [name](Endpoint::as_str), exactly (lowercase).
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|e| e.as_str() == name).ok_or_else(|| UnknownEndpoint(excerpt(name)))
    }
}

/// The model type of one endpoint's answer.
pub trait Model: Serialize + DeserializeOwned + Into<Data> {
    /// The endpoint that answers with it.
    const ENDPOINT: Endpoint;
}

impl Model for AapneKrav {
    const ENDPOINT: Endpoint = Endpoint::AapneKrav;
}
impl Model for Kravliste {
    const ENDPOINT: Endpoint = Endpoint::Krav;
}
impl Model for Innbetalinger {
    const ENDPOINT: Endpoint = Endpoint::Innbetalinger;
}
impl Model for Utbetalinger {
    const ENDPOINT: Endpoint = Endpoint::Utbetalinger;
}

/// A way of reading any [`Model`] from one input: Skatteetaten's JSON (with or without the JSON path in errors),
/// or the canonical JSON. [`Data::read`] picks the type by endpoint.
pub trait ReadModel {
    /// Why the input is not a `T`.
    type Error;
    /// Reads the input as a `T`.
    fn read<T: Model>(self) -> Result<T, Self::Error>;
}

/// The answer of one endpoint, whichever it is. Serializes as the model inside it (the canonical JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Data {
    /// An `aapnekrav` answer.
    AapneKrav(AapneKrav),
    /// A `krav` answer.
    Krav(Kravliste),
    /// An `innbetalinger` answer.
    Innbetalinger(Innbetalinger),
    /// An `utbetalinger` answer.
    Utbetalinger(Utbetalinger),
}

impl From<AapneKrav> for Data {
    fn from(v: AapneKrav) -> Self {
        Self::AapneKrav(v)
    }
}
impl From<Kravliste> for Data {
    fn from(v: Kravliste) -> Self {
        Self::Krav(v)
    }
}
impl From<Innbetalinger> for Data {
    fn from(v: Innbetalinger) -> Self {
        Self::Innbetalinger(v)
    }
}
impl From<Utbetalinger> for Data {
    fn from(v: Utbetalinger) -> Self {
        Self::Utbetalinger(v)
    }
}

/// Skatteetaten's JSON text, read tolerantly (amounts in kroner).
struct Json<'a>(&'a str);

impl ReadModel for Json<'_> {
    type Error = serde_json::Error;
    fn read<T: Model>(self) -> serde_json::Result<T> {
        serde_json::from_str(self.0)
    }
}

/// Canonical JSON text (amounts in øre).
struct Canonical<'a>(&'a str);

impl ReadModel for Canonical<'_> {
    type Error = serde_json::Error;
    fn read<T: Model>(self) -> serde_json::Result<T> {
        canonical::from_str(self.0)
    }
}

impl Data {
    /// Reads `endpoint`'s model type with `reader`.
    pub fn read<R: ReadModel>(endpoint: Endpoint, reader: R) -> Result<Self, R::Error> {
        Ok(match endpoint {
            Endpoint::AapneKrav => reader.read::<AapneKrav>()?.into(),
            Endpoint::Krav => reader.read::<Kravliste>()?.into(),
            Endpoint::Innbetalinger => reader.read::<Innbetalinger>()?.into(),
            Endpoint::Utbetalinger => reader.read::<Utbetalinger>()?.into(),
        })
    }

    /// Reads Skatteetaten's JSON for `endpoint` (any documented version; errors give line and column only, see
    /// [`parse_body`](crate::skatteetaten::parse_body) for the JSON path).
    pub fn from_json(endpoint: Endpoint, json: &str) -> serde_json::Result<Self> {
        Self::read(endpoint, Json(json))
    }

    /// Reads the canonical JSON of `endpoint` (as the Worker answers).
    pub fn from_canonical(endpoint: Endpoint, json: &str) -> serde_json::Result<Self> {
        Self::read(endpoint, Canonical(json))
    }

    /// An answer with nothing in it for `part` (and, on the period endpoints, `periode`): what Skatteetaten's
    /// KB-007 ("nothing found") means for a period.
    pub fn empty(endpoint: Endpoint, part: PartId, periode: Option<Periode>) -> Self {
        let part_identifikator = Some(part);
        let periode =
            periode.map(|p| ForespurtPeriode { fra_og_med: Some(p.fra_og_med()), til_og_med: Some(p.til_og_med()) });
        match endpoint {
            Endpoint::AapneKrav => AapneKrav { part_identifikator, ..AapneKrav::default() }.into(),
            Endpoint::Krav => Kravliste { part_identifikator, periode, ..Kravliste::default() }.into(),
            Endpoint::Innbetalinger => Innbetalinger { part_identifikator, periode, ..Innbetalinger::default() }.into(),
            Endpoint::Utbetalinger => Utbetalinger { part_identifikator, periode, ..Utbetalinger::default() }.into(),
        }
    }

    /// The endpoint that answered.
    pub fn endpoint(&self) -> Endpoint {
        match self {
            Self::AapneKrav(_) => Endpoint::AapneKrav,
            Self::Krav(_) => Endpoint::Krav,
            Self::Innbetalinger(_) => Endpoint::Innbetalinger,
            Self::Utbetalinger(_) => Endpoint::Utbetalinger,
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    const FIXTURES: [(Endpoint, &str); 4] = [
        (Endpoint::AapneKrav, include_str!("../../fixtures/skatteetaten/2024-04-24/aapnekrav.json")),
        (Endpoint::Krav, include_str!("../../fixtures/skatteetaten/2024-04-24/krav.json")),
        (Endpoint::Innbetalinger, include_str!("../../fixtures/skatteetaten/2024-04-24/innbetalinger.json")),
        (Endpoint::Utbetalinger, include_str!("../../fixtures/skatteetaten/2024-04-24/utbetalinger.json")),
    ];

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for e in Endpoint::ALL {
            assert_eq!(e.as_str().parse::<Endpoint>(), Ok(e));
            assert_eq!(e.to_string(), e.as_str());
            assert_eq!(serde_json::to_value(e).unwrap(), e.as_str());
            assert_eq!(serde_json::from_value::<Endpoint>(e.as_str().into()).unwrap(), e);
            assert_eq!(e.route(), format!("/v1/parties/{{party}}/{e}"));
            assert_eq!(e.skatteetaten_segment(), e.as_str());
            assert_eq!(e.has_period(), e != Endpoint::AapneKrav);
        }
        let names: std::collections::BTreeSet<&str> = Endpoint::ALL.iter().map(|e| e.as_str()).collect();
        assert_eq!(names.len(), 4);
        for bad in ["", "Krav", "aapneKrav", "krav ", "consent", "other"] {
            let e = bad.parse::<Endpoint>().unwrap_err();
            assert!(e.to_string().starts_with("unknown endpoint"), "{e}");
        }
        let e = "fnr 04827896468".parse::<Endpoint>().unwrap_err();
        assert!(!e.to_string().contains("04827896468"), "{e}");
    }

    #[test]
    fn each_endpoint_reads_its_own_model_and_writes_it_canonically() {
        for (endpoint, json) in FIXTURES {
            let data = Data::from_json(endpoint, json).unwrap();
            assert_eq!(data.endpoint(), endpoint);
            // The canonical JSON is the model's own, without a tag, and reads back to the same data.
            let text = serde_json::to_string(&data).unwrap();
            let inner = match &data {
                Data::AapneKrav(v) => serde_json::to_string(v),
                Data::Krav(v) => serde_json::to_string(v),
                Data::Innbetalinger(v) => serde_json::to_string(v),
                Data::Utbetalinger(v) => serde_json::to_string(v),
            };
            assert_eq!(text, inner.unwrap());
            assert_eq!(Data::from_canonical(endpoint, &text).unwrap(), data);
        }
        // Each endpoint's required fields are its own.
        let utbetaling = r#"{"utbetaling":[{"utbetalingsidentifikator":"u","utbetaltBeloep":1}]}"#;
        assert!(Data::from_json(Endpoint::Utbetalinger, utbetaling).is_ok());
        assert!(Data::from_json(Endpoint::Utbetalinger, r#"{"utbetaling":[{"utbetaltBeloep":1}]}"#).is_err());
        assert!(Data::from_canonical(Endpoint::Krav, r#"{"krav":[{"kravidentifikator":"k"}]}"#).is_err());
    }

    #[test]
    fn the_model_types_name_their_endpoint() {
        fn of<T: Model>(v: T) -> (Endpoint, Endpoint) {
            (T::ENDPOINT, v.into().endpoint())
        }
        assert_eq!(of(AapneKrav::default()), (Endpoint::AapneKrav, Endpoint::AapneKrav));
        assert_eq!(of(Kravliste::default()), (Endpoint::Krav, Endpoint::Krav));
        assert_eq!(of(Innbetalinger::default()), (Endpoint::Innbetalinger, Endpoint::Innbetalinger));
        assert_eq!(of(Utbetalinger::default()), (Endpoint::Utbetalinger, Endpoint::Utbetalinger));
    }

    #[test]
    fn an_empty_answer_names_the_party_and_the_period() {
        let periode = Periode::parse("2023-01-01", "2023-09-01").unwrap();
        for e in Endpoint::ALL {
            let data = Data::empty(e, PartId::new("212201782"), e.has_period().then_some(periode));
            assert_eq!(data.endpoint(), e);
            let v = serde_json::to_value(&data).unwrap();
            assert_eq!(v["partIdentifikator"], "212201782", "{e}");
            assert_eq!(v["skjermet"], false, "{e}");
            if e.has_period() {
                assert_eq!(v["periode"], serde_json::json!({"fraOgMed": "2023-01-01", "tilOgMed": "2023-09-01"}));
            } else {
                assert!(v.get("periode").is_none());
            }
            let lists: Vec<_> = v.as_object().unwrap().values().filter_map(|x| x.as_array()).collect();
            assert!(!lists.is_empty() && lists.iter().all(|l| l.is_empty()), "{e}: {v}");
        }
    }
}
