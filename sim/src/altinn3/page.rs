//! The consent page at `viewUri`: who asks for what, with Approve (`#approve`) and Reject (`#reject`) forms that
//! POST and 303 back to the `redirectUrl` with `Status=OK` or `Status=Failed&ErrorMessage=...`.

use std::sync::Arc;

use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use super::model::{apply, Change, Consent3, Status3};
use crate::{
    clock::rfc3339,
    html::{append_query, escape, page, row, see_other},
    ids::{party_from_urn, ORG_URN},
    state::State as Sim,
};

/// What the redirect carries when the user rejects.
pub const REJECTED: &str = "Status=Failed&ErrorMessage=User%20did%20not%20give%20consent";

/// `?id=`.
#[derive(Deserialize)]
pub struct IdQuery {
    id: Option<String>,
}

fn party_label(urn: &str) -> String {
    match party_from_urn(urn) {
        Some(id) if urn.starts_with(ORG_URN) => format!("Organisasjon {id}"),
        Some(id) => format!("Person {id}"),
        None => urn.to_owned(),
    }
}

fn describe(c: &Consent3) -> String {
    let mut rows = vec![row("Mottaker (to)", &party_label(&c.to)), row("Samtykke fra (from)", &party_label(&c.from))];
    for r in &c.rights {
        let resources: Vec<&str> =
            r["resource"].as_array().into_iter().flatten().filter_map(|x| x["value"].as_str()).collect();
        let mut text = resources.join(", ");
        if let Some(meta) = r["metaData"].as_object() {
            let m: Vec<String> = meta.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or(""))).collect();
            text.push_str(&format!(" ({})", m.join(", ")));
        }
        rows.push(row("Ressurs", &text));
    }
    rows.push(row("Gyldig til (validTo)", &rfc3339(c.valid_to)));
    if let Some(msg) = c.request_message.as_ref().and_then(|m| m["nb"].as_str().or(m["en"].as_str())) {
        rows.push(row("Melding", msg));
    }
    format!("<dl>{}</dl>", rows.join(""))
}

/// `GET /altinn3/ui/consent/request?id=`.
pub async fn show(State(state): State<Arc<Sim>>, Query(q): Query<IdQuery>) -> Response {
    let id = q.id.unwrap_or_default().to_ascii_lowercase();
    let inner = state.lock();
    let Some(c) = inner.consents3.get(&id) else {
        return page(StatusCode::NOT_FOUND, "Fant ikke forespørselen", "<p>No consent request with this id.</p>");
    };
    let intro =
        format!("<p>{} ber om samtykke fra {}.</p>", escape(&party_label(&c.to)), escape(&party_label(&c.from)));
    let body = if c.status == Status3::Created && !c.expired(state.now_for("altinn3")) {
        let id = escape(&c.id);
        format!(
            "{intro}{}<div class=\"actions\">\
<form method=\"post\" action=\"request/{id}/approve\"><button id=\"approve\" type=\"submit\">Godta</button></form>\
<form method=\"post\" action=\"request/{id}/reject\"><button id=\"reject\" type=\"submit\">Avslå</button></form></div>",
            describe(c)
        )
    } else {
        let status = if c.status == Status3::Created { "expired" } else { c.status.name() };
        format!("{intro}{}<p class=\"status\" id=\"status\">Status: {status}</p>", describe(c))
    };
    page(StatusCode::OK, "Samtykke", &body)
}

fn answer(state: &Sim, id: &str, change: Change) -> Response {
    let id = id.to_ascii_lowercase();
    let mut inner = state.lock();
    let Some(c) = inner.consents3.get(&id) else {
        return page(StatusCode::NOT_FOUND, "Fant ikke forespørselen", "<p>No consent request with this id.</p>");
    };
    let (wanted, params) = match change {
        Change::Approve => (Status3::Accepted, "Status=OK"),
        _ => (Status3::Rejected, REJECTED),
    };
    let location = append_query(&c.redirect_url, params);
    if c.status == wanted {
        return see_other(&location);
    }
    match apply(&mut inner, &id, change, state.now_for("altinn3")) {
        Ok(()) => see_other(&location),
        Err(why) => page(StatusCode::CONFLICT, "Kan ikke endres", &format!("<p>{}</p>", escape(&why))),
    }
}

/// `POST /altinn3/ui/consent/request/{id}/approve`.
pub async fn approve(State(state): State<Arc<Sim>>, Path(id): Path<String>) -> Response {
    answer(&state, &id, Change::Approve)
}

/// `POST /altinn3/ui/consent/request/{id}/reject`.
pub async fn reject(State(state): State<Arc<Sim>>, Path(id): Path<String>) -> Response {
    answer(&state, &id, Change::Reject)
}
