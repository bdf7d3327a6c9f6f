//! A pure-Rust grant signer (feature `rsa-signer`): RSASSA-PKCS1-v1_5 through jwt-compact and the `rsa` crate.
//! For native tools and tests; the Worker signs the same [`UnsignedGrant::signing_input`] with WebCrypto.

use std::fmt;

use jwt_compact::{alg::Rsa, Algorithm as _, AlgorithmSignature as _};
use rsa::{traits::PublicKeyParts as _, BigUint, RsaPrivateKey};

use super::{
    grant::{SigningAlgorithm, UnsignedGrant},
    keys::{KeyError, RsaKey, MIN_RSA_BITS},
};
use crate::secret::{PrivateKeyMaterial, SignedGrant};

/// Signs grants with an RSA private key. Requires the `rsa-signer` feature. `Debug` shows only the key size.
///
/// Signing uses the operating system's random numbers for RSA blinding, so this is for native targets.
#[derive(Clone)]
pub struct RsaSigner {
    key: RsaPrivateKey,
}

impl RsaSigner {
    /// A signer for a parsed key. The `rsa` crate checks the arithmetic here (that `p·q = n`, that `d` inverts
    /// `e`), which [`RsaKey`]'s parser does not.
    pub fn new(key: &RsaKey) -> Result<Self, KeyError> {
        let [n, e, d, p, q] = key.components().map(BigUint::from_bytes_be);
        let key = RsaPrivateKey::from_components(n, e, d, vec![p, q])
            .map_err(|_| KeyError::Invalid("the components do not form a valid RSA key"))?;
        if key.size() * 8 < MIN_RSA_BITS {
            return Err(KeyError::TooSmall(key.n().bits()));
        }
        Ok(Self { key })
    }

    /// A signer for a PEM or private JWK text (see [`RsaKey::parse`]).
    pub fn from_material(material: &PrivateKeyMaterial) -> Result<Self, KeyError> {
        Self::new(&RsaKey::parse(material)?)
    }

    /// Signs `message` with RSASSA-PKCS1-v1_5 and `alg`'s hash; the raw signature, as long as the modulus.
    pub fn sign_bytes(&self, alg: SigningAlgorithm, message: &[u8]) -> Vec<u8> {
        let rsa = match alg {
            SigningAlgorithm::Rs256 => Rsa::rs256(),
            SigningAlgorithm::Rs384 => Rsa::rs384(),
            SigningAlgorithm::Rs512 => Rsa::rs512(),
        };
        rsa.sign(&self.key, message).as_bytes().into_owned()
    }

    /// Signs the grant with the algorithm its header names and returns the compact JWT.
    pub fn sign(&self, grant: &UnsignedGrant) -> SignedGrant {
        // The key has at least 2048 bits, so the signature has the 256 or more bytes `finish` wants.
        grant.assemble(&self.sign_bytes(grant.algorithm(), grant.signing_input()))
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.key.n().bits()
    }
}

impl fmt::Debug for RsaSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaSigner").field("bits", &self.bits()).field("key", &format_args!("[redacted]")).finish()
    }
}
