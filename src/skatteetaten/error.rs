//! Skatteetaten's error bodies: `{"kode", "melding", "korrelasjonsid"}` in JSON, or
//! `<feil xmlns="urn:no:skatteetaten:datasamarbeid:feil:v1">` in XML, with the krav og betalinger codes
//! (KB-001..KB-009) and the common codes (DAS-001..DAS-008).

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

use super::xml;
use crate::redact::scrub;

/// Declares the known codes once: variant, code, documented HTTP status, meaning in English and in Norwegian.
macro_rules! feilkoder {
    ($($variant:ident = $code:literal, $status:literal, $en:literal, $nb:literal;)*) => {
        /// An error code from Skatteetaten. Known codes carry their documented status and meaning; any other code
        /// (other APIs use e.g. `BSA-006`) is kept as [`Feilkode::Other`].
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Feilkode {
            $(
                #[doc = concat!("`", $code, "` (HTTP ", stringify!($status), "): ", $en, ".")]
                $variant,
            )*
            /// A code not listed in the krav og betalinger or common tables, as given.
            Other(String),
        }

        impl Feilkode {
            /// Every known code.
            pub const KNOWN: &'static [Feilkode] = &[$(Self::$variant),*];

            /// `(code, status, english, norwegian)` of a known code.
            fn info(&self) -> Option<(&'static str, u16, &'static str, &'static str)> {
                match self {
                    $(Self::$variant => Some(($code, $status, $en, $nb)),)*
                    Self::Other(_) => None,
                }
            }

            /// Reads a code, case-insensitively and trimmed (`"kb-005"` is [`Feilkode::Kb005`]).
            pub fn parse(code: &str) -> Self {
                let code = code.trim();
                match code.to_ascii_uppercase().as_str() {
                    $($code => Self::$variant,)*
                    _ => Self::Other(code.to_owned()),
                }
            }
        }
    };
}

feilkoder! {
    Kb001 = "KB-001", 500, "unexpected error in the service", "Uventet feil på tjenesten.";
    Kb002 = "KB-002", 500, "unexpected error in a backend system", "Uventet feil i et bakenforliggende system.";
    Kb003 = "KB-003", 404, "unknown URL", "Ukjent url benyttet.";
    Kb004 = "KB-004", 401, "authentication failed (the Maskinporten token)", "Feil i forbindelse med autentisering.";
    Kb005 = "KB-005", 403, "problem with the consent token", "Feil i forbindelse med samtykketoken.";
    Kb006 = "KB-006", 400, "invalid input, e.g. the period or the identifier",
        "Feil i forbindelse med validering av inputdata.";
    Kb007 = "KB-007", 404, "no claims or payments for the identifier and period",
        "Fant ingen krav/betalinger på angitt identifikator og periode.";
    Kb008 = "KB-008", 406, "unsupported format; only JSON or XML",
        "Feil tilknyttet dataformat. Kun json eller xml er støttet.";
    Kb009 = "KB-009", 404, "no match for the identifier", "Ingen treff på oppgitt identifikator.";
    Das001 = "DAS-001", 500, "unexpected error in the service",
        "Det var en uventet feil på tjenesten. Vennligst ta kontakt med brukerstøtte, med applikasjon og korrelasjonsid fra denne meldingen!";
    Das002 = "DAS-002", 404, "the URL is not a valid endpoint", "Den forespurte URLen svarer ikke til et gyldig endepunkt";
    Das003 = "DAS-003", 500, "temporarily unavailable; try again later",
        "Den forespurte informasjonen er for øyeblikket utilgjengelig, vennligst prøv igjen senere! Dersom problemet vedvarer, ta kontakt med brukerstøtte!";
    Das004 = "DAS-004", 500, "internal authentication error at Skatteetaten",
        "Det skjedde en feil i forbindelse med intern autentisering i Skatteetaten";
    Das005 = "DAS-005", 500, "internal authentication error at Skatteetaten",
        "Det skjedde en feil i forbindelse med intern autentisering i Skatteetaten";
    Das006 = "DAS-006", 500, "internal authentication error at Skatteetaten",
        "Det skjedde en feil i forbindelse med intern autentisering i Skatteetaten";
    Das007 = "DAS-007", 500, "internal authentication error at Skatteetaten",
        "Det skjedde en feil i forbindelse med intern autentisering i Skatteetaten";
    Das008 = "DAS-008", 403, "not authorised for the requested resource",
        "Du er ikke autorisert for tilgang til den forespurte ressursen.";
}

impl Feilkode {
    /// The code as on the wire, e.g. `KB-005`.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Other(code) => code,
            known => known.info().map_or("", |i| i.0),
        }
    }

    /// Whether it is one of the documented KB or DAS codes.
    pub fn is_known(&self) -> bool {
        self.info().is_some()
    }

    /// The HTTP status the documentation gives for this code.
    pub fn http_status(&self) -> Option<u16> {
        self.info().map(|i| i.1)
    }

    /// What the code means, in English.
    pub fn meaning_en(&self) -> Option<&'static str> {
        self.info().map(|i| i.2)
    }

    /// What the code means, in Norwegian, as Skatteetaten's tables word it.
    pub fn meaning_nb(&self) -> Option<&'static str> {
        self.info().map(|i| i.3)
    }

    /// Whether trying again later may help: DAS-003, and every code documented with a 5xx status.
    pub fn is_retryable(&self) -> bool {
        *self == Self::Das003 || self.http_status().is_some_and(|s| s >= 500)
    }

    /// What to do about it, for error messages.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Kb004 => "check the Maskinporten token, its scope skatteetaten:kravogbetalinger and the environment",
            Self::Kb005 => "the consent is missing, expired or revoked: ask the party to consent again",
            Self::Kb006 => "check the period (fraOgMed ≤ tilOgMed, at most one year) and the party id",
            Self::Kb007 => "there is nothing for this party and period",
            Self::Kb008 => "send Accept: application/json",
            Self::Kb009 => "check the party id",
            Self::Kb003 | Self::Das002 => "check the base URL and the rights package in the path",
            Self::Das008 => "check that the rights package and the scope are granted to this client",
            k if k.is_retryable() => "try again later; report the korrelasjonsid if it persists",
            _ => "see the message from Skatteetaten",
        }
    }
}

impl fmt::Display for Feilkode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Feilkode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// An error body from Skatteetaten.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkatteetatenFeil {
    /// `kode`.
    pub kode: Feilkode,
    /// `melding`: Skatteetaten's message, in Norwegian (the text may vary for the same code), with anything shaped
    /// like a national id or a token redacted.
    pub melding: String,
    /// `korrelasjonsid`: unique per call; quote it when reporting a problem to Skatteetaten.
    pub korrelasjonsid: Option<String>,
}

#[derive(Deserialize)]
struct FeilJson {
    kode: String,
    #[serde(default)]
    melding: Option<String>,
    #[serde(default)]
    korrelasjonsid: Option<String>,
}

impl SkatteetatenFeil {
    /// Reads an error body, JSON or XML (by its first character). `None` if it is neither form.
    pub fn parse(body: &[u8]) -> Option<Self> {
        let text = std::str::from_utf8(body).ok()?.trim_start_matches('\u{feff}').trim();
        if text.starts_with('<') {
            Self::from_xml(text)
        } else {
            Self::from_json(text)
        }
    }

    /// Reads the JSON form. `None` unless it is an object with a non-empty `kode`.
    pub fn from_json(text: &str) -> Option<Self> {
        let f: FeilJson = serde_json::from_str(text).ok()?;
        Self::new(&f.kode, f.melding, f.korrelasjonsid)
    }

    /// Reads the XML form: root element `feil` (any prefix), children `kode`, `melding`, `korrelasjonsid`.
    pub fn from_xml(text: &str) -> Option<Self> {
        let root = xml::elements(text).next()?;
        if root.local_name != "feil" || root.self_closing {
            return None;
        }
        let child = |name: &str| xml::elements(root.rest).find(|e| e.local_name == name).map(|e| e.text());
        Self::new(&child("kode")?, child("melding"), child("korrelasjonsid"))
    }

    fn new(kode: &str, melding: Option<String>, korrelasjonsid: Option<String>) -> Option<Self> {
        if kode.trim().is_empty() {
            return None;
        }
        let korrelasjonsid = korrelasjonsid.map(|k| k.trim().to_owned()).filter(|k| !k.is_empty());
        let melding = scrub(melding.unwrap_or_default().trim());
        Some(Self { kode: Feilkode::parse(kode), melding, korrelasjonsid })
    }

    /// Whether trying again later may help (see [`Feilkode::is_retryable`]).
    pub fn is_retryable(&self) -> bool {
        self.kode.is_retryable()
    }

    /// Whether the consent is the problem (KB-005): the party must consent again.
    pub fn is_consent_problem(&self) -> bool {
        self.kode == Feilkode::Kb005
    }

    /// Whether the Maskinporten token was refused (KB-004).
    pub fn is_authentication_problem(&self) -> bool {
        self.kode == Feilkode::Kb004
    }

    /// Whether there was simply nothing to find (KB-007 no claims or payments, KB-009 no such party).
    pub fn is_not_found(&self) -> bool {
        matches!(self.kode, Feilkode::Kb007 | Feilkode::Kb009)
    }
}

impl fmt::Display for SkatteetatenFeil {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kode)?;
        if let Some(en) = self.kode.meaning_en() {
            write!(f, " ({en})")?;
        }
        if !self.melding.is_empty() {
            write!(f, ": {}", self.melding)?;
        }
        if let Some(k) = &self.korrelasjonsid {
            write!(f, " [korrelasjonsid {k}]")?;
        }
        write!(f, "; {}", self.kode.hint())
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    const JSON: &str = include_str!("../../fixtures/skatteetaten/errors/feil-example.json");
    const XML: &str = include_str!("../../fixtures/skatteetaten/errors/feil-example.xml");
    const KB: &str = include_str!("../../fixtures/skatteetaten/errors/kravogbetalinger-feilkoder-KB.json");
    const DAS: &str = include_str!("../../fixtures/skatteetaten/errors/felles-feilkoder-DAS.json");

    #[test]
    fn the_documented_bodies_read() {
        let j = SkatteetatenFeil::parse(JSON.as_bytes()).unwrap();
        assert_eq!(j.kode, Feilkode::Other("BSA-006".into()));
        assert_eq!(j.melding, "Fant ikke beregnet skatt for gitt inntektsår og identifikator");
        assert_eq!(j.korrelasjonsid.as_deref(), Some("13a865f5-28f9-47db-9abd-ab78977c79fe"));
        let x = SkatteetatenFeil::parse(XML.as_bytes()).unwrap();
        assert_eq!(x.kode.as_str(), "ARBEIDSFORHOLD-003");
        assert!(x.melding.starts_with("Fant ingen aktivt arbeidsforhold"), "{}", x.melding);
        assert_eq!(x.korrelasjonsid.as_deref(), Some("a621a996-315d-4b8a-ac6c-6239e67f03e7"));
    }

    #[test]
    fn every_tabled_code_is_known_with_its_status_and_text() {
        let kb: serde_json::Value = serde_json::from_str(KB).unwrap();
        let das: serde_json::Value = serde_json::from_str(DAS).unwrap();
        let rows = kb["koder"].as_array().unwrap().iter().chain(das.as_array().unwrap());
        let mut n = 0;
        for row in rows {
            let code = Feilkode::parse(row["kode"].as_str().unwrap());
            assert!(code.is_known(), "{code:?}");
            assert_eq!(code.as_str(), row["kode"]);
            assert_eq!(code.http_status().map(u64::from), row["httpStatus"].as_u64(), "{code}");
            let nb = row.get("feilomraade").or(row.get("melding")).unwrap();
            assert_eq!(code.meaning_nb(), nb.as_str(), "{code}");
            n += 1;
        }
        assert_eq!(n, 17);
        assert_eq!(Feilkode::KNOWN.len(), 17);
    }

    #[test]
    fn xml_variants_and_helpers() {
        let xml = r#"<?xml version="1.0"?><!-- x --><f:feil xmlns:f="urn:no:skatteetaten:datasamarbeid:feil:v1">
            <f:kode>kb-005</f:kode><f:melding>Feil &amp; mangel &#229; &#xE6;</f:melding><f:korrelasjonsid/></f:feil>"#;
        let f = SkatteetatenFeil::parse(xml.as_bytes()).unwrap();
        assert_eq!(f.kode, Feilkode::Kb005);
        assert_eq!(f.melding, "Feil & mangel å æ");
        assert_eq!(f.korrelasjonsid, None);
        assert!(f.is_consent_problem() && !f.is_retryable() && !f.is_not_found());
        let c = SkatteetatenFeil::from_xml("<feil><kode><![CDATA[DAS-003]]></kode></feil>").unwrap();
        assert!(c.is_retryable());
        assert!(SkatteetatenFeil::from_xml("<error><kode>KB-001</kode></error>").is_none());
        assert!(SkatteetatenFeil::from_xml("<feil><melding>x</melding></feil>").is_none());
        assert!(SkatteetatenFeil::parse(b"Not Found").is_none());
        assert!(SkatteetatenFeil::parse(br#"{"kode":""}"#).is_none());
        assert!(SkatteetatenFeil::parse(br#"{"status":404}"#).is_none());
        assert!(SkatteetatenFeil::parse(&[0xff, 0xfe]).is_none());
        assert!(Feilkode::Kb007.hint().contains("nothing"));
        assert!(Feilkode::Kb001.is_retryable() && !Feilkode::Kb006.is_retryable());
        assert!(!Feilkode::Other("X-1".into()).is_retryable());
    }

    #[test]
    fn display_is_actionable_and_redacts_national_ids() {
        let f = SkatteetatenFeil::from_json(
            r#"{"kode":"KB-009","melding":"Ingen treff på 04827896468 eller 212201782","korrelasjonsid":"abc"}"#,
        )
        .unwrap();
        let shown = f.to_string();
        assert_eq!(
            shown,
            "KB-009 (no match for the identifier): Ingen treff på ******96468 eller 212201782 \
             [korrelasjonsid abc]; check the party id"
        );
        assert!(f.is_not_found());
        assert_eq!(serde_json::to_value(&f).unwrap()["kode"], "KB-009");
    }
}
