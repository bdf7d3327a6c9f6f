#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use serde_json::{json, Value};

use super::*;
use crate::ids::{ConsentRequestId, PartIdentifikator};

const HEADER_FIXTURE: &str = include_str!("../../fixtures/maskinporten/jwt-grant.header.json");
const PAYLOAD_FIXTURE: &str = include_str!("../../fixtures/maskinporten/jwt-grant.payload.json");
const DELEGATION_FIXTURE: &str = include_str!("../../fixtures/maskinporten/jwt-grant-delegation.payload.json");
const CONSENT_FIXTURE: &str = include_str!("../../fixtures/maskinporten/jwt-grant-consent.payload.json");
const ALTINN3_FIXTURE: &str = include_str!("../../fixtures/altinn/altinn3-consent-token.jwt-grant.payload.json");

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap()
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

fn decode(part: &str) -> Value {
    serde_json::from_slice(&B64URL.decode(part).unwrap()).unwrap()
}

fn builder() -> GrantBuilder {
    GrantBuilder::new(&Environment::Test, "my_client_id").scope("difitest:test2").kid("k1")
}

fn jti() -> Jti {
    Jti::new("415ec7ac-33eb-4ce3-bc86-6ad40e29768f").unwrap()
}

const NOW: UnixTime = UnixTime::from_secs(1_520_589_808);

#[test]
fn plain_grant_equals_the_documented_example() {
    let g = builder().lifetime_secs(120).build(NOW, jti()).unwrap();
    assert_eq!(json(g.claims_json()), json(PAYLOAD_FIXTURE));
    assert_eq!(
        g.claims_json(),
        r#"{"aud":"https://test.maskinporten.no/","iss":"my_client_id","scope":"difitest:test2","iat":1520589808,"exp":1520589928,"jti":"415ec7ac-33eb-4ce3-bc86-6ad40e29768f"}"#
    );
    assert_eq!(g.header_json(), r#"{"alg":"RS256","kid":"k1"}"#);
    assert_eq!((g.issued_at(), g.expires_at(), g.jti()), (NOW, NOW.add_secs(120), &jti()));
}

#[test]
fn x5c_header_has_the_documented_keys() {
    let chain = vec!["MIIFETCCA/mgAwIB".to_owned(), "MIIE2jCCA8KgAwIB".to_owned()];
    let g = GrantBuilder::new(&Environment::Test, "c").scope("s:x").x5c(chain.clone()).build(NOW, jti()).unwrap();
    let header = json(g.header_json());
    assert_eq!(keys(&header), keys(&json(HEADER_FIXTURE)));
    assert_eq!(header, json!({ "alg": "RS256", "x5c": chain }));
    let one = GrantBuilder::new(&Environment::Test, "c").scope("s:x").x5c(vec!["MIIF".into()]);
    assert_eq!(one.build(NOW, jti()).unwrap().header_json(), r#"{"alg":"RS256","x5c":["MIIF"]}"#, "always an array");
}

#[test]
fn delegation_grant_equals_the_documented_example() {
    let g = GrantBuilder::new(&Environment::Test, "oidc_difi_delegering_altinn")
        .scope("difitest:test2")
        .kid("k")
        .lifetime_secs(120)
        .consumer_org(Organisasjonsnummer::parse("910753614").unwrap())
        .build(UnixTime::from_secs(1_584_693_063), Jti::new("b1197d5a-0c68-4c4a-a95c-dc07c1194600").unwrap())
        .unwrap();
    assert_eq!(json(g.claims_json()), json(DELEGATION_FIXTURE));
}

#[test]
fn altinn3_consent_grant_equals_altinns_example() {
    let g = GrantBuilder::new(&Environment::Test, "<MASKINPORTEN_CLIENT_ID>")
        .scope("altinn:consentrequests.read")
        .kid("k")
        .lifetime_secs(120)
        .authorization_details(AuthorizationDetail::AltinnConsent {
            id: ConsentRequestId::parse("77ed8698-e619-4066-9eb4-5c1eb3f165a1").unwrap(),
            from: PartIdentifikator::parse("21818297804").unwrap(),
        })
        .build(UnixTime::from_secs(1_736_938_000), Jti::new("<UNIQUE_JTI>").unwrap())
        .unwrap();
    assert_eq!(json(g.claims_json()), json(ALTINN3_FIXTURE));
}

#[test]
fn consent_grant_matches_digdirs_simplified_example() {
    // Digdir's example leaves out iat/exp/jti and writes aud without the trailing slash.
    let env = Environment::custom("https://maskinporten.no", "https://maskinporten.no/token");
    let g = GrantBuilder::new(&env, "my_client_id")
        .scope("api-tilbyders-scope")
        .kid("k")
        .authorization_details(AuthorizationDetail::AltinnConsent {
            id: ConsentRequestId::parse("0a7d59f8-8c62-4312-9fb4-62456664c96f").unwrap(),
            from: PartIdentifikator::parse("05848998356").unwrap(),
        })
        .build(NOW, jti())
        .unwrap();
    let mut claims = json(g.claims_json());
    for k in ["iat", "exp", "jti"] {
        claims.as_object_mut().unwrap().remove(k);
    }
    assert_eq!(claims, json(CONSENT_FIXTURE));
}

#[test]
fn optional_claims_on_the_wire() {
    let g = builder()
        .iss_onbehalfof("obo-value")
        .resource("https://api.example/")
        .authorization_details(AuthorizationDetail::SystemUser {
            org: Organisasjonsnummer::parse("313367002").unwrap(),
        })
        .build(NOW, jti())
        .unwrap();
    let c = json(g.claims_json());
    assert_eq!(c["iss_onbehalfof"], "obo-value");
    assert_eq!(c["resource"], json!(["https://api.example/"]), "Maskinporten only takes resource as an array");
    assert_eq!(
        c["authorization_details"],
        json!([{ "type": "urn:altinn:systemuser", "systemuser_org": { "authority": "iso6523-actorid-upis", "ID": "0192:313367002" } }])
    );
    assert_eq!(c.as_object().unwrap().len(), 9, "only known claims: {c}");
    // resource is off by default (Skatteetaten wants no audience).
    assert!(json(builder().build(NOW, jti()).unwrap().claims_json()).get("resource").is_none());
}

#[test]
fn defaults_and_scopes() {
    let g = builder().scope("b:y a:x").scope("difitest:test2 a:x").build(NOW, jti()).unwrap();
    let c = json(g.claims_json());
    assert_eq!(c["scope"], "difitest:test2 b:y a:x", "space-separated, deduplicated, in order given");
    assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), DEFAULT_GRANT_LIFETIME_SECS);
    assert_eq!(g.algorithm(), SigningAlgorithm::Rs256);
}

#[test]
fn clock_offset_moves_iat_and_exp() {
    let g = builder().clock_offset(ClockOffset::from_secs(-25)).build(NOW, jti()).unwrap();
    assert_eq!(g.issued_at(), NOW.add_secs(-25));
    assert_eq!(g.expires_at(), NOW.add_secs(-25 + DEFAULT_GRANT_LIFETIME_SECS));
    assert_eq!(json(g.claims_json())["iat"], NOW.secs() - 25);
}

#[test]
fn lifetime_limits() {
    assert!(builder().lifetime_secs(120).build(NOW, jti()).is_ok());
    assert!(builder().lifetime_secs(1).build(NOW, jti()).is_ok());
    assert_eq!(builder().lifetime_secs(121).build(NOW, jti()), Err(GrantError::Lifetime(121)));
    assert_eq!(builder().lifetime_secs(0).build(NOW, jti()), Err(GrantError::Lifetime(0)));
    assert_eq!(builder().lifetime_secs(-5).build(NOW, jti()), Err(GrantError::Lifetime(-5)));
}

#[test]
fn key_reference_rules() {
    let base = GrantBuilder::new(&Environment::Test, "c").scope("s:x");
    assert_eq!(base.clone().build(NOW, jti()), Err(GrantError::NoKeyReference));
    assert_eq!(base.clone().kid("k").x5c(vec!["MIIF".into()]).build(NOW, jti()), Err(GrantError::BothKidAndX5c));
    assert_eq!(base.clone().kid("").build(NOW, jti()), Err(GrantError::EmptyKeyReference));
    assert_eq!(base.clone().x5c(vec![]).build(NOW, jti()), Err(GrantError::EmptyKeyReference));
    assert_eq!(base.x5c(vec![String::new()]).build(NOW, jti()), Err(GrantError::EmptyKeyReference));
}

#[test]
fn claim_rules() {
    let org = Organisasjonsnummer::parse("313367002").unwrap();
    assert_eq!(
        builder().consumer_org(org.clone()).iss_onbehalfof("x").build(NOW, jti()),
        Err(GrantError::ConsumerOrgAndOnBehalfOf)
    );
    assert!(builder().consumer_org(org).build(NOW, jti()).is_ok());
    let no_scope = GrantBuilder::new(&Environment::Test, "c").kid("k");
    assert_eq!(no_scope.clone().build(NOW, jti()), Err(GrantError::NoScope));
    assert_eq!(no_scope.scope("   ").build(NOW, jti()), Err(GrantError::NoScope));
    assert_eq!(builder().scope("bad\"quote").build(NOW, jti()), Err(GrantError::InvalidScope("bad\"quote".into())));
    assert_eq!(builder().scope("back\\slash").build(NOW, jti()), Err(GrantError::InvalidScope("back\\slash".into())));
    assert_eq!(builder().scope("æ").build(NOW, jti()), Err(GrantError::InvalidScope("æ".into())));
    let no_client = GrantBuilder::new(&Environment::Test, "").scope("s:x").kid("k");
    assert_eq!(no_client.build(NOW, jti()), Err(GrantError::ClientId(String::new())));
    let spaced = GrantBuilder::new(&Environment::Test, "a b").scope("s:x").kid("k");
    assert_eq!(spaced.build(NOW, jti()), Err(GrantError::ClientId("a b".into())));
    let no_aud = GrantBuilder::new(&Environment::custom("", "x"), "c").scope("s:x").kid("k");
    assert_eq!(no_aud.build(NOW, jti()), Err(GrantError::Audience));
    assert_eq!(builder().iss_onbehalfof("").build(NOW, jti()), Err(GrantError::OnBehalfOf(String::new())));
    assert_eq!(builder().resource("a b").build(NOW, jti()), Err(GrantError::Resource("a b".into())));
}

#[test]
fn algorithms() {
    for (name, alg) in
        [("RS256", SigningAlgorithm::Rs256), ("RS384", SigningAlgorithm::Rs384), ("RS512", SigningAlgorithm::Rs512)]
    {
        assert_eq!(name.parse::<SigningAlgorithm>(), Ok(alg));
        assert_eq!(alg.to_string(), name);
        let g = builder().algorithm(alg).build(NOW, jti()).unwrap();
        assert_eq!(json(g.header_json())["alg"], name);
        assert_eq!(g.algorithm(), alg);
    }
    for bad in ["ES256", "PS256", "HS256", "none", "rs256", ""] {
        assert_eq!(bad.parse::<SigningAlgorithm>(), Err(GrantError::UnsupportedAlgorithm(bad.into())));
    }
    assert_eq!(SigningAlgorithm::Rs384.webcrypto_hash(), "SHA-384");
}

#[test]
fn signing_input_and_finish() {
    let g = builder().build(NOW, jti()).unwrap();
    let input = std::str::from_utf8(g.signing_input()).unwrap();
    let (h, c) = input.split_once('.').unwrap();
    assert_eq!(decode(h), json(g.header_json()));
    assert_eq!(decode(c), json(g.claims_json()));
    let sig = [0xA5u8; 256];
    let jwt = g.finish(&sig).unwrap();
    let parts: Vec<&str> = jwt.secret().split('.').collect();
    assert_eq!(parts.len(), 3);
    assert_eq!(format!("{}.{}", parts[0], parts[1]), input);
    assert_eq!(B64URL.decode(parts[2]).unwrap(), sig);
    assert!(!jwt.secret().contains('='), "base64url without padding");
    assert_eq!(g.finish(&[0; 255]).unwrap_err(), GrantError::Signature(255));
    assert_eq!(g.finish(&[]).unwrap_err(), GrantError::Signature(0));
    assert_eq!(g.finish(&sig).unwrap().secret(), jwt.secret(), "finish is deterministic");
}

#[test]
fn debug_hides_claims() {
    let g = builder()
        .authorization_details(AuthorizationDetail::AltinnConsent {
            id: ConsentRequestId::parse("77ed8698-e619-4066-9eb4-5c1eb3f165a1").unwrap(),
            from: PartIdentifikator::parse("21818297804").unwrap(),
        })
        .build(NOW, jti())
        .unwrap();
    let shown = format!("{g:?} {:?}", builder());
    assert!(!shown.contains("21818297804") && !shown.contains("eyJ"), "{shown}");
    let jwt = g.finish(&[1; 256]).unwrap();
    assert_eq!(format!("{jwt:?}"), "SignedGrant([redacted])");
}
