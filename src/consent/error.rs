//! Why a stored consent record cannot be read.

use super::ConsentMode;

/// A stored consent record (or a part of one) that does not parse: never read as something else.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// The mode is neither `altinn3` nor `altinn2`.
    #[error("unknown consent mode {0:?} (expected altinn3 or altinn2)")]
    Mode(String),
    /// The status is not one a record can have.
    #[error("unknown consent status {0:?} (expected pending, granted, denied, expired or revoked)")]
    Status(String),
    /// The consent reference does not fit the mode.
    #[error("the {mode} consent reference is not valid: {reason}")]
    Reference {
        /// The mode the reference was read for.
        mode: ConsentMode,
        /// Why it does not fit.
        reason: String,
    },
}
