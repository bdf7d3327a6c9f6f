//! Where a party's consent stands, as the API shows it.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::RecordError;

/// A party's consent status. `None` is only shown (there is no record); a record has one of the other five.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsentStatus {
    /// No consent is recorded.
    None,
    /// A flow was started and Altinn has no answer yet.
    Pending,
    /// Given, and valid until the record's `valid_to`.
    Granted,
    /// The party declined.
    Denied,
    /// It ran out (or Altinn says so).
    Expired,
    /// The party withdrew it, or Altinn no longer knows it.
    Revoked,
}

impl ConsentStatus {
    /// Every status, in the order above.
    pub const ALL: &'static [Self] =
        &[Self::None, Self::Pending, Self::Granted, Self::Denied, Self::Expired, Self::Revoked];

    /// The wire and storage text: `none`, `pending`, `granted`, `denied`, `expired` or `revoked`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Pending => "pending",
            Self::Granted => "granted",
            Self::Denied => "denied",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
        }
    }

    /// Reads a stored status: the five a record can have. `none` and anything else are errors.
    pub fn parse_stored(s: &str) -> Result<Self, RecordError> {
        match s {
            "pending" => Ok(Self::Pending),
            "granted" => Ok(Self::Granted),
            "denied" => Ok(Self::Denied),
            "expired" => Ok(Self::Expired),
            "revoked" => Ok(Self::Revoked),
            other => Err(RecordError::Status(other.chars().take(40).collect())),
        }
    }
}

impl fmt::Display for ConsentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
