//! Altinn 3 consent requests as stored, their JSON form, and the status changes (approve, reject, revoke, expire).

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use crate::{clock::rfc3339, ids::new_uuid, state::Inner};

/// Where a request stands (expiry is `valid_to` in the past).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status3 {
    /// Waiting for the user.
    Created,
    /// The user approved.
    Accepted,
    /// The user rejected.
    Rejected,
    /// Approved, then withdrawn.
    Revoked,
}

impl Status3 {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::Revoked => "revoked",
        }
    }
}

/// One entry of `consentRequestEvents`.
#[derive(Debug, Clone)]
pub struct Event3 {
    /// `consentEventID`.
    pub id: String,
    /// When.
    pub created: DateTime<Utc>,
    /// A party URN.
    pub performed_by: String,
    /// `Created`, `Accepted`, `Rejected`, `Revoked`, `Expired`.
    pub event_type: &'static str,
}

/// A stored consent request.
#[derive(Debug, Clone)]
pub struct Consent3 {
    /// The client's UUID, lower-cased.
    pub id: String,
    /// The consenting party's URN.
    pub from: String,
    /// The receiving organisation's URN.
    pub to: String,
    /// The receiving organisation's number.
    pub to_org: String,
    /// When the consent ends.
    pub valid_to: DateTime<Utc>,
    /// `consentRights`, normalised (`metaData`).
    pub rights: Vec<Value>,
    /// `requestMessage`.
    pub request_message: Option<Value>,
    /// Where the page sends the user back.
    pub redirect_url: String,
    /// `requiredDelegator`.
    pub required_delegator: Option<String>,
    /// `handledBy`.
    pub handled_by: Option<String>,
    /// Status.
    pub status: Status3,
    /// When it was accepted.
    pub consented: Option<DateTime<Utc>>,
    /// History.
    pub events: Vec<Event3>,
}

/// An entry of the `events` feed.
#[derive(Debug, Clone)]
pub struct FeedEvent {
    /// Increasing sequence number: the low bits of the event's id.
    pub seq: u64,
    /// The event id, a UUIDv7 (Altinn's ids are; the continuation token is its 16 bytes in base64): the time's
    /// milliseconds, then `seq`, so ids sort as the feed does.
    pub id: [u8; 16],
    /// The request.
    pub consent_id: String,
    /// The receiving org (only its own events are shown to a client).
    pub to_org: String,
    /// `created`, `accepted`, `rejected`, `revoked`, `expired`.
    pub event_type: &'static str,
    /// When.
    pub changed: DateTime<Utc>,
}

impl FeedEvent {
    /// The next event of `feed`.
    pub fn push(
        feed: &mut Vec<FeedEvent>,
        consent_id: String,
        to_org: String,
        event_type: &'static str,
        at: DateTime<Utc>,
    ) {
        let seq = feed.len() as u64 + 1;
        feed.push(FeedEvent { seq, id: event_id(at, seq), consent_id, to_org, event_type, changed: at });
    }

    /// The `seq` of an event id (the inverse of the id's construction).
    pub fn seq_of(id: &[u8; 16]) -> u64 {
        let mut low = [0u8; 8];
        low.copy_from_slice(&id[8..]);
        u64::from_be_bytes(low) & 0x3fff_ffff_ffff_ffff
    }
}

/// A UUIDv7: 48 bits of Unix milliseconds, version 7, 12 zero bits, the variant, and 62 bits of `seq`.
fn event_id(at: DateTime<Utc>, seq: u64) -> [u8; 16] {
    let ms = u64::try_from(at.timestamp_millis()).unwrap_or(0) & 0xffff_ffff_ffff;
    let mut id = [0u8; 16];
    id[..6].copy_from_slice(&ms.to_be_bytes()[2..]);
    id[6] = 0x70;
    id[8..].copy_from_slice(&((seq & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000).to_be_bytes());
    id
}

impl Consent3 {
    /// The JSON Altinn answers with (create and GET).
    pub fn to_json(&self, view_uri: &str) -> Value {
        json!({
            "id": self.id,
            "from": self.from,
            "to": self.to,
            "requiredDelegator": self.required_delegator,
            "handledBy": self.handled_by,
            "validTo": rfc3339(self.valid_to),
            "consentRights": self.rights,
            "requestMessage": self.request_message,
            "consented": self.consented.map(rfc3339),
            "redirectUrl": self.redirect_url,
            "consentRequestEvents": self.events.iter().map(|e| json!({
                "consentEventID": e.id,
                "created": rfc3339(e.created),
                "performedBy": e.performed_by,
                "eventType": e.event_type,
                "consentRequestID": self.id,
            })).collect::<Vec<_>>(),
            "viewUri": view_uri,
        })
    }

    /// Whether `valid_to` has passed.
    pub fn expired(&self, now: DateTime<Utc>) -> bool {
        self.valid_to <= now
    }
}

/// A change to a consent request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The user approves (page).
    Approve,
    /// The user rejects (page).
    Reject,
    /// The user withdraws an accepted consent (`/config`).
    Revoke,
    /// `validTo` is moved to the past (`/config`).
    Expire,
}

/// Applies `change` to request `id`, recording the event and the feed entry.
pub fn apply(inner: &mut Inner, id: &str, change: Change, now: DateTime<Utc>) -> Result<(), String> {
    let c = inner.consents3.get_mut(id).ok_or_else(|| format!("no Altinn 3 consent request {id}"))?;
    let (event, feed) = match change {
        Change::Approve | Change::Reject if c.status != Status3::Created => {
            return Err(format!("consent request {id} is already {}", c.status.name()))
        }
        Change::Approve | Change::Reject if c.expired(now) => return Err(format!("consent request {id} has expired")),
        Change::Approve => {
            c.status = Status3::Accepted;
            c.consented = Some(now);
            ("Accepted", "accepted")
        }
        Change::Reject => {
            c.status = Status3::Rejected;
            ("Rejected", "rejected")
        }
        Change::Revoke if c.status != Status3::Accepted => {
            return Err(format!("consent {id} is {}, only an accepted consent can be revoked", c.status.name()))
        }
        Change::Revoke => {
            c.status = Status3::Revoked;
            ("Revoked", "revoked")
        }
        Change::Expire => {
            c.valid_to = now - Duration::seconds(1);
            ("Expired", "expired")
        }
    };
    c.events.push(Event3 { id: new_uuid(), created: now, performed_by: c.from.clone(), event_type: event });
    let (consent_id, to_org) = (c.id.clone(), c.to_org.clone());
    FeedEvent::push(&mut inner.feed, consent_id, to_org, feed, now);
    Ok(())
}
