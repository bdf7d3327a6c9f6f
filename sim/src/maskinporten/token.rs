//! Issues Maskinporten access tokens (RS256 JWTs signed with the simulator's key) and checks the ones presented
//! to the other services, with the simulator's own key and no code from the core crate.

use axum::http::{header, HeaderMap};
use rand::RngCore;
use serde_json::{json, Map, Value};

use super::grant_check::Granted;
use crate::{
    ids::is_orgnr,
    jws::{b64, sign_rs256, Alg, Compact},
    state::State,
};

fn org_ref(org: &str) -> Value {
    json!({"authority": "iso6523-actorid-upis", "ID": format!("0192:{org}")})
}

/// Signs an access token for a checked grant; returns it and its lifetime in seconds.
pub fn issue(state: &State, g: &Granted) -> (String, i64) {
    let (lifetime, unspecified_aud) = {
        let inner = state.lock();
        (inner.token_lifetime_secs, inner.unspecified_aud)
    };
    let now = state.now_for("maskinporten").timestamp();
    let mut jti = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut jti);
    let mut claims = Map::new();
    claims.insert("iss".into(), state.issuer().into());
    claims.insert("client_id".into(), g.client_id.clone().into());
    claims.insert("client_amr".into(), "private_key_jwt".into());
    claims.insert("consumer".into(), org_ref(&g.consumer_org));
    if let Some(s) = &g.supplier_org {
        claims.insert("supplier".into(), org_ref(s));
        claims.insert("delegation_source".into(), state.url("/altinn3/").into());
    }
    claims.insert("scope".into(), g.scope.clone().into());
    claims.insert("token_type".into(), "Bearer".into());
    claims.insert("iat".into(), now.into());
    claims.insert("exp".into(), (now + lifetime).into());
    claims.insert("jti".into(), b64(&jti).into());
    // Without `resource` Maskinporten writes `aud: "unspecified"`, which Digdir says it will drop; the services here
    // must not depend on it either way (`unspecifiedAud`).
    let aud = match &g.resource {
        Some(r) => Some(r.clone()),
        None => unspecified_aud.then(|| "unspecified".into()),
    };
    if let Some(aud) = aud {
        claims.insert("aud".into(), aud);
    }
    if let Some(c) = &g.consent {
        claims.insert("authorization_details".into(), json!([c]));
    }
    (sign_rs256(&state.keys.maskinporten.private, &state.keys.maskinporten.kid, &[], &Value::Object(claims)), lifetime)
}

/// A verified access token from an `Authorization: Bearer` header.
#[derive(Debug, Clone)]
pub struct Bearer {
    /// `client_id`.
    pub client_id: String,
    /// The org in `consumer.ID` (without `0192:`).
    pub consumer_org: String,
    /// The scopes.
    pub scopes: Vec<String>,
    /// The `authorization_details` entries.
    pub authorization_details: Vec<Value>,
    /// `aud`: the `resource` the token was requested with, `"unspecified"` without one, or absent.
    pub aud: Option<Value>,
    /// The org in `supplier.ID`, when a supplier (vendor) acts for the consumer.
    pub supplier_org: Option<String>,
}

/// Why a bearer token was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BearerError {
    /// No `Authorization: Bearer` header.
    Missing,
    /// Not a token signed by the simulator's Maskinporten key for its issuer.
    Invalid(&'static str),
    /// `exp` has passed.
    Expired,
    /// The token lacks the scope.
    Scope(String),
}

impl std::fmt::Display for BearerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Missing => f.write_str("missing Authorization: Bearer token"),
            Self::Invalid(why) => write!(f, "invalid Maskinporten token: {why}"),
            Self::Expired => f.write_str("the Maskinporten token has expired"),
            Self::Scope(s) => write!(f, "the Maskinporten token lacks scope {s}"),
        }
    }
}

/// Checks the bearer token in `headers` for `service` (whose clock decides `exp`): signature (RS256, the
/// simulator's Maskinporten key), `iss`, `exp`, and that `scope` is among its scopes.
pub fn verify_bearer(state: &State, service: &str, headers: &HeaderMap, scope: &str) -> Result<Bearer, BearerError> {
    let value = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).ok_or(BearerError::Missing)?;
    let (scheme, token) = value.trim().split_once(' ').ok_or(BearerError::Missing)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(BearerError::Missing);
    }
    let jwt = Compact::parse(token.trim()).ok_or(BearerError::Invalid("not a JWT"))?;
    if jwt.alg().and_then(Alg::parse) != Some(Alg::Rs256) {
        return Err(BearerError::Invalid("alg is not RS256"));
    }
    let key = &state.keys.maskinporten;
    if jwt.header.get("kid").and_then(Value::as_str) != Some(key.kid.as_str()) {
        return Err(BearerError::Invalid("unknown kid"));
    }
    if !jwt.verify(Alg::Rs256, &key.public) {
        return Err(BearerError::Invalid("bad signature"));
    }
    let c = &jwt.payload;
    if c.get("iss").and_then(Value::as_str) != Some(state.issuer().as_str()) {
        return Err(BearerError::Invalid("wrong issuer"));
    }
    let exp = c.get("exp").and_then(Value::as_i64).ok_or(BearerError::Invalid("no exp"))?;
    if exp <= state.now_for(service).timestamp() {
        return Err(BearerError::Expired);
    }
    let scopes: Vec<String> =
        c.get("scope").and_then(Value::as_str).unwrap_or("").split_whitespace().map(str::to_owned).collect();
    if !scopes.iter().any(|s| s == scope) {
        return Err(BearerError::Scope(scope.to_owned()));
    }
    let consumer_org = c
        .get("consumer")
        .and_then(|v| v.get("ID"))
        .and_then(Value::as_str)
        .and_then(|id| id.strip_prefix("0192:"))
        .filter(|o| is_orgnr(o))
        .ok_or(BearerError::Invalid("no consumer"))?
        .to_owned();
    Ok(Bearer {
        client_id: c.get("client_id").and_then(Value::as_str).unwrap_or("").to_owned(),
        consumer_org,
        scopes,
        authorization_details: c.get("authorization_details").and_then(Value::as_array).cloned().unwrap_or_default(),
        aud: c.get("aud").cloned(),
        supplier_org: c
            .get("supplier")
            .and_then(|v| v.get("ID"))
            .and_then(Value::as_str)
            .and_then(|id| id.strip_prefix("0192:"))
            .map(str::to_owned),
    })
}
