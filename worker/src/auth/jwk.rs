//! Session keys as JSON: the accepted JWS algorithms, the public members of a JWK that fit one, and the choice of
//! a key in a JWKS. Pure (serde_json only), so it is also compiled natively by the fuzz targets in `fuzz/`.

use serde_json::Value;

/// The JWS algorithms accepted for session tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JwsAlg {
    /// ECDSA P-256 with SHA-256; the signature is raw `r || s`.
    Es256,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
}

impl JwsAlg {
    /// From a JOSE `alg`.
    pub fn parse(alg: &str) -> Option<Self> {
        match alg {
            "ES256" => Some(Self::Es256),
            "RS256" => Some(Self::Rs256),
            _ => None,
        }
    }

    /// The JWK `kty` this algorithm needs.
    pub const fn kty(self) -> &'static str {
        match self {
            Self::Es256 => "EC",
            Self::Rs256 => "RSA",
        }
    }
}

/// Only the public members WebCrypto needs (so `alg`, `use` or `key_ops` in a JWKS cannot make the import fail
/// or widen the key's use). `None` if the key does not fit `alg`.
pub fn public_members(jwk: &Value, alg: JwsAlg) -> Option<Value> {
    let s = |k: &str| jwk.get(k).and_then(Value::as_str);
    if s("kty") != Some(alg.kty()) || s("d").is_some() || s("use").is_some_and(|u| u != "sig") {
        return None;
    }
    if s("alg").is_some_and(|a| JwsAlg::parse(a) != Some(alg)) {
        return None;
    }
    Some(match alg {
        JwsAlg::Es256 if s("crv") == Some("P-256") => {
            serde_json::json!({"kty": "EC", "crv": "P-256", "x": s("x")?, "y": s("y")?, "ext": true})
        }
        JwsAlg::Es256 => return None,
        JwsAlg::Rs256 => serde_json::json!({"kty": "RSA", "n": s("n")?, "e": s("e")?, "ext": true}),
    })
}

/// The key in `jwks` for `kid` and `alg`: by `kid` when the token names one, else the only key that fits.
pub fn select(jwks: &Value, kid: Option<&str>, alg: JwsAlg) -> Result<Value, &'static str> {
    let keys = jwks.get("keys").and_then(Value::as_array).ok_or("the JWKS has no keys")?;
    let fitting: Vec<&Value> = keys
        .iter()
        .filter(|k| kid.is_none_or(|kid| k.get("kid").and_then(Value::as_str) == Some(kid)))
        .filter(|k| public_members(k, alg).is_some())
        .collect();
    match (fitting.as_slice(), kid) {
        ([one], _) => Ok((*one).clone()),
        ([], Some(_)) => Err("no key in the JWKS has the token's kid and algorithm"),
        ([], None) => Err("no key in the JWKS fits the token's algorithm"),
        (_, _) => Err("the token has no kid and the JWKS has several keys for its algorithm"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn only_fitting_public_members_are_imported() {
        let ec = serde_json::json!({"kty":"EC","crv":"P-256","x":"X","y":"Y","kid":"k","alg":"ES256","use":"sig","key_ops":["verify"]});
        assert_eq!(
            public_members(&ec, JwsAlg::Es256).unwrap(),
            serde_json::json!({"kty":"EC","crv":"P-256","x":"X","y":"Y","ext":true})
        );
        assert_eq!(public_members(&ec, JwsAlg::Rs256), None);
        let p384 = serde_json::json!({"kty":"EC","crv":"P-384","x":"X","y":"Y"});
        assert_eq!(public_members(&p384, JwsAlg::Es256), None);
        let private = serde_json::json!({"kty":"EC","crv":"P-256","x":"X","y":"Y","d":"D"});
        assert_eq!(public_members(&private, JwsAlg::Es256), None);
        let enc = serde_json::json!({"kty":"RSA","n":"N","e":"AQAB","use":"enc"});
        assert_eq!(public_members(&enc, JwsAlg::Rs256), None);
        let rsa = serde_json::json!({"kty":"RSA","n":"N","e":"AQAB","alg":"RS256"});
        assert_eq!(public_members(&rsa, JwsAlg::Rs256).unwrap()["n"], "N");
        let wrong_alg = serde_json::json!({"kty":"RSA","n":"N","e":"AQAB","alg":"RS512"});
        assert_eq!(public_members(&wrong_alg, JwsAlg::Rs256), None);
        assert_eq!(JwsAlg::parse("HS256"), None);
        assert_eq!(JwsAlg::parse("none"), None);
    }

    #[test]
    fn keys_are_selected_by_kid_and_algorithm() {
        let ec = json!({"kty":"EC","crv":"P-256","x":"X","y":"Y","kid":"e1"});
        let ec2 = json!({"kty":"EC","crv":"P-256","x":"X2","y":"Y2","kid":"e2"});
        let rsa = json!({"kty":"RSA","n":"N","e":"AQAB","kid":"r1"});
        let set = json!({"keys": [ec, ec2, rsa]});
        assert_eq!(select(&set, Some("e2"), JwsAlg::Es256).unwrap()["x"], "X2");
        assert_eq!(select(&set, Some("r1"), JwsAlg::Rs256).unwrap()["n"], "N");
        assert_eq!(select(&set, None, JwsAlg::Rs256).unwrap()["kid"], "r1");
        assert!(select(&set, None, JwsAlg::Es256).is_err(), "ambiguous without kid");
        assert!(select(&set, Some("r1"), JwsAlg::Es256).is_err(), "kid of another algorithm");
        assert!(select(&set, Some("nope"), JwsAlg::Es256).is_err());
        assert!(select(&json!({}), None, JwsAlg::Es256).is_err());
    }
}
