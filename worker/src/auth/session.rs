//! The caller's session: `Authorization: Bearer <JWT>` issued by the bank's backend (ES256 or RS256), verified
//! with WebCrypto against the configured JWKS (or the demo key in demo mode), with `iss`, `aud`, `sub`, `iat`,
//! `exp` (at most 15 minutes after `iat`), optional `nbf`, and `parties`. Nothing upstream is called before this.

use serde_json::Value;
use worker::Headers;

use super::jwt::{check_claims, split, ClaimRules};
pub use super::jwt::{Session, MAX_SESSION_SECS};
use super::{demo, jwks};
use crate::{
    config::need,
    context::{now, Ctx},
    crypto::{self, JwsAlg},
    problem::Problem,
};

/// The bearer token of a request, if it has one.
pub fn bearer(headers: &Headers) -> Option<String> {
    let value = headers.get("authorization").ok()??;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Verifies the request's session. 401 for anything wrong with it; config problems are 500s.
pub async fn authenticate(ctx: &Ctx, headers: &Headers) -> Result<Session, Problem> {
    let token = bearer(headers).ok_or_else(|| Problem::unauthorized("send Authorization: Bearer <session token>"))?;
    let jwt = split(&token).map_err(Problem::unauthorized)?;
    let alg_name = jwt.header.get("alg").and_then(Value::as_str).unwrap_or("none");
    let alg = JwsAlg::parse(alg_name)
        .ok_or_else(|| Problem::unauthorized(format!("alg {alg_name:?} is not accepted: use ES256 or RS256")))?;
    if jwt.header.get("crit").is_some() {
        return Err(Problem::unauthorized("the token has critical header parameters this service does not know"));
    }
    let kid = jwt.header.get("kid").and_then(Value::as_str);
    let cfg = &ctx.config;
    let claimed_iss = jwt.payload.get("iss").and_then(Value::as_str).unwrap_or("");
    let (key, issuer, audience) = if cfg.demo_mode && claimed_iss == demo::DEMO_ISSUER {
        (demo::verification_key(alg, kid).await?, demo::DEMO_ISSUER, cfg.demo_audience())
    } else if cfg.demo_mode && cfg.session_issuer.is_err() {
        return Err(Problem::unauthorized("the token is not from a trusted issuer"));
    } else {
        let issuer = need(&cfg.session_issuer)?;
        let audience = need(&cfg.session_audience)?;
        let source = need(&cfg.session_jwks)?;
        if claimed_iss != issuer {
            return Err(Problem::unauthorized("the token is not from a trusted issuer"));
        }
        (jwks::verification_key(ctx, source, kid, alg).await?, issuer.as_str(), audience.as_str())
    };
    let ok = crypto::verify(alg, &key, &jwt.signature, jwt.signing_input.as_bytes())
        .await
        .map_err(|e| Problem::unauthorized(format!("the signature cannot be checked: {e}")))?;
    if !ok {
        return Err(Problem::unauthorized("the token's signature is not valid"));
    }
    check_claims(&jwt.payload, &ClaimRules { issuer, audience, now: now().secs() }).map_err(Problem::unauthorized)
}
