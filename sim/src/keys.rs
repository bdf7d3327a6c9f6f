//! The simulator's own RSA keys (Maskinporten and Altinn 2 sign with different ones) and JWK conversion.

use std::{fs, io, path::Path};

use rsa::{
    pkcs1::DecodeRsaPrivateKey,
    pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding},
    traits::PublicKeyParts,
    BigUint, RsaPrivateKey, RsaPublicKey,
};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::jws::{b64, unb64};

/// Smallest RSA modulus accepted for client keys and used for the simulator's own.
pub const MIN_BITS: usize = 2048;

/// A private key, its public half and its `kid` (the RFC 7638 thumbprint).
#[derive(Clone)]
pub struct KeyPair {
    /// RFC 7638 SHA-256 thumbprint of the public key, base64url.
    pub kid: String,
    /// The private key.
    pub private: RsaPrivateKey,
    /// The public key.
    pub public: RsaPublicKey,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyPair").field("kid", &self.kid).finish_non_exhaustive()
    }
}

impl KeyPair {
    /// Wraps a private key.
    pub fn new(private: RsaPrivateKey) -> Self {
        let public = private.to_public_key();
        Self { kid: thumbprint(&public), private, public }
    }

    /// A fresh 2048-bit key (seconds in a debug build).
    pub fn generate() -> Self {
        Self::new(RsaPrivateKey::new(&mut rand::thread_rng(), MIN_BITS).expect("RSA key generation"))
    }

    /// Reads a PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`) PEM.
    pub fn from_pem(pem: &str) -> Result<Self, String> {
        let key = RsaPrivateKey::from_pkcs8_pem(pem)
            .or_else(|_| RsaPrivateKey::from_pkcs1_pem(pem))
            .map_err(|e| format!("not an RSA private key PEM: {e}"))?;
        if key.size() * 8 < MIN_BITS {
            return Err(format!("RSA key of {} bits is too small (need {MIN_BITS})", key.size() * 8));
        }
        Ok(Self::new(key))
    }

    /// The private key as PKCS#8 PEM.
    pub fn to_pem(&self) -> String {
        self.private.to_pkcs8_pem(LineEnding::LF).map(|p| p.to_string()).unwrap_or_default()
    }

    /// A 20-byte (SHA-1 sized) thumbprint, base64url: Altinn 2 puts one in `kid` and `x5t`. There is no certificate,
    /// so it is the RFC 7638 SHA-256 thumbprint cut to 20 bytes.
    pub fn x5t(&self) -> String {
        b64(&thumbprint_bytes(&self.public)[..20])
    }

    /// The public JWK: `{kty, kid, use, alg, n, e}`.
    pub fn public_jwk(&self) -> Value {
        json!({
            "kty": "RSA",
            "kid": self.kid,
            "use": "sig",
            "alg": "RS256",
            "n": b64(&self.public.n().to_bytes_be()),
            "e": b64(&self.public.e().to_bytes_be()),
        })
    }
}

/// RFC 7638 thumbprint: SHA-256 over `{"e":..,"kty":"RSA","n":..}`, base64url.
pub fn thumbprint(key: &RsaPublicKey) -> String {
    b64(&thumbprint_bytes(key))
}

fn thumbprint_bytes(key: &RsaPublicKey) -> Vec<u8> {
    let canonical =
        format!(r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#, b64(&key.e().to_bytes_be()), b64(&key.n().to_bytes_be()));
    Sha256::digest(canonical.as_bytes()).to_vec()
}

/// Reads a public RSA JWK (`kty` RSA, `n`, `e`, `kid`); refuses private members and keys under 2048 bits.
pub fn public_from_jwk(jwk: &Value) -> Result<(String, RsaPublicKey), String> {
    let field = |name: &str| jwk.get(name).and_then(Value::as_str);
    if field("kty") != Some("RSA") {
        return Err("JWK kty must be RSA".into());
    }
    if jwk.get("d").is_some() {
        return Err("JWK holds a private key: register the public key only".into());
    }
    let kid = field("kid").filter(|k| !k.is_empty()).ok_or("JWK needs a non-empty kid")?;
    let n = field("n").and_then(unb64).ok_or("JWK n is not base64url")?;
    let e = field("e").and_then(unb64).ok_or("JWK e is not base64url")?;
    let key = RsaPublicKey::new(BigUint::from_bytes_be(&n), BigUint::from_bytes_be(&e))
        .map_err(|err| format!("JWK is not a usable RSA key: {err}"))?;
    if key.size() * 8 < MIN_BITS {
        return Err(format!("JWK {kid}: RSA key of {} bits is too small (need {MIN_BITS})", key.size() * 8));
    }
    Ok((kid.to_owned(), key))
}

/// The simulator's two signing keys.
#[derive(Clone, Debug)]
pub struct SimKeys {
    /// Signs Maskinporten access tokens (published at `/maskinporten/jwk`).
    pub maskinporten: KeyPair,
    /// Signs Altinn 2 consent tokens (published at `/altinn2/api/metadata/jwk`).
    pub altinn: KeyPair,
}

impl SimKeys {
    /// Two fresh keys, generated in parallel.
    pub fn generate() -> Self {
        let (maskinporten, altinn) = std::thread::scope(|s| {
            let a = s.spawn(KeyPair::generate);
            let b = KeyPair::generate();
            (a.join().expect("keygen thread"), b)
        });
        Self::new(maskinporten, altinn)
    }

    /// Two keys; the Altinn key's `kid` becomes its [`KeyPair::x5t`], as Altinn names its key.
    pub fn new(maskinporten: KeyPair, mut altinn: KeyPair) -> Self {
        altinn.kid = altinn.x5t();
        Self { maskinporten, altinn }
    }

    /// Loads `maskinporten.pem` and `altinn.pem` from `dir`, generating and saving any that is missing.
    pub fn load_or_generate(dir: &Path) -> io::Result<Self> {
        fs::create_dir_all(dir)?;
        let (maskinporten, altinn) = std::thread::scope(|s| {
            let a = s.spawn(|| load_or_generate(&dir.join("maskinporten.pem")));
            let b = load_or_generate(&dir.join("altinn.pem"));
            (a.join().expect("keygen thread"), b)
        });
        Ok(Self::new(maskinporten?, altinn?))
    }
}

/// Loads one PEM key, or generates it and writes it (atomically, via a temporary file).
pub fn load_or_generate(path: &Path) -> io::Result<KeyPair> {
    match fs::read_to_string(path) {
        Ok(pem) => KeyPair::from_pem(&pem)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{}: {e}", path.display()))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let key = KeyPair::generate();
            let tmp = path.with_extension(format!("tmp{}", std::process::id()));
            fs::write(&tmp, key.to_pem())?;
            fs::rename(&tmp, path)?;
            Ok(key)
        }
        Err(e) => Err(e),
    }
}
