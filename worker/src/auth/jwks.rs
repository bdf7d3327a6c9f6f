//! Session signing keys: `SESSION_JWKS` inline, or `SESSION_JWKS_URL` fetched and cached per isolate
//! (`SESSION_JWKS_TTL_SECS`, default 300 s; refetched early at most every [`REFETCH_MS`] when a token names an unknown `kid`). One fetch
//! per isolate at a time (others poll for its result, [`crate::flight`]); a failed fetch is remembered for
//! [`FAILURE_TTL_MS`], and meanwhile the last good set is served for up to [`STALE_MAX_MS`] after it was fetched.
//! Callers never learn the URL. Imported WebCrypto keys are cached per isolate by their public members.

use kravkit::api::problem::ProblemCode;
use std::{cell::RefCell, collections::HashMap, rc::Rc};

use kravkit::http::{HttpRequest, Method};
use serde_json::Value;
use web_sys::CryptoKey;

pub use super::jwk::select;
use crate::{
    config::JwksSource,
    context::{now_ms, Ctx},
    crypto::{self, public_members, JwsAlg},
    flight::{Flights, Join},
    problem::Problem,
    upstream::http::{send_once, Api},
};

/// The shortest gap between fetches when an unknown `kid` shows up.
pub const REFETCH_MS: f64 = 30_000.0;
/// How long a failed fetch is remembered (no request fetches again meanwhile).
pub const FAILURE_TTL_MS: f64 = 2_000.0;
/// How long after it was fetched the last good set is still served while the URL fails.
pub const STALE_MAX_MS: f64 = 3_600_000.0;

#[derive(Clone)]
struct Fetched {
    url: String,
    keys: Rc<Value>,
    at_ms: f64,
}

/// A failed fetch: when, and the problem (which does not name the URL).
#[derive(Clone)]
struct Failed {
    url: String,
    at_ms: f64,
    problem: Problem,
}

/// What this module keeps per isolate (one part of [`crate::isolate::Isolate`]).
#[derive(Default)]
pub struct Kept {
    fetched: RefCell<Option<Fetched>>,
    failed: RefCell<Option<Failed>>,
    flights: Rc<Flights<Result<Fetched, Problem>>>,
    imported: RefCell<HashMap<String, Rc<CryptoKey>>>,
}

fn kept() -> &'static Kept {
    &crate::isolate::get().jwks
}

/// One fetch of the set (no retries: a failure is remembered and the last good set served instead).
async fn fetch_once(ctx: &Ctx, url: &str) -> Result<Fetched, Problem> {
    let req = HttpRequest::new(Method::Get, url).header("Accept", "application/json");
    let unavailable =
        |why: String| Problem::new(ProblemCode::UpstreamUnavailable, format!("the session key set: {why}"));
    let resp =
        send_once(&ctx.outbound(), Api::SessionJwks, "jwks", &req).await.map_err(|e| unavailable(e.to_string()))?;
    if !resp.is_success() {
        return Err(unavailable(format!("HTTP {}", resp.status)));
    }
    let keys: Value = serde_json::from_slice(&resp.body).map_err(|_| unavailable("not JSON".into()))?;
    Ok(Fetched { url: url.to_owned(), keys: Rc::new(keys), at_ms: now_ms() })
}

/// The set at `url`: fetched by one request at a time per isolate, its failure remembered for a while.
async fn fetch(ctx: &Ctx, url: &str) -> Result<Fetched, Problem> {
    let recent_failure =
        || kept().failed.borrow().clone().filter(|f| f.url == url && now_ms() - f.at_ms < FAILURE_TTL_MS);
    if let Some(f) = recent_failure() {
        ctx.log.cache("session_jwks", "failure_remembered");
        return Err(f.problem);
    }
    let flights = kept().flights.clone();
    let bound = u64::from(ctx.config.timeout_ms) + 1_000;
    let join = Join { scope: &ctx.scope, hold_ms: bound, max_wait_ms: bound, background: ctx.answered() };
    let ready = || None;
    let (result, _) = flights
        .run(url, &join, ready, || async {
            let result = fetch_once(ctx, url).await;
            match &result {
                Ok(fetched) => {
                    *kept().fetched.borrow_mut() = Some(fetched.clone());
                    *kept().failed.borrow_mut() = None;
                }
                Err(problem) => {
                    let failed = Failed { url: url.to_owned(), at_ms: now_ms(), problem: problem.clone() };
                    *kept().failed.borrow_mut() = Some(failed);
                }
            }
            result
        })
        .await;
    result
}

/// A fresh fetch, or the last good set (at most [`STALE_MAX_MS`] old) if the URL fails.
async fn fetch_or_stale(ctx: &Ctx, url: &str, last: Option<Fetched>) -> Result<Fetched, Problem> {
    match fetch(ctx, url).await {
        Ok(f) => Ok(f),
        Err(problem) => match last.filter(|l| now_ms() - l.at_ms < STALE_MAX_MS) {
            Some(stale) => {
                ctx.log.cache("session_jwks", "stale");
                Ok(stale)
            }
            None => Err(problem),
        },
    }
}

async fn import(jwk: &Value, alg: JwsAlg) -> Result<Rc<CryptoKey>, Problem> {
    let id = format!("{alg:?}:{}", public_members(jwk, alg).map(|m| m.to_string()).unwrap_or_default());
    if let Some(k) = kept().imported.borrow().get(&id).cloned() {
        return Ok(k);
    }
    let key = Rc::new(
        crypto::import_verify_jwk(jwk, alg)
            .await
            .map_err(|e| Problem::unauthorized(format!("the session key cannot be used: {e}")))?,
    );
    {
        let mut m = kept().imported.borrow_mut();
        if m.len() > 64 {
            m.clear();
        }
        m.insert(id, key.clone());
    }

    Ok(key)
}

/// The WebCrypto key to verify a session token with.
pub async fn verification_key(
    ctx: &Ctx,
    source: &JwksSource,
    kid: Option<&str>,
    alg: JwsAlg,
) -> Result<Rc<CryptoKey>, Problem> {
    let jwk = match source {
        JwksSource::Inline(jwks) => select(jwks, kid, alg).map_err(Problem::unauthorized)?,
        JwksSource::Url(url) => {
            let cached = kept().fetched.borrow().clone().filter(|f| &f.url == url);
            let current = match cached {
                Some(f) if now_ms() - f.at_ms < f64::from(ctx.config.jwks_ttl_secs) * 1000.0 => f,
                last => fetch_or_stale(ctx, url, last).await?,
            };
            match select(&current.keys, kid, alg) {
                Ok(jwk) => jwk,
                Err(_) if now_ms() - current.at_ms >= REFETCH_MS => {
                    let again = fetch_or_stale(ctx, url, Some(current)).await?;
                    select(&again.keys, kid, alg).map_err(Problem::unauthorized)?
                }
                Err(why) => return Err(Problem::unauthorized(why)),
            }
        }
    };
    import(&jwk, alg).await
}
