//! What the scheduled job keeps of a party between runs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{canonical, AapneKrav, Amount};
use crate::present::due_date;
use crate::time::Date;

/// One open claim as the job remembers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimState {
    /// What is left, in øre.
    #[serde(rename = "r")]
    pub remaining: Amount,
    /// The earliest open due date.
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
}

/// A party's open claims on the day they were read: by `kravidentifikator`, only what changes are found from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Snapshot {
    /// The day of the read (overdue is relative to it).
    #[serde(rename = "t")]
    pub taken: Option<Date>,
    /// Open claims (something left to pay).
    #[serde(rename = "c")]
    pub claims: BTreeMap<String, ClaimState>,
}

impl Snapshot {
    /// The open claims of `aapne` read on `today`. Credits (negative amounts) and settled claims are left out.
    pub fn of(aapne: &AapneKrav, today: Date) -> Self {
        let claims = aapne
            .aapent_krav_med_gjenstaaende_beloep
            .iter()
            .filter(|k| k.gjenstaaende_beloep > Amount::ZERO)
            .map(|k| {
                let state = ClaimState { remaining: k.gjenstaaende_beloep, due: due_date(k) };
                (k.kravidentifikator.as_str().to_owned(), state)
            })
            .collect();
        Self { taken: Some(today), claims }
    }

    /// The compact JSON kept in D1.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads what [`Snapshot::to_json`] wrote.
    pub fn from_json(json: &str) -> serde_json::Result<Self> {
        canonical::from_str(json)
    }
}
