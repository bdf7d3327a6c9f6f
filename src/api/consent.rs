//! The consent routes on the wire: `POST /v1/consents` ([`StartConsent`] → [`ConsentStarted`]), the parameters its
//! callback puts on the return URL ([`ConsentOutcome`], [`return_param`]), and `GET /v1/parties/{party}/consent`
//! ([`ConsentView`]). The Worker writes and the browser package reads these same types.

use serde::{Deserialize, Serialize};

use super::present;

use crate::{
    consent::{status_of, ConsentMode, ConsentRecord, ConsentStatus},
    UnixTime,
};

/// The body of `POST /v1/consents`: `{party, returnUrl, partyName?}`; no other field is taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartConsent {
    /// The party (organisation number or fødselsnummer), as text: the Worker checks it.
    pub party: String,
    /// Where Altinn sends the browser back to; must be on the Worker's allow-list.
    pub return_url: String,
    /// Altinn 2 only: the party's registered name (`OfferedByName`). May be left out, never `null`.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub party_name: Option<String>,
}

/// The 201 answer of `POST /v1/consents`: `{redirectUrl, party, mode}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentStarted {
    /// Altinn's consent page, to send the browser to.
    pub redirect_url: String,
    /// The party.
    pub party: String,
    /// `altinn3` or `altinn2`.
    pub mode: ConsentMode,
}

/// The names of the parameters the consent callback adds to the return URL.
pub mod return_param {
    /// `granted`, `denied` or `failed` ([`ConsentOutcome`](super::ConsentOutcome)).
    pub const CONSENT: &str = "kravkitConsent";
    /// The party: an organisation number only (a fødselsnummer never goes into a URL).
    pub const PARTY: &str = "kravkitParty";
    /// The problem code of a failure.
    pub const ERROR: &str = "kravkitError";
    /// All three.
    pub const ALL: [&str; 3] = [CONSENT, PARTY, ERROR];
}

/// How a consent ended, as `kravkitConsent` on the return URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConsentOutcome {
    /// The user consented.
    Granted,
    /// The user said no.
    Denied,
    /// Something failed (the code is in `kravkitError`).
    Failed,
}

impl ConsentOutcome {
    /// All three.
    pub const ALL: &'static [Self] = &[Self::Granted, Self::Denied, Self::Failed];

    /// `granted`, `denied` or `failed`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Granted => "granted",
            Self::Denied => "denied",
            Self::Failed => "failed",
        }
    }

    /// Reads the parameter; anything but `granted` or `denied` is a failure (never a grant).
    pub fn parse(s: &str) -> Self {
        match s {
            "granted" => Self::Granted,
            "denied" => Self::Denied,
            _ => Self::Failed,
        }
    }
}

/// A party's consent as the API shows it: `{party, status, mode, validTo?, updatedAt?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentView {
    /// The party.
    pub party: String,
    /// `none`, `pending`, `granted`, `denied`, `expired` or `revoked`.
    pub status: ConsentStatus,
    /// `altinn3` or `altinn2`.
    pub mode: ConsentMode,
    /// Until when a granted consent is valid (RFC 3339); shown for granted and expired consents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<String>,
    /// When the record last changed (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

impl ConsentView {
    /// The view of `party`'s record in `mode` at `now` (a grant past its `valid_to` shows as expired).
    pub fn of(party: &str, mode: ConsentMode, record: Option<&ConsentRecord>, now: UnixTime) -> Self {
        let status = status_of(record, now);
        let shows_end = matches!(status, ConsentStatus::Granted | ConsentStatus::Expired);
        Self {
            party: party.to_owned(),
            status,
            mode,
            valid_to: record.and_then(|r| r.valid_to).filter(|_| shows_end).map(UnixTime::to_rfc3339),
            updated_at: record.map(|r| r.updated_at.to_rfc3339()),
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::{consent::ConsentRef, ids::ConsentRequestId};

    fn rec(status: ConsentStatus, valid_to: Option<i64>) -> ConsentRecord {
        ConsentRecord {
            reference: ConsentRef::Altinn3(ConsentRequestId::new_v4([1; 16])),
            status,
            valid_to: valid_to.map(UnixTime::from_secs),
            updated_at: UnixTime::from_secs(1_700_000_000),
        }
    }

    #[test]
    fn starting_a_consent_on_the_wire() {
        let asked: StartConsent =
            serde_json::from_str(r#"{"party":"313367002","returnUrl":"https://bank.example/"}"#).unwrap();
        assert_eq!(asked.party_name, None);
        assert_eq!(
            serde_json::to_string(&asked).unwrap(),
            r#"{"party":"313367002","returnUrl":"https://bank.example/"}"#
        );
        let named: StartConsent =
            serde_json::from_str(r#"{"party":"1","returnUrl":"u","partyName":"Bakeriet AS"}"#).unwrap();
        assert_eq!(named.party_name.as_deref(), Some("Bakeriet AS"));
        for bad in [
            r#"{"party":"1","returnUrl":"u","partyName":null}"#,
            r#"{"party":"1","returnUrl":"u","extra":1}"#,
            r#"{"party":"1"}"#,
        ] {
            assert!(serde_json::from_str::<StartConsent>(bad).is_err(), "{bad}");
        }
        let started =
            ConsentStarted { redirect_url: "https://a/".into(), party: "1".into(), mode: ConsentMode::Altinn2 };
        let text = serde_json::to_string(&started).unwrap();
        assert_eq!(text, r#"{"redirectUrl":"https://a/","party":"1","mode":"altinn2"}"#);
        assert_eq!(serde_json::from_str::<ConsentStarted>(&text).unwrap(), started);
        for &o in ConsentOutcome::ALL {
            assert_eq!(ConsentOutcome::parse(o.as_str()), o);
        }
        assert_eq!(ConsentOutcome::parse("GRANTED"), ConsentOutcome::Failed);
    }

    #[test]
    fn the_view_on_the_wire() {
        let now = UnixTime::from_secs(1_800_000_000);
        let granted = ConsentView::of(
            "313367002",
            ConsentMode::Altinn3,
            Some(&rec(ConsentStatus::Granted, Some(1_800_000_060))),
            now,
        );
        let text = serde_json::to_string(&granted).unwrap();
        assert_eq!(
            text,
            r#"{"party":"313367002","status":"granted","mode":"altinn3","validTo":"2027-01-15T08:01:00Z","updatedAt":"2023-11-14T22:13:20Z"}"#
        );
        assert_eq!(serde_json::from_str::<ConsentView>(&text).unwrap(), granted);
        let none = ConsentView::of("313367002", ConsentMode::Altinn2, None, now);
        assert_eq!(serde_json::to_string(&none).unwrap(), r#"{"party":"313367002","status":"none","mode":"altinn2"}"#);
        // A grant past its end shows as expired with its end; a pending one shows no end.
        let past = ConsentView::of(
            "313367002",
            ConsentMode::Altinn3,
            Some(&rec(ConsentStatus::Granted, Some(1_800_000_000))),
            now,
        );
        assert_eq!((past.status, past.valid_to.as_deref()), (ConsentStatus::Expired, Some("2027-01-15T08:00:00Z")));
        let pending =
            ConsentView::of("313367002", ConsentMode::Altinn3, Some(&rec(ConsentStatus::Pending, Some(1))), now);
        assert_eq!((pending.status, pending.valid_to), (ConsentStatus::Pending, None));
        for bad in [
            r#"{"party":"313367002","status":"maybe","mode":"altinn3"}"#,
            r#"{"party":"313367002","status":"granted","mode":"altinn4"}"#,
            r#"{"party":"313367002","status":"granted"}"#,
        ] {
            assert!(serde_json::from_str::<ConsentView>(bad).is_err(), "{bad}");
        }
    }
}
