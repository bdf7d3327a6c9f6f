//! Cross-checks the hand-written key parser against the `rsa` crate on keys generated at test time (no key is
//! ever committed). Native only: key generation needs the operating system's randomness.
#![cfg(not(target_arch = "wasm32"))]

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use kravkit::{
    maskinporten::{KeyError, RsaKey, SigningAlgorithm},
    secret::PrivateKeyMaterial,
};
use rsa::{
    pkcs1::{EncodeRsaPrivateKey as _, EncodeRsaPublicKey as _},
    pkcs8::{DecodePrivateKey as _, EncodePrivateKey as _, EncodePublicKey as _, LineEnding},
    rand_core::OsRng,
    traits::{PrivateKeyParts as _, PublicKeyParts as _},
    RsaPrivateKey,
};

fn generate(bits: usize) -> RsaPrivateKey {
    RsaPrivateKey::new(&mut OsRng, bits).expect("key generation")
}

fn b64(n: &rsa::BigUint) -> String {
    URL_SAFE_NO_PAD.encode(n.to_bytes_be())
}

#[test]
fn parses_what_the_rsa_crate_writes() {
    let key = generate(2048);
    let pkcs8 = key.to_pkcs8_pem(LineEnding::LF).unwrap();
    let pkcs1 = key.to_pkcs1_pem(LineEnding::CRLF).unwrap();
    let from8 = RsaKey::parse(&PrivateKeyMaterial::new(pkcs8.as_str())).unwrap();
    let from1 = RsaKey::parse(&PrivateKeyMaterial::new(pkcs1.as_str())).unwrap();
    assert_eq!(from8, from1);
    assert_eq!(from8.bits(), 2048);

    let jwk = from8.public_jwk(Some("kid-1"), SigningAlgorithm::Rs256);
    assert_eq!((jwk.n.as_str(), jwk.e.as_str()), (b64(key.n()).as_str(), "AQAB"));
    assert_eq!(
        (jwk.kty.as_str(), jwk.alg.as_str(), jwk.key_use.as_str(), jwk.kid.as_str()),
        ("RSA", "RS256", "sig", "kid-1")
    );

    // Our PKCS#8 export is read back by the rsa crate as the same key (what WebCrypto's importKey gets).
    let back = RsaPrivateKey::from_pkcs8_der(from1.to_pkcs8_der().secret()).unwrap();
    assert_eq!(back, key);
    assert_eq!(from8.to_pkcs8_der().secret(), key.to_pkcs8_der().unwrap().as_bytes(), "byte-identical PKCS#8");

    // A private JWK made from the same numbers reads as the same key.
    let jwk_text = private_jwk(&key, key.d());
    let from_jwk = RsaKey::parse(&PrivateKeyMaterial::new(jwk_text)).unwrap();
    assert_eq!(from_jwk.to_pkcs8_der(), from8.to_pkcs8_der());
    assert_eq!(from_jwk.kid(), Some("from-jwk"));
    assert_eq!(from_jwk.thumbprint(), from8.thumbprint());
}

#[test]
fn refuses_small_and_public_keys() {
    let small = generate(1024);
    let pem = small.to_pkcs8_pem(LineEnding::LF).unwrap();
    assert_eq!(RsaKey::from_pem(&pem), Err(KeyError::TooSmall(1024)));
    let public = small.to_public_key();
    let spki = public.to_public_key_pem(LineEnding::LF).unwrap();
    assert_eq!(RsaKey::from_pem(&spki), Err(KeyError::NotPrivate("a public key")));
    let pkcs1_public = public.to_pkcs1_pem(LineEnding::LF).unwrap();
    assert_eq!(RsaKey::from_pem(&pkcs1_public), Err(KeyError::NotPrivate("a public key")));
}

fn private_jwk(key: &RsaPrivateKey, d: &rsa::BigUint) -> String {
    let primes = key.primes();
    serde_json::json!({
        "kty": "RSA", "kid": "from-jwk",
        "n": b64(key.n()), "e": b64(key.e()), "d": b64(d),
        "p": b64(&primes[0]), "q": b64(&primes[1]),
        "dp": b64(key.dp().unwrap()), "dq": b64(key.dq().unwrap()),
        "qi": URL_SAFE_NO_PAD.encode(key.qinv().unwrap().to_biguint().unwrap().to_bytes_be()),
    })
    .to_string()
}

#[cfg(feature = "rsa-signer")]
#[test]
fn signer_checks_the_arithmetic() {
    use kravkit::maskinporten::RsaSigner;
    let key = generate(2048);
    let good = RsaKey::parse(&PrivateKeyMaterial::new(private_jwk(&key, key.d()))).unwrap();
    assert_eq!(RsaSigner::new(&good).unwrap().bits(), 2048);
    // The private exponent of another key: structurally fine, arithmetically wrong.
    let other = generate(2048);
    let broken = RsaKey::parse(&PrivateKeyMaterial::new(private_jwk(&key, other.d()))).unwrap();
    assert!(matches!(RsaSigner::new(&broken), Err(KeyError::Invalid(_))));
}
