//! RFC 9457 problem responses with a stable `code` (the core's [`ProblemCode`]), and nothing else: no stack traces,
//! no upstream bodies, no secrets.

use kravkit::api::problem::ProblemBody;
pub use kravkit::api::problem::ProblemCode;

/// A problem to answer with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The stable code.
    pub code: ProblemCode,
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

impl Problem {
    /// A problem with its code's status.
    pub fn new(code: ProblemCode, detail: impl Into<String>) -> Self {
        Self {
            code,
            status: code.status(),
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
        Self::new(ProblemCode::Unauthorized, detail)
    }

    /// 400 `invalid_request`.
    pub fn invalid_request(detail: impl Into<String>) -> Self {
        Self::new(ProblemCode::InvalidRequest, detail)
    }

    /// 500 `internal_error`, for a JavaScript or runtime failure that is nobody's configuration.
    pub fn internal(detail: impl Into<String>) -> Self {
        Self::new(ProblemCode::InternalError, detail)
    }

    /// 404 `not_found`.
    pub fn not_found() -> Self {
        Self::new(ProblemCode::NotFound, "No such route.")
    }

    /// 405 `method_not_allowed` with the allowed methods.
    pub fn method_not_allowed(allow: &'static str) -> Self {
        Self { allow: Some(allow), ..Self::new(ProblemCode::MethodNotAllowed, format!("This route allows {allow}.")) }
    }

    /// The `application/problem+json` body.
    pub fn body(&self) -> String {
        let body = ProblemBody::new(self.code, self.detail.clone(), self.korrelasjonsid.clone());
        serde_json::to_string(&body).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_has_its_codes_status_and_title() {
        for &code in ProblemCode::ALL {
            let p = Problem::new(code, "x");
            let v: serde_json::Value = serde_json::from_str(&p.body()).unwrap();
            assert_eq!((p.status, v["title"].as_str()), (code.status(), Some(code.title())));
            assert_eq!(v["code"], code.as_str());
            assert_eq!(v["status"], code.status());
        }
    }

    #[test]
    fn body_is_problem_json_and_redacts_national_ids() {
        let p = Problem::new(ProblemCode::PartyNotFound, "no party 04827896468").with_korrelasjonsid(Some("k-1"));
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
