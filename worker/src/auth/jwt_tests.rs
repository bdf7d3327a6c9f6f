use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use serde_json::json;

use super::*;

const NOW: i64 = 1_800_000_000;

fn rules() -> ClaimRules<'static> {
    ClaimRules { issuer: "https://bank.example", audience: "kravkit", now: NOW }
}

fn good() -> Value {
    json!({"iss": "https://bank.example", "aud": "kravkit", "sub": "u1", "iat": NOW - 60, "exp": NOW + 600,
           "parties": ["313367002", "04827896468"]})
}

fn with(key: &str, value: Value) -> Value {
    let mut c = good();
    c[key] = value;
    c
}

#[test]
fn a_good_token_gives_the_session() {
    let s = check_claims(&good(), &rules()).unwrap();
    assert_eq!(s.sub, "u1");
    assert!(s.may_act_for(&PartIdentifikator::parse("313367002").unwrap()));
    assert!(s.may_act_for(&PartIdentifikator::parse("04827896468").unwrap()));
    assert!(!s.may_act_for(&PartIdentifikator::parse("311851381").unwrap()));
    assert!(check_claims(&with("aud", json!(["other", "kravkit"])), &rules()).is_ok());
    assert!(check_claims(&with("nbf", json!(NOW - 1)), &rules()).is_ok());
    assert!(check_claims(&with("parties", json!([])), &rules()).is_ok());
}

#[test]
fn every_bad_claim_is_refused() {
    let mut no_sub = good();
    no_sub.as_object_mut().unwrap().remove("sub");
    let mut no_exp = good();
    no_exp.as_object_mut().unwrap().remove("exp");
    let mut no_parties = good();
    no_parties.as_object_mut().unwrap().remove("parties");
    for (why, claims) in [
        ("other issuer", with("iss", json!("https://evil.example"))),
        ("other audience", with("aud", json!("someone-else"))),
        ("audience list without us", with("aud", json!(["a", "b"]))),
        ("no sub", no_sub),
        ("empty sub", with("sub", json!(""))),
        ("no exp", no_exp),
        ("expired", with("exp", json!(NOW))),
        ("too long", with("exp", json!(NOW - 60 + 901))),
        (
            "iat in the future",
            json!({"iss": "https://bank.example", "aud": "kravkit", "sub": "u", "iat": NOW + 120, "exp": NOW + 600, "parties": []}),
        ),
        ("nbf in the future", with("nbf", json!(NOW + 120))),
        ("nbf not a number", with("nbf", json!("soon"))),
        (
            "iat and exp so far apart that their difference overflows",
            json!({"iss": "https://bank.example", "aud": "kravkit", "sub": "u", "iat": -1e300, "exp": 1e300, "parties": []}),
        ),
        (
            "a negative iat",
            json!({"iss": "https://bank.example", "aud": "kravkit", "sub": "u", "iat": -1, "exp": NOW + 60, "parties": []}),
        ),
        ("exp beyond any sane date", with("exp", json!(1e12))),
        ("no parties", no_parties),
        ("parties not an array", with("parties", json!("313367002"))),
        ("a bad party", with("parties", json!(["313367002", "123456789"]))),
        ("a number party", with("parties", json!([313367002]))),
    ] {
        assert!(check_claims(&claims, &rules()).is_err(), "{why}");
    }
}

#[test]
fn compact_tokens_are_split_strictly() {
    let h = URL_SAFE_NO_PAD.encode(r#"{"alg":"ES256","kid":"k"}"#);
    let p = URL_SAFE_NO_PAD.encode(r#"{"sub":"u"}"#);
    let jwt = split(&format!("{h}.{p}.c2ln")).unwrap();
    assert_eq!(jwt.header["kid"], "k");
    assert_eq!(jwt.signature, b"sig");
    assert_eq!(jwt.signing_input, format!("{h}.{p}"));
    for bad in [
        String::new(),
        "a.b".to_owned(),
        format!("{h}.{p}.c2ln.x"),
        format!("{h}.{p}.!!"),
        format!("{h}.bm90IGpzb24.c2ln"),
        format!("{}.{p}.c2ln", URL_SAFE_NO_PAD.encode("[1]")),
        format!("{h}.{p}.{}", "A".repeat(20_000)),
    ] {
        assert!(split(&bad).is_err(), "{bad:.40}");
    }
}
