//! The consent lifecycle: start (create at Altinn, remember a signed single-use state), finish (the callback),
//! status, and the check in front of every data call (with revocation detection).

pub mod access;
pub mod flow;
pub mod pseudonym;
pub mod state;
pub mod state_text;

use kravkit::{ids::PartIdentifikator, UnixTime};
use serde::Serialize;

use crate::{config::need, context::Ctx, d1::ConsentRecord, problem::Problem};

/// How D1 knows a party: the stored form ([`pseudonym::party`]), and the plain id when that differs (a person),
/// under which a row from before pseudonyms may still be.
pub struct StoredParty {
    /// The stored form.
    pub key: String,
    /// The plain id, for a person.
    pub legacy: Option<String>,
}

/// The stored form of `party` (a person's needs `STATE_KEY`).
pub fn stored_party(ctx: &Ctx, party: &PartIdentifikator) -> Result<StoredParty, Problem> {
    match party {
        PartIdentifikator::Organisasjon(_) => Ok(StoredParty { key: party.as_str().to_owned(), legacy: None }),
        PartIdentifikator::Person(_) => {
            let key = need(&ctx.config.state_key)?;
            Ok(StoredParty { key: pseudonym::party(key, party), legacy: Some(party.as_str().to_owned()) })
        }
    }
}

/// Days a consent lasts when Altinn does not say.
pub const CONSENT_DAYS: i64 = 90;

/// A party's consent as the API shows it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentView {
    /// The party.
    pub party: String,
    /// `none`, `pending`, `granted`, `denied`, `expired` or `revoked`.
    pub status: &'static str,
    /// `altinn3` or `altinn2`.
    pub mode: &'static str,
    /// Until when a granted consent is valid (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<String>,
    /// When the record last changed (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

/// The status a record has at `now`: a granted consent past its `valid_to` is `expired`.
pub fn status_of(record: Option<&ConsentRecord>, now: UnixTime) -> &'static str {
    let Some(r) = record else { return "none" };
    match r.status.as_str() {
        "granted" if r.valid_to.is_none_or(|v| (v as i64) <= now.secs()) => "expired",
        "granted" => "granted",
        "pending" => "pending",
        "denied" => "denied",
        "revoked" => "revoked",
        _ => "expired",
    }
}

/// The view of a record.
pub fn view(party: &str, mode: &'static str, record: Option<&ConsentRecord>, now: UnixTime) -> ConsentView {
    let status = status_of(record, now);
    let time = |t: f64| UnixTime::from_secs(t as i64).to_rfc3339();
    ConsentView {
        party: party.to_owned(),
        status,
        mode,
        valid_to: record.and_then(|r| r.valid_to).filter(|_| matches!(status, "granted" | "expired")).map(time),
        updated_at: record.map(|r| time(r.updated_at)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(status: &str, valid_to: Option<f64>) -> ConsentRecord {
        ConsentRecord { consent_ref: "r".into(), status: status.into(), valid_to, updated_at: 1_700_000_000.0 }
    }

    #[test]
    fn statuses_follow_the_record_and_the_clock() {
        let now = UnixTime::from_secs(1_800_000_000);
        assert_eq!(status_of(None, now), "none");
        assert_eq!(status_of(Some(&rec("granted", Some(1_800_000_001.0))), now), "granted");
        assert_eq!(status_of(Some(&rec("granted", Some(1_800_000_000.0))), now), "expired");
        assert_eq!(status_of(Some(&rec("granted", None)), now), "expired");
        for s in ["pending", "denied", "revoked", "expired"] {
            assert_eq!(status_of(Some(&rec(s, None)), now), s);
        }
        let v = view("313367002", "altinn3", Some(&rec("granted", Some(1_800_000_060.0))), now);
        assert_eq!(v.valid_to.as_deref(), Some("2027-01-15T08:01:00Z"));
        assert_eq!(v.updated_at.as_deref(), Some("2023-11-14T22:13:20Z"));
        let v = view("313367002", "altinn3", Some(&rec("pending", None)), now);
        assert_eq!(v.valid_to, None);
    }
}
