//! Control endpoints at the root: `GET/POST /config` (clients, API keys, token lifetime, `jti` rule, clock offsets,
//! the session key set, faults, consent changes, reset) and `GET /stats`, `POST /stats/reset`.

use std::{collections::BTreeMap, sync::Arc};

use axum::{
    body::Bytes,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::{
    altinn2::model::{self as a2, Change2, Status2},
    altinn3::model::{self as a3, Change, Status3},
    clock::rfc3339,
    config::{check_lifetime, ApiKeyConfig, ClientConfig},
    faults::{Fault, FaultConfig},
    state::{real_now, Inner, State as Sim, SERVICES},
    stats::Stats,
};

/// The body of `POST /config`. Everything is optional and applied in field order; if anything is wrong, nothing
/// changes.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConfigUpdate {
    /// First, go back to the startup config (see [`Sim::reset`]).
    #[serde(default)]
    pub reset: bool,
    /// Remove every fault.
    #[serde(default)]
    pub clear_faults: bool,
    /// Client ids to remove.
    #[serde(default)]
    pub remove_clients: Vec<String>,
    /// Clients to add (or replace, by id).
    #[serde(default)]
    pub clients: Vec<ClientConfig>,
    /// Altinn 2 API keys to add (or replace).
    #[serde(default)]
    pub altinn2_api_keys: Vec<ApiKeyConfig>,
    /// Lifetime of issued Maskinporten tokens.
    pub token_lifetime_secs: Option<i64>,
    /// Refuse grants without `jti`.
    pub require_jti: Option<bool>,
    /// Give tokens requested without `resource` the `aud` `"unspecified"` (as Maskinporten does; Digdir says it
    /// will be dropped). `false` leaves `aud` out.
    pub unspecified_aud: Option<bool>,
    /// Offset of the simulator's clock from real time (every service without its own offset, and the `Date`
    /// header).
    pub clock_offset_secs: Option<i64>,
    /// Per-service offsets (`maskinporten`, `altinn3`, `altinn2`, `skatteetaten`) that override
    /// `clock_offset_secs` for that service. Replaces the previous map; `{}` removes them all.
    pub clock_offsets: Option<BTreeMap<String, i64>>,
    /// The bank's session key set to serve at `/session/jwks.json` (`null` or absent: unchanged).
    pub session_jwks: Option<Value>,
    /// Faults to add (after existing ones).
    #[serde(default)]
    pub faults: Vec<FaultConfig>,
    /// Consent changes.
    #[serde(default)]
    pub consents: Vec<ConsentAction>,
}

/// Changes one consent: Altinn 3 by `id`, Altinn 2 by `authorizationCode`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConsentAction {
    /// An Altinn 3 consent request id.
    pub id: Option<String>,
    /// An Altinn 2 authorization code.
    pub authorization_code: Option<String>,
    /// `revoke`, `expire`, `approve`, `reject`, or `forget` (remove it, as a restart empties the store).
    pub action: String,
}

/// The routes at the root.
pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/config", get(get_config).post(post_config))
        .route("/stats", get(get_stats))
        .route("/stats/reset", post(reset_stats))
        .route("/tokens", get(get_tokens))
}

fn bad(msg: impl Into<String>) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({"error": msg.into()}))).into_response()
}

async fn post_config(State(state): State<Arc<Sim>>, body: Bytes) -> Response {
    let update: ConfigUpdate = match serde_json::from_slice(&body) {
        Ok(u) => u,
        Err(e) => return bad(format!("bad /config body: {e}")),
    };
    match apply(&state, update) {
        Ok(()) => Json(view(&state)).into_response(),
        Err(e) => bad(e),
    }
}

/// Applies an update to a copy of the state and swaps it in only if every part succeeded.
pub fn apply(state: &Sim, u: ConfigUpdate) -> Result<(), String> {
    check_lifetime(u.token_lifetime_secs)?;
    const YEAR: i64 = 366 * 86_400;
    if u.clock_offset_secs.is_some_and(|o| o.abs() > YEAR) {
        return Err("clockOffsetSecs must be within one year".into());
    }
    for (service, o) in u.clock_offsets.iter().flatten() {
        if !SERVICES.contains(&service.as_str()) {
            return Err(format!("clockOffsets: unknown service {service:?} (use one of {})", SERVICES.join(", ")));
        }
        if o.abs() > YEAR {
            return Err(format!("clockOffsets.{service} must be within one year"));
        }
    }
    let global = u.clock_offset_secs.unwrap_or(if u.reset { 0 } else { state.clock_offset() });
    let per_service = match &u.clock_offsets {
        Some(m) => m.clone(),
        None if u.reset => BTreeMap::new(),
        None => state.clock_offsets(),
    };
    // A consent change happens on its service's clock as it is after this update.
    let offset = |service: &str| per_service.get(service).copied().unwrap_or(global);
    let now3 = real_now() + chrono::Duration::seconds(offset("altinn3"));
    let now2 = real_now() + chrono::Duration::seconds(offset("altinn2"));
    let mut inner = state.lock();
    let mut draft: Inner = if u.reset { state.fresh() } else { inner.clone() };
    if u.clear_faults {
        draft.faults.clear();
    }
    for id in &u.remove_clients {
        draft.clients.remove(id).ok_or(format!("removeClients: no client {id}"))?;
    }
    for c in &u.clients {
        draft.clients.insert(c.client_id.clone(), c.compile()?);
    }
    for k in &u.altinn2_api_keys {
        k.check()?;
        draft.api_keys.insert(k.key.clone(), k.org.clone());
    }
    if let Some(l) = u.token_lifetime_secs {
        draft.token_lifetime_secs = l;
    }
    if let Some(r) = u.require_jti {
        draft.require_jti = r;
    }
    if let Some(a) = u.unspecified_aud {
        draft.unspecified_aud = a;
    }
    if let Some(set) = u.session_jwks {
        if set.get("keys").and_then(Value::as_array).is_none() {
            return Err("sessionJwks must be a JSON Web Key Set ({\"keys\": [...]})".into());
        }
        draft.session_jwks = Some(set);
    }
    for f in u.faults {
        f.check().map_err(|e| format!("fault: {e}"))?;
        draft.next_fault_id += 1;
        let id = draft.next_fault_id;
        draft.faults.push(Fault { id, config: f });
    }
    for a in &u.consents {
        consent_action(&mut draft, a, now3, now2)?;
    }
    *inner = draft;
    drop(inner);
    state.set_clock_offsets(global, per_service);
    Ok(())
}

/// Applies one consent change at `now3` (an Altinn 3 consent) or `now2` (an Altinn 2 consent).
fn consent_action(
    draft: &mut Inner,
    a: &ConsentAction,
    now3: chrono::DateTime<chrono::Utc>,
    now2: chrono::DateTime<chrono::Utc>,
) -> Result<(), String> {
    match (&a.id, &a.authorization_code) {
        (Some(id), None) if a.action == "forget" => {
            draft.consents3.remove(&id.to_ascii_lowercase()).map(drop).ok_or(format!("no consent request {id}"))
        }
        (None, Some(code)) if a.action == "forget" => {
            draft.consents2.remove(&code.to_ascii_lowercase()).map(drop).ok_or(format!("no consent request {code}"))
        }
        (Some(id), None) => {
            let change = match a.action.as_str() {
                "revoke" => Change::Revoke,
                "expire" => Change::Expire,
                "approve" => Change::Approve,
                "reject" => Change::Reject,
                other => return Err(format!("unknown consent action {other:?}")),
            };
            a3::apply(draft, &id.to_ascii_lowercase(), change, now3)
        }
        (None, Some(code)) => {
            let change = match a.action.as_str() {
                "revoke" => Change2::Revoke,
                "expire" => Change2::Expire,
                "approve" => Change2::Approve,
                "reject" => Change2::Reject,
                other => return Err(format!("unknown consent action {other:?}")),
            };
            a2::apply(draft, &code.to_ascii_lowercase(), change, now2)
        }
        _ => Err("a consent action needs exactly one of id (Altinn 3) and authorizationCode (Altinn 2)".into()),
    }
}

/// What `GET /config` shows.
pub fn view(state: &Sim) -> Value {
    let now = state.now();
    let (now3, now2) = (state.now_for("altinn3"), state.now_for("altinn2"));
    let clock_offsets = state.clock_offsets();
    let inner = state.lock();
    let a3: Vec<Value> = inner
        .consents3
        .values()
        .map(|c| {
            let status = if c.status == Status3::Accepted && c.expired(now3) { "expired" } else { c.status.name() };
            json!({"id": c.id, "from": c.from, "to": c.to, "status": status, "validTo": rfc3339(c.valid_to),
                   "consented": c.consented.map(rfc3339)})
        })
        .collect();
    let a2: Vec<Value> = inner
        .consents2
        .values()
        .map(|c| {
            let status = if c.status == Status2::Accepted && c.valid_to <= now2 { "Expired" } else { c.status.name() };
            json!({"authorizationCode": c.code, "offeredBy": c.offered_by, "coveredBy": c.covered_by,
                   "status": status, "validTo": rfc3339(c.valid_to)})
        })
        .collect();
    let parties: Vec<Value> = state
        .data
        .parties
        .iter()
        .map(|(id, p)| {
            json!({"party": id, "story": p.story, "skjermet": p.skjermet,
                   "openClaims": p.aapnekrav.aapent_krav_med_gjenstaaende_beloep.len(), "claims": p.krav.len(),
                   "payments": p.innbetalinger.len(), "payouts": p.utbetalinger.len(),
                   "saldo": p.aapnekrav.total_oversikt.saldo})
        })
        .collect();
    json!({
        "publicUrl": state.public_url,
        "services": {
            "maskinporten": state.url("/maskinporten"),
            "altinn3": state.url("/altinn3"),
            "altinn2": state.url("/altinn2"),
            "skatteetaten": state.url("/skatteetaten/v1"),
        },
        "maskinporten": {"issuer": state.issuer(), "kid": state.keys.maskinporten.kid},
        "altinn2": {"kid": state.keys.altinn.kid},
        "now": rfc3339(now),
        "clockOffsetSecs": state.clock_offset(),
        "clockOffsets": clock_offsets,
        "tokenLifetimeSecs": inner.token_lifetime_secs,
        "requireJti": inner.require_jti,
        "unspecifiedAud": inner.unspecified_aud,
        "clients": inner.clients.values().map(|c| &c.config).collect::<Vec<_>>(),
        "altinn2ApiKeys": inner.api_keys.iter().map(|(k, o)| json!({"key": k, "org": o})).collect::<Vec<_>>(),
        "faults": inner.faults,
        "consents": {"altinn3": a3, "altinn2": a2},
        "data": {"today": state.data.today.map(|d| d.to_string()), "parties": parties},
    })
}

async fn get_config(State(state): State<Arc<Sim>>) -> Json<Value> {
    Json(view(&state))
}

async fn get_stats(State(state): State<Arc<Sim>>) -> Json<Stats> {
    Json(state.lock().stats.clone())
}

/// `GET /tokens`: every token issued, when the config says `recordTokens`; else 404.
async fn get_tokens(State(state): State<Arc<Sim>>) -> Response {
    match state.issued_tokens() {
        Some(t) => Json(t).into_response(),
        None => (StatusCode::NOT_FOUND, Json(json!({"error": "start the simulator with recordTokens: true"})))
            .into_response(),
    }
}

async fn reset_stats(State(state): State<Arc<Sim>>) -> Json<Stats> {
    let mut inner = state.lock();
    inner.stats = Stats::default();
    Json(inner.stats.clone())
}
