//! `GET /.well-known/jwks.json`: the public key of the Maskinporten client, for registering it at Maskinporten
//! (self-service) or with the simulator.

use serde_json::json;
use worker::Response;

use super::json;
use crate::{context::Ctx, problem::Problem, upstream::maskinporten::public_jwk};

/// The JWK set with the client's one public key.
pub fn get(ctx: &Ctx) -> Result<Response, Problem> {
    let mut r = json(200, &json!({"keys": [public_jwk(ctx)?]}))?;
    let _ = r.headers_mut().set("cache-control", "public, max-age=300");
    Ok(r)
}
