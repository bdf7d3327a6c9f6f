//! Event types, and the `events` feed of status changes across all our consent requests.
//!
//! Source: Altinn/altinn-authorization-tmp
//! `src/apps/Altinn.AccessManagement/src/Altinn.AccessManagement.Api.Enterprise/Controllers/ConsentController.cs`
//! (`GetConsentEvents`, commit 9158a1ca "Change the latestchanges api to events api and add filters, list oldest
//! first", May 2026) and altinn-studio-docs `content/authorization/guides/system-vendor/consent/events/`
//! (<https://docs.altinn.studio/en/authorization/guides/system-vendor/consent/events/>). `GET
//! …/consentrequests/events` replaces `…/latestchanges`: oldest first (by event id, a UUIDv7), 100 a page, only events
//! created more than five minutes ago, a `links.next` whenever a page is full (so the page after it may be empty),
//! and the filters are kept in that link.

use serde::Deserialize;

use super::{body_error, check_status, ConsentRequestError, ConsentRequestId};
use crate::{
    altinn::Altinn3Environment,
    http::{form_encode, parse_query, HttpRequest, HttpResponse, Method},
    secret::AccessToken,
    UnixTime,
};

/// Altinn shows an event in the feed only once it is this many seconds old ("to ensure consistency"); a poller that
/// wants every event up to a time should ask with `createdBefore` at least this far in the past.
pub const EVENTS_DELAY_SECS: i64 = 5 * 60;

/// Altinn's page size for the feed (`EventsPageSize`, 100 per its docs). Parsing does not depend on it.
pub const EVENTS_PAGE_SIZE: usize = 100;

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

    /// The lower-case name, as the feed writes it and the `eventType` filter takes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Created => "created",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::Revoked => "revoked",
            Self::Deleted => "deleted",
            Self::Expired => "expired",
            Self::Used => "used",
            Self::Other(s) => s,
        }
    }

    /// Whether Altinn takes this type as an `eventType` filter: its controller accepts `rejected`, `accepted`,
    /// `revoked`, `deleted` and `used` and answers 400 for anything else (`created` and `expired` included).
    pub fn is_filterable(&self) -> bool {
        matches!(self, Self::Accepted | Self::Rejected | Self::Revoked | Self::Deleted | Self::Used)
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

/// One page of the feed, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConsentEventPage {
    /// The changes on this page.
    pub changes: Vec<ConsentChange>,
    /// The `continuationToken` for the next page, taken from `links.next`; `None` on the last page. Altinn sends a
    /// next link whenever a page is full, so the page it leads to may be empty.
    pub continuation: Option<String>,
}

/// The filters and cursor of one `events` request; all optional. Altinn keeps the filters in its `links.next`, and
/// [`EventsQuery::next`] keeps them here, so paging with either gives the same pages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EventsQuery {
    /// `continuationToken`: opaque (Altinn's is base64 of the last event's UUIDv7); `None` for the first page.
    pub continuation: Option<String>,
    /// `createdAfter`: events created at or after this time.
    pub created_after: Option<UnixTime>,
    /// `createdBefore`: events created before this time. Altinn answers 400 unless `createdAfter < createdBefore`.
    pub created_before: Option<UnixTime>,
    /// `eventType`, repeated: only these types (see [`ConsentEventType::is_filterable`]). Empty: every type.
    pub event_types: Vec<ConsentEventType>,
    /// `consentRequestId`: only this request's events.
    pub consent_request_id: Option<ConsentRequestId>,
}

impl EventsQuery {
    /// The first page, unfiltered.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only events created at or after `t`.
    #[must_use]
    pub fn created_after(mut self, t: UnixTime) -> Self {
        self.created_after = Some(t);
        self
    }

    /// Only events created before `t`.
    #[must_use]
    pub fn created_before(mut self, t: UnixTime) -> Self {
        self.created_before = Some(t);
        self
    }

    /// Adds an event type to the filter.
    #[must_use]
    pub fn event_type(mut self, kind: ConsentEventType) -> Self {
        self.event_types.push(kind);
        self
    }

    /// Only the events of one request.
    #[must_use]
    pub fn consent_request(mut self, id: ConsentRequestId) -> Self {
        self.consent_request_id = Some(id);
        self
    }

    /// The same filters from `continuation` on.
    #[must_use]
    pub fn continue_from(mut self, continuation: impl Into<String>) -> Self {
        self.continuation = Some(continuation.into());
        self
    }

    /// The query for the page after `page`, or `None` when `page` was the last (no next link, or nothing on it).
    pub fn next(&self, page: &ConsentEventPage) -> Option<Self> {
        let token = page.continuation.as_ref().filter(|_| !page.changes.is_empty())?;
        Some(self.clone().continue_from(token.clone()))
    }

    /// The query string, without `?`; empty when nothing is set.
    fn query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(c) = &self.continuation {
            pairs.push(("continuationToken", c.clone()));
        }
        if let Some(t) = self.created_after {
            pairs.push(("createdAfter", t.to_rfc3339()));
        }
        if let Some(t) = self.created_before {
            pairs.push(("createdBefore", t.to_rfc3339()));
        }
        for kind in &self.event_types {
            pairs.push(("eventType", kind.as_str().to_owned()));
        }
        if let Some(id) = &self.consent_request_id {
            pairs.push(("consentRequestId", id.to_string()));
        }
        pairs.iter().map(|(k, v)| format!("{k}={}", form_encode(v))).collect::<Vec<_>>().join("&")
    }
}

/// `GET {platform}/accessmanagement/api/v1/enterprise/consentrequests/events[?…]` with a Maskinporten token that has
/// scope `altinn:consentrequests.read`. Use [`EventsQuery::new`] for the first page and [`EventsQuery::next`] after.
pub fn prepare_consent_events(env: &Altinn3Environment, token: &AccessToken, query: &EventsQuery) -> HttpRequest {
    let mut url = format!("{}/events", env.consent_requests_url());
    let q = query.query();
    if !q.is_empty() {
        url.push('?');
        url.push_str(&q);
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

/// Parses a feed page (`{links: {next}, data: [{consentRequestId, eventType, changedDate}]}`).
pub fn parse_consent_events(response: &HttpResponse) -> Result<ConsentEventPage, ConsentRequestError> {
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
    Ok(ConsentEventPage { changes, continuation })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    // The continuation token and the page are the examples of altinn-studio-docs' consent `events` page.
    const TOKEN: &str = "MjAyNS0wNS0wNFQxMDozMDowMCswMjowMHwzZmE4NWY2NC01NzE3LTQ1NjItYjNmYy0yYzk2M2Y2NmFmYTY=";
    const BASE: &str = "https://platform.tt02.altinn.no/accessmanagement/api/v1/enterprise/consentrequests/events";

    #[test]
    fn the_documented_page_parses_and_pages_on() {
        let body = format!(
            r#"{{"links":{{"next":"https://platform.tt02.altinn.no/accessmanagement/api/v1/enterprise/consentrequests/events?continuationToken={}&eventType=accepted"}},
               "data":[{{"consentRequestId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","eventType":"accepted","changedDate":"2025-05-04T10:30:00+02:00"}},
                       {{"consentRequestId":"77ed8698-e619-4066-9eb4-5c1eb3f165a1","eventType":"Revoked","changedDate":"2025-05-05T10:30:00Z","x":1}},
                       {{"consentRequestId":"77ed8698-e619-4066-9eb4-5c1eb3f165a1","eventType":"archived","changedDate":"2025-05-06T10:30:00Z"}}]}}"#,
            form_encode(TOKEN)
        );
        let page = parse_consent_events(&HttpResponse::new(200, body)).unwrap();
        assert_eq!(page.continuation.as_deref(), Some(TOKEN));
        let kinds: Vec<_> = page.changes.iter().map(|c| c.event_type.clone()).collect();
        assert_eq!(
            kinds,
            [ConsentEventType::Accepted, ConsentEventType::Revoked, ConsentEventType::Other("archived".into())]
        );
        assert_eq!(page.changes[0].changed, UnixTime::parse_rfc3339("2025-05-04T08:30:00Z").unwrap());

        let token = AccessToken::new("t");
        let first = EventsQuery::new().event_type(ConsentEventType::Accepted);
        let next = first.next(&page).expect("a next page");
        let req = prepare_consent_events(&Altinn3Environment::tt02(), &token, &next);
        assert_eq!(req.url, format!("{BASE}?continuationToken={}&eventType=accepted", form_encode(TOKEN)));
        assert!(req.url.contains("%3D"), "the token's '=' is encoded");
        assert_eq!(req.method, Method::Get);
        assert_eq!(req.header_value("Authorization"), Some("Bearer t"));
        assert_eq!(req.header_value("Accept"), Some("application/json"));
        let plain = prepare_consent_events(&Altinn3Environment::tt02(), &token, &EventsQuery::new());
        assert_eq!(plain.url, BASE);
    }

    #[test]
    fn every_filter_goes_into_the_query() {
        let id = ConsentRequestId::parse("019743e8-cb17-7f9f-b690-fb1338003c23").unwrap();
        let q = EventsQuery::new()
            .created_after(UnixTime::parse_rfc3339("2026-01-01T00:00:00Z").unwrap())
            .created_before(UnixTime::parse_rfc3339("2026-02-01T12:00:00+01:00").unwrap())
            .event_type(ConsentEventType::Accepted)
            .event_type(ConsentEventType::Revoked)
            .consent_request(id);
        let req = prepare_consent_events(&Altinn3Environment::production(), &AccessToken::new("t"), &q);
        let (base, query) = req.url.split_once('?').unwrap();
        assert_eq!(base, "https://platform.altinn.no/accessmanagement/api/v1/enterprise/consentrequests/events");
        let pairs = parse_query(query).unwrap();
        let want = [
            ("createdAfter", "2026-01-01T00:00:00Z"),
            ("createdBefore", "2026-02-01T11:00:00Z"),
            ("eventType", "accepted"),
            ("eventType", "revoked"),
            ("consentRequestId", "019743e8-cb17-7f9f-b690-fb1338003c23"),
        ];
        assert_eq!(pairs, want.map(|(k, v)| (k.to_owned(), v.to_owned())));
        assert!(ConsentEventType::Used.is_filterable() && !ConsentEventType::Created.is_filterable());
        assert!(!ConsentEventType::Expired.is_filterable());
    }

    #[test]
    fn last_page_and_bad_pages() {
        for body in [
            r#"{"data":[],"links":{"next":null}}"#,
            r#"{"data":[]}"#,
            r#"{"links":{}}"#,
            r#"{"data":[],"links":{"next":""}}"#,
        ] {
            let page = parse_consent_events(&HttpResponse::new(200, body)).unwrap();
            assert_eq!(page.continuation, None, "{body}");
            assert!(page.changes.is_empty());
            assert_eq!(EventsQuery::new().next(&page), None);
        }
        // A full page has a next link even when nothing follows; the empty page after it ends the walk.
        let empty_with_next =
            format!(r#"{{"data":[],"links":{{"next":"{BASE}?continuationToken={}"}}}}"#, form_encode(TOKEN));
        let page = parse_consent_events(&HttpResponse::new(200, empty_with_next)).unwrap();
        assert_eq!(page.continuation.as_deref(), Some(TOKEN));
        assert_eq!(EventsQuery::new().next(&page), None);

        let bad = |b: &str| parse_consent_events(&HttpResponse::new(200, b.to_owned())).unwrap_err();
        assert!(matches!(
            bad(r#"{"links":{"next":"https://x/events"}}"#),
            ConsentRequestError::InvalidField { field: "links.next", .. }
        ));
        assert!(matches!(
            bad(r#"{"data":[{"consentRequestId":"x","eventType":"accepted","changedDate":"2025-05-04T10:30:00Z"}]}"#),
            ConsentRequestError::InvalidField { field: "data.consentRequestId", .. }
        ));
        assert!(matches!(bad(r#"{"data":{}}"#), ConsentRequestError::InvalidBody(_)));
        let invalid = r#"{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,"code":"STD-00000","validationErrors":[{"code":"AM.VLD-00052","title":"One or more event types are invalid.","paths":["$QUERY/eventType"]}]}"#;
        let e = parse_consent_events(&HttpResponse::new(400, invalid)).unwrap_err();
        assert!(matches!(e, ConsentRequestError::Problem { status: 400, .. }), "{e:?}");
        assert!(e.to_string().contains("$QUERY/eventType"), "{e}");
        let forbidden =
            parse_consent_events(&HttpResponse::new(403, r#"{"title":"Forbidden","status":403}"#)).unwrap_err();
        assert!(matches!(forbidden, ConsentRequestError::Problem { status: 403, .. }));
    }
}
