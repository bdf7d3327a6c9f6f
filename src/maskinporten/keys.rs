//! RSA private keys from PEM (PKCS#8 or PKCS#1) or a private JWK, parsed by hand (no `rsa` crate, so this runs
//! on wasm32 too), with the public JWK derived for registering the key with Maskinporten.
//!
//! Parsing checks structure and size, not the arithmetic: that `n = p·q` and `d` fits `e` is checked by whoever
//! signs (the `rsa` crate in `RsaSigner`, WebCrypto's `importKey` in the Worker).

use std::fmt;

use base64::{engine::general_purpose::STANDARD, Engine as _};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::{
    der::{self, Reader},
    grant::SigningAlgorithm,
};
use crate::{b64::B64URL, secret::PrivateKeyMaterial};

/// The smallest RSA modulus accepted, in bits (RFC 7518 §3.3).
pub const MIN_RSA_BITS: usize = 2048;

/// DER of the rsaEncryption OID, 1.2.840.113549.1.1.1.
const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// Other key algorithms, named in errors.
const OTHER_OIDS: &[(&[u8], &str)] = &[
    (&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01], "EC"),
    (&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a], "RSA-PSS"),
    (&[0x2b, 0x65, 0x70], "Ed25519"),
    (&[0x2b, 0x65, 0x71], "Ed448"),
    (&[0x2b, 0x65, 0x6e], "X25519"),
    (&[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01], "DSA"),
];

/// A key that cannot be used. Never quotes the key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// A public key or certificate was given where the private key is needed.
    #[error("this is {0}, not a private key: give the private key (PKCS#8 PEM or a private JWK with \"d\")")]
    NotPrivate(&'static str),
    /// Not an RSA key.
    #[error("{0} keys are not supported: Maskinporten grants are signed with RSA (RS256/RS384/RS512)")]
    NotRsa(String),
    /// The modulus is under [`MIN_RSA_BITS`].
    #[error("RSA key of {0} bits is too small: at least 2048 bits are required")]
    TooSmall(usize),
    /// A password-protected key.
    #[error("encrypted private keys are not supported: decrypt it first (openssl pkcs8 -topk8 -nocrypt -in KEY)")]
    Encrypted,
    /// A key format or variant this module does not read.
    #[error("unsupported key format: {0}")]
    Unsupported(&'static str),
    /// Broken PEM armour or base64.
    #[error("malformed PEM: {0}")]
    Pem(&'static str),
    /// Broken DER inside the PEM.
    #[error("malformed key structure: {0}")]
    Der(&'static str),
    /// A JWK that is not valid JSON or lacks a member.
    #[error("malformed JWK: {0}")]
    Jwk(String),
    /// The numbers do not form a valid RSA key (found by the signer).
    #[error("invalid RSA key: {0}")]
    Invalid(&'static str),
}

/// An RSA private key: its components as unsigned big-endian integers. `Debug` shows only the size and thumbprint.
#[derive(Clone, PartialEq, Eq)]
pub struct RsaKey {
    n: Vec<u8>,
    e: Vec<u8>,
    d: Vec<u8>,
    p: Vec<u8>,
    q: Vec<u8>,
    dp: Vec<u8>,
    dq: Vec<u8>,
    qi: Vec<u8>,
    kid: Option<String>,
}

/// PKCS#8 DER of a private key, for WebCrypto's `importKey("pkcs8", ...)`. `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Pkcs8Der(Vec<u8>);

impl Pkcs8Der {
    /// The DER bytes. Secret.
    pub fn secret(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Pkcs8Der {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pkcs8Der([redacted])")
    }
}

/// The public half of a signing key as a JWK, ready to register with Maskinporten's self-service
/// (`{"kty":"RSA","n":..,"e":..,"kid":..,"alg":"RS256","use":"sig"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicJwk {
    /// `RSA`.
    pub kty: String,
    /// The modulus, base64url.
    pub n: String,
    /// The public exponent, base64url (`AQAB`).
    pub e: String,
    /// The key id that grants name in their header.
    pub kid: String,
    /// The algorithm grants are signed with.
    pub alg: String,
    /// `sig`.
    #[serde(rename = "use")]
    pub key_use: String,
}

impl PublicJwk {
    /// The JWK as compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl RsaKey {
    /// Reads a private key in any supported form: a private JWK if the text starts with `{`, PEM otherwise.
    pub fn parse(material: &PrivateKeyMaterial) -> Result<Self, KeyError> {
        let text = material.secret().trim_start();
        if text.starts_with('{') {
            Self::from_jwk(text)
        } else {
            Self::from_pem(text)
        }
    }

    /// Reads the first private key block of a PEM text: `BEGIN PRIVATE KEY` (PKCS#8) or `BEGIN RSA PRIVATE KEY`
    /// (PKCS#1). Other blocks (a certificate next to the key) are skipped.
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        let blocks = pem_blocks(pem)?;
        let pick = blocks.iter().find(|b| b.label == "PRIVATE KEY" || b.label == "RSA PRIVATE KEY");
        let block =
            pick.or(blocks.first()).ok_or(KeyError::Pem("no PEM block: expected -----BEGIN PRIVATE KEY-----"))?;
        match block.label {
            "PRIVATE KEY" | "RSA PRIVATE KEY" if block.encrypted => Err(KeyError::Encrypted),
            "PRIVATE KEY" => Self::from_pkcs8_der(&block.der()?),
            "RSA PRIVATE KEY" => Self::from_pkcs1_der(&block.der()?),
            "ENCRYPTED PRIVATE KEY" => Err(KeyError::Encrypted),
            "EC PRIVATE KEY" => Err(KeyError::NotRsa("EC".into())),
            "PUBLIC KEY" | "RSA PUBLIC KEY" => Err(KeyError::NotPrivate("a public key")),
            "CERTIFICATE" => Err(KeyError::NotPrivate("a certificate")),
            "OPENSSH PRIVATE KEY" => {
                Err(KeyError::Unsupported("OpenSSH key: convert with ssh-keygen -p -m PKCS8 -f KEY"))
            }
            _ => Err(KeyError::Pem("no private key block: expected -----BEGIN PRIVATE KEY-----")),
        }
    }

    /// Reads a PKCS#8 `PrivateKeyInfo` (RFC 5208/5958) holding an RSA key.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, KeyError> {
        let mut outer = Reader::new(der);
        let mut info = Reader::new(outer.expect(der::SEQUENCE, "expected a SEQUENCE").map_err(KeyError::Der)?);
        if !outer.is_empty() {
            return Err(KeyError::Der("data after the key"));
        }
        let version = info.small_uint().map_err(KeyError::Der)?;
        if version > 1 {
            return Err(KeyError::Der("unknown PKCS#8 version"));
        }
        let mut alg =
            Reader::new(info.expect(der::SEQUENCE, "expected an AlgorithmIdentifier").map_err(KeyError::Der)?);
        let oid = alg.expect(der::OID, "expected an algorithm OID").map_err(KeyError::Der)?;
        if oid != OID_RSA {
            let name = OTHER_OIDS.iter().find(|(o, _)| *o == oid).map_or("non-RSA", |(_, n)| n);
            return Err(KeyError::NotRsa(name.into()));
        }
        let private = info.expect(der::OCTET_STRING, "expected the private key OCTET STRING").map_err(KeyError::Der)?;
        Self::from_pkcs1_der(private)
    }

    /// Reads a PKCS#1 `RSAPrivateKey` (RFC 8017 A.1.2), two-prime only.
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, KeyError> {
        let mut outer = Reader::new(der);
        let mut seq = Reader::new(outer.expect(der::SEQUENCE, "expected a SEQUENCE").map_err(KeyError::Der)?);
        if !outer.is_empty() {
            return Err(KeyError::Der("data after the key"));
        }
        match seq.small_uint().map_err(KeyError::Der)? {
            0 => {}
            1 => return Err(KeyError::Unsupported("multi-prime RSA")),
            _ => return Err(KeyError::Der("unknown RSAPrivateKey version")),
        }
        let mut next = || seq.uint().map(<[u8]>::to_vec).map_err(KeyError::Der);
        let key = Self {
            n: next()?,
            e: next()?,
            d: next()?,
            p: next()?,
            q: next()?,
            dp: next()?,
            dq: next()?,
            qi: next()?,
            kid: None,
        };
        key.check()
    }

    /// Reads a private JWK (RFC 7518 §6.3) with all of `n`, `e`, `d`, `p`, `q`, `dp`, `dq`, `qi`; its `kid`, if
    /// any, is kept for [`RsaKey::public_jwk`].
    pub fn from_jwk(json: &str) -> Result<Self, KeyError> {
        // serde_json's messages may quote values: only say where it broke.
        let obj: Map<String, Value> = serde_json::from_str(json).map_err(|e| match e.classify() {
            serde_json::error::Category::Data => KeyError::Jwk("not a JSON object".into()),
            _ => KeyError::Jwk(format!("not valid JSON (line {}, column {})", e.line(), e.column())),
        })?;
        if obj.contains_key("keys") {
            return Err(KeyError::Jwk("this is a JWK set: give one key".into()));
        }
        match obj.get("kty").and_then(Value::as_str) {
            Some("RSA") => {}
            Some(other) => return Err(KeyError::NotRsa(other.chars().take(16).collect())),
            None => return Err(KeyError::Jwk("\"kty\" is missing".into())),
        }
        if !obj.contains_key("d") {
            return Err(KeyError::NotPrivate("a public JWK (no \"d\")"));
        }
        if obj.contains_key("oth") {
            return Err(KeyError::Unsupported("multi-prime RSA"));
        }
        let field = |name: &str| -> Result<Vec<u8>, KeyError> {
            let s = obj.get(name).and_then(Value::as_str).ok_or_else(|| {
                KeyError::Jwk(format!(
                    "\"{name}\" is missing or not a string (all of n, e, d, p, q, dp, dq, qi are needed)"
                ))
            })?;
            let bytes = B64URL.decode(s).map_err(|_| KeyError::Jwk(format!("\"{name}\" is not base64url")))?;
            Ok(der::strip_zeros(&bytes).to_vec())
        };
        let kid = obj.get("kid").and_then(Value::as_str).filter(|k| !k.is_empty()).map(str::to_owned);
        let key = Self {
            n: field("n")?,
            e: field("e")?,
            d: field("d")?,
            p: field("p")?,
            q: field("q")?,
            dp: field("dp")?,
            dq: field("dq")?,
            qi: field("qi")?,
            kid,
        };
        key.check()
    }

    /// Structural checks that need no arithmetic.
    fn check(self) -> Result<Self, KeyError> {
        let bits = self.bits();
        if bits < MIN_RSA_BITS {
            return Err(KeyError::TooSmall(bits));
        }
        let odd = |v: &[u8]| v.last().is_some_and(|b| b & 1 == 1);
        if !odd(&self.n) {
            return Err(KeyError::Invalid("the modulus is even"));
        }
        if !odd(&self.e) || self.e == [1] || self.e.len() > 8 {
            return Err(KeyError::Invalid("the public exponent must be odd, above 1 and at most 64 bits"));
        }
        if [&self.d, &self.p, &self.q, &self.dp, &self.dq, &self.qi].iter().any(|v| v.is_empty()) {
            return Err(KeyError::Invalid("a private component is zero"));
        }
        Ok(self)
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.n.first().map_or(0, |b| self.n.len() * 8 - b.leading_zeros() as usize)
    }

    /// The `kid` a private JWK carried, if any.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The RFC 7638 JWK thumbprint (SHA-256, base64url): a stable key id derived from the public key.
    pub fn thumbprint(&self) -> String {
        let json = format!(r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#, B64URL.encode(&self.e), B64URL.encode(&self.n));
        B64URL.encode(Sha256::digest(json.as_bytes()))
    }

    /// The public JWK to register. Its `kid` is `kid` if given, else the JWK's own `kid`, else the thumbprint.
    pub fn public_jwk(&self, kid: Option<&str>, alg: SigningAlgorithm) -> PublicJwk {
        PublicJwk {
            kty: "RSA".into(),
            n: B64URL.encode(&self.n),
            e: B64URL.encode(&self.e),
            kid: kid.or(self.kid()).map_or_else(|| self.thumbprint(), str::to_owned),
            alg: alg.name().into(),
            key_use: "sig".into(),
        }
    }

    /// The key as PKCS#8 DER (whatever form it was read from), for WebCrypto's `importKey("pkcs8", ...)`.
    pub fn to_pkcs8_der(&self) -> Pkcs8Der {
        let mut rsa = Vec::new();
        der::write_uint(&mut rsa, &[]);
        for part in [&self.n, &self.e, &self.d, &self.p, &self.q, &self.dp, &self.dq, &self.qi] {
            der::write_uint(&mut rsa, part);
        }
        let mut pkcs1 = Vec::new();
        der::write(&mut pkcs1, der::SEQUENCE, &rsa);
        let mut alg = Vec::new();
        der::write(&mut alg, der::OID, OID_RSA);
        der::write(&mut alg, der::NULL, &[]);
        let mut info = Vec::new();
        der::write_uint(&mut info, &[]);
        der::write(&mut info, der::SEQUENCE, &alg);
        der::write(&mut info, der::OCTET_STRING, &pkcs1);
        let mut out = Vec::new();
        der::write(&mut out, der::SEQUENCE, &info);
        Pkcs8Der(out)
    }

    /// `(n, e, d, p, q)` as big-endian magnitudes, for a signer.
    #[cfg_attr(not(feature = "rsa-signer"), allow(dead_code))]
    pub(crate) fn components(&self) -> [&[u8]; 5] {
        [&self.n, &self.e, &self.d, &self.p, &self.q]
    }
}

impl fmt::Debug for RsaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaKey")
            .field("bits", &self.bits())
            .field("thumbprint", &self.thumbprint())
            .field("kid", &self.kid)
            .field("private", &format_args!("[redacted]"))
            .finish()
    }
}

struct PemBlock<'a> {
    label: &'a str,
    body: &'a str,
    encrypted: bool,
}

impl PemBlock<'_> {
    fn der(&self) -> Result<Vec<u8>, KeyError> {
        let b64: String = self.body.split_whitespace().collect();
        STANDARD.decode(b64).map_err(|_| KeyError::Pem("the body is not valid base64"))
    }
}

/// Splits PEM text into its `-----BEGIN X-----` ... `-----END X-----` blocks.
fn pem_blocks(text: &str) -> Result<Vec<PemBlock<'_>>, KeyError> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + 11..];
        let label_end = after.find("-----").ok_or(KeyError::Pem("unterminated BEGIN line"))?;
        let label = &after[..label_end];
        let body_start = &after[label_end + 5..];
        let end_marker = format!("-----END {label}-----");
        let end = body_start.find(&end_marker).ok_or(KeyError::Pem("no END line matching the BEGIN line"))?;
        let mut body = &body_start[..end];
        let mut encrypted = false;
        // RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: ...`) end at an empty line.
        if body.contains(':') {
            encrypted = body.contains("ENCRYPTED");
            body = body.split_once("\n\n").or_else(|| body.split_once("\r\n\r\n")).map_or("", |(_, b)| b);
        }
        blocks.push(PemBlock { label, body, encrypted });
        rest = &body_start[end + end_marker.len()..];
    }
    Ok(blocks)
}

#[cfg(test)]
#[path = "keys_tests.rs"]
mod tests;
