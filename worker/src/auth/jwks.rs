//! Session signing keys: `SESSION_JWKS` inline, or `SESSION_JWKS_URL` fetched and cached per isolate
//! ([`JWKS_TTL_MS`], refetched early at most every [`REFETCH_MS`] when a token names an unknown `kid`). Imported
//! WebCrypto keys are cached per isolate by their public members.

use std::{cell::RefCell, collections::HashMap, rc::Rc};

use kravkit::http::{HttpRequest, Method};
use serde_json::Value;
use web_sys::CryptoKey;

pub use super::jwk::select;
use crate::{
    config::JwksSource,
    context::{now_ms, Ctx},
    crypto::{self, public_members, JwsAlg},
    problem::Problem,
    upstream::http::{get_with_retry, Api},
};

/// How long a fetched JWKS is used.
pub const JWKS_TTL_MS: f64 = 300_000.0;
/// The shortest gap between fetches when an unknown `kid` shows up.
pub const REFETCH_MS: f64 = 30_000.0;

struct Fetched {
    url: String,
    keys: Value,
    at_ms: f64,
}

thread_local! {
    static FETCHED: RefCell<Option<Rc<Fetched>>> = const { RefCell::new(None) };
    static IMPORTED: RefCell<HashMap<String, Rc<CryptoKey>>> = RefCell::new(HashMap::new());
}

async fn fetch(ctx: &Ctx, url: &str) -> Result<Rc<Fetched>, Problem> {
    let req = HttpRequest::new(Method::Get, url).header("Accept", "application/json");
    let unavailable = |why: String| Problem::new("upstream_unavailable", format!("session JWKS: {why}"));
    let resp = get_with_retry(&ctx.outbound(), Api::SessionJwks, "jwks", &req)
        .await
        .map_err(|e| unavailable(e.to_string()))?;
    if !resp.is_success() {
        return Err(unavailable(format!("{url} answered HTTP {}", resp.status)));
    }
    let keys: Value = serde_json::from_slice(&resp.body).map_err(|_| unavailable(format!("{url} is not JSON")))?;
    let fetched = Rc::new(Fetched { url: url.to_owned(), keys, at_ms: now_ms() });
    FETCHED.with(|f| *f.borrow_mut() = Some(fetched.clone()));
    Ok(fetched)
}

async fn import(jwk: &Value, alg: JwsAlg) -> Result<Rc<CryptoKey>, Problem> {
    let id = format!("{alg:?}:{}", public_members(jwk, alg).map(|m| m.to_string()).unwrap_or_default());
    if let Some(k) = IMPORTED.with(|m| m.borrow().get(&id).cloned()) {
        return Ok(k);
    }
    let key = Rc::new(
        crypto::import_verify_jwk(jwk, alg)
            .await
            .map_err(|e| Problem::unauthorized(format!("the session key cannot be used: {e}")))?,
    );
    IMPORTED.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() > 64 {
            m.clear();
        }
        m.insert(id, key.clone());
    });
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
            let now = now_ms();
            let cached = FETCHED.with(|f| f.borrow().clone()).filter(|f| &f.url == url);
            let current = match cached {
                Some(f) if now - f.at_ms < JWKS_TTL_MS => f,
                _ => fetch(ctx, url).await?,
            };
            match select(&current.keys, kid, alg) {
                Ok(jwk) => jwk,
                Err(_) if now - current.at_ms >= REFETCH_MS => {
                    select(&fetch(ctx, url).await?.keys, kid, alg).map_err(Problem::unauthorized)?
                }
                Err(why) => return Err(Problem::unauthorized(why)),
            }
        }
    };
    import(&jwk, alg).await
}
