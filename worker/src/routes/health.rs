//! `GET /healthz`: liveness and a configuration check that names every missing or malformed variable, without
//! values.

use serde_json::json;
use worker::Response;

use super::json;
use crate::{context::Ctx, problem::Problem};

/// Reports the service, version, environment, consent mode and configuration problems.
pub fn get(ctx: &Ctx) -> Result<Response, Problem> {
    let cfg = &ctx.config;
    let problems = cfg.problems();
    json(
        200,
        &json!({
            "status": "ok",
            "service": "kravkit-worker",
            "version": env!("CARGO_PKG_VERSION"),
            "environment": cfg.environment_name,
            "consentMode": cfg.consent_mode.as_ref().map_or("invalid", |m| m.as_str()),
            "demoMode": cfg.demo_mode,
            "config": {"ok": problems.is_empty(), "problems": problems},
        }),
    )
}
