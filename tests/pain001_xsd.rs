//! The payment files against ISO 20022's official `pain.001.001.09` XSD (shipped by PyPI's sepaxml, installed into
//! `.venv-tools/` by `scripts/setup`), validated by an independent implementation (PyPI's xmlschema,
//! `tests/py/validate_pain001.py`), which also reads back every transaction: the amounts, KIDs, dates and accounts
//! it finds must be the payments'. Cases: instalments, a partly paid claim, a claim whose instalments ask for more than
//! is left, Norwegian letters and markup in names, a foreign-IBAN creditor, an IBAN and a BBAN debtor, with and
//! without BIC and organisation number, a KID with a MOD11 `-`, and 500 payments over many dates.
//!
//! Needs `scripts/setup` (for `.venv-tools/`); fails with a clear message without it.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::Command;

use kravkit::ids::Organisasjonsnummer;
use kravkit::model::{canonical, AapneKrav};
use kravkit::pay::{betalinger, execution_date, kid_mod10, pain001, Betaling, Debtor, PaymentFile, Selection};
use kravkit::present::Lang;
use kravkit::{Date, UnixTime};
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A KID with its MOD10 check digit.
fn kid10(body: &str) -> String {
    kid_mod10(body).unwrap()
}

/// A KID whose MOD11 check is 10, written `-`.
fn kid11_dash() -> String {
    (1000u32..)
        .map(|n| n.to_string())
        .find(|b| {
            let s: u32 = b.bytes().rev().enumerate().map(|(i, c)| u32::from(c - b'0') * (2 + i as u32 % 6)).sum();
            11 - s % 11 == 10
        })
        .map(|b| format!("{b}-"))
        .unwrap()
}

fn forfall(id: &str, due: &str, left: i64, kid: &str, konto: Value) -> Value {
    json!({"kravforfallsIdentifikator": id, "forfallsdato": due, "opprinneligBeloep": left, "gjenstaaendeBeloep": left,
           "betalingsinformasjon": {"kidnummer": kid, "konto": konto}})
}

fn krav(id: &str, text: &str, left: i64, forfall: Vec<Value>) -> Value {
    json!({"kravidentifikator": id, "kravbeskrivelse": {"nb": text}, "opprinneligBeloep": left,
           "gjenstaaendeBeloep": left, "kravforfall": forfall})
}

fn party() -> AapneKrav {
    let ske = json!({"kontonummer": "63450624804", "iban": "NO42 6345 06 24804", "swiftBIC": "NDEANOKK",
                     "kontoeiersNavn": "Skatteetaten – Innkreving & Ærlighet <NO>"});
    let foreign = json!({"iban": "DE89 3704 0044 0532 0130 00", "swiftBIC": "COBADEFFXXX"});
    let mut claims = vec![
        krav(
            "A",
            "Restskatt",
            150_001,
            vec![
                forfall("A1", "2024-02-01", 50_001, &kid10("00000000000001"), ske.clone()),
                forfall("A2", "2024-04-01", 100_000, &kid10("00000000000002"), ske.clone()),
            ],
        ),
        krav(
            "E",
            "Merverdiavgift",
            60_000,
            vec![
                forfall("E1", "2024-02-10", 50_000, &kid10("00000000000005"), ske.clone()),
                forfall("E2", "2024-02-20", 50_000, &kid10("00000000000007"), ske.clone()),
            ],
        ),
        krav("F", "Utenlandsk", 99, vec![forfall("F1", "2024-06-01", 99, &kid11_dash(), foreign)]),
    ];
    for i in 0..500 {
        let due = Date::parse("2024-01-01").unwrap().add_days(i % 200).to_string();
        let id = format!("M{i:04}");
        claims.push(krav(
            &id,
            "Forskuddsskatt",
            1_000 + i,
            vec![forfall(&format!("{id}-1"), &due, 1_000 + i, &kid10(&format!("{:014}", 1_000 + i)), ske.clone())],
        ));
    }
    canonical::from_value(json!({"aapentKravMedGjenstaaendeBeloep": claims})).unwrap()
}

/// Runs the validator over `files`; its JSON reading of each.
fn validate(files: &[PathBuf]) -> Value {
    let python = root().join(".venv-tools/bin/python");
    assert!(python.exists(), "{} is missing: run scripts/setup", python.display());
    let out = Command::new(python)
        .arg(root().join("tests/py/validate_pain001.py"))
        .args(files)
        .output()
        .expect("the validator runs");
    assert!(out.status.success(), "XSD validation failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("the validator prints JSON")
}

fn kroner(oere: i64) -> String {
    format!("{}.{:02}", oere / 100, oere % 100)
}

#[test]
fn payment_files_are_valid_pain001_and_say_exactly_what_the_payments_say() {
    let today = Date::parse("2024-03-01").unwrap();
    let p = party();
    let bban = Debtor {
        name: "Fjøsnisse & Sønn <ENK>".into(),
        account: "1503.44.45556".into(),
        bic: Some("DNBANOKK".into()),
        organisasjonsnummer: Some(Organisasjonsnummer::parse("313367002").unwrap()),
    };
    let iban = Debtor {
        name: "Åse Ødegård AS".into(),
        account: "NO93 8601 1117 947".into(),
        bic: None,
        organisasjonsnummer: None,
    };
    let cases: Vec<(&str, Vec<Betaling>, &Debtor)> = vec![
        ("all", betalinger(&p, &Selection::All, today, Lang::Nb).betalinger, &bban),
        ("overdue", betalinger(&p, &Selection::Overdue, today, Lang::Nn).betalinger, &iban),
        ("chosen", betalinger(&p, &Selection::Ids(vec!["E".into(), "F1".into()]), today, Lang::En).betalinger, &iban),
    ];
    let dir = tempfile_dir();
    let mut files = Vec::new();
    for (name, payments, debtor) in &cases {
        let file = PaymentFile {
            message_id: &format!("kravkit-{name}"),
            created: UnixTime::from_secs(1_709_287_200),
            earliest: today,
            debtor,
        };
        let xml = pain001(payments, &file).unwrap();
        let path = dir.join(format!("{name}.xml"));
        std::fs::write(&path, xml).unwrap();
        files.push(path);
    }
    let read = validate(&files);
    for ((name, payments, debtor), got) in cases.iter().zip(read.as_array().unwrap()) {
        assert_eq!(got["count"], payments.len().to_string(), "{name}");
        let sum: i64 = payments.iter().map(|b| b.beloep.oere()).sum();
        assert_eq!(got["sum"], kroner(sum), "{name}");
        assert_eq!(got["debtor"], debtor.name.as_str(), "{name}: Norwegian letters and markup survive");
        let mut want: Vec<Value> = payments
            .iter()
            .map(|b| {
                json!({"date": execution_date(b, today).to_string(), "amount": kroner(b.beloep.oere()), "currency": "NOK",
                       "endToEnd": b.kid, "kid": b.kid, "kidType": "SCOR",
                       "creditor": b.konto.name.clone().unwrap_or_else(|| "Skatteetaten".into()),
                       "creditorAccount": b.konto.kontonummer.clone().unwrap_or_else(|| b.konto.iban.clone())})
            })
            .collect();
        let mut txs: Vec<Value> = got["transactions"]
            .as_array()
            .unwrap()
            .iter()
            .cloned()
            .map(|mut t| {
                t.as_object_mut().unwrap().remove("debtorAccount");
                t
            })
            .collect();
        let key = |v: &Value| format!("{}{}", v["date"], v["kid"]);
        want.sort_by_key(key);
        txs.sort_by_key(key);
        assert_eq!(txs, want, "{name}");
    }
    // The claim whose instalments ask for more than is left pays only what is left (E2: 10,000 of 50,000 øre).
    let all = &read[0]["transactions"];
    let e2 = all.as_array().unwrap().iter().find(|t| t["kid"] == kid10("00000000000007")).unwrap();
    assert_eq!(e2["amount"], "100.00");
    assert_eq!(read[1]["transactions"][0]["debtorAccount"], "NO9386011117947");
    assert_eq!(read[0]["transactions"][0]["debtorAccount"], "15034445556");
    assert!(read[2]["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["creditorAccount"] == "DE89370400440532013000" && t["kid"].as_str().unwrap().ends_with('-')));
}

/// A fresh directory under the target dir for this test's files.
fn tempfile_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("pain001-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
