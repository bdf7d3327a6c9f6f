//! Altinn 2 end to end: pre-registered request (ApiKey) → approval on the page → consent token (30 s, signed with
//! the Altinn key) → Skatteetaten with both headers; then rejection, refusals, revocation, expiry, validation.

mod common;

use std::io::{Read, Write};

use common::*;
use serde_json::{json, Value};

/// A change to a valid request body.
type Edit = Box<dyn Fn(&mut Value)>;

fn period(sim: &Sim) -> String {
    let today: chrono::NaiveDate = sim.get("/config", &[]).json()["data"]["today"].as_str().unwrap().parse().unwrap();
    format!("fraOgMed={}&tilOgMed={today}", today - chrono::Duration::days(364))
}

#[test]
fn full_flow_from_request_to_all_four_endpoints() {
    let sim = start();
    let party = "212201782";
    let (code, created) = create_consent2(&sim, party);
    assert!(kravkit_sim::ids::is_uuid(&code));
    assert_eq!(created["_links"]["self"]["href"], sim.url(&format!("/altinn2/api/consentRequest/{code}")));
    let gui = created["_links"]["gui"]["href"].as_str().unwrap();
    assert_eq!(gui, sim.url(&format!("/altinn2/ui/AccessConsent/request?id={code}")));
    assert_eq!(created["RequestResources"][0], json!({"ServiceCode": "5928", "ServiceEditionCode": 202301}));

    // No token before the user approves.
    let early = sim.get(&format!("/altinn2/api/authorization/token/{code}"), &[("ApiKey", API_KEY)]);
    assert_eq!(early.status, 403);

    let page = sim.get(gui, &[]);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("LYSTIG KLAM KATT") && page.body.contains("5928") && !page.body.contains("<script"));
    let answer = sim.post_empty(&form_action(gui, &page.body, "approve"));
    assert_eq!(answer.status, 303);
    assert_eq!(
        answer.header("location").unwrap(),
        format!("https://bank.example/kravkit/a2?x=1&AuthorizationCode={code}&Status=OK")
    );
    let status = sim.get(&format!("/altinn2/api/consentRequest/{code}"), &[("ApiKey", API_KEY)]).json();
    assert_eq!(status["ConsentStatus"], "Accepted");

    let jwt = altinn2_token(&sim, &code);
    let (h, c) = (header(&jwt), payload(&jwt));
    assert_eq!((h["alg"].as_str(), h["typ"].as_str()), (Some("RS256"), Some("JWT")));
    assert_eq!(h["kid"], sim_keys().altinn.kid.as_str());
    assert_eq!(h["x5t"], h["kid"]);
    assert_ne!(sim_keys().altinn.kid, sim_keys().maskinporten.kid);
    assert_eq!(c["Services"], json!(["5928_202301"]));
    assert_eq!(c["AuthorizationCode"], code.as_str());
    assert_eq!((c["OfferedBy"].as_str(), c["CoveredBy"].as_str()), (Some(party), Some(BANK_ORG)));
    assert_eq!(c["iss"], "altinn.no");
    assert_eq!(c["exp"].as_i64().unwrap() - c["nbf"].as_i64().unwrap(), 30);
    assert!(c["DelegatedDate"].is_i64() && c["ValidToDate"].is_i64() && c.get("aud").is_none());
    {
        use jwt_compact::{alg::Rsa, AlgorithmExt as _, UntrustedToken};
        let jwks = sim.get("/altinn2/api/metadata/jwk", &[]).json();
        let (kid, key) = kravkit_sim::keys::public_from_jwk(&jwks["keys"][0]).unwrap();
        assert_eq!(kid, sim_keys().altinn.kid);
        Rsa::rs256().validator::<Value>(&key).validate(&UntrustedToken::new(&jwt).unwrap()).expect("Altinn signature");
    }
    let xml = sim.get(
        &format!("/altinn2/api/authorization/token?authcode={code}"),
        &[("ApiKey", API_KEY), ("Accept", "application/xml")],
    );
    assert!(xml.body.starts_with("<string xmlns=") && xml.body.contains(".ey"), "{}", xml.body);

    let token = core_token(&sim, SKE_SCOPE, None);
    let consent = [("AltinnSamtykke", jwt.as_str())];
    let r = sim.ske(&format!("{party}/aapnekrav"), &token, &consent);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["partIdentifikator"], party);
    let period = period(&sim);
    for (endpoint, list) in [("krav", "krav"), ("innbetalinger", "innbetaling"), ("utbetalinger", "utbetaling")] {
        let r = sim.ske(&format!("{party}/{endpoint}?{period}"), &token, &consent);
        assert_eq!(r.status, 200, "{endpoint}: {}", r.body);
        assert!(!r.json()[list].as_array().unwrap().is_empty());
    }
    assert_eq!(sim.stats()["altinn2Tokens"]["issued"], 2);
}

#[test]
fn rejection_redirects_double_encoded_and_token_is_refused_with_altinns_text() {
    let sim = start();
    let (code, created) = create_consent2(&sim, "313367002");
    let gui = created["_links"]["gui"]["href"].as_str().unwrap();
    let page = sim.get(gui, &[]);
    let answer = sim.post_empty(&form_action(gui, &page.body, "reject"));
    assert_eq!(answer.status, 303);
    assert_eq!(
        answer.header("location").unwrap(),
        format!("https://bank.example/kravkit/a2?x=1&Status=Failed&ErrorMessage=User%2520did%2520not%2520give%2520consent&FailedAuthorizationCode={code}")
    );
    let refused = sim.get(&format!("/altinn2/api/authorization/token/{code}"), &[("ApiKey", API_KEY)]);
    assert_eq!(refused.status, 403);
    assert_eq!(refused.json()["Message"], kravkit_sim::altinn2::api::NOT_AUTHORIZED);
    // The status line carries the text too, as Altinn's does.
    let mut s = std::net::TcpStream::connect(sim.run.addr).unwrap();
    write!(s, "GET /altinn2/api/authorization/token/{code} HTTP/1.1\r\nHost: x\r\nApiKey: {API_KEY}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    assert!(raw.starts_with(&format!("HTTP/1.1 403 {}\r\n", kravkit_sim::altinn2::api::NOT_AUTHORIZED)), "{raw}");
}

#[test]
fn token_fetch_is_refused_for_unknown_codes_wrong_keys_revoked_and_expired_consents() {
    let sim = start();
    let party = "313367002";
    let approve = |code: &str| sim.config(json!({"consents": [{"authorizationCode": code, "action": "approve"}]}));
    let (revoked, _) = create_consent2(&sim, party);
    let (expired, _) = create_consent2(&sim, party);
    approve(&revoked);
    approve(&expired);
    let before = altinn2_token(&sim, &revoked);
    let mp = core_token(&sim, SKE_SCOPE, None);
    assert_eq!(sim.ske(&format!("{party}/aapnekrav"), &mp, &[("AltinnSamtykke", &before)]).status, 200);

    let fetch = |code: &str, key: Option<&str>| {
        let headers: Vec<(&str, &str)> = key.map(|k| ("ApiKey", k)).into_iter().collect();
        sim.get(&format!("/altinn2/api/authorization/token/{code}"), &headers).status
    };
    assert_eq!(fetch(&kravkit_sim::ids::new_uuid(), Some(API_KEY)), 403, "unknown code");
    assert_eq!(fetch("not-a-code", Some(API_KEY)), 403);
    assert_eq!(fetch(&revoked, None), 403, "no key");
    assert_eq!(fetch(&revoked, Some("wrong-key")), 403, "wrong key");
    sim.config(json!({"altinn2ApiKeys": [{"key": "someone-else", "org": "313367002"}]}));
    assert_eq!(fetch(&revoked, Some("someone-else")), 403, "another org's key");

    sim.config(json!({"consents": [{"authorizationCode": revoked, "action": "revoke"}, {"authorizationCode": expired, "action": "expire"}]}));
    assert_eq!(fetch(&revoked, Some(API_KEY)), 403, "revoked");
    assert_eq!(fetch(&expired, Some(API_KEY)), 403, "expired");
    // A token fetched before the revocation no longer opens Skatteetaten.
    sim.ske(&format!("{party}/aapnekrav"), &mp, &[("AltinnSamtykke", &before)]).assert_ske(403, "KB-005");
    let view = sim.get("/config", &[]).json();
    let status = |c: &str| {
        view["consents"]["altinn2"].as_array().unwrap().iter().find(|x| x["authorizationCode"] == c).unwrap()["status"]
            .clone()
    };
    assert_eq!((status(&revoked), status(&expired)), (json!("Revoked"), json!("Expired")));
    assert_eq!(sim.stats()["altinn2Tokens"]["refused"], 7);
}

#[test]
fn requests_are_validated() {
    let sim = start();
    let post = |key: Option<&str>, body: &Value| {
        let headers: Vec<(&str, &str)> = key.map(|k| ("ApiKey", k)).into_iter().collect();
        sim.post_json("/altinn2/api/consentRequests", &headers, body)
    };
    assert_eq!(post(None, &consent2_body("313367002")).status, 401);
    assert_eq!(post(Some("nope"), &consent2_body("313367002")).status, 401);
    let cases: Vec<(&str, Edit)> = vec![
        ("SIM-A2-02", Box::new(|b| b["RequestMessage"] = json!({"no-nb": "Hei"}))),
        ("SIM-A2-03", Box::new(|b| b["CoveredBy"] = json!("123"))),
        ("SIM-A2-05", Box::new(|b| b["CoveredBy"] = json!("313367002"))),
        ("SIM-A2-06", Box::new(|b| b["OfferedBy"] = json!("04827896469"))),
        ("SIM-A2-07", Box::new(|b| b["OfferedByName"] = json!(""))),
        ("SIM-A2-09", Box::new(|b| b["ValidTo"] = json!("2020-01-01T00:00:00"))),
        ("SIM-A2-10", Box::new(|b| b["RedirectUrl"] = json!("bank/cb"))),
        ("SIM-A2-12", Box::new(|b| b["RequestResources"][0]["ServiceCode"] = json!("4629"))),
        ("SIM-A2-12", Box::new(|b| b["RequestResources"][0]["ServiceEditionCode"] = json!(1))),
        ("SIM-A2-14", Box::new(|b| b["RequestResources"] = json!([]))),
        ("SIM-A2-01", Box::new(|b| b["Bogus"] = json!(true))),
    ];
    for (code, edit) in cases {
        let mut body = consent2_body("313367002");
        edit(&mut body);
        let r = post(Some(API_KEY), &body);
        assert_eq!(r.status, 400, "{code}: {}", r.body);
        assert!(r.json().as_array().unwrap().iter().any(|e| e["ErrorCode"] == code), "{code}: {}", r.body);
    }
    // Case-insensitive field names and a numeric ServiceCode are accepted, as ASP.NET binds them.
    let mut body = consent2_body("04827896468");
    body["RequestResources"] =
        json!([{"serviceCode": 5928, "serviceEditionCode": "202301", "Metadata": {"aar": "2025"}}]);
    assert_eq!(post(Some(API_KEY), &body).status, 201);
    let unknown =
        sim.get(&format!("/altinn2/api/consentRequest/{}", kravkit_sim::ids::new_uuid()), &[("ApiKey", API_KEY)]);
    assert_eq!(unknown.status, 404);
}
