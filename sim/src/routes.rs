//! Names every route as `(service, route)`, for faults, counters and the log.

/// Which route a request hit. Inserted into request extensions by the log layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteId {
    /// `maskinporten`, `altinn3`, `altinn2`, `skatteetaten`, `session`, or `control`.
    pub service: &'static str,
    /// The route within the service (see [`ROUTES`]).
    pub route: &'static str,
    /// The party id in a Skatteetaten path.
    pub party: Option<String>,
}

impl RouteId {
    /// `service.route`, the key in `/stats`.
    pub fn key(&self) -> String {
        format!("{}.{}", self.service, self.route)
    }
}

/// Every `(service, route)` a fault may name.
pub const ROUTES: &[(&str, &[&str])] = &[
    ("maskinporten", &["well-known", "jwk", "token"]),
    ("altinn3", &["consentrequests.create", "consentrequests.get", "events", "ui"]),
    ("altinn2", &["consentrequests.create", "consentrequests.get", "token", "jwk", "ui"]),
    ("skatteetaten", &["aapnekrav", "krav", "innbetalinger", "utbetalinger", "other"]),
    ("session", &["jwks", "other"]),
];

/// Classifies a request path. Unknown paths under a service prefix get the route `other`.
pub fn classify(method: &str, path: &str) -> RouteId {
    let id = |service, route| RouteId { service, route, party: None };
    let (service, rest) = match path.split_once('/').map(|(_, p)| p.split_once('/').unwrap_or((p, ""))) {
        Some((s, rest)) => (s, rest),
        None => return id("control", "other"),
    };
    match service {
        "maskinporten" => id(
            "maskinporten",
            match rest {
                ".well-known/oauth-authorization-server" => "well-known",
                "jwk" | "jwks" => "jwk",
                "token" => "token",
                _ => "other",
            },
        ),
        "altinn3" => {
            let route = if rest.starts_with("ui/") {
                "ui"
            } else if let Some(tail) = rest.strip_prefix("accessmanagement/api/v1/enterprise/consentrequests") {
                match tail.trim_matches('/') {
                    "" if method == "POST" => "consentrequests.create",
                    "events" => "events",
                    t if !t.is_empty() && !t.contains('/') => "consentrequests.get",
                    _ => "other",
                }
            } else {
                "other"
            };
            id("altinn3", route)
        }
        "altinn2" => {
            let route = if rest.starts_with("ui/") {
                "ui"
            } else if rest.starts_with("api/consentRequests") {
                "consentrequests.create"
            } else if rest.starts_with("api/consentRequest/") {
                "consentrequests.get"
            } else if rest.starts_with("api/authorization/token") {
                "token"
            } else if rest == "api/metadata/jwk" {
                "jwk"
            } else {
                "other"
            };
            id("altinn2", route)
        }
        "skatteetaten" => {
            let seg: Vec<&str> = rest.split('/').collect();
            match seg.as_slice() {
                ["v1", _, party, endpoint] => {
                    let route = match *endpoint {
                        "aapnekrav" => "aapnekrav",
                        "krav" => "krav",
                        "innbetalinger" => "innbetalinger",
                        "utbetalinger" => "utbetalinger",
                        _ => "other",
                    };
                    RouteId { service: "skatteetaten", route, party: Some((*party).to_owned()) }
                }
                _ => id("skatteetaten", "other"),
            }
        }
        "session" => id("session", if rest == "jwks.json" { "jwks" } else { "other" }),
        "config" => id("control", "config"),
        "stats" => id("control", "stats"),
        "tokens" => id("control", "tokens"),
        "healthz" => id("control", "healthz"),
        _ => id("control", "other"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(classify("POST", "/maskinporten/token").key(), "maskinporten.token");
        assert_eq!(
            classify("POST", "/altinn3/accessmanagement/api/v1/enterprise/consentrequests").key(),
            "altinn3.consentrequests.create"
        );
        assert_eq!(
            classify("GET", "/altinn3/accessmanagement/api/v1/enterprise/consentrequests/events").key(),
            "altinn3.events"
        );
        assert_eq!(classify("GET", "/altinn3/ui/consent/request").key(), "altinn3.ui");
        assert_eq!(classify("GET", "/altinn2/api/authorization/token/abc").key(), "altinn2.token");
        let s = classify("GET", "/skatteetaten/v1/finans/313367002/krav");
        assert_eq!((s.key().as_str(), s.party.as_deref()), ("skatteetaten.krav", Some("313367002")));
        assert_eq!(classify("GET", "/session/jwks.json").key(), "session.jwks");
        assert_eq!(classify("GET", "/stats").key(), "control.stats");
    }
}
