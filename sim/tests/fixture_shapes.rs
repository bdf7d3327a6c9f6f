//! The simulator's answers have the key sets of the documented examples in the repo's `fixtures/` (copies of the
//! shared fixture set, so this runs on a clean clone): recursively for objects, every element for arrays; values
//! may differ. Maps whose keys are data (`metaData`, `requestMessage`) are compared as leaves. Every deliberate
//! difference is listed with its reason, and a listed difference that goes away fails the test too.

mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::{json, Value};

const BASE: &str = "/altinn3/accessmanagement/api/v1/enterprise/consentrequests";

fn fixture(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

/// Every key path in `v`: `a`, `a.b`, `a[].c`.
fn shape(v: &Value) -> BTreeSet<String> {
    fn walk(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                    out.insert(path.clone());
                    if !["metaData", "metadata", "requestMessage"].contains(&k.as_str()) {
                        walk(v, &path, out);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|e| walk(e, &format!("{prefix}[]"), out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(v, "", &mut out);
    out
}

/// Asserts that `sim` has exactly the keys of `doc`, except `only_sim` and `only_doc` (path, why).
fn assert_shape(what: &str, sim: &Value, doc: &Value, only_sim: &[(&str, &str)], only_doc: &[(&str, &str)]) {
    let (s, d) = (shape(sim), shape(doc));
    let extra: Vec<&String> = s.difference(&d).collect();
    let missing: Vec<&String> = d.difference(&s).collect();
    let want_extra: Vec<&str> = only_sim.iter().map(|(p, _)| *p).collect();
    let want_missing: Vec<&str> = only_doc.iter().map(|(p, _)| *p).collect();
    assert_eq!(extra, want_extra, "{what}: keys only the simulator has\n{sim:#}");
    assert_eq!(missing, want_missing, "{what}: keys only the documented example has\n{sim:#}");
}

#[test]
fn altinn3_consent_request_create_and_get_match_the_documented_response() {
    let sim = start();
    let doc = fixture(include_str!("../../fixtures/altinn/altinn3-consentrequest.response.json"));
    // The documented request itself, with a fresh id and a validTo in the future.
    let mut body = fixture(include_str!("../../fixtures/altinn/altinn3-consentrequest.request.json"));
    let id = kravkit_sim::ids::new_uuid();
    body["id"] = json!(id);
    body["validTo"] = json!("2099-07-18T06:18:12.2597103+00:00");
    let write = core_token(&sim, "altinn:consentrequests.write", None);
    let created = sim.post_json(BASE, &[("Authorization", &format!("Bearer {write}"))], &body);
    assert_eq!(created.status, 201, "{}", created.body);
    assert_shape("create", &created.json(), &doc, &[], &[]);

    sim.config(json!({"consents": [{"id": id, "action": "approve"}]}));
    let read = core_token(&sim, "altinn:consentrequests.read", None);
    let got = sim.get(&format!("{BASE}/{id}"), &[("Authorization", &format!("Bearer {read}"))]);
    assert_eq!(got.status, 200, "{}", got.body);
    let got = got.json();
    assert!(got["consented"].is_string() && got["consentRequestEvents"].as_array().unwrap().len() == 2);
    assert_shape("get", &got, &doc, &[], &[]);
}

/// Why the simulator's tokens have an `aud` the consent examples lack.
const AUD_UNSPECIFIED: &str = "a token without resource has aud \"unspecified\" (Maskinporten's delegation example, \
     access-token-delegation.payload.json); the consent examples omit it, and Digdir says it will be dropped \
     (unspecifiedAud: false)";

#[test]
fn maskinporten_consent_token_matches_the_documented_payload() {
    let sim = start();
    let party = "313367002";
    // A consent with metadata, as both examples have, so its spelling is compared too.
    let id = kravkit_sim::ids::new_uuid();
    let mut body = consent3_body(&id, party);
    body["consentRights"][0]["metadata"] = json!({"inntektsaar": "2024"});
    let write = core_token(&sim, "altinn:consentrequests.write", None);
    assert_eq!(sim.post_json(BASE, &[("Authorization", &format!("Bearer {write}"))], &body).status, 201);
    sim.config(json!({"consents": [{"id": id, "action": "approve"}]}));
    let claims = payload(&core_token(&sim, SKE_SCOPE, Some((&id, party))));

    let digdir = fixture(include_str!("../../fixtures/maskinporten/access-token-consent.payload.json"));
    assert_shape(
        "access-token-consent",
        &claims,
        &digdir,
        &[
            ("aud", AUD_UNSPECIFIED),
            (
                "authorization_details[].consentRights[].metaData",
                "Altinn's spelling: its consent request response and its decoded consent token \
                 (altinn3-consent-token.payload.json) write metaData; Digdir's simplified example writes metadata",
            ),
            ("client_amr", "in every Maskinporten token (access-token.payload.json); the simplified example omits it"),
            ("token_type", "the same"),
        ],
        &[("authorization_details[].consentRights[].metadata", "see metaData")],
    );

    let altinn = fixture(include_str!("../../fixtures/altinn/altinn3-consent-token.payload.json"));
    assert_shape(
        "altinn3-consent-token",
        &claims,
        &altinn,
        &[("aud", AUD_UNSPECIFIED)],
        &[
            ("delegation_source", "Altinn's example token is delegated (consumer_org); this one is not"),
            ("supplier", "the same"),
            ("supplier.ID", "the same"),
            ("supplier.authority", "the same"),
        ],
    );
}

#[test]
fn altinn2_consent_token_matches_the_documented_payload() {
    let sim = start();
    let (code, _) = create_consent2(&sim, "313367002");
    sim.config(json!({"consents": [{"authorizationCode": code, "action": "approve"}]}));
    let claims = payload(&altinn2_token(&sim, &code));
    let doc = fixture(include_str!("../../fixtures/altinn/altinn2-consent-token.payload.json"));
    // HandledBy appears only when a vendor fetched the token (domain notes §4.5); this request has none.
    assert_shape("altinn2-consent-token", &claims, &doc, &[], &[]);
}
