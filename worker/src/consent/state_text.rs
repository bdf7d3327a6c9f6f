//! The consent state as text: `<nonce>.<expires>.<mac>`, split (unchecked) and written. Pure (base64 only), so it
//! is also compiled natively by the fuzz targets in `fuzz/`; the MAC itself is checked in `state.rs`.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};

/// A state as it arrives, split but unchecked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedState {
    /// The nonce (22 base64url characters).
    pub nonce: String,
    /// When it expires.
    pub expires_at: i64,
    /// The MAC bytes.
    pub mac: Vec<u8>,
}

/// Splits `<nonce>.<expires>.<mac>`; `None` for anything else.
pub fn parse(state: &str) -> Option<ParsedState> {
    let mut parts = state.split('.');
    let (nonce, exp, mac) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || nonce.len() != 22 || exp.is_empty() || exp.len() > 12 {
        return None;
    }
    if !nonce.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return None;
    }
    let expires_at = exp.bytes().all(|b| b.is_ascii_digit()).then(|| exp.parse().ok()).flatten()?;
    let mac = URL_SAFE_NO_PAD.decode(mac).ok().filter(|m| m.len() == 32)?;
    Some(ParsedState { nonce: nonce.to_owned(), expires_at, mac })
}

/// The state text.
pub fn format(nonce: &str, expires_at: i64, mac: &[u8]) -> String {
    format!("{nonce}.{expires_at}.{}", URL_SAFE_NO_PAD.encode(mac))
}
