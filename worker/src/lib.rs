//! The kravkit Worker. `fetch` only routes; each route lives in its own module.

use worker::{event, Context, Env, Request, Response, Result};

mod health;

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    match (req.method(), req.path().as_str()) {
        (worker::Method::Get, "/healthz") => health::get(&env),
        _ => not_found(),
    }
}

fn not_found() -> Result<Response> {
    let body = serde_json::json!({
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "code": "not_found",
        "detail": "No such route.",
    });
    let mut resp = Response::from_json(&body)?.with_status(404);
    resp.headers_mut().set("content-type", "application/problem+json")?;
    Ok(resp)
}
