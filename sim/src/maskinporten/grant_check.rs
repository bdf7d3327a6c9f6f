//! Checks a `/token` request the way Maskinporten does, each refusal with its OAuth error, its description
//! (with the MP code where one is documented) and a reason name for `/stats`.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use serde_json::{json, Map, Value};

use super::JWT_BEARER;
use crate::{
    altinn3::model::Status3,
    clock::{numeric_date, rfc3339},
    ids::{is_orgnr, is_uuid},
    jws::{Alg, Compact},
    state::State,
};

/// The claims a grant may have; anything else is "Invalid assertion".
pub const KNOWN_CLAIMS: &[&str] = &[
    "aud",
    "iss",
    "iat",
    "exp",
    "nbf",
    "jti",
    "scope",
    "consumer_org",
    "iss_onbehalfof",
    "resource",
    "authorization_details",
];

/// Maskinporten accepts `iat` up to this many seconds ahead of its clock.
pub const MAX_IAT_SKEW_SECS: i64 = 10;
/// `exp - iat` may be at most this.
pub const MAX_GRANT_LIFETIME_SECS: i64 = 120;

/// A refused grant.
#[derive(Debug, Clone)]
pub struct Rejection {
    /// The OAuth `error`.
    pub error: &'static str,
    /// The `error_description`.
    pub description: String,
    /// Why, for `/stats` (`grantsRejected.byReason`).
    pub reason: &'static str,
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        (StatusCode::BAD_REQUEST, Json(json!({"error": self.error, "error_description": self.description})))
            .into_response()
    }
}

fn reject(error: &'static str, reason: &'static str, description: impl Into<String>) -> Rejection {
    Rejection { error, description: description.into(), reason }
}

/// MP-100, "Invalid assertion. Client authentication failed." with a detail.
fn invalid(reason: &'static str, detail: &str) -> Rejection {
    reject("invalid_grant", reason, format!("Invalid assertion. Client authentication failed. {detail} (MP-100)"))
}

/// A grant that passed every check.
#[derive(Debug, Clone)]
pub struct Granted {
    /// The client (`iss`).
    pub client_id: String,
    /// The key that signed the grant.
    pub kid: String,
    /// The token's `consumer`: `consumer_org` when delegated, else the client's org.
    pub consumer_org: String,
    /// The client's own org, when it acts for a `consumer_org` (the token's `supplier`).
    pub supplier_org: Option<String>,
    /// The scopes, as requested.
    pub scope: String,
    /// `resource`, if requested (becomes the token's `aud`).
    pub resource: Option<Value>,
    /// The consent entry for the token's `authorization_details`.
    pub consent: Option<Value>,
}

/// Checks a `/token` request body.
pub fn check(state: &State, content_type: Option<&str>, body: &[u8]) -> Result<Granted, Rejection> {
    let is_form = content_type
        .and_then(|c| c.split(';').next())
        .is_some_and(|c| c.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(reject(
            "invalid_request",
            "content_type",
            "Content-Type must be application/x-www-form-urlencoded",
        ));
    }
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body)
        .map_err(|_| reject("invalid_request", "form", "The request body is not a valid form"))?;
    let param = |name: &str| -> Result<Option<&str>, Rejection> {
        let mut found = pairs.iter().filter(|(k, _)| k == name);
        let first = found.next().map(|(_, v)| v.as_str());
        if found.next().is_some() {
            return Err(reject("invalid_request", "form", format!("Parameter {name} is given more than once")));
        }
        Ok(first)
    };
    match param("grant_type")? {
        None | Some("") => return Err(reject("invalid_request", "grant_type", "Missing grant_type")),
        Some(JWT_BEARER) => {}
        Some(other) => {
            return Err(reject("unsupported_grant_type", "grant_type", format!("Unsupported grant_type {other}")))
        }
    }
    let assertion = param("assertion")?
        .filter(|a| !a.is_empty())
        .ok_or_else(|| reject("invalid_request", "assertion", "Missing assertion"))?;
    let jwt = Compact::parse(assertion).ok_or_else(|| invalid("malformed", "The assertion is not a signed JWT."))?;
    check_jwt(state, &jwt)
}

fn check_jwt(state: &State, jwt: &Compact) -> Result<Granted, Rejection> {
    let alg_name = jwt.alg().unwrap_or("(none)");
    let alg = Alg::parse(alg_name)
        .ok_or_else(|| invalid("alg", &format!("Unsupported alg {alg_name}: use RS256, RS384 or RS512.")))?;
    if jwt.header.contains_key("crit") {
        return Err(invalid("crit", "Unsupported critical header parameter (crit)."));
    }
    let kid = match (jwt.header.get("kid"), jwt.header.get("x5c")) {
        (Some(_), Some(_)) | (None, None) => {
            return Err(invalid("key_reference", "The JWT header must have exactly one of kid and x5c."))
        }
        (None, Some(x5c)) if !x5c.is_array() => {
            return Err(reject(
                "invalid_grant",
                "x5c",
                "Validation of JWT failed: Failed to extract certificate from jwt",
            ))
        }
        (None, Some(_)) => {
            return Err(reject(
                "invalid_grant",
                "x5c",
                "Invalid assertion. Client authentication failed. The JWT is signed with an invalid certificate. \
                 (MP-120) kravkit-sim accepts pre-registered keys (kid) only.",
            ))
        }
        (Some(kid), None) => kid
            .as_str()
            .filter(|k| !k.is_empty())
            .ok_or_else(|| invalid("key_reference", "kid must be a non-empty string."))?,
    };
    let claims = &jwt.payload;
    let iss = claims.get("iss").and_then(Value::as_str).ok_or_else(|| invalid("iss", "Missing iss."))?;
    let now_time = state.now_for("maskinporten");
    let now = now_time.timestamp();

    let mut inner = state.lock();
    let client = inner.clients.get(iss).ok_or_else(|| {
        reject("invalid_grant", "client_not_found", "Authentication of client by JWT failed: Client not found")
    })?;
    let key = client.keys.get(kid).ok_or_else(|| {
        reject(
            "invalid_grant",
            "unknown_kid",
            format!("Validation of JWT failed: Could not validate JWT Signature: no key with kid {kid} is registered for the client"),
        )
    })?;
    if !jwt.verify(alg, key) {
        return Err(reject("invalid_grant", "signature", "Validation of JWT failed: Could not validate JWT Signature"));
    }
    let client = client.config.clone();

    if let Some(unknown) = claims.keys().find(|k| !KNOWN_CLAIMS.contains(&k.as_str())) {
        return Err(invalid("unknown_claim", &format!("Unknown claim {unknown}.")));
    }
    let issuer = state.issuer();
    if claims.get("aud").and_then(Value::as_str) != Some(issuer.as_str()) {
        return Err(reject(
            "invalid_grant",
            "aud",
            format!(
                "Invalid assertion. Client authentication failed. Invalid JWT claim aud: expected {issuer} (MP-110)"
            ),
        ));
    }
    let time = |name: &'static str| -> Result<i64, Rejection> {
        claims.get(name).and_then(numeric_date).ok_or_else(|| invalid(name, &format!("Missing or malformed {name}.")))
    };
    let (iat, exp) = (time("iat")?, time("exp")?);
    if iat > now + MAX_IAT_SKEW_SECS {
        return Err(invalid(
            "iat_future",
            &format!("Issue time is after now: iat {iat} is more than 10 s ahead of {now}."),
        ));
    }
    if exp <= now {
        return Err(reject("invalid_grant", "expired", "Authentication of client by JWT failed: JWT is expired"));
    }
    if exp <= iat || exp - iat > MAX_GRANT_LIFETIME_SECS {
        return Err(invalid(
            "lifetime",
            &format!("exp must be after iat and at most {MAX_GRANT_LIFETIME_SECS} s later."),
        ));
    }
    if claims.contains_key("nbf") && time("nbf")? > now + MAX_IAT_SKEW_SECS {
        return Err(invalid("nbf", "nbf is in the future."));
    }
    let jti = match claims.get("jti") {
        None if inner.require_jti => {
            return Err(invalid("jti", "Missing jti: every grant needs a unique jti (kravkit-sim requireJti)."))
        }
        None => None,
        Some(Value::String(j)) if !j.is_empty() && j.len() <= 255 => Some(j.clone()),
        Some(_) => return Err(invalid("jti", "jti must be a non-empty string.")),
    };
    if let Some(j) = &jti {
        if inner.jtis.get(&(iss.to_owned(), j.clone())).is_some_and(|&until| until >= now) {
            return Err(invalid("jti_reused", "Grant is used before."));
        }
    }

    let scope = claims.get("scope").and_then(Value::as_str).unwrap_or("").to_owned();
    if scope.trim().is_empty() {
        return Err(reject("invalid_scope", "scope", "Invalid scope - the grant has no scope"));
    }
    if scope.split(' ').any(|s| s.is_empty() || s.chars().any(char::is_whitespace)) {
        return Err(reject(
            "invalid_scope",
            "scope",
            "Invalid scope - scopes must be separated by single spaces, with none before or after",
        ));
    }
    let bad: Vec<&str> = scope.split(' ').filter(|s| !client.scopes.iter().any(|c| c == s)).collect();
    if !bad.is_empty() {
        return Err(reject(
            "invalid_scope",
            "scope",
            format!("Invalid scope - Token request contains invalid scopes for client: {}", bad.join(" ")),
        ));
    }

    let (consumer_org, supplier_org) = match (claims.get("consumer_org"), claims.get("iss_onbehalfof")) {
        (Some(_), Some(_)) => {
            return Err(reject(
                "invalid_request",
                "consumer_org",
                "Validation of JWT claim failed: consumer_org and iss_onbehalfof are mutually exclusive",
            ))
        }
        (Some(org), None) => {
            let org = org.as_str().filter(|o| is_orgnr(o)).ok_or_else(|| {
                reject(
                    "invalid_request",
                    "consumer_org",
                    "Validation of JWT claim failed: consumer_org is not an organization number",
                )
            })?;
            if org == client.org {
                return Err(reject(
                    "invalid_request",
                    "consumer_org",
                    "Validation of JWT claim failed: The combination consumer_org in claim and delegation scope on client is invalid",
                ));
            }
            if !client.consumer_orgs.iter().any(|o| o == org) {
                return Err(reject(
                    "access_denied",
                    "not_delegated",
                    format!("Consumer {org} has not delegated access to the scope {scope} to supplier {}", client.org),
                ));
            }
            (org.to_owned(), Some(client.org.clone()))
        }
        (None, Some(v)) if v.as_str().is_none_or(|s| s.trim().is_empty()) => {
            return Err(reject(
                "invalid_request",
                "iss_onbehalfof",
                "Validation of JWT claim failed: iss_onbehalfof must be a non-empty string",
            ))
        }
        _ => (client.org.clone(), None),
    };

    let resource = match claims.get("resource") {
        None => None,
        Some(r @ Value::String(s)) if !s.is_empty() => Some(r.clone()),
        Some(r @ Value::Array(a)) if !a.is_empty() && a.iter().all(|v| v.as_str().is_some_and(|s| !s.is_empty())) => {
            Some(r.clone())
        }
        Some(_) => return Err(reject("invalid_request", "resource", "resource must be a URI or an array of URIs")),
    };

    let consent = match claims.get("authorization_details") {
        None => None,
        Some(details) => Some(check_consent(&inner, details, &consumer_org, now_time)?),
    };

    if let Some(j) = jti {
        inner.jtis.retain(|_, until| *until >= now);
        inner.jtis.insert((iss.to_owned(), j), exp);
    }
    Ok(Granted { client_id: iss.to_owned(), kid: kid.to_owned(), consumer_org, supplier_org, scope, resource, consent })
}

/// Checks `authorization_details` against the Altinn 3 consent store; returns the token's detail entry.
fn check_consent(
    inner: &crate::state::Inner,
    details: &Value,
    consumer_org: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Value, Rejection> {
    let bad = |reason: &'static str, text: String| reject("invalid_authorization_details", reason, text);
    let entry: &Map<String, Value> = match details.as_array().map(Vec::as_slice) {
        Some([Value::Object(e)]) => e,
        _ => {
            return Err(bad(
                "authorization_details",
                "authorization_details must be an array with exactly one object".into(),
            ))
        }
    };
    match entry.get("type").and_then(Value::as_str) {
        Some("urn:altinn:consent") => {}
        Some("urn:altinn:systemuser") => {
            return Err(bad(
                "systemuser",
                "System users (urn:altinn:systemuser) are not supported by kravkit-sim".into(),
            ))
        }
        other => return Err(bad("authorization_details", format!("Unsupported authorization_details type {other:?}"))),
    }
    if let Some(k) = entry.keys().find(|k| !["type", "id", "from"].contains(&k.as_str())) {
        return Err(bad("authorization_details", format!("Unknown member {k} in authorization_details")));
    }
    let id = entry.get("id").and_then(Value::as_str).filter(|i| is_uuid(i));
    let id = id.ok_or_else(|| bad("consent_id", "The consent id must be a UUID".into()))?;
    let from = entry.get("from").and_then(Value::as_str).ok_or_else(|| bad("consent_from", "Missing from".into()))?;
    let consent = inner
        .consents3
        .get(&id.to_ascii_lowercase())
        .ok_or_else(|| bad("consent_not_found", format!("Consent {id} not found")))?;
    if consent.from != from {
        return Err(bad("consent_from", format!("Consent {id}: from does not match the consent")));
    }
    if consent.to_org != consumer_org {
        return Err(bad("consent_to", format!("Consent {id} was not given to {consumer_org}")));
    }
    match consent.status {
        Status3::Accepted => {}
        Status3::Created => return Err(bad("consent_not_accepted", format!("Consent {id} is not accepted"))),
        Status3::Rejected => return Err(bad("consent_rejected", format!("Consent {id} was rejected"))),
        Status3::Revoked => return Err(bad("consent_revoked", format!("Consent {id} is revoked"))),
    }
    if consent.valid_to <= now {
        return Err(bad("consent_expired", format!("Consent {id} has expired")));
    }
    Ok(json!({
        "type": "urn:altinn:consent",
        "id": consent.id,
        "from": consent.from,
        "to": {"authority": "iso6523-actorid-upis", "ID": format!("0192:{}", consent.to_org)},
        "consented": consent.consented.map(rfc3339),
        "validTo": rfc3339(consent.valid_to),
        "consentRights": consent.rights,
    }))
}
