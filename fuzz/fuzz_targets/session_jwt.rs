//! The session JWT as the Worker reads it before and after the signature check: the compact form (header,
//! payload, signature), the claim rules, and the choice of a key in a JWKS. The first byte picks the form of the
//! rest: a raw token (< 64), a header and payload as JSON separated by 0xFF (< 160), or a JWKS document.
#![no_main]

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use kravkit::ids::PartIdentifikator;
use kravkit_fuzz::worker_jwk::{public_members, select, JwsAlg};
use kravkit_fuzz::worker_jwt::{check_claims, split, ClaimRules, MAX_PARTIES, MAX_SESSION_SECS, MAX_TOKEN_BYTES};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const NOW: i64 = 1_800_000_000;
const RULES: ClaimRules<'static> = ClaimRules { issuer: "https://bank.example", audience: "kravkit", now: NOW };

fn claims(payload: &Value) {
    let Ok(session) = check_claims(payload, &RULES) else { return };
    assert_eq!(payload["iss"], RULES.issuer);
    let (iat, exp) = (payload["iat"].as_f64().unwrap(), payload["exp"].as_f64().unwrap());
    assert!(exp > NOW as f64, "expired token accepted");
    assert!(exp > iat && exp - iat < (MAX_SESSION_SECS + 1) as f64, "session too long: iat {iat} exp {exp}");
    assert!(!session.sub.is_empty() && session.sub.len() <= 256);
    assert!(session.parties.len() <= MAX_PARTIES);
    for p in &session.parties {
        assert_eq!(PartIdentifikator::parse(p.as_str()).as_ref(), Ok(p));
        assert!(session.may_act_for(p));
    }
}

fn token(text: &str) {
    match split(text) {
        Ok(jwt) => {
            assert!(text.len() <= MAX_TOKEN_BYTES);
            assert!(jwt.header.is_object() && jwt.payload.is_object());
            let (head, sig) = text.rsplit_once('.').unwrap();
            assert_eq!(jwt.signing_input, head);
            assert_eq!(URL_SAFE_NO_PAD.decode(sig).ok(), Some(jwt.signature.clone()));
            claims(&jwt.payload);
        }
        Err(why) => assert!(!why.is_empty()),
    }
}

fn jwks(doc: &Value) {
    for alg in [JwsAlg::Es256, JwsAlg::Rs256] {
        for kid in [None, Some("k1"), Some("")] {
            if let Ok(key) = select(doc, kid, alg) {
                if let Some(kid) = kid {
                    assert_eq!(key.get("kid").and_then(Value::as_str), Some(kid));
                }
                let members = public_members(&key, alg).expect("a selected key fits");
                assert_eq!(members["kty"], alg.kty());
                assert!(members.get("d").is_none(), "private members reach WebCrypto");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    if mode < 64 {
        if let Ok(text) = std::str::from_utf8(rest) {
            token(text);
        }
    } else if mode < 160 {
        let (h, p) = match rest.iter().position(|&b| b == 0xff) {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (&b"{\"alg\":\"ES256\"}"[..], rest),
        };
        let text = format!("{}.{}.c2ln", URL_SAFE_NO_PAD.encode(h), URL_SAFE_NO_PAD.encode(p));
        let objects = [h, p].iter().all(|part| serde_json::from_slice::<Value>(part).is_ok_and(|v| v.is_object()));
        assert_eq!(split(&text).is_ok(), objects && text.len() <= MAX_TOKEN_BYTES, "{text:.80}");
        token(&text);
        if let Ok(v) = serde_json::from_slice::<Value>(p) {
            claims(&v);
        }
    } else if let Ok(doc) = serde_json::from_slice::<Value>(rest) {
        jwks(&doc);
    }
});
