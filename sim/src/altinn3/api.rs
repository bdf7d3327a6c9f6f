//! The enterprise consent request API: create, get, and the `latestchanges` feed. Errors are RFC 7807 problems.

use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::{Path, RawQuery, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::{json, Map, Value};

use super::model::{Consent3, Event3, Status3};
use crate::{
    clock::{parse_rfc3339, rfc3339},
    html::is_absolute_http_url,
    ids::{is_uuid, new_uuid, org_from_urn, party_from_urn},
    jws::{b64, unb64},
    maskinporten::token::{verify_bearer, Bearer, BearerError},
    state::State as Sim,
};

/// Scope to create requests.
pub const WRITE_SCOPE: &str = "altinn:consentrequests.write";
/// Scope to read requests and the feed.
pub const READ_SCOPE: &str = "altinn:consentrequests.read";
/// Feed page size.
pub const PAGE_SIZE: usize = 100;

/// An RFC 7807 problem (`application/problem+json`); `errors` are `(code, title, path)`.
pub fn problem(status: StatusCode, title: &str, detail: &str, errors: &[(&str, String, String)]) -> Response {
    let mut body = json!({
        "type": format!("https://tools.ietf.org/html/rfc9110#section-15.{}", if status.is_client_error() { "5" } else { "6" }),
        "title": title,
        "status": status.as_u16(),
        "detail": detail,
        "traceId": format!("00-{}-01", new_uuid().replace('-', "")),
    });
    if !errors.is_empty() {
        body["validationErrors"] =
            errors.iter().map(|(code, title, path)| json!({"code": code, "title": title, "paths": [path]})).collect();
    }
    let mut res = (status, body.to_string()).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/problem+json"));
    res
}

fn auth(state: &Sim, headers: &HeaderMap, scope: &str) -> Result<Bearer, Box<Response>> {
    verify_bearer(state, "altinn3", headers, scope).map_err(|e| {
        Box::new(match e {
            BearerError::Scope(_) => problem(StatusCode::FORBIDDEN, "Forbidden", &e.to_string(), &[]),
            _ => problem(StatusCode::UNAUTHORIZED, "Unauthorized", &e.to_string(), &[]),
        })
    })
}

/// The page a user is sent to.
pub fn view_uri(state: &Sim, id: &str) -> String {
    state.url(&format!("/altinn3/ui/consent/request?id={id}"))
}

const FIELDS: &[&str] = &[
    "id",
    "from",
    "to",
    "validTo",
    "consentRights",
    "redirectUrl",
    "requestMessage",
    "portalViewMode",
    "requiredDelegator",
    "handledBy",
];

/// Checks a create body strictly; returns the request, or the list of `(code, title, path)` problems.
fn validate(
    state: &Sim,
    body: &Map<String, Value>,
    bearer: &Bearer,
) -> Result<Consent3, Vec<(&'static str, String, String)>> {
    let mut errs: Vec<(&'static str, String, String)> = Vec::new();
    let mut err = |code, title: String, path: &str| errs.push((code, title, format!("/{path}")));
    for k in body.keys().filter(|k| !FIELDS.contains(&k.as_str())) {
        err("SIM-A3-01", format!("Unknown field {k}"), k);
    }
    let text = |k: &str| body.get(k).and_then(Value::as_str);
    let id = text("id").map(str::to_ascii_lowercase).filter(|i| is_uuid(i));
    if id.is_none() {
        err("SIM-A3-02", "id must be a UUID".into(), "id");
    }
    let from = text("from").filter(|f| party_from_urn(f).is_some());
    if from.is_none() {
        err(
            "SIM-A3-03",
            "from must be urn:altinn:person:identifier-no:{fnr} or urn:altinn:organization:identifier-no:{orgnr}"
                .into(),
            "from",
        );
    }
    let to_org = text("to").and_then(org_from_urn);
    match to_org {
        None => err("SIM-A3-04", "to must be urn:altinn:organization:identifier-no:{orgnr}".into(), "to"),
        Some(o) if o != bearer.consumer_org => err(
            "SIM-A3-05",
            format!("to must be the organisation of the Maskinporten token ({})", bearer.consumer_org),
            "to",
        ),
        Some(_) => {}
    }
    let valid_to = text("validTo").and_then(parse_rfc3339);
    match valid_to {
        None => err("SIM-A3-06", "validTo must be an ISO 8601 timestamp with offset".into(), "validTo"),
        Some(t) if t <= state.now_for("altinn3") => err("SIM-A3-07", "validTo must be in the future".into(), "validTo"),
        Some(_) => {}
    }
    let mut rights = Vec::new();
    match body.get("consentRights").and_then(Value::as_array) {
        Some(list) if !list.is_empty() => {
            for (i, r) in list.iter().enumerate() {
                match right(r) {
                    Ok(v) => rights.push(v),
                    Err(why) => err("SIM-A3-08", why, &format!("consentRights/{i}")),
                }
            }
        }
        _ => err("SIM-A3-09", "consentRights must be a non-empty array".into(), "consentRights"),
    }
    let redirect = text("redirectUrl").filter(|u| is_absolute_http_url(u));
    if redirect.is_none() {
        err("SIM-A3-10", "redirectUrl must be an absolute http(s) URL".into(), "redirectUrl");
    }
    match body.get("requestMessage") {
        None | Some(Value::Null) => {}
        Some(Value::Object(m)) if m.iter().all(|(k, v)| ["en", "nb", "nn"].contains(&k.as_str()) && v.is_string()) => {}
        Some(_) => err("SIM-A3-11", "requestMessage must map en/nb/nn to text".into(), "requestMessage"),
    }
    match body.get("portalViewMode") {
        None | Some(Value::Null) => {}
        Some(Value::String(m)) if ["hide", "show"].contains(&m.to_ascii_lowercase().as_str()) => {}
        Some(_) => err("SIM-A3-12", "portalViewMode must be hide or show".into(), "portalViewMode"),
    }
    for k in ["requiredDelegator", "handledBy"] {
        match body.get(k) {
            None | Some(Value::Null) => {}
            Some(v) if v.as_str().is_some_and(|u| party_from_urn(u).is_some()) => {}
            Some(_) => err("SIM-A3-13", format!("{k} must be a party URN"), k),
        }
    }
    match (id, from, to_org, valid_to, redirect) {
        (Some(id), Some(from), Some(to_org), Some(valid_to), Some(redirect)) if errs.is_empty() => Ok(Consent3 {
            id,
            from: from.to_owned(),
            to: text("to").unwrap_or_default().to_owned(),
            to_org: to_org.to_owned(),
            valid_to,
            rights,
            request_message: body.get("requestMessage").filter(|v| !v.is_null()).cloned(),
            redirect_url: redirect.to_owned(),
            required_delegator: text("requiredDelegator").map(str::to_owned),
            handled_by: text("handledBy").map(str::to_owned),
            status: Status3::Created,
            consented: None,
            events: Vec::new(),
        }),
        _ => Err(errs),
    }
}

/// One `consentRights` entry: `action` and `resource` non-empty, resources `urn:altinn:resource`, `metaData` (or
/// `metadata`) string values. Returns it normalised.
fn right(r: &Value) -> Result<Value, String> {
    let r = r.as_object().ok_or("must be an object")?;
    if let Some(k) = r.keys().find(|k| !["action", "resource", "metaData", "metadata"].contains(&k.as_str())) {
        return Err(format!("unknown field {k}"));
    }
    let actions = r
        .get("action")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or("action must be a non-empty array")?;
    if !actions.iter().all(|a| a.as_str().is_some_and(|s| !s.is_empty())) {
        return Err("action entries must be non-empty strings".into());
    }
    let resources = r
        .get("resource")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or("resource must be a non-empty array")?;
    for res in resources {
        let ok = res.get("type").and_then(Value::as_str) == Some("urn:altinn:resource")
            && res.get("value").and_then(Value::as_str).is_some_and(|v| !v.is_empty());
        if !ok {
            return Err("resource entries must be {type: urn:altinn:resource, value: <resource id>}".into());
        }
    }
    if r.contains_key("metaData") && r.contains_key("metadata") {
        return Err("give metaData or metadata, not both".into());
    }
    let meta = r.get("metaData").or_else(|| r.get("metadata")).filter(|m| !m.is_null());
    if let Some(m) = meta {
        if !m.as_object().is_some_and(|o| o.values().all(Value::is_string)) {
            return Err("metaData must map keys to strings".into());
        }
    }
    let mut out = json!({"action": actions, "resource": resources});
    if let Some(m) = meta {
        out["metaData"] = m.clone();
    }
    Ok(out)
}

/// `POST .../enterprise/consentrequests`.
pub async fn create(State(state): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let bearer = match auth(&state, &headers, WRITE_SCOPE) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&body) else {
        return problem(StatusCode::BAD_REQUEST, "Bad Request", "The body must be a JSON object", &[]);
    };
    let mut consent = match validate(&state, &body, &bearer) {
        Ok(c) => c,
        Err(errors) => {
            let detail = errors.first().map(|e| e.1.clone()).unwrap_or_default();
            return problem(StatusCode::BAD_REQUEST, "One or more validation errors occurred.", &detail, &errors);
        }
    };
    let now = state.now_for("altinn3");
    consent.events.push(Event3 {
        id: new_uuid(),
        created: now,
        performed_by: consent.to.clone(),
        event_type: "Created",
    });
    let json = consent.to_json(&view_uri(&state, &consent.id));
    {
        let mut inner = state.lock();
        // Creating is idempotent on `id`, as in Altinn: the same id with the same `from` and `to` is 200 with the
        // request stored before (nothing else is compared, and the stored model names its status
        // `consentRequestStatus`); with another `from` or `to` it is 400 AM-00016. Source:
        // Altinn/altinn-authorization-tmp `src/apps/Altinn.AccessManagement/src/Altinn.AccessManagement.Core/Services/
        // ConsentService.cs` (`CreateRequest`) and `Api.Enterprise/Controllers/ConsentController.cs`.
        if let Some(existing) = inner.consents3.get(&consent.id) {
            if existing.from == consent.from && existing.to_org == consent.to_org {
                let mut stored = existing.to_json(&view_uri(&state, &existing.id));
                stored["consentRequestStatus"] = existing.status.name().into();
                return (StatusCode::OK, axum::Json(stored)).into_response();
            }
            let mut res = problem(
                StatusCode::BAD_REQUEST,
                "Consent with id already exist",
                "A consent request with this id exists for other parties",
                &[],
            );
            let body = json!({"type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                "title": "Consent with id already exist", "status": 400, "code": "AM-00016",
                "traceId": format!("00-{}-01", new_uuid().replace('-', ""))});
            *res.body_mut() = axum::body::Body::from(body.to_string());
            return res;
        }
        inner.consents3.insert(consent.id.clone(), consent);
    }
    (StatusCode::CREATED, axum::Json(json)).into_response()
}

/// `GET .../enterprise/consentrequests/{id}`.
pub async fn get_one(State(state): State<Arc<Sim>>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let bearer = match auth(&state, &headers, READ_SCOPE) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    if !is_uuid(&id) {
        return problem(StatusCode::BAD_REQUEST, "Bad Request", "The id must be a UUID", &[]);
    }
    let inner = state.lock();
    match inner.consents3.get(&id.to_ascii_lowercase()) {
        Some(c) if c.to_org == bearer.consumer_org => axum::Json(c.to_json(&view_uri(&state, &c.id))).into_response(),
        _ => problem(StatusCode::NOT_FOUND, "Not Found", "No consent request with this id for your organisation", &[]),
    }
}

/// `GET .../enterprise/consentrequests/latestchanges[?continuationToken=]`: newest first, 100 a page.
pub async fn latest_changes(State(state): State<Arc<Sim>>, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let bearer = match auth(&state, &headers, READ_SCOPE) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let before = match pairs.iter().find(|(k, _)| k == "continuationToken") {
        None => u64::MAX,
        Some((_, t)) => match unb64(t).and_then(|b| String::from_utf8(b).ok()).and_then(|s| s.parse::<u64>().ok()) {
            Some(seq) => seq,
            None => return problem(StatusCode::BAD_REQUEST, "Bad Request", "Invalid continuationToken", &[]),
        },
    };
    let inner = state.lock();
    let mine: Vec<_> = inner
        .feed
        .iter()
        .rev()
        .filter(|e| e.to_org == bearer.consumer_org && e.seq < before)
        .take(PAGE_SIZE + 1)
        .collect();
    let page = &mine[..mine.len().min(PAGE_SIZE)];
    let next = (mine.len() > PAGE_SIZE).then(|| {
        let last = page.last().map_or(0, |e| e.seq);
        state.url(&format!(
            "/altinn3/accessmanagement/api/v1/enterprise/consentrequests/latestchanges?continuationToken={}",
            b64(last.to_string().as_bytes())
        ))
    });
    let data: Vec<Value> = page
        .iter()
        .map(
            |e| json!({"consentRequestId": e.consent_id, "eventType": e.event_type, "changedDate": rfc3339(e.changed)}),
        )
        .collect();
    axum::Json(json!({"links": {"next": next}, "data": data})).into_response()
}
