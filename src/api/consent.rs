//! `GET /v1/parties/{party}/consent`: a party's consent as the API shows it.

use serde::{Deserialize, Serialize};

use crate::{
    consent::{status_of, ConsentMode, ConsentRecord, ConsentStatus},
    UnixTime,
};

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
