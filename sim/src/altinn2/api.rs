//! The Altinn 2 consent API: pre-registered requests (`ApiKey` header), their status, the consent token and the
//! key that signs it.

use std::{collections::BTreeMap, sync::Arc};

use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;
use serde_json::{json, Value};

use super::model::{Consent2, Status2};
use crate::{
    clock::parse_rfc3339,
    html::{escape, is_absolute_http_url},
    ids::{is_orgnr, is_party, is_uuid, new_uuid},
    jws::sign_rs256,
    state::State as Sim,
};

/// The only service Skatteetaten's krav og betalinger uses.
pub const SERVICE_CODE: &str = "5928";
/// Its edition.
pub const SERVICE_EDITION: i64 = 202_301;
/// Altinn's text for every refused token fetch.
pub const NOT_AUTHORIZED: &str =
    "The API key is not authorized for this operation, or the supplied authorization code is either expired or invalid.";
/// Lifetime of a consent token (`exp - nbf`).
pub const TOKEN_LIFETIME_SECS: i64 = 30;

/// The `ApiKey` header's key and its owner org, if the key is configured.
fn api_key(state: &Sim, headers: &HeaderMap) -> Option<(String, String)> {
    let key = headers.get("apikey").and_then(|v| v.to_str().ok())?.trim().to_owned();
    let org = state.lock().api_keys.get(&key).cloned()?;
    Some((key, org))
}

fn message(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({"Message": text}))).into_response()
}

fn refused(state: &Sim) -> Response {
    state.lock().stats.altinn2_tokens.refused += 1;
    let mut res = message(StatusCode::FORBIDDEN, NOT_AUTHORIZED);
    res.extensions_mut().insert(hyper::ext::ReasonPhrase::from_static(NOT_AUTHORIZED.as_bytes()));
    res
}

/// `{self, gui}` links of a request.
pub fn links(state: &Sim, code: &str) -> (String, String) {
    (
        state.url(&format!("/altinn2/api/consentRequest/{code}")),
        state.url(&format!("/altinn2/ui/AccessConsent/request?id={code}")),
    )
}

const FIELDS: &[&str] = &[
    "coveredby",
    "offeredby",
    "offeredbyname",
    "handledby",
    "requireddelegator",
    "requireddelegatorname",
    "validto",
    "redirecturl",
    "portalviewmode",
    "requestresources",
    "requestmessage",
];

/// ISO 8601 with or without offset (without: UTC).
fn parse_valid_to(s: &str) -> Option<DateTime<Utc>> {
    parse_rfc3339(s).or_else(|| {
        ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
            .map(|n| n.and_utc())
    })
}

fn validate(
    state: &Sim,
    body: &serde_json::Map<String, Value>,
    key: &(String, String),
) -> Result<Consent2, Vec<Value>> {
    let mut errs = Vec::new();
    let mut err = |code: &str, msg: String| errs.push(json!({"ErrorCode": code, "ErrorMessage": msg}));
    // ASP.NET binds case-insensitively.
    let fields: BTreeMap<String, &Value> = body.iter().map(|(k, v)| (k.to_ascii_lowercase(), v)).collect();
    for k in body.keys().filter(|k| !FIELDS.contains(&k.to_ascii_lowercase().as_str())) {
        err("SIM-A2-01", format!("Unknown field {k}"));
    }
    let text = |k: &str| fields.get(k).and_then(|v| v.as_str()).map(str::trim).filter(|s| !s.is_empty());
    if fields.get("requestmessage").is_some_and(|v| !v.is_null()) {
        err("SIM-A2-02", "RequestMessage must not be used: Skatteetaten's consent texts are fixed".into());
    }
    let covered_by = text("coveredby").filter(|o| is_orgnr(o));
    let handled_by = text("handledby");
    if covered_by.is_none() {
        err("SIM-A2-03", "CoveredBy must be an organisation number".into());
    }
    if handled_by.is_some_and(|h| !is_orgnr(h)) {
        err("SIM-A2-04", "HandledBy must be an organisation number".into());
    }
    if covered_by.is_some() && covered_by != Some(key.1.as_str()) && handled_by != Some(key.1.as_str()) {
        err("SIM-A2-05", format!("The API key belongs to {}, which is neither CoveredBy nor HandledBy", key.1));
    }
    let offered_by = text("offeredby").filter(|p| is_party(p));
    if offered_by.is_none() {
        err("SIM-A2-06", "OfferedBy must be an organisation number or a national identity number".into());
    }
    let offered_by_name = text("offeredbyname");
    if offered_by_name.is_none() {
        err("SIM-A2-07", "OfferedByName is required".into());
    }
    let valid_to = text("validto").and_then(parse_valid_to);
    match valid_to {
        None => err("SIM-A2-08", "ValidTo must be an ISO 8601 date and time".into()),
        Some(t) if t <= state.now_for("altinn2") => err("SIM-A2-09", "ValidTo must be in the future".into()),
        Some(_) => {}
    }
    let redirect = text("redirecturl").filter(|u| is_absolute_http_url(u));
    if redirect.is_none() {
        err("SIM-A2-10", "RedirectUrl must be an absolute http(s) URL".into());
    }
    let view_mode = text("portalviewmode");
    if view_mode.is_some_and(|m| !["hide", "show"].contains(&m.to_ascii_lowercase().as_str())) {
        err("SIM-A2-11", "PortalViewMode must be Hide or Show".into());
    }
    let mut resources = Vec::new();
    match fields.get("requestresources").and_then(|v| v.as_array()).map(Vec::as_slice) {
        Some([r]) => {
            let r: BTreeMap<String, &Value> =
                r.as_object().into_iter().flatten().map(|(k, v)| (k.to_ascii_lowercase(), v)).collect();
            let code = r
                .get("servicecode")
                .and_then(|v| v.as_str().map(str::to_owned).or_else(|| v.as_i64().map(|n| n.to_string())));
            let edition = r
                .get("serviceeditioncode")
                .and_then(|v| v.as_i64().or_else(|| v.as_str().and_then(|s| s.parse().ok())));
            let meta = r.get("metadata").filter(|m| !m.is_null());
            if code.as_deref() != Some(SERVICE_CODE) || edition != Some(SERVICE_EDITION) {
                err(
                    "SIM-A2-12",
                    format!(
                        "RequestResources must be ServiceCode {SERVICE_CODE}, ServiceEditionCode {SERVICE_EDITION}"
                    ),
                );
            } else if meta.is_some_and(|m| !m.as_object().is_some_and(|o| o.values().all(Value::is_string))) {
                err("SIM-A2-13", "Metadata must map keys to strings".into());
            } else {
                let mut out = json!({"ServiceCode": SERVICE_CODE, "ServiceEditionCode": SERVICE_EDITION});
                if let Some(m) = meta {
                    out["Metadata"] = (*m).clone();
                }
                resources.push(out);
            }
        }
        _ => err("SIM-A2-14", "RequestResources must hold exactly one service (5928 / 202301)".into()),
    }
    match (covered_by, offered_by, offered_by_name, valid_to, redirect) {
        (Some(c), Some(o), Some(n), Some(v), Some(r)) if errs.is_empty() => Ok(Consent2 {
            code: new_uuid(),
            covered_by: c.to_owned(),
            offered_by: o.to_owned(),
            offered_by_name: n.to_owned(),
            handled_by: handled_by.map(str::to_owned),
            valid_to: v,
            redirect_url: r.to_owned(),
            portal_view_mode: view_mode.map(str::to_owned),
            resources,
            api_key: key.0.clone(),
            status: Status2::Created,
            delegated: None,
        }),
        _ => Err(errs),
    }
}

/// `POST /altinn2/api/consentRequests`.
pub async fn create(State(state): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(key) = api_key(&state, &headers) else {
        return message(StatusCode::UNAUTHORIZED, "Missing or unknown ApiKey header");
    };
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&body) else {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!([{"ErrorCode": "SIM-A2-00", "ErrorMessage": "The body must be a JSON object"}])),
        )
            .into_response();
    };
    let consent = match validate(&state, &body, &key) {
        Ok(c) => c,
        Err(errors) => return (StatusCode::BAD_REQUEST, Json(Value::Array(errors))).into_response(),
    };
    let (self_href, gui) = links(&state, &consent.code);
    let json = consent.to_json(&self_href, &gui, state.now_for("altinn2"));
    state.lock().consents2.insert(consent.code.clone(), consent);
    (StatusCode::CREATED, Json(json)).into_response()
}

/// May this key see the request? (The key that created it, or one of `CoveredBy`/`HandledBy`.)
fn key_may_use(c: &Consent2, key: &(String, String)) -> bool {
    c.api_key == key.0 || c.covered_by == key.1 || c.handled_by.as_deref() == Some(key.1.as_str())
}

/// `GET /altinn2/api/consentRequest/{code}`.
pub async fn get_one(State(state): State<Arc<Sim>>, headers: HeaderMap, Path(code): Path<String>) -> Response {
    let Some(key) = api_key(&state, &headers) else {
        return message(StatusCode::UNAUTHORIZED, "Missing or unknown ApiKey header");
    };
    let code = code.to_ascii_lowercase();
    let inner = state.lock();
    match inner.consents2.get(&code) {
        Some(c) if key_may_use(c, &key) => {
            let (self_href, gui) = links(&state, &code);
            Json(c.to_json(&self_href, &gui, state.now_for("altinn2"))).into_response()
        }
        _ => message(StatusCode::NOT_FOUND, "No consent request with this authorization code"),
    }
}

/// `?authcode=` for the query form of the token endpoint.
#[derive(Deserialize)]
pub struct AuthCodeQuery {
    authcode: Option<String>,
}

/// `GET /altinn2/api/authorization/token?authcode=`.
pub async fn token_by_query(state: State<Arc<Sim>>, headers: HeaderMap, Query(q): Query<AuthCodeQuery>) -> Response {
    token(state, headers, Path(q.authcode.unwrap_or_default())).await
}

/// `GET /altinn2/api/authorization/token/{code}`: the consent JWT as a JSON string (or XML `<string>`), valid
/// 30 s; 403 with Altinn's text when the key may not, or the consent is unknown, not approved, revoked or expired.
pub async fn token(State(state): State<Arc<Sim>>, headers: HeaderMap, Path(code): Path<String>) -> Response {
    let Some(key) = api_key(&state, &headers) else { return refused(&state) };
    let code = code.to_ascii_lowercase();
    let now = state.now_for("altinn2");
    let claims = {
        let inner = state.lock();
        match inner.consents2.get(&code) {
            Some(c) if is_uuid(&code) && key_may_use(c, &key) && c.status == Status2::Accepted && c.valid_to > now => {
                token_claims(c, now.timestamp())
            }
            _ => {
                drop(inner);
                return refused(&state);
            }
        }
    };
    let altinn = &state.keys.altinn;
    let jwt = sign_rs256(&altinn.private, &altinn.kid, &[("x5t", &altinn.kid)], &claims);
    state.lock().stats.altinn2_tokens.issued += 1;
    state.record_token(|t| t.altinn2_consent_tokens.push(jwt.clone()));
    let xml = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("xml") && !a.contains("json"));
    if xml {
        let body =
            format!("<string xmlns=\"http://schemas.microsoft.com/2003/10/Serialization/\">{}</string>", escape(&jwt));
        ([(header::CONTENT_TYPE, HeaderValue::from_static("application/xml"))], body).into_response()
    } else {
        Json(Value::String(jwt)).into_response()
    }
}

/// The consent token's claims (as in Altinn's decoded example).
fn token_claims(c: &Consent2, now: i64) -> Value {
    let base = format!("{SERVICE_CODE}_{SERVICE_EDITION}");
    let mut services = vec![Value::String(base.clone())];
    for r in &c.resources {
        for (k, v) in r["Metadata"].as_object().into_iter().flatten() {
            services.push(Value::String(format!("{base}_{k}={}", v.as_str().unwrap_or(""))));
        }
    }
    let mut claims = json!({
        "Services": services,
        "AuthorizationCode": c.code,
        "OfferedBy": c.offered_by,
        "CoveredBy": c.covered_by,
        "DelegatedDate": c.delegated.map_or(now, |d| d.timestamp()),
        "ValidToDate": c.valid_to.timestamp(),
        "iss": "altinn.no",
        "exp": now + TOKEN_LIFETIME_SECS,
        "nbf": now,
    });
    if let Some(h) = &c.handled_by {
        claims["HandledBy"] = Value::String(h.clone());
    }
    claims
}

/// `GET /altinn2/api/metadata/jwk`: the key that signs consent tokens.
pub async fn jwk(State(state): State<Arc<Sim>>) -> Json<Value> {
    let mut key = state.keys.altinn.public_jwk();
    key["x5t"] = Value::String(state.keys.altinn.kid.clone());
    Json(json!({"keys": [key]}))
}
