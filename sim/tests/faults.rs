//! Fault injection through `/config`: status and body, delay, dropped connections, reset; and the counters.

mod common;

use std::time::Instant;

use common::*;
use serde_json::json;

#[test]
fn status_and_body_replace_the_answer_a_number_of_times() {
    let sim = start();
    sim.config(json!({"faults": [{"service": "maskinporten", "route": "token", "status": 503, "body": {"error": "temporarily_unavailable"}, "times": 1}]}));
    let r = sim.token(&grant(&sim, SKE_SCOPE, |_| {}));
    assert_eq!((r.status, r.header("content-type")), (503, Some("application/json")));
    assert_eq!(r.json()["error"], "temporarily_unavailable");
    assert_eq!(sim.token(&grant(&sim, SKE_SCOPE, |_| {})).status, 200);
    sim.config(json!({"faults": [{"service": "altinn2", "status": 502, "body": "Bad Gateway"}]}));
    let r = sim.get("/altinn2/api/metadata/jwk", &[]);
    assert_eq!((r.status, r.body.as_str()), (502, "Bad Gateway"));
    assert_eq!(sim.get("/config", &[]).json()["faults"][0]["status"], 502);
    // Control routes are never faulted.
    sim.config(json!({"faults": [{"status": 500}]}));
    assert_eq!(sim.get("/stats", &[]).status, 200);
    assert_eq!(sim.get("/maskinporten/jwk", &[]).status, 500);
    sim.config(json!({"clearFaults": true}));
    assert_eq!(sim.get("/maskinporten/jwk", &[]).status, 200);
    assert_eq!(sim.stats()["requests"]["maskinporten.token"]["byStatus"]["503"], 1);
}

#[test]
fn delay_then_normal_answer() {
    let sim = start();
    sim.config(json!({"faults": [{"service": "maskinporten", "route": "jwk", "delayMs": 400}]}));
    let start = Instant::now();
    assert_eq!(sim.get("/maskinporten/jwk", &[]).status, 200);
    assert!(start.elapsed().as_millis() >= 400);
}

#[test]
fn dropped_connection_gets_no_response() {
    let sim = start();
    sim.config(json!({"faults": [{"service": "maskinporten", "route": "token", "drop": true, "times": 1}]}));
    let err = sim.http.post(&sim.url("/maskinporten/token")).send_form([("grant_type", "x")]).unwrap_err();
    let text = err.to_string().to_ascii_lowercase();
    assert!(text.contains("closed") || text.contains("reset") || text.contains("eof") || text.contains("io"), "{text}");
    assert_eq!(sim.stats()["requests"]["maskinporten.token"]["byStatus"]["dropped"], 1);
    assert_eq!(sim.token(&grant(&sim, SKE_SCOPE, |_| {})).status, 200, "the server keeps serving");
}

#[test]
fn bad_faults_are_refused_and_nothing_changes() {
    let sim = start();
    for bad in [
        json!({"faults": [{"service": "nope", "status": 500}]}),
        json!({"faults": [{"service": "skatteetaten", "route": "token", "status": 500}]}),
        json!({"faults": [{"service": "skatteetaten"}]}),
        json!({"faults": [{"status": 700}]}),
        json!({"faults": [{"skatteetatenError": "KB-999"}]}),
        json!({"faults": [{"drop": true, "status": 500}]}),
        json!({"faults": [{"status": 500, "times": 0}]}),
        json!({"tokenLifetimeSecs": 60, "faults": [{"bogus": 1}]}),
        json!({"consents": [{"id": "00000000-0000-4000-8000-000000000000", "action": "revoke"}]}),
        json!({"consents": [{"action": "revoke"}]}),
    ] {
        let r = sim.post_json("/config", &[], &bad);
        assert_eq!(r.status, 400, "{bad}: {}", r.body);
        assert!(r.json()["error"].is_string());
    }
    let view = sim.get("/config", &[]).json();
    assert_eq!((view["faults"].as_array().unwrap().len(), view["tokenLifetimeSecs"].as_i64()), (0, Some(120)));
}

#[test]
fn reset_clears_faults_consents_stats_and_clock() {
    let sim = start();
    let (id, _) = consent3_token(&sim, "313367002");
    sim.config(json!({"faults": [{"status": 500}], "clockOffsetSecs": 30, "tokenLifetimeSecs": 10}));
    sim.config(json!({"reset": true}));
    let view = sim.get("/config", &[]).json();
    assert!(view["faults"].as_array().unwrap().is_empty());
    assert!(view["consents"]["altinn3"].as_array().unwrap().is_empty());
    assert!(view["clients"].as_array().unwrap().is_empty(), "runtime clients go too");
    assert_eq!((view["clockOffsetSecs"].as_i64(), view["tokenLifetimeSecs"].as_i64()), (Some(0), Some(120)));
    assert_eq!(sim.stats()["tokens"]["issued"], 0);
    assert!(view.to_string().find(&id).is_none());
}

#[test]
fn a_forgotten_consent_is_unknown_everywhere_as_after_a_restart() {
    let sim = start();
    let party = "212201782";
    let (id, _) = consent3_token(&sim, party);
    let code = {
        let (code, _) = create_consent2(&sim, party);
        sim.config(json!({"consents": [{"authorizationCode": code, "action": "approve"}]}));
        code
    };
    sim.config(json!({"consents": [{"id": id, "action": "forget"}, {"authorizationCode": code, "action": "forget"}]}));
    sim.token(&core_grant(&sim, SKE_SCOPE, Some((&id, party)))).assert_mp("invalid_authorization_details", "not found");
    let read = core_token(&sim, "altinn:consentrequests.read", None);
    let base = "/altinn3/accessmanagement/api/v1/enterprise/consentrequests";
    assert_eq!(sim.get(&format!("{base}/{id}"), &[("Authorization", &format!("Bearer {read}"))]).status, 404);
    let token = sim.get(&format!("/altinn2/api/authorization/token/{code}"), &[("ApiKey", API_KEY)]);
    assert_eq!(token.status, 403);
    let view = sim.get("/config", &[]).json();
    assert!(view["consents"]["altinn3"].as_array().unwrap().is_empty());
    assert!(view["consents"]["altinn2"].as_array().unwrap().is_empty());
    let r = sim.post_json("/config", &[], &json!({"consents": [{"id": id, "action": "forget"}]}));
    assert_eq!(r.status, 400, "an unknown consent cannot be forgotten twice");
}

#[test]
fn the_session_key_set_is_served_once_configured_and_takes_faults() {
    let sim = start();
    assert_eq!(sim.get("/session/jwks.json", &[]).status, 404);
    let set = json!({"keys": [{"kty": "EC", "crv": "P-256", "x": "x", "y": "y", "kid": "bank-es"}]});
    sim.config(json!({"sessionJwks": set}));
    let r = sim.get("/session/jwks.json", &[]);
    assert_eq!((r.status, r.json()), (200, set));
    let bad = sim.post_json("/config", &[], &json!({"sessionJwks": {"kty": "EC"}}));
    assert_eq!(bad.status, 400);
    sim.config(
        json!({"faults": [{"service": "session", "route": "jwks", "status": 502, "body": "<html>", "times": 1}]}),
    );
    assert_eq!(sim.get("/session/jwks.json", &[]).status, 502);
    assert_eq!(sim.get("/session/jwks.json", &[]).status, 200);
    assert_eq!(sim.stats()["requests"]["session.jwks"]["byStatus"]["502"], 1);
}
