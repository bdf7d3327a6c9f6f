//! The enterprise consent request API: create, get, and the `events` feed (which replaced `latestchanges` in 2026).
//! Errors are RFC 7807 problems. Sources: Altinn/altinn-authorization-tmp's AccessManagement enterprise
//! `ConsentController`, and altinn-studio-docs' consent `events` page
//! (<https://docs.altinn.studio/en/authorization/guides/system-vendor/consent/events/>).

use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::{Path, RawQuery, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::{json, Map, Value};

use base64::Engine as _;

use super::model::{Consent3, Event3, FeedEvent, Status3};
use crate::{
    clock::{parse_rfc3339, rfc3339},
    html::is_absolute_http_url,
    ids::{is_uuid, new_uuid, org_from_urn, party_from_urn},
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
    if to_org.is_none() {
        err("SIM-A3-04", "to must be urn:altinn:organization:identifier-no:{orgnr}".into(), "to");
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
    match body.get("requiredDelegator") {
        None | Some(Value::Null) => {}
        Some(v) if v.as_str().is_some_and(|u| party_from_urn(u).is_some()) => {}
        Some(_) => err("SIM-A3-13", "requiredDelegator must be a party URN".into(), "requiredDelegator"),
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
            handled_by: bearer.supplier_org.as_ref().map(|o| format!("urn:altinn:organization:identifier-no:{o}")),
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
    // `to` must be the token's organisation: Altinn answers a bare 403 otherwise (the own-resource scope that lifts
    // this is not simulated). `handledBy` is not in the body: Altinn sets it from the token's `supplier`.
    if body.get("to").and_then(Value::as_str).and_then(org_from_urn).is_some_and(|o| o != bearer.consumer_org) {
        return StatusCode::FORBIDDEN.into_response();
    }
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
        FeedEvent::push(&mut inner.feed, consent.id.clone(), consent.to_org.clone(), "created", now);
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

/// Feed events are shown only once they are this old (Altinn: "to ensure consistency").
pub const EVENTS_DELAY_SECS: i64 = 5 * 60;

/// The event types the `eventType` filter takes (Altinn's controller refuses the others, `created` and `expired`
/// included).
const FILTERABLE: &[&str] = &["accepted", "rejected", "revoked", "deleted", "used"];

/// The filters of one `events` request.
#[derive(Default)]
struct EventsQuery {
    after_seq: u64,
    created_after: Option<chrono::DateTime<chrono::Utc>>,
    created_before: Option<chrono::DateTime<chrono::Utc>>,
    event_types: Vec<String>,
    consent_request_id: Option<String>,
    /// The filters as given (without the token), for the next link.
    kept: Vec<(String, String)>,
}

/// Reads the query (names case-insensitive, as ASP.NET binds them); a validation problem names each bad parameter.
/// Only `AM.VLD-00052` (event types) is Altinn's documented code; the other codes are the simulator's.
fn events_query(query: Option<&str>) -> Result<EventsQuery, Box<Response>> {
    let Ok(pairs) = serde_urlencoded::from_str::<Vec<(String, String)>>(query.unwrap_or("")) else {
        return Err(Box::new(problem(StatusCode::BAD_REQUEST, "Bad Request", "The query string is malformed", &[])));
    };
    let mut q = EventsQuery::default();
    let mut errs: Vec<(&str, String, String)> = Vec::new();
    let mut bad = |code, title: &str, name: &str| errs.push((code, title.to_owned(), format!("$QUERY/{name}")));
    for (name, value) in pairs {
        match name.to_ascii_lowercase().as_str() {
            "continuationtoken" => {
                let id = base64::engine::general_purpose::STANDARD
                    .decode(&value)
                    .ok()
                    .and_then(|b| <[u8; 16]>::try_from(b).ok())
                    .filter(|id| id[6] >> 4 == 7);
                match id {
                    Some(id) => q.after_seq = FeedEvent::seq_of(&id),
                    None => bad("SIM-A3-EV1", "The continuation token is invalid.", "continuationToken"),
                }
                continue;
            }
            "createdafter" => match parse_rfc3339(&value) {
                Some(t) => q.created_after = Some(t),
                None => bad("SIM-A3-EV2", "createdAfter is not a date-time.", "createdAfter"),
            },
            "createdbefore" => match parse_rfc3339(&value) {
                Some(t) => q.created_before = Some(t),
                None => bad("SIM-A3-EV2", "createdBefore is not a date-time.", "createdBefore"),
            },
            "eventtype" => {
                let kind = value.to_ascii_lowercase();
                if FILTERABLE.contains(&kind.as_str()) {
                    q.event_types.push(kind);
                } else {
                    bad("AM.VLD-00052", "One or more event types are invalid.", "eventType");
                }
            }
            "consentrequestid" => {
                if is_uuid(&value) {
                    q.consent_request_id = Some(value.to_ascii_lowercase());
                } else {
                    bad("SIM-A3-EV3", "consentRequestId is not a UUID.", "consentRequestId");
                }
            }
            _ => continue,
        }
        q.kept.push((name, value));
    }
    if let (Some(a), Some(b)) = (q.created_after, q.created_before) {
        if a >= b {
            bad("SIM-A3-EV4", "createdAfter must be before createdBefore.", "createdAfter");
        }
    }
    if errs.is_empty() {
        Ok(q)
    } else {
        Err(Box::new(problem(StatusCode::BAD_REQUEST, "One or more validation errors occurred.", &errs[0].1, &errs)))
    }
}

/// `GET .../enterprise/consentrequests/events[?continuationToken=&createdAfter=&createdBefore=&eventType=…&
/// consentRequestId=]`: the events of our requests, oldest first, 100 a page, only those older than five minutes;
/// a `links.next` whenever a page is full (the page after it may be empty), with the filters kept.
pub async fn events(State(state): State<Arc<Sim>>, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let bearer = match auth(&state, &headers, READ_SCOPE) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let q = match events_query(query.as_deref()) {
        Ok(q) => q,
        Err(r) => return *r,
    };
    let shown_until = state.now_for("altinn3") - chrono::Duration::seconds(EVENTS_DELAY_SECS);
    let inner = state.lock();
    let page: Vec<&FeedEvent> = inner
        .feed
        .iter()
        .filter(|e| e.to_org == bearer.consumer_org && e.seq > q.after_seq && e.changed <= shown_until)
        .filter(|e| q.created_after.is_none_or(|t| e.changed >= t) && q.created_before.is_none_or(|t| e.changed < t))
        .filter(|e| q.event_types.is_empty() || q.event_types.iter().any(|k| k == e.event_type))
        .filter(|e| q.consent_request_id.as_ref().is_none_or(|id| *id == e.consent_id))
        .take(PAGE_SIZE)
        .collect();
    let next = (page.len() == PAGE_SIZE).then(|| {
        let last = page.last().map(|e| e.id).unwrap_or_default();
        let mut pairs = vec![("continuationToken".to_owned(), base64::engine::general_purpose::STANDARD.encode(last))];
        pairs.extend(q.kept.iter().cloned());
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        state.url(&format!("/altinn3/accessmanagement/api/v1/enterprise/consentrequests/events?{query}"))
    });
    let data: Vec<Value> = page
        .iter()
        .map(
            |e| json!({"consentRequestId": e.consent_id, "eventType": e.event_type, "changedDate": rfc3339(e.changed)}),
        )
        .collect();
    axum::Json(json!({"links": {"next": next}, "data": data})).into_response()
}
