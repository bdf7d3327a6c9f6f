//! The decisions of the consent lifecycle, as pure functions: each takes what is known (the record, the clock,
//! Altinn's answer) and returns what to do next. The caller performs the I/O a result asks for and calls again with
//! the answer:
//!
//! - **Starting** a flow: [`start`] (send the user to a pending flow's page again, or create a request), then
//!   [`created`] (the pending record to store).
//! - **The callback**: [`callback`] (does the callback name our request; what to ask Altinn first), then [`finish`]
//!   with each answer until it is [`Finish::Final`] (use the state up, store, tell the browser) or
//!   [`Finish::Open`] (keep the state).
//! - **A data call**: [`check`] (is the recorded consent usable, without asking anyone), then, when the credentials
//!   or Skatteetaten refuse the consent, [`refused`] (what to ask Altinn) and [`gone`] with its answer (what it
//!   became, what to store, what to answer).
//! - **Withdrawal** by the bank: [`withdraw`].

use super::{ConsentRecord, ConsentRef, ConsentStatus, Guard, Store};
use crate::{
    altinn::{
        altinn2::{Altinn2RequestStatus, AuthorizationCode},
        altinn3,
    },
    ids::ConsentRequestId,
    UnixTime,
};

/// How long an Altinn 2 consent holds when its consent token does not say: 90 days, as Skatteetaten gives.
pub const DEFAULT_VALIDITY_SECS: i64 = 90 * 86_400;

/// A pending flow is handed out again while its state has at least this many seconds left.
pub const REUSE_MIN_LEFT_SECS: i64 = 5 * 60;

/// A question for Altinn about one consent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// Altinn 3: the consent request's status (`GET …/consentrequests/{id}`); a 404 is [`Answer::Altinn3Unknown`].
    Altinn3Status(ConsentRequestId),
    /// Altinn 2: the pre-registered request's `ConsentStatus`.
    Altinn2Status(AuthorizationCode),
    /// Altinn 2: a consent token for the code (a 403 is [`Answer::Altinn2TokenRefused`]).
    Altinn2Token(AuthorizationCode),
}

/// What Altinn answered to an [`Ask`]. A failure to get an answer (network, 5xx, a body that does not parse) is no
/// answer: the caller handles it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Altinn 3's status of the request, read at the time of asking.
    Altinn3(altinn3::ConsentStatus),
    /// Altinn 3 does not know the request (404).
    Altinn3Unknown,
    /// Altinn 2's status of the pre-registered request.
    Altinn2(Altinn2RequestStatus),
    /// Altinn 2 issued a consent token; it says until when the consent holds, if it does.
    Altinn2Token {
        /// The consent's end, from the token.
        valid_to: Option<UnixTime>,
    },
    /// Altinn 2 refused a consent token (403): the consent is not (or no longer) given.
    Altinn2TokenRefused,
}

/// Why a data call is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No consent is recorded.
    NoConsent,
    /// The consent has not been given yet.
    Pending,
    /// The party declined.
    Denied,
    /// The consent ran out.
    Expired,
    /// The party withdrew it.
    Revoked,
    /// Altinn no longer knows the consent (counted as withdrawn).
    Forgotten,
    /// The consent was refused upstream and Altinn's answer tells nothing more (or was not had).
    NotAccepted,
}

/// What a data call does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Fetch the credentials this consent gives, and go on.
    Use(ConsentRecord),
    /// Ask Altinn, then call [`gone`] with the answer.
    AskAltinn(Ask),
    /// Refuse the call, after storing `store` (if any).
    Refuse {
        /// Why.
        reason: Refusal,
        /// What was learnt, to record.
        store: Option<Store>,
    },
}

/// Why a consent flow failed, as the callback's redirect tells the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Altinn has no usable answer (not answered yet, expired, not confirmed).
    ConsentRequired,
    /// The consent is already withdrawn or deleted.
    ConsentRevoked,
    /// The callback names another request than the flow it came back to.
    InvalidState,
    /// Altinn does not know the flow's request.
    NotFound,
    /// The answer does not belong to the flow's kind of consent (a fault of the caller).
    Internal,
}

/// How a flow ended, for the redirect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Consent given and recorded.
    Granted,
    /// The party said no.
    Denied,
    /// Over without a consent.
    Failed(Failure),
}

/// What the callback does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finish {
    /// Ask Altinn, then call [`finish`] with the answer.
    AskAltinn(Ask),
    /// Altinn's word is final: use the state up, store `store` (if any) and tell the browser `outcome`.
    Final {
        /// What to tell the browser.
        outcome: Outcome,
        /// What to record.
        store: Option<Store>,
    },
    /// Nothing final: the state stays usable; tell the browser it failed.
    Open(Failure),
}

/// Starting a flow: send the user to the page of a flow still pending at Altinn, or create a new request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start<P> {
    /// The page of the pending flow.
    Reuse(P),
    /// Create a request at Altinn, then store [`created`].
    Create,
}

/// Starts a flow: `reusable` is the page of a flow the same session started for the same party and return URL,
/// still pending (the party's record names its consent) and with a state that lives until after
/// [`reuse_bound`].
pub fn start<P>(reusable: Option<P>) -> Start<P> {
    reusable.map_or(Start::Create, Start::Reuse)
}

/// The time a reused flow's state must outlive.
pub fn reuse_bound(now: UnixTime) -> UnixTime {
    now.add_secs(REUSE_MIN_LEFT_SECS)
}

/// A request created at Altinn: recorded pending, unless a granted consent is still valid (it stays usable until
/// the new one is answered).
pub fn created(reference: ConsentRef, now: UnixTime) -> Store {
    Store::Put { record: ConsentRecord::pending(reference, now), guard: Guard::UnlessValidGrant }
}

/// The callback came back to the flow that created `reference`: Altinn 2 names the code (`AuthorizationCode` or
/// `FailedAuthorizationCode`), which must be ours if given. Then Altinn is asked what the user answered (the
/// browser's `Status` is not trusted).
pub fn callback(reference: &ConsentRef, named: Option<&AuthorizationCode>) -> Finish {
    match reference {
        ConsentRef::Altinn3(id) => Finish::AskAltinn(Ask::Altinn3Status(*id)),
        ConsentRef::Altinn2(code) => match named {
            Some(n) if !n.as_str().eq_ignore_ascii_case(code.as_str()) => Finish::Open(Failure::InvalidState),
            _ => Finish::AskAltinn(Ask::Altinn2Status(code.clone())),
        },
    }
}

/// Altinn's answer about the flow's consent `reference`, at `now`.
pub fn finish(reference: &ConsentRef, answer: &Answer, now: UnixTime) -> Finish {
    use altinn3::ConsentStatus as A3;
    let granted = |valid_to| Finish::Final {
        outcome: Outcome::Granted,
        store: Some(Store::Put {
            record: ConsentRecord::granted(reference.clone(), valid_to, now),
            guard: Guard::Always,
        }),
    };
    let denied = || Finish::Final {
        outcome: Outcome::Denied,
        store: Some(Store::Put {
            record: ConsentRecord::denied(reference.clone(), now),
            guard: Guard::UnlessValidGrant,
        }),
    };
    let over = |failure| Finish::Final { outcome: Outcome::Failed(failure), store: None };
    match (reference, answer) {
        (ConsentRef::Altinn3(_), Answer::Altinn3(status)) => match status {
            A3::Granted { valid_to, .. } => granted(*valid_to),
            A3::Rejected => denied(),
            A3::Revoked | A3::Deleted => over(Failure::ConsentRevoked),
            A3::Expired { .. } => over(Failure::ConsentRequired),
            A3::Pending | A3::Used => Finish::Open(Failure::ConsentRequired),
        },
        (ConsentRef::Altinn3(_), Answer::Altinn3Unknown) => Finish::Open(Failure::NotFound),
        (ConsentRef::Altinn2(code), Answer::Altinn2(status)) => match status {
            // A consent token confirms the consent and tells until when it holds.
            Altinn2RequestStatus::Accepted => Finish::AskAltinn(Ask::Altinn2Token(code.clone())),
            Altinn2RequestStatus::Rejected => denied(),
            Altinn2RequestStatus::Revoked => over(Failure::ConsentRevoked),
            Altinn2RequestStatus::Pending => Finish::Open(Failure::ConsentRequired),
        },
        (ConsentRef::Altinn2(_), Answer::Altinn2Token { valid_to }) => {
            granted(valid_to.unwrap_or_else(|| now.add_secs(DEFAULT_VALIDITY_SECS)))
        }
        (ConsentRef::Altinn2(_), Answer::Altinn2TokenRefused) => Finish::Open(Failure::ConsentRequired),
        _ => Finish::Open(Failure::Internal),
    }
}

/// The check in front of every data call, from the record alone (no upstream call): a grant still valid is used;
/// a grant past its `valid_to` is refused and recorded expired; anything else is refused as it stands.
pub fn check(record: Option<&ConsentRecord>, now: UnixTime) -> Next {
    let refuse = |reason| Next::Refuse { reason, store: None };
    let Some(r) = record else { return refuse(Refusal::NoConsent) };
    match r.status_at(now) {
        ConsentStatus::Granted => Next::Use(r.clone()),
        ConsentStatus::Expired if r.status == ConsentStatus::Granted => Next::Refuse {
            reason: Refusal::Expired,
            store: Some(Store::Update(r.with_status(ConsentStatus::Expired, now))),
        },
        ConsentStatus::Expired => refuse(Refusal::Expired),
        ConsentStatus::Pending => refuse(Refusal::Pending),
        ConsentStatus::Denied => refuse(Refusal::Denied),
        ConsentStatus::Revoked => refuse(Refusal::Revoked),
        ConsentStatus::None => refuse(Refusal::NoConsent),
    }
}

/// The consent in use was refused (Maskinporten: `invalid_authorization_details`; Skatteetaten: KB-005): ask
/// Altinn what became of it.
pub fn refused(record: &ConsentRecord) -> Next {
    Next::AskAltinn(match &record.reference {
        ConsentRef::Altinn3(id) => Ask::Altinn3Status(*id),
        ConsentRef::Altinn2(code) => Ask::Altinn2Token(code.clone()),
    })
}

/// What a refused consent became, from Altinn's `answer` (`None`: no answer was had): the refusal to answer with
/// and what to record. A consent Altinn no longer knows is recorded as revoked, so that later calls are answered
/// from the record like a withdrawn one.
pub fn gone(record: &ConsentRecord, answer: Option<&Answer>, now: UnixTime) -> Next {
    use altinn3::ConsentStatus as A3;
    let learnt = |reason, status| Next::Refuse { reason, store: Some(Store::Update(record.with_status(status, now))) };
    match (&record.reference, answer) {
        (ConsentRef::Altinn3(_), Some(Answer::Altinn3(A3::Revoked | A3::Deleted)))
        | (ConsentRef::Altinn2(_), Some(Answer::Altinn2TokenRefused)) => {
            learnt(Refusal::Revoked, ConsentStatus::Revoked)
        }
        (ConsentRef::Altinn3(_), Some(Answer::Altinn3Unknown)) => learnt(Refusal::Forgotten, ConsentStatus::Revoked),
        (ConsentRef::Altinn3(_), Some(Answer::Altinn3(A3::Expired { .. }))) => {
            learnt(Refusal::NotAccepted, ConsentStatus::Expired)
        }
        (ConsentRef::Altinn3(_), Some(Answer::Altinn3(A3::Rejected))) => {
            learnt(Refusal::NotAccepted, ConsentStatus::Denied)
        }
        _ => Next::Refuse { reason: Refusal::NotAccepted, store: None },
    }
}

/// The bank withdraws the party's consent here (`DELETE …/consent`): the local records are forgotten; the consent
/// itself stays at Altinn.
pub fn withdraw() -> Store {
    Store::Forget
}
