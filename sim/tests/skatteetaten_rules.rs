//! Skatteetaten's rules, one test per error code and reason: KB-003/004/005/006/007/008/009, DAS-003, XML.

mod common;

use std::io::{Read, Write};

use common::*;
use serde_json::json;

/// An approved Altinn 2 consent of `party`: its consent token, and a Maskinporten token for the API.
fn approved_altinn2(sim: &Sim, party: &str) -> (String, String) {
    let (code, _) = create_consent2(sim, party);
    sim.config(json!({"consents": [{"authorizationCode": code, "action": "approve"}]}));
    (altinn2_token(sim, &code), core_token(sim, SKE_SCOPE, None))
}

fn today(sim: &Sim) -> chrono::NaiveDate {
    sim.get("/config", &[]).json()["data"]["today"].as_str().unwrap().parse().unwrap()
}

#[test]
fn kb004_without_a_valid_maskinporten_token_with_the_scope() {
    let sim = start();
    let (_, token) = consent3_token(&sim, "313367002");
    let path = "/skatteetaten/v1/finans/313367002/aapnekrav";
    sim.get(path, &[]).assert_ske(401, "KB-004");
    sim.get(path, &[("Authorization", "Basic dXNlcjpwdw==")]).assert_ske(401, "KB-004");
    sim.ske("313367002/aapnekrav", "not.a.jwt", &[]).assert_ske(401, "KB-004");
    // Right shape, wrong signer: a token signed with a key the simulator did not issue.
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let forged = sign(&header(&token), &payload(&token), other_key());
    parts[2] = forged.rsplit('.').next().unwrap().to_owned();
    sim.ske("313367002/aapnekrav", &parts.join("."), &[]).assert_ske(401, "KB-004");
    // A grant is not an access token.
    sim.ske("313367002/aapnekrav", &grant(&sim, SKE_SCOPE, |_| {}), &[]).assert_ske(401, "KB-004");
    // Missing scope.
    let read_only = core_token(&sim, "altinn:consentrequests.read", None);
    let v = sim.ske("313367002/aapnekrav", &read_only, &[]).assert_ske(401, "KB-004");
    assert!(v["melding"].as_str().unwrap().contains("skatteetaten:kravogbetalinger"));
    // Expired: the simulator's clock moves past the token's exp.
    assert_eq!(sim.ske("313367002/aapnekrav", &token, &[]).status, 200);
    sim.config(json!({"clockOffsetSecs": 200}));
    sim.ske("313367002/aapnekrav", &token, &[]).assert_ske(401, "KB-004");
}

#[test]
fn kb005_altinn3_consent_missing_or_wrong() {
    let sim = start();
    let plain = core_token(&sim, SKE_SCOPE, None);
    sim.ske("313367002/aapnekrav", &plain, &[]).assert_ske(403, "KB-005");
    let (id, token) = consent3_token(&sim, "313367002");
    sim.ske("212201782/aapnekrav", &token, &[]).assert_ske(403, "KB-005");
    assert_eq!(sim.ske("313367002/aapnekrav", &token, &[]).status, 200);
    // A consent for another resource does not count.
    let write = core_token(&sim, "altinn:consentrequests.write", None);
    let other_id = kravkit_sim::ids::new_uuid();
    let mut body = consent3_body(&other_id, "212201782");
    body["consentRights"][0]["resource"][0]["value"] = json!("standard-samtykke-for-dele-data");
    let r = sim.post_json(
        "/altinn3/accessmanagement/api/v1/enterprise/consentrequests",
        &[("Authorization", &format!("Bearer {write}"))],
        &body,
    );
    assert_eq!(r.status, 201);
    sim.config(json!({"consents": [{"id": other_id, "action": "approve"}]}));
    let other = core_token(&sim, SKE_SCOPE, Some((&other_id, "212201782")));
    let v = sim.ske("212201782/aapnekrav", &other, &[]).assert_ske(403, "KB-005");
    assert!(v["melding"].as_str().unwrap().contains(RESOURCE));
    // Revoked after the token was issued.
    sim.config(json!({"consents": [{"id": id, "action": "revoke"}]}));
    sim.ske("313367002/aapnekrav", &token, &[]).assert_ske(403, "KB-005");
}

#[test]
fn kb005_altinn2_consent_missing_or_wrong() {
    let sim = start();
    let party = "313367002";
    let (consent, mp) = approved_altinn2(&sim, party);
    assert_eq!(sim.ske(&format!("{party}/aapnekrav"), &mp, &[("AltinnSamtykke", &consent)]).status, 200);
    // OfferedBy is another party.
    sim.ske("212201782/aapnekrav", &mp, &[("AltinnSamtykke", &consent)]).assert_ske(403, "KB-005");
    // Forged: same claims, signed with a key that is not Altinn's.
    let forged = sign(&header(&consent), &payload(&consent), other_key());
    sim.ske(&format!("{party}/aapnekrav"), &mp, &[("AltinnSamtykke", &forged)]).assert_ske(403, "KB-005");
    // A Maskinporten token signed by Altinn's key claims are not a consent token: garbage header.
    sim.ske(&format!("{party}/aapnekrav"), &mp, &[("AltinnSamtykke", "garbage")]).assert_ske(403, "KB-005");
    // CoveredBy is not the Maskinporten token's consumer.
    sim.config(json!({"clients": [client_config("other-bank", "212201782", &[SKE_SCOPE], client_key())]}));
    let mut c = claims(&sim, SKE_SCOPE);
    c["iss"] = json!("other-bank");
    let theirs = sim.access_token(&sign(&json!({"alg": "RS256", "kid": client_key().kid}), &c, client_key()));
    sim.ske(&format!("{party}/aapnekrav"), &theirs, &[("AltinnSamtykke", &consent)]).assert_ske(403, "KB-005");
    // The 30-second consent token expires (the Maskinporten token lives 120 s, so only the consent fails).
    sim.config(json!({"clockOffsetSecs": 45}));
    let v = sim.ske(&format!("{party}/aapnekrav"), &mp, &[("AltinnSamtykke", &consent)]).assert_ske(403, "KB-005");
    assert!(v["melding"].as_str().unwrap().contains("expired"));
}

#[test]
fn kb006_bad_party_ids_and_periods() {
    let sim = start();
    let (_, token) = consent3_token(&sim, "313367002");
    for party in ["123", "313367003", "3133670020", "04827896469", "abcdefghi"] {
        sim.ske(&format!("{party}/aapnekrav"), &token, &[]).assert_ske(400, "KB-006");
    }
    let t = today(&sim);
    let day = |d: i64| (t + chrono::Duration::days(d)).to_string();
    for endpoint in ["krav", "innbetalinger", "utbetalinger"] {
        for query in [
            String::new(),
            format!("?fraOgMed={}", day(-10)),
            format!("?tilOgMed={}", day(0)),
            format!("?fraOgMed=01.01.2025&tilOgMed={}", day(0)),
            format!("?fraOgMed={}&tilOgMed=2025-13-01", day(-10)),
            format!("?fraOgMed={}&tilOgMed={}", day(0), day(-1)),
            format!("?fraOgMed={}&tilOgMed={}", day(-400), day(0)),
        ] {
            sim.ske(&format!("313367002/{endpoint}{query}"), &token, &[]).assert_ske(400, "KB-006");
        }
        // Exactly one year is allowed.
        let year = chrono::Months::new(12);
        let q = format!("?fraOgMed={}&tilOgMed={t}", t.checked_sub_months(year).unwrap());
        assert_eq!(sim.ske(&format!("313367002/{endpoint}{q}"), &token, &[]).status, 200, "{endpoint}");
    }
}

#[test]
fn kb007_nothing_in_the_period_and_kb009_unknown_party() {
    let sim = start();
    let (_, token) = consent3_token(&sim, "313367002");
    let old = "?fraOgMed=2001-01-01&tilOgMed=2001-12-31";
    for endpoint in ["krav", "innbetalinger", "utbetalinger"] {
        sim.ske(&format!("313367002/{endpoint}{old}"), &token, &[]).assert_ske(404, "KB-007");
    }
    let (_, token) = consent3_token(&sim, "310478717");
    sim.ske("310478717/aapnekrav", &token, &[]).assert_ske(404, "KB-009");
}

#[test]
fn kb008_on_unsupported_accept_and_xml_when_asked() {
    let sim = start();
    let (_, token) = consent3_token(&sim, "313367002");
    sim.ske("313367002/aapnekrav", &token, &[("Accept", "text/html")]).assert_ske(406, "KB-008");
    sim.ske("313367002/aapnekrav", &token, &[("Accept", "application/pdf, text/plain")]).assert_ske(406, "KB-008");
    for accept in ["application/json", "*/*", "text/html, application/json;q=0.5"] {
        let r = sim.ske("313367002/aapnekrav", &token, &[("Accept", accept)]);
        assert_eq!((r.status, r.header("content-type")), (200, Some("application/json")), "{accept}");
    }
    let xml = sim.ske("313367002/aapnekrav", &token, &[("Accept", "application/xml")]);
    assert_eq!((xml.status, xml.header("content-type")), (200, Some("application/xml")));
    assert!(
        xml.body.contains("<aapneKrav><aapentKravMedGjenstaaendeBeloep>")
            && xml.body.contains("<partIdentifikator>313367002</partIdentifikator>")
    );
    // XML error bodies.
    let err = sim.get("/skatteetaten/v1/finans/313367002/aapnekrav", &[("Accept", "application/xml")]);
    assert_eq!((err.status, err.header("content-type")), (401, Some("application/xml")));
    assert!(err
        .body
        .starts_with("<feil xmlns=\"urn:no:skatteetaten:datasamarbeid:feil:v1\"><kode>KB-004</kode><melding>"));
    assert!(err.body.contains("<korrelasjonsid>"));
    // No Accept header at all: JSON.
    let mut s = std::net::TcpStream::connect(sim.run.addr).unwrap();
    write!(s, "GET /skatteetaten/v1/finans/313367002/aapnekrav HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    assert!(
        raw.starts_with("HTTP/1.1 200") && raw.to_ascii_lowercase().contains("content-type: application/json"),
        "{}",
        &raw[..200]
    );
}

#[test]
fn kb003_unknown_rights_package_or_url() {
    let sim = start();
    let (_, token) = consent3_token(&sim, "313367002");
    let auth = format!("Bearer {token}");
    sim.get("/skatteetaten/v1/regnskapssystem/313367002/aapnekrav", &[("Authorization", &auth)])
        .assert_ske(404, "KB-003");
    sim.get("/skatteetaten/v1/finans/313367002/oversikt", &[("Authorization", &auth)]).assert_ske(404, "KB-003");
    sim.get("/skatteetaten/v2/finans/313367002/aapnekrav", &[("Authorization", &auth)]).assert_ske(404, "KB-003");
}

#[test]
fn korrelasjonsid_is_fresh_on_every_error() {
    let sim = start();
    let ids: std::collections::HashSet<String> = (0..5)
        .map(|_| {
            let r = sim.get("/skatteetaten/v1/finans/313367002/aapnekrav", &[]);
            let id = r.assert_ske(401, "KB-004")["korrelasjonsid"].as_str().unwrap().to_owned();
            assert_eq!(r.header("korrelasjonsid"), Some(id.as_str()));
            id
        })
        .collect();
    assert_eq!(ids.len(), 5);
}

#[test]
fn das003_on_injected_unavailability() {
    let sim = start();
    let (_, token) = consent3_token(&sim, "313367002");
    sim.config(json!({"faults": [{"service": "skatteetaten", "route": "aapnekrav", "skatteetatenError": "DAS-003", "times": 2}]}));
    let a = sim.ske("313367002/aapnekrav", &token, &[]).assert_ske(500, "DAS-003");
    let b = sim.ske("313367002/aapnekrav", &token, &[]).assert_ske(500, "DAS-003");
    assert_ne!(a["korrelasjonsid"], b["korrelasjonsid"]);
    assert_eq!(sim.ske("313367002/aapnekrav", &token, &[]).status, 200, "times: 2 used up");
    // XML when asked, and only for the named party.
    sim.config(json!({"faults": [{"service": "skatteetaten", "party": "212201782", "skatteetatenError": "DAS-003"}]}));
    assert_eq!(sim.ske("313367002/aapnekrav", &token, &[]).status, 200);
    let (_, other) = consent3_token(&sim, "212201782");
    let x = sim.ske("212201782/aapnekrav", &other, &[("Accept", "application/xml")]);
    assert!(x.status == 500 && x.body.contains("<kode>DAS-003</kode>"));
    assert_eq!(sim.stats()["faultsApplied"], 3);
}

#[test]
fn kb004_for_a_token_with_an_audience() {
    let sim = start();
    let party = "313367002";
    let (id, _) = create_consent3(&sim, party);
    sim.config(json!({"consents": [{"id": id, "action": "approve"}]}));
    let with_resource = |resource: Option<serde_json::Value>| {
        sim.access_token(&grant(&sim, SKE_SCOPE, |c| {
            c["authorization_details"] =
                json!([{"type": "urn:altinn:consent", "id": id, "from": kravkit_sim::ids::party_urn(party)}]);
            if let Some(r) = resource {
                c["resource"] = r;
            }
        }))
    };
    for resource in [json!("https://api.skatteetaten.no/"), json!(["https://api.skatteetaten.no/api/kravogbetalinger"])]
    {
        let token = with_resource(Some(resource.clone()));
        assert_eq!(payload(&token)["aud"], resource);
        let v = sim.ske(&format!("{party}/aapnekrav"), &token, &[]).assert_ske(401, "KB-004");
        assert!(v["melding"].as_str().unwrap().contains("aud"), "{v}");
    }
    // The same grant without resource is fine.
    assert_eq!(sim.ske(&format!("{party}/aapnekrav"), &with_resource(None), &[]).status, 200);
}

#[test]
fn kb005_altinn2_consent_token_without_kid() {
    let sim = start();
    let party = "313367002";
    let (consent, mp) = approved_altinn2(&sim, party);
    let path = format!("{party}/aapnekrav");
    // Re-signed with Altinn's own key: accepted with its kid, refused without one.
    let mut h = header(&consent);
    let resigned = sign(&h, &payload(&consent), &sim_keys().altinn);
    assert_eq!(sim.ske(&path, &mp, &[("AltinnSamtykke", &resigned)]).status, 200);
    h.as_object_mut().unwrap().remove("kid");
    let no_kid = sign(&h, &payload(&consent), &sim_keys().altinn);
    let v = sim.ske(&path, &mp, &[("AltinnSamtykke", &no_kid)]).assert_ske(403, "KB-005");
    assert!(v["melding"].as_str().unwrap().contains("Altinn's key"), "{v}");
}

#[test]
fn kb005_for_an_altinn3_token_used_after_its_consent_expired() {
    let sim = start();
    let party = "313367002";
    let (id, token) = consent3_token(&sim, party);
    assert_eq!(sim.ske(&format!("{party}/aapnekrav"), &token, &[]).status, 200);
    sim.config(json!({"consents": [{"id": id, "action": "expire"}]}));
    // The token still says validTo 2099 and has not expired itself; the consent has.
    let detail = &payload(&token)["authorization_details"][0];
    assert!(detail["validTo"].as_str().unwrap().starts_with("2099"));
    let v = sim.ske(&format!("{party}/aapnekrav"), &token, &[]).assert_ske(403, "KB-005");
    assert!(v["melding"].as_str().unwrap().contains("expired"), "{v}");
}

#[test]
fn a_well_formed_korrelasjonsid_is_echoed_and_every_call_id_is_recorded() {
    let sim = start();
    let (_, token) = consent3_token(&sim, "313367002");
    let sent = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
    let ours = [("Korrelasjonsid", sent), ("Klientid", "bank-a")];
    let r = sim.ske("313367002/aapnekrav", &token, &ours);
    assert_eq!((r.status, r.header("korrelasjonsid")), (200, Some(sent)));
    // An error answer names it in its body too.
    let e = sim.ske("212201782/aapnekrav", &token, &ours);
    assert_eq!(e.assert_ske(403, "KB-005")["korrelasjonsid"], sent);
    // Not a UUID: a fresh one instead.
    let r = sim.ske("313367002/aapnekrav", &token, &[("Korrelasjonsid", "x; drop")]);
    let fresh = r.header("korrelasjonsid").unwrap();
    assert!(kravkit_sim::ids::is_uuid(fresh) && fresh != sent);
    let _ = sim.ske("313367002/aapnekrav", &token, &[]);
    let ids = &sim.stats()["skatteetatenCallIds"];
    assert_eq!((ids["withKorrelasjonsid"].as_u64(), ids["malformedKorrelasjonsid"].as_u64()), (Some(2), Some(1)));
    assert_eq!(ids["withoutKorrelasjonsid"], 1);
    assert_eq!((ids["byKlientid"]["bank-a"].as_u64(), ids["byKlientid"][""].as_u64()), (Some(2), Some(2)));
    assert_eq!(ids["recent"][0], json!({"korrelasjonsid": sent, "klientid": "bank-a"}));
    assert_eq!(ids["recent"][3], json!({"korrelasjonsid": null, "klientid": null}));
}
