//! Skatteetaten's error bodies: `{kode, melding, korrelasjonsid}` in JSON, or `<feil>` in XML.

use axum::{
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::json;

use crate::{html::escape, ids::new_uuid};

/// The error codes the simulator can answer with (KB-xxx from the API, DAS-xxx common to Skatteetaten).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum SkeError {
    Kb001,
    Kb002,
    Kb003,
    Kb004,
    Kb005,
    Kb006,
    Kb007,
    Kb008,
    Kb009,
    Das001,
    Das002,
    Das003,
    Das004,
    Das008,
}

use SkeError::*;

const TABLE: &[(SkeError, &str, u16, &str)] = &[
    (Kb001, "KB-001", 500, "Uventet feil på tjenesten."),
    (Kb002, "KB-002", 500, "Uventet feil i et bakenforliggende system."),
    (Kb003, "KB-003", 404, "Ukjent url benyttet."),
    (Kb004, "KB-004", 401, "Feil i forbindelse med autentisering."),
    (Kb005, "KB-005", 403, "Feil i forbindelse med samtykketoken."),
    (Kb006, "KB-006", 400, "Feil i forbindelse med validering av inputdata."),
    (Kb007, "KB-007", 404, "Fant ingen krav/betalinger på angitt identifikator og periode."),
    (Kb008, "KB-008", 406, "Feil tilknyttet dataformat. Kun json eller xml er støttet."),
    (Kb009, "KB-009", 404, "Ingen treff på oppgitt identifikator."),
    (Das001, "DAS-001", 500, "Det var en uventet feil på tjenesten. Vennligst ta kontakt med brukerstøtte, med applikasjon og korrelasjonsid fra denne meldingen!"),
    (Das002, "DAS-002", 404, "Den forespurte URLen svarer ikke til et gyldig endepunkt"),
    (Das003, "DAS-003", 500, "Den forespurte informasjonen er for øyeblikket utilgjengelig, vennligst prøv igjen senere! Dersom problemet vedvarer, ta kontakt med brukerstøtte!"),
    (Das004, "DAS-004", 500, "Det skjedde en feil i forbindelse med intern autentisering i Skatteetaten"),
    (Das008, "DAS-008", 403, "Du er ikke autorisert for tilgang til den forespurte ressursen."),
];

impl SkeError {
    /// By code (`KB-005`, `DAS-003`).
    pub fn from_code(code: &str) -> Option<Self> {
        TABLE.iter().find(|r| r.1 == code).map(|r| r.0)
    }

    fn row(self) -> &'static (SkeError, &'static str, u16, &'static str) {
        TABLE.iter().find(|r| r.0 == self).unwrap_or(&TABLE[0])
    }

    /// The code.
    pub fn code(self) -> &'static str {
        self.row().1
    }

    /// The HTTP status.
    pub fn status(self) -> StatusCode {
        StatusCode::from_u16(self.row().2).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// What the client accepts: `Some(true)` for XML, `Some(false)` for JSON (also for no `Accept` and `*/*`), `None`
/// when nothing in `Accept` is JSON, XML or a wildcard.
pub fn negotiate(headers: &HeaderMap) -> Option<bool> {
    let values: Vec<&str> = headers.get_all(header::ACCEPT).iter().filter_map(|v| v.to_str().ok()).collect();
    if values.is_empty() {
        return Some(false);
    }
    let mut any_type = false;
    for media in values.iter().flat_map(|v| v.split(',')) {
        let media = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        match media.as_str() {
            "application/json" => return Some(false),
            "application/xml" => return Some(true),
            "*/*" | "application/*" => any_type = true,
            _ => {}
        }
    }
    any_type.then_some(false)
}

/// Whether an error body should be XML.
pub fn wants_xml(headers: &HeaderMap) -> bool {
    negotiate(headers).unwrap_or(false)
}

/// An error answer with a fresh korrelasjonsid (also in the `Korrelasjonsid` header). `detail` is appended to the
/// standard text.
pub fn respond(error: SkeError, detail: Option<&str>, xml: bool) -> Response {
    respond_with_id(error, detail, xml, &new_uuid())
}

/// An error answer naming the korrelasjonsid `id` (a UUID) in the body and the header.
pub fn respond_with_id(error: SkeError, detail: Option<&str>, xml: bool, id: &str) -> Response {
    let melding = match detail {
        Some(d) => format!("{} {d}", error.row().3),
        None => error.row().3.to_owned(),
    };
    let (body, content_type) = if xml {
        (
            format!(
                "<feil xmlns=\"urn:no:skatteetaten:datasamarbeid:feil:v1\"><kode>{}</kode><melding>{}</melding>\
<korrelasjonsid>{id}</korrelasjonsid></feil>",
                error.code(),
                escape(&melding)
            ),
            "application/xml",
        )
    } else {
        (json!({"kode": error.code(), "melding": melding, "korrelasjonsid": id}).to_string(), "application/json")
    };
    let mut res = (error.status(), body).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(id) {
        res.headers_mut().insert("korrelasjonsid", v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_rules() {
        let h = |v: &str| {
            let mut m = HeaderMap::new();
            m.insert(header::ACCEPT, HeaderValue::from_str(v).unwrap());
            negotiate(&m)
        };
        assert_eq!(negotiate(&HeaderMap::new()), Some(false));
        assert_eq!(h("*/*"), Some(false));
        assert_eq!(h("application/json"), Some(false));
        assert_eq!(h("application/xml"), Some(true));
        assert_eq!(h("text/html, application/xml;q=0.9"), Some(true));
        assert_eq!(h("text/html"), None);
        assert_eq!(SkeError::from_code("DAS-003").unwrap().status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
