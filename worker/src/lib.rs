//! The kravkit Worker: the only place with the Maskinporten key, the Altinn API key and the state key. It checks
//! the caller's session, runs the Altinn consent lifecycle (D1), gets Maskinporten tokens (signed with WebCrypto,
//! cached and shared), and proxies Skatteetaten's four endpoints as the core model's canonical JSON. All protocol
//! logic is the core crate's; this is the adapter. `fetch` only hands over to the router.

mod auth;
mod cache;
mod cache_seal;
mod config;
mod consent;
mod context;
mod cors;
mod crypto;
mod d1;
mod flight;
mod isolate;
mod lease;
mod limits;
mod log;
mod problem;
mod router;
mod routes;
mod scope;
mod upstream;

use worker::{event, Context, Env, Request, Response, Result};

#[event(fetch)]
async fn fetch(req: Request, env: Env, ctx: Context) -> Result<Response> {
    Ok(router::handle(req, env, ctx).await)
}
