//! A consent request as Altinn returns it (on create and on GET), and the status it is in.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{body_error, check_status, ConsentEventType, ConsentRequestError, ConsentRequestId};
use crate::{http::HttpResponse, ids::PartIdentifikator, UnixTime};

/// A consent request as Altinn reports it. Unknown fields are ignored; optional ones may be missing.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConsentRequestDetails {
    /// The request's id.
    pub id: ConsentRequestId,
    /// Who is asked to consent.
    pub from: Option<PartIdentifikator>,
    /// Who receives the consent.
    pub to: Option<PartIdentifikator>,
    /// When the consent ends.
    pub valid_to: UnixTime,
    /// When it was accepted, if it was.
    pub consented: Option<UnixTime>,
    /// Where to send the user to accept (`viewUri`).
    pub view_uri: Option<String>,
    /// The status field, if Altinn sends one (`created`, `unopened`, `opened`, `accepted`, ...), lower-cased.
    pub status_field: Option<String>,
    /// The rights asked for.
    pub rights: Vec<ConsentRightDetails>,
    /// The request's history, as given.
    pub events: Vec<ConsentRequestEvent>,
}

/// A right as echoed by Altinn.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConsentRightDetails {
    /// The actions (`consent`).
    pub actions: Vec<String>,
    /// The resource ids.
    pub resources: Vec<String>,
    /// The metadata (from `metaData` or `metadata`).
    pub metadata: BTreeMap<String, String>,
}

/// One entry of `consentRequestEvents`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConsentRequestEvent {
    /// The event's id (`consentEventID`).
    pub event_id: Option<String>,
    /// What happened.
    pub event_type: ConsentEventType,
    /// When.
    pub created: Option<UnixTime>,
    /// Who did it, when it is an organisation or person URN.
    pub performed_by: Option<PartIdentifikator>,
    /// The request the event belongs to (`consentRequestID`).
    pub consent_request_id: Option<ConsentRequestId>,
}

/// Where a consent request stands, derived from its latest event and `validTo`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConsentStatus {
    /// Created, unopened or opened: the user has not answered yet.
    Pending,
    /// Accepted and within `validTo`: ask Maskinporten for a consent token.
    Granted {
        /// When the consent ends.
        valid_to: UnixTime,
        /// When it was accepted, if Altinn says.
        consented: Option<UnixTime>,
    },
    /// The user said no.
    Rejected,
    /// The user withdrew an accepted consent.
    Revoked,
    /// The request was deleted.
    Deleted,
    /// `validTo` has passed (or Altinn says it expired): ask for a new consent.
    Expired {
        /// When it ended.
        valid_to: UnixTime,
    },
    /// A one-time consent that has been used.
    Used,
}

impl ConsentRequestDetails {
    /// The latest event with a known type (by `created`, ties broken by list order).
    pub fn latest_event(&self) -> Option<&ConsentRequestEvent> {
        self.events
            .iter()
            .enumerate()
            .filter(|(_, e)| !matches!(e.event_type, ConsentEventType::Other(_)))
            .max_by_key(|(i, e)| (e.created, *i))
            .map(|(_, e)| e)
    }

    /// The status at `now`: from the latest known event, else from the status field, else pending; a pending or
    /// granted request whose `validTo` is before `now` counts as expired.
    pub fn status(&self, now: UnixTime) -> ConsentStatus {
        use ConsentEventType as E;
        let kind = match self.latest_event() {
            Some(e) => e.event_type.clone(),
            None => match self.status_field.as_deref() {
                Some("unopened" | "opened") | None => E::Created,
                Some(s) => ConsentEventType::parse(s),
            },
        };
        let valid_to = self.valid_to;
        let status = match kind {
            E::Accepted => ConsentStatus::Granted { valid_to, consented: self.consented },
            E::Rejected => ConsentStatus::Rejected,
            E::Revoked => ConsentStatus::Revoked,
            E::Deleted => ConsentStatus::Deleted,
            E::Expired => ConsentStatus::Expired { valid_to },
            E::Used => ConsentStatus::Used,
            E::Created | E::Other(_) => ConsentStatus::Pending,
        };
        match status {
            ConsentStatus::Pending | ConsentStatus::Granted { .. } if valid_to < now => {
                ConsentStatus::Expired { valid_to }
            }
            s => s,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireDetails {
    id: String,
    from: Option<String>,
    to: Option<String>,
    valid_to: String,
    consented: Option<String>,
    view_uri: Option<String>,
    // A repeated create (200) is answered with Altinn's stored model, which names the field `consentRequestStatus`
    // where the external shape (201, GET) says `status`. Source: Altinn/altinn-authorization-tmp
    // `src/apps/Altinn.AccessManagement/src/Altinn.AccessManagement.Core/Models/Consent/ConsentRequestDetails.cs` and
    // `ConsentController.cs` (`return Ok(consentRequestStatus.Value.ConsentRequest)`).
    #[serde(alias = "consentRequestStatus")]
    status: Option<String>,
    #[serde(default)]
    consent_rights: Option<Vec<WireRight>>,
    #[serde(default)]
    consent_request_events: Option<Vec<WireEvent>>,
}

#[derive(Deserialize)]
struct WireRight {
    #[serde(default)]
    action: Option<Vec<String>>,
    #[serde(default)]
    resource: Option<Vec<WireResource>>,
    // Altinn's contract class names it `Metadata` (serialised `metadata`, the 2025 examples) while clients and later
    // examples write `metaData` (Jan 2026); ASP.NET matches either, so both are read here. Source:
    // Altinn/altinn-authorization-tmp `src/libs/Altinn.Authorization.Api.Contracts/.../Consent/ConsentRightDto.cs`.
    #[serde(default, rename = "metaData", alias = "metadata")]
    metadata: Option<BTreeMap<String, String>>,
}

#[derive(Deserialize)]
struct WireResource {
    value: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireEvent {
    #[serde(rename = "consentEventID", alias = "consentEventId")]
    consent_event_id: Option<String>,
    created: Option<String>,
    performed_by: Option<String>,
    event_type: String,
    #[serde(rename = "consentRequestID", alias = "consentRequestId")]
    consent_request_id: Option<String>,
}

fn time(field: &'static str, s: &str) -> Result<UnixTime, ConsentRequestError> {
    UnixTime::parse_rfc3339(s).map_err(|e| ConsentRequestError::InvalidField { field, reason: e.to_string() })
}

fn party(field: &'static str, urn: Option<String>) -> Result<Option<PartIdentifikator>, ConsentRequestError> {
    urn.map(|u| PartIdentifikator::from_altinn_urn(&u))
        .transpose()
        .map_err(|e| ConsentRequestError::InvalidField { field, reason: e.to_string() })
}

/// Parses the body of a create (201/200) or get (200) response; errors become [`ConsentRequestError`].
pub fn parse_consent_request_response(response: &HttpResponse) -> Result<ConsentRequestDetails, ConsentRequestError> {
    check_status(response)?;
    let w: WireDetails = serde_json::from_slice(&response.body).map_err(|e| body_error(&e))?;
    let id = ConsentRequestId::parse(&w.id)
        .map_err(|e| ConsentRequestError::InvalidField { field: "id", reason: e.to_string() })?;
    let events = w
        .consent_request_events
        .unwrap_or_default()
        .into_iter()
        .map(|e| {
            Ok(ConsentRequestEvent {
                event_id: e.consent_event_id,
                event_type: ConsentEventType::parse(&e.event_type),
                created: e.created.map(|c| time("consentRequestEvents.created", &c)).transpose()?,
                // Display only: other URN kinds (party uuids, system users) are dropped rather than refused.
                performed_by: e.performed_by.and_then(|p| PartIdentifikator::from_altinn_urn(&p).ok()),
                consent_request_id: e.consent_request_id.map(|i| ConsentRequestId::parse(&i)).transpose().map_err(
                    |e| ConsentRequestError::InvalidField {
                        field: "consentRequestEvents.consentRequestID",
                        reason: e.to_string(),
                    },
                )?,
            })
        })
        .collect::<Result<_, ConsentRequestError>>()?;
    Ok(ConsentRequestDetails {
        id,
        from: party("from", w.from)?,
        to: party("to", w.to)?,
        valid_to: time("validTo", &w.valid_to)?,
        consented: w.consented.map(|c| time("consented", &c)).transpose()?,
        view_uri: w.view_uri,
        status_field: w.status.map(|s| s.to_ascii_lowercase()),
        rights: w
            .consent_rights
            .unwrap_or_default()
            .into_iter()
            .map(|r| ConsentRightDetails {
                actions: r.action.unwrap_or_default(),
                resources: r.resource.unwrap_or_default().into_iter().map(|r| r.value).collect(),
                metadata: r.metadata.unwrap_or_default(),
            })
            .collect(),
        events,
    })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn details(events: &str, status: &str) -> ConsentRequestDetails {
        let body = format!(
            r#"{{"id":"77ed8698-e619-4066-9eb4-5c1eb3f165a1","validTo":"2026-07-18T06:18:12+00:00",
                "consented":"2026-01-02T00:00:00Z",{status}"consentRequestEvents":[{events}]}}"#
        );
        parse_consent_request_response(&HttpResponse::new(200, body)).unwrap()
    }

    fn ev(kind: &str, at: &str) -> String {
        format!(r#"{{"eventType":"{kind}","created":"{at}"}}"#)
    }

    #[test]
    fn status_follows_the_latest_event() {
        let before = UnixTime::parse_rfc3339("2026-02-01T00:00:00Z").unwrap();
        let after = UnixTime::parse_rfc3339("2026-08-01T00:00:00Z").unwrap();
        let valid_to = UnixTime::parse_rfc3339("2026-07-18T06:18:12Z").unwrap();
        let consented = UnixTime::parse_rfc3339("2026-01-02T00:00:00Z").ok();
        let created = ev("Created", "2026-01-01T00:00:00Z");
        let accepted = ev("Accepted", "2026-01-02T00:00:00Z");
        let revoked = ev("revoked", "2026-01-03T00:00:00Z");
        assert_eq!(details(&created, "").status(before), ConsentStatus::Pending);
        assert_eq!(details(&created, "").status(after), ConsentStatus::Expired { valid_to });
        let granted = ConsentStatus::Granted { valid_to, consented };
        assert_eq!(details(&format!("{created},{accepted}"), "").status(before), granted);
        assert_eq!(details(&format!("{created},{accepted}"), "").status(after), ConsentStatus::Expired { valid_to });
        // Order in the list does not matter; time does.
        assert_eq!(details(&format!("{revoked},{accepted},{created}"), "").status(before), ConsentStatus::Revoked);
        assert_eq!(
            details(&format!("{created},{}", ev("Rejected", "2026-01-02T00:00:00Z")), "").status(after),
            ConsentStatus::Rejected
        );
        assert_eq!(
            details(&format!("{accepted},{}", ev("Used", "2026-01-04T00:00:00Z")), "").status(before),
            ConsentStatus::Used
        );
        assert_eq!(
            details(&format!("{accepted},{}", ev("Deleted", "2026-01-04T00:00:00Z")), "").status(before),
            ConsentStatus::Deleted
        );
        assert_eq!(
            details(&format!("{accepted},{}", ev("Expired", "2026-01-04T00:00:00Z")), "").status(before),
            ConsentStatus::Expired { valid_to }
        );
        // Unknown event types are skipped.
        assert_eq!(
            details(&format!("{accepted},{}", ev("Archived", "2026-01-05T00:00:00Z")), "").status(before),
            granted
        );
    }

    #[test]
    fn status_field_when_there_are_no_events() {
        let before = UnixTime::parse_rfc3339("2026-02-01T00:00:00Z").unwrap();
        for (field, pending) in [("Unopened", true), ("opened", true), ("Created", true), ("Accepted", false)] {
            let d = details("", &format!(r#""status":"{field}","#));
            assert_eq!(d.status(before) == ConsentStatus::Pending, pending, "{field}");
        }
        assert_eq!(details("", r#""status":"Rejected","#).status(before), ConsentStatus::Rejected);
    }

    #[test]
    fn metadata_is_read_under_either_spelling() {
        for key in ["metaData", "metadata"] {
            let body = format!(
                r#"{{"id":"77ed8698-e619-4066-9eb4-5c1eb3f165a1","validTo":"2026-07-18T06:18:12Z",
                    "consentRights":[{{"action":["consent"],"resource":[{{"type":"urn:altinn:resource","value":"ske-samtykke-krav-og-betalinger"}}],
                    "{key}":{{"fraogmed":"2025-01"}}}}]}}"#
            );
            let d = parse_consent_request_response(&HttpResponse::new(201, body)).unwrap();
            assert_eq!(d.rights[0].metadata.get("fraogmed").map(String::as_str), Some("2025-01"), "{key}");
            assert_eq!(d.rights[0].resources, ["ske-samtykke-krav-og-betalinger"]);
        }
    }

    #[test]
    fn a_repeated_create_answers_with_the_stored_request() {
        // 200 for an id posted before: Altinn's stored model, with `consentRequestStatus` and template fields.
        let body = r#"{"id":"77ed8698-e619-4066-9eb4-5c1eb3f165a1","from":"urn:altinn:organization:identifier-no:313506673",
            "to":"urn:altinn:organization:identifier-no:991825827","handledBy":null,"validTo":"2026-07-18T06:18:12+00:00",
            "consentRights":[{"action":["consent"],"resource":[{"type":"urn:altinn:resource","value":"ske-samtykke-krav-og-betalinger"}],"metadata":null}],
            "consentRequestStatus":"Accepted","consented":"2026-01-02T00:00:00+00:00","consentRequestEvents":[],
            "redirectUrl":"https://example.com/","viewUri":"https://am.ui.tt02.altinn.no/accessmanagement/ui/consent/request?id=77ed8698-e619-4066-9eb4-5c1eb3f165a1",
            "templateId":"default","templateVersion":1,"portalViewMode":"Hide"}"#;
        let d = parse_consent_request_response(&HttpResponse::new(200, body)).unwrap();
        assert_eq!(d.status_field.as_deref(), Some("accepted"));
        let before = UnixTime::parse_rfc3339("2026-02-01T00:00:00Z").unwrap();
        assert!(matches!(d.status(before), ConsentStatus::Granted { .. }));
        assert!(d.rights[0].metadata.is_empty());
        assert!(d.view_uri.is_some());
    }

    #[test]
    fn bad_fields_are_typed_errors() {
        let bad = |body: &str| parse_consent_request_response(&HttpResponse::new(201, body.to_owned())).unwrap_err();
        let urn = bad(
            r#"{"id":"77ed8698-e619-4066-9eb4-5c1eb3f165a1","validTo":"2026-07-18T06:18:12Z","from":"urn:altinn:person:identifier-no:02925796976"}"#,
        );
        assert!(matches!(urn, ConsentRequestError::InvalidField { field: "from", .. }), "{urn:?}");
        assert!(!urn.to_string().contains("0292579"), "{urn}");
        let urn = bad(
            r#"{"id":"77ed8698-e619-4066-9eb4-5c1eb3f165a1","validTo":"2026-07-18T06:18:12Z","to":"urn:altinn:org:991825827"}"#,
        );
        assert!(matches!(urn, ConsentRequestError::InvalidField { field: "to", .. }), "{urn:?}");
        assert!(matches!(
            bad(r#"{"id":"nope","validTo":"2026-07-18T06:18:12Z"}"#),
            ConsentRequestError::InvalidField { field: "id", .. }
        ));
        assert!(matches!(
            bad(r#"{"id":"77ed8698-e619-4066-9eb4-5c1eb3f165a1","validTo":"tomorrow"}"#),
            ConsentRequestError::InvalidField { field: "validTo", .. }
        ));
        assert!(matches!(bad(r#"{"id":"77ed8698-e619-4066-9eb4-5c1eb3f165a1"}"#), ConsentRequestError::InvalidBody(_)));
        assert!(matches!(bad("<html/>"), ConsentRequestError::InvalidBody(_)));
    }
}
