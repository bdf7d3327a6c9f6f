//! One line per request on stderr (method, path, status, ms), with national ids redacted; counts requests and
//! sets the `Date` header from the simulator's clock.

use std::{sync::Arc, time::Instant};

use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, Uri},
    middleware::Next,
    response::Response,
};
use percent_encoding::percent_decode_str;

use crate::{clock::http_date, ids::redact_national_ids, routes::classify, state::State as Sim};

/// Middleware: names the route (a `RouteId` extension for the layers inside), times the request, counts it, logs it.
pub async fn layer(State(state): State<Arc<Sim>>, mut req: Request, next: Next) -> Response {
    let start = Instant::now();
    let (method, uri) = (req.method().clone(), req.uri().clone());
    let route = classify(method.as_str(), uri.path());
    req.extensions_mut().insert(route.clone());
    let in_flight = (route.service != "control").then(|| InFlight::begin(state.clone(), route.key()));
    let mut res = next.run(req).await;
    drop(in_flight);
    let now = if route.service == "control" { state.now() } else { state.now_for(route.service) };
    if let Ok(date) = HeaderValue::from_str(&http_date(now)) {
        res.headers_mut().insert(header::DATE, date);
    }
    if route.service != "control" {
        state.lock().stats.record(&route.key(), res.status().as_str());
    }
    line(&state, method.as_str(), &uri, res.status().as_str(), Some(start));
    res
}

/// Counts a request as in flight until dropped, which also happens when a fault drops the connection (the handler's
/// future is dropped then, not finished).
struct InFlight {
    state: Arc<Sim>,
    key: String,
}

impl InFlight {
    fn begin(state: Arc<Sim>, key: String) -> Self {
        state.lock().stats.begin(&key);
        Self { state, key }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.state.lock().stats.end(&self.key);
    }
}

/// Prints `METHOD path?query status ms` unless the simulator is quiet.
pub fn line(state: &Sim, method: &str, uri: &Uri, status: &str, start: Option<Instant>) {
    if state.quiet {
        return;
    }
    let target = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    let ms = start.map_or_else(String::new, |s| format!(" {:.1}ms", s.elapsed().as_secs_f64() * 1000.0));
    eprintln!("{method} {} {status}{ms}", redact(target));
}

/// Percent-decodes (so an encoded separator cannot hide a number) and redacts 11-digit runs.
pub fn redact(target: &str) -> String {
    redact_national_ids(&percent_decode_str(target).decode_utf8_lossy())
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_encoded_ids() {
        assert_eq!(
            super::redact("/x?from=urn%3Aaltinn%3Aperson%3Aidentifier-no%3A04827896468"),
            "/x?from=urn:altinn:person:identifier-no:***********"
        );
        assert_eq!(super::redact("/x?a=%2004827896468"), "/x?a= ***********");
    }
}
