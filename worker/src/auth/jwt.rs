//! The session token as text: a compact JWS split and decoded (not verified), and the rules its claims must meet.
//! Pure (serde_json, base64 and the core only), so it is also compiled natively by the fuzz targets in `fuzz/`.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use kravkit::ids::PartIdentifikator;
use serde_json::Value;

/// The longest session a token may describe, in seconds (`exp - iat`).
pub const MAX_SESSION_SECS: i64 = 15 * 60;
/// Clock skew tolerated on `iat` and `nbf`, in seconds.
pub const LEEWAY_SECS: i64 = 30;
/// The most parties one session may name.
pub const MAX_PARTIES: usize = 200;
/// The longest token accepted, in bytes.
pub const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// A verified session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// `sub`: the user at the bank.
    pub sub: String,
    /// `parties`: whom the user may act for.
    pub parties: Vec<PartIdentifikator>,
}

impl Session {
    /// Whether the session may act for `party`.
    pub fn may_act_for(&self, party: &PartIdentifikator) -> bool {
        self.parties.contains(party)
    }
}

/// A compact JWS, split and decoded, not yet verified.
#[derive(Debug)]
pub struct Jwt {
    /// The protected header.
    pub header: Value,
    /// The claims.
    pub payload: Value,
    /// `header.payload` as sent.
    pub signing_input: String,
    /// The signature bytes.
    pub signature: Vec<u8>,
}

fn b64_json(part: &str) -> Option<Value> {
    let bytes = URL_SAFE_NO_PAD.decode(part).ok()?;
    serde_json::from_slice::<Value>(&bytes).ok().filter(Value::is_object)
}

/// Splits and decodes a compact JWS.
pub fn split(token: &str) -> Result<Jwt, &'static str> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err("the token is too long");
    }
    let mut parts = token.split('.');
    let (h, p, s) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(p), Some(s), None) => (h, p, s),
        _ => return Err("the token is not a compact JWS (header.payload.signature)"),
    };
    let header = b64_json(h).ok_or("the token header is not base64url JSON")?;
    let payload = b64_json(p).ok_or("the token payload is not base64url JSON")?;
    let signature = URL_SAFE_NO_PAD.decode(s).map_err(|_| "the token signature is not base64url")?;
    Ok(Jwt { header, payload, signing_input: format!("{h}.{p}"), signature })
}

/// What the claims must say.
pub struct ClaimRules<'a> {
    /// The required `iss`.
    pub issuer: &'a str,
    /// The required `aud` (or one of them).
    pub audience: &'a str,
    /// Now, in seconds.
    pub now: i64,
}

/// The latest NumericDate accepted (the year 5138): beyond it a time claim is nonsense, and keeping every time
/// under it keeps `exp - iat` and the other sums far from overflow.
const MAX_NUMERIC_DATE: f64 = 1e11;

/// A JWT NumericDate (RFC 7519 §2): whole seconds since the epoch, fractions dropped. None when negative, not
/// finite or beyond [`MAX_NUMERIC_DATE`].
fn numeric_date(f: f64) -> Option<i64> {
    (f.is_finite() && (0.0..=MAX_NUMERIC_DATE).contains(&f)).then_some(f as i64)
}

/// Checks the claims of a verified token.
pub fn check_claims(claims: &Value, rules: &ClaimRules<'_>) -> Result<Session, String> {
    let s = |k: &str| claims.get(k).and_then(Value::as_str);
    let n = |k: &str| claims.get(k).and_then(Value::as_f64).and_then(numeric_date);
    if s("iss") != Some(rules.issuer) {
        return Err("the token's iss is not the configured issuer".into());
    }
    let aud_ok = match claims.get("aud") {
        Some(Value::String(a)) => a == rules.audience,
        Some(Value::Array(list)) => list.iter().any(|a| a.as_str() == Some(rules.audience)),
        _ => false,
    };
    if !aud_ok {
        return Err("the token's aud does not name this service".into());
    }
    let sub = s("sub").filter(|v| !v.is_empty() && v.len() <= 256).ok_or("the token has no usable sub")?;
    let iat = n("iat").ok_or("the token has no iat")?;
    let exp = n("exp").ok_or("the token has no exp")?;
    if exp <= rules.now {
        return Err("the token has expired".into());
    }
    if iat > rules.now + LEEWAY_SECS {
        return Err("the token's iat is in the future".into());
    }
    if exp <= iat || exp - iat > MAX_SESSION_SECS {
        return Err(format!("the token's exp must be after iat and at most {MAX_SESSION_SECS} s later"));
    }
    if claims.get("nbf").is_some() {
        let nbf = n("nbf").ok_or("the token's nbf is not a number")?;
        if nbf > rules.now + LEEWAY_SECS {
            return Err("the token is not valid yet (nbf)".into());
        }
    }
    let list = claims.get("parties").and_then(Value::as_array).ok_or("the token has no parties array")?;
    if list.len() > MAX_PARTIES {
        return Err(format!("the token names more than {MAX_PARTIES} parties"));
    }
    let parties = list
        .iter()
        .map(|p| p.as_str().and_then(|p| PartIdentifikator::parse(p).ok()))
        .collect::<Option<Vec<_>>>()
        .ok_or("the token's parties holds something that is not an organisasjonsnummer or fødselsnummer")?;
    Ok(Session { sub: sub.to_owned(), parties })
}

#[cfg(test)]
#[path = "jwt_tests.rs"]
mod tests;
