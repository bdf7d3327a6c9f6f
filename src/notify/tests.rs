//! Snapshots, the changes between them, consent notices, event ids and webhook signatures (against Standard Webhooks'
//! published example, computed with an HMAC of the tests' own).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use super::webhook::{event, event_id, signature, signing_input, verify, WebhookError, REPLAY_WINDOW_SECS};
use super::*;
use crate::model::{canonical, AapneKrav, Amount};
use crate::time::{Date, UnixTime};

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn oere(n: i64) -> Amount {
    Amount::from_oere(n).unwrap()
}

fn aapne(claims: &[(&str, i64, &str)]) -> AapneKrav {
    let krav: Vec<Value> = claims
        .iter()
        .map(|(id, left, due)| {
            json!({"kravidentifikator": id, "opprinneligBeloep": left.abs(), "gjenstaaendeBeloep": left,
                   "kravforfall": [{"forfallsdato": due, "opprinneligBeloep": left.abs(), "gjenstaaendeBeloep": left}]})
        })
        .collect();
    canonical::from_value(json!({"aapentKravMedGjenstaaendeBeloep": krav})).unwrap()
}

#[test]
fn a_snapshot_keeps_open_claims_only_compactly() {
    let s = Snapshot::of(
        &aapne(&[("A", 100_000, "2024-03-10"), ("C", -5_000, "2024-01-01"), ("Z", 0, "2024-01-01")]),
        d("2024-03-01"),
    );
    assert_eq!(s.claims.keys().collect::<Vec<_>>(), ["A"], "credits and settled claims are not open");
    assert_eq!(s.to_json(), r#"{"t":"2024-03-01","c":{"A":{"r":100000,"d":"2024-03-10"}}}"#);
    assert_eq!(Snapshot::from_json(&s.to_json()).unwrap(), s);
}

#[test]
fn changes_between_two_reads() {
    let before = Snapshot::of(
        &aapne(&[("A", 100_000, "2024-03-10"), ("B", 50_000, "2024-02-01"), ("C", 20_000, "2024-04-01")]),
        d("2024-03-01"),
    );
    // Three days later: A partly paid and now overdue, B paid in full, C unchanged, D new (already overdue).
    let after = Snapshot::of(
        &aapne(&[("A", 40_000, "2024-03-02"), ("C", 20_000, "2024-04-01"), ("D", 7_500, "2024-02-15")]),
        d("2024-03-04"),
    );
    assert_eq!(
        changes(Some(&before), &after),
        [
            Change::PaymentPlaced { kravidentifikator: "A".into(), before: oere(100_000), remaining: oere(40_000) },
            Change::BecameOverdue { kravidentifikator: "A".into(), remaining: oere(40_000), due: d("2024-03-02") },
            Change::NewClaim { kravidentifikator: "D".into(), remaining: oere(7_500), due: Some(d("2024-02-15")) },
            Change::PaymentPlaced { kravidentifikator: "B".into(), before: oere(50_000), remaining: Amount::ZERO },
        ]
    );
    assert_eq!(changes(None, &after), [], "the first read is the baseline");
    assert_eq!(changes(Some(&after), &after), [], "nothing changed");
    // B was overdue already at the first read: nothing new about it being overdue.
    let later = Snapshot { taken: Some(d("2024-03-05")), ..before.clone() };
    assert_eq!(changes(Some(&before), &later), []);
    // C's due date passes.
    let april = Snapshot { taken: Some(d("2024-04-02")), ..before.clone() };
    assert_eq!(
        changes(Some(&before), &april).iter().map(Change::kind).collect::<Vec<_>>(),
        ["became_overdue", "became_overdue"],
        "A and C"
    );
}

#[test]
fn a_consent_notice_once_in_its_last_14_days_and_a_revocation() {
    let valid_to = d("2024-05-30");
    assert_eq!(consent_change(valid_to, false, None, d("2024-05-15")), None);
    assert_eq!(
        consent_change(valid_to, false, None, d("2024-05-16")),
        Some(Change::ConsentExpiring { valid_to, days_left: 14 })
    );
    assert_eq!(consent_change(valid_to, false, Some(valid_to), d("2024-05-20")), None, "told once");
    assert_eq!(
        consent_change(valid_to, false, Some(d("2024-02-29")), d("2024-05-20")),
        Some(Change::ConsentExpiring { valid_to, days_left: 10 }),
        "a notice for an earlier consent does not count"
    );
    assert_eq!(consent_change(valid_to, false, None, d("2024-05-31")), None, "over");
    assert_eq!(consent_change(valid_to, true, None, d("2024-03-01")), Some(Change::ConsentRevoked));
}

#[test]
fn events_have_stable_ids_and_a_documented_body() {
    let paid = Change::PaymentPlaced { kravidentifikator: "A".into(), before: oere(100_000), remaining: oere(40_000) };
    let (id, body) = event("313367002", &paid, UnixTime::from_secs(1_709_287_200));
    assert_eq!(id, event_id("313367002", &paid), "the same change, the same id");
    assert!(id.starts_with("evt_") && id.len() == 36, "{id}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        v,
        json!({"id": id, "type": "payment_placed", "party": "313367002", "occurredAt": "2024-03-01T10:00:00Z",
               "data": {"type": "payment_placed", "kravidentifikator": "A", "before": 100000, "remaining": 40000}})
    );
    let other_party = event_id("311851381", &paid);
    let further = event_id(
        "313367002",
        &Change::PaymentPlaced { kravidentifikator: "A".into(), before: oere(100_000), remaining: oere(0) },
    );
    let overdue = event_id(
        "313367002",
        &Change::BecameOverdue { kravidentifikator: "A".into(), remaining: oere(40_000), due: d("2024-03-02") },
    );
    assert!([other_party, further, overdue].iter().all(|x| *x != id), "another party, state or kind is another event");
}

/// HMAC-SHA256 under `secret` (base64, as in `whsec_…`).
fn mac(secret: &str) -> impl Fn(&[u8]) -> Vec<u8> {
    use base64::Engine as _;
    let key = base64::engine::general_purpose::STANDARD.decode(secret).unwrap();
    move |msg| {
        let mut m = Hmac::<Sha256>::new_from_slice(&key).unwrap();
        m.update(msg);
        m.finalize().into_bytes().to_vec()
    }
}

#[test]
fn signatures_follow_standard_webhooks() {
    // Standard Webhooks' example (its specification and libraries' tests); the expected value is theirs.
    let (secret, id, ts, body) =
        ("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, r#"{"test": 2432232314}"#);
    let sign = mac(secret);
    let sig = signature(&sign(&signing_input(id, UnixTime::from_secs(ts), body)));
    assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    let now = UnixTime::from_secs(ts + 10);
    assert_eq!(verify(id, "1614265330", &sig, body, now, &sign), Ok(()));
    // A rotating key: the old and the new signature side by side; either matching is enough.
    let rotated = format!("v1,bm90IHRoaXMgb25l {sig}");
    assert_eq!(verify(id, "1614265330", &rotated, body, now, &sign), Ok(()));
    assert_eq!(verify(id, "1614265330", &sig, r#"{"test": 2432232315}"#, now, &sign), Err(WebhookError::Signature));
    assert_eq!(verify("msg_other", "1614265330", &sig, body, now, &sign), Err(WebhookError::Signature));
    assert_eq!(verify(id, "1614265330", &sig, body, now, mac("c2VjcmV0")), Err(WebhookError::Signature));
    let late = UnixTime::from_secs(ts + REPLAY_WINDOW_SECS + 1);
    assert_eq!(
        verify(id, "1614265330", &sig, body, late, &sign),
        Err(WebhookError::OutsideWindow(REPLAY_WINDOW_SECS + 1))
    );
    assert_eq!(verify(id, "soon", &sig, body, now, &sign), Err(WebhookError::Timestamp));
    assert_eq!(verify(id, "1614265330", "v2,abc", body, now, &sign), Err(WebhookError::Signature));
}
