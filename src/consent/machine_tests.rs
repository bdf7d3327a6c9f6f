//! The lifecycle's transitions, table-driven. Each row of the e2e tests that changes or reads a consent
//! (`e2e/worker-altinn3.test.mjs`, `worker-altinn2.test.mjs`, `worker-faults.test.mjs`) has its row here, named
//! after it.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::{machine::*, *};
use crate::{
    altinn::{altinn2::Altinn2RequestStatus as A2, altinn2::AuthorizationCode, altinn3::ConsentStatus as A3},
    ids::ConsentRequestId,
    UnixTime,
};

const NOW: UnixTime = UnixTime::from_secs(1_800_000_000);
const LATER: UnixTime = UnixTime::from_secs(1_800_000_000 + 90 * 86_400);

fn a3() -> ConsentRef {
    ConsentRef::Altinn3(ConsentRequestId::parse("77ed8698-e619-4066-9eb4-5c1eb3f165a1").unwrap())
}

fn code() -> AuthorizationCode {
    AuthorizationCode::parse("c44f284f-b43b-4355-925a-2add17439659").unwrap()
}

fn a2() -> ConsentRef {
    ConsentRef::Altinn2(code())
}

fn rec(reference: ConsentRef, status: ConsentStatus, valid_to: Option<UnixTime>) -> ConsentRecord {
    ConsentRecord { reference, status, valid_to, updated_at: UnixTime::from_secs(1_700_000_000) }
}

fn put(record: ConsentRecord, guard: Guard) -> Option<Store> {
    Some(Store::Put { record, guard })
}

#[test]
fn stored_rows_are_read_once_and_strictly() {
    let r =
        ConsentRecord::from_stored("altinn3", "77ED8698-E619-4066-9EB4-5C1EB3F165A1", "granted", Some(5), 4).unwrap();
    assert_eq!(
        r,
        ConsentRecord {
            reference: a3(),
            status: ConsentStatus::Granted,
            valid_to: Some(UnixTime::from_secs(5)),
            updated_at: UnixTime::from_secs(4)
        }
    );
    assert_eq!(r.reference.to_string(), "77ed8698-e619-4066-9eb4-5c1eb3f165a1");
    let r = ConsentRecord::from_stored("altinn2", code().as_str(), "pending", None, 4).unwrap();
    assert_eq!((r.mode(), r.reference), (ConsentMode::Altinn2, a2()));
    for (mode, reference, status, want) in [
        ("altinn4", "77ed8698-e619-4066-9eb4-5c1eb3f165a1", "granted", RecordError::Mode("altinn4".into())),
        ("", "77ed8698-e619-4066-9eb4-5c1eb3f165a1", "granted", RecordError::Mode(String::new())),
        ("altinn3", "77ed8698-e619-4066-9eb4-5c1eb3f165a1", "Granted", RecordError::Status("Granted".into())),
        ("altinn3", "77ed8698-e619-4066-9eb4-5c1eb3f165a1", "none", RecordError::Status("none".into())),
        ("altinn3", "77ed8698-e619-4066-9eb4-5c1eb3f165a1", "", RecordError::Status(String::new())),
    ] {
        assert_eq!(ConsentRecord::from_stored(mode, reference, status, None, 0), Err(want), "{mode} {status}");
    }
    // A code where a UUID belongs (or the reverse of what Altinn 2 allows) is a typed error naming the mode.
    for (mode, reference) in [("altinn3", "c44f284f"), ("altinn3", ""), ("altinn2", "a b"), ("altinn2", "")] {
        let err = ConsentRecord::from_stored(mode, reference, "granted", None, 0).unwrap_err();
        assert!(
            matches!(err, RecordError::Reference { mode: m, .. } if m.as_str() == mode),
            "{mode} {reference:?}: {err:?}"
        );
    }
    assert_eq!(ConsentMode::parse("altinn3"), Ok(ConsentMode::Altinn3));
    assert!(ConsentMode::parse("Altinn3").is_err());
    for s in [
        ConsentStatus::Pending,
        ConsentStatus::Granted,
        ConsentStatus::Denied,
        ConsentStatus::Expired,
        ConsentStatus::Revoked,
    ] {
        assert_eq!(ConsentStatus::parse_stored(s.as_str()), Ok(s));
        assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{s}\""));
    }
    assert_eq!(serde_json::to_string(&ConsentMode::Altinn2).unwrap(), "\"altinn2\"");
}

#[test]
fn the_status_follows_the_record_and_the_clock() {
    let later = Some(NOW.add_secs(1));
    for (record, want) in [
        (None, ConsentStatus::None),
        (Some(rec(a3(), ConsentStatus::Granted, later)), ConsentStatus::Granted),
        (Some(rec(a3(), ConsentStatus::Granted, Some(NOW))), ConsentStatus::Expired),
        (Some(rec(a3(), ConsentStatus::Granted, None)), ConsentStatus::Expired),
        (Some(rec(a3(), ConsentStatus::Pending, None)), ConsentStatus::Pending),
        (Some(rec(a3(), ConsentStatus::Denied, None)), ConsentStatus::Denied),
        (Some(rec(a2(), ConsentStatus::Revoked, later)), ConsentStatus::Revoked),
        (Some(rec(a2(), ConsentStatus::Expired, later)), ConsentStatus::Expired),
    ] {
        assert_eq!(status_of(record.as_ref(), NOW), want, "{record:?}");
        assert_eq!(record.as_ref().is_some_and(|r| r.is_usable(NOW)), want == ConsentStatus::Granted);
    }
}

#[test]
fn starting_reuses_a_pending_flow_or_creates_one() {
    assert_eq!(start(Some("https://altinn/page")), Start::Reuse("https://altinn/page"));
    assert_eq!(start::<&str>(None), Start::Create);
    assert_eq!(reuse_bound(NOW), NOW.add_secs(300));
    // "Altinn 3 create × …: no record; the next start succeeds" → pending; a valid grant is not overwritten.
    for reference in [a3(), a2()] {
        assert_eq!(
            Some(created(reference.clone(), NOW)),
            put(ConsentRecord::pending(reference, NOW), Guard::UnlessValidGrant)
        );
    }
}

#[test]
fn the_callback_asks_altinn_and_records_only_its_final_word() {
    let (id, c) = (ConsentRequestId::parse("77ed8698-e619-4066-9eb4-5c1eb3f165a1").unwrap(), code());
    assert_eq!(callback(&a3(), None), Finish::AskAltinn(Ask::Altinn3Status(id)));
    assert_eq!(callback(&a2(), None), Finish::AskAltinn(Ask::Altinn2Status(c.clone())));
    let upper = AuthorizationCode::parse(&c.as_str().to_ascii_uppercase()).unwrap();
    assert_eq!(callback(&a2(), Some(&upper)), Finish::AskAltinn(Ask::Altinn2Status(c.clone())));
    let other = AuthorizationCode::parse("0435d832-193b-4a13-a6d1-d172c18e18c7").unwrap();
    assert_eq!(callback(&a2(), Some(&other)), Finish::Open(Failure::InvalidState));

    let granted = |r: ConsentRef, to| Finish::Final {
        outcome: Outcome::Granted,
        store: put(ConsentRecord::granted(r, to, NOW), Guard::Always),
    };
    let denied = |r: ConsentRef| Finish::Final {
        outcome: Outcome::Denied,
        store: put(ConsentRecord::denied(r, NOW), Guard::UnlessValidGrant),
    };
    let over = |f| Finish::Final { outcome: Outcome::Failed(f), store: None };
    let rows: Vec<(&str, ConsentRef, Answer, Finish)> = vec![
        // worker-altinn3: "the consent page approved … the consent is granted"
        (
            "a3 approved",
            a3(),
            Answer::Altinn3(A3::Granted { valid_to: LATER, consented: Some(NOW) }),
            granted(a3(), LATER),
        ),
        // worker-altinn3: "a denied consent redirects with denied, is recorded"; "a forged Status=OK … is not granted"
        ("a3 rejected", a3(), Answer::Altinn3(A3::Rejected), denied(a3())),
        ("a3 revoked", a3(), Answer::Altinn3(A3::Revoked), over(Failure::ConsentRevoked)),
        ("a3 deleted", a3(), Answer::Altinn3(A3::Deleted), over(Failure::ConsentRevoked)),
        ("a3 expired", a3(), Answer::Altinn3(A3::Expired { valid_to: NOW }), over(Failure::ConsentRequired)),
        // A leaked callback before the user answered: nothing final, the state stays usable.
        ("a3 pending", a3(), Answer::Altinn3(A3::Pending), Finish::Open(Failure::ConsentRequired)),
        ("a3 used", a3(), Answer::Altinn3(A3::Used), Finish::Open(Failure::ConsentRequired)),
        ("a3 unknown", a3(), Answer::Altinn3Unknown, Finish::Open(Failure::NotFound)),
        // worker-altinn2: "the Altinn 2 flow … 303 to the return URL" (status first, then the consent token)
        ("a2 accepted", a2(), Answer::Altinn2(A2::Accepted), Finish::AskAltinn(Ask::Altinn2Token(c.clone()))),
        ("a2 token", a2(), Answer::Altinn2Token { valid_to: Some(LATER) }, granted(a2(), LATER)),
        (
            "a2 token without end",
            a2(),
            Answer::Altinn2Token { valid_to: None },
            granted(a2(), NOW.add_secs(DEFAULT_VALIDITY_SECS)),
        ),
        // worker-faults: "Altinn 2 token × …: 303 with kravkitError; pending" (a refused token is not final)
        ("a2 token refused", a2(), Answer::Altinn2TokenRefused, Finish::Open(Failure::ConsentRequired)),
        // worker-altinn2: "a denied consent redirects with denied"
        ("a2 rejected", a2(), Answer::Altinn2(A2::Rejected), denied(a2())),
        ("a2 revoked", a2(), Answer::Altinn2(A2::Revoked), over(Failure::ConsentRevoked)),
        ("a2 pending", a2(), Answer::Altinn2(A2::Pending), Finish::Open(Failure::ConsentRequired)),
        // An answer of the other generation is a fault of the caller, never read as something else.
        ("a3 with an a2 answer", a3(), Answer::Altinn2(A2::Accepted), Finish::Open(Failure::Internal)),
        (
            "a2 with an a3 answer",
            a2(),
            Answer::Altinn3(A3::Granted { valid_to: LATER, consented: None }),
            Finish::Open(Failure::Internal),
        ),
    ];
    for (name, reference, answer, want) in rows {
        assert_eq!(finish(&reference, &answer, NOW), want, "{name}");
    }
}

#[test]
fn the_check_in_front_of_every_data_call() {
    let valid = rec(a3(), ConsentStatus::Granted, Some(NOW.add_secs(60)));
    let ran_out = rec(a3(), ConsentStatus::Granted, Some(NOW.add_secs(-60)));
    let refuse = |reason| Next::Refuse { reason, store: None };
    let rows: Vec<(&str, Option<ConsentRecord>, Next)> = vec![
        // worker-altinn3: "another party has its own consent": none → consent_required
        ("no record", None, refuse(Refusal::NoConsent)),
        ("granted", Some(valid.clone()), Next::Use(valid.clone())),
        (
            "granted (altinn 2)",
            Some(rec(a2(), ConsentStatus::Granted, Some(LATER))),
            Next::Use(rec(a2(), ConsentStatus::Granted, Some(LATER))),
        ),
        // worker-altinn3: "a granted consent past its valid_to is consent_required before anything upstream, and
        // recorded expired"
        (
            "granted past valid_to",
            Some(ran_out.clone()),
            Next::Refuse {
                reason: Refusal::Expired,
                store: Some(Store::Update(ran_out.with_status(ConsentStatus::Expired, NOW))),
            },
        ),
        ("recorded expired", Some(rec(a3(), ConsentStatus::Expired, Some(NOW))), refuse(Refusal::Expired)),
        ("pending", Some(rec(a3(), ConsentStatus::Pending, None)), refuse(Refusal::Pending)),
        // "a denied consent … data stays refused"
        ("denied", Some(rec(a2(), ConsentStatus::Denied, None)), refuse(Refusal::Denied)),
        // "… then answered without upstream calls" once a revocation is recorded
        ("revoked", Some(rec(a3(), ConsentStatus::Revoked, Some(LATER))), refuse(Refusal::Revoked)),
    ];
    for (name, record, want) in rows {
        assert_eq!(check(record.as_ref(), NOW), want, "{name}");
    }
}

#[test]
fn a_refused_consent_is_looked_up_and_what_it_became_is_recorded() {
    let g3 = rec(a3(), ConsentStatus::Granted, Some(LATER));
    let g2 = rec(a2(), ConsentStatus::Granted, Some(LATER));
    let id = ConsentRequestId::parse("77ed8698-e619-4066-9eb4-5c1eb3f165a1").unwrap();
    assert_eq!(refused(&g3), Next::AskAltinn(Ask::Altinn3Status(id)));
    assert_eq!(refused(&g2), Next::AskAltinn(Ask::Altinn2Token(code())));
    let learnt = |r: &ConsentRecord, reason, status| Next::Refuse {
        reason,
        store: Some(Store::Update(r.with_status(status, NOW))),
    };
    let nothing = Next::Refuse { reason: Refusal::NotAccepted, store: None };
    let rows: Vec<(&str, &ConsentRecord, Option<Answer>, Next)> = vec![
        // worker-faults "consent revoked, token cached / no token yet"; worker-altinn3 "a revocation after a token
        // was cached" and "… before any token"
        ("a3 revoked", &g3, Some(Answer::Altinn3(A3::Revoked)), learnt(&g3, Refusal::Revoked, ConsentStatus::Revoked)),
        ("a3 deleted", &g3, Some(Answer::Altinn3(A3::Deleted)), learnt(&g3, Refusal::Revoked, ConsentStatus::Revoked)),
        // worker-faults "consent no longer known to Altinn" and "the simulator restarts and forgets its consents"
        ("a3 unknown", &g3, Some(Answer::Altinn3Unknown), learnt(&g3, Refusal::Forgotten, ConsentStatus::Revoked)),
        // worker-faults "consent expired, …"; worker-altinn3 "an expired consent is detected, recorded as expired"
        (
            "a3 expired",
            &g3,
            Some(Answer::Altinn3(A3::Expired { valid_to: NOW })),
            learnt(&g3, Refusal::NotAccepted, ConsentStatus::Expired),
        ),
        (
            "a3 rejected",
            &g3,
            Some(Answer::Altinn3(A3::Rejected)),
            learnt(&g3, Refusal::NotAccepted, ConsentStatus::Denied),
        ),
        // Altinn still says granted (or pending, used): nothing learnt, nothing recorded.
        (
            "a3 still granted",
            &g3,
            Some(Answer::Altinn3(A3::Granted { valid_to: LATER, consented: None })),
            nothing.clone(),
        ),
        ("a3 pending", &g3, Some(Answer::Altinn3(A3::Pending)), nothing.clone()),
        ("a3 used", &g3, Some(Answer::Altinn3(A3::Used)), nothing.clone()),
        ("a3 no answer", &g3, None, nothing.clone()),
        // worker-altinn2 "a revocation: the 403 on the consent token fetch" and "… while a consent token is cached"
        (
            "a2 token refused",
            &g2,
            Some(Answer::Altinn2TokenRefused),
            learnt(&g2, Refusal::Revoked, ConsentStatus::Revoked),
        ),
        ("a2 token issued", &g2, Some(Answer::Altinn2Token { valid_to: None }), nothing.clone()),
        ("a2 no answer", &g2, None, nothing.clone()),
        ("a2 with an a3 answer", &g2, Some(Answer::Altinn3(A3::Revoked)), nothing.clone()),
        ("a3 with an a2 answer", &g3, Some(Answer::Altinn2TokenRefused), nothing),
    ];
    for (name, record, answer, want) in rows {
        assert_eq!(gone(record, answer.as_ref(), NOW), want, "{name}");
    }
    // Recorded, the refusal is then answered from the record alone.
    let Next::Refuse { store: Some(Store::Update(r)), .. } = gone(&g3, Some(&Answer::Altinn3Unknown), NOW) else {
        panic!()
    };
    assert_eq!(check(Some(&r), NOW), Next::Refuse { reason: Refusal::Revoked, store: None });
}

#[test]
fn withdrawal_forgets_the_record() {
    // worker-altinn3 "DELETE forgets the local record": afterwards there is no consent.
    assert_eq!(withdraw(), Store::Forget);
    assert_eq!(check(None, NOW), Next::Refuse { reason: Refusal::NoConsent, store: None });
}
