//! Event types, and the `latestchanges` feed of status changes across all our consent requests.

use serde::Deserialize;

use super::{body_error, check_status, ConsentRequestError, ConsentRequestId};
use crate::{
    altinn::Altinn3Environment,
    http::{form_encode, parse_query, HttpRequest, HttpResponse, Method},
    secret::AccessToken,
    UnixTime,
};

/// What happened to a consent request. Altinn spells these `Created` in request histories and `created` in the
/// feed; both parse.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ConsentEventType {
    /// The request was created.
    Created,
    /// The user accepted.
    Accepted,
    /// The user rejected.
    Rejected,
    /// The user withdrew the consent.
    Revoked,
    /// The request was deleted.
    Deleted,
    /// The consent ran out.
    Expired,
    /// A one-time consent was used.
    Used,
    /// A type this version does not know, lower-cased.
    Other(String),
}

impl ConsentEventType {
    /// Parses case-insensitively; unknown values become [`ConsentEventType::Other`].
    pub fn parse(s: &str) -> Self {
        match s.to_ascii_lowercase().as_str() {
            "created" => Self::Created,
            "accepted" => Self::Accepted,
            "rejected" => Self::Rejected,
            "revoked" => Self::Revoked,
            "deleted" => Self::Deleted,
            "expired" => Self::Expired,
            "used" => Self::Used,
            other => Self::Other(crate::redact::excerpt(other)),
        }
    }
}

/// One entry of the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConsentChange {
    /// The request that changed.
    pub consent_request_id: ConsentRequestId,
    /// What happened.
    pub event_type: ConsentEventType,
    /// When.
    pub changed: UnixTime,
}

/// One page of the feed, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LatestChanges {
    /// The changes on this page.
    pub changes: Vec<ConsentChange>,
    /// The `continuationToken` for the next page, taken from `links.next`; `None` on the last page.
    pub continuation: Option<String>,
}

/// `GET {platform}/accessmanagement/api/v1/enterprise/consentrequests/latestchanges[?continuationToken=...]` with a
/// Maskinporten token that has scope `altinn:consentrequests.read`. Pass `None` for the first page.
pub fn prepare_latest_changes(
    env: &Altinn3Environment,
    token: &AccessToken,
    continuation: Option<&str>,
) -> HttpRequest {
    let mut url = format!("{}/latestchanges", env.consent_requests_url());
    if let Some(c) = continuation {
        url.push_str(&format!("?continuationToken={}", form_encode(c)));
    }
    HttpRequest::new(Method::Get, url).bearer(token).header("Accept", "application/json")
}

#[derive(Deserialize)]
struct WirePage {
    #[serde(default)]
    data: Option<Vec<WireChange>>,
    #[serde(default)]
    links: Option<WireLinks>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireChange {
    consent_request_id: String,
    event_type: String,
    changed_date: String,
}

#[derive(Deserialize)]
struct WireLinks {
    next: Option<String>,
}

/// Parses a feed page (`{data: [{consentRequestId, eventType, changedDate}], links: {next}}`).
pub fn parse_latest_changes(response: &HttpResponse) -> Result<LatestChanges, ConsentRequestError> {
    check_status(response)?;
    let page: WirePage = serde_json::from_slice(&response.body).map_err(|e| body_error(&e))?;
    let invalid = |field, reason: String| ConsentRequestError::InvalidField { field, reason };
    let changes = page
        .data
        .unwrap_or_default()
        .into_iter()
        .map(|c| {
            Ok(ConsentChange {
                consent_request_id: ConsentRequestId::parse(&c.consent_request_id)
                    .map_err(|e| invalid("data.consentRequestId", e.to_string()))?,
                event_type: ConsentEventType::parse(&c.event_type),
                changed: UnixTime::parse_rfc3339(&c.changed_date)
                    .map_err(|e| invalid("data.changedDate", e.to_string()))?,
            })
        })
        .collect::<Result<_, ConsentRequestError>>()?;
    let continuation = match page.links.and_then(|l| l.next).filter(|n| !n.is_empty()) {
        None => None,
        Some(next) => {
            let query = next.split_once('?').map(|(_, q)| q).unwrap_or("");
            let pairs = parse_query(query).unwrap_or_default();
            let token = pairs.into_iter().find(|(k, _)| k.eq_ignore_ascii_case("continuationToken"));
            match token {
                Some((_, t)) if !t.is_empty() => Some(t),
                _ => return Err(invalid("links.next", "no continuationToken parameter".to_owned())),
            }
        }
    };
    Ok(LatestChanges { changes, continuation })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    const TOKEN: &str = "MjAyNS0wNS0wNFQxMDozMDowMCswMjowMHwzZmE4NWY2NC01NzE3LTQ1NjItYjNmYy0yYzk2M2Y2NmFmYTY=";

    #[test]
    fn feed_pages_and_continuation() {
        let body = format!(
            r#"{{"links":{{"next":"https://platform.tt02.altinn.no/accessmanagement/api/v1/enterprise/consentrequests/latestchanges?continuationToken={}"}},
               "data":[{{"consentRequestId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","eventType":"accepted","changedDate":"2025-05-04T10:30:00+02:00"}},
                       {{"consentRequestId":"77ed8698-e619-4066-9eb4-5c1eb3f165a1","eventType":"Revoked","changedDate":"2025-05-03T10:30:00Z","x":1}},
                       {{"consentRequestId":"77ed8698-e619-4066-9eb4-5c1eb3f165a1","eventType":"archived","changedDate":"2025-05-02T10:30:00Z"}}]}}"#,
            form_encode(TOKEN)
        );
        let page = parse_latest_changes(&HttpResponse::new(200, body)).unwrap();
        assert_eq!(page.continuation.as_deref(), Some(TOKEN));
        let kinds: Vec<_> = page.changes.iter().map(|c| c.event_type.clone()).collect();
        assert_eq!(
            kinds,
            [ConsentEventType::Accepted, ConsentEventType::Revoked, ConsentEventType::Other("archived".into())]
        );
        assert_eq!(page.changes[0].changed, UnixTime::parse_rfc3339("2025-05-04T08:30:00Z").unwrap());

        let next =
            prepare_latest_changes(&Altinn3Environment::tt02(), &AccessToken::new("t"), page.continuation.as_deref());
        assert_eq!(
            next.url,
            format!("https://platform.tt02.altinn.no/accessmanagement/api/v1/enterprise/consentrequests/latestchanges?continuationToken={}", form_encode(TOKEN))
        );
        assert!(next.url.ends_with("%3D"));
        let first = prepare_latest_changes(&Altinn3Environment::tt02(), &AccessToken::new("t"), None);
        assert!(first.url.ends_with("/consentrequests/latestchanges"));
        assert_eq!(first.header_value("Authorization"), Some("Bearer t"));
    }

    #[test]
    fn last_page_and_bad_pages() {
        for body in [
            r#"{"data":[],"links":{"next":null}}"#,
            r#"{"data":[]}"#,
            r#"{"links":{}}"#,
            r#"{"data":[],"links":{"next":""}}"#,
        ] {
            let page = parse_latest_changes(&HttpResponse::new(200, body)).unwrap();
            assert_eq!(page.continuation, None, "{body}");
            assert!(page.changes.is_empty());
        }
        let bad = |b: &str| parse_latest_changes(&HttpResponse::new(200, b.to_owned())).unwrap_err();
        assert!(matches!(
            bad(r#"{"links":{"next":"https://x/latestchanges"}}"#),
            ConsentRequestError::InvalidField { field: "links.next", .. }
        ));
        assert!(matches!(
            bad(r#"{"data":[{"consentRequestId":"x","eventType":"accepted","changedDate":"2025-05-04T10:30:00Z"}]}"#),
            ConsentRequestError::InvalidField { field: "data.consentRequestId", .. }
        ));
        assert!(matches!(bad(r#"{"data":{}}"#), ConsentRequestError::InvalidBody(_)));
        let forbidden =
            parse_latest_changes(&HttpResponse::new(403, r#"{"title":"Forbidden","status":403}"#)).unwrap_err();
        assert!(matches!(forbidden, ConsentRequestError::Problem { status: 403, .. }));
    }
}
