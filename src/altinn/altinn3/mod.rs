//! Altinn 3 consent: create a consent request, send the user to its `viewUri`, parse the redirect, and follow the
//! request's status. The consent itself is used through a Maskinporten token with `authorization_details`
//! (`urn:altinn:consent`, the request's `id` and `from`), so there is no token exchange here.
//!
//! Endpoints, all under `{platform}/accessmanagement/api/v1/enterprise/consentrequests`:
//!
//! | step | request | parse |
//! |---|---|---|
//! | create (scope `altinn:consentrequests.write`) | [`prepare_create_consent_request`] | [`parse_consent_request_response`] |
//! | status (scope `altinn:consentrequests.read`) | [`prepare_get_consent_request`] | [`parse_consent_request_response`], then [`ConsentRequestDetails::status`] |
//! | event feed (scope `altinn:consentrequests.read`) | [`prepare_consent_events`] with an [`EventsQuery`] | [`parse_consent_events`] |
//! | redirect back | | [`parse_callback`] |

mod callback;
mod events;
mod request;
mod status;

use serde::Deserialize;

pub use callback::{parse_callback, Altinn3Callback, Altinn3Outcome};
pub use events::{
    parse_consent_events, prepare_consent_events, ConsentChange, ConsentEventPage, ConsentEventType, EventsQuery,
    EVENTS_DELAY_SECS, EVENTS_PAGE_SIZE,
};
pub use request::{
    prepare_create_consent_request, prepare_get_consent_request, ConsentRequest, ConsentRight, RequestMessage,
    DEFAULT_RESOURCE, DEFAULT_VALIDITY_SECS,
};
pub use status::{
    parse_consent_request_response, ConsentRequestDetails, ConsentRequestEvent, ConsentRightDetails, ConsentStatus,
};

/// The consent request id lives with the other identifiers; it is named here too, where the requests use it.
pub use crate::ids::{ConsentRequestId, InvalidUuid};
use crate::{http::HttpResponse, redact::excerpt};

/// An RFC 7807 problem body, as Altinn 3 sends with 4xx/5xx. Free text is scrubbed of national ids and tokens.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ProblemDetails {
    /// A URI naming the problem type.
    #[serde(rename = "type")]
    pub problem_type: Option<String>,
    /// A short summary.
    pub title: Option<String>,
    /// The HTTP status Altinn reports in the body.
    pub status: Option<u16>,
    /// An explanation of this occurrence.
    pub detail: Option<String>,
    /// Altinn's error code, e.g. `AM-00001`.
    pub code: Option<String>,
    /// Altinn's trace id, for support requests.
    pub trace_id: Option<String>,
    /// Field-level validation errors (`validationErrors[]`), as `code: title (paths)` lines.
    #[serde(deserialize_with = "validation_lines")]
    pub validation_errors: Vec<String>,
}

fn validation_lines<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Item {
        code: Option<String>,
        title: Option<String>,
        detail: Option<String>,
        paths: Vec<String>,
    }
    let items = Option::<Vec<Item>>::deserialize(d)?.unwrap_or_default();
    Ok(items
        .into_iter()
        .map(|i| {
            let text = [i.code, i.title.or(i.detail)].into_iter().flatten().collect::<Vec<_>>().join(": ");
            let line = if i.paths.is_empty() { text } else { format!("{text} ({})", i.paths.join(", ")) };
            excerpt(&line)
        })
        .collect())
}

impl ProblemDetails {
    fn scrubbed(mut self) -> Self {
        for field in [&mut self.title, &mut self.detail, &mut self.code, &mut self.problem_type] {
            *field = field.as_deref().map(excerpt);
        }
        self
    }

    fn summary(&self) -> String {
        let parts: Vec<&str> =
            [&self.code, &self.title, &self.detail].into_iter().filter_map(|p| p.as_deref()).collect();
        let mut s = if parts.is_empty() { "no details".to_owned() } else { parts.join(": ") };
        if !self.validation_errors.is_empty() {
            s.push_str(&format!(" [{}]", self.validation_errors.join("; ")));
        }
        s
    }
}

/// An Altinn 3 consent-request API response that is an error or cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConsentRequestError {
    /// Altinn refused the call and explained why in a problem body.
    #[error("altinn refused the consent request call (http {status}): {}", problem.summary())]
    Problem {
        /// The HTTP status.
        status: u16,
        /// The problem body.
        problem: Box<ProblemDetails>,
    },
    /// A non-success status without a problem body (401 usually means a missing scope or expired token).
    #[error("altinn answered http {status} without problem details; check the maskinporten token and its scope")]
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
    },
    /// A success status whose body is not the JSON we expect.
    #[error("altinn's consent request response is not valid json of the expected shape: {0}")]
    InvalidBody(String),
    /// A field that is present but unusable (a bad URN, UUID or timestamp).
    #[error("altinn's consent request response has an invalid {field}: {reason}")]
    InvalidField {
        /// The JSON field.
        field: &'static str,
        /// Why, with personal data redacted.
        reason: String,
    },
}

/// Turns a non-2xx response into the typed error; `Ok(())` for 2xx.
fn check_status(response: &HttpResponse) -> Result<(), ConsentRequestError> {
    if response.is_success() {
        return Ok(());
    }
    let status = response.status;
    match serde_json::from_slice::<ProblemDetails>(&response.body) {
        Ok(p) if p.title.is_some() || p.detail.is_some() || p.code.is_some() => {
            Err(ConsentRequestError::Problem { status, problem: Box::new(p.scrubbed()) })
        }
        _ => Err(ConsentRequestError::UnexpectedStatus { status }),
    }
}

/// A serde error as text safe to show: serde_json echoes at most a short token of the input, but scrub anyway.
fn body_error(e: &serde_json::Error) -> ConsentRequestError {
    ConsentRequestError::InvalidBody(excerpt(&e.to_string()))
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn problem_details_become_typed_errors() {
        let body = r#"{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Invalid party URN.",
            "status":400,"detail":"from urn:altinn:person:identifier-no:02925796975 is unknown","code":"AM-00001",
            "traceId":"00-abc","validationErrors":[{"code":"AM-00001","title":"Invalid party URN.","paths":["/from"]}],
            "extra":true}"#;
        let err = check_status(&HttpResponse::new(400, body)).unwrap_err();
        let ConsentRequestError::Problem { status: 400, ref problem } = err else { panic!("{err:?}") };
        assert_eq!(problem.code.as_deref(), Some("AM-00001"));
        assert_eq!(problem.trace_id.as_deref(), Some("00-abc"));
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("0292579"), "{shown}");
        assert!(shown.contains("altinn refused the consent request call (http 400): AM-00001: Invalid party URN."));
        assert!(shown.contains("(/from)"), "{shown}");
    }

    #[test]
    fn other_failures() {
        assert_eq!(
            check_status(&HttpResponse::new(401, "")),
            Err(ConsentRequestError::UnexpectedStatus { status: 401 })
        );
        assert_eq!(
            check_status(&HttpResponse::new(502, "<html>bad gateway</html>")),
            Err(ConsentRequestError::UnexpectedStatus { status: 502 })
        );
        assert_eq!(check_status(&HttpResponse::new(201, "")), Ok(()));
    }
}
