//! The consent generation: Altinn 3 or Altinn 2.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::RecordError;

/// The consent generation (`CONSENT_MODE`, the `mode` of a record and of the API's answers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsentMode {
    /// Altinn 3: the consent rides in the Maskinporten token.
    Altinn3,
    /// Altinn 2: a 30-second `AltinnSamtykke` token per call.
    Altinn2,
}

impl ConsentMode {
    /// Both generations.
    pub const ALL: &'static [Self] = &[Self::Altinn3, Self::Altinn2];

    /// `altinn3` / `altinn2`, as stored and shown.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Altinn3 => "altinn3",
            Self::Altinn2 => "altinn2",
        }
    }

    /// Reads `altinn3` or `altinn2`; anything else is an error, never a default.
    pub fn parse(s: &str) -> Result<Self, RecordError> {
        match s {
            "altinn3" => Ok(Self::Altinn3),
            "altinn2" => Ok(Self::Altinn2),
            other => Err(RecordError::Mode(other.chars().take(40).collect())),
        }
    }
}

impl fmt::Display for ConsentMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
