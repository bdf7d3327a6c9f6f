//! WebCrypto through web-sys: every signature, verification, HMAC and random byte of the Worker. Pure-Rust RSA
//! would cost ~10 ms CPU per grant; `crypto.subtle` costs ~1 ms, and keys are imported once per isolate.

use js_sys::{Array, Object, Reflect, Uint8Array, JSON};
use sha2::{Digest, Sha256};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Crypto, CryptoKey, SubtleCrypto};

pub use crate::auth::jwk::{public_members, JwsAlg};

/// A WebCrypto failure (bad key data, unsupported algorithm). Carries the JS error's message only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CryptoError(pub String);

impl std::fmt::Display for CryptoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WebCrypto: {}", self.0)
    }
}

impl std::error::Error for CryptoError {}

type Result<T> = std::result::Result<T, CryptoError>;

fn js_err(e: JsValue) -> CryptoError {
    let msg = Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string()).or_else(|| e.as_string());
    CryptoError(msg.unwrap_or_else(|| "unknown error".to_owned()))
}

fn crypto() -> Result<Crypto> {
    let c = Reflect::get(&js_sys::global(), &"crypto".into()).map_err(js_err)?;
    c.dyn_into::<Crypto>().map_err(|_| CryptoError("globalThis.crypto is missing".into()))
}

fn subtle() -> Result<SubtleCrypto> {
    Ok(crypto()?.subtle())
}

/// `N` bytes from `crypto.getRandomValues`.
pub fn random<const N: usize>() -> Result<[u8; N]> {
    let mut out = [0u8; N];
    crypto()?.get_random_values_with_u8_array(&mut out).map_err(js_err)?;
    Ok(out)
}

/// SHA-256 (pure Rust: tiny inputs, no await).
pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

fn obj(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn usages(list: &[&str]) -> JsValue {
    list.iter().map(|u| JsValue::from_str(u)).collect::<Array>().into()
}

async fn key_from(promise: std::result::Result<js_sys::Promise, JsValue>) -> Result<CryptoKey> {
    let value = JsFuture::from(promise.map_err(js_err)?).await.map_err(js_err)?;
    value.dyn_into::<CryptoKey>().map_err(|_| CryptoError("importKey did not give a CryptoKey".into()))
}

async fn bytes_from(promise: std::result::Result<js_sys::Promise, JsValue>) -> Result<Vec<u8>> {
    let value = JsFuture::from(promise.map_err(js_err)?).await.map_err(js_err)?;
    Ok(Uint8Array::new(&value).to_vec())
}

/// Imports a PKCS#8 RSA private key for RSASSA-PKCS1-v1_5 signing with `hash` (`SHA-256`, ...), non-extractable.
pub async fn import_rsa_signing_key(pkcs8: &[u8], hash: &str) -> Result<CryptoKey> {
    let alg = obj(&[("name", "RSASSA-PKCS1-v1_5".into()), ("hash", hash.into())]);
    let data = Uint8Array::from(pkcs8);
    key_from(subtle()?.import_key_with_object("pkcs8", &data, &alg, false, &usages(&["sign"]))).await
}

/// RSASSA-PKCS1-v1_5 signature (the hash was fixed at import).
pub async fn sign_rsa(key: &CryptoKey, data: &[u8]) -> Result<Vec<u8>> {
    let alg = obj(&[("name", "RSASSA-PKCS1-v1_5".into())]);
    bytes_from(subtle()?.sign_with_object_and_u8_array(&alg, key, data)).await
}

/// Imports a raw HMAC-SHA256 key, non-extractable, for signing and verifying.
pub async fn import_hmac_key(raw: &[u8]) -> Result<CryptoKey> {
    let alg = obj(&[("name", "HMAC".into()), ("hash", "SHA-256".into())]);
    let data = Uint8Array::from(raw);
    key_from(subtle()?.import_key_with_object("raw", &data, &alg, false, &usages(&["sign", "verify"]))).await
}

/// HMAC-SHA256 of `data`.
pub async fn hmac_sha256(key: &CryptoKey, data: &[u8]) -> Result<Vec<u8>> {
    let alg = obj(&[("name", "HMAC".into())]);
    bytes_from(subtle()?.sign_with_object_and_u8_array(&alg, key, data)).await
}

/// Constant-time HMAC-SHA256 check (WebCrypto `verify`).
pub async fn hmac_verify(key: &CryptoKey, mac: &[u8], data: &[u8]) -> Result<bool> {
    let alg = obj(&[("name", "HMAC".into())]);
    let p = subtle()?.verify_with_object_and_u8_array_and_u8_array(&alg, key, mac, data).map_err(js_err)?;
    Ok(JsFuture::from(p).await.map_err(js_err)?.as_bool().unwrap_or(false))
}

impl JwsAlg {
    fn import_params(self) -> Object {
        match self {
            Self::Es256 => obj(&[("name", "ECDSA".into()), ("namedCurve", "P-256".into())]),
            Self::Rs256 => obj(&[("name", "RSASSA-PKCS1-v1_5".into()), ("hash", "SHA-256".into())]),
        }
    }

    fn sign_params(self) -> Object {
        match self {
            Self::Es256 => obj(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())]),
            Self::Rs256 => obj(&[("name", "RSASSA-PKCS1-v1_5".into())]),
        }
    }
}

/// Imports a public JWK for verifying `alg` signatures.
pub async fn import_verify_jwk(jwk: &serde_json::Value, alg: JwsAlg) -> Result<CryptoKey> {
    let members = public_members(jwk, alg).ok_or_else(|| CryptoError(format!("the JWK does not fit {alg:?}")))?;
    let data: Object = JSON::parse(&members.to_string()).map_err(js_err)?.unchecked_into();
    key_from(subtle()?.import_key_with_object("jwk", &data, &alg.import_params(), true, &usages(&["verify"]))).await
}

/// Verifies a JWS signature over `data`.
pub async fn verify(alg: JwsAlg, key: &CryptoKey, signature: &[u8], data: &[u8]) -> Result<bool> {
    let p = subtle()?
        .verify_with_object_and_u8_array_and_u8_array(&alg.sign_params(), key, signature, data)
        .map_err(js_err)?;
    Ok(JsFuture::from(p).await.map_err(js_err)?.as_bool().unwrap_or(false))
}

/// A fresh ES256 key pair: the private key (non-extractable) and the public key as a JWK.
pub async fn generate_es256() -> Result<(CryptoKey, serde_json::Value)> {
    let alg = JwsAlg::Es256.import_params();
    let pair = subtle()?.generate_key_with_object(&alg, false, &usages(&["sign", "verify"])).map_err(js_err)?;
    let pair = JsFuture::from(pair).await.map_err(js_err)?;
    let get = |name: &str| -> Result<CryptoKey> {
        Reflect::get(&pair, &name.into())
            .map_err(js_err)?
            .dyn_into::<CryptoKey>()
            .map_err(|_| CryptoError(format!("generateKey gave no {name}")))
    };
    let (private, public) = (get("privateKey")?, get("publicKey")?);
    let exported = JsFuture::from(subtle()?.export_key("jwk", &public).map_err(js_err)?).await.map_err(js_err)?;
    let text = JSON::stringify(&exported).map_err(js_err)?.as_string().unwrap_or_default();
    let jwk = serde_json::from_str(&text).map_err(|e| CryptoError(format!("exported JWK: {e}")))?;
    Ok((private, jwk))
}

/// Signs `data` with `alg` (ES256 gives raw `r || s`, as JWS wants).
pub async fn sign(alg: JwsAlg, key: &CryptoKey, data: &[u8]) -> Result<Vec<u8>> {
    bytes_from(subtle()?.sign_with_object_and_u8_array(&alg.sign_params(), key, data)).await
}

/// Imports a raw 256-bit AES-GCM key, non-extractable, for encrypting and decrypting.
pub async fn import_aes_gcm_key(raw: &[u8]) -> Result<CryptoKey> {
    let alg = obj(&[("name", "AES-GCM".into())]);
    let data = Uint8Array::from(raw);
    key_from(subtle()?.import_key_with_object("raw", &data, &alg, false, &usages(&["encrypt", "decrypt"]))).await
}

fn aes_gcm_params(iv: &[u8], aad: &[u8]) -> Object {
    obj(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv).into()),
        ("additionalData", Uint8Array::from(aad).into()),
    ])
}

/// AES-256-GCM: the ciphertext with its 16-byte tag, bound to `aad`.
pub async fn aes_gcm_encrypt(key: &CryptoKey, iv: &[u8; 12], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
    bytes_from(subtle()?.encrypt_with_object_and_u8_array(&aes_gcm_params(iv, aad), key, plaintext)).await
}

/// AES-256-GCM decryption; an error if the ciphertext, its tag, the IV or `aad` was changed.
pub async fn aes_gcm_decrypt(key: &CryptoKey, iv: &[u8], aad: &[u8], ciphertext: &[u8]) -> Result<Vec<u8>> {
    bytes_from(subtle()?.decrypt_with_object_and_u8_array(&aes_gcm_params(iv, aad), key, ciphertext)).await
}
