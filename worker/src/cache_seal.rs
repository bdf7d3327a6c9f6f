//! Sealed Cache API entries. The Cache API is shared by every Worker on the zone, so a token stored there must be
//! neither readable nor plantable by another one: an entry's name is an HMAC of the core's [`TokenCacheKey`], and its
//! value is AES-256-GCM with the name as associated data, both keys derived from `STATE_KEY` (HMAC-SHA256 of a
//! label per use). An entry that does not open (tampered, foreign, written under another key, or in the old
//! plaintext form) counts as a miss, so the token is fetched again and the entry overwritten.

use std::{cell::RefCell, rc::Rc};

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use kravkit::maskinporten::TokenCacheKey;
use web_sys::CryptoKey;

use crate::{
    config::StateKey,
    crypto::{self, CryptoError},
};

/// The label of the key that names entries.
const NAME_LABEL: &[u8] = b"kravkit token-cache name v1";
/// The label of the key that seals entries.
const SEAL_LABEL: &[u8] = b"kravkit token-cache seal v1";

/// The two derived keys.
pub struct Sealing {
    name: CryptoKey,
    seal: CryptoKey,
}

/// What this module keeps per isolate (one part of [`crate::isolate::Isolate`]).
#[derive(Default)]
pub struct Kept {
    keys: RefCell<Option<(Vec<u8>, Rc<Sealing>)>>,
}

fn kept() -> &'static Kept {
    &crate::isolate::get().cache_seal
}

/// The keys for `state_key`, derived and imported once per isolate (again only if the secret changes).
pub async fn sealing(state_key: &StateKey) -> Result<Rc<Sealing>, CryptoError> {
    let secret = state_key.secret();
    let cached = kept().keys.borrow().as_ref().filter(|(m, _)| m == secret).map(|(_, k)| k.clone());
    if let Some(k) = cached {
        return Ok(k);
    }
    let master = crypto::import_hmac_key(secret).await?;
    let name = crypto::import_hmac_key(&crypto::hmac_sha256(&master, NAME_LABEL).await?).await?;
    let seal = crypto::import_aes_gcm_key(&crypto::hmac_sha256(&master, SEAL_LABEL).await?).await?;
    let keys = Rc::new(Sealing { name, seal });
    *kept().keys.borrow_mut() = Some((secret.to_vec(), keys.clone()));
    Ok(keys)
}

impl Sealing {
    /// The entry name for `key`: 64 hex digits no one without `STATE_KEY` can compute.
    pub async fn name(&self, key: &TokenCacheKey) -> Result<String, CryptoError> {
        let mac = crypto::hmac_sha256(&self.name, key.as_str().as_bytes()).await?;
        Ok(mac.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// `plaintext` sealed for the entry `name`: base64url of a fresh 12-byte IV and the ciphertext with its tag.
    pub async fn seal(&self, name: &str, plaintext: &[u8]) -> Result<String, CryptoError> {
        let iv = crypto::random::<12>()?;
        let mut out = iv.to_vec();
        out.extend(crypto::aes_gcm_encrypt(&self.seal, &iv, name.as_bytes(), plaintext).await?);
        Ok(URL_SAFE_NO_PAD.encode(out))
    }

    /// The plaintext of a sealed entry, or `None` if it does not open for `name`.
    pub async fn open(&self, name: &str, sealed: &str) -> Option<Vec<u8>> {
        let bytes = URL_SAFE_NO_PAD.decode(sealed.trim()).ok()?;
        if bytes.len() < 12 + 16 {
            return None;
        }
        let (iv, ciphertext) = bytes.split_at(12);
        crypto::aes_gcm_decrypt(&self.seal, iv, name.as_bytes(), ciphertext).await.ok()
    }
}
