//! No `Debug` or `Display` of anything the Maskinporten module makes or returns shows a grant, an access token or
//! a private key, even when a server echoes them back.
#![cfg(not(target_arch = "wasm32"))]

use kravkit::{
    http::HttpResponse,
    ids::{ConsentRequestId, PartIdentifikator},
    maskinporten::{
        parse_token_response, prepare_token_request, AuthorizationDetail, CachePolicy, Environment, Fetched,
        GrantBuilder, Jti, KeyError, RsaKey, SigningAlgorithm,
    },
    secret::{AccessToken, PrivateKeyMaterial, SignedGrant},
    UnixTime,
};
use rsa::{
    pkcs8::{EncodePrivateKey as _, LineEnding},
    rand_core::OsRng,
    RsaPrivateKey,
};

/// Every way of showing `value` a log line could use.
fn shown<T: std::fmt::Debug>(value: &T) -> String {
    format!("{value:?}\n{value:#?}")
}

fn shown_error<E: std::fmt::Debug + std::fmt::Display>(e: &E) -> String {
    format!("{e}\n{e:#}\n{e:?}\n{e:#?}")
}

struct Secrets {
    pem: String,
    grant: SignedGrant,
    token: &'static str,
}

impl Secrets {
    /// Fragments that must never appear: the grant's claims and signature, the token, the key's body.
    fn assert_absent(&self, text: &str) {
        let parts: Vec<&str> = self.grant.secret().split('.').collect();
        let pem_line = self.pem.lines().nth(5).unwrap();
        for needle in [parts[1], parts[2], &parts[2][..20], self.token, &self.token[..12], pem_line, &pem_line[..20]] {
            assert!(!text.contains(needle), "leaked {needle:?} in:\n{text}");
        }
        assert!(!text.contains("eyJ"), "something JWT-shaped leaked in:\n{text}");
    }
}

fn secrets() -> Secrets {
    let key = RsaPrivateKey::new(&mut OsRng, 2048).unwrap();
    let pem = key.to_pkcs8_pem(LineEnding::LF).unwrap().to_string();
    let unsigned = GrantBuilder::new(&Environment::Test, "client")
        .scope("skatteetaten:kravogbetalinger")
        .kid("kid")
        .authorization_details(AuthorizationDetail::AltinnConsent {
            id: ConsentRequestId::parse("77ed8698-e619-4066-9eb4-5c1eb3f165a1").unwrap(),
            from: PartIdentifikator::parse("21818297804").unwrap(),
        })
        .build(UnixTime::from_secs(1_766_129_217), Jti::from_random_bytes([3; 16]))
        .unwrap();
    let grant = unsigned.finish(&[0x5a; 256]).unwrap();
    Secrets { pem, grant, token: "IxC0B76vlWl3fiQhAwZUmD0hr_PPwC9hSIXRdoUslPU=" }
}

#[test]
fn requests_responses_and_values() {
    let s = secrets();
    let mut out = String::new();
    let req = prepare_token_request(Environment::Test.token_endpoint(), &s.grant);
    assert!(String::from_utf8_lossy(&req.body).contains(s.grant.secret()), "the body does carry the grant");
    out += &shown(&req);
    out += &shown(&s.grant);
    let body = format!(r#"{{"access_token":"{}","token_type":"Bearer","expires_in":120,"scope":"s"}}"#, s.token);
    let resp = HttpResponse::new(200, body).header("Date", "Sun, 06 Nov 1994 08:49:37 GMT");
    let token = parse_token_response(&resp).unwrap();
    assert_eq!(token.access_token.secret(), s.token);
    out += &shown(&resp);
    out += &shown(&token);
    out += &shown(
        &CachePolicy::default()
            .window(&token, Fetched { sent_at: UnixTime::from_secs(0), received_at: UnixTime::from_secs(0) }),
    );
    out += &shown(&AccessToken::new(s.token));
    let builder = GrantBuilder::new(&Environment::Prod, "c").scope("a:b").kid("k");
    out += &shown(&builder);
    out += &shown(&builder.cache_key());
    out += &format!("{}", builder.cache_key());
    s.assert_absent(&out);
}

#[test]
fn keys() {
    let s = secrets();
    let material = PrivateKeyMaterial::new(s.pem.clone());
    let key = RsaKey::parse(&material).unwrap();
    let mut out = shown(&material) + &shown(&key) + &shown(&key.to_pkcs8_der());
    out += &shown(&key.public_jwk(None, SigningAlgorithm::Rs256));
    #[cfg(feature = "rsa-signer")]
    {
        let signer = kravkit::maskinporten::RsaSigner::new(&key).unwrap();
        out += &shown(&signer);
    }
    s.assert_absent(&out);
    // Broken keys: errors name the problem, never the material.
    let truncated = s.pem.lines().take(8).collect::<Vec<_>>().join("\n") + "\n-----END PRIVATE KEY-----\n";
    let mut errors = vec![RsaKey::from_pem(&truncated).unwrap_err()];
    errors.push(RsaKey::from_pem(&s.pem.replace("PRIVATE KEY", "PUBLIC KEY")).unwrap_err());
    errors.push(RsaKey::from_jwk(&format!(r#"{{"kty":"RSA","d":"{}""#, s.pem.lines().nth(5).unwrap())).unwrap_err());
    errors.push(RsaKey::from_jwk(&format!(r#"{{"kty":"{}","d":"x"}}"#, s.pem.lines().nth(5).unwrap())).unwrap_err());
    for e in &errors {
        s.assert_absent(&shown_error(e));
    }
    assert!(matches!(errors[1], KeyError::NotPrivate(_)));
}

#[test]
fn errors_never_echo_secrets() {
    let s = secrets();
    let g = s.grant.secret();
    let bodies = [
        (400, format!(r#"{{"error":"invalid_grant","error_description":"Grant is used before: {g}"}}"#)),
        (400, format!(r#"{{"error":"invalid_grant {g}","error_description":"x","error_uri":"https://x/{g}"}}"#)),
        (502, format!("<html><pre>assertion={g}&access_token={}</pre></html>", s.token)),
        (200, format!(r#"{{"access_token":"{}","expires_in":"soon"}}"#, s.token)),
        (200, format!(r#"{{"access_token":["{}"]}}"#, s.token)),
        (200, format!(r#"{{"access_token":"{}","token_type":"{}","expires_in":1}}"#, s.token, s.token)),
        (200, format!(r#"{{"access_token":"{}""#, s.token)),
    ];
    for (status, body) in bodies {
        let err = parse_token_response(&HttpResponse::new(status, body)).unwrap_err();
        let text = shown_error(&err) + err.hint();
        s.assert_absent(&text);
    }
}
