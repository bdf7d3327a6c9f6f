//! RFC 9457 problem responses with a stable `code` (the table in docs/worker-api.md), and nothing else: no stack
//! traces, no upstream bodies, no secrets.

use serde::Serialize;

/// Every code the Worker answers with, its HTTP status and title.
const CODES: &[(&str, u16, &str)] = &[
    ("unauthorized", 401, "No valid session"),
    ("forbidden_party", 403, "The session may not act for this party"),
    ("origin_not_allowed", 403, "This origin is not allowed"),
    ("invalid_party", 400, "Not a valid party id"),
    ("person_in_path", 400, "A person's id must not be in the URL"),
    ("invalid_period", 400, "Not a valid period"),
    ("invalid_request", 400, "Bad request"),
    ("payload_too_large", 413, "Request body too large"),
    ("return_url_not_allowed", 403, "Return URL not allowed"),
    ("invalid_state", 400, "Invalid consent state"),
    ("consent_required", 403, "Consent required"),
    ("consent_revoked", 403, "Consent revoked"),
    ("rate_limited", 429, "Too many requests"),
    ("party_not_found", 404, "Party not found"),
    ("maskinporten_client_unknown", 502, "Maskinporten does not know the client"),
    ("maskinporten_scope_missing", 502, "The Maskinporten client lacks a scope"),
    ("maskinporten_error", 502, "Maskinporten refused the grant"),
    ("upstream_unavailable", 503, "An upstream service is unavailable"),
    ("upstream_error", 502, "Unexpected upstream answer"),
    ("config_missing", 500, "Configuration missing"),
    ("config_invalid", 500, "Configuration invalid"),
    ("internal_error", 500, "Internal error"),
    ("not_found", 404, "Not found"),
    ("method_not_allowed", 405, "Method not allowed"),
];

/// A problem to answer with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The stable code (a key of the table above).
    pub code: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// Readable detail; never a secret, a token or a national id.
    pub detail: String,
    /// Skatteetaten's correlation id, when the problem came from there.
    pub korrelasjonsid: Option<String>,
    /// `Allow` header value, for 405.
    pub allow: Option<&'static str>,
    /// `Retry-After` seconds, for 429.
    pub retry_after: Option<u32>,
}

/// The JSON body.
#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'static str,
    status: u16,
    code: &'static str,
    detail: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    korrelasjonsid: Option<&'a str>,
}

impl Problem {
    /// A problem with a code from the table (an unknown code becomes `internal_error`).
    pub fn new(code: &'static str, detail: impl Into<String>) -> Self {
        let (code, status) = CODES.iter().find(|c| c.0 == code).map_or(("internal_error", 500), |c| (c.0, c.1));
        Self {
            code,
            status,
            detail: kravkit::ids::redact_national_ids(&detail.into()),
            korrelasjonsid: None,
            allow: None,
            retry_after: None,
        }
    }

    /// Adds Skatteetaten's correlation id.
    #[must_use]
    pub fn with_korrelasjonsid(mut self, id: Option<&str>) -> Self {
        self.korrelasjonsid = id.map(str::to_owned);
        self
    }

    /// Adds `Retry-After` (seconds).
    #[must_use]
    pub fn with_retry_after(mut self, secs: u32) -> Self {
        self.retry_after = Some(secs);
        self
    }

    /// 401 `unauthorized`.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new("unauthorized", detail)
    }

    /// 400 `invalid_request`.
    pub fn invalid_request(detail: impl Into<String>) -> Self {
        Self::new("invalid_request", detail)
    }

    /// 500 `internal_error`, for a JavaScript or runtime failure that is nobody's configuration.
    pub fn internal(detail: impl Into<String>) -> Self {
        Self::new("internal_error", detail)
    }

    /// 404 `not_found`.
    pub fn not_found() -> Self {
        Self::new("not_found", "No such route.")
    }

    /// 405 `method_not_allowed` with the allowed methods.
    pub fn method_not_allowed(allow: &'static str) -> Self {
        Self { allow: Some(allow), ..Self::new("method_not_allowed", format!("This route allows {allow}.")) }
    }

    /// The title of the code.
    pub fn title(&self) -> &'static str {
        CODES.iter().find(|c| c.0 == self.code).map_or("Internal error", |c| c.2)
    }

    /// The `application/problem+json` body.
    pub fn body(&self) -> String {
        let body = Body {
            kind: format!("urn:kravkit:problem:{}", self.code),
            title: self.title(),
            status: self.status,
            code: self.code,
            detail: &self.detail,
            korrelasjonsid: self.korrelasjonsid.as_deref(),
        };
        serde_json::to_string(&body).unwrap_or_default()
    }
}

/// Every code (for tests).
#[cfg(test)]
pub fn codes() -> impl Iterator<Item = (&'static str, u16)> {
    CODES.iter().map(|c| (c.0, c.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_have_their_status_and_unknown_ones_are_internal() {
        assert_eq!(Problem::new("consent_revoked", "x").status, 403);
        assert_eq!(Problem::new("upstream_unavailable", "x").status, 503);
        let p = Problem::new("no_such_code", "x");
        assert_eq!((p.code, p.status), ("internal_error", 500));
        assert!(codes().any(|(c, s)| c == "method_not_allowed" && s == 405));
    }

    #[test]
    fn body_is_problem_json_and_redacts_national_ids() {
        let p = Problem::new("party_not_found", "no party 04827896468").with_korrelasjonsid(Some("k-1"));
        let v: serde_json::Value = serde_json::from_str(&p.body()).unwrap();
        assert_eq!(v["type"], "urn:kravkit:problem:party_not_found");
        assert_eq!(v["status"], 404);
        assert_eq!(v["code"], "party_not_found");
        assert_eq!(v["korrelasjonsid"], "k-1");
        assert!(!v["detail"].as_str().unwrap().contains("04827896468"));
        let v: serde_json::Value = serde_json::from_str(&Problem::not_found().body()).unwrap();
        assert!(v.get("korrelasjonsid").is_none());
    }
}
