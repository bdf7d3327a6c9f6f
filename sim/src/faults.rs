//! Injected faults: a status and body, a delay, or a dropped connection, per service, route and party.

use std::{sync::Arc, time::Duration};

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{
    log,
    routes::{RouteId, ROUTES},
    serve::DropSwitch,
    skatteetaten::errors::{self, SkeError},
    state::State as Sim,
};

fn any() -> String {
    "*".into()
}

/// A fault as posted to `/config` (`faults: [...]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultConfig {
    /// `maskinporten`, `altinn3`, `altinn2`, `skatteetaten`, `session` or `*`.
    #[serde(default = "any")]
    pub service: String,
    /// A route of that service (see `routes::ROUTES`) or `*`.
    #[serde(default = "any")]
    pub route: String,
    /// Only requests for this Skatteetaten party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// Answer with this status instead of calling the route.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The body with `status`: a JSON string is sent as text, anything else as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// Overrides the `Content-Type` of `body`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Answer with this Skatteetaten error code (`DAS-003`, `KB-002`, ...): its status, a fresh korrelasjonsid,
    /// JSON or XML by `Accept`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skatteetaten_error: Option<String>,
    /// Wait this long first (then answer normally unless another effect is set).
    #[serde(default)]
    pub delay_ms: u64,
    /// Close the TCP connection without sending anything.
    #[serde(default)]
    pub drop: bool,
    /// Apply to this many matching requests, then disappear (default: until cleared).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
}

/// An active fault.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    /// Its id (order of registration).
    pub id: u64,
    /// What it does.
    #[serde(flatten)]
    pub config: FaultConfig,
}

impl FaultConfig {
    /// Checks that the fault names real routes and does something.
    pub fn check(&self) -> Result<(), String> {
        let known_route = |routes: &[&str]| self.route == "*" || routes.contains(&self.route.as_str());
        let ok = if self.service == "*" {
            self.route == "*" || ROUTES.iter().any(|(_, r)| known_route(r))
        } else {
            match ROUTES.iter().find(|(s, _)| *s == self.service) {
                Some((_, routes)) => known_route(routes),
                None => return Err(format!("unknown service {:?}", self.service)),
            }
        };
        if !ok {
            return Err(format!("unknown route {:?} for service {:?}", self.route, self.service));
        }
        if let Some(s) = self.status {
            StatusCode::from_u16(s).ok().filter(|_| (200..=599).contains(&s)).ok_or(format!("bad status {s}"))?;
        }
        if let Some(code) = &self.skatteetaten_error {
            SkeError::from_code(code).ok_or(format!("unknown skatteetatenError {code:?}"))?;
        }
        if self.body.is_some() && self.status.is_none() {
            return Err("body needs a status".into());
        }
        if self.status.is_some() && self.skatteetaten_error.is_some() {
            return Err("give status or skatteetatenError, not both".into());
        }
        if self.drop && (self.status.is_some() || self.skatteetaten_error.is_some()) {
            return Err("a dropped connection has no status".into());
        }
        if self.delay_ms > 600_000 {
            return Err("delayMs is at most 600000".into());
        }
        if self.times == Some(0) {
            return Err("times must be at least 1".into());
        }
        if !self.drop && self.delay_ms == 0 && self.status.is_none() && self.skatteetaten_error.is_none() {
            return Err("the fault does nothing: give status, skatteetatenError, delayMs or drop".into());
        }
        Ok(())
    }

    fn matches(&self, route: &RouteId) -> bool {
        (self.service == "*" || self.service == route.service)
            && (self.route == "*" || self.route == route.route)
            && self.party.as_ref().is_none_or(|p| route.party.as_ref() == Some(p))
    }
}

/// Takes the first fault matching `route`, counting down its `times`.
fn take(state: &Sim, route: &RouteId) -> Option<FaultConfig> {
    let mut inner = state.lock();
    let i = inner.faults.iter().position(|f| f.config.matches(route))?;
    let fault = inner.faults[i].config.clone();
    if let Some(n) = &mut inner.faults[i].config.times {
        *n -= 1;
        if *n == 0 {
            inner.faults.remove(i);
        }
    }
    inner.stats.faults_applied += 1;
    Some(fault)
}

/// Middleware: applies the first matching fault to service routes (never to `/config`, `/stats`).
pub async fn apply(State(state): State<Arc<Sim>>, req: Request, next: Next) -> Response {
    let Some(route) = req.extensions().get::<RouteId>().cloned() else { return next.run(req).await };
    if route.service == "control" {
        return next.run(req).await;
    }
    let Some(fault) = take(&state, &route) else { return next.run(req).await };
    if fault.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
    }
    if fault.drop {
        state.lock().stats.record(&route.key(), "dropped");
        log::line(&state, req.method().as_str(), req.uri(), "dropped", None);
        if let Some(switch) = req.extensions().get::<DropSwitch>() {
            switch.pull();
            std::future::pending::<()>().await;
        }
        return (StatusCode::BAD_GATEWAY, "connection drop needs kravkit_sim::serve").into_response();
    }
    if let Some(code) = &fault.skatteetaten_error {
        let e = SkeError::from_code(code).unwrap_or(SkeError::Das001);
        let id = crate::skatteetaten::routes::call_id(&state, req.headers());
        return errors::respond_with_id(e, None, errors::wants_xml(req.headers()), &id);
    }
    if let Some(status) = fault.status {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let (body, default_type) = match fault.body {
            None => (Body::empty(), None),
            Some(Value::String(s)) => (Body::from(s), Some("text/plain; charset=utf-8")),
            Some(v) => (Body::from(v.to_string()), Some("application/json")),
        };
        let mut res = (status, body).into_response();
        let content_type = fault.content_type.as_deref().or(default_type);
        if let Some(v) = content_type.and_then(|c| HeaderValue::from_str(c).ok()) {
            res.headers_mut().insert(header::CONTENT_TYPE, v);
        }
        return res;
    }
    next.run(req).await
}
