//! Altinn 2 consent requests as stored, and their JSON form (PascalCase, HAL links).

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use crate::{clock::rfc3339, state::Inner};

/// Where a request stands (expiry is `valid_to` in the past).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status2 {
    /// Waiting for the user.
    Created,
    /// Approved.
    Accepted,
    /// Rejected.
    Rejected,
    /// Approved, then withdrawn.
    Revoked,
}

impl Status2 {
    /// Name as shown in `ConsentStatus`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Created => "Created",
            Self::Accepted => "Accepted",
            Self::Rejected => "Rejected",
            Self::Revoked => "Revoked",
        }
    }
}

/// A stored pre-registered consent request.
#[derive(Debug, Clone)]
pub struct Consent2 {
    /// `AuthorizationCode` (a GUID).
    pub code: String,
    /// The consumer org.
    pub covered_by: String,
    /// The consenting party (orgnr or fnr).
    pub offered_by: String,
    /// `OfferedByName`.
    pub offered_by_name: String,
    /// The vendor org, if any.
    pub handled_by: Option<String>,
    /// When the consent ends.
    pub valid_to: DateTime<Utc>,
    /// Where the page sends the user back.
    pub redirect_url: String,
    /// `PortalViewMode`.
    pub portal_view_mode: Option<String>,
    /// `RequestResources`, normalised (`ServiceCode` string, `ServiceEditionCode` number, `Metadata`).
    pub resources: Vec<Value>,
    /// The API key that created it.
    pub api_key: String,
    /// Status.
    pub status: Status2,
    /// When it was approved.
    pub delegated: Option<DateTime<Utc>>,
}

impl Consent2 {
    /// The JSON for create and GET: the echo, `AuthorizationCode`, `ConsentStatus` and `_links`.
    pub fn to_json(&self, self_href: &str, gui_href: &str, now: DateTime<Utc>) -> Value {
        let status =
            if self.status == Status2::Accepted && self.valid_to <= now { "Expired" } else { self.status.name() };
        json!({
            "AuthorizationCode": self.code,
            "CoveredBy": self.covered_by,
            "OfferedBy": self.offered_by,
            "OfferedByName": self.offered_by_name,
            "HandledBy": self.handled_by,
            "ValidTo": rfc3339(self.valid_to),
            "RedirectUrl": self.redirect_url,
            "PortalViewMode": self.portal_view_mode,
            "RequestResources": self.resources,
            "ConsentStatus": status,
            "_links": {"self": {"href": self_href}, "gui": {"href": gui_href}},
        })
    }
}

/// A change through `/config` or the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change2 {
    /// The user approves.
    Approve,
    /// The user rejects.
    Reject,
    /// The user withdraws an accepted consent.
    Revoke,
    /// `ValidTo` moves to the past.
    Expire,
}

/// Applies a change to request `code`.
pub fn apply(inner: &mut Inner, code: &str, change: Change2, now: DateTime<Utc>) -> Result<(), String> {
    let c = inner.consents2.get_mut(code).ok_or_else(|| format!("no Altinn 2 consent request {code}"))?;
    match change {
        Change2::Approve | Change2::Reject if c.status != Status2::Created => {
            return Err(format!("consent request {code} is already {}", c.status.name()))
        }
        Change2::Approve | Change2::Reject if c.valid_to <= now => {
            return Err(format!("consent request {code} has expired"))
        }
        Change2::Approve => {
            c.status = Status2::Accepted;
            c.delegated = Some(now);
        }
        Change2::Reject => c.status = Status2::Rejected,
        Change2::Revoke if c.status != Status2::Accepted => {
            return Err(format!("consent {code} is {}, only an accepted consent can be revoked", c.status.name()))
        }
        Change2::Revoke => c.status = Status2::Revoked,
        Change2::Expire => c.valid_to = now - Duration::seconds(1),
    }
    Ok(())
}
