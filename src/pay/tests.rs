//! The payments of open claims, over Skatteetaten's documented examples and a constructed party with every case:
//! instalments, partial payments, a claim whose instalments ask for more than is left, masked, missing and wrong
//! accounts and KIDs, credits.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use serde_json::{json, Value};

use super::*;
use crate::model::{canonical, AapneKrav, Amount};
use crate::present::Lang;
use crate::time::Date;

const FIXTURES: [&str; 4] = [
    include_str!("../../fixtures/skatteetaten/2024-04-24/aapnekrav.json"),
    include_str!("../../fixtures/skatteetaten/2022-12-14/aapnekrav.json"),
    include_str!("../../fixtures/skatteetaten/2024-04-24-aeb4591d/aapnekrav.json"),
    include_str!("../../fixtures/skatteetaten/2023-03-06/aapnekrav.json"),
];

/// A 15-digit KID with its MOD10 check digit.
fn kid(n: u64) -> String {
    kid_mod10(&format!("{n:014}")).unwrap()
}

fn forfall(id: &str, due: &str, left: i64, info: Value) -> Value {
    json!({"kravforfallsIdentifikator": id, "forfallsdato": due, "opprinneligBeloep": left * 2,
           "gjenstaaendeBeloep": left, "betalingsinformasjon": info})
}

fn krav(id: &str, left: i64, forfall: Vec<Value>) -> Value {
    json!({"kravidentifikator": id, "partIdentifikator": "313367002", "kravbeskrivelse": {"nb": "Restskatt",
           "en": "Residual tax"}, "kravperiode": {"aar": "2023"}, "opprinneligBeloep": left * 2,
           "gjenstaaendeBeloep": left, "kravforfall": forfall})
}

fn pay_to(kid: &str, konto: Value) -> Value {
    json!({"kidnummer": kid, "konto": konto})
}

fn skatteetaten() -> Value {
    json!({"kontonummer": "63450624804", "iban": "NO42 6345 06 24804", "swiftBIC": "NDEANOKK",
           "kontoeiersNavn": "Skatteetaten"})
}

/// Today is 2024-03-01. `A` has two instalments (one overdue, one not, the overdue one partly paid); `B` a masked
/// account; `C` no payment details; `D` is a credit; `E`'s instalments ask for more than is left of it; `F` a KID
/// with a wrong check digit; `G` only an IBAN; `H` is overdue and undated instalments.
pub(super) fn party() -> AapneKrav {
    let ok = |n| pay_to(&kid(n), skatteetaten());
    let bad_kid = {
        let k = kid(6);
        let last = (k.as_bytes()[14] - b'0' + 1) % 10;
        format!("{}{last}", &k[..14])
    };
    canonical::from_value(json!({"partIdentifikator": "313367002", "aapentKravMedGjenstaaendeBeloep": [
        krav("A", 150_000, vec![forfall("A1", "2024-02-01", 50_000, ok(1)), forfall("A2", "2024-04-01", 100_000, ok(2))]),
        krav("B", 70_000, vec![forfall("B1", "2024-01-10", 70_000, pay_to(&kid(3), json!({"kontonummer": "******24804"})))]),
        krav("C", 30_000, vec![forfall("C1", "2024-01-15", 30_000, json!({}))]),
        krav("D", -20_000, vec![forfall("D1", "2024-01-20", -20_000, ok(4))]),
        krav("E", 60_000, vec![forfall("E1", "2024-02-10", 50_000, ok(5)), forfall("E2", "2024-02-20", 50_000, ok(7))]),
        krav("F", 10_000, vec![forfall("F1", "2024-02-15", 10_000, pay_to(&bad_kid, skatteetaten()))]),
        krav("G", 12_345, vec![forfall("G1", "2024-05-01", 12_345, pay_to(&kid(8), json!({"iban": "NO4263450624804"})))]),
        krav("H", 9_000, vec![json!({"opprinneligBeloep": 9_000, "gjenstaaendeBeloep": 9_000,
            "betalingsinformasjon": ok(9)})]),
    ]}))
    .unwrap()
}

pub(super) fn today() -> Date {
    Date::parse("2024-03-01").unwrap()
}

fn ids(b: &Betalinger) -> Vec<String> {
    b.betalinger.iter().map(|p| p.kravforfalls_identifikator.as_ref().map_or("-", |f| f.as_str()).to_owned()).collect()
}

fn skipped(b: &Betalinger) -> Vec<(String, SkipReason)> {
    b.skipped.iter().map(|s| (s.kravidentifikator.as_str().to_owned(), s.reason)).collect()
}

#[test]
fn every_payable_instalment_is_one_payment_in_due_order() {
    let all = betalinger(&party(), &Selection::All, today(), Lang::En);
    assert_eq!(ids(&all), ["A1", "E1", "E2", "A2", "G1", "-"]);
    assert_eq!(
        skipped(&all),
        [
            ("B".into(), SkipReason::MaskedAccount),
            ("C".into(), SkipReason::NoKid),
            ("F".into(), SkipReason::InvalidKid)
        ]
    );
    let a1 = &all.betalinger[0];
    assert_eq!((a1.beloep.oere(), a1.kid.as_str(), a1.forfalt), (50_000, kid(1).as_str(), true));
    assert_eq!(a1.konto.kontonummer.as_deref(), Some("63450624804"));
    assert_eq!(a1.konto.iban, "NO4263450624804");
    assert_eq!((a1.konto.bic.as_deref(), a1.konto.name.as_deref()), (Some("NDEANOKK"), Some("Skatteetaten")));
    assert_eq!(a1.beskrivelse, "Residual tax 2023");
    assert_eq!(a1.part.as_ref().unwrap().as_str(), "313367002");
    // E: 60,000 left over instalments of 50,000 + 50,000: the second pays only the 10,000 that is left.
    assert_eq!((all.betalinger[1].beloep.oere(), all.betalinger[2].beloep.oere()), (50_000, 10_000));
    // G: only an IBAN, the account number is derived.
    assert_eq!(all.betalinger[4].konto.kontonummer.as_deref(), Some("63450624804"));
    let sum: i64 = all.betalinger.iter().map(|b| b.beloep.oere()).sum();
    assert_eq!(all.sum.unwrap().oere(), sum);
    assert_eq!(sum, 50_000 + 100_000 + 60_000 + 12_345 + 9_000);
}

#[test]
fn overdue_is_what_fell_due_before_today() {
    let due = betalinger(&party(), &Selection::Overdue, today(), Lang::Nb);
    assert_eq!(ids(&due), ["A1", "E1", "E2"]);
    assert!(due.betalinger.iter().all(|b| b.forfalt && b.forfallsdato.unwrap() < today()));
    assert_eq!(due.sum.unwrap().oere(), 110_000);
    assert_eq!(due.betalinger[0].beskrivelse, "Restskatt 2023");
    // What is overdue but cannot be paid from here is named.
    assert_eq!(skipped(&due).len(), 3);
    // On the due date itself nothing of A2 is overdue; the day after, it is.
    let on = betalinger(&party(), &Selection::Overdue, Date::parse("2024-04-01").unwrap(), Lang::Nb);
    assert!(!ids(&on).contains(&"A2".to_owned()));
    let after = betalinger(&party(), &Selection::Overdue, Date::parse("2024-04-02").unwrap(), Lang::Nb);
    assert!(ids(&after).contains(&"A2".to_owned()));
}

#[test]
fn a_selection_by_claim_or_instalment() {
    let sel = Selection::Ids(vec!["A".into(), "E2".into(), "D".into(), "nope".into(), "B".into()]);
    let chosen = betalinger(&party(), &sel, today(), Lang::Nb);
    assert_eq!(ids(&chosen), ["A1", "E2", "A2"]);
    // D is a credit (nothing to pay, nothing skipped); "nope" names nothing.
    assert_eq!(
        skipped(&chosen),
        [
            ("B".into(), SkipReason::MaskedAccount),
            ("D".into(), SkipReason::NotFound),
            ("nope".into(), SkipReason::NotFound)
        ]
    );
    assert_eq!(chosen.sum.unwrap().oere(), 50_000 + 10_000 + 100_000);
}

#[test]
fn the_pay_action_is_offered_for_claims_with_a_payable_instalment() {
    let p = party();
    let payable: Vec<&str> = p
        .aapent_krav_med_gjenstaaende_beloep
        .iter()
        .filter(|k| krav_payable(k))
        .map(|k| k.kravidentifikator.as_str())
        .collect();
    assert_eq!(payable, ["A", "E", "G", "H"]);
}

#[test]
fn the_documented_examples_never_ask_for_more_than_is_left() {
    for src in FIXTURES {
        let a: AapneKrav = serde_json::from_str(src).unwrap();
        let all = betalinger(&a, &Selection::All, today(), Lang::Nb);
        for k in &a.aapent_krav_med_gjenstaaende_beloep {
            let mine: Vec<&Betaling> =
                all.betalinger.iter().filter(|b| b.kravidentifikator == k.kravidentifikator).collect();
            let total = Amount::checked_sum(mine.iter().map(|b| &b.beloep)).unwrap();
            assert!(total <= k.gjenstaaende_beloep.max(Amount::ZERO), "{k:?}");
            assert!(mine.iter().all(|b| b.beloep > Amount::ZERO));
        }
        // Every open instalment is either a payment or named as skipped.
        let open: usize = a
            .aapent_krav_med_gjenstaaende_beloep
            .iter()
            .filter(|k| k.gjenstaaende_beloep > Amount::ZERO)
            .map(|k| k.kravforfall.iter().filter(|f| f.gjenstaaende_beloep > Amount::ZERO).count())
            .sum();
        assert!(all.betalinger.len() + all.skipped.len() <= open);
    }
}

#[test]
fn the_answer_is_json_with_amounts_in_oere() {
    let due = betalinger(&party(), &Selection::Overdue, today(), Lang::Nb);
    let v = serde_json::to_value(&due).unwrap();
    assert_eq!(v["sum"], 110_000);
    assert_eq!(v["betalinger"][0]["beloep"], 50_000);
    assert_eq!(v["betalinger"][0]["forfallsdato"], "2024-02-01");
    assert_eq!(v["betalinger"][0]["kravforfallsIdentifikator"], "A1");
    assert_eq!(v["betalinger"][0]["konto"]["iban"], "NO4263450624804");
    assert_eq!(v["skipped"][0]["reason"], "masked_account");
    let sel: Selection = serde_json::from_value(json!({"kind": "ids", "ids": ["A"]})).unwrap();
    assert_eq!(sel, Selection::Ids(vec!["A".into()]));
    assert_eq!(serde_json::from_value::<Selection>(json!({"kind": "overdue"})).unwrap(), Selection::Overdue);
}

#[test]
fn payable_says_whether_the_pay_actions_have_anything_to_pay() {
    assert_eq!(payable(&party(), today()), Payable { any: true, overdue: true });
    // Before A1 and E1 fall due, something is payable and nothing overdue.
    assert_eq!(payable(&party(), Date::parse("2024-01-01").unwrap()), Payable { any: true, overdue: false });
    let fixture = serde_json::from_str(FIXTURES[0]).unwrap();
    assert_eq!(payable(&fixture, today()), Payable::default(), "the documented examples carry no KID");
}

#[test]
fn an_instalment_is_payable_only_while_something_is_left_of_it_and_of_its_claim() {
    let p = party();
    let by_id =
        |id: &str| p.aapent_krav_med_gjenstaaende_beloep.iter().find(|k| k.kravidentifikator.as_str() == id).unwrap();
    let a = by_id("A");
    assert!(a.kravforfall.iter().all(|f| forfall_payable(a, f)));
    // E's second instalment still has 10,000 of the claim's 60,000 left to it; B's account is masked; D is a credit.
    let e = by_id("E");
    assert!(forfall_payable(e, &e.kravforfall[1]));
    assert!(!forfall_payable(by_id("B"), &by_id("B").kravforfall[0]));
    assert!(!forfall_payable(by_id("D"), &by_id("D").kravforfall[0]));
    // An instalment of another claim is not one of this claim's.
    assert!(!forfall_payable(a, &e.kravforfall[0]));
}
