//! The Altinn 2 consent page at the `gui` link: Approve redirects with `AuthorizationCode=..&Status=OK`, Reject
//! with `Status=Failed&ErrorMessage=User%2520did%2520not%2520give%2520consent&FailedAuthorizationCode=..`
//! (double-encoded, as Altinn documents).

use std::sync::Arc;

use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use super::model::{apply, Change2, Status2};
use crate::{
    clock::rfc3339,
    html::{append_query, escape, page, row, see_other},
    state::State as Sim,
};

/// `?id=`.
#[derive(Deserialize)]
pub struct IdQuery {
    id: Option<String>,
}

fn party(id: &str) -> String {
    if id.len() == 9 {
        format!("Organisasjon {id}")
    } else {
        format!("Person {id}")
    }
}

/// `GET /altinn2/ui/AccessConsent/request?id=`.
pub async fn show(State(state): State<Arc<Sim>>, Query(q): Query<IdQuery>) -> Response {
    let code = q.id.unwrap_or_default().to_ascii_lowercase();
    let inner = state.lock();
    let Some(c) = inner.consents2.get(&code) else {
        return page(StatusCode::NOT_FOUND, "Fant ikke forespørselen", "<p>No consent request with this code.</p>");
    };
    let details = format!(
        "<p>{} ber {} ({}) om samtykke til å hente opplysninger om krav og betalinger fra Skatteetaten.</p><dl>{}{}{}{}</dl>",
        escape(&party(&c.covered_by)),
        escape(&c.offered_by_name),
        escape(&party(&c.offered_by)),
        row("Mottaker (CoveredBy)", &party(&c.covered_by)),
        row("Samtykke fra (OfferedBy)", &format!("{} ({})", c.offered_by_name, party(&c.offered_by))),
        row("Tjeneste", "Krav og betalinger (5928 / 202301)"),
        row("Gyldig til (ValidTo)", &rfc3339(c.valid_to)),
    );
    let body = if c.status == Status2::Created && c.valid_to > state.now_for("altinn2") {
        let code = escape(&c.code);
        format!(
            "{details}<div class=\"actions\">\
<form method=\"post\" action=\"request/{code}/approve\"><button id=\"approve\" type=\"submit\">Gi samtykke</button></form>\
<form method=\"post\" action=\"request/{code}/reject\"><button id=\"reject\" type=\"submit\">Avslå</button></form></div>"
        )
    } else {
        let status = if c.status == Status2::Created { "Expired" } else { c.status.name() };
        format!("{details}<p class=\"status\" id=\"status\">Status: {status}</p>")
    };
    page(StatusCode::OK, "Samtykke", &body)
}

fn answer(state: &Sim, code: &str, change: Change2) -> Response {
    let code = code.to_ascii_lowercase();
    let mut inner = state.lock();
    let Some(c) = inner.consents2.get(&code) else {
        return page(StatusCode::NOT_FOUND, "Fant ikke forespørselen", "<p>No consent request with this code.</p>");
    };
    let (wanted, params) = match change {
        Change2::Approve => (Status2::Accepted, format!("AuthorizationCode={code}&Status=OK")),
        _ => (
            Status2::Rejected,
            format!(
                "Status=Failed&ErrorMessage=User%2520did%2520not%2520give%2520consent&FailedAuthorizationCode={code}"
            ),
        ),
    };
    let location = append_query(&c.redirect_url, &params);
    if c.status == wanted {
        return see_other(&location);
    }
    match apply(&mut inner, &code, change, state.now_for("altinn2")) {
        Ok(()) => see_other(&location),
        Err(why) => page(StatusCode::CONFLICT, "Kan ikke endres", &format!("<p>{}</p>", escape(&why))),
    }
}

/// `POST /altinn2/ui/AccessConsent/request/{code}/approve`.
pub async fn approve(State(state): State<Arc<Sim>>, Path(code): Path<String>) -> Response {
    answer(&state, &code, Change2::Approve)
}

/// `POST /altinn2/ui/AccessConsent/request/{code}/reject`.
pub async fn reject(State(state): State<Arc<Sim>>, Path(code): Path<String>) -> Response {
    answer(&state, &code, Change2::Reject)
}
