//! Routing: which handler answers, 404 / 405 / CORS preflight, and what every response gets (CORS for allowed
//! origins, security headers, the log line). Errors never escape: every failure is a problem response.

use std::rc::Rc;

use worker::{console_log, Context, Env, Method, Request, Response};

use crate::{
    context::Ctx,
    cors,
    problem::Problem,
    routes::{consents, demo, health, jwks, parties},
    scope::Scope,
};
use kravkit::api::endpoint::Endpoint;

/// A recognised route: its pattern (for logs) and the methods it allows (`OPTIONS` included for API routes, which
/// answer CORS preflights).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// The pattern, e.g. `/v1/parties/{party}/consent`.
    pub pattern: &'static str,
    /// The `Allow` header value: exactly the methods `worker/openapi.json` lists for the path.
    pub allow: &'static str,
    /// The data endpoint, on its four routes.
    pub endpoint: Option<Endpoint>,
}

const fn route(pattern: &'static str, allow: &'static str) -> Route {
    Route { pattern, allow, endpoint: None }
}

/// The route a path names, if any. Demo routes exist only in demo mode.
pub fn recognise(segments: &[&str], demo_mode: bool) -> Option<Route> {
    Some(match segments {
        ["healthz"] => route("/healthz", "GET"),
        [".well-known", "jwks.json"] => route("/.well-known/jwks.json", "GET"),
        ["demo", "session"] if demo_mode => route("/demo/session", "POST, OPTIONS"),
        ["demo", "jwks.json"] if demo_mode => route("/demo/jwks.json", "GET"),
        ["v1", "consents"] => route("/v1/consents", "POST, OPTIONS"),
        ["v1", "consents", "callback"] => route("/v1/consents/callback", "GET"),
        ["v1", "parties", _, "consent"] => route("/v1/parties/{party}/consent", "GET, DELETE, OPTIONS"),
        ["v1", "parties", _, name] => {
            let endpoint = name.parse::<Endpoint>().ok()?;
            Route { endpoint: Some(endpoint), ..route(endpoint.route(), "GET, OPTIONS") }
        }
        _ => return None,
    })
}

/// Whether `method` (the request's method as sent, case-sensitive as HTTP methods are) is one the route lists.
/// Compared as text: `worker::Method` reads an unknown method (`QUERY`, `PROPFIND`, ...) as `GET`.
fn allows(route: &Route, method: &str) -> bool {
    route.allow.split(", ").any(|m| m == method)
}

async fn dispatch(ctx: &Rc<Ctx>, req: &mut Request, cors_origin: Option<&str>) -> Result<Response, Problem> {
    let url = req.url().map_err(|e| Problem::invalid_request(e.to_string()))?;
    let path = url.path().to_owned();
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let method_name = req.inner().method();
    let Some(route) = recognise(&segments, ctx.config.demo_mode) else {
        ctx.log.route("(none)");
        return Err(Problem::not_found());
    };
    ctx.log.route(route.pattern);
    if !allows(&route, &method_name) {
        return Err(Problem::method_not_allowed(route.allow));
    }
    let method = Method::from(method_name);
    if method == Method::Options {
        return cors::preflight(cors_origin);
    }
    let query: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    match (route.pattern, &method, segments.as_slice()) {
        ("/healthz", _, _) => health::get(ctx, req.headers()),
        ("/.well-known/jwks.json", _, _) => jwks::get(ctx),
        ("/demo/session", _, _) => demo::session(ctx, req).await,
        ("/demo/jwks.json", _, _) => demo::jwks().await,
        ("/v1/consents", _, _) => consents::start(ctx, req).await,
        ("/v1/consents/callback", _, _) => consents::callback(ctx, url.query().unwrap_or("")).await,
        ("/v1/parties/{party}/consent", Method::Delete, [_, _, party, _]) => {
            parties::consent_delete(ctx, req, party).await
        }
        ("/v1/parties/{party}/consent", _, [_, _, party, _]) => parties::consent_status(ctx, req, party).await,
        (_, _, [_, _, party, _]) => match route.endpoint {
            Some(e) => parties::data(ctx, req, party, e, &query).await,
            None => Err(Problem::not_found()),
        },
        _ => Err(Problem::not_found()),
    }
}

fn problem_response(p: &Problem) -> Response {
    let mut r = Response::builder().with_status(p.status).fixed(p.body().into_bytes());
    let h = r.headers_mut();
    let _ = h.set("content-type", "application/problem+json");
    if let Some(allow) = p.allow {
        let _ = h.set("allow", allow);
    }
    if let Some(secs) = p.retry_after {
        let _ = h.set("retry-after", &secs.to_string());
    }
    if p.status == 401 {
        let _ = h.set("www-authenticate", "Bearer");
    }
    r
}

/// Handles one request; never fails. Work a handler goes on with after the answer ([`Ctx::after_answer`]) runs
/// under the runtime's `waitUntil`, and the request's log line is written when it ends.
pub async fn handle(mut req: Request, env: Env, runtime: Context) -> Response {
    let origin = req.url().map(|u| u.origin().ascii_serialization()).unwrap_or_default();
    let scope = Scope::new();
    // Fires when the client goes away (compatibility flag `enable_request_signal`).
    scope.watch(req.inner().signal());
    let ctx = Rc::new(Ctx::new(env, origin, req.method().as_ref(), scope.clone()));
    let allowed: &[String] = ctx.config.allowed_origins.as_deref().unwrap_or(&[]);
    let cors_origin = cors::allowed_origin(req.headers(), allowed);
    let (mut response, code) = match dispatch(&ctx, &mut req, cors_origin.as_deref()).await {
        Ok(r) => (r, None),
        Err(p) => (problem_response(&p), Some(p.code)),
    };
    let h = response.headers_mut();
    cors::decorate(h, cors_origin.as_deref());
    if !h.has("cache-control").unwrap_or(false) {
        let _ = h.set("cache-control", "no-store");
    }
    let _ = h.set("x-content-type-options", "nosniff");
    // API answers are data, never a page to render or frame.
    let _ = h.set("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
    let (status, elapsed_ms) = (response.status_code(), ctx.elapsed_ms());
    // The answer is complete: a client going away from now on releases nothing.
    scope.finish();
    match ctx.take_background() {
        None => console_log!("{}", ctx.log.finish(status, code, elapsed_ms)),
        Some(work) => {
            let ctx = ctx.clone();
            runtime.wait_until(async move {
                work.await;
                ctx.log.background_ended(ctx.elapsed_ms());
                console_log!("{}", ctx.log.finish(status, code, elapsed_ms));
            });
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(path: &str, demo: bool) -> Option<&'static str> {
        let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        recognise(&segs, demo).map(|r| r.pattern)
    }

    #[test]
    fn routes_are_recognised_by_shape() {
        assert_eq!(r("/healthz", false), Some("/healthz"));
        assert_eq!(r("/v1/parties/313367002/aapnekrav", false), Some("/v1/parties/{party}/aapnekrav"));
        assert_eq!(r("/v1/parties/x/utbetalinger", false), Some("/v1/parties/{party}/utbetalinger"));
        assert_eq!(r("/v1/parties/313367002/consent", false), Some("/v1/parties/{party}/consent"));
        assert_eq!(r("/v1/parties/313367002/other", false), None);
        assert_eq!(r("/v1/parties/313367002", false), None);
        assert_eq!(r("/demo/session", false), None);
        assert_eq!(r("/demo/session", true), Some("/demo/session"));
        assert_eq!(r("/v1/consents/callback", false), Some("/v1/consents/callback"));
        assert_eq!(r("/healthz/", false), None);
        let consent = recognise(&["v1", "parties", "1", "consent"], false).unwrap();
        assert!(allows(&consent, "DELETE") && allows(&consent, "GET") && allows(&consent, "OPTIONS"));
        assert!(!allows(&consent, "POST") && !allows(&consent, "get") && !allows(&consent, "QUERY"));
        let health = recognise(&["healthz"], false).unwrap();
        assert!(allows(&health, "GET"));
        assert!(!allows(&health, "HEAD") && !allows(&health, "OPTIONS") && !allows(&health, "QUERY"));
    }

    /// One path of every shape the router recognises (each arm of [`recognise`], each data endpoint).
    const SERVED: &[&str] = &[
        "/healthz",
        "/.well-known/jwks.json",
        "/demo/session",
        "/demo/jwks.json",
        "/v1/consents",
        "/v1/consents/callback",
        "/v1/parties/313367002/consent",
        "/v1/parties/313367002/aapnekrav",
        "/v1/parties/313367002/krav",
        "/v1/parties/313367002/innbetalinger",
        "/v1/parties/313367002/utbetalinger",
    ];

    fn methods(item: &serde_json::Value) -> Vec<String> {
        let verbs = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
        let mut m: Vec<String> = verbs.iter().filter(|v| item.get(**v).is_some()).map(|v| v.to_uppercase()).collect();
        m.sort();
        m
    }

    fn allowed(route: &Route) -> Vec<String> {
        let mut m: Vec<String> = route.allow.split(", ").map(str::to_owned).collect();
        m.sort();
        m
    }

    #[test]
    fn openapi_documents_every_route_with_exactly_its_methods() {
        let doc: serde_json::Value = serde_json::from_str(include_str!("../openapi.json")).unwrap();
        let paths = doc["paths"].as_object().unwrap();
        // Every route served is documented, with the methods it allows (its `Allow` header).
        for path in SERVED {
            let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
            let route = recognise(&segs, true).unwrap_or_else(|| panic!("{path} is not routed"));
            let item = paths.get(route.pattern).unwrap_or_else(|| panic!("{} is not in openapi.json", route.pattern));
            assert_eq!(methods(item), allowed(&route), "{}", route.pattern);
        }
        // Every documented path is routed, to a route allowing exactly the documented methods; `_` (the party in
        // the Kravkit-Party header) is the same route as a party in the path.
        for (template, item) in paths {
            let path = template.replace("{party}", "313367002");
            let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
            let route = recognise(&segs, true).unwrap_or_else(|| panic!("{template} is documented but not routed"));
            assert_eq!(route.pattern, template.replace("/_/", "/{party}/"), "{template}");
            assert_eq!(methods(item), allowed(&route), "{template}");
        }
        assert_eq!(paths.len(), SERVED.len() + 5, "each /v1/parties/{{party}}/... path has its /v1/parties/_/... twin");
    }
}
