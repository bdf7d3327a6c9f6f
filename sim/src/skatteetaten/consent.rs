//! Skatteetaten's consent check for the `finans` rights package, for both styles: Altinn 3 (the consent inside
//! the Maskinporten token's `authorization_details`) and Altinn 2 (the `AltinnSamtykke` JWT, verified with the
//! simulator's Altinn key). Consents revoked or expired in the simulator fail too.

use axum::http::HeaderMap;
use serde_json::Value;

use crate::{
    altinn2::model::Status2,
    altinn3::model::Status3,
    clock::{numeric_date, parse_rfc3339},
    ids::party_urn,
    jws::{Alg, Compact},
    maskinporten::token::Bearer,
    state::State,
};

/// Altinn 3 resources that grant access (the one Altinn's own e2e test uses, and the migrated Altinn 2 form).
pub const RESOURCES: &[&str] = &["ske-samtykke-krav-og-betalinger", "skd_5928_202301"];
/// The Altinn 2 service the `AltinnSamtykke` token must cover.
pub const SERVICE: &str = "5928_202301";

/// `Ok` when the request carries a valid consent from `party` to the token's consumer; else why not.
pub fn check(state: &State, headers: &HeaderMap, bearer: &Bearer, party: &str) -> Result<(), String> {
    match headers.get("altinnsamtykke") {
        Some(v) => altinn2(state, v.to_str().map_err(|_| "AltinnSamtykke is not text")?.trim(), bearer, party),
        None => altinn3(state, bearer, party),
    }
}

fn altinn3(state: &State, bearer: &Bearer, party: &str) -> Result<(), String> {
    let consents: Vec<&Value> =
        bearer.authorization_details.iter().filter(|d| d["type"] == "urn:altinn:consent").collect();
    if consents.is_empty() {
        return Err("no consent: send AltinnSamtykke, or a Maskinporten token with an urn:altinn:consent detail".into());
    }
    let urn = party_urn(party);
    let d = consents.into_iter().find(|d| d["from"] == urn.as_str()).ok_or("the consent is not from this party")?;
    let now = state.now_for("skatteetaten");
    let valid_to = d["validTo"].as_str().and_then(parse_rfc3339).ok_or("the consent has no validTo")?;
    if valid_to <= now {
        return Err("the consent has expired".into());
    }
    if d["to"]["ID"].as_str() != Some(format!("0192:{}", bearer.consumer_org).as_str()) {
        return Err("the consent was not given to the token's consumer".into());
    }
    let covers = d["consentRights"].as_array().into_iter().flatten().any(|r| {
        r["resource"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|x| x["value"].as_str().is_some_and(|v| RESOURCES.contains(&v)))
    });
    if !covers {
        return Err(format!("the consent does not cover {}", RESOURCES[0]));
    }
    let id = d["id"].as_str().unwrap_or("").to_ascii_lowercase();
    let inner = state.lock();
    let stored = inner.consents3.get(&id).ok_or("unknown consent id")?;
    match stored.status {
        Status3::Accepted if stored.valid_to > now => Ok(()),
        Status3::Accepted => Err("the consent has expired".into()),
        Status3::Revoked => Err("the consent has been revoked".into()),
        _ => Err("the consent is not accepted".into()),
    }
}

fn altinn2(state: &State, token: &str, bearer: &Bearer, party: &str) -> Result<(), String> {
    let jwt = Compact::parse(token).ok_or("AltinnSamtykke is not a JWT")?;
    let key = &state.keys.altinn;
    if jwt.alg() != Some("RS256") || jwt.header.get("kid").and_then(Value::as_str) != Some(key.kid.as_str()) {
        return Err("AltinnSamtykke is not signed with Altinn's key".into());
    }
    if !jwt.verify(Alg::Rs256, &key.public) {
        return Err("AltinnSamtykke has a bad signature".into());
    }
    let c = &jwt.payload;
    let now = state.now_for("skatteetaten").timestamp();
    if c.get("iss").and_then(Value::as_str) != Some("altinn.no") {
        return Err("AltinnSamtykke iss is not altinn.no".into());
    }
    let (nbf, exp) = (c.get("nbf").and_then(numeric_date), c.get("exp").and_then(numeric_date));
    if nbf.is_none_or(|n| n > now + 10) || exp.is_none_or(|e| e <= now) {
        return Err("AltinnSamtykke has expired or is not yet valid".into());
    }
    if c.get("OfferedBy").and_then(Value::as_str) != Some(party) {
        return Err("AltinnSamtykke is not from this party (OfferedBy)".into());
    }
    if c.get("CoveredBy").and_then(Value::as_str) != Some(bearer.consumer_org.as_str()) {
        return Err("AltinnSamtykke was not given to the token's consumer (CoveredBy)".into());
    }
    if !c.get("Services").and_then(Value::as_array).is_some_and(|s| s.iter().any(|x| x == SERVICE)) {
        return Err(format!("AltinnSamtykke does not cover service {SERVICE}"));
    }
    if c.get("ValidToDate").and_then(numeric_date).is_none_or(|v| v <= now) {
        return Err("the consent has expired (ValidToDate)".into());
    }
    let code = c.get("AuthorizationCode").and_then(Value::as_str).unwrap_or("").to_ascii_lowercase();
    let inner = state.lock();
    let stored = inner.consents2.get(&code).ok_or("unknown AuthorizationCode")?;
    match stored.status {
        Status2::Accepted if stored.valid_to.timestamp() > now => Ok(()),
        Status2::Accepted => Err("the consent has expired".into()),
        Status2::Revoked => Err("the consent has been revoked".into()),
        _ => Err("the consent is not accepted".into()),
    }
}
