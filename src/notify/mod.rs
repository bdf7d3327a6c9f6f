//! Change notifications, as data: a compact snapshot of a party's open claims ([`Snapshot`]: ids, what is left, the
//! earliest open due date, nothing more), the changes between two snapshots ([`changes`]: a new claim, a claim that
//! became overdue, a payment placed), a consent that is about to run out or was revoked ([`consent_change`]), and
//! the webhook that reports them, with an event id that is the same however often the same change is seen, signed
//! the way Standard Webhooks specify ([`webhook`]). Pure: the scheduled job that fetches, stores and sends lives in
//! the Worker, and the MAC is computed by the caller.

mod changes;
mod snapshot;
pub mod webhook;

#[cfg(test)]
mod tests;

pub use changes::{changes, consent_change, Change};
pub use snapshot::{ClaimState, Snapshot};
