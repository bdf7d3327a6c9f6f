//! `GET /healthz`: liveness and a configuration summary without secrets.

use worker::{Env, Response, Result};

/// Reports the service name, version and environment.
pub fn get(env: &Env) -> Result<Response> {
    let environment = env.var("ENVIRONMENT").map(|v| v.to_string()).unwrap_or_else(|_| "unset".into());
    Response::from_json(&serde_json::json!({
        "status": "ok",
        "service": "kravkit-worker",
        "version": env!("CARGO_PKG_VERSION"),
        "environment": environment,
    }))
}
