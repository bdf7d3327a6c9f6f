//! Which consent a record names: an Altinn 3 consent request or an Altinn 2 pre-registered request.

use std::fmt;

use super::{ConsentMode, RecordError};
use crate::{altinn::altinn2::AuthorizationCode, ids::ConsentRequestId};

/// The consent a record names, typed by its generation. Stored as text ([`fmt::Display`]), read back with
/// [`ConsentRef::parse`] for the record's mode.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ConsentRef {
    /// An Altinn 3 consent request (our UUID).
    Altinn3(ConsentRequestId),
    /// An Altinn 2 pre-registered request (its authorization code).
    Altinn2(AuthorizationCode),
}

impl ConsentRef {
    /// Reads a stored reference for `mode`.
    pub fn parse(mode: ConsentMode, s: &str) -> Result<Self, RecordError> {
        let invalid = |reason: String| RecordError::Reference { mode, reason };
        match mode {
            ConsentMode::Altinn3 => ConsentRequestId::parse(s).map(Self::Altinn3).map_err(|e| invalid(e.to_string())),
            ConsentMode::Altinn2 => AuthorizationCode::parse(s).map(Self::Altinn2).map_err(|e| invalid(e.to_string())),
        }
    }

    /// The generation.
    pub const fn mode(&self) -> ConsentMode {
        match self {
            Self::Altinn3(_) => ConsentMode::Altinn3,
            Self::Altinn2(_) => ConsentMode::Altinn2,
        }
    }
}

impl fmt::Display for ConsentRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Altinn3(id) => id.fmt(f),
            Self::Altinn2(code) => f.write_str(code.as_str()),
        }
    }
}
