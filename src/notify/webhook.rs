//! The webhook a bank receives: one JSON event per change, signed as Standard Webhooks specify: headers
//! `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,` + base64 of HMAC-SHA256 over
//! `{id}.{timestamp}.{body}`; several, space-separated, while a key rotates). A receiver refuses a timestamp more
//! than [`REPLAY_WINDOW_SECS`] from its clock and keeps the ids it has handled: the same change always has the same
//! id, so a retry is recognised.

use base64::{engine::general_purpose::STANDARD, Engine as _};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::changes::Change;
use crate::time::UnixTime;

/// How far a webhook's timestamp may be from the receiver's clock, either way.
pub const REPLAY_WINDOW_SECS: i64 = 300;

/// The JSON body of one event.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event<'a> {
    /// See [`event_id`].
    pub id: String,
    /// The change's kind, e.g. `new_claim`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The party it concerns.
    pub party: &'a str,
    /// When the change was seen (RFC 3339).
    pub occurred_at: String,
    /// The change itself.
    pub data: &'a Change,
}

/// `evt_` and 32 hex digits of SHA-256 over the party, the kind and the change's identity: the same change of the
/// same party has the same id whenever it is seen.
pub fn event_id(party: &str, change: &Change) -> String {
    let mut h = Sha256::new();
    for part in [party, change.kind(), &change.identity()] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let digest = h.finalize();
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("evt_{hex}")
}

/// The event for `change` of `party`, seen at `occurred`: its id and its JSON body.
pub fn event(party: &str, change: &Change, occurred: UnixTime) -> (String, String) {
    let id = event_id(party, change);
    let body = Event { id: id.clone(), kind: change.kind(), party, occurred_at: occurred.to_rfc3339(), data: change };
    (id, serde_json::to_string(&body).unwrap_or_default())
}

/// The bytes the MAC is computed over: `{id}.{timestamp}.{body}`.
pub fn signing_input(id: &str, timestamp: UnixTime, body: &str) -> Vec<u8> {
    format!("{id}.{}.{body}", timestamp.secs()).into_bytes()
}

/// The `webhook-signature` value for one MAC (HMAC-SHA256 of [`signing_input`] under the shared secret).
pub fn signature(mac: &[u8]) -> String {
    format!("v1,{}", STANDARD.encode(mac))
}

/// Why a received webhook is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The timestamp is not a number.
    #[error("the webhook-timestamp is not a Unix time")]
    Timestamp,
    /// The timestamp is further than the replay window from now.
    #[error("the webhook-timestamp is {0} s from now, more than the {REPLAY_WINDOW_SECS} s allowed")]
    OutsideWindow(i64),
    /// No `v1` signature matches.
    #[error("no webhook-signature matches")]
    Signature,
}

/// Checks a received webhook: the timestamp within the window around `now`, and one of the `v1,` signatures equal
/// (in constant time) to `mac(signing_input)`, where `mac` is HMAC-SHA256 under the receiver's secret.
pub fn verify(
    id: &str,
    timestamp: &str,
    signatures: &str,
    body: &str,
    now: UnixTime,
    mac: impl Fn(&[u8]) -> Vec<u8>,
) -> Result<(), WebhookError> {
    let ts: i64 = timestamp.trim().parse().map_err(|_| WebhookError::Timestamp)?;
    let skew = now.secs().saturating_sub(ts);
    if skew.abs() > REPLAY_WINDOW_SECS {
        return Err(WebhookError::OutsideWindow(skew));
    }
    let expected = STANDARD.encode(mac(&signing_input(id, UnixTime::from_secs(ts), body)));
    let equal = |given: &str| {
        given.len() == expected.len() && given.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    };
    let any = signatures.split(' ').filter_map(|s| s.strip_prefix("v1,")).fold(false, |found, s| equal(s) | found);
    any.then_some(()).ok_or(WebhookError::Signature)
}
