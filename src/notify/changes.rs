//! What changed between two snapshots, and what a consent's state asks to be told.

use serde::Serialize;

use super::snapshot::Snapshot;
use crate::model::Amount;
use crate::present::consent_days_left;
use crate::time::Date;

/// One change worth a notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    /// A claim that was not open before.
    NewClaim {
        /// Its kravidentifikator.
        kravidentifikator: String,
        /// What is left of it, in øre.
        remaining: Amount,
        /// Its earliest open due date.
        due: Option<Date>,
    },
    /// An open claim whose due date passed since the last read.
    BecameOverdue {
        /// Its kravidentifikator.
        kravidentifikator: String,
        /// What is left of it.
        remaining: Amount,
        /// The due date that passed.
        due: Date,
    },
    /// Less is left of a claim than before (`remaining` 0: it is no longer open).
    PaymentPlaced {
        /// Its kravidentifikator.
        kravidentifikator: String,
        /// What was left before.
        before: Amount,
        /// What is left now.
        remaining: Amount,
    },
    /// The consent ends within [`crate::present::RENEW_CONSENT_DAYS`] days.
    ConsentExpiring {
        /// Its last day.
        valid_to: Date,
        /// Days left (0 on the last day).
        days_left: i64,
    },
    /// The party withdrew the consent.
    ConsentRevoked,
}

impl Change {
    /// The event type, e.g. `new_claim`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::NewClaim { .. } => "new_claim",
            Self::BecameOverdue { .. } => "became_overdue",
            Self::PaymentPlaced { .. } => "payment_placed",
            Self::ConsentExpiring { .. } => "consent_expiring",
            Self::ConsentRevoked => "consent_revoked",
        }
    }

    /// What makes this change one and the same however often it is seen (for the event id): the claim and its
    /// state, or the consent's last day.
    pub fn identity(&self) -> String {
        match self {
            Self::NewClaim { kravidentifikator, .. } => kravidentifikator.clone(),
            Self::BecameOverdue { kravidentifikator, due, .. } => format!("{kravidentifikator}@{due}"),
            Self::PaymentPlaced { kravidentifikator, remaining, .. } => {
                format!("{kravidentifikator}={}", remaining.oere())
            }
            Self::ConsentExpiring { valid_to, .. } => valid_to.to_string(),
            Self::ConsentRevoked => String::new(),
        }
    }
}

/// The claim changes from `before` to `after`, by claim id. No earlier snapshot (`None`): nothing, the first read is
/// the baseline. A new claim already overdue is only new.
pub fn changes(before: Option<&Snapshot>, after: &Snapshot) -> Vec<Change> {
    let Some(before) = before else { return Vec::new() };
    let overdue_on = |taken: Option<Date>, due: Option<Date>| matches!((taken, due), (Some(t), Some(d)) if d < t);
    let mut out = Vec::new();
    for (id, now) in &after.claims {
        match before.claims.get(id) {
            None => {
                out.push(Change::NewClaim { kravidentifikator: id.clone(), remaining: now.remaining, due: now.due })
            }
            Some(was) => {
                if now.remaining < was.remaining {
                    out.push(Change::PaymentPlaced {
                        kravidentifikator: id.clone(),
                        before: was.remaining,
                        remaining: now.remaining,
                    });
                }
                if let Some(due) =
                    now.due.filter(|_| overdue_on(after.taken, now.due) && !overdue_on(before.taken, now.due))
                {
                    out.push(Change::BecameOverdue { kravidentifikator: id.clone(), remaining: now.remaining, due });
                }
            }
        }
    }
    for (id, was) in &before.claims {
        if !after.claims.contains_key(id) {
            out.push(Change::PaymentPlaced {
                kravidentifikator: id.clone(),
                before: was.remaining,
                remaining: Amount::ZERO,
            });
        }
    }
    out
}

/// What a consent valid to `valid_to` asks to be told on `today`: that it is about to end, once per last day
/// (`told_for` is the last day a notice was already sent for), or that it was revoked.
pub fn consent_change(valid_to: Date, revoked: bool, told_for: Option<Date>, today: Date) -> Option<Change> {
    if revoked {
        return Some(Change::ConsentRevoked);
    }
    let days_left = consent_days_left(valid_to, today).filter(|_| told_for != Some(valid_to))?;
    Some(Change::ConsentExpiring { valid_to, days_left })
}
