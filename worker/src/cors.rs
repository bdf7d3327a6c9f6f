//! CORS for the configured origins only (`ALLOWED_ORIGINS`): the allowed origin is echoed (never `*`), with
//! `Vary: Origin`; no credentials are ever allowed (sessions travel in `Authorization`, not cookies).

use kravkit::api::problem::ProblemCode;
use worker::{Headers, Response};

use crate::problem::Problem;

/// Methods the API answers cross-origin.
pub const ALLOW_METHODS: &str = "GET, POST, DELETE, OPTIONS";
/// Request headers the API reads.
pub const ALLOW_HEADERS: &str = "Authorization, Content-Type, Kravkit-Party";
/// Response headers a page may read.
pub const EXPOSE_HEADERS: &str = "Korrelasjonsid";

/// The request's `Origin`, if it is on the list.
pub fn allowed_origin(headers: &Headers, allowed: &[String]) -> Option<String> {
    let origin = headers.get("origin").ok()??;
    allowed.iter().any(|a| a.eq_ignore_ascii_case(&origin)).then_some(origin)
}

/// Adds the CORS headers for `origin` (an allowed one) to a response.
pub fn decorate(headers: &mut Headers, origin: Option<&str>) {
    let _ = headers.append("vary", "Origin");
    if let Some(o) = origin {
        let _ = headers.set("access-control-allow-origin", o);
        let _ = headers.set("access-control-expose-headers", EXPOSE_HEADERS);
    }
}

/// Answers a preflight: 204 with the allowed methods and headers for an allowed origin, else 403.
pub fn preflight(origin: Option<&str>) -> Result<Response, Problem> {
    let Some(origin) = origin else {
        return Err(Problem::new(
            ProblemCode::OriginNotAllowed,
            "this origin may not call the API; see ALLOWED_ORIGINS",
        ));
    };
    let mut r = Response::empty().map_err(|e| Problem::internal(e.to_string()))?.with_status(204);
    let h = r.headers_mut();
    let _ = h.set("access-control-allow-methods", ALLOW_METHODS);
    let _ = h.set("access-control-allow-headers", ALLOW_HEADERS);
    let _ = h.set("access-control-max-age", "600");
    decorate(h, Some(origin));
    Ok(r)
}
