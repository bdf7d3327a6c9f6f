//! Maskinporten's grant rules, one refusal per rule (each for the documented reason), and the tokens it issues.

mod common;

use common::*;
use serde_json::{json, Value};

const TOKEN: &str = "/maskinporten/token";
const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

fn reasons(sim: &Sim) -> Value {
    sim.stats()["grantsRejected"]["byReason"].clone()
}

#[test]
fn metadata_and_key_are_published() {
    let sim = start();
    let meta = sim.get("/maskinporten/.well-known/oauth-authorization-server", &[]).json();
    assert_eq!(meta["issuer"], sim.issuer());
    assert_eq!(meta["token_endpoint"], sim.url(TOKEN));
    assert_eq!(meta["jwks_uri"], sim.url("/maskinporten/jwk"));
    assert_eq!(meta["grant_types_supported"], json!([JWT_BEARER]));
    assert_eq!(meta["token_endpoint_auth_signing_alg_values_supported"], json!(["RS256", "RS384", "RS512"]));
    assert!(meta["authorization_details_types_supported"].as_array().unwrap().contains(&json!("urn:altinn:consent")));
    let jwk = &sim.get("/maskinporten/jwk", &[]).json()["keys"][0];
    assert_eq!((jwk["kty"].as_str(), jwk["alg"].as_str()), (Some("RSA"), Some("RS256")));
    assert!(jwk.get("d").is_none());
    assert_eq!(jwk["kid"], sim_keys().maskinporten.kid.as_str());
}

#[test]
fn issued_token_has_maskinporten_claims_and_configurable_lifetime() {
    let sim = start();
    let r = sim.token(&grant(&sim, SKE_SCOPE, |_| {}));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let v = r.json();
    assert_eq!(
        (v["token_type"].as_str(), v["expires_in"].as_i64(), v["scope"].as_str()),
        (Some("Bearer"), Some(120), Some(SKE_SCOPE))
    );
    let c = payload(v["access_token"].as_str().unwrap());
    for claim in ["iss", "client_id", "client_amr", "consumer", "scope", "token_type", "iat", "exp", "jti"] {
        assert!(c.get(claim).is_some(), "missing {claim}");
    }
    assert_eq!(c["client_amr"], "private_key_jwt");
    assert!(c.get("authorization_details").is_none());
    // Without `resource`, Maskinporten's `aud` is "unspecified" (to be dropped, says Digdir): off with `unspecifiedAud`.
    assert_eq!(c["aud"], "unspecified");

    sim.config(json!({"tokenLifetimeSecs": 300}));
    let v = sim.token(&grant(&sim, SKE_SCOPE, |_| {})).json();
    assert_eq!(v["expires_in"], 300);
    let c = payload(v["access_token"].as_str().unwrap());
    assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 300);

    // `resource` becomes the token's audience.
    let v = sim.token(&grant(&sim, SKE_SCOPE, |c| c["resource"] = json!("https://api.example/"))).json();
    assert_eq!(payload(v["access_token"].as_str().unwrap())["aud"], "https://api.example/");
    let stats = sim.stats();
    assert_eq!(stats["tokens"]["issued"], 3);
    assert_eq!(stats["tokens"]["byScope"][SKE_SCOPE], 3);
}

#[test]
fn form_body_must_be_a_jwt_bearer_grant() {
    let sim = start();
    let g = grant(&sim, SKE_SCOPE, |_| {});
    let json_body = sim.post_json(TOKEN, &[], &json!({"grant_type": JWT_BEARER, "assertion": g}));
    json_body.assert_mp("invalid_request", "Content-Type");
    sim.post_form(TOKEN, &[("assertion", &g)]).assert_mp("invalid_request", "Missing grant_type");
    sim.post_form(TOKEN, &[("grant_type", "client_credentials"), ("assertion", &g)])
        .assert_mp("unsupported_grant_type", "client_credentials");
    sim.post_form(TOKEN, &[("grant_type", JWT_BEARER)]).assert_mp("invalid_request", "Missing assertion");
    sim.post_form(TOKEN, &[("grant_type", JWT_BEARER), ("assertion", "a.b")]).assert_mp("invalid_grant", "MP-100");
    sim.post_form(TOKEN, &[("grant_type", JWT_BEARER), ("assertion", &g), ("assertion", &g)])
        .assert_mp("invalid_request", "more than once");
    assert_eq!(sim.stats()["tokens"]["issued"], 0);
}

#[test]
fn signature_must_verify_against_the_registered_key() {
    let sim = start();
    let c = claims(&sim, SKE_SCOPE);
    let forged = sign(&json!({"alg": "RS256", "kid": client_key().kid}), &c, other_key());
    sim.token(&forged).assert_mp("invalid_grant", "Could not validate JWT Signature");
    let mut tampered = grant(&sim, SKE_SCOPE, |_| {});
    let i = tampered.rfind('.').unwrap() + 10;
    let flipped = if &tampered[i..=i] == "A" { "B" } else { "A" };
    tampered.replace_range(i..=i, flipped);
    sim.token(&tampered).assert_mp("invalid_grant", "Could not validate JWT Signature");
    let unknown_kid = sign(&json!({"alg": "RS256", "kid": "not-registered"}), &claims(&sim, SKE_SCOPE), client_key());
    sim.token(&unknown_kid).assert_mp("invalid_grant", "Could not validate JWT Signature");
    assert_eq!(reasons(&sim)["signature"], 2);
    assert_eq!(reasons(&sim)["unknown_kid"], 1);
}

#[test]
fn only_rs256_rs384_rs512() {
    let sim = start();
    for alg in ["RS384", "RS512"] {
        let g = sign(&json!({"alg": alg, "kid": client_key().kid}), &claims(&sim, SKE_SCOPE), client_key());
        assert_eq!(sim.token(&g).status, 200, "{alg}");
    }
    for alg in ["HS256", "ES256", "PS256", "none"] {
        let g = sign(&json!({"alg": alg, "kid": client_key().kid}), &claims(&sim, SKE_SCOPE), client_key());
        sim.token(&g).assert_mp("invalid_grant", "Unsupported alg");
    }
    // The signature must match the declared algorithm.
    let c = claims(&sim, SKE_SCOPE);
    let mut g = sign(&json!({"alg": "RS256", "kid": client_key().kid}), &c, client_key());
    let rs512 = sign(&json!({"alg": "RS512", "kid": client_key().kid}), &c, client_key());
    g.replace_range(g.rfind('.').unwrap().., &rs512[rs512.rfind('.').unwrap()..]);
    sim.token(&g).assert_mp("invalid_grant", "Could not validate JWT Signature");
}

#[test]
fn exactly_one_of_kid_and_x5c() {
    let sim = start();
    let c = claims(&sim, SKE_SCOPE);
    let both = sign(&json!({"alg": "RS256", "kid": client_key().kid, "x5c": ["MIIB"]}), &c, client_key());
    sim.token(&both).assert_mp("invalid_grant", "exactly one of kid and x5c");
    let neither = sign(&json!({"alg": "RS256"}), &c, client_key());
    sim.token(&neither).assert_mp("invalid_grant", "exactly one of kid and x5c");
    let x5c_string = sign(&json!({"alg": "RS256", "x5c": "MIIB"}), &c, client_key());
    sim.token(&x5c_string).assert_mp("invalid_grant", "Failed to extract certificate from jwt");
    let x5c = sign(&json!({"alg": "RS256", "x5c": ["MIIB"]}), &c, client_key());
    sim.token(&x5c).assert_mp("invalid_grant", "MP-120");
    assert_eq!(reasons(&sim)["key_reference"], 2);
}

#[test]
fn aud_must_be_the_issuer() {
    let sim = start();
    for aud in [json!(sim.url(TOKEN)), json!("https://test.maskinporten.no/"), json!([sim.issuer()])] {
        sim.token(&grant(&sim, SKE_SCOPE, |c| c["aud"] = aud.clone())).assert_mp("invalid_grant", "MP-110");
    }
    assert_eq!(reasons(&sim)["aud"], 3);
}

#[test]
fn iss_must_be_a_known_client() {
    let sim = start();
    sim.token(&grant(&sim, SKE_SCOPE, |c| c["iss"] = json!("nobody"))).assert_mp("invalid_grant", "Client not found");
    sim.config(json!({"removeClients": [CLIENT]}));
    sim.token(&grant(&sim, SKE_SCOPE, |_| {})).assert_mp("invalid_grant", "Client not found");
    assert_eq!(reasons(&sim)["client_not_found"], 2);
}

#[test]
fn iat_at_most_ten_seconds_ahead() {
    let sim = start();
    let ahead = |secs: i64| {
        grant(&sim, SKE_SCOPE, |c| {
            c["iat"] = json!(now() + secs);
            c["exp"] = json!(now() + secs + 60);
        })
    };
    assert_eq!(sim.token(&ahead(5)).status, 200);
    sim.token(&ahead(30)).assert_mp("invalid_grant", "Issue time is after now");
    assert_eq!(reasons(&sim)["iat_future"], 1);
}

#[test]
fn exp_not_past_and_at_most_120_seconds_after_iat() {
    let sim = start();
    let expired = grant(&sim, SKE_SCOPE, |c| {
        c["iat"] = json!(now() - 100);
        c["exp"] = json!(now() - 1);
    });
    sim.token(&expired).assert_mp("invalid_grant", "JWT is expired");
    let long = grant(&sim, SKE_SCOPE, |c| c["exp"] = json!(c["iat"].as_i64().unwrap() + 121));
    sim.token(&long).assert_mp("invalid_grant", "at most 120 s");
    let exact = grant(&sim, SKE_SCOPE, |c| c["exp"] = json!(c["iat"].as_i64().unwrap() + 120));
    assert_eq!(sim.token(&exact).status, 200);
    let missing = grant(&sim, SKE_SCOPE, |c| {
        c.as_object_mut().unwrap().remove("exp");
    });
    sim.token(&missing).assert_mp("invalid_grant", "exp");
    assert_eq!((reasons(&sim)["expired"].as_u64(), reasons(&sim)["lifetime"].as_u64()), (Some(1), Some(1)));
}

#[test]
fn jti_may_be_used_once() {
    let sim = start();
    let g = grant(&sim, SKE_SCOPE, |c| c["jti"] = json!("fixed-jti-1"));
    assert_eq!(sim.token(&g).status, 200);
    sim.token(&g).assert_mp("invalid_grant", "Grant is used before");
    // A new grant with the same jti is a replay too; another jti is fine.
    sim.token(&grant(&sim, SKE_SCOPE, |c| c["jti"] = json!("fixed-jti-1")))
        .assert_mp("invalid_grant", "Grant is used before");
    assert_eq!(sim.token(&grant(&sim, SKE_SCOPE, |c| c["jti"] = json!("fixed-jti-2"))).status, 200);
    assert_eq!(reasons(&sim)["jti_reused"], 2);
}

#[test]
fn only_known_claims() {
    let sim = start();
    for extra in ["sub", "foo", "client_id"] {
        let g = grant(&sim, SKE_SCOPE, |c| c[extra] = json!("x"));
        sim.token(&g).assert_mp("invalid_grant", "Invalid assertion");
        sim.token(&grant(&sim, SKE_SCOPE, |c| c[extra] = json!("x")))
            .assert_mp("invalid_grant", &format!("Unknown claim {extra}"));
    }
    assert_eq!(sim.token(&grant(&sim, SKE_SCOPE, |c| c["nbf"] = c["iat"].clone())).status, 200);
    assert_eq!(reasons(&sim)["unknown_claim"], 6);
}

#[test]
fn scopes_must_be_allowed_for_the_client() {
    let sim = start();
    sim.token(&grant(&sim, "skatteetaten:kravogbetalinger altinn:serviceowner", |_| {}))
        .assert_mp("invalid_scope", "Token request contains invalid scopes for client");
    sim.token(&grant(&sim, "", |_| {})).assert_mp("invalid_scope", "no scope");
    assert_eq!(
        sim.token(&grant(&sim, "skatteetaten:kravogbetalinger altinn:consentrequests.read", |_| {})).status,
        200
    );
    assert_eq!(reasons(&sim)["scope"], 2);
}

#[test]
fn consumer_org_needs_a_delegation() {
    let sim = start();
    sim.token(&grant(&sim, SKE_SCOPE, |c| c["consumer_org"] = json!("313367002")))
        .assert_mp("access_denied", "has not delegated access");
    sim.token(&grant(&sim, SKE_SCOPE, |c| c["consumer_org"] = json!(BANK_ORG)))
        .assert_mp("invalid_request", "combination consumer_org");
    sim.token(&grant(&sim, SKE_SCOPE, |c| {
        c["consumer_org"] = json!("313367002");
        c["iss_onbehalfof"] = json!("x");
    }))
    .assert_mp("invalid_request", "mutually exclusive");
    let mut cfg = client_config(CLIENT, BANK_ORG, &SCOPES, client_key());
    cfg["consumerOrgs"] = json!(["313367002"]);
    sim.config(json!({"clients": [cfg]}));
    let t = sim.access_token(&grant(&sim, SKE_SCOPE, |c| c["consumer_org"] = json!("313367002")));
    let c = payload(&t);
    assert_eq!(c["consumer"]["ID"], "0192:313367002");
    assert_eq!(c["supplier"]["ID"], format!("0192:{BANK_ORG}"));
}

#[test]
fn authorization_details_must_name_an_accepted_unexpired_consent_to_the_client() {
    let sim = start();
    let party = "313367002";
    let (pending, _) = create_consent3(&sim, party);
    let detail = |id: &str, from: &str| json!([{"type": "urn:altinn:consent", "id": id, "from": from}]);
    let with = |d: Value| grant(&sim, SKE_SCOPE, |c| c["authorization_details"] = d);
    let urn = kravkit_sim::ids::party_urn(party);
    sim.token(&with(detail(&pending, &urn))).assert_mp("invalid_authorization_details", "not accepted");
    sim.token(&with(detail(&kravkit_sim::ids::new_uuid(), &urn)))
        .assert_mp("invalid_authorization_details", "not found");
    sim.config(json!({"consents": [{"id": pending, "action": "approve"}]}));
    sim.token(&with(detail(&pending, "urn:altinn:organization:identifier-no:212201782")))
        .assert_mp("invalid_authorization_details", "from does not match");
    sim.token(&with(json!({"type": "urn:altinn:consent", "id": pending, "from": urn})))
        .assert_mp("invalid_authorization_details", "exactly one");
    sim.token(&with(json!([{"type": "urn:altinn:systemuser", "systemuser_org": {"authority": "iso6523-actorid-upis", "ID": "0192:313367002"}}])))
        .assert_mp("invalid_authorization_details", "not supported");
    sim.token(&with(detail("not-a-uuid", &urn))).assert_mp("invalid_authorization_details", "UUID");

    // Another client of another organisation cannot use the bank's consent.
    sim.config(json!({"clients": [client_config("other-bank", "212201782", &[SKE_SCOPE], client_key())]}));
    let theirs = grant(&sim, SKE_SCOPE, |c| {
        c["iss"] = json!("other-bank");
        c["authorization_details"] = detail(&pending, &urn);
    });
    sim.token(&theirs).assert_mp("invalid_authorization_details", "was not given to 212201782");
    assert_eq!(sim.token(&with(detail(&pending, &urn))).status, 200);
    let r = reasons(&sim);
    for reason in [
        "consent_not_accepted",
        "consent_not_found",
        "consent_from",
        "authorization_details",
        "systemuser",
        "consent_id",
        "consent_to",
    ] {
        assert_eq!(r[reason], 1, "{reason}: {r}");
    }
}

#[test]
fn date_header_and_checks_follow_the_clock_offset() {
    let sim = start();
    sim.config(json!({"clockOffsetSecs": 3600}));
    let r = sim.token(&grant(&sim, SKE_SCOPE, |_| {}));
    r.assert_mp("invalid_grant", "JWT is expired");
    let date = chrono::DateTime::parse_from_rfc2822(r.header("date").unwrap()).unwrap().timestamp();
    assert!((date - now() - 3600).abs() <= 2, "Date {date} vs now {}", now());
    // A client that corrects its clock by the Date header gets a token dated in the simulator's time.
    let offset = date - now();
    let g = grant(&sim, SKE_SCOPE, |c| {
        c["iat"] = json!(now() + offset);
        c["exp"] = json!(now() + offset + 60);
    });
    let t = sim.access_token(&g);
    assert!((payload(&t)["iat"].as_i64().unwrap() - now() - 3600).abs() <= 2);
    sim.config(json!({"reset": true}));
    assert!(sim.get("/config", &[]).json()["clockOffsetSecs"] == 0);
}

#[test]
fn runtime_registration_and_stats_per_client_and_kid() {
    let sim = start();
    let mut cfg = client_config("second", "313367002", &[SKE_SCOPE], other_key());
    cfg["keys"] = json!([other_key().public_jwk(), client_key().public_jwk()]);
    sim.config(json!({"clients": [cfg]}));
    let as_second = |key: &kravkit_sim::KeyPair| {
        let mut c = claims(&sim, SKE_SCOPE);
        c["iss"] = json!("second");
        sign(&json!({"alg": "RS256", "kid": key.kid}), &c, key)
    };
    sim.access_token(&as_second(other_key()));
    sim.access_token(&as_second(client_key()));
    sim.access_token(&grant(&sim, SKE_SCOPE, |_| {}));
    let t = &sim.stats()["tokens"];
    assert_eq!((t["byClient"]["second"].as_u64(), t["byClient"][CLIENT].as_u64()), (Some(2), Some(1)));
    assert_eq!(
        (t["byKid"][other_key().kid.as_str()].as_u64(), t["byKid"][client_key().kid.as_str()].as_u64()),
        (Some(1), Some(2))
    );
    // Refusals: a private JWK, a small key, a bad org.
    let mut private = other_key().public_jwk();
    private["d"] = json!("AQAB");
    for bad in [
        json!({"clients": [{"clientId": "x", "org": BANK_ORG, "scopes": [], "keys": [private]}]}),
        json!({"clients": [{"clientId": "x", "org": "123456789", "scopes": [], "keys": [other_key().public_jwk()]}]}),
        json!({"clients": [{"clientId": "x", "org": BANK_ORG, "scopes": [], "keys": []}]}),
        json!({"clients": [{"clientId": "x", "org": BANK_ORG, "scopes": [], "keys": [{"kty": "RSA", "kid": "s", "n": "AQAB", "e": "AQAB"}]}]}),
        json!({"tokenLifetimeSecs": 0}),
        json!({"bogus": true}),
    ] {
        assert_eq!(sim.post_json("/config", &[], &bad).status, 400, "{bad}");
    }
    sim.post_json("/stats/reset", &[], &json!({}));
    assert_eq!(sim.stats()["tokens"]["issued"], 0);
}

#[test]
fn jti_is_required_unless_require_jti_is_false() {
    let sim = start();
    let without = || {
        grant(&sim, SKE_SCOPE, |c| {
            c.as_object_mut().unwrap().remove("jti");
        })
    };
    assert_eq!(sim.get("/config", &[]).json()["requireJti"], true);
    sim.token(&without()).assert_mp("invalid_grant", "Invalid assertion. Client authentication failed. Missing jti");
    assert_eq!(reasons(&sim)["jti"], 1);
    assert_eq!(sim.stats()["tokens"]["issued"], 0);

    // With requireJti false a grant without jti is accepted, and so is its replay (nothing to recognise it by).
    sim.config(json!({"requireJti": false}));
    let g = without();
    assert_eq!(sim.token(&g).status, 200);
    assert_eq!(sim.token(&g).status, 200);
    // A reset restores the default.
    sim.config(json!({"reset": true, "clients": [client_config(CLIENT, BANK_ORG, &SCOPES, client_key())]}));
    sim.token(&without()).assert_mp("invalid_grant", "Missing jti");
}

#[test]
fn grant_header_with_crit_is_refused() {
    let sim = start();
    let c = claims(&sim, SKE_SCOPE);
    let crit = sign(
        &json!({"alg": "RS256", "kid": client_key().kid, "crit": ["x-kravkit"], "x-kravkit": true}),
        &c,
        client_key(),
    );
    sim.token(&crit).assert_mp("invalid_grant", "crit");
    sim.token(&crit).assert_mp("invalid_grant", "(MP-100)");
    assert_eq!(reasons(&sim)["crit"], 2);
    assert_eq!(sim.token(&sign(&json!({"alg": "RS256", "kid": client_key().kid}), &c, client_key())).status, 200);
}

#[test]
fn scopes_must_be_separated_by_single_spaces() {
    let sim = start();
    let two = "skatteetaten:kravogbetalinger altinn:consentrequests.read";
    for sep in ["  ", "\t", "\n", ",", " \t"] {
        let scope = two.replace(' ', sep);
        let r = sim.token(&grant(&sim, &scope, |_| {}));
        r.assert_mp("invalid_scope", "Invalid scope");
        if sep != "," {
            r.assert_mp("invalid_scope", "single spaces");
        }
    }
    for scope in [format!(" {SKE_SCOPE}"), format!("{SKE_SCOPE} ")] {
        sim.token(&grant(&sim, &scope, |_| {})).assert_mp("invalid_scope", "single spaces");
    }
    assert_eq!(reasons(&sim)["scope"], 7);
    assert_eq!(sim.token(&grant(&sim, two, |_| {})).status, 200);
}

/// Sends the grant `make(now)` builds until the request starts and ends within one second of the real clock, so
/// the simulator checked it at exactly `now`.
fn within_one_second(sim: &Sim, make: impl Fn(i64) -> String) -> Resp {
    loop {
        let t = now();
        let r = sim.token(&make(t));
        if now() == t {
            return r;
        }
    }
}

#[test]
fn iat_ten_seconds_ahead_is_accepted_and_eleven_refused() {
    let sim = start();
    let s = &sim;
    let ahead = |secs: i64| {
        move |t: i64| {
            grant(s, SKE_SCOPE, |c| {
                c["iat"] = json!(t + secs);
                c["exp"] = json!(t + secs + 60);
            })
        }
    };
    assert_eq!(within_one_second(&sim, ahead(10)).status, 200);
    within_one_second(&sim, ahead(11)).assert_mp("invalid_grant", "Issue time is after now");
    assert_eq!(reasons(&sim)["iat_future"], 1);
}

#[test]
fn clock_offsets_per_service_override_the_global_one() {
    let sim = start();
    let date = |r: &Resp| chrono::DateTime::parse_from_rfc2822(r.header("date").unwrap()).unwrap().timestamp();
    let near = |t: i64, expected: i64| assert!((t - expected).abs() <= 2, "{t} vs {expected}");

    sim.config(json!({"clockOffsets": {"maskinporten": 3600}}));
    let view = sim.get("/config", &[]).json();
    assert_eq!(
        (view["clockOffsets"].clone(), view["clockOffsetSecs"].clone()),
        (json!({"maskinporten": 3600}), json!(0))
    );
    // Maskinporten's clock is an hour ahead: a grant dated in real time has expired there, and its Date says so.
    let r = sim.token(&grant(&sim, SKE_SCOPE, |_| {}));
    r.assert_mp("invalid_grant", "JWT is expired");
    near(date(&r), now() + 3600);
    // The other services keep real time.
    near(date(&sim.get("/altinn2/api/metadata/jwk", &[])), now());
    near(date(&sim.get("/skatteetaten/v1/finans/313367002/aapnekrav", &[])), now());
    near(date(&sim.get("/healthz", &[])), now());

    // Only Skatteetaten ahead, past the token's lifetime: Maskinporten issues, Skatteetaten finds it expired.
    sim.config(json!({"clockOffsets": {"skatteetaten": 200}}));
    let (_, token) = consent3_token(&sim, "313367002");
    let r = sim.ske("313367002/aapnekrav", &token, &[]);
    r.assert_ske(401, "KB-004");
    near(date(&r), now() + 200);

    // The global offset applies to every service without its own.
    sim.config(json!({"clockOffsetSecs": 100, "clockOffsets": {"skatteetaten": 0}}));
    near(date(&sim.get("/maskinporten/jwk", &[])), now() + 100);
    near(date(&sim.get("/healthz", &[])), now() + 100);
    assert_eq!(sim.ske("313367002/aapnekrav", &token, &[]).status, 200);

    for bad in [json!({"clockOffsets": {"altinn": 5}}), json!({"clockOffsets": {"maskinporten": 400 * 86_400}})] {
        assert_eq!(sim.post_json("/config", &[], &bad).status, 400, "{bad}");
    }
    sim.config(json!({"reset": true}));
    let view = sim.get("/config", &[]).json();
    assert_eq!((view["clockOffsets"].clone(), view["clockOffsetSecs"].clone()), (json!({}), json!(0)));
}

#[test]
fn issued_tokens_are_listed_only_when_recorded() {
    let sim = start();
    assert_eq!(sim.get("/tokens", &[]).status, 404, "not recorded by default");

    let sim = start_with(|o| o.config.record_tokens = Some(true));
    assert_eq!(sim.get("/tokens", &[]).json(), json!({"accessTokens": [], "altinn2ConsentTokens": []}));
    let first = sim.access_token(&grant(&sim, SKE_SCOPE, |_| {}));
    let second = sim.access_token(&grant(&sim, SKE_SCOPE, |_| {}));
    // A reset forgets clients and counters, not the record.
    sim.config(json!({"reset": true}));
    let listed = sim.get("/tokens", &[]).json();
    assert_eq!(listed["accessTokens"], json!([first, second]));
    assert_eq!(listed["altinn2ConsentTokens"], json!([]));
}

#[test]
fn skatteetaten_takes_tokens_with_an_unspecified_or_no_aud_and_refuses_a_resource_aud() {
    let sim = start();
    let party = "313367002";
    let (id, _) = create_consent3(&sim, party);
    sim.config(json!({"consents": [{"id": id, "action": "approve"}]}));
    let consent = json!([{"type": "urn:altinn:consent", "id": id, "from": kravkit_sim::ids::party_urn(party)}]);
    let token = |edit: &dyn Fn(&mut Value)| {
        sim.access_token(&grant(&sim, SKE_SCOPE, |c| {
            c["authorization_details"] = consent.clone();
            edit(c);
        }))
    };
    let unspecified = token(&|_| {});
    assert_eq!(payload(&unspecified)["aud"], "unspecified");
    assert_eq!(sim.ske(&format!("{party}/aapnekrav"), &unspecified, &[]).status, 200);
    sim.config(json!({"unspecifiedAud": false}));
    let none = token(&|_| {});
    assert!(payload(&none).get("aud").is_none());
    assert_eq!(sim.ske(&format!("{party}/aapnekrav"), &none, &[]).status, 200);
    let for_a_resource = token(&|c| c["resource"] = json!("https://api.example/"));
    sim.ske(&format!("{party}/aapnekrav"), &for_a_resource, &[]).assert_ske(401, "KB-004");
    assert_eq!(sim.get("/config", &[]).json()["unspecifiedAud"], false);
}
