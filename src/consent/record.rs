//! A party's consent as recorded, and the writes the lifecycle asks for.

use super::{ConsentMode, ConsentRef, ConsentStatus, RecordError};
use crate::UnixTime;

/// A party's consent in one mode, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRecord {
    /// The consent.
    pub reference: ConsentRef,
    /// Its status when last written ([`ConsentRecord::status_at`] gives the status now).
    pub status: ConsentStatus,
    /// Until when it is valid (set for granted consents).
    pub valid_to: Option<UnixTime>,
    /// When the record last changed.
    pub updated_at: UnixTime,
}

impl ConsentRecord {
    /// Reads a stored row: the mode it is stored under, its reference text, its status text and its times in
    /// seconds since the epoch. An unknown mode or status, or a reference that does not fit the mode, is an error.
    pub fn from_stored(
        mode: &str,
        reference: &str,
        status: &str,
        valid_to: Option<i64>,
        updated_at: i64,
    ) -> Result<Self, RecordError> {
        let mode = ConsentMode::parse(mode)?;
        Ok(Self {
            reference: ConsentRef::parse(mode, reference)?,
            status: ConsentStatus::parse_stored(status)?,
            valid_to: valid_to.map(UnixTime::from_secs),
            updated_at: UnixTime::from_secs(updated_at),
        })
    }

    /// A flow just started: pending.
    pub fn pending(reference: ConsentRef, now: UnixTime) -> Self {
        Self { reference, status: ConsentStatus::Pending, valid_to: None, updated_at: now }
    }

    /// Altinn confirmed the consent, valid until `valid_to`.
    pub fn granted(reference: ConsentRef, valid_to: UnixTime, now: UnixTime) -> Self {
        Self { reference, status: ConsentStatus::Granted, valid_to: Some(valid_to), updated_at: now }
    }

    /// Altinn says the party declined.
    pub fn denied(reference: ConsentRef, now: UnixTime) -> Self {
        Self { reference, status: ConsentStatus::Denied, valid_to: None, updated_at: now }
    }

    /// The same consent with another status, changed at `now` (`valid_to` is kept).
    #[must_use]
    pub fn with_status(&self, status: ConsentStatus, now: UnixTime) -> Self {
        Self { status, updated_at: now, ..self.clone() }
    }

    /// The generation.
    pub const fn mode(&self) -> ConsentMode {
        self.reference.mode()
    }

    /// The status at `now`: a granted consent whose `valid_to` is not after `now` (or missing) is expired.
    pub fn status_at(&self, now: UnixTime) -> ConsentStatus {
        match self.status {
            ConsentStatus::Granted if self.valid_to.is_none_or(|v| v <= now) => ConsentStatus::Expired,
            s => s,
        }
    }

    /// Whether this record is a grant still valid at `now` (the one thing a data call may use).
    pub fn is_usable(&self, now: UnixTime) -> bool {
        self.status_at(now) == ConsentStatus::Granted
    }
}

/// The status of a party's record at `now`, `None` without a record.
pub fn status_of(record: Option<&ConsentRecord>, now: UnixTime) -> ConsentStatus {
    record.map_or(ConsentStatus::None, |r| r.status_at(now))
}

/// When a [`Store::Put`] may replace the stored record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// Always.
    Always,
    /// Unless the stored record is a grant still valid at the new record's `updated_at`: a consent in use stays
    /// usable until a new one is answered.
    UnlessValidGrant,
}

/// A write the lifecycle asks for. The store applies each atomically (the guard and the reference check are part
/// of the write, not a read before it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Store {
    /// Insert or replace the party's record for `record`'s mode, if `guard` allows.
    Put {
        /// The new record.
        record: ConsentRecord,
        /// When it may replace the stored one.
        guard: Guard,
    },
    /// Set the status and `updated_at` of the party's record, only while it still names `record.reference`.
    Update(ConsentRecord),
    /// Forget the party's records (every mode).
    Forget,
}
