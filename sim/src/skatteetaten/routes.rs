//! `GET /skatteetaten/v1/{rettighetspakke}/{party}/{aapnekrav|krav|innbetalinger|utbetalinger}`.
//!
//! Checked in this order: `Accept` (KB-008), the Maskinporten token, its scope and no `aud` (KB-004), the rights package
//! (KB-003), the party id and the period (KB-006), the consent (KB-005), then the data (KB-009 unknown party,
//! KB-007 nothing in the period).
//!
//! Every call's `Korrelasjonsid` and `Klientid` headers are recorded (`/stats`, `skatteetatenCallIds`); a
//! well-formed `Korrelasjonsid` is the answer's (header and error body), otherwise the answer gets a fresh one.
//! Whether Skatteetaten echoes a client's id is **UNCONFIRMED**; neither header is required.

use std::sync::Arc;

use axum::{
    extract::{Path, RawQuery, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use chrono::{Months, NaiveDate};
use serde::Serialize;

use super::{
    consent,
    data::{AapneKrav, Innbetaling, Krav, Utbetaling},
    errors::{negotiate, respond_with_id, SkeError},
    xml::to_xml,
};
use crate::{
    ids::{is_party, is_uuid, new_uuid},
    maskinporten::token::verify_bearer,
    state::State as Sim,
    stats::CallIds,
};

/// The Maskinporten scope of the API.
pub const SCOPE: &str = "skatteetaten:kravogbetalinger";
/// The rights packages the simulator knows (all require consent).
pub const RIGHTS_PACKAGES: &[&str] = &["finans"];

/// The period echo.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Periode {
    fra_og_med: String,
    til_og_med: String,
}

/// A period answer: one of the lists is set.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PeriodAnswer<'a> {
    part_identifikator: &'a str,
    periode: Periode,
    skjermet: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    krav: Option<Vec<&'a Krav>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    innbetaling: Option<Vec<&'a Innbetaling>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    utbetaling: Option<Vec<&'a Utbetaling>>,
}

impl PeriodAnswer<'_> {
    fn is_empty(&self) -> bool {
        self.krav.as_ref().map_or(0, Vec::len)
            + self.innbetaling.as_ref().map_or(0, Vec::len)
            + self.utbetaling.as_ref().map_or(0, Vec::len)
            == 0
    }
}

fn strict_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    shape.then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()).flatten()
}

/// `fraOgMed`/`tilOgMed`: both present once, real dates, in order, at most one year apart.
fn period(query: Option<&str>) -> Result<(NaiveDate, NaiveDate), String> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.unwrap_or("")).map_err(|_| "the query string is malformed".to_owned())?;
    let date = |name: &str| -> Result<NaiveDate, String> {
        let mut values = pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v);
        let v = values.next().ok_or(format!("{name} mangler"))?;
        if values.next().is_some() {
            return Err(format!("{name} er oppgitt mer enn én gang"));
        }
        strict_date(v).ok_or(format!("{name} må være en dato på formen ÅÅÅÅ-MM-DD"))
    };
    let (fra, til) = (date("fraOgMed")?, date("tilOgMed")?);
    if fra > til {
        return Err("fraOgMed kan ikke være etter tilOgMed".into());
    }
    if fra.checked_add_months(Months::new(12)).is_none_or(|limit| til > limit) {
        return Err("perioden kan ikke være lengre enn ett år".into());
    }
    Ok((fra, til))
}

/// Records the call's identifying headers and gives the korrelasjonsid of its answer (also for a
/// `skatteetatenError` fault, so retries can be told apart from new calls).
pub fn call_id(state: &Sim, headers: &HeaderMap) -> String {
    let text = |name: &str| headers.get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let ids = CallIds { korrelasjonsid: text("korrelasjonsid"), klientid: text("klientid") };
    let echoed = ids.korrelasjonsid.clone().filter(|k| is_uuid(k));
    state.lock().stats.call_ids(ids, echoed.is_some());
    echoed.unwrap_or_else(new_uuid)
}

fn ok<T: Serialize>(body: &T, xml: bool, root: &str, id: &str) -> Response {
    let (text, content_type) = if xml {
        (to_xml(root, &serde_json::to_value(body).unwrap_or_default()), "application/xml")
    } else {
        (serde_json::to_string(body).unwrap_or_default(), "application/json")
    };
    let mut res = (StatusCode::OK, text).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(id) {
        res.headers_mut().insert("korrelasjonsid", v);
    }
    res
}

/// The one handler for all four endpoints.
pub async fn endpoint(
    State(state): State<Arc<Sim>>,
    Path((package, party, name)): Path<(String, String, String)>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let id = call_id(&state, &headers);
    let respond = |e: SkeError, detail: Option<&str>, xml: bool| respond_with_id(e, detail, xml, &id);
    let Some(xml) = negotiate(&headers) else { return respond(SkeError::Kb008, None, false) };
    let fail = |e: SkeError, detail: &str| respond(e, Some(detail), xml);
    if !["aapnekrav", "krav", "innbetalinger", "utbetalinger"].contains(&name.as_str()) {
        return respond(SkeError::Kb003, None, xml);
    }
    let bearer = match verify_bearer(&state, "skatteetaten", &headers, SCOPE) {
        Ok(b) => b,
        Err(e) => return fail(SkeError::Kb004, &e.to_string()),
    };
    // A token requested with `resource` is for that audience; without one Maskinporten writes `"unspecified"` (for
    // now: Digdir says it will be dropped), so both an absent and an unspecified `aud` are accepted.
    if bearer.aud.as_ref().is_some_and(|a| a != "unspecified") {
        return fail(
            SkeError::Kb004,
            "the Maskinporten token has an audience (aud): request it without resource, Skatteetaten expects none",
        );
    }
    if !RIGHTS_PACKAGES.contains(&package.as_str()) {
        return fail(SkeError::Kb003, &format!("ukjent rettighetspakke {package}"));
    }
    if !is_party(&party) {
        return fail(SkeError::Kb006, "partIdentifikator må være et gyldig organisasjonsnummer eller fødselsnummer");
    }
    let span = if name == "aapnekrav" {
        None
    } else {
        match period(query.as_deref()) {
            Ok(p) => Some(p),
            Err(why) => return fail(SkeError::Kb006, &why),
        }
    };
    if let Err(why) = consent::check(&state, &headers, &bearer, &party) {
        return fail(SkeError::Kb005, &why);
    }
    let Some(data) = state.data.parties.get(&party) else {
        return respond(SkeError::Kb009, None, xml);
    };
    let Some((fra, til)) = span else {
        return if data.skjermet {
            let empty = AapneKrav { part_identifikator: party.clone(), skjermet: true, ..Default::default() };
            ok(&empty, xml, "aapneKrav", &id)
        } else {
            ok(&data.aapnekrav, xml, "aapneKrav", &id)
        };
    };
    let (from, to) = (fra.to_string(), til.to_string());
    let within = |d: &str| d >= from.as_str() && d <= to.as_str();
    let shown = !data.skjermet;
    let mut answer = PeriodAnswer {
        part_identifikator: &party,
        periode: Periode { fra_og_med: from.clone(), til_og_med: to.clone() },
        skjermet: data.skjermet,
        krav: None,
        innbetaling: None,
        utbetaling: None,
    };
    match name.as_str() {
        "krav" => {
            answer.krav = Some(data.krav.iter().filter(|k| shown && within(&k.opprettelsesdato_for_krav)).collect())
        }
        "innbetalinger" => {
            answer.innbetaling =
                Some(data.innbetalinger.iter().filter(|i| shown && within(&i.innbetalingsdato)).collect())
        }
        _ => answer.utbetaling = Some(data.utbetalinger.iter().filter(|u| shown && within(&u.utbetaltdato)).collect()),
    }
    if shown && answer.is_empty() {
        return respond(SkeError::Kb007, None, xml);
    }
    ok(&answer, xml, &name, &id)
}

#[cfg(test)]
mod tests {
    use super::period;

    #[test]
    fn period_rules() {
        assert!(period(Some("fraOgMed=2023-01-01&tilOgMed=2024-01-01")).is_ok());
        assert!(period(Some("fraOgMed=2024-02-29&tilOgMed=2025-02-28")).is_ok());
        for bad in [
            "fraOgMed=2023-01-01",
            "tilOgMed=2023-01-01",
            "fraOgMed=2023-1-01&tilOgMed=2023-02-01",
            "fraOgMed=2023-02-30&tilOgMed=2023-03-01",
            "fraOgMed=2023-03-01&tilOgMed=2023-02-01",
            "fraOgMed=2023-01-01&tilOgMed=2024-01-02",
            "fraOgMed=2023-01-01&fraOgMed=2023-01-02&tilOgMed=2023-02-01",
        ] {
            assert!(period(Some(bad)).is_err(), "{bad}");
        }
    }
}
