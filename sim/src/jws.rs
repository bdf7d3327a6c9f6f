//! Compact JWS (RS256/RS384/RS512) straight on the `rsa` crate, and base64url helpers.
//!
//! Deliberately independent of the core crate's grant code, so a bug there cannot hide here.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use rsa::{
    pkcs1v15::{Signature, SigningKey, VerifyingKey},
    signature::{SignatureEncoding, Signer, Verifier},
    RsaPrivateKey, RsaPublicKey,
};
use serde_json::{Map, Value};
use sha2::{Sha256, Sha384, Sha512};

/// base64url without padding.
pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url without padding (padding or other alphabets are refused).
pub fn unb64(s: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(s).ok()
}

/// The RSASSA-PKCS1-v1_5 algorithms Maskinporten accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alg {
    /// SHA-256.
    Rs256,
    /// SHA-384.
    Rs384,
    /// SHA-512.
    Rs512,
}

impl Alg {
    /// Parses a JOSE `alg` name (case-sensitive).
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "RS256" => Some(Self::Rs256),
            "RS384" => Some(Self::Rs384),
            "RS512" => Some(Self::Rs512),
            _ => None,
        }
    }
}

/// A compact JWS split into its decoded parts. Nothing in it is verified yet.
#[derive(Debug, Clone)]
pub struct Compact {
    /// The protected header.
    pub header: Map<String, Value>,
    /// The payload, which must be a JSON object.
    pub payload: Map<String, Value>,
    /// `base64url(header) "." base64url(payload)`, the bytes that were signed.
    pub signing_input: String,
    /// The signature bytes.
    pub signature: Vec<u8>,
}

impl Compact {
    /// Splits and decodes `header.payload.signature`; `None` when any part is malformed.
    pub fn parse(token: &str) -> Option<Self> {
        let mut parts = token.split('.');
        let (h, p, s) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || h.is_empty() || p.is_empty() || s.is_empty() {
            return None;
        }
        let header = serde_json::from_slice::<Map<String, Value>>(&unb64(h)?).ok()?;
        let payload = serde_json::from_slice::<Map<String, Value>>(&unb64(p)?).ok()?;
        Some(Self { header, payload, signing_input: format!("{h}.{p}"), signature: unb64(s)? })
    }

    /// The header's `alg`, if it is a string.
    pub fn alg(&self) -> Option<&str> {
        self.header.get("alg").and_then(Value::as_str)
    }

    /// Checks the signature with `key` under `alg`.
    pub fn verify(&self, alg: Alg, key: &RsaPublicKey) -> bool {
        let Ok(sig) = Signature::try_from(self.signature.as_slice()) else { return false };
        let msg = self.signing_input.as_bytes();
        match alg {
            Alg::Rs256 => VerifyingKey::<Sha256>::new(key.clone()).verify(msg, &sig).is_ok(),
            Alg::Rs384 => VerifyingKey::<Sha384>::new(key.clone()).verify(msg, &sig).is_ok(),
            Alg::Rs512 => VerifyingKey::<Sha512>::new(key.clone()).verify(msg, &sig).is_ok(),
        }
    }
}

/// Signs `payload` with RS256 under a header `{alg: RS256, kid, typ: JWT}` plus `extra_header` members.
pub fn sign_rs256(key: &RsaPrivateKey, kid: &str, extra_header: &[(&str, &str)], payload: &Value) -> String {
    let mut header = Map::new();
    header.insert("alg".into(), "RS256".into());
    header.insert("kid".into(), kid.into());
    for (k, v) in extra_header {
        header.insert((*k).into(), (*v).into());
    }
    header.insert("typ".into(), "JWT".into());
    let input = format!(
        "{}.{}",
        b64(&serde_json::to_vec(&header).unwrap_or_default()),
        b64(&serde_json::to_vec(payload).unwrap_or_default())
    );
    let sig = SigningKey::<Sha256>::new(key.clone()).sign(input.as_bytes());
    format!("{input}.{}", b64(&sig.to_bytes()))
}
