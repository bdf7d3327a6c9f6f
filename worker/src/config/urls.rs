//! URL settings: the return URL allow-list (origin + path prefix, WHATWG parsing), CORS origins, and the checks
//! every configured URL gets.

use url::Url;

use super::{list, ConfigProblem, Setting};

/// One allowed return URL: an origin and a path prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlRule {
    origin: String,
    path: String,
    loopback: bool,
}

impl UrlRule {
    /// Parses an allow-list entry: an absolute URL without query, fragment or credentials; `https` unless the
    /// host is loopback.
    pub fn parse(entry: &str) -> Result<Self, String> {
        let url = Url::parse(entry).map_err(|e| format!("{entry:?} is not an absolute URL ({e})"))?;
        check_web_url(&url).map_err(|why| format!("{entry:?} {why}"))?;
        if url.query().is_some() || url.fragment().is_some() {
            return Err(format!("{entry:?} must not have a query or fragment"));
        }
        Ok(Self {
            origin: url.origin().ascii_serialization(),
            path: url.path().to_owned(),
            loopback: is_loopback(&url),
        })
    }

    /// Whether the rule's origin is on this machine (refused in prod).
    pub fn is_loopback(&self) -> bool {
        self.loopback
    }

    /// Whether `url` has exactly this origin and a path under this rule's path (on a segment boundary).
    pub fn matches(&self, url: &Url) -> bool {
        if url.origin().ascii_serialization() != self.origin {
            return false;
        }
        let path = url.path();
        if self.path.ends_with('/') {
            return path.starts_with(&self.path);
        }
        path == self.path || path.strip_prefix(self.path.as_str()).is_some_and(|rest| rest.starts_with('/'))
    }
}

/// Whether `url` points at this machine: `localhost` (and `*.localhost`), 127.0.0.0/8, `::1`, or the unspecified
/// address. Refused in every URL setting when `ENVIRONMENT=prod`.
pub(super) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.');
            d.eq_ignore_ascii_case("localhost") || d.to_ascii_lowercase().ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback() || ip.is_unspecified(),
        Some(url::Host::Ipv6(ip)) => {
            ip.is_loopback() || ip.is_unspecified() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        None => false,
    }
}

/// The refusal of a loopback URL in prod.
pub(super) const LOOPBACK_IN_PROD: &str = "points at localhost/loopback, which is refused when ENVIRONMENT=prod";

/// `http(s)`, a host, no credentials; plain `http` only on loopback.
pub(super) fn check_web_url(url: &Url) -> Result<(), &'static str> {
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => return Err("must use https (plain http only for localhost)"),
        _ => return Err("must be an http(s) URL"),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("has no host");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not carry credentials");
    }
    Ok(())
}

/// Checks a caller's return URL against the allow-list: it must parse, have no fragment or credentials, and match
/// a rule exactly by origin and by path prefix. Gives the normalised URL to redirect to.
pub fn allowed_return_url(rules: &[UrlRule], candidate: &str) -> Option<Url> {
    if candidate.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\') {
        return None;
    }
    let url = Url::parse(candidate).ok()?;
    if check_web_url(&url).is_err() || url.fragment().is_some() {
        return None;
    }
    rules.iter().any(|r| r.matches(&url)).then_some(url)
}

/// `ALLOWED_ORIGINS`: exact origins, never a wildcard.
pub(super) fn allowed_origins(value: Option<&str>, prod: bool) -> Setting<Vec<String>> {
    let bad = |why: String| ConfigProblem::invalid("ALLOWED_ORIGINS", why);
    value
        .map(list)
        .into_iter()
        .flatten()
        .map(|o| {
            if o == "*" {
                return Err(bad("a wildcard is not allowed: list each origin".to_owned()));
            }
            let url = Url::parse(o).map_err(|e| bad(format!("{o:?} is not an origin ({e})")))?;
            check_web_url(&url).map_err(|why| bad(format!("{o:?} {why}")))?;
            if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
                return Err(bad(format!("{o:?} must be an origin only (scheme://host[:port])")));
            }
            if prod && is_loopback(&url) {
                return Err(bad(format!("{o:?} {LOOPBACK_IN_PROD}")));
            }
            Ok(url.origin().ascii_serialization())
        })
        .collect()
}
