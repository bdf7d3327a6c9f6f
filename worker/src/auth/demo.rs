//! Demo sessions (`DEMO_MODE=true`, never with `ENVIRONMENT=prod`): an ES256 key generated with WebCrypto once
//! per isolate signs sessions for the simulator's test parties; the Worker trusts it (issuer [`DEMO_ISSUER`]) and
//! publishes it at `/demo/jwks.json`. A token from one isolate does not verify in another: fine for a demo.

use std::{cell::RefCell, rc::Rc};

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use serde_json::{json, Value};
use web_sys::CryptoKey;

use super::session::MAX_SESSION_SECS;
use crate::{
    crypto::{self, JwsAlg},
    problem::Problem,
};

/// The `iss` of demo sessions.
pub const DEMO_ISSUER: &str = "kravkit-demo";
/// The simulator's test parties, the only ones a demo session may name.
pub const DEMO_PARTIES: [&str; 5] = ["313367002", "311851381", "314961900", "314055403", "212201782"];

struct DemoKey {
    private: CryptoKey,
    public: Rc<CryptoKey>,
    jwk: Value,
    kid: String,
}

/// What this module keeps per isolate (one part of [`crate::isolate::Isolate`]).
#[derive(Default)]
pub struct Kept {
    key: RefCell<Option<Rc<DemoKey>>>,
}

fn kept() -> &'static Kept {
    &crate::isolate::get().demo
}

async fn key() -> Result<Rc<DemoKey>, Problem> {
    if let Some(k) = kept().key.borrow().clone() {
        return Ok(k);
    }
    let fail = |e: crypto::CryptoError| Problem::internal(format!("demo key: {e}"));
    let (private, mut jwk) = crypto::generate_es256().await.map_err(fail)?;
    let public = Rc::new(crypto::import_verify_jwk(&jwk, JwsAlg::Es256).await.map_err(fail)?);
    let thumb = crypto::sha256(format!("{}.{}", jwk["x"], jwk["y"]).as_bytes());
    let kid = format!("demo-{}", URL_SAFE_NO_PAD.encode(&thumb[..9]));
    jwk = json!({"kty": "EC", "crv": "P-256", "x": jwk["x"], "y": jwk["y"], "kid": kid, "alg": "ES256", "use": "sig"});
    let fresh = Rc::new(DemoKey { private, public, jwk, kid });
    // Two first requests may race: keep whichever key was stored first, so every token verifies.
    Ok(kept().key.borrow_mut().get_or_insert(fresh).clone())
}

/// The demo key's JWKS.
pub async fn jwks() -> Result<Value, Problem> {
    Ok(json!({"keys": [key().await?.jwk.clone()]}))
}

/// The key to verify a demo session.
pub async fn verification_key(alg: JwsAlg, kid: Option<&str>) -> Result<Rc<CryptoKey>, Problem> {
    let k = key().await?;
    if alg != JwsAlg::Es256 || kid.is_some_and(|kid| kid != k.kid) {
        return Err(Problem::unauthorized("the demo session was not signed by this Worker's demo key"));
    }
    Ok(k.public.clone())
}

/// A signed demo session for `parties` and `sub`, issued at `now`, for `audience`.
pub async fn issue(sub: &str, parties: &[String], audience: &str, now: i64) -> Result<(String, i64), Problem> {
    let k = key().await?;
    let exp = now + MAX_SESSION_SECS;
    let header = json!({"alg": "ES256", "typ": "JWT", "kid": k.kid});
    let claims = json!({"iss": DEMO_ISSUER, "aud": audience, "sub": sub, "iat": now, "nbf": now, "exp": exp,
                        "parties": parties});
    let input =
        format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(claims.to_string()));
    let sig = crypto::sign(JwsAlg::Es256, &k.private, input.as_bytes())
        .await
        .map_err(|e| Problem::internal(format!("demo key: {e}")))?;
    Ok((format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig)), exp))
}
