//! Independent cross-check: grants signed here (by `RsaSigner`, and by `finish()` over a signature the `rsa` crate
//! computes directly) are verified by the npm `jose` library, which also checks `aud` and `iss`. The key is
//! generated at test time; nothing secret is committed.
//!
//! Needs `node` and `npm ci` (for `node_modules/jose`); fails with a clear message without them.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(feature = "rsa-signer")]

use std::{path::PathBuf, process::Command};

use kravkit::{
    ids::{ConsentRequestId, Organisasjonsnummer, PartIdentifikator},
    maskinporten::{
        AuthorizationDetail, Environment, GrantBuilder, Jti, PublicJwk, RsaKey, RsaSigner, SigningAlgorithm,
        UnsignedGrant,
    },
    secret::PrivateKeyMaterial,
    UnixTime,
};
use rsa::{
    pkcs1v15::SigningKey,
    pkcs8::{EncodePrivateKey as _, LineEnding},
    rand_core::OsRng,
    signature::{SignatureEncoding as _, Signer as _},
    RsaPrivateKey,
};
use serde_json::{json, Value};
use sha2::{Sha256, Sha384, Sha512};

const CLIENT_ID: &str = "0b4d7a4e-3f0b-4a1c-9d5e-kravkit-test";

struct Fixture {
    dir: PathBuf,
    rsa_key: RsaPrivateKey,
    signer: RsaSigner,
    jwk: PublicJwk,
}

fn fixture(name: &str) -> Fixture {
    let rsa_key = RsaPrivateKey::new(&mut OsRng, 2048).expect("key generation");
    let pem = rsa_key.to_pkcs8_pem(LineEnding::LF).unwrap();
    let key = RsaKey::parse(&PrivateKeyMaterial::new(pem.as_str())).unwrap();
    let signer = RsaSigner::new(&key).unwrap();
    let jwk = key.public_jwk(Some("kravkit-test-kid"), SigningAlgorithm::Rs256);
    let dir = std::env::temp_dir().join(format!("kravkit-grant-jose-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    Fixture { dir, rsa_key, signer, jwk }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs the jose verifier; `Ok(output JSON)` on exit 0, `Err(stderr)` otherwise.
fn verify(f: &Fixture, jwt: &str, jwk: &PublicJwk, audience: &str, now: UnixTime) -> Result<Value, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    assert!(
        root.join("node_modules/jose/package.json").exists(),
        "npm package `jose` is missing: run `npm ci` (or scripts/setup) in {}",
        root.display()
    );
    let jwt_file = f.dir.join("grant.jwt");
    let jwk_file = f.dir.join("public.jwk.json");
    std::fs::write(&jwt_file, jwt).unwrap();
    std::fs::write(&jwk_file, jwk.to_json()).unwrap();
    let out = Command::new("node")
        .current_dir(&root)
        .arg("tests/js/verify-grant.mjs")
        .args([&jwt_file, &jwk_file])
        .args([audience, CLIENT_ID, &now.secs().to_string()])
        .output()
        .expect("`node` must be installed to run the jose cross-check");
    if out.status.success() {
        Ok(serde_json::from_slice(&out.stdout).expect("verifier prints JSON"))
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn consent_grant(alg: SigningAlgorithm, now: UnixTime) -> UnsignedGrant {
    GrantBuilder::new(&Environment::Test, CLIENT_ID)
        .scope("skatteetaten:kravogbetalinger")
        .kid("kravkit-test-kid")
        .algorithm(alg)
        .authorization_details(AuthorizationDetail::AltinnConsent {
            id: ConsentRequestId::parse("77ed8698-e619-4066-9eb4-5c1eb3f165a1").unwrap(),
            from: PartIdentifikator::parse("313506673").unwrap(),
        })
        .build(now, Jti::from_random_bytes([7; 16]))
        .unwrap()
}

fn assert_grant(v: &Value, now: UnixTime, alg: &str) {
    assert_eq!(v["protectedHeader"], json!({ "alg": alg, "kid": "kravkit-test-kid" }));
    let p = &v["payload"];
    assert_eq!(p["aud"], "https://test.maskinporten.no/");
    assert_eq!(p["iss"], CLIENT_ID);
    assert_eq!(p["scope"], "skatteetaten:kravogbetalinger");
    assert_eq!(p["iat"], now.secs());
    assert_eq!(p["exp"], now.secs() + 60);
    assert_eq!(p["jti"], "07070707-0707-4707-8707-070707070707");
    assert_eq!(
        p["authorization_details"],
        json!([{ "type": "urn:altinn:consent", "id": "77ed8698-e619-4066-9eb4-5c1eb3f165a1",
                 "from": "urn:altinn:organization:identifier-no:313506673" }])
    );
    assert_eq!(p.as_object().unwrap().len(), 7, "no claim beyond the seven: {p}");
}

#[test]
fn jose_verifies_rsa_signer_and_finish() {
    let f = fixture("both");
    let now = UnixTime::from_secs(1_766_129_217);
    let unsigned = consent_grant(SigningAlgorithm::Rs256, now);

    let by_signer = f.signer.sign(&unsigned);
    // The Worker's path: sign signing_input() elsewhere (here: the rsa crate directly), then finish().
    let direct = SigningKey::<Sha256>::new(f.rsa_key.clone()).sign(unsigned.signing_input()).to_vec();
    let by_finish = unsigned.finish(&direct).unwrap();
    assert_eq!(by_signer.secret(), by_finish.secret(), "PKCS#1 v1.5 is deterministic: both paths give one JWT");

    let v = verify(&f, by_signer.secret(), &f.jwk, "https://test.maskinporten.no/", now).unwrap();
    assert_grant(&v, now, "RS256");
    let pem = f.rsa_key.to_pkcs8_pem(LineEnding::LF).unwrap();
    let thumbprint = RsaKey::parse(&PrivateKeyMaterial::new(pem.as_str())).unwrap().thumbprint();
    assert_eq!(v["thumbprint"], thumbprint, "RFC 7638 thumbprint agrees with jose");
    let v = verify(&f, by_finish.secret(), &f.jwk, "https://test.maskinporten.no/", now.add_secs(59)).unwrap();
    assert_grant(&v, now, "RS256");
}

#[test]
fn jose_verifies_rs512_and_delegation_claims() {
    let f = fixture("rs512");
    let now = UnixTime::from_secs(1_766_129_217);
    let unsigned = GrantBuilder::new(&Environment::Prod, CLIENT_ID)
        .scope("skatteetaten:kravogbetalinger")
        .kid("kravkit-test-kid")
        .algorithm(SigningAlgorithm::Rs512)
        .lifetime_secs(120)
        .consumer_org(Organisasjonsnummer::parse("313367002").unwrap())
        .build(now, Jti::from_random_bytes([9; 16]))
        .unwrap();
    let direct = SigningKey::<Sha512>::new(f.rsa_key.clone()).sign(unsigned.signing_input()).to_vec();
    assert_eq!(f.signer.sign(&unsigned).secret(), unsigned.finish(&direct).unwrap().secret());
    let jwk = PublicJwk { alg: "RS512".into(), ..f.jwk.clone() };
    let v = verify(&f, f.signer.sign(&unsigned).secret(), &jwk, "https://maskinporten.no/", now).unwrap();
    assert_eq!(v["protectedHeader"]["alg"], "RS512");
    assert_eq!(v["payload"]["consumer_org"], "313367002");
    assert_eq!(v["payload"]["exp"], now.secs() + 120);
}

#[test]
fn jose_verifies_rs384_with_x5c_and_the_other_optional_claims() {
    let f = fixture("x5c");
    let now = UnixTime::from_secs(1_766_129_217);
    // The header's certificate chain is data here (jose verifies with the JWK it is given), checked for shape.
    let chain = vec!["TUlJQ2xlYWY=".to_owned(), "TUlJQ2ludGVybWVkaWF0ZQ==".to_owned()];
    let unsigned = GrantBuilder::new(&Environment::Test, CLIENT_ID)
        .scope("altinn:consentrequests.write skatteetaten:kravogbetalinger")
        .x5c(chain.clone())
        .algorithm(SigningAlgorithm::Rs384)
        .iss_onbehalfof("kravkit-sub-client")
        .resource("https://api.example/")
        .authorization_details(AuthorizationDetail::SystemUser {
            org: Organisasjonsnummer::parse("313367002").unwrap(),
        })
        .build(now, Jti::from_random_bytes([5; 16]))
        .unwrap();
    let direct = SigningKey::<Sha384>::new(f.rsa_key.clone()).sign(unsigned.signing_input()).to_vec();
    let jwt = unsigned.finish(&direct).unwrap();
    assert_eq!(f.signer.sign(&unsigned).secret(), jwt.secret());
    let jwk = PublicJwk { alg: "RS384".into(), ..f.jwk.clone() };
    let v = verify(&f, jwt.secret(), &jwk, "https://test.maskinporten.no/", now).unwrap();
    assert_eq!(v["protectedHeader"], json!({ "alg": "RS384", "x5c": chain }), "x5c as an array, and no kid");
    let p = &v["payload"];
    assert_eq!(p["scope"], "altinn:consentrequests.write skatteetaten:kravogbetalinger");
    assert_eq!(p["iss_onbehalfof"], "kravkit-sub-client");
    assert_eq!(p["resource"], json!(["https://api.example/"]));
    assert_eq!(
        p["authorization_details"],
        json!([{ "type": "urn:altinn:systemuser",
                 "systemuser_org": { "authority": "iso6523-actorid-upis", "ID": "0192:313367002" } }])
    );
    assert_eq!(
        p.as_object().unwrap().len(),
        9,
        "aud iss iat exp jti scope iss_onbehalfof resource authorization_details: {p}"
    );
}

#[test]
fn jose_refuses_tampering_wrong_audience_and_expiry() {
    let f = fixture("tamper");
    let now = UnixTime::from_secs(1_766_129_217);
    let grant = f.signer.sign(&consent_grant(SigningAlgorithm::Rs256, now));
    let aud = "https://test.maskinporten.no/";
    assert!(verify(&f, grant.secret(), &f.jwk, aud, now).is_ok());

    // Claims swapped for others (a different scope), signature kept.
    let parts: Vec<&str> = grant.secret().split('.').collect();
    let claims =
        String::from_utf8(base64_url_decode(parts[1])).unwrap().replace("kravogbetalinger", "kravogbetalingeR");
    let tampered = format!("{}.{}.{}", parts[0], base64_url_encode(claims.as_bytes()), parts[2]);
    assert!(verify(&f, &tampered, &f.jwk, aud, now).unwrap_err().contains("signature"));

    // One flipped signature bit.
    let mut sig = base64_url_decode(parts[2]);
    sig[10] ^= 1;
    let flipped = format!("{}.{}.{}", parts[0], parts[1], base64_url_encode(&sig));
    assert!(verify(&f, &flipped, &f.jwk, aud, now).is_err());

    // Another key's public JWK.
    let other = fixture("other");
    assert!(verify(&f, grant.secret(), &other.jwk, aud, now).is_err());

    // Audience of the other environment, and verification after exp.
    assert!(verify(&f, grant.secret(), &f.jwk, "https://maskinporten.no/", now).unwrap_err().contains("aud"));
    assert!(verify(&f, grant.secret(), &f.jwk, aud, now.add_secs(61)).unwrap_err().contains("exp"));
}

fn base64_url_decode(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s).unwrap()
}

fn base64_url_encode(b: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}
